"""Every pixel that enters or leaves LuxCanvas: probing, decoding, payloads, framing, export.

Pure functions over Pillow images, safe to call from several job threads at once: nothing here
changes Pillow's global settings. Untrusted bytes (user files, model answers) are sized from
their header before any decode, and every decoding failure becomes a ``LuxError`` with a plain
message naming the file.
"""

from __future__ import annotations

import base64
import io
import math
import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import pi_heif
from PIL import Image, ImageCms, UnidentifiedImageError
from PIL.PngImagePlugin import PngInfo

import luxcanvas
from luxcanvas.core.errors import GatewayError, InvalidInput, UsageError

pi_heif.register_heif_opener()

SUPPORTED_FORMATS = {"JPEG", "PNG", "TIFF", "WEBP", "BMP", "GIF", "HEIF", "AVIF", "MPO"}
MAX_PIXELS = 100_000_000
DRIFT_WARN = 0.03

# Payload and preview downscales use BICUBIC: as sharp as the models need, ~40 % cheaper than
# LANCZOS on a 24 MP photo. The final, user-visible reframing uses LANCZOS.
_RESAMPLE = Image.Resampling.BICUBIC
_RESAMPLE_FINAL = Image.Resampling.LANCZOS
# A JPEG decoded at a DCT scale that lands this close under max_side is used as it is: a 6000 px
# photo decodes at 1/2 to 3000 px for a 3072 limit, saving a full decode and a 24 MP resample.
_DRAFT_TOLERANCE = 0.05
_JPEG_QUALITIES = (92, 86, 80, 74, 68)
_HEADER_SNIFF = 512

# EXIF tags (TIFF numbering) that export carries over from the original.
_TAG_ORIENTATION = 0x0112
_TAG_DESCRIPTION = 0x010E
_TAG_SOFTWARE = 0x0131
_IFD_EXIF = 0x8769
_IFD_GPS = 0x8825
_TAG_USER_COMMENT = 0x9286
_KEEP_IFD0 = (
    0x010F,  # Make
    0x0110,  # Model
    0x0132,  # DateTime
    0x013B,  # Artist
    0x8298,  # Copyright
)
_KEEP_EXIF_IFD = (
    0x9003,  # DateTimeOriginal
    0x9004,  # DateTimeDigitized
    0x9010,  # OffsetTime
    0x9011,  # OffsetTimeOriginal
    0x9012,  # OffsetTimeDigitized
    0xA433,  # LensMake
    0xA434,  # LensModel
)

# Builds the error for a failure kind ("unreadable", "damaged", "unsupported", "too_large").
_ErrorFactory = Callable[[str, str], Exception]

_TRANSPOSE_FOR_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

_EXPORT_FORMATS = {
    "png": "PNG",
    "jpeg": "JPEG",
    "jpg": "JPEG",
    "webp": "WEBP",
    "tiff": "TIFF",
    "tif": "TIFF",
}
_OUTPUT_SUFFIX = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "TIFF": "tiff"}


# --------------------------------------------------------------------------------------------
# Probing and decoding


@dataclass(frozen=True)
class SourceInfo:
    """What LuxCanvas knows about an input file after reading its header."""

    path: Path
    format: str
    width: int
    height: int
    mode: str
    orientation: int
    frames: int
    exif: bytes | None
    icc_profile: bytes | None
    file_size: int

    @property
    def aspect(self) -> float:
        """Width over height, as the user sees the photo (EXIF orientation applied)."""
        return self.width / self.height


def probe(path: str | Path) -> SourceInfo:
    """Read a file's header (no pixel decode) and describe it.

    Raises InvalidInput naming the file when it is missing, empty, not an image (including a web
    page saved under an image name), in an unsupported format, or has too many pixels.
    """
    path = Path(path)
    with _open_source(path) as (_, info):
        return info


