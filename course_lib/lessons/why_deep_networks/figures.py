"""Drawing for notebook 01 (why deep networks): each plot_<thing> draws on the Axes it is given and returns the
artists that update_<thing>, right below it, moves in place; report_<thing> prints a table of the notebook."""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.ticker import FixedLocator, NullFormatter, NullLocator

from ...i18n import N_, tr
from ..axes import fewer_ticks

__all__ = ["TARGET_LABELS", "plot_fit", "update_fit", "title_relu_fit", "title_universal_approximation",
           "plot_unit_contributions", "update_unit_contributions", "plot_error_vs_width", "update_error_vs_width",
           "plot_sawtooth", "update_sawtooth", "title_shallow_attempt", "legend_deep_and_shallow",
           "plot_units_needed", "update_units_needed", "report_layers", "report_units", "report_slopes"]

TARGET_LABELS = {"sine": N_("sine"), "bump": N_("bump"), "jump": N_("jump"), "chirp": N_("chirp")}


# ---------------------------------------------------------------------------------------------------- one wide layer


def _fit_label(n_units):
    if n_units is None:
        return tr("one hidden layer")
    return tr("one hidden layer, {units} units").format(units=n_units)


def plot_fit(ax, x, y, y_hat, n_units=None):
    """The target y(x) (black) and a network's fit ŷ(x) (colour), x, y, y_hat: (N,).

    Returns dict(ax, target, fit, fit_label): the artists update_fit moves (fit_label: the fit's legend text).
    """
    target, = ax.plot(x, y, color="black", lw=2.5, alpha=0.35, label=tr("target"))
    fit, = ax.plot(x, y_hat, color="C1", lw=1.8, label=_fit_label(n_units))
    ax.set(xlim=(x[0], x[-1]), xlabel="x", ylabel="y")
    fewer_ticks(ax, n=5, steps=None)
    legend = ax.legend(loc="lower left", fontsize=9)
    return {"ax": ax, "target": target, "fit": fit, "fit_label": legend.get_texts()[1]}


def update_fit(handles, y, y_hat, n_units):
    """Show a new target y and fit y_hat: (N,) with n_units units; the y limits follow both, with a margin."""
    handles["target"].set_ydata(y)
    handles["fit"].set_ydata(y_hat)
    handles["fit_label"].set_text(_fit_label(n_units))   # in place: rebuilding the legend costs a redraw of it
    both = np.concatenate([y, y_hat])
    low, high = both.min(), both.max()
    pad = 0.1 * (high - low) + 0.05
    handles["ax"].set_ylim(low - pad, high + pad)


def title_relu_fit(ax, n_units, error):
    """Title a panel with its number of ReLU units and its RMS error."""
    ax.set_title(tr("{units} ReLU units: RMS error {error:.3f}").format(units=n_units, error=error), fontsize=10)


def title_universal_approximation(ax, target, units, activation, seed, error, shares):
    """Title the explorer's fit: its setting (target name, units, activation, seed) and its RMS error."""
    if shares:
        text = tr("{target}, {units} {activation} units, seed {seed}, each unit's share: RMS error {error:.4f}")
    else:
        text = tr("{target}, {units} {activation} units, seed {seed}: RMS error {error:.4f}")
    ax.set_title(text.format(target=tr(TARGET_LABELS[target]), units=units, activation=activation, seed=seed,
                             error=error), fontsize=10)


def plot_unit_contributions(ax, x, contributions, max_lines=100):
    """Each hidden unit's share v_j·h_j(x) of the output, as faint lines.   contributions: (N, n).

    Returns dict(units: the LineCollection, x).
    """
    segments = [np.column_stack([x, c]) for c in np.asarray(contributions).T[:max_lines]]
    lines = LineCollection(segments, colors="C0", linewidths=0.8, alpha=0.35)
    ax.add_collection(lines)
    return {"units": lines, "x": x}


