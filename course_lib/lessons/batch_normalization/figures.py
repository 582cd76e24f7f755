"""Drawing for the batch-normalization notebook: each plot_<thing>(ax, …) draws and returns the artists that
update_<thing>(handles, …) moves in place; report_<thing>(…) returns the text of a printed table."""

from __future__ import annotations

import numpy as np

from ...i18n import N_, tr
from ..axes import fewer_ticks
from . import compute

__all__ = ["plot_running_statistic", "update_running_statistic", "plot_train_vs_inference",
           "update_train_vs_inference", "plot_running_stats", "update_running_stats", "plot_update_losses",
           "update_update_losses", "plot_quantile_bands", "update_quantile_bands", "plot_deep_sigmoid",
           "update_deep_sigmoid", "plot_saturation_by_layer", "plot_gradcheck_errors", "plot_placement_runs",
           "plot_layer_bands", "report_normalized", "report_mean_terms", "report_gradchecks",
           "report_compact_form", "report_placement_study", "report_grid", "report_layer_bands"]

NO_BN_COLOR, BN_COLOR, AFTER_COLOR = "#c0392b", "#1f77b4", "#2ca02c"
PLACEMENT_COLORS = {"none": NO_BN_COLOR, "before": BN_COLOR, "after": AFTER_COLOR}
PLACEMENT_LABELS = {"none": N_("no batch norm"), "before": N_("BN before sigmoid"), "after": N_("BN after sigmoid")}
WITH_WITHOUT = {"none": N_("without batch norm"), "before": N_("with batch norm")}
# The legend labels of one statistic: batch value, running average, population value, and the panel's title.
STATISTIC_TEXTS = {"mean": (N_("batch mean"), N_("running mean"), N_("population mean")),
                   "variance": (N_("batch variance"), N_("running variance"), N_("population variance"))}
GRADCHECK_LABELS = {"layer_dx": N_("layer.backward: dx"), "layer_dgamma": N_("layer.backward: dgamma"),
                    "derivation_dx": N_("derivation: dx"), "deck_centred": N_("slide formula 2x/m, batch mean 0"),
                    "deck_raw": N_("slide formula 2x/m, batch mean 3")}
GRADCHECK_TOLERANCE = 1e-7          # a relative error below this: the gradient agrees with finite differences
TITLE_SIZE = 9                      # explorer panel titles: three panels side by side


def _rounded(a, decimals=3):
    """a rounded, without the sign of a rounded zero (printed as 0., not -0.)."""
    return np.round(a, decimals) + 0.0


# ---- running statistics -------------------------------------------------------------------------------


def plot_running_statistic(ax, batch_values, running_values, true_value=None, name="mean", step=None,
                           legend=True) -> dict:
    """Batch values as dots, their running average as a line, the population value dashed.   (T,) arrays.

    name: "mean" or "variance".  → {"batch", "running", "step"} (step: the vertical marker, or None).
    """
    batch_label, running_label, population_label = STATISTIC_TEXTS[name]
    t = np.arange(1, len(batch_values) + 1)
    (dots,) = ax.plot(t, batch_values, "o", ms=2, color="0.6", label=tr(batch_label))
    (line,) = ax.plot(t, running_values, color=BN_COLOR, lw=2, label=tr(running_label))
    if true_value is not None:
        ax.axhline(true_value, color="k", ls="--", lw=1, label=tr(population_label))
    marker = ax.axvline(step, color="0.3", lw=0.8, ls=":") if step is not None else None
    fewer_ticks(ax, n=3, which="x", integer=True, steps=None)     # few tick labels: text is slow to draw
    fewer_ticks(ax, n=3, which="y", steps=None)
    ax.set_xlabel(tr("training step"))
    ax.set_title(tr(running_label))
    if legend:
        ax.legend(fontsize=7, loc="lower right")
    return {"batch": dots, "running": line, "step": marker}


def update_running_statistic(handles, batch_values, running_values, step=None):
    """Move what plot_running_statistic drew to new values (and the step marker to `step`)."""
    t = np.arange(1, len(batch_values) + 1)
    handles["batch"].set_data(t, batch_values)
    handles["running"].set_data(t, running_values)
    if step is not None and handles["step"] is not None:
        handles["step"].set_xdata([step, step])


