"""What the property-based tests (tests/test_properties_*.py) share: the Hypothesis profiles, the classes
of bad input, a valid call of every public callable of nnadl, and the contract a call must keep.

Profiles: ``ci`` (the default) is derandomized and bounded, so every run tries the same cases in a
reasonable time; ``thorough`` tries many more, at random: ``HYPOTHESIS_PROFILE=thorough pytest
tests/test_properties_api.py``.
"""

from __future__ import annotations

import importlib
import inspect
import math
import os
import re
import resource
import sys
import warnings
from contextlib import contextmanager

import numpy as np
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

settings.register_profile(
    "ci", derandomize=True, max_examples=12, deadline=None, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "thorough", max_examples=300, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

MODULES = ["activations", "baselines", "bumps", "cli", "convolution", "costs", "datasets", "download", "expand",
           "experiments", "formats", "gradcheck", "gradients", "layers", "mnist_loader", "network", "network2",
           "network3", "plots", "regularization", "reproduce", "training", "universality"]

#: Modules that only hand on the names of MODULES under their earlier names (nothing of their own).
REEXPORTING = ["conv", "data", "persist"]

#: The exception types the API reference's Errors section documents; nothing else may escape.
DOCUMENTED = (ValueError, TypeError, OSError, FloatingPointError, ImportError)


def public_callables():
    """Every callable in every ``nnadl.<module>.__all__``, as ``"module.name"`` -> object (exceptions left out)."""
    out = {}
    for m in MODULES:
        mod = importlib.import_module(f"nnadl.{m}")
        for name in mod.__all__:
            obj = getattr(mod, name)
            if callable(obj) and not (isinstance(obj, type) and issubclass(obj, BaseException)):
                out[f"{m}.{name}"] = obj
    return out


# -- classes of bad input ----------------------------------------------------------------

NUMPY_SCALAR_TYPES = [np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32,
                      np.uint64, np.float16, np.float32, np.float64, np.longdouble, np.complex64,
                      np.complex128]

#: The members of the class "numbers" that every numeric argument is tried with.
NAMED_NUMBERS = [
    math.nan, math.inf, -math.inf, 1j, complex(2, 0), True, False, 2.5, 2.0, -1, -2.5, 0, 0.0, -0.0,
    1e300, -1e300, 10**12, -10**12, 5e-324, "2", "2.5", "nan", "1e3", None,
    np.float64(math.nan), np.float32(math.inf), np.int64(2), np.uint8(2), np.float16(2.5), np.bool_(True),
    np.complex128(1 + 1j), np.int8(-1), np.uint64(2**64 - 1), np.longdouble(2.5), np.int32(0),
]


def numpy_scalars():
    """Numpy scalars of every kind, with any value their type can hold."""
    from hypothesis.extra.numpy import from_dtype

    return st.sampled_from(NUMPY_SCALAR_TYPES).flatmap(
        lambda t: from_dtype(np.dtype(t)).map(lambda v: np.dtype(t).type(v)))


def bad_numbers():
    return st.one_of(
        st.sampled_from(NAMED_NUMBERS),
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(min_value=-10**15, max_value=10**15),
        st.complex_numbers(allow_nan=True, allow_infinity=True),
        numpy_scalars(),
        st.from_regex(r"\A-?[0-9]{1,3}(\.[0-9]+)?\Z").map(str),
    )


def is_whole(v):
    """A whole number an int parameter may take as it is: an int or numpy integer, not a bool."""
    return isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))


def is_real(v):
    """A real number (not a bool, a complex or a string)."""
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))


# -- the contract --------------------------------------------------------------------------

@contextmanager
def memory_limit(extra=3 << 30):
    """Let the block allocate at most ``extra`` bytes more than the process holds now, so that a
    size such as 10**12 fails at once instead of swapping the machine (POSIX; the limit is put back)."""
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        with open("/proc/self/statm") as f:
            used = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        yield
        return
    limit = used + extra if hard == resource.RLIM_INFINITY else min(hard, used + extra)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


class Outcome:
    """What one call did: ``value`` or ``error``."""

    def __init__(self, value=None, error=None):
        self.value, self.error = value, error

    @property
    def refused(self):
        return self.error is not None

    def __repr__(self):
        return f"raised {type(self.error).__name__}: {self.error}" if self.error else f"returned {self.value!r:.200}"


