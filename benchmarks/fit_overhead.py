"""The cost of course_lib.training.fit over a hand-written numpy loop doing the same arithmetic.

    python benchmarks/fit_overhead.py            # or: python -m benchmarks.fit_overhead
Digits (1,797 × 64), MLP 64-256-256-10 ReLU (He-uniform), softmax cross-entropy, Adam lr 1e-3, batch 64,
in float64 and float32.  The two loops alternate, one epoch each per round, for several rounds; the
table shows the median CPU seconds per epoch (and the wall-clock ratio).  Target: fit ≤ 1.3 × the hand
loop.  Both start from the same weights and draw the same batches, so they must end on the same weights
(the max |ΔW| column): the comparison is of the same arithmetic.
BLAS runs on one thread unless OPENBLAS_NUM_THREADS / OMP_NUM_THREADS say otherwise: on a shared
machine, threaded BLAS on these small matrices mostly measures contention with other processes.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")               # before numpy is imported

import numpy as np  # noqa: E402

if __package__ in (None, ""):                       # run as a script: make course_lib importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from course_lib.data import digits  # noqa: E402
from course_lib.layers import Activation, Dense  # noqa: E402
from course_lib.model import Sequential  # noqa: E402
from course_lib.optim import Adam  # noqa: E402
from course_lib.training import fit  # noqa: E402

SIZES = (64, 256, 256, 10)
LR, BETA1, BETA2, EPS = 1e-3, 0.9, 0.999, 1e-8
BATCH = 64
TARGET = 1.3


def build_model(dtype, seed=0):
    """The course_lib model: Dense/ReLU/Dense/ReLU/Dense, He-uniform weights."""
    rng = np.random.default_rng(seed)
    layers = []
    for i, (d_in, d_out) in enumerate(zip(SIZES[:-1], SIZES[1:])):
        layers.append(Dense(d_in, d_out, init="he_uniform", rng=rng))
        if i < len(SIZES) - 2:
            layers.append(Activation("relu"))
    return Sequential(layers).astype(dtype)


def hand_state(model):
    """The same initial weights as plain arrays [W1, b1, W2, b2, W3, b3], their gradients, Adam's m and v."""
    params = [value.copy() for _, value, _ in model.parameters()]
    zeros = [np.zeros_like(p) for p in params]
    return {"params": params, "grads": zeros, "m": [z.copy() for z in zeros], "v": [z.copy() for z in zeros], "t": 0}


def hand_epoch(state, X, y, rng, batch_size=BATCH):
    """One epoch of the plain loop: forward, softmax cross-entropy, backward, Adam, all written out."""
    W1, b1, W2, b2, W3, b3 = state["params"]
    n = len(X)
    order = rng.permutation(n)
    loss_sum, n_right, n_batches = 0.0, 0, 0
    for start in range(0, n, batch_size):
        rows = order[start:start + batch_size]
        x, labels = X.take(rows, axis=0), y.take(rows)
        m = len(rows)
        # forward
        z1 = x @ W1 + b1
        a1 = np.maximum(z1, 0)
        z2 = a1 @ W2 + b2
        a2 = np.maximum(z2, 0)
        z3 = a2 @ W3 + b3
        # softmax cross-entropy and its gradient
        shifted = z3 - z3.max(axis=1, keepdims=True)
        log_sum = np.log(np.exp(shifted).sum(axis=1))
        index = np.arange(m)
        loss_sum += float(np.mean(log_sum - shifted[index, labels]))
        n_right += int(np.count_nonzero(z3.argmax(axis=1) == labels))
        n_batches += 1
        dz3 = np.exp(shifted - log_sum[:, None])
        dz3[index, labels] -= 1
        dz3 = dz3 / m
        # backward (gradients written into arrays kept from step to step, as the Dense layers do)
        gW1, gb1, gW2, gb2, gW3, gb3 = grads = state["grads"]
        np.matmul(a2.T, dz3, out=gW3)
        np.sum(dz3, axis=0, out=gb3)
        dz2 = (dz3 @ W3.T) * (z2 > 0).astype(z2.dtype)
        np.matmul(a1.T, dz2, out=gW2)
        np.sum(dz2, axis=0, out=gb2)
        dz1 = (dz2 @ W2.T) * (z1 > 0).astype(z1.dtype)
        np.matmul(x.T, dz1, out=gW1)
        np.sum(dz1, axis=0, out=gb1)
        # Adam
        state["t"] += 1
        t = state["t"]
        for w, g, m_, v_, i in zip(state["params"], grads, state["m"], state["v"], range(6)):
            m_new = BETA1 * m_ + (1 - BETA1) * g
            v_new = BETA2 * v_ + (1 - BETA2) * g * g
            m_hat = m_new / (1 - BETA1**t)
            v_hat = v_new / (1 - BETA2**t)
            w -= LR * m_hat / (np.sqrt(v_hat) + EPS)
            state["m"][i], state["v"][i] = m_new, v_new
    return loss_sum / n_batches, n_right / n


