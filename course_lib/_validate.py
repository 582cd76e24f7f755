"""Argument checks shared by the package: each raises ValueError (or TypeError for the wrong kind of
object) naming the argument and its allowed range.  Numbers must be finite unless a check says otherwise.
"""

from __future__ import annotations

import math
import numbers

import numpy as np


def _number(name: str, value, kind: str, integer: bool):
    """Raise ValueError unless value is a real number (an integer when asked), not a bool, and finite."""
    if type(value) is int or type(value) is float and not integer and math.isfinite(value):
        return                          # the common case, without the slower abstract-class checks below
    if (isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real)
            or integer and not isinstance(value, numbers.Integral)):
        raise ValueError(f"{name} must be {kind}, got {value!r}")
    if not isinstance(value, numbers.Integral) and not math.isfinite(value):
        raise ValueError(f"{name} must be {kind} (finite), got {value!r}")


def positive(name: str, value, *, integer: bool = False):
    """Return value if it is a finite number > 0 (and an integer when asked), else raise ValueError."""
    kind = ("an integer" if integer else "a number") + " > 0"
    _number(name, value, kind, integer)
    if not value > 0:
        raise ValueError(f"{name} must be {kind}, got {value!r}")
    return value


def non_negative(name: str, value, *, integer: bool = False):
    """Return value if it is a finite number >= 0 (and an integer when asked), else raise ValueError."""
    kind = ("an integer" if integer else "a number") + " >= 0"
    _number(name, value, kind, integer)
    if not value >= 0:
        raise ValueError(f"{name} must be {kind}, got {value!r}")
    return value


def finite(name: str, value):
    """Return value if it is a finite real number, else raise ValueError."""
    _number(name, value, "a finite number", False)
    return value


def in_unit_interval(name: str, value):
    """Return value if 0 <= value < 1 (a probability or decay rate), else raise ValueError."""
    if type(value) is float and 0.0 <= value < 1.0:
        return value
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) or not 0.0 <= value < 1.0:
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return value


def in_range(name: str, value, low, high):
    """Return value if low <= value <= high and value is finite, else raise ValueError."""
    if (isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real)
            or not isinstance(value, numbers.Integral) and not math.isfinite(value) or not low <= value <= high):
        bounds = f"[{low}, {high}]" if math.isfinite(high) else f">= {low} (finite)"
        raise ValueError(f"{name} must be in {bounds}, got {value!r}" if math.isfinite(high)
                         else f"{name} must be a number {bounds}, got {value!r}")
    return value


def one_of(name: str, value, allowed):
    """Return value if it is one of `allowed`, else raise ValueError listing them."""
    try:
        ok = value in allowed
    except (TypeError, ValueError):        # an array compared with a name, say
        ok = False
    if isinstance(value, (bool, np.bool_)) and not any(isinstance(a, (bool, np.bool_)) for a in allowed):
        ok = False                         # True is not the integer 1 here (verbose=True, say)
    if not ok:
        listed = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"{name} must be one of {listed}; got {value!r}")
    return value


def generator(rng, name: str = "rng"):
    """Return rng if it is a numpy Generator; else TypeError saying how to make one (the one rule for randomness)."""
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, (numbers.Integral, np.random.RandomState)) or rng is None:
        hint = (f"np.random.default_rng({rng})" if isinstance(rng, numbers.Integral)
                else "np.random.default_rng(seed), e.g. np.random.default_rng(0)")
        raise TypeError(f"{name} must be a numpy Generator; make one with {hint} and pass it; "
                        f"got {type(rng).__name__} {rng!r}")
    raise TypeError(f"{name} must be a numpy Generator, e.g. np.random.default_rng(0); got {type(rng).__name__}")
