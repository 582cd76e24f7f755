"""How an exercise is checked: run the student's function on cases, compare with a reference, and when
it is wrong, compare with known wrong answers to name the likely misconception.

A misconception is written as the wrong implementation a student typically writes (forgetting 1 − βᵗ,
say), so the diagnosis is "your answers are exactly what this mistake gives".

Every message is shown in the reader's language (course_lib.i18n): misconception messages, `success`, `hints`
and `case_notes` are given in English (marked with N_) and translated here, when a verdict is written.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from ..i18n import tr


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
        if len(value) == 1:
            return tr("a tuple of 1 value")
        return tr("a tuple of {n} values").format(n=len(value))
    if _is_numeric(value):
        return tr("a number") if np.ndim(value) == 0 else tr("an array of shape {shape}").format(shape=np.shape(value))
    return tr("a {type_name}").format(type_name=type(value).__name__)


def _mismatch(got, expected):
    """Why got is not expected, without dumping arrays when the kind or shape is what differs."""
    if isinstance(expected, tuple) and isinstance(got, tuple) and len(got) == len(expected):
        for i, (g, e) in enumerate(zip(got, expected)):
            if _kind(g) != _kind(e):
                return tr("item {i} of your tuple is {got}, expected {expected}").format(
                    i=i, got=_kind(g), expected=_kind(e))
    elif _kind(got) != _kind(expected):
        return tr("your function returned {got}, expected {expected}").format(got=_kind(got), expected=_kind(expected))
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
        return tr("<exercise check {name!r}: call it with your function>").format(name=self.name)

    def __call__(self, student_fn):
        print(self.evaluate(student_fn).message)

    def _not_callable(self, student_fn) -> CheckResult:
        """The verdict when the student passed something other than a function (e.g. its result)."""
        return CheckResult(False, tr("✗ {name}: pass your function itself (without calling it), got {type_name}")
                           .format(name=self.name, type_name=type(student_fn).__name__))

    def _not_done(self) -> CheckResult:
        """The verdict while the exercise's skeleton still raises NotImplementedError."""
        return CheckResult(False, tr("… {name}: not done yet. Replace the `raise NotImplementedError` with your "
                                     "code and run the check again.").format(name=self.name))

    def _call(self, fn, *args, where=""):
        """Run the student's code once, fn(*args): (output, None), or (None, the verdict its exception calls for).
        where: the words after "… raised X: message" that say on which case (e.g. " on input …"), translated."""
        try:
            return fn(*args), None
        except NotImplementedError:
            return None, self._not_done()
        except Exception as error:  # a student's bug is reported, never a traceback
            return None, CheckResult(False, tr("✗ {name}: your function raised {error_type}: {error}{where}").format(
                name=self.name, error_type=type(error).__name__, error=error, where=where))

    def _outputs(self, fn):
        return [fn(*copy_case(case)) for case in self.cases]

    def evaluate(self, student_fn) -> CheckResult:
        if not callable(student_fn):
            return self._not_callable(student_fn)
        expected = self._outputs(self.reference)
        got = []
        for case in self.cases:
            where = tr(" on input {case}").format(case=describe_case(case))
            output, verdict = self._call(student_fn, *copy_case(case), where=where)
            if verdict is not None:                  # a CheckResult is falsy when it fails
                return verdict
            got.append(output)
        if all(same(g, e, self.rtol, self.atol) for g, e in zip(got, expected)):
            return CheckResult(True, tr("✓ {name}: correct on all {n} cases. {success}").format(
                name=self.name, n=len(self.cases), success=tr(self.success)).strip())
        for message, wrong_fn in self.misconceptions:
            wrong = self._outputs(wrong_fn)
            if all(same(g, w, self.rtol, self.atol) for g, w in zip(got, wrong)):
                return CheckResult(False, f"✗ {self.name}: {tr(message)}")
        return self._unexplained(student_fn, got, expected)

    def _unexplained(self, student_fn, got, expected) -> CheckResult:
        """The verdict on a wrong answer no misconception explains: the first case that differs, and how."""
        k = next(i for i, (g, e) in enumerate(zip(got, expected)) if not same(g, e, self.rtol, self.atol))
        why = _mismatch(got[k], expected[k])
        if why is not None:
            return CheckResult(False, tr("✗ {name}: on input {case} {why}.").format(
                name=self.name, case=describe_case(self.cases[k]), why=why))
        return CheckResult(False, tr("✗ {name}: on input {case} expected {expected}; got {got}").format(
            name=self.name, case=describe_case(self.cases[k]), expected=describe(expected[k]), got=describe(got[k])))


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
        return tr("is not an array of numbers ({type_name})").format(type_name=type(got).__name__)
    if got.shape != expected.shape:
        return tr("has shape {shape}, expected {expected}").format(shape=got.shape, expected=expected.shape)
    bad = ~np.isclose(got, expected, rtol=rtol, atol=atol)
    if not bad.any():
        return ""
    if got.ndim == 0:
        return tr("is {got:.6g}, expected {expected:.6g}").format(got=float(got), expected=float(expected))
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    message = tr("differs in {n} of {size} entries; first at entry {index}: expected {expected:.6g}, got {got:.6g}")
    return message.format(n=int(bad.sum()), size=bad.size, index=index[0] if len(index) == 1 else index,
                          expected=expected[index], got=got[index])


