"""Finding the prints on a flatbed scan, and cutting each one out upright.

Detection runs on a small grey copy of the scan (about ``DETECT_SIDE`` pixels on its long
side): the bed (white or grey lid, uneven lamp light) is fitted as a smooth surface, what
differs from it — the prints, and the faint shadow a print's edge casts, which is all that
separates a white paper border from a white lid — is segmented, grouped into prints, and a
rotated rectangle is fitted to each. The angle comes from lines fitted to each side, the
sides' positions are then refined on the full-resolution pixels, and each print is cut from
the full-resolution scan with one affine resample.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageFilter

from luxcanvas.imaging.scanbed_geometry import (
    Points,
    RotatedRect,
    bounding_rect,
    label_components,
    min_area_rect,
    refine_angle,
    silhouette,
)

#: The long side of the grey copy detection works on (~1 MP for an A4 scan).
DETECT_SIDE = 1200
#: A print is at least this fraction of the scan's short side on each of its sides.
MIN_PRINT_FRACTION = 0.05
#: At least this share of a found rectangle's outline must look like an edge.
MIN_OUTLINE_SUPPORT = 0.55
#: ...and of a border's outline, drawn only by its faint edge shadow, around a print's content.
MIN_FRAME_SUPPORT = 0.3
#: Images with a shorter side than this (in pixels) hold no prints: the bed is fitted in
#: 16-pixel blocks and needs a few of them.
MIN_SCAN_SIDE = 64
_BLOCK = 16


@dataclass(frozen=True)
class FoundPrint:
    """One print on the scan, in full-resolution scan pixels (x right, y down).

    ``corners`` are the print's top-left, top-right, bottom-right and bottom-left corners as it
    is seen upright; ``angle`` is how far it lay turned on the bed, in degrees, positive
    counter-clockwise as the scan is seen (the crop turns it back by as much).
    """

    corners: tuple[tuple[float, float], ...]
    angle: float

    @property
    def size(self) -> tuple[int, int]:
        """The upright print's width and height in scan pixels: the mean of each pair of
        opposite sides (corners a user dragged need not make a rectangle)."""
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = self.corners
        width = (math.hypot(x1 - x0, y1 - y0) + math.hypot(x2 - x3, y2 - y3)) / 2
        height = (math.hypot(x3 - x0, y3 - y0) + math.hypot(x2 - x1, y2 - y1)) / 2
        return max(1, round(width)), max(1, round(height))

    @property
    def box(self) -> tuple[int, int, int, int]:
        """The axis-aligned box around the print: x, y, width, height (scan pixels)."""
        xs = [c[0] for c in self.corners]
        ys = [c[1] for c in self.corners]
        x, y = math.floor(min(xs)), math.floor(min(ys))
        return x, y, math.ceil(max(xs)) - x, math.ceil(max(ys)) - y

    def with_corners(self, corners: list[tuple[float, float]]) -> FoundPrint:
        """The print with corrected corners (the angle follows its top edge)."""
        (x0, y0), (x1, y1) = corners[0], corners[1]
        angle = -math.degrees(math.atan2(y1 - y0, x1 - x0))
        return FoundPrint(tuple((float(x), float(y)) for x, y in corners), round(angle, 3))


@dataclass(frozen=True)
class ScanLayout:
    """What detection found on a scan of ``width`` × ``height`` pixels."""

    width: int
    height: int
    prints: tuple[FoundPrint, ...]

    @property
    def offers_split(self) -> bool:
        """Whether a front should offer to split or crop: several prints, or one print that
        leaves a good part of the bed around it."""
        if len(self.prints) > 1:
            return True
        if not self.prints:
            return False
        width, height = self.prints[0].size
        return width * height < 0.8 * self.width * self.height


def detection_grey(image: Image.Image) -> tuple[NDArray[np.float32], NDArray[np.float32], float]:
    """A reduced grey and chroma copy for detection, and the full-resolution pixels per
    detection pixel."""
    factor = max(1, math.ceil(max(image.size) / DETECT_SIDE))
    small = image.reduce(factor) if factor > 1 else image
    scale_x = image.width / small.width
    rgb = np.asarray(small.convert("RGB"), dtype=np.float32)
    grey = rgb @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    chroma = rgb.max(axis=2) - rgb.min(axis=2)
    return grey, chroma, scale_x


def find_prints(
    image: Image.Image,
    detect: Image.Image | None = None,
    full: Image.Image | None = None,
) -> ScanLayout:
    """Find the prints on a scan.

    ``image`` gives the scan's size; detection works on ``detect`` (a reduced copy, e.g. from
    a JPEG draft) or on ``image`` itself; side refinement uses ``full`` (or ``image``) when
    it is loaded at full resolution.
    """
    width, height = image.size
    if min(width, height) < MIN_SCAN_SIDE:
        return ScanLayout(width, height, ())  # an icon, not a scan: no bed to fit
    source = detect if detect is not None else image
    grey, chroma, _ = detection_grey(source)
    scale = width / grey.shape[1]
    rects = _detect_rects(grey, chroma)
    refine_on = full if full is not None else (image if detect is None else None)
    prints = []
    full_grey = None
    if refine_on is not None and rects:
        # 8-bit: a 1200 dpi A4 scan's grey copy is 140 MB this way, 560 MB as floats.
        full_grey = np.asarray(refine_on.convert("L"))
    shadow = _shadow_width(rects, full_grey, scale)
    for rect in rects:
        full_rect = rect.scaled(scale)
        if full_grey is not None:
            full_rect = _refine_sides(full_rect, full_grey, scale, shadow)
        else:
            margin = 1.5 * scale
            full_rect = full_rect.inset(margin, margin, margin, margin)
        corners = _clip_corners(full_rect.corners(), width, height)
        prints.append(FoundPrint(tuple(corners), round(-full_rect.angle, 3)))
    prints.sort(key=lambda p: (round(p.box[1] / (0.25 * height)), p.box[0]))
    return ScanLayout(width, height, tuple(prints))


def _clip_corners(corners: Points, width: int, height: int) -> list[tuple[float, float]]:
    slack = 2.0  # a print that runs off the scanned area is cut there
    return [
        (
            float(min(max(x, -slack), width + slack)),
            float(min(max(y, -slack), height + slack)),
        )
        for x, y in corners
    ]


# -- the bed ---------------------------------------------------------------------------------


def _fit_bed(grey: NDArray[np.float32]) -> tuple[NDArray[np.float32], NDArray[np.bool_], float]:
    """A smooth surface (quadratic in x and y) through the bed's blocks, the blocks taken
    as bed, and the pixel noise on the bed."""
    h, w = grey.shape
    bh, bw = h // _BLOCK, w // _BLOCK
    blocks = grey[: bh * _BLOCK, : bw * _BLOCK].reshape(bh, _BLOCK, bw, _BLOCK)
    means = blocks.mean(axis=(1, 3))
    stds = blocks.std(axis=(1, 3))
    yy, xx = np.mgrid[0:bh, 0:bw].astype(np.float32)
    xx = (xx + 0.5) / bw - 0.5
    yy = (yy + 0.5) / bh - 0.5
    design = np.stack([np.ones_like(xx), xx, yy, xx * xx, yy * yy, xx * yy], axis=-1)
    quiet = stds <= max(float(np.percentile(stds, 30)) * 2.0, 1.0)
    values = means[quiet]
    hist, edges = np.histogram(values, bins=64, range=(0, 256))
    # The bed: the most common level among the quiet blocks; a lamp's falloff spreads it.
    peak = float(edges[int(np.argmax(hist))] + 2.0)
    keep = quiet & (np.abs(means - peak) < 24)
    coef = np.zeros(6, dtype=np.float32)
    for tolerance in (14.0, 8.0, 5.0):
        if keep.sum() < 12:
            break
        coef, *_ = np.linalg.lstsq(design[keep], means[keep], rcond=None)
        residual = means - design @ coef
        spread = 1.4826 * float(np.median(np.abs(residual[keep])))
        keep = quiet & (np.abs(residual) < max(tolerance, 4 * spread))
    yf, xf = np.mgrid[0:h, 0:w].astype(np.float32)
    xf = (xf + 0.5) / (bw * _BLOCK) - 0.5
    yf = (yf + 0.5) / (bh * _BLOCK) - 0.5
    surface = (
        coef[0]
        + coef[1] * xf
        + coef[2] * yf
        + coef[3] * xf * xf
        + coef[4] * yf * yf
        + coef[5] * xf * yf
    ).astype(np.float32)
    noise = float(np.median(stds[keep])) if keep.any() else 2.0
    return surface, keep, noise


def _box_blur(values: NDArray[np.float32], radius: int = 1) -> NDArray[np.float32]:
    size = 2 * radius + 1
    padded = np.pad(values, radius, mode="edge")
    out = np.zeros_like(values)
    h, w = values.shape
    for dy in range(size):
        for dx in range(size):
            out += padded[dy : dy + h, dx : dx + w]
    return (out / (size * size)).astype(np.float32)


def _morph(mask: NDArray[np.bool_], grow: bool, size: int) -> NDArray[np.bool_]:
    im = Image.fromarray(mask.astype(np.uint8) * 255, "L")
    im = im.filter(ImageFilter.MaxFilter(size) if grow else ImageFilter.MinFilter(size))
    return np.asarray(im) > 127


# -- segmentation ----------------------------------------------------------------------------


def _foreground(grey: NDArray[np.float32], chroma: NDArray[np.float32]) -> NDArray[np.bool_]:
    """What is not bed: print content, and the dark line at a print's edge."""
    bed, keep, noise = _fit_bed(grey)
    smooth = _box_blur(grey)
    diff = smooth - bed
    # A 3x3 mean divides the noise by 3; four of those is rarely reached by chance.
    threshold = max(4.0 * noise / 3.0, 3.0)
    colour = _box_blur(chroma)
    h, w = grey.shape
    bed_blocks = np.kron(keep, np.ones((_BLOCK, _BLOCK), dtype=bool))
    bed_mask = np.zeros((h, w), dtype=bool)
    bed_mask[: bed_blocks.shape[0], : bed_blocks.shape[1]] = bed_blocks
    bed_chroma = float(np.median(colour[bed_mask])) if bed_mask.any() else float(np.median(colour))
    chroma_noise = float(np.std(colour[bed_mask])) if bed_mask.any() else 2.0
    mask = (np.abs(diff) > threshold) | (colour - bed_chroma > max(4 * chroma_noise, 10.0))
    # Single speckles (noise, dust) go; broken edge lines close.
    mask = _morph(_morph(mask, False, 3), True, 3) | (diff < -2 * threshold)
    return _morph(_morph(mask, True, 5), False, 5)


