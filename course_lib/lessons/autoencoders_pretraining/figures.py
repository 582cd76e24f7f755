"""Drawing for the autoencoders notebook: each plot_ function draws on the Axes it is given and returns the
artists an update needs (a dict); the update_ function next to it moves them in place.  The report_ functions
format the notebook's printed tables (text only, no computing)."""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from ...i18n import N_, tr

__all__ = [
    "plot_digit_mosaic", "update_digit_mosaic", "plot_reconstructions", "plot_pca_directions",
    "plot_explorer_mosaic", "update_explorer_mosaic",
    "plot_error_vs_code_size", "plot_error_grid", "plot_gain_vs_code_size", "update_gain_vs_code_size",
    "plot_reconstruction_loss_curves", "plot_loss_comparison", "plot_codes_2d", "plot_code_comparison",
    "plot_accuracy_vs_labels", "update_accuracy_vs_labels", "plot_pretraining_bars", "update_pretraining_bars",
    "plot_transfer",
    "report_digit_split", "report_autoencoder", "report_loss_comparison", "report_grid", "report_code_comparison",
    "report_principal_angles", "report_pretraining", "report_source_accuracy", "report_transfer", "report_multitask",
]

DIGIT_COLORS = [f"C{k}" for k in range(10)]                # tab10: one colour per digit
METHOD_COLORS = {"pretrained": "tab:red", "random": "tab:blue", "from scratch": "tab:blue",
                 "frozen layer 1": "tab:green", "frozen layers 1–2": "tab:olive", "fine-tuned layers 1–2": "tab:red"}
# What the reader sees for compute's names (the keys stay English: the code compares them).
METHOD_LABELS = {"pretrained": N_("pretrained"), "random": N_("random"), "from scratch": N_("from scratch"),
                 "frozen layer 1": N_("frozen layer 1"), "frozen layers 1–2": N_("frozen layers 1–2"),
                 "fine-tuned layers 1–2": N_("fine-tuned layers 1–2"),
                 "multi-task (0–4 head too)": N_("multi-task (0–4 head too)"),
                 "supervised encoder (0–4)": N_("supervised encoder (0–4)"),
                 "autoencoder encoder (no labels)": N_("autoencoder encoder (no labels)")}
ACTIVATION_LABELS = {"sigmoid": N_("sigmoid"), "relu": N_("relu")}
LOSS_LABELS = {"binary_cross_entropy_with_logits": N_("trained with BCE (σ output)"),
               "mse": N_("trained with MSE (linear output)")}
TITLE_SIZE = 9                                             # explorer titles: short and small (text is slow to draw)


def method_label(name):
    """The translated label of one of compute's method / start / activation names (the name itself if unknown)."""
    return tr({**METHOD_LABELS, **ACTIVATION_LABELS}.get(name, name))


# ----------------------------------------------------------------------------------------------------
# Digits as images
# ----------------------------------------------------------------------------------------------------


def plot_digit_mosaic(ax, image, row_labels=(), side=8, gap=1):
    """A mosaic of 8×8 digits (image: from compute.mosaic), ink dark on white, one (translated) label per row.
    Returns {"ax", "image"}."""
    shown = ax.imshow(image, cmap="gray_r", vmin=0.0, vmax=1.0, interpolation="nearest")
    step = side + gap
    ax.set_yticks([r * step + (side - 1) / 2 for r in range(len(row_labels))])
    ax.set_yticklabels(row_labels, fontsize=8)
    ax.set_xticks([])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return {"ax": ax, "image": shown}


def update_digit_mosaic(handles, image):
    """Show another mosaic of the same size."""
    handles["image"].set_data(image)


def plot_reconstructions(ax, image):
    """Test digits (top row) and their reconstructions (bottom row) by the notebook's first autoencoder."""
    handles = plot_digit_mosaic(ax, image, [tr("test digit"), tr("reconstructed")])
    ax.set_title(tr("32 numbers per digit are enough to redraw it"), fontsize=10)
    return handles


