"""Optimizers as paths on 2-D surfaces, the momentum and ε conventions compared, and an MLP race on digits.

Everything here returns arrays (or History objects); drawing lives in figures.
The update rules themselves are course_lib.optim's; this module only drives and compares them.
"""

from __future__ import annotations

import copy
from functools import cache, lru_cache

import numpy as np

from ... import data, optim, training
from ..._validate import in_range, in_unit_interval, one_of, positive
from ...i18n import N_, NC_
from ...layers import Activation, Dense
from ...model import Sequential
from ...surfaces import SURFACES, diverged_at, trajectory

__all__ = [
    "OPTIMIZERS", "LABELS", "STEPS", "EPS", "LOSS_FLOOR", "SURFACE_ARGS", "SUGGESTED", "surface", "min_value",
    "hyperparameters", "optimizer_path", "loss_along", "divergences", "leaves_window", "contour_grid",
    "explorer_runs", "shown_rows", "loss_limits", "first_steps",
    "momentum_forms", "nesterov_lookahead_trajectory", "nesterov_forms", "max_difference",
    "rmsprop_eps_inside_update", "eps_placement", "eps_path_differences", "RACE_GRID", "RACE_TUNING_SEED",
    "RACE_SEEDS", "RACE_SETTINGS", "race_optimizer", "digits_optimizers", "digits_mlp", "digits_race",
    "tuning_curves", "tuned_rates", "race_over_seeds", "tuned_gd", "tuned_heavy_ball", "iteration_matrix",
    "predicted_steps", "simulated_steps", "rates_study", "noisy_gradient_rule",
]

OPTIMIZERS = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
# The optimizers' names as shown (translate with tr where shown; "momentum" the method has its own context,
# apart from batch norm's `momentum` parameter)
LABELS = {"sgd": N_("SGD"), "momentum": NC_("optimizer", "momentum"), "nesterov": N_("Nesterov"),
          "adagrad": N_("AdaGrad"), "rmsprop": N_("RMSProp"), "adam": N_("Adam")}
STEPS = 150  # steps of every path in the explorer
EPS = 1e-8  # ε of the adaptive methods (PyTorch's default)
LOSS_FLOOR = 1e-16  # losses are drawn no lower than this on a log axis (f − f_min can reach exactly 0)

# The quadratic bowl is made more elongated than its default (κ = 10), so that momentum has a valley to
# roll along: the best plain-GD rate is (κ − 1)/(κ + 1) per step, momentum's about √γ.
SURFACE_ARGS = {"quadratic": {"condition_number": 50.0}}

# Learning rates that show each surface well: α for the SGD family, α for the adaptive methods.
# The SGD family needs α below about 2/λ_max (λ_max: the largest curvature on the way), so steep surfaces
# need small α; the adaptive methods move about α per coordinate whatever the slope.
SUGGESTED = {
    "quadratic": {"lr": 0.01, "lr_adaptive": 0.1},
    "rosenbrock": {"lr": 2e-3, "lr_adaptive": 0.2},
    "saddle": {"lr": 0.02, "lr_adaptive": 0.02},
    "beale": {"lr": 2e-3, "lr_adaptive": 0.1},
    "himmelblau": {"lr": 0.01, "lr_adaptive": 0.1},
}


# ----------------------------------------------------------------------------------------------------
# Paths on the surfaces
# ----------------------------------------------------------------------------------------------------


@cache
def surface(name):
    """The Surface SURFACES[name](**SURFACE_ARGS.get(name, {})), built once."""
    return SURFACES[one_of("surface", name, tuple(SURFACES))](**SURFACE_ARGS.get(name, {}))


def min_value(s):
    """The lowest value f takes at the surface's known minima, or None when f has none (the saddle)."""
    return min(float(s.f(x, y)) for x, y in s.minima) if s.minima else None