def _detect_rects(grey: NDArray[np.float32], chroma: NDArray[np.float32]) -> list[RotatedRect]:
    mask = _foreground(grey, chroma)
    h, w = mask.shape
    labels, count = label_components(mask)
    if count == 0:
        return []
    min_side = MIN_PRINT_FRACTION * min(h, w)
    ys, xs = np.nonzero(labels)
    lab = labels[ys, xs]
    order = np.argsort(lab, kind="stable")
    ys, xs, lab = ys[order], xs[order], lab[order]
    bounds = np.searchsorted(lab, np.arange(1, count + 2))
    groups: list[Points] = []
    for index in range(count):
        a, b = int(bounds[index]), int(bounds[index + 1])
        if b - a < (min_side * 0.25) ** 2 * 0.1:
            continue
        pts = silhouette(ys[a:b], xs[a:b])
        groups.append(pts)
    groups.sort(key=len, reverse=True)
    # A paper border is at most about a centimetre wide: 1/20 of an A4 page's short side.
    rects = _merge_groups(groups, reach=0.05 * min(h, w))
    found = []
    for pts, rect, core in rects:
        if len(core) and len(core) < len(pts):
            # A print seen by its content, with the edge lines of a light border around it:
            # the border counts when those lines hold a fair part of its outline.
            core_rect = bounding_rect(core, refine_angle(core, min_area_rect(core), band=2.0))
            if _outline_support(mask, core_rect) < MIN_OUTLINE_SUPPORT:
                continue
            framed = bounding_rect(pts, refine_angle(pts, rect, band=2.0))
            box = framed if _outline_support(mask, framed) >= MIN_FRAME_SUPPORT else core_rect
        else:
            box = bounding_rect(pts, refine_angle(pts, rect, band=2.0))
            if _outline_support(mask, box) < MIN_OUTLINE_SUPPORT:
                continue
        if box.width < min_side or box.height < min_side:
            continue
        # bounding_rect holds pixel centres: the outer pixels reach half a pixel further.
        found.append(box.inset(-0.5, -0.5, -0.5, -0.5))
    return _without_nested(found)


