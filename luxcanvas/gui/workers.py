"""The thread boundary: worker QObjects on QThreads, and the owner that keeps them alive.

Workers never touch widgets. They emit plain Python objects (``Progress``, ``Outcome``,
``LuxError``, ``QImage``); receivers are methods of GUI-thread QObjects, so Qt queues the
calls onto the GUI thread.
"""

from __future__ import annotations

import itertools
import logging
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtGui import QImage

from luxcanvas.core.errors import Cancelled, LuxError
from luxcanvas.core.jobs import CancelToken, Job, Progress

log = logging.getLogger("luxcanvas.gui")

#: Longest side of the photos and results shown on the canvas.
DISPLAY_MAX_SIDE = 4096
THUMBNAIL_SIDE = 112


def pil_to_qimage(image: Any) -> QImage:
    """A Pillow image as a QImage that owns its pixels (safe to send across threads)."""
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    data = rgb.tobytes()
    wrapped = QImage(data, rgb.width, rgb.height, rgb.width * 3, QImage.Format.Format_RGB888)
    # RGB32 paints much faster than RGB888; the conversion makes a deep copy, so ``data``
    # may go once it returns.
    converted = wrapped.convertToFormat(QImage.Format.Format_RGB32)
    del wrapped
    return converted


def decode_for_display(path: str | Path, max_side: int = DISPLAY_MAX_SIDE) -> tuple[QImage, Any]:
    """Decode a photo upright, at most ``max_side``, as a QImage; with its SourceInfo."""
    from luxcanvas.core import imaging

    image, info = imaging.load_image(path, max_side=max_side)
    return pil_to_qimage(image), info


