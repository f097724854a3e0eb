"""Synthetic flatbed scans with known answers, for the splitter's tests and bench.

Real photos (the fixtures, or any others given) are laid as prints on a generated bed: a white
or grey lid lit unevenly by the lamp, with sensor noise; prints with or without a white paper
border, each casting a faint shadow along its edge, turned up to ±15°, 1 to 8 of them, some
touching the bed's edge, at 300 to 1200 dpi. ``Layout`` records every print's true corners
and angle so a test can measure how far the splitter is off.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

FIXTURE_PHOTOS = Path(__file__).resolve().parents[1] / ".." / "shared" / "fixtures" / "photos"
A4_MM = (210.0, 297.0)


@dataclass
class TruePrint:
    corners: list[tuple[float, float]]  # TL, TR, BR, BL of the upright print, scan pixels
    angle: float  # degrees, counter-clockwise as the scan is seen
    size: tuple[int, int]  # upright print in scan pixels (border included)
    border: bool


@dataclass
class Layout:
    width: int
    height: int
    dpi: int
    prints: list[TruePrint] = field(default_factory=list)
    bed: str = "white"


def fixture_photos() -> list[Image.Image]:
    folder = FIXTURE_PHOTOS.resolve()
    return [Image.open(p).convert("RGB") for p in sorted(folder.glob("*.png"))]


def varied(photo: Image.Image, rng: random.Random) -> Image.Image:
    """A fixture photo made into another print: a crop, a tone, sometimes grey or sepia."""
    w, h = photo.size
    cw, ch = int(w * rng.uniform(0.6, 1.0)), int(h * rng.uniform(0.6, 1.0))
    x, y = rng.randint(0, w - cw), rng.randint(0, h - ch)
    out = photo.crop((x, y, x + cw, y + ch))
    kind = rng.random()
    arr = np.asarray(out, dtype=np.float32)
    if kind < 0.25:
        grey = arr @ np.array([0.299, 0.587, 0.114])
        arr = np.stack([grey] * 3, axis=-1)
    elif kind < 0.45:
        grey = arr @ np.array([0.299, 0.587, 0.114])
        arr = np.stack([grey * 1.0, grey * 0.88, grey * 0.7], axis=-1) + 20
    arr = arr * rng.uniform(0.8, 1.05)
    if rng.random() < 0.5:
        out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).transpose(
            Image.Transpose.FLIP_LEFT_RIGHT
        )
    else:
        out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    return out


def _shape_print(
    photo: Image.Image, size_px: tuple[int, int], border_px: int, paper: int
) -> Image.Image:
    w, h = size_px
    inner = (max(8, w - 2 * border_px), max(8, h - 2 * border_px))
    content = photo.resize(inner, Image.Resampling.BILINEAR)
    if border_px <= 0:
        return content
    sheet = Image.new("RGB", (w, h), (paper, paper - 2, paper - 6))
    sheet.paste(content, (border_px, border_px))
    return sheet


def render_scan(
    seed: int,
    count: int | None = None,
    dpi: int = 300,
    bed: str | None = None,
    borders: str = "mixed",
    photos: list[Image.Image] | None = None,
    max_tilt: float = 15.0,
    touch_edge: bool | None = None,
    page_mm: tuple[float, float] = A4_MM,
) -> tuple[Image.Image, Layout]:
    """A scan and its true layout. ``borders`` is "mixed", "all" or "none"; ``bed`` "white"
    or "grey" (random when None); ``count`` 0 gives an empty bed."""
    rng = random.Random(seed)
    photos = photos or fixture_photos()
    px_per_mm = dpi / 25.4
    width, height = round(page_mm[0] * px_per_mm), round(page_mm[1] * px_per_mm)
    bed = bed or rng.choice(["white", "white", "grey"])
    count = rng.randint(1, 8) if count is None else count
    layout = Layout(width, height, dpi, bed=bed)

    level = rng.uniform(236, 250) if bed == "white" else rng.uniform(150, 200)
    canvas = Image.new("RGB", (width, height), (round(level),) * 3)
    shadow = Image.new("L", (width, height), 0)
    placed: list[tuple[float, float, float]] = []  # centre x, y, radius

    # A grid of cells keeps prints apart; each print fills most of its cell.
    cols = 1 if count <= 1 else 2
    rows = max(1, math.ceil(count / cols)) if count else 1
    cell_w, cell_h = width / cols, height / rows
    touch = rng.random() < 0.3 if touch_edge is None else touch_edge
    for index in range(count):
        col, row = index % cols, index // cols
        photo = varied(rng.choice(photos), rng)
        angle = rng.uniform(-max_tilt, max_tilt)
        t = math.radians(abs(angle))
        aspect = photo.width / photo.height
        # The largest print of this aspect that, turned, fits the cell with a gap.
        gap = 6 * px_per_mm
        avail_w, avail_h = cell_w - gap, cell_h - gap
        for _ in range(40):
            ph = rng.uniform(0.55, 0.9) * min(avail_h, avail_w / aspect)
            pw = ph * aspect
            bw = pw * math.cos(t) + ph * math.sin(t)
            bh = pw * math.sin(t) + ph * math.cos(t)
            if bw <= avail_w and bh <= avail_h:
                break
        else:
            continue
        has_border = borders == "all" or (borders == "mixed" and rng.random() < 0.5)
        border_px = round(rng.uniform(3, 6) * px_per_mm) if has_border else 0
        paper = rng.randint(240, 252)
        sheet = _shape_print(photo, (round(pw), round(ph)), border_px, paper)
        cx = col * cell_w + cell_w / 2 + rng.uniform(-1, 1) * (avail_w - bw) / 2
        cy = row * cell_h + cell_h / 2 + rng.uniform(-1, 1) * (avail_h - bh) / 2
        if touch and index == 0:
            cx = bw / 2 + 0.5  # this print touches the bed's left edge
        placed.append((cx, cy, max(bw, bh) / 2))
        _lay(canvas, shadow, sheet, angle, (cx, cy), px_per_mm, rng)
        w, h = sheet.size
        corners = _rotated_corners(w, h, angle, cx, cy)
        layout.prints.append(TruePrint(corners, angle, (w, h), has_border))

    arr = np.asarray(canvas, dtype=np.float32)
    # The shadow a print's edge casts darkens the bed next to it (never the print itself).
    shade = np.asarray(shadow, dtype=np.float32) / 255.0
    arr = arr * (1.0 - shade[..., None])
    # The lamp: brighter in the middle, falling off toward one end and the sides.
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    fall_x = rng.uniform(0.03, 0.10) * ((xx / width - 0.5) * 2) ** 2
    fall_y = rng.uniform(0.0, 0.08) * (yy / height if rng.random() < 0.5 else 1 - yy / height)
    arr *= (1.0 - fall_x - fall_y)[..., None]
    del xx, yy, fall_x, fall_y
    noise_rng = np.random.default_rng(seed)
    sigma = rng.uniform(1.0, 3.0)
    arr += noise_rng.normal(0.0, sigma, size=(height, width, 1)).astype(np.float32)
    arr += noise_rng.normal(0.0, sigma * 0.5, size=arr.shape).astype(np.float32)
    image = Image.fromarray(np.clip(arr + 0.5, 0, 255).astype(np.uint8), "RGB")
    return image, layout


def _rotated_corners(
    w: int, h: int, angle: float, cx: float, cy: float
) -> list[tuple[float, float]]:
    t = math.radians(angle)
    cos, sin = math.cos(t), math.sin(t)
    out = []
    for x, y in ((-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)):
        # Counter-clockwise on screen (y down): x' = x cos + y sin, y' = -x sin + y cos.
        out.append((cx + x * cos + y * sin, cy - x * sin + y * cos))
    return out


def _lay(
    canvas: Image.Image,
    shadow: Image.Image,
    sheet: Image.Image,
    angle: float,
    centre: tuple[float, float],
    px_per_mm: float,
    rng: random.Random,
) -> None:
    """Paste ``sheet`` turned by ``angle`` at ``centre``, and add its edge shadow."""
    w, h = sheet.size
    corners = _rotated_corners(w, h, angle, *centre)
    # Supersampled coverage mask gives an anti-aliased print edge.
    ss = 4
    x0 = math.floor(min(c[0] for c in corners)) - 8
    y0 = math.floor(min(c[1] for c in corners)) - 8
    x1 = math.ceil(max(c[0] for c in corners)) + 8
    y1 = math.ceil(max(c[1] for c in corners)) + 8
    big = Image.new("L", ((x1 - x0) * ss, (y1 - y0) * ss), 0)
    ImageDraw.Draw(big).polygon([((x - x0) * ss, (y - y0) * ss) for x, y in corners], fill=255)
    mask = big.resize((x1 - x0, y1 - y0), Image.Resampling.BOX)
    # The sheet turned into place with an inverse affine map (QUAD from its corners).
    quad_src = Image.new("RGB", (x1 - x0, y1 - y0))
    t = math.radians(angle)
    cos, sin = math.cos(t), math.sin(t)
    cx, cy = centre[0] - x0, centre[1] - y0
    # Output (scan) pixel -> sheet pixel: the inverse of _rotated_corners' map.
    a = (cos, -sin, w / 2 - cos * cx + sin * cy)
    b = (sin, cos, h / 2 - sin * cx - cos * cy)
    turned = sheet.transform(
        quad_src.size, Image.Transform.AFFINE, (*a, *b), Image.Resampling.BILINEAR
    )
    # The edge shadow: a thin dark band outside the print, deeper on the lamp's far side.
    width_px = max(0.7, rng.uniform(0.08, 0.25) * px_per_mm)
    depth = rng.uniform(0.06, 0.15)
    dx, dy = rng.uniform(-0.6, 0.6) * width_px, rng.uniform(0.2, 0.8) * width_px
    grown = mask.filter(ImageFilter.GaussianBlur(width_px))
    m = np.asarray(mask, dtype=np.float32) / 255.0
    g = np.asarray(grown, dtype=np.float32) / 255.0
    g = np.roll(np.roll(g, round(dy), axis=0), round(dx), axis=1)
    band = np.clip(g * 1.5 * (1.0 - m), 0, 1) * depth
    region = (x0, y0, x1, y1)
    old = np.asarray(shadow.crop(region), dtype=np.float32) / 255.0
    shadow.paste(
        Image.fromarray(np.clip(np.maximum(old, band) * 255, 0, 255).astype(np.uint8)), (x0, y0)
    )
    canvas.paste(turned, (x0, y0), mask)


# -- measuring a split against the truth ------------------------------------------------------


def polygon_mask(corners: list[tuple[float, float]], size: tuple[int, int]) -> np.ndarray:
    im = Image.new("L", size, 0)
    ImageDraw.Draw(im).polygon(corners, fill=1)
    return np.asarray(im, dtype=bool)


def angle_error(found: float, truth: float) -> float:
    return abs((found - truth + 45.0) % 90.0 - 45.0)


def match(found_corners: list[list[tuple[float, float]]], layout: Layout) -> list[int | None]:
    """For each true print, the index of the found print whose centre is nearest (or None)."""
    out: list[int | None] = []
    centres = [np.mean(np.array(c), axis=0) for c in found_corners]
    for truth in layout.prints:
        tc = np.mean(np.array(truth.corners), axis=0)
        best = None
        best_d = max(truth.size) * 0.25
        for i, c in enumerate(centres):
            d = float(np.hypot(*(c - tc)))
            if d < best_d:
                best, best_d = i, d
        out.append(best)
    return out


def tightness(
    found: list[tuple[float, float]],
    truth: list[tuple[float, float]],
    size: tuple[int, int],
    pad: int = 1,
) -> tuple[float, float]:
    """(bed left inside the crop, print cut off) as fractions of the print's area, not
    counting a ``pad``-pixel band at the true edge (the anti-aliased edge pixel)."""
    xs = [p[0] for p in truth] + [p[0] for p in found]
    ys = [p[1] for p in truth] + [p[1] for p in found]
    x0, y0 = max(0, math.floor(min(xs)) - 4), max(0, math.floor(min(ys)) - 4)
    x1, y1 = min(size[0], math.ceil(max(xs)) + 4), min(size[1], math.ceil(max(ys)) + 4)
    shift = lambda pts: [(x - x0, y - y0) for x, y in pts]  # noqa: E731
    local = (x1 - x0, y1 - y0)
    f = polygon_mask(shift(found), local)
    t = polygon_mask(shift(truth), local)
    t_in = (
        np.asarray(
            Image.fromarray(t.astype(np.uint8) * 255).filter(ImageFilter.MinFilter(2 * pad + 1))
        )
        > 0
    )
    t_out = (
        np.asarray(
            Image.fromarray(t.astype(np.uint8) * 255).filter(ImageFilter.MaxFilter(2 * pad + 1))
        )
        > 0
    )
    area = max(1, int(t.sum()))
    bed_left = int((f & ~t_out).sum()) / area
    cut = int((t_in & ~f).sum()) / area
    return bed_left, cut
