r"""Convolutional networks (chapter 6): the book's ``network3.py`` in numpy, without Theano.

The vocabulary is ``network3``'s: the layers of :mod:`nnadl.layers` (:class:`~nnadl.layers.ConvPoolLayer`,
:class:`~nnadl.layers.FullyConnectedLayer`, :class:`~nnadl.layers.SoftmaxLayer`) are stacked in
a :class:`Network`, which :meth:`Network.SGD` trains on the log-likelihood cost, reporting the
validation accuracy after every epoch and the test accuracy at the best validation epoch.
:class:`Ensemble` lets several trained networks vote; :func:`load` reads a saved network back.
The steps the layers take, one by one, are in :mod:`nnadl.convolution`.

**Examples are rows** (batch first), unlike :mod:`nnadl.network`, where they are columns: images
are arrays of shape ``(m, c, h, w)`` and the input of a fully connected layer a matrix of shape
``(m, n_in)``; the weights are not flipped (see :mod:`nnadl.layers`).

Data
----
``training_data``, ``validation_data`` and ``test_data`` are tuples ``(X, labels)``: ``X`` of
shape ``(n, 784)`` or ``(n, 1, 28, 28)`` (in general ``(n, d)`` or ``(n, *input_shape)``, where
the first layer expects ``d`` values in all), ``labels`` integers of shape ``(n,)`` or one-hot
rows ``(n, n_out)``: the tuple form that :func:`nnadl.datasets.as_arrays` accepts (its list of
``(x, y)`` pairs is accepted too).

Differences from ``network3.py``
--------------------------------
- numpy instead of Theano; cross-correlation instead of Theano's flipped convolution (above).
- Any batch size works at run time: ``image_shape[0]`` and ``Network(..., mini_batch_size)`` are
  kept for the book's vocabulary and checked, never used to constrain a batch.
- :meth:`Network.SGD` shuffles the training data every epoch (``network3`` does not) and uses
  every example (``network3`` drops the last partial mini-batch). It prints nothing: it returns a
  :class:`History` and calls an optional ``callback``.
- L2 regularization adds :math:`\frac{\lambda}{2n}\sum w^2` (chapter 3's equation (85), with
  :math:`n` the number of training examples) to the mean log-likelihood of each mini-batch.
  ``network3`` divides by the number of mini-batches instead, which makes its :math:`\lambda` act
  ``mini_batch_size`` times more strongly: its ``lmbda=0.1`` with mini-batches of 10 is
  ``lmbda=1.0`` here.
- One seed (``Network(..., seed=...)``) fixes the initial weights, the shuffling and the dropout
  masks.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from . import _checks, training
from .costs import LogLikelihoodCost
from .datasets import as_arrays
from .formats import read_conv, save_conv
from .layers import (
    _DTYPES,
    LAYER_TYPES,
    ConvPoolLayer,
    FullyConnectedLayer,  # noqa: F401 (the examples build networks of it; importable from here, as in network3)
    SoftmaxLayer,
    _Layer,
    _positive,
    _rng,
)
from .regularization import gradient, term
from .training import History

# The layers are documented where they live, nnadl.layers; they are importable from here too.
__all__ = ["Ensemble", "History", "Network", "load"]


class Network:
    r"""A stack of layers trained by stochastic gradient descent, as ``network3``'s ``Network``.

    It trains through the same loop as chapter 3's network, :func:`nnadl.training.SGD`, and
    records the same :class:`~nnadl.training.History`.

    Parameters
    ----------
    layers : list of ConvPoolLayer, FullyConnectedLayer, SoftmaxLayer
        Each layer's input must match the previous layer's output (checked: ``ValueError``
        naming the pair); the last layer must be a :class:`SoftmaxLayer`.
    mini_batch_size : int, default 10
        ``network3``'s argument, kept for its vocabulary; it does not constrain the batch size.
    seed : int or numpy.random.Generator, optional
        Draws the initial weights of every layer built without a seed of its own (in layer
        order), the shuffling in :meth:`SGD` and the dropout masks: the same seed gives the same
        network and the same training run.
    dtype : numpy float dtype, default numpy.float64
        ``numpy.float32`` stores every parameter and does every computation in single precision.

    Examples
    --------
    >>> net = Network([ConvPoolLayer((2, 1, 3, 3), (10, 1, 8, 8)),
    ...                FullyConnectedLayer(2 * 3 * 3, 5), SoftmaxLayer(5, 3)], seed=0)
    >>> net.feedforward(np.zeros((4, 64))).shape
    (4, 3)
    >>> Network([ConvPoolLayer((20, 1, 5, 5), (10, 1, 28, 28)), FullyConnectedLayer(100, 10),
    ...          SoftmaxLayer(10, 10)])
    Traceback (most recent call last):
    ...
    ValueError: layer 1 (ConvPoolLayer) outputs (20, 12, 12) = 2880 values but layer 2 (FullyConnectedLayer) expects n_in=100
    """

    example_axis = 0  # examples are rows, as network3 has them

    def __init__(self, layers: Sequence, mini_batch_size=10, *, seed=None, dtype=np.float64):
        layers = list(layers)
        if not layers:
            raise ValueError("a network needs at least one layer")
        for i, layer in enumerate(layers, start=1):
            if not isinstance(layer, _Layer):
                raise ValueError(f"layer {i} is {layer!r}; expected a ConvPoolLayer, FullyConnectedLayer or SoftmaxLayer")
        if not isinstance(layers[-1], SoftmaxLayer):
            raise ValueError(
                f"the last layer must be a SoftmaxLayer (the cost is its log-likelihood); "
                f"got {type(layers[-1]).__name__}"
            )
        for i, (prev, layer) in enumerate(zip(layers[:-1], layers[1:]), start=1):
            _check_fit(i, prev, layer)
        self.dtype = _checks.float_dtype(dtype)
        if self.dtype not in _DTYPES:
            raise ValueError(f"dtype must be float64 or float32; got {self.dtype}")
        self.layers = layers
        self.mini_batch_size = _positive(mini_batch_size, "mini_batch_size")
        self.rng = _rng(seed)
        self.velocities = None  # momentum: created by the first step with mu > 0
        for layer in layers:
            if not layer.has_own_seed:
                layer.init_params(self.rng)
            layer.astype(self.dtype)

    def __repr__(self):
        inner = ",\n    ".join(repr(layer) for layer in self.layers)
        return f"Network([\n    {inner}],\n    mini_batch_size={self.mini_batch_size}, dtype={self.dtype.name})"

    @property
    def params(self):
        """Every layer's ``w`` and ``b``, in order, as ``network3``'s ``params``."""
        return [p for layer in self.layers for p in layer.params]

    @property
    def weights(self):
        """Every layer's ``w``: the arrays themselves, so a step that changes them in place changes the layers."""
        return [layer.w for layer in self.layers]

    @property
    def biases(self):
        """Every layer's ``b``, as :attr:`weights`."""
        return [layer.b for layer in self.layers]

    # -- forward and backward ---------------------------------------------------------------

    def feedforward(self, x, dropout_rng=None):
        """Output probabilities, shape ``(m, n_out)``, for ``x`` of shape ``(m, d)`` or ``(m, *input_shape)``.

        Without ``dropout_rng`` (the default) this is evaluation mode: nothing is dropped.
        """
        a = self._input(x)
        for layer in self.layers:
            a = layer.forward(a, dropout_rng)
        return a

    def cost(self, x, labels, lmbda=0.0, n=None, dropout_rng=None):
        r"""The regularized cost :math:`-\frac{1}{m}\sum_x \ln a_{y(x)} + \frac{\lambda}{2n}\sum_w w^2`.

        The log-likelihood is :class:`nnadl.costs.LogLikelihoodCost`, and the L2 term
        :func:`nnadl.regularization.term` over the weights ``w`` of every layer (not the biases),
        as in ``network3``.

        Parameters
        ----------
        x : ndarray of shape (m, d) or (m, *input_shape)
        labels : ndarray of int, shape (m,), or one-hot rows (m, n_out)
        lmbda : float, default 0.0
        n : int, optional
            Size of the whole training set (default ``m``).
        dropout_rng : numpy.random.Generator, optional
            Training mode with dropout masks from it; default evaluation mode.

        Examples
        --------
        >>> net = Network([FullyConnectedLayer(4, 3), SoftmaxLayer(3, 2)], seed=0)
        >>> round(net.cost(np.ones((5, 4)), np.zeros(5, dtype=int)), 4)  # zero softmax weights: ln 2
        0.6931
        >>> grads = net.backprop(np.ones((5, 4)), np.zeros(5, dtype=int), lmbda=0.1, n=100)
        >>> [(nw.shape, nb.shape) for nw, nb in grads]
        [((3, 4), (3,)), ((2, 3), (2,))]
        """
        x, y = self.examples((np.asarray(x), labels))
        out = self.feedforward(x, dropout_rng)
        c = float(LogLikelihoodCost.fn(out.T, y.T)) / len(y)
        if lmbda:
            c += term(self.weights, lmbda, len(y) if n is None else n)
        return c

    # --8<-- [start:backprop]
    def backprop(self, x, labels, lmbda=0.0, n=None, dropout_rng=None):
        """The gradient of :meth:`cost` (same arguments) with respect to every ``w`` and ``b``.

        Returns
        -------
        list of (nabla_w, nabla_b), one pair per layer, shaped like ``(layer.w, layer.b)``
        """
        x, y = self.examples((np.asarray(x), labels))
        nabla_b, nabla_w = self._gradient_sum(x, y, dropout_rng)
        m = len(y)
        return [(nw / m + (gradient(layer.w, lmbda, m if n is None else n) if lmbda else 0.0), nb / m)
                for layer, nw, nb in zip(self.layers, nabla_w, nabla_b)]

    def _gradient_sum(self, x, y, dropout_rng):
        """``(nabla_b, nabla_w)``: the gradient of the log-likelihood summed over the rows of ``x`` and ``y``."""
        out = self.feedforward(x, dropout_rng)
        grad = self.layers[-1].output_delta(y)  # delta^L of each example
        nabla_b, nabla_w = [None] * len(self.layers), [None] * len(self.layers)
        for i in range(len(self.layers) - 1, -1, -1):
            nabla_w[i], nabla_b[i], grad = self.layers[i].backward(grad, need_input_grad=i > 0)
        return nabla_b, nabla_w
    # --8<-- [end:backprop]

    # --8<-- [start:SGD]
    def SGD(self, training_data, epochs, mini_batch_size, eta, validation_data=None, test_data=None,
            lmbda=0.0, **options) -> History:
        r"""Train by mini-batch stochastic gradient descent, as ``network3``'s ``SGD``, through chapter 3's loop.

        The arguments are ``network3``'s: the accuracy on ``validation_data`` is recorded after
        every epoch (``history.evaluation_accuracy``, with ``history.best_epoch``), and on
        ``test_data`` too (``history.test_accuracy_at_best`` is the test accuracy at the best
        validation epoch, the number network3 prints). Every step is chapter 3's
        (:func:`nnadl.training.update`): the L2 weight decay with :math:`\lambda/n`, :math:`n`
        the number of training examples. Any other option of :func:`nnadl.training.SGD`
        (``mu``, ``early_stopping_n``, ``eta_schedule_n``, the ``monitor_*`` flags, ``callback``,
        ``on_batch``) works here too. Dropout is set per layer (``p_dropout``), as in network3.

        Examples
        --------
        >>> rng = np.random.default_rng(0)
        >>> X = rng.random((40, 1, 6, 6)); y = (X[:, 0, :3].sum(axis=(1, 2)) > X[:, 0, 3:].sum(axis=(1, 2))).astype(int)
        >>> net = Network([ConvPoolLayer((2, 1, 3, 3), (10, 1, 6, 6)), SoftmaxLayer(8, 2)], seed=0)
        >>> h = net.SGD((X, y), 2, 10, 0.1, (X, y), (X, y))
        >>> h.epochs, len(h.evaluation_accuracy), h.best_epoch in (0, 1)
        (2, 2, True)
        """
        options.setdefault("monitor_evaluation_accuracy", validation_data is not None)
        return training.SGD(self, training_data, epochs, mini_batch_size, eta, test_data,
                            evaluation_data=validation_data, lmbda=lmbda, **options)
    # --8<-- [end:SGD]

    # -- what the training loop asks of a network (see nnadl.training) ----------------------

    def examples(self, data, what="data"):
        """``data`` as rows: inputs ``(n, d)`` in the network's type and one-hot targets ``(n, n_out)``.

        ``data`` is a tuple ``(X, labels)`` with ``X`` of shape ``(n, d)`` or ``(n, *input_shape)``
        and integer labels or one-hot rows, or the book's list of ``(x, y)`` pairs
        (:func:`nnadl.datasets.as_arrays`).
        """
        d = self.layers[0].n_inputs
        if isinstance(data, (tuple, list)) and len(data) == 2 and isinstance(data[0], np.ndarray) and data[0].ndim > 2:
            X = data[0]
            if X.shape[1:] == (d, 1):  # a stack of the book's columns, as as_arrays takes it
                X = X[:, :, 0]
            elif X.shape[1:] != self.input_shape:
                raise ValueError(f"{what}: X has shape {X.shape}; expected (n, {d}) or (n, *{self.input_shape})")
            data = (X.reshape(len(X), d), np.asarray(data[1]))
        elif isinstance(data, list) and len(data) == 2 and all(isinstance(v, np.ndarray) for v in data):
            data = tuple(data)
        try:
            X, Y = as_arrays(data, d, self.layers[-1].n_out, dtype=self.dtype)
        except ValueError as e:
            raise ValueError(f"{what}: {e}") from None
        return np.ascontiguousarray(X), Y

    @staticmethod
    def mini_batch(x, y, batch):
        """The examples at the indices ``batch``: rows of ``x`` and ``y``."""
        return x[batch], y[batch]

    def gradient(self, x, y, dropout=0.0):
        """The gradient summed over the rows of ``x`` and ``y``, with each layer's own dropout."""
        if dropout:
            raise ValueError("a convolutional network sets dropout per layer (p_dropout), as network3 does; "
                             "SGD's dropout is for nnadl.network2")
        return self._gradient_sum(x, y, self.rng)

    def measure(self, x, y, want_cost, want_correct, lmbda=0.0, n=None, regularization="L2"):
        """The cost (log-likelihood plus the regularization term) and the number classified correctly."""
        p = self._probabilities(x)
        cost = None
        if want_cost:
            cost = float(LogLikelihoodCost.fn(p.T, y.T)) / len(y)
            if lmbda:
                cost += term(self.weights, lmbda, n, regularization)
        correct = int(np.sum(np.argmax(p, axis=1) == np.argmax(y, axis=1))) if want_correct else None
        return cost, correct

    # -- evaluation --------------------------------------------------------------------------

    def predict(self, x, batch_size=200):
        """The most probable label of each example of ``x`` (shape ``(m, d)`` or ``(m, *input_shape)``), evaluation mode.

        Evaluated ``batch_size`` examples at a time to bound memory.
        """
        return np.argmax(self._probabilities(x, batch_size), axis=1)

    def _probabilities(self, x, batch_size=200):
        """:meth:`feedforward` in evaluation mode, ``batch_size`` examples at a time; shape ``(m, n_out)``."""
        x = self._input(x)
        if not np.isfinite(x).all():
            raise ValueError("the input holds NaN or infinite values; every input must be a finite number")
        if not len(x):
            return np.zeros((0, self.layers[-1].n_out), dtype=self.dtype)
        return np.concatenate([self.feedforward(x[k:k + batch_size]) for k in range(0, len(x), batch_size)])

    def evaluate(self, data):
        """Number of examples of ``data`` (tuple ``(X, labels)``) classified correctly."""
        return self.measure(*self.examples(data), False, True)[1]

    def accuracy(self, data):
        """Fraction of ``data`` (tuple ``(X, labels)``) classified correctly.

        Examples
        --------
        >>> net = Network([FullyConnectedLayer(4, 3), SoftmaxLayer(3, 2)], seed=0)
        >>> net.layers[-1].b[:] = [1.0, 0.0]  # always predicts label 0
        >>> net.predict(np.zeros((3, 4))).tolist(), net.accuracy((np.zeros((4, 4)), np.array([0, 0, 1, 0])))
        ([0, 0, 0], 0.75)
        """
        x, y = self.examples(data)
        if not len(y):
            raise ValueError("data is empty: the accuracy on no examples is undefined")
        return self.measure(x, y, False, True)[1] / len(y)

    def save(self, filename):
        """Save to ``filename`` (an ``.npz`` file) with :func:`nnadl.formats.save_conv`; :func:`load` reads it back."""
        return save_conv(self, filename)

    # -- helpers -----------------------------------------------------------------------------

    @property
    def input_shape(self):
        """The shape of one example, ``(c, h, w)`` or ``(n_in,)``."""
        return tuple(self.layers[0].input_shape)

    def _input(self, x):
        x = np.asarray(x)
        d = self.layers[0].n_inputs
        if x.ndim < 2 or (x.shape[1:] != self.input_shape and x.shape[1:] != (d,)):
            raise ValueError(
                f"input has shape {x.shape}; expected (m, {d}) or (m, *{self.input_shape})"
            )
        return np.ascontiguousarray(x, dtype=self.dtype).reshape(len(x), d)


