"""Tests for notebook 07 (optimizers): compute, drawing, the explorer and the exercise checks."""

import math

import ipywidgets as widgets
import numpy as np
import pytest
from explorer_tools import assert_exercise_verdicts, assert_figure_ok, drive_each_control, drive_grid, untranslated
from matplotlib.figure import Figure

from course_lib import optim
from course_lib.lessons.optimizers import checks
from course_lib.lessons.optimizers import compute as op
from course_lib.lessons.optimizers import explorers as wiring
from course_lib.lessons.optimizers import figures as plots
from course_lib.surfaces import diverged_at, trajectory

KAPPA = op.SURFACE_ARGS["quadratic"]["condition_number"]  # λ_max of the bowl (λ_min = 1)


def numeric_grad(s, w, h=1e-6):
    """Central differences of f at the point w: (f(w + h·e) − f(w − h·e))/2h per coordinate."""
    x, y = w
    return np.array([(s.f(x + h, y) - s.f(x - h, y)) / (2 * h), (s.f(x, y + h) - s.f(x, y - h)) / (2 * h)])


def axes():
    return Figure().subplots()


# ------------------------------------------------------------------------------------------------
# compute: hyperparameters and paths
# ------------------------------------------------------------------------------------------------


def test_hyperparameters_route_each_slider_to_its_rule():
    hyper = dict(lr=0.02, lr_adaptive=0.3, gamma=0.8, beta1=0.7, beta2=0.95, rho=0.6)
    assert op.hyperparameters("sgd", **hyper) == {"lr": 0.02}
    assert op.hyperparameters("momentum", **hyper) == {"lr": 0.02, "momentum": 0.8}
    assert op.hyperparameters("nesterov", **hyper) == {"lr": 0.02, "momentum": 0.8}
    assert op.hyperparameters("adagrad", **hyper) == {"lr": 0.3, "eps": 1e-8}
    assert op.hyperparameters("rmsprop", **hyper) == {"lr": 0.3, "rho": 0.6, "eps": 1e-8}
    assert op.hyperparameters("adam", **hyper) == {"lr": 0.3, "beta1": 0.7, "beta2": 0.95, "eps": 1e-8}


@pytest.mark.parametrize("bad", [dict(name="adamw"), dict(lr=0.0), dict(lr_adaptive=-1.0), dict(gamma=1.0),
                                 dict(beta2=1.0), dict(rho=-0.1), dict(eps=0.0)])
def test_hyperparameters_reject_bad_values(bad):
    args = dict(name="adam") | bad
    with pytest.raises(ValueError, match=next(iter(bad))):
        op.hyperparameters(**args)


def test_optimizer_path_is_the_trajectory_cached_and_read_only():
    hyper = op.hyperparameters("momentum", lr=0.01, gamma=0.9)
    path = op.optimizer_path("momentum", "quadratic", (-2.5, -0.5), **hyper)
    expected = trajectory(optim.momentum_update, op.surface("quadratic"), (-2.5, -0.5), op.STEPS, **hyper)
    assert path.shape == (op.STEPS + 1, 2)
    np.testing.assert_array_equal(path, expected)
    assert op.optimizer_path("momentum", "quadratic", (-2.5, -0.5), **hyper) is path  # from the cache
    with pytest.raises(ValueError):
        path[0, 0] = 1.0
    with pytest.raises(ValueError, match="surface_name"):
        op.optimizer_path("sgd", "banana", (0.0, 0.0), lr=0.1)


def test_the_quadratic_is_the_elongated_bowl():
    s = op.surface("quadratic")
    # Hessian by differences of the gradient: eigenvalues 1 and κ
    h = 1e-5
    H = np.column_stack([(numeric_grad(s, (h, 0.0)) - numeric_grad(s, (-h, 0.0))) / (2 * h),
                         (numeric_grad(s, (0.0, h)) - numeric_grad(s, (0.0, -h))) / (2 * h)])
    np.testing.assert_allclose(np.linalg.eigvalsh((H + H.T) / 2), [1.0, KAPPA], rtol=1e-4)


