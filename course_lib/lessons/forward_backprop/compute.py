"""Backpropagation as the four equations BP1–BP4, in the column-vector notation of the lecture decks.

A network with L layers has weights W^l: (n_l, n_{l−1}) and biases b^l: (n_l, 1) for l = 1..L, passed as
lists `weights`, `biases` (W^l is weights[l − 1]).  One example is a column x: (n_0, 1); a batch of N
examples is a matrix X: (n_0, N) whose columns are the examples.

  forward:  a⁰ = x;   z^l = W^l a^{l−1} + b^l;   a^l = σ(z^l)
  BP1:  δ^L = ∇_a C ⊙ σ'(z^L)
  BP2:  δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ'(z^l)
  BP3:  ∂C/∂b^l_j = δ^l_j
  BP4:  ∂C/∂w^l_jk = a^{l−1}_k δ^l_j      (deck 003 writes a^l δ^{l−1}: its layer index is shifted by one)

course_lib.model.Sequential computes the same gradients with examples as rows: x: (N, d) and a Dense
weight W_seq = Wᵀ of shape (n_{l−1}, n_l).  `to_sequential` and `sequential_gradients` translate.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from ... import activations as _activations
from ..._validate import non_negative, one_of, positive
from ...activations import as_float
from ...gradcheck import numerical_gradient
from ...init import INITIALIZERS
from ...layers import Activation, Dense
from ...model import Sequential
from ...optim import sgd_update

COSTS = ("quadratic", "cross_entropy")
BACKPROP_ACTIVATIONS = ("sigmoid", "tanh", "relu", "step", "linear")
EPS = 1e-12


def step(z):
    """The step (Heaviside) function: 1 if z ≥ 0 else 0, the activation of the original perceptron."""
    z = as_float(z)
    return (z >= 0).astype(z.dtype)


def step_grad(z):
    """step'(z) = 0 for every z ≠ 0 (undefined at 0; we return 0): no gradient ever flows through it."""
    return np.zeros_like(as_float(z))


def activation_pair(name):
    """(f, f') for sigmoid, tanh, relu, step or linear; f' takes the pre-activation z."""
    one_of("activation", name, BACKPROP_ACTIVATIONS)
    return (step, step_grad) if name == "step" else _activations.ACTIVATIONS[name]


# ----------------------------------------------------------------------------------------------------
# Costs: the average over the N examples (columns) of a per-example cost
# ----------------------------------------------------------------------------------------------------


def cost(a, y, kind="quadratic"):
    """C = (1/N) Σ_x C_x.   quadratic: C_x = ‖y − a‖²;   cross_entropy: C_x = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)].

    a, y: (n_L, N), one column per example.  For cross_entropy a is a probability; it is clipped to
    [1e-12, 1 − 1e-12] so that ln 0 never happens (`network_cost` avoids even that by working from z^L).
    """
    one_of("cost", kind, COSTS)
    a, y = np.asarray(a, dtype=np.float64), np.asarray(y, dtype=np.float64)
    N = a.shape[1]
    if kind == "quadratic":
        return float(np.sum((y - a) ** 2) / N)
    a = np.clip(a, EPS, 1 - EPS)
    return float(-np.sum(y * np.log(a) + (1 - y) * np.log1p(-a)) / N)


def cost_gradient(a, y, kind="quadratic"):
    """∇_a C column by column, with the 1/N of the average.   a, y: (n_L, N).

    quadratic: 2(a − y)/N;   cross_entropy: (a − y)/(a(1 − a))/N.
    """
    one_of("cost", kind, COSTS)
    a, y = np.asarray(a, dtype=np.float64), np.asarray(y, dtype=np.float64)
    N = a.shape[1]
    if kind == "quadratic":
        return 2 * (a - y) / N
    a = np.clip(a, EPS, 1 - EPS)
    return (a - y) / (a * (1 - a)) / N


# ----------------------------------------------------------------------------------------------------
# Forward and backward
# ----------------------------------------------------------------------------------------------------


