"""Drawing for "putting it together": training curves with the restored epoch, the ablation's paired differences,
the lr; and the notebook's printed tables (report_ functions: text only, no computing).

Each plot_ function draws on the Axes it is given and returns the artists an update needs (a dict); the update_
function next to it moves them in place.  Epochs count from 1, as the progress display prints them and as a
History's best_epoch counts them.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import NullFormatter

from ...i18n import N_, tr

__all__ = ["plot_recipe_history", "update_recipe_history", "plot_training_curves", "plot_ablation_bars",
           "plot_ablation", "plot_dropout_effects", "plot_recipe_lr", "plot_explorer_axes", "update_recipe_titles",
           "ablation_label",
           "report_split", "report_schedule", "report_history", "report_test", "report_ablation",
           "report_dropout_effects"]

# What the reader sees for compute's ablation names (the keys stay English: the code compares them).
ABLATION_LABELS = {
    "full recipe": N_("full recipe"),
    "no batch norm": N_("no batch norm"),
    "no dropout": N_("no dropout"),
    "classical momentum (no Nesterov)": N_("classical momentum (no Nesterov)"),
    "no momentum (plain SGD)": N_("no momentum (plain SGD)"),
    "constant lr": N_("constant lr"),
    "Glorot instead of He": N_("Glorot instead of He"),
    "no early stopping": N_("no early stopping"),
    "sigmoid instead of ReLU": N_("sigmoid instead of ReLU"),
    "no dropout, no batch norm": N_("no dropout, no batch norm"),
}
EFFECT_LABELS = {"with batch norm": N_("removing dropout, with batch norm"),
                 "without batch norm": N_("removing dropout, without batch norm"),
                 "interaction": N_("difference (without − with)")}
KEY_LABELS = {"loss": N_("cross-entropy loss"), "accuracy": N_("accuracy")}
LOSS_TICKS = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)              # the explorer's log loss axis, labelled in plain numbers
ACCURACY_TICKS = (0.8, 0.85, 0.9, 0.95, 1.0)
EPOCH_TICKS = (1, 4, 7, 10)                                 # few tick labels: text is the slowest thing to draw


def ablation_label(name):
    """The translated label of one of compute.ABLATIONS' names."""
    return tr(ABLATION_LABELS.get(name, name))


# ----------------------------------------------------------------------------------------------------
# Training curves
# ----------------------------------------------------------------------------------------------------


def plot_recipe_history(ax, history, key="loss", best_epoch=None, color="tab:blue", label="", lw=1.8, alpha=1.0):
    """history[key] (training, solid) and history["val_" + key] (validation, dashed) per epoch.

    history: a History.history dict of per-epoch lists or arrays;  key: "loss" or "accuracy";  label: translated
    text before the legend entries;  best_epoch (from 1): a star on the validation curve and a dotted vertical line
    at that epoch.  Returns {"ax", "train", "val", "best", "best_line"} (the last two None without best_epoch).
    """
    train, val = np.asarray(history[key]), np.asarray(history["val_" + key])
    epochs = np.arange(1, len(train) + 1)
    entries = {"train": tr("training"), "val": tr("validation"), "best": tr("restored epoch")}
    if label:
        entries = {part: tr("{label}: {entry}").format(label=label, entry=entry) for part, entry in entries.items()}
    handles = {"ax": ax, "best": None, "best_line": None}
    handles["train"], = ax.plot(epochs, train, "-", color=color, lw=lw, alpha=alpha, label=entries["train"])
    handles["val"], = ax.plot(epochs, val, "--", color=color, lw=lw, alpha=alpha, label=entries["val"])
    if best_epoch is not None:
        handles["best_line"] = ax.axvline(best_epoch, color=color, lw=1, ls=":", alpha=alpha)
        handles["best"], = ax.plot([best_epoch], [val[best_epoch - 1]], "*", ms=12, color=color, mec="k",
                                   alpha=alpha, label=entries["best"])
    ax.set_xlabel(tr("epoch"))
    ax.set_ylabel(tr(KEY_LABELS[key]) if key in KEY_LABELS else key)
    return handles


def update_recipe_history(handles, history, key, best_epoch, visible=True):
    """Move the curves (drawn with a best_epoch) to another run: its history and the epoch it restored (None:
    star and line hidden); visible=False hides all of them."""
    train, val = history[key], history["val_" + key]
    epochs = np.arange(1, len(train) + 1)
    handles["train"].set_data(epochs, train)
    handles["val"].set_data(epochs, val)
    handles["train"].set_visible(visible)
    handles["val"].set_visible(visible)
    restored = visible and best_epoch is not None
    handles["best"].set_visible(restored)
    handles["best_line"].set_visible(restored)
    if restored:
        handles["best"].set_data([best_epoch], [val[best_epoch - 1]])
        handles["best_line"].set_xdata([best_epoch, best_epoch])