def update_unit_contributions(handles, contributions, max_lines=100):
    """Show new shares, contributions: (N, n) (n = 0: none)."""
    x = handles["x"]
    handles["units"].set_segments([np.column_stack([x, c]) for c in np.asarray(contributions).T[:max_lines]])


def plot_error_vs_width(ax, widths, errors, current=None):
    """RMS error of the fit against the number of hidden units (log–log), the current width marked.

    widths, errors: (n,).  Returns dict(ax, errors, current: the marker or None).
    """
    line, = ax.loglog(widths, errors, color="C1", lw=1.5)
    marker = None
    if current is not None:
        k = list(widths).index(current)
        marker, = ax.loglog([current], [errors[k]], "o", color="C3")
    ax.set(xlabel=tr("hidden units n"), ylabel=tr("RMS error"), title=tr("error against width"))
    ax.xaxis.set_major_locator(FixedLocator([1, 3, 10, 30, 100]))
    ax.xaxis.set_major_formatter("{x:g}")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_minor_locator(NullLocator())       # few tick labels: quicker to redraw
        axis.set_minor_formatter(NullFormatter())
    ax.grid(True, which="major", alpha=0.3)
    return {"ax": ax, "errors": line, "current": marker}


def update_error_vs_width(handles, widths, errors, current):
    """The error curve up to the width `current` only (where it ends is for the student to find out), marked;
    the y limits cover every width's error.   widths, errors: (n,)."""
    k = list(widths).index(current)
    handles["errors"].set_data(widths[:k + 1], errors[:k + 1])
    handles["current"].set_data([current], [errors[k]])
    positive = errors[errors > 0]
    handles["ax"].set_ylim(max(positive.min() / 2, 1e-6) if positive.size else 1e-6, errors.max() * 2)


# ---------------------------------------------------------------------------------------------------- depth


def _deep_label(k):
    return tr("deep: {k} layers × 2 units").format(k=k)


def _shallow_label(n_units):
    return tr("shallow: 1 layer × {units} units").format(units=n_units)


def plot_sawtooth(ax, x, y_deep, y_shallow, k, n_units, legend=True):
    """The deep net's sawtooth Tᵏ (2k units in k layers) and a one-hidden-layer net with n_units units.

    x, y_deep, y_shallow: (N,).  Returns dict(ax, deep, shallow, labels: the two legend texts, or () without
    a legend).
    """
    deep, = ax.plot(x, y_deep, color="black", lw=2.5, alpha=0.4, label=_deep_label(k))
    shallow, = ax.plot(x, y_shallow, color="C1", lw=1.3, label=_shallow_label(n_units))
    ax.set(xlim=(0, 1), ylim=(-0.1, 1.35), xlabel="x", ylabel=tr("output"))
    fewer_ticks(ax, n=5, steps=None)
    labels = tuple(ax.legend(loc="upper right", fontsize=8, ncol=2).get_texts()) if legend else ()
    return {"ax": ax, "deep": deep, "shallow": shallow, "labels": labels}


def update_sawtooth(handles, y_deep, y_shallow, k, n_units, pieces_deep, pieces_shallow, error):
    """Show T^k and the shallow net with n_units units: the curves, their legend, their pieces and largest gap."""
    handles["deep"].set_ydata(y_deep)
    handles["shallow"].set_ydata(y_shallow)
    handles["labels"][0].set_text(_deep_label(k))
    handles["labels"][1].set_text(_shallow_label(n_units))
    text = tr("k = {k}, shallow n = {n}\npieces: deep {deep}, shallow {shallow};  max |difference| {error:.3f}")
    handles["ax"].set_title(text.format(k=k, n=n_units, deep=pieces_deep, shallow=pieces_shallow, error=error),
                            fontsize=10)


def title_shallow_attempt(ax, n_units, pieces, error):
    """Title a panel with the shallow net's width, its number of pieces and its largest error."""
    ax.set_title(tr("n = {n}: pieces {pieces}, max error {error:.2f}").format(n=n_units, pieces=pieces,
                                                                             error=error), fontsize=10)


