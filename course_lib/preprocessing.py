"""Feature scalers: min-max, standardization and unit norm.   X: (n_samples, n_features).

The rule of every scaler: `fit` on the training set only, then `transform` the training, validation
and test sets with those same training statistics (refitting on test data would leak it).

A constant feature has zero range and zero standard deviation; dividing by it would give NaN.  Here
its scale is taken as 1 instead, so the feature is only shifted (to the low end of the range, or to 0)
and `inverse_transform` still undoes the transform exactly.
"""

from __future__ import annotations

import numpy as np

from ._validate import positive


class NotFittedError(ValueError, AttributeError):
    """transform before fit (a ValueError, as scikit-learn's NotFittedError)."""


def _as_2d_float(X):
    """X as a float array (float32 stays float32, integers become float64), checked to be 2-D."""
    X = np.asarray(X)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D with shape (n_samples, n_features), got shape {X.shape}")
    if X.dtype.kind not in "biuf":
        raise ValueError(f"X must hold numbers, got dtype {X.dtype}")
    return X if np.issubdtype(X.dtype, np.floating) else X.astype(np.float64)


class _Scaler:
    """Shared checks: fit before transform, and the same number of features as at fit time."""

    n_features_in_ = None

    def _fit_input(self, X):
        X = _as_2d_float(X)
        positive("n_samples (rows of X)", X.shape[0], integer=True)
        if not np.isfinite(X).all():
            raise ValueError("X contains NaN or inf: the scaler's statistics would be NaN")
        self.n_features_in_ = X.shape[1]
        # float16 statistics would overflow (a square above 65504): learn them in float32
        return X.astype(np.float32) if X.dtype == np.float16 else X

    def _transform_input(self, X):
        if self.n_features_in_ is None:
            raise NotFittedError(f"this {type(self).__name__} is not fitted yet: call fit(X_train) first")
        X = _as_2d_float(X)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(
                f"X has the wrong number of features: expected {self.n_features_in_}, got {X.shape[1]}"
            )
        return X

    def fit_transform(self, X):
        """fit(X) then transform(X)."""
        return self.fit(X).transform(X)


class MinMaxScaler(_Scaler):
    """x' = lo + (x − min)/(max − min)·(hi − lo), per feature, with min and max from the training set.

    feature_range = (lo, hi).  A constant feature (max = min) uses max − min = 1: it maps to lo.
    Test data may fall outside [lo, hi]; that is expected and not clipped.
    """

    def __init__(self, feature_range=(0.0, 1.0)):
        try:
            lo, hi = (float(v) for v in feature_range)
        except (TypeError, ValueError):
            raise ValueError(f"feature_range must be a pair (lo, hi), got {feature_range!r}") from None
        if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
            raise ValueError(f"feature_range must be (lo, hi) with finite lo < hi, got {feature_range!r}")
        self.feature_range = (lo, hi)

    def fit(self, X):
        """Learn min_ and max_ of each feature.   X: (N, D) → self."""
        X = self._fit_input(X)
        self.min_ = X.min(axis=0)
        self.max_ = X.max(axis=0)
        data_range = self.max_ - self.min_
        self.range_ = np.where(data_range > 0, data_range, 1.0)
        return self

    def transform(self, X):
        """x' = lo + (x − min)/(max − min)·(hi − lo).   X: (N, D) → (N, D)."""
        X = self._transform_input(X)
        lo, hi = self.feature_range
        return (lo + (X - self.min_) / self.range_ * (hi - lo)).astype(X.dtype)

    def inverse_transform(self, X):
        """x = min + (x' − lo)/(hi − lo)·(max − min).   X: (N, D) → (N, D)."""
        X = self._transform_input(X)
        lo, hi = self.feature_range
        return (self.min_ + (X - lo) / (hi - lo) * self.range_).astype(X.dtype)


class StandardScaler(_Scaler):
    """x' = (x − μ)/σ, per feature, with the mean μ and standard deviation σ of the training set.

    σ is the population standard deviation (divide by N).  A constant feature (σ = 0) uses σ = 1: it maps to 0.
    """

    def fit(self, X):
        """Learn mean_ (μ) and std_ (σ) of each feature.   X: (N, D) → self."""
        X = self._fit_input(X)
        self.mean_ = X.mean(axis=0)
        sigma = X.std(axis=0)
        self.std_ = np.where(sigma > 0, sigma, 1.0)
        return self

    def transform(self, X):
        """x' = (x − μ)/σ.   X: (N, D) → (N, D)."""
        X = self._transform_input(X)
        return ((X - self.mean_) / self.std_).astype(X.dtype)

    def inverse_transform(self, X):
        """x = μ + σ·x'.   X: (N, D) → (N, D)."""
        X = self._transform_input(X)
        return (self.mean_ + self.std_ * X).astype(X.dtype)


class UnitNormScaler(_Scaler):
    """x' = x/‖x‖₂ for each row (sample), so every row has length 1.   A zero row stays zero.

    Nothing is learned: fit only records the number of features, so that transform can check it.
    There is no inverse_transform: the lengths of the rows are lost.
    """

    def fit(self, X):
        """Record the number of features.   X: (N, D) → self."""
        self._fit_input(X)
        return self

    def transform(self, X):
        """x' = x/‖x‖₂, row by row.   X: (N, D) → (N, D)."""
        X = self._transform_input(X)
        norm = np.linalg.norm(X if X.dtype != np.float16 else X.astype(np.float32), axis=1, keepdims=True)
        return X / np.where(norm > 0, norm, 1.0).astype(X.dtype)
