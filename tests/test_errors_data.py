"""Bad data a user can hand nnadl (issue 12, items 4, 7, 11, 12 and 13's data cases): each gets an
error naming the file or the example and the real problem, or, where the form is unambiguous, is
accepted; nothing is silently coerced."""

import gzip
import pickle
import struct

import numpy as np
import pytest

from nnadl import data, expand
from nnadl.data import (
    DataError,
    Dataset,
    MissingDataError,
    as_arrays,
    from_pairs,
    load,
    load_idx,
    load_pickle,
    read_idx,
    to_pairs,
    vectorized_result,
)


def write_gz(path, payload):
    path.write_bytes(gzip.compress(payload))
    return path


def idx_header(magic, *shape):
    return struct.pack(f">I{len(shape)}I", magic, *shape)


def write_idx_set(directory, n_train=12, n_test=5):
    rng = np.random.default_rng(0)
    for prefix, n in (("train", n_train), ("t10k", n_test)):
        images = rng.integers(0, 256, (n, 28, 28)).astype(np.uint8)
        write_gz(directory / f"{prefix}-images-idx3-ubyte.gz", idx_header(2051, n, 28, 28) + images.tobytes())
        write_gz(directory / f"{prefix}-labels-idx1-ubyte.gz",
                 idx_header(2049, n) + (np.arange(n) % 10).astype(np.uint8).tobytes())


def parts(sizes=(6, 3, 3)):
    rng = np.random.default_rng(0)
    return [(rng.random((n, 784)).astype(np.float32), np.arange(n) % 10) for n in sizes]


def write_pickle(path, obj, protocol=2):
    with gzip.open(path, "wb") as f:
        pickle.dump(obj, f, protocol=protocol)
    return path


# -- item 4: non-finite pixels are refused where they enter -------------------------------------

@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("part", [0, 2])
def test_pickle_with_non_finite_pixels_is_refused(tmp_path, bad, part):
    obj = parts()
    obj[part][0][1, 5] = bad  # `nan < 0` and `nan > 1` are both False: the range check let it through
    path = write_pickle(tmp_path / "mnist.pkl.gz", tuple(obj))
    name = ("training", "validation", "test")[part]
    with pytest.raises(DataError, match=rf"{path}: {name} images hold NaN or infinite pixels \(first in image 1\)"):
        load_pickle(path)


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


# -- item 7: IDX errors name the file ---------------------------------------------------------

def test_idx_with_zero_images_names_the_file(tmp_path):
    write_idx_set(tmp_path)
    path = write_gz(tmp_path / "train-images-idx3-ubyte.gz", idx_header(2051, 0, 28, 28))
    write_gz(tmp_path / "train-labels-idx1-ubyte.gz", idx_header(2049, 0))
    with pytest.raises(DataError, match=rf"{path}: holds no images"):  # was "cannot reshape array of size 0"
        load_idx(tmp_path)


def test_idx_dimensions_whose_product_overflows_int64(tmp_path):
    path = tmp_path / "x-idx4-ubyte"
    path.write_bytes(idx_header(0x0804, *[2 ** 16] * 4))  # 2**64 bytes promised, none present
    # np.prod wrapped 2**64 around int64 to 0, which matched the empty body: numpy's own
    # "array is too big" followed, without the file's name
    with pytest.raises(DataError, match=rf"{path}: truncated: the header promises shape .* the file has 0"):
        read_idx(path)


def test_idx_with_255_dimensions_names_the_file(tmp_path):
    path = tmp_path / "x-idx"
    path.write_bytes(struct.pack(">I", 0x08FF) + struct.pack(">255I", *([1] * 255)) + b"\x07")
    with pytest.raises(DataError, match=rf"{path}: the header declares 255 dimensions"):
        read_idx(path)


# -- item 11: the book's data forms ------------------------------------------------------------

@pytest.fixture
def small():
    rng = np.random.default_rng(1)
    X = rng.random((5, 4))
    y = np.array([3, 0, 2, 2, 1])
    Y = np.eye(4)[y]
    return X, y, Y


def forms(X, y):
    """The forms issue 12 lists, each holding the same five examples."""
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


# -- item 12: no silent coercions -------------------------------------------------------------

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


@pytest.mark.parametrize("rows, cols, message", [
    (2.5, 0, "rows must be a whole number of pixels; got 2.5"),  # was a shift by 2
    (0, -0.5, "cols must be a whole number of pixels; got -0.5"),
    (np.nan, 0, "rows must be a whole number of pixels; got nan"),
    (True, 0, "rows must be a whole number of pixels; got True"),
])
def test_shift_refuses_fractions_of_a_pixel(rows, cols, message):
    with pytest.raises(ValueError, match=message):
        expand.shift(np.zeros((1, 784)), rows, cols)


def test_shift_accepts_whole_floats_and_numpy_ints():
    X = np.arange(9.0).reshape(1, 9)
    assert np.array_equal(expand.shift(X, 1.0, np.int64(-1)), expand.shift(X, 1, -1))


# -- item 13: pickles, partial sets ---------------------------------------------------------------

def test_protocol_2_pickle_with_an_empty_array_loads(tmp_path):
    obj = parts()
    obj[2] = (np.zeros((0, 784), np.float32), np.zeros(0, np.int64))  # protocol 2 pickles it with bytes()
    path = write_pickle(tmp_path / "mnist.pkl.gz", tuple(obj))
    training, validation, test = load_pickle(path)  # was "refusing to load __builtin__.bytes"
    assert len(training) == 6 and len(test) == 0 and test.X.shape == (0, 784)


def test_pickle_may_not_allocate_through_bytes(tmp_path):
    # c__builtin__ bytes ( 10**12 ) R: bytes(10**12) would allocate a terabyte the file never held
    payload = b"\x80\x02c__builtin__\nbytes\nq\x00\x8a\x06\x00\x10\xa5\xd4\xe8\x00\x85q\x01Rq\x02."
    path = tmp_path / "mnist.pkl"
    path.write_bytes(payload)
    with pytest.raises(DataError, match="refusing bytes\\(\\) of anything but bytes"):
        load_pickle(path)


def test_partial_idx_set_does_not_hide_a_complete_pickle(tmp_path):
    write_idx_set(tmp_path)
    (tmp_path / "t10k-labels-idx1-ubyte.gz").unlink()  # as an interrupted `nnadl data download` leaves it
    write_pickle(tmp_path / "mnist.pkl.gz", tuple(parts((7, 2, 3))))
    assert [len(d) for d in load(tmp_path)] == [7, 2, 3]  # was "missing MNIST file(s)"


def test_partial_idx_set_alone_names_the_missing_file(tmp_path):
    write_idx_set(tmp_path)
    (tmp_path / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(MissingDataError, match="t10k-labels-idx1-ubyte.gz"):
        load(tmp_path)
