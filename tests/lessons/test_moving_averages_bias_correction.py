"""Notebook 06 (moving averages and bias correction): compute, draw, explorers and exercise checks."""


import ipywidgets
import numpy as np
import pytest
from explorer_tools import assert_exercise_verdicts, assert_figure_ok, drive_each_control, drive_grid, untranslated
from matplotlib.figure import Figure

from course_lib import ema, optim, surfaces
from course_lib.lessons.moving_averages_bias_correction import checks, explorers, figures
from course_lib.lessons.moving_averages_bias_correction import compute as averages

# ----------------------------------------------------------------------------------------------------
# Compute
# ----------------------------------------------------------------------------------------------------


def test_daily_temperatures_is_a_seasonal_curve_plus_noise():
    t, theta = averages.daily_temperatures(365, np.random.default_rng(0), mean=18.0, amplitude=7.0, noise=0.0)
    assert t[0] == 1 and t[-1] == 365 and theta.shape == (365,)
    # without noise: 18 + 7·cos(2π(t − 200)/365), warmest (25) on day 200, coldest (11) half a year later
    assert theta[199] == pytest.approx(25.0) and theta.max() == pytest.approx(25.0)
    assert theta.min() == pytest.approx(11.0, abs=1e-3)
    _, noisy = averages.daily_temperatures(365, np.random.default_rng(0), noise=3.0)
    assert np.std(noisy - theta) == pytest.approx(3.0, rel=0.15)    # the noise has the std asked for
    _, again = averages.daily_temperatures(365, np.random.default_rng(0), noise=3.0)
    np.testing.assert_array_equal(noisy, again)                      # same seed, same series


@pytest.mark.parametrize("window", [1, 2, 7, 10, 60])
def test_sma_and_wma_weights_reproduce_the_averages(window):
    # The averages of course_lib.ema, once the window is full, are the weighted sums with these weights.
    rng = np.random.default_rng(window)
    x = rng.normal(size=80)
    n = 70
    w_sma, w_wma = averages.sma_weights(window, n), averages.wma_weights(window, n)
    assert w_sma.sum() == pytest.approx(1.0) and w_wma.sum() == pytest.approx(1.0)
    T = 79                                                           # the last step; x[T − k] is k steps back
    recent_first = x[T - np.arange(n)]
    assert ema.simple_moving_average(x, window)[T] == pytest.approx(w_sma @ recent_first)
    assert ema.weighted_moving_average(x, window)[T] == pytest.approx(w_wma @ recent_first)


def test_wma_weights_by_hand():
    # window 3: weights 3, 2, 1 over 1 + 2 + 3 = 6  →  1/2, 1/3, 1/6, then zeros
    np.testing.assert_allclose(averages.wma_weights(3, 5), [3 / 6, 2 / 6, 1 / 6, 0, 0])
    np.testing.assert_allclose(averages.sma_weights(4, 6), [0.25, 0.25, 0.25, 0.25, 0, 0])


@pytest.mark.parametrize("beta", np.round(np.arange(0.0, 0.991, 0.01), 2))
def test_weight_within_over_the_slider_grid(beta):
    # Σ_{j<k} (1 − β)β^j = 1 − β^k, checked against the weights summed one by one
    k = 13
    assert averages.weight_within(beta, k) == pytest.approx(ema.ema_weights(beta, k).sum())
    # at the effective window the share is about 1 − 1/e when β is close to 1
    if beta >= 0.9:
        n_eff = ema.effective_window(beta)
        assert averages.weight_within(beta, n_eff) == pytest.approx(1 - np.exp(-1), abs=0.025)


def test_bias_correction_steps_worked_example():
    # β = 0.98, θ = 16, 24, v0 = 0:  v1 = 0.02·16 = 0.32,  v2 = 0.98·0.32 + 0.02·24 = 0.3136 + 0.48 = 0.7936
    # 1 − β = 0.02, 1 − β² = 1 − 0.9604 = 0.0396;  v̂1 = 0.32/0.02 = 16,  v̂2 = 0.7936/0.0396 = 20.0404...
    t, v, total, v_hat = averages.bias_correction_steps([16.0, 24.0], 0.98)
    np.testing.assert_array_equal(t, [1, 2])
    np.testing.assert_allclose(v, [0.32, 0.7936], rtol=1e-13)
    np.testing.assert_allclose(total, [0.02, 0.0396], rtol=1e-12)
    np.testing.assert_allclose(v_hat, [16.0, 0.7936 / 0.0396], rtol=1e-12)
    assert round(v_hat[1], 2) == 20.04
    # the deck's 0.00196·16 + 0.02·24 = 0.51136 is what the typo (0.00196 for 0.0196) gives, not v2
    assert v[1] != pytest.approx(0.51136)


