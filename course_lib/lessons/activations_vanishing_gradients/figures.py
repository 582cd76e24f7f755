"""Drawing for the vanishing notebook: each plot_ function draws on the Axes it is given and returns the artists
an update needs (its handles); the update_ function next to it moves those artists to new data in place.

The pieces shared with notebook 04 (layer_axis, log_limits, set_log_ylim, figure_legend, pin_axis_labels,
superscript, MESSAGE_PLACE) are public here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.ticker import FixedLocator, LogLocator, NullLocator

from ...i18n import N_, tr
from ..axes import fewer_ticks
from . import compute
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
    "plot_activation_explorer",
    "update_activation_explorer",
    "plot_deep_net",
    "update_deep_net",
    "gradient_message",
    "saturation_label",
    "report_saturation",
    "report_slope_products",
    "report_gradient_ratios",
    "report_scale_sweep",
    "report_same_sign",
    "report_dead_units",
    "layer_axis",
    "log_limits",
    "set_log_ylim",
    "figure_legend",
    "pin_axis_labels",
    "pin_axis_labels_once",
    "superscript",
    "MESSAGE_PLACE",
]

ACTIVATION_COLORS = {"sigmoid": "tab:blue", "tanh": "tab:orange", "relu": "tab:green", "leaky_relu": "tab:olive",
                     "elu": "tab:red", "selu": "tab:purple", "swish": "tab:brown", "softplus": "tab:pink",
                     "linear": "0.4"}
HIST_NORM = dict(vmin=1e-3, vmax=1.0)
LAYER_AXIS = N_("layer l (1 = next to the input)")
# Where an explorer's warning goes on a log panel: the bottom strip that log_limits(room=True) keeps free.
MESSAGE_PLACE = {"xy": (0.5, 0.1), "fontsize": 9}


# ------------------------------------------------------------------------------- axis helpers (notebooks 03, 04)


def layer_axis(ax, log=True):
    """Few integer ticks on the layer axis, few decades and no minor ticks on a log axis: every tick label is
    text to lay out and draw, the slowest part of redrawing a figure."""
    fewer_ticks(ax, n=5, which="x", integer=True, steps=None)
    if log:
        ax.yaxis.set_major_locator(LogLocator(numticks=6))
        ax.yaxis.set_minor_locator(NullLocator())
        ax.grid(True, which="major", alpha=0.3)


def log_limits(*arrays, room=False):
    """Limits of a log axis around the finite positive values; room=True leaves the bottom quarter empty
    (for a message box).  Clipped to [1e-200, 1e200]: log ticks beyond ~1e300 overflow to inf in matplotlib."""
    values = np.concatenate([np.ravel(a) for a in arrays])
    values = values[np.isfinite(values) & (values > 0)]
    if values.size == 0:
        return 1e-3, 1e3
    lo, hi = np.log10(values.min()), np.log10(values.max())
    if hi - lo < 0.8:                          # at least a decade in view, so that 1-2-5 ticks exist
        middle = (lo + hi) / 2
        lo, hi = middle - 0.4, middle + 0.4
    span = max(hi - lo, 1.0)
    lo -= (0.4 if room else 0.1) * span
    hi += 0.1 * span
    return 10 ** max(lo, -200.0), 10 ** min(hi, 200.0)


def set_log_ylim(ax, limits):
    """Set a log axis' limits, with ticks at 1, 2, 5 × 10ᵏ when they span less than two decades (else at 10ᵏ)."""
    ax.set_ylim(*limits)
    narrow = np.log10(limits[1] / limits[0]) < 2
    ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0) if narrow else (1.0,), numticks=6))


def figure_legend(fig, handles, ncol, xlabel):
    """One legend above all panels (not one inside each, where it would cover data) and one x label below them
    (the panels share the layer axis): fewer texts to draw at every slider move.   Returns the Legend."""
    for ax in fig.axes:
        if ax.get_legend() is not None:
            ax.get_legend().remove()
        ax.set_xlabel("")
    fig.supxlabel(xlabel, fontsize=10)
    return fig.legend(handles=handles, loc="outside upper center", ncol=ncol, fontsize=8, frameon=False)


