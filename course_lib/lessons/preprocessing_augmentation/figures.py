"""Drawing for the preprocessing and augmentation notebook: each function draws on the Axes it is given and
returns it."""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import LogLocator, MaxNLocator, NullLocator

__all__ = ["plot_gd_contours", "plot_excess_loss", "plot_scaled_features", "plot_digit_image", "plot_digit_montage",
           "plot_affine_matrix", "plot_spectrogram", "plot_augmentation_accuracy",
           "plot_augmentation_gains"]

RAW_COLOR, SCALED_COLOR = "#c0392b", "#1f77b4"


def _square_window(points, pad=0.15):
    """Limits of a square window (the same span on both axes) around the given points (k, 2)."""
    points = np.asarray(points, dtype=float)
    low, high = points.min(axis=0), points.max(axis=0)
    center, span = (low + high) / 2, max((high - low).max(), 1e-9) * (1 + 2 * pad)
    return (center[0] - span / 2, center[0] + span / 2), (center[1] - span / 2, center[1] + span / 2)


def plot_gd_contours(ax, ellipses, path, w_star, title="", color=SCALED_COLOR, legend=True):
    """Loss contours in weight space (closed curves (K, n, 2)), a GD path (steps + 1, ≥2) and the minimum w*.

    The window is square, with equal units on both axes, so an elongated valley looks elongated.
    """
    for curve in ellipses:
        ax.plot(curve[:, 0], curve[:, 1], color="0.6", lw=0.8)
    path = np.asarray(path, dtype=float)
    ax.plot(path[:, 0], path[:, 1], ".-", color=color, lw=1, ms=3, label="gradient descent")
    ax.plot(*path[0, :2], "o", color="k", ms=5, label="start")
    ax.plot(*np.asarray(w_star)[:2], "*", color="gold", mec="k", ms=12, label="minimum")
    xlim, ylim = _square_window(np.vstack([path[:1, :2], np.asarray(w_star)[None, :2]]))
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_box_aspect(1)
    ax.xaxis.set_major_locator(MaxNLocator(3))             # few tick labels: text is slow to draw
    ax.yaxis.set_major_locator(MaxNLocator(3))
    ax.set_xlabel("w₁")
    ax.set_ylabel("w₂")
    ax.set_title(title, fontsize=9)
    if legend:
        ax.legend(fontsize=7, loc="lower left")
    return ax


def plot_excess_loss(ax, steps, curves, tol=None, colors=None):
    """Relative excess loss (L_k − L*)/(L_0 − L*) against the step k, both on log scales.   curves: {label: (K,)}."""
    colors = colors or {}
    steps = np.asarray(steps, dtype=float)
    for label, values in curves.items():
        ax.plot(np.maximum(steps, 1), values, lw=1.5, label=label, color=colors.get(label))
    if tol is not None:
        ax.axhline(tol, color="0.4", ls="--", lw=1, label="converged")
    ax.set_xscale("log")
    ax.set_yscale("log")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(LogLocator(numticks=4))
        axis.set_minor_locator(NullLocator())
    ax.set_ylim(tol / 10 if tol else 1e-8, 2)
    ax.set_xlabel("GD step")
    ax.set_ylabel("(L − L*)/(L₀ − L*)")
    ax.legend(fontsize=7, loc="lower left")
    return ax


def plot_scaled_features(ax, X, title="", color=SCALED_COLOR):
    """The rows of X (n, 2) as points, with the origin marked."""
    X = np.asarray(X)
    ax.axhline(0, color="0.8", lw=0.8)
    ax.axvline(0, color="0.8", lw=0.8)
    ax.plot(X[:, 0], X[:, 1], "o", ms=2.5, color=color)
    ax.set_xlabel("feature 1")
    ax.set_ylabel("feature 2")
    ax.set_title(title, fontsize=9)
    return ax


def plot_digit_image(ax, image, title="", vmin=0.0, vmax=1.0):
    """An 8×8 (or any H×W) image, dark ink on white, pixels as squares."""
    ax.imshow(np.asarray(image).reshape(-1, 8) if np.ndim(image) == 1 else image, cmap="gray_r", vmin=vmin,
              vmax=vmax, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=9)
    return ax


