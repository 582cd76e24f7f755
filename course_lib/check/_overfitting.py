"""Exercise checks for the overfitting notebook: the L2 penalty's gradient, the L1 soft threshold, and the
epoch at which early stopping ends."""

from __future__ import annotations

import numpy as np

from .. import overfitting as _of
from ._optimizer_paths import ArrayExercise

__all__ = ["l2_penalty_gradient", "l1_soft_threshold", "early_stopping_epoch"]


# ----------------------------------------------------------------------------------------------------
# The gradient of the L2 penalty  λ·Σ W²:  2·λ·W
# ----------------------------------------------------------------------------------------------------

_W = np.array([[0.5, -1.0, 0.0], [2.0, 0.25, -0.75]])

l2_penalty_gradient = ArrayExercise(
    "l2_penalty_gradient",
    _of.l2_gradient,
    cases=[
        (_W, 0.1),                                          # 2·0.1·W = [[0.1, −0.2, 0], [0.4, 0.05, −0.15]]
        (np.array([3.0, -4.0]), 0.5),                       # [3, −4]
        (np.array([[1.5], [-0.2]]), 1e-3),
        (np.linspace(-2.0, 2.0, 9), 0.0),                   # λ = 0: no penalty, no gradient
    ],
    misconceptions=[
        ("you returned λ·W: that is the gradient of (λ/2)·Σ W², the convention of deck 001. Here (and in "
         "course_lib.training) the penalty is λ·Σ W², so the derivative of W² brings a factor 2: 2·λ·W.",
         lambda W, lam: lam * W),
        ("you returned λ·sign(W), the (sub)gradient of the L1 penalty λ·Σ|W|. For L2, differentiate λ·W²: "
         "2·λ·W.", lambda W, lam: lam * np.sign(W)),
        ("you returned the penalty λ·Σ W² itself (a number); the exercise asks for its gradient, an array "
         "shaped like W.", lambda W, lam: lam * float(np.sum(W * W))),
    ],
    hints={"": "Differentiate λ·w² for each entry: 2·λ·w, an array shaped like W."},
    case_notes=["a 2 × 3 W, λ = 0.1", "λ = 0.5", "λ = 0.001", "λ = 0"],
    success="Each weight is pulled towards 0 in proportion to its size: L2 shrinks, it does not zero.",
)


# ----------------------------------------------------------------------------------------------------
# The proximal step of L1 (soft threshold):  sign(w)·max(|w| − t, 0)
# ----------------------------------------------------------------------------------------------------

_w = np.array([0.8, -0.05, 0.02, -1.3, 0.0, 0.1])

l1_soft_threshold = ArrayExercise(
    "l1_soft_threshold",
    _of.soft_threshold,
    cases=[
        (_w, 0.1),                                          # [0.7, 0, 0, −1.2, 0, 0]
        (np.array([-0.3, 0.3, 0.29, -0.31]), 0.3),          # [0, 0, 0, −0.01]
        (np.array([[2.0, -0.5], [0.4, -3.0]]), 1.0),        # [[1, 0], [0, −2]]
        (np.array([0.25, -0.25]), 0.0),                     # t = 0: unchanged
    ],
    misconceptions=[
        ("you subtracted t·sign(w) from every weight: that is the subgradient step, and it jumps past 0 when "
         "|w| < t (0.02 becomes −0.08). The soft threshold stops at exactly 0: sign(w)·max(|w| − t, 0).",
         lambda w, t: w - t * np.sign(w)),
        ("you set the small weights to 0 but left the others unchanged (a hard threshold). The soft threshold "
         "also shrinks every surviving weight by t: sign(w)·max(|w| − t, 0).",
         lambda w, t: np.where(np.abs(w) > t, w, 0.0)),
        ("negative weights should shrink towards 0 as well; max(w − t, 0) sends all of them to 0. Work with "
         "|w| and put the sign back: sign(w)·max(|w| − t, 0).", lambda w, t: np.maximum(w - t, 0.0)),
    ],
    hints={"": "Each entry: sign(w)·max(|w| − t, 0)."},
    case_notes=["t = 0.1", "t = 0.3, entries near ±t", "a 2 × 2 w, t = 1", "t = 0"],
    success="Weights with |w| ≤ t land on exactly 0: this is why proximal L1 gives true zeros.",
)


