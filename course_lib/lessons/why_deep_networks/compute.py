"""Why depth helps: one wide hidden layer approximating a 1-D function, and a deep narrow ReLU net making a
sawtooth that a single hidden layer needs exponentially many units for.

Everything lives on the interval [0, 1]: inputs are 1-D arrays x: (N,), outputs y: (N,).
Small networks are written in the column-vector notation of the decks: a list of layers (W, b) with
W: (n_out, n_in) and b: (n_out,); hidden layers use ReLU, the last layer is linear.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from ..._validate import in_range, non_negative, one_of, positive
from ...activations import ACTIVATIONS, relu

# ----------------------------------------------------------------------------------------------------
# Target functions on [0, 1]
# ----------------------------------------------------------------------------------------------------


def sine(x):
    """One period of a sine: sin(2πx)."""
    return np.sin(2 * np.pi * np.asarray(x, dtype=np.float64))


def bump(x):
    """A narrow Gaussian bump at 1/2: exp(−((x − 0.5)/0.1)²)."""
    return np.exp(-(((np.asarray(x, dtype=np.float64) - 0.5) / 0.1) ** 2))


def jump(x):
    """A jump from 0 to 1 at x = 1/2 (discontinuous, so the theorem does not promise uniform convergence)."""
    return (np.asarray(x, dtype=np.float64) >= 0.5).astype(np.float64)


def chirp(x):
    """A sine whose frequency grows with x: sin(8πx²) (slow on the left, fast on the right)."""
    x = np.asarray(x, dtype=np.float64)
    return np.sin(8 * np.pi * x**2)


TARGETS = {"sine": sine, "bump": bump, "jump": jump, "chirp": chirp}
HIDDEN_ACTIVATIONS = ("relu", "tanh", "sigmoid")


def target(name, x):
    """The target function called `name` (one of TARGETS) evaluated at x: (N,) → (N,)."""
    one_of("target", name, tuple(TARGETS))
    return TARGETS[name](x)


# ----------------------------------------------------------------------------------------------------
# One hidden layer: random hidden units, output layer fitted by least squares
# ----------------------------------------------------------------------------------------------------


def random_hidden_layer(n_units, rng, activation="relu", steepness=20.0):
    """Random hidden weights w, b: (n_units,) for 1-D input; each unit switches at a point t ~ U(0, 1).

    A unit computes f(w·x + b) with b = −w·t, so its kink (ReLU) or its steepest point (tanh, sigmoid) is
    at x = t.  ReLU: w = ±1 (the size of w is absorbed by the output weight).  tanh, sigmoid:
    |w| ~ U(steepness/2, 3·steepness/2) with a random sign, so the units have different slopes.
    """
    positive("n_units", n_units, integer=True)
    one_of("activation", activation, HIDDEN_ACTIVATIONS)
    positive("steepness", steepness)
    t = rng.uniform(0.0, 1.0, n_units)
    sign = rng.choice([-1.0, 1.0], n_units)
    if activation == "relu":
        w = sign
    else:
        w = sign * rng.uniform(0.5 * steepness, 1.5 * steepness, n_units)
    return w, -w * t


def hidden_layer(x, w, b, activation="relu"):
    """The hidden activations H[i, j] = f(w_j·x_i + b_j).   x: (N,), w, b: (n,) → H: (N, n)."""
    one_of("activation", activation, HIDDEN_ACTIVATIONS)
    f, _ = ACTIVATIONS[activation]
    x = np.asarray(x, dtype=np.float64)
    return f(x[:, None] * w[None, :] + b[None, :])


def fit_output_layer(H, y, ridge=1e-8):
    """Least-squares output layer: (v, c) minimising Σ_i (H[i]·v + c − y_i)² + λ‖v‖².   H: (N, n), y: (N,).

    The tiny penalty λ = ridge·N keeps the normal equations solvable when two units are nearly the same
    function (steep sigmoids at nearby points); it changes the fit by far less than what the figures show.
    """
    non_negative("ridge", ridge)
    N, n = H.shape
    design = np.hstack([H, np.ones((N, 1))])                   # the last column multiplies the bias c
    penalty = np.full(n + 1, ridge * N)
    penalty[-1] = 0.0                                          # the bias is not penalised
    coef = np.linalg.solve(design.T @ design + np.diag(penalty), design.T @ y)
    return coef[:-1], coef[-1]


def one_hidden_layer_fits(x, y, w, b, widths, activation="relu", x_eval=None, ridge=1e-8):
    """Fit the output layer on (x, y) with the first n hidden units, for each n in widths; evaluate at x_eval.

    x, y: (N,);  w, b: (n_max,);  returns y_hat: (len(widths), len(x_eval)) (x_eval defaults to x).
    Same fit as `fit_output_layer`, with the products DᵀD and Dᵀy of the design D = [H, 1] formed once
    for all widths.  The units are nested (width n uses units 0..n−1), so the penalised error can only go
    down as n grows: a wider layer can always give the extra units output weight 0.
    """
    non_negative("ridge", ridge)
    x_eval = x if x_eval is None else x_eval
    n_max, N = len(w), len(x)
    design = np.hstack([hidden_layer(x, w, b, activation), np.ones((N, 1))])
    design_eval = np.hstack([hidden_layer(x_eval, w, b, activation), np.ones((len(x_eval), 1))])
    gram, moment = design.T @ design, design.T @ y
    fits = np.empty((len(widths), len(x_eval)))
    for row, n in enumerate(widths):
        in_range("width", n, 1, n_max)
        cols = np.r_[0:n, n_max]                               # the first n units and the bias column
        penalty = np.r_[np.full(n, ridge * N), 0.0]
        coef = np.linalg.solve(gram[np.ix_(cols, cols)] + np.diag(penalty), moment[cols])
        fits[row] = design_eval[:, cols] @ coef
    return fits


def rms_error(y_hat, y):
    """Root-mean-square error √(mean((ŷ − y)²)) along the last axis."""
    return np.sqrt(np.mean((np.asarray(y_hat) - np.asarray(y)) ** 2, axis=-1))


def relu_units(x, kinks):
    """H[i, j] = relu(x_i − t_j): ReLU units facing right, unit j with its kink at t_j.

    x: (N,), kinks: (n,) → H: (N, n).
    """
    x, kinks = np.asarray(x, dtype=np.float64), np.asarray(kinks, dtype=np.float64)
    return relu(x[:, None] - kinks[None, :])


def fit_relu_kinks(x, y, kinks):
    """Least squares for ŷ(x) = c + Σ_j v_j relu(x − t_j) on the points (x, y):  returns (v: (n,), c).

    The design matrix is [H, 1], H = relu_units(x, kinks); np.linalg.lstsq solves it (no penalty).
    """
    design = np.hstack([relu_units(x, kinks), np.ones((len(x), 1))])
    coef, *_ = np.linalg.lstsq(design, np.asarray(y, dtype=np.float64), rcond=None)
    return coef[:-1], float(coef[-1])


def evenly_spaced_fit_errors(fit, name, n_max, n_fit=201, n_eval=801):
    """RMS errors of `fit` (a function like fit_relu_kinks) on the target `name` with n = 1..n_max units whose
    kinks are evenly spaced, t_j = j/n (j = 0..n−1); fitted on n_fit points, measured on n_eval points of [0, 1]."""
    positive("n_max", n_max, integer=True)
    x_fit, x_eval = np.linspace(0.0, 1.0, n_fit), np.linspace(0.0, 1.0, n_eval)
    errors = np.empty(n_max)
    for n in range(1, n_max + 1):
        kinks = np.arange(n) / n
        v, c = fit(x_fit, target(name, x_fit), kinks)
        y_hat = relu_units(x_eval, kinks) @ np.ravel(v) + float(np.squeeze(c))
        errors[n - 1] = rms_error(y_hat, target(name, x_eval))
    return errors


# ----------------------------------------------------------------------------------------------------
# Depth: the tent map and the sawtooth
# ----------------------------------------------------------------------------------------------------


def tent(x):
    """The tent map on [0, 1] made of two ReLUs: T(x) = 2·relu(x) − 4·relu(x − 1/2) (= 2x, then 2 − 2x)."""
    return 2 * relu(x) - 4 * relu(np.asarray(x, dtype=np.float64) - 0.5)


def sawtooth(x, k):
    """T composed k times, T(T(…T(x))): a sawtooth with 2^(k−1) teeth and 2^k linear pieces on [0, 1]."""
    non_negative("k", k, integer=True)
    y = np.asarray(x, dtype=np.float64)
    for _ in range(k):
        y = tent(y)
    return y


def relu_net(layers, x):
    """Forward pass of a ReLU net: a⁰ = x;  a^l = relu(W^l a^{l−1} + b^l);  the last layer is linear.

    layers: list of (W, b), W: (n_l, n_{l−1}), b: (n_l,);  x: (N,) → (N,).  Examples are columns of a.
    """
    a = np.asarray(x, dtype=np.float64)[None, :]               # (1, N): one input unit
    for W, b in layers[:-1]:
        a = relu(W @ a + b[:, None])
    W, b = layers[-1]
    return (W @ a + b[:, None])[0]


def deep_sawtooth_net(k):
    """k hidden layers of 2 ReLU units computing T^k exactly on [0, 1] (2k hidden units in all).

    Each layer's units are relu(u) and relu(u − 1/2) of the previous tent value u, and the next layer
    forms u = 2·relu(u) − 4·relu(u − 1/2) inside its weights: W = [[2, −4], [2, −4]].
    """
    positive("k", k, integer=True)
    half = np.array([0.0, -0.5])
    layers = [(np.array([[1.0], [1.0]]), half.copy())]
    for _ in range(k - 1):
        layers.append((np.array([[2.0, -4.0], [2.0, -4.0]]), half.copy()))
    layers.append((np.array([[2.0, -4.0]]), np.array([0.0])))
    return layers


def shallow_relu_interpolant(f, n):
    """One hidden layer of n ReLU units matching f at the knots t_j = j/n (j = 0..n): straight lines between.

    Unit j is relu(x − t_j) (j = 0..n−1); its output weight is the change of slope at t_j, and the output
    bias is f(0).  Returns layers [(W1: (n, 1), b1: (n,)), (W2: (1, n), b2: (1,))] for `relu_net`.
    """
    positive("n", n, integer=True)
    knots = np.arange(n + 1) / n
    values = np.asarray(f(knots), dtype=np.float64)
    slopes = np.diff(values) * n                               # slope of each of the n pieces
    slope_changes = np.diff(slopes, prepend=0.0)               # at t_0 = 0 the slope jumps from 0
    W1, b1 = np.ones((n, 1)), -knots[:-1]
    return [(W1, b1), (slope_changes[None, :], np.array([values[0]]))]


def shallow_sawtooth_net(k):
    """One hidden layer of 2^k ReLU units computing T^k exactly on [0, 1] (kinks at j/2^k)."""
    positive("k", k, integer=True)
    return shallow_relu_interpolant(lambda x: sawtooth(x, k), 2**k)


def count_linear_pieces(x, y, rtol=1e-6):
    """The number of linear pieces of a sampled piecewise-linear function (1 + the number of kinks).

    x: (N,) increasing, y: (N,).  A kink is where the slope between samples changes by more than
    rtol·max|slope|; a kink that falls between two samples changes the slope twice in a row, so a run
    of consecutive changes counts as one kink.  Needs kinks at least 3 samples apart.
    """
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if x.ndim != 1 or x.shape != y.shape or len(x) < 2:
        raise ValueError(f"x and y must be 1-D arrays of the same length >= 2, got {x.shape} and {y.shape}")
    slopes = np.diff(y) / np.diff(x)
    scale = max(np.max(np.abs(slopes)), 1.0)
    changed = np.abs(np.diff(slopes)) > rtol * scale
    starts = changed & ~np.concatenate([[False], changed[:-1]])  # first change of each run
    return 1 + int(np.sum(starts))


def slopes_and_changes(x, y, rtol=1e-6):
    """The first piece's slope and the slope change at each kink of a sampled piecewise-linear function.

    x: (N,) increasing, y: (N,), every kink on a sample point.  Returns (first_slope, changes: (n_kinks,)),
    with changes read from left to right.  For T^k: first slope 2^k, every change ±2^(k+1).
    """
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if x.ndim != 1 or x.shape != y.shape or len(x) < 2:
        raise ValueError(f"x and y must be 1-D arrays of the same length >= 2, got {x.shape} and {y.shape}")
    slopes = np.diff(y) / np.diff(x)
    changes = np.diff(slopes)
    scale = max(np.max(np.abs(slopes)), 1.0)
    return float(slopes[0]), changes[np.abs(changes) > rtol * scale]


def units_needed(k):
    """Hidden ReLU units for T^k on [0, 1]: dict(deep=2k, shallow=2^k, shallow_bound=2^k − 1).

    n units in one hidden layer give at most n + 1 linear pieces on a line and T^k has 2^k pieces, so a
    single layer needs at least 2^k − 1 units (`shallow_bound`); `shallow_sawtooth_net` uses 2^k.
    """
    positive("k", k, integer=True)
    return {"deep": 2 * k, "shallow": 2**k, "shallow_bound": 2**k - 1}


# ----------------------------------------------------------------------------------------------------
# What the explorers show
# ----------------------------------------------------------------------------------------------------

MAX_UNITS = 60                              # the widest hidden layer of the universal-approximation explorer
MAX_K = 8                                   # the deepest sawtooth T^k of the depth explorer
X_FIT = np.linspace(0.0, 1.0, 201)          # the points the output layer is fitted on
X_PLOT = np.linspace(0.0, 1.0, 801)         # the points a fit is drawn and measured on
X_SAW = np.linspace(0.0, 1.0, 2**11 + 1)    # dyadic grid: every kink j/2^k of T^k (k ≤ 11) is a grid point
EXACT = 1e-9                                # a max |difference| below this is round-off: the nets agree


@dataclass(frozen=True)
class WidthSweep:
    """MAX_UNITS random hidden units w, b: (MAX_UNITS,) and, for each width n = widths[n − 1], the fit drawn
    on X_PLOT, fits: (MAX_UNITS, len(X_PLOT)), and its RMS error, errors: (MAX_UNITS,)."""

    w: np.ndarray
    b: np.ndarray
    widths: np.ndarray
    fits: np.ndarray
    errors: np.ndarray


@functools.lru_cache(maxsize=len(TARGETS) * len(HIDDEN_ACTIVATIONS))
def width_sweep(name, activation, seed):
    """The fits of target `name` by 1..MAX_UNITS random hidden units (nested), computed once per setting.

    Cached, so the random units come from an integer `seed` (a Generator cannot be a cache key); the arrays
    are read-only, since every caller shares them.
    """
    w, b = random_hidden_layer(MAX_UNITS, np.random.default_rng(seed), activation)
    widths = np.arange(1, MAX_UNITS + 1)
    fits = one_hidden_layer_fits(X_FIT, target(name, X_FIT), w, b, widths, activation, X_PLOT)
    sweep = WidthSweep(w, b, widths, fits, rms_error(fits, target(name, X_PLOT)))
    for array in (sweep.w, sweep.b, sweep.widths, sweep.fits, sweep.errors):
        array.setflags(write=False)
    return sweep


def unit_shares(name, activation, seed, units):
    """Each hidden unit's share v_j·h_j(x) of the fit with the first `units` units of width_sweep(name,
    activation, seed)'s layer, on X_PLOT: (len(X_PLOT), units).  An integer seed: the units come from the cached
    sweep."""
    sweep = width_sweep(name, activation, seed)
    w, b = sweep.w[:units], sweep.b[:units]
    v, _ = fit_output_layer(hidden_layer(X_FIT, w, b, activation), target(name, X_FIT))
    return hidden_layer(X_PLOT, w, b, activation) * v


def depth_against_width(k, shallow_units):
    """T^k from the deep net (k layers of 2 units) and from one hidden layer of `shallow_units` units, on X_SAW.

    Returns dict(y_deep, y_shallow: (len(X_SAW),), error: max |difference|, exact: error < EXACT,
    pieces_deep, pieces_shallow: their numbers of linear pieces).
    """
    y_deep = relu_net(deep_sawtooth_net(k), X_SAW)
    y_shallow = relu_net(shallow_relu_interpolant(lambda x: sawtooth(x, k), shallow_units), X_SAW)
    error = float(np.max(np.abs(y_shallow - y_deep)))
    return {"y_deep": y_deep, "y_shallow": y_shallow, "error": error, "exact": error < EXACT,
            "pieces_deep": count_linear_pieces(X_SAW, y_deep), "pieces_shallow": count_linear_pieces(X_SAW, y_shallow)}


def units_needed_curves(max_k=MAX_K):
    """Hidden units for T^k, k = 1..max_k: ks, deep (2k) and shallow (2^k), each an integer array (max_k,)."""
    ks = np.arange(1, max_k + 1)
    needed = [units_needed(int(k)) for k in ks]
    return ks, np.array([u["deep"] for u in needed]), np.array([u["shallow"] for u in needed])