@pytest.mark.parametrize("surface_name", ["quadratic", "rosenbrock", "saddle", "beale", "himmelblau"])
@pytest.mark.parametrize("lr", [1e-3, 0.01])
def test_first_sgd_step_is_minus_lr_times_the_finite_difference_gradient(surface_name, lr):
    s = op.surface(surface_name)
    path = op.optimizer_path("sgd", surface_name, s.default_start, lr=lr)
    expected = np.array(s.default_start) - lr * numeric_grad(s, s.default_start)
    np.testing.assert_allclose(path[1], expected, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("lr_adaptive", [1e-3, 0.01, 0.1, 1.0])
@pytest.mark.parametrize("rho", [0.0, 0.5, 0.9, 0.99])
def test_first_adaptive_steps_have_the_predicted_size(lr_adaptive, rho):
    """AdaGrad and Adam: r1 = g², v̂1 = g², so Δw = −α·g/|g|.  RMSProp: r1 = (1 − ρ)g², Δw = −α/√(1 − ρ)·sign(g)."""
    s = op.surface("quadratic")
    sign = np.sign(numeric_grad(s, s.default_start))
    hyper = op.hyperparameters
    for name, factor in (("adagrad", 1.0), ("adam", 1.0), ("rmsprop", 1 / math.sqrt(1 - rho))):
        path = op.optimizer_path(name, "quadratic", s.default_start, **hyper(name, lr_adaptive=lr_adaptive, rho=rho))
        np.testing.assert_allclose(path[1] - path[0], -lr_adaptive * factor * sign, rtol=1e-7)


@pytest.mark.parametrize("gamma", [0.0, 0.5, 0.9])
def test_divergence_sets_in_at_the_theoretical_learning_rate(gamma):
    """On the bowl (λ_max = κ): SGD needs α < 2/κ, momentum α < 2(1 + γ)/κ, Nesterov α < 2(1 + γ)/((1 + 2γ)κ)."""
    s = op.surface("quadratic")
    limits = {"sgd": 2 / KAPPA, "momentum": 2 * (1 + gamma) / KAPPA,
              "nesterov": 2 * (1 + gamma) / ((1 + 2 * gamma) * KAPPA)}
    for name, limit in limits.items():
        if name == "nesterov" and gamma == 0.0:
            continue  # momentum 0 is plain SGD
        stable = op.optimizer_path(name, "quadratic", s.default_start, **op.hyperparameters(name, lr=0.9 * limit,
                                                                                             gamma=gamma))
        unstable = op.optimizer_path(name, "quadratic", s.default_start,
                                     **op.hyperparameters(name, lr=1.2 * limit, gamma=gamma))
        assert diverged_at(stable) is None, (name, limit)
        assert diverged_at(unstable) is not None, (name, limit)


def test_loss_along_the_path():
    s = op.surface("himmelblau")
    path = np.array([m for m in s.minima] + [(0.0, 0.0), (np.nan, np.nan)])
    loss = op.loss_along(s, path)
    np.testing.assert_allclose(loss[:4], 0.0, atol=1e-20)
    assert loss[4] == pytest.approx(11**2 + 7**2)  # f(0, 0) = (−11)² + (−7)² = 170
    assert np.isnan(loss[5])
    saddle = op.surface("saddle")
    assert op.min_value(saddle) is None
    np.testing.assert_allclose(op.loss_along(saddle, np.array([[1.0, 2.0]])), [1.0 - 4.0])


def test_divergences_and_their_note():
    path = np.zeros((10, 2))
    path[7:] = np.nan
    paths = {"sgd": path, "adam": np.zeros((10, 2))}
    assert op.divergences(paths) == {"sgd": 7}
    assert op.divergences(paths, upto=6) == {}
    assert plots.divergence_note({}) == ""
    assert plots.divergence_note({"sgd": 7}) == "SGD diverged at step 7\n(paths drawn until they leave the window)"
    assert plots.divergence_note({"sgd": 7}, unbounded=True).startswith("SGD ran off to infinity at step 7\n")


def test_shown_rows_and_loss_limits():
    bounds = ((-1.0, 1.0), (-1.0, 1.0))
    path = np.zeros((10, 2))
    assert op.shown_rows(path, 4, bounds) == 5                          # steps 0..4
    path[6:] = np.nan
    assert op.shown_rows(path, 9, bounds) == 6                          # up to the divergence
    path = np.zeros((10, 2))
    path[3:, 0] = 5.0                                                   # leaves the widened window at step 3
    assert op.shown_rows(path, 9, bounds) == 4
    losses = [np.array([2.0, 0.5, 1e-3]), np.array([1.0, np.nan])]
    assert op.loss_limits(losses, log=True) == pytest.approx((1e-3 / op.LOSS_FOOTROOM, 2.0 * op.LOSS_HEADROOM))
    assert op.loss_limits([np.array([0.0, -4.0])], log=False) == pytest.approx((-4 * 1.5 - 1, 1.0))
    assert op.loss_limits([np.array([0.0, -1e9])], log=False)[0] == pytest.approx(op.SYMLOG_LOWEST * 1.5 - 1)
    assert op.loss_limits([], log=True) == op.EMPTY_LIMITS[True]


@pytest.mark.parametrize("surface_name", ["quadratic", "rosenbrock", "saddle", "beale", "himmelblau"])
def test_contour_grid(surface_name):
    X, Y, Z, levels = op.contour_grid(surface_name)
    s = op.surface(surface_name)
    assert X.shape == Y.shape == Z.shape == (120, 120)
    assert (X.min(), X.max()) == s.bounds[0] and (Y.min(), Y.max()) == s.bounds[1]
    assert np.all(np.diff(levels) > 0)
    assert op.contour_grid(surface_name) is op.contour_grid(surface_name)
    if s.minima:
        assert Z.min() >= -1e-12
        ratios = levels[1:] / levels[:-1]
        np.testing.assert_allclose(ratios, ratios[0])  # geometric
    else:
        np.testing.assert_allclose(np.diff(levels), np.diff(levels)[0])  # evenly spaced


# ------------------------------------------------------------------------------------------------
# compute: the conventions agree
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("surface_name, lr", [("quadratic", 0.01), ("quadratic", 0.03), ("rosenbrock", 1e-3),
                                              ("himmelblau", 0.01), ("beale", 1e-3)])
@pytest.mark.parametrize("momentum", [0.0, 0.5, 0.9, 0.99])
def test_three_momentum_forms_give_one_path(surface_name, lr, momentum):
    start = op.surface(surface_name).default_start
    forms = op.momentum_forms(surface_name, start, 100, lr=lr, momentum=momentum)
    assert list(forms) == ["deck 000", "deck 002", "PyTorch"]
    assert op.max_difference(forms) < 1e-10


def test_deck_002_without_the_rescaled_lr_is_a_different_path():
    """The negative control: deck 002's form with α' = α (not α/(1 − β)) takes 10× smaller steps at β = 0.9."""
    s = op.surface("quadratic")
    right = op.momentum_forms("quadratic", s.default_start, 50, lr=0.01, momentum=0.9)["deck 000"]
    wrong = trajectory(optim.ema_momentum_update, s, s.default_start, 50, lr=0.01, beta=0.9)
    assert op.max_difference([right, wrong]) > 0.1


@pytest.mark.parametrize("surface_name, lr", [("quadratic", 0.01), ("rosenbrock", 1e-3), ("himmelblau", 0.005)])
@pytest.mark.parametrize("momentum", [0.5, 0.9])
def test_rewritten_nesterov_is_the_lookahead_one_moved_by_gamma_v(surface_name, lr, momentum):
    start = op.surface(surface_name).default_start
    w, mapped = op.nesterov_forms(surface_name, start, 100, lr=lr, momentum=momentum)
    theta, v = op.nesterov_lookahead_trajectory(surface_name, start, 100, lr=lr, momentum=momentum)
    assert op.max_difference([w, mapped]) < 1e-10
    assert op.max_difference([w, theta]) > 1e-3  # the two forms do track different points
    np.testing.assert_array_equal(v[0], [0.0, 0.0])


def test_lookahead_first_step_by_hand():
    """v0 = 0, so the look-ahead point is θ0:  v1 = −α·∇f(θ0);  θ1 = θ0 + v1."""
    s = op.surface("quadratic")
    theta, v = op.nesterov_lookahead_trajectory("quadratic", s.default_start, 1, lr=0.01, momentum=0.9)
    g0 = numeric_grad(s, s.default_start)
    np.testing.assert_allclose(v[1], -0.01 * g0, rtol=1e-7)
    np.testing.assert_allclose(theta[1], np.array(s.default_start) - 0.01 * g0, rtol=1e-7)


def test_rmsprop_eps_inside_golden_step():
    # w = 1, g = 2, ρ = 0.9, ε = 0.01, α = 0.1:  r = 0.1·4 = 0.4;  w ← 1 − 0.1·2/√(0.4 + 0.01) = 1 − 0.2/0.64031…
    w, state = op.rmsprop_eps_inside_update(np.array([1.0]), np.array([2.0]), {}, lr=0.1, rho=0.9, eps=0.01)
    np.testing.assert_allclose(state["r"], [0.4])
    np.testing.assert_allclose(w, [1 - 0.2 / math.sqrt(0.41)])
    # ε outside (course_lib.optim) differs: 1 − 0.2/(√0.4 + 0.01)
    w_out, _ = optim.rmsprop_update(np.array([1.0]), np.array([2.0]), {}, lr=0.1, rho=0.9, eps=0.01)
    np.testing.assert_allclose(w_out, [1 - 0.2 / (math.sqrt(0.4) + 0.01)])


def test_eps_placement_values():
    eps = 1e-8
    outside, inside = op.eps_placement(np.array([1.0, eps, math.sqrt(eps), 0.0]), eps=eps)
    # |g| = 1: both 1 up to ε;  |g| = ε: ε/(ε + ε) = 1/2;  |g| = √ε: √ε/√(2ε) = 1/√2;  g = 0: 0
    np.testing.assert_allclose(outside, [1 / (1 + eps), 0.5, math.sqrt(eps) / (math.sqrt(eps) + eps), 0.0])
    np.testing.assert_allclose(inside, [1 / math.sqrt(1 + eps), eps / math.sqrt(eps * eps + eps), 1 / math.sqrt(2),
                                        0.0])
    with pytest.raises(ValueError, match="eps"):
        op.eps_placement(1.0, eps=0.0)


def test_eps_path_differences_are_tiny_before_the_bouncing():
    s = op.surface("quadratic")
    differences = op.eps_path_differences("quadratic", s.default_start, 150, lr=0.01)
    inside, nudged = differences.values()
    assert 0 < inside[1:].max() < 1e-7
    np.testing.assert_allclose(nudged[0], 1e-12, rtol=1e-3)  # 1e-12 rounded to the float spacing near 2.5


# ------------------------------------------------------------------------------------------------
# compute: the digits race
# ------------------------------------------------------------------------------------------------


def test_digits_optimizers_are_fresh_and_complete():
    first, second = op.digits_optimizers(), op.digits_optimizers()
    assert list(first) == list(op.OPTIMIZERS)
    assert all(first[name] is not second[name] for name in first)
    assert first["nesterov"].nesterov and first["momentum"].momentum == 0.9


def test_digits_race_starts_every_optimizer_from_the_same_weights_and_batches():
    rng = np.random.default_rng(1)
    optimizers = {"sgd": optim.SGD(0.1), "adam": optim.Adam(0.01)}
    histories = op.digits_race(rng, optimizers=optimizers, epochs=1, batch_size=256, hidden=16)
    sgd, adam = histories["sgd"], histories["adam"]
    n_batches = math.ceil(round(1438 * 0.8) / 256)   # 1,438 of the 1,797 digits: the rest is the test set
    assert len(sgd.batch_loss) == len(adam.batch_loss) == n_batches
    assert sgd.batch_loss[0] == adam.batch_loss[0]  # before any update: same weights, same first batch
    assert sgd.batch_loss[1] != adam.batch_loss[1]
    assert sgd.epochs_run == 1 and "val_accuracy" in sgd.history
    # same seed, same numbers
    again = op.digits_race(np.random.default_rng(1), optimizers={"sgd": optim.SGD(0.1)}, epochs=1, batch_size=256,
                           hidden=16)
    assert again["sgd"].batch_loss == sgd.batch_loss


def test_the_numbers_of_the_first_prompt():
    """Notebook 07, cell 5's answer: SGD at α = 0.01 brings f − f_min down by 10⁶ at step 593 (19.6 → 0.14 in
    150 steps), momentum at step 95; theory for the flat direction alone: ln 10⁶/(−ln 0.99²) ≈ 690."""
    s = op.surface("quadratic")
    first = {}
    for name in ("sgd", "momentum"):
        path = op.optimizer_path(name, "quadratic", s.default_start, steps=1000, **op.hyperparameters(name, lr=0.01))
        loss = op.loss_along(s, path)
        first[name] = int(np.flatnonzero(loss <= 1e-6 * loss[0])[0])
        if name == "sgd":
            assert (round(loss[0], 1), round(loss[150], 2)) == (19.6, 0.14)
    assert first == {"sgd": 593, "momentum": 95}
    assert round(np.log(1e6) / -np.log(0.99**2), -1) == 690


def test_leaves_window():
    bounds = ((-1.0, 1.0), (0.0, 2.0))
    path = np.array([[0.0, 1.0], [1.9, 1.0], [2.1, 1.0], [0.0, 1.0]])
    assert op.leaves_window(path, bounds) == 2              # beyond 1 + 0.5·2 = 2 in x
    assert op.leaves_window(path[:2], bounds) is None
    assert op.leaves_window(np.array([[0.0, 1.0], [np.nan, np.nan]]), bounds) is None
    assert op.leaves_window(np.array([[0.0, -1.1]]), bounds, margin=0.5) == 0


def test_race_is_tuned_on_one_seed_and_reported_on_others():
    assert op.RACE_TUNING_SEED not in op.RACE_SEEDS and len(op.RACE_SEEDS) >= 5
    curves, rates = op.tuning_curves(), op.tuned_rates()
    for name, curve in curves.items():
        i = op.RACE_GRID.index(rates[name])
        assert 0 < i < len(op.RACE_GRID) - 1, f"{name}: the tuned rate {rates[name]} is at the edge of the grid"
        # a clear minimum: both neighbours at least 5 % worse (so round-off cannot move the choice)
        assert curve[i] < 0.95 * min(curve[i - 1], curve[i + 1]), name
    results = op.race_over_seeds()
    for name in op.OPTIMIZERS:
        assert results[name]["test_accuracy"].shape == (len(op.RACE_SEEDS),)
        assert 0.85 < results[name]["test_accuracy"].mean() < 0.97
    # the optimizers are run with the tuned rates on the held-out seeds
    first = op.digits_race(np.random.default_rng(op.RACE_SEEDS[0]), {"adam": op.race_optimizer("adam", rates["adam"])},
                           **op.RACE_SETTINGS)
    assert first["adam"].test["accuracy"] == results["adam"]["test_accuracy"][0]


def test_race_summary_does_not_move_with_round_off():
    """Perturbing every initial weight by a relative 1e-12 leaves the printed digits and the tuned rates alone."""
    results, nudged = op.race_over_seeds(), op.race_over_seeds(nudge=1e-12)
    for name in op.OPTIMIZERS:
        for key, digits in (("test_accuracy", 3), ("test_loss", 3)):
            a, b = results[name][key], nudged[name][key]
            assert [f"{x.mean():.{digits}f} {x.std(ddof=1):.{digits}f}" for x in (a, b)] == \
                [f"{a.mean():.{digits}f} {a.std(ddof=1):.{digits}f}"] * 2
            np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6)


