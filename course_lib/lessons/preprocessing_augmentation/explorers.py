"""Explorers for the preprocessing and augmentation notebook."""

from __future__ import annotations

import functools

import numpy as np

from ... import augment
from ..axes import fix_label_position, freeze_axes
from ..explorer import Explorer, checkbox, dropdown, float_slider, int_slider, log_slider
from . import compute as scaling
from . import figures as draw

__all__ = ["feature_scaling_gd", "affine_augment", "spectrogram_masking"]

N_SAMPLES = 200


def _fmt_steps(steps):
    return f"> {scaling.MAX_STEPS:.0e} steps" if steps is None else f"{steps:,} steps"


def _update_contours(ax, artists, study, title):
    """Move the lines drawn by plots.scaling.plot_gd_contours to a new study (same number of contours)."""
    for line, curve in zip(artists["ellipses"], study["ellipses"]):
        line.set_data(curve[:, 0], curve[:, 1])
    path = study["path"]
    artists["path"].set_data(path[:, 0], path[:, 1])
    artists["star"].set_data([study["theta_star"][0]], [study["theta_star"][1]])
    xlim, ylim = draw._square_window(np.vstack([path[:1, :2], study["theta_star"][None, :2]]))
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_title(title, fontsize=9)


def _study_title(name, study):
    return (f"{name}: κ = {study['kappa']:.3g}, α = {study['lr']:.3g}\n"
            f"{_fmt_steps(study['steps'])} to converge, L* = {study['best_loss']:.3f}")


def feature_scaling_gd(hide=(), **preset):
    """Linear regression on two features of different scales: loss contours and GD, raw vs scaled."""
    controls = {
        "ratio": log_slider("feature-scale ratio x₂/x₁", 10.0, 1.0, 1000.0, steps_per_decade=10),
        "scaler": dropdown("scaler (fit on training data)", ["min-max", "standardize", "unit norm"], "standardize"),
    }
    colors = {"raw": draw.RAW_COLOR, "scaled": draw.SCALED_COLOR}

    @functools.lru_cache(maxsize=128)
    def curves(ratio, scaler):
        """The two GD studies, the steps k shown (up to k_max) and each study's relative excess loss at k."""
        X, y, studies = scaling.scaling_comparison(N_SAMPLES, ratio, scaler)
        finite = [s["steps"] for s in studies.values() if s["steps"] is not None]
        k_max = min(scaling.MAX_STEPS, 3 * max(finite + [30])) if len(finite) == 2 else scaling.MAX_STEPS
        k = np.unique(np.round(np.logspace(0, np.log10(k_max), 200)))
        excess = {label: scaling.relative_excess(s["X"], y, s["lr"], k)
                  for s, label in zip(studies.values(), ("no scaling", "scaled"))}
        return studies, k_max, k, excess

    def update(ex, ratio, scaler):
        studies, k_max, k, excess = curves(float(ratio), scaler)
        titles = {"raw": _study_title("no scaling", studies["raw"]), "scaled": _study_title(scaler, studies["scaled"])}
        axes = dict(zip(("raw", "scaled", "loss"), ex.axes))
        if not ex.artists:
            for name in ("raw", "scaled"):
                ax = axes[name]
                draw.plot_gd_contours(ax, studies[name]["ellipses"], studies[name]["path"],
                                      studies[name]["theta_star"], titles[name], color=colors[name],
                                      legend=name == "raw")
                ex.artists[name] = {"ellipses": ax.lines[: len(scaling.CONTOUR_FRACTIONS)],
                                    "path": ax.lines[-3], "star": ax.lines[-1]}
            draw.plot_excess_loss(axes["loss"], k, excess, tol=scaling.TOLERANCE,
                                  colors=dict(zip(excess, colors.values())))
            ex.artists["excess"] = axes["loss"].lines[:2]
        else:
            if "frozen" not in ex.artists:      # drawn once: the loss axis' y-limits and tick-label heights stay
                freeze_axes(axes["loss"], x=False)
                fix_label_position(axes["loss"].xaxis)
                ex.artists["frozen"] = True
            for name in ("raw", "scaled"):
                _update_contours(axes[name], ex.artists[name], studies[name], titles[name])
            for line, values in zip(ex.artists["excess"], excess.values()):
                line.set_data(k, values)
        axes["loss"].set_xlim(1, k_max)
        axes["loss"].set_title(f"GD with α = 0.95·2/λ_max, ratio x₂/x₁ = {ratio:.3g}", fontsize=9)
        for name in ("raw", "scaled"):
            if studies[name]["steps"] is None:
                ex.message(axes[name], "not converged\nwithin 10¹² steps")

    return Explorer(controls, update, preset=preset, hide=hide, figsize=(9.6, 3.6), subplots=(1, 3),
                    title="Feature scales and gradient descent", columns=2)


