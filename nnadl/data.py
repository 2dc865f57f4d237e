"""Handwritten digits: every name of the three data modules, in one place to import them from.

- :mod:`nnadl.datasets`: the forms of labelled data (:class:`Dataset`, :class:`Splits`, the
  book's pairs and the arrays, :func:`as_arrays`) and the one rule for what a label is;
- :mod:`nnadl.mnist_loader`: reading the embedded digits, the MNIST IDX files and the book's
  ``mnist.pkl.gz`` (:func:`load`, and the book's :func:`load_data_wrapper`);
- :mod:`nnadl.download`: fetching MNIST into a cache directory (:func:`download`).

Examples
--------
>>> from nnadl.data import load_embedded
>>> [len(d) for d in load_embedded()]
[3000, 1000, 1000]
"""

from .datasets import N_CLASSES, N_PIXELS, Dataset, Splits, as_arrays, class_labels, from_pairs, to_pairs, vectorized_result
from .download import CHECKSUMS, MIRRORS, DownloadError, download
from .mnist_loader import (
    EMBEDDED_SIZES,
    IDX_FILES,
    PICKLE_FILE,
    DataError,
    MissingDataError,
    default_cache_dir,
    embedded_path,
    load,
    load_data,
    load_data_wrapper,
    load_embedded,
    load_idx,
    load_pickle,
    read_idx,
)

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
    "EMBEDDED_SIZES",
    "N_CLASSES",
    "N_PIXELS",
    "as_arrays",
    "class_labels",
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
