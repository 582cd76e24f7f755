"""Tests for course_lib.training: the loop, validation, penalties, callbacks, divergence, float32."""

import math
import warnings

import numpy as np
import pytest
from explorer_tools import marked_translation, untranslated

from course_lib import data
from course_lib.gradcheck import numerical_gradient, rel_error
from course_lib.layers import Activation, BatchNorm, Dense
from course_lib.losses import mse, softmax_cross_entropy
from course_lib.model import Sequential
from course_lib.optim import SGD, Adam
from course_lib.training import (
    Callback,
    EarlyStopping,
    History,
    ReduceLROnPlateau,
    accuracy,
    add_penalty_grads,
    evaluate,
    fit,
    penalty,
)


def mlp(sizes, seed=0, activation="relu"):
    """Dense/activation stack with He-uniform weights, e.g. sizes = (2, 16, 2)."""
    rng = np.random.default_rng(seed)
    layers = []
    for i, (d_in, d_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(Dense(d_in, d_out, init="he_uniform", rng=rng))
        if i < len(sizes) - 2:
            layers.append(Activation(activation))
    return Sequential(layers)


def moons(n=200, seed=0):
    return data.moons(n, np.random.default_rng(seed), noise=0.1)


def all_finite(history):
    return all(math.isfinite(v) for values in history.history.values() for v in values)


def scripted_loss(val_losses, n_val, snapshots=None, model=None):
    """mse on training batches; on the validation set (recognised by its n_val rows) the next scripted value.

    With `snapshots` and `model`, the model's state at each validation is kept, to check what was restored.
    """
    values = iter(val_losses)

    def loss(pred, target):
        if len(target) == n_val:
            if snapshots is not None:
                snapshots.append(model.get_state())
            return next(values), np.zeros_like(pred)
        return mse(pred, target)

    return loss


# ----------------------------------------------------------------------------------------------------
# The loop
# ----------------------------------------------------------------------------------------------------


def test_mlp_learns_moons():
    X, y = moons()
    model = mlp((2, 16, 16, 2))
    history = fit(model, X, y, optimizer=Adam(0.02), epochs=15, batch_size=16, rng=np.random.default_rng(1))
    assert history.history["accuracy"][-1] > 0.95
    assert evaluate(model, X, y)["accuracy"] > 0.95
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]
    assert history.epochs_run == 15 and not history.stopped_early and not history.diverged


@pytest.mark.parametrize("batch_size, updates_per_epoch", [(60, 1), (1000, 1), (1, 60), (25, 3)])
def test_number_of_updates(batch_size, updates_per_epoch):
    # 60 rows: batch 60 (or more) is batch GD, 1 is SGD, 25 gives 25 + 25 + 10 (the partial batch is used)
    X, y = moons(60)
    optimizer = SGD(0.1)
    history = fit(mlp((2, 4, 2)), X, y, optimizer=optimizer, epochs=3, batch_size=batch_size,
                  rng=np.random.default_rng(0), record_batches=True)
    assert optimizer.iterations == 3 * updates_per_epoch
    assert len(history.batch_loss) == 3 * updates_per_epoch
    assert history.params["steps_per_epoch"] == updates_per_epoch


def test_batches_cover_every_row_and_are_reshuffled_each_epoch():
    X = np.arange(20.0).reshape(-1, 1)
    y = np.arange(20.0).reshape(-1, 1)          # the target is the row number: it shows the batch order
    seen = []

    def recording_mse(pred, target):
        seen.append(target[:, 0].astype(int).tolist())
        return mse(pred, target)

    fit(Sequential([Dense(1, 1, rng=np.random.default_rng(0))]), X, y, loss=recording_mse,
        optimizer=SGD(1e-4), epochs=2, batch_size=8, rng=np.random.default_rng(0))
    assert [len(batch) for batch in seen] == [8, 8, 4, 8, 8, 4]
    epoch_0, epoch_1 = sum(seen[:3], []), sum(seen[3:], [])
    assert sorted(epoch_0) == sorted(epoch_1) == list(range(20))       # each epoch sees every row once
    assert epoch_0 != epoch_1 and epoch_0 != list(range(20))            # in a new random order

    seen.clear()
    fit(Sequential([Dense(1, 1, rng=np.random.default_rng(0))]), X, y, loss=recording_mse,
        optimizer=SGD(1e-4), epochs=2, batch_size=8, shuffle=False)
    assert sum(seen, []) == list(range(20)) * 2                          # shuffle=False: the given order


