"""An interrupted job's history row says whether the gateway may still bill it.

A paid call that had left for the gateway when LuxCanvas quit or crashed may be billed
(DESIGN.md §3); the free offline repair never is.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt

from luxcanvas.store.library import RUNNING
from luxcanvas.store.settings import Settings, save_settings
from tests.conftest import FIXTURES
from tests.fakes.gateway import Scenario
from tests.gui.conftest import (
    WAIT_MS,
    answer_quit_questions,
    drop_files,
    history_texts,
    wait_for_photo,
)
from tests.gui.crash import (
    hand_running_jobs_to_an_ended_process,
)

PHOTO = FIXTURES / "odd" / "with_exif_gps.jpg"
BILLING = "may still bill"


def tooltips(window) -> list[str]:
    panel = window.history
    return [panel.list.item(i).toolTip() for i in range(panel.list.count())]


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def start_restore_that_hangs(gateway, window, qtbot) -> None:
    """Run the paid 'restore' strategy and wait until the gateway holds the call."""
    drop_files(window, [PHOTO])
    wait_for_photo(qtbot, window)
    gateway.queue("native", Scenario.HANG)
    click(qtbot, window.findChild(object, "strategy_restore"))
    click(qtbot, window.run_button)
    qtbot.waitUntil(lambda: gateway.count("native") == 1, timeout=WAIT_MS)


def restart_on(make_window, qtbot):
    window = make_window([str(PHOTO)])
    wait_for_photo(qtbot, window)
    qtbot.waitUntil(lambda: len(history_texts(window)) == 1, timeout=WAIT_MS)
    return window


def test_quitting_during_a_paid_call_says_it_may_still_be_billed(
    gateway, make_window, qtbot, monkeypatch
):
    window = make_window()
    start_restore_that_hangs(gateway, window, qtbot)
    asked = answer_quit_questions(monkeypatch, yes=True)
    window.close()  # quit while the gateway still holds the call: asked first
    assert len(asked) == 1 and "may still bill" in asked[0] and "$0.09" in asked[0]

    restarted = restart_on(make_window, qtbot)
    (row,) = history_texts(restarted)
    assert "Interrupted: The gateway may still bill this call." in row
    (tip,) = tooltips(restarted)
    assert tip == (
        "LuxCanvas was closed while this job was running. The gateway may still bill this call."
    )


def test_a_crash_during_a_paid_call_says_it_may_still_be_billed(
    gateway, make_window, qtbot, tmp_path, monkeypatch
):
    window = make_window()
    start_restore_that_hangs(gateway, window, qtbot)
    # A crash leaves the library as it is on disk at this instant: copy that to a fresh home
    # and start LuxCanvas there, as after a crash (the job is still 'running' in the copy).
    crashed_home = tmp_path / "after-crash"
    crashed_home.mkdir()
    copied = crashed_home / Path(window.library.path).name
    with sqlite3.connect(window.library.path) as live, sqlite3.connect(copied) as copy:
        live.backup(copy)
    # The crashed process is gone: its running rows belong to a process that has ended.
    hand_running_jobs_to_an_ended_process(copied)
    with sqlite3.connect(copied) as db:
        left_running = db.execute("SELECT status, may_be_billed FROM jobs").fetchall()
    assert left_running == [("running", 1)]
    monkeypatch.setenv("LUXCANVAS_HOME", str(crashed_home))

    restarted = restart_on(make_window, qtbot)
    assert restarted.interrupted_at_start == 1
    (row,) = history_texts(restarted)
    assert "Interrupted: The gateway may still bill this call." in row
    assert BILLING in tooltips(restarted)[0]


def test_an_interrupted_offline_repair_never_mentions_billing(make_window, qtbot, make_job):
    make_job(RUNNING, input_path=PHOTO, strategy="local", model="luxcanvas-local")
    hand_running_jobs_to_an_ended_process()  # LuxCanvas crashed while it ran
    restarted = restart_on(make_window, qtbot)
    assert restarted.interrupted_at_start == 1
    (row,) = history_texts(restarted)
    assert "Interrupted" in row and BILLING not in row
    (tip,) = tooltips(restarted)
    assert tip == "LuxCanvas was closed while this job was running."


def test_a_paid_job_stopped_before_its_call_left_does_not_mention_billing(
    make_window, qtbot, make_job
):
    # Interrupted while preparing the photo: nothing reached the gateway.
    make_job(RUNNING, input_path=PHOTO, strategy="restore", size="2K")
    hand_running_jobs_to_an_ended_process()  # LuxCanvas crashed while it ran
    restarted = restart_on(make_window, qtbot)
    (row,) = history_texts(restarted)
    assert "Interrupted" in row and BILLING not in row
    assert BILLING not in tooltips(restarted)[0]


def test_the_billing_note_on_an_interrupted_row_is_in_spanish(make_window, qtbot, make_job):
    save_settings(Settings(language="es"))
    make_job(RUNNING, input_path=PHOTO, strategy="restore", size="2K", may_be_billed=True)
    hand_running_jobs_to_an_ended_process()  # LuxCanvas crashed while it ran
    restarted = restart_on(make_window, qtbot)
    (row,) = history_texts(restarted)
    assert "Interrumpido: Es posible que la pasarela cobre igualmente esta llamada." in row
    (tip,) = tooltips(restarted)
    assert tip == (
        "LuxCanvas se cerró mientras este trabajo estaba en curso. "
        "Es posible que la pasarela cobre igualmente esta llamada."
    )
