"""Write before/after comparisons of the damaged fixtures to docs/local/.

    uv run python bench/render_local_docs.py

Each PNG shows, side by side: the damaged scan | the ``local`` result | the clean original.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageOps

from luxcanvas.local import restore

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
OUT = REPO / "docs" / "local"
LABEL_HEIGHT = 22
GAP = 6
MAX_BYTES = 600 * 1024


def labelled(img: Image.Image, text: str) -> Image.Image:
    """The image with a small caption strip above it."""
    panel = Image.new("RGB", (img.width, img.height + LABEL_HEIGHT), "white")
    panel.paste(img, (0, LABEL_HEIGHT))
    ImageDraw.Draw(panel).text((6, 5), text, fill="black")
    return panel


def side_by_side(panels: list[Image.Image]) -> Image.Image:
    width = sum(p.width for p in panels) + GAP * (len(panels) - 1)
    sheet = Image.new("RGB", (width, max(p.height for p in panels)), "white")
    x = 0
    for panel in panels:
        sheet.paste(panel, (x, 0))
        x += panel.width + GAP
    return sheet


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for damaged_path in sorted((FIXTURES / "damaged").glob("*")):
        name = damaged_path.stem.replace("_damaged", "")
        with Image.open(damaged_path) as im:
            damaged = ImageOps.exif_transpose(im).convert("RGB")
        restored = Image.fromarray(restore(np.asarray(damaged)))
        original = Image.open(FIXTURES / "photos" / f"{name}.png").convert("RGB")
        sheet = side_by_side(
            [
                labelled(damaged, "damaged"),
                labelled(restored, "local (offline)"),
                labelled(original, "original"),
            ]
        )
        target = OUT / f"{name}_before_after.png"
        sheet.save(target, optimize=True)
        if target.stat().st_size > MAX_BYTES:
            # Keep the repository light: an adaptive 256-colour palette is visually close.
            sheet.quantize(256, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)
        print(f"{target.relative_to(REPO)}  {target.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
