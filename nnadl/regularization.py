r"""Chapter 3's L2 and L1 regularization: the term each adds to the cost, and the update each makes.

Both act on the weights only, never on the biases, and both scale with :math:`\lambda/n`, where
:math:`n` is the size of the whole training set (not of a mini-batch). They serve every network
in ``nnadl``: the fully connected one of :mod:`nnadl.network2` and the convolutional one of
:mod:`nnadl.network3` take their steps through the same functions (:func:`nnadl.training.SGD`).

Examples
--------
>>> w = np.array([[3.0, -1.0]])
>>> term([w], lmbda=2.0, n=4), term([w], 2.0, 4, "L1")
(2.5, 2.0)
"""

from __future__ import annotations

import numpy as np

from . import _checks

__all__ = ["KINDS", "UPDATES", "check_kind", "gradient", "l1_update", "l2_update", "term"]

#: The kinds of regularization, by name.
KINDS = ("L2", "L1")


def check_kind(kind):
    """Raise ``ValueError`` unless ``kind`` is ``"L2"`` or ``"L1"``."""
    if kind not in KINDS:
        raise ValueError(f"unknown regularization {kind!r}; expected 'L2' or 'L1'")


# --8<-- [start:term]
def term(weights, lmbda, n, kind="L2"):
    r"""What regularization adds to the cost, summed over every weight matrix.

    L2, equation (85): :math:`\frac{\lambda}{2n} \sum_w w^2`; L1, equation (95):
    :math:`\frac{\lambda}{n} \sum_w |w|`. Summed in float64 whatever the weights' type.

    Parameters
    ----------
    weights : list of ndarray
    lmbda : float
        The regularization parameter :math:`\lambda` (``lambda`` is a Python keyword).
    n : int
        Size of the training set.
    kind : {"L2", "L1"}

    Returns
    -------
    float
    """
    check_kind(kind)
    lmbda, n = _checks.real(lmbda, "lmbda", minimum=0), _checks.whole(n, "n", minimum=1)
    if kind == "L2":
        return 0.5 * (lmbda / n) * sum(float(np.sum(np.square(w), dtype=np.float64)) for w in weights)
    return (lmbda / n) * sum(float(np.sum(np.abs(w), dtype=np.float64)) for w in weights)
# --8<-- [end:term]


def gradient(w, lmbda, n, kind="L2"):
    r"""The derivative of :func:`term` with respect to one weight matrix: :math:`\frac{\lambda}{n} w` (L2) or :math:`\frac{\lambda}{n} \operatorname{sgn}(w)` (L1).

    Examples
    --------
    >>> gradient(np.array([2.0, -3.0, 0.0]), 1.0, 2, "L1").tolist()
    [0.5, -0.5, 0.0]
    """
    check_kind(kind)
    return (lmbda / n) * (w if kind == "L2" else np.sign(w))


# --8<-- [start:l2-update]
def l2_update(w, nabla_w, eta, lmbda, n, m):
    r"""One step on ``w`` (in place) under L2 regularization, equation (93).

    :math:`w \to \left(1 - \frac{\eta\lambda}{n}\right) w - \frac{\eta}{m} \sum_x \frac{\partial C_x}{\partial w}`:
    the weight decays by a constant factor, then takes the plain gradient step.
    """
    w *= 1 - eta * lmbda / n  # weight decay
    w -= (eta / m) * nabla_w
# --8<-- [end:l2-update]


# --8<-- [start:l1-update]
def l1_update(w, nabla_w, eta, lmbda, n, m):
    r"""One step on ``w`` (in place) under L1 regularization, equation (97).

    :math:`w \to w - \frac{\eta\lambda}{n} \operatorname{sgn}(w) - \frac{\eta}{m} \sum_x \frac{\partial C_x}{\partial w}`:
    the weight shrinks towards 0 by a constant amount, whatever its size.
    """
    w -= (eta * lmbda / n) * np.sign(w)  # a constant shrink towards 0
    w -= (eta / m) * nabla_w
# --8<-- [end:l1-update]


#: The update each kind of regularization makes, by name.
UPDATES = {"L2": l2_update, "L1": l1_update}
