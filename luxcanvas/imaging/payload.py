"""Payloads sent to a model: sized, padded into the allowed aspect, encoded."""

from __future__ import annotations

import base64
import io
import math
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from luxcanvas.domain.errors import InvalidInput
from luxcanvas.imaging.decode import RESAMPLE, SourceInfo, load_image, to_rgb

_JPEG_QUALITIES = (92, 86, 80, 74, 68)


@dataclass(frozen=True)
class PayloadLimits:
    """What a strategy's model accepts as input."""

    max_side: int
    max_bytes: int
    aspect_min: float = 0.0
    aspect_max: float = float("inf")
    min_side: int = 1
    format: str = "JPEG"
    #: The aspect ratios (width / height) the model answers in. When set, the photo is padded
    #: to the nearest one, so the model neither crops nor reframes it; the padding is cut
    #: from the result.
    ratios: tuple[float, ...] = ()


#: A photo within 1 % of a supported ratio is sent as it is.
_RATIO_TOLERANCE = 0.01


def padded_aspect(aspect: float, limits: PayloadLimits) -> float | None:
    """The aspect the payload is padded to (None: sent as it is)."""
    if limits.ratios:
        nearest = min(limits.ratios, key=lambda r: abs(math.log(aspect / r)))
        return None if abs(math.log(aspect / nearest)) < _RATIO_TOLERANCE else nearest
    if aspect > limits.aspect_max:
        return limits.aspect_max
    if limits.aspect_min > 0 and aspect < limits.aspect_min:
        return limits.aspect_min
    return None


@dataclass(frozen=True)
class Payload:
    """An encoded image ready to send, and where the real photo sits inside it."""

    data: bytes
    mime: str
    width: int
    height: int
    content_box: tuple[int, int, int, int]
    source: SourceInfo

    @property
    def padded(self) -> bool:
        """True when borders were added to bring the aspect ratio into the model's range."""
        return self.content_box != (0, 0, self.width, self.height)

    def data_url(self) -> str:
        """The payload as a ``data:`` URL (for chat content parts and Seedream)."""
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


def prepare_payload(
    path_or_image: str | Path | tuple[Image.Image, SourceInfo], limits: PayloadLimits
) -> Payload:
    """The image as a strategy should send it: sized, padded into the allowed aspect, encoded.

    Downscaled to ``limits.max_side`` (only ever upscaled to reach ``min_side``), padded with a
    neutral border matching the photo's edges to the nearest of ``limits.ratios`` (or into
    [aspect_min, aspect_max] when the model has no fixed ratios), and encoded as JPEG (quality
    stepping down from 92, then smaller sides) or PNG until it fits ``max_bytes``. No metadata
    is sent. Deterministic: the same input and limits give the same bytes.
    """
    fmt = limits.format.upper()
    if fmt not in ("JPEG", "PNG"):
        raise ValueError(f"payload format must be JPEG or PNG, not {limits.format!r}")
    if isinstance(path_or_image, tuple):
        image, source = path_or_image
        image = to_rgb(image)
    else:
        image, source = load_image(path_or_image, max_side=limits.max_side)

    max_side = limits.max_side
    while True:
        canvas, box = _sized_canvas(image, limits, max_side)
        data = _encode_within(canvas, fmt, limits.max_bytes)
        if data is not None:
            break
        if max(canvas.size) <= max(limits.min_side, 16):
            raise InvalidInput(
                f"{source.path.name} cannot be made small enough for this model "
                f"({limits.max_bytes:,} bytes).",
                reason="too_big_to_send",
            )
        max_side = max(1, int(max(canvas.size) * 0.8))

    return Payload(
        data=data,
        mime="image/jpeg" if fmt == "JPEG" else "image/png",
        width=canvas.width,
        height=canvas.height,
        content_box=box,
        source=source,
    )


def _sized_canvas(
    image: Image.Image, limits: PayloadLimits, max_side: int
) -> tuple[Image.Image, tuple[int, int, int, int]]:
    """Scale the photo and pad it into the allowed aspect; returns the canvas and content box."""
    width, height = image.size
    target = padded_aspect(width / height, limits)
    # Canvas size in source pixels once padded to the target aspect.
    canvas_w, canvas_h = float(width), float(height)
    if target is not None and target < width / height:
        canvas_h = canvas_w / target
    elif target is not None:
        canvas_w = canvas_h * target

    scale = min(1.0, max_side / max(canvas_w, canvas_h))
    if min(canvas_w, canvas_h) * scale < limits.min_side:
        scale = limits.min_side / min(canvas_w, canvas_h)
    content_w = max(1, round(width * scale))
    content_h = max(1, round(height * scale))
    if (content_w, content_h) != image.size:
        image = image.resize((content_w, content_h), RESAMPLE, reducing_gap=2.0)

    out_w, out_h = content_w, content_h
    # Rounded up, so a canvas padded to a limit never passes it.
    if target is not None and target < out_w / out_h:
        out_h = max(out_h, math.ceil(out_w / target))
    elif target is not None:
        out_w = max(out_w, math.ceil(out_h * target))
    out_w, out_h = max(out_w, limits.min_side), max(out_h, limits.min_side)
    if (out_w, out_h) == (content_w, content_h):
        return image, (0, 0, content_w, content_h)

    left, top = (out_w - content_w) // 2, (out_h - content_h) // 2
    canvas = Image.new("RGB", (out_w, out_h), _border_colour(image, out_w > content_w))
    canvas.paste(image, (left, top))
    return canvas, (left, top, left + content_w, top + content_h)


def _border_colour(image: Image.Image, horizontal: bool) -> tuple[int, int, int]:
    """The mean colour of the edges that will touch the padding (a calm, photo-matching tone).

    A flat border in the photo's own tone reads as "mat", where black bars get "restored".
    """
    import numpy as np

    pixels = np.asarray(image)
    if horizontal:
        edges = np.concatenate([pixels[:, :2], pixels[:, -2:]], axis=1)
    else:
        edges = np.concatenate([pixels[:2], pixels[-2:]], axis=0)
    mean = edges.reshape(-1, 3).mean(axis=0)
    return (round(float(mean[0])), round(float(mean[1])), round(float(mean[2])))


def _encode_within(image: Image.Image, fmt: str, max_bytes: int) -> bytes | None:
    """Encode at decreasing quality until the bytes fit; None if even the lowest does not."""
    if fmt == "PNG":
        buffer = io.BytesIO()
        image.save(buffer, "PNG", compress_level=6)
        data = buffer.getvalue()
        return data if len(data) <= max_bytes else None
    for quality in _JPEG_QUALITIES:
        buffer = io.BytesIO()
        # No optimize=True: it saves ~3 % of bytes but costs ~40 % more encode time.
        image.save(buffer, "JPEG", quality=quality)
        data = buffer.getvalue()
        if len(data) <= max_bytes:
            return data
    return None
