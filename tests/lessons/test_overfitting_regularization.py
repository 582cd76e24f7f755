"""Notebook 08: bias and variance, L1/L2 penalties, early stopping (compute, draw, explorers, exercise checks)."""


import numpy as np
import pytest
from explorer_tools import assert_exercise_verdicts, assert_figure_ok, drive_each_control, drive_grid, untranslated
from ipywidgets import GridBox
from matplotlib.figure import Figure

from course_lib import training
from course_lib.gradcheck import numerical_gradient, rel_error
from course_lib.lessons.explorer import control_values
from course_lib.lessons.overfitting_regularization import checks, explorers, figures
from course_lib.lessons.overfitting_regularization import compute as of

# ----------------------------------------------------------------------------------------------------
# Bias and variance
# ----------------------------------------------------------------------------------------------------


def test_true_function_and_resampling():
    assert np.allclose(of.true_function(np.array([0.0, 0.25, 0.5, 0.75])), [0, 1, 0, -1], atol=1e-12)
    rng = np.random.default_rng(1)
    x, y = of.resample(2000, 5, 0.3, rng)
    assert x.shape == y.shape == (2000, 5)
    cell = np.floor(x * 5)                                   # one point in each [i/5, (i+1)/5)
    assert np.array_equal(cell, np.broadcast_to(np.arange(5), x.shape))
    residual = y - of.true_function(x)
    assert abs(residual.std() - 0.3) < 0.01 and abs(residual.mean()) < 0.01


def test_polynomial_fit_reproduces_a_cubic_and_matches_polyfit():
    x = np.linspace(0, 1, 12)[None, :]
    cubic = 1 - 2 * x + 3 * x**2 - 4 * x**3
    fit_eval, fit_train = of.fit_many(x, cubic, np.array([0.0, 0.5, 2.0]), 3)
    # at 0.5: 1 − 1 + 0.75 − 0.5 = 0.25;  at 2: 1 − 4 + 12 − 32 = −23
    assert np.allclose(fit_eval, [[1.0, 0.25, -23.0]]) and np.allclose(fit_train, cubic)
    rng = np.random.default_rng(2)
    x, y = of.resample(3, 15, 0.3, rng)
    x_eval = np.linspace(0, 1, 7)
    f_eval, _ = of.fit_many(x, y, x_eval, 4)
    for r in range(3):
        assert np.allclose(f_eval[r], np.polyval(np.polyfit(x[r], y[r], 4), x_eval), atol=1e-8)


def test_bias_variance_by_hand_and_the_exact_identity():
    # f̂ = [[1, 2], [3, 4]], f = 0:  f̄ = [2, 3];  s² = ((1−2)² + (3−2)²)/(2 − 1) = 2 in each column
    # bias² = mean(2² − 2/2, 3² − 2/2) = mean(3, 8) = 5.5;  variance = 2;  sum = mean(1, 4, 9, 16) = 7.5
    bias2, variance, mean_fit = of.bias_variance(np.array([[1.0, 2.0], [3.0, 4.0]]), np.zeros(2))
    assert (bias2, variance) == pytest.approx((5.5, 2.0)) and np.allclose(mean_fit, [2, 3])
    f_hat = np.random.default_rng(3).normal(size=(40, 9))
    f = np.linspace(-1, 1, 9)
    bias2, variance, _ = of.bias_variance(f_hat, f)
    assert bias2 + variance == pytest.approx(np.mean((f_hat - f) ** 2), rel=1e-12)
    with pytest.raises(ValueError, match="at least 2 fits"):
        of.bias_variance(f_hat[:1], f)


@pytest.mark.parametrize("n_train", range(15, 61, 5))
def test_bias_variance_study_over_the_slider_grid(n_train):
    for noise in (0.1, 0.3, 0.6):
        s = of.bias_variance_study(n_train, noise)
        assert np.allclose(s["test_error"], s["bias2"] + s["variance"] + noise**2)
        assert np.all(np.isfinite(s["fits"])) and s["fits"].shape == (of.MAX_DEGREE + 1, 30, 200)
        # nested models: the mean training error can only go down as the degree grows
        assert np.all(np.diff(s["train_error"]) <= 1e-12)
        # a constant fit of sin(2πx) misses by mean sin² = 1/2
        assert s["bias2"][0] == pytest.approx(0.5, abs=0.01)
        assert s["variance"][-1] > s["variance"][0]


