"""nnadl.datasets: the two forms of labelled data, the conversions between them, and the one label rule."""

import numpy as np
import pytest

from nnadl import baselines
from nnadl.datasets import Dataset, as_arrays, class_labels, from_pairs, to_pairs, vectorized_result
from nnadl.mnist_loader import load_embedded


def test_dataset_slicing_iteration_and_tuple():
    d = load_embedded().test
    part = d[:10]
    assert isinstance(part, Dataset) and len(part) == 10
    assert isinstance(d[np.array([0, 5])], Dataset)
    x, y = d[3]
    assert x.shape == (784, 1) and isinstance(y, int) and y == d.labels[3]
    assert len(list(part)) == len(list(part)) == 10  # iterable twice
    X, labels = d.as_tuple()
    assert X is d.X and labels is d.labels
    assert "Dataset" in repr(d) and "(1000, 784)" in repr(d)


def test_pairs_round_trip_and_book_forms():
    d = load_embedded().validation[:50]
    pairs = d.pairs()
    assert isinstance(pairs, list) and len(pairs[:20]) == 20
    assert all(x.shape == (784, 1) and isinstance(y, int) for x, y in pairs)
    hot = to_pairs(d.as_tuple(), one_hot=True)
    assert all(y.shape == (10, 1) and y[label, 0] == 1.0 and y.sum() == 1.0
               for (_, y), label in zip(hot, d.labels))
    for form in (pairs, hot, iter(zip([x for x, _ in pairs], d.labels))):  # a one-shot zip too
        back = from_pairs(form)
        assert np.array_equal(back.X, d.X) and np.array_equal(back.labels, d.labels)
    assert len(from_pairs([])) == 0


def test_from_pairs_rejects_bad_pairs():
    with pytest.raises(ValueError, match="target y of example 1 is not one-hot"):
        from_pairs([(np.zeros(4), 1), (np.zeros(4), np.ones((10, 1)))])
    with pytest.raises(ValueError, match=r"input x of example 1 has shape \(3,\); expected \(4, 1\) or \(4,\)"):
        from_pairs([(np.zeros(4), 1), (np.zeros(3), 1)])


def test_dataset_validates_shapes():
    with pytest.raises(ValueError, match="expected \\(n, n_pixels\\)"):
        Dataset(np.zeros(784), np.zeros(1, int))
    with pytest.raises(ValueError, match="labels have shape"):
        Dataset(np.zeros((2, 784)), np.zeros(3, int))


def test_dataset_feeds_network_directly():
    from nnadl.network import Network

    d = load_embedded().test[:20]
    net = Network([784, 5, 10], seed=0)
    assert net.evaluate(d) == net.evaluate(d.as_tuple()) == net.evaluate(d.pairs())


def test_dataset_refuses_nan_pixels():
    X = np.zeros((3, 784))
    X[2, 0] = np.nan
    with pytest.raises(ValueError, match=r"NaN or infinite pixels \(first in image 2\)"):
        Dataset(X, np.array([1, 2, 3]))


def test_from_pairs_refuses_nan_pixels():
    x = np.zeros((784, 1))
    x[3] = np.nan
    with pytest.raises(ValueError, match="input x of example 1 has a NaN"):
        from_pairs([(np.zeros(784), 1), (x, 2)])


@pytest.fixture
def small():
    rng = np.random.default_rng(1)
    X = rng.random((5, 4))
    y = np.array([3, 0, 2, 2, 1])
    Y = np.eye(4)[y]
    return X, y, Y


def forms(X, y):
    """Every form of labelled data a user may pass, each holding the same five examples."""
    return {
        "tuple of arrays": (X, y),
        "list of arrays": [X, y],
        "tolist()": (X.tolist(), y.tolist()),
        "float labels": (X, y.astype(float)),
        "float labels tolist()": (X.tolist(), y.astype(float).tolist()),
        "zip": zip(X, y),  # the book's Python 3 loaders return zip objects: no len(), read once
        "zip of columns": zip([x.reshape(-1, 1) for x in X], y),
        "generator": ((x, int(label)) for x, label in zip(X, y)),
        "list of pairs": list(zip(X, y)),
        "pairs with float labels": [(x, float(label)) for x, label in zip(X, y)],
        "pairs with one-hot columns": [(x, np.eye(4)[label].reshape(-1, 1)) for x, label in zip(X, y)],
        "Dataset": Dataset(X, y),
    }


