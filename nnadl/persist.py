r"""Saving and loading networks as JSON, in the format of the book's ``network2.py``.

A saved network is one JSON object::

    {"sizes": [784, 30, 10],
     "weights": [[[...], ...], ...],   # one (n_out, n_in) matrix per layer
     "biases": [[[...], ...], ...],    # one (n_out, 1) column per layer
     "cost": "QuadraticCost",          # the cost class's __name__, as network2 writes it
     "activation": "sigmoid"}          # nnadl only; "sigmoid" when absent

and, only for a network whose output layer has its own activation (chapter 3's softmax),
``"output_activation": "softmax"``.

Files written by the book's ``network2.py`` load as they are. JSON writes each float
with ``repr``, which reads back as the same float64, so a round trip is exact to the
last bit.
"""

from __future__ import annotations

import json
from pathlib import Path

from ._files import replacing

import numpy as np

from . import costs
from .network import Network

__all__ = ["save_network", "load_network"]


def _cost_name(cost):
    return cost.__name__


def _cost_class(name, path):
    """The cost class whose ``__name__`` (or registry key) is ``name``; looked up now, so costs added later count."""
    for key, cls in costs.COSTS.items():
        if name in (cls.__name__, key):
            return cls
    known = ", ".join(cls.__name__ for cls in costs.COSTS.values())
    raise ValueError(f"{path}: unknown cost {name!r}; expected one of: {known}")


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
    path = Path(path)
    params = [*net.weights, *net.biases]
    if not all(np.isfinite(p).all() for p in params):
        raise ValueError(f"cannot save to {path}: the network has NaN or infinite weights or biases")
    data = {
        "sizes": [int(s) for s in net.sizes],
        "weights": [np.asarray(w, dtype=np.float64).tolist() for w in net.weights],
        "biases": [np.asarray(b, dtype=np.float64).tolist() for b in net.biases],
        "cost": _cost_name(net.cost),
        "activation": net.activation.name,
    }
    output = net.output_activation  # chapter 3: e.g. a softmax output layer; else the hidden activation
    if output.name != net.activation.name:
        data["output_activation"] = output.name
    with replacing(path) as tmp:
        tmp.write_text(json.dumps(data, allow_nan=False), encoding="utf-8")
    return path
# --8<-- [end:save-network]


# --8<-- [start:load-network]
def load_network(path) -> Network:
    """Read a network saved by :func:`save_network` or by the book's ``network2.py``.

    Parameters
    ----------
    path : str or Path

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
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not a saved network (not UTF-8 text)") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ValueError(f"{path}: not a saved network (invalid JSON: {e})") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a saved network (expected a JSON object, got {type(data).__name__})")
    for key in ("sizes", "weights", "biases", "cost"):
        if key not in data:
            raise ValueError(f"{path}: missing key {key!r} (a saved network has sizes, weights, biases and cost)")
    sizes = data["sizes"]
    if (not isinstance(sizes, list) or len(sizes) < 2
            or not all(isinstance(s, int) and not isinstance(s, bool) and s > 0 for s in sizes)):
        raise ValueError(f"{path}: 'sizes' must be a list of at least two positive integers; got {sizes!r}")
    if not isinstance(data["cost"], str):
        raise ValueError(f"{path}: 'cost' must be a class name such as 'QuadraticCost'; got {data['cost']!r}")
    cost = _cost_class(data["cost"], path)
    options = {"activation": data.get("activation", "sigmoid")}
    if "output_activation" in data:
        options["output_activation"] = data["output_activation"]
    try:
        net = Network(sizes, cost=cost, **options)
    except ValueError as e:
        raise ValueError(f"{path}: {e}") from None
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
    net.weights = weights
    net.biases = biases
    return net
# --8<-- [end:load-network]


def _arrays(value, key, n, path):
    if not isinstance(value, list) or len(value) != n:
        got = f"{len(value)} entries" if isinstance(value, list) else type(value).__name__
        raise ValueError(f"{path}: {key!r} must be a list of {n} arrays, one per layer after the input; got {got}")
    out = []
    for i, v in enumerate(value):
        try:
            a = np.array(v, dtype=np.float64)
        except (ValueError, TypeError):
            raise ValueError(f"{path}: {key}[{i}] is not a rectangular array of numbers") from None
        if not np.isfinite(a).all():
            raise ValueError(f"{path}: {key}[{i}] contains NaN or infinite values")
        out.append(a)
    return out
