"""Chapter 6 under the name it had before it followed the book's ``network`` → ``network2`` → ``network3``.

Every name is at home in one of three modules, and importable from here as well:

- :mod:`nnadl.convolution`: convolution and max-pooling, each next to its backward pass
  (:func:`conv_forward`, :func:`conv_backward`, :func:`max_pool`, :func:`max_pool_backward`,
  :func:`im2col`);
- :mod:`nnadl.layers`: :class:`ConvPoolLayer`, :class:`FullyConnectedLayer`,
  :class:`SoftmaxLayer`, and ``network3``'s ``ReLU``;
- :mod:`nnadl.network3`: the :class:`Network` and the :class:`Ensemble`.

Examples
--------
>>> from nnadl.conv import Network, ConvPoolLayer, SoftmaxLayer
>>> Network([ConvPoolLayer((2, 1, 3, 3), (10, 1, 6, 6)), SoftmaxLayer(8, 2)], seed=0).feedforward([[0.0] * 36]).shape
(1, 2)
"""

from .convolution import conv_backward, conv_forward, im2col, max_pool, max_pool_backward
from .layers import ConvPoolLayer, FullyConnectedLayer, ReLU, SoftmaxLayer, sigmoid, tanh
from .network3 import Ensemble, History, Network

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
