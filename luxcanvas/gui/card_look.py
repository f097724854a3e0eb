"""Colours and painting that follow the palette, so a theme switched while the app runs (light,
dark, the system's) keeps cards, banners and history rows readable.

Nothing here keeps state: widgets call these at paint time or on ``QEvent.PaletteChange``.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen

#: Hues of the tones, as (red, green, blue): warnings orange, errors red, notices blue.
_HUES: dict[str, tuple[int, int, int]] = {
    "warning": (214, 120, 20),
    "error": (200, 50, 40),
    "info": (47, 111, 222),
}


def is_dark(palette: QPalette) -> bool:
    """True when the window background is dark (a dark theme)."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """``a`` moved ``amount`` (0..1) of the way towards ``b``."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * amount),
        round(a.green() + (b.green() - a.green()) * amount),
        round(a.blue() + (b.blue() - a.blue()) * amount),
    )


def tone(palette: QPalette, kind: str) -> QColor:
    """A text colour for ``kind`` ("warning", "error", "info", "muted") that reads on the
    palette's window and base colours."""
    if kind == "muted":
        return palette.color(QPalette.ColorRole.PlaceholderText)
    hue = QColor(*_HUES[kind])
    text = palette.color(QPalette.ColorRole.WindowText)
    # Towards the text colour: lighter on a dark theme, darker on a light one.
    return mix(hue, text, 0.35 if is_dark(palette) else 0.25)


def banner_colours(palette: QPalette, kind: str) -> tuple[QColor, QColor, QColor]:
    """(background, border, text) of a banner of ``kind`` ("error" or "info")."""
    window = palette.color(QPalette.ColorRole.Window)
    hue = QColor(*_HUES["error" if kind == "error" else "info"])
    dark = is_dark(palette)
    background = mix(window, hue, 0.22 if dark else 0.12)
    border = mix(window, hue, 0.55 if dark else 0.45)
    return background, border, palette.color(QPalette.ColorRole.WindowText)


def css(colour: QColor) -> str:
    return colour.name(QColor.NameFormat.HexRgb)


def card_colours(palette: QPalette, selected: bool, hovered: bool) -> tuple[QColor, QColor]:
    """(background, border) of a strategy card."""
    base = palette.color(QPalette.ColorRole.Base)
    highlight = palette.color(QPalette.ColorRole.Highlight)
    if selected:
        return mix(base, highlight, 0.10), highlight
    border = palette.color(QPalette.ColorRole.Mid)
    if hovered:
        border = mix(border, highlight, 0.5)
    return base, border


#: Room around a card's frame for its focus ring (the layout keeps its contents inside).
RING = 3.0


def paint_card(
    painter: QPainter,
    rect: QRectF,
    palette: QPalette,
    *,
    selected: bool,
    focused: bool,
    hovered: bool,
) -> None:
    """A card: a rounded frame from the palette, thicker when selected, and a focus ring."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    background, border = card_colours(palette, selected, hovered)
    width = 2.0 if selected else 1.0
    frame = rect.adjusted(RING + width / 2, RING + width / 2, -RING - width / 2, -RING - width / 2)
    painter.setPen(QPen(border, width))
    painter.setBrush(background)
    painter.drawRoundedRect(frame, 8, 8)
    # The radio mark: a ring, filled when chosen (the card is a radio button).
    mark = QRectF(frame.right() - 22, frame.top() + 9, 12, 12)
    painter.setPen(QPen(border if selected else palette.color(QPalette.ColorRole.Mid), 1.5))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(mark)
    if selected:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(border)
        painter.drawEllipse(mark.adjusted(3, 3, -3, -3))
    if focused:
        ring = QPen(palette.color(QPalette.ColorRole.Highlight), 2.0, Qt.PenStyle.DotLine)
        painter.setPen(ring)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 10, 10)
