r"""Artificially expanded training data: small shifts and rotations of digit images (chapter 3).

The book's ``expand_mnist.py`` turns 50,000 training images into 250,000 by adding four
copies of each, displaced by one pixel up, down, left and right. :func:`expand` does the
same and can add small random rotations, computed with bilinear interpolation in numpy
(no scipy). Everything returns new arrays; the inputs are never changed.

Images are rows of a matrix ``X`` of shape ``(n, side * side)`` (the network's array
form, 784 = 28 × 28 for MNIST) or a stack of shape ``(n, side, side)``; the result has
the same form. Labels travel with their images. Data in the book's list-of-pairs form
converts with :func:`nnadl.datasets.as_arrays` first.
"""

from __future__ import annotations

import math

import numpy as np

from . import _checks
from .datasets import _finite, _numbers, class_labels

__all__ = ["shift", "rotate", "expand"]

# The book's four displacements, (rows, columns): down, up, right, left.
BOOK_SHIFTS = ((1, 0), (-1, 0), (0, 1), (0, -1))


def _as_stack(X):
    """``X`` as a float stack of square images ``(n, side, side)``, and a function to restore its form."""
    X = np.asarray(X, dtype=float)
    if X.ndim == 3 and X.shape[1] == X.shape[2]:
        return X, lambda images: images
    if X.ndim == 2:
        side = math.isqrt(X.shape[1])
        if side * side == X.shape[1]:
            n = X.shape[0]
            return X.reshape(n, side, side), lambda images: images.reshape(n, side * side)
    raise ValueError(
        f"images have shape {X.shape}; expected (n, side * side), e.g. (n, 784), or (n, side, side)"
    )


def _pixels(value, name):
    """``value`` as an int number of pixels; 2.0 is 2, but 2.5 is refused rather than truncated."""
    if isinstance(value, (bool, np.bool_, complex, np.complexfloating)):
        raise ValueError(f"{name} must be a whole number of pixels; got {value!r}")
    try:
        as_int = int(value)
        whole = as_int == value
    except (TypeError, ValueError, OverflowError):
        whole = False
    if not whole:
        raise ValueError(f"{name} must be a whole number of pixels; got {value!r}")
    return as_int


# --8<-- [start:shift]
def shift(X, rows, cols):
    """Move every image ``rows`` pixels down and ``cols`` pixels right, filling with zeros.

    Negative values move up and left. Pixels pushed over the edge are lost, as in the
    book's ``expand_mnist.py`` (which uses ``np.roll`` and then blanks the row or column
    that wrapped around).

    Parameters
    ----------
    X : ndarray of shape (n, side * side) or (n, side, side)
    rows, cols : int
        Whole numbers of pixels (``2.0`` is 2); a fraction is refused, not truncated: a
        shift by part of a pixel needs interpolation, as :func:`rotate` does.

    Returns
    -------
    ndarray of the same shape as ``X``

    Examples
    --------
    >>> X = np.zeros((1, 9)); X[0, 4] = 1.0   # the centre of a 3 x 3 image
    >>> shift(X, 1, 0).reshape(3, 3).tolist()
    [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 1.0, 0.0]]
    >>> shift(X, 2.5, 0)
    Traceback (most recent call last):
    ...
    ValueError: rows must be a whole number of pixels; got 2.5
    """
    r, c = _pixels(rows, "rows"), _pixels(cols, "cols")
    images, restore = _as_stack(X)
    out = np.zeros_like(images)
    side = images.shape[1]
    if abs(r) < side and abs(c) < side:
        out[:, max(r, 0):side + min(r, 0), max(c, 0):side + min(c, 0)] = \
            images[:, max(-r, 0):side - max(r, 0), max(-c, 0):side - max(c, 0)]
    return restore(out)
# --8<-- [end:shift]


