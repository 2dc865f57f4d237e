r"""Chapter 5: why are deep networks hard to train? The speed of learning of each layer, measured.

The book measures how fast hidden layer :math:`l` learns by the length of the gradient of
the cost with respect to that layer's biases,

.. math:: \left\| \frac{\partial C}{\partial b^l} \right\| = \|\delta^l\|, \qquad
          \delta^l = \frac{1}{n} \sum_x \delta^{x,l},

the error :math:`\delta^{x,l}` of each example averaged over :math:`n` training examples
*first* and the Euclidean norm taken *after* (the book's ``generate_gradient.py`` does
this over the first 1,000 training images). :func:`average_bias_gradient` and
:func:`layer_speeds` compute exactly that; :func:`initial_speeds` repeats it over seeds and
:func:`speeds_during_training` after every epoch of :meth:`~nnadl.network2.Network.SGD`.

Why the early layers are slower: in a chain of single neurons,

.. math:: \frac{\partial C}{\partial b_1} = \sigma'(z_1)\, w_2 \sigma'(z_2)\, w_3 \sigma'(z_3)\,
          w_4 \sigma'(z_4)\, \frac{\partial C}{\partial a_4},

a product with one factor :math:`w_j \sigma'(z_j)` per later layer; since
:math:`\sigma' \le 1/4`, each factor has :math:`|w_j \sigma'(z_j)| < 1/4` when
:math:`|w_j| < 1` (:func:`chain_terms`, :func:`chain_bias_gradients`). Make the weights
large (:math:`w = 100`) and choose the biases so that every :math:`z_j = 0`, and each
factor is :math:`100 \cdot 1/4 = 25`: the gradient *explodes* toward the early layers
(:func:`exploding_network`). Either way the gradient is unstable.

Which network the book measured: ``generate_gradient.py`` builds ``network2.Network``
with its defaults, the cross-entropy cost and weights from :math:`N(0, 1/n_{in})`, i.e.
``Network(sizes, cost="cross-entropy", weight_init="scaled")`` here. With 1,000 real digits
that gives speeds close to the book's for three hidden layers (about 0.012,
0.06, 0.28), each hidden layer about 5 times slower than the next. With the chapter-1
initialisation :math:`N(0, 1)` the first hidden layer is still the slowest, but the layers
are *more* even (the first about 5-10 times slower than the last instead of about 100
times with four hidden layers): large weights make the later factors :math:`w\sigma'(z)`
closer to 1 in size. ReLU hidden layers with ``weight_init="scaled"`` are the most even.

Indexing: the book numbers the neurons of the chain :math:`1, \dots, 4` from the first
hidden neuron; in :class:`~nnadl.network2.Network` ``[1, 1, 1, 1, 1]`` that neuron is layer 2,
so the book's :math:`w_j, b_j` are ``weights[j - 1]``, ``biases[j - 1]``.
"""

from __future__ import annotations

import numpy as np

from . import _checks
from .datasets import as_arrays
from .network2 import Network

__all__ = [
    "average_bias_gradient",
    "layer_speeds",
    "initial_speeds",
    "speeds_during_training",
    "chain_network",
    "chain_terms",
    "chain_bias_gradients",
    "zero_z_biases",
    "exploding_network",
]


# --8<-- [start:average_bias_gradient]
def average_bias_gradient(net, X, Y):
    r"""The gradient :math:`\partial C/\partial b^l = \frac{1}{n}\sum_x \delta^{x,l}` of every layer, averaged over the examples.

    One call of :meth:`~nnadl.network.Network.backprop` on all examples at once.

    Parameters
    ----------
    net : Network
    X : ndarray of shape (n, n_in)
        One example per row.
    Y : ndarray of shape (n, n_out), or integer labels of shape (n,)

    Returns
    -------
    list of ndarray
        ``L - 1`` arrays, of shapes ``(n_2,), ..., (n_L,)``: layers :math:`2, \dots, L`.

    Examples
    --------
    >>> net = Network([3, 4, 2], seed=0)
    >>> X, Y = np.ones((5, 3)), np.tile([1.0, 0.0], (5, 1))
    >>> [g.shape for g in average_bias_gradient(net, X, Y)]
    [(4,), (2,)]
    >>> nb, _ = net.backprop(X[0], Y[0])  # five equal examples: the average is one of them
    >>> bool(np.allclose(average_bias_gradient(net, X, Y)[0], nb[0].ravel()))
    True
    """
    X, Y = as_arrays((X, Y), net.sizes[0], net.sizes[-1])
    nabla_b, _ = net.backprop(X.T, Y.T)
    return [nb[:, 0] / len(X) for nb in nabla_b]