@pytest.mark.parametrize("beta", [0.5, 0.7, 0.9, 0.95, 0.99])
def test_bias_correction_over_the_slider_grid(beta):
    _, theta = averages.daily_temperatures(60, np.random.default_rng(0))
    t, v, total, v_hat = averages.bias_correction_steps(theta, beta)
    np.testing.assert_allclose(total, 1 - beta**t)
    np.testing.assert_allclose(v_hat * total, v)
    # v̂_t is a weighted mean of θ1..θt, so it lies between their min and max; the raw v_t does not early on
    assert np.all(v_hat <= np.maximum.accumulate(theta) + 1e-9)
    assert np.all(v_hat >= np.minimum.accumulate(theta) - 1e-9)
    assert v[0] == pytest.approx((1 - beta) * theta[0])


def _bowl():
    return surfaces.quadratic(condition_number=10.0, angle=0.0)


def test_momentum_as_ema_by_hand():
    # f = ½(x² + 10y²), g = (x, 10y).  From w0 = (1, 1), α = 0.1, β = 0.5:
    # g0 = (1, 10);  V0 = 0.5·(1, 10) = (0.5, 5);  w1 = (1, 1) − 0.1·(0.5, 5) = (0.95, 0.5)
    # g1 = (0.95, 5);  V1 = 0.5·(0.5, 5) + 0.5·(0.95, 5) = (0.725, 5);  w2 = (0.95, 0.5) − (0.0725, 0.5) = (0.8775, 0)
    path, g, V = averages.momentum_as_ema(_bowl(), (1.0, 1.0), 0.1, 0.5, 2)
    np.testing.assert_allclose(path, [[1, 1], [0.95, 0.5], [0.8775, 0.0]], atol=1e-14)
    np.testing.assert_allclose(g, [[1, 10], [0.95, 5]], atol=1e-14)
    np.testing.assert_allclose(V, [[0.5, 5], [0.725, 5]], atol=1e-14)


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9, 0.99])
@pytest.mark.parametrize("lr", [0.02, 0.18, 1.0])
def test_momentum_as_ema_over_the_slider_grid(beta, lr):
    s = _bowl()
    path, g, V = averages.momentum_as_ema(s, (-2.5, 1.5), lr, beta, 60)
    reference = surfaces.trajectory(optim.ema_momentum_update, s, (-2.5, 1.5), 60, lr=lr, beta=beta)
    np.testing.assert_array_equal(path, reference)
    n = int(np.isfinite(path).all(axis=1).sum())
    n = min(n, 60)
    assert np.all(np.isfinite(g[:n])) and np.all(np.isnan(g[n:]))
    np.testing.assert_allclose(V[:n], ema.ema(g[:n], beta))        # V is exactly the EMA of the gradients
    # each finite step is w_{k+1} = w_k − α·V_k
    finite = np.isfinite(path[1:]).all(axis=1)
    np.testing.assert_allclose(path[1:][finite], (path[:-1] - lr * V)[finite], atol=1e-9)


def test_plain_gd_diverges_past_two_over_kappa_and_momentum_does_not():
    s = _bowl()
    gd, _, _ = averages.momentum_as_ema(s, (-2.5, 1.5), 0.25, 0.0, 60)   # α·κ = 2.5 > 2: |1 − 2.5| > 1
    heavy, _, _ = averages.momentum_as_ema(s, (-2.5, 1.5), 0.25, 0.9, 60)
    assert surfaces.diverged_at(gd) is not None and surfaces.diverged_at(heavy) is None


@pytest.mark.parametrize("call, message", [
    (lambda: averages.daily_temperatures(0, np.random.default_rng(0)), "n_days"),
    (lambda: averages.sma_weights(0, 5), "window"),
    (lambda: averages.wma_weights(3, 0), "n"),
    (lambda: averages.weight_within(1.0, 3), "beta"),
    (lambda: averages.bias_correction_steps([1.0], -0.1), "beta"),
    (lambda: averages.momentum_as_ema(_bowl(), (0, 0), 0.0, 0.5, 5), "lr"),
])
def test_bad_arguments_raise_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# ----------------------------------------------------------------------------------------------------
# Draw
# ----------------------------------------------------------------------------------------------------


