"""Drawing for the dropout notebook: each plot_<thing>(ax, …) draws and returns the artists that change (a dict),
and update_<thing>(handles, …) next to it moves them in place for an explorer.  report_<thing> functions format
the notebook's printed tables.
"""

from __future__ import annotations

import numpy as np

from ...i18n import N_, tr
from ..axes import fewer_ticks, plain_log
from . import compute

__all__ = [
    "plot_mask_distribution",
    "update_mask_distribution",
    "plot_ensemble_agreement",
    "update_ensemble_agreement",
    "plot_mc_error",
    "update_mc_error",
    "plot_subnetwork_outputs",
    "update_subnetwork_outputs",
    "plot_ensemble_view",
    "update_ensemble_view",
    "plot_dropout_curves",
    "plot_activation_histograms",
    "report_dropout_layer",
    "report_convention",
    "report_ensemble_errors",
    "report_hidden_place",
    "report_with_without",
    "report_seed",
    "report_regularizers",
    "report_fixed_n",
]

COLORS = {"arithmetic": "k", "weight_scaling": "tab:blue", "geometric": "tab:green", "mc": "tab:red",
          "plain": "tab:gray", "dropout": "tab:orange", "inference": "tab:blue"}
LABELS = {"weight_scaling": N_("weight scaling"), "geometric": N_("geometric mean"), "mc": N_("Monte Carlo"),
          "arithmetic": N_("exact ensemble"), "plain": N_("plain"), "dropout": N_("dropout")}
CONVENTION_TITLES = {"inverted": N_("inverted dropout (deck 000)"), "weight_scaling": N_("weight scaling (deck 001)")}
OUTPUT_LABELS = {"linear": N_("z (linear)"), "relu": "ReLU(z)"}
ENSEMBLE_TITLES = {"output": N_("p = {p:.1f}, dropout before the softmax layer"),
                   "hidden": N_("p = {p:.1f}, dropout before a hidden ReLU layer")}
MC_ERROR_FLOOR = 5e-4         # the bottom of plot_ensemble_view's error axis: a smaller error is drawn on it


def _label(key):
    """The translated legend label of a key of LABELS (other keys as they are)."""
    return tr(LABELS[key]) if key in LABELS else key


def plot_mask_distribution(ax, view, legend=True):
    """The exact distribution of a unit's training-time output over all masks (a compute.MaskDistribution) as
    a histogram of probability, its mean (solid), the inference output (dashed) and the mean of the sampled
    masks (dotted).   → handles for update_mask_distribution."""
    handles = {"ax": ax}
    handles["hist"] = ax.stairs(view.mass, view.bins, fill=True, color="0.75", label=tr("P(training output)"))
    handles["mean"] = ax.axvline(view.mean, color=COLORS["arithmetic"], lw=2, label=tr("E[training output]"))
    handles["inference"] = ax.axvline(view.inference, color=COLORS["inference"], lw=2, ls="--",
                                      label=tr("inference output"))
    handles["mc"] = ax.axvline(view.mc_mean, color=COLORS["mc"], lw=1.5, ls=":", label=tr("mean of samples"))
    ax.set_xlabel(tr("output of the unit"))
    ax.set_ylabel(tr("probability"))
    if legend:
        ax.legend(loc="upper right", fontsize=7)
    update_mask_distribution(handles, view)
    return handles


def update_mask_distribution(handles, view):
    """Show another compute.MaskDistribution: histogram, lines, limits and the title stating the setting."""
    ax = handles["ax"]
    handles["hist"].set_data(view.mass, view.bins)
    for key, value in (("mean", view.mean), ("inference", view.inference), ("mc", view.mc_mean)):
        handles[key].set_xdata([value, value])
    ax.set_xlim(view.bins[0], view.bins[-1])
    ax.set_ylim(0, 1.15 * view.mass.max())
    relation = "=" if abs(view.mean - view.inference) < 5e-4 else "≠"
    ax.set_title(tr("{convention}, p = {p:.2f}, {output}\nE[train] = {mean:.3f} {relation} inference "
                    "{inference:.3f};  mean of {samples} samples {mc_mean:.3f}").format(
        convention=tr(CONVENTION_TITLES[view.convention]), p=view.drop_prob, output=tr(OUTPUT_LABELS[view.output]),
        mean=view.mean, relation=relation, inference=view.inference, samples=view.samples, mc_mean=view.mc_mean),
        fontsize=9)


