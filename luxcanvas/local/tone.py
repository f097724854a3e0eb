"""Fade repair: black and white points restored by the same levels on R, G and B.

Local contrast equalisation (CLAHE) was measured to lower fidelity (sky blotches) and is
not used.
"""

from __future__ import annotations

import numpy as np

from luxcanvas.local import ops
from luxcanvas.local._util import resize_by, scale_for
from luxcanvas.local.shading import estimate_falloff, flatten_shading

#: Darkest tones (0.5th percentile) up to this level are a healthy black.
HEALTHY_BLACK = 12.0
#: Black point lift (above HEALTHY_BLACK) at which a print counts as fully faded.
FULL_FADE_LIFT = 16.0
#: Where a fully faded print's black point is brought: a deep print black, not 0 (crushing
#: the shadows of a print whose darkest tone was never black loses more than it gains).
TARGET_BLACK = 12.0
#: Where a fully faded print's white point is brought.
TARGET_WHITE = 235.0


def fade_amount(black_point: float, white_point: float) -> float:
    """How faded the tones are, 0..1.

    Fading turns a print's blacks grey, so the lift of the black point is the evidence; a
    dim or low-key photo with deep blacks (whatever its highlights) is not faded.
    """
    lift = black_point - HEALTHY_BLACK
    if white_point - black_point < 64:  # almost flat: nothing reliable to restore
        return 0.0
    return float(np.clip(lift / FULL_FADE_LIFT, 0.0, 1.0))


def grain_boost(black_point: float, white_point: float) -> float:
    """0..1: how much firmer grain removal should be because the print is clearly faded.

    Only a black point lifted well beyond a dim photo's shadows counts (lift of 8 levels
    above HEALTHY_BLACK starts it, 20 levels gives the full boost).
    """
    if white_point - black_point < 64:
        return 0.0
    return float(np.clip((black_point - HEALTHY_BLACK - 8.0) / 12.0, 0.0, 1.0))


def levels_lut(black_point: float, white_point: float, amount: float = 1.0) -> np.ndarray:
    """A 256-entry lookup table that stretches the measured range back towards
    TARGET_BLACK..TARGET_WHITE in proportion to how faded it is (an unfaded range maps to
    itself; a black already below TARGET_BLACK or a white above TARGET_WHITE stays).
    """
    share = min(1.0, fade_amount(black_point, white_point) * amount)
    target_lo = black_point - (black_point - min(black_point, TARGET_BLACK)) * share
    target_hi = white_point + (max(white_point, TARGET_WHITE) - white_point) * share
    x = np.arange(256, dtype=np.float32)
    y = (x - black_point) / max(1.0, white_point - black_point) * (target_hi - target_lo)
    return np.clip(y + target_lo, 0, 255).astype(np.uint8)


def _range(rgb: np.ndarray) -> tuple[float, float]:
    small = ops.gray(rgb)
    lo, hi = np.percentile(small, [0.5, 99.5])
    return float(lo), float(hi)


def _small(rgb: np.ndarray) -> np.ndarray:
    return resize_by(rgb, scale_for(rgb.shape, 1_000_000))


def veil_level(rgb: np.ndarray) -> float:
    """The darkest level (0.5th percentile) of each pixel's darkest channel (pass a copy
    of at most 1 MP, as for every measurement here).

    Fading lays a light veil over every dye, so even the most saturated colours lose their
    deep channel; a clean colour photo without deep blacks (a soft, high-key scene) still
    has colours with one channel near zero.
    """
    return float(np.percentile(rgb.min(axis=2), 0.5))


def _channel_levels(rgb: np.ndarray, small: np.ndarray, share: float) -> np.ndarray:
    """Per-channel levels: each of R, G, B stretched from its own black and white points
    (measured on ``small``) towards TARGET_BLACK..TARGET_WHITE by ``share``; undoes the
    uneven fade of a colour print's three dyes."""
    lo, hi = np.percentile(small.reshape(-1, 3), [0.5, 99.5], axis=0)
    x = np.arange(256, dtype=np.float32)
    tables = []
    for c in range(3):
        t_lo = lo[c] - (lo[c] - min(lo[c], TARGET_BLACK)) * share
        t_hi = hi[c] + (max(hi[c], TARGET_WHITE) - hi[c]) * share
        y = (x - lo[c]) / max(1.0, hi[c] - lo[c]) * (t_hi - t_lo) + t_lo
        tables.append(np.clip(y + 0.5, 0, 255).astype(np.uint8))
    return ops.apply_luts(rgb, tables)


def repair_fade(
    rgb: np.ndarray, amount: float = 1.0, shading: bool = True, kind: str | None = None
) -> np.ndarray:
    """Restore the tonal range of a faded photo in proportion to how faded it is.

    A faded print first has its brightness falloff towards the edges flattened (when
    ``shading`` is set and the falloff is significant); the black and white points are then
    measured on the flattened image, whose blacks are no longer pulled down by dark edges.
    A photo with a full tonal range comes back unchanged.

    ``kind`` is the photo's colour (as classified by ``color.analyse_colour``): a colour
    photo's channels are levelled one by one (its dyes fade unevenly), a grey or toned
    print's with the same levels (its tone is kept). The evidence of fading is the veil
    over the darkest channel (see ``veil_level``), not the lightness alone.
    """
    small = _small(rgb)
    lo, hi = _range(small)
    veil = veil_level(small)
    if fade_amount(min(lo, veil), hi) == 0.0:
        return rgb
    if shading:
        k = estimate_falloff(rgb)
        if k > 0.0:
            rgb = flatten_shading(rgb, k)
            small = _small(rgb)
            lo, hi = _range(small)
            veil = veil_level(small)
    if kind == "colour":
        share = min(1.0, fade_amount(veil, hi) * amount)
        return _channel_levels(rgb, small, share) if share > 0 else rgb
    # Fading is (close to) an affine map of the print's linear-ish RGB values towards a grey
    # veil; the same levels on R, G and B undo it and bring the washed-out colours back too.
    lut = levels_lut(lo, hi, amount)
    y, cb, cr = ops.ycc_planes(rgb)
    gain = float(lut[int(hi)] - lut[int(lo)]) / max(1.0, hi - lo)
    chroma = np.clip((np.arange(256) - 128.0) * gain + 128.5, 0, 255).astype(np.uint8)
    shift = (lut.astype(np.float32) - np.arange(256))[y]
    chroma_shift = chroma.astype(np.float32) - np.arange(256)
    return ops.add_ycc(rgb, shift, chroma_shift[cb], chroma_shift[cr])
