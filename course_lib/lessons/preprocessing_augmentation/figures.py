"""Drawing for the preprocessing and augmentation notebook: each plot_<thing>(ax, …) draws and returns the
artists that update_<thing>(handles, …) moves in place; report_<thing>(…) returns the text of a printed table."""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import LogLocator, NullLocator

from ... import augment
from ...i18n import N_, tr
from ..axes import fewer_ticks, fix_label_position, freeze_axes
from . import compute

__all__ = ["plot_gd_contours", "update_gd_contours", "plot_excess_loss", "update_excess_loss", "plot_feature_scaling",
           "update_feature_scaling", "plot_scaled_features", "plot_scaler_comparison", "plot_digit_image",
           "plot_resized_digits", "plot_digit_montage", "plot_affine_examples", "plot_augmented_copies",
           "plot_noise_levels", "plot_affine_matrix", "plot_affine_augment", "update_affine_augment",
           "plot_spectrogram", "plot_spectrogram_masking", "update_spectrogram_masking",
           "plot_augmentation_accuracy", "plot_augmentation_gains", "report_scalers", "report_scaler_table",
           "report_resized_means", "report_bag_of_words", "report_flip_and_rotate", "report_text_perturbations",
           "report_augmentation", "report_digit_centring"]

RAW_COLOR, SCALED_COLOR = "#c0392b", "#1f77b4"
TITLE_SIZE = 9                       # explorer panel titles: two or three panels side by side
SCALER_LABELS = {"none": N_("no scaling"), "min-max": N_("min-max"), "standardize": N_("standardize"),
                 "unit norm": N_("unit norm")}


def _square_window(points, pad=0.15):
    """Limits of a square window (the same span on both axes) around the given points (k, 2)."""
    points = np.asarray(points, dtype=float)
    low, high = points.min(axis=0), points.max(axis=0)
    center, span = (low + high) / 2, max((high - low).max(), 1e-9) * (1 + 2 * pad)
    return (center[0] - span / 2, center[0] + span / 2), (center[1] - span / 2, center[1] + span / 2)


def plot_gd_contours(ax, ellipses, path, w_star, title="", color=SCALED_COLOR, legend=True):
    """Loss contours in weight space (closed curves (K, n, 2)), a GD path (steps + 1, ≥2) and the minimum w*.

    The window is square, with equal units on both axes, so an elongated valley looks elongated.
    """
    contours = [ax.plot(curve[:, 0], curve[:, 1], color="0.6", lw=0.8)[0] for curve in ellipses]
    path = np.asarray(path, dtype=float)
    (line,) = ax.plot(path[:, 0], path[:, 1], ".-", color=color, lw=1, ms=3, label=tr("gradient descent"))
    ax.plot(*path[0, :2], "o", color="k", ms=5, label=tr("start"))
    (star,) = ax.plot(*np.asarray(w_star)[:2], "*", color="gold", mec="k", ms=12, label=tr("minimum"))
    handles = {"ax": ax, "contours": contours, "path": line, "star": star}
    _set_window(ax, path, w_star)
    ax.set_box_aspect(1)
    fewer_ticks(ax, n=3, steps=None)                      # few tick labels: text is slow to draw
    ax.set_xlabel("w₁")
    ax.set_ylabel("w₂")
    ax.set_title(title, fontsize=TITLE_SIZE)
    if legend:
        ax.legend(fontsize=7, loc="lower left")
    return handles


def _set_window(ax, path, w_star):
    """The square window around the start of the path and the minimum."""
    xlim, ylim = _square_window(np.vstack([np.asarray(path)[:1, :2], np.asarray(w_star)[None, :2]]))
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)


def update_gd_contours(handles, ellipses, path, w_star, title=""):
    """Move what plot_gd_contours drew to new contours (the same number), path and minimum."""
    for line, curve in zip(handles["contours"], ellipses):
        line.set_data(curve[:, 0], curve[:, 1])
    handles["path"].set_data(path[:, 0], path[:, 1])
    handles["star"].set_data([w_star[0]], [w_star[1]])
    _set_window(handles["ax"], path, w_star)
    handles["ax"].set_title(title, fontsize=TITLE_SIZE)


