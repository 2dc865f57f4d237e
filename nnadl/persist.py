"""Saving and loading networks, under the names they have always had here.

The file formats are :mod:`nnadl.formats`; each network module builds its own network from what
a file records, as the book's ``network2.load`` does. This module hands those functions on:

- :func:`save_network` and :func:`load_network` (:func:`nnadl.network2.load`): network2's JSON,
  for fully connected networks;
- :func:`save_conv` and :func:`load_conv` (:func:`nnadl.network3.load`): an ``.npz`` archive, for
  convolutional ones.

Examples
--------
>>> import os, tempfile
>>> from nnadl.network2 import Network
>>> path = save_network(Network([2, 3, 1], seed=0), os.path.join(tempfile.mkdtemp(), "net.json"))
>>> load_network(path).sizes
[2, 3, 1]
"""

from .formats import save_conv, save_network
from .network2 import load as load_network
from .network3 import load as load_conv

__all__ = ["save_network", "load_network", "save_conv", "load_conv"]
