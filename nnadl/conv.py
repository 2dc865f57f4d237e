r"""Convolutional networks (chapter 6): the book's ``network3.py`` in numpy, without Theano.

The vocabulary is ``network3``'s: :class:`ConvPoolLayer`, :class:`FullyConnectedLayer` and
:class:`SoftmaxLayer` are stacked in a :class:`Network`, which :meth:`Network.SGD` trains on
the log-likelihood cost, reporting the validation accuracy after every epoch and the test
accuracy at the best validation epoch. :class:`Ensemble` lets several trained networks vote.

Layout of arrays
----------------
**Examples are rows** (batch first), unlike :mod:`nnadl.network`, where they are columns:
images are arrays of shape ``(m, c, h, w)`` (examples, feature maps, rows, columns), and the
input of a fully connected layer is a matrix ``a`` of shape ``(m, n_in)``. **The weights are
not flipped**: a fully connected layer holds ``w`` of shape ``(n_out, n_in)``, exactly the
matrix :math:`w^l` of ``nnadl.network``, and computes

.. math:: z = a\,w^T + b \qquad (\text{the transpose of } z = w a + b \text{ in network.py}),

with ``b`` of shape ``(n_out,)`` (``network.py`` stores the same numbers as a column
``(n_out, 1)``). ``network3.py`` itself stores the transpose, ``(n_in, n_out)``; weights from it
need ``w.T``. Filters have shape ``(n_filters, n_input_feature_maps, fh, fw)``, as in
``network3``; a convolutional layer's output is flattened in ``(feature map, row, column)``
order when it feeds a fully connected layer, as ``network3``'s ``reshape`` does.

Convolution
-----------
"Convolution" here is the book's equation (125), a cross-correlation,

.. math:: z_{f,j,k} = b_f + \sum_{c} \sum_{l=0}^{f_h-1} \sum_{m=0}^{f_w-1} w_{f,c,l,m}\, a_{c,\,j+l,\,k+m},

"valid" (no padding) and with stride 1. It is what PyTorch and most frameworks call
convolution. Theano's ``conv2d``, used by ``network3``, flips the filter (a true
convolution): a filter ``w`` trained by ``network3`` is ``w[:, :, ::-1, ::-1]`` here.

Everything is vectorized: the convolution is a matrix product with the "im2col" matrix built
by :func:`~numpy.lib.stride_tricks.sliding_window_view`; the only Python loops run over the
:math:`f_h f_w` filter taps (adding the input gradient back) and the positions inside a pooling
window, never over pixels or examples. :func:`conv_forward`, :func:`conv_backward`,
:func:`max_pool` and :func:`max_pool_backward` are the steps one by one;
:class:`ConvPoolLayer` computes the same numbers (tested) with the im2col columns grouped by
position inside the pooling window, so that pooling works on contiguous blocks.

Max-pooling routes the gradient of each window to its maximum; when several inputs tie for
the maximum, it is split equally between them (what a central difference measures at a
two-way tie).

Data
----
``training_data``, ``validation_data`` and ``test_data`` are tuples ``(X, labels)``: ``X`` of
shape ``(n, 784)`` or ``(n, 1, 28, 28)`` (in general ``(n, d)`` or ``(n, *input_shape)``, where
the first layer expects ``d`` values in all), ``labels`` integers of shape ``(n,)`` or one-hot
rows ``(n, n_out)``: the tuple form that :func:`nnadl.data.as_arrays` accepts (its list of
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

from . import _checks
from numpy.lib.stride_tricks import sliding_window_view

from .activations import (
    ACTIVATIONS,
    Activation,
    get_activation,
    relu,
    sigmoid,
    softmax,
    tanh,
)
from . import training
from .costs import LogLikelihoodCost
from .data import as_arrays
from .regularization import gradient, term
from .training import History

__all__ = [
    "ConvPoolLayer",
    "Ensemble",
    "FullyConnectedLayer",
    "History",
    "Network",
    "ReLU",
    "SoftmaxLayer",
    "conv_backward",
    "conv_forward",
    "im2col",
    "max_pool",
    "max_pool_backward",
    "sigmoid",
    "tanh",
]

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


def _pair(v, what):
    if isinstance(v, (str, bytes)) or np.ndim(v) != 1 or len(v) != 2:  # "22" is no pair; int() would take it
        raise ValueError(f"{what} must be 2 positive integers; got {v!r}")
    return tuple(_checks.whole(s, what, minimum=1) for s in v)


def _pool(poolsize, shape):
    """``poolsize`` as a pair no larger than the images of ``shape`` (n, c, h, w): a window of 10**12
    rows would otherwise be looped over, one empty row at a time."""
    ph, pw = _pair(poolsize, "poolsize")
    if ph > shape[2] or pw > shape[3]:
        raise ValueError(f"poolsize {(ph, pw)} is larger than the {shape[2]}x{shape[3]} images it would pool")
    return ph, pw


def _positive(v, what):
    return _checks.whole(v, what, minimum=1)


def _dropout_p(p):
    return _checks.real(p, "p_dropout", minimum=0, below=1)


def _rng(seed):
    return _checks.rng(seed)


# --------------------------------------------------------------------------------------------
# Convolution and max-pooling, each next to its backward pass
# --------------------------------------------------------------------------------------------

# --8<-- [start:im2col]
def im2col(x, fh, fw, poolsize=(1, 1), out=None):
    r"""The "im2col" matrix of ``x``: every ``fh`` by ``fw`` patch, one column per output position.

    ``cols[i, (c, l, m), (j, k)] = x[i, c, j + l, k + m]``, so that a valid convolution is the
    matrix product ``w.reshape(n_filters, -1) @ cols[i]``. The windows come from
    :func:`~numpy.lib.stride_tricks.sliding_window_view` (a view, no copy) and are copied once
    into a contiguous array, which BLAS needs.

    With a ``poolsize`` ``(ph, pw)`` other than ``(1, 1)`` the columns are grouped for max-pooling:
    output position :math:`(p\,p_h + r,\; q\,p_w + s)` becomes column
    :math:`((r, s), (p, q))`, i.e. all first positions of the pooling windows, then all second
    positions, ... Max-pooling is then an elementwise maximum of :math:`p_h p_w` contiguous
    blocks (:class:`ConvPoolLayer` uses this). Positions that pooling ignores (the border left
    over when the size is not a multiple of the window) are left out.

    Parameters
    ----------
    x : ndarray of shape (m, c, h, w)
    fh, fw : int
        Filter height and width.
    poolsize : (int, int), default (1, 1)
    out : ndarray, optional
        A buffer of the right shape and dtype to write into (saves allocating a large array
        on every call).

    Returns
    -------
    ndarray of shape (m, c * fh * fw, ph * pw * hp * wp)
        With ``hp = (h - fh + 1) // ph`` and ``wp = (w - fw + 1) // pw``; for ``poolsize=(1, 1)``
        that is ``(h - fh + 1) * (w - fw + 1)`` positions in row-major order.

    Examples
    --------
    >>> x = np.arange(9.0).reshape(1, 1, 3, 3)
    >>> im2col(x, 2, 2)[0].tolist()  # columns: the 4 positions of a 2x2 window
    [[0.0, 1.0, 3.0, 4.0], [1.0, 2.0, 4.0, 5.0], [3.0, 4.0, 6.0, 7.0], [4.0, 5.0, 7.0, 8.0]]
    >>> im2col(np.arange(16.0).reshape(1, 1, 4, 4), 1, 1, (2, 2))[0, 0].tolist()  # grouped
    [0.0, 2.0, 8.0, 10.0, 1.0, 3.0, 9.0, 11.0, 4.0, 6.0, 12.0, 14.0, 5.0, 7.0, 13.0, 15.0]
    """
    m, c, h, w = x.shape
    fh, fw = _checks.whole(fh, "fh", minimum=1, maximum=h), _checks.whole(fw, "fw", minimum=1, maximum=w)
    ph, pw = _pair(poolsize, "poolsize")
    if ph > h - fh + 1 or pw > w - fw + 1:
        raise ValueError(f"poolsize {(ph, pw)} is larger than the {h - fh + 1}x{w - fw + 1} image it would pool")
    hp, wp = (h - fh + 1) // ph, (w - fw + 1) // pw
    windows = sliding_window_view(x, (fh, fw), axis=(2, 3))  # (m, c, ho, wo, fh, fw), a view
    windows = windows[:, :, :hp * ph, :wp * pw].reshape(m, c, hp, ph, wp, pw, fh, fw)  # still a view
    cols = np.empty((m, c, fh, fw, ph, pw, hp, wp), dtype=x.dtype) if out is None else \
        out.reshape(m, c, fh, fw, ph, pw, hp, wp)
    np.copyto(cols, windows.transpose(0, 1, 6, 7, 3, 5, 2, 4))
    return cols.reshape(m, c * fh * fw, ph * pw * hp * wp)
# --8<-- [end:im2col]


# --8<-- [start:conv_forward]
def conv_forward(x, w, b=None):
    r"""Valid, stride-1 convolution (cross-correlation, equation (125)) of ``x`` with filters ``w``.

    .. math:: z_{i,f,j,k} = b_f + \sum_{c,l,m} w_{f,c,l,m}\, x_{i,c,j+l,k+m}

    computed as one matrix product per example, ``w.reshape(n_filters, -1) @ cols``.

    Parameters
    ----------
    x : ndarray of shape (m, c, h, w)
        Input feature maps, batch first.
    w : ndarray of shape (n_filters, c, fh, fw)
    b : ndarray of shape (n_filters,), optional
        One bias per filter (shared by all positions).

    Returns
    -------
    z : ndarray of shape (m, n_filters, h - fh + 1, w - fw + 1)
    cols : ndarray of shape (m, c * fh * fw, (h - fh + 1) * (w - fw + 1))
        The :func:`im2col` matrix, kept for :func:`conv_backward`.

    Examples
    --------
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> w = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])  # x[j, k] - x[j+1, k+1]
    >>> z, cols = conv_forward(x, w, np.array([0.5]))
    >>> z.shape, z[0, 0].tolist()[0]
    ((1, 1, 3, 3), [-4.5, -4.5, -4.5])
    """
    m, c, h, width = x.shape
    n_filters, c_w, fh, fw = w.shape
    if c != c_w:
        raise ValueError(f"x has {c} feature maps but the filters w of shape {w.shape} expect {c_w}")
    # --8<-- [start:eq125]
    cols = im2col(x, fh, fw)
    z = np.matmul(w.reshape(n_filters, -1), cols)  # (m, n_filters, ho * wo): one GEMM per example
    z = z.reshape(m, n_filters, h - fh + 1, width - fw + 1)
    if b is not None:
        z += b.reshape(1, n_filters, 1, 1)
    # --8<-- [end:eq125]
    return z, cols
# --8<-- [end:conv_forward]


# --8<-- [start:conv_backward]
def conv_backward(delta, cols, w, x_shape, need_input_grad=True):
    r"""Gradients of a cost :math:`C` through :func:`conv_forward`, given :math:`\delta = \partial C/\partial z`.

    .. math::

        \frac{\partial C}{\partial w_{f,c,l,m}} = \sum_{i,j,k} \delta_{i,f,j,k}\, x_{i,c,j+l,k+m}, \qquad
        \frac{\partial C}{\partial b_f} = \sum_{i,j,k} \delta_{i,f,j,k}, \qquad
        \frac{\partial C}{\partial x_{i,c,p,q}} = \sum_{f,l,m} w_{f,c,l,m}\, \delta_{i,f,p-l,q-m}.

    The first is a matrix product with the im2col matrix; the last multiplies :math:`\delta` by
    :math:`w^T` (one column per output position) and adds each of the :math:`f_h f_w` filter
    taps back at its offset ("col2im"): the only loop, over taps, not pixels.

    Parameters
    ----------
    delta : ndarray of shape (m, n_filters, ho, wo)
    cols : ndarray of shape (m, c * fh * fw, ho * wo)
        From :func:`conv_forward`.
    w : ndarray of shape (n_filters, c, fh, fw)
    x_shape : tuple (m, c, h, w)
    need_input_grad : bool, default True
        ``False`` skips :math:`\partial C / \partial x` (not needed for a network's first layer).

    Returns
    -------
    nabla_x : ndarray of shape (m, c, h, w), or None
    nabla_w : ndarray of shape (n_filters, c, fh, fw)
    nabla_b : ndarray of shape (n_filters,)

    Examples
    --------
    >>> x = np.ones((2, 1, 3, 3)); w = np.ones((1, 1, 2, 2))
    >>> z, cols = conv_forward(x, w)
    >>> nx, nw, nb = conv_backward(np.ones_like(z), cols, w, x.shape)  # C = sum(z)
    >>> nw[0, 0].tolist(), nb.tolist(), nx[0, 0].tolist()
    ([[8.0, 8.0], [8.0, 8.0]], [8.0], [[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]])
    """
    m, c, h, width = x_shape
    n_filters, _, fh, fw = w.shape
    ho, wo = h - fh + 1, width - fw + 1
    d = delta.reshape(m, n_filters, ho * wo)
    nabla_b = d.sum(axis=(0, 2))
    # sum over examples i of delta_i @ cols_i^T: one GEMM per example, then a small sum
    nabla_w = np.matmul(d, cols.transpose(0, 2, 1)).sum(axis=0).reshape(w.shape)
    if not need_input_grad:
        return None, nabla_w, nabla_b
    d_wide = np.zeros((m, n_filters, ho, width), dtype=delta.dtype)  # delta, zero-padded to width w
    d_wide[..., :wo] = delta
    nabla_x = _col2im(d_wide, w, x_shape)
    return nabla_x, nabla_w, nabla_b
# --8<-- [end:conv_backward]


def _col2im(d_wide, w, x_shape, dcols=None):
    r""":math:`\partial C/\partial x` from :math:`\delta` padded with zeros to the input's width, shape (m, f, ho, w).

    ``dcols`` is an optional buffer of shape (m, c * fh * fw, ho * w).
    """
    m, c, h, width = x_shape
    n_filters, _, fh, fw = w.shape
    ho = h - fh + 1
    dcols = np.matmul(w.reshape(n_filters, -1).T, d_wide.reshape(m, n_filters, ho * width), out=dcols)
    dcols = dcols.reshape(m, c, fh, fw, ho * width)  # dC/dcols, one row per filter tap
    # Tap (l, mm) of output (j, k) touched x[j + l, k + mm], flat index (j * w + k) + (l * w + mm)
    # of a row-major image. With delta padded to the full width w, the outputs of each tap are
    # one contiguous run of that flat image, shifted by l * w + mm: fh * fw long additions
    # instead of one per pixel (the padding adds zeros; fw - 1 spare entries take its overrun).
    flat = np.zeros((m, c, h * width + fw - 1), dtype=d_wide.dtype)
    for l in range(fh):
        for mm in range(fw):
            start = l * width + mm
            flat[:, :, start:start + ho * width] += dcols[:, :, l, mm]
    return flat[:, :, :h * width].reshape(x_shape)


# --8<-- [start:max_pool]
def max_pool(z, poolsize=(2, 2)):
    r"""Max-pooling over non-overlapping ``poolsize`` windows (``ignore_border=True``, as ``network3``).

    Rows and columns left over when the size is not a multiple of the window are dropped.
    The loop runs over the ``ph * pw`` positions inside a window, each a strided view of the
    whole batch.

    Parameters
    ----------
    z : ndarray of shape (m, f, h, w)
    poolsize : (int, int), default (2, 2)
        Window height and width.

    Returns
    -------
    ndarray of shape (m, f, h // ph, w // pw)

    Examples
    --------
    >>> z = np.array([[[[1.0, 2.0, 5.0], [3.0, 0.0, 9.0]]]])  # 2 x 3: last column dropped
    >>> max_pool(z).tolist()
    [[[[3.0]]]]
    """
    ph, pw = _pool(poolsize, z.shape)
    hp, wp = z.shape[2] // ph, z.shape[3] // pw
    pooled = None
    for i in range(ph):
        for j in range(pw):
            s = z[:, :, i:hp * ph:ph, j:wp * pw:pw]  # position (i, j) of every window
            pooled = s.copy() if pooled is None else np.maximum(pooled, s, out=pooled)
    return pooled
# --8<-- [end:max_pool]


# --8<-- [start:max_pool_backward]
def max_pool_backward(delta, z, pooled, poolsize=(2, 2)):
    r"""Route :math:`\partial C / \partial(\text{pooled})` back to the inputs that were the maximum.

    Each window's gradient goes to its maximum; inputs that were not the maximum get 0.
    **Ties**: when several inputs of a window equal the maximum, the gradient is split equally
    between them. For a two-way tie this is exactly what a central difference measures (raising
    one of the two by :math:`\epsilon` raises the max by :math:`\epsilon`, lowering it leaves the
    max unchanged: slope 1/2), so gradient checks pass with ties.

    Parameters
    ----------
    delta : ndarray of shape (m, f, hp, wp)
        :math:`\partial C / \partial(\text{pooled})`.
    z : ndarray of shape (m, f, h, w)
        The input of :func:`max_pool`.
    pooled : ndarray of shape (m, f, hp, wp)
        Its output.
    poolsize : (int, int), default (2, 2)

    Returns
    -------
    ndarray of shape (m, f, h, w)
        :math:`\partial C / \partial z`.

    Examples
    --------
    >>> z = np.array([[[[1.0, 4.0], [4.0, 0.0]]]])  # a tie between two 4s
    >>> max_pool_backward(np.ones((1, 1, 1, 1)), z, max_pool(z)).tolist()
    [[[[0.0, 0.5], [0.5, 0.0]]]]
    """
    ph, pw = _pool(poolsize, z.shape)
    expected = (*z.shape[:2], z.shape[2] // ph, z.shape[3] // pw)
    if pooled.shape != expected or delta.shape != expected:
        raise ValueError(f"delta and pooled have shapes {delta.shape} and {pooled.shape}; poolsize {(ph, pw)} "
                         f"on z of shape {z.shape} gives {expected}")
    hp, wp = pooled.shape[2], pooled.shape[3]
    windows = [(i, j) for i in range(ph) for j in range(pw)]
    is_max = [z[:, :, i:hp * ph:ph, j:wp * pw:pw] == pooled for i, j in windows]
    nabla_z = np.zeros(z.shape, dtype=delta.dtype)
    if sum(np.count_nonzero(mask) for mask in is_max) == delta.size:  # no ties: one max per window
        share = delta
    else:
        count = np.zeros(pooled.shape, dtype=delta.dtype)  # how many inputs equal the max
        for mask in is_max:
            count += mask
        share = delta / count
    for (i, j), mask in zip(windows, is_max):
        np.multiply(mask, share, out=nabla_z[:, :, i:hp * ph:ph, j:wp * pw:pw])
    return nabla_z
# --8<-- [end:max_pool_backward]


# --------------------------------------------------------------------------------------------
# Layers
# --------------------------------------------------------------------------------------------

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
        Seeds this layer's initial weights. Without one, :class:`Network` draws them from its
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
        self.poolsize = _pair(poolsize, "poolsize")
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
        nabla_x = _col2im(d_wide, self.w, x_shape, dcols)
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
        """The constructor arguments, as a JSON-ready dict (see :meth:`Network.save`)."""
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


_LAYER_TYPES = {cls.__name__: cls for cls in (ConvPoolLayer, FullyConnectedLayer, SoftmaxLayer)}


# --------------------------------------------------------------------------------------------
# The network
# --------------------------------------------------------------------------------------------

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
            _check_pair(i, prev, layer)
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
        (:func:`nnadl.data.as_arrays`).
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
        """Save to ``filename`` (an ``.npz`` file) with :func:`nnadl.persist.save_conv`; :func:`nnadl.persist.load_conv` reads it back."""
        from .persist import save_conv
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

def _describe(layer):
    if isinstance(layer, ConvPoolLayer):
        return f"image_shape[1:]={layer.input_shape} = {layer.n_inputs} values"
    return f"n_in={layer.n_in}"


def _check_pair(i, prev, layer):
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
            f"({type(layer).__name__}) expects {_describe(layer)}"
        )


# --------------------------------------------------------------------------------------------
# Ensembles
# --------------------------------------------------------------------------------------------

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
