"""Drawing for the optimizers notebook: each plot_<thing>(ax, …) draws and returns handles (a dict of the
artists an update needs, and "ax"); update_<thing>(handles, …), right below it, moves them in place.
report_… functions format the notebook's printed tables.  Every text a reader sees goes through tr().
"""

from __future__ import annotations

import numpy as np
from matplotlib import ticker
from matplotlib.colors import LogNorm
from matplotlib.transforms import ScaledTranslation

from ...i18n import N_, tr
from ..axes import fewer_ticks
from .compute import LABELS, LOSS_FLOOR

__all__ = [
    "plot_steps_against_kappa",
    "plot_surface_contours",
    "plot_optimizer_paths", "update_optimizer_paths",
    "plot_path_losses", "update_path_losses",
    "plot_optimizer_explorer", "update_surface", "update_loss_limits", "update_explorer_titles",
    "divergence_note",
    "plot_coinciding_paths", "plot_momentum_forms", "plot_nesterov_forms",
    "plot_eps_placement",
    "plot_path_differences",
    "plot_optimizer_race",
    "plot_tuning_curves",
    "plot_race_over_seeds",
    "report_first_steps", "report_rates_study", "report_momentum_forms", "report_nesterov_forms",
    "report_eps_placement", "report_eps_difference", "report_race",
]

COLORS = {"sgd": "k", "momentum": "tab:blue", "nesterov": "tab:cyan", "adagrad": "tab:green",
          "rmsprop": "tab:orange", "adam": "tab:red"}
# The surfaces' names as shown in the explorer (course_lib.surfaces.SURFACES' keys)
SURFACE_LABELS = {"quadratic": N_("quadratic"), "rosenbrock": N_("rosenbrock"), "saddle": N_("saddle"),
                  "beale": N_("beale"), "himmelblau": N_("himmelblau")}
STEP_TICK = 50                  # the loss panel's step axis: a tick every 50 steps (0, 50, 100, 150)
LABEL_OFFSETS = {"left": (24, 28), "right": (24, 36)}   # pinned axis labels: points below / left of the axes


def label(name):
    """The shown name of an optimizer ("sgd" → "SGD"), translated."""
    return tr(LABELS[name]) if name in LABELS else name


def surface_label(name):
    """The shown name of a surface ("saddle"), translated."""
    return tr(SURFACE_LABELS[name]) if name in SURFACE_LABELS else name


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


def _pin_axis_labels(ax, below=24, left=28):
    """Put the axis labels at fixed offsets (points) from the axes.

    Left to itself, matplotlib measures every tick label on every draw to place the axis labels; with the
    labels pinned, a redraw is about a quarter cheaper.
    """
    points = ax.figure.dpi_scale_trans
    ax.xaxis.set_label_coords(0.5, 0.0, transform=ax.transAxes + ScaledTranslation(0, -below / 72, points))
    ax.yaxis.set_label_coords(0.0, 0.5, transform=ax.transAxes + ScaledTranslation(-left / 72, 0, points))