def test_variance_scales_with_the_noise_variance_on_a_fixed_design():
    # the same x in every set and the same standard-normal draws: f̂ = S·(f + σ·ε), so Var f̂ = σ²·Var(S·ε)
    rng = np.random.default_rng(8)
    x = np.broadcast_to(np.linspace(0, 1, 20), (50, 20))
    eps = rng.normal(size=x.shape)
    x_eval = np.linspace(0, 1, 101)
    variances = [of.bias_variance(of.fit_many(x, of.true_function(x) + sigma * eps, x_eval, 5)[0],
                                  of.true_function(x_eval))[1] for sigma in (0.1, 0.3)]
    assert variances[1] / variances[0] == pytest.approx(9.0, rel=1e-9)


def test_expected_test_error_against_fresh_noisy_points():
    rng = np.random.default_rng(4)
    x, y = of.resample(300, 20, 0.3, rng)
    x_grid = (np.arange(200) + 0.5) / 200                  # the study's grid
    x_test = rng.uniform(0, 1, 3000)
    y_test = of.true_function(x_test) + rng.normal(0, 0.3, 3000)
    for degree in (0, 1, 3, 6, 9):
        f_grid, _ = of.fit_many(x, y, x_grid, degree)
        bias2, variance, _ = of.bias_variance(f_grid, of.true_function(x_grid))
        f_test, _ = of.fit_many(x, y, x_test, degree)
        measured = np.mean((f_test - y_test) ** 2)
        assert measured == pytest.approx(bias2 + variance + 0.09, rel=0.06)


# ----------------------------------------------------------------------------------------------------
# L1 and L2
# ----------------------------------------------------------------------------------------------------


def test_l1_subgradient_against_finite_differences():
    W = np.random.default_rng(5).normal(size=(4, 3))
    numeric = numerical_gradient(lambda w: 0.3 * np.sum(np.abs(w)), W)     # no entry within h of 0
    assert rel_error(of.l1_subgradient(W, 0.3), numeric) < 1e-8


def test_soft_threshold_by_hand_and_as_the_proximal_step():
    # t = 0.1: 0.8 → 0.7, −0.05 → 0, 0.02 → 0, −1.3 → −1.2, 0 → 0
    assert np.allclose(of.soft_threshold(np.array([0.8, -0.05, 0.02, -1.3, 0.0]), 0.1), [0.7, 0, 0, -1.2, 0])
    # it minimises ½(x − w)² + t·|x| (checked by brute force on a fine grid)
    grid = np.linspace(-3, 3, 60001)
    for w in (-2.0, -0.3, 0.05, 0.4, 1.7):
        best = grid[np.argmin(0.5 * (grid - w) ** 2 + 0.35 * np.abs(grid))]
        assert of.soft_threshold(w, 0.35) == pytest.approx(best, abs=2e-4)
    with pytest.raises(ValueError, match="t must be"):
        of.soft_threshold(1.0, -0.1)


def test_fraction_near_zero():
    assert of.fraction_near_zero(np.array([0.0, 0.005, -0.009, 0.01, 0.5])) == pytest.approx(3 / 5)
    assert of.ZERO_THRESHOLD == 0.01


def test_lasso_proximal_lands_on_zero_and_subgradient_jitters():
    rng = np.random.default_rng(6)
    X, y, w_true = of.sparse_regression(100, 8, 3, rng)
    lam, lr = 0.2, 0.1
    prox = of.lasso_paths(X, y, lam, lr, 400, "proximal")
    sub = of.lasso_paths(X, y, lam, lr, 400, "subgradient")
    assert prox.shape == sub.shape == (401, 8)
    w = prox[-1]
    g = X.T @ (X @ w - y) / len(y)
    zero = w == 0
    assert zero[3:].all() and not zero[:3].any()             # exactly the irrelevant weights are exactly 0
    assert np.all(np.abs(g[zero]) <= lam + 1e-9)               # optimality: |∇data| ≤ λ where w = 0 …
    assert np.allclose(g[~zero], -lam * np.sign(w[~zero]), atol=1e-6)   # … and ∇data = −λ·sign(w) elsewhere
    tail = sub[-50:, 3:]                                       # the subgradient never settles on 0
    assert np.count_nonzero(tail == 0) == 0 and np.abs(tail).max() < 2 * lr * lam


