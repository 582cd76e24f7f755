"""Learning-rate schedules: pure functions of the step number, lr = schedule(t), t = 0, 1, 2, ...

Each factory checks its arguments and returns a closure.  The closure takes a step t (an int, giving a
float) or an array of steps (giving an array of the same shape), so a whole schedule can be plotted
with `schedule(np.arange(T))`.  Its __name__ spells out the factory call, for training logs.
"""

from __future__ import annotations

import numbers

import numpy as np

from ._validate import non_negative, one_of, positive


def _steps(t):
    """t as a float array, after checking that every step is >= 0."""
    try:
        t = np.asarray(t, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"t must be a step number >= 0 (or an array of them), got {t!r}") from None
    if not np.all(np.isfinite(t)) or np.any(t < 0):
        bad = t[~(np.isfinite(t) & (t >= 0))].flat[0]
        raise ValueError(f"t must be a finite step number >= 0, got {bad!r}")
    return t


def _output(lr):
    """A python float for a single step (it will not upcast float32 arrays), else the array."""
    return float(lr) if np.ndim(lr) == 0 else lr


def _named(schedule, text):
    """Give the closure a readable name, e.g. 'constant(lr0=0.1)'."""
    schedule.__name__ = schedule.__qualname__ = text
    return schedule


def _decay_rate_exponential(decay_rate):
    """decay_rate as a float, after checking 0 < decay_rate <= 1 (r > 1 would make the lr grow)."""
    if not isinstance(decay_rate, numbers.Real) or not 0 < decay_rate <= 1:
        raise ValueError(f"decay_rate must be in (0, 1], got {decay_rate!r}")
    return float(decay_rate)


def constant(lr0):
    """αt = α0 for every step."""
    lr0 = float(positive("lr0", lr0))

    def schedule(t):
        t = _steps(t)
        return _output(np.full_like(t, lr0))

    return _named(schedule, f"constant(lr0={lr0})")


def exponential_decay(lr0, decay_rate, decay_steps, staircase=False):
    """αt = α0·r^(t/τ), or α0·r^⌊t/τ⌋ with staircase=True (r = decay_rate, τ = decay_steps)."""
    lr0 = float(positive("lr0", lr0))
    r = _decay_rate_exponential(decay_rate)
    tau = positive("decay_steps", decay_steps, integer=True)
    one_of("staircase", staircase, (False, True))

    def schedule(t):
        t = _steps(t)
        exponent = np.floor(t / tau) if staircase else t / tau
        return _output(lr0 * r**exponent)

    arguments = f"lr0={lr0}, decay_rate={r}, decay_steps={tau}, staircase={staircase}"
    return _named(schedule, f"exponential_decay({arguments})")


def inverse_time_decay(lr0, decay_rate, decay_steps, staircase=False):
    """αt = α0/(1 + r·t/τ), or α0/(1 + r·⌊t/τ⌋) with staircase=True (r = decay_rate, τ = decay_steps)."""
    lr0 = float(positive("lr0", lr0))
    r = float(non_negative("decay_rate", decay_rate))
    tau = positive("decay_steps", decay_steps, integer=True)
    one_of("staircase", staircase, (False, True))

    def schedule(t):
        t = _steps(t)
        periods = np.floor(t / tau) if staircase else t / tau
        return _output(lr0 / (1 + r * periods))

    arguments = f"lr0={lr0}, decay_rate={r}, decay_steps={tau}, staircase={staircase}"
    return _named(schedule, f"inverse_time_decay({arguments})")


def invscaling(lr0, power_t=0.5):
    """αt = α0/(t + 1)^power_t.

    scikit-learn documents invscaling as α0/tᵉ with t counted from 1; here steps count from 0, hence
    t + 1.  (Its MLP updates the rate once per epoch, with t = number of samples seen so far.)
    """
    lr0 = float(positive("lr0", lr0))
    power_t = float(non_negative("power_t", power_t))

    def schedule(t):
        t = _steps(t)
        return _output(lr0 / (t + 1) ** power_t)

    return _named(schedule, f"invscaling(lr0={lr0}, power_t={power_t})")


SCHEDULES = {
    "constant": constant,
    "exponential_decay": exponential_decay,
    "inverse_time_decay": inverse_time_decay,
    "invscaling": invscaling,
}
