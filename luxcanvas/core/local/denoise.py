"""Edge-keeping removal of film grain and JPEG blocking."""

from __future__ import annotations

import cv2
import numpy as np

from luxcanvas.core.local._util import resize_by, scale_for

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