def test_race_data_keep_the_test_set_out_of_every_split():
    X_pool, _, X_test, _ = op._race_data()
    assert len(X_pool) + len(X_test) == 1797 and len(X_test) == 359
    pool = {row.tobytes() for row in X_pool}
    assert sum(row.tobytes() in pool for row in X_test) < 20      # only the few duplicate images of the data set


# ------------------------------------------------------------------------------------------------
# drawing
# ------------------------------------------------------------------------------------------------


def test_plot_contours_and_paths():
    X, Y, Z, levels = op.contour_grid("himmelblau")
    h = plots.plot_surface_contours(axes(), X, Y, Z, levels, minima=op.surface("himmelblau").minima)
    assert list(h["ax"].collections) == [h["contours"]]
    assert len(h["minima"].get_xdata()) == 4
    path = np.zeros((11, 2))
    path[:, 0] = np.arange(11)
    path[8:] = np.nan
    p = plots.plot_optimizer_paths(h["ax"], {"sgd": path, "adam": path * 2}, upto=5)
    assert len(p["path"]["sgd"].get_xdata()) == 6  # steps 0..5
    np.testing.assert_array_equal(p["head"]["adam"].get_xydata(), [[10.0, 0.0]])
    plots.update_optimizer_paths(p, {"sgd": path, "adam": path * 2}, {"adam": 3}, (1.0, 2.0))
    assert not p["path"]["sgd"].get_visible() and not p["head"]["sgd"].get_visible()
    np.testing.assert_array_equal(p["path"]["adam"].get_xydata(), (path * 2)[:3])
    np.testing.assert_array_equal(p["head"]["adam"].get_xydata(), [[4.0, 0.0]])
    assert p["start"].get_xydata().tolist() == [[1.0, 2.0]]
    p = plots.plot_optimizer_paths(axes(), {"sgd": path})
    assert len(p["path"]["sgd"].get_xdata()) == 8  # up to the divergence at step 8
    assert np.isfinite(p["path"]["sgd"].get_xydata()).all()
    assert p["start"].get_xydata().tolist() == [[0.0, 0.0]]


