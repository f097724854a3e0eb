"""The shell of the window as a demanding new user meets it (issue 14): a dark theme switched
live, money in the locale's way, the choice in view at launch, a window that fits a small
screen, strategy cards that are a radio group, and a first path with numbered steps."""

from __future__ import annotations

import re
from collections import Counter

import keyring
import pytest
from PySide6.QtCore import QLocale, QPoint, Qt
from PySide6.QtGui import QAccessible, QColor, QImage
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from luxcanvas.gui.card_look import card_colours
from luxcanvas.gui.first_run import KEY_PAGE, FirstRunDialog, welcome_once
from luxcanvas.gui.texts import duration, money, strategy_label
from luxcanvas.store.settings import Settings, load_settings, save_settings
from tests.conftest import FIXTURES
from tests.fakes.gateway import Scenario
from tests.gui.conftest import WAIT_MS, drop_files, history_texts, wait_for_photo

PHOTO = FIXTURES / "odd" / "with_exif_gps.jpg"

# --- helpers -------------------------------------------------------------------------------


def _luminance(colour: QColor) -> float:
    """WCAG relative luminance."""

    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = colour.red(), colour.green(), colour.blue()
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio, 1 (none) to 21 (black on white)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def painted_text_contrast(image: QImage, label: QLabel) -> tuple[QColor, float]:
    """In a grabbed card, the background under ``label`` (its commonest colour) and the
    contrast of its strongest text pixel against it."""
    rect = label.geometry()
    dpr = image.devicePixelRatio()
    pixels = [
        image.pixelColor(round(x * dpr), round(y * dpr))
        for y in range(rect.top(), rect.bottom() + 1)
        for x in range(rect.left(), rect.right() + 1)
    ]
    background = QColor(Counter(p.rgb() for p in pixels).most_common(1)[0][0])
    return background, max(contrast(p, background) for p in pixels)


@pytest.fixture
def restore_theme():
    """Put the application's style and palette back after a test that switches the theme."""
    app = QApplication.instance()
    palette, style = app.palette(), app.style().name()
    yield
    from PySide6.QtWidgets import QStyleFactory

    app.setStyle(QStyleFactory.create(style))
    app.setPalette(palette)


def _with_a_key() -> None:
    keyring.set_password("luxcanvas", "laozhang-api-key", "sk-test-0000-abcd")  # in-memory


def _relaunch(window, qtbot, width: int, height: int) -> None:
    """Show the window again at ``width`` x ``height``, as at a launch on that screen."""
    window.hide()
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(60)  # the picker reveals the choice once its layout has run


def _in_view(picker, widget) -> tuple[int, int]:
    """``widget``'s top and bottom in the picker's viewport coordinates."""
    top = widget.mapTo(picker.viewport(), QPoint(0, 0)).y()
    return top, top + widget.height()


# --- point 2: a dark theme switched live, money by locale ------------------------------------


def _switch_theme_in_settings(window, qtbot, theme: str) -> None:
    qtbot.mouseClick(window.settings_button, Qt.MouseButton.LeftButton)
    dialog = window.settings_dialog
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData(theme))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert load_settings().theme == theme


def _cards_read_well(window, dark: bool) -> None:
    """Every card's title, price and purpose contrast with the card they are painted on,
    by the palette's roles and by the pixels painted."""

    def right_shade(colour: QColor) -> bool:
        return colour.lightness() < 80 if dark else colour.lightness() > 200

    for card in window.picker.cards.values():
        background, _ = card_colours(card.palette(), card.isChecked(), hovered=False)
        assert right_shade(background), f"{card.objectName()} paints {background.name()}"
        image = card.grab().toImage()
        for label, least in ((card.title, 7.0), (card.price, 7.0), (card.purpose, 4.5)):
            role_colour = label.palette().color(label.foregroundRole())
            assert contrast(role_colour, background) >= least, (card.objectName(), label)
            painted_bg, painted = painted_text_contrast(image, label)
            assert right_shade(painted_bg) and painted >= least, (
                f"{card.objectName()} {label.objectName()}: text {painted:.1f}:1 on "
                f"{painted_bg.name()}"
            )