def pin_axis_labels(axes):
    """Pin the given axis labels (Axis objects: ax.xaxis, ax.yaxis) where the last draw put them, in axes
    coordinates: matplotlib otherwise measures every tick label again at each redraw to place them.  Only for
    axes whose tick labels keep their width, so that a pinned label never collides with them."""
    for axis in axes:
        label = axis.label
        x, y = axis.axes.transAxes.inverted().transform(label.get_transform().transform(label.get_position()))
        axis.set_label_coords(x, y)


def pin_axis_labels_once(artists, axes, drawn):
    """pin_axis_labels once, after the first drawn figure (drawn=True: the layout has placed the labels);
    artists: the explorer's dict, which remembers that it is done."""
    if drawn and not artists.get("labels_pinned"):
        pin_axis_labels(axes)
        artists["labels_pinned"] = True


def superscript(n):
    """An integer in superscript digits: 20 → ²⁰."""
    return str(n).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


def _fixed_ticks(ax, xticks, yticks):
    """Fixed tick positions: no tick search at every redraw, and few labels to draw."""
    ax.xaxis.set_major_locator(FixedLocator(xticks))
    ax.yaxis.set_major_locator(FixedLocator(yticks))


# ------------------------------------------------------------------------------------ activations, saturation


def shade_saturation(ax, z, mask, color):
    """Shade the vertical strips of ax where mask is True (x in data units, y over the whole Axes)."""
    return ax.fill_between(z, 0, 1, where=mask, transform=ax.get_xaxis_transform(), color=color, alpha=0.12, lw=0)


def plot_activations(ax, z, names, legend=True):
    """f(z) for each activation name.   z: (n,);  names: names in course_lib.activations.  → the lines, in order."""
    ax.axhline(0, color="0.85", lw=1, zorder=0)
    ax.axvline(0, color="0.85", lw=1, zorder=0)
    lines = [ax.plot(z, activation_curves(name, z)[0], lw=2, color=ACTIVATION_COLORS.get(name), label=name)[0]
             for name in names]
    ax.set(xlabel=tr("z (pre-activation)"), ylabel="f(z)", title=tr("activation f(z)"))
    if legend:
        ax.legend(loc="upper left", fontsize=8)
    return lines


def plot_derivatives(ax, z, names, threshold=None):
    """f'(z) for each activation; with a threshold, shade where |f'(z)| < threshold (the saturation region) and
    draw the lines ±threshold dashed.   → {"lines": [f' lines], "shades": [collections], "threshold": [2 lines]}."""
    ax.axhline(0, color="0.85", lw=1, zorder=0)
    ax.axvline(0, color="0.85", lw=1, zorder=0)
    handles = {"lines": [], "shades": [], "threshold": []}
    for name in names:
        _, df = activation_curves(name, z)
        color = ACTIVATION_COLORS.get(name)
        handles["lines"].append(ax.plot(z, df, lw=2, color=color, label=f"{name}'")[0])
        if threshold is not None:
            handles["shades"].append(shade_saturation(ax, z, saturated(name, z, threshold), color))
    if threshold is not None:
        handles["threshold"] = [ax.axhline(sign * threshold, color="k", lw=0.8, ls="--") for sign in (1, -1)]
    ax.set(xlabel=tr("z (pre-activation)"), ylabel="f'(z)", title=_derivative_title(threshold))
    ax.legend(loc="upper left", fontsize=8)
    return handles


def _derivative_title(threshold):
    if threshold is None:
        return tr("derivative f'(z)")
    return tr("derivative f'(z);  shaded: |f'(z)| < {threshold:g}").format(threshold=threshold)


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
        ax.plot(z, f, lw=2, color=color, label="f")
        ax.plot(z, df, lw=1.5, ls="--", color="k", label="f'")
        shade_saturation(ax, z, saturated(name, z, threshold), color)
        ax.set_title(name, fontsize=10)
        ax.set_ylim(-2, 3)
        ax.tick_params(labelsize=8)
    for ax in axes[len(names):]:
        ax.set_axis_off()
    axes[0].legend(loc="upper left", fontsize=8)
    return axes


