"""Feature scaling and the speed of gradient descent; and a measured gain from data augmentation.

Linear regression with an intercept:  ŷ = x·w + b,  θ = (w1, w2, b),  L(θ) = mean((ŷ − y)²).
With the design matrix A = [X, 1] the loss is exactly quadratic:
    L(θ) = L* + ½·(θ − θ*)ᵀ H (θ − θ*),   H = (2/n)·AᵀA.
Gradient descent θ ← θ − α·∇L is stable iff α < 2/λ_max(H); along the eigenvector of λ_i the error
shrinks by the factor r_i = 1 − α·λ_i per step, so the slowest direction (λ_min) sets the speed, and the
number of steps grows like the condition number κ = λ_max/λ_min.  Scaling the features changes H.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from ... import augment
from ..._validate import in_range, one_of, positive
from ...preprocessing import MinMaxScaler, StandardScaler, UnitNormScaler

SCALERS = {"none": None, "min-max": MinMaxScaler, "standardize": StandardScaler, "unit norm": UnitNormScaler}
LR_FRACTION = 0.95          # "the largest stable learning rate": α = 0.95 · 2/λ_max
TOLERANCE = 1e-6            # converged when L − L* ≤ TOLERANCE · (L(θ0) − L*)
MAX_STEPS = 10**12


# ----------------------------------------------------------------------------------------------------
# Data and scalers
# ----------------------------------------------------------------------------------------------------


def two_feature_regression(n, ratio, rng, rho=0.5, noise=0.1):
    """Two features on different scales.   → X: (n, 2), y: (n,).

    z1, z2 ~ N(0, 1) with correlation rho;  x1 = 2 + z1,  x2 = ratio·(2 + z2);
    y = 3 + 2·z1 − z2 + noise·ε.   (So x2 is `ratio` times larger than x1, in mean and in spread.)
    """
    positive("n", n, integer=True)
    positive("ratio", ratio)
    in_range("rho", rho, -0.99, 0.99)
    z1 = rng.normal(size=n)
    z2 = rho * z1 + np.sqrt(1 - rho**2) * rng.normal(size=n)
    X = np.c_[2 + z1, ratio * (2 + z2)]
    y = 3 + 2 * z1 - z2 + noise * rng.normal(size=n)
    return X, y


def scale_features(name, X_train, *others):
    """Fit the scaler `name` (a key of SCALERS) on X_train ONLY, then transform X_train and every other set.

    Returns a tuple (X_train_scaled, *others_scaled).  "none" returns copies as float arrays.
    """
    one_of("scaler", name, tuple(SCALERS))
    if SCALERS[name] is None:
        return tuple(np.array(X, dtype=float) for X in (X_train, *others))
    scaler = SCALERS[name]().fit(X_train)               # statistics of the training set only
    return tuple(scaler.transform(X) for X in (X_train, *others))


# ----------------------------------------------------------------------------------------------------
# The quadratic loss of linear regression
# ----------------------------------------------------------------------------------------------------


def design_matrix(X):
    """A = [X, 1]: a column of ones for the intercept.   X: (n, d) → (n, d + 1)."""
    X = np.asarray(X, dtype=float)
    return np.c_[X, np.ones(len(X))]


def loss(X, y, theta):
    """L(θ) = mean((A·θ − y)²), θ = (w, b).   theta: (d + 1,) or a stack (..., d + 1) → float or (...)."""
    residual = np.asarray(theta) @ design_matrix(X).T - np.asarray(y)
    return np.mean(residual**2, axis=-1)


def hessian(X):
    """H = (2/n)·AᵀA, the (constant) Hessian of L.   X: (n, d) → (d + 1, d + 1)."""
    A = design_matrix(X)
    return 2 / len(A) * A.T @ A


def least_squares(X, y):
    """θ* = argmin L, by numpy's least-squares solver.   → (d + 1,)."""
    theta, *_ = np.linalg.lstsq(design_matrix(X), np.asarray(y, dtype=float), rcond=None)
    return theta


def max_stable_lr(X):
    """2/λ_max(H): gradient descent converges iff α is below this."""
    return 2 / np.linalg.eigvalsh(hessian(X))[-1]


def condition_number(X):
    """κ = λ_max(H)/λ_min(H) (inf when H is singular)."""
    lam = np.linalg.eigvalsh(hessian(X))
    return float(lam[-1] / lam[0]) if lam[0] > 0 else float("inf")


