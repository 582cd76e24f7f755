"""Regression tests for issue 17 (robustness): one test (or more) per numbered item.

The contract: a correct, finite result, or a ValueError/TypeError naming the argument and its allowed
range; divergence recorded, never a crash or a silent NaN.
"""

import warnings

import numpy as np
import pytest

from course_lib import activations, data, layers, losses, model, optim, training
from course_lib.lessons.exercise import Exercise

FLOATS = (np.float16, np.float32, np.float64)


def moons_net(rng, dtype=np.float64, width=32, activation="relu"):
    """2 → width → width → 1 with a sigmoid output (binary cross-entropy on probabilities)."""
    return model.Sequential([layers.Dense(2, width, rng=rng), layers.Activation(activation),
                             layers.Dense(width, width, rng=rng), layers.Activation(activation),
                             layers.Dense(width, 1, rng=rng), layers.Activation("sigmoid")]).astype(dtype)


# ---------------------------------------------------------------------------------------------------------
# 1. float16/float32: losses and activations stay finite; a healthy float32 run is not marked diverged
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", FLOATS)
def test_1_bce_at_saturated_probabilities_is_finite_in_every_float_dtype(dtype):
    for p in (0.0, 1.0):
        for target in (0.0, 1.0):
            value, grad = losses.binary_cross_entropy(np.array([[p]], dtype), np.array([[target]], dtype))
            assert np.isfinite(value) and np.all(np.isfinite(grad)) and grad.dtype == dtype
    value, _ = losses.binary_cross_entropy(np.array([[1.0]], np.float32), np.array([[1.0]], np.float32))
    assert 0 <= value < 1e-6                              # −ln(1 − 2⁻²⁴), not NaN