def saturation_label(name, threshold):
    """'sigmoid: z < −2.06, z > 2.06': where |f'(z)| < threshold on the explorer's range [−5, 5]."""
    z_max = compute.EXPLORER_Z[-1]
    parts = []
    for start, end in compute.explorer_saturation(name, threshold)[1]:
        start, end = (f"{v:.2f}".replace("-0.00", "0.00").replace("-", "−") for v in (start, end))
        if start == f"−{z_max:.2f}" and end == f"{z_max:.2f}":
            parts.append(tr("everywhere"))
        elif start == f"−{z_max:.2f}":
            parts.append(f"z < {end}")
        elif end == f"{z_max:.2f}":
            parts.append(f"z > {start}")
        else:
            parts.append(f"{start} < z < {end}")
    where = ", ".join(parts) if parts else tr("nowhere in [−5, 5]")
    return tr("{name}: {where}").format(name=name, where=where)


@dataclass
class CurveHandles:
    """The artists the activation explorer moves: two slots of (f line, f' line), the ±threshold lines, the
    legend naming where each saturates, the figure title and the current shading."""

    slots: list
    threshold_lines: list
    legend: object
    title: object
    right: object
    shades: list = field(default_factory=list)


def plot_activation_explorer(fig, axes, names, threshold):
    """f(z) left and f'(z) right for one or two activations, on the explorer's grid, with fixed limits and ticks.
    Two slots of lines are made (the second hidden with one name); update_activation_explorer moves them."""
    left, right = axes
    z = compute.EXPLORER_Z
    slots = names + names[:1] if len(names) == 1 else names
    f_lines = plot_activations(left, z, slots, legend=False)   # the colours are named in the right legend
    derivatives = plot_derivatives(right, z, slots, threshold)
    for shade in derivatives["shades"]:                        # redrawn by every update
        shade.remove()
    legend = right.legend(loc="upper left", fontsize=7, title=tr("saturated where"), title_fontsize=7)
    left.set_ylim(-2.0, 5.0)
    right.set_ylim(-0.25, 1.9)
    _fixed_ticks(left, [-4, -2, 0, 2, 4], [-2, 0, 2, 4])
    _fixed_ticks(right, [-4, -2, 0, 2, 4], [0, 0.5, 1, 1.5])
    handles = CurveHandles(list(zip(f_lines, derivatives["lines"])), derivatives["threshold"], legend,
                           fig.suptitle("", fontsize=10), right)
    update_activation_explorer(handles, names, threshold)
    return handles


def update_activation_explorer(handles, names, threshold):
    """Move the two slots of lines and their legend entries to `names` (one or two; the second slot is hidden
    when there is one name) and the threshold lines to ±threshold.  Only the saturation shading is drawn anew."""
    z = compute.EXPLORER_Z
    for shade in handles.shades:
        shade.remove()
    handles.shades = []
    for k, (f_line, df_line) in enumerate(handles.slots):
        visible = k < len(names)
        name = names[min(k, len(names) - 1)]
        f, df = compute.explorer_curves(name)
        color = ACTIVATION_COLORS.get(name)
        for line, values in ((f_line, f), (df_line, df)):
            line.set_data(z, values)
            line.set(color=color, visible=visible)
        handles.legend.get_texts()[k].set(text=saturation_label(name, threshold), visible=visible)
        handles.legend.legend_handles[k].set(color=color, visible=visible)
        if visible:
            mask = compute.explorer_saturation(name, threshold)[0]
            handles.shades.append(shade_saturation(handles.right, z, mask, color))
    for line, sign in zip(handles.threshold_lines, (1, -1)):
        line.set_ydata([sign * threshold, sign * threshold])
    handles.right.set_title(_derivative_title(threshold))
    if len(names) == 1:
        title = tr("{name}, saturation threshold {threshold:.2f}").format(name=names[0], threshold=threshold)
    else:
        title = tr("{name} vs {other}, saturation threshold {threshold:.2f}").format(
            name=names[0], other=names[1], threshold=threshold)
    handles.title.set_text(title)


