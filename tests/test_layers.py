"""nnadl.layers: each layer's backward pass against finite differences, and ConvPoolLayer against the steps it fuses."""

import numpy as np
import pytest

from nnadl.activations import relu, sigmoid, tanh
from nnadl.convolution import conv_backward, conv_forward, max_pool, max_pool_backward
from nnadl.costs import LogLikelihoodCost
from nnadl.gradcheck import numerical_gradient, relative_error
from nnadl.layers import ConvPoolLayer, FullyConnectedLayer, ReLU, SoftmaxLayer
from nnadl.network3 import Network


TOL = 1e-6


def check_layer(layer, x, output_is_z=False, need_input_grad=True, seed=4):
    """Gradient-check w, b and the input of ``layer`` for C = sum(g * output)."""
    rng = np.random.default_rng(seed)
    out = layer.forward(x)
    g = rng.normal(size=out.shape)

    def cost():
        return float(np.sum(g * layer.forward(x)))

    layer.forward(x)
    nabla_w, nabla_b, grad_in = layer.backward(g, need_input_grad)
    assert relative_error(numerical_gradient(cost, layer.w), nabla_w) < TOL
    assert relative_error(numerical_gradient(cost, layer.b), nabla_b) < TOL
    if need_input_grad:
        assert grad_in.shape == x.shape
        assert relative_error(numerical_gradient(cost, x), grad_in) < TOL


@pytest.mark.parametrize("activation_fn", [sigmoid, tanh, ReLU, "relu"])
def test_conv_pool_layer_gradients(activation_fn):
    layer = ConvPoolLayer((3, 2, 3, 3), (5, 2, 9, 8), poolsize=(2, 2), activation_fn=activation_fn, seed=5)
    x = np.random.default_rng(6).normal(size=(2, 2, 9, 8))
    check_layer(layer, x)


def test_conv_pool_layer_flat_input_and_any_batch():
    layer = ConvPoolLayer((2, 1, 3, 3), (10, 1, 8, 8), seed=0)
    x = np.random.default_rng(0).normal(size=(3, 64))
    assert np.array_equal(layer.forward(x), layer.forward(x.reshape(3, 1, 8, 8)))
    check_layer(layer, x)  # gradient comes back flat, like the input
    assert layer.forward(np.zeros((1, 1, 8, 8))).shape == (1, 2, 3, 3)


def test_conv_pool_layer_is_pool_of_conv():
    layer = ConvPoolLayer((2, 1, 3, 3), (10, 1, 8, 8), activation_fn=tanh, seed=0)
    x = np.random.default_rng(0).normal(size=(2, 1, 8, 8))
    z, _ = conv_forward(x, layer.w)
    expected = np.tanh(max_pool(z) + layer.b[:, None, None])
    assert np.allclose(layer.forward(x), expected, atol=1e-15)