def test_switching_the_theme_live_keeps_every_card_readable(make_window, qtbot, restore_theme):
    window = make_window()
    _switch_theme_in_settings(window, qtbot, "dark")
    qtbot.waitUntil(lambda: window.palette().color(window.backgroundRole()).lightness() < 80)
    qtbot.wait(30)
    _cards_read_well(window, dark=True)
    _switch_theme_in_settings(window, qtbot, "light")  # and back, still without a restart
    qtbot.waitUntil(lambda: window.palette().color(window.backgroundRole()).lightness() > 200)
    qtbot.wait(30)
    _cards_read_well(window, dark=False)


def test_durations_never_read_zero_seconds_for_work_done():
    assert duration(0.3) == "1\u00a0s"
    assert duration(0) == "0\u00a0s"
    assert duration(69) == "1\u00a0min\u00a009\u00a0s"


def test_money_reads_in_the_locales_way():
    spanish = QLocale(QLocale.Language.Spanish, QLocale.Country.Spain)
    english = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    assert money(0.025, spanish) == "0,025\u00a0US$"
    assert money(5, spanish) == "5,00\u00a0US$"
    assert money(0.025, english) == "$0.025"
    assert money(5, english) == "$5.00"


def test_no_dollar_sign_leads_an_amount_anywhere_in_the_spanish_window(make_window):
    save_settings(Settings(language="es"))
    _with_a_key()
    window = make_window()
    texts = [w.text() for w in window.findChildren(QLabel) + window.findChildren(QAbstractButton)]
    texts.append(window.choice_summary.text())
    amounts = [t for t in texts if re.search(r"\d,\d{2}", t)]
    assert any("US$" in t for t in amounts), "prices are shown at all"
    assert [t for t in texts if re.search(r"\$\s?\d", t)] == [], "an English-style amount"
    assert "0,09\u00a0US$" in window.run_button.text()


# --- point 4: what a cancelled paid call may cost, on its row as in the header --------------


def test_a_cancelled_paid_call_says_what_it_may_cost_on_its_row(gateway, make_window, qtbot):
    gateway.queue("native", Scenario.HANG)
    window = make_window()
    drop_files(window, [PHOTO])
    wait_for_photo(qtbot, window)
    window.picker.select("local")  # a free repair first: the photo is "✓ Done"
    window.run_current()
    qtbot.waitUntil(lambda: window.shown_job_id is not None, timeout=WAIT_MS)
    assert window.photos_ctl.state_text(PHOTO) == "✓ Done"
    window.picker.select("restore")
    window.run_current()
    qtbot.waitUntil(lambda: gateway.count("native") == 1, timeout=WAIT_MS)
    assert window.photos_ctl.state_text(PHOTO) != "✓ Done"  # running
    window.named_actions["cancelAction"].trigger()
    qtbot.waitUntil(lambda: not window.jobs and len(window.history.records) == 2, timeout=WAIT_MS)
    price = money(window.catalog.get("restore").estimated_cost)
    cancelled = next(t for t in history_texts(window) if "Cancelled" in t)
    assert f"$0.00 charged · up to {price} pending" in cancelled
    assert f"$0.00 charged · up to {price} pending" in window.spend_label.text()
    assert window.photos_ctl.state_text(PHOTO) == "✓ Done", "the cancel undid nothing done"


# --- point 3: the choice in view at launch, and in one line beside Run ------------------------


