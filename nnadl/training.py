r"""The training loop of chapters 3 and 6: mini-batch SGD with chapter 3's techniques, for any network.

The book's ``network2.py`` and ``network3.py`` each have an ``SGD`` of their own; here both
networks, the fully connected :class:`nnadl.network2.Network` and the convolutional
:class:`nnadl.network3.Network`, train through :func:`SGD` and record the same :class:`History`.
Each piece of chapter 3 is a short function of its own:

- the step: :func:`update`, with :func:`nnadl.regularization.l2_update` or
  :func:`~nnadl.regularization.l1_update` for the weights, or :func:`momentum_update`;
- network2's monitoring: :func:`monitor`, which fills the :class:`History`;
- early stopping and the learning-rate schedule: :class:`NoImprovement`.

A network trains here if it is a :class:`Trainable`: weights and biases updated in place, a
seeded generator, momentum's velocities, and four methods that hand the loop its data and
gradients. Dense networks keep examples in columns, as the text does; convolutional ones in
rows (see the notation page).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, NamedTuple, Protocol, runtime_checkable

import numpy as np

from . import _checks
from . import regularization as reg
from .network import check_arguments

__all__ = ["History", "Monitoring", "NoImprovement", "SGD", "Trainable", "TrainingDiverged", "check_finite",
           "momentum_update", "monitor", "update"]

@runtime_checkable
class Trainable(Protocol):
    """What :func:`SGD` asks of a network: :class:`nnadl.network2.Network` and :class:`nnadl.network3.Network` are two.

    Attributes
    ----------
    weights, biases : list of ndarray
        Updated in place by :func:`update`.
    rng : numpy.random.Generator
        Shuffles the training data every epoch.
    velocities : (list of ndarray, list of ndarray) or None
        Momentum's velocities for the weights and the biases; None until the first step with ``mu > 0``.
    example_axis : int
        The axis of ``x`` along which the examples lie: 1 for columns (dense), 0 for rows (convolutional).

    Examples
    --------
    >>> from nnadl.network2 import Network
    >>> isinstance(Network([2, 1]), Trainable)
    True
    """

    weights: list
    biases: list
    rng: np.random.Generator
    velocities: tuple | None
    example_axis: int

    def examples(self, data, what: str) -> tuple[np.ndarray, np.ndarray]:
        """``data`` (any form) as the arrays ``(x, y)`` in the network's own layout; ``what`` names it in errors."""

    def mini_batch(self, x, y, batch) -> tuple[np.ndarray, np.ndarray]:
        """The examples of ``x`` and ``y`` at the indices ``batch``."""

    def gradient(self, x, y, dropout: float) -> tuple[list, list]:
        """``(nabla_b, nabla_w)``: the gradient of the cost summed over the examples of ``x`` and ``y``."""

    def measure(self, x, y, want_cost: bool, want_correct: bool, lmbda: float, n: int,
                regularization: str) -> tuple[float | None, int | None]:
        """The cost (with the regularization term) and the number classified correctly, each if wanted."""


class Monitoring(NamedTuple):
    """What :func:`monitor` measures after each epoch: network2's four flags, and the cost's regularization."""

    evaluation_cost: bool = False
    evaluation_accuracy: bool = False
    training_cost: bool = False
    training_accuracy: bool = False
    lmbda: float = 0.0
    n: int | None = None
    regularization: str = "L2"


class Examples(NamedTuple):
    """The three data sets of a run as the network's arrays ``(x, y)``; ``test`` and ``evaluation`` may be None."""

    training: tuple
    test: tuple | None
    evaluation: tuple | None


#: Weights larger than this in magnitude mean training has run away: a sigmoid or tanh
#: neuron is then saturated beyond any gradient, and the next steps overflow.
RUNAWAY = 1e8


class TrainingDiverged(FloatingPointError):
    """Raised by :func:`SGD` when the weights run away or stop being finite, naming the epoch and ``eta``."""


