"""Quality of the offline ``local`` repair on photos it was not tuned on.

    uv run python bench/eval_local.py                 # the tuning half only
    uv run python bench/eval_local.py --half both     # tuning and held-out halves
    uv run python bench/eval_local.py --save /tmp/eval  # also write damaged/restored PNGs

The evaluation set: every colour photograph in scikit-image's data (astronaut, chelsea,
coffee, rocket, motorcycle) and the distinct colour photographs among Pillow's own test
images (taken from the Pillow sdist on PyPI, downloaded once with pip into CACHE). The
scientific images (Hubble field, retina, stained tissue) and the renders, charts and text
cards are left out: they are not photographs anyone restores. Each photo is brought to at
most WORK_SIDE pixels on its longer side and damaged with bench/damage.py at several seeds
and strengths.

Photos are split into a tuning half and a HELD-OUT half by a fixed hash of their name
(sorted by SHA-256, alternate names): tune constants on the tuning half only and look at the
held-out half once, at the end.

Measures, per photo (mean over its damaged variants) and per half:
* lightness SSIM against the reference before and after (Pillow ``L``, scikit-image SSIM with
  ``data_range=1``, as in bench_local.py), and the gain;
* mean ΔE2000 (CIELAB, D65) against the reference before and after;
* do no harm: the clean photo through ``restore``, SSIM and ΔE2000 against itself; and for
  scikit-image's clean grey photographs (GREY), SSIM and the share the detector masks.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import statistics
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps
from skimage import data as skdata
from skimage.color import deltaE_ciede2000, rgb2lab
from skimage.metrics import structural_similarity

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.damage import damage
from luxcanvas.local import LocalOptions, restore
from luxcanvas.local.analyse import analyse
from luxcanvas.local.detect import detect_defects

CACHE = Path(tempfile.gettempdir()) / "luxcanvas-eval-cache"
PILLOW_VERSION = "13.0.0"
WORK_SIDE = 768
#: (seed offset, strength) of each damaged variant of a photo.
VARIANTS = ((0, 0.6), (1, 0.9), (2, 1.2), (3, 1.5), (4, 1.0))

SKIMAGE = {
    "astronaut": lambda: skdata.astronaut(),
    "chelsea": lambda: skdata.chelsea(),
    "coffee": lambda: skdata.coffee(),
    "rocket": lambda: skdata.rocket(),
    "motorcycle": lambda: skdata.stereo_motorcycle()[0],
}
#: scikit-image's grey photographs: clean, for the do-no-harm check only (a brick wall, a
#: lawn, gravel, coins, the moon, a cameraman, a printed page). Grey and lacking the colour
#: cues of fading, they test that the detector leaves a scene's own lines and texture alone.
GREY = ("brick", "camera", "coins", "grass", "gravel", "moon", "page")
#: Distinct colour photographs among Pillow's test images (Tests/images/...).
PILLOW = {
    "app13-multiple": "app13-multiple.jpg",
    "balloon": "balloon.jpf",
    "exif-72dpi-int": "exif-72dpi-int.jpg",
    "exif_gps_typeerror": "exif_gps_typeerror.jpg",
    "flower": "flower.jpg",
    "flower2": "flower2.jpg",
    "frozenpond": "frozenpond.mpo",
    "fujifilm": "fujifilm.mpo",
    "icc_profile_big": "icc_profile_big.jpg",
    "iptc": "iptc.jpg",
    "junk_jpeg_header": "junk_jpeg_header.jpg",
    "sugarshack": "sugarshack.mpo",
    "tv": "tv.rgb",
    "xmp_test": "xmp_test.jpg",
}


def pillow_images() -> Path:
    """Pillow's Tests/images from its sdist (downloaded with pip into CACHE once)."""
    root = CACHE / f"pillow-{PILLOW_VERSION}" / "Tests" / "images"
    if root.is_dir():
        return root
    CACHE.mkdir(parents=True, exist_ok=True)
    sdist = CACHE / f"pillow-{PILLOW_VERSION}.tar.gz"
    if not sdist.is_file():
        subprocess.run(
            ["uv", "run", "--no-project", "--with", "pip", "python", "-m", "pip", "download",
             f"pillow=={PILLOW_VERSION}", "--no-binary", ":all:", "--no-deps", "-q",
             "-d", str(CACHE)],
            check=True,
        )  # fmt: skip
    with tarfile.open(sdist) as tar:
        members = [m for m in tar.getmembers() if "/Tests/images/" in m.name]
        tar.extractall(CACHE, members=members, filter="data")
    return root


def fit(rgb: np.ndarray) -> np.ndarray:
    im = Image.fromarray(np.ascontiguousarray(rgb[..., :3]))
    if max(im.size) > WORK_SIDE:
        im.thumbnail((WORK_SIDE, WORK_SIDE), Image.Resampling.LANCZOS)
    return np.asarray(im.convert("RGB"))


def load_photos() -> dict[str, np.ndarray]:
    photos = {name: fit(load()) for name, load in SKIMAGE.items()}
    root = pillow_images()
    for name, file in PILLOW.items():
        with Image.open(root / file) as im:
            photos[name] = fit(np.asarray(ImageOps.exif_transpose(im).convert("RGB")))
    return photos


def split(names: list[str]) -> tuple[list[str], list[str]]:
    """(tuning, held_out): names sorted by SHA-256 of the name, alternately."""
    ranked = sorted(names, key=lambda n: hashlib.sha256(n.encode()).hexdigest())
    return sorted(ranked[0::2]), sorted(ranked[1::2])


