"""Exercise checks for notebook 01 (why deep networks)."""

from __future__ import annotations

import numpy as np

from ...activations import relu
from ...i18n import N_, tr
from ..exercise import CheckResult, Exercise
from .compute import (
    count_linear_pieces,
    evenly_spaced_fit_errors,
    fit_relu_kinks,
    relu_units,
    sawtooth,
    target,
)

__all__ = ["least_squares_fit", "skewed_tent", "count_pieces"]

_X = np.linspace(0.0, 1.0, 17)


def _skewed_tent(x, p):
    """The tent T_p peaking at x = p, from two ReLU units: relu(x)/p − (1/p + 1/(1 − p))·relu(x − p)."""
    return relu(x) / p - (1 / p + 1 / (1 - p)) * relu(np.asarray(x, dtype=np.float64) - p)


skewed_tent = Exercise(
    "skewed_tent",
    _skewed_tent,
    cases=[(_X, 0.5), (_X, 0.25), (np.array([0.0, 0.3, 0.8, 0.9, 1.0]), 0.8), (np.linspace(0.0, 1.0, 11), 0.3)],
    misconceptions=[
        (N_("you kept the weights 2 and −4 of the symmetric tent: they are right only for p = 1/2. The first piece "
            "rises from 0 to 1 over [0, p], so its slope is 1/p; the second falls from 1 to 0 over [p, 1], "
            "slope −1/(1 − p)."),
         lambda x, p: 2 * relu(x) - 4 * relu(x - p)),
        (N_("the second unit's weight must be −(1/p + 1/(1 − p)): with −1/(1 − p) alone it adds that slope to the "
            "first unit's 1/p instead of replacing it. The change of slope at p is −1/(1 − p) − 1/p."),
         lambda x, p: relu(x) / p - relu(x - p) / (1 - p)),
        (N_("the second unit must switch on at the peak, x = p: relu(x − p), not relu(x − 1/2)."),
         lambda x, p: relu(x) / p - (1 / p + 1 / (1 - p)) * relu(x - 0.5)),
    ],
    success=N_("Two ReLU units make one tooth of any shape; at p = 1/2 it is the tent map T."),
)

def _kinks_only(x, y):
    return count_linear_pieces(x, y) - 1


def _exact_comparison(x, y):
    slopes = np.diff(y) / np.diff(x)
    return 1 + int(np.sum(slopes[1:] != slopes[:-1]))


def _turns_only(x, y):
    slopes = np.diff(y) / np.diff(x)
    return 1 + int(np.sum(np.sign(slopes[1:]) != np.sign(slopes[:-1])))


_Y_GRID = np.linspace(0.0, 1.0, 33)
count_pieces = Exercise(
    "count_pieces",
    count_linear_pieces,
    cases=[
        (_Y_GRID, 0.3 * _Y_GRID + 0.1),                                        # a straight line: 1 piece
        (_Y_GRID, sawtooth(_Y_GRID, 2)),                                       # 4 pieces
        (_Y_GRID, relu(_Y_GRID - 0.25) + 2 * relu(_Y_GRID - 0.5)),              # slope 0, 1, 3: 3 pieces
        (_Y_GRID, np.minimum(_Y_GRID, 0.5) + relu(_Y_GRID - 0.75)),              # slope 1, 0, 1: 3 pieces
    ],
    misconceptions=[
        (N_("you counted the kinks; the pieces are one more than the kinks (n kinks cut a line into n + 1 pieces)."),
         _kinks_only),
        (N_("comparing slopes with != counts round-off (slopes equal up to 1e-15) as kinks: compare with a tolerance, "
            "e.g. np.isclose or abs(difference) > 1e-9."), _exact_comparison),
        (N_("you counted only the turns (where the slope changes sign); a kink is any change of slope, e.g. from 1 "
            "to 3."),
         _turns_only),
    ],
    success=N_("Now count the pieces of the deep and the shallow nets."),
)


# ---------------------------------------------------------------------------------------------------- least squares


