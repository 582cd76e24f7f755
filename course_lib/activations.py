"""Activation functions and their derivatives.

Every derivative `<name>_grad(z)` takes the pre-activation z (not the activation's output), so that
backprop can always write  δ = ∂L/∂a · f'(z).  All functions are elementwise: z of any shape → same shape.
They stay finite, without overflow warnings, for |z| up to 1e3 in float16, float32 and float64, and keep
the input's float dtype (integers become float64).
"""

from __future__ import annotations

import numpy as np

from ._validate import finite, one_of

SELU_ALPHA = 1.6732632423543772  # α and λ that make SELU self-normalising (Klambauer et al., 2017)
SELU_LAMBDA = 1.0507009873554805


def as_float(z, name="z"):
    """z as a float array (float16 and float32 stay as they are; integers and bools become float64).

    Anything else (None, strings, complex numbers) raises a TypeError naming z.
    """
    z = np.asarray(z) if not isinstance(z, np.ndarray) else z
    if z.dtype.kind == "f":
        return z
    if z.dtype.kind not in "biu":
        raise TypeError(f"{name} must be an array of real numbers, got {type(z).__name__} of dtype {z.dtype}")
    return z.astype(np.float64)


def sigmoid(z):
    """σ(z) = 1/(1 + e⁻ᶻ), computed from e^(−|z|) so that no exponential overflows."""
    z = as_float(z)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_grad(z):
    """σ'(z) = σ(z)·(1 − σ(z)); at most 1/4, at z = 0."""
    s = sigmoid(z)
    return s * (1 - s)


def tanh(z):
    """tanh(z) = (eᶻ − e⁻ᶻ)/(eᶻ + e⁻ᶻ) = 2σ(2z) − 1."""
    return np.tanh(as_float(z))


def tanh_grad(z):
    """tanh'(z) = 1 − tanh²(z); at most 1, at z = 0."""
    return 1 - np.tanh(as_float(z)) ** 2


def relu(z):
    """ReLU(z) = max(0, z)."""
    return np.maximum(as_float(z), 0)


def relu_grad(z):
    """ReLU'(z) = 1 if z > 0 else 0 (we take 0 at z = 0)."""
    z = as_float(z)
    return (z > 0).astype(z.dtype)


def leaky_relu(z, alpha=0.01):
    """LeakyReLU(z) = z if z > 0 else α·z."""
    finite("alpha", alpha)
    z = as_float(z)
    return np.where(z > 0, z, alpha * z)


def leaky_relu_grad(z, alpha=0.01):
    """LeakyReLU'(z) = 1 if z > 0 else α."""
    finite("alpha", alpha)
    z = as_float(z)
    return np.where(z > 0, np.ones_like(z), alpha * np.ones_like(z))


def elu(z, alpha=1.0):
    """ELU(z) = z if z > 0 else α·(eᶻ − 1).  (The condition is on z; deck 000 writes x < 0.)"""
    finite("alpha", alpha)
    z = as_float(z)
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0)))


def elu_grad(z, alpha=1.0):
    """ELU'(z) = 1 if z > 0 else α·eᶻ."""
    finite("alpha", alpha)
    z = as_float(z)
    return np.where(z > 0, np.ones_like(z), alpha * np.exp(np.minimum(z, 0)))


def selu(z):
    """SELU(z) = λ·ELU(z; α) with λ ≈ 1.0507, α ≈ 1.6733."""
    return SELU_LAMBDA * elu(z, SELU_ALPHA)


def selu_grad(z):
    """SELU'(z) = λ if z > 0 else λ·α·eᶻ."""
    return SELU_LAMBDA * elu_grad(z, SELU_ALPHA)


def swish(z):
    """Swish(z) = z·σ(z) (also called SiLU)."""
    z = as_float(z)
    return z * sigmoid(z)


def swish_grad(z):
    """Swish'(z) = σ(z) + z·σ(z)·(1 − σ(z))."""
    z = as_float(z)
    s = sigmoid(z)
    return s + z * s * (1 - s)


def softplus(z):
    """softplus(z) = ln(1 + eᶻ), computed as logaddexp(0, z) to avoid overflow."""
    return np.logaddexp(0, as_float(z))


def softplus_grad(z):
    """softplus'(z) = σ(z)."""
    return sigmoid(z)


def linear(z):
    """linear(z) = z (no activation: used for output layers that feed a loss)."""
    return as_float(z)


def linear_grad(z):
    """linear'(z) = 1."""
    return np.ones_like(as_float(z))


ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "relu": (relu, relu_grad),
    "leaky_relu": (leaky_relu, leaky_relu_grad),
    "elu": (elu, elu_grad),
    "selu": (selu, selu_grad),
    "swish": (swish, swish_grad),
    "softplus": (softplus, softplus_grad),
    "linear": (linear, linear_grad),
}


def get(name: str):
    """Return (f, f_grad) for an activation name; ValueError listing the known names otherwise."""
    one_of("activation", name, tuple(ACTIVATIONS))
    return ACTIVATIONS[name]
