"""Synthetic damage modelled on real scans of old prints (bench and test use only).

    from bench.damage import damage
    damaged, reference, kinds = damage(clean_rgb, seed=3, strength=1.0)

What the generator draws, after looking at real scans of cracked and faded prints (for
example the ``test_images/old_w_scratch`` set of Microsoft's "Bringing Old Photos Back to
Life"): cracks that branch and wander, 1-4 px wide, mostly paper-white (emulsion lost) and
sometimes dark (dirt in the crack), half of them broken into short runs with small gaps and
half of them dim (the emulsion only thinned, so the photo shows through); long scratches of
any direction and width; dust of many sizes, dark or bright, with a soft halo; creases (a
bright ridge with a shaded side); fading (lifted blacks, lower contrast), yellowing, sepia
toning, the dye fade of colour prints (cyan dye goes first: the print turns red/magenta and
loses saturation); film grain; vignetting; scan blur; JPEG.

``reference`` is what a perfect repair returns: the clean photo, or for a toned print the
clean photo toned the same way (the tone belongs to the print, it is not damage). Each call
with the same arguments returns the same images.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from luxcanvas.local import ops

#: Damage kinds a seed chooses from (each sample gets some of them).
DEFECT_KINDS = ("cracks", "scratches", "dust", "crease")
TONE_KINDS = ("fade", "yellow", "sepia", "dye_fade", "cast", "none")
#: Share of crack networks drawn broken into runs, and drawn dim (part opacity), as on real scans.
BROKEN_SHARE = 0.5
DIM_SHARE = 0.5


@dataclass(frozen=True)
class Damage:
    damaged: np.ndarray
    reference: np.ndarray
    kinds: tuple[str, ...]


# -- tone ---------------------------------------------------------------------------------------
def _luma(rgb: np.ndarray) -> np.ndarray:
    return rgb @ np.array([0.299, 0.587, 0.114], np.float32)


def sepia(rgb: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A toned monochrome print: lightness mapped onto a warm brown ramp."""
    y = _luma(rgb)[..., None] / 255.0
    warmth = rng.uniform(0.6, 1.0)
    dark = np.array([40, 22, 10], np.float32) * warmth
    light = np.array([250, 238, 212], np.float32) - np.array([0, 8, 30]) * (warmth - 0.6)
    mid = np.array([165, 120, 80], np.float32)
    # A quadratic ramp through a brown mid-tone: shadows and highlights less saturated.
    t = y
    out = (1 - t) ** 2 * dark + 2 * t * (1 - t) * mid + t**2 * light
    return np.clip(out, 0, 255)


def fade(rgb: np.ndarray, rng: np.random.Generator, s: float) -> np.ndarray:
    """Lifted blacks and lowered whites: contrast lost towards a light grey veil."""
    lift = rng.uniform(25, 60) * s
    drop = rng.uniform(5, 30) * s
    return lift + rgb * (255 - lift - drop) / 255


def yellow(rgb: np.ndarray, rng: np.random.Generator, s: float) -> np.ndarray:
    """Yellowed paper and varnish: blue falls, most in the highlights."""
    k = rng.uniform(0.10, 0.25) * s
    gain = np.array([1.0, 1.0 - 0.35 * k, 1.0 - k], np.float32)
    return rgb * gain + np.array([6, 4, 0], np.float32) * s


def dye_fade(rgb: np.ndarray, rng: np.random.Generator, s: float) -> np.ndarray:
    """A faded colour print: the cyan dye fades first (red channel rises, a red/magenta
    cast), the yellow dye next (blue rises a little); saturation and contrast fall."""
    x = rgb / 255.0
    y = _luma(rgb)[..., None] / 255.0
    x = y + (x - y) * (1.0 - rng.uniform(0.25, 0.5) * s)  # saturation lost
    red = rng.uniform(0.15, 0.35) * s  # cyan dye lost: red comes up, mostly in the shadows
    blue = rng.uniform(0.0, 0.15) * s
    green = rng.uniform(-0.05, 0.05) * s
    x[..., 0] = x[..., 0] + red * (1 - x[..., 0])
    x[..., 1] = x[..., 1] + green * (1 - x[..., 1])
    x[..., 2] = x[..., 2] + blue * (1 - x[..., 2])
    return fade(np.clip(x, 0, 1) * 255, rng, 0.5 * s)


def cast(rgb: np.ndarray, rng: np.random.Generator, s: float) -> np.ndarray:
    """A scan or storage colour cast: a gentle gain and offset per channel."""
    gain = 1.0 + rng.uniform(-0.12, 0.12, 3) * s
    offset = rng.uniform(-10, 14, 3) * s
    return rgb * gain + offset


