"""Overfitting and regularization: bias and variance from many fits, L1 and L2 penalties, early stopping.

Bias and variance.  The true function is f(x) = sin(2πx) on [0, 1].  A training set is n points spread over
[0, 1] (one uniform point in each interval [i/n, (i+1)/n)) with y = f(x) + N(0, σ²) noise; we draw R of them
and fit a polynomial of degree c to each by least squares (a closed form, no gradient descent; Legendre
basis, which is well conditioned).  Over the R fits at each x:  E[(f̂ − f)²] = (E f̂ − f)² + Var f̂
(bias² + variance), and a new noisy point adds σ².

L1/L2 and early stopping train small nets with course_lib.training.fit; the runs behind the figures are
cached (functools.lru_cache) so an explorer's sliders only select among them.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np

from ... import data as _data
from ... import layers as _layers
from ... import model as _model
from ... import optim as _optim
from ... import training as _training
from ..._validate import in_range, non_negative, one_of, positive

# ----------------------------------------------------------------------------------------------------
# Bias and variance from many least-squares fits
# ----------------------------------------------------------------------------------------------------


def true_function(x):
    """The function the data come from: f(x) = sin(2πx).   x: any shape → same shape."""
    return np.sin(2 * np.pi * np.asarray(x, dtype=np.float64))


def resample(n_sets, n, noise, rng):
    """R = n_sets training sets of n points, one x in each [i/n, (i+1)/n), y = f(x) + N(0, noise²).  → (R, n)."""
    positive("n_sets", n_sets, integer=True)
    positive("n", n, integer=True)
    non_negative("noise", noise)
    x = (np.arange(n) + rng.uniform(0.0, 1.0, (n_sets, n))) / n
    return x, true_function(x) + noise * rng.normal(0.0, 1.0, (n_sets, n))


def design_matrix(x, degree):
    """Φ(x): Legendre polynomials P_0 … P_c of 2x − 1 (the span of 1, x, …, x^c).   x: (..., n) → (..., n, c + 1)."""
    non_negative("degree", degree, integer=True)
    return np.polynomial.legendre.legvander(2 * np.asarray(x, dtype=np.float64) - 1, degree)


def fit_many(x, y, x_eval, degree):
    """Least-squares polynomial fit of each training set, evaluated on x_eval and on its own x.

    x, y: (R, n);  x_eval: (M,) → (f̂ on x_eval: (R, M), f̂ on the training x: (R, n)).
    Each fit is  θ = Φ⁺ y  (Φ⁺ the pseudo-inverse: the minimum-norm solution when there are more
    parameters than points), computed for all R sets at once.
    """
    Phi = design_matrix(x, degree)                                         # (R, n, c + 1)
    theta = np.linalg.pinv(Phi) @ np.asarray(y, dtype=np.float64)[..., None]   # (R, c + 1, 1)
    return (design_matrix(x_eval, degree) @ theta)[..., 0], (Phi @ theta)[..., 0]


def bias_variance(f_hat, f):
    """Bias² and variance of R fits, averaged over x.   f_hat: (R, M) fits at M points, f: (M,) the truth.

    f̄ = mean_r f̂,  s² = Σ_r (f̂ − f̄)²/(R − 1)  (the variance, unbiased);
    bias² = mean_x [(f̄ − f)² − s²/R]: (f̄ − f)² alone overstates bias² by Var/R, because f̄ is itself an
    average of R noisy fits.  It can come out slightly negative when the true bias² is ≈ 0.
    Returns (bias2, variance, f̄ (M,));  bias2 + variance = mean_x mean_r (f̂ − f)² exactly.
    """
    f_hat = np.asarray(f_hat, dtype=np.float64)
    R = f_hat.shape[0]
    if R < 2:
        raise ValueError(f"f_hat must hold at least 2 fits (rows), got {R}")
    mean_fit = f_hat.mean(axis=0)
    s2 = np.sum((f_hat - mean_fit) ** 2, axis=0) / (R - 1)
    bias2 = float(np.mean((mean_fit - f) ** 2 - s2 / R))
    return bias2, float(np.mean(s2)), mean_fit


MAX_DEGREE = 12


@functools.lru_cache(maxsize=32)
def bias_variance_study(n_train=20, noise=0.3, max_degree=MAX_DEGREE, n_sets=100, n_kept=30, seed=0):
    """Fits of degree 0 … max_degree to the same n_sets training sets (cached: treat the arrays as read-only).

    Returns a dict: x_eval (M,), f_eval (M,), degrees (C,), fits (C, n_kept, M) the first n_kept fits
    (to draw), segments (C, n_kept, M, 2) the same as (x, y) points, mean_fit (C, M), x, y (n_kept, n)
    their training sets, and over all n_sets fits: bias2, variance, train_error (mean training MSE),
    test_error = bias2 + variance + noise² (the expected squared error on a new noisy point)  (C,).
    """
    positive("n_train", n_train, integer=True)
    non_negative("max_degree", max_degree, integer=True)
    in_range("n_kept", n_kept, 1, n_sets)
    rng = np.random.default_rng(seed)
    x, y = resample(n_sets, n_train, noise, rng)
    x_eval = (np.arange(200) + 0.5) / 200           # cell midpoints: means over them approximate ∫₀¹ … dx
    f_eval = true_function(x_eval)
    degrees = np.arange(max_degree + 1)
    fits = np.empty((len(degrees), n_kept, len(x_eval)))
    mean_fit = np.empty((len(degrees), len(x_eval)))
    bias2, variance, train_error = (np.empty(len(degrees)) for _ in range(3))
    for c in degrees:
        f_hat, fit_train = fit_many(x, y, x_eval, c)
        bias2[c], variance[c], mean_fit[c] = bias_variance(f_hat, f_eval)
        fits[c] = f_hat[:n_kept]
        train_error[c] = np.mean((fit_train - y) ** 2)
    # the drawn fits as LineCollection segments, (C, n_kept, M, 2): precomputed, so a slider only selects
    segments = np.stack([np.broadcast_to(x_eval, fits.shape), fits], axis=-1)
    return {"x_eval": x_eval, "f_eval": f_eval, "degrees": degrees, "fits": fits, "mean_fit": mean_fit,
            "segments": segments,
            "x": x[:n_kept], "y": y[:n_kept], "bias2": bias2, "variance": variance, "train_error": train_error,
            "test_error": bias2 + variance + noise**2, "noise": noise, "n_sets": n_sets}


# ----------------------------------------------------------------------------------------------------
# L1 and L2 penalties
# ----------------------------------------------------------------------------------------------------

PENALTIES = ("l1", "l2")
LAMBDAS = tuple(float(v) for v in 10.0 ** np.arange(-4.0, -0.99, 0.5))   # 1e-4, 3.2e-4, …, 1e-1
ZERO_THRESHOLD = 1e-2         # |w| below this counts as "zero" (the L1 subgradient jitters around 0)
WEIGHT_BINS = np.linspace(-1.21, 1.21, 122)     # 0.02 wide, the middle bin is |w| < 0.01 = ZERO_THRESHOLD;
                                                # weights beyond ±1.2 (a few) are counted in the end bins


def l1_subgradient(W, lam):
    """A subgradient of λ·Σ|W|:  λ·sign(W) (0 at W = 0).   W: any shape."""
    return lam * np.sign(W)


def soft_threshold(w, t):
    """The proximal step of t·|w|:  sign(w)·max(|w| − t, 0).   Shrinks by t and stops at exactly 0."""
    non_negative("t", t)
    w = np.asarray(w, dtype=np.float64)
    return np.sign(w) * np.maximum(np.abs(w) - t, 0.0) + 0.0       # + 0.0 turns −0.0 into 0.0


def fraction_near_zero(w, threshold=ZERO_THRESHOLD):
    """The fraction of entries with |w| < threshold."""
    positive("threshold", threshold)
    return float(np.mean(np.abs(np.asarray(w)) < threshold))


def sparse_regression(n, d, n_informative, rng, noise=0.5):
    """Linear data y = X·w_true + noise with only the first n_informative weights non-zero.

    → X: (n, d) standard normal, y: (n,), w_true: (d,) (informative weights ±(1 … 2)).
    """
    positive("n", n, integer=True)
    positive("d", d, integer=True)
    in_range("n_informative", n_informative, 0, d)
    w_true = np.zeros(d)
    w_true[:n_informative] = rng.choice([-1.0, 1.0], n_informative) * rng.uniform(1.0, 2.0, n_informative)
    X = rng.normal(size=(n, d))
    return X, X @ w_true + rng.normal(0.0, noise, n), w_true


def lasso_paths(X, y, lam, lr, steps, method="proximal"):
    """Gradient descent on  (1/2n)·‖Xw − y‖² + λ·Σ|w|  from w = 0.   → weights after each step: (steps + 1, d).

    subgradient:  w ← w − α·(∇data + λ·sign(w))   (overshoots 0 and jitters around it by about α·λ)
    proximal:     w ← soft_threshold(w − α·∇data, α·λ)   (ISTA: lands on exactly 0)
    """
    one_of("method", method, ("subgradient", "proximal"))
    non_negative("lam", lam)
    positive("lr", lr)
    positive("steps", steps, integer=True)
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    n = len(y)
    w = np.zeros(X.shape[1])
    path = [w]
    for _ in range(steps):
        g = X.T @ (X @ w - y) / n
        if method == "subgradient":
            w = w - lr * (g + l1_subgradient(w, lam))
        else:
            w = soft_threshold(w - lr * g, lr * lam)
        path.append(w)
    return np.array(path)


def _digits_split(n_train, n_val, seed):
    """Train / validation / test rows of the 8×8 digits (the test set is everything left)."""
    X, y = _data.digits()
    order = np.random.default_rng(seed).permutation(len(X))
    train, val, test = order[:n_train], order[n_train:n_train + n_val], order[n_train + n_val:]
    return X[train], y[train], X[val], y[val], X[test], y[test]


def digits_mlp(hidden, seed, nudge=0.0):
    """64 → hidden (ReLU, He uniform) → 10 logits, its weights drawn from seed (then scaled by 1 + nudge)."""
    rng = np.random.default_rng(seed)
    net = _model.Sequential([_layers.Dense(64, hidden, "he_uniform", rng=rng), _layers.Activation("relu"),
                             _layers.Dense(hidden, 10, "glorot_uniform", rng=rng)])
    for W in _training.dense_weights(net):
        W *= 1.0 + nudge
    return net


# Runs of regularization_study whose final weights depend on round-off: nudging the initial weights by a
# relative 1e-12 moves some weights by up to 0.02 (the weights hopping around 0 under a strong L1 subgradient
# amplify any difference; tests/test_overfitting.py checks it).  Their |w| statistics differ from one computer
# to the next, so the notebook does not print them.
CHAOTIC = (("l1", 10.0**-1.5),)


def is_chaotic(penalty, lam):
    """True for a run of regularization_study listed in CHAOTIC (its |w| statistics depend on round-off)."""
    return any(penalty == name and np.isclose(lam, value) for name, value in CHAOTIC)


@functools.lru_cache(maxsize=4)
def regularization_study(lams=LAMBDAS, n_train=150, n_val=300, hidden=32, epochs=60, batch_size=50, lr=0.1,
                         seed=0, nudge=0.0):
    """Train the same digits MLP with L1 and with L2 at every λ in lams, and once with λ = 0 (cached).

    SGD with momentum 0.9, lr, on n_train digits; validation on n_val others.  Returns a dict:
    lams (L,), baseline: dict for λ = 0, and for "l1"/"l2": weights (L, P) all Dense weights flattened,
    val_loss, val_accuracy, train_loss (data loss at inference), penalty, near_zero (the fraction of
    |w| < ZERO_THRESHOLD), median_abs and p90_abs (the median and 90th percentile of |w|)  (L,).
    nudge scales the initial weights by 1 + nudge (to measure how much round-off moves the results).
    """
    lams = tuple(float(positive("lam", lam)) for lam in lams)
    X, y, X_val, y_val, _, _ = _digits_split(n_train, n_val, seed)

    def run(**penalty):
        net = digits_mlp(hidden, seed, nudge)
        history = _training.fit(net, X, y, optimizer=_optim.SGD(lr, momentum=0.9), epochs=epochs,
                                batch_size=batch_size, validation_data=(X_val, y_val),
                                rng=np.random.default_rng(seed + 1), **penalty)
        w = np.concatenate([W.ravel() for W in _training.dense_weights(net)])
        return {"weights": w, "val_loss": history["val_loss"][-1], "val_accuracy": history["val_accuracy"][-1],
                "train_loss": _training.evaluate(net, X, y)["loss"], "penalty": history["penalty"][-1],
                "near_zero": fraction_near_zero(w), "median_abs": float(np.median(np.abs(w))),
                "p90_abs": float(np.quantile(np.abs(w), 0.9))}

    study = {"lams": np.array(lams), "baseline": run()}
    for name in PENALTIES:
        runs = [run(**{name: lam}) for lam in lams]
        study[name] = {key: np.array([r[key] for r in runs]) for key in runs[0]}
    return study


def nearest_lambda(lams, lam):
    """The index of the λ of lams nearest lam on a log scale."""
    return int(np.argmin(np.abs(np.log(lams) - np.log(lam))))


def weight_histograms(study, i, bins=WEIGHT_BINS):
    """The histogram of each penalty's weights at the i-th λ of regularization_study (beyond the bins: the end
    bins).   → {"l1"/"l2": (B,) counts}."""
    return {name: np.histogram(np.clip(study[name]["weights"][i], bins[0], bins[-1]), bins)[0].astype(float)
            for name in PENALTIES}


# ----------------------------------------------------------------------------------------------------
# Early stopping
# ----------------------------------------------------------------------------------------------------


class StopPoint(NamedTuple):
    """Where early stopping ends.  Epochs count from 1, as in course_lib.training (epoch k is index k − 1)."""

    stop: int        # the last epoch trained
    best: int        # the epoch with the best monitored value up to `stop`
    stopped: bool    # True if patience ran out (then the weights of `best` are restored)
    kept: int        # whose weights the model ends with: best if stopped, else the last epoch (Keras 2's rule)


def early_stopping_point(val_losses, patience, min_delta=0.0):
    """Replay EarlyStopping(monitor="val_loss", patience, min_delta) on a recorded curve.   val_losses: (E,).

    Epochs count from 1: val_losses[k − 1] is epoch k.  An epoch improves when its value < best − min_delta;
    after `patience` epochs in a row without improvement training stops and the best weights are restored.
    If the curve ends first, the last weights are kept (as course_lib.training and Keras 2 do; Keras 3
    restores the best weights at the end of training in that case too).
    """
    non_negative("patience", patience, integer=True)
    non_negative("min_delta", min_delta)
    values = np.asarray(val_losses, dtype=np.float64)
    if values.ndim != 1 or len(values) == 0:
        raise ValueError(f"val_losses must be a non-empty 1-D sequence, got shape {values.shape}")
    best_value, best, wait = np.inf, None, 0
    for epoch, value in enumerate(values, start=1):
        if value < best_value - min_delta:
            best_value, best, wait = value, epoch, 0
            continue
        wait += 1
        if wait >= patience and best is not None:
            return StopPoint(epoch, best, True, best)
    last = len(values)
    return StopPoint(last, last if best is None else best, False, last)


def textbook_curves(epochs=100):
    """The curves of the textbook picture: smooth training loss going down, validation loss a U.   → t, train, val."""
    positive("epochs", epochs, integer=True)
    t = np.arange(epochs, dtype=np.float64)
    train = 0.05 + 0.65 * np.exp(-t / 12)
    val = 0.25 + 0.55 * np.exp(-t / 10) + 0.004 * t
    return t, train, val


def early_stopping_curves(epochs=120):
    """The two curves of the early-stopping figures: {"expectation": textbook_curves, "reality":
    early_stopping_study}, each (validation loss, training loss), (epochs,) each."""
    _, train_smooth, val_smooth = textbook_curves(epochs)
    real = early_stopping_study(epochs)
    return {"expectation": (val_smooth, train_smooth), "reality": (real["val_loss"], real["loss"])}


def moons_mlp(seed, hidden=64):
    """2 → hidden → hidden → 2 (ReLU, He uniform): big enough to memorise a small noisy moons set."""
    rng = np.random.default_rng(seed)
    return _model.Sequential([_layers.Dense(2, hidden, "he_uniform", rng=rng), _layers.Activation("relu"),
                              _layers.Dense(hidden, hidden, "he_uniform", rng=rng), _layers.Activation("relu"),
                              _layers.Dense(hidden, 2, "glorot_uniform", rng=rng)])


def _moons_sets(seed, n=100, val_fraction=0.3, n_test=2000, noise=0.3):
    rng = np.random.default_rng(seed)
    X, y = _data.moons(n, rng, noise=noise)
    X_test, y_test = _data.moons(n_test, rng, noise=noise)
    X_train, y_train, X_val, y_val = _data.train_val_split(X, y, val_fraction, rng)
    return X_train, y_train, X_val, y_val, X_test, y_test


def _train_moons(X, y, epochs, seed, validation_data=None, callbacks=()):
    net = moons_mlp(seed)
    history = _training.fit(net, X, y, optimizer=_optim.Adam(0.005), epochs=epochs, batch_size=16,
                            validation_data=validation_data, rng=np.random.default_rng(seed + 1),
                            callbacks=callbacks)
    return net, history


@functools.lru_cache(maxsize=4)
def early_stopping_study(epochs=120, seed=0):
    """A real run on 70 noisy moons points (30 for validation), all epochs recorded (cached; read-only).

    Returns a dict of per-epoch arrays: loss (training, as fit records it), val_loss, val_accuracy; and
    test_loss and test_accuracy, on 2000 new points, of the model after the last epoch.
    """
    X, y, X_val, y_val, X_test, y_test = _moons_sets(seed)
    net, history = _train_moons(X, y, epochs, seed, validation_data=(X_val, y_val))
    study = {key: np.array(history[key]) for key in ("loss", "val_loss", "val_accuracy")}
    scores = _training.evaluate(net, X_test, y_test)                      # after the last epoch
    study["test_loss"], study["test_accuracy"] = scores["loss"], scores["accuracy"]
    return study


def early_stopping_then_retrain(patience, epochs=120, seed=0):
    """The recipe of deck 000: early stopping with patience, then (optionally) retraining on train + validation.

    Trains with EarlyStopping(patience) (restoring the best weights), then a fresh net on train + validation
    for as many epochs as the kept weights had.  Returns a dict: epochs, best_epoch, stopped_epoch (counted
    from 1), stopped, retrain_epochs, and the test loss and accuracy (2000 new points) of the restored model
    ("restored_loss", "restored_accuracy"), of the retrained one ("retrained_…") and of the model after all
    `epochs` without early stopping ("no_stopping_…").
    """
    X, y, X_val, y_val, X_test, y_test = _moons_sets(seed)
    stopper = _training.EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True)
    net, history = _train_moons(X, y, epochs, seed, validation_data=(X_val, y_val), callbacks=[stopper])
    kept = history.best_epoch if history.best_epoch is not None else history.epochs_run
    retrained, _ = _train_moons(np.concatenate([X, X_val]), np.concatenate([y, y_val]), kept, seed)
    study = early_stopping_study(epochs, seed)
    result = {"epochs": epochs, "best_epoch": stopper.best_epoch, "stopped_epoch": history.epochs_run,
              "stopped": history.stopped_early, "retrain_epochs": kept,
              "no_stopping_loss": study["test_loss"], "no_stopping_accuracy": study["test_accuracy"]}
    for name, trained in (("restored", net), ("retrained", retrained)):
        scores = _training.evaluate(trained, X_test, y_test)
        result[f"{name}_loss"], result[f"{name}_accuracy"] = scores["loss"], scores["accuracy"]
    return result
