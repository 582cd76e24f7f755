"""Exercise checks for notebook 01 (why deep networks)."""

from __future__ import annotations

import numpy as np

from ..activations import relu
from ..approximation import count_linear_pieces, sawtooth, tent
from ._core import Exercise

__all__ = ["tent_map", "compose_sawtooth", "count_pieces"]

_X = np.linspace(0.0, 1.0, 17)


def _tent_k_minus_1(x, k):
    y = np.asarray(x, dtype=float)
    for _ in range(k - 1):
        y = tent(y)
    return y


def _tent_k_plus_1(x, k):
    return tent(sawtooth(x, k))


tent_map = Exercise(
    "tent_map",
    tent,
    cases=[(_X,), (np.array([0.0, 0.25, 0.5, 0.75, 1.0]),), (np.array([0.1, 0.45, 0.55, 0.9]),)],
    misconceptions=[
        ("the second unit's weight must be −4, not −2: −2·relu(x − 1/2) only cancels the slope 2 of the first "
         "unit (flat right half); the right half needs slope −2, so subtract 4.",
         lambda x: 2 * relu(x) - 2 * relu(x - 0.5)),
        ("the peak is 1/2 instead of 1: both output weights need the factor 2 (2·relu(x) − 4·relu(x − 1/2)).",
         lambda x: relu(x) - 2 * relu(x - 0.5)),
        ("the kink must be at x = 1/2: the second unit is relu(x − 1/2), not relu(x − 1).",
         lambda x: 2 * relu(x) - 4 * relu(x - 1.0)),
    ],
    success="Two ReLU units make one tooth.",
)

compose_sawtooth = Exercise(
    "compose_sawtooth",
    sawtooth,
    cases=[(_X, 1), (_X, 2), (_X, 3), (np.linspace(0.0, 1.0, 65), 5)],
    misconceptions=[
        ("you applied the tent map k − 1 times: T^k means k applications (T¹ = T has one tooth).", _tent_k_minus_1),
        ("you applied the tent map k + 1 times: T^k means exactly k applications.", _tent_k_plus_1),
        ("you applied the tent map to x each time, so you always get T(x): apply it to the previous result, "
         "y = tent(y).", lambda x, k: tent(x)),
        ("T(x)^k raises the tent to the k-th power; T^k here means composition, T(T(…T(x))).",
         lambda x, k: tent(x) ** k),
    ],
    success="Each composition doubles the number of linear pieces.",
)


def _kinks_only(x, y):
    return count_linear_pieces(x, y) - 1


def _exact_comparison(x, y):
    slopes = np.diff(y) / np.diff(x)
    return 1 + int(np.sum(slopes[1:] != slopes[:-1]))


def _turns_only(x, y):
    slopes = np.diff(y) / np.diff(x)
    return 1 + int(np.sum(np.sign(slopes[1:]) != np.sign(slopes[:-1])))


_Y_GRID = np.linspace(0.0, 1.0, 33)
count_pieces = Exercise(
    "count_pieces",
    count_linear_pieces,
    cases=[
        (_Y_GRID, 0.3 * _Y_GRID + 0.1),                                        # a straight line: 1 piece
        (_Y_GRID, sawtooth(_Y_GRID, 2)),                                       # 4 pieces
        (_Y_GRID, relu(_Y_GRID - 0.25) + 2 * relu(_Y_GRID - 0.5)),              # slope 0, 1, 3: 3 pieces
        (_Y_GRID, np.minimum(_Y_GRID, 0.5) + relu(_Y_GRID - 0.75)),              # slope 1, 0, 1: 3 pieces
    ],
    misconceptions=[
        ("you counted the kinks; the pieces are one more than the kinks (n kinks cut a line into n + 1 pieces).",
         _kinks_only),
        ("comparing slopes with != counts round-off (slopes equal up to 1e-15) as kinks: compare with a tolerance, "
         "e.g. np.isclose or abs(difference) > 1e-9.", _exact_comparison),
        ("you counted only the turns (where the slope changes sign); a kink is any change of slope, e.g. from 1 to 3.",
         _turns_only),
    ],
    success="Now count the pieces of the deep and the shallow nets.",
)
