"""Explorers for the vanishing notebook: activation functions and their saturation; gradients in a deep MLP."""

from __future__ import annotations

import functools

import numpy as np
from matplotlib.ticker import FixedLocator, LogLocator

from ..explorer import Explorer, _by_gid, dropdown, float_slider, int_slider, log_slider
from . import compute as _vanishing
from . import figures as _plots

__all__ = ["activation_functions", "vanishing_gradients"]

_SEED = 0             # the batch and the weights are drawn from this seed, so every reader sees the same net
_MAX_DEPTH = 50
_WIDTH = 64
_N_SAMPLES = 128
_THRESHOLD = 0.1      # |f'(z)| below this counts as saturated in the deep-net figure
_Z = np.linspace(-5, 5, 801)


@functools.lru_cache(maxsize=256)
def _interval_text(name, threshold):
    """'z < −2.18, z > 2.18' style description of where |f'(z)| < threshold on [−5, 5] (cached per setting)."""
    parts = []
    for start, end in _vanishing.saturation_intervals(name, threshold, _Z[0], _Z[-1], n=2001):
        start, end = (f"{v:.2f}".replace("-0.00", "0.00").replace("-", "−") for v in (start, end))
        if start == f"−{_Z[-1]:.2f}" and end == f"{_Z[-1]:.2f}":
            parts.append("everywhere")
        elif start == f"−{_Z[-1]:.2f}":
            parts.append(f"z < {end}")
        elif end == f"{_Z[-1]:.2f}":
            parts.append(f"z > {start}")
        else:
            parts.append(f"{start} < z < {end}")
    return f"{name}: " + (", ".join(parts) if parts else "nowhere in [−5, 5]")


def _settings_title(ex, text):
    """The settings of the current figure as its title, so that a stored image says what it shows: the title of
    the figure legend when there is one (a suptitle would collide with it), else the figure's suptitle."""
    legend = ex.artists.get("legend")
    if legend is not None:
        legend.set_title(text, prop={"size": 9})
    elif "suptitle" not in ex.artists:
        ex.artists["suptitle"] = ex.fig.suptitle(text, fontsize=10)
    else:
        ex.artists["suptitle"].set_text(text)


def _freeze_axis_labels(ex, labels):
    """After the first drawn figure, pin the given axis labels where the layout put them: matplotlib otherwise
    measures every tick label again at each redraw to place them.  labels: a list of Axis objects (ax.yaxis…).
    Only for axes whose tick labels keep their width, so that a pinned label never collides with them."""
    if ex.artists.get("labels_frozen") or not ex.timings:
        return
    for axis in labels:
        label = axis.label
        x, y = axis.axes.transAxes.inverted().transform(label.get_transform().transform(label.get_position()))
        axis.set_label_coords(x, y)
    ex.artists["labels_frozen"] = True


def _fixed_ticks(ax, xticks, yticks):
    """Fixed tick positions: no tick search at every redraw, and few labels to draw."""
    ax.xaxis.set_major_locator(FixedLocator(xticks))
    ax.yaxis.set_major_locator(FixedLocator(yticks))


@functools.lru_cache(maxsize=64)
def _curves(name):
    """(f, f') on _Z, computed once per activation."""
    return _vanishing.activation_curves(name, _Z)


@functools.lru_cache(maxsize=512)
def _saturation_mask(name, threshold):
    return _vanishing.saturated(name, _Z, threshold)


def _update_curves(ex, names, threshold):
    """Move the two slots of lines (f left, f' right) and their legend entries to `names` (one or two); the
    second slot is hidden when there is one name.  Only the saturation shading is drawn anew."""
    left, right = ex.axes
    for shade in ex.artists.pop("shades", []):
        shade.remove()
    shades = []
    for k, (f_line, df_line) in enumerate(ex.artists["slots"]):
        visible = k < len(names)
        name = names[min(k, len(names) - 1)]
        f, df = _curves(name)
        color = _plots.ACTIVATION_COLORS.get(name)
        for line, values, prefix in ((f_line, f, "f"), (df_line, df, "df")):
            line.set_data(_Z, values)
            line.set(color=color, visible=visible, gid=f"{prefix}_{name}")
        legend = ex.artists["right_legend"]
        legend.get_texts()[k].set(text=_interval_text(name, threshold), visible=visible)
        legend.legend_handles[k].set(color=color, visible=visible)
        if visible:
            shades.append(_plots.shade_saturation(right, _Z, _saturation_mask(name, threshold), color, f"sat_{name}"))
    ex.artists["shades"] = shades
    for line, sign in zip(ex.artists["threshold_lines"], (1, -1)):
        line.set_ydata([sign * threshold, sign * threshold])
    right.set_title(f"derivative f'(z);  shaded: |f'(z)| < {threshold:g}")


