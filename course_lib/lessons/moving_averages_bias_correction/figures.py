"""Drawing for the averages notebook: each plot_<thing>(ax, …) draws and returns the handles (a dict of the
artists, and "ax") that update_<thing>(handles, …), right below it, moves in place.  report_… functions
format the notebook's printed tables and sentences.  Every text a reader sees goes through tr().
"""

from __future__ import annotations

import numpy as np

from ...i18n import N_, tr

__all__ = [
    "plot_moving_averages", "update_moving_averages",
    "plot_past_weights", "update_past_weights",
    "plot_ema_bias_correction", "update_ema_bias_correction",
    "plot_ema_weight_sum", "update_ema_weight_sum",
    "plot_ema_momentum_paths", "update_ema_momentum_paths",
    "plot_gradient_smoothing", "update_gradient_smoothing",
    "plot_ema_expectation",
    "report_series", "report_effective_windows", "report_smoothing_noise", "report_weight_share",
    "report_bias_correction_steps", "report_typo", "report_ema_expectation", "report_momentum_as_ema",
]

COLORS = {"sma": "tab:blue", "wma": "tab:green", "ema": "tab:red", "ema_corrected": "tab:purple",
          "theta": "0.55", "gd": "0.45", "momentum": "tab:red"}
DIVERGED_COLOR = "#b00020"      # a title that reports a diverging run

# The legend label of each average: alone (the explorer) and with its setting (the notebook's figures)
AVERAGE_LABELS = {"sma": N_("SMA"), "wma": N_("WMA"), "ema": N_("EMA"), "ema_corrected": N_("EMA (corrected)")}
AVERAGE_SETTING_LABELS = {"sma": N_("SMA (n = {window})"), "wma": N_("WMA (n = {window})"),
                          "ema": N_("EMA (β = {beta:g})"), "ema_corrected": N_("EMA (β = {beta:g}, corrected)")}
WEIGHT_LABELS = {"ema": N_("EMA (1 − β)·βᵏ"), "sma": N_("SMA 1/n"), "wma": N_("WMA (linear)")}
WEIGHT_SETTING_LABELS = {"ema": N_("EMA (1 − β)·βᵏ, β = {beta:g}"), "sma": N_("SMA, n = {window}"),
                         "wma": N_("WMA, n = {window}")}
COORDINATES = {0: N_("w₁ (shallow)"), 1: N_("w₂ (steep)")}     # the momentum explorer's coordinate choice


def plot_moving_averages(ax, t, theta, averages, window=None, beta=None):
    """The series θ_t as dots and each average as a line.   t, theta: (T,);  averages: {kind: (T,)}.

    kind: "sma", "wma", "ema" or "ema_corrected" (its colour and legend label); with window (SMA, WMA) and
    beta (EMA) given, the labels state them.   → handles {"ax", "theta", kind: Line2D}
    """
    handles = {"ax": ax}
    handles["theta"], = ax.plot(t, theta, ".", ms=3, color=COLORS["theta"], label=tr("θ (data)"))
    for kind, values in averages.items():
        setting = window if kind in ("sma", "wma") else beta
        label = (tr(AVERAGE_LABELS[kind]) if setting is None
                 else tr(AVERAGE_SETTING_LABELS[kind]).format(window=window, beta=beta))
        handles[kind], = ax.plot(t, values, lw=1.6, color=COLORS[kind], label=label)
    ax.set_xlabel(tr("t (day)"))
    ax.set_ylabel(tr("value"))
    ax.legend(loc="lower center", fontsize=8, ncol=2)
    return handles


def update_moving_averages(handles, view, window, beta, bias_correction):
    """New averages (compute.averages_view) and a title stating the settings and the EMA's weight share."""
    for kind in ("sma", "wma", "ema"):
        handles[kind].set_ydata(view[kind])
    title = (tr("window = {window} days, β = {beta:.2f} (EMA bias-corrected)\n"
                "the last {n:.0f} days carry {share:.0%} of the EMA weight") if bias_correction
             else tr("window = {window} days, β = {beta:.2f}\n"
                     "the last {n:.0f} days carry {share:.0%} of the EMA weight"))
    handles["ax"].set_title(title.format(window=window, beta=beta, n=view["effective_window"], share=view["share"]),
                            fontsize=9)


