r"""Chapter 3: chapter 1's network, improved — the book's ``network2.py``, built on :mod:`nnadl.network`.

The book copies ``network.py`` into ``network2.py`` and edits the copy; here
:class:`Network` *inherits* chapter 1's network, so ``feedforward``, ``backprop`` (BP1-BP4) and
``evaluate`` are the very code chapters 1 and 2 show, and this module adds only what chapter 3
changes:

- the cost (:mod:`nnadl.costs`) and with it BP1, :meth:`Network.output_error`;
- other neurons (tanh, ReLU, a softmax output layer; :mod:`nnadl.activations`);
- the weight initialization, :func:`default_weight_initializer`;
- dropout, as a *thinned* network: :meth:`Network.dropout_masks` and :func:`thinned`;
- training with L2 or L1 regularization, momentum, network2's monitoring, early stopping and
  the learning-rate schedule, through the loop shared with chapter 6, :func:`nnadl.training.SGD`
  (each technique a short function there and in :mod:`nnadl.regularization`);
- ``total_cost``, ``accuracy``, and saving to network2's JSON and :func:`load` (the file format
  is :mod:`nnadl.formats`).

Deliberate differences from the book's ``network2.py``: accuracies in the
:class:`~nnadl.training.History` are fractions (the counts are ``accuracy * total``); the
regularization term of every monitored cost uses ``n`` = the size of the *training* set, the
``n`` of the cost being minimized (the book divides by the size of whichever set it
evaluates); dropout draws a mask per example rather than one per mini-batch; momentum acts on
biases as well as weights; the default initialization is chapter 1's, so that
``Network(sizes, seed=s)`` is the same network in both modules (pass
``weight_init="scaled"`` for the book's ``default_weight_initializer``).
"""

from __future__ import annotations

import contextlib
from typing import Sequence

import numpy as np

from . import _checks, training
from .activations import Activation, get_activation, get_output_activation
from . import costs
from .costs import QuadraticCost, get_cost
from .datasets import as_arrays
from .formats import SavedNetwork, read_network, save_network
from .network import Network as Network1
from .regularization import term
from .training import History, NoImprovement, TrainingDiverged

__all__ = ["History", "Network", "NoImprovement", "TrainingDiverged", "default_weight_initializer", "from_saved",
           "load", "thinned"]


# --8<-- [start:initializers]
def default_weight_initializer(net):
    r"""Rescale ``net``'s weights (in place) from :math:`N(0, 1)` to :math:`N(0, 1/n_{in})`, as network2 starts.

    Each weight into a neuron is divided by :math:`\sqrt{n_{in}}`, so the weighted input
    :math:`z = \sum_j w_j x_j + b` has a standard deviation of about 1 instead of about
    :math:`\sqrt{n_{in}}`, and the neuron starts far from saturation. The biases keep
    :math:`N(0, 1)`. (network2's ``large_weight_initializer`` is chapter 1's start, which every
    network is given first.)
    """
    for w in net.weights:
        w /= np.sqrt(w.shape[1])
# --8<-- [end:initializers]


# --8<-- [start:thinned]
def thinned(sigma: Activation, r) -> Activation:
    r"""The activation of a layer under dropout: :math:`\sigma(z) \odot r`, with derivative :math:`\sigma'(z) \odot r`.

    ``r`` is the layer's mask, 0 for a dropped neuron and :math:`1/(1-p)` for a kept one, one
    column per example. A dropped neuron outputs 0 and, by BP2, gets the error
    :math:`\delta = 0`, so neither its bias nor any weight in or out of it changes: it is
    gone from the network for that example. Backpropagation through the thinned network
    needs no other change.
    """
    return Activation(sigma.name, lambda z: sigma(z) * r, lambda z: sigma.prime(z) * r)
# --8<-- [end:thinned]


