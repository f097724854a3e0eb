"""The scan-split offer in the window: how long after a scan shows the offer appears, how long
Split takes, and the worst event-loop stall (the GUI thread must never wait on either).

    uv run python bench/bench_split_gui.py [--runs 3] [--dpi 300] [--big]

A generated A4 scan with four prints (``tests/scanbed_gen``) is opened in the real window.
``--big`` adds a 1200 dpi A4 scan (about 140 MP: over the photo limit, so it is offered the
split on a reduced preview), made by enlarging a 300 dpi one. Prints a markdown table of
medians. Targets: offer ≤ 1 s after the photo shows (300 dpi), stall ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LUXCANVAS_HOME"] = tempfile.mkdtemp(prefix="lux-bench-")
# PySide6 6.12 under-counts references to None in some calls made many times in a loop
# (processEvents): hold extra references so the interpreter survives to its exit.
_NONE_GUARD = [None] * 1_000_000

from PIL import Image  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEventLoop, QObject, QTimer  # noqa: E402

from tests.scanbed_gen import render_scan  # noqa: E402


class StallMeter(QObject):
    """Ticks every 16 ms on the GUI thread; keeps the worst lateness."""

    def __init__(self) -> None:
        super().__init__()
        self.clock = QElapsedTimer()
        self.clock.start()
        self.last = self.clock.elapsed()
        self.worst_ms = 0.0
        self.timer = QTimer()
        self.timer.setInterval(16)
        self.timer.timeout.connect(self.tick)

    def tick(self) -> None:
        now = self.clock.elapsed()
        self.worst_ms = max(self.worst_ms, now - self.last - 16)
        self.last = now

    def start(self) -> None:
        self.last = self.clock.elapsed()
        self.worst_ms = 0.0
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return self.worst_ms


def wait_ms(ms: int) -> None:
    """Run the event loop (not QTest.qWait, which keeps the GIL and starves the workers)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(condition, timeout: float = 300.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError
        wait_ms(5)


def measure(window, path: Path, meter: StallMeter) -> dict[str, float]:
    """Open ``path``, wait for the offer, split; times in seconds, stalls in ms."""
    ctl = window.split_ctl
    start = time.perf_counter()
    meter.start()
    window.open_paths([str(path)])
    resolved = path.resolve()
    wait_until(
        lambda: (
            (window.current_photo() is not None and bool(window.current_photo().digest))
            or window.current_photo().error is not None
        )
    )
    shown = time.perf_counter()
    wait_until(lambda: ctl.looked_at(resolved))
    offered = time.perf_counter()
    detect_stall = meter.stop()
    if not ctl.is_open():
        raise SystemExit(f"no offer for {path.name}")
    done: list[float] = []
    ctl.splitDone.connect(lambda _: done.append(time.perf_counter()))
    meter.start()
    begun = time.perf_counter()
    ctl.accept()
    wait_until(lambda: bool(done))
    wait_ms(300)  # the first print is decoded and painted
    split_stall = meter.stop()
    return {
        "shown": shown - start,
        "offer": offered - shown,
        "detect_stall": detect_stall,
        "split": done[0] - begun,
        "split_stall": split_stall,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--big", action="store_true", help="also a 1200 dpi A4 scan (~140 MP)")
    args = parser.parse_args()
    from luxcanvas.gui import build_main_window

    folder = Path(tempfile.mkdtemp(prefix="lux-bench-scans-"))
    scan, _ = render_scan(17, count=4, dpi=args.dpi, bed="white")
    cases: list[tuple[str, list[Path]]] = []
    paths = []
    for run in range(args.runs):
        path = folder / f"scan{run}.png"
        scan.save(path, dpi=(args.dpi, args.dpi))
        paths.append(path)
    cases.append((f"A4 at {args.dpi} dpi, {scan.width}x{scan.height}, 4 prints", paths))
    if args.big:
        base, _ = render_scan(17, count=4, dpi=300, bed="white")
        big = base.resize((base.width * 4, base.height * 4), Image.Resampling.BILINEAR)
        path = folder / "big.png"
        big.save(path, dpi=(1200, 1200), compress_level=1)
        mp = big.width * big.height / 1e6
        cases.append((f"A4 at 1200 dpi, {mp:.0f} MP (over the photo limit), 4 prints", [path]))
        del big, base

    meter = StallMeter()
    rows = []
    for title, case_paths in cases:
        results = []
        for path in case_paths:
            window = build_main_window()
            window.resize(1440, 900)
            wait_ms(200)
            results.append(measure(window, path, meter))
            window.close()
        med = {key: statistics.median(r[key] for r in results) for key in results[0]}
        rows.append((title, len(results), med))
    print()
    print(f"Medians ({os.cpu_count()} CPUs, QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM')})")
    print()
    print(
        "| scan | runs | open → shown | shown → offer | worst stall | Split → prints "
        "| worst stall |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for title, runs, med in rows:
        print(
            f"| {title} | {runs} | {med['shown']:.2f} s | {med['offer']:.2f} s "
            f"| {med['detect_stall']:.0f} ms | {med['split']:.2f} s | {med['split_stall']:.0f} ms |"
        )
    print()
    print("Targets: shown → offer ≤ 1 s at 300 dpi; worst stall ≤ 50 ms.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
