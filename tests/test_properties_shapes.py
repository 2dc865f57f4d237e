"""Property-based tests of the class "layer sizes, shapes, seeds, dtypes" (issue 21): every argument that
is a list of sizes, a shape, a pool size or a dtype, with members of each kind of bad value (empty, too
short, zero or negative sizes, floats, bools, strings, huge sizes, nested lists; complex, integer, bool,
object and text dtypes).

The contract: the documented result, or a ValueError or TypeError naming the argument; never
MemoryError, OverflowError, IndexError, a RuntimeWarning or a ComplexWarning.
"""

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from properties_support import DOCUMENTED, call, check_refusal
from nnadl import convolution, datasets, gradients, layers, mnist_loader, network, network2, network3

BAD_SIZE_ITEMS = [0, -1, 2.5, 2.0, True, "4", None, 10**12, 2**64, np.nan, 1j, np.float64(2.0), [4], ()]
BAD_DTYPES = [np.complex128, np.complex64, np.int32, np.int64, np.uint8, bool, object, str, "float", "f8",
              "banana", None, 3, np.float16, np.longdouble, "complex128", np.dtype("V8"), np.datetime64]


def sizes_lists():
    """Lists of layer sizes with at least one bad member, or of a bad length."""
    good = st.integers(1, 5)
    item = st.one_of(good, st.sampled_from(BAD_SIZE_ITEMS))
    return st.one_of(
        st.lists(item, min_size=2, max_size=4).filter(lambda s: not all(isinstance(v, int) and not isinstance(v, bool)
                                                                          and 1 <= v for v in s)),
        st.lists(good, max_size=1),
        st.sampled_from([np.array([4, 2.5]), "42", {4: 2}, None, 42, [[4, 2]], np.array([[4, 2]])]),
    )


SIZES_TAKERS = {
    "network.Network": lambda s: network.Network(s, seed=0),
    "network.check_sizes": network.check_sizes,
    "network2.Network": lambda s: network2.Network(s, seed=0),
    "gradients.initial_speeds": lambda s: gradients.initial_speeds(s, np.zeros((2, 4)), np.zeros(2, int), seeds=[0]),
    "gradients.exploding_network": lambda s: gradients.exploding_network(s),
    "mnist_loader.load_embedded": lambda s: mnist_loader.load_embedded(0, s),
}


@pytest.mark.parametrize("taker", SIZES_TAKERS)
@given(sizes=sizes_lists())
def test_bad_layer_sizes(taker, sizes):
    outcome = call(SIZES_TAKERS[taker], sizes)
    if outcome.refused:
        check_refusal(outcome, ("sizes", "layer sizes"), DOCUMENTED)
    else:  # only sizes that mean sizes: whole numbers (2.0 taken as 2 at most), every one >= 1
        as_list = list(sizes) if not isinstance(sizes, (str, dict)) else [sizes]
        assert all(np.ndim(v) == 0 and not isinstance(v, (bool, str, complex)) and v == int(v) and v >= 0
                   for v in as_list), f"{taker} accepted sizes {sizes!r}"


DTYPE_TAKERS = {
    "network2.Network": lambda t: network2.Network([4, 2], seed=0, dtype=t),
    "network3.Network": lambda t: network3.Network([layers.FullyConnectedLayer(4, 3), layers.SoftmaxLayer(3, 2)], dtype=t),
    "datasets.as_arrays": lambda t: datasets.as_arrays((np.zeros((2, 4)), np.array([0, 1])), 4, 2, dtype=t),
}


@pytest.mark.parametrize("taker", DTYPE_TAKERS)
@pytest.mark.parametrize("dtype", BAD_DTYPES, ids=repr)
def test_dtypes(taker, dtype):
    outcome = call(DTYPE_TAKERS[taker], dtype)
    if outcome.refused:
        check_refusal(outcome, ("dtype",), DOCUMENTED)
        return
    kind = np.dtype(outcome.value[0].dtype if isinstance(outcome.value, tuple) else outcome.value.dtype).kind
    assert kind == "f", f"{taker} accepted dtype {dtype!r} and made {kind!r} arrays"


SHAPE_TAKERS = {
    "layers.ConvPoolLayer(filter_shape)": lambda v: layers.ConvPoolLayer(v, (2, 1, 6, 6), seed=0),
    "layers.ConvPoolLayer(image_shape)": lambda v: layers.ConvPoolLayer((2, 1, 3, 3), v, seed=0),
    "layers.ConvPoolLayer(poolsize)": lambda v: layers.ConvPoolLayer((2, 1, 3, 3), (2, 1, 6, 6), poolsize=v, seed=0),
    "convolution.max_pool(poolsize)": lambda v: convolution.max_pool(np.zeros((1, 1, 4, 4)), v),
    "convolution.im2col(poolsize)": lambda v: convolution.im2col(np.zeros((1, 1, 4, 4)), 1, 1, v),
    "convolution.max_pool_backward(poolsize)": lambda v: convolution.max_pool_backward(
        np.ones((1, 1, 2, 2)), np.zeros((1, 1, 4, 4)), np.zeros((1, 1, 2, 2)), v),
}
SHAPE_NAMES = {"layers.ConvPoolLayer(filter_shape)": "filter_shape", "layers.ConvPoolLayer(image_shape)": "image_shape"}


def bad_shapes():
    item = st.one_of(st.integers(-2, 3), st.sampled_from([2.5, 2.0, True, "2", None, np.nan, 10**12, 1j]))
    return st.one_of(st.lists(item, max_size=5).map(tuple), st.sampled_from([None, 2, "22", (2, 2, 2)]))


@pytest.mark.parametrize("taker", SHAPE_TAKERS)
@given(shape=bad_shapes())
@example(shape=(10**12, 10**12))  # found by the thorough profile: max_pool looped 10**12 times
@example(shape=(1, 1, 1, 1))  # thorough: an image too small for the filter, the message named no argument
@example(shape=(1, 3))  # thorough: max_pool_backward broadcast a poolsize that does not fit pooled
def test_bad_shapes(taker, shape):
    outcome = call(SHAPE_TAKERS[taker], shape)
    name = SHAPE_NAMES.get(taker, "poolsize")
    if outcome.refused:
        check_refusal(outcome, (name,), DOCUMENTED)
    else:
        assert all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) and v >= 1 for v in shape), (
            f"{taker} accepted {name}={shape!r}")
