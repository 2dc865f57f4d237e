r"""The fully connected network of chapters 1 and 2, trained by stochastic gradient descent.

Notation follows the book. Layers are numbered :math:`l = 1, \dots, L`, layer 1 being
the input. ``weights[i]`` is the matrix :math:`w^{i+2}` of shape ``(n_out, n_in)``, so
that :math:`w^l_{jk}` connects neuron :math:`k` of layer :math:`l-1` to neuron :math:`j`
of layer :math:`l`, and ``biases[i]`` is the column :math:`b^{i+2}` of shape ``(n_out, 1)``.
Activations are columns: one example is an array of shape ``(n_in, 1)``, a mini-batch
of :math:`m` examples a matrix of shape ``(n_in, m)``.

Data comes in either of two forms:

- the book's form, a sequence of ``(x, y)`` pairs with ``x`` of shape ``(n_in, 1)``
  (or ``(n_in,)``) and ``y`` a one-hot column of shape ``(n_out, 1)`` or an integer label;
- arrays, a tuple ``(X, Y)`` with ``X`` of shape ``(n, n_in)`` and ``Y`` of shape
  ``(n, n_out)`` or integer labels of shape ``(n,)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from .activations import get_activation
from .costs import get_cost, QuadraticCost

__all__ = ["Network", "History", "TrainingDiverged", "as_arrays"]


class TrainingDiverged(FloatingPointError):
    """Raised by :meth:`Network.SGD` when the weights or the cost stop being finite numbers."""


@dataclass
class History:
    """What :meth:`Network.SGD` measured, one entry per epoch.

    Attributes
    ----------
    test_accuracy : list of float
        Fraction of ``test_data`` classified correctly after each epoch (empty without test data).
    test_correct : list of int
        The same as counts, as the book prints them ("Epoch 0: 9129 / 10000").
    test_total : int
        Number of test examples.
    """

    test_accuracy: list[float] = field(default_factory=list)
    test_correct: list[int] = field(default_factory=list)
    test_total: int = 0

    @property
    def epochs(self) -> int:
        """Number of epochs recorded."""
        return len(self.test_correct)


def _column(v, n, what):
    """``v`` as a float column of shape ``(n, 1)``; accepts ``(n,)`` too, rejects anything else."""
    v = np.asarray(v, dtype=float)
    if v.shape not in ((n, 1), (n,)):
        raise ValueError(f"{what} has shape {v.shape}; expected ({n}, 1) or ({n},)")
    return v.reshape(n, 1)


def _is_label(y):
    return np.ndim(y) == 0 and np.issubdtype(np.asarray(y).dtype, np.integer)


def _one_hot(labels, n_out):
    labels = np.asarray(labels)
    if labels.size and (labels.min() < 0 or labels.max() >= n_out):
        raise ValueError(
            f"labels must lie in 0..{n_out - 1} for an output layer of {n_out} neurons; "
            f"got values from {labels.min()} to {labels.max()}"
        )
    out = np.zeros((labels.size, n_out))
    out[np.arange(labels.size), labels] = 1.0
    return out


def as_arrays(data, n_in, n_out):
    """Turn either form of data into arrays ``X`` of shape ``(n, n_in)`` and ``Y`` of shape ``(n, n_out)``.

    Integer labels become one-hot rows. Every example is checked, and a wrong
    shape raises ``ValueError`` naming the example, the shape expected and the shape received.

    Parameters
    ----------
    data : sequence of (x, y) pairs, or tuple (X, Y) of ndarrays
    n_in, n_out : int
        Sizes of the input and output layers.

    Returns
    -------
    X : ndarray of shape (n, n_in)
    Y : ndarray of shape (n, n_out)

    Examples
    --------
    >>> pairs = [(np.zeros((3, 1)), 1), (np.ones(3), np.array([[1.0], [0.0]]))]
    >>> X, Y = as_arrays(pairs, 3, 2)
    >>> X.shape, Y.tolist()
    ((2, 3), [[0.0, 1.0], [1.0, 0.0]])
    >>> as_arrays([(np.zeros(4), 0)], 3, 2)
    Traceback (most recent call last):
    ...
    ValueError: input x of example 0 has shape (4,); expected (3, 1) or (3,)
    """
    if isinstance(data, tuple) and len(data) == 2 and all(isinstance(d, np.ndarray) for d in data):
        X, Y = np.asarray(data[0], dtype=float), data[1]
        if X.ndim != 2 or X.shape[1] != n_in:
            raise ValueError(f"X has shape {X.shape}; expected (n, {n_in})")
        if Y.ndim == 1 and np.issubdtype(Y.dtype, np.integer):
            Y = _one_hot(Y, n_out)
        elif Y.shape != (len(X), n_out):
            raise ValueError(f"Y has shape {Y.shape}; expected ({len(X)}, {n_out}) or integer labels ({len(X)},)")
        if len(Y) != len(X):
            raise ValueError(f"X has {len(X)} examples but Y has {len(Y)}")
        return X, np.asarray(Y, dtype=float)
    X = np.empty((len(data), n_in))
    Y = np.empty((len(data), n_out))
    for i, (x, y) in enumerate(data):
        X[i] = _column(x, n_in, f"input x of example {i}")[:, 0]
        Y[i] = _one_hot(y, n_out)[0] if _is_label(y) else _column(y, n_out, f"target y of example {i}")[:, 0]
    return X, Y


class Network:
    """A fully connected feedforward network, as in the book's ``network.py``.

    Parameters
    ----------
    sizes : sequence of int
        Neurons per layer, input first: ``[784, 30, 10]`` is the chapter-1 network.
    cost : cost class or str, default :class:`~nnadl.costs.QuadraticCost`
        Provides ``fn``, ``derivative`` and ``delta`` (see :mod:`nnadl.costs`).
    activation : str or Activation, default ``"sigmoid"``
        The neuron :math:`\\sigma` used in every layer.
    weight_init : {"large", "scaled"}, default ``"large"``
        ``"large"``: weights and biases drawn from :math:`N(0, 1)`, as in ``network.py``
        (``large_weight_initializer`` in ``network2.py``). ``"scaled"``: weights from
        :math:`N(0, 1/n_{in})`, biases from :math:`N(0, 1)` (``default_weight_initializer``).
    seed : int or numpy.random.Generator, optional
        Seeds the initial weights and the shuffling in :meth:`SGD`: the same seed gives the
        same network and the same training run, bit for bit.

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

    def __init__(self, sizes: Sequence[int], cost=QuadraticCost, *, activation="sigmoid",
                 weight_init="large", seed=None):
        sizes = [int(s) for s in sizes]
        if len(sizes) < 2:
            raise ValueError(f"a network needs at least two layers (input and output); got sizes {sizes}")
        if min(sizes) < 1:
            raise ValueError(f"every layer needs at least one neuron; got sizes {sizes}")
        self.sizes = sizes
        self.num_layers = len(sizes)
        self.cost = get_cost(cost)
        self.activation = get_activation(activation)
        self.rng = np.random.default_rng(seed)
        self.biases = [self.rng.standard_normal((n, 1)) for n in sizes[1:]]
        self.weights = [self.rng.standard_normal((n_out, n_in)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
        if weight_init == "scaled":
            for w in self.weights:
                w /= np.sqrt(w.shape[1])
        elif weight_init != "large":
            raise ValueError(f"unknown weight_init {weight_init!r}; expected 'large' or 'scaled'")

    def __repr__(self):
        return f"Network({self.sizes}, cost={self.cost.__name__}, activation={self.activation.name!r})"

    # --8<-- [start:feedforward]
    def feedforward(self, a):
        """Return the output of the network for input ``a``: :math:`a^l = \\sigma(w^l a^{l-1} + b^l)`.

        Parameters
        ----------
        a : ndarray of shape (n_in, m) or (n_in,)
            One example per column.

        Returns
        -------
        ndarray of shape (n_L, m), or (n_L, 1) for a 1-D input
        """
        a = self._input(a)
        for b, w in zip(self.biases, self.weights):
            a = self.activation.fn(w @ a + b)
        return a
    # --8<-- [end:feedforward]

    # --8<-- [start:forward_pass]
    def forward_pass(self, x):
        """Feed ``x`` forward, keeping every weighted input and activation.

        Returns
        -------
        zs : list of ndarray
            :math:`z^2, \\dots, z^L`, each of shape ``(n_l, m)``.
        activations : list of ndarray
            :math:`a^1 = x, a^2, \\dots, a^L`.
        """
        activations = [x]
        zs = []
        for b, w in zip(self.biases, self.weights):
            z = w @ activations[-1] + b
            zs.append(z)
            activations.append(self.activation.fn(z))
        return zs, activations
    # --8<-- [end:forward_pass]

    def output_error(self, z, a, y):
        """The output error :math:`\\delta^L` (BP1).

        With sigmoid output neurons this is the cost's own formula (equation (30) for the
        quadratic cost); for any other activation it is BP1a,
        :math:`\\nabla_a C \\odot \\sigma'(z^L)`.
        """
        if self.activation.name == "sigmoid":
            return self.cost.delta(z, a, y)
        return self.cost.derivative(a, y) * self.activation.prime(z)

    # --8<-- [start:backprop]
    def backprop(self, x, y):
        """The gradient of the cost of one example, by the four equations BP1-BP4.

        This is the teaching form: each equation is one line, indexed as in the text.
        :meth:`backprop_matrix` computes the same numbers for a whole mini-batch at once.

        Parameters
        ----------
        x : ndarray of shape (n_in, 1) or (n_in,)
        y : ndarray of shape (n_out, 1) or (n_out,), or int label

        Returns
        -------
        nabla_b, nabla_w : lists of ndarray
            :math:`\\partial C_x/\\partial b^l` and :math:`\\partial C_x/\\partial w^l` for
            :math:`l = 2, \\dots, L`, shaped like ``biases`` and ``weights``.
        """
        x, y = self._example(x, y)
        L = self.num_layers
        sigma_prime = self.activation.prime
        zs, activations = self.forward_pass(x)
        # Keyed by layer number as in the text: a[1] is the input x, and
        # z[l], w[l], delta[l] exist for l = 2, ..., L.
        a = dict(enumerate(activations, start=1))
        z = dict(enumerate(zs, start=2))
        w = dict(enumerate(self.weights, start=2))
        delta = {}
        # --8<-- [start:bp1]
        delta[L] = self.output_error(z[L], a[L], y)
        # --8<-- [end:bp1]
        # --8<-- [start:bp2]
        for l in range(L - 1, 1, -1):
            delta[l] = (w[l + 1].T @ delta[l + 1]) * sigma_prime(z[l])
        # --8<-- [end:bp2]
        # --8<-- [start:bp3]
        nabla_b = [delta[l] for l in range(2, L + 1)]
        # --8<-- [end:bp3]
        # --8<-- [start:bp4]
        nabla_w = [delta[l] @ a[l - 1].T for l in range(2, L + 1)]
        # --8<-- [end:bp4]
        return nabla_b, nabla_w
    # --8<-- [end:backprop]

    # --8<-- [start:backprop_matrix]
    def backprop_matrix(self, x, y):
        """The gradient of the cost summed over a mini-batch, with no loop over examples.

        The columns of ``x`` and ``y`` are the examples. Each equation acts on all columns
        at once; the sums over examples in BP3 and BP4 happen in ``sum`` and in the matrix
        product :math:`\\delta^l (a^{l-1})^T`.

        Parameters
        ----------
        x : ndarray of shape (n_in, m)
        y : ndarray of shape (n_out, m)

        Returns
        -------
        nabla_b, nabla_w : lists of ndarray
            :math:`\\sum_x \\partial C_x/\\partial b^l` and :math:`\\sum_x \\partial C_x/\\partial w^l`.
        """
        zs, activations = self.forward_pass(x)
        sigma_prime = self.activation.prime
        n = self.num_layers - 1
        nabla_b, nabla_w = [None] * n, [None] * n
        delta = self.output_error(zs[-1], activations[-1], y)  # BP1, one column per example
        # Walking back from the output: index i holds layer l = i + 2 of the text.
        for i in range(n - 1, -1, -1):
            nabla_b[i] = delta.sum(axis=1, keepdims=True)  # BP3
            nabla_w[i] = delta @ activations[i].T  # BP4
            if i > 0:
                delta = (self.weights[i].T @ delta) * sigma_prime(zs[i - 1])  # BP2
        return nabla_b, nabla_w
    # --8<-- [end:backprop_matrix]

    # --8<-- [start:update_mini_batch]
    def update_mini_batch(self, mini_batch, eta):
        """One step of gradient descent on a mini-batch of ``(x, y)`` pairs.

        :math:`w^l \\to w^l - \\frac{\\eta}{m} \\sum_x \\delta^{x,l} (a^{x,l-1})^T`,
        :math:`b^l \\to b^l - \\frac{\\eta}{m} \\sum_x \\delta^{x,l}`.
        """
        X, Y = as_arrays(mini_batch, self.sizes[0], self.sizes[-1])
        self._step(X.T, Y.T, eta)

    def _step(self, x, y, eta):
        nabla_b, nabla_w = self.backprop_matrix(x, y)
        scale = eta / x.shape[1]
        for w, nw in zip(self.weights, nabla_w):
            w -= scale * nw
        for b, nb in zip(self.biases, nabla_b):
            b -= scale * nb
    # --8<-- [end:update_mini_batch]

    # --8<-- [start:update_mini_batch_per_example]
    def update_mini_batch_per_example(self, mini_batch, eta):
        """The book's ``update_mini_batch``: one call of :meth:`backprop` per example, then a step."""
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        for x, y in mini_batch:
            delta_nabla_b, delta_nabla_w = self.backprop(x, y)
            nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
            nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
        m = len(mini_batch)
        self.weights = [w - (eta / m) * nw for w, nw in zip(self.weights, nabla_w)]
        self.biases = [b - (eta / m) * nb for b, nb in zip(self.biases, nabla_b)]
    # --8<-- [end:update_mini_batch_per_example]

    # --8<-- [start:SGD]
    def SGD(self, training_data, epochs, mini_batch_size, eta, test_data=None, *,
            per_example=False, callback: Callable[[int, History], None] | None = None,
            on_batch: Callable[[int, int, int], None] | None = None) -> History:
        """Train by mini-batch stochastic gradient descent.

        Each epoch shuffles the training data (with the network's seeded generator), splits
        it into mini-batches of ``mini_batch_size`` (the last one may be smaller) and takes
        one gradient step per mini-batch.

        Parameters
        ----------
        training_data : sequence of (x, y) pairs, or tuple (X, Y)
            See the module docstring for both forms.
        epochs : int
        mini_batch_size : int
        eta : float
            The learning rate :math:`\\eta`.
        test_data : same forms as ``training_data``, optional
            Evaluated after every epoch; the results go into the returned :class:`History`.
        per_example : bool, default False
            Use the book's per-example :meth:`backprop` loop instead of :meth:`backprop_matrix`
            (same numbers, several times slower; kept for teaching and benchmarks).
        callback : callable(epoch, history), optional
            Called after every epoch, e.g. to print progress. The library itself prints nothing.
        on_batch : callable(epoch, done, n), optional
            Called after every mini-batch with the number of examples done so far in the
            epoch, for progress bars.

        Returns
        -------
        History

        Raises
        ------
        TrainingDiverged
            If the weights stop being finite, naming the epoch and the learning rate.
        """
        if epochs < 0 or mini_batch_size < 1 or not eta > 0:
            raise ValueError(
                f"need epochs >= 0, mini_batch_size >= 1 and eta > 0; "
                f"got epochs={epochs}, mini_batch_size={mini_batch_size}, eta={eta}"
            )
        X, Y = as_arrays(training_data, self.sizes[0], self.sizes[-1])
        test = None if test_data is None else as_arrays(test_data, self.sizes[0], self.sizes[-1])
        history = History(test_total=0 if test is None else len(test[0]))
        n = len(X)
        for epoch in range(epochs):
            order = self.rng.permutation(n)
            X_epoch, Y_epoch = X[order], Y[order]
            # Overflow can only come from diverging weights; it is reported below as one
            # clear error rather than as a stream of warnings.
            with np.errstate(over="ignore", invalid="ignore"):
                for k in range(0, n, mini_batch_size):
                    x, y = X_epoch[k:k + mini_batch_size], Y_epoch[k:k + mini_batch_size]
                    if per_example:
                        self.update_mini_batch_per_example(list(zip(x, y)), eta)
                    else:
                        self._step(x.T, y.T, eta)
                    if on_batch is not None:
                        on_batch(epoch, k + len(x), n)
            self._check_finite(epoch, eta)
            if test is not None:
                correct = self._count_correct(*test)
                history.test_correct.append(correct)
                history.test_accuracy.append(correct / history.test_total)
            if callback is not None:
                callback(epoch, history)
        return history
    # --8<-- [end:SGD]

    def evaluate(self, test_data):
        """Number of examples in ``test_data`` whose label is the most active output neuron.

        ``test_data`` takes either form; labels may be integers or one-hot columns.

        Examples
        --------
        >>> net = Network([2, 2], seed=1)
        >>> net.evaluate([(np.array([1.0, 0.0]), 0), (np.array([0.0, 1.0]), 1)]) in (0, 1, 2)
        True
        """
        return self._count_correct(*as_arrays(test_data, self.sizes[0], self.sizes[-1]))

    def total_cost(self, data):
        """The average cost :math:`C = \\frac{1}{n} \\sum_x C_x` over ``data`` (either form)."""
        X, Y = as_arrays(data, self.sizes[0], self.sizes[-1])
        return float(self.cost.fn(self.feedforward(X.T), Y.T)) / len(X)

    # -- helpers ------------------------------------------------------------

    def _count_correct(self, X, Y):
        predicted = np.argmax(self.feedforward(X.T), axis=0)
        return int(np.sum(predicted == np.argmax(Y, axis=1)))

    def _input(self, a):
        a = np.asarray(a, dtype=float)
        n_in = self.sizes[0]
        if a.ndim == 1:
            a = a.reshape(-1, 1)
        if a.ndim != 2 or a.shape[0] != n_in:
            raise ValueError(f"input has shape {a.shape}; expected ({n_in}, m) or ({n_in},)")
        return a

    def _example(self, x, y):
        x = _column(x, self.sizes[0], "input x")
        n_out = self.sizes[-1]
        y = _one_hot(y, n_out).T if _is_label(y) else _column(y, n_out, "target y")
        return x, y

    def _check_finite(self, epoch, eta):
        if not all(np.isfinite(p).all() for p in (*self.weights, *self.biases)):
            raise TrainingDiverged(
                f"training diverged in epoch {epoch}: the weights, and so the cost, are no longer "
                f"finite (NaN or inf); try a smaller learning rate than eta={eta}"
            )
