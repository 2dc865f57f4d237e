r"""The baselines of chapter 1: how well do simple ideas classify digits?

Three classifiers, each trained on ``X_train`` of shape ``(n, 784)`` with ``labels_train``
of shape ``(n,)`` and scored on test data of the same shapes:

- :func:`random_guessing`: a digit drawn uniformly at random, about 10% correct;
- :func:`average_darkness`: the book's ``mnist_average_darkness.py``. The darkness of an
  image is the sum of its pixels; each test image gets the digit whose average training
  darkness is nearest (about 22% on the book's test set);
- :func:`svm`: the book's ``mnist_svm.py``, scikit-learn's ``SVC()`` with its default
  settings (94.35% in the book with the scikit-learn of 2015; about 98% today, whose
  default ``gamma`` changed to ``"scale"``).

Each returns the fraction classified correctly, and the predictions if asked. Nothing
here prints, and scikit-learn is imported only when :func:`svm` runs.
"""

from __future__ import annotations

import numpy as np

from . import _checks
from .datasets import _finite, _numbers, class_labels

__all__ = ["avg_darknesses", "guess_digit", "average_darkness", "random_guessing", "svm"]


def _images(X, n, what="X"):
    X = _numbers(X, what)
    _finite(X, what)
    if X.ndim != 2 or len(X) != n:
        raise ValueError(f"{what} has shape {X.shape}; expected ({n}, n_pixels) to match the labels")
    return X


def _result(predictions, labels, return_predictions):
    fraction = float(np.mean(predictions == labels)) if len(labels) else 0.0
    return (fraction, predictions) if return_predictions else fraction


def random_guessing(labels_test, *, seed=0, n_classes=10, return_predictions=False):
    """Guess a digit uniformly at random for each test example.

    Parameters
    ----------
    labels_test : ndarray of shape (n,)
    seed : int, default 0
    n_classes : int, default 10
    return_predictions : bool, default False

    Returns
    -------
    float, or (float, ndarray of shape (n,))
        The fraction guessed correctly (about ``1 / n_classes``), and the guesses.

    Examples
    --------
    >>> labels = np.arange(10000) % 10
    >>> round(random_guessing(labels, seed=1), 1)
    0.1
    """
    n_classes = _checks.whole(n_classes, "n_classes", minimum=1, maximum=_checks.MAX_PARAMETERS)
    labels_test = class_labels(labels_test, "labels_test", n_classes)
    guesses = _checks.rng(seed).integers(0, n_classes, size=len(labels_test))
    return _result(guesses, labels_test, return_predictions)


# --8<-- [start:average_darkness]
def avg_darknesses(X_train, labels_train, n_classes=10):
    """The average darkness (sum of pixel values) of the training images of each digit.

    Parameters
    ----------
    X_train : ndarray of shape (n, n_pixels)
    labels_train : ndarray of shape (n,)
    n_classes : int, default 10

    Returns
    -------
    ndarray of shape (n_classes,)
        Entry ``d`` is the mean darkness of the images labelled ``d`` (NaN for a digit
        that never occurs, so it is never guessed).

    Examples
    --------
    >>> X = np.array([[0.0, 1.0], [1.0, 1.0], [0.0, 0.0]])
    >>> avg_darknesses(X, np.array([1, 1, 0]), n_classes=2).tolist()
    [0.0, 1.5]
    """
    n_classes = _checks.whole(n_classes, "n_classes", minimum=1, maximum=_checks.MAX_PARAMETERS)
    labels_train = class_labels(labels_train, "labels_train", n_classes)
    X_train = _images(X_train, len(labels_train), "X_train")
    darkness = X_train.sum(axis=1)
    totals = np.bincount(labels_train, weights=darkness, minlength=n_classes)
    counts = np.bincount(labels_train, minlength=n_classes)
    with np.errstate(invalid="ignore", divide="ignore"):
        return totals / counts


def guess_digit(image, avgs):
    """The digit whose average darkness is closest to the darkness of ``image``.

    Parameters
    ----------
    image : ndarray of shape (n_pixels,) or (n_pixels, 1)
    avgs : ndarray of shape (n_classes,)
        From :func:`avg_darknesses`.

    Returns
    -------
    int
        Ties go to the smaller digit, as in the book.

    Examples
    --------
    >>> guess_digit(np.array([0.5, 0.4]), np.array([0.0, 1.5]))
    1
    """
    distances = np.abs(np.asarray(avgs) - np.sum(image))
    return int(np.nanargmin(distances))


def average_darkness(X_train, labels_train, X_test, labels_test, *, return_predictions=False):
    """The book's average-darkness classifier, trained and scored in one call.

    Parameters
    ----------
    X_train : ndarray of shape (n, n_pixels)
    labels_train : ndarray of shape (n,)
    X_test : ndarray of shape (m, n_pixels)
    labels_test : ndarray of shape (m,)
    return_predictions : bool, default False

    Returns
    -------
    float, or (float, ndarray of shape (m,))
        The fraction of test images classified correctly, and the guesses.

    Examples
    --------
    >>> X = np.array([[0.0, 0.1], [0.9, 1.0], [0.1, 0.1], [1.0, 1.0]])
    >>> average_darkness(X[:2], np.array([0, 1]), X[2:], np.array([0, 1]))
    1.0
    """
    avgs = avg_darknesses(X_train, labels_train)
    labels_test = class_labels(labels_test, "labels_test")
    X_test = _images(X_test, len(labels_test), "X_test")
    if X_test.shape[1] != np.shape(X_train)[1]:
        raise ValueError(f"X_test has {X_test.shape[1]} pixels per image but X_train has {np.shape(X_train)[1]}")
    distances = np.abs(X_test.sum(axis=1)[:, None] - avgs[None, :])
    guesses = np.argmin(np.where(np.isnan(distances), np.inf, distances), axis=1)
    return _result(guesses, labels_test, return_predictions)
# --8<-- [end:average_darkness]


# --8<-- [start:svm]
def svm(X_train, labels_train, X_test, labels_test, *, return_predictions=False, **svc_params):
    """A support vector machine, scikit-learn's ``SVC()`` with default settings, as in ``mnist_svm.py``.

    Parameters
    ----------
    X_train : ndarray of shape (n, n_pixels)
    labels_train : ndarray of shape (n,)
    X_test : ndarray of shape (m, n_pixels)
    labels_test : ndarray of shape (m,)
    return_predictions : bool, default False
    **svc_params
        Passed to ``sklearn.svm.SVC`` (none, to match the book).

    Returns
    -------
    float, or (float, ndarray of shape (m,))

    Raises
    ------
    ImportError
        If scikit-learn is not installed, saying how to install it.

    Examples
    --------
    >>> X = np.array([[0.0, 0.0], [0.1, 0.0], [1.0, 1.0], [0.9, 1.0]])
    >>> svm(X, np.array([0, 0, 1, 1]), X, np.array([0, 0, 1, 1]))
    1.0
    """
    try:
        from sklearn.svm import SVC
    except ImportError:
        raise ImportError(
            "the SVM baseline needs scikit-learn: `pip install nnadl[docs]` or `pip install scikit-learn`"
        ) from None
    labels_train = class_labels(labels_train, "labels_train")
    labels_test = class_labels(labels_test, "labels_test")
    X_train = _images(X_train, len(labels_train), "X_train")
    X_test = _images(X_test, len(labels_test), "X_test")
    clf = SVC(**svc_params)
    clf.fit(X_train, labels_train)
    predictions = np.asarray(clf.predict(X_test))
    return _result(predictions, labels_test, return_predictions)
# --8<-- [end:svm]
