"""Batch normalisation, studied: the backward pass term by term, running statistics for inference, where to
put the layer, and a deep sigmoid network trained with and without it.

The layer itself is course_lib.layers.BatchNorm; this module takes it apart and experiments with it.
Forward, for one feature over a batch x_1 … x_m:
    μ = (1/m)·Σ x_i,   σ² = (1/m)·Σ (x_i − μ)²  (biased),   x̂_i = (x_i − μ)/√(σ² + ε),   y_i = γ·x̂_i + β.
"""

from __future__ import annotations

import functools

import numpy as np

from ... import init as _init
from ..._validate import in_range, in_unit_interval, one_of, positive
from ...activations import sigmoid
from ...gradcheck import numerical_gradient, rel_error
from ...layers import Activation, BatchNorm, Dense
from ...model import Sequential

PLACEMENTS = ("none", "before", "after")     # no batch norm; BN before the sigmoid; BN after it
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
LRS = tuple(10.0 ** np.arange(-1.0, 0.6, 0.5))             # 0.1, 0.32, 1, 3.2
WEIGHT_STDS = (0.01, 0.1, 1.0)


# ----------------------------------------------------------------------------------------------------
# The backward pass, term by term
# ----------------------------------------------------------------------------------------------------


def backward_terms(x, dy, gamma, eps=1e-5):
    """Every term of the batch-norm backward pass, named as in the derivation.   x, dy: (m, d); gamma: (d,).

    ∂L/∂x̂_i = ∂L/∂y_i·γ
    ∂L/∂σ²  = Σ_i ∂L/∂x̂_i·(x_i − μ)·(−½)·(σ² + ε)^(−3/2)
    ∂L/∂μ   = Σ_i ∂L/∂x̂_i·(−1/√(σ² + ε))  +  ∂L/∂σ²·Σ_i −2(x_i − μ)/m      (the second term is 0)
    ∂L/∂x_i = ∂L/∂x̂_i/√(σ² + ε) + ∂L/∂σ²·2(x_i − μ)/m + ∂L/∂μ/m
    ∂L/∂γ   = Σ_i ∂L/∂y_i·x̂_i,     ∂L/∂β = Σ_i ∂L/∂y_i
    Returns a dict: mu, var, x_hat, dx_hat, dvar, dmu_direct, dmu_through_var, dmu, dx, dgamma, dbeta.
    """
    x, dy = np.asarray(x, dtype=float), np.asarray(dy, dtype=float)
    m = x.shape[0]
    mu = x.mean(axis=0)
    var = x.var(axis=0)                                         # biased: divides by m
    inv_std = 1 / np.sqrt(var + eps)
    x_hat = (x - mu) * inv_std
    dx_hat = dy * gamma
    dvar = np.sum(dx_hat * (x - mu), axis=0) * -0.5 * inv_std**3
    dmu_direct = np.sum(-dx_hat * inv_std, axis=0)              # μ inside x̂
    dmu_through_var = dvar * np.sum(-2 * (x - mu), axis=0) / m  # μ inside σ²: Σ(x_i − μ) = 0
    dmu = dmu_direct + dmu_through_var
    dx = dx_hat * inv_std + dvar * 2 * (x - mu) / m + dmu / m
    return {"mu": mu, "var": var, "x_hat": x_hat, "dx_hat": dx_hat, "dvar": dvar, "dmu_direct": dmu_direct,
            "dmu_through_var": dmu_through_var, "dmu": dmu, "dx": dx,
            "dgamma": np.sum(dy * x_hat, axis=0), "dbeta": np.sum(dy, axis=0)}


def deck_dx(x, dy, gamma, eps=1e-5):
    """∂L/∂x as some slides print it, with 2·x_i/m where 2·(x_i − μ)/m belongs.  Wrong unless μ = 0.   → (m, d)."""
    t = backward_terms(x, dy, gamma, eps)
    m = np.shape(x)[0]
    return t["dx_hat"] / np.sqrt(t["var"] + eps) + t["dvar"] * 2 * np.asarray(x) / m + t["dmu"] / m


