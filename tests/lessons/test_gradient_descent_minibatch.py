"""Notebook 05 (gradient descent, mini-batches, learning-rate schedules): compute, draw, explorers, checks."""

import itertools
import math

import ipywidgets
import numpy as np
import pytest
from explorer_tools import assert_exercise_verdicts, drive_each_control, drive_grid, untranslated
from matplotlib.figure import Figure

from course_lib import schedules, training
from course_lib.lessons.gradient_descent_minibatch import checks, explorers
from course_lib.lessons.gradient_descent_minibatch import compute as minibatch
from course_lib.lessons.gradient_descent_minibatch import figures as plots
from course_lib.losses import softmax_cross_entropy

# ----------------------------------------------------------------------------------------------------
# Compute
# ----------------------------------------------------------------------------------------------------


def test_updates_per_epoch_and_grid_by_hand():
    # 1,797 rows in batches of 64: 28 full batches (1,792 rows) and one of 5 → 29 updates
    assert minibatch.updates_per_epoch(1797, 64) == 29
    assert minibatch.updates_per_epoch(1024, 32) == 32
    assert minibatch.updates_per_epoch(512, 1) == 512 and minibatch.updates_per_epoch(10, 64) == 1
    assert minibatch.batch_size_grid(512) == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]
    assert minibatch.batch_size_grid(100) == [1, 2, 4, 8, 16, 32, 64, 100]
    assert minibatch.batch_size_grid(1) == [1]
    with pytest.raises(ValueError, match="batch_size"):
        minibatch.updates_per_epoch(10, 0)
    with pytest.raises(ValueError, match="n must be an integer > 0"):
        minibatch.batch_size_grid(2.5)


def _toy(n=24, d=5, k=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)), rng.integers(0, k, n)


def test_per_example_gradients_average_to_the_full_batch_gradient():
    X, y = _toy()
    model = minibatch.small_mlp(5, 3, np.random.default_rng(1), hidden=4)
    G = minibatch.per_example_gradients(model, X, y)
    assert G.shape == (24, model.n_params())
    _, d_outputs = softmax_cross_entropy(model.forward(X), y)
    model.backward(d_outputs)
    full = np.concatenate([grad.ravel() for _, _, grad in model.parameters()])
    np.testing.assert_allclose(G.mean(axis=0), full, rtol=1e-10, atol=1e-14)


def test_gradient_noise_theory_is_exact_over_all_batches():
    # For N = 6 rows, enumerate every batch of B rows: the mean of ‖g_B − g‖² is the formula exactly.
    G = np.random.default_rng(2).normal(size=(6, 3))
    g = G.mean(axis=0)
    theory = minibatch.gradient_noise_theory(G, [1, 2, 3, 4, 5, 6])
    for B, expected in zip(range(1, 7), theory):
        errors = [np.sum((G[list(rows)].mean(axis=0) - g) ** 2) for rows in itertools.combinations(range(6), B)]
        assert np.mean(errors) == pytest.approx(expected, rel=1e-12, abs=1e-15)
    trace = np.mean(np.sum((G - g) ** 2, axis=1))
    assert theory[0] == pytest.approx(trace) and theory[-1] == 0.0     # B = 1: tr Σ;  B = N: no noise


def test_measured_gradient_noise_matches_the_theory_without_replacement():
    G = np.random.default_rng(3).normal(size=(20, 4))
    sizes = [1, 2, 5, 10, 19, 20]
    measured = minibatch.gradient_noise(G, sizes, np.random.default_rng(4), n_draws=3000)
    theory = minibatch.gradient_noise_theory(G, sizes)
    np.testing.assert_allclose(measured[:-1], theory[:-1], rtol=0.08)
    assert measured[-1] == pytest.approx(0.0, abs=1e-25)
    # with replacement there would be no factor (N − B)/(N − 1): at B = 10 it is 10/19, far from 1
    assert measured[3] < 0.7 * theory[0] / 10


def test_gradient_noise_rejects_batch_sizes_out_of_range():
    G = np.zeros((5, 2))
    with pytest.raises(ValueError, match=r"batch_sizes must be in \[1, 5\]"):
        minibatch.gradient_noise(G, [6], np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"batch_sizes must be in \[1, 5\]"):
        minibatch.gradient_noise_theory(G, [0])


def test_batch_size_runs_shapes_and_shared_start():
    X, y = _toy(n=40)
    runs = minibatch.batch_size_runs(X, y, [1, 8, 40], np.random.default_rng(0), epochs=2, lr=0.1, hidden=4)
    for B, run in runs.items():
        u = math.ceil(40 / B)
        assert run["updates_per_epoch"] == u and len(run["batch_loss"]) == 2 * u
        assert run["train_loss"].shape == (3,) and run["epoch_time"].shape == (2,)
        assert np.all(run["epoch_time"] > 0)
    # every run starts from the same weights: same loss before training
    assert runs[1]["train_loss"][0] == runs[8]["train_loss"][0] == runs[40]["train_loss"][0]
    # B = N is batch gradient descent: each update's batch is the whole set, so its loss is the
    # whole-set loss before that update (the epoch's start)
    np.testing.assert_allclose(runs[40]["batch_loss"], runs[40]["train_loss"][:2], rtol=1e-12)


