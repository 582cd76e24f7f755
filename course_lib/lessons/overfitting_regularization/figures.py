"""Drawing for the overfitting notebook: each plot_<thing>(ax, …) draws and returns the artists that change (a
dict), and update_<thing>(handles, …) next to it moves them in place for an explorer.  report_<thing> functions
format the notebook's printed tables.
"""

from __future__ import annotations

import numpy as np
from matplotlib import ticker
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D

from ...i18n import N_, tr
from ..axes import fewer_ticks, plain_log
from . import compute

__all__ = [
    "plot_many_fits",
    "update_many_fits",
    "plot_degree_fits",
    "plot_bias_variance",
    "update_bias_variance",
    "plot_bias_variance_panels",
    "update_bias_variance_panels",
    "freeze_legends",
    "plot_penalized_weight_histograms",
    "plot_near_zero_vs_lambda",
    "plot_validation_vs_lambda",
    "plot_l1_vs_l2",
    "update_l1_vs_l2",
    "plot_lasso_paths",
    "plot_lasso_comparison",
    "plot_early_stopping",
    "update_early_stopping",
    "report_bias_variance",
    "report_lasso_zeros",
    "report_regularization",
    "report_early_stopping",
    "report_retraining",
]

COLORS = {"l1": "tab:orange", "l2": "tab:blue", "bias2": "tab:red", "variance": "tab:purple",
          "test_error": "k", "train_error": "tab:green", "fits": "tab:blue", "val": "tab:red", "train": "tab:blue"}
FIT_YLIM = (-2.5, 2.5)
VERDICTS = {"under": N_("degree {degree}: underfits"), "right": N_("degree {degree}: about right"),
            "over": N_("degree {degree}: overfits")}
CURVES = {"expectation": N_("expectation"), "reality": N_("reality")}
METHODS = {"subgradient": N_("subgradient"), "proximal": N_("proximal")}


# ----------------------------------------------------------------------------------------------------
# Bias and variance
# ----------------------------------------------------------------------------------------------------


def plot_many_fits(ax, x_eval, f_eval, fits, mean_fit, x=None, y=None):
    """Many fitted curves (thin), their mean (thick) and the true function (dashed); one training set as dots.

    x_eval, f_eval, mean_fit: (M,);  fits: (R, M);  x, y: (n,) optional.  Curves leaving the y-range
    FIT_YLIM are clipped by the axes (the wildest fits of high degree go far beyond it).
    → handles for update_many_fits ("fits", "mean", and "points" if x is given).
    """
    segments = np.stack([np.broadcast_to(x_eval, fits.shape), fits], axis=-1)
    handles = {"fits": LineCollection(segments, colors=COLORS["fits"], alpha=0.25, lw=0.8,
                                      label=tr("fits to resampled sets"))}
    ax.add_collection(handles["fits"])
    handles["mean"], = ax.plot(x_eval, mean_fit, color="tab:orange", lw=2.2, label=tr("mean of the fits"))
    ax.plot(x_eval, f_eval, "k--", lw=1.4, label=tr("true f(x)"))
    if x is not None:
        handles["points"], = ax.plot(x, y, "o", ms=3.5, color="0.2", label=tr("one training set"))
    ax.set_xlim(0, 1)
    ax.set_ylim(*FIT_YLIM)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend(loc="lower left", fontsize=7, ncol=2)
    return handles


def update_many_fits(handles, segments, mean_fit, x=None, y=None):
    """Show other fits: segments (R, M, 2) as (x, y) points, mean_fit (M,); x, y (n,) move the training set."""
    handles["fits"].set_segments(segments)
    handles["mean"].set_ydata(mean_fit)
    if x is not None:
        handles["points"].set_data(x, y)


def plot_degree_fits(ax, study, degree, verdict):
    """The fits of one degree of compute.bias_variance_study, titled with a verdict: "under", "right", "over"."""
    handles = plot_many_fits(ax, study["x_eval"], study["f_eval"], study["fits"][degree], study["mean_fit"][degree],
                             study["x"][0], study["y"][0])
    ax.set_title(tr(VERDICTS[verdict]).format(degree=degree), fontsize=10)
    return handles


