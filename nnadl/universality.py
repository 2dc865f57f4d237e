r"""Chapter 4: a visual proof that neural nets can compute any function, as real networks.

The chapter's argument in four steps, each a function here (the first two, the steps and bumps,
are :mod:`nnadl.bumps`):

1. A sigmoid neuron with a large weight is almost a step function. With one input,
   :math:`\sigma(wx + b)` steps from 0 to 1 at :math:`s = -b/w` (:func:`step_position`,
   :func:`step_bias`, :func:`step_neuron`).
2. Two steps at :math:`s_1 < s_2` whose outputs are weighted :math:`+h` and :math:`-h`
   make a *bump* of height :math:`h` on :math:`[s_1, s_2]` (:func:`bump`). Side by side,
   :math:`N` bumps of width :math:`1/N` make a staircase that follows a function on
   :math:`[0, 1]` (:func:`bump_sum`).
3. The staircase is the weighted output :math:`\sum_j w_j a_j` of a hidden layer; the output
   neuron then applies :math:`\sigma`. So, as in the book, the bump heights are
   :math:`\sigma^{-1}(f)` at the bump midpoints and the output neuron's bias is 0: the
   network's output then approximates :math:`f` itself (this needs :math:`0 < f < 1`).
   :func:`build_network` writes that network into the weights and biases of an
   :class:`nnadl.network2.Network` of sizes ``[1, 2 * n_bumps, 1]``.
4. With two inputs, an x-bump and a y-bump feeding one more sigmoid neuron with bias
   :math:`-3h/2` make a *tower*, and towers on a grid approximate a function of two
   variables (:func:`tower`, :func:`build_tower_network`).

Then the chapter's two extensions: other neurons (two rectified linear units make a step,
and one hidden layer of ReLUs interpolates :math:`f` piecewise linearly,
:func:`relu_step`, :func:`build_relu_network`), and "fixing up the step functions" by adding
:math:`M` copies of the approximation to :math:`\sigma^{-1}(f)/M` with their steps shifted
by :math:`1/M` of a bump (:func:`fixed_up_approximation`, :func:`build_fixed_up_network`).
:func:`error_vs_neurons` and :func:`approximate_to_accuracy` measure how the maximum error
falls as hidden neurons are added.

Two choices that the book leaves open, and how they are made here:

- **Output neuron.** ``output="sigmoid"`` (the default: the book's construction) uses
  heights :math:`\sigma^{-1}(f(m_j))`, so needs :math:`0 < f < 1`; ``output="linear"`` uses
  heights :math:`f(m_j)` and an output neuron with the identity activation
  (:data:`LINEAR`), i.e. the weighted output itself is the approximation, for any real
  :math:`f`.
- **The ends of** :math:`[0, 1]`. A step placed exactly at 0 would be half-way up at
  :math:`x = 0`, a failure window at the edge of the domain. The outermost steps are
  therefore moved half a bump outside :math:`[0, 1]`; the heights are still :math:`f` at the
  midpoints of the bumps' parts inside :math:`[0, 1]`.

Steepness: ``w=None`` means :math:`w = 100 N` for :math:`N` bumps, so that each step rises
from 0.02 to 0.98 within 8% of a bump's width and the network looks like the book's
pictures. Measured on :func:`book_function`, *smoother* steps (:math:`w \approx 10N`) give
about half the maximum error: the error of a steep staircase sits at its jumps, and a
gradual step averages the two neighbouring heights there.
"""

from __future__ import annotations

import numpy as np

from . import _checks
from .activations import Activation, relu, sigmoid
from .bumps import (
    MAX_NEURONS,
    MAX_STEEPNESS,
    STEEPNESS,
    bump,
    bump_edges,
    bump_heights,
    bump_sum,
    sigmoid_inverse,
    step_bias,
    step_neuron,
    step_position,
    step_weight,
)
from .network2 import Network

