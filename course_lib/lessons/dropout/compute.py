"""Dropout: inverted dropout against weight scaling, and dropout as an ensemble of 2ⁿ sub-networks.

Names: drop_prob p is the probability that a unit is zeroed (deck 000, course_lib.layers.Dropout);
keep_prob P = 1 − p is the probability that it is kept (deck 001).  A mask m ∈ {0, 1}ⁿ marks the kept units.

- Inverted dropout (deck 000): training a ← a·m/(1 − p); inference a ← a (nothing to do).
- Weight scaling (deck 001): training a ← a·m (no scaling); inference: the weights leaving the dropped layer
  are multiplied by P (the biases are not: they are never dropped).
Both make the inference output of a unit equal to the expectation of its training output, E_m[w·(a∘m)·s] + b.

Ensemble: a net whose dropout layer has n units has 2ⁿ sub-networks (one per mask), mask m having probability
π_m = (1 − p)^(#kept)·p^(#dropped).  With n ≈ 10 all of them are enumerated at once (arrays of shape (2ⁿ, …)).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from ... import data as _data
from ... import layers as _layers
from ... import model as _model
from ... import optim as _optim
from ... import training as _training
from ..._validate import in_unit_interval, one_of, positive
from ...activations import relu
from ...i18n import N_

CONVENTIONS = ("inverted", "weight_scaling")
MAX_UNITS = 16                     # 2¹⁶ masks: beyond this, enumerating every sub-network is too slow

# ----------------------------------------------------------------------------------------------------
# Masks and their probabilities
# ----------------------------------------------------------------------------------------------------


def keep_masks(n):
    """Every keep mask of n units: row m holds the bits of m (unit j kept iff bit j is 1).   → (2ⁿ, n) float."""
    positive("n", n, integer=True)
    if n > MAX_UNITS:
        raise ValueError(f"n must be at most {MAX_UNITS} (2^n sub-networks are enumerated), got {n}")
    m = np.arange(2**n)
    return ((m[:, None] >> np.arange(n)) & 1).astype(np.float64)


def mask_probabilities(masks, drop_prob):
    """π_m = (1 − p)^(#kept)·p^(#dropped) for each mask.   masks: (M, n) of 0/1 → (M,).  Sums to 1 over all 2ⁿ."""
    in_unit_interval("drop_prob", drop_prob)
    masks = np.asarray(masks, dtype=np.float64)
    kept = masks.sum(axis=1)
    return (1 - drop_prob) ** kept * drop_prob ** (masks.shape[1] - kept)


def mask_index(masks):
    """The row of keep_masks(n) that each mask is: Σ_j m_j·2ʲ.   masks: (..., n) of 0/1 → (...,) int."""
    masks = np.asarray(masks)
    return (masks.astype(np.int64) << np.arange(masks.shape[-1])).sum(axis=-1)


def sample_masks(shape, drop_prob, rng):
    """Random keep masks, each unit kept with probability 1 − p (as course_lib.layers.Dropout).   → shape, float."""
    in_unit_interval("drop_prob", drop_prob)
    return (rng.random(shape) < 1 - drop_prob).astype(np.float64)


# ----------------------------------------------------------------------------------------------------
# One unit: the two conventions and their expectations
# ----------------------------------------------------------------------------------------------------


def unit_example():
    """A unit z = w·a + b with 8 inputs a ≥ 0 (ReLU outputs of the layer below).   → a, w: (8,), b."""
    a = np.array([0.9, 0.0, 1.6, 0.4, 1.1, 0.3, 0.0, 0.7])
    w = np.array([0.8, -0.5, 0.6, -1.2, 0.4, 0.9, 0.3, -0.7])
    return a, w, -0.3


def training_outputs(a, w, b, masks, drop_prob, convention="inverted"):
    """z for every mask at training time.   a, w: (n,);  masks: (M, n) → (M,).

    inverted:        z = Σ_j w_j·a_j·m_j/(1 − p) + b
    weight_scaling:  z = Σ_j w_j·a_j·m_j + b        (deck 001: no scaling while training)
    """
    one_of("convention", convention, CONVENTIONS)
    in_unit_interval("drop_prob", drop_prob)
    scale = 1 / (1 - drop_prob) if convention == "inverted" else 1.0
    return (np.asarray(masks) * np.asarray(a)) @ np.asarray(w) * scale + b


def inference_output(a, w, b, drop_prob, convention="inverted"):
    """z at inference.   inverted: w·a + b;   weight_scaling: (P·w)·a + b with P = 1 − p (bias not scaled)."""
    one_of("convention", convention, CONVENTIONS)
    in_unit_interval("drop_prob", drop_prob)
    keep_prob = 1 - drop_prob
    W = np.asarray(w) if convention == "inverted" else keep_prob * np.asarray(w)
    return float(np.asarray(a) @ W + b)


def expectation(values, probabilities):
    """E = Σ_m π_m·value_m, over the first axis.   values: (M, ...), probabilities: (M,)."""
    return np.tensordot(probabilities, values, axes=1)


def weighted_bins(values, n_bins=30):
    """n_bins + 1 equal bin edges spanning the values (a unit-wide range when they are all equal)."""
    low, high = float(np.min(values)), float(np.max(values))
    if high - low < 1e-12:
        low, high = low - 0.5, high + 0.5
    pad = 0.02 * (high - low)
    return np.linspace(low - pad, high + pad, n_bins + 1)


OUTPUTS = ("linear", "relu")        # the unit's output shown by dropout_conventions: z itself, or ReLU(z)


@dataclass(frozen=True)
class MaskDistribution:
    """One unit's training output over all masks under one convention, and its inference output."""

    convention: str          # "inverted" or "weight_scaling"
    drop_prob: float
    output: str              # "linear" or "relu"
    bins: np.ndarray         # (B + 1,) histogram edges
    mass: np.ndarray         # (B,) the probability of each bin
    mean: float              # E[training output] = Σ π·value
    inference: float         # the output at inference
    mc_mean: float           # the mean over the sampled masks
    samples: int             # how many masks were sampled


def mask_distributions(drop_prob, output, samples, rng):
    """Everything dropout_conventions shows at one setting: the unit_example's MaskDistribution under each
    convention (CONVENTIONS order), its Monte Carlo mean over `samples` masks drawn from rng."""
    one_of("output", output, OUTPUTS)
    positive("samples", samples, integer=True)
    a, w, b = unit_example()
    masks = keep_masks(len(a))
    pi = mask_probabilities(masks, drop_prob)
    sampled = sample_masks((samples, len(a)), drop_prob, rng)
    views = []
    for convention in CONVENTIONS:
        values = training_outputs(a, w, b, masks, drop_prob, convention)
        drawn = training_outputs(a, w, b, sampled, drop_prob, convention)
        inference = inference_output(a, w, b, drop_prob, convention)
        if output == "relu":
            values, drawn, inference = relu(values), relu(drawn), float(relu(inference))
        bins = weighted_bins(values)
        mass, _ = np.histogram(values, bins, weights=pi)
        views.append(MaskDistribution(convention, drop_prob, output, bins, mass, float(expectation(values, pi)),
                                      inference, float(drawn.mean()), samples))
    return views


# ----------------------------------------------------------------------------------------------------
# A network seen as the ensemble of its sub-networks
# ----------------------------------------------------------------------------------------------------

PLACES = ("output", "hidden")      # dropout right before the softmax layer, or before a hidden ReLU layer
PLACE_LABELS = {"output": N_("before the softmax layer"), "hidden": N_("before a hidden ReLU layer")}


def dropout_net(n_hidden, drop_prob, seed, place="output", n_second=16):
    """2 → n_hidden (ReLU) → Dropout(p) → [n_second (ReLU) →] 2 logits.

    place "output": the dropped units feed the output (softmax) layer directly;
    place "hidden": they feed a second hidden ReLU layer of n_second units first.
    """
    one_of("place", place, PLACES)
    rng = np.random.default_rng(seed)
    layers = [_layers.Dense(2, n_hidden, "he_uniform", rng=rng), _layers.Activation("relu"),
              _layers.Dropout(drop_prob, rng=rng)]
    if place == "hidden":
        layers += [_layers.Dense(n_hidden, n_second, "he_uniform", rng=rng), _layers.Activation("relu")]
        n_hidden = n_second
    layers.append(_layers.Dense(n_hidden, 2, "glorot_uniform", rng=rng))
    return _model.Sequential(layers)


def split_at_dropout(model):
    """(layers before the Dropout layer, layers after it, its drop_prob) of a model with one Dropout layer."""
    where = [i for i, layer in enumerate(model.layers) if isinstance(layer, _layers.Dropout)]
    if len(where) != 1:
        raise ValueError(f"model must have exactly one Dropout layer, found {len(where)}")
    i = where[0]
    return model.layers[:i], model.layers[i + 1:], model.layers[i].drop_prob


def _forward(layers, x):
    for layer in layers:
        x = layer.forward(x, train=False)
    return x


def log_softmax(z):
    """log softmax(z) = z − logsumexp(z) along the last axis (stable).   (..., K) → (..., K)."""
    z = np.asarray(z, dtype=np.float64)
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def subnetwork_logits(model, X, drop_prob=None):
    """The logits of every sub-network on X: the dropout layer's units masked by each of the 2ⁿ keep masks.

    X: (N, d) → logits (2ⁿ, N, K) and π (2ⁿ,).  Inverted dropout: the kept units are scaled by 1/(1 − p).
    drop_prob defaults to the model's; another p gives the ensemble of the same weights under that p.
    """
    before, after, model_p = split_at_dropout(model)
    p = model_p if drop_prob is None else in_unit_interval("drop_prob", drop_prob)
    h = _forward(before, np.asarray(X, dtype=np.float64))            # (N, n)
    masks = keep_masks(h.shape[1])                                    # (M, n)
    dropped = masks[:, None, :] * h[None, :, :] / (1 - p)             # (M, N, n): all sub-networks at once
    logits = _forward(after, dropped.reshape(-1, h.shape[1]))
    return logits.reshape(len(masks), len(h), -1), mask_probabilities(masks, p)


def ensemble_predictions(model, X, drop_prob=None):
    """Exact ensemble, geometric-mean ensemble and weight scaling on X, as class probabilities (N, K).

    arithmetic:      Σ_m π_m·softmax(z_m)                         (the exact ensemble average)
    geometric:       Π_m softmax(z_m)^π_m, renormalised over classes
    weight_scaling:  softmax(z) of the net at inference (for inverted dropout: no mask, no scaling)
    Also returns subnet (2ⁿ, N, K) probabilities of every sub-network and pi (2ⁿ,).
    """
    logits, pi = subnetwork_logits(model, X, drop_prob)
    log_p = log_softmax(logits)
    subnet = np.exp(log_p)
    log_g = expectation(log_p, pi)                                    # Σ_m π_m·log p_m
    geometric = np.exp(log_softmax(log_g))                            # exp(·) renormalised
    weight_scaling = np.exp(log_softmax(model.predict(np.asarray(X, dtype=np.float64))))
    return {"arithmetic": expectation(subnet, pi), "geometric": geometric, "weight_scaling": weight_scaling,
            "subnet": subnet, "pi": pi}


def silent_subnetworks(model, X, drop_prob=None):
    """Sub-networks whose kept units are all 0 on an input: they see nothing of it, so they all give one output.

    X: (N, d) → (mass (N,): the probability that a random mask keeps only units that are 0 on X_i,
    output (K,): the class probabilities of the network after the dropout layer fed zeros).
    """
    before, after, model_p = split_at_dropout(model)
    p = model_p if drop_prob is None else in_unit_interval("drop_prob", drop_prob)
    h = _forward(before, np.asarray(X, dtype=np.float64))                         # (N, n)
    masks = keep_masks(h.shape[1])
    silent = ~np.any((masks[:, None, :] == 1) & (h[None, :, :] != 0), axis=2)    # (M, N)
    output = np.exp(log_softmax(_forward(after, np.zeros((1, h.shape[1])))))[0]
    return expectation(silent.astype(float), mask_probabilities(masks, p)), output


def relu_layer_mean_ratio(model, X, drop_prob=None):
    """Σ E_m[a_m] / Σ a: the first ReLU layer after the dropout, averaged over all sub-networks, against the
    full network at inference (≥ 1, since E[relu(u)] ≥ relu(E[u])).   X: (N, d) → float."""
    before, after, model_p = split_at_dropout(model)
    p = model_p if drop_prob is None else in_unit_interval("drop_prob", drop_prob)
    if len(after) < 2 or not isinstance(after[1], _layers.Activation):
        raise ValueError("model must have a Dense layer and an activation right after its Dropout layer")
    h = _forward(before, np.asarray(X, dtype=np.float64))
    masks = keep_masks(h.shape[1])
    sub = _forward(after[:2], (masks[:, None, :] * h[None, :, :] / (1 - p)).reshape(-1, h.shape[1]))
    mean = expectation(sub.reshape(len(masks), len(h), -1), mask_probabilities(masks, p))
    return float(mean.sum() / _forward(after[:2], h).sum())


def mean_abs_logit(P):
    """mean_i |log(P_i1/P_i0)| for two classes: how confident a set of predictions is.   P: (N, 2) → float."""
    P = np.asarray(P, dtype=float)
    return float(np.mean(np.abs(np.log(P[:, 1]) - np.log(P[:, 0]))))


def monte_carlo(subnet, n_units, drop_prob, k, rng):
    """MC dropout: the average of k sub-networks drawn at random (each unit kept with prob. 1 − p).

    subnet: (2ⁿ, N, K) outputs of every sub-network (from ensemble_predictions) → (N, K).  Drawing a mask
    and running that sub-network is the same as looking its output up by mask_index.
    """
    positive("k", k, integer=True)
    rows = mask_index(sample_masks((k, n_units), drop_prob, rng))
    return subnet[rows].mean(axis=0)


def mean_abs_difference(P, Q):
    """mean_i ½·Σ_k |P_ik − Q_ik|: the average total-variation distance between rows of probabilities.

    For two classes it is the mean of |P_i1 − Q_i1|.   P, Q: (..., N, K) → (...,).
    """
    return 0.5 * np.abs(np.asarray(P) - np.asarray(Q)).sum(axis=-1).mean(axis=-1)


def monte_carlo_errors(subnet, pi, exact, ks, repeats, rng):
    """The mean |MC_k − exact| over `repeats` independent MC estimates, for each k.   → (len(ks),).

    Masks are drawn with probabilities π (the same as drawing each unit independently).
    """
    positive("repeats", repeats, integer=True)
    errors = []
    for k in ks:
        rows = rng.choice(len(pi), size=(repeats, int(k)), p=pi)
        estimates = subnet[rows].mean(axis=1)                        # (repeats, N, K)
        errors.append(float(mean_abs_difference(estimates, exact).mean()))
    return np.array(errors)


def _moons(seed, n=200, noise=0.25):
    rng = np.random.default_rng(seed)
    X, y = _data.moons(n, rng, noise=noise)
    X_eval, _ = _data.moons(150, rng, noise=noise)
    return X, y, X_eval


DROP_PROBS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
K_GRID = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)


