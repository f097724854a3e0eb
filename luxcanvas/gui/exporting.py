"""Exporting versions: the export dialog for the shown one (or one chosen in the history), and
every starred one at once, named as a person would name them. The files are written by
``luxcanvas.app.export`` in a worker; a notice then says where, with "Show in folder"."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QFileDialog

from luxcanvas.domain.errors import LuxError
from luxcanvas.gui.errors import ShownError
from luxcanvas.gui.photos import PhotosController, show_in_folder
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
        #: The files written by the export under way (the notice counts them).
        self._written: list[Path] = []
        window.history.exportStarredRequested.connect(self.export_starred)
        window.history.exportRequested.connect(self.export_version)
        window.banner.showFolderRequested.connect(self.show_folder)

    @Slot()
    def export_shown(self) -> None:
        """Open the export dialog for the version shown as the result."""
        if self.versions.shown_job_id:
            self.export_version(self.versions.shown_job_id)

    @Slot(str)
    def export_version(self, job_id: str) -> None:
        """Open the export dialog for one version of the current photo."""
        from luxcanvas.gui.export_dialog import ExportDialog

        photo = self.photos.current_photo()
        record = self.window.library.job(job_id)
        if photo is None or record is None or record.status != DONE:
            return
        if self.export_dialog is not None:
            self.export_dialog.deleteLater()
        self.export_dialog = ExportDialog(
            self.window, self.window.settings, record, photo.path, self.window.catalog
        )
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
        from luxcanvas.gui.export_dialog import export_words

        photo = self.photos.current_photo()
        if photo is None:
            return
        catalog, settings = self.window.catalog, self.window.settings
        requests = [
            ExportRequest.into_folder(
                record, photo.path, folder, settings, export_words(record, catalog)
            )
            for record in self.window.history.records
            if record.starred and record.status == DONE
        ]
        if requests:
            self._write(requests)

    def _write(self, requests: list[Any]) -> None:
        from luxcanvas.app.export import export_version

        self._written = []
        worker = TaskWorker([(r.dest, partial(export_version, r)) for r in requests])
        worker.done.connect(self._exported)
        worker.failed.connect(self._export_failed)
        self.window.host.start(worker)

    @Slot(object, object)
    def _exported(self, _: Any, written: Path) -> None:
        self.last_export = written
        self._written.append(written)
        self.window.statusBar().clearMessage()
        if len(self._written) == 1:
            text = (
                self.tr("Exported “%1” to %2")
                .replace("%1", written.name)
                .replace("%2", str(written.parent))
            )
        else:
            text = self.tr("Exported %n version(s) to %1", "", len(self._written)).replace(
                "%1", str(written.parent)
            )
        self.window.banner.show_notice(
            ShownError("exported", text, info=True, text=text, folder=str(written.parent))
        )

    @Slot(str)
    def show_folder(self, folder: str) -> None:
        """Open the file manager on an export's folder."""
        show_in_folder(Path(folder))

    @Slot(object, object)
    def _export_failed(self, dest: Any, error: LuxError) -> None:
        self.window.statusBar().clearMessage()
        self.window.banner.show_error(ShownError.from_error(error, context=Path(str(dest)).name))