def _ax():
    return Figure().subplots()


def test_plot_then_update_moving_averages():
    t = np.arange(1, 11)
    theta = np.linspace(0, 1, 10)
    h = figures.plot_moving_averages(_ax(), t, theta, {"sma": theta, "wma": theta, "ema": theta})
    assert [text.get_text() for text in h["ax"].get_legend().get_texts()] == ["θ (data)", "SMA", "WMA", "EMA"]
    h2 = figures.plot_moving_averages(_ax(), t, theta, {"sma": theta, "ema": theta}, window=10, beta=0.9)
    assert [text.get_text() for text in h2["ax"].get_legend().get_texts()] == ["θ (data)", "SMA (n = 10)",
                                                                               "EMA (β = 0.9)"]
    view = averages.averages_view(theta, 0.5, 3, bias_correction=True, n_past=10)
    figures.update_moving_averages(h, view, 3, 0.5, bias_correction=True)
    np.testing.assert_allclose(h["ema"].get_ydata(), ema.ema(theta, 0.5, bias_correction=True))
    np.testing.assert_allclose(h["sma"].get_ydata(), ema.simple_moving_average(theta, 3))
    np.testing.assert_allclose(h["wma"].get_ydata(), ema.weighted_moving_average(theta, 3))
    assert "window = 3 days, β = 0.50 (EMA bias-corrected)" in h["ax"].get_title()


def test_plot_then_update_past_weights():
    weights = {"ema": ema.ema_weights(0.9, 30), "sma": averages.sma_weights(5, 30), "wma": averages.wma_weights(5, 30)}
    h = figures.plot_past_weights(_ax(), weights, effective_window=10.0, window=5, beta=0.9)
    assert h["sma"].get_color() == figures.COLORS["sma"] and h["wma"].get_color() == figures.COLORS["wma"]
    assert len(h["ema_stems"].get_segments()) == 30
    assert [t.get_text() for t in h["ax"].get_legend().get_texts()] == [
        "EMA (1 − β)·βᵏ, β = 0.9", "SMA, n = 5", "WMA, n = 5", "1/(1 − β)"]
    assert figures.plot_past_weights(_ax(), weights, legend=False)["ax"].get_legend() is None
    new = {"ema": ema.ema_weights(0.5, 30), "sma": averages.sma_weights(2, 30), "wma": averages.wma_weights(2, 30)}
    figures.update_past_weights(h, new, 2.0, window=2)
    np.testing.assert_allclose(h["ema"].get_ydata(), new["ema"])
    np.testing.assert_allclose(h["ema_stems"].get_segments()[1], [[1, 0.0], [1, 0.25]])
    np.testing.assert_allclose(h["sma"].get_ydata(), new["sma"])
    assert h["window"].get_xdata()[0] == 2.0 and "1/(1 − β) = 2.0" in h["ax"].get_title()
    assert h["ax"].get_ylim()[1] == pytest.approx(1.05 * 2 / 3)          # WMA's first weight, 2/3, is the tallest


def test_plot_then_update_bias_correction_and_weight_sum():
    t, v, total, v_hat = averages.bias_correction_steps([16.0, 24.0, 20.0], 0.98)
    h = figures.plot_ema_bias_correction(_ax(), t, [16, 24, 20], v, v_hat, t_mark=2)
    s = figures.plot_ema_weight_sum(_ax(), t, total, t_mark=2)
    np.testing.assert_allclose(s["mark"].get_xydata(), [[2, 0.0396]])
    t, v, total, v_hat = averages.bias_correction_steps([16.0, 24.0, 20.0], 0.5)
    figures.update_ema_bias_correction(h, v, total, v_hat, 3)
    figures.update_ema_weight_sum(s, total, 3, 0.5)
    np.testing.assert_allclose(h["ema"].get_ydata(), v)
    np.testing.assert_allclose(h["ema_corrected"].get_ydata(), v_hat)
    assert h["t_mark"].get_xdata()[0] == 3 and h["ax"].get_title().startswith("t = 3:")
    np.testing.assert_allclose(s["mark"].get_xydata(), [[3, 0.875]])
    assert s["ax"].get_title() == "β = 0.50:  1 − βᵗ = 0.875"


