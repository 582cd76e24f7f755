"""Exercise checks for the batch-normalization notebook."""

from __future__ import annotations

import numpy as np

from ...i18n import N_
from ...layers import BatchNorm
from ..exercise import ArrayExercise, CheckResult, Exercise

__all__ = ["bn_forward", "bn_running_average", "batchnorm_backward"]     # the exercises (slip_grads & co. for tests)

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
        (N_("the batch variance is the biased one, σ² = (1/m)·Σ(x_i − μ)² (np.var's default, ddof=0); you divided "
            "by m − 1."), _forward_unbiased),
        (N_("ε is missing: x̂ = (x − μ)/√(σ² + ε). Without it a feature that is constant in the batch divides by zero "
            "(the last case uses ε = 0.5, so you can see it)."), _forward_no_eps),
        (N_("batch norm normalises each feature over the batch (axis=0); you normalised each example over its "
            "features (axis=1), which is layer normalisation."), _forward_wrong_axis),
        (N_("divide by the standard deviation √(σ² + ε), not by the variance."), _forward_divide_by_variance),
        (N_("ε belongs inside the square root, √(σ² + ε); you added it outside, √σ² + ε. With ε = 10⁻⁵ the outputs "
            "differ only in the fifth or sixth digit, which is why they look the same when printed; the case with "
            "ε = 0.5 shows the difference."), _forward_eps_outside_root),
        (N_("γ scales and β shifts: y = γ·x̂ + β. You swapped them (β·x̂ + γ)."), _forward_gamma_beta_swapped),
    ],
    success=N_("Your forward pass matches course_lib.layers.BatchNorm in training mode."),
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
        (N_("here momentum is the weight of the OLD value, as in Keras: running = momentum·running + (1 − momentum)·"
            "batch. You used PyTorch's convention, where momentum (0.1 by default) weights the new batch value."),
         lambda b, m: _running_with(b, m, keep=1 - m)),
        (N_("this course's BatchNorm (like Keras) averages the biased batch variance (ddof=0); you used the unbiased "
            "one (ddof=1), which is what PyTorch stores in running_var."), lambda b, m: _running_with(b, m, m, ddof=1)),
        (N_("the running variance starts at 1, not 0 (and the running mean at 0)."),
         lambda b, m: _running_with(b, m, m, var0=0.0)),
        (N_("you used PyTorch's convention twice: momentum as the weight of the new value, and the unbiased (ddof=1) "
            "batch variance. Here momentum weights the OLD value, and the variance is the biased one (ddof=0)."),
         lambda b, m: _running_with(b, m, keep=1 - m, ddof=1)),
        (N_("your values are right but in the wrong order: return (running_mean, running_var)."),
         lambda b, m: _running_with(b, m, m)[::-1]),
    ],
    success=N_("Your running averages match BatchNorm's buffers."),
)


# ---- the whole backward pass: (dx, dgamma, dbeta) for a batch -----------------------------------------
# The reference is course_lib.layers.BatchNorm's own backward; the tests compare it (and slip_grads with no slip)
# with central finite differences of L = Σ dy·y, which know no derivation.


def _layer_backward(dy, x, gamma, eps):
    layer = BatchNorm(x.shape[1], eps=eps)
    layer.params["gamma"][...] = gamma
    layer.forward(x, train=True)
    dx = layer.backward(dy)
    return dx, layer.grads["gamma"].copy(), layer.grads["beta"].copy()


def _bn_train_forward(x, gamma, beta, eps):
    return gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps) + beta


def finite_difference_grads(dy, x, gamma, eps, h=1e-6):
    """Central differences of L = Σ dy·BN(x; γ, β) → (dx (m, d), dgamma (d,), dbeta (d,))."""
    beta = np.zeros_like(gamma)
    args = [np.array(x, dtype=float), np.array(gamma, dtype=float), beta]
    grads = []
    for value in args:
        grad = np.zeros_like(value)
        for i in np.ndindex(value.shape):
            old = value[i]
            value[i] = old + h
            plus = np.sum(dy * _bn_train_forward(*args, eps))
            value[i] = old - h
            minus = np.sum(dy * _bn_train_forward(*args, eps))
            value[i] = old
            grad[i] = (plus - minus) / (2 * h)
        grads.append(grad)
    return tuple(grads)


