"""nnadl.network2: chapter 3's costs and output activations in the network, regularization, dropout and momentum."""

import copy

import numpy as np
import pytest

from nnadl import network
from nnadl.gradcheck import numerical_gradient, relative_error
from nnadl.network2 import Network


HIDDEN = ["sigmoid", "tanh", "relu"]


# (cost, output activation); None = the same as the hidden layers.
OUTPUTS = [
    ("quadratic", None),
    ("quadratic", "sigmoid"),
    ("quadratic", "tanh"),
    ("quadratic", "relu"),
    ("quadratic", "softmax"),  # through the full softmax Jacobian
    ("cross-entropy", "sigmoid"),
    ("log-likelihood", "softmax"),
]


COMBOS = [(cost, hidden, out) for hidden in HIDDEN for cost, out in OUTPUTS]


SIZES = [4, 5, 4, 3]


M = 3  # examples in the mini-batch


def _problem(cost, hidden, out, seed=0):
    """A float64 network and mini-batch with no weighted input within 1e-3 of a ReLU kink.

    Central differences move a z by at most about eps * |input| = 1e-5, so with every
    |z| > 1e-3 no perturbation crosses the kink at 0 and ReLU is differentiable wherever
    the check looks. Seeds are tried in order until that holds, so the choice is
    deterministic. The same is asked of |w| > 1e-3 for the kink of |w| in L1.
    """
    for s in range(seed, seed + 100):
        rng = np.random.default_rng(s)
        net = Network(SIZES, cost, activation=hidden, output_activation=out, weight_init="scaled", seed=s)
        x = rng.normal(0, 1, (SIZES[0], M))
        if cost == "log-likelihood":
            y = np.eye(SIZES[-1])[:, rng.integers(0, SIZES[-1], M)]
        else:
            y = rng.uniform(0.05, 0.95, (SIZES[-1], M))
        zs, _ = net.forward_pass(x)
        if min(np.abs(z).min() for z in zs) > 1e-3 and min(np.abs(w).min() for w in net.weights) > 1e-3:
            return net, x, y
    raise AssertionError("no kink-free seed found")  # pragma: no cover


def _params(net):
    return net.biases + net.weights


def _step_gradient(net, x, y, lmbda, n, regularization):
    """The gradient SGD actually uses: (p_before - p_after) / eta for one step with eta = 1."""
    after = copy.deepcopy(net)
    after.update_mini_batch(x, y, 1.0, lmbda=lmbda, n=n, regularization=regularization)
    return [p0 - p1 for p0, p1 in zip(_params(net), _params(after))]


@pytest.mark.parametrize("regularization,lmbda", [("L2", 0.0), ("L2", 3.0), ("L1", 3.0)])
@pytest.mark.parametrize("cost,hidden,out", COMBOS)
def test_step_is_gradient_of_regularized_cost(cost, hidden, out, regularization, lmbda):
    net, x, y = _problem(cost, hidden, out)
    n = 10  # size of the (imaginary) training set in lambda / n

    def regularized_cost():
        return net.total_cost((x.T, y.T), lmbda=lmbda, n=n, regularization=regularization)

    numeric = [numerical_gradient(regularized_cost, p) for p in _params(net)]
    step = _step_gradient(net, x, y, lmbda, n, regularization)
    for num, got in zip(numeric, step):
        assert relative_error(num, got) < 1e-7


@pytest.mark.parametrize("cost,hidden,out", COMBOS)
def test_matrix_backprop_equals_sum_of_per_example_backprops(cost, hidden, out):
    net, x, y = _problem(cost, hidden, out)
    nb, nw = net.backprop(x, y)
    per = [net.backprop(x[:, i], y[:, i]) for i in range(M)]
    for k in range(len(nb)):
        assert np.abs(nb[k] - sum(p[0][k] for p in per)).max() < 1e-12
        assert np.abs(nw[k] - sum(p[1][k] for p in per)).max() < 1e-12


