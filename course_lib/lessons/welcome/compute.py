"""The numbers of the welcome notebook: one sigmoid neuron a = σ(w·x + b) of one input x."""

from __future__ import annotations

import numpy as np

from ...activations import sigmoid

X = np.linspace(-6.0, 6.0, 241)     # the inputs the explorer draws the neuron on


def neuron(x, w, b):
    """The neuron's output a = σ(w·x + b).   x: (N,) → a: (N,)."""
    return sigmoid(w * np.asarray(x, dtype=np.float64) + b)


def midpoint(w, b):
    """The point (x, a) = (−b/w, 1/2) where the neuron crosses one half, as lists (empty when w = 0)."""
    return ([-b / w + 0.0], [0.5]) if w != 0 else ([], [])      # + 0.0 turns −0.0 into 0.0


def reading(w, b):
    """What the curve shows: its midpoint x = −b/w and its slope w/4 there, or, when w = 0, the constant σ(b).

    Returns dict(midpoint=x or None, slope=w/4 or None, constant=σ(b) or None).
    """
    if w == 0:
        return {"midpoint": None, "slope": None, "constant": float(sigmoid(np.float64(b)))}
    return {"midpoint": -b / w + 0.0, "slope": w / 4, "constant": None}
