"""Drawing for the dropout notebook: each function draws on the Axes it is given and returns it.

Artists carry a `gid` ("hist", "mean", "weight_scaling", "mc", …) so that an explorer can update them in place.
"""

from __future__ import annotations

import numpy as np

from ..axes import plain_log

__all__ = [
    "plot_mask_distribution",
    "plot_ensemble_agreement",
    "plot_mc_error",
    "plot_subnetwork_outputs",
    "plot_dropout_curves",
    "plot_activation_histograms",
]

COLORS = {"arithmetic": "k", "weight_scaling": "tab:blue", "geometric": "tab:green", "mc": "tab:red",
          "plain": "tab:gray", "dropout": "tab:orange", "inference": "tab:blue"}
LABELS = {"weight_scaling": "weight scaling", "geometric": "geometric mean", "mc": "Monte Carlo",
          "arithmetic": "exact ensemble"}


def weighted_bins(values, n_bins=30):
    """n_bins + 1 equal bin edges spanning the values (a unit-wide range when they are all equal)."""
    low, high = float(np.min(values)), float(np.max(values))
    if high - low < 1e-12:
        low, high = low - 0.5, high + 0.5
    pad = 0.02 * (high - low)
    return np.linspace(low - pad, high + pad, n_bins + 1)


def plot_mask_distribution(ax, values, probabilities, mean, inference, mc_mean=None, bins=None, title="",
                           legend=True):
    """The exact distribution of a unit's training-time output over all masks, as a histogram of probability.

    values, probabilities: (M,) one per mask;  mean: Σ π·value (solid line);  inference: the output at
    inference (dashed);  mc_mean: an average over sampled masks (dotted).
    """
    bins = weighted_bins(values) if bins is None else bins
    mass, _ = np.histogram(values, bins, weights=probabilities)
    ax.stairs(mass, bins, fill=True, color="0.75", label="P(training output)", gid="hist")
    ax.axvline(mean, color=COLORS["arithmetic"], lw=2, label="E[training output]", gid="mean")
    ax.axvline(inference, color=COLORS["inference"], lw=2, ls="--", label="inference output", gid="inference")
    if mc_mean is not None:
        ax.axvline(mc_mean, color=COLORS["mc"], lw=1.5, ls=":", label="mean of samples", gid="mc")
    ax.set_xlabel("output of the unit")
    ax.set_ylabel("probability")
    if legend:
        ax.legend(loc="upper right", fontsize=7)
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_ensemble_agreement(ax, exact, approximations, legend=True):
    """Each approximation's P(class 1) against the exact ensemble's, one dot per input; the diagonal is agreement.

    exact: (N,);  approximations: {"weight_scaling" / "geometric" / "mc": (N,)}.
    """
    ax.plot([0, 1], [0, 1], color="0.6", lw=1, gid="diagonal")
    markers = {"weight_scaling": "o", "geometric": "x", "mc": "."}
    for key, values in approximations.items():
        ax.plot(exact, values, markers.get(key, "o"), ms=4 if key != "mc" else 5, mfc="none" if key != "mc" else None,
                color=COLORS.get(key), label=LABELS.get(key, key), gid=key, alpha=0.8)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel("exact ensemble: P(class 1)")
    ax.set_ylabel("approximation")
    if legend:
        ax.legend(loc="upper left", fontsize=7)
    return ax


def plot_mc_error(ax, ks, mc_error, ws_error, geo_error=None, k_mark=None, legend=True):
    """Mean |approximation − exact ensemble| against k (log–log): Monte Carlo with k samples, a 1/√k guide
    through its first point (labelled on the plot), and the weight-scaling (and geometric-mean) errors as
    horizontal lines."""
    ks = np.asarray(ks, dtype=float)
    ax.plot(ks, mc_error, "o-", ms=3.5, color=COLORS["mc"], label="Monte Carlo, k samples", gid="mc")
    ax.plot(ks, mc_error[0] / np.sqrt(ks), ":", color=COLORS["mc"], lw=1, gid="guide")
    ax.text(ks[-1], 1.4 * mc_error[0] / np.sqrt(ks[-1]), "1/√k", color=COLORS["mc"], fontsize=8, ha="right",
            gid="guide_label")
    ax.axhline(ws_error, color=COLORS["weight_scaling"], lw=1.5, label="weight scaling", gid="weight_scaling")
    if geo_error is not None:
        ax.axhline(geo_error, color=COLORS["geometric"], lw=1.5, ls="--", label="geometric mean", gid="geometric")
    if k_mark is not None:
        ax.axvline(k_mark, color="0.3", lw=1, gid="mark")
    plain_log(ax, "x")
    plain_log(ax, "y")
    ax.set_xlabel("k (sampled sub-networks)")
    ax.set_ylabel("mean |P − P_exact|")
    if legend:
        ax.legend(loc="lower left", fontsize=7)
    return ax


def plot_subnetwork_outputs(ax, values, pi, marks, bins=None):
    """The distribution of one input's P(class 1) over all 2ⁿ sub-networks (mass π_m each), with vertical lines.

    values, pi: (M,);  marks: {"arithmetic" / "weight_scaling" / "geometric" / "mc": value}.
    """
    bins = np.linspace(0, 1, 41) if bins is None else bins
    mass, _ = np.histogram(values, bins, weights=pi)
    ax.stairs(mass, bins, fill=True, color="0.8", label="sub-networks", gid="hist")
    styles = {"arithmetic": "-", "weight_scaling": "--", "geometric": "-.", "mc": ":"}
    for key, value in marks.items():
        ax.axvline(value, color=COLORS.get(key), ls=styles.get(key, "-"), lw=1.8, label=LABELS.get(key, key), gid=key)
    ax.set_xlim(0, 1)
    ax.set_xlabel("P(class 1)")
    ax.set_ylabel("probability")
    ax.legend(loc="upper center", fontsize=7)
    return ax


def plot_dropout_curves(ax, runs, key="val_loss", train_key="train_loss"):
    """Validation (solid) and training (dashed) curves of several runs.   runs: {"plain"/"dropout"/label: dict}."""
    for name, run in runs.items():
        epochs = np.arange(len(run[key]))
        ax.plot(epochs, run[key], color=COLORS.get(name), lw=1.5, label=f"{name}: validation", gid=name)
        if train_key:
            ax.plot(epochs, run[train_key], color=COLORS.get(name), lw=1.2, ls="--", label=f"{name}: training",
                    gid=f"{name}_train")
    ax.set_xlabel("epoch")
    ax.set_ylabel("cross-entropy")
    ax.legend(loc="upper left", fontsize=7)
    return ax


def plot_activation_histograms(ax, activations, bins=None):
    """Histograms of hidden activations (all units, all inputs), as fractions.   activations: {label: array}.

    Exact zeros (inactive ReLUs) fall in the first bin, which starts at 0.
    """
    pooled = np.concatenate([np.ravel(a) for a in activations.values()])
    bins = np.linspace(0, float(pooled.max()) + 1e-9, 41) if bins is None else bins
    for name, a in activations.items():
        a = np.ravel(a)
        counts, _ = np.histogram(a, bins)
        ax.stairs(counts / a.size, bins, color=COLORS.get(name), lw=1.6,
                  label=f"{name}: {np.mean(a == 0):.0%} exactly 0, mean {a.mean():.2f}", gid=name)
    plain_log(ax, "y")
    ax.set_xlabel("activation")
    ax.set_ylabel("fraction of activations")
    ax.legend(loc="upper right", fontsize=7)
    return ax
