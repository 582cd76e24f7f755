"""Compute for the autoencoders notebook: autoencoders on the 8×8 digits, their codes against PCA, greedy
layer-wise pre-training, and transfer of a pre-trained encoder.

An autoencoder is an encoder h = f(x) followed by a decoder x̂ = g(h), trained to give x̂ ≈ x.  Here both
halves are `Sequential` stacks of course_lib layers, and the whole autoencoder is one more `Sequential`
over the same layer objects, so training it trains the encoder and the decoder it is made of.

The decoder ends in a Dense layer with no activation.  With loss "binary_cross_entropy_with_logits" its
outputs are logits and the reconstruction is x̂ = σ(output); with loss "mse" the output is x̂ itself.

The studies at the bottom (the explorer's grid, pre-training, transfer) train dozens of small networks, so
they take an integer `seed` (each makes its own generators from it), are cached, and return plain arrays.
"""

from __future__ import annotations

import copy
import functools

import numpy as np

from ... import augment as _augment
from ... import data as _data
from ... import losses as _losses
from ... import training as _training
from ..._validate import in_unit_interval, non_negative, one_of, positive
from ...activations import sigmoid
from ...layers import Activation, Dense
from ...model import Sequential
from ...optim import Adam
from ..putting_it_together.compute import single_thread_blas

RECONSTRUCTION_LOSSES = ("binary_cross_entropy_with_logits", "mse")
CODE_SIZES = (2, 8, 32, 128)            # the explorer's grid: under-complete up to over-complete (64 pixels)
NOISE_LEVELS = (0.0, 0.2, 0.4)          # σ of the Gaussian corruption used in training
TEST_NOISE = 0.3                        # σ of the noise added to test digits to measure denoising
LABEL_COUNTS = (20, 50, 100, 200, 500)  # labelled examples for the pre-training study (10 classes)
TRANSFER_COUNTS = (10, 25, 50, 100, 250)  # labelled examples of the digits 5–9 for the transfer study


# ----------------------------------------------------------------------------------------------------
# Building, corrupting, reconstructing
# ----------------------------------------------------------------------------------------------------


def _init_for(activation):
    """He initialization in front of ReLU, Glorot in front of anything else."""
    return "he_uniform" if activation == "relu" else "glorot_uniform"


def build_autoencoder(d_in, code_size, rng, hidden=(), activation="relu", code_activation="relu"):
    """(encoder, decoder, autoencoder): x (N, d_in) → h (N, code_size) → output (N, d_in).

    Encoder: Dense → activation for each width in `hidden`, then Dense → code_activation to the code.
    Decoder: the mirror image, ending in a Dense layer with no activation (logits, or values for MSE).
    The autoencoder is Sequential(encoder layers + decoder layers): the same layer objects, not copies.
    """
    positive("d_in", d_in, integer=True)
    positive("code_size", code_size, integer=True)
    for width in hidden:
        positive("hidden width", width, integer=True)
    widths = [d_in, *hidden, code_size]
    encoder_layers = []
    for k, (a, b) in enumerate(zip(widths[:-1], widths[1:])):
        f = code_activation if k == len(widths) - 2 else activation
        encoder_layers += [Dense(a, b, init=_init_for(f), rng=rng), Activation(f)]
    decoder_layers = []
    back = widths[::-1]                                  # code_size, …hidden reversed…, d_in
    for a, b in zip(back[:-2], back[1:-1]):
        decoder_layers += [Dense(a, b, init=_init_for(activation), rng=rng), Activation(activation)]
    decoder_layers.append(Dense(back[-2], d_in, rng=rng))
    return Sequential(encoder_layers), Sequential(decoder_layers), Sequential(encoder_layers + decoder_layers)


def reconstruct(autoencoder, X, loss="binary_cross_entropy_with_logits"):
    """x̂ for every row of X at inference: σ(output) for the BCE-with-logits loss, the output itself for MSE."""
    one_of("loss", loss, RECONSTRUCTION_LOSSES)
    output = autoencoder.predict(np.asarray(X, dtype=float))
    return sigmoid(output) if loss == "binary_cross_entropy_with_logits" else output


def corrupt(X, noise_std, rng):
    """x̃ = clip(x + ε, 0, 1) with ε ~ N(0, noise_std²) for every pixel.   X: (N, d) → (N, d)."""
    non_negative("noise_std", noise_std)
    return np.clip(_augment.add_gaussian_noise(X, noise_std, rng), 0.0, 1.0)


