"""Registering a result onto its original's frame: the few percent of shift and scale models add.

The search runs on downscaled luminance gradients (robust to tone and colour changes): phase
correlation gives the shift for each candidate scale, and the scale whose correlation peak is
highest wins. Everything here works on small float32 grids; only ``Alignment.warp`` touches
full-size images.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

#: Longest side of the grid the scale search runs on.
SEARCH_SIDE = 256
#: Scales tried per axis in the coarse search (result content / original content).
SCALE_RANGE = 0.08
SCALE_STEPS = 9


@dataclass(frozen=True)
class Alignment:
    """Where the original's frame lies on the result, in fractions of each frame.

    A point at ``(u, v)`` of the original (0..1 across its width and height) shows at
    ``(sx * (u - 0.5) + 0.5 + dx, sy * (v - 0.5) + 0.5 + dy)`` of the result.
    ``confidence`` is the phase-correlation peak (about 1 for the same picture, near 0 for
    unrelated ones).
    """

    sx: float = 1.0
    sy: float = 1.0
    dx: float = 0.0
    dy: float = 0.0
    confidence: float = 1.0

    def coefficients(
        self, out_size: tuple[int, int], in_size: tuple[int, int]
    ) -> tuple[float, ...]:
        """Pillow AFFINE coefficients mapping an output pixel on the original's frame
        (``out_size``) to the result's pixel (``in_size``)."""
        ow, oh = out_size
        iw, ih = in_size
        a = iw * self.sx / ow
        c = iw * (0.5 - 0.5 * self.sx + self.dx)
        e = ih * self.sy / oh
        f = ih * (0.5 - 0.5 * self.sy + self.dy)
        return (a, 0.0, c, 0.0, e, f)

    def warp(self, result: Image.Image, size: tuple[int, int]) -> Image.Image:
        """``result`` resampled onto the original's frame at ``size`` (uncovered parts black)."""
        coeffs = self.coefficients(size, result.size)
        resample = Image.Resampling.BICUBIC
        if max(result.width / size[0], result.height / size[1]) > 1.5:
            # Shrinking a lot: reduce first so the affine sampling does not alias.
            reduced = result.resize(
                (max(1, round(size[0] * self.sx)), max(1, round(size[1] * self.sy))),
                Image.Resampling.BOX,
                reducing_gap=2.0,
            )
            coeffs = self.coefficients(size, reduced.size)
            result = reduced
        return result.transform(size, Image.Transform.AFFINE, coeffs, resample=resample)

    def covered(self, size: tuple[int, int]) -> np.ndarray:
        """Which pixels of a ``size`` grid on the original's frame the result covers."""
        w, h = size
        u = (np.arange(w, dtype=np.float32) + 0.5) / w
        v = (np.arange(h, dtype=np.float32) + 0.5) / h
        ru = self.sx * (u - 0.5) + 0.5 + self.dx
        rv = self.sy * (v - 0.5) + 0.5 + self.dy
        return ((rv >= 0) & (rv <= 1))[:, None] & ((ru >= 0) & (ru <= 1))[None, :]


def _grid_size(size: tuple[int, int], side: int) -> tuple[int, int]:
    w, h = size
    scale = min(1.0, side / max(w, h))
    return max(8, round(w * scale)), max(8, round(h * scale))


def _gradient(plane: np.ndarray) -> np.ndarray:
    """Gradient magnitude of a lightly smoothed plane (tone-change robust features)."""
    p = plane
    gx = np.zeros_like(p)
    gy = np.zeros_like(p)
    gx[:, 1:-1] = p[:, 2:] - p[:, :-2]
    gy[1:-1, :] = p[2:, :] - p[:-2, :]
    mag = np.sqrt(gx * gx + gy * gy)
    # Compress strong edges so one high-contrast border does not rule the correlation.
    return np.sqrt(mag)


def _window(shape: tuple[int, int]) -> np.ndarray:
    h, w = shape
    return (np.hanning(h)[:, None] * np.hanning(w)[None, :]).astype(np.float32)


def _phase_peak(
    ref_fft: np.ndarray, moving: np.ndarray, win: np.ndarray
) -> tuple[float, float, float]:
    """Shift (ty, tx) with ref(x) ≈ moving(x - t), and the peak height."""
    m = moving - moving.mean()
    mov_fft = np.fft.rfft2(m * win)
    cross = ref_fft * np.conj(mov_fft)
    cross /= np.abs(cross) + 1e-9
    corr = np.fft.irfft2(cross, s=moving.shape)
    idx = int(np.argmax(corr))
    h, w = corr.shape
    py, px = divmod(idx, w)
    peak = float(corr[py, px])

    def refine(c_minus: float, c0: float, c_plus: float) -> float:
        denom = c_minus - 2 * c0 + c_plus
        return 0.0 if abs(denom) < 1e-12 else 0.5 * (c_minus - c_plus) / denom

    oy = refine(corr[(py - 1) % h, px], peak, corr[(py + 1) % h, px])
    ox = refine(corr[py, (px - 1) % w], peak, corr[py, (px + 1) % w])
    ty = py + oy
    tx = px + ox
    if ty > h / 2:
        ty -= h
    if tx > w / 2:
        tx -= w
    return ty, tx, peak