@pytest.mark.parametrize("form", list(forms(np.zeros((1, 1)), np.zeros(1, int))))
def test_examples_accepts_every_unambiguous_form(small, form):
    X, y, Y = small
    Xa, Ya = as_arrays(forms(X, y)[form], n_out=4)
    assert np.array_equal(Xa, X) and np.array_equal(Ya, Y)
    assert Xa.dtype == Ya.dtype == np.float64


def test_examples_two_pairs_are_not_mistaken_for_arrays():
    x0, x1 = np.array([0.1, 0.2]), np.array([0.3, 0.4])
    t0, t1 = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    X, Y = as_arrays([(x0, t0), (x1, t1)])  # both items are tuples: pairs, as zip makes them
    assert X.tolist() == [[0.1, 0.2], [0.3, 0.4]] and Y.tolist() == [[1.0, 0.0], [0.0, 1.0]]
    X, Y = as_arrays([[x0, x1], [1, 0]], n_out=2)  # a list of arrays: (X, y)
    assert X.tolist() == [[0.1, 0.2], [0.3, 0.4]] and Y.tolist() == [[0.0, 1.0], [1.0, 0.0]]


def test_examples_dtype_sizes_and_empty():
    X, Y = as_arrays((np.ones((2, 3)), [1, 0]), 3, 2, dtype=np.float32)
    assert X.dtype == Y.dtype == np.float32 and Y.shape == (2, 2)
    X, Y = as_arrays([], 3, 2)
    assert X.shape == (0, 3) and Y.shape == (0, 2)
    X, Y = as_arrays(iter([]))
    assert len(X) == len(Y) == 0


@pytest.mark.parametrize("build, message", [
    (lambda X, y: [(X[0], 1.7)], r"label y of example 0 is 1.7; labels must be whole numbers"),
    (lambda X, y: (X, [3, 0, 2.5, 2, 1]), r"y\[2\] is 2.5; labels must be whole numbers"),
    (lambda X, y: (X, [3, 0, -1, 2, 1]), r"y\[2\] is -1; labels must be whole numbers 0..3"),
    (lambda X, y: [(X[0], 1), (X[1], -2)], r"label y of example 1 is -2; labels must be whole numbers 0..3"),
    (lambda X, y: (X, [3, 0, 4, 2, 1]), r"y\[2\] is 4; labels must be whole numbers 0..3"),
    (lambda X, y: zip(X, [3, 0, 2, 9, 1]), r"label y of example 3 is 9; labels must be whole numbers 0..3"),
    (lambda X, y: (X, [3, 0, np.nan, 2, 1]), r"y\[2\] is nan; labels must be whole numbers"),
    (lambda X, y: [(X[0], True)], r"label y of example 0 is a bool"),
    (lambda X, y: (X, y[:4]), r"X has 5 examples but y has 4"),
    (lambda X, y: (X[:, :3], y), r"X has shape \(5, 3\); expected \(n, 4\)"),
    (lambda X, y: (X[0], y[:4]), r"X has shape \(4,\); expected \(n, 4\)"),
    (lambda X, y: [(X[0], 1), (X[1, :3], 2)], r"input x of example 1 has shape \(3,\); expected \(4, 1\) or \(4,\)"),
    (lambda X, y: [(X[0], np.ones(3))], r"target y of example 0 has shape \(3,\); expected \(4, 1\) or \(4,\) or a label"),
    (lambda X, y: (X, np.ones((5, 3))), r"y has shape \(5, 3\); expected labels \(5,\) or targets \(5, 4\)"),
    (lambda X, y: (np.where(X > 0.5, np.inf, X), y), r"X has a NaN or infinite value"),
    (lambda X, y: [(X[0], 1), (np.full(4, np.nan), 1)], r"input x of example 1 has a NaN or infinite value"),
    (lambda X, y: [(X[0], np.array([0, np.inf, 0, 0]))], r"target y of example 0 has a NaN or infinite value"),
    (lambda X, y: [(X[0], 1, "extra")], r"example 0 is a tuple of length 3, not a pair \(x, y\)"),
    (lambda X, y: list(X), r"example 0 is an array of shape \(4,\), not a pair \(x, y\); to pass arrays, give the tuple \(X, y\)"),
    (lambda X, y: X, r"got a single array of shape \(5, 4\); expected the pair \(X, y\)"),
    (lambda X, y: [("abc", 1)], r"input x of example 0 is not a rectangular array of numbers"),
    (lambda X, y: [([[1, 2], [3]], 1)], r"input x of example 0 is not a rectangular array of numbers"),
])
def test_examples_names_the_real_problem(small, build, message):
    X, y, _ = small
    with pytest.raises(ValueError, match=message):
        as_arrays(build(X, y), 4, 4)


