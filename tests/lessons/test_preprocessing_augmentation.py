"""Notebook 11 (preprocessing and augmentation): compute, draw, explorers and exercise checks."""

import numpy as np
import pytest
from explorer_tools import assert_exercise_verdicts, assert_figure_ok, drive_each_control, drive_grid, untranslated
from matplotlib.figure import Figure

from course_lib import augment
from course_lib import training as sc_training
from course_lib.data import digits
from course_lib.gradcheck import numerical_gradient
from course_lib.lessons.preprocessing_augmentation import checks, explorers, figures
from course_lib.lessons.preprocessing_augmentation import compute as sc

RATIOS = list(np.logspace(0, 3, 5))          # the ratio slider's range, 1 … 1000


# ---- data and scalers ---------------------------------------------------------------------------------


def test_two_feature_regression_scales_only_the_second_feature():
    X1, y1 = sc.two_feature_regression(50, 1.0, np.random.default_rng(0))
    X10, y10 = sc.two_feature_regression(50, 10.0, np.random.default_rng(0))
    np.testing.assert_allclose(X10[:, 1], 10 * X1[:, 1])
    np.testing.assert_array_equal(X10[:, 0], X1[:, 0])
    np.testing.assert_array_equal(y10, y1)
    with pytest.raises(ValueError, match="ratio must be a number > 0"):
        sc.two_feature_regression(10, 0.0, np.random.default_rng(0))


def test_scale_features_fits_on_the_training_set_only():
    X_train = np.array([[1.0, 10.0], [3.0, 20.0], [5.0, 30.0]])       # mean (3, 20), population std (1.633, 8.165)
    X_test = np.array([[3.0, 40.0]])
    S_train, S_test = sc.scale_features("standardize", X_train, X_test)
    np.testing.assert_allclose(S_test, [[0.0, 20 / np.sqrt(200 / 3)]])   # (40 − 20)/√(((−10)² + 0 + 10²)/3)
    _, S_test = sc.scale_features("min-max", X_train, X_test)
    np.testing.assert_allclose(S_test, [[0.5, 1.5]])                     # (3 − 1)/4, (40 − 10)/20: not clipped
    _, S_test = sc.scale_features("unit norm", X_train, X_test)
    np.testing.assert_allclose(S_test, [[3 / np.sqrt(1609), 40 / np.sqrt(1609)]])
    with pytest.raises(ValueError, match="scaler must be one of"):
        sc.scale_features("robust", X_train)


# ---- the quadratic loss -------------------------------------------------------------------------------


def test_hessian_and_stable_lr_by_hand():
    # X = [[1, 0], [−1, 0], [0, 2], [0, −2]], A = [X, 1]:  AᵀA = diag(2, 8, 4) (the columns are orthogonal)
    # H = (2/4)·AᵀA = diag(1, 4, 2):  κ = 4/1 = 4,  largest stable lr = 2/4 = 0.5.
    X = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 2.0], [0.0, -2.0]])
    np.testing.assert_allclose(sc.hessian(X), np.diag([1.0, 4.0, 2.0]))
    assert sc.condition_number(X) == pytest.approx(4.0)
    assert sc.max_stable_lr(X) == pytest.approx(0.5)


def test_loss_is_the_quadratic_around_the_minimum_and_gd_uses_its_gradient():
    X, y = sc.two_feature_regression(40, 3.0, np.random.default_rng(1))
    theta_star, H = sc.least_squares(X, y), sc.hessian(X)
    theta = np.array([0.3, -0.2, 1.0])
    delta = theta - theta_star
    assert sc.loss(X, y, theta) == pytest.approx(sc.loss(X, y, theta_star) + 0.5 * delta @ H @ delta, rel=1e-10)
    gradient = numerical_gradient(lambda t: float(sc.loss(X, y, t)), theta.copy())
    path = sc.gd_path(X, y, 0.01, 1, theta0=theta)
    np.testing.assert_allclose(path[1], theta - 0.01 * gradient, rtol=1e-7)


