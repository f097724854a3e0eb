"""Edge-keeping removal of film grain and JPEG blocking (sliding-window DCT shrinkage)."""

from __future__ import annotations

import numpy as np

from luxcanvas.local import ops
from luxcanvas.local._util import both, resize_by, scale_for
from luxcanvas.local.analyse import dct_matrix, grain_spectrum

#: Sliding-window DCT shrinkage runs on at most this many pixels (larger photos: reduced
#: scale, then full-resolution detail above the grain level is added back).
DCT_PIXELS = 1_500_000
#: Each DCT coefficient c is scaled by c² / (c² + (DCT_WIENER·σ)²·S): grain-sized ones fade,
#: strong ones (edges) stay; S is the grain's own spectrum (analyse.grain_spectrum), so
#: frequencies the grain does not reach (fine texture) are spared. Gentler on noise-like
#: texture (stone, foliage) than dropping every coefficient under a hard threshold, at the
#: same grain removal (bench/eval_local.py).
DCT_WIENER = 2.0
#: On large photos, full-resolution detail stronger than this many grain sigmas comes back.
DCT_THRESHOLD = 2.0
#: Grain weaker than this (0..255 units) is left alone.
MIN_BLOCK_SIGMA = 0.8


def dct_denoise_plane(
    plane: np.ndarray, sigma: float, step: int = 2, spectrum: np.ndarray | None = None
) -> np.ndarray:
    """Sliding-window 8x8 DCT Wiener shrinkage of a float32 plane (0..255 units).

    Every window position on a ``step`` grid is transformed, each coefficient is scaled by
    c² / (c² + (DCT_WIENER·``sigma``)²·S) and the windows are averaged back, each weighted by
    1 / Σ gain² (a window that kept little is clean, so it counts more). S is ``spectrum``
    (8x8, the grain's power per frequency relative to its mid band), flat when not given.
    Edges keep their strong coefficients.
    """
    n = 8
    d = dct_matrix(n)
    h, w = plane.shape
    padded = np.pad(plane.astype(np.float32), n, mode="symmetric")
    acc = np.zeros_like(padded)
    weights = np.zeros_like(padded)
    shape = np.ones((n, n), np.float32) if spectrum is None else spectrum.astype(np.float32)
    floor = np.float32((DCT_WIENER * sigma) ** 2) * shape
    # Flat blocks give coefficients near zero whose squares underflow to zero: harmless here.
    with np.errstate(under="ignore"):
        _shrink_blocks(padded, acc, weights, d, floor, step)
    out = acc / np.maximum(weights, 1e-6)
    return out[n : n + h, n : n + w]


def _shrink_blocks(
    padded: np.ndarray,
    acc: np.ndarray,
    weights: np.ndarray,
    d: np.ndarray,
    floor: np.ndarray,
    step: int,
) -> None:
    """Add every shrunk window of ``padded`` into ``acc`` and its weight into ``weights``."""
    n = d.shape[0]
    ph, pw = padded.shape
    for dy in range(0, n, step):
        for dx in range(0, n, step):
            by, bx = (ph - dy) // n, (pw - dx) // n
            view = padded[dy : dy + by * n, dx : dx + bx * n]
            blocks = view.reshape(by, n, bx, n).transpose(0, 2, 1, 3)
            coeffs = d @ blocks @ d.T
            power = coeffs * coeffs
            gain = power / (power + floor)
            gain[..., 0, 0] = 1.0
            coeffs *= gain
            wb = 1.0 / np.einsum("ijkl,ijkl->ij", gain, gain)
            back = (d.T @ coeffs @ d) * wb[..., None, None]
            acc[dy : dy + by * n, dx : dx + bx * n] += back.transpose(0, 2, 1, 3).reshape(
                by * n, bx * n
            )
            weights[dy : dy + by * n, dx : dx + bx * n] += np.repeat(
                np.repeat(wb, n, axis=0), n, axis=1
            )


def _clean_luma(y: np.ndarray, sigma: float) -> np.ndarray:
    """The change (float32) that removes grain of level ``sigma`` from the luma plane ``y``."""
    height, width = y.shape
    factor = scale_for(y.shape, DCT_PIXELS)
    if factor == 1.0:
        plane = y.astype(np.float32)
        clean = dct_denoise_plane(plane, sigma, spectrum=grain_spectrum(plane))
    else:
        # Grain averages down when shrinking; detail stronger than the grain comes back:
        # clean = base + detail * max(0, (|detail| - limit) / |detail|), in place (24 MP).
        small = resize_by(y, factor).astype(np.float32)
        base = dct_denoise_plane(small, sigma * factor, spectrum=grain_spectrum(small))
        base = ops.resize(base, (width, height), "linear")
        detail = ops.resize(small, (width, height), "linear")
        np.subtract(y, detail, out=detail)
        keep = np.abs(detail)
        denominator = keep + 1e-3
        keep -= DCT_THRESHOLD * sigma
        np.maximum(keep, 0.0, out=keep)
        keep /= denominator
        detail *= keep
        clean = np.add(base, detail, out=detail)
    clean -= y
    return clean


def denoise_blocks(rgb: np.ndarray, sigma: float) -> np.ndarray:
    """Remove grain of level ``sigma`` (0..255, as measured by estimate_block_noise).

    Lightness is cleaned by DCT shrinkage, colour noise by a light blur of the chroma.
    Returns the input unchanged when ``sigma`` is below MIN_BLOCK_SIGMA.
    """
    if sigma < MIN_BLOCK_SIGMA or min(rgb.shape[:2]) < 16:
        return rgb
    y, cb, cr = ops.ycc_planes(rgb)
    chroma_sigma = min(2.0, 0.25 * sigma)

    def chroma_change() -> tuple[np.ndarray, np.ndarray]:
        dcb = ops.box_blur(cb, chroma_sigma).astype(np.float32) - cb
        dcr = ops.box_blur(cr, chroma_sigma).astype(np.float32) - cr
        return dcb, dcr

    clean, (dcb, dcr) = both(lambda: _clean_luma(y, sigma), chroma_change)
    return ops.add_ycc(rgb, clean, dcb, dcr)
