"""Explorers for the welcome notebook: sliders wired to compute (the neuron) and figures (its drawing)."""

from __future__ import annotations

from ...i18n import tr
from ..explorer import Explorer, float_slider
from . import compute, figures

__all__ = ["sigmoid_neuron"]


def sigmoid_neuron(hide=(), **preset):
    """One neuron a = σ(w·x + b): sliders for its weight w and bias b."""
    controls = {"w": float_slider(tr("weight w"), 1.0, -5.0, 5.0, 0.1),
                "b": float_slider(tr("bias b"), 0.0, -5.0, 5.0, 0.1)}

    def draw(ex, w, b):
        a = compute.neuron(compute.X, w, b)
        if not ex.artists:
            ex.artists.update(figures.plot_neuron(ex.axes, compute.X, a, w, b))
        else:
            figures.update_neuron(ex.artists, a, w, b)

    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(7.5, 3.0),
                    title=tr("One neuron: a = σ(w·x + b)"))
