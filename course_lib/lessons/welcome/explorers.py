"""Explorers for the welcome notebook."""

from __future__ import annotations

import numpy as np

from ...activations import sigmoid
from ..explorer import Explorer, _by_gid, float_slider
from .figures import _midpoint, _note, _settings, plot_neuron

__all__ = ["sigmoid_neuron"]

_X = np.linspace(-6.0, 6.0, 241)


def sigmoid_neuron(hide=(), **preset):
    """One neuron a = σ(w·x + b): sliders for its weight w and bias b."""
    controls = {"w": float_slider("weight w", 1.0, -5.0, 5.0, 0.1),
                "b": float_slider("bias b", 0.0, -5.0, 5.0, 0.1)}

    def draw(ex, w, b):
        a = sigmoid(w * _X + b)
        if not ex.artists:
            plot_neuron(ex.axes, _X, a, w, b)
            ex.artists.update(_by_gid(ex.axes))
            return
        ex.artists["curve"].set_ydata(a)
        ex.artists["midpoint"].set_data(*_midpoint(w, b))
        ex.artists["note"].set_text(_note(w, b))
        ex.axes.set_title(_settings(w, b), fontsize=10)

    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(7.5, 3.0),
                    title="One neuron: a = σ(w·x + b)")