def train_autoencoder(autoencoder, X, rng, loss="binary_cross_entropy_with_logits", noise_std=0.0, epochs=20,
                      batch_size=64, lr=0.01):
    """Train the autoencoder to map X (or, when noise_std > 0, a corrupted copy of X) back to X; returns the
    per-epoch training losses (a list).

    A denoising autoencoder gets a fresh corruption every epoch: the input is corrupt(X), the target the clean X.
    Uses Adam(lr) and course_lib.training.fit.
    """
    one_of("loss", loss, RECONSTRUCTION_LOSSES)
    non_negative("noise_std", noise_std)
    positive("epochs", epochs, integer=True)
    optimizer = Adam(lr)
    with single_thread_blas():
        if noise_std == 0:
            history = _training.fit(autoencoder, X, X, loss=loss, optimizer=optimizer, epochs=epochs,
                                    batch_size=batch_size, rng=rng)
            return list(history.history["loss"])
        losses = []
        for _ in range(epochs):                          # the same optimizer carries its state across epochs
            history = _training.fit(autoencoder, corrupt(X, noise_std, rng), X, loss=loss, optimizer=optimizer,
                                    epochs=1, batch_size=batch_size, rng=rng)
            losses += history.history["loss"]
    return losses


def tied_autoencoder_loss(X, W, b, c):
    """The loss of a tied-weight autoencoder:  h = σ(X W + b),  X̂ = h Wᵀ + c,  L = (1/N) Σₙ ½‖x̂ₙ − xₙ‖².

    X: (N, d), W: (d, k) (the same matrix encodes and, transposed, decodes), b: (k,), c: (d,) → a float.
    """
    X, W = np.asarray(X, dtype=float), np.asarray(W, dtype=float)
    if X.ndim != 2 or W.ndim != 2 or W.shape[0] != X.shape[1]:
        raise ValueError(f"X must be (N, d) and W (d, k) with the same d, got {X.shape} and {W.shape}")
    H = sigmoid(X @ W + b)
    X_hat = H @ W.T + c
    return float(0.5 * np.sum((X_hat - X) ** 2) / len(X))


# ----------------------------------------------------------------------------------------------------
# Measuring reconstructions
# ----------------------------------------------------------------------------------------------------


def reconstruction_error(X, X_hat):
    """The mean squared error of each example: mean_k (x̂_k − x_k)².   X, X_hat: (N, d) → (N,)."""
    X, X_hat = np.asarray(X, dtype=float), np.asarray(X_hat, dtype=float)
    if X.shape != X_hat.shape:
        raise ValueError(f"X_hat must have the shape of X {X.shape}, got {X_hat.shape}")
    return np.mean((X_hat - X) ** 2, axis=1)


def bce_floor(X):
    """The smallest mean BCE any reconstruction can reach, at x̂ = x: mean_k H(x_k),
    H(x) = −x·ln x − (1 − x)·ln(1 − x) (0·ln 0 = 0).   X: (N, d) in [0, 1] → a float.

    It is 0 only for black-and-white images; grey pixels (0 < x < 1) keep it above 0.
    """
    X = np.asarray(X, dtype=float)
    if X.size and (X.min() < 0 or X.max() > 1):
        raise ValueError("X must lie in [0, 1] (pixel intensities)")
    with np.errstate(divide="ignore", invalid="ignore"):
        H = -(np.where(X > 0, X * np.log(X), 0.0) + np.where(X < 1, (1 - X) * np.log(1 - X), 0.0))
    return float(np.mean(H))


def perturbation_gain(reconstruct_fn, X, rng, std=0.05):
    """How much of a small change of the input reaches the output: ‖f(x + δ) − f(x)‖² / ‖δ‖², δ ~ N(0, std²).

    1 for the identity map f(x) = x, 0 for a constant map.   reconstruct_fn: (N, d) → (N, d);  returns a float.
    """
    positive("std", std)
    X = np.asarray(X, dtype=float)
    delta = rng.normal(0.0, std, X.shape)
    return float(np.sum((reconstruct_fn(X + delta) - reconstruct_fn(X)) ** 2) / np.sum(delta**2))



def mosaic(rows, side=8, gap=1, gap_value=0.25):
    """Images side by side, one row of the mosaic per array in `rows`, separated by `gap` pixels of gap_value.

    rows: a list of R arrays (n, side·side), the same n;  returns (R·(side + gap) − gap, n·(side + gap) − gap).
    """
    n = len(rows[0])
    step = side + gap
    image = np.full((len(rows) * step - gap, n * step - gap), gap_value, dtype=float)
    for r, images in enumerate(rows):
        if len(images) != n:
            raise ValueError(f"every row must hold {n} images, row {r} holds {len(images)}")
        for c, pixels in enumerate(np.asarray(images, dtype=float)):
            image[r * step:r * step + side, c * step:c * step + side] = pixels.reshape(side, side)
    return image