def plot_pca_directions(ax, image, k):
    """Rows: the k PCA directions, the linear decoder's k rows, and those rows projected on the PCA subspace."""
    handles = plot_digit_mosaic(ax, image, [tr("PCA directions"), tr("decoder rows"), tr("…projected on PCA")])
    ax.set_title(tr("code of {k}: different images, the same subspace").format(k=k), fontsize=10)
    return handles


def plot_explorer_mosaic(ax, view, test_noise):
    """The autoencoder explorer's left panel: test digits, their reconstructions, the digits with noise of σ =
    test_noise and their reconstructions.   view: from compute.autoencoder_view."""
    labels = [tr("test digit"), tr("rebuilt"), tr("noisy σ={sigma:g}").format(sigma=test_noise), tr("rebuilt")]
    handles = plot_digit_mosaic(ax, view["image"], labels)
    update_explorer_mosaic(handles, view)
    return handles


def update_explorer_mosaic(handles, view):
    """The mosaic and the title (code size, training noise and the two errors) of another autoencoder."""
    update_digit_mosaic(handles, view["image"])
    handles["ax"].set_title(tr("code {code_size}, noise σ = {noise:g}: error clean {clean:.4f}, noisy in {noisy:.4f}")
                            .format(code_size=view["code_size"], noise=view["noise"], clean=view["clean_error"],
                                    noisy=view["denoising_error"]), fontsize=TITLE_SIZE)


# ----------------------------------------------------------------------------------------------------
# Errors and gains against the code size
# ----------------------------------------------------------------------------------------------------


def _corner_labels(ax, items, x=0.97, y=0.95, ha="right", step=0.09, fontsize=8):
    """Coloured labels stacked in a corner of ax, one per (text, colour): a light stand-in for a legend
    (a legend costs several times more to draw, which matters when a slider redraws the figure)."""
    for k, (text, color) in enumerate(items):
        ax.text(x, y - k * step, text, color=color, ha=ha, va="top", fontsize=fontsize, transform=ax.transAxes)


def _log2_axis(ax, code_sizes):
    ax.set_xscale("log", base=2)
    ax.set_xticks(code_sizes)
    ax.set_xticklabels([str(c) for c in code_sizes])
    ax.minorticks_off()
    ax.set_xlabel(tr("code size (input: 64)"))


def plot_error_vs_code_size(ax, code_sizes, clean_error, denoising_error, current=None, legend=True):
    """Test reconstruction error against code size: clean digits in (solid), noisy digits in (dashed).

    clean_error, denoising_error: (len(code_sizes),);  current: a code size to mark on both lines;
    legend=False labels the lines with coloured text instead of a legend (faster to redraw), None not at all.
    Returns {"ax", "clean", "denoising", "marker" (None without current)}.
    """
    clean_label, noisy_label = tr("clean digit in"), tr("noisy digit in")
    clean, = ax.plot(code_sizes, clean_error, "o-", color="tab:blue", ms=4, label=clean_label)
    noisy, = ax.plot(code_sizes, denoising_error, "s--", color="tab:red", ms=4, label=noisy_label)
    marker = None
    if current is not None:
        k = list(code_sizes).index(current)
        marker, = ax.plot([current, current], [clean_error[k], denoising_error[k]], "o", ms=9, mfc="none", mec="k")
    ax.axvline(64, color="0.6", lw=0.8, ls=":")
    _log2_axis(ax, code_sizes)
    ax.set_ylabel(tr("mean squared error (vs clean)"))
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_locator(MaxNLocator(4))
    if legend:
        ax.legend(fontsize=8, loc="upper right")
    elif legend is not None:
        _corner_labels(ax, [(clean_label, "tab:blue"), (noisy_label, "tab:red")])
    return {"ax": ax, "clean": clean, "denoising": noisy, "marker": marker}