# ----------------------------------------------------------------------------------------------------
# Early stopping with patience: (the epoch after which training stops, the epoch of the best value up to then)
# Epochs count from 1: val_losses[k − 1] is epoch k.
# ----------------------------------------------------------------------------------------------------


def _replay(values, patience, shift=0, ties_improve=False, future_best=False, zero_based=False, kept=False):
    """EarlyStopping(patience) replayed on a curve; the keyword arguments switch on the misconceptions."""
    values = [float(v) for v in values]
    best_value, best, wait, stop, stopped = np.inf, None, 0, len(values), False
    for epoch, value in enumerate(values, start=1):
        if value < best_value or (ties_improve and value == best_value):
            best_value, best, wait = value, epoch, 0
            continue
        wait += 1
        if wait >= patience + shift:
            stop, stopped = epoch, True
            break
    if future_best:
        best = int(np.argmin(values)) + 1
    if kept and not stopped:
        best = stop                   # the epoch whose weights course_lib and Keras 2 keep
    return (stop - 1, best - 1) if zero_based else (stop, best)


def _reference(val_losses, patience):
    point = _of.early_stopping_point(val_losses, patience)
    return (point.stop, point.best)


early_stopping_epoch = ArrayExercise(
    "early_stopping_epoch",
    _reference,
    cases=[
        (np.array([0.9, 0.7, 0.6, 0.62, 0.61, 0.65, 0.7, 0.72]), 3),     # best 3 (0.6), stops after 6
        (np.array([1.0, 0.8, 0.8, 0.85, 0.5, 0.9, 0.95, 0.97, 0.99]), 2),  # the tie at 3 is no improvement: stop 4
        (np.array([0.5, 0.52, 0.4, 0.45, 0.46, 0.47, 0.3, 0.31]), 3),    # stops after 6: the 0.3 comes too late
        (np.array([0.9, 0.8, 0.7, 0.6, 0.5]), 2),                        # never stops: (5, 5)
        (np.array([0.4, 0.5, 0.3, 0.6]), 1),                             # patience 1: stop after 2
        (np.array([0.9, 0.5, 0.6, 0.7]), 5),                             # never stops, best earlier: (4, 2)
    ],
    misconceptions=[
        ("your epochs count from 0 (the list index). Here, as in course_lib.training and Keras' progress "
         "display, epochs count from 1: val_losses[k − 1] is epoch k, so add 1 to both.",
         lambda v, p: _replay(v, p, zero_based=True)),
        ("off by one: you stopped one epoch too early. With patience p, training stops after p epochs in a row "
         "without improvement (the best epoch + p when nothing improves afterwards).",
         lambda v, p: _replay(v, p, shift=-1)),
        ("off by one: you stopped one epoch too late. With patience p, training stops at the p-th epoch in a row "
         "without improvement, not after it.", lambda v, p: _replay(v, p, shift=+1)),
        ("an epoch equal to the best so far is not an improvement (EarlyStopping needs value < best − min_delta, "
         "min_delta = 0 here).", lambda v, p: _replay(v, p, ties_improve=True)),
        ("you took the best epoch of the whole curve, including epochs after training stopped: early stopping "
         "can only restore an epoch it has seen.", lambda v, p: _replay(v, p, future_best=True)),
        ("when the patience never runs out you returned the last epoch as `best`. That is whose weights "
         "course_lib and Keras 2 keep then (Keras 3 restores the best ones), but `best` asks for the epoch with "
         "the lowest validation loss seen.", lambda v, p: _replay(v, p, kept=True)),
    ],
    outputs=("stop", "best"),
    hints={"stop": "Training stops at the p-th epoch in a row without improvement (or after the last epoch).",
           "best": "The epoch (from 1) with the lowest validation loss up to `stop`."},
    case_notes=["patience 3", "a tie, patience 2", "patience 3, a late minimum", "patience never runs out",
                "patience 1", "patience never runs out, best earlier"],
    success="The patience window ends exactly p epochs after the last improvement.",
)
