"""Explorers for the autoencoders notebook: code size and denoising, and pre-training with few labels.

Both show networks trained once when the explorer is built (cached in compute); a slider
only selects one of them and, for the autoencoders, runs it forward on six test digits.
"""

from __future__ import annotations

import ipywidgets as widgets

from ...i18n import tr
from ..explorer import Explorer, dropdown
from . import compute, figures

__all__ = ["autoencoder", "pretraining"]


def _choice_slider(description, options, value):
    """A slider over a few listed values (code sizes, noise levels, label counts)."""
    return widgets.SelectionSlider(options=list(options), value=value, description=description,
                                   continuous_update=True, style={"description_width": "initial"})


def autoencoder(hide=(), **preset):
    """Reconstructions of six test digits (clean and noisy) by the autoencoder with the chosen code size and
    training noise; right: the identity gain of every autoencoder of the grid, the chosen one circled."""
    grid = compute.autoencoder_grid()

    def draw(ex, code_size, noise):
        left, right = ex.axes
        view = compute.autoencoder_view(grid, code_size, noise)
        if not ex.artists:
            ex.artists["mosaic"] = figures.plot_explorer_mosaic(left, view, compute.TEST_NOISE)
            ex.artists["gain"] = figures.plot_gain_vs_code_size(right, grid["code_sizes"], grid["gain"],
                                                                grid["noise_levels"], current=(code_size, noise),
                                                                legend=False)
        figures.update_explorer_mosaic(ex.artists["mosaic"], view)
        figures.update_gain_vs_code_size(ex.artists["gain"], view)

    controls = {"code_size": _choice_slider(tr("code size"), grid["code_sizes"], 32),
                "noise": _choice_slider(tr("training noise σ"), grid["noise_levels"], 0.0)}
    title = tr("Autoencoders: code size and denoising. Errors: mean squared, against the clean digit; "
               "gain ‖Δx̂‖²/‖Δx‖²: 1 for a network that copies its input.")
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.0, 3.2), subplots=(1, 2),
                    gridspec_kw={"width_ratios": [1.5, 1]}, title=title)


def pretraining(hide=(), **preset):
    """Test accuracy after fine-tuning with n labels, from greedy layer-wise pre-training or from random
    initialization, for sigmoid and ReLU networks (mean over seeds, band = min–max)."""
    study = compute.pretraining_study()
    counts = compute.LABEL_COUNTS

    def draw(ex, n_labels, activation):
        left, right = ex.axes
        view = compute.pretraining_view(study, activation, n_labels)
        if ex.artists.get("activation") != activation:          # another network: its curves are drawn anew
            left.clear()
            ex.artists["curves"] = figures.plot_accuracy_vs_labels(left, counts, study[activation], current=n_labels,
                                                                   legend=False)
            left.set_ylim(0.5, 1.0)
            ex.artists["activation"] = activation
        if "bars" not in ex.artists:
            ex.artists["bars"] = figures.plot_pretraining_bars(right, view)
        figures.update_accuracy_vs_labels(ex.artists["curves"], n_labels, activation)
        figures.update_pretraining_bars(ex.artists["bars"], view)

    options = [(figures.method_label(name), name) for name in study]
    controls = {"n_labels": _choice_slider(tr("labelled examples"), counts, 100),
                "activation": dropdown(tr("activation"), options, options[0][1])}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.0, 3.4), subplots=(1, 2),
                    gridspec_kw={"width_ratios": [1.6, 1]},
                    title=tr("Greedy layer-wise pre-training, then fine-tuning"))
