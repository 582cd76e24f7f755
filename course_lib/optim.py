"""Optimizers: pure update rules, and thin stateful classes built on them.

A rule is `rule(w, g, state, **hyper) -> (new_w, new_state)`.  `w` is a parameter array, `g` its
gradient (same shape), `state` a dict of the rule's running quantities (None or {} at the first step).
Rules never modify w, g or the arrays in `state`: they return new ones, so a rule can be tested
against one hand-computed step and driven on a 2-D surface to draw a trajectory.

Conventions (the decks and the libraries write the same methods in different ways):
- momentum here is deck 000's v ← γ·v − α·g, w ← w + v.  PyTorch writes b ← μ·b + g, w ← w − lr·b;
  with a constant learning rate v = −lr·b, so the two give the same path.  Deck 002 writes
  V ← β·V + (1 − β)·g, w ← w − α'·V: the same path again when β = γ and α' = α/(1 − β).
  `ema_momentum_update` and `pytorch_momentum_update` implement those two forms so this can be shown.
- ε is added outside the square root, as in deck 000 and PyTorch (deck 001 puts it inside).
- With a constant lr these rules match torch.optim SGD (momentum, nesterov), Adagrad (eps,
  initial_accumulator_value=0), RMSprop (alpha=rho) and Adam to round-off, and Keras's SGD too
  (Keras writes momentum and Nesterov as here).  Keras 3 differs in small details: Adagrad starts its
  accumulator at 0.1, Adagrad and RMSprop divide by √(r + ε), and Adam adds ε to √v, not to √v̂.
"""

from __future__ import annotations

import math

import numpy as np

from ._validate import in_unit_interval, one_of, positive


def _check_hyper(lr, **rates):
    """ValueError naming the hyperparameter: lr > 0 (finite), eps > 0, momentum/beta/rho in [0, 1)."""
    positive("lr", lr)
    for name, value in rates.items():
        if name == "eps":
            positive("eps", value)
        else:
            in_unit_interval(name, value)


def _zeros_if_missing(state, key, w):
    """state[key], or zeros shaped like w when the rule has not run yet."""
    if state and key in state:
        return state[key]
    return np.zeros_like(w)


# ----------------------------------------------------------------------------------------------------
# Pure rules
# ----------------------------------------------------------------------------------------------------


def sgd_update(w, g, state, lr):
    """Plain gradient descent.  w ← w − α·g.   w, g: any shape (the same)."""
    _check_hyper(lr)
    return w - lr * g, {}


def momentum_update(w, g, state, lr, momentum=0.9):
    """Classical momentum (deck 000).  v ← γ·v − α·g (v0 = 0);  w ← w + v.   γ = momentum, α = lr."""
    _check_hyper(lr, momentum=momentum)
    v = _zeros_if_missing(state, "v", w)
    v = momentum * v - lr * g
    return w + v, {"v": v}


def nesterov_update(w, g, state, lr, momentum=0.9):
    """Nesterov momentum as Keras/PyTorch write it (g at w).  v ← γ·v − α·g;  w ← w + γ·v − α·g.

    Equals the look-ahead form (`nesterov_lookahead_update`: it keeps θ and evaluates the gradient at
    θ + γ·v) after the change of variables w = θ + γ·v, i.e. the w kept here is the look-ahead point,
    so the gradient at w is the look-ahead gradient.  Both forms carry the same v.
    """
    _check_hyper(lr, momentum=momentum)
    v = _zeros_if_missing(state, "v", w)
    v = momentum * v - lr * g
    return w + momentum * v - lr * g, {"v": v}


def nesterov_lookahead_update(w, grad_fn, state, lr, momentum=0.9):
    """Nesterov momentum, look-ahead form (decks 000, 001).  g = ∇J(w + γ·v);  v ← γ·v − α·g;  w ← w + v.

    Takes grad_fn (w -> gradient) instead of g, because the gradient is needed at the look-ahead point.
    """
    _check_hyper(lr, momentum=momentum)
    v = _zeros_if_missing(state, "v", w)
    g = grad_fn(w + momentum * v)
    v = momentum * v - lr * g
    return w + v, {"v": v}


def adagrad_update(w, g, state, lr, eps=1e-8):
    """AdaGrad.  r ← r + g² (r0 = 0);  w ← w − α·g/(√r + ε).  ε outside the root, as PyTorch."""
    _check_hyper(lr, eps=eps)
    r = _zeros_if_missing(state, "r", w)
    r = r + g * g
    return w - lr * g / (np.sqrt(r) + eps), {"r": r}


def rmsprop_update(w, g, state, lr, rho=0.9, eps=1e-8):
    """RMSProp.  r ← ρ·r + (1 − ρ)·g²;  w ← w − α·g/(√r + ε).  ε outside the root, as PyTorch."""
    _check_hyper(lr, rho=rho, eps=eps)
    r = _zeros_if_missing(state, "r", w)
    r = rho * r + (1 - rho) * g * g
    return w - lr * g / (np.sqrt(r) + eps), {"r": r}