def test_same_seed_same_history():
    X, y = moons(120)

    def run():
        model = mlp((2, 8, 2))
        history = fit(model, X, y, optimizer=Adam(0.01), epochs=4, batch_size=16, validation_split=0.25,
                      rng=np.random.default_rng(7), record_batches=True)
        return history, model.get_state()

    (h1, state1), (h2, state2) = run(), run()
    for key in h1.history:
        if key != "epoch_time":
            assert h1.history[key] == h2.history[key], key
    assert h1.batch_loss == h2.batch_loss
    assert all(np.array_equal(state1[k], state2[k]) for k in state1)


def test_history_keys_and_epoch_loss_is_mean_of_batches():
    X, y = moons(50)
    history = fit(mlp((2, 4, 2)), X, y, optimizer=SGD(0.1), epochs=2, batch_size=20,
                  rng=np.random.default_rng(0), record_batches=True)
    assert list(history.history) == ["loss", "penalty", "accuracy", "lr", "epoch_time"]
    assert history.history["lr"] == [0.1, 0.1]
    assert history.history["penalty"] == [0.0, 0.0]
    # 50 rows in batches of 20, 20, 10: the epoch's loss is the mean of its 3 batch losses
    assert history.history["loss"][1] == pytest.approx(np.mean(history.batch_loss[3:6]), rel=1e-12)
    assert all(t > 0 for t in history.history["epoch_time"])
    assert isinstance(history, History) and history["loss"] is history.history["loss"]


def test_zero_epochs_returns_an_empty_history():
    X, y = moons(20)
    history = fit(mlp((2, 3, 2)), X, y, epochs=0, rng=np.random.default_rng(0))
    assert history.epochs_run == 0 and history.history["loss"] == []


def test_binary_logits_with_label_vector():
    X, y = moons(200)                               # y: (200,) of 0/1, the model has one output unit
    model = mlp((2, 16, 1))
    history = fit(model, X, y, loss="binary_cross_entropy_with_logits", optimizer=Adam(0.02), epochs=15,
                  batch_size=16, rng=np.random.default_rng(1))
    assert history.history["accuracy"][-1] > 0.9
    result = evaluate(model, X, y, loss="binary_cross_entropy_with_logits")
    assert result["accuracy"] == accuracy(model.predict(X), y, threshold=0.0)


# ----------------------------------------------------------------------------------------------------
# Validation
# ----------------------------------------------------------------------------------------------------


def test_validation_split_holds_out_the_last_rows_after_one_shuffle():
    X, y = moons(100)
    history = fit(mlp((2, 8, 2)), X, y, optimizer=Adam(0.01), epochs=3, batch_size=10, validation_split=0.2,
                  rng=np.random.default_rng(3))
    assert history.params["n_train"] == 80 and history.params["n_val"] == 20
    assert len(history.history["val_loss"]) == len(history.history["val_accuracy"]) == 3
    assert all(0 <= a <= 1 for a in history.history["val_accuracy"])


def test_validation_data_matches_evaluate():
    X, y = moons(100)
    X_val, y_val = moons(40, seed=9)
    model = mlp((2, 8, 2))
    history = fit(model, X, y, optimizer=Adam(0.01), epochs=3, batch_size=10, validation_data=(X_val, y_val),
                  rng=np.random.default_rng(3))
    final = evaluate(model, X_val, y_val)
    assert history.history["val_loss"][-1] == final["loss"]
    assert history.history["val_accuracy"][-1] == final["accuracy"]


