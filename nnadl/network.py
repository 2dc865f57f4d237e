r"""Chapters 1 and 2: a network of sigmoid neurons that learns by gradient descent, the book's ``network.py``.

Read it top to bottom beside chapter 1, as the book prints its whole ``network.py``. Notation
follows the text. Layers are numbered :math:`l = 1, \dots, L`, layer 1 being the input.
``weights[i]`` is the matrix :math:`w^{i+2}` of shape ``(n_out, n_in)``, so that
:math:`w^l_{jk}` connects neuron :math:`k` of layer :math:`l-1` to neuron :math:`j` of layer
:math:`l`, and ``biases[i]`` is the column :math:`b^{i+2}` of shape ``(n_out, 1)``.

**Examples are columns**, as in the text: one input is a column :math:`x` of shape
``(n_in, 1)``, and :math:`m` inputs side by side are the columns of a matrix of shape
``(n_in, m)``. Every method below takes either, because each of its equations acts on every
column at once: :math:`w a + b` adds :math:`b` to each column, and the sums over a mini-batch
in BP3 and BP4 are a ``sum`` over columns and a matrix product.

Training and test data come in either of two forms (see :func:`nnadl.datasets.as_arrays`): the
book's list of ``(x, y)`` pairs, or arrays ``(X, Y)`` with one example per *row* (how data
files and numpy store them; :meth:`Network.SGD` turns them into columns once, with ``.T``).

Deliberate differences from the book's ``network.py``: :meth:`Network.update_mini_batch` takes
the whole mini-batch as two matrices and calls :meth:`Network.backprop` once, instead of once per
example (the same numbers, summed in another order; chapter 2's "fully matrix-based approach");
:meth:`Network.SGD` returns the test results instead of printing them; a ``seed`` makes runs
reproducible; and the sigmoid is written so that it never overflows
(:func:`nnadl.activations.sigmoid`).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from . import _checks
from .activations import SIGMOID
from .costs import QuadraticCost
from .datasets import as_arrays

__all__ = ["Network", "check_arguments", "check_sizes"]


def check_sizes(sizes: Sequence[int]) -> list[int]:
    """``sizes`` as a list of ints, or a ``ValueError`` saying what is wrong with it.

    Examples
    --------
    >>> check_sizes((784, 30, 10))
    [784, 30, 10]
    >>> check_sizes([2.5, 3])
    Traceback (most recent call last):
    ...
    ValueError: layer sizes must be whole numbers of neurons; got [2.5, 3]
    """
    try:
        sizes = list(sizes)
    except TypeError:
        raise ValueError(f"layer sizes must be a sequence of whole numbers of neurons; got {sizes!r}") from None
    if not all(isinstance(s, (int, np.integer)) and not isinstance(s, bool) for s in sizes):
        raise ValueError(f"layer sizes must be whole numbers of neurons; got {sizes}")
    sizes = [int(s) for s in sizes]
    if len(sizes) < 2:
        raise ValueError(f"a network needs at least two layers (input and output); got sizes {sizes}")
    if min(sizes) < 1:
        raise ValueError(f"every layer needs at least one neuron; got sizes {sizes}")
    if sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:])) > _checks.MAX_PARAMETERS:
        raise ValueError(f"sizes {sizes} would need more than {_checks.MAX_PARAMETERS:,} weights and biases")
    return sizes


def check_arguments(epochs, mini_batch_size, eta, n):
    """Raise ``ValueError`` unless SGD can run: whole numbers ``epochs >= 0`` and
    ``mini_batch_size >= 1``, a finite ``eta > 0`` and ``n >= 1`` training examples.

    Examples
    --------
    >>> check_arguments(30, 10, 3.0, 50000)
    >>> check_arguments(30, 10, 3.0, 0)
    Traceback (most recent call last):
    ...
    ValueError: training_data is empty: SGD needs at least one training example
    """
    def whole(v):
        return isinstance(v, (int, np.integer)) and not isinstance(v, bool)

    if not (whole(epochs) and epochs >= 0 and whole(mini_batch_size) and mini_batch_size >= 1
            and _checks.is_real(eta) and np.isfinite(eta) and eta > 0):
        raise ValueError(
            f"need whole numbers epochs >= 0 and mini_batch_size >= 1, and a finite eta > 0; "
            f"got epochs={epochs!r}, mini_batch_size={mini_batch_size!r}, eta={eta!r}"
        )
    if not whole(n) or n < 0:
        raise ValueError(f"n, the number of training examples, must be a whole number >= 0; got {n!r}")
    if n == 0:
        raise ValueError("training_data is empty: SGD needs at least one training example")


class Network:
    """A fully connected network of sigmoid neurons, as in the book's ``network.py``.

    Parameters
    ----------
    sizes : sequence of int
        Neurons per layer, input first: ``[784, 30, 10]`` is the chapter-1 network.
    seed : int or numpy.random.Generator, optional
        Seeds the initial weights and biases, and the shuffling in :meth:`SGD`: the same seed
        gives the same network and the same training run, bit for bit.

    Attributes
    ----------
    weights, biases : lists of ndarray
        :math:`w^l` and :math:`b^l` for :math:`l = 2, \\dots, L`, drawn from :math:`N(0, 1)`.
    cost : QuadraticCost
        The quadratic cost of equation (6), :math:`C_x = \\frac{1}{2}\\|y - a^L\\|^2`, which
        :meth:`cost_derivative` differentiates (chapter 3's network lets it be chosen).
    sigma : list of Activation
        The activation function :math:`\\sigma` of each layer :math:`l = 2, \\dots, L`, called as
        ``sigma(z)``, with its derivative ``sigma.prime(z)``: sigmoid neurons throughout, as in
        chapters 1 and 2 (chapter 3's :class:`nnadl.network2.Network` lets them differ).

    Examples
    --------
    >>> net = Network([2, 3, 1], seed=0)
    >>> [w.shape for w in net.weights], [b.shape for b in net.biases]
    ([(3, 2), (1, 3)], [(3, 1), (1, 1)])
    >>> net.feedforward(np.array([[0.5], [-0.2]])).shape
    (1, 1)
    >>> Network([784])
    Traceback (most recent call last):
    ...
    ValueError: a network needs at least two layers (input and output); got sizes [784]
    """

    cost = QuadraticCost

    def __init__(self, sizes: Sequence[int], *, seed=None):
        self.sizes = check_sizes(sizes)
        self.num_layers = len(self.sizes)
        self.rng = _checks.rng(seed)
        try:
            self.biases = [self.rng.standard_normal((n, 1)) for n in self.sizes[1:]]
            self.weights = [self.rng.standard_normal((n, k)) for k, n in zip(self.sizes[:-1], self.sizes[1:])]
        except MemoryError:  # under the 1e9 bound, but more than this machine has free
            raise ValueError(f"sizes {self.sizes}: not enough memory for their weights and biases") from None
        self.sigma = [SIGMOID] * (self.num_layers - 1)

    def __repr__(self):
        return f"{type(self).__name__}({self.sizes})"

    # --8<-- [start:feedforward]
    def feedforward(self, a):
        """The output of the network for input ``a``: :math:`a^l = \\sigma(w^l a^{l-1} + b^l)`, layer by layer.

        Parameters
        ----------
        a : ndarray of shape (n_in, m), or (n_in,) for one example

        Returns
        -------
        ndarray of shape (n_L, m), or (n_L, 1) for a 1-D input
        """
        a = self._columns(a)
        for b, w, sigma in zip(self.biases, self.weights, self.sigma):
            a = sigma(w @ a + b)
        return a
    # --8<-- [end:feedforward]

    # --8<-- [start:SGD]
    def SGD(self, training_data, epochs, mini_batch_size, eta, test_data=None):
        """Train the network by mini-batch stochastic gradient descent.

        Each epoch shuffles the training data, cuts it into mini-batches of ``mini_batch_size``
        examples (the last one may be smaller) and takes one step of gradient descent on each.

        Parameters
        ----------
        training_data : list of (x, y) pairs, or tuple (X, Y) with one example per row
        epochs, mini_batch_size : int
        eta : float
            The learning rate :math:`\\eta`.
        test_data : same forms, optional
            Evaluated after every epoch.

        Returns
        -------
        list of int
            How many test examples the network got right after each epoch (empty without
            ``test_data``): the numbers the book prints as "Epoch 0: 9129 / 10000".
        """
        X, Y = as_arrays(training_data, self.sizes[0], self.sizes[-1], dtype=self.weights[0].dtype)
        x, y = X.T, Y.T  # one example per column, as in the text
        n = x.shape[1]
        check_arguments(epochs, mini_batch_size, eta, n)
        results = []
        for j in range(epochs):
            order = self.rng.permutation(n)
            for k in range(0, n, mini_batch_size):
                batch = order[k:k + mini_batch_size]
                self.update_mini_batch(x[:, batch], y[:, batch], eta)
            if test_data is not None:
                results.append(self.evaluate(test_data))
        return results
    # --8<-- [end:SGD]

    # --8<-- [start:update_mini_batch]
    def update_mini_batch(self, x, y, eta):
        """One step of gradient descent on the mini-batch whose examples are the columns of ``x`` and ``y``.

        :math:`w^l \\to w^l - \\frac{\\eta}{m} \\sum_x \\frac{\\partial C_x}{\\partial w^l}`,
        :math:`b^l \\to b^l - \\frac{\\eta}{m} \\sum_x \\frac{\\partial C_x}{\\partial b^l}`
        (equations (20) and (21)), with both sums from one call of :meth:`backprop`.
        """
        nabla_b, nabla_w = self.backprop(x, y)
        m = x.shape[1]
        for w, nw in zip(self.weights, nabla_w):
            w -= (eta / m) * nw
        for b, nb in zip(self.biases, nabla_b):
            b -= (eta / m) * nb
    # --8<-- [end:update_mini_batch]

    # --8<-- [start:backprop]
    def backprop(self, x, y):
        """The gradient of the cost, by the four equations BP1-BP4, indexed as in the text.

        Parameters
        ----------
        x : ndarray of shape (n_in, m), or (n_in,) for one example
        y : ndarray of shape (n_out, m), or (n_out,); or an int label for one example

        Returns
        -------
        nabla_b, nabla_w : lists of ndarray
            :math:`\\sum_x \\partial C_x/\\partial b^l` and :math:`\\sum_x \\partial C_x/\\partial w^l`
            for :math:`l = 2, \\dots, L`, summed over the ``m`` columns and shaped like ``biases``
            and ``weights``; for one example, its own gradient.
        """
        x, y = self._columns(x), self._targets(y)
        L = self.num_layers
        zs, activations = self.forward_pass(x)
        # Keyed by layer number as in the text: a[1] is the input x, and
        # z[l], w[l], sigma[l], delta[l] exist for l = 2, ..., L. BP4 uses np.dot, as the book
        # does: for a single example it is an outer product, which np.dot does several times
        # faster than the @ operator.
        a = dict(enumerate(activations, start=1))
        z = dict(enumerate(zs, start=2))
        w = dict(enumerate(self.weights, start=2))
        sigma = dict(enumerate(self.sigma, start=2))
        delta = {}
        # --8<-- [start:bp1]
        delta[L] = self.output_error(z[L], a[L], y)
        # --8<-- [end:bp1]
        # --8<-- [start:bp2]
        for l in range(L - 1, 1, -1):
            delta[l] = (w[l + 1].T @ delta[l + 1]) * sigma[l].prime(z[l])
        # --8<-- [end:bp2]
        # --8<-- [start:bp3]
        nabla_b = [delta[l].sum(axis=1, keepdims=True) for l in range(2, L + 1)]
        # --8<-- [end:bp3]
        # --8<-- [start:bp4]
        nabla_w = [np.dot(delta[l], a[l - 1].T) for l in range(2, L + 1)]
        # --8<-- [end:bp4]
        return nabla_b, nabla_w
    # --8<-- [end:backprop]

    # --8<-- [start:forward_pass]
    def forward_pass(self, x):
        """Feed ``x`` forward, keeping every weighted input and activation, as backprop needs them.

        Returns
        -------
        zs : list of ndarray
            :math:`z^2, \\dots, z^L`, each of shape ``(n_l, m)``.
        activations : list of ndarray
            :math:`a^1 = x, a^2, \\dots, a^L`.
        """
        zs, activations = [], [x]
        for b, w, sigma in zip(self.biases, self.weights, self.sigma):
            zs.append(w @ activations[-1] + b)
            activations.append(sigma(zs[-1]))
        return zs, activations
    # --8<-- [end:forward_pass]

    # --8<-- [start:output-error]
    def output_error(self, z, a, y):
        """The output error :math:`\\delta^L = \\nabla_a C \\odot \\sigma'(z^L)` (BP1); equation (30) for the quadratic cost."""
        return self.cost_derivative(a, y) * self.sigma[-1].prime(z)

    def cost_derivative(self, a, y):
        """:math:`\\nabla_a C = a^L - y`, the vector of :math:`\\partial C_x / \\partial a^L_j` for the quadratic cost."""
        return a - y
    # --8<-- [end:output-error]

    # --8<-- [start:total-cost]
    def total_cost(self, data):
        r"""The cost (6), :math:`C = \frac{1}{2n} \sum_x \|y(x) - a\|^2`, averaged over the examples of ``data`` (either form).

        Examples
        --------
        >>> net = Network([2, 1], seed=0)
        >>> a = float(net.feedforward(np.array([1.0, 0.0]))[0, 0])
        >>> bool(np.isclose(net.total_cost([(np.array([1.0, 0.0]), np.array([1.0]))]), (1 - a) ** 2 / 2))
        True
        """
        X, Y = as_arrays(data, self.sizes[0], self.sizes[-1], dtype=self.weights[0].dtype)
        if len(X) == 0:
            raise ValueError("data is empty: the average cost of no examples is undefined")
        return float(self.cost.fn(self.feedforward(X.T), Y.T)) / len(X)
    # --8<-- [end:total-cost]

    # --8<-- [start:evaluate]
    def evaluate(self, test_data):
        """How many examples of ``test_data`` the network classifies correctly: those whose most
        active output neuron is the label.

        Examples
        --------
        >>> net = Network([2, 2], seed=1)
        >>> net.evaluate([(np.array([1.0, 0.0]), 0), (np.array([0.0, 1.0]), 1)]) in (0, 1, 2)
        True
        """
        X, Y = as_arrays(test_data, self.sizes[0], self.sizes[-1], dtype=self.weights[0].dtype)
        return int(np.sum(np.argmax(self.feedforward(X.T), axis=0) == np.argmax(Y, axis=1)))
    # --8<-- [end:evaluate]

    # -- checking what comes in ----------------------------------------------------------

    def _columns(self, a):
        """``a`` as columns of the input layer's size, in the network's float type."""
        a = np.asarray(a, dtype=self.weights[0].dtype)
        if a.ndim == 1:
            a = a.reshape(-1, 1)
        if a.ndim != 2 or a.shape[0] != self.sizes[0]:
            raise ValueError(f"input has shape {a.shape}; expected ({self.sizes[0]}, m) or ({self.sizes[0]},)")
        return a

    def _targets(self, y):
        """``y`` as columns of the output layer's size; an int label becomes its one-hot column."""
        n_out = self.sizes[-1]
        if np.ndim(y) == 0:
            label = int(y)
            if label != y or not 0 <= label < n_out:
                raise ValueError(f"the label {y!r} is not a whole number in 0..{n_out - 1}")
            y = np.zeros((n_out, 1))
            y[label] = 1.0
        y = np.asarray(y, dtype=self.weights[0].dtype)
        if y.ndim == 1:
            y = y.reshape(-1, 1)
        if y.ndim != 2 or y.shape[0] != n_out:
            raise ValueError(f"target y has shape {y.shape}; expected ({n_out}, m) or ({n_out},)")
        return y
