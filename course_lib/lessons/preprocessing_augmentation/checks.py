"""Exercise checks for the preprocessing and augmentation notebook."""

from __future__ import annotations

import math

import numpy as np

from ... import augment
from ...i18n import N_, tr
from ...preprocessing import StandardScaler
from ..exercise import ArrayExercise, CheckResult, Exercise

__all__ = ["standardize_train_val", "rotation_about_center", "compose_transforms"]

_rng = np.random.default_rng(11)


# ---- standardization fitted on the training split, applied to both splits ---------------------------------


def _train_val_reference(X_train, X_val):
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_val)


def _with(mean_of, std_of, *, ddof=0, by_variance=False, constant_to_one=True):
    """A standardizer whose statistics come from mean_of(X_train, X_val) / std_of(...): the slips below."""
    def standardize(X_train, X_val):
        mu = mean_of(X_train, X_val)
        sigma = std_of(X_train, X_val, ddof)
        if by_variance:
            sigma = sigma**2
        if constant_to_one:
            sigma = np.where(sigma > 0, sigma, 1.0)
        return (X_train - mu) / sigma, (X_val - mu) / sigma
    return standardize


def _own_stats(X_train, X_val):
    def one(X):
        sigma = X.std(axis=0)
        return (X - X.mean(axis=0)) / np.where(sigma > 0, sigma, 1.0)
    return one(X_train), one(X_val)


def _per_example(X_train, X_val):
    def one(X):
        sigma = X.std(axis=1, keepdims=True)
        return (X - X.mean(axis=1, keepdims=True)) / np.where(sigma > 0, sigma, 1.0)
    return one(X_train), one(X_val)


_train_mean = lambda Xt, Xv: Xt.mean(axis=0)                         # noqa: E731
_train_std = lambda Xt, Xv, ddof: Xt.std(axis=0, ddof=ddof)         # noqa: E731
_both = lambda Xt, Xv: np.concatenate([Xt, Xv])                     # noqa: E731

_train_val_cases = [
    (_rng.normal([1.0, 50.0], [2.0, 10.0], size=(20, 2)), _rng.normal([2.0, 40.0], [1.0, 20.0], size=(6, 2))),
    (_rng.uniform(0, 5, size=(12, 3)), _rng.uniform(1, 8, size=(4, 3))),
    # the last feature is constant in the training split (σ = 0) but not in the validation split
    (np.column_stack([_rng.normal(3.0, 1.0, size=8), np.full(8, 2.0)]),
     np.column_stack([_rng.normal(3.0, 1.0, size=3), [2.0, 2.5, 1.0]])),
]


NON_FINITE = N_("your output has nan or inf. A feature that is constant in the training split has σ = 0: divide by 1 "
                "instead, as StandardScaler does (np.where(sigma > 0, sigma, 1.0)), so that it maps to x − μ.")


def _has_non_finite(output):
    """True if some array of the student's output holds nan or inf."""
    try:
        return any(not np.all(np.isfinite(np.asarray(z, dtype=float))) for z in output)
    except (TypeError, ValueError):
        return False


class TrainValExercise(ArrayExercise):
    """An ArrayExercise whose answer (Z_train, Z_val) must be finite: a division by σ = 0 gets its own message."""

    def evaluate(self, student_fn) -> CheckResult:
        if not callable(student_fn):
            return super().evaluate(student_fn)
        outputs = []

        def recorded(*args):
            outputs.append(student_fn(*args))
            return outputs[-1]

        with np.errstate(all="ignore"):               # a division by σ = 0 is reported below, not warned about
            result = super().evaluate(recorded)
        if not result.passed and any(_has_non_finite(output) for output in outputs):
            return CheckResult(False, f"✗ {self.name}: {tr(NON_FINITE)}")
        return result


standardize_train_val = TrainValExercise(
    "standardize_train_val", _train_val_reference, _train_val_cases, outputs=("Z_train", "Z_val"),
    misconceptions=[
        (N_("you standardized the validation split with its own mean and standard deviation. Use the TRAINING "
            "split's statistics for every split: the model was trained on inputs scaled that way, and after "
            "deployment there is no 'validation set' to compute statistics from."), _own_stats),
        (N_("you computed the statistics on the training and validation splits together. That lets the validation "
            "data leak into preprocessing (its score is no longer that of unseen data); fit on X_train only."),
         _with(lambda Xt, Xv: _both(Xt, Xv).mean(axis=0), lambda Xt, Xv, d: _both(Xt, Xv).std(axis=0, ddof=d))),
        (N_("you standardized each example (row, axis=1) over its features. Standardization works per feature: "
            "X_train.mean(axis=0) and X_train.std(axis=0), one value per column."), _per_example),
        (N_("you used one mean and one standard deviation for the whole array. Standardization works per feature: "
            "one value per column (axis=0)."), _with(lambda Xt, Xv: Xt.mean(), lambda Xt, Xv, d: Xt.std(ddof=d))),
        (N_("use the population standard deviation (np.std with its default ddof=0), as StandardScaler does; you "
            "used ddof=1."), _with(_train_mean, _train_std, ddof=1)),
        (N_("divide by the standard deviation (np.std), not by the variance."),
         _with(_train_mean, _train_std, by_variance=True)),
    ],
    success=N_("Both splits scaled with the training statistics, exactly as StandardScaler().fit(X_train) does."),
)