@pytest.mark.parametrize("dtype", FLOATS)
def test_1_activations_and_losses_are_finite_for_large_inputs(dtype):
    z = np.array([[-1e3, -30.0, -1.0, 0.0, 1.0, 30.0, 1e3]], dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for f, f_grad in activations.ACTIVATIONS.values():
            for out in (f(z), f_grad(z)):
                assert out.dtype == dtype and np.all(np.isfinite(out))
        for loss in (losses.mse, losses.binary_cross_entropy_with_logits):
            value, grad = loss(z, np.ones_like(z))
            assert np.isfinite(value) and np.all(np.isfinite(grad)) and grad.dtype == dtype
        value, grad = losses.softmax_cross_entropy(z, [0])
        assert np.isfinite(value) and np.all(np.isfinite(grad))


def test_1_float32_moons_sigmoid_adam_run_is_not_marked_diverged():
    # on the starting commit this run stopped at epoch 31 with diverged=True (the loss became NaN when a
    # float32 probability reached exactly 1.0)
    X, y = data.moons(300, np.random.default_rng(0), noise=0.1)
    history = training.fit(moons_net(np.random.default_rng(1), np.float32), X, y, loss="binary_cross_entropy",
                           optimizer=optim.Adam(1e-2), epochs=100, batch_size=32, rng=np.random.default_rng(2))
    assert not history.diverged and history.epochs_run == 100
    assert history.history["accuracy"][-1] > 0.95


# ---------------------------------------------------------------------------------------------------------
# 2. checks deep-copy every case for every call
# ---------------------------------------------------------------------------------------------------------


def test_2_a_function_that_mutates_its_arguments_cannot_change_the_cases():
    def reference(values):
        return float(sum(values[0]))

    def vandal(values):                 # empties the inner list it was given, then answers
        values[0].clear()
        return 0.0

    exercise = Exercise("sum", reference, [([[1.0, 2.0]],), ([[3.0]],)])
    for _ in range(3):
        assert not exercise.evaluate(vandal).passed
    assert exercise.cases == [([[1.0, 2.0]],), ([[3.0]],)]
    assert exercise.evaluate(reference).passed


@pytest.mark.parametrize("name", ["gradient_norm_ratio", "count_params", "restored_epoch"])
def test_2_the_course_checks_survive_a_function_that_empties_its_lists(name):
    from course_lib import lessons

    exercise = lessons.exercises()[name]

    def vandal(*args):
        answer = exercise.reference(*[list(a) if isinstance(a, list) else a for a in args])
        for a in args:
            if isinstance(a, list):
                a.clear()
        return answer

    for _ in range(3):
        exercise.evaluate(vandal)
    assert all(len(a) for case in exercise.cases for a in case if isinstance(a, list))
    assert exercise.evaluate(exercise.reference).passed


def test_2_mismatch_messages_show_tuples_and_shapes_not_array_dumps():
    exercise = Exercise("pair", lambda x: (x, 2 * x), [(np.arange(3.0),)])
    message = exercise.evaluate(lambda x: (x, 3 * x)).message
    assert "expected (" in message and "got (" in message          # tuples shown as tuples
    message = exercise.evaluate(lambda x: x).message
    assert "returned an array of shape (3,), expected a tuple of 2 values" in message
    scalar = Exercise("zero", lambda x: 0.0, [(1.0,)])
    message = scalar.evaluate(lambda x: 1.0).message
    assert "got 1" in message and "0.." not in message and "1.." not in message
    shaped = Exercise("column", lambda x: x.reshape(-1, 1), [(np.arange(100.0),)])
    message = shaped.evaluate(lambda x: x).message
    assert "an array of shape (100,), expected an array of shape (100, 1)" in message
    assert "[" not in message.split("returned")[1]                 # no dump of the arrays themselves


# ---------------------------------------------------------------------------------------------------------
# 3. divergence: an exploding loss and a blow-up in the last update are recorded
# ---------------------------------------------------------------------------------------------------------


def regression_net(rng):
    return model.Sequential([layers.Dense(1, 16, rng=rng), layers.Activation("tanh"), layers.Dense(16, 1, rng=rng)])


def test_3_blow_up_in_the_last_update_is_recorded():
    X = np.linspace(-2, 2, 50).reshape(-1, 1)
    y = np.sin(2 * X)
    net = regression_net(np.random.default_rng(0))
    history = training.fit(net, X, y, loss="mse", optimizer=optim.SGD(1e308), epochs=1, batch_size=50,
                           shuffle=False)
    assert history.diverged and "after its last update" in history.stop_reason
    assert history.epochs_run == 0 and history.history["loss"] == []


def test_3_an_exploding_but_finite_loss_is_recorded():
    X = np.linspace(-2, 2, 50).reshape(-1, 1)
    y = np.sin(2 * X)
    history = training.fit(regression_net(np.random.default_rng(0)), X, y, loss="mse", optimizer=optim.SGD(1e3),
                           epochs=30, batch_size=10, rng=np.random.default_rng(1))
    assert history.diverged and "exploded" in history.stop_reason
    assert all(np.isfinite(v) for values in history.history.values() for v in values)


# ---------------------------------------------------------------------------------------------------------
# 4. after divergence, EarlyStopping(restore_best_weights=True) restores the best epoch
# ---------------------------------------------------------------------------------------------------------


class _ExplodeAt(training.Callback):
    """Makes the learning rate absurd after `epoch`, so that the next epoch diverges."""

    def __init__(self, epoch):
        self.epoch = epoch

    def on_epoch_end(self, epoch, logs, model, optimizer):
        if epoch == self.epoch:
            optimizer.lr = 1e300
        return False


def test_4_best_weights_restored_after_divergence():
    X, y = data.moons(100, np.random.default_rng(0))
    net = moons_net(np.random.default_rng(1))
    stopper = training.EarlyStopping(monitor="loss", patience=50, restore_best_weights=True)
    history = training.fit(net, X, y, loss="binary_cross_entropy", optimizer=optim.Adam(1e-2), epochs=20,
                           batch_size=20, rng=np.random.default_rng(2), callbacks=[stopper, _ExplodeAt(6)])
    assert history.diverged and history.epochs_run == 6
    assert history.best_epoch == 6 and "restored the weights of epoch 6" in history.stop_reason
    assert all(np.all(np.isfinite(value)) for _, value, _ in net.parameters())
    best = training.evaluate(net, X, y, loss="binary_cross_entropy")["loss"]
    assert best == pytest.approx(history.history["loss"][-1], rel=0.5)


# ---------------------------------------------------------------------------------------------------------
# 5. KeyboardInterrupt keeps the finished epochs
# ---------------------------------------------------------------------------------------------------------


class _Interrupt(training.Callback):
    def __init__(self, epoch):
        self.epoch, self.ended = epoch, False

    def on_epoch_end(self, epoch, logs, model, optimizer):
        if epoch == self.epoch:
            raise KeyboardInterrupt
        return False

    def on_train_end(self, history, model, optimizer):
        self.ended = True


def test_5_keyboard_interrupt_returns_the_history(capsys):
    X, y = data.moons(60, np.random.default_rng(0))
    interrupt = _Interrupt(4)
    try:
        history = training.fit(moons_net(np.random.default_rng(1)), X, y, loss="binary_cross_entropy", epochs=10,
                               rng=np.random.default_rng(2), callbacks=[interrupt])
    except KeyboardInterrupt:
        pytest.fail("fit let the KeyboardInterrupt through and lost the history")
    assert history.interrupted and interrupt.ended
    assert history.epochs_run == 4 and len(history["loss"]) == 4
    printed = capsys.readouterr().out.strip().splitlines()
    assert len(printed) == 1 and "interrupted" in printed[0] and "4 finished epochs" in printed[0]


# ---------------------------------------------------------------------------------------------------------
# 6. gradcheck on integers, float16, lists and h = 0
# ---------------------------------------------------------------------------------------------------------


def _sum_of_squares(x):
    return float(np.sum(np.asarray(x, dtype=np.float64) ** 2))


def test_6_numerical_gradient_dtypes_lists_and_h():
    from course_lib import gradcheck

    with pytest.raises(TypeError, match="x must be a float numpy array"):
        gradcheck.numerical_gradient(_sum_of_squares, np.array([1, 2, 3]))          # was [50000, 150000, 250000]
    with pytest.raises(TypeError, match="x must be a float numpy array"):
        gradcheck.numerical_gradient(_sum_of_squares, [1.0, 2.0])                   # was AttributeError
    with pytest.raises(ValueError, match="h must be a number > 0"):
        gradcheck.numerical_gradient(_sum_of_squares, np.array([1.0]), h=0)          # was ZeroDivisionError
    with pytest.raises(ValueError, match="h=1e-05 does not move x"):
        gradcheck.numerical_gradient(_sum_of_squares, np.array([1.0, 2.0, 3.0], np.float16))
    grad = gradcheck.numerical_gradient(_sum_of_squares, np.array([1.0, 2.0, 3.0], np.float16), h=1e-2)
    np.testing.assert_allclose(grad, [2, 4, 6], rtol=1e-2)
    grad = gradcheck.numerical_gradient(_sum_of_squares, np.array([1.0, 2.0, 3.0], np.float32), h=1e-3)
    np.testing.assert_allclose(grad, [2, 4, 6], rtol=1e-5)


# ---------------------------------------------------------------------------------------------------------
# 7. one rule for randomness: a Generator, and a TypeError saying how to make one
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("call", [
    lambda rng: data.moons(10, rng=rng),
    lambda rng: data.train_val_split(np.zeros((4, 1)), np.zeros(4), 0.5, rng),
    lambda rng: __import__("course_lib.init", fromlist=["he_normal"]).he_normal((2, 3), rng),
    lambda rng: __import__("course_lib.augment", fromlist=["x"]).random_affine(rng),
    lambda rng: __import__("course_lib.augment", fromlist=["x"]).char_swap("hello", rng),
    lambda rng: __import__("course_lib.lessons.moving_averages_bias_correction.compute",
                            fromlist=["x"]).daily_temperatures(5, rng),
    lambda rng: __import__("course_lib.gradcheck", fromlist=["x"]).check_layer(
        layers.Dense(2, 2, rng=np.random.default_rng(0)), np.zeros((1, 2)), rng),
    lambda rng: layers.Dropout(0.5, rng=rng),
])
@pytest.mark.parametrize("rng", [0, np.random.RandomState(0), None])
def test_7_rng_must_be_a_generator(call, rng):
    with pytest.raises(TypeError, match=r"rng must be a numpy Generator; make one with np\.random\.default_rng\("):
        call(rng)


# ---------------------------------------------------------------------------------------------------------
# 8. lists in layers and predict
# ---------------------------------------------------------------------------------------------------------


def test_8_layers_and_predict_accept_lists():
    rng = np.random.default_rng(0)
    net = model.Sequential([layers.Dense(2, 3, rng=rng), layers.Activation("relu"), layers.Dropout(0.5, rng=rng),
                            layers.BatchNorm(3), layers.Dense(3, 1, rng=rng)])
    rows = [[0.5, -1.0], [1.0, 2.0]]
    np.testing.assert_array_equal(net.predict(rows), net.predict(np.array(rows)))
    assert net.forward(rows).shape == (2, 1)
    with pytest.raises(TypeError, match="x must be an array of numbers"):
        net.predict([["a", "b"]])


# ---------------------------------------------------------------------------------------------------------
# 9. inf is rejected where a finite value is required
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("call, name", [
    (lambda: data.moons(10, np.random.default_rng(0), noise=np.inf), "noise"),
    (lambda: optim.SGD(lr=np.inf), "lr"),
    (lambda: __import__("course_lib.schedules", fromlist=["x"]).constant(np.inf), "lr0"),
    (lambda: __import__("course_lib.surfaces", fromlist=["x"]).quadratic(condition_number=np.inf),
     "condition_number"),
    (lambda: __import__("course_lib.augment", fromlist=["x"]).random_affine(np.random.default_rng(0),
                                                                             max_rotation=np.inf), "max_rotation"),
])
def test_9_inf_is_rejected(call, name):
    with pytest.raises(ValueError, match=name):
        call()


# ---------------------------------------------------------------------------------------------------------
# 10. ValueErrors naming the argument instead of IndexError, KeyError, AttributeError, RuntimeError, MemoryError
# ---------------------------------------------------------------------------------------------------------


def test_10_value_errors_name_the_argument():
    from course_lib import augment, ema, preprocessing, surfaces

    with pytest.raises(ValueError, match="shape must be an image shape"):
        augment.centered(np.eye(3), (8,))
    with pytest.raises(ValueError, match="w must be a point"):
        surfaces.rosenbrock().gradient([1.0])
    with pytest.raises(ValueError, match="state has no 'dense.W'"):
        model.Sequential([layers.Dense(2, 3, rng=np.random.default_rng(0))]).set_state({})
    with pytest.raises(ValueError, match="not fitted yet"):
        preprocessing.StandardScaler().transform(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="model must be a Sequential"):
        training.fit(None, np.zeros((4, 2)), np.zeros(4, dtype=int), rng=np.random.default_rng(0))
    wma = ema.weighted_moving_average(np.arange(5.0), window=10**12)        # tried to allocate 7 TiB
    np.testing.assert_allclose(wma[1], (10**12 * 1 + (10**12 - 1) * 0) / (2 * 10**12 - 1))


# ---------------------------------------------------------------------------------------------------------
# 11. no silent NaN: integer dropout, empty batches, float16 scaling, None
# ---------------------------------------------------------------------------------------------------------


def test_11_no_silent_nan():
    from course_lib import preprocessing

    dropout = layers.Dropout(0.5, rng=np.random.default_rng(0))
    out = dropout.forward(np.ones((4, 5), dtype=np.int64))
    assert np.all(np.isfinite(out)) and set(np.unique(out)) <= {0.0, 2.0}
    bn = layers.BatchNorm(3)
    with pytest.raises(ValueError, match="at least one row"):
        bn.forward(np.zeros((0, 3)))
    assert np.all(np.isfinite(bn.buffers["running_mean"])) and np.all(np.isfinite(bn.buffers["running_var"]))
    for loss in (losses.mse, losses.binary_cross_entropy, losses.binary_cross_entropy_with_logits):
        with pytest.raises(ValueError, match="must not be empty"):
            loss(np.zeros((0, 1)), np.zeros((0, 1)))
    with pytest.raises(ValueError, match="logits"):
        losses.softmax_cross_entropy(np.zeros((0, 3)), np.zeros(0, dtype=int))
    with pytest.raises(ValueError, match="must not be empty"):
        training.accuracy(np.zeros((0, 2)), np.zeros(0))
    X = np.array([[300.0, 1.0], [500.0, 2.0], [1000.0, 3.0]], np.float16)
    scaled = preprocessing.StandardScaler().fit_transform(X)
    assert scaled.dtype == np.float16 and np.all(np.isfinite(scaled))
    with pytest.raises(TypeError, match="z must be an array of real numbers"):
        activations.relu(None)


# ---------------------------------------------------------------------------------------------------------
# 12. fit's errors say what is wrong
# ---------------------------------------------------------------------------------------------------------


def test_12_fit_errors_that_used_to_mislead():
    X, y = data.moons(20, np.random.default_rng(0))

    def net():
        return model.Sequential([layers.Dense(2, 2, rng=np.random.default_rng(0))])

    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=r"optimizer=Adam\(1e-3\)"):
        training.fit(net(), X, y, optimizer=optim.Adam, rng=rng)
    with pytest.raises(ValueError, match=r"callbacks must be a list of callbacks, e.g. callbacks=\[EarlyStopping"):
        training.fit(net(), X, y, callbacks=training.EarlyStopping(monitor="loss"), rng=rng)
    X_nan = X.copy()
    X_nan[7, 0] = np.nan
    with pytest.raises(ValueError, match="X contains NaN or inf"):
        training.fit(net(), X_nan, y, rng=rng)
    with pytest.raises(ValueError, match="validation_data must be a pair of arrays"):
        training.fit(net(), X, y, validation_data=(None, None), rng=rng)