def measure(dtype, rounds=15, seed=0):
    """Median (CPU, wall) seconds per epoch of the hand loop and of fit, alternating one epoch of each."""
    X, y = digits(dtype=dtype)
    model = build_model(dtype, seed)
    state = hand_state(model)
    optimizer = Adam(LR, BETA1, BETA2, EPS)
    rng_hand, rng_fit = np.random.default_rng(seed), np.random.default_rng(seed)
    times = {"hand": ([], []), "fit": ([], [])}              # (CPU seconds, wall seconds) per epoch
    for r in range(rounds + 1):                                # round 0 is a warm-up, not timed
        for which in ("hand", "fit") if r % 2 == 0 else ("fit", "hand"):
            cpu, wall = time.process_time(), time.perf_counter()
            if which == "hand":
                hand_epoch(state, X, y, rng_hand)
            else:
                fit(model, X, y, optimizer=optimizer, epochs=1, batch_size=BATCH, rng=rng_fit)
            if r:
                times[which][0].append(time.process_time() - cpu)
                times[which][1].append(time.perf_counter() - wall)
    for _, value, _ in model.parameters():
        assert value.dtype == dtype, f"fit changed a parameter's dtype to {value.dtype}"
    # the same seed, data and arithmetic: both loops must have followed the same weights
    drift = max(float(np.max(np.abs(a - value))) for a, (_, value, _) in zip(state["params"], model.parameters()))
    medians = {which: (statistics.median(cpu), statistics.median(wall)) for which, (cpu, wall) in times.items()}
    return medians["hand"], medians["fit"], drift


def main(rounds=15):
    threads = os.environ["OPENBLAS_NUM_THREADS"]
    n, d = digits()[0].shape
    print(f"fit overhead: digits {n}×{d}, MLP {'-'.join(map(str, SIZES))} ReLU, Adam lr {LR}, batch {BATCH}, "
          f"BLAS threads {threads}")
    print(f"median over {rounds} rounds of one epoch each, alternated; CPU time of this process "
          "(wall-clock ratio alongside, as other processes share the CPU)")
    header = f"{'dtype':8} {'hand s/epoch':>13} {'fit s/epoch':>12} {'ratio':>6} {'wall ratio':>11} {'max |ΔW|':>9}"
    print(header + "  check")
    ratios = []
    for dtype in (np.float64, np.float32):
        hand, fitted, drift = measure(dtype, rounds)
        ratio, wall_ratio = fitted[0] / hand[0], fitted[1] / hand[1]
        ratios.append(ratio)
        verdict = "ok" if ratio <= TARGET else f"over {TARGET}"
        print(f"{np.dtype(dtype).name:8} {hand[0]:13.4f} {fitted[0]:12.4f} {ratio:6.2f} {wall_ratio:11.2f} "
              f"{drift:9.2e}  {verdict}")
    return ratios


if __name__ == "__main__":
    main()