def gd_path(X, y, lr, steps, theta0=None):
    """Plain gradient descent θ ← θ − α·∇L(θ), ∇L = H·θ − (2/n)·Aᵀy.   → path (steps + 1, d + 1), path[0] = θ0."""
    positive("lr", lr)
    steps = int(steps)
    A = design_matrix(X)
    H = hessian(X)
    g0 = 2 / len(A) * A.T @ np.asarray(y, dtype=float)
    theta = np.zeros(A.shape[1]) if theta0 is None else np.array(theta0, dtype=float)
    path = np.empty((steps + 1, A.shape[1]))
    path[0] = theta
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, steps + 1):
            theta = theta - lr * (H @ theta - g0)
            path[k] = theta
    return path


def excess_loss(X, y, lr, steps, theta0=None):
    """L(θ_k) − L* after k gradient-descent steps, in closed form, for every k in `steps` (ints, any shape).

    θ_k − θ* = V·diag(r^k)·Vᵀ(θ0 − θ*) with H = V·diag(λ)·Vᵀ and r = 1 − α·λ, so
    L(θ_k) − L* = ½·Σ_i λ_i·r_i^(2k)·c_i²,  c = Vᵀ(θ0 − θ*).  Grows without bound (up to inf) when α ≥ 2/λ_max.
    """
    positive("lr", lr)
    lam, V = np.linalg.eigh(hessian(X))
    lam = np.maximum(lam, 0.0)                          # round-off can make a zero eigenvalue slightly negative
    theta_star = least_squares(X, y)
    theta0 = np.zeros_like(theta_star) if theta0 is None else np.asarray(theta0, dtype=float)
    c = V.T @ (theta0 - theta_star)
    r = 1 - lr * lam
    k = np.asarray(steps, dtype=float)[..., None]
    with np.errstate(over="ignore", invalid="ignore"):
        return 0.5 * np.sum(lam * c**2 * np.abs(r) ** (2 * k), axis=-1)


def steps_to_converge(X, y, lr, theta0=None, tol=TOLERANCE, max_steps=MAX_STEPS):
    """The fewest steps k with L(θ_k) − L* ≤ tol·(L(θ0) − L*); None if GD diverges or needs more than max_steps."""
    first = float(excess_loss(X, y, lr, 0, theta0))
    if first == 0:
        return 0
    target = tol * first

    def done(k):
        return float(excess_loss(X, y, lr, k, theta0)) <= target

    if not done(max_steps):
        return None
    low, high = 0, max_steps                            # the excess loss only falls when α < 2/λ_max: bisect
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if done(middle) else (middle, high)
    return high


def slice_ellipses(X, y, levels, n_points=120):
    """Contours of L in the (w1, w2) plane through θ* (the intercept held at b*), as closed curves.

    On that slice L = L* + ½·(w − w*)ᵀ H_ww (w − w*), H_ww the top-left 2×2 block of H, so the contour
    L − L* = c is an ellipse.   levels: (K,) values of c > 0 → (K, n_points, 2) points (w1, w2).
    """
    H_ww = hessian(X)[:2, :2]
    w_star = least_squares(X, y)[:2]
    lam, V = np.linalg.eigh(H_ww)
    lam = np.maximum(lam, 1e-300)
    t = np.linspace(0, 2 * np.pi, n_points)
    circle = np.stack([np.cos(t), np.sin(t)])            # (2, n_points)
    curves = []
    for c in np.atleast_1d(np.asarray(levels, dtype=float)):
        radii = np.sqrt(2 * c / lam)                     # ½·λ·ρ² = c along each eigenvector
        curves.append(w_star + (V @ (radii[:, None] * circle)).T)
    return np.array(curves)


def relative_excess(X, y, lr, steps, theta0=None):
    """(L(θ_k) − L*)/(L(θ0) − L*) for every k in `steps`: 1 at the start, → 0 as GD converges."""
    return excess_loss(X, y, lr, steps, theta0) / excess_loss(X, y, lr, 0, theta0)


CONTOUR_FRACTIONS = (0.001, 0.01, 0.05, 0.2, 0.5, 1.0)