def legend_deep_and_shallow(ax, k):
    """A legend for plot_sawtooth's two curves drawn with legend=False: the deep net and 'one hidden layer'."""
    ax.legend([_deep_label(k), tr("one hidden layer")], fontsize=8, loc="upper left")


def plot_units_needed(ax, ks, deep_units, shallow_units, current_k=None, chosen_units=None, exact=None):
    """Hidden units needed for Tᵏ against k: deep 2k vs shallow 2ᵏ; the current choice marked.

    The unit axis is logarithmic: lines are drawn at log2(units) on a linear axis labelled 2, 8, 32, …
    (the same picture as a log scale, and quicker to redraw).  chosen_units: the shallow width being tried
    at current_k, drawn green if `exact` else red.  ks, deep_units, shallow_units: (K,).
    Returns dict(deep_units, shallow_units, current_k, chosen), the last two None when not drawn.
    """
    ks = np.asarray(ks)
    deep, = ax.plot(ks, np.log2(deep_units), "o-", color="black", ms=4)
    shallow, = ax.plot(ks, np.log2(shallow_units), "s-", color="C1", ms=4)
    # the lines are labelled where they end (cheaper to redraw than a legend)
    ax.text(ks[-1], np.log2(deep_units[-1]) - 0.4, tr("deep: 2k"), ha="right", va="top", fontsize=9)
    ax.text(ks[0], np.log2(shallow_units[-1]), tr("one hidden layer: 2ᵏ"), ha="left", va="top", fontsize=9,
            color="C1")
    line = ax.axvline(current_k, color="0.7", lw=1) if current_k is not None else None
    star = None
    if chosen_units is not None:
        star, = ax.plot([current_k], [np.log2(chosen_units)], "*", ms=12, color="C2" if exact else "C3")
    ticks = np.arange(1, int(np.ceil(np.log2(max(np.max(shallow_units), 2)))) + 1, 2)
    ax.set_yticks(ticks, [f"{2**t:g}" for t in ticks])
    ax.set(xlabel=tr("k (layers of the deep net)"), ylabel=tr("hidden units (log scale)"),
           title=tr("units for Tᵏ (★: your n)"))
    fewer_ticks(ax, n=5, which="x", integer=True, steps=None)
    return {"deep_units": deep, "shallow_units": shallow, "current_k": line, "chosen": star}


def update_units_needed(handles, current_k, chosen_units, exact):
    """Move the marks to k = current_k and the shallow width chosen_units, green if `exact` else red."""
    handles["current_k"].set_xdata([current_k, current_k])
    handles["chosen"].set_data([current_k], [np.log2(chosen_units)])
    handles["chosen"].set_color("C2" if exact else "C3")


# ---------------------------------------------------------------------------------------------------- tables


def report_layers(layers):
    """Print a small net's layers [(W, b), …] (column notation), one line each."""
    for l, (W, b) in enumerate(layers, start=1):
        print(tr("layer {l}: W = {W}, b = {b}").format(l=l, W=W.tolist(), b=b.tolist()))


def report_units(rows):
    """Print the table of T^k's pieces and units; rows: (k, pieces, deep units, shallow units, both exact)."""
    print(tr(" k   pieces of T^k   deep units   shallow units   both exact"))
    for k, pieces, deep, shallow, exact in rows:
        print(f"{k:2d}   {pieces:12d}   {deep:10d}   {shallow:13d}   {exact}")


def report_slopes(rows):
    """Print the table of T^k's slopes; rows: (k, first slope, number of kinks, every change is ±2^(k+1))."""
    print(tr(" k   first slope   kinks   every slope change is ±2^(k+1)"))
    for k, first_slope, kinks, doubling in rows:
        print(f"{k:2d}   {first_slope:11g}   {kinks:5d}   {doubling}")
