"""Issue 14, the flow through the window: what was billed, menus and keys, each photo's state,
versions that read apart and can be renamed, export names and the notice after an export."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractButton, QApplication, QInputDialog, QLabel

from luxcanvas.gui.texts import money
from luxcanvas.store.library import DONE, Library
from tests.conftest import FIXTURES
from tests.fakes.gateway import Scenario
from tests.gui.conftest import (
    WAIT_MS,
    answer_quit_questions,
    drop_files,
    history_texts,
    wait_for_photo,
)

PHOTO = FIXTURES / "odd" / "with_exif_gps.jpg"


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def open_photo(qtbot, window, photo=PHOTO) -> None:
    drop_files(window, [photo])
    wait_for_photo(qtbot, window)


def pick_row(view, row: int) -> None:
    """Make ``row`` the only selected row, as a plain click does. (``setCurrentRow(row)``
    alone takes the keyboard's modifiers into account, which an earlier test may leave held.)"""
    view.setCurrentRow(row, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def run_local(qtbot, window, strength: str) -> str:
    """Run the offline repair at ``strength``; the new version's id."""
    window.picker.select("local")
    card = window.picker.cards["local"]
    card.strength_combo.setCurrentIndex(card.strength_combo.findData(strength))
    before = len(window.history.records)
    click(qtbot, window.run_button)
    qtbot.waitUntil(
        lambda: not window.jobs and len(window.history.records) == before + 1, timeout=WAIT_MS
    )
    qtbot.waitUntil(lambda: window.shown_job_id == window.history.records[0].id, timeout=WAIT_MS)
    return window.history.records[0].id


def price(window, strategy_id: str) -> str:
    return money(window.catalog.get(strategy_id).estimated_cost)


def menu_texts(menu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


# -- 4. what was billed --------------------------------------------------------------------------


def test_after_a_cancel_the_header_says_charged_and_pending_and_the_ledger_lists_it(
    gateway, make_window, qtbot
):
    gateway.queue("native", Scenario.HANG)
    window = make_window()
    open_photo(qtbot, window)
    click(qtbot, window.findChild(object, "strategy_restore"))
    click(qtbot, window.run_button)
    qtbot.waitUntil(lambda: gateway.count("native") == 1, timeout=WAIT_MS)
    window.jobs_ctl.cancel_current()  # the request has left: it may still be billed
    gateway.release()
    qtbot.waitUntil(lambda: not window.jobs, timeout=WAIT_MS)
    cost = price(window, "restore")
    assert window.spend_label.text() == f"This month: $0.00 charged · up to {cost} pending"

    # The ledger is one click away: every call of the month, charged or pending.
    click(qtbot, window.spend_label)
    dialog = window.jobs_ctl.ledger_dialog
    assert dialog is not None and dialog.isVisible()
    rows = dialog.rows()
    assert len(rows) == 1
    _, photo, strategy, amount, billing = rows[0]
    assert (photo, strategy, amount, billing) == (
        PHOTO.name,
        "Faithful restoration",
        cost,
        "pending",
    )
    assert f"$0.00 charged, up to {cost} pending" in dialog.summary.text()
    dialog.close()
    # The File menu opens it too.
    window.named_actions["ledgerAction"].trigger()
    assert window.jobs_ctl.ledger_dialog.isVisible()


def test_the_ledger_tells_charged_calls_from_pending_ones(make_window, make_job):
    make_job(DONE, input_path=PHOTO, strategy="preview", cost_usd=0.025)
    make_job("failed", input_path=PHOTO, ledger_amount=0.05, ledger_certain=False)
    window = make_window()
    assert window.spend_label.text() == "This month: $0.025 charged · up to $0.05 pending"
    window.jobs_ctl.show_ledger()
    rows = window.jobs_ctl.ledger_dialog.rows()
    assert [(r[2], r[3], r[4]) for r in rows] == [
        ("Faithful restoration", "$0.05", "pending"),
        ("Quick preview", "$0.025", "charged"),
    ]


def test_a_repeat_run_shows_the_version_free_and_new_result_pays_knowingly(
    gateway, make_window, qtbot, monkeypatch
):
    window = make_window()
    open_photo(qtbot, window)
    click(qtbot, window.findChild(object, "strategy_restore"))
    cost = price(window, "restore")
    assert window.run_button.text() == f"Restore · {cost}"
    assert not window.new_result_button.isVisible()
    click(qtbot, window.run_button)
    qtbot.waitUntil(lambda: window.shown_job_id is not None and not window.jobs, timeout=WAIT_MS)
    first = window.shown_job_id

    # The same choice again: Run says so, shows the version, sends nothing, adds no row.
    assert window.run_button.text() == "Restore · cached (free)"
    assert window.new_result_button.isVisible()
    assert window.new_result_button.text() == f"New result · {cost}"
    window.canvas.set_result(None)
    click(qtbot, window.run_button)
    assert not window.jobs and window.shown_job_id == first
    assert len(history_texts(window)) == 1 and gateway.count("native") == 1
    # Re-run from the history is the same choice: the same version, no copy.
    pick_row(window.history.list, 0)
    click(qtbot, window.history.rerun_button)
    assert not window.jobs and len(history_texts(window)) == 1

    # A fresh paid result: asked first, with its price; "No" sends nothing.
    asked = answer_quit_questions(monkeypatch, yes=False)
    click(qtbot, window.new_result_button)
    assert len(asked) == 1 and cost in asked[0] and not window.jobs
    asked = answer_quit_questions(monkeypatch, yes=True)
    click(qtbot, window.new_result_button)
    qtbot.waitUntil(lambda: not window.jobs and len(history_texts(window)) == 2, timeout=WAIT_MS)
    assert gateway.count("native") == 2
    newest = window.history.records[0]
    assert not newest.cached and newest.cost_usd > 0 and window.shown_job_id == newest.id


# -- 6. menus and keys ---------------------------------------------------------------------------


def test_the_history_menu_shows_compares_renames_exports_stars_and_deletes(
    make_window, qtbot, monkeypatch
):
    window = make_window()
    open_photo(qtbot, window)
    older = run_local(qtbot, window, "normal")
    newer = run_local(qtbot, window, "strong")
    panel = window.history
    pick_row(panel.list, 1)  # the older one
    menu = panel.context_menu()
    assert menu_texts(menu) == [
        "Show",
        "Compare the two",
        "Rename…",
        "Star",
        "Export…",
        "Re-run",
        "Delete",
    ]
    actions = panel.menu_actions
    assert not actions["historyCompareAction"].isEnabled()  # one selected
    actions["historyShowAction"].trigger()
    assert window.shown_job_id == older

    actions["historyStarAction"].trigger()
    assert window.library.job(older).starred and history_texts(window)[1].startswith("★")

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Gentle try", True))
    pick_row(panel.list, 1)
    actions["historyRenameAction"].trigger()
    assert window.library.job(older).label == "Gentle try"

    pick_row(panel.list, 1)
    panel.context_menu()
    actions["historyExportAction"].trigger()
    assert window.export_dialog is not None and window.export_dialog.record.id == older
    window.export_dialog.reject()

    panel.list.clearSelection()
    panel.list.item(0).setSelected(True)
    panel.list.item(1).setSelected(True)
    panel.context_menu()
    assert actions["historyCompareAction"].isEnabled()
    assert not actions["historyRenameAction"].isEnabled()  # a name is for one version
    actions["historyCompareAction"].trigger()
    qtbot.waitUntil(lambda: window.versions_ctl.compare_ids == (older, newer), timeout=WAIT_MS)

    answer_quit_questions(monkeypatch, yes=True)
    pick_row(panel.list, 0)
    actions["historyDeleteAction"].trigger()
    assert [r.id for r in panel.records] == [older]


def test_arrowing_through_the_history_shows_each_version(make_window, qtbot):
    window = make_window()
    open_photo(qtbot, window)
    older = run_local(qtbot, window, "gentle")
    newer = run_local(qtbot, window, "strong")
    panel = window.history
    panel.list.setFocus()
    assert window.shown_job_id == newer
    qtbot.keyClick(panel.list, Qt.Key.Key_Down)
    assert window.shown_job_id == older
    qtbot.keyClick(panel.list, Qt.Key.Key_Up)
    assert window.shown_job_id == newer


def test_photos_leave_the_list_by_delete_or_menu_and_their_files_stay(make_window, qtbot, tmp_path):
    first, second = tmp_path / "first.jpg", tmp_path / "second.jpg"
    shutil.copyfile(PHOTO, first)
    shutil.copyfile(PHOTO, second)
    window = make_window()
    drop_files(window, [first, second])
    qtbot.waitUntil(lambda: all(p.digest for p in window.photos.values()), timeout=WAIT_MS)
    version = run_local(qtbot, window, "normal")  # on the first photo
    photo_list = window.photo_list
    pick_row(photo_list, 1)
    photo_list.setFocus()
    qtbot.keyClick(photo_list, Qt.Key.Key_Delete)
    assert photo_list.count() == 1 and list(window.photos) == [first.resolve()]
    assert window.current_photo().path == first.resolve()
    assert window.library.job(version).deleted is False  # Delete here removed no version

    menu = window.photos_ctl.list_menu()
    assert menu_texts(menu) == ["Show in folder", "Remove from the list"]
    window.photos_ctl.remove_action.trigger()
    assert photo_list.count() == 0 and window.current_photo() is None
    assert not window.run_button.isEnabled() and not window.export_button.isEnabled()
    assert first.exists() and second.exists()  # never their files
    assert window.history.records == []


def test_the_canvas_menu_offers_compare_modes_zoom_and_export(make_window, qtbot):
    window = make_window()
    open_photo(qtbot, window)
    run_local(qtbot, window, "normal")
    menu = window.versions_ctl.canvas_menu()
    names = [a.objectName() for a in menu.actions() if not a.isSeparator()]
    assert names == [
        "modeSplitAction",
        "modeSideAction",
        "modeOriginalAction",
        "modeResultAction",
        "flipAction",
        "fitAction",
        "actualAction",
        "zoomInAction",
        "zoomOutAction",
        "exportAction",
    ]
    assert all(a.shortcut().toString() for a in menu.actions()[:4])  # keys show beside them
    next(a for a in menu.actions() if a.objectName() == "modeSideAction").trigger()
    assert window.canvas.mode() == "side"
    assert window.compare_label.text().startswith("Side by side: Original on the left")


# -- 8. each photo's state; text that fits -------------------------------------------------------


def photo_row(window, index: int = 0) -> tuple[str, str]:
    item = window.photo_list.item(index)
    return item.text(), item.toolTip()


def test_each_photo_shows_its_state_and_why_it_failed(gateway, make_window, qtbot):
    gateway.queue("native", Scenario.HANG)
    window = make_window()
    open_photo(qtbot, window)
    click(qtbot, window.findChild(object, "strategy_restore"))
    click(qtbot, window.run_button)
    qtbot.waitUntil(lambda: "Running…" in photo_row(window)[0], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: gateway.hanging >= 1, timeout=WAIT_MS)  # the request is held
    gateway.release()
    qtbot.waitUntil(lambda: "✓ Done" in photo_row(window)[0], timeout=WAIT_MS)

    gateway.queue("native", Scenario.REFUSAL)
    window.picker.cards["restore"].prompt_edit.setText("brighter")  # another request
    click(qtbot, window.run_button)
    qtbot.waitUntil(lambda: "⚠ Failed" in photo_row(window)[0], timeout=WAIT_MS)
    assert "The model refused this photo" in photo_row(window)[1]

    drop_files(window, [FIXTURES / "bad" / "html_error_page.jpg"])
    qtbot.waitUntil(lambda: "⚠ Failed" in photo_row(window, 1)[0], timeout=WAIT_MS)
    assert "web page saved with a photo's name" in photo_row(window, 1)[1]


def cut_off(dialog) -> list[str]:
    """The texts of ``dialog`` that do not fit the room they have."""
    dialog.layout().activate()
    QApplication.processEvents()
    found = []
    for widget in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton):
        if not widget.isVisible() or not widget.text():
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            if widget.height() < widget.heightForWidth(widget.width()):
                found.append(widget.text())
        elif widget.width() < widget.minimumSizeHint().width():
            found.append(widget.text())
    return found


@pytest.mark.parametrize("language", ["en", "es"])
def test_settings_status_lines_wrap_and_dialogs_fit_their_text(
    gateway, make_window, make_job, qtbot, language
):
    from luxcanvas.gui.app import language_manager

    make_job(DONE, input_path=PHOTO, cost_usd=0.05)
    window = make_window()
    language_manager(QApplication.instance()).apply(language)
    open_photo(qtbot, window)
    window.open_settings()
    dialog = window.settings_dialog
    qtbot.waitUntil(lambda: dialog.isVisible(), timeout=WAIT_MS)
    dialog.test_result.setText(dialog.tr("✓ Connected.") + " " + "Faithful restoration, " * 12)
    dialog.fit_text()
    assert dialog.test_result.wordWrap() and dialog.spent_label.wordWrap()
    assert cut_off(dialog) == []
    dialog.reject()

    window.jobs_ctl.show_ledger()
    assert cut_off(window.jobs_ctl.ledger_dialog) == []
    window.jobs_ctl.ledger_dialog.reject()
    qtbot.waitUntil(lambda: window.shown_job_id is not None, timeout=WAIT_MS)
    window.export_ctl.export_shown()
    assert cut_off(window.export_dialog) == []


# -- 10. versions that read apart, with names ----------------------------------------------------


def test_two_offline_repairs_read_apart_and_a_name_is_kept_and_used(
    make_window, qtbot, monkeypatch
):
    window = make_window()
    open_photo(qtbot, window)
    normal = run_local(qtbot, window, "normal")
    strong = run_local(qtbot, window, "strong")
    texts = history_texts(window)
    assert texts[0] != texts[1]
    assert "strong" in texts[0].splitlines()[2] and "normal" in texts[1].splitlines()[2]

    # F2 renames the selected version; the name is kept in the library.
    panel = window.history
    pick_row(panel.list, 0)
    panel.list.setFocus()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Strong repair", True))
    qtbot.keyClick(panel.list, Qt.Key.Key_F2)
    assert Library().job(strong).label == "Strong repair"
    assert history_texts(window)[0].startswith("Strong repair")
    assert "Free offline repair" in history_texts(window)[0]  # the strategy still shows

    window.show_version(strong)
    window.canvas.set_mode("split")
    assert window.compare_label.text() == (
        "Before/After: Original on the left, Strong repair on the right"
    )
    window.canvas.set_mode("changes")  # the heat map over the result names what it compares
    assert window.compare_label.text() == "Changes: where Strong repair differs from Original"
    window.canvas.set_mode("split")
    window.versions_ctl.compare_versions(normal, strong)
    ctl = window.versions_ctl
    qtbot.waitUntil(lambda: window.shown_job_id == strong and not ctl._wanted_compare,
                    timeout=WAIT_MS)  # fmt: skip
    assert window.compare_label.text() == (
        "Before/After: Free offline repair (normal) on the left, Strong repair on the right"
    )
    # An empty name puts back the one made from the strategy and options.
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", True))
    panel.list.clearSelection()
    pick_row(panel.list, 0)
    panel.rename_selected()
    assert Library().job(strong).label == ""


# -- 12. export names and the notice -------------------------------------------------------------


def test_export_names_read_as_a_person_would_write_them_and_never_overwrite(
    make_window, make_job, qtbot, tmp_path
):
    photo = tmp_path / "grandma.jpg"
    shutil.copyfile(PHOTO, photo)
    restored = make_job(DONE, input_path=photo, strategy="restore", size="2K", cost_usd=0.05)
    window = make_window([str(photo)])
    wait_for_photo(qtbot, window)
    qtbot.waitUntil(lambda: window.shown_job_id == restored.id, timeout=WAIT_MS)
    window.export_ctl.export_shown()
    dialog = window.export_dialog
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("jpeg"))
    assert dialog.path_edit.text() == str(tmp_path / "grandma (restored, faithful 2K).jpg")
    (tmp_path / "grandma (restored, faithful 2K).jpg").write_bytes(b"taken")
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("png"))
    dialog.path_edit.clear()
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("jpeg"))
    assert dialog.path_edit.text() == str(tmp_path / "grandma (restored, faithful 2K) (2).jpg")
    dialog.reject()


def test_after_an_export_a_notice_offers_show_in_folder(make_window, qtbot, tmp_path, monkeypatch):
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window = make_window()
    open_photo(qtbot, window)
    run_local(qtbot, window, "normal")
    window.export_ctl.export_shown()
    dialog = window.export_dialog
    target = tmp_path / "out" / "grandma (restored).png"
    target.parent.mkdir()
    dialog.path_edit.setText(str(target))
    click(qtbot, dialog.export_button)
    qtbot.waitUntil(lambda: window.last_export is not None, timeout=WAIT_MS)
    banner = window.banner
    assert banner.isVisible()
    assert banner.text() == f"Exported “grandma (restored).png” to {target.parent}"
    assert banner.folder_button.isVisible() and not banner.copy_button.isVisible()
    click(qtbot, banner.folder_button)
    assert [u.toLocalFile() for u in opened] == [str(target.parent)]
