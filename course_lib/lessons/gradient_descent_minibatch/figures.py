"""Drawing for the mini-batch notebook: each plot_ function draws on the Axes it is given and returns its artists
(a dict); the explorers' figures have an update_ function right below that moves those artists in place.

A batch-size run is a dict as made by compute.batch_size_runs: batch_loss (one entry per
update), train_loss (whole training set, before training and after each epoch), epoch_time, updates_per_epoch.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np

from ...i18n import N_, tr
from ..axes import fewer_ticks
from .compute import loss_curve

__all__ = [
    "batch_size_colors",
    "plot_loss_per_update",
    "update_loss_per_update",
    "plot_loss_vs_updates",
    "update_loss_vs_updates",
    "plot_epoch_times",
    "update_epoch_times",
    "plot_gradient_noise",
    "plot_lr_schedules",
    "update_lr_schedules",
    "plot_schedule_runs",
    "plot_lr_per_update",
    "plot_distance_to_optimum",
]

HIGHLIGHT = "tab:red"
NICE_STEPS = [1, 2, 5, 10]        # tick steps of the explorers' linear axes
MAX_TICKS = 5                     # tick labels are most of the time a redraw takes
LOG_DECADES = 5                   # a log-scale schedule plot shows at most this many decades below α0

# the schedules' names as the notebook and compute.schedule_curves spell them (dict keys), and as shown
SCHEDULE_NAMES = {"constant": N_("constant"), "exponential": N_("exponential"),
                  "exponential, staircase": N_("exponential, staircase"), "inverse time": N_("inverse time"),
                  "inverse time, staircase": N_("inverse time, staircase"), "invscaling": N_("invscaling"),
                  "reduce on plateau": N_("reduce on plateau")}


def schedule_label(name):
    """A schedule's name as shown (translated when it is one of SCHEDULE_NAMES, else as given)."""
    return tr(SCHEDULE_NAMES[name]) if name in SCHEDULE_NAMES else name


def _plain_log_axis(axis, ticks, labels):
    """Fixed ticks with plain-text labels and no minor ticks (faster to draw than mathtext powers)."""
    axis.set_major_locator(mpl.ticker.FixedLocator(ticks))
    axis.set_major_formatter(mpl.ticker.FixedFormatter(labels))
    axis.set_minor_locator(mpl.ticker.NullLocator())


def _seconds(value):
    """A duration in readable units: 2e-4 → '0.2 ms', 0.05 → '50 ms', 2 → '2 s'."""
    return tr("{value:g} s").format(value=value) if value >= 1 else tr("{value:g} ms").format(value=value * 1e3)


def batch_size_colors(batch_sizes):
    """One colour per batch size, from dark (B = 1) to light (the largest B), on a log scale.  → {B: rgba}."""
    logs = np.log2(np.asarray(batch_sizes, dtype=float))
    span = max(logs.max() - logs.min(), 1.0)
    cmap = mpl.colormaps["viridis"]
    return {B: cmap(0.9 * (v - logs.min()) / span) for B, v in zip(batch_sizes, logs)}


def plot_loss_per_update(ax, run, B, ylim=(0.0, 3.0)):
    """The loss of every update of one run (thin) and the whole-training-set loss after each epoch (dots).

    x is measured in epochs (update i of an epoch of u updates sits at epoch + i/u), so runs with different
    batch sizes share the axis.  Returns {"ax", "batch_loss", "train_loss": Line2D}.
    """
    u = run["updates_per_epoch"]
    batch_loss, = ax.plot(np.arange(1, len(run["batch_loss"]) + 1) / u, run["batch_loss"], lw=0.6, color="0.55",
                          label=tr("loss of each update's batch"))
    train_loss, = ax.plot(np.arange(len(run["train_loss"])), run["train_loss"], "o-", ms=4, color=HIGHLIGHT,
                          label=tr("whole training set"))
    ax.set_xlabel(tr("epoch"))
    ax.set_ylabel(tr("loss"))
    ax.set_ylim(*ylim)
    ax.set_title(tr("B = {B}: {u} updates per epoch").format(B=B, u=u), fontsize=10)
    ax.legend(loc="upper right", fontsize=8)
    return {"ax": ax, "batch_loss": batch_loss, "train_loss": train_loss}


