"""Variance propagation: how initialisation sets the scale of activations and gradients, layer by layer.

For z^l = W^l a^{l−1} (column notation; the code's rows compute z = a @ W, whose W is (W^l)ᵀ) with
independent, zero-mean weights of variance Var(W^l) (and no bias):

    forward:   Var(z^l) = fan_in · Var(W^l) · E[(a^{l−1})²],        a^{l−1} = f(z^{l−1})
    backward:  E[(∂L/∂a^{l−1})²] = fan_out · Var(W^l) · E[(δ^l)²],    δ^l = f'(z^l) ⊙ ∂L/∂a^l

The theory needs E[f(z)²] and E[f'(z)²] for z ~ N(0, q).  Two ways to get them:
  "linearised":  f(z) ≈ f(0) + f'(0)·z near 0, so E[f(z)²] ≈ f(0)² + f'(0)²·q  (approximate, valid for small q),
                 except linear (exact) and ReLU, where E[relu(z)²] = q/2 and E[relu'(z)²] = 1/2 exactly for
                 any z symmetric around 0;
  "gaussian":    the integrals over N(0, q) computed numerically (assumes z^l is Gaussian, which a wide layer
                 makes approximately true: z is a sum of many independent terms).
Both assume that the weights are independent of the activations they multiply (true at initialisation) and,
backward, that f'(z^l) is independent of ∂L/∂a^l (approximately true for wide layers).
"""

from __future__ import annotations

import functools

import numpy as np

from ... import activations as _activations
from ... import data as _data
from ... import init as _init
from ... import losses as _losses
from ..._validate import non_negative, one_of, positive
from ...i18n import N_
from ..activations_vanishing_gradients import compute as _vanishing

SCHEMES = tuple(_init.INITIALIZERS)
ACTIVATIONS = ("linear", "tanh", "relu", "sigmoid")
METHODS = ("linearised", "gaussian")
N_CLASSES = _vanishing.N_CLASSES
EXACT_WHEN_LINEARISED = {"linear": True, "relu": True, "tanh": False, "sigmoid": False}

# (scale, fan) of the variance-scaling schemes: Var(W) = scale / fan;  the fixed normals have Var = std².
_VARIANCE_RULES = {"lecun": (1.0, "fan_in"), "glorot": (1.0, "fan_avg"), "he": (2.0, "fan_in")}
_FIXED_STD = {"normal_0.01": 0.01, "normal_1": 1.0}


def weight_variance(scheme, fan_in, fan_out):
    """Var(W) of an initialisation scheme: LeCun 1/fan_in, Glorot 2/(fan_in + fan_out), He 2/fan_in, or std²."""
    one_of("scheme", scheme, SCHEMES)
    positive("fan_in", fan_in)
    positive("fan_out", fan_out)
    if scheme in _FIXED_STD:
        return _FIXED_STD[scheme] ** 2
    scale, mode = _VARIANCE_RULES[scheme.split("_")[0]]
    fan = {"fan_in": fan_in, "fan_avg": (fan_in + fan_out) / 2}[mode]
    return scale / fan


def uniform_bound(variance):
    """The a of U[−a, a] with the given variance: Var = a²/3, so a = √3·σ."""
    non_negative("variance", variance)
    return float(np.sqrt(3 * variance))


def weight_samples(fan_in, fan_out, rng, schemes=SCHEMES):
    """One (fan_in, fan_out) weight matrix per scheme, drawn from rng in the order of `schemes`.   → {scheme: W}."""
    return {scheme: _init.INITIALIZERS[scheme]((fan_in, fan_out), rng) for scheme in schemes}


def init_weights(scheme, depth, width, rng, d_in=None, n_classes=N_CLASSES):
    """[W¹, …, W^L, W_out] drawn with course_lib.init's scheme.   Shapes (d_in, width), (width, width)…, (width, K)."""
    one_of("scheme", scheme, SCHEMES)
    positive("depth", depth, integer=True)
    positive("width", width, integer=True)
    d_in = width if d_in is None else d_in
    draw = _init.INITIALIZERS[scheme]
    W_out = draw((width, n_classes), rng)        # drawn first: a shallower net is a deeper one without its top layers
    shapes = [(d_in, width)] + [(width, width)] * (depth - 1)
    return [draw(shape, rng) for shape in shapes] + [W_out]


def _check_activation(activation):
    one_of("activation", activation, ACTIVATIONS)
    return _activations.ACTIVATIONS[activation]


