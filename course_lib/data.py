"""Data sets made in code (2-D toy problems) or shipped with scikit-learn (the 8×8 digits).

Nothing is downloaded.  Every function that draws random numbers takes an explicit rng.
Toy sets return X: (n, 2) float64 and y: (n,) int64 class labels.
"""

from __future__ import annotations

import numpy as np

from ._validate import generator, in_range, in_unit_interval, one_of, positive


def _check(n, noise, rng):
    positive("n", n, integer=True)
    in_range("noise", noise, 0.0, 1e3)         # the points lie within a few units of 0
    generator(rng)


def moons(n, rng, noise=0.1):
    """Two interleaving half circles (classes 0 and 1)."""
    _check(n, noise, rng)
    n0 = n // 2
    t0 = rng.uniform(0, np.pi, n0)
    t1 = rng.uniform(0, np.pi, n - n0)
    X = np.concatenate([np.c_[np.cos(t0), np.sin(t0)], np.c_[1 - np.cos(t1), 0.5 - np.sin(t1)]])
    y = np.r_[np.zeros(n0, dtype=np.int64), np.ones(n - n0, dtype=np.int64)]
    return X + rng.normal(0, noise, X.shape), y


def circles(n, rng, noise=0.05, factor=0.5):
    """A small circle (class 1) inside a large one (class 0); factor = inner radius / outer radius."""
    _check(n, noise, rng)
    in_unit_interval("factor", factor)
    n0 = n // 2
    t = rng.uniform(0, 2 * np.pi, n)
    radius = np.r_[np.ones(n0), np.full(n - n0, factor)]
    X = np.c_[radius * np.cos(t), radius * np.sin(t)]
    y = np.r_[np.zeros(n0, dtype=np.int64), np.ones(n - n0, dtype=np.int64)]
    return X + rng.normal(0, noise, X.shape), y


def spirals(n, rng, noise=0.1, n_classes=3, turns=1.0):
    """n_classes interleaved spiral arms, one per class (the classic CS231n toy problem)."""
    _check(n, noise, rng)
    positive("n_classes", n_classes, integer=True)
    in_range("turns", positive("turns", turns), 0.0, 1e3)
    y = np.arange(n) % n_classes
    r = rng.uniform(0.05, 1.0, n)
    theta = 2 * np.pi * (turns * r + y / n_classes)
    X = np.c_[r * np.cos(theta), r * np.sin(theta)]
    return X + rng.normal(0, noise * 0.2, X.shape), y.astype(np.int64)


def xor(n, rng, noise=0.1):
    """Four clusters at (±1, ±1); the label is 1 where the signs differ (XOR)."""
    _check(n, noise, rng)
    corners = rng.choice([-1.0, 1.0], size=(n, 2))
    y = (corners[:, 0] != corners[:, 1]).astype(np.int64)
    return corners + rng.normal(0, noise, (n, 2)) * 2, y


TOY_SETS = {"moons": moons, "circles": circles, "spirals": spirals, "xor": xor}


def digits(dtype=np.float64):
    """The 1,797 8×8 handwritten digits bundled with scikit-learn: X: (1797, 64) in [0, 1], y: (1797,).

    Pixel values (0–16) are divided by 16.  Reshape a row to (8, 8) to see the image.
    """
    try:
        from sklearn.datasets import load_digits
    except ImportError as error:  # pragma: no cover - scikit-learn is in the notebooks extra
        raise ImportError('digits() needs scikit-learn: pip install "course_lib[notebooks]" '
                          '(or, in a clone of the repository, pip install -e ".[notebooks]")') from error
    bunch = load_digits()
    return (bunch.data / 16.0).astype(dtype), bunch.target.astype(np.int64)


def train_val_split(X, y, val_fraction, rng, shuffle=True):
    """Split into (X_train, y_train, X_val, y_val), the last val_fraction of (shuffled) rows for validation."""
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same length, got {len(X)} and {len(y)}")
    if isinstance(val_fraction, bool) or not isinstance(val_fraction, (int, float, np.floating)) \
            or not 0 < val_fraction < 1:
        raise ValueError(f"val_fraction must be in (0, 1), got {val_fraction!r}")
    one_of("shuffle", shuffle, (False, True))
    order = generator(rng).permutation(len(X)) if shuffle else np.arange(len(X))
    n_val = max(1, int(round(val_fraction * len(X))))
    train, val = order[:-n_val], order[-n_val:]
    return X[train], y[train], X[val], y[val]