def plot_error_grid(axes, code_sizes, noise_levels, clean_error, denoising_error):
    """One panel per training noise σ (axes: one per noise level) of plot_error_vs_code_size, legend on the first.
    clean_error, denoising_error: (len(code_sizes), len(noise_levels))."""
    for j, (ax, noise) in enumerate(zip(axes, noise_levels)):
        plot_error_vs_code_size(ax, code_sizes, clean_error[:, j], denoising_error[:, j],
                                legend=True if j == 0 else None)
        ax.set_title(tr("training noise σ = {noise:g}").format(noise=noise), fontsize=10)
        ax.set_ylabel(tr("mean squared error") if j == 0 else "")
    return axes


def plot_gain_vs_code_size(ax, code_sizes, gains, noise_levels, current=None, legend=True):
    """How much of a small input change passes through (1 = identity map), against code size, one line per
    training noise σ.   gains: (len(code_sizes), len(noise_levels));  current: (code size, σ) to mark;
    legend=False labels the lines with coloured text instead of a legend.
    Returns {"ax", "lines" (one per σ), "marker" (None without current)}.
    """
    lines = [ax.plot(code_sizes, gains[:, j], "o-", ms=3, lw=1.4, color=f"C{j}",
                     label=tr("σ = {sigma:g}").format(sigma=noise))[0] for j, noise in enumerate(noise_levels)]
    marker = None
    if current is not None:
        code_size, noise = current
        i, j = list(code_sizes).index(code_size), list(noise_levels).index(noise)
        marker, = ax.plot([code_size], [gains[i, j]], "o", ms=9, mfc="none", mec="k")
    ax.axhline(1.0, color="k", lw=0.8, ls="--")
    ax.text(code_sizes[-1], 1.0, tr("identity "), ha="right", va="bottom", fontsize=8)
    ax.axvline(64, color="0.6", lw=0.8, ls=":")
    _log2_axis(ax, code_sizes)
    ax.set_ylabel(tr("gain ‖Δx̂‖²/‖Δx‖²"))
    ax.set_ylim(0, 1.6)                                  # room above the identity line for the labels
    ax.set_yticks([0, 0.5, 1.0, 1.5])
    if legend:
        ax.legend(fontsize=7, loc="upper left", ncol=3, handlelength=1.2, columnspacing=0.8,
                  title=tr("training noise"), title_fontsize=7)
    else:
        _corner_labels(ax, [(tr("training noise"), "k")] + [(line.get_label(), line.get_color()) for line in lines],
                       x=0.03, ha="left", step=0.075, fontsize=7)
    return {"ax": ax, "lines": lines, "marker": marker}


def update_gain_vs_code_size(handles, view):
    """Circle the chosen autoencoder, thicken its noise level's line, and give its gain in the title.
    view: from compute.autoencoder_view."""
    handles["marker"].set_data([view["code_size"]], [view["gain"]])
    for k, line in enumerate(handles["lines"]):
        line.set_linewidth(2.6 if k == view["noise_index"] else 1.0)
    handles["ax"].set_title(tr("gain {gain:.2f}").format(gain=view["gain"]), fontsize=TITLE_SIZE)


# ----------------------------------------------------------------------------------------------------
# Training curves, codes
# ----------------------------------------------------------------------------------------------------


def plot_reconstruction_loss_curves(ax, curves, ylabel=None, floor=None):
    """One line per entry of curves {label: (epochs,)} against the epoch (1, 2, …); floor: a dashed level.
    ylabel: translated text (default "test error").  Returns {"ax", "lines"}."""
    lines = [ax.plot(np.arange(1, len(values) + 1), values, "o-", ms=3, color=f"C{k}", label=label)[0]
             for k, (label, values) in enumerate(curves.items())]
    if floor is not None:
        ax.axhline(floor, color="k", lw=0.8, ls="--", label=tr("floor (x̂ = x)"))
    ax.set_xlabel(tr("epoch"))
    ax.set_ylabel(tr("test error") if ylabel is None else ylabel)
    ax.legend(fontsize=8)
    return {"ax": ax, "lines": lines}