# --8<-- [end:average_bias_gradient]


# --8<-- [start:layer_speeds]
def layer_speeds(net, X, Y, *, include_output=False):
    r"""The speed of learning of each hidden layer, :math:`\|\delta^l\| = \|\partial C/\partial b^l\|`, averaged over the examples.

    Parameters
    ----------
    net : Network
    X : ndarray of shape (n, n_in)
    Y : ndarray of shape (n, n_out), or integer labels of shape (n,)
    include_output : bool, default False
        Also return the output layer's speed, as the last entry.

    Returns
    -------
    ndarray of shape (L - 2,), or (L - 1,) with the output layer
        Entry 0 is the first hidden layer (layer 2 in the text).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X, labels = rng.random((200, 784)), rng.integers(0, 10, 200)
    >>> speeds = layer_speeds(Network([784, 30, 30, 10], seed=1), X, labels)
    >>> speeds.shape, bool(speeds[0] < speeds[1])
    ((2,), True)
    """
    grads = average_bias_gradient(net, X, Y)
    if not include_output:
        grads = grads[:-1]
    return np.array([np.linalg.norm(g) for g in grads])
# --8<-- [end:layer_speeds]


def initial_speeds(sizes, X, Y, seeds=range(5), **network_kwargs):
    r"""Hidden-layer speeds :func:`layer_speeds` of freshly initialised networks, one row per seed.

    Parameters
    ----------
    sizes : sequence of int
        E.g. ``[784, 30, 30, 30, 10]``.
    X : ndarray of shape (n, sizes[0])
    Y : ndarray of shape (n, sizes[-1]), or integer labels of shape (n,)
    seeds : iterable of int, default range(5)
    **network_kwargs
        Passed to :class:`~nnadl.network2.Network`: ``cost``, ``activation``, ``weight_init``.

    Returns
    -------
    ndarray of shape (n_seeds, len(sizes) - 2)

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X, labels = rng.random((100, 20)), rng.integers(0, 3, 100)
    >>> initial_speeds([20, 8, 8, 8, 3], X, labels, seeds=[0, 1]).shape
    (2, 3)
    """
    return np.array([layer_speeds(Network(sizes, seed=s, **network_kwargs), X, Y) for s in seeds])


# --8<-- [start:speeds_during_training]
def speeds_during_training(net, training_data, epochs, mini_batch_size, eta, *, measure_on=None,
                           **sgd_kwargs):
    r"""Hidden-layer speeds before training and after every epoch of :meth:`~nnadl.network2.Network.SGD`.

    The speeds are measured with :func:`layer_speeds` through SGD's ``callback`` hook, so the
    training is exactly ``net.SGD(...)``; ``net`` is trained in place. The book trains its
    networks on 1,000 images with ``SGD(td, 1, 1000, 0.1, lmbda=5.0)`` per epoch (one full
    batch) and measures on the same 1,000 images.

    Parameters
    ----------
    net : Network
    training_data : tuple (X, Y)
        ``X`` of shape ``(n, n_in)``, ``Y`` one-hot of shape ``(n, n_out)`` or labels ``(n,)``.
    epochs, mini_batch_size : int
    eta : float
    measure_on : tuple (X, Y), optional
        Examples to average :math:`\delta^l` over; default: the training data.
    **sgd_kwargs
        Passed to :meth:`~nnadl.network2.Network.SGD` (e.g. a regularization parameter, if the
        network supports one).

    Returns
    -------
    ndarray of shape (epochs + 1, L - 2)
        Row 0 at initialization, row :math:`e + 1` after epoch :math:`e`.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X, labels = rng.random((100, 20)), rng.integers(0, 3, 100)
    >>> net = Network([20, 8, 8, 3], seed=0)
    >>> speeds_during_training(net, (X, labels), epochs=3, mini_batch_size=10, eta=0.5).shape
    (4, 2)
    """
    X, Y = training_data
    X, Y = as_arrays((X, Y), net.sizes[0], net.sizes[-1])
    X_m, Y_m = (X, Y) if measure_on is None else measure_on
    rows = [layer_speeds(net, X_m, Y_m)]
    net.SGD((X, Y), epochs, mini_batch_size, eta,
            callback=lambda epoch, history: rows.append(layer_speeds(net, X_m, Y_m)), **sgd_kwargs)
    return np.array(rows)
