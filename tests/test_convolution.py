"""nnadl.convolution: convolution and max-pooling, each against nested loops and finite differences."""

import numpy as np
import pytest

from nnadl.convolution import conv_backward, conv_forward, im2col, max_pool, max_pool_backward
from nnadl.gradcheck import numerical_gradient, relative_error


TOL = 1e-6


def conv_loops(x, w, b):
    """Equation (125) written out with nested loops over every index."""
    m, c, h, width = x.shape
    f, _, fh, fw = w.shape
    z = np.zeros((m, f, h - fh + 1, width - fw + 1))
    for i in range(m):
        for k in range(f):
            for j in range(h - fh + 1):
                for q in range(width - fw + 1):
                    total = b[k]
                    for cc in range(c):
                        for l in range(fh):
                            for mm in range(fw):
                                total += w[k, cc, l, mm] * x[i, cc, j + l, q + mm]
                    z[i, k, j, q] = total
    return z


@pytest.mark.parametrize("shape,filters", [((2, 1, 6, 7), (3, 1, 3, 2)), ((3, 2, 5, 5), (2, 2, 2, 3)),
                                           ((1, 3, 4, 4), (1, 3, 4, 4))])
def test_conv_matches_nested_loops(shape, filters):
    rng = np.random.default_rng(0)
    x, w, b = rng.normal(size=shape), rng.normal(size=filters), rng.normal(size=filters[0])
    z, _ = conv_forward(x, w, b)
    assert np.max(np.abs(z - conv_loops(x, w, b))) < 1e-12


def test_conv_is_cross_correlation_not_flipped():
    x = np.zeros((1, 1, 3, 3)); x[0, 0, 0, 0] = 1.0
    w = np.arange(4.0).reshape(1, 1, 2, 2)
    z, _ = conv_forward(x, w)
    assert z[0, 0, 0, 0] == w[0, 0, 0, 0]  # a true convolution would give w[0, 0, 1, 1]


def test_im2col_shape_and_order():
    x = np.arange(2 * 2 * 4 * 5, dtype=float).reshape(2, 2, 4, 5)
    cols = im2col(x, 2, 3)
    assert cols.shape == (2, 2 * 2 * 3, 3 * 3) and cols.flags.c_contiguous
    # row (c=1, l=1, m=2), column (j=2, k=1) holds x[i, 1, 3, 3]
    assert cols[1, 1 * 6 + 1 * 3 + 2, 2 * 3 + 1] == x[1, 1, 3, 3]


@pytest.mark.parametrize("shape,filters", [((2, 1, 6, 6), (3, 1, 3, 3)), ((2, 2, 5, 6), (2, 2, 2, 3))])
def test_conv_gradients(shape, filters):
    rng = np.random.default_rng(1)
    x, w, b = rng.normal(size=shape), rng.normal(size=filters), rng.normal(size=filters[0])
    z, cols = conv_forward(x, w, b)
    g = rng.normal(size=z.shape)  # C = sum(g * z): dC/dz = g

    def cost():
        return float(np.sum(g * conv_forward(x, w, b)[0]))

    nabla_x, nabla_w, nabla_b = conv_backward(g, cols, w, x.shape)
    assert relative_error(numerical_gradient(cost, w), nabla_w) < TOL
    assert relative_error(numerical_gradient(cost, b), nabla_b) < TOL
    assert relative_error(numerical_gradient(cost, x), nabla_x) < TOL
    assert conv_backward(g, cols, w, x.shape, need_input_grad=False)[0] is None


def test_max_pool_forward_ignores_border():
    z = np.arange(2 * 3 * 5 * 7, dtype=float).reshape(2, 3, 5, 7)
    pooled = max_pool(z, (2, 3))
    assert pooled.shape == (2, 3, 2, 2)
    expected = np.array([[z[i, c, 2 * p:2 * p + 2, 3 * q:3 * q + 3].max() for q in range(2) for p in range(2)]
                         for i in range(2) for c in range(3)])
    assert np.array_equal(np.sort(pooled.reshape(6, 4)), np.sort(expected))
    assert pooled[1, 2, 1, 1] == z[1, 2, 3, 5]


@pytest.mark.parametrize("poolsize", [(2, 2), (3, 2), (1, 1)])
def test_max_pool_gradient(poolsize):
    rng = np.random.default_rng(2)
    z = rng.normal(size=(2, 3, 7, 6))
    pooled = max_pool(z, poolsize)
    g = rng.normal(size=pooled.shape)
    nabla = max_pool_backward(g, z, pooled, poolsize)
    assert relative_error(numerical_gradient(lambda: float(np.sum(g * max_pool(z, poolsize))), z), nabla) < TOL


def test_max_pool_gradient_with_exact_ties():
    """Two equal maxima in many windows: the gradient is split equally, as central differences see it."""
    rng = np.random.default_rng(3)
    z = rng.normal(size=(2, 2, 4, 6))
    windows = z.reshape(2, 2, 2, 2, 3, 2)  # (m, f, hp, ph, wp, pw) view of z
    windows[:, :, :, 1, :, 1] = windows[:, :, :, 0, :, 0] = 5.0 + rng.integers(0, 3, size=(2, 2, 2, 3))
    pooled = max_pool(z)
    assert np.sum(z == 5.0) >= 2  # exact ties exist
    g = rng.normal(size=pooled.shape)
    nabla = max_pool_backward(g, z, pooled)
    numeric = numerical_gradient(lambda: float(np.sum(g * max_pool(z))), z)
    assert relative_error(numeric, nabla) < TOL
    assert np.allclose(nabla[0, 0, 0, 0], g[0, 0, 0, 0] / 2)
    # every window's gradient is routed in full, however it is split
    assert np.allclose(nabla.reshape(2, 2, 2, 2, 3, 2).sum(axis=(3, 5)), g)
