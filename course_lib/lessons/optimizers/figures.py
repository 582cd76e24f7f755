"""Drawing for the optimizer_paths notebook: each function draws on the Axes it is given and returns it.

Artists carry a `gid` ("path:adam", "head:adam", "loss:adam", "contours", ...) so that an explorer can
find them and update them in place.
"""

from __future__ import annotations

import numpy as np
from matplotlib import ticker
from matplotlib.colors import LogNorm

from .compute import LABELS

__all__ = [
    "plot_steps_against_kappa",
    "plot_surface_contours",
    "plot_optimizer_paths",
    "plot_path_losses",
    "plot_coinciding_paths",
    "plot_eps_placement",
    "plot_path_differences",
    "plot_optimizer_race",
    "plot_tuning_curves",
    "plot_race_over_seeds",
]

COLORS = {"sgd": "k", "momentum": "tab:blue", "nesterov": "tab:cyan", "adagrad": "tab:green",
          "rmsprop": "tab:orange", "adam": "tab:red"}
LOSS_FLOOR = 1e-16  # losses are drawn no lower than this on a log axis (f − f_min can reach exactly 0)


def _power_of_ten(value, _position=None):
    """'1e-3' for 0.001: plain text, much faster to draw than the default mathtext labels."""
    if value <= 0:
        return ""
    exponent = round(np.log10(value))
    return f"1e{exponent}" if np.isclose(np.log10(value), exponent) else ""


def _light_log_axis(axis, numticks=5):
    """A log axis with a few labelled decades and no minor ticks (cheap to redraw in an explorer)."""
    axis.set_major_locator(ticker.LogLocator(numticks=numticks))
    axis.set_minor_locator(ticker.NullLocator())
    axis.set_major_formatter(ticker.FuncFormatter(_power_of_ten))


def _finite_rows(path, upto=None):
    """The rows of path up to row `upto` (inclusive) and before the first NaN row."""
    path = np.asarray(path)
    bad = np.flatnonzero(np.isnan(path).reshape(len(path), -1).any(axis=1))
    end = bad[0] if bad.size else len(path)
    if upto is not None:
        end = min(end, upto + 1)
    return path[:end]


def plot_surface_contours(ax, X, Y, Z, levels, minima=()):
    """Filled contours of Z over the grid (X, Y), with the minima as black stars.   X, Y, Z: (n, n).

    Geometric levels (all > 0) get a log colour scale, so each band is one shade darker towards the minimum.
    """
    geometric = levels[0] > 0 and np.allclose(levels[1:] / levels[:-1], levels[1] / levels[0])
    norm = LogNorm(vmin=levels[0], vmax=levels[-1]) if geometric else None
    filled = ax.contourf(X, Y, Z, levels=levels, cmap="Greys_r", norm=norm, alpha=0.3, extend="both")
    filled.set_gid("contours")
    ax.plot([m[0] for m in minima], [m[1] for m in minima], "k*", ms=9, gid="minima", label="_minima")
    ax.set_xlim(X.min(), X.max())
    ax.set_ylim(Y.min(), Y.max())
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.xaxis.set_major_locator(ticker.MaxNLocator(5, steps=[1, 2, 2.5, 5, 10]))
    ax.yaxis.set_major_locator(ticker.MaxNLocator(5, steps=[1, 2, 2.5, 5, 10]))
    return ax


def plot_optimizer_paths(ax, paths, upto=None, colors=None, legend=False):
    """One line per optimizer, its points marked, and a dot at its current position.   paths: {name: (n, 2)}.

    upto: the last step drawn (None: all); rows after a divergence (NaN) are left out.
    """
    colors = colors or COLORS
    for name, path in paths.items():
        shown = _finite_rows(path, upto)
        color = colors.get(name, None)
        ax.plot(shown[:, 0], shown[:, 1], ".-", ms=2.5, lw=1.2, color=color, label=LABELS.get(name, name),
                gid=f"path:{name}")
        ax.plot(shown[-1:, 0], shown[-1:, 1], "o", ms=6, mec="k", mew=0.8, color=color, gid=f"head:{name}",
                label="_head")
    if paths:
        start = np.asarray(next(iter(paths.values())))[0]
        ax.plot([start[0]], [start[1]], "s", ms=6, color="w", mec="k", gid="start", label="_start")
    if legend:
        ax.legend(loc="upper right", fontsize=8)
    return ax


