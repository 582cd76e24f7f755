"""Exercise checks for the autoencoders notebook: reconstruction error, the denoising pair, PCA reconstruction,
and the backward pass of a tied-weight autoencoder (checked against finite differences).

Messages are marked with N_ and translated where they are shown."""

from __future__ import annotations

import numpy as np

from ...activations import sigmoid
from ...i18n import N_, tr
from ..exercise import CheckResult, Exercise
from .compute import pca, pca_project, pca_reconstruct, tied_autoencoder_loss

__all__ = ["reconstruction_error", "denoising_pair", "pca_reconstruction", "tied_autoencoder_grads"]

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
        (N_("you summed the squared errors over the pixels; take their mean (divide by the number of pixels d), so "
         "the error does not grow with the image size."), lambda X, X_hat: np.sum((X_hat - X) ** 2, axis=1)),
        (N_("you returned one number for the whole batch; the task asks for one error per example: average over "
         "axis=1 (the pixels) only."), lambda X, X_hat: np.mean((X_hat - X) ** 2)),
        (N_("the differences must be squared: positive and negative errors cancel in a plain mean."),
         lambda X, X_hat: np.mean(X_hat - X, axis=1)),
        (N_("that is the root of the mean squared error (RMSE); the task asks for the mean squared error itself."),
         lambda X, X_hat: np.sqrt(np.mean((X_hat - X) ** 2, axis=1))),
        (N_("you averaged over axis=0, the examples, which gives one error per pixel (shape (d,)); average over "
         "axis=1, the pixels, for one error per example (shape (N,))."),
         lambda X, X_hat: np.mean((X_hat - X) ** 2, axis=0)),
    ],
    success=N_("This is the per-example MSE the figures report (their mean over the test digits)."),
)


def _reference_pair(X, noise, noise_std):
    return np.clip(X + noise_std * noise, 0.0, 1.0), X


denoising_pair = Exercise(
    "denoising_pair",
    _reference_pair,
    cases=[(x, n, s) for x, n, s in zip(_X, _NOISE, (0.3, 0.1, 0.5))],
    misconceptions=[
        (N_("your target is the corrupted image: the network would learn to reproduce the noise. The input is "
         "corrupted, the target stays the clean X."),
         lambda X, noise, s: (np.clip(X + s * noise, 0, 1), np.clip(X + s * noise, 0, 1))),
        (N_("input and target are swapped: the network sees the noisy image and must output the clean one."),
         lambda X, noise, s: (X, np.clip(X + s * noise, 0, 1))),
        (N_("clip the corrupted pixels back into [0, 1]: pixel intensities cannot leave that range."),
         lambda X, noise, s: (X + s * noise, X)),
        (N_("noise_std is a standard deviation: multiply the standard normal noise by σ, not by σ²."),
         lambda X, noise, s: (np.clip(X + s**2 * noise, 0, 1), X)),
        (N_("you returned only the corrupted inputs; return the pair (inputs, targets), with the clean X as the "
         "targets: return inputs, X."), lambda X, noise, s: np.clip(X + s * noise, 0, 1)),
    ],
    success=N_("Input corrupted, target clean: that is what makes a denoising autoencoder learn structure."),
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
        (N_("subtract the mean of each feature before the SVD (and add it back after): PCA's directions are those of "
         "largest variance around the mean, not around 0."), _uncentred),
        (N_("you kept the k directions of smallest variance: np.linalg.svd sorts singular values in decreasing "
         "order, so the top k are the first k rows of Vt."), _smallest),
        (N_("add the mean back: the projection (X − mean)·VₖᵀVₖ lives around 0, the reconstruction around the data."),
         _mean_not_added),
        (N_("you returned the codes Z = (X − mean)·Vₖᵀ, shape (N, k); map them back to pixel space: mean + Z·Vₖ, "
         "shape (N, d)."), _codes_only),
    ],
    success=N_("A linear autoencoder trained with MSE can at best match this (it spans the same subspace)."),
)


# ----------------------------------------------------------------------------------------------------
# Exercise 4: the backward pass of a tied-weight autoencoder
# ----------------------------------------------------------------------------------------------------

def _tied_case(seed, n, d, k):
    rng = np.random.default_rng(seed)
    return rng.random((n, d)), rng.normal(0, 0.5, (d, k)), rng.normal(0, 0.5, k), rng.normal(0, 0.5, d)


_TIED_CASES = [_tied_case(1, 5, 6, 3), _tied_case(2, 1, 4, 2), _tied_case(3, 7, 5, 5), _tied_case(4, 4, 8, 1)]


