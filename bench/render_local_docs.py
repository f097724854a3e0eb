"""Write before/after comparisons of the offline repair to docs/local/.

    uv run python bench/render_local_docs.py
    uv run python bench/render_local_docs.py --real DIR --real-out OUT   # real scans

Each PNG shows, side by side: the damaged scan | the ``local`` result | the clean original.
Rendered: the damaged shared fixtures, and held-out photos of bench/eval_local.py (only
those whose licence allows it: astronaut and rocket are public domain, chelsea is CC0)
damaged by bench/damage.py. ``--real`` renders real damaged scans (damaged | local) to
``--real-out``, outside the repository: the public sets of real cracked prints we know of
(e.g. Microsoft's "Bringing Old Photos Back to Life" test_images/old_w_scratch) carry no
licence for the photos themselves, so they are not committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageOps

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.damage import damage
from bench.eval_local import PILLOW, SKIMAGE, VARIANTS, fit, seed_of, split
from luxcanvas.local import restore

#: Held-out photos that may be shown (public domain or CC0) and the variant shown.
SHOWN_HELD_OUT = ("astronaut", "chelsea", "rocket")
SHOWN_VARIANT = 2

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


def save(sheet: Image.Image, target: Path) -> None:
    sheet.save(target, optimize=True)
    if target.stat().st_size > MAX_BYTES:
        # Keep the repository light: an adaptive 256-colour palette is visually close.
        sheet.quantize(256, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)
    print(f"{target}  {target.stat().st_size // 1024} KB")


def held_out() -> None:
    _, held = split(sorted([*SKIMAGE, *PILLOW]))
    for name in SHOWN_HELD_OUT:
        assert name in held, f"{name} is not in the held-out half"
        clean = fit(SKIMAGE[name]())
        offset, strength = VARIANTS[SHOWN_VARIANT]
        d = damage(clean, seed_of(name, offset), strength)
        sheet = side_by_side(
            [
                labelled(Image.fromarray(d.damaged), f"damaged ({', '.join(d.kinds)})"),
                labelled(Image.fromarray(restore(d.damaged)), "local (offline)"),
                labelled(Image.fromarray(d.reference), "original"),
            ]
        )
        save(sheet, OUT / f"heldout_{name}_before_after.png")


def real(folder: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(folder.glob("*.png")) + sorted(folder.glob("*.jpg")):
        with Image.open(path) as im:
            scan = ImageOps.exif_transpose(im).convert("RGB")
        result = Image.fromarray(restore(np.asarray(scan)))
        sheet = side_by_side([labelled(scan, "scan"), labelled(result, "local (offline)")])
        save(sheet, out / f"{path.stem}_before_after.png")


def main() -> None:
    if "--real" in sys.argv:
        args = sys.argv
        real(Path(args[args.index("--real") + 1]), Path(args[args.index("--real-out") + 1]))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    held_out()
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
        save(sheet, OUT / f"{name}_before_after.png")


if __name__ == "__main__":
    main()
