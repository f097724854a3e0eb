"""The strategy picker: one card per strategy, with what it is for, the model, the price with
its date, the typical time, and the selected card's options."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QRectF, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont, QKeyEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from luxcanvas.app.keys import key_missing
from luxcanvas.domain.formats import INPUT_SUFFIXES
from luxcanvas.domain.jobs import Job
from luxcanvas.domain.local_options import STRENGTHS, TOGGLES, LocalOptions
from luxcanvas.gui.card_look import RING, paint_card, tone
from luxcanvas.gui.layout import vbox
from luxcanvas.gui.texts import (
    duration,
    money,
    price_unit,
    strategy_label,
    strategy_price,
    strategy_purpose,
)

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


#: Keys that move the choice between cards, as the step they take ("first", "last": Home, End).
_MOVES = {
    Qt.Key.Key_Up: "previous",
    Qt.Key.Key_Left: "previous",
    Qt.Key.Key_Down: "next",
    Qt.Key.Key_Right: "next",
    Qt.Key.Key_Home: "first",
    Qt.Key.Key_End: "last",
}


class StrategyCard(QRadioButton):
    """A card for one strategy (objectName ``strategy_<id>``): a radio button of the picker's
    group to screen readers and the keyboard, painted as a card from the palette."""

    chosen = Signal(str)
    #: The keyboard asks to move the choice: "previous", "next", "first" or "last".
    moveRequested = Signal(str)
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
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        # The picker's exclusive QButtonGroup keeps one chosen; auto-exclusive (a QRadioButton's
        # default) is what makes screen readers announce a radio button, not a check box.
        self.setAutoExclusive(True)
        # Preferred, not Maximum: a narrow card needs more height than its hint (wrapped text).
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.clicked.connect(self._clicked)
        self.references: list[Path] = []
        self._key_missing = False

        self.title = QLabel(self)
        self.title.setObjectName("cardTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.title.setContentsMargins(0, 0, 22, 0)  # room for the radio mark
        self.price = QLabel(self)
        self.price.setObjectName("cardPrice")
        self.price.setWordWrap(True)
        price_font = self.price.font()
        price_font.setWeight(QFont.Weight.DemiBold)
        self.price.setFont(price_font)
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
            label.setForegroundRole(QPalette.ColorRole.Text)  # it sits on the card's Base
        for label in (self.purpose, self.meta):
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.options = QWidget(self)
        self.options.setObjectName("cardOptions")
        form = QFormLayout(self.options)
        form.setContentsMargins(0, 4, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # narrow panels
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
        ring = round(RING)
        margins = (10 + ring, 8 + ring, 10 + ring, 8 + ring)
        vbox(self, [*texts, self.options], margins=margins, spacing=3)
        self.options.hide()
        self.retranslate()
        self._follow_palette()

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
        self._update_accessible_text()
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

    def _update_accessible_text(self) -> None:
        """A screen reader hears the label and the price (the checked state says whether it
        is chosen), then what it is for."""
        strategy = self.strategy
        self.setAccessibleName(f"{strategy_label(strategy)}, {strategy_price(strategy)}")
        parts = [strategy_purpose(strategy), self.meta.text()]
        if self._key_missing:
            parts.append(self.key_hint.text())
        self.setAccessibleDescription(" ".join(parts))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._follow_palette()
        super().changeEvent(event)

    def _follow_palette(self) -> None:
        """The key hint's warning colour, from the palette now in use (a theme switched live)."""
        palette = self.key_hint.palette()
        palette.setColor(QPalette.ColorRole.Text, tone(self.palette(), "warning"))
        self.key_hint.setPalette(palette)
        self.update()

    # -- painting and size ---------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        paint_card(
            painter,
            QRectF(self.rect()),
            self.palette(),
            selected=self.isChecked(),
            focused=self.hasFocus(),
            hovered=self.underMouse(),
        )
        painter.end()

    def sizeHint(self) -> QSize:
        layout = self.layout()
        return layout.totalSizeHint() if layout is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        layout = self.layout()
        return layout.totalMinimumSize() if layout is not None else super().minimumSizeHint()

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)  # the whole card, not only a radio indicator

    # -- state ---------------------------------------------------------------------------

    @property
    def selected(self) -> bool:
        return self.isChecked()

    def set_selected(self, selected: bool) -> None:
        self.setChecked(selected)
        self.options.setVisible(selected)
        self.update()

    def set_key_missing(self, missing: bool) -> None:
        """Show that this strategy cannot run until a key is set."""
        self._key_missing = missing
        self.key_hint.setVisible(missing)
        self._update_accessible_text()

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

    # -- clicking and keys ---------------------------------------------------------------

    @Slot()
    def _clicked(self) -> None:
        self.chosen.emit(self.strategy.id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        move = _MOVES.get(Qt.Key(event.key()))
        if move is not None and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.moveRequested.emit(move)
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        super().keyPressEvent(event)  # Space clicks, as on any button


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
        #: The cards as one exclusive radio group (what a screen reader announces).
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        for strategy in catalog:
            family = [s for s in catalog if s.family == strategy.family] if strategy.family else []
            card = StrategyCard(strategy, family, body)
            self.group.addButton(card)
            card.chosen.connect(self.select)
            card.moveRequested.connect(self._move_choice)
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

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        # A taller jobs panel or a smaller window must not hide what the choice costs.
        card = self.cards.get(self._selected)
        if card is not None and self.isVisible():
            self.ensureWidgetVisible(card.price, 0, 6)

    @Slot()
    def _reveal_selected(self) -> None:
        """The chosen card in view; the free card too when both fit (it is the first)."""
        card = self.cards.get(self._selected)
        if card is None:
            return
        free = next((c for c in self.cards.values() if c.strategy.is_local), None)
        bar = self.verticalScrollBar()
        if free is not None and free is not card:
            top = min(free.y(), card.y())
            bottom = max(free.geometry().bottom(), card.geometry().bottom())
            if bottom - top < self.viewport().height():
                if bar.value() > top or bar.value() + self.viewport().height() < bottom:
                    bar.setValue(top)
                return
        self.ensureWidgetVisible(card, 0, 0)

    @Slot(str)
    def select(self, strategy_id: str) -> None:
        if strategy_id not in self.cards:
            return
        changed = strategy_id != self._selected
        self._selected = strategy_id
        self.cards[strategy_id].set_selected(True)  # first: the group unchecks the others
        for sid, card in self.cards.items():
            if sid != strategy_id:
                card.set_selected(False)
        self.ensureWidgetVisible(self.cards[strategy_id], 0, 0)
        if changed:
            self.selectionChanged.emit(strategy_id)

    @Slot(str)
    def _move_choice(self, move: str) -> None:
        """Arrow keys, Home and End choose the previous, next, first or last card."""
        ids = list(self.cards)
        index = ids.index(self._selected) if self._selected in ids else 0
        target = {
            "previous": max(0, index - 1),
            "next": min(len(ids) - 1, index + 1),
            "first": 0,
            "last": len(ids) - 1,
        }[move]
        self.select(ids[target])
        self.cards[ids[target]].setFocus(Qt.FocusReason.OtherFocusReason)

    def summary(self) -> str:
        """The choice in one line: 'Faithful restoration · 2K · $0.05 per edit'."""
        card = self.cards[self._selected]
        strategy = card.strategy
        parts = [strategy_label(strategy)]
        if card.size_combo is not None:
            parts.append(card.size_combo.currentText())
        if strategy.is_local or strategy.estimated_cost == 0:
            parts.append(self.tr("free"))
        else:
            parts.append(
                self.tr("%1 per %2")
                .replace("%1", money(strategy.estimated_cost))
                .replace("%2", price_unit(strategy.price_unit))
            )
        return " · ".join(parts)

    def choice(self) -> StrategyChoice:
        return self.cards[self._selected].choice()

    def update_key_state(self, secrets: Any) -> None:
        """Mark the strategies that cannot run with the key at hand (none set)."""
        for card in self.cards.values():
            card.set_key_missing(key_missing(card.strategy, secrets))
