"""nnadl.network3: the convolutional network and the ensemble, as network3.py has them."""

import json
import os

import numpy as np
import pytest

from nnadl.activations import relu, sigmoid, tanh
from nnadl.gradcheck import numerical_gradient, relative_error
from nnadl.layers import ConvPoolLayer, FullyConnectedLayer, ReLU, SoftmaxLayer
from nnadl.network3 import Ensemble, Network, load

TOL = 1e-6


def small_net(activation_fn=sigmoid, seed=0, **kw):
    """conv-pool -> FC -> softmax on 1x8x8 images: 2 filters 3x3 -> (2, 3, 3) -> 5 -> 3."""
    return Network([ConvPoolLayer((2, 1, 3, 3), (10, 1, 8, 8), activation_fn=activation_fn),
                    FullyConnectedLayer(18, 5, activation_fn=activation_fn),
                    SoftmaxLayer(5, 3)], seed=seed, **kw)


def randomize_softmax(net, seed=1):
    """network3 starts the softmax layer at zero; random weights make its gradient check stronger."""
    rng = np.random.default_rng(seed)
    net.layers[-1].w[:] = rng.normal(0, 0.5, net.layers[-1].w.shape)
    net.layers[-1].b[:] = rng.normal(0, 0.5, net.layers[-1].b.shape)


@pytest.mark.parametrize("activation_fn", [sigmoid, tanh, relu])
@pytest.mark.parametrize("lmbda", [0.0, 0.7])
def test_network_gradient(activation_fn, lmbda):
    net = small_net(activation_fn)
    randomize_softmax(net)
    rng = np.random.default_rng(12)
    x, labels = rng.normal(size=(4, 1, 8, 8)), np.array([0, 2, 1, 2])
    grads = net.backprop(x, labels, lmbda, n=50)
    for layer, (nabla_w, nabla_b) in zip(net.layers, grads):
        def cost():
            return net.cost(x, labels, lmbda, n=50)
        assert relative_error(numerical_gradient(cost, layer.w), nabla_w) < TOL
        assert relative_error(numerical_gradient(cost, layer.b), nabla_b) < TOL


def test_l2_term():
    net = small_net()
    randomize_softmax(net)
    x, labels = np.random.default_rng(0).normal(size=(3, 64)), np.array([0, 1, 2])
    squares = sum(float(np.sum(layer.w ** 2)) for layer in net.layers)
    assert np.isclose(net.cost(x, labels, 0.3, n=20) - net.cost(x, labels), 0.5 * 0.3 * squares / 20)
    g0, g1 = net.backprop(x, labels), net.backprop(x, labels, 0.3, n=20)
    for layer, (w0, b0), (w1, b1) in zip(net.layers, g0, g1):
        assert np.allclose(w1 - w0, 0.3 / 20 * layer.w) and np.array_equal(b0, b1)


def test_seed_reproducible_and_own_seed_kept():
    a, b = small_net(seed=3), small_net(seed=3)
    assert all(np.array_equal(p, q) for p, q in zip(a.params, b.params))
    assert not np.array_equal(a.layers[0].w, small_net(seed=4).layers[0].w)
    own = ConvPoolLayer((2, 1, 3, 3), (10, 1, 8, 8), seed=9)
    w = own.w.copy()
    Network([own, FullyConnectedLayer(18, 3), SoftmaxLayer(3, 2)], seed=1)
    assert np.array_equal(own.w, w)


def test_shape_mismatch_names_the_pair():
    with pytest.raises(ValueError, match=r"layer 1 \(ConvPoolLayer\) outputs \(20, 12, 12\) = 2880 values "
                                         r"but layer 2 \(FullyConnectedLayer\) expects n_in=100"):
        Network([ConvPoolLayer((20, 1, 5, 5), (10, 1, 28, 28)), FullyConnectedLayer(100, 10),
                 SoftmaxLayer(10, 10)])
    with pytest.raises(ValueError, match=r"layer 2 \(FullyConnectedLayer\) outputs 100 values but layer 3 "
                                         r"\(SoftmaxLayer\) expects n_in=30"):
        Network([ConvPoolLayer((20, 1, 5, 5), (10, 1, 28, 28)), FullyConnectedLayer(2880, 100),
                 SoftmaxLayer(30, 10)])
    with pytest.raises(ValueError, match=r"layer 1 \(ConvPoolLayer\) outputs \(20, 12, 12\).*layer 2 "
                                         r"\(ConvPoolLayer\) expects image_shape\[1:\]=\(20, 8, 8\)"):
        Network([ConvPoolLayer((20, 1, 5, 5), (10, 1, 28, 28)), ConvPoolLayer((40, 20, 5, 5), (10, 20, 8, 8)),
                 SoftmaxLayer(40 * 4, 10)])
    # the book's two conv layers fit
    Network([ConvPoolLayer((20, 1, 5, 5), (10, 1, 28, 28)), ConvPoolLayer((40, 20, 5, 5), (10, 20, 12, 12)),
             FullyConnectedLayer(40 * 4 * 4, 100), SoftmaxLayer(100, 10)])