def _gaussian_expectation(h, q):
    """E[h(z)] for z ~ N(0, q), by the trapezoid rule on a grid that resolves both √q and the scale 1 of h."""
    if q == 0:
        return float(h(np.zeros(1))[0])
    s = np.sqrt(q)
    u = np.linspace(-8.0, 8.0, 801)
    z = np.unique(np.concatenate([s * u, u[np.abs(u) < 8 * s]]))     # the activation's own scale, within ±8σ
    density = np.exp(-0.5 * (z / s) ** 2) / (s * np.sqrt(2 * np.pi))
    integrand = h(z) * density
    return float(np.sum((integrand[1:] + integrand[:-1]) * np.diff(z)) / 2)


def second_moments(activation, q, method="linearised"):
    """(E[f(z)²], E[f'(z)²]) for z ~ N(0, q), q = Var(z) ≥ 0.   method: "linearised" or "gaussian"."""
    f, f_grad = _check_activation(activation)
    one_of("method", method, METHODS)
    non_negative("q", q)
    if not np.isfinite(q):
        return np.inf, np.nan
    if method == "gaussian" or activation in ("linear", "relu"):
        if activation == "linear":
            return q, 1.0
        if activation == "relu":
            return q / 2, 0.5                    # half of z's mass is positive; there relu(z)² = z²
        return _gaussian_expectation(lambda z: f(z) ** 2, q), _gaussian_expectation(lambda z: f_grad(z) ** 2, q)
    f0, slope0 = float(f(np.zeros(1))[0]), float(f_grad(np.zeros(1))[0])
    return f0**2 + slope0**2 * q, slope0**2        # tanh: q and 1;  sigmoid: 1/4 + q/16 and 1/16


def forward_theory(activation, weight_vars, fan_ins, input_second_moment=1.0, method="linearised"):
    """Predicted Var(z^l) for l = 1..L:  Var(z¹) = fan_in·Var(W¹)·E[x²];  Var(z^l) = fan_in·Var(W^l)·E[f(z^{l−1})²].

    weight_vars, fan_ins: (L,) for the hidden layers.  Returns (L,).
    """
    _check_activation(activation)
    non_negative("input_second_moment", input_second_moment)
    q = np.zeros(len(weight_vars))
    moment = input_second_moment
    with np.errstate(over="ignore", invalid="ignore"):
        for l, (var_W, n) in enumerate(zip(weight_vars, fan_ins)):
            q[l] = n * var_W * moment
            moment = second_moments(activation, q[l], method)[0]
    return q


def backward_theory(activation, q, weight_vars, fan_outs, top_second_moment, method="linearised"):
    """Predicted E[(δ^l)²] for l = 1..L, from the top down, given Var(z^l) = q (from forward_theory).

    top_second_moment = E[(∂L/∂a^L)²], the gradient arriving at the last hidden layer;
    E[(δ^l)²] = E[f'(z^l)²]·E[(∂L/∂a^l)²];  E[(∂L/∂a^{l−1})²] = fan_out(W^l)·Var(W^l)·E[(δ^l)²].
    weight_vars, fan_outs: (L,) for the hidden layers W¹..W^L.  Returns (L,).
    """
    _check_activation(activation)
    L = len(q)
    delta = np.zeros(L)
    g = top_second_moment
    with np.errstate(over="ignore", invalid="ignore"):
        for l in range(L - 1, -1, -1):
            delta[l] = second_moments(activation, q[l], method)[1] * g
            g = fan_outs[l] * weight_vars[l] * delta[l]
    return delta


def _rms(A):
    """√mean(A²) (= the std for zero-mean values), without overflow in the squares; nan if A is not finite."""
    norm = _vanishing.frobenius_norms([A])[0]
    return norm / np.sqrt(A.size) if np.isfinite(norm) else np.nan


