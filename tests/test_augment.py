"""Tests for course_lib.augment: affine warps with known results, noise, spectrogram masks, text typos."""

import numpy as np
import pytest

from course_lib.augment import (
    QWERTY_NEIGHBOURS,
    add_gaussian_noise,
    affine_transform,
    augment_images,
    centered,
    char_delete,
    char_insert,
    char_swap,
    compose,
    flip,
    frequency_mask,
    keyboard_substitute,
    perturb_text,
    random_affine,
    rotation,
    salt_and_pepper,
    scaling,
    shear,
    synthetic_spectrogram,
    time_mask,
    translation,
)


def apply(M, x, y):
    """The point (x, y) moved by the 3×3 matrix M."""
    p = M @ np.array([x, y, 1.0])
    return p[0], p[1]


@pytest.fixture
def image():
    return np.random.default_rng(1).normal(size=(5, 5))


# ------------------------------------------------------------------------------------------------
# matrices
# ------------------------------------------------------------------------------------------------


def test_matrices_move_points_as_documented():
    assert apply(translation(2.0, -1.0), 1.0, 1.0) == (3.0, 0.0)
    assert apply(scaling(2.0, 3.0), 1.0, 1.0) == (2.0, 3.0)
    assert apply(scaling(2.0), 1.0, 1.0) == (2.0, 2.0)
    assert apply(shear(0.5), 1.0, 2.0) == (2.0, 2.0)  # x + 0.5·y = 1 + 1
    assert apply(shear(0.0, 0.5), 2.0, 1.0) == (2.0, 2.0)  # y + 0.5·x = 1 + 1
    assert apply(flip(), 1.0, 2.0) == (-1.0, 2.0)
    assert apply(flip(horizontal=False), 1.0, 2.0) == (1.0, -2.0)
    # counter-clockwise on screen, where y points down: a point to the right moves up (y < 0)
    assert np.allclose(apply(rotation(90), 1.0, 0.0), (0.0, -1.0), atol=1e-15)
    assert np.allclose(apply(rotation(90), 0.0, -1.0), (-1.0, 0.0), atol=1e-15)


def test_compose_applies_left_to_right():
    T, R = translation(1.0, 0.0), rotation(90)
    # first move (0, 0) to (1, 0), then turn it about the origin: (0, −1)
    assert np.allclose(apply(compose(T, R), 0.0, 0.0), (0.0, -1.0), atol=1e-15)
    # first turn (the origin stays put), then move: (1, 0)
    assert np.allclose(apply(compose(R, T), 0.0, 0.0), (1.0, 0.0), atol=1e-15)
    assert np.allclose(compose(T, R), R @ T)
    assert np.array_equal(compose(), np.eye(3))


def test_centered_keeps_the_centre_fixed():
    M = centered(rotation(37.0), (4, 6))  # centre ((6 − 1)/2, (4 − 1)/2) = (2.5, 1.5)
    assert np.allclose(apply(M, 2.5, 1.5), (2.5, 1.5), atol=1e-14)


# ------------------------------------------------------------------------------------------------
# warps with exact known results
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("order", [0, 1])
def test_identity_returns_the_image(image, order):
    for M in (np.eye(3), compose(), scaling(1.0), rotation(0.0), rotation(360.0), translation(0, 0)):
        assert np.array_equal(affine_transform(image, M, order=order), image)


@pytest.mark.parametrize("shape", [(4, 4), (5, 5)])
@pytest.mark.parametrize("order", [0, 1])
def test_quarter_turns_equal_rot90(shape, order):
    img = np.random.default_rng(2).normal(size=shape)
    assert np.array_equal(affine_transform(img, rotation(90), order=order), np.rot90(img))
    assert np.array_equal(affine_transform(img, rotation(-90), order=order), np.rot90(img, -1))
    assert np.array_equal(affine_transform(img, rotation(180), order=order), img[::-1, ::-1])


def test_flips(image):
    rect = np.arange(12.0).reshape(3, 4)
    for img in (image, rect):
        assert np.array_equal(affine_transform(img, flip()), img[:, ::-1])
        assert np.array_equal(affine_transform(img, flip(horizontal=False)), img[::-1, :])


def test_integer_translation_shifts_and_fills():
    img = np.arange(1.0, 21.0).reshape(4, 5)
    out = affine_transform(img, translation(2, 1), fill=-1.0)  # 2 columns right, 1 row down
    expected = np.full((4, 5), -1.0)
    expected[1:, 2:] = img[:-1, :-2]
    assert np.array_equal(out, expected)
    out = affine_transform(img, translation(-1, 0), fill=0.0)
    expected = np.zeros((4, 5))
    expected[:, :-1] = img[:, 1:]
    assert np.array_equal(out, expected)


