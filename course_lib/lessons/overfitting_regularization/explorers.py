"""Explorers for the overfitting notebook: bias and variance against capacity, L1 vs L2, early stopping."""

from __future__ import annotations

from ...i18n import tr
from ..axes import fewer_ticks, freeze_axes
from ..explorer import Explorer, float_slider, int_slider, log_slider
from . import compute, figures

__all__ = ["bias_variance", "l1_vs_l2", "early_stopping"]

NOISE_DIGITS = 2         # the noise slider's value rounded to this, so that 0.30000000000000004 hits the cache
LOSS_TOP = 0.8           # early_stopping's loss axes reach at least this high, and 10% above the highest loss


def bias_variance(hide=(), **preset):
    """Left: 30 polynomial fits to resampled training sets, their mean and the truth; right: bias², variance
    and expected test error against the degree (all fits are closed-form least squares, cached per setting)."""

    def draw(ex, degree, n_train, noise):
        study = compute.bias_variance_study(n_train, round(noise, NOISE_DIGITS))
        if not ex.artists:
            ex.artists.update(figures.plot_bias_variance_panels(ex.axes, study, degree), frozen=False)
            return
        if not ex.artists["frozen"]:                   # the first draw is done and the layout fixed
            figures.freeze_legends(ex.fig)
            ex.artists["frozen"] = True
        figures.update_bias_variance_panels(ex.artists, study, degree)

    controls = {"degree": int_slider(tr("degree (capacity)"), 3, 0, compute.MAX_DEGREE),
                "n_train": int_slider(tr("points per training set"), 20, 15, 60, step=5),
                "noise": float_slider(tr("noise σ"), 0.3, 0.1, 0.6, 0.1, readout_format=".1f")}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.5, 3.4), subplots=(1, 2),
                    title=tr("Bias and variance: many fits to resampled data"))


def l1_vs_l2(hide=(), **preset):
    """The same digits MLP trained with L1 and with L2 at each λ of a grid (at build time); the slider picks λ.
    Left: weight histograms; middle: the fraction of weights with |w| < 0.01; right: validation loss vs λ."""
    study = compute.regularization_study()
    lams = study["lams"]

    def draw(ex, lam):
        i = compute.nearest_lambda(lams, lam)
        counts = compute.weight_histograms(study, i)
        if not ex.artists:
            ex.artists.update(figures.plot_l1_vs_l2(ex.axes, study, i, counts), frozen=False)
            return
        if not ex.artists["frozen"]:                   # drawn once: the limits never change
            freeze_axes(*ex.axes)
            ex.artists["frozen"] = True
        figures.update_l1_vs_l2(ex.artists, i, counts)

    controls = {"lam": log_slider(tr("λ (penalty strength)"), 1e-3, float(lams[0]), float(lams[-1]),
                                  steps_per_decade=2, readout_format=".1e")}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(10.5, 3.4), subplots=(1, 3),
                    title=tr("L1 vs L2: the same net trained with each penalty"))


def early_stopping(hide=(), **preset):
    """Early stopping with patience on the textbook curve (left) and on a real, noisy run (right, precomputed).
    Marks where training stops and whose weights are kept (EarlyStopping semantics of course_lib.training)."""
    curves = compute.early_stopping_curves()

    def draw(ex, patience):
        for k, (ax, (name, (val, train))) in enumerate(zip(ex.axes, curves.items())):
            point = compute.early_stopping_point(val, patience)
            if name not in ex.artists:
                ex.artists[name] = figures.plot_early_stopping(ax, val, point, train=train, legend=k == 1)
                fewer_ticks(ax)
                ax.set_ylim(0, max(LOSS_TOP, 1.1 * float(val.max())))
            figures.update_early_stopping(ex.artists[name], point, name, patience)
            if not point.stopped:
                ex.message(ax, tr("patience never ran out: all epochs ran\nand the LAST weights are kept"))

    controls = {"patience": int_slider(tr("patience (epochs)"), 10, 0, 40)}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.5, 3.4), subplots=(1, 2),
                    title=tr("Early stopping: expectation vs reality"))