def check_finite(params, epoch, eta):
    """Raise :class:`TrainingDiverged`, naming the epoch and ``eta``, if any weight is not finite or has run away.

    Examples
    --------
    >>> check_finite([np.ones(2)], 0, 3.0)
    >>> check_finite([np.array([1.0, np.nan])], 4, 3.0)
    Traceback (most recent call last):
    ...
    nnadl.training.TrainingDiverged: training diverged in epoch 4: the weights, and so the cost, are no longer finite (NaN or inf); try a smaller learning rate than eta=3.0
    >>> check_finite([np.array([2e300])], 0, 1e300)
    Traceback (most recent call last):
    ...
    nnadl.training.TrainingDiverged: training ran away in epoch 0: a weight reached 2e+300 (beyond 1e+08, where every neuron saturates); try a smaller learning rate than eta=1e+300
    """
    if not all(np.isfinite(p).all() for p in params):
        raise TrainingDiverged(
            f"training diverged in epoch {epoch}: the weights, and so the cost, are no longer "
            f"finite (NaN or inf); try a smaller learning rate than eta={eta}"
        )
    _checks.whole(epoch, "epoch", minimum=0), _checks.real(eta, "eta", above=0)
    largest = max((float(np.max(np.abs(p))) for p in params if p.size), default=0.0)
    if largest > RUNAWAY:
        raise TrainingDiverged(
            f"training ran away in epoch {epoch}: a weight reached {largest:.3g} (beyond {RUNAWAY:.0e}, "
            f"where every neuron saturates); try a smaller learning rate than eta={eta}"
        )


@dataclass
class History:
    """What :func:`SGD` measured, one entry per epoch.

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
        ``evaluation_data`` (network3's ``validation_data``), as network2's ``SGD`` returns
        them, but accuracy as a fraction.
    training_cost, training_accuracy : list of float
        The same on the training data.
    evaluation_total, training_total : int
        Sizes of the two sets.
    etas : list of float
        The learning rate used in each epoch (changes under ``eta_schedule_n``).
    epoch_seconds : list of float
        Training time of each epoch, without the measurements.
    best_epoch : int or None
        The epoch with the best evaluation accuracy so far (the last one on a tie), as
        network3 reports it; None when the evaluation accuracy is not recorded.
    stop_reason : str
        Why training stopped: ``"epochs"`` (all epochs run), ``"early_stopping"`` (no
        improvement in evaluation accuracy for ``early_stopping_n`` epochs) or
        ``"eta_schedule"`` (the learning rate fell to 1/128 of its first value).

    Examples
    --------
    >>> h = History(etas=[0.5, 0.5, 0.25], evaluation_accuracy=[0.9, 0.95, 0.93],
    ...             test_accuracy=[0.89, 0.94, 0.92], best_epoch=1)
    >>> h.epochs, h.stop_reason, h.best_evaluation_accuracy, h.test_accuracy_at_best
    (3, 'epochs', 0.95, 0.94)
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
    epoch_seconds: list[float] = field(default_factory=list)
    best_epoch: int | None = None
    stop_reason: str = "epochs"

    @property
    def epochs(self) -> int:
        """Number of epochs recorded."""
        return max(len(self.etas), len(self.test_correct))

    @property
    def best_evaluation_accuracy(self):
        """The best evaluation accuracy, or None if it was not recorded."""
        return None if self.best_epoch is None else self.evaluation_accuracy[self.best_epoch]

    @property
    def test_accuracy_at_best(self):
        """The test accuracy after the epoch of best evaluation accuracy ("the corresponding test accuracy")."""
        return None if self.best_epoch is None or not self.test_accuracy else self.test_accuracy[self.best_epoch]


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
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"n must be a whole number of epochs, at least 1; got {n!r}")
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


# --8<-- [start:momentum]
def momentum_update(p, v, grad, eta, mu):
    r"""Momentum-based gradient descent on one array ``p`` (in place), equations (107)-(108).

    :math:`v \to \mu v - \eta \nabla C`, then :math:`p \to p + v`, with the velocity ``v``
    kept from step to step.
    """
    v *= mu
    v -= eta * grad
    p += v
# --8<-- [end:momentum]


# --8<-- [start:update]
def update(net: Trainable, nabla_b, nabla_w, m, eta, lmbda=0.0, n=None, regularization="L2", mu=0.0):
    """Change ``net``'s weights and biases (in place) by one step on a mini-batch of ``m`` examples.

    ``nabla_b`` and ``nabla_w`` are the gradients summed over the mini-batch. Without chapter 3's
    options this is chapter 1's step; with ``lmbda`` the weights take the L2 or L1 update; with
    ``mu`` the step goes through the velocities in ``net.velocities``. Biases are never regularized.
    """
    if mu:
        if net.velocities is None:
            net.velocities = ([np.zeros_like(w) for w in net.weights], [np.zeros_like(b) for b in net.biases])
        v_w, v_b = net.velocities
        for w, v, nw in zip(net.weights, v_w, nabla_w):
            grad = nw / m
            if lmbda:
                grad = grad + reg.gradient(w, lmbda, n, regularization)
            momentum_update(w, v, grad, eta, mu)
        for b, v, nb in zip(net.biases, v_b, nabla_b):
            momentum_update(b, v, nb / m, eta, mu)
        return
    rule = reg.UPDATES[regularization]
    for w, nw in zip(net.weights, nabla_w):
        if lmbda:
            rule(w, nw, eta, lmbda, n, m)
        else:
            w -= (eta / m) * nw
    for b, nb in zip(net.biases, nabla_b):
        b -= (eta / m) * nb
# --8<-- [end:update]


def check_options(lmbda=0.0, n=1, regularization="L2", mu=0.0, dropout=0.0):
    """Raise ``ValueError`` naming the first of chapter 3's options that is out of range."""
    reg.check_kind(regularization)
    _checks.real(lmbda, "lmbda", minimum=0)
    if lmbda and not (n is not None and n >= 1):
        raise ValueError(f"lmbda > 0 needs n, the size of the training set; got n={n}")
    _checks.real(mu, "mu (the momentum coefficient)", minimum=0, maximum=1)
    _checks.real(dropout, "dropout (a probability)", minimum=0, below=1)


