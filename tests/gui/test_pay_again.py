"""A Retry that may be billed again asks first, saying what it may cost."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.conftest import FIXTURES
from tests.fakes.gateway import Scenario
from tests.gui.conftest import WAIT_MS, drop_files, wait_for_photo

PHOTO = FIXTURES / "odd" / "with_exif_gps.jpg"


@pytest.mark.parametrize(
    ("scenario", "words"),
    [(Scenario.REFUSAL, "billed again"), (Scenario.DROP, "a second time")],
)
def test_retry_after_a_billed_or_possibly_billed_failure_asks_first(
    gateway, make_window, qtbot, monkeypatch, scenario, words
):
    asked: list[str] = []
    answer = {"button": QMessageBox.StandardButton.No}

    def question(parent, title, text, *rest):
        asked.append(text)
        return answer["button"]

    monkeypatch.setattr(QMessageBox, "question", question)
    gateway.queue("native", scenario)
    window = make_window()
    drop_files(window, [PHOTO])
    wait_for_photo(qtbot, window)
    qtbot.mouseClick(window.findChild(object, "strategy_restore"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.jobs, timeout=WAIT_MS)
    assert window.banner.isVisible()
    spend = window.spend_label.text()
    if scenario is Scenario.REFUSAL:  # billed: charged
        assert spend == "This month: $0.09 charged"
    else:  # dropped after sending: possibly billed, shown apart
        assert spend == "This month: $0.00 charged · up to $0.09 pending"

    qtbot.mouseClick(window.banner.retry_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and words in asked[0] and "$0.09" in asked[0]
    assert not window.jobs and gateway.count("native") == 1  # "No": nothing was sent

    answer["button"] = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(window.banner.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.shown_job_id is not None and not window.jobs, timeout=WAIT_MS)
    assert gateway.count("native") == 2
