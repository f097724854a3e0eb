"""Time core.imaging on a 24 MP scan and 4K model results; prints a markdown table.

    uv run python bench/bench_imaging.py [--runs 5]

Each row is the median of ``--runs`` runs (after one warm-up). Targets on a 2-core machine:
prepare ≤ 0.4 s, preview payload ≤ 1.5 MB, restore payload ≤ 7 MB.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from luxcanvas.imaging import PayloadLimits, decode_result, load_image, prepare_payload
from tests.conftest import FIXTURES

LARGE = FIXTURES / "odd" / "large_24mp.jpg"
LIMITS = {
    "preview": PayloadLimits(max_side=1536, max_bytes=1_400_000),
    "restore": PayloadLimits(max_side=3072, max_bytes=6_000_000),
    "reshoot": PayloadLimits(max_side=4096, max_bytes=9_000_000, aspect_min=1 / 3, aspect_max=3),
    "direct-edit": PayloadLimits(max_side=2048, max_bytes=3_500_000),
    "magic-eye-vision": PayloadLimits(max_side=1024, max_bytes=800_000),
}
TARGET_SECONDS = 0.4
TARGET_BYTES = {"preview": 1_500_000, "restore": 7_000_000}


def median_seconds(work: Callable[[], object], runs: int) -> tuple[float, object]:
    result = work()  # warm-up (imports, plugin registration, file cache)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def model_results() -> dict[str, bytes]:
    """A 4800x3584 result (Gemini 4K at 4:3) as the model would send it, PNG and JPEG."""
    photo, _ = load_image(LARGE)
    result = photo.resize((4800, 3584), Image.Resampling.BICUBIC)
    encoded = {}
    for fmt in ("PNG", "JPEG"):
        buffer = io.BytesIO()
        result.save(buffer, fmt, **({"quality": 95} if fmt == "JPEG" else {}))
        encoded[fmt] = buffer.getvalue()
    return encoded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs

    print(f"core.imaging on {LARGE.name} (6000x4000), median of {runs} runs\n")
    print("| operation | input | output | bytes | seconds | target |")
    print("|---|---|---|---:|---:|---|")
    for name, limits in LIMITS.items():
        seconds, payload = median_seconds(
            lambda limits=limits: prepare_payload(LARGE, limits), runs
        )
        size = len(payload.data)  # type: ignore[attr-defined]
        verdicts = [_verdict(seconds <= TARGET_SECONDS, f"≤ {TARGET_SECONDS} s")]
        if name in TARGET_BYTES:
            verdicts.append(
                _verdict(size <= TARGET_BYTES[name], f"≤ {TARGET_BYTES[name] / 1e6} MB")
            )
        output = f"{payload.width}x{payload.height}"  # type: ignore[attr-defined]
        print(
            f"| prepare_payload `{name}` (max_side {limits.max_side}) | 24 MP JPEG | {output} "
            f"| {size:,} | {seconds:.3f} | {', '.join(verdicts)} |"
        )

    for fmt, data in model_results().items():
        seconds, image = median_seconds(lambda data=data: decode_result(data), runs)
        output = "x".join(map(str, image.size))  # type: ignore[attr-defined]
        print(f"| decode_result | 4800x3584 {fmt} | {output} | {len(data):,} | {seconds:.3f} | — |")


def _verdict(ok: bool, target: str) -> str:
    return f"{target} {'ok' if ok else 'MISSED'}"


if __name__ == "__main__":
    main()
