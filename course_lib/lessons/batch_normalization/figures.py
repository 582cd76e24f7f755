"""Drawing for the batch-normalization notebook: each function draws on the Axes it is given and returns it."""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

__all__ = ["plot_running_statistic", "plot_train_vs_inference", "plot_update_losses", "plot_quantile_bands",
           "plot_saturation_by_layer", "plot_gradcheck_errors"]

NO_BN_COLOR, BN_COLOR, AFTER_COLOR = "#c0392b", "#1f77b4", "#2ca02c"


def plot_running_statistic(ax, batch_values, running_values, true_value=None, name="mean", step=None, legend=True):
    """Batch values as dots, their running average as a line, the population value dashed.   (T,) arrays."""
    t = np.arange(1, len(batch_values) + 1)
    ax.plot(t, batch_values, "o", ms=2, color="0.6", label=f"batch {name}")
    ax.plot(t, running_values, color=BN_COLOR, lw=2, label=f"running {name}")
    if true_value is not None:
        ax.axhline(true_value, color="k", ls="--", lw=1, label=f"population {name}")
    if step is not None:
        ax.axvline(step, color="0.3", lw=0.8, ls=":")
    ax.xaxis.set_major_locator(MaxNLocator(3, integer=True))     # few tick labels: text is slow to draw
    ax.yaxis.set_major_locator(MaxNLocator(3))
    ax.set_xlabel("training step")
    ax.set_title(f"running {name}")
    if legend:
        ax.legend(fontsize=7, loc="lower right")
    return ax


def plot_train_vs_inference(ax, y_train, y_infer, lim=4.0, legend=True):
    """One batch's batch-norm outputs: training mode (x axis) against inference mode (y axis), and y = x."""
    ax.plot([-lim, lim], [-lim, lim], color="0.5", lw=1, ls="--", label="same output")
    ax.plot(np.ravel(y_train), np.ravel(y_infer), "o", ms=3, color=BN_COLOR, label="one batch")
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.xaxis.set_major_locator(MaxNLocator(3))
    ax.yaxis.set_major_locator(MaxNLocator(3))
    ax.set_xlabel("training output (batch statistics)")
    ax.set_ylabel("inference output (running)")
    ax.set_title("train vs inference")
    if legend:
        ax.legend(fontsize=7, loc="upper left")
    return ax


def plot_update_losses(ax, curves, colors=None, ylim=(0.0, 3.0)):
    """curves: {label: per-update loss (steps,)}; NaN (after a divergence) is simply not drawn."""
    colors = colors or {}
    for label, values in curves.items():
        values = np.asarray(values, dtype=float)
        ax.plot(np.arange(1, len(values) + 1), values, lw=1.2, label=label, color=colors.get(label))
    ax.axhline(np.log(10), color="0.5", lw=0.8, ls=":", label="chance (ln 10)")
    ax.set_ylim(*ylim)
    ax.yaxis.set_major_locator(MaxNLocator(4))
    ax.xaxis.set_major_locator(MaxNLocator(4, integer=True))
    ax.set_xlabel("update")
    ax.set_ylabel("training loss")
    ax.legend(fontsize=7, loc="upper right")
    return ax


def plot_quantile_bands(ax, quantiles, color=BN_COLOR, label="", ylim=(-8, 8), legend=True):
    """Distribution of one unit's input over training.   quantiles: (epochs + 1, 5) = 5/25/50/75/95 % per epoch."""
    q = np.asarray(quantiles, dtype=float)
    epochs = np.arange(len(q))
    ax.fill_between(epochs, q[:, 0], q[:, 4], color=color, alpha=0.2, lw=0, label="5–95 %")
    ax.fill_between(epochs, q[:, 1], q[:, 3], color=color, alpha=0.45, lw=0, label="25–75 %")
    ax.plot(epochs, q[:, 2], color=color, lw=1.5, label="median")
    ax.set_ylim(*ylim)
    ax.yaxis.set_major_locator(MaxNLocator(4))
    ax.xaxis.set_major_locator(MaxNLocator(4, integer=True))
    ax.set_xlabel("epoch")
    ax.set_ylabel("sigmoid input z")
    ax.set_title(label)
    if legend:
        ax.legend(fontsize=7, loc="upper left")
    return ax


def plot_saturation_by_layer(ax, fractions, colors=None):
    """fractions: {label: saturated fraction per hidden layer (depth,)} drawn against the layer number."""
    colors = colors or {}
    for label, values in fractions.items():
        ax.plot(np.arange(1, len(values) + 1), values, "o-", label=label, color=colors.get(label))
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel("hidden layer")
    ax.set_ylabel("fraction saturated")
    ax.legend(fontsize=7)
    return ax


def plot_gradcheck_errors(ax, errors):
    """errors: {label: relative error against finite differences}, as horizontal bars on a log scale."""
    labels = list(errors)
    values = [max(errors[k], 1e-16) for k in labels]
    ax.barh(np.arange(len(labels)), values, color=[BN_COLOR if v < 1e-5 else NO_BN_COLOR for v in values])
    ax.set_yticks(np.arange(len(labels)), labels)
    ax.set_xscale("log")
    ax.set_xlim(1e-13, 10)
    ax.axvline(1e-7, color="0.4", ls="--", lw=1)
    ax.set_xlabel("relative error vs finite differences")
    ax.invert_yaxis()
    return ax
