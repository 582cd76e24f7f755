"""Drawing for the propagation notebook: each function draws on the Axes it is given and returns it.

Artists carry a `gid` ("measured", "theory", "gaussian", …) so that an explorer can update them in place.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import LogLocator, MaxNLocator, NullLocator

from ..vanishing import log_safe

__all__ = ["SCHEME_LABELS", "plot_std_profile", "plot_scheme_comparison", "plot_weight_histograms"]

SCHEME_LABELS = {"lecun_normal": "LeCun normal", "lecun_uniform": "LeCun uniform",
                 "glorot_normal": "Glorot normal", "glorot_uniform": "Glorot uniform",
                 "he_normal": "He normal", "he_uniform": "He uniform",
                 "normal_0.01": "N(0, 0.01²)", "normal_1": "N(0, 1)"}
SCHEME_COLORS = {"lecun_normal": "tab:blue", "lecun_uniform": "tab:cyan", "glorot_normal": "tab:green",
                 "glorot_uniform": "tab:olive", "he_normal": "tab:red", "he_uniform": "tab:orange",
                 "normal_0.01": "0.55", "normal_1": "k"}


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


def plot_scheme_comparison(ax, profiles, ylabel="std of zˡ"):
    """One measured profile per initialisation scheme.   profiles: {scheme name: (L,) std per layer}."""
    for scheme, values in profiles.items():
        layers = np.arange(1, len(values) + 1)
        ax.semilogy(layers, log_safe(values), "o-", ms=2.5, lw=1.3, color=SCHEME_COLORS.get(scheme),
                    label=SCHEME_LABELS.get(scheme, scheme), gid=scheme)
    ax.set(xlabel="layer l", ylabel=ylabel)
    _layer_axis(ax)
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
