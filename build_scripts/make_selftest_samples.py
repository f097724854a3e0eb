"""Generate the tiny sample photos that ``luxcanvas --self-test`` decodes.

One small synthetic "old photo" (a warm gradient with a scratch and some grain), saved once in
every input format LuxCanvas promises to open, into ``resources/selftest/``. The self-test decodes
each with ``luxcanvas.imaging.load_image``: in a frozen build that proves the codecs (libjpeg,
libpng, libtiff, libwebp, libavif in Pillow; libheif in pi-heif) made it into the bundle.

Run once and commit the output; re-running rewrites identical pixels (fixed seed), though encoders
of other library versions may produce different bytes.

    uv run --with pillow-heif python build_scripts/make_selftest_samples.py

The app bundles pi-heif, which only decodes HEIC; writing the HEIC sample needs the encoder in
pillow-heif, added for this run only with ``--with``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pillow_heif
from PIL import Image, features

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "selftest"
WIDTH, HEIGHT = 96, 64

# file name -> (Pillow format, save options). Kept small: the whole folder is bundled.
SAMPLES: dict[str, tuple[str, dict]] = {
    "sample.jpg": ("JPEG", {"quality": 85}),
    "sample.png": ("PNG", {"optimize": True}),
    "sample.tif": ("TIFF", {"compression": "tiff_deflate"}),
    "sample.webp": ("WEBP", {"quality": 80}),
    "sample.avif": ("AVIF", {"quality": 70}),
    "sample.heic": ("HEIF", {"quality": 70}),
}


def sample_pixels() -> np.ndarray:
    """A faded sepia gradient with a bright diagonal scratch and film grain (HxWx3 uint8)."""
    rng = np.random.default_rng(2026)
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    base = 120 + 60 * (x / WIDTH) - 30 * (y / HEIGHT)
    rgb = np.stack([base * 1.10, base * 0.95, base * 0.75], axis=-1)
    rgb += rng.normal(0, 6, rgb.shape)
    scratch = np.abs((y - 0.6 * x) - 8) < 0.8
    rgb[scratch] = 235
    return np.clip(rgb, 0, 255).astype(np.uint8)


def main() -> int:
    if not features.check("avif"):
        raise SystemExit("This Pillow has no AVIF encoder (Pillow >= 11.3 wheels have one).")
    pillow_heif.register_heif_opener()
    OUT.mkdir(parents=True, exist_ok=True)
    image = Image.fromarray(sample_pixels(), "RGB")
    for name, (fmt, options) in SAMPLES.items():
        path = OUT / name
        image.save(path, format=fmt, **options)
        with Image.open(path) as check:  # fail here, not in the self-test, if one is unreadable
            check.load()
            assert check.size == (WIDTH, HEIGHT), (name, check.size)
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
