"""Tests for course_lib.surfaces: analytic gradients, minima, and trajectories."""

import math
import warnings

import numpy as np
import pytest

from course_lib.surfaces import (
    SURFACES,
    Surface,
    beale,
    diverged_at,
    himmelblau,
    quadratic,
    rosenbrock,
    saddle,
    trajectory,
)


def gd(w, g, state, lr):
    """Plain gradient descent, local to the tests so they do not depend on course_lib.optim."""
    return w - lr * g, state


ALL = [quadratic(), quadratic(condition_number=50.0, angle=0.0), rosenbrock(), rosenbrock(a=2.0, b=5.0),
       saddle(), beale(), himmelblau()]
IDS = [f"{s.name}-{i}" for i, s in enumerate(ALL)]


def numeric_grad(s, x, y, h=1e-6):
    """Central differences (f(x+h) − f(x−h))/2h; error O(h²) plus round-off O(ε·f/h)."""
    return (s.f(x + h, y) - s.f(x - h, y)) / (2 * h), (s.f(x, y + h) - s.f(x, y - h)) / (2 * h)


def numeric_hessian(s, x, y, h=1e-5):
    """Central differences of the analytic gradient: a 2×2 matrix."""
    H = np.empty((2, 2))
    H[:, 0] = (np.array(s.grad(x + h, y)) - np.array(s.grad(x - h, y))) / (2 * h)
    H[:, 1] = (np.array(s.grad(x, y + h)) - np.array(s.grad(x, y - h))) / (2 * h)
    return H


# ------------------------------------------------------------------------------------------------
# gradients
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("s", ALL, ids=IDS)
def test_gradient_matches_finite_differences_on_a_grid(s):
    rng = np.random.default_rng(0)
    (x0, x1), (y0, y1) = s.bounds
    X = rng.uniform(x0, x1, size=(4, 5))
    Y = rng.uniform(y0, y1, size=(4, 5))
    gx, gy = s.grad(X, Y)
    nx, ny = numeric_grad(s, X, Y)
    assert gx.shape == gy.shape == (4, 5)
    # round-off of the differences grows with |f|: allow 1e-6 relative to 1 + |f|
    atol = 1e-6 * (1 + np.abs(s.f(X, Y)))
    assert np.all(np.abs(gx - nx) <= atol + 1e-6 * np.abs(nx))
    assert np.all(np.abs(gy - ny) <= atol + 1e-6 * np.abs(ny))


@pytest.mark.parametrize("s", ALL, ids=IDS)
def test_scalar_and_array_calls_agree(s):
    xs, ys = np.array([0.3, -1.1, 1.7]), np.array([0.4, 0.9, -1.2])
    gx, gy = s.grad(xs, ys)
    for i in range(3):
        w = np.array([xs[i], ys[i]])
        assert s(w) == pytest.approx(s.f(xs[i], ys[i]), rel=1e-14)
        assert np.allclose(s.gradient(w), [gx[i], gy[i]], rtol=1e-14, atol=0)
        assert s.gradient(w).shape == (2,)


def test_golden_values_by_hand():
    # rosenbrock at (0, 0): (1 − 0)² + 100·(0 − 0)² = 1;  ∇ = (−2·1 − 0, 0) = (−2, 0)
    r = rosenbrock()
    assert r.f(0.0, 0.0) == 1.0
    assert r.grad(0.0, 0.0) == (-2.0, 0.0)
    # rosenbrock at (1, 2): (1 − 1)² + 100·(2 − 1)² = 100;  ∇ = (0 − 4·100·1·1, 2·100·1) = (−400, 200)
    assert r.f(1.0, 2.0) == 100.0
    assert r.grad(1.0, 2.0) == (-400.0, 200.0)
    # himmelblau at (0, 0): (−11)² + (−7)² = 170;  ∇ = (0 + 2·(−7), 2·(−11) + 0) = (−14, −22)
    h = himmelblau()
    assert h.f(0.0, 0.0) == 170.0
    assert h.grad(0.0, 0.0) == (-14.0, -22.0)
    # beale at (0, 0): 1.5² + 2.25² + 2.625² = 2.25 + 5.0625 + 6.890625 = 14.203125
    assert beale().f(0.0, 0.0) == pytest.approx(14.203125, abs=1e-12)
    # saddle at (1, 2): 1 − 4 = −3;  ∇ = (2, −4)
    assert saddle().f(1.0, 2.0) == -3.0
    assert saddle().grad(1.0, 2.0) == (2.0, -4.0)
    # axis-aligned quadratic, κ = 10, at (1, 1): ½(1 + 10) = 5.5;  ∇ = (1, 10)
    q = quadratic(10.0, angle=0.0)
    assert q.f(1.0, 1.0) == pytest.approx(5.5, abs=1e-15)
    assert np.allclose(q.grad(1.0, 1.0), (1.0, 10.0), rtol=0, atol=1e-14)