def plot_ensemble_agreement(ax, exact, approximations, legend=True):
    """Each approximation's P(class 1) against the exact ensemble's, one dot per input; the diagonal is agreement.

    exact: (N,);  approximations: {"weight_scaling" / "geometric" / "mc": (N,)}.  → {key: Line2D}.
    """
    ax.plot([0, 1], [0, 1], color="0.6", lw=1)
    markers = {"weight_scaling": "o", "geometric": "x", "mc": "."}
    handles = {}
    for key, values in approximations.items():
        handles[key], = ax.plot(exact, values, markers.get(key, "o"), ms=4 if key != "mc" else 5,
                                mfc="none" if key != "mc" else None, color=COLORS.get(key), label=_label(key),
                                alpha=0.8)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel(tr("exact ensemble: P(class 1)"))
    ax.set_ylabel(tr("approximation"))
    if legend:
        ax.legend(loc="upper left", fontsize=7)
    return handles


def update_ensemble_agreement(handles, exact, approximations):
    """Move the dots of plot_ensemble_agreement to new values (same keys)."""
    for key, values in approximations.items():
        handles[key].set_data(exact, values)


def plot_mc_error(ax, ks, mc_error, ws_error, geo_error=None, k_mark=None, legend=True):
    """Mean |approximation − exact ensemble| against k (log–log): Monte Carlo with k samples, a 1/√k guide
    through its first point (labelled on the plot), and the weight-scaling (and geometric-mean) errors as
    horizontal lines.   → handles for update_mc_error."""
    ks = np.asarray(ks, dtype=float)
    handles = {"ks": ks}
    handles["mc"], = ax.plot(ks, mc_error, "o-", ms=3.5, color=COLORS["mc"], label=tr("Monte Carlo, k samples"))
    handles["guide"], = ax.plot(ks, mc_error[0] / np.sqrt(ks), ":", color=COLORS["mc"], lw=1)
    handles["guide_label"] = ax.text(ks[-1], 1.4 * mc_error[0] / np.sqrt(ks[-1]), "1/√k", color=COLORS["mc"],
                                     fontsize=8, ha="right")
    handles["weight_scaling"] = ax.axhline(ws_error, color=COLORS["weight_scaling"], lw=1.5,
                                           label=tr("weight scaling"))
    if geo_error is not None:
        handles["geometric"] = ax.axhline(geo_error, color=COLORS["geometric"], lw=1.5, ls="--",
                                          label=tr("geometric mean"))
    if k_mark is not None:
        handles["mark"] = ax.axvline(k_mark, color="0.3", lw=1)
    plain_log(ax, "x")
    plain_log(ax, "y")
    ax.set_xlabel(tr("k (sampled sub-networks)"))
    ax.set_ylabel(tr("mean |P − P_exact|"))
    if legend:
        ax.legend(loc="lower left", fontsize=7)
    return handles


def update_mc_error(handles, mc_error, ws_error, geo_error=None, k_mark=None):
    """Move the curves of plot_mc_error to another run on the same k grid (and the mark to k_mark)."""
    ks = handles["ks"]
    handles["mc"].set_ydata(mc_error)
    handles["guide"].set_ydata(mc_error[0] / np.sqrt(ks))
    handles["guide_label"].set_y(1.4 * mc_error[0] / np.sqrt(ks[-1]))
    handles["weight_scaling"].set_ydata([ws_error] * 2)
    if geo_error is not None:
        handles["geometric"].set_ydata([geo_error] * 2)
    if k_mark is not None:
        handles["mark"].set_xdata([k_mark, k_mark])


