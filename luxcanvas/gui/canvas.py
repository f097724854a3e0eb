"""The compare canvas: a photo and its restored version, side by side or under a divider.

Geometry. The *reference* image is the original (or the result when there is no original).
Its pixel grid defines the view: ``zoom`` is device pixels per reference pixel (1.0 = 100 %)
and ``center`` is the reference-image point shown at the centre of each pane. The result is
drawn into the original's geometry whatever its own pixel size, so both always line up.

Paint cost. Each image is wrapped in an ``_ImagePyramid`` that lazily builds power-of-two
downscaled levels as ``QPixmap``; a paint picks the smallest level that is still at least as
sharp as the screen needs and draws only the visible source rectangle of it. A zoomed-out
24 MP photo is therefore painted from a ~1500 px level, and a zoomed-in one from a clip of
the full-resolution pixmap.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QWidget

# Preset zoom steps for zoom_in / zoom_out (toolbar buttons, +/- keys).
_ZOOM_STEPS = (
    1 / 16,
    1 / 8,
    1 / 6,
    1 / 4,
    1 / 3,
    1 / 2,
    2 / 3,
    1.0,
    1.5,
    2.0,
    3.0,
    4.0,
    6.0,
    8.0,
    12.0,
    16.0,
    24.0,
    32.0,
)
_MAX_ZOOM = 32.0
_WHEEL_NOTCH_FACTOR = 1.25  # one 15° mouse-wheel notch
_PIXEL_DELTA_PER_DOUBLING = 240.0  # trackpad pixels of scroll that double (or halve) the zoom
_HANDLE_HIT_PX = 7.0  # half-width of the grabbable strip around the divider line
_KNOB_RADIUS = 15.0
_SIDE_GAP = 4.0  # logical pixels between the two panes of side-by-side mode
_LABEL_MARGIN = 10.0
_PAN_KEY_FRACTION = 0.1  # an arrow key pans a tenth of the pane
_SMALLEST_LEVEL_PX = 64  # no pyramid level smaller than this on its long side


class _ImagePyramid:
    """One image and its lazily built, power-of-two downscaled levels, cached as pixmaps.

    ``levels`` may bring levels already made elsewhere (a decode worker), keyed like
    ``level_for``: level ``n`` is about ``1 / 2**n`` of the image's size.
    """

    def __init__(self, image: QImage, levels: Mapping[int, QImage] | None = None) -> None:
        self.image = image
        self.width = image.width()
        self.height = image.height()
        self._base: QImage | None = None
        self._levels: dict[int, QImage] = {
            level: scaled
            for level, scaled in (levels or {}).items()
            if level > 0 and not scaled.isNull()
        }
        self._pixmaps: dict[int, QPixmap] = {}

    def _fast_base(self) -> QImage:
        # RGB888 and friends go through slow generic paths in both smooth scaling and
        # drawing; one conversion to the raster engine's native 32-bit format pays back
        # at the first paint (measured on 24 MP: 45 ms to convert vs ~700 ms smooth-scale).
        if self._base is None:
            fmt = self.image.format()
            native = (QImage.Format.Format_RGB32, QImage.Format.Format_ARGB32_Premultiplied)
            if fmt in native:
                self._base = self.image
            elif self.image.hasAlphaChannel():
                self._base = self.image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
            else:
                self._base = self.image.convertToFormat(QImage.Format.Format_RGB32)
        return self._base

    def _max_level(self) -> int:
        longest = max(self.width, self.height)
        if longest <= _SMALLEST_LEVEL_PX:
            return 0
        return math.floor(math.log2(longest / _SMALLEST_LEVEL_PX))

    def level_for(self, device_zoom: float) -> int:
        """The coarsest level whose resolution is still >= ``device_zoom`` (device px/px)."""
        if device_zoom >= 0.5:
            return 0
        level = math.floor(math.log2(1.0 / device_zoom))
        return max(0, min(level, self._max_level()))

    def _level_image(self, level: int) -> QImage:
        if level == 0:
            return self._fast_base()
        cached = self._levels.get(level)
        if cached is not None:
            return cached
        # Scale from the closest finer level already built (area-averaging, so any ratio is
        # alias-free); fall back to the full-size image.
        finer = [k for k in self._levels if k < level]
        source = self._levels[max(finer)] if finer else self._fast_base()
        w = max(1, round(self.width / 2**level))
        h = max(1, round(self.height / 2**level))
        scaled = source.scaled(
            w,
            h,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self._levels[level] = scaled
        return scaled

    def pixmap(self, level: int) -> QPixmap:
        """The pixmap of ``level`` (0 = full size), built on first use."""
        pixmap = self._pixmaps.get(level)
        if pixmap is None:
            pixmap = QPixmap.fromImage(self._level_image(level))
            self._pixmaps[level] = pixmap
        return pixmap


def _pyramid(
    current: _ImagePyramid | None, image: QImage | None, levels: Mapping[int, QImage] | None
) -> _ImagePyramid | None:
    """The pyramid for ``image``; the current one when it already holds that very QImage, so
    showing the same photo again does not rebuild (and re-upload) its levels."""
    if image is None or image.isNull():
        return None
    if current is not None and current.image is image and not levels:
        return current
    return _ImagePyramid(image, levels)


class CompareCanvas(QWidget):
    """Shows a photo and its restored version and lets the user compare them.

    Modes: ``"split"`` (one view, original left of a draggable divider, result right),
    ``"side"`` (two panes side by side, zoom and pan shared), ``"original"`` and ``"result"``.

    Mouse: wheel / trackpad / pinch zooms around the pointer, left-drag pans (or drags the
    divider when grabbed at its line or knob), double-click toggles fit / 100 %.
    Keys: arrows pan, ``+`` / ``-`` zoom, Alt+Left / Alt+Right move the divider.
    """

    zoomChanged = Signal(float)
    modeChanged = Signal(str)

    MODES = ("split", "side", "original", "result")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("canvas")
        self.setAccessibleName(self.tr("Photo canvas"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, False)

        self._original: _ImagePyramid | None = None
        self._result: _ImagePyramid | None = None
        self._placeholder = self.tr("No photo open")
        self._mode = "split"
        self._swapped = False  # flip(): result on the left / in the left pane
        self._divider = 0.5
        self._zoom = 1.0
        self._center = QPointF(0.0, 0.0)
        self._fit = True  # the view follows the widget size until the user zooms or pans

        self._drag: str | None = None  # "pan" | "divider" while a button is held
        self._drag_last = QPointF()
        self._divider_grab_offset = 0.0
        self._handle_hover = False
        self._show_focus_frame = False
        self._update_accessible_description()

    # ------------------------------------------------------------------ public API

    def set_original(
        self, image: QImage | None, levels: Mapping[int, QImage] | None = None
    ) -> None:
        """Show ``image`` as the before photo; the view fits again if the size changed.

        ``levels`` are optional downscaled copies (level ``n`` ≈ 1/2**n of the size) made off
        the GUI thread; missing ones are built when a paint needs them.
        """
        old_size = self._reference_size()
        self._original = _pyramid(self._original, image, levels)
        self._after_image_change(old_size)

    def set_result(self, image: QImage | None, levels: Mapping[int, QImage] | None = None) -> None:
        """Show ``image`` as the after photo, stretched onto the original's geometry."""
        old_size = self._reference_size()
        self._result = _pyramid(self._result, image, levels)
        self._after_image_change(old_size)

    def set_placeholder(self, text: str) -> None:
        """Set the text shown while there is no image (the empty state)."""
        self._placeholder = text
        if not self.has_image():
            self.update()

    def set_mode(self, mode: str) -> None:
        """Switch to one of ``MODES``; raises ``ValueError`` for anything else."""
        if mode not in self.MODES:
            raise ValueError(f"unknown canvas mode {mode!r}; expected one of {self.MODES}")
        if mode == self._mode:
            return
        self._mode = mode
        self._drag = None
        if self._fit:
            self._apply_fit()
        else:
            self._clamp_center()
        self._update_cursor(None)
        self._update_accessible_description()
        self.update()
        self.modeChanged.emit(mode)

    def mode(self) -> str:
        """The current mode, one of ``MODES``."""
        return self._mode

    def flip(self) -> None:
        """Toggle original ↔ result; in split and side modes, swap the two sides."""
        if self._mode == "original":
            self.set_mode("result")
        elif self._mode == "result":
            self.set_mode("original")
        else:
            self._swapped = not self._swapped
            self.update()

    def set_divider(self, fraction: float) -> None:
        """Place the split divider at ``fraction`` (0 = left edge, 1 = right edge)."""
        fraction = min(1.0, max(0.0, float(fraction)))
        if fraction != self._divider:
            self._divider = fraction
            if self._mode == "split":
                self.update()

    def divider(self) -> float:
        """The split divider position as a fraction of the widget width."""
        return self._divider

    def zoom_fit(self) -> None:
        """Scale so the whole photo is visible, centred; stays fit when the widget resizes."""
        self._fit = True
        self._apply_fit()
        self.update()

    def zoom_actual(self) -> None:
        """Zoom to 100 % (one photo pixel per screen pixel) around the view centre."""
        self._set_zoom_keep_center(1.0)

    def zoom_in(self) -> None:
        """Zoom in to the next preset step, around the view centre."""
        current = self._zoom * 1.001
        target = next((step for step in _ZOOM_STEPS if step > current), self._zoom * 1.5)
        self._set_zoom_keep_center(target)

    def zoom_out(self) -> None:
        """Zoom out to the previous preset step, around the view centre."""
        current = self._zoom / 1.001
        smaller = [step for step in _ZOOM_STEPS if step < current]
        self._set_zoom_keep_center(smaller[-1] if smaller else self._zoom / 1.5)

    def zoom(self) -> float:
        """The current scale: device pixels per original pixel (1.0 = 100 %)."""
        return self._zoom

    def zoom_at(self, factor: float, anchor: QPointF) -> None:
        """Multiply the zoom by ``factor``, keeping the photo point under ``anchor`` fixed."""
        if not self.has_image() or factor <= 0:
            return
        anchor = QPointF(anchor)
        pane = self._pane_at(anchor)
        image_point = self._to_image(anchor, pane)
        new_zoom = self._bounded_zoom(self._zoom * factor)
        if new_zoom == self._zoom:
            return
        scale = new_zoom / self.devicePixelRatioF()
        self._center = image_point - (anchor - pane.center()) / scale
        self._commit_zoom(new_zoom)

    def pan_by(self, dx: float, dy: float) -> None:
        """Move the photo by (``dx``, ``dy``) widget pixels, as a drag would."""
        if not self._pannable():
            return  # the whole photo is in view: nothing to move
        scale = self._scale()
        self._center -= QPointF(dx / scale, dy / scale)
        self._fit = False
        self._clamp_center()
        self.update()

    def has_image(self) -> bool:
        """True when an original or a result is set."""
        return self._original is not None or self._result is not None

    def map_to_image(self, pos: QPointF) -> QPointF:
        """The original-image point (pixels) shown at widget position ``pos``."""
        pos = QPointF(pos)
        return self._to_image(pos, self._pane_at(pos))

    def map_from_image(self, point: QPointF, pane_index: int = 0) -> QPointF:
        """Where original-image ``point`` appears in the widget (in pane 0 or, side mode, 1)."""
        panes = self._panes()
        pane = panes[min(pane_index, len(panes) - 1)]
        return pane.center() + (QPointF(point) - self._center) * self._scale()

    def sizeHint(self) -> QSize:
        return QSize(800, 600)

    def minimumSizeHint(self) -> QSize:
        return QSize(160, 120)

    # ------------------------------------------------------------------ geometry

    def _reference(self) -> _ImagePyramid | None:
        return self._original if self._original is not None else self._result

    def _reference_size(self) -> tuple[int, int] | None:
        ref = self._reference()
        return (ref.width, ref.height) if ref is not None else None

    def _after_image_change(self, old_size: tuple[int, int] | None) -> None:
        new_size = self._reference_size()
        if new_size != old_size:
            self._fit = True
        if self._fit:
            self._apply_fit()
        else:
            self._clamp_center()
        self._update_cursor(None)
        self.update()

    def _panes(self) -> list[QRectF]:
        """Viewport rectangles in widget coordinates: two in side mode, otherwise one."""
        w, h = float(self.width()), float(self.height())
        if self._mode == "side":
            half = max(1.0, (w - _SIDE_GAP) / 2.0)
            return [QRectF(0.0, 0.0, half, h), QRectF(w - half, 0.0, half, h)]
        return [QRectF(0.0, 0.0, w, h)]

    def _pane_at(self, pos: QPointF) -> QRectF:
        panes = self._panes()
        if len(panes) == 2 and pos.x() >= self.width() / 2.0:
            return panes[1]
        return panes[0]

    def _scale(self) -> float:
        """Logical widget pixels per original pixel."""
        return self._zoom / self.devicePixelRatioF()

    def _to_image(self, pos: QPointF, pane: QRectF) -> QPointF:
        return self._center + (pos - pane.center()) / self._scale()

    def _fit_zoom(self) -> float:
        size = self._reference_size()
        if size is None:
            return 1.0
        pane = self._panes()[0]
        fit = min(pane.width() / size[0], pane.height() / size[1])
        return max(fit, 1e-4) * self.devicePixelRatioF()

    def _bounded_zoom(self, zoom: float) -> float:
        fit = self._fit_zoom()
        lowest = min(fit, 1.0) / 2.0
        highest = max(fit, _MAX_ZOOM)
        return min(highest, max(lowest, zoom))

    def _apply_fit(self) -> None:
        size = self._reference_size()
        self._center = QPointF(size[0] / 2.0, size[1] / 2.0) if size else QPointF()
        self._set_zoom_value(self._fit_zoom())

    def _set_zoom_keep_center(self, zoom: float) -> None:
        if not self.has_image():
            return
        self._commit_zoom(self._bounded_zoom(zoom))

    def _commit_zoom(self, zoom: float) -> None:
        self._fit = False
        self._set_zoom_value(zoom)
        self._clamp_center()
        self._update_cursor(None)
        self.update()

    def _set_zoom_value(self, zoom: float) -> None:
        changed = not math.isclose(zoom, self._zoom, rel_tol=1e-9)
        self._zoom = zoom
        if changed:
            self._update_accessible_description()
            self.zoomChanged.emit(zoom)

    def _clamp_center(self) -> None:
        # Loose bounds: the view centre stays on the photo, so the photo never leaves the view
        # and zooming in around any point of it is exact. When the whole photo fits, it is
        # simply centred.
        size = self._reference_size()
        if size is None:
            return
        if self._zoom <= self._fit_zoom() * (1 + 1e-9):
            self._center = QPointF(size[0] / 2.0, size[1] / 2.0)
            return
        self._center = QPointF(
            min(float(size[0]), max(0.0, self._center.x())),
            min(float(size[1]), max(0.0, self._center.y())),
        )

    def _pannable(self) -> bool:
        return self.has_image() and self._zoom > self._fit_zoom() * (1 + 1e-9)

    def _photo_rect(self, pane: QRectF) -> QRectF:
        """Where the whole photo lies in widget coordinates when shown in ``pane``."""
        size = self._reference_size()
        if size is None:
            return QRectF()
        scale = self._scale()
        origin = pane.center() - self._center * scale
        return QRectF(origin.x(), origin.y(), size[0] * scale, size[1] * scale)

    def _divider_x(self) -> float:
        return self._divider * self.width()

    def _split_active(self) -> bool:
        return self._mode == "split" and self._original is not None and self._result is not None

    def _handle_span(self) -> tuple[float, float]:
        """Top and bottom of the divider line: the visible height of the photo."""
        pane = self._panes()[0]
        visible = self._photo_rect(pane).intersected(pane)
        if visible.height() < 4 * _KNOB_RADIUS:
            return pane.top(), pane.bottom()
        return visible.top(), visible.bottom()

    def _knob_center(self) -> QPointF:
        x = min(max(self._divider_x(), _KNOB_RADIUS), self.width() - _KNOB_RADIUS)
        top, bottom = self._handle_span()
        return QPointF(x, (top + bottom) / 2.0)

    def _over_handle(self, pos: QPointF) -> bool:
        if not self._split_active():
            return False
        if abs(pos.x() - self._divider_x()) <= _HANDLE_HIT_PX:
            return True
        knob = self._knob_center()
        return math.hypot(pos.x() - knob.x(), pos.y() - knob.y()) <= _KNOB_RADIUS + 3

    # ------------------------------------------------------------------ painting

    def _background_color(self) -> QColor:
        # Photos are judged on a neutral dark grey. In a dark theme that is a shade below the
        # window colour; a light theme keeps a dark (but not black) neutral so the photo is
        # not seen against glare — overlays below are always light-on-dark for that reason.
        window = self.palette().color(QPalette.ColorRole.Window)
        lightness = window.lightness()
        value = max(20, int(lightness * 0.6)) if lightness < 128 else 64
        return QColor(value, value, value)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self._background_color())
        if not self.has_image():
            self._paint_placeholder(painter, QRectF(self.rect()), self._placeholder, framed=True)
        elif self._mode == "side":
            self._paint_side(painter)
        elif self._mode == "split":
            self._paint_split(painter)
        else:
            self._paint_single(painter, self._mode == "original")
        if self._show_focus_frame and self.hasFocus():
            pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        painter.end()

    def _layer(self, original: bool) -> _ImagePyramid | None:
        return self._original if original else self._result

    def _label(self, original: bool) -> str:
        return self.tr("Before") if original else self.tr("After")

    def _missing_text(self, original: bool) -> str:
        return self.tr("No original") if original else self.tr("No result yet")

    def _paint_single(self, painter: QPainter, original: bool) -> None:
        pane = self._panes()[0]
        layer = self._layer(original)
        if layer is None:
            self._paint_missing(painter, pane, original)
            return
        self._draw_layer(painter, layer, pane, pane)
        self._paint_label(painter, self._label(original), pane, pane)

    def _paint_side(self, painter: QPainter) -> None:
        left_is_original = not self._swapped
        sides = (left_is_original, not left_is_original)
        for pane, original in zip(self._panes(), sides, strict=True):
            layer = self._layer(original)
            if layer is None:
                self._paint_missing(painter, pane, original)
            else:
                self._draw_layer(painter, layer, pane, pane)
            self._paint_label(painter, self._label(original), pane, pane)

    def _paint_split(self, painter: QPainter) -> None:
        pane = self._panes()[0]
        if not self._split_active():
            # Only one of the two exists yet: show it whole, no divider to play with.
            original = self._original is not None
            self._draw_layer(painter, self._layer(original), pane, pane)
            self._paint_label(painter, self._label(original), pane, pane)
            return
        x = self._divider_x()
        left = QRectF(pane.left(), pane.top(), x - pane.left(), pane.height())
        right = QRectF(x, pane.top(), pane.right() - x, pane.height())
        left_is_original = not self._swapped
        if left.width() > 0:
            self._draw_layer(painter, self._layer(left_is_original), pane, left)
        if right.width() > 0:
            self._draw_layer(painter, self._layer(not left_is_original), pane, right)
        align_left, align_right = Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignRight
        self._paint_label(painter, self._label(left_is_original), pane, left, align_left)
        self._paint_label(painter, self._label(not left_is_original), pane, right, align_right)
        self._paint_handle(painter)

    def _draw_layer(
        self, painter: QPainter, layer: _ImagePyramid | None, pane: QRectF, region: QRectF
    ) -> None:
        """Draw the part of ``layer`` that falls inside ``region`` of viewport ``pane``."""
        size = self._reference_size()
        if layer is None or size is None:
            return
        ref_w, ref_h = size
        scale = self._scale()
        photo = self._photo_rect(pane)
        origin = photo.topLeft()
        target = region.intersected(pane).intersected(photo)
        if target.isEmpty():
            return
        # Source in reference-image pixels, then in the chosen level's pixels.
        source = QRectF(
            (target.x() - origin.x()) / scale,
            (target.y() - origin.y()) / scale,
            target.width() / scale,
            target.height() / scale,
        )
        level = layer.level_for(self._zoom * ref_w / layer.width)
        pixmap = layer.pixmap(level)
        kx = pixmap.width() / ref_w
        ky = pixmap.height() / ref_h
        source = QRectF(source.x() * kx, source.y() * ky, source.width() * kx, source.height() * ky)
        # Smooth while the level is being shrunk or gently enlarged; from 200 % on, show the
        # photo's real pixels, which is what a restoration is inspected for.
        device_per_level_px = self._zoom / kx
        exact = math.isclose(device_per_level_px, 1.0, rel_tol=1e-6)
        smooth = not exact and device_per_level_px < 2.0
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, smooth)
        painter.drawPixmap(target, pixmap, source)

    def _overlay_font(self) -> tuple[QFontMetricsF, QFont]:
        font = self.font()
        font.setBold(True)
        return QFontMetricsF(font), font

    def _paint_label(
        self,
        painter: QPainter,
        text: str,
        pane: QRectF,
        region: QRectF,
        side: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    ) -> None:
        """A "Before" / "After" tag in a top corner of the photo part visible in ``region``."""
        metrics, font = self._overlay_font()
        pad_x, pad_y = 8.0, 3.0
        width = metrics.horizontalAdvance(text) + 2 * pad_x
        height = metrics.height() + 2 * pad_y
        area = self._photo_rect(pane).intersected(region)
        if area.width() < width + 2 * _LABEL_MARGIN or area.height() < height + 2 * _LABEL_MARGIN:
            area = region  # the photo part is a sliver: tag the region (or nothing) instead
        if area.width() < width + 2 * _LABEL_MARGIN:
            return
        if side == Qt.AlignmentFlag.AlignRight:
            x = area.right() - _LABEL_MARGIN - width
        else:
            x = area.left() + _LABEL_MARGIN
        box = QRectF(x, area.top() + _LABEL_MARGIN, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 150))
        painter.drawRoundedRect(box, height / 2, height / 2)
        painter.setFont(font)
        painter.setPen(QColor(255, 255, 255, 235))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def _paint_handle(self, painter: QPainter) -> None:
        x = self._divider_x()
        active = self._handle_hover or self._drag == "divider"
        accent = self.palette().color(QPalette.ColorRole.Highlight)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        span_top, span_bottom = self._handle_span()
        top, bottom = QPointF(x, span_top), QPointF(x, span_bottom)
        painter.setPen(QPen(QColor(0, 0, 0, 110), 4))
        painter.drawLine(top, bottom)
        painter.setPen(QPen(accent if active else QColor(255, 255, 255, 230), 2))
        painter.drawLine(top, bottom)

        knob = self._knob_center()
        painter.setPen(QPen(QColor(0, 0, 0, 90), 1.5))
        painter.setBrush(QColor(255, 255, 255, 240))
        painter.drawEllipse(knob, _KNOB_RADIUS, _KNOB_RADIUS)
        if active:
            painter.setPen(QPen(accent, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(knob, _KNOB_RADIUS + 1, _KNOB_RADIUS + 1)
        # Two small arrows: "drag me sideways".
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(60, 60, 60))
        cx, cy, a = knob.x(), knob.y(), 5.0
        painter.drawPolygon(
            QPolygonF([QPointF(cx - 3, cy - a), QPointF(cx - 3 - a, cy), QPointF(cx - 3, cy + a)])
        )
        painter.drawPolygon(
            QPolygonF([QPointF(cx + 3, cy - a), QPointF(cx + 3 + a, cy), QPointF(cx + 3, cy + a)])
        )
        painter.restore()

    def _paint_missing(self, painter: QPainter, pane: QRectF, original: bool) -> None:
        """Where a photo not there yet will appear: a faint tile with a short note."""
        area = self._photo_rect(pane).intersected(pane)
        painter.save()
        painter.fillRect(area, QColor(255, 255, 255, 16))
        painter.setPen(QColor(255, 255, 255, 170))
        painter.drawText(
            area,
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
            self._missing_text(original),
        )
        painter.restore()

    def _paint_placeholder(
        self, painter: QPainter, area: QRectF, text: str, *, framed: bool = False
    ) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if framed and area.width() > 120 and area.height() > 120:
            frame = area.adjusted(24, 24, -24, -24)
            pen = QPen(QColor(255, 255, 255, 60), 2, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            path = QPainterPath()
            path.addRoundedRect(frame, 12, 12)
            painter.drawPath(path)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.2 if font.pointSizeF() > 0 else 12)
        painter.setFont(font)
        painter.setPen(QColor(255, 255, 255, 170))
        painter.drawText(
            area.adjusted(40, 40, -40, -40),
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
            text,
        )
        painter.restore()

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
        if button == Qt.MouseButton.LeftButton and self._over_handle(pos):
            self._drag = "divider"
            self._divider_grab_offset = pos.x() - self._divider_x()
        elif button in (Qt.MouseButton.LeftButton, Qt.MouseButton.MiddleButton) and (
            self._pannable()
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
        if self._drag == "divider":
            width = max(1, self.width())
            self.set_divider((pos.x() - self._divider_grab_offset) / width)
        elif self._drag == "pan":
            delta = pos - self._drag_last
            self._drag_last = QPointF(pos)
            if not delta.isNull():
                self.pan_by(delta.x(), delta.y())
        else:
            hover = self._over_handle(pos)
            if hover != self._handle_hover:
                self._handle_hover = hover
                self.update()
        self._update_cursor(pos)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            super().mouseReleaseEvent(event)
            return
        self._drag = None
        pos = event.position()
        self._handle_hover = self._over_handle(pos)
        self._update_cursor(pos)
        self.update()
        event.accept()

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
        at_actual = math.isclose(self._zoom, 1.0, rel_tol=1e-6)
        if at_actual and not self._fit:
            self.zoom_fit()
        elif not at_actual:
            self.zoom_at(1.0 / self._zoom, pos)

    def leaveEvent(self, event: QEvent) -> None:
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
            self.set_divider(self._divider + step)
        elif key in arrows and self.has_image():
            pane = self._panes()[0]
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
        if self._fit:
            self._apply_fit()
        else:
            self._clamp_center()
        super().resizeEvent(event)

    def _update_cursor(self, pos: QPointF | None) -> None:
        if self._drag == "divider" or (pos is not None and self._over_handle(pos)):
            self.setCursor(Qt.CursorShape.SplitHCursor)
        elif self._drag == "pan":
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        elif self._pannable():
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.unsetCursor()

    def _update_accessible_description(self) -> None:
        names = {
            "split": self.tr("Split view"),
            "side": self.tr("Side by side"),
            "original": self.tr("Original"),
            "result": self.tr("Result"),
        }
        self.setAccessibleDescription(
            self.tr("{mode}, zoom {percent} %").format(
                mode=names[self._mode], percent=round(self._zoom * 100)
            )
        )