def test_plot_losses():
    losses = {"sgd": np.array([1.0, 0.1, 0.0, np.nan]), "adam": np.ones(4)}
    h = plots.plot_path_losses(axes(), losses)
    assert h["ax"].get_yscale() == "log"
    np.testing.assert_array_equal(h["loss"]["sgd"].get_ydata(), [1.0, 0.1, plots.LOSS_FLOOR])  # 0 floored, NaN out
    assert [t.get_text() for t in h["ax"].get_legend().get_texts()] == ["SGD", "Adam"]
    plots.update_path_losses(h, losses, {"sgd": 2}, has_min=True)
    np.testing.assert_array_equal(h["loss"]["sgd"].get_ydata(), [1.0, 0.1])
    assert not h["loss"]["adam"].get_visible()
    h = plots.plot_path_losses(axes(), {"sgd": np.array([2.0, -5.0])}, log=False)
    assert h["ax"].get_yscale() == "symlog"


def test_plot_same_paths_and_eps_figures():
    path = np.column_stack([np.arange(5.0), np.arange(5.0)])
    h = plots.plot_coinciding_paths(axes(), {"a": path, "b": path, "c": path})
    assert [line.get_label() for line in h["ax"].lines] == ["a", "b", "c"]
    g = np.geomspace(1e-12, 1, 50)
    outside, inside = op.eps_placement(g)
    h = plots.plot_eps_placement(axes(), g, outside, inside, eps=1e-8)
    np.testing.assert_array_equal(h["inside"].get_ydata(), inside)
    markers = [line for line in h["ax"].lines if line not in (h["inside"], h["outside"])]
    np.testing.assert_allclose(sorted(line.get_xdata()[0] for line in markers), [1e-8, 1e-4])
    h = plots.plot_path_differences(axes(), {"inside": np.array([0.0, 1e-9]), "nudged": np.array([1e-12, 1e-12])})
    assert len(h["ax"].lines) == 2 and h["ax"].get_yscale() == "log"
    assert h["inside"].get_ydata()[0] == plots.LOSS_FLOOR
    assert [t.get_text() for t in h["ax"].get_legend().get_texts()] == ["ε inside the root", "start nudged by 1e-12"]


