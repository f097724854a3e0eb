"""Time comparing a 4K result with a 24 MP original (issue 10: ≤ 1 s); prints a markdown table.

    uv run python bench/bench_compare.py [--runs 3]

The result is made from the 24 MP fixture as a cloud model would answer: brought to 4096 px
on its longer side, nudged in tone and saved as PNG (the gateway's usual answer) and as
JPEG. Rows, medians of ``--runs``:

* ``compare_files`` in this process: both files decoded upright, the damage detector on the
  original, the measurement — what the service and the Changes view run in a worker;
* ``luxcanvas compare`` as a user runs it, in a child process (start-up included), beside a
  bare baseline in a child process: Python opening both files with Pillow at full size.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image, ImageEnhance

from luxcanvas.app.compare import compare_files
from tests.conftest import FIXTURES

PHOTO = FIXTURES / "odd" / "large_24mp.jpg"
TARGET_SECONDS = 1.0
BASELINE = "import sys; from PIL import Image; [Image.open(p).load() for p in sys.argv[1:]]"


def median_seconds(run, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def child(args: list[str]) -> None:
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    work = Path(tempfile.mkdtemp(prefix="luxcanvas-bench-compare-"))
    with Image.open(PHOTO) as im:
        original = im.convert("RGB")
    result = original.resize((4096, round(4096 * original.height / original.width)))
    result = ImageEnhance.Contrast(result).enhance(1.1)
    results = {"PNG": work / "result.png", "JPEG": work / "result.jpg"}
    result.save(results["PNG"], compress_level=1)
    result.save(results["JPEG"], quality=92)
    print(f"original {PHOTO.name} {original.width}×{original.height}; result "
          f"{result.width}×{result.height}; median of {runs} runs\n")  # fmt: skip
    print("| run | result file | seconds | target |")
    print("|---|---|---:|---|")
    worst = 0.0
    for kind, path in results.items():
        seconds = median_seconds(lambda p=path: compare_files(PHOTO, p), runs)
        worst = max(worst, seconds)
        print(f"| compare_files (in process) | {kind} | {seconds:.2f} | ≤ {TARGET_SECONDS:.0f} s |")
    for kind, path in results.items():
        cli = [sys.executable, "-m", "luxcanvas.cli", "compare", str(PHOTO), str(path)]
        bare = [sys.executable, "-c", BASELINE, str(PHOTO), str(path)]
        print(f"| luxcanvas compare (child process) | {kind} "
              f"| {median_seconds(lambda c=cli: child(c), runs):.2f} | — |")  # fmt: skip
        print(f"| Pillow alone: open both at full size | {kind} "
              f"| {median_seconds(lambda b=bare: child(b), runs):.2f} | — |")  # fmt: skip
    verdict = "met" if worst <= TARGET_SECONDS else "NOT met"
    print(
        f"\nTarget: compare in ≤ {TARGET_SECONDS:.0f} s off the GUI thread — {verdict} "
        f"(slowest {worst:.2f} s)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