LINTHRESH = 1e-3   # the symmetric log axis of plot_bias_variance is linear for |y| < LINTHRESH
SYMLOG_TICKS = (-10.0, -0.1, -1e-3, 0.0, 1e-3, 0.1, 10.0, 1e3)
BIAS_VARIANCE_TOP = 2e3          # the top of the explorer's error axis (the variance of degree 12 stays below)


def bias_variance_bottom(bias2):
    """The lower y-limit that shows every bias² estimate: −LINTHRESH, or the next power of ten below the lowest."""
    lowest = float(np.min(bias2))
    return -LINTHRESH if lowest > -LINTHRESH else -(10.0 ** np.ceil(np.log10(-lowest)))


def plot_bias_variance(ax, degrees, bias2, variance, test_error, train_error=None, noise=None, mark=None):
    """bias², variance and expected test error (= bias² + variance + σ²) against capacity.   all (C,).

    A symmetric log y-axis (logarithmic for |y| ≥ LINTHRESH, linear in between, so 0 and negative values
    have a place): the unbiased bias² estimate is drawn as it is, slightly negative where the true bias² is
    ≈ 0.  train_error (C,) adds the mean training error; noise σ adds the level σ² (dotted); mark draws a
    vertical line at that capacity.   → {curve name, "noise", "mark": Line2D} for update_bias_variance.
    """
    curves = [("bias2", tr("bias² (estimate)"), bias2), ("variance", tr("variance"), variance),
              ("test_error", tr("bias² + variance + σ²"), test_error)]
    if train_error is not None:
        curves.append(("train_error", tr("training error"), train_error))
    handles = {"ax": ax}
    ax.axhline(0.0, color="0.6", lw=0.8)
    for key, label, values in curves:
        style = "--" if key == "train_error" else "-"
        handles[key], = ax.plot(degrees, values, style, marker="o", ms=3, lw=1.5, color=COLORS[key], label=label)
    if noise is not None:
        handles["noise"] = ax.axhline(noise**2, color="0.5", ls=":", lw=1, label=tr("σ² (noise)"))
    if mark is not None:
        handles["mark"] = ax.axvline(mark, color="0.3", lw=1)
    ax.set_yscale("symlog", linthresh=LINTHRESH, linscale=0.5)
    ax.yaxis.set_major_locator(ticker.FixedLocator(SYMLOG_TICKS))    # few fixed ticks: cheap to redraw
    ax.yaxis.set_minor_locator(ticker.NullLocator())
    ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda value, _: f"{value:g}"))
    ax.set_ylim(bias_variance_bottom(bias2), None)
    ax.set_xlabel(tr("capacity (polynomial degree)"))
    ax.set_ylabel(tr("mean squared error (symlog, linear below {linthresh:g})").format(linthresh=LINTHRESH),
                  fontsize=8)
    ax.legend(loc="upper center", fontsize=7, ncol=2)
    return handles


def update_bias_variance(handles, study):
    """Show the curves of another compute.bias_variance_study (same degrees), its noise level and y-range."""
    for key in ("bias2", "variance", "test_error", "train_error"):
        handles[key].set_ydata(study[key])
    handles["noise"].set_ydata([study["noise"] ** 2] * 2)
    handles["ax"].set_ylim(bias_variance_bottom(study["bias2"]), BIAS_VARIANCE_TOP)


def plot_bias_variance_panels(axes, study, degree):
    """bias_variance's two panels for compute.bias_variance_study at one degree: the fits (left), the error
    curves against the degree (right).   → handles for update_bias_variance_panels."""
    left, right = axes
    handles = {"axes": axes, "study": study,
               "fits": plot_many_fits(left, study["x_eval"], study["f_eval"], study["fits"][degree],
                                      study["mean_fit"][degree], study["x"][0], study["y"][0]),
               "curves": plot_bias_variance(right, study["degrees"], study["bias2"], study["variance"],
                                            study["test_error"], study["train_error"], noise=study["noise"],
                                            mark=degree)}
    right.set_ylim(top=BIAS_VARIANCE_TOP)
    fewer_ticks(left, right)
    for ax in axes:
        ax.get_legend().get_frame().set_alpha(1.0)      # opaque, so that it can be frozen (freeze_legends)
    update_bias_variance_panels(handles, study, degree)
    return handles


