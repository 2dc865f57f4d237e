"""The fast training step (Network._stepper, what SGD runs) against the teaching forms, and the
dtype option. Correctness only: no wall-clock time is measured here (see benchmarks/)."""

import copy

import numpy as np
import pytest

from nnadl.network import Network

OPTIONS = {
    "plain": {},
    "L2": {"lmbda": 5.0},
    "L1": {"lmbda": 5.0, "regularization": "L1"},
    "momentum": {"mu": 0.7},
    "momentum-L2": {"mu": 0.5, "lmbda": 2.0},
    "momentum-L1": {"mu": 0.5, "lmbda": 2.0, "regularization": "L1"},
    "dropout": {"dropout": 0.3},
    "everything": {"dropout": 0.2, "mu": 0.4, "lmbda": 1.0, "regularization": "L1"},
}
NETWORKS = {
    "quadratic-sigmoid": dict(cost="quadratic"),
    "cross-entropy-sigmoid": dict(cost="cross-entropy"),
    "log-likelihood-softmax-tanh": dict(cost="log-likelihood", activation="tanh", output_activation="softmax"),
    "quadratic-relu-sigmoid": dict(cost="quadratic", activation="relu", output_activation="sigmoid"),
}


def data(n=23, n_in=7, n_out=4, seed=3):
    rng = np.random.default_rng(seed)
    return rng.random((n, n_in)), rng.integers(0, n_out, n)


def one_hot(labels, n_out=4):
    return np.eye(n_out)[labels]


def teaching_step(net, X, Y, batch, eta, n, lmbda=0.0, regularization="L2", mu=0.0, dropout=0.0):
    """What SGD did before the fast path: _step, or _step_improved with chapter 3's options."""
    x, y = X[batch].T, Y[batch].T
    if lmbda or mu or dropout:
        net._step_improved(x, y, eta, lmbda, n, regularization, mu, dropout)
    else:
        net._step(x, y, eta)


def params(net):
    return [p.copy() for p in (*net.weights, *net.biases)]


@pytest.mark.parametrize("network", NETWORKS, ids=str)
@pytest.mark.parametrize("option", OPTIONS, ids=str)
def test_fast_step_equals_teaching_step(network, option):
    """Three steps (the last on a smaller mini-batch) give the same parameters to 1e-12."""
    X, labels = data()
    Y = one_hot(labels)
    n = len(X)
    fast = Network([7, 6, 5, 4], seed=1, **NETWORKS[network])
    slow = copy.deepcopy(fast)  # same parameters and the same generator state (dropout masks)
    opts = OPTIONS[option]
    step = fast._stepper(X, Y, 0.5, n=n, **opts)
    for batch in ([0, 5, 9, 2, 11], [1, 3, 4, 22, 8], [7, 6]):
        step(np.array(batch))
        teaching_step(slow, X, Y, batch, 0.5, n, **opts)
    for p, q in zip(params(fast), params(slow)):
        assert np.max(np.abs(p - q)) <= 1e-12
    if opts.get("mu"):
        for p, q in zip(fast.velocities[0] + fast.velocities[1], slow.velocities[0] + slow.velocities[1]):
            assert np.max(np.abs(p - q)) <= 1e-12


def test_fast_step_equals_the_books_per_example_step():
    X, labels = data()
    Y = one_hot(labels)
    fast = Network([7, 6, 5, 4], seed=2)
    slow = copy.deepcopy(fast)
    batch = np.array([3, 1, 4, 15, 9, 2, 6])
    fast._stepper(X, Y, 3.0)(batch)
    slow.update_mini_batch_per_example(list(zip(X[batch], Y[batch])), 3.0)
    for p, q in zip(params(fast), params(slow)):
        assert np.max(np.abs(p - q)) <= 1e-12


@pytest.mark.parametrize("option", OPTIONS, ids=str)
def test_sgd_equals_teaching_loop(option):
    """A whole seeded SGD run equals the same epochs taken with the teaching step."""
    X, labels = data(n=30)
    Y = one_hot(labels)
    net = Network([7, 6, 4], seed=4)
    ref = copy.deepcopy(net)
    opts = OPTIONS[option]
    net.SGD((X, labels), 3, 4, 0.8, **opts)
    for _ in range(3):
        order = ref.rng.permutation(len(X))
        for k in range(0, len(X), 4):
            teaching_step(ref, X, Y, order[k:k + 4], 0.8, len(X), **opts)
    for p, q in zip(params(net), params(ref)):
        assert np.max(np.abs(p - q)) <= 1e-12


