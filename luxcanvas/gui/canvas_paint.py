"""Painting the compare canvas: photo layers, "Before" / "After" tags, the divider handle,
the notes where a photo is missing, and the empty state.

Everything here draws what a ``CanvasView`` says onto a ``QPainter`` and decides nothing about
the view. Texts come in already translated, so they stay in the widget's translation context.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF

from luxcanvas.gui.canvas_view import KNOB_RADIUS, CanvasView
from luxcanvas.gui.pyramid import ImagePyramid

_LABEL_MARGIN = 10.0


@dataclass(frozen=True)
class Layer:
    """One side of the comparison: its pixels (``None`` while there are none) and its texts."""

    pyramid: ImagePyramid | None
    label: str  # the tag in a top corner: "Before" / "After"
    missing: str  # the note where it will appear: "No original" / "No result yet"


def background_color(window: QColor) -> QColor:
    """The neutral grey behind the photo, for a palette whose window colour is ``window``."""
    # Photos are judged on a neutral dark grey. In a dark theme that is a shade below the
    # window colour; a light theme keeps a dark (but not black) neutral so the photo is
    # not seen against glare — overlays below are always light-on-dark for that reason.
    lightness = window.lightness()
    value = max(20, int(lightness * 0.6)) if lightness < 128 else 64
    return QColor(value, value, value)


def paint_photos(
    painter: QPainter,
    view: CanvasView,
    original: Layer,
    result: Layer,
    *,
    font: QFont,
    accent: QColor,
    handle_active: bool,
) -> None:
    """Paint the photos as ``view.mode`` shows them; at least one layer must have pixels.

    ``font`` is the widget's (tags are drawn in it, bold); ``accent`` colours the divider
    handle while ``handle_active`` (hovered or dragged).
    """
    tag_font = QFont(font)
    tag_font.setBold(True)
    if view.mode == "side":
        _paint_side(painter, view, original, result, tag_font)
    elif view.mode == "split":
        _paint_split(painter, view, original, result, tag_font, accent, handle_active)
    else:
        layer = original if view.mode == "original" else result
        _paint_single(painter, view, layer, tag_font)


def _paint_single(painter: QPainter, view: CanvasView, layer: Layer, tag_font: QFont) -> None:
    pane = view.panes()[0]
    if layer.pyramid is None:
        _paint_missing(painter, view, pane, layer.missing)
        return
    _draw_layer(painter, view, layer.pyramid, pane, pane)
    _paint_label(painter, view, tag_font, layer.label, pane, pane)


def _paint_side(
    painter: QPainter, view: CanvasView, original: Layer, result: Layer, tag_font: QFont
) -> None:
    sides = (result, original) if view.swapped else (original, result)
    for pane, layer in zip(view.panes(), sides, strict=True):
        if layer.pyramid is None:
            _paint_missing(painter, view, pane, layer.missing)
        else:
            _draw_layer(painter, view, layer.pyramid, pane, pane)
        _paint_label(painter, view, tag_font, layer.label, pane, pane)


def _paint_split(
    painter: QPainter,
    view: CanvasView,
    original: Layer,
    result: Layer,
    tag_font: QFont,
    accent: QColor,
    handle_active: bool,
) -> None:
    pane = view.panes()[0]
    if original.pyramid is None or result.pyramid is None:
        # Only one of the two exists yet: show it whole, no divider to play with.
        shown = original if original.pyramid is not None else result
        _draw_layer(painter, view, shown.pyramid, pane, pane)
        _paint_label(painter, view, tag_font, shown.label, pane, pane)
        return
    x = view.divider_x()
    left = QRectF(pane.left(), pane.top(), x - pane.left(), pane.height())
    right = QRectF(x, pane.top(), pane.right() - x, pane.height())
    on_left, on_right = (result, original) if view.swapped else (original, result)
    if left.width() > 0:
        _draw_layer(painter, view, on_left.pyramid, pane, left)
    if right.width() > 0:
        _draw_layer(painter, view, on_right.pyramid, pane, right)
    align_left, align_right = Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignRight
    _paint_label(painter, view, tag_font, on_left.label, pane, left, align_left)
    _paint_label(painter, view, tag_font, on_right.label, pane, right, align_right)
    _paint_handle(painter, view, accent, handle_active)


def _draw_layer(
    painter: QPainter,
    view: CanvasView,
    layer: ImagePyramid | None,
    pane: QRectF,
    region: QRectF,
) -> None:
    """Draw the part of ``layer`` that falls inside ``region`` of viewport ``pane``."""
    size = view.image_size
    if layer is None or size is None:
        return
    ref_w, ref_h = size
    scale = view.scale()
    photo = view.photo_rect(pane)
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
    level = layer.level_for(view.zoom * ref_w / layer.width)
    pixmap = layer.pixmap(level)
    kx = pixmap.width() / ref_w
    ky = pixmap.height() / ref_h
    source = QRectF(source.x() * kx, source.y() * ky, source.width() * kx, source.height() * ky)
    # Smooth while the level is being shrunk or gently enlarged; from 200 % on, show the
    # photo's real pixels, which is what a restoration is inspected for.
    device_per_level_px = view.zoom / kx
    exact = math.isclose(device_per_level_px, 1.0, rel_tol=1e-6)
    smooth = not exact and device_per_level_px < 2.0
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, smooth)
    painter.drawPixmap(target, pixmap, source)


def _paint_label(
    painter: QPainter,
    view: CanvasView,
    font: QFont,
    text: str,
    pane: QRectF,
    region: QRectF,
    side: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
) -> None:
    """A "Before" / "After" tag in a top corner of the photo part visible in ``region``."""
    metrics = QFontMetricsF(font)
    pad_x, pad_y = 8.0, 3.0
    width = metrics.horizontalAdvance(text) + 2 * pad_x
    height = metrics.height() + 2 * pad_y
    area = view.photo_rect(pane).intersected(region)
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


def _paint_handle(painter: QPainter, view: CanvasView, accent: QColor, active: bool) -> None:
    """The divider line and its knob with two arrows; ``accent`` outlines it while active."""
    x = view.divider_x()
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    span_top, span_bottom = view.handle_span()
    top, bottom = QPointF(x, span_top), QPointF(x, span_bottom)
    painter.setPen(QPen(QColor(0, 0, 0, 110), 4))
    painter.drawLine(top, bottom)
    painter.setPen(QPen(accent if active else QColor(255, 255, 255, 230), 2))
    painter.drawLine(top, bottom)

    knob = view.knob_center()
    painter.setPen(QPen(QColor(0, 0, 0, 90), 1.5))
    painter.setBrush(QColor(255, 255, 255, 240))
    painter.drawEllipse(knob, KNOB_RADIUS, KNOB_RADIUS)
    if active:
        painter.setPen(QPen(accent, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(knob, KNOB_RADIUS + 1, KNOB_RADIUS + 1)
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


def _paint_missing(painter: QPainter, view: CanvasView, pane: QRectF, text: str) -> None:
    """Where a photo not there yet will appear: a faint tile with a short note."""
    area = view.photo_rect(pane).intersected(pane)
    painter.save()
    painter.fillRect(area, QColor(255, 255, 255, 16))
    painter.setPen(QColor(255, 255, 255, 170))
    painter.drawText(area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)
    painter.restore()


def paint_placeholder(
    painter: QPainter, area: QRectF, text: str, font: QFont, *, framed: bool = False
) -> None:
    """The empty state: ``text`` a little larger than ``font``, in a dashed frame if asked."""
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
    font = QFont(font)
    font.setPointSizeF(font.pointSizeF() * 1.2 if font.pointSizeF() > 0 else 12)
    painter.setFont(font)
    painter.setPen(QColor(255, 255, 255, 170))
    painter.drawText(
        area.adjusted(40, 40, -40, -40),
        Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
        text,
    )
    painter.restore()


def paint_focus_frame(painter: QPainter, area: QRectF, color: QColor) -> None:
    """The keyboard-focus outline just inside ``area``."""
    painter.setPen(QPen(color, 2))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(area.adjusted(1, 1, -1, -1))
