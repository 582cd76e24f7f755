"""Drawing for the overfitting notebook: each function draws on the Axes it is given and returns it.

Artists carry a `gid` ("fits", "mean", "l1", "stop", …) so that an explorer can find them and update them
in place.
"""

from __future__ import annotations

import numpy as np
from matplotlib import ticker
from matplotlib.collections import LineCollection

from ..axes import plain_log

__all__ = [
    "plot_many_fits",
    "plot_bias_variance",
    "plot_penalized_weight_histograms",
    "plot_near_zero_vs_lambda",
    "plot_validation_vs_lambda",
    "plot_lasso_paths",
    "plot_early_stopping",
]

COLORS = {"l1": "tab:orange", "l2": "tab:blue", "bias2": "tab:red", "variance": "tab:purple",
          "test_error": "k", "train_error": "tab:green", "fits": "tab:blue", "val": "tab:red", "train": "tab:blue"}
FIT_YLIM = (-2.5, 2.5)


def plot_many_fits(ax, x_eval, f_eval, fits, mean_fit, x=None, y=None):
    """Many fitted curves (thin), their mean (thick) and the true function (dashed); one training set as dots.

    x_eval, f_eval, mean_fit: (M,);  fits: (R, M);  x, y: (n,) optional.  Curves leaving the y-range
    FIT_YLIM are clipped by the axes (the wildest fits of high degree go far beyond it).
    """
    segments = np.stack([np.broadcast_to(x_eval, fits.shape), fits], axis=-1)
    ax.add_collection(LineCollection(segments, colors=COLORS["fits"], alpha=0.25, lw=0.8, gid="fits",
                                     label="fits to resampled sets"))
    ax.plot(x_eval, mean_fit, color="tab:orange", lw=2.2, label="mean of the fits", gid="mean")
    ax.plot(x_eval, f_eval, "k--", lw=1.4, label="true f(x)", gid="true")
    if x is not None:
        ax.plot(x, y, "o", ms=3.5, color="0.2", label="one training set", gid="points")
    ax.set_xlim(0, 1)
    ax.set_ylim(*FIT_YLIM)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend(loc="lower left", fontsize=7, ncol=2)
    return ax


LINTHRESH = 1e-3   # the symmetric log axis of plot_bias_variance is linear for |y| < LINTHRESH
SYMLOG_TICKS = (-10.0, -0.1, -1e-3, 0.0, 1e-3, 0.1, 10.0, 1e3)


def bias_variance_bottom(bias2):
    """The lower y-limit that shows every bias² estimate: −LINTHRESH, or the next power of ten below the lowest."""
    lowest = float(np.min(bias2))
    return -LINTHRESH if lowest > -LINTHRESH else -(10.0 ** np.ceil(np.log10(-lowest)))


def plot_bias_variance(ax, degrees, bias2, variance, test_error, train_error=None, noise=None, mark=None):
    """bias², variance and expected test error (= bias² + variance + σ²) against capacity.   all (C,).

    A symmetric log y-axis (logarithmic for |y| ≥ LINTHRESH, linear in between, so 0 and negative values
    have a place): the unbiased bias² estimate is drawn as it is, slightly negative where the true bias² is
    ≈ 0.  train_error (C,) adds the mean training error; noise σ adds the level σ² (dotted); mark draws a
    vertical line at that capacity.
    """
    curves = [("bias2", "bias² (estimate)", bias2), ("variance", "variance", variance),
              ("test_error", "bias² + variance + σ²", test_error)]
    if train_error is not None:
        curves.append(("train_error", "training error", train_error))
    ax.axhline(0.0, color="0.6", lw=0.8, gid="zero")
    for gid, label, values in curves:
        style = "--" if gid == "train_error" else "-"
        ax.plot(degrees, values, style, marker="o", ms=3, lw=1.5, color=COLORS[gid], label=label, gid=gid)
    if noise is not None:
        ax.axhline(noise**2, color="0.5", ls=":", lw=1, label="σ² (noise)", gid="noise")
    if mark is not None:
        ax.axvline(mark, color="0.3", lw=1, gid="mark")
    ax.set_yscale("symlog", linthresh=LINTHRESH, linscale=0.5)
    ax.yaxis.set_major_locator(ticker.FixedLocator(SYMLOG_TICKS))    # few fixed ticks: cheap to redraw
    ax.yaxis.set_minor_locator(ticker.NullLocator())
    ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda value, _: f"{value:g}"))
    ax.set_ylim(bias_variance_bottom(bias2), None)
    ax.set_xlabel("capacity (polynomial degree)")
    ax.set_ylabel(f"mean squared error (symlog, linear below {LINTHRESH:g})", fontsize=8)
    ax.legend(loc="upper center", fontsize=7, ncol=2)
    return ax


