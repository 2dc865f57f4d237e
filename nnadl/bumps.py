r"""Chapter 4's building blocks: a sigmoid neuron as a step, two steps as a bump, bumps as a staircase.

With one input, :math:`\sigma(wx + b)` steps from 0 to 1 at :math:`s = -b/w` when :math:`w` is
large (:func:`step_position`, :func:`step_bias`, :func:`step_neuron`). Two steps at
:math:`s_1 < s_2` whose outputs are weighted :math:`+h` and :math:`-h` make a *bump* of height
:math:`h` on :math:`[s_1, s_2]` (:func:`bump`); side by side, :math:`N` bumps of width
:math:`1/N` make a staircase that follows a function on :math:`[0, 1]` (:func:`bump_edges`,
:func:`bump_heights`, :func:`bump_sum`). :mod:`nnadl.universality` writes them into networks.
"""

from __future__ import annotations

import numpy as np

from . import _checks
from .activations import sigmoid

__all__ = ["STEEPNESS", "bump", "bump_edges", "bump_heights", "bump_sum", "sigmoid_inverse", "step_bias",
           "step_neuron", "step_position", "step_weight"]

STEEPNESS = 100.0  # default w = STEEPNESS * n_bumps
MAX_NEURONS = 10**6  # more hidden neurons (bumps, pieces, copies, grid points) than chapter 4 draws: refused
MAX_STEEPNESS = 1e100  # a steeper step is already exact to float64; beyond, w * x can overflow


def sigmoid_inverse(a):
    r"""The inverse of the sigmoid, :math:`\sigma^{-1}(a) = \ln\frac{a}{1 - a}`, for :math:`0 < a < 1`.

    Parameters
    ----------
    a : ndarray of any shape, values in (0, 1)

    Returns
    -------
    ndarray of the same shape as ``a``

    Raises
    ------
    ValueError
        If a value lies outside the open interval (0, 1), which no sigmoid neuron outputs.

    Examples
    --------
    >>> float(sigmoid_inverse(0.5))
    0.0
    >>> round(float(sigmoid(sigmoid_inverse(0.2))), 12)
    0.2
    """
    a = np.asarray(a, dtype=float)
    if not np.all((a > 0) & (a < 1)):
        raise ValueError(
            f"sigma^-1 needs values in (0, 1); got values from {a.min()} to {a.max()} "
            "(a sigmoid output neuron cannot reach them: use output='linear' or rescale f)"
        )
    return np.log(a) - np.log1p(-a)


# --8<-- [start:step]
def step_position(w, b):
    r"""Where the neuron :math:`\sigma(wx + b)` steps: :math:`s = -b/w`, the point where :math:`wx + b = 0`.

    Examples
    --------
    >>> step_position(1000.0, -400.0)
    0.4
    """
    w, b = _checks.reals(w, "w"), _checks.reals(b, "b")
    if np.any(w == 0):
        raise ValueError("w must not be 0: a neuron with no steepness has no step")
    return -b / w


def step_bias(s, w):
    r"""The bias that puts the step of :math:`\sigma(wx + b)` at ``s``: :math:`b = -ws`.

    Examples
    --------
    >>> step_bias(0.4, 1000.0)
    -400.0
    """
    return -_checks.reals(w, "w") * _checks.reals(s, "s")


def step_neuron(x, s, w):
    r"""The output :math:`\sigma(w(x - s)) = \sigma(wx + b)` of a neuron stepping at ``s``.

    As :math:`w \to \infty` it tends to 0 for :math:`x < s` and 1 for :math:`x > s`; at
    :math:`x = s` it is always 1/2.

    Parameters
    ----------
    x : ndarray of any shape
    s : float
        Step position.
    w : float
        Weight; the step rises from 0.02 to 0.98 over a width of about :math:`8/w`.

    Examples
    --------
    >>> step_neuron(np.array([0.39, 0.4, 0.41]), 0.4, 1000.0).round(4).tolist()
    [0.0, 0.5, 1.0]
    """
    w = _checks.reals(w, "w")
    return sigmoid(w * np.asarray(x, dtype=float) + step_bias(s, w))
# --8<-- [end:step]


# --8<-- [start:bump]
def bump(x, s1, s2, h, w):
    r"""A bump of height ``h`` on :math:`[s_1, s_2]`: :math:`h\,\sigma(w(x - s_1)) - h\,\sigma(w(x - s_2))`.

    Two hidden neurons, stepping at :math:`s_1` and :math:`s_2`, with output weights
    :math:`+h` and :math:`-h`.

    Examples
    --------
    >>> bump(np.array([0.1, 0.5, 0.9]), 0.4, 0.6, 0.8, 1000.0).round(6).tolist()
    [0.0, 0.8, 0.0]
    """
    h, s1, s2 = _checks.reals(h, "h"), _checks.reals(s1, "s1"), _checks.reals(s2, "s2")
    return h * step_neuron(x, s1, w) - h * step_neuron(x, s2, w)
# --8<-- [end:bump]


def _count(n_bumps):
    """``n_bumps`` by the number rule: a whole number, at least one, at most :data:`MAX_NEURONS`."""
    n_bumps = _checks.whole(n_bumps, "n_bumps", maximum=MAX_NEURONS)
    if n_bumps < 1:
        raise ValueError(f"need at least one bump; got n_bumps={n_bumps}")
    return n_bumps