def activation_functions(hide=(), **preset):
    """Two activations side by side: f(z) left, f'(z) right, saturation regions |f'(z)| < threshold shaded.

    The lines, legends and ticks are made once; a slider move updates them in place (fast redraws)."""

    def draw(ex, activation, compare_with, threshold):
        left, right = ex.axes
        names = [activation] + ([compare_with] if compare_with not in ("none", activation) else [])
        if "slots" not in ex.artists:                    # the first draw: two slots of lines
            slots = names + names[:1] if len(names) == 1 else names
            _plots.plot_activations(left, _Z, slots)
            _plots.plot_derivatives(right, _Z, slots, threshold)
            for collection in list(right.collections):  # the shading is redrawn by _update_curves
                collection.remove()
            f_lines = [line for line in left.lines if (line.get_gid() or "").startswith("f_")]
            df_lines = [line for line in right.lines if (line.get_gid() or "").startswith("df_")]
            ex.artists["slots"] = list(zip(f_lines, df_lines))
            ex.artists["threshold_lines"] = [line for line in right.lines
                                             if line.get_gid() in ("threshold", "threshold_neg")]
            left.get_legend().remove()       # the colours are named in the right legend (fewer texts to draw)
            ex.artists["right_legend"] = right.legend(loc="upper left", fontsize=7, title="saturated where",
                                                      title_fontsize=7)
            left.set_ylim(-2.0, 5.0)
            right.set_ylim(-0.25, 1.9)
            _fixed_ticks(left, [-4, -2, 0, 2, 4], [-2, 0, 2, 4])
            _fixed_ticks(right, [-4, -2, 0, 2, 4], [0, 0.5, 1, 1.5])
        _update_curves(ex, names, threshold)
        _freeze_axis_labels(ex, [left.xaxis, left.yaxis, right.xaxis, right.yaxis])
        _settings_title(ex, f"{' vs '.join(names)}, saturation threshold {threshold:.2f}")

    names = list(_vanishing.NAMES)
    controls = {"activation": dropdown("activation", names, "sigmoid"),
                "compare_with": dropdown("compare with", ["none"] + names, "relu"),
                "threshold": float_slider("saturation threshold", _THRESHOLD, 0.01, 0.5, 0.01, readout_format=".2f")}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.0, 3.4), subplots=(1, 2),
                    title="Activation functions, their derivatives, and where they saturate")


@functools.lru_cache(maxsize=1)
def _base_net():
    """The batch and the weights at scale 1 (W ~ N(0, 1/fan_in)), drawn once; a scale multiplies them."""
    rng = np.random.default_rng(_SEED)
    X, y = _vanishing.random_batch(_N_SAMPLES, _WIDTH, rng)
    weights = _vanishing.gaussian_weights(_MAX_DEPTH, _WIDTH, _WIDTH, 1.0, rng)
    return X, y, weights


@functools.lru_cache(maxsize=256)
def _statistics(depth, activation, scale):
    X, y, weights = _base_net()
    scaled = [scale * W for W in weights[:depth]] + [scale * weights[-1]]
    return _vanishing.deep_net_statistics(X, y, scaled, activation, threshold=_THRESHOLD)


def _log_limits(*arrays, room=False):
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


def _set_log_ylim(ax, limits):
    """Set a log axis' limits, with ticks at 1, 2, 5 × 10ᵏ when they span less than two decades (else at 10ᵏ)."""
    ax.set_ylim(*limits)
    narrow = np.log10(limits[1] / limits[0]) < 2
    ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0) if narrow else (1.0,), numticks=6))


def _superscript(n):
    return str(n).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


def _message(ex, ax, text):
    """ex.message, placed in the bottom strip of ax that _log_limits(room=True) keeps free."""
    ex.message(ax, text, xy=(0.5, 0.1), fontsize=9)


def _figure_legend(ex, handles, ncol, xlabel="layer l"):
    """One legend above all panels (not one inside each, where it would cover data) and one x label below them
    (the panels share the layer axis): fewer texts to draw at every slider move."""
    for ax in np.ravel(ex.axes):
        if ax.get_legend() is not None:
            ax.get_legend().remove()
        ax.set_xlabel("")
    ex.fig.supxlabel(xlabel, fontsize=10)
    return ex.fig.legend(handles=handles, loc="outside upper center", ncol=ncol, fontsize=8, frameon=False)


