"""The first path through the app: a welcome shown once on the first start (``run_app``), and
again from Help → Getting started (F1). Three numbered steps, and how to get a key."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from luxcanvas.gui.layout import named

#: Where a LaoZhang key is made (the gateway's own site; opened in the user's browser).
KEY_PAGE = "https://laozhang.ai"


class FirstRunDialog(QDialog):
    """Welcome and first steps (objectName ``firstRunDialog``)."""

    #: The person wants to enter a key now (the window opens Settings).
    settingsRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("firstRunDialog")
        self.setModal(True)
        self.heading = named(QLabel(self), "firstRunHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.steps: list[QLabel] = []
        for index in range(3):
            step = named(QLabel(self), f"firstRunStep{index + 1}")
            step.setWordWrap(True)
            step.setTextFormat(Qt.TextFormat.RichText)
            self.steps.append(step)
        self.key_text = named(QLabel(self), "firstRunKey")
        self.key_text.setWordWrap(True)
        self.key_text.setTextFormat(Qt.TextFormat.RichText)
        self.key_text.setOpenExternalLinks(True)
        self.key_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.settings_button = named(QPushButton(self), "firstRunSettings")
        self.start_button = named(QPushButton(self), "firstRunStart")
        self.start_button.setDefault(True)
        self.settings_button.clicked.connect(self._settings_clicked)
        self.start_button.clicked.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(self.heading)
        for step in self.steps:
            layout.addWidget(step)
        layout.addSpacing(4)
        layout.addWidget(self.key_text)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.settings_button)
        buttons.addWidget(self.start_button)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Getting started"))
        self.heading.setText(self.tr("Welcome to LuxCanvas"))
        texts = (
            self.tr(
                "<b>1 · Photos</b> — drop old photos or a folder on the window, or press "
                "Open… to choose them. Your originals are never changed."
            ),
            self.tr(
                "<b>2 · Strategy</b> — pick how to restore them. The free offline repair "
                "works at once, with no key and no internet; the cloud strategies show "
                "their price on the card."
            ),
            self.tr(
                "<b>3 · Run</b> — press the big button under the strategies. Every result "
                "is kept in the history, beside the original, ready to compare and export."
            ),
        )
        for label, text in zip(self.steps, texts, strict=True):
            label.setText(text)
        self.key_text.setText(
            self.tr(
                "The cloud strategies need a LaoZhang API key: create one at "
                '<a href="%1">laozhang.ai</a>, then paste it in Settings. It is kept in '
                "your system's keychain, never in a file."
            ).replace("%1", KEY_PAGE)
        )
        self.settings_button.setText(self.tr("Enter a key in Settings…"))
        self.start_button.setText(self.tr("Start"))
        self.adjustSize()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @Slot()
    def _settings_clicked(self) -> None:
        self.accept()
        self.settingsRequested.emit()


def show_getting_started(window: Any) -> FirstRunDialog:
    """Open the dialog over ``window`` (not blocking); Settings opens from its button."""
    dialog = window.findChild(FirstRunDialog)
    if dialog is None:
        dialog = FirstRunDialog(window)
        dialog.settingsRequested.connect(window.open_settings)
    dialog.open()
    return dialog


def welcome_once(window: Any) -> FirstRunDialog | None:
    """On the first start only, the dialog; marks the settings so it never shows again."""
    from luxcanvas.store.settings import save_settings

    if window.settings.welcomed:
        return None
    window.settings.welcomed = True
    save_settings(window.settings)
    return show_getting_started(window)
