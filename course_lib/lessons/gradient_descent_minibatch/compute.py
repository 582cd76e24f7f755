"""Compute for the mini-batch notebook: batch sizes, the noise of a mini-batch gradient, and training runs
that differ only in the batch size or only in the learning-rate schedule.

Every run starts from the same initial weights and sees the rows in the same order of shuffles (both drawn
from the rng you pass), so two runs differ only in what is being compared.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from ... import losses as _losses
from ... import schedules as _schedules
from ... import training as _training
from ..._validate import non_negative, positive
from ...layers import Activation, Dense
from ...model import Sequential
from ...optim import SGD


def updates_per_epoch(n, batch_size):
    """Weight updates in one pass over n rows in batches of batch_size: ⌈n/B⌉ (the last batch may be smaller)."""
    n = positive("n", n, integer=True)
    batch_size = positive("batch_size", batch_size, integer=True)
    return math.ceil(n / batch_size)


def batch_size_grid(n):
    """The powers of two 1, 2, 4, ... below n, then n itself (batch gradient descent).  Returns a list of ints."""
    n = positive("n", n, integer=True)
    sizes = [2**k for k in range(n.bit_length()) if 2**k < n]
    return sizes + [n]


def small_mlp(d_in, d_out, rng, hidden=32):
    """The small network the notebook trains: Dense(d_in→hidden, He) → ReLU → Dense(hidden→d_out), logits out."""
    return Sequential([Dense(d_in, hidden, init="he_normal", rng=rng), Activation("relu"),
                       Dense(hidden, d_out, init="glorot_uniform", rng=rng)])


def per_example_gradients(model, X, y, loss="softmax_cross_entropy"):
    """The gradient of the loss of each row on its own, all parameters flattened.   X: (N, d) → G: (N, P).

    Row i is ∇J⁽ⁱ⁾(θ); their mean over the rows is the full-batch gradient ∇J(θ).
    """
    loss_fn = _losses.get(loss)
    X, y = np.asarray(X), np.asarray(y)
    rows = []
    for i in range(len(X)):
        outputs = model.forward(X[i : i + 1], train=True)
        _, d_outputs = loss_fn(outputs, y[i : i + 1])
        model.backward(d_outputs)
        rows.append(np.concatenate([grad.ravel() for _, _, grad in model.parameters()]))
    return np.array(rows)


def gradient_noise(G, batch_sizes, rng, n_draws=200):
    """Measured mean squared error of a mini-batch gradient: E‖g_B − g‖² for each B, from n_draws batches.

    G: (N, P) per-example gradients; g = mean of the rows; g_B = mean of B rows drawn without replacement
    (as one batch of a shuffled epoch).  Returns an array (len(batch_sizes),).
    """
    G = np.asarray(G, dtype=float)
    g = G.mean(axis=0)
    n = len(G)
    positive("n_draws", n_draws, integer=True)
    errors = []
    for B in batch_sizes:
        if not 1 <= B <= n:
            raise ValueError(f"batch_sizes must be in [1, {n}], got {B!r}")
        squared = [np.sum((G[rng.permutation(n)[:B]].mean(axis=0) - g) ** 2) for _ in range(n_draws)]
        errors.append(np.mean(squared))
    return np.array(errors)


def gradient_noise_theory(G, batch_sizes):
    """E‖g_B − g‖² = (tr Σ/B)·(N − B)/(N − 1) for B rows drawn without replacement.   G: (N, P) → (len(batch_sizes),).

    tr Σ = mean_i ‖g_i − g‖² is the spread of the per-example gradients; the last factor (the finite-
    population correction) is 1 for B = 1 and 0 for B = N.  For B ≪ N the noise's size √E‖g_B − g‖² falls
    like 1/√B.
    """
    G = np.asarray(G, dtype=float)
    n = len(G)
    trace = np.mean(np.sum((G - G.mean(axis=0)) ** 2, axis=1))
    B = np.asarray(batch_sizes, dtype=float)
    if np.any((B < 1) | (B > n)):
        raise ValueError(f"batch_sizes must be in [1, {n}], got {batch_sizes!r}")
    return trace / B * (n - B) / max(n - 1, 1)


class _TrainingLoss(_training.Callback):
    """Records the loss on the whole training set after every epoch (at inference, like evaluate)."""

    def __init__(self, X, y):
        self.X, self.y, self.values = X, y, []

    def on_epoch_end(self, epoch, logs, model, optimizer):
        self.values.append(_training.evaluate(model, self.X, self.y)["loss"])
        return False


def _seeds(rng):
    """Two generators that every run of a comparison rebuilds identically: (initial weights, shuffling)."""
    seed = int(rng.integers(2**63))
    return lambda: np.random.default_rng([seed, 0]), lambda: np.random.default_rng([seed, 1])


def batch_size_runs(X, y, batch_sizes, rng, epochs=5, lr=0.1, hidden=32):
    """Train small_mlp with plain SGD once per batch size, same initial weights, same lr.

    X: (N, d), y: (N,) integer labels.  Returns {B: dict(batch_loss (N_updates,), train_loss (epochs + 1,)
    = the loss on the whole training set before training and after each epoch, epoch_time (epochs,) in
    seconds, updates_per_epoch)}.  Wall times depend on the machine and vary run to run.
    """
    positive("epochs", epochs, integer=True)
    init_rng, shuffle_rng = _seeds(rng)
    n_classes = int(np.max(y)) + 1
    runs = {}
    for B in batch_sizes:
        model = small_mlp(X.shape[1], n_classes, init_rng(), hidden)
        recorder = _TrainingLoss(X, y)
        start = _training.evaluate(model, X, y)["loss"]
        history = _training.fit(model, X, y, optimizer=SGD(lr), epochs=epochs, batch_size=B, rng=shuffle_rng(),
                                callbacks=[recorder], record_batches=True)
        runs[B] = {"batch_loss": np.array(history.batch_loss),
                   "train_loss": np.array([start] + recorder.values[: history.epochs_run]),
                   "epoch_time": np.array(history["epoch_time"]),
                   "updates_per_epoch": updates_per_epoch(len(X), B)}
    return runs


def schedule_runs(X, y, lrs, rng, validation_data=None, epochs=20, batch_size=32, hidden=32, callbacks=None):
    """Train small_mlp with plain SGD once per learning rate or schedule, same weights and batch order.

    lrs: {name: a number or a schedule t -> lr (t = updates so far)}; callbacks: {name: [callbacks]} for
    some runs (e.g. ReduceLROnPlateau).  Returns {name: History} (see course_lib.training.fit).
    """
    init_rng, shuffle_rng = _seeds(rng)
    n_classes = int(np.max(y)) + 1
    callbacks = callbacks or {}
    runs = {}
    for name, lr in lrs.items():
        model = small_mlp(X.shape[1], n_classes, init_rng(), hidden)
        runs[name] = _training.fit(model, X, y, optimizer=SGD(lr), epochs=epochs, batch_size=batch_size,
                                   rng=shuffle_rng(), validation_data=validation_data,
                                   callbacks=callbacks.get(name, ()))
    return runs


def loss_after_updates(X, y, batch_size, n_updates, rng, lr=0.1, hidden=32):
    """Whole-training-set loss of small_mlp after its first n_updates SGD updates with batch_size rows.

    X: (N, d), y: (N,).  The weights and the shuffles come from rng as in batch_size_runs, and the rows are
    reshuffled every epoch as fit does, so these are the first n_updates updates of that run (an epoch
    boundary may fall in between: for B = N, 6 updates are 6 epochs; 0 updates gives the loss at the
    initial weights).  Returns a float.
    """
    non_negative("n_updates", n_updates, integer=True)
    init_rng, shuffle_rng = _seeds(rng)
    model = small_mlp(X.shape[1], int(np.max(y)) + 1, init_rng(), hidden)
    optimizer, shuffle = SGD(lr), shuffle_rng()
    per_epoch, done = updates_per_epoch(len(X), batch_size), 0
    while done < n_updates:
        order = shuffle.permutation(len(X))                    # the epoch's shuffle, as in fit
        k = min(per_epoch, n_updates - done)                   # the updates still to make in this epoch
        rows = order[: k * batch_size]
        _training.fit(model, X[rows], y[rows], optimizer=optimizer, epochs=1, batch_size=batch_size, shuffle=False)
        done += k
    return _training.evaluate(model, X, y)["loss"]


def loss_after_updates_over_seeds(X, y, batch_sizes, n_updates, seeds, lr=0.1):
    """loss_after_updates for each batch size and each seed (rng = default_rng(seed)).

    Returns {B: array (len(seeds),)}: one whole-training-set loss per initialisation.
    """
    return {B: np.array([loss_after_updates(X, y, B, n_updates, np.random.default_rng(seed), lr) for seed in seeds])
            for B in batch_sizes}


def final_values(runs_by_seed, key="val_accuracy"):
    """The last epoch's history[key] of every run, gathered over seeds.

    runs_by_seed: {seed: {name: History}} (schedule_runs once per seed).  Returns {name: array (n_seeds,)}.
    """
    names = list(next(iter(runs_by_seed.values())))
    return {name: np.array([runs[name][key][-1] for runs in runs_by_seed.values()]) for name in names}


@functools.lru_cache(maxsize=4)
def digits_batch_size_study(seed=0, n_train=512, epochs=6, lr=0.1):
    """batch_size_runs on n_train rows of the digits, for every batch size in batch_size_grid(n_train).

    Seeded (rng = default_rng(seed)) and cached, so the notebook and its explorer share one computation;
    do not modify what it returns.  Returns dict(batch_sizes=[...], runs={B: ...}, n_train, lr, epochs).
    """
    from ...data import digits, train_val_split

    rng = np.random.default_rng(seed)
    X, y = digits()
    X_train, y_train, _, _ = train_val_split(X, y, 1 - n_train / len(X), rng)
    sizes = batch_size_grid(len(X_train))
    return {"batch_sizes": sizes, "runs": batch_size_runs(X_train, y_train, sizes, rng, epochs=epochs, lr=lr),
            "n_train": len(X_train), "lr": lr, "epochs": epochs}


def loss_curve(run, per="update"):
    """(x, loss) of a run's whole-training-set loss: per="epoch" gives epochs 0..E with the loss before
    training first; per="update" gives the number of updates after each epoch (1..E) for a log axis."""
    loss = np.asarray(run["train_loss"])
    epochs = np.arange(len(loss))
    if per == "epoch":
        return epochs, loss
    if per != "update":
        raise ValueError(f"per must be one of 'update', 'epoch'; got {per!r}")
    return epochs[1:] * run["updates_per_epoch"], loss[1:]


def epoch_times(runs):
    """Median wall time of an epoch and of one update for every run.   runs: {B: run} (batch_size_runs).

    Returns {"batch_sizes": (n,) ints, "per_epoch": (n,) seconds, "per_update": (n,) seconds}."""
    per_epoch = np.array([np.median(run["epoch_time"]) for run in runs.values()])
    return {"batch_sizes": np.array(list(runs)), "per_epoch": per_epoch,
            "per_update": per_epoch / np.array([run["updates_per_epoch"] for run in runs.values()])}


def schedule_curves(t, lr0, decay_steps, exp_rate, inv_rate, power_t):
    """{name: α_t} for the schedules of course_lib.schedules (exponential and inverse time, smooth and staircase).

    t: (T,) steps → each value (T,).  The exponential decays share exp_rate, the inverse-time ones inv_rate.
    """
    return {
        "constant": _schedules.constant(lr0)(t),
        "exponential": _schedules.exponential_decay(lr0, exp_rate, decay_steps)(t),
        "exponential, staircase": _schedules.exponential_decay(lr0, exp_rate, decay_steps, staircase=True)(t),
        "inverse time": _schedules.inverse_time_decay(lr0, inv_rate, decay_steps)(t),
        "inverse time, staircase": _schedules.inverse_time_decay(lr0, inv_rate, decay_steps, staircase=True)(t),
        "invscaling": _schedules.invscaling(lr0, power_t)(t),
    }


def minibatch_sgd(X, y, grad, theta0, batch_size, epochs, lr, rng):
    """Mini-batch SGD with a reshuffle at the start of every epoch.  Returns the final θ, shape of theta0.

    grad(θ, X_batch, y_batch) → (len(X_batch), P): the gradient of each row's loss; a step follows their mean.
    Each epoch draws order = rng.permutation(N) and makes ⌈N/B⌉ updates on order[0:B], order[B:2B], ...;
    the last batch keeps the leftover rows.  Update t of an epoch uses batch t (not ⌊t/B⌋).
    """
    batch_size = positive("batch_size", batch_size, integer=True)
    epochs = non_negative("epochs", epochs, integer=True)
    n = len(X)
    theta = np.array(theta0, dtype=float)
    for _ in range(epochs):
        order = rng.permutation(n)                        # a new order every epoch
        for start in range(0, n, batch_size):             # ⌈N/B⌉ batches, the last one may be smaller
            rows = order[start : start + batch_size]
            theta = theta - lr * grad(theta, X[rows], y[rows]).mean(axis=0)
    return theta


def least_squares_gradients(theta, X, y):
    """Per-row gradients of ½(x·θ − y)²: (x·θ − y)·x.   θ: (P,), X: (B, P), y: (B,) → (B, P).

    Written with a row-wise product and sum (no matrix product), so the result does not depend on the BLAS.
    """
    residual = np.sum(X * theta, axis=1) - y
    return residual[:, None] * X


def least_squares_problem(n, d, seed):
    """A small regression problem: X (n, d) ~ N(0, 1), y = X·w + 0.1·noise with w = (1, −2, 3, ...)[:d].

    Returns (X, y, theta0 = zeros(d)).  Seeded, so a check can rebuild it exactly.
    """
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    w = np.array([(-1) ** k * (k + 1) for k in range(d)], dtype=float)
    y = np.sum(X * w, axis=1) + 0.1 * rng.standard_normal(n)
    return X, y, np.zeros(d)


# ----------------------------------------------------------------------------------------------------
# SGD on a noisy 1-D quadratic: why the rate must decay, and how it couples to the batch size
# ----------------------------------------------------------------------------------------------------


def noisy_quadratic_sgd(lr, steps, rng, lam=1.0, sigma=1.0, x0=10.0, batch_size=1, n_runs=400):
    """n_runs independent SGD runs on f(x) = λx²/2 whose gradient is seen with noise: g_t = λx_t + ξ_t.

    ξ_t is the mean of batch_size draws of N(0, σ²), so Var ξ_t = σ²/B.  lr is a number or a schedule
    t -> α_t (t = 0, 1, ...).  x_{t+1} = x_t − α_t·g_t, all runs from x0.  Returns x: (steps + 1, n_runs).
    """
    positive("steps", steps, integer=True)
    positive("lam", lam)
    non_negative("sigma", sigma)
    B = positive("batch_size", batch_size, integer=True)
    positive("n_runs", n_runs, integer=True)
    rates = np.array([lr(t) if callable(lr) else lr for t in range(steps)], dtype=float)
    if not np.all(np.isfinite(rates) & (rates >= 0)):
        raise ValueError(f"lr must be a number >= 0 or a schedule of such numbers, got {lr!r}")
    x = np.empty((steps + 1, n_runs))
    x[0] = x0
    for t in range(steps):
        draws = rng.standard_normal((B, n_runs))
        xi = draws[0].copy()
        for k in range(1, B):                      # the batch's mean noise, added row by row (same on every CPU)
            xi += draws[k]
        xi *= sigma / B
        x[t + 1] = x[t] - rates[t] * (lam * x[t] + xi)
    return x


def rms_distance(x):
    """The root-mean-square distance to the optimum 0 over the runs, at every step.  x: (T, runs) → (T,)."""
    return np.sqrt(np.mean(np.asarray(x, dtype=float) ** 2, axis=1))


def noise_ball(lr, lam, sigma, batch_size=1):
    """The RMS distance to the optimum at which constant-rate SGD on the noisy quadratic settles.

    From x_{t+1} = (1 − αλ)x_t − αξ_t:  E x² = (1 − αλ)²·E x² + α²σ²/B  ⇒  E x² = ασ²/(Bλ(2 − αλ)),
    for 0 < αλ < 2 (beyond, SGD diverges).  For αλ ≪ 1 this is about σ·√(α/(2λB)): it scales with α/B.
    """
    positive("lr", lr)
    positive("lam", lam)
    non_negative("sigma", sigma)
    positive("batch_size", batch_size, integer=True)
    if not lr * lam < 2:
        raise ValueError(f"lr·lam must be < 2 (beyond, SGD diverges), got {lr * lam!r}")
    return float(np.sqrt(lr * sigma**2 / (batch_size * lam * (2 - lr * lam))))
