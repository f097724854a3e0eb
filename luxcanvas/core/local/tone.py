"""Fade repair: black and white points, then local contrast on lightness."""

from __future__ import annotations

import cv2
import numpy as np

from luxcanvas.core.local._util import resize_by, scale_for

#: Darkest tones (0.5th percentile) up to this level are a healthy black.
HEALTHY_BLACK = 12.0
#: Black point lift (above HEALTHY_BLACK) at which a print counts as fully faded.
FULL_FADE_LIFT = 24.0


def fade_amount(black_point: float, white_point: float) -> float:
    """How faded the tones are, 0..1.

    Fading turns a print's blacks grey, so the lift of the black point is the evidence; a
    dim or low-key photo with deep blacks (whatever its highlights) is not faded.
    """
    lift = black_point - HEALTHY_BLACK
    if white_point - black_point < 64:  # almost flat: nothing reliable to restore
        return 0.0
    return float(np.clip(lift / FULL_FADE_LIFT, 0.0, 1.0))


def levels_lut(black_point: float, white_point: float, amount: float = 1.0) -> np.ndarray:
    """A 256-entry lookup table that stretches the measured range back towards 0..255,
    in proportion to how faded it is (an unfaded range maps to itself).
    """
    share = min(1.0, fade_amount(black_point, white_point) * amount)
    target_lo = black_point * (1.0 - share)
    target_hi = white_point + (255.0 - white_point) * share
    x = np.arange(256, dtype=np.float32)
    y = (x - black_point) / max(1.0, white_point - black_point) * (target_hi - target_lo)
    return np.clip(y + target_lo, 0, 255).astype(np.uint8)


def repair_fade(rgb: np.ndarray, amount: float = 1.0) -> np.ndarray:
    """Restore the tonal range of a faded photo and, in proportion to the fading, its local
    contrast. A photo with a full tonal range comes back unchanged.
    """
    small = cv2.cvtColor(resize_by(rgb, scale_for(rgb.shape, 1_000_000)), cv2.COLOR_RGB2GRAY)
    lo, hi = (float(v) for v in np.percentile(small, [0.5, 99.5]))
    fade = fade_amount(lo, hi)
    if fade == 0.0:
        return rgb
    lut = levels_lut(lo, hi, amount)
    lab = cv2.cvtColor(rgb, cv2.COLOR_RGB2Lab)
    light = cv2.LUT(lab[..., 0], lut)
    # Stretching lightness alone would leave the colours washed out; scale chroma along.
    gain = float(lut[int(hi)] - lut[int(lo)]) / max(1.0, hi - lo)
    clip = 1.0 + 2.0 * fade * amount
    mix = float(np.clip((fade - 0.4) * 0.5 * amount, 0.0, 0.4))
    if mix > 0.0:
        tiles = max(2, min(8, round(min(rgb.shape[:2]) / 128)))
        clahe = cv2.createCLAHE(clipLimit=clip, tileGridSize=(tiles, tiles))
        local = clahe.apply(light)
        light = cv2.addWeighted(light, 1.0 - mix, local, mix, 0.0)
    lab[..., 0] = light
    chroma_gain = min(1.6, gain**0.7)
    if chroma_gain > 1.01:
        ab = cv2.LUT(
            lab[..., 1:],
            np.clip((np.arange(256) - 128.0) * chroma_gain + 128.0, 0, 255).astype(np.uint8),
        )
        lab[..., 1:] = ab
    return cv2.cvtColor(lab, cv2.COLOR_Lab2RGB)
