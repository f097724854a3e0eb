"""Colour-cast repair: neutralise the yellow/sepia drift of aged prints.

A photo whose colour is a function of its lightness alone (a sepia, selenium or gold toned
monochrome print) keeps its tone: the tone is part of the print, not damage. A grey photo
is left exactly as it is; a colour photo has the cast shown by the least colourful of its
highlights and shadows removed, and keeps its own colours.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from luxcanvas.local import ops
from luxcanvas.local._util import resize_by, scale_for

#: Chroma (Lab units) below which a pixel is already grey.
GREY_CHROMA = 3.0
#: A photo is a toned monochrome when its colour is predicted by lightness within this many
#: Lab units for 90 % of its pixels.
TONED_RESIDUAL = 4.0
#: Highlights and shadows more colourful than this are real colours, not a cast.
MAX_CAST_CHROMA = 25.0
#: The cast is read from the least colourful share (percent) of the highlights and of the
#: shadows: a cast tints even what should be grey (a white shirt, a black coat), while a
#: clean photo's brightest and darkest tones can be coloured by the scene (sky, foliage).
NEUTRAL_PERCENT = 25.0
#: Ageing tints a whole print one way. When the highlights and the shadows both lean by more
#: than this (Lab units) but in different directions, it is the scene's light (a warm lamp,
#: blue shade), not a cast: both are scaled by the cosine of the angle between them.
AGREE_MIN = 2.0


@dataclass(frozen=True)
class ColourAnalysis:
    """Whether the photo is grey, a toned monochrome, or colour, and its cast (Lab a, b)."""

    kind: str  # "grey" | "toned" | "colour"
    highlight_cast: tuple[float, float]
    shadow_cast: tuple[float, float]


def analyse_colour(rgb: np.ndarray) -> ColourAnalysis:
    """Classify the photo's colour and measure the cast of its highlights and shadows."""
    small = resize_by(rgb, scale_for(rgb.shape, 500_000))
    lab = ops.rgb_to_lab(small).reshape(-1, 3)
    light, a, b = lab[:, 0] * 2.55, lab[:, 1], lab[:, 2]  # lightness on the 0..255 scale
    chroma = np.hypot(a, b)
    if np.percentile(chroma, 99) < GREY_CHROMA:
        return ColourAnalysis("grey", (0.0, 0.0), (0.0, 0.0))
    bins = np.clip((light / 16).astype(np.int64), 0, 15)
    count = np.bincount(bins, minlength=16) + 1e-6
    mean_a = np.bincount(bins, a, 16) / count
    mean_b = np.bincount(bins, b, 16) / count
    residual = np.hypot(a - mean_a[bins], b - mean_b[bins])
    kind = "toned" if np.percentile(residual, 90) < TONED_RESIDUAL else "colour"

    def cast(select: np.ndarray) -> np.ndarray:
        select = select & (chroma < MAX_CAST_CHROMA)
        if select.sum() < 20:
            return np.zeros(2)
        neutral = select & (chroma <= np.percentile(chroma[select], NEUTRAL_PERCENT))
        return np.array([np.median(a[neutral]), np.median(b[neutral])])

    lo, hi = np.percentile(light, [3.0, 97.0])
    high, shadow = cast(light >= hi), cast(light <= lo)
    nh, ns = float(np.hypot(*high)), float(np.hypot(*shadow))
    if nh > AGREE_MIN and ns > AGREE_MIN:
        agree = max(0.0, float(high @ shadow) / (nh * ns))
        high, shadow = high * agree, shadow * agree
    return ColourAnalysis(
        kind, (float(high[0]), float(high[1])), (float(shadow[0]), float(shadow[1]))
    )


def repair_colour(rgb: np.ndarray, amount: float = 1.0, kind: str | None = None) -> np.ndarray:
    """Remove an ageing colour cast from a colour photo; toned monochrome and grey stay.

    ``kind`` ("grey" | "toned" | "colour") overrides the classification; the pipeline passes
    the one measured on its input, before grain removal and the fade repair (which
    amplifies chroma together with grain) could blur the distinction.
    """
    info = analyse_colour(rgb)
    if kind is None:
        kind = info.kind
    if kind in ("grey", "toned") or info.kind == "grey":
        return rgb
    share = min(1.0, 0.85 * amount)
    # The cast is interpolated between shadows and highlights along lightness.
    t = np.linspace(0.0, 1.0, 256, dtype=np.float32)
    (ha, hb), (sa, sb) = info.highlight_cast, info.shadow_cast
    off_a = share * (sa + (ha - sa) * t)
    off_b = share * (sb + (hb - sb) * t)
    if max(np.abs(off_a).max(), np.abs(off_b).max()) < 1.5:
        return rgb
    levels = np.arange(256, dtype=np.float32)

    def remove_cast(colours: np.ndarray) -> np.ndarray:
        lab = ops.rgb_to_lab(colours)
        light = lab[..., 0] * 2.55
        lab[..., 1] -= np.interp(light, levels, off_a)
        lab[..., 2] -= np.interp(light, levels, off_b)
        return ops.lab_to_rgb(lab)

    # The shift is a smooth function of the colour alone: computed on a colour grid and
    # applied to the photo through a 3D lookup table (fast on 24 MP).
    return ops.map_colours(rgb, remove_cast)
