"""Explorers for notebook 01 (why deep networks)."""

from __future__ import annotations

import numpy as np

from ..explorer import Explorer, _by_gid, checkbox, dropdown, int_slider
from . import compute as ap
from .figures import (
    plot_error_vs_width,
    plot_fit,
    plot_sawtooth,
    plot_unit_contributions,
    plot_units_needed,
)

__all__ = ["universal_approximation", "depth_vs_width"]

MAX_UNITS = 60
MAX_K = 8
_X_FIT = np.linspace(0.0, 1.0, 201)     # the points the output layer is fitted on
_X_PLOT = np.linspace(0.0, 1.0, 801)    # the points the fit is drawn and measured on
_X_SAW = np.linspace(0.0, 1.0, 2**11 + 1)  # dyadic grid: every kink j/2^k of T^k (k ≤ 11) is a grid point


def _legend_text(ax, i, text):
    """Change the i-th legend entry's text in place (rebuilding the legend would cost a redraw of it)."""
    ax.get_legend().get_texts()[i].set_text(text)


def _width_sweep(target, activation, seed, cache):
    """Random hidden units (seeded) and the fits for every width 1..MAX_UNITS, computed once per setting."""
    key = (target, activation, seed)
    if key not in cache:
        rng = np.random.default_rng(seed)
        w, b = ap.random_hidden_layer(MAX_UNITS, rng, activation)
        widths = np.arange(1, MAX_UNITS + 1)
        fits = ap.one_hidden_layer_fits(_X_FIT, ap.target(target, _X_FIT), w, b, widths, activation, _X_PLOT)
        errors = ap.rms_error(fits, ap.target(target, _X_PLOT))
        cache[key] = (w, b, widths, fits, errors)
    return cache[key]


def universal_approximation(hide=(), **preset):
    """One hidden layer of n random units, output layer fitted by least squares: the fit and its error vs n."""
    controls = {"target": dropdown("target", list(ap.TARGETS), "sine"),
                "activation": dropdown("activation", list(ap.HIDDEN_ACTIVATIONS), "relu"),
                "units": int_slider("hidden units n", 5, 1, MAX_UNITS),
                "seed": int_slider("random seed", 0, 0, 9),
                "show_units": checkbox("show each unit's share", False)}
    cache = {}

    def draw(ex, target, activation, units, seed, show_units):
        w, b, widths, fits, errors = _width_sweep(target, activation, seed, cache)
        y = ap.target(target, _X_PLOT)
        y_hat = fits[units - 1]
        contributions = np.empty((len(_X_PLOT), 0))
        if show_units:
            H = ap.hidden_layer(_X_FIT, w[:units], b[:units], activation)
            v, _ = ap.fit_output_layer(H, ap.target(target, _X_FIT))
            contributions = ap.hidden_layer(_X_PLOT, w[:units], b[:units], activation) * v
        ax_fit, ax_err = ex.axes
        if not ex.artists:
            plot_fit(ax_fit, _X_PLOT, y, y_hat, units)
            plot_unit_contributions(ax_fit, _X_PLOT, contributions)
            plot_error_vs_width(ax_err, widths, errors, current=units)
            ex.artists.update(_by_gid(ax_fit))
            ex.artists.update({"err_" + k: v for k, v in _by_gid(ax_err).items()})
        a = ex.artists
        a["target"].set_ydata(y)
        a["fit"].set_ydata(y_hat)
        _legend_text(ax_fit, 1, f"one hidden layer, {units} units")
        a["units"].set_segments([np.column_stack([_X_PLOT, c]) for c in contributions.T])
        finite = np.concatenate([y, y_hat])
        low, high = finite.min(), finite.max()
        pad = 0.1 * (high - low) + 0.05
        ax_fit.set_ylim(low - pad, high + pad)
        shares = ", each unit's share" if show_units else ""
        ax_fit.set_title(f"{target}, {units} {activation} units, seed {seed}{shares}: "
                         f"RMS error {errors[units - 1]:.4f}", fontsize=10)
        # the error curve only up to the current width: where it ends is for the student to find out
        a["err_errors"].set_data(widths[:units], errors[:units])
        a["err_current"].set_data([units], [errors[units - 1]])
        positive = errors[errors > 0]
        ax_err.set_ylim(max(positive.min() / 2, 1e-6) if positive.size else 1e-6, errors.max() * 2)

    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.0, 3.4), subplots=(1, 2),
                    gridspec_kw={"width_ratios": [1.6, 1]}, title="Universal approximation: one hidden layer")


def depth_vs_width(hide=(), **preset):
    """Tᵏ made exactly by k layers of 2 ReLU units, against one hidden layer of n ReLU units."""
    controls = {"k": int_slider("k (deep layers)", 3, 1, MAX_K),
                "shallow_units": int_slider("shallow units n", 5, 1, 2**MAX_K)}
    ks = np.arange(1, MAX_K + 1)
    needed = [ap.units_needed(int(k)) for k in ks]
    deep_units = np.array([u["deep"] for u in needed])
    shallow_units_needed = np.array([u["shallow"] for u in needed])

    def draw(ex, k, shallow_units):
        y_deep = ap.relu_net(ap.deep_sawtooth_net(k), _X_SAW)
        shallow = ap.shallow_relu_interpolant(lambda x: ap.sawtooth(x, k), shallow_units)
        y_shallow = ap.relu_net(shallow, _X_SAW)
        error = float(np.max(np.abs(y_shallow - y_deep)))
        exact = error < 1e-9
        ax_saw, ax_units = ex.axes
        if not ex.artists:
            plot_sawtooth(ax_saw, _X_SAW, y_deep, y_shallow, k, shallow_units)
            plot_units_needed(ax_units, ks, deep_units, shallow_units_needed, current_k=k,
                              chosen_units=shallow_units, exact=exact)
            ex.artists.update(_by_gid(ax_saw))
            ex.artists.update(_by_gid(ax_units))
        a = ex.artists
        a["deep"].set_ydata(y_deep)
        a["shallow"].set_ydata(y_shallow)
        _legend_text(ax_saw, 0, f"deep: {k} layers × 2 units")
        _legend_text(ax_saw, 1, f"shallow: 1 layer × {shallow_units} units")
        pieces_deep = ap.count_linear_pieces(_X_SAW, y_deep)
        pieces_shallow = ap.count_linear_pieces(_X_SAW, y_shallow)
        ax_saw.set_title(f"k = {k}, shallow n = {shallow_units}\n"
                         f"pieces: deep {pieces_deep}, shallow {pieces_shallow};  max |difference| {error:.3f}",
                         fontsize=10)
        a["current_k"].set_xdata([k, k])
        a["chosen"].set_data([k], [np.log2(shallow_units)])
        a["chosen"].set_color("C2" if exact else "C3")

    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.0, 3.4), subplots=(1, 2),
                    gridspec_kw={"width_ratios": [1.6, 1]}, title="Depth against width: the sawtooth Tᵏ")