def dx_error(dx_fn, x, rng, gamma=None, beta=None, eps=1e-5):
    """rel_error between dx_fn(x, dy, gamma, eps) and central differences of L = Σ y·dy, y = BatchNorm(x).

    x: (m, d); dy ~ N(0, 1) drawn from rng; gamma, beta: (d,) (default ones and zeros).   → float.
    """
    x = np.array(x, dtype=float)
    layer = BatchNorm(x.shape[1], eps=eps)
    if gamma is not None:
        layer.params["gamma"][...] = gamma
    if beta is not None:
        layer.params["beta"][...] = beta
    dy = rng.normal(size=x.shape)
    numeric = numerical_gradient(lambda v: float(np.sum(layer.forward(v, train=True) * dy)), x)
    return rel_error(dx_fn(x, dy, layer.params["gamma"], eps), numeric)


def gradcheck_comparison(x, layer_errors, rng):
    """Relative errors against finite differences of: the layer's dx and dgamma (layer_errors, from
    gradcheck.check_layer), the derivation's dx (backward_terms), and the slide formula's dx on the batch
    centred (mean 0) and as it is.   → {key: error}, keys as in figures.GRADCHECK_LABELS."""
    return {"layer_dx": layer_errors["x"], "layer_dgamma": layer_errors["gamma"],
            "derivation_dx": dx_error(lambda *a: backward_terms(*a)["dx"], x, rng),
            "deck_centred": dx_error(deck_dx, x - x.mean(axis=0), rng),
            "deck_raw": dx_error(deck_dx, x, rng)}


# ----------------------------------------------------------------------------------------------------
# Running statistics: what inference uses
# ----------------------------------------------------------------------------------------------------


def running_statistics(rng, steps=300, batch_size=32, momentum=0.9, mean=3.0, std=2.0):
    """The batch statistics and running averages a BatchNorm(1) layer sees on `steps` batches x ~ N(mean, std²).

    running ← momentum·running + (1 − momentum)·(batch value), from running_mean = 0 and running_var = 1, so
    running_mean = EMA(batch means) and running_var = momentumᵗ + EMA(batch variances) (course_lib.ema.ema,
    which starts from 0); the tests check that a BatchNorm layer fed the same batches holds these values.
    Returns a dict of arrays: batches (steps, batch_size), batch_mean, batch_var (biased), running_mean,
    running_var (steps,), the running values after each step.
    """
    from ...ema import ema

    positive("steps", steps, integer=True)
    in_range("batch_size", batch_size, 2, 10**6)
    in_unit_interval("momentum", momentum)
    positive("std", std)
    batches = rng.normal(mean, std, size=(steps, batch_size))
    batch_mean, batch_var = batches.mean(axis=1), batches.var(axis=1)      # biased variance, as the layer
    t = np.arange(1, steps + 1)
    return {"batches": batches, "batch_mean": batch_mean, "batch_var": batch_var,
            "running_mean": ema(batch_mean, momentum), "running_var": momentum**t + ema(batch_var, momentum)}


def ema_window(momentum):
    """The number of recent steps an EMA with this momentum mostly averages: 1/(1 − momentum)."""
    return 1 / (1 - momentum)


@functools.lru_cache(maxsize=32)
def cached_running_statistics(momentum, batch_size, steps=300, mean=3.0, std=2.0, seed=0):
    """running_statistics(np.random.default_rng(seed), …), computed once per setting (an explorer revisits
    settings; the cache key needs an integer seed, not a Generator).  Treat the result as read-only."""
    return running_statistics(np.random.default_rng(seed), steps, batch_size, momentum, mean, std)


def train_and_inference_outputs(x, running_mean, running_var, eps=1e-5):
    """One batch through BatchNorm (γ = 1, β = 0) both ways.   x: (m, d) → (y_train, y_infer), each (m, d).

    y_train normalises with the batch's own μ and σ²; y_infer with the running mean and variance.
    """
    x = np.asarray(x, dtype=float)
    layer = BatchNorm(x.shape[1], eps=eps)
    layer.buffers["running_mean"][...] = running_mean
    layer.buffers["running_var"][...] = running_var
    y_infer = layer.forward(x, train=False)
    y_train = layer.forward(x, train=True)
    return y_train, y_infer