def update_loss_per_update(handles, run, title):
    """Show another run (same number of epochs) and title the Axes with `title`."""
    u = run["updates_per_epoch"]
    handles["batch_loss"].set_data(np.arange(1, len(run["batch_loss"]) + 1) / u, run["batch_loss"])
    handles["train_loss"].set_data(np.arange(len(run["train_loss"])), run["train_loss"])
    handles["ax"].set_title(title, fontsize=9)


def explorer_run_title(B, n, u, lr, epochs):
    """The batch-size explorer's left title: the run's settings and ⌈n/B⌉ updates per epoch."""
    text = tr("SGD α = {lr:g}, {epochs} epochs, B = {B}\n⌈{n}/{B}⌉ = 1 update per epoch") if u == 1 else \
        tr("SGD α = {lr:g}, {epochs} epochs, B = {B}\n⌈{n}/{B}⌉ = {u} updates per epoch")
    return text.format(lr=lr, epochs=epochs, B=B, n=n, u=u)


def plot_loss_vs_updates(ax, runs, highlight=None, per="update", label_every=3):
    """Whole-training-set loss after each epoch for every batch size, against updates (log x) or epochs.

    runs: {B: run}; per: "update" or "epoch"; highlight: the B also drawn thick in red (and the Axes titled
    for the explorer); every label_every-th curve (and the last) gets its B written at its end.
    Returns {"ax", "per", "curves": {B: Line2D}, "highlight": Line2D or None}.
    """
    colors = batch_size_colors(list(runs))
    curves = {}
    for i, (B, run) in enumerate(runs.items()):
        x, loss = loss_curve(run, per)
        curves[B], = ax.plot(x, loss, lw=1, color=colors[B], label=f"B = {B}")
        if i % label_every == 0 or i == len(runs) - 1:
            ax.annotate(f"B={B}", (x[-1], loss[-1]), xytext=(2, -8), textcoords="offset points", fontsize=7,
                        color=colors[B])
    handles = {"ax": ax, "per": per, "curves": curves, "highlight": None}
    if highlight is not None:
        handles["highlight"], = ax.plot(*loss_curve(runs[highlight], per), "o-", ms=3, lw=2.5, color=HIGHLIGHT)
        ax.set_title(tr("each B after every epoch\n(red: the chosen B)"), fontsize=9)
    if per == "update":
        ax.set_xscale("log")
        largest = max(loss_curve(run, per)[0][-1] for run in runs.values())
        ticks = [10**k for k in range(int(np.log10(largest)) + 1)]
        _plain_log_axis(ax.xaxis, ticks, [f"{t:,}" for t in ticks])
        ax.set_xlabel(tr("updates so far (log scale)"))
    else:
        ax.set_xlabel(tr("epoch"))
    ax.set_ylabel(tr("loss on the training set"))
    return handles


def update_loss_vs_updates(handles, run):
    """Draw `run` as the highlighted (thick red) curve of a plot made with a highlight."""
    handles["highlight"].set_data(*loss_curve(run, handles["per"]))


