"""Drawing for the welcome notebook: plot_neuron draws one neuron and returns its artists; update_neuron moves
them to a new weight and bias."""

from __future__ import annotations

import numpy as np

from ...i18n import tr
from .compute import midpoint, reading

__all__ = ["plot_neuron", "update_neuron", "report_sigmoid"]


def _note(w, b):
    """A reading of the curve: where its midpoint is and how steep it is there (not the formulas: the
    notebook asks the student to predict them)."""
    numbers = reading(w, b)
    if numbers["constant"] is not None:
        return tr("w = 0: a = σ(b) = {a:.2f}\nfor every x").format(a=numbers["constant"])
    return tr("midpoint x = {x:.2f}\nslope there = {slope:.2f}").format(x=numbers["midpoint"], slope=numbers["slope"])


def _settings(w, b):
    """The figure's title: the setting it is drawn for."""
    return tr("a = σ(w·x + b) with w = {w:g}, b = {b:g}").format(w=w, b=b)


def plot_neuron(ax, x, a, w, b):
    """One sigmoid neuron a = σ(w·x + b) against its input x: (N,), with its midpoint x = −b/w (where a = 1/2).

    Returns the artists update_neuron moves: dict(curve, midpoint, note, title).
    """
    ax.axhline(0.5, color="0.8", lw=1, ls="--", zorder=0)
    curve, = ax.plot(x, a, color="C0", lw=2, label="a = σ(w·x + b)")
    dot, = ax.plot(*midpoint(w, b), "o", color="C3", ms=7, label=tr("midpoint"))
    note = ax.text(0.02, 0.95, _note(w, b), transform=ax.transAxes, va="top", fontsize=9)
    ax.set(xlim=(x[0], x[-1]), ylim=(-0.05, 1.05), xlabel=tr("input x"), ylabel=tr("activation a"))
    title = ax.set_title(_settings(w, b), fontsize=10)
    ax.legend(loc="lower right", fontsize=9)
    return {"curve": curve, "midpoint": dot, "note": note, "title": title}


def update_neuron(handles, a, w, b):
    """Move plot_neuron's artists to the neuron with weight w and bias b, whose outputs are a: (N,)."""
    handles["curve"].set_ydata(a)
    handles["midpoint"].set_data(*midpoint(w, b))
    handles["note"].set_text(_note(w, b))
    handles["title"].set_text(_settings(w, b))


def report_sigmoid(z, sigma, derivative):
    """Print σ(z) and σ′(z) for a few z: (n,), each rounded to 4 decimals."""
    print(tr("sigmoid:"), np.round(sigma, 4))
    print(tr("its derivative σ'(z) = σ(z)(1 − σ(z)):"), np.round(derivative, 4))
