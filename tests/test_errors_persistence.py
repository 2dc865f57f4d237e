"""Issue 12, persistence: a file is checked against what it declares before anything is built, a float32
network reloads as float32, a cost of your own loads when given, the data split travels with the model."""

import json

import numpy as np
import pytest

from nnadl import costs
from nnadl.conv import FullyConnectedLayer, SoftmaxLayer
from nnadl.conv import Network as ConvNetwork
from nnadl.network2 import Network
from nnadl.formats import read_network
from nnadl.persist import load_conv, load_network, save_conv, save_network


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
