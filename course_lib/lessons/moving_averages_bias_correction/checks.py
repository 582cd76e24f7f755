"""Exercise checks for the averages notebook: the bias-corrected EMA, the momentum iteration matrix and its
stability threshold.  Messages are stored untranslated (N_); the Exercise shows them with tr()."""

from __future__ import annotations

import numpy as np

from ... import ema as _ema
from ...i18n import N_, tr
from ..exercise import CheckResult, Exercise, copy_case, describe_case
from . import compute

__all__ = ["ema_bias_correction", "momentum_matrix", "max_stable_lr"]


# ----------------------------------------------------------------------------------------------------
# The bias-corrected EMA:  v0 = 0;  v_t = β·v_{t−1} + (1 − β)·θ_t;  v̂_t = v_t/(1 − βᵗ),  t = 1..T
# ----------------------------------------------------------------------------------------------------


def _corrected_ema(values, beta):
    return _ema.ema(values, beta, bias_correction=True)


def _ema_dividing_by(values, beta, shift):
    """The raw recursion, each v_t divided by 1 − β^(t + shift): the off-by-one misconceptions."""
    values = np.asarray(values, dtype=float)
    out = np.empty_like(values)
    v = 0.0
    with np.errstate(divide="ignore", invalid="ignore"):  # shift = −1 divides by 1 − β⁰ = 0 at t = 1
        for t in range(1, len(values) + 1):
            v = beta * v + (1 - beta) * values[t - 1]
            out[t - 1] = v / (1 - beta ** (t + shift))
    return out


def _raw_ema(values, beta):
    return _ema.ema(values, beta)


def _start_at_first_value(values, beta, correct):
    """v starts at θ1 instead of 0 (as deck 001's e[1] = v[1]), with or without dividing by 1 − βᵗ."""
    values = np.asarray(values, dtype=float)
    out = np.empty_like(values)
    v = values[0]
    for t in range(1, len(values) + 1):
        if t > 1:
            v = beta * v + (1 - beta) * values[t - 1]
        out[t - 1] = v / (1 - beta**t) if correct else v
    return out


def _corrected_value_fed_back(values, beta):
    """v_t = (β·v_{t−1} + (1 − β)·θ_t)/(1 − βᵗ), with the corrected value carried into the next step."""
    values = np.asarray(values, dtype=float)
    out = np.empty_like(values)
    v = 0.0
    for t in range(1, len(values) + 1):
        v = (beta * v + (1 - beta) * values[t - 1]) / (1 - beta**t)
        out[t - 1] = v
    return out


def _sum_form(values, beta, correct):
    """v_t = β·v_{t−1} + θ_t (PyTorch's momentum form: no 1 − β on the new value), divided by 1 − βᵗ or not."""
    values = np.asarray(values, dtype=float)
    out = np.empty_like(values)
    v = 0.0
    for t in range(1, len(values) + 1):
        v = beta * v + values[t - 1]
        out[t - 1] = v / (1 - beta**t) if correct else v
    return out


class _SeriesExercise(Exercise):
    """An exercise whose answer is one value per step t = 1..T: when no known slip matches, name the first
    wrong entry instead of printing two arrays."""

    def _unexplained(self, student_fn, got_all, expected_all):
        for case in self.cases:
            expected = np.asarray(self.reference(*copy_case(case)), dtype=float)
            try:
                got = np.asarray(student_fn(*copy_case(case)), dtype=float)
            except (TypeError, ValueError):
                return CheckResult(False, tr("✗ {name}: return a 1-D array of numbers, one per value.").format(
                    name=self.name))
            if got.shape != expected.shape:
                return CheckResult(False, tr("✗ {name}: on {case} you returned shape {got}; the answer has one entry "
                                             "per t, shape {expected}.").format(
                    name=self.name, case=describe_case(case), got=got.shape, expected=expected.shape))
            wrong = ~np.isclose(got, expected, rtol=self.rtol, atol=self.atol)
            if wrong.any():
                i = int(np.argmax(wrong))
                message = (tr("✗ {name}: on {case} the entry for t = {t} should be {expected:.6g}, yours is "
                              "{got:.6g} (the entries before it are right).") if i else
                           tr("✗ {name}: on {case} the entry for t = {t} should be {expected:.6g}, yours is "
                              "{got:.6g} (it is the first entry)."))
                return CheckResult(False, message.format(name=self.name, case=describe_case(case), t=i + 1,
                                                         expected=expected[i], got=got[i]))
        return super()._unexplained(student_fn, got_all, expected_all)


