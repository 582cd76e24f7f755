"""Tests for course_lib.schedules: values worked out by hand, vectorised calls, validation."""

import numpy as np
import pytest

from course_lib.schedules import (
    SCHEDULES,
    constant,
    exponential_decay,
    inverse_time_decay,
    invscaling,
)


def test_constant():
    schedule = constant(0.1)
    assert schedule(0) == 0.1
    assert schedule(12345) == 0.1
    np.testing.assert_array_equal(schedule(np.arange(4)), [0.1, 0.1, 0.1, 0.1])


def test_exponential_decay_by_hand():
    staircase = exponential_decay(0.1, decay_rate=0.5, decay_steps=10, staircase=True)
    smooth = exponential_decay(0.1, decay_rate=0.5, decay_steps=10)
    # t = 25, staircase: 0.1·0.5^⌊25/10⌋ = 0.1·0.5² = 0.025
    assert staircase(25) == pytest.approx(0.025, rel=1e-15)
    # t = 25, smooth: 0.1·0.5^2.5 = 0.1·0.1767767 = 0.01767767
    assert smooth(25) == pytest.approx(0.1 * 0.5**2.5, rel=1e-15)
    assert smooth(25) == pytest.approx(0.01767767, rel=1e-6)
    # at multiples of τ the two agree: t = 0 → 0.1, t = 10 → 0.05, t = 30 → 0.0125
    for t, lr in [(0, 0.1), (10, 0.05), (30, 0.0125)]:
        assert staircase(t) == pytest.approx(lr, rel=1e-15)
        assert smooth(t) == pytest.approx(lr, rel=1e-15)
    # staircase is flat inside a period: t = 10..19 all give 0.05
    np.testing.assert_allclose(staircase(np.arange(10, 20)), np.full(10, 0.05), rtol=1e-15)


def test_exponential_decay_rate_one_is_constant():
    np.testing.assert_allclose(exponential_decay(0.3, 1.0, 5)(np.arange(50)), np.full(50, 0.3), rtol=1e-15)


def test_inverse_time_decay_by_hand():
    staircase = inverse_time_decay(0.1, decay_rate=0.5, decay_steps=10, staircase=True)
    smooth = inverse_time_decay(0.1, decay_rate=0.5, decay_steps=10)
    # t = 25, staircase: 0.1/(1 + 0.5·⌊2.5⌋) = 0.1/2 = 0.05;  smooth: 0.1/(1 + 0.5·2.5) = 0.1/2.25
    assert staircase(25) == pytest.approx(0.05, rel=1e-15)
    assert smooth(25) == pytest.approx(0.1 / 2.25, rel=1e-15)
    assert smooth(0) == staircase(0) == 0.1
    # deck 000's recipe: InverseTimeDecay(0.1, decay_steps=1, decay_rate=0.5, staircase=True)
    recipe = inverse_time_decay(0.1, decay_rate=0.5, decay_steps=1, staircase=True)
    # t = 0, 1, 2, 4 → 0.1/1, 0.1/1.5, 0.1/2, 0.1/3
    np.testing.assert_allclose(recipe(np.array([0, 1, 2, 4])), [0.1, 0.1 / 1.5, 0.05, 0.1 / 3], rtol=1e-15)
    # decay_rate = 0 means no decay
    np.testing.assert_allclose(inverse_time_decay(0.2, 0.0, 3)(np.arange(9)), np.full(9, 0.2), rtol=1e-15)


def test_invscaling_by_hand():
    schedule = invscaling(0.1, power_t=0.5)
    # α0/(t + 1)^0.5: t = 0 → 0.1;  t = 3 → 0.1/2;  t = 8 → 0.1/3;  t = 99 → 0.1/10
    np.testing.assert_allclose(schedule(np.array([0, 3, 8, 99])), [0.1, 0.05, 0.1 / 3, 0.01], rtol=1e-15)
    # power 1: α0/(t + 1), i.e. scikit-learn's α0/tᵉ with t counted from 1
    harmonic = invscaling(1.0, power_t=1.0)
    np.testing.assert_allclose(harmonic(np.arange(4)), [1, 1 / 2, 1 / 3, 1 / 4], rtol=1e-15)
    # power 0: constant
    assert invscaling(0.3, power_t=0)(50) == 0.3


@pytest.mark.parametrize(
    "schedule",
    [
        constant(0.1),
        exponential_decay(0.1, 0.9, 3),
        exponential_decay(0.1, 0.9, 3, staircase=True),
        inverse_time_decay(0.1, 0.5, 3),
        inverse_time_decay(0.1, 0.5, 3, staircase=True),
        invscaling(0.1, 0.7),
    ],
)
def test_vectorised_equals_one_at_a_time(schedule):
    t = np.arange(40)
    lrs = schedule(t)
    assert isinstance(lrs, np.ndarray) and lrs.shape == (40,)
    np.testing.assert_allclose(lrs, [schedule(int(k)) for k in t], rtol=1e-15)
    # a single step gives a python float, so it cannot upcast float32 parameters
    assert type(schedule(5)) is float and type(schedule(np.int64(5))) is float
    # non-increasing, starting at lr0
    assert lrs[0] == pytest.approx(0.1, rel=1e-15)
    assert np.all(np.diff(lrs) <= 0)
    # a 2-D grid of steps keeps its shape
    assert schedule(np.arange(6).reshape(2, 3)).shape == (2, 3)


def test_names_describe_the_call():
    assert constant(0.1).__name__ == "constant(lr0=0.1)"
    assert exponential_decay(0.1, 0.5, 10, staircase=True).__name__ == (
        "exponential_decay(lr0=0.1, decay_rate=0.5, decay_steps=10, staircase=True)"
    )
    assert invscaling(0.1).__name__ == "invscaling(lr0=0.1, power_t=0.5)"


def test_schedules_dict():
    assert SCHEDULES == {
        "constant": constant,
        "exponential_decay": exponential_decay,
        "inverse_time_decay": inverse_time_decay,
        "invscaling": invscaling,
    }


@pytest.mark.parametrize(
    ("make", "argument"),
    [
        (lambda: constant(0), "lr0"),
        (lambda: constant(-0.1), "lr0"),
        (lambda: exponential_decay(0, 0.5, 10), "lr0"),
        (lambda: exponential_decay(0.1, 0.0, 10), "decay_rate"),
        (lambda: exponential_decay(0.1, 1.5, 10), "decay_rate"),
        (lambda: exponential_decay(0.1, -0.5, 10), "decay_rate"),
        (lambda: exponential_decay(0.1, 0.5, 0), "decay_steps"),
        (lambda: exponential_decay(0.1, 0.5, 2.5), "decay_steps"),
        (lambda: exponential_decay(0.1, 0.5, 10, staircase="yes"), "staircase"),
        (lambda: inverse_time_decay(-1, 0.5, 10), "lr0"),
        (lambda: inverse_time_decay(0.1, -0.5, 10), "decay_rate"),
        (lambda: inverse_time_decay(0.1, 0.5, 0), "decay_steps"),
        (lambda: inverse_time_decay(0.1, 0.5, 1, staircase=None), "staircase"),
        (lambda: invscaling(0.0), "lr0"),
        (lambda: invscaling(0.1, power_t=-0.5), "power_t"),
    ],
)
def test_bad_arguments_raise_value_error_naming_them(make, argument):
    with pytest.raises(ValueError, match=argument):
        make()


def test_negative_step_raises():
    with pytest.raises(ValueError, match="t must be"):
        invscaling(0.1)(-1)
    with pytest.raises(ValueError, match="t must be"):
        constant(0.1)(np.array([0, 1, -2]))
