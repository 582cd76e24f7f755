"""Explorers for notebook 02 (forward pass and backprop)."""

from __future__ import annotations

import numpy as np

from ..explorer import Explorer, _by_gid, dropdown, float_slider, int_slider, log_slider
from . import compute as bp
from .figures import _loss_ylim, _slopes_text, plot_loss_curve, plot_tiny_fit

__all__ = ["one_weight_loss"]

W_LOW, W_HIGH = -6.0, 6.0
_W_GRID = np.linspace(W_LOW, W_HIGH, 241)
_X_GRID = np.linspace(-2.5, 2.5, 101)
_SPAN = 1.5   # half-width of the drawn tangent


def _curve(weight, activation, cost, cache):
    """C(w) over the grid and the two functions C, dC/dw, computed once per setting."""
    key = (weight, activation, cost)
    if key not in cache:
        C, dC_dw = bp.one_weight_problem(weight, activation, cost)
        cache[key] = (np.array([C(w) for w in _W_GRID]), C, dC_dw)
    return cache[key]


def _net_output(weight, activation, w):
    """The tiny net's output a^L(x) over _X_GRID with the free weight set to w."""
    layer, index = bp.FREE_WEIGHTS[weight]
    weights = [W.copy() for W in bp.TINY_WEIGHTS]
    weights[layer][index] = w
    _, a = bp.forward(weights, list(bp.TINY_BIASES), _X_GRID[None, :], activation, "sigmoid")
    return a[-1][0]


def one_weight_loss(hide=(), **preset):
    """A tiny 1–2–1 net with one free weight: the cost curve, the backprop tangent, and gradient-descent steps."""
    options = list(bp.FREE_WEIGHTS)
    controls = {"weight": dropdown("free weight", options, options[0]),
                "activation": dropdown("hidden activation", ["sigmoid", "tanh", "relu", "step"], "sigmoid"),
                "cost": dropdown("cost", list(bp.COSTS), "quadratic"),
                "w": float_slider("w", -3.0, W_LOW, W_HIGH, 0.05),
                "lr": log_slider("learning rate", 10.0, 0.01, 100.0),
                "steps": int_slider("descent steps", 0, 0, 50)}
    cache = {}

    def draw(ex, weight, activation, cost, w, lr, steps):
        C_grid, C, dC_dw = _curve(weight, activation, cost, cache)
        C0, slope = C(w), dC_dw(w)
        fd_slope = bp.finite_difference_slope(C, w)
        path = bp.gradient_descent_1d(dC_dw, w, lr, steps)
        path_C = np.array([C(p) for p in path])
        inside = (path >= W_LOW) & (path <= W_HIGH)
        output = _net_output(weight, activation, w)
        after = _net_output(weight, activation, path[-1]) if steps else None
        ax_loss, ax_fit = ex.axes
        if not ex.artists:
            plot_loss_curve(ax_loss, _W_GRID, C_grid, w, C0, slope, fd_slope, path, path_C, span=_SPAN)
            plot_tiny_fit(ax_fit, bp.TINY_X[0], bp.TINY_Y[0], _X_GRID, output, after)
            ex.artists.update(_by_gid(ax_loss))
            ex.artists.update(_by_gid(ax_fit))
        a = ex.artists
        a["curve"].set_ydata(C_grid)
        t = np.array([w - _SPAN, w + _SPAN])
        a["tangent"].set_data(t, C0 + slope * (t - w))
        a["point"].set_data([w], [C0])
        a["path"].set_data(path[inside], path_C[inside])
        a["slopes"].set_text(_slopes_text(slope, fd_slope, path))
        ax_loss.set_ylim(*_loss_ylim(C_grid))
        ax_loss.set_title(f"C(w), free weight {weight.split()[0]}: {activation} hidden units, {cost} cost\n"
                          f"w = {w:g}, learning rate {lr:.2g}, {steps} descent step{'' if steps == 1 else 's'}",
                          fontsize=9)
        a["output"].set_ydata(output)
        a["output_after"].set_data(([], []) if after is None else (_X_GRID, after))
        if len(path) < steps + 1:
            ex.message(ax_loss, f"w overflowed after {len(path) - 1} steps")
        elif not inside.all():
            ex.message(ax_loss, f"the iterates left the plotted range\n(last w = {path[-1]:.3g}): lr too large?")
        elif abs(slope - fd_slope) > 1e-4 * (1 + abs(slope) + abs(fd_slope)):
            ex.message(ax_loss, "backprop and the finite difference disagree:\n"
                                "w is within h of a kink or a jump of C")

    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.0, 3.4), subplots=(1, 2),
                    gridspec_kw={"width_ratios": [1.6, 1]}, title="One weight: the cost curve and its tangent")

