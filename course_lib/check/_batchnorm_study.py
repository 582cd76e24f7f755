"""Exercise checks for the batch-normalization notebook."""

from __future__ import annotations

import numpy as np

from ..batchnorm_study import backward_terms
from ..layers import BatchNorm
from ._core import Exercise

__all__ = ["bn_forward", "bn_backward", "bn_running_average"]

_rng = np.random.default_rng(10)


# ---- the forward pass ---------------------------------------------------------------------------------


def _forward_reference(x, gamma, beta, eps):
    layer = BatchNorm(x.shape[1], eps=eps)
    layer.params["gamma"][...] = gamma
    layer.params["beta"][...] = beta
    return layer.forward(x, train=True)


def _forward_unbiased(x, gamma, beta, eps):
    return gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0, ddof=1) + eps) + beta


def _forward_no_eps(x, gamma, beta, eps):
    return gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0)) + beta


def _forward_eps_outside_root(x, gamma, beta, eps):
    return gamma * (x - x.mean(axis=0)) / (np.sqrt(x.var(axis=0)) + eps) + beta


def _forward_gamma_beta_swapped(x, gamma, beta, eps):
    return beta * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps) + gamma


def _forward_wrong_axis(x, gamma, beta, eps):
    mu, var = x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True)
    return gamma * (x - mu) / np.sqrt(var + eps) + beta


def _forward_divide_by_variance(x, gamma, beta, eps):
    return gamma * (x - x.mean(axis=0)) / (x.var(axis=0) + eps) + beta


_forward_cases = [
    (_rng.normal(3.0, 2.0, size=(8, 3)), np.array([1.0, 2.0, 0.5]), np.array([0.0, -1.0, 3.0]), 1e-5),
    (_rng.normal(-1.0, 0.5, size=(5, 4)), np.ones(4), np.zeros(4), 1e-3),
    (_rng.normal(0.0, 1.0, size=(4, 2)), np.array([1.5, 1.0]), np.array([0.5, 0.5]), 0.5),   # a large ε
]

bn_forward = Exercise(
    "bn_forward", _forward_reference, _forward_cases,
    misconceptions=[
        ("the batch variance is the biased one, σ² = (1/m)·Σ(x_i − μ)² (np.var's default, ddof=0); you divided "
         "by m − 1.", _forward_unbiased),
        ("ε is missing: x̂ = (x − μ)/√(σ² + ε). Without it a feature that is constant in the batch divides by zero "
         "(the last case uses ε = 0.5, so you can see it).", _forward_no_eps),
        ("batch norm normalises each feature over the batch (axis=0); you normalised each example over its "
         "features (axis=1), which is layer normalisation.", _forward_wrong_axis),
        ("divide by the standard deviation √(σ² + ε), not by the variance.", _forward_divide_by_variance),
        ("ε belongs inside the square root, √(σ² + ε); you added it outside, √σ² + ε. With ε = 10⁻⁵ the outputs "
         "differ only in the fifth or sixth digit, which is why they look the same when printed; the case with "
         "ε = 0.5 shows the difference.", _forward_eps_outside_root),
        ("γ scales and β shifts: y = γ·x̂ + β. You swapped them (β·x̂ + γ).", _forward_gamma_beta_swapped),
    ],
    success="Your forward pass matches course_lib.layers.BatchNorm in training mode.",
)


# ---- the backward pass for one feature ----------------------------------------------------------------


def _backward_reference(x, dy, gamma, eps):
    return backward_terms(x[:, None], dy[:, None], gamma, eps)["dx"][:, 0]


def _parts(x, dy, gamma, eps):
    t = backward_terms(x[:, None], dy[:, None], gamma, eps)
    return {key: value[:, 0] if np.ndim(value) == 2 else value[0] for key, value in t.items()}, len(x)


def _backward_deck(x, dy, gamma, eps):
    t, m = _parts(x, dy, gamma, eps)
    return t["dx_hat"] / np.sqrt(t["var"] + eps) + t["dvar"] * 2 * x / m + t["dmu"] / m


def _backward_no_variance_path(x, dy, gamma, eps):
    t, m = _parts(x, dy, gamma, eps)
    return t["dx_hat"] / np.sqrt(t["var"] + eps) + t["dmu"] / m


