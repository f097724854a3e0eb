"""The thread boundary: worker QObjects on QThreads, and the owner that keeps them alive.

Workers never touch widgets. They emit plain Python objects (``Progress``, ``Outcome``,
``LuxError``, ``QImage``); receivers are methods of GUI-thread QObjects, so Qt queues the
calls onto the GUI thread.
"""

from __future__ import annotations

import itertools
import logging
import sys
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtGui import QImage

from luxcanvas.domain.errors import Cancelled, LuxError
from luxcanvas.domain.jobs import CancelToken, Job, Progress

log = logging.getLogger("luxcanvas.gui")

#: Longest side of the photos and results shown on the canvas.
DISPLAY_MAX_SIDE = 4096
THUMBNAIL_SIDE = 112


def pil_to_qimage(image: Any) -> QImage:
    """A Pillow image as an RGB32 QImage that owns its pixels (safe to send across threads).

    The pixels are packed with numpy, which releases the GIL for big copies. QImage's own
    ``convertToFormat`` and ``scaled`` keep the GIL for their whole run (~30 ms for a 4K image,
    measured), and the GUI thread cannot run a single slot or paint while they do.
    """
    import numpy as np

    rgb = image if image.mode == "RGB" else image.convert("RGB")
    width, height = rgb.size
    pixels = np.asarray(rgb)  # (height, width, 3), R G B
    qimage = QImage(width, height, QImage.Format.Format_RGB32)
    rows = np.frombuffer(qimage.bits(), np.uint8).reshape(height, qimage.bytesPerLine())
    # RGB32 is 0xffRRGGBB in native byte order: B G R 255 in memory on little-endian machines.
    target = rows[:, : width * 4].reshape(height, width, 4)
    if sys.byteorder == "little":
        target[..., :3] = pixels[..., ::-1]
        target[..., 3] = 255
    else:
        target[..., 0] = 255
        target[..., 1:] = pixels
    return qimage


#: Downscaled copies of big images are made in the worker, so the canvas's first paint only
#: uploads one small level instead of smooth-scaling a 4K image on the GUI thread.
LEVEL_MIN_SIDE = 1024


def _levels_and_thumbnail(rgb: Any, side: int) -> tuple[dict[int, QImage], QImage]:
    """Power-of-two levels (1 = half size, ...) down to ``LEVEL_MIN_SIDE``, and a thumbnail.

    Pillow's ``reduce`` (area averaging, like Qt's smooth scaling) and ``resize`` run without
    the GIL.
    """
    from PIL import Image

    levels: dict[int, QImage] = {}
    smallest = rgb
    level = 0
    while max(smallest.size) // 2 >= LEVEL_MIN_SIDE:
        smallest = smallest.reduce(2)
        level += 1
        levels[level] = pil_to_qimage(smallest)
    width, height = thumbnail_size(smallest.width, smallest.height, side)
    thumb = smallest.resize((width, height), Image.Resampling.BILINEAR, reducing_gap=2.0)
    return levels, pil_to_qimage(thumb)


def thumbnail_size(width: int, height: int, side: int) -> tuple[int, int]:
    """``width`` × ``height`` fitted in a ``side`` square, rounded as QSize.scaled does."""
    scaled_width = height and side * width // height
    if scaled_width <= side:
        return max(1, scaled_width), side
    return side, max(1, side * height // width)


@dataclass
class DisplayImage:
    """A decoded image ready for the canvas: RGB32 pixels, downscaled levels, a thumbnail."""

    image: QImage
    levels: dict[int, QImage]
    thumb: QImage
    info: Any


def decode_display(
    path: str | Path, max_side: int = DISPLAY_MAX_SIDE, thumb_side: int = THUMBNAIL_SIDE
) -> DisplayImage:
    """Decode a photo upright, at most ``max_side``, with its levels, thumbnail and SourceInfo."""
    from luxcanvas import imaging

    rgb, info = imaging.load_image(path, max_side=max_side)
    if rgb.mode != "RGB":
        rgb = rgb.convert("RGB")
    levels, thumb = _levels_and_thumbnail(rgb, thumb_side)
    return DisplayImage(pil_to_qimage(rgb), levels, thumb, info)


def display_image(
    image: Any, max_side: int = DISPLAY_MAX_SIDE, thumb_side: int = THUMBNAIL_SIDE
) -> DisplayImage:
    """An image already in memory (a job's result) ready for the canvas, like
    ``decode_display`` but without decoding its file again."""
    from PIL import Image

    rgb = image if image.mode == "RGB" else image.convert("RGB")
    width, height = rgb.size
    if max(width, height) > max_side:
        scale = max_side / max(width, height)
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        rgb = rgb.resize(size, Image.Resampling.BICUBIC, reducing_gap=2.0)
    levels, thumb = _levels_and_thumbnail(rgb, thumb_side)
    return DisplayImage(pil_to_qimage(rgb), levels, thumb, None)


def decode_for_display(path: str | Path, max_side: int = DISPLAY_MAX_SIDE) -> tuple[QImage, Any]:
    """Decode a photo upright, at most ``max_side``, as a QImage; with its SourceInfo."""
    from luxcanvas import imaging

    image, info = imaging.load_image(path, max_side=max_side)
    return pil_to_qimage(image), info


@dataclass
class DecodedPhoto:
    """A photo decoded for display, with its content digest (the history's key)."""

    path: Path
    image: QImage
    thumb: QImage
    info: Any
    digest: str
    levels: dict[int, QImage] = field(default_factory=dict)


#: A quick first decode so a big photo shows at once (JPEGs decode at 1/4 or 1/8 scale).
PREVIEW_MAX_SIDE = 1536


def decode_preview(path: Path) -> QImage:
    image, _ = decode_for_display(path, max_side=PREVIEW_MAX_SIDE)
    return image


def decode_photo(path: Path) -> DecodedPhoto:
    from luxcanvas.store.cache import file_digest

    shown = decode_display(path)
    return DecodedPhoto(path, shown.image, shown.thumb, shown.info, file_digest(path), shown.levels)


@dataclass
class DecodedVersion:
    """A result version decoded for display."""

    job_id: str
    image: QImage
    thumb: QImage
    levels: dict[int, QImage] = field(default_factory=dict)


def decode_version(job_id: str, path: str) -> DecodedVersion:
    shown = decode_display(path)
    return DecodedVersion(job_id, shown.image, shown.thumb, shown.levels)


def decode_thumbnail(job_id: str, path: str) -> DecodedVersion:
    shown = decode_display(path, max_side=THUMBNAIL_SIDE * 2)
    return DecodedVersion(job_id, QImage(), shown.thumb)


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
    levels: dict[int, QImage] = field(default_factory=dict)


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
            # A result made now is shown from memory; a cached one is decoded from its file.
            if outcome.image is not None:
                shown = display_image(outcome.image)
                outcome.image = None  # the window keeps the outcome: not its full-size pixels
            else:
                shown = decode_display(outcome.result_path)
            self.succeeded.emit(
                self.key, JobResult(outcome, shown.image, shown.thumb, shown.levels)
            )
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

    def workers(self) -> list[QObject]:
        """The workers whose threads are still running."""
        return [worker for _, worker in self._running.values()]

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