# --8<-- [start:rotate]
def rotate(X, degrees):
    r"""Rotate every image anticlockwise (as displayed, row 0 at the top) about its centre.

    Each output pixel :math:`p` takes the value of the input at :math:`R^{-1}(p - c) + c`,
    where :math:`c` is the image centre, interpolated bilinearly from the four pixels around
    that point; points outside the image count as 0 (background).

    Parameters
    ----------
    X : ndarray of shape (n, side * side) or (n, side, side)
    degrees : float or ndarray of shape (n,)
        One angle for all images, or one per image.

    Returns
    -------
    ndarray of the same shape as ``X``

    Examples
    --------
    >>> X = np.zeros((1, 3, 3)); X[0, 0, 2] = 1.0   # top-right corner
    >>> rotate(X, 90).round(12)[0].tolist()          # goes to the top-left
    [[1.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    >>> bool(np.array_equal(rotate(X, 0), X))
    True
    """
    images, restore = _as_stack(X)
    n, side, _ = images.shape
    degrees = np.asarray(degrees)
    if degrees.dtype.kind not in "iuf" or not np.isfinite(degrees).all():
        raise ValueError(f"degrees must be finite real numbers; got {degrees!r}")
    theta = np.deg2rad(np.broadcast_to(degrees.astype(float), (n,)))[:, None, None]
    cos, sin = np.cos(theta), np.sin(theta)
    centre = (side - 1) / 2
    r, c = np.meshgrid(np.arange(side) - centre, np.arange(side) - centre, indexing="ij")
    # Inverse rotation of the output grid, in (x right, y up) = (c, -r) coordinates:
    # x_src = cos x + sin y, y_src = -sin x + cos y.
    src_c = cos * c - sin * r + centre
    src_r = sin * c + cos * r + centre
    r0, c0 = np.floor(src_r), np.floor(src_c)
    fr, fc = src_r - r0, src_c - c0
    r0, c0 = r0.astype(int), c0.astype(int)
    k = np.arange(n)[:, None, None]
    out = np.zeros_like(images)
    for dr, dc, weight in ((0, 0, (1 - fr) * (1 - fc)), (0, 1, (1 - fr) * fc),
                           (1, 0, fr * (1 - fc)), (1, 1, fr * fc)):
        rr, cc = r0 + dr, c0 + dc
        inside = (rr >= 0) & (rr < side) & (cc >= 0) & (cc < side)
        pixel = images[k, np.clip(rr, 0, side - 1), np.clip(cc, 0, side - 1)]
        out += np.where(inside, weight * pixel, 0.0)
    return restore(out)
# --8<-- [end:rotate]


# --8<-- [start:expand]
def expand(X, y, *, shifts=BOOK_SHIFTS, rotations=0, max_degrees=10.0, shuffle=True, seed=None):
    """The original images plus shifted and rotated copies, with their labels.

    With the defaults this is the book's ``expand_mnist.py``: each image and its four
    one-pixel shifts, shuffled, five times the data.

    Parameters
    ----------
    X : ndarray of shape (n, side * side) or (n, side, side)
    y : ndarray of shape (n,) (labels) or (n, k) (e.g. one-hot rows)
    shifts : sequence of (rows, cols), default the book's four one-pixel shifts
        One shifted copy of every image per entry; ``()`` for none.
    rotations : int, default 0
        Number of rotated copies of every image, each by an angle drawn uniformly from
        ``[-max_degrees, max_degrees]``.
    max_degrees : float, default 10
    shuffle : bool, default True
        Shuffle the result (the book does), images and labels together.
    seed : int or numpy.random.Generator, optional
        Seeds the angles and the shuffle.

    Returns
    -------
    X_expanded : ndarray of shape (n * (1 + len(shifts) + rotations), ...)
        Same trailing shape as ``X``.
    y_expanded : ndarray
        ``y`` repeated to match, row for row.

    Examples
    --------
    >>> X = np.arange(2 * 784, dtype=float).reshape(2, 784) / 1568; y = np.array([3, 7])
    >>> Xe, ye = expand(X, y, rotations=1, seed=0)
    >>> Xe.shape, ye.shape, sorted(ye.tolist())
    ((12, 784), (12,), [3, 3, 3, 3, 3, 3, 7, 7, 7, 7, 7, 7])
    """
    X, y = _numbers(X, "X"), np.asarray(y)  # the rule of every entry point (nnadl.datasets)
    _finite(X, "X")
    if X.ndim < 2 or y.ndim == 0:
        raise ValueError(f"X has shape {X.shape} and y {y.shape}; expected images (n, ...) and one label per image")
    y = class_labels(y, "y") if y.ndim == 1 else _numbers(y, "y")
    _finite(y, "y")
    if len(y) != len(X):
        raise ValueError(f"X has {len(X)} images but y has {len(y)} labels")
    rotations = _checks.whole(rotations, "rotations", minimum=0, maximum=_checks.MAX_PARAMETERS // max(1, np.size(X)))
    max_degrees = _checks.real(max_degrees, "max_degrees", minimum=0) + 0.0  # -0.0 would make uniform(0.0, -0.0) fail
    rng = _checks.rng(seed)
    parts = [X]  # np.concatenate below copies, so the result never shares X's memory
    for rows, cols in shifts:
        parts.append(shift(X, rows, cols))
    for _ in range(rotations):
        parts.append(rotate(X, rng.uniform(-max_degrees, max_degrees, size=len(X))))
    X_out = np.concatenate(parts)
    y_out = np.concatenate([y] * len(parts))
    if shuffle:
        order = rng.permutation(len(X_out))
        X_out, y_out = X_out[order], y_out[order]
    return X_out, y_out
# --8<-- [end:expand]