ema_bias_correction = _SeriesExercise(
    "ema_bias_correction",
    _corrected_ema,
    cases=[
        (np.array([16.0, 24.0]), 0.98),                     # the worked example: [16, 20.0404]
        (np.array([4.0, 8.0, 2.0, 6.0, 10.0]), 0.5),
        (np.array([20.5, 19.0, 23.5, 22.0, 18.5, 21.0, 25.0, 24.0]), 0.9),
        (np.array([-3.0, 1.5, 2.0, -0.5]), 0.75),
    ],
    misconceptions=[
        (N_("these are the raw EMA values v_t. The bias correction divides each one by 1 − βᵗ: "
         "v̂_t = v_t/(1 − βᵗ)."), _raw_ema),
        (N_("you divided by 1 − β^(t+1): t was incremented before it was used. The first value θ1 is step t = 1, "
         "so v̂1 = v1/(1 − β)."), lambda values, beta: _ema_dividing_by(values, beta, +1)),
        (N_("you divided by 1 − β^(t−1), which is 0 at the first step: t must be incremented before it is used "
         "(count steps from t = 1, not 0)."), lambda values, beta: _ema_dividing_by(values, beta, -1)),
        (N_("you started the average at the first value (v = θ1). Start at v0 = 0: the division by 1 − βᵗ is what "
         "removes the pull towards that 0."), lambda values, beta: _start_at_first_value(values, beta, True)),
        (N_("you started the average at the first value (v = θ1) and did not correct. Start at v0 = 0 and divide "
         "by 1 − βᵗ."), lambda values, beta: _start_at_first_value(values, beta, False)),
        (N_("you accumulated v_t = β·v_{t−1} + θ_t, without the factor (1 − β) on the new value: that is the form "
         "PyTorch uses for momentum (b = μ·b + g). Its weights β^k add up to (1 − βᵗ)/(1 − β), not 1 − βᵗ, so after "
         "dividing by 1 − βᵗ every value is 1/(1 − β) times too large. Either write v_t = β·v_{t−1} + (1 − β)·θ_t, "
         "or keep your sum and divide it by (1 − βᵗ)/(1 − β)."), lambda values, beta: _sum_form(values, beta, True)),
        (N_("you accumulated v_t = β·v_{t−1} + θ_t (PyTorch's momentum form, b = μ·b + g) and returned it as it is. "
         "That sum is about 1/(1 − β) times the values; the EMA is v_t = β·v_{t−1} + (1 − β)·θ_t, then divide by "
         "1 − βᵗ."), lambda values, beta: _sum_form(values, beta, False)),
        (N_("you fed the corrected value back into the recursion. Keep the raw v_t in v_t = β·v_{t−1} + (1 − β)·θ_t "
         "and divide only the value you return."), _corrected_value_fed_back),
    ],
    success=N_("Each v̂_t is a weighted mean of θ1..θ_t whose weights sum to 1."),
)


# ----------------------------------------------------------------------------------------------------
# Momentum on λw²/2: the iteration matrix, compared by its trace and determinant (any order of the state)
# ----------------------------------------------------------------------------------------------------


def _invariants(M):
    """(trace, determinant) of a 2×2 matrix: the same for (w, V) or (V, w) and for any rescaling of V."""
    M = np.asarray(M, dtype=float)
    return np.array([np.trace(M), np.linalg.det(M)])


