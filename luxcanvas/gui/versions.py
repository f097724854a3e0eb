"""The versions of the current photo: the history list, which version is shown or compared,
a small cache of decoded versions, and star / delete / re-run."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt, Signal, Slot
from PySide6.QtWidgets import QMenu, QMessageBox

from luxcanvas.app.revert import is_edit
from luxcanvas.domain.errors import InvalidInput, LuxError
from luxcanvas.domain.jobs import Job
from luxcanvas.gui.errors import ShownError
from luxcanvas.gui.history import version_name
from luxcanvas.gui.photos import PhotosController
from luxcanvas.gui.workers import (
    DecodedVersion,
    TaskWorker,
    decode_thumbnail,
    decode_version,
)
from luxcanvas.store.library import DONE

if TYPE_CHECKING:
    from luxcanvas.gui.main_window import MainWindow

#: How many decoded versions stay in memory (each holds a display-size image and its levels).
VERSION_CACHE_SIZE = 8


class VersionCache:
    """The most recently used decoded versions, at most ``size`` of them."""

    def __init__(self, size: int = VERSION_CACHE_SIZE):
        self.size = size
        self._versions: OrderedDict[str, DecodedVersion] = OrderedDict()

    def __contains__(self, job_id: object) -> bool:
        return job_id in self._versions

    def __len__(self) -> int:
        return len(self._versions)

    def ids(self) -> list[str]:
        """The cached job ids, least recently used first."""
        return list(self._versions)

    def peek(self, job_id: str) -> DecodedVersion | None:
        """The cached version, without counting it as used."""
        return self._versions.get(job_id)

    def get(self, job_id: str) -> DecodedVersion | None:
        """The cached version, now the most recently used one."""
        version = self._versions.get(job_id)
        if version is not None:
            self._versions.move_to_end(job_id)
        return version

    def put(self, job_id: str, version: DecodedVersion) -> None:
        """Keep ``version``; the least recently used one goes when there are too many."""
        self._versions[job_id] = version
        self._versions.move_to_end(job_id)
        while len(self._versions) > self.size:
            self._versions.popitem(last=False)

    def discard(self, job_id: str) -> None:
        self._versions.pop(job_id, None)


class VersionsController(QObject):
    """Drives the history panel and the canvas's 'after' side for the current photo."""

    #: What is shown changed (a version, a comparison or none): buttons follow.
    changed = Signal()
    #: The history was read again from the library (the month's spend may have moved).
    historyRefreshed = Signal()
    #: Run this job (a re-run of a version with its strategy and options).
    jobRequested = Signal(object)

    def __init__(self, window: MainWindow, photos: PhotosController):
        super().__init__(window)
        self.window = window
        self.photos = photos
        #: The version shown as the result (the newer one when two are compared).
        self.shown_job_id: str | None = None
        #: Two versions compared side against side: (older, newer).
        self.compare_ids: tuple[str, str] | None = None
        self.cache = VersionCache()
        self._wanted_version: str | None = None
        self._wanted_compare: tuple[str, str] | None = None
        self._thumbs_requested: set[str] = set()
        window.history.openRequested.connect(self.show_version)
        window.history.compareRequested.connect(self.compare_versions)
        window.history.rerunRequested.connect(self.rerun)
        window.history.deleteRequested.connect(self.delete_version)
        window.history.starToggled.connect(self.set_starred)
        window.history.renameRequested.connect(self.rename)
        window.canvas.modeChanged.connect(self.update_compare_label)
        window.canvas.flippedChanged.connect(self.update_compare_label)
        window.canvas.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        window.canvas.customContextMenuRequested.connect(self._show_canvas_menu)
        photos.currentChanged.connect(self._photo_changed)
        photos.currentDecoded.connect(self._photo_decoded)

    # -- following the current photo -------------------------------------------------------

    @Slot(object)
    def _photo_changed(self, _: Path) -> None:
        self.shown_job_id = None
        self.compare_ids = None
        self._wanted_version = None
        self._wanted_compare = None
        self.update_compare_label()
        self.refresh_history(show_latest=True)

    @Slot()
    def _photo_decoded(self) -> None:
        self.refresh_history(show_latest=True)

    def refresh_history(self, show_latest: bool = False) -> None:
        """Read the current photo's versions again; ``show_latest`` shows the newest finished
        one when nothing is shown yet. Thumbnails decode in a worker."""
        photo = self.photos.current_photo()
        if photo is None or not photo.digest:
            self.window.history.set_records([])
            return
        records = self.window.library.jobs(input_digest=photo.digest)
        self.window.history.set_records(records)
        wanted = [
            (r.id, r.result_path)
            for r in records
            if r.status == DONE
            and r.result_path
            and not self.window.history.has_thumbnail(r.id)
            and r.id not in self._thumbs_requested
        ]
        if wanted:
            self._thumbs_requested.update(i for i, _ in wanted)
            worker = TaskWorker([(i, _Thumbnail(i, p)) for i, p in wanted])
            worker.done.connect(self._thumbnail_ready)
            self.window.host.start(worker)
        if show_latest and self.shown_job_id is None and self.compare_ids is None:
            latest = next((r for r in records if r.status == DONE and r.result_path), None)
            if latest is not None:
                self.show_version(latest.id)
        self.update_compare_label()
        self.historyRefreshed.emit()

    @Slot(object, object)
    def _thumbnail_ready(self, job_id: str, decoded: DecodedVersion) -> None:
        self.window.history.set_thumbnail(job_id, decoded.thumb)

    # -- showing versions ------------------------------------------------------------------

    @Slot(str)
    def show_version(self, job_id: str) -> None:
        """Show a finished version as the result, beside the original."""
        record = self.window.history.record(job_id) or self.window.library.job(job_id)
        if record is None or record.status != DONE:
            return
        self.compare_ids = None
        self._wanted_compare = None
        self.update_compare_label()
        self.photos.show_current_as_original()
        self.shown_job_id = job_id
        self.window.history.select(job_id)
        self.update_compare_label()
        self.changed.emit()
        version = self.cache.get(job_id)
        if version is not None:
            self.window.canvas.set_result(version.image, version.levels)
            return
        self._wanted_version = job_id
        self._request_version(job_id, record.result_path)

    @Slot(str, str)
    def compare_versions(self, older: str, newer: str) -> None:
        """Any two versions: the older one takes the 'before' side."""
        self.compare_ids = (older, newer)
        self._wanted_compare = (older, newer)
        self._wanted_version = None
        for job_id in (older, newer):
            if job_id not in self.cache:
                record = self.window.history.record(job_id)
                if record is not None:
                    self._request_version(job_id, record.result_path)
        self._show_compare_if_ready()
        self.update_compare_label()

    def remember(self, version: DecodedVersion) -> None:
        """Keep a version decoded elsewhere (a job's result) so showing it is instant."""
        self.cache.put(version.job_id, version)

    def _request_version(self, job_id: str, result_path: str) -> None:
        worker = TaskWorker([(job_id, _Version(job_id, result_path))])
        worker.done.connect(self._version_ready)
        worker.failed.connect(self._version_failed)
        self.window.host.start(worker)

    def _show_compare_if_ready(self) -> None:
        if not self._wanted_compare:
            return
        older, newer = self._wanted_compare
        before, after = self.cache.peek(older), self.cache.peek(newer)
        if before is not None and after is not None:
            self.window.canvas.set_original(before.image, before.levels)
            self.window.canvas.set_result(after.image, after.levels)
            self.shown_job_id = newer
            self._wanted_compare = None
            self.update_compare_label()
            self.changed.emit()

    @Slot(object, object)
    def _version_ready(self, job_id: str, decoded: DecodedVersion) -> None:
        self.cache.put(job_id, decoded)
        if not self.window.history.has_thumbnail(job_id):
            self.window.history.set_thumbnail(job_id, decoded.thumb)
        if self._wanted_version == job_id:
            self._wanted_version = None
            self.window.canvas.set_result(decoded.image, decoded.levels)
        if self._wanted_compare and job_id in self._wanted_compare:
            self._show_compare_if_ready()

    @Slot(object, object)
    def _version_failed(self, job_id: str, error: LuxError) -> None:
        self.window.banner.show_error(ShownError.from_error(error))

    def name(self, job_id: str) -> str:
        """A version's name as a person reads it (given, or from strategy and options)."""
        record = self.window.history.record(job_id) or self.window.library.job(job_id)
        return version_name(record, self.window.catalog) if record is not None else ""

    @Slot()
    def update_compare_label(self) -> None:
        """What the canvas shows, by the versions' names: 'Before/After: Original on the left,
        Strong repair on the right'; hidden while no version is shown."""
        label = self.window.compare_label
        if self.compare_ids is not None:
            left, right = (self.name(i) for i in self.compare_ids)
        elif self.shown_job_id is not None:
            left, right = self.tr("Original"), self.name(self.shown_job_id)
        else:
            label.hide()
            return
        if not left or not right:
            label.hide()
            return
        canvas = self.window.canvas
        mode = canvas.mode()
        if canvas.is_flipped():
            left, right = right, left
        if mode in ("original", "result"):
            shown = left if mode == "original" else right
            text = self.tr("Showing %1").replace("%1", shown)
        elif mode == "changes":
            before, after = (right, left) if canvas.is_flipped() else (left, right)
            text = (
                self.tr("Changes: where %1 differs from %2")
                .replace("%1", after)
                .replace("%2", before)
            )
        else:
            title = self.tr("Before/After") if mode == "split" else self.tr("Side by side")
            text = (
                self.tr("%1: %2 on the left, %3 on the right")
                .replace("%1", title)
                .replace("%2", left)
                .replace("%3", right)
            )
        label.setText(text)
        label.show()

    # -- the canvas's right-click menu ------------------------------------------------------

    #: The window's actions the canvas menu offers, in groups.
    CANVAS_MENU = (
        ("modeSplitAction", "modeSideAction", "modeOriginalAction", "modeResultAction"),
        ("flipAction",),
        ("fitAction", "actualAction", "zoomInAction", "zoomOutAction"),
        ("exportAction",),
    )

    def canvas_menu(self) -> QMenu:
        """Compare modes, flip, zoom and export: the window's own actions, keys shown."""
        actions = self.window.named_actions
        menu = QMenu(self.window.canvas)
        menu.setObjectName("canvasMenu")
        for number, group in enumerate(self.CANVAS_MENU):
            if number:
                menu.addSeparator()
            for name in group:
                menu.addAction(actions[name])
        return menu

    @Slot(QPoint)
    def _show_canvas_menu(self, pos: QPoint) -> None:
        menu = self.canvas_menu()
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(self.window.canvas.mapToGlobal(pos))

    # -- star, delete, re-run --------------------------------------------------------------

    @Slot(str, bool)
    def set_starred(self, job_id: str, starred: bool) -> None:
        self.window.library.set_starred(job_id, starred)
        self.refresh_history()

    @Slot(str, str)
    def rename(self, job_id: str, label: str) -> None:
        """Give a version a name (kept in the library; "" puts the made-up one back)."""
        self.window.library.set_label(job_id, label)
        self.refresh_history()
        self.changed.emit()

    @Slot(str)
    def delete_version(self, job_id: str) -> None:
        """Delete a version (a finished one after asking); its cost stays in the ledger."""
        record = self.window.history.record(job_id)
        if record is None:
            return
        if record.status == DONE:
            answer = QMessageBox.question(
                self.window,
                self.tr("Delete version"),
                self.tr(
                    "Delete this version (%1)? Its file is removed; the cost stays in the ledger."
                ).replace("%1", version_name(record, self.window.catalog)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.window.library.delete_job(job_id)
        self.cache.discard(job_id)
        if self.shown_job_id == job_id or (self.compare_ids and job_id in self.compare_ids):
            self.shown_job_id = None
            self.compare_ids = None
            self.photos.show_current_as_original()
            self.window.canvas.set_result(None)
            self.update_compare_label()
        self.refresh_history(show_latest=True)
        self.changed.emit()

    @Slot(str)
    def rerun(self, job_id: str) -> None:
        """Run a version again with the same strategy and options."""
        record = self.window.history.record(job_id)
        photo = self.photos.current_photo()
        if record is not None and is_edit(record):
            # Made by putting the original back: re-run the version it came from, if still there.
            record = self.window.history.record(str(record.options.get("source", "")))
        if record is None or photo is None:
            return
        card = self.window.picker.cards.get(record.strategy)
        if card is not None:
            self.window.picker.select(record.strategy)
            card.apply(record.size, record.prompt, record.options)
        options = dict(record.options)
        job = Job(photo.path, record.strategy, record.size, record.prompt, (), options)
        self.jobRequested.emit(job)


class _Version:
    """Decode one version for the canvas (runs in a worker)."""

    def __init__(self, job_id: str, path: str):
        self.job_id, self.path = job_id, path

    def __call__(self) -> DecodedVersion:
        try:
            return decode_version(self.job_id, self.path)
        except InvalidInput as error:
            raise LuxError(
                "This version's file is missing or damaged; delete it from the history.",
                detail=error.message,
            ) from error


class _Thumbnail:
    def __init__(self, job_id: str, path: str):
        self.job_id, self.path = job_id, path

    def __call__(self) -> DecodedVersion:
        return decode_thumbnail(self.job_id, self.path)