def adam_update(w, g, state, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """One Adam step.  t ← t + 1;  m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;
    m̂ = m/(1 − β1ᵗ);  v̂ = v/(1 − β2ᵗ);  w ← w − α·m̂/(√v̂ + ε).   ε outside √v̂, as PyTorch."""
    _check_hyper(lr, beta1=beta1, beta2=beta2, eps=eps)
    t = state["t"] + 1 if state else 1  # the first step uses t = 1
    m = _zeros_if_missing(state, "m", w)
    v = _zeros_if_missing(state, "v", w)
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    m_hat = m / (1 - beta1**t)  # bias correction: m and v start at 0, so early values are too small
    v_hat = v / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), {"t": t, "m": m, "v": v}


def ema_momentum_update(w, g, state, lr, beta=0.9):
    """Momentum as an EMA of gradients (deck 002).  V ← β·V + (1 − β)·g;  w ← w − α·V.

    Same path as momentum_update(lr=α·(1 − β), momentum=β).
    """
    _check_hyper(lr, beta=beta)
    V = _zeros_if_missing(state, "V", w)
    V = beta * V + (1 - beta) * g
    return w - lr * V, {"V": V}


def pytorch_momentum_update(w, g, state, lr, momentum=0.9):
    """Momentum as PyTorch writes it.  b ← μ·b + g;  w ← w − α·b.   Same path as momentum_update(lr=α)."""
    _check_hyper(lr, momentum=momentum)
    b = _zeros_if_missing(state, "b", w)
    b = momentum * b + g
    return w - lr * b, {"b": b}


RULES = {
    "sgd": sgd_update,
    "momentum": momentum_update,
    "nesterov": nesterov_update,
    "adagrad": adagrad_update,
    "rmsprop": rmsprop_update,
    "adam": adam_update,
}


# ----------------------------------------------------------------------------------------------------
# The same rules computed in place, for speed inside the optimizer classes
# ----------------------------------------------------------------------------------------------------
# Each overwrites w and the arrays of its state instead of allocating new ones, with the operations in
# the same order as the pure rule, so the results are identical to the last bit (tests check this); Adam
# folds its bias corrections into scalars, so it agrees with adam_update to round-off.
# A training step calls these once per parameter array; allocating ~15 temporaries per call made
# Adam alone more than half the time of an epoch.


def _scratch(state, w, *keys):
    """Arrays of the state, created as zeros shaped like w at the first step."""
    for key in keys:
        if key not in state:
            state[key] = np.zeros_like(w)
    return [state[key] for key in keys]


def _sgd_inplace(w, g, state, lr):
    (step,) = _scratch(state, w, "step")
    np.multiply(lr, g, out=step)
    w -= step


def _momentum_inplace(w, g, state, lr, momentum=0.9):
    v, step = _scratch(state, w, "v", "step")
    v *= momentum                                   # v ← γ·v − α·g
    np.multiply(lr, g, out=step)
    v -= step
    w += v


def _nesterov_inplace(w, g, state, lr, momentum=0.9):
    v, step, lookahead = _scratch(state, w, "v", "step", "lookahead")
    v *= momentum                                   # v ← γ·v − α·g
    np.multiply(lr, g, out=step)
    v -= step
    np.multiply(momentum, v, out=lookahead)         # w ← w + γ·v − α·g
    w += lookahead
    w -= step


def _adagrad_inplace(w, g, state, lr, eps=1e-8):
    r, step, denom = _scratch(state, w, "r", "step", "denom")
    np.multiply(g, g, out=step)                     # r ← r + g²
    r += step
    np.sqrt(r, out=denom)                           # w ← w − α·g/(√r + ε)
    denom += eps
    np.multiply(lr, g, out=step)
    step /= denom
    w -= step


def _rmsprop_inplace(w, g, state, lr, rho=0.9, eps=1e-8):
    r, step, denom = _scratch(state, w, "r", "step", "denom")
    r *= rho                                        # r ← ρ·r + (1 − ρ)·g²
    np.multiply(1 - rho, g, out=step)
    step *= g
    r += step
    np.sqrt(r, out=denom)                           # w ← w − α·g/(√r + ε)
    denom += eps
    np.multiply(lr, g, out=step)
    step /= denom
    w -= step


