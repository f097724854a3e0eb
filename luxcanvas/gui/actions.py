"""The window's commands as data: each becomes a QAction with its keys, in a menu of the menu bar
(so the shortcuts show there), built in a loop by ``install_actions``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu


@dataclass(frozen=True)
class ActionSpec:
    """A window-wide command: its objectName, words, keys, menu and what it runs.

    ``keys`` are standard keys (the platform's bindings) or key strings; ``fallback`` is used
    when the platform binds none. ``handler`` is an attribute path from the window (e.g.
    ``"canvas.zoom_fit"``), with ``":value"`` for a one-argument call (``"canvas.set_mode:side"``).
    ``text`` is marked with ``QT_TRANSLATE_NOOP`` where it is written.
    """

    name: str
    text: object  # English, as QT_TRANSLATE_NOOP returns it (typed object)
    keys: tuple[QKeySequence.StandardKey | str, ...]
    handler: str
    menu: str
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


Keys = QKeySequence.StandardKey
_T = "MainWindow"  # the translation context of the texts below (written out for lupdate)

#: The menus, in order: (key, title).
MENUS: tuple[tuple[str, object], ...] = (
    ("file", QT_TRANSLATE_NOOP("MainWindow", "&File")),
    ("edit", QT_TRANSLATE_NOOP("MainWindow", "&Edit")),
    ("view", QT_TRANSLATE_NOOP("MainWindow", "&View")),
    ("photo", QT_TRANSLATE_NOOP("MainWindow", "&Photo")),
    ("help", QT_TRANSLATE_NOOP("MainWindow", "&Help")),
)

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("openAction", QT_TRANSLATE_NOOP("MainWindow", "Open…"), (Keys.Open,),
               "photos_ctl.choose_files", "file"),
    ActionSpec("pasteAction", QT_TRANSLATE_NOOP("MainWindow", "Paste"), (Keys.Paste,),
               "photos_ctl.paste", "edit"),
    ActionSpec("exportAction", QT_TRANSLATE_NOOP("MainWindow", "Export…"), (Keys.Save,),
               "export_ctl.export_shown", "file"),
    ActionSpec("quitAction", QT_TRANSLATE_NOOP("MainWindow", "Quit"), (Keys.Quit,),
               "close", "file"),
    ActionSpec("settingsAction", QT_TRANSLATE_NOOP("MainWindow", "Settings"), (Keys.Preferences,),
               "open_settings", "edit", fallback=("Ctrl+,",)),
    ActionSpec("deleteVersionAction", QT_TRANSLATE_NOOP("MainWindow", "Delete version"),
               (Keys.Delete,), "history.delete_selected", "edit"),
    ActionSpec("modeSplitAction", QT_TRANSLATE_NOOP("MainWindow", "Before | After"), ("1",),
               "canvas.set_mode:split", "view"),
    ActionSpec("modeSideAction", QT_TRANSLATE_NOOP("MainWindow", "Side by side"), ("2",),
               "canvas.set_mode:side", "view"),
    ActionSpec("modeOriginalAction", QT_TRANSLATE_NOOP("MainWindow", "Original"), ("3",),
               "canvas.set_mode:original", "view"),
    ActionSpec("modeResultAction", QT_TRANSLATE_NOOP("MainWindow", "Result"), ("4",),
               "canvas.set_mode:result", "view"),
    ActionSpec("modeChangesAction", QT_TRANSLATE_NOOP("MainWindow", "Changes"), ("5",),
               "canvas.set_mode:changes", "view"),
    ActionSpec("nextChangeAction", QT_TRANSLATE_NOOP("MainWindow", "Next change"), ("N",),
               "changes_ctl.next_region", "view"),
    ActionSpec("flipAction", QT_TRANSLATE_NOOP("MainWindow", "Swap before and after"), ("F",),
               "canvas.flip", "view"),
    ActionSpec("fitAction", QT_TRANSLATE_NOOP("MainWindow", "Fit to window"), ("Ctrl+0",),
               "canvas.zoom_fit", "view"),
    ActionSpec("actualAction", QT_TRANSLATE_NOOP("MainWindow", "Actual pixels"), ("Ctrl+1",),
               "canvas.zoom_actual", "view"),
    ActionSpec("zoomInAction", QT_TRANSLATE_NOOP("MainWindow", "Zoom in"), (Keys.ZoomIn,),
               "canvas.zoom_in", "view"),
    ActionSpec("zoomOutAction", QT_TRANSLATE_NOOP("MainWindow", "Zoom out"), (Keys.ZoomOut,),
               "canvas.zoom_out", "view"),
    ActionSpec("runAction", QT_TRANSLATE_NOOP("MainWindow", "Run"), ("Ctrl+Return", "Ctrl+Enter"),
               "jobs_ctl.run_current", "photo"),
    ActionSpec("newResultAction", QT_TRANSLATE_NOOP("MainWindow", "New result, not cached…"),
               (), "jobs_ctl.new_result", "photo"),
    ActionSpec("ledgerAction", QT_TRANSLATE_NOOP("MainWindow", "This month's calls…"), (),
               "jobs_ctl.show_ledger", "file"),
    ActionSpec("cancelAction", QT_TRANSLATE_NOOP("MainWindow", "Cancel running jobs"), ("Esc",),
               "escape", "photo"),
    ActionSpec("keepOriginalAction", QT_TRANSLATE_NOOP("MainWindow", "Keep original here"),
               ("B",), "brush_ctl.toggle", "photo"),
    ActionSpec("revertChangesAction",
               QT_TRANSLATE_NOOP("MainWindow", "Revert flagged regions"), (),
               "changes_ctl.revert_flagged", "photo"),
    ActionSpec("splitScanAction", QT_TRANSLATE_NOOP("MainWindow", "Split scan into photos…"),
               ("S",), "split_ctl.request_split", "photo"),
    ActionSpec("nextPhotoAction", QT_TRANSLATE_NOOP("MainWindow", "Next photo"),
               (Keys.NextChild,), "photos_ctl.next_photo", "photo"),
    ActionSpec("sidePanelAction", QT_TRANSLATE_NOOP("MainWindow", "Photos and strategies panel"),
               ("Ctrl+Shift+L",), "set_side_panel_shown", "view"),
    ActionSpec("historyPanelAction", QT_TRANSLATE_NOOP("MainWindow", "History panel"),
               ("Ctrl+Shift+H",), "set_history_panel_shown", "view"),
    ActionSpec("gettingStartedAction", QT_TRANSLATE_NOOP("MainWindow", "Getting started"),
               (Keys.HelpContents,), "show_getting_started", "help", fallback=("F1",)),
)  # fmt: skip


def install_actions(window: QMainWindow) -> tuple[dict[str, QAction], dict[str, QMenu]]:
    """Make every action of ``ACTIONS`` on ``window`` and put it in its menu."""
    menus = {key: window.menuBar().addMenu("") for key, _ in MENUS}
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        action = QAction(window)
        action.setObjectName(spec.name)
        action.setShortcuts(spec.shortcuts())
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        path, _, argument = spec.handler.partition(":")
        target: Any = attrgetter(path)(window)
        action.triggered.connect(partial(target, argument) if argument else target)
        window.addAction(action)
        menus[spec.menu].addAction(action)
        actions[spec.name] = action
    return actions, menus


def retranslate_actions(actions: dict[str, QAction], menus: dict[str, QMenu]) -> None:
    for key, title in MENUS:
        menus[key].setTitle(QCoreApplication.translate(_T, str(title)))
    for spec in ACTIONS:
        actions[spec.name].setText(QCoreApplication.translate(_T, str(spec.text)))
