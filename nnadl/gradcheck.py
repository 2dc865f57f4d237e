r"""Gradients by central differences, to check backpropagation against.

For a parameter :math:`p` the central difference

.. math:: \frac{\partial C}{\partial p} \approx \frac{C(p + \epsilon) - C(p - \epsilon)}{2\epsilon}

has an error of order :math:`\epsilon^2`. It needs two evaluations of the cost *per
parameter*, where backpropagation needs one forward and one backward pass for all of
them: that difference is what "backpropagation is fast" means (chapter 2).
"""

from __future__ import annotations

import itertools
import time
from typing import NamedTuple

import numpy as np

from . import _checks
from .network2 import Network

__all__ = [
    "best_of",
    "GradientTiming",
    "gradient_timings",
    "log_log_slope",
    "numerical_gradient",
    "numerical_network_gradient",
    "numerical_delta",
    "path_sum_gradient",
    "relative_error",
]


# --8<-- [start:numerical_gradient]
def numerical_gradient(f, p, eps=1e-5):
    r"""Central-difference gradient of the scalar function ``f()`` with respect to the array ``p``.

    ``p`` is perturbed in place, one entry at a time, and restored exactly afterwards;
    ``f`` takes no arguments and reads ``p`` itself (typically through a network that
    holds ``p`` as one of its weight matrices).

    Parameters
    ----------
    f : callable () -> float
    p : ndarray of float, any shape
        Modified during the call, unchanged after it.
    eps : float, default 1e-5

    Returns
    -------
    ndarray of the same shape as ``p``

    Examples
    --------
    >>> p = np.array([1.0, 2.0])
    >>> g = numerical_gradient(lambda: float(np.sum(p ** 3)), p)
    >>> np.allclose(g, 3 * p ** 2), p.tolist()
    (True, [1.0, 2.0])
    """
    eps = _checks.real(eps, "eps", above=0)
    grad = np.empty_like(p, dtype=float)
    flat, grad_flat = p.reshape(-1), grad.reshape(-1)  # views: writing to flat writes to p
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        c_plus = f()
        flat[i] = old - eps
        c_minus = f()
        flat[i] = old
        grad_flat[i] = (c_plus - c_minus) / (2 * eps)
    return grad
# --8<-- [end:numerical_gradient]


def numerical_network_gradient(net, x, y, eps=1e-5):
    r"""The gradient of ``net``'s cost on ``(x, y)`` with respect to every bias and weight, numerically.

    The cost is ``net.cost.fn(net.feedforward(x), y)``, summed over the columns of ``x``.

    Parameters
    ----------
    net : nnadl.network2.Network
    x : ndarray of shape (n_in, m)
    y : ndarray of shape (n_out, m)
    eps : float, default 1e-5

    Returns
    -------
    nabla_b, nabla_w : lists of ndarray, shaped like ``net.biases`` and ``net.weights``

    Examples
    --------
    >>> from nnadl.network2 import Network
    >>> net = Network([3, 4, 2], seed=0)
    >>> x, y = np.ones((3, 1)), np.array([[1.0], [0.0]])
    >>> nb, nw = numerical_network_gradient(net, x, y)
    >>> bb, bw = net.backprop(x, y)
    >>> max(relative_error(n, b) for n, b in zip(nb + nw, bb + bw)) < 1e-7
    True
    """
    eps = _checks.real(eps, "eps", above=0)

    def cost():
        return float(net.cost.fn(net.feedforward(x), y))

    nabla_b = [numerical_gradient(cost, b, eps) for b in net.biases]
    nabla_w = [numerical_gradient(cost, w, eps) for w in net.weights]
    return nabla_b, nabla_w


