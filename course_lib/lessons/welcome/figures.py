"""Drawing for the welcome notebook: each function draws on the Axes it is given and returns it."""

from __future__ import annotations

import numpy as np

__all__ = ["plot_neuron"]


def _midpoint(w, b):
    """The point (x, a) = (−b/w, 1/2) where the neuron crosses one half, as lists (empty when w = 0)."""
    return ([-b / w + 0.0], [0.5]) if w != 0 else ([], [])      # + 0.0 turns −0.0 into 0.0


def _note(w, b):
    """A reading of the curve: where its midpoint is and how steep it is there (not the formulas: the
    notebook asks the student to predict them)."""
    if w == 0:
        return f"w = 0: a = σ(b) = {1 / (1 + np.exp(-b)):.2f}\nfor every x"
    return f"midpoint x = {-b / w + 0.0:.2f}\nslope there = {w / 4:.2f}"


def _settings(w, b):
    """The figure's title: the setting it is drawn for."""
    return f"a = σ(w·x + b) with w = {w:g}, b = {b:g}"


def plot_neuron(ax, x, a, w, b):
    """One sigmoid neuron a = σ(w·x + b) against its input x, with its midpoint x = −b/w (where a = 1/2).

    Artists carry gids ("curve", "midpoint", "note") so that an explorer can update them in place.
    """
    ax.axhline(0.5, color="0.8", lw=1, ls="--", zorder=0)
    ax.plot(x, a, color="C0", lw=2, gid="curve", label="a = σ(w·x + b)")
    ax.plot(*_midpoint(w, b), "o", color="C3", ms=7, gid="midpoint", label="midpoint")
    ax.text(0.02, 0.95, _note(w, b), transform=ax.transAxes, va="top", fontsize=9, gid="note")
    ax.set(xlim=(x[0], x[-1]), ylim=(-0.05, 1.05), xlabel="input x", ylabel="activation a")
    ax.set_title(_settings(w, b), fontsize=10)
    ax.legend(loc="lower right", fontsize=9)
    return ax