def test_schedule_runs_differ_only_in_the_learning_rate():
    X, y = _toy(n=32)
    val = _toy(n=16, seed=5)
    plateau = training.ReduceLROnPlateau(patience=1, factor=0.5)
    lrs = {"float": 0.5, "schedule": schedules.constant(0.5), "decay": schedules.exponential_decay(0.5, 0.5, 4),
           "plateau": 0.5}
    runs = minibatch.schedule_runs(X, y, lrs, np.random.default_rng(0), validation_data=val, epochs=6,
                                   batch_size=8, hidden=4, callbacks={"plateau": [plateau]})
    # a constant schedule and the same number give the same run (same weights, same batch order)
    np.testing.assert_array_equal(runs["float"]["loss"], runs["schedule"]["loss"])
    # the decay: 4 updates per epoch, decay every 4 steps → after epoch e the lr is 0.5·0.5^(e + 1)
    np.testing.assert_allclose(runs["decay"]["lr"], 0.5 * 0.5 ** np.arange(1, 7))
    # reduce on plateau halves the lr after each epoch without improvement; the next epoch runs with it
    assert plateau.reductions
    for k, (epoch, lr) in enumerate(plateau.reductions):
        assert lr == 0.5 * 0.5 ** (k + 1)
        if epoch < 6:                        # epochs count from 1: the epoch after `epoch` is at index `epoch`
            assert runs["plateau"]["lr"][epoch] == lr


def test_loss_after_updates_is_the_start_of_the_batch_size_run():
    X, y = _toy(n=40)
    runs = minibatch.batch_size_runs(X, y, [4, 40], np.random.default_rng(3), epochs=3, lr=0.1, hidden=4)
    for B, run in runs.items():
        u = run["updates_per_epoch"]
        for epochs in range(4):          # at an epoch boundary: the same weights, batches and loss as the run
            loss = minibatch.loss_after_updates(X, y, B, epochs * u, np.random.default_rng(3), lr=0.1, hidden=4)
            assert loss == pytest.approx(run["train_loss"][epochs], rel=1e-12)
    # mid-epoch (6 updates of 10 per epoch) the loss has moved from the start, but not as far as a whole epoch
    start = runs[4]["train_loss"][0]
    mid = minibatch.loss_after_updates(X, y, 4, 6, np.random.default_rng(3), lr=0.1, hidden=4)
    assert mid != start and mid != runs[4]["train_loss"][1]
    with pytest.raises(ValueError, match="n_updates"):
        minibatch.loss_after_updates(X, y, 4, -1, np.random.default_rng(3))


def test_loss_after_6_updates_on_the_digits_as_notebook_05_says():
    """Notebook 05, the last column of the batch-size table: whole-set loss after 6 updates, 10 initialisations."""
    from course_lib import data

    X, y = data.digits()
    X_train, y_train, _, _ = data.train_val_split(X, y, 1 - 512 / len(X), np.random.default_rng(0))
    sizes = minibatch.batch_size_grid(len(X_train))
    before = minibatch.loss_after_updates_over_seeds(X_train, y_train, [1], 0, range(10))[1]
    after = {B: v.mean() for B, v in minibatch.loss_after_updates_over_seeds(X_train, y_train, sizes, 6,
                                                                           range(10)).items()}
    assert round(before.mean(), 3) == 2.456
    assert round(after[1], 3) == 2.486 and after[1] > before.mean()     # B = 1: worse than before training
    assert round(after[32], 3) == 2.225
    assert all(2.217 <= round(after[B], 3) <= 2.219 for B in (64, 128, 256, 512))
    assert after[1] > after[2] > after[4] > after[8] > after[16] > after[32] > after[64]
    # for B = 512, 6 updates are the 6 epochs: the explorer's run (its own initialisation) ends at 2.267
    study = minibatch.digits_batch_size_study()
    assert round(study["runs"][512]["train_loss"][-1], 3) == 2.267
    assert round(study["runs"][1]["train_loss"][-1], 3) == 0.036
    single = study["runs"][1]["batch_loss"][512:]                # B = 1 after the first epoch: one example each
    assert single.max() > 8 and np.median(single) < 0.01


