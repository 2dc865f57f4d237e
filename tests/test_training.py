"""nnadl.training: the loop every network trains through, what it asks of a network, and what it reports."""

import numpy as np
import pytest

from nnadl import conv, network, network2
from nnadl.network2 import Network
from nnadl.training import Examples, History, Monitoring, NoImprovement, Trainable, TrainingDiverged, monitor, update
from helpers import blobs


NETS = {
    "network": lambda: network.Network([4, 3, 2], seed=0),
    "network2": lambda: network2.Network([4, 3, 2], "cross-entropy", seed=0),
    "conv": lambda: conv.Network([conv.FullyConnectedLayer(4, 3), conv.SoftmaxLayer(3, 2)], seed=0),
}


@pytest.mark.parametrize("kind", NETS)
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_training_data_is_refused_naming_the_example(kind, bad):
    """Was: 'training diverged ... try a smaller learning rate' (blamed on eta)."""
    X, labels = blobs()
    X[7, 2] = bad
    with pytest.raises(ValueError, match=r"NaN or infinite value \(at index \(7, 2\)\)"):
        NETS[kind]().SGD((X, labels), 1, 10, 0.5)


@pytest.mark.parametrize("kind", NETS)
def test_evaluating_non_finite_input_is_refused(kind):
    """Was: an answer for NaN input."""
    X, labels = blobs()
    X[3, 0] = np.nan
    with pytest.raises(ValueError, match="NaN or infinite"):
        NETS[kind]().evaluate((X, labels))


def test_conv_predict_refuses_non_finite_input():
    X, _ = blobs()
    X[0, 0] = np.inf
    with pytest.raises(ValueError, match="NaN or infinite"):
        NETS["conv"]().predict(X)


@pytest.mark.parametrize("lmbda", [np.inf, np.nan, -1.0])
@pytest.mark.parametrize("kind", ["network2", "conv"])
def test_a_bad_lmbda_is_named(kind, lmbda):
    """Was: lmbda=inf blamed on eta."""
    with pytest.raises(ValueError, match="lmbda must be a finite number >= 0"):
        NETS[kind]().SGD(blobs(), 1, 10, 0.5, lmbda=lmbda)


@pytest.mark.parametrize("kind", ["network2", "conv"])
def test_empty_test_data_is_refused(kind):
    """Was: ZeroDivisionError."""
    X, labels = blobs()
    with pytest.raises(ValueError, match="test_data is empty"):
        NETS[kind]().SGD((X, labels), 1, 10, 0.5, test_data=(X[:0], labels[:0]))


@pytest.mark.parametrize("kind", ["network", "network2"])
def test_total_cost_of_no_examples_is_refused(kind):
    """Was: ZeroDivisionError."""
    X, labels = blobs()
    with pytest.raises(ValueError, match="data is empty"):
        NETS[kind]().total_cost((X[:0], labels[:0]))


@pytest.mark.parametrize("kind", ["network2", "conv"])
def test_runaway_weights_are_reported(kind):
    """Was: eta=1e300 returned normally with weights near 1e298 and 11% accuracy."""
    with pytest.raises(TrainingDiverged, match=r"ran away in epoch 0: a weight reached .* eta=1e\+300"):
        NETS[kind]().SGD(blobs(), 3, 10, 1e300)


def test_sizes_that_are_not_whole_numbers_are_refused():
    """Was: Network([2.5, 3]) built [2, 3]."""
    for make in (network.Network, network2.Network):
        with pytest.raises(ValueError, match="layer sizes must be whole numbers"):
            make([2.5, 3])


@pytest.mark.parametrize("form", ["zip", "generator", "tolist", "list", "float labels"])
def test_the_books_data_forms_train(form):
    """Was: zip and generators 'has no len()', (X.tolist(), y.tolist()) and [X, y] 'too many values to unpack',
    float labels an error about the shape."""
    X, labels = blobs()
    data = {
        "zip": lambda: zip(X, labels),
        "generator": lambda: ((x, y) for x, y in zip(X, labels)),
        "tolist": lambda: (X.tolist(), labels.tolist()),
        "list": lambda: [X, labels],
        "float labels": lambda: (X, labels.astype(float)),
    }[form]
    reference = network.Network([4, 3, 2], seed=1)
    reference.SGD((X, labels), 2, 10, 0.5)
    net = network.Network([4, 3, 2], seed=1)
    net.SGD(data(), 2, 10, 0.5)
    assert all(np.array_equal(p, q) for p, q in zip(net.weights + net.biases, reference.weights + reference.biases))


def test_a_label_that_needs_rounding_is_refused():
    X, labels = blobs()
    with pytest.raises(ValueError, match=r"y\[0\] is 1.7; labels must be whole numbers"):
        network.Network([4, 3, 2], seed=0).SGD((X, np.r_[1.7, labels[1:]]), 1, 10, 0.5)


