"""Explorer for "putting it together": tick the recipe's ingredients and see the (precomputed) training curves."""

from __future__ import annotations

from ...i18n import N_, tr
from ..explorer import Explorer, checkbox, int_slider
from . import compute, figures

__all__ = ["recipe"]

INGREDIENT_LABELS = {"he_init": N_("He init (else Glorot)"), "batch_norm": N_("batch norm"),
                     "relu": N_("ReLU (else sigmoid)"), "dropout": N_("dropout 0.2"), "momentum": N_("momentum 0.9"),
                     "nesterov": N_("Nesterov"), "lr_decay": N_("inverse-time lr decay"),
                     "early_stopping": N_("early stopping")}
SETTING_COLOR, REFERENCE_COLOR = "tab:red", "0.6"
# Fixed limits: the settings are trained only when first ticked, so their range is unknown when the axes are drawn.
LOSS_LIMITS, ACCURACY_LIMITS = (0.01, 3.0), (0.8, 1.0)


def recipe(hide=(), **preset):
    """Training curves (loss and accuracy, training solid and validation dashed) of the recipe with the ticked
    ingredients, against the full recipe in grey; the star marks the epoch early stopping restored.

    The runs are the ablation's (compute.ablation_runs: at most 10 epochs, patience 3, ten paired seeds).
    Only the full recipe and the one-ingredient-off ablations can be shown (with two or more ingredients off the
    figure says so and shows the full recipe alone).  A setting is trained the first time it is ticked (ten
    paired seeds, a few seconds), then cached.  The titles give the setting, the seed and the test accuracy's
    paired difference to the full recipe (mean ± standard error over the seeds).  The accuracy axis shows 0.8–1
    (the first epochs of slow settings start below it).
    """
    n_seeds, epochs = len(compute.SEEDS), compute.ABLATION_EPOCHS

    def draw(ex, seed, **ticked):
        view = compute.explorer_view(ticked, seed)
        keys = ("loss", "accuracy")
        if not ex.artists:
            # every artist is drawn once (a star at epoch 1 whether or not a run restores one), then only updated
            history = view["reference"]["histories"][seed]
            for ax, key in zip(ex.axes, keys):
                ex.artists[key] = {
                    "reference": figures.plot_recipe_history(ax, history, key, 1, color=REFERENCE_COLOR, lw=1.2),
                    "setting": figures.plot_recipe_history(ax, history, key, 1, color=SETTING_COLOR)}
            figures.plot_explorer_axes(*ex.axes, epochs, LOSS_LIMITS, ACCURACY_LIMITS)
        reference, runs = view["reference"], view["runs"]
        for key in keys:
            figures.update_recipe_history(ex.artists[key]["reference"], reference["histories"][seed], key,
                                          reference["best_epoch"][seed])
            if runs is None:
                figures.update_recipe_history(ex.artists[key]["setting"], reference["histories"][seed], key, None,
                                              visible=False)
            else:
                figures.update_recipe_history(ex.artists[key]["setting"], runs["histories"][seed], key,
                                              runs["best_epoch"][seed])
        if runs is None:
            ex.message(ex.axes[0], tr("not precomputed: untick one\ningredient at a time"))
        figures.update_recipe_titles(*ex.axes, view, epochs)

    controls = {name: checkbox(tr(label), True) for name, label in INGREDIENT_LABELS.items()}
    controls["seed"] = int_slider(tr("seed (curves)"), 0, 0, n_seeds - 1)
    # the key goes in the (HTML) title: text drawn by matplotlib is the slowest part of a redraw
    title = tr("The recipe, one ingredient at a time. Solid: training, dashed: validation; grey: full recipe, "
               "red: this setting; ★: the epoch early stopping restored (epochs count from 1). Test accuracy: "
               "difference to the full recipe on the same seed, mean ± standard error over {n} seeds.").format(
        n=n_seeds)
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.0, 3.2), subplots=(1, 2), columns=5,
                    title=title)
