"""Drawing for notebook 04 (initialization): each plot_ function draws on the Axes it is given and returns the artists
an update needs (its handles); update_variance_explorer moves the explorer's artists to new data in place.

The axis helpers and the figure legend are notebook 03's (activations_vanishing_gradients.figures).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...i18n import N_, tr
from ..activations_vanishing_gradients.compute import log_safe
from ..activations_vanishing_gradients.figures import figure_legend, layer_axis, log_limits, set_log_ylim
from . import compute

__all__ = ["SCHEME_LABELS", "plot_std_profile", "plot_scheme_comparison", "plot_weight_histograms", "plot_symmetry",
           "plot_variance_explorer", "update_variance_explorer", "profile_message", "init_label",
           "report_weight_variances", "report_last_std", "report_std_ends", "report_gradient_growth",
           "report_symmetry"]

SCHEME_LABELS = {"lecun_normal": N_("LeCun normal"), "lecun_uniform": N_("LeCun uniform"),
                 "glorot_normal": N_("Glorot normal"), "glorot_uniform": N_("Glorot uniform"),
                 "he_normal": N_("He normal"), "he_uniform": N_("He uniform"),
                 "normal_0.01": "N(0, 0.01²)", "normal_1": "N(0, 1)"}
# One colour per family (LeCun, Glorot, He), normal solid and uniform dashed: the families stay apart on a projector.
SCHEME_COLORS = {"lecun_normal": "tab:blue", "lecun_uniform": "tab:blue", "glorot_normal": "tab:green",
                 "glorot_uniform": "tab:green", "he_normal": "tab:red", "he_uniform": "tab:red",
                 "normal_0.01": "0.55", "normal_1": "k"}
SCHEME_STYLES = {scheme: "--" if "uniform" in scheme else "-" for scheme in SCHEME_COLORS}
APPROXIMATION = {"tanh": "tanh(z) ≈ z", "sigmoid": "σ(z) ≈ 1/2 + z/4"}     # the linearised theory's assumption
INIT_COLORS = {"zeros": "0.55", "constant": "k", **SCHEME_COLORS}


def scheme_label(scheme):
    """How a reader sees a scheme's name ("He normal"), translated."""
    return tr(SCHEME_LABELS.get(scheme, scheme))


def init_label(kind):
    """How a reader sees a start of the symmetry experiment ("all zeros", "all 0.5", or a scheme), translated."""
    if kind in compute.INIT_NAMES:
        return tr(compute.INIT_NAMES[kind]).format(value=compute.CONSTANT_VALUE)
    return scheme_label(kind)


def plot_std_profile(ax, measured, theory, gaussian=None, theory_label=None, ylabel=None):
    """Measured std per layer (dots) against the predicted std (dashed) and, optionally, the Gaussian-integral
    prediction (dotted).  All (L,); log y-axis.   → {"measured": line, "theory": line, "gaussian": line}."""
    layers = np.arange(1, len(measured) + 1)
    lines = {"theory": ax.semilogy(layers, log_safe(theory), "--", lw=2, color="k",
                                   label=tr("theory") if theory_label is None else theory_label)[0]}
    if gaussian is not None:
        lines["gaussian"] = ax.semilogy(layers, log_safe(gaussian), ":", lw=2.2, color="tab:purple",
                                        label=tr("theory (Gaussian z)"))[0]
    lines["measured"] = ax.semilogy(layers, log_safe(measured), "o", ms=4, color="tab:blue", label=tr("measured"))[0]
    ax.set(xlabel=tr("layer l"), ylabel=tr("std") if ylabel is None else ylabel)
    layer_axis(ax)
    ax.legend(loc="upper right", fontsize=8)
    return lines


@dataclass
class VarianceHandles:
    """The artists the variance explorer moves: per panel (forward, backward) its three lines; the figure legend."""

    axes: tuple
    lines: list
    legend: object


