"""Measurements the repair stages adapt to: grain level and how faded the tones are."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from luxcanvas.local import ops
from luxcanvas.local._util import lightness, resize_by, scale_for

#: Grain is measured on this calmest share (percent) of the 8x8 blocks: small, so that a
#: photo mostly of noise-like texture (gravel, stone, foliage) is measured on its few
#: smooth areas and its texture is not taken for grain.
CALM_PERCENT = 3.0
#: Blocks whose mean is within this many levels of black or white are not measured: grain
#: there is clipped away and JPEG flattens what is left, so they read as clean.
CLIP_MARGIN = 16.0
#: The mid band of an 8x8 DCT block: orders (u + v) 2..6.
_ORDER = np.add.outer(np.arange(8), np.arange(8))
MID_BAND = (_ORDER >= 2) & (_ORDER <= 6)
#: No frequency's grain power is taken as more than SPECTRUM_CAP or less than
#: SPECTRUM_FLOOR times the mid band's.
SPECTRUM_CAP = 8.0
SPECTRUM_FLOOR = 0.01
_NOISE_KERNEL = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], np.float32)


@dataclass(frozen=True)
class Analysis:
    """What the image needs: grain level (0..255 units) and tonal range (0..255)."""

    noise_sigma: float
    coarse_noise_sigma: float
    black_point: float
    white_point: float
    block_noise_sigma: float = 0.0


def dct_matrix(n: int = 8) -> np.ndarray:
    """The orthonormal n-point DCT-II matrix (rows are basis vectors), float32."""
    k = np.arange(n)
    d = np.cos(np.pi * (2 * k[None, :] + 1) * k[:, None] / (2 * n)) * np.sqrt(2 / n)
    d[0] /= np.sqrt(2)
    return d.astype(np.float32)


def _calm_blocks(light: np.ndarray) -> np.ndarray:
    """DCT coefficients (k, 8, 8) of the calmest CALM_PERCENT of the 8x8 blocks of
    ``light`` by their mid-band energy (orders 2..6), leaving out blocks near black or white
    (CLIP_MARGIN) unless nearly the whole image is there. Empty when ``light`` is tiny."""
    h, w = light.shape
    h8, w8 = h // 8 * 8, w // 8 * 8
    if h8 < 16 or w8 < 16:
        return np.zeros((0, 8, 8), np.float32)
    d = dct_matrix(8)
    blocks = light[:h8, :w8].reshape(h8 // 8, 8, w8 // 8, 8).transpose(0, 2, 1, 3)
    coeffs = (d @ blocks.astype(np.float32) @ d.T).reshape(-1, 8, 8)
    energy = (coeffs[:, MID_BAND] ** 2).mean(axis=1)
    mean = coeffs[:, 0, 0] / 8
    unclipped = (mean >= CLIP_MARGIN) & (mean <= 255 - CLIP_MARGIN)
    if unclipped.sum() >= 0.1 * unclipped.size:
        coeffs, energy = coeffs[unclipped], energy[unclipped]
    return coeffs[energy <= np.percentile(energy, CALM_PERCENT)]


def estimate_block_noise(light: np.ndarray) -> float:
    """Grain level (0..255 units) seen in the low/mid frequencies of 8x8 blocks.

    Film grain in a rescanned, JPEG-compressed print lives in the low and middle spatial
    frequencies (the finest ones are removed by scan blur and JPEG). The RMS of the
    mid-band DCT coefficients over the calmest few percent of the blocks (CALM_PERCENT)
    measures it; detail-rich blocks (edges, texture) are left out.
    """
    calm = _calm_blocks(light)
    if calm.shape[0] == 0:
        return 0.0
    return float(np.sqrt((calm[:, MID_BAND] ** 2).mean()))


def grain_spectrum(light: np.ndarray) -> np.ndarray:
    """The shape of the grain's power over the 8x8 DCT frequencies (8x8, float32).

    The mean power of each coefficient over the calmest blocks (those estimate_block_noise
    measures), divided by its mean over the mid band, so that ``sigma² * spectrum`` is the
    grain power at each frequency for a grain of level ``sigma``. Clumped grain, scan blur
    and JPEG make it far from flat: strong at low orders, near nothing at the finest ones,
    where the photo's own fine detail lives. All ones when nothing can be measured.
    """
    calm = _calm_blocks(light)
    if calm.shape[0] == 0:
        return np.ones((8, 8), np.float32)
    power = (calm.astype(np.float64) ** 2).mean(axis=0)
    mid = power[MID_BAND].mean()
    if mid <= 1e-6:
        return np.ones((8, 8), np.float32)
    return np.clip(power / mid, SPECTRUM_FLOOR, SPECTRUM_CAP).astype(np.float32)


def estimate_noise(light: np.ndarray) -> float:
    """Standard deviation of the grain in a lightness image (float32, 0..255).

    Measured on the flattest half of the image so that edges and texture do not count as noise.
    """
    if min(light.shape) < 8:
        return 0.0
    response = np.abs(ops.filter3x3(light, _NOISE_KERNEL))[1:-1, 1:-1]
    gx, gy = ops.sobel(light)
    grad = np.hypot(gx, gy)[1:-1, 1:-1]
    flat = grad <= np.percentile(grad, 50)
    return float(np.sqrt(np.pi / 2) / 6 * response[flat].mean())


def analyse(rgb: np.ndarray) -> Analysis:
    """Measure grain (at full and half scale) and the black/white points of an RGB image."""
    # Grain is measured at full resolution on a central crop (cheap on big photos).
    h, w = rgb.shape[:2]
    ch, cw = min(h, 1536), min(w, 1536)
    y0, x0 = (h - ch) // 2, (w - cw) // 2
    crop = lightness(rgb[y0 : y0 + ch, x0 : x0 + cw])
    fine = estimate_noise(crop)
    coarse = estimate_noise(resize_by(crop, 0.5)) if min(ch, cw) >= 32 else fine
    small = lightness(resize_by(rgb, scale_for(rgb.shape, 1_000_000)))
    lo, hi = np.percentile(small, [0.5, 99.5])
    return Analysis(fine, coarse, float(lo), float(hi), estimate_block_noise(crop))
