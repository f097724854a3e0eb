"""Per-pixel change evidence between an original and its aligned result, on a small grid.

Three kinds of evidence, each made blind to what restoration legitimately does:

* **structure**: the local correlation of the two lightness planes (the structure term of
  SSIM), the best over one-pixel shifts and at two scales, so tone curves, colour, sharpening,
  denoising and small warps leave it near 1, while a pasted-in or redrawn area drops it;
* **detail**: the ratio of local contrast, so a wiped or blurred area (much less detail than
  the original had) reads as *lost*, and texture where the original was flat as *invented*;
* **tone**: a mid-frequency difference in local brightness after matching the global tone
  curve, for an area painted over with something flat.

Before comparing, the original is brought to the result's tone: a slow brightness field
(vignetting, uneven fading) and then one global curve. Thin damage (scratches, dust, grain) is
filtered out of both planes by a median, specks the result repaired are filled from their
surroundings, a damage mask, when given, makes the masked pixels agree, and so do the thin
lines and specks the result took out where nothing around them changed (``thin_repairs``), and
the dust blobs it took out from a surface that is otherwise the same (``dust_repairs``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

from luxcanvas.imaging.scanbed_geometry import label_components


@dataclass(frozen=True)
class Evidence:
    """Per-pixel change evidence on the analysis grid, each 0..1."""

    invented: np.ndarray
    lost: np.ndarray
    #: Mean structural correlation over the covered area (1 for the same picture).
    structure: float


def _window_sum(padded: np.ndarray, size: int, axis: int) -> np.ndarray:
    """Sums of ``size`` consecutive samples along ``axis`` (the result is ``size - 1`` shorter):
    runs of 1, 2, 4, ... samples added up in float32, about log2(size) passes, with no running
    total whose rounding grows along the row as a summed-area table's does."""

    def part(a: np.ndarray, start: int, length: int) -> np.ndarray:
        return a[start : start + length] if axis == 0 else a[:, start : start + length]

    length = padded.shape[axis] - size + 1
    shape = list(padded.shape)
    shape[axis] = length
    total = np.zeros(shape, np.float32)
    run, span, start, remaining = padded, 1, 0, size
    while remaining:
        if remaining & 1:
            total += part(run, start, length)
            start += span
        remaining >>= 1
        if remaining:
            run = part(run, 0, run.shape[axis] - span) + part(run, span, run.shape[axis] - span)
            span *= 2
    return total


def box_mean(plane: np.ndarray, radius: int) -> np.ndarray:
    """Mean over a (2r+1)² window with edge replication (float32, one axis after the other)."""
    size = 2 * radius + 1
    rows = np.pad(np.asarray(plane, np.float32), ((radius, radius), (0, 0)), mode="edge")
    columns = np.pad(_window_sum(rows, size, 0), ((0, 0), (radius, radius)), mode="edge")
    return _window_sum(columns, size, 1) * np.float32(1 / (size * size))


def blur(plane: np.ndarray, radius: int) -> np.ndarray:
    """A cheap, smooth low-pass: two box passes (close to a Gaussian of σ ≈ 0.8·radius)."""
    return box_mean(box_mean(plane, radius), radius)


def median3(plane: np.ndarray) -> np.ndarray:
    """3×3 median: removes specks and lines one pixel wide, keeps edges (Pillow's rank
    filter on a float image, edges replicated)."""
    image = Image.fromarray(np.ascontiguousarray(plane, np.float32), "F")
    return np.asarray(image.filter(ImageFilter.MedianFilter(3)), np.float32)


def noise_sigma(plane: np.ndarray, median: np.ndarray | None = None) -> float:
    """Noise level of a plane (0..1 units) from the median absolute fine residual
    (``median``: ``median3(plane)`` when already at hand)."""
    residual = plane - (median3(plane) if median is None else median)
    return float(1.4826 * np.median(np.abs(residual)))


