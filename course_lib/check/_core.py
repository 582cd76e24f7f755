"""How an exercise is checked: run the student's function on cases, compare with a reference, and when
it is wrong, compare with known wrong answers to name the likely misconception.

A misconception is written as the wrong implementation a student typically writes (forgetting 1 − βᵗ,
say), so the diagnosis is "your answers are exactly what this mistake gives".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class CheckResult:
    """The verdict: passed or not, and the message shown to the student."""

    passed: bool
    message: str

    def __bool__(self):
        return self.passed


def _describe(value):
    text = np.array2string(np.asarray(value), precision=4, threshold=8) if _is_numeric(value) else repr(value)
    return text if len(text) < 200 else text[:200] + "…"


def _is_numeric(value):
    try:
        return np.asarray(value).dtype.kind in "biuf"
    except Exception:
        return False


def _same(got, expected, rtol, atol):
    if not _is_numeric(expected):
        return got == expected
    if not _is_numeric(got):
        return False
    got, expected = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    return got.shape == expected.shape and bool(np.allclose(got, expected, rtol=rtol, atol=atol))


class Exercise:
    """check.<exercise>(student_fn) prints the verdict; .evaluate(student_fn) returns a CheckResult."""

    def __init__(self, name, reference, cases, misconceptions=(), *, rtol=1e-6, atol=1e-9, success=""):
        self.name = name
        self.reference = reference
        self.cases = list(cases)                 # each case: a tuple of positional arguments
        self.misconceptions = list(misconceptions)   # (message, wrong_fn) pairs
        self.rtol, self.atol = rtol, atol
        self.success = success

    def __repr__(self):
        return f"<exercise check {self.name!r}: call it with your function>"

    def __call__(self, student_fn):
        print(self.evaluate(student_fn).message)

    def _outputs(self, fn):
        return [fn(*_copy(case)) for case in self.cases]

    def evaluate(self, student_fn) -> CheckResult:
        if not callable(student_fn):
            return CheckResult(False, f"✗ {self.name}: pass your function itself (without calling it), "
                                      f"got {type(student_fn).__name__}")
        expected = self._outputs(self.reference)
        got = []
        for case in self.cases:
            try:
                got.append(student_fn(*_copy(case)))
            except NotImplementedError:
                return CheckResult(False, f"… {self.name}: not done yet. Replace the "
                                          "`raise NotImplementedError` with your code and run the check again.")
            except Exception as error:  # a student's bug is reported, never a traceback
                return CheckResult(False, f"✗ {self.name}: your function raised {type(error).__name__}: {error} "
                                          f"on input {_describe_case(case)}")
        if all(_same(g, e, self.rtol, self.atol) for g, e in zip(got, expected)):
            return CheckResult(True, f"✓ {self.name}: correct on all {len(self.cases)} cases. {self.success}".strip())
        for message, wrong_fn in self.misconceptions:
            wrong = self._outputs(wrong_fn)
            if all(_same(g, w, self.rtol, self.atol) for g, w in zip(got, wrong)):
                return CheckResult(False, f"✗ {self.name}: {message}")
        k = next(i for i, (g, e) in enumerate(zip(got, expected)) if not _same(g, e, self.rtol, self.atol))
        shape_note = ""
        if _is_numeric(got[k]) and np.shape(got[k]) != np.shape(expected[k]):
            shape_note = f" (shape {np.shape(got[k])}, expected {np.shape(expected[k])})"
        return CheckResult(False, f"✗ {self.name}: on input {_describe_case(self.cases[k])} expected "
                                  f"{_describe(expected[k])}, got {_describe(got[k])}{shape_note}.")


def _copy(case):
    return tuple(np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in case)


def _describe_case(case):
    return "(" + ", ".join(_describe(a) for a in case) + ")"