def numerical_delta(net, x, y, l, eps=1e-5):
    r"""The error :math:`\delta^l = \partial C / \partial z^l` of layer ``l``, by perturbing :math:`z^l` itself.

    The network is fed forward to :math:`z^l`; each entry of :math:`z^l` is then nudged and
    the rest of the network run from there. This checks BP1 (``l = L``) and BP2 (``l < L``)
    directly, without going through the weights.

    Parameters
    ----------
    net : nnadl.network2.Network
    x : ndarray of shape (n_in, m)
    y : ndarray of shape (n_out, m)
    l : int
        Layer number as in the text, ``2 <= l <= L``.

    Returns
    -------
    ndarray of shape (n_l, m)

    Examples
    --------
    >>> from nnadl.network2 import Network
    >>> net = Network([2, 3, 2], seed=0)
    >>> x, y = np.array([[0.3], [-0.1]]), np.array([[0.0], [1.0]])
    >>> zs, activations = net.forward_pass(x)
    >>> d = net.output_error(zs[-1], activations[-1], y)
    >>> relative_error(numerical_delta(net, x, y, 3), d) < 1e-7
    True
    """
    L, eps = net.num_layers, _checks.real(eps, "eps", above=0)
    if not 2 <= _checks.whole(l, "layer l") <= L:
        raise ValueError(f"layer l must satisfy 2 <= l <= L = {L}; got {l}")
    zs, _ = net.forward_pass(x)
    z_l = zs[l - 2].copy()
    sigmas = net.sigma  # sigmas[i] belongs to layer i + 2

    def cost():
        a = sigmas[l - 2].fn(z_l)
        for b, w, sigma in zip(net.biases[l - 1:], net.weights[l - 1:], sigmas[l - 1:]):  # layers l+1, ..., L
            a = sigma.fn(w @ a + b)
        return float(net.cost.fn(a, y))

    return numerical_gradient(cost, z_l, eps)


# --8<-- [start:path_sum_gradient]
def path_sum_gradient(net, x, y, l, j, k):
    r"""The derivative :math:`\partial C / \partial w^l_{jk}` as an explicit sum over every path to the cost.

    Each path :math:`a^l_j \to a^{l+1}_q \to \cdots \to a^L_m` contributes the product of its
    rate factors :math:`\partial a^{i}_q / \partial a^{i-1}_p = \sigma'(z^i_q)\, w^i_{qp}`,
    started by :math:`\partial a^l_j / \partial w^l_{jk} = \sigma'(z^l_j)\, a^{l-1}_k` and ended
    by :math:`\partial C / \partial a^L_m`. The number of paths is the product of the sizes of
    layers :math:`l+1, \dots, L`: this is for small networks, to see what backpropagation adds up.

    Parameters
    ----------
    net : nnadl.network2.Network
    x : ndarray of shape (n_in, 1) or (n_in,)
    y : ndarray of shape (n_out, 1) or (n_out,)
    l, j, k : int
        The weight :math:`w^l_{jk}`, with ``l`` numbered as in the text (``2 <= l <= L``).

    Returns
    -------
    float

    Examples
    --------
    >>> from nnadl.network2 import Network
    >>> net = Network([2, 2, 2], seed=0)
    >>> x, y = np.array([0.5, 0.1]), np.array([1.0, 0.0])
    >>> _, nabla_w = net.backprop(x, y)
    >>> bool(np.isclose(path_sum_gradient(net, x, y, 2, 1, 0), nabla_w[0][1, 0], rtol=1e-12))
    True
    """
    if net.sigma[-1].name == "softmax":
        raise ValueError("path_sum_gradient needs elementwise activations; a softmax output couples all outputs")
    x, y = net._columns(x), net._targets(y)
    L = net.num_layers
    l = _checks.whole(l, "l", minimum=2, maximum=L)
    j = _checks.whole(j, "j", minimum=0, maximum=net.sizes[l - 1] - 1)
    k = _checks.whole(k, "k", minimum=0, maximum=net.sizes[l - 2] - 1)
    sigma_prime = {i: act.prime for i, act in enumerate(net.sigma, start=2)}
    zs, activations = net.forward_pass(x)
    a = dict(enumerate(activations, start=1))
    z = dict(enumerate(zs, start=2))
    w = dict(enumerate(net.weights, start=2))
    dC_da = net.cost.derivative(a[L], y)
    first = sigma_prime[l](z[l])[j, 0] * a[l - 1][k, 0]  # d a^l_j / d w^l_jk
    total = 0.0
    # One path = one neuron in each of the layers l+1, ..., L.
    for path in itertools.product(*(range(net.sizes[i - 1]) for i in range(l + 1, L + 1))):
        rate, p = first, j
        for i, q in zip(range(l + 1, L + 1), path):
            rate *= sigma_prime[i](z[i])[q, 0] * w[i][q, p]  # d a^i_q / d a^{i-1}_p
            p = q
        total += rate * dC_da[p, 0]
    return float(total)
