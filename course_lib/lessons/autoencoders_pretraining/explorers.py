"""Explorers for the autoencoders notebook: code size and denoising, and pre-training with few labels.

Both show networks trained once when the explorer is built (cached in compute); a slider
only selects one of them and, for the autoencoders, runs it forward on eight test digits.
"""

from __future__ import annotations

import ipywidgets as widgets

from ..explorer import Explorer, _by_gid, dropdown
from . import compute as _ae
from . import figures as _plots

__all__ = ["autoencoder_explorer", "pretraining_explorer"]

_ROW_LABELS = ("test digit", "rebuilt", f"noisy σ={_ae.TEST_NOISE:g}", "rebuilt")


def _choice_slider(description, options, value):
    """A slider over a few listed values (code sizes, noise levels, label counts)."""
    return widgets.SelectionSlider(options=list(options), value=value, description=description,
                                   continuous_update=True, style={"description_width": "initial"})


def autoencoder_explorer(hide=(), **preset):
    """Reconstructions of six test digits (clean and noisy) by the autoencoder with the chosen code size and
    training noise; right: the identity gain of every autoencoder of the grid, the chosen one circled."""
    grid = _ae.autoencoder_grid()
    code_sizes, noise_levels = grid["code_sizes"], grid["noise_levels"]
    X_show, X_noisy = grid["X_show"], grid["X_show_noisy"]

    def draw(ex, code_size, noise):
        left, right = ex.axes
        i, j = code_sizes.index(code_size), noise_levels.index(noise)
        model = grid["models"][code_size, noise]
        image = _ae.mosaic([X_show, _ae.reconstruct(model, X_show), X_noisy, _ae.reconstruct(model, X_noisy)])
        if not ex.artists:
            _plots.plot_digit_mosaic(left, image, _ROW_LABELS)
            _plots.plot_gain_vs_code_size(right, code_sizes, grid["gain"], noise_levels, current=(code_size, noise),
                                          legend=False)
            ex.artists.update(left=_by_gid(left), right=_by_gid(right))
        ex.artists["left"]["mosaic"].set_data(image)
        gains = ex.artists["right"]
        gains["marker"].set_data([code_size], [grid["gain"][i, j]])
        for k in range(len(noise_levels)):
            gains[f"gain{k}"].set_linewidth(2.6 if k == j else 1.0)
        # short titles: text is the slowest thing to redraw
        left.set_title(f"code {code_size}, noise σ = {noise:g}: error clean {grid['clean_error'][i, j]:.4f}, "
                       f"noisy in {grid['denoising_error'][i, j]:.4f}", fontsize=9)
        right.set_title(f"gain {grid['gain'][i, j]:.2f}", fontsize=9)

    controls = {"code_size": _choice_slider("code size", code_sizes, 32),
                "noise": _choice_slider("training noise σ", noise_levels, 0.0)}
    title = ("Autoencoders: code size and denoising. Errors: mean squared, against the clean digit; "
             "gain ‖Δx̂‖²/‖Δx‖²: 1 for a network that copies its input.")
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.0, 3.2), subplots=(1, 2),
                    gridspec_kw={"width_ratios": [1.5, 1]}, title=title)


def pretraining_explorer(hide=(), **preset):
    """Test accuracy after fine-tuning with n labels, from greedy layer-wise pre-training or from random
    initialization, for sigmoid and ReLU networks (mean over seeds, band = min–max)."""
    study = _ae.pretraining_study()
    counts = _ae.LABEL_COUNTS
    activations = tuple(study)

    def draw(ex, n_labels, activation):
        left, right = ex.axes
        scores = study[activation]
        c = counts.index(n_labels)
        if "left" not in ex.artists or ex.artists["activation"] != activation:
            left.clear()
            _plots.plot_accuracy_vs_labels(left, counts, scores, current=n_labels, legend=False)
            left.set_ylim(0.5, 1.0)
            ex.artists.update(left=_by_gid(left), activation=activation)
        ex.artists["left"]["marker"].set_xdata([n_labels, n_labels])
        pre, rnd = scores["pretrained"][:, c], scores["random"][:, c]
        if "bars" not in ex.artists:
            ex.artists["bars"] = right.bar([0, 1], [pre.mean(), rnd.mean()], color=["tab:red", "tab:blue"],
                                           width=0.6, alpha=0.6)
            ex.artists["dots"] = [right.plot([k] * len(pre), pre if k == 0 else rnd, "ko", ms=4)[0] for k in (0, 1)]
            right.set_xticks([0, 1])
            right.set_xticklabels(["pre-trained", "random init"])
            right.set_ylim(0.5, 1.0)
            right.set_yticks([0.5, 0.75, 1.0])
            right.set_ylabel("test accuracy (dots: seeds)")
        for bar, value in zip(ex.artists["bars"], (pre.mean(), rnd.mean())):
            bar.set_height(value)
        ex.artists["dots"][0].set_ydata(pre)
        ex.artists["dots"][1].set_ydata(rnd)
        difference = 100 * (pre.mean() - rnd.mean())
        left.set_title(f"{activation} network, layers 64→128→64→32→10", fontsize=9)
        right.set_title(f"n = {n_labels}: pre-training {difference:+.1f} points", fontsize=9)

    controls = {"n_labels": _choice_slider("labelled examples", counts, 100),
                "activation": dropdown("activation", activations, activations[0])}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.0, 3.4), subplots=(1, 2),
                    gridspec_kw={"width_ratios": [1.6, 1]}, title="Greedy layer-wise pre-training, then fine-tuning")
