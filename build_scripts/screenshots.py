"""Render the real LuxCanvas window offscreen into docs/screenshots/.

    uv run python build_scripts/screenshots.py [--out DIR]

Jobs run for real: the cloud strategies against the FakeGateway from the tests (nothing leaves
this machine), the free strategy through the offline pipeline. State lives in a temporary
LUXCANVAS_HOME, so your own history and key are never touched or shown.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LUXCANVAS_HOME"] = tempfile.mkdtemp(prefix="luxcanvas-shots-")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from tests.conftest import FIXTURES  # noqa: E402
from tests.fakes.gateway import FakeGateway  # noqa: E402

PHOTO = FIXTURES / "damaged" / "astronaut_damaged.jpg"
SIZE = (1440, 900)


def wait_ms(ms: int) -> None:
    """Run the event loop for ``ms``, as the app's own ``exec()`` does (QTest.qWait keeps the
    GIL while it waits, and the workers that decode and restore would starve)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(condition: Callable[[], bool], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        wait_ms(30)


def save(widget: QWidget, name: str) -> Path:
    wait_ms(150)  # let layouts settle and the canvas paint
    path = OUT / name
    widget.grab().save(str(path))
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return path


def run(window, strategy_id: str) -> None:
    before = len(window.history.records)
    window.picker.select(strategy_id)
    window.run_current()
    wait_until(lambda: not window.jobs and len(window.history.records) > before)


def main() -> int:
    global OUT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder (default {OUT})")
    OUT = parser.parse_args().out.resolve()
    OUT.mkdir(parents=True, exist_ok=True)
    from luxcanvas.gui import build_main_window
    from luxcanvas.gui.app import language_manager

    with FakeGateway(latency=0.2) as gw:
        gw.native_mime = "image/jpeg"
        window = build_main_window()
        window.resize(*SIZE)
        save(window, "empty.png")

        # A damaged photo repaired offline: before | after with the divider.
        window.open_paths([str(PHOTO)])
        wait_until(lambda: bool(window.current_photo() and window.current_photo().digest))
        run(window, "local")
        wait_until(lambda: window.shown_job_id is not None)
        window.canvas.set_divider(0.5)
        save(window, "before_after.png")

        # Several versions in the history: a key (the fake gateway's) makes cloud runs possible.
        os.environ["LAOZHANG_API_KEY"] = gw.api_key
        os.environ["LUXCANVAS_BASE_URL"] = gw.base_url
        window.update_key_state()
        run(window, "preview")
        run(window, "restore")
        window.history.list.clearSelection()
        window.history.list.item(0).setSelected(True)
        window.history.star_button.click()
        # The canvas shows the offline repair: a real result. The fake gateway's answers are
        # the photo sent back, which must never pass for a restoration in the docs.
        window.history.list.clearSelection()
        local_row = window.history.list.count() - 1
        window.history.list.item(local_row).setSelected(True)
        window.history.list.setCurrentRow(local_row)
        window.canvas.set_mode("side")
        wait_ms(300)
        save(window, "history.png")
        window.canvas.set_mode("split")

        window.open_settings()
        dialog = window.settings_dialog
        wait_until(lambda: "…" not in dialog.cache_label.text())
        dialog.adjustSize()
        save(dialog, "settings.png")
        dialog.reject()

        language_manager(QApplication.instance()).apply("es")
        wait_ms(200)
        save(window, "spanish.png")
        language_manager(QApplication.instance()).apply("en")
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