def thumbnail(image: QImage, side: int = THUMBNAIL_SIDE) -> QImage:
    from PySide6.QtCore import Qt

    return image.scaled(
        side,
        side,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


@dataclass
class DecodedPhoto:
    """A photo decoded for display, with its content digest (the history's key)."""

    path: Path
    image: QImage
    thumb: QImage
    info: Any
    digest: str


#: A quick first decode so a big photo shows at once (JPEGs decode at 1/4 or 1/8 scale).
PREVIEW_MAX_SIDE = 1536


def decode_preview(path: Path) -> QImage:
    image, _ = decode_for_display(path, max_side=PREVIEW_MAX_SIDE)
    return image


def decode_photo(path: Path) -> DecodedPhoto:
    from luxcanvas.core.cache import file_digest

    image, info = decode_for_display(path)
    return DecodedPhoto(path, image, thumbnail(image), info, file_digest(path))


@dataclass
class DecodedVersion:
    """A result version decoded for display."""

    job_id: str
    image: QImage
    thumb: QImage


def decode_version(job_id: str, path: str) -> DecodedVersion:
    image, _ = decode_for_display(path)
    return DecodedVersion(job_id, image, thumbnail(image))


def decode_thumbnail(job_id: str, path: str) -> DecodedVersion:
    image, _ = decode_for_display(path, max_side=THUMBNAIL_SIDE * 2)
    return DecodedVersion(job_id, QImage(), thumbnail(image))


# ---------------------------------------------------------------------------------------------


class TaskWorker(QObject):
    """Runs a list of ``(tag, callable)`` tasks in order; one ``done`` or ``failed`` per task."""

    done = Signal(object, object)  # tag, value
    failed = Signal(object, object)  # tag, LuxError
    finished = Signal()

    def __init__(self, tasks: Iterable[tuple[Any, Callable[[], Any]]]):
        super().__init__()
        self._tasks = list(tasks)
        self.cancel_token = CancelToken()

    @Slot()
    def run(self) -> None:
        try:
            for tag, task in self._tasks:
                if self.cancel_token.cancelled:
                    break
                try:
                    value = task()
                except LuxError as error:
                    self.failed.emit(tag, error)
                except Exception as unexpected:
                    log.exception("background task failed")
                    self.failed.emit(
                        tag,
                        LuxError(
                            "Something went wrong inside LuxCanvas.",
                            detail="".join(traceback.format_exception(unexpected)),
                        ),
                    )
                else:
                    self.done.emit(tag, value)
        finally:
            self.finished.emit()


@dataclass
class JobResult:
    """What a finished job sends back: the core outcome and its decoded image."""

    outcome: Any
    image: QImage
    thumb: QImage


class JobWorker(QObject):
    """Runs one job through ``RestorationService.run`` and decodes the result for display."""

    progress = Signal(str, object)  # key, Progress
    succeeded = Signal(str, object)  # key, JobResult
    failed = Signal(str, object)  # key, LuxError
    finished = Signal()

    def __init__(self, key: str, service: Any, job: Job):
        super().__init__()
        self.key = key
        self.job = job
        self._service = service
        self.cancel_token = CancelToken()

    def _report(self, progress: Progress) -> None:
        self.progress.emit(self.key, progress)

    @Slot()
    def run(self) -> None:
        try:
            outcome = self._service.run(
                self.job, on_progress=self._report, cancel=self.cancel_token
            )
            image, _ = decode_for_display(outcome.result_path)
            self.succeeded.emit(self.key, JobResult(outcome, image, thumbnail(image)))
        except LuxError as error:
            self.failed.emit(self.key, error)
        except Exception as unexpected:  # never let a worker die silently
            log.exception("job worker failed")
            self.failed.emit(
                self.key,
                LuxError(
                    "Something went wrong inside LuxCanvas.",
                    detail="".join(traceback.format_exception(unexpected)),
                ),
            )
        finally:
            self.finished.emit()


class WorkerHost(QObject):
    """Owns worker threads: starts them, keeps references until they end, stops them on quit.

    ``start`` wires the pattern from STYLE.md: started → run, finished → quit,
    thread.finished → deleteLater, and drops its references once the thread has finished.
    """

    idle = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._running: dict[int, tuple[QThread, QObject]] = {}
        self._ids = itertools.count(1)
        self._stopping = False

    def start(self, worker: QObject) -> bool:
        """Run ``worker`` (with a ``run`` slot and a ``finished`` signal) on a new QThread."""
        if self._stopping:
            return False
        ident = next(self._ids)
        # No Qt parent and no deleteLater: Python owns both objects and releases them on the
        # GUI thread once the thread has ended. A deleteLater on the worker would destroy its
        # Python wrapper on the worker thread while this thread drops its reference — a race
        # that crashed PySide6 6.12 (SIGBUS in Shiboken::Object::destroy).
        thread = QThread()
        thread.setObjectName(f"luxcanvas-worker-{ident}")
        worker.moveToThread(thread)
        thread.started.connect(worker.run)  # type: ignore[attr-defined]
        # Direct: QThread.quit is thread-safe, and a queued call would wait for the GUI
        # thread, which blocks in shutdown() → wait() when the window closes.
        worker.finished.connect(  # type: ignore[attr-defined]
            thread.quit, Qt.ConnectionType.DirectConnection
        )
        thread.setProperty("workerIdent", ident)
        thread.finished.connect(self._on_thread_finished)
        self._running[ident] = (thread, worker)
        thread.start()
        return True

    @Slot()
    def _on_thread_finished(self) -> None:
        thread = self.sender()
        ident = thread.property("workerIdent") if thread is not None else None
        if ident is not None:
            entry = self._running.pop(int(ident), None)
            if entry is not None:
                entry[0].wait()  # 'finished' comes just before the thread really ends
        if not self._running:
            self.idle.emit()

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def shutdown(self, timeout_ms: int = 15000) -> None:
        """Cancel every worker and wait for its thread; no 'destroyed while running'."""
        self._stopping = True
        for _, worker in list(self._running.values()):
            token = getattr(worker, "cancel_token", None)
            if token is not None:
                token.cancel()
        for ident, (thread, _) in list(self._running.items()):
            if not thread.wait(timeout_ms):
                log.warning(
                    "worker thread %s (%s) did not stop in time",
                    ident,
                    type(self._running[ident][1]).__name__,
                )
                thread.terminate()
                thread.wait()
            self._running.pop(ident, None)


def is_cancellation(error: object) -> bool:
    return isinstance(error, Cancelled)
