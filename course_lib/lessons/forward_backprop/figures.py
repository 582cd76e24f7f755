"""Drawing for notebook 02 (forward pass and backprop): each plot_ function draws on the Axes it is given and
returns the artists that its update_ function, right below it, moves in place.
"""

from __future__ import annotations

import numpy as np

from ...i18n import N_, NC_, tr
from ..axes import fewer_ticks
from .compute import activation_pair

__all__ = ["plot_activation_and_derivative", "plot_loss_curve", "update_loss_curve", "loss_ylim",
           "loss_title", "descent_warning", "plot_tiny_fit", "update_tiny_fit"]

ACTIVATION_NAMES = {"sigmoid": N_("sigmoid"), "tanh": N_("tanh"), "relu": N_("relu"), "step": NC_("activation", "step"),
                    "linear": N_("linear")}
COST_NAMES = {"quadratic": NC_("cost", "quadratic"), "cross_entropy": N_("cross-entropy")}

MAX_TICKS = 5     # tick labels are most of the cost of redrawing a small figure


def plot_activation_and_derivative(ax, z, name):
    """An activation f(z) and its derivative f'(z) (dashed) on one Axes.   name: sigmoid, tanh, relu or step.

    Returns {"f": Line2D, "f_grad": Line2D}."""
    f, f_grad = activation_pair(name)
    shown = tr(ACTIVATION_NAMES[name])
    ax.axhline(0, color="0.85", lw=1, zorder=0)
    line_f, = ax.plot(z, f(z), color="C0", lw=2, label=tr("{name}(z)").format(name=shown))
    line_grad, = ax.plot(z, f_grad(z), color="C3", lw=1.6, ls="--", label=tr("{name}'(z)").format(name=shown))
    ax.set(xlabel="z", title=shown)
    ax.legend(loc="upper left", fontsize=8)
    return {"f": line_f, "f_grad": line_grad}


def slopes_text(slope, fd_slope=None, path=None):
    """What the loss panel says in words: the tangent's slope, its finite-difference check, where descent went."""
    lines = [tr("tangent (red), backprop: dC/dw = {slope:+.4f}").format(slope=slope)]
    if fd_slope is not None:
        lines.append(tr("finite difference:       {slope:+.4f}").format(slope=fd_slope))
    if path is not None and len(path) > 1:
        steps = len(path) - 1
        text = tr("descent (green), 1 step: w = {w:.3g}") if steps == 1 else \
            tr("descent (green), {steps} steps: w = {w:.3g}")
        lines.append(text.format(steps=steps, w=path[-1]))
    return "\n".join(lines)


def loss_ylim(C_values):
    """y-limits for a cost curve with an empty band at the bottom for the text box (about a quarter of the
    height), so that the box never covers the curve or the descent path, which lie on the curve."""
    low, high = float(np.min(C_values)), float(np.max(C_values))
    pad = 0.08 * (high - low) + 1e-3
    return low - 0.45 * (high - low) - 4 * pad, high + pad


def plot_loss_curve(ax, w_grid, C_values, w0, C0, slope, fd_slope=None, path=None, path_C=None, span=1.5):
    """C(w) over a grid, the point (w0, C0), the tangent of slope `slope` there, and gradient-descent iterates.

    The tangent is drawn over w0 ± span.  A text box in an empty band below the curve gives the backprop
    slope, the finite-difference estimate `fd_slope` beside it, and where the descent ended (no legend: it
    is slow to redraw).  path, path_C: the iterates w_t and C(w_t).
    Returns {"curve", "tangent", "path", "point": Line2D, "slopes": Text, "span": float}.
    """
    curve, = ax.plot(w_grid, C_values, color="C0", lw=2)
    tangent, = ax.plot([], [], color="C3", lw=1.5)
    path_line, = ax.plot([], [], ".-", color="C2", lw=1, ms=6)
    point, = ax.plot([], [], "o", color="C3", ms=8)
    slopes = ax.text(0.02, 0.04, "", transform=ax.transAxes, fontsize=8.5, family="monospace",
                     bbox=dict(facecolor="white", edgecolor="0.8", alpha=0.9))
    ax.set(xlim=(w_grid[0], w_grid[-1]), xlabel=tr("the free weight w"), ylabel=tr("cost C(w)"))
    fewer_ticks(ax, n=MAX_TICKS, steps=None)
    handles = {"ax": ax, "curve": curve, "tangent": tangent, "path": path_line, "point": point, "slopes": slopes,
               "span": span}
    update_loss_curve(handles, C_values, w0, C0, slope, fd_slope, path, path_C)
    return handles


def update_loss_curve(handles, C_values, w0, C0, slope, fd_slope=None, path=None, path_C=None, inside=None,
                      title=None):
    """Move what plot_loss_curve drew: the curve C_values (same grid), tangent and point at w0, the iterates
    (path, path_C; only those where the bool array `inside` is true are drawn), the text box and the y-limits;
    title: the Axes' title (None: unchanged)."""
    handles["curve"].set_ydata(C_values)
    t = np.array([w0 - handles["span"], w0 + handles["span"]])
    handles["tangent"].set_data(t, C0 + slope * (t - w0))
    handles["point"].set_data([w0], [C0])
    path = np.array([w0]) if path is None else np.asarray(path)
    path_C = np.array([C0]) if path_C is None else np.asarray(path_C)
    drawn = slice(None) if inside is None else inside
    handles["path"].set_data(path[drawn], path_C[drawn])
    handles["slopes"].set_text(slopes_text(slope, fd_slope, path))
    handles["ax"].set_ylim(*loss_ylim(C_values))
    if title is not None:
        handles["ax"].set_title(title, fontsize=9)