def test_plot_then_update_momentum_paths_and_gradient_smoothing():
    runs = averages.momentum_smoothing_runs(_bowl(), (-2.5, 1.5), 0.18, 0.5, 20)
    h = figures.plot_ema_momentum_paths(_ax(), _bowl(), runs["gd_path"], runs["path"])
    assert len(h["ax"].collections) >= 1                                     # the contour set
    g = figures.plot_gradient_smoothing(_ax(), runs["g"], runs["V"], component=1)
    assert [text.get_text() for text in g["ax"].get_legend().get_texts()] == ["raw g (w₂)", "V = EMA of g (w₂)"]
    other = averages.momentum_smoothing_runs(_bowl(), (-2.5, 1.5), 0.1, 0.9, 20)
    assert figures.update_ema_momentum_paths(h, other, 0.9, 0.1, 20) == []
    np.testing.assert_allclose(h["momentum"].get_xydata(), other["path"])
    np.testing.assert_allclose(h["gd"].get_xydata(), other["gd_path"])
    figures.update_gradient_smoothing(g, other["g"], other["V"], 0)
    np.testing.assert_allclose(g["smooth"].get_ydata(), other["V"][:, 0])
    assert g["ax"].get_title() == "w₁ (shallow): raw gradient vs its EMA"


def test_run_end_names_how_a_run_ends():
    bounds = ((-1, 1), (-1, 1))
    assert averages.run_end(np.array([[0.5, 0.5], [0.3, 0.4]]), bounds) == ("inside", 0.5)
    assert averages.run_end(np.array([[0.5, 0.5], [3.0, 4.0]]), bounds) == ("outside", 5.0)
    assert averages.run_end(np.array([[0.5, 0.5], [np.nan, np.nan]]), bounds)[0] == "diverged"


# ----------------------------------------------------------------------------------------------------
# Wire
# ----------------------------------------------------------------------------------------------------


def test_moving_averages_explorer():
    ex = explorers.moving_averages()
    n_lines = len(ex.axes[0].lines)
    drive_each_control(ex, n=3)
    drive_grid(ex, ["beta", "window"], n=3)
    assert len(ex.axes[0].lines) == n_lines                       # updated in place, never redrawn
    ex.controls["beta"].value = 0.98
    ex.controls["window"].value = 7
    _, theta = averages.daily_temperatures(365, np.random.default_rng(0))
    np.testing.assert_allclose(ex.artists["left"]["ema"].get_ydata(), ema.ema(theta, 0.98))
    np.testing.assert_allclose(ex.artists["left"]["wma"].get_ydata(), ema.weighted_moving_average(theta, 7))
    assert ex.artists["right"]["window"].get_xdata()[0] == pytest.approx(50.0)         # 1/(1 − 0.98)


def test_bias_correction_explorer():
    ex = explorers.ema_bias_correction(beta=0.98, t=2)
    assert "v_t = 0." in ex.axes[0].get_title()
    drive_each_control(ex, n=3)
    drive_grid(ex, ["beta", "t"], n=2)


def test_momentum_smoothing_explorer_and_divergence_message():
    ex = explorers.momentum_smoothing()
    drive_each_control(ex, n=3)
    drive_grid(ex, ["beta", "lr"], n=2)
    ex.controls["lr"].value = 1.0
    ex.controls["beta"].value = 0.0
    assert ex.messages and "diverged" in ex.messages[0]
    assert_figure_ok(ex)
    # α = 0.5, β = 0.42: still finite after 60 steps but far outside the plot, which the message says
    ex = explorers.momentum_smoothing(lr=0.5, beta=0.42)
    assert ex.messages == ["plain GD diverged (drawn up to its last finite step)\n"
                           "momentum ends outside the plot: it is diverging"]
    ex.controls["beta"].value = 0.5
    assert ex.messages == ["plain GD diverged (drawn up to its last finite step)"]
    ex.controls["lr"].value = 0.1                                    # nothing diverges: the warning is gone
    assert not ex.messages and not ex.axes[0].texts


def test_presets_hide_and_bad_presets():
    ex = explorers.moving_averages(beta=0.5, window=3, hide=("bias_correction",))
    assert ex.values["beta"] == 0.5 and ex.values["window"] == 3
    grid = [c for c in ex.children if isinstance(c, ipywidgets.GridBox)][0]
    assert ex.controls["bias_correction"] not in grid.children
    with pytest.raises(ValueError, match=r"beta must be in \[0.0, 0.99\]"):
        explorers.moving_averages(beta=1.0)
    with pytest.raises(ValueError, match="unknown setting 'alpha'"):
        explorers.momentum_smoothing(alpha=0.1)
    with pytest.raises(ValueError, match="coordinate must be one of"):
        explorers.momentum_smoothing(coordinate="w3")
    with pytest.raises(ValueError, match=r"t must be in \[1, 60\]"):
        explorers.ema_bias_correction(t=0)


