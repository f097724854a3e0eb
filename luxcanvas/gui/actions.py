"""Keyboard actions described as data: the window builds a QAction from each in a loop."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence


@dataclass(frozen=True)
class ActionSpec:
    """A window-wide keyboard action: its objectName, words, keys and what it runs.

    ``keys`` are standard keys (the platform's bindings) or key strings; ``fallback`` is used
    when the platform binds none. ``handler`` is an attribute path from the window (e.g.
    ``"canvas.zoom_fit"``); ``text`` is marked with ``QT_TRANSLATE_NOOP`` where it is written.
    """

    name: str
    text: object  # English, as QT_TRANSLATE_NOOP returns it (typed object)
    keys: tuple[QKeySequence.StandardKey | str, ...]
    handler: str
    fallback: tuple[str, ...] = ()

    def shortcuts(self) -> list[QKeySequence]:
        """The key sequences on this platform (needs a QGuiApplication)."""
        found: list[QKeySequence] = []
        for key in self.keys:
            if isinstance(key, str):
                found.append(QKeySequence(key))
            else:
                found += QKeySequence.keyBindings(key)
        found = [k for k in found if not k.isEmpty()]
        return found or [QKeySequence(k) for k in self.fallback]
