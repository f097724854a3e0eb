"""Arrowing through the history shows each version; Shift+arrow extends the selection
(issue 14, items 5 and 6)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from luxcanvas.store.library import DONE
from tests.conftest import FIXTURES
from tests.gui.conftest import WAIT_MS, drop_files, wait_for_photo

PHOTO = FIXTURES / "odd" / "with_exif_gps.jpg"


def _three_versions(make_window, make_job, qtbot):
    jobs = [
        make_job(DONE, input_path=PHOTO, strategy=s, cost_usd=c)
        for s, c in (("preview", 0.025), ("restore", 0.09), ("local", 0.0))
    ]
    window = make_window()
    drop_files(window, [PHOTO])
    wait_for_photo(qtbot, window)
    qtbot.waitUntil(lambda: len(window.history.records) == 3, timeout=WAIT_MS)
    rows = [window.history.list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(3)]
    assert sorted(rows) == sorted(j.id for j in jobs)
    return window, rows


def test_shift_arrows_extend_the_history_selection_and_keep_the_shown_version(
    make_window, make_job, qtbot
):
    window, rows = _three_versions(make_window, make_job, qtbot)
    history = window.history
    window.show_version(rows[0])
    history.list.setFocus()
    qtbot.keyClick(history.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert set(history.selected_ids()) == {rows[0], rows[1]}
    qtbot.keyClick(history.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert set(history.selected_ids()) == set(rows)
    assert window.shown_job_id == rows[0], "extending the selection does not switch the version"
    assert history.compare_button.isEnabled() is False  # three selected: Compare takes two
    qtbot.keyClick(history.list, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)
    assert set(history.selected_ids()) == {rows[0], rows[1]}
    assert history.compare_button.isEnabled()


def test_plain_arrows_show_the_version_and_replace_the_selection(make_window, make_job, qtbot):
    window, rows = _three_versions(make_window, make_job, qtbot)
    history = window.history
    window.show_version(rows[0])
    history.list.setFocus()
    qtbot.keyClick(history.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert len(history.selected_ids()) == 2
    qtbot.keyClick(history.list, Qt.Key.Key_Down)
    assert history.selected_ids() == [rows[2]]
    qtbot.waitUntil(lambda: window.shown_job_id == rows[2], timeout=WAIT_MS)
    qtbot.keyClick(history.list, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: window.shown_job_id == rows[1], timeout=WAIT_MS)
    assert history.selected_ids() == [rows[1]]


def test_switching_language_or_theme_keeps_the_history_selection_and_the_shown_mark(
    make_window, make_job, qtbot
):
    from PySide6.QtWidgets import QApplication

    from luxcanvas.gui.app import language_manager

    window, rows = _three_versions(make_window, make_job, qtbot)
    history = window.history
    window.show_version(rows[1])

    def bold_rows() -> list[int]:
        return [r for r in range(history.list.count()) if history.list.item(r).font().bold()]

    assert history.selected_ids() == [rows[1]] and bold_rows() == [1]
    language_manager(QApplication.instance()).apply("es")
    qtbot.waitUntil(lambda: history.title.text() == "Historial", timeout=WAIT_MS)
    assert history.selected_ids() == [rows[1]] and bold_rows() == [1]
    palette = window.palette()
    palette.setColor(palette.ColorRole.Window, palette.color(palette.ColorRole.Dark))
    history.setPalette(palette)  # as a theme switched live does
    qtbot.wait(10)
    assert history.selected_ids() == [rows[1]] and bold_rows() == [1]
