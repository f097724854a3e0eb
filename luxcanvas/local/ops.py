"""Image operations the offline pipeline is built from, on NumPy arrays.

Pillow does the per-pixel work it has in C (colour conversions, resizing, 8-bit blurs, 3D
colour tables, premultiplied-alpha pyramids); the rest is vectorised NumPy. The app used to
take these from OpenCV, whose wheels bring ~150 MB of libraries (video codecs, BLAS) into every
installer for the dozen functions used here.

Arrays are ``HxW`` planes or ``HxWx3`` RGB images; ``uint8`` unless a function says float32.
Borders mirror the image without repeating the edge pixel (``np.pad(mode="reflect")``),
except where a docstring says otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
from PIL import Image, ImageFilter

_RESAMPLING = {
    "area": Image.Resampling.BOX,
    "linear": Image.Resampling.BILINEAR,
    "cubic": Image.Resampling.BICUBIC,
    "lanczos": Image.Resampling.LANCZOS,
}


# -- conversions --------------------------------------------------------------------------------
def _image(arr: np.ndarray) -> Image.Image:
    """A Pillow image sharing ``arr``'s layout: L (uint8 plane), F (float32 plane) or RGB."""
    arr = np.ascontiguousarray(arr)
    if arr.dtype == np.uint8 and arr.ndim == 2:
        return Image.frombuffer("L", arr.shape[::-1], arr, "raw", "L", 0, 1)
    if arr.dtype == np.float32 and arr.ndim == 2:
        return Image.frombuffer("F", arr.shape[::-1], arr, "raw", "F", 0, 1)
    if arr.dtype == np.uint8 and arr.ndim == 3 and arr.shape[2] == 3:
        return Image.frombuffer("RGB", (arr.shape[1], arr.shape[0]), arr, "raw", "RGB", 0, 1)
    raise TypeError(f"unsupported array {arr.dtype} {arr.shape}")


def gray(rgb: np.ndarray) -> np.ndarray:
    """ITU-R 601 luma of an RGB image (uint8 plane)."""
    return np.array(_image(rgb).convert("L"))


def grey_rgb(plane: np.ndarray) -> np.ndarray:
    """A uint8 plane repeated into R, G and B."""
    return np.repeat(plane[..., None], 3, axis=2)


def ycc_planes(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """RGB to full-range YCbCr (JPEG's): the Y, Cb and Cr planes (uint8, read-only)."""
    y, cb, cr = _image(rgb).convert("YCbCr").split()
    return np.asarray(y), np.asarray(cb), np.asarray(cr)


def add_ycc(
    rgb: np.ndarray,
    dy: np.ndarray | None,
    dcb: np.ndarray | None = None,
    dcr: np.ndarray | None = None,
    rows: int = 64,
) -> np.ndarray:
    """``rgb`` changed by adding ``dy``, ``dcb`` and ``dcr`` (float planes, None for no
    change) to its full-range Y, Cb and Cr, rounded to uint8.

    Applying the change through the linear YCbCr-to-RGB matrix leaves unchanged pixels
    exactly as they were (a round trip through 8-bit YCbCr costs about one level each).
    Works in bands of ``rows`` rows (cache-sized) so a 24 MP photo needs no full-size float
    copy.
    """
    out = np.empty_like(rgb)
    for y0 in range(0, rgb.shape[0], rows):
        band = rgb[y0 : y0 + rows].astype(np.float32)
        if dy is not None:
            band += dy[y0 : y0 + rows, :, None]
        if dcb is not None:
            cb = dcb[y0 : y0 + rows]
            band[..., 1] -= 0.344136 * cb
            band[..., 2] += 1.772 * cb
        if dcr is not None:
            cr = dcr[y0 : y0 + rows]
            band[..., 0] += 1.402 * cr
            band[..., 1] -= 0.714136 * cr
        band += 0.5
        np.clip(band, 0, 255, out=band)
        out[y0 : y0 + rows] = band
    return out


def apply_luts(rgb: np.ndarray, tables: list[np.ndarray]) -> np.ndarray:
    """Map R, G and B through their own 256-entry uint8 lookup tables (Pillow ``point``)."""
    lut = np.concatenate([np.asarray(t, np.uint8) for t in tables]).tolist()
    return np.array(_image(rgb).point(lut))


# sRGB (D65) <-> CIE XYZ, and the D65 white point: the definitions CIELAB uses for sRGB.
_RGB_TO_XYZ = np.array(
    [[0.412453, 0.357580, 0.180423], [0.212671, 0.715160, 0.072169], [0.019334, 0.119193, 0.950227]]
)
_XYZ_TO_RGB = np.linalg.inv(_RGB_TO_XYZ)
_WHITE = np.array([0.950456, 1.0, 1.088754])


def _srgb_to_linear(v: np.ndarray) -> np.ndarray:
    return np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)


