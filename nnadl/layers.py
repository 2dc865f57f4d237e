r"""The layers of chapter 6's networks, as ``network3`` names them: convolution with pooling, fully connected, softmax.

:class:`ConvPoolLayer`, :class:`FullyConnectedLayer` and :class:`SoftmaxLayer` are stacked in
a :class:`nnadl.network3.Network`. Each has parameters ``w`` and ``b``, a ``forward`` pass that
keeps what its ``backward`` pass needs, and a ``spec`` from which a saved network rebuilds it.

Examples are rows (batch first): the input of a fully connected layer is a matrix ``a`` of
shape ``(m, n_in)``. **The weights are not flipped**: a fully connected layer holds ``w`` of
shape ``(n_out, n_in)``, exactly the matrix :math:`w^l` of ``nnadl.network``, and computes

.. math:: z = a\,w^T + b \qquad (\text{the transpose of } z = w a + b \text{ in network.py}),

with ``b`` of shape ``(n_out,)`` (``network.py`` stores the same numbers as a column
``(n_out, 1)``). ``network3.py`` itself stores the transpose, ``(n_in, n_out)``; weights from it
need ``w.T``. A convolutional layer's output is flattened in ``(feature map, row, column)``
order when it feeds a fully connected layer, as ``network3``'s ``reshape`` does.

:class:`ConvPoolLayer` does what :func:`~nnadl.convolution.conv_forward` and
:func:`~nnadl.convolution.max_pool` do one after the other (and backward what
:func:`~nnadl.convolution.max_pool_backward` and :func:`~nnadl.convolution.conv_backward` do),
with the same numbers (tested), but fused: the im2col columns are grouped by position inside the
pooling window, so pooling is a maximum over contiguous blocks instead of a strided gather, the
gradient routed to the maxima never takes the full ``(m, f, ho, wo)`` form, and the large
intermediate arrays are reused from call to call. Training spends nearly all of its time in this
layer; the steps one by one are the form to read, the fused layer the form that trains.
"""

from __future__ import annotations

import numpy as np

from . import _checks
from .activations import (
    ACTIVATIONS,
    Activation,
    get_activation,
    relu,
    sigmoid,
    softmax,
    tanh,
)
from .convolution import _two_positive, col2im, im2col
from .costs import LogLikelihoodCost

__all__ = ["ConvPoolLayer", "FullyConnectedLayer", "LAYER_TYPES", "ReLU", "SoftmaxLayer", "sigmoid", "tanh"]

#: ``network3``'s name for the rectified linear unit, :func:`nnadl.activations.relu`.
ReLU = relu

# The Activation of each function of nnadl.activations, and of numpy.tanh
_BY_FUNCTION = {a.fn: a for a in ACTIVATIONS.values()} | {np.tanh: ACTIVATIONS["tanh"]}
_DTYPES = (np.dtype(np.float64), np.dtype(np.float32))


def _activation(fn) -> Activation:
    """The :class:`~nnadl.activations.Activation` for ``fn``: a name, a function of
    :mod:`nnadl.activations` (``sigmoid``, ``tanh``, ``relu``/``ReLU``) or an ``Activation``."""
    if isinstance(fn, str):
        return get_activation(fn.lower())
    if callable(fn) and not isinstance(fn, Activation):
        try:
            return _BY_FUNCTION[fn]
        except (KeyError, TypeError):
            raise ValueError(
                f"unknown activation function {fn!r}; use sigmoid, tanh or ReLU from nnadl.activations "
                f"(or their names)"
            ) from None
    return get_activation(fn)


def _positive(v, what):
    return _checks.whole(v, what, minimum=1)


def _dropout_p(p):
    return _checks.real(p, "p_dropout", minimum=0, below=1)


def _rng(seed):
    return _checks.rng(seed)