def test_sgd_float64_is_bit_identical_to_teaching_loop():
    """Not just close: the fast step does the teaching step's operations in the same order."""
    X, labels = data(n=40)
    Y = one_hot(labels)
    net = Network([7, 6, 4], seed=5)
    ref = copy.deepcopy(net)
    net.SGD((X, labels), 2, 10, 3.0)
    for _ in range(2):
        order = ref.rng.permutation(len(X))
        for k in range(0, len(X), 10):
            teaching_step(ref, X, Y, order[k:k + 10], 3.0, len(X))
    for p, q in zip(params(net), params(ref)):
        assert np.array_equal(p, q)


def test_default_dtype_is_float64():
    net = Network([3, 2], seed=0)
    assert net.dtype == np.float64
    assert all(p.dtype == np.float64 for p in (*net.weights, *net.biases))


def test_dtype_rejects_non_float():
    with pytest.raises(ValueError, match="floating-point"):
        Network([3, 2], dtype=np.int32)


def test_float32_starts_from_the_float64_parameters_rounded():
    n64 = Network([5, 4, 3], seed=7, weight_init="scaled")
    n32 = Network([5, 4, 3], seed=7, weight_init="scaled", dtype=np.float32)
    for p, q in zip((*n64.weights, *n64.biases), (*n32.weights, *n32.biases)):
        assert q.dtype == np.float32
        assert np.array_equal(p.astype(np.float32), q)
    assert "dtype=np.float32" in repr(n32)


@pytest.mark.parametrize("option", ["plain", "L2", "L1", "momentum-L2", "dropout"])
def test_float32_training_agrees_with_float64(option):
    X, labels = data(n=40)
    n64 = Network([7, 6, 4], seed=8)
    n32 = Network([7, 6, 4], seed=8, dtype=np.float32)
    opts = OPTIONS[option]
    h64 = n64.SGD((X, labels), 2, 5, 0.5, test_data=(X, labels), **opts)
    h32 = n32.SGD((X, labels), 2, 5, 0.5, test_data=(X, labels), **opts)
    for p, q in zip((*n64.weights, *n64.biases), (*n32.weights, *n32.biases)):
        assert q.dtype == np.float32  # dtype survives SGD
        np.testing.assert_allclose(q, p, rtol=1e-4, atol=1e-5)
    assert abs(h32.test_correct[-1] - h64.test_correct[-1]) <= 1
    if opts.get("mu"):
        assert all(v.dtype == np.float32 for v in n32.velocities[0] + n32.velocities[1])


def test_float32_computes_in_float32_everywhere():
    X, labels = data(n=12)
    net = Network([7, 6, 4], seed=9, dtype=np.float32)
    assert net.feedforward(X.T).dtype == np.float32
    nb, nw = net.backprop(X[0], labels[0])
    assert all(p.dtype == np.float32 for p in nb + nw)
    nb, nw = net.backprop_matrix(X.T.astype(np.float32), one_hot(labels).T.astype(np.float32))
    assert all(p.dtype == np.float32 for p in nb + nw)
    assert all(m.dtype == np.float32 for m in net.dropout_masks(3, 0.5))
    net.SGD([(x, int(y)) for x, y in zip(X, labels)], 1, 4, 1.0, per_example=True)
    net.update_mini_batch(list(zip(X[:3], labels[:3])), 1.0, lmbda=1.0, n=12, mu=0.5)
    assert all(p.dtype == np.float32 for p in (*net.weights, *net.biases))
    assert isinstance(net.total_cost((X, labels)), float)


def test_float32_data_is_converted_once_not_per_step(monkeypatch):
    """SGD hands _stepper arrays already in the network's dtype."""
    X, labels = data(n=12)
    net = Network([7, 6, 4], seed=10, dtype=np.float32)
    seen = []
    original = Network._stepper

    def spy(self, X, Y, *args, **kwargs):
        seen.append((X.dtype, Y.dtype))
        return original(self, X, Y, *args, **kwargs)

    monkeypatch.setattr(Network, "_stepper", spy)
    net.SGD((X, labels), 2, 4, 1.0)
    assert seen == [(np.float32, np.float32)] * 2  # one stepper per epoch, no per-step conversion


def test_fast_sigmoid_mirrors_nnadl_activations_bit_for_bit_at_extremes():
    """The fast step repeats activations.sigmoid/sigmoid_prime operation for operation; if
    either formula changes, this (and the SGD bit-identity test) says the step must follow."""
    rng = np.random.default_rng(11)
    X = rng.standard_normal((6, 3)) * 50
    X[0] = 0.0
    Y = np.eye(2)[rng.integers(0, 2, 6)]
    fast = Network([3, 4, 2], seed=12)
    fast.weights = [w * 40 for w in fast.weights]  # saturated neurons, |z| in the hundreds
    slow = copy.deepcopy(fast)
    with np.errstate(over="ignore"):
        fast._stepper(X, Y, 1.0)(np.arange(6))
        slow._step(X.T, Y.T, 1.0)
    for p, q in zip(params(fast), params(slow)):
        assert np.array_equal(p, q)