def plot_train_vs_inference(ax, y_train, y_infer, lim=4.0, legend=True) -> dict:
    """One batch's batch-norm outputs: training mode (x axis) against inference mode (y axis), and y = x.
    → {"points"}."""
    ax.plot([-lim, lim], [-lim, lim], color="0.5", lw=1, ls="--", label=tr("same output"))
    (points,) = ax.plot(np.ravel(y_train), np.ravel(y_infer), "o", ms=3, color=BN_COLOR, label=tr("one batch"))
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    fewer_ticks(ax, n=3, steps=None)
    ax.set_xlabel(tr("training output (batch statistics)"))
    ax.set_ylabel(tr("inference output (running)"))
    ax.set_title(tr("train vs inference"))
    if legend:
        ax.legend(fontsize=7, loc="upper left")
    return {"points": points}


def update_train_vs_inference(handles, y_train, y_infer):
    handles["points"].set_data(np.ravel(y_train), np.ravel(y_infer))


RUNNING_YLIM = {"mean": (-0.5, 6), "variance": (0, 12)}     # fixed: the population values are 3 and 4
OUTPUT_LIM = 5                                              # outputs of a standardized batch stay within ±5


def plot_running_stats(axes, run, step, outputs, population) -> dict:
    """The running-statistics explorer's three panels: running mean, running variance, train vs inference.

    run: compute.running_statistics; outputs: (y_train, y_infer) at `step`; population: (mean, variance).
    → {"mean", "variance", "outputs": handles of each panel, "axes"}.
    """
    ax_mean, ax_var, ax_out = axes
    handles = {"axes": axes,
               "mean": plot_running_statistic(ax_mean, run["batch_mean"], run["running_mean"], population[0],
                                              "mean", step),
               "variance": plot_running_statistic(ax_var, run["batch_var"], run["running_var"], population[1],
                                                  "variance", step, legend=False),
               "outputs": plot_train_vs_inference(ax_out, *outputs, lim=OUTPUT_LIM, legend=False)}
    ax_mean.set_ylim(*RUNNING_YLIM["mean"])
    ax_var.set_ylim(*RUNNING_YLIM["variance"])
    return handles


def update_running_stats(handles, run, step, outputs, momentum, batch_size):
    """Move the three panels to a new run and step, and state the settings in the titles."""
    update_running_statistic(handles["mean"], run["batch_mean"], run["running_mean"], step)
    update_running_statistic(handles["variance"], run["batch_var"], run["running_var"], step)
    update_train_vs_inference(handles["outputs"], *outputs)
    ax_mean, ax_var, ax_out = handles["axes"]
    ax_mean.set_title(tr("running mean, momentum {momentum:.3g} (EMA window ≈ {window:.0f} steps)").format(
        momentum=momentum, window=compute.ema_window(momentum)), fontsize=TITLE_SIZE)
    ax_var.set_title(tr("running variance, batches of {batch_size} (biased)").format(batch_size=batch_size),
                     fontsize=TITLE_SIZE)
    ax_out.set_title(tr("train vs inference at step {step}, batch size {batch_size}").format(
        step=step, batch_size=batch_size), fontsize=TITLE_SIZE)


# ---- the deep sigmoid network -------------------------------------------------------------------------


def plot_update_losses(ax, curves, colors=None, ylim=(0.0, 3.0)) -> dict:
    """curves: {label: per-update loss (steps,)}; NaN (after a divergence) is simply not drawn.
    Labels are shown as given (translate them before).   → {"lines": {label: Line2D}}."""
    colors = colors or {}
    lines = {}
    for label, values in curves.items():
        values = np.asarray(values, dtype=float)
        (lines[label],) = ax.plot(np.arange(1, len(values) + 1), values, lw=1.2, label=label,
                                  color=colors.get(label))
    ax.axhline(np.log(10), color="0.5", lw=0.8, ls=":", label=tr("chance (ln 10)"))
    ax.set_ylim(*ylim)
    fewer_ticks(ax, n=4, which="y", steps=None)
    fewer_ticks(ax, n=4, which="x", integer=True, steps=None)
    ax.set_xlabel(tr("update"))
    ax.set_ylabel(tr("training loss"))
    ax.legend(fontsize=7, loc="upper right")
    return {"lines": lines}


