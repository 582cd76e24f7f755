"""How an exercise is checked: run the student's function on cases, compare with a reference, and when
it is wrong, compare with known wrong answers to name the likely misconception.

A misconception is written as the wrong implementation a student typically writes (forgetting 1 − βᵗ,
say), so the diagnosis is "your answers are exactly what this mistake gives".
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np


@dataclass
class CheckResult:
    """The verdict: passed or not, and the message shown to the student."""

    passed: bool
    message: str

    def __bool__(self):
        return self.passed


def describe(value):
    """A short text for a value: tuples as tuples, numbers to 4 significant digits (0, not "0."), arrays
    abbreviated, anything else by its repr; at most about 200 characters."""
    if isinstance(value, tuple):
        inner = ", ".join(describe(v) for v in value)
        text = f"({inner},)" if len(value) == 1 else f"({inner})"
    elif _is_numeric(value) and np.ndim(value) == 0:
        item = np.asarray(value).item()
        text = f"{item:.4g}" if isinstance(item, float) else repr(item)
    elif _is_numeric(value):
        text = np.array2string(np.asarray(value), threshold=8, separator=", ",
                               formatter={"float_kind": lambda v: f"{v:.4g}"})
    else:
        text = repr(value)
    return text if len(text) < 200 else text[:200] + "…"


def _kind(value):
    """'a tuple of 2 values', 'an array of shape (3,)', 'a number', 'a str' …: what a value is."""
    if isinstance(value, tuple):
        return f"a tuple of {len(value)} value{'s' * (len(value) != 1)}"
    if _is_numeric(value):
        return "a number" if np.ndim(value) == 0 else f"an array of shape {np.shape(value)}"
    return f"a {type(value).__name__}"


def _mismatch(got, expected):
    """Why got is not expected, without dumping arrays when the kind or shape is what differs."""
    if isinstance(expected, tuple) and isinstance(got, tuple) and len(got) == len(expected):
        for i, (g, e) in enumerate(zip(got, expected)):
            if _kind(g) != _kind(e):
                return f"item {i} of your tuple is {_kind(g)}, expected {_kind(e)}"
    elif _kind(got) != _kind(expected):
        return f"your function returned {_kind(got)}, expected {_kind(expected)}"
    return None


def _is_numeric(value):
    try:
        return np.asarray(value).dtype.kind in "biuf"
    except Exception:
        return False


def same(got, expected, rtol, atol):
    if isinstance(expected, tuple) and isinstance(got, (tuple, list)) and len(got) == len(expected):
        return all(same(g, e, rtol, atol) for g, e in zip(got, expected))
    if not _is_numeric(expected):
        try:
            return bool(got == expected)
        except Exception:
            return False
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

    def _not_callable(self, student_fn) -> CheckResult:
        """The verdict when the student passed something other than a function (e.g. its result)."""
        return CheckResult(False, f"✗ {self.name}: pass your function itself (without calling it), "
                                  f"got {type(student_fn).__name__}")

    def _not_done(self) -> CheckResult:
        """The verdict while the exercise's skeleton still raises NotImplementedError."""
        return CheckResult(False, f"… {self.name}: not done yet. Replace the `raise NotImplementedError` with your "
                                  "code and run the check again.")

    def _call(self, fn, *args, where=""):
        """Run the student's code once, fn(*args): (output, None), or (None, the verdict its exception calls for).
        where: the words after "… raised X: message" that say on which case (e.g. " on input …")."""
        try:
            return fn(*args), None
        except NotImplementedError:
            return None, self._not_done()
        except Exception as error:  # a student's bug is reported, never a traceback
            return None, CheckResult(False, f"✗ {self.name}: your function raised {type(error).__name__}: {error}"
                                            f"{where}")

    def _outputs(self, fn):
        return [fn(*copy_case(case)) for case in self.cases]

    def evaluate(self, student_fn) -> CheckResult:
        if not callable(student_fn):
            return self._not_callable(student_fn)
        expected = self._outputs(self.reference)
        got = []
        for case in self.cases:
            output, verdict = self._call(student_fn, *copy_case(case), where=f" on input {describe_case(case)}")
            if verdict is not None:                  # a CheckResult is falsy when it fails
                return verdict
            got.append(output)
        if all(same(g, e, self.rtol, self.atol) for g, e in zip(got, expected)):
            return CheckResult(True, f"✓ {self.name}: correct on all {len(self.cases)} cases. {self.success}".strip())
        for message, wrong_fn in self.misconceptions:
            wrong = self._outputs(wrong_fn)
            if all(same(g, w, self.rtol, self.atol) for g, w in zip(got, wrong)):
                return CheckResult(False, f"✗ {self.name}: {message}")
        k = next(i for i, (g, e) in enumerate(zip(got, expected)) if not same(g, e, self.rtol, self.atol))
        why = _mismatch(got[k], expected[k])
        if why is not None:
            return CheckResult(False, f"✗ {self.name}: on input {describe_case(self.cases[k])} {why}.")
        return CheckResult(False, f"✗ {self.name}: on input {describe_case(self.cases[k])} expected "
                                  f"{describe(expected[k])}; got {describe(got[k])}")