@pytest.mark.parametrize("cost,hidden,out", COMBOS)
def test_output_error_is_dC_dz(cost, hidden, out):
    """BP1 for every combination, by perturbing z^L itself."""
    net, x, y = _problem(cost, hidden, out)
    zs, activations = net.forward_pass(x)
    zL = zs[-1].copy()
    numeric = numerical_gradient(lambda: float(net.cost.fn(net.output_activation.fn(zL), y)), zL)
    assert relative_error(numeric, net.output_error(zs[-1], activations[-1], y)) < 1e-7


def test_output_activation_defaults_and_validation():
    net = Network([2, 3, 2], activation="tanh", seed=0)
    assert net.output_activation.name == "tanh" and [a.name for a in net.sigma] == ["tanh", "tanh"]
    net = Network([2, 3, 2], "log-likelihood", activation="relu", output_activation="softmax", seed=0)
    assert [a.name for a in net.sigma] == ["relu", "softmax"]
    assert "output_activation='softmax'" in repr(net)
    with pytest.raises(ValueError, match="cross-entropy cost needs output activation 'sigmoid'"):
        Network([2, 2], "cross-entropy", activation="relu")
    with pytest.raises(ValueError, match="log-likelihood cost needs output activation 'softmax'"):
        Network([2, 2], "log-likelihood")
    with pytest.raises(TypeError, match="no elementwise derivative"):
        net.output_activation.prime(np.zeros((2, 1)))


def test_softmax_outputs_are_probabilities():
    net = Network([3, 4, 5], "log-likelihood", output_activation="softmax", seed=0)
    a = net.feedforward(np.random.default_rng(0).normal(0, 1, (3, 7)))
    assert np.all(a >= 0) and np.allclose(a.sum(axis=0), 1.0)


def test_cross_entropy_saturated_neuron_learns_fast():
    """The book's single neuron: w = 2, b = 2, input 1, target 0, eta = 0.15 (chapter 3)."""
    data = [(np.array([1.0]), np.array([0.0]))]
    out = {}
    for cost in ["quadratic", "cross-entropy"]:
        net = Network([1, 1], cost, seed=0)
        net.weights[0][:] = 2.0
        net.biases[0][:] = 2.0
        c0 = net.total_cost(data)
        for _ in range(30):
            net.update_mini_batch(np.array([[1.0]]), np.array([[0.0]]), 0.15)
        out[cost] = (c0, net.total_cost(data), float(net.feedforward(np.array([1.0]))[0, 0]))
    c0, c30, a30 = out["quadratic"]
    assert c30 > 0.98 * c0 and a30 > 0.97  # a learning slowdown: hardly moved from 0.98
    c0, c30, a30 = out["cross-entropy"]
    assert c30 < 0.1 * c0 and a30 < 0.3  # no slowdown


def _saturated(seed=0):
    """A network whose gradient is exactly zero: sigma'(-1000) = 0 in the output layer."""
    net = Network([2, 3, 1], seed=seed)
    net.biases[-1][:] = -1000.0
    X, Y = np.random.default_rng(seed).normal(0, 1, (8, 2)), np.ones((8, 1))
    nb, nw = net.backprop(X.T, Y.T)
    assert all(not g.any() for g in nb + nw)
    return net, X, Y


def test_l2_weight_decay_factor_is_exact():
    net, X, Y = _saturated()
    eta, lmbda, n = 0.5, 4.0, 1000
    w0, b0 = [w.copy() for w in net.weights], [b.copy() for b in net.biases]
    net.update_mini_batch(X.T, Y.T, eta, lmbda=lmbda, n=n)
    for w, w_old in zip(net.weights, w0):
        assert np.array_equal(w, (1 - eta * lmbda / n) * w_old)
    for b, b_old in zip(net.biases, b0):
        assert np.array_equal(b, b_old)  # biases are not regularized