def plot_past_weights(ax, weights, effective_window=None, legend=True, window=None, beta=None):
    """The weight each average gives the value k steps in the past, k = 0, 1, ...   weights: {kind: (n,)}.

    The EMA ("ema") is a stem plot, "sma" and "wma" step lines; effective_window adds a dashed vertical
    line at k = 1/(1 − β); window and beta put the settings in the legend; legend=False leaves it out.
    → handles {"ax", kind: Line2D, "ema_stems": LineCollection, "window": Line2D}
    """
    handles = {"ax": ax}
    for kind, w in weights.items():
        k = np.arange(len(w))
        setting = beta if kind == "ema" else window
        label = (tr(WEIGHT_LABELS[kind]) if setting is None
                 else tr(WEIGHT_SETTING_LABELS[kind]).format(window=window, beta=beta))
        if kind == "ema":
            handles["ema_stems"] = ax.vlines(k, 0, w, color=COLORS["ema"], lw=1.2)
            handles["ema"], = ax.plot(k, w, "o", ms=2.5, color=COLORS["ema"], label=label)
            handles["ema_stems"].set_label("_nolegend_")
        else:
            handles[kind], = ax.step(k, w, where="mid", color=COLORS[kind], lw=1.4, label=label)
    if effective_window is not None:
        handles["window"] = ax.axvline(effective_window, color="k", ls="--", lw=1, label="1/(1 − β)")
    ax.set_xlabel(tr("k (steps in the past)"))
    ax.set_ylabel(tr("weight of θ_(t−k)"))
    ax.set_ylim(bottom=0)
    if legend:
        ax.legend(loc="upper right", fontsize=8)
    return handles


def update_past_weights(handles, weights, effective_window, window):
    """New weights ({"ema", "sma", "wma": (n,)}), the dashed line at 1/(1 − β), y-limits and title."""
    w_ema = weights["ema"]
    handles["ema"].set_ydata(w_ema)
    handles["ema_stems"].set_segments([[(i, 0.0), (i, w)] for i, w in enumerate(w_ema)])
    handles["sma"].set_ydata(weights["sma"])
    handles["wma"].set_ydata(weights["wma"])
    handles["window"].set_xdata([effective_window, effective_window])
    top = max(w_ema[0], weights["wma"][0], 1 / window)       # the tallest first weight, with 5 % headroom
    handles["ax"].set_ylim(0, 1.05 * top)
    handles["ax"].set_title(tr("weight of the value k days back\ndashed: 1/(1 − β) = {n:.1f}").format(
        n=effective_window), fontsize=9)


def plot_ema_bias_correction(ax, t, theta, v, v_hat, t_mark=None):
    """The first steps: data θ_t, raw EMA v_t (pulled to 0 by v0 = 0) and corrected v̂_t.   All (T,).

    t_mark (an integer step) adds a vertical line at that step.   → handles {"ax", "theta", "ema",
    "ema_corrected", "t_mark"}
    """
    handles = {"ax": ax}
    handles["theta"], = ax.plot(t, theta, ".", ms=4, color=COLORS["theta"], label=tr("θ_t (data)"))
    handles["ema"], = ax.plot(t, v, lw=1.8, color=COLORS["ema"], label=tr("v_t (raw EMA)"))
    handles["ema_corrected"], = ax.plot(t, v_hat, lw=1.8, color=COLORS["ema_corrected"],
                                        label="v̂_t = v_t/(1 − βᵗ)")
    if t_mark is not None:
        handles["t_mark"] = ax.axvline(t_mark, color="k", lw=0.8, ls=":")
    ax.set_xlabel(tr("t (step)"))
    ax.set_ylabel(tr("value"))
    ax.legend(loc="lower right", fontsize=8)
    return handles


def update_ema_bias_correction(handles, v, total, v_hat, t):
    """New raw and corrected EMA (T,), the mark at step t, and a title with the division at step t."""
    handles["ema"].set_ydata(v)
    handles["ema_corrected"].set_ydata(v_hat)
    handles["t_mark"].set_xdata([t, t])
    handles["ax"].set_title(f"t = {t}:  v_t = {v[t - 1]:.2f},  v̂_t = {v[t - 1]:.2f}/{total[t - 1]:.3f} = "
                            f"{v_hat[t - 1]:.2f}", fontsize=10)


