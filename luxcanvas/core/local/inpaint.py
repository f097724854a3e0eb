"""Inpainting of the defects found by :mod:`luxcanvas.core.local.detect`."""

from __future__ import annotations

import cv2
import numpy as np


def inpaint_defects(rgb: np.ndarray, mask: np.ndarray, radius: int = 4) -> np.ndarray:
    """Fill the pixels where ``mask`` is non-zero from their surroundings; others are unchanged.

    Works on the bounding box of the mask only, so a few specks on a large photo stay cheap.
    """
    ys, xs = np.nonzero(mask)
    if ys.size == 0:
        return rgb
    pad = 2 * radius + 2
    h, w = mask.shape
    y0, y1 = max(0, ys.min() - pad), min(h, ys.max() + pad + 1)
    x0, x1 = max(0, xs.min() - pad), min(w, xs.max() + pad + 1)
    out = rgb.copy()
    patch = np.ascontiguousarray(rgb[y0:y1, x0:x1])
    patch_mask = np.ascontiguousarray((mask[y0:y1, x0:x1] > 0).astype(np.uint8))
    out[y0:y1, x0:x1] = cv2.inpaint(patch, patch_mask, radius, cv2.INPAINT_TELEA)
    return out
