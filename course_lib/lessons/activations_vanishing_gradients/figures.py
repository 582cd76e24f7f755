"""Drawing for the vanishing notebook: each function draws on the Axes it is given and returns it.

Artists carry a `gid` (e.g. "f_relu", "grad_norm", "hist") so that an explorer can find them and update them
in place.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.ticker import FixedLocator, LogLocator, MaxNLocator, NullLocator

from .compute import activation_curves, log_safe, saturated

__all__ = [
    "ACTIVATION_COLORS",
    "plot_activations",
    "plot_derivatives",
    "shade_saturation",
    "plot_activation_gallery",
    "plot_gradient_norms",
    "plot_gradient_comparison",
    "plot_layer_histograms",
    "plot_dead_fraction",
]

ACTIVATION_COLORS = {"sigmoid": "tab:blue", "tanh": "tab:orange", "relu": "tab:green", "leaky_relu": "tab:olive",
                     "elu": "tab:red", "selu": "tab:purple", "swish": "tab:brown", "softplus": "tab:pink",
                     "linear": "0.4"}
HIST_NORM = dict(vmin=1e-3, vmax=1.0)


def _layer_axis(ax, log=True):
    """Few integer ticks on the layer axis, few decades and no minor ticks on a log axis: every tick label is
    text to lay out and draw, the slowest part of redrawing a figure."""
    ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
    if log:
        ax.yaxis.set_major_locator(LogLocator(numticks=6))
        ax.yaxis.set_minor_locator(NullLocator())
        ax.grid(True, which="major", alpha=0.3)


def shade_saturation(ax, z, mask, color, gid):
    """Shade the vertical strips of ax where mask is True (x in data units, y over the whole Axes)."""
    return ax.fill_between(z, 0, 1, where=mask, transform=ax.get_xaxis_transform(), color=color, alpha=0.12,
                           lw=0, gid=gid)


def plot_activations(ax, z, names):
    """f(z) for each activation name.   z: (n,);  names: a list of names in course_lib.activations."""
    ax.axhline(0, color="0.85", lw=1, zorder=0)
    ax.axvline(0, color="0.85", lw=1, zorder=0)
    for name in names:
        f, _ = activation_curves(name, z)
        ax.plot(z, f, lw=2, color=ACTIVATION_COLORS.get(name), label=name, gid=f"f_{name}")
    ax.set(xlabel="z (pre-activation)", ylabel="f(z)", title="activation f(z)")
    ax.legend(loc="upper left", fontsize=8)
    return ax


def plot_derivatives(ax, z, names, threshold=None):
    """f'(z) for each activation; with a threshold, shade where |f'(z)| < threshold (the saturation region).

    The shading of each activation has its colour and the gid "sat_<name>"; the lines ±threshold are dashed.
    """
    ax.axhline(0, color="0.85", lw=1, zorder=0)
    ax.axvline(0, color="0.85", lw=1, zorder=0)
    for name in names:
        _, df = activation_curves(name, z)
        color = ACTIVATION_COLORS.get(name)
        ax.plot(z, df, lw=2, color=color, label=f"{name}'", gid=f"df_{name}")
        if threshold is not None:
            shade_saturation(ax, z, saturated(name, z, threshold), color, f"sat_{name}")
    if threshold is not None:
        for sign in (1, -1):
            ax.axhline(sign * threshold, color="k", lw=0.8, ls="--", gid="threshold" if sign > 0 else "threshold_neg")
    title = "derivative f'(z)" + (f";  shaded: |f'(z)| < {threshold:g}" if threshold is not None else "")
    ax.set(xlabel="z (pre-activation)", ylabel="f'(z)", title=title)
    ax.legend(loc="upper left", fontsize=8)
    return ax


def plot_activation_gallery(axes, z, names, threshold=0.1):
    """One small panel per activation: f (solid), f' (dashed) and the shaded region |f'(z)| < threshold.

    axes: a sequence (or array) of at least len(names) Axes; unused ones are switched off.
    """
    axes = list(np.ravel(axes))
    if len(axes) < len(names):
        raise ValueError(f"axes: need at least {len(names)} Axes for {len(names)} activations, got {len(axes)}")
    for ax, name in zip(axes, names):
        f, df = activation_curves(name, z)
        color = ACTIVATION_COLORS.get(name)
        ax.axhline(0, color="0.85", lw=1, zorder=0)
        ax.plot(z, f, lw=2, color=color, label="f", gid=f"f_{name}")
        ax.plot(z, df, lw=1.5, ls="--", color="k", label="f'", gid=f"df_{name}")
        shade_saturation(ax, z, saturated(name, z, threshold), color, f"sat_{name}")
        ax.set_title(name, fontsize=10)
        ax.set_ylim(-2, 3)
        ax.tick_params(labelsize=8)
    for ax in axes[len(names):]:
        ax.set_axis_off()
    axes[0].legend(loc="upper left", fontsize=8)
    return axes


def plot_gradient_norms(ax, grad_norm, delta_norm=None):
    """‖∂L/∂W^l‖ against the layer l = 1..L on a log y-axis (gid "grad_norm"); optionally ‖δ^l‖ = ‖∂L/∂z^l‖
    dashed (gid "delta_norm").  Zeros and non-finite values are left out (a log axis cannot show them)."""
    layers = np.arange(1, len(grad_norm) + 1)
    ax.semilogy(layers, log_safe(grad_norm), "o-", ms=3, lw=1.5, color="tab:blue", label="‖∂L/∂Wˡ‖",
                gid="grad_norm")
    if delta_norm is not None:
        ax.semilogy(layers, log_safe(delta_norm), "--", lw=1.2, color="0.45", label="‖δˡ‖ = ‖∂L/∂zˡ‖",
                    gid="delta_norm")
        ax.legend(loc="lower right", fontsize=7)
    ax.set(xlabel="layer l (1 = next to the input)", ylabel="gradient norm (log scale)")
    _layer_axis(ax)
    return ax


def plot_gradient_comparison(ax, profiles, colors=None):
    """Several ‖∂L/∂W^l‖ profiles on one log axis.   profiles: {label: (L,) array}; colors: {label: colour}."""
    colors = colors or {}
    for label, grad_norm in profiles.items():
        layers = np.arange(1, len(grad_norm) + 1)
        ax.semilogy(layers, log_safe(grad_norm), "o-", ms=2.5, lw=1.4, label=label,
                    color=colors.get(label, ACTIVATION_COLORS.get(label)), gid=f"grad_norm_{label}")
    ax.set(xlabel="layer l (1 = next to the input)", ylabel="‖∂L/∂Wˡ‖ (log scale)")
    _layer_axis(ax)
    ax.legend(fontsize=7, ncol=2)
    return ax


def plot_layer_histograms(ax, hist, edges, cmap="magma_r"):
    """Activation histograms of every layer as an image: column l is the distribution of layer l's outputs.

    hist: (L, bins) fractions (each row sums to 1);  edges: (bins + 1,).  Colour: the fraction, on a log scale
    (empty bins are left white).  The image is ax.images[-1] (gid "hist").
    """
    hist = np.asarray(hist, dtype=float)
    L = hist.shape[0]
    image = np.ma.masked_less_equal(hist.T, 0)
    ax.imshow(image, origin="lower", aspect="auto", interpolation="none", cmap=cmap,
                   norm=LogNorm(**HIST_NORM), extent=(0.5, L + 0.5, edges[0], edges[-1]), gid="hist")
    ax.set(xlabel="layer l", ylabel="activation value aˡ")
    ax.set_title("outputs of each layer (darker = more)", fontsize=9)
    _layer_axis(ax, log=False)
    ax.yaxis.set_major_locator(MaxNLocator(5))
    return ax


def plot_dead_fraction(ax, dead, saturated_fraction=None, threshold=None):
    """Per layer, the fraction of dead units (output 0 for every sample) and, optionally, of saturated entries
    (|f'(z)| < threshold; the threshold only labels the line)."""
    layers = np.arange(1, len(dead) + 1)
    ax.plot(layers, dead, "o-", ms=3, color="k", label="dead units (0 on every sample)", gid="dead")
    if saturated_fraction is not None:
        ax.plot(layers, saturated_fraction, "s-", ms=2.5, color="tab:red", alpha=0.8,
                label=f"saturated: |f'(z)| < {'threshold' if threshold is None else f'{threshold:g}'}",
                gid="saturated")
    ax.set(xlabel="layer l", ylabel="fraction", ylim=(-0.03, 1.03))
    _layer_axis(ax, log=False)
    ax.yaxis.set_major_locator(FixedLocator([0, 0.5, 1]))
    ax.legend(loc="upper left", fontsize=7)
    return ax