def test_plot_tuning_curves_and_race_over_seeds():
    grid = (0.01, 0.1, 1.0)
    h = plots.plot_tuning_curves(axes(), grid, {"sgd": np.array([1.0, 0.5, np.inf])}, {"sgd": 0.1}, seed=0, epochs=5)
    np.testing.assert_array_equal(h["curve"]["sgd"].get_xdata(), [0.01, 0.1])      # the diverged run is left out
    assert h["chosen"]["sgd"].get_xdata()[0] == 0.1 and h["ax"].get_xscale() == "log"
    assert h["ax"].get_title() == "tuning on seed 0: validation loss after 5 epochs"
    h = plots.plot_race_over_seeds(axes(), {"sgd": [0.9, 0.92], "adam": [0.93, 0.95]}, seeds=(1, 2))
    assert h["mean"]["adam"].get_ydata()[0] == pytest.approx(0.94)
    assert [t.get_text() for t in h["ax"].get_xticklabels()] == ["SGD", "Adam"]
    assert h["ax"].get_title() == "tuned rates on seeds 1–2: test accuracy (bar: mean)"


def test_plot_training_curves():
    ax = plots.plot_optimizer_race(axes(), {"sgd": [1.0, 0.5, 0.2], "adam": [1.0, 0.3, 0.1]}, x_label="epoch")["ax"]
    assert [line.get_label() for line in ax.lines] == ["SGD", "Adam"]
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [1, 2, 3])
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "epoch"


# ------------------------------------------------------------------------------------------------
# the explorer
# ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def explorer():
    return wiring.optimizer_paths()


def _lines(ex):
    """The explorer's path, head and loss lines by 'kind:name', and its start marker."""
    a = ex.artists
    lines = {f"{kind}:{name}": line for kind, part in (("path", "paths"), ("head", "paths"), ("loss", "losses"))
             for name, line in a[part][kind].items()}
    return lines | {"start": a["paths"]["start"]}


def test_explorer_default_figure(explorer):
    ex = explorer
    lines = _lines(ex)
    shown = [name for name in op.OPTIMIZERS if ex.controls[name].value]
    assert shown and all(lines[f"path:{n}"].get_visible() for n in shown)
    assert not any(lines[f"path:{n}"].get_visible() for n in op.OPTIMIZERS if n not in shown)
    assert len(lines[f"path:{shown[0]}"].get_xdata()) == op.STEPS + 1
    assert ex.axes[1].get_yscale() == "log"
    assert [t.get_text() for t in ex.axes[1].get_legend().get_texts()] == [op.LABELS[n] for n in shown]
    assert_figure_ok(ex)
    plays = [c for c in ex.children[1].children if isinstance(c, widgets.Play)]
    assert len(plays) == 1 and plays[0].max == op.STEPS


def test_explorer_every_control_and_grids(explorer):
    ex = explorer
    drive_each_control(ex, n=3)
    drive_grid(ex, ["surface", "lr"], n=2)  # every surface at the extreme learning rates
    drive_grid(ex, ["lr_adaptive", "beta1", "beta2"], n=2)
    drive_grid(ex, ["lr", "gamma"], n=2)
    drive_grid(ex, ["x0", "y0"], n=2)


def test_step_slider_only_slices_and_contours_are_drawn_once_per_surface():
    ex = wiring.optimizer_paths()
    contours = ex.artists["background"]["contours"]
    misses = op._cached_path.cache_info().misses
    for step in (0, 10, 75, op.STEPS):
        ex.controls["step"].value = step
        assert len(_lines(ex)["path:adam"].get_xdata()) == step + 1
    assert op._cached_path.cache_info().misses == misses  # nothing recomputed
    ex.controls["lr"].value = 0.02
    assert ex.artists["background"]["contours"] is contours  # the background is kept
    ex.controls["surface"].value = "beale"
    assert ex.artists["background"]["contours"] is not contours
    assert list(ex.axes[0].collections) == [ex.artists["background"]["contours"]]  # the old one was removed


def test_surface_change_brings_its_window_start_and_learning_rates():
    ex = wiring.optimizer_paths()
    refreshes = len(ex.timings)
    ex.controls["surface"].value = "himmelblau"
    assert len(ex.timings) == refreshes + 1  # the window, start and learning rates change in one redraw
    s = op.surface("himmelblau")
    assert (ex.controls["x0"].min, ex.controls["x0"].max) == s.bounds[0]
    assert (ex.controls["x0"].value, ex.controls["y0"].value) == s.default_start
    assert ex.controls["lr"].value == pytest.approx(op.SUGGESTED["himmelblau"]["lr"])
    assert ex.controls["lr_adaptive"].value == pytest.approx(op.SUGGESTED["himmelblau"]["lr_adaptive"])
    ex.controls["surface"].value = "rosenbrock"
    assert (ex.controls["y0"].min, ex.controls["y0"].max) == op.surface("rosenbrock").bounds[1]
    np.testing.assert_allclose(_lines(ex)["start"].get_xydata(), [op.surface("rosenbrock").default_start])


