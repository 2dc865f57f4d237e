"""Run the book's experiments (:mod:`nnadl.experiments`) and read off their results the book's way.

:func:`run` trains (or fits) one experiment once, with one seed, through the same code a
reader uses: chapter 1's :meth:`nnadl.network.Network.SGD`, chapter 3's
:meth:`nnadl.network2.Network.SGD`, chapter 6's :meth:`nnadl.network3.Network.SGD`, the
baselines of :mod:`nnadl.baselines` and chapter 5's :func:`nnadl.gradients.layer_speeds`.
:func:`reproduce` runs it for several seeds and gathers what ``nnadl reproduce`` writes as
JSON (:func:`save`): the accuracy by the book's protocol for each seed, the learning
curves, the time, the machine and the code's commit.

The library prints nothing: progress comes through the ``on_epoch`` and ``on_batch``
callbacks, which the command line draws.

Examples
--------
>>> from nnadl.data import load_embedded
>>> from nnadl.experiments import get
>>> splits = load_embedded(seed=0)
>>> r = reproduce(get("ch1-network-30"), splits, seeds=[0], epochs=1, limit=500, data="embedded")
>>> r["name"], r["shortened"], len(r["curves"]["0"]["test"]), 0.1 < r["accuracy"][0] <= 1
('ch1-network-30@1-epoch,500-images', True, 1, True)
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable

import numpy as np

from . import _checks, baselines, gradients, network, network2, network3
from ._files import as_path, replacing
from .activations import relu, sigmoid
from .datasets import Splits
from .expand import expand
from .experiments import Experiment
from .layers import ConvPoolLayer, FullyConnectedLayer, SoftmaxLayer

__all__ = ["run", "reproduce", "project", "training_data", "build_network3", "save", "summary", "machine"]

#: The book's data: 50,000 training, 10,000 validation and 10,000 test images.
FULL_MNIST = (50_000, 10_000, 10_000)


def _count(value, name):
    """``epochs`` or ``limit``: None (the book's), or a whole number >= 1 by the number rule."""
    return None if value is None else _checks.whole(value, name, minimum=1)


def training_data(exp: Experiment, splits: Splits, limit=None):
    """The training images ``exp`` trains on: the first ``n_train`` (at most ``limit``), expanded if it says so.

    Returns
    -------
    (X, labels) : ndarray of shape (n, 784), ndarray of shape (n,)
    """
    limit = _count(limit, "limit")
    n = exp.n_train if limit is None else min(exp.n_train, limit)
    train = splits.training[:n]
    if not exp.expanded:
        return train.X, train.labels
    # expand_mnist.py: each image and its four one-pixel shifts, shuffled (seeded: same data every run)
    return expand(train.X, train.labels, seed=0)


def build_network3(exp: Experiment, seed):
    """``exp``'s convolutional network, built as the book builds it for ``network3.py``."""
    act = relu if exp.activation == "relu" else sigmoid
    mb = exp.mini_batch_size
    layers, maps_in, side = [], 1, 28
    for maps, f, p in exp.conv:
        layers.append(ConvPoolLayer((maps, maps_in, f, f), (mb, maps_in, side, side), (p, p), activation_fn=act))
        maps_in, side = maps, (side - f + 1) // p
    n_in = exp.sizes[0]
    for n_out in exp.sizes[1:-1]:
        layers.append(FullyConnectedLayer(n_in, n_out, activation_fn=act, p_dropout=exp.dropout))
        n_in = n_out
    layers.append(SoftmaxLayer(n_in, exp.sizes[-1], p_dropout=exp.dropout))
    return network3.Network(layers, mb, seed=seed, dtype=np.dtype(exp.dtype))


def _read_off(exp: Experiment, curves):
    """The number the book reports, read off a run's learning curves by its protocol."""
    test, validation = curves.get("test", []), curves.get("validation", [])
    if exp.protocol == "best_test":
        return max(test)
    if exp.protocol == "final_test":
        return test[-1]
    if exp.protocol == "final_validation":
        return validation[-1]
    if exp.protocol == "first_validation":
        return validation[0]
    if exp.protocol == "test_at_best_validation":  # network3's rule: the last epoch on a tie
        best = max(range(len(validation)), key=lambda j: (validation[j], j))
        return test[best]
    raise ValueError(f"{exp.name}: protocol {exp.protocol!r} has no learning curve")


def _history_curves(history):
    curves = {}
    if history.evaluation_accuracy:
        curves["validation"] = list(history.evaluation_accuracy)
    if history.test_accuracy:
        curves["test"] = list(history.test_accuracy)
    return curves


def run(exp: Experiment, splits: Splits, seed=0, *, epochs=None, limit=None,
        on_epoch: Callable[[int, dict], None] | None = None,
        on_batch: Callable[[int, int, int], None] | None = None) -> dict:
    """Run ``exp`` once with ``seed``; return its result by the book's protocol.

    Parameters
    ----------
    exp : Experiment
    splits : Splits
        Training, validation and test data (the full MNIST for the book's numbers).
    seed : int
        Seeds the initial weights, the shuffling and the dropout masks.
    epochs : int, optional
        Fewer epochs than the book's (a shortened run); default the book's.
    limit : int, optional
        Train on at most this many of the training images (before any expansion).
    on_epoch : callable(epoch, curves), optional
        Called after every epoch with the learning curves so far.
    on_batch : callable(epoch, done, n), optional
        Called after every mini-batch.

    Returns
    -------
    dict
        ``accuracy`` (the book's protocol; None for speeds), ``values`` (the speeds, or
        None), ``curves`` (``{"test": [...], "validation": [...]}`` where measured),
        ``seconds``.
    """
    seed = _checks.whole(seed, "seed", minimum=0)  # members of an ensemble take seed + k
    epochs = _count(epochs, "epochs") or exp.epochs
    start = time.perf_counter()
    X, labels = training_data(exp, splits, limit)
    test, validation = splits.test.as_tuple(), splits.validation.as_tuple()
    result = {"accuracy": None, "values": None, "curves": {}}
    if exp.model == "network":
        result["curves"] = _run_network(exp, seed, (X, labels), test, epochs, on_epoch)
    elif exp.model == "network2":
        result["curves"] = _run_network2(exp, seed, (X, labels), validation, test, epochs, on_epoch, on_batch)
    elif exp.model == "network3" and exp.ensemble:
        nets = []
        for k in range(exp.ensemble):  # the members train one after another, each with its own seed
            nets.append(build_network3(exp, seed + k))
            history = _train_network3(nets[-1], exp, (X, labels), validation, test, epochs, on_epoch, on_batch)
            result["curves"][f"member {k}"] = _history_curves(history)
        result["accuracy"] = float(network3.Ensemble(nets).accuracy(test))
    elif exp.model == "network3":
        history = _train_network3(build_network3(exp, seed), exp, (X, labels), validation, test, epochs,
                                  on_epoch, on_batch)
        result["curves"] = _history_curves(history)
    elif exp.model == "darkness":
        on = test if exp.evaluate_on == "test" else validation
        result["accuracy"] = float(baselines.average_darkness(X, labels, *on))
    elif exp.model == "svm":
        predicted = _svm_predictions(X, labels, validation[0], test[0])
        on = test if exp.evaluate_on == "test" else validation
        result["accuracy"] = float(np.mean(predicted[exp.evaluate_on] == on[1]))
    elif exp.model == "speeds":
        net = network2.Network(exp.sizes, exp.cost, weight_init=exp.init, seed=seed)
        n = min(1000, len(labels))  # generate_gradient.py: the first 1,000 training images
        result["values"] = [float(s) for s in gradients.layer_speeds(net, X[:n], labels[:n])]
    else:
        raise ValueError(f"{exp.name}: unknown model {exp.model!r}")
    if result["curves"] and not exp.ensemble:
        result["accuracy"] = float(_read_off(exp, result["curves"]))
    result["seconds"] = round(time.perf_counter() - start, 2)
    return result


_SVM_PREDICTIONS = {}


def _svm_predictions(X, labels, X_validation, X_test):
    """The book's SVM, fitted once per training set and process, predicting validation and test.

    Chapter 1 measures it on the test images, chapter 3 on the validation images, both trained
    on the same 50,000: ``nnadl reproduce`` fits once for both when they run in one process.
    """
    key = tuple(hash(a.tobytes()) for a in (X, labels, X_validation, X_test))
    if key not in _SVM_PREDICTIONS:
        both = np.concatenate([X_validation, X_test])
        # the default SVC of the book's time: gamma = 1 / (number of pixels)
        _, predicted = baselines.svm(X, labels, both, np.zeros(len(both), dtype=int), gamma="auto",
                                     return_predictions=True)
        _SVM_PREDICTIONS.clear()  # one training set at a time: the predictions are 20,000 labels
        _SVM_PREDICTIONS[key] = {"validation": predicted[:len(X_validation)], "test": predicted[len(X_validation):]}
    return _SVM_PREDICTIONS[key]


def _train_network3(net, exp, train, validation, test, epochs, on_epoch, on_batch):
    return net.SGD(train, epochs, exp.mini_batch_size, exp.eta, validation, test, lmbda=_network3_lmbda(exp),
                   on_batch=on_batch,
                   callback=None if on_epoch is None else lambda j, h: on_epoch(j, _history_curves(h)))


def _run_network(exp, seed, train, test, epochs, on_epoch):
    net = network.Network(list(exp.sizes), seed=seed)
    curves = {"test": []}
    for j in range(epochs):  # one epoch per call: the same run as SGD(..., epochs, ...), drawn as it goes
        (correct,) = net.SGD(train, 1, exp.mini_batch_size, exp.eta, test_data=test)
        curves["test"].append(correct / len(test[1]))
        if on_epoch is not None:
            on_epoch(j, {"test": list(curves["test"])})
    return curves


def _run_network2(exp, seed, train, validation, test, epochs, on_epoch, on_batch):
    net = network2.Network(list(exp.sizes), exp.cost, weight_init=exp.init, seed=seed, dtype=np.dtype(exp.dtype))
    evaluation = validation if exp.evaluate_on == "validation" else test
    history = net.SGD(train, epochs, exp.mini_batch_size, exp.eta,
                      test_data=test if exp.evaluate_on == "validation" else None,
                      lmbda=exp.lmbda, evaluation_data=evaluation, monitor_evaluation_accuracy=True,
                      on_batch=on_batch,
                      callback=None if on_epoch is None else lambda j, h: on_epoch(j, _curves2(exp, h)))
    return _curves2(exp, history)


def _curves2(exp, history):
    if exp.evaluate_on == "validation":
        return {"validation": list(history.evaluation_accuracy), "test": list(history.test_accuracy)}
    return {"test": list(history.evaluation_accuracy)}


def _network3_lmbda(exp):
    """network3's lambda in network2's convention.

    network3 adds ``0.5 * lmbda * sum(w**2) / num_training_batches`` to the mean cost of a
    mini-batch, so each step decays the weights by ``eta * lmbda / num_training_batches``;
    network2 (and :func:`nnadl.training.update`) decays them by ``eta * lmbda / n``. With
    ``num_training_batches = n / mini_batch_size`` the same step needs ``lmbda * mini_batch_size``.
    """
    return exp.lmbda * exp.mini_batch_size


def reproduce(exp: Experiment, splits: Splits, seeds=None, *, epochs=None, limit=None, data="mnist",
              on_run: Callable[[int, dict], None] | None = None, **callbacks) -> dict:
    """Run ``exp`` for each seed; return the record ``nnadl reproduce`` writes.

    Parameters
    ----------
    exp : Experiment
    splits : Splits
    seeds : sequence of int, optional
        Default ``range(exp.runs)``.
    epochs, limit
        As :func:`run`. A run with fewer epochs or fewer images than the book's is
        *shortened*: its record is named ``NAME@N-epochs`` (or ``NAME@N-images``), never the
        book's name.
    data : str
        What ``splits`` is, for the record: ``"mnist"`` whenever ``splits`` has the full
        MNIST's sizes, ``"embedded"``, or else the sizes.
    on_run : callable(seed, result), optional
        Called after each seed's run.
    **callbacks
        ``on_epoch`` and ``on_batch`` of :func:`run`, given the seed first:
        ``on_epoch(seed, epoch, curves)``, ``on_batch(seed, epoch, done, n)``.

    Returns
    -------
    dict
        The JSON record (see ``reproductions/README.md``).
    """
    seeds = list(range(exp.runs) if seeds is None else seeds)
    epochs, limit = _count(epochs, "epochs"), _count(limit, "limit")
    data = _data_label(splits, data)
    name, shortened = exp.name, []
    if epochs is not None and epochs < exp.epochs:
        shortened.append(f"{epochs}-epoch" + ("s" if epochs != 1 else ""))
    else:
        epochs = None
    if limit is not None and limit < exp.n_train:
        shortened.append(f"{limit}-images")
    else:
        limit = None
    if shortened:
        name += "@" + ",".join(shortened)
    results = {}
    for seed in seeds:
        results[seed] = run(exp, splits, seed, epochs=epochs, limit=limit, **_given_seed(callbacks, seed))
        if on_run is not None:
            on_run(seed, results[seed])
    return _record(exp, name, bool(shortened), seeds, results, epochs, data)


def _given_seed(callbacks, seed):
    """``reproduce``'s callbacks, which take the seed first, as :func:`run`'s for one seed."""
    return {k: (lambda *a, _f=f: _f(seed, *a)) for k, f in callbacks.items() if f is not None}


def _data_label(splits, data):
    sizes = tuple(len(s) for s in splits)
    if sizes == FULL_MNIST:
        return "mnist"  # from the cache, a directory or the book's pickle: the same images
    return data if data == "embedded" else f"{sizes[0]}/{sizes[1]}/{sizes[2]} images"


def _record(exp, name, shortened, seeds, results, epochs, data):
    accuracy = [results[s]["accuracy"] for s in seeds]
    record = {
        "name": name,
        "status": "shortened" if shortened else "run",
        "experiment": exp.name,
        "chapter": exp.chapter,
        "section": exp.section,
        "title": exp.title,
        "shortened": shortened,
        "book_accuracy": exp.book_accuracy,
        "book_protocol": exp.book_protocol,
        "metric": exp.metric,
        "protocol": exp.protocol,
        "config": _config(exp),
        "seeds": seeds,
        "accuracy": accuracy,
        "epochs": exp.epochs if epochs is None else epochs,
        "data": data,
        "seconds": [results[s]["seconds"] for s in seeds],
        "curves": {str(s): results[s]["curves"] for s in seeds},
    }
    if seeds and exp.model == "speeds":
        values = np.array([results[s]["values"] for s in seeds])
        record["book_values"] = list(exp.book)
        record["values"] = values.tolist()
        record["mean_values"] = [round(float(v), 6) for v in values.mean(axis=0)]
    elif seeds:
        record.update(summary(accuracy))
    record["note"] = exp.note
    record["explanation"] = exp.explanation
    record["machine"] = machine()
    record["commit"] = _commit()
    record["date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return record


def project(exp: Experiment, splits: Splits, seed=0, *, limit=None, data="mnist", **callbacks) -> dict:
    """Time one epoch of ``exp`` and project a whole run from it, for a run too long to make here.

    ``limit`` as in :func:`run` (the projection is then of the smaller run, and named so).
    The record says ``"status": "projected"`` and holds no accuracy under the book's name:
    ``seconds_per_epoch`` is measured (one epoch of the book's configuration, including the
    evaluation that follows it), and ``projected_seconds`` is that times the book's epochs
    (times the members of an ensemble). The one epoch's learning curves are kept, labelled.

    Examples
    --------
    >>> from nnadl.data import load_embedded
    >>> from nnadl.experiments import get
    >>> p = project(get("ch3-l2-100"), load_embedded(0), data="embedded")
    >>> p["status"], p["accuracy"], abs(p["projected_seconds"] - 30 * p["seconds_per_epoch"]) < 0.1
    ('projected', [], True)
    """
    # An ensemble's members cost the same: time one, for one epoch (read off as a member is).
    member = replace(exp, ensemble=0, protocol="test_at_best_validation") if exp.ensemble else exp
    one = run(member, splits, seed, epochs=1, limit=limit, **_given_seed(callbacks, seed))
    per_epoch = one["seconds"]
    name = exp.name if limit is None or limit >= exp.n_train else f"{exp.name}@{limit}-images"
    record = _record(exp, name, name != exp.name, [], {}, None, _data_label(splits, data))
    record.update(status="projected", seconds_per_epoch=per_epoch,
                  projected_seconds=round(per_epoch * exp.epochs * max(exp.ensemble, 1), 1),
                  measured={"seed": seed, "epochs": 1, "seconds": one["seconds"], "curves": one["curves"]})
    return record


def summary(accuracy) -> dict:
    """``mean``, ``spread`` (best minus worst) and ``best`` of one accuracy per seed.

    Examples
    --------
    >>> summary([0.95, 0.9542, 0.951])
    {'mean': 0.951733, 'spread': 0.0042, 'best': 0.9542}
    """
    a = np.array(accuracy, dtype=float)
    return {"mean": round(float(a.mean()), 6), "spread": round(float(a.max() - a.min()), 6),
            "best": round(float(a.max()), 6)}


def _config(exp: Experiment) -> dict:
    keys = ["model", "sizes", "conv", "cost", "init", "activation", "eta", "lmbda", "mini_batch_size",
            "n_train", "dropout", "expanded", "dtype"]
    config = {k: getattr(exp, k) for k in keys}
    config["sizes"], config["conv"] = list(exp.sizes), [list(c) for c in exp.conv]
    config["training_images"] = exp.training_images
    return config


def machine() -> dict:
    """The machine a result was measured on: processor, cores, Python, numpy and its BLAS kernel."""
    info = {"platform": platform.platform(), "processor": _cpu_name(), "cores": os.cpu_count(),
            "python": platform.python_version(), "numpy": np.__version__}
    try:
        from threadpoolctl import threadpool_info
        blas = [p for p in threadpool_info() if p.get("user_api") == "blas"]
        if blas:
            info["blas"] = {k: blas[0].get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
    except ImportError:  # optional: the kernel is then not recorded
        pass
    return info


def _cpu_name():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def _commit():
    """The git commit of the nnadl source that ran, with ``+dirty`` for uncommitted changes; None outside git."""
    here = Path(__file__).resolve().parent
    try:
        head = subprocess.run(["git", "-C", str(here), "rev-parse", "HEAD"], capture_output=True, text=True,
                              timeout=10)
        if head.returncode:
            return None
        dirty = subprocess.run(["git", "-C", str(here), "status", "--porcelain", "--", "."], capture_output=True,
                               text=True, timeout=10).stdout.strip()
        return head.stdout.strip() + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return None


def save(record: dict, path) -> Path:
    """Write ``record`` as JSON to ``path`` (a new file appears whole, or not at all)."""
    path = as_path(path)
    with replacing(path) as tmp:
        tmp.write_text(json.dumps(record, indent=1) + "\n")
    return path