def measured_and_theory(X, y, weights, activation, scheme):
    """Measured std of z^l and δ^l = ∂L/∂z^l per hidden layer, next to both theories (the square roots of the
    predicted second moments).

    The forward theory starts from the measured E[x²]; the backward theory from the measured ∂L/∂logits, passed
    through the output layer with the scheme's Var(W_out) (so no hidden-layer number is borrowed from the net).
    Returns a dict of (L,) arrays: "z_std", "delta_std", "z_theory", "delta_theory", "z_gaussian",
    "delta_gaussian"; and "weight_var" (L,), "exact" (bool: the linearised theory is exact for this activation).
    """
    _check_activation(activation)
    result = _vanishing.forward_backward(X, y, weights, activation, weight_grads=False)
    hidden, W_out = weights[:-1], weights[-1]
    fan_ins = np.array([W.shape[0] for W in hidden], dtype=float)
    fan_outs = np.array([W.shape[1] for W in hidden], dtype=float)
    weight_vars = np.array([weight_variance(scheme, a, b) for a, b in zip(fan_ins, fan_outs)])
    var_out = weight_variance(scheme, *W_out.shape)
    with np.errstate(all="ignore"):
        m0 = float(np.mean(X**2))
        top = W_out.shape[1] * var_out * float(np.mean(result["dlogits"] ** 2))   # E[(∂L/∂a^L)²]
        out = {"z_std": np.array([_rms(z) for z in result["z"]]),
               "delta_std": np.array([_rms(d) for d in result["delta"]]),
               "weight_var": weight_vars, "exact": EXACT_WHEN_LINEARISED[activation]}
        for method, suffix in (("linearised", "theory"), ("gaussian", "gaussian")):
            q = forward_theory(activation, weight_vars, fan_ins, m0, method)
            delta = backward_theory(activation, q, weight_vars, fan_outs, top, method)
            out[f"z_{suffix}"] = np.sqrt(q)
            out[f"delta_{suffix}"] = np.sqrt(delta)
    return out


def propagation_profile(scheme, depth, width, activation, rng, n_samples=64):
    """measured_and_theory for a fresh net (weights drawn with `scheme`) and a random batch, both from rng."""
    X, y = _vanishing.random_batch(n_samples, width, rng)
    weights = init_weights(scheme, depth, width, rng)
    return measured_and_theory(X, y, weights, activation, scheme)


# ----------------------------------------------------------------------------- the explorer's nets and caches

EXPLORER_SEED = 0          # the batch and the weights come from this seed, so every reader sees the same net
EXPLORER_MAX_DEPTH = 50
EXPLORER_SAMPLES = 64
THEORY_OFF = 2.0           # a linearised theory further off than this factor gets a note on the figure


@functools.lru_cache(maxsize=4)
def explorer_net(scheme, width):
    """The batch and the EXPLORER_MAX_DEPTH hidden weights + output weights of one scheme and width, drawn once
    from EXPLORER_SEED.   X: (64, width), y: (64,), weights: [W¹ … W⁵⁰, W_out]."""
    rng = np.random.default_rng(EXPLORER_SEED)
    X, y = _vanishing.random_batch(EXPLORER_SAMPLES, width, rng)
    weights = init_weights(scheme, EXPLORER_MAX_DEPTH, width, rng)
    return X, y, weights


@functools.lru_cache(maxsize=256)
def explorer_profile(scheme, depth, width, activation):
    """measured_and_theory on the explorer's net cut to `depth` hidden layers (cached per setting)."""
    X, y, weights = explorer_net(scheme, width)
    return measured_and_theory(X, y, weights[:depth] + [weights[-1]], activation, scheme)


def departure(measured, theory):
    """The largest factor between measured and predicted std over the layers where both are finite and > 0
    (inf when there is no such layer).   measured, theory: (L,) → float ≥ 1."""
    ok = np.isfinite(measured) & np.isfinite(theory) & (measured > 0) & (theory > 0)
    return float(np.exp(np.max(np.abs(np.log(measured[ok] / theory[ok]))))) if ok.any() else np.inf


def profile_problem(stats):
    """What is wrong with a measured_and_theory profile, or None: "overflow" (a measured value is not finite),
    "underflow" (one is exactly 0), or "theory_off" (the linearised theory, where it is not exact, is further
    off than THEORY_OFF in some layer)."""
    measured = np.concatenate([stats["z_std"], stats["delta_std"]])
    if not np.isfinite(measured).all():
        return "overflow"
    if np.any(measured == 0):
        return "underflow"
    if not stats["exact"] and max(departure(stats["z_std"], stats["z_theory"]),
                                  departure(stats["delta_std"], stats["delta_theory"])) > THEORY_OFF:
        return "theory_off"
    return None


# ------------------------------------------------------------------------------------- symmetry breaking
# A small MLP with biases, trained by full-batch gradient descent: the toy experiment of notebook 04's section 4.
# Parameters are a list of (W, b) pairs, W: (d_in, d_out) (the code's rows convention), b: (d_out,).

SYMMETRY_SIZES = (2, 8, 8, 2)
CONSTANT_VALUE = 0.5
# How a reader sees each start (translated where shown, with tr(...).format(value=CONSTANT_VALUE)).
INIT_NAMES = {"zeros": N_("all zeros"), "constant": N_("all {value}"), "glorot_normal": N_("Glorot normal")}


