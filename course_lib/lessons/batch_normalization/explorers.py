"""Explorers for the batch-normalization notebook."""

from __future__ import annotations

import functools

import numpy as np

from ..explorer import Explorer, float_slider, int_slider, log_slider
from . import compute as study
from . import figures as draw

__all__ = ["bn_running_stats", "bn_deep_sigmoid"]

MEAN, STD, STEPS = 3.0, 2.0, 300


@functools.lru_cache(maxsize=32)
def _running(momentum, batch_size):
    return study.running_statistics(np.random.default_rng(0), STEPS, batch_size, momentum, MEAN, STD)


def bn_running_stats(hide=(), **preset):
    """Running mean and variance of a BatchNorm layer as an EMA of batch statistics; train vs inference outputs."""
    controls = {
        "momentum": float_slider("momentum", 0.9, 0.0, 0.999, 0.001, readout_format=".3f"),
        "batch_size": int_slider("batch size", 16, 2, 128),
        "step": int_slider("compare at step", 20, 1, STEPS),
    }

    def update(ex, momentum, batch_size, step):
        run = _running(round(momentum, 3), batch_size)
        y_train, y_infer = study.train_and_inference_outputs(
            run["batches"][step - 1][:, None], run["running_mean"][step - 1], run["running_var"][step - 1])
        ax_mean, ax_var, ax_out = ex.axes
        if not ex.artists:
            draw.plot_running_statistic(ax_mean, run["batch_mean"], run["running_mean"], MEAN, "mean", step)
            draw.plot_running_statistic(ax_var, run["batch_var"], run["running_var"], STD**2, "variance", step,
                                        legend=False)
            ax_mean.set_ylim(-0.5, 6)
            ax_var.set_ylim(0, 12)
            draw.plot_train_vs_inference(ax_out, y_train, y_infer, lim=5, legend=False)
            ex.artists.update(mean=ax_mean.lines[:2] + [ax_mean.lines[3]], var=ax_var.lines[:2] + [ax_var.lines[3]],
                              points=ax_out.lines[1])
        t = np.arange(1, STEPS + 1)
        for key, name in (("mean", "mean"), ("var", "var")):
            dots, line, marker = ex.artists[key]
            dots.set_data(t, run[f"batch_{name}"])
            line.set_data(t, run[f"running_{name}"])
            marker.set_xdata([step, step])
        ex.artists["points"].set_data(y_train.ravel(), y_infer.ravel())
        window = 1 / (1 - momentum)
        ax_mean.set_title(f"running mean, momentum {momentum:.3g} (EMA window ≈ {window:.0f} steps)", fontsize=9)
        ax_var.set_title(f"running variance, batches of {batch_size} (biased)", fontsize=9)
        ax_out.set_title(f"train vs inference at step {step}, batch size {batch_size}", fontsize=9)

    return Explorer(controls, update, preset=preset, hide=hide, figsize=(9.6, 3.4), subplots=(1, 3),
                    title="Batch norm: running statistics for inference")


def _nearest(value, grid):
    """The grid value nearest to `value` on a log scale (sliders can land between grid points)."""
    grid = np.asarray(grid)
    return grid[np.argmin(np.abs(np.log(grid) - np.log(value)))]


def bn_deep_sigmoid(hide=(), **preset):
    """A deep sigmoid network (8 layers) with and without batch norm, over a precomputed grid of lr × weight scale."""
    lrs, stds = study.LRS, study.WEIGHT_STDS
    controls = {
        "lr": log_slider("learning rate", 1.0, min(lrs), max(lrs), steps_per_decade=2),
        "weight_std": log_slider("initial weight std", 0.1, min(stds), max(stds), steps_per_decade=1),
        "layer": int_slider("hidden layer (bands)", 4, 1, 8),
    }
    grid = study.default_grid()
    colors = {"without batch norm": draw.NO_BN_COLOR, "with batch norm": draw.BN_COLOR}

    def update(ex, lr, weight_std, layer):
        lr, weight_std = _nearest(lr, lrs), _nearest(weight_std, stds)
        runs = {"without batch norm": grid[("none", lr, weight_std)],
                "with batch norm": grid[("before", lr, weight_std)]}
        ax_loss, *band_axes = ex.axes
        if not ex.artists:
            draw.plot_update_losses(ax_loss, {k: r["batch_loss"] for k, r in runs.items()}, colors)
            ex.artists["loss"] = ax_loss.lines[:2]
            ex.artists["bands"] = []
            for k, (ax, (label, run)) in enumerate(zip(band_axes, runs.items())):
                draw.plot_quantile_bands(ax, run["quantiles"][:, layer - 1], colors[label], label, legend=k == 1)
                ex.artists["bands"].append((ax.collections[0], ax.collections[1], ax.lines[0]))
            band_axes[1].set_ylabel("")                       # same y axis as the middle panel
            band_axes[1].tick_params(labelleft=False)
        for line, run in zip(ex.artists["loss"], runs.values()):
            line.set_ydata(run["batch_loss"])
        for (outer, inner, median), run in zip(ex.artists["bands"], runs.values()):
            q = run["quantiles"][:, layer - 1]
            epochs = np.arange(len(q))
            outer.set_data(epochs, q[:, 0], q[:, 4])
            inner.set_data(epochs, q[:, 1], q[:, 3])
            median.set_data(epochs, q[:, 2])
        ax_loss.set_title(f"SGD, lr = {lr:.2g}, weights ~ N(0, {weight_std:g}²)", fontsize=9)
        for ax, (label, run) in zip(band_axes, runs.items()):
            ax.set_title(f"{label}: unit 1 of layer {layer}", fontsize=9)
            if run["diverged"]:
                ex.message(ax, "training diverged:\nonly finite values drawn")

    return Explorer(controls, update, preset=preset, hide=hide, figsize=(9.6, 3.4), subplots=(1, 3),
                    title="Deep sigmoid network (8 hidden layers) with and without batch norm")