@pytest.mark.parametrize("value", [None, 5, "digits.csv", {"X": 1}])
def test_examples_refuses_what_is_not_data(value):
    with pytest.raises(TypeError, match="expected examples: \\(X, y\\) arrays or \\(x, y\\) pairs"):
        as_arrays(value)


@pytest.mark.parametrize("labels, one_hot, message", [
    ([4, -1], True, r"labels\[1\] is -1; labels must be whole numbers 0..9"),  # was the one-hot of 9
    ([4, 10], True, r"labels\[1\] is 10; labels must be whole numbers 0..9"),
    ([4, 2.7], True, r"labels\[1\] is 2.7; labels must be whole numbers"),  # was 2
    ([4, 2.7], False, r"labels\[1\] is 2.7; labels must be whole numbers"),
    ([4, -1], False, r"labels\[1\] is -1; labels must be whole numbers >= 0"),
])
def test_to_pairs_refuses_labels_it_would_coerce(labels, one_hot, message):
    with pytest.raises(ValueError, match=message):
        to_pairs((np.zeros((2, 784)), np.array(labels)), one_hot=one_hot)


def test_to_pairs_accepts_whole_float_labels():
    pairs = to_pairs((np.zeros((2, 784)), np.array([4.0, 2.0])), one_hot=True)
    assert [int(np.argmax(y)) for _, y in pairs] == [4, 2]


@pytest.mark.parametrize("y, message", [
    (1.7, r"label y of example 0 is 1.7; labels must be whole numbers"),  # was label 1
    (-3, r"label y of example 0 is -3; labels must be whole numbers 0..9"),
    (np.float64("nan"), r"label y of example 0 is nan"),
])
def test_from_pairs_refuses_labels_it_would_coerce(y, message):
    with pytest.raises(ValueError, match=message):
        from_pairs([(np.zeros(784), y)])


def test_from_pairs_accepts_whole_float_labels_and_names_non_pairs():
    assert from_pairs([(np.zeros(784), 2.0)]).labels.tolist() == [2]
    with pytest.raises(ValueError, match=r"example 0 is an array of shape \(784,\), not a pair"):
        from_pairs(list(np.zeros((2, 784))))  # was "too many values to unpack"


@pytest.mark.parametrize("j", [-1, 10, 2.5])
def test_vectorized_result_refuses_what_is_not_a_digit(j):
    with pytest.raises(ValueError, match=f"j is {j}; labels must be whole numbers"):
        vectorized_result(j)


@pytest.mark.parametrize("labels, message", [
    ([3, -1], r"labels\[1\] is -1; labels must be whole numbers 0..9"),
    ([12, 3], r"labels\[0\] is 12; labels must be whole numbers 0..9"),
    ([1.5, 3], r"labels\[0\] is 1.5; labels must be whole numbers"),
    ([True, False], r"labels\[0\] is a bool"),
])
def test_one_label_rule_for_every_form(labels, message):
    """A label Dataset accepts is one as_arrays, to_pairs and the baselines accept, and the reverse."""
    X = np.zeros((2, 784))
    with pytest.raises(ValueError, match=message):
        Dataset(X, np.array(labels))
    with pytest.raises(ValueError, match=message):
        to_pairs((X, np.array(labels)), one_hot=True)
    with pytest.raises(ValueError, match=message.replace("labels", "y", 1)):
        as_arrays((X, np.array(labels)))
    with pytest.raises(ValueError, match=message.replace("labels", "labels_test", 1)):
        baselines.random_guessing(np.array(labels))


def test_whole_float_labels_are_labels_everywhere():
    d = Dataset(np.zeros((2, 784)), np.array([2.0, 9.0]))
    assert d.labels.dtype == np.int64 and d.labels.tolist() == [2, 9]
    assert class_labels([2.0, 9.0], n_classes=10).tolist() == [2, 9]
    assert baselines.random_guessing(np.array([2.0, 9.0]), return_predictions=True)[1].shape == (2,)