def update_bias_variance_panels(handles, study, degree):
    """Show another degree, or another study (the curves against degree are redrawn only when it changes)."""
    left, right = handles["axes"]
    fits = handles["fits"]
    update_many_fits(fits, study["segments"][degree], study["mean_fit"][degree])
    if handles["study"] is not study:
        fits["points"].set_data(study["x"][0], study["y"][0])
        update_bias_variance(handles["curves"], study)
        handles["study"] = study
    handles["curves"]["mark"].set_xdata([degree, degree])
    n_train = study["x"].shape[1]
    left.set_title(tr("degree {degree}, n = {n}, σ = {noise:.1f}: {kept} of {n_sets} fits").format(
        degree=degree, n=n_train, noise=study["noise"], kept=len(study["fits"][degree]), n_sets=study["n_sets"]),
        fontsize=10)
    right.set_title(tr("bias² {bias2:.2g} (estimate),  variance {variance:.3g},  test error {test:.3g}").format(
        bias2=study["bias2"][degree], variance=study["variance"][degree], test=study["test_error"][degree]),
        fontsize=9)


def freeze_legends(fig):
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


# ----------------------------------------------------------------------------------------------------
# L1 and L2 penalties
# ----------------------------------------------------------------------------------------------------


def plot_penalized_weight_histograms(ax, bins, counts, threshold=None):
    """Histograms of weights as step outlines, log counts.   bins: (B + 1,);  counts: {"l1"/"l2"/label: (B,)}.

    threshold adds a grey band |w| < threshold (what counts as "zero").   → {label: StepPatch}.
    """
    handles = {label: ax.stairs(np.maximum(c, 0.5), bins, color=COLORS.get(label), lw=1.6, label=label.upper(),
                                baseline=0.5) for label, c in counts.items()}
    if threshold is not None:
        ax.axvspan(-threshold, threshold, color="0.85", zorder=0, label=f"|w| < {threshold:g}")
    plain_log(ax, "y")
    ax.set_ylim(0.7, None)
    ax.set_xlim(bins[0], bins[-1])
    ax.set_xlabel(tr("weight value w"))
    ax.set_ylabel(tr("number of weights"))
    ax.legend(loc="upper right", fontsize=7)
    return handles


def plot_near_zero_vs_lambda(ax, lams, fractions, threshold, mark=None, legend=True):
    """The fraction of weights with |w| < threshold against λ (log x).   lams: (L,);  fractions: {label: (L,)}.

    → {label: Line2D, "mark": the vertical line at mark}."""
    handles = {}
    for label, f in fractions.items():
        handles[label], = ax.plot(lams, f, marker="o", ms=3.5, lw=1.5, color=COLORS.get(label), label=label.upper())
    if mark is not None:
        handles["mark"] = ax.axvline(mark, color="0.3", lw=1)
    plain_log(ax, "x")
    ax.set_ylim(0, 1)
    ax.set_xlabel("λ")
    ax.set_ylabel(tr("fraction with |w| < {threshold:g}").format(threshold=threshold))
    if legend:
        ax.legend(loc="upper left", fontsize=7)
    return handles