def mlp_params(kind, sizes, rng, value=CONSTANT_VALUE):
    """[(W, b), …] for layer sizes (d₀, d₁, …, d_L); biases 0.   kind: "zeros", "constant" (every weight =
    value) or a scheme of SCHEMES (drawn with course_lib.init)."""
    if kind not in ("zeros", "constant"):
        one_of("kind", kind, ("zeros", "constant") + SCHEMES)
    if len(sizes) < 2:
        raise ValueError(f"sizes must hold at least an input and an output size, got {sizes!r}")
    params = []
    for d_in, d_out in zip(sizes[:-1], sizes[1:]):
        positive("sizes", d_out, integer=True)
        if kind == "zeros":
            W = np.zeros((d_in, d_out))
        elif kind == "constant":
            W = np.full((d_in, d_out), float(value))
        else:
            W = _init.INITIALIZERS[kind]((d_in, d_out), rng)
        params.append((W, np.zeros(d_out)))
    return params


def mlp_loss_and_grads(params, X, y, activation="tanh"):
    """Mean softmax cross-entropy of the MLP (activation on the hidden layers, none on the output) and its
    gradients [(∂L/∂W, ∂L/∂b), …], by backpropagation.   X: (N, d₀), y: (N,) ints."""
    f, f_grad = _check_activation(activation)
    a, zs, acts = X, [], [X]
    for W, b in params[:-1]:
        z = a @ W + b
        a = f(z)
        zs.append(z)
        acts.append(a)
    W_out, b_out = params[-1]
    loss, delta = _losses.softmax_cross_entropy(a @ W_out + b_out, y)      # delta = ∂L/∂logits, already / N
    grads = [None] * len(params)
    for l in range(len(params) - 1, -1, -1):
        grads[l] = (acts[l].T @ delta, delta.sum(axis=0))                   # ∂L/∂W = aᵀδ, ∂L/∂b = Σ_n δ
        if l > 0:
            delta = f_grad(zs[l - 1]) * (delta @ params[l][0].T)           # δ^{l−1} = f'(z) ⊙ (δ^l Wᵀ)
    return loss, grads


def train_mlp(params, X, y, lr, steps, activation="tanh"):
    """`steps` full-batch gradient-descent steps from params (not modified).   Returns (params, losses (steps + 1,),
    spreads (steps + 1, L − 1): unit_spread of each hidden layer's W after every step, the first row before any)."""
    positive("lr", lr)
    non_negative("steps", steps, integer=True)
    params = [(np.array(W, dtype=float), np.array(b, dtype=float)) for W, b in params]
    losses, spreads = [], []
    for step in range(steps + 1):
        loss, grads = mlp_loss_and_grads(params, X, y, activation)
        losses.append(loss)
        spreads.append([unit_spread(W) for W, _ in params[:-1]])
        if step < steps:
            params = [(W - lr * gW, b - lr * gb) for (W, b), (gW, gb) in zip(params, grads)]
    return params, np.array(losses), np.array(spreads)


def unit_spread(W):
    """How different the units of a layer are: the largest std, over the inputs k, of the weights W[k, j] across
    the units j (the columns).   W: (d_in, d_out) → float; 0 exactly when all units have the same weights."""
    W = np.asarray(W, dtype=float)
    if W.ndim != 2:
        raise ValueError(f"W must have shape (d_in, d_out), got {W.shape}")
    return float(np.max(np.std(W, axis=1)))


def accuracy(params, X, y, activation="tanh"):
    """Fraction of samples whose largest logit is the true class."""
    f, _ = _check_activation(activation)
    a = X
    for W, b in params[:-1]:
        a = f(a @ W + b)
    return float(np.mean(np.argmax(a @ params[-1][0] + params[-1][1], axis=1) == y))


def symmetry_runs(kinds, rng, n_samples=200, steps=300, lr=0.5, sizes=SYMMETRY_SIZES, activation="tanh"):
    """Train the same MLP on the same toy set (circles, drawn from rng first) from each initialisation in `kinds`.

    Returns {kind: {"loss": (steps + 1,), "spread": (steps + 1, L − 1), "accuracy": float}}; the random schemes
    draw their weights from rng in the order of `kinds`.
    """
    X, y = _data.circles(n_samples, rng, noise=0.1)
    runs = {}
    for kind in kinds:
        params, losses, spreads = train_mlp(mlp_params(kind, sizes, rng), X, y, lr, steps, activation)
        runs[kind] = {"loss": losses, "spread": spreads, "accuracy": accuracy(params, X, y, activation)}
    return runs
