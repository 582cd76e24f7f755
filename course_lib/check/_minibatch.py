"""Exercise checks for the mini-batch notebook: updates per epoch, staircase exponential and inverse-time decay."""

from __future__ import annotations

import math

from ._core import Exercise

__all__ = ["updates_per_epoch", "staircase_exponential_decay", "staircase_inverse_time_decay"]


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