def update_update_losses(handles, curves):
    """New per-update losses for the lines plot_update_losses drew ({label: (steps,)}, the same labels)."""
    for label, values in curves.items():
        handles["lines"][label].set_ydata(values)


def plot_quantile_bands(ax, quantiles, color=BN_COLOR, label="", ylim=(-8, 8), legend=True) -> dict:
    """Distribution of one unit's input over training.   quantiles: (epochs + 1, 5) = 5/25/50/75/95 % per epoch.
    label: the title, shown as given.   → {"outer", "inner", "median"}."""
    q = np.asarray(quantiles, dtype=float)
    epochs = np.arange(len(q))
    outer = ax.fill_between(epochs, q[:, 0], q[:, 4], color=color, alpha=0.2, lw=0, label="5–95 %")
    inner = ax.fill_between(epochs, q[:, 1], q[:, 3], color=color, alpha=0.45, lw=0, label="25–75 %")
    (median,) = ax.plot(epochs, q[:, 2], color=color, lw=1.5, label=tr("median"))
    ax.set_ylim(*ylim)
    fewer_ticks(ax, n=4, which="y", steps=None)
    fewer_ticks(ax, n=4, which="x", integer=True, steps=None)
    ax.set_xlabel(tr("epoch"))
    ax.set_ylabel(tr("sigmoid input z"))
    ax.set_title(label)
    if legend:
        ax.legend(fontsize=7, loc="upper left")
    return {"outer": outer, "inner": inner, "median": median}


def update_quantile_bands(handles, quantiles):
    """New quantiles (epochs + 1, 5) for the bands plot_quantile_bands drew (the same number of epochs)."""
    q = np.asarray(quantiles, dtype=float)
    epochs = np.arange(len(q))
    handles["outer"].set_data(epochs, q[:, 0], q[:, 4])
    handles["inner"].set_data(epochs, q[:, 1], q[:, 3])
    handles["median"].set_data(epochs, q[:, 2])


def plot_deep_sigmoid(axes, runs, layer) -> dict:
    """The deep-sigmoid explorer's panels: per-update losses, then the bands of unit 1 of `layer` for each run.

    runs: {"none": run, "before": run} (compute.train_sigmoid_net).   → {"losses", "bands": [handles], "axes"}.
    """
    ax_loss, *band_axes = axes
    colors = {tr(WITH_WITHOUT[p]): PLACEMENT_COLORS[p] for p in runs}
    handles = {"axes": axes, "losses": plot_update_losses(
        ax_loss, {tr(WITH_WITHOUT[p]): run["batch_loss"] for p, run in runs.items()}, colors)}
    handles["bands"] = [plot_quantile_bands(ax, run["quantiles"][:, layer - 1], PLACEMENT_COLORS[p], legend=k == 1)
                        for k, (ax, (p, run)) in enumerate(zip(band_axes, runs.items()))]
    band_axes[1].set_ylabel("")                       # same y axis as the middle panel
    band_axes[1].tick_params(labelleft=False)
    return handles


def update_deep_sigmoid(handles, runs, layer, lr, weight_std):
    """Move the panels to new runs and layer; the titles state the settings."""
    ax_loss, *band_axes = handles["axes"]
    for line, run in zip(handles["losses"]["lines"].values(), runs.values()):
        line.set_ydata(run["batch_loss"])
    for bands, run in zip(handles["bands"], runs.values()):
        update_quantile_bands(bands, run["quantiles"][:, layer - 1])
    ax_loss.set_title(tr("SGD, lr = {lr:.2g}, weights ~ N(0, {std:g}²)").format(lr=lr, std=weight_std),
                      fontsize=TITLE_SIZE)
    for ax, placement in zip(band_axes, runs):
        ax.set_title(tr("{setting}: unit 1 of layer {layer}").format(setting=tr(WITH_WITHOUT[placement]),
                                                                     layer=layer), fontsize=TITLE_SIZE)


def diverged_note():
    """The message written on a panel whose training run diverged."""
    return tr("training diverged:\nonly finite values drawn")


