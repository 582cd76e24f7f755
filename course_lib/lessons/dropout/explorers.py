"""Explorers for the dropout notebook: the two dropout conventions, and dropout as an exact ensemble."""

from __future__ import annotations

import numpy as np

from ...activations import relu
from ..axes import fewer_ticks, freeze_axes
from ..explorer import Explorer, _by_gid, dropdown, float_slider, log_slider
from . import compute as _de
from . import figures as _plots

__all__ = ["dropout_conventions", "dropout_ensemble"]

_TITLES = {"inverted": "inverted dropout (deck 000)", "weight_scaling": "weight scaling (deck 001)"}
_PLACES = {"before the softmax layer": "output", "before a hidden ReLU layer": "hidden"}


def dropout_conventions(hide=(), **preset):
    """One unit with 8 dropped inputs: the exact distribution of its training output over all 2⁸ masks, its
    mean, the mean of sampled masks, and the inference output, for inverted dropout and for weight scaling."""
    a, w, b = _de.unit_example()
    masks = _de.keep_masks(len(a))

    def draw(ex, drop_prob, output, samples):
        pi = _de.mask_probabilities(masks, drop_prob)
        sampled = _de.sample_masks((int(round(samples)), len(a)), drop_prob, np.random.default_rng(0))
        for k, (ax, convention) in enumerate(zip(ex.axes, _de.CONVENTIONS)):
            values = _de.training_outputs(a, w, b, masks, drop_prob, convention)
            drawn = _de.training_outputs(a, w, b, sampled, drop_prob, convention)
            inference = _de.inference_output(a, w, b, drop_prob, convention)
            if output == "ReLU(z)":
                values, drawn, inference = relu(values), relu(drawn), float(relu(inference))
            mean, mc_mean = float(_de.expectation(values, pi)), float(drawn.mean())
            bins = _plots.weighted_bins(values)
            mass, _ = np.histogram(values, bins, weights=pi)
            if convention not in ex.artists:
                _plots.plot_mask_distribution(ax, values, pi, mean, inference, mc_mean, bins=bins, legend=k == 0)
                fewer_ticks(ax)
                ex.artists[convention] = _by_gid(ax)
            art = ex.artists[convention]
            art["hist"].set_data(mass, bins)
            art["mean"].set_xdata([mean, mean])
            art["inference"].set_xdata([inference, inference])
            art["mc"].set_xdata([mc_mean, mc_mean])
            ax.set_xlim(bins[0], bins[-1])
            ax.set_ylim(0, 1.15 * mass.max())
            relation = "=" if abs(mean - inference) < 5e-4 else "≠"
            ax.set_title(f"{_TITLES[convention]}, p = {drop_prob:.2f}, {output}\n"
                         f"E[train] = {mean:.3f} {relation} inference {inference:.3f};  "
                         f"mean of {int(round(samples))} samples {mc_mean:.3f}", fontsize=9)

    controls = {"drop_prob": float_slider("p (drop probability)", 0.5, 0.0, 0.9, 0.05, readout_format=".2f"),
                "output": dropdown("unit output", ["z (linear)", "ReLU(z)"]),
                "samples": log_slider("sampled masks", 1000, 1, 10000, steps_per_decade=4, readout_format=".0f")}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(9.5, 3.4), subplots=(1, 2),
                    title="Inverted dropout vs weight scaling: the expected training output is the inference output")


