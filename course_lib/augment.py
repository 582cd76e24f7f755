"""Data augmentation: affine warps and noise for images, masks for spectrograms, typos for text.

Images are 2-D arrays (H, W) (for example the 8×8 digits) or batches (N, H, W) where a function
says so.  Every random function takes an explicit `rng` (np.random.Generator): the same seed gives
the same result.

Affine matrices are 3×3 and act on homogeneous pixel coordinates p = (x, y, 1), with x the column
index and y the row index, so y points *down* the screen.  The matrix builders below act about the
origin; `affine_transform` puts that origin at the image centre (see `centered`), so rotations,
scalings, shears and flips turn the picture about its middle.  Matrices compose by matrix product:
`compose(A, B)` means "first A, then B" and equals B @ A.
"""

from __future__ import annotations

import math
import string

import numpy as np

from ._validate import finite, generator, in_range, non_negative, one_of, positive

# ----------------------------------------------------------------------------------------------------
# Affine matrices
# ----------------------------------------------------------------------------------------------------


def translation(tx, ty):
    """Shift by tx columns (right) and ty rows (down).   (x, y) → (x + tx, y + ty).   → (3, 3)."""
    finite("tx", tx)
    finite("ty", ty)
    return np.array([[1.0, 0.0, tx], [0.0, 1.0, ty], [0.0, 0.0, 1.0]])


def scaling(sx, sy=None):
    """Scale by sx along x and sy along y (sy = sx when omitted).   (x, y) → (sx·x, sy·y).   → (3, 3)."""
    sy = sx if sy is None else sy
    positive("sx", sx)
    positive("sy", sy)
    return np.array([[sx, 0.0, 0.0], [0.0, sy, 0.0], [0.0, 0.0, 1.0]])


def rotation(degrees):
    """Rotate counter-clockwise as seen on screen.   (x, y) → (x·cos θ + y·sin θ, −x·sin θ + y·cos θ).

    Because y points down, this is the matrix [[cos θ, sin θ], [−sin θ, cos θ]] (the one on the
    slides of deck 001).  rotation(90) turns a square image exactly as np.rot90 does.   → (3, 3).
    """
    theta = math.radians(finite("degrees", degrees))
    c, s = math.cos(theta), math.sin(theta)
    return np.array([[c, s, 0.0], [-s, c, 0.0], [0.0, 0.0, 1.0]])


def shear(shx, shy=0.0):
    """Shear.   (x, y) → (x + shx·y, y + shy·x).   → (3, 3)."""
    finite("shx", shx)
    finite("shy", shy)
    return np.array([[1.0, shx, 0.0], [shy, 1.0, 0.0], [0.0, 0.0, 1.0]])


def flip(horizontal=True):
    """Mirror left–right (x → −x) when horizontal, else upside down (y → −y).   → (3, 3)."""
    return np.diag([-1.0, 1.0, 1.0]) if horizontal else np.diag([1.0, -1.0, 1.0])


def compose(*matrices):
    """The transform "first matrices[0], then matrices[1], ...":  M = M_last @ ... @ M_1 @ M_0.   → (3, 3)."""
    M = np.eye(3)
    for A in matrices:
        M = np.asarray(A, dtype=float) @ M
    return M


def centered(matrix, shape):
    """The same transform about the centre of an image of `shape` (..., H, W), in raw pixel coordinates.

    C = T(c) @ M @ T(−c) with c = ((W − 1)/2, (H − 1)/2), the centre of the pixel grid.   → (3, 3).
    """
    if np.ndim(shape) != 1 or len(shape) < 2:
        raise ValueError(f"shape must be an image shape (..., H, W) with at least two entries, got {shape!r}")
    H, W = shape[-2], shape[-1]
    cx, cy = (W - 1) / 2, (H - 1) / 2
    return translation(cx, cy) @ np.asarray(matrix, dtype=float) @ translation(-cx, -cy)


# ----------------------------------------------------------------------------------------------------
# Warping
# ----------------------------------------------------------------------------------------------------


