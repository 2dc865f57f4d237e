"""Saved networks: network2's JSON and the convolutional .npz, written atomically, read back bit for bit, bad files named."""

import json
import os

import numpy as np
import pytest

from nnadl import costs
from nnadl.formats import read_network
from nnadl.layers import FullyConnectedLayer, SoftmaxLayer
from nnadl.network2 import Network
from nnadl.network3 import Network as ConvNetwork
from nnadl.persist import load_conv, load_network, save_conv, save_network


def test_round_trip_is_bit_exact(tmp_path):
    net = Network([5, 4, 3], seed=1)
    net.weights[0][0, 0] = 0.1 + 0.2  # a float whose shortest repr has 17 digits
    net.biases[1][2, 0] = 5e-324  # the smallest subnormal
    path = save_network(net, tmp_path / "net.json")
    copy = load_network(path)
    assert copy.sizes == net.sizes
    for a, b in zip(net.weights + net.biases, copy.weights + copy.biases):
        assert a.dtype == b.dtype == np.float64 and a.shape == b.shape
        assert a.tobytes() == b.tobytes()
    x = np.random.default_rng(0).random((5, 7))
    assert np.array_equal(net.feedforward(x), copy.feedforward(x))
    assert copy.cost is net.cost and copy.activation.name == "sigmoid"
    assert [p.name for p in tmp_path.iterdir()] == ["net.json"]  # no temporary file left


def test_format_is_network2s(tmp_path):
    net = Network([3, 2], seed=0)
    data = json.loads(save_network(net, tmp_path / "n.json").read_text())
    assert data["sizes"] == [3, 2]
    assert data["cost"] == "QuadraticCost"
    assert data["activation"] == "sigmoid"
    assert np.array(data["weights"][0]).shape == (2, 3)
    assert np.array(data["biases"][0]).shape == (2, 1)


@pytest.mark.parametrize("cost_name", ["QuadraticCost", "CrossEntropyCost"])
def test_loads_files_written_by_network2(tmp_path, cost_name):
    assert any(c.__name__ == cost_name for c in costs.COSTS.values()), f"{cost_name} missing from nnadl.costs"
    rng = np.random.default_rng(0)
    weights = [rng.standard_normal((3, 4)), rng.standard_normal((2, 3))]
    biases = [rng.standard_normal((3, 1)), rng.standard_normal((2, 1))]
    # exactly what network2.Network.save writes (no "activation" key)
    path = tmp_path / "network2.json"
    with open(path, "w") as f:
        json.dump({"sizes": [4, 3, 2], "weights": [w.tolist() for w in weights],
                   "biases": [b.tolist() for b in biases], "cost": cost_name}, f)
    net = load_network(path)
    assert net.cost.__name__ == cost_name and net.activation.name == "sigmoid"
    assert all(np.array_equal(a, b) for a, b in zip(net.weights, weights))
    assert all(np.array_equal(a, b) for a, b in zip(net.biases, biases))


def test_activation_is_kept(tmp_path):
    net = Network([3, 3, 2], activation="tanh", seed=0)
    assert load_network(save_network(net, tmp_path / "t.json")).activation.name == "tanh"


def test_refuses_non_finite_weights(tmp_path):
    net = Network([2, 1], seed=0)
    net.weights[0][0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN or infinite"):
        save_network(net, tmp_path / "bad.json")
    assert list(tmp_path.iterdir()) == []


def test_failed_save_keeps_the_old_file(tmp_path, monkeypatch):
    path = save_network(Network([2, 1], seed=0), tmp_path / "net.json")
    before = path.read_bytes()

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        save_network(Network([2, 1], seed=1), path)
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["net.json"]


GOOD = {"sizes": [2, 1], "weights": [[[0.5, -0.5]]], "biases": [[[0.1]]], "cost": "QuadraticCost"}


@pytest.mark.parametrize("change, message", [
    ({"weights": None}, "missing key 'weights'"),
    ({"cost": None}, "missing key 'cost'"),
    ({"cost": "HingeCost"}, "unknown cost 'HingeCost'; expected one of: QuadraticCost"),
    ({"sizes": [2]}, "'sizes' must be a list of at least two positive integers"),
    ({"sizes": [2, 0]}, "'sizes' must be a list"),
    ({"weights": [[[0.5, -0.5, 1.0]]]}, r"weights\[0\] has shape \(1, 3\); sizes \[2, 1\] need \(1, 2\)"),
    ({"weights": [[[0.5], [1.0, 2.0]]]}, r"weights\[0\] is not a rectangular array"),
    ({"weights": []}, "'weights' must be a list of 1 arrays"),
    ({"biases": [[[0.1], [0.2]]]}, r"biases\[0\] has shape \(2, 1\); sizes \[2, 1\] need \(1, 1\)"),
    ({"activation": "softsign"}, "unknown activation 'softsign'"),
])
def test_malformed_files(tmp_path, change, message):
    data = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match=message) as info:
        load_network(path)
    assert str(info.value).startswith(str(path))


