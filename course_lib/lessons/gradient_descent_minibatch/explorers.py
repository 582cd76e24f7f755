"""Explorers for the mini-batch notebook: the batch size (runs precomputed when built), learning-rate schedules."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ...i18n import tr
from ..axes import fewer_ticks
from ..explorer import Explorer, checkbox, float_slider, int_slider, log_slider
from . import compute, figures

__all__ = ["minibatch_sizes", "lr_schedules"]

SCHEDULE_STEPS = 320     # 20 epochs of 16 updates (512 rows, batches of 32), as trained in the notebook
DEFAULT_BATCH_SIZE = 32  # the notebook's mini-batch size


def _selection_slider(description, options, value):
    return widgets.SelectionSlider(options=list(options), value=value, description=description,
                                   continuous_update=True, style={"description_width": "initial"})


def minibatch_sizes(hide=(), **preset):
    """SGD on 512 digits with batch sizes 1, 2, 4, ..., 512 (trained once, when the explorer is built).

    Left: the loss of every update of the chosen B; middle: whole-set loss against updates for every B;
    right: measured wall time per epoch and per update.
    """
    study = compute.digits_batch_size_study()        # cached: built once per session
    runs, sizes, n = study["runs"], study["batch_sizes"], study["n_train"]
    times = compute.epoch_times(runs)

    def draw(ex, batch_size):
        left, middle, right = ex.axes
        run = runs[batch_size]
        if not ex.artists:
            ex.artists["left"] = figures.plot_loss_per_update(left, run, batch_size)
            ex.artists["middle"] = figures.plot_loss_vs_updates(middle, runs, highlight=batch_size)
            ex.artists["right"] = figures.plot_epoch_times(right, times, highlight=batch_size)
            fewer_ticks(left, n=figures.MAX_TICKS, which="x", integer=True, steps=figures.NICE_STEPS)   # epochs
            fewer_ticks(left, middle, n=figures.MAX_TICKS, which="y", steps=figures.NICE_STEPS)
        figures.update_loss_per_update(ex.artists["left"], run, figures.explorer_run_title(
            batch_size, n, run["updates_per_epoch"], study["lr"], study["epochs"]))
        figures.update_loss_vs_updates(ex.artists["middle"], run)
        figures.update_epoch_times(ex.artists["right"], batch_size)

    default = DEFAULT_BATCH_SIZE if DEFAULT_BATCH_SIZE in sizes else sizes[0]
    controls = {"batch_size": _selection_slider(tr("batch size B"), sizes, default)}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(10.5, 3.4), subplots=(1, 3),
                    title=tr("Batch, stochastic and mini-batch gradient descent"))


def lr_schedules(hide=(), **preset):
    """The learning-rate schedules of course_lib.schedules on one plot, with sliders for their parameters."""
    t = np.arange(SCHEDULE_STEPS)

    def draw(ex, lr0, decay_steps, exp_rate, inv_rate, power_t, log_y):
        ax = ex.axes
        curves = compute.schedule_curves(t, lr0, decay_steps, exp_rate, inv_rate, power_t)
        if not ex.artists:
            ex.artists["lines"] = figures.plot_lr_schedules(ax, t, curves)
            fewer_ticks(ax, n=figures.MAX_TICKS, steps=figures.NICE_STEPS)
        figures.update_lr_schedules(ax, ex.artists["lines"], curves, lr0, log_y)
        ax.set_title(figures.schedules_title(lr0, decay_steps, exp_rate, inv_rate, power_t), fontsize=9)

    controls = {"lr0": log_slider("α0", 1.2, 0.01, 2.0),
                "decay_steps": int_slider(tr("τ (decay_steps)"), 16, 1, 100),
                "exp_rate": float_slider(tr("r (exponential)"), 0.9, 0.05, 1.0, 0.05, readout_format=".2f"),
                "inv_rate": float_slider(tr("r (inverse time)"), 0.5, 0.0, 2.0, 0.1, readout_format=".1f"),
                "power_t": float_slider(tr("power_t (invscaling)"), 0.25, 0.0, 1.0, 0.05, readout_format=".2f"),
                "log_y": checkbox(tr("log scale"), False)}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.0, 3.4),
                    title=tr("Learning-rate schedules"))