__all__ = [
    "book_function",
    "LINEAR",
    "sigmoid_inverse",
    "step_position",
    "step_bias",
    "step_neuron",
    "bump",
    "bump_edges",
    "bump_heights",
    "bump_sum",
    "approximation",
    "build_network",
    "fixed_up_approximation",
    "build_fixed_up_network",
    "relu_step",
    "relu_interpolation",
    "build_relu_network",
    "tower",
    "build_tower_network",
    "max_error",
    "error_vs_neurons",
    "approximate_to_accuracy",
]

MAX_TOWER_BUMPS = 100  # a tower network has 4 n**3 weights: 4e6 at 100 bumps a side

# The identity, for output neurons whose output is their weighted input (``output="linear"``).
LINEAR = Activation("linear", lambda z: np.asarray(z, dtype=float), lambda z: np.ones_like(z, dtype=float))


# --8<-- [start:book_function]
def book_function(x):
    r"""The chapter's example, :math:`f(x) = 0.2 + 0.4x^2 + 0.3x\sin(15x) + 0.05\cos(50x)`.

    On :math:`[0, 1]` it stays between about 0.095 and 0.853, inside :math:`(0, 1)`, so a
    sigmoid output neuron can reach every value.

    Parameters
    ----------
    x : ndarray of any shape

    Returns
    -------
    ndarray of the same shape as ``x``

    Examples
    --------
    >>> round(float(book_function(0.0)), 12)
    0.25
    >>> y = book_function(np.linspace(0, 1, 1001))
    >>> round(float(y.min()), 3), round(float(y.max()), 3)
    (0.095, 0.853)
    """
    x = np.asarray(x, dtype=float)
    return 0.2 + 0.4 * x**2 + 0.3 * x * np.sin(15 * x) + 0.05 * np.cos(50 * x)
# --8<-- [end:book_function]


# --8<-- [start:approximation]
def approximation(x, f=book_function, n_bumps=5, w=None, *, output="sigmoid"):
    r"""The output of the one-hidden-layer approximation to ``f`` with ``n_bumps`` bumps, computed directly.

    With ``output="sigmoid"`` this is :math:`\sigma(\sum_j h_j\,\text{bump}_j(x))` with
    :math:`h_j = \sigma^{-1}(f(m_j))`, exactly what the network of :func:`build_network`
    computes; with ``output="linear"`` it is :math:`\sum_j f(m_j)\,\text{bump}_j(x)`.

    Parameters
    ----------
    x : ndarray of shape (m,)
    f : callable, default :func:`book_function`
    n_bumps : int, default 5
    w : float, optional
        Steepness of the steps; default :math:`100 \cdot` ``n_bumps``.
    output : {"sigmoid", "linear"}, default "sigmoid"

    Returns
    -------
    ndarray of shape (m,)

    Examples
    --------
    >>> x = np.linspace(0, 1, 1001)
    >>> round(float(np.max(np.abs(approximation(x, n_bumps=50) - book_function(x)))), 3)
    0.062
    """
    edges, mids = bump_edges(n_bumps)
    heights = bump_heights(f, mids, output)
    z = bump_sum(x, edges, heights, step_weight(w, n_bumps))
    return sigmoid(z) if output == "sigmoid" else z
# --8<-- [end:approximation]


def _one_hidden_layer(parts, w, output="sigmoid"):
    """A Network([1, 2 * sum(n_j), 1]) holding the bumps of every ``(edges, heights)`` pair of ``parts``."""
    s1 = np.concatenate([e[:-1] for e, _ in parts])
    s2 = np.concatenate([e[1:] for e, _ in parts])
    h = np.concatenate([heights for _, heights in parts])
    n = len(h)
    # Hidden neurons 2j and 2j + 1 are the two steps of bump j.
    steps = np.empty(2 * n)
    steps[0::2], steps[1::2] = s1, s2
    out = np.empty(2 * n)
    out[0::2], out[1::2] = h, -h
    net = Network([1, 2 * n, 1], output_activation=LINEAR if output == "linear" else None)
    net.weights = [np.full((2 * n, 1), w), out.reshape(1, -1)]
    net.biases = [step_bias(steps, w).reshape(-1, 1), np.zeros((1, 1))]
    return net


