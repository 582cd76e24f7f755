"""Explorer for "putting it together": tick the recipe's ingredients and see the (precomputed) training curves."""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import NullFormatter

from .. import recipe as _recipe
from ..plots import recipe as _plots
from ._core import Explorer, _by_gid, _checkbox, _int_slider

__all__ = ["recipe_explorer"]

_LABELS = {"he_init": "He init (else Glorot)", "batch_norm": "batch norm", "relu": "ReLU (else sigmoid)",
           "dropout": "dropout 0.2", "momentum": "momentum 0.9", "nesterov": "Nesterov",
           "lr_decay": "inverse-time lr decay", "early_stopping": "early stopping"}
_COLOR = "tab:red"


def _limits(study, key):
    """Axis limits that fit every precomputed curve of `key` (training and validation)."""
    values = np.concatenate([h[k] for runs in study.values() for h in runs["histories"] for k in (key, "val_" + key)])
    if key == "loss":                                    # a log axis: the late epochs differ by small amounts
        return 0.8 * float(values.min()), min(1.25 * float(values.max()), 3.0)
    return 0.8, 1.0


def recipe_explorer(hide=(), **preset):
    """Training curves (loss and accuracy, training solid and validation dashed) of the recipe with the ticked
    ingredients, against the full recipe in grey; the star marks the epoch early stopping restored.

    Only the full recipe and the one-ingredient-off ablations are precomputed (three seeds each): with two
    or more ingredients off the figure says so and shows the full recipe alone.  The accuracy axis shows
    0.8–1 (the first epochs of slow settings start below it).
    """
    study = _recipe.ablation_study()
    n_seeds = len(study["full recipe"]["test_accuracy"])
    limits = {key: _limits(study, key) for key in ("loss", "accuracy")}

    def draw(ex, seed, **ticked):
        name = _recipe.ablation_for(ticked)
        reference = study["full recipe"]
        if not ex.artists:
            for ax, key in zip(ex.axes, ("loss", "accuracy")):
                # draw every artist once (a star at epoch 1 if there is no best epoch); _set_run then updates them
                history = reference["histories"][seed]
                _plots.plot_recipe_history(ax, history, key, 1, color="0.6", label="full recipe", lw=1.2, gid="ref_")
                _plots.plot_recipe_history(ax, history, key, 1, color=_COLOR, label="this setting", gid="cfg_")
                ax.set_xlim(0.5, _recipe.RECIPE["epochs"] + 0.5)
                ax.set_xticks([1, 5, 10, 15, 20])             # few tick labels: text is the slowest thing to draw
                ax.set_ylim(*limits[key])
                ex.artists[key] = _by_gid(ax)
            ex.axes[0].set_yscale("log")
            low, high = limits["loss"]
            ticks = [v for v in (0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0) if low <= v <= high]
            ex.axes[0].set_yticks(ticks, [f"{v:g}" for v in ticks])
            ex.axes[0].yaxis.set_minor_formatter(NullFormatter())
            ex.axes[1].set_yticks([0.8, 0.85, 0.9, 0.95, 1.0])
        for key in ("loss", "accuracy"):
            lines = ex.artists[key]
            _set_run(lines, "ref_", reference, seed, key)
            shown = name is not None
            for gid in ("cfg_train", "cfg_val", "cfg_best", "cfg_best_line"):
                lines[gid].set_visible(shown)
            if shown:
                _set_run(lines, "cfg_", study[name], seed, key)
        left, right = ex.axes
        if name is None:
            ex.message(left, "not precomputed: untick one\ningredient at a time")
            right.set_title("full recipe only (grey)", fontsize=9)
            left.set_title("", fontsize=9)
            return
        scores, runs = study["full recipe"]["test_accuracy"], study[name]
        accuracy = runs["test_accuracy"]
        left.set_title(f"{name}: {runs['epochs_run'][seed]} epochs", fontsize=9)
        right.set_title(f"test {accuracy.mean():.3f} ± {np.ptp(accuracy) / 2:.3f} (full recipe {scores.mean():.3f})",
                        fontsize=9)

    controls = {name: _checkbox(label, True) for name, label in _LABELS.items()}
    controls["seed"] = _int_slider("seed (curves)", 0, 0, n_seeds - 1)
    # the key goes in the (HTML) title: text drawn by matplotlib is the slowest part of a redraw
    title = ("The recipe, one ingredient at a time. Solid: training, dashed: validation; grey: full recipe, "
             "red: this setting; ★: the epoch early stopping restored. Test accuracy: mean ± half-range over "
             f"{n_seeds} seeds.")
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