# ----------------------------------------------------------------------------------------------------
# Checks: the notebook's solutions pass, each misconception is named
# ----------------------------------------------------------------------------------------------------


# The solutions exactly as the notebook shows them
def bias_corrected_ema(values, beta):
    v = 0.0
    corrected = []
    for t, theta in enumerate(values, start=1):   # t counts from 1
        v = beta * v + (1 - beta) * theta          # the raw EMA, kept in the recursion
        corrected.append(v / (1 - beta**t))        # only the returned value is corrected
    return np.array(corrected)


@pytest.mark.parametrize("exercise, solution", [
    (checks.ema_bias_correction, bias_corrected_ema),
])
def test_exercises(exercise, solution):
    assert_exercise_verdicts(exercise, solution)


def test_typical_student_mistakes_are_recognised():
    def t_from_zero(values, beta):                   # counts t from 0: divides by 1 − β⁰ = 0 first
        v, out = 0.0, []
        with np.errstate(divide="ignore"):
            for t, theta in enumerate(np.asarray(values, dtype=float)):
                v = beta * v + (1 - beta) * theta
                out.append(v / (1 - np.float64(beta) ** t))
        return np.array(out)

    def starts_at_first(values, beta):
        v, out = values[0], []
        for t, theta in enumerate(values, start=1):
            v = beta * v + (1 - beta) * theta if t > 1 else v
            out.append(v / (1 - beta**t))
        return np.array(out)

    assert "1 − β^(t−1)" in checks.ema_bias_correction.evaluate(t_from_zero).message
    assert "first value" in checks.ema_bias_correction.evaluate(starts_at_first).message


# ----------------------------------------------------------------------------------------------------
# The numbers notebook 06 quotes
# ----------------------------------------------------------------------------------------------------


def test_the_weight_outside_the_effective_window_is_35_percent():
    share = averages.weight_within(0.9, 10)
    assert f"{share:.0%}" == "65%" and f"{1 - share:.0%}" == "35%"        # 1 − 0.9¹⁰ = 0.651, 0.9¹⁰ = 0.349


def test_steps_until_the_raw_ema_is_within_10_percent():
    for beta, steps in ((0.95, 45), (0.99, 230)):
        t = np.arange(1, 400)
        assert t[np.argmax(1 - beta**t >= 0.9)] == steps
    assert round(1 - 0.99**60, 2) == 0.45                     # where the slider (60 steps) ends


def test_momentum_as_ema_claims_at_lr_half():
    bowl = surfaces.quadratic(condition_number=10.0, angle=0.0)
    path, _, _ = averages.momentum_as_ema(bowl, (-2.5, 1.5), lr=0.5, beta=0.5, steps=60)
    distance = np.linalg.norm(path, axis=1)
    assert np.argmax(distance < 0.01) == 16 and np.all(distance[16:] < 0.01)     # within 0.01 after 16 steps
    path, _, _ = averages.momentum_as_ema(bowl, (-2.5, 1.5), lr=0.5, beta=0.9, steps=60)
    assert round(np.linalg.norm(path[-1]), 2) == 0.09
    gd, _, _ = averages.momentum_as_ema(bowl, (-2.5, 1.5), lr=0.5, beta=0.0, steps=60)
    assert not np.isfinite(gd[-1]).all() or np.linalg.norm(gd[-1]) > 1e3          # plain GD diverges


@pytest.mark.parametrize("lr", [0.25, 0.3, 0.5, 1.0])
def test_ema_momentum_is_stable_exactly_above_the_heavy_ball_bound(lr):
    """β > (5α − 1)/(5α + 1) on f = ½(w₁² + 10 w₂²): notebook 06's answer (0.43 at α = 0.5, 0.67 at α = 1)."""
    bowl = surfaces.quadratic(condition_number=10.0, angle=0.0)
    bound = (5 * lr - 1) / (5 * lr + 1)
    below, _, _ = averages.momentum_as_ema(bowl, (-2.5, 1.5), lr=lr, beta=bound - 0.02, steps=60)
    above, _, _ = averages.momentum_as_ema(bowl, (-2.5, 1.5), lr=lr, beta=bound + 0.02, steps=60)
    assert not np.isfinite(below[-1]).all() or np.linalg.norm(below[-1]) > 100
    assert np.linalg.norm(above[-1]) < 0.01
    assert round((5 * 0.5 - 1) / (5 * 0.5 + 1), 2) == 0.43 and round((5 - 1) / (5 + 1), 2) == 0.67