# ----------------------------------------------------------------------------------------------------
# PCA (numpy SVD) and neighbours in the code space
# ----------------------------------------------------------------------------------------------------


def pca(X, k):
    """(mean (d,), components (k, d), explained variance ratio (k,)) of X: (N, d), from the SVD of X − mean.

    The rows of `components` are the top-k right singular vectors (orthonormal), each signed so that its
    largest-magnitude entry is positive (an SVD leaves the sign free).
    """
    X = np.asarray(X, dtype=float)
    positive("k", k, integer=True)
    if k > min(X.shape):
        raise ValueError(f"k must be in [1, {min(X.shape)}] for X of shape {X.shape}, got {k}")
    mean = X.mean(axis=0)
    _, S, Vt = np.linalg.svd(X - mean, full_matrices=False)
    components = Vt[:k]
    signs = np.sign(components[np.arange(k), np.abs(components).argmax(axis=1)])
    variance = S**2
    return mean, components * signs[:, None], variance[:k] / variance.sum()


def pca_project(X, mean, components):
    """z = (x − mean)·Vₖᵀ, the coordinates along the components.   X: (N, d) → (N, k)."""
    return (np.asarray(X, dtype=float) - mean) @ components.T


def pca_reconstruct(Z, mean, components):
    """x̂ = mean + z·Vₖ, back in pixel space.   Z: (N, k) → (N, d)."""
    return mean + np.asarray(Z, dtype=float) @ components


def principal_angles(A, B):
    """The principal angles (radians, ascending) between the column spaces of A: (d, p) and B: (d, q).

    With orthonormal bases Q_A, Q_B (QR), the cosines of the angles are the singular values of Q_Aᵀ Q_B;
    min(p, q) angles, all 0 when one space contains the other, π/2 for directions orthogonal to it.
    """
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or A.shape[0] != B.shape[0]:
        raise ValueError(f"A and B must be 2-D with the same number of rows, got shapes {A.shape} and {B.shape}")
    for name, M in (("A", A), ("B", B)):
        if np.linalg.matrix_rank(M) < M.shape[1]:
            raise ValueError(f"the columns of {name} must be linearly independent (rank {M.shape[1]})")
    Q_A, Q_B = np.linalg.qr(A)[0], np.linalg.qr(B)[0]
    cosines = np.linalg.svd(Q_A.T @ Q_B, compute_uv=False)      # descending cosines → ascending angles
    return np.arccos(np.clip(cosines, -1.0, 1.0))


def _unit_range(rows):
    """Each row scaled to [0, 1] (min → 0, max → 1), to draw signed directions as images."""
    rows = np.asarray(rows, dtype=float)
    low, high = rows.min(axis=1, keepdims=True), rows.max(axis=1, keepdims=True)
    return (rows - low) / (high - low)


@functools.lru_cache(maxsize=4)
def linear_autoencoder_vs_pca(k=4, plan=((40, 0.01), (10, 0.001)), batch_size=32, seed=0):
    """A linear autoencoder 64 → k → 64 (no activations, MSE, Adam) against PCA with k components, both on the
    training digits.  plan: (epochs, lr) stages, trained one after the other.

    Returns a dict: "angles_before", "angles_after" (k,) principal angles (radians) between the PCA subspace
    (span of the top-k directions) and the span of the decoder's k rows (the code's W is (k, 64), so these are
    the columns of W^l in the column convention), before and after training; "encoder_angles" (k,) the same
    for the encoder's k columns after training; "ae_error", "pca_error": mean squared reconstruction error on
    the test digits; "pca_images", "decoder_images", "projected_images" (k, 64) scaled to [0, 1] for drawing
    (the decoder's rows projected onto the PCA subspace for the last).
    """
    X_train, _, X_test, _ = digit_split(seed)
    rng = np.random.default_rng(seed)
    mean, components, _ = pca(X_train, k)
    encoder, decoder, autoencoder = build_autoencoder(64, k, rng, code_activation="linear")
    W_before = decoder.layers[-1].params["W"].copy()
    for epochs, lr in plan:
        train_autoencoder(autoencoder, X_train, rng, loss="mse", epochs=epochs, lr=lr, batch_size=batch_size)
    W = decoder.layers[-1].params["W"]                           # (k, 64): row j is what code unit j draws
    pca_hat = pca_reconstruct(pca_project(X_test, mean, components), mean, components)
    return {"angles_before": principal_angles(components.T, W_before.T),
            "angles_after": principal_angles(components.T, W.T),
            "encoder_angles": principal_angles(components.T, encoder.layers[0].params["W"]),
            "ae_error": float(reconstruction_error(X_test, reconstruct(autoencoder, X_test, "mse")).mean()),
            "pca_error": float(reconstruction_error(X_test, pca_hat).mean()),
            "pca_images": _unit_range(components), "decoder_images": _unit_range(W),
            "projected_images": _unit_range(W @ components.T @ components)}