def test_evaluate_and_accuracy():
    logits = np.array([[2.0, 1.0, 0.0], [0.0, 0.5, 0.2], [1.0, 3.0, 0.0], [0.0, 0.0, 5.0]])
    labels = np.array([0, 1, 0, 2])                 # right, right, wrong, right → 3/4
    assert accuracy(logits, labels) == 0.75
    assert accuracy(logits, np.eye(3)[labels]) == 0.75          # one-hot labels give the same
    probs = np.array([[0.9], [0.2], [0.6], [0.4]])
    assert accuracy(probs, np.array([1, 0, 0, 0])) == 0.75      # in [0, 1]: threshold 0.5
    assert accuracy(np.array([2.0, -1.0, 0.3, -0.2]), np.array([1, 0, 0, 0])) == 0.75   # logits: threshold 0
    assert accuracy(probs, np.array([1, 1, 1, 0]), threshold=0.0) == 0.75

    model = Sequential([Dense(2, 3, rng=np.random.default_rng(0))])
    X = np.array([[1.0, 0.0], [0.0, 1.0]])
    result = evaluate(model, X, np.array([0, 2]))
    expected_loss, _ = softmax_cross_entropy(model.predict(X), np.array([0, 2]))
    assert result["loss"] == expected_loss and set(result) == {"loss", "accuracy"}
    assert set(evaluate(model, X, np.zeros((2, 3)), loss="mse")) == {"loss"}


# ----------------------------------------------------------------------------------------------------
# Early stopping and ReduceLROnPlateau on scripted curves
# ----------------------------------------------------------------------------------------------------

VAL_LOSSES = [1.0, 0.8, 0.9, 0.7, 0.75, 0.72, 0.71, 0.8, 0.9, 0.95]


def tiny_model():
    return Sequential([Dense(1, 1, rng=np.random.default_rng(0))])


@pytest.mark.parametrize("patience, min_delta, stop_epoch, best_epoch", [
    (3, 0.0, 7, 4),      # best 0.7 at epoch 4; 0.75, 0.72, 0.71 are three epochs without improvement
    (2, 0.0, 6, 4),
    (4, 0.0, 8, 4),
    (0, 0.0, 3, 2),      # patience 0: stop at the first epoch that does not improve
    (1, 0.15, 3, 2),     # 0.8 improves 1.0 by 0.2 > 0.15, 0.9 does not
    (2, 0.15, 4, 2),     # 0.7 improves 0.8 by only 0.1: epochs 3 and 4 bring nothing
])
def test_early_stopping_on_a_scripted_curve(patience, min_delta, stop_epoch, best_epoch):
    model = tiny_model()
    callback = EarlyStopping(monitor="val_loss", patience=patience, min_delta=min_delta)
    callback.on_train_begin(model, None)
    for epoch, value in enumerate(VAL_LOSSES, start=1):     # epochs count from 1
        model.layers[0].params["W"][...] = epoch        # the weights say which epoch they come from
        if callback.on_epoch_end(epoch, {"val_loss": value}, model, None):
            break
    assert epoch == stop_epoch
    assert callback.best_epoch == best_epoch
    assert model.layers[0].params["W"][0, 0] == best_epoch     # the best epoch's weights are back
    history = History()
    callback.on_train_end(history, model, None)
    assert history.best_epoch == best_epoch


def test_early_stopping_maximises_accuracy_and_can_keep_last_weights():
    model = tiny_model()
    callback = EarlyStopping(monitor="val_accuracy", patience=2, restore_best_weights=False)
    callback.on_train_begin(model, None)
    for epoch, value in enumerate([0.5, 0.7, 0.6, 0.7, 0.9], start=1):
        model.layers[0].params["W"][...] = epoch
        if callback.on_epoch_end(epoch, {"val_accuracy": value}, model, None):
            break
    # 0.7 at epoch 4 only ties the best (no improvement): epochs 3, 4 → stop after epoch 4
    assert epoch == 4
    assert callback.best_epoch == 2 and model.layers[0].params["W"][0, 0] == 4   # the last weights are kept
    history = History()
    callback.on_train_end(history, model, None)
    assert history.best_epoch is None