def _adam_inplace(w, g, state, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m, v, step = _scratch(state, w, "m", "v", "step")
    state["t"] = t = state.get("t", 0) + 1
    m *= beta1                                      # m ← β1·m + (1 − β1)·g
    np.multiply(1 - beta1, g, out=step)
    m += step
    v *= beta2                                      # v ← β2·v + (1 − β2)·g²
    np.multiply(1 - beta2, g, out=step)
    step *= g
    v += step
    # w ← w − α·m̂/(√v̂ + ε) with the bias corrections c1 = 1 − β1ᵗ, c2 = 1 − β2ᵗ moved into two scalars
    # (as PyTorch does):  α·m̂/(√v̂ + ε) = (α·√c2/c1) · m/(√v + ε·√c2).  Two passes fewer, same to round-off.
    root_c2 = math.sqrt(1 - beta2**t)
    np.sqrt(v, out=step)
    step += eps * root_c2
    np.divide(m, step, out=step)
    step *= lr * root_c2 / (1 - beta1**t)
    w -= step


INPLACE_RULES = {
    sgd_update: _sgd_inplace,
    momentum_update: _momentum_inplace,
    nesterov_update: _nesterov_inplace,
    adagrad_update: _adagrad_inplace,
    rmsprop_update: _rmsprop_inplace,
    adam_update: _adam_inplace,
}


# ----------------------------------------------------------------------------------------------------
# Optimizer classes
# ----------------------------------------------------------------------------------------------------


class Optimizer:
    """Applies one rule to every (name, value, grad) triple, keeping one state dict per name.

    `lr` is a number or a schedule (a function t -> lr, t = number of earlier step() calls).
    Assigning a number to `opt.lr` (as ReduceLROnPlateau does) replaces a schedule by that constant.
    """

    def __init__(self, lr, rule, hyper=None):
        self.lr = lr
        self.rule = rule  # a pure rule from this module
        self.hyper = dict(hyper or {})  # the rule's keyword arguments other than lr
        self.iterations = 0  # step() calls made so far
        self.state = {}  # name -> the rule's state for that parameter

    @property
    def lr(self):
        """The learning rate: a float, or a schedule t -> lr."""
        return self._lr

    @lr.setter
    def lr(self, value):
        if not callable(value):
            # a python float: a numpy float64 would upcast float32 parameters
            value = float(positive("lr", value))
        self._lr = value

    def current_lr(self) -> float:
        """The learning rate the next step() will use."""
        if callable(self._lr):
            return float(self._lr(self.iterations))
        return self._lr

    def step(self, parameters):
        """Update each value in place from its grad.  parameters: iterable of (name, value, grad) arrays.

        Uses the in-place twin of the rule (INPLACE_RULES), which gives the same numbers without
        allocating new arrays; a rule without a twin is applied as it is and its result copied in.
        """
        lr = self.current_lr()
        inplace = INPLACE_RULES.get(self.rule)
        for name, value, grad in parameters:
            if inplace is not None:
                inplace(value, grad, self.state.setdefault(name, {}), lr=lr, **self.hyper)
            else:
                new_w, self.state[name] = self.rule(value, grad, self.state.get(name), lr=lr, **self.hyper)
                value[...] = new_w
        self.iterations += 1

    def get_config(self) -> dict:
        """The optimizer's name and hyperparameters (a schedule is given by its __name__)."""
        lr = self._lr if not callable(self._lr) else getattr(self._lr, "__name__", repr(self._lr))
        return {"name": type(self).__name__, "lr": lr, **self.hyper}

    def __repr__(self):
        config = self.get_config()
        name = config.pop("name")
        return f"{name}({', '.join(f'{k}={v!r}' for k, v in config.items())})"


class SGD(Optimizer):
    """Stochastic gradient descent, with optional classical or Nesterov momentum."""

    def __init__(self, lr, momentum=0.0, nesterov=False):
        momentum = float(in_unit_interval("momentum", momentum))
        one_of("nesterov", nesterov, (False, True))
        if nesterov and momentum == 0:
            raise ValueError("nesterov=True needs momentum in (0, 1), got momentum=0")
        if momentum == 0:
            super().__init__(lr, sgd_update)
        else:
            super().__init__(lr, nesterov_update if nesterov else momentum_update, {"momentum": momentum})
        self.momentum = momentum
        self.nesterov = bool(nesterov)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(momentum=self.momentum, nesterov=self.nesterov)
        return config


class AdaGrad(Optimizer):
    """AdaGrad: each weight's step is divided by the root of its summed squared gradients."""

    def __init__(self, lr, eps=1e-8):
        super().__init__(lr, adagrad_update, {"eps": float(positive("eps", eps))})


class RMSProp(Optimizer):
    """RMSProp: each weight's step is divided by the root of an EMA of its squared gradients."""

    def __init__(self, lr, rho=0.9, eps=1e-8):
        rho = float(in_unit_interval("rho", rho))
        super().__init__(lr, rmsprop_update, {"rho": rho, "eps": float(positive("eps", eps))})


class Adam(Optimizer):
    """Adam: momentum (EMA of g) divided by the root of an EMA of g², both bias-corrected."""

    def __init__(self, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        beta1 = float(in_unit_interval("beta1", beta1))
        beta2 = float(in_unit_interval("beta2", beta2))
        eps = float(positive("eps", eps))
        super().__init__(lr, adam_update, {"beta1": beta1, "beta2": beta2, "eps": eps})
