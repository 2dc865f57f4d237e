r"""Cost functions, each next to the output error :math:`\delta^L` it produces.

A cost is a class with two static methods, the interface of the book's
``network2.py``:

``fn(a, y)``
    the cost :math:`C`, summed over the columns (examples) of ``a`` and ``y``;
``derivative(a, y)``
    :math:`\nabla_a C`, the vector of partial derivatives :math:`\partial C / \partial a^L_j`;
``delta(z, a, y)``
    the output error :math:`\delta^L = \partial C / \partial z^L` (BP1) for the output
    activation named by the class attribute ``delta_activation``: ``"sigmoid"`` for the
    quadratic and cross-entropy costs, ``"softmax"`` for the log-likelihood cost.

Two further class attributes tell :class:`~nnadl.network2.Network` how to use a cost:
``delta_activation`` (above; a network with another output activation falls back on
``derivative`` and BP1a) and ``output_activations``, the output activations the cost is
defined for (``None``: any).

``a``, ``y`` and ``z`` all have shape ``(n_L, m)``: one column per example, so the
same functions serve a single example (``m = 1``) and a whole mini-batch.
"""

from __future__ import annotations

import numpy as np

from .activations import sigmoid_prime

__all__ = ["QuadraticCost", "CrossEntropyCost", "LogLikelihoodCost", "COSTS", "get_cost"]

# The smallest positive normal float: log(_TINY) = -708.4 is finite, so a log of an
# output that rounded to 0 gives a large finite cost instead of inf, and 0 * log(0) = 0.
_TINY = np.finfo(np.float64).tiny


class QuadraticCost:
    r"""The quadratic cost :math:`C = \frac{1}{2} \sum_j (y_j - a^L_j)^2` of one example.

    Examples
    --------
    >>> a = np.array([[0.8], [0.1]]); y = np.array([[1.0], [0.0]])
    >>> round(float(QuadraticCost.fn(a, y)), 12)
    0.025
    >>> QuadraticCost.derivative(a, y).round(12).ravel().tolist()
    [-0.2, 0.1]
    """

    name = "quadratic"
    delta_activation = "sigmoid"
    output_activations = None  # any output activation, through BP1a or the softmax Jacobian

    # --8<-- [start:quadratic-fn]
    @staticmethod
    def fn(a, y):
        r"""The cost :math:`\frac{1}{2}\|y - a\|^2`, summed over the columns of ``a`` and ``y``."""
        return 0.5 * np.sum((a - y) ** 2)
    # --8<-- [end:quadratic-fn]

    # --8<-- [start:quadratic-derivative]
    @staticmethod
    def derivative(a, y):
        r""":math:`\nabla_a C = a^L - y`: the reversal of terms comes from :math:`\partial(y - a)/\partial a = -1`."""
        return a - y
    # --8<-- [end:quadratic-derivative]

    # --8<-- [start:quadratic-delta]
    @staticmethod
    def delta(z, a, y):
        r"""Output error, equation (30): :math:`\delta^L = (a^L - y) \odot \sigma'(z^L)`."""
        return (a - y) * sigmoid_prime(z)
    # --8<-- [end:quadratic-delta]


def _log(a):
    r""":math:`\ln a` for :math:`a \ge 0`, with outputs that rounded to 0 read as the smallest normal float.

    Finite everywhere on :math:`[0, \infty)` and silent (no divide-by-zero warning), so that
    :math:`y \ln a = 0` when :math:`y = 0`, whatever :math:`a` is (the convention
    :math:`0 \ln 0 = 0`).
    """
    return np.log(np.maximum(a, _TINY))


