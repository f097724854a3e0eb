"""Running jobs: one row each with the stage, elapsed against typical time, and Cancel."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QProgressBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from luxcanvas.domain.jobs import Progress, Stage, Step
from luxcanvas.gui.texts import duration, stage_text, strategy_label


class JobRow(QFrame):
    """One running job (objectName ``job_<key>``)."""

    cancelRequested = Signal(str)

    def __init__(self, key: str, photo_name: str, strategy: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        self.strategy = strategy
        self.photo_name = photo_name
        self.started = time.monotonic()
        self.stage = Stage.QUEUED
        self.step: Step | None = None
        self.facts: Mapping[str, Any] = {}
        self.fraction: float | None = None
        self.cancelling = False
        self.setObjectName(f"job_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(self)
        self.title.setObjectName("jobTitle")
        self.stage_label = QLabel(self)
        self.stage_label.setObjectName("jobStage")
        self.time_label = QLabel(self)
        self.time_label.setObjectName("jobTime")
        self.time_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(6)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setObjectName("cancelJobButton")
        self.cancel_button.setText("✕")
        self.cancel_button.clicked.connect(self._cancel)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 5, 4, 5)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.title, 0, 0, 1, 2)
        grid.addWidget(self.cancel_button, 0, 2, 2, 1)
        grid.addWidget(self.stage_label, 1, 0)
        grid.addWidget(self.time_label, 1, 1)
        grid.addWidget(self.bar, 2, 0, 1, 3)
        grid.setColumnStretch(0, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(f"{self.photo_name} · {strategy_label(self.strategy)}")
        self.cancel_button.setToolTip(self.tr("Cancel this job"))
        self.cancel_button.setAccessibleName(self.tr("Cancel this job"))
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_progress(self, progress: Progress) -> None:
        self.stage = progress.stage
        self.step = progress.step
        self.facts = progress.facts
        if progress.fraction is not None:
            self.fraction = progress.fraction
        self.refresh()

    def set_cancelling(self) -> None:
        self.cancelling = True
        self.cancel_button.setEnabled(False)
        self.refresh()

    def refresh(self) -> None:
        elapsed = time.monotonic() - self.started
        typical = float(self.strategy.typical_seconds or 0)
        if self.cancelling:
            self.stage_label.setText(self.tr("Cancelling…"))
        else:
            self.stage_label.setText(stage_text(self.stage, self.step, self.facts))
        if typical:
            self.time_label.setText(
                self.tr("%1 of ~%2")
                .replace("%1", duration(elapsed))
                .replace("%2", duration(typical))
            )
        else:
            self.time_label.setText(duration(elapsed))
        if self.fraction is not None:
            value = self.fraction
        elif typical:
            value = min(0.95, elapsed / typical)
        else:
            value = 0.0
        self.bar.setValue(int(value * 1000))

    @Slot()
    def _cancel(self) -> None:
        self.cancelRequested.emit(self.key)


class JobsPanel(QWidget):
    """The rows of every running job, for every open photo."""

    cancelRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("jobsPanel")
        self.rows: dict[str, JobRow] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.hide()

    def add(self, key: str, photo_name: str, strategy: Any) -> JobRow:
        row = JobRow(key, photo_name, strategy, self)
        row.cancelRequested.connect(self.cancelRequested)
        self.rows[key] = row
        self._layout.addWidget(row)
        self.show()
        return row

    def remove(self, key: str) -> None:
        row = self.rows.pop(key, None)
        if row is not None:
            self._layout.removeWidget(row)
            row.deleteLater()
        self.setVisible(bool(self.rows))

    def tick(self) -> None:
        for row in self.rows.values():
            row.refresh()
