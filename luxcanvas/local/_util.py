"""Small shared helpers for the offline pipeline (scales, strength factors, two cores)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import numpy as np

from luxcanvas.domain.local_options import STRENGTHS
from luxcanvas.local import ops

#: Multiplier applied to each stage's amount for the three strength settings.
STRENGTH_FACTORS: dict[str, float] = dict(zip(STRENGTHS, (0.6, 1.0, 1.4), strict=True))

#: Analyses that need only the image's overall statistics run at this many pixels at most.
ANALYSIS_PIXELS = 1_000_000


A = TypeVar("A")
B = TypeVar("B")


def both(first: Callable[[], A], second: Callable[[], B]) -> tuple[A, B]:
    """Run two independent computations at once and return both results.

    NumPy and Pillow release the GIL on large arrays, so two stages that only read the same
    image use both cores of a small machine (a 24 MP photo: ~1 s less for detection and
    denoising). ``second`` runs on a short-lived worker thread, ``first`` on the caller's;
    an exception from either is raised here once both have ended.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="luxcanvas-local") as pool:
        later = pool.submit(second)
        return first(), later.result()


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
