"""Images coming back from a model: opened, verified or decoded, with plain errors."""

from __future__ import annotations

import io

from PIL import Image

from luxcanvas.domain.errors import GatewayError
from luxcanvas.imaging.decode import (
    HEADER_SNIFF,
    TAG_ORIENTATION,
    ErrorFactory,
    looks_like_html,
    open_checked,
    upright_rgb,
)


def _result_error_factory(label: str) -> ErrorFactory:
    def error(kind: str, detail: str) -> GatewayError:
        if kind == "too_large":
            return GatewayError(
                "The model returned an image too large to open.", detail=f"{label}: {detail}"
            )
        return GatewayError(
            "The model returned an image that cannot be read.", detail=f"{label}: {detail}"
        )

    return error


def _open_result(data: bytes, label: str) -> Image.Image:
    if not data:
        raise GatewayError("The model returned an empty image.", detail=f"{label}: 0 bytes")
    if looks_like_html(data[:HEADER_SNIFF]):
        raise GatewayError(
            "The gateway returned a web page instead of an image.",
            detail=f"{label}: {data[:200]!r}",
        )
    return open_checked(io.BytesIO(data), _result_error_factory(label))


def decode_result(data: bytes, *, label: str = "result") -> Image.Image:
    """Decode an image a model returned, as upright RGB, with the same guards as input files.

    Garbage, truncated data, a web page or an oversized image raise GatewayError.
    """
    im = _open_result(data, label)
    try:
        im.load()  # reads everything from the in-memory buffer: nothing left open
        orientation = int(im.getexif().get(TAG_ORIENTATION, 1))
        return upright_rgb(im, orientation)
    except Exception as err:
        raise _result_error_factory(label)("damaged", f"{type(err).__name__}: {err}") from err


def open_result(data: bytes, *, label: str = "result") -> Image.Image:
    """A model's image with its header checked but its pixels not yet decoded.

    Framing decodes it only if it has to change it; when it does not, ``verify_result``
    checks the data is whole and the model's own bytes are kept. Results that need a
    conversion anyway (not RGB, or rotated by EXIF) come back decoded, like decode_result.
    """
    im = _open_result(data, label)
    try:
        upright = int(im.getexif().get(TAG_ORIENTATION, 1)) == 1
    except Exception:
        upright = False
    if im.mode == "RGB" and upright and im.format in ("JPEG", "PNG", "WEBP"):
        return im
    return decode_result(data, label=label)


def verify_result(data: bytes, *, label: str = "result") -> None:
    """Read all of a model's image; GatewayError if it is truncated or damaged.

    Works on its own decoder, so an image opened with ``open_result`` keeps its size.
    JPEGs are decoded at 1/8 scale: the whole compressed stream is still read (so
    truncation and corruption show), without the cost of full-size pixels.
    """
    image = _open_result(data, label)
    try:
        if image.format == "JPEG":
            image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
        image.load()
    except Exception as err:
        raise _result_error_factory(label)("damaged", f"{type(err).__name__}: {err}") from err
