"""Argument checks shared by the package: each raises ValueError naming the argument and its range."""

from __future__ import annotations

import numbers


def positive(name: str, value, *, integer: bool = False):
    """Return value if it is > 0 (and an integer when asked), else raise ValueError."""
    kind = "an integer" if integer else "a number"
    if integer and not isinstance(value, numbers.Integral) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be {kind} > 0, got {value!r}")
    if not value > 0:
        raise ValueError(f"{name} must be {kind} > 0, got {value!r}")
    return value


def non_negative(name: str, value, *, integer: bool = False):
    """Return value if it is >= 0 (and an integer when asked), else raise ValueError."""
    kind = "an integer" if integer else "a number"
    if integer and not isinstance(value, numbers.Integral) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be {kind} >= 0, got {value!r}")
    if not value >= 0:
        raise ValueError(f"{name} must be {kind} >= 0, got {value!r}")
    return value


def in_unit_interval(name: str, value):
    """Return value if 0 <= value < 1 (a probability or decay rate), else raise ValueError."""
    if not isinstance(value, numbers.Real) or not 0.0 <= value < 1.0:
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return value


def in_range(name: str, value, low, high):
    """Return value if low <= value <= high, else raise ValueError."""
    if not isinstance(value, numbers.Real) or not low <= value <= high:
        raise ValueError(f"{name} must be in [{low}, {high}], got {value!r}")
    return value


def one_of(name: str, value, allowed):
    """Return value if it is one of `allowed`, else raise ValueError listing them."""
    if value not in allowed:
        listed = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"{name} must be one of {listed}; got {value!r}")
    return value
