"""Tests for "putting it together": the recipe
(course_lib.lessons.putting_it_together.compute), its drawing, explorer and exercises."""

import math

import numpy as np
import pytest
from explorer_tools import assert_exercise_verdicts, assert_figure_ok, drive_each_control, untranslated, visible_texts
from matplotlib.figure import Figure

from course_lib import schedules
from course_lib.layers import Activation, BatchNorm, Dense, Dropout
from course_lib.lessons.putting_it_together import checks as exercises
from course_lib.lessons.putting_it_together import compute as recipe
from course_lib.lessons.putting_it_together import explorers, figures
from course_lib.model import Sequential
from course_lib.optim import SGD, momentum_update, nesterov_update, sgd_update
from course_lib.training import EarlyStopping, fit

# ----------------------------------------------------------------------------------------------------
# The recipe
# ----------------------------------------------------------------------------------------------------


def test_config_overrides_and_rejects_unknown_settings():
    assert recipe.config() == recipe.RECIPE
    assert recipe.config(drop_prob=0.0)["drop_prob"] == 0.0 and recipe.RECIPE["drop_prob"] == 0.2
    with pytest.raises(ValueError, match="setting must be one of"):
        recipe.config(dropout=0.0)


def test_full_model_layers_and_parameter_count():
    model = recipe.build_model(np.random.default_rng(0))
    kinds = [type(layer) for layer in model.layers]
    assert kinds == [Dense, BatchNorm, Activation, Dropout] * 2 + [Dense]
    # 64·128 + 128 = 8,320;  2·128 = 256;  128·128 + 128 = 16,512;  256;  128·10 + 10 = 1,290  → 26,634
    assert model.n_params() == 8320 + 256 + 16512 + 256 + 1290 == 26634
    assert all(value.dtype == np.float32 for _, value, _ in model.parameters())
    assert model.layers[0].init_name == "he_uniform" and model.layers[-1].init_name == "glorot_uniform"
    assert model.layers[3].drop_prob == 0.2


@pytest.mark.parametrize("name", list(recipe.ABLATIONS))
def test_each_ablation_changes_its_ingredient(name):
    cfg = recipe.config(**recipe.ABLATIONS[name])
    model = recipe.build_model(np.random.default_rng(0), hidden=cfg["hidden"], init=cfg["init"],
                               batch_norm=cfg["batch_norm"], activation=cfg["activation"], drop_prob=cfg["drop_prob"])
    kinds = [type(layer) for layer in model.layers]
    assert (BatchNorm in kinds) == ("no batch norm" not in name)
    assert (Dropout in kinds) == ("no dropout" not in name)
    assert model.layers[0].init_name == ("glorot_uniform" if name == "Glorot instead of He" else "he_uniform")
    activations = {layer.name_ for layer in model.layers if isinstance(layer, Activation)}
    assert activations == ({"sigmoid"} if name == "sigmoid instead of ReLU" else {"relu"})
    optimizer = recipe.make_optimizer(18, cfg["lr"], cfg["momentum"], cfg["nesterov"], cfg["lr_decay"])
    expected_rule = {"no momentum (plain SGD)": sgd_update, "classical momentum (no Nesterov)": momentum_update}
    assert optimizer.rule is expected_rule.get(name, nesterov_update)


def test_steps_per_epoch_by_hand():
    # 1438 rows, 20% for validation: round(287.6) = 288, 1438 − 288 = 1150 rows, ⌈1150/64⌉ = ⌈17.97⌉ = 18
    assert recipe.steps_per_epoch(1438) == 18
    assert recipe.steps_per_epoch(128, validation_split=0.0, batch_size=64) == 2
    assert recipe.steps_per_epoch(129, validation_split=0.0, batch_size=64) == 3