# --8<-- [start:build_network]
def build_network(f=book_function, n_bumps=5, w=None, *, output="sigmoid"):
    r"""A :class:`~nnadl.network2.Network` of sizes ``[1, 2 * n_bumps, 1]`` whose output approximates ``f`` on [0, 1].

    Hidden neurons :math:`2j` and :math:`2j + 1` step at the two edges of bump :math:`j`
    (weight :math:`w`, bias :math:`-ws`); their output weights are :math:`+h_j` and
    :math:`-h_j` with :math:`h_j = \sigma^{-1}(f(m_j))`; the output neuron's bias is 0.
    ``net.feedforward(x)`` equals :func:`approximation` ``(x, f, n_bumps, w, output=output)``.

    Parameters
    ----------
    f : callable with values in (0, 1) on [0, 1], default :func:`book_function`
    n_bumps : int, default 5
    w : float, optional
        Steepness; default :math:`100 \cdot` ``n_bumps``.
    output : {"sigmoid", "linear"}, default "sigmoid"
        ``"linear"``: heights :math:`f(m_j)` and an output neuron with the identity
        activation (:data:`LINEAR`, passed as ``output_activation``), so any real ``f`` works.

    Returns
    -------
    Network

    Examples
    --------
    >>> net = build_network(n_bumps=5, w=1000.0)
    >>> net.sizes, net.weights[0].shape, net.weights[1].shape
    ([1, 10, 1], (10, 1), (1, 10))
    >>> x = np.array([0.1, 0.5, 0.2])  # two bump midpoints and a step point
    >>> net.feedforward(x.reshape(1, -1)).round(4).tolist(), book_function(x).round(4).tolist()
    ([[0.2481, 0.4903, 0.168]], [0.2481, 0.4903, 0.1825])
    """
    edges, mids = bump_edges(n_bumps)
    return _one_hidden_layer([(edges, bump_heights(f, mids, output))], step_weight(w, n_bumps), output)
# --8<-- [end:build_network]


# --8<-- [start:fixed_up]
def _fixed_up_parts(f, n_bumps, copies, output):
    copies = _checks.whole(copies, "copies", maximum=MAX_NEURONS)
    if copies < 1:
        raise ValueError(f"need at least one copy; got copies={copies}")
    edges, mids = bump_edges(n_bumps)  # copy 0, unshifted; also checks n_bumps before 1 / n_bumps
    parts = [(edges, bump_heights(f, mids, output) / copies)]
    d = 1.0 / n_bumps
    for k in range(1, copies):
        edges, mids = bump_edges(n_bumps, offset=k * d / copies)
        parts.append((edges, bump_heights(f, mids, output) / copies))
    return parts


def fixed_up_approximation(x, f=book_function, n_bumps=5, w=None, *, copies=2, output="sigmoid"):
    r"""The book's fix for the failure windows: ``copies`` approximations to :math:`\sigma^{-1}(f)/M`, added.

    Copy :math:`k = 0, \dots, M-1` has its steps shifted by :math:`k/M` of a bump width, so a
    point in a failure window of one copy lies well inside a bump of the others; each copy's
    heights are divided by :math:`M` so that the sum approximates :math:`\sigma^{-1}(f)`.

    Parameters
    ----------
    x : ndarray of shape (m,)
    f : callable, default :func:`book_function`
    n_bumps : int, default 5
        Bumps per copy (the shifted copies have one more, narrower, at each end).
    w : float, optional
        Steepness; default :math:`100 \cdot` ``n_bumps``.
    copies : int, default 2
        :math:`M`; ``copies=1`` is :func:`approximation`.
    output : {"sigmoid", "linear"}, default "sigmoid"

    Returns
    -------
    ndarray of shape (m,)

    Examples
    --------
    >>> x = np.linspace(0, 1, 1001)
    >>> one = np.max(np.abs(approximation(x, n_bumps=20) - book_function(x)))
    >>> two = np.max(np.abs(fixed_up_approximation(x, n_bumps=20) - book_function(x)))
    >>> bool(two < 0.6 * one)
    True
    """
    w = step_weight(w, n_bumps)
    z = sum(bump_sum(x, e, h, w) for e, h in _fixed_up_parts(f, n_bumps, copies, output))
    return sigmoid(z) if output == "sigmoid" else z


