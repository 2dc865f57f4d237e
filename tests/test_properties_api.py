"""Property-based tests over the whole public API (issue 21): every callable in every
``nnadl.<module>.__all__`` is called with a valid set of arguments (tests/properties_support.py), then
with each of its number arguments replaced by members of the class "numbers": NaN, +-inf, complex, bool,
2.5 and 2.0 where a whole number is meant, negative, zero, huge, numpy scalars of every kind, strings
that look like numbers.

The contract: the call returns, or raises a documented exception (docs/reference.md, Errors) whose
message names the argument; never another exception type, never a RuntimeWarning. A whole-number
argument never accepts a value that is not a whole number, and no number argument accepts a string,
a complex number or a bool.
"""

import inspect
import math
import signal

import numpy as np
import pytest
from hypothesis import example, given

from properties_support import (BASELINES, DOCUMENTED, NAMED_NUMBERS, REEXPORTING, bad_numbers, call,
                                check_refusal, is_real, is_whole, public_callables)

PUBLIC = public_callables()

#: Plain records of results: they hold what they are given and check nothing, by design.
RECORDS = {"gradcheck.GradientTiming", "training.History", "network2.History", "network3.History",
           "training.Monitoring", "download.Found", "formats.SavedNetwork", "formats.SavedConv",
           "experiments.Experiment"}

#: Other names an error may give an argument (the data it stands for).
ALIASES = {"n": ("training_data",), "n_in": ("X",), "n_out": ("y",), "eta": ("learning rate",)}

#: Cases that break the contract and are left so on purpose: the steps SGD takes once per mini-batch
#: trust the numbers SGD checked before the first step (checking again costs ~3% of a small network's
#: step). Strict xfails: the test fails as soon as one of them keeps the contract, and its entry must go.
KNOWN = {
    "regularization.gradient": {"lmbda", "n"},
    "regularization.l1_update": {"eta", "lmbda", "n", "m"},
    "regularization.l2_update": {"eta", "lmbda", "n", "m"},
    "training.momentum_update": {"eta", "mu"},
    "training.monitor": {"epoch", "eta"},  # once per epoch; SGD checked both (they only label its records)
    "training.update": {"m", "eta", "lmbda", "n", "mu"},
}

#: Arguments whose documentation gives None a meaning although their default is a number.
NONE_MEANS_DEFAULT = {("plots.learning_curves", "markersize"),  # None: matplotlib's own size
                      ("bumps.step_weight", "w")}  # None: STEEPNESS * n_bumps

SLOW_SECONDS = 1  # a huge count may ask for hours of work: that is doing what was asked


def number_slots(known=True):
    """(callable, argument) for every number argument; ``known=False`` leaves out the KNOWN defects."""
    slots = []
    for name, fn in PUBLIC.items():
        if BASELINES[name] is None or name in RECORDS:
            continue
        for param, value in BASELINES[name]().items():
            if is_real(value):
                marks = []
                if param in KNOWN.get(name, ()):
                    if not known:
                        continue
                    marks = [pytest.mark.xfail(strict=True, reason=f"known defect: {name}({param}=...) breaks the contract")]
                slots.append(pytest.param(name, param, id=f"{name}-{param}", marks=marks))
    return slots


def _default(fn, param):
    try:
        p = inspect.signature(fn).parameters.get(param)
    except (TypeError, ValueError):
        return inspect.Parameter.empty
    return p.default if p is not None else inspect.Parameter.empty


class _Slow(Exception):
    pass


def _bounded_call(fn, kwargs):
    def alarm(signum, frame):
        raise _Slow()

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(SLOW_SECONDS)
    try:
        return call(fn, **kwargs)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _close_figures():
    import sys
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def test_every_public_callable_has_a_valid_call():
    """A name added to an ``__all__`` needs an entry in BASELINES, and so is covered from then on."""
    assert sorted(set(PUBLIC) - set(BASELINES)) == []
    assert sorted(set(BASELINES) - set(PUBLIC)) == []


