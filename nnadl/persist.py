r"""Saving and loading networks: network2's JSON for fully connected networks, ``.npz`` for convolutional ones.

One module owns both formats. A fully connected network (:class:`nnadl.network2.Network`,
or chapter 1's :class:`nnadl.network.Network`) is saved as network2's JSON, which the book's
own code reads. A convolutional network (:class:`nnadl.conv.Network`) is saved as an ``.npz``
archive instead: network3 has no save format to be compatible with, and its weights do not
suit JSON (chapter 6's network has about 290,000 of them: some 6 MB of decimal text that takes
seconds to parse, against 2.3 MB of exact binary that loads at once).

A saved fully connected network is one JSON object::

    {"sizes": [784, 30, 10],
     "weights": [[[...], ...], ...],   # one (n_out, n_in) matrix per layer
     "biases": [[[...], ...], ...],    # one (n_out, 1) column per layer
     "cost": "QuadraticCost",          # the cost class's __name__, as network2 writes it
     "activation": "sigmoid"}          # nnadl only; "sigmoid" when absent

and, only for a network whose output layer has its own activation (chapter 3's softmax),
``"output_activation": "softmax"``, and for a float32 network ``"dtype": "float32"``.

Files written by the book's ``network2.py`` load as they are. JSON writes each float
with ``repr``, which reads back as the same float64, so a round trip is exact to the
last bit.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from . import costs
from ._files import as_path, replacing
from .conv import _LAYER_TYPES, ConvPoolLayer
from .conv import Network as ConvNetwork
from .network2 import Network

__all__ = ["save_network", "load_network", "save_conv", "load_conv"]

# A file may not declare more parameters than this: a few bytes of JSON could otherwise ask
# for any amount of memory before anything else about the file has been checked.
MAX_PARAMETERS = 10**9


def _cost_name(cost):
    return cost.__name__


def _cost_class(name, path, given=None):
    """The cost class whose ``__name__`` (or registry key) is ``name``: ``given`` if it is that
    class, else one of :data:`nnadl.costs.COSTS` (looked up now, so costs added later count)."""
    if given is not None:
        if name not in (given.__name__, getattr(given, "name", None)):
            raise ValueError(f"{path}: the network was saved with the cost {name!r}, not {given.__name__!r}")
        return given
    for key, cls in costs.COSTS.items():
        if name in (cls.__name__, key):
            return cls
    known = ", ".join(cls.__name__ for cls in costs.COSTS.values())
    raise ValueError(f"{path}: unknown cost {name!r}; expected one of: {known} "
                     f"(a cost of your own is loaded with load_network(path, cost=YourCost))")


# --8<-- [start:save-network]
def save_network(net: Network, path) -> Path:
    """Write ``net`` to ``path`` as JSON (network2's format plus ``"activation"``).

    The file is written to a temporary file in the same directory and renamed, so it
    is never left half-written.

    Parameters
    ----------
    net : Network
    path : str or Path

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
    >>> net = Network([2, 3, 1], seed=0)
    >>> p = save_network(net, Path(tempfile.mkdtemp()) / "net.json")
    >>> sorted(json.loads(p.read_text()))
    ['activation', 'biases', 'cost', 'sizes', 'weights']
    """
    path = as_path(path)
    params = [*net.weights, *net.biases]
    if not all(np.isfinite(p).all() for p in params):
        raise ValueError(f"cannot save to {path}: the network has NaN or infinite weights or biases")
    cost = net.cost
    data = {
        "sizes": [int(s) for s in net.sizes],
        "weights": [np.asarray(w, dtype=np.float64).tolist() for w in net.weights],
        "biases": [np.asarray(b, dtype=np.float64).tolist() for b in net.biases],
        "cost": _cost_name(cost),
        "activation": net.sigma[0].name,
    }
    if net.sigma[-1].name != net.sigma[0].name:  # chapter 3: e.g. a softmax output layer
        data["output_activation"] = net.sigma[-1].name
    if net.weights[0].dtype != np.float64:
        data["dtype"] = net.weights[0].dtype.name
    if getattr(net, "trained_on", None):  # what the command line trained it on (data source, split)
        data["trained_on"] = net.trained_on
    with replacing(path) as tmp:
        tmp.write_text(json.dumps(data, allow_nan=False), encoding="utf-8")
    return path
# --8<-- [end:save-network]


# --8<-- [start:load-network]
def load_network(path, cost=None) -> Network:
    """Read a network saved by :func:`save_network` or by the book's ``network2.py``.

    Parameters
    ----------
    path : str or Path
    cost : cost class, optional
        The cost of a network trained with a cost of your own: a file names its cost only by its
        class name, and only the costs of :mod:`nnadl.costs` are known by name. It must have the
        name the file gives.

    Returns
    -------
    Network
        Weights and biases as float64 arrays of shapes ``(n_out, n_in)`` and ``(n_out, 1)``.

    Raises
    ------
    FileNotFoundError
        If there is no such file.
    ValueError
        Not JSON, a missing key, shapes that disagree with ``"sizes"``, an unknown cost or
        activation; the message names the file and the problem.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "net.json"
    >>> net = Network([2, 3, 1], seed=0)
    >>> copy = load_network(save_network(net, p))
    >>> all(np.array_equal(a, b) for a, b in zip(net.weights, copy.weights))
    True
    >>> _ = p.write_text('{"sizes": [2, 1]}')
    >>> load_network(p)  # doctest: +ELLIPSIS
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
    options = {"activation": data.get("activation", "sigmoid"), "dtype": np.dtype(dtype)}
    if "output_activation" in data:
        options["output_activation"] = data["output_activation"]
    try:
        net = Network(sizes, cost=_cost_class(data["cost"], path, cost), **options)
    except ValueError as e:
        raise ValueError(f"{path}: {e}") from None
    net.weights = [w.astype(net.dtype) for w in weights]
    net.biases = [b.astype(net.dtype) for b in biases]
    trained_on = data.get("trained_on")
    if trained_on is not None:
        if not isinstance(trained_on, dict):
            raise ValueError(f"{path}: 'trained_on' must be a JSON object; got {trained_on!r}")
        net.trained_on = trained_on
    return net
# --8<-- [end:load-network]


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


# --8<-- [start:save-conv]
def save_conv(net: ConvNetwork, path) -> Path:
    """Write the convolutional network ``net`` to ``path`` as one ``.npz`` archive, atomically.

    The archive holds a JSON description of the layers (``spec``) and the arrays
    ``w0, b0, w1, b1, ...``. It is written to a temporary file in the same directory, then
    renamed, so an interrupted save never leaves a half-written file.

    Examples
    --------
    >>> import tempfile
    >>> from nnadl.conv import FullyConnectedLayer, SoftmaxLayer
    >>> net = ConvNetwork([FullyConnectedLayer(4, 3), SoftmaxLayer(3, 2)], seed=0)
    >>> copy = load_conv(save_conv(net, Path(tempfile.mkdtemp()) / "net.npz"))
    >>> all(np.array_equal(p, q) for p, q in zip(net.params, copy.params))
    True
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


def load_conv(path) -> ConvNetwork:
    """Load a convolutional network saved by :func:`save_conv`.

    Every layer's declared size is checked against the arrays the file holds before any layer
    is built, so a small file cannot ask for more memory than it describes.

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
    >>> load_conv(bad)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: .../bad.npz: not a saved network (not an .npz archive)
    """
    path = as_path(path)

    def bad(problem):
        return ValueError(f"{path}: {problem}")

    arrays, spec = _read_npz(path, bad)
    layers = []
    for i, ls in enumerate(spec["layers"]):
        for name, shape in zip(("w", "b"), _declared_shapes(ls)):  # before the layer is built
            key = f"{name}{i}"
            if key not in arrays:
                raise bad(f"missing parameter array {key!r} (layer {i + 1})")
            if shape is not None and arrays[key].shape != shape:
                raise bad(f"parameter {key!r} (layer {i + 1}) has shape {arrays[key].shape}; "
                          f"the layer's spec declares {shape}")
        kwargs = {k: v for k, v in ls.items() if k != "type"}
        try:
            layers.append(_LAYER_TYPES[ls["type"]](**kwargs, seed=0))
        except (TypeError, ValueError, OverflowError) as e:
            raise bad(f"layer {i + 1} ({ls['type']}): {e}") from None
    try:
        net = ConvNetwork(layers, spec.get("mini_batch_size", 10), dtype=spec.get("dtype", "float64"))
    except (TypeError, ValueError) as e:
        raise bad(str(e)) from None
    for i, layer in enumerate(net.layers):
        for name in ("w", "b"):
            key = f"{name}{i}"
            value = arrays[key]
            expected = getattr(layer, name)
            if value.shape != expected.shape or value.dtype != expected.dtype:
                raise bad(
                    f"parameter {key!r} (layer {i + 1}) has shape {value.shape} and dtype {value.dtype}; "
                    f"expected {expected.shape} and {expected.dtype}"
                )
            if not np.isfinite(value).all():
                raise bad(f"parameter {key!r} (layer {i + 1}) holds NaN or inf")
            setattr(layer, name, np.array(value))
    return net


def _read_npz(path, bad):
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
        raise bad("no 'spec' entry: not saved by nnadl.persist.save_conv")
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
        if not isinstance(ls, dict) or ls.get("type") not in _LAYER_TYPES:
            kind = ls.get("type") if isinstance(ls, dict) else ls
            raise bad(f"layer {i + 1} has unknown type {kind!r}; expected one of {', '.join(_LAYER_TYPES)}")
    return arrays, spec


def _declared_shapes(layer_spec):
    """The shapes of ``w`` and ``b`` that a layer's spec declares, from the spec alone (None where it cannot tell)."""
    try:
        if layer_spec["type"] == ConvPoolLayer.__name__:
            shape = tuple(int(v) for v in layer_spec["filter_shape"])
            return shape, (shape[0],)
        n_in, n_out = int(layer_spec["n_in"]), int(layer_spec["n_out"])
        return (n_out, n_in), (n_out,)
    except (KeyError, TypeError, ValueError, IndexError, OverflowError):
        return None, None
