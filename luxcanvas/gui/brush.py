"""The "Keep original here" brush: paint over the result where the original should come back,
then apply it as a new version (``ChangesController.keep_original``, in a worker).

``BrushTool`` is the canvas tool (it gets the left button while set and paints its strokes
and cursor); ``BrushBar`` holds the toggle (in the view bar), size, Apply, Clear and Done;
``BrushController`` ties them to the shown version.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QToolButton, QWidget

if TYPE_CHECKING:
    import numpy as np

    from luxcanvas.gui.canvas_view import CanvasView
    from luxcanvas.gui.changes import ChangesController
    from luxcanvas.gui.main_window import MainWindow

# Longest side of the painted mask (it is stretched onto the result; the revert feathers it).
MASK_SIDE = 2048
# The brush's diameter on screen, in logical pixels.
DEFAULT_DIAMETER, MIN_DIAMETER, MAX_DIAMETER = 48, 8, 240
_TINT = QColor(40, 200, 120, 120)  # green: "keep", apart from the overlay's orange and blue


class BrushTool:
    """Paints a mask over the photo's frame; the canvas calls it on the GUI thread."""

    def __init__(self, on_change: Callable[[], None] | None = None) -> None:
        self.diameter = DEFAULT_DIAMETER
        self.mask: QImage | None = None  # Grayscale8 over the original's frame, scaled
        self._tint: QImage | None = None  # what the canvas shows of the mask
        self._scale = 1.0  # mask cells per original pixel
        self._last: QPointF | None = None
        self._hover: QPointF | None = None
        self._painted = False
        self._on_change = on_change

    def reset(self, size: tuple[int, int]) -> None:
        """Start an empty mask over a photo of ``size`` (original upright pixels)."""
        width, height = size
        self._scale = min(1.0, MASK_SIDE / max(width, height, 1))
        cols, rows = max(1, round(width * self._scale)), max(1, round(height * self._scale))
        self.mask = QImage(cols, rows, QImage.Format.Format_Grayscale8)
        self.mask.fill(0)
        self._tint = QImage(cols, rows, QImage.Format.Format_ARGB32_Premultiplied)
        self._tint.fill(Qt.GlobalColor.transparent)
        self._painted = False
        self._last = None
        self._changed()

    def has_paint(self) -> bool:
        return self._painted

    def mask_array(self) -> np.ndarray:
        """The painted mask as a copy (uint8, 255 = bring the original back)."""
        import numpy as np

        if self.mask is None:
            return np.zeros((1, 1), np.uint8)
        rows = np.frombuffer(self.mask.constBits(), np.uint8).reshape(
            self.mask.height(), self.mask.bytesPerLine()
        )
        return rows[:, : self.mask.width()].copy()

    # -- the canvas's calls ----------------------------------------------------------------

    def press(self, point: QPointF, scale: float) -> None:
        self._last = None
        self._stroke(point, scale)

    def move(self, point: QPointF, scale: float) -> None:
        self._stroke(point, scale)

    def release(self) -> None:
        self._last = None
        self._changed()

    def hover(self, pos: QPointF | None) -> None:
        self._hover = QPointF(pos) if pos is not None else None

    def paint(self, painter: QPainter, view: CanvasView) -> None:
        if self._tint is not None and self._painted:
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            for pane in view.panes():
                painter.setClipRect(pane)
                painter.drawImage(view.photo_rect(pane), self._tint, QRectF(self._tint.rect()))
            painter.restore()
        if self._hover is not None:
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            radius = self.diameter / 2.0
            painter.setPen(QPen(QColor(0, 0, 0, 160), 3))
            painter.drawEllipse(self._hover, radius, radius)
            painter.setPen(QPen(QColor(255, 255, 255, 230), 1.5))
            painter.drawEllipse(self._hover, radius, radius)
            painter.restore()

    def _stroke(self, point: QPointF, scale: float) -> None:
        if self.mask is None or self._tint is None:
            return
        cell = QPointF(point.x() * self._scale, point.y() * self._scale)
        width = max(1.0, self.diameter / max(scale, 1e-6) * self._scale)
        start = self._last if self._last is not None else cell
        for image, color in ((self.mask, QColor(255, 255, 255)), (self._tint, _TINT)):
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            # Source, not over: where strokes cross, the tint keeps one strength.
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            pen = QPen(color, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            if start == cell:
                painter.drawPoint(cell)
            else:
                painter.drawLine(start, cell)
            painter.end()
        self._last = cell
        if not self._painted:
            self._painted = True
            self._changed()

    def _changed(self) -> None:
        if self._on_change is not None:
            self._on_change()


class BrushBar(QWidget):
    """The brush's controls under the canvas (objectName ``brushBar``), shown while it is on;
    its toggle (``keepOriginalButton``) goes in the view bar."""

    applyRequested = Signal()
    clearRequested = Signal()
    doneRequested = Signal()
    diameterChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("brushBar")
        self.toggle_button = QToolButton(parent)
        self.toggle_button.setObjectName("keepOriginalButton")
        self.toggle_button.setCheckable(True)
        self.hint = QLabel(self)
        self.hint.setObjectName("brushHint")
        self.hint.setWordWrap(True)
        self.size_label = QLabel(self)
        self.size_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.size_slider.setObjectName("brushSizeSlider")
        self.size_slider.setRange(MIN_DIAMETER, MAX_DIAMETER)
        self.size_slider.setValue(DEFAULT_DIAMETER)
        self.size_slider.setMaximumWidth(140)
        self.size_label.setBuddy(self.size_slider)
        self.apply_button = QPushButton(self)
        self.apply_button.setObjectName("brushApplyButton")
        self.apply_button.setEnabled(False)
        self.clear_button = QPushButton(self)
        self.clear_button.setObjectName("brushClearButton")
        self.done_button = QPushButton(self)
        self.done_button.setObjectName("brushDoneButton")
        self.apply_button.clicked.connect(self.applyRequested)
        self.clear_button.clicked.connect(self.clearRequested)
        self.done_button.clicked.connect(self.doneRequested)
        self.size_slider.valueChanged.connect(self.diameterChanged)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.hint, 1)
        layout.addWidget(self.size_label)
        layout.addWidget(self.size_slider)
        for button in (self.apply_button, self.clear_button, self.done_button):
            layout.addWidget(button)
        self.hide()
        self.retranslate()

    def retranslate(self) -> None:
        self.toggle_button.setText(self.tr("Keep original here"))
        self.toggle_button.setToolTip(
            self.tr("Paint over the result where your original should come back (B)")
        )
        self.hint.setText(
            self.tr("Paint where the result should show your original. Middle-drag pans.")
        )
        self.size_label.setText(self.tr("&Size"))
        self.size_slider.setAccessibleName(self.tr("Brush size"))
        self.apply_button.setText(self.tr("Apply (free)"))
        self.apply_button.setToolTip(
            self.tr("Put your original back where you painted, as a new version")
        )
        self.clear_button.setText(self.tr("Clear"))
        self.done_button.setText(self.tr("Done"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class BrushController(QObject):
    """Turns the brush on and off for the shown version and applies it."""

    def __init__(self, window: MainWindow, changes: ChangesController):
        super().__init__(window)
        self.window, self.changes = window, changes
        self.bar: BrushBar = window.brush_bar
        self.tool = BrushTool(self._tool_changed)
        self.active = False
        self._mode_before = ""
        bar = self.bar
        bar.toggle_button.toggled.connect(self.set_active)
        bar.applyRequested.connect(self.apply)
        bar.clearRequested.connect(self.clear)
        bar.doneRequested.connect(self.finish)
        bar.diameterChanged.connect(self._diameter_changed)
        changes.busyChanged.connect(self._busy_changed)
        changes.reverted.connect(self._applied)
        window.fidelity_strip.brushRequested.connect(self.start)
        changes.versions.changed.connect(self._shown_changed)
        self._shown_changed()

    @Slot()
    def toggle(self) -> None:
        self.set_active(not self.active)

    @Slot()
    def start(self) -> None:
        self.set_active(True)

    @Slot()
    def finish(self) -> None:
        self.set_active(False)

    @Slot(bool)
    def set_active(self, on: bool) -> None:
        photo = self.changes.photos.current_photo()
        can = self.changes.shown_record() is not None and photo is not None and photo.info
        on = bool(on and can)
        if on == self.active:
            self.bar.toggle_button.setChecked(on)
            return
        self.active = on
        canvas = self.window.canvas
        if on:
            assert photo is not None
            self.tool.reset((photo.info.width, photo.info.height))
            self._mode_before = canvas.mode()
            if canvas.mode() in ("split", "side", "original"):
                canvas.set_mode("result")
            canvas.set_tool(self.tool)
            self.bar.show()
        else:
            canvas.set_tool(None)
            self.bar.hide()
            if self._mode_before and canvas.mode() == "result":
                canvas.set_mode(self._mode_before)
            self._mode_before = ""
        self.bar.toggle_button.setChecked(on)

    @Slot()
    def apply(self) -> None:
        if self.active and self.tool.has_paint():
            self.changes.keep_original(self.tool.mask_array(), "brush")

    @Slot()
    def clear(self) -> None:
        photo = self.changes.photos.current_photo()
        if photo is not None and photo.info is not None:
            self.tool.reset((photo.info.width, photo.info.height))
            self.window.canvas.update()

    @Slot(int)
    def _diameter_changed(self, value: int) -> None:
        self.tool.diameter = value
        self.window.canvas.update()

    @Slot(bool)
    def _busy_changed(self, busy: bool) -> None:
        self._tool_changed()

    @Slot(str)
    def _applied(self, _: str) -> None:
        self.set_active(False)

    @Slot()
    def _shown_changed(self) -> None:
        shown = self.changes.shown_record() is not None
        self.bar.toggle_button.setEnabled(shown)
        if not shown and self.active:
            self.set_active(False)

    def _tool_changed(self) -> None:
        self.bar.apply_button.setEnabled(self.tool.has_paint() and not self.changes.busy)
