"""nnadl.network: chapter 1's network as the book has it."""

import numpy as np
import pytest

from nnadl import network2
from nnadl.datasets import as_arrays
from nnadl.network import Network
from nnadl.training import TrainingDiverged
from helpers import blobs


def test_book_initialisation_is_standard_normal_with_book_shapes():
    net = Network([784, 30, 10], seed=0)
    assert [w.shape for w in net.weights] == [(30, 784), (10, 30)]
    assert [b.shape for b in net.biases] == [(30, 1), (10, 1)]
    w = net.weights[0]
    assert abs(w.mean()) < 0.01 and abs(w.std() - 1) < 0.01
    assert all(p.dtype == np.float64 for p in net.weights + net.biases)


def test_scaled_initialisation_divides_by_sqrt_n_in():
    w = network2.Network([784, 30, 10], weight_init="scaled", seed=0).weights[0]
    assert abs(w.std() - 1 / np.sqrt(784)) < 0.002


def test_same_seed_same_network_and_same_training():
    data = blobs()
    a, b = Network([4, 5, 2], seed=42), Network([4, 5, 2], seed=42)
    ha = a.SGD(data, 3, 10, 1.0, test_data=data)
    hb = b.SGD(data, 3, 10, 1.0, test_data=data)
    assert len(ha) == 3 and ha == hb
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        assert np.array_equal(p, q)
    c = Network([4, 5, 2], seed=43)
    assert not np.array_equal(c.weights[0], Network([4, 5, 2], seed=42).weights[0])


def test_chapter1_sgd_returns_the_test_results_the_book_prints():
    X, labels = blobs(400)
    net = Network([4, 8, 2], seed=1)
    results = net.SGD((X[:300], labels[:300]), 5, 10, 2.0, test_data=(X[300:], labels[300:]))
    assert len(results) == 5 and all(isinstance(r, int) for r in results)
    assert results[-1] == net.evaluate((X[300:], labels[300:])) >= 95
    assert net.SGD((X[:300], labels[:300]), 1, 10, 2.0) == []


def test_chapter3_network_is_the_chapter1_network_when_nothing_is_changed():
    X, labels = blobs(100)
    a, b = Network([4, 6, 2], seed=7), network2.Network([4, 6, 2], seed=7)
    results = a.SGD((X, labels), 3, 10, 1.5, test_data=(X, labels))
    history = b.SGD((X, labels), 3, 10, 1.5, test_data=(X, labels))
    assert history.test_correct == results
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        assert np.array_equal(p, q)


def test_sgd_learns_an_easy_problem_and_reports_per_epoch():
    X, labels = blobs(400)
    net = network2.Network([4, 8, 2], seed=1)
    seen = []
    history = net.SGD((X[:300], labels[:300]), 5, 10, 2.0, test_data=(X[300:], labels[300:]),
                      callback=lambda epoch, h: seen.append((epoch, h.epochs)))
    assert history.epochs == 5 and history.test_total == 100
    assert seen == [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]
    assert history.test_accuracy[-1] >= 0.95
    assert history.test_correct[-1] == net.evaluate((X[300:], labels[300:]))


def test_on_batch_reports_progress_through_each_epoch():
    data = blobs(25)
    calls = []
    network2.Network([4, 3, 2], seed=0).SGD(data, 2, 10, 1.0, on_batch=lambda e, done, n: calls.append((e, done, n)))
    assert calls == [(0, 10, 25), (0, 20, 25), (0, 25, 25), (1, 10, 25), (1, 20, 25), (1, 25, 25)]


def test_book_form_and_array_form_train_identically():
    X, labels = blobs(50)
    pairs = [(x.reshape(4, 1), np.eye(2)[:, [l]]) for x, l in zip(X, labels)]
    a, b = Network([4, 3, 2], seed=5), Network([4, 3, 2], seed=5)
    a.SGD(pairs, 2, 10, 1.0)
    b.SGD((X, labels), 2, 10, 1.0)
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        assert np.array_equal(p, q)


def test_matrix_sgd_matches_the_books_per_example_algorithm(sgd_by_hand):
    """The book's update_mini_batch: one backprop per example, the gradients summed, then the step."""
    X, labels = blobs(60)
    Y = np.eye(2)[labels]
    a, b = Network([4, 5, 2], seed=3), Network([4, 5, 2], seed=3)
    a.SGD((X, labels), 2, 10, 0.5)

    def books_step(net, batch):
        per_example = [net.backprop(X[i], Y[i]) for i in batch]
        for j in range(2):
            net.weights[j] = net.weights[j] - (0.5 / 10) * sum(nw[j] for _, nw in per_example)
            net.biases[j] = net.biases[j] - (0.5 / 10) * sum(nb[j] for nb, _ in per_example)

    sgd_by_hand(b, 60, 2, 10, books_step)
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        assert np.max(np.abs(p - q)) < 1e-12


def test_evaluate_accepts_book_test_data_with_int_labels():
    X, labels = blobs(30)
    net = Network([4, 3, 2], seed=0)
    book = [(x.reshape(4, 1), int(l)) for x, l in zip(X, labels)]
    assert net.evaluate(book) == net.evaluate((X, labels))


