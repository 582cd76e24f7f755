"""Vanishing and exploding gradients: activation curves, saturation, and a deep MLP measured layer by layer.

The deep net of notebook 03 (and 04), in the course's column notation (one sample a column vector):

    a⁰ = x;   z^l = W^l a^{l−1},   a^l = f(z^l)   for l = 1..L;   logits = W_out a^L;
    loss = softmax cross-entropy against random labels.

The code stores a batch as rows, one sample a row: Z = A @ W, where the code's W has shape (d_in, d_out) and is
(W^l)ᵀ.  Biases start at 0, so they are left out.  Backward, with δ^l = ∂L/∂z^l (the deck's δ):

    δ^l = f'(z^l) ⊙ ((W^{l+1})ᵀ δ^{l+1}),     ∂L/∂W^l = δ^l (a^{l−1})ᵀ      (formulas, one sample)
    delta = fprime * (delta_next @ W_next.T),  grad_W = A_prev.T @ delta   (code, rows, summed over the batch)

Every layer multiplies the gradient by a factor f'(z^l)·W; over L layers these factors multiply, so the
gradient reaching layer 1 can shrink (vanish) or grow (explode) geometrically with depth.
"""

from __future__ import annotations

import functools

import numpy as np

from ... import activations as _activations
from ... import losses as _losses
from ..._validate import in_range, non_negative, one_of, positive

N_CLASSES = 10
NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "swish", "softplus")
# Where the activation histograms of a deep net are drawn; values outside are counted in the edge bins.
HISTOGRAM_RANGE = {"sigmoid": (0.0, 1.0), "tanh": (-1.05, 1.05)}
DEFAULT_RANGE = (-3.0, 3.0)


def _activation(name):
    one_of("activation", name, tuple(_activations.ACTIVATIONS))
    return _activations.ACTIVATIONS[name]


def activation_curves(name, z):
    """(f(z), f'(z)) for an activation of course_lib.activations.   z: (n,) → two (n,) arrays."""
    f, f_grad = _activation(name)
    z = np.asarray(z, dtype=float)
    return f(z), f_grad(z)


def saturated(name, z, threshold):
    """Mask of the saturation region |f'(z)| < threshold: there a unit passes back almost no gradient.   z: (n,)."""
    non_negative("threshold", threshold)
    _, f_grad = _activation(name)
    return np.abs(f_grad(np.asarray(z, dtype=float))) < threshold


def saturation_intervals(name, threshold, z_min=-6.0, z_max=6.0, n=12001):
    """The intervals of [z_min, z_max] where |f'(z)| < threshold, as a list of (start, end).

    Found on an n-point grid: an interior boundary is placed halfway between the grid points on either side of it.
    """
    positive("n", n, integer=True)
    if not z_min < z_max:
        raise ValueError(f"z_min must be < z_max, got {z_min} and {z_max}")
    z = np.linspace(z_min, z_max, n)
    mask = saturated(name, z, threshold).astype(int)
    changes = np.flatnonzero(np.diff(mask)) + 1                  # first index after the mask switches
    middles = (z[changes - 1] + z[changes]) / 2
    bounds = np.concatenate([[z_min], middles, [z_max]])
    starts = np.concatenate([[0], changes])
    return [(float(a), float(b)) for a, b, i in zip(bounds[:-1], bounds[1:], starts) if mask[i]]


def random_batch(n_samples, d_in, rng, n_classes=N_CLASSES):
    """A random batch: X ~ N(0, 1) of shape (n_samples, d_in) and labels y: (n_samples,) ints in [0, n_classes)."""
    positive("n_samples", n_samples, integer=True)
    positive("d_in", d_in, integer=True)
    positive("n_classes", n_classes, integer=True)
    X = rng.normal(size=(n_samples, d_in))
    y = rng.integers(0, n_classes, size=n_samples)
    return X, y