def plot_saturation_by_layer(ax, fractions, colors=None) -> dict:
    """fractions: {label: saturated fraction per hidden layer (depth,)} drawn against the layer number.
    Labels are shown as given.   → {"lines": {label: Line2D}}."""
    colors = colors or {}
    lines = {}
    for label, values in fractions.items():
        (lines[label],) = ax.plot(np.arange(1, len(values) + 1), values, "o-", label=label, color=colors.get(label))
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel(tr("hidden layer"))
    ax.set_ylabel(tr("fraction saturated"))
    ax.legend(fontsize=7)
    return {"lines": lines}


def plot_placement_runs(axes, runs, weight_stds=(0.1, 1.0), lr=1.0) -> dict:
    """Notebook 10's comparison of the three placements (seed 0): the per-update losses at each weight std,
    then the saturated fraction per layer at the start for the largest.   runs: {(placement, lr, std): run}."""
    labels = {p: tr(PLACEMENT_LABELS[p]) for p in compute.PLACEMENTS}
    colors = {labels[p]: PLACEMENT_COLORS[p] for p in compute.PLACEMENTS}
    handles = {}
    for ax, s in zip(axes, weight_stds):
        handles[s] = plot_update_losses(ax, {labels[p]: runs[(p, lr, s)]["batch_loss"] for p in compute.PLACEMENTS},
                                        colors)
        ax.set_title(tr("training loss, lr = {lr:g}, weights ~ N(0, {std:g}²), seed 0").format(lr=lr, std=s))
    s = weight_stds[-1]
    handles["saturation"] = plot_saturation_by_layer(
        axes[-1], {labels[p]: runs[(p, lr, s)]["saturated"][0] for p in compute.PLACEMENTS}, colors)
    axes[-1].set_title(tr("saturated sigmoid inputs at the start, s = {std:g}, seed 0").format(std=s))
    return handles


def plot_layer_bands(axes, grid, layer=6, lr=1.0, weight_std=1.0) -> dict:
    """Unit 1 of hidden `layer` over training, without and with batch norm (before the sigmoid), side by side."""
    return {p: plot_quantile_bands(ax, grid[(p, lr, weight_std)]["quantiles"][:, layer - 1], PLACEMENT_COLORS[p],
                                   tr("{setting}: layer {layer}, unit 1").format(setting=tr(WITH_WITHOUT[p]),
                                                                                 layer=layer))
            for ax, p in zip(axes, WITH_WITHOUT)}


# ---- the backward pass, checked -----------------------------------------------------------------------


def plot_gradcheck_errors(ax, errors) -> dict:
    """errors: {key of GRADCHECK_LABELS (or a label): relative error against finite differences}, as
    horizontal bars on a log scale.   → {"bars"}."""
    labels = [tr(GRADCHECK_LABELS.get(k, k)) for k in errors]
    values = [max(v, 1e-16) for v in errors.values()]
    bars = ax.barh(np.arange(len(labels)), values,
                   color=[BN_COLOR if v < 1e-5 else NO_BN_COLOR for v in values])
    ax.set_yticks(np.arange(len(labels)), labels)
    ax.set_xscale("log")
    ax.set_xlim(1e-13, 10)
    ax.axvline(GRADCHECK_TOLERANCE, color="0.4", ls="--", lw=1)
    ax.set_xlabel(tr("relative error vs finite differences"))
    ax.invert_yaxis()
    return {"bars": bars}


def report_normalized(x, x_hat, y) -> str:
    """Per-unit mean and std of a batch before, after normalisation and after γ, β.   (m, d) each."""
    rows = [(tr("input  mean {mean}  std {std}"), x), (tr("x_hat  mean {mean}  std {std}"), x_hat),
            (tr("output mean {mean}  std {std}  (= beta and gamma)"), y)]
    return "\n".join(text.format(mean=_rounded(a.mean(axis=0)), std=_rounded(a.std(axis=0))) for text, a in rows)


def report_mean_terms(terms, dx_layer) -> str:
    """The two terms of ∂L/∂μ (compute.backward_terms), and whether the derivation's dx is layer.backward's."""
    agree = bool(np.allclose(terms["dx"], dx_layer, rtol=1e-12, atol=1e-14))
    return "\n".join([tr("dL/dmu, direct term       {values}").format(values=_rounded(terms["dmu_direct"])),
                      tr("dL/dmu, term through var  {values} (zero up to round-off)").format(
                          values=_rounded(terms["dmu_through_var"])),
                      tr("derivation and layer.backward agree: {agree}").format(agree=agree)])


