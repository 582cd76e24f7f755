"""Exercise checks for the mini-batch notebook: the mini-batch SGD loop and the size of SGD's noise ball.

Messages are marked with N_ here and shown through tr() (course_lib.i18n) when a check runs.
"""

from __future__ import annotations

import math

import numpy as np

from ...i18n import N_, tr
from ..exercise import CheckResult, Exercise, describe, same
from . import compute

__all__ = ["minibatch_sgd", "noise_ball"]


# ----------------------------------------------------------------------------------------------------
# The mini-batch SGD loop: a reshuffle per epoch, ⌈N/B⌉ batches, a step along the batch's mean gradient
# ----------------------------------------------------------------------------------------------------


def _deck_index(X, y, grad, theta0, B, epochs, lr, rng, global_t=True):
    """Deck 000's batch index s = ⌊(t mod m)/B⌋ with t counting updates: each batch is used B times in a row."""
    n = len(X)
    per_epoch = math.ceil(n / B)
    theta = np.array(theta0, dtype=float)
    for epoch in range(epochs):
        order = rng.permutation(n)
        for j in range(per_epoch):
            t = epoch * per_epoch + j if global_t else j
            s = (t % n) // B
            rows = order[s * B : s * B + B]
            theta = theta - lr * grad(theta, X[rows], y[rows]).mean(axis=0)
    return theta


def _variant(X, y, grad, theta0, B, epochs, lr, rng, shuffle="epoch", drop_last=False, reduce="mean"):
    """The loop with one slip: shuffle "epoch" | "once" | "never", drop_last (n // B batches), reduce "mean" | "sum"."""
    n = len(X)
    theta = np.array(theta0, dtype=float)
    order = rng.permutation(n) if shuffle == "once" else np.arange(n)
    n_batches = n // B if drop_last else math.ceil(n / B)
    for _ in range(epochs):
        if shuffle == "epoch":
            order = rng.permutation(n)
        for s in range(n_batches):
            rows = order[s * B : s * B + B]
            g = grad(theta, X[rows], y[rows])
            theta = theta - lr * (g.sum(axis=0) if reduce == "sum" else g.mean(axis=0))
    return theta


# (rows n, features d, batch size B, epochs, learning rate, seed of the data and of the Generator)
_SGD_CASES = [(10, 2, 3, 3, 0.1, 1), (12, 3, 4, 2, 0.05, 2), (9, 2, 1, 2, 0.05, 3), (13, 2, 5, 4, 0.1, 4),
              (8, 2, 8, 3, 0.2, 5)]

_SGD_SLIPS = [
    (N_("your loop uses each batch B times in a row: that is deck 000's index s = ⌊(t mod m)/B⌋ with t counting "
     "updates. ⌊t/B⌋ only moves on every B updates. Update t of an epoch uses batch t: rows order[t·B : (t+1)·B]."),
     lambda *a: _deck_index(*a, global_t=True)),
    (N_("your loop uses each batch B times in a row (s = ⌊t/B⌋ with t the update within the epoch, deck 000's "
     "⌊(t mod m)/B⌋). Update t of an epoch uses batch t: rows order[t·B : (t+1)·B]."),
     lambda *a: _deck_index(*a, global_t=False)),
    (N_("you shuffled once, before the first epoch: every epoch then repeats the same batches in the same order. "
     "Draw order = rng.permutation(n) at the start of every epoch."), lambda *a: _variant(*a, shuffle="once")),
    (N_("you never shuffled (the rows go in their stored order, the same batches every epoch). Draw "
     "order = rng.permutation(n) at the start of every epoch."), lambda *a: _variant(*a, shuffle="never")),
    (N_("you made n // B updates per epoch, which drops the last, smaller batch (with 10 rows and B = 3, one row "
     "is never used). Make ⌈n/B⌉ updates: range(0, n, B) does it."), lambda *a: _variant(*a, drop_last=True)),
    (N_("you summed the gradients of the batch instead of averaging them: the step is then B times too large "
     "(and changes with B). Take the mean over the rows: g.mean(axis=0)."), lambda *a: _variant(*a, reduce="sum")),
    (N_("you summed the gradients and never reshuffled: two slips. Draw rng.permutation(n) every epoch and "
     "average the batch's gradients."), lambda *a: _variant(*a, shuffle="never", reduce="sum")),
]