def plot_digit_montage(ax, images, titles=None, columns=None, gap=1):
    """Many small images (N, H, W) tiled row by row in one picture (faster than one Axes each), titles above."""
    images = np.asarray(images, dtype=float)
    n, H, W = images.shape
    columns = columns or n
    rows = -(-n // columns)
    canvas = np.full((rows * (H + gap) - gap, columns * (W + gap) - gap), np.nan)
    for k, image in enumerate(images):
        r, c = divmod(k, columns)
        canvas[r * (H + gap): r * (H + gap) + H, c * (W + gap): c * (W + gap) + W] = image
    ax.imshow(np.ma.masked_invalid(canvas), cmap="gray_r", vmin=0.0, vmax=1.0, interpolation="nearest")
    for k, title in enumerate(titles or []):
        r, c = divmod(k, columns)
        ax.text(c * (W + gap) + (W - 1) / 2, r * (H + gap) - 0.7, title, ha="center", va="bottom", fontsize=8)
    ax.set_axis_off()
    return ax


def _matrix_text(M):
    rows = [" ".join(f"{v:6.2f}" for v in row) for row in np.asarray(M)]
    return "\n".join(f"[{row} ]" for row in rows)


def plot_affine_matrix(ax, M, title="M"):
    """A 3×3 matrix written as text in an empty panel."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, _matrix_text(M), family="monospace", fontsize=10, ha="center", va="center",
            transform=ax.transAxes)
    ax.set_title(title, fontsize=9)
    return ax


def plot_spectrogram(ax, spec, title="", vmin=None, vmax=None):
    """A (frequency × time) spectrogram in dB, low frequencies at the bottom."""
    ax.imshow(spec, origin="lower", aspect="auto", cmap="magma", vmin=vmin, vmax=vmax, interpolation="nearest")
    ax.set_xlabel("time frame")
    ax.set_ylabel("frequency bin")
    ax.set_title(title, fontsize=9)
    return ax


def plot_augmentation_accuracy(ax, results):
    """results: {label: test accuracies (repeats,)}: every repeat as a dot, the mean as a bar."""
    labels = list(results)
    for i, label in enumerate(labels):
        values = np.asarray(results[label], dtype=float)
        ax.bar(i, values.mean(), color=[RAW_COLOR, SCALED_COLOR][i % 2], alpha=0.5, width=0.6)
        ax.plot(np.full(len(values), i), values, "o", color="k", ms=4)
        ax.text(i, values.max() + 0.005, f"mean {values.mean():.3f}", ha="center", va="bottom", fontsize=9)
    low = min(np.min(results[k]) for k in labels)
    high = max(np.max(results[k]) for k in labels)
    ax.set_ylim(max(0.0, low - 0.05), min(1.0, high + 0.05))
    ax.set_xticks(range(len(labels)), labels)
    ax.set_ylabel("test accuracy")
    return ax


def plot_augmentation_gains(ax, results, designs=("fixed", "fresh")):
    """results: scaling.augmentation_experiment's {"none": (R,), name: (R,), (name, "fresh"): (R,), ...}.

    For each setting and design: the gain over "none" in percentage points, every repeat as a dot, the mean
    as a bar with ± one standard error.
    """
    names = [key for key in results if isinstance(key, str) and key != "none"]
    labels = {"fixed": "copies drawn once", "fresh": "fresh copies every epoch"}
    width = 0.8 / len(designs)
    for j, design in enumerate(designs):
        for i, name in enumerate(names):
            gain = 100 * (np.asarray(results[name if design == "fixed" else (name, design)]) - results["none"])
            x = i + (j - (len(designs) - 1) / 2) * width
            error = gain.std(ddof=1) / np.sqrt(len(gain)) if len(gain) > 1 else 0.0
            ax.bar(x, gain.mean(), width=0.9 * width, yerr=error, capsize=3, alpha=0.5,
                   color=[RAW_COLOR, SCALED_COLOR][j % 2], label=labels.get(design, design) if i == 0 else None)
            ax.plot(np.full(len(gain), x), gain, "o", color="k", ms=3)
    ax.axhline(0.0, color="0.4", lw=0.8)
    ax.set_xticks(range(len(names)), names)
    ax.set_ylabel("gain over no augmentation\n(percentage points)")
    ax.legend(fontsize=8, loc="lower left")
    return ax
