"""Exercise checks for notebook 02 (forward pass and backprop)."""

from __future__ import annotations

import numpy as np

from ..activations import sigmoid, sigmoid_grad
from ..backprop import hidden_delta, output_delta
from ._core import CheckResult, Exercise

__all__ = ["sigmoid_prime", "bp1_output_delta", "bp2_hidden_delta"]

sigmoid_prime = Exercise(
    "sigmoid_prime",
    sigmoid_grad,
    cases=[(np.array([-4.0, -1.0, 0.0, 0.5, 2.0, 6.0]),), (np.array([[0.3, -0.3], [1.5, -2.5]]),)],
    misconceptions=[
        ("you computed z·(1 − z): the formula σ' = a(1 − a) takes the activation a = σ(z), not z. "
         "Compute s = σ(z) first, then s·(1 − s).", lambda z: z * (1 - z)),
        ("you forgot the factor (1 − σ(z)): σ'(z) = σ(z)·(1 − σ(z)).", sigmoid),
        ("you evaluated σ' at a = σ(z) instead of at z: σ(σ(z))·(1 − σ(σ(z))). The derivative takes z.",
         lambda z: sigmoid_grad(sigmoid(z))),
        ("the sign is wrong: σ is increasing, so σ'(z) = σ(z)·(1 − σ(z)) is positive.",
         lambda z: -sigmoid_grad(z)),
    ],
    success="σ'(z) is at most 1/4, at z = 0.",
)


def _bp1(a, z, y):
    return output_delta(a, z, y, "quadratic", "sigmoid")


def _bp1_cases(rng):
    cases = []
    for n in (1, 2, 3):
        z = rng.normal(0.0, 1.5, (n, 1))
        cases.append((sigmoid(z), z, rng.uniform(0.0, 1.0, (n, 1))))
    return cases


bp1_output_delta = Exercise(
    "bp1_output_delta",
    _bp1,
    cases=_bp1_cases(np.random.default_rng(2)),
    misconceptions=[
        ("you dropped the factor 2: that is the gradient of ½‖a − y‖². Here C = ‖y − a‖², so ∇_a C = 2(a − y).",
         lambda a, z, y: (a - y) * sigmoid_grad(z)),
        ("you used σ'(a) instead of σ'(z): BP1 multiplies by the derivative at the pre-activation z^L.",
         lambda a, z, y: 2 * (a - y) * sigmoid_grad(a)),
        ("you forgot ⊙ σ'(z^L): δ^L is the gradient with respect to z^L, so the chain rule passes through σ.",
         lambda a, z, y: 2 * (a - y)),
        ("the sign is flipped: ∇_a ‖y − a‖² = 2(a − y), not 2(y − a).",
         lambda a, z, y: 2 * (y - a) * sigmoid_grad(z)),
        ("you computed z(1 − z): σ'(z) = a(1 − a) with a = σ(z), not z(1 − z).",
         lambda a, z, y: 2 * (a - y) * z * (1 - z)),
    ],
    success="That is BP1 for the quadratic cost and a sigmoid output.",
)


def _bp2(W_next, delta_next, z):
    return hidden_delta(W_next, delta_next, z, "sigmoid")


def _bp2_cases(rng):
    # square W^{l+1} so that every wrong answer below can run (a non-square W would raise a shape error instead)
    return [(rng.normal(size=(n, n)), rng.normal(size=(n, 1)), rng.normal(size=(n, 1))) for n in (2, 3, 4)]


_ROWS_NOT_COLUMNS = ("Here the examples are columns: δ^{l+1} has shape (n_{l+1}, 1) and W^{l+1} (n_{l+1}, n_l), so BP2 "
                     "is W_next.T @ delta_next. `delta @ W.T` is the same product for the code that stores examples "
                     "as rows (the notation box of notebook 02), where W is the transpose of W^{l+1}.")


class _BP2Exercise(Exercise):
    """The BP2 check, which also names the row-form product that raises a shape error on columns."""

    def evaluate(self, student_fn) -> CheckResult:
        result = super().evaluate(student_fn)
        if not result.passed and "raised ValueError: matmul" in result.message:
            return CheckResult(False, f"✗ {self.name}: your matrix product raised a shape error. {_ROWS_NOT_COLUMNS}")
        return result


bp2_hidden_delta = _BP2Exercise(
    "bp2_hidden_delta",
    _bp2,
    cases=_bp2_cases(np.random.default_rng(3)),
    misconceptions=[
        ("you used W^{l+1} instead of its transpose: the error flows backwards, so BP2 has (W^{l+1})ᵀ δ^{l+1}.",
         lambda W, d, z: (W @ d) * sigmoid_grad(z)),
        ("you forgot ⊙ σ'(z^l): δ^l is the gradient with respect to z^l, so multiply by the slope of σ there.",
         lambda W, d, z: W.T @ d),
        ("you multiplied by σ(z^l) instead of σ'(z^l) = σ(z)(1 − σ(z)).",
         lambda W, d, z: (W.T @ d) * sigmoid(z)),
        ("your δ^l is a square matrix: δ^{l+1}ᵀ W^{l+1} is a row, and a row times the column σ'(z^l) broadcasts to "
         "a matrix. " + _ROWS_NOT_COLUMNS, lambda W, d, z: (d.T @ W) * sigmoid_grad(z)),
    ],
    success="With BP1 and BP2 you can find δ in every layer; BP3 and BP4 turn δ into gradients.",
)