def plot_subnetwork_outputs(ax, mass, bins, marks):
    """The distribution of one input's P(class 1) over all 2ⁿ sub-networks (a histogram of their masses π_m),
    with vertical lines.   mass: (B,), bins: (B + 1,);  marks: {"arithmetic" / "weight_scaling" / "geometric" /
    "mc": value}.   → handles for update_subnetwork_outputs."""
    handles = {"ax": ax}
    handles["hist"] = ax.stairs(mass, bins, fill=True, color="0.8", label=tr("sub-networks"))
    styles = {"arithmetic": "-", "weight_scaling": "--", "geometric": "-.", "mc": ":"}
    for key, value in marks.items():
        handles[key] = ax.axvline(value, color=COLORS.get(key), ls=styles.get(key, "-"), lw=1.8, label=_label(key))
    ax.set_xlim(0, 1)
    ax.set_xlabel(tr("P(class 1)"))
    ax.set_ylabel(tr("probability"))
    ax.legend(loc="upper center", fontsize=7)
    return handles


def update_subnetwork_outputs(handles, mass, bins, marks):
    """Show another input's histogram and lines; the y-limit follows the tallest bin."""
    handles["hist"].set_data(mass, bins)
    handles["ax"].set_ylim(0, 1.15 * mass.max())
    for key, value in marks.items():
        handles[key].set_xdata([value, value])


def plot_ensemble_view(axes, view):
    """dropout_ensemble's three panels for a compute.EnsembleView: agreement with the exact ensemble, the worst
    input's sub-networks, and the Monte Carlo error against k (one legend, in the middle panel, serves all
    three).   axes: (agree, one, errors) → handles for update_ensemble_view."""
    agree, one, errors = axes
    handles = {"axes": axes,
               "agree": plot_ensemble_agreement(agree, view.exact, view.approximations, legend=False),
               "one": plot_subnetwork_outputs(one, view.mass, view.bins, view.marks),
               "errors": plot_mc_error(errors, view.ks, view.mc_errors, view.ws_error, view.geo_error, k_mark=view.k,
                                       legend=False)}
    fewer_ticks(agree, one)
    for axis in (agree.xaxis, agree.yaxis, one.xaxis):      # probabilities: 0, ½, 1 is enough
        axis.set_ticks([0, 0.5, 1])
    handles["current"], = errors.plot([view.k], [view.mc_error], "D", color="tab:red", ms=6)
    errors.set_ylim(MC_ERROR_FLOOR, 0.3)
    update_ensemble_view(handles, view)
    return handles


def update_ensemble_view(handles, view):
    """Show another compute.EnsembleView on plot_ensemble_view's panels, with titles stating the setting."""
    agree, one, errors = handles["axes"]
    update_ensemble_agreement(handles["agree"], view.exact, view.approximations)
    update_subnetwork_outputs(handles["one"], view.mass, view.bins, view.marks)
    update_mc_error(handles["errors"], view.mc_errors, view.ws_error, view.geo_error, k_mark=view.k)
    handles["current"].set_data([view.k], [max(view.mc_error, MC_ERROR_FLOOR)])
    agree.set_title(tr(ENSEMBLE_TITLES[view.place]).format(p=view.drop_prob), fontsize=9)
    one.set_title(tr("worst input for weight scaling ({n} sub-nets)").format(n=view.n_subnets), fontsize=9)
    gap = tr("0 (round-off)") if view.geo_ws_max < 1e-12 else f"{view.geo_ws_max:.2f}"
    errors.set_title(tr("k = {k};  max |geometric − w. scaling| = {gap}").format(k=view.k, gap=gap), fontsize=9)