@functools.lru_cache(maxsize=1)
def _digit_examples():
    """The first image of each class 0–9 of the bundled digits, as (10, 8, 8)."""
    from ...data import digits

    X, y = digits()
    return np.stack([X[np.flatnonzero(y == k)[0]].reshape(8, 8) for k in range(10)])


def affine_augment(hide=(), **preset):
    """A digit warped by an affine matrix (translation, scale, rotation, shear, flip) plus Gaussian noise."""
    controls = {
        "digit": int_slider("digit", 7, 0, 9),
        "tx": float_slider("shift x (px)", 0.0, -3.0, 3.0, 0.25),
        "ty": float_slider("shift y (px)", 0.0, -3.0, 3.0, 0.25),
        "scale": float_slider("scale", 1.0, 0.5, 1.5, 0.05),
        "rotation": float_slider("rotation (°)", 0.0, -180.0, 180.0, 5.0),
        "shear": float_slider("shear", 0.0, -1.0, 1.0, 0.05),
        "flip": checkbox("flip left–right"),
        "noise": float_slider("noise std", 0.0, 0.0, 0.5, 0.05),
    }
    images = _digit_examples()
    noise_rng_seed = 0

    def update(ex, digit, tx, ty, scale, rotation, shear, flip, noise):
        M = scaling.affine_matrix(flip, scale, shear, rotation, tx, ty)
        warped = augment.affine_transform(images[digit], M)
        if noise > 0:
            warped = augment.add_gaussian_noise(warped, noise, np.random.default_rng(noise_rng_seed))
        ax_in, ax_out, ax_m = ex.axes
        if not ex.artists:
            draw.plot_digit_image(ax_in, images[digit], "original")
            draw.plot_digit_image(ax_out, warped, "augmented")
            draw.plot_affine_matrix(ax_m, M, "M = T·R·Sh·S·F  (about the centre)")
            ex.artists.update(original=ax_in.images[0], warped=ax_out.images[0], matrix=ax_m.texts[0])
        else:
            ex.artists["original"].set_data(images[digit])
            ex.artists["warped"].set_data(warped)
            ex.artists["matrix"].set_text(draw._matrix_text(M))
        settings = [f"shift ({tx:g}, {ty:g})", f"scale {scale:g}", f"rotation {rotation:g}°", f"shear {shear:g}"]
        settings += ["flip"] * bool(flip) + [f"noise {noise:g}"] * (noise > 0)
        ax_out.set_title("augmented: " + ", ".join(settings[:2]) + "\n" + ", ".join(settings[2:]), fontsize=9)
        ax_in.set_title(f"original (digit {digit})", fontsize=9)

    return Explorer(controls, update, preset=preset, hide=hide, figsize=(9.0, 3.2), subplots=(1, 3),
                    gridspec_kw={"width_ratios": [1, 1, 1.3]}, title="Affine augmentation of a digit", columns=4)


@functools.lru_cache(maxsize=1)
def _spectrogram():
    return augment.synthetic_spectrogram(np.random.default_rng(0), n_freq=64, n_time=100)


def spectrogram_masking(hide=(), **preset):
    """SpecAugment-style masks on a synthetic spectrogram: bands of time frames and frequency bins blanked."""
    controls = {
        "time_width": int_slider("max time-mask width", 15, 0, 40),
        "freq_width": int_slider("max frequency-mask width", 10, 0, 30),
        "n_masks": int_slider("masks of each kind", 1, 0, 3),
        "seed": int_slider("random seed", 0, 0, 20),
    }
    spec = _spectrogram()
    vmin, vmax = np.percentile(spec, [1, 99.5])

    def update(ex, time_width, freq_width, n_masks, seed):
        rng = np.random.default_rng(seed)
        masked = augment.time_mask(spec, time_width, rng, n_masks=n_masks)
        masked = augment.frequency_mask(masked, freq_width, rng, n_masks=n_masks)
        if not ex.artists:
            draw.plot_spectrogram(ex.axes[0], spec, "original (a chirp and two harmonics)", vmin, vmax)
            draw.plot_spectrogram(ex.axes[1], masked, "masked (filled with the mean)", vmin, vmax)
            ex.axes[1].set_ylabel("")                         # same axes as the left panel
            ex.axes[1].tick_params(labelleft=False)
            ex.artists["masked"] = ex.axes[1].images[0]
        else:
            ex.artists["masked"].set_data(masked)
        ex.axes[1].set_title(f"masked: {n_masks} time mask(s) ≤ {time_width}, {n_masks} frequency mask(s) ≤ "
                             f"{freq_width}\n(filled with the mean), seed {seed}", fontsize=9)

    return Explorer(controls, update, preset=preset, hide=hide, figsize=(9.0, 3.2), subplots=(1, 2),
                    title="Spectrogram masking", columns=2)