def knn_accuracy(Z, y, k=5):
    """Leave-one-out k-nearest-neighbour accuracy in a code space: how well nearby codes share a label.

    Z: (N, m) codes, y: (N,) labels.  Each point takes the majority label of its k nearest other points
    (Euclidean; ties go to the smallest label).  Returns a float in [0, 1].
    """
    Z, y = np.asarray(Z, dtype=float), np.asarray(y)
    positive("k", k, integer=True)
    if k >= len(Z):
        raise ValueError(f"k must be in [1, {len(Z) - 1}] for {len(Z)} points, got {k}")
    squared = np.sum(Z**2, axis=1)
    distance = squared[:, None] + squared[None, :] - 2 * Z @ Z.T
    np.fill_diagonal(distance, np.inf)                   # leave the point itself out
    neighbours = np.argsort(distance, axis=1)[:, :k]
    votes = np.zeros((len(Z), int(y.max()) + 1))
    np.add.at(votes, (np.repeat(np.arange(len(Z)), k), y[neighbours].ravel()), 1)
    return float(np.mean(votes.argmax(axis=1) == y))


# ----------------------------------------------------------------------------------------------------
# Greedy layer-wise pre-training, fine-tuning, transfer
# ----------------------------------------------------------------------------------------------------


def pretrain_greedy(X, widths, rng, activation="sigmoid", epochs=20, noise_std=0.0, lr=0.01):
    """Greedy layer-wise pre-training: one autoencoder per layer, each trained on the codes of the one before.

    Layer 1 learns to reconstruct X, layer 2 to reconstruct layer 1's codes h1 = f(X·W1 + b1), and so on.
    No labels are used.  Returns the encoder layers [Dense, Activation, Dense, Activation, …] (trained).
    The reconstruction loss is BCE-with-logits while the inputs lie in [0, 1] (pixels, sigmoid codes),
    else MSE (ReLU codes are unbounded).
    """
    H = np.asarray(X, dtype=float)
    layers = []
    for width in widths:
        loss = "binary_cross_entropy_with_logits" if H.min() >= 0 and H.max() <= 1 else "mse"
        encoder, _, autoencoder = build_autoencoder(H.shape[1], width, rng, code_activation=activation)
        train_autoencoder(autoencoder, H, rng, loss=loss, noise_std=noise_std, epochs=epochs, lr=lr)
        layers += encoder.layers
        H = encoder.predict(H)                           # the next layer learns from these codes
    return layers


def random_encoder(d_in, widths, rng, activation="sigmoid"):
    """Encoder layers [Dense, Activation, …] with the usual random initialization (He for ReLU, else Glorot)."""
    layers, a = [], d_in
    for width in widths:
        layers += [Dense(a, width, init=_init_for(activation), rng=rng), Activation(activation)]
        a = width
    return layers


def classifier(encoder_layers, n_classes, rng):
    """Sequential(copies of the encoder layers + a new Dense output layer with n_classes logits)."""
    layers = copy.deepcopy(list(encoder_layers))       # copies: the same encoder is reused many times
    width = next(layer.d_out for layer in reversed(layers) if isinstance(layer, Dense))
    return Sequential(layers + [Dense(width, n_classes, rng=rng)])


def fine_tune(model, X, y, rng, updates=300, batch_size=32, lr=3e-3, train_encoder=True):
    """Supervised training of a classifier on (X, y) for about `updates` Adam steps (softmax cross-entropy).

    train_encoder=False trains only the last (output) layer on the fixed features of the layers below it.
    Returns the model.
    """
    positive("updates", updates, integer=True)
    batch_size = min(batch_size, len(X))
    epochs = max(1, round(updates * batch_size / len(X)))
    with single_thread_blas():
        if train_encoder:
            _training.fit(model, X, y, optimizer=Adam(lr), epochs=epochs, batch_size=batch_size, rng=rng)
            return model
        features = Sequential(model.layers[:-1]).predict(X)
        head = Sequential(model.layers[-1:])
        _training.fit(head, features, y, optimizer=Adam(lr), epochs=epochs, batch_size=batch_size, rng=rng)
    return model


