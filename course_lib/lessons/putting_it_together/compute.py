"""Compute for "putting it together": the full training recipe of deck 000 in course_lib, and its ablations.

The recipe (deck 000's Keras example, on the 8×8 digits):
  Dense(He-uniform) → BatchNorm → ReLU → Dropout(0.2), twice (64 → 128 → 128), then Dense → 10 logits;
  softmax cross-entropy; SGD with Nesterov momentum 0.9, lr 0.1 with inverse-time decay;
  batch 64, at most 20 epochs, 20% of the training rows held out for validation;
  early stopping on val_accuracy with patience 5, restoring the best weights.
An ablation changes one ingredient at a time (ABLATIONS) and measures test accuracy over seeds.  The runs are
paired: on one seed every setting gets the same validation split, the same initial weights (up to the scale of
the init rule), the same batch order and the same dropout masks, so the seed-by-seed difference to the full recipe
is the effect of the ingredient alone, and its mean over seeds has a standard error that can be small.
"""

from __future__ import annotations

import contextlib
import functools
import math

import numpy as np

from ... import data as _data
from ... import schedules as _schedules
from ... import training as _training
from ..._validate import in_unit_interval, one_of, positive
from ...layers import Activation, BatchNorm, Dense, Dropout
from ...model import Sequential
from ...optim import SGD

RECIPE = {
    "hidden": (128, 128),
    "init": "he_uniform",
    "batch_norm": True,
    "activation": "relu",
    "drop_prob": 0.2,
    "lr": 0.1,
    "momentum": 0.9,
    "nesterov": True,
    "lr_decay": True,          # inverse-time decay, staircase once per epoch: α = 0.1/(1 + 0.5·epoch)
    "decay_rate": 0.5,
    "early_stopping": True,    # monitor val_accuracy, patience 5, restore the best weights
    "patience": 5,
    "validation_split": 0.2,
    "batch_size": 64,
    "epochs": 20,
}

# Each ablation removes (or swaps) one ingredient; the names are what the notebook's table shows.
ABLATIONS = {
    "full recipe": {},
    "no batch norm": {"batch_norm": False},
    "no dropout": {"drop_prob": 0.0},
    "classical momentum (no Nesterov)": {"nesterov": False},
    "no momentum (plain SGD)": {"momentum": 0.0, "nesterov": False},
    "constant lr": {"lr_decay": False},
    "Glorot instead of He": {"init": "glorot_uniform"},
    "no early stopping": {"early_stopping": False},
    "sigmoid instead of ReLU": {"activation": "sigmoid"},
    "no dropout, no batch norm": {"drop_prob": 0.0, "batch_norm": False},   # for dropout's effect without BN
}

# The settings in the notebook's static table (the explorer trains the others when they are first ticked), and the
# seeds of the ablation.
TABLE = ("full recipe", "no momentum (plain SGD)", "sigmoid instead of ReLU", "no dropout")
SEEDS = tuple(range(10))
# The ablation shortens the recipe (at most 10 epochs, patience 3) so that 10 paired seeds stay cheap.
ABLATION_EPOCHS, ABLATION_PATIENCE = 10, 3

# The explorer's checkboxes: ingredient → the ablation that removes it.
INGREDIENTS = {
    "he_init": "Glorot instead of He",
    "batch_norm": "no batch norm",
    "relu": "sigmoid instead of ReLU",
    "dropout": "no dropout",
    "momentum": "no momentum (plain SGD)",
    "nesterov": "classical momentum (no Nesterov)",
    "lr_decay": "constant lr",
    "early_stopping": "no early stopping",
}