class CrossEntropyCost:
    r"""The cross-entropy cost :math:`C = -\sum_j \left[y_j \ln a^L_j + (1 - y_j) \ln(1 - a^L_j)\right]` of one example.

    Equation (63) of chapter 3 for sigmoid output neurons. Its output error is
    :math:`\delta^L = a^L - y` (equation (66)): the :math:`\sigma'(z^L)` that makes
    saturated neurons learn slowly under the quadratic cost cancels against the
    :math:`a(1-a)` in :math:`\partial C / \partial a`.

    The book computes ``np.nan_to_num(-y*np.log(a) - (1-y)*np.log(1-a))``, which warns
    and produces ``nan`` when an output is exactly 0 or 1. Here each logarithm is taken of
    a number clipped below at the smallest normal float (``ln`` of it is -708.4), so

    - a term with :math:`y_j = 0` (or :math:`1 - y_j = 0`) is exactly 0, even at
      :math:`a_j = 0` (or 1): the convention :math:`0 \ln 0 = 0`;
    - an output that rounded to the wrong end (a sigmoid saturates to exactly 1.0 for
      :math:`z > 37`) costs about 708 per neuron rather than ``inf``: large, finite, and
      no warning.

    Examples
    --------
    >>> a = np.array([[0.9], [0.2]]); y = np.array([[1.0], [0.0]])
    >>> round(float(CrossEntropyCost.fn(a, y)), 6)  # -ln 0.9 - ln 0.8
    0.328504
    >>> CrossEntropyCost.delta(None, a, y).round(12).ravel().tolist()
    [-0.1, 0.2]
    >>> float(CrossEntropyCost.fn(np.array([[0.0], [1.0]]), np.array([[0.0], [1.0]])))
    0.0
    """

    name = "cross-entropy"
    delta_activation = "sigmoid"
    output_activations = ("sigmoid",)  # ln(1 - a) needs 0 <= a <= 1

    # --8<-- [start:cross-entropy-fn]
    @staticmethod
    def fn(a, y):
        r"""The cost :math:`-\sum [y \ln a + (1-y) \ln(1-a)]`, summed over neurons and columns."""
        return -np.sum(y * _log(a) + (1 - y) * _log(1 - a))
    # --8<-- [end:cross-entropy-fn]

    @staticmethod
    def derivative(a, y):
        r""":math:`\nabla_a C = \frac{a - y}{a (1 - a)}` (infinite where :math:`a` is 0 or 1 and differs from :math:`y`)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return (a - y) / (a * (1 - a))

    # --8<-- [start:cross-entropy-delta]
    @staticmethod
    def delta(z, a, y):
        r"""Output error, equation (66): :math:`\delta^L = a^L - y`.

        :math:`\nabla_a C \odot \sigma'(z^L) = \frac{a - y}{a(1-a)} \, a(1-a)`: the
        :math:`\sigma'` cancels, so ``z`` is not used.
        """
        return a - y
    # --8<-- [end:cross-entropy-delta]


class LogLikelihoodCost:
    r"""The log-likelihood cost :math:`C = -\ln a^L_y` of one example, for a softmax output layer.

    ``y`` is the one-hot column of the label, so :math:`C = -\sum_j y_j \ln a^L_j`
    (equation (80)). With softmax outputs the output error is :math:`\delta^L = a^L - y`
    (equation (84)), the same expression as for cross-entropy with sigmoid outputs.

    A softmax output can underflow to exactly 0; its logarithm is then taken as
    :math:`\ln(2.2 \times 10^{-308}) \approx -708`, a large finite cost, with no warning.

    Examples
    --------
    >>> a = np.array([[0.7], [0.2], [0.1]]); y = np.array([[0.0], [1.0], [0.0]])
    >>> round(float(LogLikelihoodCost.fn(a, y)), 6)  # -ln 0.2
    1.609438
    >>> LogLikelihoodCost.delta(None, a, y).round(12).ravel().tolist()
    [0.7, -0.8, 0.1]
    >>> round(float(LogLikelihoodCost.fn(np.array([[1.0], [0.0]]), np.array([[0.0], [1.0]]))), 1)
    708.4
    """

    name = "log-likelihood"
    delta_activation = "softmax"
    output_activations = ("softmax",)

    # --8<-- [start:log-likelihood-fn]
    @staticmethod
    def fn(a, y):
        r"""The cost :math:`-\sum_j y_j \ln a_j = -\ln a_y`, summed over the columns."""
        return -np.sum(y * _log(a))
    # --8<-- [end:log-likelihood-fn]

    @staticmethod
    def derivative(a, y):
        r""":math:`\nabla_a C = -y / a` (0 where :math:`y = 0`, even if :math:`a = 0`)."""
        y = np.broadcast_to(y, np.shape(a))
        with np.errstate(divide="ignore"):
            return -np.divide(y, a, out=np.zeros(np.shape(a)), where=y != 0)

    # --8<-- [start:log-likelihood-delta]
    @staticmethod
    def delta(z, a, y):
        r"""Output error of a softmax layer, equation (84): :math:`\delta^L = a^L - y`."""
        return a - y
    # --8<-- [end:log-likelihood-delta]


COSTS = {c.name: c for c in (QuadraticCost, CrossEntropyCost, LogLikelihoodCost)}


def get_cost(name_or_cost):
    """Look up a cost class by its ``name``; a cost class is returned as it is.

    The names are ``"quadratic"``, ``"cross-entropy"`` and ``"log-likelihood"``.

    Examples
    --------
    >>> get_cost("quadratic") is QuadraticCost
    True
    >>> get_cost("cross-entropy").__name__
    'CrossEntropyCost'
    """
    if isinstance(name_or_cost, type) and hasattr(name_or_cost, "delta"):
        return name_or_cost
    try:
        return COSTS[name_or_cost]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown cost {name_or_cost!r}; expected one of: {', '.join(COSTS)}"
        ) from None
