"""What many test modules need: small MNIST files written on the spot, the ``nnadl`` command run
in-process, and two tiny problems to train on. Imported as ``from helpers import ...`` (pytest puts
``tests/`` on the path, as it does for conftest.py)."""

import gzip
import io
import pickle
import struct
from typing import NamedTuple

import numpy as np

from nnadl.cli import main

IDX_NAMES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")


# -- MNIST's files ----------------------------------------------------------------------------

def idx_header(magic, *shape):
    return struct.pack(f">I{len(shape)}I", magic, *shape)


def idx_bytes(array, magic):
    """An IDX file's bytes: the header for ``array``'s shape, then its values as unsigned bytes."""
    array = np.asarray(array, dtype=np.uint8)
    return idx_header(magic, *array.shape) + array.tobytes()


def write_gz(path, payload):
    path.write_bytes(gzip.compress(payload))
    return path


class MnistDir(NamedTuple):
    """What :func:`write_mnist_dir` wrote: the images and labels by prefix, and each file's bytes by name."""

    images: dict
    labels: dict
    files: dict


def write_mnist_dir(directory, n_train=12, n_test=5, seed=0, compressed=True) -> MnistDir:
    """The four MNIST IDX files in ``directory`` (made if needed), random images, labels 0, 1, ..., 9, 0, ..."""
    directory.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    images = {"train": rng.integers(0, 256, (n_train, 28, 28)), "t10k": rng.integers(0, 256, (n_test, 28, 28))}
    labels = {"train": np.arange(n_train) % 10, "t10k": np.arange(n_test) % 10}
    files = {}
    for prefix in ("train", "t10k"):
        for kind, array, magic in (("images-idx3", images[prefix], 2051), ("labels-idx1", labels[prefix], 2049)):
            raw = idx_bytes(array, magic)
            name = f"{prefix}-{kind}-ubyte" + (".gz" if compressed else "")
            files[name] = gzip.compress(raw) if compressed else raw
            (directory / name).write_bytes(files[name])
    return MnistDir(images, labels, files)


# -- the book's mnist.pkl.gz ------------------------------------------------------------------

def book_parts(sizes=(6, 3, 3), seed=0, nan_in=None):
    """Three ``(X, labels)`` parts as in mnist.pkl.gz (float32 pixels), a NaN pixel in part ``nan_in``."""
    rng = np.random.default_rng(seed)
    parts = tuple((rng.random((n, 784)).astype(np.float32), (np.arange(n) % 10).astype(np.int64)) for n in sizes)
    if nan_in is not None:
        parts[nan_in][0][0, 0] = np.nan
    return parts


def write_pickle(path, obj=None, *, sizes=(20, 5, 5), nan_in=None, protocol=2):
    """``obj`` (by default :func:`book_parts` of ``sizes``) pickled and gzip-compressed at ``path``."""
    obj = book_parts(sizes, nan_in=nan_in) if obj is None else obj
    with gzip.open(path, "wb") as f:
        pickle.dump(obj, f, protocol=protocol)
    return path


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


# -- the command ------------------------------------------------------------------------------

def run(capsys, *argv):
    """Run ``nnadl ARGV`` in-process: ``(exit code, stdout, stderr)``."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err, *words):
    """``err`` is one line, an error and no traceback, and names every one of ``words``."""
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "error:" in err and "Traceback" not in err, err
    for word in words:
        assert str(word) in err, (word, err)


# -- problems to train on -----------------------------------------------------------------------

def blobs(n=200, seed=0):
    """Two well-separated classes in 4 dimensions, as (X, labels)."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, n)
    X = rng.normal(0.0, 0.5, (n, 4)) + np.where(labels[:, None] == 1, 2.0, -2.0)
    return X, labels


def full_mnist():
    """The full MNIST for the tests that need it, or None: ``$NNADL_TEST_MNIST``, else the project's
    shared copy beside the checkout (on the project's machines and in its CI)."""
    import os
    from pathlib import Path

    given = os.environ.get("NNADL_TEST_MNIST")
    directory = Path(given) if given else Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist"
    return directory if directory.is_dir() else None