# ----------------------------------------------------------------------------------------------------
# A deep sigmoid network, with batch norm before or after each sigmoid, or without
# ----------------------------------------------------------------------------------------------------


def sigmoid_mlp(d_in, d_out, depth, width, weight_std, rng, placement="none", momentum=0.9):
    """depth × [Dense (W ~ N(0, weight_std²)) → (BN) → sigmoid → (BN)], then Dense(width → d_out) (Glorot).

    placement "none": no batch norm; "before": BN between Dense and sigmoid; "after": BN after the sigmoid.
    """
    positive("depth", depth, integer=True)
    positive("width", width, integer=True)
    positive("weight_std", weight_std)
    one_of("placement", placement, PLACEMENTS)
    layers, d = [], d_in
    for _ in range(depth):
        layers.append(Dense(d, width, init=_init.normal(weight_std), rng=rng))
        if placement == "before":
            layers.append(BatchNorm(width, momentum=momentum))
        layers.append(Activation("sigmoid"))
        if placement == "after":
            layers.append(BatchNorm(width, momentum=momentum))
        d = width
    layers.append(Dense(d, d_out, init="glorot_uniform", rng=rng))
    return Sequential(layers)


def sigmoid_inputs(model, X, train=True):
    """The input z of every sigmoid layer for the batch X, in order.   → list of (N, width) arrays.

    With train=True batch norm uses the batch's statistics, as during training; the running statistics
    are put back afterwards, so looking does not change the model.
    """
    state = model.get_state() if train else None
    inputs, x = [], np.asarray(X, dtype=float)
    for layer in model.layers:
        if isinstance(layer, Activation) and layer.name_ == "sigmoid":
            inputs.append(x)
        x = layer.forward(x, train=train)
    if state is not None:
        model.set_state(state)
    return inputs


def saturated_fraction(z, margin=0.05):
    """Fraction of entries where the sigmoid is saturated: σ(z) < margin or σ(z) > 1 − margin.   z: any → float."""
    s = sigmoid(np.asarray(z))
    return float(np.mean((s < margin) | (s > 1 - margin)))


def train_sigmoid_net(X, y, rng, *, lr, weight_std, placement="none", depth=8, width=32, epochs=8,
                      batch_size=64, probe=None, unit=0):
    """SGD on a deep sigmoid net (softmax cross-entropy; rng draws the weights, then shuffles).   → dict:

    batch_loss (steps,): the loss of every update (NaN after a divergence);
    quantiles (epochs + 1, depth, 5): QUANTILES of unit `unit`'s sigmoid input z in every hidden layer, on the
    rows `probe` of X (default: all), before training and after each epoch (NaN after a divergence);
    saturated (epochs + 1, depth): saturated_fraction of all sigmoid inputs on the probe rows;
    diverged (bool).
    """
    from ...optim import SGD
    from ...training import Callback, fit

    positive("lr", lr)
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    model = sigmoid_mlp(X.shape[1], int(y.max()) + 1, depth, width, weight_std, rng, placement)
    X_probe = X if probe is None else X[probe]
    quantiles = np.full((epochs + 1, depth, len(QUANTILES)), np.nan)
    saturated = np.full((epochs + 1, depth), np.nan)

    def record(row):
        with np.errstate(over="ignore", invalid="ignore"):
            for layer_index, z in enumerate(sigmoid_inputs(model, X_probe, train=True)):
                if np.all(np.isfinite(z)):
                    quantiles[row, layer_index] = np.quantile(z[:, unit], QUANTILES)
                    saturated[row, layer_index] = saturated_fraction(z)

    class Probe(Callback):
        def on_epoch_end(self, epoch, logs, model_, optimizer):
            record(epoch)
            return False

    record(0)
    history = fit(model, X, y, loss="softmax_cross_entropy", optimizer=SGD(lr), epochs=epochs,
                  batch_size=batch_size, rng=rng, callbacks=(Probe(),), record_batches=True)
    steps_per_epoch = int(np.ceil(len(X) / batch_size))
    batch_loss = np.full(epochs * steps_per_epoch, np.nan)
    recorded = np.asarray(history.batch_loss, dtype=float)[: len(batch_loss)]
    finite = np.isfinite(recorded)
    n_good = len(recorded) if finite.all() else int(np.argmin(finite))
    batch_loss[:n_good] = recorded[:n_good]
    if history.diverged:
        quantiles[history.epochs_run + 1:] = np.nan
        saturated[history.epochs_run + 1:] = np.nan
    return {"batch_loss": batch_loss, "quantiles": quantiles, "saturated": saturated,
            "diverged": bool(history.diverged)}