def test_early_stopping_end_to_end_restores_best_state():
    X, y = np.linspace(-1, 1, 40).reshape(-1, 1), np.linspace(0, 2, 40).reshape(-1, 1)
    X_val, y_val = X[:7], y[:7]
    model = tiny_model()
    snapshots = []
    history = fit(model, X, y, loss=scripted_loss(VAL_LOSSES, 7, snapshots, model), optimizer=SGD(0.1),
                  epochs=10, batch_size=40, validation_data=(X_val, y_val), rng=np.random.default_rng(0),
                  callbacks=[EarlyStopping(patience=3)])
    assert history.stopped_early and history.epochs_run == 7 and history.best_epoch == 4
    assert history.history["val_loss"] == VAL_LOSSES[:7]
    assert "restored the weights of epoch 4" in history.stop_reason and "val_loss" in history.stop_reason
    state = model.get_state()
    assert all(np.array_equal(state[k], snapshots[3][k]) for k in state)
    assert not np.array_equal(snapshots[3]["dense.W"], snapshots[6]["dense.W"])    # training did move on


@pytest.mark.parametrize("factor, min_lr, expected", [
    (0.5, 1e-6, [(4, 0.05), (6, 0.025)]),
    (0.1, 0.02, [(4, 0.02)]),                # clipped at min_lr, and then no further change
])
def test_reduce_lr_on_plateau_scripted(factor, min_lr, expected):
    optimizer = SGD(0.1)
    callback = ReduceLROnPlateau(monitor="val_loss", factor=factor, patience=2, min_lr=min_lr)
    callback.on_train_begin(None, optimizer)
    # best 0.9 at epoch 2; epochs 3, 4 without improvement → reduce after epoch 4; 5, 6 → again after 6
    for epoch, value in enumerate([1.0, 0.9, 0.95, 0.96, 0.97, 0.98], start=1):
        assert callback.on_epoch_end(epoch, {"val_loss": value}, None, optimizer) is False
    assert [epoch for epoch, _ in callback.reductions] == [epoch for epoch, _ in expected]
    assert [lr for _, lr in callback.reductions] == pytest.approx([lr for _, lr in expected])
    assert optimizer.lr == pytest.approx(expected[-1][1])


def test_reduce_lr_on_plateau_in_fit_shows_in_the_lr_curve():
    X, y = np.linspace(-1, 1, 40).reshape(-1, 1), np.linspace(0, 2, 40).reshape(-1, 1)
    optimizer = SGD(0.1)
    history = fit(tiny_model(), X, y, loss=scripted_loss([1.0, 0.9, 0.95, 0.96, 0.97, 0.98], 7),
                  optimizer=optimizer, epochs=6, batch_size=40, validation_data=(X[:7], y[:7]),
                  rng=np.random.default_rng(0), callbacks=[ReduceLROnPlateau(patience=2)])
    # "lr" is the rate in force at the end of each epoch, before the callbacks: the cut after epoch 3
    # is first seen in epoch 4
    assert history.history["lr"] == pytest.approx([0.1, 0.1, 0.1, 0.1, 0.05, 0.05])
    assert optimizer.lr == pytest.approx(0.025)


def test_custom_callback_stops_training():
    class StopAtTwo(Callback):
        def on_epoch_end(self, epoch, logs, model, optimizer):
            return epoch == 2

    X, y = moons(40)
    history = fit(mlp((2, 4, 2)), X, y, epochs=10, rng=np.random.default_rng(0), callbacks=[StopAtTwo()])
    assert history.epochs_run == 2 and history.stopped_early          # epochs count from 1
    assert "StopAtTwo stopped training after epoch 2" in history.stop_reason


# ----------------------------------------------------------------------------------------------------
# L1 / L2 penalties
# ----------------------------------------------------------------------------------------------------


def penalized_model():
    model = Sequential([Dense(2, 2, rng=np.random.default_rng(0)), BatchNorm(2), Activation("tanh"),
                        Dense(2, 1, rng=np.random.default_rng(1))])
    model.layers[0].params["W"][...] = [[1.0, -2.0], [0.5, -0.25]]
    model.layers[0].params["b"][...] = [10.0, -10.0]            # biases and γ, β must not count
    model.layers[1].params["gamma"][...] = [3.0, 4.0]
    model.layers[3].params["W"][...] = [[3.0], [-1.0]]
    return model


