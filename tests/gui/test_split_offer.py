"""The scan-split offer in the window (issue 11, "In the app"): a scan with several prints is
offered the split, with outlines whose corners can be dragged; ordinary photos are not."""

from __future__ import annotations

import math
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from luxcanvas.domain.errors import InvalidInput
from luxcanvas.gui.split_offer import CROP, SPLIT, is_oversized_photo, offer_kind
from tests.conftest import FIXTURES
from tests.gui.conftest import WAIT_MS, drop_files
from tests.scanbed_gen import render_scan

DPI = 120  # an A4 scan of 992 x 1403: quick to make, detect and cut


@pytest.fixture(scope="module")
def three_prints() -> Image.Image:
    scan, layout = render_scan(101, count=3, dpi=DPI)
    assert len(layout.prints) == 3
    return scan


@pytest.fixture
def scan_path(tmp_path: Path, three_prints: Image.Image) -> Path:
    path = tmp_path / "shoebox.png"
    three_prints.save(path, dpi=(DPI, DPI))
    return path


def open_and_wait(qtbot, window, path: Path) -> None:
    window.open_paths([str(path)])
    ctl = window.split_ctl
    qtbot.waitUntil(lambda: ctl.looked_at(path.resolve()), timeout=WAIT_MS)


def drag(canvas, start: QPointF, end: QPointF, steps: int = 4) -> None:
    """A left-button drag on the canvas, as the mouse sends it."""
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    mods = Qt.KeyboardModifier.NoModifier
    press = QMouseEvent(
        QEvent.Type.MouseButtonPress, start, canvas.mapToGlobal(start), left, left, mods
    )
    QApplication.sendEvent(canvas, press)
    for i in range(1, steps + 1):
        t = i / steps
        point = start + (end - start) * t
        at = canvas.mapToGlobal(point)
        move = QMouseEvent(QEvent.Type.MouseMove, point, at, none, left, mods)
        QApplication.sendEvent(canvas, move)
    release = QMouseEvent(
        QEvent.Type.MouseButtonRelease, end, canvas.mapToGlobal(end), left, none, mods
    )
    QApplication.sendEvent(canvas, release)


def test_a_scan_with_three_prints_offers_the_split_with_numbered_outlines(
    make_window, qtbot, scan_path
):
    window = make_window()
    drop_files(window, [scan_path])  # as a file manager drops it
    ctl, bar = window.split_ctl, window.split_bar
    assert not ctl.is_open()  # the photo shows first; the prints are looked for in a worker
    qtbot.waitUntil(lambda: ctl.looked_at(scan_path.resolve()), timeout=WAIT_MS)
    assert ctl.offer_path == scan_path.resolve()
    assert bar.isVisible()
    assert bar.text.text().startswith("Split into 3 photos?")
    assert bar.accept_button.text() == "Split" and bar.dismiss_button.text() == "Not now"
    overlay = window.canvas.overlay()
    assert overlay is ctl.overlay and len(overlay.outlines) == 3
    # The outlines lie on the photo the canvas shows: every corner inside its frame.
    width, height = window.current_photo().image.width(), window.current_photo().image.height()
    assert all(0 <= x <= width and 0 <= y <= height for o in overlay.outlines for x, y in o)
    # The outline is painted: the canvas differs where print 1's edge runs with and without it.
    before = window.canvas.grab().toImage()
    window.canvas.set_overlay(None)
    without = window.canvas.grab().toImage()
    window.canvas.set_overlay(overlay)
    (x0, y0), (x1, y1) = overlay.outlines[0][0], overlay.outlines[0][1]
    mid = window.canvas.map_from_image(QPointF((x0 + x1) / 2, (y0 + y1) / 2)).toPoint()
    ratio = before.devicePixelRatio()
    at = mid * ratio
    assert before.pixelColor(at) != without.pixelColor(at)


def test_ordinary_photos_and_a_bomb_get_no_offer(make_window, qtbot):
    window = make_window()
    ctl = window.split_ctl
    paths = [
        p
        for folder in ("photos", "damaged", "odd")
        for p in sorted((FIXTURES / folder).iterdir())
        if p.is_file()
    ]
    paths.append(FIXTURES / "bad" / "bomb_40000x40000.png")
    assert len(paths) > 20
    window.open_paths([str(p) for p in paths])
    for path in paths:
        path = path.resolve()
        window.photos_ctl.set_current(path)
        qtbot.waitUntil(
            lambda path=path: ctl.looked_at(path) or window.photos[path].error is not None,
            timeout=WAIT_MS,
        )
        if window.photos[path].error is not None:  # the bomb: too large even for a scan
            qtbot.waitUntil(lambda path=path: ctl.looked_at(path), timeout=WAIT_MS)
        assert not ctl.is_open(), path.name
        assert not window.split_bar.isVisible()
        assert window.canvas.overlay() is None