def _without_nested(rects: list[RotatedRect]) -> list[RotatedRect]:
    """Prints lie side by side: a rectangle mostly inside a larger one is a piece of that
    print (edge lines that did not join it), not a print of its own."""
    by_size = sorted(rects, key=lambda r: r.width * r.height, reverse=True)
    kept: list[RotatedRect] = []
    for rect in by_size:
        eu, ev = rect.axes
        grid = np.linspace(0.05, 0.95, 12)
        u = rect.u0 + grid * rect.width
        v = rect.v0 + grid * rect.height
        points = (u[:, None, None] * eu + v[None, :, None] * ev).reshape(-1, 2)
        if not any(big.contains(points).mean() > 0.5 for big in kept):
            kept.append(rect)
    return [r for r in rects if any(r is k for k in kept)]


def _merge_groups(groups: list[Points], reach: float) -> list[tuple[Points, RotatedRect, Points]]:
    """Join the pieces of one print: a print's content inside its own edge line, the pieces
    of a broken edge line (a piece joins a group whose rectangle holds most of it), and the
    edge lines around a light paper border, which only its shadow shows: a thin piece lying
    parallel to a print's side, at most ``reach`` pixels outside it, joins that print.
    Each group comes with its core: its points without such border lines."""
    merged: list[list[Any]] = []
    for points in groups:
        rect = min_area_rect(points)
        merged.append([points, rect, points[:0] if _is_line(rect) else points])
    while _join_held(merged) or _join_frame_line(merged, reach):
        pass
    return [(pts, rect, core) for pts, rect, core in merged]


