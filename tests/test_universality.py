"""Chapter 4: the constructions compute what the chapter says, and their error falls as neurons are added."""

import numpy as np
import pytest

from nnadl.activations import sigmoid
from nnadl.network2 import Network
from nnadl import universality as u

X = np.linspace(0.0, 1.0, 10001)


def feed(net, x):
    return net.feedforward(np.asarray(x, dtype=float).reshape(1, -1))[0]


# -- the network holds the construction ---------------------------------------

@pytest.mark.parametrize("n_bumps, w", [(5, 1000.0), (20, None), (7, 35.0)])
def test_network_output_equals_sum_of_bumps_formula(n_bumps, w):
    net = u.build_network(u.book_function, n_bumps, w)
    assert isinstance(net, Network) and net.sizes == [1, 2 * n_bumps, 1]
    w_ = 100.0 * n_bumps if w is None else w
    # The formula written out, independently of the module's helpers.
    d = 1.0 / n_bumps
    edges = np.arange(n_bumps + 1) * d
    edges[0], edges[-1] = -d / 2, 1 + d / 2
    mids = (np.arange(n_bumps) + 0.5) * d
    f = u.book_function(mids)
    h = np.log(f / (1 - f))
    z = sum(h[j] * (sigmoid(w_ * (X - edges[j])) - sigmoid(w_ * (X - edges[j + 1]))) for j in range(n_bumps))
    assert np.max(np.abs(feed(net, X) - sigmoid(z))) < 1e-12
    assert np.max(np.abs(feed(net, X) - u.approximation(X, u.book_function, n_bumps, w))) < 1e-12


def test_step_positions_of_hidden_neurons_are_bump_edges():
    net = u.build_network(n_bumps=4, w=800.0)
    s = u.step_position(net.weights[0][:, 0], net.biases[0][:, 0])
    edges, _ = u.bump_edges(4)
    assert np.allclose(s[0::2], edges[:-1]) and np.allclose(s[1::2], edges[1:])
    assert net.biases[1].item() == 0.0  # the book's output neuron: bias 0, heights through sigma^-1


def test_linear_output_is_the_weighted_output():
    lin = u.approximation(X, n_bumps=10, output="linear")
    sig = u.approximation(X, n_bumps=10, output="sigmoid")
    assert u.max_error(lambda x: lin) < 0.3 and u.max_error(lambda x: sig) < 0.3
    mids = (np.arange(10) + 0.5) / 10
    assert np.allclose(u.approximation(mids, n_bumps=10, output="linear"), u.book_function(mids), atol=1e-9)
    net = u.build_network(n_bumps=10, output="linear")
    assert net.output_activation.name == "linear"
    assert np.max(np.abs(feed(net, X) - lin)) < 1e-12
    # A linear output neuron takes any real f, where the sigmoid one needs 0 < f < 1.
    g = lambda x: 3 * x - 1
    assert u.max_error(u.build_network(g, 50, output="linear"), g) < 0.05


def test_sigmoid_output_needs_values_in_open_unit_interval():
    with pytest.raises(ValueError, match=r"\(0, 1\)"):
        u.build_network(lambda x: 2 * x, 4)


# -- error against neurons ------------------------------------------------------

def test_error_falls_as_neurons_are_added():
    n_hidden, errors = u.error_vs_neurons(n_bumps=(5, 10, 20, 50, 100))
    assert n_hidden.tolist() == [10, 20, 40, 100, 200]
    assert np.all(np.diff(errors) < 0)
    assert errors[3] < errors[0] / 3  # 100 hidden neurons against 10
    assert errors[-1] < 0.04


