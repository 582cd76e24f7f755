"""Exercise checks for the averages notebook: the bias-corrected EMA, the effective window, the weights of the past."""

from __future__ import annotations

import numpy as np

from .. import ema as _ema
from ._core import CheckResult, Exercise, _copy, _describe_case

__all__ = ["ema_bias_correction", "ema_effective_window", "ema_past_weights"]


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
    """An exercise whose answer is one value per step: when no known slip matches, name the first wrong entry
    (step t, or k steps back) instead of printing two arrays."""

    def __init__(self, *args, entry="t", first=1, **kwargs):
        super().__init__(*args, **kwargs)
        self.entry, self.first = entry, first

    def evaluate(self, student_fn):
        result = super().evaluate(student_fn)
        if result.passed or not result.message.startswith(f"✗ {self.name}: on input"):
            return result                       # passed, not done, raised, or a slip named by its message
        for case in self.cases:
            expected = np.asarray(self.reference(*_copy(case)), dtype=float)
            try:
                got = np.asarray(student_fn(*_copy(case)), dtype=float)
            except (TypeError, ValueError):
                return CheckResult(False, f"✗ {self.name}: return a 1-D array of numbers, one per "
                                          f"{'value' if self.entry == 't' else 'step back'}.")
            if got.shape != expected.shape:
                return CheckResult(False, f"✗ {self.name}: on {_describe_case(case)} you returned shape {got.shape}; "
                                          f"the answer has one entry per {self.entry}, shape {expected.shape}.")
            wrong = ~np.isclose(got, expected, rtol=self.rtol, atol=self.atol)
            if wrong.any():
                i = int(np.argmax(wrong))
                right = "the entries before it are right" if i else "it is the first entry"
                return CheckResult(False, f"✗ {self.name}: on {_describe_case(case)} the entry for {self.entry} = "
                                          f"{i + self.first} should be {expected[i]:.6g}, yours is {got[i]:.6g} "
                                          f"({right}).")
        return result


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
        ("these are the raw EMA values v_t. The bias correction divides each one by 1 − βᵗ: "
         "v̂_t = v_t/(1 − βᵗ).", _raw_ema),
        ("you divided by 1 − β^(t+1): t was incremented before it was used. The first value θ1 is step t = 1, "
         "so v̂1 = v1/(1 − β).", lambda values, beta: _ema_dividing_by(values, beta, +1)),
        ("you divided by 1 − β^(t−1), which is 0 at the first step: t must be incremented before it is used "
         "(count steps from t = 1, not 0).", lambda values, beta: _ema_dividing_by(values, beta, -1)),
        ("you started the average at the first value (v = θ1). Start at v0 = 0: the division by 1 − βᵗ is what "
         "removes the pull towards that 0.", lambda values, beta: _start_at_first_value(values, beta, True)),
        ("you started the average at the first value (v = θ1) and did not correct. Start at v0 = 0 and divide "
         "by 1 − βᵗ.", lambda values, beta: _start_at_first_value(values, beta, False)),
        ("you accumulated v_t = β·v_{t−1} + θ_t, without the factor (1 − β) on the new value: that is the form "
         "PyTorch uses for momentum (b = μ·b + g). Its weights β^k add up to (1 − βᵗ)/(1 − β), not 1 − βᵗ, so after "
         "dividing by 1 − βᵗ every value is 1/(1 − β) times too large. Either write v_t = β·v_{t−1} + (1 − β)·θ_t, "
         "or keep your sum and divide it by (1 − βᵗ)/(1 − β).", lambda values, beta: _sum_form(values, beta, True)),
        ("you accumulated v_t = β·v_{t−1} + θ_t (PyTorch's momentum form, b = μ·b + g) and returned it as it is. "
         "That sum is about 1/(1 − β) times the values; the EMA is v_t = β·v_{t−1} + (1 − β)·θ_t, then divide by "
         "1 − βᵗ.", lambda values, beta: _sum_form(values, beta, False)),
        ("you fed the corrected value back into the recursion. Keep the raw v_t in v_t = β·v_{t−1} + (1 − β)·θ_t "
         "and divide only the value you return.", _corrected_value_fed_back),
    ],
    success="Each v̂_t is a weighted mean of θ1..θ_t whose weights sum to 1.",
    entry="t",
)


# ----------------------------------------------------------------------------------------------------
# The effective window 1/(1 − β)
# ----------------------------------------------------------------------------------------------------


ema_effective_window = Exercise(
    "ema_effective_window",
    lambda beta: 1 / (1 - beta),
    cases=[(0.0,), (0.5,), (0.9,), (0.98,), (0.75,)],
    misconceptions=[
        ("1/(1 + β) is the slide's typo (deck 002): it gives about 0.53 for β = 0.9, not 10. The window is "
         "1/(1 − β).", lambda beta: 1 / (1 + beta)),
        ("β/(1 − β) is one less than the window: it counts the past values only. Use 1/(1 − β).",
         lambda beta: beta / (1 - beta)),
        ("1 − β is the weight of the newest value; the window is its inverse, 1/(1 − β).", lambda beta: 1 - beta),
    ],
    rtol=1e-9,
)


# ----------------------------------------------------------------------------------------------------
# The weights of the past: the value k steps back gets (1 − β)·β^k, k = 0..n−1
# ----------------------------------------------------------------------------------------------------


def _weights(beta, n):
    return _ema.ema_weights(beta, n)


ema_past_weights = _SeriesExercise(
    "ema_past_weights",
    _weights,
    cases=[(0.9, 5), (0.5, 4), (0.98, 3), (0.0, 3), (0.75, 6)],
    misconceptions=[
        ("β^k are the weights of the sum v = β·v + θ (PyTorch's momentum form, b = μ·b + g); they add up to about "
         "1/(1 − β), not 1. The EMA v = β·v + (1 − β)·θ multiplies each by (1 − β), the weight of the newest value.",
         lambda beta, n: beta ** np.arange(n)),
        ("off by one: the newest value (k = 0) gets (1 − β)·β⁰ = 1 − β, not (1 − β)·β.",
         lambda beta, n: (1 - beta) * beta ** np.arange(1, n + 1)),
        ("the roles of β and 1 − β are swapped: β is what remains of the old average, so the weights are "
         "(1 − β)·β^k.", lambda beta, n: beta * (1 - beta) ** np.arange(n)),
        ("the order is reversed: entry k is the value k steps in the past, so entry 0 (the newest) is the largest.",
         lambda beta, n: ((1 - beta) * beta ** np.arange(n))[::-1]),
    ],
    entry="k", first=0,
)
