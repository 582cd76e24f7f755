"""Explorers for the overfitting notebook: bias and variance against capacity, L1 vs L2, early stopping."""

from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D

from ..axes import fewer_ticks, freeze_axes
from ..explorer import Explorer, _by_gid, float_slider, int_slider, log_slider
from . import compute as _of
from . import figures as _plots

__all__ = ["bias_variance", "l1_vs_l2", "early_stopping"]

_HIST_BINS = np.linspace(-1.21, 1.21, 122)     # 0.02 wide, the middle bin is |w| < 0.01 = ZERO_THRESHOLD;
                                              # weights beyond ±1.2 (a few) are counted in the end bins


def _freeze_legends(fig):
    """Replace each axes' legend, once drawn, by an image of its pixels.

    A legend's text and boxes cost about a third of a redraw, and these legends never change: after the
    first draw (the layout is fixed by then) an opaque legend looks the same as a picture of itself.
    """
    pixels = np.asarray(fig.canvas.buffer_rgba())
    height = pixels.shape[0]
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        box = legend.get_window_extent()
        pad = 2                                           # pixels: the frame's stroke reaches past the box
        x0, y0 = int(np.floor(box.x0)) - pad, int(np.floor(box.y0)) - pad
        x1, y1 = int(np.ceil(box.x1)) + pad, int(np.ceil(box.y1)) + pad
        fig.figimage(pixels[height - y1 : height - y0, x0:x1].copy(), xo=x0, yo=y0, origin="upper", zorder=10)
        legend.remove()


def bias_variance(hide=(), **preset):
    """Left: 30 polynomial fits to resampled training sets, their mean and the truth; right: bias², variance
    and expected test error against the degree (all fits are closed-form least squares, cached per setting)."""

    def draw(ex, degree, n_train, noise):
        left, right = ex.axes
        study = _of.bias_variance_study(n_train, round(noise, 2))
        c = degree
        if not ex.artists:
            _plots.plot_many_fits(left, study["x_eval"], study["f_eval"], study["fits"][c], study["mean_fit"][c],
                                  study["x"][0], study["y"][0])
            _plots.plot_bias_variance(right, study["degrees"], study["bias2"], study["variance"],
                                      study["test_error"], study["train_error"], noise=noise, mark=c)
            right.set_ylim(top=2e3)
            fewer_ticks(left, right)
            for ax in (left, right):
                ax.get_legend().get_frame().set_alpha(1.0)      # opaque, so that it can be frozen (below)
            ex.artists.update(left=_by_gid(left), right=_by_gid(right), setting=None, frozen=False)
        elif not ex.artists["frozen"]:                 # the first draw is done and the layout fixed
            _freeze_legends(ex.fig)
            ex.artists["frozen"] = True
        fits, curves = ex.artists["left"], ex.artists["right"]
        fits["fits"].set_segments(study["segments"][c])
        fits["mean"].set_ydata(study["mean_fit"][c])
        if ex.artists["setting"] != (n_train, noise):   # the curves against degree: only when the data change
            fits["points"].set_data(study["x"][0], study["y"][0])
            for gid in ("bias2", "variance", "test_error", "train_error"):
                curves[gid].set_ydata(study[gid])
            curves["noise"].set_ydata([noise**2, noise**2])
            right.set_ylim(_plots.bias_variance_bottom(study["bias2"]), 2e3)
            ex.artists["setting"] = (n_train, noise)
        curves["mark"].set_xdata([c, c])
        left.set_title(f"degree {c}, n = {n_train}, σ = {noise:.1f}: {len(study['fits'][c])} of "
                       f"{study['n_sets']} fits", fontsize=10)
        right.set_title(f"bias² {study['bias2'][c]:.2g} (estimate),  variance {study['variance'][c]:.3g},  "
                        f"test error {study['test_error'][c]:.3g}", fontsize=9)

    controls = {"degree": int_slider("degree (capacity)", 3, 0, _of.MAX_DEGREE),
                "n_train": int_slider("points per training set", 20, 15, 60, step=5),
                "noise": float_slider("noise σ", 0.3, 0.1, 0.6, 0.1, readout_format=".1f")}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.5, 3.4), subplots=(1, 2),
                    title="Bias and variance: many fits to resampled data")


