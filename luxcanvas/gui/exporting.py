"""Exporting versions: the export dialog for the shown one, and every starred one at once.
The files are written by ``luxcanvas.app.export`` in a worker."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QFileDialog

from luxcanvas.domain.errors import LuxError
from luxcanvas.gui.errors import ShownError
from luxcanvas.gui.photos import PhotosController
from luxcanvas.gui.versions import VersionsController
from luxcanvas.gui.workers import TaskWorker
from luxcanvas.store.library import DONE

if TYPE_CHECKING:
    from luxcanvas.gui.main_window import MainWindow


class ExportController(QObject):
    """Asks where and how to export, then writes the files in a worker."""

    def __init__(self, window: MainWindow, photos: PhotosController, versions: VersionsController):
        super().__init__(window)
        self.window = window
        self.photos = photos
        self.versions = versions
        self.export_dialog: Any = None
        #: The file written last (tests and the status bar read it).
        self.last_export: Path | None = None
        window.history.exportStarredRequested.connect(self.export_starred)

    @Slot()
    def export_shown(self) -> None:
        """Open the export dialog for the version shown as the result."""
        from luxcanvas.gui.export_dialog import ExportDialog

        photo = self.photos.current_photo()
        shown = self.versions.shown_job_id
        record = self.window.library.job(shown) if shown else None
        if photo is None or record is None:
            return
        if self.export_dialog is not None:
            self.export_dialog.deleteLater()
        self.export_dialog = ExportDialog(self.window, self.window.settings, record, photo.path)
        self.export_dialog.exportRequested.connect(self._export_requested)
        self.export_dialog.open()

    @Slot(object)
    def _export_requested(self, request: Any) -> None:
        self._write([request])
        self.window.statusBar().showMessage(self.tr("Exporting…"))

    @Slot()
    def export_starred(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.window, self.tr("Export starred versions to")
        )
        if folder:
            self.export_starred_to(Path(folder))

    def export_starred_to(self, folder: Path) -> None:
        """Export every starred version of the current photo into ``folder``."""
        from luxcanvas.app.export import ExportRequest

        photo = self.photos.current_photo()
        if photo is None:
            return
        requests = [
            ExportRequest.into_folder(record, photo.path, folder, self.window.settings)
            for record in self.window.history.records
            if record.starred and record.status == DONE
        ]
        if requests:
            self._write(requests)

    def _write(self, requests: list[Any]) -> None:
        from luxcanvas.app.export import export_version

        worker = TaskWorker([(r.dest, partial(export_version, r)) for r in requests])
        worker.done.connect(self._exported)
        worker.failed.connect(self._export_failed)
        self.window.host.start(worker)

    @Slot(object, object)
    def _exported(self, _: Any, written: Path) -> None:
        self.last_export = written
        self.window.statusBar().showMessage(
            self.tr("Exported to %1").replace("%1", str(written)), 10000
        )

    @Slot(object, object)
    def _export_failed(self, dest: Any, error: LuxError) -> None:
        self.window.statusBar().clearMessage()
        self.window.banner.show_error(ShownError.from_error(error, context=Path(str(dest)).name))