def _compact(value):
    """A number as short text: 1e-08 → '1e-8', 0.001 → '0.001'."""
    mantissa, _, exponent = f"{value:g}".partition("e")
    return f"{mantissa}e{int(exponent)}" if exponent else mantissa


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
    → handles {"ax", "contours": ContourSet, "minima": Line2D}
    """
    geometric = levels[0] > 0 and np.allclose(levels[1:] / levels[:-1], levels[1] / levels[0])
    norm = LogNorm(vmin=levels[0], vmax=levels[-1]) if geometric else None
    handles = {"ax": ax}
    handles["contours"] = ax.contourf(X, Y, Z, levels=levels, cmap="Greys_r", norm=norm, alpha=0.3, extend="both")
    handles["minima"], = ax.plot([m[0] for m in minima], [m[1] for m in minima], "k*", ms=9, label="_minima")
    ax.set_xlim(X.min(), X.max())
    ax.set_ylim(Y.min(), Y.max())
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    fewer_ticks(ax, n=5)
    return handles


def plot_optimizer_paths(ax, paths, upto=None, colors=None, legend=False):
    """One line per optimizer, its points marked, and a dot at its current position.   paths: {name: (n, 2)}.

    upto: the last step drawn (None: all); rows after a divergence (NaN) are left out.
    → handles {"ax", "path": {name: Line2D}, "head": {name: Line2D}, "start": Line2D}
    """
    colors = colors or COLORS
    handles = {"ax": ax, "path": {}, "head": {}}
    for name, path in paths.items():
        shown = _finite_rows(path, upto)
        color = colors.get(name, None)
        handles["path"][name], = ax.plot(shown[:, 0], shown[:, 1], ".-", ms=2.5, lw=1.2, color=color,
                                         label=label(name))
        handles["head"][name], = ax.plot(shown[-1:, 0], shown[-1:, 1], "o", ms=6, mec="k", mew=0.8, color=color,
                                         label="_head")
    if paths:
        start = np.asarray(next(iter(paths.values())))[0]
        handles["start"], = ax.plot([start[0]], [start[1]], "s", ms=6, color="w", mec="k", label="_start")
    if legend:
        ax.legend(loc="upper right", fontsize=8)
    return handles


def update_optimizer_paths(handles, paths, ends, start):
    """Show path[:ends[name]] of each optimizer in ends (the others hidden), its head, and the start point.

    paths: {name: (n, 2)};  ends: {name: rows to draw} (compute.shown_rows), for the shown optimizers only.
    """
    for name, line in handles["path"].items():
        visible = name in ends
        line.set_visible(visible)
        handles["head"][name].set_visible(visible)
        if visible:
            end, path = ends[name], paths[name]
            line.set_data(path[:end, 0], path[:end, 1])
            handles["head"][name].set_data(path[end - 1 : end, 0], path[end - 1 : end, 1])
    handles["start"].set_data([start[0]], [start[1]])


def plot_path_losses(ax, losses, upto=None, colors=None, log=True, legend=True):
    """Loss against step, one line per optimizer.   losses: {name: (n,)}, f − f_min (log) or f (symlog).

    log=True draws on a log axis, clipped below at LOSS_FLOOR; log=False uses a symmetric log axis, for a
    surface without minimum (the saddle), where f goes negative.  NaN steps (after a divergence) are left out.
    → handles {"ax", "loss": {name: Line2D}}
    """
    colors = colors or COLORS
    handles = {"ax": ax, "loss": {}}
    for name, loss in losses.items():
        shown = _finite_rows(np.asarray(loss, dtype=float), upto)
        if log:
            shown = np.maximum(shown, LOSS_FLOOR)
        handles["loss"][name], = ax.plot(np.arange(len(shown)), shown, lw=1.5, color=colors.get(name, None),
                                         label=label(name))
    _loss_axis(ax, log, tr("f(w)  (symlog)"))
    ax.set_xlabel(tr("step"))
    if legend and losses:
        ax.legend(loc="upper right", fontsize=8, ncol=2)
    return handles


def _loss_axis(ax, log, symlog_label):
    """The loss axis: log of f − f_min when the surface has a minimum, else symlog of f (labelled symlog_label)."""
    if log:
        ax.set_yscale("log")
        _light_log_axis(ax.yaxis)
        ax.set_ylabel("f(w) − f_min")
    else:
        ax.set_yscale("symlog", linthresh=1.0)
        ax.set_ylabel(symlog_label)


def update_path_losses(handles, losses, ends, has_min):
    """Show loss[:ends[name]] of each optimizer in ends (the others hidden), floored at LOSS_FLOOR if has_min."""
    for name, line in handles["loss"].items():
        line.set_visible(name in ends)
        if name in ends:
            loss = losses[name][: ends[name]]
            line.set_data(np.arange(len(loss)), np.maximum(loss, LOSS_FLOOR) if has_min else loss)


def plot_optimizer_explorer(left, right, paths, losses, step, steps):
    """The explorer's two panels: every optimizer's path (left) and loss (right), up to `step` of `steps`.

    Axis labels are pinned (LABEL_OFFSETS), the step axis is fixed.  The surface (contours, loss scale) comes
    with update_surface.   → handles {"paths": plot_optimizer_paths', "losses": plot_path_losses'}
    """
    handles = {"paths": plot_optimizer_paths(left, paths, upto=step),
               "losses": plot_path_losses(right, losses, upto=step, legend=False)}
    right.set_xlim(0, steps)
    right.xaxis.set_major_locator(ticker.MultipleLocator(STEP_TICK))
    _pin_axis_labels(left, *LABEL_OFFSETS["left"])
    _pin_axis_labels(right, *LABEL_OFFSETS["right"])
    return handles


def update_surface(handles, grid, minima, has_min):
    """A new surface: its contours (grid = compute.contour_grid's X, Y, Z, levels) replace the old ones, and
    the loss axis becomes log (f − f_min) or symlog (f, on a surface without minimum)."""
    left, right = handles["paths"]["ax"], handles["losses"]["ax"]
    if "background" in handles:
        handles["background"]["contours"].remove()
        handles["background"]["minima"].remove()
    handles["background"] = plot_surface_contours(left, *grid, minima=minima)
    _loss_axis(right, has_min, tr("f(w)  (symlog: f has no minimum)"))


def update_loss_limits(handles, limits, names):
    """New y-limits of the loss panel and a legend of the shown optimizers (names)."""
    right = handles["losses"]["ax"]
    right.set_ylim(*limits)
    if right.get_legend():
        right.get_legend().remove()
    if names:
        right.legend(handles=[handles["losses"]["loss"][n] for n in names], loc="upper right", fontsize=8, ncol=2)


def update_explorer_titles(handles, surface, step, steps, noise, seed, lr, lr_adaptive, gamma):
    """Titles: the surface and step (and gradient noise) on the left, the learning rates on the right.

    y=1.0: a fixed title height spares matplotlib a layout pass on every draw.
    """
    left, right = handles["paths"]["ax"], handles["losses"]["ax"]
    title = (tr("{surface}: step {step} of {steps}, gradient noise σ = {noise:.2g} (seed {seed})") if noise > 0
             else tr("{surface}: step {step} of {steps}"))
    left.set_title(title.format(surface=surface_label(surface), step=step, steps=steps, noise=noise, seed=seed),
                   fontsize=10, y=1.0)
    right.set_title(tr("α = {lr:.2g} (SGD family), {lr_adaptive:.2g} (adaptive), γ = {gamma:.2g}").format(
        lr=lr, lr_adaptive=lr_adaptive, gamma=gamma), fontsize=9, y=1.0)


def divergence_note(divergences, unbounded=False):
    """'SGD diverged at step 7' for each optimizer in divergences ({name: step}, compute.divergences), one per
    line, and that the paths are drawn until they leave the window; '' when none diverged.

    unbounded=True (a surface without minimum, where running off is the right answer) says 'ran off to infinity'.
    """
    if not divergences:
        return ""
    line = tr("{name} ran off to infinity at step {step}") if unbounded else tr("{name} diverged at step {step}")
    lines = [line.format(name=label(name), step=step) for name, step in divergences.items()]
    return "\n".join(lines + [tr("(paths drawn until they leave the window)")])


def plot_coinciding_paths(ax, paths, styles=("-", "--", ":")):
    """Several paths that should coincide, drawn over each other with different line styles.   {label: (n, 2)}

    The labels are shown translated (compute.momentum_forms marks its keys with N_).   → handles {"ax", label: Line2D}
    """
    widths = (4.0, 2.2, 1.2)
    colors = ("0.75", "tab:blue", "tab:red")
    handles = {"ax": ax}
    for i, (name, path) in enumerate(paths.items()):
        shown = _finite_rows(path)
        handles[name], = ax.plot(shown[:, 0], shown[:, 1], styles[i % len(styles)], lw=widths[i % 3],
                                 color=colors[i % 3], label=tr(name))
    ax.legend(loc="upper right", fontsize=8)
    return handles


def plot_momentum_forms(ax, grid, minima, forms):
    """The three ways of writing momentum (compute.momentum_forms) over the contours (compute.contour_grid)."""
    plot_surface_contours(ax, *grid, minima=minima)
    handles = plot_coinciding_paths(ax, forms)
    ax.set_title(tr("momentum: three forms, one path"), fontsize=10)
    return handles


def plot_nesterov_forms(ax, grid, minima, theta, w, mapped):
    """Nesterov's look-ahead points θ, the rewritten w and θ + γ·v over the contours.   paths: (n, 2)."""
    plot_surface_contours(ax, *grid, minima=minima)
    handles = plot_coinciding_paths(ax, {N_("look-ahead θ"): theta, N_("rewritten w"): w, "θ + γ·v": mapped})
    ax.set_title(tr("Nesterov: θ and w differ, w = θ + γ·v"), fontsize=10)
    return handles


def plot_eps_placement(ax, g, outside, inside, eps):
    """The normalised step |Δw|/α against |g| for ε outside and inside the root (log x).   g, outside, inside: (n,).

    → handles {"ax", "outside", "inside"}
    """
    handles = {"ax": ax}
    handles["outside"], = ax.semilogx(g, outside, lw=2, color="tab:blue", label=tr("ε outside: |g|/(√(g²) + ε)"))
    handles["inside"], = ax.semilogx(g, inside, lw=2, ls="--", color="tab:red", label=tr("ε inside: |g|/√(g² + ε)"))
    ax.axvline(eps, color="tab:blue", lw=0.8, ls=":")
    ax.axvline(np.sqrt(eps), color="tab:red", lw=0.8, ls=":")
    ax.text(eps, 1.04, " ε", color="tab:blue", fontsize=9)
    ax.text(np.sqrt(eps), 1.04, " √ε", color="tab:red", fontsize=9)
    ax.set_ylim(0, 1.12)
    ax.set_xlabel("|g|")
    ax.set_ylabel(tr("step / α"))
    ax.legend(loc="center right", fontsize=8)
    ax.set_title(tr("first adaptive step, ε = {eps}").format(eps=_compact(eps)), fontsize=10)
    return handles


def plot_path_differences(ax, differences, nudge=1e-12):
    """How far RMSProp's path moves per step, log y (0 is drawn at LOSS_FLOOR).

    differences: compute.eps_path_differences' {"inside", "nudged": (n,)}; nudge: the start's nudge there.
    → handles {"ax", "inside", "nudged"}
    """
    labels = {"inside": tr("ε inside the root"), "nudged": tr("start nudged by {nudge:g}").format(nudge=nudge)}
    styles = (("tab:purple", "-", 2.0), ("0.45", "--", 1.4), ("tab:green", ":", 1.4))
    handles = {"ax": ax}
    for (key, values), (color, ls, lw) in zip(differences.items(), styles):
        values = np.asarray(values, dtype=float)
        handles[key], = ax.semilogy(np.arange(len(values)), np.maximum(values, LOSS_FLOOR), ls, color=color, lw=lw,
                                    label=labels.get(key, key))
    ax.set_xlabel(tr("step"))
    ax.set_ylabel(tr("max |coordinate difference|"))
    ax.legend(loc="upper left", fontsize=8)
    ax.set_title(tr("RMSProp on the bowl: how far the path moves"), fontsize=10)
    return handles


def plot_optimizer_race(ax, curves, x_label=None, y_label=None, log=True, x=None):
    """One curve per optimizer.   curves: {name: (n,)};  x: (n,) positions (default 1..n).

    x_label, y_label: shown as given (default: "update", "training loss", translated).   → handles {"ax", name: Line2D}
    """
    handles = {"ax": ax}
    for name, values in curves.items():
        values = np.asarray(values, dtype=float)
        xs = np.arange(1, len(values) + 1) if x is None else x[: len(values)]
        handles[name], = ax.plot(xs, values, lw=1.5, color=COLORS.get(name, None), label=label(name))
    if log:
        ax.set_yscale("log")
    fewer_ticks(ax, n=10, which="x", integer=True, steps=None)     # MaxNLocator's defaults, whole numbers
    ax.set_xlabel(tr("update") if x_label is None else x_label)
    ax.set_ylabel(tr("training loss") if y_label is None else y_label)
    ax.legend(loc="best", fontsize=8, ncol=2)
    return handles


def plot_tuning_curves(ax, grid, curves, rates, seed=None, epochs=None):
    """Validation loss against the learning rate (log x, log y), the chosen rate of each optimizer ringed.

    grid: (G,);  curves: {name: (G,)} (inf where a run diverged: left out);  rates: {name: chosen lr};
    seed and epochs (both given) go in the title.   → handles {"ax", "curve": {name}, "chosen": {name}}
    """
    grid = np.asarray(grid, dtype=float)
    handles = {"ax": ax, "curve": {}, "chosen": {}}
    for name, values in curves.items():
        values = np.asarray(values, dtype=float)
        finite = np.isfinite(values)
        color = COLORS.get(name, None)
        handles["curve"][name], = ax.plot(grid[finite], values[finite], ".-", lw=1.3, ms=5, color=color,
                                          label=label(name))
        best = int(np.argmin(np.where(finite, values, np.inf)))
        if name in rates:
            handles["chosen"][name], = ax.plot([grid[best]], [values[best]], "o", ms=10, mfc="none", mec=color,
                                               mew=1.5)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(tr("learning rate α"))
    ax.set_ylabel(tr("validation loss after training"))
    ax.legend(loc="lower left", fontsize=7, ncol=2)
    if seed is not None and epochs is not None:
        ax.set_title(tr("tuning on seed {seed}: validation loss after {epochs} epochs").format(
            seed=seed, epochs=epochs), fontsize=10)
    return handles


def plot_race_over_seeds(ax, values, y_label=None, seeds=None):
    """One column of dots per optimizer (one dot per seed) and its mean as a bar.   values: {name: (S,)}.

    y_label: default "test accuracy" (translated); seeds (the seeds' numbers) go in the title.
    → handles {"ax", "seeds": {name}, "mean": {name}}
    """
    handles = {"ax": ax, "seeds": {}, "mean": {}}
    for i, (name, v) in enumerate(values.items()):
        v = np.asarray(v, dtype=float)
        offsets = np.linspace(-0.15, 0.15, len(v))
        color = COLORS.get(name, None)
        handles["seeds"][name], = ax.plot(i + offsets, v, "o", ms=4, color=color, alpha=0.8)
        handles["mean"][name], = ax.plot([i - 0.3, i + 0.3], [v.mean()] * 2, "-", lw=2.5, color=color)
    ax.set_xticks(range(len(values)), [label(name) for name in values], fontsize=8)
    ax.set_xlim(-0.6, len(values) - 0.4)
    ax.set_ylabel(tr("test accuracy") if y_label is None else y_label)
    if seeds is not None:
        ax.set_title(tr("tuned rates on seeds {first}–{last}: test accuracy (bar: mean)").format(
            first=seeds[0], last=seeds[-1]), fontsize=10)
    return handles


def plot_steps_against_kappa(ax, study, tol):
    """Steps to reach tol against κ (log-log): ρᵗ's prediction as lines, the simulation as markers.

    study: the dict of compute.rates_study.   → handles {"ax", "predicted": {key}, "simulated": {key}}
    """
    kappa = study["kappa"]
    handles = {"ax": ax, "predicted": {}, "simulated": {}}
    for key, predicted, simulated, color in (
            ("gd", tr("GD, ρ = (κ − 1)/(κ + 1): ln tol / ln ρ"), tr("GD, simulated"), "tab:blue"),
            ("momentum", tr("momentum, ρ = (√κ − 1)/(√κ + 1): ln tol / ln ρ"), tr("momentum, simulated"),
             "tab:orange")):
        handles["predicted"][key], = ax.loglog(kappa, study[f"predicted_{key}"], color=color, lw=1.5, label=predicted)
        handles["simulated"][key], = ax.loglog(kappa, study[f"simulated_{key}"], "o", color=color, ms=5, mfc="none",
                                               label=simulated)
    ax.set_xlabel(tr("condition number κ = L/μ"))
    ax.set_ylabel(tr("steps until |w| ≤ {tol:g}·|w₀|").format(tol=tol))
    ax.legend(fontsize=8, loc="upper left")
    ax.set_title(tr("tuned GD and tuned heavy-ball momentum on ½(w₁² + κw₂²)"), fontsize=10)
    return handles


# ----------------------------------------------------------------------------------------------------
# The notebook's printed tables
# ----------------------------------------------------------------------------------------------------


def report_first_steps(steps):
    """One line per rule of compute.first_steps: its step Δw and what it keeps as state."""
    line = tr("{name:9s} Δw = {step:18s} state: {state}")
    return "\n".join(line.format(name=label(name), step=np.array2string(dw, precision=4),
                                 state=", ".join(kept) or tr("nothing"))
                     for name, (dw, kept) in steps.items())


def report_rates_study(study):
    """compute.rates_study as a table: κ, the tuned rates, and the steps predicted and run."""
    lines = [tr("    κ   ρ GD    ρ momentum   steps GD (predicted, run)   steps momentum (predicted, run)")]
    for i, kappa in enumerate(study["kappa"]):
        lines.append(f"{kappa:5.0f}  {study['rate_gd'][i]:.4f}  {study['rate_momentum'][i]:.4f}       "
                     f"{study['predicted_gd'][i]:6d} {study['simulated_gd'][i]:6d}"
                     f"                    {study['predicted_momentum'][i]:4d} {study['simulated_momentum'][i]:4d}")
    return "\n".join(lines)


def report_momentum_forms(surface, lr, momentum, difference, tol=1e-14):
    """Whether the three momentum forms' paths (compute.momentum_forms) agree: difference = max_difference."""
    return tr("{surface:10s} α = {lr:g}, γ = {momentum:g}, deck 002 with α' = α/(1 − β) = {lr_ema:g}: "
              "the three paths agree to within {tol:g}: {agree}").format(
        surface=surface_label(surface), lr=lr, momentum=momentum, lr_ema=lr / (1 - momentum), tol=tol,
        agree=difference < tol)


def report_nesterov_forms(mapped_difference, theta_difference, tol=1e-14):
    """The rewritten w against θ + γ·v (agree) and against θ itself (differ): compute.max_difference values."""
    return "\n".join([
        tr("rewritten w  vs  look-ahead θ + γ·v: agree to within {tol:g}: {agree}").format(
            tol=tol, agree=mapped_difference < tol),
        tr("rewritten w  vs  look-ahead θ itself: largest difference {difference:.2f}").format(
            difference=theta_difference)])


def report_eps_placement(rows):
    """One line per gradient size: rows [(|g|, step/α with ε outside, inside)] (compute.eps_placement)."""
    line = tr("|g| = {size:6.0e}:  step/α with ε outside {outside:.6f},  inside {inside:.6f}")
    return "\n".join(line.format(size=size, outside=outside, inside=inside) for size, outside, inside in rows)


def report_eps_difference(largest, steps):
    """The largest difference between RMSProp's paths with ε inside and outside over the first steps."""
    return tr("ε inside vs outside, first {steps} steps: largest difference {largest:.0e}").format(
        steps=steps, largest=largest)


def report_race(results, rates, seeds):
    """compute.race_over_seeds as a table: accuracy and loss, mean ± standard deviation (lowest–highest), and
    on how many seeds each optimizer beat SGD.   rates: {name: lr}; seeds: the seeds' numbers."""
    lines = [tr("test accuracy and loss over seeds {first}–{last}: mean ± standard deviation (lowest–highest)").format(
        first=seeds[0], last=seeds[-1])]
    sgd = results["sgd"]["test_accuracy"]
    for name, r in results.items():
        acc, loss = r["test_accuracy"], r["test_loss"]
        row = (tr("{name:9s} α = {lr:<6.2g} accuracy {mean:.1%} ± {std:.1%} ({low:.1%}–{high:.1%}),  "
                  "loss {loss:.3f} ± {loss_std:.3f}") if name == "sgd" else
               tr("{name:9s} α = {lr:<6.2g} accuracy {mean:.1%} ± {std:.1%} ({low:.1%}–{high:.1%}),  "
                  "loss {loss:.3f} ± {loss_std:.3f}   above SGD on {wins} of {runs} seeds"))
        lines.append(row.format(name=label(name), lr=rates[name], mean=acc.mean(), std=acc.std(ddof=1),
                                low=acc.min(), high=acc.max(), loss=loss.mean(), loss_std=loss.std(ddof=1),
                                wins=np.sum(acc > sgd), runs=len(acc)))
    return "\n".join(lines)