# --8<-- [end:speeds_during_training]


# -- a chain of single neurons ---------------------------------------------------------

def chain_network(weights, biases, cost=None):
    r"""The chain input → neuron 1 → ... → neuron :math:`k`, as a :class:`~nnadl.network2.Network` of sizes ``[1] * (k + 1)``.

    Parameters
    ----------
    weights, biases : sequence of float, length k
        The book's :math:`w_1, \dots, w_k` and :math:`b_1, \dots, b_k`; :math:`w_1` multiplies
        the input.
    cost : cost class, optional
        Default: the network's default (quadratic).

    Examples
    --------
    >>> net = chain_network([0.5, -0.3, 0.8, 0.2], [0.1, 0.0, -0.2, 0.3])
    >>> net.sizes, float(net.weights[1][0, 0])  # the book's w_2 is weights[1]
    ([1, 1, 1, 1, 1], -0.3)
    """
    weights, biases = np.asarray(weights, dtype=float), np.asarray(biases, dtype=float)
    if weights.shape != biases.shape or weights.ndim != 1 or len(weights) < 1:
        raise ValueError(f"need one weight and one bias per neuron; got shapes {weights.shape} and {biases.shape}")
    k = len(weights)
    net = Network([1] * (k + 1)) if cost is None else Network([1] * (k + 1), cost)
    net.weights = [np.array([[w]]) for w in weights]
    net.biases = [np.array([[b]]) for b in biases]
    return net


# --8<-- [start:chain_terms]
def chain_terms(net, x):
    r"""The factors :math:`w_j \sigma'(z_j)` of the chain's gradient, for :math:`j = 2, \dots, k`, and :math:`\sigma'(z_1)`.

    Parameters
    ----------
    net : Network of sizes ``[1, 1, ..., 1]``
    x : float
        The input.

    Returns
    -------
    sigma_prime_1 : float
        :math:`\sigma'(z_1)`.
    terms : ndarray of shape (k - 1,)
        :math:`w_2\sigma'(z_2), \dots, w_k\sigma'(z_k)`; each at most :math:`|w_j|/4` in size.

    Examples
    --------
    >>> net = chain_network([1.0, 0.5, 0.5], [0.0, 0.0, 0.0])
    >>> s1, terms = chain_terms(net, 0.0)
    >>> float(s1), bool(np.all(np.abs(terms) <= 0.5 / 4))
    (0.25, True)
    """
    _check_chain(net)
    zs, _ = net.forward_pass(np.array([[_checks.real(x, "x")]]))
    z = np.array([zz[0, 0] for zz in zs])
    w = np.array([ww[0, 0] for ww in net.weights])
    sp = net.activation.prime(z)
    return float(sp[0]), w[1:] * sp[1:]
# --8<-- [end:chain_terms]