class _SGDLoopExercise(Exercise):
    """Run the student's loop on small least-squares problems, each with a fresh Generator from a fixed seed."""

    def _run(self, fn, case):
        n, d, B, epochs, lr, seed = case
        X, y, theta0 = compute.least_squares_problem(n, d, seed)
        return fn(X, y, compute.least_squares_gradients, theta0, B, epochs, lr, np.random.default_rng(seed))

    @staticmethod
    def _describe(case):
        n, d, B, epochs, lr, seed = case
        return tr("n = {n} rows, d = {d}, B = {B}, {epochs} epochs, lr = {lr}, rng = default_rng({seed})").format(
            n=n, d=d, B=B, epochs=epochs, lr=lr, seed=seed)

    def evaluate(self, student_fn) -> CheckResult:
        if not callable(student_fn):
            return self._not_callable(student_fn)
        got = []
        for case in self.cases:
            where = tr(" on the problem with {problem}").format(problem=self._describe(case))
            output, verdict = self._call(self._run, student_fn, case, where=where)
            if verdict is not None:                  # a CheckResult is falsy when it fails
                return verdict
            got.append(output)
        expected = [self._run(self.reference, case) for case in self.cases]
        if all(same(g, e, self.rtol, self.atol) for g, e in zip(got, expected)):
            return CheckResult(True, tr("✓ {name}: correct on all {n} problems. {success}").format(
                name=self.name, n=len(self.cases), success=tr(self.success)))
        for message, wrong_fn in self.misconceptions:
            wrong = [self._run(wrong_fn, case) for case in self.cases]
            if all(same(g, w, self.rtol, self.atol) for g, w in zip(got, wrong)):
                return CheckResult(False, tr("✗ {name}: {message}").format(name=self.name, message=tr(message)))
        k = next(i for i, (g, e) in enumerate(zip(got, expected)) if not same(g, e, self.rtol, self.atol))
        return CheckResult(False, tr(
            "✗ {name}: on the problem with {problem} the reference loop ends at θ = {expected}, yours at {got}. "
            "Return θ after the last epoch, draw exactly one rng.permutation(n) per epoch (any other draw from rng "
            "changes the batches), and step along the batch's mean gradient.").format(
                name=self.name, problem=self._describe(self.cases[k]), expected=describe(expected[k]),
                got=describe(got[k])))


minibatch_sgd = _SGDLoopExercise(
    "minibatch_sgd", compute.minibatch_sgd, cases=_SGD_CASES, misconceptions=_SGD_SLIPS, rtol=1e-9, atol=1e-12,
    success=N_("Same batches, same order, same steps as the reference loop."))


# ----------------------------------------------------------------------------------------------------
# The noise ball of constant-rate SGD on λx²/2 with gradient noise of variance σ²/B: √(ασ²/(Bλ(2 − αλ)))
# ----------------------------------------------------------------------------------------------------


def _ball(lr, lam, sigma, B):
    return compute.noise_ball(lr, lam, sigma, B)


noise_ball = Exercise(
    "noise_ball",
    _ball,
    cases=[(0.1, 1.0, 1.0, 1), (0.5, 2.0, 0.5, 4), (1.5, 1.0, 2.0, 8), (0.9, 2.0, 1.0, 2), (0.02, 10.0, 3.0, 16)],
    misconceptions=[
        (N_("this is the small-rate approximation σ·√(α/(2λB)). It is right only for αλ ≪ 1: keep the α²λ² term "
         "of (1 − αλ)² = 1 − 2αλ + α²λ², which gives 2 − αλ instead of 2 (at αλ = 1.5 the ball is twice as "
         "large as the approximation says)."), lambda lr, lam, sigma, B: math.sqrt(lr * sigma**2 / (2 * B * lam))),
        (N_("you left out the batch size: the mean of B independent draws has variance σ²/B, so "
         "E x² = ασ²/(Bλ(2 − αλ))."), lambda lr, lam, sigma, B: _ball(lr, lam, sigma, 1)),
        (N_("you divided the standard deviation σ by B; the mean of B independent draws has variance σ²/B "
         "(standard deviation σ/√B)."), lambda lr, lam, sigma, B: _ball(lr, lam, sigma, 1) / B),
        (N_("this is E x², the mean squared distance; the question asks for its square root (the RMS distance)."),
         lambda lr, lam, sigma, B: _ball(lr, lam, sigma, B) ** 2),
        (N_("the noise enters the update as α·ξ, so its variance is α²σ²/B, not σ²/B: you are missing a factor α "
         "in E x²."), lambda lr, lam, sigma, B: _ball(lr, lam, sigma, B) / math.sqrt(lr)),
    ],
    success=N_("Constant-rate SGD settles at this distance; only α/B (and, near αλ = 2, α itself) sets it."),
)
