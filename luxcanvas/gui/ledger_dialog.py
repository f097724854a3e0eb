"""This month's paid calls, as the ledger records them: when, which photo, which strategy, and
whether the amount was charged or is pending (a call that may have been billed)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from luxcanvas.gui.texts import find_strategy, money, strategy_label

COLUMNS = 5


class LedgerDialog(QDialog):
    """The month's ledger (objectName ``ledgerDialog``), newest call first."""

    def __init__(self, library: Any, catalog: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ledgerDialog")
        self._library = library
        self._catalog = catalog
        self.summary = QLabel(self)
        self.summary.setObjectName("ledgerSummary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, COLUMNS, self)
        self.table.setObjectName("ledgerTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.setMinimumSize(640, 360)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("This month's calls"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Photo"), self.tr("Strategy"), self.tr("Amount"),
             self.tr("Billing")]
        )  # fmt: skip
        self.note.setText(
            self.tr(
                "Pending: the call ended without an answer (a timeout, a lost connection, a "
                "crash) and may have been billed. Your LaoZhang call log has the final word."
            )
        )
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        """Read the ledger again."""
        entries = self._library.ledger()
        self.table.setRowCount(len(entries))
        charged = pending = 0.0
        for row, entry in enumerate(entries):
            if entry.certain:
                charged += entry.amount_usd
            else:
                pending += entry.amount_usd
            cells = [
                datetime.fromtimestamp(entry.at).strftime("%Y-%m-%d %H:%M"),
                Path(entry.input_path).name if entry.input_path else "—",
                strategy_label(find_strategy(self._catalog, entry.strategy))
                if entry.strategy
                else entry.model,
                money(entry.amount_usd),
                self.tr("charged") if entry.certain else self.tr("pending"),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 3:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column == 1 and entry.input_path:
                    item.setToolTip(entry.input_path)
                self.table.setItem(row, column, item)
        if entries:
            text = (
                self.tr("%n call(s) this month: %1 charged, up to %2 pending.", "", len(entries))
                .replace("%1", money(charged))
                .replace("%2", money(pending))
            )
        else:
            text = self.tr("No paid calls this month.")
        self.summary.setText(text)

    def rows(self) -> list[list[str]]:
        """The table's text, row by row (what a person reads)."""
        return [
            [item.text() if (item := self.table.item(r, c)) else "" for c in range(COLUMNS)]
            for r in range(self.table.rowCount())
        ]
