"""The application object: translators, theme, and photos opened by the OS (macOS Dock)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, Qt, QTranslator, Signal
from PySide6.QtGui import QColor, QFileOpenEvent, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from luxcanvas.store import paths

LANGUAGES = ("", "en", "es")  # "" follows the operating system
THEMES = ("system", "light", "dark")


def resources_dir() -> Path:
    return paths.resources_dir()


class LuxApplication(QApplication):
    """QApplication that turns ``QFileOpenEvent`` (photos dropped on the Dock icon) into a signal.

    Files that arrive before a window listens are kept in ``pending_files``.
    """

    fileOpenRequested = Signal(str)

    def __init__(self, argv: list[str]):
        super().__init__(argv)
        self.pending_files: list[str] = []
        self._listening = False

    def listen_for_files(self) -> list[str]:
        """Mark that a window now handles ``fileOpenRequested``; returns files seen before."""
        self._listening = True
        pending, self.pending_files = self.pending_files, []
        return pending

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            path = event.file() or event.url().toLocalFile()
            if path:
                if self._listening:
                    self.fileOpenRequested.emit(path)
                else:
                    self.pending_files.append(path)
            return True
        return super().event(event)


def ensure_application() -> QApplication:
    """The running QApplication, or a new LuxApplication."""
    app = QApplication.instance()
    if app is None:
        app = LuxApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("LuxCanvas")
    app.setOrganizationName("LuxCanvas")
    app.setApplicationDisplayName("LuxCanvas")
    icon = resources_dir() / "icons" / "luxcanvas.png"
    if icon.is_file() and app.windowIcon().isNull():
        app.setWindowIcon(QIcon(str(icon)))
    return app


class LanguageManager(QObject):
    """Installs LuxCanvas's and Qt's own translators for the chosen language."""

    def __init__(self, app: QApplication):
        super().__init__(app)
        self._app = app
        self._translators: list[QTranslator] = []
        self.language = "en"

    @staticmethod
    def resolve(language: str) -> str:
        """'' follows the OS: Spanish for any Spanish locale, English otherwise."""
        if language in ("en", "es"):
            return language
        return "es" if QLocale.system().language() == QLocale.Language.Spanish else "en"

    def apply(self, language: str) -> str:
        """Switch to ``language`` ('' = the OS's); widgets get a LanguageChange event."""
        resolved = self.resolve(language)
        for translator in self._translators:
            self._app.removeTranslator(translator)
        self._translators.clear()
        if resolved == "es":
            ours = QTranslator(self)
            if ours.load(str(resources_dir() / "translations" / "luxcanvas_es.qm")):
                self._translators.append(ours)
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            qt_base = QTranslator(self)
            if qt_base.load("qtbase_es", qt_dir):
                self._translators.append(qt_base)
            for translator in self._translators:
                self._app.installTranslator(translator)
            QLocale.setDefault(QLocale(QLocale.Language.Spanish))
        else:
            QLocale.setDefault(QLocale(QLocale.Language.English))
        self.language = resolved
        return resolved


def language_manager(app: QApplication) -> LanguageManager:
    """The application's one LanguageManager (created on first use)."""
    manager = app.findChild(LanguageManager)
    if manager is None:
        manager = LanguageManager(app)
    return manager


_DEFAULT_STYLE: dict[str, str] = {}


def apply_theme(app: QApplication, theme: str) -> None:
    """'system' keeps the platform's look; 'light' and 'dark' use Fusion with a fixed palette."""
    if "name" not in _DEFAULT_STYLE:
        _DEFAULT_STYLE["name"] = app.style().name()
    hints = app.styleHints()
    if theme == "system":
        app.setStyle(QStyleFactory.create(_DEFAULT_STYLE["name"]) or app.style())
        if hasattr(hints, "unsetColorScheme"):
            hints.unsetColorScheme()
        app.setPalette(app.style().standardPalette())
        return
    app.setStyle(QStyleFactory.create("Fusion"))
    if hasattr(hints, "setColorScheme"):
        hints.setColorScheme(Qt.ColorScheme.Dark if theme == "dark" else Qt.ColorScheme.Light)
    app.setPalette(_dark_palette() if theme == "dark" else _light_palette())


def _light_palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#f4f4f5",
        QPalette.ColorRole.WindowText: "#1d1d1f",
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.AlternateBase: "#efeff1",
        QPalette.ColorRole.Text: "#1d1d1f",
        QPalette.ColorRole.Button: "#ffffff",
        QPalette.ColorRole.ButtonText: "#1d1d1f",
        QPalette.ColorRole.Highlight: "#2f6fde",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#ffffff",
        QPalette.ColorRole.ToolTipText: "#1d1d1f",
        QPalette.ColorRole.PlaceholderText: "#8a8a8e",
        QPalette.ColorRole.Mid: "#c8c8cc",
        QPalette.ColorRole.Link: "#2f6fde",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#a0a0a4"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#a0a0a4"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#a0a0a4"))
    return palette


def _dark_palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#232326",
        QPalette.ColorRole.WindowText: "#e8e8ea",
        QPalette.ColorRole.Base: "#1a1a1c",
        QPalette.ColorRole.AlternateBase: "#2a2a2e",
        QPalette.ColorRole.Text: "#e8e8ea",
        QPalette.ColorRole.Button: "#2e2e32",
        QPalette.ColorRole.ButtonText: "#e8e8ea",
        QPalette.ColorRole.Highlight: "#3d7be8",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#2e2e32",
        QPalette.ColorRole.ToolTipText: "#e8e8ea",
        QPalette.ColorRole.PlaceholderText: "#8a8a8e",
        QPalette.ColorRole.Mid: "#3a3a3e",
        QPalette.ColorRole.Link: "#6fa0ff",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#6e6e72"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#6e6e72"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#6e6e72"))
    return palette