def _digits_schedule_runs(seeds, lr0=1.0, perturb=0.0, names=None):
    from course_lib import data

    X, y = data.digits()
    X_train, y_train, X_val, y_val = data.train_val_split(X, y, 1 - 512 / len(X), np.random.default_rng(0))
    lrs = {"constant": schedules.constant(lr0), "exponential": schedules.exponential_decay(lr0, 0.9, 16),
           "exponential, staircase": schedules.exponential_decay(lr0, 0.9, 16, staircase=True),
           "inverse time, staircase": schedules.inverse_time_decay(lr0, 0.5, 16, staircase=True),
           "invscaling": schedules.invscaling(lr0, power_t=0.25), "reduce on plateau": lr0}
    lrs = {name: lr for name, lr in lrs.items() if names is None or name in names}
    runs_by_seed, reductions = {}, {}
    real = minibatch.small_mlp

    def nudged(*args, **kwargs):                     # initial weights × (1 ± perturb): a rounding-sized change
        model = real(*args, **kwargs)
        signs = np.random.default_rng(99)
        for _, value, _ in model.parameters():
            value *= 1 + perturb * signs.choice([-1, 1], size=value.shape)
        return model

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(minibatch, "small_mlp", nudged)
        for seed in seeds:
            plateau = training.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=2)
            runs_by_seed[seed] = minibatch.schedule_runs(X_train, y_train, lrs, np.random.default_rng(seed),
                                                         validation_data=(X_val, y_val), epochs=20, batch_size=32,
                                                         callbacks={"reduce on plateau": [plateau]})
            reductions[seed] = [epoch for epoch, _ in plateau.reductions]
    return runs_by_seed, reductions


def test_schedule_table_of_notebook_05_and_it_is_not_chaotic():
    """Notebook 05's schedule table (α0 = 1.0, seeds 1–8), and the same table from initial weights nudged by 1e-9."""
    runs_by_seed, reductions = _digits_schedule_runs(range(1, 9))
    accuracy = minibatch.final_values(runs_by_seed, "val_accuracy")
    loss = minibatch.final_values(runs_by_seed, "loss")
    means = {name: a.mean() for name, a in accuracy.items()}
    assert all(0.951 <= round(m, 3) <= 0.956 for m in means.values())
    assert all(0.005 <= round(a.std(ddof=1), 3) <= 0.008 for a in accuracy.values())
    # the means lie within 0.006, about one sd between seeds; the fastest decays are the two lowest
    assert round(max(means.values()) - min(means.values()), 3) <= 0.006
    assert set(sorted(means, key=means.get)[:2]) == {"inverse time, staircase", "invscaling"}
    rounded = {name: round(v.mean(), 3) for name, v in loss.items()}
    assert rounded["constant"] == 0.018 and rounded["invscaling"] == 0.075
    assert rounded["inverse time, staircase"] == 0.101
    assert rounded["constant"] == min(rounded.values())
    first_halvings = [epochs[0] for epochs in reductions.values()]
    assert min(first_halvings) == 4 and max(first_halvings) == 16
    # the runs that keep α0 longest are the most sensitive: nudged by 1e-9, they end where they did
    nudged, nudged_reductions = _digits_schedule_runs(range(1, 9), perturb=1e-9,
                                                      names=("constant", "reduce on plateau"))
    assert nudged_reductions == reductions
    for key in ("loss", "val_accuracy"):
        for name, values in minibatch.final_values(nudged, key).items():
            np.testing.assert_allclose(values, minibatch.final_values(runs_by_seed, key)[name], rtol=1e-6)


def test_final_values():
    histories = {1: {"a": {"loss": [3.0, 2.0]}}, 2: {"a": {"loss": [3.0, 1.0]}}}
    np.testing.assert_array_equal(minibatch.final_values(histories, "loss")["a"], [2.0, 1.0])


def test_schedule_prompt_answers_of_notebook_05():
    """The answer to the schedules prompt (τ = 16, α0 = 1.2), and the explorer's start (τ = 50) shows another one."""
    t = np.array([15, 16, 100])
    curves = minibatch.schedule_curves(t, 1.2, 16, 0.9, 0.5, 0.25)
    assert curves["exponential, staircase"][0] == 1.2 and curves["exponential, staircase"][1] == pytest.approx(1.08)
    at_100 = {name: lr[2] for name, lr in curves.items()}
    assert min(at_100, key=at_100.get) == "inverse time"
    assert round(at_100["inverse time"], 2) == 0.29 and round(at_100["inverse time, staircase"], 2) == 0.30
    assert round(at_100["invscaling"], 2) == 0.38
    assert min(at_100["exponential"], at_100["exponential, staircase"]) > 0.6
    at_start = {name: lr[2] for name, lr in minibatch.schedule_curves(t, 1.2, 50, 0.9, 0.5, 0.25).items()}
    assert min(at_start, key=at_start.get) == "invscaling"


def test_loss_curve():
    run = {"train_loss": np.array([2.0, 1.0, 0.5]), "updates_per_epoch": 4}
    x, loss = minibatch.loss_curve(run, "update")
    np.testing.assert_array_equal(x, [4, 8])
    np.testing.assert_array_equal(loss, [1.0, 0.5])
    x, loss = minibatch.loss_curve(run, "epoch")
    np.testing.assert_array_equal(x, [0, 1, 2])
    with pytest.raises(ValueError, match="per must be one of"):
        minibatch.loss_curve(run, "second")


