"""What a user would notice about images going in and out of LuxCanvas (core.imaging)."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import shutil
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from luxcanvas import imaging
from luxcanvas.domain.errors import GatewayError, InvalidInput
from luxcanvas.imaging import (
    PayloadLimits,
    decode_result,
    default_output_name,
    export_image,
    fit_to_framing,
    load_image,
    prepare_payload,
    probe,
    unique_path,
)
from tests.conftest import FIXTURES

pytestmark = pytest.mark.skipif(not FIXTURES.is_dir(), reason="shared fixtures missing")

ODD = FIXTURES / "odd"
BAD = FIXTURES / "bad"
ODD_FILES = sorted(p.name for p in ODD.iterdir()) if ODD.is_dir() else []
BAD_FILES = sorted(p.name for p in BAD.iterdir()) if BAD.is_dir() else []

PREVIEW = PayloadLimits(max_side=1536, max_bytes=1_400_000)
RESHOOT = PayloadLimits(max_side=4096, max_bytes=9_000_000, aspect_min=1 / 3, aspect_max=3)
PROVENANCE = {
    "strategy": "restore",
    "model": "gemini-3-pro-image-preview",
    "date": "2026-11-21T10:00:00Z",
}

TAG_ORIENTATION, TAG_DESCRIPTION, TAG_MAKE, TAG_MODEL, TAG_SOFTWARE = 274, 270, 271, 272, 305
IFD_EXIF, IFD_GPS, TAG_DATE_TAKEN = 0x8769, 0x8825, 36867


def pixels(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("RGB"), dtype=np.float32)


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    return float(np.abs(pixels(a) - pixels(b)).mean())


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------------------------- inputs


@pytest.mark.parametrize("name", ODD_FILES)
def test_every_odd_input_loads_as_upright_8bit_rgb(name: str) -> None:
    image, info = load_image(ODD / name)
    assert image.mode == "RGB"
    assert image.size == (info.width, info.height)
    assert info.format in imaging.SUPPORTED_FORMATS
    assert info.file_size == (ODD / name).stat().st_size


def test_exif_orientation_6_is_applied_before_anything_else() -> None:
    info = probe(ODD / "rotated_exif6.jpg")
    assert info.orientation == 6
    with Image.open(ODD / "rotated_exif6.jpg") as raw:
        assert raw.size == (400, 600)  # stored sideways
        by_hand = raw.transpose(Image.Transpose.ROTATE_270)
    assert (info.width, info.height) == (600, 400)

    image, _ = load_image(ODD / "rotated_exif6.jpg")
    assert image.size == (600, 400)
    assert mean_difference(image, by_hand) < 1.0
    # The same photo stored upright: the user sees the same picture.
    upright, _ = load_image(ODD / "with_exif_gps.jpg")
    assert mean_difference(image, upright) < 4.0

    payload = prepare_payload(ODD / "rotated_exif6.jpg", PREVIEW)
    assert (payload.width, payload.height) == (600, 400)


def test_cmyk_colours_match_the_rgb_original() -> None:
    image, info = load_image(ODD / "cmyk.jpg")
    assert info.mode == "CMYK"
    with Image.open(FIXTURES / "photos" / "coffee.png") as reference:
        assert mean_difference(image, reference) < 6.0


def test_16_bit_grey_keeps_its_tonal_range() -> None:
    with Image.open(ODD / "gray16.png") as raw:
        original = np.asarray(raw).astype(np.float64)
    image, info = load_image(ODD / "gray16.png")
    assert info.mode.startswith("I")
    grey = np.asarray(image)[:, :, 0].astype(np.float64)
    assert grey.min() <= original.min() / 257 + 1
    assert grey.max() >= original.max() / 257 - 1
    assert abs(grey.mean() - original.mean() / 257) < 1.0
    assert (grey == 255).mean() < 0.05  # not clipped to white


@pytest.mark.parametrize("name", ["rgba.png", "palette_transparent.png"])
def test_transparency_is_composited_on_white_not_black(name: str) -> None:
    with Image.open(ODD / name) as raw:
        rgba = np.asarray(raw.convert("RGBA"), dtype=np.float32)
    alpha = rgba[:, :, 3:] / 255
    assert (alpha < 1).any()
    on_white = rgba[:, :, :3] * alpha + 255 * (1 - alpha)
    image, _ = load_image(ODD / name)
    assert np.abs(pixels(image) - on_white).max() <= 1.5


def test_animated_gif_gives_its_first_frame() -> None:
    image, info = load_image(ODD / "animated.gif")
    assert info.frames > 1
    with Image.open(ODD / "animated.gif") as raw:
        first = raw.convert("RGB")
    assert mean_difference(image, first) < 1.0


@pytest.mark.parametrize("name", ["iphone.heic", "photo.avif", "photo.webp", "lzw.tiff"])
def test_modern_and_archive_formats_show_the_same_photo(name: str) -> None:
    image, _ = load_image(ODD / name)
    with Image.open(FIXTURES / "photos" / "coffee.png") as reference:
        assert mean_difference(image, reference) < 8.0


def test_large_jpeg_preview_decode_respects_max_side() -> None:
    image, info = load_image(ODD / "large_24mp.jpg", max_side=1536)
    assert (info.width, info.height) == (6000, 4000)
    assert max(image.size) <= 1536
    assert max(image.size) >= 1400  # sized for the preview, not a thumbnail
    assert image.width / image.height == pytest.approx(1.5, rel=0.01)


def test_unicode_file_name_works(tmp_path: Path) -> None:
    source = ODD / "Abuela María 1962 (copia) ñ.jpg"
    image, info = load_image(source)
    assert info.path.name == source.name
    out = export_image(image, default_output_name(tmp_path / source.name, "restore"))
    assert out.name == "Abuela María 1962 (copia) ñ.restored-restore.png"
    assert Image.open(out).size == image.size


# ------------------------------------------------------------------------------ bad inputs


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_files_are_refused_with_a_message_naming_the_file(name: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        load_image(BAD / name)
    assert name in caught.value.message
    assert str(BAD) not in caught.value.message  # a name, not a path dump
    assert caught.value.exit_code == 3


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("empty.jpg", "empty"),
        ("html_error_page.jpg", "web page"),
        ("not_an_image.png", "not an image"),
        ("bomb_40000x40000.png", "too many pixels"),
        ("truncated.jpg", "damaged or incomplete"),
    ],
)
def test_bad_file_messages_say_what_is_wrong(name: str, words: str) -> None:
    with pytest.raises(InvalidInput, match=words):
        load_image(BAD / name, max_side=1024)


def test_probe_refuses_a_bomb_without_allocating_its_pixels() -> None:
    tracemalloc.start()
    try:
        with pytest.raises(InvalidInput, match="too many pixels"):
            probe(BAD / "bomb_40000x40000.png")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000


def test_probe_reads_only_the_header() -> None:
    tracemalloc.start()
    try:
        info = probe(ODD / "large_24mp.jpg")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (info.width, info.height, info.format) == (6000, 4000, "JPEG")
    assert peak < 5_000_000  # a decoded 24 MP photo would be 72 MB
    assert info.exif is not None
    assert info.aspect == pytest.approx(1.5)


def test_probe_accepts_a_truncated_file_that_load_refuses() -> None:
    assert probe(BAD / "truncated.jpg").width == 600
    with pytest.raises(InvalidInput):
        load_image(BAD / "truncated.jpg")


def test_missing_file_is_invalid_input(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"gone\.jpg"):
        probe(tmp_path / "gone.jpg")


def test_parallel_loads_give_the_same_pixels_as_sequential_ones() -> None:
    names = ["cmyk.jpg", "gray16.png", "rotated_exif6.jpg", "rgba.png", "iphone.heic"] * 2
    sequential = [load_image(ODD / n, max_side=512)[0].tobytes() for n in names]
    with ThreadPoolExecutor(4) as pool:
        parallel = list(pool.map(lambda n: load_image(ODD / n, max_side=512)[0].tobytes(), names))
    assert parallel == sequential


# -------------------------------------------------------------------------------- payloads


def test_preview_payload_of_a_24mp_photo_is_small() -> None:
    payload = prepare_payload(ODD / "large_24mp.jpg", PREVIEW)
    assert len(payload.data) <= 1_400_000
    assert max(payload.width, payload.height) <= 1536
    assert payload.mime == "image/jpeg"
    assert not payload.padded
    sent = Image.open(io.BytesIO(payload.data))
    assert sent.size == (payload.width, payload.height)
    assert not sent.getexif()  # no GPS or camera data leaves the machine
    assert payload.data_url().startswith("data:image/jpeg;base64,/9j/")


def test_payload_is_deterministic() -> None:
    first = prepare_payload(ODD / "cmyk.jpg", PREVIEW)
    second = prepare_payload(ODD / "cmyk.jpg", PREVIEW)
    assert first.data == second.data
    loaded = load_image(ODD / "cmyk.jpg")
    assert prepare_payload(loaded, PREVIEW).data == prepare_payload(loaded, PREVIEW).data


def test_payload_shrinks_until_it_fits_max_bytes() -> None:
    tight = PayloadLimits(max_side=3072, max_bytes=60_000)
    payload = prepare_payload(ODD / "large_24mp.jpg", tight)
    assert len(payload.data) <= 60_000
    assert payload.width / payload.height == pytest.approx(1.5, rel=0.02)


def test_tiny_image_is_upscaled_only_to_min_side() -> None:
    limits = PayloadLimits(max_side=4096, max_bytes=9_000_000, min_side=15, format="PNG")
    payload = prepare_payload(ODD / "one_pixel.png", limits)
    assert (payload.width, payload.height) == (15, 15)
    assert payload.mime == "image/png"
    small = prepare_payload(FIXTURES / "photos" / "coffee.png", limits)
    assert (small.width, small.height) == (600, 400)  # never upscaled beyond that


def test_panorama_is_padded_into_the_models_aspect_and_cut_back_out() -> None:
    payload = prepare_payload(ODD / "panorama_7200x900.jpg", RESHOOT)
    assert payload.padded
    assert 1 / 3 <= payload.width / payload.height <= 3
    assert max(payload.width, payload.height) <= 4096
    left, top, right, bottom = payload.content_box
    assert (left, right) == (0, payload.width)
    assert (right - left) / (bottom - top) == pytest.approx(8.0, rel=0.01)
    assert abs(top - (payload.height - bottom)) <= 1  # centred

    sent = np.asarray(decode_result(payload.data), dtype=np.float32)
    photo_edge = sent[top : top + 2].reshape(-1, 3).mean(axis=0)
    border = sent[: top - 8]
    assert border.std(axis=(0, 1)).max() < 3  # a calm flat border, no invented scene
    assert np.abs(border.reshape(-1, 3).mean(axis=0) - photo_edge).max() < 25  # not black bars

    # A model that keeps the canvas, and one that re-renders it square.
    for size in [(payload.width, payload.height), (2048, 2048)]:
        result = decode_result(payload.data).resize(size)
        framing = fit_to_framing(
            result, payload.source, payload.content_box, (payload.width, payload.height)
        )
        assert framing.image.width / framing.image.height == pytest.approx(8.0, rel=0.01)
        assert max(framing.image.size) <= max(size)
    kept = fit_to_framing(
        decode_result(payload.data),
        payload.source,
        payload.content_box,
        (payload.width, payload.height),
    )
    assert not kept.changed
    original, _ = load_image(ODD / "panorama_7200x900.jpg", max_side=kept.image.width)
    assert mean_difference(kept.image.resize(original.size), original) < 6.0


# -------------------------------------------------------------------------- model results


def encoded(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def test_decode_result_returns_rgb_for_png_jpeg_and_alpha() -> None:
    rgba = Image.new("RGBA", (64, 48), (10, 20, 30, 0))
    assert decode_result(encoded(rgba, "PNG")).getpixel((0, 0)) == (255, 255, 255)
    photo = Image.open(FIXTURES / "photos" / "coffee.png").convert("RGB")
    for fmt in ("PNG", "JPEG", "WEBP"):
        result = decode_result(encoded(photo, fmt))
        assert result.mode == "RGB"
        assert result.size == photo.size


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x89PNG garbage that is not an image",
        b"<!DOCTYPE html><html><body>524 A timeout occurred</body></html>",
        (BAD / "truncated.jpg").read_bytes() if BAD.is_dir() else b"",
        (BAD / "bomb_40000x40000.png").read_bytes() if BAD.is_dir() else b"",
    ],
    ids=["empty", "garbage", "html", "truncated", "bomb"],
)
def test_unreadable_results_are_gateway_errors(data: bytes) -> None:
    with pytest.raises(GatewayError) as caught:
        decode_result(data)
    assert caught.value.exit_code == 7
    assert "image" in caught.value.message or "web page" in caught.value.message


# -------------------------------------------------------------------------------- framing


def four_by_three(tmp_path: Path) -> imaging.SourceInfo:
    path = tmp_path / "four_by_three.jpg"
    Image.new("RGB", (800, 600), (120, 100, 80)).save(path)
    return probe(path)


def test_drift_warning_when_a_4_3_photo_comes_back_square(tmp_path: Path) -> None:
    source = four_by_three(tmp_path)
    framing = fit_to_framing(Image.new("RGB", (2048, 2048)), source, None, None)
    assert framing.image.width / framing.image.height == pytest.approx(4 / 3, rel=0.01)
    assert max(framing.image.size) <= 2048
    assert framing.drift == pytest.approx(0.25)
    assert framing.changed and framing.ratio == "4:3"


@pytest.mark.parametrize("size", [(2400, 1800), (2400, 1792), (4800, 3584)])
def test_no_warning_when_the_framing_is_kept(tmp_path: Path, size: tuple[int, int]) -> None:
    source = four_by_three(tmp_path)
    framing = fit_to_framing(Image.new("RGB", size), source)
    assert not framing.changed
    assert framing.drift < 0.03
    assert framing.image.width / framing.image.height == pytest.approx(4 / 3, rel=0.002)
    assert framing.image.width * framing.image.height == pytest.approx(size[0] * size[1], 0.01)


# --------------------------------------------------------------------------------- export


@pytest.mark.parametrize("suffix", ["png", "jpg", "webp", "tiff"])
def test_export_keeps_date_place_camera_and_adds_provenance(tmp_path: Path, suffix: str) -> None:
    image, source = load_image(ODD / "rotated_exif6.jpg")
    out = export_image(
        image,
        tmp_path / f"grandma.{suffix}",
        source=source,
        provenance=PROVENANCE,
        keep_location=True,
    )
    with Image.open(out) as saved:
        assert saved.size == (600, 400)
        exif = saved.getexif()
        details, gps = exif.get_ifd(IFD_EXIF), exif.get_ifd(IFD_GPS)
    assert exif[TAG_ORIENTATION] == 1  # pixels are already upright
    assert (exif[TAG_MAKE], exif[TAG_MODEL]) == ("Kodak", "Brownie Scan")
    assert details[TAG_DATE_TAKEN] == "1962:07:14 10:31:00"
    assert gps[1] == "N"
    assert gps[2] == (39.0, 28.0, 11.0)
    assert exif[TAG_SOFTWARE].startswith("LuxCanvas ")
    assert "restore" in exif[TAG_DESCRIPTION]
    assert "gemini-3-pro-image-preview" in exif[TAG_DESCRIPTION]
    assert "2026-11-21T10:00:00Z" in exif[TAG_DESCRIPTION]


def test_png_export_carries_provenance_text_chunks(tmp_path: Path) -> None:
    image, source = load_image(ODD / "with_exif_gps.jpg")
    extra = {**PROVENANCE, "cost_usd": "0.05"}
    out = export_image(image, tmp_path / "grandma.png", source=source, provenance=extra)
    with Image.open(out) as saved:
        text = saved.text  # type: ignore[attr-defined]
    assert text["Software"].startswith("LuxCanvas ")
    assert text["luxcanvas:strategy"] == "restore"
    assert text["luxcanvas:model"] == "gemini-3-pro-image-preview"
    assert text["luxcanvas:date"] == "2026-11-21T10:00:00Z"
    assert text["luxcanvas:cost_usd"] == "0.05"


@pytest.mark.parametrize("suffix", ["png", "jpg", "webp", "tiff"])
def test_export_keeps_the_icc_profile(tmp_path: Path, suffix: str) -> None:
    image, source = load_image(FIXTURES / "photos" / "chelsea.png")
    assert source.icc_profile
    out = export_image(image, tmp_path / f"cat.{suffix}", source=source)
    with Image.open(out) as saved:
        assert saved.info.get("icc_profile") == source.icc_profile


def test_export_leaves_the_location_out_unless_asked(tmp_path: Path) -> None:
    image, source = load_image(ODD / "with_exif_gps.jpg")
    out = export_image(image, tmp_path / "grandma.jpg", source=source, provenance=PROVENANCE)
    with Image.open(out) as saved:
        exif = saved.getexif()
    assert not exif.get_ifd(IFD_GPS), "where the phone was must not leave by default"
    assert exif.get_ifd(IFD_EXIF).get(TAG_DATE_TAKEN)  # the date is kept


def test_export_without_metadata_drops_gps_and_date(tmp_path: Path) -> None:
    image, source = load_image(ODD / "with_exif_gps.jpg")
    out = export_image(image, tmp_path / "private.jpg", source=source, keep_metadata=False)
    exif = Image.open(out).getexif()
    assert not exif.get_ifd(IFD_GPS)
    assert TAG_DATE_TAKEN not in exif.get_ifd(IFD_EXIF)
    assert TAG_MAKE not in exif
    assert exif[TAG_SOFTWARE].startswith("LuxCanvas ")


def test_export_never_overwrites_an_existing_file(tmp_path: Path) -> None:
    existing = tmp_path / "grandma.restored-restore.png"
    existing.write_bytes(b"the user's earlier export")
    image = Image.new("RGB", (8, 6), "white")
    first = export_image(image, existing)
    second = export_image(image, existing)
    assert first.name == "grandma.restored-restore (2).png"
    assert second.name == "grandma.restored-restore (3).png"
    assert existing.read_bytes() == b"the user's earlier export"
    assert export_image(image, existing, overwrite=True) == existing
    assert Image.open(existing).size == (8, 6)


def test_failed_export_leaves_no_partial_file(tmp_path: Path, monkeypatch) -> None:
    def broken_save(self, fp, *args, **kwargs):
        fp.write(b"half an image")
        raise OSError("disk full")

    monkeypatch.setattr(Image.Image, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        export_image(Image.new("RGB", (8, 6)), tmp_path / "out.jpg")
    assert list(tmp_path.iterdir()) == []


def test_originals_are_never_modified(tmp_path: Path) -> None:
    names = ["rotated_exif6.jpg", "with_exif_gps.jpg", "cmyk.jpg", "rgba.png", "iphone.heic"]
    copies = [shutil.copy(ODD / name, tmp_path / name) for name in names]
    before = {Path(c): sha256(Path(c)) for c in copies}
    for copy in before:
        image, source = load_image(copy)
        prepare_payload((image, source), PREVIEW)
        export_image(image, copy, fmt="png", source=source)  # onto the original's own name
        export_image(image, default_output_name(copy, "restore"), source=source)
    assert {path: sha256(path) for path in before} == before


def test_output_names() -> None:
    assert default_output_name("/photos/grandma.jpg", "restore") == Path(
        "/photos/grandma.restored-restore.png"
    )
    assert default_output_name("grandma.jpg", "reshoot-4.5", "jpeg").name == (
        "grandma.restored-reshoot-4.5.jpg"
    )


def test_unique_path(tmp_path: Path) -> None:
    target = tmp_path / "name.png"
    assert unique_path(target) == target
    target.touch()
    assert unique_path(target).name == "name (2).png"
    (tmp_path / "name (2).png").touch()
    assert unique_path(target).name == "name (3).png"


def test_source_info_is_frozen() -> None:
    info = probe(ODD / "photo.bmp")
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.width = 1  # type: ignore[misc]


def _jpeg_bytes(size=(640, 480)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 90, 60)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def test_open_result_defers_decoding_and_verify_catches_a_truncated_result():
    whole = _jpeg_bytes()
    opened = imaging.open_result(whole)
    assert opened.size == (640, 480)
    imaging.verify_result(whole)  # whole data: fine
    assert opened.size == (640, 480), "verifying must not shrink the opened image"
    with pytest.raises(GatewayError, match="cannot be read"):
        imaging.verify_result(whole[: len(whole) // 2])


def test_open_result_decodes_at_once_what_needs_converting():
    buffer = io.BytesIO()
    Image.new("RGBA", (40, 30), (10, 20, 30, 128)).save(buffer, "PNG")
    image = imaging.open_result(buffer.getvalue())
    assert image.mode == "RGB" and image.size == (40, 30)
    with pytest.raises(GatewayError):
        imaging.open_result(b"<!DOCTYPE html><html>524</html>")


def test_probing_a_png_reads_its_header_only(tmp_path, monkeypatch) -> None:
    """Pillow's PNG getexif decodes every pixel looking for EXIF after them: a probe of a
    large scan took seconds. The orientation in a PNG's header is still read."""
    from PIL import Image, PngImagePlugin

    from luxcanvas.imaging import probe

    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "turned.png"
    Image.new("RGB", (40, 30), (90, 60, 30)).save(path, exif=exif)

    decoded: list[str] = []
    real_load = PngImagePlugin.PngImageFile.load

    def counting_load(self):  # type: ignore[no-untyped-def]
        decoded.append(self.filename)
        return real_load(self)

    plain = tmp_path / "plain.png"  # no EXIF at all: Pillow would decode to look for it
    Image.new("RGB", (40, 30), (90, 60, 30)).save(plain)
    monkeypatch.setattr(PngImagePlugin.PngImageFile, "load", counting_load)
    info = probe(path)
    assert (info.orientation, info.width, info.height) == (6, 30, 40)
    assert probe(plain).orientation == 1
    assert decoded == []
