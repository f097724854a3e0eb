"""How faithful a result is to its original: a score, a verdict, changed regions and a heat map.

``measure`` registers the result onto the original's frame (``fidelity_align``), compares
the two lightness planes on a grid of about a third of a megapixel (``fidelity_maps``), pools
the evidence into heat cells, and turns connected hot cells into regions in the original's
upright pixels. It is NumPy and Pillow only and never looks at the files: ``app.compare``
decodes them (and may pass the offline pipeline's damage mask).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image

from luxcanvas.domain.fidelity import Fidelity, Region, RegionKind, Verdict
from luxcanvas.imaging.fidelity_align import Alignment, estimate
from luxcanvas.imaging.fidelity_maps import Evidence, evidence

__all__ = ["Alignment", "FidelityMap", "align", "measure"]

#: Longest side of the analysis grid (grid pixels).
ANALYSIS_SIDE = 640
#: Grid pixels per heat cell.
CELL = 8
#: Heat from which a cell belongs to a changed region.
REGION_HEAT = 0.35
#: A region must cover at least this many cells (smaller specks are noise) ...
MIN_CELLS = 4
#: ... and this much heat in all (sum over its cells).
MIN_MASS = 2.5
#: Share of the covered area changed from which the result is a different picture.
REINTERPRETED_AREA = 0.30
#: Alignment peaks below this mean the result could not be laid on the original at all.
NO_MATCH_PEAK = 0.03
MAX_REGIONS = 24


@dataclass(frozen=True)
class FidelityMap:
    """The measurement: the domain ``Fidelity``, and the heat map behind it.

    ``heat`` covers the original's frame in cells of ``scale`` original pixels; ``lost`` is
    the share of each cell's heat that is lost detail (the rest is invented content).
    ``alignment`` lays the result on the original (``warp_result`` uses it for region revert).
    """

    fidelity: Fidelity
    heat: np.ndarray
    scale: float
    alignment: Alignment
    original_size: tuple[int, int]
    lost: np.ndarray | None = None

    def heat_image(self, size: tuple[int, int]) -> Image.Image:
        """An RGBA overlay of ``size`` for display: transparent where nothing changed,
        orange to red where content was invented, blue where detail was lost."""
        heat = np.clip(self.heat, 0, 1)
        lost = self.lost if self.lost is not None else np.zeros_like(heat)
        red = 255 * (1 - lost) + 40 * lost
        green = (160 * (1 - heat)) * (1 - lost) + 120 * lost
        blue = 255 * lost
        alpha = np.clip(heat * 1.4, 0, 1) * 200
        rgba = np.stack([red, green, blue, alpha], axis=-1)
        cells = Image.fromarray(np.clip(rgba, 0, 255).astype(np.uint8), "RGBA")
        return cells.resize(size, Image.Resampling.BILINEAR)

    def warp_result(self, result: Image.Image, size: tuple[int, int] | None = None) -> Image.Image:
        """``result`` resampled onto the original's frame (at ``size``, default the
        original's size): the pixels that sit where the original's do."""
        return self.alignment.warp(result, size or self.original_size)


def _grid(size: tuple[int, int]) -> tuple[int, int]:
    w, h = size
    scale = min(1.0, ANALYSIS_SIDE / max(w, h))
    return max(CELL * 2, round(w * scale)), max(CELL * 2, round(h * scale))


def _lightness(image: Image.Image, size: tuple[int, int]) -> np.ndarray:
    small = image if image.size == size else image.resize(size, Image.Resampling.BOX)
    return np.asarray(small.convert("L"), dtype=np.float32) / 255.0


def align(original: Image.Image, result: Image.Image) -> Image.Image:
    """``result`` registered onto ``original``'s frame and size."""
    alignment = estimate(original.convert("L"), result.convert("L"))
    return alignment.warp(result, original.size)


def _pool(plane: np.ndarray, cell: int) -> np.ndarray:
    h, w = plane.shape[0] // cell, plane.shape[1] // cell
    p = plane[: h * cell, : w * cell].reshape(h, cell, w, cell)
    return p.mean(axis=(1, 3))


def _components(mask: np.ndarray) -> list[list[tuple[int, int]]]:
    """Connected (8-neighbour) groups of True cells."""
    seen = np.zeros_like(mask, dtype=bool)
    groups = []
    h, w = mask.shape
    for y, x in zip(*np.nonzero(mask), strict=True):
        if seen[y, x]:
            continue
        seen[y, x] = True
        queue = deque([(int(y), int(x))])
        group = []
        while queue:
            cy, cx = queue.popleft()
            group.append((cy, cx))
            for ny in (cy - 1, cy, cy + 1):
                for nx in (cx - 1, cx, cx + 1):
                    if 0 <= ny < h and 0 <= nx < w and mask[ny, nx] and not seen[ny, nx]:
                        seen[ny, nx] = True
                        queue.append((ny, nx))
        groups.append(group)
    return groups