def finite_difference_grads(X, W, b, c, eps=1e-6):
    """(dW, db, dc) of tied_autoencoder_loss by central differences, (L(θ + ε) − L(θ − ε)) / 2ε per entry."""
    params = [np.array(W, dtype=float), np.array(b, dtype=float), np.array(c, dtype=float)]
    grads = []
    for p in params:
        g = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            saved = p[i]
            p[i] = saved + eps
            up = tied_autoencoder_loss(X, *params)
            p[i] = saved - eps
            down = tied_autoencoder_loss(X, *params)
            p[i] = saved
            g[i] = (up - down) / (2 * eps)
        grads.append(g)
    return tuple(grads)


def _tied_grads(X, W, b, c, encoder=True, decoder=True, sigma_prime=True, scale=1.0):
    """The analytic gradients, with switches that reproduce the usual slips."""
    H = sigmoid(X @ W + b)
    G = scale * (H @ W.T + c - X) / len(X)             # ∂L/∂X̂  (N, d)
    dH = G @ W                                          # back through X̂ = H Wᵀ
    dZ = dH * H * (1 - H) if sigma_prime else dH        # back through σ
    dW = (X.T @ dZ if encoder else 0) + (G.T @ H if decoder else 0)
    return dW, dZ.sum(axis=0), G.sum(axis=0)


def _flat(grads):
    return np.concatenate([np.ravel(g) for g in grads])


_TIED_SLIPS = [
    (N_("W is used twice, to encode and (transposed) to decode: dW is the sum of both contributions, "
     "Xᵀ·dZ + (∂L/∂X̂)ᵀ·H. You kept only the decoder's."), dict(encoder=False)),
    (N_("W is used twice, to encode and (transposed) to decode: dW is the sum of both contributions, "
     "Xᵀ·dZ + (∂L/∂X̂)ᵀ·H. You kept only the encoder's."), dict(decoder=False)),
    (N_("going back through h = σ(z) multiplies by σ′(z) = h(1 − h), element by element; it is missing."),
     dict(sigma_prime=False)),
    (N_("the loss is the mean over the N examples: divide ∂L/∂X̂ by N (your gradients are N times too large)."),
     dict(scale="N")),
    (N_("the ½ in ½‖x̂ − x‖² cancels the 2 of the derivative: ∂L/∂x̂ = (x̂ − x)/N, not 2(x̂ − x)/N."), dict(scale=2.0)),
]


class _TiedGradsExercise(Exercise):
    """Compares the three gradients (dW, db, dc) as one vector, after checking what was returned.  The reference
    and the slips return tuples too."""

    def evaluate(self, student_fn) -> CheckResult:
        if not callable(student_fn):
            return super().evaluate(student_fn)
        for X, W, b, c in self.cases:
            try:
                out = student_fn(X.copy(), W.copy(), b.copy(), c.copy())
            except Exception:
                break                                       # reported by Exercise.evaluate below
            shapes = [np.shape(W), np.shape(b), np.shape(c)]
            if not isinstance(out, (tuple, list)) or len(out) != 3:
                return self._fail(tr("return the three gradients as a tuple (dW, db, dc)."))
            got = [np.shape(g) for g in out]
            if got != shapes and got[0] == shapes[0][::-1]:
                return self._fail(tr("(dW, db, dc) must have the shapes of (W, b, c), {shapes}; got {got} (dW is "
                                     "transposed: it must have W's shape (d, k)).").format(shapes=shapes, got=got))
            if got != shapes:
                return self._fail(tr("(dW, db, dc) must have the shapes of (W, b, c), {shapes}; got {got}.").format(
                    shapes=shapes, got=got))
        return super().evaluate(lambda *args: _flat(student_fn(*args)))

    def _outputs(self, fn):
        return [_flat(fn(*case)) for case in self.cases]

    def _fail(self, message):
        return CheckResult(False, f"✗ {self.name}: {message}")


def _slip(options):
    def wrong(X, W, b, c):
        scale = len(X) if options.get("scale") == "N" else options.get("scale", 1.0)
        return _tied_grads(X, W, b, c, **{**options, "scale": scale})
    return wrong


tied_autoencoder_grads = _TiedGradsExercise(
    "tied_autoencoder_grads",
    finite_difference_grads,                                           # the reference: central differences
    cases=_TIED_CASES,
    misconceptions=[(message, _slip(options)) for message, options in _TIED_SLIPS],
    rtol=1e-5, atol=1e-7,
    success=N_("Your backward pass agrees with finite differences of the loss on all four shapes."),
)
