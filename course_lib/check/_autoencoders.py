"""Exercise checks for the autoencoders notebook: reconstruction error, the denoising pair, PCA reconstruction."""

from __future__ import annotations

import numpy as np

from ..autoencoders import pca, pca_project, pca_reconstruct
from ._core import Exercise

__all__ = ["reconstruction_error", "denoising_pair", "pca_reconstruction"]

_rng = np.random.default_rng(12)
_X = [_rng.random((5, 4)), _rng.random((3, 64)), np.array([[0.0, 1.0], [0.5, 0.5]])]
_X_HAT = [_rng.random((5, 4)), _rng.random((3, 64)), np.array([[0.5, 0.0], [0.5, 1.0]])]
_NOISE = [_rng.standard_normal(x.shape) for x in _X]


def _reference_error(X, X_hat):
    return np.mean((X_hat - X) ** 2, axis=1)


reconstruction_error = Exercise(
    "reconstruction_error",
    _reference_error,
    cases=list(zip(_X, _X_HAT)),
    misconceptions=[
        ("you summed the squared errors over the pixels; take their mean (divide by the number of pixels d), so "
         "the error does not grow with the image size.", lambda X, X_hat: np.sum((X_hat - X) ** 2, axis=1)),
        ("you returned one number for the whole batch; the task asks for one error per example: average over "
         "axis=1 (the pixels) only.", lambda X, X_hat: np.mean((X_hat - X) ** 2)),
        ("the differences must be squared: positive and negative errors cancel in a plain mean.",
         lambda X, X_hat: np.mean(X_hat - X, axis=1)),
        ("that is the root of the mean squared error (RMSE); the task asks for the mean squared error itself.",
         lambda X, X_hat: np.sqrt(np.mean((X_hat - X) ** 2, axis=1))),
        ("you averaged over axis=0, the examples, which gives one error per pixel (shape (d,)); average over "
         "axis=1, the pixels, for one error per example (shape (N,)).",
         lambda X, X_hat: np.mean((X_hat - X) ** 2, axis=0)),
    ],
    success="This is the per-example MSE the figures report (their mean over the test digits).",
)


def _reference_pair(X, noise, noise_std):
    return np.clip(X + noise_std * noise, 0.0, 1.0), X


denoising_pair = Exercise(
    "denoising_pair",
    _reference_pair,
    cases=[(x, n, s) for x, n, s in zip(_X, _NOISE, (0.3, 0.1, 0.5))],
    misconceptions=[
        ("your target is the corrupted image: the network would learn to reproduce the noise. The input is "
         "corrupted, the target stays the clean X.",
         lambda X, noise, s: (np.clip(X + s * noise, 0, 1), np.clip(X + s * noise, 0, 1))),
        ("input and target are swapped: the network sees the noisy image and must output the clean one.",
         lambda X, noise, s: (X, np.clip(X + s * noise, 0, 1))),
        ("clip the corrupted pixels back into [0, 1]: pixel intensities cannot leave that range.",
         lambda X, noise, s: (X + s * noise, X)),
        ("noise_std is a standard deviation: multiply the standard normal noise by σ, not by σ².",
         lambda X, noise, s: (np.clip(X + s**2 * noise, 0, 1), X)),
        ("you returned only the corrupted inputs; return the pair (inputs, targets), with the clean X as the "
         "targets: return inputs, X.", lambda X, noise, s: np.clip(X + s * noise, 0, 1)),
    ],
    success="Input corrupted, target clean: that is what makes a denoising autoencoder learn structure.",
)


def _reference_pca(X, k):
    mean, components, _ = pca(X, k)
    return pca_reconstruct(pca_project(X, mean, components), mean, components)


def _uncentred(X, k):
    _, _, Vt = np.linalg.svd(X, full_matrices=False)
    return X @ Vt[:k].T @ Vt[:k]


def _smallest(X, k):
    mean = X.mean(axis=0)
    _, _, Vt = np.linalg.svd(X - mean, full_matrices=False)
    return mean + (X - mean) @ Vt[-k:].T @ Vt[-k:]


def _mean_not_added(X, k):
    mean = X.mean(axis=0)
    _, _, Vt = np.linalg.svd(X - mean, full_matrices=False)
    return (X - mean) @ Vt[:k].T @ Vt[:k]


def _codes_only(X, k):
    mean = X.mean(axis=0)
    _, _, Vt = np.linalg.svd(X - mean, full_matrices=False)
    return (X - mean) @ Vt[:k].T


_PCA_X = [np.random.default_rng(s).normal(size=(12, 5)) * [3.0, 2.0, 1.0, 0.5, 0.2] + 1.5 for s in (1, 2)]

pca_reconstruction = Exercise(
    "pca_reconstruction",
    _reference_pca,
    cases=[(_PCA_X[0], 2), (_PCA_X[1], 1), (_PCA_X[0], 3)],
    misconceptions=[
        ("subtract the mean of each feature before the SVD (and add it back after): PCA's directions are those of "
         "largest variance around the mean, not around 0.", _uncentred),
        ("you kept the k directions of smallest variance: np.linalg.svd sorts singular values in decreasing "
         "order, so the top k are the first k rows of Vt.", _smallest),
        ("add the mean back: the projection (X − mean)·VₖᵀVₖ lives around 0, the reconstruction around the data.",
         _mean_not_added),
        ("you returned the codes Z = (X − mean)·Vₖᵀ, shape (N, k); map them back to pixel space: mean + Z·Vₖ, "
         "shape (N, d).", _codes_only),
    ],
    success="A linear autoencoder trained with MSE can at best match this (it spans the same subspace).",
)