def build_fixed_up_network(f=book_function, n_bumps=5, w=None, *, copies=2):
    r"""The network computing :func:`fixed_up_approximation` (sigmoid output), as a :class:`~nnadl.network2.Network`.

    All copies share one hidden layer: two neurons per bump of every copy, so
    :math:`2(MN + M - 1)` hidden neurons for :math:`M` copies of :math:`N` bumps.

    Examples
    --------
    >>> net = build_fixed_up_network(n_bumps=5, copies=2)
    >>> net.sizes
    [1, 22, 1]
    >>> x = np.linspace(0, 1, 11)
    >>> bool(np.allclose(net.feedforward(x.reshape(1, -1))[0], fixed_up_approximation(x, n_bumps=5)))
    True
    """
    return _one_hidden_layer(_fixed_up_parts(f, n_bumps, copies, "sigmoid"), step_weight(w, n_bumps))
# --8<-- [end:fixed_up]


# --8<-- [start:relu]
def relu_step(x, s, w):
    r"""A step made of two rectified linear units: :math:`\text{relu}(w(x-s) + \tfrac12) - \text{relu}(w(x-s) - \tfrac12)`.

    It is 0 for :math:`x \le s - \frac{1}{2w}`, 1 for :math:`x \ge s + \frac{1}{2w}` and linear
    in between. A ReLU has no limit as :math:`z \to \infty`, so the book's argument does not
    apply to one ReLU, but two of them make a step and everything built from steps follows.

    Examples
    --------
    >>> relu_step(np.array([0.0, 0.5, 1.0]), 0.5, 10.0).tolist()
    [0.0, 0.5, 1.0]
    """
    z = _checks.reals(w, "w") * (np.asarray(x, dtype=float) - _checks.reals(s, "s"))
    return relu(z + 0.5) - relu(z - 0.5)


def _relu_knots(f, n_pieces):
    n_pieces = _checks.whole(n_pieces, "n_pieces", minimum=1, maximum=MAX_NEURONS)
    knots = np.linspace(0.0, 1.0, n_pieces + 1)
    values = np.asarray(f(knots), dtype=float)
    slopes = np.diff(values) / np.diff(knots)
    # Output weight of hidden neuron k = change of slope at knot k (slope 0 before x = 0).
    return knots, values, np.diff(slopes, prepend=0.0)


def relu_interpolation(x, f=book_function, n_pieces=10):
    r"""The piecewise-linear interpolant of ``f`` at ``n_pieces + 1`` equally spaced knots, as a sum of ReLUs.

    .. math:: \hat f(x) = f(0) + \sum_{k=0}^{n-1} c_k\,\text{relu}(x - x_k),

    where :math:`c_k` is the change of slope at knot :math:`x_k = k/n`. One hidden ReLU per
    piece; the error of linear interpolation falls like :math:`1/n^2`
    (at most :math:`\max|f''|/(8n^2)`).

    Examples
    --------
    >>> relu_interpolation(np.array([0.0, 0.25, 0.5]), lambda x: x**2, n_pieces=2).tolist()
    [0.0, 0.125, 0.25]
    """
    knots, values, c = _relu_knots(f, n_pieces)
    x = np.asarray(x, dtype=float).reshape(1, -1)
    return values[0] + c @ relu(x - knots[:-1].reshape(-1, 1))


