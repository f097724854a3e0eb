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
            # The sources are English; this file holds only their plural forms ("1 call").
            plurals = QTranslator(self)
            if plurals.load(str(resources_dir() / "translations" / "luxcanvas_en.qm")):
                self._translators.append(plurals)
                self._app.installTranslator(plurals)
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
    app.setPalette(_palette(theme))


#: Each palette role's colour in the light and the dark theme.
_THEME_COLOURS: dict[str, tuple[str, str]] = {
    "Window": ("#f4f4f5", "#232326"),
    "WindowText": ("#1d1d1f", "#e8e8ea"),
    "Base": ("#ffffff", "#1a1a1c"),
    "AlternateBase": ("#efeff1", "#2a2a2e"),
    "Text": ("#1d1d1f", "#e8e8ea"),
    "Button": ("#ffffff", "#2e2e32"),
    "ButtonText": ("#1d1d1f", "#e8e8ea"),
    "Highlight": ("#2f6fde", "#3d7be8"),
    "HighlightedText": ("#ffffff", "#ffffff"),
    "ToolTipBase": ("#ffffff", "#2e2e32"),
    "ToolTipText": ("#1d1d1f", "#e8e8ea"),
    "PlaceholderText": ("#6b6b70", "#8a8a8e"),  # secondary text: 4.5:1 on cards (WCAG AA)
    "Mid": ("#c8c8cc", "#3a3a3e"),
    "Link": ("#2f6fde", "#6fa0ff"),
}
#: Text of disabled buttons, fields and labels, light and dark.
_DISABLED_TEXT = ("#a0a0a4", "#6e6e72")


def _palette(theme: str) -> QPalette:
    """The app's palette for "light" or "dark"."""
    column = 1 if theme == "dark" else 0
    palette = QPalette()
    for role, colours in _THEME_COLOURS.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colours[column]))
    disabled = QColor(_DISABLED_TEXT[column])
    for text_role in (
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, text_role, disabled)
    return palette
