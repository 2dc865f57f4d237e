r"""The files saved networks are kept in: network2's JSON for fully connected networks, ``.npz`` for convolutional ones.

This module knows the two formats and nothing of the networks: :func:`save_network` and
:func:`save_conv` write what a network holds, :func:`read_network` and :func:`read_conv` read a
file back as what it records (checked), and each network module builds its own network from
that, as the book's ``network2.load`` does (:func:`nnadl.network2.load`,
:func:`nnadl.network3.load`). A fully connected network (:class:`nnadl.network2.Network`, or
chapter 1's :class:`nnadl.network.Network`) is saved as network2's JSON, which the book's own
code reads. A convolutional network (:class:`nnadl.network3.Network`) is saved as an ``.npz``
archive instead: network3 has no save format to be compatible with, and its weights do not
suit JSON (chapter 6's network has about 290,000 of them: some 6 MB of decimal text that takes
seconds to parse, against 2.3 MB of exact binary that loads at once).

A saved fully connected network is one JSON object::

    {"sizes": [784, 30, 10],
     "weights": [[[...], ...], ...],   # one (n_out, n_in) matrix per layer
     "biases": [[[...], ...], ...],    # one (n_out, 1) column per layer
     "cost": "QuadraticCost",          # the cost class's __name__, as network2 writes it
     "activation": "sigmoid"}          # nnadl only; "sigmoid" when absent

and, only where they apply: ``"output_activation": "softmax"`` for a network whose output
layer has its own activation (chapter 3's softmax), ``"dtype": "float32"`` for a float32
network, and ``"trained_on"``, what it was trained on, when the saver says so (``nnadl train``
records ``{"data": ..., "split_seed": ..., "training_examples": ...}``).

Files written by the book's ``network2.py`` load as they are. JSON writes each float
with ``repr``, which reads back as the same float64, so a round trip is exact to the
last bit.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

import numpy as np

from ._files import as_path, replacing

__all__ = ["CONV_LAYERS", "MAX_PARAMETERS", "SavedConv", "SavedNetwork", "read_conv", "read_network",
           "save_conv", "save_network"]

# A file may not declare more parameters than this: a few bytes of JSON could otherwise ask
# for any amount of memory before anything else about the file has been checked.
MAX_PARAMETERS = 10**9


class SavedNetwork(NamedTuple):
    """What a saved fully connected network's file records, as :func:`read_network` returns it."""

    path: Path
    sizes: list
    weights: list
    biases: list
    cost: str
    activation: str
    output_activation: str | None
    dtype: np.dtype
    trained_on: dict | None


# --8<-- [start:save-network]
def save_network(net, path, trained_on=None) -> Path:
    """Write ``net`` to ``path`` as JSON (network2's format plus ``"activation"``).

    Written to a temporary file in the same directory, then renamed: never left half-written.

    Parameters
    ----------
    net : nnadl.network2.Network or nnadl.network.Network
    path : str or Path
    trained_on : dict, optional
        What it was trained on (``nnadl train`` records the data and the split), kept as ``"trained_on"``.

    Returns
    -------
    Path

    Raises
    ------
    ValueError
        If a weight or bias is NaN or infinite (JSON has no such numbers).

    Examples
    --------
    >>> import tempfile
    >>> from nnadl.network2 import Network
    >>> net = Network([2, 3, 1], seed=0)
    >>> p = save_network(net, Path(tempfile.mkdtemp()) / "net.json")
    >>> sorted(json.loads(p.read_text()))
    ['activation', 'biases', 'cost', 'sizes', 'weights']
    """
    path = as_path(path)
    if not all(np.isfinite(p).all() for p in [*net.weights, *net.biases]):
        raise ValueError(f"cannot save to {path}: the network has NaN or infinite weights or biases")
    data = {
        "sizes": [int(s) for s in net.sizes],
        "weights": [np.asarray(w, dtype=np.float64).tolist() for w in net.weights],
        "biases": [np.asarray(b, dtype=np.float64).tolist() for b in net.biases],
        "cost": net.cost.__name__,  # as network2 writes it
        "activation": net.sigma[0].name,
    }
    if net.sigma[-1].name != net.sigma[0].name:  # chapter 3: e.g. a softmax output layer
        data["output_activation"] = net.sigma[-1].name
    if net.weights[0].dtype != np.float64:
        data["dtype"] = net.weights[0].dtype.name
    if trained_on:
        data["trained_on"] = dict(trained_on)
    with replacing(path) as tmp:
        tmp.write_text(json.dumps(data, allow_nan=False), encoding="utf-8")
    return path
# --8<-- [end:save-network]


