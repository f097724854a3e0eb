"""Putting the original back where a result changed it: "Revert" on a flagged region and the
"Keep original here" brush.

``revert_region`` brings the original's pixels into the result inside a mask, tone-matched
to the result around the mask and feathered at its edge; ``keep_original`` does that for a
version in the library and records the outcome as a NEW version (nothing paid, nothing
overwritten, exportable like any version). No Qt here: the GUI runs these in a worker.

A mask is a 2-D array over the photo's frame at any resolution (1 = bring the original back,
0 = keep the result); it is stretched onto the result's pixels, as the canvas stretches the
result onto the original's geometry.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from luxcanvas.domain.errors import InvalidInput
from luxcanvas.domain.fidelity import Region
from luxcanvas.store import paths
from luxcanvas.store.library import DONE, JobRecord, Library

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

# numpy and Pillow are imported where they are used: the window imports this module (for
# ``is_edit``) at start-up, before it needs any pixels.

#: The strategy id of a version made by putting the original back (not a catalogue strategy:
#: nothing was asked of any model).
KEEP_ORIGINAL = "keep-original"
#: How the version was made, in its options: ``"regions"`` (Revert) or ``"brush"``.
EDIT_KINDS = ("regions", "brush")

#: Longest side of a mask built from region boxes.
MASK_GRID = 1024
#: How far a flagged box is widened on each side (as a fraction of its size) before reverting:
#: region boxes come from a coarse grid, and the feather eats into the edge.
REGION_PAD = 0.08

_EPS = 1e-6


# -- masks -------------------------------------------------------------------------------------


def regions_mask(
    regions: Iterable[Region], size: tuple[int, int], *, grid: int = MASK_GRID
) -> np.ndarray:
    """A mask over a ``size`` frame (the original's upright pixels) covering ``regions``,
    each widened by ``REGION_PAD``; at most ``grid`` cells on its longest side."""
    import numpy as np

    width, height = size
    scale = min(1.0, grid / max(width, height, 1))
    mask = np.zeros((max(1, round(height * scale)), max(1, round(width * scale))), np.float32)
    for region in regions:
        pad_x, pad_y = region.w * REGION_PAD, region.h * REGION_PAD
        x0 = int(np.floor((region.x - pad_x) * scale))
        y0 = int(np.floor((region.y - pad_y) * scale))
        x1 = int(np.ceil((region.x + region.w + pad_x) * scale))
        y1 = int(np.ceil((region.y + region.h + pad_y) * scale))
        mask[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)] = 1.0
    return mask


def _mask_in_frame(mask: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """``mask`` (any resolution, any numeric type) as float32 0..1 over ``size`` pixels."""
    import numpy as np
    from PIL import Image

    values = np.asarray(mask, dtype=np.float32)
    if values.ndim != 2:
        raise ValueError("a mask is a 2-D array")
    if values.size and values.max() > 1.0:
        values = values / 255.0  # an 8-bit mask
    values = np.clip(values, 0.0, 1.0)
    width, height = size
    if values.shape == (height, width):
        return values
    stretched = Image.fromarray(values, "F").resize((width, height), Image.Resampling.BILINEAR)
    return np.asarray(stretched, dtype=np.float32)


# -- smoothing, at a reduced grid (every map here is low-frequency) ------------------------------


def _gaussian_kernel(sigma: float) -> np.ndarray:
    import numpy as np

    radius = max(1, int(np.ceil(3.0 * sigma)))
    taps = np.arange(-radius, radius + 1, dtype=np.float32)
    kernel = np.exp(-0.5 * (taps / sigma) ** 2)
    return kernel / kernel.sum()


def _blur(values: np.ndarray, sigma: float) -> np.ndarray:
    """Separable Gaussian blur with edge replication (for small arrays)."""
    import numpy as np

    kernel = _gaussian_kernel(sigma)
    radius = len(kernel) // 2
    out = values
    for axis in (0, 1):
        pad = [(0, 0), (0, 0)]
        pad[axis] = (radius, radius)
        padded = np.pad(out, pad, mode="edge")
        acc = np.zeros_like(out)
        length = out.shape[axis]
        for tap, weight in enumerate(kernel):
            piece = padded[tap : tap + length] if axis == 0 else padded[:, tap : tap + length]
            acc += weight * piece
        out = acc
    return out


def _smooth(values: np.ndarray, sigma: float) -> np.ndarray:
    """A Gaussian blur of ``values`` (float32 2-D) with ``sigma`` pixels, computed on a grid
    reduced so the blur there is about two cells, then stretched back (bilinear)."""
    import numpy as np
    from PIL import Image

    if sigma <= 0.3:
        return values.astype(np.float32)
    height, width = values.shape
    factor = max(1, int(sigma // 2))
    small = Image.fromarray(values.astype(np.float32), "F")
    if factor > 1:
        reduced = (max(1, width // factor), max(1, height // factor))
        small = small.resize(reduced, Image.Resampling.BOX)
    blurred = _blur(np.asarray(small, dtype=np.float32), max(0.5, sigma / factor))
    if factor == 1:
        return blurred
    back = Image.fromarray(blurred, "F").resize((width, height), Image.Resampling.BILINEAR)
    return np.asarray(back, dtype=np.float32)


# -- alignment of the original's crop onto the result's ----------------------------------------


def _local_shift(
    original: np.ndarray, result: np.ndarray, weight: np.ndarray, max_shift: int
) -> tuple[int, int]:
    """The (dy, dx) in cells that moves ``original``'s content onto ``result``'s (same-size
    grey planes), found by phase correlation over the weighted area (the band round the
    mask, where the two agree); (0, 0) when no shift stands out."""
    import numpy as np

    rows = min(original.shape[0], result.shape[0], weight.shape[0])
    cols = min(original.shape[1], result.shape[1], weight.shape[1])
    original, result, weight = original[:rows, :cols], result[:rows, :cols], weight[:rows, :cols]
    if rows < 8 or cols < 8:
        return 0, 0
    window = np.outer(np.hanning(rows), np.hanning(cols))
    window = (window * weight).astype(np.float32)
    if window.sum() < _EPS:
        return 0, 0

    def prepared(a: np.ndarray) -> np.ndarray:
        mean = float((a * window).sum() / window.sum())
        return (a - mean) * window

    spectrum = np.fft.rfft2(prepared(result)) * np.conj(np.fft.rfft2(prepared(original)))
    spectrum /= np.abs(spectrum) + _EPS
    surface = np.fft.irfft2(spectrum, s=original.shape)
    peak = np.unravel_index(int(np.argmax(surface)), surface.shape)
    # A clear peak stands well above the rest of the correlation surface.
    if surface[peak] < 6.0 * float(surface.std()) + _EPS:
        return 0, 0
    dy, dx = (
        int(p) if p <= s // 2 else int(p) - s for p, s in zip(peak, surface.shape, strict=True)
    )
    return dy, dx


# -- the revert itself ---------------------------------------------------------------------------


def feather_width(size: tuple[int, int]) -> float:
    """The feather (Gaussian sigma, in result pixels) for a mask over a ``size`` result."""
    import numpy as np

    return float(np.clip(0.006 * min(size), 1.5, 16.0))


def revert_region(
    original: Image.Image,
    result: Image.Image,
    mask: np.ndarray,
    *,
    feather: float | None = None,
) -> Image.Image:
    """The result with the original's pixels brought back inside ``mask``.

    The original (any size: it is stretched onto the result's frame, and shifted by what a
    phase correlation finds locally) is tone-matched to the result with a low-frequency
    gain and offset per channel, learnt from a band round the mask where both show the same
    content; the edge is feathered (``feather``: a Gaussian sigma in result pixels). Pixels
    far enough outside the mask are the result's, unchanged. Returns a new RGB image.
    """
    import numpy as np
    from PIL import Image

    rgb = result.convert("RGB") if result.mode != "RGB" else result
    width, height = rgb.size
    weights = _mask_in_frame(mask, (width, height))
    covered = weights > 0.5
    if not covered.any():
        return rgb.copy()
    feather = feather_width((width, height)) if feather is None else max(0.0, feather)
    rows, cols = np.nonzero(covered)
    box_h = int(rows.max() - rows.min() + 1)
    box_w = int(cols.max() - cols.min() + 1)
    # Never feather more than a sixth of the region's narrow side: its middle stays original.
    feather = min(feather, max(0.5, min(box_h, box_w) / 6.0))
    band = max(8, round(0.25 * max(box_h, box_w)), int(4 * feather))
    max_shift = max(2, int(0.03 * max(width, height)))
    margin = band + max_shift + int(3 * feather) + 2
    x0, y0 = max(0, int(cols.min()) - margin), max(0, int(rows.min()) - margin)
    x1, y1 = min(width, int(cols.max()) + 1 + margin), min(height, int(rows.max()) + 1 + margin)

    result_crop = rgb.crop((x0, y0, x1, y1))
    inside = weights[y0:y1, x0:x1]
    sx, sy = original.width / width, original.height / height
    source = original.convert("RGB") if original.mode != "RGB" else original

    def original_crop(dy: int, dx: int) -> Image.Image:
        box = ((x0 - dx) * sx, (y0 - dy) * sy, (x1 - dx) * sx, (y1 - dy) * sy)
        return source.resize((x1 - x0, y1 - y0), Image.Resampling.BICUBIC, box=box)

    near = _smooth((inside > 0.02).astype(np.float32), band / 2.0)
    ring = ((near > 0.02) & (inside <= 0.02)).astype(np.float32)
    orig_crop = original_crop(0, 0)
    shrink = max(1, int(np.ceil(max(x1 - x0, y1 - y0) / 384)))

    def gray(image: Image.Image) -> np.ndarray:
        small = image.convert("L").reduce(shrink) if shrink > 1 else image.convert("L")
        return np.asarray(small, dtype=np.float32)

    dy, dx = _local_shift(gray(orig_crop), gray(result_crop), _reduce(ring, shrink), max_shift)
    dy, dx = dy * shrink, dx * shrink
    if max(abs(dy), abs(dx)) > max_shift:
        dy, dx = 0, 0
    if (dy, dx) != (0, 0):
        orig_crop = original_crop(dy, dx)

    tone = _global_tone(source, rgb, weights)
    matched = _tone_match(orig_crop, result_crop, ring, tone, sigma=max(8.0, band))
    alpha = _smooth(inside, feather) if feather > 0 else inside
    alpha_image = Image.fromarray(np.clip(np.rint(alpha * 255.0), 0, 255).astype(np.uint8), "L")
    out = rgb.copy()
    out.paste(Image.composite(matched, result_crop, alpha_image), (x0, y0))
    return out


def _global_tone(
    original: Image.Image, result: Image.Image, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per-channel gain and offset taking the original's tones to the result's, over the
    whole frame outside the mask (on small copies: tone is low-frequency)."""
    import numpy as np
    from PIL import Image

    scale = min(1.0, 256 / max(result.size))
    size = (max(8, round(result.width * scale)), max(8, round(result.height * scale)))
    o = np.asarray(original.resize(size, Image.Resampling.BOX), dtype=np.float32)
    r = np.asarray(result.resize(size, Image.Resampling.BOX), dtype=np.float32)
    m = np.asarray(Image.fromarray(weights, "F").resize(size, Image.Resampling.BOX))
    keep = m < 0.02
    if keep.sum() < 64:
        keep = np.ones_like(keep)  # the mask covers (nearly) everything
    o, r = o[keep], r[keep]
    gain = np.clip((r.std(axis=0) + 2.0) / (o.std(axis=0) + 2.0), 0.25, 4.0)
    return gain, r.mean(axis=0) - gain * o.mean(axis=0)


def _reduce(values: np.ndarray, factor: int) -> np.ndarray:
    """``values`` (H×W or H×W×C float32) averaged over ``factor``² blocks (Pillow's BOX)."""
    import numpy as np
    from PIL import Image

    if factor <= 1:
        return values
    height, width = values.shape[:2]
    size = (max(1, width // factor), max(1, height // factor))
    planes = values[..., None] if values.ndim == 2 else values
    reduced = [
        np.asarray(
            Image.fromarray(np.ascontiguousarray(planes[..., c]), "F").resize(
                size, Image.Resampling.BOX
            ),
            dtype=np.float32,
        )
        for c in range(planes.shape[2])
    ]
    stacked = np.stack(reduced, axis=-1)
    return stacked[..., 0] if values.ndim == 2 else stacked


def _enlarge_plane(values: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """A low-resolution map stretched to ``shape`` (bilinear)."""
    import numpy as np
    from PIL import Image

    height, width = shape
    plane = Image.fromarray(np.ascontiguousarray(values, dtype=np.float32), "F")
    return np.asarray(plane.resize((width, height), Image.Resampling.BILINEAR))


def _tone_match(
    original: Image.Image,
    result: Image.Image,
    ring: np.ndarray,
    tone: tuple[np.ndarray, np.ndarray],
    *,
    sigma: float,
) -> Image.Image:
    """``original`` given the result's local mean and contrast per channel (same-size RGB).

    Local means and variances are normalised convolutions over the pixels of ``ring`` (the
    band round the mask) where original and result agree once the frame-wide ``tone`` is
    applied, so inside the mask they are interpolated from round it. Where no agreeing pixel
    is near (a stroke inside an invented area), the frame-wide tone stands in. The statistics
    are low-frequency: they are computed on a grid about a quarter of ``sigma`` per cell, and
    only the resulting gain and offset maps are stretched back to full size.
    """
    import numpy as np
    from PIL import Image

    gain_all, offset_all = tone
    factor = max(1, int(sigma // 4))

    def small(image: Image.Image) -> np.ndarray:
        reduced = image.reduce(factor) if factor > 1 else image
        return np.asarray(reduced, dtype=np.float32)

    o, r, w = small(original), small(result), _reduce(ring, factor)
    rows, cols = min(o.shape[0], w.shape[0]), min(o.shape[1], w.shape[1])
    o, r, w = o[:rows, :cols], r[:rows, :cols], w[:rows, :cols]
    cells = max(0.5, sigma / factor)
    mapped = o * gain_all + offset_all
    residual = np.abs(mapped - r).mean(axis=2)
    if factor < 3:
        residual = _blur(residual, 2.0 / factor)
    # Same content differs by grain, sharpening and local tone; other content by far more.
    agree = w * np.exp(-((residual / 28.0) ** 2))
    support = _blur(agree, cells)
    local = np.clip(support / 0.03, 0.0, 1.0)[..., None]
    safe = np.maximum(support, 1e-6)[..., None]

    def weighted_mean(values: np.ndarray) -> np.ndarray:
        return (
            np.stack(
                [_blur(values[..., c] * agree, cells) for c in range(values.shape[2])], axis=-1
            )
            / safe
        )

    mean_o, mean_r = weighted_mean(o), weighted_mean(r)
    var_o = np.maximum(weighted_mean(o**2) - mean_o**2, 0.0)
    var_r = np.maximum(weighted_mean(r**2) - mean_r**2, 0.0)
    gain = np.clip(np.sqrt((var_r + 4.0) / (var_o + 4.0)), 0.25, 4.0)
    gain_map = local * gain + (1.0 - local) * gain_all
    offset_map = local * (mean_r - gain * mean_o) + (1.0 - local) * offset_all
    shape = (original.height, original.width)
    full = np.asarray(original, dtype=np.float32)
    out = np.empty(full.shape, np.uint8)
    for channel in range(full.shape[2]):
        # One channel at a time, in place: the full-size planes are the costly part.
        gains, offsets = gain_map[..., channel], offset_map[..., channel]
        if gains.shape != shape:
            gains, offsets = _enlarge_plane(gains, shape), _enlarge_plane(offsets, shape)
        plane = full[..., channel]
        plane *= gains
        plane += offsets
        np.clip(plane, 0.0, 255.0, out=plane)
        np.rint(plane, out=plane)
        out[..., channel] = plane
    return Image.fromarray(out, "RGB")


# -- the use case: a new version in the library ---------------------------------------------------


def keep_original(
    library: Library,
    source_id: str,
    input_path: str | Path,
    mask: np.ndarray,
    *,
    kind: str = "brush",
    regions: int = 0,
) -> JobRecord:
    """Revert version ``source_id`` inside ``mask`` against the original at ``input_path``
    and record the outcome as a new, free version of the same photo; returns its record.

    The original and the source version's file are left as they are.
    """
    from PIL import Image

    from luxcanvas import imaging

    if kind not in EDIT_KINDS:
        raise ValueError(f"unknown edit kind {kind!r}")
    started = time.monotonic()
    source = library.job(source_id)
    if source is None or source.status != DONE or not source.result_path:
        raise InvalidInput("That version is no longer in the history.", reason="missing")
    original, _ = imaging.load_image(input_path)
    try:
        with Image.open(source.result_path) as opened:
            opened.load()
            result = opened.convert("RGB")
    except OSError as err:
        raise InvalidInput(
            f"The version's file {source.result_path} is missing or damaged.", reason="damaged"
        ) from err
    image = revert_region(original, result, mask)
    job_id = uuid.uuid4().hex
    folder = paths.results_dir()
    folder.mkdir(parents=True, exist_ok=True)
    result_path = folder / f"{job_id}.png"
    image.save(result_path, format="PNG", compress_level=1)
    options: dict[str, Any] = {
        "edit": kind,
        "source": source.id,
        "source_strategy": edit_source_strategy(source),
    }
    if regions:
        options["regions"] = regions
    library.add_version(
        job_id=job_id,
        input_path=source.input_path,
        input_digest=source.input_digest,
        strategy=KEEP_ORIGINAL,
        model=source.model,
        result_path=str(result_path),
        width=image.width,
        height=image.height,
        options=options,
        seconds=time.monotonic() - started,
    )
    record = library.job(job_id)
    assert record is not None
    return record


def is_edit(record: Any) -> bool:
    """True for a version made by putting the original back (no model was asked)."""
    return getattr(record, "strategy", "") == KEEP_ORIGINAL


def edit_source_strategy(record: Any) -> str:
    """The strategy that made the pixels an edited version keeps (its own, for the others)."""
    if is_edit(record):
        return str(record.options.get("source_strategy") or "")
    return str(record.strategy)
