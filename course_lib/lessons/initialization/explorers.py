"""Explorers for notebook 04 (initialization): activation and gradient std per layer against the variance theory."""

from __future__ import annotations

from ...i18n import tr
from ..activations_vanishing_gradients.figures import MESSAGE_PLACE, pin_axis_labels_once
from ..explorer import Explorer, checkbox, dropdown, int_slider
from . import compute, figures

__all__ = ["variance_propagation"]


def variance_propagation(hide=(), **preset):
    """std of zˡ (forward) and of δˡ = ∂L/∂zˡ (backward) per layer, measured on a deep net and predicted by the
    variance recursion, for an initialisation scheme, depth, width and activation (64 random samples)."""

    def draw(ex, scheme, depth, width, activation, gaussian_theory):
        stats = compute.explorer_profile(scheme, depth, width, activation)
        if "handles" not in ex.artists:
            ex.artists["handles"] = figures.plot_variance_explorer(ex.fig, ex.axes, stats)
        handles = ex.artists["handles"]
        message = figures.profile_message(compute.profile_problem(stats), activation, gaussian_theory)
        settings = {"scheme": scheme, "activation": activation, "depth": depth, "width": width,
                    "samples": compute.EXPLORER_SAMPLES, "seed": compute.EXPLORER_SEED}
        figures.update_variance_explorer(handles, stats, settings, gaussian_theory, room=message is not None)
        if message is not None:
            ex.message(handles.axes[0], message, **MESSAGE_PLACE)
        pin_axis_labels_once(ex.artists, [ax.xaxis for ax in ex.axes], drawn=bool(ex.timings))   # not the log axes

    schemes = [(figures.scheme_label(scheme), scheme) for scheme in figures.SCHEME_LABELS]
    controls = {"scheme": dropdown(tr("initialisation"), schemes, "glorot_uniform"),
                "depth": int_slider(tr("depth (hidden layers)"), 20, 2, compute.EXPLORER_MAX_DEPTH),
                "width": int_slider(tr("width"), 128, 16, 256, step=16),
                "activation": dropdown(tr("activation"), list(compute.ACTIVATIONS), "tanh"),
                "gaussian_theory": checkbox(tr("Gaussian theory"), False)}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.0, 3.6), subplots=(1, 2),
                    title=tr("Activation and gradient scale, layer by layer: measured vs the variance recursion"))