# ---- a rotation about the centre ----------------------------------------------------------------------


def _rotation_reference(degrees, cx, cy):
    return augment.translation(cx, cy) @ augment.rotation(degrees) @ augment.translation(-cx, -cy)


def _rotation_reversed(degrees, cx, cy):
    return augment.translation(-cx, -cy) @ augment.rotation(degrees) @ augment.translation(cx, cy)


def _rotation_about_origin(degrees, cx, cy):
    return augment.rotation(degrees)


def _rotation_radians(degrees, cx, cy):
    c, s = math.cos(degrees), math.sin(degrees)
    R = np.array([[c, s, 0.0], [-s, c, 0.0], [0.0, 0.0, 1.0]])
    return augment.translation(cx, cy) @ R @ augment.translation(-cx, -cy)


def _rotation_other_way(degrees, cx, cy):
    return augment.translation(cx, cy) @ augment.rotation(-degrees) @ augment.translation(-cx, -cy)


_rotation_cases = [(30.0, 3.5, 3.5), (90.0, 3.5, 3.5), (-45.0, 10.0, 4.0), (135.0, 0.0, 2.0)]

rotation_about_center = Exercise(
    "rotation_about_center", _rotation_reference, _rotation_cases,
    misconceptions=[
        (N_("the order is reversed. Read right to left: first move the centre to the origin, T(−c), then rotate, then "
            "move back, T(c):  M = T(c)·R·T(−c)."), _rotation_reversed),
        (N_("that rotates about the origin (the top-left pixel). Move the centre to the origin first and back "
            "afterwards:  M = T(c)·R·T(−c)."), _rotation_about_origin),
        (N_("np.cos and np.sin take radians: convert with np.radians(degrees) (or use augment.rotation)."),
         _rotation_radians),
        (N_("your matrix turns the other way. Image rows grow downwards (y points down), so the counter-clockwise "
            "rotation on screen is [[cos θ, sin θ], [−sin θ, cos θ]], as augment.rotation builds it."),
         _rotation_other_way),
    ],
    success=N_("M = T(c)·R(θ)·T(−c): the centre stays where it is."),
)


# ---- composing transforms in the right order ----------------------------------------------------------


def _compose_reference(s, degrees, tx, ty):
    return augment.translation(tx, ty) @ augment.rotation(degrees) @ augment.scaling(s)


def _compose_reading_order(s, degrees, tx, ty):
    return augment.scaling(s) @ augment.rotation(degrees) @ augment.translation(tx, ty)


def _compose_translate_before_rotate(s, degrees, tx, ty):
    return augment.rotation(degrees) @ augment.translation(tx, ty) @ augment.scaling(s)


def _compose_other_way(s, degrees, tx, ty):
    return augment.translation(tx, ty) @ augment.rotation(-degrees) @ augment.scaling(s)


_compose_cases = [(1.5, 30.0, 2.0, -1.0), (0.8, -60.0, 1.0, 3.0), (2.0, 90.0, -2.0, 0.5)]

compose_transforms = Exercise(
    "compose_transforms", _compose_reference, _compose_cases,
    misconceptions=[
        (N_("the matrices are multiplied in reading order. A point p is transformed as M·p, so the matrix applied "
            "FIRST stands RIGHTMOST:  M = T·R·S  (augment.compose(S, R, T) does this for you)."),
         _compose_reading_order),
        (N_("you translated before rotating, so the shift itself got rotated: M = T·R·S puts the translation last."),
         _compose_translate_before_rotate),
        (N_("the order is right, but your rotation turns the other way. Image rows grow downwards (y points down), so "
            "the counter-clockwise rotation on screen is [[cos θ, sin θ], [−sin θ, cos θ]], as augment.rotation."),
         _compose_other_way),
    ],
    success=N_("First scale, then rotate, then translate: M = T·R·S."),
)
