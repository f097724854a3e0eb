"""The compare canvas's view state on its own: zoom, pan, modes and divider, with no widget
and no painting (only Qt's point and rectangle value types)."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPointF, QRectF

from luxcanvas.gui.canvas_view import KNOB_RADIUS, MAX_ZOOM, MODES, SIDE_GAP, CanvasView

WIDTH, HEIGHT = 400.0, 300.0


def make_view(
    image: tuple[int, int] | None = (800, 600),
    width: float = WIDTH,
    height: float = HEIGHT,
    dpr: float = 1.0,
) -> CanvasView:
    view = CanvasView()
    view.set_viewport(width, height, dpr)
    view.set_image_size(image)
    return view


def distance(a: QPointF, b: QPointF) -> float:
    return math.hypot(a.x() - b.x(), a.y() - b.y())


# ---------------------------------------------------------------- fit


@pytest.mark.parametrize(
    ("image", "zoom", "photo"),
    [
        ((800, 600), 0.5, QRectF(0, 0, 400, 300)),  # same shape: fills the view
        ((800, 400), 0.5, QRectF(0, 50, 400, 200)),  # wider: bands above and below
        ((300, 600), 0.5, QRectF(125, 0, 150, 300)),  # taller: bands left and right
        ((100, 75), 4.0, QRectF(0, 0, 400, 300)),  # small photos are enlarged to fit
    ],
)
def test_fit_shows_the_whole_photo_centred(
    image: tuple[int, int], zoom: float, photo: QRectF
) -> None:
    view = make_view(image)
    assert view.fit and view.zoom == pytest.approx(zoom)
    assert view.center == QPointF(image[0] / 2, image[1] / 2)
    assert view.photo_rect(view.panes()[0]) == photo
    assert not view.pannable()


def test_zoom_counts_device_pixels_on_a_high_dpi_screen() -> None:
    view = make_view((800, 600), dpr=2.0)
    assert view.zoom == pytest.approx(1.0)  # 400 logical px = 800 device px for 800 photo px
    assert view.scale() == pytest.approx(0.5)
    assert view.photo_rect(view.panes()[0]) == QRectF(0, 0, 400, 300)


def test_fit_follows_the_viewport_until_the_user_zooms() -> None:
    view = make_view((800, 400))
    view.set_viewport(800, 300)
    view.follow_viewport()
    assert view.zoom == pytest.approx(0.75)  # now height-limited
    assert view.zoom_to(1.0)
    view.set_viewport(WIDTH, HEIGHT)
    view.follow_viewport()
    assert not view.fit and view.zoom == pytest.approx(1.0)
    view.zoom_fit()
    assert view.fit and view.zoom == pytest.approx(0.5)


def test_a_new_image_size_fits_again_but_the_same_size_keeps_the_view() -> None:
    view = make_view((800, 600))
    view.zoom_to(2.0)
    view.set_image_size((800, 600))  # e.g. the same photo decoded again
    assert view.zoom == pytest.approx(2.0)
    view.set_image_size((1600, 1200))
    assert view.fit and view.zoom == pytest.approx(0.25)


# ---------------------------------------------------------------- zoom


@pytest.mark.parametrize("mode", ["split", "side"])
@pytest.mark.parametrize("anchor", [QPointF(50, 60), QPointF(300, 250), QPointF(390, 10)])
@pytest.mark.parametrize("factor", [3.0, 1.25, 0.8])
def test_zoom_at_keeps_the_photo_point_under_the_anchor(
    mode: str, anchor: QPointF, factor: float
) -> None:
    view = make_view((1600, 1200))
    view.set_mode(mode)
    view.zoom_at(4.0, QPointF(200, 150))  # start zoomed in, so zooming out stays above fit
    pane = 1 if mode == "side" and anchor.x() >= WIDTH / 2 else 0
    before = view.map_to_image(anchor)
    assert view.zoom_at(factor, anchor)
    assert distance(view.map_to_image(anchor), before) < 1e-6
    assert distance(view.map_from_image(before, pane), anchor) < 1e-6


def test_zoom_is_bounded() -> None:
    view = make_view((800, 600))  # fit = 0.5
    view.zoom_to(1000.0)
    assert view.zoom == MAX_ZOOM
    view.zoom_to(0.001)
    assert view.zoom == pytest.approx(0.25)  # half the fit
    assert not view.zoom_at(0.5, QPointF(10, 10))  # already at the lower bound
    tiny = make_view((40, 30))  # fit = 10: enlarged, yet 100 % stays reachable
    tiny.zoom_to(0.01)
    assert tiny.zoom == pytest.approx(0.5)
    huge = make_view((8, 6))  # fit = 50, beyond the usual maximum: still reachable
    huge.zoom_to(1000.0)
    assert huge.zoom == pytest.approx(50.0)


def test_zoom_in_and_out_step_through_presets_around_the_centre() -> None:
    view = make_view((1600, 1200))  # fit = 0.25
    view.zoom_to(1.0)
    centre = view.center
    view.zoom_in()
    assert view.zoom == pytest.approx(1.5)
    view.zoom_in()
    assert view.zoom == pytest.approx(2.0)
    view.zoom_out()
    view.zoom_out()
    view.zoom_out()
    assert view.zoom == pytest.approx(2 / 3)
    assert distance(view.center, centre) < 1e-9


def test_without_an_image_nothing_zooms_or_pans() -> None:
    view = make_view(None)
    assert view.fit_zoom() == 1.0
    assert not view.zoom_in()
    assert not view.zoom_at(2.0, QPointF(10, 10))
    assert not view.pan_by(10, 10)
    assert not view.pannable()
    assert view.photo_rect(view.panes()[0]).isNull()


# ---------------------------------------------------------------- pan and clamping


def test_panning_moves_the_photo_with_the_hand() -> None:
    view = make_view((1600, 1200))
    view.zoom_to(1.0)
    grabbed = view.map_to_image(QPointF(100, 100))
    assert view.pan_by(30, -20)
    assert distance(view.map_to_image(QPointF(130, 80)), grabbed) < 1e-9
    assert not view.fit


def test_a_fitted_photo_cannot_be_panned() -> None:
    view = make_view((800, 600))
    assert not view.pan_by(100, 50)
    assert view.center == QPointF(400, 300)
    assert view.fit


def test_the_centre_stays_on_the_photo() -> None:
    view = make_view((1600, 1200))
    view.zoom_to(1.0)
    view.pan_by(10_000, 10_000)
    assert view.center == QPointF(0, 0)  # the photo's corner, still in the middle of the view
    view.pan_by(-50_000, -50_000)
    assert view.center == QPointF(1600, 1200)
    view.zoom_to(0.1)  # zoomed out below fit: the photo is simply centred
    assert view.center == QPointF(800, 600)


# ---------------------------------------------------------------- modes, flip, divider


def test_side_mode_has_two_equal_panes_that_show_the_same_place() -> None:
    view = make_view((800, 600))
    assert view.set_mode("side")
    left, right = view.panes()
    half = (WIDTH - SIDE_GAP) / 2
    assert left == QRectF(0, 0, half, HEIGHT) and right == QRectF(WIDTH - half, 0, half, HEIGHT)
    assert view.zoom == pytest.approx(half / 800)  # refitted to the narrower pane
    point = QPointF(123, 456)
    offset = view.map_from_image(point, 1) - view.map_from_image(point, 0)
    assert offset == QPointF(WIDTH - half, 0)
    assert view.pane_at(QPointF(WIDTH * 0.75, 10)) == right


def test_mode_changes_keep_a_chosen_zoom() -> None:
    view = make_view((1600, 1200))
    view.zoom_to(2.0)
    assert view.set_mode("original")
    assert not view.set_mode("original")  # already there
    assert view.zoom == pytest.approx(2.0) and not view.fit
    with pytest.raises(ValueError):
        view.set_mode("blend")
    assert view.mode == "original"


def test_flip_swaps_sides_or_switches_photo() -> None:
    view = make_view()
    for mode in ("split", "side"):
        view.set_mode(mode)
        view.flip()
        assert view.swapped and view.mode == mode
        view.flip()
        assert not view.swapped
    view.set_mode("original")
    view.flip()
    assert view.mode == "result"
    view.flip()
    assert view.mode == "original"
    view.set_mode("changes")  # the result under the Changes overlay: flip shows the original
    view.flip()
    assert view.mode == "original"
    assert set(MODES) == {"split", "side", "original", "result", "changes"}


def test_divider_stays_within_the_width() -> None:
    view = make_view()
    assert view.divider == 0.5 and view.divider_x() == pytest.approx(WIDTH / 2)
    assert view.set_divider(0.25)
    assert not view.set_divider(0.25)
    assert view.set_divider(-3)
    assert view.divider == 0.0
    assert view.set_divider(7)
    assert view.divider == 1.0 and view.divider_x() == pytest.approx(WIDTH)


def test_divider_handle_is_grabbable_on_its_line_and_knob() -> None:
    view = make_view((800, 400))  # photo from y = 50 to 250
    assert view.handle_span() == (50, 250)
    knob = view.knob_center()
    assert knob == QPointF(WIDTH / 2, 150)
    assert view.over_handle(QPointF(WIDTH / 2 + 5, 10))  # anywhere along the line
    assert view.over_handle(knob + QPointF(KNOB_RADIUS, 0))  # the knob's edge
    assert not view.over_handle(QPointF(WIDTH / 2 + 30, 150))
    view.set_divider(1.0)
    assert view.knob_center().x() == WIDTH - KNOB_RADIUS  # the knob stays whole in view
