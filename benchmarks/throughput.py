"""Training throughput: course_lib's fit against scikit-learn's MLPClassifier (and PyTorch on the CPU when it
is installed) on the same job, run side by side in one process; then how an epoch scales with the number of
samples and the width.

    python -m benchmarks.throughput
Job: the 8×8 digits (1,797 samples), MLP 64-256-256-10 ReLU, Adam lr 1e-3, batch 64, no penalty, same epochs.
Targets: course_lib's time per epoch ≤ 0.75× scikit-learn's in float64 and ≤ 0.5× in float32, with the same
final training accuracy.
Times are CPU seconds of this process (time.process_time) with every library on one BLAS thread, so other
programs running on the machine disturb the comparison as little as possible.
"""

from __future__ import annotations

import statistics
import time
import warnings

import numpy as np

from course_lib.data import digits
from course_lib.layers import Activation, Dense
from course_lib.model import Sequential
from course_lib.optim import Adam
from course_lib.training import accuracy, fit

EPOCHS, BATCH, LR, HIDDEN = 8, 64, 1e-3, (256, 256)
TARGET = {"float64": 0.75, "float32": 0.5}


def mlp(sizes, rng, dtype=np.float64):
    layers = []
    for i, (d_in, d_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(Dense(d_in, d_out, init="glorot_uniform", rng=rng))
        if i < len(sizes) - 2:
            layers.append(Activation("relu"))
    return Sequential(layers).astype(dtype)


def time_course_lib(X, y, dtype, seed, hidden=HIDDEN, epochs=EPOCHS):
    """(seconds per epoch, final training accuracy) for course_lib.training.fit."""
    rng = np.random.default_rng(seed)
    model = mlp((X.shape[1], *hidden, 10), rng, dtype)
    X = X.astype(dtype)
    start = time.process_time()
    fit(model, X, y, loss="softmax_cross_entropy", optimizer=Adam(LR), epochs=epochs, batch_size=BATCH, rng=rng)
    seconds = (time.process_time() - start) / epochs
    return seconds, accuracy(model.predict(X), y)


def time_sklearn(X, y, dtype, seed, hidden=HIDDEN, epochs=EPOCHS):
    """(seconds per epoch, final training accuracy) for sklearn's MLPClassifier with the same settings."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    clf = MLPClassifier(hidden_layer_sizes=hidden, activation="relu", solver="adam", learning_rate_init=LR,
                        batch_size=BATCH, alpha=0.0, max_iter=epochs, shuffle=True, random_state=seed, tol=0.0,
                        n_iter_no_change=10**9)
    X = X.astype(dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = time.process_time()
        clf.fit(X, y)
        seconds = (time.process_time() - start) / epochs
    return seconds, clf.score(X, y)


def time_torch(X, y, dtype, seed, hidden=HIDDEN, epochs=EPOCHS):
    """(seconds per epoch, final training accuracy) for the same MLP in PyTorch on the CPU."""
    import torch

    torch.manual_seed(seed)
    torch_dtype = torch.float64 if dtype == np.float64 else torch.float32
    sizes = (X.shape[1], *hidden, 10)
    layers = []
    for i, (d_in, d_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(torch.nn.Linear(d_in, d_out))
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers).to(torch_dtype)
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    Xt, yt = torch.tensor(X, dtype=torch_dtype), torch.tensor(y)
    generator = torch.Generator().manual_seed(seed)
    start = time.process_time()
    for _ in range(epochs):
        order = torch.randperm(len(Xt), generator=generator)
        for i in range(0, len(Xt), BATCH):
            batch = order[i:i + BATCH]
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(Xt[batch]), yt[batch])
            loss.backward()
            optimizer.step()
    seconds = (time.process_time() - start) / epochs
    with torch.no_grad():
        acc = (model(Xt).argmax(1) == yt).double().mean().item()
    return seconds, acc


def _torch_available():
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def compare(repeats=3):
    """Interleaved runs of every library and dtype; the median seconds per epoch and the last accuracy."""
    X, y = digits()
    runners = {"course_lib": time_course_lib, "scikit-learn": time_sklearn}
    if _torch_available():
        runners["PyTorch (CPU)"] = time_torch
    results = {}
    for repeat in range(repeats):
        for dtype in (np.float64, np.float32):
            for name, run in runners.items():
                seconds, acc = run(X, y, dtype, seed=repeat)
                entry = results.setdefault((name, dtype.__name__), {"seconds": [], "accuracy": []})
                entry["seconds"].append(seconds)
                entry["accuracy"].append(acc)
    return results, list(runners)


def throughput_table(repeats=3):
    results, names = compare(repeats)
    lines = ["| dtype | " + " | ".join(f"{n} s/epoch" for n in names) + " | course_lib / scikit-learn | target | "
             "train accuracy (" + ", ".join(names) + ") | matrix products alone s/epoch (/ scikit-learn) |",
             "|---" * (len(names) + 5) + "|"]
    n = len(digits()[0])
    for dtype in ("float64", "float32"):
        med = {n: statistics.median(results[(n, dtype)]["seconds"]) for n in names}
        acc = {n: statistics.mean(results[(n, dtype)]["accuracy"]) for n in names}
        ratio = med["course_lib"] / med["scikit-learn"]
        floor = _matmul_seconds(n, HIDDEN[0], dtype=np.dtype(dtype).type)
        verdict = "met" if ratio <= TARGET[dtype] else "**MISSED**"
        lines.append(f"| {dtype} | " + " | ".join(f"{med[n]:.4f}" for n in names)
                     + f" | {ratio:.2f} | ≤ {TARGET[dtype]} {verdict} | "
                     + ", ".join(f"{acc[n]:.3f}" for n in names)
                     + f" | {floor:.4f} ({floor / med['scikit-learn']:.2f}) |")
    return lines


def scaling_table(epochs=3):
    """Seconds per epoch against the number of samples (digits tiled with noise) and the hidden width."""
    X, y = digits()
    rng = np.random.default_rng(0)
    lines = ["| samples | width | course_lib s/epoch | µs per sample | matrix-product share |", "|---|---|---|---|---|"]
    for copies, width in [(1, 256), (2, 256), (4, 256), (8, 256), (1, 64), (1, 128), (1, 512), (1, 1024)]:
        Xs = np.concatenate([X + rng.normal(0, 0.01, X.shape) for _ in range(copies)])
        ys = np.tile(y, copies)
        seconds, _ = time_course_lib(Xs, ys, np.float64, seed=0, hidden=(width, width), epochs=epochs)
        share = _matmul_seconds(len(Xs), width) / seconds
        lines.append(f"| {len(Xs)} | {width} | {seconds:.4f} | {seconds / len(Xs) * 1e6:.1f} | {share:.0%} |")
    return lines


def _matmul_seconds(n, width, d_in=64, d_out=10, repeats=3, dtype=np.float64):
    """Time of only the matrix products of one epoch, as fit computes them: forward x@W, backward xᵀ·dy per
    layer and dy·Wᵀ for all but the first layer.  No training loop can take less time than this."""
    rng = np.random.default_rng(0)
    shapes = [(d_in, width), (width, width), (width, d_out)]
    Ws = [rng.normal(size=s).astype(dtype) for s in shapes]
    x0 = rng.normal(size=(BATCH, d_in)).astype(dtype)
    best = np.inf
    for _ in range(repeats):
        start = time.process_time()
        for i in range(0, n, BATCH):
            m = min(BATCH, n - i)
            a = x0[:m]
            activations = [a]
            for W in Ws:
                a = a @ W
                activations.append(a)
            dy = np.ones_like(a)
            for k in reversed(range(len(Ws))):
                _ = activations[k].T @ dy
                if k:
                    dy = dy @ Ws[k].T
        best = min(best, time.process_time() - start)
    return best


def main():
    # Every library on one BLAS thread: a fair comparison, and far less noise on a shared 2-core machine.
    from threadpoolctl import threadpool_limits

    if _torch_available():
        import torch

        torch.set_num_threads(1)
    with threadpool_limits(limits=1):
        print("\n".join(throughput_table()))
        print()
        print("\n".join(scaling_table()))


if __name__ == "__main__":
    main()