# ------------------------------------------------------------------------------------------------
# minima and other stationary points
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("s", ALL, ids=IDS)
def test_known_minima_are_minima(s):
    if s.name == "saddle":
        assert s.minima == []
        return
    assert len(s.minima) >= 1
    for x, y in s.minima:
        (x0, x1), (y0, y1) = s.bounds
        assert x0 <= x <= x1 and y0 <= y <= y1, "the plotting window must show every minimum"
        assert np.allclose(s.grad(x, y), 0.0, atol=1e-9)
        assert s.f(x, y) == pytest.approx(0.0, abs=1e-20)  # all five test functions have min value 0
        assert np.all(np.linalg.eigvalsh(numeric_hessian(s, x, y)) > 0)
        # and f is larger on a small ring around the minimum
        angles = np.linspace(0, 2 * np.pi, 16, endpoint=False)
        assert np.all(s.f(x + 1e-3 * np.cos(angles), y + 1e-3 * np.sin(angles)) > s.f(x, y))


def test_himmelblau_has_four_distinct_minima():
    m = np.array(himmelblau().minima)
    assert m.shape == (4, 2)
    assert np.min([np.linalg.norm(a - b) for i, a in enumerate(m) for b in m[i + 1:]]) > 1.0


def test_saddle_point_is_stationary_with_an_indefinite_hessian():
    s = saddle()
    assert s.grad(0.0, 0.0) == (0.0, 0.0)
    assert np.allclose(np.linalg.eigvalsh(numeric_hessian(s, 0.0, 0.0)), [-2.0, 2.0], atol=1e-6)


@pytest.mark.parametrize("kappa", [1.0, 10.0, 50.0])
@pytest.mark.parametrize("angle", [0.0, 30.0])
def test_quadratic_condition_number_and_axes(kappa, angle):
    H = numeric_hessian(quadratic(kappa, angle=angle), 0.4, -0.7)
    eigenvalues, eigenvectors = np.linalg.eigh(H)
    assert np.allclose(eigenvalues, [1.0, kappa], rtol=1e-6)
    if kappa > 1:
        # the flat direction (eigenvalue 1) is the u axis, at `angle` degrees from the x axis
        u_axis = np.array([math.cos(math.radians(angle)), math.sin(math.radians(angle))])
        assert abs(eigenvectors[:, 0] @ u_axis) == pytest.approx(1.0, abs=1e-6)


def test_surfaces_table():
    assert set(SURFACES) == {"quadratic", "rosenbrock", "saddle", "beale", "himmelblau"}
    for name, factory in SURFACES.items():
        s = factory()
        assert isinstance(s, Surface) and s.name == name
        (x0, x1), (y0, y1) = s.bounds
        assert x0 < x1 and y0 < y1
        assert x0 <= s.default_start[0] <= x1 and y0 <= s.default_start[1] <= y1
        assert isinstance(s.log_levels, bool)
        if s.log_levels:  # a log scale of f − f_min needs f >= f_min everywhere in the window
            X, Y = np.meshgrid(np.linspace(x0, x1, 41), np.linspace(y0, y1, 41))
            assert s.f(X, Y).min() >= 0.0


# ------------------------------------------------------------------------------------------------
# trajectories
# ------------------------------------------------------------------------------------------------


def test_trajectory_shape_and_first_row():
    path = trajectory(gd, rosenbrock(), (-1.2, 1.0), 25, lr=1e-3)
    assert path.shape == (26, 2)
    assert np.array_equal(path[0], [-1.2, 1.0])
    assert trajectory(gd, rosenbrock(), (0.5, 0.5), 0, lr=1e-3).shape == (1, 2)
    assert np.array_equal(trajectory(gd, "rosenbrock", None, 3, lr=1e-3)[0], rosenbrock().default_start)


def test_trajectory_golden_steps_on_the_axis_aligned_quadratic():
    # f = ½(x² + 10y²), ∇f = (x, 10y).  GD with lr = 0.05: x ← 0.95·x,  y ← (1 − 0.5)·y = 0.5·y
    path = trajectory(gd, quadratic(10.0, angle=0.0), (1.0, 1.0), 2, lr=0.05)
    assert np.allclose(path, [[1.0, 1.0], [0.95, 0.5], [0.9025, 0.25]], rtol=0, atol=1e-15)


