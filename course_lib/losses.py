"""Losses.  Each returns (mean loss over the batch, ∂loss/∂(first argument)).

Shapes: predictions (N, K) or (N,); the loss of one example is the mean over its K outputs (as in Keras),
and the batch loss is the mean over the N examples, so the gradient carries a factor 1/(N·K).
"""

from __future__ import annotations

import numpy as np

from ._validate import one_of


def _check_same_shape(y_pred, y):
    if y_pred.shape != y.shape:
        raise ValueError(f"y must have the shape of the predictions {y_pred.shape}, got {y.shape}")


def mse(y_pred, y):
    """Mean squared error  L = mean((ŷ − y)²);  ∂L/∂ŷ = 2(ŷ − y)/size.   ŷ, y: (N, K)."""
    y_pred = np.asarray(y_pred)
    y = np.asarray(y, dtype=y_pred.dtype)
    _check_same_shape(y_pred, y)
    diff = y_pred - y
    return float(np.mean(diff**2)), 2 * diff / diff.size


def binary_cross_entropy(p, y, eps=1e-12):
    """L = −mean(y·ln p + (1 − y)·ln(1 − p));  ∂L/∂p = (p − y)/(p(1 − p))/size.   p, y: (N, K), p in (0, 1).

    p is clipped to [eps, 1 − eps] so that log(0) never happens.  For logits use
    `binary_cross_entropy_with_logits`, which is exact and stable.
    """
    p = np.asarray(p)
    y = np.asarray(y, dtype=p.dtype)
    _check_same_shape(p, y)
    p = np.clip(p, eps, 1 - eps)
    loss = -np.mean(y * np.log(p) + (1 - y) * np.log1p(-p))
    return float(loss), (p - y) / (p * (1 - p)) / p.size


def binary_cross_entropy_with_logits(z, y):
    """BCE of σ(z):  L = mean(softplus(z) − y·z);  ∂L/∂z = (σ(z) − y)/size.   z, y: (N, K)."""
    from .activations import sigmoid

    z = np.asarray(z)
    y = np.asarray(y, dtype=z.dtype)
    _check_same_shape(z, y)
    loss = np.mean(np.logaddexp(0, z) - y * z)
    return float(loss), (sigmoid(z) - y) / z.size


def softmax(logits):
    """softmax(z)_k = e^(z_k − max z)/Σ_j e^(z_j − max z), row by row.   (N, K) → (N, K)."""
    z = np.asarray(logits)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_cross_entropy(logits, labels):
    """L = mean_n(logsumexp(z_n) − z_n[y_n]);  ∂L/∂z = (softmax(z) − onehot(y))/N.   z: (N, K), y: (N,) ints."""
    z = np.asarray(logits)
    labels = np.asarray(labels)
    if z.ndim != 2:
        raise ValueError(f"logits must have shape (N, K), got {z.shape}")
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
