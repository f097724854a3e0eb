"""The fidelity measurement on small synthetic pairs: legitimate changes read faithful, a
blurred-out area reads lost where it is, a pasted patch invented."""

from __future__ import annotations

import io
import warnings
import zlib

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter

from luxcanvas.domain.fidelity import RegionKind, Verdict
from luxcanvas.imaging.fidelity import measure
from luxcanvas.imaging.fidelity_maps import box_mean
from tests.fidelity_cases import best_iou


def _photo(seed: int = 3) -> Image.Image:
    rng = np.random.default_rng(seed)
    small = rng.uniform(0, 255, (40, 40)).astype(np.uint8)
    base = Image.fromarray(small).resize((320, 320), Image.Resampling.BICUBIC)
    fine = rng.normal(0, 25, (320, 320))
    arr = np.clip(np.asarray(base, np.float32) + fine, 0, 255).astype(np.uint8)
    return Image.fromarray(arr).filter(ImageFilter.GaussianBlur(0.7)).convert("RGB")


def test_tone_change_reads_faithful() -> None:
    photo = _photo()
    fid = measure(photo, ImageEnhance.Contrast(photo).enhance(1.3)).fidelity
    assert fid.verdict is Verdict.FAITHFUL
    assert not fid.regions


def test_blurred_area_reads_lost_where_it_is() -> None:
    photo = _photo()
    box = (100, 120, 90, 90)
    x, y, w, h = box
    result = photo.copy()
    result.paste(photo.crop((x, y, x + w, y + h)).filter(ImageFilter.GaussianBlur(9)), (x, y))
    fid = measure(photo, result).fidelity
    assert fid.verdict is Verdict.CHECK
    boxes = [(r.x, r.y, r.w, r.h) for r in fid.regions]
    assert best_iou(box, boxes) > 0.4
    main = max(fid.regions, key=lambda r: r.w * r.h)
    assert main.kind is RegionKind.LOST


def test_pasted_patch_reads_invented() -> None:
    photo, donor = _photo(3), _photo(8)
    box = (60, 60, 100, 100)
    result = photo.copy()
    result.paste(donor.crop((0, 0, 100, 100)), (60, 60))
    fid = measure(photo, result).fidelity
    assert fid.verdict is not Verdict.FAITHFUL
    main = max(fid.regions, key=lambda r: best_iou(box, [(r.x, r.y, r.w, r.h)]))
    assert main.kind is RegionKind.INVENTED


@pytest.mark.parametrize(("seed", "flat"), [(2, 30), (3, 30), (15, 255), (16, 255)])
def test_a_half_flat_picture_is_measured_without_numpy_warnings(seed: int, flat: int):
    # Texture on the left, one flat tone on the right: running sums over the flat half can
    # dip a rounding error below zero, and its square root printed "invalid value
    # encountered in sqrt" to the user's terminal (these seeds did, before the fix).
    rng = np.random.default_rng(seed)
    pixels = np.full((400, 640), flat, np.uint8)
    pixels[:, :320] = rng.integers(0, 256, (400, 320))
    photo = Image.fromarray(pixels).convert("RGB")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fid = measure(photo, photo.copy()).fidelity
    assert fid.verdict is Verdict.FAITHFUL


def test_stronger_edges_a_pixel_off_read_faithful() -> None:
    # What a restoring model does to a faded print: firmer contrast, crisper edges, and its
    # answer lands a pixel off. None of it is new content.
    photo = _photo(5)
    crisp = ImageEnhance.Contrast(photo).enhance(1.25).filter(ImageFilter.UnsharpMask(2, 120, 2))
    result = Image.new("RGB", photo.size)
    result.paste(crisp.crop((1, 0, photo.width, photo.height)), (0, 0))
    fid = measure(photo, result).fidelity
    assert fid.verdict is Verdict.FAITHFUL, fid.regions


@pytest.mark.parametrize("shade", [0, 255])
def test_a_large_speck_the_result_removed_from_texture_reads_faithful(shade: int) -> None:
    # A dust speck of 7 pixels across on busy texture, gone in the result: repaired damage,
    # not lost detail.
    clean = _photo(7)
    damaged = clean.copy()
    ImageDraw.Draw(damaged).ellipse((150, 150, 156, 156), fill=(shade, shade, shade))
    fid = measure(damaged, clean).fidelity
    assert fid.verdict is Verdict.FAITHFUL, fid.regions