def affine_transform(image, matrix, fill=0.0, order=1, center=True):
    """Warp image(s) by an affine matrix.   image: (H, W) or (N, H, W);  matrix: (3, 3) or (N, 3, 3).

    Inverse mapping: every output pixel p looks up the input at M⁻¹·p and interpolates there,
    bilinearly (order=1) or from the nearest pixel (order=0).  Input outside the image reads as
    `fill`.  With center=True (default) the matrix acts about the image centre (see `centered`);
    with center=False it acts on raw pixel indices.  A batch may use one matrix for all images or
    one matrix per image.  Returns float (float32 stays float32).
    """
    image = np.asarray(image)
    if image.ndim not in (2, 3):
        raise ValueError(f"image must have shape (H, W) or (N, H, W), got shape {image.shape}")
    matrix = np.asarray(matrix, dtype=float)
    if not np.isfinite(matrix).all():
        raise ValueError("matrix must hold finite numbers")
    if matrix.shape != (3, 3) and not (image.ndim == 3 and matrix.shape == (image.shape[0], 3, 3)):
        raise ValueError(f"matrix must have shape (3, 3) or (N, 3, 3) for N images, got {matrix.shape}")
    one_of("order", order, (0, 1))
    if not isinstance(fill, (int, float, np.number)) or not np.isfinite(fill):
        raise ValueError(f"fill must be a finite number, got {fill!r}")
    dtype = image.dtype if np.issubdtype(image.dtype, np.floating) else np.float64
    H, W = image.shape[-2:]

    if center:
        matrix = centered(matrix, image.shape)
    M_inv = np.linalg.inv(matrix)
    y_out, x_out = np.indices((H, W), dtype=float)
    p_out = np.stack([x_out, y_out, np.ones((H, W))])  # (3, H, W): homogeneous (x, y, 1) of each pixel
    p_in = np.einsum("...ij,jhw->...ihw", M_inv, p_out)  # (3, H, W), or (N, 3, H, W) with N matrices
    x, y = p_in[..., 0, :, :], p_in[..., 1, :, :]
    # Round-off turns an exact 3 into 2.9999999999999996; snap such values back, so that 90° turns,
    # flips and integer shifts give exactly the input's pixel values.
    x = np.where(np.abs(x - np.rint(x)) < 1e-9, np.rint(x), x)
    y = np.where(np.abs(y - np.rint(y)) < 1e-9, np.rint(y), y)

    # A one-pixel border of `fill` around the image; indices are clipped onto it, so any
    # neighbour outside the image reads `fill` and no mask is needed.
    padded = np.pad(image.astype(dtype), [(0, 0)] * (image.ndim - 2) + [(1, 1), (1, 1)], constant_values=fill)
    lead = (np.arange(image.shape[0])[:, None, None],) if x.ndim == 3 else (Ellipsis,)

    def pixel(rows, cols):
        """image[rows, cols] with out-of-image positions reading `fill` (indices in input pixels)."""
        return padded[lead + (np.clip(rows, -1, H) + 1, np.clip(cols, -1, W) + 1)]

    if order == 0:
        return pixel(np.floor(y + 0.5).astype(int), np.floor(x + 0.5).astype(int))
    x0, y0 = np.floor(x), np.floor(y)
    fx, fy = (x - x0).astype(dtype), (y - y0).astype(dtype)  # fractional parts in [0, 1)
    x0, y0 = x0.astype(int), y0.astype(int)
    top = (1 - fx) * pixel(y0, x0) + fx * pixel(y0, x0 + 1)
    bottom = (1 - fx) * pixel(y0 + 1, x0) + fx * pixel(y0 + 1, x0 + 1)
    return (1 - fy) * top + fy * bottom