def plot_epoch_times(ax, times, highlight=None):
    """Median wall time per epoch and per update against the batch size, log-log.

    times: compute.epoch_times(runs), {"batch_sizes", "per_epoch", "per_update"} arrays; highlight: a B whose
    two points are circled.  Returns {"ax", "times", "per_epoch", "per_update", "highlight": Line2D or None}.
    """
    B, per_epoch, per_update = times["batch_sizes"], times["per_epoch"], times["per_update"]
    per_epoch_line, = ax.plot(B, per_epoch, "o-", ms=3, color="tab:blue", label=tr("per epoch"))
    per_update_line, = ax.plot(B, per_update, "s-", ms=3, color="tab:orange", label=tr("per update"))
    handles = {"ax": ax, "times": times, "per_epoch": per_epoch_line, "per_update": per_update_line,
               "highlight": None}
    if highlight is not None:
        handles["highlight"], = ax.plot([], [], "o", ms=8, mfc="none", mec=HIGHLIGHT, mew=2)
        update_epoch_times(handles, highlight)
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    _plain_log_axis(ax.xaxis, B[::2], [str(b) for b in B[::2]])
    values = np.concatenate([per_epoch, per_update])
    values = values[values > 0]
    decades = 10.0 ** np.arange(np.floor(np.log10(values.min())), np.ceil(np.log10(values.max())) + 1)
    _plain_log_axis(ax.yaxis, decades, [_seconds(d) for d in decades])
    ax.set_xlabel(tr("batch size B"))
    ax.set_ylabel(tr("wall time (this machine)"))
    ax.legend(loc="upper right", fontsize=8)
    return handles


def update_epoch_times(handles, B):
    """Circle batch size B's two times, and say its time per epoch in the title."""
    times = handles["times"]
    k = list(times["batch_sizes"]).index(B)
    seconds = times["per_epoch"][k]
    handles["highlight"].set_data([B, B], [seconds, times["per_update"][k]])
    handles["ax"].set_title(tr("B = {B}: {ms:.1f} ms per epoch\n(this machine; varies run to run)").format(
        B=B, ms=1e3 * seconds), fontsize=9)


def plot_gradient_noise(ax, batch_sizes, measured, theory):
    """√E‖g_B − g‖² against B, log-log: measured (dots), theory with and without the finite-population factor.

    batch_sizes, measured, theory: (n,) mean squared errors (compute.gradient_noise and
    gradient_noise_theory).  B = N has zero noise and is left out of the log plot.
    Returns {"measured", "theory", "sqrt": Line2D}.
    """
    B = np.asarray(batch_sizes, dtype=float)
    measured, theory = np.asarray(measured, dtype=float), np.asarray(theory, dtype=float)
    keep = theory > 0
    handles = {}
    handles["measured"], = ax.plot(B[keep], np.sqrt(measured[keep]), "o", color="tab:blue",
                                   label=tr("measured (random batches)"))
    handles["theory"], = ax.plot(B[keep], np.sqrt(theory[keep]), "-", color="tab:blue", lw=1,
                                 label=tr("formula, with (N − B)/(N − 1)"))
    handles["sqrt"], = ax.plot(B[keep], np.sqrt(theory[0] / B[keep]), "--", color="0.4", lw=1, label="∝ 1/√B")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    sizes = B[keep].astype(int)
    _plain_log_axis(ax.xaxis, sizes, [str(b) for b in sizes])
    low, high = np.sqrt(theory[keep]).min(), np.sqrt(theory[keep]).max()
    ticks = [m * 10.0**e for e in range(int(np.floor(np.log10(low))), int(np.ceil(np.log10(high))) + 1)
             for m in (1, 2, 5) if low / 1.5 <= m * 10.0**e <= high * 1.5]
    _plain_log_axis(ax.yaxis, ticks, [f"{t:g}" for t in ticks])
    ax.set_xlabel(tr("batch size B"))
    ax.set_ylabel(tr("gradient error √E‖g_B − g‖²"))
    ax.legend(loc="lower left", fontsize=8)
    return handles


# one colour per schedule family, solid for the staircase or stepwise form and dashed for the smooth one
_SCHEDULE_STYLES = {"constant": dict(color="k", ls="-"),
                    "exponential": dict(color="tab:blue", ls="--"),
                    "exponential, staircase": dict(color="tab:blue", ls="-"),
                    "inverse time": dict(color="tab:green", ls="--"),
                    "inverse time, staircase": dict(color="tab:green", ls="-"),
                    "invscaling": dict(color="tab:purple", ls="-"),
                    "reduce on plateau": dict(color="tab:red", ls="-")}