def labelled_subset(y, n, rng, classes=None):
    """Indices of n labelled examples, n/len(classes) of each class (stratified), drawn with rng."""
    classes = np.unique(y) if classes is None else np.asarray(classes)
    positive("n", n, integer=True)
    per_class = n // len(classes)
    if per_class * len(classes) != n or per_class < 1:
        raise ValueError(f"n must be a positive multiple of the number of classes ({len(classes)}), got {n}")
    picks = [rng.choice(np.flatnonzero(y == c), size=per_class, replace=False) for c in classes]
    return rng.permutation(np.concatenate(picks))


def digit_split(seed=0, test_fraction=0.25):
    """The digits split once into training and test rows (the test rows are never trained on).

    Returns X_train, y_train, X_test, y_test; X in [0, 1] with shape (N, 64).
    """
    in_unit_interval("test_fraction", test_fraction)
    X, y = _data.digits()
    return _data.train_val_split(X, y, test_fraction, np.random.default_rng(seed))


# ----------------------------------------------------------------------------------------------------
# The studies behind the notebook's figures (cached: each trains many small networks once)
# ----------------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def autoencoder_grid(code_sizes=CODE_SIZES, noise_levels=NOISE_LEVELS, epochs=12, lr=0.02, seed=0, n_show=6):
    """One autoencoder 64 → code → 64 (ReLU code, BCE-with-logits) per (code size, training noise σ), trained on
    the training digits; measured on the test digits.

    Returns a dict: "models": {(code_size, noise): autoencoder}; "X_show" (n_show, 64) test digits and
    "X_show_noisy" the same digits corrupted with σ = TEST_NOISE; and arrays of shape
    (len(code_sizes), len(noise_levels)): "clean_error" (mean squared error reconstructing clean test digits),
    "denoising_error" (noisy test digits in, clean digits as the target) and "gain" (perturbation_gain:
    1 for the identity map).  Do not modify what it returns: it is cached.
    """
    X_train, _, X_test, _ = digit_split(seed)
    X_noisy = corrupt(X_test, TEST_NOISE, np.random.default_rng(seed + 1))
    shape = (len(code_sizes), len(noise_levels))
    result = {"models": {}, "X_show": X_test[:n_show], "X_show_noisy": X_noisy[:n_show],
              "code_sizes": tuple(code_sizes), "noise_levels": tuple(noise_levels),
              "clean_error": np.zeros(shape), "denoising_error": np.zeros(shape), "gain": np.zeros(shape)}
    with single_thread_blas():
        for i, code_size in enumerate(code_sizes):
            for j, noise in enumerate(noise_levels):
                rng = np.random.default_rng([seed, i, j])
                _, _, autoencoder = build_autoencoder(64, code_size, rng)
                train_autoencoder(autoencoder, X_train, rng, noise_std=noise, epochs=epochs, lr=lr)
                f = functools.partial(reconstruct, autoencoder)
                result["models"][code_size, noise] = autoencoder
                result["clean_error"][i, j] = reconstruction_error(X_test, f(X_test)).mean()
                result["denoising_error"][i, j] = reconstruction_error(X_test, f(X_noisy)).mean()
                result["gain"][i, j] = perturbation_gain(f, X_test, np.random.default_rng(seed + 2))
    return result


@functools.lru_cache(maxsize=4)
def loss_comparison(code_size=32, epochs=15, lr=0.01, seed=0):
    """The same autoencoder (64 → code_size → 64, ReLU) trained with BCE on σ(logits) and with MSE on a linear
    output, both measured after every epoch on the test digits.

    Returns {loss name: {"test_mse": (epochs,), "test_bce": (epochs,), "X_hat": (n_test, 64)}} and
    "bce_floor": the test set's BCE floor.  For the BCE of the MSE model its outputs are clipped into
    [0.001, 0.999] (a linear output can leave [0, 1], where BCE is undefined).
    """
    from ...losses import binary_cross_entropy

    X_train, _, X_test, _ = digit_split(seed)
    result = {"bce_floor": bce_floor(X_test)}
    with single_thread_blas():
        for loss in RECONSTRUCTION_LOSSES:
            rng = np.random.default_rng(seed)                # the same initial weights for both losses
            _, _, autoencoder = build_autoencoder(64, code_size, rng)
            optimizer = Adam(lr)
            mse, bce = [], []
            for _ in range(epochs):
                _training.fit(autoencoder, X_train, X_train, loss=loss, optimizer=optimizer, epochs=1, rng=rng)
                X_hat = reconstruct(autoencoder, X_test, loss)
                mse.append(float(reconstruction_error(X_test, X_hat).mean()))
                bce.append(binary_cross_entropy(np.clip(X_hat, 1e-3, 1 - 1e-3), X_test)[0])
            result[loss] = {"test_mse": np.array(mse), "test_bce": np.array(bce), "X_hat": X_hat}
    return result