def _and(names) -> str:
    """'a', 'a and b', 'a and b and c': names joined into one phrase."""
    phrase = names[0]
    for name in names[1:]:
        phrase = tr("{first} and {second}").format(first=phrase, second=name)
    return phrase


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

    def _unexplained(self, student_fn, got, expected) -> CheckResult:
        return CheckResult(False, self._diagnose(student_fn))

    def _case_note(self, k) -> str:
        """'case 2 of 3', or 'case 2 of 3 (its note)'."""
        if self.case_notes[k]:
            return tr("case {k} of {n} ({note})").format(k=k + 1, n=len(self.cases), note=tr(self.case_notes[k]))
        return tr("case {k} of {n}").format(k=k + 1, n=len(self.cases))

    def _diagnose(self, student_fn):
        for k, case in enumerate(self.cases):
            expected = self.reference(*case)
            got = student_fn(*[np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in case])
            note = self._case_note(k)
            if self.outputs is None:
                problem = first_difference(got, np.asarray(expected, dtype=float), self.rtol, self.atol)
                if problem:
                    return tr("✗ {name}: on {case} your result {problem}. {hint}").format(
                        name=self.name, case=note, problem=problem, hint=tr(self.hints.get("", ""))).strip()
                continue
            if not isinstance(got, (tuple, list)) or len(got) != len(self.outputs):
                return self._not_the_tuple(got)
            problems = {name: first_difference(g, np.asarray(e, dtype=float), self.rtol, self.atol)
                        for name, g, e in zip(self.outputs, got, expected)}
            wrong = [name for name, problem in problems.items() if problem]
            if wrong:
                return self._wrong_outputs(note, wrong, problems)
        return tr("✗ {name}: your answers differ from the expected ones.").format(name=self.name)

    def _not_the_tuple(self, got) -> str:
        """The verdict when the student's function did not return a tuple of len(outputs) values."""
        fields = dict(name=self.name, outputs=", ".join(self.outputs), type_name=type(got).__name__)
        if isinstance(got, (tuple, list)):
            return tr("✗ {name}: return the tuple ({outputs}); you returned {type_name} of length {length}.").format(
                length=len(got), **fields)
        return tr("✗ {name}: return the tuple ({outputs}); you returned {type_name}.").format(**fields)

    def _wrong_outputs(self, note, wrong, problems) -> str:
        """The verdict naming the wrong returned values (and the right ones), with the first one's problem and hint."""
        right = [name for name in self.outputs if name not in wrong]
        first = wrong[0]
        fields = dict(name=self.name, case=note, wrong=_and(wrong), right=_and(right) if right else "", first=first,
                      problem=problems[first], hint=tr(self.hints.get(first, "")))
        if len(wrong) == 1:
            message = (tr("✗ {name}: on {case}, {wrong} is wrong ({right} right): {first} {problem}. {hint}") if right
                       else tr("✗ {name}: on {case}, {wrong} is wrong: {first} {problem}. {hint}"))
        else:
            message = (tr("✗ {name}: on {case}, {wrong} are wrong ({right} right): {first} {problem}. {hint}") if right
                       else tr("✗ {name}: on {case}, {wrong} are wrong: {first} {problem}. {hint}"))
        return message.format(**fields).strip()