def seed_of(name: str, offset: int) -> int:
    return int(hashlib.sha256(f"{name}/{offset}".encode()).hexdigest()[:8], 16)


def lightness_ssim(reference: np.ndarray, candidate: np.ndarray) -> float:
    ref = np.asarray(Image.fromarray(reference).convert("L"), np.float64) / 255.0
    cand = np.asarray(Image.fromarray(candidate).convert("L"), np.float64) / 255.0
    return float(structural_similarity(ref, cand, data_range=1))


def delta_e(reference: np.ndarray, candidate: np.ndarray) -> float:
    return float(deltaE_ciede2000(rgb2lab(reference), rgb2lab(candidate)).mean())


@dataclass
class Row:
    name: str
    before: float
    after: float
    de_before: float
    de_after: float
    clean_ssim: float
    clean_de: float


def evaluate(args: tuple[str, np.ndarray, str | None]) -> Row:
    name, clean, save = args
    before, after, de_b, de_a = [], [], [], []
    for offset, strength in VARIANTS:
        d = damage(clean, seed_of(name, offset), strength)
        out = restore(d.damaged)
        before.append(lightness_ssim(d.reference, d.damaged))
        after.append(lightness_ssim(d.reference, out))
        de_b.append(delta_e(d.reference, d.damaged))
        de_a.append(delta_e(d.reference, out))
        if save:
            sheet = np.concatenate([d.damaged, out, d.reference], axis=1)
            Image.fromarray(sheet).save(Path(save) / f"{name}_{offset}.png")
    kept = restore(clean)
    return Row(
        name,
        statistics.mean(before),
        statistics.mean(after),
        statistics.mean(de_b),
        statistics.mean(de_a),
        lightness_ssim(clean, kept),
        delta_e(clean, kept),
    )


def grey_harm(name: str) -> tuple[str, float, float, float]:
    """(name, SSIM with the default repair, SSIM with the fade stage off, share of pixels the
    damage detector masks) for a clean grey photograph through ``restore``."""
    clean = fit(np.repeat(getattr(skdata, name)()[..., None], 3, axis=2))
    info = analyse(clean)
    mask = detect_defects(clean, info.noise_sigma, monochrome=True)
    no_fade = restore(clean, LocalOptions(fade=False))
    return (
        name,
        lightness_ssim(clean, restore(clean)),
        lightness_ssim(clean, no_fade),
        float((mask > 0).mean()),
    )


def grey_table(rows: list[tuple[str, float, float, float]]) -> None:
    print("\n## Do no harm on clean grey photographs (scikit-image)\n")
    print("| photo | SSIM | SSIM, fade off | masked as damage |")
    print("|---|---:|---:|---:|")
    for name, ssim, no_fade, masked in rows:
        print(f"| {name} | {ssim:.3f} | {no_fade:.3f} | {masked:.2%} |")
    print(
        "\nThe fade stage stretches any grey photo whose blacks are lifted (it cannot tell a "
        "low-key scene from a faded print); the column without it shows the rest of the repair."
    )


def table(title: str, rows: list[Row]) -> None:
    print(f"\n## {title} ({len(rows)} photos x {len(VARIANTS)} damaged variants)\n")
    print("| photo | SSIM damaged | SSIM local | gain | ΔE00 damaged | ΔE00 local "
          "| clean: SSIM | clean: ΔE00 |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r.name} | {r.before:.3f} | {r.after:.3f} | {r.after - r.before:+.3f} "
            f"| {r.de_before:.2f} | {r.de_after:.2f} | {r.clean_ssim:.3f} | {r.clean_de:.2f} |"
        )

    def m(f):
        return statistics.mean(f(r) for r in rows)

    print(
        f"| **mean** | {m(lambda r: r.before):.3f} | {m(lambda r: r.after):.3f} "
        f"| {m(lambda r: r.after - r.before):+.3f} | {m(lambda r: r.de_before):.2f} "
        f"| {m(lambda r: r.de_after):.2f} | {m(lambda r: r.clean_ssim):.3f} "
        f"| {m(lambda r: r.clean_de):.2f} |"
    )
    worst = min(rows, key=lambda r: r.after - r.before)
    print(
        f"\nLeast gain: {worst.name} {worst.after - worst.before:+.3f}; "
        f"lowest do-no-harm SSIM: {min(r.clean_ssim for r in rows):.3f}."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("tune", "held-out", "both"), default="tune")
    parser.add_argument("--save", help="directory for damaged | restored | reference sheets")
    parser.add_argument("--only", nargs="*", help="photo names (tuning half only)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    photos = load_photos()
    tuning, held_out = split(sorted(photos))
    if args.only:
        tuning = [n for n in tuning if n in args.only]
    if args.save:
        Path(args.save).mkdir(parents=True, exist_ok=True)
    halves = []
    if args.half in ("tune", "both"):
        halves.append(("Tuning half", tuning))
    if args.half in ("held-out", "both"):
        halves.append(("HELD-OUT half", held_out))
    with multiprocessing.Pool(args.jobs) as pool:
        for title, names in halves:
            rows = pool.map(evaluate, [(n, photos[n], args.save) for n in names])
            table(title, rows)
        if not args.only:
            grey_table(pool.map(grey_harm, GREY))


if __name__ == "__main__":
    main()