def test_inverse_time_schedule_of_the_recipe():
    optimizer = recipe.make_optimizer(18)
    lr = optimizer.lr
    # α = 0.1/(1 + 0.5·⌊t/18⌋): t = 0..17 → 0.1;  t = 18..35 → 0.1/1.5;  t = 36 → 0.1/2 = 0.05
    assert lr(0) == lr(17) == pytest.approx(0.1)
    assert lr(18) == lr(35) == pytest.approx(0.1 / 1.5)
    assert lr(36) == pytest.approx(0.05)
    assert lr(19 * 18) == pytest.approx(0.1 / 10.5)          # epoch 20
    assert recipe.make_optimizer(18, lr_decay=False).lr == 0.1
    # the deck's Keras InverseTimeDecay(0.1, 1, 0.5, staircase=True) decays every update: 0.1/(1 + 0.5·18) = 0.01
    assert schedules.inverse_time_decay(0.1, decay_rate=0.5, decay_steps=1, staircase=True)(18) == pytest.approx(0.01)


def test_split_off_test_is_disjoint_and_seeded():
    X_train, y_train, X_test, y_test = recipe.split_off_test(0)
    assert X_train.shape == (1438, 64) and X_test.shape == (359, 64)     # round(0.2·1797) = 359
    train_rows = {row.tobytes() for row in X_train}
    assert sum(row.tobytes() in train_rows for row in X_test) <= 5       # the digits set has a few duplicates
    np.testing.assert_array_equal(recipe.split_off_test(0)[2], X_test)


def _notebook_run(X_train, y_train):
    """The training cells of the notebook, as written there."""
    rng = np.random.default_rng(0)
    model = Sequential([
        Dense(64, 128, init="he_uniform", rng=rng), BatchNorm(128), Activation("relu"), Dropout(0.2, rng=rng),
        Dense(128, 128, init="he_uniform", rng=rng), BatchNorm(128), Activation("relu"), Dropout(0.2, rng=rng),
        Dense(128, 10, rng=rng),                        # 10 logits (Glorot-uniform, the default)
    ]).astype(np.float32)                               # single precision, as Keras uses: faster
    steps = recipe.steps_per_epoch(len(X_train), validation_split=0.2, batch_size=64)   # ⌈1150/64⌉
    schedule = schedules.inverse_time_decay(0.1, decay_rate=0.5, decay_steps=steps, staircase=True)
    optimizer = SGD(schedule, momentum=0.9, nesterov=True)
    early_stopping = EarlyStopping(monitor="val_accuracy", patience=5, restore_best_weights=True)
    with recipe.single_thread_blas():
        history = fit(model, X_train, y_train, loss="softmax_cross_entropy", optimizer=optimizer, epochs=20,
                      batch_size=64, validation_split=0.2, rng=rng, callbacks=[early_stopping])
    return model, history


def test_the_notebook_code_is_train_recipe_and_early_stopping_restores_the_best_epoch():
    X_train, y_train, X_test, _ = recipe.split_off_test(0)
    model, history = _notebook_run(X_train, y_train)
    model2, history2 = recipe.train_recipe(X_train, y_train, np.random.default_rng(0))
    np.testing.assert_array_equal(history.history["val_accuracy"], history2.history["val_accuracy"])
    np.testing.assert_array_equal(model.predict(X_test), model2.predict(X_test))
    val = history.history["val_accuracy"]
    assert history.stopped_early and history.best_epoch is not None
    best = history.best_epoch
    assert val[best - 1] == max(val) and val.index(max(val)) == best - 1  # the first epoch with the best value (from 1)
    assert history.epochs_run == best + 5                                  # patience 5 after the best epoch
    # the restored model has the best epoch's validation accuracy: recompute it on the same validation rows
    order = np.random.default_rng(0)
    recipe.build_model(order)                                              # the same draws as the notebook
    rows = order.permutation(len(X_train))[-288:]
    accuracy = np.mean(model.predict(X_train[rows].astype(np.float32)).argmax(axis=1) == y_train[rows])
    assert accuracy == pytest.approx(val[best - 1])


def test_ablation_for_maps_ticked_ingredients():
    all_on = {name: True for name in recipe.INGREDIENTS}
    assert recipe.ablation_for(all_on) == "full recipe"
    for ingredient, ablation in recipe.INGREDIENTS.items():
        assert recipe.ablation_for({**all_on, ingredient: False}) == ablation
    assert recipe.ablation_for({**all_on, "momentum": False, "nesterov": False}) == "no momentum (plain SGD)"
    assert recipe.ablation_for({**all_on, "dropout": False, "relu": False}) is None