def test_schedule_curves_by_hand():
    t = np.array([0, 5, 10, 25])
    c = minibatch.schedule_curves(t, lr0=1.0, decay_steps=10, exp_rate=0.5, inv_rate=1.0, power_t=0.5)
    np.testing.assert_allclose(c["constant"], [1, 1, 1, 1])
    np.testing.assert_allclose(c["exponential"], [1, 0.5**0.5, 0.5, 0.5**2.5])        # 0.5^(t/10)
    np.testing.assert_allclose(c["exponential, staircase"], [1, 1, 0.5, 0.25])        # 0.5^⌊t/10⌋
    np.testing.assert_allclose(c["inverse time"], [1, 1 / 1.5, 1 / 2, 1 / 3.5])        # 1/(1 + t/10)
    np.testing.assert_allclose(c["inverse time, staircase"], [1, 1, 1 / 2, 1 / 3])    # 1/(1 + ⌊t/10⌋)
    np.testing.assert_allclose(c["invscaling"], 1 / np.sqrt(t + 1))                   # 1/(t + 1)^0.5


@pytest.mark.parametrize("lr0, decay_steps, exp_rate, inv_rate, power_t", list(itertools.product(
    [0.01, 1.5, 2.0], [1, 16, 100], [0.05, 0.5, 1.0], [0.0, 2.0], [0.0, 1.0])))
def test_schedule_curves_over_the_slider_grid(lr0, decay_steps, exp_rate, inv_rate, power_t):
    t = np.arange(480)
    for name, lr in minibatch.schedule_curves(t, lr0, decay_steps, exp_rate, inv_rate, power_t).items():
        # (0.05^480 underflows to 0 with τ = 1: the explorer's log scale has a floor for that)
        assert np.all(np.isfinite(lr)) and np.all(lr >= 0), name
        assert lr[0] == pytest.approx(lr0) and np.all(lr <= lr0 * (1 + 1e-12)), name
        assert np.all(np.diff(lr) <= 1e-15), name                       # never increases


def test_digits_study_is_cached_and_covers_the_grid():
    study = minibatch.digits_batch_size_study(seed=0, n_train=32, epochs=1)
    assert study is minibatch.digits_batch_size_study(seed=0, n_train=32, epochs=1)
    assert study["n_train"] == 32 and study["batch_sizes"] == [1, 2, 4, 8, 16, 32]
    assert set(study["runs"]) == set(study["batch_sizes"])


# ----------------------------------------------------------------------------------------------------
# Draw
# ----------------------------------------------------------------------------------------------------


def _ax():
    return Figure().subplots()


@pytest.fixture(scope="module")
def small_runs():
    X, y = _toy(n=16)
    return minibatch.batch_size_runs(X, y, [1, 4, 16], np.random.default_rng(0), epochs=2, hidden=4)


def test_plot_loss_per_update_then_update_shows_the_new_run(small_runs):
    ax = _ax()
    handles = plots.plot_loss_per_update(ax, small_runs[4], 4)
    np.testing.assert_allclose(handles["batch_loss"].get_xdata(), np.arange(1, 9) / 4)   # 4 updates/epoch, 2 epochs
    assert "4 updates per epoch" in ax.get_title()
    plots.update_loss_per_update(handles, small_runs[16], "B = 16")
    np.testing.assert_allclose(handles["batch_loss"].get_xydata(), np.c_[[1.0, 2.0], small_runs[16]["batch_loss"]])
    np.testing.assert_allclose(handles["train_loss"].get_ydata(), small_runs[16]["train_loss"])
    assert ax.get_title() == "B = 16"


def test_plot_loss_vs_updates_and_epoch_times_then_update(small_runs):
    ax = _ax()
    handles = plots.plot_loss_vs_updates(ax, small_runs, highlight=4)
    assert set(handles["curves"]) == {1, 4, 16} and len(ax.lines) == 4 and ax.get_xscale() == "log"
    assert len(ax.texts) == 2                                    # B = 1 and the last are labelled
    plots.update_loss_vs_updates(handles, small_runs[16])
    np.testing.assert_array_equal(handles["highlight"].get_xdata(), [1, 2])           # 1 update per epoch
    ax = _ax()
    handles = plots.plot_loss_vs_updates(ax, small_runs, per="epoch")
    assert handles["highlight"] is None and len(ax.lines) == 3 and ax.get_xscale() == "linear"
    times = minibatch.epoch_times(small_runs)
    assert times["per_update"][0] == pytest.approx(np.median(small_runs[1]["epoch_time"]) / 16)
    ax = _ax()
    handles = plots.plot_epoch_times(ax, times, highlight=16)
    np.testing.assert_allclose(handles["per_update"].get_ydata(), times["per_update"])
    plots.update_epoch_times(handles, 4)
    np.testing.assert_allclose(handles["highlight"].get_xydata(),
                               [[4, times["per_epoch"][1]], [4, times["per_update"][1]]])
    assert ax.get_title().startswith(f"B = 4: {1e3 * times['per_epoch'][1]:.1f} ms per epoch")


