"""Exercise checks for the mini-batch notebook: the mini-batch SGD loop, the size of SGD's noise ball, updates per
epoch, staircase exponential and inverse-time decay."""

from __future__ import annotations

import math

import numpy as np

from ..exercise import CheckResult, Exercise, describe, same
from . import compute as _minibatch

__all__ = ["minibatch_sgd", "noise_ball", "updates_per_epoch", "staircase_exponential_decay",
           "staircase_inverse_time_decay"]


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
    ("your loop uses each batch B times in a row: that is deck 000's index s = ⌊(t mod m)/B⌋ with t counting "
     "updates. ⌊t/B⌋ only moves on every B updates. Update t of an epoch uses batch t: rows order[t·B : (t+1)·B].",
     lambda *a: _deck_index(*a, global_t=True)),
    ("your loop uses each batch B times in a row (s = ⌊t/B⌋ with t the update within the epoch, deck 000's "
     "⌊(t mod m)/B⌋). Update t of an epoch uses batch t: rows order[t·B : (t+1)·B].",
     lambda *a: _deck_index(*a, global_t=False)),
    ("you shuffled once, before the first epoch: every epoch then repeats the same batches in the same order. "
     "Draw order = rng.permutation(n) at the start of every epoch.", lambda *a: _variant(*a, shuffle="once")),
    ("you never shuffled (the rows go in their stored order, the same batches every epoch). Draw "
     "order = rng.permutation(n) at the start of every epoch.", lambda *a: _variant(*a, shuffle="never")),
    ("you made n // B updates per epoch, which drops the last, smaller batch (with 10 rows and B = 3, one row "
     "is never used). Make ⌈n/B⌉ updates: range(0, n, B) does it.", lambda *a: _variant(*a, drop_last=True)),
    ("you summed the gradients of the batch instead of averaging them: the step is then B times too large "
     "(and changes with B). Take the mean over the rows: g.mean(axis=0).", lambda *a: _variant(*a, reduce="sum")),
    ("you summed the gradients and never reshuffled: two slips. Draw rng.permutation(n) every epoch and "
     "average the batch's gradients.", lambda *a: _variant(*a, shuffle="never", reduce="sum")),
]


class _SGDLoopExercise(Exercise):
    """Run the student's loop on small least-squares problems, each with a fresh Generator from a fixed seed."""

    def _run(self, fn, case):
        n, d, B, epochs, lr, seed = case
        X, y, theta0 = _minibatch.least_squares_problem(n, d, seed)
        return fn(X, y, _minibatch.least_squares_gradients, theta0, B, epochs, lr, np.random.default_rng(seed))

    @staticmethod
    def _describe(case):
        n, d, B, epochs, lr, seed = case
        return f"n = {n} rows, d = {d}, B = {B}, {epochs} epochs, lr = {lr}, rng = default_rng({seed})"

    def evaluate(self, student_fn) -> CheckResult:
        if not callable(student_fn):
            return self._not_callable(student_fn)
        got = []
        for case in self.cases:
            output, verdict = self._call(self._run, student_fn, case,
                                         where=f" on the problem with {self._describe(case)}")
            if verdict is not None:                  # a CheckResult is falsy when it fails
                return verdict
            got.append(output)
        expected = [self._run(self.reference, case) for case in self.cases]
        if all(same(g, e, self.rtol, self.atol) for g, e in zip(got, expected)):
            return CheckResult(True, f"✓ {self.name}: correct on all {len(self.cases)} problems. {self.success}")
        for message, wrong_fn in self.misconceptions:
            wrong = [self._run(wrong_fn, case) for case in self.cases]
            if all(same(g, w, self.rtol, self.atol) for g, w in zip(got, wrong)):
                return CheckResult(False, f"✗ {self.name}: {message}")
        k = next(i for i, (g, e) in enumerate(zip(got, expected)) if not same(g, e, self.rtol, self.atol))
        return CheckResult(False, f"✗ {self.name}: on the problem with {self._describe(self.cases[k])} the reference "
                                  f"loop ends at θ = {describe(expected[k])}, yours at {describe(got[k])}. "
                                  "Return θ after the last epoch, draw exactly one rng.permutation(n) per epoch "
                                  "(any other draw from rng changes the batches), and step along the batch's mean "
                                  "gradient.")


minibatch_sgd = _SGDLoopExercise(
    "minibatch_sgd", _minibatch.minibatch_sgd, cases=_SGD_CASES, misconceptions=_SGD_SLIPS, rtol=1e-9, atol=1e-12,
    success="Same batches, same order, same steps as the reference loop.")


# ----------------------------------------------------------------------------------------------------
# The noise ball of constant-rate SGD on λx²/2 with gradient noise of variance σ²/B: √(ασ²/(Bλ(2 − αλ)))
# ----------------------------------------------------------------------------------------------------


def _ball(lr, lam, sigma, B):
    return _minibatch.noise_ball(lr, lam, sigma, B)