def slip_grads(dy, x, gamma, eps, *, ddof=0, eps_outside=False, drop_mu=False, no_mean_path=False,
                only_direct=False, sum_axis=0):
    """BatchNorm's backward with one slip switched on (each switch is a mistake students make)."""
    m = x.shape[0]
    mu = x.mean(axis=0)
    var = np.sum((x - mu) ** 2, axis=0) / (m - ddof)
    std = np.sqrt(var) + eps if eps_outside else np.sqrt(var + eps)
    x_hat = (x - mu) / std
    dx_hat = dy * gamma
    # ∂L/∂σ² through 1/std:  d(1/std)/dσ² = −1/(std²·2√σ²) when ε is outside, −½(σ² + ε)^(−3/2) inside
    dstd_dvar = 0.5 / np.sqrt(var) if eps_outside else 0.5 / std
    dvar = np.sum(dx_hat * (x - mu), axis=0) * (-1 / std**2) * dstd_dvar
    dmu = np.sum(-dx_hat / std, axis=0)
    centred = x if drop_mu else x - mu
    dx = dx_hat / std
    if not only_direct:
        dx = dx + dvar * 2 * centred / (m - ddof) + (0 if no_mean_path else dmu / m)
    return dx, np.sum(dy * x_hat, axis=sum_axis), np.sum(dy, axis=sum_axis)


full_cases = [(_rng.normal(size=(m, d)), _rng.normal(loc, scale, size=(m, d)), _rng.uniform(0.5, 2.0, size=d), eps)
               for m, d, loc, scale, eps in [(6, 3, 3.0, 2.0, 1e-5), (4, 5, -1.0, 0.5, 1e-3),
                                             (10, 2, 5.0, 1.0, 0.5), (3, 4, 0.0, 1.0, 1e-5)]]
PARTS = ("dx", "dgamma", "dbeta")


def _keepdims_accepted(student_fn):
    """student_fn with a (1, d) dgamma or dbeta (np.sum(..., keepdims=True)) returned as (d,): both are right."""
    def fn(dy, x, gamma, eps):
        output = student_fn(dy, x, gamma, eps)
        if not isinstance(output, (tuple, list)) or len(output) != len(PARTS):
            return output
        dx, *sums = output
        return (dx, *[s[0] if np.shape(s) == (1, x.shape[1]) else s for s in sums])
    return fn


class GradsExercise(ArrayExercise):
    """An ArrayExercise whose answer (dx, dgamma, dbeta) may give dgamma and dbeta as (1, d) rows."""

    def evaluate(self, student_fn) -> CheckResult:
        return super().evaluate(_keepdims_accepted(student_fn) if callable(student_fn) else student_fn)


batchnorm_backward = GradsExercise(
    "batchnorm_backward", _layer_backward, full_cases, outputs=PARTS,
    hints={"dx": N_("Compare your steps with the graph above.")},
    case_notes=[f"x {case[1].shape}, ε = {case[3]:g}" for case in full_cases],
    misconceptions=[
        (N_("the σ² path needs the centred input: ∂L/∂x_i gets ∂L/∂σ²·2(x_i − μ)/m. Writing 2·x_i/m, as deck 001 "
            "does, is right only when μ = 0; the batches here have μ ≠ 0."), lambda *c: slip_grads(*c, drop_mu=True)),
        (N_("x_i also reaches L through μ: add ∂L/∂μ/m, with ∂L/∂μ = Σ_j ∂L/∂x̂_j·(−1/√(σ² + ε))."),
         lambda *c: slip_grads(*c, no_mean_path=True)),
        (N_("you differentiated the unbiased variance, 1/(m − 1)·Σ(x_i − μ)². This BatchNorm (like np.var's default) "
            "uses the biased one, σ² = (1/m)·Σ(x_i − μ)², in the forward pass, so the backward has 2(x_i − μ)/m."),
         lambda *c: slip_grads(*c, ddof=1)),
        (N_("ε belongs inside the square root, x̂ = (x − μ)/√(σ² + ε), as in course_lib.layers.BatchNorm; you "
            "differentiated (x − μ)/(√σ² + ε). The case with ε = 0.5 shows the difference."),
         lambda *c: slip_grads(*c, eps_outside=True)),
        (N_("sum dgamma and dbeta over the batch (axis=0), one value per feature, shape (d,); you summed over the "
            "features (axis=1)."), lambda *c: slip_grads(*c, sum_axis=1)),
        (N_("dgamma and dbeta are sums over the batch, shape (d,): γ and β are shared by all m examples, so their "
            "gradients add up over the batch (np.sum(..., axis=0))."), lambda *c: slip_grads(*c, sum_axis=None)),
        (N_("your dx has only the direct path, ∂L/∂x̂_i/√(σ² + ε), as if μ and σ² were constants. Both depend on "
            "every x_i: add the paths through σ² and through μ."), lambda *c: slip_grads(*c, only_direct=True)),
    ],
    success=N_("Your backward pass agrees with course_lib.layers.BatchNorm.backward and with finite differences."),
)
