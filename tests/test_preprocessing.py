"""Tests for course_lib.preprocessing: hand-computed values, train statistics on test data, errors."""

import math
import warnings

import numpy as np
import pytest

from course_lib.preprocessing import MinMaxScaler, StandardScaler, UnitNormScaler

X_TRAIN = np.array([[1.0, 10.0], [3.0, 20.0], [5.0, 40.0]])


def test_min_max_by_hand():
    # min = (1, 10), max = (5, 40), max − min = (4, 30)
    scaler = MinMaxScaler().fit(X_TRAIN)
    assert np.array_equal(scaler.min_, [1.0, 10.0]) and np.array_equal(scaler.max_, [5.0, 40.0])
    expected = [[0.0, 0.0], [2 / 4, 10 / 30], [1.0, 1.0]]
    assert np.allclose(scaler.transform(X_TRAIN), expected, rtol=0, atol=1e-15)
    # feature_range (−1, 1): x' = −1 + 2·(x − min)/(max − min)
    scaler = MinMaxScaler(feature_range=(-1.0, 1.0)).fit(X_TRAIN)
    assert np.allclose(scaler.transform(X_TRAIN), [[-1.0, -1.0], [0.0, -1 / 3], [1.0, 1.0]], atol=1e-15)


def test_min_max_applies_train_statistics_to_test_data():
    scaler = MinMaxScaler().fit(X_TRAIN)
    # (7 − 1)/4 = 1.5 (outside [0, 1]: not refit, not clipped);  (25 − 10)/30 = 0.5
    assert np.allclose(scaler.transform([[7.0, 25.0]]), [[1.5, 0.5]], atol=1e-15)


def test_standard_by_hand():
    X = np.array([[1.0, 2.0], [3.0, 2.0], [5.0, 8.0]])
    # column 0: μ = 3, deviations (−2, 0, 2), σ² = (4 + 0 + 4)/3 = 8/3, so x' = (−2, 0, 2)/√(8/3) = (−√1.5, 0, √1.5)
    # column 1: μ = 4, deviations (−2, −2, 4), σ² = (4 + 4 + 16)/3 = 8, so x' = (−2, −2, 4)/√8
    scaler = StandardScaler().fit(X)
    assert np.allclose(scaler.mean_, [3.0, 4.0]) and np.allclose(scaler.std_, [math.sqrt(8 / 3), math.sqrt(8)])
    r, s8 = math.sqrt(1.5), math.sqrt(8)
    assert np.allclose(scaler.transform(X), [[-r, -2 / s8], [0.0, -2 / s8], [r, 4 / s8]], rtol=0, atol=1e-14)
    # test data with the training μ and σ: (3 − 3)/σ₀ = 0;  (4 + 2√8 − 4)/√8 = 2
    assert np.allclose(scaler.transform([[3.0, 4.0 + 2 * s8]]), [[0.0, 2.0]], rtol=0, atol=1e-14)


def test_standardized_training_data_has_mean_zero_and_std_one():
    X = np.random.default_rng(0).normal(loc=[5.0, -3.0, 100.0], scale=[0.1, 2.0, 30.0], size=(200, 3))
    Z = StandardScaler().fit_transform(X)
    assert np.allclose(Z.mean(axis=0), 0.0, atol=1e-12)
    assert np.allclose(Z.std(axis=0), 1.0, atol=1e-12)


def test_test_data_is_not_refit():
    rng = np.random.default_rng(1)
    train, test = rng.normal(0.0, 1.0, size=(50, 2)), rng.normal(3.0, 5.0, size=(20, 2))
    scaler = StandardScaler().fit(train)
    Z = scaler.transform(test)
    assert np.allclose(Z, (test - train.mean(axis=0)) / train.std(axis=0))
    assert abs(Z.mean()) > 1.0, "test data keeps its shift relative to the training data"
    mm = MinMaxScaler().fit(train)
    assert np.allclose(mm.transform(test), (test - train.min(axis=0)) / np.ptp(train, axis=0))