def plot_validation_vs_lambda(ax, lams, val_loss, train_loss=None, baseline=None, mark=None, legend=True):
    """Validation loss against λ (log x, log y) for each penalty; training loss dashed; λ = 0 as a line.

    lams: (L,);  val_loss, train_loss: {label: (L,)};  baseline: the validation loss at λ = 0.
    → {label: Line2D, label + "_train": Line2D, "mark": the vertical line at mark}.
    """
    handles = {}
    for label, v in val_loss.items():
        handles[label], = ax.plot(lams, v, marker="o", ms=3.5, lw=1.5, color=COLORS.get(label),
                                  label=tr("{penalty} validation").format(penalty=label.upper()))
    for label, v in (train_loss or {}).items():
        handles[f"{label}_train"], = ax.plot(lams, v, "--", lw=1, color=COLORS.get(label),
                                             label=tr("{penalty} training").format(penalty=label.upper()))
    if baseline is not None:
        ax.axhline(baseline, color="0.4", ls=":", lw=1, label=tr("λ = 0 validation"))
    if mark is not None:
        handles["mark"] = ax.axvline(mark, color="0.3", lw=1)
    plain_log(ax, "x")
    plain_log(ax, "y")
    ax.set_xlabel("λ")
    ax.set_ylabel(tr("cross-entropy"))
    if legend:
        ax.legend(loc="upper left", fontsize=7)
    return handles


def plot_l1_vs_l2(axes, study, i, counts):
    """l1_vs_l2's three panels for compute.regularization_study at its i-th λ: weight histograms (counts from
    compute.weight_histograms), the fraction near 0 and the losses against λ.   → handles for update_l1_vs_l2."""
    hist, frac, val = axes
    lams, threshold = study["lams"], compute.ZERO_THRESHOLD
    handles = {"axes": axes, "study": study,
               "hist": plot_penalized_weight_histograms(hist, compute.WEIGHT_BINS, counts, threshold=threshold)}
    hist.set_ylim(0.7, 3e3)
    handles["frac"] = plot_near_zero_vs_lambda(frac, lams, {n: study[n]["near_zero"] for n in compute.PENALTIES},
                                               threshold, mark=lams[i], legend=False)
    handles["val"] = plot_validation_vs_lambda(val, lams, {n: study[n]["val_loss"] for n in compute.PENALTIES},
                                               {n: study[n]["train_loss"] for n in compute.PENALTIES},
                                               baseline=study["baseline"]["val_loss"], mark=lams[i], legend=False)
    fewer_ticks(hist, frac)
    frac.set_yticks([0, 0.5, 1])
    val.legend(handles=[Line2D([], [], color="0.3", marker="o", ms=3.5, label=tr("validation")),
                        Line2D([], [], color="0.3", ls="--", label=tr("training")),
                        Line2D([], [], color="0.4", ls=":", label=tr("λ = 0, validation"))],
               loc="upper left", fontsize=7)             # colours as in the histogram: L1, L2
    update_l1_vs_l2(handles, i, counts)
    return handles


def update_l1_vs_l2(handles, i, counts):
    """Show the i-th λ of the study: histograms, the marks on the λ axes, and titles with the numbers."""
    hist, frac, val = handles["axes"]
    study = handles["study"]
    lam, l1, l2 = study["lams"][i], study["l1"], study["l2"]
    for name, c in counts.items():
        handles["hist"][name].set_data(np.maximum(c, 0.5))
    handles["frac"]["mark"].set_xdata([lam, lam])
    handles["val"]["mark"].set_xdata([lam, lam])
    hist.set_title(tr("λ = {lam:.1e}: weights of the net").format(lam=lam), fontsize=9)
    frac.set_title(tr("|w| < {threshold:g}:  L1 {l1:.0%},  L2 {l2:.0%}").format(
        threshold=compute.ZERO_THRESHOLD, l1=l1["near_zero"][i], l2=l2["near_zero"][i]), fontsize=9)
    val.set_title(tr("val. accuracy:  L1 {l1:.0%},  L2 {l2:.0%}").format(l1=l1["val_accuracy"][i],
                                                                          l2=l2["val_accuracy"][i]), fontsize=9)


