"""The outlines of the prints found on a scan, drawn over the canvas while the split offer is
open: numbered, the bed around them dimmed, each with four corner handles that a left drag
moves (to correct an outline the detection got wrong).

``SplitOverlay`` works in the canvas's reference-image pixels (the photo as shown, which may
be a reduced copy of the scan); ``gui/split_offer`` converts to scan pixels and back. The
canvas calls it on the GUI thread (``CompareCanvas.set_overlay``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF

if TYPE_CHECKING:
    from luxcanvas.gui.canvas_view import CanvasView

Outline = list[tuple[float, float]]  # TL, TR, BR, BL of the upright print

#: A corner handle's radius on screen, and how near (logical pixels) a press grabs it.
HANDLE_RADIUS = 6.0
HANDLE_HIT = 14.0
_LINE = QColor(61, 184, 255)  # a clear blue, apart from the changes overlay's orange
_DIM = QColor(0, 0, 0, 110)  # over the bed, so the prints stand out


class SplitOverlay:
    """Outlines with draggable corners over a photo of ``size`` (reference-image pixels)."""

    def __init__(
        self,
        outlines: Sequence[Sequence[tuple[float, float]]],
        size: tuple[int, int],
        on_change: Callable[[], None] | None = None,
    ) -> None:
        self.outlines: list[Outline] = [[(float(x), float(y)) for x, y in o] for o in outlines]
        self._original = [list(o) for o in self.outlines]
        self.size = size
        self._grabbed: tuple[int, int] | None = None  # (outline, corner) being dragged
        self._hovered: tuple[int, int] | None = None
        self._on_change = on_change

    def corrected(self) -> list[int]:
        """The outlines whose corners the user moved (indices)."""
        return [
            i
            for i, (now, was) in enumerate(zip(self.outlines, self._original, strict=True))
            if now != was
        ]

    def handle_at(self, point: QPointF, scale: float) -> tuple[int, int] | None:
        """The corner handle under image ``point`` (within ``HANDLE_HIT`` on screen at
        ``scale`` screen pixels per image pixel): (outline, corner), nearest first."""
        reach = HANDLE_HIT / max(scale, 1e-9)
        best: tuple[float, tuple[int, int]] | None = None
        for index, outline in enumerate(self.outlines):
            for corner, (x, y) in enumerate(outline):
                distance = math.hypot(point.x() - x, point.y() - y)
                if distance <= reach and (best is None or distance < best[0]):
                    best = (distance, (index, corner))
        return best[1] if best is not None else None

    # -- the canvas's calls ----------------------------------------------------------------

    def press(self, point: QPointF, scale: float) -> bool:
        """Grab the corner under ``point``; whether one was there (else the canvas pans)."""
        self._grabbed = self.handle_at(point, scale)
        return self._grabbed is not None

    def move(self, point: QPointF, scale: float) -> None:
        if self._grabbed is None:
            return
        index, corner = self._grabbed
        width, height = self.size
        x = min(max(point.x(), 0.0), float(width))
        y = min(max(point.y(), 0.0), float(height))
        self.outlines[index][corner] = (x, y)
        if self._on_change is not None:
            self._on_change()

    def release(self) -> None:
        self._grabbed = None

    def hover(self, point: QPointF | None, scale: float) -> bool:
        """Note the handle under the pointer; whether that changed (the canvas repaints)."""
        hovered = self.handle_at(point, scale) if point is not None else None
        changed = hovered != self._hovered
        self._hovered = hovered
        return changed

    def dragging(self) -> bool:
        return self._grabbed is not None

    def paint(self, painter: QPainter, view: CanvasView) -> None:
        """Dim the bed, outline and number every print, and draw the corner handles."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        font = QFont(painter.font())
        font.setBold(True)
        font.setPixelSize(15)
        painter.setFont(font)
        active = self._grabbed or self._hovered
        for pane in view.panes():
            painter.setClipRect(pane)
            photo = view.photo_rect(pane)
            left, top, scale = photo.left(), photo.top(), view.scale()
            polygons = [
                QPolygonF([QPointF(left + x * scale, top + y * scale) for x, y in outline])
                for outline in self.outlines
            ]
            bed = QPainterPath()
            bed.setFillRule(Qt.FillRule.OddEvenFill)
            bed.addRect(photo)
            for polygon in polygons:
                bed.addPolygon(polygon)
                bed.closeSubpath()
            painter.fillPath(bed, _DIM)
            for index, polygon in enumerate(polygons):
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(QPen(QColor(0, 0, 0, 170), 4.0))
                painter.drawPolygon(polygon)
                painter.setPen(QPen(_LINE, 2.0))
                painter.drawPolygon(polygon)
                self._paint_number(painter, polygon, index + 1)
                for corner in range(polygon.size()):
                    hot = active == (index, corner)
                    radius = HANDLE_RADIUS + (2.0 if hot else 0.0)
                    painter.setPen(QPen(QColor(0, 0, 0, 200), 1.5))
                    painter.setBrush(_LINE if hot else QColor(255, 255, 255))
                    painter.drawEllipse(polygon.at(corner), radius, radius)
        painter.restore()

    @staticmethod
    def _paint_number(painter: QPainter, polygon: QPolygonF, number: int) -> None:
        centre = polygon.boundingRect().center()
        disc = QRectF(centre.x() - 15, centre.y() - 15, 30, 30)
        painter.setPen(QPen(QColor(255, 255, 255), 2.0))
        painter.setBrush(_LINE)
        painter.drawEllipse(disc)
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(disc, Qt.AlignmentFlag.AlignCenter, str(number))