def call(fn, /, *args, **kwargs):
    """Call ``fn`` with RuntimeWarnings as errors and bounded memory; return its Outcome.

    Any exception is caught: the test decides what was allowed (``keeps_contract``).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        try:
            with memory_limit():
                return Outcome(value=fn(*args, **kwargs))
        except Exception as e:  # noqa: BLE001 - judged by the caller
            return Outcome(error=e)


def message_names(error, *names):
    """Does the error's message (or its filename) name one of ``names``?"""
    text = str(error) + " " + str(getattr(error, "filename", "") or "")
    return any(re.search(rf"(?<![A-Za-z0-9_]){re.escape(str(n))}(?![A-Za-z0-9_])", text) for n in names)


def check_refusal(outcome, names, allowed=DOCUMENTED):
    """Assert a refusal keeps the contract: a documented type, a message naming one of ``names``."""
    e = outcome.error
    assert isinstance(e, allowed) and not isinstance(e, Warning), (
        f"undocumented {type(e).__name__}: {e}")
    assert message_names(e, *names), f"{type(e).__name__} does not name {names[0]!r}: {e}"


# -- a valid call of every public callable ----------------------------------------------------
# Each entry gives keyword arguments for a call that works; the tests replace one argument at a
# time. A public name without an entry fails tests/test_properties_api.py::test_every_public_callable_has_a_valid_call.

def _rng():
    return np.random.default_rng(0)


def _X(n=6, d=4):
    return _rng().random((n, d))


def _labels(n=6, k=2):
    return np.arange(n) % k


def _net1():
    from nnadl.network import Network
    return Network([4, 3, 2], seed=0)


def _net2():
    from nnadl.network2 import Network
    return Network([4, 3, 2], seed=0)


def _conv_net():
    from nnadl.layers import FullyConnectedLayer, SoftmaxLayer
    from nnadl.network3 import Network
    return Network([FullyConnectedLayer(4, 3, seed=0), SoftmaxLayer(3, 2, seed=0)], mini_batch_size=2, seed=0)


def _chain():
    from nnadl.gradients import chain_network
    return chain_network([0.5, -0.3, 0.8], [0.1, 0.0, -0.2])


def _target(x):
    """A target for chapter 4's constructions that stays inside (0, 1), as a sigmoid output needs."""
    return 0.2 + 0.5 * x * x


def _onehot(n=6, k=2):
    return np.eye(k)[_labels(n, k)]


def _col(v):
    return np.asarray(v, dtype=float).reshape(-1, 1)


