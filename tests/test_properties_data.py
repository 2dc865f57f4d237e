"""Property-based tests of the class "data" (issue 21): every form ``nnadl.datasets.as_arrays`` accepts, and
near-misses of each (ragged, object arrays, complex pixels, NaN or infinite pixels, labels out of range,
fractional, bool or text labels, counts that disagree, not data at all), given to every entry point
that takes examples, ``Dataset`` and ``Splits`` included: one rule everywhere.

The contract: a valid form gives the documented result; a near-miss is refused with a ValueError (a
TypeError for what is not data at all) naming the data or the example at fault; never another
exception, never a RuntimeWarning or ComplexWarning.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from properties_support import call
from nnadl import baselines, datasets, expand, gradients, layers, network, network2, network3, training

N, D, K = 4, 4, 2  # examples, inputs, classes: the networks below are [4, 3, 2]
NAMES = ("X", "y", "labels", "example", "data", "training_data", "test_data", "x", "label", "training",
         "validation", "test", "examples", "X_train", "labels_train", "X_test", "labels_test", "pairs", "Y")


def _X(seed=0):
    return np.random.default_rng(seed).random((N, D))


def _y():
    return np.arange(N) % K


VALID = {
    "arrays_labels": lambda: (_X(), _y()),
    "arrays_one_hot": lambda: (_X(), np.eye(K)[_y()]),
    "float_labels": lambda: (_X(), _y().astype(float)),
    "lists": lambda: (_X().tolist(), _y().tolist()),
    "column_stack": lambda: (_X()[:, :, None], _y()),
    "pairs_labels": lambda: [(x.reshape(-1, 1), int(y)) for x, y in zip(_X(), _y())],
    "pairs_one_hot": lambda: [(x.reshape(-1, 1), np.eye(K)[y].reshape(-1, 1)) for x, y in zip(_X(), _y())],
    "pairs_flat": lambda: [(x, int(y)) for x, y in zip(_X(), _y())],
    "zip": lambda: zip(list(_X()), list(_y())),
    "dataset": lambda: datasets.Dataset(_X(), _y()),
    "uint8_pixels": lambda: ((_X() * 255).astype(np.uint8) / 255.0, _y().astype(np.uint8)),
}


def _with(i, j, value):
    X = _X()
    X[i, j] = value
    return X, _y()


def _label_at(i, value):
    y = _y().astype(object if isinstance(value, str) else type(value) if isinstance(value, float) else np.int64)
    y[i] = value
    return _X(), y


def _pairs_with(i, x):
    pairs = [(row, int(y)) for row, y in zip(_X(), _y())]
    pairs[i] = (x, 0)
    return pairs


def _ragged(i):
    rows = [[0.1] * D for _ in range(N)]
    rows[i] = [0.1] * (D - 1)
    return rows, _y().tolist()


#: Each near-miss, with the bad example at index ``i``.
NEAR_MISSES = {
    "ragged_lists": _ragged,
    "object_array": lambda i: (np.array([None if k == i else np.zeros(D) for k in range(N)], dtype=object), _y()),
    "complex_pixels": lambda i: (_X() + 1j, _y()),
    "nan_pixel": lambda i: _with(i, 2, np.nan),
    "inf_pixel": lambda i: _with(i, 0, -np.inf),
    "label_out_of_range": lambda i: _label_at(i, K),
    "negative_label": lambda i: _label_at(i, -1),
    "fractional_label": lambda i: _label_at(i, 1.7),
    "bool_labels": lambda i: (_X(), np.array([True, False, True, False])),
    "text_labels": lambda i: (_X(), np.array(["1", "0", "1", "0"])),
    "complex_labels": lambda i: (_X(), _y() + 0j),
    "huge_label": lambda i: _label_at(i, 1e20),
    "nan_label": lambda i: _label_at(i, float("nan")),
    "fewer_labels": lambda i: (_X(), np.delete(_y(), i)),
    "wrong_width": lambda i: (_X()[:, :-1], _y()),
    "three_d": lambda i: (_X().reshape(N, 2, 2), _y()),
    "one_hot_too_wide": lambda i: (_X(), np.eye(K + 1)[_y()]),
    "nan_target": lambda i: (_X(), np.where(np.arange(N)[:, None] == i, np.nan, np.eye(K)[_y()])),
    "pair_of_three": lambda i: [(x.reshape(-1, 1), int(y), 0) for x, y in zip(_X(), _y())],
    "pair_wrong_x": lambda i: _pairs_with(i, np.zeros(D + 1)),
    "pair_text_x": lambda i: _pairs_with(i, "abcd"),
    "pair_complex_x": lambda i: _pairs_with(i, np.zeros(D) + 1j),
    "single_array": lambda i: _X(),
    "none": lambda i: None,
    "number": lambda i: 3,
    "text": lambda i: "training data",
    "dict": lambda i: {"X": _X(), "y": _y()},
}


def _net1():
    return network.Network([D, 3, K], seed=0)


def _net2():
    return network2.Network([D, 3, K], seed=0)


def _conv():
    return network3.Network([layers.FullyConnectedLayer(D, 3, seed=0), layers.SoftmaxLayer(3, K, seed=0)],
                        mini_batch_size=2, seed=0)


def _pair(d):
    """(X, labels) from a form, for entry points that take the two apart: the pair itself, or the
    data as it stands (a near-miss that is not a pair stays one)."""
    if isinstance(d, tuple) and len(d) == 2:
        return d
    if isinstance(d, datasets.Dataset):
        return d.X, d.labels
    return d, None


ENTRY_POINTS = {
    "datasets.as_arrays": lambda d: datasets.as_arrays(d, D, K),
    "datasets.to_pairs": lambda d: datasets.to_pairs(d),
    "datasets.from_pairs": lambda d: datasets.from_pairs(d),
    "datasets.Dataset": lambda d: datasets.Dataset(*_pair(d)),
    "datasets.Splits": lambda d: datasets.Splits(d, datasets.Dataset(_X(), _y()), datasets.Dataset(_X(), _y())),
    "network.Network.SGD": lambda d: _net1().SGD(d, 1, 2, 0.5),
    "network.Network.evaluate": lambda d: _net1().evaluate(d),
    "network.Network.total_cost": lambda d: _net1().total_cost(d),
    "network2.Network.SGD": lambda d: _net2().SGD(d, 1, 2, 0.5, evaluation_data=(_X(), _y()),
                                                   monitor_evaluation_accuracy=True),
    "network2.Network.accuracy": lambda d: _net2().accuracy(d),
    "network2.Network.total_cost": lambda d: _net2().total_cost(d),
    "training.SGD(test_data)": lambda d: training.SGD(_net2(), (_X(), _y()), 1, 2, 0.5, test_data=d),
    "network3.Network.SGD": lambda d: _conv().SGD(d, 1, 2, 0.1),
    "network3.Network.evaluate": lambda d: _conv().evaluate(d),
    "baselines.avg_darknesses": lambda d: baselines.avg_darknesses(*_pair(d), n_classes=K),
    "baselines.average_darkness": lambda d: baselines.average_darkness(*_pair(d), _X(), _y()),
    "expand.expand": lambda d: expand.expand(*_pair(d), shifts=((1, 0),)),
    "gradients.layer_speeds": lambda d: gradients.layer_speeds(_net2(), *_pair(d)),
}

ARRAY_FORMS = {"arrays_labels", "float_labels", "lists", "dataset", "uint8_pixels"}
#: The forms an entry point takes, where it is not every form of as_arrays: the ones that take X and
#: labels apart take arrays; to_pairs makes pairs from arrays, from_pairs a Dataset from pairs.
VALID_FOR = {name: ARRAY_FORMS for name in ("datasets.Dataset", "datasets.Splits", "datasets.to_pairs", "baselines.avg_darknesses",
                                            "baselines.average_darkness", "expand.expand", "gradients.layer_speeds")}
VALID_FOR["datasets.from_pairs"] = {"pairs_labels", "pairs_flat", "zip"}
#: Near-misses that are valid for an entry point: a Dataset holds digits 0..9 of any width, so a label
#: of 2 or three pixels per image are not wrong there; expand takes any stack of square images.
DIGITS_ANY_WIDTH = {"label_out_of_range", "wrong_width"}
ALSO_VALID = {name: DIGITS_ANY_WIDTH for name in ("datasets.Dataset", "datasets.Splits", "datasets.to_pairs", "datasets.from_pairs",
                                                  "baselines.avg_darknesses")}
ALSO_VALID["expand.expand"] = {"three_d", "wrong_width", "label_out_of_range", "one_hot_too_wide"}
ALSO_VALID["baselines.average_darkness"] = {"label_out_of_range"}
ALSO_VALID["training.SGD(test_data)"] = {"none"}  # no test data: the default
NOT_DATA = {"none", "number", "text", "dict", "single_array"}


def _valid_for(entry, form):
    return form in VALID_FOR.get(entry, VALID)


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize("form", VALID)
def test_every_valid_form_everywhere(entry, form):
    if not _valid_for(entry, form):
        pytest.skip(f"{entry} takes X and labels apart, not {form}")
    outcome = call(ENTRY_POINTS[entry], VALID[form]())
    assert not outcome.refused, outcome


def _check_near_miss(entry, form, i=1):
    outcome = call(ENTRY_POINTS[entry], NEAR_MISSES[form](i))
    if form in ALSO_VALID.get(entry, ()):
        return
    assert outcome.refused, f"{entry} accepted {form}: {outcome}"
    e = outcome.error
    assert isinstance(e, (ValueError, TypeError)) and not isinstance(e, Warning), (
        f"{entry} on {form}: undocumented {type(e).__name__}: {e}")
    text = str(e)
    assert any(n in text for n in NAMES), f"{entry} on {form}: the message names no argument: {e}"
    if isinstance(e, TypeError):  # only for what is not data at all, or not the form this entry point takes
        assert form in NOT_DATA or (form.startswith("pair") and entry in VALID_FOR), f"{entry} on {form}: {e}"


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_every_near_miss_everywhere(entry):
    """Each entry point, each near-miss: the shrunk examples, always run."""
    failures = []
    for form in NEAR_MISSES:
        try:
            _check_near_miss(entry, form)
        except AssertionError as e:
            failures.append(str(e).splitlines()[0])
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@given(form=st.sampled_from(sorted(NEAR_MISSES)), i=st.integers(0, N - 1))
def test_near_misses_anywhere(entry, form, i):
    """The same, with the bad example anywhere in otherwise good data (first, last, between)."""
    _check_near_miss(entry, form, i)