def test_half_pixel_shift_is_bilinear():
    # output x reads the input at x − 0.5: x = 0 → ½·fill + ½·0 = 0; x = 1 → ½(0 + 2) = 1; then 3, 5
    row = np.array([[0.0, 2.0, 4.0, 6.0]])
    assert np.allclose(affine_transform(row, translation(0.5, 0)), [[0.0, 1.0, 3.0, 5.0]], atol=1e-15)
    # nearest neighbour: a shift of 0.4 rounds to 0, a shift of 0.6 to 1
    assert np.array_equal(affine_transform(row, translation(0.4, 0), order=0), row)
    assert np.array_equal(affine_transform(row, translation(0.6, 0), order=0), [[0.0, 0.0, 2.0, 4.0]])


def test_scaling_by_two_about_the_centre_golden():
    # img = [[0,1,2],[3,4,5],[6,7,8]], centre (1, 1).  Output p reads the input at c + (p − c)/2:
    # p = (0, 0) reads (0.5, 0.5): mean of 0, 1, 3, 4 = 2;  p = (1, 1) reads 4;  p = (2, 2) reads
    # (1.5, 1.5): mean of 4, 5, 7, 8 = 6;  p = (x=0, y=1) reads (0.5, 1): mean of 3 and 4 = 3.5
    img = np.arange(9.0).reshape(3, 3)
    out = affine_transform(img, scaling(2.0))
    assert out[0, 0] == 2.0 and out[1, 1] == 4.0 and out[2, 2] == 6.0 and out[1, 0] == 3.5


def test_center_false_uses_raw_pixel_coordinates(image):
    M = compose(rotation(20.0), scaling(1.1), translation(0.3, -0.2))
    a = affine_transform(image, M)
    b = affine_transform(image, centered(M, image.shape), center=False)
    assert np.allclose(a, b, rtol=0, atol=1e-12)


def test_inverse_matrix_undoes_the_warp_on_interior_pixels():
    # Bilinear interpolation reproduces a linear image exactly, so the round trip is exact (up to
    # round-off) wherever all samples stayed inside the image.
    y, x = np.indices((16, 16), dtype=float)
    ramp = 0.3 * x - 0.7 * y + 2.0
    M = compose(scaling(1.05), shear(0.1), rotation(10.0), translation(0.5, -0.4))
    back = affine_transform(affine_transform(ramp, M), np.linalg.inv(M))
    assert np.allclose(back[4:-4, 4:-4], ramp[4:-4, 4:-4], rtol=0, atol=1e-9)
    # a smooth curved image comes back up to the interpolation error, which is O(curvature · pixel²):
    # measured max 0.028 for a picture whose values span 4
    curved = np.sin(x / 3) + np.cos(y / 4)
    back = affine_transform(affine_transform(curved, M), np.linalg.inv(M))
    error = np.abs(back - curved)[4:-4, 4:-4]
    assert 0 < error.max() < 0.05


def test_batches_with_one_or_many_matrices():
    rng = np.random.default_rng(4)
    batch = rng.normal(size=(3, 6, 6))
    M = rotation(25.0)
    one = affine_transform(batch, M)
    assert np.array_equal(one, np.stack([affine_transform(b, M) for b in batch]))
    Ms = np.stack([random_affine(rng) for _ in range(3)])
    many = affine_transform(batch, Ms, order=0)
    assert np.array_equal(many, np.stack([affine_transform(b, m, order=0) for b, m in zip(batch, Ms, strict=True)]))


def test_dtypes():
    img32 = np.ones((4, 4), dtype=np.float32)
    assert affine_transform(img32, rotation(10.0)).dtype == np.float32
    assert affine_transform(np.ones((4, 4), dtype=np.uint8), rotation(10.0)).dtype == np.float64


def test_affine_transform_errors(image):
    with pytest.raises(ValueError, match="image"):
        affine_transform(np.ones(5), np.eye(3))
    with pytest.raises(ValueError, match="matrix"):
        affine_transform(image, np.eye(2))
    with pytest.raises(ValueError, match="matrix"):
        affine_transform(np.ones((2, 4, 4)), np.stack([np.eye(3)] * 3))
    with pytest.raises(ValueError, match="order"):
        affine_transform(image, np.eye(3), order=3)
    with pytest.raises(ValueError, match="fill"):
        affine_transform(image, np.eye(3), fill=np.nan)
    with pytest.raises(ValueError, match="sx"):
        scaling(0.0)