def test_regularization_study_records_what_the_notebook_claims():
    s = of.regularization_study()
    assert np.allclose(s["lams"], 10.0 ** np.arange(-4, -0.99, 0.5))
    for name in of.PENALTIES:
        r = s[name]
        weights = r["weights"]
        expected = [lam * (np.abs(w).sum() if name == "l1" else (w * w).sum()) for lam, w in zip(s["lams"], weights)]
        assert np.allclose(r["penalty"], expected)                      # the penalty of the final weights
        assert np.allclose(r["near_zero"], [of.fraction_near_zero(w) for w in weights])
    mid = (s["lams"] >= 3e-4) & (s["lams"] <= 1e-2)
    assert np.all(s["l1"]["near_zero"][mid] > s["l2"]["near_zero"][mid] + 0.1)
    for name in of.PENALTIES:             # a U: some λ beats λ = 0, the largest λ does not
        assert s[name]["val_loss"].min() < s["baseline"]["val_loss"] < s[name]["val_loss"][-1]


def test_l1_jitter_at_the_largest_lambda_is_about_alpha_lambda_not_the_momentum_bound():
    """Notebook 08: at λ = 1e-1 the L1 weights sit within about αλ = 0.01 of 0 (median 0.009, 90th
    percentile 0.025), far below the bound αλ/(1 − γ) = 0.1; at λ = 1e-2 the median is below 0.002."""
    s = of.regularization_study()
    l1 = s["l1"]
    assert s["lams"][-1] == pytest.approx(0.1) and s["lams"][-3] == pytest.approx(0.01)
    assert round(l1["median_abs"][-1], 3) == 0.009 and round(l1["p90_abs"][-1], 3) == 0.025
    assert l1["p90_abs"][-1] < 0.1 * 0.1 / (1 - 0.9) / 3                  # the bound overstates it
    assert l1["median_abs"][-3] < 0.002 < of.ZERO_THRESHOLD
    w = l1["weights"][-1]
    assert l1["median_abs"][-1] == pytest.approx(np.median(np.abs(w)))


def test_printed_regularization_numbers_survive_round_off_and_the_chaotic_run_is_flagged():
    """Notebook 08's table: nudging the initial weights by a relative 1e-12 leaves every printed digit alone,
    except the |w| statistics of the runs in CHAOTIC, which move (and are not printed)."""
    s, t = of.regularization_study(), of.regularization_study(nudge=1e-12)

    def printed(study, name, i):
        r = study[name]
        row = f"{r['val_loss'][i]:.3f} {r['val_accuracy'][i]:.3f}"
        if not of.is_chaotic(name, study["lams"][i]):
            row += f" {r['near_zero'][i]:.0%} {r['median_abs'][i]:.3f}"
        return row

    for name in of.PENALTIES:
        for i in range(len(s["lams"])):
            assert printed(s, name, i) == printed(t, name, i), (name, s["lams"][i])
    assert f"{s['l1']['p90_abs'][-1]:.3f}" == f"{t['l1']['p90_abs'][-1]:.3f}" == "0.025"
    for name, lam in of.CHAOTIC:
        i = int(np.argmin(np.abs(s["lams"] - lam)))
        assert np.abs(s[name]["weights"][i] - t[name]["weights"][i]).max() > 1e-3


def test_l2_at_1e_2_has_the_best_validation_accuracy_with_a_higher_loss():
    """Notebook 08: L2 at λ = 1e-2 has the best validation accuracy of the table (0.913 vs 0.890 at λ = 0)
    while its validation loss is higher than at λ = 0 (0.473 vs 0.355): not underfitting."""
    s = of.regularization_study()
    i = int(np.argmin(np.abs(s["lams"] - 1e-2)))
    l2 = s["l2"]
    assert round(l2["val_accuracy"][i], 3) == 0.913 and round(s["baseline"]["val_accuracy"], 3) == 0.890
    best = max(l2["val_accuracy"].max(), s["l1"]["val_accuracy"].max())
    assert l2["val_accuracy"][i] == best
    assert l2["val_loss"][i] > s["baseline"]["val_loss"]
    assert l2["train_loss"][i] < 0.55 * l2["val_loss"][i]                    # training loss well below validation