def _expects(layer):
    """What ``layer`` takes as input, for a message."""
    if isinstance(layer, ConvPoolLayer):
        return f"image_shape[1:]={layer.input_shape} = {layer.n_inputs} values"
    return f"n_in={layer.n_in}"


def _check_fit(i, prev, layer):
    """Raise ValueError if layer ``i + 1``'s input does not match layer ``i``'s output (1-based, as printed)."""
    out = tuple(prev.output_shape)
    n_out = int(np.prod(out))
    if isinstance(prev, ConvPoolLayer) and isinstance(layer, ConvPoolLayer):
        ok = out == tuple(layer.input_shape)  # feature maps must line up exactly
    else:
        ok = n_out == layer.n_inputs  # a flat vector: only the count matters
    if not ok:
        shown = f"{out} = {n_out} values" if len(out) > 1 else f"{n_out} values"
        raise ValueError(
            f"layer {i} ({type(prev).__name__}) outputs {shown} but layer {i + 1} "
            f"({type(layer).__name__}) expects {_expects(layer)}"
        )


class Ensemble:
    """Several trained networks voting: each predicts a label, the most frequent label wins.

    Chapter 6 trains five networks and lets them vote. A tie between labels is broken by the
    networks' mean output probability for the tied labels.

    Parameters
    ----------
    networks : sequence of Network
        All with the same input shape and number of outputs.

    Examples
    --------
    >>> nets = [Network([FullyConnectedLayer(4, 3), SoftmaxLayer(3, 2)], seed=s) for s in range(3)]
    >>> for net in nets:
    ...     net.layers[-1].b[:] = [0.0, 1.0]  # every network prefers label 1
    >>> Ensemble(nets).predict(np.zeros((2, 4))).tolist()
    [1, 1]
    """

    def __init__(self, networks):
        self.networks = list(networks)
        if not self.networks:
            raise ValueError("an ensemble needs at least one network")
        shapes = {(net.layers[0].n_inputs, net.layers[-1].n_out) for net in self.networks}
        if len(shapes) != 1:
            raise ValueError(f"the networks disagree on (inputs, outputs): {sorted(shapes)}")

    def predict(self, x):
        """The label that most networks predict for each example of ``x``; shape ``(m,)``."""
        n_out = self.networks[0].layers[-1].n_out
        votes, mean_prob = 0.0, 0.0
        for net in self.networks:
            p = net._probabilities(x)
            votes = votes + np.eye(n_out)[np.argmax(p, axis=1)]
            mean_prob = mean_prob + p.astype(np.float64) / len(self.networks)
        # mean_prob <= 1, so half of it can only decide between labels with equal votes
        return np.argmax(votes + 0.5 * mean_prob, axis=1)

    def accuracy(self, data):
        """Fraction of ``data`` (tuple ``(X, labels)``) the vote classifies correctly."""
        X, Y = self.networks[0].examples(data)
        if not len(Y):
            raise ValueError("data is empty: the accuracy on no examples is undefined")
        return float(np.mean(self.predict(X) == np.argmax(Y, axis=1)))