def plot_training_curves(left, right, history, best_epoch):
    """The notebook's run: loss (left, log scale) and accuracy (right, with the legend), training and validation,
    the restored epoch starred."""
    for ax, key in ((left, "loss"), (right, "accuracy")):
        plot_recipe_history(ax, history, key, best_epoch=best_epoch)
    left.set_yscale("log")
    right.set_ylim(0.7, 1.0)
    right.legend(fontsize=8, loc="lower right")
    return left, right


def plot_explorer_axes(loss_ax, accuracy_ax, epochs, loss_limits, accuracy_limits):
    """The recipe explorer's fixed axes: epochs 1…epochs, a log loss axis and an accuracy axis with set limits."""
    for ax, limits in ((loss_ax, loss_limits), (accuracy_ax, accuracy_limits)):
        ax.set_xlim(0.5, epochs + 0.5)
        ax.set_xticks(EPOCH_TICKS)
        ax.set_ylim(*limits)
    loss_ax.set_yscale("log")
    loss_ax.set_yticks(LOSS_TICKS, [f"{v:g}" for v in LOSS_TICKS])
    loss_ax.yaxis.set_minor_formatter(NullFormatter())
    accuracy_ax.set_yticks(ACCURACY_TICKS)


def update_recipe_titles(loss_ax, accuracy_ax, view, epochs):
    """The recipe explorer's titles for view (from compute.explorer_view): the setting, the seed and where early
    stopping stopped (left); the test accuracy, or its paired difference to the full recipe's (right)."""
    n_seeds = len(view["reference"]["test_accuracy"])
    if view["runs"] is None:
        left = tr("seed {seed}: two or more ingredients off").format(seed=view["seed"])
        right = tr("full recipe only (grey)")
    else:
        name = ablation_label(view["name"])
        if view["best"] is None:
            left = tr("{name}, seed {seed}: all {epochs} epochs").format(name=name, seed=view["seed"], epochs=epochs)
        else:
            left = tr("{name}, seed {seed}: {epochs_run} epochs, restored {best}").format(
                name=name, seed=view["seed"], epochs_run=view["epochs_run"], best=view["best"])
        if view["name"] == "full recipe":
            right = tr("full recipe: test accuracy {accuracy:.3f} (mean of {n} seeds)").format(
                accuracy=view["accuracy"], n=n_seeds)
        else:
            right = tr("test accuracy − full recipe's: {mean:+.2f} ± {error:.2f} points").format(
                mean=100 * view["mean"], error=100 * view["error"])
    loss_ax.set_title(left, fontsize=9)
    accuracy_ax.set_title(right, fontsize=9)


# ----------------------------------------------------------------------------------------------------
# The ablation
# ----------------------------------------------------------------------------------------------------


def plot_ablation_bars(ax, labels, differences):
    """Paired differences to the full recipe, in points of test accuracy: per configuration a bar at the mean,
    an error bar of ± one standard error, and one dot per seed.

    labels: the configurations' translated labels in drawing order (top to bottom);  differences: one
    (n_seeds,) array of differences per label (setting − full recipe, seed by seed).  A vertical line marks 0.
    Returns {"ax", "bars"}.
    """
    y = np.arange(len(labels))[::-1]
    diffs = [np.asarray(d, dtype=float) for d in differences]
    means = np.array([d.mean() for d in diffs])
    errors = np.array([d.std(ddof=1) / np.sqrt(len(d)) if len(d) > 1 else 0.0 for d in diffs])
    bars = ax.barh(y, means, color=["tab:red" if m < 0 else "tab:blue" for m in means], alpha=0.45, height=0.7)
    ax.errorbar(means, y, xerr=errors, fmt="none", ecolor="k", capsize=3, lw=1.2)
    for k, d in enumerate(diffs):
        ax.plot(d, np.full(len(d), y[k]), "k.", ms=4, alpha=0.6)
    ax.axvline(0.0, color="k", lw=0.8)
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontsize=8)
    ax.set_xlabel(tr("test accuracy − full recipe's, same seed (points)"))
    return {"ax": ax, "bars": bars}


def plot_ablation(ax, summary):
    """The ablation's variants against the full recipe (summary: from compute.ablation_summary), in points."""
    variants = [name for name in summary if name != "full recipe"]
    handles = plot_ablation_bars(ax, [ablation_label(name) for name in variants],
                                 [100 * summary[name]["d"] for name in variants])
    ax.set_title(tr("test accuracy of each variant minus the full recipe's on the same seed: mean ± standard "
                    "error over {n} seeds").format(n=len(summary["full recipe"]["d"])), fontsize=9)
    return handles


def plot_dropout_effects(ax, effects):
    """Dropout's paired effect with and without batch norm, and their difference (effects: from
    compute.dropout_with_and_without_batch_norm), in points."""
    handles = plot_ablation_bars(ax, [tr(EFFECT_LABELS[key]) for key in effects],
                                 [100 * d for d in effects.values()])
    n = len(next(iter(effects.values())))
    ax.set_xlabel(tr("change in test accuracy, same seed (points)"))
    ax.set_title(tr("dropout's paired effect with and without batch norm: mean ± standard error over {n} seeds")
                 .format(n=n), fontsize=9)
    return handles