# ------------------------------------------------------------------------------------------------ a deep net


def plot_gradient_norms(ax, grad_norm, delta_norm=None):
    """‖∂L/∂W^l‖ against the layer l = 1..L on a log y-axis; optionally ‖δ^l‖ = ‖∂L/∂z^l‖ dashed.  Zeros and
    non-finite values are left out (a log axis cannot show them).   → {"grad_norm": line, "delta_norm": line}."""
    layers = np.arange(1, len(grad_norm) + 1)
    lines = {"grad_norm": ax.semilogy(layers, log_safe(grad_norm), "o-", ms=3, lw=1.5, color="tab:blue",
                                      label="‖∂L/∂Wˡ‖")[0]}
    if delta_norm is not None:
        lines["delta_norm"] = ax.semilogy(layers, log_safe(delta_norm), "--", lw=1.2, color="0.45",
                                          label="‖δˡ‖ = ‖∂L/∂zˡ‖")[0]
        ax.legend(loc="lower right", fontsize=7)
    ax.set(xlabel=tr(LAYER_AXIS), ylabel=tr("gradient norm (log scale)"))
    layer_axis(ax)
    return lines


def plot_gradient_comparison(ax, profiles, colors=None, title=None):
    """Several ‖∂L/∂W^l‖ profiles on one log axis.   profiles: {label: (L,) array}; colors: {label: colour};
    title: a dict {"depth", "width", "scale", "seed"} for a title stating the net, or None.  → {label: line}."""
    colors = colors or {}
    lines = {}
    for label, grad_norm in profiles.items():
        layers = np.arange(1, len(grad_norm) + 1)
        lines[label] = ax.semilogy(layers, log_safe(grad_norm), "o-", ms=2.5, lw=1.4, label=label,
                                   color=colors.get(label, ACTIVATION_COLORS.get(label)))[0]
    ax.set(xlabel=tr(LAYER_AXIS), ylabel=tr("‖∂L/∂Wˡ‖ (log scale)"))
    layer_axis(ax)
    ax.legend(fontsize=7, ncol=2)
    if title is not None:
        ax.set_title(tr("{depth} layers of {width} units, s = {scale}, seed {seed}").format(**title), fontsize=10)
    return lines


def plot_layer_histograms(ax, hist, edges, cmap="magma_r"):
    """Activation histograms of every layer as an image: column l is the distribution of layer l's outputs.

    hist: (L, bins) fractions (each row sums to 1);  edges: (bins + 1,).  Colour: the fraction, on a log scale
    (empty bins are left white).  → the AxesImage.
    """
    hist = np.asarray(hist, dtype=float)
    L = hist.shape[0]
    image = ax.imshow(np.ma.masked_less_equal(hist.T, 0), origin="lower", aspect="auto", interpolation="none",
                      cmap=cmap, norm=LogNorm(**HIST_NORM), extent=(0.5, L + 0.5, edges[0], edges[-1]))
    ax.set(xlabel=tr("layer l"), ylabel=tr("activation value aˡ"))
    ax.set_title(tr("outputs of each layer (darker = more)"), fontsize=9)
    layer_axis(ax, log=False)
    fewer_ticks(ax, n=5, which="y", steps=None)
    return image


def plot_dead_fraction(ax, dead, saturated_fraction=None, threshold=None):
    """Per layer, the fraction of dead units (output 0 for every sample) and, optionally, of saturated entries
    (|f'(z)| < threshold; the threshold only labels the line).   → {"dead": line, "saturated": line}."""
    layers = np.arange(1, len(dead) + 1)
    lines = {"dead": ax.plot(layers, dead, "o-", ms=3, color="k", label=tr("dead units (0 on every sample)"))[0]}
    if saturated_fraction is not None:
        label = (tr("saturated: |f'(z)| < threshold") if threshold is None else
                 tr("saturated: |f'(z)| < {threshold:g}").format(threshold=threshold))
        lines["saturated"] = ax.plot(layers, saturated_fraction, "s-", ms=2.5, color="tab:red", alpha=0.8,
                                     label=label)[0]
    ax.set(xlabel=tr("layer l"), ylabel=tr("fraction"), ylim=(-0.03, 1.03))
    layer_axis(ax, log=False)
    ax.yaxis.set_major_locator(FixedLocator([0, 0.5, 1]))
    ax.legend(loc="upper left", fontsize=7)
    return lines


