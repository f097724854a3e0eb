"""The free offline restoration strategy ``local``: options, stage order and ``restore``."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

from luxcanvas.domain.errors import Cancelled, UsageError
from luxcanvas.domain.local_options import STAGES, LocalOptions
from luxcanvas.local import ops
from luxcanvas.local._util import both, strength_factor
from luxcanvas.local.analyse import Analysis, analyse
from luxcanvas.local.color import analyse_colour, repair_colour
from luxcanvas.local.denoise import denoise_blocks
from luxcanvas.local.detect import detect_defects
from luxcanvas.local.enhance import sharpen, upscale2x
from luxcanvas.local.inpaint import inpaint_defects
from luxcanvas.local.tone import grain_boost, repair_fade

_DEFAULTS = LocalOptions()

ProgressFn = Callable[[str, float], None]
CancelledFn = Callable[[], bool]


def _check_input(rgb: np.ndarray) -> None:
    if not isinstance(rgb, np.ndarray) or rgb.dtype != np.uint8 or rgb.ndim != 3:
        raise UsageError("The local pipeline needs an RGB image as an HxWx3 uint8 array.")
    if rgb.shape[2] != 3:
        raise UsageError("The local pipeline needs exactly three colour channels (RGB).")


def restore(
    rgb: np.ndarray,
    options: LocalOptions = _DEFAULTS,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> np.ndarray:
    """Restore a damaged photo offline and return the result (HxWx3 uint8 RGB).

    The result is twice the size when ``options.upscale`` is set. ``progress`` receives
    ``(stage, fraction_done)`` as each stage of STAGES starts (also for stages switched off,
    which then finish at once) and ``("done", 1.0)`` at the end. ``cancelled`` is polled
    between stages; when it returns True, Cancelled is raised. Thread-safe: no shared state.
    """
    _check_input(rgb)
    amount = strength_factor(options.strength)
    image = np.ascontiguousarray(rgb)
    was_grey = bool(
        np.array_equal(image[..., 0], image[..., 1])
        and np.array_equal(image[..., 1], image[..., 2])
    )
    info: Analysis | None = None
    colour_kind: str | None = None
    for index, stage in enumerate(STAGES):
        if cancelled is not None and cancelled():
            raise Cancelled("Cancelled.")
        if progress is not None:
            progress(stage, index / len(STAGES))
        if stage == "analyse":
            info, colour = both(partial(analyse, image), partial(analyse_colour, image))
            colour_kind = colour.kind
        elif stage == "scratches" and options.scratches:
            assert info is not None
            mono = colour_kind in ("grey", "toned")
            mask = detect_defects(image, info.noise_sigma, amount, monochrome=mono)
            image = inpaint_defects(image, mask)
        elif stage == "denoise" and options.denoise:
            assert info is not None
            # A clearly faded print (blacks lifted well above a healthy black) is an old
            # print: the fade repair will amplify its grain, so it is removed more firmly.
            boost = grain_boost(info.black_point, info.white_point)
            image = denoise_blocks(image, info.block_noise_sigma * (1.0 + boost) * amount)
        elif stage == "fade" and options.fade:
            image = repair_fade(image, amount, kind=colour_kind)
        elif stage == "color" and options.color:
            image = repair_colour(image, amount, colour_kind)
        elif stage == "sharpen" and options.sharpen:
            image = sharpen(image, amount)
        elif stage == "upscale" and options.upscale:
            image = upscale2x(image)
    if cancelled is not None and cancelled():
        raise Cancelled("Cancelled.")
    if was_grey and image.ndim == 3:
        # Filters working in colour spaces can leave ±1 tints; a grey photo stays exactly grey.
        image = ops.grey_rgb(ops.gray(image))
    if progress is not None:
        progress("done", 1.0)
    return image