def test_penalty_value_by_hand():
    model = penalized_model()
    # Σ|W| = 1 + 2 + 0.5 + 0.25 + 3 + 1 = 7.75;   Σ W² = 1 + 4 + 0.25 + 0.0625 + 9 + 1 = 15.3125
    assert penalty(model, l1=0.1) == pytest.approx(0.775, rel=1e-14)
    assert penalty(model, l2=0.01) == pytest.approx(0.153125, rel=1e-14)
    assert penalty(model, l1=0.1, l2=0.01) == pytest.approx(0.928125, rel=1e-14)
    assert penalty(model) == 0.0


def test_penalty_gradient_by_finite_differences_and_biases_untouched():
    model = penalized_model()
    X = np.random.default_rng(2).normal(size=(6, 2))
    target = np.random.default_rng(3).normal(size=(6, 1))
    l1, l2 = 0.1, 0.01

    def objective(_):
        return mse(model.forward(X), target)[0] + penalty(model, l1, l2)

    _, d_out = mse(model.forward(X), target)
    model.backward(d_out)
    before = {name: grad.copy() for name, _, grad in model.parameters()}
    add_penalty_grads(model, l1, l2)
    for name, value, grad in model.parameters():
        if name.endswith(".W"):
            assert rel_error(grad, numerical_gradient(objective, value)) < 1e-7, name
            assert not np.array_equal(grad, before[name])
        else:                                        # b, gamma, beta: exactly as the data loss left them
            assert np.array_equal(grad, before[name]), name


def test_fit_applies_the_penalty_gradient_in_each_step():
    # one full-batch SGD step by hand:  W ← W − lr·(∂L/∂W + λ1·sign(W) + 2·λ2·W),  b ← b − lr·∂L/∂b
    X, y = moons(30)
    lr, l1, l2 = 0.1, 0.01, 0.05
    by_hand, fitted = mlp((2, 5, 2), seed=4), mlp((2, 5, 2), seed=4)
    _, d_out = softmax_cross_entropy(by_hand.forward(X), y)
    by_hand.backward(d_out)
    for layer in by_hand.layers:
        if isinstance(layer, Dense):
            W = layer.params["W"]
            layer.grads["W"] += l1 * np.sign(W) + 2 * l2 * W
    for _, value, grad in by_hand.parameters():
        value -= lr * grad
    history = fit(fitted, X, y, optimizer=SGD(lr), epochs=1, batch_size=30, shuffle=False, l1=l1, l2=l2)
    for (name, a, _), (_, b, _) in zip(by_hand.parameters(), fitted.parameters()):
        np.testing.assert_allclose(b, a, rtol=1e-12, atol=1e-14, err_msg=name)
    assert history.history["penalty"] == [pytest.approx(penalty(fitted, l1, l2), rel=1e-14)]


def test_l2_shrinks_weights_and_penalty_is_recorded_apart_from_loss():
    X, y = moons(100)
    histories, norms = {}, {}
    for l2 in (0.0, 0.05):
        model = mlp((2, 16, 2))
        histories[l2] = fit(model, X, y, optimizer=Adam(0.01), epochs=10, batch_size=20, l2=l2,
                            rng=np.random.default_rng(5))
        norms[l2] = penalty(model, l2=1.0)
    assert norms[0.05] < 0.8 * norms[0.0]
    recorded = histories[0.05].history
    assert recorded["penalty"][-1] == pytest.approx(0.05 * norms[0.05], rel=1e-12)
    assert all(p > 0 for p in recorded["penalty"]) and histories[0.0].history["penalty"] == [0.0] * 10
    assert recorded["loss"][-1] < 1.0                  # the data loss alone, not loss + penalty


# ----------------------------------------------------------------------------------------------------
# Divergence
# ----------------------------------------------------------------------------------------------------


def test_divergence_stops_cleanly_without_warnings():
    # a regression MLP with squared error: with lr = 10 each step overshoots more, until overflow
    X = np.linspace(-2, 2, 100).reshape(-1, 1)
    y = np.sin(2 * X)
    with warnings.catch_warnings():
        warnings.simplefilter("error")                 # any RuntimeWarning (overflow, invalid) would fail
        history = fit(mlp((1, 16, 16, 1), activation="tanh"), X, y, loss="mse", optimizer=SGD(10.0), epochs=50,
                      batch_size=10, rng=np.random.default_rng(0))
    assert history.diverged and not history.stopped_early
    assert 0 <= history.epochs_run < 50
    assert f"diverged in epoch {history.epochs_run + 1}:" in history.stop_reason
    assert "the loss exploded to" in history.stop_reason        # caught as it explodes, before any NaN
    assert all_finite(history)
    assert all(len(values) == history.epochs_run for values in history.history.values())


