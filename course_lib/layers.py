"""Layers: forward and backward, written as the derivation goes.

Every layer has `params` and `grads` (dicts of arrays with the same keys), `forward(x, train)` and
`backward(dy) → dx`, where dy = ∂L/∂y for the layer's output y and dx = ∂L/∂x.  `buffers` holds state that
is not trained by gradients (batch norm's running statistics).  Inputs are batches: x has shape (N, d).
"""

from __future__ import annotations

import numpy as np

from . import activations as _activations
from . import init as _init
from ._validate import generator, in_unit_interval, positive


def _check_rng(rng):
    return generator(rng)


def _as_batch(x, layer):
    """x as an array (a list becomes one); TypeError naming x unless it holds real numbers."""
    if not isinstance(x, np.ndarray):
        x = np.asarray(x)
    if x.dtype.kind not in "biuf":
        raise TypeError(f"x must be an array of numbers for {layer}, got dtype {x.dtype}")
    return x


def _check_input(layer, x, dim):
    if x.ndim != 2 or x.shape[1] != dim:
        raise ValueError(f"x: {layer} expects input of shape (N, {dim}), got {x.shape}")


class Layer:
    """Base class: no parameters, no buffers; subclasses fill them in."""

    def __init__(self):
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.buffers: dict[str, np.ndarray] = {}

    def forward(self, x, train=True):
        raise NotImplementedError

    def backward(self, dy):
        raise NotImplementedError

    def output_dim(self, input_dim: int) -> int:
        """The number of output features for `input_dim` input features (for summary())."""
        return input_dim

    def astype(self, dtype):
        """Cast parameters, gradients and buffers to `dtype` in place of the old arrays; returns self."""
        for store in (self.params, self.grads, self.buffers):
            for key in store:
                store[key] = store[key].astype(dtype)
        return self


class Dense(Layer):
    """y = x @ W + b.   x: (N, d_in) → y: (N, d_out);  W: (d_in, d_out), b: (d_out,)."""

    def __init__(self, d_in, d_out, init="glorot_uniform", rng=None, dtype=np.float64):
        super().__init__()
        positive("d_in", d_in, integer=True)
        positive("d_out", d_out, integer=True)
        _check_rng(rng)
        self.d_in, self.d_out = d_in, d_out
        self.init_name = init if isinstance(init, str) else getattr(init, "__name__", "custom")
        W = _init.get(init)((d_in, d_out), rng)
        self.params = {"W": W.astype(dtype), "b": np.zeros(d_out, dtype=dtype)}
        self.grads = {key: np.zeros_like(value) for key, value in self.params.items()}

    def __repr__(self):
        return f"Dense({self.d_in}→{self.d_out})"

    def forward(self, x, train=True):
        x = _as_batch(x, self)
        _check_input(self, x, self.d_in)
        self.x = x                                          # kept for backward
        y = x @ self.params["W"]
        y += self.params["b"]                               # in place: one array less per step
        return y

    def backward(self, dy, input_grad=True):
        """∂L/∂W and ∂L/∂b into self.grads; returns ∂L/∂x (None with input_grad=False: the first layer
        of a network need not compute the gradient with respect to the data)."""
        np.matmul(self.x.T, dy, out=self.grads["W"])        # ∂L/∂W = xᵀ · ∂L/∂y
        np.sum(dy, axis=0, out=self.grads["b"])             # ∂L/∂b = Σ_n ∂L/∂y_n
        return dy @ self.params["W"].T if input_grad else None   # ∂L/∂x = ∂L/∂y · Wᵀ

    def output_dim(self, input_dim):
        return self.d_out


class Activation(Layer):
    """a = f(z), elementwise.   z: (N, d) → a: (N, d);  backward: ∂L/∂z = ∂L/∂a · f'(z)."""

    def __init__(self, name):
        super().__init__()
        self.name_ = name
        self.f, self.f_grad = _activations.get(name)

    def __repr__(self):
        return f"Activation({self.name_!r})"

    def forward(self, x, train=True):
        x = _as_batch(x, self)
        self.z = x                                          # the pre-activation, kept for f'(z)
        return self.f(x)

    def backward(self, dy):
        return dy * self.f_grad(self.z)


