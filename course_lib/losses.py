"""Losses.  Each returns (mean loss over the batch, ∂loss/∂(first argument)).

Shapes: predictions (N, K) or (N,); the loss of one example is the mean over its K outputs (as in Keras),
and the batch loss is the mean over the N examples, so the gradient carries a factor 1/(N·K).
"""

from __future__ import annotations

import numpy as np

from ._validate import one_of
from .activations import as_float  # x as a float array (float16/32/64 kept); TypeError naming x otherwise


def _targets(y, like, name="y"):
    """y as an array of the predictions' dtype and shape, not empty; ValueError/TypeError naming it otherwise."""
    y = np.asarray(y)
    if y.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be an array of numbers, got dtype {y.dtype}")
    if y.shape != like.shape:
        raise ValueError(f"{name} must have the shape of the predictions {like.shape}, got {y.shape}")
    if like.size == 0:
        raise ValueError(f"the predictions and {name} must not be empty (a batch needs at least one row), "
                         f"got shape {like.shape}")
    return y.astype(like.dtype, copy=False)


def _clip_bounds(dtype, eps):
    """[lo, hi] for probabilities in `dtype`: eps and 1 − eps, but never 0 or 1 once rounded to the dtype.

    In float32, 1 − 1e-12 rounds to 1.0 (and 1e-12 to 0 in float16), so the bounds are pushed in to the
    smallest normal number and to the largest number below 1 of that dtype (np.finfo, np.nextafter).
    In float64 they are eps and 1 − eps.
    """
    info = np.finfo(dtype)
    lo = max(eps, float(info.tiny))
    hi = min(1 - eps, float(np.nextafter(dtype.type(1), dtype.type(0))))
    return dtype.type(lo), dtype.type(hi)


def mse(y_pred, y):
    """Mean squared error  L = mean((ŷ − y)²);  ∂L/∂ŷ = 2(ŷ − y)/size.   ŷ, y: (N, K)."""
    y_pred = as_float(y_pred, "y_pred")
    y = _targets(y, y_pred)
    diff = y_pred - y
    squares = diff**2 if diff.dtype != np.float16 else diff.astype(np.float32) ** 2   # 300² overflows float16
    return float(np.mean(squares)), 2 * diff / diff.size


def binary_cross_entropy(p, y, eps=1e-12):
    """L = −mean(y·ln p + (1 − y)·ln(1 − p));  ∂L/∂p = (p − y)/(p(1 − p))/size.   p, y: (N, K), p in (0, 1).

    p is clipped to [eps, 1 − eps] so that log(0) never happens (in float32 and float16 the bounds are
    moved in to numbers that dtype can hold: see _clip_bounds).  For logits use
    `binary_cross_entropy_with_logits`, which is exact and stable.
    """
    if isinstance(eps, bool) or not isinstance(eps, (int, float, np.floating)) or not 0 < eps < 0.5:
        raise ValueError(f"eps must be a number in (0, 0.5), got {eps!r}")
    p = as_float(p, "p")
    y = _targets(y, p)
    p = np.clip(p, *_clip_bounds(p.dtype, eps))
    loss = -np.mean(y * np.log(p) + (1 - y) * np.log1p(-p))
    return float(loss), (p - y) / (p * (1 - p)) / p.size


def binary_cross_entropy_with_logits(z, y):
    """BCE of σ(z):  L = mean(softplus(z) − y·z);  ∂L/∂z = (σ(z) − y)/size.   z, y: (N, K)."""
    from .activations import sigmoid

    z = as_float(z, "z")
    y = _targets(y, z)
    loss = np.mean(np.logaddexp(0, z) - y * z)
    return float(loss), (sigmoid(z) - y) / z.size


def softmax(logits):
    """softmax(z)_k = e^(z_k − max z)/Σ_j e^(z_j − max z), row by row.   (N, K) → (N, K)."""
    z = as_float(logits, "logits")
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_cross_entropy(logits, labels):
    """L = mean_n(logsumexp(z_n) − z_n[y_n]);  ∂L/∂z = (softmax(z) − onehot(y))/N.   z: (N, K), y: (N,) ints."""
    z = as_float(logits, "logits")
    labels = np.asarray(labels)
    if z.ndim != 2 or z.shape[0] == 0 or z.shape[1] == 0:
        raise ValueError(f"logits must have shape (N, K) with N, K >= 1, got {z.shape}")
    if labels.shape != (z.shape[0],) or labels.dtype.kind not in "iu":
        raise ValueError(f"labels must be {z.shape[0]} integer class indices, got shape {labels.shape} "
                         f"and dtype {labels.dtype}")
    if labels.size and (labels.min() < 0 or labels.max() >= z.shape[1]):
        raise ValueError(f"labels must be in [0, {z.shape[1] - 1}], got values from {labels.min()} "
                         f"to {labels.max()}")
    n = z.shape[0]
    shifted = z - z.max(axis=1, keepdims=True)          # log-sum-exp trick: exp never overflows
    log_sum = np.log(np.exp(shifted).sum(axis=1))
    rows = np.arange(n)
    loss = np.mean(log_sum - shifted[rows, labels])
    grad = np.exp(shifted - log_sum[:, None])           # softmax(z)
    grad[rows, labels] -= 1
    return float(loss), grad / n


LOSSES = {
    "mse": mse,
    "binary_cross_entropy": binary_cross_entropy,
    "binary_cross_entropy_with_logits": binary_cross_entropy_with_logits,
    "softmax_cross_entropy": softmax_cross_entropy,
}


def get(name: str):
    """Return the loss function called `name`; ValueError listing the known names otherwise."""
    one_of("loss", name, tuple(LOSSES))
    return LOSSES[name]