def gaussian_weights(depth, width, d_in, scale, rng, n_classes=N_CLASSES):
    """[W¹, …, W^L, W_out] with W ~ N(0, scale²/fan_in).   Shapes (d_in, width), (width, width)…, (width, n_classes).

    scale = 1 is LeCun's normal initialisation, scale = √2 is He's.  Each matrix is drawn at scale 1 and then
    multiplied by `scale`, and W_out is drawn first: the same rng state gives the same net (times `scale`) for
    every scale, and a shallower net is a deeper one with its top layers removed.
    """
    positive("depth", depth, integer=True)
    positive("width", width, integer=True)
    positive("scale", scale)
    W_out = rng.normal(0.0, 1.0 / np.sqrt(width), size=(width, n_classes))
    fan_ins = [d_in] + [width] * (depth - 1)
    hidden = [rng.normal(0.0, 1.0 / np.sqrt(n), size=(n, width)) for n in fan_ins]
    return [scale * W for W in hidden + [W_out]]


def forward_backward(X, y, weights, activation, weight_grads=True):
    """One forward and one backward pass through the bias-free MLP with `weights` = [W¹, …, W^L, W_out].

    Returns a dict of lists over the hidden layers l = 1..L: "z" (pre-activations, (N, width)), "a" (a⁰ = X
    first, so L + 1 arrays), "fprime" (f'(z^l)), "delta" (δ^l = ∂L/∂z^l), "grad_W" (∂L/∂W^l, unless
    weight_grads=False), and "loss", "dlogits" (∂L/∂logits).  Overflow is not an error here: non-finite
    numbers simply propagate.
    """
    f, f_grad = _activation(activation)
    if len(weights) < 2:
        raise ValueError("weights must hold at least one hidden layer and the output layer")
    hidden, W_out = weights[:-1], weights[-1]
    with np.errstate(all="ignore"):
        a, zs, acts = X, [], [X]
        for W in hidden:
            z = a @ W
            a = f(z)
            zs.append(z)
            acts.append(a)
        loss, dlogits = _losses.softmax_cross_entropy(np.nan_to_num(a @ W_out, nan=0.0), y)
        g = dlogits @ W_out.T                                   # ∂L/∂a^L
        fprimes = [f_grad(z) for z in zs]
        deltas, grads = [None] * len(hidden), [None] * len(hidden)
        for l in range(len(hidden) - 1, -1, -1):
            deltas[l] = fprimes[l] * g                          # δ^l = f'(z^l) ⊙ ∂L/∂a^l
            if weight_grads:
                grads[l] = acts[l].T @ deltas[l]                # ∂L/∂W^l = (a^{l−1})ᵀ δ^l
            g = deltas[l] @ hidden[l].T                         # ∂L/∂a^{l−1}
    out = {"z": zs, "a": acts, "fprime": fprimes, "delta": deltas, "loss": loss, "dlogits": dlogits}
    if weight_grads:
        out["grad_W"] = grads
    return out


def frobenius_norms(arrays):
    """‖A‖_F = √(Σ A²) for each array, computed without overflow where the result itself fits in float64.   → (n,)."""
    norms = []
    with np.errstate(all="ignore"):
        for A in arrays:
            peak = np.max(np.abs(A)) if A.size else 0.0
            if not np.isfinite(peak):
                norms.append(np.inf if not np.isnan(A).any() else np.nan)
            elif peak == 0:
                norms.append(0.0)
            else:
                norms.append(peak * np.sqrt(np.sum((A / peak) ** 2)))   # scaled: squares never overflow
    return np.array(norms)