def plot_variance_explorer(fig, axes, stats):
    """Two panels, std of zˡ (forward) and of δˡ (backward), measured and predicted, under one figure legend.
    stats: compute.measured_and_theory's dict.   → VarianceHandles for update_variance_explorer."""
    left, right = axes
    lines = [plot_std_profile(left, stats["z_std"], stats["z_theory"], stats["z_gaussian"],
                              ylabel=tr("std of zˡ (log scale)")),
             plot_std_profile(right, stats["delta_std"], stats["delta_theory"], stats["delta_gaussian"],
                              ylabel=tr("std of δˡ = ∂L/∂zˡ (log scale)"))]
    left.set_title(tr("forward: pre-activations zˡ"), fontsize=10)
    right.set_title(tr("backward: gradients δˡ"), fontsize=10)
    first = lines[0]
    legend = figure_legend(fig, [first["theory"], first["measured"], first["gaussian"]], 3, xlabel=tr("layer l"))
    return VarianceHandles(tuple(axes), lines, legend)


def _theory_label(activation, exact):
    if exact:
        return tr("theory (exact on average)")
    return tr("theory (approximate: {approximation})").format(approximation=APPROXIMATION[activation])


def update_variance_explorer(handles, stats, settings, gaussian_theory, room=False):
    """Show another profile: lines, limits, the theory's legend entry (exact or approximate), the Gaussian line
    on or off, and the settings as the legend's title.   settings: {"scheme", "activation", "depth", "width",
    "samples", "seed"};  room: leave the bottom of the left panel free for a message."""
    layers = np.arange(1, settings["depth"] + 1)
    for ax, lines, kind in zip(handles.axes, handles.lines, ("z", "delta")):
        for key, suffix in (("measured", "std"), ("theory", "theory"), ("gaussian", "gaussian")):
            lines[key].set_data(layers, log_safe(stats[f"{kind}_{suffix}"]))
        lines["gaussian"].set_visible(gaussian_theory)
        shown = [stats[f"{kind}_std"], stats[f"{kind}_theory"]] + ([stats[f"{kind}_gaussian"]] if gaussian_theory
                                                                   else [])
        ax.set_xlim(0.5, settings["depth"] + 0.5)
        set_log_ylim(ax, log_limits(*shown, room=room and ax is handles.axes[0]))
    legend = handles.legend
    legend.get_texts()[0].set_text(_theory_label(settings["activation"], stats["exact"]))
    legend.get_texts()[2].set_visible(gaussian_theory)          # the last entry, so hiding it leaves no gap
    legend.legend_handles[2].set_visible(gaussian_theory)
    title = tr("{scheme}, {activation}, {depth} layers of {width} units, {samples} random samples (seed {seed})")
    title = title.format(**{**settings, "scheme": scheme_label(settings["scheme"])})
    if gaussian_theory:
        title = tr("{settings} + Gaussian theory").format(settings=title)
    legend.set_title(title, prop={"size": 9})


def profile_message(problem, activation, gaussian_theory):
    """The note on the figure for compute.profile_problem's answer (None: no note)."""
    if problem == "overflow":
        return tr("overflow: some measured values left the float64 range\n(only finite ones are drawn)")
    if problem == "underflow":
        return tr("underflow: some values are exactly 0 (below 1e-308)\nand cannot be drawn on a log axis")
    if problem == "theory_off":
        if gaussian_theory:
            text = tr("linearised theory off by more than ×{factor:g}:\nz is not small, so {approximation} fails")
        else:
            text = tr("linearised theory off by more than ×{factor:g}:\nz is not small, so {approximation} fails; "
                      "tick 'Gaussian theory'")
        return text.format(factor=compute.THEORY_OFF, approximation=APPROXIMATION[activation])
    return None