def random_affine(rng, max_translation=1.0, max_rotation=15.0, scale_range=(0.9, 1.1), max_shear=0.1):
    """A random matrix: scale, then shear, then rotate, then translate.   → (3, 3), about the centre.

    s ~ U(scale_range) (the same along x and y), shx ~ U(−max_shear, max_shear),
    angle ~ U(−max_rotation, max_rotation) degrees, tx, ty ~ U(−max_translation, max_translation) pixels.
    """
    generator(rng)
    in_range("max_translation", max_translation, 0.0, 1e6)      # pixels
    in_range("max_rotation", max_rotation, 0.0, 180.0)         # degrees: ±180 covers every turn
    in_range("max_shear", max_shear, 0.0, 1e3)
    try:
        low, high = scale_range
    except (TypeError, ValueError):
        raise ValueError(f"scale_range must be a pair (low, high), got {scale_range!r}") from None
    positive("scale_range[0]", low)
    in_range("scale_range[1]", high, low, math.inf)
    s = rng.uniform(low, high)
    shx = rng.uniform(-max_shear, max_shear)
    angle = rng.uniform(-max_rotation, max_rotation)
    tx, ty = rng.uniform(-max_translation, max_translation, size=2)
    return compose(scaling(s), shear(shx), rotation(angle), translation(tx, ty))


def augment_images(images, rng, n_copies=1, fill=0.0, order=1, **random_affine_kwargs):
    """Random affine copies of a batch.   images: (N, H, W) → (n_copies·N, H, W).

    Row k·N + i is copy k of image i, so the matching labels are np.tile(labels, n_copies).
    Each copy gets its own random_affine(rng, **random_affine_kwargs) matrix.
    """
    images = np.asarray(images)
    if images.ndim != 3:
        raise ValueError(
            f"images must have shape (N, H, W), got shape {images.shape} "
            "(flattened 8×8 digits: images.reshape(-1, 8, 8))"
        )
    positive("n_copies", n_copies, integer=True)
    generator(rng)
    batch = np.tile(images, (n_copies, 1, 1))
    matrices = np.stack([random_affine(rng, **random_affine_kwargs) for _ in range(len(batch))])
    return affine_transform(batch, matrices, fill=fill, order=order)


# ----------------------------------------------------------------------------------------------------
# Noise
# ----------------------------------------------------------------------------------------------------


def add_gaussian_noise(x, std, rng):
    """x + ε with ε ~ N(0, std²) for every entry.   x: any shape → same shape (float32 stays float32)."""
    generator(rng)
    x = np.asarray(x)
    dtype = x.dtype if np.issubdtype(x.dtype, np.floating) else np.float64
    in_range("std", std, 0.0, float(np.finfo(dtype).max) / 1e3)     # beyond, x + ε overflows the dtype
    return (x + rng.normal(0.0, std, size=x.shape)).astype(dtype)


def salt_and_pepper(x, amount, rng, low=None, high=None):
    """Set round(amount·x.size) random entries, half of them (on average) to `high`, the rest to `low`.

    low and high default to x.min() and x.max().   x: any shape → a new array of the same shape.
    """
    in_range("amount", amount, 0.0, 1.0)
    generator(rng)
    x = np.asarray(x)
    x = np.array(x, dtype=x.dtype if np.issubdtype(x.dtype, np.floating) else np.float64)  # a copy
    low = x.min() if low is None else finite("low", low)
    high = x.max() if high is None else finite("high", high)
    n = round(amount * x.size)
    where = rng.choice(x.size, size=n, replace=False)
    salt = rng.random(n) < 0.5
    x.flat[where] = np.where(salt, high, low)
    return x


# ----------------------------------------------------------------------------------------------------
# Spectrograms (SpecAugment-style masks)
# ----------------------------------------------------------------------------------------------------


