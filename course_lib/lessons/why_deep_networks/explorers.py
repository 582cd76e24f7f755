"""Explorers for notebook 01 (why deep networks): sliders wired to compute (fits, sawtooth nets) and figures."""

from __future__ import annotations

import numpy as np

from ...i18n import tr
from ..explorer import Explorer, checkbox, dropdown, int_slider
from . import compute, figures

__all__ = ["universal_approximation", "depth_vs_width"]

_SIDE_BY_SIDE = {"figsize": (9.0, 3.4), "subplots": (1, 2), "gridspec_kw": {"width_ratios": [1.6, 1]}}


def universal_approximation(hide=(), **preset):
    """One hidden layer of n random units, output layer fitted by least squares: the fit and its error vs n."""
    targets = [(tr(figures.TARGET_LABELS[name]), name) for name in compute.TARGETS]
    controls = {"target": dropdown(tr("target"), targets, "sine"),
                "activation": dropdown(tr("activation"), list(compute.HIDDEN_ACTIVATIONS), "relu"),
                "units": int_slider(tr("hidden units n"), 5, 1, compute.MAX_UNITS),
                "seed": int_slider(tr("random seed"), 0, 0, 9),
                "show_units": checkbox(tr("show each unit's share"), False)}

    def draw(ex, target, activation, units, seed, show_units):
        sweep = compute.width_sweep(target, activation, seed)
        y, y_hat = compute.target(target, compute.X_PLOT), sweep.fits[units - 1]
        shares = (compute.unit_shares(target, activation, seed, units) if show_units
                  else np.empty((len(compute.X_PLOT), 0)))
        ax_fit, ax_err = ex.axes
        if not ex.artists:
            ex.artists["fit"] = figures.plot_fit(ax_fit, compute.X_PLOT, y, y_hat, units)
            ex.artists["units"] = figures.plot_unit_contributions(ax_fit, compute.X_PLOT, shares)
            ex.artists["errors"] = figures.plot_error_vs_width(ax_err, sweep.widths, sweep.errors, current=units)
        figures.update_fit(ex.artists["fit"], y, y_hat, units)
        figures.update_unit_contributions(ex.artists["units"], shares)
        figures.title_universal_approximation(ax_fit, target, units, activation, seed, sweep.errors[units - 1],
                                              show_units)
        figures.update_error_vs_width(ex.artists["errors"], sweep.widths, sweep.errors, units)

    return Explorer(controls, draw, preset=preset, hide=hide, title=tr("Universal approximation: one hidden layer"),
                    **_SIDE_BY_SIDE)


def depth_vs_width(hide=(), **preset):
    """Tᵏ made exactly by k layers of 2 ReLU units, against one hidden layer of n ReLU units."""
    controls = {"k": int_slider(tr("k (deep layers)"), 3, 1, compute.MAX_K),
                "shallow_units": int_slider(tr("shallow units n"), 5, 1, 2**compute.MAX_K)}
    ks, deep_units, shallow_units_needed = compute.units_needed_curves(compute.MAX_K)

    def draw(ex, k, shallow_units):
        nets = compute.depth_against_width(k, shallow_units)
        ax_saw, ax_units = ex.axes
        if not ex.artists:
            ex.artists["sawtooth"] = figures.plot_sawtooth(ax_saw, compute.X_SAW, nets["y_deep"], nets["y_shallow"],
                                                           k, shallow_units)
            ex.artists["units"] = figures.plot_units_needed(ax_units, ks, deep_units, shallow_units_needed,
                                                            current_k=k, chosen_units=shallow_units,
                                                            exact=nets["exact"])
        figures.update_sawtooth(ex.artists["sawtooth"], nets["y_deep"], nets["y_shallow"], k, shallow_units,
                                nets["pieces_deep"], nets["pieces_shallow"], nets["error"])
        figures.update_units_needed(ex.artists["units"], k, shallow_units, nets["exact"])

    return Explorer(controls, draw, preset=preset, hide=hide, title=tr("Depth against width: the sawtooth Tᵏ"),
                    **_SIDE_BY_SIDE)
