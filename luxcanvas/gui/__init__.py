"""The desktop app (PySide6). Imports stay light here: Qt loads when a window is built."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from luxcanvas.gui.main_window import MainWindow

__all__ = ["build_main_window", "run_app"]


def build_main_window(paths: Iterable[str] = ()) -> MainWindow:
    """Create the application objects if needed and return the shown main window.

    Does not enter the event loop (tests and embedding use this; ``run_app`` runs the loop).
    Photos in ``paths`` (files or folders) open at once.
    """
    from luxcanvas.gui.app import LuxApplication, apply_theme, ensure_application, language_manager
    from luxcanvas.store.settings import load_settings

    app = ensure_application()
    settings = load_settings()
    language_manager(app).apply(settings.language)
    if settings.theme != "system":
        apply_theme(app, settings.theme)

    from luxcanvas.gui.main_window import MainWindow

    window = MainWindow()
    window.show()
    if isinstance(app, LuxApplication):
        app.fileOpenRequested.connect(window.open_file)
        pending = app.listen_for_files()
    else:
        pending = []
    wanted = [*list(paths), *pending]
    if wanted:
        window.open_paths(wanted)
    return window


def run_app(paths: list[str]) -> int:
    """Open the window with ``paths`` and run the event loop; returns the exit code."""
    window = build_main_window(paths)
    from PySide6.QtWidgets import QApplication

    from luxcanvas.gui.first_run import welcome_once

    welcome_once(window)  # the first start only (tests build windows without it)

    app = QApplication.instance()
    assert app is not None
    code = app.exec()
    del window
    return int(code)
