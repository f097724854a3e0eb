"""Inpainting of the defects found by :mod:`luxcanvas.local.detect`."""

from __future__ import annotations

import numpy as np

from luxcanvas.local import ops

#: The photo is repaired in square tiles of this many pixels; tiles without defects are
#: skipped, so a few specks on a large photo stay cheap.
TILE = 512
#: Pixels of context around each tile that the fill may draw from.
MARGIN = 32


def inpaint_defects(rgb: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Fill the pixels where ``mask`` is non-zero from their surroundings; others are unchanged."""
    ys, xs = np.nonzero(mask)
    if ys.size == 0:
        return rgb
    h, w = mask.shape
    columns = -(-w // TILE)
    out = rgb.copy()
    for tile in np.unique((ys // TILE) * columns + xs // TILE):
        ty, tx = divmod(int(tile), columns)
        y0, x0 = ty * TILE, tx * TILE
        y1, x1 = min(h, y0 + TILE), min(w, x0 + TILE)
        margin = MARGIN
        while True:  # widen the context until it holds some undamaged pixels
            wy0, wx0 = max(0, y0 - margin), max(0, x0 - margin)
            wy1, wx1 = min(h, y1 + margin), min(w, x1 + margin)
            holes = mask[wy0:wy1, wx0:wx1] > 0
            whole = (wy0, wx0, wy1, wx1) == (0, 0, h, w)
            if not holes.all() or whole:
                break
            margin *= 2
        filled = ops.fill_holes(rgb[wy0:wy1, wx0:wx1], holes)
        out[y0:y1, x0:x1] = filled[y0 - wy0 : y1 - wy0, x0 - wx0 : x1 - wx0]
    return out
