"""Draw the LuxCanvas app icon and derive the Windows .ico and macOS .icns from it.

One source of truth: ``resources/icons/luxcanvas.png`` (1024x1024) is drawn here with Pillow, and
``luxcanvas.ico`` / ``luxcanvas.icns`` are generated from that PNG. The motif is a photo print
with a deckled white border, a sunset landscape inside, and a soft light beam sweeping across its
top-left corner ("lux" restoring the canvas). Deterministic, so re-running it changes nothing.

    uv run python build_scripts/make_icons.py            # draw the PNG, then derive .ico/.icns
    uv run python build_scripts/make_icons.py --derive   # only derive from an existing PNG
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SOURCE = ICONS / "luxcanvas.png"
SIZE = 1024

# Windows shows 16-256 px; macOS wants 16-1024 (Pillow picks the icns slots from the source).
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
ICNS_SIZES = [(16, 16), (32, 32), (64, 64), (128, 128), (256, 256), (512, 512), (1024, 1024)]


def _vertical_gradient(size: tuple[int, int], top: tuple, bottom: tuple) -> Image.Image:
    """An RGB image fading from ``top`` to ``bottom`` colour."""
    _, height = size
    column = Image.new("RGB", (1, height))
    for y in range(height):
        t = y / max(1, height - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        column.putpixel((0, y), colour)
    return column.resize(size, Image.Resampling.BILINEAR)


def draw_icon(size: int = SIZE) -> Image.Image:
    """The 1024 px master icon (RGBA, transparent outside the rounded tile)."""
    scale = 4  # draw at 4x and downsample once: smooth edges without per-shape antialiasing
    s = size * scale
    icon = Image.new("RGBA", (s, s), (0, 0, 0, 0))

    # Rounded tile in the macOS "squircle-ish" proportion (about 10 % margin, 22 % radius).
    margin, radius = int(s * 0.09), int(s * 0.2)
    tile_box = (margin, margin, s - margin, s - margin)
    tile_mask = Image.new("L", (s, s), 0)
    ImageDraw.Draw(tile_mask).rounded_rectangle(tile_box, radius=radius, fill=255)
    tile = _vertical_gradient((s, s), (32, 36, 58), (14, 16, 28)).convert("RGBA")
    shadow = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    ImageDraw.Draw(shadow).rounded_rectangle(
        (margin, margin + s // 80, s - margin, s - margin + s // 80), radius=radius,
        fill=(0, 0, 0, 110),
    )  # fmt: skip
    icon.alpha_composite(shadow.filter(ImageFilter.GaussianBlur(s // 60)))
    icon.paste(tile, (0, 0), tile_mask)

    # The photo print, slightly rotated like one lying on a table.
    pw, ph = int(s * 0.58), int(s * 0.46)
    border = int(s * 0.03)
    photo = Image.new("RGBA", (pw, ph), (246, 241, 228, 255))
    inner = (pw - 2 * border, ph - 2 * border - border)  # thicker bottom border, like a print
    scene = _vertical_gradient(inner, (247, 170, 92), (172, 84, 120)).convert("RGBA")
    draw = ImageDraw.Draw(scene)
    iw, ih = inner
    draw.ellipse(  # the sun
        (int(iw * 0.56), int(ih * 0.22), int(iw * 0.80), int(ih * 0.22) + int(iw * 0.24)),
        fill=(255, 226, 150, 255),
    )
    draw.polygon(  # far hills
        [(0, ih * 0.70), (iw * 0.30, ih * 0.48), (iw * 0.55, ih * 0.66), (iw * 0.80, ih * 0.52),
         (iw, ih * 0.62), (iw, ih), (0, ih)],
        fill=(96, 58, 104, 255),
    )  # fmt: skip
    draw.polygon(  # near hills
        [(0, ih * 0.86), (iw * 0.42, ih * 0.70), (iw, ih * 0.84), (iw, ih), (0, ih)],
        fill=(48, 34, 72, 255),
    )
    photo.paste(scene, (border, border))
    photo = photo.rotate(-7, resample=Image.Resampling.BICUBIC, expand=True)
    photo_shadow = Image.new("RGBA", photo.size, (0, 0, 0, 0))
    photo_shadow.putalpha(photo.getchannel("A").point(lambda a: a * 0.45))
    px, py = (s - photo.width) // 2, (s - photo.height) // 2 + int(s * 0.03)
    icon.alpha_composite(photo_shadow.filter(ImageFilter.GaussianBlur(s // 90)), (px, py + s // 60))
    icon.alpha_composite(photo, (px, py))

    # The light beam: a soft diagonal glow from the top-left corner, clipped to the tile.
    beam = Image.new("L", (s, s), 0)
    ImageDraw.Draw(beam).polygon(
        [(margin, margin), (int(s * 0.42), margin), (int(s * 0.78), s - margin),
         (int(s * 0.50), s - margin)],
        fill=70,
    )  # fmt: skip
    beam = ImageChops.multiply(beam.filter(ImageFilter.GaussianBlur(s // 40)), tile_mask)
    glow = Image.new("RGBA", (s, s), (255, 240, 200, 0))
    glow.putalpha(beam)
    icon.alpha_composite(glow)

    # A small four-point sparkle where the beam starts.
    cx, cy, r = int(s * 0.25), int(s * 0.24), int(s * 0.07)
    sparkle = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    ImageDraw.Draw(sparkle).polygon(
        [(cx, cy - r), (cx + r // 5, cy - r // 5), (cx + r, cy), (cx + r // 5, cy + r // 5),
         (cx, cy + r), (cx - r // 5, cy + r // 5), (cx - r, cy), (cx - r // 5, cy - r // 5)],
        fill=(255, 248, 225, 255),
    )  # fmt: skip
    icon.alpha_composite(sparkle.filter(ImageFilter.GaussianBlur(s // 400)))

    return icon.resize((size, size), Image.Resampling.LANCZOS)


def derive(source: Path = SOURCE) -> list[Path]:
    """Write luxcanvas.ico and luxcanvas.icns next to ``source``; returns their paths."""
    with Image.open(source) as im:
        master = im.convert("RGBA")
    if master.size != (SIZE, SIZE):
        sys.exit(f"{source} must be {SIZE}x{SIZE}, not {master.size[0]}x{master.size[1]}")
    ico = source.with_suffix(".ico")
    icns = source.with_suffix(".icns")
    master.save(ico, format="ICO", sizes=ICO_SIZES)
    master.save(icns, format="ICNS", sizes=ICNS_SIZES)
    return [ico, icns]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--derive", action="store_true", help="only regenerate .ico/.icns")
    args = parser.parse_args(argv)
    ICONS.mkdir(parents=True, exist_ok=True)
    if not args.derive:
        draw_icon().save(SOURCE, format="PNG", optimize=True)
        print(f"wrote {SOURCE.relative_to(ROOT)}")
    for path in derive():
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