def dropout_ensemble(hide=(), **preset):
    """A 2-D classifier whose dropout layer has 10 units: all 1024 sub-networks enumerated (nets trained at build
    time for each p).  Left: approximations vs the exact ensemble; middle: one input's sub-network outputs;
    right: mean error against k for Monte Carlo dropout, with weight scaling and the geometric mean."""
    study = _de.ensemble_study()
    drop_probs = np.array(_de.DROP_PROBS)

    def draw(ex, drop_prob, k, place):
        agree, one, errors = ex.axes
        p = float(drop_probs[np.argmin(np.abs(drop_probs - drop_prob))])
        r = study[_PLACES[place]][p]
        k = int(round(k))
        n_units = int(np.log2(len(r["pi"])))
        mc = _de.monte_carlo(r["subnet"], n_units, p, k, np.random.default_rng(k))
        exact = r["arithmetic"][:, 1]
        i = int(np.argmax(np.abs(r["weight_scaling"][:, 1] - exact)))       # the input where they differ most
        marks = {"arithmetic": exact[i], "weight_scaling": r["weight_scaling"][i, 1],
                 "geometric": r["geometric"][i, 1], "mc": mc[i, 1]}
        mc_error = float(_de.mean_abs_difference(mc, r["arithmetic"]))
        if not ex.artists:
            _plots.plot_ensemble_agreement(agree, exact, {"weight_scaling": r["weight_scaling"][:, 1],
                                                          "geometric": r["geometric"][:, 1], "mc": mc[:, 1]},
                                            legend=False)
            _plots.plot_subnetwork_outputs(one, r["subnet"][:, i, 1], r["pi"], marks)
            _plots.plot_mc_error(errors, r["ks"], r["mc_error"], r["ws_error"], r["geo_error"], k_mark=k,
                                 legend=False)               # one legend (middle panel) serves all three
            fewer_ticks(agree, one)
            for axis in (agree.xaxis, agree.yaxis, one.xaxis):      # probabilities: 0, ½, 1 is enough
                axis.set_ticks([0, 0.5, 1])
            errors.plot([k], [mc_error], "D", color="tab:red", ms=6, gid="current")
            errors.set_ylim(5e-4, 0.3)
            ex.artists.update(agree=_by_gid(agree), one=_by_gid(one), errors=_by_gid(errors))
        elif "frozen" not in ex.artists:                 # drawn once: only the middle panel's y-limit moves
            freeze_axes(agree, errors)
            freeze_axes(one, y=False)
            ex.artists["frozen"] = True
        art = ex.artists
        for key in ("weight_scaling", "geometric", "mc"):
            art["agree"][key].set_data(exact, mc[:, 1] if key == "mc" else r[key][:, 1])
        mass, bins = np.histogram(r["subnet"][:, i, 1], np.linspace(0, 1, 41), weights=r["pi"])
        art["one"]["hist"].set_data(mass, bins)
        one.set_ylim(0, 1.15 * mass.max())
        for key, value in marks.items():
            art["one"][key].set_xdata([value, value])
        art["errors"]["mc"].set_ydata(r["mc_error"])
        art["errors"]["guide"].set_ydata(r["mc_error"][0] / np.sqrt(r["ks"]))
        art["errors"]["guide_label"].set_y(1.4 * r["mc_error"][0] / np.sqrt(r["ks"][-1]))
        art["errors"]["weight_scaling"].set_ydata([r["ws_error"]] * 2)
        art["errors"]["geometric"].set_ydata([r["geo_error"]] * 2)
        art["errors"]["mark"].set_xdata([k, k])
        art["errors"]["current"].set_data([k], [max(mc_error, 5e-4)])
        agree.set_title(f"p = {p:.1f}, dropout {place}", fontsize=9)
        one.set_title(f"worst input for weight scaling ({len(r['pi'])} sub-nets)", fontsize=9)
        gap = "0 (round-off)" if r["geo_ws_max"] < 1e-12 else f"{r['geo_ws_max']:.2f}"
        errors.set_title(f"k = {k};  max |geometric − w. scaling| = {gap}", fontsize=9)

    controls = {"drop_prob": float_slider("p (drop probability)", 0.5, float(drop_probs[0]), float(drop_probs[-1]),
                                           0.1, readout_format=".1f"),
                "k": log_slider("k (Monte Carlo samples)", 10, 1, 1000, steps_per_decade=6, readout_format=".0f"),
                "place": dropdown("dropout", list(_PLACES))}
    return Explorer(controls, draw, preset=preset, hide=hide, figsize=(11, 3.6), subplots=(1, 3),
                    title="Dropout as an ensemble of 1024 sub-networks")
