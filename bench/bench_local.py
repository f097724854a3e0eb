"""Quality, do-no-harm, speed and memory of the offline ``local`` strategy.

    uv run python bench/bench_local.py

SSIM is measured on lightness (Pillow ``L``, scaled to 0..1) with scikit-image's defaults and
``data_range=1``, at the original's size. The 24 MP run happens in a child process so that
its peak resident memory (``ru_maxrss`` of children) belongs to that job alone.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps
from skimage.metrics import structural_similarity

from luxcanvas.local import LocalOptions, restore

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
LARGE = FIXTURES / "odd" / "large_24mp.jpg"


def load_rgb(path: Path) -> np.ndarray:
    """Decode like the app does: EXIF orientation applied, converted to RGB."""
    with Image.open(path) as im:
        return np.asarray(ImageOps.exif_transpose(im).convert("RGB"))


def lightness_ssim(reference: Image.Image, candidate: Image.Image) -> float:
    """SSIM of the two images' Pillow lightness at the reference's size."""
    if candidate.size != reference.size:
        candidate = candidate.resize(reference.size, Image.Resampling.LANCZOS)
    ref = np.asarray(reference.convert("L"), np.float64) / 255.0
    cand = np.asarray(candidate.convert("L"), np.float64) / 255.0
    return float(structural_similarity(ref, cand, data_range=1))


def quality_table() -> None:
    print("## Damaged fixtures (SSIM on lightness against the clean original)\n")
    print("| photo | damaged | local | gain |")
    print("|---|---:|---:|---:|")
    scores = []
    for damaged_path in sorted((FIXTURES / "damaged").glob("*")):
        original_path = FIXTURES / "photos" / (damaged_path.stem.replace("_damaged", "") + ".png")
        original = Image.open(original_path)
        damaged = load_rgb(damaged_path)
        restored = restore(damaged)
        before = lightness_ssim(original, Image.fromarray(damaged))
        after = lightness_ssim(original, Image.fromarray(restored))
        scores.append((before, after))
        print(f"| {damaged_path.name} | {before:.3f} | {after:.3f} | {after - before:+.3f} |")
    before_mean = statistics.mean(s[0] for s in scores)
    after_mean = statistics.mean(s[1] for s in scores)
    print(f"| **mean** | {before_mean:.3f} | {after_mean:.3f} | {after_mean - before_mean:+.3f} |")


def do_no_harm_table() -> None:
    print("\n## Do no harm (local on each clean original, SSIM against itself)\n")
    print("| photo | local vs original |")
    print("|---|---:|")
    for path in sorted((FIXTURES / "photos").glob("*.png")):
        original = Image.open(path)
        restored = restore(load_rgb(path))
        print(f"| {path.name} | {lightness_ssim(original, Image.fromarray(restored)):.3f} |")


def run_large_job() -> None:
    """Child process: restore the 24 MP photo three times; print the times as JSON."""
    rgb = load_rgb(LARGE)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        restore(rgb, LocalOptions())
        times.append(time.perf_counter() - start)
    print(json.dumps({"times": times, "shape": list(rgb.shape)}))


def speed_table() -> None:
    print("\n## Speed and memory (24 MP, default options)\n")
    if not LARGE.is_file():
        print(f"(skipped: {LARGE} not found)")
        return
    out = subprocess.run(
        [sys.executable, __file__, "--large-job"], capture_output=True, text=True, check=True
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
    h, w, _ = result["shape"]
    print("| photo | size | restore time (median of 3) | peak RSS of the job |")
    print("|---|---|---:|---:|")
    print(
        f"| {LARGE.name} | {w}x{h} | {statistics.median(result['times']):.2f} s "
        f"| {peak_mb:.0f} MB |"
    )
    print(
        "\nPeak memory is ru_maxrss of the child process (decode + three restores), "
        "read with resource.getrusage(RUSAGE_CHILDREN)."
    )


def main() -> None:
    if "--large-job" in sys.argv:
        run_large_job()
        return
    quality_table()
    do_no_harm_table()
    speed_table()


if __name__ == "__main__":
    main()