def test_plot_gradient_noise_and_schedules_then_update():
    sizes = [1, 2, 4, 8]
    theory = np.array([8.0, 24 / 7, 8 / 7 * 4 / 4, 0.0])
    handles = plots.plot_gradient_noise(_ax(), sizes, theory, theory)
    assert set(handles) == {"measured", "theory", "sqrt"}
    assert len(handles["measured"].get_xdata()) == 3             # B = N (no noise) is left off the log plot
    t = np.arange(50)
    curves = minibatch.schedule_curves(t, 1.0, 10, 0.5, 0.5, 0.5)
    ax = _ax()
    lines = plots.plot_lr_schedules(ax, t, curves, log_y=True)
    assert set(lines) == set(curves) and ax.get_yscale() == "log"
    new = minibatch.schedule_curves(t, 0.5, 5, 0.9, 1.0, 0.25)
    plots.update_lr_schedules(ax, lines, new, 0.5, log_y=False)
    for name, lr in new.items():
        np.testing.assert_allclose(lines[name].get_ydata(), lr)
    assert ax.get_yscale() == "linear" and ax.get_ylim() == pytest.approx((0.0, 0.525))


def test_plot_schedule_runs():
    X, y = _toy(n=16)
    histories = minibatch.schedule_runs(X, y, {"constant": 0.1, "invscaling": schedules.invscaling(0.1)},
                                        np.random.default_rng(0), epochs=3, batch_size=8, hidden=4)
    ax = _ax()
    lines = plots.plot_schedule_runs(ax, histories, key="lr", log_y=True)
    assert set(lines) == {"constant", "invscaling"}
    np.testing.assert_allclose(lines["constant"].get_xdata(), [1, 2, 3])
    assert ax.get_ylabel() == "lr"
    ax = _ax()
    plots.plot_schedule_runs(ax, histories, key="loss", ylabel="training loss")
    assert ax.get_ylabel() == "training loss"


def test_plot_lr_per_update_shows_the_stairs_and_the_plateau_steps():
    X, y = _toy(n=16)
    val = _toy(n=8, seed=5)
    lrs = {"exponential": schedules.exponential_decay(1.0, 0.5, 2),
           "exponential, staircase": schedules.exponential_decay(1.0, 0.5, 2, staircase=True),
           "reduce on plateau": 1.0}
    plateau = training.ReduceLROnPlateau(patience=1, factor=0.5)
    histories = minibatch.schedule_runs(X, y, lrs, np.random.default_rng(0), validation_data=val, epochs=4,
                                        batch_size=8, hidden=4, callbacks={"reduce on plateau": [plateau]})
    ax = _ax()
    lines = plots.plot_lr_per_update(ax, lrs, histories)
    assert ax.get_ylabel() == "learning rate" and ax.get_yscale() == "log"
    # 2 updates per epoch: one point per update, x in epochs; the staircase differs from the smooth curve between
    # multiples of τ, so neither hides the other (and the dashed one is drawn on top)
    np.testing.assert_allclose(lines["exponential"].get_xdata(), np.arange(8) / 2)
    smooth, stairs = lines["exponential"].get_ydata(), lines["exponential, staircase"].get_ydata()
    assert np.allclose(smooth[::2], stairs[::2]) and not np.allclose(smooth[1::2], stairs[1::2])
    assert lines["exponential"].get_zorder() > lines["exponential, staircase"].get_zorder()
    # the plateau's rate is held over each epoch: epoch e (from x = e − 1 to e) ran at history["lr"][e − 1]
    np.testing.assert_allclose(lines["reduce on plateau"].get_ydata()[:4], histories["reduce on plateau"]["lr"])
    assert lines["reduce on plateau"].get_drawstyle() == "steps-post"


# ----------------------------------------------------------------------------------------------------
# Wire
# ----------------------------------------------------------------------------------------------------


@pytest.fixture
def small_study(monkeypatch):
    """The batch-size explorer on 64 digits and 2 epochs, to keep the test fast (the notebook builds it full size)."""
    real = minibatch.digits_batch_size_study
    monkeypatch.setattr(minibatch, "digits_batch_size_study", lambda: real(seed=0, n_train=64, epochs=2))


def test_minibatch_sizes_explorer(small_study):
    ex = explorers.minibatch_sizes()
    assert ex.values["batch_size"] == 32
    drive_each_control(ex)
    ex.controls["batch_size"].value = 4
    highlight = ex.artists["middle"]["highlight"]
    np.testing.assert_array_equal(highlight.get_xdata(), [16, 32])        # 16 updates per epoch, 2 epochs
    assert "⌈64/4⌉ = 16 updates per epoch" in ex.axes[0].get_title()
    ex = explorers.minibatch_sizes(batch_size=64, hide=("batch_size",))
    assert ex.values["batch_size"] == 64
    assert not [c for c in ex.children if isinstance(c, ipywidgets.GridBox)]
    with pytest.raises(ValueError, match="batch_size must be one of 1, 2, 4"):
        explorers.minibatch_sizes(batch_size=3)


