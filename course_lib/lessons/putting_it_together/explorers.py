"""Explorer for "putting it together": tick the recipe's ingredients and see the (precomputed) training curves."""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import NullFormatter

from ..explorer import Explorer, _by_gid, checkbox, int_slider
from . import compute as _recipe
from . import figures as _plots

__all__ = ["recipe_explorer"]

_LABELS = {"he_init": "He init (else Glorot)", "batch_norm": "batch norm", "relu": "ReLU (else sigmoid)",
           "dropout": "dropout 0.2", "momentum": "momentum 0.9", "nesterov": "Nesterov",
           "lr_decay": "inverse-time lr decay", "early_stopping": "early stopping"}
_COLOR = "tab:red"


_LIMITS = {"loss": (0.01, 3.0), "accuracy": (0.8, 1.0)}    # fixed: the settings are trained only when first ticked


def recipe_explorer(hide=(), **preset):
    """Training curves (loss and accuracy, training solid and validation dashed) of the recipe with the ticked
    ingredients, against the full recipe in grey; the star marks the epoch early stopping restored.

    The runs are the ablation's (recipe.ablation_runs: at most 10 epochs, patience 3, ten paired seeds).
    Only the full recipe and the one-ingredient-off ablations can be shown (with two or more ingredients off the
    figure says so and shows the full recipe alone).  A setting is trained the first time it is ticked (ten
    paired seeds, a few seconds), then cached.  The titles give the setting, the seed and the test accuracy's
    paired difference to the full recipe (mean ± standard error over the seeds).  The accuracy axis shows 0.8–1
    (the first epochs of slow settings start below it).
    """
    n_seeds, epochs = len(_recipe.SEEDS), _recipe.ABLATION_EPOCHS

    def draw(ex, seed, **ticked):
        name = _recipe.ablation_for(ticked)
        reference = _recipe.ablation_runs("full recipe")
        if not ex.artists:
            for ax, key in zip(ex.axes, ("loss", "accuracy")):
                # draw every artist once (a star at epoch 1 if there is no best epoch); _set_run then updates them
                history = reference["histories"][seed]
                _plots.plot_recipe_history(ax, history, key, 1, color="0.6", label="full recipe", lw=1.2, gid="ref_")
                _plots.plot_recipe_history(ax, history, key, 1, color=_COLOR, label="this setting", gid="cfg_")
                ax.set_xlim(0.5, epochs + 0.5)
                ax.set_xticks([1, 4, 7, 10])                  # few tick labels: text is the slowest thing to draw
                ax.set_ylim(*_LIMITS[key])
                ex.artists[key] = _by_gid(ax)
            ex.axes[0].set_yscale("log")
            ticks = [0.01, 0.03, 0.1, 0.3, 1.0, 3.0]
            ex.axes[0].set_yticks(ticks, [f"{v:g}" for v in ticks])
            ex.axes[0].yaxis.set_minor_formatter(NullFormatter())
            ex.axes[1].set_yticks([0.8, 0.85, 0.9, 0.95, 1.0])
        runs = None if name is None else _recipe.ablation_runs(name)
        for key in ("loss", "accuracy"):
            lines = ex.artists[key]
            _set_run(lines, "ref_", reference, seed, key)
            for gid in ("cfg_train", "cfg_val", "cfg_best", "cfg_best_line"):
                lines[gid].set_visible(runs is not None)
            if runs is not None:
                _set_run(lines, "cfg_", runs, seed, key)
        left, right = ex.axes
        if runs is None:
            ex.message(left, "not precomputed: untick one\ningredient at a time")
            left.set_title(f"seed {seed}: two or more ingredients off", fontsize=9)
            right.set_title("full recipe only (grey)", fontsize=9)
            return
        best = runs["best_epoch"][seed]
        stopped = f"all {epochs} epochs" if best is None else f"{runs['epochs_run'][seed]} epochs, restored {best}"
        left.set_title(f"{name}, seed {seed}: {stopped}", fontsize=9)
        if name == "full recipe":
            accuracy = reference["test_accuracy"]
            right.set_title(f"full recipe: test accuracy {accuracy.mean():.3f} (mean of {n_seeds} seeds)", fontsize=9)
        else:
            _, mean, error = _recipe.paired_differences(runs["test_accuracy"], reference["test_accuracy"])
            right.set_title(f"test accuracy − full recipe's: {100 * mean:+.2f} ± {100 * error:.2f} points",
                            fontsize=9)

    controls = {name: checkbox(label, True) for name, label in _LABELS.items()}
    controls["seed"] = int_slider("seed (curves)", 0, 0, n_seeds - 1)
    # the key goes in the (HTML) title: text drawn by matplotlib is the slowest part of a redraw
    title = ("The recipe, one ingredient at a time. Solid: training, dashed: validation; grey: full recipe, "
             "red: this setting; ★: the epoch early stopping restored (epochs count from 1). Test accuracy: "
             f"difference to the full recipe on the same seed, mean ± standard error over {n_seeds} seeds.")
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.0, 3.2), subplots=(1, 2), columns=5,
                    title=title)


def _set_run(lines, prefix, runs, seed, key):
    """Move the curves with this prefix to run `seed` of a precomputed configuration (best epoch included)."""
    history, best = runs["histories"][seed], runs["best_epoch"][seed]
    train, val = history[key], history["val_" + key]
    epochs = np.arange(1, len(train) + 1)
    lines[prefix + "train"].set_data(epochs, train)
    lines[prefix + "val"].set_data(epochs, val)
    restored = best is not None
    lines[prefix + "best"].set_visible(restored and lines[prefix + "train"].get_visible())
    lines[prefix + "best_line"].set_visible(restored and lines[prefix + "train"].get_visible())
    if restored:
        lines[prefix + "best"].set_data([best], [val[best - 1]])
        lines[prefix + "best_line"].set_xdata([best, best])