@pytest.mark.parametrize("size", [(1024, 700), (1920, 1080)])
def test_at_launch_the_chosen_card_is_in_view(make_window, qtbot, size):
    _with_a_key()  # the recommended (paid) card is chosen, below the free one
    window = make_window()
    assert window.picker.selected_id == "restore"
    _relaunch(window, qtbot, *size)
    picker = window.picker
    card = picker.cards["restore"]
    top, bottom = _in_view(picker, card)
    assert top >= 0 and bottom <= picker.viewport().height(), "the whole chosen card shows"
    price_top, price_bottom = _in_view(picker, card.price)
    assert price_top >= 0 and price_bottom <= picker.viewport().height()
    free = picker.cards["local"]
    free_top, free_bottom = _in_view(picker, free)
    both_fit = bottom - free_top <= picker.viewport().height()
    if size == (1920, 1080):
        assert both_fit, "a large screen has room for both"
    if both_fit:
        assert free_top >= 0 and free_bottom <= picker.viewport().height(), "the free card too"


def test_a_summary_beside_run_names_the_strategy_and_its_price(make_window, qtbot):
    _with_a_key()
    window = make_window()
    summary = window.choice_summary
    strategy = window.catalog.get("restore")
    text = summary.text()
    assert strategy_label(strategy) in text and money(strategy.estimated_cost) in text
    assert "2K" in text
    assert summary.isVisible()
    # Just above Run, in the same column.
    gap = (
        window.run_button.mapTo(window, QPoint(0, 0)).y()
        - summary.mapTo(window, QPoint(0, summary.height())).y()
    )
    assert 0 <= gap <= 24
    window.picker.cards["restore"].size_combo.setCurrentText("4K")
    assert "4K" in summary.text()
    qtbot.mouseClick(window.picker.cards["local"], Qt.MouseButton.LeftButton)
    assert summary.text() == "Free offline repair · free"


# --- point 7: a window that fits a 1024 x 700 screen; side panels that hide ------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_window_fits_a_1024_pixel_screen(make_window, qtbot, language):
    save_settings(Settings(language=language))
    _with_a_key()
    window = make_window()
    assert window.minimumSizeHint().width() <= 960, "about 900: room left on a 1024 screen"
    assert window.minimumSizeHint().height() <= 700
    _relaunch(window, qtbot, 1024, 700)
    assert window.width() == 1024 and window.height() == 700
    for widget in (window.run_button, window.picker, window.canvas, window.history.list):
        assert widget.isVisible() and widget.width() > 0
        right = widget.mapTo(window, QPoint(widget.width(), 0)).x()
        assert right <= window.width(), f"{widget.objectName()} runs off the window"
    card = window.picker.cards["restore"]
    assert card.title.width() >= card.title.minimumSizeHint().width()


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_long_version_name_does_not_widen_the_window(make_window, make_job, qtbot, language):
    save_settings(Settings(language=language))
    record = make_job(
        input_path=PHOTO,
        strategy="restore",
        size="4K",
        prompt="keep the sepia tone, the paper texture and the pencil note",
        cost_usd=0.09,
    )
    window = make_window()
    drop_files(window, [PHOTO])
    wait_for_photo(qtbot, window)
    qtbot.waitUntil(lambda: len(window.history.records) == 1, timeout=WAIT_MS)
    window.show_version(record.id)
    label = window.compare_label
    assert label.isVisible() and "4K" in label.text()
    assert label.fontMetrics().horizontalAdvance(label.text()) > 560, "a name this long"
    assert window.minimumSizeHint().width() <= 960
    _relaunch(window, qtbot, 1024, 700)
    assert window.width() == 1024
    bottom = label.mapTo(window, QPoint(0, label.height())).y()
    assert bottom <= window.canvas.mapTo(window, QPoint(0, 0)).y(), "the words wrap, whole"


def test_the_view_bar_restacks_when_the_language_changes_live(make_window, qtbot):
    from luxcanvas.gui.app import language_manager

    window = make_window()
    _relaunch(window, qtbot, 1280, 800)
    bar = window.view_bar
    buttons = [*bar.mode_buttons.values(), bar.flip_button, window.brush_bar.toggle_button]

    def squeezed() -> list[str]:
        return [b.text() for b in buttons if b.isVisible() and b.width() < b.sizeHint().width()]

    assert not bar.stacked and squeezed() == []
    language_manager(QApplication.instance()).apply("es")
    qtbot.waitUntil(lambda: bar.flip_button.text() == "Invertir", timeout=WAIT_MS)
    qtbot.wait(50)
    assert squeezed() == [], "no button cut to “Ante…pués”"
    assert bar.stacked == (bar.width() < bar._one_row_width())