def hyperparameters(name, lr=0.01, lr_adaptive=0.1, gamma=0.9, beta1=0.9, beta2=0.999, rho=0.9, eps=EPS):
    """The keyword arguments of course_lib.optim.RULES[name] taken from the explorer's sliders.

    lr is α of SGD, momentum and Nesterov (their step is α·g); lr_adaptive is α of AdaGrad, RMSProp and
    Adam (their step is about α in each coordinate, so the two live on different scales).
    """
    one_of("name", name, OPTIMIZERS)
    positive("lr", lr)
    positive("lr_adaptive", lr_adaptive)
    for label, value in (("gamma", gamma), ("beta1", beta1), ("beta2", beta2), ("rho", rho)):
        in_unit_interval(label, value)
    positive("eps", eps)
    return {
        "sgd": {"lr": lr},
        "momentum": {"lr": lr, "momentum": gamma},
        "nesterov": {"lr": lr, "momentum": gamma},
        "adagrad": {"lr": lr_adaptive, "eps": eps},
        "rmsprop": {"lr": lr_adaptive, "rho": rho, "eps": eps},
        "adam": {"lr": lr_adaptive, "beta1": beta1, "beta2": beta2, "eps": eps},
    }[name]


def noisy_gradient_rule(rule, noise, rng):
    """rule(w, g + noise·z, state, **hyper) with z ~ N(0, I) drawn from rng: a stochastic gradient."""
    def noisy(w, g, state, **hyper):
        return rule(w, g + noise * rng.standard_normal(g.shape), state, **hyper)
    return noisy


@lru_cache(maxsize=4096)
def _cached_path(name, surface_name, x0, y0, steps, hyper_items, noise=0.0, seed=0):
    rule = optim.RULES[name]
    if noise > 0:  # every optimizer gets the same noise sequence: seed → Generator → z_1, z_2, …
        rule = noisy_gradient_rule(rule, noise, np.random.default_rng(seed))
    path = trajectory(rule, surface(surface_name), (x0, y0), steps, **dict(hyper_items))
    path.setflags(write=False)  # shared by every caller: nobody may change it
    return path


def optimizer_path(name, surface_name, start, steps=STEPS, noise=0.0, seed=0, **hyper):
    """The path of optimizer `name` on SURFACES[surface_name] from `start`.   → (steps + 1, 2), read-only.

    noise > 0 adds N(0, noise²) to each gradient coordinate, drawn from np.random.default_rng(seed), so the
    same (noise, seed) gives the same path.  Rows after a divergence are NaN (see
    course_lib.surfaces.trajectory).  Cached: the same arguments return the same array, so a slider that
    only changes what is shown costs nothing to recompute.
    """
    one_of("name", name, OPTIMIZERS)
    one_of("surface_name", surface_name, tuple(SURFACES))
    in_range("noise", noise, 0.0, 100.0)
    if not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be an integer >= 0, got {seed!r}")
    x0, y0 = (float(v) for v in start)
    return _cached_path(name, surface_name, x0, y0, int(steps), tuple(sorted(hyper.items())), float(noise),
                        int(seed))


