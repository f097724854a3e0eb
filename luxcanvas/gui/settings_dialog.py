"""Settings: API key (keyring), base URL, test connection, budget, cache, language, theme."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QLocale, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from luxcanvas.app.budget import month_spend
from luxcanvas.domain.errors import LuxError
from luxcanvas.gui.texts import error_headline, file_size, money, money_affixes, strategy_label
from luxcanvas.gui.workers import TaskWorker
from luxcanvas.store.secrets import mask
from luxcanvas.store.settings import DEFAULT_BASE_URL, save_settings


class _TestConnection:
    """Runs ``available_models`` against the URL and key in the dialog (in a worker)."""

    def __init__(self, service: Any, base_url: str, key: str):
        self.service, self.base_url, self.key = service, base_url, key

    def __call__(self) -> dict[str, bool]:
        return self.service.available_models(base_url=self.base_url, api_key=self.key or None)


def _cache_size(service: Any) -> int:
    return int(service.cache.size_bytes())


class _ClearCache:
    def __init__(self, service: Any):
        self.service = service

    def __call__(self) -> int:
        self.service.cache.clear()
        return 0


class SettingsDialog(QDialog):
    """Edits the settings; ``applied`` after OK saved them."""

    applied = Signal()

    def __init__(self, service: Any, host: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.service = service
        self.host = host
        settings = service.settings

        # API key
        self.key_group = QGroupBox(self)
        self.key_status = QLabel(self.key_group)
        self.key_status.setObjectName("keyStatus")
        self.key_status.setWordWrap(True)
        self.key_edit = QLineEdit(self.key_group)
        self.key_edit.setObjectName("apiKeyEdit")
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setClearButtonEnabled(True)
        self.save_key_button = QPushButton(self.key_group)
        self.save_key_button.setObjectName("saveKeyButton")
        self.remove_key_button = QPushButton(self.key_group)
        self.remove_key_button.setObjectName("removeKeyButton")
        self.save_key_button.clicked.connect(self.save_key)
        self.remove_key_button.clicked.connect(self.remove_key)
        self.base_url_edit = QLineEdit(self.key_group)
        self.base_url_edit.setObjectName("baseUrlEdit")
        self.base_url_edit.setText(settings.base_url)
        self.base_url_edit.setPlaceholderText(DEFAULT_BASE_URL)
        self.test_button = QPushButton(self.key_group)
        self.test_button.setObjectName("testConnectionButton")
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = QLabel(self.key_group)
        self.test_result.setObjectName("testResult")
        self.test_result.setWordWrap(True)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_edit, 1)
        key_row.addWidget(self.save_key_button)
        key_row.addWidget(self.remove_key_button)
        url_row = QHBoxLayout()
        url_row.addWidget(self.base_url_edit, 1)
        url_row.addWidget(self.test_button)
        self.key_form = QFormLayout(self.key_group)
        self._key_labels = [QLabel(self.key_group) for _ in range(2)]
        self.key_form.addRow(self.key_status)
        self.key_form.addRow(self._key_labels[0], key_row)
        self.key_form.addRow(self._key_labels[1], url_row)
        self.key_form.addRow(self.test_result)

        # Money and storage
        self.money_group = QGroupBox(self)
        self.budget_spin = QDoubleSpinBox(self.money_group)
        self.budget_spin.setObjectName("budgetSpin")
        self.budget_spin.setRange(0.0, 100000.0)
        self.budget_spin.setDecimals(2)
        self.budget_spin.setValue(float(settings.monthly_budget_usd or 0.0))
        self.spent_label = QLabel(self.money_group)
        self.spent_label.setObjectName("spentLabel")
        self.spent_label.setWordWrap(True)
        self.cache_label = QLabel(self.money_group)
        self.cache_label.setObjectName("cacheLabel")
        self.cache_label.setWordWrap(True)
        self.clear_cache_button = QPushButton(self.money_group)
        self.clear_cache_button.setObjectName("clearCacheButton")
        self.clear_cache_button.clicked.connect(self.clear_cache)
        budget_row = QHBoxLayout()
        budget_row.addWidget(self.budget_spin)
        budget_row.addWidget(self.spent_label, 1)
        cache_row = QHBoxLayout()
        cache_row.addWidget(self.cache_label, 1)
        cache_row.addWidget(self.clear_cache_button)
        self.money_form = QFormLayout(self.money_group)
        self._money_labels = [QLabel(self.money_group) for _ in range(2)]
        self.money_form.addRow(self._money_labels[0], budget_row)
        self.money_form.addRow(self._money_labels[1], cache_row)

        # Appearance
        self.look_group = QGroupBox(self)
        self.language_combo = QComboBox(self.look_group)
        self.language_combo.setObjectName("languageCombo")
        for value in ("", "en", "es"):
            self.language_combo.addItem("", value)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(settings.language)))
        self.theme_combo = QComboBox(self.look_group)
        self.theme_combo.setObjectName("themeCombo")
        for value in ("system", "light", "dark"):
            self.theme_combo.addItem("", value)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(settings.theme)))
        self.look_form = QFormLayout(self.look_group)
        self._look_labels = [QLabel(self.look_group) for _ in range(2)]
        self.look_form.addRow(self._look_labels[0], self.language_combo)
        self.look_form.addRow(self._look_labels[1], self.theme_combo)

        self.ok_button = QPushButton(self)
        self.ok_button.setObjectName("settingsOkButton")
        self.ok_button.setDefault(True)
        self.cancel_button = QPushButton(self)
        self.ok_button.clicked.connect(self.apply_and_close)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.key_group)
        layout.addWidget(self.money_group)
        layout.addWidget(self.look_group)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)
        self._cache_bytes: int | None = None
        self.retranslate()
        self._refresh_key_status()
        self._refresh_cache()

    # -- text ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self.key_group.setTitle(self.tr("LaoZhang gateway"))
        self._key_labels[0].setText(self.tr("API key"))
        self._key_labels[1].setText(self.tr("Base URL"))
        self.save_key_button.setText(self.tr("Save key"))
        self.remove_key_button.setText(self.tr("Remove"))
        self.test_button.setText(self.tr("Test connection"))
        self.test_button.setToolTip(self.tr("Asks the gateway which models it offers (free)."))
        self.money_group.setTitle(self.tr("Money and storage"))
        self._money_labels[0].setText(self.tr("Monthly budget"))
        self.budget_spin.setSpecialValueText(self.tr("No cap"))
        self.budget_spin.setLocale(QLocale())  # "5,00 US$" in Spanish, "$5.00" in English
        self.budget_spin.setPrefix(money_affixes()[0])
        self.budget_spin.setSuffix(money_affixes()[1])
        self._money_labels[1].setText(self.tr("Result cache"))
        self.clear_cache_button.setText(self.tr("Clear cache"))
        self.look_group.setTitle(self.tr("Appearance"))
        self._look_labels[0].setText(self.tr("Language"))
        self._look_labels[1].setText(self.tr("Theme"))
        for index, text in enumerate((self.tr("Follow the system"), "English", "Español")):
            self.language_combo.setItemText(index, text)
        for index, text in enumerate(
            (self.tr("Follow the system"), self.tr("Light"), self.tr("Dark"))
        ):
            self.theme_combo.setItemText(index, text)
        self.ok_button.setText(self.tr("OK"))
        self.cancel_button.setText(self.tr("Cancel"))
        spend = month_spend(self.service.library, self.service.settings)
        spent = self.tr("This month: %1 charged").replace("%1", money(spend.charged_usd))
        if spend.possible_usd:
            spent += " · " + self.tr("up to %1 pending").replace("%1", money(spend.possible_usd))
        self.spent_label.setText(spent)
        self._refresh_key_status()
        self._show_cache_size()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "ok_button"):
            self.retranslate()
        super().changeEvent(event)

    def _refresh_key_status(self) -> None:
        if not hasattr(self, "key_status"):
            return
        secrets = self.service.secrets
        status = secrets.status()
        if status.source == "environment":
            text = self.tr("A key is set by the LAOZHANG_API_KEY environment variable.")
        elif status.source == "keyring":
            text = self.tr("A key is stored in the system keyring (%1).").replace(
                "%1", status.backend
            )
        elif status.source == "session":
            text = self.tr(
                "⚠ No secure keyring on this system: the key is kept for this session only "
                "and forgotten when LuxCanvas closes."
            )
        elif status.secure:
            text = self.tr(
                "No key yet. A key you save is stored in the system keyring (%1)."
            ).replace("%1", status.backend)
        else:
            text = self.tr(
                "⚠ No key yet, and no secure keyring on this system: a key you save is kept "
                "for this session only."
            )
        current = secrets.get()
        self.key_edit.setPlaceholderText(
            mask(current) if current else self.tr("sk-… (from laozhang.ai)")
        )
        self.key_status.setText(text)
        self.key_status.setToolTip(status.describe())
        self.fit_text()
        self.remove_key_button.setEnabled(status.source in ("keyring", "session"))

    # -- actions -----------------------------------------------------------------------------

    @Slot()
    def save_key(self) -> None:
        key = self.key_edit.text().strip()
        if not key:
            return
        self.service.secrets.set(key)
        self.key_edit.clear()
        self._refresh_key_status()
        self.applied.emit()

    @Slot()
    def remove_key(self) -> None:
        self.service.secrets.delete()
        self._refresh_key_status()
        self.applied.emit()

    @Slot()
    def test_connection(self) -> None:
        base_url = self.base_url_edit.text().strip() or DEFAULT_BASE_URL
        self.test_button.setEnabled(False)
        self.test_result.setText(self.tr("Asking the gateway…"))
        worker = TaskWorker(
            [("test", _TestConnection(self.service, base_url, self.key_edit.text().strip()))]
        )
        worker.done.connect(self._tested)
        worker.failed.connect(self._test_failed)
        self.host.start(worker)

    @Slot(object, object)
    def _tested(self, _: Any, available: dict[str, bool]) -> None:
        self.test_button.setEnabled(True)
        catalog = self.service.catalog
        ready = [strategy_label(catalog.get(s)) for s, ok in available.items() if ok]
        missing = [strategy_label(catalog.get(s)) for s, ok in available.items() if not ok]
        text = self.tr("✓ Connected.")
        if ready:
            text += " " + self.tr("Available: %1.").replace("%1", ", ".join(ready))
        if missing:
            text += " " + self.tr("Not offered right now: %1.").replace("%1", ", ".join(missing))
        self.test_result.setText(text)
        self.fit_text()

    @Slot(object, object)
    def _test_failed(self, _: Any, error: LuxError) -> None:
        self.test_button.setEnabled(True)
        self.test_result.setText("✗ " + error_headline(error.kind))
        self.test_result.setToolTip(error.message)
        self.fit_text()

    def _refresh_cache(self) -> None:
        worker = TaskWorker([("size", _CacheSize(self.service))])
        worker.done.connect(self._cache_sized)
        self.host.start(worker)

    @Slot(object, object)
    def _cache_sized(self, _: Any, size: int) -> None:
        self._cache_bytes = size
        self._show_cache_size()

    def _show_cache_size(self) -> None:
        if self._cache_bytes is None:
            self.cache_label.setText(self.tr("Measuring…"))
        else:
            self.cache_label.setText(
                self.tr("%1 of results already paid for").replace(
                    "%1", file_size(self._cache_bytes)
                )
            )
        self.clear_cache_button.setEnabled(bool(self._cache_bytes))
        self.fit_text()

    def fit_text(self) -> None:
        """Grow to show every wrapped status line whole (a longer answer, Spanish words):
        the dialog is never shorter than its layout needs at its width."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        width = max(self.width(), self.minimumWidth())
        need = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
        need = max(need, layout.totalMinimumSize().height())
        if self.height() < need:
            self.resize(width, need)

    @Slot()
    def clear_cache(self) -> None:
        self.clear_cache_button.setEnabled(False)
        worker = TaskWorker([("clear", _ClearCache(self.service))])
        worker.done.connect(self._cache_sized)
        self.host.start(worker)

    @Slot()
    def apply_and_close(self) -> None:
        """Save the settings, apply language and theme, close."""
        from luxcanvas.gui.app import apply_theme, language_manager

        settings = self.service.settings
        settings.base_url = self.base_url_edit.text().strip() or DEFAULT_BASE_URL
        budget = self.budget_spin.value()
        settings.monthly_budget_usd = budget if budget > 0 else None
        language = str(self.language_combo.currentData())
        theme = str(self.theme_combo.currentData())
        language_changed = language != settings.language
        theme_changed = theme != settings.theme
        settings.language, settings.theme = language, theme
        key = self.key_edit.text().strip()
        if key:
            self.service.secrets.set(key)
        save_settings(settings)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            if language_changed:
                language_manager(app).apply(language)
            if theme_changed:
                apply_theme(app, theme)
        self.applied.emit()
        self.accept()


class _CacheSize:
    def __init__(self, service: Any):
        self.service = service

    def __call__(self) -> int:
        return _cache_size(self.service)
