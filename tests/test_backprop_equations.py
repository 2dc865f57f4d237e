"""Each of the four fundamental equations, checked numerically, and the two forms of backprop.

Relative errors are measured with nnadl.gradcheck.relative_error in float64; central
differences with eps = 1e-5 are accurate to about 1e-10 here, so 1e-7 leaves room without
hiding a wrong formula (a wrong sign or a missing sigma' gives errors of order 1).
"""

import numpy as np
import pytest

from nnadl.costs import QuadraticCost
from nnadl.gradcheck import (
    numerical_delta,
    numerical_network_gradient,
    path_sum_gradient,
    relative_error,
)
from nnadl import network, network2
from nnadl.network2 import Network

SHAPES = [[2, 1], [3, 4, 2], [5, 3, 4, 2], [4, 6, 5, 3, 3], [10, 8, 6, 4, 2, 3]]
TOL = 1e-7


def example(net, seed, m=1):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((net.sizes[0], m))
    y = rng.random((net.sizes[-1], m))
    return x, y


def deltas_by_backprop(net, x, y):
    """delta^l for l = 2..L, read off backprop through BP3 (nabla_b^l = delta^l)."""
    nabla_b, _ = net.backprop(x, y)
    return {l: nabla_b[l - 2] for l in range(2, net.num_layers + 1)}


@pytest.mark.parametrize("sizes", SHAPES, ids=str)
@pytest.mark.parametrize("seed", [0, 1])
def test_bp1_output_error_equals_dC_dzL(sizes, seed):
    net = Network(sizes, seed=seed)
    x, y = example(net, seed + 10)
    zs, activations = net.forward_pass(x)
    delta_L = QuadraticCost.delta(zs[-1], activations[-1], y)
    assert relative_error(delta_L, numerical_delta(net, x, y, net.num_layers)) < TOL
    # BP1a spelled out: nabla_a C (.) sigma'(z^L)
    bp1a = QuadraticCost.derivative(activations[-1], y) * net.activation.prime(zs[-1])
    assert np.array_equal(delta_L, bp1a)


@pytest.mark.parametrize("sizes", [s for s in SHAPES if len(s) > 2], ids=str)
@pytest.mark.parametrize("seed", [0, 1])
def test_bp2_error_of_every_hidden_layer_equals_dC_dzl(sizes, seed):
    net = Network(sizes, seed=seed)
    x, y = example(net, seed + 20)
    delta = deltas_by_backprop(net, x, y)
    for l in range(2, net.num_layers):
        assert relative_error(delta[l], numerical_delta(net, x, y, l)) < TOL, f"layer {l}"


@pytest.mark.parametrize("sizes", SHAPES, ids=str)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_bp3_bp4_gradients_equal_finite_differences(sizes, seed):
    net = Network(sizes, seed=seed)
    x, y = example(net, seed + 30)
    nabla_b, nabla_w = net.backprop(x, y)
    num_b, num_w = numerical_network_gradient(net, x, y)
    for l, (a, b) in enumerate(zip(nabla_b, num_b), start=2):
        assert relative_error(a, b) < TOL, f"dC/db^{l}"
    for l, (a, b) in enumerate(zip(nabla_w, num_w), start=2):
        assert relative_error(a, b) < TOL, f"dC/dw^{l}"


@pytest.mark.parametrize("sizes", SHAPES, ids=str)
@pytest.mark.parametrize("m", [1, 7, 32])
def test_matrix_backprop_equals_sum_of_per_example_backprops(sizes, m):
    net = Network(sizes, seed=m)
    x, y = example(net, 40 + m, m)
    nabla_b, nabla_w = net.backprop(x, y)
    sum_b = [np.zeros_like(b) for b in net.biases]
    sum_w = [np.zeros_like(w) for w in net.weights]
    for i in range(m):
        db, dw = net.backprop(x[:, i], y[:, i])
        sum_b = [s + d for s, d in zip(sum_b, db)]
        sum_w = [s + d for s, d in zip(sum_w, dw)]
    for a, b in zip(nabla_b + nabla_w, sum_b + sum_w):
        assert a.shape == b.shape
        assert np.max(np.abs(a - b)) < 1e-12


