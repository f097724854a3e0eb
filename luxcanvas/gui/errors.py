"""An inline banner for failures: plain words, the next step, Retry and Copy details.

Several failures in a row update one banner ("3 jobs failed") instead of opening dialogs.
It also carries notices that stay until dismissed, such as "Exported … · Show in folder".
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from luxcanvas import __version__
from luxcanvas.domain.errors import InvalidInput, LuxError
from luxcanvas.gui.card_look import banner_colours, css
from luxcanvas.gui.texts import error_headline, money

#: Kinds whose next step is in Settings (the banner offers a Settings button).
SETTINGS_KINDS = ("auth", "missing_key", "budget")


@dataclass
class ShownError:
    """One failure as the banner shows it."""

    kind: str
    message: str
    detail: str = ""
    may_be_billed: bool = False
    context: str = ""  # e.g. "photo.jpg · Faithful restoration"
    retry_key: str = ""  # a job key the window knows how to re-run
    info: bool = False  # a notice rather than a failure (e.g. cancelled)
    retry_cost_usd: float = 0.0  # what running it again costs (the Retry button says so)
    reason: str = ""  # why a file could not be used (InvalidInput.reason)
    text: str = ""  # a notice's own words, already translated (instead of the kind's)
    folder: str = ""  # a folder the notice offers to show ("Show in folder")

    @classmethod
    def from_error(
        cls,
        error: LuxError,
        context: str = "",
        *,
        retry_key: str = "",
        info: bool = False,
        billing: bool = False,
        retry_cost_usd: float = 0.0,
    ) -> ShownError:
        """``error`` as the banner shows it; ``billing`` adds its "may be billed" note."""
        return cls(
            error.kind,
            error.message,
            error.detail,
            error.may_be_billed if billing else False,
            context,
            retry_key,
            info,
            retry_cost_usd,
            error.reason if isinstance(error, InvalidInput) else "",
        )


class ErrorBanner(QFrame):
    """Shows the latest failure; counts the ones before it. Hidden when there is nothing."""

    retryRequested = Signal(str)
    settingsRequested = Signal()
    #: "Show in folder" on a notice: the folder's path.
    showFolderRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("errorBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._errors: list[ShownError] = []
        self.message_label = QLabel(self)
        self.message_label.setObjectName("errorMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.retry_button = QPushButton(self)
        self.retry_button.setObjectName("retryButton")
        self.settings_button = QPushButton(self)
        self.settings_button.setObjectName("errorSettingsButton")
        self.folder_button = QPushButton(self)
        self.folder_button.setObjectName("showFolderButton")
        self.folder_button.clicked.connect(self._show_folder)
        self.copy_button = QPushButton(self)
        self.copy_button.setObjectName("copyDetailsButton")
        self.dismiss_button = QPushButton(self)
        self.dismiss_button.setObjectName("dismissErrorButton")
        self.dismiss_button.setFlat(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        layout.addWidget(self.message_label, 1)
        for button in (
            self.retry_button,
            self.folder_button,
            self.settings_button,
            self.copy_button,
            self.dismiss_button,
        ):
            layout.addWidget(button)
        self.retry_button.clicked.connect(self._retry)
        self.settings_button.clicked.connect(self.settingsRequested)
        self.copy_button.clicked.connect(self.copy_details)
        self.dismiss_button.clicked.connect(self.dismiss)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.retry_button.setText(self._retry_text())
        self.settings_button.setText(self.tr("Settings…"))
        self.folder_button.setText(self.tr("Show in folder"))
        self.copy_button.setText(self.tr("Copy details"))
        self.dismiss_button.setText("✕")
        self.dismiss_button.setToolTip(self.tr("Dismiss"))
        self.dismiss_button.setAccessibleName(self.tr("Dismiss"))
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.ApplicationPaletteChange:  # a theme switched live
            self._restyle(str(self.property("severity") or "error"))
        super().changeEvent(event)

    def _restyle(self, kind: str) -> None:
        """Colours from the application's palette (readable in light and dark themes)."""
        background, border, text = map(css, banner_colours(QApplication.palette(), kind))
        sheet = (
            f"#errorBanner {{ background: {background}; border: 1px solid {border}; "
            f"border-radius: 6px; }} #errorBanner QLabel {{ color: {text}; }}"
        )
        if sheet != self.styleSheet():
            self.setStyleSheet(sheet)

    @property
    def errors(self) -> list[ShownError]:
        return list(self._errors)

    def text(self) -> str:
        return self.message_label.text()

    def show_error(self, error: ShownError) -> None:
        self._errors.append(error)
        self._refresh()
        self.show()

    def show_notice(self, notice: ShownError) -> None:
        """Show a notice (``info``), in place of an earlier notice of the same kind."""
        self._errors[:] = [e for e in self._errors if not (e.info and e.kind == notice.kind)]
        self.show_error(notice)

    def _refresh(self) -> None:
        failures = [e for e in self._errors if not e.info]
        if not self._errors:
            self.message_label.clear()
            return
        latest = self._errors[-1]
        headline = latest.text or error_headline(latest.kind, latest.may_be_billed, latest.reason)
        text = f"{latest.context}: {headline}" if latest.context else headline
        if len(failures) > 1:
            text = self.tr("%n jobs failed.", "", len(failures)) + " " + text
        self.message_label.setText(text)
        self.message_label.setToolTip(latest.message)
        kind = "info" if latest.info and len(failures) == 0 else "error"
        self.setProperty("severity", kind)
        self._restyle(kind)
        self.retry_button.setVisible(bool(latest.retry_key) and not latest.info)
        self.retry_button.setText(self._retry_text())
        self.settings_button.setVisible(latest.kind in SETTINGS_KINDS)
        self.folder_button.setVisible(bool(latest.folder))
        self.copy_button.setVisible(not latest.info)

    def _retry_text(self) -> str:
        """'Retry', 'Retry · $0.05', 'Retry 2 · $0.075': how many jobs it resends and what
        they cost together."""
        retried = [e for e in self._errors if e.retry_key and not e.info]
        cost = sum(e.retry_cost_usd for e in retried)
        if len(retried) > 1:
            text = self.tr("Retry %1").replace("%1", str(len(retried)))
        else:
            text = self.tr("Retry")
        return f"{text} · {money(cost)}" if cost > 0 else text

    def details(self) -> str:
        """Everything a bug report needs about the failures shown (never the API key)."""
        lines = [f"LuxCanvas {__version__}"]
        for error in self._errors:
            lines.append(
                f"- [{error.kind}] {error.context} — {error.message}"
                + (" (may be billed)" if error.may_be_billed else "")
            )
            if error.detail:
                lines.append(f"  {error.detail}")
        return "\n".join(lines)

    @Slot()
    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details())

    @Slot()
    def _retry(self) -> None:
        keys = [e.retry_key for e in self._errors if e.retry_key and not e.info]
        self.dismiss()
        for key in keys:
            self.retryRequested.emit(key)

    @Slot()
    def _show_folder(self) -> None:
        if self._errors and self._errors[-1].folder:
            self.showFolderRequested.emit(self._errors[-1].folder)

    @Slot()
    def dismiss(self) -> None:
        self._errors.clear()
        self._refresh()
        self.hide()

    def resolve(self, *kinds: str) -> None:
        """Take away the failures of these kinds: what caused them has been fixed."""
        kept = [e for e in self._errors if e.kind not in kinds]
        if len(kept) == len(self._errors):
            return
        if not kept:
            self.dismiss()
            return
        self._errors[:] = kept
        self._refresh()
