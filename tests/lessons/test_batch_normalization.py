"""Notebook 10 (batch normalization): compute, draw, explorers and exercise checks."""

import numpy as np
import pytest
from explorer_tools import assert_exercise_verdicts, assert_figure_ok, drive_each_control, drive_grid, untranslated
from matplotlib.figure import Figure

from course_lib.layers import Activation, BatchNorm, Dense
from course_lib.lessons.batch_normalization import checks, explorers, figures
from course_lib.lessons.batch_normalization import compute as bns


@pytest.fixture
def rng():
    return np.random.default_rng(0)


# ---- the backward pass --------------------------------------------------------------------------------


def test_backward_terms_by_hand():
    # m = 2, x = (1, 3), dy = (1, 0), γ = 1, ε = 0:  μ = 2, σ² = ((−1)² + 1²)/2 = 1, x̂ = (−1, 1).
    # ∂L/∂x̂ = (1, 0);  ∂L/∂σ² = (1·(−1) + 0·1)·(−½)·1^(−3/2) = 0.5;  ∂L/∂μ (direct) = −(1 + 0)/1 = −1.
    # ∂L/∂x = (1, 0)/1 + 0.5·2·(−1, 1)/2 + (−1)/2 = (1 − 0.5 − 0.5, 0 + 0.5 − 0.5) = (0, 0):
    # with two examples x̂ is always ±1, so the output does not depend on x at all.
    t = bns.backward_terms(np.array([[1.0], [3.0]]), np.array([[1.0], [0.0]]), np.array([1.0]), eps=0.0)
    assert t["mu"][0] == 2.0 and t["var"][0] == 1.0
    np.testing.assert_allclose(t["x_hat"][:, 0], [-1.0, 1.0])
    assert t["dvar"][0] == pytest.approx(0.5) and t["dmu_direct"][0] == pytest.approx(-1.0)
    np.testing.assert_allclose(t["dx"][:, 0], [0.0, 0.0], atol=1e-15)
    assert t["dgamma"][0] == pytest.approx(-1.0) and t["dbeta"][0] == pytest.approx(1.0)   # Σ dy·x̂, Σ dy