def vignette(rgb: np.ndarray, rng: np.random.Generator, s: float) -> np.ndarray:
    h, w = rgb.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cy, cx = h / 2 + rng.uniform(-0.1, 0.1) * h, w / 2 + rng.uniform(-0.1, 0.1) * w
    r2 = ((yy - cy) ** 2 + (xx - cx) ** 2) / (h * h / 4 + w * w / 4)
    k = rng.uniform(0.1, 0.3) * s
    return rgb * (1 - k * r2)[..., None]


def grain(rgb: np.ndarray, rng: np.random.Generator, s: float) -> np.ndarray:
    """Film grain: clumped (slightly blurred) noise, stronger in the mid-tones."""
    h, w = rgb.shape[:2]
    sigma = rng.uniform(3, 9) * s
    noise = rng.normal(0, 1, (h, w)).astype(np.float32)
    clump = rng.uniform(0.5, 1.2)
    noise = ops.gaussian_blur(noise, clump)
    noise *= sigma / max(1e-6, float(noise.std()))
    y = _luma(rgb) / 255.0
    weight = 0.5 + 2.0 * y * (1 - y)
    colour = rng.normal(0, 0.25 * sigma, (h // 4 + 1, w // 4 + 1, 3)).astype(np.float32)
    colour = np.repeat(np.repeat(colour, 4, 0), 4, 1)[:h, :w]
    return rgb + (noise * weight)[..., None] + colour * 0.5


# -- defects ------------------------------------------------------------------------------------
def _paper(rng: np.random.Generator, bright: bool) -> tuple[int, int, int]:
    if bright:
        v = int(rng.uniform(228, 255))
        return (v, v - int(rng.uniform(0, 8)), v - int(rng.uniform(0, 22)))
    v = int(rng.uniform(8, 45))
    return (v + 6, v + 3, v)


def _crack_path(rng: np.random.Generator, h: int, w: int, start, angle: float, length: float):
    pts = [start]
    x, y = start
    step = max(2.0, min(h, w) / 120)
    for _ in range(int(length / step)):
        # Cracks run on roughly straight with small wanders and an occasional kink.
        angle += rng.normal(0, 0.12) + (rng.normal(0, 0.6) if rng.random() < 0.08 else 0.0)
        x += step * np.cos(angle)
        y += step * np.sin(angle)
        pts.append((x, y))
        if not (-10 <= x <= w + 10 and -10 <= y <= h + 10):
            break
    return pts, angle


def _broken(rng: np.random.Generator, pts, short: int) -> list[list]:
    """``pts`` split into runs 2-8 % of the shorter side long, with gaps of 0.4-1.2 % between."""
    runs, run, walked = [], [pts[0]], 0.0
    target, gap = rng.uniform(0.02, 0.08) * short, 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(pts):
        walked += float(np.hypot(x1 - x0, y1 - y0))
        if gap > 0:  # inside a gap: skip until it is walked
            if walked >= gap:
                run, walked, gap = [(x1, y1)], 0.0, 0.0
                target = rng.uniform(0.02, 0.08) * short
            continue
        run.append((x1, y1))
        if walked >= target:
            runs.append(run)
            run, walked, gap = [], 0.0, rng.uniform(0.004, 0.012) * short
    if len(run) > 1:
        runs.append(run)
    return runs


def draw_cracks(
    layer: Pair, rng: np.random.Generator, h: int, w: int, s: float, looks: np.random.Generator
):
    """A branching crack network (drawn at 2x on ``layer``): main cracks with side branches.

    ``looks`` draws which cracks are broken or dim, and where the gaps fall: a stream of its
    own, so that ``rng`` (and every later kind of damage) draws what it drew before the
    broken and dim cracks were added.
    """
    mains = int(rng.integers(1, 4) * s + 1)
    for _ in range(mains):
        bright = rng.random() < 0.8
        colour = _paper(rng, bright)
        broken = looks.random() < BROKEN_SHARE
        opacity = round(255 * looks.uniform(0.45, 1.0)) if looks.random() < DIM_SHARE else None
        start = (rng.uniform(0, w), rng.uniform(0, h))
        angle = rng.uniform(0, 2 * np.pi)
        queue = [(start, angle, rng.uniform(0.4, 1.0) * max(h, w), rng.uniform(1.0, 3.5), 0)]
        while queue:
            p0, a0, length, width, depth = queue.pop()
            pts, _ = _crack_path(rng, h, w, p0, a0, length)
            for run in _broken(looks, pts, min(h, w)) if broken else [pts]:
                xy = [(2 * x, 2 * y) for x, y in run]
                layer.line(xy, fill=colour, width=round(2 * width), opacity=opacity)
            if depth < 2:
                for _ in range(int(rng.integers(1, 4))):
                    i = int(rng.integers(0, len(pts)))
                    side = a0 + rng.choice([-1, 1]) * rng.uniform(0.5, 1.4)
                    queue.append(
                        (
                            pts[i],
                            side,
                            length * rng.uniform(0.2, 0.5),
                            max(1.0, width * 0.7),
                            depth + 1,
                        )
                    )


def draw_scratches(layer: Pair, rng: np.random.Generator, h: int, w: int, s: float):
    for _ in range(int(rng.integers(0, 3) * s + 1)):
        bright = rng.random() < 0.7
        colour = _paper(rng, bright)
        angle = rng.uniform(0, np.pi) if rng.random() < 0.5 else rng.normal(np.pi / 2, 0.1)
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        half = rng.uniform(0.3, 0.8) * max(h, w)
        bend = rng.normal(0, 0.01 * max(h, w))
        t = np.linspace(-1, 1, 40)
        xs = cx + half * t * np.cos(angle) - bend * (1 - t * t) * np.sin(angle)
        ys = cy + half * t * np.sin(angle) + bend * (1 - t * t) * np.cos(angle)
        width = rng.choice([1, 1, 2, 2, 3, 4, 5])
        layer.line(
            [(2 * x, 2 * y) for x, y in zip(xs, ys, strict=True)], fill=colour, width=2 * width
        )


def draw_dust(layer: Pair, halo: Pair, rng: np.random.Generator, h, w, s):
    scale = min(h, w) / 400
    for _ in range(int(rng.integers(10, 40) * s)):
        bright = rng.random() < 0.45
        colour = _paper(rng, bright)
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        r = float(np.clip(rng.lognormal(0.3, 0.6), 0.6, 6.0)) * max(0.7, scale)
        for _ in range(int(rng.integers(1, 4))):  # irregular: a few overlapping blobs
            ox, oy = rng.normal(0, 0.5 * r, 2)
            rx, ry = r * rng.uniform(0.6, 1.2), r * rng.uniform(0.6, 1.2)
            box = [2 * (x + ox - rx), 2 * (y + oy - ry), 2 * (x + ox + rx), 2 * (y + oy + ry)]
            layer.ellipse(box, fill=colour)
        if rng.random() < 0.6:
            hr = 2.2 * r
            halo.ellipse([2 * (x - hr), 2 * (y - hr), 2 * (x + hr), 2 * (y + hr)], fill=colour)


def draw_crease(layer: Pair, shade: ImageDraw.ImageDraw, rng, h, w, s):
    """A fold: a bright ridge of broken emulsion with a darker shaded band beside it."""
    horizontal = rng.random() < 0.5
    t = np.linspace(0, 1, 30)
    if horizontal:
        y0 = rng.uniform(0.2, 0.8) * h
        pts = [(x * w, y0 + rng.normal(0, 1.5) + 0.05 * h * (x - 0.5)) for x in t]
        off = (0.0, 3.0)
    else:
        x0 = rng.uniform(0.2, 0.8) * w
        pts = [(x0 + rng.normal(0, 1.5) + 0.05 * w * (y - 0.5), y * h) for y in t]
        off = (3.0, 0.0)
    width = rng.uniform(2, 5) * max(0.7, min(h, w) / 500)
    shade.line(
        [(2 * (x + off[0]), 2 * (y + off[1])) for x, y in pts], fill=60, width=round(6 * width)
    )
    layer.line([(2 * x, 2 * y) for x, y in pts], fill=_paper(rng, True), width=round(2 * width))


def _composite(base: np.ndarray, layer: Image.Image, alpha: Image.Image, blur: float) -> np.ndarray:
    """Paint ``layer`` (drawn at 2x) onto ``base`` with anti-aliased coverage ``alpha``."""
    h, w = base.shape[:2]
    a = alpha.resize((w, h), Image.Resampling.BOX)
    if blur:
        a = a.filter(ImageFilter.GaussianBlur(blur))
    col = np.asarray(layer.resize((w, h), Image.Resampling.BOX), np.float32)
    af = np.asarray(a, np.float32)[..., None] / 255.0
    # Colour under partial coverage: unpremultiply the box-averaged colour.
    col = col / np.maximum(af, 1 / 255)
    return base * (1 - af) + np.clip(col, 0, 255) * af


class Pair:
    """Draws each shape on a colour layer and on its coverage (alpha) layer."""

    def __init__(self, colour: Image.Image, alpha: Image.Image, opacity: int) -> None:
        self.colour, self.alpha = ImageDraw.Draw(colour), ImageDraw.Draw(alpha)
        self.opacity = opacity

    def line(self, xy, fill, width: int, opacity: int | None = None) -> None:
        """``opacity`` (0-255) overrides the pair's."""
        a = self.opacity if opacity is None else opacity
        self.colour.line(xy, fill=_premultiplied(fill, a), width=max(1, width), joint="curve")
        self.alpha.line(xy, fill=a, width=max(1, width), joint="curve")

    def ellipse(self, xy, fill) -> None:
        self.colour.ellipse(xy, fill=_premultiplied(fill, self.opacity))
        self.alpha.ellipse(xy, fill=self.opacity)


def _premultiplied(fill: tuple[int, int, int], opacity: int) -> tuple[int, ...]:
    """``fill`` scaled by ``opacity`` (0-255): _composite divides the box-averaged colour by
    the coverage times the opacity, which then gives back ``fill`` itself."""
    return tuple(round(c * opacity / 255) for c in fill)


def defects(
    base: np.ndarray,
    rng: np.random.Generator,
    kinds: list[str],
    s: float,
    looks: np.random.Generator,
) -> np.ndarray:
    """``kinds`` of defect drawn on ``base``; ``looks`` as for draw_cracks."""
    h, w = base.shape[:2]
    out = base
    for kind in kinds:
        layer = Image.new("RGB", (2 * w, 2 * h))
        alpha = Image.new("L", (2 * w, 2 * h))
        both = Pair(layer, alpha, 255)
        if kind == "cracks":
            draw_cracks(both, rng, h, w, s, looks)
        elif kind == "scratches":
            draw_scratches(both, rng, h, w, s)
        elif kind == "dust":
            halo_c = Image.new("RGB", (2 * w, 2 * h))
            halo_a = Image.new("L", (2 * w, 2 * h))
            draw_dust(both, Pair(halo_c, halo_a, 70), rng, h, w, s)
            out = _composite(out, halo_c, halo_a, 1.5)
        elif kind == "crease":
            shade = Image.new("L", (2 * w, 2 * h))
            draw_crease(both, ImageDraw.Draw(shade), rng, h, w, s)
            sh = np.asarray(
                shade.resize((w, h), Image.Resampling.BOX).filter(ImageFilter.GaussianBlur(2)),
                np.float32,
            )
            out = out * (1 - sh[..., None] / 255 * 0.5)
        out = _composite(out, layer, alpha, 0.4)
    return out


# -- the whole ----------------------------------------------------------------------------------
def damage(clean: np.ndarray, seed: int, strength: float = 1.0) -> Damage:
    """Damage ``clean`` (HxWx3 uint8) the way an old print ages; ``strength`` ~0.5..1.5."""
    rng = np.random.default_rng(seed)
    s = float(strength)
    kinds: list[str] = []
    tone = TONE_KINDS[int(rng.integers(0, len(TONE_KINDS)))]
    reference = clean.astype(np.float32)
    if tone == "sepia":
        reference = sepia(reference, rng)
    img = reference.copy()
    if tone == "fade":
        img = fade(img, rng, s)
    elif tone == "yellow":
        img = fade(yellow(img, rng, s), rng, 0.6 * s)
    elif tone == "sepia":
        img = fade(img, rng, 0.7 * s)
    elif tone == "dye_fade":
        img = dye_fade(img, rng, s)
    elif tone == "cast":
        img = cast(img, rng, s)
    kinds.append(tone)
    if rng.random() < 0.5:
        img = vignette(img, rng, s)
        kinds.append("vignette")
    chosen = [k for k in DEFECT_KINDS if rng.random() < 0.6]
    if not chosen:
        chosen = [DEFECT_KINDS[int(rng.integers(0, len(DEFECT_KINDS)))]]
    img = defects(img, rng, chosen, s, np.random.default_rng([seed, 1]))
    kinds += chosen
    if rng.random() < 0.7:
        img = grain(img, rng, s)
        kinds.append("grain")
    pil = Image.fromarray(np.clip(img + 0.5, 0, 255).astype(np.uint8))
    pil = pil.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.8)))  # scan blur
    buf = io.BytesIO()
    pil.save(buf, "JPEG", quality=int(rng.integers(60, 92)))
    kinds.append("jpeg")
    damaged = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))
    ref = np.clip(reference + 0.5, 0, 255).astype(np.uint8)
    return Damage(damaged, ref, tuple(kinds))
