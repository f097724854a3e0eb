"""How faithful a result is, in words and colour: the verdict on history entries, and the
warning strip over the canvas when the shown result is not faithful ("Check: 2 regions
changed — Show changes / Revert").

The verdict itself comes from the core (``domain.fidelity.Fidelity``, measured by
``app.compare``); this module only words and colours it. Colour is never the only sign: every
verdict also has a symbol and a word.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, QRectF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from luxcanvas.domain.fidelity import Fidelity, Verdict

# Each verdict's colour (for badges, strip tints) and symbol (so colour is not the only sign).
VERDICT_COLORS = {
    Verdict.FAITHFUL: QColor("#2e9d5b"),
    Verdict.CHECK: QColor("#d48806"),
    Verdict.REINTERPRETED: QColor("#c0392b"),
}
VERDICT_SYMBOLS = {Verdict.FAITHFUL: "✓", Verdict.CHECK: "!", Verdict.REINTERPRETED: "✕"}


class FidelityPlurals(QObject):
    """Texts with a count (lupdate marks plural forms only in ``tr`` calls of a class)."""

    def regions(self, count: int) -> str:
        # English words its one and its many apart; each text has every plural form too.
        if count == 1:
            return self.tr("%n region", "", count)
        return self.tr("%n regions", "", count)


_PLURALS = FidelityPlurals()


def fidelity_of(record: Any) -> Fidelity | None:
    """The fidelity stored with a history record (a ``Fidelity``, its JSON object or text),
    or ``None`` when the version has none (offline repairs, older versions, edits)."""
    value = getattr(record, "fidelity", None)
    if value is None or isinstance(value, Fidelity):
        return value
    try:
        if isinstance(value, str | bytes):
            value = json.loads(value) if value else None
        return Fidelity.from_json(value) if isinstance(value, Mapping) else None
    except (ValueError, KeyError, TypeError):
        return None


def score_text(value: float) -> str:
    """A score written the way the interface's language writes decimals (0.93 / 0,93)."""
    return QLocale().toString(float(value), "f", 2)


def verdict_word(verdict: Verdict) -> str:
    words = {
        Verdict.FAITHFUL: QCoreApplication.translate("Fidelity", "Faithful"),
        Verdict.CHECK: QCoreApplication.translate("Fidelity", "Check"),
        Verdict.REINTERPRETED: QCoreApplication.translate("Fidelity", "Reinterpreted"),
    }
    return words[verdict]


def verdict_line(fidelity: Fidelity) -> str:
    """The history entry's verdict line: "✓ Faithful · 0.93", "! Check · 0.61 · 2 regions"."""
    parts = [f"{VERDICT_SYMBOLS[fidelity.verdict]} {verdict_word(fidelity.verdict)}"]
    parts.append(score_text(fidelity.score))
    if fidelity.verdict == Verdict.CHECK and fidelity.regions:
        parts.append(_PLURALS.regions(len(fidelity.regions)))
    return " · ".join(parts)


def verdict_explained(fidelity: Fidelity) -> str:
    """A sentence for tooltips and screen readers: what the verdict means."""
    texts = {
        Verdict.FAITHFUL: QCoreApplication.translate(
            "Fidelity", "Faithful: only what a restoration should change (damage, tone, sharpness)."
        ),
        Verdict.CHECK: QCoreApplication.translate(
            "Fidelity", "Check: the result may have invented or lost detail in places."
        ),
        Verdict.REINTERPRETED: QCoreApplication.translate(
            "Fidelity", "Reinterpreted: a new picture painted after yours, not a repair of it."
        ),
    }
    score = QCoreApplication.translate("Fidelity", "Fidelity score %1 of 1.").replace(
        "%1", score_text(fidelity.score)
    )
    return f"{texts[fidelity.verdict]} {score}"


def verdict_icon(thumb: QImage, fidelity: Fidelity | None) -> QIcon:
    """The thumbnail with the verdict's badge (a coloured disc with its symbol) in a corner."""
    pixmap = QPixmap.fromImage(thumb)
    if fidelity is None or pixmap.isNull():
        return QIcon(pixmap)
    side = max(14.0, min(pixmap.width(), pixmap.height()) * 0.32)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    disc = QRectF(pixmap.width() - side - 2, 2, side, side)
    painter.setPen(QColor(255, 255, 255, 230))
    painter.setBrush(VERDICT_COLORS[fidelity.verdict])
    painter.drawEllipse(disc)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(side * 0.62))
    painter.setFont(font)
    painter.setPen(QColor(255, 255, 255))
    painter.drawText(disc, Qt.AlignmentFlag.AlignCenter, VERDICT_SYMBOLS[fidelity.verdict])
    painter.end()
    return QIcon(pixmap)


