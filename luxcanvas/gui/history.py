"""The history panel: every version of the current photo, from the library.

Open one, compare two, star, delete, re-run with the same settings, export the starred ones.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QSize, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from luxcanvas.domain.jobs import FRAMING_CHANGED, ResultWarning
from luxcanvas.gui.card_look import tone
from luxcanvas.gui.layout import hbox, named
from luxcanvas.gui.texts import (
    billing_note,
    duration,
    error_headline,
    find_strategy,
    money,
    strategy_label,
)
from luxcanvas.store.library import CANCELLED, DONE, FAILED, INTERRUPTED, RUNNING, JobRecord

JOB_ID_ROLE = Qt.ItemDataRole.UserRole


def _warning_text(stored: Any) -> str:
    from PySide6.QtCore import QCoreApplication

    warning = ResultWarning.from_json(stored)
    if warning.code == FRAMING_CHANGED:
        return QCoreApplication.translate(
            "HistoryPanel", "The model changed the framing; it was mapped back."
        )
    return str(warning.facts.get("text") or warning.code)


class HistoryPanel(QWidget):
    """Versions of the current photo, newest first (objectName ``historyPanel``)."""

    openRequested = Signal(str)
    compareRequested = Signal(str, str)
    rerunRequested = Signal(str)
    deleteRequested = Signal(str)
    starToggled = Signal(str, bool)
    exportStarredRequested = Signal()

    def __init__(self, catalog: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("historyPanel")
        self._catalog = catalog
        self._records: list[JobRecord] = []
        self._shown = ""
        self._thumbs: dict[str, QImage] = {}

        self.title = QLabel(self)
        self.title.setObjectName("historyTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("historyEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.list = QListWidget(self)
        self.list.setObjectName("historyList")
        self.list.setIconSize(QSize(72, 72))
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setUniformItemSizes(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.list.itemActivated.connect(self._activated)
        self.list.itemClicked.connect(self._activated)

        self.compare_button = named(QPushButton(self), "compareButton")
        self.star_button = named(QPushButton(self), "starButton")
        self.rerun_button = named(QPushButton(self), "rerunButton")
        self.delete_button = named(QPushButton(self), "deleteButton")
        self.export_starred_button = named(QPushButton(self), "exportStarredButton")
        self.compare_button.clicked.connect(self._compare)
        self.star_button.clicked.connect(self._toggle_star)
        self.rerun_button.clicked.connect(self._rerun)
        self.delete_button.clicked.connect(self._delete)
        self.export_starred_button.clicked.connect(self.exportStarredRequested)

        buttons = hbox([self.compare_button, self.star_button, self.rerun_button], spacing=4)
        buttons2 = hbox([self.delete_button, self.export_starred_button], spacing=4)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addLayout(buttons2)
        self.retranslate()
        self._selection_changed()

    def retranslate(self) -> None:
        self.title.setText(self.tr("History"))
        self.empty_label.setText(
            self.tr("Every version of this photo appears here, and stays after a restart.")
        )
        self.compare_button.setText(self.tr("Compare"))
        self.compare_button.setToolTip(self.tr("Select two versions (Ctrl+click) to compare"))
        self.star_button.setText(self.tr("Star"))
        self.rerun_button.setText(self.tr("Re-run"))
        self.rerun_button.setToolTip(self.tr("Run again with the same settings"))
        self.delete_button.setText(self.tr("Delete"))
        self.export_starred_button.setText(self.tr("Export starred…"))
        self.setAccessibleName(self.tr("History"))
        self._rebuild()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange:  # a theme switched live
            self._rebuild(self.selected_ids())
        super().changeEvent(event)

    # -- content ---------------------------------------------------------------------------

    @property
    def records(self) -> list[JobRecord]:
        return list(self._records)

    def record(self, job_id: str) -> JobRecord | None:
        return next((r for r in self._records if r.id == job_id), None)

    def set_records(self, records: list[JobRecord]) -> None:
        selected = self.selected_ids()
        self._records = list(records)
        self._rebuild(selected)
        self._mark_shown()

    def set_thumbnail(self, job_id: str, image: QImage) -> None:
        self._thumbs[job_id] = image
        item = self._item(job_id)
        if item is not None:
            item.setIcon(QIcon(QPixmap.fromImage(image)))

    def has_thumbnail(self, job_id: str) -> bool:
        return job_id in self._thumbs

    def _item(self, job_id: str) -> QListWidgetItem | None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(JOB_ID_ROLE) == job_id:
                return item
        return None

    def _rebuild(self, selected: list[str] | None = None) -> None:
        selected = selected or []
        self.list.blockSignals(True)
        self.list.clear()
        for record in self._records:
            item = QListWidgetItem(self.describe(record))
            item.setData(JOB_ID_ROLE, record.id)
            item.setToolTip(self.tooltip(record))
            thumb = self._thumbs.get(record.id)
            if thumb is not None:
                item.setIcon(QIcon(QPixmap.fromImage(thumb)))
            else:
                item.setIcon(self._status_icon(record))
            if record.status in (FAILED, INTERRUPTED):
                item.setForeground(QBrush(tone(self.palette(), "error")))
            elif record.status in (CANCELLED, RUNNING):
                item.setForeground(QBrush(tone(self.palette(), "muted")))
            self.list.addItem(item)
            if record.id in selected:
                item.setSelected(True)
        self.list.blockSignals(False)
        self.empty_label.setVisible(not self._records)
        self._selection_changed()

    def _status_icon(self, record: JobRecord) -> QIcon:
        style = self.style()
        if record.status == DONE:
            return style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        if record.status == RUNNING:
            return style.standardIcon(QStyle.StandardPixmap.SP_BrowserReload)
        if record.status == CANCELLED:
            return style.standardIcon(QStyle.StandardPixmap.SP_DialogCancelButton)
        return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)

    def describe(self, record: JobRecord) -> str:
        """The entry's text: strategy, model, size, cost, time, badges, warnings or error."""
        label = strategy_label(self._strategy(record))
        star = "★ " if record.starred else ""
        first = f"{star}{label}"
        if record.size:
            first += f" · {record.size}"
        lines = [first, record.model]
        if record.status == DONE:
            facts = []
            if record.width and record.height:
                facts.append(f"{record.width}×{record.height}")
            facts.append(self.tr("free") if record.cost_usd == 0 else money(record.cost_usd))
            facts.append(duration(record.seconds))
            if record.cached:
                facts.append(self.tr("cached"))
            lines.append(" · ".join(facts))
            lines.extend("⚠ " + _warning_text(w) for w in record.warnings)
        elif record.status == RUNNING:
            lines.append(self.tr("Running…"))
        else:
            kind = record.error_kind or record.status
            if record.status == INTERRUPTED:
                kind = "interrupted"
            elif record.status == CANCELLED:
                kind = "cancelled"
            prefix = {
                FAILED: self.tr("Failed"),
                CANCELLED: self.tr("Cancelled"),
                INTERRUPTED: self.tr("Interrupted"),
            }.get(record.status, record.status)
            headline = error_headline(kind, record.may_be_billed)
            if kind == "cancelled":
                headline = headline.removeprefix(error_headline("cancelled")).strip()
            if kind == "interrupted":
                # A paid call that was on its way when LuxCanvas closed or crashed may be billed.
                headline = billing_note() if record.may_be_billed else ""
            lines.append(f"{prefix}: {headline}" if headline else prefix)
        when = datetime.fromtimestamp(record.created_at).strftime("%Y-%m-%d %H:%M")
        lines.append(when)
        return "\n".join(line for line in lines if line)

    def tooltip(self, record: JobRecord) -> str:
        if record.status == INTERRUPTED:
            parts = [error_headline("interrupted", may_be_billed=record.may_be_billed)]
        else:
            parts = [record.error_message] if record.error_message else []
        if record.prompt:
            parts.append(self.tr("Extra instructions: %1").replace("%1", record.prompt))
        return "\n".join(parts)

    def _strategy(self, record: JobRecord) -> Any:
        return find_strategy(self._catalog, record.strategy)

    # -- selection and actions -------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        return [item.data(JOB_ID_ROLE) for item in self.list.selectedItems()]

    def select(self, job_id: str) -> None:
        """Show ``job_id`` as the version on the canvas: it alone is selected, and marked."""
        self._shown = job_id
        item = self._item(job_id)
        if item is not None:
            self.list.setCurrentItem(item, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._mark_shown()

    def _mark_shown(self) -> None:
        """The version on the canvas reads bold, apart from whatever else is selected."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            font = item.font()
            font.setBold(item.data(JOB_ID_ROLE) == self._shown)
            item.setFont(font)

    @Slot()
    def delete_selected(self) -> None:
        """Delete the selected versions (the Delete key; finished ones are asked about)."""
        self._delete()

    @Slot()
    def _selection_changed(self) -> None:
        ids = self.selected_ids()
        done = [i for i in ids if (r := self.record(i)) is not None and r.status == DONE]
        self.compare_button.setEnabled(len(done) == 2)
        self.star_button.setEnabled(len(done) >= 1)
        self.rerun_button.setEnabled(len(ids) == 1)
        self.delete_button.setEnabled(len(ids) >= 1)
        self.export_starred_button.setEnabled(
            any(r.starred and r.status == DONE for r in self._records)
        )
        if len(done) == 1:
            record = self.record(done[0])
            self.star_button.setText(
                self.tr("Unstar") if record and record.starred else self.tr("Star")
            )

    @Slot(QListWidgetItem)
    def _activated(self, item: QListWidgetItem) -> None:
        if len(self.list.selectedItems()) > 1:
            return
        job_id = item.data(JOB_ID_ROLE)
        record = self.record(job_id)
        if record is not None and record.status == DONE:
            self.openRequested.emit(job_id)

    @Slot()
    def _compare(self) -> None:
        ids = [i for i in self.selected_ids() if (r := self.record(i)) and r.status == DONE]
        if len(ids) == 2:
            older, newer = sorted(ids, key=lambda i: self.record(i).created_at)  # type: ignore[union-attr]
            self.compareRequested.emit(older, newer)

    @Slot()
    def _toggle_star(self) -> None:
        ids = [i for i in self.selected_ids() if (r := self.record(i)) and r.status == DONE]
        if not ids:
            return
        star = not all(self.record(i).starred for i in ids)  # type: ignore[union-attr]
        for job_id in ids:
            self.starToggled.emit(job_id, star)

    @Slot()
    def _rerun(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.rerunRequested.emit(ids[0])

    @Slot()
    def _delete(self) -> None:
        for job_id in self.selected_ids():
            self.deleteRequested.emit(job_id)
