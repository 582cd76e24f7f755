"""Drawing for "putting it together": training curves with the restored epoch, the ablation's paired differences,
the lr.

Each function draws on the Axes it is given and returns it.  Epochs count from 1, as the progress
display prints them and as a History's best_epoch counts them.
"""

from __future__ import annotations

import numpy as np

__all__ = ["plot_recipe_history", "plot_ablation_bars", "plot_recipe_lr"]


def plot_recipe_history(ax, history, key="loss", best_epoch=None, color="tab:blue", label="", lw=1.8, alpha=1.0,
                        gid=""):
    """history[key] (training, solid) and history["val_" + key] (validation, dashed) per epoch.

    history: a History.history dict of per-epoch lists or arrays;  key: "loss" or "accuracy";
    best_epoch (from 1): a star on the validation curve and a dotted vertical line at that epoch.
    Line gids: gid + "train", gid + "val", gid + "best", gid + "best_line".
    """
    train, val = np.asarray(history[key]), np.asarray(history["val_" + key])
    epochs = np.arange(1, len(train) + 1)
    prefix = f"{label}: " if label else ""
    ax.plot(epochs, train, "-", color=color, lw=lw, alpha=alpha, label=f"{prefix}training", gid=gid + "train")
    ax.plot(epochs, val, "--", color=color, lw=lw, alpha=alpha, label=f"{prefix}validation", gid=gid + "val")
    if best_epoch is not None:
        ax.axvline(best_epoch, color=color, lw=1, ls=":", alpha=alpha, gid=gid + "best_line")
        ax.plot([best_epoch], [val[best_epoch - 1]], "*", ms=12, color=color, mec="k", alpha=alpha,
                label=f"{prefix}restored epoch", gid=gid + "best")
    ax.set_xlabel("epoch")
    ax.set_ylabel({"loss": "cross-entropy loss", "accuracy": "accuracy"}.get(key, key))
    return ax


def plot_ablation_bars(ax, names, differences):
    """Paired differences to the full recipe, in points of test accuracy: per configuration a bar at the mean,
    an error bar of ± one standard error, and one dot per seed.

    names: the configurations in drawing order (top to bottom);  differences: {name: (n_seeds,) differences}
    (setting − full recipe, seed by seed).  A vertical line marks 0 (no effect).
    """
    y = np.arange(len(names))[::-1]
    diffs = [np.asarray(differences[name], dtype=float) for name in names]
    means = np.array([d.mean() for d in diffs])
    errors = np.array([d.std(ddof=1) / np.sqrt(len(d)) if len(d) > 1 else 0.0 for d in diffs])
    ax.barh(y, means, color=["tab:red" if m < 0 else "tab:blue" for m in means], alpha=0.45, height=0.7)
    ax.errorbar(means, y, xerr=errors, fmt="none", ecolor="k", capsize=3, lw=1.2)
    for k, d in enumerate(diffs):
        ax.plot(d, np.full(len(d), y[k]), "k.", ms=4, alpha=0.6)
    ax.axvline(0.0, color="k", lw=0.8)
    ax.set_yticks(y)
    ax.set_yticklabels(names, fontsize=8)
    ax.set_xlabel("test accuracy − full recipe's, same seed (points)")
    return ax


def plot_recipe_lr(ax, curves, steps_per_epoch=None):
    """Learning rate against the update t, one line per schedule.   curves: {label: (t (T,), lr (T,))}.

    steps_per_epoch: thin vertical lines at the epoch boundaries.
    """
    for k, (label, (t, lr)) in enumerate(curves.items()):
        ax.step(t, lr, where="post", color=f"C{k}", lw=1.6, label=label)
    if steps_per_epoch:
        t_max = max(np.max(t) for t, _ in curves.values())
        for boundary in range(steps_per_epoch, int(t_max) + 1, steps_per_epoch):
            ax.axvline(boundary, color="0.85", lw=0.6, zorder=0)
    ax.set_yscale("log")
    ax.set_xlabel("update t")
    ax.set_ylabel("learning rate α_t")
    ax.legend(fontsize=8)
    return ax