class FidelityStrip(QFrame):
    """The warning over the canvas when the shown result is not faithful (objectName
    ``fidelityStrip``); hidden for faithful results and versions without a verdict."""

    showRequested = Signal()
    revertRequested = Signal()
    brushRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("fidelityStrip")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.fidelity: Fidelity | None = None
        self._dismissed: set[str] = set()
        self._job_id = ""
        self._selected: int | None = None  # the region picked in the Changes view (1-based)
        self.badge = QLabel(self)
        self.badge.setObjectName("fidelityBadge")
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.badge.setFixedSize(22, 22)
        self.text = QLabel(self)
        self.text.setObjectName("fidelityText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.show_button = QPushButton(self)
        self.show_button.setObjectName("fidelityShowButton")
        self.revert_button = QPushButton(self)
        self.revert_button.setObjectName("fidelityRevertButton")
        self.brush_button = QPushButton(self)
        self.brush_button.setObjectName("fidelityBrushButton")
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("fidelityCloseButton")
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.show_button.clicked.connect(self.showRequested)
        self.revert_button.clicked.connect(self.revertRequested)
        self.brush_button.clicked.connect(self.brushRequested)
        self.close_button.clicked.connect(self._dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 5, 4, 5)
        layout.setSpacing(8)
        layout.addWidget(self.badge)
        layout.addWidget(self.text, 1)
        for button in (self.show_button, self.revert_button, self.brush_button):
            layout.addWidget(button)
        layout.addWidget(self.close_button)
        self.hide()
        self.retranslate()

    def retranslate(self) -> None:
        self.show_button.setText(self.tr("Show changes"))
        self.show_button.setToolTip(self.tr("Show where the result changed your photo (5)"))
        self.brush_button.setText(self.tr("Keep original here…"))
        self.brush_button.setToolTip(self.tr("Paint where your original should come back (B)"))
        self.close_button.setToolTip(self.tr("Hide this warning for this version"))
        self.close_button.setAccessibleName(self.tr("Hide warning"))
        self._update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_fidelity(self, fidelity: Fidelity | None, job_id: str = "") -> None:
        """Show the warning for ``fidelity`` of version ``job_id`` (hidden when faithful)."""
        self.fidelity, self._job_id = fidelity, job_id
        self._update()

    def set_selected(self, number: int | None) -> None:
        """Region ``number`` (1-based) was picked: Revert then puts the original back there
        only; ``None``: Revert takes every flagged region."""
        self._selected = number
        self._update()

    def is_warning(self) -> bool:
        return (
            self.fidelity is not None
            and self.fidelity.verdict != Verdict.FAITHFUL
            and self._job_id not in self._dismissed
        )

    @Slot()
    def _dismiss(self) -> None:
        self._dismissed.add(self._job_id)
        self._update()

    def _update(self) -> None:
        fidelity = self.fidelity
        if fidelity is None or not self.is_warning():
            self.hide()
            return
        count = len(fidelity.regions)
        if fidelity.verdict == Verdict.REINTERPRETED:
            message = self.tr(
                "Reinterpreted: this result is a new picture painted after yours, not a repair "
                "of it. Faces and details may differ."
            )
        elif count == 1:
            message = self.tr(
                "Check: %n region changed — the result may have invented or lost detail there.",
                "",
                count,
            )
        elif count:
            message = self.tr(
                "Check: %n regions changed — the result may have invented or lost detail there.",
                "",
                count,
            )
        else:
            message = self.tr("Check: this result differs from your photo more than a repair.")
        self.text.setText(message)
        picked = self._selected
        if picked is None:
            self.revert_button.setText(self.tr("Revert"))
            self.revert_button.setToolTip(
                self.tr("Put your original back in the flagged regions, as a new version (free)")
            )
        else:
            self.revert_button.setText(self.tr("Revert region %1").replace("%1", str(picked)))
            self.revert_button.setToolTip(
                self.tr("Put your original back in this region, as a new version (free)")
            )
        self.revert_button.setVisible(
            picked is not None or (count > 0 and fidelity.verdict == Verdict.CHECK)
        )
        color = VERDICT_COLORS[fidelity.verdict]
        rgb = f"{color.red()}, {color.green()}, {color.blue()}"
        self.setStyleSheet(
            f"QFrame#fidelityStrip {{ background: rgba({rgb}, 0.16);"
            f" border: 1px solid rgba({rgb}, 0.65); border-radius: 6px; }}"
            f" QLabel#fidelityBadge {{ background: rgb({rgb}); color: white;"
            " border-radius: 11px; font-weight: bold; }"
        )
        self.badge.setText(VERDICT_SYMBOLS[fidelity.verdict])
        self.badge.setAccessibleName(verdict_word(fidelity.verdict))
        self.setAccessibleName(self.tr("Fidelity warning"))
        self.setAccessibleDescription(f"{message} {verdict_explained(fidelity)}")
        self.show()