def plot_ema_weight_sum(ax, t, total, t_mark=None):
    """1 − βᵗ, the sum of the weights a raw EMA has given its data after t steps.   t, total: (T,).

    → handles {"ax", "total", "mark"} ("mark": a dot at step t_mark, when given)
    """
    handles = {"ax": ax}
    handles["total"], = ax.plot(t, total, lw=1.8, color="tab:orange", label=tr("1 − βᵗ (sum of the weights)"))
    ax.axhline(1.0, color="k", lw=0.6, ls="--")
    if t_mark is not None:
        k = int(np.searchsorted(t, t_mark))
        handles["mark"], = ax.plot([t[k]], [total[k]], "o", color="tab:orange")
    ax.set_xlabel(tr("t (step)"))
    ax.set_ylim(0, 1.05)
    ax.legend(loc="lower right", fontsize=8)
    return handles


def update_ema_weight_sum(handles, total, t, beta):
    """A new curve 1 − βᵗ (T,), the dot at step t and the title with its value."""
    handles["total"].set_ydata(total)
    handles["mark"].set_data([t], [total[t - 1]])
    handles["ax"].set_title(f"β = {beta:.2f}:  1 − βᵗ = {total[t - 1]:.3f}", fontsize=10)


def plot_ema_momentum_paths(ax, surface, gd_path, path, levels=12):
    """Contours of a 2-D surface, plain gradient descent's path (grey) and momentum's (red).   paths: (n, 2).

    → handles {"ax", "gd", "momentum"}
    """
    (x_min, x_max), (y_min, y_max) = surface.bounds
    X, Y = np.meshgrid(np.linspace(x_min, x_max, 80), np.linspace(y_min, y_max, 60))
    ax.contour(X, Y, surface.f(X, Y), levels=levels, colors="0.8", linewidths=0.7)
    handles = {"ax": ax}
    handles["gd"], = ax.plot(gd_path[:, 0], gd_path[:, 1], ".-", ms=3, lw=1, color=COLORS["gd"],
                             label=tr("plain GD (β = 0)"))
    handles["momentum"], = ax.plot(path[:, 0], path[:, 1], ".-", ms=3, lw=1, color=COLORS["momentum"],
                                   label=tr("V = EMA of g"))
    for x, y in surface.minima:
        ax.plot([x], [y], "k*", ms=8)
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(y_min, y_max)
    ax.set_xlabel("w₁")
    ax.set_ylabel("w₂")
    ax.legend(loc="upper right", fontsize=8)
    return handles


def _run_state(name, end):
    """'plain GD 1.7e-05' or 'momentum diverged': how one run ended (end: compute.run_end's pair)."""
    state, distance = end
    if state == "diverged":
        text = tr("plain GD diverged") if name == "gd" else tr("momentum diverged")
    elif state == "outside":
        text = tr("plain GD off the plot (diverging)") if name == "gd" else tr("momentum off the plot (diverging)")
    else:
        text = (tr("plain GD {distance:.1e}") if name == "gd" else tr("momentum {distance:.1e}"))
    return text.format(distance=distance)


def _run_note(name, end):
    """The warning for a run that diverged or left the plot ('' for a run that ended inside)."""
    notes = {("gd", "diverged"): N_("plain GD diverged (drawn up to its last finite step)"),
             ("momentum", "diverged"): N_("momentum diverged (drawn up to its last finite step)"),
             ("gd", "outside"): N_("plain GD ends outside the plot: it is diverging"),
             ("momentum", "outside"): N_("momentum ends outside the plot: it is diverging")}
    note = notes.get((name, end[0]))
    return tr(note) if note else ""


