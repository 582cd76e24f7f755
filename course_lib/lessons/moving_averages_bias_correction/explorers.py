"""Explorers for the averages notebook: moving averages of a noisy series, bias correction, momentum as an EMA."""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from ... import ema as _ema
from ... import surfaces as _surfaces
from ..explorer import Explorer, _by_gid, checkbox, dropdown, float_slider, int_slider, log_slider
from . import compute as _averages
from . import figures as _plots

__all__ = ["moving_averages", "ema_bias_correction", "momentum_smoothing"]

_SEED = 0            # the series is made in code from this seed, so every reader sees the same data
_N_PAST = 100        # how many past steps the weight plot shows


def _few_ticks(*axes, n=5):
    """At most n + 1 ticks per axis: tick labels are most of the time a redraw takes."""
    for ax in axes:
        ax.xaxis.set_major_locator(MaxNLocator(n, steps=[1, 2, 5, 10]))
        ax.yaxis.set_major_locator(MaxNLocator(n, steps=[1, 2, 5, 10]))


def _inside(point, bounds):
    """Is the 2-D point inside the plotting window ((x_min, x_max), (y_min, y_max))?"""
    (x_min, x_max), (y_min, y_max) = bounds
    return x_min <= point[0] <= x_max and y_min <= point[1] <= y_max


def _temperatures(n_days=365):
    return _averages.daily_temperatures(n_days, np.random.default_rng(_SEED))


def moving_averages(hide=(), **preset):
    """A noisy year of temperatures with its SMA and WMA (window) and EMA (β); right: the weight of each past day."""
    t, theta = _temperatures()

    def draw(ex, beta, window, bias_correction):
        left, right = ex.axes
        e = _ema.ema(theta, beta, bias_correction=bias_correction)
        sma = _ema.simple_moving_average(theta, window)
        wma = _ema.weighted_moving_average(theta, window)
        weights = {"EMA (1 − β)·βᵏ": _ema.ema_weights(beta, _N_PAST),
                   "SMA 1/n": _averages.sma_weights(window, _N_PAST),
                   "WMA (linear)": _averages.wma_weights(window, _N_PAST)}
        n_eff = _ema.effective_window(beta)
        if not ex.artists:
            _plots.plot_moving_averages(left, t, theta, {"SMA": sma, "WMA": wma, "EMA": e})
            _plots.plot_past_weights(right, weights, effective_window=n_eff, legend=False)
            right.set_xlim(-1, _N_PAST)
            _few_ticks(left, right)
            ex.artists.update(left=_by_gid(left), right=_by_gid(right))
        lines, stems = ex.artists["left"], ex.artists["right"]
        lines["sma"].set_ydata(sma)
        lines["wma"].set_ydata(wma)
        lines["ema"].set_ydata(e)
        k = np.arange(_N_PAST)
        w_ema = weights["EMA (1 − β)·βᵏ"]
        stems["ema"].set_ydata(w_ema)
        stems["ema_stems"].set_segments([[(i, 0.0), (i, w)] for i, w in zip(k, w_ema)])
        stems["sma"].set_ydata(weights["SMA 1/n"])
        stems["wma"].set_ydata(weights["WMA (linear)"])
        stems["window"].set_xdata([n_eff, n_eff])
        right.set_ylim(0, 1.05 * max(w_ema[0], weights["WMA (linear)"][0], 1 / window))
        corrected = " (EMA bias-corrected)" if bias_correction else ""
        share = _averages.weight_within(beta, round(n_eff))
        left.set_title(f"window = {window} days, β = {beta:.2f}{corrected}\n"
                       f"the last {n_eff:.0f} days carry {share:.0%} of the EMA weight", fontsize=9)
        right.set_title(f"weight of the value k days back\ndashed: 1/(1 − β) = {n_eff:.1f}", fontsize=9)

    controls = {"beta": float_slider("β (EMA)", 0.9, 0.0, 0.99, 0.01, readout_format=".2f"),
                "window": int_slider("window (SMA, WMA)", 10, 1, 60),
                "bias_correction": checkbox("bias-corrected EMA", False)}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.5, 3.4), subplots=(1, 2),
                    gridspec_kw={"width_ratios": [3, 2]}, title="Moving averages of a noisy series")