def test_divergence_is_shown_on_the_figure():
    ex = wiring.optimizer_paths(lr=0.045, nesterov=True)
    sgd = op.optimizer_path("sgd", "quadratic", op.surface("quadratic").default_start, lr=0.045)
    k = diverged_at(sgd)
    assert k is not None
    assert any(f"SGD diverged at step {k}" in m for m in ex.messages)
    out = op.leaves_window(sgd, op.surface("quadratic").bounds)
    assert out is not None and out < k
    assert len(_lines(ex)["path:sgd"].get_xdata()) == out + 1  # drawn until it leaves the window, not to step k
    assert "α = 0.045" in ex.axes[1].get_title()                 # the static figure states its settings
    ex.controls["step"].value = 5
    assert ex.messages == []  # not diverged yet at step 5
    assert len(ex.axes[0].texts) == 0
    ex.controls["step"].value = op.STEPS
    assert len(ex.axes[0].texts) == 1  # one message box, not one per refresh
    assert_figure_ok(ex)


def test_saddle_and_empty_selection():
    ex = wiring.optimizer_paths(surface="saddle", momentum=True)
    assert ex.axes[1].get_yscale() == "symlog"
    assert any("ran off to infinity" in m for m in ex.messages)
    for name in op.OPTIMIZERS:
        ex.controls[name].value = False
    assert ex.messages == ["tick at least one optimizer"]
    assert_figure_ok(ex)


def test_presets_hide_and_bad_presets():
    ex = wiring.optimizer_paths(surface="beale", x0=-4.0, lr=1e-3, hide=("surface", "step"))
    assert ex.values["surface"] == "beale" and ex.values["x0"] == -4.0 and ex.values["lr"] == 1e-3
    assert ex.values["y0"] == op.surface("beale").default_start[1]
    grid = ex.children[1]
    assert ex.controls["surface"] not in grid.children and ex.controls["step"] not in grid.children
    assert not any(isinstance(c, widgets.Play) for c in grid.children)
    for bad in (dict(lr=10.0), dict(surface="banana"), dict(gamma=1.5), dict(speed=3), dict(x0=5.0)):
        with pytest.raises(ValueError):
            wiring.optimizer_paths(**bad)
    with pytest.raises(ValueError, match="hide"):
        wiring.optimizer_paths(hide=("nope",))


# ------------------------------------------------------------------------------------------------
# exercise checks
# ------------------------------------------------------------------------------------------------

EXERCISES = [checks.momentum_step, checks.adam_step, checks.adagrad_effective_lr]


# The solutions exactly as the notebook shows them.
def solution_momentum_step(w, g, v, lr, gamma):
    v = gamma * v - lr * g
    return w + v, v