def test_l2_decay_in_sgd_uses_whole_training_set_size():
    net, X, Y = _saturated()
    eta, lmbda = 0.5, 4.0
    w0 = [w.copy() for w in net.weights]
    net.SGD((X, Y), 1, 2, eta, lmbda=lmbda)  # 8 examples in 4 mini-batches: n = 8, not 2
    factor = 1 - eta * lmbda / len(X)
    for w, w_old in zip(net.weights, w0):
        expected = w_old.copy()
        for _ in range(4):
            expected *= factor
        assert np.array_equal(w, expected)


def test_l1_shrinks_by_a_constant_amount():
    net, X, Y = _saturated()
    eta, lmbda, n = 0.5, 4.0, 1000
    w0 = [w.copy() for w in net.weights]
    net.update_mini_batch(X.T, Y.T, eta, lmbda=lmbda, n=n, regularization="L1")
    for w, w_old in zip(net.weights, w0):
        assert np.array_equal(w, w_old - (eta * lmbda / n) * np.sign(w_old))


def test_total_cost_adds_the_l2_term_exactly_once():
    rng = np.random.default_rng(0)
    net = Network([3, 4, 2], "cross-entropy", seed=0)
    data = (rng.normal(0, 1, (25, 3)), rng.integers(0, 2, 25))
    lmbda, n = 5.0, 25
    squares = sum(float(np.sum(w ** 2)) for w in net.weights)
    c0 = net.total_cost(data)
    assert net.total_cost(data, lmbda=lmbda) == pytest.approx(c0 + lmbda / (2 * n) * squares, rel=1e-13)
    assert net.total_cost(data, lmbda=lmbda, n=1000) == pytest.approx(c0 + lmbda / 2000 * squares, rel=1e-13)
    absolute = sum(float(np.sum(np.abs(w))) for w in net.weights)
    assert net.total_cost(data, lmbda=lmbda, regularization="L1") == pytest.approx(c0 + lmbda / n * absolute, rel=1e-13)
    # the book's form, one example at a time, agrees
    X, Y = data
    per_example = sum(net.total_cost([(X[i], int(Y[i]))]) for i in range(n)) / n
    assert c0 == pytest.approx(per_example, rel=1e-12)


def test_momentum_velocity_update():
    net, x, y = _problem("cross-entropy", "sigmoid", "sigmoid")
    eta, mu, lmbda, n = 0.5, 0.9, 2.0, 10

    def gradient(net):
        nb, nw = net.backprop(x, y)
        return ([g / M for g in nb],
                [g / M + (lmbda / n) * w for g, w in zip(nw, net.weights)])

    w0 = [w.copy() for w in net.weights]
    gb0, gw0 = gradient(net)
    net.update_mini_batch(x, y, eta, mu=mu, lmbda=lmbda, n=n)
    w1 = [w.copy() for w in net.weights]
    for a, b, g in zip(w1, w0, gw0):  # from rest, the first step is plain gradient descent
        np.testing.assert_allclose(a, b - eta * g, rtol=0, atol=1e-14)
    gb1, gw1 = gradient(net)
    net.update_mini_batch(x, y, eta, mu=mu, lmbda=lmbda, n=n)
    for a, b, g0, g1 in zip(net.weights, w1, gw0, gw1):  # v = mu v - eta grad; w = w + v
        np.testing.assert_allclose(a, b + mu * (-eta * g0) - eta * g1, rtol=0, atol=1e-14)
    v_w, v_b = net.velocities
    for v, g0, g1 in zip(v_b, gb0, gb1):
        np.testing.assert_allclose(v, mu * (-eta * g0) - eta * g1, rtol=0, atol=1e-14)


