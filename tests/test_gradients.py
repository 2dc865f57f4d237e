"""Chapter 5: per-layer speeds of learning, the single-neuron chain's product formula, exploding gradients.

Synthetic data (random pixels in [0, 1], random labels) keeps the tests independent of any
loader; the measured effects come from the weights and the sigmoid, not from the data, and
the same tests hold on real digits (see the chapter page).
"""

import numpy as np
import pytest

from nnadl.activations import sigmoid_prime
from nnadl.gradcheck import numerical_network_gradient, relative_error
from nnadl.network2 import Network
from nnadl import gradients as g

DEEP = [[784, 30, 30, 10], [784, 30, 30, 30, 10], [784, 30, 30, 30, 30, 10]]
SEEDS = range(5)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(2024)
    X = rng.random((300, 784))
    labels = rng.integers(0, 10, 300)
    Y = np.eye(10)[labels]
    return X, Y


# -- the measure --------------------------------------------------------------------

def test_speed_is_norm_of_averaged_delta(data):
    X, Y = data[0][:20], data[1][:20]
    net = Network([784, 30, 30, 10], seed=0)
    per_example = [net.backprop(x, y)[0] for x, y in zip(X, Y)]  # the book's loop
    for l in range(2):
        mean = sum(nb[l] for nb in per_example)[:, 0] / len(X)
        assert np.allclose(g.average_bias_gradient(net, X, Y)[l], mean, rtol=1e-12, atol=1e-15)
        assert g.layer_speeds(net, X, Y)[l] == pytest.approx(np.linalg.norm(mean), rel=1e-12)
    assert g.layer_speeds(net, X, Y, include_output=True).shape == (3,)
    # Integer labels give the same numbers as one-hot rows.
    assert np.array_equal(g.layer_speeds(net, X, Y), g.layer_speeds(net, X, Y.argmax(axis=1)))


def test_bias_gradient_matches_central_differences():
    rng = np.random.default_rng(1)
    X, labels = rng.random((4, 6)), rng.integers(0, 3, 4)
    net = Network([6, 5, 4, 3], seed=3)
    Y = np.eye(3)[labels]
    nb, _ = numerical_network_gradient(net, X.T, Y.T)
    for got, num in zip(g.average_bias_gradient(net, X, Y), nb):
        assert relative_error(got, num[:, 0] / len(X)) < 1e-7


# -- vanishing at initialization -------------------------------------------------------------

@pytest.mark.parametrize("sizes", DEEP)
@pytest.mark.parametrize("init, cost", [("large", "quadratic"), ("scaled", "cross-entropy")])
def test_first_hidden_layer_learns_slower_than_last(data, sizes, init, cost):
    # Measured over 10 seeds on both these data and 1,000 real digits, the first hidden
    # layer was the slower in every case, by a median factor of 4.5-12 (N(0, 1)) and
    # 5-120 (the book's network2 setup); so all 5 seeds must show it, not just most.
    S = g.initial_speeds(sizes, *data, seeds=SEEDS, weight_init=init, cost=cost)
    assert S.shape == (len(SEEDS), len(sizes) - 2)
    assert np.all(S[:, 0] < S[:, -1])
    assert np.median(S[:, -1] / S[:, 0]) > 3


def test_scaled_sigmoid_vanishes_layer_by_layer(data):
    # The book's setup: each hidden layer several times slower than the next, every seed.
    S = g.initial_speeds(DEEP[2], *data, seeds=SEEDS, weight_init="scaled", cost="cross-entropy")
    assert np.all(S[:, :-1] < S[:, 1:])
    assert np.all(S[:, -1] / S[:, 0] > 20)


def test_relu_hidden_layers_with_scaled_init_are_more_even(data):
    sig = g.initial_speeds(DEEP[2], *data, seeds=SEEDS, weight_init="scaled", cost="cross-entropy")
    rel = g.initial_speeds(DEEP[2], *data, seeds=SEEDS, weight_init="scaled", cost="cross-entropy",
                           activation="relu", output_activation="sigmoid")
    spread = lambda S: np.max(S, axis=1) / np.min(S, axis=1)
    assert np.all(spread(rel) < 10) and np.all(spread(sig) > 20)


