import numpy as np
import pytest

from course_lib import data


@pytest.mark.parametrize("name", sorted(data.TOY_SETS))
def test_toy_sets_shapes_and_reproducibility(name):
    make = data.TOY_SETS[name]
    X, y = make(101, np.random.default_rng(0))
    X2, y2 = make(101, np.random.default_rng(0))
    assert X.shape == (101, 2) and y.shape == (101,) and y.dtype == np.int64
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    assert len(np.unique(y)) >= 2


def test_xor_labels_follow_the_signs():
    X, y = data.xor(400, np.random.default_rng(1), noise=0.0)
    np.testing.assert_array_equal(y, (np.sign(X[:, 0]) != np.sign(X[:, 1])).astype(int))


def test_circles_radii():
    X, y = data.circles(200, np.random.default_rng(2), noise=0.0, factor=0.3)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r[y == 0], 1.0)
    np.testing.assert_allclose(r[y == 1], 0.3)


def test_digits_from_the_bundled_copy():
    X, y = data.digits()
    assert X.shape == (1797, 64) and y.shape == (1797,)
    assert X.min() == 0.0 and X.max() == 1.0 and set(np.unique(y)) == set(range(10))
    assert data.digits(dtype=np.float32)[0].dtype == np.float32


def test_train_val_split():
    X = np.arange(20).reshape(10, 2)
    y = np.arange(10)
    X_tr, y_tr, X_val, y_val = data.train_val_split(X, y, 0.2, np.random.default_rng(0))
    assert len(X_val) == 2 and len(X_tr) == 8
    assert sorted(np.r_[y_tr, y_val]) == list(range(10))
    np.testing.assert_array_equal(X_val[:, 0] // 2, y_val)     # rows stay paired with labels
    with pytest.raises(ValueError, match="val_fraction must be in \\(0, 1\\)"):
        data.train_val_split(X, y, 1.0, np.random.default_rng(0))
    with pytest.raises(ValueError, match="same length"):
        data.train_val_split(X, y[:5], 0.2, np.random.default_rng(0))


def test_bad_arguments():
    with pytest.raises(ValueError, match="n must be an integer > 0"):
        data.moons(0, np.random.default_rng(0))
    with pytest.raises(ValueError, match="noise must be in \\[0.0, 1000.0\\]"):
        data.moons(10, np.random.default_rng(0), noise=-1)
