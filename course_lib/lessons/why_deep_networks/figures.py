"""Drawing for notebook 01 (why deep networks): each function draws on the Axes it is given and returns it.

Artists carry gids so that an explorer can find them and update them in place.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.ticker import FixedLocator, MaxNLocator, NullFormatter, NullLocator

__all__ = ["plot_fit", "plot_unit_contributions", "plot_error_vs_width", "plot_sawtooth", "plot_units_needed"]


def _few_ticks(ax, n=5):
    """At most n ticks per axis: tick labels are most of the cost of redrawing a small figure."""
    ax.xaxis.set_major_locator(MaxNLocator(n))
    ax.yaxis.set_major_locator(MaxNLocator(n))


def plot_fit(ax, x, y, y_hat, n_units=None):
    """The target y(x) (black) and a network's fit ŷ(x) (colour)."""
    ax.plot(x, y, color="black", lw=2.5, alpha=0.35, gid="target", label="target")
    label = "one hidden layer" if n_units is None else f"one hidden layer, {n_units} units"
    ax.plot(x, y_hat, color="C1", lw=1.8, gid="fit", label=label)
    ax.set(xlim=(x[0], x[-1]), xlabel="x", ylabel="y")
    _few_ticks(ax)
    ax.legend(loc="lower left", fontsize=9)
    return ax


def plot_unit_contributions(ax, x, contributions, max_lines=100):
    """Each hidden unit's share v_j·h_j(x) of the output, as faint lines.   contributions: (N, n)."""
    segments = [np.column_stack([x, c]) for c in np.asarray(contributions).T[:max_lines]]
    ax.add_collection(LineCollection(segments, colors="C0", linewidths=0.8, alpha=0.35, gid="units"))
    return ax


def plot_error_vs_width(ax, widths, errors, current=None):
    """RMS error of the fit against the number of hidden units (log–log), the current width marked."""
    ax.loglog(widths, errors, color="C1", lw=1.5, gid="errors")
    if current is not None:
        k = list(widths).index(current)
        ax.loglog([current], [errors[k]], "o", color="C3", gid="current")
    ax.set(xlabel="hidden units n", ylabel="RMS error", title="error against width")
    ax.xaxis.set_major_locator(FixedLocator([1, 3, 10, 30, 100]))
    ax.xaxis.set_major_formatter("{x:g}")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_minor_locator(NullLocator())       # few tick labels: quicker to redraw
        axis.set_minor_formatter(NullFormatter())
    ax.grid(True, which="major", alpha=0.3)
    return ax


def plot_sawtooth(ax, x, y_deep, y_shallow, k, n_units):
    """The deep net's sawtooth Tᵏ (2k units in k layers) and a one-hidden-layer net with n_units units."""
    ax.plot(x, y_deep, color="black", lw=2.5, alpha=0.4, gid="deep", label=f"deep: {k} layers × 2 units")
    ax.plot(x, y_shallow, color="C1", lw=1.3, gid="shallow", label=f"shallow: 1 layer × {n_units} units")
    ax.set(xlim=(0, 1), ylim=(-0.1, 1.35), xlabel="x", ylabel="output")
    _few_ticks(ax)
    ax.legend(loc="upper right", fontsize=8, ncol=2)
    return ax


def plot_units_needed(ax, ks, deep_units, shallow_units, current_k=None, chosen_units=None, exact=None):
    """Hidden units needed for Tᵏ against k: deep 2k vs shallow 2ᵏ; the current choice marked.

    The unit axis is logarithmic: lines are drawn at log2(units) on a linear axis labelled 2, 8, 32, …
    (the same picture as a log scale, and quicker to redraw).  chosen_units: the shallow width being tried
    at current_k, drawn green if `exact` else red.
    """
    ks = np.asarray(ks)
    ax.plot(ks, np.log2(deep_units), "o-", color="black", ms=4, gid="deep_units")
    ax.plot(ks, np.log2(shallow_units), "s-", color="C1", ms=4, gid="shallow_units")
    # the lines are labelled where they end (cheaper to redraw than a legend)
    ax.text(ks[-1], np.log2(deep_units[-1]) - 0.4, "deep: 2k", ha="right", va="top", fontsize=9)
    ax.text(ks[0], np.log2(shallow_units[-1]), "one hidden layer: 2ᵏ", ha="left", va="top", fontsize=9, color="C1")
    if current_k is not None:
        ax.axvline(current_k, color="0.7", lw=1, gid="current_k")
    if chosen_units is not None:
        ax.plot([current_k], [np.log2(chosen_units)], "*", ms=12, color="C2" if exact else "C3", gid="chosen")
    ticks = np.arange(1, int(np.ceil(np.log2(max(np.max(shallow_units), 2)))) + 1, 2)
    ax.set_yticks(ticks, [f"{2**t:g}" for t in ticks])
    ax.set(xlabel="k (layers of the deep net)", ylabel="hidden units (log scale)", title="units for Tᵏ (★: your n)")
    ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
    return ax