@pytest.mark.parametrize("ratio", [1.0, 10.0, 100.0])
@pytest.mark.parametrize("scaler", list(sc.SCALERS))
def test_closed_form_excess_loss_matches_simulated_gd(ratio, scaler):
    X, y = sc.two_feature_regression(60, ratio, np.random.default_rng(2))
    (X,) = sc.scale_features(scaler, X)
    lr = 0.95 * sc.max_stable_lr(X)
    path = sc.gd_path(X, y, lr, 40)
    simulated = sc.loss(X, y, path) - sc.loss(X, y, sc.least_squares(X, y))
    closed = sc.excess_loss(X, y, lr, np.arange(41))
    np.testing.assert_allclose(closed, simulated, rtol=1e-6, atol=1e-12 * simulated[0])


def test_gd_is_stable_just_below_two_over_lambda_max_and_not_above():
    X, y = sc.two_feature_regression(60, 3.0, np.random.default_rng(3))
    lr_max = sc.max_stable_lr(X)
    assert sc.excess_loss(X, y, 0.99 * lr_max, 2000) < 1e-6 * sc.excess_loss(X, y, 0.99 * lr_max, 0)
    assert sc.excess_loss(X, y, 1.01 * lr_max, 2000) > 1e3 * sc.excess_loss(X, y, 1.01 * lr_max, 0)
    assert sc.steps_to_converge(X, y, 1.01 * lr_max) is None


@pytest.mark.parametrize("ratio", [1.0, 10.0])
@pytest.mark.parametrize("scaler", list(sc.SCALERS))
def test_steps_to_converge_is_the_first_step_below_the_tolerance(ratio, scaler):
    X, y = sc.two_feature_regression(60, ratio, np.random.default_rng(4))
    (X,) = sc.scale_features(scaler, X)
    lr = 0.95 * sc.max_stable_lr(X)
    k = sc.steps_to_converge(X, y, lr)
    path = sc.gd_path(X, y, lr, k)
    excess = sc.loss(X, y, path) - sc.loss(X, y, sc.least_squares(X, y))
    assert excess[k] <= sc.TOLERANCE * excess[0] * (1 + 1e-6)
    assert excess[k - 1] > sc.TOLERANCE * excess[0] * (1 - 1e-6)


@pytest.mark.parametrize("ratio", RATIOS)
def test_gd_study_over_the_slider_range(ratio):
    X, y = sc.two_feature_regression(200, ratio, np.random.default_rng(0))
    raw = sc.gd_study(X, y, "none")
    r = np.corrcoef(X.T)[0, 1]
    studies = {name: sc.gd_study(X, y, name) for name in ("min-max", "standardize", "unit norm")}
    # standardized features: H = 2·[[1, r, 0], [r, 1, 0], [0, 0, 1]], so κ = (1 + |r|)/(1 − |r|) at every ratio
    assert studies["standardize"]["kappa"] == pytest.approx((1 + abs(r)) / (1 - abs(r)), rel=1e-9)
    assert raw["kappa"] > studies["standardize"]["kappa"]
    for name in ("min-max", "standardize"):                 # affine maps of the features: the same best fit
        assert studies[name]["best_loss"] == pytest.approx(raw["best_loss"], rel=1e-8)
    assert studies["unit norm"]["best_loss"] > raw["best_loss"]
    for study in (raw, *studies.values()):
        assert study["steps"] is not None and study["steps"] > 0
        assert np.all(np.isfinite(study["path"])) and np.all(np.isfinite(study["ellipses"]))
        assert study["path"].shape == (min(study["steps"], 300) + 1, 3)


def test_min_max_and_standardize_do_not_depend_on_the_ratio():
    kappas = {name: [sc.gd_study(*sc.two_feature_regression(200, ratio, np.random.default_rng(0)), name)["kappa"]
                     for ratio in (1.0, 1000.0)] for name in ("min-max", "standardize")}
    for values in kappas.values():
        assert values[0] == pytest.approx(values[1], rel=1e-6)