def _pytorch_matrix(lr, beta, lam):
    """b ← β·b + λw,  w ← w − α·b (PyTorch's form, no 1 − β)."""
    return np.array([[1 - lr * lam, -lr * beta], [lam, beta]])


def _old_velocity_matrix(lr, beta, lam):
    """w ← w − α·V with the velocity of the previous step, then V ← β·V + (1 − β)·λw."""
    return np.array([[1.0, -lr], [(1 - beta) * lam, beta]])


class _MatrixExercise(Exercise):
    """The student returns a 2×2 matrix; it is compared through its trace and determinant, which fix its
    eigenvalues and do not depend on the order of the state (w, V) or (V, w)."""

    def evaluate(self, student_fn):
        if not callable(student_fn):
            return super().evaluate(student_fn)
        for case in self.cases:
            try:
                shape = np.shape(student_fn(*copy_case(case)))
            except Exception:  # reported below, by the base class, without a traceback
                break
            if shape != (2, 2):
                return CheckResult(False, tr("✗ {name}: return a 2×2 array (the state has two numbers, w and V); "
                                             "yours has shape {shape}.").format(name=self.name, shape=shape))
        return _Invariants(self.name, lambda *a: _invariants(self.reference(*a)), self.cases,
                           [(m, lambda *a, f=f: _invariants(f(*a))) for m, f in self.misconceptions],
                           rtol=self.rtol, atol=self.atol, success=self.success
                           ).evaluate(lambda *a: _invariants(student_fn(*a)))


class _Invariants(Exercise):
    """momentum_matrix compared through (trace, determinant): a wrong pair is reported as such."""

    def _unexplained(self, student_fn, got_all, expected_all):
        for case, got, expected in zip(self.cases, got_all, expected_all):
            if not np.allclose(got, expected, rtol=self.rtol, atol=self.atol):
                return CheckResult(False, tr(
                    "✗ {name}: at (α, β, λ) = {case} your matrix has trace {trace:.6g} and determinant {det:.6g}; "
                    "the iteration's are {expected_trace:.6g} and {expected_det:.6g}. Write both updates for one "
                    "step, then put the new V into the w-update.").format(
                    name=self.name, case=case, trace=got[0], det=got[1], expected_trace=expected[0],
                    expected_det=expected[1]))
        return super()._unexplained(student_fn, got_all, expected_all)


_MOMENTUM_CASES = [(0.1, 0.9, 10.0), (0.5, 0.5, 1.0), (0.3, 0.0, 2.0), (1.2, 0.75, 4.0)]

momentum_matrix = _MatrixExercise(
    "momentum_matrix",
    compute.momentum_matrix,
    cases=_MOMENTUM_CASES,
    misconceptions=[
        (N_("this is the matrix of PyTorch's form, b ← β·b + g, w ← w − α·b. The notebook's velocity is an EMA, "
         "V ← β·V + (1 − β)·g: the gradient λw enters with the factor (1 − β)."), _pytorch_matrix),
        (N_("your w-update uses the velocity of the previous step. The step is taken with the new velocity: "
         "V_{t+1} = β·V_t + (1 − β)·λw_t first, then w_{t+1} = w_t − α·V_{t+1}; substitute V_{t+1} into the "
         "w-update."), _old_velocity_matrix),
    ],
    rtol=1e-9, atol=1e-12,
    success=N_("(Compared through the trace and determinant, which fix the eigenvalues for either order of the "
               "state.)"),
)


# ----------------------------------------------------------------------------------------------------
# The largest stable learning rate: α(1 − β)λ < 2(1 + β), verified by simulation
# ----------------------------------------------------------------------------------------------------


SIMULATED = (0.9, 10.0)     # (β, λ) of the simulation the verdict reports
NEAR = (0.99, 1.01)         # just below and just above a bound: where the simulation is run