# ----------------------------------------------------------------------------------------------------
# Early stopping
# ----------------------------------------------------------------------------------------------------


def test_early_stopping_point_by_hand():
    curve = [0.9, 0.7, 0.6, 0.62, 0.61, 0.65, 0.7, 0.72]
    # epochs count from 1: best at epoch 3; epochs 4, 5, 6 do not improve → with patience 3 it stops after 6
    assert of.early_stopping_point(curve, 3) == (6, 3, True, 3)
    assert of.early_stopping_point(curve, 0) == (4, 3, True, 3)        # patience 0: the first miss stops
    assert of.early_stopping_point(curve, 6) == (8, 3, False, 8)       # never runs out: the last weights stay
    assert of.early_stopping_point([1.0, 0.8, 0.8, 0.85], 2) == (4, 2, True, 2)   # a tie is no improvement
    assert of.early_stopping_point([1.0, 0.8, 0.79, 0.9], 1, min_delta=0.05) == (3, 2, True, 2)
    with pytest.raises(ValueError, match="patience"):
        of.early_stopping_point(curve, -1)


class _StateModel:
    """Just enough of a model for EarlyStopping: get_state/set_state of an epoch counter."""

    def __init__(self):
        self.epoch = 0

    def get_state(self):
        return {"epoch": self.epoch}

    def set_state(self, state):
        self.epoch = state["epoch"]


def test_replay_agrees_with_training_early_stopping_on_random_curves():
    rng = np.random.default_rng(7)
    for _ in range(200):
        curve = np.round(rng.uniform(0, 1, 25) + np.linspace(0.5, 0, 25), 1)   # rounding makes ties
        patience = int(rng.integers(0, 8))
        stopper, model = training.EarlyStopping(patience=patience), _StateModel()
        stopper.on_train_begin(model, None)
        stop, stopped = len(curve), False
        for epoch, value in enumerate(curve, start=1):              # callbacks count epochs from 1
            model.epoch = epoch
            if stopper.on_epoch_end(epoch, {"val_loss": value}, model, None):
                stop, stopped = epoch, True
                break
        point = of.early_stopping_point(curve, patience)
        assert (point.stop, point.stopped, point.best) == (stop, stopped, stopper.best_epoch)
        assert point.kept == (model.epoch if stopped else len(curve))


def test_real_run_and_retraining():
    study = of.early_stopping_study()
    val = study["val_loss"]
    assert len(val) == 120 and np.argmin(val) < 60 and val[-1] > 1.5 * val.min()   # it does overfit
    result = of.early_stopping_then_retrain(10)
    point = of.early_stopping_point(val, 10)
    assert (result["stopped_epoch"], result["best_epoch"], result["stopped"]) == (point.stop, point.best, True)
    assert result["retrain_epochs"] == point.best == int(np.argmin(val)) + 1     # the notebook's "lowest of all"
    assert result["restored_loss"] < result["no_stopping_loss"]
    for key in ("restored_accuracy", "retrained_accuracy", "no_stopping_accuracy"):
        assert 0.7 < result[key] <= 1.0


def test_the_answers_to_the_prompts():
    """Notebook 08's <details> answers: more data moves the best degree from 3 to 5 (variance 0.018 → 0.00678 at
    degree 3), doubling σ multiplies the variance by about 4; on the real early-stopping run patience 3 stops
    after epoch 4 and keeps epoch 1, from patience 6 on epoch 22 (the lowest of all) is restored, and over
    patience 0 … 40 the kept epoch changes once."""
    few, many, noisy = (of.bias_variance_study(n, s) for n, s in ((20, 0.3), (60, 0.3), (20, 0.6)))
    assert int(np.argmin(few["test_error"])) == 3 and int(np.argmin(many["test_error"])) == 5
    assert (f"{few['variance'][3]:.3g}", f"{many['variance'][3]:.3g}", f"{noisy['variance'][3]:.3g}") == \
        ("0.018", "0.00678", "0.071")
    assert (f"{many['test_error'][5]:.3g}", f"{many['test_error'][3]:.3g}") == ("0.0995", "0.101")
    assert 3.5 < noisy["variance"][3] / few["variance"][3] < 4.5
    val = of.early_stopping_study()["val_loss"]
    assert of.early_stopping_point(val, 3)[:2] == (4, 1)
    kept = [of.early_stopping_point(val, p).kept for p in range(41)]
    assert kept[:6] == [1] * 6 and kept[6:] == [22] * 35 and int(np.argmin(val)) + 1 == 22