def test_slice_ellipses_are_level_sets():
    X, y = sc.two_feature_regression(50, 5.0, np.random.default_rng(5))
    curves = sc.slice_ellipses(X, y, [0.1, 2.0], n_points=30)
    theta_star, H = sc.least_squares(X, y), sc.hessian(X)
    for c, curve in zip([0.1, 2.0], curves):
        d = curve - theta_star[:2]
        np.testing.assert_allclose(0.5 * np.einsum("ni,ij,nj->n", d, H[:2, :2], d), c, rtol=1e-9)


def test_affine_matrix_by_hand():
    np.testing.assert_allclose(sc.affine_matrix(), np.eye(3))
    # scale 2 then shift (1, 0):  T·S = [[2, 0, 1], [0, 2, 0], [0, 0, 1]]
    np.testing.assert_allclose(sc.affine_matrix(scale=2.0, tx=1.0), [[2, 0, 1], [0, 2, 0], [0, 0, 1]])
    # rotate 90° then shift (1, 0):  T·R with R = [[cos, sin], [−sin, cos]] = [[0, 1], [−1, 0]]
    np.testing.assert_allclose(sc.affine_matrix(rotation=90.0, tx=1.0), [[0, 1, 1], [-1, 0, 0], [0, 0, 1]],
                               atol=1e-15)
    # flip first, then rotate 90°:  R·F = [[0, 1], [−1, 0]]·[[−1, 0], [0, 1]] = [[0, 1], [1, 0]]
    np.testing.assert_allclose(sc.affine_matrix(flip=True, rotation=90.0)[:2, :2], [[0, 1], [1, 0]], atol=1e-15)


def test_augmentation_experiment_is_paired_and_reproducible():
    rng_X = np.random.default_rng(6)
    X = rng_X.uniform(0, 1, size=(120, 64))
    y = np.arange(120) % 10
    kwargs = dict(n_repeats=2, n_train=40, n_copies=1, updates=20, hidden=8)
    a = sc.augmentation_experiment(X, y, np.random.default_rng(7), settings={"mild": sc.AUGMENTATION_SETTINGS["mild"]},
                                   **kwargs)
    b = sc.augmentation_experiment(X, y, np.random.default_rng(7), settings={}, **kwargs)
    assert set(a) == {"none", "mild"} and a["none"].shape == (2,)
    np.testing.assert_array_equal(a["none"], b["none"])      # the baseline does not depend on the settings
    assert np.all((a["mild"] >= 0) & (a["mild"] <= 1))