def test_lr_schedules_explorer():
    ex = explorers.lr_schedules()
    drive_each_control(ex, n=3)
    drive_grid(ex, ["lr0", "log_y"], n=2)
    ex.controls["log_y"].value = True
    assert ex.axes.get_yscale() == "log"
    ex = explorers.lr_schedules(lr0=0.1, decay_steps=10, hide=("log_y",))
    line = ex.artists["lines"]["exponential, staircase"]
    assert line.get_ydata()[25] == pytest.approx(0.1 * 0.9**2)          # α0·r^⌊25/10⌋
    with pytest.raises(ValueError, match=r"decay_steps must be in \[1, 100\]"):
        explorers.lr_schedules(decay_steps=0)
    with pytest.raises(ValueError, match="unknown setting 'gamma'"):
        explorers.lr_schedules(gamma=0.5)


# ----------------------------------------------------------------------------------------------------
# Issue 16: the mini-batch SGD loop, the noise ball, Robbins–Monro and the linear scaling rule
# ----------------------------------------------------------------------------------------------------


def minibatch_sgd(X, y, grad, theta0, batch_size, epochs, lr, rng):
    n = len(X)
    theta = np.array(theta0, dtype=float)            # a copy: the caller's θ0 stays as it was
    for _ in range(epochs):
        order = rng.permutation(n)                   # a new order every epoch
        for start in range(0, n, batch_size):        # ⌈n/B⌉ batches; the last keeps the leftover rows
            rows = order[start:start + batch_size]
            theta = theta - lr * grad(theta, X[rows], y[rows]).mean(axis=0)
    return theta


def noise_ball(lr, lam, sigma, batch_size):
    return np.sqrt(lr * sigma**2 / (batch_size * lam * (2 - lr * lam)))


@pytest.mark.parametrize("exercise, solution", [(checks.minibatch_sgd, minibatch_sgd), (checks.noise_ball, noise_ball)])
def test_issue16_exercises(exercise, solution):
    assert_exercise_verdicts(exercise, solution)


def test_minibatch_sgd_visits_every_row_once_per_epoch_in_a_new_order():
    X, y, theta0 = minibatch.least_squares_problem(10, 2, 0)
    seen = []

    def recording_grad(theta, Xb, yb):
        seen.append([int(np.flatnonzero((X == row).all(axis=1))[0]) for row in Xb])
        return minibatch.least_squares_gradients(theta, Xb, yb)

    minibatch.minibatch_sgd(X, y, recording_grad, theta0, 3, 2, 0.1, np.random.default_rng(1))
    assert [len(b) for b in seen] == [3, 3, 3, 1] * 2                       # ⌈10/3⌉ = 4 updates, last one short
    epoch1, epoch2 = sum(seen[:4], []), sum(seen[4:], [])
    assert sorted(epoch1) == sorted(epoch2) == list(range(10)) and epoch1 != epoch2
    assert theta0.tolist() == [0.0, 0.0]                                     # not changed in place
    # many epochs reach the least-squares solution (up to the noise of the last steps)
    theta = minibatch.minibatch_sgd(X, y, minibatch.least_squares_gradients, theta0, 3, 300, 0.02,
                                    np.random.default_rng(1))
    assert np.allclose(theta, np.linalg.lstsq(X, y, rcond=None)[0], atol=0.02)


def test_least_squares_gradients_by_finite_differences():
    X, y, _ = minibatch.least_squares_problem(4, 3, 2)
    theta, eps = np.array([0.3, -0.2, 0.5]), 1e-6
    G = minibatch.least_squares_gradients(theta, X, y)
    for i in range(4):
        def f(th, i=i):
            return 0.5 * (X[i] @ th - y[i]) ** 2

        numeric = [(f(theta + eps * e) - f(theta - eps * e)) / (2 * eps) for e in np.eye(3)]
        assert np.allclose(G[i], numeric, atol=1e-8)


def _deck_loop_written_by_a_student(X, y, grad, theta0, batch_size, epochs, lr, rng):
    m, B = len(X), batch_size
    theta = theta0.copy()
    t = 0
    for _ in range(epochs):
        order = rng.permutation(m)
        for _ in range(math.ceil(m / B)):
            s = (t % m) // B                          # deck 000's index
            rows = order[s * B:s * B + B]
            theta -= lr * grad(theta, X[rows], y[rows]).mean(axis=0)
            t += 1
    return theta