def gd_study(X, y, scaler, steps_shown=300, fractions=CONTOUR_FRACTIONS):
    """Everything the feature-scaling figure shows, for one scaler fitted on X.   → dict.

    keys: X (scaled), theta_star, lr (= 0.95·2/λ_max), kappa, steps (to converge, or None), path (the first
    steps_shown + 1 points of GD from θ0 = 0), best_loss (L*), start_loss (L(0)), ellipses (contours of the
    slice b = b*, at `fractions` of the slice's height at w = 0; the outermost passes through w = 0).
    """
    (Xs,) = scale_features(scaler, X)
    lr = LR_FRACTION * max_stable_lr(Xs)
    steps = steps_to_converge(Xs, y, lr)
    shown = steps_shown if steps is None else min(steps, steps_shown)
    theta_star = least_squares(Xs, y)
    w_star = theta_star[:2]
    height = 0.5 * w_star @ hessian(Xs)[:2, :2] @ w_star     # L − L* at (w = 0, b = b*)
    return {"X": Xs, "theta_star": theta_star, "lr": lr, "kappa": condition_number(Xs), "steps": steps,
            "path": gd_path(Xs, y, lr, shown), "best_loss": float(loss(Xs, y, theta_star)),
            "start_loss": float(loss(Xs, y, np.zeros_like(theta_star))),
            "ellipses": slice_ellipses(Xs, y, height * np.asarray(fractions))}


# ----------------------------------------------------------------------------------------------------
# Augmentation
# ----------------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=128)
def scaling_comparison(n, ratio, scaler, seed=0):
    """(X, y, {"raw": gd_study, "scaled": gd_study}) for two_feature_regression(n, ratio) with rng seed `seed`:
    the same data without scaling and with `scaler`.  Cached per setting: an explorer revisits settings.
    The returned arrays are shared between calls; do not modify them."""
    X, y = two_feature_regression(n, ratio, np.random.default_rng(seed))
    return X, y, {"raw": gd_study(X, y, "none"), "scaled": gd_study(X, y, scaler)}


@functools.lru_cache(maxsize=128)
def scaling_curves(ratio, scaler, n=200, points=200):
    """What the feature-scaling explorer draws for one setting, cached (an explorer revisits settings).

    → (studies, k_max, k, excess): scaling_comparison's two studies; the last step shown (3 × the slower
    study's steps to converge, at least 90; MAX_STEPS if one never converges); `points` steps k spread
    evenly on a log scale up to k_max; {"raw": (K,), "scaled": (K,)} relative excess losses at k.
    """
    X, y, studies = scaling_comparison(n, ratio, scaler)
    finite = [s["steps"] for s in studies.values() if s["steps"] is not None]
    k_max = min(MAX_STEPS, 3 * max(finite + [30])) if len(finite) == 2 else MAX_STEPS
    k = np.unique(np.round(np.logspace(0, np.log10(k_max), points)))
    excess = {name: relative_excess(s["X"], y, s["lr"], k) for name, s in studies.items()}
    return studies, k_max, k, excess


def scaler_statistics(X_train, X_test, scalers=("min-max", "standardize", "unit norm")):
    """Per-feature mean and std of each scaler's output on the training and the test set (fitted on the
    training set), and the range of the scaled test set.   → {name: dict of (d,) arrays and a (2,) range}."""
    out = {}
    for name in scalers:
        S_train, S_test = scale_features(name, X_train, X_test)
        out[name] = {"train_mean": S_train.mean(0), "train_std": S_train.std(0), "test_mean": S_test.mean(0),
                     "test_std": S_test.std(0), "test_range": np.array([S_test.min(), S_test.max()])}
    return out


def scaler_table(ratios=(1, 10, 100, 1000), n=200, seed=0):
    """gd_study for every ratio and scaler on two_feature_regression(n, ratio) (rng seed `seed`), and the
    features' sample correlation r (the same at every ratio).   → ({(ratio, scaler): study}, r)."""
    studies = {}
    for ratio in ratios:
        X, y = two_feature_regression(n, ratio, np.random.default_rng(seed))
        for name in SCALERS:
            studies[(ratio, name)] = gd_study(X, y, name)
    return studies, float(np.corrcoef(X.T)[0, 1])


def affine_matrix(flip=False, scale=1.0, shear=0.0, rotation=0.0, tx=0.0, ty=0.0):
    """First flip (left–right), then scale, then shear, then rotate (degrees), then translate (pixels).

    M = T·R·Sh·S·F, built with course_lib.augment; augment.affine_transform applies it about the centre.   → (3, 3).
    """
    F = augment.flip(horizontal=True) if flip else np.eye(3)
    return augment.compose(F, augment.scaling(scale), augment.shear(shear), augment.rotation(rotation),
                           augment.translation(tx, ty))


