"""Gradient checking: compare backprop with central finite differences.

rel_error below 1e-7 means the two agree to round-off in float64; around 1e-4 or more something is wrong
(or the function has a kink, like ReLU at 0, within h of a point).
"""

from __future__ import annotations

import numpy as np

from ._validate import generator, positive


def numerical_gradient(f, x, h=1e-5):
    """∂f/∂x_i ≈ (f(x + h·e_i) − f(x − h·e_i)) / 2h for every entry of x.   f: array → scalar; x: any shape.

    x is perturbed in place and restored, so f may close over the very array that is being varied; so it
    must be a float numpy array (not a list, not integers).  In float32 and float16 the difference is
    divided by the step actually taken, (x + h) − (x − h) as rounded in that dtype; an h too small to move
    x at all in its dtype raises ValueError.  Returns float64, x's shape.
    """
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        kind = type(x).__name__ if not isinstance(x, np.ndarray) else f"an array of dtype {x.dtype}"
        raise TypeError(f"x must be a float numpy array (it is perturbed in place by ±h), got {kind}; "
                        "convert it first, e.g. x = np.array(x, dtype=float)")
    positive("h", h)
    exact_step = x.dtype == np.float64           # float64: the textbook 2h (kept as is, to the last bit)
    grad = np.zeros_like(x, dtype=np.float64)
    flat_x, flat_grad = x.reshape(-1), grad.reshape(-1)
    if not np.shares_memory(flat_x, x):
        raise ValueError("x must be a contiguous array so that it can be perturbed in place")
    for i in range(flat_x.size):
        old = flat_x[i]
        with np.errstate(over="ignore"):                # x ± h beyond the dtype's range: reported below
            flat_x[i] = old + h
            x_plus = flat_x[i]
            f_plus = f(x) if np.isfinite(x_plus) else None
            flat_x[i] = old - h
            x_minus = flat_x[i]
            f_minus = f(x) if np.isfinite(x_minus) else None
        flat_x[i] = old
        if f_plus is None or f_minus is None:
            raise ValueError(f"h={h!r} is too large: x[{i}] ± h = {old!r} ± h overflows {x.dtype}")
        if not (np.isfinite(f_plus) and np.isfinite(f_minus)):
            raise ValueError(f"f is not finite at x[{i}] ± h (h={h!r}): f(x + h) = {f_plus}, f(x − h) = {f_minus}")
        step = 2 * h if exact_step else float(x_plus) - float(x_minus)
        if step == 0 or x_plus == x_minus:
            raise ValueError(f"h={h!r} does not move x[{i}] = {old!r} in {x.dtype}: use a larger h "
                             "(about 1e-2 in float16, 1e-3 in float32) or a float64 x")
        flat_grad[i] = (f_plus - f_minus) / step
    return grad


def rel_error(a, b):
    """max_i |a_i − b_i| / max(|a_i| + |b_i|, 1e-8): a scale-free measure of disagreement."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), 1e-8)))


def check_layer(layer, x, rng, h=1e-5):
    """Relative errors of a layer's backward (∂L/∂x and every ∂L/∂param) for L = Σ y·r, r random.

    Returns a dict {"x": err, "W": err, …}.  Layers with randomness (dropout) must be run with their
    mask fixed: the forward pass here is repeated, so fix it before calling (see tests).
    """
    generator(rng)
    y = layer.forward(x, train=True)
    r = rng.normal(size=y.shape)                        # a random upstream gradient ∂L/∂y

    def loss(_):
        return float(np.sum(layer.forward(x, train=True) * r))

    dx = layer.backward(r)
    analytic = {"x": dx, **{k: g.copy() for k, g in layer.grads.items()}}
    errors = {"x": rel_error(dx, numerical_gradient(loss, x, h))}
    for key, value in layer.params.items():
        errors[key] = rel_error(analytic[key], numerical_gradient(loss, value, h))
    return errors
