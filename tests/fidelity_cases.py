"""Evaluation pairs for the fidelity measurement, generated from any set of photos.

Each ``Case`` is an (original, result) pair with what a correct measurement says about it:

* ``faithful``: what restoration legitimately does — tone, colour, resizing, sharpening,
  denoising, JPEG, a few percent of shift/zoom/reframing, and damage the result repaired
  (the original carries synthetic scratches, dust, grain and fading, or the aged print of
  ``bench/damage.py``: clumped grain, cracks, creases, haloed dust, dye fade; the result is
  clean);
* ``local``: one area changed — a patch pasted from another photo (``invented``), an area
  blurred out or wiped flat (``lost``), a face replaced — with its true box;
* ``different``: another photograph in the result's place (``reinterpreted``).

The tests build a few cases from ``../shared/fixtures``; ``bench/eval_fidelity.py`` builds
many from scikit-image's sample photos and keeps half of them out of any tuning.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageOps

Box = tuple[int, int, int, int]  # x, y, w, h

FAITHFUL, LOCAL, DIFFERENT = "faithful", "local", "different"


@dataclass
class Case:
    name: str
    photo: str
    category: str
    original: Image.Image
    result: Image.Image
    box: Box | None = None
    #: The region kind a correct measurement reports for ``box`` ("invented" / "lost").
    kind: str | None = None


# -- faithful transforms ----------------------------------------------------------------------


def _jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


def _gamma(image: Image.Image, gamma: float) -> Image.Image:
    lut = [round(255 * (v / 255) ** gamma) for v in range(256)] * 3
    return image.point(lut)


def _reframe(
    image: Image.Image, left: float, top: float, right: float, bottom: float
) -> Image.Image:
    """Cut fractions off each side and scale back to the original size (a model's zoom)."""
    w, h = image.size
    box = (round(left * w), round(top * h), round(w - right * w), round(h - bottom * h))
    return image.crop(box).resize((w, h), Image.Resampling.BICUBIC)


def add_damage(image: Image.Image, rng: np.random.Generator) -> Image.Image:
    """Synthetic wear: fading towards sepia, grain, long thin scratches and dust specks."""
    w, h = image.size
    grey = ImageOps.grayscale(image)
    sepia = ImageOps.colorize(grey, (40, 26, 14), (236, 222, 196))
    faded = Image.blend(image, sepia, 0.6)
    faded = ImageEnhance.Contrast(faded).enhance(0.65)
    arr = np.asarray(faded, np.float32)
    arr = arr + rng.normal(0, 7, arr.shape[:2])[..., None]
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(out)
    width = max(1, round(min(w, h) / 300))
    for _ in range(int(rng.integers(2, 5))):
        x0 = float(rng.uniform(0.05, 0.95) * w)
        x1 = x0 + float(rng.uniform(-0.15, 0.15) * w)
        shade = (250, 248, 240) if rng.random() < 0.7 else (20, 18, 16)
        draw.line([(x0, 0), (x1, h)], fill=shade, width=width)
    for _ in range(int(rng.integers(20, 45))):
        x, y = float(rng.uniform(0, w)), float(rng.uniform(0, h))
        r = float(rng.uniform(0.6, 2.2)) * width
        shade = (245, 245, 240) if rng.random() < 0.5 else (15, 12, 10)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=shade)
    return out


