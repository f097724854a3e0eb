"""A result is encoded once: the cache, the history's version and a PNG export share its bytes.

What a user would notice: the export carries the original's metadata and provenance with
exactly the pixels of the result, a re-run from the cache is instant, and the PNG files
LuxCanvas writes open everywhere and keep every pixel.
"""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from luxcanvas.app.export import ExportRequest, export_version
from luxcanvas.app.service import RestorationService
from luxcanvas.domain.jobs import Job, Step
from luxcanvas.imaging import load_image, probe
from luxcanvas.imaging.export import export_png_bytes
from luxcanvas.imaging.png import chunks, encode_png, with_chunks
from tests.conftest import FIXTURES

GPS_PHOTO = FIXTURES / "odd" / "with_exif_gps.jpg"


def _idat(data: bytes) -> bytes:
    return b"".join(
        data[start + 8 : end - 4] for kind, start, end in chunks(data) if kind == b"IDAT"
    )


@pytest.mark.parametrize(
    "shape", [(1, 1, 3), (1, 700, 3), (900, 1, 3), (7, 9), (33, 17, 4), (1500, 2100, 3)]
)
def test_encoded_png_keeps_every_pixel(shape) -> None:
    pixels = np.random.default_rng(sum(shape)).integers(0, 256, shape, dtype=np.uint8)
    data = encode_png(pixels)
    back = np.asarray(Image.open(io.BytesIO(data)))
    assert back.shape == pixels.shape[:2] + ((pixels.shape[2],) if pixels.ndim == 3 else ())
    assert np.array_equal(back, pixels)
    # A plain, valid zlib stream: another decoder than Pillow's reads it too.
    stride = pixels[0].size + 1
    assert len(zlib.decompress(_idat(data))) == stride * pixels.shape[0]


def test_encoded_photo_is_smaller_than_pillows_fast_level() -> None:
    image, _ = load_image(FIXTURES / "photos" / "astronaut.png")
    ours = encode_png(image)
    theirs = io.BytesIO()
    image.save(theirs, "PNG", compress_level=1)
    assert len(ours) < len(theirs.getvalue()) * 1.1, "files stay reasonable"
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(ours))), np.asarray(image))


def test_reused_png_refuses_what_it_cannot_keep_as_it_is(tmp_path: Path) -> None:
    deep = io.BytesIO()
    Image.new("I;16", (4, 3)).save(deep, "PNG")
    plain = encode_png(np.zeros((3, 4, 3), np.uint8))
    header = plain[12:28] + b"\x01"  # IHDR with the interlace flag set (Pillow writes none)
    crc = struct.pack(">I", zlib.crc32(header))
    interlaced = io.BytesIO(plain[:12] + header + crc + plain[33:])
    palette = io.BytesIO()
    Image.new("P", (4, 3)).save(palette, "PNG")
    for data in (deep, interlaced, palette):
        assert with_chunks(data.getvalue(), []) is None
        assert export_png_bytes(data.getvalue(), tmp_path / "x.png") is None
    assert with_chunks(b"not a png", []) is None
    assert with_chunks(encode_png(np.zeros((4, 4, 3), np.uint8))[:-20], []) is None
    assert list(tmp_path.iterdir()) == []


def test_model_png_chunks_are_replaced_by_the_exports(tmp_path: Path) -> None:
    """A model's own text and colour chunks do not travel into the export."""
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("parameters", "seed 42, the model's own words")
    model = io.BytesIO()
    Image.new("RGB", (16, 12), (200, 10, 10)).save(model, "PNG", pnginfo=info, gamma=0.45)
    source = probe(GPS_PHOTO)
    out = export_png_bytes(
        model.getvalue(), tmp_path / "r.png", source=source, provenance={"strategy": "restore"}
    )
    assert out is not None
    kinds = [kind for kind, _, _ in chunks(out.read_bytes())]
    assert b"gAMA" not in kinds and kinds.count(b"IHDR") == 1
    with Image.open(out) as shown:
        assert "parameters" not in shown.info
        assert shown.info["luxcanvas:strategy"] == "restore"
        assert shown.getpixel((3, 3)) == (200, 10, 10)
        assert shown.getexif()[0x0110]  # the camera model travelled along


