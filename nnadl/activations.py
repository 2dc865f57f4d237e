r"""Activation functions, each next to its derivative.

Every function takes an array ``z`` of any shape and returns an array of the
same shape, float64 unless ``z`` is already another float type. None of them
emits an overflow warning, whatever the size of ``z``.

The book's neurons are sigmoid neurons,

.. math:: \sigma(z) = \frac{1}{1 + e^{-z}}, \qquad \sigma'(z) = \sigma(z)\,(1 - \sigma(z)).

Chapter 3 adds tanh and rectified linear neurons; each activation is also
available as an :class:`Activation` pair so a network can be told which one to use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import _checks

__all__ = [
    "Activation",
    "ACTIVATIONS",
    "get_activation",
    "get_output_activation",
    "SIGMOID",
    "SOFTMAX",
    "relu",
    "relu_prime",
    "sigmoid",
    "sigmoid_prime",
    "softmax",
    "tanh",
    "tanh_prime",
]


def _float_array(z):
    z = np.asarray(z)
    # dtype.kind, not np.issubdtype: this runs on every layer of every step, and the
    # generic check costs more than the arithmetic on a small layer
    return z if z.dtype.kind == "f" else z.astype(np.float64)


# --8<-- [start:sigmoid]
def sigmoid(z):
    r"""The sigmoid function :math:`\sigma(z) = 1 / (1 + e^{-z})`, elementwise.

    Written as :math:`e^{\min(z, 0)} / (1 + e^{-|z|})`, which is :math:`1/(1 + e^{-z})` for
    :math:`z \ge 0` and :math:`e^{z}/(1 + e^{z})` for :math:`z < 0`. Neither exponential can
    overflow, so ``sigmoid(-1000)`` is ``0.0`` and ``sigmoid(1000)`` is ``1.0`` without a
    warning, and small outputs keep their full relative precision (``1 - sigmoid(-z)`` would
    round to 0 for :math:`z < -37`). No branch on the sign is needed, which keeps it fast.

    Parameters
    ----------
    z : ndarray of any shape
        Weighted inputs.

    Returns
    -------
    ndarray of the same shape as ``z``

    Examples
    --------
    >>> float(sigmoid(0.0))
    0.5
    >>> sigmoid(np.array([-1000.0, 1000.0])).tolist()
    [0.0, 1.0]
    """
    z = _float_array(z)
    denominator = np.exp(-np.abs(z)) + 1.0  # in [1, 2]
    return np.exp(np.minimum(z, 0.0)) / denominator  # numerator in (0, 1]
# --8<-- [end:sigmoid]


# --8<-- [start:sigmoid_prime]
def sigmoid_prime(z):
    r"""Derivative of the sigmoid, :math:`\sigma'(z) = \sigma(z)(1 - \sigma(z))`.

    Uses the symmetric form :math:`e^{-|z|} / (1 + e^{-|z|})^2`, which is the
    same number but keeps full precision when the neuron saturates
    (:math:`|z|` large), where ``s * (1 - s)`` would round to zero early.

    Parameters
    ----------
    z : ndarray of any shape

    Returns
    -------
    ndarray of the same shape as ``z``

    Examples
    --------
    >>> float(sigmoid_prime(0.0))
    0.25
    >>> bool(sigmoid_prime(40.0) > 0)  # s * (1 - s) would give exactly 0 here
    True
    """
    z = _float_array(z)
    e = np.exp(-np.abs(z))
    d = e + 1.0
    return e / (d * d)
# --8<-- [end:sigmoid_prime]


def tanh(z):
    r"""The hyperbolic tangent, :math:`\tanh(z) = 2\sigma(2z) - 1`, elementwise.

    Examples
    --------
    >>> float(tanh(0.0))
    0.0
    >>> tanh(np.array([-1000.0, 1000.0])).tolist()
    [-1.0, 1.0]
    """
    return np.tanh(_float_array(z))


def tanh_prime(z):
    r"""Derivative of tanh, :math:`1 - \tanh^2(z)`.

    Examples
    --------
    >>> float(tanh_prime(0.0))
    1.0
    """
    t = np.tanh(_float_array(z))
    return 1.0 - t * t


def relu(z):
    r"""The rectified linear unit, :math:`\max(0, z)`, elementwise.

    Examples
    --------
    >>> relu(np.array([-2.0, 0.0, 3.0])).tolist()
    [0.0, 0.0, 3.0]
    """
    return np.maximum(_float_array(z), 0.0)


def relu_prime(z):
    r"""Derivative of ReLU: 1 where :math:`z > 0`, else 0 (the value 0 is taken at :math:`z = 0`).

    Examples
    --------
    >>> relu_prime(np.array([-2.0, 0.0, 3.0])).tolist()
    [0.0, 0.0, 1.0]
    """
    z = _float_array(z)
    return (z > 0).astype(z.dtype)


def softmax(z, axis=0):
    r"""The softmax function :math:`a_j = e^{z_j} / \sum_k e^{z_k}`, along ``axis``.

    Columns are examples (``axis=0``), as everywhere in ``nnadl``. The largest
    :math:`z_k` is subtracted first, which leaves the result unchanged and keeps
    every exponential at most 1, so no input overflows.

    Parameters
    ----------
    z : ndarray of shape (n, m) or (n,)
    axis : int, default 0

    Returns
    -------
    ndarray of the same shape as ``z``, non-negative, summing to 1 along ``axis``

    Examples
    --------
    >>> softmax(np.array([0.0, 0.0])).tolist()
    [0.5, 0.5]
    >>> softmax(np.array([1000.0, 0.0])).tolist()
    [1.0, 0.0]
    """
    z = _float_array(z)
    axis = _checks.whole(axis, "axis", minimum=-np.ndim(z), maximum=np.ndim(z) - 1)
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@dataclass(frozen=True)
class Activation:
    """An activation function paired with its derivative.

    Attributes
    ----------
    name : str
        The name used in saved models and on the command line.
    fn : callable
        :math:`\\sigma(z)`, elementwise.
    prime : callable
        :math:`\\sigma'(z)`, elementwise.

    Examples
    --------
    >>> act = get_activation("sigmoid")
    >>> float(act(0.0)), float(act.prime(0.0))
    (0.5, 0.25)
    """

    name: str
    fn: Callable[[np.ndarray], np.ndarray]
    prime: Callable[[np.ndarray], np.ndarray]

    def __call__(self, z):
        """:math:`\\sigma(z)`: an activation is called like the function it names."""
        return self.fn(z)


#: The sigmoid neuron of chapters 1 and 2, as an :class:`Activation`.
SIGMOID = Activation("sigmoid", sigmoid, sigmoid_prime)

ACTIVATIONS = {
    "sigmoid": SIGMOID,
    "tanh": Activation("tanh", tanh, tanh_prime),
    "relu": Activation("relu", relu, relu_prime),
}


def get_activation(name_or_activation) -> Activation:
    """Look up an :class:`Activation` by name (``"sigmoid"``, ``"tanh"``, ``"relu"``).

    An :class:`Activation` passed in is returned as it is.

    Examples
    --------
    >>> get_activation("relu").name
    'relu'
    >>> get_activation("softsign")
    Traceback (most recent call last):
    ...
    ValueError: unknown activation 'softsign'; expected one of: sigmoid, tanh, relu
    """
    if isinstance(name_or_activation, Activation):
        return name_or_activation
    try:
        return ACTIVATIONS[name_or_activation]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown activation {name_or_activation!r}; expected one of: {', '.join(ACTIVATIONS)}"
        ) from None


def _softmax_prime(z):
    raise TypeError(
        "softmax has no elementwise derivative (each output depends on every z_j); "
        "the output error of a softmax layer is computed in Network.output_error"
    )


# Softmax as an output activation. Its derivative is a Jacobian, not an elementwise
# function, so ``prime`` refuses, and it is not among the ACTIVATIONS a hidden layer may use.
SOFTMAX = Activation("softmax", softmax, _softmax_prime)


def get_output_activation(name_or_activation) -> Activation:
    """Look up the activation of an output layer: any of :data:`ACTIVATIONS`, or ``"softmax"``.

    Examples
    --------
    >>> get_output_activation("softmax") is SOFTMAX
    True
    >>> get_output_activation("tanh").name
    'tanh'
    """
    if name_or_activation == "softmax" or name_or_activation is SOFTMAX:
        return SOFTMAX
    return get_activation(name_or_activation)