BASELINES = {
    "activations.Activation": lambda: dict(name="sq", fn=np.square, prime=lambda z: 2 * z),
    "activations.get_activation": lambda: dict(name_or_activation="sigmoid"),
    "activations.get_output_activation": lambda: dict(name_or_activation="softmax"),
    "activations.SIGMOID": lambda: dict(z=np.linspace(-3, 3, 5)),
    "activations.SOFTMAX": lambda: dict(z=_col([0.1, 0.5, -1.0])),
    "activations.relu": lambda: dict(z=np.linspace(-3, 3, 5)),
    "activations.relu_prime": lambda: dict(z=np.linspace(-3, 3, 5)),
    "activations.sigmoid": lambda: dict(z=np.linspace(-3, 3, 5)),
    "activations.sigmoid_prime": lambda: dict(z=np.linspace(-3, 3, 5)),
    "activations.softmax": lambda: dict(z=_col([0.1, 0.5, -1.0]), axis=0),
    "activations.tanh": lambda: dict(z=np.linspace(-3, 3, 5)),
    "activations.tanh_prime": lambda: dict(z=np.linspace(-3, 3, 5)),
    "baselines.avg_darknesses": lambda: dict(X_train=_X(), labels_train=_labels(), n_classes=2),
    "baselines.guess_digit": lambda: dict(image=np.array([0.5, 0.4]), avgs=np.array([0.0, 1.5])),
    "baselines.average_darkness": lambda: dict(X_train=_X(), labels_train=_labels(), X_test=_X(),
                                               labels_test=_labels(), return_predictions=False),
    "baselines.random_guessing": lambda: dict(labels_test=_labels(), seed=0, n_classes=10, return_predictions=False),
    "baselines.svm": lambda: dict(X_train=_X(), labels_train=_labels(), X_test=_X(), labels_test=_labels(),
                                  return_predictions=False),
    "cli.main": lambda: dict(argv=["data", "info"]),
    "cli.build_parser": lambda: dict(),
    "layers.ConvPoolLayer": lambda: dict(filter_shape=(2, 1, 3, 3), image_shape=(2, 1, 6, 6), poolsize=(2, 2), seed=0),
    "network3.Ensemble": lambda: dict(networks=[_conv_net(), _conv_net()]),
    "layers.FullyConnectedLayer": lambda: dict(n_in=4, n_out=3, p_dropout=0.0, seed=0),
    "network3.Network": lambda: dict(layers=_conv_net().layers, mini_batch_size=2, seed=0, dtype=np.float64),
    "layers.SoftmaxLayer": lambda: dict(n_in=3, n_out=2, p_dropout=0.0, seed=0),
    "convolution.conv_backward": lambda: _conv_backward_args(),
    "convolution.conv_forward": lambda: dict(x=np.ones((2, 1, 4, 4)), w=np.ones((1, 1, 2, 2)), b=np.array([0.5])),
    "convolution.im2col": lambda: dict(x=np.arange(9.0).reshape(1, 1, 3, 3), fh=2, fw=2, poolsize=(1, 1)),
    "convolution.max_pool": lambda: dict(z=np.arange(16.0).reshape(1, 1, 4, 4), poolsize=(2, 2)),
    "convolution.max_pool_backward": lambda: _max_pool_backward_args(),
    "costs.QuadraticCost": lambda: dict(),
    "costs.CrossEntropyCost": lambda: dict(),
    "costs.LogLikelihoodCost": lambda: dict(),
    "costs.get_cost": lambda: dict(name_or_cost="cross-entropy"),
    "datasets.Dataset": lambda: dict(X=_X(), labels=_labels()),
    "datasets.Splits": lambda: _splits_args(),
    "mnist_loader.default_cache_dir": lambda: dict(),
    "download.download": lambda: dict(names=[], cache_dir=None),
    "datasets.as_arrays": lambda: dict(data=(_X(), _labels()), n_in=4, n_out=2),
    "mnist_loader.embedded_path": lambda: dict(),
    "datasets.from_pairs": lambda: dict(pairs=[(np.zeros((4, 1)), 1), (np.ones(4), 0)]),
    "mnist_loader.load": lambda: dict(source="embedded", seed=0),
    "mnist_loader.load_data": lambda: dict(source="embedded", seed=0),
    "mnist_loader.load_data_wrapper": lambda: dict(source="embedded", seed=0),
    "mnist_loader.load_embedded": lambda: dict(seed=0, sizes=(30, 10, 10)),
    "mnist_loader.load_idx": None,  # takes a directory: tests/test_properties_paths.py
    "mnist_loader.load_pickle": None,  # takes a file: tests/test_properties_paths.py
    "mnist_loader.read_idx": None,  # takes a file: tests/test_properties_paths.py
    "datasets.to_pairs": lambda: dict(data=(_X(), _labels()), one_hot=True),
    "datasets.vectorized_result": lambda: dict(j=3),
    "datasets.class_labels": lambda: dict(labels=_labels(), what="labels", n_classes=2),
    "mnist_loader.decompressed": None,  # takes a file: tests/test_properties_paths.py
    "mnist_loader.idx_path": lambda: dict(directory="mnist", name="t10k-labels-idx1-ubyte.gz"),
    "download.Found": lambda: dict(name="t10k-labels-idx1-ubyte.gz", path=None, matches=False, how="missing"),
    "download.check": None,  # takes a directory: tests/test_properties_paths.py
    "convolution.col2im": lambda: _col2im_args(),
    "experiments.Experiment": lambda: dict(name="x", chapter=1, section="s", title="t", model="network", book=0.9,
                                           protocol="best_test", book_protocol="b", quote="q", sizes=(4, 2), epochs=1),
    "experiments.by_chapter": lambda: dict(chapter=1),
    "experiments.duration": lambda: dict(seconds=40.0),
    "experiments.speeds_text": lambda: dict(speeds=[0.012, 0.06, 0.283]),
    "experiments.get": lambda: dict(name="ch1-svm"),
    "formats.SavedNetwork": lambda: _saved_network_args(),
    "formats.SavedConv": lambda: dict(path="net.npz", spec={}, params=[]),
    "formats.read_network": None,  # takes a file: tests/test_properties_paths.py
    "formats.read_conv": None,
    "network2.from_saved": lambda: dict(saved=_saved_network(), cost=None),
    "reproduce.run": lambda: dict(exp=_experiment(), splits=_splits(), seed=0, epochs=1, limit=20),
    "reproduce.reproduce": lambda: dict(exp=_experiment(), splits=_splits(), seeds=[0], epochs=1, limit=20,
                                        data="embedded"),
    "reproduce.project": lambda: dict(exp=_experiment(), splits=_splits(), seed=0, limit=20, data="embedded"),
    "reproduce.training_data": lambda: dict(exp=_experiment(), splits=_splits(), limit=20),
    "reproduce.build_network3": lambda: dict(exp=_experiment("ch6-conv-1"), seed=0),
    "reproduce.save": None,  # takes a path: tests/test_properties_paths.py
    "reproduce.summary": lambda: dict(accuracy=[0.9, 0.95]),
    "reproduce.machine": lambda: dict(),
    "training.Monitoring": lambda: dict(evaluation_accuracy=True, lmbda=0.1, n=6),
    "training.Trainable": None,  # a Protocol: what SGD asks of a network, nothing to call
    "training.monitor": lambda: _monitor_args(),
    "expand.shift": lambda: dict(X=_X(2, 9), rows=1, cols=-1),
    "expand.rotate": lambda: dict(X=_X(2, 9), degrees=10.0),
    "expand.expand": lambda: dict(X=_X(2, 9), y=np.array([3, 7]), rotations=1, max_degrees=10.0, seed=0),
    "gradcheck.best_of": lambda: dict(fn=lambda: None, repeat=2),
    "gradcheck.GradientTiming": lambda: dict(width=2, parameters=10, backprop_seconds=1.0,
                                             finite_difference_seconds=2.0, ratio=2.0, max_relative_error=1e-9),
    "gradcheck.gradient_timings": lambda: dict(widths=(2,), backprop_repeat=1, numerical_repeat=1, seed=0),
    "gradcheck.log_log_slope": lambda: dict(x=[1, 10, 100], y=[3, 30, 300]),
    "gradcheck.numerical_gradient": lambda: _numerical_gradient_args(),
    "gradcheck.numerical_network_gradient": lambda: dict(net=_net2(), x=_col([0.1, 0.2, 0.3, 0.4]),
                                                         y=_col([1.0, 0.0]), eps=1e-5),
    "gradcheck.numerical_delta": lambda: dict(net=_net2(), x=_col([0.1, 0.2, 0.3, 0.4]), y=_col([1.0, 0.0]),
                                              l=2, eps=1e-5),
    "gradcheck.path_sum_gradient": lambda: dict(net=_net2(), x=np.array([0.1, 0.2, 0.3, 0.4]),
                                                y=np.array([1.0, 0.0]), l=2, j=1, k=0),
    "gradcheck.relative_error": lambda: dict(a=np.array([1.0, 2.0]), b=np.array([1.0, 2.1])),
    "gradients.average_bias_gradient": lambda: dict(net=_net2(), X=_X(), Y=_onehot()),
    "gradients.layer_speeds": lambda: dict(net=_net2(), X=_X(), Y=_labels(), include_output=False),
    "gradients.initial_speeds": lambda: dict(sizes=[4, 3, 3, 2], X=_X(), Y=_labels(), seeds=[0, 1]),
    "gradients.speeds_during_training": lambda: dict(net=_net2(), training_data=(_X(), _labels()), epochs=1,
                                                     mini_batch_size=2, eta=0.5),
    "gradients.chain_network": lambda: dict(weights=[0.5, -0.3, 0.8], biases=[0.1, 0.0, -0.2]),
    "gradients.chain_terms": lambda: dict(net=_chain(), x=0.5),
    "gradients.chain_bias_gradients": lambda: dict(net=_chain(), x=0.5, y=1.0),
    "gradients.zero_z_biases": lambda: dict(net=_net2(), x=np.array([0.1, 0.2, 0.3, 0.4])),
    "gradients.exploding_network": lambda: dict(sizes=(1, 1, 1), w=100.0),
    "network.Network": lambda: dict(sizes=[4, 3, 2], seed=0),
    "network.check_arguments": lambda: dict(epochs=1, mini_batch_size=2, eta=0.5, n=6),
    "network.check_sizes": lambda: dict(sizes=[4, 3, 2]),
    "network2.Network": lambda: dict(sizes=[4, 3, 2], cost="quadratic", seed=0, dtype=np.float64),
    "network2.default_weight_initializer": lambda: dict(net=_net2()),
    "network2.thinned": lambda: _thinned_args(),
    "formats.save_network": None,  # takes a path: tests/test_properties_paths.py
    "network2.load": None,
    "formats.save_conv": None,
    "network3.load": None,
    "plots.accuracy_curves": lambda: dict(variants=[1, 2], train=lambda k: _History(test_accuracy=[0.5, 0.25])),
    "plots.accuracy_table": lambda: dict(curves={"a": [80.0, 85.5, 84.0]}, epochs=(1, 3), mean_of_last=2),
    "plots.grouped_bars": lambda: dict(groups={"a": [1, 2], "b": [3, 4]}, width=0.4),
    "plots.learning_curves": lambda: dict(curves={"a": [50, 70, 80]}, ylabel="accuracy", first_epoch=1,
                                          markersize=3.0),
    "plots.loglog_ratio": lambda: dict(parameters=[70, 162, 442], ratio=[80.0, 190.0, 500.0], title="t"),
    "regularization.check_kind": lambda: dict(kind="L2"),
    "regularization.gradient": lambda: dict(w=np.ones((2, 2)), lmbda=0.1, n=10, kind="L2"),
    "regularization.l1_update": lambda: dict(w=np.ones((2, 2)), nabla_w=np.ones((2, 2)), eta=0.5, lmbda=0.1, n=10, m=2),
    "regularization.l2_update": lambda: dict(w=np.ones((2, 2)), nabla_w=np.ones((2, 2)), eta=0.5, lmbda=0.1, n=10, m=2),
    "regularization.term": lambda: dict(weights=[np.ones((2, 2))], lmbda=0.1, n=10, kind="L2"),
    "training.History": lambda: dict(),
    "training.NoImprovement": lambda: dict(n=3),
    "training.SGD": lambda: dict(net=_net2(), training_data=(_X(), _labels()), epochs=1, mini_batch_size=2,
                                 eta=0.5, test_data=(_X(), _labels()), lmbda=0.1, mu=0.5, dropout=0.0,
                                 early_stopping_n=2, eta_schedule_n=2, evaluation_data=(_X(), _labels())),
    "training.check_finite": lambda: dict(params=[np.ones(2)], epoch=0, eta=0.5),
    "training.momentum_update": lambda: dict(p=np.ones(2), v=np.zeros(2), grad=np.ones(2), eta=0.5, mu=0.5),
    "training.update": lambda: _update_args(),
    "bumps.step_weight": lambda: dict(w=1000.0, n_bumps=5),
    "universality.book_function": lambda: dict(x=np.linspace(0, 1, 5)),
    "universality.LINEAR": lambda: dict(z=np.linspace(0, 1, 5)),
    "bumps.sigmoid_inverse": lambda: dict(a=np.array([0.2, 0.5])),
    "bumps.step_position": lambda: dict(w=1000.0, b=-400.0),
    "bumps.step_bias": lambda: dict(s=0.4, w=1000.0),
    "bumps.step_neuron": lambda: dict(x=np.array([0.39, 0.4]), s=0.4, w=1000.0),
    "bumps.bump": lambda: dict(x=np.array([0.1, 0.5]), s1=0.4, s2=0.6, h=0.8, w=1000.0),
    "bumps.bump_edges": lambda: dict(n_bumps=4, offset=0.0, lo=0.0, hi=1.0),
    "bumps.bump_heights": lambda: dict(f=_target, mids=np.array([0.5, 0.25]), output="linear"),
    "bumps.bump_sum": lambda: dict(x=np.array([0.25, 0.75]), edges=np.array([0.0, 0.5, 1.0]),
                                          heights=np.array([0.3, 0.7]), w=1000.0),
    "universality.approximation": lambda: dict(x=np.linspace(0, 1, 11), f=_target, n_bumps=5, w=1000.0),
    "universality.build_network": lambda: dict(f=_target, n_bumps=5, w=1000.0),
    "universality.fixed_up_approximation": lambda: dict(x=np.linspace(0, 1, 11), f=_target, n_bumps=5, w=1000.0,
                                                        copies=2),
    "universality.build_fixed_up_network": lambda: dict(f=_target, n_bumps=5, w=1000.0, copies=2),
    "universality.relu_step": lambda: dict(x=np.array([0.0, 0.5, 1.0]), s=0.5, w=10.0),
    "universality.relu_interpolation": lambda: dict(x=np.array([0.0, 0.25]), f=_target, n_pieces=2),
    "universality.build_relu_network": lambda: dict(f=_target, n_pieces=4),
    "universality.tower": lambda: dict(x=np.array([0.5, 0.1]), y=np.array([0.5, 0.1]), x_bump=(0.4, 0.6),
                                       y_bump=(0.4, 0.6), w=1000.0, h=40.0),
    "universality.build_tower_network": lambda: dict(f=lambda x, y: 0.2 + 0.3 * x + 0.4 * y * y, n_bumps=2, w=1000.0, h=40.0),
    "universality.max_error": lambda: dict(approx=_target, f=_target, n_grid=11),
    "universality.error_vs_neurons": lambda: dict(f=_target, n_bumps=(2, 3), steepness=100.0, copies=2, n_grid=11),
    "universality.approximate_to_accuracy": lambda: dict(epsilon=0.3, f=_target, start=2, max_bumps=8,
                                                         steepness=100.0, n_grid=11),
}


