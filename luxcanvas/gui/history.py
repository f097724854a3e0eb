"""The history panel: every version of the current photo, from the library.

Open one (a click, or arrowing through the list), compare two, rename (F2), star, delete,
re-run with the same settings, export one or the starred ones, from buttons or a right-click
menu. Each row says the options its version was made with, so two runs read apart.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QPoint,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QBrush, QIcon, QImage, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from luxcanvas.domain.jobs import FRAMING_CHANGED, ResultWarning
from luxcanvas.domain.local_options import TOGGLES, LocalOptions
from luxcanvas.gui.card_look import tone
from luxcanvas.gui.changes import edit_label
from luxcanvas.gui.fidelity_strip import fidelity_of, verdict_explained, verdict_icon, verdict_line
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
#: How much of a version's extra instructions its row and name show.
PROMPT_SNIPPET = 28
_LOCAL_DEFAULTS = LocalOptions()


def _tr(text: str) -> str:
    return QCoreApplication.translate("HistoryPanel", text)


def options_summary(record: JobRecord) -> str:
    """What a version was asked for beyond its strategy: the offline repair's strength and
    the steps switched on or off against the defaults, and a snippet of the extra
    instructions ('strong · +sharpen · −grain · “warmer skin…”'); '' when all is default."""
    options = record.options or {}
    parts: list[str] = []
    strength = options.get("strength")
    if isinstance(strength, str):
        words = {"gentle": _tr("gentle"), "normal": _tr("normal"), "strong": _tr("strong")}
        parts.append(words.get(strength, strength))
    steps = {
        "scratches": _tr("scratches"),
        "denoise": _tr("grain"),
        "fade": _tr("fading"),
        "color": _tr("colour"),
        "sharpen": _tr("sharpen"),
        "upscale": _tr("×2 size"),
    }
    added = [
        steps[t] for t in TOGGLES if options.get(t) is True and not getattr(_LOCAL_DEFAULTS, t)
    ]
    removed = [steps[t] for t in TOGGLES if options.get(t) is False and getattr(_LOCAL_DEFAULTS, t)]
    if added:
        parts.append(" ".join("+" + word for word in added))
    if removed:
        parts.append(" ".join("−" + word for word in removed))
    prompt = (record.prompt or "").strip()
    if prompt:
        snippet = (
            prompt if len(prompt) <= PROMPT_SNIPPET else prompt[:PROMPT_SNIPPET].rstrip() + "…"
        )
        parts.append(f"“{snippet}”")
    return " · ".join(parts)


def version_name(record: JobRecord, catalog: Any) -> str:
    """What a person calls a version: the name they gave it, else its strategy's label with
    its size and options ('Free offline repair (strong · +sharpen)')."""
    if record.label:
        return record.label
    name = strategy_label(find_strategy(catalog, record.strategy))
    details = " · ".join(p for p in (record.size, options_summary(record)) if p)
    return f"{name} ({details})" if details else name


def _warning_text(stored: Any) -> str:
    from PySide6.QtCore import QCoreApplication

    warning = ResultWarning.from_json(stored)
    if warning.code == FRAMING_CHANGED:
        return QCoreApplication.translate(
            "HistoryPanel", "The model changed the framing; it was mapped back."
        )
    return str(warning.facts.get("text") or warning.code)


class _VersionList(QListWidget):
    """The history's list; it knows while a key with Shift or Ctrl moves the current row (the
    selection grows then, and the shown version stays)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.extending = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        extend = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier
        self.extending = bool(event.modifiers() & extend)
        try:
            super().keyPressEvent(event)
        finally:
            self.extending = False