def update_ema_momentum_paths(handles, runs, beta, lr, steps):
    """New paths (compute.momentum_smoothing_runs) and a title saying how each run ended (red if one diverges).

    The second title line replaces a box over the paths.   → the warnings, one per run that did not end inside.
    """
    handles["gd"].set_data(runs["gd_path"][:, 0], runs["gd_path"][:, 1])
    handles["momentum"].set_data(runs["path"][:, 0], runs["path"][:, 1])
    ends = runs["ends"]
    notes = [note for note in (_run_note(name, ends[name]) for name in ("gd", "momentum")) if note]
    states = tr("distance to the minimum: {gd}, {momentum}").format(
        gd=_run_state("gd", ends["gd"]), momentum=_run_state("momentum", ends["momentum"]))
    handles["ax"].set_title(tr("β = {beta:.2f}, α = {lr:.3g}, {steps} steps on f = ½(w₁² + 10 w₂²)").format(
        beta=beta, lr=lr, steps=steps) + "\n" + states, fontsize=8, color=DIVERGED_COLOR if notes else "black")
    return notes


def plot_gradient_smoothing(ax, g, V, component=1, name=None):
    """Raw gradients g_k against their EMA V_k, one coordinate, over the steps.   g, V: (steps, d).

    name: the coordinate's name in the legend (default "w₁", "w₂", ...; "" leaves it out).
    → handles {"ax", "zero", "raw", "smooth"}
    """
    k = np.arange(len(g))
    if name is None:
        name = "w" + "".join("₀₁₂₃₄₅₆₇₈₉"[int(c)] for c in str(component + 1))
    raw, smooth = ((tr("raw g ({name})"), tr("V = EMA of g ({name})")) if name
                   else (tr("raw g"), tr("V = EMA of g")))
    handles = {"ax": ax, "zero": ax.axhline(0.0, color="k", lw=0.6)}
    handles["raw"], = ax.plot(k, g[:, component], ".-", ms=3, lw=0.8, color=COLORS["theta"],
                              label=raw.format(name=name))
    handles["smooth"], = ax.plot(k, V[:, component], lw=2, color=COLORS["momentum"], label=smooth.format(name=name))
    ax.set_xlabel(tr("step k"))
    ax.set_ylabel(tr("gradient"))
    ax.legend(loc="upper right", fontsize=8)
    return handles


def update_gradient_smoothing(handles, g, V, component):
    """New gradients and EMA (steps, d) for one coordinate (0: w₁ shallow, 1: w₂ steep), rescaled, titled."""
    k = np.arange(len(g))
    handles["raw"].set_data(k, g[:, component])
    handles["smooth"].set_data(k, V[:, component])
    ax = handles["ax"]
    ax.relim()
    ax.autoscale_view()
    ax.set_title(tr("{coordinate}: raw gradient vs its EMA").format(coordinate=tr(COORDINATES[component])),
                 fontsize=10)


def plot_ema_expectation(ax, t, v_mean, v_hat_mean, expected, mean, n_runs=None, noise=None, beta=None):
    """The run average of v_t (dots) against (1 − βᵗ)·mean (line), and of v̂_t against the mean.   All (T,).

    With noise, beta and n_runs given, the title states the series: θ_t = mean + noise·ε_t.
    → handles {"ax", "expected", "v", "mean", "v_hat"}
    """
    handles = {"ax": ax}
    handles["expected"], = ax.plot(t, expected, "-", color="tab:blue", lw=1.5, label=tr("(1 − βᵗ)·mean"))
    label = (tr("average of v_t over {n_runs:,} runs").format(n_runs=n_runs) if n_runs
             else tr("average of v_t"))
    handles["v"], = ax.plot(t, v_mean, "o", color="tab:blue", ms=4, label=label)
    handles["mean"] = ax.axhline(mean, color="tab:orange", lw=1.5, label=tr("mean"))
    handles["v_hat"], = ax.plot(t, v_hat_mean, "s", color="tab:orange", ms=4, mfc="none",
                                label=tr("average of v̂_t = v_t/(1 − βᵗ)"))
    ax.set_xlabel(tr("step t"))
    ax.set_ylabel(tr("value"))
    ax.set_ylim(0, 1.15 * mean)      # room above the mean for the dots' noise
    ax.legend(fontsize=8, loc="lower right")
    if noise is not None and beta is not None and n_runs:
        ax.set_title(tr("EMA of θ_t = {mean:g} + {noise:g}ε_t, β = {beta:g}, averaged over {n_runs:,} series").format(
            mean=mean, noise=noise, beta=beta, n_runs=n_runs), fontsize=9)
    return handles


# ----------------------------------------------------------------------------------------------------
# The notebook's printed lines
# ----------------------------------------------------------------------------------------------------