def _is_line(rect: RotatedRect) -> bool:
    short, long = sorted((rect.width, rect.height))
    return short <= _LINE_THICKNESS and long >= _LINE_ELONGATION * max(short, 1.0)


def _join_held(merged: list[list[Any]]) -> bool:
    for i in range(len(merged)):
        for j in range(len(merged)):
            if i != j and merged[i][1].contains(merged[j][0], margin=1.5).mean() > 0.5:
                pts = np.concatenate([merged[i][0], merged[j][0]])
                core = np.concatenate([merged[i][2], merged[j][2]])
                merged[i] = [pts, min_area_rect(pts), core]
                del merged[j]
                return True
    return False


#: An edge line piece is at most this thick (detection pixels) and this many times longer.
_LINE_THICKNESS = 5.0
_LINE_ELONGATION = 4.0
_LINE_PARALLEL = 3.0  # degrees
#: Any other piece of a border's outline is at most this share of the print's area.
_FRAME_PIECE_AREA = 0.25


def _join_frame_line(merged: list[list[Any]], reach: float) -> bool:
    """Join one piece of a border's outline to the print it surrounds (the nearest)."""
    for j, (pts_j, rect_j, _) in enumerate(merged):
        line = _is_line(rect_j)
        area_j = rect_j.width * rect_j.height
        best, best_gap = None, reach
        for i, (_, rect_i, core_i) in enumerate(merged):
            if i == j or not len(core_i):
                continue
            if line:  # a straight piece of edge line runs along one of the print's sides
                turn = abs((rect_j.angle - rect_i.angle + 45.0) % 90.0 - 45.0)
                if turn > _LINE_PARALLEL or rect_i.contains(pts_j, margin=reach).mean() < 0.9:
                    continue
            # A ragged piece (a corner of the line, with specks of the border it touches)
            # must be small beside the print and lie entirely in its border band.
            elif (
                area_j > _FRAME_PIECE_AREA * rect_i.width * rect_i.height
                or rect_i.contains(pts_j, margin=reach).mean() < 0.98
            ):
                continue
            u, v = rect_i.project(pts_j)
            gap = float(
                np.median(
                    np.maximum.reduce([rect_i.u0 - u, u - rect_i.u1, rect_i.v0 - v, v - rect_i.v1])
                )
            )
            if gap <= best_gap:
                best, best_gap = i, gap
        if best is not None:
            pts = np.concatenate([merged[best][0], pts_j])
            merged[best] = [pts, min_area_rect(pts), merged[best][2]]
            del merged[j]
            return True
    return False


def _outline_support(mask: NDArray[np.bool_], rect: RotatedRect) -> float:
    """The share of points along the rectangle's outline with foreground within a few pixels
    inside it: high for a print's edge, low for a blob that only happens to fit."""
    h, w = mask.shape
    outer = rect.corners()
    eu, ev = rect.axes
    inward = [ev, -eu, -ev, eu]  # top, right, bottom, left sides
    hits, total = 0, 0
    for k in range(4):
        a, b = outer[k], outer[(k + 1) % 4]
        n = max(8, int(np.hypot(*(b - a))))
        t = np.linspace(0.05, 0.95, n)[:, None]
        line = a + (b - a) * t
        seen = np.zeros(n, dtype=bool)
        for depth in (0.5, 1.5, 2.5, 3.5):
            px, py = (line + inward[k] * depth).T
            inside = (px >= 0) & (px < w) & (py >= 0) & (py < h)
            xi = np.clip(px.astype(int), 0, w - 1)
            yi = np.clip(py.astype(int), 0, h - 1)
            # A side along the scan's own edge counts: the print ran off the bed there.
            seen |= ~inside | mask[yi, xi]
        hits += int(seen.sum())
        total += n
    return hits / max(total, 1)


# -- refinement at full resolution -----------------------------------------------------------


