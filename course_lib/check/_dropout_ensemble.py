"""Exercise checks for the dropout notebook: inverted dropout's forward pass, the exact expectation over all
masks of a tiny ReLU unit, and weight scaling at inference."""

from __future__ import annotations

import numpy as np

from .. import dropout_ensemble as _de
from ..activations import relu
from ._core import Exercise

__all__ = ["inverted_dropout_forward", "exact_dropout_expectation", "weight_scaling_inference"]


# ----------------------------------------------------------------------------------------------------
# Inverted dropout, forward:  training: a·m/(1 − p) with m = [u < 1 − p];  inference: a
# ----------------------------------------------------------------------------------------------------


def _inverted(a, drop_prob, u, train, *, keep_rule="u < 1-p", scale="1/(1-p)", mask_at_inference=False,
              inference="identity"):
    """Inverted dropout; the keyword arguments switch on the misconceptions."""
    a, u = np.asarray(a, dtype=float), np.asarray(u, dtype=float)
    p = drop_prob
    if not train and not mask_at_inference:
        return a * (1 - p) if inference == "times 1-p" else a
    keep = {"u < 1-p": u < 1 - p, "u < p": u < p, "u >= p": u >= p}[keep_rule]
    factor = {"1/(1-p)": 1 / (1 - p), "none": 1.0, "1-p": 1 - p, "1/p": 1 / p}[scale]
    return a * keep * factor


_a = np.array([[1.0, -2.0, 0.5, 3.0], [0.2, 1.5, -1.0, 2.5]])
_u = np.array([[0.10, 0.85, 0.25, 0.65], [0.72, 0.05, 0.40, 0.95]])

inverted_dropout_forward = Exercise(
    "inverted_dropout_forward",
    lambda a, p, u, train: _inverted(a, p, u, train),
    cases=[
        (_a, 0.3, _u, True),     # keep u < 0.7: [[1, 0, 0.5, 3], [0, 1.5, −1, 0]]/0.7
        (_a, 0.3, _u, False),    # inference: a itself
        (_a, 0.8, _u, True),     # keep u < 0.2: only two units survive, scaled by 5
        (np.array([2.0, 4.0, 6.0]), 0.5, np.array([0.49, 0.5, 0.51]), True),   # [4, 0, 0]
        (np.array([2.0, 4.0, 6.0]), 0.5, np.array([0.49, 0.5, 0.51]), False),
    ],
    misconceptions=[
        ("you are missing the 1/(1 − p) scale: the kept activations must be divided by 1 − p while training, so "
         "that their expected value stays a and inference needs no change.",
         lambda a, p, u, train: _inverted(a, p, u, train, scale="none")),
        ("you used p as the keep probability. In this notebook (deck 000, course_lib.layers.Dropout) p is the DROP "
         "probability: keep a unit when u < 1 − p and divide by 1 − p.",
         lambda a, p, u, train: _inverted(a, p, u, train, keep_rule="u < p", scale="1/p")),
        ("you multiplied the kept activations by 1 − p; inverted dropout divides by 1 − p (it scales them up, "
         "so that E[a·m/(1 − p)] = a).", lambda a, p, u, train: _inverted(a, p, u, train, scale="1-p")),
        ("you also dropped units at inference. With inverted dropout the forward pass at inference is the "
         "identity: return a when train is False.",
         lambda a, p, u, train: _inverted(a, p, u, train, mask_at_inference=True)),
        ("at inference you multiplied by 1 − p: that mixes in the other convention (weight scaling, deck 001). "
         "Inverted dropout already scaled during training, so inference returns a unchanged.",
         lambda a, p, u, train: _inverted(a, p, u, train, inference="times 1-p")),
        ("you kept the units with u < p, i.e. with probability p. Here p is the DROP probability: keep a unit when "
         "u < 1 − p (your 1/(1 − p) scale is right).",
         lambda a, p, u, train: _inverted(a, p, u, train, keep_rule="u < p")),
        ("you divided by p; divide by the KEEP probability 1 − p, so that E[a·m/(1 − p)] = a.",
         lambda a, p, u, train: _inverted(a, p, u, train, scale="1/p")),
        ("you kept the units with u ≥ p. That also keeps each unit with probability 1 − p (statistically fine), "
         "but this exercise, like course_lib.layers.Dropout, keeps exactly the units with u < 1 − p.",
         lambda a, p, u, train: _inverted(a, p, u, train, keep_rule="u >= p")),
    ],
    success="Training zeroes each unit with probability p and scales the survivors; inference does nothing.",
)


