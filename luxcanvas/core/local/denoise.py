"""Edge-keeping removal of film grain and JPEG blocking."""

from __future__ import annotations

import cv2
import numpy as np

from luxcanvas.core.local._util import resize_by, scale_for

#: Non-local means runs on at most this many pixels; larger photos are denoised at reduced
#: scale and their fine detail is cored rather than discarded.
NLM_PIXELS = 1_500_000
#: Grain weaker than this (0..255 units) is left alone: it is the photo's own texture.
MIN_SIGMA = 1.5


def denoise_strength(noise_sigma: float, amount: float = 1.0) -> float:
    """The non-local means filter strength ``h`` for a measured grain level (0 = skip)."""
    if noise_sigma * amount < MIN_SIGMA:
        return 0.0
    return float(min(25.0, 1.6 * noise_sigma * amount))


def _nlm(rgb: np.ndarray, h: float) -> np.ndarray:
    bgr = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
    out = cv2.fastNlMeansDenoisingColored(bgr, None, h, h * 1.5, 5, 15)
    return cv2.cvtColor(out, cv2.COLOR_BGR2RGB)


def denoise(rgb: np.ndarray, noise_sigma: float, amount: float = 1.0) -> np.ndarray:
    """Reduce grain of the measured level ``noise_sigma`` while keeping edges sharp.

    Returns the input unchanged when the grain is too weak to be worth removing.
    """
    h = denoise_strength(noise_sigma, amount)
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
    limit = 2.5 * noise_sigma * amount
    mag = np.abs(detail).astype(np.float32)
    keep = np.clip((mag - limit) / (mag + 1e-3), 0.0, 1.0)
    detail = (detail.astype(np.float32) * keep).astype(np.int16)
    return cv2.add(base, detail, dtype=cv2.CV_8U)