def test_unit_norm_by_hand():
    X = np.array([[3.0, 4.0], [0.0, 0.0], [1.0, 1.0]])
    # ‖(3, 4)‖ = 5 → (0.6, 0.8);  the zero row stays zero;  ‖(1, 1)‖ = √2
    out = UnitNormScaler().fit_transform(X)
    h = 1 / math.sqrt(2)
    assert np.allclose(out, [[0.6, 0.8], [0.0, 0.0], [h, h]], rtol=0, atol=1e-15)
    # nothing is learned: fitting on other data gives the same transform
    assert np.array_equal(UnitNormScaler().fit(np.ones((1, 2))).transform(X), out)
    assert not hasattr(UnitNormScaler(), "inverse_transform")


def test_constant_feature_gives_no_nan():
    X = np.array([[1.0, 7.0], [2.0, 7.0], [4.0, 7.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no divide-by-zero or invalid-value warnings either
        mm = MinMaxScaler().fit(X)
        st = StandardScaler().fit(X)
        # the constant column uses scale 1: it maps to lo = 0 (min-max) or 0 (standard), and a
        # test value 9 maps to 9 − 7 = 2 in both
        assert np.array_equal(mm.transform(X)[:, 1], [0.0, 0.0, 0.0])
        assert np.array_equal(st.transform(X)[:, 1], [0.0, 0.0, 0.0])
        assert mm.transform([[1.0, 9.0]])[0, 1] == 2.0 and st.transform([[1.0, 9.0]])[0, 1] == 2.0
        assert np.all(np.isfinite(UnitNormScaler().fit_transform(np.zeros((2, 3)))))


@pytest.mark.parametrize("scaler", [MinMaxScaler(), MinMaxScaler((-2.0, 5.0)), StandardScaler()])
def test_round_trip(scaler):
    X = np.random.default_rng(2).normal(size=(30, 4)) * [1.0, 10.0, 0.01, 0.0] + [0.0, 5.0, -2.0, 3.0]
    assert np.allclose(scaler.fit(X).inverse_transform(scaler.transform(X)), X, rtol=1e-12, atol=1e-12)
    test = np.random.default_rng(3).normal(size=(5, 4))
    assert np.allclose(scaler.inverse_transform(scaler.transform(test)), test, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("cls", [MinMaxScaler, StandardScaler, UnitNormScaler])
def test_fit_returns_self_fit_transform_and_dtypes(cls):
    X = np.random.default_rng(4).normal(size=(10, 3))
    scaler = cls()
    assert scaler.fit(X) is scaler
    assert np.allclose(cls().fit_transform(X), cls().fit(X).transform(X), rtol=0, atol=0)
    assert scaler.transform(X.astype(np.float32)).dtype == np.float32
    assert cls().fit_transform(np.arange(6).reshape(3, 2)).dtype == np.float64


@pytest.mark.parametrize("cls", [MinMaxScaler, StandardScaler, UnitNormScaler])
def test_errors(cls):
    with pytest.raises(ValueError, match="not fitted yet: call fit"):
        cls().transform(X_TRAIN)
    scaler = cls().fit(X_TRAIN)
    with pytest.raises(ValueError, match="expected 2, got 3"):
        scaler.transform(np.ones((4, 3)))
    with pytest.raises(ValueError, match="2-D"):
        scaler.transform(np.ones(2))
    with pytest.raises(ValueError, match="2-D"):
        cls().fit([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="n_samples"):
        cls().fit(np.ones((0, 2)))


def test_inverse_transform_errors():
    with pytest.raises(ValueError, match="not fitted yet: call fit"):
        StandardScaler().inverse_transform(X_TRAIN)
    with pytest.raises(ValueError, match="expected 2, got 1"):
        MinMaxScaler().fit(X_TRAIN).inverse_transform(np.ones((3, 1)))


@pytest.mark.parametrize("feature_range", [(1.0, 0.0), (0.0, 0.0), (0.0, float("inf")), (0.0, 1.0, 2.0), "ab"])
def test_bad_feature_range(feature_range):
    with pytest.raises(ValueError, match="feature_range"):
        MinMaxScaler(feature_range)
