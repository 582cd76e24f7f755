"""Explorers for the optimizer_paths notebook: six optimizers racing on 2-D surfaces."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib import ticker
from matplotlib.transforms import ScaledTranslation

from ...surfaces import SURFACES, diverged_at
from ..explorer import Explorer, _by_gid, checkbox, dropdown, float_slider, int_slider, log_slider
from . import compute as _op
from . import figures as _plots

__all__ = ["optimizer_paths"]

_DEFAULT_SURFACE = "quadratic"
_SHOWN = {"sgd": True, "momentum": True, "nesterov": False, "adagrad": False, "rmsprop": True, "adam": True}


def _pin_axis_labels(ax, below=24, left=28):
    """Put the axis labels at fixed offsets (points) from the axes.

    Left to itself, matplotlib measures every tick label on every draw to place the axis labels; with the
    labels pinned, a redraw is about a quarter cheaper.
    """
    points = ax.figure.dpi_scale_trans
    ax.xaxis.set_label_coords(0.5, 0.0, transform=ax.transAxes + ScaledTranslation(0, -below / 72, points))
    ax.yaxis.set_label_coords(0.0, 0.5, transform=ax.transAxes + ScaledTranslation(-left / 72, 0, points))


def _start_slider(description, bounds, value):
    low, high = bounds
    return float_slider(description, value, low, high, 0.05, readout_format=".2f")


def _move_start_slider(slider, bounds, value):
    """Give a start slider a new range and value (widening first, so no intermediate value is clipped)."""
    low, high = bounds
    slider.min, slider.max = min(slider.min, low), max(slider.max, high)
    slider.value = value
    slider.min, slider.max = low, high


def _loss_limits(losses, log):
    """y-limits showing the finite losses, up to 30× the largest start value (a divergence leaves the top)."""
    if not losses:
        return (1e-3, 10.0) if log else (-10.0, 10.0)
    values = np.concatenate([loss[np.isfinite(loss)] for loss in losses])
    start = max(float(loss[0]) for loss in losses)
    if log:
        low = max(values.min(), _plots.LOSS_FLOOR)
        return low / 3, max(start, low) * 30
    return max(values.min(), -1e6) * 1.5 - 1.0, max(start, 0.0) * 1.5 + 1.0


def optimizer_paths(hide=(), **preset):
    """SGD, momentum, Nesterov, AdaGrad, RMSProp and Adam on one surface; right: f − f_min per step (log)."""
    first = preset.get("surface", _DEFAULT_SURFACE)
    if first not in SURFACES:
        raise ValueError(f"surface must be one of {', '.join(repr(s) for s in SURFACES)}, got {first!r}")
    s0 = _op.surface(first)
    suggested = _op.SUGGESTED[first]

    def draw(ex, surface, step, lr, lr_adaptive, gamma, beta1, beta2, rho, x0, y0, noise, seed, **shown):
        left, right = ex.axes
        s = _op.surface(surface)
        names = [name for name in _op.OPTIMIZERS if shown[name]]
        hyper = dict(lr=lr, lr_adaptive=lr_adaptive, gamma=gamma, beta1=beta1, beta2=beta2, rho=rho)
        paths = {name: _op.optimizer_path(name, surface, (x0, y0), _op.STEPS, noise=noise, seed=seed,
                                          **_op.hyperparameters(name, **hyper))
                 for name in _op.OPTIMIZERS}
        losses = {name: _op.loss_along(s, path) for name, path in paths.items()}
        has_min = bool(s.minima)
        a = ex.artists

        if not a:  # the first call: every artist, for all six optimizers; later calls only update them
            _plots.plot_optimizer_paths(left, paths, upto=step)
            _plots.plot_path_losses(right, losses, upto=step, legend=False)
            right.set_xlim(0, _op.STEPS)
            right.xaxis.set_major_locator(ticker.MultipleLocator(50))
            _pin_axis_labels(left)
            _pin_axis_labels(right, left=36)
            a.update(lines=_by_gid(left) | _by_gid(right), texts=[], surface=None, setting=None)
        lines = a["lines"]

        if a["surface"] != surface:  # the contour background: once per surface change, from a cached grid
            if "contours" in a:
                a["contours"].remove()
                lines["minima"].remove()
            X, Y, Z, levels = _op.contour_grid(surface)
            _plots.plot_surface_contours(left, X, Y, Z, levels, minima=s.minima)
            a["contours"] = next(c for c in left.collections if c.get_gid() == "contours")
            lines["minima"] = _by_gid(left)["minima"]
            if has_min:
                right.set_yscale("log")
                _plots._light_log_axis(right.yaxis)
            else:
                right.set_yscale("symlog", linthresh=1.0)
            right.set_ylabel("f(w) − f_min" if has_min else "f(w)  (symlog: f has no minimum)")
            a["surface"] = surface

        setting = (surface, tuple(names), x0, y0, tuple(hyper.values()), noise, seed)
        if a["setting"] != setting:  # anything but the step: new limits and legend
            right.set_ylim(*_loss_limits([losses[n] for n in names], has_min))
            handles = [lines[f"loss:{n}"] for n in names]
            if right.get_legend():
                right.get_legend().remove()
            if handles:
                right.legend(handles=handles, loc="upper right", fontsize=8, ncol=2)
            a["setting"] = setting

        # the step slider only slices the precomputed paths
        for name in _op.OPTIMIZERS:
            visible = name in names
            for kind in ("path", "head", "loss"):
                lines[f"{kind}:{name}"].set_visible(visible)
            if not visible:
                continue
            path = paths[name]
            k = diverged_at(path)
            end = step + 1 if k is None else min(step + 1, k)
            out = _op.leaves_window(path, s.bounds)
            if out is not None:          # drawn until it leaves the window: no lines criss-crossing the figure
                end = min(end, out + 1)
            lines[f"path:{name}"].set_data(path[:end, 0], path[:end, 1])
            lines[f"head:{name}"].set_data(path[end - 1 : end, 0], path[end - 1 : end, 1])
            loss = losses[name][:end]
            lines[f"loss:{name}"].set_data(np.arange(end), np.maximum(loss, _plots.LOSS_FLOOR) if has_min else loss)
        lines["start"].set_data([x0], [y0])
        # a fixed title height spares matplotlib a layout pass on every draw
        noisy = f", gradient noise σ = {noise:.2g} (seed {seed})" if noise > 0 else ""
        left.set_title(f"{surface}: step {step} of {_op.STEPS}{noisy}", fontsize=10, y=1.0)
        right.set_title(f"α = {lr:.2g} (SGD family), {lr_adaptive:.2g} (adaptive), γ = {gamma:.2g}", fontsize=9,
                        y=1.0)

        if not names:
            ex.message(left, "tick at least one optimizer")
        notes = _op.divergence_messages({n: paths[n] for n in names}, upto=step, unbounded=not has_min)
        if notes:
            ex.message(left, "\n".join(notes) + "\n(paths drawn until they leave the window)", xy=(0.5, 0.97),
                       va="top", fontsize=9)

    controls = {
        "surface": dropdown("surface", list(SURFACES), first),
        "step": int_slider("step", _op.STEPS, 0, _op.STEPS),
        **{name: checkbox(_op.LABELS[name], _SHOWN[name]) for name in _op.OPTIMIZERS},
        "lr": log_slider("α (SGD, momentum, Nesterov)", suggested["lr"], 1e-4, 1.0),
        "gamma": float_slider("γ (momentum, Nesterov)", 0.9, 0.0, 0.99, 0.01, readout_format=".2f"),
        "x0": _start_slider("start x", s0.bounds[0], s0.default_start[0]),
        "lr_adaptive": log_slider("α (AdaGrad, RMSProp, Adam)", suggested["lr_adaptive"], 1e-3, 1.0),
        "beta1": float_slider("β1 (Adam)", 0.9, 0.0, 0.99, 0.01, readout_format=".2f"),
        "y0": _start_slider("start y", s0.bounds[1], s0.default_start[1]),
        "beta2": float_slider("β2 (Adam)", 0.999, 0.8, 0.999, 0.001, readout_format=".3f"),
        "rho": float_slider("ρ (RMSProp)", 0.9, 0.0, 0.99, 0.01, readout_format=".2f"),
        # gradient noise (a stochastic gradient), off by default; the seed fixes the noise sequence
        "noise": float_slider("gradient noise σ", 0.0, 0.0, 5.0, 0.1, readout_format=".1f"),
        "seed": int_slider("noise seed", 0, 0, 9),
    }
    made = {}  # the explorer, once built: the surface observer below needs it

    def on_surface(change):
        """A new surface brings its own window, start point and suggested learning rates.

        This observer runs before the explorer's own (it is registered first).  It changes the four controls
        while the explorer holds its redraws, so the explorer's redraw for the new surface shows them all at
        once: one redraw instead of five.
        """
        ex = made.get("explorer")
        if ex is None:
            return
        s = _op.surface(change["new"])
        with ex.hold(redraw=False):
            _move_start_slider(controls["x0"], s.bounds[0], s.default_start[0])
            _move_start_slider(controls["y0"], s.bounds[1], s.default_start[1])
            controls["lr"].value = _op.SUGGESTED[change["new"]]["lr"]
            controls["lr_adaptive"].value = _op.SUGGESTED[change["new"]]["lr_adaptive"]

    controls["surface"].observe(on_surface, names="value")
    ex = Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.5, 3.6), subplots=(1, 2),
                  gridspec_kw={"width_ratios": [5, 4]}, title="Optimizers on a 2-D surface")

    made["explorer"] = ex
    if "step" not in hide:  # a play button that runs the step slider, linked in the browser
        play = widgets.Play(value=controls["step"].value, min=0, max=_op.STEPS, step=2, interval=150,
                            description="play")
        widgets.jslink((play, "value"), (controls["step"], "value"))
        grid = next(child for child in ex.children if isinstance(child, widgets.GridBox))
        position = list(grid.children).index(controls["step"]) + 1
        grid.children = grid.children[:position] + (play,) + grid.children[position:]
    return ex