# ------------------------------------------------------------------------------------------------
# random affine and batch augmentation
# ------------------------------------------------------------------------------------------------


def test_random_affine_is_reproducible_and_within_bounds():
    a = random_affine(np.random.default_rng(7))
    assert np.array_equal(a, random_affine(np.random.default_rng(7)))
    assert not np.array_equal(a, random_affine(np.random.default_rng(8)))
    rng = np.random.default_rng(9)
    for _ in range(200):
        M = random_affine(rng, max_translation=1.0, scale_range=(0.9, 1.1))
        # the translation comes last, so it is the last column; rotation and shear have det 1, so det = s²
        assert np.all(np.abs(M[:2, 2]) <= 1.0)
        assert 0.81 - 1e-12 <= np.linalg.det(M) <= 1.21 + 1e-12
        assert np.array_equal(M[2], [0.0, 0.0, 1.0])


def test_random_affine_with_zero_ranges_is_the_identity():
    M = random_affine(np.random.default_rng(0), 0.0, 0.0, (1.0, 1.0), 0.0)
    assert np.array_equal(M, np.eye(3))


def test_random_affine_errors():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="max_rotation"):
        random_affine(rng, max_rotation=-1.0)
    with pytest.raises(ValueError, match="scale_range"):
        random_affine(rng, scale_range=(1.1, 0.9))
    with pytest.raises(ValueError, match="scale_range"):
        random_affine(rng, scale_range=(0.0, 1.0))


def test_augment_images_layout_and_reproducibility():
    images = np.random.default_rng(5).random((4, 8, 8))
    out = augment_images(images, np.random.default_rng(11), n_copies=3)
    assert out.shape == (12, 8, 8)
    assert np.array_equal(out, augment_images(images, np.random.default_rng(11), n_copies=3))
    # row k·N + i is copy k of image i, warped by the (k·N + i)-th matrix drawn from the rng
    rng = np.random.default_rng(11)
    for j in range(12):
        M = random_affine(rng)
        assert np.allclose(out[j], affine_transform(images[j % 4], M), rtol=0, atol=1e-12)
    still = augment_images(images, np.random.default_rng(0), n_copies=2, max_translation=0.0,
                           max_rotation=0.0, scale_range=(1.0, 1.0), max_shear=0.0)
    assert np.array_equal(still, np.tile(images, (2, 1, 1)))


def test_augment_images_errors():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="reshape"):
        augment_images(np.zeros((4, 64)), rng)
    with pytest.raises(ValueError, match="n_copies"):
        augment_images(np.zeros((4, 8, 8)), rng, n_copies=0)


# ------------------------------------------------------------------------------------------------
# noise
# ------------------------------------------------------------------------------------------------


def test_gaussian_noise_statistics():
    x = np.full(100_000, 3.0)
    noisy = add_gaussian_noise(x, 0.5, np.random.default_rng(0))
    # the sample std of 1e5 draws is within about 0.5·(1 ± 3/√(2·1e5)) ≈ 0.5 ± 0.0034
    assert abs((noisy - x).std() - 0.5) < 0.005
    assert abs((noisy - x).mean()) < 0.01  # 3 standard errors: 3·0.5/√1e5 ≈ 0.005
    assert np.array_equal(add_gaussian_noise(x, 0.0, np.random.default_rng(0)), x)
    assert add_gaussian_noise(x.astype(np.float32), 0.1, np.random.default_rng(0)).dtype == np.float32
    assert np.array_equal(noisy, add_gaussian_noise(x, 0.5, np.random.default_rng(0)))
    with pytest.raises(ValueError, match="std"):
        add_gaussian_noise(x, -1.0, np.random.default_rng(0))


def test_salt_and_pepper_changes_the_right_count():
    x = np.full((10, 10), 0.5)
    out = salt_and_pepper(x, 0.2, np.random.default_rng(0), low=0.0, high=1.0)
    changed = out != 0.5
    assert changed.sum() == 20  # round(0.2 · 100)
    assert set(np.unique(out[changed])) <= {0.0, 1.0}
    assert np.all(x == 0.5), "the input must not be modified"
    assert np.array_equal(salt_and_pepper(x, 0.0, np.random.default_rng(0)), x)
    img = np.random.default_rng(1).random((8, 8))
    out = salt_and_pepper(img, 0.25, np.random.default_rng(2))  # defaults: low = min, high = max
    assert set(np.unique(out[out != img])) <= {img.min(), img.max()}
    with pytest.raises(ValueError, match="amount"):
        salt_and_pepper(x, 1.5, np.random.default_rng(0))


