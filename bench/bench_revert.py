"""Time putting the original back (app.revert) on a 24 MP original and a 4K result; prints a
markdown table.

    uv run python bench/bench_revert.py [--runs 3]

The original is decoded once (its time is printed separately; ``keep_original`` decodes it
in the worker too). Rows: ``revert_region`` for a flagged box covering a growing share of the
frame, and for a brush mask painted at the brush's own resolution. Medians of ``--runs``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from luxcanvas import imaging
from luxcanvas.app.revert import regions_mask, revert_region
from luxcanvas.domain.fidelity import Region, RegionKind
from tests.conftest import FIXTURES

PHOTO = FIXTURES / "odd" / "large_24mp.jpg"


def median_seconds(run, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    started = time.perf_counter()
    original, _ = imaging.load_image(PHOTO)
    decode = time.perf_counter() - started
    result = original.resize((4096, round(4096 * original.height / original.width)))
    width, height = original.size
    print(f"original {width}×{height} decoded in {decode:.2f} s; result {result.width}×"
          f"{result.height}\n")  # fmt: skip
    print("| mask | share of the frame | seconds |")
    print("|---|---|---|")
    for side in (0.1, 0.3, 0.5, 0.8):
        box = Region(int(width * 0.1), int(height * 0.1), int(width * side), int(height * side),
                     RegionKind.INVENTED)  # fmt: skip
        mask = regions_mask([box], original.size)
        seconds = median_seconds(lambda m=mask: revert_region(original, result, m), runs)
        print(f"| region box | {side * side:.0%} | {seconds:.2f} |")
    brush = np.zeros((1365, 2048), np.uint8)  # the brush paints at most 2048 px wide
    yy, xx = np.mgrid[0:1365, 0:2048]
    brush[np.hypot(xx - 900, yy - 600) < 300] = 255
    seconds = median_seconds(lambda: revert_region(original, result, brush), runs)
    print(f"| brush disc | {(brush > 0).mean():.0%} | {seconds:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