def solution_adam_step(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w, m, v


def solution_adagrad_effective_lr(grads, lr, eps=1e-8):
    r = np.cumsum(grads**2, axis=0)   # r_t for t = 1..T, per coordinate
    return lr / (np.sqrt(r) + eps)


@pytest.mark.parametrize("exercise, solution", list(zip(EXERCISES, [solution_momentum_step, solution_adam_step,
                                                                    solution_adagrad_effective_lr])))
def test_exercises(exercise, solution):
    assert_exercise_verdicts(exercise, solution)


def test_pytorch_momentum_is_named_and_wrong_tuples_are_not_dumped():
    def pytorch_form(w, g, v, lr, gamma):
        b = gamma * v + g
        return w - lr * b, b

    message = checks.momentum_step.evaluate(pytorch_form).message
    assert "PyTorch's form" in message and "[" not in message

    def wrong_m(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        new_w, new_m, new_v = solution_adam_step(w, g, m, v, t, lr, beta1, beta2, eps)
        return new_w, new_m * 1.5, new_v

    message = checks.adam_step.evaluate(wrong_m).message
    assert "new_m is wrong (new_w and new_v right)" in message and "(3, 2)" not in message and "[" not in message
    message = checks.adam_step.evaluate(lambda *args, **kwargs: np.zeros((3, 2))).message
    assert message == "✗ adam_step: return the tuple (new_w, new_m, new_v); you returned ndarray."
    message = checks.adagrad_effective_lr.evaluate(lambda grads, lr, eps=1e-8: np.ones_like(grads)).message
    assert "first at entry (0, 0)" in message and "[" not in message


def test_adam_reference_by_hand():
    """Second step, t = 2, α = 0.01, β1 = 0.9, β2 = 0.999, w = 1, g = 0.5, m = 0.05, v = 0.00025:
    m = 0.9·0.05 + 0.1·0.5 = 0.095;  v = 0.999·0.00025 + 0.001·0.25 = 0.00049975;
    m̂ = 0.095/0.19 = 0.5;  v̂ = 0.00049975/0.001999 = 0.25;  w = 1 − 0.01·0.5/(0.5 + 1e-8)."""
    w, m, v = checks._adam_step(np.array([1.0]), np.array([0.5]), np.array([0.05]), np.array([0.00025]), 2,
                                0.01, 0.9, 0.999, 1e-8)
    np.testing.assert_allclose(m, [0.095])
    np.testing.assert_allclose(v, [0.00049975])
    np.testing.assert_allclose(w, [1 - 0.01 * 0.5 / (0.5 + 1e-8)])


def test_adagrad_reference_by_hand():
    # grads 3, 4, 0 (one coordinate), α = 0.5:  r = 9, 25, 25;  α/(√r + ε) = 0.5/3, 0.5/5, 0.5/5
    out = checks._adagrad_effective_lr(np.array([[3.0], [4.0], [0.0]]), 0.5, 1e-8)
    np.testing.assert_allclose(out[:, 0], [0.5 / 3, 0.1, 0.1], rtol=1e-7)


def test_adam_runs_follow_optim_and_catch_a_step_that_keeps_state():
    for *run, _what in checks._ADAM_RUNS:
        path, m, v = checks._adam_run(solution_adam_step, *run)
        ref_path, ref_m, ref_v = checks._optim_adam_run(*run)
        np.testing.assert_allclose(path, ref_path, rtol=1e-12, atol=0)
        np.testing.assert_allclose(m, ref_m, rtol=1e-12, atol=0)
    calls = []

    def counts_its_own_t(w, g, m, v, t, lr, beta1, beta2, eps):
        calls.append(t)   # right on the single steps, then ignores the t it is given
        return solution_adam_step(w, g, m, v, t if len(calls) <= 4 else len(calls) - 4 + 10, lr, beta1, beta2, eps)

    message = checks.adam_step.evaluate(counts_its_own_t).message
    assert message.startswith("✗ adam_step: each single step is right, but over run 1"), message
    # the t-from-0 slip divides by 1 − β⁰ = 0 on a run's first step; the single steps (t ≥ 2) name it first
    message = checks.adam_step.evaluate(lambda *case: checks._adam_variant(*case, power_shift=-1)).message
    assert "counted the steps from 0" in message
    message = checks.adam_step.evaluate(lambda *case: checks._adam_variant(*case, eps_inside=True)).message
    assert "not torch.optim.Adam's" in message


# ------------------------------------------------------------------------------------------------
# why momentum helps: tuned rates from the eigen-decomposition, checked by simulation
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kappa", [2.0, 10.0, 50.0, 1000.0])
def test_tuned_rates_are_the_spectral_radii_of_the_iteration_matrices(kappa):
    lams = np.linspace(1.0, kappa, 201)
    lr, rate = op.tuned_gd(1.0, kappa)
    assert rate == pytest.approx((kappa - 1) / (kappa + 1))
    radius = max(abs(np.linalg.eigvals(op.iteration_matrix(lam, lr))).max() for lam in lams)
    assert radius == pytest.approx(rate, rel=1e-9)
    for other in (0.97 * lr, 1.03 * lr):   # any other α is worse
        assert max(abs(1 - other * lams)) > rate
    lr, beta, rate = op.tuned_heavy_ball(1.0, kappa)
    assert rate == pytest.approx((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1))
    assert beta == pytest.approx(rate**2)
    radius = max(abs(np.linalg.eigvals(op.iteration_matrix(lam, lr, beta))).max() for lam in lams)
    assert radius == pytest.approx(rate, rel=1e-6)   # √β inside, a repeated eigenvalue at λ = μ and λ = L


def test_rates_study_numbers_quoted_in_the_notebook():
    study = op.rates_study()
    assert list(study["kappa"]) == [2, 5, 10, 20, 50, 100, 200, 500, 1000]
    # GD's ρᵗ is exact (one eigenvalue per direction): the simulation reaches tol when predicted
    np.testing.assert_array_equal(study["simulated_gd"], study["predicted_gd"])
    k50 = list(study["kappa"]).index(50.0)
    assert (study["predicted_gd"][k50], study["predicted_momentum"][k50], study["simulated_momentum"][k50]) == (
        346, 49, 64)
    assert (study["simulated_gd"][-1], study["simulated_momentum"][-1]) == (6908, 315)
    ratio = study["simulated_momentum"] / study["predicted_momentum"]
    assert 1.2 <= ratio.min() and ratio.max() <= 1.45   # the t·ρᵗ of a repeated eigenvalue
    # slopes on log-log: about 1 for GD, about 1/2 for momentum
    slope = np.polyfit(np.log(study["kappa"][3:]), np.log(study["simulated_gd"][3:]), 1)[0]
    assert slope == pytest.approx(1.0, abs=0.02)
    slope = np.polyfit(np.log(study["kappa"][3:]), np.log(study["simulated_momentum"][3:]), 1)[0]
    assert 0.5 <= slope <= 0.62


def test_simulated_steps_do_not_move_with_round_off():
    kappas = np.array(op.RATE_KAPPAS)
    for method in ("gd", "momentum"):
        base = op.simulated_steps(kappas, method)
        for tol in (1e-6 * (1 + 1e-9), 1e-6 * (1 - 1e-9)):
            np.testing.assert_array_equal(op.simulated_steps(kappas, method, tol), base)


def test_rates_reject_bad_arguments():
    with pytest.raises(ValueError, match="L must be"):
        op.tuned_gd(2.0, 1.0)
    with pytest.raises(ValueError, match="method"):
        op.simulated_steps([10.0], "adam")
    with pytest.raises(ValueError, match="kappas"):
        op.simulated_steps([0.5], "gd")


def test_plot_steps_against_kappa():
    fig = Figure()
    ax = fig.add_subplot()
    study = op.rates_study()
    h = plots.plot_steps_against_kappa(ax, study, 1e-6)
    np.testing.assert_array_equal(h["predicted"]["gd"].get_ydata(), study["predicted_gd"])
    np.testing.assert_array_equal(h["simulated"]["momentum"].get_ydata(), study["simulated_momentum"])
    assert len(ax.lines) == 4
    assert ax.get_xscale() == ax.get_yscale() == "log"


# ------------------------------------------------------------------------------------------------
# gradient noise in the explorer
# ------------------------------------------------------------------------------------------------


def test_gradient_noise_is_off_by_default_and_reproducible_with_its_seed():
    start = op.surface("quadratic").default_start
    clean = op.optimizer_path("sgd", "quadratic", start, lr=0.01)
    np.testing.assert_array_equal(op.optimizer_path("sgd", "quadratic", start, noise=0.0, seed=3, lr=0.01), clean)
    noisy = op.optimizer_path("sgd", "quadratic", start, noise=1.0, seed=0, lr=0.01)
    op._cached_path.cache_clear()
    again = op.optimizer_path("sgd", "quadratic", start, noise=1.0, seed=0, lr=0.01)
    np.testing.assert_array_equal(again, noisy)
    assert not np.array_equal(noisy, clean)
    assert not np.array_equal(op.optimizer_path("sgd", "quadratic", start, noise=1.0, seed=1, lr=0.01), noisy)
    # SGD's first step: −α(g + σ z_1), z_1 the generator's first draw
    g = op.surface("quadratic").gradient(np.array(start))
    z = np.random.default_rng(0).standard_normal(2)
    np.testing.assert_allclose(noisy[1], np.array(start) - 0.01 * (g + z), rtol=1e-12)
    with pytest.raises(ValueError, match="noise"):
        op.optimizer_path("sgd", "quadratic", start, noise=-1.0, lr=0.01)
    with pytest.raises(ValueError, match="seed"):
        op.optimizer_path("sgd", "quadratic", start, noise=1.0, seed=-1, lr=0.01)


def test_explorer_with_gradient_noise():
    ex = wiring.optimizer_paths(noise=2.0, seed=4, step=150)
    assert "gradient noise σ = 2 (seed 4)" in ex.axes[0].get_title()
    assert_figure_ok(ex)
    ex.controls["noise"].value = 0.0
    assert "noise" not in ex.axes[0].get_title()


def test_gradient_noise_claim_of_the_notebook():
    s = op.surface("quadratic")
    start = s.default_start
    for name, clean_level in (("momentum", 1e-6), ("nesterov", 2e-7)):
        clean = op.loss_along(s, op.optimizer_path(name, "quadratic", start, **op.hyperparameters(name)))
        assert clean[150] < clean_level
        for seed in range(10):
            path = op.optimizer_path(name, "quadratic", start, noise=1.0, seed=seed, **op.hyperparameters(name))
            assert op.loss_along(s, path)[100:].min() > 5e-5, (name, seed)


# ------------------------------------------------------------------------------------------------
# every visible string goes through course_lib.i18n.tr; the notebook's printed tables
# ------------------------------------------------------------------------------------------------


def test_every_visible_string_goes_through_tr(marked_language):
    ex = wiring.optimizer_paths(lr=0.045, nesterov=True, noise=1.0)
    assert ex.messages
    bad = untranslated(ex)
    assert not bad, bad
    ex.controls["surface"].value = "saddle"
    for name in op.OPTIMIZERS:
        ex.controls[name].value = False
    assert ex.messages == ["⟪tick at least one optimizer⟫"]
    assert not untranslated(ex)
    for exercise in EXERCISES:
        for message, wrong in exercise.misconceptions:
            assert "⟪" in exercise.evaluate(wrong).message, message
    hint = checks.momentum_step.evaluate(lambda w, g, v, lr, gamma: (w + v, v + 1)).message
    assert "⟪The weights move by the new velocity" in hint or "⟪The velocity" in hint
    assert "⟪✓ adam_step: correct on" in checks.adam_step.evaluate(solution_adam_step).message
    figures = [plots.plot_eps_placement(axes(), np.ones(2), np.ones(2), np.ones(2), 1e-8)["ax"],
               plots.plot_path_differences(axes(), {"inside": np.ones(2), "nudged": np.ones(2)})["ax"],
               plots.plot_tuning_curves(axes(), (0.1, 1.0), {"sgd": np.ones(2)}, {"sgd": 0.1}, seed=0, epochs=5)["ax"],
               plots.plot_race_over_seeds(axes(), {"sgd": [0.9, 0.92]}, seeds=(1, 2))["ax"],
               plots.plot_optimizer_race(axes(), {"sgd": [1.0, 0.5]})["ax"],
               plots.plot_steps_against_kappa(axes(), op.rates_study(), 1e-6)["ax"]]
    path = np.zeros((3, 2))
    ax = axes()
    plots.plot_momentum_forms(ax, op.contour_grid("quadratic"), (), op.momentum_forms("quadratic", (1.0, 1.0), 3, 0.01,
                                                                                      0.9))
    figures.append(ax)
    ax = axes()
    plots.plot_nesterov_forms(ax, op.contour_grid("quadratic"), (), path, path, path)
    figures.append(ax)
    assert not untranslated(figures), untranslated(figures)
    results = {name: {"test_accuracy": np.array([0.9, 0.92]), "test_loss": np.array([0.3, 0.2])}
               for name in op.OPTIMIZERS}
    reports = [plots.report_first_steps(op.first_steps(np.ones(2), np.ones(2))),
               plots.report_rates_study(op.rates_study()), plots.report_momentum_forms("quadratic", 0.01, 0.9, 0.0),
               plots.report_nesterov_forms(0.0, 0.3), plots.report_eps_placement([(1.0, 1.0, 1.0)]),
               plots.report_eps_difference(1e-9, 150), plots.report_race(results, dict.fromkeys(op.OPTIMIZERS, 0.1),
                                                                        (1, 2))]
    assert not untranslated(*reports), untranslated(*reports)


def test_reports_print_the_notebooks_lines():
    steps = op.first_steps(np.array([1.0, -2.0]), np.array([0.5, 4.0]), lr=0.1, lr_adaptive=0.1)
    assert plots.report_first_steps(steps).splitlines()[0] == "SGD       Δw = [-0.05 -0.4 ]      state: nothing"
    assert plots.report_first_steps(steps).splitlines()[-1] == "Adam      Δw = [-0.1 -0.1]        state: m, t, v"
    assert plots.report_momentum_forms("quadratic", 0.01, 0.9, 1e-15) == (
        "quadratic  α = 0.01, γ = 0.9, deck 002 with α' = α/(1 − β) = 0.1: the three paths agree to within 1e-14: True")
    assert plots.report_eps_placement([(1e-4, 0.9999, 0.707107)]) == (
        "|g| =  1e-04:  step/α with ε outside 0.999900,  inside 0.707107")
    results = {"sgd": {"test_accuracy": np.array([0.9, 0.92]), "test_loss": np.array([0.3, 0.2])},
               "adam": {"test_accuracy": np.array([0.95, 0.91]), "test_loss": np.array([0.2, 0.2])}}
    lines = plots.report_race(results, {"sgd": 0.32, "adam": 0.01}, (1, 2)).splitlines()
    assert lines[0] == "test accuracy and loss over seeds 1–2: mean ± standard deviation (lowest–highest)"
    assert lines[1].startswith("SGD       α = 0.32   accuracy 91.0% ± 1.4% (90.0%–92.0%),  loss 0.250")
    assert lines[2].endswith("above SGD on 1 of 2 seeds")