def init_network(sizes, rng, init="glorot_normal"):
    """Weights W^l: (n_l, n_{l−1}) drawn with a course_lib.init scheme, and zero biases b^l: (n_l, 1).

    sizes = [n_0, n_1, …, n_L].  course_lib.init draws (fan_in, fan_out) matrices, the transpose of ours.
    """
    if len(sizes) < 2:
        raise ValueError(f"sizes must list at least the input and output sizes, got {sizes!r}")
    for n in sizes:
        positive("sizes[i]", n, integer=True)
    one_of("init", init, tuple(INITIALIZERS))
    pairs = zip(sizes[:-1], sizes[1:])
    weights = [np.ascontiguousarray(INITIALIZERS[init]((n_in, n_out), rng).T) for n_in, n_out in pairs]
    biases = [np.zeros((n_out, 1)) for n_out in sizes[1:]]
    return weights, biases


def forward(weights, biases, x, activation="sigmoid", output_activation="sigmoid"):
    """The forward pass, keeping every z^l and a^l:  returns lists z, a of length L + 1.

    a[0] = x and a[l] = σ(z[l]) for l = 1..L; z[0] is None (the input has no pre-activation).
    x: (n_0, N).  The hidden layers use `activation`, layer L uses `output_activation`.
    """
    L = len(weights)
    z, a = [None], [np.asarray(x, dtype=np.float64)]
    for l in range(1, L + 1):
        W, b = weights[l - 1], biases[l - 1]
        f, _ = activation_pair(output_activation if l == L else activation)
        z.append(W @ a[l - 1] + b)
        a.append(f(z[l]))
    return z, a


def output_delta(a_L, z_L, y, kind="quadratic", output_activation="sigmoid"):
    """BP1: δ^L = ∇_a C ⊙ σ'(z^L).   a_L, z_L, y: (n_L, N).

    With cross-entropy and a sigmoid output the σ'(z^L) = a(1 − a) cancels the denominator of ∇_a C,
    leaving δ^L = (a − y)/N; we use that form because it stays exact when a is close to 0 or 1.
    """
    if kind == "cross_entropy" and output_activation == "sigmoid":
        return (np.asarray(a_L, dtype=np.float64) - y) / a_L.shape[1]
    _, f_grad = activation_pair(output_activation)
    return cost_gradient(a_L, y, kind) * f_grad(z_L)


def hidden_delta(W_next, delta_next, z, activation="sigmoid"):
    """BP2: δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ'(z^l).   W_next: (n_{l+1}, n_l), delta_next: (n_{l+1}, N), z: (n_l, N)."""
    _, f_grad = activation_pair(activation)
    return (W_next.T @ delta_next) * f_grad(z)


def backprop(weights, biases, x, y, activation="sigmoid", output_activation="sigmoid", kind="quadratic"):
    """∂C/∂W^l and ∂C/∂b^l for every layer, by BP1–BP4.   x: (n_0, N), y: (n_L, N).

    Returns (grads_W, grads_b), lists shaped like weights and biases.  With N columns, BP3 and BP4 sum
    the per-example products over the columns (the 1/N of the average is already inside δ^L):
    ∂C/∂b^l = Σ_columns δ^l and ∂C/∂W^l = δ^l (a^{l−1})ᵀ.
    """
    one_of("cost", kind, COSTS)
    L = len(weights)
    z, a = forward(weights, biases, x, activation, output_activation)
    grads_W, grads_b = [None] * L, [None] * L
    delta = output_delta(a[L], z[L], y, kind, output_activation)               # BP1
    for l in range(L, 0, -1):
        grads_b[l - 1] = delta.sum(axis=1, keepdims=True)                     # BP3
        grads_W[l - 1] = delta @ a[l - 1].T                                   # BP4
        if l > 1:
            delta = hidden_delta(weights[l - 1], delta, z[l - 1], activation)  # BP2: δ^{l−1} from δ^l
    return grads_W, grads_b


def network_cost(weights, biases, x, y, activation="sigmoid", output_activation="sigmoid", kind="quadratic"):
    """The cost C of the network's output a^L on the examples x: (n_0, N) with targets y: (n_L, N).

    Cross-entropy after a sigmoid is computed from z^L as C_x = Σ_j [ln(1 + e^{z_j}) − y_j·z_j], which is the
    same number without ever taking ln 0 (σ(z) rounds to exactly 1 for z > 37).
    """
    z, a = forward(weights, biases, x, activation, output_activation)
    if kind == "cross_entropy" and output_activation == "sigmoid":
        y = np.asarray(y, dtype=np.float64)
        return float(np.sum(np.logaddexp(0, z[-1]) - y * z[-1]) / y.shape[1])
    return cost(a[-1], y, kind)