def _linear_to_srgb(v: np.ndarray) -> np.ndarray:
    v = np.clip(v, 0.0, 1.0)
    return np.where(v <= 0.0031308, 12.92 * v, 1.055 * v ** (1 / 2.4) - 0.055)


def rgb_to_lab(rgb: np.ndarray) -> np.ndarray:
    """CIELAB of an sRGB image (uint8 or float 0..255): float32 L (0..100), a, b (HxWx3)."""
    linear = _srgb_to_linear(np.arange(256) / 255.0).astype(np.float32)
    if rgb.dtype == np.uint8:
        lin = linear[rgb]
    else:
        lin = _srgb_to_linear(np.asarray(rgb, np.float64) / 255.0).astype(np.float32)
    xyz = lin @ (_RGB_TO_XYZ / _WHITE[:, None]).T.astype(np.float32)
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16.0 / 116.0)
    lab = np.empty_like(xyz)
    lab[..., 0] = 116.0 * f[..., 1] - 16.0
    lab[..., 1] = 500.0 * (f[..., 0] - f[..., 1])
    lab[..., 2] = 200.0 * (f[..., 1] - f[..., 2])
    return lab


def lab_to_rgb(lab: np.ndarray) -> np.ndarray:
    """sRGB (float 0..255, clipped to the gamut) of CIELAB values (L 0..100, a, b)."""
    lab = np.asarray(lab, np.float64)
    fy = (lab[..., 0] + 16.0) / 116.0
    f = np.stack([fy + lab[..., 1] / 500.0, fy, fy - lab[..., 2] / 200.0], axis=-1)
    xyz = np.where(f > 6.0 / 29.0, f**3, (f - 16.0 / 116.0) / 7.787) * _WHITE
    return _linear_to_srgb(xyz @ _XYZ_TO_RGB.T) * 255.0


def map_colours(rgb: np.ndarray, fn, size: int = 33) -> np.ndarray:
    """Apply a smooth colour transform ``fn`` to every pixel, through a 3D lookup table.

    ``fn`` maps an Nx3 float array of RGB values (0..255) to new RGB values (0..255); it is
    evaluated on a ``size``³ grid only, and Pillow interpolates the table over the image.
    """
    axis = np.linspace(0.0, 255.0, size)
    b, g, r = np.meshgrid(axis, axis, axis, indexing="ij")  # Pillow: red varies fastest
    grid = np.stack([r, g, b], axis=-1).reshape(-1, 3)
    table = np.clip(np.asarray(fn(grid), np.float64) / 255.0, 0.0, 1.0)
    lut = ImageFilter.Color3DLUT(size, table.reshape(-1))
    return np.array(_image(rgb).filter(lut))


# -- geometry -----------------------------------------------------------------------------------
#: Shrinking larger images than this first block-reduces them by a whole factor (fast).
EXACT_AREA_PIXELS = 2_000_000


def _area_weights(n_in: int, n_out: int) -> np.ndarray:
    """n_out x n_in matrix: each output pixel's share of every input pixel it covers."""
    scale = n_in / n_out
    lo = np.arange(n_out)[:, None] * scale
    j = np.arange(n_in)[None, :]
    overlap = np.minimum(lo + scale, j + 1) - np.maximum(lo, j)
    return (np.clip(overlap, 0.0, None) / scale).astype(np.float32)


