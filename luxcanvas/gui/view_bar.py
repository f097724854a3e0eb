"""The row under the canvas: compare modes, Flip, Fit, 100 % and the zoom shown."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QButtonGroup, QHBoxLayout, QMenu, QToolButton, QWidget

from luxcanvas.gui.canvas import CompareCanvas


class ViewBar(QWidget):
    """Buttons that drive the canvas's view; they follow it when it changes by other means.

    In a narrow window Flip and the zoom go on a second row under the compare modes."""

    def __init__(self, canvas: CompareCanvas, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("viewBar")
        self.canvas = canvas
        self.mode_buttons: dict[str, QToolButton] = {}
        self.mode_group = QButtonGroup(self)
        self.mode_group.setExclusive(True)
        self._rows = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(4)
        layout = self._modes_row = QHBoxLayout()
        layout.setSpacing(4)
        for mode in canvas.MODES:
            button = QToolButton(self)
            button.setObjectName(f"mode_{mode}")
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setProperty("canvasMode", mode)
            button.clicked.connect(self._mode_button_clicked)
            self.mode_group.addButton(button)
            self.mode_buttons[mode] = button
            layout.addWidget(button)
        self.mode_buttons[canvas.mode()].setChecked(True)
        self.flip_button = QToolButton(self)
        self.flip_button.setObjectName("flipButton")
        self.flip_button.setCheckable(True)  # on while before and after have swapped sides
        # One zoom control: the zoom shown, with Fit and 100 % in its menu.
        self.zoom_button = QToolButton(self)
        self.zoom_button.setObjectName("zoomButton")
        self.zoom_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.zoom_button.setMinimumWidth(64)
        zoom_menu = QMenu(self.zoom_button)
        self.fit_action = zoom_menu.addAction("")
        self.actual_action = zoom_menu.addAction("")
        self.zoom_button.setMenu(zoom_menu)
        layout.addStretch(1)
        tools = self._tools_row = QHBoxLayout()
        tools.setSpacing(4)
        tools.addWidget(self.flip_button)
        tools.addStretch(1)
        tools.addWidget(self.zoom_button)
        self._rows.addLayout(self._modes_row, 1)
        self._rows.addSpacing(8)
        self._rows.addLayout(self._tools_row)
        self.flip_button.clicked.connect(self._flip_clicked)
        self.fit_action.triggered.connect(canvas.zoom_fit)
        self.actual_action.triggered.connect(canvas.zoom_actual)
        canvas.flippedChanged.connect(self.flip_button.setChecked)
        canvas.zoomChanged.connect(self._zoom_changed)
        canvas.modeChanged.connect(self._mode_changed)
        self.retranslate()

    def retranslate(self) -> None:
        names = {
            "split": self.tr("Before | After"),
            "side": self.tr("Side by side"),
            "original": self.tr("Original"),
            "result": self.tr("Result"),
            "changes": self.tr("Changes"),
        }
        for mode, button in self.mode_buttons.items():
            button.setText(names.get(mode, mode))
        self.mode_buttons["changes"].setToolTip(self.tr("Where the result changed your photo (5)"))
        self.flip_button.setText(self.tr("Flip"))
        self.flip_button.setToolTip(self.tr("Swap before and after (F)"))
        self.fit_action.setText(self.tr("Fit to window (Ctrl+0)"))
        self.actual_action.setText(self.tr("Actual pixels, 100 % (Ctrl+1)"))
        self.zoom_button.setToolTip(self.tr("Zoom: fit to the window, or actual pixels"))

    def add_tool(self, button: QToolButton) -> None:
        """Put a tool's button after Flip (e.g. the "Keep original here" brush)."""
        tools = self._tools_row
        tools.insertWidget(tools.indexOf(self.flip_button) + 1, button)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            # Longer words (Spanish) may no longer fit on one row at the same width; the
            # tools' own texts change with the same event, so measure once all have.
            QTimer.singleShot(0, self._fit_rows)
        super().changeEvent(event)

    def _one_row_width(self) -> int:
        modes = self._modes_row.minimumSize().width()
        return modes + 8 + self._rows.spacing() * 2 + self._tools_row.minimumSize().width()

    def minimumSizeHint(self) -> QSize:
        # As narrow as the wider of the two rows; resizeEvent stacks them when needed.
        hint = super().minimumSizeHint()
        width = max(self._modes_row.minimumSize().width(), self._tools_row.minimumSize().width())
        return QSize(width, hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_rows()

    @Slot()
    def _fit_rows(self) -> None:
        """One row when everything fits the bar's width, else the tools on a second row."""
        wanted = (
            QBoxLayout.Direction.LeftToRight
            if self.width() >= self._one_row_width()
            else QBoxLayout.Direction.TopToBottom
        )
        if self._rows.direction() != wanted:
            self._rows.setDirection(wanted)

    @property
    def stacked(self) -> bool:
        """True while the tools sit on a second row (a narrow window)."""
        return self._rows.direction() == QBoxLayout.Direction.TopToBottom

    @Slot(float)
    def _zoom_changed(self, zoom: float) -> None:
        self.zoom_button.setText(f"{zoom * 100:.0f} %")

    @Slot()
    def _flip_clicked(self) -> None:
        self.canvas.flip()
        self.flip_button.setChecked(self.canvas.is_flipped())

    @Slot(str)
    def _mode_changed(self, mode: str) -> None:
        button = self.mode_buttons.get(mode)
        if button is not None:
            button.setChecked(True)

    @Slot()
    def _mode_button_clicked(self) -> None:
        button = self.sender()
        if button is not None:
            self.canvas.set_mode(str(button.property("canvasMode")))
