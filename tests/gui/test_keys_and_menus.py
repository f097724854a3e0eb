"""Menus show every command with its keys; Esc, 1–4 and Delete work; the history shows one
version at a time (issue 14, items 5 and 6 in part)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from luxcanvas.gui.actions import ACTIONS
from luxcanvas.store.library import DONE
from tests.conftest import FIXTURES
from tests.fakes.gateway import Scenario
from tests.gui.conftest import WAIT_MS, answer_quit_questions, drop_files, wait_for_photo

PHOTO = FIXTURES / "odd" / "with_exif_gps.jpg"


def _open(qtbot, window) -> None:
    drop_files(window, [PHOTO])
    wait_for_photo(qtbot, window)


def test_every_command_is_in_a_menu_with_its_keys(make_window):
    window = make_window()
    titles = [m.title() for m in window.menuBar().findChildren(type(window.menus["file"]))]
    assert {"&File", "&Edit", "&View", "&Photo"} <= set(titles)
    in_menus = {a.objectName() for m in window.menus.values() for a in m.actions()}
    assert in_menus == {spec.name for spec in ACTIONS}
    assert window.named_actions["modeSideAction"].shortcut().toString() == "2"
    assert window.named_actions["cancelAction"].shortcut().toString() == "Esc"


def test_number_keys_switch_the_compare_mode(make_window, qtbot):
    window = make_window()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.canvas.setFocus()
    qtbot.wait(50)
    for key, mode in ((Qt.Key.Key_2, "side"), (Qt.Key.Key_3, "original"),
                      (Qt.Key.Key_4, "result"), (Qt.Key.Key_1, "split")):  # fmt: skip
        qtbot.keyClick(window.canvas, key)
        assert window.canvas.mode() == mode
        assert window.mode_buttons[mode].isChecked()


def test_escape_cancels_the_running_jobs(gateway, make_window, qtbot):
    gateway.queue("native", Scenario.HANG)
    window = make_window()
    _open(qtbot, window)
    window.picker.select("restore")
    window.run_current()
    qtbot.waitUntil(lambda: gateway.count("native") == 1, timeout=WAIT_MS)
    window.named_actions["cancelAction"].trigger()
    qtbot.waitUntil(lambda: not window.jobs, timeout=WAIT_MS)
    assert window.library.jobs()[0].status == "cancelled"


def test_showing_a_version_replaces_the_selection_and_delete_removes_it(
    make_window, make_job, qtbot, monkeypatch
):
    older = make_job(DONE, input_path=PHOTO, strategy="preview", cost_usd=0.025)
    newer = make_job(DONE, input_path=PHOTO, strategy="restore", cost_usd=0.09)
    window = make_window()
    _open(qtbot, window)
    qtbot.waitUntil(lambda: len(window.history.records) == 2, timeout=WAIT_MS)
    window.show_version(newer.id)
    window.show_version(older.id)
    assert window.history.selected_ids() == [older.id], "one version at a time"
    bold = [window.history.list.item(r).font().bold() for r in range(window.history.list.count())]
    assert bold.count(True) == 1

    asked = answer_quit_questions(monkeypatch, yes=True)  # "Delete this version?" — Yes
    window.history.list.setFocus()
    qtbot.keyClick(window.history.list, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: len(window.history.records) == 1, timeout=WAIT_MS)
    assert [r.id for r in window.history.records] == [newer.id]
    assert len(asked) == 1 and "Delete this version" in asked[0]


@pytest.mark.parametrize(
    ("name", "words"),
    [("html_error_page.jpg", "web page"), ("empty.jpg", "empty (0 bytes)"),
     ("bomb_40000x40000.png", "too many pixels"), ("not_an_image.png", "not a photo"),
     ("truncated.jpg", "damaged or incomplete")],
)  # fmt: skip
def test_a_file_that_cannot_be_opened_says_why(make_window, qtbot, name, words):
    window = make_window()
    drop_files(window, [FIXTURES / "bad" / name])
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=WAIT_MS)
    assert words in window.banner.text() and name in window.banner.text()


def test_flip_shows_whether_it_is_on_and_the_zoom_is_one_control(make_window, qtbot):
    window = make_window()
    bar = window.view_bar
    assert bar.flip_button.isCheckable() and not bar.flip_button.isChecked()
    window.named_actions["flipAction"].trigger()  # F, in split mode: the sides swap
    assert window.canvas.is_flipped() and bar.flip_button.isChecked()
    qtbot.mouseClick(bar.flip_button, Qt.MouseButton.LeftButton)
    assert not window.canvas.is_flipped() and not bar.flip_button.isChecked()
    assert window.findChild(object, "actualSizeButton") is None  # no second "100 %" beside it
    texts = [a.text() for a in bar.zoom_button.menu().actions()]
    assert texts == ["Fit to window (Ctrl+0)", "Actual pixels, 100 % (Ctrl+1)"]


def test_screen_readers_hear_what_the_buttons_and_lists_show(make_window, qtbot):
    window = make_window()
    assert window.run_button.accessibleName() == window.run_button.text()
    assert "$" in window.run_button.accessibleName() or "free" in window.run_button.accessibleName()
    assert window.photo_list.accessibleName() == "Photos"
    assert window.history.list.accessibleName() == "History"


def test_the_offline_card_estimates_from_the_photos_size_and_the_choice_is_in_view(
    make_window, qtbot
):
    window = make_window()
    local = window.picker.cards["local"]
    assert "typically ~4" in local.meta.text()  # no photo yet
    drop_files(window, [FIXTURES / "odd" / "large_24mp.jpg"])
    wait_for_photo(qtbot, window)
    expected = window.catalog.get("local").expected_seconds(24.0)
    assert "for this photo" in local.meta.text() and 10 <= expected <= 16
    window.picker.select("restore")
    qtbot.wait(50)
    card = window.picker.cards["restore"]
    top = card.mapTo(window.picker.viewport(), card.rect().topLeft()).y()
    assert 0 <= top < window.picker.viewport().height(), "the chosen card is in view"
