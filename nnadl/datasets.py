r"""Labelled examples in their two forms: arrays, and the book's list of ``(x, y)`` pairs.

A :class:`Dataset` holds arrays, ``X`` of shape ``(n, 784)`` with pixels in ``[0, 1]`` and
``labels`` of shape ``(n,)``, and gives the book's form, a list of ``(x, y)`` pairs with ``x`` of
shape ``(784, 1)``, in one call (:meth:`Dataset.pairs`, :func:`to_pairs`; back with
:func:`from_pairs`). :class:`Splits` are the training, validation and test sets, in the book's
order. :func:`as_arrays` turns any unambiguous form of labelled data (arrays, pairs, a one-shot
``zip``, ``tolist()`` lists) into the arrays every network trains on, and names the problem in
any other.

One rule says what a label is (:func:`class_labels`): a whole number (``2`` or ``2.0``), not
negative and below the number of classes; ``1.7``, ``-1`` and ``True`` are refused, never
coerced. :class:`Dataset`, :func:`to_pairs`, :func:`from_pairs`, :func:`as_arrays`, the loaders
of :mod:`nnadl.mnist_loader` and :mod:`nnadl.baselines` all apply it.

Nothing here reads a file: loading is :mod:`nnadl.mnist_loader`, downloading
:mod:`nnadl.download`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, NamedTuple

import numpy as np

from . import _checks

__all__ = [
    "N_CLASSES",
    "N_PIXELS",
    "Dataset",
    "Splits",
    "as_arrays",
    "class_labels",
    "from_pairs",
    "to_pairs",
    "vectorized_result",
]

N_PIXELS = 784
N_CLASSES = 10


# -- the label rule ---------------------------------------------------------------

def class_labels(labels, what="labels", n_classes=None, *, scalar=False):
    """``labels`` (1-D) as int64 class indices, or a ``ValueError`` naming the first bad one.

    Float labels that are whole numbers (``2.0``, as a ``y.tolist()`` of floats gives) are
    accepted; anything that would need rounding, a sign or a cast to mean a class is not.

    Parameters
    ----------
    labels : array_like of shape (n,)
    what : str, default "labels"
        How the message names them.
    n_classes : int, optional
        Labels must be below it; without it, any whole number >= 0 is a label.
    scalar : bool, default False
        Name a bad label ``what`` rather than ``what[i]`` (for a single label).

    Returns
    -------
    ndarray of shape (n,), int64

    Examples
    --------
    >>> class_labels([3, 2.0]).tolist()
    [3, 2]
    >>> class_labels([4, 12], n_classes=10)
    Traceback (most recent call last):
    ...
    ValueError: labels[1] is 12; labels must be whole numbers 0..9
    """
    a = np.asarray(labels)
    if a.ndim != 1:
        raise ValueError(f"{what} has shape {a.shape}; expected one label per example, shape (n,)")
    n_classes = None if n_classes is None else _checks.whole(n_classes, "n_classes", minimum=1)

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


def _label(y, what, n_classes=None) -> int:
    """The class index a scalar label ``y`` stands for: ``2`` and ``2.0`` are 2; ``1.7``, ``-1``, ``True`` are refused."""
    return int(class_labels(np.asarray(y).reshape(1), what, n_classes, scalar=True)[0])


# -- the two forms ----------------------------------------------------------------

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
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "labels", class_labels(labels, "labels", N_CLASSES))

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
                    raise TypeError(f"{name} must be a Dataset or its arrays (X, labels); got {_kind(part)}")
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
        raise TypeError(f"expected a Dataset or the arrays (X, labels); got {_kind(data)}")
    X, labels = data.as_tuple() if isinstance(data, Dataset) else data
    labels = class_labels(labels, "labels", N_CLASSES if one_hot else None)  # int(2.7) would be 2, -1 one-hot row 9
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
        Naming the example, as :func:`as_arrays` does: an ``x`` of another shape or length
        than the first, non-finite pixels, a label that is not a digit (``1.7``, ``12``), a
        ``y`` that is neither a label nor one-hot.

    Examples
    --------
    >>> d = from_pairs([(np.zeros((784, 1)), 3), (np.ones(784), vectorized_result(5))])
    >>> d.X.shape, d.labels.tolist()
    ((2, 784), [3, 5])
    """
    X, Y = _from_pairs(pairs, None, N_CLASSES, np.float64)
    if not len(X):
        return Dataset(np.zeros((0, N_PIXELS)), np.zeros(0, dtype=np.int64))
    one_hot = (np.count_nonzero(Y, axis=1) == 1) & (Y.max(axis=1) == 1)
    if not one_hot.all():
        i = int(np.flatnonzero(~one_hot)[0])
        raise ValueError(f"target y of example {i} is not one-hot; a Dataset holds labels, so each y "
                         f"must be a label or a one-hot (10, 1) column")
    return Dataset(X, np.argmax(Y, axis=1))


# -- any form to arrays -----------------------------------------------------------

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
    return _from_pairs(data, n_in, n_out, dtype)


def _from_pairs(data, n_in, n_out, dtype):
    """The book's pairs (any iterable of them) as arrays ``X`` and ``Y``: the one parser of pairs.

    The forms the book's loaders make (every ``x`` an array of one shape, every ``y`` an int
    label or an array of one shape, all finite) are converted in one copy per array; anything
    else example by example, naming the first that is wrong.
    """
    pairs = list(_iterate(data))  # a one-shot zip is read here, once
    if n_in is not None and n_out is not None:
        converted = _uniform_pairs(pairs, n_in, n_out, dtype)
        if converted is not None:
            return converted
    xs, ys = [], []  # ys: an int label or a 1-D target vector per example
    for i, pair in enumerate(pairs):
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


def _uniform_pairs(pairs, n_in, n_out, dtype):
    """The fast path of :func:`_from_pairs`: ``(X, Y)`` in one copy per array, or None."""
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
        Y = _one_hot_rows(class_labels(Y, "y", width), width, dtype)
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


def _iterate(data):
    """Iterate ``data``, or say that it is not a collection of examples."""
    if isinstance(data, (str, bytes, dict)) or not isinstance(data, Iterable):
        raise TypeError(f"expected examples: (X, y) arrays or (x, y) pairs; got {_kind(data)}")
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
    raise ValueError(f"example {i} is {_kind(pair)}, not a pair (x, y)")



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



def _kind(obj):
    """What ``obj`` is, for a message: "a list of length 3", "a str"."""
    if isinstance(obj, (tuple, list)):
        return f"a {type(obj).__name__} of length {len(obj)}"
    return f"a {type(obj).__name__}"
