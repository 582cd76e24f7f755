"""Drawing for notebook 02 (forward pass and backprop): each function draws on the Axes it is given and returns it.

Artists carry gids so that an explorer can find them and update them in place.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from .compute import activation_pair

__all__ = ["plot_activation_and_derivative", "plot_loss_curve", "plot_tiny_fit"]


def _few_ticks(ax, n=5):
    """At most n ticks per axis: tick labels are most of the cost of redrawing a small figure."""
    ax.xaxis.set_major_locator(MaxNLocator(n))
    ax.yaxis.set_major_locator(MaxNLocator(n))


def plot_activation_and_derivative(ax, z, name):
    """An activation f(z) and its derivative f'(z) (dashed) on one Axes.   name: sigmoid, tanh, relu or step."""
    f, f_grad = activation_pair(name)
    ax.axhline(0, color="0.85", lw=1, zorder=0)
    ax.plot(z, f(z), color="C0", lw=2, label=f"{name}(z)")
    ax.plot(z, f_grad(z), color="C3", lw=1.6, ls="--", label=f"{name}'(z)")
    ax.set(xlabel="z", title=name)
    ax.legend(loc="upper left", fontsize=8)
    return ax


def _slopes_text(slope, fd_slope=None, path=None):
    """What the loss panel says in words: the tangent's slope, its finite-difference check, where descent went."""
    lines = [f"tangent (red), backprop: dC/dw = {slope:+.4f}"]
    if fd_slope is not None:
        lines.append(f"finite difference:       {fd_slope:+.4f}")
    if path is not None and len(path) > 1:
        steps = len(path) - 1
        lines.append(f"descent (green), {steps} step{'s' if steps > 1 else ''}: w = {path[-1]:.3g}")
    return "\n".join(lines)


def _loss_ylim(C_values):
    """y-limits for a cost curve with an empty band at the bottom for the text box (about a quarter of the
    height), so that the box never covers the curve or the descent path, which lie on the curve."""
    low, high = float(np.min(C_values)), float(np.max(C_values))
    pad = 0.08 * (high - low) + 1e-3
    return low - 0.45 * (high - low) - 4 * pad, high + pad


def plot_loss_curve(ax, w_grid, C_values, w0, C0, slope, fd_slope=None, path=None, path_C=None, span=1.5):
    """C(w) over a grid, the point (w0, C0), the tangent of slope `slope` there, and gradient-descent iterates.

    The tangent is drawn over w0 ± span.  A text box in an empty band below the curve gives the backprop
    slope, the finite-difference estimate `fd_slope` beside it, and where the descent ended (no legend: it
    is slow to redraw).
    path, path_C: the iterates w_t and C(w_t).
    """
    ax.plot(w_grid, C_values, color="C0", lw=2, gid="curve")
    t = np.array([w0 - span, w0 + span])
    ax.plot(t, C0 + slope * (t - w0), color="C3", lw=1.5, gid="tangent")
    path = np.array([w0]) if path is None else np.asarray(path)
    path_C = np.array([C0]) if path_C is None else np.asarray(path_C)
    ax.plot(path, path_C, ".-", color="C2", lw=1, ms=6, gid="path")
    ax.plot([w0], [C0], "o", color="C3", ms=8, gid="point")
    ax.text(0.02, 0.04, _slopes_text(slope, fd_slope, path), transform=ax.transAxes, fontsize=8.5,
            family="monospace", gid="slopes", bbox=dict(facecolor="white", edgecolor="0.8", alpha=0.9))
    ax.set(xlim=(w_grid[0], w_grid[-1]), ylim=_loss_ylim(C_values), xlabel="the free weight w", ylabel="cost C(w)")
    _few_ticks(ax)
    return ax


def plot_tiny_fit(ax, x, y, x_grid, output, output_after=None):
    """The tiny net's data (x, y) and its output a^L(x) at the current weight (and after descent, dashed).

    No legend (it is slow to redraw): the title says what is what, in the colours of the curves.
    """
    ax.plot(x, y, "o", color="black", ms=6, gid="data")
    ax.plot(x_grid, output, color="C3", lw=1.8, gid="output")
    after = (x_grid, output_after) if output_after is not None else ([], [])
    ax.plot(*after, color="C2", lw=1.5, ls="--", gid="output_after")
    ax.set(xlim=(x_grid[0], x_grid[-1]), ylim=(-0.08, 1.08), xlabel="input x", ylabel="output")
    ax.set_title("examples (●), output at w (red),\nafter the steps (green, dashed)", fontsize=9)
    _few_ticks(ax)
    return ax
