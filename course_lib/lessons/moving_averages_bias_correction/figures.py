"""Drawing for the averages notebook: each function draws on the Axes it is given and returns it.

Artists carry a `gid` (e.g. "ema", "theta") so that an explorer can find them and update them in place.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "plot_moving_averages",
    "plot_past_weights",
    "plot_ema_bias_correction",
    "plot_ema_weight_sum",
    "plot_ema_momentum_paths",
    "plot_gradient_smoothing",
    "plot_ema_expectation",
]

def _kind(label):
    """'sma', 'wma', 'ema' or 'ema_corrected' from a legend label such as "SMA, n = 10" or "EMA (corrected)"."""
    kind = "".join(c for c in label.split()[0] if c.isalpha()).lower()
    return "ema_corrected" if kind == "ema" and "corrected" in label else kind


COLORS = {"sma": "tab:blue", "wma": "tab:green", "ema": "tab:red", "ema_corrected": "tab:purple",
          "theta": "0.55", "gd": "0.45", "momentum": "tab:red"}


def plot_moving_averages(ax, t, theta, averages):
    """The series θ_t as dots and each average as a line.   t, theta: (T,);  averages: {label: (T,)}.

    A label starting with "SMA", "WMA" or "EMA" picks that average's colour and gid ("sma", "wma", "ema", or
    "ema_corrected" for an EMA label containing "corrected").
    """
    ax.plot(t, theta, ".", ms=3, color=COLORS["theta"], label="θ (data)", gid="theta")
    for label, values in averages.items():
        gid = _kind(label)
        ax.plot(t, values, lw=1.6, color=COLORS.get(gid), label=label, gid=gid)
    ax.set_xlabel("t (day)")
    ax.set_ylabel("value")
    ax.legend(loc="lower center", fontsize=8, ncol=2)
    return ax


def plot_past_weights(ax, weights, effective_window=None, legend=True):
    """The weight each average gives the value k steps in the past, k = 0, 1, ...   weights: {label: (n,)}.

    An "EMA" label is drawn as a stem plot, the others as step lines; effective_window (a number) adds a
    dashed vertical line at k = 1/(1 − β).  legend=False leaves the legend out (when another panel has one).
    """
    for label, w in weights.items():
        k = np.arange(len(w))
        if label.startswith("EMA"):
            stems = ax.vlines(k, 0, w, color=COLORS["ema"], lw=1.2, gid="ema_stems")
            ax.plot(k, w, "o", ms=2.5, color=COLORS["ema"], label=label, gid="ema")
            stems.set_label("_nolegend_")
        else:
            gid = _kind(label)
            ax.step(k, w, where="mid", color=COLORS.get(gid), lw=1.4, label=label, gid=gid)
    if effective_window is not None:
        ax.axvline(effective_window, color="k", ls="--", lw=1, label="1/(1 − β)", gid="window")
    ax.set_xlabel("k (steps in the past)")
    ax.set_ylabel("weight of θ_(t−k)")
    ax.set_ylim(bottom=0)
    if legend:
        ax.legend(loc="upper right", fontsize=8)
    return ax


def plot_ema_bias_correction(ax, t, theta, v, v_hat, t_mark=None):
    """The first steps: data θ_t, raw EMA v_t (pulled to 0 by v0 = 0) and corrected v̂_t.   All (T,).

    t_mark (an integer step) adds a vertical line at that step.
    """
    ax.plot(t, theta, ".", ms=4, color=COLORS["theta"], label="θ_t (data)", gid="theta")
    ax.plot(t, v, lw=1.8, color=COLORS["ema"], label="v_t (raw EMA)", gid="ema")
    ax.plot(t, v_hat, lw=1.8, color=COLORS["ema_corrected"], label="v̂_t = v_t/(1 − βᵗ)", gid="ema_corrected")
    if t_mark is not None:
        ax.axvline(t_mark, color="k", lw=0.8, ls=":", gid="t_mark")
    ax.set_xlabel("t (step)")
    ax.set_ylabel("value")
    ax.legend(loc="lower right", fontsize=8)
    return ax


def plot_ema_weight_sum(ax, t, total, t_mark=None):
    """1 − βᵗ, the sum of the weights a raw EMA has given its data after t steps.   t, total: (T,)."""
    ax.plot(t, total, lw=1.8, color="tab:orange", label="1 − βᵗ (sum of the weights)", gid="total")
    ax.axhline(1.0, color="k", lw=0.6, ls="--")
    if t_mark is not None:
        k = int(np.searchsorted(t, t_mark))
        ax.plot([t[k]], [total[k]], "o", color="tab:orange", gid="mark")
    ax.set_xlabel("t (step)")
    ax.set_ylim(0, 1.05)
    ax.legend(loc="lower right", fontsize=8)
    return ax


def plot_ema_momentum_paths(ax, surface, paths, levels=12):
    """Contours of a 2-D surface and one optimizer path per entry.   paths: {label: (steps + 1, 2)}.

    The first path is drawn grey (the reference: plain gradient descent), the next ones in colour.
    """
    (x_min, x_max), (y_min, y_max) = surface.bounds
    X, Y = np.meshgrid(np.linspace(x_min, x_max, 80), np.linspace(y_min, y_max, 60))
    ax.contour(X, Y, surface.f(X, Y), levels=levels, colors="0.8", linewidths=0.7)
    for i, (label, path) in enumerate(paths.items()):
        color = COLORS["gd"] if i == 0 else COLORS["momentum"]
        ax.plot(path[:, 0], path[:, 1], ".-", ms=3, lw=1, color=color, label=label, gid=f"path{i}")
    for x, y in surface.minima:
        ax.plot([x], [y], "k*", ms=8)
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(y_min, y_max)
    ax.set_xlabel("w₁")
    ax.set_ylabel("w₂")
    ax.legend(loc="upper right", fontsize=8)
    return ax


def plot_gradient_smoothing(ax, g, V, component=1, name=None):
    """Raw gradients g_k against their EMA V_k, one coordinate, over the steps.   g, V: (steps, d).

    name: the coordinate's name in the legend (default "w₁", "w₂", ...; "" leaves it out).
    """
    k = np.arange(len(g))
    if name is None:
        name = "w" + "".join("₀₁₂₃₄₅₆₇₈₉"[int(c)] for c in str(component + 1))
    suffix = f" ({name})" if name else ""
    ax.axhline(0.0, color="k", lw=0.6, gid="zero")
    ax.plot(k, g[:, component], ".-", ms=3, lw=0.8, color=COLORS["theta"], label=f"raw g{suffix}", gid="raw")
    ax.plot(k, V[:, component], lw=2, color=COLORS["momentum"], label=f"V = EMA of g{suffix}", gid="smooth")
    ax.set_xlabel("step k")
    ax.set_ylabel("gradient")
    ax.legend(loc="upper right", fontsize=8)
    return ax


def plot_ema_expectation(ax, t, v_mean, v_hat_mean, expected, mean, n_runs=None):
    """The run average of v_t (dots) against (1 − βᵗ)·mean (line), and of v̂_t against the mean.   All (T,)."""
    ax.plot(t, expected, "-", color="tab:blue", lw=1.5, label="(1 − βᵗ)·mean", gid="expected")
    label = "average of v_t" + (f" over {n_runs:,} runs" if n_runs else "")
    ax.plot(t, v_mean, "o", color="tab:blue", ms=4, label=label, gid="v")
    ax.axhline(mean, color="tab:orange", lw=1.5, label="mean", gid="mean")
    ax.plot(t, v_hat_mean, "s", color="tab:orange", ms=4, mfc="none", label="average of v̂_t = v_t/(1 − βᵗ)",
            gid="v_hat")
    ax.set_xlabel("step t")
    ax.set_ylabel("value")
    ax.set_ylim(0, 1.15 * mean)
    ax.legend(fontsize=8, loc="lower right")
    return ax