def test_small_ablation_study():
    study = recipe.ablation_study(names=("full recipe", "no early stopping"), seeds=(0, 1), epochs=2)
    assert set(study) == {"full recipe", "no early stopping"}
    runs = study["no early stopping"]
    assert runs["test_accuracy"].shape == (2,) and runs["epochs_run"] == [2, 2] and runs["best_epoch"] == [None] * 2
    assert np.all((runs["test_accuracy"] > 0.5) & (runs["test_accuracy"] <= 1))   # 2 epochs already learn digits
    assert len(runs["histories"][0]["val_loss"]) == 2
    assert recipe.ablation_runs("no early stopping", (0, 1), 0, 2) is runs                   # cached
    assert recipe.ablation_study(names=("full recipe",), seeds=(0, 1), epochs=2)["full recipe"] is study["full recipe"]
    with pytest.raises(ValueError, match="ablation must be one of"):
        recipe.ablation_runs("no adam")


def test_paired_runs_share_weights_split_and_batch_order():
    # On one seed every variant gets the same initial weights, and building any model leaves the stream of the
    # validation split and the batch order untouched, so fit sees the same rows in the same order.
    first_layers = {}
    for name in ("full recipe", "no dropout", "no batch norm", "sigmoid instead of ReLU", "no momentum (plain SGD)"):
        weights, masks, data = recipe.paired_rngs(3)
        cfg = recipe.config(**recipe.ABLATIONS[name])
        model = recipe.build_model(weights, init=cfg["init"], batch_norm=cfg["batch_norm"],
                                   activation=cfg["activation"], drop_prob=cfg["drop_prob"], dtype=np.float64,
                                   dropout_rng=masks)
        first_layers[name] = [layer.params["W"] for layer in model.layers if isinstance(layer, Dense)]
        np.testing.assert_array_equal(data.permutation(10), recipe.paired_rngs(3)[2].permutation(10))
    for Ws in first_layers.values():
        for W, W_full in zip(Ws, first_layers["full recipe"]):
            np.testing.assert_array_equal(W, W_full)
    # the dropout layers draw from their own stream, not from the weights' or the data's
    weights, masks, data = recipe.paired_rngs(3)
    model = recipe.build_model(weights, dtype=np.float64, dropout_rng=masks)
    assert all(layer.rng is masks for layer in model.layers if isinstance(layer, Dropout))
    # He and Glorot draw the same uniform numbers: the initial weights differ only by the limit's factor
    he = recipe.build_model(recipe.paired_rngs(3)[0], dtype=np.float64).layers[0].params["W"]
    glorot = recipe.build_model(recipe.paired_rngs(3)[0], init="glorot_uniform", dtype=np.float64).layers[0].params["W"]
    np.testing.assert_allclose(glorot / he, np.sqrt(6 / (64 + 128)) / np.sqrt(6 / 64))


def test_paired_differences_by_hand():
    scores = np.array([0.90, 0.95, 0.93, 0.97])
    reference = np.array([0.92, 0.96, 0.96, 0.97])
    d, mean, error = recipe.paired_differences(scores, reference)
    np.testing.assert_allclose(d, [-0.02, -0.01, -0.03, 0.0], atol=1e-15)
    # mean −0.015;  deviations −0.005, 0.005, −0.015, 0.015;  s² = (2·0.005² + 2·0.015²)/3 = 0.0005/3
    assert mean == pytest.approx(-0.015)
    assert error == pytest.approx(math.sqrt(0.0005 / 3) / 2)
    # pairing removes what the runs share: a common shift per seed does not enter the standard error
    shift = np.array([0.1, -0.2, 0.05, 0.0])
    assert recipe.paired_differences(scores + shift, reference + shift)[2] == pytest.approx(error)
    with pytest.raises(ValueError, match="same length"):
        recipe.paired_differences(scores, reference[:3])
    with pytest.raises(ValueError, match="same length"):
        recipe.paired_differences([0.9], [0.8])


