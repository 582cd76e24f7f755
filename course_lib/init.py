"""Weight initialisation: one `variance_scaling` behind all the named schemes.

Every initializer takes shape = (fan_in, fan_out) and an explicit rng.  With σ² = scale / fan:
  normal:  W ~ N(0, σ²)            (not truncated)
  uniform: W ~ U[−√3·σ, √3·σ]      (a uniform on [−a, a] has variance a²/3)
  LeCun σ² = 1/fan_in,  Glorot σ² = 2/(fan_in + fan_out),  He σ² = 2/fan_in.
"""

from __future__ import annotations

import numpy as np

from ._validate import generator, one_of, positive

MODES = ("fan_in", "fan_out", "fan_avg")
DISTRIBUTIONS = ("normal", "uniform")


def _check_shape(shape):
    """ValueError naming shape unless it is a pair of integers >= 1."""
    ok = (isinstance(shape, (tuple, list)) and len(shape) == 2
          and all(isinstance(s, (int, np.integer)) and not isinstance(s, bool) and s >= 1 for s in shape))
    if not ok:
        raise ValueError(f"shape must be (fan_in, fan_out) with positive integers, got {shape!r}")


def variance_scaling(shape, scale, mode, distribution, rng):
    """W of `shape` with Var = scale / fan, fan = fan_in, fan_out or (fan_in + fan_out)/2."""
    _check_shape(shape)
    positive("scale", scale)
    one_of("mode", mode, MODES)
    one_of("distribution", distribution, DISTRIBUTIONS)
    generator(rng)
    fan_in, fan_out = shape
    fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]
    sigma = np.sqrt(scale / fan)
    if distribution == "normal":
        return rng.normal(0.0, sigma, size=shape)
    limit = np.sqrt(3.0) * sigma
    return rng.uniform(-limit, limit, size=shape)


def lecun_normal(shape, rng):
    """N(0, 1/fan_in)."""
    return variance_scaling(shape, 1.0, "fan_in", "normal", rng)


def lecun_uniform(shape, rng):
    """U[−√(3/fan_in), √(3/fan_in)]."""
    return variance_scaling(shape, 1.0, "fan_in", "uniform", rng)


def glorot_normal(shape, rng):
    """N(0, 2/(fan_in + fan_out))  (Xavier normal)."""
    return variance_scaling(shape, 1.0, "fan_avg", "normal", rng)


def glorot_uniform(shape, rng):
    """U[−√(6/(fan_in + fan_out)), √(6/(fan_in + fan_out))]  (Xavier uniform)."""
    return variance_scaling(shape, 1.0, "fan_avg", "uniform", rng)


def he_normal(shape, rng):
    """N(0, 2/fan_in)  (Kaiming normal)."""
    return variance_scaling(shape, 2.0, "fan_in", "normal", rng)


def he_uniform(shape, rng):
    """U[−√(6/fan_in), √(6/fan_in)]  (Kaiming uniform)."""
    return variance_scaling(shape, 2.0, "fan_in", "uniform", rng)


def normal(std):
    """An initializer drawing N(0, std²) whatever the fan: the fixed-scale schemes N(0, 0.01²), N(0, 1)."""
    positive("std", std)

    def init(shape, rng):
        _check_shape(shape)
        generator(rng)
        return rng.normal(0.0, std, size=shape)

    init.__name__ = f"normal_{std:g}"
    return init


INITIALIZERS = {
    "lecun_normal": lecun_normal,
    "lecun_uniform": lecun_uniform,
    "glorot_normal": glorot_normal,
    "glorot_uniform": glorot_uniform,
    "he_normal": he_normal,
    "he_uniform": he_uniform,
    "normal_0.01": normal(0.01),
    "normal_1": normal(1.0),
}


def get(init):
    """Return an initializer from its name, or `init` itself if it is already a callable."""
    if callable(init):
        return init
    one_of("init", init, tuple(INITIALIZERS))
    return INITIALIZERS[init]