def build_relu_network(f=book_function, n_pieces=10):
    r"""A :class:`~nnadl.network2.Network` of sizes ``[1, n_pieces, 1]``, ReLU hidden neurons, computing :func:`relu_interpolation`.

    Hidden neuron :math:`k` has weight 1 and bias :math:`-x_k`; the output neuron has
    weights :math:`c_k`, bias :math:`f(0)` and the identity activation (:data:`LINEAR`), so
    ``f`` may take any real values.

    Examples
    --------
    >>> net = build_relu_network(n_pieces=50)
    >>> net.sizes, net.activation.name, net.output_activation.name
    ([1, 50, 1], 'relu', 'linear')
    >>> x = np.linspace(0, 1, 1001)
    >>> round(float(np.max(np.abs(net.feedforward(x.reshape(1, -1))[0] - book_function(x)))), 3)
    0.008
    """
    knots, values, c = _relu_knots(f, n_pieces)
    n = len(c)
    net = Network([1, n, 1], activation="relu", output_activation=LINEAR)
    net.weights = [np.ones((n, 1)), c.reshape(1, -1)]
    net.biases = [-knots[:-1].reshape(-1, 1), np.array([[values[0]]])]
    return net
# --8<-- [end:relu]


# --8<-- [start:tower]
def tower(x, y, x_bump, y_bump, w, h=40.0):
    r"""A tower of height about 1 over the rectangle ``x_bump`` × ``y_bump``: :math:`\sigma(h(B_x + B_y) - 3h/2)`.

    :math:`B_x` is the unit bump on :math:`[s_1, s_2]` in :math:`x` (two step neurons with
    output weights :math:`+h, -h`) and :math:`B_y` the same in :math:`y`. Their sum is
    about 2 on the rectangle, 1 on the rest of the cross through it and 0 elsewhere; the
    bias :math:`-3h/2` keeps only the rectangle: the neuron's output is :math:`\sigma(h/2)`
    there, :math:`\sigma(-h/2)` on the cross, :math:`\sigma(-3h/2)` elsewhere.

    Parameters
    ----------
    x, y : ndarray of the same shape
    x_bump, y_bump : pair of float
    w : float
        Steepness of the four step neurons.
    h : float, default 40
        Weight from the step neurons to the tower neuron; larger is a sharper threshold.

    Examples
    --------
    >>> tower(np.array([0.5, 0.5, 0.1]), np.array([0.5, 0.1, 0.1]), (0.4, 0.6), (0.4, 0.6), 1000.0).round(6).tolist()
    [1.0, 0.0, 0.0]
    """
    bx = bump(x, x_bump[0], x_bump[1], 1.0, w)
    by = bump(y, y_bump[0], y_bump[1], 1.0, w)
    h = _checks.reals(h, "h")
    return sigmoid(h * (bx + by) - 1.5 * h)