@functools.lru_cache(maxsize=1)
def digit_examples():
    """The first image of each class 0–9 of the bundled digits, as (10, 8, 8).  Treat as read-only."""
    from ...data import digits

    X, y = digits()
    return np.stack([X[np.flatnonzero(y == k)[0]].reshape(8, 8) for k in range(10)])


def warped_digit(digit, flip=False, scale=1.0, shear=0.0, rotation=0.0, tx=0.0, ty=0.0, noise=0.0, noise_seed=0):
    """digit_examples()[digit] warped by affine_matrix(…), plus Gaussian noise of std `noise` drawn from
    np.random.default_rng(noise_seed) (the same noise pattern at every setting).   → (M (3, 3), image (8, 8))."""
    M = affine_matrix(flip, scale, shear, rotation, tx, ty)
    warped = augment.affine_transform(digit_examples()[digit], M)
    if noise > 0:
        warped = augment.add_gaussian_noise(warped, noise, np.random.default_rng(noise_seed))
    return M, warped


def affine_examples():
    """The single transforms of notebook 11's montage, and two orders of a flip and a 90° rotation.   → {key: M}."""
    return {"original": np.eye(3), "shift": augment.translation(1, 0), "scale": augment.scaling(0.8),
            "rotate": augment.rotation(30), "shear": augment.shear(0.4), "flip": augment.flip(),
            "rotate_then_flip": augment.compose(augment.rotation(90), augment.flip()),
            "flip_then_rotate": augment.compose(augment.flip(), augment.rotation(90))}


@functools.lru_cache(maxsize=1)
def spectrogram():
    """The explorer's synthetic spectrogram (64 frequency bins × 100 frames, seed 0).  Treat as read-only."""
    return augment.synthetic_spectrogram(np.random.default_rng(0), n_freq=64, n_time=100)


def display_range(spec, percentiles=(1, 99.5)):
    """The colour range that shows a spectrogram's detail: its 1st and 99.5th percentiles.   → (vmin, vmax)."""
    return tuple(np.percentile(spec, percentiles))


def masked_spectrogram(spec, time_width, freq_width, n_masks, rng):
    """n_masks time masks (≤ time_width frames), then n_masks frequency masks (≤ freq_width bins), as SpecAugment."""
    masked = augment.time_mask(spec, time_width, rng, n_masks=n_masks)
    return augment.frequency_mask(masked, freq_width, rng, n_masks=n_masks)


def text_perturbations(sentence, rng, n_each=2, n_mixed=(1, 3, 6)):
    """Typos in `sentence`: n_each of every kind of augment.TEXT_PERTURBATIONS, then augment.perturb_text with
    each n of n_mixed.   → ({kind: text}, {n: text})."""
    by_kind = {kind: perturb(sentence, rng, n=n_each) for kind, perturb in augment.TEXT_PERTURBATIONS.items()}
    return by_kind, {n: augment.perturb_text(sentence, rng, n=n) for n in n_mixed}


def digit_centring(X):
    """Where the ink of 8×8 digits (N, 64) lies: the centre of mass (row, column) of every image, and the
    fraction of digits with ink (> 0.25) in both the top and the bottom row.   → dict."""
    images = np.asarray(X, dtype=float).reshape(-1, 8, 8)
    mass = images.sum(axis=(1, 2))
    rows, cols = np.indices((8, 8))
    ink = images > 0.25
    return {"row": (images * rows).sum(axis=(1, 2)) / mass, "column": (images * cols).sum(axis=(1, 2)) / mass,
            "top_and_bottom": float(np.mean(ink[:, 0].any(1) & ink[:, 7].any(1))), "count": len(images)}


# ----------------------------------------------------------------------------------------------------
# A measured augmentation experiment on the digits
# ----------------------------------------------------------------------------------------------------


AUGMENTATION_SETTINGS = {
    "mild": {"max_translation": 0.5, "max_rotation": 10.0, "scale_range": (0.95, 1.05), "max_shear": 0.05},
    "default": {},                                      # augment.random_affine's defaults
    "strong": {"max_translation": 1.5, "max_rotation": 25.0, "scale_range": (0.8, 1.2), "max_shear": 0.2},
}


def _digit_mlp(rng, hidden):
    from ...layers import Activation, Dense
    from ...model import Sequential

    return Sequential([Dense(64, hidden, init="he_uniform", rng=rng), Activation("relu"),
                       Dense(hidden, 10, init="glorot_uniform", rng=rng)])


