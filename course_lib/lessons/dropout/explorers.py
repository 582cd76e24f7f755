"""Explorers for the dropout notebook: the two dropout conventions, and dropout as an exact ensemble."""

from __future__ import annotations

import numpy as np

from ...i18n import tr
from ..axes import fewer_ticks, freeze_axes
from ..explorer import Explorer, dropdown, float_slider, log_slider
from . import compute, figures

__all__ = ["dropout_conventions", "dropout_ensemble"]

SAMPLE_SEED = 0          # dropout_conventions draws its sampled masks from this seed: a setting shows one draw


def dropout_conventions(hide=(), **preset):
    """One unit with 8 dropped inputs: the exact distribution of its training output over all 2⁸ masks, its
    mean, the mean of sampled masks, and the inference output, for inverted dropout and for weight scaling."""

    def draw(ex, drop_prob, output, samples):
        views = compute.mask_distributions(drop_prob, output, int(round(samples)), np.random.default_rng(SAMPLE_SEED))
        if not ex.artists:
            for k, (ax, view) in enumerate(zip(ex.axes, views)):
                ex.artists[view.convention] = figures.plot_mask_distribution(ax, view, legend=k == 0)
                fewer_ticks(ax)
        for view in views:
            figures.update_mask_distribution(ex.artists[view.convention], view)

    controls = {"drop_prob": float_slider(tr("p (drop probability)"), 0.5, 0.0, 0.9, 0.05, readout_format=".2f"),
                "output": dropdown(tr("unit output"), [(tr(figures.OUTPUT_LABELS[o]), o) for o in compute.OUTPUTS]),
                "samples": log_slider(tr("sampled masks"), 1000, 1, 10000, steps_per_decade=4, readout_format=".0f")}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.5, 3.4), subplots=(1, 2),
                    title=tr("Inverted dropout vs weight scaling: the expected training output is the inference "
                             "output"))


def dropout_ensemble(hide=(), **preset):
    """A 2-D classifier whose dropout layer has 10 units: all 1024 sub-networks enumerated (nets trained at build
    time for each p).  Left: approximations vs the exact ensemble; middle: one input's sub-network outputs;
    right: mean error against k for Monte Carlo dropout, with weight scaling and the geometric mean."""
    drop_probs = compute.DROP_PROBS
    compute.ensemble_study()                               # train the nets now, not at the first slider move

    def draw(ex, drop_prob, k, place):
        k = int(round(k))
        view = compute.ensemble_view(drop_prob, k, place, np.random.default_rng(k))   # a setting shows one draw
        if not ex.artists:
            ex.artists.update(figures.plot_ensemble_view(ex.axes, view), frozen=False)
            return
        if not ex.artists["frozen"]:                   # drawn once: only the middle panel's y-limit moves
            agree, one, errors = ex.axes
            freeze_axes(agree, errors)
            freeze_axes(one, y=False)
            ex.artists["frozen"] = True
        figures.update_ensemble_view(ex.artists, view)

    controls = {"drop_prob": float_slider(tr("p (drop probability)"), 0.5, drop_probs[0], drop_probs[-1], 0.1,
                                          readout_format=".1f"),
                "k": log_slider(tr("k (Monte Carlo samples)"), 10, 1, 1000, steps_per_decade=6, readout_format=".0f"),
                "place": dropdown(tr("dropout"), [(tr(compute.PLACE_LABELS[p]), p) for p in compute.PLACES])}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(11, 3.6), subplots=(1, 3),
                    title=tr("Dropout as an ensemble of 1024 sub-networks"))
