"""The compare canvas's view state: which part of the photo is shown where, and how.

Geometry. The *reference* image is the original (or the result when there is no original).
Its pixel grid defines the view: ``zoom`` is device pixels per reference pixel (1.0 = 100 %)
and ``center`` is the reference-image point shown at the centre of each pane. The result is
drawn into the original's geometry whatever its own pixel size, so both always line up.

``CanvasView`` is plain state and arithmetic: no widget, no painting, no signals. The canvas
widget tells it the viewport (its size and pixel ratio) and the reference image size, calls
it, then repaints and emits its own signals.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF

#: "changes": the result alone, under the Changes overlay (gui/changes.py).
MODES = ("split", "side", "original", "result", "changes")

# Preset zoom steps for zoom_in / zoom_out (toolbar buttons, +/- keys).
ZOOM_STEPS = (
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
MAX_ZOOM = 32.0
SIDE_GAP = 4.0  # logical pixels between the two panes of side-by-side mode
HANDLE_HIT_PX = 7.0  # half-width of the grabbable strip around the divider line
KNOB_RADIUS = 15.0
# Zooms this close to the fit zoom count as fit: the photo is centred and cannot be panned.
_FIT_TOLERANCE = 1 + 1e-9


class CanvasView:
    """Zoom, centre, mode, divider and flip of the compare canvas, and the geometry they imply.

    Widget coordinates are logical pixels; ``set_viewport`` gives the widget's size and its
    device pixels per logical pixel. Methods that may do nothing return whether they changed
    the view.
    """

    def __init__(self) -> None:
        self.mode = "split"
        self.swapped = False  # flip(): result on the left / in the left pane
        self.divider = 0.5  # split divider, as a fraction of the widget width
        self.zoom = 1.0
        self.center = QPointF(0.0, 0.0)
        self.fit = True  # the view follows the viewport until the user zooms or pans
        self.image_size: tuple[int, int] | None = None  # the reference image's pixels
        self.width = 0.0
        self.height = 0.0
        self.device_pixel_ratio = 1.0

    # ------------------------------------------------------------------ inputs

    def set_viewport(self, width: float, height: float, device_pixel_ratio: float = 1.0) -> None:
        """The widget's logical size and pixel ratio; call ``follow_viewport`` after a resize."""
        self.width = float(width)
        self.height = float(height)
        self.device_pixel_ratio = device_pixel_ratio

    def set_image_size(self, size: tuple[int, int] | None) -> None:
        """The reference image's size (``None``: no image); a new size fits the view again."""
        if size != self.image_size:
            self.fit = True
        self.image_size = size
        self.follow_viewport()

    def follow_viewport(self) -> None:
        """Fit again if the view is fitting; otherwise keep the centre on the photo."""
        if self.fit:
            self.apply_fit()
        else:
            self.clamp_center()

    # ------------------------------------------------------------------ mode, divider, flip

    def set_mode(self, mode: str) -> bool:
        """Switch to one of ``MODES``; raises ``ValueError`` for anything else."""
        if mode not in MODES:
            raise ValueError(f"unknown canvas mode {mode!r}; expected one of {MODES}")
        if mode == self.mode:
            return False
        self.mode = mode
        self.follow_viewport()
        return True

    def flip(self) -> None:
        """Toggle original ↔ result; in split and side modes, swap the two sides."""
        if self.mode == "original":
            self.set_mode("result")
        elif self.mode in ("result", "changes"):
            self.set_mode("original")
        else:
            self.swapped = not self.swapped

    def set_divider(self, fraction: float) -> bool:
        """Place the divider at ``fraction`` of the width, kept within 0 … 1."""
        fraction = min(1.0, max(0.0, float(fraction)))
        if fraction == self.divider:
            return False
        self.divider = fraction
        return True

    # ------------------------------------------------------------------ zoom and pan

    def zoom_fit(self) -> None:
        """Show the whole photo, centred, and keep doing so as the viewport changes."""
        self.fit = True
        self.apply_fit()

    def zoom_to(self, zoom: float) -> bool:
        """Zoom to ``zoom`` (within bounds) around the view centre."""
        if self.image_size is None:
            return False
        self._commit_zoom(self.bounded_zoom(zoom))
        return True

    def zoom_in(self) -> bool:
        """Zoom in to the next preset step, around the view centre."""
        current = self.zoom * 1.001
        target = next((step for step in ZOOM_STEPS if step > current), self.zoom * 1.5)
        return self.zoom_to(target)

    def zoom_out(self) -> bool:
        """Zoom out to the previous preset step, around the view centre."""
        current = self.zoom / 1.001
        smaller = [step for step in ZOOM_STEPS if step < current]
        return self.zoom_to(smaller[-1] if smaller else self.zoom / 1.5)

    def zoom_at(self, factor: float, anchor: QPointF) -> bool:
        """Multiply the zoom by ``factor``, keeping the photo point under ``anchor`` fixed."""
        if self.image_size is None or factor <= 0:
            return False
        anchor = QPointF(anchor)
        pane = self.pane_at(anchor)
        image_point = self.to_image(anchor, pane)
        new_zoom = self.bounded_zoom(self.zoom * factor)
        if new_zoom == self.zoom:
            return False
        scale = new_zoom / self.device_pixel_ratio
        self.center = image_point - (anchor - pane.center()) / scale
        self._commit_zoom(new_zoom)
        return True

    def pan_by(self, dx: float, dy: float) -> bool:
        """Move the photo by (``dx``, ``dy``) widget pixels, as a drag would."""
        if not self.pannable():
            return False  # the whole photo is in view: nothing to move
        scale = self.scale()
        self.center -= QPointF(dx / scale, dy / scale)
        self.fit = False
        self.clamp_center()
        return True

    def zoom_to_rect(self, rect: QRectF, margin: float = 0.3) -> bool:
        """Centre on image ``rect`` and zoom so it fills the pane, with ``margin`` of its size
        round it (never below the fit zoom)."""
        if self.image_size is None or rect.isEmpty():
            return False
        pane = self.panes()[0]
        width = rect.width() * (1.0 + 2.0 * margin)
        height = rect.height() * (1.0 + 2.0 * margin)
        wanted = min(pane.width() / width, pane.height() / height) * self.device_pixel_ratio
        self.center = rect.center()
        self._commit_zoom(self.bounded_zoom(max(wanted, self.fit_zoom())))
        return True

    def apply_fit(self) -> None:
        """Centre the photo at the fit zoom (without changing ``fit``)."""
        size = self.image_size
        self.center = QPointF(size[0] / 2.0, size[1] / 2.0) if size else QPointF()
        self.zoom = self.fit_zoom()

    def _commit_zoom(self, zoom: float) -> None:
        self.fit = False
        self.zoom = zoom
        self.clamp_center()

    def fit_zoom(self) -> float:
        """The zoom at which the whole photo just fits the first pane."""
        size = self.image_size
        if size is None:
            return 1.0
        pane = self.panes()[0]
        fit = min(pane.width() / size[0], pane.height() / size[1])
        return max(fit, 1e-4) * self.device_pixel_ratio

    def bounded_zoom(self, zoom: float) -> float:
        """``zoom`` kept between half the fit (or 50 %) and 3200 % (or the fit, if larger)."""
        fit = self.fit_zoom()
        lowest = min(fit, 1.0) / 2.0
        highest = max(fit, MAX_ZOOM)
        return min(highest, max(lowest, zoom))

    def clamp_center(self) -> None:
        """Keep the view centre on the photo; centre the photo when it fits whole."""
        # Loose bounds: the view centre stays on the photo, so the photo never leaves the view
        # and zooming in around any point of it is exact.
        size = self.image_size
        if size is None:
            return
        if self.zoom <= self.fit_zoom() * _FIT_TOLERANCE:
            self.center = QPointF(size[0] / 2.0, size[1] / 2.0)
            return
        self.center = QPointF(
            min(float(size[0]), max(0.0, self.center.x())),
            min(float(size[1]), max(0.0, self.center.y())),
        )

    def pannable(self) -> bool:
        """True when part of the photo is out of view, so a drag can move it."""
        return self.image_size is not None and self.zoom > self.fit_zoom() * _FIT_TOLERANCE

    # ------------------------------------------------------------------ geometry

    def panes(self) -> list[QRectF]:
        """Viewport rectangles in widget coordinates: two in side mode, otherwise one."""
        w, h = self.width, self.height
        if self.mode == "side":
            half = max(1.0, (w - SIDE_GAP) / 2.0)
            return [QRectF(0.0, 0.0, half, h), QRectF(w - half, 0.0, half, h)]
        return [QRectF(0.0, 0.0, w, h)]

    def pane_at(self, pos: QPointF) -> QRectF:
        """The pane that widget position ``pos`` belongs to."""
        panes = self.panes()
        if len(panes) == 2 and pos.x() >= self.width / 2.0:
            return panes[1]
        return panes[0]

    def scale(self) -> float:
        """Logical widget pixels per reference-image pixel."""
        return self.zoom / self.device_pixel_ratio

    def to_image(self, pos: QPointF, pane: QRectF) -> QPointF:
        """The image point shown at widget position ``pos`` of ``pane``."""
        return self.center + (pos - pane.center()) / self.scale()

    def map_to_image(self, pos: QPointF) -> QPointF:
        """The reference-image point shown at widget position ``pos``."""
        pos = QPointF(pos)
        return self.to_image(pos, self.pane_at(pos))

    def map_from_image(self, point: QPointF, pane_index: int = 0) -> QPointF:
        """Where image ``point`` appears in the widget (in pane 0 or, side mode, 1)."""
        panes = self.panes()
        pane = panes[min(pane_index, len(panes) - 1)]
        return pane.center() + (QPointF(point) - self.center) * self.scale()

    def photo_rect(self, pane: QRectF) -> QRectF:
        """Where the whole photo lies in widget coordinates when shown in ``pane``."""
        size = self.image_size
        if size is None:
            return QRectF()
        scale = self.scale()
        origin = pane.center() - self.center * scale
        return QRectF(origin.x(), origin.y(), size[0] * scale, size[1] * scale)

    # ------------------------------------------------------------------ divider handle

    def divider_x(self) -> float:
        """The divider's widget x coordinate."""
        return self.divider * self.width

    def handle_span(self) -> tuple[float, float]:
        """Top and bottom of the divider line: the visible height of the photo."""
        pane = self.panes()[0]
        visible = self.photo_rect(pane).intersected(pane)
        if visible.height() < 4 * KNOB_RADIUS:
            return pane.top(), pane.bottom()
        return visible.top(), visible.bottom()

    def knob_center(self) -> QPointF:
        """Centre of the divider's round knob, kept whole inside the widget."""
        x = min(max(self.divider_x(), KNOB_RADIUS), self.width - KNOB_RADIUS)
        top, bottom = self.handle_span()
        return QPointF(x, (top + bottom) / 2.0)

    def over_handle(self, pos: QPointF) -> bool:
        """True when ``pos`` is on the divider line or its knob (whether or not one is shown)."""
        if abs(pos.x() - self.divider_x()) <= HANDLE_HIT_PX:
            return True
        knob = self.knob_center()
        return math.hypot(pos.x() - knob.x(), pos.y() - knob.y()) <= KNOB_RADIUS + 3
