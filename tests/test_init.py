import numpy as np
import pytest

from course_lib import init

FAN_IN, FAN_OUT = 400, 100
EXPECTED_VAR = {
    "lecun": 1 / FAN_IN,
    "glorot": 2 / (FAN_IN + FAN_OUT),
    "he": 2 / FAN_IN,
}


@pytest.mark.parametrize("scheme", sorted(EXPECTED_VAR))
@pytest.mark.parametrize("distribution", ["normal", "uniform"])
def test_named_initializers_have_the_formula_variance(scheme, distribution):
    fn = getattr(init, f"{scheme}_{distribution}")
    W = fn((FAN_IN, FAN_OUT), np.random.default_rng(0))
    assert W.shape == (FAN_IN, FAN_OUT)
    var = EXPECTED_VAR[scheme]
    # 40,000 samples: the sample variance is within a few percent (its relative sd is ≈ √(2/n) ≈ 0.7%).
    assert W.var() == pytest.approx(var, rel=0.04)
    assert abs(W.mean()) < 4 * np.sqrt(var / W.size)
    if distribution == "uniform":
        limit = np.sqrt(3 * var)
        assert np.abs(W).max() <= limit and np.abs(W).max() > 0.99 * limit
    else:
        # A normal, not truncated: some samples lie beyond 2σ (≈4.6% of them).
        beyond = np.mean(np.abs(W) > 2 * np.sqrt(var))
        assert 0.035 < beyond < 0.057


def test_variance_scaling_modes_and_fixed_normal():
    rng = np.random.default_rng(1)
    W = init.variance_scaling((50, 800), 1.0, "fan_out", "normal", rng)
    assert W.var() == pytest.approx(1 / 800, rel=0.04)
    assert init.get("normal_0.01")((300, 300), rng).std() == pytest.approx(0.01, rel=0.02)
    assert init.get("normal_1")((300, 300), rng).std() == pytest.approx(1.0, rel=0.02)


def test_same_seed_same_weights():
    a = init.he_uniform((3, 4), np.random.default_rng(7))
    b = init.he_uniform((3, 4), np.random.default_rng(7))
    np.testing.assert_array_equal(a, b)


def test_bad_arguments():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="mode must be one of"):
        init.variance_scaling((2, 2), 1.0, "fan_both", "normal", rng)
    with pytest.raises(ValueError, match="distribution must be one of"):
        init.variance_scaling((2, 2), 1.0, "fan_in", "truncated", rng)
    with pytest.raises(ValueError, match="scale must be a number > 0"):
        init.variance_scaling((2, 2), 0.0, "fan_in", "normal", rng)
    with pytest.raises(ValueError, match="shape must be"):
        init.he_normal((0, 3), rng)
    with pytest.raises(ValueError, match="init must be one of"):
        init.get("xavier")
