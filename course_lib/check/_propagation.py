"""Exercise checks for the propagation notebook: Glorot's uniform bound, He's std, the std after L layers."""

from __future__ import annotations

import numpy as np

from ._core import Exercise

__all__ = ["glorot_uniform_bound", "he_std", "predicted_std"]

glorot_uniform_bound = Exercise(
    "glorot_uniform_bound",
    reference=lambda fan_in, fan_out: float(np.sqrt(6 / (fan_in + fan_out))),
    cases=[(100, 100), (784, 256), (3, 5), (64, 10)],
    misconceptions=[
        ("that is Glorot's standard deviation σ = √(2/(fan_in + fan_out)). A uniform U[−a, a] has variance a²/3, "
         "so the bound is a = √3·σ.", lambda fan_in, fan_out: float(np.sqrt(2 / (fan_in + fan_out)))),
        ("that is a², not a: take the square root of 6/(fan_in + fan_out).",
         lambda fan_in, fan_out: 6 / (fan_in + fan_out)),
        ("√(6/fan_in) is He's uniform bound. Glorot averages the two fans: Var(W) = 2/(fan_in + fan_out).",
         lambda fan_in, fan_out: float(np.sqrt(6 / fan_in))),
        ("Glorot's variance is 2/(fan_in + fan_out), the inverse of the average fan, not 1/(fan_in + fan_out).",
         lambda fan_in, fan_out: float(np.sqrt(3 / (fan_in + fan_out)))),
    ],
    success="It matches course_lib.init.glorot_uniform.",
)

he_std = Exercise(
    "he_std",
    reference=lambda fan_in: float(np.sqrt(2 / fan_in)),
    cases=[(1,), (2,), (50,), (784,)],
    misconceptions=[
        ("that is the variance 2/fan_in; the standard deviation is its square root.", lambda fan_in: 2 / fan_in),
        ("√(1/fan_in) is LeCun's. ReLU zeroes half of the pre-activations, halving E[a²], so He doubles the "
         "variance: 2/fan_in.", lambda fan_in: float(np.sqrt(1 / fan_in))),
        ("the square root covers the whole fraction: √(2/fan_in), not √2/fan_in.",
         lambda fan_in: float(np.sqrt(2) / fan_in)),
        ("ReLU halves the second moment, so the weights must double it: Var(W) = 2/fan_in, not 1/(2·fan_in).",
         lambda fan_in: float(np.sqrt(1 / (2 * fan_in)))),
    ],
    success="N(0, 2/fan_in) is course_lib.init.he_normal.",
)


def _predicted_std(depth, width, weight_std, activation):
    gain = width * weight_std**2                       # fan_in · Var(W)
    c = 0.5 if activation == "relu" else 1.0           # E[f(z)²] / Var(z)
    variance = gain * 1.0                              # layer 1: the input has E[x²] = 1
    for _ in range(depth - 1):
        variance = gain * c * variance
    return float(np.sqrt(variance))


predicted_std = Exercise(
    "predicted_std",
    reference=_predicted_std,
    cases=[(1, 100, 0.1, "linear"), (5, 100, 0.1, "relu"), (10, 64, float(np.sqrt(2 / 64)), "relu"),
           (3, 50, 0.2, "linear"), (20, 128, 0.05, "relu")],
    misconceptions=[
        ("the input x is not a ReLU output: the first layer sees E[x²] = 1, so do not halve it there. Only "
         "layers 2..L receive ReLU outputs with E[a²] = Var(z)/2.",
         lambda depth, width, s, act: float(np.sqrt((width * s**2 * (0.5 if act == "relu" else 1.0)) ** depth))),
        ("that is the variance Var(z^L); return its square root, the standard deviation.",
         lambda depth, width, s, act: _predicted_std(depth, width, s, act) ** 2),
        ("for ReLU, E[a²] = Var(z)/2: every layer after the first halves the second moment.",
         lambda depth, width, s, act: float(np.sqrt((width * s**2) ** depth))),
        ("Var(W) is weight_std², not weight_std.",
         lambda depth, width, s, act: _predicted_std(depth, width, float(np.sqrt(s)), act)),
    ],
    success="Only fan_in·Var(W)·c = 1 keeps the std constant: c = 1 (linear) gives LeCun, c = 1/2 (ReLU) He.",
)
