"""The activation functions: values, derivatives, and no overflow warnings at extreme inputs."""

import warnings

import numpy as np
import pytest

from nnadl.activations import (
    get_activation,
    relu,
    relu_prime,
    sigmoid,
    sigmoid_prime,
    softmax,
    tanh,
    tanh_prime,
)
from nnadl.gradcheck import numerical_gradient

Z = np.linspace(-30, 30, 241)


def test_sigmoid_matches_the_definition_where_the_definition_is_safe():
    assert np.allclose(sigmoid(Z), 1.0 / (1.0 + np.exp(-Z)), rtol=1e-15, atol=0)


def test_sigmoid_symmetry_keeps_precision_in_the_tails():
    # sigma(-z) = 1 - sigma(z); for z = 40 the naive 1 - sigma(40) is 0, the stable form is not.
    assert sigmoid(-40.0) == pytest.approx(np.exp(-40.0) / (1 + np.exp(-40.0)), rel=1e-15)
    assert sigmoid(-40.0) > 0


@pytest.mark.parametrize("fn", [sigmoid, sigmoid_prime, tanh, tanh_prime, relu, relu_prime, softmax])
def test_no_warning_at_plus_minus_1000(fn):
    z = np.array([-1000.0, -745.5, 0.0, 745.5, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = fn(z)
    assert np.all(np.isfinite(out))


def test_sigmoid_limits():
    assert sigmoid(np.array([-1000.0, 1000.0])).tolist() == [0.0, 1.0]
    assert sigmoid_prime(np.array([-1000.0, 1000.0])).tolist() == [0.0, 0.0]


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu"])
def test_each_derivative_matches_finite_differences(name):
    act = get_activation(name)
    z = np.linspace(-4, 4, 81) + 0.0123  # keeps ReLU's kink at 0 off the grid
    for i in range(z.size):
        p = z[i:i + 1].copy()
        numeric = numerical_gradient(lambda: float(act.fn(p)[0]), p)
        assert numeric[0] == pytest.approx(float(act.prime(z[i])), rel=1e-7, abs=1e-10)


def test_sigmoid_prime_is_sigma_times_one_minus_sigma():
    z = np.linspace(-5, 5, 201)  # beyond this, 1 - s itself loses digits to cancellation
    s = sigmoid(z)
    assert np.allclose(sigmoid_prime(z), s * (1 - s), rtol=1e-12, atol=0)


def test_sigmoid_prime_keeps_relative_precision_when_saturated():
    # sigma'(z) = e^{-|z|} / (1 + e^{-|z|})^2 = e^{-|z|} (1 - 2e^{-|z|} + ...); s * (1 - s) is off by 1e-3 at z = 30.
    for z in (30.0, -30.0, 200.0):
        e = np.exp(-abs(z))
        assert float(sigmoid_prime(z)) == pytest.approx(e * (1 - 2 * e), rel=1e-15)


def test_float32_stays_float32():
    z = np.linspace(-5, 5, 11, dtype=np.float32)
    assert sigmoid(z).dtype == np.float32
    assert sigmoid_prime(z).dtype == np.float32


def test_integer_input_becomes_float():
    assert sigmoid(np.array([0, 1])).dtype == np.float64


def test_softmax_columns_sum_to_one_and_shift_invariant():
    z = np.random.default_rng(0).standard_normal((5, 4)) * 50
    a = softmax(z)
    assert np.allclose(a.sum(axis=0), 1.0)
    assert np.allclose(softmax(z + 1000.0), a)


def test_unknown_activation_names_the_choices():
    with pytest.raises(ValueError, match="expected one of: sigmoid, tanh, relu"):
        get_activation("swish")