@functools.lru_cache(maxsize=2)
def ensemble_study(drop_probs=DROP_PROBS, n_hidden=10, epochs=60, seed=0):
    """For each place ("output", "hidden") and p: a net trained with dropout p on 200 moons points, and its
    ensemble on 150 new points (cached: treat the arrays as read-only).

    Returns {place: {p: dict(arithmetic, geometric, weight_scaling (N, K), subnet (2ⁿ, N, K), pi (2ⁿ,),
    ks, mc_error (len(ks),), ws_error, geo_error, geo_ws_max (max |geometric − weight_scaling|), accuracy,
    silent_mass (N,), silent_output (K,) (silent_subnetworks), relu_mean_ratio (relu_layer_mean_ratio; None
    for "output"))}},
    and "X_eval": (N, 2).
    """
    X, y, X_eval = _moons(seed)
    study = {"X_eval": X_eval}
    for place in PLACES:
        study[place] = {}
        for p in drop_probs:
            net = dropout_net(n_hidden, p, seed, place)
            _training.fit(net, X, y, optimizer=_optim.Adam(0.03), epochs=epochs, batch_size=100,
                          rng=np.random.default_rng(seed + 1))
            result = ensemble_predictions(net, X_eval)
            exact = result["arithmetic"]
            result["ks"] = np.array(K_GRID)
            result["mc_error"] = monte_carlo_errors(result["subnet"], result["pi"], exact, K_GRID, 8,
                                                    np.random.default_rng(seed + 2))
            result["ws_error"] = float(mean_abs_difference(result["weight_scaling"], exact))
            result["geo_error"] = float(mean_abs_difference(result["geometric"], exact))
            result["geo_ws_max"] = float(np.abs(result["geometric"] - result["weight_scaling"]).max())
            result["accuracy"] = _training.evaluate(net, X, y)["accuracy"]
            result["silent_mass"], result["silent_output"] = silent_subnetworks(net, X_eval)
            result["relu_mean_ratio"] = relu_layer_mean_ratio(net, X_eval) if place == "hidden" else None
            study[place][p] = result
    return study


