r"""Cost functions, each next to the output error :math:`\delta^L` it produces.

A cost is a class with two static methods, the interface of the book's
``network2.py``:

``fn(a, y)``
    the cost :math:`C`, summed over the columns (examples) of ``a`` and ``y``;
``derivative(a, y)``
    :math:`\nabla_a C`, the vector of partial derivatives :math:`\partial C / \partial a^L_j`;
``delta(z, a, y)``
    the output error :math:`\delta^L = \nabla_a C \odot \sigma'(z^L)` (BP1a) for a
    sigmoid output layer.

``a``, ``y`` and ``z`` all have shape ``(n_L, m)``: one column per example, so the
same functions serve a single example (``m = 1``) and a whole mini-batch.
"""

from __future__ import annotations

import numpy as np

from .activations import sigmoid_prime

__all__ = ["QuadraticCost", "COSTS", "get_cost"]


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


COSTS = {QuadraticCost.name: QuadraticCost}


def get_cost(name_or_cost):
    """Look up a cost class by its ``name`` (``"quadratic"``, ...); a cost class is returned as it is.

    Examples
    --------
    >>> get_cost("quadratic") is QuadraticCost
    True
    """
    if isinstance(name_or_cost, type) and hasattr(name_or_cost, "delta"):
        return name_or_cost
    try:
        return COSTS[name_or_cost]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown cost {name_or_cost!r}; expected one of: {', '.join(COSTS)}"
        ) from None