def test_approximate_to_accuracy_reaches_target():
    net, err = u.approximate_to_accuracy(0.02)
    assert err < 0.02
    assert err == pytest.approx(u.max_error(net))
    half = u.build_network(n_bumps=net.sizes[1] // 4)  # the step before: not yet accurate enough
    assert u.max_error(half) >= 0.02


def test_fix_up_reduces_max_error():
    for n in (10, 20, 50):
        single = u.max_error(lambda x: u.approximation(x, n_bumps=n))
        fixed = u.max_error(lambda x: u.fixed_up_approximation(x, n_bumps=n, copies=2))
        assert fixed < 0.7 * single
        more = u.max_error(lambda x: u.fixed_up_approximation(x, n_bumps=n, copies=4))
        assert more < fixed
    net = u.build_fixed_up_network(n_bumps=10, copies=3)
    assert net.sizes == [1, 2 * (3 * 10 + 2), 1]
    assert np.max(np.abs(feed(net, X) - u.fixed_up_approximation(X, n_bumps=10, copies=3))) < 1e-12


def test_fix_up_with_one_copy_is_the_plain_approximation():
    assert np.array_equal(u.fixed_up_approximation(X, n_bumps=8, copies=1), u.approximation(X, n_bumps=8))


# -- ReLU ------------------------------------------------------------------------

def test_two_relus_make_a_step():
    x = np.array([0.0, 0.49, 0.5, 0.51, 1.0])
    assert u.relu_step(x, 0.5, 1e4).tolist() == [0.0, 0.0, 0.5, 1.0, 1.0]


def test_relu_network_interpolates_and_error_falls():
    net = u.build_relu_network(n_pieces=10)
    knots = np.linspace(0, 1, 11)
    assert np.allclose(feed(net, knots), u.book_function(knots), atol=1e-12)
    assert np.allclose(feed(net, X), u.relu_interpolation(X, n_pieces=10), atol=1e-12)
    n_hidden, errors = u.error_vs_neurons(n_bumps=(5, 10, 20, 50, 100), construction="relu")
    assert n_hidden.tolist() == [5, 10, 20, 50, 100]
    assert np.all(np.diff(errors) < 0)
    assert errors[-1] < errors[1] / 30  # second-order: 10x the pieces, ~100x less error
    g = lambda x: np.sin(6 * x) - 0.5  # negative values: the output neuron is linear
    assert u.max_error(u.build_relu_network(g, 40), g) < 36 / (8 * 40**2) + 1e-12  # max|f''| / (8 n^2)


# -- two inputs: towers -------------------------------------------------------------

def g2(x, y):
    return 0.5 + 0.3 * np.sin(3 * x) * np.cos(2 * y)


def test_tower_is_one_on_its_cell_and_zero_elsewhere():
    x = np.array([0.5, 0.5, 0.1, 0.9])
    y = np.array([0.5, 0.1, 0.5, 0.9])
    assert np.allclose(u.tower(x, y, (0.4, 0.6), (0.4, 0.6), 1e4), [1, 0, 0, 0], atol=1e-8)


def test_tower_network_error_falls():
    P = np.random.default_rng(0).random((2, 5000))
    mean_errors = []
    for n in (3, 6, 12):
        net = u.build_tower_network(g2, n)
        assert net.sizes == [2, 4 * n, n * n, 1]
        err = np.abs(net.feedforward(P)[0] - g2(P[0], P[1]))
        mean_errors.append(err.mean())
        # At cell midpoints the network gives f itself.
        mids = (np.arange(n) + 0.5) / n
        MX, MY = np.meshgrid(mids, mids, indexing="ij")
        M = np.vstack([MX.ravel(), MY.ravel()])
        assert np.allclose(net.feedforward(M)[0], g2(M[0], M[1]), atol=1e-6)
    assert mean_errors[1] < 0.6 * mean_errors[0] and mean_errors[2] < 0.6 * mean_errors[1]


@pytest.mark.parametrize("kwargs,message", [(dict(n_bumps=0), "need at least one bump"),
                                            (dict(copies=0), "need at least one copy")])
def test_fixed_up_approximation_refuses_no_bumps_or_no_copies(kwargs, message):
    with pytest.raises(ValueError, match=message):
        u.fixed_up_approximation(np.linspace(0, 1, 5), **kwargs)