SUBNET_BINS = np.linspace(0, 1, 41)      # the histogram of one input's P(class 1) over the sub-networks


@dataclass(frozen=True)
class EnsembleView:
    """What dropout_ensemble shows at one setting (arrays from ensemble_study: read-only)."""

    drop_prob: float         # the p of the study nearest the slider's
    place: str               # "output" or "hidden"
    k: int                   # Monte Carlo samples
    exact: np.ndarray        # (N,) the exact ensemble's P(class 1)
    approximations: dict     # {"weight_scaling" / "geometric" / "mc": (N,) P(class 1)}
    n_subnets: int           # 2ⁿ
    mass: np.ndarray         # (40,) the worst input's P(class 1) over the sub-networks, histogram of π
    bins: np.ndarray         # (41,) its edges, SUBNET_BINS
    marks: dict              # {"arithmetic" / "weight_scaling" / "geometric" / "mc": the worst input's value}
    ks: np.ndarray           # (K,) the k grid of the study
    mc_errors: np.ndarray    # (K,) mean |MC_k − exact| on that grid (averaged over repeats)
    ws_error: float          # mean |weight scaling − exact|
    geo_error: float         # mean |geometric − exact|
    mc_error: float          # mean |MC_k − exact| of this setting's own draw
    geo_ws_max: float        # max |geometric − weight scaling|