def plot_lr_schedules(ax, t, curves, log_y=False):
    """Learning-rate schedules against the step.   t: (T,);  curves: {name: (T,)}.  Returns {name: Line2D}."""
    lines = {}
    for name, lr in curves.items():
        lines[name], = ax.plot(t, lr, lw=1.5, label=schedule_label(name), **_SCHEDULE_STYLES.get(name, {}))
    if log_y:
        ax.set_yscale("log")
    ax.set_xlabel(tr("step t (updates)"))
    ax.set_ylabel(tr("learning rate α_t"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    return lines


def update_lr_schedules(ax, lines, curves, lr0, log_y):
    """Redraw the schedules' curves {name: (T,)} (the names plot_lr_schedules drew) on a linear or log y axis.

    On the log scale the axis shows LOG_DECADES decades at most: a fast exponential decay can underflow to 0.
    """
    for name, lr in curves.items():
        lines[name].set_ydata(lr)
    scale = "log" if log_y else "linear"
    if ax.get_yscale() != scale:
        ax.set_yscale(scale)                        # (this resets the y ticks)
        if scale == "linear":
            fewer_ticks(ax, n=MAX_TICKS, which="y", steps=NICE_STEPS)
    low = max(min(float(lr.min()) for lr in curves.values()), 10.0**-LOG_DECADES * lr0)
    ax.set_ylim((0.7 * low, 1.5 * lr0) if log_y else (0.0, 1.05 * lr0))


def schedules_title(lr0, decay_steps, exp_rate, inv_rate, power_t):
    """The schedules explorer's title: every slider's value."""
    return tr("α0 = {lr0:.3g}, τ = {tau} steps: exponential r = {exp_rate:.2f}, inverse time r = {inv_rate:.2f}, "
              "invscaling power {power_t:.2f}").format(lr0=lr0, tau=decay_steps, exp_rate=exp_rate,
                                                       inv_rate=inv_rate, power_t=power_t)


def plot_schedule_runs(ax, histories, key="loss", log_y=False, ylabel=None):
    """One per-epoch curve of history[key] for each run.   histories: {name: History}; key: "loss", "lr", ...

    ylabel defaults to key.  Dashed (smooth) curves are drawn above the solid ones, so that a smooth schedule
    and its staircase stay visible where they meet.  Returns {name: Line2D}.
    """
    lines = {}
    for name, history in histories.items():
        values = history[key]
        style = _SCHEDULE_STYLES.get(name, {})
        lines[name], = ax.plot(np.arange(1, len(values) + 1), values, lw=1.5, label=schedule_label(name),
                               zorder=3 if style.get("ls") == "--" else 2, **style)
    if log_y:
        ax.set_yscale("log")
    ax.set_xlabel(tr("epoch"))
    ax.set_ylabel(key if ylabel is None else ylabel)
    return lines


def plot_lr_per_update(ax, lrs, histories, log_y=True):
    """The learning rate of every update, against epochs.   lrs: {name: schedule or number}; histories: {name: History}.

    A schedule is drawn from its formula, step by step (so a staircase shows its stairs next to the smooth
    curve); a constant number (possibly changed by a callback such as ReduceLROnPlateau) from history["lr"],
    held over each epoch.  Returns {name: Line2D}.
    """
    lines = {}
    for name, lr in lrs.items():
        history = histories[name]
        steps_per_epoch = history.params["steps_per_epoch"]
        epochs = len(history["lr"])
        style = _SCHEDULE_STYLES.get(name, {})
        if callable(lr):
            t = np.arange(epochs * steps_per_epoch)
            x, values = t / steps_per_epoch, np.asarray(lr(t), dtype=float)
        else:
            # history["lr"][e − 1] is the rate of epoch e (x from e − 1 to e); the last value is repeated
            x = np.arange(epochs + 1)
            values = np.concatenate([history["lr"], history["lr"][-1:]])
        lines[name], = ax.plot(x, values, lw=1.5, label=schedule_label(name),
                               drawstyle="steps-post" if not callable(lr) else "default",
                               zorder=3 if style.get("ls") == "--" else 2, **style)
    if log_y:
        ax.set_yscale("log")
    ax.set_xlabel(tr("epoch"))
    ax.set_ylabel(tr("learning rate"))
    return lines


def plot_schedule_comparison(axes, lrs, runs, lr0, tau, n_seeds, batch_size=32):
    """Notebook 05's three panels for runs that differ only in their schedule: training loss (log), validation
    accuracy, and the rate of every update; titled with the settings.   axes: 3 Axes; runs: {name: History}."""
    plot_schedule_runs(axes[0], runs, "loss", log_y=True, ylabel=tr("training loss"))
    plot_schedule_runs(axes[1], runs, "val_accuracy", ylabel=tr("validation accuracy"))
    plot_lr_per_update(axes[2], lrs, runs)
    axes[0].set_title(tr("training loss (mean over each epoch's batches)"), fontsize=9)
    axes[2].legend(fontsize=8)
    axes[0].figure.suptitle(tr("SGD, B = {B}, α0 = {lr0}, τ = {tau} updates; seed 1 of {n}").format(
        B=batch_size, lr0=lr0, tau=tau, n=n_seeds), fontsize=10)


def plot_distance_to_optimum(ax, curves, balls=None, xlabel=None, colors=None):
    """RMS distance to the optimum against steps (or examples seen), log-log, with each noise ball dashed.

    curves: {name: (x (T,), rms (T,))}, x > 0; balls: {name: radius} for the constant-rate runs, drawn as a
    dashed level in the curve's colour; xlabel: None for "step t"; colors: {name: colour}.
    Returns {name: Line2D} and {name + " ball": Line2D} for the balls.
    """
    colors = colors or {}
    lines = {}
    for k, (name, (x, rms)) in enumerate(curves.items()):
        lines[name], = ax.plot(x, rms, lw=1.5, label=name, color=colors.get(name, f"C{k}"))
        if balls and name in balls:
            lines[name + " ball"] = ax.axhline(balls[name], color=lines[name].get_color(), ls="--", lw=1)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(tr("step t") if xlabel is None else xlabel)
    ax.set_ylabel(tr("RMS distance to the optimum"))
    ax.legend(fontsize=8, loc="upper right")
    return lines


def plot_noisy_quadratic(axes, curves, balls, scaled, scaled_balls, lam, sigma, n_runs):
    """Notebook 05's two panels of SGD on λx²/2: rates against steps (B = 1), and runs with the same α/B
    against examples seen.   curves, scaled: {name: (x, rms)}; balls, scaled_balls: {name: radius}."""
    plot_distance_to_optimum(axes[0], curves, balls)
    plot_distance_to_optimum(axes[1], scaled, scaled_balls, xlabel=tr("examples seen (steps × B)"))
    axes[0].set_title(tr("SGD on λx²/2 with gradient noise: λ = {lam}, σ = {sigma}, B = 1, x0 = 10, {runs} runs")
                      .format(lam=lam, sigma=sigma, runs=f"{n_runs:,}"), fontsize=9)
    axes[1].set_title(tr("the same, α/B = 0.05 for every run (the linear scaling rule)"), fontsize=9)


def constant_rate_label(lr):
    """The name of a constant-rate run in notebook 05's noisy-quadratic figure: "constant α = 0.1"."""
    return tr("constant α = {lr}").format(lr=lr)


# ----------------------------------------------------------------------------------------------------
# The notebook's printed reports: each returns the text, the notebook prints it
# ----------------------------------------------------------------------------------------------------


def report_split(train_shape, validation_shape):
    """The shapes of the training and validation sets, on one line."""
    return tr("train {train}  validation {validation}").format(train=train_shape, validation=validation_shape)


def report_updates_per_epoch(updates):
    """One line per batch size.   updates: {B: updates per epoch}."""
    return "\n".join(tr("B = {B:3d}: {u:3d} updates per epoch").format(B=B, u=u) for B, u in updates.items())


def report_gradient_noise(G_shape, batch_sizes, theory, B=64):
    """The size of G and the noise √E‖g_B − g‖² at B = 1 and at B, with their ratio (√B without the factor)."""
    k = list(batch_sizes).index(B)
    return "\n".join([
        tr("G: {n} examples × {p} parameters").format(n=G_shape[0], p=G_shape[1]),
        tr("noise size at B = 1: {one:.3f},  at B = {B}: {at_B:.3f}  (ratio {ratio:.2f}; √{B} = {root:g} without "
           "the factor (N − B)/(N − 1))").format(one=np.sqrt(theory[0]), B=B, at_B=np.sqrt(theory[k]),
                                                 ratio=np.sqrt(theory[0] / theory[k]), root=np.sqrt(B))])


def report_losses_by_batch_size(before, runs, after, n_updates=6):
    """The table under the batch-size explorer.   before: (n_inits,) losses at the initial weights; runs: the
    explorer's {B: run}; after: {B: (n_inits,) losses after n_updates updates}."""
    n = len(before)
    lines = [tr("loss on the whole training set before training: {mean:.3f} ± {sd:.3f} (mean ± sd over {n} "
                "initialisations)").format(mean=before.mean(), sd=before.std(ddof=1), n=n),
             tr(" B    updates/epoch   after {k} epochs (explorer's run)   after {k} updates (mean ± sd, {n} inits)")
             .format(k=n_updates, n=n)]
    for B, run in runs.items():
        lines.append(f"{B:4d}   {run['updates_per_epoch']:9d}        {run['train_loss'][-1]:10.3f}                   "
                     f"{after[B].mean():8.3f} ± {after[B].std(ddof=1):.3f}")
    return "\n".join(lines)


def report_epoch_times(times):
    """The wall-time table: median seconds per epoch and per update.   times: compute.epoch_times(runs)."""
    lines = [tr(" B     median seconds per epoch   per update")]
    for B, seconds, per_update in zip(times["batch_sizes"], times["per_epoch"], times["per_update"]):
        lines.append(f"{B:4d}   {seconds:12.4f}            {per_update:.2e}")
    return "\n".join(lines)


def report_schedule_table(loss, accuracy, reductions, epochs=20):
    """Final training loss and validation accuracy of every schedule over seeds, and when the plateau rule
    halved the rate.   loss, accuracy: {name: (n_seeds,)}; reductions: {seed: [epochs]}."""
    lines = [tr("after {epochs} epochs, over {n} seeds:      training loss      validation accuracy").format(
                 epochs=epochs, n=len(reductions)),
             tr("schedule                      mean           mean ± sd     lowest – highest")]
    for name, a in accuracy.items():
        lines.append(f"{schedule_label(name):24s} {loss[name].mean():10.3f}      {a.mean():8.3f} ± "
                     f"{a.std(ddof=1):.3f}    {a.min():.3f} – {a.max():.3f}")
    lines.append(tr("reduce on plateau halved the lr after epochs: {reductions}").format(reductions=reductions))
    return "\n".join(lines)


def report_noise_balls(curves, balls, scaled, scaled_balls, n_runs, step=20):
    """The RMS distances of notebook 05's noisy-quadratic runs after `step` steps and at the end, beside each
    noise ball; then the runs with the same α/B after the same number of examples."""
    lines = [tr("RMS distance to the optimum over {runs} runs     after {step} steps   after {last} steps   "
                "noise ball").format(runs=f"{n_runs:,}", step=step, last=f"{len(next(iter(curves.values()))[1]):,}")]
    for name, (_, rms) in curves.items():
        ball = f"{balls[name]:.3f}" if name in balls else "—"
        lines.append(f"{name:24s}                   {rms[step - 1]:8.3f}          {rms[-1]:8.3f}        {ball:>6s}")
    examples = next(iter(scaled.values()))[0][-1]
    lines.append(tr("with α/B = 0.05, after {examples} examples:").format(examples=f"{examples:,}"))
    for name, (_, rms) in scaled.items():
        lines.append(tr("{name:20s}  RMS distance {rms:.3f}   noise ball {ball:.3f}").format(
            name=name, rms=rms[-1], ball=scaled_balls[name]))
    return "\n".join(lines)