def digits_subset(rng, n=512):
    """n random digits (X in [0, 1], (n, 64); y (n,)) for quick experiments."""
    from ...data import digits

    X, y = digits()
    in_range("n", n, 10, len(X))
    rows = rng.permutation(len(X))[:n]
    return X[rows], y[rows]


def sigmoid_grid(rng, lrs=LRS, weight_stds=WEIGHT_STDS, placements=("none", "before"), n_train=512,
                 n_probe=128, **train_kwargs):
    """train_sigmoid_net for every (placement, lr, weight_std), on one digits subset.   → {(placement, lr, std): run}.

    All runs share the data, the pattern of initial weights (drawn from the same seed, scaled by weight_std)
    and the order of the mini-batches, so they differ only in the settings.
    """
    X, y = digits_subset(rng, n_train)
    seed = int(rng.integers(2**32))
    probe = np.arange(min(n_probe, n_train))
    return {(placement, lr, std): train_sigmoid_net(X, y, np.random.default_rng(seed), lr=lr, weight_std=std,
                                                    placement=placement, probe=probe, **train_kwargs)
            for placement in placements for lr in lrs for std in weight_stds}


@functools.lru_cache(maxsize=1)
def default_grid():
    """sigmoid_grid(np.random.default_rng(0)) with the default settings, computed once per session (the explorer
    and the notebook share it).  Treat the result as read-only."""
    return sigmoid_grid(np.random.default_rng(0))


def nearest(value, grid):
    """The grid value nearest to `value` on a log scale (sliders can land between grid points)."""
    grid = np.asarray(grid)
    return grid[np.argmin(np.abs(np.log(grid) - np.log(value)))]


def last_updates_loss(run, n=8):
    """Mean training loss of the last n updates of a train_sigmoid_net run.   → float."""
    return float(np.mean(run["batch_loss"][-n:]))


def placement_study(n_seeds=5, lr=1.0, weight_stds=(0.1, 1.0), **train_kwargs):
    """The three placements (PLACEMENTS) on n_seeds digit subsets and initialisations (seeds 0 … n_seeds − 1).

    Seed k is sigmoid_grid(np.random.default_rng(k), …), so seed 0 repeats default_grid's runs.
    Returns {(placement, weight_std): {"loss": (n_seeds,) last_updates_loss, "saturated_start": (n_seeds,)
    saturated fraction of all sigmoid inputs before training}}.
    """
    positive("n_seeds", n_seeds, integer=True)
    out = {(p, s): {"loss": [], "saturated_start": []} for p in PLACEMENTS for s in weight_stds}
    for seed in range(n_seeds):
        grid = sigmoid_grid(np.random.default_rng(seed), lrs=(lr,), weight_stds=weight_stds, placements=PLACEMENTS,
                            **train_kwargs)
        for (placement, _, s), run in grid.items():
            out[(placement, s)]["loss"].append(last_updates_loss(run))
            out[(placement, s)]["saturated_start"].append(float(np.mean(run["saturated"][0])))
    return {key: {name: np.array(values) for name, values in d.items()} for key, d in out.items()}