def ensemble_view(drop_prob, k, place, rng):
    """Everything dropout_ensemble shows at one setting: the study's p nearest drop_prob, a Monte Carlo
    estimate with k sub-networks drawn from rng, and the input where weight scaling is furthest from the exact
    ensemble."""
    one_of("place", place, PLACES)
    positive("k", k, integer=True)
    drop_probs = np.array(DROP_PROBS)
    p = float(drop_probs[np.argmin(np.abs(drop_probs - drop_prob))])
    r = ensemble_study()[place][p]
    n_units = int(np.log2(len(r["pi"])))
    mc = monte_carlo(r["subnet"], n_units, p, k, rng)
    exact = r["arithmetic"][:, 1]
    i = int(np.argmax(np.abs(r["weight_scaling"][:, 1] - exact)))       # the input where they differ most
    mass, bins = np.histogram(r["subnet"][:, i, 1], SUBNET_BINS, weights=r["pi"])
    marks = {"arithmetic": exact[i], "weight_scaling": r["weight_scaling"][i, 1],
             "geometric": r["geometric"][i, 1], "mc": mc[i, 1]}
    return EnsembleView(p, place, k, exact, {"weight_scaling": r["weight_scaling"][:, 1],
                                             "geometric": r["geometric"][:, 1], "mc": mc[:, 1]},
                        len(r["pi"]), mass, bins, marks, r["ks"], r["mc_error"], r["ws_error"], r["geo_error"],
                        float(mean_abs_difference(mc, r["arithmetic"])), r["geo_ws_max"])