def test_textbook_curves():
    t, train, val = of.textbook_curves(100)
    # val' = −0.055·e^(−t/10) + 0.004 = 0 at t = 10·ln(13.75) ≈ 26.2
    assert int(np.argmin(val)) == 26 and np.all(np.diff(train) < 0)


# ----------------------------------------------------------------------------------------------------
# Drawing
# ----------------------------------------------------------------------------------------------------


def test_bias_variance_plots_and_their_updates():
    s = of.bias_variance_study()
    ax = Figure().subplots()
    fits = figures.plot_degree_fits(ax, s, 3, "right")
    assert ax.get_title() == "degree 3: about right" and len(fits["fits"].get_segments()) == 30
    np.testing.assert_array_equal(fits["mean"].get_ydata(), s["mean_fit"][3])
    ax = Figure().subplots()
    curves = figures.plot_bias_variance(ax, s["degrees"], s["bias2"], s["variance"], s["test_error"],
                                        s["train_error"], noise=0.3, mark=3)
    assert ax.get_yscale() == "symlog" and len(ax.get_legend().get_texts()) == 5
    drawn = curves["bias2"].get_ydata()
    assert np.array_equal(drawn, s["bias2"]) and drawn.min() < 0          # the estimate as it is, not clipped
    assert ax.get_ylim()[0] <= drawn.min()                                # and every estimate is on the axes

    axes = Figure().subplots(1, 2)
    handles = figures.plot_bias_variance_panels(axes, s, 3)
    other = of.bias_variance_study(40, 0.5)
    figures.update_bias_variance_panels(handles, other, 9)
    np.testing.assert_array_equal(handles["fits"]["fits"].get_segments()[0], other["segments"][9][0])
    np.testing.assert_array_equal(handles["fits"]["points"].get_xdata(), other["x"][0])
    np.testing.assert_array_equal(handles["curves"]["variance"].get_ydata(), other["variance"])
    assert handles["curves"]["noise"].get_ydata()[0] == pytest.approx(0.25)
    assert handles["curves"]["mark"].get_xdata()[0] == 9
    assert axes[0].get_title().startswith("degree 9, n = 40, σ = 0.5")
    assert axes[1].get_title().startswith(f"bias² {other['bias2'][9]:.2g} (estimate)")


def test_l1_l2_plots_and_their_updates():
    study = of.regularization_study()
    counts = of.weight_histograms(study, 0)
    assert all(c.sum() == study["l1"]["weights"].shape[1] for c in counts.values())   # every weight counted
    axes = Figure().subplots(1, 3)
    handles = figures.plot_l1_vs_l2(axes, study, 0, counts)
    i = of.nearest_lambda(study["lams"], 0.09)
    assert study["lams"][i] == pytest.approx(0.1)
    later = of.weight_histograms(study, i)
    figures.update_l1_vs_l2(handles, i, later)
    np.testing.assert_array_equal(handles["hist"]["l1"].get_data().values, np.maximum(later["l1"], 0.5))
    assert handles["frac"]["mark"].get_xdata()[0] == study["lams"][i] == handles["val"]["mark"].get_xdata()[0]
    assert axes[0].get_title() == "λ = 1.0e-01: weights of the net"
    assert f"L1 {study['l1']['near_zero'][i]:.0%}" in axes[1].get_title()
    lams = np.array([1e-3, 1e-2])
    handles = figures.plot_validation_vs_lambda(Figure().subplots(), lams, {"l1": [0.3, 0.5]}, {"l1": [0.1, 0.4]},
                                                baseline=0.35, mark=1e-2)
    assert {"l1", "l1_train", "mark"} <= set(handles) and handles["l1"].axes.get_xscale() == "log"