def test_ablation_claims_of_the_notebook():
    # The numbers the notebook quotes: the shortened recipe, paired over 10 seeds in double precision.
    study = recipe.ablation_study()
    assert list(study) == list(recipe.TABLE) and all(len(runs["epochs_run"]) == 10 for runs in study.values())
    full = study["full recipe"]["test_accuracy"]
    effect = {name: recipe.paired_differences(runs["test_accuracy"], full) for name, runs in study.items()}
    for name, (mean, error) in {"no momentum (plain SGD)": (-2.87, 0.30), "sigmoid instead of ReLU": (-2.17, 0.20),
                                "no dropout": (-0.39, 0.13)}.items():
        d, m, e = effect[name]
        assert (round(100 * m, 2), round(100 * e, 2)) == (mean, error)
    for name in ("no momentum (plain SGD)", "sigmoid instead of ReLU"):           # resolved, lower on every seed
        assert np.all(effect[name][0] < 0)
    d, mean, error = effect["no dropout"]                                           # three standard errors, small
    assert mean < -2.5 * error and np.sum(d >= 0) == 3
    fired = {name: sum(e is not None for e in runs["best_epoch"]) for name, runs in study.items()}
    assert fired["full recipe"] == 9 and fired["no momentum (plain SGD)"] == 3
    assert (round(100 * full.min(), 2), round(100 * full.max(), 2)) == (97.49, 99.44)


def test_ablation_run_does_not_move_with_a_tiny_perturbation(monkeypatch):
    # In double precision a relative change of 1e-12 in the initial weights (far more than a different BLAS
    # kernel's rounding) leaves the early-stopping epochs and the test accuracy of a run unchanged.
    X_train, y_train, X_test, y_test = recipe.split_off_test(0)

    def run(eps):
        weights, masks, data = recipe.paired_rngs(1)
        build = recipe.build_model

        def perturbed(*args, **kwargs):
            model = build(*args, **kwargs)
            for layer in model.layers:
                if isinstance(layer, Dense):
                    layer.params["W"] *= 1 + eps * np.random.default_rng(5).standard_normal(layer.params["W"].shape)
            return model

        monkeypatch.setattr(recipe, "build_model", perturbed)
        model, history = recipe.train_recipe(X_train, y_train, data, weight_rng=weights, dropout_rng=masks,
                                             dtype=np.float64, epochs=10, patience=3)
        monkeypatch.setattr(recipe, "build_model", build)
        return model.predict(X_test), history

    (a, history_a), (b, history_b) = run(0.0), run(1e-12)
    assert history_a.best_epoch == history_b.best_epoch and history_a.epochs_run == history_b.epochs_run
    np.testing.assert_array_equal(a.argmax(axis=1), b.argmax(axis=1))
    assert np.max(np.abs(a - b)) < 1e-6                                    # the change stays tiny


# ----------------------------------------------------------------------------------------------------
# Drawing
# ----------------------------------------------------------------------------------------------------


def _history(n, rng):
    return {"loss": rng.uniform(0.1, 1, n), "val_loss": rng.uniform(0.1, 1, n),
            "accuracy": rng.uniform(0.8, 1, n), "val_accuracy": rng.uniform(0.8, 1, n)}


