"""Export the shown version: asks for the format, quality, metadata and a name that never
overwrites; ``luxcanvas.app.export`` writes the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from luxcanvas import imaging
from luxcanvas.app.export import ExportRequest, readable_output_name
from luxcanvas.domain.formats import EXPORT_FORMATS, FORMAT_NAMES, LOSSY_FORMATS, OUTPUT_SUFFIXES
from luxcanvas.gui.texts import find_strategy, strategy_label
from luxcanvas.store.library import JobRecord

#: How an exported file's name words each strategy, after "restored" (the offline repair
#: adds nothing: 'grandma (restored).jpg'; Faithful restoration at 2K: 'grandma (restored,
#: faithful 2K).jpg'). A strategy not listed is named by its translated label.
_NAME_WORDS: dict[str, Any] = {  # QT_TRANSLATE_NOOP gives the str
    "local": "",
    "preview": QT_TRANSLATE_NOOP("ExportDialog", "quick preview"),
    "restore": QT_TRANSLATE_NOOP("ExportDialog", "faithful"),
    "restore-fast": QT_TRANSLATE_NOOP("ExportDialog", "faithful, fast"),
    "reshoot": QT_TRANSLATE_NOOP("ExportDialog", "re-shoot"),
    "reshoot-4.5": QT_TRANSLATE_NOOP("ExportDialog", "re-shoot 4.5"),
    "direct-edit": QT_TRANSLATE_NOOP("ExportDialog", "direct edit"),
    "magic-eye": QT_TRANSLATE_NOOP("ExportDialog", "Magic Eye"),
}


def export_words(record: JobRecord, catalog: Any) -> str:
    """What goes in brackets after the photo's name: the version's own name when it has
    one, else "restored" with the strategy's words and size ("restored, faithful 2K")."""
    if record.label:
        return record.label
    restored = QCoreApplication.translate("ExportDialog", "restored")
    if record.strategy in _NAME_WORDS:
        word = _NAME_WORDS[record.strategy]
        words = QCoreApplication.translate("ExportDialog", word) if word else ""
    else:
        words = strategy_label(find_strategy(catalog, record.strategy))
    if words and record.size:
        words += f" {record.size}"
    return f"{restored}, {words}" if words else restored


def default_export_path(record: JobRecord, catalog: Any, input_path: Path, fmt: str) -> Path:
    """Next to the original, named as a person would, never over an existing file."""
    name = readable_output_name(input_path, export_words(record, catalog), fmt)
    return imaging.unique_path(name)


class ExportDialog(QDialog):
    """Asks where and how to export; emits ``exportRequested`` with an ExportRequest."""

    exportRequested = Signal(object)

    def __init__(
        self,
        parent: QWidget,
        settings: Any,
        record: JobRecord,
        input_path: Path,
        catalog: Any = None,
    ):
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.catalog = catalog
        self.record = record
        self.input_path = input_path
        self.settings = settings
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.format_combo = QComboBox(self)
        self.format_combo.setObjectName("exportFormat")
        for value in EXPORT_FORMATS:
            self.format_combo.addItem(FORMAT_NAMES[value], value)
        index = self.format_combo.findData(settings.export_format)
        self.format_combo.setCurrentIndex(max(0, index))
        self.quality_spin = QSpinBox(self)
        self.quality_spin.setObjectName("exportQuality")
        self.quality_spin.setRange(1, 100)
        self.quality_spin.setValue(int(settings.export_quality))
        self.metadata_box = QCheckBox(self)
        self.metadata_box.setObjectName("exportKeepMetadata")
        self.metadata_box.setChecked(bool(settings.keep_metadata))
        self.location_box = QCheckBox(self)
        self.location_box.setObjectName("exportKeepLocation")
        self.location_box.setChecked(bool(settings.keep_location))
        self.metadata_box.toggled.connect(self.location_box.setEnabled)
        self.location_box.setEnabled(self.metadata_box.isChecked())
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("exportPath")
        self.path_edit.setMinimumWidth(380)
        self.browse_button = QPushButton(self)
        self.browse_button.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        self.form = QFormLayout()
        self._labels = [QLabel(self) for _ in range(4)]
        self.form.addRow(self._labels[0], self.format_combo)
        self.form.addRow(self._labels[1], self.quality_spin)
        self.form.addRow(self._labels[2], self.metadata_box)
        self.form.addRow("", self.location_box)
        self.form.addRow(self._labels[3], path_row)
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("exportConfirmButton")
        self.export_button.setDefault(True)
        self.cancel_button = QPushButton(self)
        self.export_button.clicked.connect(self._export)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self._format_changed()
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Export"))
        from luxcanvas.gui.history import version_name

        label = version_name(self.record, self.catalog)
        self.summary.setText(
            self.tr("Export “%1” of %2 (%3×%4).")
            .replace("%1", label)
            .replace("%2", self.input_path.name)
            .replace("%3", str(self.record.width))
            .replace("%4", str(self.record.height))
        )
        for label_widget, text in zip(
            self._labels,
            (self.tr("Format"), self.tr("Quality"), self.tr("Metadata"), self.tr("Save as")),
            strict=True,
        ):
            label_widget.setText(text)
        self.metadata_box.setText(self.tr("Keep the original's date, camera and colour profile"))
        self.location_box.setText(self.tr("Also keep where it was taken (GPS)"))
        self.location_box.setToolTip(
            self.tr(
                "Off by default: a phone photo of a print records where the phone was — "
                "usually your home."
            )
        )
        self.metadata_box.setToolTip(
            self.tr("LuxCanvas also records which strategy and model made this version.")
        )
        self.browse_button.setText(self.tr("Browse…"))
        self.export_button.setText(self.tr("Export"))
        self.cancel_button.setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def fmt(self) -> str:
        return str(self.format_combo.currentData())

    @Slot()
    def _format_changed(self) -> None:
        fmt = self.fmt()
        self.quality_spin.setEnabled(fmt in LOSSY_FORMATS)
        current = self.path_edit.text().strip()
        if current:
            # Path.with_suffix would cut "grandma (restored, faithful 2K)" at a dot in it.
            path = Path(current)
            stem = path.name[: -len(path.suffix)] if path.suffix else path.name
            self.path_edit.setText(str(path.with_name(f"{stem}.{OUTPUT_SUFFIXES[fmt]}")))
        else:
            default = default_export_path(self.record, self.catalog, self.input_path, fmt)
            self.path_edit.setText(str(default))

    @Slot()
    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export as"), self.path_edit.text(), ""
        )
        if chosen:
            self.path_edit.setText(chosen)

    def request(self) -> ExportRequest:
        dest = Path(self.path_edit.text().strip()).expanduser()
        return ExportRequest(
            Path(self.record.result_path),
            self.input_path,
            dest,
            self.fmt(),
            self.quality_spin.value(),
            self.metadata_box.isChecked(),
            self.record.strategy,
            self.record.model,
            self.metadata_box.isChecked() and self.location_box.isChecked(),
        )

    @Slot()
    def _export(self) -> None:
        if not self.path_edit.text().strip():
            return
        request = self.request()
        self.settings.export_format = request.fmt
        self.settings.export_quality = request.quality
        self.settings.keep_metadata = request.keep_metadata
        self.settings.keep_location = request.keep_location
        self.exportRequested.emit(request)
        self.accept()