@pytest.mark.parametrize("poolsize", [(2, 2), (3, 2), (1, 1)])
def test_conv_pool_layer_equals_the_snippet_functions_even_with_ties(poolsize):
    """The layer's grouped-column path gives the numbers of conv_forward/max_pool and their backward passes."""
    rng = np.random.default_rng(13)
    layer = ConvPoolLayer((3, 2, 2, 2), (4, 2, 9, 8), poolsize=poolsize, activation_fn=tanh, seed=0)
    layer.w[:] = rng.integers(-1, 2, layer.w.shape)  # small integers: many exactly equal outputs
    x = rng.integers(0, 2, (3, 2, 9, 8)).astype(float)
    out = layer.forward(x)
    z_conv, cols = conv_forward(x, layer.w)
    pooled = max_pool(z_conv, poolsize)
    z = pooled + layer.b[:, None, None]
    assert np.allclose(out, np.tanh(z), rtol=0, atol=1e-15)
    g = rng.normal(size=out.shape)
    nabla_w, nabla_b, grad_in = layer.backward(g)
    delta = g * (1 - np.tanh(z) ** 2)
    delta_conv = max_pool_backward(delta, z_conv, pooled, poolsize)
    assert poolsize == (1, 1) or np.sum(delta_conv != 0) > delta.size  # ties were split
    nx, nw, nb = conv_backward(delta_conv, cols, layer.w, x.shape)
    assert np.allclose(nabla_w, nw, rtol=1e-12, atol=1e-12) and np.allclose(nabla_b, delta.sum(axis=(0, 2, 3)))
    assert np.allclose(grad_in, nx, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("activation_fn", [sigmoid, tanh, relu])
def test_fully_connected_layer_gradients(activation_fn):
    layer = FullyConnectedLayer(6, 4, activation_fn=activation_fn, seed=7)
    check_layer(layer, np.random.default_rng(8).normal(size=(3, 6)))


def test_fully_connected_layer_same_w_as_network_py():
    from nnadl.network import Network as FCNetwork
    net = FCNetwork([3, 2], seed=0)
    layer = FullyConnectedLayer(3, 2, seed=0)
    layer.w[:], layer.b[:] = net.weights[0], net.biases[0][:, 0]
    x = np.random.default_rng(0).normal(size=(4, 3))
    assert np.allclose(layer.forward(x), net.feedforward(x.T).T, atol=1e-15)


def test_dropout_layer_gradients_with_fixed_mask():
    layer = FullyConnectedLayer(6, 4, p_dropout=0.5, seed=7)
    x = np.random.default_rng(8).normal(size=(3, 6))
    g = np.random.default_rng(9).normal(size=(3, 4))

    def cost():
        return float(np.sum(g * layer.forward(x, dropout_rng=np.random.default_rng(10))))

    layer.forward(x, dropout_rng=np.random.default_rng(10))
    nabla_w, nabla_b, grad_in = layer.backward(g)
    assert relative_error(numerical_gradient(cost, layer.w), nabla_w) < TOL
    assert relative_error(numerical_gradient(cost, x), grad_in) < TOL
    # dropped inputs get no gradient
    layer.forward(x, dropout_rng=np.random.default_rng(10))
    assert np.all(grad_in[layer._cache[2] == 0] == 0)


def test_softmax_layer_log_likelihood_gradient():
    layer = SoftmaxLayer(5, 4)
    rng = np.random.default_rng(11)
    layer.w[:], layer.b[:] = rng.normal(size=(4, 5)), rng.normal(size=4)
    x, labels = rng.normal(size=(3, 5)), np.array([0, 3, 1])
    y = np.eye(4)[labels]

    def cost():  # mean log-likelihood
        return float(LogLikelihoodCost.fn(layer.forward(x).T, y.T)) / 3

    layer.forward(x)
    assert np.allclose(layer.forward(x).sum(axis=1), 1.0)
    nabla_w, nabla_b, grad_in = layer.backward(layer.output_delta(y) / 3)
    assert relative_error(numerical_gradient(cost, layer.w), nabla_w) < TOL
    assert relative_error(numerical_gradient(cost, layer.b), nabla_b) < TOL
    assert relative_error(numerical_gradient(cost, x), grad_in) < TOL


def test_log_likelihood_is_finite_for_confident_wrong_output():
    net = Network([SoftmaxLayer(1, 2)], seed=0)
    net.layers[0].w[:] = [[1000.0], [-1000.0]]
    cost = net.cost(np.ones((1, 1)), np.array([1]))
    assert np.isfinite(cost) and cost > 700  # the output rounded to 0: ln of the smallest float


def test_initialization_mirrors_network3():
    net = Network([ConvPoolLayer((40, 1, 5, 5), (10, 1, 28, 28)), FullyConnectedLayer(40 * 144, 300),
                   SoftmaxLayer(300, 10)], seed=0)
    conv, fc, soft = net.layers
    assert abs(conv.w.std() - np.sqrt(1 / (40 * 25 / 4))) < 0.01
    assert abs(fc.w.std() - np.sqrt(1 / 300)) < 0.002 and fc.w.shape == (300, 5760)
    assert abs(fc.b.std() - 1.0) < 0.15 and abs(conv.b.std() - 1.0) < 0.4
    assert not soft.w.any() and not soft.b.any()