def plot_penalized_weight_histograms(ax, bins, counts, threshold=None):
    """Histograms of weights as step outlines, log counts.   bins: (B + 1,);  counts: {"l1"/"l2"/label: (B,)}.

    threshold adds a grey band |w| < threshold (what counts as "zero").
    """
    for label, c in counts.items():
        gid = label if label in COLORS else None
        ax.stairs(np.maximum(c, 0.5), bins, color=COLORS.get(label), lw=1.6, label=label.upper(), gid=gid,
                  baseline=0.5)
    if threshold is not None:
        ax.axvspan(-threshold, threshold, color="0.85", zorder=0, label=f"|w| < {threshold:g}", gid="band")
    plain_log(ax, "y")
    ax.set_ylim(0.7, None)
    ax.set_xlim(bins[0], bins[-1])
    ax.set_xlabel("weight value w")
    ax.set_ylabel("number of weights")
    ax.legend(loc="upper right", fontsize=7)
    return ax


def plot_near_zero_vs_lambda(ax, lams, fractions, threshold, mark=None, legend=True):
    """The fraction of weights with |w| < threshold against λ (log x).   lams: (L,);  fractions: {label: (L,)}."""
    for label, f in fractions.items():
        ax.plot(lams, f, marker="o", ms=3.5, lw=1.5, color=COLORS.get(label), label=label.upper(), gid=label)
    if mark is not None:
        ax.axvline(mark, color="0.3", lw=1, gid="mark")
    plain_log(ax, "x")
    ax.set_ylim(0, 1)
    ax.set_xlabel("λ")
    ax.set_ylabel(f"fraction with |w| < {threshold:g}")
    if legend:
        ax.legend(loc="upper left", fontsize=7)
    return ax


def plot_validation_vs_lambda(ax, lams, val_loss, train_loss=None, baseline=None, mark=None):
    """Validation loss against λ (log x, log y) for each penalty; training loss dashed; λ = 0 as a line.

    lams: (L,);  val_loss, train_loss: {label: (L,)};  baseline: the validation loss at λ = 0.
    """
    for label, v in val_loss.items():
        ax.plot(lams, v, marker="o", ms=3.5, lw=1.5, color=COLORS.get(label), label=f"{label.upper()} validation",
                gid=label)
    for label, v in (train_loss or {}).items():
        ax.plot(lams, v, "--", lw=1, color=COLORS.get(label), label=f"{label.upper()} training", gid=f"{label}_train")
    if baseline is not None:
        ax.axhline(baseline, color="0.4", ls=":", lw=1, label="λ = 0 validation", gid="baseline")
    if mark is not None:
        ax.axvline(mark, color="0.3", lw=1, gid="mark")
    plain_log(ax, "x")
    plain_log(ax, "y")
    ax.set_xlabel("λ")
    ax.set_ylabel("cross-entropy")
    ax.legend(loc="upper left", fontsize=7)
    return ax


def plot_lasso_paths(ax, path, w_true=None, title=""):
    """Each weight against the step number.   path: (steps + 1, d);  w_true: (d,) drawn as dotted levels."""
    steps = np.arange(len(path))
    for j in range(path.shape[1]):
        zero = w_true is not None and w_true[j] == 0
        ax.plot(steps, path[:, j], lw=1.0 if zero else 1.6, color="tab:gray" if zero else f"C{j}",
                gid=f"w{j}")
        if w_true is not None and not zero:
            ax.axhline(w_true[j], color=f"C{j}", ls=":", lw=0.8)
    ax.axhline(0, color="k", lw=0.6)
    ax.set_xlabel("step")
    ax.set_ylabel("weight")
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_early_stopping(ax, val, point, train=None, title="", legend=True):
    """A validation curve with early stopping marked.   val, train: (E,) per epoch; epochs count from 1.

    point: a compute.StopPoint (epochs from 1).  Draws the curve, the best value so far (step
    line), the patience window after the best epoch (shaded), the last epoch trained (vertical line) and the
    epoch whose weights are kept (star).
    """
    epochs = np.arange(1, len(val) + 1)
    if train is not None:
        ax.plot(epochs, train, color=COLORS["train"], lw=1.2, label="training loss", gid="train")
    ax.plot(epochs, val, color=COLORS["val"], lw=1.4, label="validation loss", gid="val")
    ax.plot(epochs, np.minimum.accumulate(val), color="0.35", lw=1, ls="--", drawstyle="steps-post",
            label="best so far", gid="best_so_far")
    ax.axvspan(point.best, point.stop, color="tab:orange", alpha=0.15, label="patience window", gid="window")
    ax.axvline(point.stop, color="k", lw=1.2, label="training stops", gid="stop")
    ax.plot([point.kept], [val[point.kept - 1]], "*", ms=13, color="gold", mec="k", label="weights kept",
            gid="kept")
    ax.set_xlim(1, len(val))
    ax.set_xlabel("epoch (from 1)")
    ax.set_ylabel("loss")
    if legend:
        ax.legend(loc="upper right", fontsize=7, ncol=2)
    if title:
        ax.set_title(title, fontsize=10)
    return ax