def plot_recipe_lr(ax, t, per_epoch, per_update, steps_per_epoch=None):
    """Learning rate against the update t (T,) for the recipe's schedule (one stair per epoch) and Keras's
    InverseTimeDecay(0.1, 1, 0.5) (one per update), both (T,).   steps_per_epoch: thin lines at epoch boundaries.
    Returns {"ax", "lines"}."""
    labels = (tr("τ = one epoch (used here)"), tr("τ = 1 update (Keras InverseTimeDecay(0.1, 1, 0.5))"))
    lines = [ax.step(t, lr, where="post", color=f"C{k}", lw=1.6, label=label)[0]
             for k, (label, lr) in enumerate(zip(labels, (per_epoch, per_update)))]
    if steps_per_epoch:
        for boundary in range(steps_per_epoch, int(np.max(t)) + 1, steps_per_epoch):
            ax.axvline(boundary, color="0.85", lw=0.6, zorder=0)
    ax.set_yscale("log")
    ax.set_xlabel(tr("update t"))
    ax.set_ylabel(tr("learning rate α_t"))
    ax.legend(fontsize=8)
    return {"ax": ax, "lines": lines}


# ----------------------------------------------------------------------------------------------------
# The notebook's printed reports
# ----------------------------------------------------------------------------------------------------


def report_split(n_fit, n_val, n_test):
    """One line: the rows fit gets (to train on and for validation) and the test rows kept aside."""
    return tr("{n_fit} rows for fit ({n_train} to train on, {n_val} for validation), {n_test} test rows kept "
              "aside").format(n_fit=n_fit, n_train=n_fit - n_val, n_val=n_val, n_test=n_test)


def report_schedule(steps, schedule):
    """One line: updates per epoch and the learning rate at the first update of epochs 1, 2 and 20."""
    return tr("{steps} updates per epoch; α at the first update of epochs 1, 2, 20: {a1:.4f}, {a2:.4f}, "
              "{a20:.4f}").format(steps=steps, a1=schedule(0), a2=schedule(steps), a20=schedule(19 * steps))


def report_history(history):
    """The per-epoch table of a History (loss, accuracy, their validation values, lr), the restored epoch marked."""
    h = history.history
    rows = [tr("epoch   loss   accuracy   val_loss   val_accuracy       lr")]
    for epoch in range(1, history.epochs_run + 1):
        k = epoch - 1                                   # list index of this epoch
        mark = tr("  ← restored") if epoch == history.best_epoch else ""
        rows.append(f"{epoch:5d}  {h['loss'][k]:.4f}   {h['accuracy'][k]:.4f}     {h['val_loss'][k]:.4f}       "
                    f"{h['val_accuracy'][k]:.4f}   {h['lr'][k]:.4f}{mark}")
    return "\n".join(rows)


def report_test(test, best_epoch):
    """One line: test accuracy and loss (test: from training.evaluate) with the weights of best_epoch."""
    return tr("test accuracy {accuracy:.4f} (test loss {loss:.4f}) with the weights of epoch {epoch}").format(
        accuracy=test["accuracy"], loss=test["loss"], epoch=best_epoch)


def report_ablation(summary):
    """The ablation table (summary: from compute.ablation_summary): test accuracy, paired difference to the full
    recipe (mean ± standard error, points), how often early stopping fired; then the full recipe's range."""
    rows = ["{name:34s} {accuracy:>13s}   {paired:>17s}   {fired}".format(
        name=tr("configuration"), accuracy=tr("test accuracy"), paired=tr("minus full recipe"),
        fired=tr("early stopping fired"))]
    for name, row in summary.items():
        restored = row["restored"]
        if restored:
            fired = tr("{count:2d} of {n}, restored {first}–{last}").format(
                count=len(restored), n=len(row["d"]), first=min(restored), last=max(restored))
        else:
            fired = tr("{count:2d} of {n}").format(count=0, n=len(row["d"]))
        paired = "" if name == "full recipe" else f"{100 * row['mean']:+.2f} ± {100 * row['error']:.2f}"
        rows.append(f"{ablation_label(name):34s} {row['test_accuracy'].mean():13.4f}   {paired:>17s}   {fired}")
    full = summary["full recipe"]["test_accuracy"]
    rows += ["", tr("the full recipe alone, from seed to seed: {low:.2f} % to {high:.2f} %").format(
        low=100 * full.min(), high=100 * full.max())]
    return "\n".join(rows)


def report_dropout_effects(summary):
    """One line per effect (summary: from compute.effects_summary): mean ± standard error in points, and on how
    many seeds it was lower or higher."""
    return "\n".join(
        tr("{label:38s} {mean:+.2f} ± {error:.2f} points   (lower on {lower}, higher on {higher} of {n} seeds)").format(
            label=tr(EFFECT_LABELS[key]), mean=100 * row["mean"], error=100 * row["error"], lower=row["lower"],
            higher=row["higher"], n=row["n"]) for key, row in summary.items())
