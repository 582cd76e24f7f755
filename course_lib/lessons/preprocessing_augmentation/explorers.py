"""Explorers for the preprocessing and augmentation notebook: controls wired to compute (numbers) and figures."""

from __future__ import annotations

import numpy as np

from ...i18n import tr
from ..explorer import Explorer, checkbox, dropdown, float_slider, int_slider, log_slider
from . import compute, figures

__all__ = ["feature_scaling_gd", "affine_augment", "spectrogram_masking"]

N_SAMPLES = 200          # examples of the two-feature regression
SCALERS = ("min-max", "standardize", "unit norm")


def feature_scaling_gd(hide=(), **preset):
    """Linear regression on two features of different scales: loss contours and GD, raw vs scaled."""
    controls = {
        "ratio": log_slider(tr("feature-scale ratio x₂/x₁"), 10.0, 1.0, 1000.0, steps_per_decade=10),
        "scaler": dropdown(tr("scaler (fit on training data)"),
                           [(tr(figures.SCALER_LABELS[name]), name) for name in SCALERS], "standardize"),
    }

    def draw(ex, ratio, scaler):
        curves = compute.scaling_curves(float(ratio), scaler, N_SAMPLES)
        if not ex.artists:
            ex.artists.update(figures.plot_feature_scaling(ex.axes, curves, ratio, scaler))
        else:
            figures.update_feature_scaling(ex.artists, curves, ratio, scaler)
        for ax, study in zip(ex.axes, curves[0].values()):
            if study["steps"] is None:
                ex.message(ax, figures.not_converged_note())

    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.6, 3.6), subplots=(1, 3),
                    title=tr("Feature scales and gradient descent"), columns=2)


def affine_augment(hide=(), **preset):
    """A digit warped by an affine matrix (translation, scale, rotation, shear, flip) plus Gaussian noise."""
    controls = {
        "digit": int_slider(tr("digit"), 7, 0, 9),
        "tx": float_slider(tr("shift x (px)"), 0.0, -3.0, 3.0, 0.25),
        "ty": float_slider(tr("shift y (px)"), 0.0, -3.0, 3.0, 0.25),
        "scale": float_slider(tr("scale"), 1.0, 0.5, 1.5, 0.05),
        "rotation": float_slider(tr("rotation (°)"), 0.0, -180.0, 180.0, 5.0),
        "shear": float_slider(tr("shear"), 0.0, -1.0, 1.0, 0.05),
        "flip": checkbox(tr("flip left–right")),
        "noise": float_slider(tr("noise std"), 0.0, 0.0, 0.5, 0.05),
    }

    def draw(ex, digit, **settings):
        M, warped = compute.warped_digit(digit, **settings)
        original = compute.digit_examples()[digit]
        if not ex.artists:
            ex.artists.update(figures.plot_affine_augment(ex.axes, original, warped, M))
        figures.update_affine_augment(ex.artists, original, warped, M, digit, settings)

    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.0, 3.2), subplots=(1, 3),
                    gridspec_kw={"width_ratios": [1, 1, 1.3]}, title=tr("Affine augmentation of a digit"), columns=4)


def spectrogram_masking(hide=(), **preset):
    """SpecAugment-style masks on a synthetic spectrogram: bands of time frames and frequency bins blanked."""
    controls = {
        "time_width": int_slider(tr("max time-mask width"), 15, 0, 40),
        "freq_width": int_slider(tr("max frequency-mask width"), 10, 0, 30),
        "n_masks": int_slider(tr("masks of each kind"), 1, 0, 3),
        "seed": int_slider(tr("random seed"), 0, 0, 20),
    }
    spec = compute.spectrogram()
    vmin, vmax = compute.display_range(spec)

    def draw(ex, time_width, freq_width, n_masks, seed):
        masked = compute.masked_spectrogram(spec, time_width, freq_width, n_masks, np.random.default_rng(seed))
        if not ex.artists:
            ex.artists.update(figures.plot_spectrogram_masking(ex.axes, spec, masked, vmin, vmax))
        figures.update_spectrogram_masking(ex.artists, masked, time_width, freq_width, n_masks, seed)

    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.0, 3.2), subplots=(1, 2),
                    title=tr("Spectrogram masking"), columns=2)