def log_safe(values):
    """values as floats with 0, negatives and non-finite entries replaced by nan (what a log axis can show)."""
    values = np.asarray(values, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.where(np.isfinite(values) & (values > 0), values, np.nan)


def dead_fraction(a):
    """The fraction of units (columns) whose output is exactly 0 for every sample (row).   a: (N, units) → float."""
    a = np.asarray(a)
    if a.ndim != 2:
        raise ValueError(f"a must have shape (N, units), got {a.shape}")
    return float(np.mean(np.all(a == 0, axis=0)))


def layer_histograms(acts, value_range, bins=41):
    """Per layer, the fraction of the layer's outputs in each of `bins` equal bins over value_range.

    acts: list of L arrays → (L, bins).  Values outside the range count in the first or last bin; non-finite
    values are not counted (a row of an overflowed layer can sum to less than 1).
    """
    positive("bins", bins, integer=True)
    lo, hi = value_range
    if not lo < hi:
        raise ValueError(f"value_range must be (low, high) with low < high, got {value_range!r}")
    H = np.zeros((len(acts), bins))
    with np.errstate(all="ignore"):
        for l, a in enumerate(acts):
            values = a[np.isfinite(a)]
            k = np.clip(((values - lo) / (hi - lo) * bins).astype(np.int64), 0, bins - 1)
            H[l] = np.bincount(k, minlength=bins) / max(a.size, 1)
    return H


def deep_net_statistics(X, y, weights, activation, threshold=0.1, bins=41):
    """Everything the vanishing-gradient figure shows, per hidden layer l = 1..L.

    Returns a dict of (L,) arrays: "grad_norm" ‖∂L/∂W^l‖_F, "delta_norm" ‖δ^l‖_F = ‖∂L/∂z^l‖_F, "dead" (the
    fraction of units that output 0 on every sample), "saturated" (the fraction of the layer's (sample, unit)
    pairs with |f'(z)| < threshold), "std" (std of a^l, nan where it overflowed); and "hist" (L, bins) over
    "edges" (bins + 1,), and "loss".
    """
    non_negative("threshold", threshold)
    result = forward_backward(X, y, weights, activation)
    acts = result["a"][1:]
    value_range = HISTOGRAM_RANGE.get(activation, DEFAULT_RANGE)
    with np.errstate(all="ignore"):
        saturation = np.array([np.mean(np.abs(fp) < threshold) for fp in result["fprime"]])
        std = np.array([np.std(a) if np.isfinite(a).all() else np.nan for a in acts])
    return {"grad_norm": frobenius_norms(result["grad_W"]),
            "delta_norm": frobenius_norms(result["delta"]),
            "dead": np.array([dead_fraction(a) for a in acts]),
            "saturated": saturation,
            "std": np.where(np.isfinite(std), std, np.nan),
            "hist": layer_histograms(acts, value_range, bins),
            "edges": np.linspace(*value_range, bins + 1),
            "loss": result["loss"]}


def gradient_profile(depth, activation, scale, rng, width=64, n_samples=128, threshold=0.1):
    """deep_net_statistics for a fresh deep net and batch drawn from rng (W ~ N(0, scale²/fan_in)).

    The explorer of notebook 03 draws its net the same way from default_rng(0): same seed, same numbers.
    """
    in_range("depth", depth, 1, 1000)
    X, y = random_batch(n_samples, width, rng)
    weights = gaussian_weights(depth, width, width, scale, rng)
    return deep_net_statistics(X, y, weights, activation, threshold)


def max_sigmoid_slope_product(depth):
    """The largest possible product of `depth` sigmoid slopes: (max σ')^depth = (1/4)^depth."""
    non_negative("depth", depth, integer=True)
    return 0.25**depth


MAX_SLOPE = {"sigmoid": 0.25, "tanh": 1.0}      # max_z |f'(z)|, reached at z = 0


def per_layer_factor(first, last, depth):
    """The geometric-mean factor per layer between two norms depth − 1 layers apart: (first / last)^(1/(depth − 1))."""
    in_range("depth", depth, 2, 1000)
    with np.errstate(all="ignore"):
        return (np.asarray(first, dtype=float) / np.asarray(last, dtype=float)) ** (1.0 / (depth - 1))


def scale_sweep(scales, rngs, depth=20, width=64, n_samples=128, activation="sigmoid", threshold=0.1):
    """Per weight scale s and per net (one net and batch drawn from each rng, then scaled by every s):

    "delta_factor"   the backward factor per layer of the gradient, (‖δ¹‖ / ‖δᴸ‖)^(1/(L−1));
    "grad_factor"    the same for the weight gradients, (‖∂L/∂W¹‖ / ‖∂L/∂Wᴸ‖)^(1/(L−1));
    "bound"          the spectral bound on the first, max|f'| · (∏_{l=2..L} ‖W^l‖₂)^(1/(L−1)), ‖·‖₂ the spectral norm;
    "saturated"      the fraction of (sample, unit) pairs over all layers with |f'(z)| < threshold;
    each (len(scales), len(rngs)); and "scales" (len(scales),).  activation: "sigmoid" or "tanh".
    """
    one_of("activation", activation, tuple(MAX_SLOPE))
    in_range("depth", depth, 2, 1000)
    scales = np.asarray(scales, dtype=float)
    if scales.ndim != 1 or scales.size == 0 or not np.all(scales > 0):
        raise ValueError(f"scales must be a non-empty list of positive numbers, got {scales!r}")
    shape = (len(scales), len(rngs))
    out = {key: np.zeros(shape) for key in ("delta_factor", "grad_factor", "bound", "saturated")}
    for j, rng in enumerate(rngs):
        X, y = random_batch(n_samples, width, rng)
        base = gaussian_weights(depth, width, width, 1.0, rng)
        spectral = np.array([np.linalg.norm(W, 2) for W in base[1:depth]])     # ‖W²‖₂ … ‖Wᴸ‖₂ at s = 1
        for i, s in enumerate(scales):
            result = forward_backward(X, y, [s * W for W in base], activation)
            delta, grad = frobenius_norms(result["delta"]), frobenius_norms(result["grad_W"])
            out["delta_factor"][i, j] = per_layer_factor(delta[0], delta[-1], depth)
            out["grad_factor"][i, j] = per_layer_factor(grad[0], grad[-1], depth)
            out["bound"][i, j] = MAX_SLOPE[activation] * s * np.exp(np.mean(np.log(spectral)))
            out["saturated"][i, j] = np.mean([np.mean(np.abs(fp) < threshold) for fp in result["fprime"]])
    out["scales"] = scales
    return out


def same_sign_fraction(X, y, weights, activation):
    """Per hidden layer l = 1..L, how often the incoming weight gradients of a unit all share one sign.

    For one sample, ∂L/∂w_jk = δ_j a_k (formulas; the code's grad_W[k, j]): when every input a_k > 0, as the
    sigmoid's outputs are, all weights into unit j move in the same direction, the sign of δ_j.
    "One sign" means no two of the gradients have opposite signs (zeros allowed: a ReLU input of 0 gives 0).
    Returns a dict of (L,) arrays: "per_sample", the fraction of (sample, unit) pairs whose gradients δ_j a_k
    (k = all inputs) have one sign; "batch", the fraction of units whose gradient column grad_W[:, j], summed over
    the batch, has one sign; "nonneg_inputs", the fraction of the layer's inputs a^{l−1} that are ≥ 0.
    """
    result = forward_backward(X, y, weights, activation)
    out = {"per_sample": [], "batch": [], "nonneg_inputs": []}
    for a_prev, delta, grad in zip(result["a"][:-1], result["delta"], result["grad_W"]):
        # δ_j a_k over k has one sign exactly when δ_j = 0 or the a_k of this sample have one sign
        inputs_one_sign = np.all(a_prev >= 0, axis=1) | np.all(a_prev <= 0, axis=1)      # (N,)
        out["per_sample"].append(np.mean(inputs_one_sign[:, None] | (delta == 0)))
        out["batch"].append(np.mean(np.all(grad >= 0, axis=0) | np.all(grad <= 0, axis=0)))
        out["nonneg_inputs"].append(np.mean(a_prev >= 0))
    return {key: np.array(values) for key, values in out.items()}


# --------------------------------------------------------------------------- the explorers' fixed nets and caches

EXPLORER_SEED = 0          # the batch and the weights come from this seed, so every reader sees the same net
EXPLORER_MAX_DEPTH = 50
EXPLORER_WIDTH = 64
EXPLORER_SAMPLES = 128
EXPLORER_THRESHOLD = 0.1   # |f'(z)| below this counts as saturated in the deep-net figure
EXPLORER_Z = np.linspace(-5, 5, 801)
INTERVAL_POINTS = 2001     # grid on which the explorer's legend finds where an activation saturates


@functools.lru_cache(maxsize=64)
def explorer_curves(name):
    """(f, f') on EXPLORER_Z, computed once per activation.   → two (801,) arrays."""
    return activation_curves(name, EXPLORER_Z)


@functools.lru_cache(maxsize=512)
def explorer_saturation(name, threshold):
    """(mask on EXPLORER_Z, intervals of [−5, 5] where |f'(z)| < threshold), computed once per setting."""
    mask = saturated(name, EXPLORER_Z, threshold)
    intervals = saturation_intervals(name, threshold, EXPLORER_Z[0], EXPLORER_Z[-1], n=INTERVAL_POINTS)
    return mask, intervals


@functools.lru_cache(maxsize=1)
def explorer_net():
    """The batch and the weights at scale 1 (W ~ N(0, 1/fan_in)), drawn once from EXPLORER_SEED; a scale
    multiplies them.   X: (128, 64), y: (128,), weights: [W¹ … W⁵⁰, W_out]."""
    rng = np.random.default_rng(EXPLORER_SEED)
    X, y = random_batch(EXPLORER_SAMPLES, EXPLORER_WIDTH, rng)
    weights = gaussian_weights(EXPLORER_MAX_DEPTH, EXPLORER_WIDTH, EXPLORER_WIDTH, 1.0, rng)
    return X, y, weights


@functools.lru_cache(maxsize=256)
def explorer_statistics(depth, activation, scale):
    """deep_net_statistics of the explorer's net cut to `depth` hidden layers, every weight times `scale`
    (cached per setting: a slider that comes back costs nothing)."""
    X, y, weights = explorer_net()
    scaled = [scale * W for W in weights[:depth]] + [scale * weights[-1]]
    return deep_net_statistics(X, y, scaled, activation, threshold=EXPLORER_THRESHOLD)


EXPLODING, VANISHING = 1e4, 1e-5      # gradient norms beyond which the explorer says so


def gradient_problem(grad_norm):
    """The worst problem of a gradient profile (L,), as a dict, or None: {"kind": "overflow", "layers": count of
    non-finite norms, "depth": L}, {"kind": "underflow", "last": the last layer (from 1) whose norm is exactly 0},
    {"kind": "exploding", "value": the largest norm} or {"kind": "vanishing", "value": the smallest norm}."""
    grad_norm = np.asarray(grad_norm, dtype=float)
    non_finite = ~np.isfinite(grad_norm)
    zero = grad_norm == 0
    finite = grad_norm[~non_finite & ~zero]
    if non_finite.any():
        return {"kind": "overflow", "layers": int(non_finite.sum()), "depth": len(grad_norm)}
    if zero.any():
        return {"kind": "underflow", "last": int(np.flatnonzero(zero).max() + 1)}
    if finite.max() > EXPLODING:
        return {"kind": "exploding", "value": float(finite.max())}
    if finite.min() < VANISHING:
        return {"kind": "vanishing", "value": float(finite.min())}
    return None


def first_to_last_ratio(grad_norm):
    """‖∂L/∂W¹‖ / ‖∂L/∂Wᴸ‖ of a profile (L,): inf or nan (not a warning) when the numbers left the float range."""
    with np.errstate(all="ignore"):
        return float(grad_norm[0] / grad_norm[-1])