def test_dropout_masks_reproducible_and_scaled():
    a = Network([3, 50, 40, 2], seed=3).dropout_masks(200, 0.5)
    b = Network([3, 50, 40, 2], seed=3).dropout_masks(200, 0.5)
    assert [m.shape for m in a] == [(50, 200), (40, 200)]
    assert all(np.array_equal(p, q) for p, q in zip(a, b))
    values = np.concatenate([m.ravel() for m in a])
    assert set(np.unique(values).tolist()) == {0.0, 2.0}
    assert abs(np.mean(values == 0) - 0.5) < 0.02


def test_dropout_training_activations_match_test_time_on_average():
    net = Network([5, 6, 3], seed=0)
    x = np.random.default_rng(1).normal(0, 1, (5, 1))
    m = 20000
    with net.thinned_by(net.dropout_masks(m, 0.5)):
        zs, acts = net.forward_pass(np.repeat(x, m, axis=1))
    zs_test, acts_test = net.forward_pass(x)
    np.testing.assert_allclose(acts[1].mean(axis=1, keepdims=True), acts_test[1], atol=0.02)
    np.testing.assert_allclose(zs[-1].mean(axis=1, keepdims=True), zs_test[-1], atol=0.05)
    # a single mask does change the network: the training-time output is not the test-time one
    assert not np.allclose(acts[-1][:, :1], acts_test[-1])


def test_dropout_backprop_with_keep_all_masks_is_backprop():
    net, x, y = _problem("log-likelihood", "tanh", "softmax")
    ones = [np.ones((n, M)) for n in SIZES[1:-1]]
    with net.thinned_by(ones):
        thinned = net.backprop(x, y)
    for a, b in zip(sum(thinned, []), sum(net.backprop(x, y), [])):
        assert np.array_equal(a, b)


@pytest.mark.parametrize("hidden", HIDDEN)
def test_dropout_backprop_is_gradient_of_thinned_network(hidden):
    net, x, y = _problem("cross-entropy", hidden, "sigmoid")
    masks = net.dropout_masks(M, 0.5)

    def cost():
        with net.thinned_by(masks):
            return float(net.cost.fn(net.feedforward(x), y))

    with net.thinned_by(masks):
        nb, nw = net.backprop(x, y)
    for p, g in zip(_params(net), nb + nw):
        assert relative_error(numerical_gradient(cost, p), g) < 1e-7


def test_dropout_training_reproducible_and_evaluation_deterministic():
    rng = np.random.default_rng(0)
    X, labels = rng.normal(0, 1, (60, 4)), rng.integers(0, 3, 60)
    nets = [Network([4, 8, 3], "cross-entropy", seed=5) for _ in range(2)]
    for net in nets:
        net.SGD((X, labels), 2, 10, 0.5, dropout=0.5, lmbda=1.0, mu=0.5)
    assert all(np.array_equal(a, b) for a, b in zip(nets[0].weights, nets[1].weights))
    net = nets[0]
    state = copy.deepcopy(net.rng.bit_generator.state)
    out1 = net.feedforward(X.T)
    correct = net.evaluate((X, labels))
    assert np.array_equal(out1, net.feedforward(X.T)) and correct == net.evaluate((X, labels))
    assert net.rng.bit_generator.state == state  # evaluating draws no masks
    np.testing.assert_array_equal(out1, net.forward_pass(X.T)[1][-1])


def test_sgd_without_chapter3_options_is_the_chapter2_loop(sgd_by_hand):
    rng = np.random.default_rng(0)
    X, labels = rng.normal(0, 1, (30, 4)), rng.integers(0, 3, 30)
    Y = np.eye(3)[labels]
    a, b = Network([4, 5, 3], seed=2), Network([4, 5, 3], seed=2)
    a.SGD((X, labels), 2, 7, 0.4)
    sgd_by_hand(b, 30, 2, 7, lambda net, batch: network.Network.update_mini_batch(net, X[batch].T, Y[batch].T, 0.4))
    assert all(np.array_equal(p, q) for p, q in zip(_params(a), _params(b)))
