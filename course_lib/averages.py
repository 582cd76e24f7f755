"""Compute for the moving-averages notebook: a noisy series, the weight each average gives the past,
the first steps of an EMA with and without bias correction, and momentum as an EMA of gradients.

The averages themselves (simple, weighted, exponential) live in course_lib.ema; this module builds on them.
"""

from __future__ import annotations

import numpy as np

from . import ema as _ema
from . import optim as _optim
from . import surfaces as _surfaces
from ._validate import generator, in_unit_interval, non_negative, positive


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