@pytest.mark.parametrize("make", [
    lambda: ConvPoolLayer((2, 3, 3, 3), (10, 1, 8, 8)),   # feature maps disagree
    lambda: ConvPoolLayer((2, 1, 3, 3), (10, 1, 8)),      # 3 entries
    lambda: ConvPoolLayer((2, 1, 9, 9), (10, 1, 8, 8)),   # filter larger than image
    lambda: ConvPoolLayer((2, 1, 3, 3), (10, 1, 8, 8), poolsize=(0, 2)),
    lambda: FullyConnectedLayer(0, 3),
    lambda: FullyConnectedLayer(3, 3, p_dropout=1.0),
    lambda: FullyConnectedLayer(3, 3, activation_fn="softsign"),
    lambda: Network([FullyConnectedLayer(3, 2)]),         # no softmax at the end
    lambda: Network([SoftmaxLayer(3, 2)], dtype=np.float16),
])
def test_bad_constructions_rejected(make):
    with pytest.raises(ValueError):
        make()


def test_bad_input_shapes_rejected():
    net = small_net()
    with pytest.raises(ValueError, match=r"expected \(m, 64\) or \(m, \*\(1, 8, 8\)\)"):
        net.feedforward(np.zeros((2, 63)))
    with pytest.raises(ValueError):
        net.feedforward(np.zeros(64))
    with pytest.raises(ValueError, match="training_data"):
        net.SGD((np.zeros((4, 2, 8, 8)), np.zeros(4, dtype=int)), 1, 2, 0.1)
    with pytest.raises(ValueError, match="labels"):
        net.SGD((np.zeros((4, 64)), np.zeros(3, dtype=int)), 1, 2, 0.1)
    with pytest.raises(ValueError, match="0..2"):
        net.SGD((np.zeros((4, 64)), np.array([0, 1, 2, 3])), 1, 2, 0.1)
    with pytest.raises(ValueError):
        ConvPoolLayer((2, 1, 3, 3), (10, 1, 8, 8)).forward(np.zeros((2, 1, 7, 8)))
    assert net.feedforward(np.zeros((2, 8, 8, 1)).reshape(2, 1, 8, 8)).shape == (2, 3)


def test_data_forms():
    net = small_net()
    rng = np.random.default_rng(0)
    X, y = rng.random((6, 64)), np.array([0, 1, 2, 0, 1, 2])
    acc = net.accuracy((X, y))
    assert net.accuracy((X.reshape(6, 1, 8, 8), y)) == acc
    assert net.accuracy((X, np.eye(3)[y])) == acc  # one-hot rows
    assert net.accuracy([(x.reshape(64, 1), int(label)) for x, label in zip(X, y)]) == acc  # pairs
    assert net.evaluate((X, y)) == round(acc * 6)


def test_dropout_off_at_evaluation_and_seeded():
    layer = FullyConnectedLayer(50, 7, p_dropout=0.3, seed=0)
    x = np.random.default_rng(1).normal(size=(4, 50))
    assert np.array_equal(layer.forward(x), layer.forward(x))  # evaluation: deterministic
    z_eval = layer._cache[4]
    assert np.allclose(z_eval, 0.7 * x @ layer.w.T + layer.b)  # network3's (1 - p) scaling
    a1 = layer.forward(x, dropout_rng=np.random.default_rng(5))
    a2 = layer.forward(x, dropout_rng=np.random.default_rng(5))
    a3 = layer.forward(x, dropout_rng=np.random.default_rng(6))
    assert np.array_equal(a1, a2) and not np.array_equal(a1, a3)