def test_plots_draw_the_expected_artists():
    rng = np.random.default_rng(0)
    handles = figures.plot_recipe_history(Figure().subplots(), _history(8, rng), "accuracy", best_epoch=2)
    assert handles["best"].get_xdata()[0] == 2                       # epochs count from 1
    assert handles["best_line"].get_xdata()[0] == 2
    other = _history(6, rng)
    figures.update_recipe_history(handles, other, "accuracy", 5)
    np.testing.assert_array_equal(handles["val"].get_ydata(), other["val_accuracy"])
    np.testing.assert_array_equal(handles["train"].get_xdata(), np.arange(1, 7))
    assert handles["best"].get_ydata()[0] == other["val_accuracy"][4] and handles["best"].get_visible()
    figures.update_recipe_history(handles, other, "accuracy", None)
    assert not handles["best"].get_visible() and not handles["best_line"].get_visible()
    ax = figures.plot_recipe_history(Figure().subplots(), _history(8, rng), "loss")["ax"]
    assert len(ax.lines) == 2 and ax.get_ylabel() == "cross-entropy loss"

    differences = {"b": np.array([-1.0, -2.0, -3.0]), "c": np.array([0.5, 0.0, -0.5])}
    ax = figures.plot_ablation_bars(Figure().subplots(), list(differences), list(differences.values()))["ax"]
    assert len(ax.patches) == 2 and [t.get_text() for t in ax.get_yticklabels()] == list(differences)
    assert [bar.get_width() for bar in ax.patches] == pytest.approx([-2.0, 0.0])     # the mean differences

    t = np.arange(40)
    ax = figures.plot_recipe_lr(Figure().subplots(), t, 0.1 / (1 + t), np.full(40, 0.1), steps_per_epoch=10)["ax"]
    assert len(ax.get_legend().get_texts()) == 2 and ax.get_yscale() == "log"


def test_ablation_summary_and_reports():
    study = {"full recipe": {"test_accuracy": np.array([0.98, 0.99]), "best_epoch": [3, None]},
             "no dropout": {"test_accuracy": np.array([0.97, 0.97]), "best_epoch": [4, 6]}}
    summary = recipe.ablation_summary(study)
    assert summary["no dropout"]["mean"] == pytest.approx(-0.015) and summary["full recipe"]["restored"] == [3]
    lines = figures.report_ablation(summary).split("\n")
    assert lines[1].endswith(" 1 of 2, restored 3–3") and "-1.50 ± 0.50" in lines[2]
    assert lines[-1] == "the full recipe alone, from seed to seed: 98.00 % to 99.00 %"
    ax = figures.plot_ablation(Figure().subplots(), summary)["ax"]
    assert [bar.get_width() for bar in ax.patches] == pytest.approx([-1.5])
    effects = recipe.effects_summary({"interaction": np.array([0.01, -0.02, 0.0])})
    assert effects["interaction"]["lower"] == 1 and effects["interaction"]["higher"] == 1
    line = "difference (without − with)            -0.33 ± 0.88 points   (lower on 1, higher on 1 of 3 seeds)"
    assert figures.report_dropout_effects(effects) == line


# ----------------------------------------------------------------------------------------------------
# Explorer (with a made-up study in place of the trained one)
# ----------------------------------------------------------------------------------------------------


@pytest.fixture
def fake_study(monkeypatch):
    rng = np.random.default_rng(1)
    study = {}
    for k, name in enumerate(recipe.ABLATIONS):
        lengths = [10, 4 + k % 5, 8] + [9] * 7
        best = [None if n == 10 else n - 3 for n in lengths]
        study[name] = {"test_accuracy": rng.uniform(0.95, 0.99, 10), "histories": [_history(n, rng) for n in lengths],
                       "best_epoch": best, "epochs_run": lengths}
    monkeypatch.setattr(recipe, "ablation_runs", lambda name: study[name])
    return study


def test_recipe_explorer(fake_study):
    ex = explorers.recipe()
    drive_each_control(ex, n=3)
    ex = explorers.recipe(dropout=False, relu=False)                # two off: not precomputed
    assert ex.messages and "not precomputed" in ex.messages[0]
    assert_figure_ok(ex)
    ex = explorers.recipe(momentum=False, seed=1, hide=("seed",))
    assert not ex.messages
    line = ex.artists["loss"]["setting"]["train"]
    np.testing.assert_array_equal(line.get_ydata(), fake_study["no momentum (plain SGD)"]["histories"][1]["loss"])
    assert ex.axes[0].get_title().startswith("no momentum (plain SGD), seed 1: ")
    _, mean, error = recipe.paired_differences(fake_study["no momentum (plain SGD)"]["test_accuracy"],
                                               fake_study["full recipe"]["test_accuracy"])
    assert f"{100 * mean:+.2f} ± {100 * error:.2f} points" in ex.axes[1].get_title()
    ex = explorers.recipe()                                          # the stored figure: the full recipe
    assert ex.axes[0].get_title() == "full recipe, seed 0: all 10 epochs"
    assert "mean of 10 seeds" in ex.axes[1].get_title()
    with pytest.raises(ValueError, match="seed must be in"):
        explorers.recipe(seed=10)
    with pytest.raises(ValueError, match="unknown setting"):
        explorers.recipe(sigmoid=True)