# --8<-- [end:path_sum_gradient]


def relative_error(a, b):
    r"""The largest difference between ``a`` and ``b``, relative to their size: :math:`\max|a-b| / \max(|a| + |b|)`.

    Returns 0 when both are zero. Below about 1e-7 two gradients agree as well as
    central differences in float64 can tell.

    Examples
    --------
    >>> relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-9])) < 1e-9
    True
    >>> relative_error(np.zeros(3), np.zeros(3))
    0.0
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    scale = np.max(np.abs(a) + np.abs(b))
    return 0.0 if scale == 0 else float(np.max(np.abs(a - b)) / scale)


def best_of(fn, repeat):
    r"""The shortest of ``repeat`` runs of ``fn()``, in seconds: the least disturbed run.

    On a shared machine other work only ever adds time, so the minimum is the best estimate
    of what ``fn`` itself costs.

    Examples
    --------
    >>> t = best_of(lambda: sum(range(1000)), repeat=5)
    >>> 0 < t < 1
    True
    """
    best = float("inf")
    for _ in range(_checks.whole(repeat, "repeat", minimum=1)):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


class GradientTiming(NamedTuple):
    """One row of :func:`gradient_timings` (``._asdict()`` gives it as a dict with these keys)."""

    width: int
    parameters: int
    backprop_seconds: float
    finite_difference_seconds: float
    ratio: float
    max_relative_error: float


def gradient_timings(widths, *, backprop_repeat, numerical_repeat, seed=0):
    r"""Time finite differences against backpropagation on networks :math:`[n, n, 10]`, one ``n`` per width.

    For each width the network's weights come from ``seed`` and one training example (input
    uniform in :math:`[0, 1)`, desired output the digit 3) from ``seed + 1``. The gradient is
    computed both ways (:func:`numerical_network_gradient` and ``Network.backprop``), each
    timed by :func:`best_of`, and the two gradients are compared: if they disagreed, the
    timing would mean nothing.

    Parameters
    ----------
    widths : iterable of int
        The hidden (and input) layer sizes ``n``.
    backprop_repeat, numerical_repeat : int
        How many runs of each the best time is taken over (backpropagation is fast enough
        to want many; finite differences on a wide network are slow).
    seed : int, default 0

    Returns
    -------
    list of GradientTiming
        ``(width, parameters, backprop_seconds, finite_difference_seconds, ratio,
        max_relative_error)`` per width, with ``ratio`` = finite differences / backprop.

    Examples
    --------
    >>> rows = gradient_timings((2, 4), backprop_repeat=3, numerical_repeat=1)
    >>> [(r.width, r.parameters) for r in rows]
    [(2, 36), (4, 70)]
    >>> all(r.max_relative_error < 1e-7 and r.ratio > 0 for r in rows)
    True
    """
    backprop_repeat = _checks.whole(backprop_repeat, "backprop_repeat", minimum=1)
    numerical_repeat = _checks.whole(numerical_repeat, "numerical_repeat", minimum=1)
    seed = _checks.whole(seed, "seed", minimum=0)
    rows = []
    for n in widths:
        net = Network([n, n, 10], seed=seed)
        rng = np.random.default_rng(seed + 1)
        x, y = rng.random((n, 1)), np.eye(10)[:, [3]]
        params = sum(w.size for w in net.weights) + sum(b.size for b in net.biases)
        t_backprop = best_of(lambda: net.backprop(x, y), backprop_repeat)
        numerical = []  # the timed runs' result, kept: finite differences are the slow side
        t_numerical = best_of(lambda: numerical.append(numerical_network_gradient(net, x, y)), numerical_repeat)
        nb, nw = net.backprop(x, y)
        mb, mw = numerical[-1]
        err = max(relative_error(p, q) for p, q in zip(nb + nw, mb + mw))
        rows.append(GradientTiming(n, int(params), t_backprop, t_numerical, t_numerical / t_backprop, err))
    return rows


def log_log_slope(x, y):
    r"""The slope of :math:`\log y` against :math:`\log x` (least squares): ``y`` grows like ``x ** slope``.

    Examples
    --------
    >>> round(log_log_slope([1, 10, 100], [3, 30, 300]), 4)
    1.0
    """
    return float(np.polyfit(np.log(np.asarray(x, float)), np.log(np.asarray(y, float)), 1)[0])