def plot_scheme_comparison(ax, profiles, ylabel=None, log=True, ylim=None, label_last=(), legend=True,
                           title=None):
    """One measured profile per initialisation scheme.   profiles: {scheme name: (L,) std per layer}.

    log: a log or a linear y-axis.  ylim: (low, high) to zoom in; a scheme that leaves the window gets a note
    at its edge ("N(0, 1): 11 ↑" with its last value).  label_last: schemes whose last value is written at the
    right end of their line.  legend=False leaves the legend to the caller (one for several panels).
    title: {"activation", "depth", "width", "seed"} for a title stating the net, or None.   → {scheme: line}.
    """
    lines = {}
    for scheme, values in profiles.items():
        layers = np.arange(1, len(values) + 1)
        shown = log_safe(values) if log else np.asarray(values, dtype=float)
        wide = scheme.startswith("lecun")         # wide and pale: visible where Glorot's line covers it
        lines[scheme] = ax.plot(layers, shown, SCHEME_STYLES.get(scheme, "-"), marker="" if wide else "o", ms=2.5,
                                lw=4.5 if wide else 1.6, alpha=0.45 if wide else 1.0, color=SCHEME_COLORS.get(scheme),
                                label=scheme_label(scheme))[0]
        if scheme in label_last:
            ax.annotate(f"{values[-1]:.2g}", (layers[-1], values[-1]), xytext=(4, 0), textcoords="offset points",
                        va="center", fontsize=8, color=SCHEME_COLORS.get(scheme))
    if log:
        ax.set_yscale("log")
    ax.set(xlabel=tr("layer l"), ylabel=tr("std of zˡ") if ylabel is None else ylabel)
    if ylim is not None:
        ax.set_ylim(*ylim)
        _mark_escaped(ax, profiles, ylim)
    ax.set_xlim(0.5, len(next(iter(profiles.values()))) + (2.5 if label_last else 0.5))
    layer_axis(ax, log=log)
    ax.grid(True, which="major", alpha=0.3)
    if legend:
        ax.legend(fontsize=7, ncol=2)
    if title is not None:
        text = (tr("{activation}, {depth} layers of {width} units, seed {seed}: std of zˡ (log scale)") if log else
                tr("{activation}, {depth} layers of {width} units, seed {seed}: std of zˡ (linear scale)"))
        ax.set_title(text.format(**title), fontsize=10)
    return lines


def _mark_escaped(ax, profiles, ylim):
    """A note at the top or bottom edge for each profile whose last value is outside ylim."""
    for scheme, values in profiles.items():
        last = values[-1]
        if last > ylim[1] or last < ylim[0]:
            above = last > ylim[1]
            ax.annotate(f"{scheme_label(scheme)}: {last:.2g} {'↑' if above else '↓'}",
                        (len(values), 0.97 if above else 0.03), xycoords=("data", "axes fraction"),
                        ha="right", va="top" if above else "bottom", fontsize=8, color=SCHEME_COLORS.get(scheme))


def plot_weight_histograms(ax, samples, bins=60, fans=None):
    """Histograms (as densities) of weight samples of one variance, e.g. a normal and a uniform scheme.

    samples: {scheme or label: array}.  For a key containing "uniform" the bound ±√3·std is marked with dotted
    lines.  fans: (fan_in, fan_out) for a title stating the shared variance 2/(fan_in + fan_out), or None.
    → {key: the histogram's patches}.
    """
    patches = {}
    for key, W in samples.items():
        W = np.ravel(W)
        _, _, patches[key] = ax.hist(W, bins=bins, density=True, histtype="step", lw=1.8, label=scheme_label(key))
        if "uniform" in key:
            a = np.sqrt(3) * W.std()
            for x in (-a, a):
                ax.axvline(x, color=patches[key][0].get_edgecolor(), ls=":", lw=1.2)
    ax.set(xlabel=tr("weight value"), ylabel=tr("density"))
    ax.legend(fontsize=8)
    if fans is not None:
        ax.set_title(tr("same variance 2/({fan_in} + {fan_out}): dotted lines at ±√3·σ").format(
            fan_in=fans[0], fan_out=fans[1]))
    return patches


def plot_symmetry(axes, runs, settings=None):
    """Two panels for the symmetry experiment: the training loss (left) and the spread of each hidden layer's
    units (right; solid layer 1, dashed layer 2) over the steps.   runs: compute.symmetry_runs's dict;
    settings: {"sizes", "samples", "steps", "lr", "seed"} for a figure title, or None.   → {kind: [lines]}."""
    ax_loss, ax_spread = axes
    lines = {}
    for kind, run in runs.items():
        steps = np.arange(len(run["loss"]))
        color, label = INIT_COLORS.get(kind), init_label(kind)
        lines[kind] = ax_loss.plot(steps, run["loss"], color=color, lw=1.8, label=tr(
            "{label} (accuracy {accuracy:.0%})").format(label=label, accuracy=run["accuracy"]))
        for layer, style in zip(range(run["spread"].shape[1]), ("-", "--")):
            lines[kind] += ax_spread.plot(steps, run["spread"][:, layer], style, color=color, lw=1.8,
                                          label=tr("{label}, layer {layer}").format(label=label, layer=layer + 1))
    ax_loss.set(xlabel=tr("gradient-descent step"), ylabel=tr("training loss"), ylim=(0, None))
    ax_spread.set(xlabel=tr("gradient-descent step"), ylabel=tr("spread of the units' weights"), ylim=(-0.05, None))
    for ax in axes:
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=7)
    if settings is not None:
        title = tr("{sizes} tanh net, {samples} points of two circles, {steps} steps of learning rate {lr}, "
                   "seed {seed}")
        ax_loss.figure.suptitle(title.format(**{**settings, "sizes": " → ".join(map(str, settings["sizes"]))}),
                                fontsize=10)
    return lines