def test_dragging_a_corner_changes_the_corner_the_split_cuts(make_window, qtbot, scan_path):
    window = make_window()
    qtbot.waitExposed(window)
    open_and_wait(qtbot, window, scan_path)
    ctl, canvas = window.split_ctl, window.canvas
    found = window.split_ctl.detections[scan_path.resolve()].layout.prints[0]
    overlay = ctl.overlay
    corner = QPointF(*overlay.outlines[0][0])  # the first print's top-left corner
    start = canvas.map_from_image(corner)
    end = start + QPointF(25.0, 20.0)  # drag it down and right, into the print
    drag(canvas, start, end)
    moved = canvas.map_to_image(end)
    assert overlay.corrected() == [0]
    assert overlay.outlines[0][0] == pytest.approx((moved.x(), moved.y()), abs=0.01)
    prints = ctl.prints_to_cut()
    assert prints[1:] == list(ctl.detections[scan_path.resolve()].layout.prints[1:])
    x, y = prints[0].corners[0]
    assert math.hypot(x - found.corners[0][0], y - found.corners[0][1]) > 10
    assert prints[0].corners[1:] == found.corners[1:]
    with qtbot.waitSignal(ctl.splitDone, timeout=WAIT_MS) as done:
        window.split_bar.accept_button.click()
    first = Image.open(done.args[0][0])
    # The cut follows the corrected corners: the print came out smaller than found.
    assert first.size == pytest.approx(prints[0].size, abs=2)
    assert first.width < found.size[0] - 5 or first.height < found.size[1] - 5


def test_split_adds_each_print_to_the_list_and_shows_the_first(make_window, qtbot, scan_path):
    window = make_window()
    open_and_wait(qtbot, window, scan_path)
    ctl = window.split_ctl
    with qtbot.waitSignal(ctl.splitDone, timeout=WAIT_MS) as done:
        window.split_bar.accept_button.click()
    written = done.args[0]
    names = [f"shoebox.{i}.png" for i in (1, 2, 3)]
    assert [p.name for p in written] == names
    assert all((scan_path.parent / name).is_file() for name in names)
    listed = [Path(p).name for p in window.photos]
    assert listed == ["shoebox.png", *names]  # the scan stays in the list
    assert window.photos_ctl.current.name == "shoebox.1.png"
    assert not ctl.is_open() and window.canvas.overlay() is None
    assert "split into 3 photos" in window.statusBar().currentMessage()
    # The prints are not scans to split again.
    first = window.photos_ctl.current
    qtbot.waitUntil(lambda: ctl.looked_at(first), timeout=WAIT_MS)
    assert not ctl.is_open()


def test_not_now_hides_the_offer_until_asked_from_the_menu(make_window, qtbot, scan_path):
    window = make_window()
    open_and_wait(qtbot, window, scan_path)
    ctl = window.split_ctl
    window.split_bar.dismiss_button.click()
    assert not ctl.is_open() and not window.split_bar.isVisible()
    assert window.canvas.overlay() is None
    # Away and back: still dismissed.
    other = FIXTURES / "photos" / "camera.png"
    open_and_wait(qtbot, window, other)
    window.photos_ctl.set_current(scan_path.resolve())
    assert not ctl.is_open()
    # Photo → Split scan into photos… opens it again.
    action = window.named_actions["splitScanAction"]
    assert action.shortcut().toString() == "S"
    action.trigger()
    assert ctl.offer_path == scan_path.resolve() and window.split_bar.isVisible()
    assert len(window.canvas.overlay().outlines) == 3


def test_escape_is_not_now_and_then_cancels_jobs_again(make_window, qtbot, scan_path):
    window = make_window()
    qtbot.waitExposed(window)
    open_and_wait(qtbot, window, scan_path)
    window.activateWindow()
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)
    assert not window.split_ctl.is_open()
    assert not window.split_bar.isVisible()
    cancelled = []
    window.jobs_ctl.cancel_current = lambda: cancelled.append(True)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)
    assert cancelled == [True]  # with no offer open, Esc cancels the photo's jobs as before


def test_the_menu_says_when_a_photo_is_no_scan(make_window, qtbot):
    window = make_window()
    photo = FIXTURES / "photos" / "chelsea.png"
    open_and_wait(qtbot, window, photo)
    window.named_actions["splitScanAction"].trigger()
    assert not window.split_ctl.is_open()
    assert "looks like one photo" in window.statusBar().currentMessage()


def test_one_print_on_a_large_bed_is_offered_a_crop(make_window, qtbot, tmp_path):
    scan, _ = render_scan(5, count=1, dpi=DPI)
    path = tmp_path / "single.png"
    scan.save(path)
    window = make_window()
    open_and_wait(qtbot, window, path)
    bar = window.split_bar
    assert window.split_ctl.is_open()
    assert bar.kind == CROP and bar.accept_button.text() == "Crop"
    assert bar.text.text().startswith("Crop to the print?")
    with qtbot.waitSignal(window.split_ctl.splitDone, timeout=WAIT_MS) as done:
        bar.accept_button.click()
    assert [p.name for p in done.args[0]] == ["single.1.png"]
    assert "cropped to its print" in window.statusBar().currentMessage()


