"""The compare canvas, driven like a user: wheel, drags, keys, and what ends up on screen."""

from __future__ import annotations

import math
from contextlib import nullcontext

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QPalette,
    QPointingDevice,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication

from luxcanvas.gui.canvas import CompareCanvas

RED = QColor(220, 30, 30)
BLUE = QColor(30, 60, 220)
GREEN = QColor(30, 200, 60)
YELLOW = QColor(240, 220, 20)
WIDTH, HEIGHT = 400, 300


# ---------------------------------------------------------------- helpers


def solid(width: int, height: int, color: QColor) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB888)
    image.fill(color)
    return image


def halves(width: int, height: int, left: QColor, right: QColor) -> QImage:
    """An image whose left half is one colour and right half another."""
    image = solid(width, height, right)
    painter = QPainter(image)
    painter.fillRect(0, 0, width // 2, height, left)
    painter.end()
    return image


def with_marker(width: int, height: int, at: QPoint, size: int = 8) -> QImage:
    """A grey image with a red square of ``size`` px centred on ``at``."""
    image = solid(width, height, QColor(128, 128, 128))
    painter = QPainter(image)
    painter.fillRect(at.x() - size // 2, at.y() - size // 2, size, size, RED)
    painter.end()
    return image


def close(a: QColor, b: QColor, tol: int = 12) -> bool:
    pairs = ((a.red(), b.red()), (a.green(), b.green()), (a.blue(), b.blue()))
    return all(abs(x - y) <= tol for x, y in pairs)


def pixel(canvas: CompareCanvas, x: float, y: float) -> QColor:
    return canvas.grab().toImage().pixelColor(int(x), int(y))


def distance(a: QPointF, b: QPointF) -> float:
    return math.hypot(a.x() - b.x(), a.y() - b.y())


def wheel(canvas: CompareCanvas, pos: QPointF, angle_y: int = 0, pixel_y: int = 0) -> None:
    event = QWheelEvent(
        QPointF(pos),
        canvas.mapToGlobal(QPointF(pos)),
        QPoint(0, pixel_y),
        QPoint(0, angle_y),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(canvas, event)


def mouse(
    canvas: CompareCanvas,
    kind: QEvent.Type,
    pos: QPointF,
    button: Qt.MouseButton = Qt.MouseButton.LeftButton,
) -> None:
    held = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else button
    if kind == QEvent.Type.MouseMove:
        button = Qt.MouseButton.NoButton
    event = QMouseEvent(
        kind,
        QPointF(pos),
        canvas.mapToGlobal(QPointF(pos)),
        button,
        held,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(canvas, event)


def drag(canvas: CompareCanvas, start: QPointF, end: QPointF, steps: int = 4) -> None:
    mouse(canvas, QEvent.Type.MouseButtonPress, start)
    for i in range(1, steps + 1):
        t = i / steps
        point = QPointF(
            start.x() + (end.x() - start.x()) * t, start.y() + (end.y() - start.y()) * t
        )
        event = QMouseEvent(
            QEvent.Type.MouseMove,
            point,
            canvas.mapToGlobal(point),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(canvas, event)
    mouse(canvas, QEvent.Type.MouseButtonRelease, end)


@pytest.fixture
def canvas(qtbot) -> CompareCanvas:
    widget = CompareCanvas()
    qtbot.addWidget(widget)
    widget.resize(WIDTH, HEIGHT)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


# ---------------------------------------------------------------- identity and empty state


def test_identity_focus_and_empty_state(canvas: CompareCanvas) -> None:
    assert canvas.objectName() == "canvas"
    assert canvas.accessibleName() == "Photo canvas"
    assert canvas.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert not canvas.has_image()
    blank = canvas.grab().toImage()
    canvas.set_placeholder("Drop a photo here, or press Ctrl+O")
    with_text = canvas.grab().toImage()
    assert with_text != blank  # the empty-state text is painted
    canvas.zoom_in()
    canvas.pan_by(30, 30)  # nothing to zoom or pan; must not fail
    assert not canvas.has_image()


def test_background_is_neutral_dark_in_light_and_dark_palettes(canvas: CompareCanvas) -> None:
    canvas.set_original(solid(100, 300, RED))  # narrow photo: grey margins left and right
    for window_colour in (QColor(240, 240, 240), QColor(45, 45, 45)):
        palette = canvas.palette()
        palette.setColor(QPalette.ColorRole.Window, window_colour)
        canvas.setPalette(palette)
        margin = pixel(canvas, 5, HEIGHT / 2)
        assert margin.red() == margin.green() == margin.blue()
        assert margin.red() < 100


# ---------------------------------------------------------------- zoom


def test_zoom_fit_fits_a_photo_of_any_shape_and_zoom_actual_is_100(
    canvas: CompareCanvas, qtbot
) -> None:
    canvas.set_original(solid(800, 400, RED))  # 2:1 in a 4:3 widget: letterboxed
    canvas.set_result(solid(200, 100, BLUE))
    canvas.set_mode("original")
    assert canvas.zoom() == pytest.approx(0.5)  # 400 / 800
    top_left = canvas.map_from_image(QPointF(0, 0))
    bottom_right = canvas.map_from_image(QPointF(800, 400))
    assert top_left.x() == pytest.approx(0) and bottom_right.x() == pytest.approx(WIDTH)
    assert top_left.y() == pytest.approx(50) and bottom_right.y() == pytest.approx(250)
    assert close(pixel(canvas, 3, HEIGHT / 2), RED)
    assert close(pixel(canvas, WIDTH - 3, HEIGHT / 2), RED)
    assert not close(pixel(canvas, WIDTH / 2, 20), RED)  # band above the photo

    with qtbot.waitSignal(canvas.zoomChanged) as blocker:
        canvas.zoom_actual()
    assert blocker.args == [pytest.approx(1.0)]
    assert canvas.zoom() == pytest.approx(1.0)
    canvas.zoom_in()
    assert canvas.zoom() > 1.0
    canvas.zoom_out()
    canvas.zoom_out()
    assert canvas.zoom() < 1.0
    canvas.zoom_fit()
    assert canvas.zoom() == pytest.approx(0.5)


def test_fit_view_stays_fit_after_resize_but_a_chosen_zoom_does_not(
    canvas: CompareCanvas,
) -> None:
    canvas.set_original(solid(800, 400, RED))
    canvas.resize(800, 300)
    assert canvas.zoom() == pytest.approx(0.75)  # now height-limited: 300 / 400
    canvas.zoom_actual()
    canvas.resize(WIDTH, HEIGHT)
    assert canvas.zoom() == pytest.approx(1.0)


def test_new_photo_of_another_size_resets_to_fit(canvas: CompareCanvas) -> None:
    canvas.set_original(solid(800, 600, RED))
    canvas.zoom_actual()
    canvas.set_original(solid(800, 600, BLUE))  # same size (e.g. re-decoded): view kept
    assert canvas.zoom() == pytest.approx(1.0)
    canvas.set_result(solid(400, 300, GREEN))  # a result never moves the view
    assert canvas.zoom() == pytest.approx(1.0)
    canvas.set_original(solid(1600, 1200, RED))
    assert canvas.zoom() == pytest.approx(0.25)


def test_a_canvas_sized_before_it_is_shown_fits_that_size(qtbot) -> None:
    widget = CompareCanvas()
    qtbot.addWidget(widget)
    widget.resize(WIDTH, HEIGHT)
    widget.set_original(solid(800, 600, RED))  # e.g. a photo opened before the window shows
    assert widget.zoom() == pytest.approx(0.5)
    assert widget.map_from_image(QPointF(800, 600)) == QPointF(WIDTH, HEIGHT)


@pytest.mark.parametrize(
    ("angle", "pixels"), [(120, 0), (0, 90), (-120, 0)], ids=["wheel-in", "trackpad-in", "out"]
)
def test_wheel_zooms_around_the_cursor(canvas: CompareCanvas, angle: int, pixels: int) -> None:
    marker = QPoint(600, 150)
    canvas.set_original(with_marker(800, 600, marker))
    cursor = canvas.map_from_image(QPointF(marker))
    canvas.zoom_at(3.0, cursor)  # zoomed in, so zooming out stays above fit
    start = canvas.zoom()
    for _ in range(3):
        wheel(canvas, cursor, angle_y=angle, pixel_y=pixels)
    assert (canvas.zoom() > start) == (angle + pixels > 0)
    assert canvas.zoom() != pytest.approx(start)
    assert distance(canvas.map_from_image(QPointF(marker)), cursor) <= 1.0
    assert close(pixel(canvas, cursor.x(), cursor.y()), RED)  # still under the pointer


def test_pinch_gesture_zooms_around_the_fingers(canvas: CompareCanvas) -> None:
    canvas.set_original(with_marker(800, 600, QPoint(200, 450)))
    at = canvas.map_from_image(QPointF(200, 450))
    event = QNativeGestureEvent(
        Qt.NativeGestureType.ZoomNativeGesture,
        QPointingDevice.primaryPointingDevice(),
        2,
        at,
        at,
        canvas.mapToGlobal(at),
        0.5,
        QPointF(),
    )
    QApplication.sendEvent(canvas, event)
    assert canvas.zoom() == pytest.approx(0.5 * 1.5)
    assert distance(canvas.map_from_image(QPointF(200, 450)), at) <= 1.0


def test_double_click_toggles_fit_and_100(canvas: CompareCanvas) -> None:
    canvas.set_original(solid(1600, 1200, RED))
    where = QPointF(100, 100)
    image_point = canvas.map_to_image(where)
    mouse(canvas, QEvent.Type.MouseButtonDblClick, where)
    assert canvas.zoom() == pytest.approx(1.0)
    assert distance(canvas.map_from_image(image_point), where) <= 1.0
    mouse(canvas, QEvent.Type.MouseButtonDblClick, where)
    assert canvas.zoom() == pytest.approx(0.25)


# ---------------------------------------------------------------- divider and panning


def test_dragging_the_divider_moves_it_and_the_boundary(canvas: CompareCanvas) -> None:
    canvas.set_original(solid(800, 600, RED))
    canvas.set_result(solid(400, 300, BLUE))
    assert canvas.mode() == "split" and canvas.divider() == pytest.approx(0.5)
    handle = QPointF(WIDTH / 2, HEIGHT / 2)
    mouse(canvas, QEvent.Type.MouseMove, handle)
    assert canvas.cursor().shape() == Qt.CursorShape.SplitHCursor
    zoom_before = canvas.zoom()
    drag(canvas, handle, QPointF(300, HEIGHT / 2))
    assert canvas.divider() == pytest.approx(0.75, abs=0.01)
    assert canvas.zoom() == zoom_before
    assert close(pixel(canvas, 290, 40), RED)  # what was "after" is now "before"
    assert close(pixel(canvas, 310, 40), BLUE)
    mouse(canvas, QEvent.Type.MouseMove, QPointF(60, 60))
    assert canvas.cursor().shape() != Qt.CursorShape.SplitHCursor


def test_dragging_the_photo_pans_and_leaves_the_divider_alone(canvas: CompareCanvas) -> None:
    canvas.set_original(solid(800, 600, RED))
    canvas.set_result(solid(800, 600, BLUE))
    canvas.zoom_actual()
    start, end = QPointF(80, 100), QPointF(130, 140)
    grabbed = canvas.map_to_image(start)
    drag(canvas, start, end)
    assert distance(canvas.map_to_image(end), grabbed) <= 0.5  # the photo followed the hand
    assert canvas.divider() == pytest.approx(0.5)
    assert canvas.zoom() == pytest.approx(1.0)


def test_a_fitted_photo_does_not_slide_away(canvas: CompareCanvas) -> None:
    canvas.set_original(solid(800, 600, RED))
    origin = canvas.map_from_image(QPointF(0, 0))
    drag(canvas, QPointF(50, 50), QPointF(150, 120))
    assert distance(canvas.map_from_image(QPointF(0, 0)), origin) < 1e-6
    canvas.resize(800, 600)
    assert canvas.zoom() == pytest.approx(1.0)  # still fit after the attempted drag


def test_arrow_keys_pan(canvas: CompareCanvas, qtbot) -> None:
    canvas.set_original(solid(1600, 1200, RED))
    canvas.zoom_actual()
    middle = QPointF(WIDTH / 2, HEIGHT / 2)
    before = canvas.map_to_image(middle)
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    after_right = canvas.map_to_image(middle)
    assert after_right.x() > before.x() and after_right.y() == pytest.approx(before.y())
    qtbot.keyClick(canvas, Qt.Key.Key_Up)
    assert canvas.map_to_image(middle).y() < after_right.y()


def test_photo_cannot_be_panned_out_of_sight(canvas: CompareCanvas) -> None:
    canvas.set_original(solid(800, 600, RED))
    canvas.zoom_actual()
    canvas.pan_by(10_000, 10_000)
    assert close(pixel(canvas, WIDTH - 5, HEIGHT - 5), RED)


# ---------------------------------------------------------------- modes and rendering


def test_modes_render_original_and_result_where_expected(canvas: CompareCanvas, qtbot) -> None:
    canvas.set_original(solid(800, 600, RED))
    canvas.set_result(solid(200, 150, BLUE))  # a small preview result
    y = HEIGHT * 0.6  # below the labels, inside the smaller side-by-side photos too
    shots: dict[str, tuple[QColor, QColor]] = {}
    for mode in CompareCanvas.MODES:
        with qtbot.waitSignal(canvas.modeChanged) if mode != "split" else nullcontext():
            canvas.set_mode(mode)
        shots[mode] = (pixel(canvas, WIDTH * 0.25, y), pixel(canvas, WIDTH * 0.75, y))
    assert close(shots["split"][0], RED) and close(shots["split"][1], BLUE)
    assert close(shots["side"][0], RED) and close(shots["side"][1], BLUE)
    assert close(shots["original"][0], RED) and close(shots["original"][1], RED)
    assert close(shots["result"][0], BLUE) and close(shots["result"][1], BLUE)
    with pytest.raises(ValueError):
        canvas.set_mode("blend")


def test_result_of_another_size_lines_up_with_the_original(canvas: CompareCanvas) -> None:
    canvas.set_original(halves(800, 600, RED, GREEN))
    canvas.set_result(halves(200, 150, BLUE, YELLOW))  # same framing, quarter resolution
    canvas.set_mode("result")
    canvas.zoom_actual()  # the seam (original x = 400) is at the centre of the view
    assert close(pixel(canvas, WIDTH / 2 - 3, 200), BLUE)
    assert close(pixel(canvas, WIDTH / 2 + 3, 200), YELLOW)
    canvas.set_mode("original")
    assert close(pixel(canvas, WIDTH / 2 - 3, 200), RED)
    assert close(pixel(canvas, WIDTH / 2 + 3, 200), GREEN)


def test_side_by_side_halves_show_the_same_region_and_pan_together(
    canvas: CompareCanvas,
) -> None:
    marker = QPoint(500, 200)
    canvas.set_original(with_marker(800, 600, marker))
    canvas.set_result(with_marker(400, 300, QPoint(250, 100), size=4))  # same spot, half size
    canvas.set_mode("side")
    canvas.zoom_at(4.0, canvas.map_from_image(QPointF(marker), 0))
    left = canvas.map_from_image(QPointF(marker), 0)
    right = canvas.map_from_image(QPointF(marker), 1)
    assert right.x() - left.x() == pytest.approx(WIDTH / 2, abs=3)
    assert right.y() == pytest.approx(left.y())
    assert close(pixel(canvas, left.x(), left.y()), RED)
    assert close(pixel(canvas, right.x(), right.y()), RED)

    drag(canvas, right, right + QPointF(-40, 25))  # pan the right half...
    moved_left = canvas.map_from_image(QPointF(marker), 0)
    assert moved_left.x() == pytest.approx(left.x() - 40, abs=0.5)  # ...the left one follows
    assert moved_left.y() == pytest.approx(left.y() + 25, abs=0.5)
    assert close(pixel(canvas, moved_left.x(), moved_left.y()), RED)
    moved_right = canvas.map_from_image(QPointF(marker), 1)
    assert close(pixel(canvas, moved_right.x(), moved_right.y()), RED)


def test_flip_toggles_between_original_and_result(canvas: CompareCanvas, qtbot) -> None:
    canvas.set_original(solid(800, 600, RED))
    canvas.set_result(solid(800, 600, BLUE))
    y = HEIGHT * 0.8
    canvas.flip()  # split: sides swap
    assert close(pixel(canvas, WIDTH * 0.25, y), BLUE)
    assert close(pixel(canvas, WIDTH * 0.75, y), RED)
    canvas.flip()
    assert close(pixel(canvas, WIDTH * 0.25, y), RED)

    canvas.set_mode("original")
    with qtbot.waitSignal(canvas.modeChanged) as blocker:
        canvas.flip()
    assert blocker.args == ["result"] and canvas.mode() == "result"
    assert close(pixel(canvas, WIDTH / 2, y), BLUE)
    canvas.flip()
    assert canvas.mode() == "original"
    assert close(pixel(canvas, WIDTH / 2, y), RED)


def test_split_without_a_result_shows_the_whole_original(canvas: CompareCanvas) -> None:
    canvas.set_original(solid(800, 600, RED))
    assert close(pixel(canvas, WIDTH * 0.75, HEIGHT * 0.8), RED)
    drag(canvas, QPointF(WIDTH / 2, HEIGHT / 2), QPointF(50, HEIGHT / 2))
    assert canvas.divider() == pytest.approx(0.5)  # no handle to grab


def test_keyboard_moves_the_divider_with_alt_and_pans_without(canvas: CompareCanvas, qtbot) -> None:
    canvas.set_original(solid(1600, 1200, RED))
    canvas.set_result(solid(1600, 1200, BLUE))
    canvas.zoom_actual()
    middle = QPointF(WIDTH / 2, HEIGHT / 2)
    before = canvas.map_to_image(middle)
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.divider() == pytest.approx(0.5)
    assert canvas.map_to_image(middle).x() > before.x()
    qtbot.keyClick(canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert canvas.divider() > 0.5