def load_image(path: str | Path, max_side: int | None = None) -> tuple[Image.Image, SourceInfo]:
    """Decode a file to an upright 8-bit RGB image, with its SourceInfo.

    EXIF orientation is applied first; 16-bit, CMYK, palette, alpha (composited on white),
    animated (first frame), HEIC and AVIF inputs are normalised. With ``max_side`` the result's
    longest side is at most ``max_side``; JPEGs are decoded at a reduced DCT scale, and may come
    out up to 5 % under ``max_side`` when that spares a full decode and a resample.
    Damaged, truncated or oversized files raise InvalidInput naming the file.
    """
    path = Path(path)
    with _open_source(path) as (im, info):
        try:
            if max_side is not None and im.format in ("JPEG", "MPO"):
                _draft_jpeg(im, max_side)
            im.load()
            rgb = _upright_rgb(im, info.orientation)
            if max_side is not None:
                rgb = _downscale(rgb, max_side)
        except InvalidInput:
            raise
        except Exception as err:  # Pillow raises many types for broken files
            raise _damaged(path, err) from err
    return rgb, info


@contextmanager
def _open_source(path: Path) -> Iterator[tuple[Image.Image, SourceInfo]]:
    """Open ``path`` lazily after the header checks; yields the open image and its SourceInfo."""
    name = path.name
    try:
        file_size = path.stat().st_size
    except FileNotFoundError as err:
        raise InvalidInput(f"{name} was not found.", detail=str(err)) from err
    except OSError as err:
        raise InvalidInput(f"{name} cannot be read.", detail=str(err)) from err
    if path.is_dir():
        raise InvalidInput(f"{name} is a folder, not a photo.")
    if file_size == 0:
        raise InvalidInput(f"{name} is empty (0 bytes) and cannot be opened.")

    try:
        fp = path.open("rb")
    except OSError as err:
        raise InvalidInput(f"{name} cannot be read.", detail=str(err)) from err
    with fp:
        if _looks_like_html(fp.read(_HEADER_SNIFF)):
            raise InvalidInput(
                f"{name} is a web page saved with an image name, not a photo. "
                "Download the picture again."
            )
        fp.seek(0)
        im = _open_checked(fp, _input_error_factory(name))
        with im:
            yield im, _describe(im, path, file_size)


def _input_error_factory(name: str) -> _ErrorFactory:
    def make(kind: str, detail: str) -> InvalidInput:
        messages = {
            "unreadable": f"{name} is not an image LuxCanvas can open.",
            "damaged": f"{name} is damaged or incomplete and cannot be opened.",
            "unsupported": (
                f"{name} is a {detail} file; LuxCanvas opens JPEG, PNG, TIFF, WebP, BMP, GIF, "
                "HEIC and AVIF images."
            ),
            "too_large": f"{name} has too many pixels to open safely ({detail}).",
        }
        return InvalidInput(messages[kind], detail=detail)

    return make


def _open_checked(fp: IO[bytes], error: _ErrorFactory) -> Image.Image:
    """Image.open with our format whitelist and pixel cap; errors come from ``error()``."""
    try:
        im = Image.open(fp)
    except Image.DecompressionBombError as err:
        raise error("too_large", _limit_text(None)) from err
    except UnidentifiedImageError as err:
        raise error("unreadable", str(err)) from err
    except Exception as err:  # a recognised header that then fails to parse
        raise error("damaged", f"{type(err).__name__}: {err}") from err
    if im.format not in SUPPORTED_FORMATS:
        fmt = im.format or "unknown"
        im.close()
        raise error("unsupported", fmt)
    width, height = im.size
    if width <= 0 or height <= 0:
        im.close()
        raise error("damaged", f"invalid size {width}x{height}")
    if width * height > MAX_PIXELS:
        im.close()
        raise error("too_large", _limit_text((width, height)))
    return im