@pytest.mark.parametrize("seed", [zlib.crc32(b"chelsea"), 8, 3])
def test_an_aged_print_repaired_perfectly_reads_faithful(fixtures, seed: int) -> None:
    # bench/damage.py's aged print of the cat against its clean reference. The first seed
    # (the one tests/fidelity_cases.py gives it: dye fade, vignetting, cracks, grain) reads
    # "lost" unless the slow brightness field is put right before the tone curve
    # (FLAT_FIELD = 0 fails it); the second (a colour cast, cracks and dust on grainy ground)
    # unless a crack is filled from the mean of what is around it rather than from the
    # grain's envelope (SPECK_FILL_RADIUS = 0); the third (a dim, broken dark crack across the
    # fur, which the damage detector does not take) unless thin_repairs sees that the result
    # took it out (THIN_K = 1e9 turns that off).
    from bench.damage import damage
    from luxcanvas.app.compare import compare_images

    with Image.open(fixtures / "photos" / "chelsea.png") as im:
        photo = np.asarray(im.convert("RGB"))
    aged = damage(photo, seed, 1.0)
    fid = compare_images(Image.fromarray(aged.damaged), Image.fromarray(aged.reference)).fidelity
    assert fid.verdict is Verdict.FAITHFUL, fid.regions


def _line_on_grain() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(5)
    ground = (0.6 + rng.normal(0, 0.01, (160, 200))).astype(np.float32)
    original = ground.copy()
    original[78:80, 20:180] = 0.2  # a dark crack two pixels wide
    return ground, original


def test_a_thin_line_the_result_took_out_is_repair_but_a_smear_of_it_is_not() -> None:
    from luxcanvas.imaging.fidelity_maps import blur, thin_repairs

    ground, original = _line_on_grain()
    line = (slice(78, 80), slice(30, 170))
    # Repaired: the result is the ground; the line then counts as agreeing with it.
    assert np.allclose(thin_repairs(original, ground)[line], ground[line])
    # Blurred: the line's ink is spread over its surround; that is lost detail, not repair
    # (passes only with the ring test: RING_SHARE = 1e9 fails it).
    smeared = blur(original, 3)
    assert np.allclose(thin_repairs(original, smeared)[line], original[line])


def _different_pairs(fixtures):
    """(first, second, original, result): two pairs of different photos, as lightness planes
    of 320x240 through the median, the first brought to the second's tone."""
    from luxcanvas.imaging.fidelity_maps import match_tone, median3

    def plane(name: str) -> np.ndarray:
        with Image.open(fixtures / "photos" / name) as im:
            small = im.convert("L").resize((320, 240), Image.Resampling.BOX)
        return median3(np.asarray(small, np.float32) / 255)

    for first, second in (("chelsea.png", "coffee.png"), ("astronaut.png", "rocket.png")):
        result = plane(second)
        yield first, second, match_tone(plane(first), result, np.ones(result.shape, bool)), result


def test_a_different_photo_is_not_taken_for_thin_repairs(fixtures) -> None:
    # Another photograph lacks the original's thin features everywhere; only where the
    # picture around is the same, and its ring kept still, is a missing line repair
    # (THIN_KEPT = -1e9 or RING_SHARE = 1e9 fails this).
    from luxcanvas.imaging.fidelity_maps import thin_repairs

    for first, second, original, result in _different_pairs(fixtures):
        excused = np.abs(thin_repairs(original, result) - original) > 1e-6
        assert excused.mean() < 0.025, (first, second, excused.mean())


def _dusty(photo: Image.Image, seed: int, count: int = 14) -> Image.Image:
    """``photo`` with soft-edged dust blobs 7 to 18 pixels across, dark and light."""
    rng = np.random.default_rng(seed)
    cover, ink = Image.new("L", photo.size, 0), Image.new("L", photo.size, 0)
    for _ in range(count):
        r = rng.uniform(5, 9)
        x, y = rng.uniform(r, photo.width - r), rng.uniform(r, photo.height - r)
        rx, ry = r * rng.uniform(0.7, 1.0), r * rng.uniform(0.7, 1.0)
        ImageDraw.Draw(cover).ellipse((x - rx, y - ry, x + rx, y + ry), fill=255)
        shade = int(rng.choice([20, 235]))
        ImageDraw.Draw(ink).ellipse((x - rx, y - ry, x + rx, y + ry), fill=shade)
    alpha = np.asarray(cover.filter(ImageFilter.GaussianBlur(1.2)), np.float32)[..., None] / 255
    shade = np.asarray(ink.filter(ImageFilter.MaxFilter(3)), np.float32)[..., None]
    mixed = np.asarray(photo, np.float32) * (1 - alpha) + shade * alpha
    return Image.fromarray(mixed.clip(0, 255).astype(np.uint8))


@pytest.mark.parametrize(
    ("name", "seed"), [("chelsea.png", 1), ("chelsea.png", 2), ("coffee.png", 1)]
)
def test_dust_blobs_the_result_took_out_read_faithful(fixtures, name: str, seed: int) -> None:
    # Blobs too wide for the speck filter and too round for thin_repairs, on fur and on a
    # cup: each reads as lost or invented detail unless dust_repairs sees that only the blob
    # changed (DUST_K = 1e9 fails all three).
    from luxcanvas.app.compare import compare_images

    with Image.open(fixtures / "photos" / name) as im:
        clean = im.convert("RGB")
    fid = compare_images(_dusty(clean, seed), clean).fidelity
    assert fid.verdict is Verdict.FAITHFUL, fid.regions