class _Layer:
    """What the three layers share: parameters ``w`` and ``b``, dtype, seeding, description."""

    input_shape: tuple
    output_shape: tuple

    def _init(self, seed):
        # A layer given its own seed keeps the weights it produced when put in a Network;
        # the others are re-drawn from the Network's generator, so one seed fixes everything.
        self.has_own_seed = seed is not None
        try:
            self.init_params(_rng(seed))
        except MemoryError:  # under the 1e9 bound, but more than this machine has free
            raise ValueError(f"{self!r}: not enough memory for its weights (n_in, n_out or filter_shape)") from None

    @property
    def params(self):
        """``[w, b]``, as in ``network3``."""
        return [self.w, self.b]

    def astype(self, dtype):
        """Convert ``w`` and ``b`` to ``dtype`` (float32 or float64); returns ``self``."""
        self.w = self.w.astype(dtype, copy=False)
        self.b = self.b.astype(dtype, copy=False)
        return self

    @property
    def n_inputs(self):
        """Number of input values per example."""
        return int(np.prod(self.input_shape))

    def _rows(self, a):
        """The input as a float array with one example per row-block: ``(m, *input_shape)``."""
        a = np.asarray(a)
        if a.ndim == 0 or int(np.prod(a.shape[1:])) != self.n_inputs:
            raise ValueError(
                f"{type(self).__name__} expects inputs of shape (m, {self.n_inputs}) or "
                f"(m, *{self.input_shape}); got shape {a.shape}"
            )
        return np.asarray(a, dtype=self.w.dtype).reshape((len(a),) + tuple(self.input_shape))