def plot_path_losses(ax, losses, upto=None, colors=None, log=True, legend=True):
    """Loss against step, one line per optimizer.   losses: {name: (n,)}, f − f_min (log) or f (symlog).

    log=True draws on a log axis, clipped below at LOSS_FLOOR; log=False uses a symmetric log axis, for a
    surface without minimum (the saddle), where f goes negative.  NaN steps (after a divergence) are left out.
    """
    colors = colors or COLORS
    for name, loss in losses.items():
        shown = _finite_rows(np.asarray(loss, dtype=float), upto)
        if log:
            shown = np.maximum(shown, LOSS_FLOOR)
        ax.plot(np.arange(len(shown)), shown, lw=1.5, color=colors.get(name, None), label=LABELS.get(name, name),
                gid=f"loss:{name}")
    if log:
        ax.set_yscale("log")
        _light_log_axis(ax.yaxis)
        ax.set_ylabel("f(w) − f_min")
    else:
        ax.set_yscale("symlog", linthresh=1.0)
        ax.set_ylabel("f(w)  (symlog)")
    ax.set_xlabel("step")
    if legend and losses:
        ax.legend(loc="upper right", fontsize=8, ncol=2)
    return ax


def plot_coinciding_paths(ax, paths, styles=("-", "--", ":")):
    """Several paths that should coincide, drawn over each other with different line styles.   {label: (n, 2)}"""
    widths = (4.0, 2.2, 1.2)
    colors = ("0.75", "tab:blue", "tab:red")
    for i, (label, path) in enumerate(paths.items()):
        shown = _finite_rows(path)
        ax.plot(shown[:, 0], shown[:, 1], styles[i % len(styles)], lw=widths[i % 3], color=colors[i % 3],
                label=label, gid=f"same:{i}")
    ax.legend(loc="upper right", fontsize=8)
    return ax


def plot_eps_placement(ax, g, outside, inside, eps):
    """The normalised step |Δw|/α against |g| for ε outside and inside the root (log x).   g, outside, inside: (n,)."""
    ax.semilogx(g, outside, lw=2, color="tab:blue", label="ε outside: |g|/(√(g²) + ε)", gid="outside")
    ax.semilogx(g, inside, lw=2, ls="--", color="tab:red", label="ε inside: |g|/√(g² + ε)", gid="inside")
    ax.axvline(eps, color="tab:blue", lw=0.8, ls=":")
    ax.axvline(np.sqrt(eps), color="tab:red", lw=0.8, ls=":")
    ax.text(eps, 1.04, " ε", color="tab:blue", fontsize=9)
    ax.text(np.sqrt(eps), 1.04, " √ε", color="tab:red", fontsize=9)
    ax.set_ylim(0, 1.12)
    ax.set_xlabel("|g|")
    ax.set_ylabel("step / α")
    ax.legend(loc="center right", fontsize=8)
    return ax


def plot_path_differences(ax, differences):
    """Distances between paths per step, log y.   differences: {label: (n,)} (0 is drawn at LOSS_FLOOR)."""
    styles = (("tab:purple", "-", 2.0), ("0.45", "--", 1.4), ("tab:green", ":", 1.4))
    for (label, values), (color, ls, lw) in zip(differences.items(), styles):
        values = np.asarray(values, dtype=float)
        ax.semilogy(np.arange(len(values)), np.maximum(values, LOSS_FLOOR), ls, color=color, lw=lw, label=label,
                    gid=f"difference:{label}")
    ax.set_xlabel("step")
    ax.set_ylabel("max |coordinate difference|")
    ax.legend(loc="upper left", fontsize=8)
    return ax