def report_series(theta):
    """'365 days, from 4.0 °C to 33.8 °C; first week: [...]' for a series of daily temperatures (T,)."""
    return tr("{n} days, from {low:.1f} °C to {high:.1f} °C; first week: {week}").format(
        n=len(theta), low=theta.min(), high=theta.max(), week=np.round(theta[:7], 1))


def report_effective_windows(rows):
    """One line per β of compute.effective_windows: the window, the slide's typo, the weight share."""
    line = tr("β = {beta:<4}  1/(1 − β) = {n:5.1f}   (the typo 1/(1 + β) = {typo:.2f});  "
              "the last {k} values carry {share:.1%} of the weight")
    return "\n".join(line.format(beta=beta, n=n, typo=typo, k=round(n), share=share) for beta, n, typo, share in rows)


def report_smoothing_noise(rows):
    """One line per average of compute.smoothing_noise: the std of its output and the theory's."""
    names = {"sma": tr("SMA, n = {setting}"), "ema": tr("EMA, β = {setting}")}
    line = tr("{name:14s} std of the output {measured:.3f}   (theory {theory:.3f})")
    return "\n".join(line.format(name=names[kind].format(setting=setting), measured=measured, theory=theory)
                     for kind, setting, measured, theory in rows)


def report_weight_share(beta, k, share):
    """'β = 0.9: the last 10 values carry 65% of the weight, the older ones 35%'."""
    return tr("β = {beta:g}: the last {k} values carry {share:.0%} of the weight, the older ones {rest:.0%}").format(
        beta=beta, k=k, share=share, rest=1 - share)


def report_bias_correction_steps(steps, v, total, v_hat):
    """One line per step of compute.bias_correction_steps: v_t, 1 − βᵗ and v̂_t.   All (T,)."""
    return "\n".join(f"t = {t}:  v_t = {v_t:.4f}   1 − β^t = {s_t:.4f}   v̂_t = v_t/(1 − β^t) = {v_hat_t:.4f}"
                     for t, v_t, s_t, v_hat_t in zip(steps, v, total, v_hat))


def report_typo(typo, v2):
    """The value the slide's typo (0.00196·16 + 0.02·24) gives, next to the true v_2."""
    return tr("the typo's value: 0.00196·16 + 0.02·24 = {typo:.5f}  (v_2 is {v2:.4f})").format(typo=typo, v2=v2)


def report_ema_expectation(t, v_mean, v_hat_mean, expected, mean, rows=(0, 1, 4, 9, 19, 29)):
    """A table of compute.ema_expectation at the given rows, the largest gap of the raw average from
    (1 − βᵗ)·mean, and the range of the corrected average."""
    lines = [tr("  t   average of v_t   (1 − β^t)·{mean:g}   average of v̂_t").format(mean=mean)]
    lines += [f"{t[k]:3d}   {v_mean[k]:10.3f}       {expected[k]:8.3f}     {v_hat_mean[k]:9.3f}" for k in rows]
    lines.append(tr("largest gap between the average of v_t and (1 − β^t)·{mean:g} over the {steps} steps: "
                    "{gap:.3f}").format(mean=mean, steps=len(t), gap=np.abs(v_mean - expected).max()))
    lines.append(tr("average of v̂_t over the {steps} steps: between {low:.3f} and {high:.3f}").format(
        steps=len(t), low=v_hat_mean.min(), high=v_hat_mean.max()))
    return "\n".join(lines)


def report_momentum_as_ema(same, gd_distance, distance, gd_gradients, smoothed, beta, steps):
    """Momentum's velocity is the EMA of its gradients (same: bool); how far each run ended from the minimum;
    plain GD's first gradients across the valley and their EMA (two short arrays)."""
    return "\n".join([
        tr("V equals ema(g, β): {same}").format(same=same),
        tr("distance to the minimum after {steps} steps: plain GD {gd:.2e}, with momentum {momentum:.2e}").format(
            steps=steps, gd=gd_distance, momentum=distance),
        tr("plain GD's first gradients across the valley (w₂): {g}").format(g=gd_gradients),
        tr("their EMA with β = {beta:g}:                          {v}").format(beta=beta, v=smoothed),
    ])
