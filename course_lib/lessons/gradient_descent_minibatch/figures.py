"""Drawing for the mini-batch notebook: each function draws on the Axes it is given and returns it.

A batch-size run is a dict as made by compute.batch_size_runs: batch_loss (one entry per
update), train_loss (whole training set, before training and after each epoch), epoch_time, updates_per_epoch.
Artists carry a `gid` so that an explorer can find them and update them in place.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np

from .compute import loss_curve

__all__ = [
    "batch_size_colors",
    "plot_loss_per_update",
    "plot_loss_vs_updates",
    "plot_epoch_times",
    "plot_gradient_noise",
    "plot_lr_schedules",
    "plot_schedule_runs",
    "plot_lr_per_update",
    "plot_distance_to_optimum",
]

HIGHLIGHT = "tab:red"


def _plain_log_axis(axis, ticks, labels):
    """Fixed ticks with plain-text labels and no minor ticks (faster to draw than mathtext powers)."""
    axis.set_major_locator(mpl.ticker.FixedLocator(ticks))
    axis.set_major_formatter(mpl.ticker.FixedFormatter(labels))
    axis.set_minor_locator(mpl.ticker.NullLocator())


def _seconds(value):
    """A duration in readable units: 2e-4 → '0.2 ms', 0.05 → '50 ms', 2 → '2 s'."""
    return f"{value:g} s" if value >= 1 else f"{value * 1e3:g} ms"


def batch_size_colors(batch_sizes):
    """One colour per batch size, from dark (B = 1) to light (the largest B), on a log scale.  → {B: rgba}."""
    logs = np.log2(np.asarray(batch_sizes, dtype=float))
    span = max(logs.max() - logs.min(), 1.0)
    cmap = mpl.colormaps["viridis"]
    return {B: cmap(0.9 * (v - logs.min()) / span) for B, v in zip(batch_sizes, logs)}


def plot_loss_per_update(ax, run, B, ylim=(0.0, 3.0)):
    """The loss of every update of one run (thin) and the whole-training-set loss after each epoch (dots).

    x is measured in epochs (update i of an epoch of u updates sits at epoch + i/u), so runs with different
    batch sizes share the axis.
    """
    u = run["updates_per_epoch"]
    x = np.arange(1, len(run["batch_loss"]) + 1) / u
    ax.plot(x, run["batch_loss"], lw=0.6, color="0.55", label="loss of each update's batch", gid="batch_loss")
    epochs = np.arange(len(run["train_loss"]))
    ax.plot(epochs, run["train_loss"], "o-", ms=4, color=HIGHLIGHT, label="whole training set", gid="train_loss")
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss")
    ax.set_ylim(*ylim)
    ax.set_title(f"B = {B}: {u} updates per epoch", fontsize=10)
    ax.legend(loc="upper right", fontsize=8)
    return ax


def plot_loss_vs_updates(ax, runs, highlight=None, per="update", label_every=3):
    """Whole-training-set loss after each epoch for every batch size, against updates (log x) or epochs.

    runs: {B: run}; per: "update" or "epoch"; highlight: the B also drawn thick in red (gid "highlight");
    every label_every-th curve (and the last) gets its B written at its end.
    """
    colors = batch_size_colors(list(runs))
    for i, (B, run) in enumerate(runs.items()):
        x, loss = loss_curve(run, per)
        ax.plot(x, loss, lw=1, color=colors[B], label=f"B = {B}", gid=f"B{B}")
        if i % label_every == 0 or i == len(runs) - 1:
            ax.annotate(f"B={B}", (x[-1], loss[-1]), xytext=(2, -8), textcoords="offset points", fontsize=7,
                        color=colors[B])
    if highlight is not None:
        ax.plot(*loss_curve(runs[highlight], per), "o-", ms=3, lw=2.5, color=HIGHLIGHT, gid="highlight")
    if per == "update":
        ax.set_xscale("log")
        largest = max(loss_curve(run, per)[0][-1] for run in runs.values())
        ticks = [10**k for k in range(int(np.log10(largest)) + 1)]
        _plain_log_axis(ax.xaxis, ticks, [f"{t:,}" for t in ticks])
        ax.set_xlabel("updates so far (log scale)")
    else:
        ax.set_xlabel("epoch")
    ax.set_ylabel("loss on the training set")
    return ax


def plot_epoch_times(ax, runs, highlight=None):
    """Median wall time per epoch and per update against the batch size, log-log.   runs: {B: run}."""
    B = np.array(list(runs))
    per_epoch = np.array([np.median(run["epoch_time"]) for run in runs.values()])
    per_update = per_epoch / np.array([run["updates_per_epoch"] for run in runs.values()])
    ax.plot(B, per_epoch, "o-", ms=3, color="tab:blue", label="per epoch", gid="per_epoch")
    ax.plot(B, per_update, "s-", ms=3, color="tab:orange", label="per update", gid="per_update")
    if highlight is not None:
        k = list(runs).index(highlight)
        ax.plot([B[k], B[k]], [per_epoch[k], per_update[k]], "o", ms=8, mfc="none", mec=HIGHLIGHT, mew=2,
                gid="highlight")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    _plain_log_axis(ax.xaxis, B[::2], [str(b) for b in B[::2]])
    values = np.concatenate([per_epoch, per_update])
    values = values[values > 0]
    decades = 10.0 ** np.arange(np.floor(np.log10(values.min())), np.ceil(np.log10(values.max())) + 1)
    _plain_log_axis(ax.yaxis, decades, [_seconds(d) for d in decades])
    ax.set_xlabel("batch size B")
    ax.set_ylabel("wall time (this machine)")
    ax.legend(loc="upper right", fontsize=8)
    return ax


def plot_gradient_noise(ax, batch_sizes, measured, theory):
    """√E‖g_B − g‖² against B, log-log: measured (dots), theory with and without the finite-population factor.

    batch_sizes, measured, theory: (n,) mean squared errors (compute.gradient_noise and
    gradient_noise_theory).  B = N has zero noise and is left out of the log plot.
    """
    B = np.asarray(batch_sizes, dtype=float)
    measured, theory = np.asarray(measured, dtype=float), np.asarray(theory, dtype=float)
    keep = theory > 0
    ax.plot(B[keep], np.sqrt(measured[keep]), "o", color="tab:blue", label="measured (random batches)", gid="measured")
    ax.plot(B[keep], np.sqrt(theory[keep]), "-", color="tab:blue", lw=1, label="formula, with (N − B)/(N − 1)",
            gid="theory")
    ax.plot(B[keep], np.sqrt(theory[0] / B[keep]), "--", color="0.4", lw=1, label="∝ 1/√B", gid="sqrt")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    sizes = B[keep].astype(int)
    _plain_log_axis(ax.xaxis, sizes, [str(b) for b in sizes])
    low, high = np.sqrt(theory[keep]).min(), np.sqrt(theory[keep]).max()
    ticks = [m * 10.0**e for e in range(int(np.floor(np.log10(low))), int(np.ceil(np.log10(high))) + 1)
             for m in (1, 2, 5) if low / 1.5 <= m * 10.0**e <= high * 1.5]
    _plain_log_axis(ax.yaxis, ticks, [f"{t:g}" for t in ticks])
    ax.set_xlabel("batch size B")
    ax.set_ylabel("gradient error √E‖g_B − g‖²")
    ax.legend(loc="lower left", fontsize=8)
    return ax


# one colour per schedule family, solid for the staircase or stepwise form and dashed for the smooth one
_SCHEDULE_STYLES = {"constant": dict(color="k", ls="-"),
                    "exponential": dict(color="tab:blue", ls="--"),
                    "exponential, staircase": dict(color="tab:blue", ls="-"),
                    "inverse time": dict(color="tab:green", ls="--"),
                    "inverse time, staircase": dict(color="tab:green", ls="-"),
                    "invscaling": dict(color="tab:purple", ls="-"),
                    "reduce on plateau": dict(color="tab:red", ls="-")}


def plot_lr_schedules(ax, t, curves, log_y=False):
    """Learning-rate schedules against the step.   t: (T,);  curves: {name: (T,)} (gid = name)."""
    for name, lr in curves.items():
        ax.plot(t, lr, lw=1.5, label=name, gid=name, **_SCHEDULE_STYLES.get(name, {}))
    if log_y:
        ax.set_yscale("log")
    ax.set_xlabel("step t (updates)")
    ax.set_ylabel("learning rate α_t")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    return ax


def plot_schedule_runs(ax, histories, key="loss", log_y=False, ylabel=None):
    """One per-epoch curve of history[key] for each run.   histories: {name: History}; key: "loss", "lr", ...

    ylabel defaults to key.  Dashed (smooth) curves are drawn above the solid ones, so that a smooth schedule
    and its staircase stay visible where they meet.
    """
    for name, history in histories.items():
        values = history[key]
        style = _SCHEDULE_STYLES.get(name, {})
        ax.plot(np.arange(1, len(values) + 1), values, lw=1.5, label=name, gid=name,
                zorder=3 if style.get("ls") == "--" else 2, **style)
    if log_y:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel(key if ylabel is None else ylabel)
    return ax


def plot_lr_per_update(ax, lrs, histories, log_y=True):
    """The learning rate of every update, against epochs.   lrs: {name: schedule or number}; histories: {name: History}.

    A schedule is drawn from its formula, step by step (so a staircase shows its stairs next to the smooth
    curve); a constant number (possibly changed by a callback such as ReduceLROnPlateau) from history["lr"],
    held over each epoch.
    """
    for name, lr in lrs.items():
        history = histories[name]
        steps_per_epoch = history.params["steps_per_epoch"]
        epochs = len(history["lr"])
        style = _SCHEDULE_STYLES.get(name, {})
        if callable(lr):
            t = np.arange(epochs * steps_per_epoch)
            x, values = t / steps_per_epoch, np.asarray(lr(t), dtype=float)
        else:
            # history["lr"][e − 1] is the rate of epoch e (x from e − 1 to e); the last value is repeated
            x = np.arange(epochs + 1)
            values = np.concatenate([history["lr"], history["lr"][-1:]])
        ax.plot(x, values, lw=1.5, label=name, gid=name, drawstyle="steps-post" if not callable(lr) else "default",
                zorder=3 if style.get("ls") == "--" else 2, **style)
    if log_y:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("learning rate")
    return ax


def plot_distance_to_optimum(ax, curves, balls=None, xlabel="step t", colors=None):
    """RMS distance to the optimum against steps (or examples seen), log-log, with each noise ball dashed.

    curves: {name: (x (T,), rms (T,))}, x > 0 (gid = name); balls: {name: radius} for the constant-rate runs,
    drawn as a dashed level in the curve's colour (gid = name + " ball"); colors: {name: colour}.
    """
    colors = colors or {}
    for k, (name, (x, rms)) in enumerate(curves.items()):
        line, = ax.plot(x, rms, lw=1.5, label=name, gid=name, color=colors.get(name, f"C{k}"))
        if balls and name in balls:
            ax.axhline(balls[name], color=line.get_color(), ls="--", lw=1, gid=name + " ball")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("RMS distance to the optimum")
    ax.legend(fontsize=8, loc="upper right")
    return ax
