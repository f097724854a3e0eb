"""The fake's pictures: decoding inputs, encoding outputs and the fake "restorations".

Outputs are the input "transformed" (autocontrast and a warm shift, stretched to the output
size) so tests can tell output from input; blind models draw a picture from the prompt's words.
"""

from __future__ import annotations

import hashlib
import io
import math
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageOps

from .catalog import RATIOS_10

# Transformed pictures are rendered at most this big, then upscaled with NEAREST: keeps 4K PNG
# encoding well under a second (smooth bilinear 4K PNGs take ~0.7 s to compress).
_RENDER_LONG_SIDE = 1536


def _ratio_value(ratio: str) -> float:
    width, height = ratio.split(":")
    return int(width) / int(height)


def nearest_ratio(width: int, height: int, ratios: Any = RATIOS_10) -> str:
    """The ratio name (e.g. "4:3") among `ratios` closest to width/height, on a log scale."""
    target = math.log(width / height)
    return min(ratios, key=lambda ratio: abs(math.log(_ratio_value(ratio)) - target))


def decode_picture(data: bytes) -> Image.Image:
    """Decode image bytes to RGB, or raise ValueError (Pillow raises OSError subclasses)."""
    try:
        picture = Image.open(io.BytesIO(data))
        picture.load()
    except Exception as err:
        raise ValueError(f"cannot decode image: {err}") from err
    return picture.convert("RGB")


def encode_picture(picture: Image.Image, mime: str) -> bytes:
    buffer = io.BytesIO()
    if mime == "image/png":
        picture.save(buffer, "PNG", compress_level=1)
    elif mime == "image/jpeg":
        picture.save(buffer, "JPEG", quality=90)
    elif mime == "image/webp":
        picture.save(buffer, "WEBP", quality=80, method=0)
    else:
        raise ValueError(f"unsupported output MIME {mime!r}")
    return buffer.getvalue()


def _render_size(size: tuple[int, int]) -> tuple[int, int]:
    scale = min(1.0, _RENDER_LONG_SIDE / max(size))
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def _stretch(picture: Image.Image, size: tuple[int, int]) -> Image.Image:
    rendered = picture.resize(_render_size(size), Image.Resampling.BILINEAR)
    if rendered.size != size:
        rendered = rendered.resize(size, Image.Resampling.NEAREST)
    return rendered


_WARM_LUT = (
    [min(255, v + 14) for v in range(256)]
    + [min(255, v + 4) for v in range(256)]
    + [max(0, v - 12) for v in range(256)]
)


def transform_picture(source: Image.Image, size: tuple[int, int]) -> Image.Image:
    """The fake "restoration": autocontrast, a warm shift, stretched to `size`."""
    work = source.copy()
    work.thumbnail((_RENDER_LONG_SIDE, _RENDER_LONG_SIDE), Image.Resampling.BILINEAR)
    work = ImageOps.autocontrast(work, cutoff=1).point(_WARM_LUT)
    return _stretch(work, size)


def interim_picture(source: Image.Image, size: tuple[int, int], darkness: float) -> Image.Image:
    """A "thought" image: smaller, blurred and darkened, clearly not the final answer."""
    small = (max(16, size[0] // 4), max(16, size[1] // 4))
    work = source.resize(small, Image.Resampling.BILINEAR).filter(ImageFilter.GaussianBlur(3))
    return work.point(lambda v: int(v * darkness))


def picture_from_prompt(prompt: str, size: tuple[int, int]) -> Image.Image:
    """A deterministic picture made from the words only (what a blind model draws)."""
    digest = hashlib.sha256(prompt.encode("utf-8")).digest()
    top, bottom, mark = tuple(digest[0:3]), tuple(digest[3:6]), tuple(digest[6:9])
    canvas = ImageOps.colorize(Image.linear_gradient("L"), top, bottom)  # 256x256
    ImageDraw.Draw(canvas).ellipse((64, 80, 192, 208), fill=mark)
    return canvas.resize(size, Image.Resampling.BILINEAR)


def describe_picture(picture: Image.Image) -> str:
    """The text a vision model would give for the Magic Eye "describe" step."""
    small = picture.copy()
    small.thumbnail((64, 64))
    pixels = np.asarray(small, dtype=np.int16)
    spread = np.abs(pixels[..., 0] - pixels[..., 1]).mean()
    spread += np.abs(pixels[..., 1] - pixels[..., 2]).mean()
    kind = "black-and-white" if spread < 6 else "colour"
    width, height = picture.size
    orientation = "portrait" if height > width else "landscape" if width > height else "square"
    brightness = round(float(pixels.mean()))
    return (
        f"A {kind} photograph, {orientation} orientation ({width}x{height} pixels), "
        f"mean brightness {brightness}. People: two adults in their thirties standing side by "
        "side near the centre, facing the camera, the man on the left. Clothing: dark wool coats "
        "and a felt hat, 1950s. Lighting: soft daylight from the left. Composition: full figures, "
        "a brick wall behind. Damage to ignore: scratches, fading, a crease across one corner."
    )


def frame_picture(
    source: Image.Image, size: tuple[int, int], tolerance: float = 0.02
) -> Image.Image:
    """`source` centre-cropped to the ratio of `size` when the two differ by more than
    `tolerance` (log scale): a model answers at its nearest ratio by cropping, never squashing
    (DESIGN.md §3 "Photos outside a model's ratios"). Close ratios are left alone."""
    if abs(math.log((source.width / source.height) / (size[0] / size[1]))) <= tolerance:
        return source
    return ImageOps.fit(source, fit_size(source.size, size[0] / size[1]))


def fit_size(size: tuple[int, int], ratio: str | float) -> tuple[int, int]:
    """The largest box of `ratio` (a name like "4:3" or a width/height) inside `size`."""
    width, height = size
    value = _ratio_value(ratio) if isinstance(ratio, str) else ratio
    if width / height > value:
        return max(1, round(height * value)), height
    return width, max(1, round(width / value))
