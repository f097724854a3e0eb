"""Small shared helpers for the offline pipeline (scales, strength factors)."""

from __future__ import annotations

import numpy as np

from luxcanvas.domain.local_options import STRENGTHS
from luxcanvas.local import ops

#: Multiplier applied to each stage's amount for the three strength settings.
STRENGTH_FACTORS: dict[str, float] = dict(zip(STRENGTHS, (0.6, 1.0, 1.4), strict=True))

#: Analyses that need only the image's overall statistics run at this many pixels at most.
ANALYSIS_PIXELS = 1_000_000


def strength_factor(strength: str) -> float:
    """The numeric amount for a strength name ("gentle", "normal", "strong")."""
    return STRENGTH_FACTORS[strength]


def scale_for(shape: tuple[int, ...], max_pixels: int) -> float:
    """The factor (≤ 1) that brings an image of ``shape`` down to ``max_pixels`` pixels."""
    h, w = shape[:2]
    return min(1.0, float(np.sqrt(max_pixels / max(1, h * w))))


def resize_by(img: np.ndarray, factor: float) -> np.ndarray:
    """Resize by ``factor`` (area-averaged when shrinking); returns ``img`` when factor is 1."""
    if factor == 1.0:
        return img
    h, w = img.shape[:2]
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    return ops.resize(img, size, "area" if factor < 1 else "linear")


def lightness(rgb: np.ndarray) -> np.ndarray:
    """Luma of an RGB uint8 image as float32 in 0..255."""
    return ops.gray(rgb).astype(np.float32)


def odd(n: float) -> int:
    """The nearest odd integer ≥ 3 (kernel sizes)."""
    k = max(3, round(n))
    return k if k % 2 else k + 1