def test_momentum_explorer_says_how_runs_end_in_the_title_not_in_a_box():
    ex = explorers.momentum_smoothing(lr=0.5, beta=0.7, hide=("lr",))
    title = ex.axes[0].get_title()
    assert "β = 0.70, α = 0.5, 60 steps" in title and "plain GD diverged" in title
    assert ex.messages and not ex.axes[0].texts                 # the warning is recorded, no box over the paths
    ex.controls["lr"].value = 0.18
    assert "plain GD 1.7e-05, momentum" in ex.axes[0].get_title() and not ex.messages


def test_moving_averages_titles_state_the_settings():
    ex = explorers.moving_averages(beta=0.5)
    assert "window = 10 days, β = 0.50" in ex.axes[0].get_title()
    assert "1/(1 − β) = 2.0" in ex.axes[1].get_title()


def _sum_form(values, beta, correction):
    v, out = 0.0, []
    for t, theta in enumerate(values, start=1):
        v = beta * v + theta                                      # PyTorch's momentum form: b = μ·b + g
        out.append(v / correction(beta, t))
    return np.array(out)


def test_ema_check_names_pytorchs_sum_form_and_accepts_it_when_corrected_for_it():
    wrong = checks.ema_bias_correction.evaluate(lambda values, beta: _sum_form(values, beta, lambda b, t: 1 - b**t))
    assert not wrong.passed and "PyTorch" in wrong.message and "1/(1 − β) times too large" in wrong.message
    raw = checks.ema_bias_correction.evaluate(lambda values, beta: _sum_form(values, beta, lambda b, t: 1))
    assert not raw.passed and "PyTorch" in raw.message
    right = checks.ema_bias_correction.evaluate(
        lambda values, beta: _sum_form(values, beta, lambda b, t: (1 - b**t) / (1 - b)))
    assert right.passed


def test_series_checks_name_the_first_wrong_entry_instead_of_dumping_arrays():
    def late_slip(values, beta):
        out = ema.ema(values, beta, bias_correction=True)
        out[2:] += 1.0
        return out

    message = checks.ema_bias_correction.evaluate(late_slip).message
    assert "entry for t = 3 should be 4, yours is 5" in message and "[" not in message.split("the entry")[1]
    message = checks.ema_bias_correction.evaluate(lambda values, beta: ema.ema(values, beta)[:-1]).message
    assert "shape (1,)" in message and "one entry per t" in message


# ----------------------------------------------------------------------------------------------------
# Issue 16: momentum's iteration matrix and stability threshold; bias correction in expectation
# ----------------------------------------------------------------------------------------------------


def momentum_matrix(lr, beta, lam):
    return np.array([[1 - lr * (1 - beta) * lam, -lr * beta],
                     [(1 - beta) * lam,           beta]])


def max_stable_lr(beta, lam):
    return 2 * (1 + beta) / ((1 - beta) * lam)


def test_momentum_matrix_exercise():
    assert_exercise_verdicts(checks.momentum_matrix, momentum_matrix)
    swapped = checks.momentum_matrix.evaluate(lambda lr, beta, lam: momentum_matrix(lr, beta, lam)[::-1, ::-1])
    assert swapped.passed                                            # the state (V, w) is accepted
    scaled = checks.momentum_matrix.evaluate(                         # and the state (w, αV)
        lambda lr, beta, lam: np.diag([1, lr]) @ momentum_matrix(lr, beta, lam) @ np.diag([1, 1 / lr]))
    assert scaled.passed
    assert "shape (3, 3)" in checks.momentum_matrix.evaluate(lambda lr, beta, lam: np.eye(3)).message
    message = checks.momentum_matrix.evaluate(lambda lr, beta, lam: np.eye(2)).message
    assert "trace 2 and determinant 1" in message and "1.8 and 0.9" in message