# ----------------------------------------------------------------------------------------------------
# Exercises
# ----------------------------------------------------------------------------------------------------


def _notebook_count_params(widths):
    dense = sum(d_in * d_out + d_out for d_in, d_out in zip(widths[:-1], widths[1:]))
    batch_norm = sum(2 * d for d in widths[1:-1])      # γ and β per hidden unit
    return dense + batch_norm


def _notebook_inverse_time_lr(t, lr0, decay_rate, decay_steps, staircase):
    periods = math.floor(t / decay_steps) if staircase else t / decay_steps
    return lr0 / (1 + decay_rate * periods)


def _notebook_restored_epoch(val_accuracy, patience):
    best, best_epoch, wait = -float("inf"), None, 0
    for epoch, value in enumerate(val_accuracy, start=1):
        if value > best:                    # strictly better: a tie is not an improvement
            best, best_epoch, wait = value, epoch, 0
        else:
            wait += 1
            if wait >= patience:            # patience ran out: stop and restore the best epoch
                return best_epoch
    return len(val_accuracy)                # never stopped: fit keeps the last weights (Keras 3: best_epoch)


@pytest.mark.parametrize("exercise, solution", [
    (exercises.count_params, _notebook_count_params),
    (exercises.inverse_time_lr, _notebook_inverse_time_lr),
    (exercises.restored_epoch, _notebook_restored_epoch),
])
def test_exercises(exercise, solution):
    assert_exercise_verdicts(exercise, solution)                         # solution: the one shown in the notebook


def test_exercise_references_agree_with_the_library():
    model = recipe.build_model(np.random.default_rng(0))
    assert exercises.count_params.reference([64, 128, 128, 10]) == model.n_params()
    for t in (0, 17, 18, 100):
        for staircase in (False, True):
            expected = schedules.inverse_time_decay(0.1, 0.5, 18, staircase=staircase)(t)
            assert exercises.inverse_time_lr.reference(t, 0.1, 0.5, 18, staircase) == pytest.approx(expected)


def test_restored_epoch_matches_early_stopping():
    # Drive the real EarlyStopping callback with made-up validation accuracies and compare the epochs.
    class Fake:
        def get_state(self):
            return {}

        def set_state(self, state):
            pass

    for values, patience in exercises.restored_epoch.cases:
        callback = EarlyStopping(monitor="val_accuracy", patience=patience)
        callback.on_train_begin(Fake(), None)
        stopped = False
        for epoch, value in enumerate(values, start=1):                  # fit passes epochs from 1
            if callback.on_epoch_end(epoch, {"val_accuracy": value}, Fake(), None):
                stopped = True
                break
        expected = callback.best_epoch if stopped else len(values)
        assert exercises.restored_epoch.reference(values, patience) == expected


def test_restored_epoch_names_the_slips():
    check = exercises.restored_epoch

    def from_zero(val_accuracy, patience):
        return exercises._reference_restored(val_accuracy, patience) - 1

    def keras_3(val_accuracy, patience):
        return exercises._best_even_without_stop(val_accuracy, patience)

    message = check.evaluate(from_zero).message
    assert "your epochs count from 0" in message and "expected" not in message   # named, no values dumped
    message = check.evaluate(keras_3).message
    assert "Keras 3" in message and "Keras 2" in message
    message = check.evaluate(lambda v, p: keras_3(v, p) - 1).message
    assert "your epochs count from 0" in message and "Keras 3" in message