def match_tone(source: np.ndarray, target: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """``source`` through the monotone curve that gives it ``target``'s histogram."""
    qs = np.linspace(0, 1, 129)
    src = np.quantile(source[valid], qs)
    dst = np.quantile(target[valid], qs)
    src = np.maximum.accumulate(src + np.arange(qs.size) * 1e-7)
    return np.interp(source, src, dst).astype(np.float32)


def _tone_slope(source: np.ndarray, target: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Per pixel of ``source``: the slope of the curve that gives it ``target``'s histogram,
    over quantiles 1/32 apart (each step taken at least one grey level wide)."""
    qs = np.linspace(0, 1, 33)
    src = np.quantile(source[valid], qs)
    dst = np.quantile(target[valid], qs)
    slope = np.maximum(np.diff(dst), 0) / np.maximum(np.diff(src), 1 / 255)
    step = np.clip(np.searchsorted(src, source) - 1, 0, slope.size - 1)
    return slope[step].astype(np.float32)


def _flat_field(o: np.ndarray, a: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """The gain (per pixel) that puts right, on ``o``, the slow brightness field the result
    took out (vignetting, uneven fading), so that one tone curve then fits it everywhere.

    The field is the ratio of the two planes' large-scale means, the result's taken through
    the curve that gives it ``o``'s histogram (so that a global tone change is left to
    ``match_tone``); only the covered area counts. A vignetted corner would otherwise meet a
    curve fitted to the rest of the photo and come out posterised, which reads as detail."""
    radius = max(2, round(max(o.shape) * FLAT_FIELD))
    inside = valid.astype(np.float32)
    share = np.maximum(blur(inside, radius), 1e-3)
    a_as_o = match_tone(a, o, valid)
    lo = blur(o * inside, radius) / share
    la = blur(a_as_o * inside, radius) / share
    # The offset keeps the ratio of two near-black means from swinging on a grey level.
    return np.clip((la + 0.02) / (lo + 0.02), *FLAT_GAIN).astype(np.float32)


def _shift(plane: np.ndarray, dy: int, dx: int) -> np.ndarray:
    if dy == 0 and dx == 0:
        return plane
    h, w = plane.shape
    p = np.pad(plane, 1, mode="edge")
    return p[1 + dy : 1 + dy + h, 1 + dx : 1 + dx + w]


def _structure(o: np.ndarray, a: np.ndarray, radius: int, c: float) -> np.ndarray:
    """Best local correlation of ``o`` and ``a`` over one-pixel shifts of ``a``."""
    mo = box_mean(o, radius)
    vo = np.maximum(box_mean(o * o, radius) - mo * mo, 0)
    so = np.sqrt(vo)
    # The shifted result's window statistics are its own, shifted (they differ only at the
    # border, where the shift repeats a row): only the cross term is summed per shift.
    mean_a, square_a = box_mean(a, radius), box_mean(a * a, radius)
    best = np.full(o.shape, -1.0, np.float32)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            ma = _shift(mean_a, dy, dx)
            va = np.maximum(_shift(square_a, dy, dx) - ma * ma, 0)
            cov = box_mean(o * _shift(a, dy, dx), radius) - mo * ma
            corr = (cov + c) / (so * np.sqrt(va) + c)
            np.maximum(best, corr, out=best)
    return best


def _half(plane: np.ndarray) -> np.ndarray:
    h, w = plane.shape[0] // 2 * 2, plane.shape[1] // 2 * 2
    p = plane[:h, :w]
    return 0.25 * (p[0::2, 0::2] + p[1::2, 0::2] + p[0::2, 1::2] + p[1::2, 1::2])


def _double(plane: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    up = np.repeat(np.repeat(plane, 2, axis=0), 2, axis=1)
    out = np.empty(shape, np.float32)
    h, w = min(shape[0], up.shape[0]), min(shape[1], up.shape[1])
    out[:h, :w] = up[:h, :w]
    out[h:, :w] = up[h - 1 : h, :w]
    out[:, w:] = out[:, w - 1 : w]
    return out


def _extreme(plane: np.ndarray, radius: int, pick) -> np.ndarray:
    """Separable min or max (``pick``: ``np.minimum`` / ``np.maximum``) over a (2r+1)² square.

    Equals Pillow's MinFilter/MaxFilter on mode "F", but those are about 50x slower here
    (0.11 s against 0.002 s per pass at radius 3 on 480x640: slices taken in place)."""
    out = np.asarray(plane, np.float32)
    for axis in (0, 1):
        pad = [(0, 0), (0, 0)]
        pad[axis] = (radius, radius)
        p = np.pad(out, pad, mode="edge")
        n = plane.shape[axis]

        def window(k: int, p: np.ndarray = p, n: int = n, axis: int = axis) -> np.ndarray:
            return p[k : k + n] if axis == 0 else p[:, k : k + n]

        acc = window(0).copy()
        for k in range(1, 2 * radius + 1):
            pick(acc, window(k), out=acc)
        out = acc
    return out


def _without_specks(plane: np.ndarray, radius: int) -> np.ndarray:
    """``plane`` with bright and dark features narrower than 2r+1 pixels (scratches, dust)
    filled in from their surroundings: a grey opening, then a closing."""
    opened = _extreme(_extreme(plane, radius, np.minimum), radius, np.maximum)
    return _extreme(_extreme(opened, radius, np.maximum), radius, np.minimum)


def repaired_original(original: np.ndarray, result: np.ndarray) -> np.ndarray:
    """``original`` with the thin damage the result repaired taken out (where the result
    agrees with the filled-in original better than with the original itself).

    Only strong, isolated features count: a speck or scratch that stands out from its
    neighbourhood's own fine texture by SPECK_CONTRAST (absolute) and SPECK_OUTLIER times the
    neighbourhood's mean deviation. Texture (grass, brick), whose small features are
    everywhere, stays as it is, so wiping it still reads as lost. The mean counts each
    deviation up to SPECK_TYPICAL_CAP only, so that a large speck does not raise its own bar.
    """
    filled = _without_specks(original, SPECK_RADIUS)
    deviation = np.abs(original - filled)
    typical = box_mean(np.minimum(deviation, SPECK_TYPICAL_CAP), 8)
    speck = (deviation > SPECK_CONTRAST) & (deviation > SPECK_OUTLIER * typical)
    # The speck's soft rim goes with it.
    speck = box_mean(speck.astype(np.float32), 1) > 0
    # Filled from the mean of what is around it: the opening-closing sits on the lower (or
    # upper) envelope of grainy ground, which a clean result does not match.
    if SPECK_FILL_RADIUS:
        keep = (~speck).astype(np.float32)
        share = box_mean(keep, SPECK_FILL_RADIUS)
        around = box_mean(original * keep, SPECK_FILL_RADIUS) / np.maximum(share, 1e-3)
        filled = np.where(share > 0.05, around, filled)
    repaired = np.abs(result - filled) < np.abs(result - original)
    repaired = box_mean(repaired.astype(np.float32), 1) > 0.5
    return np.where(speck & repaired, filled, original).astype(np.float32)


def _correlation(o: np.ndarray, a: np.ndarray, radius: int, c: float) -> np.ndarray:
    """Local correlation of ``o`` and ``a`` (no shifts; ``c`` steadies flat windows)."""
    cov = box_mean(o * a, radius) - box_mean(o, radius) * box_mean(a, radius)
    return (cov + c) / (np.sqrt(_variance(o, radius) * _variance(a, radius)) + c)


class _Rings:
    """The ring of each labelled component: the pixels 2 to ``radius`` away from it (those
    touching it are its soft rim). Where two rings meet, the higher label takes the pixel."""

    def __init__(self, labels: np.ndarray, n: int, radius: int) -> None:
        rank = labels.astype(np.float32)
        around = _extreme(rank, radius, np.maximum)
        self.where = (_extreme(rank, 1, np.maximum) == 0) & (around > 0)
        self.label = around[self.where].astype(np.int64)
        self.n = n
        self.count = np.maximum(np.bincount(self.label, minlength=n + 1), 1)

    def mean(self, plane: np.ndarray) -> np.ndarray:
        """Each component's mean of ``plane`` over its ring (index 0: the background)."""
        return np.bincount(self.label, plane[self.where], self.n + 1) / self.count


def thin_repairs(om: np.ndarray, a: np.ndarray) -> np.ndarray:
    """``om`` with the thin damage the result took out (cracks, scratches, specks too faint,
    thick or crowded for ``repaired_original``) set to the result's own pixels.

    A candidate is a feature up to 2·THIN_RADIUS+1 pixels wide that the original has and the
    result does not: the thin part of their difference, of the same sign as the original's own
    thin residual there and standing out from the difference's grain (THIN_K). Within a
    window it must be sparse (THIN_DENSITY) and one-signed (THIN_SIGNED): a wiped or blurred
    texture loses bright and dark features alike, and everywhere. Each connected candidate is
    then taken only where

    * the picture around it is the same (its median local correlation, at half size and with
      the candidate set to the result, is at least THIN_KEPT): a different photograph has
      thin features the result lacks everywhere, and
    * its ring did not move the other way (by more than RING_SHARE of its own difference): a
      blur or a smooth fill spreads a line's ink over its surround, a repair leaves the
      surround as it was; nor much either way (RING_SAME): a pasted patch lacks the mortar
      lines of the brick it covers, and everything between them too.
    """
    d = om - a
    thin = d - _without_specks(d, THIN_RADIUS)
    own = om - _without_specks(om, THIN_RADIUS)
    grain = max(1.4826 * float(np.median(np.abs(thin))), 1e-3)
    tau = max(SPECK_CONTRAST, THIN_K * grain)
    candidate = (np.abs(thin) > tau) & (np.sign(own) == np.sign(thin)) & (np.abs(own) > 0.5 * tau)
    density = box_mean(candidate.astype(np.float32), THIN_WINDOW)
    signed = np.abs(box_mean(np.where(candidate, np.sign(thin), 0), THIN_WINDOW))
    candidate &= (density <= THIN_DENSITY) & (signed >= THIN_SIGNED * density)
    labels, n = label_components(candidate)
    if n == 0:
        return om
    flat = labels.ravel()
    size = np.maximum(np.bincount(flat, minlength=n + 1), 1)

    excused = np.where(box_mean(candidate.astype(np.float32), 1) > 0, a, om)
    ho, ha = _half(excused), _half(a)
    flattest = float(np.percentile(_variance(ho, THIN_KEPT_RADIUS), 20))
    corr = _correlation(ho, ha, THIN_KEPT_RADIUS, max(1e-4, 2 * flattest))
    kept = _double(corr, om.shape) >= THIN_KEPT
    accept = np.bincount(flat, kept.ravel(), n + 1) / size >= THIN_KEPT_SHARE

    ring = _Rings(labels, n, RING_RADIUS)
    ring_d = ring.mean(d)
    own_d = np.bincount(flat, d.ravel(), n + 1) / size
    accept &= ring_d * np.sign(own_d) > -RING_SHARE * np.abs(own_d)
    accept &= np.abs(ring_d) < RING_SAME * np.abs(own_d)
    accept[0] = False
    repaired = box_mean(accept[labels].astype(np.float32), 1) > 0
    return np.where(repaired, a, om).astype(np.float32)


def dust_repairs(om: np.ndarray, a: np.ndarray) -> np.ndarray:
    """``om`` with the dust the result took out set to the result's own pixels: blobs too
    large for ``repaired_original``'s specks and too round for ``thin_repairs``' lines.

    A candidate is a connected area where the smoothed difference of the two planes stands out
    by DUST_K times its robust spread over the whole photo (and SPECK_CONTRAST), of one sign.
    It must be compact (at least DUST_AREA pixels, at most DUST_SIDE of the long side across,
    filling DUST_FILL of its ellipse, no longer than DUST_ASPECT times its width) and

    * its ring (pixels 2 to DUST_RING away) must agree: a mean difference at most DUST_RING_SAME
      of the blob's own, and at most DUST_RING_HOT of it standing out by half the bar. A
      different photograph differs everywhere, so its spread is large and no blob's ring is
      quiet; an edited area differs over more than a blob;
    * the original's blob must stand out from its own ring in the difference's direction (by
      DUST_STANDS_OUT of the difference) and the result's be level with its ring (within
      DUST_LEVEL of it): dust, and a surface without it."""
    d = om - a
    smooth = box_mean(d, 1)
    spread = max(1.4826 * float(np.median(np.abs(d - np.median(d)))), 1e-3)
    tau = max(SPECK_CONTRAST, DUST_K * spread)
    long_side = max(om.shape)
    dust = np.zeros(om.shape, bool)
    for sign in (1, -1):
        labels, n = label_components(sign * smooth > tau)
        if n == 0:
            continue
        flat = labels.ravel()
        inside = np.flatnonzero(flat)
        label = flat[inside]
        area = np.bincount(label, minlength=n + 1).astype(np.float64)
        count = np.maximum(area, 1)

        def mean(
            values: np.ndarray, label: np.ndarray = label, count: np.ndarray = count
        ) -> np.ndarray:
            """Each component's mean of ``values`` (its own pixels' values, in order)."""
            return np.bincount(label, values, count.size) / count

        ys, xs = np.divmod(inside, om.shape[1])
        ys, xs = ys.astype(np.float64), xs.astype(np.float64)
        my, mx = mean(ys), mean(xs)
        # The pixels' covariance, each pixel a unit square (hence the 1/12).
        cyy = mean(ys * ys) - my * my + 1 / 12
        cxx = mean(xs * xs) - mx * mx + 1 / 12
        cxy = mean(xs * ys) - mx * my
        half_trace = (cyy + cxx) / 2
        det = np.maximum(cyy * cxx - cxy * cxy, 1e-6)
        spread_axes = np.sqrt(np.maximum(half_trace * half_trace - det, 0))
        major, minor = half_trace + spread_axes, np.maximum(half_trace - spread_axes, 1e-3)
        accept = (area >= DUST_AREA) & (4 * np.sqrt(major) <= DUST_SIDE * long_side)
        accept &= (area / (4 * np.pi * np.sqrt(det)) >= DUST_FILL) & (
            np.sqrt(major / minor) <= DUST_ASPECT
        )

        ring = _Rings(labels, n, DUST_RING)
        own = mean(d.ravel()[inside])
        accept &= ring.mean(np.abs(d)) <= DUST_RING_SAME * np.abs(own)
        accept &= ring.mean((np.abs(smooth) > 0.5 * tau).astype(np.float32)) <= DUST_RING_HOT
        accept &= sign * (mean(om.ravel()[inside]) - ring.mean(om)) >= DUST_STANDS_OUT * np.abs(own)
        accept &= np.abs(mean(a.ravel()[inside]) - ring.mean(a)) <= DUST_LEVEL * np.abs(own)
        accept[0] = False
        dust |= accept[labels]
    if not dust.any():
        return om
    # The blob's soft rim goes with it.
    dust = box_mean(dust.astype(np.float32), 2) > 0
    return np.where(dust, a, om).astype(np.float32)


def _band_energy(plane: np.ndarray) -> np.ndarray:
    """Local energy of the mid band (between a light and a medium blur): the detail a blur or
    a smooth fill takes away, which denoising, JPEG and halving the resolution keep."""
    band = blur(plane, 1) - blur(plane, BAND_RADIUS)
    # A running-sum mean of squares can dip a rounding error below zero on flat areas.
    return np.maximum(box_mean(band * band, BAND_WINDOW), 0.0)


def _tone_difference(om: np.ndarray, a: np.ndarray) -> np.ndarray:
    """Mid-frequency brightness difference of ``a`` against ``om`` that neither a change of
    local contrast nor a one-pixel misalignment explains.

    A result with stronger (or a little weaker) edges than its faded original differs from it
    along every edge, in proportion to the original's own mid-frequency detail; that part is
    fitted per window (a gain between CONTRAST_GAIN's bounds) and taken out, and the smallest
    residual over one-pixel shifts of the result is kept. A repaint over a flat area has no
    detail to be proportional to and no shift to hide in, so it stays."""

    def mid_band(plane: np.ndarray) -> np.ndarray:
        light = blur(plane, 2)
        return light - blur(light, 12)

    detail, ab = mid_band(om), mid_band(a)
    power = box_mean(detail * detail, TONE_WINDOW) + 1e-5

    def residual(dy: int, dx: int) -> np.ndarray:
        diff = _shift(ab, dy, dx) - detail
        gain = np.clip(box_mean(diff * detail, TONE_WINDOW) / power, *CONTRAST_GAIN)
        return diff - gain * detail

    best = residual(0, 0)
    for dy, dx in ((-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1)):
        other = residual(dy, dx)
        best = np.where(np.abs(other) < np.abs(best), other, best)
    return best


def _variance(plane: np.ndarray, radius: int) -> np.ndarray:
    mean = box_mean(plane, radius)
    return np.maximum(box_mean(plane * plane, radius) - mean * mean, 0)


def _gate(variance: np.ndarray, c: np.ndarray) -> np.ndarray:
    """1 where an area has clearly more detail than its grain and the DETAIL_STD floor."""
    low = np.maximum(2 * c, DETAIL_STD[0] ** 2)
    high = np.maximum(6 * c, DETAIL_STD[1] ** 2)
    return np.clip((variance - low) / (high - low), 0, 1).astype(np.float32)


def _ramp(value: np.ndarray, start: float, full: float) -> np.ndarray:
    """0 at ``start``, 1 at ``full`` (either direction), clipped."""
    return np.clip((value - start) / (full - start), 0, 1).astype(np.float32)


#: The constant of the local statistics is at least this many times the flattest variance.
FLOOR_FACTOR = 2.0
#: Window radius (grid pixels) of the local statistics.
RADIUS = 3
#: Correlation at and above which structure counts as kept, and where it counts as replaced.
STRUCTURE_KEPT = 0.55
STRUCTURE_GONE = 0.15
#: Local contrast ratio (result / original variance) below which detail counts as lost.
DETAIL_KEPT = 0.30
DETAIL_GONE = 0.08
#: Local grain counts up to this many times the photo's median grain.
GRAIN_CAP = 3.0
#: Local contrast (standard deviation, 0..1) from which an area has detail to lose (mottling and
#: grain below it are what denoising legitimately removes), and from which it fully counts.
DETAIL_STD = (0.025, 0.05)
#: Mid-frequency brightness difference (0..1) at which a flat repaint counts.
TONE_START = 0.07
TONE_FULL = 0.16
#: Local contrast gain (result detail / original detail - 1) a tone difference may be fitted
#: with, and the window (radius) of the fit.
CONTRAST_GAIN = (-0.4, 2.0)
TONE_WINDOW = 8
#: Thin damage: features up to 2r+1 grid pixels wide, standing out by this much (0..1) and
#: this many times their neighbourhood's typical fine deviation (each deviation counted up to
#: the cap in that mean).
SPECK_RADIUS = 3
SPECK_CONTRAST = 0.08
SPECK_OUTLIER = 3.0
SPECK_TYPICAL_CAP = 0.1
#: A speck is filled with the mean of the non-speck pixels within this radius (0: with the
#: opening-closing).
SPECK_FILL_RADIUS = 5
#: Thin damage the result took out (``thin_repairs``): features up to 2r+1 grid pixels wide,
#: standing out by THIN_K times the difference's grain; at most THIN_DENSITY of a window
#: (radius THIN_WINDOW), mostly of one sign; where the local correlation (radius
#: THIN_KEPT_RADIUS at half size) is THIN_KEPT or more on THIN_KEPT_SHARE of its pixels, and
#: whose ring (RING_RADIUS pixels) moved the other way by less than RING_SHARE of the
#: feature's own difference, and either way by less than RING_SAME of it.
THIN_RADIUS = 4
THIN_K = 4.0
THIN_WINDOW = 8
THIN_DENSITY = 0.3
THIN_SIGNED = 0.6
THIN_KEPT = 0.5
THIN_KEPT_RADIUS = 6
THIN_KEPT_SHARE = 0.5
RING_RADIUS = 4
RING_SHARE = 0.15
RING_SAME = 0.5
#: Dust the result took out (``dust_repairs``): blobs of the smoothed difference beyond DUST_K
#: times its spread, at least DUST_AREA pixels, at most DUST_SIDE of the long side across,
#: filling DUST_FILL of their ellipse and at most DUST_ASPECT long; whose ring (DUST_RING
#: pixels) differs by at most DUST_RING_SAME of the blob's difference, with at most
#: DUST_RING_HOT of it beyond half the bar; where the original's blob stands out from its ring
#: by DUST_STANDS_OUT of the difference and the result's is level with its ring within
#: DUST_LEVEL of it.
DUST_K = 4.0
DUST_AREA = 6
DUST_SIDE = 0.05
DUST_FILL = 0.5
DUST_ASPECT = 3.0
DUST_RING = 4
DUST_RING_SAME = 0.3
DUST_RING_HOT = 0.15
DUST_STANDS_OUT = 0.6
DUST_LEVEL = 0.5
#: Mid band: blur radius of its lower edge, and the window (radius) of its local energy.
BAND_RADIUS = 5
BAND_WINDOW = 6
#: Mid-band energy ratio (result / original) below which detail counts as lost, and gone.
BAND_KEPT = 0.35
BAND_GONE = 0.12
#: Mid-band contrast (standard deviation, 0..1) from which an area has detail to lose.
BAND_STD = (0.012, 0.025)
#: Mid-band energy of the original's grain per unit of magnification, as (BAND_NOISE·sigma)²
#: (1.5 also let a blur on a faded print pass as denoising: the aged-blur cases of
#: bench/eval_fidelity.py), and the mean structure over which the magnification counts (not
#: at all at the first, fully from the second: two unrelated pictures meet a steep curve too).
BAND_NOISE = 0.5
AMP_RELATED = (0.85, 0.92)
#: Slow brightness field: blur radius (share of the long side; 0: off) and the gain's bounds.
FLAT_FIELD = 0.1
FLAT_GAIN = (0.6, 1.6)


def evidence(
    original: np.ndarray,
    result: np.ndarray,
    valid: np.ndarray,
    damage: Callable[[], np.ndarray | None] | None = None,
) -> Evidence:
    """Change evidence of ``result`` against ``original`` (lightness planes 0..1, same grid).

    ``damage`` returns the mask (bool, same grid) of damage the result repaired, or None; it
    is called once, after the work that does not need it."""
    o = o_median = median3(original)
    a = median3(result)
    if not valid.any():
        zero = np.zeros_like(o)
        return Evidence(zero, zero, 0.0)
    gain = _flat_field(o, a, valid) if FLAT_FIELD else np.float32(1.0)
    o = (o * gain).astype(np.float32)
    # How much the tone curve (and the flat field) magnified the original's grain.
    amplified = np.maximum(box_mean(_tone_slope(o, a, valid) * gain, RADIUS), 1.0)
    om = match_tone(o, a, valid)
    om = repaired_original(om, a)
    mask = damage() if damage is not None else None
    if mask is not None and mask.any():
        om = np.where(mask, a, om)
    om = dust_repairs(thin_repairs(om, a), a)
    # Outside the result's cover, let the result agree so the windows near the border see
    # no false edge.
    a = np.where(valid, a, om).astype(np.float32)
    sigma = max(noise_sigma(original, o_median), 0.004)
    # Grain that a median does not see (soft, clumped) shows as the variance of the flattest
    # areas: below that floor, a result with less variance was denoised, not wiped.
    mo0 = box_mean(om, RADIUS)
    floor = float(np.percentile(np.maximum(box_mean(om * om, RADIUS) - mo0 * mo0, 0)[valid], 20))
    c = max((2.5 * sigma) ** 2, FLOOR_FACTOR * floor)

    fine = _structure(om, a, RADIUS, c)
    coarse = _double(_structure(_half(om), _half(a), RADIUS, c / 2), o.shape)
    structure = 0.5 * (fine + coarse)
    mean_structure = float(structure[valid].mean())
    # A steep curve between two unrelated pictures is no evidence of magnified grain.
    start, full = AMP_RELATED
    related = min(max((mean_structure - start) / (full - start), 0.0), 1.0)
    amplified = 1.0 + (amplified - 1.0) * related
    invented = _ramp(structure, STRUCTURE_KEPT, STRUCTURE_GONE)

    # Detail is compared after a light blur, against each plane's own grain (its finest
    # residual): grain a tone curve amplified is what denoising may remove.
    ob, ab = blur(om, 1), blur(a, 1)
    vo, va = _variance(ob, RADIUS), _variance(ab, RADIUS)
    grain_o = box_mean((om - ob) ** 2, RADIUS)
    grain_a = box_mean((a - ab) ** 2, RADIUS)
    # Capped at a few times the typical grain: fine residual beyond that is real detail.
    cap_o = GRAIN_CAP * float(np.median(grain_o[valid]))
    cap_a = GRAIN_CAP * float(np.median(grain_a[valid]))
    co = np.maximum(c, (2.5 * sigma * amplified) ** 2) + 3 * np.minimum(grain_o, cap_o)
    ca = c + 3 * np.minimum(grain_a, cap_a)
    ratio = (va + co) / (vo + co)
    lost = _ramp(ratio, DETAIL_KEPT, DETAIL_GONE) * _gate(vo, co)
    ratio_up = (vo + ca) / (va + ca)
    gained = _ramp(ratio_up, DETAIL_KEPT, DETAIL_GONE) * _gate(va, ca)
    # Mid-scale detail gone (a blur, a smooth fill), seen even where fine texture is grain.
    eo, ea = _band_energy(om), _band_energy(a)
    # The original's grain, magnified by the curve, fills the mid band too: denoising may
    # take that much of it away.
    band_noise = (BAND_NOISE * sigma) ** 2 * (amplified**2 - 1)
    band_c = BAND_STD[0] ** 2 * 0.5 + band_noise
    band_ratio = (ea + band_c) / (eo + band_c)
    band_gate = _ramp(np.sqrt(np.maximum(eo - band_noise, 0)), BAND_STD[0], BAND_STD[1])
    lost = np.maximum(lost, _ramp(band_ratio, BAND_KEPT, BAND_GONE) * band_gate)
    # A blurred-out area also decorrelates: call it lost, not invented, where detail dropped.
    invented = np.maximum(invented * (1 - lost), gained)

    tone = _ramp(np.abs(_tone_difference(om, a)), TONE_START, TONE_FULL)
    # A brightness difference where the result lost the original's mid-scale detail is the
    # detail's absence (a blurred-out bright edge), not new content.
    tone_lost = tone * _ramp(band_ratio, 0.3, 0.1) * (1 - invented)
    invented = np.maximum(invented, tone - tone_lost)
    lost = np.maximum(lost, tone_lost)

    invented = np.where(valid, invented, 0).astype(np.float32)
    lost = np.where(valid, lost, 0).astype(np.float32)
    return Evidence(invented, lost, mean_structure)