def plot_dropout_curves(ax, runs, key="val_loss", train_key="train_loss"):
    """Validation (solid) and training (dashed) curves of several runs, titled.   runs: {"plain"/"dropout": dict}.

    → {name: validation Line2D, name + "_train": training Line2D}.
    """
    handles = {}
    for name, run in runs.items():
        epochs = np.arange(len(run[key]))
        handles[name], = ax.plot(epochs, run[key], color=COLORS.get(name), lw=1.5,
                                 label=tr("{name}: validation").format(name=_label(name)))
        if train_key:
            handles[f"{name}_train"], = ax.plot(epochs, run[train_key], color=COLORS.get(name), lw=1.2, ls="--",
                                                label=tr("{name}: training").format(name=_label(name)))
    ax.set_xlabel(tr("epoch"))
    ax.set_ylabel(tr("cross-entropy"))
    ax.legend(loc="upper left", fontsize=7)
    ax.set_title(tr("training (dashed) and validation (solid) loss"), fontsize=10)
    return handles


def plot_activation_histograms(ax, activations, bins=None):
    """Histograms of hidden activations on the validation points (all units, all inputs), as fractions, titled.

    activations: {label: array}.  Exact zeros (inactive ReLUs) fall in the first bin, which starts at 0.
    → {label: StepPatch}.
    """
    pooled = np.concatenate([np.ravel(a) for a in activations.values()])
    bins = np.linspace(0, float(pooled.max()) + 1e-9, 41) if bins is None else bins
    handles = {}
    for name, a in activations.items():
        a = np.ravel(a)
        counts, _ = np.histogram(a, bins)
        handles[name] = ax.stairs(counts / a.size, bins, color=COLORS.get(name), lw=1.6,
                                  label=tr("{name}: {zeros:.0%} exactly 0, mean {mean:.2f}").format(
                                      name=_label(name), zeros=np.mean(a == 0), mean=a.mean()))
    plain_log(ax, "y")
    ax.set_xlabel(tr("activation"))
    ax.set_ylabel(tr("fraction of activations"))
    ax.legend(loc="upper right", fontsize=7)
    ax.set_title(tr("first hidden layer, on the validation points"), fontsize=10)
    return handles


# ----------------------------------------------------------------------------------------------------
# The notebook's printed tables (strings, translated)
# ----------------------------------------------------------------------------------------------------


def report_dropout_layer(training, inference, many):
    """A Dropout layer on ones: one training row, one inference row (1, n), and many training rows (N, n)."""
    return "\n".join([tr("training : {row}").format(row=training.round(2)[0]),
                      tr("inference: {row}").format(row=inference.round(2)[0]),
                      tr("fraction kept {kept:.3f},  mean of the outputs {mean:.3f}  (the input was 1)").format(
                          kept=np.mean(many != 0), mean=many.mean())])


def report_convention(convention, mean, inference, relu_mean, relu_inference):
    """One line: a convention's E[z] and inference z, and the same through a ReLU."""
    return tr("{convention:15s} E[z] = {mean:.4f}   inference z = {inference:.4f}   E[relu(z)] = {relu_mean:.4f}"
              "   relu(inference z) = {relu_inference:.4f}").format(
        convention=convention, mean=mean, inference=inference, relu_mean=relu_mean, relu_inference=relu_inference)


def report_ensemble_errors(study, drop_prob=0.5, ks=(1, 16, 256, 1024)):
    """The mean error of each approximation to the exact ensemble (compute.ensemble_study), for both places."""
    names = {"output": N_("before softmax"), "hidden": N_("before ReLU layer")}
    lines = [tr("p = {p}            weight scaling  geometric   max|geo − WS|   Monte Carlo, k = {ks}").format(
        p=drop_prob, ks=" / ".join(str(k) for k in ks))]
    for place, name in names.items():
        r = study[place][drop_prob]
        mc = dict(zip(r["ks"], r["mc_error"]))
        gap = "< 1e-12" if r["geo_ws_max"] < 1e-12 else f"{r['geo_ws_max']:.3f}"
        lines.append(f"{tr(name):18s} {r['ws_error']:12.4f} {r['geo_error']:11.4f} {gap:>13s}      "
                     + " / ".join(f"{mc[k]:.4f}" for k in ks))
    return "\n".join(lines)