class HistoryPanel(QWidget):
    """Versions of the current photo, newest first (objectName ``historyPanel``)."""

    openRequested = Signal(str)
    compareRequested = Signal(str, str)
    rerunRequested = Signal(str)
    deleteRequested = Signal(str)
    starToggled = Signal(str, bool)
    exportStarredRequested = Signal()
    #: Export this version (the export dialog).
    exportRequested = Signal(str)
    #: Give this version a name ("" puts the strategy's name back).
    renameRequested = Signal(str, str)

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
        self.list = _VersionList(self)
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
        self._build_keys_and_menu()

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
        self._retranslate_menu()
        self._rebuild(self.selected_ids())  # the selection and the shown mark stay

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

    def set_thumbnail(self, job_id: str, image: QImage) -> None:
        self._thumbs[job_id] = image
        item = self._item(job_id)
        if item is not None:
            item.setIcon(verdict_icon(image, fidelity_of(self.record(job_id))))

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
                item.setIcon(verdict_icon(thumb, fidelity_of(record)))
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
        self._mark_shown()  # new items: the shown version reads bold again
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
        label = edit_label(record, self._catalog) or strategy_label(self._strategy(record))
        star = "★ " if record.starred else ""
        first = f"{star}{record.label or label}"
        if record.size:
            first += f" · {record.size}"
        lines = [first, f"{label} · {record.model}" if record.label else record.model]
        lines.append(options_summary(record))
        if record.status == DONE:
            facts = []
            if record.width and record.height:
                facts.append(f"{record.width}×{record.height}")
            facts.append(self.tr("free") if record.cost_usd == 0 else money(record.cost_usd))
            facts.append(duration(record.seconds))
            if record.cached:
                facts.append(self.tr("cached"))
            lines.append(" · ".join(facts))
            if (fidelity := fidelity_of(record)) is not None:
                lines.append(verdict_line(fidelity))
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
            lines.append(self._billed(record))
        when = datetime.fromtimestamp(record.created_at).strftime("%Y-%m-%d %H:%M")
        lines.append(when)
        return "\n".join(line for line in lines if line)

    def _billed(self, record: JobRecord) -> str:
        """What a job without a result cost, as the spend in the header says it: '$0.00
        charged · up to $0.09 pending', '$0.09 charged', or '' (nothing was billed)."""
        pending = record.possible_usd if record.may_be_billed else 0.0
        if not pending and not record.cost_usd:
            return ""
        text = self.tr("%1 charged").replace("%1", money(record.cost_usd))
        if pending:
            text += " · " + self.tr("up to %1 pending").replace("%1", money(pending))
        return text

    def tooltip(self, record: JobRecord) -> str:
        if record.status == INTERRUPTED:
            parts = [error_headline("interrupted", may_be_billed=record.may_be_billed)]
        else:
            parts = [record.error_message] if record.error_message else []
        if record.prompt:
            parts.append(self.tr("Extra instructions: %1").replace("%1", record.prompt))
        if record.status == DONE and (fidelity := fidelity_of(record)) is not None:
            parts.append(verdict_explained(fidelity))
        if record.status == DONE:
            parts.append(self.tr("F2 renames this version; right-click for more."))
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

    # -- keys and the right-click menu (Rename is F2) --------------------------------------

    def _build_keys_and_menu(self) -> None:
        self.list.currentItemChanged.connect(self._current_changed)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._show_menu)
        self.menu_actions: dict[str, QAction] = {}
        for name, slot in (
            ("historyShowAction", self._show_selected),
            ("historyCompareAction", self._compare),
            ("historyRenameAction", self.rename_selected),
            ("historyExportAction", self._export_selected),
            ("historyStarAction", self._toggle_star),
            ("historyRerunAction", self._rerun),
            ("historyDeleteAction", self._delete),
        ):
            action = QAction(self.list)
            action.setObjectName(name)
            action.triggered.connect(slot)
            self.menu_actions[name] = action
        rename = self.menu_actions["historyRenameAction"]
        rename.setShortcut(QKeySequence(Qt.Key.Key_F2))
        rename.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.list.addAction(rename)
        self.menu_actions["historyDeleteAction"].setShortcut(QKeySequence.StandardKey.Delete)

    def _retranslate_menu(self) -> None:
        for name, text in (
            ("historyShowAction", self.tr("Show")),
            ("historyCompareAction", self.tr("Compare the two")),
            ("historyRenameAction", self.tr("Rename…")),
            ("historyExportAction", self.tr("Export…")),
            ("historyStarAction", self.tr("Star")),
            ("historyRerunAction", self.tr("Re-run")),
            ("historyDeleteAction", self.tr("Delete")),
        ):
            self.menu_actions[name].setText(text)

    def context_menu(self) -> QMenu:
        """The right-click menu for the selected versions, its entries enabled for them."""
        ids = self.selected_ids()
        records = [r for i in ids if (r := self.record(i)) is not None]
        done = [r for r in records if r.status == DONE]
        one_done = len(ids) == 1 and len(done) == 1
        acts = self.menu_actions
        acts["historyShowAction"].setEnabled(one_done)
        acts["historyCompareAction"].setEnabled(len(done) == 2 and len(ids) == 2)
        acts["historyRenameAction"].setEnabled(one_done)
        acts["historyExportAction"].setEnabled(one_done)
        acts["historyStarAction"].setEnabled(bool(done))
        starred = bool(done) and all(r.starred for r in done)
        acts["historyStarAction"].setText(self.tr("Unstar") if starred else self.tr("Star"))
        acts["historyRerunAction"].setEnabled(len(ids) == 1)
        acts["historyDeleteAction"].setEnabled(bool(ids))
        menu = QMenu(self)
        menu.setObjectName("historyMenu")
        for name in ("historyShowAction", "historyCompareAction"):
            menu.addAction(acts[name])
        menu.addSeparator()
        for name in ("historyRenameAction", "historyStarAction", "historyExportAction"):
            menu.addAction(acts[name])
        menu.addSeparator()
        menu.addAction(acts["historyRerunAction"])
        menu.addAction(acts["historyDeleteAction"])
        return menu

    @Slot(QPoint)
    def _show_menu(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        if item is not None and not item.isSelected():
            self.list.setCurrentItem(item, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        menu = self.context_menu()
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(self.list.viewport().mapToGlobal(pos))

    @Slot(QListWidgetItem, QListWidgetItem)
    def _current_changed(self, current: QListWidgetItem | None, _: Any = None) -> None:
        """Arrowing through the list shows each version (not while several are selected, nor
        while Shift+arrow extends the selection)."""
        if current is None or self.list.extending or len(self.list.selectedItems()) > 1:
            return
        job_id = current.data(JOB_ID_ROLE)
        record = self.record(job_id)
        if record is not None and record.status == DONE and job_id != self._shown:
            self.openRequested.emit(job_id)

    def _one_done(self) -> str | None:
        ids = self.selected_ids()
        if len(ids) == 1 and (r := self.record(ids[0])) is not None and r.status == DONE:
            return ids[0]
        return None

    @Slot()
    def _show_selected(self) -> None:
        if (job_id := self._one_done()) is not None:
            self.openRequested.emit(job_id)

    @Slot()
    def _export_selected(self) -> None:
        if (job_id := self._one_done()) is not None:
            self.exportRequested.emit(job_id)

    @Slot()
    def rename_selected(self) -> None:
        """Ask for a new name for the selected version (F2); an empty name puts back the one
        made from its strategy and options."""
        job_id = self._one_done()
        record = self.record(job_id) if job_id else None
        if job_id is None or record is None:
            return
        text, ok = QInputDialog.getText(
            self,
            self.tr("Rename version"),
            self.tr("Name (empty: named after its strategy and options):"),
            QLineEdit.EchoMode.Normal,
            record.label or version_name(record, self._catalog),
        )
        if ok:
            name = text.strip()
            if name == version_name(replace_label(record, ""), self._catalog):
                name = ""  # the suggested name unchanged: keep following the strategy's
            self.renameRequested.emit(job_id, name)


def replace_label(record: JobRecord, label: str) -> JobRecord:
    """A copy of ``record`` with another name."""
    from dataclasses import replace

    return replace(record, label=label)