# --8<-- [start:ConvPoolLayer]
class ConvPoolLayer(_Layer):
    r"""A convolutional layer followed by max-pooling, as ``network3``'s ``ConvPoolLayer``.

    .. math:: a = \sigma\big(\operatorname{maxpool}(w * x) + b\big)

    As in ``network3`` the bias and the activation come *after* pooling (for an increasing
    :math:`\sigma` this equals pooling the activations, and is cheaper).

    Parameters
    ----------
    filter_shape : (int, int, int, int)
        ``(n_filters, n_input_feature_maps, fh, fw)``.
    image_shape : (int, int, int, int)
        ``(mini_batch_size, n_input_feature_maps, h, w)``. Only the last three constrain the
        input; any batch size works at run time.
    poolsize : (int, int), default (2, 2)
    activation_fn : function or str, default sigmoid
        :func:`~nnadl.activations.sigmoid`, :func:`~nnadl.activations.tanh` or ``ReLU``
        (:func:`~nnadl.activations.relu`), or their names.
    seed : int or numpy.random.Generator, optional
        Seeds this layer's initial weights. Without one, :class:`nnadl.network3.Network` draws them from its
        own seeded generator.

    Attributes
    ----------
    w : ndarray of shape (n_filters, n_input_feature_maps, fh, fw)
        Initialized as ``network3``: normal with standard deviation
        :math:`\sqrt{1/n_{out}}`, :math:`n_{out} = n_{filters} f_h f_w / (p_h p_w)`.
    b : ndarray of shape (n_filters,)
        Standard normal, as ``network3``.
    input_shape, output_shape : tuple of int
        ``(c, h, w)`` and ``(n_filters, (h - fh + 1) // ph, (w - fw + 1) // pw)``.

    Examples
    --------
    >>> layer = ConvPoolLayer((20, 1, 5, 5), (10, 1, 28, 28), seed=0)
    >>> layer.output_shape
    (20, 12, 12)
    >>> layer.forward(np.zeros((3, 784))).shape  # any batch size
    (3, 20, 12, 12)
    """

    def __init__(self, filter_shape, image_shape, poolsize=(2, 2), activation_fn=sigmoid, *, seed=None):
        try:
            filter_shape = tuple(_positive(s, "filter_shape entry") for s in filter_shape)
            image_shape = tuple(_positive(s, "image_shape entry") for s in image_shape)
        except TypeError:
            raise ValueError("filter_shape and image_shape must be sequences of 4 integers") from None
        if len(filter_shape) != 4 or len(image_shape) != 4:
            raise ValueError(
                f"filter_shape (n_filters, n_input_feature_maps, fh, fw) and image_shape "
                f"(mini_batch_size, n_input_feature_maps, h, w) need 4 entries each; "
                f"got {filter_shape} and {image_shape}"
            )
        n_filters, c, fh, fw = filter_shape
        if image_shape[1] != c:
            raise ValueError(
                f"filter_shape {filter_shape} expects {c} input feature maps but image_shape "
                f"{image_shape} has {image_shape[1]}"
            )
        self.poolsize = _two_positive(poolsize, "poolsize")
        h, w = image_shape[2:]
        ho, wo = h - fh + 1, w - fw + 1
        if ho < self.poolsize[0] or wo < self.poolsize[1]:
            raise ValueError(
                f"filter_shape {filter_shape} on image_shape {image_shape}: "
                f"a {fh}x{fw} filter on a {h}x{w} image gives {max(ho, 0)}x{max(wo, 0)} outputs, "
                f"too few for poolsize {self.poolsize[0]}x{self.poolsize[1]}"
            )
        self.filter_shape, self.image_shape = filter_shape, image_shape
        self.activation = _activation(activation_fn)
        self.input_shape = (c, h, w)
        self.output_shape = (n_filters, ho // self.poolsize[0], wo // self.poolsize[1])
        self._init(seed)

    def init_params(self, rng, dtype=np.float64):
        """Draw ``w`` and ``b`` from ``rng`` as ``network3`` does."""
        n_out = self.filter_shape[0] * np.prod(self.filter_shape[2:]) / np.prod(self.poolsize)
        self.w = rng.normal(0.0, np.sqrt(1.0 / n_out), self.filter_shape).astype(dtype)
        self.b = rng.normal(0.0, 1.0, self.filter_shape[0]).astype(dtype)

    def forward(self, a, dropout_rng=None):
        """Output ``a`` of shape ``(m, *output_shape)`` for input of shape ``(m, c, h, w)`` or ``(m, c*h*w)``.

        ``dropout_rng`` is accepted for a uniform interface and ignored: as in ``network3``
        there is no dropout in convolutional layers.
        """
        x = self._rows(a)
        m, (n_filters, hp, wp) = len(x), self.output_shape
        # conv_forward, with the columns grouped by position in the pooling window (im2col), so
        # that max_pool is a maximum over axis 2 of contiguous blocks
        fh, fw = self.filter_shape[2:]
        # the large intermediate arrays live in buffers reused from call to call (see _buffer)
        n_cols = int(np.prod(self.poolsize)) * hp * wp
        cols = im2col(x, fh, fw, self.poolsize, out=self._buffer("cols", (m, self.w[0].size, n_cols), x.dtype))
        z_conv = np.matmul(self.w.reshape(n_filters, -1), cols,
                           out=self._buffer("z_conv", (m, n_filters, n_cols), x.dtype))
        z_conv = z_conv.reshape(m, n_filters, -1, hp * wp)
        pooled = z_conv[:, :, 0].copy()
        for k in range(1, z_conv.shape[2]):
            np.maximum(pooled, z_conv[:, :, k], out=pooled)
        z = pooled.reshape(m, n_filters, hp, wp) + self.b.reshape(1, -1, 1, 1)
        self._cache = (np.shape(a), x.shape, cols, z_conv, pooled, z)
        return self.activation.fn(z)

    def backward(self, grad_a, need_input_grad=True):
        r"""Backpropagate :math:`\partial C/\partial a` through the last :meth:`forward`.

        The same numbers as :func:`max_pool_backward` followed by :func:`conv_backward` (ties
        split equally), computed in the grouped column order of :meth:`forward`.

        Parameters
        ----------
        grad_a : ndarray of shape (m, *output_shape) or (m, prod(output_shape))
            :math:`\partial C / \partial a` for this layer's output.
        need_input_grad : bool, default True

        Returns
        -------
        nabla_w, nabla_b : ndarray shaped like ``w`` and ``b``
            Summed over the batch.
        grad_in : ndarray shaped like the input of :meth:`forward`, or None
            :math:`\partial C / \partial x`.
        """
        a_shape, x_shape, cols, z_conv, pooled, z = self._cache
        m, n_filters, n_window, n_pooled = z_conv.shape
        delta = grad_a.reshape(z.shape) * self.activation.prime(z)  # dC/dz, z = pooled + b
        nabla_b = delta.sum(axis=(0, 2, 3))
        # max_pool_backward: route delta to the maxima (split equally on ties)
        is_max = z_conv == pooled[:, :, None, :]
        share = delta.reshape(m, n_filters, 1, n_pooled)
        if np.count_nonzero(is_max) != pooled.size:  # ties
            share = share / is_max.sum(axis=2, keepdims=True)
        delta_conv = np.multiply(is_max, share, out=self._buffer("delta_conv", z_conv.shape, delta.dtype))
        # delta_conv is dC/dz_conv, shape (m, f, ph * pw, hp * wp), columns grouped as in forward
        # conv_backward
        d = delta_conv.reshape(m, n_filters, -1)
        nabla_w = np.matmul(d, cols.transpose(0, 2, 1)).sum(axis=0).reshape(self.w.shape)
        if not need_input_grad:
            return nabla_w, nabla_b, None
        (ph, pw), (_, hp, wp) = self.poolsize, self.output_shape
        ho = x_shape[2] - self.filter_shape[2] + 1
        # ungroup into the usual (row, column) order, zero-padded to the input's width w
        d_wide = self._buffer("d_wide", (m, n_filters, ho, x_shape[3]), delta.dtype)
        d_wide[:, :, hp * ph:] = 0  # rows that pooling ignored
        d_wide[:, :, :, wp * pw:] = 0  # columns that pooling ignored, and the padding
        for k in range(ph * pw):  # position (r, s) inside the pooling window
            r, s = divmod(k, pw)
            d_wide[:, :, r:hp * ph:ph, s:wp * pw:pw] = delta_conv[:, :, k].reshape(m, n_filters, hp, wp)
        dcols = self._buffer("dcols", (m, self.w[0].size, ho * x_shape[3]), delta.dtype)
        nabla_x = col2im(d_wide, self.w, x_shape, dcols)
        return nabla_w, nabla_b, nabla_x.reshape(a_shape)

    def _buffer(self, name, shape, dtype):
        """A reusable array for an intermediate result (never one returned to the caller).

        Large arrays allocated afresh on every call cost page faults that can take longer than
        the arithmetic; a layer sees the same shapes call after call, so it keeps them.
        """
        buffers = self.__dict__.setdefault("_buffers", {})
        buf = buffers.get(name)
        if buf is None or buf.shape != shape or buf.dtype != dtype:
            buf = buffers[name] = np.empty(shape, dtype=dtype)
        return buf

    def spec(self):
        """The constructor arguments, as a JSON-ready dict (see :meth:`nnadl.network3.Network.save`)."""
        return {"type": "ConvPoolLayer", "filter_shape": list(self.filter_shape),
                "image_shape": list(self.image_shape), "poolsize": list(self.poolsize),
                "activation_fn": self.activation.name}

    def __repr__(self):
        return (f"ConvPoolLayer(filter_shape={self.filter_shape}, image_shape={self.image_shape}, "
                f"poolsize={self.poolsize}, activation_fn={self.activation.name})")
# --8<-- [end:ConvPoolLayer]


# --8<-- [start:dense_layer]
class _DenseLayer(_Layer):
    """Shared by the fully connected and softmax layers: ``z = (a * mask) @ w.T + b`` with dropout."""

    def __init__(self, n_in, n_out, p_dropout, seed):
        self.n_in, self.n_out = _positive(n_in, "n_in"), _positive(n_out, "n_out")
        _checks.whole(self.n_in * self.n_out, "n_in * n_out (the number of weights)", maximum=_checks.MAX_PARAMETERS)
        self.p_dropout = _dropout_p(p_dropout)
        self.input_shape, self.output_shape = (self.n_in,), (self.n_out,)
        self._init(seed)

    def _weighted_input(self, a, dropout_rng):
        # Dropout as in network3: in training each *input* of the layer is kept with
        # probability 1 - p (mask of 0s and 1s, no rescaling); at evaluation every input is
        # kept and w a is scaled by (1 - p), so that z has the same expectation.
        a = self._rows(a)
        if dropout_rng is not None and self.p_dropout > 0:
            mask = dropout_rng.random(a.shape, dtype=a.dtype) >= self.p_dropout
            a_in, scale = a * mask, 1.0
        else:
            mask, a_in, scale = None, a, 1.0 - self.p_dropout
        z = a_in @ self.w.T  # (m, n_in) @ (n_in, n_out): the transpose of network.py's w @ a
        if scale != 1.0:
            z *= scale
        z += self.b
        return z, a_in, mask, scale

    def _backward_z(self, delta, need_input_grad):
        """Gradients from :math:`\\delta = \\partial C/\\partial z`, summed over the batch."""
        a_shape, a_in, mask, scale = self._cache[:4]
        nabla_w = delta.T @ a_in  # (n_out, m) @ (m, n_in): BP4, summed over the examples
        nabla_b = delta.sum(axis=0)  # BP3
        if scale != 1.0:
            nabla_w *= scale
        if not need_input_grad:
            return nabla_w, nabla_b, None
        grad_in = delta @ self.w  # (w^T delta) of BP2, one row per example
        if scale != 1.0:
            grad_in *= scale
        if mask is not None:
            grad_in *= mask
        return nabla_w, nabla_b, grad_in.reshape(a_shape)
# --8<-- [end:dense_layer]


# --8<-- [start:FullyConnectedLayer]
class FullyConnectedLayer(_DenseLayer):
    r"""A fully connected layer, :math:`a = \sigma(a_{in} w^T + b)`, as ``network3``'s.

    Parameters
    ----------
    n_in, n_out : int
    activation_fn : function or str, default sigmoid
        ``sigmoid``, ``tanh`` or ``ReLU`` (or their names).
    p_dropout : float, default 0.0
        Probability of dropping each *input* of the layer during training (``network3``'s
        convention). At evaluation nothing is dropped and :math:`a_{in} w^T` is scaled by
        :math:`1 - p` instead (``network3``'s scaling, not "inverted" dropout), so the weighted
        input has the same expectation in both modes.
    seed : int or numpy.random.Generator, optional

    Attributes
    ----------
    w : ndarray of shape (n_out, n_in)
        The same layout as :mod:`nnadl.network` (``network3`` stores the transpose).
        Normal with standard deviation :math:`\sqrt{1/n_{out}}`, as ``network3``.
    b : ndarray of shape (n_out,)
        Standard normal, as ``network3``.

    Examples
    --------
    >>> layer = FullyConnectedLayer(4, 3, activation_fn="relu", seed=0)
    >>> layer.w.shape, layer.forward(np.ones((2, 4))).shape
    ((3, 4), (2, 3))
    """

    def __init__(self, n_in, n_out, activation_fn=sigmoid, p_dropout=0.0, *, seed=None):
        self.activation = _activation(activation_fn)
        super().__init__(n_in, n_out, p_dropout, seed)

    def init_params(self, rng, dtype=np.float64):
        """Draw ``w`` and ``b`` from ``rng`` as ``network3`` does."""
        self.w = rng.normal(0.0, np.sqrt(1.0 / self.n_out), (self.n_out, self.n_in)).astype(dtype)
        self.b = rng.normal(0.0, 1.0, self.n_out).astype(dtype)

    def forward(self, a, dropout_rng=None):
        """Output of shape ``(m, n_out)`` for ``a`` of shape ``(m, n_in)`` (or any ``(m, ...)`` with ``n_in`` values).

        With a ``dropout_rng`` (training), inputs are dropped with probability ``p_dropout``;
        without (evaluation), nothing is dropped and the weighted input is scaled by ``1 - p_dropout``.
        """
        z, a_in, mask, scale = self._weighted_input(a, dropout_rng)
        self._cache = (np.shape(a), a_in, mask, scale, z)
        return self.activation.fn(z)

    def backward(self, grad_a, need_input_grad=True):
        r"""Backpropagate :math:`\partial C / \partial a` (shape ``(m, n_out)``) through the last :meth:`forward`.

        Returns ``(nabla_w, nabla_b, grad_in)``, the first two summed over the batch, as
        :meth:`ConvPoolLayer.backward`.
        """
        delta = grad_a * self.activation.prime(self._cache[4])  # BP2's Hadamard product
        return self._backward_z(delta, need_input_grad)

    def spec(self):
        """The constructor arguments, as a JSON-ready dict."""
        return {"type": "FullyConnectedLayer", "n_in": self.n_in, "n_out": self.n_out,
                "activation_fn": self.activation.name, "p_dropout": self.p_dropout}

    def __repr__(self):
        return (f"FullyConnectedLayer(n_in={self.n_in}, n_out={self.n_out}, "
                f"activation_fn={self.activation.name}, p_dropout={self.p_dropout})")
# --8<-- [end:FullyConnectedLayer]


# --8<-- [start:SoftmaxLayer]
class SoftmaxLayer(_DenseLayer):
    r"""The softmax output layer with the log-likelihood cost, as ``network3``'s.

    .. math:: a_j = \frac{e^{z_j}}{\sum_k e^{z_k}}, \qquad C = -\frac{1}{m}\sum_x \ln a_{y(x)}, \qquad
              \delta = \frac{\partial C_x}{\partial z} = a - y \ \ (\text{equation (84)}).

    Parameters
    ----------
    n_in, n_out : int
    p_dropout : float, default 0.0
        As in :class:`FullyConnectedLayer`.
    seed : int or numpy.random.Generator, optional
        Unused by the initialization (zeros, as ``network3``); accepted for a uniform interface.

    Attributes
    ----------
    w : ndarray of shape (n_out, n_in)
        Zeros, as ``network3``.
    b : ndarray of shape (n_out,)
        Zeros.

    Examples
    --------
    >>> layer = SoftmaxLayer(3, 2)
    >>> layer.forward(np.ones((1, 3))).tolist()  # zero weights: uniform output
    [[0.5, 0.5]]
    >>> layer.output_delta(np.array([[0.0, 1.0]])).tolist()  # a - y
    [[0.5, -0.5]]
    """

    def __init__(self, n_in, n_out, p_dropout=0.0, *, seed=None):
        super().__init__(n_in, n_out, p_dropout, seed)

    def init_params(self, rng, dtype=np.float64):
        """Zero ``w`` and ``b``, as ``network3``; ``rng`` is not used."""
        self.w = np.zeros((self.n_out, self.n_in), dtype=dtype)
        self.b = np.zeros(self.n_out, dtype=dtype)

    def forward(self, a, dropout_rng=None):
        """Output probabilities of shape ``(m, n_out)`` (each row sums to 1); dropout as :class:`FullyConnectedLayer`."""
        z, a_in, mask, scale = self._weighted_input(a, dropout_rng)
        out = softmax(z, axis=1)
        self._cache = (np.shape(a), a_in, mask, scale, z, out)
        return out

    def output_delta(self, y):
        r""":math:`\delta^L = a - y` of the last :meth:`forward` (equation (84)), one row per example, for one-hot rows ``y``."""
        return LogLikelihoodCost.delta(None, self._cache[5], y)

    def backward(self, delta, need_input_grad=True):
        r"""Backpropagate :math:`\delta = \partial C/\partial z` (shape ``(m, n_out)``), e.g. :meth:`output_delta`.

        Unlike the other layers this takes :math:`\partial C/\partial z`, not
        :math:`\partial C/\partial a`: with the log-likelihood cost it is simply :math:`a - y`.
        Returns ``(nabla_w, nabla_b, grad_in)``, the first two summed over the batch.
        """
        return self._backward_z(delta, need_input_grad)

    def spec(self):
        """The constructor arguments, as a JSON-ready dict."""
        return {"type": "SoftmaxLayer", "n_in": self.n_in, "n_out": self.n_out, "p_dropout": self.p_dropout}

    def __repr__(self):
        return f"SoftmaxLayer(n_in={self.n_in}, n_out={self.n_out}, p_dropout={self.p_dropout})"
# --8<-- [end:SoftmaxLayer]


#: The layers by name, as a saved network's spec names them.
LAYER_TYPES = {cls.__name__: cls for cls in (ConvPoolLayer, FullyConnectedLayer, SoftmaxLayer)}
