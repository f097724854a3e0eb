"""PNG written once: a fast encoder for results, and metadata added without re-encoding.

A 24 MP result is the largest thing LuxCanvas writes. Pillow's PNG writer tries every row
filter on every row on one core (~1.3 s at level 1 for 24 MP, measured); here the rows get
the "Up" filter in NumPy and horizontal bands are deflated on all cores with zlib's
run-length strategy (zlib releases the GIL), which is ~4x faster and still smaller than
Pillow's level 1 on photos (see ``bench/bench_e2e.py``). The result is an ordinary PNG
(IHDR, IDAT, IEND) that every reader opens.

Export reuses those bytes: the metadata (ICC profile, EXIF, text) are PNG chunks, so
``with_chunks`` inserts them after the header and the pixels are never encoded twice.
"""

from __future__ import annotations

import io
import os
import struct
import zlib
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PIL.PngImagePlugin import putchunk

SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: Colour types by Pillow mode (8 bits per sample).
_COLOUR_TYPES = {"L": 0, "RGB": 2, "RGBA": 6}
_CHANNELS = {"L": 1, "RGB": 3, "RGBA": 4}
#: Rows per deflate band: big enough that the full flush between bands costs nothing.
_BAND_BYTES = 8 * 1024 * 1024
_FILTER_UP = 2


def can_encode(image: Any) -> bool:
    """Whether ``encode_png`` writes this image's mode as it is (8-bit L, RGB or RGBA)."""
    return getattr(image, "mode", None) in _COLOUR_TYPES


def encode_png(image: Any) -> bytes:
    """An 8-bit L, RGB or RGBA Pillow image (or HxW[xC] uint8 array) as PNG bytes."""
    import numpy as np

    if isinstance(image, np.ndarray):
        pixels = image
        channels = pixels.shape[2] if pixels.ndim == 3 else 1
        mode = {1: "L", 3: "RGB", 4: "RGBA"}.get(channels, "") if pixels.ndim in (2, 3) else ""
    else:
        mode = image.mode
        pixels = np.asarray(image)
    if mode not in _COLOUR_TYPES or pixels.dtype != np.uint8:
        raise ValueError(f"encode_png writes 8-bit L, RGB or RGBA, not {mode or pixels.shape}")
    height, width = pixels.shape[:2]
    stride = width * _CHANNELS[mode]
    flat = pixels.reshape(height, stride)

    rows_per_band = max(1, _BAND_BYTES // max(1, stride))
    bands = [(y, min(height, y + rows_per_band)) for y in range(0, height, rows_per_band)]

    def filtered(band: tuple[int, int]) -> Any:
        top, bottom = band
        rows = np.empty((bottom - top, stride + 1), np.uint8)
        rows[:, 0] = _FILTER_UP
        first = max(top, 1)  # "Up" of the image's first row is the row itself
        np.subtract(flat[first:bottom], flat[first - 1 : bottom - 1], out=rows[first - top :, 1:])
        if top == 0:
            rows[0, 1:] = flat[0]
        return rows

    def deflate(index: int) -> tuple[bytes, Any]:
        rows = filtered(bands[index])
        squeeze = zlib.compressobj(1, zlib.DEFLATED, -15, 9, zlib.Z_RLE)
        last = index == len(bands) - 1
        data = squeeze.compress(rows) + squeeze.flush(zlib.Z_FINISH if last else zlib.Z_FULL_FLUSH)
        return data, rows

    workers = min(len(bands), os.cpu_count() or 1, 4)
    out = io.BytesIO()
    out.write(SIGNATURE)
    putchunk(out, b"IHDR", struct.pack(">IIBBBBB", width, height, 8, _COLOUR_TYPES[mode], 0, 0, 0))
    adler = 1
    stream: list[bytes] = [b"\x78\x01"]  # zlib header: deflate, 32K window, fastest
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for data, rows in pool.map(deflate, range(len(bands))):
            adler = zlib.adler32(rows, adler)
            stream.append(data)
    stream.append(struct.pack(">I", adler))
    for piece in _idat_pieces(b"".join(stream)):
        putchunk(out, b"IDAT", piece)
    putchunk(out, b"IEND", b"")
    return out.getvalue()


def _idat_pieces(stream: bytes, size: int = 1 << 20) -> Iterator[bytes]:
    for start in range(0, len(stream), size):
        yield stream[start : start + size]


def colour_mode(data: bytes) -> str | None:
    """The Pillow mode of an 8-bit non-interlaced L, RGB or RGBA PNG's header, else None."""
    if len(data) < 33 or not data.startswith(SIGNATURE) or data[12:16] != b"IHDR":
        return None
    depth, colour, _, _, interlace = struct.unpack_from(">BBBBB", data, 24)
    if depth != 8 or interlace != 0:
        return None
    return next((mode for mode, kind in _COLOUR_TYPES.items() if kind == colour), None)


def chunks(data: bytes) -> list[tuple[bytes, int, int]]:
    """(type, start, end) of every chunk in a PNG, ``end`` past its CRC; [] if not a PNG."""
    if not data.startswith(SIGNATURE):
        return []
    found = []
    offset = len(SIGNATURE)
    while offset + 12 <= len(data):
        (length,) = struct.unpack_from(">I", data, offset)
        kind = bytes(data[offset + 4 : offset + 8])
        end = offset + 12 + length
        if end > len(data):
            return []
        found.append((kind, offset, end))
        offset = end
        if kind == b"IEND":
            return found
    return []


def with_chunks(
    data: bytes, extra: Sequence[tuple[bytes, bytes]]
) -> list[bytes | memoryview] | None:
    """The PNG ``data`` with its ancillary chunks replaced by ``extra`` (before the pixels).

    Returns the file's pieces, or None when the bytes cannot be reused as they are: not a
    whole PNG, or not 8-bit non-interlaced L, RGB or RGBA (the export converts those).
    """
    found = chunks(data)
    if not found or found[0][0] != b"IHDR":
        return None
    _, start, end = found[0]
    if colour_mode(data) is None:
        return None
    view = memoryview(data)
    pieces: list[bytes | memoryview] = [SIGNATURE, view[start:end]]
    head = io.BytesIO()
    for kind, body in extra:
        putchunk(head, kind, body)
    pieces.append(head.getvalue())
    for kind, start, end in found[1:]:
        if kind in (b"IDAT", b"IEND"):
            pieces.append(view[start:end])
        elif kind[:1].isupper() and kind != b"PLTE":
            return None  # a critical chunk this reuse does not know
    return pieces
