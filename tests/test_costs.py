"""Costs: values, derivatives against central differences, delta against BP1a, and stability at 0 and 1."""

import numpy as np
import pytest

from nnadl.activations import sigmoid, sigmoid_prime, softmax
from nnadl.costs import COSTS, CrossEntropyCost, LogLikelihoodCost, QuadraticCost, get_cost
from nnadl.gradcheck import numerical_gradient, relative_error


def test_registry_names():
    assert set(COSTS) == {"quadratic", "cross-entropy", "log-likelihood"}
    for name, cost in COSTS.items():
        assert get_cost(name) is cost and cost.name == name
        assert get_cost(cost) is cost
    with pytest.raises(ValueError, match="unknown cost"):
        get_cost("hinge")


def test_cross_entropy_value():
    a = np.array([[0.9, 0.3], [0.2, 0.6]])
    y = np.array([[1.0, 0.0], [0.0, 1.0]])
    expected = -(np.log(0.9) + np.log(0.8) + np.log(0.7) + np.log(0.6))  # summed over both columns
    assert CrossEntropyCost.fn(a, y) == pytest.approx(expected, rel=1e-14)


def test_log_likelihood_value_is_minus_log_of_the_labelled_output():
    a = softmax(np.array([[1.0, 0.0], [2.0, 3.0], [0.5, -1.0]]))
    y = np.array([[0.0, 1.0], [1.0, 0.0], [0.0, 0.0]])
    assert LogLikelihoodCost.fn(a, y) == pytest.approx(-np.log(a[1, 0]) - np.log(a[0, 1]), rel=1e-14)


@pytest.mark.parametrize("a_value", [0.0, 1.0])
def test_cross_entropy_exact_outputs_give_zero_without_warnings(a_value):
    a = np.full((3, 2), a_value)
    with np.errstate(all="raise"):  # any log(0), 0 * inf or nan would raise here
        assert CrossEntropyCost.fn(a, a.copy()) == 0.0


def test_cross_entropy_wrong_saturated_output_is_large_but_finite():
    a = sigmoid(np.array([[40.0], [-800.0]]))  # exactly 1.0 and exactly 0.0
    assert a.ravel().tolist() == [1.0, 0.0]
    y = np.array([[0.0], [1.0]])
    with np.errstate(all="raise"):
        c = CrossEntropyCost.fn(a, y)
    assert np.isfinite(c) and c > 1000  # two terms of about 708 each


def test_log_likelihood_underflowed_softmax_is_finite_without_warnings():
    a = softmax(np.array([[1000.0], [0.0], [-5.0]]))
    assert a[1, 0] == 0.0
    with np.errstate(all="raise"):
        assert np.isfinite(LogLikelihoodCost.fn(a, np.array([[0.0], [1.0], [0.0]])))
        assert LogLikelihoodCost.fn(a, np.array([[1.0], [0.0], [0.0]])) == 0.0
        d = LogLikelihoodCost.derivative(a, np.array([[1.0], [0.0], [0.0]]))
    assert d.ravel().tolist() == [-1.0, 0.0, 0.0]


def _soft_targets(rng, shape):
    return rng.uniform(0.05, 0.95, shape)


@pytest.mark.parametrize("cost", [QuadraticCost, CrossEntropyCost, LogLikelihoodCost])
def test_derivative_is_the_gradient_of_fn(cost):
    rng = np.random.default_rng(0)
    a = rng.uniform(0.1, 0.9, (4, 3))
    y = _soft_targets(rng, (4, 3)) if cost is not LogLikelihoodCost else np.eye(4)[:, [0, 2, 3]]
    numeric = numerical_gradient(lambda: float(cost.fn(a, y)), a)
    assert relative_error(numeric, cost.derivative(a, y)) < 1e-8


@pytest.mark.parametrize("cost", [QuadraticCost, CrossEntropyCost])
def test_sigmoid_delta_equals_bp1a(cost):
    """delta(z, a, y) = dC/da * sigma'(z): for cross-entropy this is where sigma' cancels."""
    rng = np.random.default_rng(1)
    z = rng.normal(0, 2, (5, 3))
    a, y = sigmoid(z), _soft_targets(rng, (5, 3))
    assert cost.delta_activation == "sigmoid"
    np.testing.assert_allclose(cost.delta(z, a, y), cost.derivative(a, y) * sigmoid_prime(z), rtol=1e-10)


def test_cross_entropy_delta_is_dC_dz():
    """Equation (66) checked against central differences in z itself."""
    rng = np.random.default_rng(2)
    z = rng.normal(0, 2, (4, 2))
    y = _soft_targets(rng, (4, 2))
    numeric = numerical_gradient(lambda: float(CrossEntropyCost.fn(sigmoid(z), y)), z)
    assert relative_error(numeric, CrossEntropyCost.delta(z, sigmoid(z), y)) < 1e-8


def test_log_likelihood_delta_is_dC_dz_through_softmax():
    """Equation (84): with softmax outputs, dC/dz = a - y."""
    rng = np.random.default_rng(3)
    z = rng.normal(0, 2, (5, 3))
    y = np.eye(5)[:, [1, 4, 0]]
    assert LogLikelihoodCost.delta_activation == "softmax"
    numeric = numerical_gradient(lambda: float(LogLikelihoodCost.fn(softmax(z), y)), z)
    assert relative_error(numeric, LogLikelihoodCost.delta(z, softmax(z), y)) < 1e-8


def test_output_activations_declared():
    assert QuadraticCost.output_activations is None
    assert CrossEntropyCost.output_activations == ("sigmoid",)
    assert LogLikelihoodCost.output_activations == ("softmax",)