class Dropout(Layer):
    """Inverted dropout: y = x·mask/(1 − drop_prob) in training, y = x at inference.   (N, d) → (N, d).

    Each unit is zeroed with probability drop_prob; the survivors are scaled by 1/(1 − drop_prob) so that
    E[y] = x and nothing needs rescaling at inference.
    """

    def __init__(self, drop_prob, rng=None):
        super().__init__()
        self.drop_prob = in_unit_interval("drop_prob", drop_prob)
        self.rng = _check_rng(rng)
        self.mask = None

    def __repr__(self):
        return f"Dropout(drop_prob={self.drop_prob})"

    def forward(self, x, train=True):
        x = _as_batch(x, self)
        if x.dtype.kind != "f":
            x = x.astype(np.float64)                        # integer inputs: the scaled mask needs floats
        if not train or self.drop_prob == 0:
            self.mask = None
            return x
        keep_prob = 1 - self.drop_prob
        keep = self.rng.random(x.shape, dtype=x.dtype if x.dtype == np.float32 else np.float64) < keep_prob
        self.mask = keep.astype(x.dtype) / x.dtype.type(keep_prob)   # 0 or 1/(1 − p)
        return x * self.mask

    def backward(self, dy):
        return dy if self.mask is None else dy * self.mask


class BatchNorm(Layer):
    """Batch normalisation over the batch axis.   x: (N, d) → y: (N, d);  gamma, beta: (d,).

    Training:  μ = mean_n x,  σ² = mean_n (x − μ)² (biased),  x̂ = (x − μ)/√(σ² + ε),  y = γ·x̂ + β;
    and the running statistics follow an EMA:  running ← momentum·running + (1 − momentum)·batch value, with
    the biased σ² as Keras does (PyTorch's running variance uses the unbiased one, and its momentum is 1 − ours).
    Inference: the same with the running mean and variance in place of μ and σ².
    """

    def __init__(self, dim, momentum=0.9, eps=1e-5, dtype=np.float64):
        super().__init__()
        self.dim = positive("dim", dim, integer=True)
        self.momentum = in_unit_interval("momentum", momentum)
        self.eps = positive("eps", eps)
        self.params = {"gamma": np.ones(dim, dtype=dtype), "beta": np.zeros(dim, dtype=dtype)}
        self.grads = {key: np.zeros_like(value) for key, value in self.params.items()}
        self.buffers = {"running_mean": np.zeros(dim, dtype=dtype), "running_var": np.ones(dim, dtype=dtype)}

    def __repr__(self):
        return f"BatchNorm({self.dim})"

    def forward(self, x, train=True):
        x = _as_batch(x, self)
        _check_input(self, x, self.dim)
        if train and len(x) == 0:
            raise ValueError(f"x: {self} needs at least one row in training (the batch statistics of an empty "
                             "batch are undefined and would spoil the running statistics)")
        gamma, beta = self.params["gamma"], self.params["beta"]
        if not train:
            mu, var = self.buffers["running_mean"], self.buffers["running_var"]
            return gamma * (x - mu) / np.sqrt(var + self.eps) + beta
        mu = x.mean(axis=0)
        var = x.var(axis=0)                                 # biased: divides by m
        m = self.momentum
        self.buffers["running_mean"] = m * self.buffers["running_mean"] + (1 - m) * mu
        self.buffers["running_var"] = m * self.buffers["running_var"] + (1 - m) * var
        self.x, self.mu, self.var = x, mu, var              # kept for backward
        self.x_hat = (x - mu) / np.sqrt(var + self.eps)
        return gamma * self.x_hat + beta

    def backward(self, dy):
        x, mu, var, x_hat, eps = self.x, self.mu, self.var, self.x_hat, self.eps
        m = x.shape[0]
        self.grads["gamma"][...] = np.sum(dy * x_hat, axis=0)
        self.grads["beta"][...] = np.sum(dy, axis=0)
        dx_hat = dy * self.params["gamma"]
        inv_std = 1 / np.sqrt(var + eps)
        dvar = np.sum(dx_hat * (x - mu), axis=0) * -0.5 * inv_std**3
        # ∂L/∂μ has two terms; the second, ∂L/∂σ²·Σ −2(x_i − μ)/m, is zero because Σ (x_i − μ) = 0.
        dmu = np.sum(-dx_hat * inv_std, axis=0) + dvar * np.sum(-2 * (x - mu), axis=0) / m
        return dx_hat * inv_std + dvar * 2 * (x - mu) / m + dmu / m
