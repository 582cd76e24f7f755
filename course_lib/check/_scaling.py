"""Exercise checks for the preprocessing and augmentation notebook."""

from __future__ import annotations

import math

import numpy as np

from .. import augment
from ..preprocessing import StandardScaler
from ._core import Exercise

__all__ = ["standardize_with_train_stats", "rotation_about_center", "compose_transforms"]

_rng = np.random.default_rng(11)


# ---- standardization with training statistics ---------------------------------------------------------


def _standardize_reference(X_train, X_test):
    return StandardScaler().fit(X_train).transform(X_test)


def _standardize_own_stats(X_train, X_test):
    return (X_test - X_test.mean(axis=0)) / X_test.std(axis=0)


def _standardize_all_data(X_train, X_test):
    X_all = np.concatenate([X_train, X_test])
    return (X_test - X_all.mean(axis=0)) / X_all.std(axis=0)


def _standardize_sample_std(X_train, X_test):
    return (X_test - X_train.mean(axis=0)) / X_train.std(axis=0, ddof=1)


def _standardize_by_variance(X_train, X_test):
    return (X_test - X_train.mean(axis=0)) / X_train.var(axis=0)


def _standardize_pooled(X_train, X_test):
    return (X_test - X_train.mean()) / X_train.std()


_standardize_cases = [
    (_rng.normal([1.0, 50.0], [2.0, 10.0], size=(20, 2)), _rng.normal([2.0, 40.0], [1.0, 20.0], size=(6, 2))),
    (_rng.uniform(0, 5, size=(12, 3)), _rng.uniform(1, 8, size=(4, 3))),
]

standardize_with_train_stats = Exercise(
    "standardize_with_train_stats", _standardize_reference, _standardize_cases,
    misconceptions=[
        ("you standardized the test set with its own mean and standard deviation. Use the TRAINING set's statistics "
         "for every set: the model was trained on inputs scaled that way, and at deployment there is no 'test "
         "set' to compute statistics from.", _standardize_own_stats),
        ("you computed the statistics on training and test data together. Fitting on all the data lets the test "
         "set leak into preprocessing; fit on the training set only.", _standardize_all_data),
        ("use the population standard deviation (np.std with its default ddof=0), as StandardScaler does; you "
         "used ddof=1.", _standardize_sample_std),
        ("divide by the standard deviation (np.std), not by the variance.", _standardize_by_variance),
        ("you used one mean and one standard deviation for the whole array. Standardization works per feature: "
         "X_train.mean(axis=0) and X_train.std(axis=0), one value per column.", _standardize_pooled),
    ],
    success="Test data scaled with the training statistics, exactly as StandardScaler().fit(X_train) does.",
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
        ("the order is reversed. Read right to left: first move the centre to the origin, T(−c), then rotate, then "
         "move back, T(c):  M = T(c)·R·T(−c).", _rotation_reversed),
        ("that rotates about the origin (the top-left pixel). Move the centre to the origin first and back "
         "afterwards:  M = T(c)·R·T(−c).", _rotation_about_origin),
        ("np.cos and np.sin take radians: convert with np.radians(degrees) (or use augment.rotation).",
         _rotation_radians),
        ("your matrix turns the other way. Image rows grow downwards (y points down), so the counter-clockwise "
         "rotation on screen is [[cos θ, sin θ], [−sin θ, cos θ]], as augment.rotation builds it.",
         _rotation_other_way),
    ],
    success="M = T(c)·R(θ)·T(−c): the centre stays where it is.",
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
        ("the matrices are multiplied in reading order. A point p is transformed as M·p, so the matrix applied "
         "FIRST stands RIGHTMOST:  M = T·R·S  (augment.compose(S, R, T) does this for you).", _compose_reading_order),
        ("you translated before rotating, so the shift itself got rotated: M = T·R·S puts the translation last.",
         _compose_translate_before_rotate),
        ("the order is right, but your rotation turns the other way. Image rows grow downwards (y points down), so "
         "the counter-clockwise rotation on screen is [[cos θ, sin θ], [−sin θ, cos θ]], as augment.rotation.",
         _compose_other_way),
    ],
    success="First scale, then rotate, then translate: M = T·R·S.",
)