def _regions(
    heat: np.ndarray, lost_share: np.ndarray, cell_px: tuple[float, float], size: tuple[int, int]
) -> list[Region]:
    regions = []
    for group in _components(heat >= REGION_HEAT):
        ys = np.array([g[0] for g in group])
        xs = np.array([g[1] for g in group])
        values = heat[ys, xs]
        if len(group) < MIN_CELLS or float(values.sum()) < MIN_MASS:
            continue
        kind = RegionKind.LOST if float(lost_share[ys, xs].mean()) > 0.5 else RegionKind.INVENTED
        cw, ch = cell_px
        x0 = int(np.floor(xs.min() * cw))
        y0 = int(np.floor(ys.min() * ch))
        x1 = min(size[0], int(np.ceil((xs.max() + 1) * cw)))
        y1 = min(size[1], int(np.ceil((ys.max() + 1) * ch)))
        strength = float(np.clip(values.mean(), 0, 1))
        regions.append(Region(x0, y0, x1 - x0, y1 - y0, kind, round(strength, 3)))
    regions.sort(key=lambda r: r.strength * r.w * r.h, reverse=True)
    return regions[:MAX_REGIONS]


def _score(mean_heat: float, structure: float) -> float:
    """0..1: 1 when nothing changed, falling quickly with the changed share of the picture."""
    from_heat = 1.0 - min(1.0, np.sqrt(max(mean_heat, 0.0)) * 1.15)
    from_structure = min(1.0, max(0.0, (structure - 0.1) / 0.7))
    return float(np.clip(0.8 * from_heat + 0.2 * from_structure, 0, 1))


def measure(
    original: Image.Image,
    result: Image.Image,
    *,
    damage_mask: np.ndarray | Callable[[], np.ndarray] | None = None,
    original_size: tuple[int, int] | None = None,
) -> FidelityMap:
    """How faithful ``result`` is to ``original`` (upright images of any size and mode).

    ``original`` may be a downscaled copy: ``original_size`` is then the size of the real
    original, in whose pixels the regions are given. ``damage_mask`` (bool, any size over the
    original's frame) marks damage the result was meant to repair; it never counts as change.
    It may be a function returning the mask (a future's ``result``): it is called only once
    the result is aligned, so a mask computed on another thread overlaps that work.
    """
    frame = original_size or original.size
    grid = _grid(original.size)
    o_l = original.convert("L")
    r_l = result.convert("L")
    alignment = estimate(o_l, r_l)
    o = _lightness(o_l, grid)
    a = np.asarray(alignment.warp(r_l, grid), dtype=np.float32) / 255.0
    covered = alignment.covered(grid)
    valid = _erode(covered, 2)

    def damage() -> np.ndarray | None:
        mask = damage_mask() if callable(damage_mask) else damage_mask
        return None if mask is None else _fit_mask(mask, grid)

    ev: Evidence = evidence(o, a, valid, damage)

    invented = _pool(ev.invented, CELL)
    lost = _pool(ev.lost, CELL)
    heat = np.clip(np.maximum(invented, lost) + 0.5 * np.minimum(invented, lost), 0, 1)
    lost_share = np.where(heat > 0, lost / np.maximum(invented + lost, 1e-6), 0.0)
    cover = _pool(valid.astype(np.float32), CELL)
    counted = cover > 0.5
    heat = np.where(counted, heat, 0.0).astype(np.float32)

    cell_px = (frame[0] / grid[0] * CELL, frame[1] / grid[1] * CELL)
    mean_heat = float(heat[counted].mean()) if counted.any() else 1.0
    changed = float((heat[counted] >= REGION_HEAT).mean()) if counted.any() else 1.0
    score = _score(mean_heat, ev.structure)
    regions = _regions(heat, lost_share, cell_px, frame)
    if alignment.confidence < NO_MATCH_PEAK or changed >= REINTERPRETED_AREA:
        verdict = Verdict.REINTERPRETED
        score = min(score, 0.35)
    elif regions:
        verdict = Verdict.CHECK
        score = min(score, 0.85)
    else:
        verdict = Verdict.FAITHFUL
        score = max(score, 0.86)
    fidelity = Fidelity(round(score, 3), verdict, tuple(regions))
    return FidelityMap(
        fidelity,
        heat,
        float(cell_px[0]),
        alignment,
        (int(frame[0]), int(frame[1])),
        lost_share.astype(np.float32),
    )


def _erode(mask: np.ndarray, radius: int, border: bool = True) -> np.ndarray:
    """``mask`` shrunk by ``radius`` pixels (4-neighbour steps); with ``border`` the frame's
    edge counts as outside."""
    out = mask.copy()
    for _ in range(radius):
        inner = out.copy()
        inner[1:, :] &= out[:-1, :]
        inner[:-1, :] &= out[1:, :]
        inner[:, 1:] &= out[:, :-1]
        inner[:, :-1] &= out[:, 1:]
        if border:
            inner[0, :] = inner[-1, :] = False
            inner[:, 0] = inner[:, -1] = False
        out = inner
    return out


def _fit_mask(mask: np.ndarray, grid: tuple[int, int], grow: int = 3) -> np.ndarray:
    """A damage mask on the analysis grid (any coverage counts), grown by ``grow`` pixels to
    take in the soft rim of each scratch or speck."""
    image = Image.fromarray((np.asarray(mask) > 0).astype(np.uint8) * 255, "L")
    small = np.asarray(image.resize(grid, Image.Resampling.BOX)) > 0
    return ~_erode(~small, grow, border=False)
