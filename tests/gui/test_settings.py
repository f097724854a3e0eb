"""Settings with an in-memory keyring: the key is stored there, masked, and tested."""

from __future__ import annotations

import json

import keyring
from PySide6.QtCore import Qt

from luxcanvas.store import settings as settings_module
from tests.conftest import FIXTURES
from tests.fakes.gateway import FakeGateway
from tests.gui.conftest import WAIT_MS

# `memory_keyring` (the in-memory backend every test runs with) comes from tests/conftest.py.


def test_settings_store_the_key_in_the_keyring_and_test_the_connection(
    memory_keyring, make_window, qtbot
):
    with FakeGateway() as gw:
        window = make_window()
        assert window.picker.selected_id == "local"
        qtbot.mouseClick(window.settings_button, Qt.MouseButton.LeftButton)
        dialog = window.settings_dialog
        assert dialog is not None and dialog.isVisible()
        assert "No key yet" in dialog.key_status.text()
        assert "MemoryKeyring" in dialog.key_status.text()

        dialog.key_edit.setText(gw.api_key)
        assert dialog.key_edit.echoMode() == dialog.key_edit.EchoMode.Password
        qtbot.mouseClick(dialog.save_key_button, Qt.MouseButton.LeftButton)
        assert memory_keyring.store[("luxcanvas", "laozhang-api-key")] == gw.api_key
        assert "system keyring" in dialog.key_status.text()
        assert dialog.key_edit.placeholderText() == "sk-…cdef"
        assert gw.api_key not in dialog.key_status.text()

        dialog.base_url_edit.setText(gw.base_url)
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Connected" in dialog.test_result.text(), timeout=WAIT_MS)
        assert "Faithful restoration" in dialog.test_result.text()
        assert gw.count("models") == 1
        qtbot.waitUntil(
            lambda: "results already paid for" in dialog.cache_label.text(), timeout=WAIT_MS
        )

        dialog.budget_spin.setValue(5.0)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        saved = json.loads(settings_module.settings_path().read_text())
        assert saved["monthly_budget_usd"] == 5.0
        assert saved["base_url"] == gw.base_url
        assert "api_key" not in json.dumps(saved) and gw.api_key not in json.dumps(saved)
        assert "of $5.00" in window.spend_label.text()
        assert not any(c.key_hint.isVisible() for c in window.picker.cards.values())


def test_no_secure_keyring_keeps_the_key_for_the_session_and_says_so(make_window, qtbot):
    from keyring.backends.fail import Keyring as FailKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    try:
        window = make_window()
        qtbot.mouseClick(window.settings_button, Qt.MouseButton.LeftButton)
        dialog = window.settings_dialog
        assert "session only" in dialog.key_status.text()
        dialog.key_edit.setText("sk-session-0000000000")
        qtbot.mouseClick(dialog.save_key_button, Qt.MouseButton.LeftButton)
        assert "forgotten when LuxCanvas closes" in dialog.key_status.text()
        assert window.service.secrets.get() == "sk-session-0000000000"
        dialog.reject()
    finally:
        keyring.set_keyring(previous)


def test_the_missing_key_banner_goes_once_a_key_is_saved(memory_keyring, make_window, qtbot):
    from tests.gui.conftest import drop_files, wait_for_photo

    window = make_window()
    drop_files(window, [FIXTURES / "damaged" / "camera_damaged.jpg"])
    wait_for_photo(qtbot, window)
    window.picker.select("restore")
    window.run_current()
    assert window.banner.isVisible() and "No API key" in window.banner.text()

    qtbot.mouseClick(window.settings_button, Qt.MouseButton.LeftButton)
    dialog = window.settings_dialog
    dialog.key_edit.setText("sk-" + "a" * 40)
    qtbot.mouseClick(dialog.save_key_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not window.banner.isVisible(), "the failure it reported is fixed"