def plot_lasso_paths(ax, path, w_true=None, title=""):
    """Each weight against the step number.   path: (steps + 1, d);  w_true: (d,) drawn as dotted levels.

    → the weights' Line2D, one per weight."""
    steps = np.arange(len(path))
    lines = []
    for j in range(path.shape[1]):
        zero = w_true is not None and w_true[j] == 0
        lines += ax.plot(steps, path[:, j], lw=1.0 if zero else 1.6, color="tab:gray" if zero else f"C{j}")
        if w_true is not None and not zero:
            ax.axhline(w_true[j], color=f"C{j}", ls=":", lw=0.8)
    ax.axhline(0, color="k", lw=0.6)
    ax.set_xlabel(tr("step"))
    ax.set_ylabel(tr("weight"))
    if title:
        ax.set_title(title, fontsize=10)
    return lines


def plot_lasso_comparison(axes, paths, w_true, zoom=0.04):
    """Three panels: every weight of the first path, then each method's useless weights (w_true = 0) zoomed in
    to ±zoom.   paths: {"subgradient"/"proximal": (steps + 1, d)} from compute.lasso_paths."""
    n_useless = int(np.sum(w_true == 0))
    plot_lasso_paths(axes[0], next(iter(paths.values())), w_true,
                     title=tr("all {d} weights (both methods look alike)").format(d=len(w_true)))
    for ax, (method, path) in zip(axes[1:], paths.items()):
        plot_lasso_paths(ax, path, w_true, title=tr("{method}: zoom on the {n} useless weights").format(
            method=tr(METHODS[method]), n=n_useless))
        ax.set_ylim(-zoom, zoom)


# ----------------------------------------------------------------------------------------------------
# Early stopping
# ----------------------------------------------------------------------------------------------------


def plot_early_stopping(ax, val, point, train=None, curve=None, patience=None, legend=True):
    """A validation curve with early stopping marked.   val, train: (E,) per epoch; epochs count from 1.

    point: a compute.StopPoint (epochs from 1).  Draws the curve, the best value so far (step
    line), the patience window after the best epoch (shaded), the last epoch trained (vertical line) and the
    epoch whose weights are kept (star).  curve ("expectation" / "reality") and patience title it.
    → handles for update_early_stopping.
    """
    epochs = np.arange(1, len(val) + 1)
    if train is not None:
        ax.plot(epochs, train, color=COLORS["train"], lw=1.2, label=tr("training loss"))
    ax.plot(epochs, val, color=COLORS["val"], lw=1.4, label=tr("validation loss"))
    ax.plot(epochs, np.minimum.accumulate(val), color="0.35", lw=1, ls="--", drawstyle="steps-post",
            label=tr("best so far"))
    handles = {"ax": ax, "val": val}
    handles["window"] = ax.axvspan(point.best, point.stop, color="tab:orange", alpha=0.15,
                                   label=tr("patience window"))
    handles["stop"] = ax.axvline(point.stop, color="k", lw=1.2, label=tr("training stops"))
    handles["kept"], = ax.plot([point.kept], [val[point.kept - 1]], "*", ms=13, color="gold", mec="k",
                               label=tr("weights kept"))
    ax.set_xlim(1, len(val))
    ax.set_xlabel(tr("epoch (from 1)"))
    ax.set_ylabel(tr("loss"))
    if legend:
        ax.legend(loc="upper right", fontsize=7, ncol=2)
    if curve is not None:
        ax.set_title(tr("{curve}, patience {patience}").format(curve=tr(CURVES[curve]), patience=patience),
                     fontsize=10)
    return handles


def update_early_stopping(handles, point, curve, patience):
    """Move the marks of plot_early_stopping to another StopPoint on the same curve; the title says where
    training stops and whose weights it keeps."""
    window = handles["window"]
    window.set_x(point.best)
    window.set_width(point.stop - point.best)
    handles["stop"].set_xdata([point.stop, point.stop])
    handles["kept"].set_data([point.kept], [handles["val"][point.kept - 1]])
    if point.stopped:
        title = tr("{curve}, patience {patience}: stops after epoch {stop}, restores epoch {best}")
    else:
        title = tr("{curve}, patience {patience}: patience never ran out")
    handles["ax"].set_title(title.format(curve=tr(CURVES[curve]), patience=patience, stop=point.stop,
                                         best=point.best), fontsize=9)