# ------------------------------------------------------------------------------------------------
# spectrograms
# ------------------------------------------------------------------------------------------------


def test_synthetic_spectrogram_shape_and_chirp():
    S = synthetic_spectrogram(np.random.default_rng(0))
    assert S.shape == (64, 100) and np.all(np.isfinite(S))
    assert np.array_equal(S, synthetic_spectrogram(np.random.default_rng(0)))
    assert not np.array_equal(S, synthetic_spectrogram(np.random.default_rng(1)))
    # n_fft = 2·63 = 126, hop 63, 6363 samples.  The chirp's frequency at a frame centre t is
    # 0.02 + 0.13·t/6363 cycles per sample, bin = frequency · 126:
    # first frame, t = 63: 0.0213 · 126 ≈ 2.7;  last frame, t = 6300: 0.1487 · 126 ≈ 18.7
    assert abs(np.argmax(S[:, 0]) - 2.7) <= 1
    assert abs(np.argmax(S[:, -1]) - 18.7) <= 1
    assert synthetic_spectrogram(np.random.default_rng(0), n_freq=33, n_time=20).shape == (33, 20)
    with pytest.raises(ValueError, match="n_freq"):
        synthetic_spectrogram(np.random.default_rng(0), n_freq=1)


@pytest.mark.parametrize("seed", range(20))
def test_time_mask_blanks_the_band_the_rng_chose(seed):
    spec = np.random.default_rng(100).normal(size=(6, 30))
    out = time_mask(spec, 5, np.random.default_rng(seed))
    # replay the two draws: width ~ U{0..5}, start ~ U{0..30 − width}
    rng = np.random.default_rng(seed)
    width = rng.integers(0, 6)
    start = rng.integers(0, 30 - width + 1)
    expected = spec.copy()
    expected[:, start:start + width] = spec.mean()
    assert np.array_equal(out, expected)
    masked_columns = np.flatnonzero(np.any(out != spec, axis=0))
    assert len(masked_columns) == width <= 5


@pytest.mark.parametrize("seed", range(20))
def test_frequency_mask_blanks_whole_rows_within_width(seed):
    spec = np.random.default_rng(100).normal(size=(20, 7))
    out = frequency_mask(spec, 4, np.random.default_rng(seed), n_masks=2, fill=0.0)
    masked_rows = np.flatnonzero(np.any(out != spec, axis=1))
    assert len(masked_rows) <= 2 * 4
    assert np.all(out[masked_rows] == 0.0)
    unmasked = np.setdiff1d(np.arange(20), masked_rows)
    assert np.array_equal(out[unmasked], spec[unmasked])


def test_masks_reach_every_width_and_leave_the_input_alone():
    spec = np.random.default_rng(0).normal(size=(4, 50))
    copy = spec.copy()
    rng = np.random.default_rng(1)
    widths = {int(np.any(time_mask(spec, 3, rng) != spec, axis=0).sum()) for _ in range(200)}
    assert widths == {0, 1, 2, 3}
    assert np.array_equal(spec, copy)
    a = frequency_mask(spec, 2, np.random.default_rng(5), n_masks=3)
    assert np.array_equal(a, frequency_mask(spec, 2, np.random.default_rng(5), n_masks=3))


def test_mask_errors():
    rng = np.random.default_rng(0)
    spec = np.zeros((5, 10))
    with pytest.raises(ValueError, match="max_width"):
        time_mask(spec, 11, rng)
    with pytest.raises(ValueError, match="max_width"):
        frequency_mask(spec, 6, rng)
    with pytest.raises(ValueError, match="max_width"):
        time_mask(spec, -1, rng)
    with pytest.raises(ValueError, match="n_masks"):
        time_mask(spec, 2, rng, n_masks=-1)
    with pytest.raises(ValueError, match="spec"):
        time_mask(np.zeros(10), 2, rng)


# ------------------------------------------------------------------------------------------------
# text
# ------------------------------------------------------------------------------------------------

TEXT = "Deep networks learn slowly"


def is_subsequence(short, long):
    it = iter(long)
    return all(ch in it for ch in short)