def test_one_encode_serves_cache_version_and_export(tmp_path: Path, monkeypatch) -> None:
    photo = tmp_path / "grandma.jpg"
    photo.write_bytes(GPS_PHOTO.read_bytes())
    encodes = []
    real = encode_png

    def counting(image):
        encodes.append(image.size)
        return real(image)

    monkeypatch.setattr("luxcanvas.app.service.encode_png", counting)
    monkeypatch.setattr("luxcanvas.imaging.export.png.encode_png", counting)
    service = RestorationService()
    steps = []
    outcome = service.run(Job(photo, "local"), on_progress=lambda e: steps.append(e.step))
    assert Step.SAVING in steps and outcome.image is not None
    version = outcome.result_path
    (cached,) = service.cache.root.rglob("result.png")
    assert os.path.samefile(version, cached) or version.read_bytes() == cached.read_bytes()

    request = ExportRequest(
        version, photo, tmp_path / "out.png", "png", 92, True, "local", outcome.model
    )
    written = export_version(request, outcome.source, outcome.image)
    assert len(encodes) == 1, "the export reused the version's bytes"
    assert _idat(written.read_bytes()) == _idat(version.read_bytes())
    with Image.open(written) as exported:
        exif = exported.getexif()
        assert exif[0x0110] and 0x8825 not in exif, "camera kept, location left out"
        assert "Restored by LuxCanvas" in exported.info["Description"]
        assert np.array_equal(np.asarray(exported), np.asarray(outcome.image))

    # A JPEG export decodes nothing again either: the outcome's pixels are used.
    monkeypatch.setattr(Image, "open", _no_open)
    jpeg = export_version(
        ExportRequest(version, photo, tmp_path / "out.jpg", "jpeg", 90, True, "local", "m"),
        outcome.source,
        outcome.image,
    )
    monkeypatch.undo()
    assert Image.open(jpeg).size == outcome.image.size


def test_cached_rerun_links_the_same_file(tmp_path: Path) -> None:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(GPS_PHOTO.read_bytes())
    service = RestorationService()
    first = service.run(Job(photo, "local"))
    second = service.run(Job(photo, "local"))
    assert second.cached and second.image is None
    assert second.result_path != first.result_path
    assert second.result_path.read_bytes() == first.result_path.read_bytes()
    assert (second.width, second.height) == (first.width, first.height)


def test_cache_entry_evicted_by_another_process_runs_again(tmp_path: Path, monkeypatch) -> None:
    """A cache hit whose file vanished (another process evicted it) is a miss, not an error."""
    import shutil

    photo = tmp_path / "p.jpg"
    photo.write_bytes(GPS_PHOTO.read_bytes())
    service = RestorationService()
    service.run(Job(photo, "local"))
    real_get = service.cache.get

    def get_then_evicted(key):
        entry = real_get(key)
        if entry is not None:
            shutil.rmtree(entry.image_path.parent)
        return entry

    monkeypatch.setattr(service.cache, "get", get_then_evicted)
    again = service.run(Job(photo, "local"))
    assert not again.cached and again.result_path.is_file()


def test_failed_png_export_leaves_no_partial_file(tmp_path: Path, monkeypatch) -> None:
    def full_disk(fd):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="disk full"):
        export_png_bytes(encode_png(np.zeros((4, 4, 3), np.uint8)), tmp_path / "out.png")
    assert list(tmp_path.iterdir()) == []


def _no_open(*args, **kwargs):
    raise AssertionError("the version file was decoded again")


def test_ihdr_is_what_pillow_writes() -> None:
    data = encode_png(np.zeros((3, 5, 3), np.uint8))
    assert struct.unpack(">IIBBBBB", data[16:29]) == (5, 3, 8, 2, 0, 0, 0)