# --8<-- [start:load]
def load(filename) -> Network:
    """Load a convolutional network saved by :meth:`Network.save`, as the book's ``network2.load`` loads its own.

    :func:`nnadl.formats.read_conv` reads and checks the file; the layers are rebuilt from its
    ``spec`` and given the saved weights and biases.

    Raises
    ------
    ValueError, FileNotFoundError
        As :func:`~nnadl.formats.read_conv` (no such file, not such a network), and a ``ValueError``
        when its arrays do not fit the layers its spec describes, naming the file and the layer.

    Examples
    --------
    >>> import os, tempfile
    >>> net = Network([FullyConnectedLayer(4, 3), SoftmaxLayer(3, 2)], seed=0)
    >>> copy = load(net.save(os.path.join(tempfile.mkdtemp(), "net.npz")))
    >>> all(np.array_equal(p, q) for p, q in zip(net.params, copy.params))
    True
    """
    path, spec, params = read_conv(filename, tuple(LAYER_TYPES))

    def bad(problem):
        return ValueError(f"{path}: {problem}")

    layers = []
    for i, ls in enumerate(spec["layers"]):
        kwargs = {k: v for k, v in ls.items() if k != "type"}
        try:
            layers.append(LAYER_TYPES[ls["type"]](**kwargs, seed=0))
        except (TypeError, ValueError, OverflowError) as e:
            raise bad(f"layer {i + 1} ({ls['type']}): {e}") from None
    try:
        net = Network(layers, spec.get("mini_batch_size", 10), dtype=spec.get("dtype", "float64"))
    except (TypeError, ValueError) as e:
        raise bad(str(e)) from None
    for i, (layer, saved) in enumerate(zip(net.layers, params)):
        for name, value in saved.items():  # shaped as the spec declares: does the layer built from it agree?
            expected = getattr(layer, name)
            if value.shape != expected.shape or value.dtype != expected.dtype:
                raise bad(f"parameter '{name}{i}' (layer {i + 1}) has shape {value.shape} and dtype {value.dtype}; "
                          f"expected {expected.shape} and {expected.dtype}")
            setattr(layer, name, np.array(value))
    return net
# --8<-- [end:load]
