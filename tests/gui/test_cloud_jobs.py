"""Cloud runs against the FakeGateway: progress, cancel, failures, export."""

from __future__ import annotations

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

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


def open_photo(qtbot, window, photo=PHOTO) -> None:
    drop_files(window, [photo])
    wait_for_photo(qtbot, window)


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def open_dialogs() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def test_preview_runs_through_the_gateway_and_exports_with_metadata(
    gateway, make_window, qtbot, tmp_path
):
    window = make_window()
    assert window.picker.selected_id == "restore"  # a key exists: the faithful strategy
    open_photo(qtbot, window)
    click(qtbot, window.findChild(object, "strategy_preview"))
    assert window.picker.selected_id == "preview"
    assert window.run_button.text() == "Preview · $0.025"
    click(qtbot, window.run_button)
    qtbot.waitUntil(lambda: window.shown_job_id is not None and not window.jobs, timeout=WAIT_MS)
    assert gateway.count("chat") == 1
    entry = history_texts(window)[0]
    assert "Quick preview" in entry and "gemini-3.1-flash-lite-image" in entry and "$0.025" in entry

    click(qtbot, window.export_button)
    dialog = window.export_dialog
    assert dialog is not None and dialog.isVisible()
    default = dialog.path_edit.text()
    assert default.endswith(" (restored, quick preview).png") and default != str(PHOTO)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("jpeg"))
    assert dialog.metadata_box.isChecked()  # metadata is kept by default
    assert not dialog.location_box.isChecked()  # ...but not where the photo was taken
    dialog.location_box.setChecked(True)
    target = tmp_path / "grandma.jpg"
    dialog.path_edit.setText(str(target))
    click(qtbot, dialog.export_button)
    qtbot.waitUntil(lambda: window.last_export is not None, timeout=WAIT_MS)
    assert window.last_export == target
    with Image.open(target) as exported:
        assert exported.format == "JPEG"
        exif = exported.getexif()
        gps = exif.get_ifd(0x8825)
        assert gps and gps.get(1) == "N"
        assert exif.get_ifd(0x8769).get(0x9003) == "1962:07:14 10:31:00"
        assert "preview" in str(exif.get(0x010E, "")) + str(exif.get(0x9286, ""))


def test_cancel_mid_job_says_it_may_still_be_billed(gateway, make_window, qtbot):
    gateway.queue("native", Scenario.HANG)
    window = make_window()
    open_photo(qtbot, window)
    click(qtbot, window.findChild(object, "strategy_restore"))
    click(qtbot, window.run_button)
    qtbot.waitUntil(lambda: gateway.count("native") == 1, timeout=WAIT_MS)
    # The window stays usable while the job waits: zoom and switch modes.
    window.canvas.zoom_actual()
    window.canvas.set_mode("side")
    assert window.cancel_button.isEnabled()
    click(qtbot, window.cancel_button)
    qtbot.waitUntil(lambda: not window.jobs, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: bool(history_texts(window)), timeout=WAIT_MS)
    entry = history_texts(window)[0]
    assert "Cancelled" in entry and "may still bill" in entry
    assert "may still bill" in window.banner.text()
    assert not open_dialogs()


def test_failures_show_in_one_banner_without_dialogs(gateway, make_window, qtbot):
    gateway.queue("*", Scenario.QUOTA_403, times=3)
    window = make_window()
    open_photo(qtbot, window)
    for sid in ("preview", "restore", "restore-fast"):  # three paid jobs at once
        click(qtbot, window.findChild(object, f"strategy_{sid}"))
        click(qtbot, window.run_button)
    assert len(window.jobs) == 3
    qtbot.waitUntil(lambda: not window.jobs, timeout=WAIT_MS)
    text = window.banner.text()
    assert "balance is empty" in text and "top up" in text
    assert text.startswith("3 jobs failed.")
    assert window.banner.isVisible() and window.banner.copy_button.isVisible()
    # The one button resends all three, and says what that costs together.
    prices = sum(
        window.catalog.get(s).estimated_cost for s in ("preview", "restore", "restore-fast")
    )
    assert window.banner.retry_button.text() == f"Retry 3 · ${prices:.2f}"
    assert not open_dialogs()
    window.banner.copy_details()
    details = QApplication.clipboard().text()
    assert "[quota]" in details and gateway.api_key not in details
    # Retry after topping up: the gateway answers normally now.
    click(qtbot, window.banner.retry_button)
    qtbot.waitUntil(lambda: window.shown_job_id is not None and not window.jobs, timeout=WAIT_MS)
    assert not window.banner.isVisible()


