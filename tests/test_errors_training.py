"""Issue 12, training: bad data and hyper-parameters are refused where they enter, naming the problem;
runaway training is reported; the book's data forms are accepted when unambiguous."""

import numpy as np
import pytest

from nnadl import conv, network, network2
from nnadl.training import TrainingDiverged


def blobs(n=40, seed=0):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, n)
    X = rng.normal(0.0, 0.5, (n, 4)) + np.where(labels[:, None] == 1, 2.0, -2.0)
    return X, labels


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
