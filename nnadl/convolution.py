r"""Convolution and max-pooling (chapter 6), each next to its backward pass: the steps one by one.

Images are arrays of shape ``(m, c, h, w)``: examples, feature maps, rows, columns (examples
are rows here, batch first, unlike :mod:`nnadl.network`, where they are columns). Filters have
shape ``(n_filters, n_input_feature_maps, fh, fw)``, as in ``network3``.

"Convolution" is the book's equation (125), a cross-correlation,

.. math:: z_{f,j,k} = b_f + \sum_{c} \sum_{l=0}^{f_h-1} \sum_{m=0}^{f_w-1} w_{f,c,l,m}\, a_{c,\,j+l,\,k+m},

"valid" (no padding) and with stride 1. It is what PyTorch and most frameworks call
convolution. Theano's ``conv2d``, used by ``network3``, flips the filter (a true
convolution): a filter ``w`` trained by ``network3`` is ``w[:, :, ::-1, ::-1]`` here.

Everything is vectorized: the convolution is a matrix product with the "im2col" matrix built
by :func:`~numpy.lib.stride_tricks.sliding_window_view`; the only Python loops run over the
:math:`f_h f_w` filter taps (adding the input gradient back) and the positions inside a pooling
window, never over pixels or examples. Max-pooling routes the gradient of each window to its
maximum; when several inputs tie for the maximum, it is split equally between them (what a
central difference measures at a two-way tie).

The layers of :mod:`nnadl.layers` compute the same numbers (tested); :class:`nnadl.layers.ConvPoolLayer`
fuses these steps; :mod:`nnadl.layers` says why.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from . import _checks

__all__ = ["col2im", "conv_backward", "conv_forward", "im2col", "max_pool", "max_pool_backward"]


def _two_positive(v, what):
    """``v`` as a pair of whole numbers >= 1 (a poolsize, a filter's height and width), or a ValueError naming ``what``."""
    if isinstance(v, (str, bytes)) or np.ndim(v) != 1 or len(v) != 2:  # "22" is no pair; int() would take it
        raise ValueError(f"{what} must be 2 positive integers; got {v!r}")
    return tuple(_checks.whole(s, what, minimum=1) for s in v)


def _pool(poolsize, shape):
    """``poolsize`` as a pair no larger than the images of ``shape`` (n, c, h, w): a window of 10**12
    rows would otherwise be looped over, one empty row at a time."""
    ph, pw = _two_positive(poolsize, "poolsize")
    if ph > shape[2] or pw > shape[3]:
        raise ValueError(f"poolsize {(ph, pw)} is larger than the {shape[2]}x{shape[3]} images it would pool")
    return ph, pw


# --8<-- [start:im2col]
def im2col(x, fh, fw, poolsize=(1, 1), out=None):
    r"""The "im2col" matrix of ``x``: every ``fh`` by ``fw`` patch, one column per output position.

    ``cols[i, (c, l, m), (j, k)] = x[i, c, j + l, k + m]``, so that a valid convolution is the
    matrix product ``w.reshape(n_filters, -1) @ cols[i]``. The windows come from
    :func:`~numpy.lib.stride_tricks.sliding_window_view` (a view, no copy) and are copied once
    into a contiguous array, which BLAS needs.

    With a ``poolsize`` ``(ph, pw)`` other than ``(1, 1)`` the columns are grouped for max-pooling:
    output position :math:`(p\,p_h + r,\; q\,p_w + s)` becomes column
    :math:`((r, s), (p, q))`, i.e. all first positions of the pooling windows, then all second
    positions, ... Max-pooling is then an elementwise maximum of :math:`p_h p_w` contiguous
    blocks (:class:`ConvPoolLayer` uses this). Positions that pooling ignores (the border left
    over when the size is not a multiple of the window) are left out.

    Parameters
    ----------
    x : ndarray of shape (m, c, h, w)
    fh, fw : int
        Filter height and width.
    poolsize : (int, int), default (1, 1)
    out : ndarray, optional
        A buffer of the right shape and dtype to write into (saves allocating a large array
        on every call).

    Returns
    -------
    ndarray of shape (m, c * fh * fw, ph * pw * hp * wp)
        With ``hp = (h - fh + 1) // ph`` and ``wp = (w - fw + 1) // pw``; for ``poolsize=(1, 1)``
        that is ``(h - fh + 1) * (w - fw + 1)`` positions in row-major order.

    Examples
    --------
    >>> x = np.arange(9.0).reshape(1, 1, 3, 3)
    >>> im2col(x, 2, 2)[0].tolist()  # columns: the 4 positions of a 2x2 window
    [[0.0, 1.0, 3.0, 4.0], [1.0, 2.0, 4.0, 5.0], [3.0, 4.0, 6.0, 7.0], [4.0, 5.0, 7.0, 8.0]]
    >>> im2col(np.arange(16.0).reshape(1, 1, 4, 4), 1, 1, (2, 2))[0, 0].tolist()  # grouped
    [0.0, 2.0, 8.0, 10.0, 1.0, 3.0, 9.0, 11.0, 4.0, 6.0, 12.0, 14.0, 5.0, 7.0, 13.0, 15.0]
    """
    m, c, h, w = x.shape
    fh, fw = _checks.whole(fh, "fh", minimum=1, maximum=h), _checks.whole(fw, "fw", minimum=1, maximum=w)
    ph, pw = _two_positive(poolsize, "poolsize")
    if ph > h - fh + 1 or pw > w - fw + 1:
        raise ValueError(f"poolsize {(ph, pw)} is larger than the {h - fh + 1}x{w - fw + 1} image it would pool")
    hp, wp = (h - fh + 1) // ph, (w - fw + 1) // pw
    windows = sliding_window_view(x, (fh, fw), axis=(2, 3))  # (m, c, ho, wo, fh, fw), a view
    windows = windows[:, :, :hp * ph, :wp * pw].reshape(m, c, hp, ph, wp, pw, fh, fw)  # still a view
    cols = np.empty((m, c, fh, fw, ph, pw, hp, wp), dtype=x.dtype) if out is None else \
        out.reshape(m, c, fh, fw, ph, pw, hp, wp)
    np.copyto(cols, windows.transpose(0, 1, 6, 7, 3, 5, 2, 4))
    return cols.reshape(m, c * fh * fw, ph * pw * hp * wp)
# --8<-- [end:im2col]


# --8<-- [start:conv_forward]
def conv_forward(x, w, b=None):
    r"""Valid, stride-1 convolution (cross-correlation, equation (125)) of ``x`` with filters ``w``.

    .. math:: z_{i,f,j,k} = b_f + \sum_{c,l,m} w_{f,c,l,m}\, x_{i,c,j+l,k+m}

    computed as one matrix product per example, ``w.reshape(n_filters, -1) @ cols``.

    Parameters
    ----------
    x : ndarray of shape (m, c, h, w)
        Input feature maps, batch first.
    w : ndarray of shape (n_filters, c, fh, fw)
    b : ndarray of shape (n_filters,), optional
        One bias per filter (shared by all positions).

    Returns
    -------
    z : ndarray of shape (m, n_filters, h - fh + 1, w - fw + 1)
    cols : ndarray of shape (m, c * fh * fw, (h - fh + 1) * (w - fw + 1))
        The :func:`im2col` matrix, kept for :func:`conv_backward`.

    Examples
    --------
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> w = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])  # x[j, k] - x[j+1, k+1]
    >>> z, cols = conv_forward(x, w, np.array([0.5]))
    >>> z.shape, z[0, 0].tolist()[0]
    ((1, 1, 3, 3), [-4.5, -4.5, -4.5])
    """
    m, c, h, width = x.shape
    n_filters, c_w, fh, fw = w.shape
    if c != c_w:
        raise ValueError(f"x has {c} feature maps but the filters w of shape {w.shape} expect {c_w}")
    # --8<-- [start:eq125]
    cols = im2col(x, fh, fw)
    z = np.matmul(w.reshape(n_filters, -1), cols)  # (m, n_filters, ho * wo): one GEMM per example
    z = z.reshape(m, n_filters, h - fh + 1, width - fw + 1)
    if b is not None:
        z += b.reshape(1, n_filters, 1, 1)
    # --8<-- [end:eq125]
    return z, cols
# --8<-- [end:conv_forward]


# --8<-- [start:conv_backward]
def conv_backward(delta, cols, w, x_shape, need_input_grad=True):
    r"""Gradients of a cost :math:`C` through :func:`conv_forward`, given :math:`\delta = \partial C/\partial z`.

    .. math::

        \frac{\partial C}{\partial w_{f,c,l,m}} = \sum_{i,j,k} \delta_{i,f,j,k}\, x_{i,c,j+l,k+m}, \qquad
        \frac{\partial C}{\partial b_f} = \sum_{i,j,k} \delta_{i,f,j,k}, \qquad
        \frac{\partial C}{\partial x_{i,c,p,q}} = \sum_{f,l,m} w_{f,c,l,m}\, \delta_{i,f,p-l,q-m}.

    The first is a matrix product with the im2col matrix; the last multiplies :math:`\delta` by
    :math:`w^T` (one column per output position) and adds each of the :math:`f_h f_w` filter
    taps back at its offset ("col2im"): the only loop, over taps, not pixels.

    Parameters
    ----------
    delta : ndarray of shape (m, n_filters, ho, wo)
    cols : ndarray of shape (m, c * fh * fw, ho * wo)
        From :func:`conv_forward`.
    w : ndarray of shape (n_filters, c, fh, fw)
    x_shape : tuple (m, c, h, w)
    need_input_grad : bool, default True
        ``False`` skips :math:`\partial C / \partial x` (not needed for a network's first layer).

    Returns
    -------
    nabla_x : ndarray of shape (m, c, h, w), or None
    nabla_w : ndarray of shape (n_filters, c, fh, fw)
    nabla_b : ndarray of shape (n_filters,)

    Examples
    --------
    >>> x = np.ones((2, 1, 3, 3)); w = np.ones((1, 1, 2, 2))
    >>> z, cols = conv_forward(x, w)
    >>> nx, nw, nb = conv_backward(np.ones_like(z), cols, w, x.shape)  # C = sum(z)
    >>> nw[0, 0].tolist(), nb.tolist(), nx[0, 0].tolist()
    ([[8.0, 8.0], [8.0, 8.0]], [8.0], [[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]])
    """
    m, c, h, width = x_shape
    n_filters, _, fh, fw = w.shape
    ho, wo = h - fh + 1, width - fw + 1
    d = delta.reshape(m, n_filters, ho * wo)
    nabla_b = d.sum(axis=(0, 2))
    # sum over examples i of delta_i @ cols_i^T: one GEMM per example, then a small sum
    nabla_w = np.matmul(d, cols.transpose(0, 2, 1)).sum(axis=0).reshape(w.shape)
    if not need_input_grad:
        return None, nabla_w, nabla_b
    d_wide = np.zeros((m, n_filters, ho, width), dtype=delta.dtype)  # delta, zero-padded to width w
    d_wide[..., :wo] = delta
    nabla_x = col2im(d_wide, w, x_shape)
    return nabla_x, nabla_w, nabla_b
# --8<-- [end:conv_backward]


def col2im(d_wide, w, x_shape, dcols=None):
    r""":math:`\partial C/\partial x` from :math:`\delta` padded with zeros to the input's width, shape (m, f, ho, w).

    ``dcols`` is an optional buffer of shape (m, c * fh * fw, ho * w).
    """
    m, c, h, width = x_shape
    n_filters, _, fh, fw = w.shape
    ho = h - fh + 1
    dcols = np.matmul(w.reshape(n_filters, -1).T, d_wide.reshape(m, n_filters, ho * width), out=dcols)
    dcols = dcols.reshape(m, c, fh, fw, ho * width)  # dC/dcols, one row per filter tap
    # Tap (l, mm) of output (j, k) touched x[j + l, k + mm], flat index (j * w + k) + (l * w + mm)
    # of a row-major image. With delta padded to the full width w, the outputs of each tap are
    # one contiguous run of that flat image, shifted by l * w + mm: fh * fw long additions
    # instead of one per pixel (the padding adds zeros; fw - 1 spare entries take its overrun).
    flat = np.zeros((m, c, h * width + fw - 1), dtype=d_wide.dtype)
    for l in range(fh):
        for mm in range(fw):
            start = l * width + mm
            flat[:, :, start:start + ho * width] += dcols[:, :, l, mm]
    return flat[:, :, :h * width].reshape(x_shape)


# --8<-- [start:max_pool]
def max_pool(z, poolsize=(2, 2)):
    r"""Max-pooling over non-overlapping ``poolsize`` windows (``ignore_border=True``, as ``network3``).

    Rows and columns left over when the size is not a multiple of the window are dropped.
    The loop runs over the ``ph * pw`` positions inside a window, each a strided view of the
    whole batch.

    Parameters
    ----------
    z : ndarray of shape (m, f, h, w)
    poolsize : (int, int), default (2, 2)
        Window height and width.

    Returns
    -------
    ndarray of shape (m, f, h // ph, w // pw)

    Examples
    --------
    >>> z = np.array([[[[1.0, 2.0, 5.0], [3.0, 0.0, 9.0]]]])  # 2 x 3: last column dropped
    >>> max_pool(z).tolist()
    [[[[3.0]]]]
    """
    ph, pw = _pool(poolsize, z.shape)
    hp, wp = z.shape[2] // ph, z.shape[3] // pw
    pooled = None
    for i in range(ph):
        for j in range(pw):
            s = z[:, :, i:hp * ph:ph, j:wp * pw:pw]  # position (i, j) of every window
            pooled = s.copy() if pooled is None else np.maximum(pooled, s, out=pooled)
    return pooled
# --8<-- [end:max_pool]


# --8<-- [start:max_pool_backward]
def max_pool_backward(delta, z, pooled, poolsize=(2, 2)):
    r"""Route :math:`\partial C / \partial(\text{pooled})` back to the inputs that were the maximum.

    Each window's gradient goes to its maximum; inputs that were not the maximum get 0.
    **Ties**: when several inputs of a window equal the maximum, the gradient is split equally
    between them. For a two-way tie this is exactly what a central difference measures (raising
    one of the two by :math:`\epsilon` raises the max by :math:`\epsilon`, lowering it leaves the
    max unchanged: slope 1/2), so gradient checks pass with ties.

    Parameters
    ----------
    delta : ndarray of shape (m, f, hp, wp)
        :math:`\partial C / \partial(\text{pooled})`.
    z : ndarray of shape (m, f, h, w)
        The input of :func:`max_pool`.
    pooled : ndarray of shape (m, f, hp, wp)
        Its output.
    poolsize : (int, int), default (2, 2)

    Returns
    -------
    ndarray of shape (m, f, h, w)
        :math:`\partial C / \partial z`.

    Examples
    --------
    >>> z = np.array([[[[1.0, 4.0], [4.0, 0.0]]]])  # a tie between two 4s
    >>> max_pool_backward(np.ones((1, 1, 1, 1)), z, max_pool(z)).tolist()
    [[[[0.0, 0.5], [0.5, 0.0]]]]
    """
    ph, pw = _pool(poolsize, z.shape)
    expected = (*z.shape[:2], z.shape[2] // ph, z.shape[3] // pw)
    if pooled.shape != expected or delta.shape != expected:
        raise ValueError(f"delta and pooled have shapes {delta.shape} and {pooled.shape}; poolsize {(ph, pw)} "
                         f"on z of shape {z.shape} gives {expected}")
    hp, wp = pooled.shape[2], pooled.shape[3]
    windows = [(i, j) for i in range(ph) for j in range(pw)]
    is_max = [z[:, :, i:hp * ph:ph, j:wp * pw:pw] == pooled for i, j in windows]
    nabla_z = np.zeros(z.shape, dtype=delta.dtype)
    if sum(np.count_nonzero(mask) for mask in is_max) == delta.size:  # no ties: one max per window
        share = delta
    else:
        count = np.zeros(pooled.shape, dtype=delta.dtype)  # how many inputs equal the max
        for mask in is_max:
            count += mask
        share = delta / count
    for (i, j), mask in zip(windows, is_max):
        np.multiply(mask, share, out=nabla_z[:, :, i:hp * ph:ph, j:wp * pw:pw])
    return nabla_z
# --8<-- [end:max_pool_backward]

