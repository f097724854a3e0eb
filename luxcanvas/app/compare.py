"""What a result changed: the fidelity of a result file (or image) to its original.

Both fronts use it: ``luxcanvas compare`` and the service, which scores every AI result right
after framing. The offline pipeline's damage detector runs on the original first, so the
scratches and dust a result repaired never count as change (``imaging`` and ``local`` are
independent layers; this is where they meet).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image

from luxcanvas import imaging
from luxcanvas.domain.fidelity import Fidelity
from luxcanvas.imaging.fidelity import FidelityMap, measure

#: Both files are decoded with their longest side at most this (JPEGs at a reduced DCT scale):
#: the measurement works on a smaller grid anyway.
DECODE_SIDE = 1280
#: The damage detector looks at the original with its longest side at most this.
DAMAGE_SIDE = 896

__all__ = ["compare_files", "compare_images", "damage_mask", "score_result", "write_heatmap"]


def damage_mask(original: Image.Image) -> np.ndarray:
    """Scratches, creases and dust on ``original`` (bool, at a size up to DAMAGE_SIDE)."""
    from luxcanvas.local.analyse import estimate_noise
    from luxcanvas.local.detect import detect_defects

    small = original.convert("RGB")
    if max(small.size) > DAMAGE_SIDE:
        small = small.copy()
        small.thumbnail((DAMAGE_SIDE, DAMAGE_SIDE), Image.Resampling.BOX)
    rgb = np.asarray(small)
    light = rgb.astype(np.float32) @ np.array([0.299, 0.587, 0.114], np.float32)
    return detect_defects(rgb, estimate_noise(light)) > 0


def compare_images(
    original: Image.Image,
    result: Image.Image,
    *,
    original_size: tuple[int, int] | None = None,
    repaired_damage: bool = True,
) -> FidelityMap:
    """The fidelity of ``result`` to ``original`` (upright images). With
    ``repaired_damage`` the damage the offline detector finds on the original does not count."""
    if not repaired_damage:
        return measure(original, result, original_size=original_size)
    # The detector runs beside the alignment; the measurement waits for it only when it
    # needs the mask.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="luxcanvas-compare") as pool:
        mask = pool.submit(damage_mask, original)
        return measure(original, result, damage_mask=mask.result, original_size=original_size)


def compare_files(original: Path, result: Path, *, heatmap: Path | None = None) -> FidelityMap:
    """The fidelity of the ``result`` file to the ``original`` file, both opened upright.

    With ``heatmap`` a PNG is written there (over what exists): the result laid on the
    original's frame with the change overlay on it. Bad files raise ``InvalidInput``.
    """
    # The result decodes while the original does, and the damage detector starts as soon as
    # the original is there (Pillow and NumPy work without the GIL; bench/bench_compare.py).
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="luxcanvas-compare") as pool:
        later = pool.submit(imaging.load_image, result, max_side=DECODE_SIDE)
        original_image, info = imaging.load_image(original, max_side=DECODE_SIDE)
        mask = pool.submit(damage_mask, original_image)
        result_image, _ = later.result()
        fmap = measure(
            original_image,
            result_image,
            damage_mask=mask.result,
            original_size=(info.width, info.height),
        )
    if heatmap is not None:
        write_heatmap(fmap, result_image, original_image.size, heatmap)
    return fmap


def write_heatmap(
    fmap: FidelityMap, result: Image.Image, size: tuple[int, int], path: Path
) -> Path:
    """Save the result on the original's frame at ``size``, with the change overlay, as PNG."""
    base = fmap.warp_result(result, size).convert("RGBA")
    picture = Image.alpha_composite(base, fmap.heat_image(size)).convert("RGB")
    picture.save(path, format="PNG")
    return path


def score_result(original: Path, result: Image.Image) -> Fidelity | None:
    """The fidelity of a job's framed result to its input file, or None when it cannot be
    measured (a score is never worth failing a paid result over)."""
    try:
        image, info = imaging.load_image(original, max_side=DECODE_SIDE)
        fmap = compare_images(image, result, original_size=(info.width, info.height))
    except Exception:
        return None
    return fmap.fidelity