def plot_excess_loss(ax, steps, curves, tol=None, colors=None):
    """Relative excess loss (L_k − L*)/(L_0 − L*) against the step k, both on log scales.   curves: {label: (K,)}."""
    colors = colors or {}
    steps = np.asarray(steps, dtype=float)
    lines = {label: ax.plot(np.maximum(steps, 1), values, lw=1.5, label=label, color=colors.get(label))[0]
             for label, values in curves.items()}
    if tol is not None:
        ax.axhline(tol, color="0.4", ls="--", lw=1, label=tr("converged"))
    ax.set_xscale("log")
    ax.set_yscale("log")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(LogLocator(numticks=4))
        axis.set_minor_locator(NullLocator())
    ax.set_ylim(tol / 10 if tol else 1e-8, 2)
    ax.set_xlabel(tr("GD step"))
    ax.set_ylabel("(L − L*)/(L₀ − L*)")
    ax.legend(fontsize=7, loc="lower left")
    return {"lines": lines}


def update_excess_loss(handles, steps, curves):
    """New curves ({label: (K,)}, the labels plot_excess_loss drew) at new steps (K,)."""
    for label, values in curves.items():
        handles["lines"][label].set_data(np.maximum(steps, 1), values)


def steps_text(steps):
    """'52 steps', or '> 1e+12 steps' for a run that never converges."""
    if steps is None:
        return tr("> {max_steps:.0e} steps").format(max_steps=compute.MAX_STEPS)
    return tr("{steps:,} steps").format(steps=steps)


def study_title(scaler, study):
    """A contour panel's title: the scaler, κ, α, the steps to converge and L*."""
    return tr("{scaler}: κ = {kappa:.3g}, α = {lr:.3g}\n{steps} to converge, L* = {best:.3f}").format(
        scaler=tr(SCALER_LABELS[scaler]), kappa=study["kappa"], lr=study["lr"], steps=steps_text(study["steps"]),
        best=study["best_loss"])


def not_converged_note():
    """The message written on a contour panel whose GD run does not converge."""
    return tr("not converged\nwithin 10¹² steps")


def plot_feature_scaling(axes, curves, ratio, scaler) -> dict:
    """The feature-scaling explorer's panels: contours and GD without and with scaling, and the excess loss.

    curves: compute.scaling_curves(ratio, scaler).   → {"raw", "scaled": contour handles, "excess", "axes"}.
    """
    studies, k_max, k, excess = curves
    colors = {"raw": RAW_COLOR, "scaled": SCALED_COLOR}
    names = {"raw": "none", "scaled": scaler}
    handles = {"axes": axes, "frozen": False}
    for ax, (key, study) in zip(axes, studies.items()):
        handles[key] = plot_gd_contours(ax, study["ellipses"], study["path"], study["theta_star"],
                                        study_title(names[key], study), color=colors[key], legend=key == "raw")
    labels = {key: tr(SCALER_LABELS["none"]) if key == "raw" else tr("scaled") for key in excess}
    handles["excess"] = plot_excess_loss(axes[2], k, {labels[key]: v for key, v in excess.items()},
                                         tol=compute.TOLERANCE, colors={labels[key]: colors[key] for key in excess})
    handles["labels"] = labels
    _loss_title(axes[2], k_max, ratio)
    return handles


def _loss_title(ax, k_max, ratio):
    ax.set_xlim(1, k_max)
    ax.set_title(tr("GD with α = 0.95·2/λ_max, ratio x₂/x₁ = {ratio:.3g}").format(ratio=ratio), fontsize=TITLE_SIZE)


def update_feature_scaling(handles, curves, ratio, scaler):
    """Move the panels to a new setting.  The first update freezes the loss panel's y ticks and x label as
    drawn (its y-limits never change), which saves placing them again at every move."""
    studies, k_max, k, excess = curves
    ax_loss = handles["axes"][2]
    if not handles["frozen"]:
        freeze_axes(ax_loss, x=False)
        fix_label_position(ax_loss.xaxis)
        handles["frozen"] = True
    names = {"raw": "none", "scaled": scaler}
    for key, study in studies.items():
        update_gd_contours(handles[key], study["ellipses"], study["path"], study["theta_star"],
                           study_title(names[key], study))
    update_excess_loss(handles["excess"], k, {handles["labels"][key]: v for key, v in excess.items()})
    _loss_title(ax_loss, k_max, ratio)