def test_dropout_expectation():
    """Averaged over many masks, the training-mode weighted input equals the evaluation one."""
    for Layer in (FullyConnectedLayer, SoftmaxLayer):
        layer = Layer(20, 3, p_dropout=0.4, seed=0)
        layer.w[:] = np.random.default_rng(0).normal(size=layer.w.shape)
        x = np.random.default_rng(1).normal(size=(2, 20))
        layer.forward(x)
        z_eval = layer._cache[4].copy()
        rng = np.random.default_rng(2)
        zs = []
        for _ in range(4000):
            layer.forward(x, dropout_rng=rng)
            zs.append(layer._cache[4])
        mean, sem = np.mean(zs, axis=0), np.std(zs, axis=0) / np.sqrt(len(zs))
        assert np.all(np.abs(mean - z_eval) < 5 * sem + 1e-12)
        keep = np.mean([layer._cache[2].mean()])  # last mask
        assert 0.3 < keep < 0.9


def test_training_with_dropout_is_reproducible():
    def run():
        net = Network([FullyConnectedLayer(64, 10, p_dropout=0.5), SoftmaxLayer(10, 3, p_dropout=0.2)], seed=2)
        X, y = np.random.default_rng(0).random((30, 64)), np.arange(30) % 3
        net.SGD((X, y), 2, 5, 0.5)
        return net
    a, b = run(), run()
    assert all(np.array_equal(p, q) for p, q in zip(a.params, b.params))


def test_save_load_round_trip(tmp_path):
    net = Network([ConvPoolLayer((2, 1, 3, 3), (10, 1, 8, 8), poolsize=(3, 2), activation_fn=ReLU),
                   FullyConnectedLayer(2 * 2 * 3, 5, activation_fn=tanh, p_dropout=0.25),
                   SoftmaxLayer(5, 3, p_dropout=0.1)], mini_batch_size=7, seed=0)
    randomize_softmax(net)
    path = tmp_path / "net.npz"
    net.save(path)
    same = load(path)
    assert repr(same) == repr(net)
    assert all(np.array_equal(p, q) and p.dtype == q.dtype for p, q in zip(net.params, same.params))
    x = np.random.default_rng(0).random((3, 64))
    assert np.array_equal(net.feedforward(x), same.feedforward(x))
    assert sorted(os.listdir(tmp_path)) == ["net.npz"]  # no temporary file left
    net32 = small_net(dtype=np.float32)
    net32.save(tmp_path / "net32.npz")
    assert load(tmp_path / "net32.npz").layers[0].w.dtype == np.float32


def corrupt(path, **changes):
    with np.load(path) as f:
        arrays = {k: f[k] for k in f.files}
    spec = json.loads(str(arrays["spec"]))
    for key, value in changes.items():
        if key == "spec":
            value(spec)
        elif value is None:
            del arrays[key]
        else:
            arrays[key] = value
    arrays["spec"] = np.array(json.dumps(spec))
    np.savez(path, **arrays)


@pytest.mark.parametrize("damage,message", [
    (lambda p: p.write_bytes(b"garbage"), "not an .npz archive"),
    (lambda p: corrupt(p, w1=None), "missing parameter array 'w1'"),
    (lambda p: corrupt(p, w0=np.zeros((3, 1, 3, 3))), r"'w0' \(layer 1\) has shape \(3, 1, 3, 3\)"),
    (lambda p: corrupt(p, spec=lambda s: s["layers"][1].update(type="Pooling")), "unknown type 'Pooling'"),
    (lambda p: corrupt(p, spec=lambda s: s["layers"][1].update(n_in=17)),
     r"'w1' \(layer 2\) has shape \(5, 18\); the layer's spec declares \(5, 17\)"),
    (lambda p: corrupt(p, spec=lambda s: s["layers"][1].update(n_in=10**12)), r"declares \(5, 1000000000000\)"),
    (lambda p: corrupt(p, spec=lambda s: s.update(version=99)), "version"),
    (lambda p: np.savez(p, w0=np.zeros(3)), "no 'spec'"),
    (lambda p: np.savez(p, spec=np.array("{not json")), "not valid JSON"),
    (lambda p: corrupt(p, b2=np.array([np.nan, 0.0, 0.0])), "NaN"),
])
def test_load_malformed_file(tmp_path, damage, message):
    path = tmp_path / "net.npz"
    small_net().save(path)
    damage(path)
    with pytest.raises(ValueError, match=message) as info:
        load(path)
    assert str(path) in str(info.value)


def test_load_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        load(tmp_path / "nothing.npz")