# --8<-- [start:chain_bias_gradients]
def chain_bias_gradients(net, x, y):
    r"""Every :math:`\partial C/\partial b_j` of a chain by the product formula, not by backpropagation.

    .. math:: \frac{\partial C}{\partial b_j} = \sigma'(z_j) \prod_{i=j+1}^{k} w_i \sigma'(z_i)
              \cdot \frac{\partial C}{\partial a_k}

    Parameters
    ----------
    net : Network of sizes ``[1, 1, ..., 1]``
    x, y : float
        Input and target.

    Returns
    -------
    ndarray of shape (k,)
        :math:`\partial C/\partial b_1, \dots, \partial C/\partial b_k` (layers 2..L of the network).

    Examples
    --------
    >>> net = chain_network([0.5, -0.3, 0.8, 0.2], [0.1, 0.0, -0.2, 0.3])
    >>> by_product = chain_bias_gradients(net, 0.7, 1.0)
    >>> nabla_b, _ = net.backprop(np.array([0.7]), np.array([1.0]))
    >>> bool(np.allclose(by_product, [nb[0, 0] for nb in nabla_b], rtol=1e-12, atol=0))
    True
    """
    _check_chain(net)
    zs, activations = net.forward_pass(np.array([[_checks.real(x, "x")]]))
    z = np.array([zz[0, 0] for zz in zs])
    w = np.array([ww[0, 0] for ww in net.weights])
    dC_da = float(net.cost.derivative(activations[-1], np.array([[_checks.real(y, "y")]]))[0, 0])
    sp = net.activation.prime(z)
    k = len(z)
    grads = np.empty(k)
    for j in range(k):  # j = 0 is the book's neuron 1
        grads[j] = sp[j] * np.prod(w[j + 1:] * sp[j + 1:]) * dC_da
    return grads
# --8<-- [end:chain_bias_gradients]


def _check_chain(net):
    if any(s != 1 for s in net.sizes):
        raise ValueError(f"a chain has one neuron per layer; got sizes {net.sizes}")


# -- exploding gradients -----------------------------------------------------------------

def zero_z_biases(net, x):
    r"""Set every bias so that every weighted input is zero for input ``x``: :math:`b^l = -w^l a^{l-1}`.

    Then :math:`\sigma'(z) = 1/4`, its largest value, in every neuron: with large weights the
    factors :math:`w \sigma'(z)` are large and the gradient explodes. ``net`` is changed in
    place and returned.

    Parameters
    ----------
    net : Network
    x : ndarray of shape (n_in,) or (n_in, 1)

    Returns
    -------
    Network
        ``net`` itself.

    Examples
    --------
    >>> net = zero_z_biases(Network([2, 3, 1], seed=0), np.array([0.2, 0.9]))
    >>> zs, _ = net.forward_pass(np.array([[0.2], [0.9]]))
    >>> [float(np.abs(z).max()) for z in zs]
    [0.0, 0.0]
    """
    a = np.asarray(x, dtype=float).reshape(-1, 1)
    for i, w in enumerate(net.weights):
        wa = w @ a
        net.biases[i] = -wa
        a = net.activation.fn(wa + net.biases[i])  # z = 0 in every neuron of the layer
    return net


# --8<-- [start:exploding_network]
def exploding_network(sizes=(1, 1, 1, 1, 1), x=None, w=100.0, **network_kwargs):
    r"""The book's exploding-gradient setup: every weight :math:`w`, every :math:`z = 0` for input ``x``.

    In a chain each factor :math:`w_j\sigma'(z_j)` is then :math:`w/4` (25 for :math:`w =
    100`), so :math:`\partial C/\partial b_j` grows by that factor per layer toward the
    input. In the first layer :math:`b = -w x`; in the later ones :math:`b = -w \cdot n \cdot 1/2`
    (all activations are 1/2).

    Parameters
    ----------
    sizes : sequence of int, default (1, 1, 1, 1, 1)
        The chain of four neurons; wider layers work too.
    x : ndarray of shape (sizes[0],), optional
        The input for which every :math:`z` is zero; default all ones.
    w : float, default 100
    **network_kwargs
        Passed to :class:`~nnadl.network2.Network` (e.g. ``cost``).

    Returns
    -------
    Network

    Examples
    --------
    >>> net = exploding_network()
    >>> grads = chain_bias_gradients(net, 1.0, 0.0)
    >>> (grads[:-1] / grads[1:]).round(9).tolist()  # each neuron's gradient is 25x the next one's
    [25.0, 25.0, 25.0]
    """
    w = _checks.real(w, "w")
    net = Network(sizes, **network_kwargs)
    for weights in net.weights:
        weights[...] = w
    return zero_z_biases(net, np.ones(net.sizes[0]) if x is None else x)
# --8<-- [end:exploding_network]