def l1_vs_l2(hide=(), **preset):
    """The same digits MLP trained with L1 and with L2 at each λ of a grid (at build time); the slider picks λ.
    Left: weight histograms; middle: the fraction of weights with |w| < 0.01; right: validation loss vs λ."""
    study = _of.regularization_study()
    lams = study["lams"]
    threshold = _of.ZERO_THRESHOLD

    def counts_at(i):
        return {name: np.histogram(np.clip(study[name]["weights"][i], _HIST_BINS[0], _HIST_BINS[-1]),
                                   _HIST_BINS)[0].astype(float) for name in _of.PENALTIES}

    def draw(ex, lam):
        hist, frac, val = ex.axes
        i = int(np.argmin(np.abs(np.log(lams) - np.log(lam))))
        counts = counts_at(i)
        if not ex.artists:
            _plots.plot_penalized_weight_histograms(hist, _HIST_BINS, counts, threshold=threshold)
            hist.set_ylim(0.7, 3e3)
            _plots.plot_near_zero_vs_lambda(frac, lams, {n: study[n]["near_zero"] for n in _of.PENALTIES},
                                            threshold, mark=lams[i], legend=False)
            _plots.plot_validation_vs_lambda(val, lams, {n: study[n]["val_loss"] for n in _of.PENALTIES},
                                             {n: study[n]["train_loss"] for n in _of.PENALTIES},
                                             baseline=study["baseline"]["val_loss"], mark=lams[i])
            fewer_ticks(hist, frac)
            frac.set_yticks([0, 0.5, 1])
            val.legend(handles=[Line2D([], [], color="0.3", marker="o", ms=3.5, label="validation"),
                                Line2D([], [], color="0.3", ls="--", label="training"),
                                Line2D([], [], color="0.4", ls=":", label="λ = 0, validation")],
                       loc="upper left", fontsize=7)             # colours as in the histogram: L1, L2
            ex.artists.update(hist=_by_gid(hist), frac=_by_gid(frac), val=_by_gid(val))
        elif "frozen" not in ex.artists:                 # drawn once: the limits never change
            freeze_axes(hist, frac, val)
            ex.artists["frozen"] = True
        for name in _of.PENALTIES:
            ex.artists["hist"][name].set_data(np.maximum(counts[name], 0.5))
        ex.artists["frac"]["mark"].set_xdata([lams[i], lams[i]])
        ex.artists["val"]["mark"].set_xdata([lams[i], lams[i]])
        l1, l2 = study["l1"], study["l2"]
        hist.set_title(f"λ = {lams[i]:.1e}: weights of the net", fontsize=9)
        frac.set_title(f"|w| < {threshold:g}:  L1 {l1['near_zero'][i]:.0%},  L2 {l2['near_zero'][i]:.0%}", fontsize=9)
        val.set_title(f"val. accuracy:  L1 {l1['val_accuracy'][i]:.0%},  L2 {l2['val_accuracy'][i]:.0%}",
                      fontsize=9)

    controls = {"lam": log_slider("λ (penalty strength)", 1e-3, float(lams[0]), float(lams[-1]),
                                   steps_per_decade=2, readout_format=".1e")}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(10.5, 3.4), subplots=(1, 3),
                    title="L1 vs L2: the same net trained with each penalty")


def early_stopping(hide=(), **preset):
    """Early stopping with patience on the textbook curve (left) and on a real, noisy run (right, precomputed).
    Marks where training stops and whose weights are kept (EarlyStopping semantics of course_lib.training)."""
    t, train_smooth, val_smooth = _of.textbook_curves(120)
    real = _of.early_stopping_study()

    def draw(ex, patience):
        curves = ((ex.axes[0], val_smooth, train_smooth, "expectation"),
                  (ex.axes[1], real["val_loss"], real["loss"], "reality"))
        for k, (ax, val, train, name) in enumerate(curves):
            point = _of.early_stopping_point(val, patience)
            if name not in ex.artists:
                _plots.plot_early_stopping(ax, val, point, train=train, legend=k == 1)
                fewer_ticks(ax)
                ax.set_ylim(0, max(0.8, 1.1 * float(np.max(val))))
                ex.artists[name] = _by_gid(ax)
            art = ex.artists[name]
            art["window"].set_x(point.best)
            art["window"].set_width(point.stop - point.best)
            art["stop"].set_xdata([point.stop, point.stop])
            art["kept"].set_data([point.kept], [val[point.kept - 1]])
            if point.stopped:
                ax.set_title(f"{name}, patience {patience}: stops after epoch {point.stop}, restores epoch "
                             f"{point.best}", fontsize=9)
            else:
                ax.set_title(f"{name}, patience {patience}: patience never ran out", fontsize=9)
                ex.message(ax, "patience never ran out: all epochs ran\nand the LAST weights are kept")

    controls = {"patience": int_slider("patience (epochs)", 10, 0, 40)}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.5, 3.4), subplots=(1, 2),
                    title="Early stopping: expectation vs reality")