def test_a_double_click_sends_a_paid_job_once(gateway, make_window, qtbot, monkeypatch):
    gateway.queue("native", Scenario.HANG)
    window = make_window()
    open_photo(qtbot, window)
    click(qtbot, window.findChild(object, "strategy_restore"))
    qtbot.mouseDClick(window.run_button, Qt.MouseButton.LeftButton)
    click(qtbot, window.run_button)
    window.run_current()  # the keyboard shortcut's way in
    assert len(window.jobs) == 1
    assert window.run_button.text() == "Running…" and not window.run_button.isEnabled()
    qtbot.waitUntil(lambda: gateway.count("native") == 1, timeout=WAIT_MS)

    asked = answer_quit_questions(monkeypatch, yes=False)
    window.close()  # "No": the window stays and the paid job goes on
    assert len(asked) == 1 and window.isVisible() and len(window.jobs) == 1
    gateway.release()
    qtbot.waitUntil(lambda: not window.jobs, timeout=WAIT_MS)
    assert gateway.count("native") == 1
    # Done: Run now shows that version for free; a fresh paid one is a separate button.
    assert window.run_button.text() == "Restore · cached (free)" and window.run_button.isEnabled()
    assert window.new_result_button.text() == "New result · $0.09"


def test_several_strategies_run_at_once_on_one_photo(gateway, make_window, qtbot):
    gateway.latency = 0.3
    window = make_window()
    open_photo(qtbot, window)
    for sid in ("preview", "restore", "local"):
        click(qtbot, window.findChild(object, f"strategy_{sid}"))
        click(qtbot, window.run_button)
    assert len(window.jobs) == 3
    qtbot.waitUntil(lambda: not window.jobs, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(history_texts(window)) == 3, timeout=WAIT_MS)
    assert all("Failed" not in t for t in history_texts(window))

    # Compare any two versions, star one, re-run it.
    panel = window.history
    # Like a click then a Ctrl+click: exactly two selected (the version shown last is
    # already selected, so start from a clear selection).
    panel.list.clearSelection()
    panel.list.item(0).setSelected(True)
    panel.list.item(1).setSelected(True)
    assert panel.compare_button.isEnabled()
    click(qtbot, panel.compare_button)
    qtbot.waitUntil(lambda: window.compare_label.isVisible(), timeout=WAIT_MS)
    panel.list.clearSelection()
    panel.list.item(2).setSelected(True)
    click(qtbot, panel.star_button)
    assert history_texts(window)[2].startswith("★")


def test_quitting_mid_job_shows_it_interrupted_after_a_restart(
    gateway, make_window, qtbot, monkeypatch
):
    window = make_window()
    open_photo(qtbot, window)
    click(qtbot, window.findChild(object, "strategy_preview"))
    click(qtbot, window.run_button)
    qtbot.waitUntil(lambda: window.shown_job_id is not None and not window.jobs, timeout=WAIT_MS)
    spent = window.library.spent()

    gateway.queue("native", Scenario.HANG)
    click(qtbot, window.findChild(object, "strategy_restore"))
    click(qtbot, window.run_button)
    qtbot.waitUntil(lambda: gateway.count("native") == 1, timeout=WAIT_MS)
    asked = answer_quit_questions(monkeypatch, yes=True)
    window.close()  # quit while the gateway still holds the call: asked first
    assert len(asked) == 1 and "may still bill" in asked[0] and "$0.09" in asked[0]
    assert not window.host.busy

    restarted = make_window([str(PHOTO)])
    wait_for_photo(qtbot, restarted)
    qtbot.waitUntil(lambda: len(history_texts(restarted)) == 2, timeout=WAIT_MS)
    interrupted, finished = history_texts(restarted)
    assert "Interrupted" in interrupted and "Cancelled" not in interrupted
    assert "Quick preview" in finished and "$0.025" in finished
    assert restarted.interrupted_at_start == 0  # recorded at the quit, not left running
    records = restarted.library.jobs()
    assert [r.status for r in records] == ["interrupted", "done"]
    assert records[0].error_kind == "interrupted"
    assert records[1].result_path and restarted.shown_job_id == records[1].id
    # The call was on its way: it may be billed, and the ledger keeps that possible charge.
    assert records[0].may_be_billed
    assert restarted.library.spent(certain_only=True) == spent
    possible = restarted.catalog.get("restore").estimated_cost
    assert restarted.library.spent() == pytest.approx(spent + possible)
    assert not open_dialogs()