def test_lasso_and_early_stopping_plots():
    X, y, w_true = of.sparse_regression(30, 4, 2, np.random.default_rng(0))
    paths = {m: of.lasso_paths(X, y, 0.1, 0.1, 20, method=m) for m in ("subgradient", "proximal")}
    axes = Figure().subplots(1, 3)
    figures.plot_lasso_comparison(axes, paths, w_true)
    assert axes[0].get_title() == "all 4 weights (both methods look alike)"
    assert axes[2].get_title() == "proximal: zoom on the 2 useless weights" and axes[2].get_ylim() == (-0.04, 0.04)
    np.testing.assert_array_equal(axes[2].lines[0].get_ydata(), paths["proximal"][:, 0])
    lines = figures.report_lasso_zeros(paths, w_true).splitlines()
    assert lines[1].startswith("proximal     exactly-zero weights: ")

    val = np.array([0.9, 0.7, 0.6, 0.62, 0.61, 0.65])
    ax = Figure().subplots()
    handles = figures.plot_early_stopping(ax, val, of.early_stopping_point(val, 2), train=val / 2,
                                          curve="reality", patience=2)
    assert ax.get_title() == "reality, patience 2" and handles["stop"].get_xdata()[0] == 5
    figures.update_early_stopping(handles, of.early_stopping_point(val, 10), "reality", 10)
    assert handles["stop"].get_xdata()[0] == 6 and list(handles["kept"].get_data()[0]) == [6]
    assert ax.get_title() == "reality, patience 10: patience never ran out"
    assert figures.plot_early_stopping(Figure().subplots(), val, of.early_stopping_point(val, 2),
                                       legend=False)["ax"].get_legend() is None


def test_reports_print_the_notebook_tables():
    lines = figures.report_bias_variance(of.bias_variance_study(), (0, 12)).splitlines()
    assert lines[0] == "degree   bias²    variance  test error  training error" and lines[1].startswith("     0 ")
    lines = figures.report_regularization(of.regularization_study()).splitlines()
    assert lines[0].startswith("λ = 0: validation loss ") and len(lines) == 2 + len(of.LAMBDAS) + 1
    assert sum("(chaotic)" in line for line in lines) == len(of.CHAOTIC)
    result = {"epochs": 120, "best_epoch": 22, "stopped_epoch": 32, "retrain_epochs": 22, **{
        f"{key}_{score}": 0.5 for key in ("restored", "retrained", "no_stopping") for score in ("loss", "accuracy")}}
    assert figures.report_retraining(result).splitlines()[-1].startswith("all 120 epochs, no stopping   ")


# ----------------------------------------------------------------------------------------------------
# Explorers
# ----------------------------------------------------------------------------------------------------


def _shown(ex):
    """The controls on display (hidden ones are left out of the grid)."""
    grid = [child for child in ex.children if isinstance(child, GridBox)]
    return set(grid[0].children) if grid else set()


def test_bias_variance_explorer():
    ex = explorers.bias_variance(degree=12, n_train=15, noise=0.6, hide=("noise",))
    assert ex.values == {"degree": 12, "n_train": 15, "noise": 0.6}
    assert ex.controls["noise"] not in _shown(ex) and ex.controls["degree"] in _shown(ex)
    assert_figure_ok(ex)
    drive_each_control(ex, n=3)
    drive_grid(ex, ["degree", "n_train"], n=2)
    assert len(ex.axes[0].collections) == 1 and len(ex.axes[1].lines) == 7      # updated in place (6 + the 0 line)
    with pytest.raises(ValueError, match="degree must be in"):
        explorers.bias_variance(degree=13)


def test_bias_variance_explorer_freezes_its_legends_without_changing_the_picture():
    import io

    import PIL.Image

    def pixels(png):
        return np.asarray(PIL.Image.open(io.BytesIO(png)))

    ex = explorers.bias_variance()
    first = pixels(ex.png())
    ex.controls["degree"].value = 9
    assert all(ax.get_legend() is None for ax in ex.axes) and len(ex.fig.images) == 2
    ex.controls["degree"].value = 3
    np.testing.assert_array_equal(pixels(ex.png()), first)


def test_l1_vs_l2_explorer():
    ex = explorers.l1_vs_l2(lam=0.1)
    assert ex.values["lam"] == pytest.approx(0.1) and "λ = 1.0e-01" in ex.axes[0].get_title()
    drive_each_control(ex, n=7)                                  # every λ of the grid
    with pytest.raises(ValueError, match="lam must be in"):
        explorers.l1_vs_l2(lam=1.0)