def _epochs_for(updates, n_rows, batch_size):
    """The number of epochs that makes about `updates` steps: an epoch is ⌈n_rows/batch_size⌉ steps."""
    return max(1, round(updates / math.ceil(n_rows / batch_size)))


DESIGNS = ("fixed", "fresh")     # copies drawn once before training; new copies drawn for every epoch


def affine_matrices(s, shx, angle, tx, ty):
    """The matrices T(tx, ty)·R(angle)·Sh(shx)·S(s) of augment.random_affine, one per entry.   (n,) each → (n, 3, 3)."""
    s, shx, tx, ty = (np.asarray(v, dtype=float) for v in (s, shx, tx, ty))
    theta = np.radians(angle)
    c, sn = np.cos(theta), np.sin(theta)
    M = np.zeros((len(s), 3, 3))
    # R·Sh·S = [[c, sn], [−sn, c]]·[[1, shx], [0, 1]]·diag(s, s), with c = cos θ and sn = sin θ
    M[:, 0, 0], M[:, 0, 1] = c * s, (c * shx + sn) * s
    M[:, 1, 0], M[:, 1, 1] = -sn * s, (-sn * shx + c) * s
    M[:, 0, 2], M[:, 1, 2], M[:, 2, 2] = tx, ty, 1.0
    return M


def random_affines(rng, n, max_translation=1.0, max_rotation=15.0, scale_range=(0.9, 1.1), max_shear=0.1):
    """n random matrices drawn as augment.random_affine draws one (same ranges), in one go.   → (n, 3, 3)."""
    return affine_matrices(rng.uniform(*scale_range, size=n), rng.uniform(-max_shear, max_shear, size=n),
                           rng.uniform(-max_rotation, max_rotation, size=n),
                           *rng.uniform(-max_translation, max_translation, size=(2, n)))


def _with_copies(X_train, y_train, rng, n_copies, setting):
    """The originals followed by n_copies random affine copies of each.   → X (n·(1 + n_copies), 64), y."""
    copies = augment.augment_images(X_train.reshape(-1, 8, 8), rng, n_copies=n_copies, **setting)
    return (np.concatenate([X_train, copies.reshape(len(copies), -1)]),
            np.concatenate([y_train, np.tile(y_train, n_copies)]))


def _fresh_epochs(X_train, y_train, rng, n_copies, setting, epochs):
    """Like _with_copies with new copies for each of `epochs` epochs.   → list of (X, y), one per epoch.

    The matrices are drawn epoch by epoch (random_affines), and all images are warped in one call.
    """
    n = len(X_train)
    matrices = np.concatenate([random_affines(rng, n_copies * n, **setting) for _ in range(epochs)])
    copies = augment.affine_transform(np.tile(X_train.reshape(-1, 8, 8), (n_copies * epochs, 1, 1)), matrices)
    copies = copies.reshape(epochs, n_copies * n, -1)
    y_fit = np.concatenate([y_train, np.tile(y_train, n_copies)])
    return [(np.concatenate([X_train, epoch_copies]), y_fit) for epoch_copies in copies]


