"""Explorers for the batch-normalization notebook: controls wired to compute (numbers) and figures (drawing)."""

from __future__ import annotations

from ...i18n import tr
from ..explorer import Explorer, float_slider, int_slider, log_slider
from . import compute, figures

__all__ = ["bn_running_stats", "bn_deep_sigmoid"]

MEAN, STD, STEPS = 3.0, 2.0, 300        # the population N(3, 2²) the batches are drawn from; steps shown


def bn_running_stats(hide=(), **preset):
    """Running mean and variance of a BatchNorm layer as an EMA of batch statistics; train vs inference outputs."""
    controls = {
        "momentum": float_slider(tr("momentum"), 0.9, 0.0, 0.999, 0.001, readout_format=".3f"),
        "batch_size": int_slider(tr("batch size"), 16, 2, 128),
        "step": int_slider(tr("compare at step"), 20, 1, STEPS),
    }

    def draw(ex, momentum, batch_size, step):
        run = compute.cached_running_statistics(round(momentum, 3), batch_size, STEPS, MEAN, STD)
        outputs = compute.train_and_inference_outputs(
            run["batches"][step - 1][:, None], run["running_mean"][step - 1], run["running_var"][step - 1])
        if not ex.artists:
            ex.artists.update(figures.plot_running_stats(ex.axes, run, step, outputs, (MEAN, STD**2)))
        figures.update_running_stats(ex.artists, run, step, outputs, momentum, batch_size)

    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.6, 3.4), subplots=(1, 3),
                    title=tr("Batch norm: running statistics for inference"))


def bn_deep_sigmoid(hide=(), **preset):
    """A deep sigmoid network (8 layers) with and without batch norm, over a precomputed grid of lr × weight scale."""
    lrs, stds = compute.LRS, compute.WEIGHT_STDS
    controls = {
        "lr": log_slider(tr("learning rate"), 1.0, min(lrs), max(lrs), steps_per_decade=2),
        "weight_std": log_slider(tr("initial weight std"), 0.1, min(stds), max(stds), steps_per_decade=1),
        "layer": int_slider(tr("hidden layer (bands)"), 4, 1, 8),
    }
    grid = compute.default_grid()

    def draw(ex, lr, weight_std, layer):
        lr, weight_std = compute.nearest(lr, lrs), compute.nearest(weight_std, stds)
        runs = {placement: grid[(placement, lr, weight_std)] for placement in ("none", "before")}
        if not ex.artists:
            ex.artists.update(figures.plot_deep_sigmoid(ex.axes, runs, layer))
        figures.update_deep_sigmoid(ex.artists, runs, layer, lr, weight_std)
        for ax, run in zip(ex.axes[1:], runs.values()):
            if run["diverged"]:
                ex.message(ax, figures.diverged_note())

    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.6, 3.4), subplots=(1, 3),
                    title=tr("Deep sigmoid network (8 hidden layers) with and without batch norm"))
