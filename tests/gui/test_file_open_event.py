"""Photos the OS hands over (macOS Dock drop, Finder "Open With") open like a drop.

The OS sends a ``QFileOpenEvent`` to the application object, so these tests do the same.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from luxcanvas.gui.app import LuxApplication
from tests.conftest import FIXTURES
from tests.gui.conftest import WAIT_MS, wait_for_photo

PHOTO = FIXTURES / "odd" / "with_exif_gps.jpg"
ACCENTED = FIXTURES / "odd" / "Abuela María 1962 (copia) ñ.jpg"


def application() -> LuxApplication:
    app = QApplication.instance()
    assert isinstance(app, LuxApplication)  # the class ``luxcanvas`` runs (tests/conftest.py)
    return app


def shown_path(window) -> str:
    return window.photo_list.currentItem().data(Qt.ItemDataRole.UserRole)


def test_a_photo_dropped_on_the_dock_icon_opens_in_the_window(make_window, qtbot):
    window = make_window()
    assert window.current_photo() is None
    # Posted, not sent: it arrives through the event loop, as the OS's does.
    QApplication.postEvent(application(), QFileOpenEvent(str(PHOTO)))
    wait_for_photo(qtbot, window)
    photo = window.current_photo()
    assert photo.path == PHOTO.resolve()
    assert window.photo_list.count() == 1 and shown_path(window) == str(PHOTO.resolve())
    assert window.canvas.has_image()
    assert (photo.image.width(), photo.image.height()) == (600, 400)
    assert window.run_button.isEnabled()


def test_open_with_a_file_url_adds_the_photo_and_shows_it(make_window, qtbot):
    window = make_window([str(PHOTO)])
    wait_for_photo(qtbot, window)
    # Finder hands over a percent-encoded file URL; this name has spaces and accents.
    event = QFileOpenEvent(QUrl.fromLocalFile(str(ACCENTED)))
    assert QApplication.sendEvent(application(), event)
    qtbot.waitUntil(
        lambda: (
            window.current_photo().path == ACCENTED.resolve()
            and bool(window.current_photo().digest)
        ),
        timeout=WAIT_MS,
    )
    assert window.photo_list.count() == 2
    assert shown_path(window) == str(ACCENTED.resolve())
    assert window.canvas.has_image()


def test_a_photo_handed_over_before_the_window_exists_opens_with_it(
    make_window, qtbot, monkeypatch
):
    # Launching LuxCanvas by dropping a photo on its Dock icon: the event may come first.
    app = application()
    monkeypatch.setattr(app, "_listening", False)
    QApplication.sendEvent(app, QFileOpenEvent(str(PHOTO)))
    assert app.pending_files == [str(PHOTO)]
    window = make_window()
    wait_for_photo(qtbot, window)
    assert window.current_photo().path == PHOTO.resolve()
    assert app.pending_files == []
    assert window.canvas.has_image()
