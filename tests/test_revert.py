"""Putting the original back (app/revert.py): tone-matched and feathered inside the mask, the
result's own pixels outside, different sizes and small shifts handled, and recorded as a new
free version that is exportable like any other."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from luxcanvas.app.revert import (
    KEEP_ORIGINAL,
    feather_width,
    is_edit,
    keep_original,
    regions_mask,
    revert_region,
)
from luxcanvas.domain.fidelity import Region, RegionKind
from luxcanvas.store.library import DONE, Library

BOX = (180, 200, 110, 90)  # x, y, w, h of the invented patch, in the original's pixels


def _restored_look(image: Image.Image) -> Image.Image:
    """What a restoration legitimately does to the tones: brighter, warmer, more contrast."""
    arr = np.asarray(image.convert("RGB"), dtype=np.float32)
    arr = (arr - 128.0) * 1.15 + 128.0 + np.array([14.0, 6.0, -10.0])
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")


def _with_patch(result: Image.Image, donor: Image.Image, box: tuple[int, int, int, int]):
    """``result`` with other content pasted into ``box`` (given in the result's pixels)."""
    x, y, w, h = box
    out = result.copy()
    out.paste(donor.convert("RGB").resize((w, h)), (x, y))
    return out


def _scaled_box(box, scale: float) -> tuple[int, int, int, int]:
    return tuple(round(v * scale) for v in box)  # type: ignore[return-value]


def _mad(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a.astype(np.float32) - b.astype(np.float32)).mean())


def _inner(box, shrink: int) -> tuple[slice, slice]:
    x, y, w, h = box
    return slice(y + shrink, y + h - shrink), slice(x + shrink, x + w - shrink)


def _outside(shape, box, grow: int) -> np.ndarray:
    x, y, w, h = box
    keep = np.ones(shape[:2], dtype=bool)
    keep[max(0, y - grow) : y + h + grow, max(0, x - grow) : x + w + grow] = False
    return keep


@pytest.fixture
def photos(fixtures: Path) -> tuple[Image.Image, Image.Image]:
    original = Image.open(fixtures / "photos" / "astronaut.png").convert("RGB")
    donor = Image.open(fixtures / "photos" / "coffee.png").convert("RGB")
    return original, donor


@pytest.mark.parametrize("scale", [1.0, 1.5, 0.75])
def test_revert_brings_the_original_back_tone_matched_and_leaves_the_rest(photos, scale):
    original, donor = photos
    size = (round(original.width * scale), round(original.height * scale))
    faithful = _restored_look(original).resize(size, Image.Resampling.BICUBIC)
    box = _scaled_box(BOX, scale)
    result = _with_patch(faithful, donor, box)
    region = Region(*BOX, kind=RegionKind.INVENTED)

    out = revert_region(original, result, regions_mask([region], original.size))

    assert out.size == result.size and out.mode == "RGB"
    got, want, had = (np.asarray(im) for im in (out, faithful, result))
    inner = _inner(box, shrink=round(6 * scale))
    # Inside: the original's content in the result's tones (what the result should have been).
    assert _mad(got[inner], want[inner]) < 6.0
    assert _mad(had[inner], want[inner]) > 30.0  # the patch really was different
    # Outside the region and its feather: the result's own pixels, exactly.
    pad = round(BOX[2] * 0.08 * scale) + int(3 * feather_width(size)) + 2
    outside = _outside(got.shape, box, pad)
    assert np.array_equal(got[outside], had[outside])


def test_revert_follows_a_small_shift_of_the_result(photos):
    original, donor = photos
    shift = (5, -4)  # the model moved the picture 5 px right and 4 px up
    shifted = Image.new("RGB", original.size)
    shifted.paste(_restored_look(original), shift)
    result = _with_patch(shifted, donor, BOX)
    moved_box = (BOX[0] + shift[0], BOX[1] + shift[1], BOX[2], BOX[3])
    mask = regions_mask([Region(*moved_box, kind=RegionKind.INVENTED)], original.size)

    out = np.asarray(revert_region(original, result, mask))

    inner = _inner(moved_box, shrink=8)
    assert _mad(out[inner], np.asarray(shifted)[inner]) < 7.0