def test_the_view_menu_and_its_keys_hide_and_show_the_side_panels(make_window, qtbot):
    window = make_window()
    _relaunch(window, qtbot, 1024, 700)
    window.activateWindow()
    window.canvas.setFocus()
    view = [a.objectName() for a in window.menus["view"].actions()]
    assert {"sidePanelAction", "historyPanelAction"} <= set(view)
    canvas_width = window.canvas.width()

    window.named_actions["sidePanelAction"].trigger()
    qtbot.waitUntil(lambda: not window.side_panel.isVisible(), timeout=WAIT_MS)
    assert not window.named_actions["sidePanelAction"].isChecked()
    qtbot.waitUntil(lambda: window.canvas.width() > canvas_width + 200, timeout=WAIT_MS)

    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.canvas, Qt.Key.Key_H, ctrl_shift)
    assert not window.history_side.isVisible()
    assert not window.named_actions["historyPanelAction"].isChecked()
    qtbot.waitUntil(lambda: window.canvas.width() > 900, timeout=WAIT_MS)
    qtbot.keyClick(window.canvas, Qt.Key.Key_L, ctrl_shift)
    qtbot.wait(20)  # a person's two key presses have the event loop run between them
    qtbot.keyClick(window.canvas, Qt.Key.Key_H, ctrl_shift)
    assert window.side_panel.isVisible() and window.history_side.isVisible()
    assert window.named_actions["sidePanelAction"].isChecked()
    qtbot.waitUntil(lambda: window.canvas.width() < 600, timeout=WAIT_MS)
    for panel in (window.side_panel, window.history_side):
        assert panel.width() >= panel.minimumWidth()


# --- point 9: the cards are a radio group to the keyboard and to screen readers -------------


def test_the_cards_are_one_exclusive_radio_group(make_window, qtbot):
    window = make_window()
    picker = window.picker
    cards = list(picker.cards.values())
    assert picker.group.exclusive() and set(picker.group.buttons()) == set(cards)
    assert [c.isChecked() for c in cards].count(True) == 1
    qtbot.mouseClick(picker.cards["preview"], Qt.MouseButton.LeftButton)
    assert picker.selected_id == "preview"
    assert [c.objectName() for c in cards if c.isChecked()] == ["strategy_preview"]
    for card in cards:
        face = QAccessible.queryAccessibleInterface(card)
        assert face.role() == QAccessible.Role.RadioButton, card.objectName()
        assert bool(face.state().checked) == (card is picker.cards["preview"])
        name = face.text(QAccessible.Text.Name)
        assert card.title.text() in name and card.price.text() in name
    assert picker.accessibleName() == "Strategies"


def test_arrow_keys_home_and_end_move_the_choice_between_cards(make_window, qtbot):
    window = make_window()
    qtbot.waitExposed(window)
    window.activateWindow()
    picker = window.picker
    ids = list(picker.cards)
    first = picker.cards[ids[0]]
    first.setFocus()
    qtbot.waitUntil(first.hasFocus, timeout=WAIT_MS)
    picker.select(ids[0])
    qtbot.keyClick(first, Qt.Key.Key_Down)
    assert picker.selected_id == ids[1] and picker.cards[ids[1]].hasFocus()
    qtbot.keyClick(picker.cards[ids[1]], Qt.Key.Key_Right)
    assert picker.selected_id == ids[2]
    qtbot.keyClick(picker.cards[ids[2]], Qt.Key.Key_Up)
    assert picker.selected_id == ids[1]
    qtbot.keyClick(picker.cards[ids[1]], Qt.Key.Key_End)
    assert picker.selected_id == ids[-1] and picker.cards[ids[-1]].hasFocus()
    top, bottom = _in_view(picker, picker.cards[ids[-1]])
    assert top < picker.viewport().height() and bottom > 0, "the chosen card scrolls into view"
    qtbot.keyClick(picker.cards[ids[-1]], Qt.Key.Key_Home)
    assert picker.selected_id == ids[0]
    assert window.run_button.text() == window.run_button.accessibleName()