@functools.lru_cache(maxsize=4)
def code_vs_pca(hidden=(32,), epochs=25, lr=0.01, seed=0):
    """2-D codes of the test digits from an autoencoder 64 → hidden → 2 (linear code) → hidden → 64 (ReLU hidden
    layers, BCE) and from PCA with 2 components, both fitted on the training digits.

    Returns a dict: "ae_codes", "pca_codes" (n_test, 2); "y" (n_test,) labels (never used in fitting);
    "ae_error", "pca_error": mean squared reconstruction error on the test digits; "ae_knn", "pca_knn":
    leave-one-out 5-nearest-neighbour accuracy of the 2-D codes; "pca_variance": the variance ratio kept.
    """
    X_train, _, X_test, y_test = digit_split(seed)
    rng = np.random.default_rng(seed)
    with single_thread_blas():
        encoder, _, autoencoder = build_autoencoder(64, 2, rng, hidden=hidden, code_activation="linear")
        train_autoencoder(autoencoder, X_train, rng, epochs=epochs, lr=lr)
        mean, components, ratio = pca(X_train, 2)
    pca_codes = pca_project(X_test, mean, components)
    ae_codes = encoder.predict(X_test)
    return {"ae_codes": ae_codes, "pca_codes": pca_codes, "y": y_test,
            "ae_error": float(reconstruction_error(X_test, reconstruct(autoencoder, X_test)).mean()),
            "pca_error": float(reconstruction_error(X_test, pca_reconstruct(pca_codes, mean, components)).mean()),
            "ae_knn": knn_accuracy(ae_codes, y_test), "pca_knn": knn_accuracy(pca_codes, y_test),
            "pca_variance": float(ratio.sum())}


@functools.lru_cache(maxsize=4)
def pretraining_study(label_counts=LABEL_COUNTS, activations=("sigmoid", "relu"), widths=(128, 64, 32),
                      seeds=(0, 1), pretrain_epochs=10, updates=150, lr=5e-3, seed=0):
    """Greedy layer-wise pre-training + fine-tuning against random initialization, with few labels.

    For each activation: pre-train the encoder layers `widths` on all training digits without labels
    (pretrain_greedy), then for each labelled-set size n and each seed draw n labelled training digits
    (n/10 per class) and fine-tune two classifiers of the same shape: one starting from the pre-trained
    layers, one from random (He or Glorot) initialization; `updates` Adam steps each.
    Returns {activation: {"pretrained": (len(seeds), len(label_counts)), "random": same}} test accuracies.
    """
    X_train, y_train, X_test, y_test = digit_split(seed)
    result = {}
    with single_thread_blas():
        for activation in activations:
            pretrained = pretrain_greedy(X_train, widths, np.random.default_rng(seed), activation=activation,
                                         epochs=pretrain_epochs)
            scores = {"pretrained": np.zeros((len(seeds), len(label_counts))), "random": None}
            scores["random"] = np.zeros_like(scores["pretrained"])
            for s, run_seed in enumerate(seeds):
                for c, n in enumerate(label_counts):
                    rng = np.random.default_rng([run_seed, n])
                    rows = labelled_subset(y_train, n, rng)
                    for name, layers in (("pretrained", pretrained),
                                         ("random", random_encoder(64, widths, rng, activation))):
                        model = classifier(layers, 10, rng)
                        fine_tune(model, X_train[rows], y_train[rows], rng, updates=updates, lr=lr)
                        scores[name][s, c] = _training.accuracy(model.predict(X_test), y_test)
            result[activation] = scores
    return result


TRANSFER_METHODS = ("from scratch", "frozen layer 1", "frozen layers 1–2", "fine-tuned layers 1–2")


