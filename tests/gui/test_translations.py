"""Spanish through Qt's translators: at start-up from the settings, and switched live."""

from __future__ import annotations

from PySide6.QtCore import Qt

from luxcanvas.store.settings import Settings, save_settings
from tests.gui.conftest import WAIT_MS


def test_spanish_from_settings(make_window):
    save_settings(Settings(language="es"))
    window = make_window()
    assert window.run_button.text() == "Restaurar · gratis"
    card = window.picker.cards["local"]
    assert card.title.text() == "Reparación sin conexión gratuita"
    assert card.price.text() == "Gratis"
    assert window.picker.cards["restore"].price.text().startswith("0,09\u00a0US$ por edición")
    assert window.settings_button.text() == "Ajustes"
    assert window.history.title.text() == "Historial"


def test_switching_language_in_settings_retranslates_the_open_window(make_window, qtbot):
    window = make_window()
    assert window.export_button.text() == "Export…"
    qtbot.mouseClick(window.settings_button, Qt.MouseButton.LeftButton)
    dialog = window.settings_dialog
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("es"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.export_button.text() == "Exportar…", timeout=WAIT_MS)
    assert window.cancel_button.text() == "Cancelar"
    assert window.picker.cards["preview"].title.text() == "Vista previa rápida"


def test_english_counts_read_in_the_singular_and_the_plural(make_window, qtbot):
    """English sources say "%n call(s)"; the English plural file turns them into words."""
    from PySide6.QtCore import QCoreApplication

    make_window()
    text = "%n call(s) this month: %1 charged, up to %2 pending."
    one = QCoreApplication.translate("LedgerDialog", text, "", 1)
    two = QCoreApplication.translate("LedgerDialog", text, "", 2)
    assert one.startswith("1 call this month") and two.startswith("2 calls this month")
    quit_text = (
        "%n paid job(s) still running. Quitting cancels them, and the gateway may still bill"
        " them (up to %1). Quit anyway?"
    )
    assert QCoreApplication.translate("MainWindow", quit_text, "", 1).startswith(
        "1 paid job is still running. Quitting cancels it"
    )
