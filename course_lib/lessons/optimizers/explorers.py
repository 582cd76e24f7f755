"""Explorers for the optimizers notebook: six optimizers racing on 2-D surfaces.

Wiring only: controls, and a draw(ex, **values) that calls compute, then figures (plot_ once, update_ after).
"""

from __future__ import annotations

import ipywidgets as widgets

from ...i18n import tr
from ...surfaces import SURFACES
from ..explorer import Explorer, checkbox, dropdown, float_slider, int_slider, log_slider
from . import compute, figures

__all__ = ["optimizer_paths"]

DEFAULT_SURFACE = "quadratic"
SHOWN = {"sgd": True, "momentum": True, "nesterov": False, "adagrad": False, "rmsprop": True, "adam": True}
START_STEP = 0.05            # resolution of the start-point sliders, in the surface's coordinates
PLAY = {"step": 2, "interval": 150}     # the play button: 2 steps every 150 ms, a 150-step run in about 11 s


def _start_slider(description, bounds, value):
    low, high = bounds
    return float_slider(description, value, low, high, START_STEP, readout_format=".2f")


def _move_start_slider(slider, bounds, value):
    """Give a start slider a new range and value (widening first, so no intermediate value is clipped)."""
    low, high = bounds
    slider.min, slider.max = min(slider.min, low), max(slider.max, high)
    slider.value = value
    slider.min, slider.max = low, high


def _controls(first):
    """The sliders, with the start point and learning rates suggested for the first surface."""
    s0, suggested = compute.surface(first), compute.SUGGESTED[first]
    return {
        "surface": dropdown(tr("surface"), [(figures.surface_label(name), name) for name in SURFACES], first),
        "step": int_slider(tr("step"), compute.STEPS, 0, compute.STEPS),
        **{name: checkbox(figures.label(name), SHOWN[name]) for name in compute.OPTIMIZERS},
        "lr": log_slider(tr("α (SGD, momentum, Nesterov)"), suggested["lr"], 1e-4, 1.0),
        "gamma": float_slider(tr("γ (momentum, Nesterov)"), 0.9, 0.0, 0.99, 0.01, readout_format=".2f"),
        "x0": _start_slider(tr("start x"), s0.bounds[0], s0.default_start[0]),
        "lr_adaptive": log_slider(tr("α (AdaGrad, RMSProp, Adam)"), suggested["lr_adaptive"], 1e-3, 1.0),
        "beta1": float_slider(tr("β1 (Adam)"), 0.9, 0.0, 0.99, 0.01, readout_format=".2f"),
        "y0": _start_slider(tr("start y"), s0.bounds[1], s0.default_start[1]),
        "beta2": float_slider(tr("β2 (Adam)"), 0.999, 0.8, 0.999, 0.001, readout_format=".3f"),
        "rho": float_slider(tr("ρ (RMSProp)"), 0.9, 0.0, 0.99, 0.01, readout_format=".2f"),
        # gradient noise (a stochastic gradient), off by default; the seed fixes the noise sequence
        "noise": float_slider(tr("gradient noise σ"), 0.0, 0.0, 5.0, 0.1, readout_format=".1f"),
        "seed": int_slider(tr("noise seed"), 0, 0, 9),
    }


def _draw(ex, surface, step, lr, lr_adaptive, gamma, beta1, beta2, rho, x0, y0, noise, seed, **shown):
    """Paths are computed (cached) per setting; the step slider only slices them.  The contours are redrawn
    on a surface change only, the loss limits and legend on any change but the step."""
    s = compute.surface(surface)
    names = [name for name in compute.OPTIMIZERS if shown[name]]
    hyper = dict(lr=lr, lr_adaptive=lr_adaptive, gamma=gamma, beta1=beta1, beta2=beta2, rho=rho)
    runs = compute.explorer_runs(surface, (x0, y0), hyper, noise=noise, seed=seed)
    paths, losses, has_min = runs["paths"], runs["losses"], runs["has_min"]
    a = ex.artists
    if not a:  # the first call: every artist, for all six optimizers; later calls only update them
        a.update(figures.plot_optimizer_explorer(*ex.axes, paths, losses, step, compute.STEPS),
                 surface=None, setting=None)
    if a["surface"] != surface:
        figures.update_surface(a, compute.contour_grid(surface), s.minima, has_min)
        a["surface"] = surface
    setting = (surface, tuple(names), x0, y0, tuple(hyper.values()), noise, seed)
    if a["setting"] != setting:
        figures.update_loss_limits(a, compute.loss_limits([losses[n] for n in names], has_min), names)
        a["setting"] = setting
    ends = {name: compute.shown_rows(paths[name], step, s.bounds) for name in names}
    figures.update_optimizer_paths(a["paths"], paths, ends, (x0, y0))
    figures.update_path_losses(a["losses"], losses, ends, has_min)
    figures.update_explorer_titles(a, surface, step, compute.STEPS, noise, seed, lr, lr_adaptive, gamma)
    left = ex.axes[0]
    if not names:
        ex.message(left, tr("tick at least one optimizer"))
    note = figures.divergence_note(compute.divergences({n: paths[n] for n in names}, upto=step),
                                   unbounded=not has_min)
    if note:
        ex.message(left, note, xy=(0.5, 0.97), va="top", fontsize=9)


def _follow_surface(controls, made):
    """An observer: a new surface brings its own window, start point and suggested learning rates.

    It runs before the explorer's own (it is registered first) and changes the four controls while the
    explorer holds its redraws, so the explorer's redraw for the new surface shows them all at once: one
    redraw instead of five.
    """
    def on_surface(change):
        ex = made.get("explorer")
        if ex is None:
            return
        s, suggested = compute.surface(change["new"]), compute.SUGGESTED[change["new"]]
        with ex.hold(redraw=False):
            _move_start_slider(controls["x0"], s.bounds[0], s.default_start[0])
            _move_start_slider(controls["y0"], s.bounds[1], s.default_start[1])
            controls["lr"].value = suggested["lr"]
            controls["lr_adaptive"].value = suggested["lr_adaptive"]
    return on_surface


def _add_play_button(ex, step_slider):
    """A play button next to the step slider that runs it, linked in the browser."""
    play = widgets.Play(value=step_slider.value, min=0, max=compute.STEPS, description=tr("play"), **PLAY)
    widgets.jslink((play, "value"), (step_slider, "value"))
    grid = next(child for child in ex.children if isinstance(child, widgets.GridBox))
    position = list(grid.children).index(step_slider) + 1
    grid.children = grid.children[:position] + (play,) + grid.children[position:]


def optimizer_paths(hide=(), **preset):
    """SGD, momentum, Nesterov, AdaGrad, RMSProp and Adam on one surface; right: f − f_min per step (log)."""
    first = preset.get("surface", DEFAULT_SURFACE)
    if first not in SURFACES:
        raise ValueError(f"surface must be one of {', '.join(repr(s) for s in SURFACES)}, got {first!r}")
    controls = _controls(first)
    made = {}  # the explorer, once built: the surface observer needs it
    controls["surface"].observe(_follow_surface(controls, made), names="value")
    ex = Explorer(controls, _draw, preset=preset, hide=hide, figsize=(9.5, 3.6), subplots=(1, 2),
                  gridspec_kw={"width_ratios": [5, 4]}, title=tr("Optimizers on a 2-D surface"))
    made["explorer"] = ex
    if "step" not in hide:
        _add_play_button(ex, controls["step"])
    return ex