def test_gd_converges_on_the_turned_quadratic():
    # GD converges when lr < 2/κ = 0.2; with lr = 0.15 the error shrinks by max(|1 − 0.15|, |1 − 1.5|) = 0.85
    # per step, so after 200 steps it is about 0.85²⁰⁰ ≈ 8e-15 times the start.
    s = quadratic(10.0)
    path = trajectory(gd, s, s.default_start, 200, lr=0.15)
    assert diverged_at(path) is None
    assert np.linalg.norm(path[-1]) < 1e-12
    f_values = [s(w) for w in path]
    assert all(a >= b for a, b in zip(f_values, f_values[1:], strict=False))


def test_divergence_is_filled_with_nan_from_the_step_it_happens():
    # ∇f = (x, 10y) and lr = 0.3:  y ← (1 − 3)·y = −2·y, x stays 0.  |y_k| = 2^k first exceeds 1e6 at
    # k = 20 (2^19 = 524288, 2^20 = 1048576), so rows 20..30 are NaN.
    path = trajectory(gd, quadratic(10.0, angle=0.0), (0.0, 1.0), 30, lr=0.3)
    assert path.shape == (31, 2)
    assert diverged_at(path) == 20
    assert np.array_equal(path[19], [0.0, -524288.0])
    assert np.all(np.isfinite(path[:20])) and np.all(np.isnan(path[20:]))
    # the same along x:  x ← (1 − 3)·x with lr = 3
    path = trajectory(gd, quadratic(10.0, angle=0.0), (1.0, 0.0), 30, lr=3.0)
    assert diverged_at(path) == 20
    assert np.array_equal(path[19], [-524288.0, 0.0])


def test_non_finite_step_stops_the_path_without_warnings():
    def overflow(w, g, state):
        return w * 1e300 * 1e300, state  # inf at the first step (an overflow numpy would warn about)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = trajectory(overflow, saddle(), (1.0, 1.0), 5)
    assert diverged_at(path) == 1
    assert np.array_equal(path[0], [1.0, 1.0]) and np.all(np.isnan(path[1:]))


def test_diverged_at_none_and_values():
    assert diverged_at(np.zeros((4, 2))) is None
    p = np.zeros((5, 2))
    p[3:] = np.nan
    assert diverged_at(p) == 3


def test_state_starts_empty_and_is_passed_along():
    calls = []

    def counting(w, g, state, lr):
        calls.append(dict(state))
        return w - lr * g, {"t": state.get("t", 0) + 1}

    trajectory(counting, himmelblau(), (0.0, 0.0), 3, lr=1e-3)
    assert calls == [{}, {"t": 1}, {"t": 2}]


def test_rule_by_name_uses_optim_rules():
    from course_lib import optim

    assert "sgd" in optim.RULES, "surfaces.trajectory looks rules up by name in course_lib.optim.RULES"
    a = trajectory("sgd", "beale", (1.0, 1.5), 20, lr=1e-3)
    b = trajectory(gd, beale(), (1.0, 1.5), 20, lr=1e-3)
    assert np.allclose(a, b, rtol=1e-14, atol=0)
    with pytest.raises(ValueError, match="rule"):
        trajectory("no-such-rule", "beale", None, 5, lr=1e-3)


# ------------------------------------------------------------------------------------------------
# bad arguments
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kappa", [0.5, 0.0, -2.0, float("nan")])
def test_condition_number_below_one_raises(kappa):
    with pytest.raises(ValueError, match="condition_number"):
        quadratic(kappa)


def test_bad_arguments_raise():
    with pytest.raises(ValueError, match="b"):
        rosenbrock(b=0.0)
    with pytest.raises(ValueError, match="a"):
        rosenbrock(a=float("inf"))
    with pytest.raises(ValueError, match="angle"):
        quadratic(angle=float("nan"))
    with pytest.raises(ValueError, match="steps"):
        trajectory(gd, saddle(), (1.0, 1.0), -1, lr=0.1)
    with pytest.raises(ValueError, match="steps"):
        trajectory(gd, saddle(), (1.0, 1.0), 2.5, lr=0.1)
    with pytest.raises(ValueError, match="x0"):
        trajectory(gd, saddle(), (1.0, float("nan")), 3, lr=0.1)
    with pytest.raises(ValueError, match="x0"):
        trajectory(gd, saddle(), (1.0, 2.0, 3.0), 3, lr=0.1)
    with pytest.raises(ValueError, match="surface"):
        trajectory(gd, "no-such-surface", None, 3, lr=0.1)