def test_a_focused_card_shows_a_focus_ring(make_window, qtbot):
    window = make_window()
    qtbot.waitExposed(window)
    window.activateWindow()
    card = window.picker.cards["preview"]
    window.canvas.setFocus()
    qtbot.waitUntil(lambda: not card.hasFocus(), timeout=WAIT_MS)
    plain = card.grab().toImage()
    card.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(card.hasFocus, timeout=WAIT_MS)
    ringed = card.grab().toImage()
    highlight = card.palette().color(card.palette().ColorRole.Highlight)
    edge = [QPoint(x, 1) for x in range(12, card.width() - 12)]  # the ring runs round the frame

    def near_highlight(image: QImage) -> int:
        dpr = image.devicePixelRatio()
        return sum(
            contrast(image.pixelColor(round(p.x() * dpr), round(p.y() * dpr)), highlight) < 1.5
            for p in edge
        )

    assert near_highlight(plain) == 0
    assert near_highlight(ringed) >= len(edge) // 4  # a dotted line


# --- point 13: numbered steps, a first-run guide once, F1, a way to get a key ----------------


def test_the_steps_are_numbered_in_english_and_spanish(make_window, qtbot):
    window = make_window()
    titles = (window.photos_title, window.strategies_title, window.run_title)
    assert [t.text() for t in titles] == ["1 · Photos", "2 · Strategy", "3 · Run"]
    from luxcanvas.gui.app import language_manager

    language_manager(QApplication.instance()).apply("es")
    qtbot.waitUntil(lambda: window.photos_title.text() != "1 · Photos", timeout=WAIT_MS)
    assert [t.text() for t in titles] == ["1 · Fotos", "2 · Estrategia", "3 · Ejecutar"]
    # The steps run top to bottom down the side panel.
    tops = [t.mapTo(window, QPoint(0, 0)).y() for t in titles]
    assert tops == sorted(tops)


def test_the_first_run_guide_shows_once_and_f1_brings_it_back(make_window, qtbot):
    window = make_window()
    assert not load_settings().welcomed
    dialog = welcome_once(window)
    assert isinstance(dialog, FirstRunDialog) and dialog.isVisible()
    assert load_settings().welcomed, "remembered in the settings"
    steps = [s.text() for s in dialog.steps]
    assert [s.split("</b>")[0] for s in steps] == ["<b>1 · Photos", "<b>2 · Strategy", "<b>3 · Run"]
    assert not any("…." in s for s in steps), "“Open….”: an ellipsis then a full stop"
    assert KEY_PAGE in dialog.key_text.text() and dialog.key_text.openExternalLinks()
    dialog.accept()
    assert welcome_once(window) is None, "not a second time"
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_F1)
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)

    # The way to a key: the guide's button opens Settings with the key field.
    qtbot.mouseClick(dialog.settings_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.settings_dialog is not None, timeout=WAIT_MS)
    settings = window.settings_dialog
    qtbot.waitUntil(settings.isVisible, timeout=WAIT_MS)
    assert not dialog.isVisible() and settings.key_edit.isVisible()
    settings.reject()
    assert welcome_once(make_window()) is None, "nor at the next launch"


def test_the_first_run_guide_fits_its_text_in_spanish(make_window, qtbot):
    save_settings(Settings(language="es"))
    window = make_window()
    dialog = welcome_once(window)
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    assert dialog.windowTitle() == "Primeros pasos"
    assert dialog.start_button.text() != "Start"
    assert not any("…." in s.text() for s in dialog.steps)
    for label in (dialog.heading, *dialog.steps, dialog.key_text):
        assert label.height() >= label.heightForWidth(label.width()) or not label.wordWrap()
        assert label.mapTo(dialog, QPoint(0, label.height())).y() <= dialog.height()