def hidden_place_summary(study, drop_prob):
    """The numbers notebook 09 tabulates for dropout before a hidden ReLU layer at drop_prob (ensemble_study)."""
    r = study["hidden"][drop_prob]
    return {"silent_mean": float(r["silent_mass"].mean()), "silent_max": float(r["silent_mass"].max()),
            "silent_output": float(r["silent_output"][1]), "relu_mean_ratio": r["relu_mean_ratio"],
            "logit_exact": mean_abs_logit(r["arithmetic"]), "logit_geometric": mean_abs_logit(r["geometric"]),
            "logit_weight_scaling": mean_abs_logit(r["weight_scaling"]), "geo_error": r["geo_error"],
            "ws_error": r["ws_error"]}


# ----------------------------------------------------------------------------------------------------
# With and without dropout: overfitting and the hidden activations
# ----------------------------------------------------------------------------------------------------


class _TrainLossAtInference(_training.Callback):
    """Records the training-set loss at inference (dropout off) after every epoch."""

    def __init__(self, X, y):
        self.X, self.y, self.values = X, y, []

    def on_train_begin(self, model, optimizer):
        self.values = []

    def on_epoch_end(self, epoch, logs, model, optimizer):
        self.values.append(_training.evaluate(model, self.X, self.y)["loss"])
        return False


