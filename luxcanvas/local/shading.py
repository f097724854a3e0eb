"""Uneven shading: the brightness falloff towards the edges of an old print or scan.

The falloff is modelled as a centred radial gain ``1 - k r²`` (``r`` is 0 at the centre and
1 in the corners) and ``k`` is measured from the image itself by three independent, robust
estimators whose median is taken (each alone is fooled by some scenes):

* the *dark envelope*: per tile, the 5th percentile of lightness; the tiles holding the
  print's blackest black fall off with the gain, so a low-quantile regression on ``r``
  follows it while brighter tiles (content) lie above and do not count;
* the *bright envelope*: the same with the 95th percentile and a high quantile;
* *radial gradient symmetry*: in natural scenes brightness rises as often as it falls
  along a ray from the centre; a falloff makes the median radial gradient of log
  lightness negative, in proportion to ``k``.

The pipeline flattens only faded prints (lifted blacks), and only when the measured falloff
is significant (MIN_FALLOFF), so clean photos with their own dark corners are left alone.
"""

from __future__ import annotations

import numpy as np

from luxcanvas.local import ops
from luxcanvas.local._util import lightness

#: Measurements run on a copy whose longer side has this many pixels.
SHADING_SIZE = 256
#: Tiles per side for the envelope estimators.
TILES = 12
#: Candidate falloff strengths (gain in the corners is 1 - k).
K_GRID = np.linspace(0.0, 0.45, 46)
#: Largest falloff that is corrected (corners brightened by at most 1 / (1 - MAX_FALLOFF)).
MAX_FALLOFF = 0.35
#: Falloff below this (corners less than 8 % darker) is not worth correcting.
MIN_FALLOFF = 0.08


def _small_lightness(rgb: np.ndarray) -> np.ndarray:
    light = lightness(rgb)
    h, w = light.shape
    f = SHADING_SIZE / max(h, w)
    if f < 1.0:
        size = (max(8, round(w * f)), max(8, round(h * f)))
        light = ops.resize(light, size, "area")
    return ops.gaussian_blur(light, 1.5)


def _radius(h: int, w: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(dy, dx, r) on an h x w grid; r is 1 in the corners."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    dy, dx = yy - (h - 1) / 2, xx - (w - 1) / 2
    return dy, dx, np.hypot(dy, dx) / max(1e-6, float(np.hypot((h - 1) / 2, (w - 1) / 2)))


def _quantile_fit(values: np.ndarray, r: np.ndarray, q: float) -> float:
    """The k whose gain 1 - k r² best follows the q-quantile envelope of log ``values``."""
    logv = np.log(np.maximum(values, 1.0))
    best_k, best_loss = 0.0, np.inf
    for k in K_GRID:
        y = logv - np.log(1.0 - k * r**2)
        u = y - np.quantile(y, q)
        loss = float(np.sum(np.where(u >= 0, q * u, (q - 1) * u)))
        if loss < best_loss - 1e-9:
            best_k, best_loss = float(k), loss
    return best_k


def _envelope_estimates(small: np.ndarray) -> tuple[float, float]:
    h, w = small.shape
    g = TILES
    th, tw = h // g, w // g
    tiles = small[: th * g, : tw * g].reshape(g, th, g, tw).transpose(0, 2, 1, 3).reshape(g, g, -1)
    low = np.percentile(tiles, 5, axis=2).ravel()
    high = np.percentile(tiles, 95, axis=2).ravel()
    centre = (np.arange(g) + 0.5) / g - 0.5
    cy, cx = np.meshgrid(centre * th * g, centre * tw * g, indexing="ij")
    r = (np.hypot(cy, cx) / np.hypot(th * g / 2, tw * g / 2)).ravel()
    return _quantile_fit(low, r, 0.2), _quantile_fit(high, r, 0.8)


def _gradient_estimate(small: np.ndarray) -> float:
    logl = np.log(small + 8.0)
    dy, dx, r = _radius(*small.shape)
    gx, gy = ops.sobel(logl)
    gx, gy = gx / 8, gy / 8
    h, w = small.shape
    half_diag = float(np.hypot((h - 1) / 2, (w - 1) / 2))
    # Gradient along the ray from the centre, per unit of r.
    radial = (gx * dx + gy * dy) / np.maximum(np.hypot(dx, dy), 1e-3) * half_diag
    rings = 10
    ring = np.minimum((r * rings).astype(np.int64), rings - 1).ravel()
    radial = radial.ravel()
    count = np.bincount(ring, minlength=rings).astype(np.float64)
    median = np.array([np.median(radial[ring == i]) if count[i] else 0.0 for i in range(rings)])
    # d/dr log(1 - k r²) ≈ -2 k r for moderate k: least squares over the ring medians.
    x = 2.0 * (np.arange(rings) + 0.5) / rings
    return float(-np.sum(count * median * x) / max(1e-9, np.sum(count * x * x)))


def estimate_falloff(rgb: np.ndarray) -> float:
    """The radial falloff ``k`` (corners darker by the factor 1 - k), 0..MAX_FALLOFF.

    Returns 0.0 when the measured falloff is below MIN_FALLOFF or the image is tiny.
    """
    if min(rgb.shape[:2]) < 48:
        return 0.0
    small = _small_lightness(rgb)
    if min(small.shape) < 2 * TILES:
        return 0.0
    low, high = _envelope_estimates(small)
    k = float(np.median([low, high, _gradient_estimate(small)]))
    k = min(MAX_FALLOFF, max(0.0, k))
    return k if k >= MIN_FALLOFF else 0.0


def flatten_shading(rgb: np.ndarray, k: float, rows: int = 512) -> np.ndarray:
    """Divide out the radial gain ``1 - k r²`` (R, G and B alike); ``k == 0`` returns ``rgb``.

    Works in bands of ``rows`` rows so a 24 MP photo needs no full-size float copy.
    """
    if k <= 0.0:
        return rgb
    h, w = rgb.shape[:2]
    half_diag2 = ((h - 1) / 2) ** 2 + ((w - 1) / 2) ** 2
    x2 = ((np.arange(w, dtype=np.float32) - (w - 1) / 2) ** 2 / half_diag2)[None, :]
    out = np.empty_like(rgb)
    for y0 in range(0, h, rows):
        y1 = min(h, y0 + rows)
        y2 = ((np.arange(y0, y1, dtype=np.float32) - (h - 1) / 2) ** 2 / half_diag2)[:, None]
        gain = 1.0 / (1.0 - k * (y2 + x2))
        band = rgb[y0:y1].astype(np.float32) * gain[..., None] + 0.5
        out[y0:y1] = np.clip(band, 0, 255).astype(np.uint8)
    return out
