"""Time the compare canvas on a 24 MP photo; prints a markdown table.

    uv run python bench/bench_canvas.py [--runs 7] [--size 1280x800]

The photo is decoded once (outside every timer; its time is printed separately) the way the
GUI does it: Pillow, upright RGB, wrapped as a QImage. Rows:

- first paint: ``set_original`` + ``grab()`` of a fresh canvas (the window's first frame);
  target ≤ 0.5 s. Timed for both QImage formats the decoder may hand over.
- zoom / pan repaint: one wheel notch or one drag step followed by a repaint (``grab()``),
  at fit and at 100 %; these must stay well under a 60 Hz frame budget (16 ms) to feel fluid.

Each row is the median of ``--runs`` runs (first-paint rows use a fresh canvas per run).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from luxcanvas.gui.canvas import CompareCanvas
from luxcanvas.imaging import load_image
from tests.conftest import FIXTURES

LARGE = FIXTURES / "odd" / "large_24mp.jpg"
FIRST_PAINT_TARGET = 0.5
FRAME_TARGET = 1 / 60


def decode(path: Path) -> QImage:
    """Pillow decode to upright RGB, then a QImage that owns its pixels (as the GUI does)."""
    photo, _ = load_image(path)
    rgb = photo.convert("RGB")
    data = rgb.tobytes()
    wrapped = QImage(data, rgb.width, rgb.height, rgb.width * 3, QImage.Format.Format_RGB888)
    return wrapped.copy()


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000.0


def time_first_paint(image: QImage, size: tuple[int, int], mode: str, runs: int) -> float:
    samples = []
    for _ in range(runs):
        canvas = CompareCanvas()
        canvas.resize(*size)
        canvas.set_mode(mode)
        canvas.show()
        QApplication.processEvents()
        fresh = image.copy(0, 0, image.width(), image.height())  # no cached pyramid, no sharing
        start = time.perf_counter()
        canvas.set_original(fresh)
        if mode == "side":
            canvas.set_result(fresh)
        canvas.grab()
        samples.append(time.perf_counter() - start)
        canvas.deleteLater()
        QApplication.processEvents()
    return median_ms(samples)


def time_repaints(canvas: CompareCanvas, step: Callable[[int], None], runs: int) -> float:
    samples = []
    for i in range(runs):
        start = time.perf_counter()
        step(i)
        canvas.grab()
        samples.append(time.perf_counter() - start)
    return median_ms(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--size", default="1280x800", help="canvas size in logical pixels")
    args = parser.parse_args()
    size = tuple(int(v) for v in args.size.lower().split("x"))
    assert len(size) == 2
    app = QApplication.instance() or QApplication(sys.argv)

    start = time.perf_counter()
    rgb888 = decode(LARGE)
    decode_s = time.perf_counter() - start
    rgb32 = rgb888.convertToFormat(QImage.Format.Format_RGB32)
    print(
        f"Canvas on {LARGE.name} ({rgb888.width()}x{rgb888.height()}), canvas {size[0]}x{size[1]}, "
        f"median of {args.runs} runs. Decode (Pillow → QImage, not in any row): "
        f"{decode_s:.2f} s\n"
    )
    print("| operation | ms | target |")
    print("|---|---:|---|")

    def row(name: str, ms: float, target_s: float) -> None:
        verdict = "ok" if ms <= target_s * 1000 else "**over**"
        print(f"| {name} | {ms:.1f} | ≤ {target_s * 1000:.0f} ms {verdict} |")

    for label, image in (("RGB32", rgb32), ("RGB888", rgb888)):
        ms = time_first_paint(image, size, "split", args.runs)
        row(f"set_original + first paint, fit, {label} QImage", ms, FIRST_PAINT_TARGET)
    ms = time_first_paint(rgb32, size, "side", args.runs)
    row("set_original + set_result + first paint, side by side", ms, FIRST_PAINT_TARGET)

    canvas = CompareCanvas()
    canvas.resize(*size)
    canvas.show()
    canvas.set_original(rgb32)
    canvas.set_result(rgb32.scaled(2048, 1365))  # a 2K result over the 24 MP original
    canvas.grab()
    middle = QPointF(size[0] / 2, size[1] / 2)
    fit = canvas.zoom()

    def wheel_near_fit(i: int) -> None:
        # Alternate in / out so the zoom stays between fit and ~1.5x fit.
        canvas.zoom_at(1.25 if i % 2 == 0 else 0.8, middle + QPointF(120, 40))

    row(
        f"wheel zoom + repaint near fit ({fit:.2f}), split",
        time_repaints(canvas, wheel_near_fit, args.runs),
        FRAME_TARGET,
    )

    canvas.zoom_actual()
    canvas.grab()  # the first 100 % paint builds the full-size pixmap (timed in the last row)

    def pan_step(i: int) -> None:
        canvas.pan_by(-25 if i % 2 == 0 else 25, 15 if i % 2 == 0 else -15)

    row(
        "drag pan + repaint at 100 %, split",
        time_repaints(canvas, pan_step, args.runs),
        FRAME_TARGET,
    )

    def wheel_at_actual(i: int) -> None:
        canvas.zoom_at(1.25 if i % 2 == 0 else 0.8, middle)

    row(
        "wheel zoom + repaint around 100 %, split",
        time_repaints(canvas, wheel_at_actual, args.runs),
        FRAME_TARGET,
    )

    canvas.set_mode("side")
    canvas.grab()
    row(
        "drag pan + repaint at 100 %, side by side",
        time_repaints(canvas, pan_step, args.runs),
        FRAME_TARGET,
    )
    canvas.zoom_fit()
    canvas.grab()

    def wheel_side(i: int) -> None:
        canvas.zoom_at(1.25 if i % 2 == 0 else 0.8, QPointF(size[0] * 0.25, size[1] * 0.5))

    row(
        "wheel zoom + repaint near fit, side by side",
        time_repaints(canvas, wheel_side, args.runs),
        FRAME_TARGET,
    )

    fresh = CompareCanvas()
    fresh.resize(*size)
    fresh.show()
    fresh.set_original(rgb888.copy(0, 0, rgb888.width(), rgb888.height()))
    fresh.grab()
    start = time.perf_counter()
    fresh.zoom_actual()
    fresh.grab()
    row(
        "first jump to 100 % after a fit paint, RGB888 (32-bit copy made at first paint)",
        (time.perf_counter() - start) * 1000,
        0.25,
    )
    del app


if __name__ == "__main__":
    main()