@contextlib.contextmanager
def single_thread_blas():
    """Run numpy's matrix products on one thread inside this block (if threadpoolctl is installed).

    The matrices of this course are small (64 to 256 columns): sharing each product among BLAS threads costs
    more than it saves, and on a busy machine it can make training many times slower.  Entering the block
    costs about a millisecond or less; train_recipe and the autoencoder helpers use it already.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def config(**overrides):
    """The recipe with some settings changed: RECIPE updated with overrides (unknown names raise ValueError)."""
    for name in overrides:
        one_of("setting", name, tuple(RECIPE))
    return {**RECIPE, **overrides}


def build_model(rng, d_in=64, n_classes=10, hidden=(128, 128), init="he_uniform", batch_norm=True,
                activation="relu", drop_prob=0.2, dtype=np.float32, dropout_rng=None):
    """Dense → [BatchNorm] → activation → [Dropout] per hidden width, then Dense → n_classes logits.

    x: (N, d_in) → logits (N, n_classes).  The dropout layers draw their masks from dropout_rng (default: rng
    too).  Single precision by default, as in Keras (faster, and plenty for training).
    """
    in_unit_interval("drop_prob", drop_prob)
    dropout_rng = rng if dropout_rng is None else dropout_rng
    layers, a = [], d_in
    for width in hidden:
        layers.append(Dense(a, width, init=init, rng=rng))
        if batch_norm:
            layers.append(BatchNorm(width))
        layers.append(Activation(activation))
        if drop_prob > 0:
            layers.append(Dropout(drop_prob, rng=dropout_rng))
        a = width
    layers.append(Dense(a, n_classes, init="glorot_uniform", rng=rng))
    return Sequential(layers).astype(dtype)


def steps_per_epoch(n_rows, validation_split=0.2, batch_size=64):
    """Updates per epoch when fit holds out validation_split of n_rows: ⌈n_train / batch_size⌉."""
    n_val = max(1, round(validation_split * n_rows)) if validation_split else 0
    return math.ceil((n_rows - n_val) / batch_size)


def make_optimizer(steps, lr=0.1, momentum=0.9, nesterov=True, lr_decay=True, decay_rate=0.5):
    """SGD (with Nesterov or classical momentum, or none); lr constant or α_t = lr/(1 + decay_rate·⌊t/steps⌋),
    inverse-time decay with one stair per epoch of `steps` updates."""
    positive("steps", steps, integer=True)
    schedule = _schedules.inverse_time_decay(lr, decay_rate, steps, staircase=True) if lr_decay else lr
    return SGD(schedule, momentum=momentum, nesterov=nesterov)


def split_off_test(seed=0, test_fraction=0.2):
    """Split the digits ONCE into (X_train, y_train, X_test, y_test) before any training; the test rows are
    only used for the final accuracy.  X: (N, 64) in [0, 1]."""
    X, y = _data.digits()
    return _data.train_val_split(X, y, test_fraction, np.random.default_rng(seed))


def paired_rngs(seed):
    """Three independent generators for one seed: (initial weights, dropout masks, validation split and batch
    order).  Separate streams keep the runs of one seed paired: removing dropout, say, leaves the weights and
    the batch order unchanged."""
    return tuple(np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(3))


def train_recipe(X, y, rng, dtype=np.float32, weight_rng=None, dropout_rng=None, **overrides):
    """Build and train the recipe (with overrides) on (X, y) in `dtype`; returns (model, History).

    fit holds out cfg["validation_split"] of the rows (the last ones after one shuffle with rng) for validation
    and shuffles the batches with rng; the initial weights come from weight_rng and the dropout masks from
    dropout_rng (both default to rng, as in the notebook's single-generator run).
    """
    cfg = config(**overrides)
    model = build_model(rng if weight_rng is None else weight_rng, d_in=X.shape[1], n_classes=int(np.max(y)) + 1,
                        hidden=cfg["hidden"], init=cfg["init"], batch_norm=cfg["batch_norm"],
                        activation=cfg["activation"], drop_prob=cfg["drop_prob"], dtype=dtype,
                        dropout_rng=dropout_rng)
    steps = steps_per_epoch(len(X), cfg["validation_split"], cfg["batch_size"])
    optimizer = make_optimizer(steps, cfg["lr"], cfg["momentum"], cfg["nesterov"], cfg["lr_decay"], cfg["decay_rate"])
    callbacks = []
    if cfg["early_stopping"]:
        callbacks.append(_training.EarlyStopping(monitor="val_accuracy", patience=cfg["patience"],
                                                 restore_best_weights=True))
    with single_thread_blas():
        history = _training.fit(model, X, y, loss="softmax_cross_entropy", optimizer=optimizer,
                                epochs=cfg["epochs"], batch_size=cfg["batch_size"],
                                validation_split=cfg["validation_split"], rng=rng, callbacks=callbacks)
    return model, history


def ablation_runs(name, seeds=SEEDS, split_seed=0, epochs=ABLATION_EPOCHS, patience=ABLATION_PATIENCE,
                  dtype=np.float64):
    """Train one setting of ABLATIONS once per seed (paired_rngs(seed), at most `epochs` epochs, early stopping
    with `patience`) and measure the test accuracy on the held-out digits.  Double precision by default: a
    rounding difference between two computers (about 1e-16 relative) is then far too small to flip a prediction
    or an early-stopping decision.

    Returns {"test_accuracy": (len(seeds),), "histories": [History.history dict per seed],
    "best_epoch": [epoch restored (from 1), or None, per seed], "epochs_run": [int per seed]}.
    The rows for validation are drawn inside fit from the training rows; the test rows are never seen.
    Cached: do not modify what it returns.
    """
    one_of("ablation", name, tuple(ABLATIONS))
    return _ablation_runs(name, tuple(int(seed) for seed in seeds), int(split_seed), int(epochs), int(patience),
                          np.dtype(dtype).name)


@functools.lru_cache(maxsize=64)
def _ablation_runs(name, seeds, split_seed, epochs, patience, dtype):
    """ablation_runs with its arguments normalised, so that every way of asking hits the same cache entry."""
    X_train, y_train, X_test, y_test = split_off_test(split_seed)
    runs = {"test_accuracy": [], "histories": [], "best_epoch": [], "epochs_run": []}
    with single_thread_blas():
        for seed in seeds:
            weight_rng, dropout_rng, data_rng = paired_rngs(seed)
            model, history = train_recipe(X_train, y_train, data_rng, weight_rng=weight_rng, dropout_rng=dropout_rng,
                                          epochs=epochs, patience=patience, dtype=dtype, **ABLATIONS[name])
            runs["test_accuracy"].append(_training.accuracy(model.predict(X_test), y_test))
            runs["histories"].append({key: np.array(values) for key, values in history.history.items()})
            runs["best_epoch"].append(history.best_epoch)
            runs["epochs_run"].append(history.epochs_run)
    runs["test_accuracy"] = np.array(runs["test_accuracy"])
    return runs


def ablation_study(names=TABLE, seeds=SEEDS, split_seed=0, epochs=ABLATION_EPOCHS, patience=ABLATION_PATIENCE,
                   dtype=np.float64):
    """{name: ablation_runs(name, ...)} for each setting in names (trained once, then cached)."""
    return {name: ablation_runs(name, seeds, split_seed, epochs, patience, dtype) for name in names}


def paired_differences(scores, reference_scores):
    """Seed-by-seed differences d = scores − reference_scores (both (n_seeds,), the same seeds in the same
    order), their mean and its standard error s_d/√n (s_d: the sample standard deviation of d, n − 1).

    Returns (d (n_seeds,), mean, standard error).  Needs at least 2 seeds.
    """
    scores, reference_scores = np.asarray(scores, dtype=float), np.asarray(reference_scores, dtype=float)
    if scores.shape != reference_scores.shape or scores.ndim != 1 or len(scores) < 2:
        raise ValueError("scores and reference_scores must be 1-D arrays of the same length ≥ 2 (one value per "
                         f"seed), got shapes {scores.shape} and {reference_scores.shape}")
    d = scores - reference_scores
    return d, float(d.mean()), float(d.std(ddof=1) / math.sqrt(len(d)))


def ablation_for(ingredients):
    """The precomputed ablation for a set of ticked ingredients {name: bool} (INGREDIENTS' keys): "full recipe"
    when all are on, the single ablation when exactly one is off, None for any other combination.

    Turning momentum off also turns Nesterov off (Nesterov is a kind of momentum), so {"momentum": False}
    alone or with "nesterov": False both give "no momentum (plain SGD)".
    """
    off = [name for name in INGREDIENTS if not ingredients.get(name, True)]
    if "momentum" in off and "nesterov" in off:
        off.remove("nesterov")
    if not off:
        return "full recipe"
    if sorted(off) == ["batch_norm", "dropout"]:
        return "no dropout, no batch norm"
    return INGREDIENTS[off[0]] if len(off) == 1 else None


def dropout_with_and_without_batch_norm(seeds=SEEDS, split_seed=0):
    """Dropout's paired effect on test accuracy, in a network with batch norm and in one without.

    Per seed:  with_bn = acc(no dropout) − acc(full recipe);  without_bn = acc(no dropout, no BN) − acc(no BN);
    interaction = without_bn − with_bn: negative when removing dropout costs more in the network without batch
    norm, i.e. when batch norm does part of dropout's job.  Same seeds, paired runs (paired_rngs) throughout.
    Returns {"with batch norm": (n_seeds,), "without batch norm": (n_seeds,), "interaction": (n_seeds,)}.
    """
    acc = {name: ablation_runs(name, seeds, split_seed)["test_accuracy"]
           for name in ("full recipe", "no dropout", "no batch norm", "no dropout, no batch norm")}
    with_bn = acc["no dropout"] - acc["full recipe"]
    without_bn = acc["no dropout, no batch norm"] - acc["no batch norm"]
    return {"with batch norm": with_bn, "without batch norm": without_bn, "interaction": without_bn - with_bn}


def ablation_summary(study):
    """The ablation table's numbers (study: from ablation_study, with "full recipe"): per setting its
    "test_accuracy" (n_seeds,), the paired differences "d" (n_seeds,) to the full recipe with their "mean" and
    standard "error" (paired_differences), and "restored": the epochs early stopping restored (the runs where it
    fired)."""
    full = study["full recipe"]["test_accuracy"]
    summary = {}
    for name, runs in study.items():
        d, mean, error = paired_differences(runs["test_accuracy"], full)
        summary[name] = {"test_accuracy": runs["test_accuracy"], "d": d, "mean": mean, "error": error,
                         "restored": [epoch for epoch in runs["best_epoch"] if epoch is not None]}
    return summary


def effects_summary(effects):
    """Per entry of effects {name: (n_seeds,) paired differences}: "mean", standard "error" (paired_differences
    against 0), and how many seeds were "lower" (< 0) and "higher" (> 0), of "n"."""
    summary = {}
    for key, d in effects.items():
        _, mean, error = paired_differences(d, np.zeros_like(d))
        summary[key] = {"mean": mean, "error": error, "lower": int(np.sum(d < 0)), "higher": int(np.sum(d > 0)),
                        "n": len(d)}
    return summary


def explorer_view(ticked, seed):
    """The recipe explorer's numbers for ticked ingredients {name: bool} and a seed: "name" (ablation_for; None
    when not precomputed), "runs" and "reference" (ablation_runs of it and of the full recipe), "best" and
    "epochs_run" of that seed; then for the full recipe "accuracy", its mean test accuracy over the seeds, and for
    an ablation "mean", "error": the paired test-accuracy difference to the full recipe (paired_differences)."""
    name = ablation_for(ticked)
    reference = ablation_runs("full recipe")
    view = {"name": name, "seed": seed, "reference": reference, "runs": None}
    if name is None:
        return view
    runs = ablation_runs(name)
    view.update(runs=runs, best=runs["best_epoch"][seed], epochs_run=runs["epochs_run"][seed])
    if name == "full recipe":
        view["accuracy"] = float(reference["test_accuracy"].mean())
    else:
        _, view["mean"], view["error"] = paired_differences(runs["test_accuracy"], reference["test_accuracy"])
    return view
