"""Exercise checks for the vanishing notebook: the sigmoid's derivative, dead units, the gradient-norm ratio."""

from __future__ import annotations

import numpy as np

from .. import activations as _activations
from ._core import CheckResult, Exercise

__all__ = ["sigmoid_derivative", "dead_fraction", "gradient_norm_ratio"]


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


class _Explained(Exercise):
    """An Exercise whose last resort, when no listed misconception matches, is a sentence naming what differs
    (from `explain(student_fn)`) instead of two arrays printed side by side.  explain returns None when it has
    nothing better to say than the generic message."""

    def __init__(self, *args, explain, **kwargs):
        super().__init__(*args, **kwargs)
        self.explain = explain

    def evaluate(self, student_fn) -> CheckResult:
        result = super().evaluate(student_fn)
        if result.passed or not result.message.startswith(f"✗ {self.name}: on input"):
            return result
        try:
            sentence = self.explain(student_fn)
        except Exception:          # the explanation must never hide the verdict
            return result
        return result if sentence is None else CheckResult(False, f"✗ {self.name}: {sentence}")


def _explain_sigmoid_derivative(fn):
    z = np.array([-2.0, 0.0, 2.0])
    got = np.asarray(fn(z.copy()), dtype=float)
    if got.shape != z.shape:
        return (f"for z of shape {z.shape} your function returned shape {got.shape}. Work elementwise on the "
                "whole array (np.exp, not math.exp) and return an array of the same shape as z.")
    want = _activations.sigmoid_grad(z)
    if np.allclose(got, want, rtol=1e-6, atol=1e-9):
        return None
    return (f"at z = −2, 0, 2 your function gives {got[0]:.4g}, {got[1]:.4g}, {got[2]:.4g}; σ'(z) gives "
            f"{want[0]:.4g}, {want[1]:.4g}, {want[2]:.4g} (σ'(0) = 1/4, and σ' is symmetric around 0). Compute "
            "s = 1 / (1 + np.exp(-z)) first, then return s * (1 - s).")


sigmoid_derivative = _Explained(
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
        ("s * 1 - s is (s · 1) − s = 0: multiplication comes before subtraction. Write s * (1 - s).",
         lambda z: np.zeros_like(np.asarray(z, dtype=float))),
        ("1 / 1 + np.exp(-z) is 1 + e⁻ᶻ, not σ(z): division comes before addition. Write 1 / (1 + np.exp(-z)).",
         lambda z: (1 + np.exp(-z)) * (1 - (1 + np.exp(-z)))),
    ],
    explain=_explain_sigmoid_derivative,
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

def _explain_dead_fraction(fn):
    got = fn(_A.copy())
    if np.ndim(got) != 0:
        return (f"return one number, the fraction of dead units; on a layer with 5 units your function returned "
                f"an array of shape {np.shape(got)}. Average the per-unit True/False over the units.")
    if np.isclose(float(got), 0.4):
        return None
    return (f"on a layer where units 0 and 2 (of 5) are 0 on every sample, your function gives {float(got):.4g}; "
            "the dead fraction is 2/5 = 0.4.")


dead_fraction = _Explained(
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
        ("that is the mask of dead units, one True/False per unit; return its mean, the fraction.",
         lambda a: np.all(np.asarray(a) == 0, axis=0)),
        ("that is, per unit, the fraction of samples where it is 0. Dead means 0 on every sample: np.all over "
         "axis=0, then the mean over the units.", lambda a: np.mean(np.asarray(a) == 0, axis=0)),
    ],
    explain=_explain_dead_fraction,
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