def _handed_on():
    """A name one module hands on from another (``universality.bump`` is ``bumps.bump``) is called as
    where it is defined; every module's ``__all__`` is still tried, as the tests enumerate them."""
    home = {}
    for key, obj in public_callables().items():
        home.setdefault(id(obj), []).append(key)
    return {key: BASELINES[known] for keys in home.values() for known in keys if known in BASELINES
            for key in keys if key not in BASELINES}


BASELINES.update(_handed_on())


def _History(**kw):
    from nnadl.training import History
    return History(**kw)


def _conv_backward_args():
    from nnadl.convolution import conv_forward
    x, w = np.ones((2, 1, 3, 3)), np.ones((1, 1, 2, 2))
    z, cols = conv_forward(x, w)
    return dict(delta=np.ones_like(z), cols=cols, w=w, x_shape=x.shape)


def _col2im_args():
    w = np.ones((1, 1, 2, 2))
    return dict(d_wide=np.ones((2, 1, 2, 3)), w=w, x_shape=(2, 1, 3, 3))


def _saved_network_args():
    net = _net2()
    return dict(path="net.json", sizes=net.sizes, weights=net.weights, biases=net.biases, cost="QuadraticCost",
                activation="sigmoid", output_activation=None, dtype=np.dtype(np.float64), trained_on=None)