@pytest.mark.parametrize("module", REEXPORTING)
def test_modules_that_hand_names_on_hold_nothing_untested(module):
    """``nnadl.data``, ``nnadl.conv`` and ``nnadl.persist`` only hand on names: each is one that is tried here."""
    import importlib

    mod = importlib.import_module(f"nnadl.{module}")
    tried = {id(obj) for obj in PUBLIC.values()}
    untried = [name for name in mod.__all__ if callable(getattr(mod, name)) and id(getattr(mod, name)) not in tried
               and not (isinstance(getattr(mod, name), type) and issubclass(getattr(mod, name), BaseException))]
    assert untried == []


@pytest.mark.parametrize("name", [n for n in PUBLIC if BASELINES[n] is not None])
def test_the_valid_call_returns(name, monkeypatch, tmp_path):
    monkeypatch.setenv("NNADL_DATA", str(tmp_path))
    outcome = call(PUBLIC[name], **BASELINES[name]())
    _close_figures()
    assert not outcome.refused, outcome


def _is_exact_whole(v):
    return is_whole(v) or (isinstance(v, (float, np.floating)) and math.isfinite(v) and float(v).is_integer())


@pytest.mark.parametrize("name, param", number_slots(known=False))
@given(value=bad_numbers())
def test_numbers(name, param, value):
    _check_number(name, param, value)


@pytest.mark.parametrize("name, param", number_slots())
def test_named_numbers(name, param):
    """Every named member of the class, always: the shrunk examples the property tests found."""
    failures = []
    for value in NAMED_NUMBERS:
        try:
            _check_number(name, param, value)
        except AssertionError as e:
            failures.append(f"{value!r}: {str(e).splitlines()[0]}")
    assert not failures, f"{len(failures)} of {len(NAMED_NUMBERS)} values break the contract:\n" + "\n".join(failures)


def _check_number(name, param, value):
    fn = PUBLIC[name]
    kwargs = BASELINES[name]()
    meant_whole = is_whole(kwargs[param])
    kwargs[param] = value
    outcome = _bounded_call(fn, kwargs)
    _close_figures()
    if isinstance(outcome.error, _Slow):
        assert isinstance(value, (int, float, np.integer, np.floating)) and abs(value) >= 100, (
            f"{name}({param}={value!r}) ran for more than {SLOW_SECONDS} s")
        return
    if outcome.refused:
        if isinstance(outcome.error, FloatingPointError):  # TrainingDiverged: names the epoch and eta
            assert "epoch" in str(outcome.error), outcome
            return
        if isinstance(outcome.error, RuntimeError) and name == "universality.approximate_to_accuracy":
            assert "no approximation within" in str(outcome.error), outcome  # documented: not found in time
            return
        check_refusal(outcome, (param, *ALIASES.get(param, ())), DOCUMENTED)
        return
    # Accepted: only a value that means what the argument means.
    assert not isinstance(value, (str, bytes, complex, np.complexfloating)), f"{name} accepted {param}={value!r}"
    assert not isinstance(value, (bool, np.bool_)), f"{name} accepted the bool {param}={value!r}"
    if value is None:  # a seed of None draws fresh entropy, as numpy's does; NONE_MEANS_DEFAULT documents it
        assert param == "seed" or _default(fn, param) is None or (name, param) in NONE_MEANS_DEFAULT, (
            f"{name} accepted {param}=None")
    if meant_whole and value is not None:
        assert _is_exact_whole(value), f"{name} took {param}={value!r} for a whole number"


@pytest.mark.parametrize("name, param, value", [
    ("layers.SoftmaxLayer", "n_in", 201389828),  # 3 GB of weights: was a MemoryError
    ("datasets.as_arrays", "n_out", 67194762),  # 3 GB of one-hot targets: was a MemoryError
    ("datasets.as_arrays", "n_out", 1),  # labels 0 and 1 with one output: refused, naming y
    ("datasets.vectorized_result", "j", np.float16(0.0)),  # compared with 2**53 in float16: RuntimeWarning
    ("universality.build_fixed_up_network", "w", 1.634266486238469e308),  # w * x overflowed
    ("universality.build_tower_network", "n_bumps", 466),  # 4 n**3 weights: was a MemoryError
    ("universality.approximate_to_accuracy", "steepness", 4.49423283715579e307),  # steepness * n was inf
])
def test_what_the_thorough_profile_found(name, param, value):
    """Shrunk examples the thorough profile found that the ci profile's draws did not: kept, always run."""
    _check_number(name, param, value)
