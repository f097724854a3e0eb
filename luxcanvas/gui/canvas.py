"""The compare canvas: a photo and its restored version, side by side or under a divider.

``CompareCanvas`` is the widget: its public API, signals and input handling. It delegates
zoom, centre, mode, divider and flip, and the geometry they imply, to a ``CanvasView``
(``canvas_view``); drawing a frame to ``canvas_paint``; and keeping big photos cheap to
paint to an ``ImagePyramid`` per photo (``pyramid``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QWidget

from luxcanvas.gui.canvas_paint import (
    Layer,
    background_color,
    paint_focus_frame,
    paint_photos,
    paint_placeholder,
)
from luxcanvas.gui.canvas_view import MODES, CanvasView
from luxcanvas.gui.pyramid import ImagePyramid, pyramid_for

_WHEEL_NOTCH_FACTOR = 1.25  # one 15° mouse-wheel notch
_PIXEL_DELTA_PER_DOUBLING = 240.0  # trackpad pixels of scroll that double (or halve) the zoom
_PAN_KEY_FRACTION = 0.1  # an arrow key pans a tenth of the pane


class CompareCanvas(QWidget):
    """Shows a photo and its restored version and lets the user compare them.

    Modes: ``"split"`` (one view, original left of a draggable divider, result right),
    ``"side"`` (two panes side by side, zoom and pan shared), ``"original"`` and ``"result"``.

    Mouse: wheel / trackpad / pinch zooms around the pointer, left-drag pans (or drags the
    divider when grabbed at its line or knob), double-click toggles fit / 100 %.
    Keys: arrows pan, ``+`` / ``-`` zoom, Alt+Left / Alt+Right move the divider.

    ``"changes"`` shows the result under a changes overlay (``set_changes_overlay``, from
    ``gui/changes``): a click on one of its regions zooms to it. A tool (``set_tool``, e.g. the
    brush of ``gui/brush``) takes the left button while it is set; the middle button still pans.
    An overlay (``set_overlay``, e.g. the scan's print outlines of ``gui/split_overlay``) is
    painted over the photos and takes a left drag that starts on one of its handles.
    """

    zoomChanged = Signal(float)
    modeChanged = Signal(str)
    #: Before and after swapped sides (split and side modes), or not.
    flippedChanged = Signal(bool)
    #: A changes region was clicked (its index); the view has zoomed to it.
    changeRegionClicked = Signal(int)

    MODES = MODES

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("canvas")
        self.setAccessibleName(self.tr("Photo canvas"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, False)

        self._original: ImagePyramid | None = None
        self._result: ImagePyramid | None = None
        self._placeholder = self.tr("No photo open")
        self._view_state = CanvasView()
        self._announced_zoom = self._view_state.zoom  # the zoom zoomChanged last reported

        self._drag: str | None = None  # "pan" | "divider" while a button is held
        self._drag_last = QPointF()
        self._divider_grab_offset = 0.0
        self._handle_hover = False
        self._show_focus_frame = False
        self._changes: Any = None  # paints the "changes" mode's overlay (gui/changes.py)
        self._tool: Any = None  # takes the left button while set (gui/brush.py)
        self._overlay: Any = None  # painted on top; drags its handles (gui/split_overlay.py)
        self._press_pos: QPointF | None = None
        self._update_accessible_description()

    # ------------------------------------------------------------------ public API

    def set_original(
        self, image: QImage | None, levels: Mapping[int, QImage] | None = None
    ) -> None:
        """Show ``image`` as the before photo; the view fits again if the size changed.

        ``levels`` are optional downscaled copies (level ``n`` ≈ 1/2**n of the size) made off
        the GUI thread; missing ones are built when a paint needs them.
        """
        self._original = pyramid_for(self._original, image, levels)
        self._after_image_change()

    def set_result(self, image: QImage | None, levels: Mapping[int, QImage] | None = None) -> None:
        """Show ``image`` as the after photo, stretched onto the original's geometry."""
        self._result = pyramid_for(self._result, image, levels)
        self._after_image_change()

    def set_placeholder(self, text: str) -> None:
        """Set the text shown while there is no image (the empty state)."""
        self._placeholder = text
        if not self.has_image():
            self.update()

    def set_mode(self, mode: str) -> None:
        """Switch to one of ``MODES``; raises ``ValueError`` for anything else."""
        if self._view.set_mode(mode):
            self._after_mode_change()

    def mode(self) -> str:
        """The current mode, one of ``MODES``."""
        return self._view.mode

    def flip(self) -> None:
        """Toggle original ↔ result; in split and side modes, swap the two sides."""
        view = self._view
        mode, swapped = view.mode, view.swapped
        view.flip()
        if view.mode != mode:
            self._after_mode_change()
        else:
            self.update()
        if view.swapped != swapped:
            self.flippedChanged.emit(view.swapped)

    def is_flipped(self) -> bool:
        """True while before and after have swapped sides."""
        return self._view.swapped

    def set_divider(self, fraction: float) -> None:
        """Place the split divider at ``fraction`` (0 = left edge, 1 = right edge)."""
        view = self._view
        if view.set_divider(fraction) and view.mode == "split":
            self.update()

    def divider(self) -> float:
        """The split divider position as a fraction of the widget width."""
        return self._view.divider

    def zoom_fit(self) -> None:
        """Scale so the whole photo is visible, centred; stays fit when the widget resizes."""
        self._view.zoom_fit()
        self._announce_zoom()
        self.update()

    def zoom_actual(self) -> None:
        """Zoom to 100 % (one photo pixel per screen pixel) around the view centre."""
        if self._view.zoom_to(1.0):
            self._after_zoom()

    def zoom_in(self) -> None:
        """Zoom in to the next preset step, around the view centre."""
        if self._view.zoom_in():
            self._after_zoom()

    def zoom_out(self) -> None:
        """Zoom out to the previous preset step, around the view centre."""
        if self._view.zoom_out():
            self._after_zoom()

    def zoom(self) -> float:
        """The current scale: device pixels per original pixel (1.0 = 100 %)."""
        return self._view.zoom

    def zoom_at(self, factor: float, anchor: QPointF) -> None:
        """Multiply the zoom by ``factor``, keeping the photo point under ``anchor`` fixed."""
        if self._view.zoom_at(factor, anchor):
            self._after_zoom()

    def pan_by(self, dx: float, dy: float) -> None:
        """Move the photo by (``dx``, ``dy``) widget pixels, as a drag would."""
        if self._view.pan_by(dx, dy):
            self.update()

    def has_image(self) -> bool:
        """True when an original or a result is set."""
        return self._original is not None or self._result is not None

    def map_to_image(self, pos: QPointF) -> QPointF:
        """The original-image point (pixels) shown at widget position ``pos``."""
        return self._view.map_to_image(pos)

    def map_from_image(self, point: QPointF, pane_index: int = 0) -> QPointF:
        """Where original-image ``point`` appears in the widget (in pane 0 or, side mode, 1)."""
        return self._view.map_from_image(point, pane_index)

    def set_changes_overlay(self, overlay: Any) -> None:
        """What the ``"changes"`` mode paints over the result: an object with
        ``paint(painter, view, font)`` and ``region_at(image_point, scale) -> int | None``
        and ``region_rect(index) -> QRectF``."""
        self._changes = overlay
        self.update()

    def set_tool(self, tool: Any) -> None:
        """Give the left button to ``tool`` (``press``/``move``/``release`` with image points,
        ``hover`` and ``paint(painter, view)``), or back to panning with ``None``."""
        self._tool = tool
        self._drag = None
        self._update_cursor(None)
        self.update()

    def tool(self) -> Any:
        return self._tool

    def set_overlay(self, overlay: Any) -> None:
        """Paint ``overlay`` over the photos (``paint(painter, view)``) and let it take left
        drags that start on its handles (``press(image_point, scale) -> bool``, ``move``,
        ``release``, ``hover(image_point | None, scale) -> bool`` changed); ``None`` removes it."""
        self._overlay = overlay
        if self._drag == "overlay":
            self._drag = None
        self._update_cursor(None)
        self.update()

    def overlay(self) -> Any:
        return self._overlay

    def zoom_to_rect(self, rect: QRectF) -> None:
        """Centre on ``rect`` (original-image pixels) and zoom so it fills the view."""
        if self._view.zoom_to_rect(rect):
            self._after_zoom()

    def sizeHint(self) -> QSize:
        return QSize(800, 600)

    def minimumSizeHint(self) -> QSize:
        return QSize(160, 120)

    # ------------------------------------------------------------------ view state

    @property
    def _view(self) -> CanvasView:
        """The view state, first told the widget's current size and pixel ratio."""
        # Read live, as QWidget.width() is: a widget resized before it is shown, or moved to a
        # screen of another pixel ratio, has had no resize event to pass them on.
        view = self._view_state
        view.set_viewport(self.width(), self.height(), self.devicePixelRatioF())
        return view

    def _reference_size(self) -> tuple[int, int] | None:
        ref = self._original if self._original is not None else self._result
        return (ref.width, ref.height) if ref is not None else None

    def _after_image_change(self) -> None:
        self._view.set_image_size(self._reference_size())
        self._announce_zoom()
        self._update_cursor(None)
        self.update()

    def _after_mode_change(self) -> None:
        self._drag = None
        self._announce_zoom()
        self._update_cursor(None)
        self._update_accessible_description()
        self.update()
        self.modeChanged.emit(self._view.mode)

    def _after_zoom(self) -> None:
        self._announce_zoom()
        self._update_cursor(None)
        self.update()

    def _announce_zoom(self) -> None:
        """Emit ``zoomChanged`` (and refresh the accessible text) if the zoom has moved."""
        zoom = self._view.zoom
        changed = not math.isclose(zoom, self._announced_zoom, rel_tol=1e-9)
        self._announced_zoom = zoom
        if changed:
            self._update_accessible_description()
            self.zoomChanged.emit(zoom)

    def _split_active(self) -> bool:
        return (
            self._view.mode == "split" and self._original is not None and self._result is not None
        )

    def _over_handle(self, pos: QPointF) -> bool:
        return self._split_active() and self._view.over_handle(pos)

    # ------------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(event.rect(), background_color(palette.color(QPalette.ColorRole.Window)))
        accent = palette.color(QPalette.ColorRole.Highlight)
        if not self.has_image():
            area = QRectF(self.rect())
            paint_placeholder(painter, area, self._placeholder, self.font(), framed=True)
        else:
            paint_photos(
                painter,
                self._view,
                Layer(self._original, self.tr("Before"), self.tr("No original")),
                Layer(self._result, self.tr("After"), self.tr("No result yet")),
                font=self.font(),
                accent=accent,
                handle_active=self._handle_hover or self._drag == "divider",
            )
            if self._view.mode == "changes" and self._changes is not None:
                self._changes.paint(painter, self._view, self.font())
            if self._tool is not None:
                self._tool.paint(painter, self._view)
            if self._overlay is not None:
                self._overlay.paint(painter, self._view)
        if self._show_focus_frame and self.hasFocus():
            paint_focus_frame(painter, QRectF(self.rect()), accent)
        painter.end()

    # ------------------------------------------------------------------ input

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not self.has_image():
            event.ignore()
            return
        pixel = event.pixelDelta()
        angle = event.angleDelta()
        use_pixels = not pixel.isNull()
        dx, dy = (pixel.x(), pixel.y()) if use_pixels else (angle.x(), angle.y())
        if abs(dx) > abs(dy):
            # Sideways scroll (tilt wheel, trackpad swipe) pans instead of zooming.
            self.pan_by(dx if use_pixels else dx / 120.0 * 48.0, 0.0)
        elif dy:
            if use_pixels:
                factor = 2.0 ** (dy / _PIXEL_DELTA_PER_DOUBLING)
            else:
                factor = _WHEEL_NOTCH_FACTOR ** (dy / 120.0)
            self.zoom_at(factor, event.position())
        event.accept()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.NativeGesture and isinstance(event, QNativeGestureEvent):
            kind = event.gestureType()
            if kind == Qt.NativeGestureType.ZoomNativeGesture:
                self.zoom_at(1.0 + event.value(), event.position())
                return True
            if kind == Qt.NativeGestureType.SmartZoomNativeGesture:
                self._toggle_fit_actual(event.position())
                return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        button = event.button()
        self._press_pos = QPointF(pos) if button == Qt.MouseButton.LeftButton else None
        left = button == Qt.MouseButton.LeftButton
        if (
            left
            and self._overlay is not None
            and self.has_image()
            and self._overlay.press(self.map_to_image(pos), self._view.scale())
        ):
            self._drag = "overlay"
        elif left and self._tool is not None and self.has_image():
            self._drag = "tool"
            self._tool.press(self.map_to_image(pos), self._view.scale())
        elif button == Qt.MouseButton.LeftButton and self._over_handle(pos):
            self._drag = "divider"
            self._divider_grab_offset = pos.x() - self._view.divider_x()
        elif button in (Qt.MouseButton.LeftButton, Qt.MouseButton.MiddleButton) and (
            self._view.pannable()
        ):
            self._drag = "pan"
            self._drag_last = QPointF(pos)
        else:
            super().mousePressEvent(event)
            return
        self._update_cursor(pos)
        self.update()
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._drag in ("tool", "overlay"):
            target = self._tool if self._drag == "tool" else self._overlay
            target.move(self.map_to_image(pos), self._view.scale())
            self.update()
        elif self._drag == "divider":
            width = max(1, self.width())
            self.set_divider((pos.x() - self._divider_grab_offset) / width)
        elif self._drag == "pan":
            delta = pos - self._drag_last
            self._drag_last = QPointF(pos)
            if not delta.isNull():
                self.pan_by(delta.x(), delta.y())
        else:
            if self._tool is not None:
                self._tool.hover(pos)
                self.update()
            if self._overlay is not None and self._overlay.hover(
                self.map_to_image(pos), self._view.scale()
            ):
                self.update()
            hover = self._over_handle(pos)
            if hover != self._handle_hover:
                self._handle_hover = hover
                self.update()
        self._update_cursor(pos)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._drag == "tool":
            self._tool.release()
        elif self._drag == "overlay":
            self._overlay.release()
        elif self._press_pos is not None and (pos - self._press_pos).manhattanLength() < 5:
            self._click(pos)
        self._press_pos = None
        if self._drag is None:
            super().mouseReleaseEvent(event)
            return
        self._drag = None
        self._handle_hover = self._over_handle(pos)
        self._update_cursor(pos)
        self.update()
        event.accept()

    def _click(self, pos: QPointF) -> None:
        """A click (no drag): on a region of the changes overlay, zoom to it."""
        if self._view.mode != "changes" or self._changes is None or not self.has_image():
            return
        index = self._changes.region_at(self.map_to_image(pos), self._view.scale())
        if index is not None:
            self.zoom_to_rect(self._changes.region_rect(index))
            self.changeRegionClicked.emit(index)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or not self.has_image():
            super().mouseDoubleClickEvent(event)
            return
        pos = event.position()
        if self._over_handle(pos):
            self.set_divider(0.5)
        else:
            self._toggle_fit_actual(pos)
        event.accept()

    def _toggle_fit_actual(self, pos: QPointF) -> None:
        view = self._view
        at_actual = math.isclose(view.zoom, 1.0, rel_tol=1e-6)
        if at_actual and not view.fit:
            self.zoom_fit()
        elif not at_actual:
            self.zoom_at(1.0 / view.zoom, pos)

    def leaveEvent(self, event: QEvent) -> None:
        if self._tool is not None:
            self._tool.hover(None)
            self.update()
        if self._overlay is not None and self._overlay.hover(None, self._view.scale()):
            self.update()
        if self._handle_hover:
            self._handle_hover = False
            self.update()
        super().leaveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        arrows = {
            Qt.Key.Key_Left: (1.0, 0.0),
            Qt.Key.Key_Right: (-1.0, 0.0),
            Qt.Key.Key_Up: (0.0, 1.0),
            Qt.Key.Key_Down: (0.0, -1.0),
        }
        if alt and self._split_active() and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = -0.05 if key == Qt.Key.Key_Left else 0.05
            self.set_divider(self._view.divider + step)
        elif key in arrows and self.has_image():
            pane = self._view.panes()[0]
            sx, sy = arrows[Qt.Key(key)]
            step_x = max(16.0, pane.width() * _PAN_KEY_FRACTION)
            step_y = max(16.0, pane.height() * _PAN_KEY_FRACTION)
            self.pan_by(sx * step_x, sy * step_y)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key == Qt.Key.Key_Minus:
            self.zoom_out()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:
        # A focus frame only for keyboard navigation; a click should not outline the photo.
        self._show_focus_frame = event.reason() in (
            Qt.FocusReason.TabFocusReason,
            Qt.FocusReason.BacktabFocusReason,
        )
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._show_focus_frame = False
        self.update()
        super().focusOutEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._view.follow_viewport()
        self._announce_zoom()
        super().resizeEvent(event)

    def _update_cursor(self, pos: QPointF | None) -> None:
        if self._drag == "overlay" or (
            pos is not None
            and self._overlay is not None
            and self._overlay.handle_at(self.map_to_image(pos), self._view.scale()) is not None
        ):
            self.setCursor(Qt.CursorShape.SizeAllCursor)
        elif self._tool is not None and self._drag != "pan":
            self.setCursor(Qt.CursorShape.CrossCursor)
        elif self._drag == "divider" or (pos is not None and self._over_handle(pos)):
            self.setCursor(Qt.CursorShape.SplitHCursor)
        elif self._drag == "pan":
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        elif self._view.pannable():
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.unsetCursor()

    def _update_accessible_description(self) -> None:
        names = {
            "split": self.tr("Split view"),
            "side": self.tr("Side by side"),
            "original": self.tr("Original"),
            "result": self.tr("Result"),
            "changes": self.tr("Changes"),
        }
        view = self._view
        self.setAccessibleDescription(
            self.tr("{mode}, zoom {percent} %").format(
                mode=names[view.mode], percent=round(view.zoom * 100)
            )
        )
