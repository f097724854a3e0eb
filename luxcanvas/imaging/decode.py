"""Probing and decoding input files: every untrusted byte is sized from its header first."""

from __future__ import annotations

import io
import logging
import math
import os
import re
import sys
import tempfile
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pi_heif
from PIL import Image, ImageCms, UnidentifiedImageError

from luxcanvas.domain.errors import InvalidInput

pi_heif.register_heif_opener()

log = logging.getLogger("luxcanvas.imaging")

# LuxCanvas refuses images over MAX_PIXELS from their header, before any decode; Pillow's own
# warning for the 89-100 MP photos it lets through would only reach the user's terminal.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)

SUPPORTED_FORMATS = {"JPEG", "PNG", "TIFF", "WEBP", "BMP", "GIF", "HEIF", "AVIF", "MPO"}
MAX_PIXELS = 100_000_000
#: A flatbed scan may be larger: an A4 page at 1200 dpi is about 140 MP. The splitter opens
#: scans up to Pillow's own decompression-bomb ceiling (twice its warning size, ~179 MP) and
#: only when the file is as large as real pixels make it (``SCAN_MAX_PIXELS_PER_BYTE``): what
#: the guard is there for — a small file that unpacks to gigabytes — stays refused.
SCAN_MAX_PIXELS = 2 * (Image.MAX_IMAGE_PIXELS or 89_478_485)
SCAN_MAX_PIXELS_PER_BYTE = 1000

# Payload and preview downscales use BICUBIC: as sharp as the models need, ~40 % cheaper than
# LANCZOS on a 24 MP photo. The final, user-visible reframing uses LANCZOS.
RESAMPLE = Image.Resampling.BICUBIC
# A JPEG decoded at a DCT scale that lands this close under max_side is used as it is: a 6000 px
# photo decodes at 1/2 to 3000 px for a 3072 limit, saving a full decode and a 24 MP resample.
_DRAFT_TOLERANCE = 0.05
HEADER_SNIFF = 512

# The EXIF orientation tag (TIFF numbering).
TAG_ORIENTATION = 0x0112

# Builds the error for a failure kind ("unreadable", "damaged", "unsupported", "too_large").
ErrorFactory = Callable[[str, str], Exception]

_TRANSPOSE_FOR_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


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
    #: Pixels per inch the file states (scans do), as stored; None when it states none.
    dpi: tuple[float, float] | None = None

    @property
    def aspect(self) -> float:
        """Width over height, as the user sees the photo (EXIF orientation applied)."""
        return self.width / self.height


def probe(path: str | Path, *, max_pixels: int = MAX_PIXELS) -> SourceInfo:
    """Read a file's header (no pixel decode) and describe it.

    Raises InvalidInput naming the file when it is missing, empty, not an image (including a web
    page saved under an image name), in an unsupported format, or has too many pixels.
    """
    path = Path(path)
    with _open_source(path, max_pixels) as (_, info):
        return info


def load_image(
    path: str | Path, max_side: int | None = None, *, max_pixels: int = MAX_PIXELS
) -> tuple[Image.Image, SourceInfo]:
    """Decode a file to an upright 8-bit RGB image, with its SourceInfo.

    EXIF orientation is applied first; 16-bit, CMYK, palette, alpha (composited on white),
    animated (first frame), HEIC and AVIF inputs are normalised. With ``max_side`` the result's
    longest side is at most ``max_side``; JPEGs are decoded at a reduced DCT scale, and may come
    out up to 5 % under ``max_side`` when that spares a full decode and a resample.
    Damaged, truncated or oversized files (over ``max_pixels``) raise InvalidInput naming
    the file.
    """
    path = Path(path)
    with _open_source(path, max_pixels) as (im, info):
        native: list[str] = []
        try:
            if max_side is not None and im.format in ("JPEG", "MPO"):
                _draft_jpeg(im, max_side)
            with native_messages(im.format == "TIFF") as native:
                im.load()
            if native:
                log.info("%s: libtiff said: %s", path.name, " | ".join(native))
            rgb = upright_rgb(im, info.orientation)
            if max_side is not None:
                rgb = _downscale(rgb, max_side)
        except InvalidInput:
            raise
        except Exception as err:  # Pillow raises many types for broken files
            raise _damaged(path, err, im, native) from err
    return rgb, info


# libtiff prints its warnings and errors straight to the process's stderr (file descriptor 2),
# where Python's warnings and logging cannot catch them ("WEBP compression support is not
# configured"). While a TIFF decodes, descriptor 2 points at a temporary file instead; one
# decode at a time, as descriptor 2 belongs to the whole process.
_NATIVE_LOCK = threading.Lock()
# What libtiff writes: "<module or file>: <message>". Other lines written meanwhile (another
# thread's output) are passed on to the real stderr.
_NATIVE_LINE = re.compile(r"^[A-Za-z_][\w.\- ]*: ")


@contextmanager
def native_messages(capture: bool = True) -> Iterator[list[str]]:
    """Collect what native decoders print to stderr in the block (the list fills at exit)."""
    messages: list[str] = []
    if not capture:
        yield messages
        return
    with _NATIVE_LOCK, tempfile.TemporaryFile() as sink:
        try:
            sys.stderr.flush()
            saved = os.dup(2)
        except (OSError, ValueError, AttributeError):  # no stderr at all (a windowed app)
            yield messages
            return
        try:
            os.dup2(sink.fileno(), 2)
            yield messages
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            text = sink.read().decode("utf-8", "replace")
            others = []
            for line in text.splitlines():
                if _NATIVE_LINE.match(line):
                    messages.append(line.strip())
                elif line.strip():
                    others.append(line)
            if others:
                os.write(2, ("\n".join(others) + "\n").encode())