def test_qwerty_neighbours():
    assert set(QWERTY_NEIGHBOURS) == set("abcdefghijklmnopqrstuvwxyz")
    assert set(QWERTY_NEIGHBOURS["f"]) == set("drtgvc")
    assert set(QWERTY_NEIGHBOURS["q"]) == set("wa")
    assert set(QWERTY_NEIGHBOURS["m"]) == set("njk")
    assert set(QWERTY_NEIGHBOURS["p"]) == set("ol")
    for key, near in QWERTY_NEIGHBOURS.items():
        assert key not in near
        assert all(key in QWERTY_NEIGHBOURS[other] for other in near), "being neighbours is symmetric"


@pytest.mark.parametrize("n", [0, 1, 3])
def test_insert_and_delete_change_the_length_by_n(n):
    rng = np.random.default_rng(n)
    longer = char_insert(TEXT, rng, n)
    assert len(longer) == len(TEXT) + n and is_subsequence(TEXT, longer)
    shorter = char_delete(TEXT, rng, n)
    assert len(shorter) == len(TEXT) - n and is_subsequence(shorter, TEXT)
    assert char_delete("abc", rng, 3) == ""


@pytest.mark.parametrize("n", [0, 1, 2, 5])
def test_swap_keeps_the_characters_and_moves_2n(n):
    out = char_swap(TEXT, np.random.default_rng(n), n)
    assert sorted(out) == sorted(TEXT)
    diff = [i for i, (a, b) in enumerate(zip(out, TEXT, strict=True)) if a != b]
    assert len(diff) == 2 * n
    for i in diff[::2]:  # the changed positions come in adjacent, swapped pairs
        assert out[i] == TEXT[i + 1] and out[i + 1] == TEXT[i]


def test_swap_at_full_capacity_and_beyond():
    # "abcdef" holds exactly 3 disjoint pairs: (a,b), (c,d), (e,f), so 3 swaps have one answer
    assert char_swap("abcdef", np.random.default_rng(0), 3) == "badcfe"
    with pytest.raises(ValueError, match="n"):
        char_swap("abcdef", np.random.default_rng(0), 4)
    with pytest.raises(ValueError, match="n"):
        char_swap("aaaa", np.random.default_rng(0), 1)  # equal neighbours: nothing to swap


@pytest.mark.parametrize("seed", range(5))
def test_keyboard_substitute_uses_neighbours_keeps_case_and_spares_non_letters(seed):
    text = "Hi there, 42 Apples!"
    n_letters = sum(ch.isalpha() for ch in text)
    for n in (1, 3, n_letters):
        out = keyboard_substitute(text, np.random.default_rng(seed), n)
        assert len(out) == len(text)
        diff = [i for i, (a, b) in enumerate(zip(out, text, strict=True)) if a != b]
        assert len(diff) == n
        for i in diff:
            assert text[i].isalpha()
            assert out[i].lower() in QWERTY_NEIGHBOURS[text[i].lower()]
            assert out[i].isupper() == text[i].isupper()
    with pytest.raises(ValueError, match="n"):
        keyboard_substitute(text, np.random.default_rng(seed), n_letters + 1)


def test_perturb_text():
    assert perturb_text(TEXT, np.random.default_rng(0), 0) == TEXT
    a = perturb_text(TEXT, np.random.default_rng(3), 4)
    assert a == perturb_text(TEXT, np.random.default_rng(3), 4) and a != TEXT
    assert len(perturb_text(TEXT, np.random.default_rng(0), 3, kinds=("delete",))) == len(TEXT) - 3
    assert len(perturb_text(TEXT, np.random.default_rng(0), 3, kinds=("insert",))) == len(TEXT) + 3
    out = perturb_text(TEXT, np.random.default_rng(0), 3, kinds=("keyboard",))
    assert len(out) == len(TEXT) and 0 < sum(a != b for a, b in zip(out, TEXT, strict=True)) <= 3
    with pytest.raises(ValueError, match="kinds"):
        perturb_text(TEXT, np.random.default_rng(0), 1, kinds=("shout",))
    with pytest.raises(ValueError, match="kinds"):
        perturb_text(TEXT, np.random.default_rng(0), 1, kinds="insert")


def test_text_functions_are_reproducible_and_check_arguments():
    for fn in (char_insert, char_delete, char_swap, keyboard_substitute, perturb_text):
        assert fn(TEXT, np.random.default_rng(42), 2) == fn(TEXT, np.random.default_rng(42), 2)
        with pytest.raises(ValueError, match="text"):
            fn(123, np.random.default_rng(0), 1)
        with pytest.raises(ValueError, match="n"):
            fn(TEXT, np.random.default_rng(0), -1)
    with pytest.raises(ValueError, match="n"):
        char_delete("abc", np.random.default_rng(0), 4)