def report_gradchecks(layer_errors, comparison) -> str:
    """check_layer's verdict, then one line per gradient of compute.gradcheck_comparison."""
    lines = [tr("check_layer, all relative errors below 1e-7: {ok}").format(
        ok=max(layer_errors.values()) < GRADCHECK_TOLERANCE)]
    for key, err in comparison.items():
        verdict = tr("agrees (below 1e-7)") if err < GRADCHECK_TOLERANCE else \
            tr("WRONG: relative error {error:.2f}").format(error=err)
        lines.append(f"{tr(GRADCHECK_LABELS[key]):34s} {verdict}")
    return "\n".join(lines)


def report_compact_form(compact, terms) -> str:
    """Whether the compact dx equals the derivation's, and the batch sum of dx (zero)."""
    return "\n".join([tr("compact form = derivation: {agree}").format(
        agree=bool(np.allclose(compact, terms["dx"], rtol=1e-12, atol=1e-14))),
        tr("sum over the batch of dL/dx: {sums}").format(sums=_rounded(terms["dx"].sum(axis=0)))])


def report_placement_study(seeds, weight_stds=(0.1, 1.0)) -> str:
    """compute.placement_study's table: last-updates loss per seed and saturated fraction at the start.

    The chaotic setting (BN after the sigmoid, s = 1: see the notebook) is shown only as a range every run meets.
    """
    lines = [tr("lr = 1, seeds 0-4         mean loss of the last 8 updates     saturated sigmoid inputs at the "
                "start")]
    for s in weight_stds:
        for p in compute.PLACEMENTS:
            loss, saturated = seeds[(p, s)]["loss"], seeds[(p, s)]["saturated_start"]
            if (p, s) == ("after", 1.0):
                loss_text = tr("between 1 and 2.3 in {count} of {total} seeds").format(
                    count=np.sum((loss > 1) & (loss < 2.3)), total=len(loss))
            else:
                loss_text = " ".join(f"{v:.2f}" for v in loss)
            lines.append(tr("s = {std:<4g} {placement:18s} {losses:35s} {low:.2f} to {high:.2f}").format(
                std=s, placement=tr(PLACEMENT_LABELS[p]), losses=loss_text, low=saturated.min(),
                high=saturated.max()))
    return "\n".join(lines)


GRID_NAMES = {"none": N_("no BN"), "before": N_("BN")}


def report_grid(grid) -> str:
    """compute.default_grid's table: the last-updates loss for every lr and weight std, then the 5/50/95 %
    quantiles of z in layer 4 before training (lr = 1)."""
    lines = [tr("mean training loss of the last 8 updates (chance: 2.303)"),
             tr("weight std  lr:") + "".join(f"{lr:>9.2g}" for lr in compute.LRS)]
    for placement, name in GRID_NAMES.items():
        for s in compute.WEIGHT_STDS:
            row = "".join(f"{compute.last_updates_loss(grid[(placement, lr, s)]):9.2f}" for lr in compute.LRS)
            lines.append(f"{tr(name):6s} {s:<7g}     {row}")
    lines += ["", tr("before training: 5% / 50% / 95% quantiles of z, layer 4, unit 1")]
    for placement, name in GRID_NAMES.items():
        for s in compute.WEIGHT_STDS:
            q = grid[(placement, 1.0, s)]["quantiles"][0, 3]        # epoch 0, layer 4 (index 3)
            lines.append(f"{tr(name):6s} s = {s:<5g} {_rounded(q[[0, 2, 4]])}")
    return "\n".join(lines)


def report_layer_bands(grid, layer=6, lr=1.0, weight_std=1.0) -> str:
    """The median and the 5–95 % width of z by epoch, unit 1 of `layer`, without and with batch norm."""
    lines = []
    for placement, setting in WITH_WITHOUT.items():
        q = grid[(placement, lr, weight_std)]["quantiles"][:, layer - 1]
        lines.append(tr("{setting:19s} median of z by epoch:      {values}").format(
            setting=tr(setting), values=_rounded(q[:, 2], 2)))
        lines.append(tr("{blank:19s} 5–95% width of z by epoch: {values}").format(
            blank="", values=_rounded(q[:, 4] - q[:, 0], 2)))
    return "\n".join(lines)