def loss_title(weight, activation, kind, w, lr, steps):
    """The loss panel's title: which weight is free, the hidden activation, the cost and the descent settings."""
    settings = tr("C(w), free weight {weight}: {activation} hidden units, {cost} cost").format(
        weight=weight.split()[0], activation=tr(ACTIVATION_NAMES[activation]), cost=tr(COST_NAMES[kind]))
    descent = tr("w = {w:g}, learning rate {lr:.2g}, 1 descent step") if steps == 1 else \
        tr("w = {w:g}, learning rate {lr:.2g}, {steps} descent steps")
    return settings + "\n" + descent.format(w=w, lr=lr, steps=steps)


def descent_warning(state):
    """A sentence for the loss panel when something needs explaining (compute.OneWeightState), else ""."""
    if state.overflowed:
        return tr("w overflowed after {steps} steps").format(steps=len(state.path) - 1)
    if not state.inside.all():
        return tr("the iterates left the plotted range\n(last w = {w:.3g}): lr too large?").format(w=state.path[-1])
    if state.slopes_disagree:
        return tr("backprop and the finite difference disagree:\nw is within h of a kink or a jump of C")
    return ""


def plot_tiny_fit(ax, x, y, x_grid, output, output_after=None):
    """The tiny net's data (x, y) and its output a^L(x) at the current weight (and after descent, dashed).

    No legend (it is slow to redraw): the title says what is what, in the colours of the curves.
    Returns {"data", "output", "output_after": Line2D, "x_grid": the grid of the outputs}.
    """
    data, = ax.plot(x, y, "o", color="black", ms=6)
    output_line, = ax.plot(x_grid, output, color="C3", lw=1.8)
    after, = ax.plot([], [], color="C2", lw=1.5, ls="--")
    ax.set(xlim=(x_grid[0], x_grid[-1]), ylim=(-0.08, 1.08), xlabel=tr("input x"), ylabel=tr("output"))
    ax.set_title(tr("examples (●), output at w (red),\nafter the steps (green, dashed)"), fontsize=9)
    fewer_ticks(ax, n=MAX_TICKS, steps=None)
    handles = {"data": data, "output": output_line, "output_after": after, "x_grid": np.asarray(x_grid)}
    update_tiny_fit(handles, output, output_after)
    return handles


def update_tiny_fit(handles, output, output_after=None):
    """Move the net's output curves drawn by plot_tiny_fit (output_after None: no dashed curve)."""
    handles["output"].set_ydata(output)
    handles["output_after"].set_data(([], []) if output_after is None else (handles["x_grid"], output_after))


# ----------------------------------------------------------------------------------------------------
# The notebook's printed reports: each returns the text, the notebook prints it
# ----------------------------------------------------------------------------------------------------


def report_layers(weights, z, a):
    """The shapes of every layer's W^l, z^l and a^l, then the output a^L rounded to 4 decimals."""
    L = len(weights)
    lines = [tr("layer {l}: W{l} {W}, z{l} and a{l} {z}").format(l=l, W=weights[l - 1].shape, z=z[l].shape)
             for l in range(1, L + 1)]
    lines.append(tr("outputs a{L}: {values}").format(L=L, values=np.round(a[L], 4)))
    return "\n".join(lines)


def report_costs(quadratic, cross_entropy, mean_log):
    """The quadratic cost and the cross-entropy of the same outputs, and −mean ln P(correct) beside them."""
    return "\n".join([tr("quadratic cost:     {value:.4f}").format(value=quadratic),
                      tr("cross-entropy:      {value:.4f}").format(value=cross_entropy),
                      tr("−mean ln P(correct): {value:.4f}").format(value=mean_log)])


def report_log_loss(by_hand, library):
    """The log loss computed by hand beside course_lib.losses.softmax_cross_entropy's."""
    return tr("log loss by hand:   {by_hand:.4f};  losses.softmax_cross_entropy: {library:.4f}").format(
        by_hand=by_hand, library=library)


def report_gradient_check(kind, agree):
    """Whether every gradient agrees with finite differences, for the cost `kind`."""
    return tr("{cost:13s}: every ∂C/∂W and ∂C/∂b agrees with finite differences: {agree}").format(
        cost=kind, agree=agree)


def report_relative_errors(l, W_below, b_below):
    """Whether layer l's relative errors (weights, biases) are below the printed threshold 1e-7."""
    return tr("layer {l}: relative error below 1e-7 for W: {W},  for b: {b}").format(l=l, W=W_below, b=b_below)


def report_sequential(W_shape, W_seq_shape, same_outputs, same_gradients):
    """The first W^l beside Sequential's first Dense W (its transpose), and whether outputs and gradients agree."""
    return "\n".join([
        tr("W1 here: {W}   W in Sequential's first Dense layer: {W_seq}").format(W=W_shape, W_seq=W_seq_shape),
        tr("same outputs: {same}").format(same=same_outputs),
        tr("same gradients: {same}").format(same=same_gradients)])
