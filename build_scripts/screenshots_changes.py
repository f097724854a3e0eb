"""Render the Changes view of the real window offscreen into docs/screenshots/changes-*.png.

    uv run python build_scripts/screenshots_changes.py [--out DIR]

Two real cases, light theme, English and Spanish:

- the free offline repair of a damaged fixture, measured against its original
  (``changes-offline-repair.png``);
- a constructed "invented" result: the cloud "Faithful restoration" run against the FakeGateway
  from the tests, whose answer has a cat's face pasted into the background — what users fear a
  model does. It goes through the real service (framing, fidelity, history); the window
  flags it (``changes-strip.png``), the Changes view shows where (``changes-invented.png``,
  ``changes-invented-es.png``), Revert puts the original back as a new free version
  (``changes-reverted.png``), and the brush paints where to keep the original
  (``changes-brush.png``).

State lives in a temporary LUXCANVAS_HOME; nothing leaves this machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LUXCANVAS_HOME"] = tempfile.mkdtemp(prefix="luxcanvas-shots-")

from PIL import Image, ImageDraw, ImageFilter  # noqa: E402
from PySide6.QtCore import QPointF  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import tests.fakes.gateway.native as fake_native  # noqa: E402
from tests.conftest import FIXTURES  # noqa: E402
from tests.fakes.gateway import FakeGateway  # noqa: E402

sys.path.insert(0, str(ROOT / "build_scripts"))
import screenshots as shots  # noqa: E402
from screenshots import save, wait_ms, wait_until  # noqa: E402

PHOTO = FIXTURES / "damaged" / "astronaut_damaged.jpg"
DONOR = FIXTURES / "photos" / "chelsea.png"
DONOR_BOX = (90, 30, 390, 300)  # the cat's face in the donor photo
PATCH = (0.63, 0.03, 0.93, 0.30)  # where it lands in the answer, as fractions of its size
SIZE = (1440, 900)


def invent_a_face(picture: Image.Image) -> Image.Image:
    """The fake's answer with a cat's face blended into the background."""
    width, height = picture.size
    box = tuple(round(f * s) for f, s in zip(PATCH, (width, height, width, height), strict=True))
    size = (box[2] - box[0], box[3] - box[1])
    with Image.open(DONOR) as donor:
        face = donor.convert("RGB").crop(DONOR_BOX).resize(size, Image.Resampling.LANCZOS)
    alpha = Image.new("L", size, 0)
    ImageDraw.Draw(alpha).ellipse((size[0] * 0.06, size[1] * 0.06, size[0] * 0.94,
                                   size[1] * 0.94), fill=255)  # fmt: skip
    alpha = alpha.filter(ImageFilter.GaussianBlur(min(size) * 0.06))
    out = picture.convert("RGB").copy()
    out.paste(face, box[:2], alpha)
    return out


def run(window, strategy_id: str) -> None:
    before = len(window.history.records)
    window.picker.select(strategy_id)
    window.run_current()
    wait_until(lambda: not window.jobs and len(window.history.records) > before)
    wait_until(lambda: window.shown_job_id == window.history.records[0].id)
    job_id = window.shown_job_id
    wait_until(lambda: job_id in window.versions_ctl.cache)


def changes_view(window) -> None:
    window.canvas.set_mode("changes")
    wait_until(lambda: window.changes_ctl.overlay.data is not None)


def main() -> int:
    global OUT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder (default {OUT})")
    OUT = shots.OUT = parser.parse_args().out.resolve()
    OUT.mkdir(parents=True, exist_ok=True)
    from luxcanvas.gui import build_main_window
    from luxcanvas.gui.app import apply_theme, language_manager

    app = QApplication.instance() or QApplication(sys.argv)
    apply_theme(app, "light")
    transform = fake_native.transform_picture
    with FakeGateway(latency=0.2) as gw:
        window = build_main_window()
        apply_theme(QApplication.instance(), "light")
        window.resize(*SIZE)
        window.open_paths([str(PHOTO)])
        wait_until(lambda: bool(window.current_photo() and window.current_photo().digest))

        # 1. The offline repair, measured against the damaged original.
        run(window, "local")
        changes_view(window)
        save(window, "changes-offline-repair.png")

        # 2. A cloud answer with an invented face, through the real service.
        os.environ["LAOZHANG_API_KEY"] = gw.api_key
        os.environ["LUXCANVAS_BASE_URL"] = gw.base_url
        window.update_key_state()
        fake_native.transform_picture = lambda source, size: invent_a_face(transform(source, size))
        try:
            window.canvas.set_mode("split")
            run(window, "restore")
        finally:
            fake_native.transform_picture = transform
        wait_until(lambda: window.changes_ctl.overlay.data is not None)
        window.canvas.set_divider(0.5)
        save(window, "changes-strip.png")
        changes_view(window)
        save(window, "changes-invented.png")
        language_manager(QApplication.instance()).apply("es")
        wait_ms(300)
        save(window, "changes-invented-es.png")
        language_manager(QApplication.instance()).apply("en")
        wait_ms(200)

        # The brush over the invented face, before applying it.
        window.brush_ctl.start()
        canvas = window.canvas
        region = (
            window.changes_ctl.overlay.regions[0] if window.changes_ctl.overlay.regions else None
        )
        if region is not None:
            tool = window.brush_ctl.tool
            tool.diameter = 60
            scale = canvas.zoom() / canvas.devicePixelRatioF()
            points = [
                QPointF(region.x + region.w * fx, region.y + region.h * fy)
                for fy in (0.3, 0.5, 0.7)
                for fx in (0.2, 0.5, 0.8)
            ]
            tool.press(points[0], scale)
            for point in points[1:]:
                tool.move(point, scale)
            tool.release()
            tool.hover(canvas.map_from_image(points[-1]))
        save(window, "changes-brush.png")
        window.brush_ctl.finish()

        # Revert: the original back in the flagged region, as a new free version.
        before = len(window.history.records)
        window.changes_ctl.revert_flagged()
        wait_until(lambda: len(window.history.records) > before and not window.changes_ctl.busy)
        job_id = window.history.records[0].id
        wait_until(lambda: window.shown_job_id == job_id and job_id in window.versions_ctl.cache)
        # Its own verdict, measured once it is shown.
        wait_until(lambda: window.library.job(job_id).fidelity is not None)
        wait_until(lambda: window.history.record(job_id).fidelity is not None)
        canvas.set_mode("split")
        canvas.set_divider(0.5)
        save(window, "changes-reverted.png")
        window._agree_to_quit = lambda: True
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
