"""Defect detection: thin scratches, creases and dust specks as a mask.

Both detectors look at a morphological residual (bright top-hat and dark black-hat of the
lightness) and then decide per connected component whether it is damage:

* a *scratch* is a residual ridge that follows a straight-ish line over a long run (much
  longer than any eyelash, hair curl or text stroke) and is only a few pixels wide;
* a *speck* is a small, compact, high-contrast blob sitting on a locally smooth background
  (so catchlights in eyes and details inside textures are left alone).

Thresholds scale with the measured noise so that grain is never taken for damage.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from luxcanvas.local import ops
from luxcanvas.local._util import both, lightness, odd, resize_by, scale_for

#: Detection runs at this many pixels at most; the mask is scaled back up.
DETECT_PIXELS = 1_500_000
#: Directions tried by the line detector, as integer pixel steps (at most 14° apart), and
#: their angles in degrees.
LINE_STEPS = tuple(ops.line_directions(4))
LINE_ANGLES = tuple(ops.step_angle(step) for step in LINE_STEPS)
#: Length, in detection pixels, of the straight segment a scratch must follow locally.
LINE_SEGMENT = 25
#: Upper quantile of a line's pixels taken as its centre tone.
CENTRE_QUANTILE = 0.75
#: Largest speck side: this many pixels, or the shorter side over SPECK_SIZE_DIVISOR.
SPECK_MIN_SIZE = 17.0
SPECK_SIZE_DIVISOR = 30.0
#: A speck's body is where it stands out by this share of SPECK_CONTRAST; its halo is the
#: ring up to SPECK_HALO pixels around it that still stands out by SPECK_HALO_LEVEL.
SPECK_BODY = 0.35
SPECK_HALO = 2
SPECK_HALO_LEVEL = 0.25
#: A speck's body is where it reaches this share of the highest residual near it (so the
#: texture beside a speck does not join it into a blob too large to be dust) ...
SPECK_PEAK_SHARE = 0.5
#: ... and it must stand out from its surround: the structure of the background there, and
#: the mean residual around it (texture is busy all over), below these shares of its peak.
SPECK_BUSY = 0.25
SPECK_AROUND = 0.15
#: Dust lies scattered; letters of a caption or handwriting stand in rows. A candidate with
#: this many neighbours of like height beside it on its row (their nearest side within
#: SPECK_ROW_REACH of its own size from its centre) is a letter, not a speck.
SPECK_ROW_NEIGHBOURS = 2
SPECK_ROW_REACH = 2.5
#: Least contrast (0..255) of a dust speck against its surround.
SPECK_CONTRAST = 40.0
#: A scratch's centre must lie this many levels beyond the 99.5th (0.5th) percentile of the
#: rest of the photo: paper white or base black, not a bright object of the scene.
EXTREME_MARGIN = 4.0
#: A bright line's centre must reach this percentile of the rest of the photo, less
#: BRIGHT_MARGIN levels (exposed paper is about as bright as the print's whites).
BRIGHT_PERCENTILE = 98.0
BRIGHT_MARGIN = 4.0
BRIGHT_PERCENTILE_MONO = 85.0
#: A bright line stands out from the tones RING pixels around it by this share of the
#: detection threshold: a crack is brighter than the picture it crosses, while the paper
#: between the letters of a caption is no brighter than the paper around them.
RING = 4
STANDS_OUT = 0.5
#: A bright straight line at least LONG_SHARE of the longer side long is a scratch when its
#: centre reaches LONG_PERCENTILE of the rest and stands out by LONG_STANDS_OUT thresholds.
LONG_SHARE = 0.45
LONG_PERCENTILE = 85.0
LONG_STANDS_OUT = 1.0
#: More than this many such lines of one direction are a pattern of the scene, not scratches.
LONG_MAX = 4
#: A crack network is a branching tree: its cracks seldom close on one another. A network
#: enclosing more than MAX_CELLS cells of CELL_AREA pixels or more is a pattern of the scene
#: (the mortar of a brick wall, tiles, window panes, a fence) and is left alone; so is the
#: fine crazing of a whole print, which is the price of never painting over a wall.
MAX_CELLS = 8
CELL_AREA = 9
#: Widest line (twice area over outline, detection pixels) a crack network may have.
MAX_THICKNESS = 8.0
#: A line pixel's residual must exceed this multiple of the mean residual in a window of
#: LOCAL_WINDOW pixels around it.
LOCAL_RATIO = 2.0
LOCAL_WINDOW = 31
#: Exposed paper is at most this colourful (chroma in YCbCr levels, about Lab units).
PAPER_CHROMA = 16.0
MAX_PAPER_CHROMA = 30.0
#: A crack network reaches at least this share of the shorter side.
MIN_EXTENT = 0.12


def _component_stats(
    mask: np.ndarray, values: list[np.ndarray]
) -> tuple[int, np.ndarray, np.ndarray, list[np.ndarray]]:
    """Label ``mask``; return count, labels, stats (x, y, width, height, area per label) and
    the per-label mean of each value map."""
    n, labels, stats = ops.label(mask)
    flat = labels.ravel()
    area = np.maximum(stats[:, ops.STAT_AREA], 1).astype(np.float64)
    means = [np.bincount(flat, v.ravel().astype(np.float64), n) / area for v in values]
    return n, labels, stats, means


def _label_quantile(lab: np.ndarray, val: np.ndarray, n: int, q: float) -> np.ndarray:
    """Per-label ``q`` quantile (0..1) of ``val`` grouped by ``lab`` (0 for empty labels)."""
    out = np.zeros(n)
    if lab.size == 0:
        return out
    order = np.lexsort((val, lab))
    lab, val = lab[order], val[order]
    starts = np.searchsorted(lab, np.arange(n))
    counts = np.bincount(lab, minlength=n)
    has = counts > 0
    idx = starts[has] + np.minimum((q * counts[has]).astype(np.int64), counts[has] - 1)
    out[has] = val[idx]
    return out


def _line_components(
    core: np.ndarray, light: np.ndarray, min_length: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Long, thin components of ``core`` (bool): labels, keep flags and centre lightness.

    Statistics are gathered over the candidate pixels only (cheap on large photos).
    """
    # Bridge the small gaps left where a scratch crosses an equally bright area.
    candidate = ops.dilate(core, 1)
    n, labels, _ = ops.label(candidate)
    ys, xs = np.nonzero(candidate)
    lab = labels[ys, xs]
    is_core = core[ys, xs]
    major, minor = _principal_axes(lab, xs, ys, n)
    length = np.sqrt(12 * major)
    # Core pixels per unit length ≈ line width.
    width = np.bincount(lab, is_core, n) / np.maximum(length, 1)
    keep = (length >= min_length) & (width <= 8.0) & _straight(major, minor)
    keep[0] = False
    # Lightness of the line's centre: a high quantile of its core pixels' lightness (the soft
    # rim left by scan blur is darker).
    centre = _label_quantile(lab[is_core], light[ys, xs][is_core], n, CENTRE_QUANTILE)
    return labels, keep, centre


