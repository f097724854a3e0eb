"""Finding and cutting prints on generated flatbed scans (tests/scanbed_gen.py)."""

from __future__ import annotations

import pytest

from luxcanvas.imaging.scanbed import crop_print, find_prints
from tests.scanbed_gen import angle_error, match, render_scan, tightness


@pytest.mark.parametrize(
    "seed",
    [
        101,
        102,  # a white-bordered print on a white lid, seen only by its edge shadow
        103,
        104,
        105,
        106,
    ],
)
def test_every_print_found_within_one_degree_and_cropped_tightly(seed: int) -> None:
    scan, layout = render_scan(seed, dpi=150)
    found = find_prints(scan)
    assert len(found.prints) == len(layout.prints)
    matched = match([list(p.corners) for p in found.prints], layout)
    assert None not in matched
    for truth, index in zip(layout.prints, matched, strict=True):
        assert index is not None
        got = found.prints[index]
        assert angle_error(got.angle, truth.angle) <= 1.0
        bed_left, cut = tightness(list(got.corners), truth.corners, scan.size)
        assert bed_left < 0.01, "bed left inside the crop"
        assert cut < 0.05, "print cut off"


def test_white_border_on_white_lid_is_found_by_its_edge_shadow() -> None:
    scan, layout = render_scan(7, count=3, dpi=150, bed="white", borders="all")
    found = find_prints(scan)
    assert len(found.prints) == 3
    assert None not in match([list(p.corners) for p in found.prints], layout)


def test_empty_bed_has_no_prints() -> None:
    scan, _ = render_scan(8, count=0, dpi=150)
    found = find_prints(scan)
    assert found.prints == ()
    assert not found.offers_split


def test_crop_is_upright_and_print_sized() -> None:
    scan, _ = render_scan(9, count=2, dpi=150)
    found = find_prints(scan)
    assert found.offers_split
    for p in found.prints:
        out = crop_print(scan, p)
        assert out.size == p.size
        assert out.mode == "RGB"


@pytest.mark.parametrize("size", [(1, 1), (15, 15), (63, 400), (400, 63)])
def test_a_tiny_image_holds_no_prints(size: tuple[int, int]) -> None:
    from PIL import Image

    found = find_prints(Image.new("RGB", size, (200, 120, 60)))
    assert found.prints == () and not found.offers_split


def test_a_dragged_bottom_right_corner_changes_the_prints_size() -> None:
    from luxcanvas.imaging.scanbed import FoundPrint

    square = FoundPrint(((10.0, 10.0), (110.0, 10.0), (110.0, 60.0), (10.0, 60.0)), 0.0)
    assert square.size == (100, 50)
    dragged = square.with_corners([(10, 10), (110, 10), (150, 100), (10, 60)])
    width, height = dragged.size
    assert (
        width > 100 and height > 50
    )  # the cut follows the new outline, not stretched into the old size