def ema_bias_correction(hide=(), **preset):
    """The first 60 days: raw EMA (starting from v0 = 0) against v̂_t = v_t/(1 − βᵗ); right: 1 − βᵗ."""
    _, theta = _temperatures()
    theta = theta[:60]

    def draw(ex, beta, t):
        left, right = ex.axes
        steps, v, total, v_hat = _averages.bias_correction_steps(theta, beta)
        if not ex.artists:
            _plots.plot_ema_bias_correction(left, steps, theta, v, v_hat, t_mark=t)
            _plots.plot_ema_weight_sum(right, steps, total, t_mark=t)
            left.set_ylim(min(0.0, theta.min()) - 1, theta.max() + 2)
            _few_ticks(left, right)
            ex.artists.update(left=_by_gid(left), right=_by_gid(right))
        lines, curve = ex.artists["left"], ex.artists["right"]
        lines["ema"].set_ydata(v)
        lines["ema_corrected"].set_ydata(v_hat)
        lines["t_mark"].set_xdata([t, t])
        curve["total"].set_ydata(total)
        curve["mark"].set_data([t], [total[t - 1]])
        left.set_title(f"t = {t}:  v_t = {v[t - 1]:.2f},  v̂_t = {v[t - 1]:.2f}/{total[t - 1]:.3f} = {v_hat[t - 1]:.2f}",
                       fontsize=10)
        right.set_title(f"β = {beta:.2f}:  1 − βᵗ = {total[t - 1]:.3f}", fontsize=10)

    controls = {"beta": float_slider("β", 0.95, 0.5, 0.99, 0.01, readout_format=".2f"),
                "t": int_slider("t (step)", 5, 1, len(theta))}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.5, 3.4), subplots=(1, 2),
                    gridspec_kw={"width_ratios": [3, 2]}, title="Bias correction in the first steps")


def momentum_smoothing(hide=(), **preset):
    """Gradient descent with V ← βV + (1 − β)g on an elongated bowl; right: raw gradients against V."""
    surface = _surfaces.quadratic(condition_number=10.0, angle=0.0)
    x0, steps = (-2.5, 1.5), 60

    def draw(ex, beta, lr, coordinate):
        left, right = ex.axes
        component = {"w₁ (shallow)": 0, "w₂ (steep)": 1}[coordinate]
        gd_path, _, _ = _averages.momentum_as_ema(surface, x0, lr, 0.0, steps)
        path, g, V = _averages.momentum_as_ema(surface, x0, lr, beta, steps)
        if not ex.artists:
            _plots.plot_ema_momentum_paths(left, surface, {"plain GD (β = 0)": gd_path, "V = EMA of g": path})
            _plots.plot_gradient_smoothing(right, g, V, component=component, name="")
            _few_ticks(left, right)
            ex.artists.update(left=_by_gid(left), right=_by_gid(right))
        paths, curves = ex.artists["left"], ex.artists["right"]
        paths["path0"].set_data(gd_path[:, 0], gd_path[:, 1])
        paths["path1"].set_data(path[:, 0], path[:, 1])
        k = np.arange(steps)
        curves["raw"].set_data(k, g[:, component])
        curves["smooth"].set_data(k, V[:, component])
        right.relim()
        right.autoscale_view()
        right.set_title(f"{coordinate}: raw gradient vs its EMA", fontsize=10)
        notes, states = [], []
        for label, p in (("plain GD", gd_path), ("momentum", path)):
            if np.isnan(p).any():
                notes.append(f"{label} diverged (drawn up to its last finite step)")
                states.append(f"{label} diverged")
            elif not _inside(p[-1], surface.bounds):
                notes.append(f"{label} ends outside the plot: it is diverging")
                states.append(f"{label} off the plot (diverging)")
            else:
                states.append(f"{label} {np.linalg.norm(p[-1]):.1e}")
        # the title's second line says how each run ended (red if one diverges): no box over the paths
        left.set_title(f"β = {beta:.2f}, α = {lr:.3g}, {steps} steps on f = ½(w₁² + 10 w₂²)\n"
                       f"distance to the minimum: {', '.join(states)}", fontsize=8,
                       color="#b00020" if notes else "black")
        if notes:
            ex.messages.append("\n".join(notes))

    controls = {"beta": float_slider("β", 0.5, 0.0, 0.99, 0.01, readout_format=".2f"),
                "lr": log_slider("α (learning rate)", 0.18, 0.02, 1.0),
                "coordinate": dropdown("coordinate", ["w₂ (steep)", "w₁ (shallow)"])}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.5, 3.4), subplots=(1, 2),
                    title="Momentum as an exponential moving average of gradients")
