"""nnadl.bumps: a sigmoid neuron with a large weight steps where the chapter says, two steps make a bump."""

import numpy as np
import pytest

from nnadl import bumps
from nnadl.activations import sigmoid

@pytest.mark.parametrize("w, b", [(1000.0, -400.0), (50.0, 10.0), (-300.0, 90.0)])
def test_step_position_is_minus_b_over_w(w, b):
    s = bumps.step_position(w, b)
    assert s == pytest.approx(-b / w)
    assert float(sigmoid(w * s + b)) == pytest.approx(0.5)  # half-way up exactly at s
    assert bumps.step_bias(s, w) == pytest.approx(b)


def test_large_weight_makes_a_step():
    x = np.array([0.3, 0.39, 0.41, 0.5])
    out = bumps.step_neuron(x, 0.4, 1e4)
    assert out.round(12).tolist() == [0.0, 0.0, 1.0, 1.0]


def test_bump_height_and_support():
    x = np.array([0.2, 0.45, 0.55, 0.8])
    out = bumps.bump(x, 0.4, 0.6, 0.7, 1e4)
    assert np.allclose(out, [0.0, 0.7, 0.7, 0.0], atol=1e-12)


def test_edges_cover_unit_interval_with_outer_edges_outside():
    for n in (1, 3, 10):
        for offset in (0.0, 0.3 / n):
            edges, mids = bumps.bump_edges(n, offset=offset)
            assert np.all(np.diff(edges) > 0)
            assert edges[0] < 0 and edges[-1] > 1
            assert np.all((mids > 0) & (mids < 1))
    with pytest.raises(ValueError):
        bumps.bump_edges(0)