def numerical_gradients(weights, biases, x, y, activation="sigmoid", output_activation="sigmoid",
                        kind="quadratic", h=1e-5):
    """Central finite differences of C for every weight and bias (course_lib.gradcheck): (grads_W, grads_b)."""

    def C(_):
        return network_cost(weights, biases, x, y, activation, output_activation, kind)

    grads_W = [numerical_gradient(C, W, h) for W in weights]
    grads_b = [numerical_gradient(C, b, h) for b in biases]
    return grads_W, grads_b


# ----------------------------------------------------------------------------------------------------
# The same network in course_lib.model.Sequential (rows instead of columns)
# ----------------------------------------------------------------------------------------------------


def to_sequential(weights, biases, activation="sigmoid", output_activation="sigmoid"):
    """A Sequential with the same parameters: Dense W_seq = (W^l)ᵀ: (n_{l−1}, n_l), b_seq = b^l as (n_l,)."""
    if "step" in (activation, output_activation):
        raise ValueError("activation: Sequential has no step activation (it cannot be trained by gradients)")
    layers = []
    for l, (W, b) in enumerate(zip(weights, biases), start=1):
        n_out, n_in = W.shape
        dense = Dense(n_in, n_out, rng=np.random.default_rng(0))   # its random init is overwritten below
        dense.params["W"][...] = W.T
        dense.params["b"][...] = b.ravel()
        layers += [dense, Activation(output_activation if l == len(weights) else activation)]
    return Sequential(layers)


def sequential_gradients(model, x, y, kind="quadratic"):
    """Run Sequential forward and backward on the columns of x, y; return its gradients as (grads_W, grads_b)
    in column notation (W^l = W_seq ᵀ), so they can be compared with `backprop`."""
    rows_out = model.forward(np.asarray(x, dtype=np.float64).T)               # (N, n_L)
    model.backward(cost_gradient(rows_out.T, y, kind).T)                       # ∂C/∂(output) as rows
    dense = [layer for layer in model.layers if isinstance(layer, Dense)]
    return [layer.grads["W"].T.copy() for layer in dense], [layer.grads["b"][:, None].copy() for layer in dense]


# ----------------------------------------------------------------------------------------------------
# A tiny net with one free weight (for the loss-curve explorer)
# ----------------------------------------------------------------------------------------------------

# 1 input → 2 hidden units → 1 sigmoid output; six examples on a line, labels 0/1.
TINY_X = np.array([[-2.0, -1.2, -0.4, 0.3, 1.1, 1.9]])
TINY_Y = np.array([[0.0, 0.0, 1.0, 1.0, 1.0, 0.0]])
TINY_WEIGHTS = (np.array([[1.5], [-2.0]]), np.array([[2.5, 1.8]]))
TINY_BIASES = (np.array([[0.73], [1.1]]), np.array([[-1.3]]))
FREE_WEIGHTS = {"W1[0,0] (hidden)": (0, (0, 0)), "W2[0,0] (output)": (1, (0, 0))}


def one_weight_problem(weight="W2[0,0] (output)", activation="sigmoid", kind="quadratic"):
    """The tiny net with every parameter fixed but one weight: returns (C(w), dC/dw by backprop).

    weight: a key of FREE_WEIGHTS (which entry of which W^l varies); activation: the hidden layer's.
    Both functions take the free weight's value w (a float) and return a float.
    """
    one_of("weight", weight, tuple(FREE_WEIGHTS))
    one_of("activation", activation, BACKPROP_ACTIVATIONS)
    one_of("cost", kind, COSTS)
    layer, index = FREE_WEIGHTS[weight]

    def parameters(w):
        weights = [W.copy() for W in TINY_WEIGHTS]
        weights[layer][index] = w
        return weights, [b.copy() for b in TINY_BIASES]

    def C(w):
        weights, biases = parameters(w)
        return network_cost(weights, biases, TINY_X, TINY_Y, activation, "sigmoid", kind)

    def dC_dw(w):
        weights, biases = parameters(w)
        grads_W, _ = backprop(weights, biases, TINY_X, TINY_Y, activation, "sigmoid", kind)
        return float(grads_W[layer][index])

    return C, dC_dw


