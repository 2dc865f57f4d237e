"""nnadl.expand: shifting and rotating images."""

import numpy as np
import pytest

from nnadl.expand import BOOK_SHIFTS, expand, rotate, shift


def _digits(n=6, seed=0):
    """Random 28 x 28 'images' whose pixels are 0 near the border, like MNIST."""
    rng = np.random.default_rng(seed)
    images = np.zeros((n, 28, 28))
    images[:, 4:24, 4:24] = rng.random((n, 20, 20))
    return images.reshape(n, 784), rng.integers(0, 10, n)


@pytest.mark.parametrize("rows,cols", [(1, 0), (-1, 0), (0, 1), (0, -1), (2, -3)])
def test_shift_moves_a_pixel_where_expected(rows, cols):
    X = np.zeros((1, 784))
    X[0, 10 * 28 + 12] = 1.0  # row 10, column 12
    out = shift(X, rows, cols).reshape(28, 28)
    assert out[10 + rows, 12 + cols] == 1.0 and out.sum() == 1.0


def test_shift_matches_the_books_roll_and_blank():
    X, _ = _digits()
    X[:, :28] = 1.0  # a non-empty top row, so the blanking matters
    image = X[0].reshape(28, 28)
    for (rows, cols), (d, axis, index_position, index) in zip(
            BOOK_SHIFTS, [(1, 0, "first", 0), (-1, 0, "first", 27), (1, 1, "last", 0), (-1, 1, "last", 27)]):
        book = np.roll(image, d, axis)
        if index_position == "first":
            book[index, :] = 0
        else:
            book[:, index] = 0
        assert np.array_equal(shift(X[:1], rows, cols)[0].reshape(28, 28), book)


def test_shift_off_the_image_leaves_zeros_and_input_unchanged():
    X, _ = _digits(2)
    before = X.copy()
    assert not shift(X, 28, 0).any()
    assert np.array_equal(X, before)


def test_rotation_by_zero_is_the_identity():
    X, _ = _digits()
    assert np.array_equal(rotate(X, 0.0), X)
    assert np.array_equal(rotate(X.reshape(-1, 28, 28), np.zeros(len(X))), X.reshape(-1, 28, 28))


def test_rotation_moves_a_pixel_anticlockwise():
    X = np.zeros((1, 28, 28))
    X[0, 3, 20] = 1.0  # up and to the right of the centre (13.5, 13.5)
    # 90 degrees anticlockwise: (row, col) -> (27 - col, row)
    out = rotate(X, 90.0)[0]
    assert out[7, 3] == pytest.approx(1.0, abs=1e-12) and out.sum() == pytest.approx(1.0, abs=1e-12)
    out = rotate(X, -90.0)[0]  # clockwise: (row, col) -> (col, 27 - row)
    assert out[20, 24] == pytest.approx(1.0, abs=1e-12)


def test_small_rotation_interpolates_and_keeps_mass_roughly():
    X, _ = _digits(4)
    out = rotate(X, 8.0)
    assert out.min() >= 0 and out.max() <= 1 + 1e-12
    np.testing.assert_allclose(out.sum(axis=1), X.sum(axis=1), rtol=0.02)
    assert not np.allclose(out, X)


def test_rotation_one_angle_per_image():
    X, _ = _digits(3)
    angles = np.array([5.0, -7.0, 0.0])
    out = rotate(X, angles)
    for i, angle in enumerate(angles):
        assert np.array_equal(out[i], rotate(X[i:i + 1], angle)[0])


def test_expand_like_the_book():
    X, y = _digits(6)
    Xe, ye = expand(X, y, shuffle=False)
    assert Xe.shape == (30, 784) and ye.shape == (30,)
    assert np.array_equal(Xe[:6], X) and np.array_equal(Xe[6:12], shift(X, 1, 0))
    assert np.array_equal(ye, np.tile(y, 5))


def test_expand_keeps_labels_with_their_images_after_shuffling():
    X, y = _digits(6)
    Y = np.eye(10)[y]  # one-hot rows travel as well as integer labels
    Xe, Ye = expand(X, Y, rotations=2, seed=1)
    assert Xe.shape == (6 * 7, 784) and Ye.shape == (6 * 7, 10)
    # each original image appears once, with its own label
    for i in range(6):
        rows = np.flatnonzero((Xe == X[i]).all(axis=1))
        assert len(rows) == 1 and np.array_equal(Ye[rows[0]], Y[i])


def test_every_copy_carries_the_label_of_its_source():
    # Image i is a block of constant intensity (i + 1) / 10: shifts and small rotations keep
    # that value inside the block, so each copy names its source by its largest pixel.
    n = 6
    X = np.zeros((n, 28, 28))
    for i in range(n):
        X[i, 8:20, 9:19] = (i + 1) / 10
    y = np.array([3, 1, 4, 1, 5, 9])
    Xe, ye = expand(X.reshape(n, 784), y, rotations=3, seed=2)
    source = np.rint(Xe.max(axis=1) * 10).astype(int) - 1
    np.testing.assert_allclose(Xe.max(axis=1), (source + 1) / 10, atol=1e-12)
    assert np.array_equal(ye, y[source])
    assert np.array_equal(np.bincount(source), [8] * n)  # 1 + 4 shifts + 3 rotations each


def test_expand_is_reproducible_under_a_seed_and_returns_new_arrays():
    X, y = _digits(5)
    before = X.copy()
    a = expand(X, y, rotations=1, seed=3)
    b = expand(X, y, rotations=1, seed=3)
    c = expand(X, y, rotations=1, seed=4)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])
    assert np.array_equal(X, before) and not np.shares_memory(a[0], X)


def test_expand_stack_form_and_errors():
    X, y = _digits(2)
    Xe, _ = expand(X.reshape(2, 28, 28), y, shifts=(), rotations=1, seed=0)
    assert Xe.shape == (4, 28, 28)
    with pytest.raises(ValueError, match="expected"):
        expand(np.zeros((2, 10)), y)
    with pytest.raises(ValueError, match="labels"):
        expand(X, y[:1])


@pytest.mark.parametrize("rows, cols, message", [
    (2.5, 0, "rows must be a whole number of pixels; got 2.5"),  # was a shift by 2
    (0, -0.5, "cols must be a whole number of pixels; got -0.5"),
    (np.nan, 0, "rows must be a whole number of pixels; got nan"),
    (True, 0, "rows must be a whole number of pixels; got True"),
])
def test_shift_refuses_fractions_of_a_pixel(rows, cols, message):
    with pytest.raises(ValueError, match=message):
        shift(np.zeros((1, 784)), rows, cols)


def test_shift_accepts_whole_floats_and_numpy_ints():
    X = np.arange(9.0).reshape(1, 9)
    assert np.array_equal(shift(X, 1.0, np.int64(-1)), shift(X, 1, -1))