# ----------------------------------------------------------------------------------------------------
# The exact expectation of a ReLU unit over all 2ⁿ masks:  Σ_m π_m·relu(Σ_j w_j·a_j·m_j/(1 − p))
# ----------------------------------------------------------------------------------------------------


def _expectation(a, w, drop_prob, *, weights="right", scaled=True):
    a, w = np.asarray(a, dtype=float), np.asarray(w, dtype=float)
    masks = _de.keep_masks(len(a))
    if weights == "uniform":
        pi = np.full(len(masks), 1 / len(masks))
    elif weights == "swapped":
        pi = _de.mask_probabilities(masks, 1 - drop_prob)
    else:
        pi = _de.mask_probabilities(masks, drop_prob)
    scale = 1 / (1 - drop_prob) if scaled else 1.0
    return float(pi @ relu((masks * a) @ w * scale))


exact_dropout_expectation = Exercise(
    "exact_dropout_expectation",
    lambda a, w, p: _expectation(a, w, p),
    cases=[
        (np.array([1.0, 2.0]), np.array([1.0, -1.0]), 0.2),
        # masks (kept units): {} → 0; {1} → relu(1/0.8) = 1.25; {2} → relu(−2/0.8) = 0; {1, 2} → relu(−1/0.8) = 0
        # probabilities: {1} has 0.8·0.2 = 0.16, so E = 0.16·1.25 = 0.2   (relu of the mean would be relu(−1) = 0)
        (np.array([0.5, 1.0, 2.0]), np.array([2.0, -0.5, 0.25]), 0.3),
        (np.array([1.0, 1.0, 1.0, 1.0]), np.array([0.5, -0.2, 0.3, -0.4]), 0.7),
        (np.array([0.3, 0.9, 0.4]), np.array([1.0, 1.0, 1.0]), 0.1),
    ],
    misconceptions=[
        ("you averaged the 2ⁿ sub-networks with equal weights. Mask m has probability "
         "(1 − p)^(#kept)·p^(#dropped); equal weights are right only when p = 0.5.",
         lambda a, w, p: _expectation(a, w, p, weights="uniform")),
        ("your mask probabilities are swapped: a kept unit contributes a factor 1 − p and a dropped unit a "
         "factor p (p is the drop probability).", lambda a, w, p: _expectation(a, w, p, weights="swapped")),
        ("you returned relu(w·a): that is the inference output (weight scaling), not the expectation. For a "
         "nonlinear unit E[relu(z)] ≠ relu(E[z]) — which is exactly the gap this exercise is about.",
         lambda a, w, p: float(relu(np.dot(a, w)))),
        ("the kept inputs must be divided by 1 − p (inverted dropout) before the unit adds them up.",
         lambda a, w, p: _expectation(a, w, p, scaled=False)),
    ],
    success="This is what the exact ensemble computes for every output, with 2¹⁰ masks instead of 2ⁿ.",
)


# ----------------------------------------------------------------------------------------------------
# Weight scaling (deck 001): trained without scaling, keep probability P: inference  x·(P·W) + b
# ----------------------------------------------------------------------------------------------------

_x = np.array([[1.0, 0.0, 2.0], [0.5, 1.5, -1.0]])
_W = np.array([[0.2, -0.4], [1.0, 0.3], [-0.5, 0.6]])
_b = np.array([0.1, -0.2])

weight_scaling_inference = Exercise(
    "weight_scaling_inference",
    lambda x, W, b, keep_prob: x @ (keep_prob * W) + b,
    cases=[
        (_x, _W, _b, 0.8),
        (_x, _W, _b, 0.5),
        (np.array([[2.0, -1.0]]), np.array([[1.0], [3.0]]), np.array([0.5]), 0.25),   # 0.25·(2 − 3) + 0.5 = 0.25
    ],
    misconceptions=[
        ("you scaled the bias too. Only the weights leaving the dropped units are multiplied by P: the bias is "
         "never dropped, so its expected contribution is b itself. (The slide writes θ = {W, b}; scaling b "
         "is a mistake.)", lambda x, W, b, P: P * (x @ W + b)),
        ("you multiplied by 1 − P, the drop probability. Weight scaling multiplies by the KEEP probability P.",
         lambda x, W, b, P: x @ ((1 - P) * W) + b),
        ("you divided by P: that is inverted dropout's training-time scale. A net trained without scaling "
         "multiplies its weights by P at inference.", lambda x, W, b, P: x @ (W / P) + b),
        ("you did not scale at all: the net saw only a fraction P of its inputs during training, so without "
         "the factor P its inference outputs are too large on average.", lambda x, W, b, P: x @ W + b),
    ],
    success="Each pre-activation now equals its expectation over the training masks.",
)