# ---------------------------------------------------------------------------------------------------------
# 13. messages that name the argument; the pure update rules validate their hyperparameters
# ---------------------------------------------------------------------------------------------------------


def test_13_names_and_pure_rule_hyperparameters():
    with pytest.raises(TypeError, match="z must be an array of real numbers"):
        activations.relu("abc")
    w, g = np.ones(2), np.ones(2)
    with pytest.raises(ValueError, match="lr must be a number > 0"):
        optim.sgd_update(w, g, None, lr=-1)
    with pytest.raises(ValueError, match=r"beta1 must be in \[0, 1\)"):
        optim.adam_update(w, g, None, beta1=1.0)
    with pytest.raises(ValueError, match="eps must be a number > 0"):
        optim.rmsprop_update(w, g, None, lr=0.1, eps=0.0)


# ---------------------------------------------------------------------------------------------------------
# Done-when: float32 training matches float64 on the digits recipe; a float16 forward pass is finite
# ---------------------------------------------------------------------------------------------------------


def test_digits_recipe_in_float32_matches_float64_within_float32_precision():
    """The recipe without dropout (its masks are drawn in the model's dtype, so the two runs would draw
    different masks), 5 epochs = 115 updates, the same rng: every recorded loss agrees to rtol 1e-5.

    Why 1e-5: each float32 operation rounds by up to 2⁻²⁴ ≈ 6e-8 relative; over 115 updates the
    differences grow (measured: 3e-7 after 5 epochs), and 1e-5 (about 170 float32 units) leaves room for
    other BLAS kernels while still failing for any real error (a wrong dtype cast shows at 1e-3 or more).
    The weights agree to 1e-5 of each matrix's largest entry, except the biases of the Dense layers that
    feed batch norm: their exact gradient is 0 (batch norm subtracts the mean), so they hold round-off only.
    """
    pytest.importorskip("sklearn")
    from course_lib.lessons.putting_it_together import compute as recipe

    X_train, y_train, X_test, y_test = recipe.split_off_test(0)
    runs = {}
    for dtype in (np.float32, np.float64):
        net, history = recipe.train_recipe(X_train, y_train, np.random.default_rng(0), dtype=dtype, drop_prob=0.0,
                                           epochs=5, early_stopping=False)
        runs[dtype] = net, history
    (net32, h32), (net64, h64) = runs[np.float32], runs[np.float64]
    assert next(net32.parameters())[1].dtype == np.float32
    for key in ("loss", "val_loss", "val_accuracy"):
        np.testing.assert_allclose(h32.history[key], h64.history[key], rtol=1e-5)
    for (name, w32, _), (_, w64, _) in zip(net32.parameters(), net64.parameters()):
        if name.endswith(".b") and name != "dense_2.b":
            continue                                     # the biases before batch norm: round-off only
        assert np.max(np.abs(w32 - w64)) <= 1e-5 * np.max(np.abs(w64)), name
    acc32 = training.accuracy(net32.predict(X_test), y_test)
    acc64 = training.accuracy(net64.predict(X_test), y_test)
    assert abs(acc32 - acc64) <= 2 / len(y_test)