def read_network(path) -> SavedNetwork:
    """What a file written by :func:`save_network` or by the book's ``network2.py`` records, checked.

    Every array is checked against the ``"sizes"`` the file declares before anything is built
    from it. :func:`nnadl.network2.load` builds the network.

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    SavedNetwork

    Raises
    ------
    FileNotFoundError
        If there is no such file.
    ValueError
        Not JSON, a missing key, shapes that disagree with ``"sizes"``, a ``"dtype"`` other than
        float64 or float32; the message names the file and the problem.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "net.json"
    >>> _ = p.write_text('{"sizes": [2, 1]}')
    >>> read_network(p)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: .../net.json: missing key 'weights' ...
    """
    path = as_path(path)
    data = _read_json(path)
    sizes = _sizes(data, path)
    weights, biases = _parameters(data, sizes, path)  # checked against sizes before anything is built
    dtype = data.get("dtype", "float64")
    if dtype not in ("float64", "float32"):
        raise ValueError(f"{path}: 'dtype' must be 'float64' or 'float32'; got {dtype!r}")
    trained_on = data.get("trained_on")
    if trained_on is not None and not isinstance(trained_on, dict):
        raise ValueError(f"{path}: 'trained_on' must be a JSON object; got {trained_on!r}")
    return SavedNetwork(path, sizes, weights, biases, data["cost"], data.get("activation", "sigmoid"),
                        data.get("output_activation"), np.dtype(dtype), trained_on)


