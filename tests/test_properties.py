"""Property-based tests (hypothesis) of the contract every public core function keeps (issue 17):

    a correct, finite result, or a ValueError/TypeError whose message names the argument at fault.

Inputs are drawn from the kinds that broke things before: None, strings, bools, lists, ints, NaN, ±inf,
huge and negative numbers, empty arrays, float16/float32/float64 and integer arrays, RandomState and int
seeds where a Generator belongs.  derandomize=True makes every run draw the same examples (reproducible CI);
the whole file runs in well under a minute on 2 cores.
"""

import inspect
import math
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from course_lib import (
    activations,
    augment,
    data,
    ema,
    gradcheck,
    init,
    layers,
    losses,
    model,
    optim,
    preprocessing,
    schedules,
    surfaces,
    training,
)

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
FEW = settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

FLOAT_DTYPES = (np.float16, np.float32, np.float64)

# -- the kinds of bad input --------------------------------------------------------------------------------

junk = st.sampled_from([None, "abc", "", True, [], [1.0, "a"], {}, object(), 1j, b"x"])
odd_numbers = st.sampled_from([0, -1, 0.0, -0.5, 1e308, -1e308, math.inf, -math.inf, math.nan, 2.5])
any_number = st.one_of(st.integers(-5, 200), st.floats(allow_nan=True, allow_infinity=True), odd_numbers)
anything = st.one_of(junk, any_number)
bad_rngs = st.sampled_from([None, 0, 42, np.random.RandomState(0), "seed", 1.5])


def good_rng():
    return np.random.default_rng(0)


def float_arrays(min_dims=1, max_dims=2, max_side=5, bound=1e3, dtypes=FLOAT_DTYPES, min_side=1):
    """Finite float arrays of any of the float dtypes with |values| <= bound."""
    return st.sampled_from(dtypes).flatmap(lambda dt: hnp.arrays(
        dt, hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side),
        elements=st.floats(-bound, bound, allow_nan=False, width=np.dtype(dt).itemsize * 8)))


def names_of(fn):
    return [name for name in inspect.signature(fn).parameters if name not in ("self", "args", "kwargs")]


def contract(fn, *args, names=(), finite=True, overflow_ok=False, **kwargs):
    """Call fn; it must return (finite numbers, when finite=True) or raise ValueError/TypeError naming an
    argument (one of fn's parameters or `names`).  Warnings (overflow, invalid) count as failures unless
    overflow_ok (a legitimate overflow, such as a step with lr = 1e308).  Returns the result, or None when
    it raised."""
    allowed = list(names) + (names_of(fn) if callable(fn) and not isinstance(fn, type) else [])
    if isinstance(fn, type):
        allowed += names_of(fn.__init__)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            with np.errstate(**({"over": "ignore", "invalid": "ignore"} if overflow_ok else {})):
                result = fn(*args, **kwargs)
        except (ValueError, TypeError) as error:
            message = str(error)
            assert any(name in message for name in allowed), f"{_name(fn)}: {message!r} names none of {allowed}"
            return None
    if finite:
        assert_finite(result, fn)
    return result


def _name(fn):
    return getattr(fn, "__name__", repr(fn))


def assert_finite(result, fn):
    if isinstance(result, (tuple, list)):
        for item in result:
            assert_finite(item, fn)
    elif isinstance(result, (float, np.floating, np.ndarray)) and np.asarray(result).dtype.kind == "f":
        assert np.all(np.isfinite(result)), f"{_name(fn)} returned a non-finite result"


# -- activations and losses ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(activations.ACTIVATIONS))
@SETTINGS
@given(z=float_arrays())
def test_activations_finite_and_keep_the_dtype(name, z):
    f, f_grad = activations.get(name)
    for fn in (f, f_grad):
        out = contract(fn, z)
        assert out.shape == z.shape and out.dtype == z.dtype


@pytest.mark.parametrize("name", list(activations.ACTIVATIONS))
@FEW
@given(z=st.one_of(junk, st.lists(st.integers(-5, 5), max_size=3)))
def test_activations_on_junk(name, z):
    for fn in activations.get(name):
        contract(fn, z)


@SETTINGS
@given(p=float_arrays(bound=1.0).map(np.abs), data_=st.data())
def test_binary_cross_entropy_finite_in_every_dtype(p, data_):
    y = data_.draw(hnp.arrays(p.dtype, p.shape, elements=st.sampled_from([0.0, 1.0])))
    value, grad = contract(losses.binary_cross_entropy, p, y)
    assert value >= 0 and grad.dtype == p.dtype


