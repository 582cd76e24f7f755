"""Moving averages of a series: simple, weighted and exponential (with and without bias correction).

A series is an array `values` of shape (T,) or (T, ...); time runs along axis 0 and every average
returns an array of the same shape, entry t being the average after seeing values[0..t].
"""

from __future__ import annotations

import numpy as np

from ._validate import in_unit_interval, positive


def _series(values):
    """values as a float array with a time axis first (float32 stays float32, anything else → float64)."""
    values = np.asarray(values)
    if values.dtype.kind not in "biuf":
        raise ValueError(f"values must be an array of numbers, got dtype {values.dtype}")
    if values.ndim == 0:
        raise ValueError("values must be an array of shape (T,) or (T, ...), got a scalar")
    if values.dtype != np.float32:
        values = values.astype(np.float64, copy=False)
    return values


def ema(values, beta, bias_correction=False):
    """Exponential moving average.  v0 = 0;  v_t = β·v_{t−1} + (1 − β)·θ_t;  corrected v̂_t = v_t/(1 − βᵗ).

    values: (T,) or (T, ...), θ_t = values[t − 1] with t counted from 1.  Returns v (or v̂): same shape.
    """
    beta = float(in_unit_interval("beta", beta))
    theta = _series(values)
    averages = np.empty_like(theta)
    v = np.zeros(theta.shape[1:], dtype=theta.dtype)
    for t in range(1, len(theta) + 1):
        v = beta * v + (1 - beta) * theta[t - 1]
        # v starts at 0, so early v_t are pulled towards 0; dividing by 1 − βᵗ undoes that
        averages[t - 1] = v / (1 - beta**t) if bias_correction else v
    return averages


def simple_moving_average(values, window):
    """Mean of the last `window` values.  values: (T,) or (T, ...) → same shape.

    The first window − 1 outputs average the values available so far (output 0 is values[0]).
    """
    window = positive("window", window, integer=True)
    x = _series(values)
    averages = np.empty_like(x)
    for t in range(len(x)):
        averages[t] = x[max(0, t - window + 1) : t + 1].mean(axis=0)
    return averages


def weighted_moving_average(values, window):
    """Weighted mean of the last `window` values, weights window, window − 1, ..., 1 (newest heaviest).

    values: (T,) or (T, ...) → same shape.  The first window − 1 outputs use the weights of the values
    available so far (window for the newest, window − 1 for the one before, ...), normalised to sum 1.
    """
    window = positive("window", window, integer=True)
    x = _series(values)
    # weights[k]: the value k steps in the past; only the min(window, T) that can be used are made
    weights = np.arange(window, window - min(window, len(x)), -1, dtype=x.dtype)
    averages = np.empty_like(x)
    for t in range(len(x)):
        n = min(t + 1, window)
        recent_first = x[t - n + 1 : t + 1][::-1]  # x[t], x[t − 1], ..., x[t − n + 1]
        w = weights[:n]
        averages[t] = np.tensordot(w, recent_first, axes=1) / w.sum()
    return averages


def ema_weights(beta, n):
    """Weight (1 − β)·β^k that the EMA gives the value k steps in the past, k = 0..n−1.  Returns (n,).

    The weights sum to 1 − βⁿ, which approaches 1 as n grows.
    """
    beta = float(in_unit_interval("beta", beta))
    n = positive("n", n, integer=True)
    k = np.arange(n)
    return (1 - beta) * beta**k


def effective_window(beta):
    """About how many recent values an EMA averages over: 1/(1 − β)  (β = 0.9 → 10, β = 0.98 → 50)."""
    # Erratum: deck 002 writes 1/(1 + β), which would give about 0.53 for β = 0.9, not 10.
    beta = float(in_unit_interval("beta", beta))
    return 1 / (1 - beta)