def test_bad_options_are_refused():
    net = Network([2, 2], seed=0)
    data = (np.zeros((4, 2)), np.array([0, 1, 0, 1]))
    with pytest.raises(ValueError, match="regularization"):
        net.SGD(data, 1, 2, 0.1, lmbda=1.0, regularization="L3")
    with pytest.raises(ValueError, match="mu"):
        net.SGD(data, 1, 2, 0.1, mu=1.5)
    with pytest.raises(ValueError, match="dropout"):
        net.SGD(data, 1, 2, 0.1, dropout=1.0)
    with pytest.raises(ValueError, match="needs n"):
        net.update_mini_batch(data[0].T, np.eye(2)[data[1]].T, 0.1, lmbda=1.0)
    for bad in (-1.0, float("inf"), float("nan")):
        with pytest.raises(ValueError, match="lmbda must be a finite number >= 0"):
            net.SGD(data, 1, 2, 0.1, lmbda=bad)
    with pytest.raises(ValueError, match="evaluation_data"):
        net.SGD(data, 1, 2, 0.1, early_stopping_n=3)


def test_momentum_speeds_up_a_slow_descent():
    rng = np.random.default_rng(0)
    X = rng.normal(0, 1, (200, 4))
    labels = (X[:, 0] + X[:, 1] > 0).astype(int)
    costs = {}
    for mu in [0.0, 0.9]:
        net = Network([4, 6, 2], "cross-entropy", weight_init="scaled", seed=1)
        h = net.SGD((X, labels), 10, 20, 0.02, mu=mu, monitor_training_cost=True)
        costs[mu] = h.training_cost[-1]
    assert costs[0.9] < costs[0.0]


