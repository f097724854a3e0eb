"""Odd and broken image files, generated: the kinds a public corpus of exotic files holds.

``make_odd_files(folder)`` writes them and returns ``{name: "restored" | "refused"}``: what
LuxCanvas must do with each (restore it, or refuse it with a reason naming the file).
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image

from tests.conftest import FIXTURES

PHOTO = FIXTURES / "damaged" / "astronaut_damaged.jpg"


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_with_header(width: int, height: int, depth: int, colour: int, rows: bytes) -> bytes:
    """A PNG written by hand (Pillow cannot write 16-bit RGB or lie about the size)."""
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows, 9))
        + _chunk(b"IEND", b"")
    )


def bmp_4bit(width: int = 37, height: int = 21) -> bytes:
    """A 16-colour (4 bits per pixel) palette BMP like Pillow's ``pal4.bmp``."""
    palette = b"".join(bytes((i * 16, 255 - i * 16, (i * 7) % 256, 0)) for i in range(16))
    stride = (width * 4 + 31) // 32 * 4
    pixels = bytearray()
    for y in range(height):
        row = bytearray(stride)
        for x in range(width):
            row[x // 2] |= ((x + y) % 16) << (4 if x % 2 == 0 else 0)
        pixels += row
    offset = 14 + 40 + len(palette)
    head = b"BM" + struct.pack("<IHHI", offset + len(pixels), 0, 0, offset)
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 4, 0, len(pixels), 2835, 2835, 16, 0)
    return head + info + palette + bytes(pixels)


def _tiff_with_compression(image: Image.Image, code: int) -> bytes:
    """An uncompressed TIFF whose header claims compression ``code`` (tag 259)."""
    buffer = io.BytesIO()
    image.save(buffer, "TIFF")
    data = bytearray(buffer.getvalue())
    offset = struct.unpack_from("<I", data, 4)[0]
    for index in range(struct.unpack_from("<H", data, offset)[0]):
        entry = offset + 2 + index * 12
        if struct.unpack_from("<H", data, entry)[0] == 259:
            struct.pack_into("<HHIH", data, entry, 259, 3, 1, code)
    return bytes(data)


def make_odd_files(folder: Path) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(13)
    with Image.open(PHOTO) as opened:
        photo = opened.convert("RGB").resize((160, 120))
    expected: dict[str, str] = {}

    def save(name: str, outcome: str, image: Image.Image | None = None, **params) -> None:
        if image is not None:
            image.save(folder / name, **params)
        expected[name] = outcome

    # Sizes whose short side (~630-700 px) made the dust finder's opening reach the border
    # with a window that missed the image: NaN in the integral image, NumPy warnings.
    with Image.open(PHOTO) as opened:
        wide = opened.convert("RGB")
        save("photo_1000x700.jpg", "restored", wide.resize((1000, 700)))
        save("scan_900x680.png", "restored", wide.resize((900, 680)))
        save("stereo_700x660.mpo", "restored", wide.resize((700, 660)), format="MPO",
             save_all=True, append_images=[wide.resize((700, 660)).rotate(2)])  # fmt: skip
    (folder / "pal4.bmp").write_bytes(bmp_4bit())
    expected["pal4.bmp"] = "restored"
    save("stereo.mpo", "restored", photo, format="MPO", save_all=True,
         append_images=[photo.rotate(2)])  # fmt: skip
    save("strip_1x300.jpg", "restored", photo.resize((1, 300)))
    save("strip_300x1.png", "restored", photo.resize((300, 1)))
    save("one_pixel.jpg", "restored", photo.resize((1, 1)))
    save("clear_1x200.png", "restored", Image.new("RGBA", (1, 200), (0, 0, 0, 0)))
    save("transparent.png", "restored", Image.new("RGBA", (64, 48), (10, 20, 30, 0)))
    save(
        "gray16.png",
        "restored",
        Image.fromarray(rng.integers(0, 65535, (60, 80)).astype(np.uint16)),
    )
    rows = b"".join(
        b"\0" + rng.integers(0, 65535, 40 * 3).astype(">u2").tobytes() for _ in range(30)
    )
    (folder / "rgb16.png").write_bytes(png_with_header(40, 30, 16, 2, rows))
    expected["rgb16.png"] = "restored"
    save("cmyk.jpg", "restored", photo.convert("CMYK"))
    grey = np.asarray(photo.convert("L"), np.float32) / 255
    grey[5:9, 5:9] = np.nan
    save("float_nan.tif", "restored", Image.fromarray(grey, "F"))
    save("palette_transparent.png", "restored", photo.convert("P"), transparency=0)
    save("grey_alpha.png", "restored", photo.convert("LA"))
    save("bilevel.tif", "restored", photo.convert("1"), compression="group4")
    save("black.png", "restored", Image.new("RGB", (90, 60)))
    save("white.jpg", "restored", Image.new("RGB", (90, 60), (255, 255, 255)))
    small = photo.resize((48, 36))
    (folder / "webp_compressed.tif").write_bytes(_tiff_with_compression(small, 50001))
    (folder / "old_jpeg.tif").write_bytes(_tiff_with_compression(small, 6))
    expected["webp_compressed.tif"] = expected["old_jpeg.tif"] = "refused"
    blank = b"\0" * (2000 * 3 + 1)
    # Over Pillow's 89 MP bomb warning (given at open), under LuxCanvas's 100 MP cap; its
    # pixels are missing, so it is refused as incomplete, quietly.
    (folder / "bomb_92mp.png").write_bytes(png_with_header(2000, 46000, 8, 2, blank[:100]))
    expected["bomb_92mp.png"] = "refused"
    (folder / "bomb_header.png").write_bytes(png_with_header(20000, 10000, 8, 2, blank[:100]))
    expected["bomb_header.png"] = "refused"
    encoded = io.BytesIO()
    photo.save(encoded, "JPEG")
    (folder / "truncated.jpg").write_bytes(encoded.getvalue()[: len(encoded.getvalue()) // 2])
    encoded = io.BytesIO()
    photo.save(encoded, "PNG")
    (folder / "truncated.png").write_bytes(encoded.getvalue()[: len(encoded.getvalue()) // 2])
    (folder / "not_a_photo.png").write_bytes(b"just some text, not an image")
    expected.update(dict.fromkeys(["truncated.jpg", "truncated.png", "not_a_photo.png"], "refused"))
    return expected