# ----------------------------------------------------------------------------------------------------
# Exercise 4: build_and_train to a target accuracy
# ----------------------------------------------------------------------------------------------------

def _notebook_solution(name):
    """The code of the notebook's collapsed solution that defines `name` (run in a namespace of its imports)."""
    import json
    import pathlib
    import re

    path = pathlib.Path(__file__).parents[2] / "notebooks" / "13_putting_it_together.ipynb"
    for cell in json.loads(path.read_text())["cells"]:
        text = "".join(cell["source"])
        match = re.search(r"```python\n(def " + name + r"\(.*?)```", text, re.S)
        if cell["cell_type"] == "markdown" and match:
            namespace = {"np": np, "compute": recipe, "schedules": schedules, "Sequential": Sequential,
                         "Dense": Dense, "BatchNorm": BatchNorm, "Activation": Activation, "Dropout": Dropout,
                         "SGD": SGD, "EarlyStopping": EarlyStopping, "fit": fit}
            exec(match.group(1), namespace)
            return namespace[name]
    raise AssertionError(f"no solution for {name} in the notebook")


def test_build_and_train_solution_passes_and_stub_is_reported():
    solution = _notebook_solution("build_and_train")
    result = exercises.build_and_train.evaluate(solution)
    assert result.passed and "target 0.95" in result.message, result.message
    result = exercises.build_and_train.evaluate(lambda X, y, rng: (_ for _ in ()).throw(NotImplementedError()))
    assert not result.passed and "not done yet" in result.message


def test_build_and_train_target_separates_the_recipe_from_a_badly_tuned_net():
    from course_lib.training import accuracy

    X_train, y_train, X_val, y_val = exercises.raw_digit_split()
    assert X_train.max() == 16 and np.all(X_train == np.round(X_train))              # raw pixel units
    solution = _notebook_solution("build_and_train")
    scores = [accuracy(solution(X_train, y_train, np.random.default_rng(s)).predict(X_val / 16), y_val)
              for s in range(4)]
    assert min(scores) >= exercises.TARGET_ACCURACY + 0.01, scores                   # comfortably
    for s in range(2):
        rng = np.random.default_rng(s)
        plain = Sequential([Dense(64, 32, rng=rng), Activation("sigmoid"), Dense(32, 10, rng=rng)])
        fit(plain, X_train / 16, y_train, optimizer=SGD(0.01), epochs=20, rng=rng)
        assert accuracy(plain.predict(X_val / 16), y_val) < exercises.TARGET_ACCURACY - 0.3


def _tiny(X, y, rng, targets=None, loss="softmax_cross_entropy", out=10):
    model = Sequential([Dense(64, out, rng=rng)])
    fit(model, X, y if targets is None else targets, loss=loss, epochs=1, rng=rng)
    return model


@pytest.mark.parametrize("student, words", [
    (lambda X, y, rng: None, "returned None"),
    (lambda X, y, rng: (_tiny(X / 16, y, rng), None), "not a tuple"),
    (lambda X, y, rng: fit, "return the trained Sequential model"),
    (lambda X, y, rng: _tiny(X / 16, y, rng, targets=np.eye(10)[y]), "integer labels 0–9 as they are"),
    (lambda X, y, rng: _tiny(X / 16, y, rng, loss="mse"), "one-hot rows with data.one_hot"),
    (lambda X, y, rng: _tiny(X / 16, y, rng, targets=y.astype(float), loss="mse", out=1), "(359, 10)"),
    (lambda X, y, rng: _notebook_solution("build_and_train")(X * 16, y, rng), "forgot to scale the inputs"),
    (lambda X, y, rng: _tiny(*[a * 16 for a in [__import__("course_lib").data.digits()[0]]],
                             __import__("course_lib").data.digits()[1], rng), "loaded the digits itself"),
    (lambda X, y, rng: _tiny(X / 16, y, rng), "below the target"),
    (lambda X, y, rng: {}[0], "your function raised KeyError"),
])
def test_build_and_train_names_the_slips(student, words):
    result = exercises.build_and_train.evaluate(student)
    assert not result.passed and words in result.message, result.message
    assert "Traceback" not in result.message