def _mask(spec, max_width, rng, n_masks, fill, axis):
    """Shared body of time_mask (axis=1) and frequency_mask (axis=0)."""
    generator(rng)
    spec = np.asarray(spec)
    if spec.ndim != 2:
        raise ValueError(f"spec must have shape (F, T), got shape {spec.shape}")
    size = spec.shape[axis]
    in_range("max_width", max_width, 0, size)
    non_negative("n_masks", n_masks, integer=True)
    out = np.array(spec, dtype=spec.dtype if np.issubdtype(spec.dtype, np.floating) else np.float64)
    fill = out.mean() if fill is None else finite("fill", fill)
    for _ in range(n_masks):
        width = int(rng.integers(0, max_width + 1))  # width ~ U{0, ..., max_width}
        start = int(rng.integers(0, size - width + 1))  # the mask fits inside the spectrogram
        if axis == 1:
            out[:, start : start + width] = fill
        else:
            out[start : start + width, :] = fill
    return out


def time_mask(spec, max_width, rng, n_masks=1, fill=None):
    """Blank n_masks bands of consecutive time frames (columns), each 0 to max_width wide.

    spec: (F, T) → a new (F, T) array.  fill defaults to the mean of spec.  Masks may overlap.
    """
    return _mask(spec, max_width, rng, n_masks, fill, axis=1)


def frequency_mask(spec, max_width, rng, n_masks=1, fill=None):
    """Blank n_masks bands of consecutive frequency bins (rows), each 0 to max_width wide.

    spec: (F, T) → a new (F, T) array.  fill defaults to the mean of spec.  Masks may overlap.
    """
    return _mask(spec, max_width, rng, n_masks, fill, axis=0)


def synthetic_spectrogram(rng, n_freq=64, n_time=100):
    """Log-magnitude spectrogram (dB) of a rising chirp with two harmonics plus noise.   → (n_freq, n_time).

    Row 0 is the lowest frequency (draw with origin="lower").  A short-time Fourier transform:
    frames of n_fft = 2·(n_freq − 1) samples overlapping by half, a Hann window, np.fft.rfft,
    then 20·log10(|S| + 1e-6).
    """
    generator(rng)
    positive("n_freq", n_freq, integer=True)
    positive("n_time", n_time, integer=True)
    if n_freq < 2:
        raise ValueError(f"n_freq must be an integer >= 2, got {n_freq!r}")
    n_fft = 2 * (n_freq - 1)
    hop = max(n_fft // 2, 1)
    L = hop * (n_time - 1) + n_fft  # number of samples

    # Frequencies in cycles per sample (0.5 is the Nyquist limit).  The chirp rises from f0 to f1;
    # its phase is 2π times the integral of the frequency.  The 3rd harmonic stays below 0.5.
    t = np.arange(L)
    f0, f1 = 0.02, 0.15
    phase = 2 * np.pi * (f0 * t + (f1 - f0) * t**2 / (2 * L)) + rng.uniform(0, 2 * np.pi)
    signal = np.sin(phase) + 0.5 * np.sin(2 * phase) + 0.25 * np.sin(3 * phase)
    signal = signal + rng.normal(0.0, 0.1, size=L)

    frames = np.lib.stride_tricks.sliding_window_view(signal, n_fft)[::hop]  # (n_time, n_fft)
    hann = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n_fft) / n_fft)  # periodic Hann window
    S = np.fft.rfft(frames * hann, axis=1)  # (n_time, n_freq)
    return 20 * np.log10(np.abs(S) + 1e-6).T


# ----------------------------------------------------------------------------------------------------
# Text: character-level typos
# ----------------------------------------------------------------------------------------------------

QWERTY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _qwerty_neighbours():
    """{letter: its neighbouring letters}.  Each row sits about half a key to the right of the one above,
    so key i of a row touches keys i and i+1 of the row above and keys i−1 and i of the row below."""
    neighbours = {}
    for r, row in enumerate(QWERTY_ROWS):
        for i, key in enumerate(row):
            near = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)]
            if r > 0:
                above = QWERTY_ROWS[r - 1]
                near += [above[j] for j in (i, i + 1) if j < len(above)]
            if r < len(QWERTY_ROWS) - 1:
                below = QWERTY_ROWS[r + 1]
                near += [below[j] for j in (i - 1, i) if 0 <= j < len(below)]
            neighbours[key] = "".join(sorted(near))
    return neighbours