noise_ball = Exercise(
    "noise_ball",
    _ball,
    cases=[(0.1, 1.0, 1.0, 1), (0.5, 2.0, 0.5, 4), (1.5, 1.0, 2.0, 8), (0.9, 2.0, 1.0, 2), (0.02, 10.0, 3.0, 16)],
    misconceptions=[
        ("this is the small-rate approximation σ·√(α/(2λB)). It is right only for αλ ≪ 1: keep the α²λ² term "
         "of (1 − αλ)² = 1 − 2αλ + α²λ², which gives 2 − αλ instead of 2 (at αλ = 1.5 the ball is twice as "
         "large as the approximation says).", lambda lr, lam, sigma, B: math.sqrt(lr * sigma**2 / (2 * B * lam))),
        ("you left out the batch size: the mean of B independent draws has variance σ²/B, so "
         "E x² = ασ²/(Bλ(2 − αλ)).", lambda lr, lam, sigma, B: _ball(lr, lam, sigma, 1)),
        ("you divided the standard deviation σ by B; the mean of B independent draws has variance σ²/B "
         "(standard deviation σ/√B).", lambda lr, lam, sigma, B: _ball(lr, lam, sigma, 1) / B),
        ("this is E x², the mean squared distance; the question asks for its square root (the RMS distance).",
         lambda lr, lam, sigma, B: _ball(lr, lam, sigma, B) ** 2),
        ("the noise enters the update as α·ξ, so its variance is α²σ²/B, not σ²/B: you are missing a factor α "
         "in E x².", lambda lr, lam, sigma, B: _ball(lr, lam, sigma, B) / math.sqrt(lr)),
    ],
    success="Constant-rate SGD settles at this distance; only α/B (and, near αλ = 2, α itself) sets it.",
)


# ----------------------------------------------------------------------------------------------------
# Updates per epoch: ⌈N/B⌉, the last batch keeps the leftover rows
# ----------------------------------------------------------------------------------------------------


updates_per_epoch = Exercise(
    "updates_per_epoch",
    lambda n, batch_size: math.ceil(n / batch_size),
    cases=[(1024, 32), (1797, 64), (1000, 1), (10, 10), (100, 7), (50, 64)],
    misconceptions=[
        ("n // B drops the last, smaller batch: with 1,797 rows and B = 64 there are 28 full batches and one "
         "of 5 rows, so 29 updates. Round up: ⌈n/B⌉.", lambda n, batch_size: n // batch_size),
        ("n/B is not a whole number of updates: round it up, ⌈n/B⌉.", lambda n, batch_size: n / batch_size),
        ("n // B + 1 counts one update too many when B divides n (1,024 rows in batches of 32 make 32 "
         "updates, not 33). Use ⌈n/B⌉.", lambda n, batch_size: n // batch_size + 1),
        ("n·B is the number of rows seen in n updates; one epoch has ⌈n/B⌉ updates.",
         lambda n, batch_size: n * batch_size),
    ],
)


# ----------------------------------------------------------------------------------------------------
# Staircase exponential decay: α_t = α0·r^⌊t/τ⌋
# ----------------------------------------------------------------------------------------------------


_DECAY_CASES = [
    (0.1, 0.5, 10, 0), (0.1, 0.5, 10, 9), (0.1, 0.5, 10, 10), (0.1, 0.5, 10, 25), (0.1, 0.5, 10, 99),
    (1.5, 0.9, 16, 47), (0.3, 0.96, 100, 250), (1.0, 0.8, 3, 7),
]

staircase_exponential_decay = Exercise(
    "staircase_exponential_decay",
    lambda lr0, decay_rate, decay_steps, t: lr0 * decay_rate ** (t // decay_steps),
    cases=_DECAY_CASES,
    misconceptions=[
        ("this is the smooth decay α0·r^(t/τ): the staircase needs the floor, α0·r^⌊t/τ⌋ (t // τ), so that "
         "the rate stays flat for τ steps.", lambda lr0, r, tau, t: lr0 * r ** (t / tau)),
        ("you rounded t/τ; the staircase uses the floor ⌊t/τ⌋ (t // τ): the first drop comes at t = τ, "
         "not at t = τ/2.", lambda lr0, r, tau, t: lr0 * r ** round(t / tau)),
        ("you rounded t/τ up; the staircase uses the floor ⌊t/τ⌋, so α_t = α0 for the first τ steps (t = 0 … τ − 1).",
         lambda lr0, r, tau, t: lr0 * r ** math.ceil(t / tau)),
        ("the rate drops at every step (r^t): τ = decay_steps is the number of steps between drops, "
         "α0·r^⌊t/τ⌋.", lambda lr0, r, tau, t: lr0 * r**t),
    ],
)


# ----------------------------------------------------------------------------------------------------
# Staircase inverse-time decay: α_t = α0/(1 + r·⌊t/τ⌋)
# ----------------------------------------------------------------------------------------------------


staircase_inverse_time_decay = Exercise(
    "staircase_inverse_time_decay",
    lambda lr0, decay_rate, decay_steps, t: lr0 / (1 + decay_rate * (t // decay_steps)),
    cases=_DECAY_CASES + [(0.1, 2.0, 5, 12)],
    misconceptions=[
        ("this is the smooth decay α0/(1 + r·t/τ): the staircase needs the floor, α0/(1 + r·⌊t/τ⌋) (t // τ).",
         lambda lr0, r, tau, t: lr0 / (1 + r * t / tau)),
        ("you left out τ: α0/(1 + r·t) decays at every step. Divide the step by decay_steps first: "
         "α0/(1 + r·⌊t/τ⌋).", lambda lr0, r, tau, t: lr0 / (1 + r * t)),
        ("this is the exponential decay α0·r^⌊t/τ⌋; inverse-time decay divides: α0/(1 + r·⌊t/τ⌋).",
         lambda lr0, r, tau, t: lr0 * r ** (t // tau)),
    ],
)