def test_divergence_in_the_first_batch_leaves_empty_curves():
    X, y = moons(20)

    def bad_loss(pred, target):
        return float("nan"), np.zeros_like(pred)

    history = fit(mlp((2, 3, 2)), X, y, loss=bad_loss, epochs=3, rng=np.random.default_rng(0),
                  validation_split=0.25)
    assert history.diverged and history.epochs_run == 0
    assert "epoch 1:" in history.stop_reason and "batch 1 of 1" in history.stop_reason
    assert all(values == [] for values in history.history.values())


# ----------------------------------------------------------------------------------------------------
# float32, display, bad input
# ----------------------------------------------------------------------------------------------------


def test_float32_end_to_end():
    X, y = moons(100)
    model = mlp((2, 16, 2)).astype(np.float32)
    X32 = X.astype(np.float32)
    history = fit(model, X32, y, optimizer=Adam(0.01), epochs=3, batch_size=16, l1=1e-4, l2=np.float64(1e-3),
                  validation_split=0.2, rng=np.random.default_rng(0))
    assert all(value.dtype == np.float32 and grad.dtype == np.float32 for _, value, grad in model.parameters())
    assert model.predict(X32).dtype == np.float32
    assert history.history["accuracy"][-1] > 0.7
    # float64 input to a float32 model is cast once: the parameters stay float32
    fit(model, X, y, optimizer=SGD(0.01), epochs=1, rng=np.random.default_rng(0))
    assert all(value.dtype == np.float32 for _, value, _ in model.parameters())


def test_verbose_output(capsys):
    X, y = moons(40)
    fit(mlp((2, 4, 2)), X, y, epochs=3, rng=np.random.default_rng(0), verbose=0)
    assert capsys.readouterr().out == ""
    fit(mlp((2, 4, 2)), X, y, epochs=3, rng=np.random.default_rng(0), verbose=2)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and lines[0].startswith("epoch 1/3") and "loss" in lines[0]
    fit(mlp((2, 4, 2)), X, y, epochs=3, rng=np.random.default_rng(0), verbose=1)
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.count("\r") >= 3 and "epoch 3/3" in out


@pytest.mark.parametrize("kwargs, message", [
    ({"batch_size": 0}, "batch_size"),
    ({"batch_size": 2.5}, "batch_size"),
    ({"epochs": -1}, "epochs"),
    ({"loss": "hinge"}, "loss must be one of .*softmax_cross_entropy"),
    ({"validation_split": 1.0}, r"validation_split must be in \[0, 1\)"),
    ({"validation_split": -0.1}, "validation_split"),
    ({"validation_split": 0.2, "validation_data": ("X", "y")}, "not both"),
    ({"callbacks": [EarlyStopping()]}, "monitor 'val_loss'.*validation_split or validation_data"),
    ({"loss": "mse", "callbacks": [EarlyStopping("accuracy")]}, "monitor 'accuracy'"),
    ({"l2": -1.0}, "l2"),
    ({"verbose": 3}, "verbose"),
])
def test_bad_arguments(kwargs, message):
    X, y = moons(20)
    arguments = {"rng": np.random.default_rng(0), **kwargs}
    with pytest.raises(ValueError, match=message):
        fit(mlp((2, 3, 2)), X, y, **arguments)


def test_rng_must_be_a_generator():
    X, y = moons(20)
    for rng in (None, 0, np.random.RandomState(0)):
        with pytest.raises(TypeError, match=r"rng must be a numpy Generator; make one with np.random.default_rng"):
            fit(mlp((2, 3, 2)), X, y, rng=rng)


