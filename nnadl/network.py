r"""The fully connected network of chapters 1 to 3, trained by stochastic gradient descent.

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

Chapter 3 adds, all off by default so that chapters 1 and 2 run exactly as before:

- other costs (:mod:`nnadl.costs`) and a separate output activation, e.g. softmax with the
  log-likelihood cost (``Network(..., cost="log-likelihood", output_activation="softmax")``);
- L2 or L1 regularization (``SGD(..., lmbda=5.0, regularization="L2")``);
- dropout of hidden neurons (``SGD(..., dropout=0.5)``);
- momentum (``SGD(..., mu=0.9)``);
- network2's monitoring (``evaluation_data``, ``monitor_*`` flags), early stopping
  (``early_stopping_n``) and a learning-rate schedule (``eta_schedule_n``).

Deliberate differences from the book's ``network2.py``: accuracies in :class:`History` are
fractions (the counts are ``accuracy * total``); the regularization term of every monitored
cost uses ``n`` = the size of the *training* set, the ``n`` of the cost being minimized (the
book divides by the size of whichever set it evaluates); dropout draws a mask per example
rather than one per mini-batch; momentum acts on biases as well as weights.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from .activations import Activation, get_activation, get_output_activation, sigmoid
from .costs import get_cost, QuadraticCost

__all__ = ["Network", "History", "NoImprovement", "TrainingDiverged", "as_arrays"]


class TrainingDiverged(FloatingPointError):
    """Raised by :meth:`Network.SGD` when the weights or the cost stop being finite numbers."""


def check_finite(params, epoch, eta):
    """Raise :class:`TrainingDiverged`, naming the epoch and ``eta``, unless every array in ``params`` is finite.

    Used after every epoch by both networks' ``SGD`` (this module's and :mod:`nnadl.conv`'s).

    Examples
    --------
    >>> check_finite([np.ones(2)], 0, 3.0)
    >>> check_finite([np.array([1.0, np.nan])], 4, 3.0)
    Traceback (most recent call last):
    ...
    nnadl.network.TrainingDiverged: training diverged in epoch 4: the weights, and so the cost, are no longer finite (NaN or inf); try a smaller learning rate than eta=3.0
    """
    if not all(np.isfinite(p).all() for p in params):
        raise TrainingDiverged(
            f"training diverged in epoch {epoch}: the weights, and so the cost, are no longer "
            f"finite (NaN or inf); try a smaller learning rate than eta={eta}"
        )


@dataclass
class History:
    """What :meth:`Network.SGD` measured, one entry per epoch.

    Every list is empty unless the matching data or ``monitor_*`` flag was given; the lists
    that are filled have one entry per epoch trained.

    Attributes
    ----------
    test_accuracy : list of float
        Fraction of ``test_data`` classified correctly after each epoch (empty without test data).
    test_correct : list of int
        The same as counts, as the book prints them ("Epoch 0: 9129 / 10000").
    test_total : int
        Number of test examples.
    evaluation_cost, evaluation_accuracy : list of float
        Cost (regularization term included) and fraction classified correctly on
        ``evaluation_data``, as returned by network2's ``SGD``, but accuracy as a fraction.
    training_cost, training_accuracy : list of float
        The same on the training data.
    evaluation_total, training_total : int
        Sizes of the two sets.
    etas : list of float
        The learning rate used in each epoch (changes under ``eta_schedule_n``).
    stop_reason : str
        Why training stopped: ``"epochs"`` (all epochs run), ``"early_stopping"`` (no
        improvement in evaluation accuracy for ``early_stopping_n`` epochs) or
        ``"eta_schedule"`` (the learning rate fell to 1/128 of its first value).

    Examples
    --------
    >>> h = History(etas=[0.5, 0.5, 0.25])
    >>> h.epochs, h.stop_reason
    (3, 'epochs')
    """

    test_accuracy: list[float] = field(default_factory=list)
    test_correct: list[int] = field(default_factory=list)
    test_total: int = 0
    evaluation_cost: list[float] = field(default_factory=list)
    evaluation_accuracy: list[float] = field(default_factory=list)
    training_cost: list[float] = field(default_factory=list)
    training_accuracy: list[float] = field(default_factory=list)
    evaluation_total: int = 0
    training_total: int = 0
    etas: list[float] = field(default_factory=list)
    stop_reason: str = "epochs"

    @property
    def epochs(self) -> int:
        """Number of epochs recorded."""
        return max(len(self.etas), len(self.test_correct))


# --8<-- [start:early-stopping]
class NoImprovement:
    """The "no improvement in ``n`` epochs" rule: call it with each epoch's accuracy.

    Returns ``True`` once ``n`` epochs in a row have not beaten the best accuracy so far.
    :meth:`reset` restarts the count (the learning-rate schedule does so after each halving)
    but keeps the best accuracy.

    Examples
    --------
    >>> rule = NoImprovement(2)
    >>> [rule(acc) for acc in [0.5, 0.6, 0.6, 0.55]]
    [False, False, False, True]
    """

    def __init__(self, n: int):
        if n < 1:
            raise ValueError(f"n must be at least 1; got {n}")
        self.n = n
        self.best = -np.inf
        self.epochs_without_improvement = 0

    def __call__(self, accuracy: float) -> bool:
        if accuracy > self.best:
            self.best, self.epochs_without_improvement = accuracy, 0
        else:
            self.epochs_without_improvement += 1
        return self.epochs_without_improvement >= self.n

    def reset(self):
        self.epochs_without_improvement = 0
# --8<-- [end:early-stopping]


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


def _n_correct(A, Y):
    """How many columns of the outputs ``A`` have their largest entry where the row of ``Y`` has its own."""
    return int(np.sum(np.argmax(A, axis=0) == np.argmax(Y, axis=1)))


def as_arrays(data, n_in, n_out, *, dtype=np.float64):
    """Turn either form of data into arrays ``X`` of shape ``(n, n_in)`` and ``Y`` of shape ``(n, n_out)``.

    Integer labels become one-hot rows. Every example is checked, and a wrong
    shape raises ``ValueError`` naming the example, the shape expected and the shape received.

    Parameters
    ----------
    data : sequence of (x, y) pairs, or tuple (X, Y) of ndarrays
    n_in, n_out : int
        Sizes of the input and output layers.
    dtype : numpy float dtype, default float64
        The type of both arrays (no copy when the arrays already have it).

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
        X, Y = np.asarray(data[0], dtype=dtype), data[1]
        if X.ndim != 2 or X.shape[1] != n_in:
            raise ValueError(f"X has shape {X.shape}; expected (n, {n_in})")
        if Y.ndim == 1 and np.issubdtype(Y.dtype, np.integer):
            Y = _one_hot(Y, n_out)
        elif Y.shape != (len(X), n_out):
            raise ValueError(f"Y has shape {Y.shape}; expected ({len(X)}, {n_out}) or integer labels ({len(X)},)")
        if len(Y) != len(X):
            raise ValueError(f"X has {len(X)} examples but Y has {len(Y)}")
        return X, np.asarray(Y, dtype=dtype)
    X = np.empty((len(data), n_in), dtype=dtype)
    Y = np.empty((len(data), n_out), dtype=dtype)
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
        Provides ``fn``, ``derivative`` and ``delta`` (see :mod:`nnadl.costs`):
        ``"quadratic"``, ``"cross-entropy"`` or ``"log-likelihood"``.
    activation : str or Activation, default ``"sigmoid"``
        The neuron :math:`\\sigma` used in every hidden layer, and in the output layer
        unless ``output_activation`` says otherwise: ``"sigmoid"``, ``"tanh"`` or ``"relu"``.
    output_activation : str or Activation, optional
        The output layer's activation; ``None`` (the default) means the same as
        ``activation``. ``"softmax"`` is allowed here. A cost that is only defined for some
        output activations refuses the others with a ``ValueError``: cross-entropy needs
        ``"sigmoid"`` outputs (it takes :math:`\\ln(1 - a)`), log-likelihood needs
        ``"softmax"``; the quadratic cost works with all of them.
    weight_init : {"large", "scaled"}, default ``"large"``
        ``"large"``: weights and biases drawn from :math:`N(0, 1)`, as in ``network.py``
        (``large_weight_initializer`` in ``network2.py``). ``"scaled"``: weights from
        :math:`N(0, 1/n_{in})`, biases from :math:`N(0, 1)` (``default_weight_initializer``).
    seed : int or numpy.random.Generator, optional
        Seeds the initial weights and the shuffling in :meth:`SGD`: the same seed gives the
        same network and the same training run, bit for bit.
    dtype : numpy float dtype, default ``np.float64``
        The type of the weights and biases and of all computation, including data given to
        :meth:`SGD` (converted once, when training starts). ``np.float32`` halves the memory
        traffic and roughly doubles the speed of the matrix products, at about 7 significant
        digits; the initial parameters are the float64 ones rounded, so a float32 network
        starts from the same point as the float64 one with the same seed.

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
    >>> net = Network([4, 3], "log-likelihood", output_activation="softmax", seed=0)
    >>> round(float(net.feedforward(np.ones(4)).sum()), 12)
    1.0
    >>> Network([2, 3, 1], seed=0, dtype=np.float32).weights[0].dtype
    dtype('float32')
    >>> Network([4, 3], "cross-entropy", activation="tanh")
    Traceback (most recent call last):
    ...
    ValueError: the cross-entropy cost needs output activation 'sigmoid'; got 'tanh' (pass output_activation='sigmoid')
    """

    def __init__(self, sizes: Sequence[int], cost=QuadraticCost, *, activation="sigmoid",
                 output_activation=None, weight_init="large", seed=None, dtype=np.float64):
        sizes = [int(s) for s in sizes]
        if len(sizes) < 2:
            raise ValueError(f"a network needs at least two layers (input and output); got sizes {sizes}")
        if min(sizes) < 1:
            raise ValueError(f"every layer needs at least one neuron; got sizes {sizes}")
        self.dtype = np.dtype(dtype)
        if not np.issubdtype(self.dtype, np.floating):
            raise ValueError(f"dtype must be a floating-point type such as np.float64 or np.float32; got {self.dtype}")
        self.sizes = sizes
        self.num_layers = len(sizes)
        self.cost = get_cost(cost)
        self.activation = get_activation(activation)
        self._output_activation = None if output_activation is None else get_output_activation(output_activation)
        allowed = getattr(self.cost, "output_activations", None)
        if allowed is not None and self.output_activation.name not in allowed:
            name = getattr(self.cost, "name", self.cost.__name__)
            raise ValueError(
                f"the {name} cost needs output activation {' or '.join(map(repr, allowed))}; "
                f"got {self.output_activation.name!r} (pass output_activation={allowed[0]!r})"
            )
        self.velocities = None  # momentum: created by the first step with mu > 0
        self.rng = np.random.default_rng(seed)
        self.biases = [self.rng.standard_normal((n, 1)) for n in sizes[1:]]
        self.weights = [self.rng.standard_normal((n_out, n_in)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
        if weight_init == "scaled":
            for w in self.weights:
                w /= np.sqrt(w.shape[1])
        elif weight_init != "large":
            raise ValueError(f"unknown weight_init {weight_init!r}; expected 'large' or 'scaled'")
        if self.dtype != np.float64:  # drawn in float64 and rounded: the same start as float64
            self.biases = [b.astype(self.dtype) for b in self.biases]
            self.weights = [w.astype(self.dtype) for w in self.weights]

    def __repr__(self):
        out = "" if self._output_activation is None else f", output_activation={self._output_activation.name!r}"
        if self.dtype != np.float64:
            out += f", dtype=np.{self.dtype.name}"
        return f"Network({self.sizes}, cost={self.cost.__name__}, activation={self.activation.name!r}{out})"

    @property
    def output_activation(self) -> Activation:
        """The activation of the output layer: ``output_activation`` if one was given, else ``activation``."""
        return self.activation if self._output_activation is None else self._output_activation

    @property
    def layer_activations(self) -> list[Activation]:
        """The activation of each layer :math:`l = 2, \\dots, L`: hidden layers first, then the output layer."""
        return [self.activation] * (self.num_layers - 2) + [self.output_activation]

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
        for b, w, sigma in zip(self.biases, self.weights, self.layer_activations):
            a = sigma.fn(w @ a + b)
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
        for b, w, sigma in zip(self.biases, self.weights, self.layer_activations):
            z = w @ activations[-1] + b
            zs.append(z)
            activations.append(sigma.fn(z))
        return zs, activations
    # --8<-- [end:forward_pass]

    # --8<-- [start:output-error]
    def output_error(self, z, a, y):
        """The output error :math:`\\delta^L = \\partial C / \\partial z^L` (BP1).

        With the output activation a cost was written for (its ``delta_activation``) this
        is the cost's own formula: equation (30) for the quadratic cost with sigmoid
        outputs, :math:`a - y` for cross-entropy with sigmoid outputs and for
        log-likelihood with softmax outputs. A softmax layer under another cost gets the
        full Jacobian, :math:`\\delta_j = a_j (g_j - \\sum_k a_k g_k)` with
        :math:`g = \\nabla_a C`; any other elementwise activation gets BP1a,
        :math:`\\nabla_a C \\odot \\sigma'(z^L)`.

        Parameters
        ----------
        z, a, y : ndarray of shape (n_L, m)

        Returns
        -------
        ndarray of shape (n_L, m)
        """
        sigma = self.output_activation
        if sigma.name == getattr(self.cost, "delta_activation", "sigmoid"):
            return self.cost.delta(z, a, y)
        g = self.cost.derivative(a, y)
        if sigma.name == "softmax":  # da_k/dz_j = a_k (1[j = k] - a_j)
            return a * (g - np.sum(a * g, axis=0, keepdims=True))
        return g * sigma.prime(z)  # BP1a
    # --8<-- [end:output-error]

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
    def update_mini_batch(self, mini_batch, eta, *, lmbda=0.0, n=None, regularization="L2",
                          mu=0.0, dropout=0.0):
        """One step of gradient descent on a mini-batch of ``(x, y)`` pairs.

        :math:`w^l \\to w^l - \\frac{\\eta}{m} \\sum_x \\delta^{x,l} (a^{x,l-1})^T`,
        :math:`b^l \\to b^l - \\frac{\\eta}{m} \\sum_x \\delta^{x,l}`.

        The keyword arguments are chapter 3's, as in :meth:`SGD`; ``n``, the size of the
        whole training set, is needed when ``lmbda > 0``.
        """
        X, Y = as_arrays(mini_batch, self.sizes[0], self.sizes[-1], dtype=self.dtype)
        if lmbda or mu or dropout:  # chapter 3
            self._check_options(lmbda, n, regularization, mu, dropout)
            self._step_improved(X.T, Y.T, eta, lmbda, n, regularization, mu, dropout)
        else:
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
        nabla_b = [np.zeros_like(b) for b in self.biases]
        nabla_w = [np.zeros_like(w) for w in self.weights]
        for x, y in mini_batch:
            delta_nabla_b, delta_nabla_w = self.backprop(x, y)
            nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
            nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
        m = len(mini_batch)
        self.weights = [w - (eta / m) * nw for w, nw in zip(self.weights, nabla_w)]
        self.biases = [b - (eta / m) * nb for b, nb in zip(self.biases, nabla_b)]
    # --8<-- [end:update_mini_batch_per_example]

    # --8<-- [start:stepper]
    def _stepper(self, X, Y, eta, lmbda=0.0, n=None, regularization="L2", mu=0.0, dropout=0.0):
        """The step :meth:`SGD` takes, as a function ``step(batch)`` of the indices of a mini-batch.

        ``step(batch)`` does what ``update_mini_batch`` does on ``X[batch], Y[batch]`` with
        these options: :meth:`backprop_matrix` (or :meth:`backprop_dropout`), then the update of
        ``_step`` or ``_step_improved``, operation for operation in the same order, so that the
        numbers are the same bit for bit. What it saves is Python's overhead: every array it
        needs is allocated once, here, and every operation writes into one of them
        (``out=``, in-place updates); the mini-batch is gathered from ``X`` directly, with no
        shuffled copy of the training set; the sigmoid's :math:`\\sigma'(z)` is computed in the
        forward pass from the same :math:`e^{-|z|}` as :math:`\\sigma(z)` (the formulas of
        :mod:`nnadl.activations`, mirrored operation for operation) instead of from scratch in
        the backward pass; and names are looked up once.
        """
        W, B = self.weights, self.biases
        n_layers = len(W)
        activations = self.layer_activations
        is_sigmoid = [sigma.fn is sigmoid for sigma in activations]
        # BP1 for the quadratic cost with sigmoid outputs in place; other costs call output_error
        quadratic_sigmoid = self.cost is QuadraticCost and is_sigmoid[-1]
        keep_prime = [True] * (n_layers - 1) + [quadratic_sigmoid]
        dtype = self.dtype
        NW = [np.empty_like(w) for w in W]
        NB = [np.empty_like(b) for b in B]
        T = [np.empty_like(w) for w in W] if (lmbda and (mu or regularization == "L1")) else None
        if mu:
            if self.velocities is None:
                self.velocities = ([np.zeros_like(w) for w in W], [np.zeros_like(b) for b in B])
            V_w, V_b = self.velocities
        buffers = {}  # per mini-batch size (the last mini-batch may be smaller)

        def make_buffers(m):
            rows = [len(b) for b in B]
            new = lambda n_l, dt=dtype: [np.empty((k, m), dt) for k in n_l]
            return (np.empty((m, X.shape[1]), dtype), np.empty((m, Y.shape[1]), dtype),
                    new(rows), new(rows), new(rows), new(rows), new(rows), new(rows))

        matmul, multiply, sum_rows = np.matmul, np.multiply, np.add.reduce
        exp, copysign, add, divide, subtract, minimum, sign = (
            np.exp, np.copysign, np.add, np.divide, np.subtract, np.minimum, np.sign)
        take_x, take_y = X.take, Y.take
        layers = range(n_layers)
        backward = range(n_layers - 1, -1, -1)
        output_error = self.output_error

        def step(batch):
            m = len(batch)
            bufs = buffers.get(m)
            if bufs is None:
                bufs = buffers[m] = make_buffers(m)
            xb, yb, Z, A, E, S, SP, D = bufs
            # mode="clip" spares take a temporary copy; the indices are always in range
            take_x(batch, axis=0, out=xb, mode="clip")
            take_y(batch, axis=0, out=yb, mode="clip")
            x, y = xb.T, yb.T
            masks = self.dropout_masks(m, dropout) if dropout else None
            # forward_pass (forward_pass_dropout with masks)
            A_in = [x]
            a = x
            for i in layers:
                z = Z[i]
                matmul(W[i], a, out=z)
                z += B[i]
                if is_sigmoid[i]:  # the operations of activations.sigmoid and sigmoid_prime
                    e, d, a = E[i], S[i], A[i]
                    copysign(z, -1.0, out=e)  # -|z|
                    exp(e, out=e)  # e^{-|z|}
                    add(e, 1.0, out=d)  # 1 + e^{-|z|}
                    minimum(z, 0.0, out=a)
                    exp(a, out=a)
                    divide(a, d, out=a)  # sigma(z) = e^{min(z, 0)} / (1 + e^{-|z|})
                    if keep_prime[i]:
                        sp = SP[i]
                        multiply(d, d, out=sp)
                        divide(e, sp, out=sp)  # sigma'(z) = e^{-|z|} / (1 + e^{-|z|})^2
                else:
                    a = activations[i].fn(z)
                    if keep_prime[i]:
                        SP[i] = activations[i].prime(z)
                if masks is not None and i < n_layers - 1:
                    a *= masks[i]
                A_in.append(a)
            # BP1
            if quadratic_sigmoid:
                delta = D[-1]
                subtract(a, y, out=delta)
                delta *= SP[-1]
            else:
                delta = output_error(Z[-1], a, y)
            # BP3, BP4 and BP2, walking back from the output as backprop_matrix does
            for i in backward:
                sum_rows(delta, axis=1, keepdims=True, out=NB[i])  # delta.sum(axis=1)
                matmul(delta, A_in[i].T, out=NW[i])
                if i > 0:
                    d = D[i - 1]
                    matmul(W[i].T, delta, out=d)
                    d *= SP[i - 1]
                    if masks is not None:
                        d *= masks[i - 1]
                    delta = d
            # the update: _step, or _step_improved / _momentum_step with chapter 3's options
            if mu:
                for w, v, nw, t in zip(W, V_w, NW, T or W):
                    divide(nw, m, out=nw)  # grad = nw / m
                    if lmbda:
                        if regularization == "L2":
                            multiply(w, lmbda / n, out=t)
                        else:
                            sign(w, out=t)
                            t *= lmbda / n
                        nw += t
                    v *= mu
                    nw *= eta
                    v -= nw
                    w += v
                for b, v, nb in zip(B, V_b, NB):
                    v *= mu
                    divide(nb, m, out=nb)
                    nb *= eta
                    v -= nb
                    b += v
                return
            scale = eta / m
            for i in layers:
                w, nw = W[i], NW[i]
                if lmbda:
                    if regularization == "L2":
                        w *= 1 - eta * lmbda / n  # weight decay, equation (93)
                    else:
                        t = T[i]
                        sign(w, out=t)
                        t *= eta * lmbda / n
                        w -= t
                nw *= scale
                w -= nw
            for b, nb in zip(B, NB):
                nb *= scale
                b -= nb

        return step
    # --8<-- [end:stepper]

    # -- chapter 3: regularization, dropout, momentum -----------------------

    # --8<-- [start:regularization-term]
    def regularization_term(self, lmbda, n, regularization="L2"):
        r"""The term regularization adds to the cost: weights only, never biases.

        L2 (equation (85)): :math:`\frac{\lambda}{2n} \sum_w w^2`;
        L1 (equation (95)): :math:`\frac{\lambda}{n} \sum_w |w|`.

        Parameters
        ----------
        lmbda : float
            The regularization parameter :math:`\lambda` (``lambda`` is a Python keyword).
        n : int
            Size of the training set.
        regularization : {"L2", "L1"}, default "L2"

        Returns
        -------
        float

        Examples
        --------
        >>> net = Network([1, 1], seed=0)
        >>> net.weights[0][:] = 3.0
        >>> net.regularization_term(2.0, 4), net.regularization_term(2.0, 4, "L1")
        (2.25, 1.5)
        """
        if regularization == "L2":
            return 0.5 * (lmbda / n) * sum(float(np.sum(w * w)) for w in self.weights)
        if regularization == "L1":
            return (lmbda / n) * sum(float(np.sum(np.abs(w))) for w in self.weights)
        raise ValueError(f"unknown regularization {regularization!r}; expected 'L2' or 'L1'")
    # --8<-- [end:regularization-term]

    # --8<-- [start:dropout]
    def dropout_masks(self, m, p):
        r"""Masks that drop each hidden neuron with probability ``p``, independently per example.

        Inverted dropout: a kept neuron's activation is multiplied by :math:`1/(1-p)`, so
        that its expected value during training equals its value at test time, when nothing
        is dropped and nothing is rescaled. The masks come from the network's seeded
        generator, so a seeded training run is reproducible.

        Parameters
        ----------
        m : int
            Number of examples (columns).
        p : float, 0 <= p < 1
            Probability of dropping a neuron.

        Returns
        -------
        list of ndarray of shape (n_l, m)
            One per hidden layer, entries 0 (dropped) or :math:`1/(1-p)` (kept).

        Examples
        --------
        >>> net = Network([3, 4, 2], seed=0)
        >>> sorted(set(net.dropout_masks(5, 0.5)[0].ravel().tolist()))
        [0.0, 2.0]
        """
        return [(self.rng.random((n, m)) >= p).astype(self.dtype) / (1.0 - p) for n in self.sizes[1:-1]]

    def forward_pass_dropout(self, x, masks):
        """:meth:`forward_pass` through the thinned network: hidden activations times ``masks``.

        Parameters
        ----------
        x : ndarray of shape (n_in, m)
        masks : list of ndarray of shape (n_l, m), one per hidden layer (see :meth:`dropout_masks`)

        Returns
        -------
        zs, activations : lists of ndarray, as from :meth:`forward_pass`
        """
        activations = [x]
        zs = []
        for i, (b, w, sigma) in enumerate(zip(self.biases, self.weights, self.layer_activations)):
            z = w @ activations[-1] + b
            zs.append(z)
            a = sigma.fn(z)
            if i < len(masks):  # a hidden layer
                a = a * masks[i]
            activations.append(a)
        return zs, activations

    def backprop_dropout(self, x, y, masks):
        r""":meth:`backprop_matrix` through the thinned network given by ``masks``.

        A hidden activation is now :math:`a^l = \sigma(z^l) \odot r^l` with the mask
        :math:`r^l`, so BP2 gains the factor :math:`r^l`:
        :math:`\delta^l = ((w^{l+1})^T \delta^{l+1}) \odot \sigma'(z^l) \odot r^l`.
        A dropped neuron has zero error and zero activation, so none of its weights,
        incoming or outgoing, nor its bias changes for that example.

        Parameters
        ----------
        x : ndarray of shape (n_in, m)
        y : ndarray of shape (n_out, m)
        masks : list of ndarray of shape (n_l, m), one per hidden layer

        Returns
        -------
        nabla_b, nabla_w : lists of ndarray, summed over the mini-batch
        """
        zs, activations = self.forward_pass_dropout(x, masks)
        sigma_prime = self.activation.prime
        n = self.num_layers - 1
        nabla_b, nabla_w = [None] * n, [None] * n
        delta = self.output_error(zs[-1], activations[-1], y)  # BP1
        for i in range(n - 1, -1, -1):  # index i holds layer l = i + 2
            nabla_b[i] = delta.sum(axis=1, keepdims=True)  # BP3
            nabla_w[i] = delta @ activations[i].T  # BP4
            if i > 0:
                delta = (self.weights[i].T @ delta) * sigma_prime(zs[i - 1]) * masks[i - 1]  # BP2
        return nabla_b, nabla_w
    # --8<-- [end:dropout]

    def _step_improved(self, x, y, eta, lmbda, n, regularization, mu, dropout):
        """One step of gradient descent with chapter 3's options (``_step`` has none)."""
        m = x.shape[1]
        if dropout:
            nabla_b, nabla_w = self.backprop_dropout(x, y, self.dropout_masks(m, dropout))
        else:
            nabla_b, nabla_w = self.backprop_matrix(x, y)
        if mu:
            self._momentum_step(nabla_b, nabla_w, m, eta, lmbda, n, regularization, mu)
            return
        for w, nw in zip(self.weights, nabla_w):
            if regularization == "L2":
                # --8<-- [start:l2-update]
                w *= 1 - eta * lmbda / n  # weight decay, equation (93)
                w -= (eta / m) * nw
                # --8<-- [end:l2-update]
            else:
                # --8<-- [start:l1-update]
                w -= (eta * lmbda / n) * np.sign(w)  # a constant shrink towards 0, equation (97)
                w -= (eta / m) * nw
                # --8<-- [end:l1-update]
        for b, nb in zip(self.biases, nabla_b):
            b -= (eta / m) * nb  # biases are not regularized

    # --8<-- [start:momentum]
    def _momentum_step(self, nabla_b, nabla_w, m, eta, lmbda, n, regularization, mu):
        r"""Momentum-based gradient descent, equations (107)-(108): :math:`v \to \mu v - \eta \nabla C`, :math:`w \to w + v`.

        One velocity per weight matrix and per bias vector, kept in ``self.velocities``
        between steps; :math:`\nabla C` includes the regularization term.
        """
        if self.velocities is None:
            self.velocities = ([np.zeros_like(w) for w in self.weights],
                               [np.zeros_like(b) for b in self.biases])
        v_w, v_b = self.velocities
        for w, v, nw in zip(self.weights, v_w, nabla_w):
            grad = nw / m
            if lmbda:
                grad = grad + (lmbda / n) * (w if regularization == "L2" else np.sign(w))
            v *= mu
            v -= eta * grad
            w += v
        for b, v, nb in zip(self.biases, v_b, nabla_b):
            v *= mu
            v -= eta * (nb / m)
            b += v
    # --8<-- [end:momentum]

    # --8<-- [start:SGD]
    def SGD(self, training_data, epochs, mini_batch_size, eta, test_data=None, *,
            lmbda=0.0, regularization="L2", mu=0.0, dropout=0.0,
            evaluation_data=None,
            monitor_evaluation_cost=False, monitor_evaluation_accuracy=False,
            monitor_training_cost=False, monitor_training_accuracy=False,
            early_stopping_n=None, eta_schedule_n=None,
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
        lmbda : float, default 0
            The regularization parameter :math:`\\lambda` (chapter 3); ``n`` in
            :math:`\\lambda/n` is the size of ``training_data``.
        regularization : {"L2", "L1"}, default "L2"
            L2: :math:`w \\to (1 - \\eta\\lambda/n) w - \\eta \\partial C_0/\\partial w`;
            L1: :math:`w \\to w - (\\eta\\lambda/n) \\operatorname{sgn}(w) - \\eta \\partial C_0/\\partial w`.
        mu : float, default 0
            Momentum coefficient :math:`\\mu`, :math:`0 \\le \\mu \\le 1` (0: plain gradient descent).
        dropout : float, default 0
            Probability of dropping each hidden neuron during training (inverted dropout;
            see :meth:`dropout_masks`). Nothing is dropped when evaluating.
        evaluation_data : same forms as ``training_data``, optional
            network2's name: the data the ``monitor_evaluation_*`` flags, early stopping and
            the schedule measure. Defaults to ``test_data``; when both name the same data,
            its accuracy is computed once per epoch and recorded in both places.
        monitor_evaluation_cost, monitor_evaluation_accuracy, monitor_training_cost, monitor_training_accuracy : bool
            Record the cost (including the regularization term) or the accuracy on the
            evaluation or training data after every epoch, in the :class:`History`.
        early_stopping_n : int, optional
            Stop when the evaluation accuracy has not improved for this many epochs.
        eta_schedule_n : int, optional
            Halve :math:`\\eta` whenever the evaluation accuracy has not improved for this
            many epochs (counting again after each halving), and stop once :math:`\\eta` has
            fallen to 1/128 of its first value (the schedule of chapter 3's problem).
            Both rules need evaluation data and record the evaluation accuracy.
        per_example : bool, default False
            Use the book's per-example :meth:`backprop` loop instead of :meth:`backprop_matrix`
            (same numbers, several times slower; kept for teaching and benchmarks; chapter 1-2
            updates only, so not with ``lmbda``, ``mu`` or ``dropout``).
        callback : callable(epoch, history), optional
            Called after every epoch, e.g. to print progress. The library itself prints nothing.
        on_batch : callable(epoch, done, n), optional
            Called after every mini-batch with the number of examples done so far in the
            epoch, for progress bars.

        Returns
        -------
        History
            Including the learning rate of each epoch (``etas``) and why training stopped
            (``stop_reason``).

        Raises
        ------
        TrainingDiverged
            If the weights, or a monitored cost, stop being finite, naming the epoch and the
            learning rate.

        Examples
        --------
        >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]); Y = np.array([0, 1, 1, 0])
        >>> net = Network([2, 8, 2], "cross-entropy", seed=0)
        >>> h = net.SGD((X, Y), 5, 2, 1.0, lmbda=0.1, evaluation_data=(X, Y),
        ...             monitor_evaluation_cost=True, monitor_training_accuracy=True)
        >>> len(h.evaluation_cost), len(h.training_accuracy), len(h.evaluation_accuracy), h.stop_reason
        (5, 5, 0, 'epochs')
        """
        if epochs < 0 or mini_batch_size < 1 or not eta > 0:
            raise ValueError(
                f"need epochs >= 0, mini_batch_size >= 1 and eta > 0; "
                f"got epochs={epochs}, mini_batch_size={mini_batch_size}, eta={eta}"
            )
        improved = bool(lmbda or mu or dropout)  # any of chapter 3's changes to the step
        if improved:
            self._check_options(lmbda, 1, regularization, mu, dropout)
            if per_example:
                raise ValueError("per_example=True runs the chapter 1-2 step only; "
                                 "it cannot be combined with lmbda, mu or dropout")
        sizes, dtype = (self.sizes[0], self.sizes[-1]), self.dtype  # data converted once, here
        X, Y = as_arrays(training_data, *sizes, dtype=dtype)
        if len(X) == 0:
            raise ValueError("training_data is empty: SGD needs at least one training example")
        test = None if test_data is None else as_arrays(test_data, *sizes, dtype=dtype)
        if evaluation_data is None or evaluation_data is test_data:
            evaluation = test  # the same data: converted, and later measured, once
        else:
            evaluation = as_arrays(evaluation_data, *sizes, dtype=dtype)
        stop_early = None if early_stopping_n is None else NoImprovement(early_stopping_n)
        schedule = None if eta_schedule_n is None else NoImprovement(eta_schedule_n)
        monitor_evaluation_accuracy = monitor_evaluation_accuracy or stop_early is not None or schedule is not None
        if evaluation is None and (monitor_evaluation_cost or monitor_evaluation_accuracy):
            raise ValueError("monitoring evaluation cost or accuracy, early stopping and the eta schedule "
                             "need evaluation_data (or test_data)")
        history = History(test_total=0 if test is None else len(test[0]),
                          evaluation_total=0 if evaluation is None else len(evaluation[0]),
                          training_total=len(X))
        n = len(X)
        eta_0 = eta
        for epoch in range(epochs):
            history.etas.append(eta)
            order = self.rng.permutation(n)
            # The update_mini_batch step on examples X[batch], Y[batch], in buffers made once
            # (see _stepper): the same numbers as _step and _step_improved, bit for bit.
            step = None if per_example else self._stepper(X, Y, eta, lmbda, n, regularization, mu, dropout)
            # Overflow can only come from diverging weights; it is reported below as one
            # clear error rather than as a stream of warnings.
            with np.errstate(over="ignore", invalid="ignore"):
                for k in range(0, n, mini_batch_size):
                    batch = order[k:k + mini_batch_size]
                    if per_example:
                        self.update_mini_batch_per_example(list(zip(X[batch], Y[batch])), eta)
                    else:
                        step(batch)
                    if on_batch is not None:
                        on_batch(epoch, k + len(batch), n)
            self._check_finite(epoch, eta)
            accuracy = self._monitor(
                epoch, eta, history, (X, Y), test, evaluation, lmbda, n, regularization,
                monitor_evaluation_cost, monitor_evaluation_accuracy,
                monitor_training_cost, monitor_training_accuracy)
            if callback is not None:
                callback(epoch, history)
            if stop_early is not None and stop_early(accuracy):
                history.stop_reason = "early_stopping"
                break
            if schedule is not None and schedule(accuracy):
                eta /= 2
                schedule.reset()
                if eta <= eta_0 / 128:
                    history.stop_reason = "eta_schedule"
                    break
        return history
    # --8<-- [end:SGD]

    def _monitor(self, epoch, eta, history, training, test, evaluation, lmbda, n, regularization,
                 evaluation_cost, evaluation_accuracy, training_cost, training_accuracy):
        """Measure and record what ``SGD`` was asked to monitor; return the evaluation accuracy (or None)."""
        def measure(data, name, want_cost, want_correct):
            cost, correct = self._measure(*data, want_cost, want_correct, lmbda, n, regularization)
            if want_cost and not np.isfinite(cost):
                raise TrainingDiverged(
                    f"training diverged in epoch {epoch}: the cost on the {name} data is no longer "
                    f"finite (NaN or inf); try a smaller learning rate than eta={eta}"
                )
            return cost, correct

        if training_cost or training_accuracy:
            cost, correct = measure(training, "training", training_cost, training_accuracy)
            if training_cost:
                history.training_cost.append(cost)
            if training_accuracy:
                history.training_accuracy.append(correct / history.training_total)
        accuracy = evaluation_correct = None
        if evaluation_cost or evaluation_accuracy:
            cost, evaluation_correct = measure(evaluation, "evaluation", evaluation_cost, evaluation_accuracy)
            if evaluation_cost:
                history.evaluation_cost.append(cost)
            if evaluation_accuracy:
                accuracy = evaluation_correct / history.evaluation_total
                history.evaluation_accuracy.append(accuracy)
        if test is not None:
            if test is evaluation and evaluation_correct is not None:
                correct = evaluation_correct  # the same data: measured once
            else:
                correct = self._count_correct(*test)
            history.test_correct.append(correct)
            history.test_accuracy.append(correct / history.test_total)
        return accuracy

    def _measure(self, X, Y, want_cost, want_correct, lmbda, n, regularization):
        """Cost and number correct on ``(X, Y)`` from a single feedforward pass."""
        A = self.feedforward(X.T)
        cost = self._cost(A, Y, lmbda, n, regularization) if want_cost else None
        correct = _n_correct(A, Y) if want_correct else None
        return cost, correct

    def evaluate(self, test_data):
        """Number of examples in ``test_data`` whose label is the most active output neuron.

        ``test_data`` takes either form; labels may be integers or one-hot columns.

        Examples
        --------
        >>> net = Network([2, 2], seed=1)
        >>> net.evaluate([(np.array([1.0, 0.0]), 0), (np.array([0.0, 1.0]), 1)]) in (0, 1, 2)
        True
        """
        return self._count_correct(*as_arrays(test_data, self.sizes[0], self.sizes[-1], dtype=self.dtype))

    # --8<-- [start:total-cost]
    def total_cost(self, data, *, lmbda=0.0, n=None, regularization="L2"):
        r"""The average cost :math:`C = \frac{1}{n} \sum_x C_x` over ``data`` (either form), plus the regularization term.

        The regularization term (:meth:`regularization_term`) is added once, after the
        average: not once per example, a slip in some ports of ``network2.py``.

        Parameters
        ----------
        data : sequence of (x, y) pairs, or tuple (X, Y)
        lmbda : float, default 0
        n : int, optional
            The :math:`n` of :math:`\lambda/n`: the size of the training set. Defaults to
            ``len(data)``, as in ``network2.py``.
        regularization : {"L2", "L1"}, default "L2"

        Returns
        -------
        float

        Examples
        --------
        >>> net = Network([2, 1], seed=0)
        >>> data = [(np.array([1.0, 0.0]), np.array([1.0]))]
        >>> c0, c = net.total_cost(data), net.total_cost(data, lmbda=2.0)
        >>> bool(np.isclose(c - c0, float(np.sum(net.weights[0] ** 2))))  # (lambda / 2n) = 1
        True
        """
        X, Y = as_arrays(data, self.sizes[0], self.sizes[-1], dtype=self.dtype)
        return self._cost(self.feedforward(X.T), Y, lmbda, len(X) if n is None else n, regularization)

    def _cost(self, A, Y, lmbda, n, regularization):
        """The average cost of the outputs ``A`` (columns) against the targets ``Y`` (rows)."""
        cost = float(self.cost.fn(A, Y.T)) / len(Y)
        if lmbda:
            cost += self.regularization_term(lmbda, n, regularization)
        return cost
    # --8<-- [end:total-cost]

    # -- helpers ------------------------------------------------------------

    def _check_options(self, lmbda, n, regularization, mu, dropout):
        if regularization not in ("L2", "L1"):
            raise ValueError(f"unknown regularization {regularization!r}; expected 'L2' or 'L1'")
        if not lmbda >= 0:
            raise ValueError(f"lmbda must be >= 0; got {lmbda}")
        if lmbda and not (n is not None and n >= 1):
            raise ValueError(f"lmbda > 0 needs n, the size of the training set; got n={n}")
        if not 0 <= mu <= 1:
            raise ValueError(f"the momentum coefficient mu must lie in [0, 1]; got {mu}")
        if not 0 <= dropout < 1:
            raise ValueError(f"dropout is a probability in [0, 1); got {dropout}")

    def _count_correct(self, X, Y):
        return _n_correct(self.feedforward(X.T), Y)

    def _input(self, a):
        a = np.asarray(a, dtype=self.dtype)
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
        return x.astype(self.dtype, copy=False), y.astype(self.dtype, copy=False)

    def _check_finite(self, epoch, eta):
        check_finite(self.weights + self.biases, epoch, eta)