def copy_case(case):
    """A deep copy of a case for one call: a function that changes its arguments (lists, dicts, arrays
    inside them) cannot change the stored cases, for this check or any later one."""
    return copy.deepcopy(tuple(case))


def describe_case(case):
    return "(" + ", ".join(describe(a) for a in case) + ")"


# ----------------------------------------------------------------------------------------------------
# Messages for wrong answers no misconception explains: say which returned value (or which entry) is
# wrong, instead of printing expected and obtained arrays side by side.
# ----------------------------------------------------------------------------------------------------


def first_difference(got, expected, rtol, atol):
    """'' if got matches expected, else a sentence about the first entry (or the shape) that differs."""
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return f"is not an array of numbers ({type(got).__name__})"
    if got.shape != expected.shape:
        return f"has shape {got.shape}, expected {expected.shape}"
    bad = ~np.isclose(got, expected, rtol=rtol, atol=atol)
    if not bad.any():
        return ""
    if got.ndim == 0:
        return f"is {got:.6g}, expected {expected:.6g}"
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    where = f"entry {index[0]}" if len(index) == 1 else f"entry {index}"
    return (f"differs in {int(bad.sum())} of {bad.size} entries; first at {where}: "
            f"expected {expected[index]:.6g}, got {got[index]:.6g}")


class ArrayExercise(Exercise):
    """An Exercise whose answer is one array or a tuple of arrays named `outputs`.

    A wrong answer that no misconception explains is reported as: which case, which returned value, which
    entry, and a hint for that value, never as two arrays printed side by side.
    """

    def __init__(self, *args, outputs=None, hints=None, case_notes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.outputs = outputs                 # None: a single array; else the names of the returned values
        self.hints = hints or {}
        self.case_notes = case_notes or [""] * len(self.cases)

    def evaluate(self, student_fn) -> CheckResult:
        result = super().evaluate(student_fn)
        if result.passed or not result.message.startswith(f"✗ {self.name}: on input"):
            return result
        return CheckResult(False, self._diagnose(student_fn))

    def _diagnose(self, student_fn):
        for k, case in enumerate(self.cases):
            expected = self.reference(*case)
            got = student_fn(*[np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in case])
            note = f"case {k + 1} of {len(self.cases)}" + (f" ({self.case_notes[k]})" if self.case_notes[k] else "")
            if self.outputs is None:
                problem = first_difference(got, np.asarray(expected, dtype=float), self.rtol, self.atol)
                if problem:
                    return f"✗ {self.name}: on {note} your result {problem}. {self.hints.get('', '')}".strip()
                continue
            if not isinstance(got, (tuple, list)) or len(got) != len(self.outputs):
                return (f"✗ {self.name}: return the tuple ({', '.join(self.outputs)}); you returned "
                        f"{type(got).__name__}" + (f" of length {len(got)}" if isinstance(got, (tuple, list)) else "")
                        + ".")
            problems = {name: first_difference(g, np.asarray(e, dtype=float), self.rtol, self.atol)
                        for name, g, e in zip(self.outputs, got, expected)}
            wrong = [name for name, problem in problems.items() if problem]
            if wrong:
                right = [name for name in self.outputs if name not in wrong]
                first = wrong[0]
                return (f"✗ {self.name}: on {note}, {' and '.join(wrong)} {'is' if len(wrong) == 1 else 'are'} "
                        f"wrong" + (f" ({' and '.join(right)} right)" if right else "") + f": {first} "
                        f"{problems[first]}. {self.hints.get(first, '')}").strip()
        return f"✗ {self.name}: your answers differ from the expected ones."