def plot_scaled_features(ax, X, title="", color=SCALED_COLOR):
    """The rows of X (n, 2) as points, with the origin marked."""
    X = np.asarray(X)
    ax.axhline(0, color="0.8", lw=0.8)
    ax.axvline(0, color="0.8", lw=0.8)
    (points,) = ax.plot(X[:, 0], X[:, 1], "o", ms=2.5, color=color)
    ax.set_xlabel(tr("feature 1"))
    ax.set_ylabel(tr("feature 2"))
    ax.set_title(title, fontsize=TITLE_SIZE)
    return {"points": points}


def plot_scaler_comparison(axes, X_train, scalers=("min-max", "standardize", "unit norm")) -> list:
    """The raw training features, then each scaler's output (fitted on X_train), one panel each."""
    handles = [plot_scaled_features(axes[0], X_train, tr("raw"), color=RAW_COLOR)]
    for ax, name in zip(axes[1:], scalers):
        handles.append(plot_scaled_features(ax, compute.scale_features(name, X_train)[0], tr(SCALER_LABELS[name])))
    return handles


def plot_digit_image(ax, image, title="", vmin=0.0, vmax=1.0):
    """An 8×8 (or any H×W) image, dark ink on white, pixels as squares."""
    picture = ax.imshow(np.asarray(image).reshape(-1, 8) if np.ndim(image) == 1 else image, cmap="gray_r",
                        vmin=vmin, vmax=vmax, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=TITLE_SIZE)
    return {"image": picture}


def plot_resized_digits(axes, original, small, large) -> list:
    """An 8×8 digit, its 2×2 block average (4×4) and its bilinear enlargement (16×16), side by side."""
    titles = (tr("original 8×8"), tr("2×2 block average → 4×4"), tr("bilinear → 16×16"))
    return [plot_digit_image(ax, image, title) for ax, image, title in zip(axes, (original, small, large), titles)]


