"""The offline ``local`` pipeline: each stage pinned on small synthetic images."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from luxcanvas.domain.errors import Cancelled, UsageError
from luxcanvas.local import STAGES, LocalOptions, ops, restore
from luxcanvas.local.analyse import estimate_block_noise, grain_spectrum
from luxcanvas.local.color import analyse_colour, repair_colour
from luxcanvas.local.denoise import denoise_blocks
from luxcanvas.local.detect import detect_defects
from luxcanvas.local.inpaint import inpaint_defects
from luxcanvas.local.shading import estimate_falloff, flatten_shading
from luxcanvas.local.tone import grain_boost, repair_fade


def smooth_photo(size: int = 256, seed: int = 0) -> np.ndarray:
    """A smooth, photo-like RGB image: soft blobs, moderate colour, deep blacks to near white."""
    rng = np.random.default_rng(seed)
    light = rng.normal(size=(size // 16, size // 16)).astype(np.float32)
    tint = rng.normal(size=(size // 32, size // 32, 3)).astype(np.float32)
    light = ops.gaussian_blur(ops.resize(light, (size, size), "cubic"), 6)
    tint = np.stack(
        [ops.gaussian_blur(ops.resize(tint[..., c], (size, size), "cubic"), 8) for c in range(3)],
        axis=-1,
    )
    lo, hi = np.percentile(light, [0.5, 99.5])
    light = np.clip((light - lo) / (hi - lo), 0, 1) * 240 + 6
    tint = tint / np.abs(tint).max() * 40
    return np.clip(light[..., None] + tint - tint.mean(axis=2, keepdims=True), 0, 255).astype(
        np.uint8
    )


def grey_photo(size: int = 256) -> np.ndarray:
    return ops.grey_rgb(ops.gray(smooth_photo(size)))


def draw(img: np.ndarray, shape: str, xy, fill, width: int = 1) -> None:
    """Draw on an RGB or single-channel uint8 array in place (Pillow's ImageDraw)."""
    canvas = Image.fromarray(img)
    getattr(ImageDraw.Draw(canvas), shape)(xy, fill=fill, width=width)
    img[...] = np.asarray(canvas)


def gray(img: np.ndarray) -> np.ndarray:
    return ops.gray(img).astype(np.float32)


def with_scratch(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Draw a long, slightly slanted 1-px white scratch; return image and its footprint."""
    out = rgb.copy()
    h, w = out.shape[:2]
    draw(out, "line", [(w // 3, 0), (w // 3 + 12, h - 1)], (250, 250, 250))
    footprint = np.zeros((h, w), np.uint8)
    draw(footprint, "line", [(w // 3, 0), (w // 3 + 12, h - 1)], 255)
    return out, footprint > 0


def test_drawn_scratch_is_masked_and_inpainted():
    clean = grey_photo()
    damaged, footprint = with_scratch(clean)
    mask = detect_defects(damaged, noise_sigma=1.0)
    assert (mask[footprint] > 0).mean() > 0.9
    assert (mask > 0).mean() < 0.05  # the mask is the scratch, not the photo
    repaired = inpaint_defects(damaged, mask)
    err_before = np.abs(damaged[footprint].astype(int) - clean[footprint]).mean()
    err_after = np.abs(repaired[footprint].astype(int) - clean[footprint]).mean()
    assert err_before > 40
    assert err_after < 8
    assert np.array_equal(repaired[mask == 0], damaged[mask == 0])


@pytest.mark.parametrize("direction", ["vertical", "horizontal"])
def test_a_scratch_along_the_pictures_edges_is_masked(direction: str):
    """Film scratches run along the film: exactly vertical (or, turned, horizontal) lines
    fill their bounding box, which once made them read as texture and stay."""
    clean = grey_photo()
    damaged = clean.copy()
    h, w = damaged.shape[:2]
    line = (
        [(w // 3, 0), (w // 3, h - 1)]
        if direction == "vertical"
        else [(0, h // 3), (w - 1, h // 3)]
    )
    draw(damaged, "line", line, (250, 250, 250), width=2)
    footprint = np.zeros((h, w), np.uint8)
    draw(footprint, "line", line, 255, width=2)
    mask = detect_defects(damaged, noise_sigma=1.0)
    assert (mask[footprint > 0] > 0).mean() > 0.9
    assert (mask > 0).mean() < 0.05


def test_crease_crossing_scratches_is_masked_with_them():
    clean = grey_photo()
    damaged = clean.copy()
    footprint = np.zeros(clean.shape[:2], np.uint8)
    for x in (70, 170):  # two near-vertical scratches ...
        draw(damaged, "line", [(x, 0), (x + 6, 255)], (252, 252, 252))
        draw(footprint, "line", [(x, 0), (x + 6, 255)], 255)
    # ... crossed by a wide diagonal crease: together they form one connected blob.
    draw(damaged, "line", [(20, 20), (240, 200)], (252, 252, 252), width=4)
    draw(footprint, "line", [(20, 20), (240, 200)], 255, width=4)
    mask = detect_defects(damaged, noise_sigma=1.0)
    assert (mask[footprint > 0] > 0).mean() > 0.9
    assert (mask > 0).mean() < 0.12


def test_thin_line_in_the_photos_own_tones_is_kept():
    # A tripod leg or a wire: long, straight and thin, but no brighter than the photo's
    # highlights elsewhere, so it is scene content, not exposed paper.
    photo = grey_photo()
    level = int(np.percentile(gray(photo), 90))
    draw(photo, "line", [(40, 250), (120, 10)], (level, level, level), width=2)
    mask = detect_defects(photo, noise_sigma=1.0)
    assert (mask > 0).sum() == 0


def test_dust_specks_are_masked():
    damaged = grey_photo()
    centres = [(40, 50), (120, 200), (200, 90)]
    for x, y in centres:
        # Dust shows up where it contrasts: dark on light areas, bright on dark ones.
        ink = (0, 0, 0) if damaged[y, x, 0] > 128 else (255, 255, 255)
        draw(damaged, "ellipse", [(x - 2, y - 2), (x + 2, y + 2)], ink)
    mask = detect_defects(damaged, noise_sigma=1.0)
    for x, y in centres:
        assert mask[y, x] > 0


def test_a_handwritten_caption_is_kept_and_a_speck_beside_it_is_masked():
    # Letters are small dark blobs on smooth paper, like dust; they stand in rows.
    from PIL import ImageFont

    card = np.full((200, 420, 3), 235, np.uint8)
    canvas = Image.fromarray(card)
    font = ImageFont.load_default(size=14)
    ImageDraw.Draw(canvas).text((20, 40), "Aunt Rosa, Bilbao, summer 1952", (30, 30, 30), font)
    card = np.asarray(canvas).copy()
    text = gray(card) < 150
    draw(card, "ellipse", [(200, 140), (204, 144)], (20, 20, 20))
    mask = detect_defects(card, noise_sigma=1.0) > 0
    assert mask[142, 202], "a lone speck on the paper is dust"
    assert (mask & text).sum() <= 0.05 * text.sum(), "the caption is not dust"


def test_hair_like_curve_is_kept():
    photo = grey_photo()
    # A dark, curling strand and a few short strokes (lashes, text-like marks).
    t = np.linspace(0, 3 * np.pi, 200)
    pts = np.stack([128 + 30 * np.cos(t) * (1 - t / 12), 128 + 30 * np.sin(t) * (1 - t / 12)], 1)
    draw(photo, "line", [tuple(p) for p in pts.astype(int).tolist()], (15, 15, 15))
    for x in range(30, 90, 12):
        draw(photo, "line", [(x, 200), (x + 4, 215)], (20, 20, 20))
    mask = detect_defects(photo, noise_sigma=1.0)
    assert (mask > 0).sum() == 0


def test_grey_card_stays_grey():
    card = np.full((64, 64, 3), 128, np.uint8)
    out = restore(card)
    assert np.abs(out.astype(int) - 128).max() <= 2
    assert np.ptp(out.astype(int), axis=2).max() == 0


def test_monochrome_photo_stays_monochrome():
    grey = grey_photo()
    out = restore(grey)
    assert np.ptp(out.astype(int), axis=2).max() == 0


def sepia_print(grey: np.ndarray) -> np.ndarray:
    return np.clip(grey * np.array([1.07, 0.95, 0.75]) + [12, 4, -4], 0, 255).astype(np.uint8)


def hue_and_chroma(rgb: np.ndarray) -> tuple[float, float]:
    """Mean hue angle (degrees) and mean chroma of the mid-tones, in CIELAB."""
    lab = ops.rgb_to_lab(rgb).reshape(-1, 3)
    mid = (lab[:, 0] > 25) & (lab[:, 0] < 85)
    a, b = lab[mid, 1].mean(), lab[mid, 2].mean()
    return float(np.degrees(np.arctan2(b, a))), float(np.hypot(a, b))


def test_sepia_toned_print_keeps_its_tone_and_colour_photo_keeps_colour():
    sepia = sepia_print(grey_photo().astype(np.float32))
    assert analyse_colour(sepia).kind == "toned"
    assert np.array_equal(repair_colour(sepia), sepia)  # the tone is the print's, not damage

    colour = smooth_photo()
    assert analyse_colour(colour).kind == "colour"
    kept = repair_colour(colour)
    chroma = np.ptp(kept.astype(int), axis=2).mean()
    assert chroma > 0.8 * np.ptp(colour.astype(int), axis=2).mean()


def test_faded_grainy_sepia_print_keeps_its_tone():
    # Fade repair amplifies chroma together with grain; the toned/colour decision is taken on
    # the input, so a faded sepia print comes back sepia (not grey, not a colour photo).
    rng = np.random.default_rng(3)
    grey = grey_photo().astype(np.float32) * 0.6 + 45
    grain = ops.gaussian_blur(rng.normal(0, 4, grey.shape[:2]).astype(np.float32), 0.8)
    faded = sepia_print(grey + grain[..., None])
    out = restore(faded)
    hue_in, chroma_in = hue_and_chroma(faded)
    hue_out, chroma_out = hue_and_chroma(out)
    assert abs(hue_out - hue_in) < 8
    assert 0.7 * chroma_in < chroma_out < 2.0 * chroma_in
    lo, hi = np.percentile(gray(out), [0.5, 99.5])
    assert lo < 30 and hi - lo > 180  # the fade is repaired all the same


def test_yellowed_colour_photo_loses_its_cast():
    colour = smooth_photo().astype(np.float32)
    yellowed = np.clip(colour * [1.0, 0.97, 0.8] + [10, 8, -10], 0, 255).astype(np.uint8)
    fixed = repair_colour(yellowed)

    def b_star(img):
        return ops.rgb_to_lab(img)[..., 2].mean()

    assert b_star(fixed) < b_star(yellowed) - 3


def sky_and_shade_scene() -> np.ndarray:
    """A clean colour photo whose brightest tones are mostly blue sky (some white cloud) and
    whose darkest are mostly warm brown (some black): the scene's colours, not a cast."""
    rng = np.random.default_rng(11)
    h, w = 120, 160
    img = np.zeros((h, w, 3), np.float32)
    img[:] = np.linspace(60, 190, w, dtype=np.float32)[None, :, None]  # grey middle ground
    img[:20] = [200, 228, 255]  # blue sky ...
    img[:10, :20] = [236, 236, 236]  # ... and a small white cloud
    img[-20:] = [60, 38, 20]  # brown earth ...
    img[-10:, :20] = [12, 12, 12]  # ... and a small black rock
    img[40:80, 20:60] = [60, 150, 70]  # a green bush and a red door in the middle ground
    img[40:80, 100:130] = [170, 50, 40]
    img += rng.normal(0, 1.5, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def test_a_clean_photo_keeps_its_sky_and_shade_colours():
    scene = sky_and_shade_scene()
    info = analyse_colour(scene)
    assert info.kind == "colour"
    assert np.hypot(*info.highlight_cast) < 2.0 and np.hypot(*info.shadow_cast) < 2.0
    out = repair_colour(scene)
    assert np.abs(out.astype(int) - scene).mean() < 1.5
    # (A yellowed photo still loses its cast: test_yellowed_colour_photo_loses_its_cast.)


def test_highlights_and_shadows_leaning_apart_are_the_scenes_light_not_a_cast():
    # Warm lamplight on the brightest tones, blue shade in the darkest, nothing grey.
    scene = sky_and_shade_scene().astype(np.float32)
    scene[:20] = [250, 228, 190]
    scene[-20:] = [30, 40, 70]
    info = analyse_colour(np.clip(scene, 0, 255).astype(np.uint8))
    assert info.kind == "colour"
    assert np.hypot(*info.highlight_cast) < 1.0 and np.hypot(*info.shadow_cast) < 1.0


def test_faded_image_gets_its_range_back():
    photo = smooth_photo()
    faded = (photo.astype(np.float32) * 0.6 + 60).astype(np.uint8)  # blacks at ~67
    out = repair_fade(faded)
    lo, hi = np.percentile(gray(out), [0.5, 99.5])
    assert lo < 25
    assert hi - lo > 1.4 * np.ptp(np.percentile(gray(faded), [0.5, 99.5]))


def test_full_range_photo_is_not_touched_by_fade_repair():
    photo = smooth_photo()
    assert np.array_equal(repair_fade(photo), photo)


def radial_gain(h: int, w: int, k: float) -> np.ndarray:
    """The gain 1 - k r² (r = 1 in the corners) as an h x w x 1 float32 array."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    r2 = ((yy - (h - 1) / 2) ** 2 + (xx - (w - 1) / 2) ** 2) / (
        ((h - 1) / 2) ** 2 + ((w - 1) / 2) ** 2
    )
    return (1.0 - k * r2)[..., None]


def test_flat_card_with_radial_falloff_becomes_flat():
    rng = np.random.default_rng(3)
    card = np.full((240, 320, 3), 150.0, np.float32) + rng.normal(0, 3, (240, 320, 1))
    shaded = np.clip(card * radial_gain(240, 320, 0.25), 0, 255).astype(np.uint8)
    k = estimate_falloff(shaded)
    assert 0.18 <= k <= 0.32
    flat = ops.gaussian_blur(gray(flatten_shading(shaded, k)), 4)
    shaded_l = ops.gaussian_blur(gray(shaded), 4)
    assert np.ptp(flat[8:-8, 8:-8]) < 10 < np.ptp(shaded_l[8:-8, 8:-8])


def test_photo_without_falloff_measures_none_and_flatten_zero_is_identity():
    photo = smooth_photo(seed=1)
    assert estimate_falloff(photo) == 0.0
    assert flatten_shading(photo, 0.0) is photo


def test_faded_print_with_falloff_gets_even_blacks():
    # Black patches in the centre and in the corners of a faded, vignetted print: after the
    # fade repair they are equally dark and the blacks are deep.
    img = np.full((240, 320, 3), 200.0, np.float32)
    for y, x in [(0, 0), (0, 280), (200, 0), (200, 280), (100, 140)]:
        img[y : y + 40, x : x + 40] = 0.0
    rng = np.random.default_rng(4)
    img += rng.normal(0, 2, (240, 320, 1))
    faded = np.clip((img * 0.55 + 45) * radial_gain(240, 320, 0.25), 0, 255).astype(np.uint8)
    out = gray(repair_fade(faded))
    corner, centre = out[5:35, 5:35].mean(), out[105:135, 145:175].mean()
    assert abs(corner - centre) < 8
    assert centre < 30
    plain = gray(repair_fade(faded, shading=False))
    assert abs(plain[5:35, 5:35].mean() - plain[105:135, 145:175].mean()) > 15


def test_unfaded_photo_with_dark_corners_is_left_alone():
    # Natural dark corners (a strong vignette) on a photo with deep blacks: not a faded print.
    photo = np.clip(smooth_photo(seed=2) * radial_gain(256, 256, 0.4), 0, 255).astype(np.uint8)
    assert np.array_equal(repair_fade(photo), photo)


def clumped_grain_step(sigma: float = 6.0) -> tuple[np.ndarray, np.ndarray]:
    """A dark/bright step edge with low-frequency (clumped) grain; returns noisy RGB, clean."""
    rng = np.random.default_rng(2)
    step = np.full((128, 128), 70, np.float32)
    step[:, 64:] = 180
    grain = ops.gaussian_blur(rng.normal(0, 1, (128, 128)).astype(np.float32), 0.8)
    grain *= sigma / grain.std()
    noisy = np.clip(step + grain, 0, 255).astype(np.uint8)
    return ops.grey_rgb(noisy), step


def test_block_noise_estimate_sees_grain_and_not_smooth_shading():
    noisy, _ = clumped_grain_step()
    clean = grey_photo(128)
    grainy = estimate_block_noise(gray(noisy))
    smooth = estimate_block_noise(gray(clean))
    # Smooth shading leaves some low-frequency energy too, but far less than grain.
    assert grainy > 2 * smooth


def test_dct_grain_removal_keeps_the_edge():
    noisy, step = clumped_grain_step()
    sigma = estimate_block_noise(gray(noisy))
    out = denoise_blocks(noisy, 2 * sigma)[..., 1].astype(np.float32)
    flat = np.s_[:, 8:56]
    assert np.abs(out[flat] - step[flat]).mean() < 0.6 * np.abs(noisy[..., 1][flat] - 70.0).mean()
    profile = out[:, 60:68].mean(axis=0)
    assert profile[2] < 90 and profile[5] > 160


def test_dct_grain_removal_barely_touches_a_clean_photo():
    photo = smooth_photo()
    sigma = estimate_block_noise(gray(photo))
    diff = np.abs(denoise_blocks(photo, sigma).astype(int) - photo)
    assert diff.mean() < 1.0 and diff.max() <= 8
    assert np.array_equal(denoise_blocks(photo, 0.5), photo)  # below MIN_BLOCK_SIGMA


def test_block_noise_estimate_is_not_fooled_by_crushed_shadows():
    """Grain is clipped away in a black that a scan crushed to 0: those calm blocks say
    nothing about the grain elsewhere."""
    noisy, _ = clumped_grain_step()
    light = gray(noisy).astype(np.float32)
    crushed = light.copy()
    crushed[:, :32] = 0.0
    assert estimate_block_noise(crushed) > 0.8 * estimate_block_noise(light)


def test_grain_spectrum_is_strong_where_clumped_grain_is_and_faint_at_the_finest():
    noisy, _ = clumped_grain_step()
    spectrum = grain_spectrum(gray(noisy))
    order = np.add.outer(np.arange(8), np.arange(8))
    assert spectrum[order == 1].mean() > 1.5  # clumps: power at the lowest orders
    assert spectrum[order >= 10].mean() < 0.2  # blurred away at the finest ones
    assert np.array_equal(grain_spectrum(np.zeros((8, 8), np.float32)), np.ones((8, 8)))


def test_dct_grain_removal_spares_fine_texture_the_grain_does_not_reach():
    """Clumped grain all over, and a fine pattern (stone, fabric) on the right half: the
    grain goes, the pattern, finer than any grain clump, stays."""
    rng = np.random.default_rng(5)
    grain = ops.gaussian_blur(rng.normal(0, 1, (128, 128)).astype(np.float32), 1.0)
    grain *= 6.0 / grain.std()
    yy, xx = np.mgrid[0:128, 0:128]
    pattern = 12.0 * np.sign(np.sin(np.pi * xx / 1.5) * np.sin(np.pi * yy / 1.5))
    pattern[:, :64] = 0
    noisy = np.clip(128 + grain + pattern, 0, 255).astype(np.uint8)
    sigma = estimate_block_noise(gray(ops.grey_rgb(noisy)))
    out = denoise_blocks(ops.grey_rgb(noisy), 2 * sigma)[..., 1].astype(np.float32)
    left, right = np.s_[8:120, 8:56], np.s_[8:120, 72:120]
    assert np.abs(out[left] - 128).std() < 0.6 * grain[left].std()
    kept = np.mean((out[right] - out[right].mean()) * pattern[right]) / np.mean(pattern[right] ** 2)
    assert kept > 0.8


def test_grain_boost_only_for_clearly_lifted_blacks():
    assert grain_boost(4.0, 250.0) == 0.0  # healthy black
    assert grain_boost(20.0, 190.0) == 0.0  # dim photo, blacks not clearly lifted
    assert grain_boost(40.0, 190.0) == 1.0  # faded print


def test_progress_reports_every_stage_in_order():
    seen: list[tuple[str, float]] = []
    restore(smooth_photo(64), progress=lambda stage, frac: seen.append((stage, frac)))
    assert [s for s, _ in seen] == [*STAGES, "done"]
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0


@pytest.mark.parametrize("after", [0, 2, 4])
def test_cancel_between_stages_raises_cancelled(after: int):
    started: list[str] = []
    with pytest.raises(Cancelled):
        restore(
            smooth_photo(64),
            progress=lambda stage, _f: started.append(stage),
            cancelled=lambda: len(started) > after,
        )
    assert len(started) == after + 1  # nothing ran after the cancel was seen


def test_toggles_and_strength_change_behaviour():
    damaged, footprint = with_scratch(grey_photo())
    off = restore(damaged, LocalOptions(scratches=False, fade=False, denoise=False))
    on = restore(damaged, LocalOptions(fade=False, denoise=False))
    assert off[footprint].mean() > on[footprint].mean() + 40

    faded = (smooth_photo().astype(np.float32) * 0.6 + 50).astype(np.uint8)

    def span(image: np.ndarray) -> float:  # the tonal range, not a stray pixel's extreme
        low, high = np.percentile(gray(image), [1, 99])
        return float(high - low)

    spans = {
        s: span(restore(faded, LocalOptions(strength=s))) for s in ("gentle", "normal", "strong")
    }
    assert spans["gentle"] < spans["normal"] <= spans["strong"]
    assert not np.array_equal(
        restore(faded, LocalOptions(sharpen=True)), restore(faded, LocalOptions())
    )


def test_upscale_doubles_size():
    out = restore(smooth_photo(48), LocalOptions(upscale=True))
    assert out.shape == (96, 96, 3) and out.dtype == np.uint8


def test_options_from_dict_validates_and_round_trips():
    opts = LocalOptions.from_dict({"strength": "strong", "sharpen": True, "unknown": 1})
    assert opts == LocalOptions(strength="strong", sharpen=True)
    assert LocalOptions.from_dict(opts.to_dict()) == opts
    with pytest.raises(UsageError):
        LocalOptions.from_dict({"strength": "extreme"})
    with pytest.raises(UsageError):
        LocalOptions.from_dict({"denoise": "yes"})


def test_rejects_non_rgb_input():
    with pytest.raises(UsageError):
        restore(np.zeros((8, 8), np.uint8))


def test_morphology_near_the_border_stays_finite():
    # The two overlapping runs of a long line once both started outside the image near a
    # border and returned infinities (NaNs downstream in box means).
    rng = np.random.default_rng(0)
    plane = (rng.random((60, 80)) * 255).astype(np.float32)
    for radius in (2, 5, 8, 13):
        for out in (ops.closing(plane, radius), ops.opening(plane, radius)):
            assert np.isfinite(out).all()
        assert (ops.dilate(plane, radius) >= plane).all()
        assert (ops.erode(plane, radius) <= plane).all()


def branching_cracks(img: np.ndarray) -> np.ndarray:
    """Draw a wandering, branching network of 1-2 px paper-white cracks; return footprint."""
    rng = np.random.default_rng(5)
    h, w = img.shape[:2]
    footprint = np.zeros((h, w), np.uint8)
    queue = [((10.0, h * 0.3), 0.3, 1.2 * w, 2)]
    while queue:
        (x, y), angle, length, width = queue.pop()
        pts = [(x, y)]
        for _ in range(int(length / 4)):
            angle += rng.normal(0, 0.15)
            x, y = x + 4 * np.cos(angle), y + 4 * np.sin(angle)
            pts.append((x, y))
        draw(img, "line", pts, (246, 244, 238), width=width)
        draw(footprint, "line", pts, 255, width=width)
        if length > 60:
            for i in (len(pts) // 3, 2 * len(pts) // 3):
                queue.append((pts[i], angle + rng.choice([-1.0, 1.0]), length * 0.4, 1))
    return footprint > 0


def test_branching_white_crack_network_is_masked_and_repaired():
    clean = np.clip(smooth_photo(seed=4).astype(np.int16) - 15, 0, 255).astype(np.uint8)
    damaged = clean.copy()
    footprint = branching_cracks(damaged)
    mask = detect_defects(damaged, noise_sigma=1.0)
    assert (mask[footprint] > 0).mean() > 0.85
    assert (mask > 0).mean() < 4 * footprint.mean() + 0.01
    out = restore(damaged, LocalOptions(denoise=False, fade=False, color=False))
    err = np.abs(out[footprint].astype(int) - clean[footprint]).mean()
    assert err < 0.3 * np.abs(damaged[footprint].astype(int) - clean[footprint]).mean()


def test_dark_dust_specks_with_halos_are_removed():
    clean = np.full((200, 240, 3), 170, np.uint8)
    clean[:, 120:] = 120
    damaged = clean.copy()
    centres = [(30, 40), (90, 150), (160, 60), (200, 170), (60, 100)]
    for i, (x, y) in enumerate(centres):
        r = 2 + i  # 2..6 px: dust comes in many sizes
        draw(damaged, "ellipse", [(x - 2 * r, y - 2 * r), (x + 2 * r, y + 2 * r)], (135, 135, 135))
        draw(damaged, "ellipse", [(x - r, y - r), (x + r, y + r)], (25, 25, 25))
    out = restore(damaged, LocalOptions(denoise=False, fade=False, color=False))
    for i, (x, y) in enumerate(centres):
        r = 2 + i
        spot = np.s_[y - 2 * r : y + 2 * r + 1, x - 2 * r : x + 2 * r + 1]
        assert np.abs(out[spot].astype(int) - clean[spot]).max() < 40, (x, y)


def test_faded_colour_print_gets_its_red_back():
    # The cyan dye of a colour print fades first: the print turns red-magenta and washed out.
    # Levelling the three channels one by one brings back the red cup (not a brown one).
    photo = smooth_photo(seed=5)
    photo[96:160, 96:160] = (190, 30, 25)  # the red cup
    photo[20:50, 20:60] = (245, 245, 240)  # white paper
    photo[200:230, 180:230] = (12, 10, 14)  # black
    x = photo.astype(np.float32) / 255
    x[..., 0] += 0.3 * (1 - x[..., 0])  # cyan dye lost
    x[..., 2] += 0.1 * (1 - x[..., 2])
    faded = np.clip((x * 0.8 + 0.12) * 255, 0, 255).astype(np.uint8)
    out = restore(faded)
    lab = ops.rgb_to_lab(out[100:156, 100:156]).reshape(-1, 3).mean(axis=0)
    ref = ops.rgb_to_lab(photo[100:156, 100:156]).reshape(-1, 3).mean(axis=0)
    hue = np.degrees(np.arctan2(lab[2], lab[1]))
    ref_hue = np.degrees(np.arctan2(ref[2], ref[1]))
    assert abs(hue - ref_hue) < 12
    assert abs(np.hypot(lab[1], lab[2]) - np.hypot(ref[1], ref[2])) < 0.1 * np.hypot(ref[1], ref[2])
    assert abs(lab[0] - ref[0]) < 5
    cup = np.s_[100:156, 100:156]
    assert np.abs(out[cup].astype(int) - photo[cup]).mean() < 10  # not brown, not glowing


def test_a_thin_scratch_across_the_photo_dimmer_than_its_whites_is_found(fixtures):
    """Scan blur leaves a 1-px scratch well below paper white; a photo with a white cup in it
    then has brighter tones than the scratch, but a line across the whole picture is damage."""
    with Image.open(fixtures / "photos" / "coffee.png") as im:
        photo = np.asarray(im.convert("RGB").resize((600, 400), Image.Resampling.LANCZOS))
    footprint = np.zeros(photo.shape[:2], np.uint8)
    line = [(470, 0), (478, 399)]
    canvas = Image.fromarray(photo)
    ImageDraw.Draw(canvas).line(line, fill=(240, 238, 232), width=1)
    damaged = np.asarray(canvas.filter(ImageFilter.GaussianBlur(0.6)))
    draw(footprint, "line", line, 255)
    assert np.percentile(gray(damaged), 98) > gray(damaged)[footprint > 0].mean() + 10
    mask = detect_defects(damaged, noise_sigma=1.0)
    assert (mask[footprint > 0] > 0).mean() > 0.8
    assert (mask > 0).mean() < 0.03


def brick_wall(size: int = 320) -> tuple[np.ndarray, np.ndarray]:
    """A grey brick wall in running bond: darker bricks with light mortar joints (a closed
    mesh of thin bright lines, long ones along the courses); returns image and joints."""
    rng = np.random.default_rng(3)
    wall = np.full((size, size), 200, np.uint8)
    joints = np.zeros((size, size), np.uint8)
    course, brick = 22, 60
    for row, y in enumerate(range(0, size, course)):
        offset = (row % 2) * brick // 2
        for x in range(-offset, size, brick):
            tone = int(rng.integers(90, 130))
            draw(wall, "rectangle", [(x + 3, y + 3), (x + brick - 1, y + course - 1)], tone)
            draw(joints, "rectangle", [(x, y), (x + brick + 2, y + course + 2)], 0)
    joints[wall >= 200] = 255
    grain = rng.normal(0, 3, wall.shape)
    rgb = ops.grey_rgb(np.clip(wall + grain, 0, 255).astype(np.uint8))
    return rgb, joints > 0


def test_a_brick_walls_mortar_is_not_taken_for_cracks():
    """Mortar joints are thin, bright and far-reaching like a crack network, but they close
    into cells (one per brick) and run in many long parallel courses."""
    wall, joints = brick_wall()
    mask = detect_defects(wall, noise_sigma=3.0, monochrome=True)
    assert joints.mean() > 0.1
    assert (mask > 0).mean() < 0.01


def test_a_real_brick_wall_photo_keeps_its_mortar():
    data = pytest.importorskip("skimage.data", reason="scikit-image (a dev dependency) is absent")
    wall = ops.grey_rgb(data.brick())
    mask = detect_defects(wall, noise_sigma=1.0, monochrome=True)
    assert (mask > 0).mean() < 0.01