def _principal_axes(
    lab: np.ndarray, xs: np.ndarray, ys: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per label: the variance of its pixels along and across their principal axis."""
    count = np.maximum(np.bincount(lab, minlength=n), 1).astype(np.float64)
    xs_f, ys_f = xs.astype(np.float64), ys.astype(np.float64)

    def mean(v: np.ndarray) -> np.ndarray:
        return np.bincount(lab, v, n) / count

    mx, my = mean(xs_f), mean(ys_f)
    vxx = mean(xs_f * xs_f) - mx * mx
    vyy = mean(ys_f * ys_f) - my * my
    vxy = mean(xs_f * ys_f) - mx * my
    spread = np.sqrt(np.maximum((vxx - vyy) ** 2 / 4 + vxy**2, 0))
    major = np.maximum((vxx + vyy) / 2 + spread, 1e-6)
    minor = np.maximum((vxx + vyy) / 2 - spread, 0)
    return major, minor


def _straight(major: np.ndarray, minor: np.ndarray) -> np.ndarray:
    """Pixels along one straight line: the spread across it at most 0.12 of that along it
    (a scratch is long and very thin overall; an arc of hair bends away from its chord)."""
    return np.sqrt(minor / major) <= 0.12


def _thin_components(
    core: np.ndarray, light: np.ndarray, min_extent: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Thin, far-reaching components of ``core`` (bool): labels, keep flags, centre lightness.

    A crack network branches and wanders, so it is judged by thickness, not straightness:
    twice its area over its outline is the width of a line (a blob is much thicker), and its
    bounding box must reach ``min_extent`` pixels.
    """
    candidate = ops.dilate(core, 1)
    n, labels, stats = ops.label(candidate)
    outline = candidate & ~ops.erode(candidate, 1)
    ys, xs = np.nonzero(candidate)
    lab = labels[ys, xs]
    is_core = core[ys, xs]
    area = np.bincount(lab, minlength=n).astype(np.float64)
    rim = np.bincount(lab, outline[ys, xs], n)
    thickness = 2 * area / np.maximum(rim, 1)
    extent = np.maximum(stats[:, ops.STAT_WIDTH], stats[:, ops.STAT_HEIGHT])
    fill = area / np.maximum(stats[:, ops.STAT_WIDTH] * stats[:, ops.STAT_HEIGHT], 1)
    # A thin mesh of texture fills its box; so does a straight scratch that runs along the
    # picture's edges (a film scratch is vertical): that one is told apart by its shape.
    keep = (extent >= min_extent) & (thickness <= MAX_THICKNESS)
    keep &= (fill <= 0.35) | _straight(*_principal_axes(lab, xs, ys, n))
    keep[0] = False
    keep &= _cells(labels, stats, keep) <= MAX_CELLS
    centre = _label_quantile(lab[is_core], light[ys, xs][is_core], n, CENTRE_QUANTILE)
    return labels, keep, centre


def _cells(labels: np.ndarray, stats: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Per label (kept ones only, else 0): how many closed cells of at least CELL_AREA
    pixels the component encloses (holes in it, within its bounding box)."""
    out = np.zeros(keep.size, np.int64)
    for i in np.flatnonzero(keep):
        x, y, w, h = stats[i, : ops.STAT_AREA]
        outside = np.pad(labels[y : y + h, x : x + w] != i, 1, constant_values=True)
        _, _, holes = ops.label(outside)
        # Row 0 is the component itself; the first region (raster order) is the outside.
        out[i] = int((holes[2:, ops.STAT_AREA] >= CELL_AREA).sum())
    return out


def _ring_median(labels: np.ndarray, keep: np.ndarray, light: np.ndarray) -> np.ndarray:
    """Per label (kept ones only, else 0): the median lightness of the RING pixels around it."""
    out = np.zeros(keep.size)
    if not keep.any():
        return out
    around = ops.dilate(np.where(keep[labels], labels, 0), RING)
    ring = (around > 0) & (labels == 0)
    return _label_quantile(around[ring], light[ring], keep.size, 0.5)


def _line_response(res: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(along, best, soft): the strongest mean of the softened ``res`` along a short straight
    segment through each pixel over all directions, the index of that direction in
    LINE_STEPS, and the softened residual itself."""
    h, w = res.shape
    # Widening first lets a slightly wavy 1-px scratch still fill a straight segment.
    soft = ops.gaussian_blur(ops.dilate(res, 1), 1.0)
    along = np.zeros_like(soft)
    best = np.zeros((h, w), np.uint8)
    for i, r in enumerate(ops.line_means(soft, LINE_STEPS, LINE_SEGMENT)):
        np.copyto(best, i, where=r > along)
        np.maximum(along, r, out=along)
    return along, best, soft


def _direction_groups(core: np.ndarray, best: np.ndarray) -> Iterator[np.ndarray]:
    """The pixels of ``core`` whose line direction (``best``, an index into LINE_ANGLES)
    lies in each of six groups 60 degrees wide, overlapping, so every line lies inside one
    (empty groups are skipped)."""
    angles = np.asarray(LINE_ANGLES)
    for centre_angle in range(0, 180, 30):
        diff = np.abs(((angles - centre_angle + 90) % 180) - 90)
        group = core & (diff <= 30)[best]
        if group.any():
            yield group


def detect_scratches(
    light: np.ndarray,
    noise_sigma: float,
    amount: float = 1.0,
    chroma: np.ndarray | None = None,
    monochrome: bool = False,
) -> np.ndarray:
    """Mask (bool) of scratches, creases and crack networks in a lightness image (0..255).

    ``noise_sigma`` is the grain level in the same units; ``amount`` > 1 detects fainter lines.

    *Bright* lines (exposed paper: scratches, creases, the branching cracks of a dried-out
    emulsion) are found as thin, far-reaching networks of locally straight ridges that are
    at least as bright as the brightest tones of the rest of the photo.
    A straight bright line across most of the picture (LONG_SHARE) need only reach
    LONG_PERCENTILE: scan blur leaves a thin scratch dimmer than the paper it exposed. Crack
    networks that close into many cells, and many long parallel lines, are the scene's own
    pattern (mortar, tiles, blinds) and are left alone.
    *Dark* lines are only taken when long, straight and as dark as the photo's blackest
    black (a negative scratch): hair, twigs, wires and outlines are dark thin lines too.
    Curved strokes, short strokes (lashes, text) and wide bands are not included, nor
    ridges that do not stand out from the texture around them (gravel, grass, fur).
    ``chroma`` (Lab chroma at the same size, optional) excludes colourful bright lines:
    exposed paper is near white, a petal or a coloured light is not. On a ``monochrome``
    (grey or toned) print a crack need only reach BRIGHT_PERCENTILE_MONO: such prints have
    no coloured lights or petals, and their cracks are often no whiter than a white collar.
    """
    h, w = light.shape
    smooth = ops.gaussian_blur(light, 0.8)
    residuals = (
        (smooth - ops.opening(smooth, 3), 1.0),
        (ops.closing(smooth, 3) - smooth, -1.0),
    )
    threshold = max(14.0, 4.5 * noise_sigma) / amount
    min_length = max(40.0, 0.2 * min(h, w))
    found = np.zeros((h, w), bool)
    for res, sign in residuals:
        along, best, soft = _line_response(res)
        straight = along >= 0.55 * np.maximum(soft, 1e-3)
        core = (res > threshold) & straight & (along > 0.5 * threshold)
        # Damage stands out from its surroundings; texture is as strong all around.
        core &= res > LOCAL_RATIO * ops.box_mean(res, LOCAL_WINDOW)
        if not core.any():
            continue
        # Reference extreme tone of the photo without its line candidates.
        rest = light[~ops.dilate(core, 1)]
        if rest.size == 0:
            continue
        raw = np.zeros((h, w), bool)
        if sign > 0:
            unfiltered = core.copy()
            if chroma is not None:
                # Paper is about as colourful as the print's own base tone (cream, sepia).
                limit = float(np.clip(1.4 * np.median(chroma), PAPER_CHROMA, MAX_PAPER_CHROMA))
                core &= chroma <= limit
            percent = BRIGHT_PERCENTILE_MONO if monochrome else BRIGHT_PERCENTILE
            extreme = float(np.percentile(rest, percent))
            labels, keep, centre = _thin_components(core, light, MIN_EXTENT * min(h, w))
            keep &= centre - extreme >= -BRIGHT_MARGIN
            keep &= centre - _ring_median(labels, keep, light) >= STANDS_OUT * threshold
            raw |= keep[labels]
            if LONG_SHARE:
                # A scratch across the whole picture: long and straight is evidence enough,
                # even where scan blur left a thin one dimmer than the print's whites.
                long_extreme = float(np.percentile(rest, LONG_PERCENTILE))
                for group in _direction_groups(unfiltered, best):
                    labels, keep, mid = _line_components(group, light, LONG_SHARE * max(h, w))
                    if chroma is not None and keep.any():
                        # Thin paper takes on the colour around it (scan blur), but is never
                        # more colourful than the picture it crosses.
                        line_c = _label_quantile(labels[group], chroma[group], keep.size, 0.5)
                        keep &= line_c <= np.maximum(limit, _ring_median(labels, keep, chroma))
                    keep &= mid - long_extreme >= -BRIGHT_MARGIN
                    keep &= mid - _ring_median(labels, keep, light) >= LONG_STANDS_OUT * threshold
                    # Many long parallel lines are the scene's (mortar, blinds, railings).
                    if keep.sum() <= LONG_MAX:
                        raw |= keep[labels]
        else:
            extreme = float(np.percentile(rest, 0.5))
            for group in _direction_groups(core, best):
                labels, keep, mean_light = _line_components(group, light, min_length)
                keep &= extreme - mean_light >= EXTREME_MARGIN
                raw |= keep[labels]
        found |= raw & (res > 0.5 * threshold)
    return found


def detect_specks(light: np.ndarray, noise_sigma: float, amount: float = 1.0) -> np.ndarray:
    """Mask (bool) of small isolated dust specks, bright or dark, in a lightness image.

    A speck must stand out strongly from a smooth surround; small bright or dark details that
    belong to structured surroundings (a catchlight in an eye, texture) are not included.
    """
    size = odd(max(SPECK_MIN_SIZE, min(light.shape) / SPECK_SIZE_DIVISOR))
    max_side = size - 2
    smooth = ops.gaussian_blur(light, 0.7)
    opened = ops.opening(smooth, size // 2)
    closed = ops.closing(smooth, size // 2)
    threshold = max(SPECK_CONTRAST, 6.0 * noise_sigma) / amount
    found = np.zeros(light.shape, bool)
    for res, background in ((smooth - opened, opened), (closed - smooth, closed)):
        mean = ops.box_mean(background, 2 * size + 1)
        var = ops.box_mean(background * background, 2 * size + 1) - mean * mean
        busy = np.sqrt(np.maximum(var, 0))
        # Shapes are judged on the speck's body; its soft halo is added to the mask after.
        nearby = ops.dilate(res, size // 2)
        body = (res > SPECK_BODY * threshold) & (res >= SPECK_PEAK_SHARE * nearby)
        around = ops.box_mean(res, 2 * size + 1)
        n, labels, stats, (bg_busy, bg_res) = _component_stats(body, [busy, around])
        bw = stats[:, ops.STAT_WIDTH]
        bh = stats[:, ops.STAT_HEIGHT]
        area = stats[:, ops.STAT_AREA]
        peak = np.zeros(n)
        flat = labels.ravel()
        inside = np.flatnonzero(flat)  # the background (label 0) is most of the picture
        np.maximum.at(peak, flat[inside], res.ravel()[inside])
        keep = (
            (np.maximum(bw, bh) <= max_side)
            & (np.maximum(bw, bh) <= 3 * np.minimum(bw, bh))
            & (area >= 0.4 * bw * bh)
            & (peak >= threshold)
            & (bg_busy <= SPECK_BUSY * peak)
            & (bg_res <= SPECK_AROUND * peak)
        )
        keep[0] = False
        keep &= ~_in_a_row(keep, stats, peak >= 0.5 * threshold)
        specks = keep[labels]
        if specks.any():
            halo = ops.dilate(specks, SPECK_HALO) & (res > SPECK_HALO_LEVEL * threshold)
            found |= specks | halo
    return found


def _in_a_row(candidates: np.ndarray, stats: np.ndarray, marks: np.ndarray) -> np.ndarray:
    """Flags: which ``candidates`` have SPECK_ROW_NEIGHBOURS ``marks`` of like size beside
    them on their row (a line of text), by component statistics (``ops.label`` layout)."""
    out = np.zeros(len(candidates), bool)
    cand = np.flatnonzero(candidates)
    other = np.flatnonzero(marks)
    other = other[other != 0]
    if cand.size == 0 or other.size < SPECK_ROW_NEIGHBOURS + 1:
        return out
    x, y = stats[:, ops.STAT_X], stats[:, ops.STAT_Y]
    bw, bh = stats[:, ops.STAT_WIDTH], stats[:, ops.STAT_HEIGHT]
    cx, cy = x + bw / 2.0, y + bh / 2.0
    side = np.maximum(bw, bh).astype(np.float64)
    for start in range(0, cand.size, 256):  # bounded memory on a very busy photo
        c = cand[start : start + 256, None]
        # Letters of a line are of like height; joined letters (a word) make a wide one.
        like = (bh[other] <= 3 * side[c]) & (3 * bh[other] >= bh[c])
        gap = np.abs(cx[other] - cx[c]) - bw[other] / 2.0
        beside = gap <= SPECK_ROW_REACH * side[c] + 2
        on_row = np.abs(cy[other] - cy[c]) <= 0.5 * np.maximum(bh[c], bh[other])
        near = like & beside & on_row & (other != c)
        out[cand[start : start + 256]] = near.sum(axis=1) >= SPECK_ROW_NEIGHBOURS
    return out


def detect_defects(
    rgb: np.ndarray, noise_sigma: float, amount: float = 1.0, monochrome: bool = False
) -> np.ndarray:
    """Mask (uint8, 255 = defect) of scratches, creases and dust in an RGB image, at its size.

    The mask is grown by a pixel or two so that inpainting also replaces the soft rim of each
    defect (film scan blur, JPEG ringing).
    """
    h, w = rgb.shape[:2]
    factor = scale_for(rgb.shape, DETECT_PIXELS)
    small_rgb = resize_by(rgb, factor)
    small = lightness(small_rgb)
    _, cb, cr = ops.ycc_planes(small_rgb)
    chroma = np.hypot(cb.astype(np.float32) - 128.0, cr.astype(np.float32) - 128.0)
    sigma = noise_sigma * factor  # grain averages down when shrinking
    scratches, specks = both(
        lambda: detect_scratches(small, sigma, amount, chroma, monochrome),
        lambda: detect_specks(small, sigma, amount),
    )
    mask = scratches | specks
    if not mask.any():
        return np.zeros((h, w), np.uint8)
    mask_u8 = mask.astype(np.uint8) * 255
    grow = 3
    if factor < 1.0:
        mask_u8 = ops.resize(mask_u8, (w, h), "linear")
        mask_u8 = np.where(mask_u8 > 0, 255, 0).astype(np.uint8)
        grow = odd(1 / factor + 1)
    return ops.dilate(mask_u8, grow // 2)