@dataclass
class DeepNetHandles:
    """The artists the vanishing-gradients explorer moves (three panels: gradient norms, histograms, dead units)."""

    axes: tuple
    lines: dict
    image: object
    legend: object


def plot_deep_net(fig, axes, stats, threshold):
    """The three panels of a deep net's statistics (compute.deep_net_statistics) and one figure legend above
    them.   axes: (gradients, histograms, dead units).  → DeepNetHandles for update_deep_net."""
    grads_ax, hist_ax, dead_ax = axes
    lines = plot_gradient_norms(grads_ax, stats["grad_norm"], stats["delta_norm"])
    image = plot_layer_histograms(hist_ax, stats["hist"], stats["edges"])
    lines.update(plot_dead_fraction(dead_ax, stats["dead"], stats["saturated"], threshold))
    order = [lines[key] for key in ("grad_norm", "delta_norm", "dead", "saturated")]
    legend = figure_legend(fig, order, ncol=4, xlabel=tr(LAYER_AXIS))
    return DeepNetHandles(tuple(axes), lines, image, legend)


def update_deep_net(handles, stats, settings, room=False):
    """Show the statistics of another net: lines, image, limits and the titles (the ratio ‖∂L/∂W¹‖/‖∂L/∂Wᴸ‖, the
    mean dead fraction, the settings).   settings: {"activation", "depth", "width", "scale", "samples", "seed"};
    room: leave the bottom of the gradient panel free for a message."""
    grads_ax, hist_ax, dead_ax = handles.axes
    depth = settings["depth"]
    layers = np.arange(1, depth + 1)
    for key in ("grad_norm", "delta_norm", "dead", "saturated"):
        handles.lines[key].set_data(layers, log_safe(stats[key]) if key.endswith("norm") else stats[key])
    edges = stats["edges"]
    handles.image.set_data(np.ma.masked_less_equal(stats["hist"].T, 0))
    handles.image.set_extent((0.5, depth + 0.5, edges[0], edges[-1]))
    for ax in handles.axes:
        ax.set_xlim(0.5, depth + 0.5)
    hist_ax.set_ylim(edges[0], edges[-1])
    set_log_ylim(grads_ax, log_limits(stats["grad_norm"], stats["delta_norm"], room=room))
    ratio = compute.first_to_last_ratio(stats["grad_norm"])
    ratio_text = f"{ratio:.1e}" if np.isfinite(ratio) else tr("not finite")
    grads_ax.set_title(f"‖∂L/∂W¹‖ / ‖∂L/∂W{superscript(depth)}‖ = {ratio_text}", fontsize=9)
    dead_ax.set_title(tr("dead units: {dead:.0%} on average").format(dead=stats["dead"].mean()), fontsize=9)
    title = tr("{activation}, {depth} layers of {width} units, weight scale s = {scale:.3g}, "
               "{samples} random samples (seed {seed})").format(**settings)
    handles.legend.set_title(title, prop={"size": 9})


def gradient_message(problem):
    """The note on the figure for compute.gradient_problem's dict (None: no note)."""
    if problem is None:
        return None
    if problem["kind"] == "overflow":
        return tr("overflow: numbers beyond the float64 range in {layers} of {depth} layers\n"
                  "(only finite values are drawn)").format(**problem)
    if problem["kind"] == "underflow":
        return tr("underflow: the gradient is exactly 0 in layers 1–{last}\n(below 1e-308): they cannot "
                  "learn").format(**problem)
    if problem["kind"] == "exploding":
        return tr("exploding gradients: ‖∂L/∂Wˡ‖ up to {value:.0e}").format(**problem)
    return tr("vanishing gradients: ‖∂L/∂Wˡ‖ down to {value:.0e}").format(**problem)