def _predictions(fit):
    """The fitted values c + Σ_j v_j relu(x − t_j) at the points x, from a function returning (v, c)."""

    def predict(x, y, kinks):
        v, c = fit(x, y, kinks)
        return relu_units(x, kinks) @ np.ravel(np.asarray(v, dtype=np.float64)) + float(np.squeeze(c))

    return predict


def _fit_without_bias(x, y, kinks):
    v, *_ = np.linalg.lstsq(relu_units(x, kinks), y, rcond=None)
    return v, 0.0


def _fit_facing_left(x, y, kinks):
    design = np.hstack([relu(kinks[None, :] - x[:, None]), np.ones((len(x), 1))])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    return coef[:-1], coef[-1]


def _fit_without_relu(x, y, kinks):
    design = np.hstack([x[:, None] - kinks[None, :], np.ones((len(x), 1))])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    return coef[:-1], coef[-1]


_RETURN_V_C = N_("return the output weights and the bias, `return v, c`, with v of shape (n,) (one per unit) and "
                 "c a number.")
_H_SHAPE = N_("the design matrix has the wrong shape: it needs one row per point and one column per unit (plus the "
              "column of ones), H = relu(x[:, None] - kinks[None, :]) of shape (N, n).")


class _FitExercise(Exercise):
    """The least-squares exercise: functions return (v, c) and the check compares the fitted values they give, so
    that every correct way of solving (lstsq, the normal equations, a pseudo-inverse) passes; then it reports how
    many evenly spaced units the sine needs with the student's fit."""

    def evaluate(self, student_fn) -> CheckResult:
        if not callable(student_fn):
            return super().evaluate(student_fn)
        try:
            answer = student_fn(*[np.array(a, copy=True) for a in self.cases[0]])
        except Exception:
            answer = None      # reported by the comparison below, with the input that raised
        else:
            if not isinstance(answer, (tuple, list)) or len(answer) != 2 or np.size(answer[1]) != 1:
                return CheckResult(False, f"✗ {self.name}: {tr(_RETURN_V_C)}")
        on_values = Exercise(self.name, _predictions(self.reference), self.cases,
                             [(message, _predictions(fn)) for message, fn in self.misconceptions],
                             rtol=self.rtol, atol=self.atol, success=self.success)
        result = on_values.evaluate(_predictions(student_fn))
        if not result.passed and ("Incompatible dimensions" in result.message or "matmul" in result.message):
            return CheckResult(False, f"✗ {self.name}: {tr(_H_SHAPE)}")
        if result.passed:
            errors = evenly_spaced_fit_errors(student_fn, "sine", 40)
            n = 1 + int(np.argmax(errors < 0.01))
            units = tr("With evenly spaced kinks j/n, your fit of the sine has an RMS error below 0.01 from n = {n} "
                       "units on ({error:.4f}; {before:.4f} with {fewer}).").format(
                n=n, error=errors[n - 1], before=errors[n - 2], fewer=n - 1)
            return CheckResult(True, f"{result.message} {units}")
        return result


def _fit_cases(rng):
    cases = []
    for name, n_points, kinks in (("sine", 21, np.arange(5) / 5), ("bump", 41, np.sort(rng.uniform(0, 0.95, 8))),
                                  ("jump", 101, np.arange(10) / 10)):
        x = np.linspace(0.0, 1.0, n_points)
        cases.append((x, target(name, x), kinks))
    return cases


least_squares_fit = _FitExercise(
    "least_squares_fit",
    fit_relu_kinks,
    cases=_fit_cases(np.random.default_rng(1)),
    misconceptions=[
        (N_("you left out the output bias c (or returned c = 0 without fitting it): add a column of ones to H, whose "
            "coefficient is c, and fit it with v."), _fit_without_bias),
        (N_("your units face left, relu(t_j − x): here unit j is relu(x − t_j), zero left of its kink and rising after "
            "it. (Both families can approximate, but they are different nets with different best fits.)"),
         _fit_facing_left),
        (N_("your hidden units are linear, x − t_j without the relu: every sum of them is a straight line, so the fit "
            "is the best line. Apply relu to x − t_j."), _fit_without_relu),
    ],
    rtol=1e-6,
    atol=1e-8,
    success=N_("Only the output layer was fitted: a linear problem, solved exactly."),
)