def test_total_cost_is_the_average_of_example_costs():
    X, labels = blobs(20)
    net = network2.Network([4, 3, 2], seed=0)
    Y = np.eye(2)[labels]
    expected = np.mean([0.5 * np.sum((net.feedforward(x) - y.reshape(2, 1)) ** 2) for x, y in zip(X, Y)])
    assert net.total_cost((X, labels)) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("sizes", [[], [784], [3, 0, 2]])
def test_too_few_layers_or_empty_layers_are_rejected(sizes):
    with pytest.raises(ValueError, match="sizes"):
        Network(sizes)


def test_wrong_input_shape_names_expected_and_received():
    net = Network([3, 4, 2], seed=0)
    with pytest.raises(ValueError, match=r"input has shape \(5, 1\); expected \(3, m\) or \(3,\)"):
        net.backprop(np.zeros((5, 1)), np.zeros((2, 1)))
    with pytest.raises(ValueError, match=r"input has shape \(4, 2\); expected \(3, m\)"):
        net.feedforward(np.zeros((4, 2)))


def test_wrong_label_shape_names_expected_and_received():
    net = Network([3, 4, 2], seed=0)
    with pytest.raises(ValueError, match=r"target y has shape \(3, 1\); expected \(2, m\) or \(2,\)"):
        net.backprop(np.zeros((3, 1)), np.zeros((3, 1)))
    with pytest.raises(ValueError, match=r"target y of example 1 has shape \(10,\)"):
        net.SGD([(np.zeros(3), np.zeros(2)), (np.zeros(3), np.zeros(10))], 1, 1, 1.0)


def test_one_dimensional_inputs_are_accepted():
    net = Network([3, 4, 2], seed=0)
    a, b = net.backprop(np.ones(3), np.array([1.0, 0.0])), net.backprop(np.ones((3, 1)), np.array([[1.0], [0.0]]))
    for p, q in zip(a[0] + a[1], b[0] + b[1]):
        assert np.array_equal(p, q)


def test_array_data_with_wrong_width_or_mismatched_counts():
    with pytest.raises(ValueError, match=r"X has shape \(5, 3\); expected \(n, 4\)"):
        as_arrays((np.zeros((5, 3)), np.zeros(5, dtype=int)), 4, 2)
    with pytest.raises(ValueError, match="5 examples but y has 4 labels"):
        as_arrays((np.zeros((5, 4)), np.zeros(4, dtype=int)), 4, 2)
    with pytest.raises(ValueError, match=r"y\[1\] is 2; labels must be whole numbers 0..1"):
        as_arrays((np.zeros((2, 4)), np.array([0, 2])), 4, 2)


@pytest.mark.parametrize("kwargs", [dict(epochs=-1), dict(mini_batch_size=0), dict(eta=0.0), dict(eta=float("nan")),
                                    dict(eta=float("inf")), dict(epochs=2.5), dict(mini_batch_size=1.5)])
@pytest.mark.parametrize("module", ["network", "network2"])
def test_bad_hyper_parameters_are_rejected(kwargs, module):
    args = dict(epochs=1, mini_batch_size=10, eta=1.0) | kwargs
    net = (Network if module == "network" else network2.Network)([4, 2], seed=0)
    with pytest.raises(ValueError, match="epochs >= 0 .* mini_batch_size >= 1, .* finite eta > 0"):
        net.SGD(blobs(10), **args)


def test_divergence_stops_training_naming_the_epoch_and_eta():
    # A ReLU network with a softmax output and eta = 300 blows up: its weights pass 1e17 in the
    # first epoch (and would overflow in the 12th).
    rng = np.random.default_rng(5)
    data = (rng.standard_normal((50, 6)), rng.integers(0, 3, 50))
    net = network2.Network([6, 5, 3], cost="log-likelihood", activation="relu", output_activation="softmax", seed=0)
    with pytest.raises(TrainingDiverged, match=r"ran away in epoch 0: a weight reached 1.38e\+17 .* smaller learning rate than eta=300.0"):
        net.SGD(data, 20, 5, 300.0)


def test_library_prints_nothing(capsys):
    data = blobs(30)
    Network([4, 3, 2], seed=0).SGD(data, 2, 10, 1.0, test_data=data)
    network2.Network([4, 3, 2], seed=0).SGD(data, 2, 10, 1.0, test_data=data, monitor_training_cost=True)
    assert capsys.readouterr() == ("", "")


def test_empty_training_data_is_refused_with_a_clear_error():
    empty = (np.zeros((0, 4)), np.zeros(0, dtype=int))
    with pytest.raises(ValueError, match="training_data is empty"):
        network2.Network([4, 2], seed=0).SGD(empty, 1, 10, 1.0, monitor_training_accuracy=True)
    with pytest.raises(ValueError, match="training_data is empty"):
        Network([4, 2], seed=0).SGD(empty, 1, 10, 1.0)