@contextmanager
def _open_source(
    path: Path, max_pixels: int = MAX_PIXELS
) -> Iterator[tuple[Image.Image, SourceInfo]]:
    """Open ``path`` lazily after the header checks; yields the open image and its SourceInfo."""
    name = path.name
    try:
        file_size = path.stat().st_size
    except FileNotFoundError as err:
        raise InvalidInput(f"{name} was not found.", detail=str(err), reason="not_found") from err
    except OSError as err:
        raise InvalidInput(f"{name} cannot be read.", detail=str(err), reason="unreadable") from err
    if path.is_dir():
        raise InvalidInput(f"{name} is a folder, not a photo.", reason="folder")
    if file_size == 0:
        raise InvalidInput(f"{name} is empty (0 bytes) and cannot be opened.", reason="empty")

    try:
        fp = path.open("rb")
    except OSError as err:
        raise InvalidInput(f"{name} cannot be read.", detail=str(err), reason="unreadable") from err
    with fp:
        if looks_like_html(fp.read(HEADER_SNIFF)):
            raise InvalidInput(
                f"{name} is a web page saved with an image name, not a photo. "
                "Download the picture again.",
                reason="web_page",
            )
        fp.seek(0)
        im = open_checked(fp, _input_error_factory(name), max_pixels)
        with im:
            yield im, _describe(im, path, file_size)


def _input_error_factory(name: str) -> ErrorFactory:
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
        reasons = {"unreadable": "not_an_image"}
        return InvalidInput(messages[kind], detail=detail, reason=reasons.get(kind, kind))

    return make


def open_checked(fp: IO[bytes], error: ErrorFactory, max_pixels: int = MAX_PIXELS) -> Image.Image:
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
    if width * height > max_pixels:
        im.close()
        raise error("too_large", _limit_text((width, height), max_pixels))
    return im


def _limit_text(size: tuple[int, int] | None, max_pixels: int = MAX_PIXELS) -> str:
    limit = f"the limit is {max_pixels // 1_000_000} megapixels"
    if size is None:
        return limit
    return f"{size[0]}x{size[1]} is {size[0] * size[1] / 1e6:,.0f} megapixels; {limit}"


def looks_like_html(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith(b"<") and any(
        tag in text for tag in (b"<html", b"<!doctype html", b"<head", b"<body")
    )


def header_exif(im: Image.Image) -> Image.Exif:
    """The EXIF a file's header holds, without decoding pixels. (Pillow's PNG ``getexif``
    decodes the whole image to look for an eXIf chunk after the pixels — seconds on a large
    scan, for every probe; LuxCanvas's own files and nearly all others put it before them.)"""
    if im.format == "PNG":
        return Image.Image.getexif(im)
    return im.getexif()


def _describe(im: Image.Image, path: Path, file_size: int) -> SourceInfo:
    try:
        orientation = int(header_exif(im).get(TAG_ORIENTATION, 1))
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
        dpi=_stated_dpi(im, orientation),
    )


def _stated_dpi(im: Image.Image, orientation: int) -> tuple[float, float] | None:
    """The file's pixels per inch (x, y as the photo is seen upright), when it states them."""
    dpi = im.info.get("dpi")
    try:
        x, y = float(dpi[0]), float(dpi[1])  # type: ignore[index]
    except (TypeError, ValueError, IndexError):
        return None
    if not (x > 1 and y > 1):  # 0 or 1 "dpi" means unknown (Pillow reads a missing pHYs so)
        return None
    return (y, x) if orientation in (5, 6, 7, 8) else (x, y)


#: TIFF compressions (tag 259) Pillow's libtiff decodes; others are named when they fail.
_TIFF_READABLE = {1, 2, 3, 4, 5, 7, 8, 32773, 32946}


def _damaged(
    path: Path, err: BaseException, im: Image.Image | None = None, native: Sequence[str] = ()
) -> InvalidInput:
    if isinstance(err, MemoryError):
        return InvalidInput(
            f"{path.name} is too large to open on this computer.",
            detail="memory",
            reason="too_large",
        )
    detail = " | ".join([f"{type(err).__name__}: {err}", *native])
    compression = _tiff_compression(im)
    if compression is not None and compression[0] not in _TIFF_READABLE:
        return InvalidInput(
            f"{path.name} is a TIFF compressed with {compression[1]}, which LuxCanvas cannot "
            "read. Save it again as an uncompressed or LZW TIFF, a PNG or a JPEG.",
            detail=detail,
            reason="unsupported",
        )
    return InvalidInput(
        f"{path.name} is damaged or incomplete and cannot be opened.",
        detail=detail,
        reason="damaged",
    )


def _tiff_compression(im: Image.Image | None) -> tuple[int, str] | None:
    """A TIFF's compression code and a name for it; None for other formats."""
    if im is None or im.format != "TIFF":
        return None
    from PIL import TiffImagePlugin

    try:
        code = int(getattr(im, "tag_v2", {}).get(259, 1))
    except (TypeError, ValueError):
        return None
    names = {6: "old-style JPEG", 34925: "LZMA", 50000: "Zstandard", 50001: "WebP"}
    name = names.get(code) or TiffImagePlugin.COMPRESSION_INFO.get(code) or f"scheme {code}"
    return code, name


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
    return im.resize(target, RESAMPLE, reducing_gap=2.0)


def upright_rgb(im: Image.Image, orientation: int) -> Image.Image:
    """The loaded current frame as upright 8-bit RGB."""
    transpose = _TRANSPOSE_FOR_ORIENTATION.get(orientation)
    if transpose is not None:
        im = im.transpose(transpose)
    return to_rgb(im)


def to_rgb(im: Image.Image) -> Image.Image:
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