def test_backward_terms_match_the_layer_and_finite_differences(rng):
    for mean, m, eps in [(3.0, 8, 1e-5), (-5.0, 4, 1e-3), (0.5, 16, 1e-5)]:
        x = rng.normal(mean, 2.0, size=(m, 3))
        dy = rng.normal(size=(m, 3))
        gamma = rng.uniform(0.5, 2.0, 3)
        t = bns.backward_terms(x, dy, gamma, eps)
        layer = BatchNorm(3, eps=eps)
        layer.params["gamma"][...] = gamma
        layer.forward(x, train=True)
        np.testing.assert_allclose(t["dx"], layer.backward(dy), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(t["dgamma"], layer.grads["gamma"], rtol=1e-12)
        np.testing.assert_allclose(t["dmu_through_var"], 0.0, atol=1e-12)   # Σ(x_i − μ) = 0
        np.testing.assert_allclose(t["dx"].sum(axis=0), 0.0, atol=1e-10)    # shifting x changes nothing
        assert bns.dx_error(lambda *a: bns.backward_terms(*a)["dx"], x, rng, gamma=gamma, eps=eps) < 1e-7


def test_the_slide_formula_fails_unless_the_batch_mean_is_zero(rng):
    x = rng.normal(3.0, 2.0, size=(8, 2))
    assert bns.dx_error(bns.deck_dx, x, rng) > 0.1
    assert bns.dx_error(bns.deck_dx, x - x.mean(axis=0), rng) < 1e-7


# ---- running statistics -------------------------------------------------------------------------------


@pytest.mark.parametrize("momentum", [0.0, 0.5, 0.9, 0.99, 0.999])
@pytest.mark.parametrize("batch_size", [2, 16, 128])
def test_running_statistics_are_what_the_layer_holds(momentum, batch_size):
    run = bns.running_statistics(np.random.default_rng(1), 60, batch_size, momentum)
    layer = BatchNorm(1, momentum=momentum)
    for t, batch in enumerate(run["batches"]):
        layer.forward(batch[:, None], train=True)
        assert run["batch_mean"][t] == pytest.approx(layer.mu[0], rel=1e-12)
        assert run["batch_var"][t] == pytest.approx(layer.var[0], rel=1e-12)        # biased
        assert run["running_mean"][t] == pytest.approx(layer.buffers["running_mean"][0], rel=1e-10, abs=1e-14)
        assert run["running_var"][t] == pytest.approx(layer.buffers["running_var"][0], rel=1e-10)
    # after one step: running = momentum·(0, 1) + (1 − momentum)·(μ, σ²)
    assert run["running_mean"][0] == pytest.approx((1 - momentum) * run["batch_mean"][0])
    assert run["running_var"][0] == pytest.approx(momentum + (1 - momentum) * run["batch_var"][0])


def test_running_variance_settles_at_the_biased_value():
    # E[biased batch variance] = (m − 1)/m·σ² = 3/4·4 = 3 for m = 4, σ = 2.
    run = bns.running_statistics(np.random.default_rng(2), 3000, 4, 0.9, mean=3.0, std=2.0)
    assert run["running_var"][1000:].mean() == pytest.approx(3.0, abs=0.25)
    assert run["running_mean"][1000:].mean() == pytest.approx(3.0, abs=0.1)


def test_train_and_inference_outputs(rng):
    x = rng.normal(3.0, 2.0, size=(10, 1))
    y_train, y_infer = bns.train_and_inference_outputs(x, x.mean(axis=0), x.var(axis=0))
    np.testing.assert_allclose(y_train, y_infer)              # running = batch statistics: identical
    y_train, y_infer = bns.train_and_inference_outputs(x, 0.0, 1.0, eps=1e-5)
    np.testing.assert_allclose(y_infer, x / np.sqrt(1 + 1e-5))
    np.testing.assert_allclose(y_train.mean(), 0.0, atol=1e-12)
    y_train, _ = bns.train_and_inference_outputs(np.array([[0.3], [5.0]]), 0.0, 1.0)
    np.testing.assert_allclose(np.abs(y_train), 1.0, rtol=1e-5)   # a batch of two: always ±1


# ---- the sigmoid network ------------------------------------------------------------------------------


@pytest.mark.parametrize("placement, expected", [
    ("none", [Dense, Activation, Dense, Activation, Dense]),
    ("before", [Dense, BatchNorm, Activation, Dense, BatchNorm, Activation, Dense]),
    ("after", [Dense, Activation, BatchNorm, Dense, Activation, BatchNorm, Dense]),
])
def test_sigmoid_mlp_layout(placement, expected, rng):
    model = bns.sigmoid_mlp(5, 3, 2, 4, 0.5, rng, placement)
    assert [type(layer) for layer in model.layers] == expected


def test_sigmoid_mlp_weight_scale_and_inputs(rng):
    model = bns.sigmoid_mlp(64, 10, 3, 64, 0.3, rng, "before")
    W = model.layers[3].params["W"]                   # 64 × 64 = 4096 draws of N(0, 0.3²)
    assert W.std() == pytest.approx(0.3, rel=0.05) and abs(W.mean()) < 0.03
    X = rng.normal(2.0, 1.0, size=(50, 64))
    state = model.get_state()
    z = bns.sigmoid_inputs(model, X, train=True)
    assert len(z) == 3 and all(zi.shape == (50, 64) for zi in z)
    for zi in z:                                      # BN before the sigmoid, γ = 1, β = 0: standardized
        np.testing.assert_allclose(zi.mean(axis=0), 0.0, atol=1e-10)
        np.testing.assert_allclose(zi.var(axis=0), 1.0, atol=1e-3)
    for key, value in model.get_state().items():      # looking does not change the running statistics
        np.testing.assert_array_equal(value, state[key])


def test_saturated_fraction_by_hand():
    # σ(0) = 0.5, σ(±5) = 0.9933 / 0.0067 (saturated), σ(2.9) = 0.948 (< 0.95: not saturated)
    assert bns.saturated_fraction(np.array([0.0, 5.0, -5.0, 2.9])) == 0.5


def test_train_sigmoid_net_shapes_and_reproducibility():
    X, y = bns.digits_subset(np.random.default_rng(3), 96)
    kwargs = dict(lr=0.5, weight_std=0.3, placement="before", depth=3, width=8, epochs=2, batch_size=32)
    a = bns.train_sigmoid_net(X, y, np.random.default_rng(4), **kwargs)
    b = bns.train_sigmoid_net(X, y, np.random.default_rng(4), **kwargs)
    assert a["batch_loss"].shape == (6,) and a["quantiles"].shape == (3, 3, 5) and a["saturated"].shape == (3, 3)
    np.testing.assert_array_equal(a["batch_loss"], b["batch_loss"])
    assert np.all(np.diff(a["quantiles"], axis=-1) >= 0) and not a["diverged"]    # quantiles are sorted


def test_sigmoid_grid_keys():
    grid = bns.sigmoid_grid(np.random.default_rng(5), lrs=(1.0,), weight_stds=(0.1, 1.0), placements=("after",),
                            n_train=64, depth=2, width=4, epochs=1, batch_size=32)
    assert set(grid) == {("after", 1.0, 0.1), ("after", 1.0, 1.0)}


def test_default_grid_matches_the_notebook_claims():
    grid = bns.default_grid()
    assert set(grid) == {(p, lr, s) for p in ("none", "before") for lr in bns.LRS for s in bns.WEIGHT_STDS}
    chance = np.log(10)
    for lr in bns.LRS:
        for s in bns.WEIGHT_STDS:
            plain, normed = grid[("none", lr, s)], grid[("before", lr, s)]
            assert np.all(np.isfinite(plain["batch_loss"])) and np.all(np.isfinite(normed["batch_loss"]))
            assert np.mean(normed["batch_loss"][-8:]) < chance - 0.2         # every BN run got below chance
            if s <= 0.1:                                                    # small weights: stuck at chance
                assert abs(np.mean(plain["batch_loss"][-8:]) - chance) < 0.05
                q = plain["quantiles"][0, 3]                                 # layer 4 before training
                assert q[4] - q[0] < 0.01                                   # the same z for every digit
    # batch norm makes the initial forward pass (almost) independent of the weight scale
    q0 = {s: grid[("before", 1.0, s)]["quantiles"][0] for s in bns.WEIGHT_STDS}
    np.testing.assert_allclose(q0[0.1], q0[1.0], atol=0.01)
    np.testing.assert_allclose(q0[0.01], q0[1.0], atol=0.15)                # ε matters a little at s = 0.01



def _nudged_weights(monkeypatch, relative=1e-12):
    """Make every Dense layer built from now on multiply its initial W by (1 + relative·N(0, 1))."""
    original, noise = Dense.__init__, np.random.default_rng(123)

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.params["W"] *= 1 + relative * noise.normal(size=self.params["W"].shape)

    monkeypatch.setattr(Dense, "__init__", init)


@pytest.fixture(scope="module")
def placements():
    return bns.placement_study(n_seeds=5)


def test_placement_study_matches_the_notebook_claims(placements):
    chance = np.log(10)
    loss = {key: value["loss"] for key, value in placements.items()}
    saturated = {key: value["saturated_start"] for key, value in placements.items()}
    assert np.all(loss[("none", 0.1)] > chance)                                  # stuck at chance
    assert list(np.flatnonzero(loss[("none", 1.0)] < chance - 0.1)) == [0, 3]     # "in two seeds only"
    assert np.all((loss[("after", 1.0)] > 1) & (loss[("after", 1.0)] < 2.3))      # the printed range
    assert np.all(loss[("before", 1.0)] < 0.6) and np.all(loss[("before", 1.0)] < loss[("after", 1.0)] - 0.5)
    assert np.all(saturated[("after", 1.0)] > 0.5) and np.all(saturated[("before", 1.0)] < 0.01)
    assert np.all(saturated[("after", 0.1)] < 0.01)
    # s = 0.1: neither placement better in every seed ("after" lower in seeds 0 and 1)
    assert list(np.flatnonzero(loss[("after", 0.1)] < loss[("before", 0.1)])) == [0, 1]
    # seed 0 is the default grid's run
    assert loss[("before", 1.0)][0] == bns.last_updates_loss(bns.default_grid()[("before", 1.0, 1.0)])


def test_only_bn_after_with_large_weights_is_chaotic(placements, monkeypatch):
    """A 1e-12 relative change of the initial weights moves the printed digits of no run but the chaotic one."""
    _nudged_weights(monkeypatch)
    nudged = bns.placement_study(n_seeds=2)
    for key, value in nudged.items():
        change = np.abs(value["loss"] - placements[key]["loss"][:2])
        if key == ("after", 1.0):
            assert change.max() > 1e-2                       # chaotic: the first or second decimal moves
        else:
            assert change.max() < 1e-5, key
            assert np.array_equal(np.round(value["loss"], 2), np.round(placements[key]["loss"][:2], 2))


def test_the_grid_table_does_not_move_when_the_weights_are_nudged(monkeypatch):
    """Notebook 10 prints the grid's last-updates losses to 2 decimals: a 1e-12 nudge must not change them."""
    table = {key: round(bns.last_updates_loss(run), 2) for key, run in bns.default_grid().items()}
    _nudged_weights(monkeypatch)
    nudged = bns.sigmoid_grid(np.random.default_rng(0))
    assert {key: round(bns.last_updates_loss(run), 2) for key, run in nudged.items()} == table

# ---- drawing ------------------------------------------------------------------------------------------


def test_plots_draw_the_expected_artists():
    ax = Figure().subplots()
    figures.plot_running_statistic(ax, np.ones(5), np.ones(5), 1.0, step=3)
    assert len(ax.lines) == 4 and ax.get_legend() is not None
    ax = Figure().subplots()
    figures.plot_train_vs_inference(ax, np.arange(4.0), np.arange(4.0))
    assert len(ax.lines) == 2
    ax = Figure().subplots()
    figures.plot_update_losses(ax, {"a": np.ones(5), "b": np.full(5, np.nan)})
    assert [line.get_label() for line in ax.lines] == ["a", "b", "chance (ln 10)"]
    ax = Figure().subplots()
    figures.plot_quantile_bands(ax, np.tile(np.arange(5.0), (3, 1)), label="x")
    assert len(ax.collections) == 2 and len(ax.lines) == 1 and ax.get_title() == "x"
    ax = Figure().subplots()
    figures.plot_saturation_by_layer(ax, {"a": np.zeros(3), "b": np.ones(3)})
    assert len(ax.lines) == 2
    ax = Figure().subplots()
    figures.plot_gradcheck_errors(ax, {"ok": 1e-10, "wrong": 0.8})
    assert len(ax.patches) == 2 and ax.get_xscale() == "log"


# ---- explorers ----------------------------------------------------------------------------------------


def test_bn_running_stats_explorer():
    ex = explorers.bn_running_stats()
    drive_each_control(ex, n=4)
    drive_grid(ex, ["momentum", "batch_size"], n=2)
    ex = explorers.bn_running_stats(batch_size=2, momentum=0.99, step=50, hide=("step",))
    assert ex.values["batch_size"] == 2
    points = ex.artists["outputs"]["points"].get_xydata()
    np.testing.assert_allclose(np.abs(points[:, 0]), 1.0, rtol=0.01)      # batch of two: ±1 (up to ε)
    assert_figure_ok(ex)
    with pytest.raises(ValueError, match="batch_size must be in"):
        explorers.bn_running_stats(batch_size=1)
    with pytest.raises(ValueError, match="unknown setting"):
        explorers.bn_running_stats(beta=0.9)


def test_bn_deep_sigmoid_explorer():
    ex = explorers.bn_deep_sigmoid()
    drive_each_control(ex, n=3)
    drive_grid(ex, ["lr", "weight_std"], n=4)          # every (lr, weight std) of the precomputed grid
    ex = explorers.bn_deep_sigmoid(lr=3.1622776601683795, weight_std=1.0, layer=6, hide=("layer",))
    assert ex.values["layer"] == 6
    run = bns.default_grid()[("before", bns.LRS[-1], 1.0)]
    np.testing.assert_allclose(list(ex.artists["losses"]["lines"].values())[1].get_ydata(), run["batch_loss"])
    with pytest.raises(ValueError, match="weight_std must be in"):
        explorers.bn_deep_sigmoid(weight_std=5.0)


# ---- exercise checks ----------------------------------------------------------------------------------


def solution_bn_forward(x, gamma, beta, eps):
    mu = x.mean(axis=0)
    var = x.var(axis=0)                      # biased: divides by m
    x_hat = (x - mu) / np.sqrt(var + eps)
    return gamma * x_hat + beta


def solution_batchnorm_backward(dy, x, gamma, eps):
    m = x.shape[0]
    mu, var = x.mean(axis=0), x.var(axis=0)             # biased variance, as in the forward pass
    inv_std = 1 / np.sqrt(var + eps)
    x_hat = (x - mu) * inv_std
    dgamma, dbeta = np.sum(dy * x_hat, axis=0), np.sum(dy, axis=0)
    dx_hat = dy * gamma
    dvar = np.sum(dx_hat * (x - mu), axis=0) * -0.5 * inv_std**3
    dmu = np.sum(-dx_hat * inv_std, axis=0) + dvar * np.sum(-2 * (x - mu), axis=0) / m   # second term is 0
    dx = dx_hat * inv_std + dvar * 2 * (x - mu) / m + dmu / m
    return dx, dgamma, dbeta


def solution_bn_running_average(batches, momentum):
    running_mean = np.zeros(batches.shape[2])
    running_var = np.ones(batches.shape[2])
    for batch in batches:
        running_mean = momentum * running_mean + (1 - momentum) * batch.mean(axis=0)
        running_var = momentum * running_var + (1 - momentum) * batch.var(axis=0)
    return running_mean, running_var


@pytest.mark.parametrize("exercise, solution", [
    (checks.bn_forward, solution_bn_forward),
    (checks.batchnorm_backward, solution_batchnorm_backward),
    (checks.bn_running_average, solution_bn_running_average),
])
def test_exercises(exercise, solution):
    assert_exercise_verdicts(exercise, solution)                         # solution: the one shown in the notebook


def test_batchnorm_backward_reference_matches_finite_differences():
    for case in checks.full_cases:
        for got, want in zip(checks.slip_grads(*case), checks.finite_difference_grads(*case)):  # no slip switched on
            assert np.allclose(got, want, rtol=1e-6, atol=1e-8)


def test_batchnorm_backward_accepts_keepdims_and_names_shape_slips():
    def keepdims(dy, x, gamma, eps):
        dx, dgamma, dbeta = solution_batchnorm_backward(dy, x, gamma, eps)
        return dx, dgamma[None, :], dbeta[None, :]

    assert checks.batchnorm_backward.evaluate(keepdims).passed

    def two_values(dy, x, gamma, eps):
        return solution_batchnorm_backward(dy, x, gamma, eps)[:2]

    result = checks.batchnorm_backward.evaluate(two_values)
    assert not result.passed and "return the tuple (dx, dgamma, dbeta)" in result.message

    def wrong_dx(dy, x, gamma, eps):
        dx, dgamma, dbeta = solution_batchnorm_backward(dy, x, gamma, eps)
        return 2 * dx, dgamma, dbeta

    result = checks.batchnorm_backward.evaluate(wrong_dx)
    assert not result.passed and "dx is wrong (dgamma and dbeta right)" in result.message
    assert "case 1 of 4 (x (6, 3), ε = 1e-05)" in result.message and "[[" not in result.message


def test_the_bn_slips_are_named_not_dumped():
    def eps_outside(x, gamma, beta, eps):
        mu, var = x.mean(axis=0), x.var(axis=0)
        return gamma * (x - mu) / (np.sqrt(var) + eps) + beta

    result = checks.bn_forward.evaluate(eps_outside)
    assert not result.passed and "inside the square root" in result.message and "[[" not in result.message

    def swapped(batches, momentum):
        mean, var = np.zeros(batches.shape[2]), np.ones(batches.shape[2])
        for batch in batches:
            mean = momentum * mean + (1 - momentum) * batch.mean(axis=0)
            var = momentum * var + (1 - momentum) * batch.var(axis=0)
        return var, mean

    result = checks.bn_running_average.evaluate(swapped)
    assert not result.passed and "wrong order" in result.message


def test_bn_explorer_figures_state_their_settings():
    ex = explorers.bn_running_stats(momentum=0.99, batch_size=2, step=50)
    titles = [ax.get_title() for ax in ex.axes]
    assert "momentum 0.99" in titles[0] and "batches of 2" in titles[1] and "step 50, batch size 2" in titles[2]
    ex = explorers.bn_deep_sigmoid(weight_std=1.0)
    assert "lr = 1, weights ~ N(0, 1²)" in ex.axes[0].get_title()


# ---- layer 2: plot_ then update_ shows the new data -------------------------------------------------------


def test_update_functions_move_the_artists_to_new_data():
    fig = Figure()
    axes = fig.subplots(1, 3)
    run = bns.running_statistics(np.random.default_rng(0), 30, 4, 0.9)
    other = bns.running_statistics(np.random.default_rng(1), 30, 8, 0.5)
    outputs = bns.train_and_inference_outputs(run["batches"][4][:, None], run["running_mean"][4], run["running_var"][4])
    handles = figures.plot_running_stats(axes, run, 5, outputs, (3.0, 4.0))
    new_outputs = (np.arange(8.0), -np.arange(8.0))
    figures.update_running_stats(handles, other, 12, new_outputs, 0.5, 8)
    np.testing.assert_array_equal(handles["mean"]["running"].get_ydata(), other["running_mean"])
    np.testing.assert_array_equal(handles["variance"]["batch"].get_ydata(), other["batch_var"])
    assert list(handles["mean"]["step"].get_xdata()) == [12, 12]
    np.testing.assert_array_equal(handles["outputs"]["points"].get_xydata(), np.c_[np.arange(8.0), -np.arange(8.0)])
    assert "momentum 0.5 (EMA window ≈ 2 steps)" in axes[0].get_title() and "batches of 8" in axes[1].get_title()

    grid = bns.default_grid()
    axes = Figure().subplots(1, 3)
    runs = {p: grid[(p, bns.LRS[0], 0.01)] for p in ("none", "before")}
    handles = figures.plot_deep_sigmoid(axes, runs, 1)
    runs = {p: grid[(p, bns.LRS[-1], 1.0)] for p in ("none", "before")}
    figures.update_deep_sigmoid(handles, runs, 7, bns.LRS[-1], 1.0)
    np.testing.assert_array_equal(handles["bands"][1]["median"].get_ydata(), runs["before"]["quantiles"][:, 6, 2])
    np.testing.assert_array_equal(list(handles["losses"]["lines"].values())[0].get_ydata(), runs["none"]["batch_loss"])
    assert axes[2].get_title() == "with batch norm: unit 1 of layer 7"


def test_reports_print_the_notebook_tables(placements):
    table = figures.report_placement_study(placements).splitlines()
    assert table[0].startswith("lr = 1, seeds 0-4") and len(table) == 7
    assert table[-1].startswith("s = 1    BN after sigmoid   between 1 and 2.3 in 5 of 5 seeds")
    grid = figures.report_grid(bns.default_grid()).splitlines()
    assert grid[1] == "weight std  lr:      0.1     0.32        1      3.2" and grid[8] == ""
    errors = {"layer_dx": 1e-9, "deck_raw": 0.85}
    assert figures.report_gradchecks({"x": 1e-9}, errors).splitlines()[1:] == [
        f"{'layer.backward: dx':34s} agrees (below 1e-7)", f"{'slide formula 2x/m, batch mean 3':34s} WRONG: "
        "relative error 0.85"]


# ---- every visible string goes through tr() ---------------------------------------------------------------


def test_every_visible_string_goes_through_tr(marked_language):
    for ex in (explorers.bn_running_stats(), explorers.bn_deep_sigmoid(weight_std=1.0, lr=3.1622776601683795)):
        drive_each_control(ex, n=2)
        assert untranslated(ex) == []
    axes = Figure().subplots(1, 3)
    grid = bns.default_grid()
    figures.plot_placement_runs(axes, {**grid, **{("after", 1.0, s): grid[("before", 1.0, s)] for s in (0.1, 1.0)}})
    figures.plot_gradcheck_errors(axes[0], {"layer_dx": 1e-9})
    assert untranslated(axes) == []
    reports = [figures.report_grid(grid), figures.report_layer_bands(grid),
               figures.report_gradchecks({"x": 1e-9}, {"deck_raw": 0.85})]
    assert all(line.startswith("⟪") or not line or line[0] in " ⟪0123456789" for r in reports
               for line in r.splitlines()), reports
