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

from . import datasets, mnist_loader
from . import download as downloading
from .datasets import *  # noqa: F403 (this module only hands these names on)
from .download import *  # noqa: F403
from .mnist_loader import *  # noqa: F403

__all__ = list(dict.fromkeys([*datasets.__all__, *mnist_loader.__all__, *downloading.__all__]))