def _backward_no_mean_path(x, dy, gamma, eps):
    t, m = _parts(x, dy, gamma, eps)
    return t["dx_hat"] / np.sqrt(t["var"] + eps) + t["dvar"] * 2 * (x - t["mu"]) / m


def _backward_constants(x, dy, gamma, eps):
    t, _ = _parts(x, dy, gamma, eps)
    return t["dx_hat"] / np.sqrt(t["var"] + eps)


def _backward_no_gamma(x, dy, gamma, eps):
    return _backward_reference(x, dy, 1.0, eps)


_backward_cases = [
    (_rng.normal(3.0, 2.0, size=6), _rng.normal(size=6), 1.5, 1e-5),
    (_rng.normal(-2.0, 0.5, size=4), _rng.normal(size=4), 0.7, 1e-3),
    (_rng.normal(5.0, 1.0, size=10), _rng.normal(size=10), 2.0, 1e-5),
]

bn_backward = Exercise(
    "bn_backward", _backward_reference, _backward_cases,
    misconceptions=[
        ("the σ² term must use the centred input: ∂L/∂σ²·2(x_i − μ)/m. Writing 2·x_i/m (as some slides do) is only "
         "right when μ = 0, and the inputs here have μ ≠ 0.", _backward_deck),
        ("x_i reaches L through σ² too: add ∂L/∂σ²·2(x_i − μ)/m.", _backward_no_variance_path),
        ("x_i reaches L through μ too: add ∂L/∂μ/m, with ∂L/∂μ = Σ ∂L/∂x̂_j·(−1/√(σ² + ε)).",
         _backward_no_mean_path),
        ("μ and σ² depend on every x_i, so they are not constants: add the paths through σ² and μ.",
         _backward_constants),
        ("∂L/∂x̂_i = ∂L/∂y_i·γ: the upstream gradient is multiplied by γ.", _backward_no_gamma),
    ],
    success="Your backward pass agrees with the derivation (and with finite differences).",
)


# ---- the running statistics ---------------------------------------------------------------------------


def _running_reference(batches, momentum):
    layer = BatchNorm(batches.shape[2], momentum=momentum)
    for batch in batches:
        layer.forward(batch, train=True)
    return layer.buffers["running_mean"], layer.buffers["running_var"]


def _running_with(batches, momentum, keep, ddof=0, var0=1.0):
    """The EMA with `keep` as the weight of the old value (the course's convention is keep = momentum)."""
    mean, var = np.zeros(batches.shape[2]), np.full(batches.shape[2], var0)
    for batch in batches:
        mean = keep * mean + (1 - keep) * batch.mean(axis=0)
        var = keep * var + (1 - keep) * batch.var(axis=0, ddof=ddof)
    return mean, var


_running_cases = [
    (_rng.normal(2.0, 3.0, size=(1, 8, 2)), 0.9),
    (_rng.normal(-1.0, 0.5, size=(5, 4, 3)), 0.99),
    (_rng.normal(4.0, 2.0, size=(20, 16, 1)), 0.8),
]

bn_running_average = Exercise(
    "bn_running_average", _running_reference, _running_cases,
    misconceptions=[
        ("here momentum is the weight of the OLD value, as in Keras: running = momentum·running + (1 − momentum)·"
         "batch. You used PyTorch's convention, where momentum (0.1 by default) weights the new batch value.",
         lambda b, m: _running_with(b, m, keep=1 - m)),
        ("this course's BatchNorm (like Keras) averages the biased batch variance (ddof=0); you used the unbiased "
         "one (ddof=1), which is what PyTorch stores in running_var.", lambda b, m: _running_with(b, m, m, ddof=1)),
        ("the running variance starts at 1, not 0 (and the running mean at 0).",
         lambda b, m: _running_with(b, m, m, var0=0.0)),
        ("you used PyTorch's convention twice: momentum as the weight of the new value, and the unbiased (ddof=1) "
         "batch variance. Here momentum weights the OLD value, and the variance is the biased one (ddof=0).",
         lambda b, m: _running_with(b, m, keep=1 - m, ddof=1)),
        ("your values are right but in the wrong order: return (running_mean, running_var).",
         lambda b, m: _running_with(b, m, m)[::-1]),
    ],
    success="Your running averages match BatchNorm's buffers.",
)