def test_minibatch_sgd_check_names_slips_written_independently_and_accepts_rng_shuffle():
    assert "B times in a row" in checks.minibatch_sgd.evaluate(_deck_loop_written_by_a_student).message

    def drop_last(X, y, grad, theta0, B, epochs, lr, rng):
        theta = theta0.copy()
        for _ in range(epochs):
            order = rng.permutation(len(X))
            for s in range(len(X) // B):
                rows = order[s * B:(s + 1) * B]
                theta = theta - lr * grad(theta, X[rows], y[rows]).mean(axis=0)
        return theta

    assert "n // B" in checks.minibatch_sgd.evaluate(drop_last).message

    def with_shuffle(X, y, grad, theta0, B, epochs, lr, rng):
        theta = theta0.astype(float)
        for _ in range(epochs):
            idx = np.arange(len(X))
            rng.shuffle(idx)                          # the same draws as rng.permutation(n)
            Xs, ys = X[idx], y[idx]
            for start in range(0, len(X), B):
                g = grad(theta, Xs[start:start + B], ys[start:start + B])
                theta = theta - lr * g.sum(axis=0) / len(g)
        return theta

    assert checks.minibatch_sgd.evaluate(with_shuffle).passed
    message = checks.minibatch_sgd.evaluate(lambda X, y, grad, theta0, *rest: theta0).message
    assert "reference loop ends at" in message and "Traceback" not in message


def test_noise_ball_is_the_fixed_point_of_the_variance_recursion_and_matches_simulation():
    for lr, lam, sigma, B in [(0.1, 1.0, 1.0, 1), (1.5, 1.0, 2.0, 8), (0.3, 4.0, 0.5, 3)]:
        m = 0.0
        for _ in range(5000):                         # E x²_{t+1} = (1 − αλ)² E x²_t + α²σ²/B
            m = (1 - lr * lam) ** 2 * m + lr**2 * sigma**2 / B
        assert minibatch.noise_ball(lr, lam, sigma, B) == pytest.approx(np.sqrt(m), rel=1e-9)
        x = minibatch.noisy_quadratic_sgd(lr, 1500, np.random.default_rng(3), lam=lam, sigma=sigma, batch_size=B,
                                          n_runs=400)
        assert np.sqrt(np.mean(x[500:] ** 2)) == pytest.approx(minibatch.noise_ball(lr, lam, sigma, B), rel=0.05)
    assert minibatch.noise_ball(0.01, 1.0, 1.0) == pytest.approx(np.sqrt(0.01 / 2), rel=0.01)   # small-α approx
    with pytest.raises(ValueError, match="lr·lam must be < 2"):
        minibatch.noise_ball(2.0, 1.0, 1.0)
    with pytest.raises(ValueError, match="batch_size"):
        minibatch.noisy_quadratic_sgd(0.1, 10, np.random.default_rng(0), batch_size=0)
    with pytest.raises(ValueError, match="lr must be a number >= 0"):
        minibatch.noisy_quadratic_sgd(-0.1, 10, np.random.default_rng(0))
    with pytest.raises(ValueError, match="lr must be a number >= 0"):
        minibatch.noisy_quadratic_sgd(lambda t: float("nan"), 10, np.random.default_rng(0))


def test_noisy_quadratic_without_noise_is_gradient_descent():
    x = minibatch.noisy_quadratic_sgd(0.3, 5, np.random.default_rng(0), lam=2.0, sigma=0.0, x0=1.0, n_runs=3)
    assert np.allclose(x[:, 0], 0.4 ** np.arange(6)) and np.allclose(x, x[:, :1])


def _section_runs():
    """The runs of notebook 05's section on decaying rates, as the notebook computes them."""
    rates = {"constant 0.1": 0.1, "constant 0.02": 0.02,
             "1/t":
             schedules.inverse_time_decay(0.1, 1.0, 20), "exponential": schedules.exponential_decay(0.1, 0.97, 1)}
    return {name: minibatch.noisy_quadratic_sgd(lr, 2000, np.random.default_rng(5), n_runs=1000)
            for name, lr in rates.items()}, rates


def test_section_claims_constant_rates_settle_decay_like_1_over_t_converges_exponential_freezes():
    runs, rates = _section_runs()
    rms = {name: minibatch.rms_distance(x) for name, x in runs.items()}
    # the printed values (notebook 05, after 2,000 steps)
    assert [round(float(rms[n][-1]), 3) for n in rms] == [0.238, 0.105, 0.026, 0.337]
    assert round(float(rms["constant 0.1"][20]), 3) == 1.228 and round(float(rms["constant 0.02"][20]), 3) == 6.672
    for name in ("constant 0.1", "constant 0.02"):           # at its ball, within the noise of 1,000 runs
        assert rms[name][-1] == pytest.approx(minibatch.noise_ball(rates[name], 1.0, 1.0), rel=0.06)
    first = {n: int(np.argmax(rms[n][1:] < 1.1 * minibatch.noise_ball(rates[n], 1.0, 1.0))) + 1
             for n in ("constant 0.1", "constant 0.02")}
    assert first == {"constant 0.1": 44, "constant 0.02": 269}
    # 1/t keeps falling, like 1/√t: from step 500 to 2,000 the distance halves (within the noise)
    assert rms["1/t"][2000] / rms["1/t"][500] == pytest.approx(0.5, abs=0.06)
    # the exponential decay's rates add up to 0.1/0.03: its mean is frozen at x0·Π(1 − α_t)
    alphas = 0.1 * 0.97 ** np.arange(2000)
    assert np.mean(runs["exponential"][-1]) == pytest.approx(10 * np.prod(1 - alphas), abs=0.03)
    assert np.prod(1 - alphas) > np.exp(-alphas.sum() * 1.1) and alphas.sum() == pytest.approx(0.1 / 0.03, rel=1e-6)
    assert abs(rms["exponential"][-1] - rms["exponential"][1000]) < 0.005


def test_section_claims_linear_scaling_holds_for_small_alpha_lambda_and_fails_near_2():
    printed = {}
    for lr, B in [(0.05, 1), (0.2, 4), (0.8, 16), (1.6, 32)]:
        x = minibatch.noisy_quadratic_sgd(lr, 4000 // B, np.random.default_rng(6), batch_size=B, n_runs=1000)
        rms = minibatch.rms_distance(x)
        printed[B] = (round(float(rms[-1]), 3), round(minibatch.noise_ball(lr, 1.0, 1.0, B), 3))
        ball = minibatch.noise_ball(lr, 1.0, 1.0, B)
        first = int(np.argmax(rms[1:] < 1.1 * ball)) + 1
        printed[B] += (first * B,)
    assert printed == {1: (0.162, 0.16, 98), 4: (0.169, 0.167, 88), 16: (0.203, 0.204, 48), 32: (0.349, 0.354, 288)}


def test_plot_distance_to_optimum_draws_curves_and_balls():
    ax = Figure().add_subplot()
    t = np.arange(1, 6)
    lines = plots.plot_distance_to_optimum(ax, {"a": (t, 1 / t), "b": (t, 2 / t)}, {"a": 0.3})
    assert list(lines) == ["a", "a ball", "b"] and list(ax.lines) == list(lines.values()) and ax.get_xscale() == "log"
    np.testing.assert_allclose(lines["a ball"].get_ydata(), 0.3)


# ----------------------------------------------------------------------------------------------------
# Translation: every text the lesson shows goes through tr()
# ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("build", [lambda: explorers.minibatch_sizes(), lambda: explorers.lr_schedules()])
def test_every_text_of_the_explorers_goes_through_tr(build, small_study, marked_language):
    assert untranslated(build()) == []


def test_every_text_of_the_static_figures_and_reports_goes_through_tr(small_runs, marked_language):
    fig = Figure()
    axes = fig.subplots(1, 3)
    X, y = _toy(n=16)
    lrs = {"constant": 0.1, "exponential, staircase": schedules.exponential_decay(0.1, 0.5, 2, staircase=True)}
    runs = minibatch.schedule_runs(X, y, lrs, np.random.default_rng(0), validation_data=_toy(n=8, seed=5),
                                   epochs=2, batch_size=8, hidden=4)
    plots.plot_schedule_comparison(axes, lrs, runs, 0.1, 2, 1)
    assert untranslated(fig) == []
    fig = Figure()
    axes = fig.subplots(1, 2)
    t = np.arange(1, 4)
    name = plots.constant_rate_label(0.1)
    plots.plot_noisy_quadratic(axes, {name: (t, 1 / t)}, {name: 0.3}, {"α = 0.1, B = 1": (t, 1 / t)},
                               {"α = 0.1, B = 1": 0.3}, 1.0, 1.0, 10)
    plots.plot_gradient_noise(fig.add_subplot(), [1, 2, 4], np.array([4.0, 2.0, 0.0]), np.array([4.0, 2.0, 0.0]))
    assert untranslated(fig) == []
    times = minibatch.epoch_times(small_runs)
    before, after = np.array([2.0, 2.1]), {B: np.array([1.0, 1.1]) for B in small_runs}
    reports = [plots.report_split((4, 2), (2, 2)), plots.report_updates_per_epoch({1: 16, 4: 4}),
               plots.report_gradient_noise((16, 3), [1, 2, 64], np.array([4.0, 2.0, 1.0])),
               plots.report_epoch_times(times), plots.report_losses_by_batch_size(before, small_runs, after),
               plots.report_schedule_table({"constant": np.array([0.1, 0.2])}, {"constant": np.array([0.9, 0.8])},
                                           {1: [3], 2: []}),
               plots.report_noise_balls({name: (t, 1 / t)}, {name: 0.3}, {"α = 0.1, B = 1": (t, 1 / t)},
                                        {"α = 0.1, B = 1": 0.3}, 10, step=2)]
    assert untranslated(*reports) == []


def test_reports_print_the_notebook_tables(small_runs):
    assert plots.report_updates_per_epoch({1: 512, 32: 16}) == ("B =   1: 512 updates per epoch\n"
                                                                "B =  32:  16 updates per epoch")
    assert plots.report_gradient_noise((512, 2410), [1, 64], np.array([16.0, 0.25])).splitlines()[1] == (
        "noise size at B = 1: 4.000,  at B = 64: 0.500  (ratio 8.00; √64 = 8 without the factor (N − B)/(N − 1))")
    times = minibatch.epoch_times(small_runs)
    rows = plots.report_epoch_times(times).splitlines()
    assert len(rows) == 4 and rows[1].split()[0] == "1" and float(rows[3].split()[1]) == round(times["per_epoch"][2], 4)
