"""GUI test helpers: the real window, a FakeGateway, drops with file URLs."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from tests.fakes.gateway import FakeGateway

WAIT_MS = 30_000


@pytest.fixture
def gateway(gateway: FakeGateway) -> FakeGateway:
    """The shared fake (tests/conftest.py), answering the native route in JPEG.

    JPEG results decode and encode faster than PNG, which keeps the window tests quick; the
    shared fixture already has no latency and checks the fake's errors at the end.
    """
    gateway.native_mime = "image/jpeg"
    return gateway


@pytest.fixture
def make_window(qtbot):
    """Build the real main window; closes it (and waits for its threads) at the end."""
    windows = []

    def make(paths=()):
        from luxcanvas.gui import build_main_window

        window = build_main_window(paths)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window._agree_to_quit = lambda: True  # the test is over: quit without asking
        window.close()
        assert not window.host.busy
        window.deleteLater()
    from luxcanvas.gui.app import language_manager

    language_manager(QApplication.instance()).apply("en")  # the next test starts in English
    QApplication.processEvents()


def drop_files(window, paths: list[Path]) -> None:
    """Send the window the events a file manager's drag sends: enter, move, drop."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    point = QPoint(window.width() // 2, window.height() // 2)
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    action = Qt.DropAction.CopyAction
    with warnings.catch_warnings():  # the QPoint constructors are the ones PySide6 exposes
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(point, action, mime, buttons, modifiers)
        move = QDragMoveEvent(point, action, mime, buttons, modifiers)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(window, move)
    drop = QDropEvent(QPointF(point), action, mime, buttons, modifiers)
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted()


def wait_for_photo(qtbot, window) -> None:
    qtbot.waitUntil(
        lambda: window.current_photo() is not None and bool(window.current_photo().digest),
        timeout=WAIT_MS,
    )


def history_texts(window) -> list[str]:
    panel = window.history
    return [panel.list.item(i).text() for i in range(panel.list.count())]


def answer_quit_questions(monkeypatch, *, yes: bool) -> list[str]:
    """Answer the window's questions (Yes or No); returns the texts it asked."""
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []

    def question(parent, title, text, *rest):
        asked.append(text)
        return QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked
