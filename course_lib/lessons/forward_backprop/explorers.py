"""Explorers for notebook 02 (forward pass and backprop)."""

from __future__ import annotations

from ...i18n import N_, tr
from ..explorer import Explorer, dropdown, float_slider, int_slider, log_slider
from . import compute, figures

__all__ = ["one_weight_loss"]

WEIGHT_LABELS = {"W1[0,0] (hidden)": N_("W1[0,0] (hidden)"), "W2[0,0] (output)": N_("W2[0,0] (output)")}
HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu", "step")
TANGENT_SPAN = 1.5   # half-width of the drawn tangent, in units of w


def _labelled(labels, values):
    """Dropdown options as (translated label, value) pairs."""
    return [(tr(labels[value]), value) for value in values]


def one_weight_loss(hide=(), **preset):
    """A tiny 1–2–1 net with one free weight: the cost curve, the backprop tangent, and gradient-descent steps."""
    weights = list(compute.FREE_WEIGHTS)
    controls = {"weight": dropdown(tr("free weight"), _labelled(WEIGHT_LABELS, weights), weights[0]),
                "activation": dropdown(tr("hidden activation"),
                                       _labelled(figures.ACTIVATION_NAMES, HIDDEN_ACTIVATIONS), "sigmoid"),
                "cost": dropdown(tr("cost"), _labelled(figures.COST_NAMES, compute.COSTS), "quadratic"),
                "w": float_slider("w", -3.0, compute.W_LOW, compute.W_HIGH, 0.05),
                "lr": log_slider(tr("learning rate"), 10.0, 0.01, 100.0),
                "steps": int_slider(tr("descent steps"), 0, 0, 50)}

    def draw(ex, weight, activation, cost, w, lr, steps):
        state = compute.one_weight_state(weight, activation, cost, w, lr, steps)
        ax_loss, ax_fit = ex.axes
        if not ex.artists:
            ex.artists["loss"] = figures.plot_loss_curve(ax_loss, compute.W_GRID, state.C_grid, w, state.C0,
                                                         state.slope, span=TANGENT_SPAN)
            ex.artists["fit"] = figures.plot_tiny_fit(ax_fit, compute.TINY_X[0], compute.TINY_Y[0], compute.X_GRID,
                                                      state.output)
        figures.update_loss_curve(ex.artists["loss"], state.C_grid, w, state.C0, state.slope, state.fd_slope,
                                  state.path, state.path_C, state.inside,
                                  title=figures.loss_title(weight, activation, cost, w, lr, steps))
        figures.update_tiny_fit(ex.artists["fit"], state.output, state.output_after)
        warning = figures.descent_warning(state)
        if warning:
            ex.message(ax_loss, warning)

    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.0, 3.4), subplots=(1, 2),
                    gridspec_kw={"width_ratios": [1.6, 1]}, title=tr("One weight: the cost curve and its tangent"))