def _gradient_message(grad_norm, depth):
    """The note for the worst problem of a gradient profile: overflow, underflow, exploding, vanishing; or None."""
    non_finite = ~np.isfinite(grad_norm)
    zero = grad_norm == 0
    finite = grad_norm[~non_finite & ~zero]
    if non_finite.any():
        return (f"overflow: numbers beyond the float64 range in {non_finite.sum()} of {depth} layers\n"
                "(only finite values are drawn)")
    if zero.any():
        last = np.flatnonzero(zero).max() + 1
        return f"underflow: the gradient is exactly 0 in layers 1–{last}\n(below 1e-308): they cannot learn"
    if finite.max() > 1e4:
        return f"exploding gradients: ‖∂L/∂Wˡ‖ up to {finite.max():.0e}"
    if finite.min() < 1e-5:
        return f"vanishing gradients: ‖∂L/∂Wˡ‖ down to {finite.min():.0e}"
    return None


def vanishing_gradients(hide=(), **preset):
    """A deep MLP (width 64, 128 random samples): per-layer gradient norm, activation histograms, dead units.

    Weights W ~ N(0, scale²/fan_in) (scale 1 = LeCun, √2 = He); loss: softmax cross-entropy on random labels.
    """

    def draw(ex, depth, activation, scale):
        grads_ax, hist_ax, dead_ax = ex.axes
        stats = _statistics(depth, activation, float(scale))
        layers = np.arange(1, depth + 1)
        grad_norm = stats["grad_norm"]
        if "grads" not in ex.artists:
            _plots.plot_gradient_norms(grads_ax, grad_norm, stats["delta_norm"])
            _plots.plot_layer_histograms(hist_ax, stats["hist"], stats["edges"])
            _plots.plot_dead_fraction(dead_ax, stats["dead"], stats["saturated"], _THRESHOLD)
            ex.artists.update(grads=_by_gid(grads_ax), image=hist_ax.images[-1], dead=_by_gid(dead_ax))
            handles = [ex.artists["grads"]["grad_norm"], ex.artists["grads"]["delta_norm"],
                       ex.artists["dead"]["dead"], ex.artists["dead"]["saturated"]]
            ex.artists["legend"] = _figure_legend(ex, handles, ncol=4, xlabel="layer l (1 = next to the input)")
        for gid, values in (("grad_norm", grad_norm), ("delta_norm", stats["delta_norm"])):
            ex.artists["grads"][gid].set_data(layers, _vanishing.log_safe(values))
        message = _gradient_message(grad_norm, depth)
        grads_ax.set_xlim(0.5, depth + 0.5)
        _set_log_ylim(grads_ax, _log_limits(grad_norm, stats["delta_norm"], room=message is not None))
        edges = stats["edges"]
        ex.artists["image"].set_data(np.ma.masked_less_equal(stats["hist"].T, 0))
        ex.artists["image"].set_extent((0.5, depth + 0.5, edges[0], edges[-1]))
        hist_ax.set_xlim(0.5, depth + 0.5)
        hist_ax.set_ylim(edges[0], edges[-1])
        ex.artists["dead"]["dead"].set_data(layers, stats["dead"])
        ex.artists["dead"]["saturated"].set_data(layers, stats["saturated"])
        dead_ax.set_xlim(0.5, depth + 0.5)
        with np.errstate(all="ignore"):
            ratio = grad_norm[0] / grad_norm[-1]
        ratio_text = f"{ratio:.1e}" if np.isfinite(ratio) else "not finite"
        grads_ax.set_title(f"‖∂L/∂W¹‖ / ‖∂L/∂W{_superscript(depth)}‖ = {ratio_text}", fontsize=9)
        dead_ax.set_title(f"dead units: {stats['dead'].mean():.0%} on average", fontsize=9)
        if message is not None:
            _message(ex, grads_ax, message)
        _freeze_axis_labels(ex, [ax.xaxis for ax in ex.axes] + [dead_ax.yaxis])    # the others' tick labels vary
        _settings_title(ex, f"{activation}, {depth} layers of {_WIDTH} units, weight scale s = {scale:.3g}, "
                            f"{_N_SAMPLES} random samples (seed {_SEED})")

    names = list(_vanishing.NAMES)
    controls = {"depth": int_slider("depth (hidden layers)", 20, 2, _MAX_DEPTH),
                "activation": dropdown("activation", names, "sigmoid"),
                "scale": log_slider("weight scale (× 1/√fan_in)", 1.0, 0.1, 10.0, steps_per_decade=20)}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(10.0, 3.6), subplots=(1, 3),
                    gridspec_kw={"width_ratios": [3, 3, 2]},
                    title="Gradients and activations, layer by layer, in a deep MLP at initialisation")
