"""Compute for the moving-averages notebook: a noisy series, the weight each average gives the past,
the first steps of an EMA with and without bias correction, and momentum as an EMA of gradients.

The averages themselves (simple, weighted, exponential) live in course_lib.ema; this module builds on them.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from ... import ema as _ema
from ... import optim as _optim
from ... import surfaces as _surfaces
from ..._validate import generator, in_unit_interval, non_negative, positive


def daily_temperatures(n_days, rng, mean=18.0, amplitude=7.0, noise=3.0, warmest_day=200):
    """A noisy year of daily temperatures (°C).  θ_t = mean + amplitude·cos(2π(t − warmest_day)/365) + noise·ε_t.

    t = 1..n_days, ε_t ~ N(0, 1) from rng.  Returns (t, theta), both of shape (n_days,).
    """
    generator(rng)
    positive("n_days", n_days, integer=True)
    non_negative("amplitude", amplitude)
    non_negative("noise", noise)
    t = np.arange(1, n_days + 1)
    season = mean + amplitude * np.cos(2 * np.pi * (t - warmest_day) / 365)
    return t, season + noise * rng.standard_normal(n_days)


SERIES_SEED = 0   # the explorers' series is made from this seed, so every reader sees the same data
N_PAST = 100      # how many past steps the explorer's weight panel shows (β up to 0.99: window up to 100)


@cache
def explorer_temperatures(n_days=365, seed=SERIES_SEED):
    """daily_temperatures(n_days, default_rng(seed)), made once and read-only: the explorers' series.

    Cached, so it takes an integer seed (a Generator cannot be a cache key).   → t, theta: (n_days,)
    """
    t, theta = daily_temperatures(n_days, np.random.default_rng(seed))
    for array in (t, theta):
        array.setflags(write=False)
    return t, theta


def sma_weights(window, n):
    """Weight the simple moving average gives the value k steps back, k = 0..n−1: 1/window inside the window,
    else 0.  Returns (n,)."""
    window = positive("window", window, integer=True)
    n = positive("n", n, integer=True)
    k = np.arange(n)
    return np.where(k < window, 1 / window, 0.0)


def wma_weights(window, n):
    """Weight the weighted moving average gives the value k steps back: (window − k)/(window·(window + 1)/2)
    for k < window, else 0 (newest heaviest, falling linearly).  Returns (n,)."""
    window = positive("window", window, integer=True)
    n = positive("n", n, integer=True)
    k = np.arange(n)
    total = window * (window + 1) / 2  # 1 + 2 + ... + window
    return np.where(k < window, (window - k) / total, 0.0)


def weight_within(beta, k):
    """The share of an EMA's weight carried by its latest k values: Σ_{j<k} (1 − β)·β^j = 1 − β^k.

    At k = 1/(1 − β), the effective window, this is about 1 − 1/e ≈ 0.63 when β is close to 1.
    """
    beta = float(in_unit_interval("beta", beta))
    non_negative("k", k)
    return 1 - beta**k


def averages_view(theta, beta, window, bias_correction=False, n_past=N_PAST):
    """What the moving-averages explorer shows for one setting of its sliders.   theta: (T,).

    → dict: "sma", "wma", "ema" (T,) the three averages (the EMA bias-corrected or not); "weights"
    {"ema", "sma", "wma": (n_past,)} the weight each gives the value k steps back; "effective_window"
    1/(1 − β); "share" the EMA weight carried by the latest round(1/(1 − β)) values.
    """
    n_eff = _ema.effective_window(beta)
    return {"sma": _ema.simple_moving_average(theta, window),
            "wma": _ema.weighted_moving_average(theta, window),
            "ema": _ema.ema(theta, beta, bias_correction=bias_correction),
            "weights": {"ema": _ema.ema_weights(beta, n_past), "sma": sma_weights(window, n_past),
                        "wma": wma_weights(window, n_past)},
            "effective_window": n_eff,
            "share": weight_within(beta, round(n_eff))}


def effective_windows(betas):
    """For each β: (β, 1/(1 − β), the typo 1/(1 + β), the weight share of the latest round(1/(1 − β)) values)."""
    rows = []
    for beta in betas:
        n_eff = _ema.effective_window(beta)
        rows.append((beta, n_eff, 1 / (1 + beta), weight_within(beta, round(n_eff))))
    return rows


def smoothing_noise(noise, windows=(10, 19), betas=(0.9, 0.82), warm_up=200):
    """How much each average shrinks white noise: measured std of its output against the theory.

    noise: (T,) standard normal samples.  SMA over n values: std 1/√n;  EMA: std √((1 − β)/(1 + β)).
    The first warm_up outputs (the EMA's start from 0, the SMA's short windows) are left out of the std.
    → [(kind "sma" or "ema", n or β, measured std, theoretical std)]
    """
    rows = [("sma", n, _ema.simple_moving_average(noise, n)[warm_up:].std(), 1 / np.sqrt(n)) for n in windows]
    rows += [("ema", beta, _ema.ema(noise, beta)[warm_up:].std(), np.sqrt((1 - beta) / (1 + beta)))
             for beta in betas]
    return rows


def bias_correction_steps(values, beta):
    """The first steps of an EMA, one entry per t = 1..T: (t, v_t, 1 − βᵗ, v̂_t = v_t/(1 − βᵗ)).

    values: (T,), θ_t = values[t − 1], v0 = 0.  Returns four arrays of shape (T,).
    """
    values = np.asarray(values, dtype=float)
    beta = float(in_unit_interval("beta", beta))
    t = np.arange(1, len(values) + 1)
    v = _ema.ema(values, beta)
    v_hat = _ema.ema(values, beta, bias_correction=True)
    return t, v, 1 - beta**t, v_hat


def momentum_as_ema(surface, x0, lr, beta, steps):
    """Gradient descent with V ← β·V + (1 − β)·g,  w ← w − α·V  on a 2-D surface (deck 002's momentum).

    Returns (path (steps + 1, 2), g (steps, 2), V (steps, 2)): g[k] is the gradient at path[k] and V[k]
    the velocity used for the step from path[k] to path[k + 1].  V is exactly course_lib.ema.ema(g, β).
    If the path diverges (see course_lib.surfaces.trajectory), the rows from there on are NaN.
    """
    surface = _surfaces.get(surface)                 # a Surface or its name, as trajectory accepts
    positive("lr", lr)
    beta = float(in_unit_interval("beta", beta))
    positive("steps", steps, integer=True)
    path = _surfaces.trajectory(_optim.ema_momentum_update, surface, x0, steps, lr=lr, beta=beta)
    g = np.full((steps, 2), np.nan)
    V = np.full((steps, 2), np.nan)
    finite = int(np.isfinite(path).all(axis=1).sum())  # rows 0..finite−1 are the points reached
    n = min(finite, steps)
    g[:n] = [surface.gradient(w) for w in path[:n]]
    V[:n] = _ema.ema(g[:n], beta)  # the velocity is an EMA of the gradients seen so far
    return path, g, V


def run_end(path, bounds):
    """How a 2-D run ends: ("diverged", nan), ("outside", distance) or ("inside", distance to the origin).

    path: (steps + 1, 2) with NaN rows after a divergence;  bounds: ((x_min, x_max), (y_min, y_max)),
    the plotting window: a run that ends outside it is diverging.
    """
    if np.isnan(path).any():
        return "diverged", float("nan")
    (x_min, x_max), (y_min, y_max) = bounds
    x, y = path[-1]
    inside = x_min <= x <= x_max and y_min <= y <= y_max
    return ("inside" if inside else "outside"), float(np.linalg.norm(path[-1]))


def momentum_smoothing_runs(surface, x0, lr, beta, steps):
    """Plain GD and momentum (β) from x0 on a surface, and how each ends (run_end).

    → dict: "gd_path", "path" (steps + 1, 2); "g", "V" (steps, 2) the gradients of the momentum run and
    their EMA; "ends" {"gd", "momentum": (state, distance)}.
    """
    surface = _surfaces.get(surface)
    gd_path, _, _ = momentum_as_ema(surface, x0, lr, 0.0, steps)
    path, g, V = momentum_as_ema(surface, x0, lr, beta, steps)
    ends = {"gd": run_end(gd_path, surface.bounds), "momentum": run_end(path, surface.bounds)}
    return {"gd_path": gd_path, "path": path, "g": g, "V": V, "ends": ends}


# ----------------------------------------------------------------------------------------------------
# Momentum on the 1-D quadratic bowl f(w) = λw²/2: the iteration matrix and the stability threshold
# ----------------------------------------------------------------------------------------------------


def momentum_matrix(lr, beta, lam):
    """M with (w_{t+1}, V_{t+1}) = M·(w_t, V_t) for V ← β·V + (1 − β)·λw,  w ← w − α·V.   Returns (2, 2).

    Substituting the new V into the w-update: w_{t+1} = (1 − α(1 − β)λ)·w_t − αβ·V_t.
    """
    beta = float(in_unit_interval("beta", beta))
    positive("lam", lam)
    return np.array([[1 - lr * (1 - beta) * lam, -lr * beta],
                     [(1 - beta) * lam, beta]])


def max_stable_lr(beta, lam):
    """The largest α for which momentum in the EMA form converges on λw²/2: α(1 − β)λ < 2(1 + β).

    The eigenvalues of momentum_matrix solve z² − (1 + β − α(1 − β)λ)·z + β = 0; both lie inside the unit
    circle iff |1 + β − α(1 − β)λ| < 1 + β (with 0 ≤ β < 1).  At the bound one eigenvalue is −1.
    """
    beta = float(in_unit_interval("beta", beta))
    positive("lam", lam)
    return 2 * (1 + beta) / ((1 - beta) * lam)


def momentum_1d(lr, beta, lam, steps, w0=1.0):
    """w_0..w_steps of V ← β·V + (1 − β)·λw,  w ← w − α·V from w0, V = 0 (no divergence guard).

    Returns (steps + 1,).
    """
    beta = float(in_unit_interval("beta", beta))
    positive("lam", lam)
    positive("steps", steps, integer=True)
    non_negative("lr", lr)
    w, state = np.array([float(w0)]), {}
    path = [w[0]]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            w, state = _optim.ema_momentum_update(w, lam * w, state, lr=lr, beta=beta)
            path.append(w[0])
    return np.array(path)


# ----------------------------------------------------------------------------------------------------
# Bias correction in expectation: for inputs with mean μ, E[v_t] = (1 − βᵗ)·μ
# ----------------------------------------------------------------------------------------------------


def ema_expectation(mean, noise, beta, steps, n_runs, rng):
    """The EMA of a noisy constant input θ_t = mean + noise·ε_t, averaged over n_runs independent runs.

    Returns (t (steps,), mean over runs of v_t, mean over runs of v̂_t, (1 − βᵗ)·mean), each (steps,).
    E[v_t] = Σ_{k<t} (1 − β)β^k·E[θ] = (1 − βᵗ)·mean exactly; the run average approaches it as n_runs grows.
    """
    beta = float(in_unit_interval("beta", beta))
    non_negative("noise", noise)
    positive("steps", steps, integer=True)
    positive("n_runs", n_runs, integer=True)
    theta = mean + noise * rng.standard_normal((steps, n_runs))
    t = np.arange(1, steps + 1)
    v = _ema.ema(theta, beta)
    v_hat = _ema.ema(theta, beta, bias_correction=True)
    return t, v.mean(axis=1), v_hat.mean(axis=1), (1 - beta**t) * mean