def _simulated(lr, beta, lam, steps=2000):
    """'converges' or 'diverges' (translated): |w| after `steps` steps from w0 = 1 is below 1 or not."""
    w = abs(compute.momentum_1d(lr, beta, lam, steps)[-1])
    return tr("diverges") if not np.isfinite(w) or w > 1 else tr("converges")


class _ThresholdExercise(Exercise):
    """max_stable_lr: on success, and when the answer is wrong, say what a simulation shows at the student's α."""

    def evaluate(self, student_fn):
        result = super().evaluate(student_fn)
        beta, lam = SIMULATED
        below, above = NEAR
        bound = compute.max_stable_lr(beta, lam)
        if result.passed:
            seen = tr("Simulated for β = {beta:g}, λ = {lam:g} (α_max = {bound:.2f}): at {below:g}·α_max momentum "
                      "{at_below}, at {above:g}·α_max it {at_above}.").format(
                beta=beta, lam=lam, bound=bound, below=below, above=above,
                at_below=_simulated(below * bound, beta, lam), at_above=_simulated(above * bound, beta, lam))
            return CheckResult(True, f"{result.message} {seen}")
        if not callable(student_fn):
            return result
        try:                                    # not done, or it raises: the verdict above says so
            mine = float(student_fn(beta, lam))
        except Exception:
            return result
        if not np.isfinite(mine) or mine <= 0 or np.isclose(mine, bound):
            return result
        if mine < bound:
            seen = tr("Simulated for β = {beta:g}, λ = {lam:g}: your bound is {mine:.3g}, yet momentum still {verb} "
                      "at α = {lr:.3g}.").format(beta=beta, lam=lam, mine=mine, lr=below * bound,
                                                verb=_simulated(below * bound, beta, lam))
        else:
            seen = tr("Simulated for β = {beta:g}, λ = {lam:g}: at your bound's {below:g}·{mine:.3g} = {lr:.3g} "
                      "momentum {verb}.").format(beta=beta, lam=lam, below=below, mine=mine, lr=below * mine,
                                                 verb=_simulated(below * mine, beta, lam))
        return CheckResult(False, f"{result.message} {seen}")


max_stable_lr = _ThresholdExercise(
    "max_stable_lr",
    compute.max_stable_lr,
    cases=[(0.9, 10.0), (0.5, 1.0), (0.0, 2.0), (0.75, 4.0), (0.99, 0.5)],
    misconceptions=[
        (N_("2/λ is the bound of plain gradient descent (β = 0). Momentum moves it: the averaged step is α(1 − β) "
         "and the momentum term adds (1 + β), so α(1 − β)λ < 2(1 + β)."), lambda beta, lam: 2 / lam),
        (N_("2(1 + β)/λ is the bound of PyTorch's form b ← β·b + g, where the gradient enters without (1 − β). "
         "With the notebook's EMA velocity the step is α(1 − β), so divide by (1 − β): 2(1 + β)/((1 − β)λ)."),
         lambda beta, lam: 2 * (1 + beta) / lam),
        (N_("2/((1 − β)λ) treats the EMA step α(1 − β) as plain gradient descent and forgets the momentum term: "
         "the condition is α(1 − β)λ < 2(1 + β)."), lambda beta, lam: 2 / ((1 - beta) * lam)),
        (N_("you multiplied by (1 − β) where you should divide: α(1 − β)λ < 2(1 + β) gives "
         "α < 2(1 + β)/((1 − β)λ)."), lambda beta, lam: 2 * (1 + beta) * (1 - beta) / lam),
        (N_("the factor 2 is missing: at the bound an eigenvalue reaches −1, where 1 + β − α(1 − β)λ = −(1 + β)."),
         lambda beta, lam: (1 + beta) / ((1 - beta) * lam)),
    ],
    rtol=1e-9,
    success="",
)