@SETTINGS
@given(z=float_arrays(), data_=st.data())
def test_regression_and_logit_losses_finite(z, data_):
    y = data_.draw(hnp.arrays(z.dtype, z.shape, elements=st.sampled_from([0.0, 1.0])))
    for loss in (losses.mse, losses.binary_cross_entropy_with_logits):
        value, grad = contract(loss, z, y)
        assert value >= 0 and grad.shape == z.shape


@SETTINGS
@given(z=float_arrays(min_dims=2, max_dims=2), data_=st.data())
def test_softmax_cross_entropy_finite(z, data_):
    labels = data_.draw(hnp.arrays(np.int64, (z.shape[0],), elements=st.integers(0, z.shape[1] - 1)))
    value, grad = contract(losses.softmax_cross_entropy, z, labels)
    assert value >= 0 and np.allclose(grad.sum(axis=1), 0, atol=1e-2)


@pytest.mark.parametrize("loss", list(losses.LOSSES.values()))
@FEW
@given(a=st.one_of(junk, st.just(np.zeros((0, 2))), float_arrays()), b=st.one_of(junk, float_arrays()))
def test_losses_on_junk_and_empty(loss, a, b):
    contract(loss, a, b, names=("predictions", "labels", "y", "p", "z", "logits"))


@FEW
@given(eps=anything)
def test_bce_eps(eps):
    contract(losses.binary_cross_entropy, np.array([[0.5]]), np.array([[1.0]]), eps=eps)


# -- init, layers, model -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(init.INITIALIZERS))
@SETTINGS
@given(shape=st.one_of(st.tuples(st.integers(-2, 6), st.integers(-2, 6)), junk.map(lambda v: (v, 2))),
       rng=st.one_of(bad_rngs, st.just(None).map(lambda _: good_rng())))
def test_initializers(name, shape, rng):
    W = contract(init.get(name), shape, rng)
    if W is not None:
        assert W.shape == shape


@SETTINGS
@given(d_in=anything, d_out=st.integers(1, 4), rng=bad_rngs)
def test_dense_arguments(d_in, d_out, rng):
    contract(layers.Dense, d_in, d_out, rng=rng)


@SETTINGS
@given(x=st.one_of(float_arrays(min_dims=2, max_dims=2, max_side=3, bound=10), junk,
                   st.lists(st.lists(st.floats(-10, 10), min_size=3, max_size=3), min_size=1, max_size=3)))
def test_layers_forward_on_arrays_lists_and_junk(x):
    rng = good_rng()
    net = model.Sequential([layers.Dense(3, 4, rng=rng), layers.BatchNorm(4), layers.Activation("relu"),
                            layers.Dropout(0.5, rng=rng), layers.Dense(4, 2, rng=rng)])
    out = contract(net.predict, x, names=("x",))
    if out is not None:
        assert out.shape == (len(x), 2)
    out = contract(net.forward, x, names=("x",))
    if out is not None:
        assert np.all(np.isfinite(net.layers[1].buffers["running_mean"]))


@FEW
@given(state=st.one_of(junk, st.just({}), st.just({"dense.W": np.zeros((1, 1))})))
def test_set_state(state):
    net = model.Sequential([layers.Dense(2, 3, rng=good_rng())])
    contract(net.set_state, state)


@FEW
@given(drop=anything, momentum=anything, eps=anything)
def test_layer_hyperparameters(drop, momentum, eps):
    contract(layers.Dropout, drop, rng=good_rng())
    contract(layers.BatchNorm, 3, momentum=momentum)
    contract(layers.BatchNorm, 3, eps=eps)


# -- optim, schedules, ema -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(optim.RULES))
@SETTINGS
@given(lr=st.one_of(any_number, st.floats(1e-4, 1.0)), hyper=st.one_of(any_number, st.floats(0, 0.99)),
       w=float_arrays(dtypes=(np.float64,), bound=10))
def test_pure_rules(name, lr, hyper, w):
    rule = optim.RULES[name]
    key = {"sgd": None, "momentum": "momentum", "nesterov": "momentum", "adagrad": "eps", "rmsprop": "rho",
           "adam": "beta1"}[name]
    kwargs = {} if key is None else {key: hyper}
    state = None
    for _ in range(3):
        huge = isinstance(lr, (int, float)) and abs(lr) > 1e6
        out = contract(rule, w, np.ones_like(w), state, lr=lr, finite=not huge, overflow_ok=huge, **kwargs)
        if out is None:
            return
        w, state = out


