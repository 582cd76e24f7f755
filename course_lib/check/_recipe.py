"""Exercise checks for "putting it together": counting parameters, inverse-time decay, early stopping's epoch."""

from __future__ import annotations

import math

from ._core import Exercise

__all__ = ["count_params", "inverse_time_lr", "restored_epoch"]


def _reference_count(widths):
    dense = sum(a * b + b for a, b in zip(widths[:-1], widths[1:]))
    batch_norm = sum(2 * w for w in widths[1:-1])         # γ and β for every hidden unit
    return dense + batch_norm


count_params = Exercise(
    "count_params",
    _reference_count,
    cases=[([64, 128, 128, 10],), ([64, 32, 10],), ([4, 3, 2],), ([10, 5, 5, 5, 2],), ([3, 1],)],
    misconceptions=[
        ("every Dense unit also has a bias: a Dense layer has d_in·d_out + d_out parameters.",
         lambda w: sum(a * b for a, b in zip(w[:-1], w[1:])) + sum(2 * x for x in w[1:-1])),
        ("you counted batch norm's running mean and variance: they are buffers (not trained by gradients). "
         "Keras lists them under 'Non-trainable params'; count only γ and β (2 per unit).",
         lambda w: sum(a * b + b for a, b in zip(w[:-1], w[1:])) + sum(4 * x for x in w[1:-1])),
        ("you left out the batch-norm layers: each has a scale γ and a shift β per unit (2·d parameters).",
         lambda w: sum(a * b + b for a, b in zip(w[:-1], w[1:]))),
        ("batch norm is only after the hidden layers, not after the output layer (the logits go to the loss).",
         lambda w: sum(a * b + b for a, b in zip(w[:-1], w[1:])) + sum(2 * x for x in w[1:])),
        ("batch norm has one γ and one β per unit (2·d), not one of each per layer.",
         lambda w: sum(a * b + b for a, b in zip(w[:-1], w[1:])) + 2 * (len(w) - 2)),
    ],
    success="Compare with model.summary() for the recipe: the same total.",
)


def _reference_lr(t, lr0, decay_rate, decay_steps, staircase):
    periods = math.floor(t / decay_steps) if staircase else t / decay_steps
    return lr0 / (1 + decay_rate * periods)


inverse_time_lr = Exercise(
    "inverse_time_lr",
    _reference_lr,
    cases=[(25, 0.1, 0.5, 10, True), (25, 0.1, 0.5, 10, False), (0, 0.1, 0.5, 18, True), (36, 0.1, 0.5, 18, True),
           (7, 0.2, 1.0, 3, True), (100, 1.0, 0.25, 1, False)],
    misconceptions=[
        ("with staircase=True the number of periods is whole: use ⌊t/τ⌋ (math.floor), so α stays flat inside a "
         "period.", lambda t, lr0, r, tau, s: lr0 / (1 + r * t / tau)),
        ("that is exponential decay, α0·r^(t/τ); inverse-time decay divides: α0/(1 + r·t/τ).",
         lambda t, lr0, r, tau, s: lr0 * r ** (math.floor(t / tau) if s else t / tau)),
        ("decay_rate and decay_steps are swapped (Keras writes InverseTimeDecay(initial_learning_rate, "
         "decay_steps, decay_rate), course_lib inverse_time_decay(lr0, decay_rate, decay_steps)).",
         lambda t, lr0, r, tau, s: lr0 / (1 + tau * (math.floor(t / r) if s else t / r))),
        ("the learning rate must shrink: divide α0 by (1 + r·t/τ), do not multiply.",
         lambda t, lr0, r, tau, s: lr0 * (1 + r * (math.floor(t / tau) if s else t / tau))),
    ],
    success="The recipe's schedule: α = 0.1/(1 + 0.5·⌊t/steps_per_epoch⌋).",
)


def _reference_restored(val_accuracy, patience):
    best, best_epoch, wait = -math.inf, None, 0
    for epoch, value in enumerate(val_accuracy, start=1):
        if value > best:
            best, best_epoch, wait = value, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return best_epoch                 # stopped: the best weights are restored
    return len(val_accuracy)                      # never stopped: the last weights are kept


def _global_best(val_accuracy, patience):
    return max(range(len(val_accuracy)), key=lambda k: (val_accuracy[k], -k)) + 1


def _best_even_without_stop(val_accuracy, patience):
    best, best_epoch, wait = -math.inf, None, 0
    for epoch, value in enumerate(val_accuracy, start=1):
        if value > best:
            best, best_epoch, wait = value, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                break
    return best_epoch


def _ties_improve(val_accuracy, patience):
    best, best_epoch, wait = -math.inf, None, 0
    for epoch, value in enumerate(val_accuracy, start=1):
        if value >= best:
            best, best_epoch, wait = value, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return best_epoch
    return len(val_accuracy)


def _stop_epoch(val_accuracy, patience):
    best, wait = -math.inf, 0
    for epoch, value in enumerate(val_accuracy, start=1):
        if value > best:
            best, wait = value, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch
    return len(val_accuracy)


def _counted_from_0(fn):
    """The same rule with epochs counted from 0 (a list index): the slip the check names first."""
    return lambda val_accuracy, patience: fn(val_accuracy, patience) - 1


_FROM_0 = ("your epochs count from 0 (a list index): the exercise counts them from 1, as history.best_epoch, the "
           "stop message and Keras's progress bar do, so the epoch of val_accuracy[k] is k + 1")

_RULES = [
    (None, _reference_restored),
    ("early stopping cannot see the future: once patience runs out training stops, so a better epoch after "
     "that point is never reached.", _global_best),
    ("that is Keras 3's rule (tf.keras since TF 2.16): it restores the best weights at the end of training even "
     "when patience never ran out. This exercise asks for course_lib's fit, which then keeps the last weights, "
     "as Keras 2 did.", _best_even_without_stop),
    ("an equal value is not an improvement: the monitored value must be strictly better (by more than "
     "min_delta = 0), so ties count as epochs without improvement.", _ties_improve),
    ("that is the epoch where training stopped; with restore_best_weights=True the model goes back to the "
     "best epoch's weights.", _stop_epoch),
]

restored_epoch = Exercise(
    "restored_epoch",
    _reference_restored,
    cases=[([0.90, 0.93, 0.95, 0.94, 0.95, 0.93, 0.92, 0.94, 0.97], 5),
           ([0.80, 0.85, 0.90, 0.88, 0.87], 5),
           ([0.50, 0.60, 0.60, 0.60, 0.60, 0.70], 3),
           ([0.70, 0.80, 0.75, 0.85, 0.84, 0.83, 0.86, 0.80, 0.81], 2)],
    misconceptions=[(message, fn) for message, fn in _RULES[1:]]
    + [(_FROM_0 + ("." if message is None else "; and " + message), _counted_from_0(fn)) for message, fn in _RULES],
    success="history.best_epoch gives the same answer when early stopping restored weights (epochs count from 1).",
)