def augmentation_experiment(X, y, rng, settings=None, n_repeats=5, n_train=100, n_copies=4, updates=512,
                            batch_size=32, hidden=32, lr=3e-3, designs=("fixed",)):
    """Test accuracy without and with augmented copies, on `n_repeats` random small training sets.

    X: (N, 64) digits in [0, 1], y: (N,).  Each repeat draws n_train training images (the rest is the test
    set) and trains the same MLP (64 → hidden ReLU → 10, the same initial weights, the same batch order
    seed) with Adam for the same number of updates: once on the originals ("none"), and for each entry of
    `settings` ({name: random_affine keyword arguments}, default AUGMENTATION_SETTINGS) and each of `designs`
    on the originals plus n_copies random affine copies of each (augment.augment_images):
      "fixed": the copies are drawn once, before training, and every epoch sees the same ones;
      "fresh": new copies are drawn for every epoch (random_affines: the same ranges; same set size, same
               batch order, same number of updates).
    `updates` is rounded to whole epochs, so the counts are exactly equal when it is a multiple of both sets'
    batches per epoch (512 is, for the defaults: 4 and 16 batches of 32).
    Returns {"none": (n_repeats,), name: (n_repeats,) for "fixed", (name, "fresh"): (n_repeats,), ...}: test
    accuracies ("fixed" keeps the plain name, as before the fresh design existed).
    """
    from ...optim import Adam
    from ...training import evaluate, fit

    settings = AUGMENTATION_SETTINGS if settings is None else settings
    positive("n_repeats", n_repeats, integer=True)
    in_range("n_train", n_train, 10, len(X) - 10)
    positive("n_copies", n_copies, integer=True)
    positive("updates", updates, integer=True)
    for design in designs:
        one_of("designs", design, DESIGNS)
    arms = ["none"] + [name for name in settings if "fixed" in designs] + \
        [(name, "fresh") for name in settings if "fresh" in designs]
    results = {arm: [] for arm in arms}
    for child in rng.spawn(n_repeats):
        order = child.permutation(len(X))
        train, test = order[:n_train], order[n_train:]
        X_train, y_train = X[train], y[train]
        init_seed, shuffle_seed = child.integers(2**32, size=2)
        fresh_rng = child.spawn(1)[0]                   # does not move `child`: the fixed copies stay the same
        for arm in arms:
            model = _digit_mlp(np.random.default_rng(init_seed), hidden)
            optimizer, shuffle = Adam(lr), np.random.default_rng(shuffle_seed)
            n_rows = n_train if arm == "none" else n_train * (1 + n_copies)
            epochs = _epochs_for(updates, n_rows, batch_size)
            if isinstance(arm, tuple):                  # fresh copies every epoch; Adam's state carries over
                for X_fit, y_fit in _fresh_epochs(X_train, y_train, fresh_rng, n_copies, settings[arm[0]], epochs):
                    fit(model, X_fit, y_fit, optimizer=optimizer, epochs=1, batch_size=batch_size, rng=shuffle)
            else:
                X_fit, y_fit = X_train, y_train
                if arm != "none":
                    X_fit, y_fit = _with_copies(X_train, y_train, child, n_copies, settings[arm])
                fit(model, X_fit, y_fit, optimizer=optimizer, epochs=epochs, batch_size=batch_size, rng=shuffle)
            results[arm].append(evaluate(model, X[test], y[test])["accuracy"])
    return {arm: np.array(values) for arm, values in results.items()}


# ---- preprocessing by modality (deck 001): resizing an image, counting words ------------------------------


def block_average(image, factor):
    """Shrink by an integer factor: each output pixel is the mean of a factor×factor block.   (H, W) → (H/f, W/f)."""
    image = np.asarray(image, dtype=float)
    factor = positive("factor", factor, integer=True)
    H, W = image.shape
    if H % factor or W % factor:
        raise ValueError(f"factor must divide the image size {image.shape}, got {factor}")
    return image.reshape(H // factor, factor, W // factor, factor).mean(axis=(1, 3))


def bilinear_resize(image, height, width):
    """Bilinear interpolation with the corner pixels aligned: output (i, j) samples the input at
    (i·(H − 1)/(height − 1), j·(W − 1)/(width − 1)).   (H, W) → (height, width)."""
    image = np.asarray(image, dtype=float)
    height, width = positive("height", height, integer=True), positive("width", width, integer=True)
    if height < 2 or width < 2:
        raise ValueError(f"height and width must be at least 2, got {height} and {width}")
    H, W = image.shape
    r, c = np.linspace(0, H - 1, height), np.linspace(0, W - 1, width)
    r0, c0 = np.minimum(r.astype(int), H - 2), np.minimum(c.astype(int), W - 2)
    fr, fc = (r - r0)[:, None], (c - c0)[None, :]
    top = image[r0][:, c0] * (1 - fc) + image[r0][:, c0 + 1] * fc
    bottom = image[r0 + 1][:, c0] * (1 - fc) + image[r0 + 1][:, c0 + 1] * fc
    return top * (1 - fr) + bottom * fr


def bag_of_words(sentences):
    """Word counts: (vocabulary sorted alphabetically, counts (len(sentences), len(vocabulary)) int).
    Words are the lower-cased runs of letters."""
    import re

    tokens = [re.findall(r"[a-z]+", sentence.lower()) for sentence in sentences]
    vocabulary = sorted({word for words in tokens for word in words})
    index = {word: k for k, word in enumerate(vocabulary)}
    counts = np.zeros((len(sentences), len(vocabulary)), dtype=int)
    for row, words in enumerate(tokens):
        for word in words:
            counts[row, index[word]] += 1
    return vocabulary, counts