# ----------------------------------------------------------------------------------------------------
# The notebook's printed tables (strings, translated)
# ----------------------------------------------------------------------------------------------------


def report_bias_variance(study, degrees):
    """A table of compute.bias_variance_study: bias², variance, test and training error at each degree."""
    lines = [tr("degree   bias²    variance  test error  training error")]
    lines += [f"{c:6d} {study['bias2'][c]:8.4f} {study['variance'][c]:10.4f} {study['test_error'][c]:10.4f} "
              f"{study['train_error'][c]:12.4f}" for c in degrees]
    return "\n".join(lines)


def report_lasso_zeros(paths, w_true):
    """For each method's last weights: how many are exactly 0, and the largest |w| among the useless ones."""
    useless = w_true == 0
    return "\n".join(tr("{method:12s} exactly-zero weights: {zeros} of {d};  largest |w| among the {n} useless "
                        "ones: {largest:.4f}").format(
        method=tr(METHODS[method]), zeros=np.sum(path[-1] == 0), d=len(w_true), n=int(np.sum(useless)),
        largest=np.abs(path[-1][useless]).max()) for method, path in paths.items())


def report_regularization(study):
    """compute.regularization_study as a table: per λ and penalty the validation loss and accuracy, and the
    |w| statistics (replaced by "(chaotic)" for the runs of compute.CHAOTIC, which depend on round-off)."""
    base, threshold = study["baseline"], compute.ZERO_THRESHOLD
    lines = [tr("λ = 0: validation loss {loss:.3f}, accuracy {accuracy:.3f}, |w| < {threshold:g}: {zero:.0%}").format(
                 loss=base["val_loss"], accuracy=base["val_accuracy"], threshold=threshold, zero=base["near_zero"]),
             tr("           L1: val loss  accuracy  |w|<{t:g}  median |w|    L2: val loss  accuracy  |w|<{t:g}  "
                "median |w|").format(t=threshold)]
    chaotic = tr("(chaotic)")
    for i, lam in enumerate(study["lams"]):
        row = f"{lam:8.1e}"
        for name in compute.PENALTIES:
            r = study[name]
            weights = (f"{chaotic:>21s}" if compute.is_chaotic(name, lam)
                       else f"{r['near_zero'][i]:9.0%} {r['median_abs'][i]:11.3f}")
            row += f"   {r['val_loss'][i]:11.3f} {r['val_accuracy'][i]:9.3f} {weights}"
        lines.append(row)
    lines.append(tr("L1 at λ = {lam:.0e}: 90th percentile of |w| {p90:.3f}").format(
        lam=study["lams"][-1], p90=study["l1"]["p90_abs"][-1]))
    return "\n".join(lines)


def report_early_stopping(curve, patience, point, val):
    """One line: where early stopping with patience ends on a curve, and where the curve's lowest value is."""
    return tr("{curve:11s} patience {patience}: stops after epoch {stop}, restores epoch {best} (validation loss "
              "{loss:.3f}; the lowest of all {epochs} epochs is at epoch {lowest})").format(
        curve=tr(CURVES[curve]), patience=patience, stop=point.stop, best=point.best, loss=val[point.best - 1],
        epochs=len(val), lowest=np.argmin(val) + 1)


def report_retraining(result):
    """compute.early_stopping_then_retrain's result: where it stopped, and the test scores of the three models."""
    models = {"restored": N_("early stopping (restored best)"), "retrained": N_("retrained on train + validation"),
              "no_stopping": N_("all {epochs} epochs, no stopping")}
    lines = [tr("stopped after epoch {stop}, restored epoch {best}, retrained for {epochs} epochs on train + "
                "validation").format(stop=result["stopped_epoch"], best=result["best_epoch"],
                                     epochs=result["retrain_epochs"]),
             tr("model                                test loss   test accuracy")]
    for key, name in models.items():
        name = tr(name).format(epochs=result["epochs"])
        lines.append(f"{name:36s} {result[key + '_loss']:9.3f}   {result[key + '_accuracy']:10.3f}")
    return "\n".join(lines)