def test_float16_forward_pass_is_finite():
    pytest.importorskip("sklearn")
    from course_lib.lessons.putting_it_together import compute as recipe

    X_train, y_train, X_test, y_test = recipe.split_off_test(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")                   # no overflow on the way
        fresh = recipe.build_model(np.random.default_rng(0), dtype=np.float16)
        out = fresh.predict(X_test.astype(np.float16))
        assert out.dtype == np.float16 and np.all(np.isfinite(out))
        net, _ = recipe.train_recipe(X_train, y_train, np.random.default_rng(0), dtype=np.float64, epochs=3,
                                     early_stopping=False)
        expected = net.predict(X_test).argmax(axis=1)
        half = net.astype(np.float16).predict(X_test.astype(np.float16))
        assert np.all(np.isfinite(half))
        value, _ = losses.softmax_cross_entropy(half, y_test)
        assert np.isfinite(value)
    assert np.mean(half.argmax(axis=1) == expected) > 0.98       # float16 rounds, but keeps the predictions


def test_10_momentum_as_ema_takes_surface_names_like_trajectory():
    from course_lib import surfaces
    from course_lib.lessons.moving_averages_bias_correction import compute as averages

    by_name, _, _ = averages.momentum_as_ema("quadratic", (1.0, 1.0), 0.1, 0.9, 5)
    by_object, _, _ = averages.momentum_as_ema(surfaces.get("quadratic"), (1.0, 1.0), 0.1, 0.9, 5)
    np.testing.assert_array_equal(by_name, by_object)
    with pytest.raises(ValueError, match="surface"):
        averages.momentum_as_ema("no such surface", (1.0, 1.0), 0.1, 0.9, 5)