def _side_profiles(
    rect: RotatedRect, grey: NDArray[np.uint8], reach: float, inner: float | None = None
) -> list[tuple[NDArray[np.float32], NDArray[np.float64]] | None]:
    """For each side (top, right, bottom, left): the median grey across it, sampled from
    ``inner`` (default ``reach``) pixels inside to twice ``reach`` outside, and the offsets
    sampled (+ = outward)."""
    h, w = grey.shape
    eu, ev = rect.axes
    offsets = np.arange(-(reach if inner is None else inner), 2 * reach + 0.5, 1.0)
    sides = [
        (ev * rect.v0, eu, -ev, rect.width),
        (eu * rect.u1, ev, eu, rect.height),
        (ev * rect.v1, eu, ev, rect.width),
        (eu * rect.u0, ev, -eu, rect.height),
    ]
    profiles: list[tuple[NDArray[np.float32], NDArray[np.float64]] | None] = []
    for base, along, outward, length in sides:
        start = base + along * (rect.u0 if along is eu else rect.v0)
        t = np.linspace(0.1, 0.9, 48) * length
        points = start + t[:, None] * along  # (n, 2)
        samples = points[:, None, :] + offsets[None, :, None] * outward
        xs = np.floor(samples[..., 0]).astype(int)
        ys = np.floor(samples[..., 1]).astype(int)
        valid = ((xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)).all(axis=1)
        if valid.sum() < 8:
            profiles.append(None)
            continue
        values = grey[ys[valid], xs[valid]].astype(np.float32)
        profiles.append((np.median(values, axis=0).astype(np.float32), offsets))
    return profiles


def _edge_in_profile(
    profile: NDArray[np.float32], offsets: NDArray[np.float64]
) -> tuple[float, float | None]:
    """Where, coming from the bed outside, the print (or its shadow) begins, and the width of
    the shadow line when a light print border shows behind it."""
    bed = float(np.median(profile[-4:]))
    spread = max(float(np.std(profile[-6:])), 1.5)
    threshold = max(4.0 * spread, 6.0)
    outer = None
    for k in range(len(profile) - 1, -1, -1):
        if abs(float(profile[k]) - bed) > threshold:
            outer = k
            break
    if outer is None:
        return 0.0, None
    edge = float(offsets[outer]) + 0.5
    dip = outer
    while dip > 0 and profile[dip - 1] <= profile[dip]:
        dip -= 1
    if bed - float(profile[dip]) > threshold:
        recover = [k for k in range(dip - 1, -1, -1) if profile[k] > bed - threshold]
        if recover and dip - recover[0] <= max(3, len(profile) // 4):
            rise = recover[0]
            return edge, float(offsets[outer] - offsets[rise])
    return edge, None


def _shadow_width(rects: list[RotatedRect], grey: NDArray[np.uint8] | None, scale: float) -> float:
    """The width of the edge shadow on this scan, measured where a light border shows it."""
    if grey is None:
        return scale
    widths = []
    for rect in rects:
        for item in _side_profiles(rect.scaled(scale), grey, 3 * scale):
            if item is not None:
                _, width = _edge_in_profile(*item)
                if width is not None:
                    widths.append(width)
    # Without a light border to measure it on, assume a thin line (about a quarter millimetre
    # on an A4 scan).
    return float(np.median(widths)) if widths else 0.7 * scale


def _refine_sides(
    rect: RotatedRect, grey: NDArray[np.uint8], scale: float, shadow: float
) -> RotatedRect:
    """Move each side onto the print's edge as the full-resolution pixels show it, then
    inside the edge shadow and one pixel more, so no bed is left in the crop."""
    reach = 3 * scale
    # Inward the search goes further: next to the scan's edge (a print touching it) the
    # detected outline can take in a strip of bed a few detection pixels wide.
    inner = 2 * reach
    moves = []
    for item in _side_profiles(rect, grey, reach, inner):
        if item is None:
            moves.append(1.0)
            continue
        edge, width = _edge_in_profile(*item)
        inward = -edge + (width if width is not None else shadow) + 1.0
        moves.append(float(np.clip(inward, -reach, inner)))
    top, right, bottom, left = moves
    return rect.inset(left, top, right, bottom)


def crop_print(
    image: Image.Image, found: FoundPrint, fill: tuple[int, int, int] = (255, 255, 255)
) -> Image.Image:
    """The print cut out of the full-resolution scan and turned upright."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = found.corners
    size = found.size
    quad = (
        x0,
        y0,
        x3,
        y3,
        x2,
        y2,
        x1,
        y1,
    )  # Pillow: upper-left, lower-left, lower-right, upper-right
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    return rgb.transform(size, Image.Transform.QUAD, quad, Image.Resampling.BICUBIC, fillcolor=fill)