def test_a_painted_soft_mask_is_feathered_and_an_empty_mask_changes_nothing(photos):
    original, donor = photos
    faithful = _restored_look(original)
    result = _with_patch(faithful, donor, BOX)
    # A brush stroke: a soft-edged disc over the patch, at a quarter of the resolution.
    yy, xx = np.mgrid[0:128, 0:128]
    cx, cy = (BOX[0] + BOX[2] / 2) / 4, (BOX[1] + BOX[3] / 2) / 4
    disc = np.clip(24 - np.hypot(xx - cx, yy - cy), 0, 1) * 255
    out = np.asarray(revert_region(original, result, disc.astype(np.uint8)))

    centre = (slice(int(cy * 4) - 20, int(cy * 4) + 20), slice(int(cx * 4) - 20, int(cx * 4) + 20))
    assert _mad(out[centre], np.asarray(faithful)[centre]) < 6.0
    # The edge is a blend, not a cut: the result shows through more and more across it.
    dist = np.hypot(*(np.mgrid[0:512, 0:512] - np.array([cy * 4, cx * 4])[:, None, None]))
    change = np.abs(out.astype(np.float32) - np.asarray(result, dtype=np.float32)).mean(axis=2)

    def across(r0: float, r1: float) -> float:
        return float(change[(dist >= r0) & (dist < r1)].mean())

    inside, edge, beyond = across(0, 80), across(92, 100), across(130, 1000)
    assert inside > edge > beyond == 0.0
    untouched = revert_region(original, result, np.zeros((10, 10), np.float32))
    assert np.array_equal(np.asarray(untouched), np.asarray(result))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_keep_original_records_a_new_free_version_and_overwrites_nothing(photos, tmp_path):
    from luxcanvas.app.export import ExportRequest, export_version

    original, donor = photos
    input_path = tmp_path / "photo.png"
    original.save(input_path)
    source_path = tmp_path / "result.png"
    _with_patch(_restored_look(original), donor, BOX).save(source_path)
    library = Library()
    source_id = library.start_job(
        input_path=str(input_path), strategy="restore", model="m", input_digest="d1"
    )
    library.finish_job(
        source_id,
        status=DONE,
        cost_usd=0.05,
        result_path=str(source_path),
        width=512,
        height=512,
        ledger_amount=0.05,
    )
    before = (library.spent(), library.paid_calls(), _digest(input_path), _digest(source_path))
    mask = regions_mask([Region(*BOX, kind=RegionKind.INVENTED)], original.size)

    record = keep_original(library, source_id, input_path, mask, kind="regions", regions=1)

    after = (library.spent(), library.paid_calls(), _digest(input_path), _digest(source_path))
    assert after == before  # nothing paid; neither the original nor the source was touched
    assert record.status == DONE and record.cost_usd == 0 and is_edit(record)
    assert record.strategy == KEEP_ORIGINAL and record.input_digest == "d1"
    assert record.options["source"] == source_id and record.options["source_strategy"] == "restore"
    assert record.options["edit"] == "regions" and record.options["regions"] == 1
    assert Path(record.result_path).is_file() and record.result_path != str(source_path)
    versions = library.jobs(input_digest="d1")
    assert [v.id for v in versions] == [record.id, source_id]  # newest first
    # Exportable like any version.
    request = ExportRequest(
        Path(record.result_path),
        input_path,
        tmp_path / "out.jpg",
        "jpeg",
        90,
        True,
        record.strategy,
        record.model,
    )
    written = export_version(request)
    with Image.open(written) as exported:
        assert exported.size == (record.width, record.height)