def _scaled(plane_img: Image.Image, size: tuple[int, int], sx: float, sy: float) -> np.ndarray:
    coeffs = Alignment(sx, sy).coefficients(size, plane_img.size)
    warped = plane_img.transform(size, Image.Transform.AFFINE, coeffs, Image.Resampling.BILINEAR)
    return np.asarray(warped, dtype=np.float32)


def estimate(original_l: Image.Image, result_l: Image.Image) -> Alignment:
    """The similarity (per-axis scale and shift) that best lays ``result_l`` on
    ``original_l`` (both 8-bit or float luminance images of any size)."""
    size = _grid_size(original_l.size, SEARCH_SIDE)
    ref = np.asarray(original_l.convert("F").resize(size, Image.Resampling.BOX), np.float32)
    res_size = _grid_size(result_l.size, round(SEARCH_SIDE * 1.2))
    res_img = result_l.convert("F").resize(res_size, Image.Resampling.BOX)
    win = _window((size[1], size[0]))
    ref_g = _gradient(ref)
    ref_fft = np.fft.rfft2((ref_g - ref_g.mean()) * win)

    def score(sx: float, sy: float) -> tuple[float, float, float]:
        moving = _gradient(_scaled(res_img, size, sx, sy))
        return _phase_peak(ref_fft, moving, win)

    scales = np.linspace(1 - SCALE_RANGE, 1 + SCALE_RANGE, SCALE_STEPS)
    best = (-1.0, 1.0, 1.0, 0.0, 0.0)
    # Uniform scales first (most models zoom evenly), then each axis around the best one.
    for s in scales:
        ty, tx, peak = score(float(s), float(s))
        if peak > best[0]:
            best = (peak, float(s), float(s), ty, tx)
    step = float(scales[1] - scales[0])
    for sx in (best[1] - step, best[1], best[1] + step):
        for sy in (best[2] - step, best[2], best[2] + step):
            if sx == best[1] and sy == best[2]:
                continue
            ty, tx, peak = score(sx, sy)
            if peak > best[0]:
                best = (peak, sx, sy, ty, tx)
    # A finer pass at a third of the step.
    fine = step / 3
    bx, by = best[1], best[2]
    for sx in (bx - fine, bx, bx + fine):
        for sy in (by - fine, by, by + fine):
            if sx == bx and sy == by:
                continue
            ty, tx, peak = score(sx, sy)
            if peak > best[0]:
                best = (peak, sx, sy, ty, tx)
    peak, sx, sy, ty, tx = best
    w, h = size
    # aligned(x) = W(x - t) with W the result scaled about the centre: dx = -sx * tx / w.
    coarse = Alignment(sx, sy, -sx * tx / w, -sy * ty / h, max(0.0, peak))
    return refine(original_l, result_l, coarse)


#: Longest side of the grid the tile refinement runs on, and tiles per side.
REFINE_SIDE = 512
TILES = 3
#: Tiles whose correlation peak is below this are not trusted.
TILE_PEAK = 0.06


def refine(original_l: Image.Image, result_l: Image.Image, alignment: Alignment) -> Alignment:
    """Sharpen a coarse alignment: the residual shift of each tile of a TILES×TILES split,
    fitted as a scale and shift per axis (weighted by each tile's correlation peak)."""
    size = _grid_size(original_l.size, REFINE_SIDE)
    w, h = size
    ref = np.asarray(original_l.convert("F").resize(size, Image.Resampling.BOX), np.float32)
    ref_g = _gradient(ref)
    current = alignment
    for _ in range(2):
        moving = np.asarray(current.warp(result_l.convert("F"), size), np.float32)
        mov_g = _gradient(moving)
        tw, th = w // TILES, h // TILES
        if tw < 32 or th < 32:
            return current
        win = _window((th, tw))
        us, vs, txs, tys, weights = [], [], [], [], []
        for j in range(TILES):
            for i in range(TILES):
                r_tile = ref_g[j * th : (j + 1) * th, i * tw : (i + 1) * tw]
                m_tile = mov_g[j * th : (j + 1) * th, i * tw : (i + 1) * tw]
                ref_fft = np.fft.rfft2((r_tile - r_tile.mean()) * win)
                ty, tx, peak = _phase_peak(ref_fft, m_tile, win)
                if peak < TILE_PEAK or abs(tx) > tw / 8 or abs(ty) > th / 8:
                    continue
                us.append(((i + 0.5) * tw) / w - 0.5)
                vs.append(((j + 0.5) * th) / h - 0.5)
                txs.append(tx / w)
                tys.append(ty / h)
                weights.append(peak)
        if len(weights) < 4:
            return current
        wts = np.asarray(weights)
        kx, tx0 = _line_fit(np.asarray(us), np.asarray(txs), wts)
        ky, ty0 = _line_fit(np.asarray(vs), np.asarray(tys), wts)
        current = Alignment(
            current.sx * (1 - kx),
            current.sy * (1 - ky),
            current.dx - current.sx * tx0,
            current.dy - current.sy * ty0,
            current.confidence,
        )
    return current


def _line_fit(x: np.ndarray, y: np.ndarray, weights: np.ndarray) -> tuple[float, float]:
    """Weighted least-squares slope and intercept; a flat line when x does not vary."""
    wsum = weights.sum()
    mx = float((weights * x).sum() / wsum)
    my = float((weights * y).sum() / wsum)
    var = float((weights * (x - mx) ** 2).sum())
    if var < 1e-9:
        return 0.0, my
    slope = float((weights * (x - mx) * (y - my)).sum() / var)
    return slope, my - slope * mx