def bump_edges(n_bumps, offset=0.0, lo=0.0, hi=1.0):
    r"""Step positions of ``n_bumps`` bumps of width :math:`d = (hi - lo)/N` covering :math:`[lo, hi]`.

    The interior step points are :math:`lo + \text{offset} + kd` (those strictly inside
    the interval); with ``offset > 0`` there is one more, narrower bump at each end, as
    needed by the shifted copies of :func:`fixed_up_approximation`. The outermost edges
    are moved :math:`d/2` outside :math:`[lo, hi]` (see the module docstring).

    Parameters
    ----------
    n_bumps : int
    offset : float, default 0
        Shift of the interior steps, :math:`0 \le \text{offset} < d`.
    lo, hi : float
        The interval, :math:`[0, 1]` by default.

    Returns
    -------
    edges : ndarray of shape (n + 1,)
        Bump :math:`j` lies between ``edges[j]`` and ``edges[j + 1]``;
        ``n = n_bumps`` without offset, ``n_bumps + 1`` with one.
    mids : ndarray of shape (n,)
        Midpoints of the bumps' parts inside :math:`[lo, hi]`, where the heights are taken.

    Examples
    --------
    >>> edges, mids = bump_edges(4)
    >>> edges.tolist(), mids.tolist()
    ([-0.125, 0.25, 0.5, 0.75, 1.125], [0.125, 0.375, 0.625, 0.875])
    >>> bump_edges(2, offset=0.25)[0].tolist()
    [-0.25, 0.25, 0.75, 1.25]
    """
    n_bumps = _count(n_bumps)
    lo, hi, offset = _checks.real(lo, "lo"), _checks.real(hi, "hi"), _checks.real(offset, "offset")
    d = (hi - lo) / n_bumps
    if not d > 0:
        raise ValueError(f"lo={lo} to hi={hi} leaves no room for {n_bumps} bumps; need lo < hi")
    if not 0 <= offset < d:
        raise ValueError(f"offset must lie in [0, {d}) (one bump width); got {offset}")
    inner = lo + offset + d * np.arange(n_bumps + 1)
    inner = inner[(inner > lo + 1e-12 * d) & (inner < hi - 1e-12 * d)]
    clipped = np.concatenate([[lo], inner, [hi]])
    mids = (clipped[:-1] + clipped[1:]) / 2
    edges = clipped.copy()
    edges[0] -= d / 2
    edges[-1] += d / 2
    return edges, mids


def bump_heights(f, mids, output="sigmoid"):
    r"""Bump heights that make the network's output follow ``f``: :math:`\sigma^{-1}(f(m_j))` or :math:`f(m_j)`.

    Parameters
    ----------
    f : callable, ndarray -> ndarray
    mids : ndarray of shape (n,)
        Midpoints of the bumps.
    output : {"sigmoid", "linear"}, default "sigmoid"
        The output neuron: with ``"sigmoid"`` the heights go through :math:`\sigma^{-1}`.

    Returns
    -------
    ndarray of shape (n,)

    Examples
    --------
    >>> bump_heights(lambda x: x, np.array([0.5, 0.25]), output="linear").tolist()
    [0.5, 0.25]
    >>> bump_heights(lambda x: x, np.array([0.5]), output="sigmoid").tolist()
    [0.0]
    """
    values = np.asarray(f(np.asarray(mids, dtype=float)), dtype=float)
    if output == "sigmoid":
        return sigmoid_inverse(values)
    if output == "linear":
        return values
    raise ValueError(f"unknown output {output!r}; expected 'sigmoid' or 'linear'")


def step_weight(w, n_bumps):
    """The weight of every step neuron: ``w``, or by default :data:`STEEPNESS` times ``n_bumps``."""
    n_bumps = _count(n_bumps)
    return STEEPNESS * n_bumps if w is None else _checks.real(w, "w", -MAX_STEEPNESS, MAX_STEEPNESS)


# --8<-- [start:bump_sum]
def bump_sum(x, edges, heights, w):
    r"""The weighted output of the hidden layer: :math:`\sum_j h_j\,[\sigma(w(x - s_j)) - \sigma(w(x - s_{j+1}))]`.

    Parameters
    ----------
    x : ndarray of shape (m,)
    edges : ndarray of shape (n + 1,)
        Step positions :math:`s_0 < \dots < s_n`; bump :math:`j` lies on :math:`[s_j, s_{j+1}]`.
    heights : ndarray of shape (n,)
    w : float

    Returns
    -------
    ndarray of shape (m,)

    Examples
    --------
    >>> edges, mids = bump_edges(2)
    >>> bump_sum(np.array([0.25, 0.75]), edges, np.array([0.3, 0.7]), 1000.0).round(6).tolist()
    [0.3, 0.7]
    """
    x = np.asarray(x, dtype=float).reshape(1, -1)
    edges = np.asarray(edges, dtype=float).reshape(-1, 1)
    heights = np.asarray(heights, dtype=float)
    return heights @ (step_neuron(x, edges[:-1], w) - step_neuron(x, edges[1:], w))
# --8<-- [end:bump_sum]