def test_bad_data_and_callback_arguments():
    X, y = moons(20)
    with pytest.raises(ValueError, match="X and y must have the same length"):
        fit(mlp((2, 3, 2)), X, y[:-1], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="X_val and y_val must have the same length"):
        fit(mlp((2, 3, 2)), X, y, validation_data=(X, y[:5]), rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="patience"):
        EarlyStopping(patience=-1)
    with pytest.raises(ValueError, match="monitor must be one of 'val_loss', 'val_accuracy', 'loss', 'accuracy'"):
        EarlyStopping(monitor="val_los")
    with pytest.raises(ValueError, match="patience"):
        ReduceLROnPlateau(patience=-2)
    with pytest.raises(ValueError, match=r"factor must be in \(0, 1\)"):
        ReduceLROnPlateau(factor=1.5)
    with pytest.raises(ValueError, match="monitor"):
        ReduceLROnPlateau(monitor="lr")


# ----------------------------------------------------------------------------------------------------
# What fit and summary print goes through course_lib.i18n.tr
# ----------------------------------------------------------------------------------------------------


def _printed_pieces(out):
    return [piece.strip() for line in out.split("\n") for piece in line.split("\r") if piece.strip()]


def test_the_progress_display_and_stop_reasons_are_translated(capsys):
    X, y = np.linspace(-1, 1, 40).reshape(-1, 1), np.linspace(0, 2, 40).reshape(-1, 1)
    diverging = (mlp((1, 16, 16, 1), activation="tanh"), np.linspace(-2, 2, 100).reshape(-1, 1))

    class StopAtOne(Callback):
        def on_epoch_end(self, epoch, logs, model, optimizer):
            return True

    def interrupted(pred, target):
        raise KeyboardInterrupt

    with marked_translation():
        early = fit(tiny_model(), X, y, loss=scripted_loss(VAL_LOSSES, 7), optimizer=SGD(0.1), epochs=10,
                    batch_size=40, validation_data=(X[:7], y[:7]), rng=np.random.default_rng(0), verbose=2,
                    callbacks=[EarlyStopping(patience=3)])
        fit(mlp((2, 4, 2)), *moons(40), epochs=2, rng=np.random.default_rng(0), verbose=1, callbacks=[StopAtOne()])
        diverged = fit(diverging[0], diverging[1], np.sin(2 * diverging[1]), loss="mse", optimizer=SGD(10.0),
                       epochs=50, batch_size=10, rng=np.random.default_rng(0))
        stopped = fit(tiny_model(), X, y, loss=interrupted, epochs=2, rng=np.random.default_rng(0))
        callback, model = EarlyStopping(), tiny_model()
        callback.on_train_begin(model, None)
        callback.on_epoch_end(1, {"val_loss": 0.5}, model, None)
        note = callback.on_diverged(model)
        empty = repr(History(["loss"]))
        lines = []
        tiny_model().summary(print_fn=lines.append)
    printed = _printed_pieces(capsys.readouterr().out)
    assert printed and not untranslated(printed), untranslated(printed)
    assert "⟪early stopping: val_loss did not improve" in early.stop_reason
    assert diverged.stop_reason.startswith("⟪diverged in epoch") and "⟪the loss exploded to" in diverged.stop_reason
    assert note == "⟪restored the weights of epoch 1 (the best val_loss, 0.5)⟫"
    assert stopped.stop_reason.startswith("⟪interrupted (KeyboardInterrupt) during epoch 1")
    assert "⟪StopAtOne stopped training after epoch 1⟫" in printed
    assert "⟪no epochs⟫" in empty
    assert not untranslated([line for line in lines if "Dense" not in line]), lines
    assert lines[-2] == "⟪Non-trainable (running statistics): 0⟫"


def test_the_stop_reason_in_english_reads_as_before():
    X, y = np.linspace(-1, 1, 40).reshape(-1, 1), np.linspace(0, 2, 40).reshape(-1, 1)
    history = fit(tiny_model(), X, y, loss=scripted_loss(VAL_LOSSES, 7), optimizer=SGD(0.1), epochs=10,
                  batch_size=40, validation_data=(X[:7], y[:7]), rng=np.random.default_rng(0),
                  callbacks=[EarlyStopping(patience=3)])
    assert history.stop_reason == ("early stopping: val_loss did not improve by more than 0 for 3 epochs (best 0.7 "
                                   "at epoch 4); stopped after epoch 7, restored the weights of epoch 4")