def plot_loss_comparison(left, right, comparison):
    """Test MSE (left) and test BCE with its floor (right) per epoch of the BCE- and the MSE-trained autoencoder.
    comparison: from compute.loss_comparison."""
    names = {tr(label): key for key, label in LOSS_LABELS.items()}
    plot_reconstruction_loss_curves(left, {label: comparison[key]["test_mse"] for label, key in names.items()},
                                    ylabel=tr("test MSE per pixel"))
    plot_reconstruction_loss_curves(right, {label: comparison[key]["test_bce"] for label, key in names.items()},
                                    ylabel=tr("test BCE per pixel"), floor=comparison["bce_floor"])
    return left, right


def plot_codes_2d(ax, Z, y, title="", s=6):
    """2-D codes as a scatter coloured by digit, with each digit's label written at its median code.

    Z: (N, 2);  y: (N,) labels 0–9 (used only for colour: no code was fitted with them);  title: translated.
    Returns {"ax", "points"}.
    """
    Z, y = np.asarray(Z), np.asarray(y)
    points = ax.scatter(Z[:, 0], Z[:, 1], c=[DIGIT_COLORS[k] for k in y], s=s, alpha=0.7, linewidths=0)
    for k in np.unique(y):
        cx, cy = np.median(Z[y == k], axis=0)
        ax.text(cx, cy, str(k), fontsize=11, weight="bold", ha="center", va="center",
                bbox=dict(boxstyle="circle,pad=0.15", facecolor="white", edgecolor=DIGIT_COLORS[k], alpha=0.8))
    ax.set_title(title, fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])
    return {"ax": ax, "points": points}


def plot_code_comparison(left, right, codes):
    """The test digits' 2-D PCA codes (left) and 2-D autoencoder codes (right).   codes: from compute.code_vs_pca."""
    plot_codes_2d(left, codes["pca_codes"], codes["y"], title=tr("PCA, 2 components"))
    plot_codes_2d(right, codes["ae_codes"], codes["y"], title=tr("autoencoder, 2-D code"))
    return left, right


# ----------------------------------------------------------------------------------------------------
# Accuracy with few labels: pre-training, transfer
# ----------------------------------------------------------------------------------------------------


def plot_accuracy_vs_labels(ax, label_counts, scores, current=None, legend_loc="lower right", legend=True):
    """Test accuracy against the number of labelled examples: the mean over seeds as a line, min–max as a band.

    scores: {method name: (n_seeds, len(label_counts))};  current: a label count to mark with a vertical line;
    legend=False labels the lines with coloured text (lower right) instead of a legend.
    Returns {"ax", "means" (one line per method), "marker" (None without current)}.
    """
    means = []
    for k, (name, values) in enumerate(scores.items()):
        values = np.asarray(values)
        color = METHOD_COLORS.get(name, f"C{k}")
        ax.fill_between(label_counts, values.min(axis=0), values.max(axis=0), color=color, alpha=0.15, lw=0)
        means += ax.plot(label_counts, values.mean(axis=0), "o-", ms=4, color=color, label=method_label(name))
    marker = None if current is None else ax.axvline(current, color="k", lw=0.8, ls=":")
    ax.set_xscale("log")
    ax.set_xticks(label_counts)
    ax.set_xticklabels([str(n) for n in label_counts])
    ax.minorticks_off()
    ax.set_xlabel(tr("labelled training examples"))
    ax.set_ylabel(tr("test accuracy"))
    ax.yaxis.set_major_locator(MaxNLocator(5))
    if legend:
        ax.legend(fontsize=8, loc=legend_loc)
    else:
        _corner_labels(ax, [(line.get_label(), line.get_color()) for line in means], y=0.05 + 0.09 * (len(means) - 1))
    return {"ax": ax, "means": means, "marker": marker}


def update_accuracy_vs_labels(handles, current, activation):
    """Move the vertical marker to the label count `current`; title: the network's activation and layers."""
    handles["marker"].set_xdata([current, current])
    handles["ax"].set_title(tr("{activation} network, layers 64→128→64→32→10").format(
        activation=method_label(activation)), fontsize=TITLE_SIZE)


