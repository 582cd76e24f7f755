"""Exercise checks for the vanishing notebook: the sigmoid's derivative, dead units, the gradient-norm ratio."""

from __future__ import annotations

import numpy as np

from .. import activations as _activations
from ._core import Exercise

__all__ = ["sigmoid_derivative", "dead_fraction", "gradient_norm_ratio"]


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


sigmoid_derivative = Exercise(
    "sigmoid_derivative",
    reference=lambda z: _activations.sigmoid_grad(z),
    cases=[(np.array([0.0]),), (np.array([-2.0, -0.5, 0.5, 2.0]),), (np.linspace(-6.0, 6.0, 13),)],
    misconceptions=[
        ("you applied s·(1 − s) to z itself. Compute s = σ(z) first, then σ'(z) = s·(1 − s).",
         lambda z: z * (1 - z)),
        ("the quotient rule gives σ'(z) = e⁻ᶻ/(1 + e⁻ᶻ)²: the denominator is squared.",
         lambda z: np.exp(-z) / (1 + np.exp(-z))),
        ("1 − s² is the pattern of tanh' = 1 − tanh²(z); the sigmoid's derivative is s·(1 − s) with s = σ(z).",
         lambda z: 1 - _sigmoid(z) ** 2),
        ("σ(z) is the sigmoid itself, not its slope: σ'(z) = σ(z)·(1 − σ(z)).", _sigmoid),
    ],
    rtol=1e-6,
    success="Its largest value is σ'(0) = 1/2 · 1/2 = 1/4.",
)


def _dead_fraction(a):
    return float(np.mean(np.all(np.asarray(a) == 0, axis=0)))


_A = np.array([[0.0, 1.2, 0.0, 0.0, 3.1],
               [0.0, 0.0, 0.0, 0.7, 0.0],
               [0.0, 2.0, 0.0, 0.0, 0.5],
               [0.0, 0.0, 0.0, 0.0, 0.0]])        # units 0 and 2 are dead: 2 of 5 → 0.4
_B = np.array([[0.0, 0.0, 0.4], [0.0, 0.0, 0.0]])  # units 0 and 1 dead: 2/3; row 1 is all zeros

dead_fraction = Exercise(
    "dead_fraction",
    reference=_dead_fraction,
    cases=[(_A,), (_B,), (np.ones((3, 4)),), (np.zeros((2, 6)),)],
    misconceptions=[
        ("you counted zero entries. A unit (a column) is dead only if it outputs 0 for every sample (every row).",
         lambda a: float(np.mean(np.asarray(a) == 0))),
        ("a unit that is 0 on some samples is only inactive there; dead means 0 on every sample: use np.all, "
         "not np.any.", lambda a: float(np.mean(np.any(np.asarray(a) == 0, axis=0)))),
        ("rows are samples and columns are units: take np.all over axis=0 (over the samples), then average "
         "over the units.", lambda a: float(np.mean(np.all(np.asarray(a) == 0, axis=1)))),
        ("return the fraction of units (divide by the number of columns), not the count.",
         lambda a: float(np.sum(np.all(np.asarray(a) == 0, axis=0)))),
    ],
    success="In a deep ReLU net at initialisation this fraction grows with depth.",
)


def _gradient_norm_ratio(grads):
    return float(np.linalg.norm(grads[0]) / np.linalg.norm(grads[-1]))


def _grad_cases():
    rng = np.random.default_rng(3)
    three = [rng.normal(0, s, size=shape) for s, shape in ((1e-4, (4, 3)), (1e-2, (3, 3)), (1.0, (3, 2)))]
    two = [rng.normal(0, s, size=shape) for s, shape in ((5.0, (5, 4)), (0.5, (4, 6)))]
    simple = [np.array([[3.0, 0.0], [0.0, 4.0]]), np.array([[1.0, 2.0], [2.0, 4.0]])]   # 5 / 5 = 1
    return [(three,), (two,), (simple,)]


gradient_norm_ratio = Exercise(
    "gradient_norm_ratio",
    reference=_gradient_norm_ratio,
    cases=_grad_cases(),
    misconceptions=[
        ("the ratio is upside down: ‖∂L/∂W¹‖ (the first layer, grads[0]) over ‖∂L/∂Wᴸ‖ (the last, grads[-1]).",
         lambda grads: float(np.linalg.norm(grads[-1]) / np.linalg.norm(grads[0]))),
        ("np.linalg.norm(G, 2) of a matrix is its spectral norm (largest singular value). Use the Frobenius "
         "norm √(Σ G²): np.linalg.norm(G) or np.linalg.norm(G, 'fro').",
         lambda grads: float(np.linalg.norm(grads[0], 2) / np.linalg.norm(grads[-1], 2))),
        ("Σ|G| is the entrywise L1 norm; the Frobenius norm is √(Σ G²).",
         lambda grads: float(np.abs(grads[0]).sum() / np.abs(grads[-1]).sum())),
        ("that is the ratio of squared norms: take the square root of Σ G².",
         lambda grads: float(np.sum(grads[0] ** 2) / np.sum(grads[-1] ** 2))),
    ],
    success="A ratio far below 1 means the first layer learns far more slowly than the last.",
)