def moons_net(hidden, drop_prob, seed, depth=2):
    """2 → hidden → … → hidden → 2 with ReLU, and Dropout(drop_prob) after every hidden layer if drop_prob > 0."""
    rng = np.random.default_rng(seed)
    layers, d = [], 2
    for _ in range(depth):
        layers += [_layers.Dense(d, hidden, "he_uniform", rng=rng), _layers.Activation("relu")]
        if drop_prob:
            layers.append(_layers.Dropout(drop_prob, rng=rng))
        d = hidden
    layers.append(_layers.Dense(hidden, 2, "glorot_uniform", rng=rng))
    return _model.Sequential(layers)


def hidden_activations(model, X, layer=0):
    """The activations after the (layer+1)-th Activation layer, at inference.   X: (N, d) → (N, units)."""
    x = np.asarray(X, dtype=np.float64)
    seen = -1
    for item in model.layers:
        x = item.forward(x, train=False)
        if isinstance(item, _layers.Activation):
            seen += 1
            if seen == layer:
                return x
    raise ValueError(f"layer must be below the number of Activation layers ({seen + 1}), got {layer}")


@functools.lru_cache(maxsize=2)
def with_without_study(drop_prob=0.5, n_train=60, hidden=64, epochs=150, seed=0, noise=0.3):
    """Two nets 2 → 64 → 64 → 2 with the same initial weights, one with dropout, on n_train noisy moons (cached).

    Returns {"plain": …, "dropout": …}, each a dict of per-epoch arrays: loss (as fit records it: with
    dropout on), train_loss (at inference), val_loss, val_accuracy; and activations (N_val, hidden) of
    the first hidden layer on the validation points.
    """
    rng = np.random.default_rng(seed)
    X, y = _data.moons(n_train, rng, noise=noise)
    X_val, y_val = _data.moons(500, rng, noise=noise)
    study = {}
    for name, p in (("plain", 0.0), ("dropout", drop_prob)):
        net = moons_net(hidden, p, seed + 10)
        recorder = _TrainLossAtInference(X, y)
        history = _training.fit(net, X, y, optimizer=_optim.Adam(0.005), epochs=epochs, batch_size=20,
                                validation_data=(X_val, y_val), rng=np.random.default_rng(seed + 1),
                                callbacks=[recorder])
        study[name] = {key: np.array(history[key]) for key in ("loss", "val_loss", "val_accuracy")}
        study[name]["train_loss"] = np.array(recorder.values)
        study[name]["activations"] = hidden_activations(net, X_val)
    return study


# ----------------------------------------------------------------------------------------------------
# Other noise as a regulariser (decks 001, 004): on the inputs, on the weights, on the targets (label
# smoothing), and max-norm; dropout at fixed n vs fixed expected number of kept units (1 − p)·n
# ----------------------------------------------------------------------------------------------------

REGULARIZERS = {                    # name (shown translated) → keyword arguments of train_regularized
    N_("none"): {},
    N_("dropout p = 0.5"): {"drop_prob": 0.5},
    N_("input noise σ = 0.2"): {"input_noise": 0.2},
    N_("weight noise σ = 0.2"): {"weight_noise": 0.2},
    N_("label smoothing ε = 0.2"): {"label_smoothing": 0.2},
    N_("max-norm c = 1.5"): {"max_norm": 1.5},
}