def test_dropout_with_and_without_batch_norm_claims():
    effects = recipe.dropout_with_and_without_batch_norm()
    acc = {name: recipe.ablation_runs(name)["test_accuracy"]
           for name in ("full recipe", "no dropout", "no batch norm", "no dropout, no batch norm")}
    np.testing.assert_array_equal(effects["with batch norm"], acc["no dropout"] - acc["full recipe"])
    np.testing.assert_array_equal(effects["without batch norm"],
                                  acc["no dropout, no batch norm"] - acc["no batch norm"])
    np.testing.assert_array_equal(effects["interaction"], effects["without batch norm"] - effects["with batch norm"])
    stats = {key: recipe.paired_differences(d, np.zeros_like(d))[1:] for key, d in effects.items()}
    quoted = {"with batch norm": ("-0.39", "0.13"), "without batch norm": ("-0.47", "0.16"),
              "interaction": ("-0.08", "0.20")}
    for key, (mean, error) in quoted.items():                          # the notebook's prose, to its digits
        assert (f"{100 * stats[key][0]:.2f}", f"{100 * stats[key][1]:.2f}") == (mean, error), key
    assert stats["with batch norm"][0] < -2 * stats["with batch norm"][1]          # resolved: dropout still pays
    assert abs(stats["interaction"][0]) < stats["interaction"][1]                  # unresolved: within one SE
    signs = np.sign(effects["interaction"])
    assert np.any(signs > 0) and np.any(signs < 0)                                # changes sign across seeds
    assert 2 * stats["interaction"][1] == pytest.approx(0.004, abs=0.0006)          # "about 0.4 points"
    assert recipe.ablation_for({"dropout": False, "batch_norm": False}) == "no dropout, no batch norm"


# ----------------------------------------------------------------------------------------------------
# Every visible string goes through course_lib.i18n.tr
# ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("preset", [{}, {"momentum": False}, {"dropout": False, "relu": False}])
def test_explorer_translates_every_text(fake_study, marked_language, preset):
    texts = visible_texts(explorers.recipe(**preset))
    assert sum("⟪" in text for text in texts) >= 10
    assert not untranslated(texts), untranslated(texts)


def test_notebook_figures_reports_and_checks_translate_every_text(marked_language):
    from types import SimpleNamespace as History

    rng = np.random.default_rng(0)
    fig = Figure()
    axes = fig.subplots(2, 3).ravel()
    history = _history(6, rng)
    figures.plot_training_curves(axes[0], axes[1], history, 3)
    t = np.arange(40)
    figures.plot_recipe_lr(axes[2], t, 0.1 / (1 + t), np.full(40, 0.1), steps_per_epoch=10)
    study = {name: {"test_accuracy": rng.uniform(0.9, 1, 3), "best_epoch": [3, None, 4]} for name in recipe.TABLE}
    summary = recipe.ablation_summary(study)
    figures.plot_ablation(axes[3], summary)
    effects = {key: rng.normal(0, 0.01, 3) for key in ("with batch norm", "without batch norm", "interaction")}
    figures.plot_dropout_effects(axes[4], effects)
    assert not untranslated(fig), untranslated(fig)

    run = History()
    run.history, run.epochs_run, run.best_epoch = {**history, "lr": np.full(6, 0.1)}, 6, 3
    reports = [figures.report_split(1438, 288, 359), figures.report_schedule(18, lambda t: 0.1),
               figures.report_history(run), figures.report_test({"accuracy": 0.97, "loss": 0.1}, 3),
               figures.report_ablation(summary), figures.report_dropout_effects(recipe.effects_summary(effects))]
    assert not untranslated(*reports), untranslated(*reports)
    students = (lambda X, y, rng: None, lambda X, y, rng: _tiny(X / 16, y, rng), lambda X, y, rng: {}[0])
    messages = [exercises.build_and_train.evaluate(student).message for student in students]
    assert all(message.startswith("✗ build_and_train: ⟪") for message in messages), messages
    assert not untranslated(messages), messages