def build_tower_network(f, n_bumps=5, w=None, h=40.0):
    r"""A network of sizes ``[2, 4 * n_bumps, n_bumps**2, 1]`` approximating ``f(x, y)`` on the unit square.

    Layer 2 holds the step neurons: for each bump :math:`i`, one stepping in :math:`x` at
    each of its edges, then the same in :math:`y`. Layer 3 holds one tower neuron per grid
    cell :math:`(i, j)`, with weights :math:`+h, -h` from the x-steps of bump :math:`i` and
    the y-steps of bump :math:`j` and bias :math:`-3h/2` (see :func:`tower`). The output
    neuron weights tower :math:`(i, j)` by :math:`\sigma^{-1}(f)` at the cell's midpoint,
    with bias 0.

    The construction has failure windows of its own at the corners of the cells: where
    four cells meet, every x- and y-bump is half-way up, no tower neuron passes its
    threshold and the output is :math:`\sigma(0) = 1/2` whatever :math:`f` is. Those
    windows have a width of order :math:`1/w`, so with :math:`w \propto N` they cover a
    fixed small fraction of the square (about 0.1% with the defaults): the *mean* error
    falls like :math:`1/N`, the *maximum* error does not.

    Parameters
    ----------
    f : callable (x, y) -> ndarray, values in (0, 1)
    n_bumps : int, default 5
        Bumps per axis: ``n_bumps**2`` towers.
    w : float, optional
        Steepness of the steps; default :math:`100 \cdot` ``n_bumps``.
    h : float, default 40
        Weight into the tower neurons.

    Returns
    -------
    Network
        Input columns are points :math:`(x, y)`.

    Examples
    --------
    >>> g = lambda x, y: 0.2 + 0.3 * x + 0.4 * y * y
    >>> net = build_tower_network(g, n_bumps=4)
    >>> net.sizes
    [2, 16, 16, 1]
    >>> p = np.array([[0.125], [0.625]])  # the middle of a cell
    >>> round(float(net.feedforward(p)[0, 0]), 4), round(float(g(0.125, 0.625)), 4)
    (0.3938, 0.3938)
    """
    n_bumps = _checks.whole(n_bumps, "n_bumps", maximum=MAX_TOWER_BUMPS)
    w, h = step_weight(w, n_bumps), _checks.real(h, "h")
    edges, mids = bump_edges(n_bumps)
    n = len(mids)
    steps = np.empty(2 * n)
    steps[0::2], steps[1::2] = edges[:-1], edges[1:]
    # Layer 2: rows 0..2n-1 step in x, rows 2n..4n-1 step in y.
    w2 = np.zeros((4 * n, 2))
    w2[: 2 * n, 0] = w
    w2[2 * n:, 1] = w
    b2 = np.tile(step_bias(steps, w), 2).reshape(-1, 1)
    # Layer 3: tower (i, j) is row i * n + j.
    w3 = np.zeros((n * n, 4 * n))
    for i in range(n):
        for j in range(n):
            row = w3[i * n + j]
            row[2 * i], row[2 * i + 1] = h, -h
            row[2 * n + 2 * j], row[2 * n + 2 * j + 1] = h, -h
    b3 = np.full((n * n, 1), -1.5 * h)
    mx, my = np.meshgrid(mids, mids, indexing="ij")
    heights = sigmoid_inverse(np.asarray(f(mx, my), dtype=float)).reshape(1, -1)
    net = Network([2, 4 * n, n * n, 1])
    net.weights = [w2, w3, heights]
    net.biases = [b2, b3, np.zeros((1, 1))]
    return net
# --8<-- [end:tower]


def max_error(approx, f=book_function, n_grid=10001):
    r"""The maximum of :math:`|\text{approx}(x) - f(x)|` over ``n_grid`` equally spaced points of [0, 1].

    Parameters
    ----------
    approx : callable or Network
        A function of an array of shape (m,), or a one-input network.
    f : callable, default :func:`book_function`
    n_grid : int, default 10001

    Returns
    -------
    float

    Examples
    --------
    >>> round(max_error(lambda x: x**2, lambda x: x**2 + 0.1), 12)
    0.1
    >>> round(max_error(build_network(n_bumps=10)), 3)
    0.234
    """
    x = np.linspace(0.0, 1.0, _checks.whole(n_grid, "n_grid", minimum=2, maximum=MAX_NEURONS))
    if isinstance(approx, Network):
        values = approx.feedforward(x.reshape(1, -1))[0]
    else:
        values = np.asarray(approx(x), dtype=float)
    return float(np.max(np.abs(values - f(x))))


