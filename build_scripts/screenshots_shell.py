"""Render the window's shell and first flows offscreen into docs/screenshots/ (issue 14).

    uv run python build_scripts/screenshots_shell.py [--out DIR]

Writes:

- ``shell-{en,es}-{light,dark}-{1024x700,1920x1080}.png``: the window as launched on that
  screen, with a key set (so the recommended paid card is chosen), the free offline repair of
  a damaged photo on the canvas, and its version in the history. The theme is switched live,
  as Settings does, not at start-up.
- ``first-run-{en,es}.png``: the Getting started guide (shown once, and from F1).
- ``flow-{en,es}-cached-run.png``: after that repair, Run offers the version already made
  ("Restore · cached (free)"); pressing it shows that version and adds no row.
- ``flow-{en,es}-ledger.png``: this month's calls after a paid call and a cancelled one
  ("charged" and "pending").
- ``flow-{en,es}-export-notice.png``: the notice after an export, with "Show in folder".

The canvas and the history only ever show the real offline repair. The paid calls of the
ledger go to the FakeGateway from the tests (nothing leaves this machine) and are made on
another photo, whose echoed "result" is never shown. State lives in a temporary
LUXCANVAS_HOME, and the photos are copied into a temporary album (exports land there).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HOME = Path(tempfile.mkdtemp(prefix="luxcanvas-shots-"))
os.environ["LUXCANVAS_HOME"] = str(HOME)

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from tests.conftest import FIXTURES  # noqa: E402
from tests.fakes.gateway import FakeGateway, Scenario  # noqa: E402

sys.path.insert(0, str(ROOT / "build_scripts"))
import screenshots as shots  # noqa: E402
from screenshots import save, wait_ms, wait_until  # noqa: E402

PHOTO = FIXTURES / "damaged" / "astronaut_damaged.jpg"
OTHER = FIXTURES / "damaged" / "coffee_damaged.jpg"
SIZES = ((1024, 700), (1920, 1080))
FLOW_SIZE = (1280, 800)
LANGUAGES = ("en", "es")


def set_language(language: str) -> None:
    from luxcanvas.gui.app import language_manager

    language_manager(QApplication.instance()).apply(language)
    wait_ms(150)


def set_theme(theme: str) -> None:
    """Switch the theme while the window is open, as Settings → OK does."""
    from luxcanvas.gui.app import apply_theme

    apply_theme(QApplication.instance(), theme)
    wait_ms(150)


def relaunch(window, width: int, height: int) -> None:
    """Show the window again at ``width`` x ``height``, as at a launch on that screen."""
    window.hide()
    window.resize(width, height)
    window.show()
    wait_ms(250)


def open_photo(window, path: Path) -> None:
    window.open_paths([str(path)])
    wait_until(
        lambda: bool(
            window.current_photo()
            and window.current_photo().path == path
            and window.current_photo().digest
        )
    )


def show_photo(window, path: Path) -> None:
    """Make ``path`` the current photo (a click in the photo list)."""
    for row in range(window.photo_list.count()):
        window.photo_list.setCurrentRow(row)
        wait_ms(50)
        if window.current_photo() and window.current_photo().path == path:
            wait_until(lambda: bool(window.current_photo().digest))
            return
    raise LookupError(path)


def save_dialog(dialog: QWidget, name: str) -> Path:
    dialog.adjustSize()
    return save(dialog, name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=shots.OUT, help=f"folder (default {shots.OUT})")
    shots.OUT = parser.parse_args().out.resolve()
    shots.OUT.mkdir(parents=True, exist_ok=True)
    album = HOME / "Family album"
    album.mkdir()
    photo, other = (Path(shutil.copy(p, album / p.name)) for p in (PHOTO, OTHER))

    from luxcanvas.gui import build_main_window
    from luxcanvas.gui.first_run import show_getting_started

    with FakeGateway(latency=0.2) as gw:
        gw.native_mime = "image/jpeg"
        os.environ["LAOZHANG_API_KEY"] = gw.api_key  # a key is set: the paid cards can run
        os.environ["LUXCANVAS_BASE_URL"] = gw.base_url
        window = build_main_window()
        window.resize(*FLOW_SIZE)

        # A paid call that is charged, on the other photo (its echo is never shown).
        open_photo(window, other)
        shots.run(window, "preview")
        # The real offline repair of the damaged photo: the canvas and history show it.
        open_photo(window, photo)
        shots.run(window, "local")
        wait_until(lambda: window.shown_job_id is not None)
        local_id = window.shown_job_id

        # The shell, as launched on a small and a large screen (the recommended card).
        window.picker.select("restore")
        for language in LANGUAGES:
            set_language(language)
            for theme in ("light", "dark"):
                set_theme(theme)
                for width, height in SIZES:
                    relaunch(window, width, height)
                    window.canvas.set_divider(0.5)
                    save(window, f"shell-{language}-{theme}-{width}x{height}.png")
        set_theme("light")

        for language in LANGUAGES:
            set_language(language)
            dialog = show_getting_started(window)
            wait_ms(100)
            save_dialog(dialog, f"first-run-{language}.png")
            dialog.accept()
        set_language("en")
        relaunch(window, *FLOW_SIZE)

        # Run again with the same choice: the version already made, free, no new row.
        window.picker.select("local")
        rows = window.history.list.count()
        for language in LANGUAGES:
            set_language(language)
            window.run_button.setFocus()
            wait_ms(100)
            save(window, f"flow-{language}-cached-run.png")
        window.run_button.click()
        wait_ms(300)
        assert window.history.list.count() == rows and window.shown_job_id == local_id
        set_language("en")

        # A paid run cancelled after it was sent: it may be billed, so it is "pending".
        sent = gw.count("native")
        gw.queue("native", Scenario.HANG)
        window.picker.select("restore")
        window.run_current()
        wait_until(lambda: gw.count("native") == sent + 1)
        window.named_actions["cancelAction"].trigger()
        wait_until(lambda: not window.jobs)
        gw.release()
        window.show_version(local_id)
        for language in LANGUAGES:
            set_language(language)
            window.jobs_ctl.show_ledger()
            dialog = window.jobs_ctl.ledger_dialog
            dialog.resize(760, 380)
            wait_ms(100)
            save(dialog, f"flow-{language}-ledger.png")
            dialog.reject()
        set_language("en")

        # An export, then the notice with "Show in folder" (the file lands in the album).
        window.picker.select("local")
        for language in LANGUAGES:
            set_language(language)
            window.banner.dismiss()  # the cancelled run's notice, if any
            window.export_ctl.export_shown()
            export = window.export_dialog
            wait_ms(100)
            before = window.last_export
            export.export_button.click()
            wait_until(lambda b=before: window.last_export not in (None, b))
            wait_until(lambda: window.banner.folder_button.isVisible())
            save(window, f"flow-{language}-export-notice.png")
        set_language("en")
        window._agree_to_quit = lambda: True
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