def test_early_stopping_explorer_and_its_message():
    ex = explorers.early_stopping(patience=3, hide=("patience",))
    assert "patience 3: stops after epoch 4, restores epoch 1" in ex.axes[1].get_title() and not ex.messages
    assert not _shown(ex)
    drive_each_control(ex, n=4)
    with pytest.raises(ValueError, match="unknown setting 'lam'"):
        explorers.early_stopping(lam=1)


# ----------------------------------------------------------------------------------------------------
# Exercise checks (and the solutions shown in the notebook)
# ----------------------------------------------------------------------------------------------------


def solution_my_train_l2(net, X, y, lam, lr, epochs):
    from course_lib.losses import softmax_cross_entropy

    history = []
    for _ in range(epochs):
        data_loss, dlogits = softmax_cross_entropy(net.forward(X), y)
        weights = [(W, grad) for name, W, grad in net.parameters() if name.endswith(".W")]
        history.append(data_loss + lam * sum(np.sum(W**2) for W, _ in weights))
        net.backward(dlogits)            # overwrites every grad: add the penalty after it
        for W, grad in weights:
            grad += 2 * lam * W
        for _, value, grad in net.parameters():
            value -= lr * grad           # in place: the network's own arrays change
    return history


def solution_my_lasso_proximal(X, y, lam, lr, steps):
    n, d = X.shape
    w = np.zeros(d)
    for _ in range(steps):
        u = w - lr * X.T @ (X @ w - y) / n                 # the data step
        w = np.sign(u) * np.maximum(np.abs(u) - lr * lam, 0.0)   # the soft threshold by αλ
    return w


def solution_early_stopping_epoch(val_losses, patience):
    best_value, best, wait = float("inf"), 1, 0
    for epoch, value in enumerate(val_losses, start=1):
        if value < best_value:
            best_value, best, wait = value, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, best
    return len(val_losses), best


def test_early_stopping_check_names_a_zero_based_answer():
    def zero_based(val_losses, patience):
        stop, best = solution_early_stopping_epoch(val_losses, patience)
        return stop - 1, best - 1

    message = checks.early_stopping_epoch.evaluate(zero_based).message
    assert message.startswith("✗ early_stopping_epoch: your epochs count from 0"), message


@pytest.mark.parametrize("exercise, solution", [
    (checks.l2_training_loop, solution_my_train_l2),
    (checks.lasso_proximal, solution_my_lasso_proximal),
    (checks.early_stopping_epoch, solution_early_stopping_epoch),
])
def test_exercises(exercise, solution):
    assert_exercise_verdicts(exercise, solution)


def test_l2_training_loop_reference_and_messages():
    # one step by hand on case 1: loss = J + λΣW² at the start, and the weights move by −α(∂J/∂W + 2λW)
    net, X, y = checks._l2_case_data(0)
    W0 = {name: value.copy() for name, value, _ in net.parameters()}
    from course_lib.losses import softmax_cross_entropy
    J, dlogits = softmax_cross_entropy(net.forward(X), y)
    net.backward(dlogits)
    grads = {name: grad.copy() for name, _, grad in net.parameters()}
    net, X, y = checks._l2_case_data(0)
    history = checks._reference_l2_loop(net, X, y, 0.01, 0.2, 1)
    assert history[0] == pytest.approx(J + 0.01 * sum(np.sum(W0[n] ** 2) for n in W0 if n.endswith(".W")))
    for name, value, _ in net.parameters():
        penalty = 2 * 0.01 * W0[name] if name.endswith(".W") else 0.0
        np.testing.assert_allclose(value, W0[name] - 0.2 * (grads[name] + penalty), rtol=1e-12, atol=1e-15)
    # the check trains in well under a second for every verdict, with fixed seeds
    import time
    start = time.process_time()
    assert checks.l2_training_loop.evaluate(solution_my_train_l2).passed
    assert time.process_time() - start < 1.0

    def loss_after_the_step(net, X, y, lam, lr, epochs):
        return solution_my_train_l2(net, X, y, lam, lr, epochs)[1:] + [0.0]

    message = checks.l2_training_loop.evaluate(loss_after_the_step).message
    assert "your list of losses differs" in message and "[" not in message, message

    def returns_nothing(net, X, y, lam, lr, epochs):
        solution_my_train_l2(net, X, y, lam, lr, epochs)

    message = checks.l2_training_loop.evaluate(returns_nothing).message
    assert "return the list of the 40 epochs' losses" in message, message