def test_an_unwritable_folder_says_where_and_keeps_the_offer(
    make_window, qtbot, scan_path, monkeypatch
):
    import luxcanvas.app.split as split

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(split, "export_image", refuse)
    window = make_window()
    open_and_wait(qtbot, window, scan_path)
    window.split_bar.accept_button.click()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=WAIT_MS)
    text = window.banner.text()
    assert text.startswith("shoebox.png: The prints cannot be written in")
    assert str(scan_path.parent) in text and "read-only" in text
    assert window.split_ctl.is_open() and window.split_bar.accept_button.isEnabled()
    assert [Path(p).name for p in window.photos] == ["shoebox.png"]


def test_a_scan_too_large_for_a_photo_is_offered_the_split(
    make_window, qtbot, scan_path, monkeypatch
):
    """Over the 100 MP photo limit the photo cannot open (simulated here: a 140 MP scan is
    too slow to make in a test); the split reads it within the scan limit instead."""
    import luxcanvas.gui.photos as photos

    def too_large(path, *args, **kwargs):
        raise InvalidInput(f"{Path(path).name} has too many pixels.", reason="too_large")

    monkeypatch.setattr(photos, "decode_photo", too_large)
    monkeypatch.setattr(photos, "decode_preview", too_large)
    window = make_window()
    open_and_wait(qtbot, window, scan_path)
    ctl, bar = window.split_ctl, window.split_bar
    assert ctl.is_open()
    assert bar.text.text().startswith("This scan is too large to restore as one photo (1 MP).")
    assert "Split into 3 photos?" in bar.text.text()
    assert window.current_photo().image is None  # it still cannot be restored
    assert window.canvas.has_image()  # but its preview shows the outlines
    assert not window.banner.isVisible()  # "too many pixels" gave way to the offer
    with qtbot.waitSignal(ctl.splitDone, timeout=WAIT_MS) as done:
        bar.accept_button.click()
    assert len(done.args[0]) == 3 and all(p.is_file() for p in done.args[0])


def test_what_is_offered_for_what_was_found():
    def layout(prints: int, offers: bool):
        return SimpleNamespace(prints=(object(),) * prints, offers_split=offers)

    assert offer_kind(layout(3, True)) == SPLIT
    assert offer_kind(layout(1, True)) == CROP
    assert offer_kind(layout(1, False)) is None  # an ordinary photo
    assert offer_kind(layout(0, False)) is None
    assert offer_kind(None) is None  # a print LuxCanvas cut out already
    assert is_oversized_photo(InvalidInput("big", reason="too_large"))
    assert not is_oversized_photo(InvalidInput("bad", reason="damaged"))
    assert not is_oversized_photo(None)


def test_the_offer_in_spanish(make_window, qtbot, scan_path):
    from luxcanvas.gui.app import language_manager

    window = make_window()
    open_and_wait(qtbot, window, scan_path)
    language_manager(QApplication.instance()).apply("es")
    qtbot.waitUntil(lambda: window.split_bar.dismiss_button.text() == "Ahora no", timeout=WAIT_MS)
    assert window.split_bar.accept_button.text() == "Dividir"
    assert window.split_bar.text.text().startswith("¿Dividir en 3 fotos?")
    action = window.named_actions["splitScanAction"]
    assert action.text() == "Dividir el escaneo en fotos…"


def test_off_the_handles_the_canvas_still_pans_and_side_by_side_drags_corners(
    make_window, qtbot, scan_path
):
    window = make_window()
    qtbot.waitExposed(window)
    open_and_wait(qtbot, window, scan_path)
    canvas, overlay = window.canvas, window.split_ctl.overlay
    outlines = [list(o) for o in overlay.outlines]
    canvas.zoom_actual()  # bigger than the view: a drag off the handles pans
    centre = QPointF(canvas.width() / 2, canvas.height() / 2)
    seen = canvas.map_to_image(centre)
    assert overlay.handle_at(seen, canvas.zoom()) is None
    drag(canvas, centre, centre + QPointF(40, 30))
    assert canvas.map_to_image(centre) != seen  # panned
    assert overlay.outlines == outlines  # and no corner moved
    # Side by side: the outlines are on both panes; a corner drags from the right one too.
    canvas.set_mode("side")
    canvas.zoom_fit()
    corner = QPointF(*overlay.outlines[1][1])
    start = canvas.map_from_image(corner, pane_index=1)
    assert start.x() > canvas.width() / 2
    drag(canvas, start, start + QPointF(-15, 10))
    assert overlay.corrected() == [1]
    assert canvas.mode() == "side"
