"""The real window driven like a user: drop photos, pick a strategy, run, compare, history."""

from __future__ import annotations

import shutil

from PIL import Image
from PySide6.QtCore import Qt

from luxcanvas.store.library import RUNNING
from tests.conftest import FIXTURES
from tests.gui.conftest import WAIT_MS, drop_files, history_texts, wait_for_photo
from tests.gui.crash import hand_running_jobs_to_an_ended_process

PHOTO = FIXTURES / "odd" / "with_exif_gps.jpg"


def test_first_launch_is_useful_without_a_key(make_window):
    window = make_window()
    assert window.objectName() == "mainWindow"
    for name in (
        "canvas",
        "strategyPicker",
        "runButton",
        "cancelButton",
        "historyPanel",
        "exportButton",
        "settingsButton",
        "strategy_restore",
        "strategy_reshoot-4.5",
        "strategy_local",
    ):
        assert window.findChild(object, name) is not None, name
    assert window.picker.selected_id == "local"
    assert window.run_button.text() == "Restore · free"
    assert not window.run_button.isEnabled()  # nothing open yet
    assert not window.canvas.has_image()


def test_drop_a_folder_opens_its_photos_upright(make_window, qtbot, tmp_path):
    folder = tmp_path / "album"
    folder.mkdir()
    shutil.copy(FIXTURES / "odd" / "rotated_exif6.jpg", folder / "a.jpg")
    shutil.copy(PHOTO, folder / "b.jpg")
    (folder / "notes.txt").write_text("not a photo")
    window = make_window()
    drop_files(window, [folder])
    wait_for_photo(qtbot, window)
    assert window.photo_list.count() == 2
    assert window.canvas.has_image()
    photo = window.current_photo()
    assert photo.path.name == "a.jpg"
    # EXIF orientation 6: the stored portrait pixels show turned, as the camera meant.
    with Image.open(folder / "a.jpg") as stored:
        assert stored.size == (400, 600)
    assert (photo.image.width(), photo.image.height()) == (600, 400)
    assert window.run_button.isEnabled()


def test_local_strategy_runs_offline_and_lands_in_history(make_window, qtbot):
    window = make_window()
    drop_files(window, [PHOTO])
    wait_for_photo(qtbot, window)
    qtbot.mouseClick(window.findChild(object, "strategy_local"), Qt.MouseButton.LeftButton)
    assert window.run_button.text() == "Restore · free"
    qtbot.mouseClick(window.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.shown_job_id is not None, timeout=WAIT_MS)
    texts = history_texts(window)
    assert len(texts) == 1
    assert "Free offline repair" in texts[0] and "free" in texts[0]
    assert window.export_button.isEnabled()
    assert not window.jobs  # the job row is gone

    # The compare canvas: flip swaps before and after; the modes switch.
    window.canvas.set_mode("result")
    qtbot.keyClick(window, Qt.Key.Key_F)
    assert window.canvas.mode() == "original"
    qtbot.mouseClick(window.mode_buttons["side"], Qt.MouseButton.LeftButton)
    assert window.canvas.mode() == "side"

    # Run again with the same settings: the version already made is shown, free, and the
    # history gets no copy of it (tests/gui/test_flow.py has the rest).
    assert window.run_button.text() == "Restore · cached (free)"
    qtbot.mouseClick(window.run_button, Qt.MouseButton.LeftButton)
    assert not window.jobs and len(history_texts(window)) == 1


def test_history_survives_restart_and_interrupted_jobs_show(make_window, qtbot, make_job):
    make_job(RUNNING, input_path=PHOTO, strategy="restore", size="2K")
    hand_running_jobs_to_an_ended_process()  # LuxCanvas crashed while it ran
    window = make_window([str(PHOTO)])
    wait_for_photo(qtbot, window)
    qtbot.waitUntil(lambda: len(history_texts(window)) == 1, timeout=WAIT_MS)
    assert "Interrupted" in history_texts(window)[0]
    assert window.interrupted_at_start == 1