def plot_digit_montage(ax, images, titles=None, columns=None, gap=1):
    """Many small images (N, H, W) tiled row by row in one picture (faster than one Axes each), titles above."""
    images = np.asarray(images, dtype=float)
    n, H, W = images.shape
    columns = columns or n
    rows = -(-n // columns)
    canvas = np.full((rows * (H + gap) - gap, columns * (W + gap) - gap), np.nan)
    for k, image in enumerate(images):
        r, c = divmod(k, columns)
        canvas[r * (H + gap): r * (H + gap) + H, c * (W + gap): c * (W + gap) + W] = image
    picture = ax.imshow(np.ma.masked_invalid(canvas), cmap="gray_r", vmin=0.0, vmax=1.0, interpolation="nearest")
    texts = []
    for k, title in enumerate(titles or []):
        r, c = divmod(k, columns)
        texts.append(ax.text(c * (W + gap) + (W - 1) / 2, r * (H + gap) - 0.7, title, ha="center", va="bottom",
                             fontsize=8))
    ax.set_axis_off()
    return {"image": picture, "titles": texts}


AFFINE_EXAMPLE_TITLES = {"original": N_("original"), "shift": N_("shift (1, 0)"), "scale": N_("scale 0.8"),
                         "rotate": N_("rotate 30°"), "shear": N_("shear 0.4"), "flip": N_("flip"),
                         "rotate_then_flip": N_("rotate 90°, then flip"),
                         "flip_then_rotate": N_("flip, then rotate 90°")}


def plot_affine_examples(ax, digit, examples, gap=2) -> dict:
    """A digit (8, 8) warped by each matrix of compute.affine_examples, in a row, titled."""
    warped = [augment.affine_transform(digit, M) for M in examples.values()]
    return plot_digit_montage(ax, warped, titles=[tr(AFFINE_EXAMPLE_TITLES[k]) for k in examples], gap=gap)


def plot_augmented_copies(ax, originals, copies, gap=2) -> dict:
    """Originals (n, 8, 8) in the first row, their random copies (n_copies·n, 8, 8) in the rows below."""
    n = len(originals)
    titles = [tr("original")] * n + [tr("copy {k}").format(k=c + 1) for c in range(len(copies) // n) for _ in range(n)]
    return plot_digit_montage(ax, np.concatenate([originals, copies]), titles=titles, columns=n, gap=gap)


def plot_noise_levels(ax, images, stds, gap=2) -> dict:
    """The same digit with Gaussian noise of each std (one image per std), in a row."""
    return plot_digit_montage(ax, images, titles=[tr("noise std {std:g}").format(std=std) for std in stds], gap=gap)


def matrix_text(M):
    """A 3×3 matrix as three lines of fixed-width numbers."""
    rows = [" ".join(f"{v:6.2f}" for v in row) for row in np.asarray(M)]
    return "\n".join(f"[{row} ]" for row in rows)


def plot_affine_matrix(ax, M, title="M"):
    """A 3×3 matrix written as text in an empty panel."""
    ax.set_axis_off()
    text = ax.text(0.5, 0.5, matrix_text(M), family="monospace", fontsize=10, ha="center", va="center",
                   transform=ax.transAxes)
    ax.set_title(title, fontsize=TITLE_SIZE)
    return {"text": text}


def plot_affine_augment(axes, original, warped, M) -> dict:
    """The affine explorer's panels: the original digit, the warped one and the matrix M.   → handles."""
    ax_in, ax_out, ax_m = axes
    return {"axes": axes, "original": plot_digit_image(ax_in, original, tr("original"))["image"],
            "warped": plot_digit_image(ax_out, warped, tr("augmented"))["image"],
            "matrix": plot_affine_matrix(ax_m, M, tr("M = T·R·Sh·S·F  (about the centre)"))["text"]}


def update_affine_augment(handles, original, warped, M, digit, settings):
    """New images and matrix; the titles state the digit and `settings` (affine_augment's control values)."""
    handles["original"].set_data(original)
    handles["warped"].set_data(warped)
    handles["matrix"].set_text(matrix_text(M))
    ax_in, ax_out, _ = handles["axes"]
    parts = [tr("shift ({tx:g}, {ty:g})").format(tx=settings["tx"], ty=settings["ty"]),
             tr("scale {scale:g}").format(scale=settings["scale"]),
             tr("rotation {rotation:g}°").format(rotation=settings["rotation"]),
             tr("shear {shear:g}").format(shear=settings["shear"])]
    parts += [tr("flip")] * bool(settings["flip"])
    parts += [tr("noise {noise:g}").format(noise=settings["noise"])] * (settings["noise"] > 0)
    ax_out.set_title(tr("augmented: {first}\n{rest}").format(first=", ".join(parts[:2]), rest=", ".join(parts[2:])),
                     fontsize=TITLE_SIZE)
    ax_in.set_title(tr("original (digit {digit})").format(digit=digit), fontsize=TITLE_SIZE)


def plot_spectrogram(ax, spec, title="", vmin=None, vmax=None):
    """A (frequency × time) spectrogram in dB, low frequencies at the bottom."""
    picture = ax.imshow(spec, origin="lower", aspect="auto", cmap="magma", vmin=vmin, vmax=vmax,
                        interpolation="nearest")
    ax.set_xlabel(tr("time frame"))
    ax.set_ylabel(tr("frequency bin"))
    ax.set_title(title, fontsize=TITLE_SIZE)
    return {"image": picture}


def plot_spectrogram_masking(axes, spec, masked, vmin, vmax) -> dict:
    """The masking explorer's panels: the spectrogram and its masked copy, on one colour range."""
    plot_spectrogram(axes[0], spec, tr("original (a chirp and two harmonics)"), vmin, vmax)
    handles = {"ax": axes[1], **plot_spectrogram(axes[1], masked, tr("masked (filled with the mean)"), vmin, vmax)}
    axes[1].set_ylabel("")                         # same axes as the left panel
    axes[1].tick_params(labelleft=False)
    return handles


def update_spectrogram_masking(handles, masked, time_width, freq_width, n_masks, seed):
    """The new masked spectrogram; the title states the masks and the seed."""
    handles["image"].set_data(masked)
    handles["ax"].set_title(tr("masked: {n} time mask(s) ≤ {time_width}, {n} frequency mask(s) ≤ {freq_width}\n"
                               "(filled with the mean), seed {seed}").format(
        n=n_masks, time_width=time_width, freq_width=freq_width, seed=seed), fontsize=TITLE_SIZE)


def plot_augmentation_accuracy(ax, results) -> dict:
    """results: {label: test accuracies (repeats,)}: every repeat as a dot, the mean as a bar.  Labels are
    shown as given.   → {"bars": [Rectangle]}."""
    labels = list(results)
    bars = []
    for i, label in enumerate(labels):
        values = np.asarray(results[label], dtype=float)
        bars += ax.bar(i, values.mean(), color=[RAW_COLOR, SCALED_COLOR][i % 2], alpha=0.5, width=0.6)
        ax.plot(np.full(len(values), i), values, "o", color="k", ms=4)
        ax.text(i, values.max() + 0.005, tr("mean {mean:.3f}").format(mean=values.mean()), ha="center",
                va="bottom", fontsize=9)
    low = min(np.min(results[k]) for k in labels)
    high = max(np.max(results[k]) for k in labels)
    ax.set_ylim(max(0.0, low - 0.05), min(1.0, high + 0.05))
    ax.set_xticks(range(len(labels)), labels)
    ax.set_ylabel(tr("test accuracy"))
    return {"bars": bars}


DESIGN_LABELS = {"fixed": N_("copies drawn once"), "fresh": N_("fresh copies every epoch")}
SETTING_LABELS = {"mild": N_("mild"), "default": N_("default"), "strong": N_("strong")}


def plot_augmentation_gains(ax, results, designs=("fixed", "fresh"), setup=None) -> dict:
    """results: compute.augmentation_experiment's {"none": (R,), name: (R,), (name, "fresh"): (R,), ...}.

    For each setting and design: the gain over "none" in percentage points, every repeat as a dot, the mean
    as a bar with ± one standard error.  setup: {"n_train", "n_copies", "updates"} of the experiment, stated in
    the title (None: no title).   → {"bars": {(name, design): Rectangle}}.
    """
    names = [key for key in results if isinstance(key, str) and key != "none"]
    width = 0.8 / len(designs)
    bars = {}
    for j, design in enumerate(designs):
        for i, name in enumerate(names):
            gain = 100 * (np.asarray(results[name if design == "fixed" else (name, design)]) - results["none"])
            x = i + (j - (len(designs) - 1) / 2) * width
            error = gain.std(ddof=1) / np.sqrt(len(gain)) if len(gain) > 1 else 0.0
            label = tr(DESIGN_LABELS[design]) if design in DESIGN_LABELS else design
            (bars[(name, design)],) = ax.bar(x, gain.mean(), width=0.9 * width, yerr=error, capsize=3, alpha=0.5,
                                             color=[RAW_COLOR, SCALED_COLOR][j % 2], label=label if i == 0 else None)
            ax.plot(np.full(len(gain), x), gain, "o", color="k", ms=3)
    ax.axhline(0.0, color="0.4", lw=0.8)
    ax.set_xticks(range(len(names)), [tr(SETTING_LABELS.get(name, name)) for name in names])
    ax.set_ylabel(tr("gain over no augmentation\n(percentage points)"))
    ax.legend(fontsize=8, loc="lower left")
    if setup is not None:
        ax.set_title(tr("{n_train} training digits, {n_copies} copies each, {updates} updates, {repeats} training "
                        "sets").format(repeats=len(results["none"]), **setup), fontsize=10)
    return {"bars": bars}


# ---- printed tables -----------------------------------------------------------------------------------


def _rounded(a, decimals=3):
    """a rounded, without the sign of a rounded zero (printed as 0., not -0.)."""
    return np.round(a, decimals) + 0.0


def report_scalers(X_train, statistics) -> str:
    """The raw training features' mean and std, then compute.scaler_statistics, one line per scaler."""
    lines = [tr("{scaler:12s} train mean {mean}  std {std}").format(
        scaler=tr("raw"), mean=_rounded(X_train.mean(0), 1), std=_rounded(X_train.std(0), 1))]
    for name, st in statistics.items():
        lines.append(tr("{scaler:12s} train mean {train_mean} std {train_std}   test mean {test_mean} std "
                        "{test_std}   test range [{low:.2f}, {high:.2f}]").format(
            scaler=tr(SCALER_LABELS[name]), train_mean=_rounded(st["train_mean"]), train_std=_rounded(st["train_std"]),
            test_mean=_rounded(st["test_mean"]), test_std=_rounded(st["test_std"]), low=st["test_range"][0],
            high=st["test_range"][1]))
    return "\n".join(lines)


def report_scaler_table(studies, r) -> str:
    """compute.scaler_table: κ, steps to converge and L* for every ratio and scaler; then r and (1 + r)/(1 − r)."""
    ratio_, scaler, kappa, steps, best = tr("ratio"), tr("scaler"), tr("kappa"), tr("steps"), tr("best loss L*")
    lines = [f"{ratio_:>6s}  {scaler:12s} {kappa:>10s} {steps:>13s} {best:>13s}"]
    for (ratio, name), study in studies.items():
        label = tr(SCALER_LABELS[name]) if name != "none" else tr("none")
        lines.append(f"{ratio:6d}  {label:12s} "
                     f"{study['kappa']:10.3g} {study['steps']:13,d} {study['best_loss']:13.4f}")
    lines += ["", tr("sample correlation of the features r = {r:.3f};  (1 + r)/(1 - r) = {kappa:.3f}").format(
        r=r, kappa=(1 + r) / (1 - r))]
    return "\n".join(lines)


def report_resized_means(original_mean, small_mean) -> str:
    """The mean pixel value before and after the 2×2 block average (it keeps the mean)."""
    return tr("mean pixel value: original {original:.3f}, 4×4 {small:.3f}").format(original=original_mean,
                                                                                  small=small_mean)


def report_bag_of_words(vocabulary, counts) -> str:
    """compute.bag_of_words as a table: the vocabulary as the header, one row of counts per sentence."""
    lines = [" " * 10 + "".join(f"{word:>5s}" for word in vocabulary)]
    for k, row in enumerate(counts):
        sentence = tr("sentence {k}").format(k=k + 1)
        lines.append(f"{sentence:10s}" + "".join(f"{n:5d}" for n in row))
    return "\n".join(lines)


def report_flip_and_rotate(examples) -> str:
    """The two orders of a flip and a 90° rotation of compute.affine_examples: different matrices."""
    return "\n".join(f"{tr(AFFINE_EXAMPLE_TITLES[key])}:\n {_rounded(examples[key], 2)}"
                     for key in ("rotate_then_flip", "flip_then_rotate"))


TYPO_LABELS = {"insert": N_("insert"), "delete": N_("delete"), "swap": N_("swap"), "keyboard": N_("keyboard")}


def report_text_perturbations(by_kind, mixed, n_each=2) -> str:
    """compute.text_perturbations: one line per kind of typo, then augment.perturb_text for each n."""
    lines = [f"{tr(TYPO_LABELS[kind]):9s} (n={n_each}): {text}" for kind, text in by_kind.items()]
    return "\n".join(lines + [""] + [f"perturb_text, n={n}: {text}" for n, text in mixed.items()])


def _points(differences):
    """Mean ± standard error over the training sets, in percentage points."""
    d = 100 * np.asarray(differences)
    return f"{d.mean():+.1f} ± {d.std(ddof=1) / np.sqrt(len(d)):.1f}"


def report_augmentation(results, first=5) -> str:
    """compute.augmentation_experiment (both designs): the baseline accuracy, then each strength's gain with
    copies drawn once, drawn fresh every epoch, and their difference; then the mild gain on the first sets only."""
    baseline = results["none"]
    once_, fresh_, minus = tr("gain, copies drawn once"), tr("gain, fresh every epoch"), tr("fresh minus once")
    lines = [tr("no augmentation: test accuracy {accuracy:.3f} (mean over {count} training sets)").format(
        accuracy=baseline.mean(), count=len(baseline)), "", f"{'':8s} {once_:>24s} {fresh_:>24s}   {minus:>16s}"]
    for name in compute.AUGMENTATION_SETTINGS:
        once, fresh = results[name], results[(name, "fresh")]
        lines.append(f"{tr(SETTING_LABELS[name]):8s} {_points(once - baseline):>24s} "
                     f"{_points(fresh - baseline):>24s}   {_points(fresh - once):>16s}")
    lines += ["", tr("mild, copies drawn once, first {first} training sets only: {gain}").format(
        first=first, gain=_points((results["mild"] - baseline)[:first]))]
    return "\n".join(lines)


def report_digit_centring(centring) -> str:
    """compute.digit_centring: the mean ± std centre of mass, and the share of digits reaching both edges."""
    row, column = centring["row"], centring["column"]
    return "\n".join([
        tr("centre of mass: row {row:.2f} ± {row_std:.2f}, column {column:.2f} ± {column_std:.2f} pixels "
           "(mean ± std over {count:,} digits)").format(row=row.mean(), row_std=row.std(), column=column.mean(),
                                                        column_std=column.std(), count=centring["count"]),
        tr("digits with ink in both the top and the bottom row: {share:.1%}").format(
            share=centring["top_and_bottom"])])
