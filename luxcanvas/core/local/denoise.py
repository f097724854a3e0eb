"""Edge-keeping removal of film grain and JPEG blocking."""

from __future__ import annotations

import cv2
import numpy as np

from luxcanvas.core.local._util import resize_by, scale_for
from luxcanvas.core.local.analyse import dct_matrix

#: Non-local means runs on at most this many pixels; larger photos are denoised at reduced
#: scale and their fine detail is cored rather than discarded.
NLM_PIXELS = 1_500_000
#: Grain weaker than this (0..255 units) is left alone: it is the photo's own texture.
MIN_SIGMA = 2.5
#: Grain whose half-scale level is this many times its full-scale level is clumped (film
#: grain, JPEG blocks after rescanning): white noise would halve instead.
CLUMPED_RATIO = 2.0


def denoise_strength(noise_sigma: float, coarse_sigma: float = 0.0, amount: float = 1.0) -> float:
    """The non-local means filter strength ``h`` for the measured grain levels (0 = skip).

    ``noise_sigma`` is measured at full scale, ``coarse_sigma`` at half scale.
    """
    h = 1.6 * noise_sigma if noise_sigma * amount >= MIN_SIGMA else 0.0
    if coarse_sigma >= CLUMPED_RATIO * max(noise_sigma, 0.1):
        h = max(h, 4.5 * coarse_sigma)
    return float(min(25.0, h * amount))


def _nlm(rgb: np.ndarray, h: float) -> np.ndarray:
    bgr = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
    out = cv2.fastNlMeansDenoisingColored(bgr, None, h, h * 1.5, 5, 15)
    return cv2.cvtColor(out, cv2.COLOR_BGR2RGB)


def denoise(
    rgb: np.ndarray, noise_sigma: float, coarse_sigma: float = 0.0, amount: float = 1.0
) -> np.ndarray:
    """Reduce grain of the measured levels (full and half scale) while keeping edges sharp.

    Returns the input unchanged when the grain is too weak to be worth removing.
    """
    h = denoise_strength(noise_sigma, coarse_sigma, amount)
    if h == 0.0:
        return rgb
    factor = scale_for(rgb.shape, NLM_PIXELS)
    if factor == 1.0:
        return _nlm(rgb, h)
    # Big photo: denoise a reduced copy, then add back full-resolution detail where it is
    # clearly stronger than the grain (edges), and damp it where it is grain-sized.
    height, width = rgb.shape[:2]
    small = resize_by(rgb, factor)
    base_small = _nlm(small, h * factor**0.5)
    base = cv2.resize(base_small, (width, height), interpolation=cv2.INTER_LINEAR)
    coarse = cv2.resize(small, (width, height), interpolation=cv2.INTER_LINEAR)
    detail = cv2.subtract(rgb, coarse, dtype=cv2.CV_16S)
    limit = 0.6 * h
    mag = np.abs(detail).astype(np.float32)
    keep = np.clip((mag - limit) / (mag + 1e-3), 0.0, 1.0)
    detail = (detail.astype(np.float32) * keep).astype(np.int16)
    return cv2.add(base, detail, dtype=cv2.CV_8U)


#: Sliding-window DCT shrinkage runs on at most this many pixels (larger photos: reduced
#: scale, then full-resolution detail above the grain level is added back).
DCT_PIXELS = 1_500_000
#: Coefficients below this many grain sigmas are taken as grain and dropped.
DCT_THRESHOLD = 2.7
#: Grain weaker than this (0..255 units) is left alone.
MIN_BLOCK_SIGMA = 0.8


def dct_denoise_plane(plane: np.ndarray, sigma: float, step: int = 2) -> np.ndarray:
    """Sliding-window 8x8 DCT hard thresholding of a float32 plane (0..255 units).

    Every window position on a ``step`` grid is transformed, coefficients weaker than
    DCT_THRESHOLD x ``sigma`` are dropped and the windows are averaged back, each weighted by
    how few coefficients it kept (sparse = clean). Edges keep their strong coefficients.
    """
    n = 8
    d = dct_matrix(n)
    h, w = plane.shape
    padded = cv2.copyMakeBorder(plane.astype(np.float32), n, n, n, n, cv2.BORDER_REFLECT)
    acc = np.zeros_like(padded)
    weights = np.zeros_like(padded)
    ph, pw = padded.shape
    limit = DCT_THRESHOLD * sigma
    for dy in range(0, n, step):
        for dx in range(0, n, step):
            by, bx = (ph - dy) // n, (pw - dx) // n
            view = padded[dy : dy + by * n, dx : dx + bx * n]
            blocks = view.reshape(by, n, bx, n).transpose(0, 2, 1, 3)
            coeffs = d @ blocks @ d.T
            keep = np.abs(coeffs) > limit
            keep[..., 0, 0] = True
            coeffs *= keep
            wb = 1.0 / keep.sum(axis=(2, 3)).astype(np.float32)
            back = (d.T @ coeffs @ d) * wb[..., None, None]
            acc[dy : dy + by * n, dx : dx + bx * n] += back.transpose(0, 2, 1, 3).reshape(
                by * n, bx * n
            )
            weights[dy : dy + by * n, dx : dx + bx * n] += np.repeat(
                np.repeat(wb, n, axis=0), n, axis=1
            )
    out = acc / np.maximum(weights, 1e-6)
    return out[n : n + h, n : n + w]


def denoise_blocks(rgb: np.ndarray, sigma: float) -> np.ndarray:
    """Remove grain of level ``sigma`` (0..255, as measured by estimate_block_noise).

    Lightness is cleaned by DCT shrinkage, colour noise by a light blur of the chroma.
    Returns the input unchanged when ``sigma`` is below MIN_BLOCK_SIGMA.
    """
    if sigma < MIN_BLOCK_SIGMA or min(rgb.shape[:2]) < 16:
        return rgb
    height, width = rgb.shape[:2]
    factor = scale_for(rgb.shape, DCT_PIXELS)
    ycc = cv2.cvtColor(rgb, cv2.COLOR_RGB2YCrCb)
    y = ycc[..., 0].astype(np.float32)
    if factor == 1.0:
        clean = dct_denoise_plane(y, sigma)
    else:
        # Grain averages down when shrinking; detail stronger than the grain comes back.
        small = resize_by(y, factor)
        base_small = dct_denoise_plane(small, sigma * factor)
        base = cv2.resize(base_small, (width, height), interpolation=cv2.INTER_LINEAR)
        detail = y - cv2.resize(small, (width, height), interpolation=cv2.INTER_LINEAR)
        mag = np.abs(detail)
        limit = DCT_THRESHOLD * sigma
        detail *= np.clip((mag - limit) / (mag + 1e-3), 0.0, 1.0)
        clean = base + detail
    ycc[..., 0] = np.clip(clean + 0.5, 0, 255).astype(np.uint8)
    chroma_sigma = min(2.0, 0.25 * sigma)
    for c in (1, 2):
        ycc[..., c] = cv2.GaussianBlur(ycc[..., c], (0, 0), chroma_sigma)
    return cv2.cvtColor(ycc, cv2.COLOR_YCrCb2RGB)
