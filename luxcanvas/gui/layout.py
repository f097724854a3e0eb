"""Small builders for the layouts the panels repeat: a named widget, a row or a column."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLayout, QVBoxLayout, QWidget

W = TypeVar("W", bound=QWidget)
#: A layout entry: a widget, a nested layout, or a widget with its stretch factor.
Item = QWidget | QLayout | tuple[QWidget, int]


def named(widget: W, object_name: str) -> W:
    """``widget`` with its objectName (tests and accessibility find it by that)."""
    widget.setObjectName(object_name)
    return widget


def fill(
    layout: QBoxLayout,
    items: Iterable[Item],
    margins: tuple[int, int, int, int] | None = None,
    spacing: int | None = None,
) -> QBoxLayout:
    """Add ``items`` to ``layout`` in order, with its margins and spacing."""
    if margins is not None:
        layout.setContentsMargins(*margins)
    if spacing is not None:
        layout.setSpacing(spacing)
    for item in items:
        if isinstance(item, tuple):
            layout.addWidget(item[0], item[1])
        elif isinstance(item, QLayout):
            layout.addLayout(item)
        else:
            layout.addWidget(item)
    return layout


Margins = tuple[int, int, int, int]


def vbox(
    owner: QWidget,
    items: Iterable[Item],
    margins: Margins | None = None,
    spacing: int | None = None,
) -> QVBoxLayout:
    """``owner``'s layout: ``items`` top to bottom."""
    layout = QVBoxLayout(owner)
    fill(layout, items, margins, spacing)
    return layout


def hbox(
    items: Iterable[Item], margins: Margins | None = None, spacing: int | None = None
) -> QHBoxLayout:
    """A row of ``items``, left to right, to nest in another layout."""
    layout = QHBoxLayout()
    fill(layout, items, margins, spacing)
    return layout
