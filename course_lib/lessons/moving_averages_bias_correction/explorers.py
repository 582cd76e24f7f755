"""Explorers for the averages notebook: moving averages of a noisy series, bias correction, momentum as an EMA.

Wiring only: controls, and a draw(ex, **values) that calls compute, then figures (plot_ once, update_ after).
"""

from __future__ import annotations

from ... import surfaces
from ...i18n import tr
from ..axes import fewer_ticks
from ..explorer import Explorer, checkbox, dropdown, float_slider, int_slider, log_slider
from . import compute, figures

__all__ = ["moving_averages", "ema_bias_correction", "momentum_smoothing"]

FIRST_STEPS = 60                       # the bias-correction explorer shows the series' first 60 days
BOWL = {"condition_number": 10.0, "angle": 0.0}     # f = ½(w₁² + 10 w₂²): a valley momentum smooths across
START = (-2.5, 1.5)                    # far along the shallow axis and off the valley floor
MOMENTUM_STEPS = 60                    # enough for plain GD to reach the minimum at the default α
TICK_STEPS = (1, 2, 5, 10)             # at most 6 ticks per axis, on nice steps: tick labels cost redraw time


def moving_averages(hide=(), **preset):
    """A noisy year of temperatures with its SMA and WMA (window) and EMA (β); right: the weight of each past day."""
    t, theta = compute.explorer_temperatures()

    def draw(ex, beta, window, bias_correction):
        view = compute.averages_view(theta, beta, window, bias_correction)
        if not ex.artists:
            left, right = ex.axes
            averages = {kind: view[kind] for kind in ("sma", "wma", "ema")}
            ex.artists["left"] = figures.plot_moving_averages(left, t, theta, averages)
            ex.artists["right"] = figures.plot_past_weights(right, view["weights"], view["effective_window"],
                                                            legend=False)
            right.set_xlim(-1, compute.N_PAST)
            fewer_ticks(left, right, n=5, steps=TICK_STEPS)
        figures.update_moving_averages(ex.artists["left"], view, window, beta, bias_correction)
        figures.update_past_weights(ex.artists["right"], view["weights"], view["effective_window"], window)

    controls = {"beta": float_slider(tr("β (EMA)"), 0.9, 0.0, 0.99, 0.01, readout_format=".2f"),
                "window": int_slider(tr("window (SMA, WMA)"), 10, 1, 60),
                "bias_correction": checkbox(tr("bias-corrected EMA"), False)}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.5, 3.4), subplots=(1, 2),
                    gridspec_kw={"width_ratios": [3, 2]}, title=tr("Moving averages of a noisy series"))


def ema_bias_correction(hide=(), **preset):
    """The first 60 days: raw EMA (starting from v0 = 0) against v̂_t = v_t/(1 − βᵗ); right: 1 − βᵗ."""
    theta = compute.explorer_temperatures()[1][:FIRST_STEPS]

    def draw(ex, beta, t):
        steps, v, total, v_hat = compute.bias_correction_steps(theta, beta)
        if not ex.artists:
            left, right = ex.axes
            ex.artists["left"] = figures.plot_ema_bias_correction(left, steps, theta, v, v_hat, t_mark=t)
            ex.artists["right"] = figures.plot_ema_weight_sum(right, steps, total, t_mark=t)
            left.set_ylim(min(0.0, theta.min()) - 1, theta.max() + 2)     # 1 °C below, 2 °C above the data
            fewer_ticks(left, right, n=5, steps=TICK_STEPS)
        figures.update_ema_bias_correction(ex.artists["left"], v, total, v_hat, t)
        figures.update_ema_weight_sum(ex.artists["right"], total, t, beta)

    controls = {"beta": float_slider("β", 0.95, 0.5, 0.99, 0.01, readout_format=".2f"),
                "t": int_slider(tr("t (step)"), 5, 1, len(theta))}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.5, 3.4), subplots=(1, 2),
                    gridspec_kw={"width_ratios": [3, 2]}, title=tr("Bias correction in the first steps"))


def momentum_smoothing(hide=(), **preset):
    """Gradient descent with V ← βV + (1 − β)g on an elongated bowl; right: raw gradients against V."""
    surface = surfaces.quadratic(**BOWL)

    def draw(ex, beta, lr, coordinate):
        runs = compute.momentum_smoothing_runs(surface, START, lr, beta, MOMENTUM_STEPS)
        if not ex.artists:
            left, right = ex.axes
            ex.artists["left"] = figures.plot_ema_momentum_paths(left, surface, runs["gd_path"], runs["path"])
            ex.artists["right"] = figures.plot_gradient_smoothing(right, runs["g"], runs["V"], component=coordinate,
                                                                  name="")
            fewer_ticks(left, right, n=5, steps=TICK_STEPS)
        notes = figures.update_ema_momentum_paths(ex.artists["left"], runs, beta, lr, MOMENTUM_STEPS)
        figures.update_gradient_smoothing(ex.artists["right"], runs["g"], runs["V"], coordinate)
        if notes:
            ex.messages.append("\n".join(notes))

    options = [(tr(figures.COORDINATES[c]), c) for c in (1, 0)]        # the steep coordinate first
    controls = {"beta": float_slider("β", 0.5, 0.0, 0.99, 0.01, readout_format=".2f"),
                "lr": log_slider(tr("α (learning rate)"), 0.18, 0.02, 1.0),
                "coordinate": dropdown(tr("coordinate"), options)}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.5, 3.4), subplots=(1, 2),
                    title=tr("Momentum as an exponential moving average of gradients"))