def loss_along(s, path):
    """f − f_min at each row of path (plain f on a surface without minimum).   path: (n, 2) → (n,).

    NaN rows (after a divergence) give NaN.
    """
    path = np.asarray(path, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        values = s.f(path[:, 0], path[:, 1])
    f_min = min_value(s)
    return values if f_min is None else values - f_min


def divergences(paths, upto=None):
    """The step at which each path diverged (by step `upto`).   paths: {name: (n, 2)} → {name: step}"""
    steps = {}
    for name, path in paths.items():
        k = diverged_at(path)
        if k is not None and (upto is None or k <= upto):
            steps[name] = k
    return steps


def leaves_window(path, bounds, margin=0.5):
    """The first step at which path is outside the window widened by `margin` of its size on each side, or None.

    path: (n, 2);  bounds: ((x_lo, x_hi), (y_lo, y_hi)).  A diverging path is drawn only up to there: beyond
    it, its zig-zags would only cover the figure with lines that leave the window anyway.
    """
    path = np.asarray(path, dtype=float)
    (x_lo, x_hi), (y_lo, y_hi) = bounds
    dx, dy = margin * (x_hi - x_lo), margin * (y_hi - y_lo)
    with np.errstate(invalid="ignore"):
        outside = ((path[:, 0] < x_lo - dx) | (path[:, 0] > x_hi + dx)
                   | (path[:, 1] < y_lo - dy) | (path[:, 1] > y_hi + dy))
    hits = np.flatnonzero(outside)
    return int(hits[0]) if hits.size else None


@cache
def contour_grid(surface_name, n=120):
    """The surface on an n × n grid over its window, with contour levels.   → X, Y, Z (n, n), levels (k,).

    Z is f − f_min (plain f on the saddle).  Where f has a minimum the levels are geometric (f − f_min spans
    many decades, and equal ratios give rings evenly spaced in distance on a bowl); on the saddle they are
    evenly spaced.
    """
    s = surface(surface_name)
    in_range("n", n, 10, 1000)
    (x_lo, x_hi), (y_lo, y_hi) = s.bounds
    X, Y = np.meshgrid(np.linspace(x_lo, x_hi, n), np.linspace(y_lo, y_hi, n))
    f_min = min_value(s)
    if f_min is None:
        Z = s.f(X, Y)
        levels = np.linspace(Z.min(), Z.max(), 16)[1:-1]
    else:
        Z = s.f(X, Y) - f_min
        levels = np.geomspace(max(np.quantile(Z, 0.002), 1e-3), Z.max(), 14)
    for array in (X, Y, Z, levels):
        array.setflags(write=False)
    return X, Y, Z, levels


# ----------------------------------------------------------------------------------------------------
# The explorer: every path once per setting, then the step slider only slices them
# ----------------------------------------------------------------------------------------------------

LOSS_HEADROOM = 30.0    # log loss axis: up to 30× the largest starting loss, so a divergence visibly leaves the top
LOSS_FOOTROOM = 3.0     # log loss axis: down to a third of the lowest loss, so the lowest point is off the frame
SYMLOG_MARGIN = 1.5     # symlog loss axis (the saddle, f unbounded below): 1.5× the range reached …
SYMLOG_PAD = 1.0        # … plus 1, so a run that stays near f = 0 still gets a visible range
SYMLOG_LOWEST = -1e6    # the saddle's f runs off to −∞: below −1e6 the axis stops (the rest would be squashed flat)
EMPTY_LIMITS = {True: (1e-3, 10.0), False: (-10.0, 10.0)}     # no optimizer ticked: (log, symlog) default range


def explorer_runs(surface_name, start, hyper, noise=0.0, seed=0, steps=STEPS):
    """Every optimizer's path and loss for one setting of the explorer's sliders (optimizer_path, cached).

    hyper: the sliders' learning rates and averaging factors (hyperparameters' keywords).
    → dict: "paths" {name: (steps + 1, 2)}, "losses" {name: (steps + 1,)}, "has_min" (False on the saddle).
    """
    s = surface(surface_name)
    paths = {name: optimizer_path(name, surface_name, start, steps, noise=noise, seed=seed,
                                  **hyperparameters(name, **hyper))
             for name in OPTIMIZERS}
    return {"paths": paths, "losses": {name: loss_along(s, path) for name, path in paths.items()},
            "has_min": bool(s.minima)}


def shown_rows(path, step, bounds):
    """How many rows of path to draw at `step`: up to the step, the divergence, or leaving the window (+ 1 row).

    A diverging path is drawn until it leaves the window (leaves_window): no lines criss-crossing the figure.
    """
    k = diverged_at(path)
    end = step + 1 if k is None else min(step + 1, k)
    out = leaves_window(path, bounds)
    return end if out is None else min(end, out + 1)


def loss_limits(losses, log):
    """y-limits of the loss panel for the finite losses of the shown runs.   losses: [(n,)] → (low, high)

    log: from LOSS_FOOTROOM below the lowest to LOSS_HEADROOM times the largest start (so a divergence
    leaves the top); symlog (log=False): SYMLOG_MARGIN times the range, plus SYMLOG_PAD, cut at SYMLOG_LOWEST.
    """
    if not losses:
        return EMPTY_LIMITS[log]
    values = np.concatenate([loss[np.isfinite(loss)] for loss in losses])
    start = max(float(loss[0]) for loss in losses)
    if log:
        low = max(values.min(), LOSS_FLOOR)
        return low / LOSS_FOOTROOM, max(start, low) * LOSS_HEADROOM
    return (max(values.min(), SYMLOG_LOWEST) * SYMLOG_MARGIN - SYMLOG_PAD,
            max(start, 0.0) * SYMLOG_MARGIN + SYMLOG_PAD)


def first_steps(w, g, lr=0.1, lr_adaptive=0.1):
    """One step of every rule of course_lib.optim from (w, g) with no state.   → {name: (Δw, sorted state keys)}"""
    steps = {}
    for name, rule in optim.RULES.items():
        new_w, state = rule(w, g, {}, **hyperparameters(name, lr=lr, lr_adaptive=lr_adaptive))
        steps[name] = (new_w - w, sorted(state))
    return steps


# ----------------------------------------------------------------------------------------------------
# The conventions agree
# ----------------------------------------------------------------------------------------------------


def momentum_forms(surface_name, start, steps, lr, momentum):
    """The three ways of writing momentum, each from `start` with matching hyperparameters.   → {form: (steps + 1, 2)}

    "deck 000"  v ← γ·v − α·g;  w ← w + v                       (α = lr, γ = momentum)
    "deck 002"  V ← β·V + (1 − β)·g;  w ← w − α'·V               with β = γ and α' = α/(1 − β)
    "PyTorch"   b ← μ·b + g;  w ← w − α·b                        with μ = γ and the same α
    In exact arithmetic the three paths are the same; in floating point they differ by round-off.
    """
    positive("lr", lr)
    in_unit_interval("momentum", momentum)
    s = surface(surface_name)
    return {  # the keys are shown as legend labels: N_ marks them for translation
        N_("deck 000"): trajectory(optim.momentum_update, s, start, steps, lr=lr, momentum=momentum),
        N_("deck 002"): trajectory(optim.ema_momentum_update, s, start, steps, lr=lr / (1 - momentum),
                                   beta=momentum),
        N_("PyTorch"): trajectory(optim.pytorch_momentum_update, s, start, steps, lr=lr, momentum=momentum),
    }


def nesterov_lookahead_trajectory(surface_name, start, steps, lr, momentum):
    """Nesterov in the look-ahead form (decks 000, 001): the points θ and velocities v.   → θ, v: (steps + 1, 2)

    g = ∇f(θ + γ·v);  v ← γ·v − α·g;  θ ← θ + v   (course_lib.optim.nesterov_lookahead_update).
    """
    positive("lr", lr)
    in_unit_interval("momentum", momentum)
    s = surface(surface_name)
    theta = np.full((steps + 1, 2), np.nan)
    v = np.full((steps + 1, 2), np.nan)
    theta[0], v[0] = start, 0.0
    state = {}
    for k in range(1, steps + 1):
        theta[k], state = optim.nesterov_lookahead_update(theta[k - 1], s.gradient, state, lr=lr, momentum=momentum)
        v[k] = state["v"]
    return theta, v


def nesterov_forms(surface_name, start, steps, lr, momentum):
    """The rewritten Nesterov path w (Keras, PyTorch) and the look-ahead one mapped by w = θ + γ·v.

    → (w, θ + γ·v), both (steps + 1, 2): equal up to round-off.
    """
    w = trajectory(optim.nesterov_update, surface(surface_name), start, steps, lr=lr, momentum=momentum)
    theta, v = nesterov_lookahead_trajectory(surface_name, start, steps, lr, momentum)
    return w, theta + momentum * v


def max_difference(paths):
    """The largest |coordinate difference| between the first path and each other one.   {name: (n, 2)} → float."""
    paths = list(paths.values()) if isinstance(paths, dict) else list(paths)
    return max(float(np.max(np.abs(p - paths[0]))) for p in paths[1:])


def rmsprop_eps_inside_update(w, g, state, lr, rho=0.9, eps=1e-8):
    """RMSProp with ε inside the root (deck 001).  r ← ρ·r + (1 − ρ)·g²;  w ← w − α·g/√(r + ε)."""
    r = state["r"] if state else np.zeros_like(w)
    r = rho * r + (1 - rho) * g * g
    return w - lr * g / np.sqrt(r + eps), {"r": r}


def eps_placement(g, eps=EPS):
    """The step of a normalised update, divided by α, when r = g² (Adam's first step, for instance).

    outside: |g|/(√(g²) + ε)      (deck 000, PyTorch, the Adam paper)
    inside:  |g|/√(g² + ε)        (deck 001, Keras's RMSprop and Adagrad)
    g: any shape → (outside, inside), same shape.  Both are ≈ 1 for |g| ≫ √ε and differ only near g = 0:
    the outside form falls off below |g| ≈ ε, the inside one already below |g| ≈ √ε.
    """
    positive("eps", eps)
    g = np.abs(np.asarray(g, dtype=float))
    return g / (np.sqrt(g * g) + eps), g / np.sqrt(g * g + eps)


def eps_path_differences(surface_name, start, steps, lr, rho=0.9, eps=EPS, nudge=1e-12):
    """How far RMSProp's path moves when ε goes inside the root, next to a nudge of the start point.

    → {"inside", "nudged": (steps + 1,)}: per step, max |coordinate difference| from the ε-outside path, for
    ε inside the root (deck 001's form) and for the start nudged by `nudge` (ε outside, x0 + nudge).
    The nudge shows which growth comes from the dynamics themselves rather than from where ε sits.
    """
    s = surface(surface_name)
    positive("nudge", nudge)
    hyper = {"lr": lr, "rho": rho, "eps": eps}
    outside = trajectory(optim.rmsprop_update, s, start, steps, **hyper)
    inside = trajectory(rmsprop_eps_inside_update, s, start, steps, **hyper)
    nudged = trajectory(optim.rmsprop_update, s, np.asarray(start, dtype=float) + [nudge, 0.0], steps, **hyper)
    return {"inside": np.abs(inside - outside).max(axis=1), "nudged": np.abs(nudged - outside).max(axis=1)}


# ----------------------------------------------------------------------------------------------------
# The same optimizers training an MLP on the digits
# ----------------------------------------------------------------------------------------------------


RACE_GRID = tuple(float(v) for v in 10.0 ** np.arange(-3.5, 0.51, 0.5))   # 3.2e-4, 1e-3, …, 1, 3.2
RACE_TUNING_SEED = 0                      # the learning rates are tuned on this seed's validation set …
RACE_SEEDS = (1, 2, 3, 4, 5, 6)           # … and the race is reported on these, on the held-out test set
RACE_SETTINGS = {"epochs": 5, "batch_size": 32, "hidden": 32}
_TEST_FRACTION = 0.2                      # of the 1,797 digits, held out once for all seeds (never tuned on)


def race_optimizer(name, lr):
    """A fresh optimizer object `name` with learning rate lr and the other hyperparameters at their defaults."""
    one_of("name", name, OPTIMIZERS)
    positive("lr", lr)
    return {
        "sgd": lambda: optim.SGD(lr),
        "momentum": lambda: optim.SGD(lr, momentum=0.9),
        "nesterov": lambda: optim.SGD(lr, momentum=0.9, nesterov=True),
        "adagrad": lambda: optim.AdaGrad(lr),
        "rmsprop": lambda: optim.RMSProp(lr),
        "adam": lambda: optim.Adam(lr),
    }[name]()


def digits_optimizers(rates=None):
    """Fresh optimizer objects for the digits race.   rates: {name: lr}, default tuned_rates().  → {name: optimizer}"""
    rates = tuned_rates() if rates is None else rates
    return {name: race_optimizer(name, rates[name]) for name in OPTIMIZERS}


def digits_mlp(rng, hidden=64):
    """A 64-hidden-10 ReLU MLP for the 8×8 digits (logits out)."""
    positive("hidden", hidden, integer=True)
    return Sequential([Dense(64, hidden, init="he_uniform", rng=rng), Activation("relu"),
                       Dense(hidden, 10, init="glorot_uniform", rng=rng)])


@cache
def _race_data():
    """The digits split once into the pool for training + validation and a fixed test set.   → X, y, X_test, y_test."""
    X, y = data.digits()
    X_pool, y_pool, X_test, y_test = data.train_val_split(X, y, _TEST_FRACTION, np.random.default_rng(2**31 - 1))
    return X_pool, y_pool, X_test, y_test


def digits_race(rng, optimizers=None, epochs=5, batch_size=32, hidden=64, val_fraction=0.2, nudge=0.0):
    """Train the same MLP (same initial weights, same batches) with each optimizer.   → {name: History}

    optimizers: {name: optimizer object}, default digits_optimizers().  rng splits the pool into training
    and validation rows, draws one copy of the weights and seeds the shuffling, so only the optimizer
    differs between the runs.  The History has per-update losses in .batch_loss, validation loss/accuracy
    per epoch, and `test` = evaluate(model, held-out test set) after the last epoch.
    nudge: multiply every initial weight by (1 + nudge), to test how much the results depend on round-off.
    """
    positive("epochs", epochs, integer=True)
    positive("batch_size", batch_size, integer=True)
    optimizers = digits_optimizers() if optimizers is None else optimizers
    X, y, X_test, y_test = _race_data()
    X_train, y_train, X_val, y_val = data.train_val_split(X, y, val_fraction, rng)
    template = digits_mlp(rng, hidden)
    for layer in template.layers:
        for array in getattr(layer, "params", {}).values():
            array *= 1.0 + nudge
    seed = int(rng.integers(2**32))
    histories = {}
    for name, optimizer in optimizers.items():
        model = copy.deepcopy(template)  # the same initial weights for every optimizer
        histories[name] = training.fit(model, X_train, y_train, optimizer=optimizer, epochs=epochs,
                                        batch_size=batch_size, validation_data=(X_val, y_val),
                                        rng=np.random.default_rng(seed), record_batches=True)
        histories[name].test = training.evaluate(model, X_test, y_test)
    return histories


def _final_val_loss(history):
    """The last validation loss of a run, +inf if it diverged."""
    value = history.history["val_loss"][-1] if history.history["val_loss"] else np.inf
    return np.inf if history.diverged or not np.isfinite(value) else float(value)


@cache
def tuning_curves(seed=RACE_TUNING_SEED, grid=RACE_GRID, nudge=0.0):
    """The validation loss after RACE_SETTINGS of training at each learning rate of the grid, on one seed.

    → {name: (G,)} (+inf where the run diverged).  Cached: treat the arrays as read-only.
    """
    curves = {name: np.empty(len(grid)) for name in OPTIMIZERS}
    for i, lr in enumerate(grid):
        runs = digits_race(np.random.default_rng(seed), {n: race_optimizer(n, lr) for n in OPTIMIZERS},
                           nudge=nudge, **RACE_SETTINGS)
        for name, history in runs.items():
            curves[name][i] = _final_val_loss(history)
    return curves


def tuned_rates(seed=RACE_TUNING_SEED, grid=RACE_GRID):
    """Each optimizer's learning rate with the lowest validation loss on the grid (tuning_curves).   → {name: lr}"""
    return {name: grid[int(np.argmin(curve))] for name, curve in tuning_curves(seed, grid).items()}


@cache
def race_over_seeds(seeds=RACE_SEEDS, rates=None, nudge=0.0):
    """The race with the tuned rates, repeated on other seeds.   rates: tuple of (name, lr) pairs or None.

    → {name: {"test_loss": (S,), "test_accuracy": (S,)}} on the held-out test set, one entry per seed
    (each seed draws its own training/validation split, initial weights and batch order).  Cached.
    """
    rates = tuned_rates() if rates is None else dict(rates)
    results = {name: {"test_loss": np.empty(len(seeds)), "test_accuracy": np.empty(len(seeds))} for name in OPTIMIZERS}
    for k, seed in enumerate(seeds):
        runs = digits_race(np.random.default_rng(seed), digits_optimizers(rates), nudge=nudge, **RACE_SETTINGS)
        for name, history in runs.items():
            results[name]["test_loss"][k] = history.test["loss"]
            results[name]["test_accuracy"][k] = history.test["accuracy"]
    return results


# ----------------------------------------------------------------------------------------------------
# Why momentum helps: the tuned rates of GD and heavy-ball momentum on a quadratic with condition number κ
# ----------------------------------------------------------------------------------------------------
# On f(w) = ½ Σ λ_i w_i² (any quadratic, written in its Hessian's eigenvectors) each coordinate evolves on
# its own:  GD: e_{t+1} = (1 − αλ) e_t;  momentum: (e_{t+1}, e_t) = M(λ) (e_t, e_{t−1}), a 2×2 recursion.
# The rate is the largest |eigenvalue| over λ in [μ, L]; choosing α (and β) to make it smallest gives:


def _check_curvatures(mu, L):
    positive("mu", mu)
    if not np.all(np.asarray(L, dtype=float) >= mu):
        raise ValueError(f"L must be >= mu = {mu!r} (the largest curvature), got {L!r}")


def tuned_gd(mu, L):
    """Best fixed α of gradient descent for curvatures in [μ, L], and its rate.   → (α, ρ)

    α = 2/(μ + L) balances |1 − αμ| = |1 − αL|;  ρ = (L − μ)/(L + μ) = (κ − 1)/(κ + 1)."""
    _check_curvatures(mu, L)
    return 2 / (mu + L), (L - mu) / (L + mu)


def tuned_heavy_ball(mu, L):
    """Best α, β of heavy-ball momentum for curvatures in [μ, L] (Polyak), and its rate.   → (α, β, ρ)

    α = 4/(√L + √μ)²,  β = ρ²,  ρ = (√L − √μ)/(√L + √μ) = (√κ − 1)/(√κ + 1)."""
    _check_curvatures(mu, L)
    rate = (np.sqrt(L) - np.sqrt(mu)) / (np.sqrt(L) + np.sqrt(mu))
    return 4 / (np.sqrt(L) + np.sqrt(mu)) ** 2, rate**2, rate


def iteration_matrix(lam, lr, beta=0.0):
    """The 2×2 matrix M with (e_{t+1}, e_t) = M (e_t, e_{t−1}) along an eigen-direction of curvature λ.

    Heavy ball: e_{t+1} = e_t − αλ e_t + β (e_t − e_{t−1}).  β = 0 is gradient descent.   → (2, 2)"""
    return np.array([[1 + beta - lr * lam, -beta], [1.0, 0.0]])


def predicted_steps(rate, tol):
    """Steps for ρᵗ to fall to tol: ⌈ln tol / ln ρ⌉ (0 ≤ ρ < 1; 1 step when ρ = 0)."""
    rate = np.asarray(rate, dtype=float)
    with np.errstate(divide="ignore"):
        return np.maximum(np.ceil(np.log(tol) / np.log(rate)), 1).astype(int)


def simulated_steps(kappas, method, tol=1e-6, max_steps=100_000):
    """Steps until |w_t|/|w_0| ≤ tol on f = ½(w_1² + κ w_2²) from w_0 = (1, 1), with the tuned α (and β).

    method: "gd" or "momentum".  All κ are run at once, coordinate by coordinate (no matrix products, so
    the counts are the same on every machine).   kappas: (K,) → (K,) int"""
    one_of("method", method, ("gd", "momentum"))
    kappas = np.asarray(kappas, dtype=float)
    if kappas.ndim != 1 or not np.all(kappas >= 1):
        raise ValueError(f"kappas must be a 1-D array of condition numbers >= 1, got {kappas!r}")
    lam = np.stack([np.ones_like(kappas), kappas], axis=1)                      # (K, 2) curvatures
    if method == "gd":
        lr, rate = tuned_gd(1.0, kappas)
        beta = np.zeros_like(kappas)
    else:
        lr, beta, rate = tuned_heavy_ball(1.0, kappas)
    lr, beta = lr[:, None], beta[:, None]
    w = np.ones_like(lam)
    previous = w.copy()
    start = np.sqrt(2.0)
    steps = np.full(len(kappas), -1)
    for t in range(1, max_steps + 1):
        w, previous = w - lr * lam * w + beta * (w - previous), w
        done = (steps < 0) & (np.sqrt(w[:, 0] ** 2 + w[:, 1] ** 2) <= tol * start)
        steps[done] = t
        if np.all(steps > 0):
            return steps
    raise ValueError(f"max_steps={max_steps} too small for kappas up to {kappas.max():g}")


RATE_KAPPAS = (2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0)


@cache
def rates_study(kappas=RATE_KAPPAS, tol=1e-6):
    """Tuned rates and steps to reach tol for GD and heavy-ball momentum, predicted and simulated.

    → dict of (K,) arrays: kappa, rate_gd, rate_momentum, predicted_gd, predicted_momentum, simulated_gd,
    simulated_momentum."""
    kappas = np.array(kappas, dtype=float)
    rate_gd = tuned_gd(1.0, kappas)[1]
    rate_momentum = tuned_heavy_ball(1.0, kappas)[2]
    return {"kappa": kappas, "rate_gd": rate_gd, "rate_momentum": rate_momentum,
            "predicted_gd": predicted_steps(rate_gd, tol),
            "predicted_momentum": predicted_steps(rate_momentum, tol),
            "simulated_gd": simulated_steps(kappas, "gd", tol),
            "simulated_momentum": simulated_steps(kappas, "momentum", tol)}