def test_speeds_during_training_uses_sgd_callback(data):
    X, Y = data
    net = Network([784, 30, 30, 10], seed=0)
    ref = Network([784, 30, 30, 10], seed=0)
    S = g.speeds_during_training(net, (X[:100], Y[:100]), epochs=3, mini_batch_size=20, eta=0.5,
                                 measure_on=(X[100:200], Y[100:200]))
    assert S.shape == (4, 2)
    assert np.array_equal(S[0], g.layer_speeds(ref, X[100:200], Y[100:200]))
    ref.SGD((X[:100], Y[:100]), 3, 20, 0.5)  # training is exactly SGD: same seed, same weights
    assert all(np.array_equal(a, b) for a, b in zip(net.weights, ref.weights))
    assert np.array_equal(S[-1], g.layer_speeds(ref, X[100:200], Y[100:200]))


# -- the chain of single neurons ---------------------------------------------------------------

def test_chain_gradient_equals_product_formula():
    rng = np.random.default_rng(7)
    for _ in range(20):
        w, b = rng.standard_normal(4), rng.standard_normal(4)
        x, y = rng.random(), rng.random()
        net = g.chain_network(w, b)
        nabla_b, _ = net.backprop(np.array([x]), np.array([y]))
        backprop = np.array([nb[0, 0] for nb in nabla_b])
        product = g.chain_bias_gradients(net, x, y)
        assert relative_error(product, backprop) < 1e-10
        # The book's formula for neuron 1, written out with its four factors.
        zs, acts = net.forward_pass(np.array([[x]]))
        z = [float(v[0, 0]) for v in zs]
        dC_da4 = float(acts[-1][0, 0]) - y
        book = (sigmoid_prime(z[0]) * w[1] * sigmoid_prime(z[1]) * w[2] * sigmoid_prime(z[2])
                * w[3] * sigmoid_prime(z[3]) * dC_da4)
        assert abs(product[0] - book) <= 1e-10 * abs(book)


def test_terms_are_below_a_quarter_when_weights_are_small():
    rng = np.random.default_rng(8)
    for _ in range(50):
        w = rng.uniform(-1, 1, 5)
        net = g.chain_network(w, rng.standard_normal(5))
        s1, terms = g.chain_terms(net, rng.random())
        assert 0 < s1 <= 0.25
        assert np.all(np.abs(terms) < 0.25) and np.all(np.abs(terms) <= np.abs(w[1:]) / 4)
        grads = np.abs(g.chain_bias_gradients(net, 0.5, 1.0))
        assert np.all(grads[:-1] < grads[1:] / 4 + 1e-300)  # each earlier neuron < 1/4 of the next


def test_chain_rejects_wide_networks():
    with pytest.raises(ValueError, match="one neuron per layer"):
        g.chain_terms(Network([1, 2, 1]), 0.0)


# -- exploding gradients ----------------------------------------------------------------------

def test_exploding_chain_grows_by_w_over_four_per_layer():
    net = g.exploding_network(w=100.0, x=np.array([0.3]))
    zs, _ = net.forward_pass(np.array([[0.3]]))
    assert all(abs(float(z[0, 0])) < 1e-12 for z in zs)
    s1, terms = g.chain_terms(net, 0.3)
    assert np.allclose(terms, 25.0) and s1 == 0.25
    grads = np.abs(g.chain_bias_gradients(net, 0.3, 0.0))
    assert np.allclose(grads[:-1] / grads[1:], 25.0)
    assert grads[0] > 1000 * grads[-1]


def test_exploding_wide_network_early_layer_fastest(data):
    x, y = data[0][:1], data[1][:1]
    net = g.exploding_network([784, 30, 30, 30, 10], x=x[0])
    speeds = g.layer_speeds(net, x, y)
    assert np.all(speeds[:-1] > 100 * speeds[1:])