def test_max_stable_lr_exercise_names_each_bound_and_reports_a_simulation():
    exercise = checks.max_stable_lr
    for fn in (max_stable_lr, exercise.reference):
        result = exercise.evaluate(fn)
        assert result.passed and "at 0.99·α_max momentum converges, at 1.01·α_max it diverges" in result.message
    for message, wrong in exercise.misconceptions:
        result = exercise.evaluate(wrong)
        assert not result.passed and result.message.startswith(f"✗ max_stable_lr: {message}"), result.message
        assert "yet momentum still converges at α = 3.76" in result.message
    too_large = exercise.evaluate(lambda beta, lam: 2 * max_stable_lr(beta, lam))
    assert "momentum diverges" in too_large.message and not too_large.passed

    def not_done(beta, lam):
        raise NotImplementedError

    assert "not done yet" in exercise.evaluate(not_done).message
    assert "raised ZeroDivisionError" in exercise.evaluate(lambda beta, lam: 1 / 0).message


def test_momentum_matrix_is_one_step_of_the_optimizer_and_the_bound_is_where_an_eigenvalue_hits_minus_one():
    for lr, beta, lam in [(0.1, 0.9, 10.0), (0.7, 0.3, 2.0), (2.0, 0.0, 0.5)]:
        w = averages.momentum_1d(lr, beta, lam, 3, w0=1.5)
        V1 = (1 - beta) * lam * 1.5                                       # the first velocity, from V0 = 0
        assert np.allclose(averages.momentum_matrix(lr, beta, lam) @ [1.5, 0.0], [w[1], V1])
        M = averages.momentum_matrix(lr, beta, lam)
        assert np.trace(M) == pytest.approx(1 + beta - lr * (1 - beta) * lam)
        assert np.linalg.det(M) == pytest.approx(beta)
    for beta in (0.0, 0.5, 0.9, 0.99):
        for lam in (0.5, 10.0):
            bound = averages.max_stable_lr(beta, lam)
            radius = [np.abs(np.linalg.eigvals(averages.momentum_matrix(f * bound, beta, lam))).max()
                      for f in (0.99, 1.0, 1.01)]
            assert radius[0] < 1 < radius[2] and radius[1] == pytest.approx(1.0)
            assert np.min(np.linalg.eigvals(averages.momentum_matrix(bound, beta, lam)).real) == pytest.approx(-1.0)
    # the notebook's solution prints these
    bound = max_stable_lr(0.9, 10.0)
    assert bound == pytest.approx(3.8)
    assert abs(averages.momentum_1d(0.99 * bound, 0.9, 10.0, 2000)[-1]) < 1e-44
    assert abs(averages.momentum_1d(1.01 * bound, 0.9, 10.0, 2000)[-1]) > 1e134
    # β > (5α − 1)/(5α + 1) on the notebook's bowl is the same condition with λ = 10
    for lr in (0.5, 1.0):
        beta_min = (5 * lr - 1) / (5 * lr + 1)
        assert averages.max_stable_lr(beta_min, 10.0) == pytest.approx(lr)
    with pytest.raises(ValueError, match="beta"):
        averages.max_stable_lr(1.0, 1.0)
    with pytest.raises(ValueError, match="lam"):
        averages.momentum_matrix(0.1, 0.5, 0.0)
    with pytest.raises(ValueError, match="lr"):
        averages.momentum_1d(-1.0, 0.5, 1.0, 10)


def test_ema_expectation_is_one_minus_beta_to_the_t_times_the_mean():
    # without noise every run is the expectation itself
    t, v, v_hat, expected = averages.ema_expectation(5.0, 0.0, 0.9, 12, 3, np.random.default_rng(0))
    assert np.allclose(v, expected) and np.allclose(v_hat, 5.0) and np.allclose(expected, 5 * (1 - 0.9 ** t))
    # the notebook's demonstration and its printed numbers
    t, v, v_hat, expected = averages.ema_expectation(5.0, 3.0, 0.9, 30, 4000, np.random.default_rng(1))
    rows = [(round(float(v[k]), 3), round(float(expected[k]), 3), round(float(v_hat[k]), 3)) for k in (0, 9)]
    assert rows == [(0.497, 0.5, 4.97), (3.239, 3.257, 4.974)]
    assert round(float(np.abs(v - expected).max()), 3) == 0.023
    assert round(float(v_hat.min()), 3) == 4.962 and round(float(v_hat.max()), 3) == 5.003
    # the gaps are sampling error: within 4 standard errors at every step
    sd_v = 3 * np.sqrt((1 - 0.9) / (1 + 0.9) * (1 - 0.9 ** (2 * t)))       # sd of v_t over the runs
    assert np.all(np.abs(v - expected) < 4 * sd_v / np.sqrt(4000))