def plot_pretraining_bars(ax, view):
    """Mean test accuracy (bars) and one dot per seed, pre-trained against random initialization.
    view: from compute.pretraining_view.  Returns {"ax", "bars", "dots"}."""
    pre, rnd = view["pretrained"], view["random"]
    bars = ax.bar([0, 1], [pre.mean(), rnd.mean()], color=["tab:red", "tab:blue"], width=0.6, alpha=0.6)
    dots = [ax.plot([k] * len(values), values, "ko", ms=4)[0] for k, values in enumerate((pre, rnd))]
    ax.set_xticks([0, 1])
    ax.set_xticklabels([tr("pre-trained"), tr("random init")])
    ax.set_ylim(0.5, 1.0)
    ax.set_yticks([0.5, 0.75, 1.0])
    ax.set_ylabel(tr("test accuracy (dots: seeds)"))
    handles = {"ax": ax, "bars": bars, "dots": dots}
    update_pretraining_bars(handles, view)
    return handles


def update_pretraining_bars(handles, view):
    """Bars, dots and title (the difference in points) for another label count or activation."""
    for bar, dots, values in zip(handles["bars"], handles["dots"], (view["pretrained"], view["random"])):
        bar.set_height(values.mean())
        dots.set_ydata(values)
    handles["ax"].set_title(tr("n = {n}: pre-training {difference:+.1f} points").format(
        n=view["n_labels"], difference=view["difference"]), fontsize=TITLE_SIZE)


def plot_transfer(ax, label_counts, transfer):
    """Accuracy on the digits 5–9 against the labels, for each way of reusing the 0–4 encoder.
    transfer: from compute.transfer_study."""
    methods = [name for name in transfer if name != "source_accuracy"]
    handles = plot_accuracy_vs_labels(ax, label_counts, {name: transfer[name] for name in methods})
    ax.set_title(tr("digits 5–9, with an encoder trained on the digits 0–4"), fontsize=10)
    return handles


# ----------------------------------------------------------------------------------------------------
# The notebook's printed reports
# ----------------------------------------------------------------------------------------------------


def report_digit_split(X_train, X_test):
    """One line: the shapes of the split, the pixel range and the share of pixels exactly 0."""
    return tr("training digits {train_shape}, test digits {test_shape}, pixels in [{low:.0f}, {high:.0f}], "
              "{zeros:.0%} of them exactly 0").format(train_shape=X_train.shape, test_shape=X_test.shape,
                                                      low=X_train.min(), high=X_train.max(),
                                                      zeros=np.mean(X_train == 0))


def report_autoencoder(losses, test_error):
    """Two lines: the training loss after the first and the last epoch, and the mean test error."""
    return "\n".join([
        tr("training loss (BCE) {first:.3f} after epoch 1 → {last:.3f} after epoch {epochs}").format(
            first=losses[0], last=losses[-1], epochs=len(losses)),
        tr("test reconstruction error (mean squared, per pixel): {error:.4f}").format(error=test_error)])


def report_loss_comparison(comparison):
    """One line per training loss: the last epoch's test MSE and BCE, and the BCE floor."""
    return "\n".join(tr("{label:34s} test MSE {mse:.4f}   test BCE {bce:.4f} (floor {floor:.4f})").format(
        label=tr(label), mse=comparison[key]["test_mse"][-1], bce=comparison[key]["test_bce"][-1],
        floor=comparison["bce_floor"]) for key, label in LOSS_LABELS.items())


def report_grid(grid):
    """The autoencoder grid as a table: code size, training σ, clean and noisy-in errors, gain."""
    rows = [tr("code  σ_train   clean error   noisy-in error   gain")]
    for i, code_size in enumerate(grid["code_sizes"]):
        for j, noise in enumerate(grid["noise_levels"]):
            rows.append(f"{code_size:4d}  {noise:5.1f}      {grid['clean_error'][i, j]:.4f}        "
                        f"{grid['denoising_error'][i, j]:.4f}       {grid['gain'][i, j]:.2f}")
    return "\n".join(rows)