QWERTY_NEIGHBOURS = _qwerty_neighbours()


def _check_text(text, n, rng):
    generator(rng)
    if not isinstance(text, str):
        raise ValueError(f"text must be a str, got {type(text).__name__}")
    non_negative("n", n, integer=True)


def char_insert(text, rng, n=1, alphabet=string.ascii_lowercase):
    """Insert n characters drawn from `alphabet` at random positions.   len grows by n."""
    _check_text(text, n, rng)
    chars = list(text)
    for _ in range(n):
        chars.insert(int(rng.integers(0, len(chars) + 1)), alphabet[rng.integers(len(alphabet))])
    return "".join(chars)


def char_delete(text, rng, n=1):
    """Delete n characters at distinct random positions.   len shrinks by n (n <= len(text))."""
    _check_text(text, n, rng)
    in_range("n", n, 0, len(text))
    gone = set(rng.choice(len(text), size=n, replace=False).tolist())
    return "".join(ch for i, ch in enumerate(text) if i not in gone)


def _max_pairs(starts):
    """The most non-overlapping pairs (i, i+1) among the sorted starts i: take them greedily from the left."""
    count, last = 0, -2
    for i in starts:
        if i > last + 1:
            count, last = count + 1, i
    return count


def char_swap(text, rng, n=1):
    """Swap n non-overlapping pairs of adjacent, different characters.   The multiset of characters is kept.

    Exactly 2·n positions change.  Raises ValueError when the text does not hold n such pairs.
    """
    _check_text(text, n, rng)
    chars = list(text)
    free = [i for i in range(len(chars) - 1) if chars[i] != chars[i + 1]]  # i: swap chars[i], chars[i+1]
    if _max_pairs(free) < n:
        raise ValueError(f"n is more than the pairs that can be swapped in {text!r}; got n={n}")
    for k in range(n, 0, -1):  # k swaps still to do
        options = free
        if _max_pairs(free) == k:  # no room to spare: keep the choices that leave room for k − 1 more
            options = [i for i in free if _max_pairs([j for j in free if abs(j - i) > 1]) >= k - 1]
        i = options[rng.integers(len(options))]
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
        free = [j for j in free if abs(j - i) > 1]  # pairs touching position i or i+1 are used up
    return "".join(chars)


def keyboard_substitute(text, rng, n=1):
    """Replace n letters at distinct positions by a QWERTY neighbour, keeping upper/lower case.

    Only the letters a–z and A–Z are touched (never spaces, digits or punctuation).
    """
    _check_text(text, n, rng)
    letters = [i for i, ch in enumerate(text) if ch.lower() in QWERTY_NEIGHBOURS]
    in_range("n", n, 0, len(letters))
    chars = list(text)
    for i in rng.choice(letters, size=n, replace=False):
        near = QWERTY_NEIGHBOURS[chars[i].lower()]
        typo = near[rng.integers(len(near))]
        chars[i] = typo.upper() if chars[i].isupper() else typo
    return "".join(chars)


TEXT_PERTURBATIONS = {
    "insert": char_insert,
    "delete": char_delete,
    "swap": char_swap,
    "keyboard": keyboard_substitute,
}


def perturb_text(text, rng, n=1, kinds=("insert", "delete", "swap", "keyboard")):
    """Apply n single-character typos one after another, each of a kind drawn uniformly from `kinds`."""
    _check_text(text, n, rng)
    if isinstance(kinds, str) or len(kinds) == 0:
        raise ValueError(f"kinds must be a non-empty sequence of names from {tuple(TEXT_PERTURBATIONS)}")
    for kind in kinds:
        one_of("kinds", kind, tuple(TEXT_PERTURBATIONS))
    for _ in range(n):
        kind = kinds[rng.integers(len(kinds))]
        text = TEXT_PERTURBATIONS[kind](text, rng, n=1)
    return text