def faithful_cases(
    name: str, photo: Image.Image, rng: np.random.Generator, draw: int = 0
) -> Iterator[Case]:
    """What restoration legitimately does to ``photo`` (``draw`` picks another aged print)."""
    w, h = photo.size

    def case(kind: str, original: Image.Image, result: Image.Image) -> Case:
        return Case(f"{name}/{kind}", name, FAITHFUL, original, result)

    yield case("tone", photo, _gamma(ImageEnhance.Contrast(photo).enhance(1.35), 0.8))
    lut = [min(255, v + 12) for v in range(256)] + list(range(256))
    lut += [max(0, v - 10) for v in range(256)]
    yield case("colour", photo, ImageEnhance.Color(photo).enhance(1.6).point(lut))
    yield case("grey", photo, ImageOps.grayscale(photo).convert("RGB"))
    yield case("upscale", photo, photo.resize((w * 2, h * 2), Image.Resampling.LANCZOS))
    yield case("downscale", photo, photo.resize((w // 2, h // 2), Image.Resampling.BICUBIC))
    yield case("sharpen", photo, photo.filter(ImageFilter.UnsharpMask(2, 160, 2)))
    yield case("denoise", photo, photo.filter(ImageFilter.MedianFilter(3)))
    yield case("jpeg", photo, _jpeg(photo, int(rng.integers(30, 50))))
    f = rng.uniform(0.01, 0.04, 4)
    yield case("shift", photo, _reframe(photo, f[0], f[1], 0.0, 0.0))
    yield case("zoom", photo, _reframe(photo, f[2], f[2], f[2], f[2]))
    yield case("reframe", photo, _reframe(photo, f[0], 0.0, f[3], f[1]))
    damaged = add_damage(photo, rng)
    yield case("repaired", damaged, photo)
    yield case(
        "repaired+tone+jpeg",
        damaged,
        _jpeg(_reframe(ImageEnhance.Contrast(photo).enhance(1.2), f[1], f[0], f[2], 0.0), 60),
    )
    # The aged print of bench/damage.py (clumped grain, cracks, creases, haloed dust, dye
    # fade, scan blur), repaired perfectly. Its own seed: the cases above keep theirs.
    from bench.damage import damage

    seed = zlib.crc32(name.encode()) + draw
    aged = damage(np.asarray(photo.convert("RGB")), seed, 1.0)
    yield case("repaired-aged", Image.fromarray(aged.damaged), Image.fromarray(aged.reference))


# -- local changes ------------------------------------------------------------------------------


def _detailed_box(photo: Image.Image, side: int, rng: np.random.Generator) -> Box:
    """A box of ``side`` with detail in it (a change in a flat sky is no change at all)."""
    w, h = photo.size
    grey = np.asarray(photo.convert("L"), np.float32)
    best: tuple[float, Box] = (-1.0, (0, 0, side, side))
    for _ in range(12):
        x = int(rng.integers(side // 4, max(side // 4 + 1, w - side - side // 4)))
        y = int(rng.integers(side // 4, max(side // 4 + 1, h - side - side // 4)))
        spread = float(grey[y : y + side, x : x + side].std())
        if spread > best[0]:
            best = (spread, (x, y, side, side))
        if spread > 40:
            break
    return best[1]


def paste_patch(
    photo: Image.Image, donor: Image.Image, box: Box, rng: np.random.Generator
) -> Image.Image:
    x, y, w, h = box
    dw, dh = donor.size
    side = min(dw, dh, max(w, h) * 2)
    dx = int(rng.integers(0, dw - side + 1))
    dy = int(rng.integers(0, dh - side + 1))
    patch = donor.crop((dx, dy, dx + side, dy + side)).resize((w, h), Image.Resampling.BICUBIC)
    out = photo.copy()
    out.paste(patch, (x, y))
    return out


def blur_out(photo: Image.Image, box: Box) -> Image.Image:
    x, y, w, h = box
    region = photo.crop((x, y, x + w, y + h)).filter(ImageFilter.GaussianBlur(max(3, w / 10)))
    out = photo.copy()
    out.paste(region, (x, y))
    return out


def wipe(photo: Image.Image, box: Box) -> Image.Image:
    """The box painted over with a smooth fill (a retouch that erased what was there)."""
    x, y, w, h = box
    tiny = photo.crop((x, y, x + w, y + h)).resize((2, 2), Image.Resampling.BOX)
    out = photo.copy()
    out.paste(tiny.resize((w, h), Image.Resampling.BILINEAR), (x, y))
    return out


def local_cases(
    name: str, photo: Image.Image, donor: Image.Image, rng: np.random.Generator
) -> Iterator[Case]:
    """One area of ``photo`` changed, each with its true box; the result also has a mild
    legitimate tone change so that only the local change should count."""
    side = round(min(photo.size) * float(rng.uniform(0.2, 0.3)))

    def toned(image: Image.Image) -> Image.Image:
        return ImageEnhance.Contrast(image).enhance(1.15)

    box = _detailed_box(photo, side, rng)
    yield Case(
        f"{name}/patch",
        name,
        LOCAL,
        photo,
        toned(paste_patch(photo, donor, box, rng)),
        box,
        "invented",
    )
    box = _detailed_box(photo, side, rng)
    yield Case(f"{name}/blur", name, LOCAL, photo, toned(blur_out(photo, box)), box, "lost")
    box = _detailed_box(photo, side, rng)
    yield Case(f"{name}/wipe", name, LOCAL, photo, toned(wipe(photo, box)), box, "lost")


def aged_blur_case(name: str, photo: Image.Image, draw: int = 0) -> Case:
    """The aged print of ``repaired-aged`` against its repair with one area blurred out: on
    a faded, grainy original the evidence of lost detail must still stand (the grain the tone
    curve magnified is no licence to blur). Its own random streams: other cases keep theirs."""
    from bench.damage import damage

    seed = zlib.crc32(name.encode()) + draw
    aged = damage(np.asarray(photo.convert("RGB")), seed, 1.0)
    rng = np.random.default_rng([seed, 2])
    side = round(min(photo.size) * float(rng.uniform(0.2, 0.3)))
    box = _detailed_box(photo, side, rng)
    original, result = Image.fromarray(aged.damaged), blur_out(Image.fromarray(aged.reference), box)
    return Case(f"{name}/aged-blur", name, LOCAL, original, result, box, "lost")


def face_swap_case(
    name: str, photo: Image.Image, face: Box, donor: Image.Image, donor_face: Box
) -> Case:
    """``photo``'s face box replaced by another face (``donor_face`` of ``donor``)."""
    x, y, w, h = face
    dx, dy, dw, dh = donor_face
    other = donor.crop((dx, dy, dx + dw, dy + dh)).resize((w, h), Image.Resampling.BICUBIC)
    out = photo.copy()
    out.paste(other, (x, y))
    return Case(f"{name}/face-swap", name, LOCAL, photo, out, face, "invented")


def different_case(name: str, photo: Image.Image, other_name: str, other: Image.Image) -> Case:
    """Another photograph, at the original's size and with a restoration's tone change."""
    result = ImageEnhance.Contrast(ImageOps.fit(other, photo.size)).enhance(1.2)
    return Case(f"{name}/different:{other_name}", name, DIFFERENT, photo, result)


#: The seed of the reported case set; another seed draws other cases from the same photos.
ALL_CASES_SEED = 10


def all_cases(photos: dict[str, Image.Image], seed: int = ALL_CASES_SEED) -> Iterator[Case]:
    """Every faithful, local and different case for each photo (donors: the next photo)."""
    names = sorted(photos)
    for index, name in enumerate(names):
        rng = np.random.default_rng([seed, index])
        photo = photos[name]
        other_name = names[(index + 1) % len(names)]
        other = photos[other_name]
        yield from faithful_cases(name, photo, rng, seed - ALL_CASES_SEED)
        yield from local_cases(name, photo, other, rng)
        yield aged_blur_case(name, photo, seed - ALL_CASES_SEED)
        yield different_case(name, photo, other_name, other)


# -- scoring a measurement against a case -------------------------------------------------------


def iou(a: Box, b: Box) -> float:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    ix = max(0, min(ax + aw, bx + bw) - max(ax, bx))
    iy = max(0, min(ay + ah, by + bh) - max(ay, by))
    inter = ix * iy
    union = aw * ah + bw * bh - inter
    return inter / union if union else 0.0


def best_iou(truth: Box, regions: list[Box]) -> float:
    """The overlap of the true box with the reported regions that touch it, joined."""
    touching = [r for r in regions if iou(truth, r) > 0]
    if not touching:
        return 0.0
    x0 = min(r[0] for r in touching)
    y0 = min(r[1] for r in touching)
    x1 = max(r[0] + r[2] for r in touching)
    y1 = max(r[1] + r[3] for r in touching)
    return max(iou(truth, (x0, y0, x1 - x0, y1 - y0)), max(iou(truth, r) for r in touching))
