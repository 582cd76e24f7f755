"""Explorers for the vanishing notebook: activation functions and their saturation; gradients in a deep MLP."""

from __future__ import annotations

from ...i18n import tr
from ..explorer import Explorer, dropdown, float_slider, int_slider, log_slider
from . import compute, figures

__all__ = ["activation_functions", "vanishing_gradients"]


def activation_functions(hide=(), **preset):
    """Two activations side by side: f(z) left, f'(z) right, saturation regions |f'(z)| < threshold shaded.

    The lines, legends and ticks are made once; a slider move updates them in place (fast redraws)."""

    def draw(ex, activation, compare_with, threshold):
        names = [activation] + ([compare_with] if compare_with not in ("none", activation) else [])
        if "handles" not in ex.artists:
            ex.artists["handles"] = figures.plot_activation_explorer(ex.fig, ex.axes, names, threshold)
        else:
            figures.update_activation_explorer(ex.artists["handles"], names, threshold)
        figures.pin_axis_labels_once(ex.artists, [axis for ax in ex.axes for axis in (ax.xaxis, ax.yaxis)],
                                     drawn=bool(ex.timings))

    names = list(compute.NAMES)
    controls = {"activation": dropdown(tr("activation"), names, "sigmoid"),
                "compare_with": dropdown(tr("compare with"), [(tr("none"), "none")] + [(n, n) for n in names], "relu"),
                "threshold": float_slider(tr("saturation threshold"), compute.EXPLORER_THRESHOLD, 0.01, 0.5, 0.01,
                                          readout_format=".2f")}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.0, 3.4), subplots=(1, 2),
                    title=tr("Activation functions, their derivatives, and where they saturate"))


def vanishing_gradients(hide=(), **preset):
    """A deep MLP (width 64, 128 random samples): per-layer gradient norm, activation histograms, dead units.

    Weights W ~ N(0, scale²/fan_in) (scale 1 = LeCun, √2 = He); loss: softmax cross-entropy on random labels.
    """

    def draw(ex, depth, activation, scale):
        stats = compute.explorer_statistics(depth, activation, float(scale))
        if "handles" not in ex.artists:
            ex.artists["handles"] = figures.plot_deep_net(ex.fig, ex.axes, stats, compute.EXPLORER_THRESHOLD)
        handles = ex.artists["handles"]
        message = figures.gradient_message(compute.gradient_problem(stats["grad_norm"]))
        settings = {"activation": activation, "depth": depth, "width": compute.EXPLORER_WIDTH, "scale": scale,
                    "samples": compute.EXPLORER_SAMPLES, "seed": compute.EXPLORER_SEED}
        figures.update_deep_net(handles, stats, settings, room=message is not None)
        if message is not None:
            ex.message(handles.axes[0], message, **figures.MESSAGE_PLACE)
        pinned = [ax.xaxis for ax in ex.axes] + [ex.axes[2].yaxis]        # the others' tick labels change width
        figures.pin_axis_labels_once(ex.artists, pinned, drawn=bool(ex.timings))

    controls = {"depth": int_slider(tr("depth (hidden layers)"), 20, 2, compute.EXPLORER_MAX_DEPTH),
                "activation": dropdown(tr("activation"), list(compute.NAMES), "sigmoid"),
                "scale": log_slider(tr("weight scale (× 1/√fan_in)"), 1.0, 0.1, 10.0, steps_per_decade=20)}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(10.0, 3.6), subplots=(1, 3),
                    gridspec_kw={"width_ratios": [3, 3, 2]},
                    title=tr("Gradients and activations, layer by layer, in a deep MLP at initialisation"))