def _data(n=40, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(0, 1, (n, 4))
    return X, (X[:, 0] > 0).astype(int)


def test_every_monitoring_flag_fills_its_list():
    train, evaluation, test = _data(40), _data(15, 1), _data(10, 2)
    net = Network([4, 5, 2], "cross-entropy", seed=0)
    h = net.SGD(train, 3, 10, 0.5, test, lmbda=1.0, evaluation_data=evaluation,
                monitor_evaluation_cost=True, monitor_evaluation_accuracy=True,
                monitor_training_cost=True, monitor_training_accuracy=True)
    lists = [h.evaluation_cost, h.evaluation_accuracy, h.training_cost, h.training_accuracy,
             h.test_accuracy, h.test_correct, h.etas]
    assert [len(v) for v in lists] == [3] * 7 and h.epochs == 3 and h.stop_reason == "epochs"
    assert (h.training_total, h.evaluation_total, h.test_total) == (40, 15, 10)
    # the recorded numbers are what the network gives now, regularization term included once
    assert h.training_cost[-1] == pytest.approx(net.total_cost(train, lmbda=1.0), rel=1e-12)
    assert h.evaluation_cost[-1] == pytest.approx(net.total_cost(evaluation, lmbda=1.0, n=40), rel=1e-12)
    assert h.training_accuracy[-1] == net.evaluate(train) / 40
    assert h.evaluation_accuracy[-1] == net.evaluate(evaluation) / 15
    assert h.test_correct[-1] == net.evaluate(test)


def test_flags_off_leave_lists_empty():
    h = Network([4, 5, 2], seed=0).SGD(_data(), 2, 10, 0.5)
    assert (h.evaluation_cost, h.evaluation_accuracy, h.training_cost, h.training_accuracy, h.test_correct) == ([],) * 5
    assert h.epochs == 2 and h.etas == [0.5, 0.5]


def test_evaluation_data_defaults_to_test_data_and_is_measured_once(monkeypatch):
    net = Network([4, 5, 2], seed=0)
    calls = []
    measure = net.measure
    monkeypatch.setattr(net, "measure", lambda *a: calls.append(1) or measure(*a))
    test = _data(10, 2)
    h = net.SGD(_data(), 2, 10, 0.5, test, monitor_evaluation_accuracy=True)
    assert h.evaluation_accuracy == h.test_accuracy and len(calls) == 2


def test_non_finite_monitored_cost_raises():
    class NaNCost:
        name, delta_activation, output_activations = "nan", "sigmoid", None
        fn = staticmethod(lambda a, y: np.nan)
        derivative = staticmethod(lambda a, y: a - y)
        delta = staticmethod(lambda z, a, y: 0 * a)

    net = Network([4, 2], NaNCost, seed=0)
    with pytest.raises(TrainingDiverged, match=r"epoch 0: the cost on the training data.*smaller learning rate"):
        net.SGD(_data(), 1, 10, 0.5, monitor_training_cost=True)


def test_diverging_weights_raise():
    net = Network([4, 5, 2], "cross-entropy", activation="relu", output_activation="sigmoid", seed=0)
    X, labels = _data()
    with pytest.raises(TrainingDiverged, match=r"in epoch \d+.*smaller learning rate than eta=1e\+300"):
        net.SGD((X * 1e200, labels), 3, 10, 1e300, monitor_training_cost=True)


def test_no_improvement_rule():
    rule = NoImprovement(3)
    assert [rule(a) for a in [0.1, 0.2, 0.2, 0.15, 0.2]] == [False, False, False, False, True]
    rule.reset()
    assert rule.best == 0.2 and not rule(0.2) and not rule(0.2) and rule(0.1)
    with pytest.raises(ValueError):
        NoImprovement(0)


def _scripted(monkeypatch, net, accuracies):
    """Make the evaluation accuracy of successive epochs follow ``accuracies`` (of 100 examples)."""
    it = iter(accuracies)
    monkeypatch.setattr(net, "measure", lambda x, y, want_cost, want_correct, *rest: (None, round(next(it) * x.shape[1])))


def test_early_stopping_after_exactly_n_epochs_without_improvement(monkeypatch):
    net = Network([4, 3, 2], seed=0)
    _scripted(monkeypatch, net, [0.5, 0.6, 0.6, 0.7, 0.65, 0.7, 0.69, 0.9, 0.9])
    h = net.SGD(_data(), 50, 10, 0.5, evaluation_data=_data(100, 1), early_stopping_n=3)
    # best 0.7 at epoch 3; epochs 4, 5, 6 do not beat it: stop after epoch 6
    assert h.epochs == 7 and h.stop_reason == "early_stopping"
    assert h.evaluation_accuracy == [0.5, 0.6, 0.6, 0.7, 0.65, 0.7, 0.69]
    assert h.etas == [0.5] * 7


def test_eta_schedule_halves_to_one_128th_then_stops(monkeypatch):
    net = Network([4, 3, 2], seed=0)
    _scripted(monkeypatch, net, [0.5, 0.6, 0.6] + [0.6] * 100)
    h = net.SGD(_data(), 100, 10, 0.8, evaluation_data=_data(100, 1), eta_schedule_n=2)
    # best at epoch 1; halvings after epochs 3, 5, 7, 9, 11, 13, 15; the 7th reaches 0.8/128: stop
    assert h.stop_reason == "eta_schedule" and h.epochs == 16
    assert h.etas == [0.8] * 4 + [0.8 / 2 ** k for k in range(1, 7) for _ in range(2)]
    assert min(h.etas) == 0.8 / 64


def test_eta_schedule_waits_again_after_an_improvement(monkeypatch):
    net = Network([4, 3, 2], seed=0)
    _scripted(monkeypatch, net, [0.5, 0.5, 0.5, 0.6, 0.6, 0.6, 0.6])
    h = net.SGD(_data(), 7, 10, 1.0, evaluation_data=_data(100, 1), eta_schedule_n=2)
    assert h.etas == [1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25] and h.stop_reason == "epochs"


def test_history_defaults():
    assert History().epochs == 0 and History().stop_reason == "epochs"


def test_both_networks_meet_the_contract_and_others_are_told_apart():
    for make in (NETS["network2"], NETS["conv"]):
        assert isinstance(make(), Trainable)

    class NoVelocities:  # what a network written before momentum would look like
        weights, biases, rng, example_axis = [], [], np.random.default_rng(0), 1

        def examples(self, data, what):
            pass

        def mini_batch(self, x, y, batch):
            pass

        def gradient(self, x, y, dropout):
            pass

        def measure(self, x, y, want_cost, want_correct, lmbda, n, regularization):
            pass

    assert not isinstance(NoVelocities(), Trainable)


def test_update_keeps_velocities_on_the_network_only_with_momentum():
    net = NETS["network2"]()
    nabla_w, nabla_b = [np.ones_like(w) for w in net.weights], [np.ones_like(b) for b in net.biases]
    update(net, nabla_b, nabla_w, 1, 0.5)
    assert net.velocities is None
    update(net, nabla_b, nabla_w, 1, 0.5, mu=0.9)
    v_w, v_b = net.velocities
    assert all(np.array_equal(v, -0.5 * np.ones_like(w)) for v, w in zip(v_w, net.weights))
    update(net, nabla_b, nabla_w, 1, 0.5, mu=0.9)
    assert all(np.allclose(v, -0.95 * np.ones_like(b)) for v, b in zip(net.velocities[1], net.biases))


def test_monitor_measures_what_it_is_asked_and_on_the_data_it_is_given():
    net = NETS["network2"]()
    X, labels = blobs(40)
    training, test = net.examples((X, labels)), net.examples((X[:10], labels[:10]))
    history = History(training_total=40, test_total=10, evaluation_total=10)
    wanted = Monitoring(evaluation_accuracy=True, training_cost=True, lmbda=0.1, n=40)
    accuracy = monitor(net, 0, 0.5, history, Examples(training, test, test), wanted)
    assert history.training_cost == [net.total_cost((X, labels), lmbda=0.1, n=40)]
    assert history.training_accuracy == [] and history.evaluation_cost == []
    assert accuracy == history.evaluation_accuracy[0] == history.test_accuracy[0] == net.accuracy((X[:10], labels[:10]))
    assert history.best_epoch == 0