def test_float32_mode():
    net = small_net(dtype=np.float32)
    assert all(p.dtype == np.float32 for p in net.params)
    X, y = np.random.default_rng(0).random((20, 64)), np.arange(20) % 3
    net.SGD((X, y), 2, 5, 0.1, (X, y), lmbda=0.1)
    assert all(p.dtype == np.float32 for p in net.params)
    assert net.feedforward(X).dtype == np.float32
    grads = net.backprop(X[:4], y[:4])
    assert all(g.dtype == np.float32 for pair in grads for g in pair)
    # float32 agrees with float64 to single precision
    net64 = small_net(dtype=np.float64)
    net32 = small_net(dtype=np.float32)
    randomize_softmax(net64), randomize_softmax(net32)
    assert np.allclose(net64.feedforward(X), net32.feedforward(X), atol=1e-5)


def blobs(n, seed):
    """8x8 images with a bright blob in one of the four quadrants (the label), plus noise."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 4, n)
    X = rng.random((n, 1, 8, 8)) * 0.3
    rows, cols = 1 + 4 * (labels // 2) + rng.integers(0, 2, n), 1 + 4 * (labels % 2) + rng.integers(0, 2, n)
    for dr in (0, 1):
        for dc in (0, 1):
            X[np.arange(n), 0, rows + dr, cols + dc] += 1.0
    return X, labels


def test_small_conv_net_learns_quadrants():
    train, validation, test = blobs(400, 0), blobs(100, 1), blobs(100, 2)
    net = Network([ConvPoolLayer((4, 1, 3, 3), (10, 1, 8, 8), activation_fn=ReLU),
                   FullyConnectedLayer(4 * 3 * 3, 20, activation_fn=ReLU), SoftmaxLayer(20, 4)], seed=0)
    seen = []
    history = net.SGD(train, 8, 10, 0.1, validation, test, lmbda=0.1, monitor_training_cost=True,
                      callback=lambda e, h: seen.append(e))
    assert seen == list(range(8)) and history.epochs == 8
    assert history.best_evaluation_accuracy > 0.9  # chance is 0.25
    assert history.test_accuracy_at_best > 0.85
    best = history.best_epoch
    assert history.evaluation_accuracy[best] == max(history.evaluation_accuracy)
    assert best == max(e for e, a in enumerate(history.evaluation_accuracy) if a == max(history.evaluation_accuracy))
    assert len(history.test_accuracy) == 8 and history.test_accuracy_at_best == history.test_accuracy[best]
    assert history.training_cost[-1] < history.training_cost[0]
    assert len(history.epoch_seconds) == 8


def test_test_accuracy_every_epoch_without_validation_data():
    net = small_net()
    X, y = np.random.default_rng(0).random((20, 64)), np.arange(20) % 3
    history = net.SGD((X, y), 3, 5, 0.1, None, (X, y))
    assert len(history.test_accuracy) == 3 and None not in history.test_accuracy
    assert history.best_epoch is None and history.evaluation_accuracy == []


def test_ensemble_votes():
    train = blobs(300, 0)
    nets = []
    for seed in range(3):
        net = Network([ConvPoolLayer((3, 1, 3, 3), (10, 1, 8, 8), activation_fn=ReLU), SoftmaxLayer(27, 4)],
                      seed=seed)
        net.SGD(train, 3, 10, 0.1)
        nets.append(net)
    test = blobs(200, 3)
    ensemble = Ensemble(nets)
    predictions = np.stack([net.predict(test[0]) for net in nets])
    voted = ensemble.predict(test[0])
    agree = (predictions[0] == predictions[1]) | (predictions[0] == predictions[2])
    assert np.array_equal(voted[agree], predictions[0][agree])  # a majority of 2 of 3 decides
    assert ensemble.accuracy(test) >= min(net.accuracy(test) for net in nets)
    with pytest.raises(ValueError):
        Ensemble([nets[0], small_net()])


def test_divergence_reported():
    from nnadl.training import TrainingDiverged
    net = Network([FullyConnectedLayer(64, 10, activation_fn=relu), SoftmaxLayer(10, 3)], seed=0)
    X, y = np.random.default_rng(0).random((20, 64)) * 1e200, np.arange(20) % 3
    with pytest.raises(TrainingDiverged, match="eta=1e\\+200"):
        net.SGD((X, y), 3, 5, 1e200)


def test_empty_training_data_is_refused_with_a_clear_error():
    from nnadl import conv
    net = conv.Network([conv.FullyConnectedLayer(4, 3), conv.SoftmaxLayer(3, 2)], 10, seed=0)
    with pytest.raises(ValueError, match="training_data is empty"):
        net.SGD((np.zeros((0, 4)), np.zeros(0, dtype=int)), 1, 10, 0.1)