@pytest.mark.parametrize("cls", [optim.SGD, optim.AdaGrad, optim.RMSProp, optim.Adam])
@SETTINGS
@given(lr=anything)
def test_optimizer_learning_rate(cls, lr):
    contract(cls, lr)


@pytest.mark.parametrize("factory, kwargs", [
    (schedules.constant, {}), (schedules.exponential_decay, {"decay_rate": 0.5, "decay_steps": 10}),
    (schedules.inverse_time_decay, {"decay_rate": 0.5, "decay_steps": 10}), (schedules.invscaling, {}),
])
@SETTINGS
@given(lr0=st.one_of(anything, st.floats(1e-6, 1.0)),
       t=st.one_of(anything, st.integers(0, 10**6), st.lists(st.integers(0, 100), max_size=4)))
def test_schedules(factory, kwargs, lr0, t):
    schedule = contract(factory, lr0, **kwargs)
    if schedule is not None:
        lr = contract(schedule, t)
        if lr is not None:
            assert np.all(np.asarray(lr) >= 0)


@SETTINGS
@given(values=st.one_of(float_arrays(dtypes=(np.float32, np.float64), max_side=6), junk),
       beta=st.one_of(anything, st.floats(0, 0.99)), window=st.one_of(anything, st.integers(1, 10**12)))
def test_averages(values, beta, window):
    contract(ema.ema, values, beta)
    contract(ema.ema, values, beta, bias_correction=True)
    contract(ema.simple_moving_average, values, window)
    contract(ema.weighted_moving_average, values, window)
    contract(ema.effective_window, beta)


# -- data, preprocessing, augment ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(data.TOY_SETS))
@SETTINGS
@given(n=st.one_of(anything, st.integers(1, 50)), noise=st.one_of(anything, st.floats(0, 1)),
       rng=st.one_of(bad_rngs, st.just(None).map(lambda _: good_rng())))
def test_toy_sets(name, n, noise, rng):
    out = contract(data.TOY_SETS[name], n, rng, noise=noise)
    if out is not None:
        X, y = out
        assert X.shape == (n, 2) and y.shape == (n,)



@pytest.mark.parametrize("cls", [preprocessing.MinMaxScaler, preprocessing.StandardScaler,
                                 preprocessing.UnitNormScaler])
@SETTINGS
@given(X=st.one_of(float_arrays(min_dims=2, max_dims=2, min_side=0), junk,
                   hnp.arrays(np.float64, (3, 2), elements=st.sampled_from([0.0, 1.0, math.nan, math.inf]))))
def test_scalers(cls, X):
    scaler = cls()
    contract(scaler.transform, X, names=("X",))                      # before fit: a ValueError
    out = contract(scaler.fit_transform, X, names=("X",))
    if out is not None:
        assert out.shape == X.shape


@SETTINGS
@given(value=anything)
def test_affine_builders(value):
    for fn, args in ((augment.translation, (value, 0.0)), (augment.rotation, (value,)),
                     (augment.shear, (value,)), (augment.scaling, (value,))):
        contract(fn, *args)


@SETTINGS
@given(value=anything, rng=st.one_of(bad_rngs, st.just(None).map(lambda _: good_rng())))
def test_random_augmentations(value, rng):
    image = np.arange(64.0).reshape(8, 8)
    contract(augment.random_affine, rng, max_rotation=value)
    contract(augment.random_affine, rng, max_translation=value)
    contract(augment.add_gaussian_noise, image, value, rng)
    contract(augment.salt_and_pepper, image, value, rng)
    contract(augment.time_mask, image, value, rng)
    contract(augment.char_insert, "hello", rng, n=value)
    contract(augment.centered, np.eye(3), (8,) if value is None else (8, 8), names=("shape",))


# -- surfaces, gradcheck, fit --------------------------------------------------------------------------------


@SETTINGS
@given(kappa=anything, angle=anything, w=st.one_of(junk, st.lists(st.floats(-5, 5), max_size=3)))
def test_surfaces(kappa, angle, w):
    surface = contract(surfaces.quadratic, kappa, angle, names=("condition_number", "angle"))
    if surface is not None:
        contract(surface.gradient, w)
        contract(surface, w, names=("w",))


@SETTINGS
@given(rule=st.sampled_from(list(optim.RULES)), lr=st.one_of(anything, st.floats(1e-4, 10)),
       x0=st.one_of(junk, st.tuples(st.floats(-3, 3), st.floats(-3, 3))))
def test_trajectories(rule, lr, x0):
    path = contract(surfaces.trajectory, rule, "rosenbrock", x0, 20, lr=lr, finite=False, names=("lr",))
    if path is not None:
        k = surfaces.diverged_at(path)
        assert np.all(np.isfinite(path[:k]))          # finite up to the recorded divergence