def test_lasso_proximal_reference_and_claim():
    case = checks.lasso_proximal.cases[0]
    X, y, lam, lr, steps = case
    w = checks.lasso_proximal.reference(*case)
    _, _, w_true = of.sparse_regression(100, 8, 3, np.random.default_rng(0))
    assert np.all(w[3:] == 0.0) and np.all(w[:3] != 0.0)       # the useless weights exactly 0
    assert np.all(np.abs(w[:3]) < np.abs(w_true[:3]))            # the useful ones shrunk
    # one step by hand from w = 0: u = αXᵀy/n, then the soft threshold by αλ
    u = lr * X.T @ y / len(y)
    np.testing.assert_allclose(checks.lasso_proximal.reference(X, y, lam, lr, 1),
                               np.sign(u) * np.maximum(np.abs(u) - lr * lam, 0.0), rtol=1e-12)
    message = checks.lasso_proximal.evaluate(lambda X, y, lam, lr, steps: np.zeros(X.shape[1])).message
    assert message.startswith("✗ lasso_proximal: on case 1 of 3") and "[" not in message, message


def test_l1_vs_l2_keeps_its_ticks_when_lambda_moves():
    ex = explorers.l1_vs_l2()
    before = [[t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()] for ax in ex.axes]
    for lam in (1e-4, 1e-1, 1e-3):
        ex.controls["lam"].value = lam
    after = [[t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()] for ax in ex.axes]
    assert after == before and any(any(labels) for labels in after)


# ----------------------------------------------------------------------------------------------------
# Every visible text goes through course_lib.i18n.tr
# ----------------------------------------------------------------------------------------------------

MATH = ("ReLU(z)", "1/√k")          # function names and formulas: the same in every language


def test_untranslated_finds_words_outside_the_marks():
    assert untranslated("⟪λ = {lam}⟫ weights") == ["⟪λ = {lam}⟫ weights"]
    assert untranslated("✗ l2_training_loop: ⟪the ⟪loss⟫ of epoch 1⟫, λ = 0.1") == []      # the exercise's name


def test_every_text_shown_is_translated(marked_language):
    shown = []
    for ex in (explorers.bias_variance(), explorers.l1_vs_l2(), explorers.early_stopping(patience=40)):
        for control in ex.controls.values():           # a second draw updates the texts in place
            control.value = control_values(control, 2)[-1]
        shown.append(ex)
    study = of.bias_variance_study()
    X, y, w_true = of.sparse_regression(30, 4, 2, np.random.default_rng(0))
    paths = {m: of.lasso_paths(X, y, 0.1, 0.1, 20, method=m) for m in ("subgradient", "proximal")}
    axes = Figure().subplots(1, 5)
    figures.plot_degree_fits(axes[0], study, 1, "under")
    figures.plot_lasso_comparison(axes[1:4], paths, w_true)
    val = of.early_stopping_study()["val_loss"]
    point = of.early_stopping_point(val, 10)
    figures.plot_early_stopping(axes[4], val, point, curve="reality", patience=10)
    shown.append(axes)
    result = {"epochs": 120, "best_epoch": 22, "stopped_epoch": 32, "retrain_epochs": 22, **{
        f"{key}_{score}": 0.5 for key in ("restored", "retrained", "no_stopping") for score in ("loss", "accuracy")}}
    shown += [figures.report_bias_variance(study, (0, 1)), figures.report_lasso_zeros(paths, w_true),
              figures.report_regularization(of.regularization_study()),
              figures.report_early_stopping("reality", 10, point, val), figures.report_retraining(result)]

    def loss_after_the_step(net, X, y, lam, lr, epochs):
        return solution_my_train_l2(net, X, y, lam, lr, epochs)[1:] + [0.0]

    shown.append(checks.l2_training_loop.evaluate(loss_after_the_step).message)
    missed = untranslated(*shown, ignore=MATH)
    assert shown and not missed, "\n".join(map(repr, missed))