def smoothed_cross_entropy(logits, labels, eps):
    """Cross-entropy against t = (1 − ε)·onehot(y) + ε/K;  ∂L/∂z = (softmax(z) − t)/N.   → (loss, (N, K) grad)."""
    n, k = logits.shape
    log_p = log_softmax(logits)
    t = np.full((n, k), eps / k)
    t[np.arange(n), labels] += 1 - eps
    return float(-np.mean(np.sum(t * log_p, axis=1))), (np.exp(log_p) - t) / n


def clip_column_norms(W, c):
    """Max-norm: rescale each unit's incoming weight vector (a column of W, shape (d_in, d_out)) to norm ≤ c."""
    norms = np.sqrt(np.sum(W**2, axis=0))
    W *= np.minimum(1.0, c / np.maximum(norms, 1e-300))


def train_regularized(data, *, hidden=32, drop_prob=0.0, input_noise=0.0, weight_noise=0.0, label_smoothing=0.0,
                      max_norm=None, epochs=150, batch_size=20, seed=0):
    """Train moons_net on data = (X, y, X_val, y_val) with one regulariser → val_loss per epoch, (epochs,)."""
    in_unit_interval("label_smoothing", label_smoothing)
    X, y, X_val, y_val = data
    net = moons_net(hidden, drop_prob, seed + 10)
    dense = [layer for layer in net.layers if isinstance(layer, _layers.Dense)]
    optimizer, rng = _optim.Adam(0.005), np.random.default_rng(seed + 1)
    val_loss = []
    for _ in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            rows = order[start:start + batch_size]
            xb = X[rows] + input_noise * rng.normal(size=X[rows].shape)
            clean = [layer.params["W"].copy() for layer in dense]
            for layer in dense:                                   # weights seen by this batch only
                layer.params["W"] += weight_noise * rng.normal(size=layer.params["W"].shape)
            _, grad = smoothed_cross_entropy(net.forward(xb), y[rows], label_smoothing)
            net.backward(grad, input_grad=False)
            for layer, W in zip(dense, clean):
                layer.params["W"][...] = W
            optimizer.step(net.parameters())
            if max_norm is not None:
                for layer in dense[:-1]:                          # the hidden layers' incoming weights
                    clip_column_norms(layer.params["W"], max_norm)
        val_loss.append(_training.evaluate(net, X_val, y_val)["loss"])
    return np.array(val_loss)


def _noisy_moons(seed, n_train=60, noise=0.3):
    rng = np.random.default_rng(seed)
    X, y = _data.moons(n_train, rng, noise=noise)
    X_val, y_val = _data.moons(500, rng, noise=noise)
    return X, y, X_val, y_val


@functools.lru_cache(maxsize=2)
def regularizer_study(seeds=(0, 1, 2), epochs=150):
    """Each regulariser of REGULARIZERS on the 60-point noisy moons of with_without_study, per seed (cached).

    Returns {name: {"last": (len(seeds),) final val_loss, "lowest": (len(seeds),) lowest val_loss}}.
    """
    study = {}
    for name, kwargs in REGULARIZERS.items():
        runs = [train_regularized(_noisy_moons(seed), seed=seed, epochs=epochs, **kwargs) for seed in seeds]
        study[name] = {"last": np.array([r[-1] for r in runs]), "lowest": np.array([r.min() for r in runs])}
    return study


@functools.lru_cache(maxsize=2)
def fixed_n_study(drop_probs=(0.5, 0.8), n=8, seeds=(0, 1, 2), epochs=150):
    """Dropout with n hidden units (fixed n) vs round(n/(1 − p)) units (fixed expected kept units (1 − p)·n').

    Returns {"fixed n": {p: (len(seeds),) final val_loss}, "fixed (1-p)n": {p: …}, "units": {p: n'}}.
    """
    study = {N_("fixed n"): {}, N_("fixed (1-p)n"): {}, "units": {}}
    for p in drop_probs:
        wide = int(round(n / (1 - p)))
        study["units"][p] = wide
        for key, hidden in (("fixed n", n), ("fixed (1-p)n", wide)):
            study[key][p] = np.array([train_regularized(_noisy_moons(s), hidden=hidden, drop_prob=p, seed=s,
                                                        epochs=epochs)[-1] for s in seeds])
    return study