def _read_json(path):
    """The JSON object in ``path`` with the keys every saved network has, or a ValueError naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not a saved network (not UTF-8 text)") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ValueError(f"{path}: not a saved network (invalid JSON: {e})") from None
    except RecursionError:
        raise ValueError(f"{path}: not a saved network (JSON nested too deeply to read)") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a saved network (expected a JSON object, got {type(data).__name__})")
    for key in ("sizes", "weights", "biases", "cost"):
        if key not in data:
            raise ValueError(f"{path}: missing key {key!r} (a saved network has sizes, weights, biases and cost)")
    if not isinstance(data["cost"], str):
        raise ValueError(f"{path}: 'cost' must be a class name such as 'QuadraticCost'; got {data['cost']!r}")
    return data


def _sizes(data, path):
    """The layer sizes a file declares, refused if they are not sizes or ask for too many parameters."""
    sizes = data["sizes"]
    if (not isinstance(sizes, list) or len(sizes) < 2
            or not all(isinstance(s, int) and not isinstance(s, bool) and s > 0 for s in sizes)):
        raise ValueError(f"{path}: 'sizes' must be a list of at least two positive integers; got {sizes!r}")
    if sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:])) > MAX_PARAMETERS:
        raise ValueError(f"{path}: 'sizes' {sizes} declares more than {MAX_PARAMETERS:,} parameters")
    return sizes


def _parameters(data, sizes, path):
    """The weights and biases a file holds, each checked against the shape ``sizes`` gives it."""
    n_layers = len(sizes) - 1
    weights = _arrays(data["weights"], "weights", n_layers, path)
    biases = _arrays(data["biases"], "biases", n_layers, path)
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        if weights[i].shape != (n_out, n_in):
            raise ValueError(
                f"{path}: weights[{i}] has shape {weights[i].shape}; sizes {sizes} need ({n_out}, {n_in})"
            )
        if biases[i].shape == (n_out,):
            biases[i] = biases[i].reshape(n_out, 1)
        if biases[i].shape != (n_out, 1):
            raise ValueError(f"{path}: biases[{i}] has shape {biases[i].shape}; sizes {sizes} need ({n_out}, 1)")
    return weights, biases


def _arrays(value, key, n, path):
    if not isinstance(value, list) or len(value) != n:
        got = f"{len(value)} entries" if isinstance(value, list) else type(value).__name__
        raise ValueError(f"{path}: {key!r} must be a list of {n} arrays, one per layer after the input; got {got}")
    out = []
    for i, v in enumerate(value):
        try:
            a = np.array(v, dtype=np.float64)
        except OverflowError:
            raise ValueError(f"{path}: {key}[{i}] holds a number too large for a float") from None
        except (ValueError, TypeError, RecursionError):
            raise ValueError(f"{path}: {key}[{i}] is not a rectangular array of numbers") from None
        if not np.isfinite(a).all():
            raise ValueError(f"{path}: {key}[{i}] contains NaN or infinite values")
        out.append(a)
    return out


class SavedConv(NamedTuple):
    """What a saved convolutional network's file records, as :func:`read_conv` returns it:
    ``spec`` (``mini_batch_size``, ``dtype`` and one dict of constructor arguments per layer)
    and ``params``, one ``{"w": w, "b": b}`` per layer (the archive's ``w0, b0, w1, b1, ...``)."""

    path: Path
    spec: dict
    params: list


#: The layer types a saved convolutional network may hold (:data:`nnadl.layers.LAYER_TYPES`).
CONV_LAYERS = ("ConvPoolLayer", "FullyConnectedLayer", "SoftmaxLayer")


# --8<-- [start:save-conv]
def save_conv(net, path) -> Path:
    """Write the convolutional network ``net`` to ``path`` as one ``.npz`` archive, atomically.

    The archive holds a JSON description of the layers (``spec``) and the arrays
    ``w0, b0, w1, b1, ...``. It is written to a temporary file in the same directory, then
    renamed, so an interrupted save never leaves a half-written file.

    Examples
    --------
    >>> import tempfile
    >>> from nnadl.network3 import FullyConnectedLayer, Network, SoftmaxLayer
    >>> net = Network([FullyConnectedLayer(4, 3), SoftmaxLayer(3, 2)], seed=0)
    >>> saved = read_conv(save_conv(net, Path(tempfile.mkdtemp()) / "net.npz"))
    >>> [layer["type"] for layer in saved.spec["layers"]], saved.params[0]["w"].shape
    (['FullyConnectedLayer', 'SoftmaxLayer'], (3, 4))
    """
    path = as_path(path)
    if not all(np.isfinite(p).all() for p in net.params):
        raise ValueError(f"cannot save to {path}: the network has NaN or infinite weights or biases")
    spec = {"format": "nnadl.conv.Network", "version": 1, "mini_batch_size": net.mini_batch_size,
            "dtype": net.dtype.name, "layers": [layer.spec() for layer in net.layers]}
    arrays = {"spec": np.array(json.dumps(spec))}
    for i, layer in enumerate(net.layers):
        arrays[f"w{i}"], arrays[f"b{i}"] = layer.w, layer.b
    with replacing(path) as tmp, open(tmp, "wb") as f:
        np.savez(f, **arrays)
    return path
# --8<-- [end:save-conv]


def read_conv(path, layer_types=CONV_LAYERS) -> SavedConv:
    """What a file written by :func:`save_conv` records: the layers' ``spec`` and the arrays, checked.

    Every layer's declared size is checked against the arrays the file holds, so a small file
    cannot ask for more memory than it describes. :func:`nnadl.network3.load` builds the network.

    Parameters
    ----------
    path : str or Path
    layer_types : collection of str
        The layer types a spec may name.

    Raises
    ------
    ValueError
        If the file is not such a network (not an ``.npz`` archive, no or malformed ``spec``,
        an unknown layer type, missing parameters or parameters of the wrong shape); the
        message names the file and the problem.
    FileNotFoundError
        If there is no such file.

    Examples
    --------
    >>> import tempfile, os
    >>> bad = os.path.join(tempfile.mkdtemp(), "bad.npz")
    >>> _ = open(bad, "w").write("not a network")
    >>> read_conv(bad)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: .../bad.npz: not a saved network (not an .npz archive)
    """
    path = as_path(path)

    def bad(problem):
        return ValueError(f"{path}: {problem}")

    arrays, spec = _read_npz(path, bad, layer_types)
    params = []
    for i, ls in enumerate(spec["layers"]):
        params.append({})
        for name, shape in zip(("w", "b"), _declared_shapes(ls)):
            key = f"{name}{i}"
            if key not in arrays:
                raise bad(f"missing parameter array {key!r} (layer {i + 1})")
            if shape is not None and arrays[key].shape != shape:
                raise bad(f"parameter {key!r} (layer {i + 1}) has shape {arrays[key].shape}; "
                          f"the layer's spec declares {shape}")
            if not np.isfinite(arrays[key]).all():
                raise bad(f"parameter {key!r} (layer {i + 1}) holds NaN or inf")
            params[i][name] = arrays[key]
    return SavedConv(path, spec, params)


def _read_npz(path, bad, layer_types):
    """The parameter arrays of a saved convolutional network and its ``spec``, checked to describe its layers."""
    try:
        archive = np.load(path, allow_pickle=False)
    except FileNotFoundError:
        raise
    except Exception:
        raise bad("not a saved network (not an .npz archive)") from None
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise bad("not a saved network (a single .npy array, not an .npz archive)")
    with archive:
        try:
            arrays = {k: archive[k] for k in archive.files}
        except Exception as e:
            raise bad(f"cannot read the archive ({e})") from None
    if "spec" not in arrays:
        raise bad("no 'spec' entry: not saved by nnadl.formats.save_conv")
    try:
        spec = json.loads(str(arrays["spec"]))
    except (json.JSONDecodeError, TypeError, RecursionError) as e:
        raise bad(f"'spec' is not valid JSON ({type(e).__name__})") from None
    if not isinstance(spec, dict) or spec.get("format") != "nnadl.conv.Network":
        raise bad("'spec' does not describe an nnadl.conv.Network")
    if spec.get("version") != 1:
        raise bad(f"unsupported format version {spec.get('version')!r}; this nnadl reads version 1")
    layer_specs = spec.get("layers")
    if not isinstance(layer_specs, list) or not layer_specs:
        raise bad("'spec' has no list of layers")
    for i, ls in enumerate(layer_specs):
        if not isinstance(ls, dict) or ls.get("type") not in layer_types:
            kind = ls.get("type") if isinstance(ls, dict) else ls
            raise bad(f"layer {i + 1} has unknown type {kind!r}; expected one of {', '.join(layer_types)}")
    return arrays, spec


def _declared_shapes(layer_spec):
    """The shapes of ``w`` and ``b`` that a layer's spec declares, from the spec alone (None where it cannot tell)."""
    try:
        if layer_spec["type"] == "ConvPoolLayer":
            shape = tuple(int(v) for v in layer_spec["filter_shape"])
            return shape, (shape[0],)
        n_in, n_out = int(layer_spec["n_in"]), int(layer_spec["n_out"])
        return (n_out, n_in), (n_out,)
    except (KeyError, TypeError, ValueError, IndexError, OverflowError):
        return None, None

