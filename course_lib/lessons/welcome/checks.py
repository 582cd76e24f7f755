"""Exercise checks for the welcome notebook: one sigmoid neuron on a batch, and its decision boundary."""

from __future__ import annotations

import numpy as np

from ...activations import sigmoid
from ...i18n import N_, tr
from ..exercise import CheckResult, Exercise

__all__ = ["neuron_output", "decision_boundary"]


def _neuron(X, w, b):
    """a = σ(X w + b) for a batch X: (N, 2) with one example per row, w: (2,), b a number → a: (N,)."""
    return sigmoid(X @ w + b)


_ROWS = N_("your matrix product raised a shape error. X holds one example per row, shape (N, 2), so the "
           "pre-activations of all examples are X @ w + b, shape (N,). X.T @ w would mix the examples.")


class _NeuronExercise(Exercise):
    """The neuron check, which also names the product that raises a shape error."""

    def evaluate(self, student_fn) -> CheckResult:
        result = super().evaluate(student_fn)
        if not result.passed and "raised ValueError: matmul" in result.message:
            return CheckResult(False, f"✗ {self.name}: {tr(_ROWS)}")
        return result


def _neuron_cases(rng):
    return [(rng.normal(size=(n, 2)), rng.normal(size=2), float(rng.normal())) for n in (5, 1, 3)]


neuron_output = _NeuronExercise(
    "neuron_output",
    _neuron,
    cases=_neuron_cases(np.random.default_rng(0)),
    misconceptions=[
        (N_("you left out the bias: z = X @ w + b."), lambda X, w, b: sigmoid(X @ w)),
        (N_("you returned the pre-activation z = X @ w + b; the neuron's output is a = σ(z)."),
         lambda X, w, b: X @ w + b),
        (N_("the sign in the exponent is wrong: σ(z) = 1/(1 + e^(−z)), so 1/(1 + e^z) is σ(−z), which decreases "
            "with z."),
         lambda X, w, b: 1 / (1 + np.exp(X @ w + b))),
        (N_("you summed over the examples (axis 0): each example's z adds up its own inputs times the weights, "
            "z_i = x_i1·w_1 + x_i2·w_2 + b, that is np.sum(X * w, axis=1) + b, or X @ w + b."),
         lambda X, w, b: sigmoid(np.sum(X * w, axis=0) + b)),
        (N_("you returned the class (1 where a ≥ 1/2) instead of the output a = σ(z), a number between 0 and 1."),
         lambda X, w, b: (X @ w + b >= 0).astype(float)),
    ],
    success=N_("One line computes the neuron for the whole batch."),
)


def _boundary(x1, w, b):
    """The line σ(w·x + b) = 1/2, i.e. w1·x1 + w2·x2 + b = 0, solved for x2 (w2 ≠ 0).   x1: (M,) → x2: (M,)."""
    return -(w[0] * x1 + b) / w[1]


_X1 = np.linspace(-2.0, 2.0, 5)
decision_boundary = Exercise(
    "decision_boundary",
    _boundary,
    cases=[(_X1, np.array([1.0, 2.0]), 0.5), (_X1, np.array([-3.0, 0.5]), -1.0), (_X1, np.array([2.0, -4.0]), 1.5)],
    misconceptions=[
        (N_("you solved w·x + b = 1/2. The output a = σ(z) is 1/2 where z = 0, since σ(0) = 1/2: the boundary is "
            "w1·x1 + w2·x2 + b = 0."), lambda x1, w, b: (0.5 - w[0] * x1 - b) / w[1]),
        (N_("the sign is flipped: from w1·x1 + w2·x2 + b = 0, x2 = −(w1·x1 + b)/w2."),
         lambda x1, w, b: (w[0] * x1 + b) / w[1]),
        (N_("you left out the bias b: x2 = −(w1·x1 + b)/w2. The bias shifts the line."),
         lambda x1, w, b: -(w[0] * x1) / w[1]),
        (N_("you swapped w1 and w2: solve w1·x1 + w2·x2 + b = 0 for x2, which divides by w2."),
         lambda x1, w, b: -(w[1] * x1 + b) / w[0]),
    ],
    success=N_("The boundary is a straight line: one neuron can only separate classes by a line."),
)