def test_matrix_backprop_on_a_batch_equals_numerical_gradient_of_the_summed_cost():
    net = Network([4, 5, 3], seed=3)
    x, y = example(net, 3, m=6)
    nabla_b, nabla_w = net.backprop(x, y)
    num_b, num_w = numerical_network_gradient(net, x, y)
    assert max(relative_error(a, b) for a, b in zip(nabla_b + nabla_w, num_b + num_w)) < TOL


@pytest.mark.parametrize("module", [network, network2])
def test_matrix_update_agrees_with_the_books_per_example_update(module):
    """update_mini_batch (one backprop on the whole mini-batch) against the book's form: one backprop
    per example, the gradients summed one by one, then the step."""
    rng = np.random.default_rng(9)
    batch = [(rng.standard_normal((4, 1)), rng.random((3, 1))) for _ in range(10)]
    fast, slow = module.Network([4, 6, 3], seed=1), module.Network([4, 6, 3], seed=1)
    fast.update_mini_batch(np.hstack([x for x, _ in batch]), np.hstack([y for _, y in batch]), eta=0.5)
    nabla_b = [np.zeros_like(b) for b in slow.biases]
    nabla_w = [np.zeros_like(w) for w in slow.weights]
    for x, y in batch:
        delta_nabla_b, delta_nabla_w = slow.backprop(x, y)
        nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
        nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
    slow.weights = [w - (0.5 / 10) * nw for w, nw in zip(slow.weights, nabla_w)]
    slow.biases = [b - (0.5 / 10) * nb for b, nb in zip(slow.biases, nabla_b)]
    for a, b in zip(fast.weights + fast.biases, slow.weights + slow.biases):
        assert np.max(np.abs(a - b)) < 1e-12


@pytest.mark.parametrize("l,j,k", [(2, 0, 0), (2, 2, 1), (3, 1, 2), (4, 0, 1)])
def test_sum_over_paths_equals_backprop(l, j, k):
    net = Network([2, 3, 3, 2], seed=7)
    x, y = example(net, 8)
    _, nabla_w = net.backprop(x, y)
    assert path_sum_gradient(net, x, y, l, j, k) == pytest.approx(nabla_w[l - 2][j, k], rel=1e-12)


def test_a_wrong_bp2_is_caught():
    """The checks above can fail: drop sigma'(z^l) from BP2 and the hidden delta is wrong."""
    net = Network([3, 4, 2], seed=0)
    x, y = example(net, 0)
    zs, activations = net.forward_pass(x)
    delta_L = net.output_error(zs[-1], activations[-1], y)
    wrong_delta_2 = net.weights[1].T @ delta_L
    assert relative_error(wrong_delta_2, numerical_delta(net, x, y, 2)) > 0.1


@pytest.mark.parametrize("cost,hidden,output", [
    ("quadratic", "tanh", "sigmoid"),
    ("cross-entropy", "tanh", "sigmoid"),
    ("log-likelihood", "sigmoid", "softmax"),
    ("quadratic", "sigmoid", "tanh"),
])
def test_bp1_bp2_with_a_different_output_activation(cost, hidden, output):
    net = Network([3, 4, 4, 3], cost=cost, activation=hidden, output_activation=output, seed=2)
    x, y = example(net, 5)
    if cost == "log-likelihood":
        y = np.eye(3)[:, [1]]
    delta = deltas_by_backprop(net, x, y)
    for l in range(2, net.num_layers + 1):
        assert relative_error(delta[l], numerical_delta(net, x, y, l)) < TOL, f"layer {l}"


def test_sum_over_paths_with_tanh_hidden_layers():
    net = Network([2, 3, 2], activation="tanh", output_activation="sigmoid", seed=1)
    x, y = example(net, 2)
    _, nabla_w = net.backprop(x, y)
    assert path_sum_gradient(net, x, y, 2, 1, 1) == pytest.approx(nabla_w[0][1, 1], rel=1e-12)


def test_sum_over_paths_refuses_a_softmax_output():
    net = Network([2, 3, 2], cost="log-likelihood", output_activation="softmax", seed=1)
    with pytest.raises(ValueError, match="softmax output"):
        path_sum_gradient(net, np.ones(2), np.array([1.0, 0.0]), 2, 0, 0)