# ------------------------------------------------------------------------------------- the notebook's tables


def report_weight_variances(samples):
    """Per scheme: Var(W) by its rule, the sample variance and, for a uniform scheme, the largest |w| against
    the bound √3·σ.   samples: {scheme: W (fan_in, fan_out)} (compute.weight_samples)."""
    lines = []
    for scheme, W in samples.items():
        var = compute.weight_variance(scheme, *W.shape)
        line = tr("{label:>15}: Var(W) = {var:.6f}, sample variance {sample:.6f}").format(
            label=scheme_label(scheme), var=var, sample=W.var())
        if "uniform" in scheme:
            line += tr(", largest |w| {largest:.4f} ≤ √3·σ = {bound:.4f}").format(
                largest=np.abs(W).max(), bound=compute.uniform_bound(var))
        lines.append(line)
    return "\n".join(lines)


def report_last_std(last, layer):
    """A table of the std of z at `layer`: one row per scheme, one column per activation.
    last: {activation: {scheme: std}}."""
    title = tr("std of z at layer {layer}").format(layer=layer)
    header = f"{title:<20}" + "".join(f"{a:>11}" for a in last)
    schemes = next(iter(last.values()))
    rows = [f"{scheme_label(s):>20}" + "".join(f"   {last[a][s]:8.2g}" for a in last) for s in schemes]
    return "\n".join([header] + rows)


def report_std_ends(stats, activation, scheme):
    """The std of z in the first and the last layer of a measured_and_theory profile."""
    z = stats["z_std"]
    return tr("{activation}, {scheme}: std(z) is {first:.1f} in layer 1 and {last:.1f} in layer {L}").format(
        activation=activation, scheme=scheme_label(scheme), first=z[0], last=z[-1], L=len(z))


def report_gradient_growth(slope2, factor, delta_std):
    """The predicted growth √factor of std(δ) per layer (backward) against the measured one over delta_std (L,)."""
    L = len(delta_std)
    predicted = tr("E[tanh'(z)²] = {slope2:.3f},  n·Var(W)·E[tanh'(z)²] = {factor:.1f},  predicted growth √ = "
                   "{growth:.2f} per layer").format(slope2=slope2, factor=factor, growth=np.sqrt(factor))
    measured = tr("measured: std(δ) grows from {top:.1e} (layer {L}) to {bottom:.1e} (layer 1), {rate:.2f} per "
                  "layer").format(top=delta_std[-1], L=L, bottom=delta_std[0],
                                  rate=(delta_std[0] / delta_std[-1]) ** (1 / (L - 1)))
    return predicted + "\n" + measured


def report_symmetry(runs):
    """Per start: the loss before and after training, the accuracy, and the spread of hidden layers 1 and 2."""
    lines = []
    for kind, run in runs.items():
        spread = run["spread"]
        lines.append(tr("{label:>13}: loss {start:.3f} → {end:.3f}, accuracy {accuracy:.0%}, spread of layers 1 and 2 "
                        "{a:.2f}, {b:.2f} at the start, {c:.2f}, {d:.2f} after {steps} steps").format(
            label=init_label(kind), start=run["loss"][0], end=run["loss"][-1], accuracy=run["accuracy"],
            a=spread[0, 0], b=spread[0, 1], c=spread[-1, 0], d=spread[-1, 1], steps=len(run["loss"]) - 1))
    return "\n".join(lines)