class Network(Network1):
    """Chapter 1's network with chapter 3's choices: the cost, the neurons, the initial weights.

    Parameters
    ----------
    sizes : sequence of int
        Neurons per layer, input first.
    cost : cost class or str, default :class:`~nnadl.costs.QuadraticCost`
        Provides ``fn``, ``derivative`` and ``delta`` (see :mod:`nnadl.costs`):
        ``"quadratic"``, ``"cross-entropy"`` or ``"log-likelihood"``.
    activation : str or Activation, default ``"sigmoid"``
        The neuron :math:`\\sigma` of every hidden layer, and of the output layer unless
        ``output_activation`` says otherwise: ``"sigmoid"``, ``"tanh"`` or ``"relu"``.
    output_activation : str or Activation, optional
        The output layer's activation; ``None`` (the default) means the same as
        ``activation``. ``"softmax"`` is allowed here. A cost defined only for some output
        activations refuses the others with a ``ValueError``: cross-entropy needs
        ``"sigmoid"`` outputs (it takes :math:`\\ln(1 - a)`), log-likelihood needs ``"softmax"``.
    weight_init : {"large", "scaled"}, default ``"large"``
        ``"large"``: chapter 1's :math:`N(0, 1)` (network2's ``large_weight_initializer``).
        ``"scaled"``: weights from :math:`N(0, 1/n_{in})` (``default_weight_initializer``).
    seed : int or numpy.random.Generator, optional
        Seeds the initial weights, the shuffling and the dropout masks.
    dtype : numpy float dtype, default ``np.float64``
        The type of the weights and biases and of all computation, including the data given to
        :meth:`SGD` (converted once, when training starts). ``np.float32`` halves the memory
        traffic, at about 7 significant digits; the initial parameters are the float64 ones
        rounded, so a float32 network starts where the float64 one with the same seed does.

    Examples
    --------
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

    example_axis = 1  # examples are columns

    def __init__(self, sizes: Sequence[int], cost=QuadraticCost, *, activation="sigmoid",
                 output_activation=None, weight_init="large", seed=None, dtype=np.float64):
        if weight_init not in ("large", "scaled"):
            raise ValueError(f"unknown weight_init {weight_init!r}; expected 'large' or 'scaled'")
        self.dtype = _checks.float_dtype(dtype)
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
        super().__init__(sizes, seed=seed)
        if weight_init == "scaled":
            default_weight_initializer(self)
        self.weight_init = weight_init
        self.sigma = [self.activation] * (self.num_layers - 2) + [self.output_activation]
        self.velocities = None  # momentum: created by the first step with mu > 0
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

    # --8<-- [start:output-error]
    def output_error(self, z, a, y):
        """The output error :math:`\\delta^L = \\partial C / \\partial z^L` (BP1) for this network's cost.

        With the output activation a cost was written for (its ``delta_activation``) this is
        the cost's own formula: equation (30) for the quadratic cost with sigmoid outputs,
        :math:`a - y` for cross-entropy with sigmoid outputs and for log-likelihood with
        softmax outputs. A softmax layer under another cost gets the full Jacobian,
        :math:`\\delta_j = a_j (g_j - \\sum_k a_k g_k)` with :math:`g = \\nabla_a C`; any other
        elementwise activation gets BP1a, :math:`\\nabla_a C \\odot \\sigma'(z^L)`.
        """
        sigma = self.output_activation
        if sigma.name == getattr(self.cost, "delta_activation", "sigmoid"):
            return self.cost.delta(z, a, y)
        g = self.cost.derivative(a, y)
        if sigma.name == "softmax":  # da_k/dz_j = a_k (1[j = k] - a_j)
            return a * (g - np.sum(a * g, axis=0, keepdims=True))
        return g * self.sigma[-1].prime(z)  # BP1a
    # --8<-- [end:output-error]

    def cost_derivative(self, a, y):
        """:math:`\\nabla_a C` for this network's cost."""
        return self.cost.derivative(a, y)

    # --8<-- [start:dropout]
    def dropout_masks(self, m, p):
        r"""Masks that drop each hidden neuron with probability ``p``, independently per example.

        Inverted dropout: a kept neuron's activation is multiplied by :math:`1/(1-p)`, so that
        its expected value during training equals its value at test time, when nothing is
        dropped and nothing is rescaled. The masks come from the network's seeded generator.

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

    @contextlib.contextmanager
    def thinned_by(self, masks):
        """Within the ``with`` block, this network is the thinned network given by ``masks``: each
        hidden layer's activation is :func:`thinned` by its mask, so :meth:`forward_pass` and
        :meth:`~nnadl.network.Network.backprop` run through the thinned network unchanged."""
        full = self.sigma
        self.sigma = [thinned(sigma, r) for sigma, r in zip(full, masks)] + full[len(masks):]
        try:
            yield self
        finally:
            self.sigma = full
    # --8<-- [end:dropout]

    # --8<-- [start:SGD]
    def SGD(self, training_data, epochs, mini_batch_size, eta, test_data=None, *, lmbda=0.0,
            regularization="L2", mu=0.0, dropout=0.0, evaluation_data=None, **monitoring) -> History:
        """Train by mini-batch SGD with chapter 3's techniques, through :func:`nnadl.training.SGD`.

        Parameters
        ----------
        training_data, epochs, mini_batch_size, eta, test_data
            As chapter 1's :meth:`nnadl.network.Network.SGD`.
        lmbda : float, default 0
            The regularization parameter :math:`\\lambda`; ``n`` in :math:`\\lambda/n` is the size
            of ``training_data``.
        regularization : {"L2", "L1"}, default "L2"
            The update each makes: :func:`nnadl.regularization.l2_update`, :func:`~nnadl.regularization.l1_update`.
        mu : float, default 0
            Momentum coefficient :math:`\\mu`, :math:`0 \\le \\mu \\le 1` (0: plain gradient descent).
        dropout : float, default 0
            Probability of dropping each hidden neuron during training (:meth:`dropout_masks`).
        evaluation_data : same forms as ``training_data``, optional
            network2's name for the data that the ``monitor_evaluation_*`` flags, early stopping
            and the schedule measure. Defaults to ``test_data``.
        **monitoring
            ``monitor_evaluation_cost``, ``monitor_evaluation_accuracy``,
            ``monitor_training_cost``, ``monitor_training_accuracy`` (bool): record these after
            every epoch, as network2 does; ``early_stopping_n`` (stop when the evaluation
            accuracy has not improved for this many epochs); ``eta_schedule_n`` (halve
            :math:`\\eta` after this many epochs without improvement, and stop at 1/128 of it);
            ``callback(epoch, history)`` after every epoch and ``on_batch(epoch, done, n)``
            after every mini-batch, for progress reports (the library itself prints nothing).

        Returns
        -------
        History

        Examples
        --------
        >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]); Y = np.array([0, 1, 1, 0])
        >>> net = Network([2, 8, 2], "cross-entropy", seed=0)
        >>> h = net.SGD((X, Y), 5, 2, 1.0, lmbda=0.1, evaluation_data=(X, Y),
        ...             monitor_evaluation_cost=True, monitor_training_accuracy=True)
        >>> len(h.evaluation_cost), len(h.training_accuracy), len(h.evaluation_accuracy), h.stop_reason
        (5, 5, 0, 'epochs')
        """
        return training.SGD(self, training_data, epochs, mini_batch_size, eta, test_data, lmbda=lmbda,
                            regularization=regularization, mu=mu, dropout=dropout,
                            evaluation_data=evaluation_data, **monitoring)
    # --8<-- [end:SGD]

    def update_mini_batch(self, x, y, eta, lmbda=0.0, n=None, *, regularization="L2", mu=0.0, dropout=0.0):
        """One step of :meth:`SGD` on the mini-batch whose examples are the columns of ``x`` and ``y``.

        The keyword arguments are chapter 3's, as in :meth:`SGD`; ``n``, the size of the whole
        training set, is needed when ``lmbda > 0`` (the book's ``update_mini_batch(mini_batch, eta, lmbda, n)``).
        """
        training.check_options(lmbda, n, regularization, mu, dropout)
        x, y = self._columns(x), self._targets(y)
        training.update(self, *self.gradient(x, y, dropout), x.shape[1], eta, lmbda, n, regularization, mu)

    # -- what the training loop asks of a network (see nnadl.training) ----------------------

    def examples(self, data, what="data"):
        """``data`` in either form as columns ``(x, y)`` of the network's type (converted once)."""
        try:
            X, Y = as_arrays(data, self.sizes[0], self.sizes[-1], dtype=self.dtype)
        except ValueError as e:
            raise ValueError(f"{what}: {e}") from None
        return X.T, Y.T

    @staticmethod
    def mini_batch(x, y, batch):
        """The examples at the indices ``batch``: columns of ``x`` and ``y``."""
        return x[:, batch], y[:, batch]

    def gradient(self, x, y, dropout=0.0):
        """The gradient summed over the columns of ``x`` and ``y``, through a thinned network if ``dropout``."""
        if dropout:
            with self.thinned_by(self.dropout_masks(x.shape[1], dropout)):
                return self.backprop(x, y)
        return self.backprop(x, y)

    def measure(self, x, y, want_cost, want_correct, lmbda=0.0, n=None, regularization="L2"):
        """The cost (with the regularization term) and the number classified correctly, from one feedforward."""
        a = self.feedforward(x)
        cost = self._cost(a, y, lmbda, n, regularization) if want_cost else None
        correct = int(np.sum(np.argmax(a, axis=0) == np.argmax(y, axis=0))) if want_correct else None
        return cost, correct

    # --8<-- [start:total-cost]
    def total_cost(self, data, *, lmbda=0.0, n=None, regularization="L2"):
        r"""The average cost :math:`C = \frac{1}{n} \sum_x C_x` over ``data`` (either form), plus the regularization term.

        The regularization term (:func:`nnadl.regularization.term`) is added once, after the
        average: not once per example, a slip in some ports of ``network2.py``.

        Parameters
        ----------
        data : sequence of (x, y) pairs, or tuple (X, Y)
        lmbda : float, default 0
        n : int, optional
            The :math:`n` of :math:`\lambda/n`: the size of the training set. Defaults to
            ``len(data)``, as in ``network2.py``.
        regularization : {"L2", "L1"}, default "L2"

        Examples
        --------
        >>> net = Network([2, 1], seed=0)
        >>> data = [(np.array([1.0, 0.0]), np.array([1.0]))]
        >>> c0, c = net.total_cost(data), net.total_cost(data, lmbda=2.0)
        >>> bool(np.isclose(c - c0, float(np.sum(net.weights[0] ** 2))))  # (lambda / 2n) = 1
        True
        """
        x, y = self.examples(data)
        if x.shape[1] == 0:
            raise ValueError("data is empty: the average cost of no examples is undefined")
        return self._cost(self.feedforward(x), y, lmbda, x.shape[1] if n is None else n, regularization)

    def _cost(self, a, y, lmbda, n, regularization):
        """The average cost of the outputs ``a`` against the targets ``y`` (columns), plus the regularization term."""
        cost = float(self.cost.fn(a, y)) / y.shape[1]
        if lmbda:
            cost += term(self.weights, lmbda, n, regularization)
        return cost
    # --8<-- [end:total-cost]

    def regularization_term(self, lmbda, n, regularization="L2"):
        """:func:`nnadl.regularization.term` of this network's weights.

        Examples
        --------
        >>> net = Network([1, 1], seed=0)
        >>> net.weights[0][:] = 3.0
        >>> net.regularization_term(2.0, 4), net.regularization_term(2.0, 4, "L1")
        (2.25, 1.5)
        """
        return term(self.weights, lmbda, n, regularization)

    def accuracy(self, data):
        """The fraction of ``data`` (either form) classified correctly, network2's ``accuracy`` as a fraction."""
        x, y = self.examples(data)
        if x.shape[1] == 0:
            raise ValueError("data is empty: the accuracy on no examples is undefined")
        return self.measure(x, y, False, True)[1] / x.shape[1]

    def save(self, filename, trained_on=None):
        """Save to network2's JSON format (:func:`nnadl.formats.save_network`); :func:`load` reads it back.

        ``trained_on``, a dict saying what the network was trained on, is kept in the file. Returns the path.
        """
        return save_network(self, filename, trained_on)


# --8<-- [start:load-network]
def load(filename, cost=None) -> Network:
    """Read a network saved by :meth:`Network.save` or by the book's ``network2.py``, as its ``load``.

    Parameters
    ----------
    filename : str or Path
    cost : cost class, optional
        The cost of a network trained with a cost of your own: a file names its cost only by its
        class name, and only the costs of :mod:`nnadl.costs` are known by name. It must have the
        name the file gives.

    Returns
    -------
    Network
        Weights and biases as arrays of shapes ``(n_out, n_in)`` and ``(n_out, 1)``.

    Raises
    ------
    FileNotFoundError
        If there is no such file.
    ValueError
        Not a saved network (:func:`nnadl.formats.read_network`), an unknown cost or activation;
        the message names the file and the problem.

    Examples
    --------
    >>> import os, tempfile
    >>> net = Network([2, 3, 1], seed=0)
    >>> copy = load(net.save(os.path.join(tempfile.mkdtemp(), "net.json")))
    >>> all(np.array_equal(a, b) for a, b in zip(net.weights, copy.weights))
    True
    """
    return from_saved(read_network(filename), cost)


def from_saved(saved: SavedNetwork, cost=None) -> Network:
    """The network that ``saved`` (what :func:`nnadl.formats.read_network` read) describes."""
    options = {"activation": saved.activation, "dtype": saved.dtype}
    if saved.output_activation is not None:
        options["output_activation"] = saved.output_activation
    try:
        net = Network(saved.sizes, cost=_cost_class(saved.cost, saved.path, cost), **options)
    except ValueError as e:
        raise ValueError(f"{saved.path}: {e}") from None
    net.weights = [w.astype(net.dtype) for w in saved.weights]
    net.biases = [b.astype(net.dtype) for b in saved.biases]
    return net
# --8<-- [end:load-network]


def _cost_class(name, path, given=None):
    """The cost class whose ``__name__`` (or registry key) is ``name``: ``given`` if it is that
    class, else one of :data:`nnadl.costs.COSTS` (looked up now, so costs added later count)."""
    if given is not None:
        if name not in (given.__name__, getattr(given, "name", None)):
            raise ValueError(f"{path}: the network was saved with the cost {name!r}, not {given.__name__!r}")
        return given
    for key, cls in costs.COSTS.items():
        if name in (cls.__name__, key):
            return cls
    known = ", ".join(cls.__name__ for cls in costs.COSTS.values())
    raise ValueError(f"{path}: unknown cost {name!r}; expected one of: {known} "
                     f"(a cost of your own is loaded with load_network(path, cost=YourCost))")

