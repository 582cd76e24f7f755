"""Explorers for the mini-batch notebook: the batch size (runs precomputed when built), learning-rate schedules."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import MaxNLocator

from ..explorer import Explorer, _by_gid, checkbox, float_slider, int_slider, log_slider
from . import compute as _minibatch
from . import figures as _plots

__all__ = ["minibatch_sizes", "lr_schedules"]


def _selection_slider(description, options, value):
    return widgets.SelectionSlider(options=list(options), value=value, description=description,
                                   continuous_update=True, style={"description_width": "initial"})


def _few_ticks(axis, n=5, integer=False):
    """At most n + 1 ticks: tick labels are most of the time a redraw takes."""
    axis.set_major_locator(MaxNLocator(n, steps=[1, 2, 5, 10], integer=integer))


def minibatch_sizes(hide=(), **preset):
    """SGD on 512 digits with batch sizes 1, 2, 4, ..., 512 (trained once, when the explorer is built).

    Left: the loss of every update of the chosen B; middle: whole-set loss against updates for every B;
    right: measured wall time per epoch and per update.
    """
    study = _minibatch.digits_batch_size_study()        # cached: built once per session
    runs, sizes, n = study["runs"], study["batch_sizes"], study["n_train"]

    def draw(ex, batch_size):
        left, middle, right = ex.axes
        run = runs[batch_size]
        if not ex.artists:
            _plots.plot_loss_per_update(left, run, batch_size)
            _plots.plot_loss_vs_updates(middle, runs, highlight=batch_size)
            _plots.plot_epoch_times(right, runs, highlight=batch_size)
            middle.set_title("each B after every epoch\n(red: the chosen B)", fontsize=9)
            _few_ticks(left.xaxis, integer=True)           # epochs
            _few_ticks(left.yaxis)
            _few_ticks(middle.yaxis)
            ex.artists.update(left=_by_gid(left), middle=_by_gid(middle), right=_by_gid(right))
        lines = ex.artists["left"]
        u = run["updates_per_epoch"]
        lines["batch_loss"].set_data(np.arange(1, len(run["batch_loss"]) + 1) / u, run["batch_loss"])
        lines["train_loss"].set_data(np.arange(len(run["train_loss"])), run["train_loss"])
        updates = "update" if u == 1 else "updates"
        left.set_title(f"SGD α = {study['lr']:g}, {study['epochs']} epochs, B = {batch_size}\n"
                       f"⌈{n}/{batch_size}⌉ = {u} {updates} per epoch", fontsize=9)
        ex.artists["middle"]["highlight"].set_data(*_minibatch.loss_curve(run, "update"))
        seconds = np.median(run["epoch_time"])
        ex.artists["right"]["highlight"].set_data([batch_size, batch_size], [seconds, seconds / u])
        right.set_title(f"B = {batch_size}: {1e3 * seconds:.1f} ms per epoch\n(this machine; varies run to run)",
                        fontsize=9)

    controls = {"batch_size": _selection_slider("batch size B", sizes, 32 if 32 in sizes else sizes[0])}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(10.5, 3.4), subplots=(1, 3),
                    title="Batch, stochastic and mini-batch gradient descent")


_SCHEDULE_STEPS = 320     # 20 epochs of 16 updates (512 rows, batches of 32), as trained in the notebook


def lr_schedules(hide=(), **preset):
    """The learning-rate schedules of course_lib.schedules on one plot, with sliders for their parameters."""
    t = np.arange(_SCHEDULE_STEPS)

    def draw(ex, lr0, decay_steps, exp_rate, inv_rate, power_t, log_y):
        ax = ex.axes
        curves = _minibatch.schedule_curves(t, lr0, decay_steps, exp_rate, inv_rate, power_t)
        if not ex.artists:
            _plots.plot_lr_schedules(ax, t, curves)
            _few_ticks(ax.xaxis)
            ex.artists["lines"] = _by_gid(ax)
        for name, lr in curves.items():
            ex.artists["lines"][name].set_ydata(lr)
        scale = "log" if log_y else "linear"
        if ax.get_yscale() != scale or "scale" not in ex.artists:
            ax.set_yscale(scale)                        # (this resets the y ticks)
            if scale == "linear":
                _few_ticks(ax.yaxis)
            ex.artists["scale"] = scale
        # on the log scale, show 5 decades at most: a fast exponential decay can underflow to 0
        low = max(min(float(lr.min()) for lr in curves.values()), 1e-5 * lr0)
        ax.set_ylim((0.7 * low, 1.5 * lr0) if log_y else (0.0, 1.05 * lr0))
        ax.set_title(f"α0 = {lr0:.3g}, τ = {decay_steps} steps: exponential r = {exp_rate:.2f}, "
                     f"inverse time r = {inv_rate:.2f}, invscaling power {power_t:.2f}", fontsize=9)

    controls = {"lr0": log_slider("α0", 1.2, 0.01, 2.0),
                "decay_steps": int_slider("τ (decay_steps)", 16, 1, 100),
                "exp_rate": float_slider("r (exponential)", 0.9, 0.05, 1.0, 0.05, readout_format=".2f"),
                "inv_rate": float_slider("r (inverse time)", 0.5, 0.0, 2.0, 0.1, readout_format=".1f"),
                "power_t": float_slider("power_t (invscaling)", 0.25, 0.0, 1.0, 0.05, readout_format=".2f"),
                "log_y": checkbox("log scale", False)}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.0, 3.4),
                    title="Learning-rate schedules")
