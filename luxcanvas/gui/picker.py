"""The strategy picker: one card per strategy, with what it is for, the model, the price with
its date, the typical time, and the selected card's options."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from luxcanvas.app.keys import key_missing
from luxcanvas.domain.formats import INPUT_SUFFIXES
from luxcanvas.domain.jobs import Job
from luxcanvas.domain.local_options import STRENGTHS, TOGGLES, LocalOptions
from luxcanvas.gui.layout import vbox
from luxcanvas.gui.texts import duration, strategy_label, strategy_price, strategy_purpose

LOCAL_DEFAULTS = LocalOptions()
REFERENCE_DIALECTS = ("native", "images", "chat")


@dataclass
class StrategyChoice:
    """What the user picked: a strategy and its options, ready to become a Job."""

    strategy_id: str
    size: str = ""
    prompt: str = ""
    references: tuple[Path, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)

    def job(self, photo: Path) -> Job:
        """This choice run on ``photo``."""
        return Job(photo, self.strategy_id, self.size, self.prompt, self.references, self.options)


class StrategyCard(QFrame):
    """A clickable card for one strategy (objectName ``strategy_<id>``)."""

    clicked = Signal(str)
    versionChosen = Signal(str)
    changed = Signal()

    def __init__(self, strategy: Any, variants: Sequence[Any] = (), parent: QWidget | None = None):
        super().__init__(parent)
        self.strategy = strategy
        #: The current photo's size, for the time estimate (None: no photo).
        self.megapixels: float | None = None
        #: The strategies of this one's family (itself included), offered as versions.
        self.variants = tuple(variants)
        self.setObjectName(f"strategy_{strategy.id}")
        self.setProperty("strategyCard", True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.references: list[Path] = []
        self._selected = False
        self._key_missing = False

        self.title = QLabel(self)
        self.title.setObjectName("cardTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.price = QLabel(self)
        self.price.setObjectName("cardPrice")
        self.price.setWordWrap(True)
        self.purpose = QLabel(self)
        self.purpose.setObjectName("cardPurpose")
        self.purpose.setWordWrap(True)
        self.meta = QLabel(self)
        self.meta.setObjectName("cardMeta")
        self.meta.setWordWrap(True)
        self.key_hint = QLabel(self)
        self.key_hint.setObjectName("cardKeyHint")
        self.key_hint.setWordWrap(True)
        self.key_hint.hide()
        for label in (self.title, self.price, self.purpose, self.meta, self.key_hint):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

        self.options = QWidget(self)
        self.options.setObjectName("cardOptions")
        form = QFormLayout(self.options)
        form.setContentsMargins(0, 4, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form = form
        self._form_labels: dict[str, QLabel] = {}

        self.size_combo: QComboBox | None = None
        self.version_combo: QComboBox | None = None
        self.prompt_edit: QLineEdit | None = None
        self.reference_button: QPushButton | None = None
        self.reference_label: QLabel | None = None
        self.strength_combo: QComboBox | None = None
        self.toggles: dict[str, QCheckBox] = {}
        self._build_options()

        texts = [self.title, self.purpose, self.meta, self.price, self.key_hint]
        vbox(self, [*texts, self.options], margins=(10, 8, 10, 8), spacing=3)
        self.options.hide()
        self.retranslate()
        self._restyle()

    # -- building ----------------------------------------------------------------------------

    def _add_row(self, name: str, widget: QWidget) -> None:
        label = QLabel(self.options)
        self._form_labels[name] = label
        self._form.addRow(label, widget)

    def _build_options(self) -> None:
        strategy = self.strategy
        if strategy.sizes:
            self.size_combo = QComboBox(self.options)
            self.size_combo.setObjectName(f"size_{strategy.id}")
            self.size_combo.addItems(list(strategy.sizes))
            if strategy.default_size in strategy.sizes:
                self.size_combo.setCurrentText(strategy.default_size)
            self.size_combo.currentIndexChanged.connect(self.changed)
            self._add_row("size", self.size_combo)
        if len(self.variants) > 1:
            self.version_combo = QComboBox(self.options)
            self.version_combo.setObjectName(f"version_{strategy.id}")
            for variant in self.variants:
                self.version_combo.addItem(variant.variant, variant.id)
            self.version_combo.setCurrentIndex(self.version_combo.findData(strategy.id))
            self.version_combo.activated.connect(self._version_activated)
            self._add_row("version", self.version_combo)
        if strategy.is_local:
            self.strength_combo = QComboBox(self.options)
            self.strength_combo.setObjectName("localStrength")
            for value in STRENGTHS:
                self.strength_combo.addItem(value, value)
            self.strength_combo.setCurrentIndex(
                self.strength_combo.findData(LOCAL_DEFAULTS.strength)
            )
            self.strength_combo.currentIndexChanged.connect(self.changed)
            self._add_row("strength", self.strength_combo)
            toggles = QWidget(self.options)
            grid = QVBoxLayout(toggles)
            grid.setContentsMargins(0, 0, 0, 0)
            grid.setSpacing(2)
            for name in TOGGLES:
                box = QCheckBox(toggles)
                box.setObjectName(f"local_{name}")
                box.setChecked(getattr(LOCAL_DEFAULTS, name))
                box.toggled.connect(self.changed)
                grid.addWidget(box)
                self.toggles[name] = box
            self._add_row("stages", toggles)
        else:
            self.prompt_edit = QLineEdit(self.options)
            self.prompt_edit.setObjectName(f"prompt_{strategy.id}")
            self.prompt_edit.setClearButtonEnabled(True)
            self.prompt_edit.textChanged.connect(self.changed)
            self._add_row("prompt", self.prompt_edit)
            if strategy.dialect in REFERENCE_DIALECTS:
                row = QWidget(self.options)
                hbox = QHBoxLayout(row)
                hbox.setContentsMargins(0, 0, 0, 0)
                self.reference_label = QLabel(row)
                self.reference_button = QPushButton(row)
                self.reference_button.setObjectName(f"references_{strategy.id}")
                self.reference_button.clicked.connect(self._choose_references)
                hbox.addWidget(self.reference_label, 1)
                hbox.addWidget(self.reference_button)
                self._add_row("references", row)

    def retranslate(self) -> None:
        strategy = self.strategy
        self.title.setText(strategy_label(strategy))
        self.purpose.setText(strategy_purpose(strategy))
        if strategy.is_local and self.megapixels is not None:
            meta = self.tr("On this computer · about %1 for this photo").replace(
                "%1", duration(strategy.expected_seconds(self.megapixels))
            )
        elif strategy.is_local:
            meta = self.tr("On this computer · typically ~%1").replace(
                "%1", duration(strategy.typical_seconds)
            )
        else:
            meta = (
                self.tr("Model: %1 · typically ~%2")
                .replace("%1", strategy.model)
                .replace("%2", duration(strategy.typical_seconds))
            )
        self.meta.setText(meta)
        self.price.setText(strategy_price(strategy))
        self.key_hint.setText(self.tr("Needs a LaoZhang API key (Settings)."))
        self.setAccessibleName(strategy_label(strategy))
        self.setAccessibleDescription(f"{strategy_purpose(strategy)} {strategy_price(strategy)}")
        labels = {
            "size": self.tr("Size"),
            "version": self.tr("Seedream version"),
            "strength": self.tr("Strength"),
            "stages": self.tr("Steps"),
            "prompt": self.tr("Extra instructions"),
            "references": self.tr("Reference photos"),
        }
        for name, label in self._form_labels.items():
            label.setText(labels[name])
        if self.strength_combo is not None:
            names = {
                "gentle": self.tr("Gentle"),
                "normal": self.tr("Normal"),
                "strong": self.tr("Strong"),
            }
            for index in range(self.strength_combo.count()):
                value = self.strength_combo.itemData(index)
                self.strength_combo.setItemText(index, names.get(value, value))
        toggle_names = {
            "scratches": self.tr("Repair scratches and dust"),
            "denoise": self.tr("Reduce grain"),
            "fade": self.tr("Lift fading"),
            "color": self.tr("Correct colour casts"),
            "sharpen": self.tr("Sharpen"),
            "upscale": self.tr("Enlarge ×2"),
        }
        for name, box in self.toggles.items():
            box.setText(toggle_names.get(name, name))
        if self.prompt_edit is not None:
            self.prompt_edit.setPlaceholderText(self.tr("Optional, e.g. “keep the sepia tone”"))
        if self.reference_button is not None:
            self.reference_button.setText(self.tr("Add…"))
        self._update_reference_label()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- state ---------------------------------------------------------------------------

    @property
    def selected(self) -> bool:
        return self._selected

    def set_selected(self, selected: bool) -> None:
        self._selected = selected
        self.options.setVisible(selected)
        self._restyle()

    def set_key_missing(self, missing: bool) -> None:
        """Show that this strategy cannot run until a key is set."""
        self._key_missing = missing
        self.key_hint.setVisible(missing)

    def _restyle(self) -> None:
        self.setProperty("selected", self._selected)
        self.setStyleSheet(
            "QFrame[strategyCard=true] { border-radius: 8px; border: %s; }"
            % ("2px solid palette(highlight)" if self._selected else "1px solid palette(mid)")
            + " QLabel#cardPurpose, QLabel#cardMeta { color: palette(placeholder-text); }"
            + " QLabel#cardPrice { font-weight: 600; }"
            + " QLabel#cardKeyHint { color: #b35c00; }"
        )

    def choice(self) -> StrategyChoice:
        options: dict[str, Any] = {}
        if self.strength_combo is not None:
            options["strength"] = self.strength_combo.currentData()
            for name, box in self.toggles.items():
                options[name] = box.isChecked()
        return StrategyChoice(
            strategy_id=self.strategy.id,
            size=self.size_combo.currentText() if self.size_combo is not None else "",
            prompt=self.prompt_edit.text().strip() if self.prompt_edit is not None else "",
            references=tuple(self.references),
            options=options,
        )

    def apply(self, size: str, prompt: str, options: dict[str, Any]) -> None:
        """Restore the options of an earlier run (history → re-run)."""
        if self.size_combo is not None and size:
            self.size_combo.setCurrentText(size)
        if self.prompt_edit is not None:
            self.prompt_edit.setText(prompt)
        if self.strength_combo is not None:
            strength = options.get("strength", LOCAL_DEFAULTS.strength)
            self.strength_combo.setCurrentIndex(max(0, self.strength_combo.findData(strength)))
            for name, box in self.toggles.items():
                box.setChecked(bool(options.get(name, getattr(LOCAL_DEFAULTS, name))))

    def set_references(self, references: list[Path]) -> None:
        self.references = list(references)
        self._update_reference_label()
        self.changed.emit()

    def _update_reference_label(self) -> None:
        if self.reference_label is None:
            return
        if self.references:
            names = ", ".join(p.name for p in self.references[:2])
            more = len(self.references) - 2
            text = names + (f" +{more}" if more > 0 else "")
        else:
            text = self.tr("None")
        self.reference_label.setText(text)

    @Slot()
    def _choose_references(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Reference photos"),
            "",
            self.tr("Images (%1)").replace("%1", " ".join(f"*{s}" for s in sorted(INPUT_SUFFIXES))),
        )
        if files:
            self.set_references([Path(f) for f in files])

    @Slot(int)
    def _version_activated(self, index: int) -> None:
        assert self.version_combo is not None
        target = self.version_combo.itemData(index)
        if target != self.strategy.id:
            self.version_combo.setCurrentIndex(self.version_combo.findData(self.strategy.id))
            self.versionChosen.emit(target)

    # -- clicking ------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit(self.strategy.id)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.clicked.emit(self.strategy.id)
            return
        super().keyPressEvent(event)


class StrategyPicker(QScrollArea):
    """All strategies as cards (objectName ``strategyPicker``); one is selected."""

    selectionChanged = Signal(str)
    optionsChanged = Signal()

    def __init__(self, catalog: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("strategyPicker")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(self)
        body.setObjectName("strategyPickerBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.setSpacing(6)
        self.cards: dict[str, StrategyCard] = {}
        for strategy in catalog:
            family = [s for s in catalog if s.family == strategy.family] if strategy.family else []
            card = StrategyCard(strategy, family, body)
            card.clicked.connect(self.select)
            card.versionChosen.connect(self.select)
            card.changed.connect(self.optionsChanged)
            layout.addWidget(card)
            self.cards[strategy.id] = card
        layout.addStretch(1)
        self.setWidget(body)
        self._selected = ""
        self.setAccessibleName(self.tr("Strategies"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.setAccessibleName(self.tr("Strategies"))
        super().changeEvent(event)

    @property
    def selected_id(self) -> str:
        return self._selected

    @property
    def selected_strategy(self) -> Any:
        return self.cards[self._selected].strategy

    def set_photo_size(self, width: int, height: int) -> None:
        """The current photo's size: the cards' time estimates follow it."""
        for card in self.cards.values():
            card.megapixels = width * height / 1e6
            card.retranslate()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        # At launch the cards have no geometry yet when the first strategy is selected:
        # bring the selected one into view once the layout has run.
        QTimer.singleShot(0, self._reveal_selected)

    @Slot()
    def _reveal_selected(self) -> None:
        card = self.cards.get(self._selected)
        if card is not None:
            self.ensureWidgetVisible(card, 0, 0)

    @Slot(str)
    def select(self, strategy_id: str) -> None:
        if strategy_id not in self.cards:
            return
        changed = strategy_id != self._selected
        self._selected = strategy_id
        for sid, card in self.cards.items():
            card.set_selected(sid == strategy_id)
        self.ensureWidgetVisible(self.cards[strategy_id], 0, 0)
        if changed:
            self.selectionChanged.emit(strategy_id)

    def choice(self) -> StrategyChoice:
        return self.cards[self._selected].choice()

    def update_key_state(self, secrets: Any) -> None:
        """Mark the strategies that cannot run with the key at hand (none set)."""
        for card in self.cards.values():
            card.set_key_missing(key_missing(card.strategy, secrets))
