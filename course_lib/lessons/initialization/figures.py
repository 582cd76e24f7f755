"""Drawing for the propagation notebook: each function draws on the Axes it is given and returns it.

Artists carry a `gid` ("measured", "theory", "gaussian", …) so that an explorer can update them in place.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import LogLocator, MaxNLocator, NullLocator

from ..activations_vanishing_gradients.compute import log_safe

__all__ = ["SCHEME_LABELS", "plot_std_profile", "plot_scheme_comparison", "plot_weight_histograms", "plot_symmetry"]

SCHEME_LABELS = {"lecun_normal": "LeCun normal", "lecun_uniform": "LeCun uniform",
                 "glorot_normal": "Glorot normal", "glorot_uniform": "Glorot uniform",
                 "he_normal": "He normal", "he_uniform": "He uniform",
                 "normal_0.01": "N(0, 0.01²)", "normal_1": "N(0, 1)"}
# One colour per family (LeCun, Glorot, He), normal solid and uniform dashed: the families stay apart on a projector.
SCHEME_COLORS = {"lecun_normal": "tab:blue", "lecun_uniform": "tab:blue", "glorot_normal": "tab:green",
                 "glorot_uniform": "tab:green", "he_normal": "tab:red", "he_uniform": "tab:red",
                 "normal_0.01": "0.55", "normal_1": "k"}
SCHEME_STYLES = {scheme: "--" if "uniform" in scheme else "-" for scheme in SCHEME_COLORS}


def _layer_axis(ax):
    """Few integer ticks on the layer axis, few decades and no minor ticks on the log axis (tick labels are text,
    the slowest part of redrawing a figure)."""
    ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
    ax.yaxis.set_major_locator(LogLocator(numticks=6))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.grid(True, which="major", alpha=0.3)


def plot_std_profile(ax, measured, theory, gaussian=None, theory_label="theory", ylabel="std"):
    """Measured std per layer (dots, gid "measured") against the predicted std (dashed, gid "theory") and,
    optionally, the Gaussian-integral prediction (dotted, gid "gaussian").  All (L,); log y-axis."""
    layers = np.arange(1, len(measured) + 1)
    ax.semilogy(layers, log_safe(theory), "--", lw=2, color="k", label=theory_label, gid="theory")
    if gaussian is not None:
        ax.semilogy(layers, log_safe(gaussian), ":", lw=2.2, color="tab:purple", label="theory (Gaussian z)",
                    gid="gaussian")
    ax.semilogy(layers, log_safe(measured), "o", ms=4, color="tab:blue", label="measured", gid="measured")
    ax.set(xlabel="layer l", ylabel=ylabel)
    _layer_axis(ax)
    ax.legend(loc="upper right", fontsize=8)
    return ax


def plot_scheme_comparison(ax, profiles, ylabel="std of zˡ", log=True, ylim=None, label_last=(), legend=True):
    """One measured profile per initialisation scheme.   profiles: {scheme name: (L,) std per layer}.

    log: a log or a linear y-axis.  ylim: (low, high) to zoom in; a scheme that leaves the window gets a note
    at its edge ("N(0, 1): 11 ↑" with its last value).  label_last: schemes whose last value is written at the
    right end of their line.  legend=False leaves the legend to the caller (one for several panels).
    """
    for scheme, values in profiles.items():
        layers = np.arange(1, len(values) + 1)
        shown = log_safe(values) if log else np.asarray(values, dtype=float)
        wide = scheme.startswith("lecun")         # wide and pale: visible where Glorot's line covers it
        ax.plot(layers, shown, SCHEME_STYLES.get(scheme, "-"), marker="" if wide else "o", ms=2.5,
                lw=4.5 if wide else 1.6, alpha=0.45 if wide else 1.0, color=SCHEME_COLORS.get(scheme),
                label=SCHEME_LABELS.get(scheme, scheme), gid=scheme)
        if scheme in label_last:
            ax.annotate(f"{values[-1]:.2g}", (layers[-1], values[-1]), xytext=(4, 0), textcoords="offset points",
                        va="center", fontsize=8, color=SCHEME_COLORS.get(scheme))
    if log:
        ax.set_yscale("log")
    ax.set(xlabel="layer l", ylabel=ylabel)
    if ylim is not None:
        ax.set_ylim(*ylim)
        for scheme, values in profiles.items():
            last = values[-1]
            if last > ylim[1] or last < ylim[0]:
                above = last > ylim[1]
                ax.annotate(f"{SCHEME_LABELS.get(scheme, scheme)}: {last:.2g} {'↑' if above else '↓'}",
                            (len(values), 0.97 if above else 0.03), xycoords=("data", "axes fraction"),
                            ha="right", va="top" if above else "bottom", fontsize=8, color=SCHEME_COLORS.get(scheme))
    ax.set_xlim(0.5, len(next(iter(profiles.values()))) + (2.5 if label_last else 0.5))
    ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
    if log:
        ax.yaxis.set_major_locator(LogLocator(numticks=6))
        ax.yaxis.set_minor_locator(NullLocator())
    ax.grid(True, which="major", alpha=0.3)
    if legend:
        ax.legend(fontsize=7, ncol=2)
    return ax


def plot_weight_histograms(ax, samples, bins=60):
    """Histograms (as densities) of weight samples, e.g. a normal and a uniform of the same variance.

    samples: {label: array}.  For a label containing "uniform" the bound ±√3·std is marked with dotted lines.
    """
    for label, W in samples.items():
        W = np.ravel(W)
        _, _, patches = ax.hist(W, bins=bins, density=True, histtype="step", lw=1.8, label=label)
        if "uniform" in label:
            a = np.sqrt(3) * W.std()
            for x in (-a, a):
                ax.axvline(x, color=patches[0].get_edgecolor(), ls=":", lw=1.2)
    ax.set(xlabel="weight value", ylabel="density")
    ax.legend(fontsize=8)
    return ax


INIT_LABELS = {"zeros": "all zeros", "constant": "all 0.5", **SCHEME_LABELS}
INIT_COLORS = {"zeros": "0.55", "constant": "k", **SCHEME_COLORS}


def plot_symmetry(axes, runs):
    """Two panels for the symmetry experiment: the training loss (left) and the spread of each hidden layer's
    units (right; solid layer 1, dashed layer 2) over the steps.   runs: propagation.symmetry_runs's dict."""
    ax_loss, ax_spread = axes
    for kind, run in runs.items():
        steps = np.arange(len(run["loss"]))
        color, label = INIT_COLORS.get(kind), INIT_LABELS.get(kind, kind)
        ax_loss.plot(steps, run["loss"], color=color, lw=1.8, label=f"{label} (accuracy {run['accuracy']:.0%})",
                     gid=kind)
        for layer, style in zip(range(run["spread"].shape[1]), ("-", "--")):
            ax_spread.plot(steps, run["spread"][:, layer], style, color=color, lw=1.8,
                           label=f"{label}, layer {layer + 1}", gid=f"{kind}-{layer + 1}")
    ax_loss.set(xlabel="gradient-descent step", ylabel="training loss", ylim=(0, None))
    ax_spread.set(xlabel="gradient-descent step", ylabel="spread of the units' weights", ylim=(-0.05, None))
    for ax in axes:
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=7)
    return axes