def plot_optimizer_race(ax, curves, x_label="update", y_label="training loss", log=True, x=None):
    """One curve per optimizer.   curves: {name: (n,)};  x: (n,) positions (default 1..n)."""
    colors = COLORS
    for name, values in curves.items():
        values = np.asarray(values, dtype=float)
        xs = np.arange(1, len(values) + 1) if x is None else x[: len(values)]
        ax.plot(xs, values, lw=1.5, color=colors.get(name, None), label=LABELS.get(name, name), gid=f"train:{name}")
    if log:
        ax.set_yscale("log")
    ax.xaxis.set_major_locator(ticker.MaxNLocator(integer=True))
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    ax.legend(loc="best", fontsize=8, ncol=2)
    return ax


def plot_tuning_curves(ax, grid, curves, rates):
    """Validation loss against the learning rate (log x, log y), the chosen rate of each optimizer ringed.

    grid: (G,);  curves: {name: (G,)} (inf where a run diverged: left out);  rates: {name: chosen lr}.
    """
    grid = np.asarray(grid, dtype=float)
    for name, values in curves.items():
        values = np.asarray(values, dtype=float)
        finite = np.isfinite(values)
        color = COLORS.get(name, None)
        ax.plot(grid[finite], values[finite], ".-", lw=1.3, ms=5, color=color, label=LABELS.get(name, name),
                gid=f"tuning:{name}")
        best = int(np.argmin(np.where(finite, values, np.inf)))
        if name in rates:
            ax.plot([grid[best]], [values[best]], "o", ms=10, mfc="none", mec=color, mew=1.5, gid=f"chosen:{name}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("learning rate α")
    ax.set_ylabel("validation loss after training")
    ax.legend(loc="lower left", fontsize=7, ncol=2)
    return ax


def plot_race_over_seeds(ax, values, y_label="test accuracy"):
    """One column of dots per optimizer (one dot per seed) and its mean as a bar.   values: {name: (S,)}."""
    for i, (name, v) in enumerate(values.items()):
        v = np.asarray(v, dtype=float)
        offsets = np.linspace(-0.15, 0.15, len(v))
        color = COLORS.get(name, None)
        ax.plot(i + offsets, v, "o", ms=4, color=color, alpha=0.8, gid=f"seeds:{name}")
        ax.plot([i - 0.3, i + 0.3], [v.mean()] * 2, "-", lw=2.5, color=color, gid=f"mean:{name}")
    ax.set_xticks(range(len(values)), [LABELS.get(name, name) for name in values], fontsize=8)
    ax.set_xlim(-0.6, len(values) - 0.4)
    ax.set_ylabel(y_label)
    return ax


def plot_steps_against_kappa(ax, study, tol):
    """Steps to reach tol against κ (log-log): ρᵗ's prediction as lines, the simulation as markers.

    study: the dict of compute.rates_study."""
    kappa = study["kappa"]
    for key, label, color in (("gd", "GD, ρ = (κ − 1)/(κ + 1)", "tab:blue"),
                              ("momentum", "momentum, ρ = (√κ − 1)/(√κ + 1)", "tab:orange")):
        ax.loglog(kappa, study[f"predicted_{key}"], color=color, lw=1.5, label=f"{label}: ln tol / ln ρ",
                  gid=f"predicted:{key}")
        ax.loglog(kappa, study[f"simulated_{key}"], "o", color=color, ms=5, mfc="none",
                  label=f"{'GD' if key == 'gd' else 'momentum'}, simulated", gid=f"simulated:{key}")
    ax.set_xlabel("condition number κ = L/μ")
    ax.set_ylabel(f"steps until |w| ≤ {tol:g}·|w₀|")
    ax.legend(fontsize=8, loc="upper left")
    return ax