def report_hidden_place(study, drop_probs=(0.5, 0.7)):
    """Why weight scaling and the geometric mean miss before a hidden ReLU layer: a table, one column per p."""
    rows = [(N_("P(every kept unit is 0), mean over the points"), "silent_mean", ".2f"),
            (N_("                         largest"), "silent_max", ".2f"),
            (N_("such a sub-network's P(class 1), for any input"), "silent_output", ".3f"),
            (N_("2nd hidden layer: mean over sub-networks / full net"), "relu_mean_ratio", ".2f"),
            (N_("mean |logit| of P: exact ensemble"), "logit_exact", ".2f"),
            (N_("                   geometric mean"), "logit_geometric", ".2f"),
            (N_("                   weight scaling"), "logit_weight_scaling", ".2f"),
            (N_("mean error: geometric mean"), "geo_error", ".3f"),
            (N_("            weight scaling"), "ws_error", ".3f")]
    summaries = [compute.hidden_place_summary(study, p) for p in drop_probs]
    header = tr("before a hidden ReLU layer, 150 points")
    lines = [f"{header:46s}" + "".join(f"{f'p = {p}':>10s}" for p in drop_probs)]
    for label, key, fmt in rows:
        first, second = (format(s[key], fmt) for s in summaries)
        lines.append(f"{tr(label):51s} {first:>7s} {second:>9s}")
    return "\n".join(lines)


def report_with_without(runs):
    """One line per run of compute.with_without_study: its lowest and last validation loss, and more."""
    return "\n".join(tr("{name:8s} lowest validation loss {lowest:.3f} (epoch {epoch}), last {last:.3f};  last "
                        "training loss {train:.4f};  validation accuracy {accuracy:.3f}").format(
        name=_label(name), lowest=run["val_loss"].min(), epoch=run["val_loss"].argmin(), last=run["val_loss"][-1],
        train=run["train_loss"][-1], accuracy=run["val_accuracy"][-1]) for name, run in runs.items())


def report_seed(seed, runs):
    """One line: each run's lowest and last validation loss for one seed of compute.with_without_study."""
    parts = [tr("{name} lowest {lowest:.3f}, last {last:.3f}").format(
        name=_label(name), lowest=run["val_loss"].min(), last=run["val_loss"][-1]) for name, run in runs.items()]
    return tr("seed {seed}: {runs}").format(seed=seed, runs=";  ".join(parts))


def report_regularizers(study):
    """The final and lowest validation loss of each regulariser of compute.regularizer_study, over its seeds."""
    lines = [tr("{regulariser:24s}  final val loss: mean (min–max) over 3 seeds   lowest during training: "
                "mean").format(regulariser=tr("regulariser"))]
    for name, row in study.items():
        last, lowest = row["last"], row["lowest"]
        lines.append(f"{tr(name):24s}  {last.mean():.2f} ({last.min():.2f}–{last.max():.2f}){'':27s}"
                     f"{lowest.mean():.2f}")
    return "\n".join(lines)


def report_fixed_n(widths, drop_probs=(0.5, 0.8), n=8):
    """compute.fixed_n_study's final validation losses per seed: fixed n units, and fixed (1 − p)·n kept."""
    lines = []
    for p in drop_probs:
        for key, units in (("fixed n", n), ("fixed (1-p)n", widths["units"][p])):
            lines.append(tr("p = {p}, {key:12s} ({units:2d} units): final val loss per seed {losses}").format(
                p=p, key=tr(key), units=units, losses="  ".join(f"{v:.2f}" for v in widths[key][p])))
    return "\n".join(lines)