def finite_difference_slope(C, w, h=1e-5):
    """(C(w + h) − C(w − h))/2h, with course_lib.gradcheck.numerical_gradient on a one-entry array."""
    w_array = np.array([float(w)])
    return float(numerical_gradient(lambda v: C(float(v[0])), w_array, h)[0])


def gradient_descent_1d(dC_dw, w0, lr, steps):
    """Iterates w_0 = w0, w_{t+1} = w_t − lr·dC/dw(w_t): array of length steps + 1 (shorter if w overflows)."""
    positive("lr", lr)
    non_negative("steps", steps, integer=True)
    path = [float(w0)]
    for _ in range(steps):
        with np.errstate(over="ignore", invalid="ignore"):         # a huge lr may overflow: stop there
            w, _ = sgd_update(np.array(path[-1]), np.array(dC_dw(path[-1])), None, lr)
        if not np.isfinite(w):
            break
        path.append(float(w))
    return np.array(path)


# ----------------------------------------------------------------------------------------------------
# What the one-weight explorer shows for one setting of its controls
# ----------------------------------------------------------------------------------------------------

W_LOW, W_HIGH = -6.0, 6.0                 # the range of the free weight's slider and of the drawn curve
W_GRID = np.linspace(W_LOW, W_HIGH, 241)  # fine enough that the cost curve looks smooth at its kinks
X_GRID = np.linspace(-2.5, 2.5, 101)      # inputs at which the tiny net's output is drawn (its data span ±2)


@functools.lru_cache(maxsize=64)
def cost_curve(weight, activation, kind):
    """C(w) over W_GRID (241,) and the functions (C, dC/dw) of one_weight_problem, computed once per setting.

    Cached (every argument is a string): do not modify the returned array."""
    C, dC_dw = one_weight_problem(weight, activation, kind)
    return np.array([C(w) for w in W_GRID]), C, dC_dw


def tiny_net_output(weight, activation, w, x=X_GRID):
    """The tiny net's output a^L(x) with the free weight set to w.   x: (n,) → (n,)."""
    layer, index = FREE_WEIGHTS[weight]
    weights = [W.copy() for W in TINY_WEIGHTS]
    weights[layer][index] = w
    _, a = forward(weights, list(TINY_BIASES), np.asarray(x, dtype=float)[None, :], activation, "sigmoid")
    return a[-1][0]


@dataclass
class OneWeightState:
    """Everything the one-weight explorer draws for one setting: the curve, the tangent, the descent, the fit."""

    C_grid: np.ndarray        # C(w) over W_GRID
    C0: float                 # C at the current w
    slope: float              # dC/dw at w, by backprop
    fd_slope: float           # the same slope by a central finite difference
    path: np.ndarray          # the descent iterates w_0 = w, ..., (steps + 1,) or shorter on overflow
    path_C: np.ndarray        # C at each iterate
    inside: np.ndarray        # which iterates lie in [W_LOW, W_HIGH] (bool, like path)
    output: np.ndarray        # the net's output over X_GRID at w
    output_after: np.ndarray | None   # ... after the descent steps (None for 0 steps)
    overflowed: bool          # the descent stopped early because w overflowed

    @property
    def slopes_disagree(self):
        """Backprop and the finite difference differ: w is within h of a kink or a jump of C."""
        return abs(self.slope - self.fd_slope) > 1e-4 * (1 + abs(self.slope) + abs(self.fd_slope))


def one_weight_state(weight, activation, kind, w, lr, steps):
    """The cost curve, its tangent at w, `steps` gradient-descent steps of rate lr from w, and the net's fit."""
    C_grid, C, dC_dw = cost_curve(weight, activation, kind)
    path = gradient_descent_1d(dC_dw, w, lr, steps)
    return OneWeightState(
        C_grid=C_grid, C0=C(w), slope=dC_dw(w), fd_slope=finite_difference_slope(C, w), path=path,
        path_C=np.array([C(p) for p in path]), inside=(path >= W_LOW) & (path <= W_HIGH),
        output=tiny_net_output(weight, activation, w),
        output_after=tiny_net_output(weight, activation, path[-1]) if steps else None,
        overflowed=len(path) < steps + 1)