# --8<-- [start:SGD]
def SGD(net: Trainable, training_data, epochs, mini_batch_size, eta, test_data=None, *,
        lmbda=0.0, regularization="L2", mu=0.0, dropout=0.0, evaluation_data=None,
        monitor_evaluation_cost=False, monitor_evaluation_accuracy=False,
        monitor_training_cost=False, monitor_training_accuracy=False,
        early_stopping_n=None, eta_schedule_n=None,
        callback: Callable[[int, History], None] | None = None,
        on_batch: Callable[[int, int, int], None] | None = None) -> History:
    """Train ``net`` by mini-batch stochastic gradient descent with chapter 3's techniques.

    Each epoch shuffles the training data (with ``net.rng``), takes one :func:`update` per
    mini-batch, then measures what it was asked to (:func:`monitor`). The arguments are those
    of network2's ``SGD``; see :meth:`nnadl.network2.Network.SGD` for each of them.

    Returns
    -------
    History

    Raises
    ------
    TrainingDiverged
        If the weights, or a monitored cost, stop being finite or run away.
    """
    check_options(lmbda, 1, regularization, mu, dropout)
    stop_early = None if early_stopping_n is None else NoImprovement(_checks.whole(early_stopping_n, "early_stopping_n", 1))
    schedule = None if eta_schedule_n is None else NoImprovement(_checks.whole(eta_schedule_n, "eta_schedule_n", 1))
    monitor_evaluation_accuracy = monitor_evaluation_accuracy or stop_early is not None or schedule is not None
    data = _data(net, training_data, test_data, evaluation_data, monitor_evaluation_cost or monitor_evaluation_accuracy)
    (x, y), test, evaluation = data
    n = x.shape[net.example_axis]
    check_arguments(epochs, mini_batch_size, eta, n)
    history = History(test_total=0 if test is None else test[0].shape[net.example_axis],
                      evaluation_total=0 if evaluation is None else evaluation[0].shape[net.example_axis],
                      training_total=n)
    wanted = Monitoring(monitor_evaluation_cost, monitor_evaluation_accuracy, monitor_training_cost,
                        monitor_training_accuracy, lmbda, n, regularization)
    eta_0 = eta
    for epoch in range(epochs):
        history.etas.append(eta)
        start = time.perf_counter()
        order = net.rng.permutation(n)
        # Overflow can only come from diverging weights; check_finite reports it once, clearly.
        with np.errstate(over="ignore", invalid="ignore"):
            for k in range(0, n, mini_batch_size):
                batch = order[k:k + mini_batch_size]
                nabla_b, nabla_w = net.gradient(*net.mini_batch(x, y, batch), dropout)
                update(net, nabla_b, nabla_w, len(batch), eta, lmbda, n, regularization, mu)
                if on_batch is not None:
                    on_batch(epoch, k + len(batch), n)
        history.epoch_seconds.append(time.perf_counter() - start)
        check_finite(net.weights + net.biases, epoch, eta)
        accuracy = monitor(net, epoch, eta, history, data, wanted)
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