# --8<-- [start:error_vs_neurons]
def error_vs_neurons(f=book_function, n_bumps=(2, 5, 10, 20, 50, 100, 200), *, construction="bumps",
                     steepness=STEEPNESS, copies=2, n_grid=10001):
    r"""Maximum error over [0, 1] against the number of hidden neurons, for a plot.

    Parameters
    ----------
    f : callable, default :func:`book_function`
    n_bumps : sequence of int
        Bumps (``"bumps"``; per copy for ``"fixed_up"``) or linear pieces (``"relu"``).
    construction : {"bumps", "fixed_up", "relu"}, default "bumps"
        :func:`build_network`, :func:`build_fixed_up_network` or :func:`build_relu_network`.
    steepness : float, default 100
        Step weight per bump, :math:`w = \text{steepness} \cdot N` (ignored for ``"relu"``).
    copies : int, default 2
        :math:`M` for ``"fixed_up"``.
    n_grid : int, default 10001

    Returns
    -------
    n_hidden : ndarray of int, shape (k,)
    errors : ndarray of float, shape (k,)

    Examples
    --------
    >>> n_hidden, errors = error_vs_neurons(n_bumps=(5, 50))
    >>> n_hidden.tolist(), errors.round(3).tolist()
    ([10, 100], [0.448, 0.062])
    """
    steepness = _checks.real(steepness, "steepness", above=0, maximum=MAX_STEEPNESS / MAX_NEURONS)
    copies = _checks.whole(copies, "copies", 1, MAX_NEURONS)
    n_grid = _checks.whole(n_grid, "n_grid", minimum=2, maximum=MAX_NEURONS)
    n_hidden, errors = [], []
    for n in n_bumps:
        if construction == "bumps":
            net = build_network(f, n, steepness * n)
        elif construction == "fixed_up":
            net = build_fixed_up_network(f, n, steepness * n, copies=copies)
        elif construction == "relu":
            net = build_relu_network(f, n)
        else:
            raise ValueError(f"unknown construction {construction!r}; expected 'bumps', 'fixed_up' or 'relu'")
        n_hidden.append(net.sizes[1])
        errors.append(max_error(net, f, n_grid))
    return np.array(n_hidden), np.array(errors)
# --8<-- [end:error_vs_neurons]


# --8<-- [start:approximate_to_accuracy]
def approximate_to_accuracy(epsilon, f=book_function, *, start=5, max_bumps=100_000,
                            steepness=STEEPNESS, n_grid=10001):
    r"""A network whose output is within ``epsilon`` of ``f`` on a fine grid of [0, 1]: the chapter's claim, run.

    Doubles the number of bumps, starting from ``start``, with the steepness growing with
    them (:math:`w = \text{steepness} \cdot N`), until the maximum error over ``n_grid``
    points is below ``epsilon``.

    Parameters
    ----------
    epsilon : float
        Requested accuracy.
    f : callable with values in (0, 1), default :func:`book_function`
    start : int, default 5
    max_bumps : int, default 100000
    steepness : float, default 100
    n_grid : int, default 10001
        The grid should be much finer than the bumps; the error is only measured on it.

    Returns
    -------
    net : Network
        Of sizes ``[1, 2 * n_bumps, 1]``.
    error : float
        The maximum error achieved on the grid.

    Raises
    ------
    RuntimeError
        If more than ``max_bumps`` bumps would be needed.

    Examples
    --------
    >>> net, error = approximate_to_accuracy(0.05)
    >>> net.sizes, round(error, 3)
    ([1, 160, 1], 0.039)
    """
    epsilon = _checks.real(epsilon, "epsilon", above=0)
    steepness = _checks.real(steepness, "steepness", above=0, maximum=MAX_STEEPNESS / MAX_NEURONS)
    max_bumps = _checks.whole(max_bumps, "max_bumps", minimum=1, maximum=MAX_NEURONS)
    n = _checks.whole(start, "start", minimum=1, maximum=max_bumps)
    while n <= max_bumps:
        net = build_network(f, n, steepness * n)
        error = max_error(net, f, n_grid)
        if error < epsilon:
            return net, error
        n *= 2
    raise RuntimeError(f"no approximation within {epsilon} with at most {max_bumps} bumps")
# --8<-- [end:approximate_to_accuracy]
