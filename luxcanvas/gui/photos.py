"""The open photos: opening files, folders and pasted images, decoding them in workers, the
photo list (each photo with its state: queued, running, done, failed and why), which photo is
shown, and taking photos off the list (never deleting their files)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QUrl, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QColor,
    QDesktopServices,
    QGuiApplication,
    QIcon,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPixmap,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QListWidgetItem,
    QMenu,
    QStyle,
)

from luxcanvas.app.inputs import expand_inputs
from luxcanvas.domain.errors import LuxError
from luxcanvas.domain.formats import INPUT_SUFFIXES
from luxcanvas.gui.errors import ShownError
from luxcanvas.gui.workers import DecodedPhoto, TaskWorker, decode_photo, decode_preview

if TYPE_CHECKING:
    from luxcanvas.gui.main_window import MainWindow

PATH_ROLE = Qt.ItemDataRole.UserRole
#: A photo's state in the list: what its jobs are doing, or how the last one ended.
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


def show_in_folder(path: Path) -> bool:
    """Open the file manager on the folder holding ``path`` (or on ``path`` if a folder)."""
    folder = path if path.is_dir() else path.parent
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))


@dataclass
class OpenPhoto:
    """A photo the user opened; pixels and digest arrive from a decode worker."""

    path: Path
    image: QImage | None = None
    thumb: QImage | None = None
    info: Any = None
    digest: str = ""
    error: LuxError | None = None
    levels: dict[int, QImage] = field(default_factory=dict)


class PhotosController(QObject):
    """Owns the open photos and the photo list; shows the current photo on the canvas."""

    #: Another photo is now the current one (its path).
    currentChanged = Signal(object)
    #: The current photo's pixels and digest arrived (its history can be read now).
    currentDecoded = Signal()
    #: Something about the current photo changed that buttons depend on (e.g. it failed).
    changed = Signal()

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.photos: dict[Path, OpenPhoto] = {}
        self.current: Path | None = None
        #: Each photo's state in the list and, when it failed, why: (state, reason).
        self.states: dict[Path, tuple[str, str]] = {}
        window.photo_list.currentItemChanged.connect(self._photo_item_changed)
        self._build_list_menu()

    def current_photo(self) -> OpenPhoto | None:
        return self.photos.get(self.current) if self.current else None

    # -- opening ---------------------------------------------------------------------------

    @Slot()
    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self.window,
            self.tr("Open photos"),
            "",
            self.tr("Photos (%1);;All files (*)").replace(
                "%1", " ".join(f"*{s}" for s in sorted(INPUT_SUFFIXES))
            ),
        )
        if files:
            self.open_paths(files)

    @Slot()
    def paste(self) -> None:
        focus = QApplication.focusWidget()
        if focus is not None and focus.inherits("QLineEdit"):
            focus.paste()  # type: ignore[attr-defined]
            return
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None:
            return
        local = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        if local:
            self.open_paths(local)
        elif mime.hasImage():
            self.open_image_data(mime.imageData())
        else:
            self.window.statusBar().showMessage(self.tr("The clipboard holds no photo."), 5000)

    def open_image_data(self, data: Any) -> None:
        """Open a pasted or dropped image: it is saved as a PNG under the app's folder first."""
        from luxcanvas import imaging
        from luxcanvas.store import paths

        image = data if isinstance(data, QImage) else QImage(data)
        if image.isNull():
            return
        folder = paths.home() / "pasted"
        folder.mkdir(parents=True, exist_ok=True)
        target = imaging.unique_path(folder / f"pasted-{time.strftime('%Y%m%d-%H%M%S')}.png")
        image.save(str(target))  # PNG, from the suffix
        self.open_paths([str(target)])

    @Slot(str)
    def open_file(self, path: str) -> None:
        self.open_paths([path])

    def open_paths(self, raw_paths: list[str] | tuple[str, ...]) -> None:
        """Add photos (files or folders) and show the first new one; decoding runs in a worker.

        Paths that do not exist are reported in the banner, one each.
        """
        found: list[Path] = []
        for path in expand_inputs(raw_paths):
            if path.exists():
                found.append(path)
            else:
                self.window.banner.show_error(
                    ShownError("invalid_input", f"{path.name} was not found.", context=path.name)
                )
        first: Path | None = None
        to_decode: list[Path] = []
        for path in found:
            path = path.resolve()
            if path not in self.photos:
                self.photos[path] = OpenPhoto(path)
                item = QListWidgetItem(path.name)
                item.setData(PATH_ROLE, str(path))
                item.setToolTip(str(path))
                item.setIcon(self.window.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon))
                self.window.photo_list.addItem(item)
                to_decode.append(path)
            if first is None:
                first = path
        if first is not None:
            self.set_current(first)
        if to_decode:
            # A quick, smaller decode first so a big photo appears before the full one is ready.
            tasks: list[tuple[Any, Any]] = [(("preview", to_decode[0]), _Preview(to_decode[0]))]
            tasks += [(p, _Decode(p)) for p in to_decode]
            worker = TaskWorker(tasks)
            worker.done.connect(self._photo_decoded)
            worker.failed.connect(self._photo_failed)
            self.window.host.start(worker)

    # -- the current photo -----------------------------------------------------------------

    def _photo_item(self, path: Path) -> QListWidgetItem | None:
        for row in range(self.window.photo_list.count()):
            item = self.window.photo_list.item(row)
            if item.data(PATH_ROLE) == str(path):
                return item
        return None

    def set_current(self, path: Path) -> None:
        """Show ``path`` (an open photo) on the canvas; ``currentChanged`` tells the rest."""
        item = self._photo_item(path)
        if item is not None and self.window.photo_list.currentItem() is not item:
            self.window.photo_list.setCurrentItem(item)  # comes back through _photo_item_changed
            return
        if path == self.current:
            return
        self.current = path
        photo = self.photos[path]
        self.update_placeholder()
        self.window.canvas.set_original(photo.image, photo.levels)
        self.window.canvas.set_result(None)
        self.window.canvas.set_mode(
            "split" if photo.image is not None else self.window.canvas.mode()
        )
        self.currentChanged.emit(path)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _photo_item_changed(self, item: QListWidgetItem | None, _: Any = None) -> None:
        if item is not None:
            self.set_current(Path(item.data(PATH_ROLE)))

    @Slot()
    def next_photo(self) -> None:
        count = self.window.photo_list.count()
        if count > 1:
            self.window.photo_list.setCurrentRow((self.window.photo_list.currentRow() + 1) % count)

    def show_current_as_original(self) -> None:
        """Put the current photo (or nothing) on the canvas's 'before' side."""
        photo = self.current_photo()
        if photo is None:
            self.window.canvas.set_original(None)
        else:
            self.window.canvas.set_original(photo.image, photo.levels)

    def update_placeholder(self) -> None:
        """The canvas's text while it has no pixels to show."""
        photo = self.current_photo()
        if photo is None:
            text = self.tr(
                "Drop photos or a folder here\nor press %1 to open them.\n\n"
                "The free offline repair works without an API key."
            ).replace(
                "%1",
                QKeySequence(QKeySequence.StandardKey.Open).toString(
                    QKeySequence.SequenceFormat.NativeText
                ),
            )
        elif photo.error is not None:
            text = self.tr("%1 cannot be opened.").replace("%1", photo.path.name)
        else:
            text = self.tr("Opening %1…").replace("%1", photo.path.name)
        self.window.canvas.set_placeholder(text)

    # -- decoded in a worker ---------------------------------------------------------------

    @Slot(object, object)
    def _photo_decoded(self, tag: Any, decoded: Any) -> None:
        if isinstance(tag, tuple):  # the quick preview of a big photo
            path = tag[1]
            photo = self.photos.get(path)
            if photo is not None and photo.image is None and path == self.current:
                self.window.canvas.set_original(decoded)
            return
        path = tag
        photo = self.photos.get(path)
        if photo is None:
            return
        photo.image, photo.thumb, photo.info, photo.digest, photo.levels = (
            decoded.image,
            decoded.thumb,
            decoded.info,
            decoded.digest,
            decoded.levels,
        )
        item = self._photo_item(path)
        if item is not None:
            item.setIcon(QIcon(QPixmap.fromImage(decoded.thumb)))
            self._update_item(path)
        if path == self.current:
            self.window.canvas.set_original(decoded.image, decoded.levels)
            self.currentDecoded.emit()

    @Slot(object, object)
    def _photo_failed(self, path: Path, error: LuxError) -> None:
        photo = self.photos.get(path)
        if photo is None:
            return
        photo.error = error
        item = self._photo_item(path)
        if item is not None:
            item.setIcon(
                self.window.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            )
        from luxcanvas.gui.texts import error_headline

        reason = error.reason if hasattr(error, "reason") else ""
        self.set_state(path, FAILED, error_headline(error.kind, reason=reason))
        self.window.banner.show_error(ShownError.from_error(error, context=path.name))
        if path == self.current:
            self.update_placeholder()
            self.changed.emit()

    # -- each photo's state in the list ----------------------------------------------------

    def set_state(self, path: Path, state: str, reason: str = "") -> None:
        """Show ``path``'s state in the list (QUEUED, RUNNING, DONE, FAILED or "" for
        none); a failure's reason is the row's tooltip."""
        path = Path(path)
        if path not in self.photos:
            return
        if state:
            self.states[path] = (state, reason)
        else:
            self.states.pop(path, None)
        self._update_item(path)

    def state_text(self, path: Path) -> str:
        """'✓ Done', '⚠ Failed', …: the state's mark and word ('' without a state)."""
        state = self.states.get(Path(path), ("", ""))[0]
        return {
            QUEUED: "◷ " + self.tr("Queued"),
            RUNNING: "↻ " + self.tr("Running…"),
            DONE: "✓ " + self.tr("Done"),
            FAILED: "⚠ " + self.tr("Failed"),
        }.get(state, "")

    def _update_item(self, path: Path) -> None:
        item = self._photo_item(path)
        photo = self.photos.get(path)
        if item is None or photo is None:
            return
        lines = [path.name]
        if photo.info is not None:
            lines.append(f"{photo.info.width}×{photo.info.height}")
        if status := self.state_text(path):
            lines.append(status)
        item.setText("\n".join(lines))
        state, reason = self.states.get(path, ("", ""))
        tooltip = str(path)
        if state == FAILED and reason:
            tooltip = f"{reason}\n{path}"
        item.setToolTip(tooltip)
        if state == FAILED:
            item.setForeground(QColor("#c0392b"))
        else:
            item.setData(Qt.ItemDataRole.ForegroundRole, None)

    def retranslate(self) -> None:
        for path in self.photos:
            self._update_item(path)

    # -- the list's menu, and taking photos off it -----------------------------------------

    def _build_list_menu(self) -> None:
        photo_list = self.window.photo_list
        photo_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        photo_list.customContextMenuRequested.connect(self._show_list_menu)
        photo_list.installEventFilter(self)
        self.remove_action = QAction(photo_list)
        self.remove_action.setObjectName("removePhotoAction")
        self.remove_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.remove_action.triggered.connect(self.remove_selected)
        self.folder_action = QAction(photo_list)
        self.folder_action.setObjectName("photoFolderAction")
        self.folder_action.triggered.connect(self._show_selected_in_folder)

    def list_menu(self) -> QMenu:
        """The photo list's right-click menu for the selected photo."""
        self.remove_action.setText(self.tr("Remove from the list"))
        self.remove_action.setToolTip(self.tr("The file itself stays where it is."))
        self.folder_action.setText(self.tr("Show in folder"))
        selected = bool(self.window.photo_list.selectedItems())
        self.remove_action.setEnabled(selected)
        self.folder_action.setEnabled(selected)
        menu = QMenu(self.window.photo_list)
        menu.setObjectName("photoMenu")
        menu.addAction(self.folder_action)
        menu.addSeparator()
        menu.addAction(self.remove_action)
        return menu

    @Slot(QPoint)
    def _show_list_menu(self, pos: QPoint) -> None:
        photo_list = self.window.photo_list
        item = photo_list.itemAt(pos)
        if item is not None:
            photo_list.setCurrentItem(item)
        menu = self.list_menu()
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(photo_list.viewport().mapToGlobal(pos))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Delete (or Backspace) in the photo list takes the photo off the list; elsewhere
        the window's Delete removes versions."""
        if watched is self.window.photo_list and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif watched is self.window.photo_list and event.type() in (
            QEvent.Type.ShortcutOverride,
            QEvent.Type.KeyPress,
        ):
            key = event.key() if isinstance(event, QKeyEvent) else None
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                event.accept()
                if event.type() == QEvent.Type.KeyPress:
                    self.remove_selected()
                return True
        return super().eventFilter(watched, event)

    def _selected_paths(self) -> list[Path]:
        return [Path(i.data(PATH_ROLE)) for i in self.window.photo_list.selectedItems()]

    @Slot()
    def _show_selected_in_folder(self) -> None:
        paths = self._selected_paths()
        if paths:
            show_in_folder(paths[0])

    @Slot()
    def remove_selected(self) -> None:
        self.remove_photos(self._selected_paths())

    def remove_photos(self, paths: list[Path]) -> None:
        """Take photos off the list (their files, versions and history stay); the next one
        is shown, or the empty canvas."""
        photo_list = self.window.photo_list
        for path in paths:
            item = self._photo_item(path)
            self.photos.pop(path, None)
            self.states.pop(path, None)
            if item is not None:
                photo_list.takeItem(photo_list.row(item))
        if self.current is not None and self.current not in self.photos:
            item = photo_list.currentItem()
            if item is not None:
                self.set_current(Path(item.data(PATH_ROLE)))
            else:
                self.current = None
                self.window.canvas.set_original(None)
                self.window.canvas.set_result(None)
                self.update_placeholder()
                self.currentChanged.emit(None)


class _Decode:
    """Decode one opened photo (runs in a worker)."""

    def __init__(self, path: Path):
        self.path = path

    def __call__(self) -> DecodedPhoto:
        return decode_photo(self.path)


class _Preview:
    """A quick, smaller decode so the photo appears before the full one is ready."""

    def __init__(self, path: Path):
        self.path = path

    def __call__(self) -> QImage:
        return decode_preview(self.path)
