"""Explorers for the propagation notebook: activation and gradient std per layer against the variance theory."""

from __future__ import annotations

import functools

import numpy as np

from ..activations_vanishing_gradients import compute as _vanishing
from ..activations_vanishing_gradients.explorers import (
    _figure_legend,
    _freeze_axis_labels,
    _log_limits,
    _message,
    _set_log_ylim,
    _settings_title,
)
from ..explorer import Explorer, checkbox, dropdown, int_slider
from . import compute as _propagation
from . import figures as _plots

__all__ = ["variance_propagation"]

_SEED = 0            # the batch and the weights come from this seed, so every reader sees the same net
_MAX_DEPTH = 50
_N_SAMPLES = 64
_APPROXIMATION = {"tanh": "tanh(z) ≈ z", "sigmoid": "σ(z) ≈ 1/2 + z/4"}


@functools.lru_cache(maxsize=4)
def _net(scheme, width):
    """The batch and the _MAX_DEPTH hidden weights + output weights of one scheme and width (drawn once)."""
    rng = np.random.default_rng(_SEED)
    X, y = _vanishing.random_batch(_N_SAMPLES, width, rng)
    weights = _propagation.init_weights(scheme, _MAX_DEPTH, width, rng)
    return X, y, weights


@functools.lru_cache(maxsize=256)
def _profile(scheme, depth, width, activation):
    X, y, weights = _net(scheme, width)
    return _propagation.measured_and_theory(X, y, weights[:depth] + [weights[-1]], activation, scheme)


def _theory_label(activation, exact):
    return "theory (exact on average)" if exact else f"theory (approximate: {_APPROXIMATION[activation]})"


def _problem(stats, activation, gaussian_theory):
    """The note to show on the figure, or None: overflow, underflow, or a linearised theory that is far off."""
    measured = np.concatenate([stats["z_std"], stats["delta_std"]])
    if not np.isfinite(measured).all():
        return "overflow: some measured values left the float64 range\n(only finite ones are drawn)"
    if np.any(measured == 0):
        return "underflow: some values are exactly 0 (below 1e-308)\nand cannot be drawn on a log axis"
    if not stats["exact"] and max(_departure(stats["z_std"], stats["z_theory"]),
                                  _departure(stats["delta_std"], stats["delta_theory"])) > 2:
        tip = "; tick 'Gaussian theory'" if not gaussian_theory else ""
        return f"linearised theory off by more than ×2:\nz is not small, so {_APPROXIMATION[activation]} fails{tip}"
    return None


def _departure(measured, theory):
    """The largest factor between measured and predicted std over the layers where both are finite and > 0."""
    ok = np.isfinite(measured) & np.isfinite(theory) & (measured > 0) & (theory > 0)
    return float(np.exp(np.max(np.abs(np.log(measured[ok] / theory[ok]))))) if ok.any() else np.inf


def variance_propagation(hide=(), **preset):
    """std of zˡ (forward) and of δˡ = ∂L/∂zˡ (backward) per layer, measured on a deep net and predicted by the
    variance recursion, for an initialisation scheme, depth, width and activation (64 random samples)."""

    def draw(ex, scheme, depth, width, activation, gaussian_theory):
        left, right = ex.axes
        stats = _profile(scheme, depth, width, activation)
        layers = np.arange(1, depth + 1)
        if "lines" not in ex.artists:
            _plots.plot_std_profile(left, stats["z_std"], stats["z_theory"], stats["z_gaussian"],
                                    ylabel="std of zˡ (log scale)")
            _plots.plot_std_profile(right, stats["delta_std"], stats["delta_theory"], stats["delta_gaussian"],
                                    ylabel="std of δˡ = ∂L/∂zˡ (log scale)")
            left.set_title("forward: pre-activations zˡ", fontsize=10)
            right.set_title("backward: gradients δˡ", fontsize=10)
            ex.artists["lines"] = [{line.get_gid(): line for line in ax.lines} for ax in (left, right)]
            first = ex.artists["lines"][0]
            ex.artists["legend"] = _figure_legend(ex, [first["theory"], first["measured"], first["gaussian"]], 3)
        message = _problem(stats, activation, gaussian_theory)
        for ax, lines, kind in zip((left, right), ex.artists["lines"], ("z", "delta")):
            for gid, key in (("measured", f"{kind}_std"), ("theory", f"{kind}_theory"),
                             ("gaussian", f"{kind}_gaussian")):
                lines[gid].set_data(layers, _vanishing.log_safe(stats[key]))
            lines["gaussian"].set_visible(gaussian_theory)
            shown = [stats[f"{kind}_std"], stats[f"{kind}_theory"]]
            shown += [stats[f"{kind}_gaussian"]] if gaussian_theory else []
            ax.set_xlim(0.5, depth + 0.5)
            _set_log_ylim(ax, _log_limits(*shown, room=message is not None and ax is left))
        legend = ex.artists["legend"]
        legend.get_texts()[0].set_text(_theory_label(activation, stats["exact"]))
        legend.get_texts()[2].set_visible(gaussian_theory)          # the last entry, so hiding it leaves no gap
        legend.legend_handles[2].set_visible(gaussian_theory)
        if message is not None:
            _message(ex, left, message)
        _freeze_axis_labels(ex, [left.xaxis, right.xaxis])          # the log axes' tick labels change width
        theory = " + Gaussian theory" if gaussian_theory else ""
        _settings_title(ex, f"{_plots.SCHEME_LABELS[scheme]}, {activation}, {depth} layers of {width} units, "
                            f"{_N_SAMPLES} random samples (seed {_SEED}){theory}")

    schemes = [(label, scheme) for scheme, label in _plots.SCHEME_LABELS.items()]
    controls = {"scheme": dropdown("initialisation", schemes, "glorot_uniform"),
                "depth": int_slider("depth (hidden layers)", 20, 2, _MAX_DEPTH),
                "width": int_slider("width", 128, 16, 256, step=16),
                "activation": dropdown("activation", list(_propagation.ACTIVATIONS), "tanh"),
                "gaussian_theory": checkbox("Gaussian theory", False)}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.0, 3.6), subplots=(1, 2),
                    title="Activation and gradient scale, layer by layer: measured vs the variance recursion")