def _limit_text(size: tuple[int, int] | None) -> str:
    limit = f"the limit is {MAX_PIXELS // 1_000_000} megapixels"
    if size is None:
        return limit
    return f"{size[0]}x{size[1]} is {size[0] * size[1] / 1e6:,.0f} megapixels; {limit}"


def _looks_like_html(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith(b"<") and any(
        tag in text for tag in (b"<html", b"<!doctype html", b"<head", b"<body")
    )


def _describe(im: Image.Image, path: Path, file_size: int) -> SourceInfo:
    try:
        orientation = int(im.getexif().get(_TAG_ORIENTATION, 1))
    except Exception:  # unreadable EXIF must not make a good photo unusable
        orientation = 1
    if orientation not in range(1, 9):
        orientation = 1
    width, height = im.size
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    exif = im.info.get("exif")
    icc = im.info.get("icc_profile")
    return SourceInfo(
        path=path,
        format=str(im.format),
        width=width,
        height=height,
        mode=im.mode,
        orientation=orientation,
        frames=int(getattr(im, "n_frames", 1)),
        exif=exif if isinstance(exif, bytes) and exif else None,
        icc_profile=icc if isinstance(icc, bytes) and icc else None,
        file_size=file_size,
    )


def _damaged(path: Path, err: BaseException) -> InvalidInput:
    if isinstance(err, MemoryError):
        return InvalidInput(f"{path.name} is too large to open on this computer.", detail="memory")
    return InvalidInput(
        f"{path.name} is damaged or incomplete and cannot be opened.",
        detail=f"{type(err).__name__}: {err}",
    )


def _draft_jpeg(im: Image.Image, max_side: int) -> None:
    """Ask the JPEG decoder for the smallest DCT scale that still covers ``max_side``."""
    long_side = max(im.size)
    if long_side <= max_side:
        return
    for scale in (8, 4, 2):
        if long_side / scale >= max_side * (1 - _DRAFT_TOLERANCE):
            break
    else:
        return
    # draft() picks the largest scale that keeps both sides >= the requested size.
    width, height = im.size
    im.draft(im.mode, (math.ceil(width / scale), math.ceil(height / scale)))


def _fit_within(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    """The size scaled down (never up) so its longest side is at most ``max_side``."""
    width, height = size
    long_side = max(width, height)
    if long_side <= max_side:
        return size
    scale = max_side / long_side
    return max(1, round(width * scale)), max(1, round(height * scale))


def _downscale(im: Image.Image, max_side: int) -> Image.Image:
    target = _fit_within(im.size, max_side)
    if target == im.size:
        return im
    return im.resize(target, _RESAMPLE, reducing_gap=2.0)


def _upright_rgb(im: Image.Image, orientation: int) -> Image.Image:
    """The loaded current frame as upright 8-bit RGB."""
    transpose = _TRANSPOSE_FOR_ORIENTATION.get(orientation)
    if transpose is not None:
        im = im.transpose(transpose)
    return _to_rgb(im)


def _to_rgb(im: Image.Image) -> Image.Image:
    mode = im.mode
    if mode == "RGB":
        return im
    if mode == "CMYK":
        return _cmyk_to_rgb(im)
    if mode.startswith("I") or mode == "F":
        return _high_bit_depth_to_rgb(im)
    if mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        mode in ("P", "L", "RGB") and "transparency" in im.info
    ):
        rgba = im.convert("RGBA")
        white = Image.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return im.convert("RGB")


def _cmyk_to_rgb(im: Image.Image) -> Image.Image:
    icc = im.info.get("icc_profile")
    if icc:
        try:
            converted = ImageCms.profileToProfile(
                im,
                ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                ImageCms.createProfile("sRGB"),
                renderingIntent=ImageCms.Intent.PERCEPTUAL,
                outputMode="RGB",
            )
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the plain conversion below is still a fair picture
    return im.convert("RGB")


def _high_bit_depth_to_rgb(im: Image.Image) -> Image.Image:
    """16/32-bit integer or float grey to 8-bit, mapping the full 16-bit range onto 0..255.

    Pillow's own I;16 → L conversion clips at 255, which would turn most photos white.
    """
    import numpy as np  # only these rare inputs need it; keeps start-up light

    values = np.asarray(im)
    if values.dtype.kind == "f":
        peak = float(np.nanmax(values)) if values.size else 0.0
        scale = 255.0 if peak <= 1.0 else (255.0 / 65535.0 if peak > 255.0 else 1.0)
        scaled = np.nan_to_num(values.astype(np.float32)) * scale
    else:
        peak = int(values.max()) if values.size else 0
        # 32-bit "I" images holding 8-bit data (rare) are left as they are.
        scaled = values.astype(np.float32) / 257.0 if peak > 255 else values.astype(np.float32)
    grey = np.clip(np.rint(scaled), 0, 255).astype(np.uint8)
    return Image.fromarray(grey, "L").convert("RGB")


# --------------------------------------------------------------------------------------------
# Payloads sent to a model, and images coming back


@dataclass(frozen=True)
class PayloadLimits:
    """What a strategy's model accepts as input."""

    max_side: int
    max_bytes: int
    aspect_min: float = 0.0
    aspect_max: float = float("inf")
    min_side: int = 1
    format: str = "JPEG"


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
    neutral border matching the photo's edges when its aspect is outside
    [aspect_min, aspect_max], and encoded as JPEG (quality stepping down from 92, then smaller
    sides) or PNG until it fits ``max_bytes``. No metadata is sent. Deterministic: the same
    input and limits give the same bytes.
    """
    fmt = limits.format.upper()
    if fmt not in ("JPEG", "PNG"):
        raise ValueError(f"payload format must be JPEG or PNG, not {limits.format!r}")
    if isinstance(path_or_image, tuple):
        image, source = path_or_image
        image = _to_rgb(image)
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
                f"({limits.max_bytes:,} bytes)."
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
    # Canvas size in source pixels once padded into [aspect_min, aspect_max].
    canvas_w, canvas_h = float(width), float(height)
    if canvas_w / canvas_h > limits.aspect_max:
        canvas_h = canvas_w / limits.aspect_max
    elif limits.aspect_min > 0 and canvas_w / canvas_h < limits.aspect_min:
        canvas_w = canvas_h * limits.aspect_min

    scale = min(1.0, max_side / max(canvas_w, canvas_h))
    if min(canvas_w, canvas_h) * scale < limits.min_side:
        scale = limits.min_side / min(canvas_w, canvas_h)
    content_w = max(1, round(width * scale))
    content_h = max(1, round(height * scale))
    if (content_w, content_h) != image.size:
        image = image.resize((content_w, content_h), _RESAMPLE, reducing_gap=2.0)

    out_w, out_h = content_w, content_h
    if out_w / out_h > limits.aspect_max:
        out_h = math.ceil(out_w / limits.aspect_max)
    elif limits.aspect_min > 0 and out_w / out_h < limits.aspect_min:
        out_w = math.ceil(out_h * limits.aspect_min)
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


def _result_error_factory(label: str) -> _ErrorFactory:
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
    if _looks_like_html(data[:_HEADER_SNIFF]):
        raise GatewayError(
            "The gateway returned a web page instead of an image.",
            detail=f"{label}: {data[:200]!r}",
        )
    return _open_checked(io.BytesIO(data), _result_error_factory(label))


def decode_result(data: bytes, *, label: str = "result") -> Image.Image:
    """Decode an image a model returned, as upright RGB, with the same guards as input files.

    Garbage, truncated data, a web page or an oversized image raise GatewayError.
    """
    im = _open_result(data, label)
    try:
        im.load()  # reads everything from the in-memory buffer: nothing left open
        orientation = int(im.getexif().get(_TAG_ORIENTATION, 1))
        return _upright_rgb(im, orientation)
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
        upright = int(im.getexif().get(_TAG_ORIENTATION, 1)) == 1
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


# --------------------------------------------------------------------------------------------
# Mapping a result back to the original framing


@dataclass(frozen=True)
class Framing:
    """A model result mapped back to the original's aspect ratio."""

    image: Image.Image
    drift: float
    warning: str | None


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
    model's framing strayed (|result aspect / original aspect − 1|); above 3 % ``warning``
    tells the user in a sentence.
    """
    image = result if result.mode == "RGB" else _to_rgb(result)
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

    warning = None
    if drift > DRIFT_WARN:
        warning = (
            f"The model changed the framing by {drift * 100:.0f} %; LuxCanvas mapped it back "
            f"to the original {_ratio_name(source.width, source.height)}."
        )
    return Framing(image=image, drift=drift, warning=warning)


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


# --------------------------------------------------------------------------------------------
# Export


def export_image(
    image: Image.Image,
    dest: str | Path,
    *,
    fmt: str | None = None,
    quality: int = 92,
    source: SourceInfo | None = None,
    keep_metadata: bool = True,
    provenance: dict[str, str] | None = None,
    overwrite: bool = False,
) -> Path:
    """Write ``image`` to ``dest`` atomically and return the path actually written.

    ``fmt`` is 'png', 'jpeg', 'webp' or 'tiff' (default: from dest's suffix). With
    ``keep_metadata`` the original's EXIF date, GPS, camera and lens travel along; its RGB ICC
    profile is kept whenever there is a source (it describes the pixels). Orientation is reset
    to 1. Provenance (LuxCanvas version, strategy, model, date) goes into EXIF and, for PNG,
    text chunks. An existing file is never replaced unless ``overwrite``: the next free
    'name (2).ext' is used instead. No partial file is left behind on failure.
    """
    dest = Path(dest)
    pil_format = _export_format(dest, fmt)
    if image.mode not in ("RGB", "L") and not (image.mode == "RGBA" and pil_format != "JPEG"):
        image = _to_rgb(image)

    description = _provenance_text(provenance)
    exif = _export_exif(source if keep_metadata else None, description)
    params: dict[str, object] = {"exif": exif.tobytes()}
    icc = source.icc_profile if source is not None else None
    if icc and icc[16:20] == b"RGB " and image.mode != "L":
        params["icc_profile"] = icc
    if pil_format == "JPEG":
        params.update(quality=quality, subsampling=0 if quality >= 90 else 2, optimize=True)
    elif pil_format == "WEBP":
        params.update(quality=quality, method=4)
    # TIFF stays uncompressed: libtiff's compressed writer cannot store the GPS and Exif
    # sub-IFDs, and keeping the date and place of an old photo matters more than its size.
    elif pil_format == "PNG":
        params["pnginfo"] = _png_text(description, provenance)
        # Level 3 writes a 2K result about twice as fast as the default 6, ~5 % larger.
        params["compress_level"] = 3

    return _write_atomically(dest, overwrite, lambda fp: image.save(fp, pil_format, **params))


def _export_format(dest: Path, fmt: str | None) -> str:
    key = (fmt or dest.suffix.lstrip(".")).lower()
    if key not in _EXPORT_FORMATS:
        raise UsageError(
            f"LuxCanvas cannot save as '{fmt or dest.suffix or dest.name}'; "
            "choose png, jpeg, webp or tiff."
        )
    return _EXPORT_FORMATS[key]


def _provenance_text(provenance: dict[str, str] | None) -> str:
    parts = ["Restored by LuxCanvas"]
    values = dict(provenance or {})
    values.setdefault("date", datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    for key in ("strategy", "model"):
        if values.get(key):
            parts.append(f"{key} {values[key]}")
    parts.append(values["date"])
    return " · ".join(parts)


def _export_exif(source: SourceInfo | None, description: str) -> Image.Exif:
    exif = Image.Exif()
    if source is not None and source.exif:
        original = Image.Exif()
        try:
            original.load(source.exif)
            for tag in _KEEP_IFD0:
                if tag in original:
                    exif[tag] = original[tag]
            gps = dict(original.get_ifd(_IFD_GPS))
            if gps:
                exif.get_ifd(_IFD_GPS).update(gps)
            details = original.get_ifd(_IFD_EXIF)
            kept = {
                tag: details[tag] for tag in (*_KEEP_EXIF_IFD, _TAG_USER_COMMENT) if tag in details
            }
            if kept:
                exif.get_ifd(_IFD_EXIF).update(kept)
        except Exception:  # damaged EXIF: export without it rather than fail the export
            exif = Image.Exif()
    exif[_TAG_ORIENTATION] = 1
    exif[_TAG_SOFTWARE] = f"LuxCanvas {luxcanvas.__version__}"
    # ImageDescription is an ASCII field (Pillow reads it back as Latin-1): keep it plain ASCII.
    exif[_TAG_DESCRIPTION] = description.replace(" · ", " - ").encode("ascii", "replace")
    details = exif.get_ifd(_IFD_EXIF)
    # The user's own caption (e.g. "Abuela y el gato") is kept; otherwise say where it came from.
    if _TAG_USER_COMMENT not in details:
        encoding = "utf-16-le" if exif.endian == "<" else "utf-16-be"
        details[_TAG_USER_COMMENT] = b"UNICODE\0" + description.encode(encoding)
    return exif


def _png_text(description: str, provenance: dict[str, str] | None) -> PngInfo:
    info = PngInfo()
    info.add_text("Software", f"LuxCanvas {luxcanvas.__version__}")
    info.add_text("Description", description)
    for key, value in sorted((provenance or {}).items()):
        info.add_text(f"luxcanvas:{key}", str(value))
    return info


def _write_atomically(dest: Path, overwrite: bool, write: Callable[[IO[bytes]], None]) -> Path:
    """Write through a temp file in dest's folder; publish with os.replace / a no-clobber link."""
    folder = dest.parent
    temp = folder / f".{dest.name}.{secrets.token_hex(4)}.tmp"
    # os.open (not tempfile) so the file gets the user's normal permissions via the umask.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fp:
            write(fp)
            fp.flush()
            os.fsync(fp.fileno())
        if overwrite:
            os.replace(temp, dest)
            return dest
        return _publish_without_clobbering(temp, dest)
    except BaseException:
        with suppress(OSError):
            temp.unlink()
        raise


def _publish_without_clobbering(temp: Path, dest: Path) -> Path:
    while True:
        candidate = unique_path(dest)
        try:
            # A hard link fails if the name was taken meanwhile (e.g. by a parallel job).
            os.link(temp, candidate)
        except FileExistsError:
            continue
        except OSError:  # file systems without hard links (FAT, some network shares)
            os.replace(temp, candidate)
            return candidate
        temp.unlink()
        return candidate


def unique_path(path: str | Path) -> Path:
    """``path`` if no file has that name yet, else 'name (2).ext', 'name (3).ext', ..."""
    path = Path(path)
    if not path.exists():
        return path
    counter = 2
    while True:
        candidate = path.with_name(f"{path.stem} ({counter}){path.suffix}")
        if not candidate.exists():
            return candidate
        counter += 1


def default_output_name(input_path: str | Path, strategy_id: str, fmt: str = "png") -> Path:
    """'grandma.jpg' + 'restore' → 'grandma.restored-restore.png' next to the input."""
    input_path = Path(input_path)
    suffix = _OUTPUT_SUFFIX[_EXPORT_FORMATS.get(fmt.lower().lstrip("."), "PNG")]
    return input_path.with_name(f"{input_path.stem}.restored-{strategy_id}.{suffix}")