def test_augmentation_experiment_gives_both_training_sets_the_same_number_of_updates():
    # 100 originals: 4 batches of 32 per epoch; with 4 copies each, 500 rows: 16 batches per epoch
    for n_rows in (100, 500):
        assert sc._epochs_for(512, n_rows, 32) * -(-n_rows // 32) == 512
    assert sc._epochs_for(500, 100, 32) == 125 and sc._epochs_for(3, 500, 32) == 1



def test_affine_matrices_match_augment_random_affine_built_by_hand():
    rng = np.random.default_rng(3)
    s, shx, angle, tx, ty = rng.uniform(0.8, 1.2, 5), rng.uniform(-0.3, 0.3, 5), rng.uniform(-40, 40, 5), \
        rng.uniform(-2, 2, 5), rng.uniform(-2, 2, 5)
    M = sc.affine_matrices(s, shx, angle, tx, ty)
    for k in range(5):
        expected = augment.compose(augment.scaling(s[k]), augment.shear(shx[k]), augment.rotation(angle[k]),
                                   augment.translation(tx[k], ty[k]))
        np.testing.assert_allclose(M[k], expected, atol=1e-14)
    many = sc.random_affines(rng, 4000, **sc.AUGMENTATION_SETTINGS["mild"])
    assert np.all(np.abs(many[:, :2, 2]) <= 0.5)                       # shifts within ±0.5 pixel
    scale = np.sqrt(np.abs(np.linalg.det(many[:, :2, :2])))            # det(R·Sh·S) = s²
    assert scale.min() >= 0.95 and scale.max() <= 1.05 and scale.max() - scale.min() > 0.09


def test_the_fresh_design_redraws_copies_and_leaves_the_fixed_arms_alone(monkeypatch):
    rng_X = np.random.default_rng(6)
    X = rng_X.uniform(0, 1, size=(120, 64))
    y = np.arange(120) % 10
    kwargs = dict(n_repeats=2, n_train=40, n_copies=1, updates=24, hidden=8,     # 24 = 12·2 = 8·3 batches
                  settings={"mild": sc.AUGMENTATION_SETTINGS["mild"]})
    fixed = sc.augmentation_experiment(X, y, np.random.default_rng(7), **kwargs)
    seen, steps = [], []
    original_fit = sc_training.fit

    def counting_fit(model, X_fit, y_fit, *, epochs, batch_size, **rest):
        seen.append(X_fit.copy())
        steps.append(epochs * -(-len(X_fit) // batch_size))
        return original_fit(model, X_fit, y_fit, epochs=epochs, batch_size=batch_size, **rest)

    monkeypatch.setattr(sc_training, "fit", counting_fit)
    both = sc.augmentation_experiment(X, y, np.random.default_rng(7), designs=("fixed", "fresh"), **kwargs)
    assert set(both) == {"none", "mild", ("mild", "fresh")}
    np.testing.assert_array_equal(both["none"], fixed["none"])
    np.testing.assert_array_equal(both["mild"], fixed["mild"])      # adding the fresh arm changes nothing else
    # repeat 1: none (1 call), fixed (1 call), fresh (one call per epoch); the same number of updates in each
    epochs_fresh = sc._epochs_for(24, 80, 32)
    calls = seen[: 2 + epochs_fresh]
    assert steps[0] == steps[1] == sum(steps[2: 2 + epochs_fresh]) == 24
    fresh = calls[2:]
    assert all(np.array_equal(c[:40], fresh[0][:40]) for c in fresh)            # the originals every epoch
    assert not np.allclose(fresh[0][40:], fresh[1][40:])                        # new copies every epoch
    with pytest.raises(ValueError, match="designs"):
        sc.augmentation_experiment(X, y, np.random.default_rng(7), designs=("often",), **kwargs)


def test_augmentation_claims_of_notebook_11():
    """The numbers notebook 11 states: 10 training sets, 3 strengths, copies fixed or fresh every epoch."""
    X, y = digits()
    r = sc.augmentation_experiment(X, y, np.random.default_rng(0), n_repeats=10, designs=("fixed", "fresh"))

    def gain(key):
        g = 100 * (r[key] - r["none"])
        return g.mean(), g.std(ddof=1) / np.sqrt(len(g))

    mean, se = gain("mild")
    assert mean > 2 * se                                       # mild, fixed copies: a small resolved gain
    mean, se = gain(("mild", "fresh"))
    assert mean > 2 * se
    mean, se = gain("default")
    assert abs(mean) < 2 * se                                  # default, fixed copies: no resolved effect
    for key in ("strong", ("strong", "fresh")):
        mean, se = gain(key)
        assert mean < -2 * se                                  # strong hurts in both designs
    for name in sc.AUGMENTATION_SETTINGS:                      # fresh beats fixed, pairwise, at every strength
        d = 100 * (r[(name, "fresh")] - r[name])
        assert d.mean() > 0

# ---- drawing ------------------------------------------------------------------------------------------


def test_plots_draw_the_expected_artists():
    X, y = sc.two_feature_regression(50, 10.0, np.random.default_rng(0))
    study = sc.gd_study(X, y, "standardize")
    ax = Figure().subplots()
    figures.plot_gd_contours(ax, study["ellipses"], study["path"], study["theta_star"], "t")
    assert len(ax.lines) == len(sc.CONTOUR_FRACTIONS) + 3 and ax.get_title() == "t"
    x_span, y_span = np.ptp(ax.get_xlim()), np.ptp(ax.get_ylim())
    assert x_span == pytest.approx(y_span)                     # equal units on both axes
    ax = Figure().subplots()
    figures.plot_excess_loss(ax, np.arange(1, 10), {"a": np.ones(9), "b": np.ones(9)}, tol=1e-6)
    assert len(ax.lines) == 3 and ax.get_yscale() == "log"
    ax = Figure().subplots()
    figures.plot_scaled_features(ax, X, "x")
    assert len(ax.lines) == 3
    ax = Figure().subplots()
    figures.plot_digit_image(ax, np.zeros(64))
    assert ax.images[0].get_array().shape == (8, 8)
    ax = Figure().subplots()
    figures.plot_digit_montage(ax, np.zeros((7, 8, 8)), titles=list("abcdefg"), columns=3, gap=1)
    assert ax.images[0].get_array().shape == (3 * 9 - 1, 3 * 9 - 1) and len(ax.texts) == 7
    ax = Figure().subplots()
    figures.plot_affine_matrix(ax, np.eye(3))
    assert "1.00" in ax.texts[0].get_text()
    ax = Figure().subplots()
    figures.plot_spectrogram(ax, np.zeros((4, 5)))
    assert ax.images[0].origin == "lower"
    ax = Figure().subplots()
    figures.plot_augmentation_accuracy(ax, {"none": np.array([0.9, 0.91]), "mild": np.array([0.92, 0.9])})
    assert len(ax.patches) == 2 and len(ax.lines) == 2
    ax = Figure().subplots()
    figures.plot_augmentation_gains(ax, {"none": np.array([0.9, 0.91]), "mild": np.array([0.92, 0.9]),
                                      ("mild", "fresh"): np.array([0.93, 0.92])})
    assert len(ax.patches) == 2 and [t.get_text() for t in ax.get_xticklabels()] == ["mild"]
    heights = sorted(p.get_height() for p in ax.patches)
    np.testing.assert_allclose(heights, [0.5, 2.0])           # gains in points: (+2 − 1)/2, (+3 + 1)/2


# ---- explorers ----------------------------------------------------------------------------------------


def test_feature_scaling_explorer():
    ex = explorers.feature_scaling_gd()
    drive_grid(ex, ["ratio", "scaler"], n=4)           # every scaler × 4 ratios from 1 to 1000
    ex = explorers.feature_scaling_gd(ratio=1000.0, scaler="min-max", hide=("scaler",))
    assert_figure_ok(ex)
    assert "min-max: κ = 123" in ex.axes[1].get_title()
    with pytest.raises(ValueError, match="scaler must be one of"):
        explorers.feature_scaling_gd(scaler="none")


def test_affine_explorer_shows_the_matrix():
    ex = explorers.affine_augment()
    drive_each_control(ex, n=3)
    ex = explorers.affine_augment(rotation=90.0, tx=1.0, hide=("flip",))
    assert ex.artists["matrix"].get_text() == figures.matrix_text(sc.affine_matrix(rotation=90.0, tx=1.0))
    expected = augment.affine_transform(ex.artists["original"].get_array(), sc.affine_matrix(rotation=90.0, tx=1.0))
    np.testing.assert_allclose(ex.artists["warped"].get_array(), expected)
    with pytest.raises(ValueError, match="scale must be in"):
        explorers.affine_augment(scale=0.0)


def test_spectrogram_explorer():
    ex = explorers.spectrogram_masking()
    drive_each_control(ex, n=3)
    ex = explorers.spectrogram_masking(n_masks=0)
    original = ex.axes[0].images[0].get_array()
    np.testing.assert_array_equal(ex.artists["image"].get_array(), original)     # no masks: unchanged
    ex = explorers.spectrogram_masking(time_width=40, freq_width=30, n_masks=3, seed=5)
    assert np.any(ex.artists["image"].get_array() != original)
    with pytest.raises(ValueError, match="n_masks must be in"):
        explorers.spectrogram_masking(n_masks=4)


# ---- exercise checks ----------------------------------------------------------------------------------


def solution_standardize_train_val(X_train, X_val):
    mu = X_train.mean(axis=0)                    # statistics of the training split only, per feature
    sigma = X_train.std(axis=0)                  # population standard deviation (ddof=0)
    sigma = np.where(sigma > 0, sigma, 1.0)      # a constant feature maps to x − μ
    return (X_train - mu) / sigma, (X_val - mu) / sigma


def test_standardize_train_val_names_structure_and_division_by_zero():
    def naive(X_train, X_val):
        mu, sigma = X_train.mean(axis=0), X_train.std(axis=0)
        return (X_train - mu) / sigma, (X_val - mu) / sigma

    result = checks.standardize_train_val.evaluate(naive)
    assert not result.passed and "σ = 0" in result.message
    result = checks.standardize_train_val.evaluate(lambda Xt, Xv: solution_standardize_train_val(Xt, Xv)[1])
    assert not result.passed and "return the tuple (Z_train, Z_val)" in result.message

    def z_val_wrong(X_train, X_val):
        Z_train, Z_val = solution_standardize_train_val(X_train, X_val)
        return Z_train, Z_val + 1

    result = checks.standardize_train_val.evaluate(z_val_wrong)
    assert not result.passed and "Z_val is wrong (Z_train right)" in result.message and "[[" not in result.message
    result = checks.standardize_train_val.evaluate(lambda Xt, Xv: solution_standardize_train_val(Xv, Xt))
    assert not result.passed and "Traceback" not in result.message


def solution_rotation_about_center(degrees, cx, cy):
    # read right to left: move the centre to the origin, rotate, move it back
    return augment.translation(cx, cy) @ augment.rotation(degrees) @ augment.translation(-cx, -cy)


def solution_compose_transforms(s, degrees, tx, ty):
    S, R, T = augment.scaling(s), augment.rotation(degrees), augment.translation(tx, ty)
    return T @ R @ S                     # the first transform stands rightmost


def test_the_centre_is_a_fixed_point():
    np.testing.assert_allclose(solution_rotation_about_center(30, 3.5, 3.5) @ [3.5, 3.5, 1], [3.5, 3.5, 1])


@pytest.mark.parametrize("exercise, solution", [
    (checks.standardize_train_val, solution_standardize_train_val),
    (checks.rotation_about_center, solution_rotation_about_center),
    (checks.compose_transforms, solution_compose_transforms),
])
def test_exercises(exercise, solution):
    assert_exercise_verdicts(exercise, solution)                         # solution: the one shown in the notebook


def test_scaling_explorer_figures_state_their_settings():
    ex = explorers.feature_scaling_gd(ratio=100.0, scaler="min-max")
    assert "ratio x₂/x₁ = 100" in ex.axes[2].get_title() and ex.axes[1].get_title().startswith("min-max")
    ex = explorers.affine_augment(rotation=20.0, shear=0.2, flip=True)
    title = ex.axes[1].get_title()
    assert "rotation 20°" in title and "shear 0.2" in title and "flip" in title
    assert ex.axes[0].get_title() == "original (digit 7)"
    ex = explorers.spectrogram_masking(seed=3, n_masks=2)
    assert "seed 3" in ex.axes[1].get_title() and "2 time mask(s)" in ex.axes[1].get_title()


# ---- preprocessing by modality: resizing and bag of words ------------------------------------------------


def test_block_average_by_hand_and_keeps_the_mean():
    image = np.arange(16.0).reshape(4, 4)
    assert np.array_equal(sc.block_average(image, 2), [[2.5, 4.5], [10.5, 12.5]])
    Xd, yd = digits()
    seven = Xd[np.flatnonzero(yd == 7)[0]].reshape(8, 8)
    assert f"{seven.mean():.3f}" == f"{sc.block_average(seven, 2).mean():.3f}" == "0.283"
    with pytest.raises(ValueError, match="factor must divide"):
        sc.block_average(image, 3)


def test_bilinear_resize_corners_ramps_and_constants():
    image = np.random.default_rng(0).random((8, 8))
    big = sc.bilinear_resize(image, 16, 16)
    assert big.shape == (16, 16) and np.allclose(big[::15, ::15], image[::7, ::7])   # corners stay
    assert sc.bilinear_resize(image, 8, 8) == pytest.approx(image)                  # same size: unchanged
    ramp = np.add.outer(np.arange(4.0), 2 * np.arange(5.0))                          # linear: reproduced exactly
    r, c = np.linspace(0, 3, 7), np.linspace(0, 4, 9)
    assert np.allclose(sc.bilinear_resize(ramp, 7, 9), np.add.outer(r, 2 * c))
    assert np.allclose(sc.bilinear_resize(np.full((3, 3), 0.4), 5, 6), 0.4)
    with pytest.raises(ValueError, match="at least 2"):
        sc.bilinear_resize(image, 1, 4)


def test_bag_of_words_matches_the_notebook():
    vocabulary, counts = sc.bag_of_words(["The cat sat on the mat.", "The dog sat on the cat."])
    assert vocabulary == ["cat", "dog", "mat", "on", "sat", "the"]
    assert counts.tolist() == [[1, 0, 1, 1, 1, 2], [1, 1, 0, 1, 1, 2]]
    differ = [w for w, a, b in zip(vocabulary, *counts) if a != b]
    assert differ == ["dog", "mat"]
    _, counts = sc.bag_of_words(["The dog bit the man", "the man bit the dog"])
    assert np.array_equal(counts[0], counts[1])                                      # order is lost


def test_scaling_comparison_is_the_uncached_study_and_is_cached():
    X, y, studies = sc.scaling_comparison(50, 30.0, "min-max")
    X0, y0 = sc.two_feature_regression(50, 30.0, np.random.default_rng(0))
    np.testing.assert_array_equal(X, X0)
    expected = sc.gd_study(X0, y0, "min-max")
    assert studies["scaled"]["steps"] == expected["steps"]
    np.testing.assert_array_equal(studies["scaled"]["path"], expected["path"])
    assert sc.gd_study(X0, y0, "none")["steps"] == studies["raw"]["steps"]
    assert sc.scaling_comparison(50, 30.0, "min-max")[2] is studies


def test_feature_scaling_gd_redraw_matches_a_fresh_explorer():
    """Frozen ticks and labels: after moving away and back, the figure is the one a new explorer draws."""
    ex = explorers.feature_scaling_gd()
    ex.controls["ratio"].value = 1000.0
    ex.controls["ratio"].value = 100.0
    fresh = explorers.feature_scaling_gd(ratio=100.0)
    loss, fresh_loss = ex.axes[2], fresh.axes[2]
    np.testing.assert_allclose(loss.get_yticks(), fresh_loss.get_yticks())
    assert [t.get_text() for t in loss.get_yticklabels()] == [t.get_text() for t in fresh_loss.get_yticklabels()]
    assert loss.get_title() == fresh_loss.get_title()


# ---- layer 2: plot_ then update_ shows the new data -------------------------------------------------------


def test_update_functions_move_the_artists_to_new_data():
    axes = Figure().subplots(1, 3)
    handles = figures.plot_feature_scaling(axes, sc.scaling_curves(10.0, "standardize"), 10.0, "standardize")
    curves = sc.scaling_curves(1000.0, "min-max")
    figures.update_feature_scaling(handles, curves, 1000.0, "min-max")
    studies, k_max, k, excess = curves
    np.testing.assert_array_equal(handles["scaled"]["path"].get_xdata(), studies["scaled"]["path"][:, 0])
    np.testing.assert_array_equal(handles["raw"]["contours"][0].get_ydata(), studies["raw"]["ellipses"][0][:, 1])
    np.testing.assert_array_equal(list(handles["excess"]["lines"].values())[1].get_ydata(), excess["scaled"])
    assert axes[2].get_xlim() == (1, k_max) and axes[1].get_title().startswith("min-max: κ = 123")

    axes = Figure().subplots(1, 3)
    M0, warped0 = sc.warped_digit(3)
    handles = figures.plot_affine_augment(axes, sc.digit_examples()[3], warped0, M0)
    settings = dict(flip=True, scale=1.2, shear=0.1, rotation=45.0, tx=1.0, ty=-1.0, noise=0.2)
    M, warped = sc.warped_digit(5, **settings)
    figures.update_affine_augment(handles, sc.digit_examples()[5], warped, M, 5, settings)
    np.testing.assert_array_equal(handles["warped"].get_array(), warped)
    assert handles["matrix"].get_text() == figures.matrix_text(M) and "flip, noise 0.2" in axes[1].get_title()

    axes = Figure().subplots(1, 2)
    spec = sc.spectrogram()
    handles = figures.plot_spectrogram_masking(axes, spec, spec, 0.0, 1.0)
    masked = sc.masked_spectrogram(spec, 40, 30, 3, np.random.default_rng(1))
    figures.update_spectrogram_masking(handles, masked, 40, 30, 3, 1)
    np.testing.assert_array_equal(handles["image"].get_array(), masked)
    assert "seed 1" in axes[1].get_title()


def test_reports_print_the_notebook_tables():
    studies, r = sc.scaler_table(ratios=(1,))
    table = figures.report_scaler_table(studies, r).splitlines()
    assert table[0] == " ratio  scaler            kappa         steps  best loss L*"
    assert table[3] == "     1  standardize        2.51            52        0.0099"
    assert table[-1] == "sample correlation of the features r = 0.431;  (1 + r)/(1 - r) = 2.514"
    vocabulary, counts = sc.bag_of_words(["The cat sat on the mat.", "The dog sat on the cat."])
    assert figures.report_bag_of_words(vocabulary, counts).splitlines()[1] == "sentence 1    1    0    1    1    1    2"
    centring = figures.report_digit_centring(sc.digit_centring(digits()[0]))
    assert centring.endswith("digits with ink in both the top and the bottom row: 100.0%")


# ---- every visible string goes through tr() ---------------------------------------------------------------


def test_every_visible_string_goes_through_tr(marked_language):
    for ex in (explorers.feature_scaling_gd(ratio=1000.0), explorers.affine_augment(flip=True, noise=0.1),
               explorers.spectrogram_masking()):
        drive_each_control(ex, n=2)
        assert untranslated(ex) == [], ex.title
    axes = Figure().subplots(1, 4)
    X = sc.two_feature_regression(20, 10.0, np.random.default_rng(0))[0]
    figures.plot_scaler_comparison(axes, X)
    images = sc.digit_examples()
    figures.plot_affine_examples(axes[0], images[7], sc.affine_examples())
    figures.plot_augmented_copies(axes[1], images[:2], images[2:6])
    figures.plot_noise_levels(axes[2], images[:2], (0.0, 0.1))
    results = {"none": np.array([0.9, 0.91]), "mild": np.array([0.92, 0.9]), ("mild", "fresh"): np.array([0.93, 0.9])}
    figures.plot_augmentation_gains(axes[3], results, setup={"n_train": 100, "n_copies": 4, "updates": 512})
    assert untranslated(axes) == []
    result = checks.standardize_train_val.evaluate(
        lambda Xt, Xv: ((Xt - Xt.mean(0)) / Xt.std(0), (Xv - Xt.mean(0)) / Xt.std(0)))
    assert "⟪your output has nan or inf" in result.message
