"""Mapping a model result back to the original's framing."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image

from luxcanvas.imaging.decode import SourceInfo, to_rgb

DRIFT_WARN = 0.03

_RESAMPLE_FINAL = Image.Resampling.LANCZOS


@dataclass(frozen=True)
class Framing:
    """A model result mapped back to the original's aspect ratio."""

    image: Image.Image
    drift: float
    #: The original's aspect ratio by name ("4:3", "2.35:1").
    ratio: str

    @property
    def changed(self) -> bool:
        """True when the model strayed from the original's framing by more than DRIFT_WARN."""
        return self.drift > DRIFT_WARN


def fit_to_framing(
    result: Image.Image,
    source: SourceInfo,
    content_box: tuple[int, int, int, int] | None = None,
    payload_size: tuple[int, int] | None = None,
) -> Framing:
    """Map a model result back to the original's aspect ratio without cropping content away.

    When the payload was padded, the content box (in payload pixels) is first cut out of the
    result, scaled to the result's size. The rest is resized to the original aspect keeping
    about the same pixel count, never beyond the result's long side. ``drift`` is how far the
    model's framing strayed (|result aspect / original aspect − 1|); above 3 % the framing
    counts as ``changed`` (the job then warns, naming the original ``ratio``).
    """
    image = result if result.mode == "RGB" else to_rgb(result)
    if content_box is not None and payload_size is not None:
        pay_w, pay_h = payload_size
        if tuple(content_box) != (0, 0, pay_w, pay_h):
            sx, sy = image.width / pay_w, image.height / pay_h
            left, top, right, bottom = content_box
            box = (
                round(left * sx),
                round(top * sy),
                max(round(left * sx) + 1, round(right * sx)),
                max(round(top * sy) + 1, round(bottom * sy)),
            )
            image = image.crop(box)

    target = source.aspect
    drift = abs((image.width / image.height) / target - 1.0)
    pixels = image.width * image.height
    width = math.sqrt(pixels * target)
    height = math.sqrt(pixels / target)
    shrink = min(1.0, max(image.size) / max(width, height))
    size = (max(1, round(width * shrink)), max(1, round(height * shrink)))
    if size != image.size:
        image = image.resize(size, _RESAMPLE_FINAL)

    return Framing(image=image, drift=drift, ratio=_ratio_name(source.width, source.height))


_COMMON_RATIOS = ((1, 1), (5, 4), (4, 3), (3, 2), (16, 10), (16, 9), (2, 1), (21, 9), (3, 1))


def _ratio_name(width: int, height: int) -> str:
    landscape = width >= height
    long_side, short_side = (width, height) if landscape else (height, width)
    aspect = long_side / short_side
    for a, b in _COMMON_RATIOS:
        if abs(aspect / (a / b) - 1) < 0.01:
            return f"{a}:{b}" if landscape else f"{b}:{a}"
    divisor = math.gcd(width, height)
    if max(width, height) // divisor <= 32:
        return f"{width // divisor}:{height // divisor}"
    return f"{aspect:.2f}:1" if landscape else f"1:{aspect:.2f}"