@functools.lru_cache(maxsize=4)
def transfer_study(label_counts=TRANSFER_COUNTS, widths=(128, 64), seeds=(0, 1), source_epochs=15, updates=150,
                   lr=5e-3, seed=0):
    """Transfer: an encoder trained (with labels) to classify the digits 0–4, reused for the digits 5–9.

    For each size n of the labelled 5–9 set (n/5 per class) and each seed, four classifiers with a new output
    layer for the 5 new classes (TRANSFER_METHODS): random initialization; the transferred first layer,
    frozen (only the output layer trained); both transferred layers, frozen; both transferred layers,
    fine-tuned.  Returns {"source_accuracy": float (0–4 test digits), method: (len(seeds), len(label_counts))
    test accuracies on the 5–9 test digits}.
    """
    X_train, y_train, X_test, y_test = digit_split(seed)
    source, target, target_test = y_train < 5, y_train >= 5, y_test >= 5
    X_t, y_t = X_train[target], y_train[target] - 5
    X_tt, y_tt = X_test[target_test], y_test[target_test] - 5
    rng = np.random.default_rng(seed)
    result = {}
    with single_thread_blas():
        encoder = random_encoder(64, widths, rng, "relu")
        source_model = Sequential(encoder + [Dense(widths[-1], 5, rng=rng)])
        _training.fit(source_model, X_train[source], y_train[source], optimizer=Adam(3e-3), epochs=source_epochs,
                      batch_size=32, rng=rng)
        result["source_accuracy"] = _training.accuracy(source_model.predict(X_test[~target_test]),
                                                       y_test[~target_test])
        for method in TRANSFER_METHODS:
            result[method] = np.zeros((len(seeds), len(label_counts)))
        for s, run_seed in enumerate(seeds):
            for c, n in enumerate(label_counts):
                rng = np.random.default_rng([run_seed, n])
                rows = labelled_subset(y_t, n, rng)
                setups = {"from scratch": (random_encoder(64, widths, rng, "relu"), True),
                          "frozen layer 1": (encoder[:2], False), "frozen layers 1–2": (encoder, False),
                          "fine-tuned layers 1–2": (encoder, True)}
                for method, (layers, train_encoder) in setups.items():
                    model = classifier(layers, 5, rng)
                    fine_tune(model, X_t[rows], y_t[rows], rng, updates=updates, lr=lr, train_encoder=train_encoder)
                    result[method][s, c] = _training.accuracy(model.predict(X_tt), y_tt)
    return result


# ----------------------------------------------------------------------------------------------------
# Multi-task learning: one trunk, two heads
# ----------------------------------------------------------------------------------------------------

MULTITASK_STARTS = ("from scratch", "multi-task (0–4 head too)", "supervised encoder (0–4)",
                    "autoencoder encoder (no labels)")


def two_head_loss(trunk, head_a, head_b, Xa, ya, Xb, yb):
    """L = CE(head_a(trunk(Xa)), ya) + CE(head_b(trunk(Xb)), yb) (each a mean over its rows); fills the grads of
    the trunk and both heads, the trunk's being the sum of what flows back from the two heads.

    trunk, head_a, head_b: Sequential;  Xa: (Na, d), ya: (Na,) ints;  Xb: (Nb, d), yb: (Nb,) ints → float.
    """
    H = trunk.forward(np.concatenate([Xa, Xb]))
    loss_a, grad_a = _losses.softmax_cross_entropy(head_a.forward(H[:len(Xa)]), ya)
    loss_b, grad_b = _losses.softmax_cross_entropy(head_b.forward(H[len(Xa):]), yb)
    trunk.backward(np.concatenate([head_a.backward(grad_a), head_b.backward(grad_b)]))
    return float(loss_a + loss_b)


def train_two_heads(trunk, head_a, head_b, Xa, ya, Xb, yb, rng, updates=150, batch_size=32, lr=5e-3):
    """`updates` Adam steps on two_head_loss, each on a fresh random batch of each task (without replacement
    within a batch).  Returns the per-update losses (updates,)."""
    positive("updates", updates, integer=True)
    optimizer, losses = Adam(lr), []
    every = Sequential(trunk.layers + head_a.layers + head_b.layers)        # only to list the parameters
    for _ in range(updates):
        ia = rng.choice(len(Xa), size=min(batch_size, len(Xa)), replace=False)
        ib = rng.choice(len(Xb), size=min(batch_size, len(Xb)), replace=False)
        losses.append(two_head_loss(trunk, head_a, head_b, Xa[ia], ya[ia], Xb[ib], yb[ib]))
        optimizer.step(every.parameters())
    return np.array(losses)