def report_code_comparison(codes):
    """Three lines: PCA's variance kept, both test errors, both neighbour accuracies of the 2-D codes."""
    return "\n".join([
        tr("PCA keeps {variance:.0%} of the variance with 2 components").format(variance=codes["pca_variance"]),
        tr("test reconstruction error (MSE per pixel): PCA {pca:.4f}, autoencoder {ae:.4f}").format(
            pca=codes["pca_error"], ae=codes["ae_error"]),
        tr("5-nearest-neighbour accuracy in the 2-D code: PCA {pca:.3f}, autoencoder {ae:.3f}").format(
            pca=codes["pca_knn"], ae=codes["ae_knn"])])


def report_principal_angles(linear):
    """The principal angles (degrees) to the PCA subspace before and after training, and both test errors.
    linear: from compute.linear_autoencoder_vs_pca."""
    def degrees(angles):
        return "  ".join(f"{a:5.1f}°" for a in np.degrees(angles))

    return "\n".join([
        tr("principal angles between the PCA subspace and the span of"),
        tr("  the decoder's rows, random start:   {angles}").format(angles=degrees(linear["angles_before"])),
        tr("  the decoder's rows, after training: {angles}").format(angles=degrees(linear["angles_after"])),
        tr("  the encoder's columns, after:       {angles}").format(angles=degrees(linear["encoder_angles"])),
        tr("test reconstruction error (MSE per pixel): linear autoencoder {ae:.4f}, PCA {pca:.4f}").format(
            ae=linear["ae_error"], pca=linear["pca_error"])])


def report_pretraining(label_counts, study):
    """Mean test accuracy per label count, pre-trained and random, and their difference in points, per activation.
    study: from compute.pretraining_study."""
    labels = tr("labels:")
    rows = [f"{labels:17s}" + "".join(f"{n:>7d}" for n in label_counts)]
    for activation, scores in study.items():
        name = method_label(activation)
        for start in ("pretrained", "random"):
            means = scores[start].mean(axis=0)
            rows.append(f"{name:7s} {method_label(start):10s}" + "".join(f"{a:7.3f}" for a in means))
        gain = 100 * (scores["pretrained"] - scores["random"]).mean(axis=0)
        rows.append(tr("{activation:7s} difference{values}  (points)").format(
            activation=name, values="".join(f"{g:+7.1f}" for g in gain)))
    return "\n".join(rows)


def report_source_accuracy(accuracy):
    """One line: the transferred encoder's accuracy on the task it was trained for."""
    return tr("the encoder's accuracy on the test digits 0–4 (the task it was trained for): {accuracy:.3f}").format(
        accuracy=accuracy)


def report_transfer(label_counts, transfer):
    """Mean test accuracy on the digits 5–9 per label count, one row per way of reusing the encoder."""
    labels = tr("labels:")
    rows = [f"{labels:23s}" + "".join(f"{n:>7d}" for n in label_counts)]
    for method in (name for name in transfer if name != "source_accuracy"):
        rows.append(f"{method_label(method):22s}" + "".join(f"{a:7.3f}" for a in transfer[method].mean(axis=0)))
    return "\n".join(rows)


def report_multitask(summary):
    """Test accuracy on the digits 5–9 per start (mean ± sd) and its paired difference to training from scratch.
    summary: from compute.multitask_summary."""
    rows = ["{start:33s} {accuracy:>22s}   {paired:>31s}".format(
        start=tr("start"), accuracy=tr("test accuracy on 5–9"), paired=tr("minus from scratch, same seed"))]
    for start, row in summary.items():
        paired = "" if row["paired"] is None else tr(
            "{mean:+5.1f} ± {error:.1f} points, lower on {lower} of {n}").format(**row["paired"])
        rows.append(tr("{start:33s} {mean:10.3f} ± {sd:.3f} (sd)   {paired:>31s}").format(
            start=method_label(start), mean=row["mean"], sd=row["sd"], paired=paired))
    return "\n".join(rows)