def _data(net, training_data, test_data, evaluation_data, need_evaluation):
    """The three data sets as ``net``'s arrays (each converted once), checked for what ``SGD`` needs."""
    training = net.examples(training_data, "training_data")
    test = None if test_data is None else net.examples(test_data, "test_data")
    if evaluation_data is None or evaluation_data is test_data:
        evaluation = test  # the same data: converted, and later measured, once
    else:
        evaluation = net.examples(evaluation_data, "evaluation_data")
    if evaluation is None and need_evaluation:
        raise ValueError("monitoring evaluation cost or accuracy, early stopping and the eta schedule "
                         "need evaluation_data (or test_data)")
    for name, data in (("test_data", test), ("evaluation_data", evaluation)):
        if data is not None and data[0].shape[net.example_axis] == 0:
            raise ValueError(f"{name} is empty: there is nothing to measure the network on")
    return Examples(training, test, evaluation)


# --8<-- [start:monitor]
def monitor(net, epoch, eta, history, data: Examples, wanted: Monitoring):
    """Measure on ``data`` and record in ``history`` what ``wanted`` asks for; return the evaluation accuracy (or None)."""
    def measure(examples, name, want_cost, want_correct):
        cost, correct = net.measure(*examples, want_cost, want_correct, wanted.lmbda, wanted.n, wanted.regularization)
        if want_cost and not np.isfinite(cost):
            raise TrainingDiverged(
                f"training diverged in epoch {epoch}: the cost on the {name} data is no longer "
                f"finite (NaN or inf); try a smaller learning rate than eta={eta}"
            )
        return cost, correct

    if wanted.training_cost or wanted.training_accuracy:
        cost, correct = measure(data.training, "training", wanted.training_cost, wanted.training_accuracy)
        if wanted.training_cost:
            history.training_cost.append(cost)
        if wanted.training_accuracy:
            history.training_accuracy.append(correct / history.training_total)
    accuracy = evaluation_correct = None
    if wanted.evaluation_cost or wanted.evaluation_accuracy:
        cost, evaluation_correct = measure(data.evaluation, "evaluation", wanted.evaluation_cost, wanted.evaluation_accuracy)
        if wanted.evaluation_cost:
            history.evaluation_cost.append(cost)
        if wanted.evaluation_accuracy:
            accuracy = evaluation_correct / history.evaluation_total
            history.evaluation_accuracy.append(accuracy)
            if history.best_epoch is None or accuracy >= history.best_evaluation_accuracy:
                history.best_epoch = epoch
    if data.test is not None:
        if data.test is data.evaluation and evaluation_correct is not None:
            correct = evaluation_correct  # the same data: measured once
        else:
            correct = net.measure(*data.test, False, True, wanted.lmbda, wanted.n, wanted.regularization)[1]
        history.test_correct.append(correct)
        history.test_accuracy.append(correct / history.test_total)
    return accuracy
# --8<-- [end:monitor]