@functools.lru_cache(maxsize=4)
def multitask_study(n_labels=25, width=64, seeds=(0, 1, 2, 3, 4), updates=150, lr=5e-3, pretrain_epochs=10,
                    seed=0):
    """Classify the digits 5–9 from n_labels labelled examples (n_labels/5 per class) with a one-layer ReLU
    trunk (64 → width) and a 5-logit head, fine-tuned for `updates` Adam steps from four starts (MULTITASK_STARTS):
    a random trunk; a random trunk trained jointly with a second head that classifies the digits 0–4 (all their
    training labels), the multi-task setting; the trunk of a network trained on the digits 0–4, then fine-tuned;
    the encoder of an autoencoder trained on all training digits without labels, then fine-tuned.

    Per seed: a new labelled subset, new heads and, for the last two starts, a new pre-training.
    Returns {start: (len(seeds),) test accuracies on the digits 5–9}.
    """
    X_train, y_train, X_test, y_test = digit_split(seed)
    source, target, target_test = y_train < 5, y_train >= 5, y_test >= 5
    X_s, y_s = X_train[source], y_train[source]
    X_t, y_t = X_train[target], y_train[target] - 5
    X_tt, y_tt = X_test[target_test], y_test[target_test] - 5
    result = {start: np.zeros(len(seeds)) for start in MULTITASK_STARTS}
    with single_thread_blas():
        for k, run_seed in enumerate(seeds):
            rng = np.random.default_rng([run_seed, n_labels])
            rows = labelled_subset(y_t, n_labels, rng)
            # the supervised source network (digits 0–4) and the autoencoder (all digits, no labels)
            source_net = Sequential(random_encoder(64, (width,), rng, "relu") + [Dense(width, 5, rng=rng)])
            _training.fit(source_net, X_s, y_s, optimizer=Adam(3e-3), epochs=pretrain_epochs, batch_size=32, rng=rng)
            encoder, _, autoencoder = build_autoencoder(64, width, rng)
            train_autoencoder(autoencoder, X_train, rng, epochs=pretrain_epochs)
            for start in MULTITASK_STARTS:
                if start.startswith("multi-task"):
                    trunk = Sequential(random_encoder(64, (width,), rng, "relu"))
                    head = Sequential([Dense(width, 5, rng=rng)])
                    train_two_heads(trunk, Sequential([Dense(width, 5, rng=rng)]), head, X_s, y_s,
                                    X_t[rows], y_t[rows], rng, updates=updates, lr=lr)
                    model = Sequential(trunk.layers + head.layers)
                else:
                    layers = {"from scratch": random_encoder(64, (width,), rng, "relu"),
                              "supervised encoder (0–4)": source_net.layers[:2],
                              "autoencoder encoder (no labels)": encoder.layers}[start]
                    model = fine_tune(classifier(layers, 5, rng), X_t[rows], y_t[rows], rng, updates=updates, lr=lr)
                result[start][k] = _training.accuracy(model.predict(X_tt), y_tt)
    return result


def multitask_summary(study):
    """The multi-task table: per start, the mean and sample sd of its test accuracies and (except for "from
    scratch") the paired difference to "from scratch" in points: mean, standard error, seeds lower, seeds.

    study: from multitask_study.  Returns {start: {"mean", "sd", "paired": None or {"mean", "error", "lower", "n"}}}.
    """
    scratch = study["from scratch"]
    summary = {}
    for start, scores in study.items():
        paired = None
        if start != "from scratch":
            d = 100 * (scores - scratch)
            paired = {"mean": d.mean(), "error": d.std(ddof=1) / np.sqrt(len(d)), "lower": int(np.sum(d < 0)),
                      "n": len(d)}
        summary[start] = {"mean": scores.mean(), "sd": scores.std(ddof=1), "paired": paired}
    return summary


# ----------------------------------------------------------------------------------------------------
# What the explorers show for one setting of their controls
# ----------------------------------------------------------------------------------------------------


def autoencoder_view(grid, code_size, noise):
    """The autoencoder explorer's numbers for one (code size, training σ) of the grid (from autoencoder_grid):
    "image" the mosaic of the shown test digits, their reconstructions, the noisy digits and theirs;
    "clean_error", "denoising_error", "gain" of that autoencoder; "noise_index" its column in the grid."""
    i, j = grid["code_sizes"].index(code_size), grid["noise_levels"].index(noise)
    model, X_show, X_noisy = grid["models"][code_size, noise], grid["X_show"], grid["X_show_noisy"]
    image = mosaic([X_show, reconstruct(model, X_show), X_noisy, reconstruct(model, X_noisy)])
    return {"image": image, "code_size": code_size, "noise": noise, "noise_index": j,
            "clean_error": grid["clean_error"][i, j], "denoising_error": grid["denoising_error"][i, j],
            "gain": grid["gain"][i, j]}


def pretraining_view(study, activation, n_labels, label_counts=LABEL_COUNTS):
    """The pre-training explorer's numbers for one activation and label count: the per-seed test accuracies
    "pretrained" and "random" (n_seeds,) and "difference", their means' difference in points."""
    scores, c = study[activation], list(label_counts).index(n_labels)
    pre, rnd = scores["pretrained"][:, c], scores["random"][:, c]
    return {"pretrained": pre, "random": rnd, "n_labels": n_labels, "difference": 100 * (pre.mean() - rnd.mean())}