# ------------------------------------------------------------------------------------- the notebook's tables


def report_saturation(names, threshold=0.1):
    """One line per activation: the intervals of [−6, 6] where |f'(z)| < threshold."""
    lines = []
    for name in names:
        intervals = ", ".join(f"[{a:+.2f}, {b:+.2f}]" for a, b in compute.saturation_intervals(name, threshold))
        lines.append(tr("{name:>10}: |f'(z)| < {threshold:g} on {intervals}").format(
            name=name, threshold=threshold, intervals=intervals))
    return "\n".join(lines)


def report_slope_products(depths):
    """Per depth L, the typical (1/4)^(L−1) of the sigmoid's slopes and the bound (1/2)^(L−1) with ‖W‖₂ = 2."""
    return "\n".join(tr("L = {L:2d}:  typical (1/4)^(L-1) = {typical:.1e},   bound with ‖W‖₂ = 2: (1/2)^(L-1) = "
                        "{bound:.1e}").format(L=L, typical=compute.max_sigmoid_slope_product(L - 1),
                                              bound=0.5 ** (L - 1))
                     for L in depths)


def report_gradient_ratios(profiles):
    """Per activation: the first and last layer's weight-gradient norms, their ratio and the factor per layer.
    profiles: {name: deep_net_statistics dict}."""
    lines = []
    for name, stats in profiles.items():
        g = stats["grad_norm"]
        ratio = g[0] / g[-1]
        lines.append(tr("{name:>8}:  ‖∂L/∂W¹‖ = {first:.1e},  ‖∂L/∂W{top}‖ = {last:.1e},  ratio = {ratio:.1e},"
                        "  per layer {factor:.2f}").format(
            name=name, first=g[0], top=superscript(len(g)), last=g[-1], ratio=ratio,
            factor=compute.per_layer_factor(g[0], g[-1], len(g))))
    return "\n".join(lines)


def _spread(values):
    return f"{values.mean():.2f} ({values.min():.2f}–{values.max():.2f})"


def report_scale_sweep(sweep):
    """compute.scale_sweep as a table: per scale s, the mean (min–max) factors, the bound and the saturation."""
    lines = [tr("  s   factor of ‖∂L/∂Wˡ‖   factor of ‖δˡ‖     bound ¼·‖W‖₂   saturated")]
    for i, s in enumerate(sweep["scales"]):
        lines.append(f"{s:3.0f}   {_spread(sweep['grad_factor'][i]):>17}   {_spread(sweep['delta_factor'][i]):>17}"
                     f"   {sweep['bound'][i].mean():10.2f}   {sweep['saturated'][i].mean():9.0%}")
    return "\n".join(lines)


def report_same_sign(fractions):
    """compute.same_sign_fraction per activation, over layers 2..L.   fractions: {name: its dict}."""
    lines = [tr("          inputs ≥ 0   one sign, per sample   one sign, batch gradient")]
    for name, s in fractions.items():
        batch = s["batch"][1:]
        lines.append(tr("{name:>8}: {inputs:10.0%} {per_sample:19.0%}   {low:8.0%} to {high:.0%} of the units, "
                        "by layer").format(name=name, inputs=s["nonneg_inputs"][1:].mean(),
                                           per_sample=s["per_sample"][1:].mean(), low=batch.min(), high=batch.max()))
    return "\n".join(lines)


def report_dead_units(dead, layers, last=10):
    """The dead fraction at some layers (counted from 1) and its range over the last `last` layers.   dead: (L,)."""
    lines = [tr("layer {l:2d}: dead units {dead:.0%}").format(l=l, dead=dead[l - 1]) for l in layers]
    top = dead[-last:]
    lines.append(tr("layers {first}-{L}: between {low:.0%} and {high:.0%}").format(
        first=len(dead) - last + 1, L=len(dead), low=top.min(), high=top.max()))
    return "\n".join(lines)