def _shrink_area(img: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Area-average shrink (Pillow's BOX filter samples pixel centres instead): overlap
    weights, exact for images up to EXACT_AREA_PIXELS; larger ones are first block-reduced
    by the integer part of the scale in Pillow, which is exact when the scale is whole."""
    w, h = size
    in_h, in_w = img.shape[:2]
    kx, ky = max(1, in_w // w), max(1, in_h // h)
    if (kx > 1 or ky > 1) and in_h * in_w > EXACT_AREA_PIXELS:
        img = np.array(_image(img).reduce((kx, ky)))
        in_h, in_w = img.shape[:2]
    if (in_w, in_h) == (w, h):
        return img
    wy, wx = _area_weights(in_h, h), _area_weights(in_w, w)
    planes = [img] if img.ndim == 2 else [img[..., c] for c in range(img.shape[2])]
    out = [wy @ p.astype(np.float32) @ wx.T for p in planes]
    result = out[0] if img.ndim == 2 else np.stack(out, axis=-1)
    if img.dtype == np.uint8:
        return np.clip(result + 0.5, 0, 255).astype(np.uint8)
    return result


def resize(img: np.ndarray, size: tuple[int, int], method: str = "linear") -> np.ndarray:
    """Resize a uint8 plane, float32 plane or RGB image to ``size`` = (width, height).

    ``method``: "area" (the exact average of the covered pixels when shrinking), "linear",
    "cubic" or "lanczos".
    """
    if method == "area" and size[0] <= img.shape[1] and size[1] <= img.shape[0]:
        return _shrink_area(img, size)
    out = _image(img).resize(size, _RESAMPLING[method])
    return np.array(out)


# -- filters ------------------------------------------------------------------------------------
def _gaussian_kernel(sigma: float, truncate: float) -> np.ndarray:
    radius = max(1, round(truncate * sigma))
    x = np.arange(-radius, radius + 1, dtype=np.float64)
    k = np.exp(-(x * x) / (2.0 * sigma * sigma))
    return (k / k.sum()).astype(np.float32)


def _correlate_axis(plane: np.ndarray, kernel: np.ndarray, axis: int) -> np.ndarray:
    r = len(kernel) // 2
    pad = [(0, 0), (0, 0)]
    pad[axis] = (r, r)
    padded = np.pad(plane, pad, mode="reflect")
    n = plane.shape[axis]
    out = np.zeros(plane.shape, np.float32)
    for i, weight in enumerate(kernel):
        part = padded[i : i + n] if axis == 0 else padded[:, i : i + n]
        out += weight * part
    return out


def gaussian_blur(img: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian blur. uint8 planes and RGB images go through Pillow (same dtype back);
    float32 planes are filtered exactly (kernel to 4 sigma), returning float32."""
    if img.dtype == np.uint8:
        return np.array(_image(img).filter(ImageFilter.GaussianBlur(sigma)))
    kernel = _gaussian_kernel(sigma, 4.0)
    plane = np.asarray(img, np.float32)
    return _correlate_axis(_correlate_axis(plane, kernel, 0), kernel, 1)


def box_blur(img: np.ndarray, sigma: float) -> np.ndarray:
    """One box-filter pass (Pillow) with the spread of a Gaussian of ``sigma``, for uint8
    planes and RGB images: a cheaper, slightly less round blur than gaussian_blur."""
    radius = float((np.sqrt(12.0 * sigma * sigma + 1.0) - 1.0) / 2.0)
    return np.asarray(_image(img).filter(ImageFilter.BoxBlur(radius)))


def box_mean(plane: np.ndarray, size: int) -> np.ndarray:
    """Mean over the ``size`` x ``size`` window (odd) around each pixel, float32."""
    r = size // 2
    padded = np.pad(np.asarray(plane, np.float64), r + 1, mode="reflect")
    table = padded.cumsum(0).cumsum(1)
    h, w = plane.shape
    s = size
    total = (
        table[s : s + h, s : s + w]
        - table[0:h, s : s + w]
        - table[s : s + h, 0:w]
        + table[0:h, 0:w]
    )
    return (total / (size * size)).astype(np.float32)


def filter3x3(plane: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Correlate a plane with a 3x3 kernel (float32 result, mirrored borders)."""
    p = np.pad(np.asarray(plane, np.float32), 1, mode="reflect")
    h, w = plane.shape
    out = np.zeros((h, w), np.float32)
    for dy in range(3):
        for dx in range(3):
            if kernel[dy, dx]:
                out += float(kernel[dy, dx]) * p[dy : dy + h, dx : dx + w]
    return out


_SOBEL_X = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], np.float32)


def sobel(plane: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical 3x3 Sobel derivatives (float32)."""
    return filter3x3(plane, _SOBEL_X), filter3x3(plane, _SOBEL_X.T)


# -- morphology ---------------------------------------------------------------------------------
def _shifted(a: np.ndarray, dy: int, dx: int, fill: float) -> np.ndarray:
    """``out[y, x] = a[y + dy, x + dx]``, ``fill`` where that falls outside the image."""
    h, w = a.shape
    if abs(dy) >= h or abs(dx) >= w:
        return np.full_like(a, fill)
    out = np.empty_like(a)
    out[max(0, -dy) : h - max(0, dy), max(0, -dx) : w - max(0, dx)] = a[
        max(0, dy) : h - max(0, -dy), max(0, dx) : w - max(0, -dx)
    ]
    # Only the strips the shift uncovered get ``fill`` (one pass less than filling it all).
    if dy > 0:
        out[h - dy :, :] = fill
    elif dy < 0:
        out[:-dy, :] = fill
    if dx > 0:
        out[:, w - dx :] = fill
    elif dx < 0:
        out[:, :-dx] = fill
    return out


def _line_extreme(a: np.ndarray, half: int, dy: int, dx: int, op, fill: float) -> np.ndarray:
    """min or max (``op``) over the 2*half+1 pixels of the line through each pixel along
    (dy, dx); pixels outside the image are ignored. Costs about log2(half) array passes."""
    if half <= 0:
        return a
    # Work on a copy padded with ``fill`` (which ``op`` ignores) by the line's reach, so the
    # two overlapping runs below never start outside the array: near a border they would
    # otherwise both read ``fill`` and return ±inf for a pixel inside the image.
    h, w = a.shape
    py, px = half * abs(dy), half * abs(dx)
    padded = np.pad(a, ((py, py), (px, px)), constant_values=fill)
    length = 2 * half + 1
    span, acc = 1, padded
    while 2 * span <= length:  # acc[p] = extreme of a[p + k d], 0 <= k < span
        acc = op(acc, _shifted(acc, span * dy, span * dx, fill))
        span *= 2
    first = _shifted(acc, -half * dy, -half * dx, fill)
    last = _shifted(acc, (half - span + 1) * dy, (half - span + 1) * dx, fill)
    return op(first, last)[py : py + h, px : px + w]


def _octagon(a: np.ndarray, radius: int, op, fill: float) -> np.ndarray:
    """Erode (op=min) or dilate (op=max) by an octagon of ``radius`` (a disk's stand-in),
    built as horizontal, vertical and both diagonal line segments."""
    diagonal = round(radius * (1 - 1 / np.sqrt(2)))
    straight = radius - 2 * diagonal
    out = _line_extreme(a, straight, 0, 1, op, fill)
    out = _line_extreme(out, straight, 1, 0, op, fill)
    out = _line_extreme(out, diagonal, 1, 1, op, fill)
    return _line_extreme(out, diagonal, 1, -1, op, fill)


def _limits(a: np.ndarray) -> tuple[float, float]:
    if a.dtype == np.bool_:
        return True, False
    if np.issubdtype(a.dtype, np.integer):
        info = np.iinfo(a.dtype)
        return info.max, info.min
    return np.inf, -np.inf


def erode(a: np.ndarray, radius: int) -> np.ndarray:
    """Minimum over a disk (octagon) of ``radius`` pixels; radius 1 is the 3x3 square."""
    high, _ = _limits(a)
    if radius == 1:
        return _line_extreme(_line_extreme(a, 1, 0, 1, np.minimum, high), 1, 1, 0, np.minimum, high)
    return _octagon(a, radius, np.minimum, high)


def dilate(a: np.ndarray, radius: int) -> np.ndarray:
    """Maximum over a disk (octagon) of ``radius`` pixels; radius 1 is the 3x3 square."""
    _, low = _limits(a)
    if radius == 1:
        return _line_extreme(_line_extreme(a, 1, 0, 1, np.maximum, low), 1, 1, 0, np.maximum, low)
    return _octagon(a, radius, np.maximum, low)


def opening(a: np.ndarray, radius: int) -> np.ndarray:
    """Erosion then dilation: removes bright details smaller than the disk."""
    return dilate(erode(a, radius), radius)


def closing(a: np.ndarray, radius: int) -> np.ndarray:
    """Dilation then erosion: removes dark details smaller than the disk."""
    return erode(dilate(a, radius), radius)


# -- line filters -------------------------------------------------------------------------------
def line_directions(max_step: int = 4) -> list[tuple[int, int]]:
    """Integer pixel steps (dy, dx) of lines at all angles in [0°, 180°), sorted by angle.

    Every step is a lattice vector with coprime coordinates up to ``max_step``, so samples
    along a line fall exactly on pixels; max_step=4 spaces the angles at most 14° apart.
    """
    steps = set()
    for dy in range(0, max_step + 1):
        for dx in range(-max_step, max_step + 1):
            if (dy, dx) == (0, 0) or np.gcd(dy, dx) != 1 or (dy == 0 and dx < 0):
                continue
            steps.add((dy, dx))
    return sorted(steps, key=lambda s: np.degrees(np.arctan2(s[0], s[1])) % 180)


def line_mean(plane: np.ndarray, step: tuple[int, int], length: float) -> np.ndarray:
    """Mean of ``plane`` (float32) along the straight line of about ``length`` pixels through
    each pixel, sampled at every multiple of the integer ``step`` (dy, dx); mirrored borders."""
    return next(line_means(plane, [step], length))


def _line_half(step: tuple[int, int], length: float) -> int:
    return max(1, int(length / 2 / np.hypot(*step)))


def line_means(
    plane: np.ndarray, steps: Sequence[tuple[int, int]], length: float
) -> Iterator[np.ndarray]:
    """``line_mean`` of ``plane`` for each of ``steps`` in turn, the plane padded only once."""
    reach = max(_line_half(s, length) * max(abs(s[0]), abs(s[1])) for s in steps)
    padded = np.pad(np.asarray(plane, np.float32), reach, mode="symmetric")
    h, w = plane.shape
    for dy, dx in steps:
        if dy < 0:  # the same line, walked the other way
            dy, dx = -dy, -dx
        half = _line_half((dy, dx), length)
        # Sum of 2*half+1 samples: binary decomposition into runs of 1, 2, 4, ... samples.
        # ``run[i, j]`` sums ``span`` samples from padded[i, left + j] along the step (dy >= 0,
        # so rows are only ever cut at the bottom); each doubling keeps only where its second
        # run still lies inside the array.
        run, left = padded, 0
        total = np.zeros((h, w), np.float32)
        span, start = 1, -half
        remaining = 2 * half + 1
        while remaining:
            if remaining & 1:
                oy, ox = reach + start * dy, reach + start * dx - left
                total += run[oy : oy + h, ox : ox + w]
                start += span
            remaining >>= 1
            if remaining:
                sy, sx = span * dy, span * dx
                rows, cols = run.shape
                if sx >= 0:
                    run = run[: rows - sy, : cols - sx] + run[sy:, sx:]
                else:
                    run = run[: rows - sy, -sx:] + run[sy:, : cols + sx]
                    left -= sx
                span *= 2
        yield total / (2 * half + 1)


def step_angle(step: tuple[int, int]) -> float:
    """The angle in degrees (0..180) of an integer step (dy, dx)."""
    return float(np.degrees(np.arctan2(step[0], step[1])) % 180)


# -- connected components -----------------------------------------------------------------------
#: Columns of the statistics ``label`` returns per component.
STAT_X, STAT_Y, STAT_WIDTH, STAT_HEIGHT, STAT_AREA = range(5)


def label(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """8-connected components of a boolean mask.

    Returns ``(n, labels, stats)``: labels is an int32 plane, 0 for the background and
    1..n-1 for the components (in raster order of their first pixel); stats is an n x 5
    int64 array of (x, y, width, height, area) per label (row 0 describes the background).
    Union-find over the mask's horizontal runs, vectorised: cost grows with the number of
    runs, not of pixels (a large blob is a few runs per row).
    """
    mask = np.asarray(mask, bool)
    h, w = mask.shape
    labels = np.zeros((h, w), np.int32)
    edges = np.diff(np.pad(mask, ((0, 0), (1, 1))).view(np.int8), axis=1)
    row, x0 = np.nonzero(edges == 1)  # run starts, raster order ...
    _, x1 = np.nonzero(edges == -1)  # ... and their ends (exclusive), pairwise
    runs = row.size
    if runs == 0:
        return 1, labels, np.array([[0, 0, w, h, h * w]], np.int64)
    # Runs of the row above that touch each run (8-connected: columns overlap by ±1). Runs of
    # a row are sorted and disjoint, so those are one index range per run.
    stride = w + 2
    start_key, end_key = row * stride + x0, row * stride + x1
    above = row - 1
    lo = np.searchsorted(end_key, above * stride + x0, side="left")
    hi = np.searchsorted(start_key, above * stride + x1, side="right")
    count = np.maximum(hi - lo, 0)
    v = np.repeat(np.arange(runs), count)
    u = np.repeat(lo, count) + (np.arange(v.size) - np.repeat(np.cumsum(count) - count, count))
    parent = np.arange(runs)
    while True:
        # Point every run at its root, then hook each touching pair's larger root under the
        # smaller one until every pair joins two runs with the same root.
        while True:
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand
        pu, pv = parent[u], parent[v]
        differ = pu != pv
        if not differ.any():
            break
        low, high = np.minimum(pu[differ], pv[differ]), np.maximum(pu[differ], pv[differ])
        np.minimum.at(parent, high, low)
    # Roots are the smallest run index of each component: raster order of first pixels.
    roots, compact = np.unique(parent, return_inverse=True)
    n = roots.size + 1
    comp = compact.astype(np.int32) + 1
    length = x1 - x0
    labels[mask] = np.repeat(comp, length)  # boolean indexing walks in raster order too
    area = np.bincount(comp, weights=length, minlength=n).astype(np.int64)
    left = np.full(n, w, np.int64)
    top = np.full(n, h, np.int64)
    right = np.zeros(n, np.int64)
    bottom = np.zeros(n, np.int64)
    np.minimum.at(left, comp, x0)
    np.minimum.at(top, comp, row)
    np.maximum.at(right, comp, x1 - 1)
    np.maximum.at(bottom, comp, row)
    stats = np.stack([left, top, right - left + 1, bottom - top + 1, area], axis=1)
    stats[0] = (0, 0, w, h, h * w - int(length.sum()))
    return n, labels, stats


# -- filling holes ------------------------------------------------------------------------------
#: Relaxation sweeps after the pyramid fill (smooth out its blockiness within ~5 pixels).
FILL_SWEEPS = 20


def _pyramid_fill(rgb: np.ndarray, mask: np.ndarray) -> np.ndarray:
    h, w = mask.shape
    rgba = np.empty((h, w, 4), np.uint8)
    rgba[..., :3] = rgb
    rgba[..., 3] = np.where(mask, 0, 255)
    levels = [Image.frombuffer("RGBA", (w, h), rgba, "raw", "RGBA", 0, 1)]
    while min(levels[-1].size) > 1:
        # Reduce premultiplied (RGBa), so a half-known block averages its known pixels only.
        down = levels[-1].convert("RGBa").reduce(2).convert("RGBA")
        levels.append(down)
        lowest_alpha, _ = down.getchannel("A").getextrema()
        if isinstance(lowest_alpha, int) and lowest_alpha > 0:  # no hole left at this level
            break
    filled = levels[-1].convert("RGB").convert("RGBA")  # any hole left here: its own colour
    for level in reversed(levels[:-1]):
        up = filled.resize(level.size, Image.Resampling.BICUBIC)
        filled = Image.alpha_composite(up, level)
    return np.array(filled.convert("RGB"))


def _relax(image: np.ndarray, ys: np.ndarray, xs: np.ndarray, sweeps: int) -> np.ndarray:
    """Jacobi sweeps of the 4-neighbour mean over the hole pixels (``ys``, ``xs``) only, a
    membrane fill starting from ``image``; returns the holes' new colours (n x 3 uint8)."""
    h, w = image.shape[:2]
    n = ys.size
    slot = np.full((h, w), n, np.int32)  # n: a known pixel (reads the zero row)
    slot[ys, xs] = np.arange(n, dtype=np.int32)
    known_sum = np.zeros((n, 3), np.float32)
    neighbours = []
    for dy, dx in ((-1, 0), (1, 0), (0, -1), (0, 1)):
        ny, nx = np.clip(ys + dy, 0, h - 1), np.clip(xs + dx, 0, w - 1)
        index = slot[ny, nx]
        known = index == n
        known_sum[known] += image[ny[known], nx[known]]
        neighbours.append(index)
    values = np.zeros((n + 1, 3), np.float32)
    values[:n] = image[ys, xs]
    for _ in range(sweeps):
        total = known_sum.copy()
        for index in neighbours:
            total += values[index]
        values[:n] = total * 0.25
    return np.clip(values[:n] + 0.5, 0, 255).astype(np.uint8)


def fill_holes(rgb: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Replace the pixels where ``mask`` is set by a smooth fill from their surroundings.

    Pull-push interpolation: the known pixels are averaged down a pyramid (premultiplied by
    their coverage, so holes do not darken the averages) until no hole is left, and each level's
    holes are filled from the level above on the way back up (all in Pillow). A few relaxation
    sweeps over the hole pixels then smooth the pyramid's blocks into a membrane-like fill.
    Known pixels are returned unchanged.
    """
    mask = np.asarray(mask, bool)
    ys, xs = np.nonzero(mask)
    out = rgb.copy()
    out[ys, xs] = _relax(_pyramid_fill(rgb, mask), ys, xs, FILL_SWEEPS)
    return out