@SETTINGS
@given(x=st.one_of(junk, st.lists(st.floats(-3, 3), min_size=1, max_size=3), float_arrays(bound=3),
                   hnp.arrays(np.int64, 3, elements=st.integers(-3, 3))),
       h=st.one_of(anything, st.floats(1e-6, 1e-2)))
def test_numerical_gradient(x, h):
    def f(v):
        return float(np.sum(np.asarray(v, dtype=float) ** 2))

    original = np.array(x, copy=True) if isinstance(x, np.ndarray) else None
    grad = contract(gradcheck.numerical_gradient, f, x, h)
    if grad is not None:
        assert np.allclose(grad, 2 * original.astype(float), rtol=1e-2, atol=4 * h + 1e-2)


@FEW
@given(kwargs=st.fixed_dictionaries({}, optional={
    "optimizer": st.sampled_from([optim.Adam, "adam", None, optim.SGD(0.1)]),
    "callbacks": st.sampled_from([training.EarlyStopping(), None, [], "x"]),
    "validation_data": st.sampled_from([(None, None), None, "x"]),
    "rng": bad_rngs,
    "epochs": anything, "batch_size": anything, "l2": anything, "verbose": anything,
}), nan_row=st.booleans())
def test_fit_arguments(kwargs, nan_row):
    X, y = data.moons(20, good_rng())
    if nan_row:
        X[3, 1] = math.nan
    net = model.Sequential([layers.Dense(2, 3, rng=good_rng()), layers.Activation("tanh"),
                            layers.Dense(3, 2, rng=good_rng())])
    kwargs = {"rng": good_rng(), "epochs": 2, **kwargs}
    history = contract(training.fit, net, X, y, finite=False, **kwargs)
    if history is not None:
        assert not nan_row
        assert all(np.all(np.isfinite(v)) for v in history.history.values())


# -- the rest of the public core API, with arguments drawn from the bad kinds ---------------------------------


@SETTINGS
@given(a=anything, b=anything, rng=st.one_of(bad_rngs, st.just(None).map(lambda _: good_rng())))
def test_remaining_public_functions(a, b, rng):
    image = np.arange(16.0).reshape(4, 4)
    X = np.arange(12.0).reshape(6, 2)
    calls = [
        (data.circles, (10, rng), {"factor": a}), (data.spirals, (10, rng), {"n_classes": a, "turns": b}),
        (data.train_val_split, (X, np.arange(6), a, rng), {}),
        (ema.ema_weights, (a, b), {}),
        (augment.affine_transform, (image, np.eye(3)), {"fill": a}),
        (augment.augment_images, (image[None], rng), {"n_copies": a}),
        (augment.frequency_mask, (image, a, rng), {}),
        (augment.synthetic_spectrogram, (rng,), {"n_freq": a, "n_time": 8}),
        (augment.char_delete, ("hello", rng), {"n": a}), (augment.char_swap, ("hello", rng), {"n": a}),
        (augment.keyboard_substitute, ("hello", rng), {"n": a}), (augment.perturb_text, ("hello", rng), {"n": a}),
        (surfaces.rosenbrock, (a, b), {}),
        (training.EarlyStopping, (), {"patience": a, "min_delta": b}),
        (training.ReduceLROnPlateau, (), {"factor": a, "min_lr": b}),
        (preprocessing.MinMaxScaler, ((a, b),), {}),
        (layers.Activation, (a,), {}),
        (training.accuracy, (a, b), {}),
        (gradcheck.rel_error, (a, b), {}),
    ]
    for fn, args, kwargs in calls:
        contract(fn, *args, names=("feature_range", "outputs", "image", "images", "spec", "text", "activation",
                                   "n", "max_width"), overflow_ok=fn is gradcheck.rel_error, finite=False,
                 **kwargs)


@FEW
@given(l1=anything, l2=anything)
def test_penalty_and_evaluate(l1, l2):
    net = model.Sequential([layers.Dense(2, 3, rng=good_rng()), layers.Activation("tanh"),
                            layers.Dense(3, 2, rng=good_rng())])
    X, y = data.moons(10, good_rng())
    history = contract(training.fit, net, X, y, l1=l1, l2=l2, epochs=1, rng=good_rng(), finite=False)
    if history is not None and history.diverged:
        return                          # recorded (a huge penalty blows the weights up): nothing silent
    result = contract(training.evaluate, net, X, y)
    assert result is not None and np.isfinite(result["loss"])
