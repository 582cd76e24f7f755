"""Tests for course_lib.ema: the curriculum's worked example, hand-computed averages, validation."""

import numpy as np
import pytest

from course_lib.ema import (
    effective_window,
    ema,
    ema_weights,
    simple_moving_average,
    weighted_moving_average,
)


def test_curriculum_example_raw():
    # β = 0.98, θ = [16, 24], v0 = 0:  v1 = 0.02·16 = 0.32;  v2 = 0.98·0.32 + 0.02·24 = 0.3136 + 0.48 = 0.7936
    np.testing.assert_allclose(ema([16.0, 24.0], beta=0.98), [0.32, 0.7936], rtol=1e-14)


def test_curriculum_example_bias_corrected():
    # v̂1 = 0.32/(1 − 0.98) = 0.32/0.02 = 16;  v̂2 = 0.7936/(1 − 0.98²) = 0.7936/0.0396 ≈ 20.0404
    corrected = ema([16, 24], beta=0.98, bias_correction=True)
    np.testing.assert_allclose(corrected, [16.0, 0.7936 / 0.0396], rtol=1e-12)
    assert corrected[1] == pytest.approx(20.0404, abs=1e-4)


def test_ema_recursion_by_hand_with_beta_half():
    # β = 0.5, θ = [4, 8, 0]: v = 2, 0.5·2 + 4 = 5, 2.5;  corrected: 2/0.5 = 4, 5/0.75, 2.5/0.875
    values = np.array([4.0, 8.0, 0.0])
    np.testing.assert_allclose(ema(values, 0.5), [2.0, 5.0, 2.5], rtol=1e-15)
    corrected = ema(values, 0.5, bias_correction=True)
    np.testing.assert_allclose(corrected, [4.0, 5 / 0.75, 2.5 / 0.875], rtol=1e-15)
    # β = 0: the average is the latest value
    np.testing.assert_allclose(ema(values, 0.0), values, rtol=0)


def test_bias_corrected_ema_of_a_constant_is_that_constant():
    corrected = ema(np.full(200, 3.0), 0.9, bias_correction=True)
    np.testing.assert_allclose(corrected, np.full(200, 3.0), rtol=1e-13)
    raw = ema(np.full(200, 3.0), 0.9)
    assert raw[0] == pytest.approx(0.3) and raw[-1] == pytest.approx(3.0, rel=1e-9)


def test_ema_along_axis_0_and_dtypes():
    rng = np.random.default_rng(0)
    values = rng.normal(size=(30, 2, 3))
    out = ema(values, 0.8, bias_correction=True)
    assert out.shape == (30, 2, 3)
    # each column is averaged on its own
    np.testing.assert_allclose(out[:, 1, 2], ema(values[:, 1, 2], 0.8, bias_correction=True), rtol=1e-15)
    assert ema(values.astype(np.float32), 0.8).dtype == np.float32
    assert ema([1, 2, 3], 0.5).dtype == np.float64
    assert ema(np.zeros((0, 2)), 0.5).shape == (0, 2)


def test_ema_equals_weighted_sum_with_ema_weights():
    # v_T = Σ_k (1 − β)·β^k·θ_{T−k}: the EMA is a weighted sum with exponentially decaying weights
    rng = np.random.default_rng(1)
    theta = rng.normal(size=25)
    weights = ema_weights(0.9, 25)
    np.testing.assert_allclose(ema(theta, 0.9)[-1], weights @ theta[::-1], rtol=1e-13)


def test_ema_weights_by_hand_and_sum():
    # β = 0.9: 0.1, 0.09, 0.081
    np.testing.assert_allclose(ema_weights(0.9, 3), [0.1, 0.09, 0.081], rtol=1e-14)
    # Σ_{k<n} (1 − β)·β^k = 1 − βⁿ, which approaches 1
    for beta in [0.5, 0.9, 0.98]:
        sums = [ema_weights(beta, n).sum() for n in (1, 10, 100, 2000)]
        np.testing.assert_allclose(sums, [1 - beta**n for n in (1, 10, 100, 2000)], rtol=1e-12)
        assert np.all(np.diff(sums) >= 0) and sums[-1] == pytest.approx(1.0, abs=1e-12)


def test_effective_window():
    # 1/(1 − β): β = 0.9 → 10 values, 0.98 → 50, 0.5 → 2  (not 1/(1 + β) as deck 002 writes)
    assert effective_window(0.9) == pytest.approx(10.0)
    assert effective_window(0.98) == pytest.approx(50.0)
    assert effective_window(0.5) == 2.0
    assert effective_window(0.0) == 1.0


def test_simple_moving_average_by_hand():
    values = np.array([1.0, 2.0, 3.0, 4.0, 10.0])
    # window 3: [1], [1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 10] → 1, 1.5, 2, 3, 17/3
    np.testing.assert_allclose(simple_moving_average(values, 3), [1.0, 1.5, 2.0, 3.0, 17 / 3], rtol=1e-15)
    # window 1 is the series itself; a window longer than the series is the running mean
    np.testing.assert_allclose(simple_moving_average(values, 1), values, rtol=0)
    np.testing.assert_allclose(simple_moving_average(values, 10), [1, 1.5, 2, 2.5, 4], rtol=1e-15)


def test_weighted_moving_average_by_hand():
    values = np.array([1.0, 2.0, 3.0, 4.0])
    # window 3, weights 3, 2, 1 for the newest, the one before, the one before that
    # t = 0: only 1 → 1;  t = 1: (3·2 + 2·1)/5 = 8/5;  t = 2: (3·3 + 2·2 + 1·1)/6 = 14/6;
    # t = 3: (3·4 + 2·3 + 1·2)/6 = 20/6
    np.testing.assert_allclose(weighted_moving_average(values, 3), [1.0, 8 / 5, 14 / 6, 20 / 6], rtol=1e-15)
    np.testing.assert_allclose(weighted_moving_average(values, 1), values, rtol=0)


def test_moving_averages_along_axis_0():
    values = np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 30.0]])
    np.testing.assert_allclose(simple_moving_average(values, 2), [[1, 10], [1.5, 15], [2.5, 25]], rtol=1e-15)
    # window 2 (weights 2, 1): t = 1: (2·2 + 1)/3 = 5/3;  t = 2: (2·3 + 2)/3 = 8/3
    np.testing.assert_allclose(
        weighted_moving_average(values, 2), [[1, 10], [5 / 3, 50 / 3], [8 / 3, 80 / 3]], rtol=1e-15
    )
    assert simple_moving_average(values.astype(np.float32), 2).dtype == np.float32
    assert weighted_moving_average(values.astype(np.float32), 2).dtype == np.float32


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: ema([1.0, 2.0], beta=1.0), "beta"),
        (lambda: ema([1.0, 2.0], beta=-0.1), "beta"),
        (lambda: ema(3.0, beta=0.5), "values"),
        (lambda: simple_moving_average([1.0, 2.0], 0), "window"),
        (lambda: simple_moving_average([1.0, 2.0], 2.5), "window"),
        (lambda: weighted_moving_average([1.0, 2.0], -1), "window"),
        (lambda: weighted_moving_average(5.0, 2), "values"),
        (lambda: ema_weights(1.0, 5), "beta"),
        (lambda: ema_weights(0.9, 0), "n"),
        (lambda: effective_window(1.0), "beta"),
    ],
)
def test_bad_arguments_raise_value_error_naming_them(call, argument):
    with pytest.raises(ValueError, match=argument):
        call()
