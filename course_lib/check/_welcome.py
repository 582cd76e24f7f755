"""Exercise checks for the welcome notebook."""

from __future__ import annotations

import numpy as np

from ._core import CheckResult, Exercise

__all__ = ["write_relu"]


def _relu(z):
    return np.maximum(z, 0.0)


_PYTHON_MAX = ("Python's max(z, 0) (or an `if z > 0`) asks whether the whole array z is larger than 0, a "
               "question with one answer per entry, so numpy raises a ValueError. Use the elementwise maximum, "
               "np.maximum(z, 0).")


class _ReluExercise(Exercise):
    """The ReLU check, which also names the one slip that raises instead of returning a wrong array."""

    def evaluate(self, student_fn) -> CheckResult:
        result = super().evaluate(student_fn)
        if not result.passed and "truth value of an array" in result.message:
            return CheckResult(False, f"✗ {self.name}: {_PYTHON_MAX}")
        return result


write_relu = _ReluExercise(
    "write_relu",
    _relu,
    cases=[(np.array([-2.0, -0.5, 0.0, 0.5, 3.0]),),
           (np.array([[1.0, -1.0], [-3.0, 2.5]]),),
           (np.array([-1e-3, 7.0]),)],
    misconceptions=[
        ("np.max(z, 0) is the largest entry along axis 0, not an elementwise maximum: use np.maximum(z, 0).",
         lambda z: np.max(z, 0)),
        ("np.max(z) is the single largest entry of z; ReLU keeps one value per entry: use np.maximum(z, 0).",
         lambda z: np.max(z)),
        ("that is ReLU's derivative (1 where z > 0, else 0); ReLU itself keeps the value z where z > 0.",
         lambda z: (z > 0).astype(float)),
        ("that is |z|: ReLU sends negative inputs to 0, it does not flip their sign.", np.abs),
        ("that keeps the negative part, min(z, 0); ReLU keeps the positive part, max(z, 0).",
         lambda z: np.minimum(z, 0.0)),
    ],
    success="Your ReLU works on arrays of any shape.",
)