def test_a_different_photo_is_not_taken_for_dust_repairs(fixtures) -> None:
    # Another photograph differs everywhere: the bar (from the difference's own spread) is
    # high and no blob's ring is quiet (DUST_K = 0 with DUST_RING_SAME = DUST_RING_HOT = 1e9
    # fails this).
    from luxcanvas.imaging.fidelity_maps import dust_repairs

    for first, second, original, result in _different_pairs(fixtures):
        excused = np.abs(dust_repairs(original, result) - original) > 1e-6
        assert excused.mean() < 0.01, (first, second, excused.mean())


def test_box_mean_is_the_mean_over_the_edge_replicated_window():
    rng = np.random.default_rng(4)
    for shape, radius in (((17, 29), 1), ((17, 29), 3), ((5, 40), 8), ((3, 3), 6)):
        plane = rng.random(shape).astype(np.float32)
        padded = np.pad(plane, radius, mode="edge")
        size = 2 * radius + 1
        expected = np.array(
            [
                [padded[y : y + size, x : x + size].mean() for x in range(shape[1])]
                for y in range(shape[0])
            ]
        )
        got = box_mean(plane, radius)
        assert got.dtype == np.float32 and got.shape == shape
        np.testing.assert_allclose(got, expected, atol=1e-6)


@pytest.mark.xfail(
    strict=True,
    reason="known limitation: a blur over a brick wall takes out its mortar lines, which "
    "repaired_original reads as thin damage repaired (they stand out from the bricks as "
    "scratches do) while the bricks between keep their tone, so only a sliver of the area is "
    "reported (without repaired_original the whole box is)",
)
def test_a_blurred_patch_of_brick_wall_reads_not_faithful() -> None:
    data = pytest.importorskip("skimage.data", reason="scikit-image (a dev dependency) is absent")
    photo = Image.fromarray(data.brick()).convert("RGB")
    x, y, side = 81, 171, 144
    region = photo.crop((x, y, x + side, y + side)).filter(ImageFilter.GaussianBlur(14))
    result = photo.copy()
    result.paste(region, (x, y))
    fid = measure(photo, result).fidelity
    assert fid.verdict is not Verdict.FAITHFUL
    assert best_iou((x, y, side, side), [(r.x, r.y, r.w, r.h) for r in fid.regions]) >= 0.3


def _faded_print(photo: Image.Image, seed: int) -> Image.Image:
    """``photo`` as a strongly faded print: 45 grey levels of range, darker corners, grain and
    JPEG. Its restoration stretches the grain more than five times."""
    arr = np.asarray(photo, np.float32)
    h, w = arr.shape[:2]
    yy, xx = np.mgrid[:h, :w]
    corner = ((yy - h / 2) ** 2 + (xx - w / 2) ** 2) / ((h / 2) ** 2 + (w / 2) ** 2)
    faded = (105 + arr * (45 / 255)) * (1 - 0.25 * corner)[..., None]
    grain = np.random.default_rng(seed).normal(0, 5.0, (h, w))[..., None]
    aged = Image.fromarray(np.clip(faded + grain, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    aged.save(buffer, "JPEG", quality=85)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def _fixture(fixtures, name: str) -> Image.Image:
    photo = Image.open(fixtures / "photos" / f"{name}.png").convert("RGB")
    photo.thumbnail((640, 640))
    return photo


@pytest.mark.parametrize("name", ["chelsea", "astronaut", "camera"])
def test_a_faded_grainy_print_restored_reads_faithful(fixtures, name: str) -> None:
    """The grain a stretched tone curve magnified is what a restoration's denoising removes."""
    clean = _fixture(fixtures, name)
    for seed in (1, 2):
        fid = measure(_faded_print(clean, seed), clean).fidelity
        assert fid.verdict is Verdict.FAITHFUL, (name, seed, fid.score)


@pytest.mark.parametrize(
    ("name", "box"), [("chelsea", (150, 60, 120, 120)), ("astronaut", (200, 60, 140, 140))]
)
def test_a_blur_on_a_faded_grainy_print_is_still_found(fixtures, name: str, box) -> None:
    """... but no licence to blur: the detail lost there stands out above the magnified grain."""
    clean = _fixture(fixtures, name)
    x, y, w, h = box
    result = clean.copy()
    result.paste(clean.crop((x, y, x + w, y + h)).filter(ImageFilter.GaussianBlur(12)), (x, y))
    fid = measure(_faded_print(clean, 1), result).fidelity
    assert fid.verdict is not Verdict.FAITHFUL
    assert best_iou(box, [(r.x, r.y, r.w, r.h) for r in fid.regions]) >= 0.5