def test_not_json(tmp_path):
    path = tmp_path / "model.json"
    for content, message in [("{not json", "invalid JSON"), ("[1, 2]", "expected a JSON object")]:
        path.write_text(content)
        with pytest.raises(ValueError, match=message):
            load_network(path)
    path.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(ValueError, match="not UTF-8"):
        load_network(path)
    with pytest.raises(FileNotFoundError):
        load_network(tmp_path / "missing.json")


def test_flat_biases_are_accepted(tmp_path):
    path = tmp_path / "model.json"
    path.write_text(json.dumps({**GOOD, "biases": [[0.1]]}))
    assert load_network(path).biases[0].shape == (1, 1)


def test_costs_are_looked_up_when_loading(tmp_path, monkeypatch):
    """A cost registered in nnadl.costs.COSTS after import is found by its class name."""
    FakeCost = type("FakeCost", (costs.QuadraticCost,), {"name": "fake"})
    monkeypatch.setitem(costs.COSTS, "fake", FakeCost)
    net = Network([2, 1], cost=FakeCost, seed=0)
    path = save_network(net, tmp_path / "fake.json")
    assert json.loads(path.read_text())["cost"] == "FakeCost"
    assert load_network(path).cost is FakeCost


def test_a_cost_of_your_own_is_loaded_by_passing_it(tmp_path):
    MyCost = type("MyCost", (costs.QuadraticCost,), {"name": "mine"})
    net = Network([2, 1], cost=MyCost, seed=0)
    path = save_network(net, tmp_path / "mine.json")
    with pytest.raises(ValueError, match=r"unknown cost 'MyCost'.*load_network\(path, cost=YourCost\)"):
        load_network(path)
    assert load_network(path, cost=MyCost).cost is MyCost
    with pytest.raises(ValueError, match="saved with the cost 'MyCost', not 'CrossEntropyCost'"):
        load_network(path, cost=costs.CrossEntropyCost)


def test_a_float32_network_reloads_as_float32(tmp_path):
    net = Network([3, 4, 2], seed=0, dtype=np.float32)
    copy = load_network(save_network(net, tmp_path / "f32.json"))
    assert copy.dtype == np.float32 and all(p.dtype == np.float32 for p in copy.weights + copy.biases)
    assert all(np.array_equal(p, q) for p, q in zip(net.weights + net.biases, copy.weights + copy.biases))


@pytest.mark.parametrize("text,message", [
    ('{"sizes":[3,10000000000,2],"weights":[],"biases":[],"cost":"QuadraticCost"}', "more than 1,000,000,000 parameters"),
    ('{"sizes":[1,1],"weights":[[[1e999]]],"biases":[[[0]]],"cost":"QuadraticCost"}', r"weights\[0\] contains NaN or infinite"),
    ('{"sizes":[1,1],"weights":[[[' + "1" * 400 + ']]],"biases":[[[0]]],"cost":"QuadraticCost"}',
     r"weights\[0\] holds a number too large for a float"),
    ("[" * 100000 + "]" * 100000, "nested too deeply"),
])
def test_a_small_file_cannot_ask_for_much_memory_or_crash_the_reader(tmp_path, text, message):
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(ValueError, match=message) as info:
        load_network(path)
    assert str(path) in str(info.value)


def test_a_conv_file_declaring_a_huge_layer_is_refused_before_building_it(tmp_path):
    """Was: conv.load with n_in=10**12 allocated before looking at the weights."""
    path = tmp_path / "net.npz"
    save_conv(ConvNetwork([FullyConnectedLayer(4, 3), SoftmaxLayer(3, 2)], seed=0), path)
    with np.load(path) as f:
        arrays = {k: f[k] for k in f.files}
    spec = json.loads(str(arrays["spec"]))
    spec["layers"][0]["n_in"] = 10 ** 12
    arrays["spec"] = np.array(json.dumps(spec))
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match=r"'w0' \(layer 1\) has shape \(3, 4\); the layer's spec declares \(3, 1000000000000\)"):
        load_conv(path)


def test_the_training_data_travels_with_the_model(tmp_path):
    net = Network([3, 2], seed=0)
    trained_on = {"data": "embedded", "split_seed": 4, "training_examples": 100}
    assert read_network(save_network(net, tmp_path / "m.json", trained_on)).trained_on == trained_on
    assert read_network(net.save(tmp_path / "m.json")).trained_on is None
    path = tmp_path / "bad.json"
    data = json.loads((tmp_path / "m.json").read_text())
    data["trained_on"] = [1, 2]
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="'trained_on' must be a JSON object"):
        load_network(path)