def test_plot_ema_expectation():
    ax = Figure().add_subplot()
    t = np.arange(1, 6)
    h = figures.plot_ema_expectation(ax, t, 1 - 0.5**t, np.ones(5), 1 - 0.5**t, mean=1.0, n_runs=10, noise=3.0,
                                     beta=0.5)
    np.testing.assert_allclose(h["v"].get_ydata(), 1 - 0.5**t)
    np.testing.assert_allclose(h["v_hat"].get_ydata(), np.ones(5))
    assert ax.get_title() == "EMA of θ_t = 1 + 3ε_t, β = 0.5, averaged over 10 series"


# ----------------------------------------------------------------------------------------------------
# Every visible string goes through course_lib.i18n.tr
# ----------------------------------------------------------------------------------------------------


def test_every_visible_string_goes_through_tr(marked_language):
    for make in (explorers.moving_averages, explorers.ema_bias_correction, explorers.momentum_smoothing):
        ex = make()
        drive_each_control(ex, n=2)
        labels = [line.get_label() for ax in ex.fig.axes for line in ax.lines if not line.get_label().startswith("_")]
        bad = untranslated(ex, labels)
        assert not bad, bad
    ex = explorers.momentum_smoothing(lr=0.5, beta=0.42)
    assert ex.messages and all(line.startswith("⟪") for line in ex.messages[0].split("\n"))
    for exercise in (checks.ema_bias_correction, checks.momentum_matrix, checks.max_stable_lr):
        for message, wrong in exercise.misconceptions:
            assert f"⟪{message}⟫" in exercise.evaluate(wrong).message
    assert "⟪✗ ema_bias_correction: on ([16, 24], 0.98) the entry" in checks.ema_bias_correction.evaluate(
        lambda values, beta: ema.ema(values, beta, bias_correction=True) + 1).message
    wrong_shape = checks.momentum_matrix.evaluate(lambda lr, beta, lam: np.eye(3))
    assert "⟪✗ momentum_matrix: return a 2×2 array" in wrong_shape.message
    assert "⟪Simulated for" in checks.max_stable_lr.evaluate(averages.max_stable_lr).message
    ax = _ax()
    figures.plot_ema_expectation(ax, np.arange(1, 3), np.ones(2), np.ones(2), np.ones(2), 1.0, 10, 3.0, 0.5)
    assert not untranslated(ax)
    assert ax.get_title().startswith("⟪")
    t, v, total, v_hat = averages.bias_correction_steps([16.0, 24.0], 0.98)
    reports = (figures.report_series(np.arange(10.0)),
               figures.report_effective_windows([(0.9, 10, 0.5, 0.6)]),
               figures.report_smoothing_noise([("sma", 10, 0.3, 0.3)]),
               figures.report_weight_share(0.9, 10, 0.6), figures.report_typo(0.5, 0.8),
               figures.report_ema_expectation(t, v, v_hat, v, 1.0, rows=(0,)),
               figures.report_momentum_as_ema(True, 1.0, 2.0, np.ones(2), np.ones(2), 0.5, 60))
    assert not untranslated(*reports), untranslated(*reports)


# ----------------------------------------------------------------------------------------------------
# The notebook's printed lines
# ----------------------------------------------------------------------------------------------------


def test_reports_print_the_notebooks_lines():
    assert figures.report_weight_share(0.9, 10, averages.weight_within(0.9, 10)) == (
        "β = 0.9: the last 10 values carry 65% of the weight, the older ones 35%")
    rows = averages.effective_windows([0.9])
    assert figures.report_effective_windows(rows) == ("β = 0.9   1/(1 − β) =  10.0   (the typo 1/(1 + β) = 0.53);  "
                                                      "the last 10 values carry 65.1% of the weight")
    noise = np.random.default_rng(0).standard_normal(20_000)
    rows = averages.smoothing_noise(noise)
    assert [(kind, setting) for kind, setting, _, _ in rows] == [("sma", 10), ("sma", 19), ("ema", 0.9), ("ema", 0.82)]
    assert all(abs(measured - theory) < 0.02 for _, _, measured, theory in rows)
    assert figures.report_smoothing_noise(rows[:1]).startswith("SMA, n = 10    std of the output 0.3")
