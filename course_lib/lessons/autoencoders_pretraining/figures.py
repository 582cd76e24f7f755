"""Drawing for the autoencoders notebook: each function draws on the Axes it is given and returns it.

Artists an explorer updates carry a `gid` ("mosaic", "marker", "clean", ...).
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

__all__ = [
    "plot_digit_mosaic",
    "plot_error_vs_code_size",
    "plot_gain_vs_code_size",
    "plot_reconstruction_loss_curves",
    "plot_codes_2d",
    "plot_accuracy_vs_labels",
]

DIGIT_COLORS = [f"C{k}" for k in range(10)]                # tab10: one colour per digit
METHOD_COLORS = {"pretrained": "tab:red", "random": "tab:blue", "from scratch": "tab:blue",
                 "frozen layer 1": "tab:green", "frozen layers 1–2": "tab:olive", "fine-tuned layers 1–2": "tab:red"}


def plot_digit_mosaic(ax, image, row_labels=(), side=8, gap=1):
    """A mosaic of 8×8 digits (from compute.mosaic), ink dark on white, one label per row."""
    ax.imshow(image, cmap="gray_r", vmin=0.0, vmax=1.0, interpolation="nearest", gid="mosaic")
    step = side + gap
    ax.set_yticks([r * step + (side - 1) / 2 for r in range(len(row_labels))])
    ax.set_yticklabels(row_labels, fontsize=8)
    ax.set_xticks([])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return ax


def _corner_labels(ax, items, x=0.97, y=0.95, ha="right", step=0.09, fontsize=8):
    """Coloured labels stacked in a corner of ax, one per (text, colour): a light stand-in for a legend
    (a legend costs several times more to draw, which matters when a slider redraws the figure)."""
    for k, (text, color) in enumerate(items):
        ax.text(x, y - k * step, text, color=color, ha=ha, va="top", fontsize=fontsize, transform=ax.transAxes)


def _log2_axis(ax, code_sizes):
    ax.set_xscale("log", base=2)
    ax.set_xticks(code_sizes)
    ax.set_xticklabels([str(c) for c in code_sizes])
    ax.minorticks_off()
    ax.set_xlabel("code size (input: 64)")


def plot_error_vs_code_size(ax, code_sizes, clean_error, denoising_error, current=None, legend=True):
    """Test reconstruction error against code size: clean digits in (solid), noisy digits in (dashed).

    clean_error, denoising_error: (len(code_sizes),);  current: a code size to mark on both lines;
    legend=False labels the lines with coloured text instead of a legend (faster to redraw), None not at all.
    """
    ax.plot(code_sizes, clean_error, "o-", color="tab:blue", ms=4, label="clean digit in", gid="clean")
    ax.plot(code_sizes, denoising_error, "s--", color="tab:red", ms=4, label="noisy digit in", gid="denoising")
    if current is not None:
        k = list(code_sizes).index(current)
        ax.plot([current, current], [clean_error[k], denoising_error[k]], "o", ms=9, mfc="none", mec="k",
                gid="marker")
    ax.axvline(64, color="0.6", lw=0.8, ls=":")
    _log2_axis(ax, code_sizes)
    ax.set_ylabel("mean squared error (vs clean)")
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_locator(MaxNLocator(4))
    if legend:
        ax.legend(fontsize=8, loc="upper right")
    elif legend is not None:
        _corner_labels(ax, [("clean digit in", "tab:blue"), ("noisy digit in", "tab:red")])
    return ax


def plot_gain_vs_code_size(ax, code_sizes, gains, noise_levels, current=None, legend=True):
    """How much of a small input change passes through (1 = identity map), against code size, one line per
    training noise σ.   gains: (len(code_sizes), len(noise_levels));  current: (code size, σ) to mark;
    legend=False labels the lines with coloured text instead of a legend."""
    for j, noise in enumerate(noise_levels):
        ax.plot(code_sizes, gains[:, j], "o-", ms=3, lw=1.4, color=f"C{j}", label=f"σ = {noise:g}", gid=f"gain{j}")
    if current is not None:
        code_size, noise = current
        i, j = list(code_sizes).index(code_size), list(noise_levels).index(noise)
        ax.plot([code_size], [gains[i, j]], "o", ms=9, mfc="none", mec="k", gid="marker")
    ax.axhline(1.0, color="k", lw=0.8, ls="--")
    ax.text(code_sizes[-1], 1.0, "identity ", ha="right", va="bottom", fontsize=8)
    ax.axvline(64, color="0.6", lw=0.8, ls=":")
    _log2_axis(ax, code_sizes)
    ax.set_ylabel("gain ‖Δx̂‖²/‖Δx‖²")
    ax.set_ylim(0, 1.6)                                  # room above the identity line for the labels
    ax.set_yticks([0, 0.5, 1.0, 1.5])
    if legend:
        ax.legend(fontsize=7, loc="upper left", ncol=3, handlelength=1.2, columnspacing=0.8,
                  title="training noise", title_fontsize=7)
    else:
        _corner_labels(ax, [("training noise", "k")] + [(f"σ = {noise:g}", f"C{j}") for j, noise in
                                                         enumerate(noise_levels)], x=0.03, ha="left", step=0.075,
                       fontsize=7)
    return ax


def plot_reconstruction_loss_curves(ax, curves, ylabel="test error", floor=None):
    """One line per entry of curves {label: (epochs,)} against the epoch (1, 2, …); floor: a dashed level."""
    for k, (label, values) in enumerate(curves.items()):
        ax.plot(np.arange(1, len(values) + 1), values, "o-", ms=3, color=f"C{k}", label=label)
    if floor is not None:
        ax.axhline(floor, color="k", lw=0.8, ls="--", label="floor (x̂ = x)")
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8)
    return ax


def plot_codes_2d(ax, Z, y, title="", s=6):
    """2-D codes as a scatter coloured by digit, with each digit's label written at its median code.

    Z: (N, 2);  y: (N,) labels 0–9 (used only for colour: no code was fitted with them).
    """
    Z, y = np.asarray(Z), np.asarray(y)
    ax.scatter(Z[:, 0], Z[:, 1], c=[DIGIT_COLORS[k] for k in y], s=s, alpha=0.7, linewidths=0)
    for k in np.unique(y):
        cx, cy = np.median(Z[y == k], axis=0)
        ax.text(cx, cy, str(k), fontsize=11, weight="bold", ha="center", va="center",
                bbox=dict(boxstyle="circle,pad=0.15", facecolor="white", edgecolor=DIGIT_COLORS[k], alpha=0.8))
    ax.set_title(title, fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def plot_accuracy_vs_labels(ax, label_counts, scores, current=None, legend_loc="lower right", legend=True):
    """Test accuracy against the number of labelled examples: the mean over seeds as a line, min–max as a band.

    scores: {label: (n_seeds, len(label_counts))};  current: a label count to mark with a vertical line;
    legend=False labels the lines with coloured text (lower right) instead of a legend.
    """
    for k, (label, values) in enumerate(scores.items()):
        values = np.asarray(values)
        color = METHOD_COLORS.get(label, f"C{k}")
        ax.fill_between(label_counts, values.min(axis=0), values.max(axis=0), color=color, alpha=0.15, lw=0)
        ax.plot(label_counts, values.mean(axis=0), "o-", ms=4, color=color, label=label, gid=f"mean{k}")
    if current is not None:
        ax.axvline(current, color="k", lw=0.8, ls=":", gid="marker")
    ax.set_xscale("log")
    ax.set_xticks(label_counts)
    ax.set_xticklabels([str(n) for n in label_counts])
    ax.minorticks_off()
    ax.set_xlabel("labelled training examples")
    ax.set_ylabel("test accuracy")
    ax.yaxis.set_major_locator(MaxNLocator(5))
    if legend:
        ax.legend(fontsize=8, loc=legend_loc)
    else:
        _corner_labels(ax, [(label, METHOD_COLORS.get(label, f"C{k}")) for k, label in enumerate(scores)],
                       y=0.05 + 0.09 * (len(scores) - 1))
    return ax