def _saved_network():
    from nnadl.formats import SavedNetwork
    return SavedNetwork(**_saved_network_args())


def _experiment(name="ch1-network-30"):
    from nnadl.experiments import get
    return get(name)


def _splits():
    from nnadl.mnist_loader import load_embedded
    return load_embedded(0, (30, 10, 10))


def _monitor_args():
    from nnadl.training import Examples, History, Monitoring
    history = History()
    history.evaluation_total = history.test_total = 6
    data = (_X().T, _onehot().T)
    return dict(net=_net2(), epoch=0, eta=0.5, history=history, data=Examples(data, data, data),
                wanted=Monitoring(evaluation_accuracy=True, lmbda=0.1, n=6))


def _max_pool_backward_args():
    from nnadl.convolution import max_pool
    z = np.arange(16.0).reshape(1, 1, 4, 4)
    return dict(delta=np.ones((1, 1, 2, 2)), z=z, pooled=max_pool(z), poolsize=(2, 2))


def _numerical_gradient_args():
    p = np.array([1.0, 2.0])
    return dict(f=lambda: float(np.sum(np.sin(p))), p=p, eps=1e-5)


def _splits_args():
    from nnadl.datasets import Dataset
    return dict(training=Dataset(_X(), _labels()), validation=Dataset(_X(2), _labels(2)),
                test=Dataset(_X(2), _labels(2)))


def _thinned_args():
    from nnadl.activations import SIGMOID
    return dict(sigma=SIGMOID, r=np.array([[1.0], [0.0]]))


def _update_args():
    net = _net2()
    return dict(net=net, nabla_b=[np.zeros_like(b) for b in net.biases], nabla_w=[np.zeros_like(w) for w in net.weights],
                m=2, eta=0.5, lmbda=0.1, n=6, regularization="L2", mu=0.0)
