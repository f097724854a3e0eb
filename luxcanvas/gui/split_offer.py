"""The offer to split a flatbed scan into its prints (issue 11, in the app).

When a photo is shown, ``SplitOfferController`` looks for prints on it in a worker
(``app.split.read_scan``). A scan with several prints gets the bar over the canvas ("Split
into 3 photos? [Split] [Not now]"), one print on a larger bed gets "Crop to the print?", and
an ordinary photo gets nothing. While the offer is open the canvas shows the outlines found
(``gui/split_overlay``), whose corners the user can drag; Split cuts the prints out in a
worker (``app.split.split_scan``, with the corrected corners), adds each one to the photo list
and shows the first. A scan too large to open as a photo (over the photo limit, within the
scan limit) is offered the split instead, on a reduced preview. Photo → "Split scan into
photos…" (S) looks again on demand, even after Not now; Esc is Not now.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from luxcanvas.domain.errors import Cancelled, InvalidInput, LuxError
from luxcanvas.domain.jobs import CancelToken
from luxcanvas.gui.errors import ShownError
from luxcanvas.gui.split_overlay import SplitOverlay

if TYPE_CHECKING:
    from luxcanvas.gui.main_window import MainWindow
    from luxcanvas.gui.photos import PhotosController
    from luxcanvas.gui.workers import DisplayImage

log = logging.getLogger("luxcanvas.gui")

SPLIT, CROP = "split", "crop"
# Scans this large take seconds to read: the window says what it is doing meanwhile.
BIG_SCAN_MP = 60.0
_STATUS_MS = 8000


def offer_kind(layout: Any) -> str | None:
    """What to offer for a scan's ``ScanLayout``: ``SPLIT`` (several prints), ``CROP`` (one
    print on a larger bed) or ``None`` (an ordinary photo, or nothing found)."""
    if layout is None or not layout.offers_split:
        return None
    return SPLIT if len(layout.prints) > 1 else CROP


def is_oversized_photo(error: object) -> bool:
    """Whether a photo failed to open only for having too many pixels: it may still be a scan
    within app.split's larger limit (``read_scan`` decides, and refuses real bombs)."""
    return isinstance(error, InvalidInput) and error.reason == "too_large"


@dataclass
class Detection:
    """What looking for prints on one photo found."""

    path: Path
    layout: Any  # app.split's ScanLayout
    scan: Any = None  # the decoded Scan, kept while an offer may split it
    preview: DisplayImage | None = None  # a scan too large to show as a photo, reduced
    megapixels: float = 0.0


# -- the workers -------------------------------------------------------------------------------


class ScanWorker(QObject):
    """Runs ``task(report, cancel)`` for one scan off the GUI thread, with its progress."""

    progress = Signal(object, object)  # path, SplitProgress
    done = Signal(object, object)  # path, value
    failed = Signal(object, object)  # path, LuxError
    finished = Signal()

    def __init__(self, path: Path, task: Callable[[Callable[[Any], None], CancelToken], Any]):
        super().__init__()
        self.path = path
        self._task = task
        self.cancel_token = CancelToken()

    def _report(self, progress: Any) -> None:
        self.progress.emit(self.path, progress)

    @Slot()
    def run(self) -> None:
        try:
            value = self._task(self._report, self.cancel_token)
        except LuxError as error:
            self.failed.emit(self.path, error)
        except Exception as unexpected:  # never let a worker die silently
            log.exception("scan worker failed")
            self.failed.emit(
                self.path,
                LuxError(
                    "Something went wrong inside LuxCanvas.",
                    detail="".join(traceback.format_exception(unexpected)),
                ),
            )
        else:
            self.done.emit(self.path, value)
        finally:
            self.finished.emit()


class _Detect:
    """Look for prints on a photo (runs in a worker)."""

    def __init__(self, path: Path, oversized: bool):
        self.path, self.oversized = path, oversized

    def __call__(self, report: Callable[[Any], None], cancel: CancelToken) -> Detection:
        from luxcanvas.app.split import is_split_print, read_scan

        if is_split_print(self.path):  # a print LuxCanvas cut out: not a scan to split again
            return Detection(self.path, None)
        scan = read_scan(self.path, on_progress=report, cancel=cancel)
        pixels = scan.image.width * scan.image.height
        detection = Detection(self.path, scan.layout, megapixels=pixels / 1e6)
        if offer_kind(scan.layout) is not None:
            if self.oversized:
                from luxcanvas.gui.workers import display_image

                detection.preview = display_image(scan.image)
            # Kept while the offer is open (dropped when it closes): reading a 140 MP scan
            # again would take the Split seconds longer than holding its pixels costs.
            detection.scan = scan
        return detection


class _Split:
    """Cut the prints out of a scan and write them (runs in a worker)."""

    def __init__(self, path: Path, prints: list[Any], scan: Any):
        self.path, self.prints, self.scan = path, prints, scan

    def __call__(self, report: Callable[[Any], None], cancel: CancelToken) -> list[Any]:
        from luxcanvas.app.split import split_scan

        return split_scan(
            self.path, prints=self.prints, scan=self.scan, on_progress=report, cancel=cancel
        )


# -- the bar -------------------------------------------------------------------------------


class SplitOfferBar(QFrame):
    """The offer over the canvas (objectName ``splitOfferBar``): what was found, Split (or
    Crop) and Not now; a progress bar while the prints are cut."""

    acceptRequested = Signal()
    dismissRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("splitOfferBar")
        self.kind: str | None = None
        self.count = 0
        self.oversized_mp = 0.0
        self.busy_text = ""
        self.text = QLabel(self)
        self.text.setObjectName("splitOfferText")
        self.text.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("splitProgress")
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(140)
        self.progress.setMaximumHeight(8)
        self.progress.hide()
        self.accept_button = QPushButton(self)
        self.accept_button.setObjectName("splitAcceptButton")
        self.accept_button.setDefault(False)
        self.dismiss_button = QPushButton(self)
        self.dismiss_button.setObjectName("splitDismissButton")
        self.accept_button.clicked.connect(self.acceptRequested)
        self.dismiss_button.clicked.connect(self.dismissRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 5, 6, 5)
        layout.setSpacing(8)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.accept_button)
        layout.addWidget(self.dismiss_button)
        self.setStyleSheet(
            "QFrame#splitOfferBar { background: rgba(61, 184, 255, 0.16);"
            " border: 1px solid rgba(61, 184, 255, 0.7); border-radius: 6px; }"
        )
        self.hide()
        self.retranslate()

    def show_offer(self, kind: str, count: int, oversized_mp: float = 0.0) -> None:
        """Offer ``kind`` (``SPLIT`` or ``CROP``) for ``count`` prints; ``oversized_mp`` > 0
        says the scan is too large to restore as one photo."""
        self.kind, self.count, self.oversized_mp = kind, count, oversized_mp
        self.set_busy("")
        self.show()

    def set_busy(self, text: str, fraction: float | None = None) -> None:
        """While the prints are cut: ``text`` instead of the offer, the buttons off."""
        self.busy_text = text
        self.progress.setVisible(bool(text))
        self.progress.setRange(0, 0 if fraction is None else 1000)
        if fraction is not None:
            self.progress.setValue(int(fraction * 1000))
        self.accept_button.setEnabled(not text)
        self.dismiss_button.setEnabled(not text)
        self.retranslate()

    def retranslate(self) -> None:
        self.dismiss_button.setText(self.tr("Not now"))
        self.dismiss_button.setToolTip(self.tr("Keep the scan as one photo (Esc)"))
        if self.kind == CROP:
            self.accept_button.setText(self.tr("Crop"))
            self.accept_button.setToolTip(
                self.tr("Write the print upright as a new photo beside the scan")
            )
            offer = self.tr(
                "Crop to the print? It lies on a larger scanner bed. Drag a corner to correct "
                "the outline."
            )
        else:
            self.accept_button.setText(self.tr("Split"))
            self.accept_button.setToolTip(
                self.tr("Write each print upright as a new photo beside the scan")
            )
            offer = self.tr(
                "Split into %n photos? Drag a corner to correct an outline.", "", self.count
            )
        if self.oversized_mp:
            offer = (
                self.tr("This scan is too large to restore as one photo (%1 MP).").replace(
                    "%1", f"{self.oversized_mp:.0f}"
                )
                + " "
                + offer
            )
        self.text.setText(self.busy_text or offer)
        self.setAccessibleName(self.tr("Split offer"))
        self.setAccessibleDescription(self.text.text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


# -- the controller ----------------------------------------------------------------------------


class SplitOfferController(QObject):
    """Looks for prints on the shown photo, opens and closes the offer, and splits."""

    # A photo was looked at (its path); ``detections`` has what was found.
    detected = Signal(object)
    # A split wrote its prints (their paths) and added them to the photo list.
    splitDone = Signal(list)

    def __init__(self, window: MainWindow, photos: PhotosController):
        super().__init__(window)
        self.window, self.photos = window, photos
        self.bar: SplitOfferBar = window.split_bar
        self.detections: dict[Path, Detection] = {}
        self.offer_path: Path | None = None  # the photo whose offer is open
        self.overlay: SplitOverlay | None = None
        self._factor = 1.0  # shown (canvas) pixels per scan pixel, for the open offer
        self._detecting: set[Path] = set()
        self._unreadable: set[Path] = set()
        self._wanted: set[Path] = set()  # asked from the menu: open even after Not now
        self._dismissed: set[Path] = set()
        self._splitting: Path | None = None
        self.bar.acceptRequested.connect(self.accept)
        self.bar.dismissRequested.connect(self.dismiss)
        photos.currentChanged.connect(self._follow_current)
        photos.currentDecoded.connect(self._follow_current)
        photos.changed.connect(self._follow_current)  # e.g. the photo failed: too large?

    # -- what the window's actions call ----------------------------------------------------

    @Slot()
    def request_split(self) -> None:
        """Photo → Split scan into photos…: look at the shown photo now and open its offer,
        even if it was dismissed; say so when it holds no prints to split."""
        path = self.photos.current
        photo = self.photos.current_photo()
        if path is None or photo is None:
            self._status(self.tr("Open a scan first, then split it into photos."))
            return
        self._wanted.add(path)
        self._dismissed.discard(path)
        if path in self.detections:
            self._offer_or_explain(path)
        elif path in self._unreadable:
            self._wanted.discard(path)
            self._status(self.tr("%1 cannot be read as a scan.").replace("%1", path.name))
        elif path not in self._detecting:
            if photo.image is None and not is_oversized_photo(photo.error):
                self._status(self.tr("%1 is still opening…").replace("%1", path.name))
                return  # it is looked at once decoded; the wish is kept
            self._detect(path, oversized=photo.image is None)
            self._status(self.tr("Looking for prints on %1…").replace("%1", path.name))

    @Slot()
    def dismiss(self) -> bool:
        """Not now (or Esc): close the offer for this photo; whether one was open."""
        if self.offer_path is None or self._splitting is not None:
            return False
        self._dismissed.add(self.offer_path)
        self._close_offer()
        return True

    @Slot()
    def accept(self) -> None:
        """Split (or Crop): cut the prints out in a worker, with any corrected corners."""
        path = self.offer_path
        if path is None or self._splitting is not None or self.overlay is None:
            return
        detection = self.detections[path]
        worker = ScanWorker(path, _Split(path, self.prints_to_cut(), detection.scan))
        worker.progress.connect(self._split_progress)
        worker.done.connect(self._split_done)
        worker.failed.connect(self._split_failed)
        if self.window.host.start(worker):
            self._splitting = path
            self.bar.set_busy(self.tr("Splitting %1…").replace("%1", path.name))

    def prints_to_cut(self) -> list[Any]:
        """The open offer's prints in scan pixels, with the corners the user dragged."""
        if self.offer_path is None or self.overlay is None:
            return []
        prints = list(self.detections[self.offer_path].layout.prints)
        factor = self._factor
        for index in self.overlay.corrected():
            corners = [(x / factor, y / factor) for x, y in self.overlay.outlines[index]]
            prints[index] = prints[index].with_corners(corners)
        return prints

    def is_open(self) -> bool:
        return self.offer_path is not None

    def looked_at(self, path: Path) -> bool:
        """Whether looking for prints on ``path`` has ended (found some, none, or failed)."""
        return path in self.detections or path in self._unreadable

    # -- following the shown photo ---------------------------------------------------------

    @Slot()
    def _follow_current(self, *_: Any) -> None:
        path = self.photos.current
        if self.offer_path is not None and self.offer_path != path:
            self._close_offer()
        photo = self.photos.current_photo()
        if path is None or photo is None:
            return
        detection = self.detections.get(path)
        if detection is not None:
            self._show_preview(detection)
            if self.offer_path is None and self._should_offer(path):
                self._open_offer(path)
        elif path not in self._detecting and path not in self._unreadable:
            if photo.image is not None and photo.digest:
                self._detect(path, oversized=False)
            elif photo.image is None and is_oversized_photo(photo.error):
                self._detect(path, oversized=True)
                text = self.tr("%1 is too large to open as a photo; looking for prints on it…")
                self._status(text.replace("%1", path.name))

    def _should_offer(self, path: Path) -> bool:
        detection = self.detections[path]
        if offer_kind(detection.layout) is None:
            return False
        return path in self._wanted or path not in self._dismissed

    def _detect(self, path: Path, *, oversized: bool) -> None:
        worker = ScanWorker(path, _Detect(path, oversized))
        worker.progress.connect(self._detect_progress)
        worker.done.connect(self._detect_done)
        worker.failed.connect(self._detect_failed)
        if self.window.host.start(worker):
            self._detecting.add(path)

    @Slot(object, object)
    def _detect_progress(self, path: Path, progress: Any) -> None:
        from luxcanvas.app.split import STEP_READ

        # Only a big scan takes long enough to say so (a photo is looked at silently).
        if progress.megapixels < BIG_SCAN_MP or path != self.photos.current:
            return
        if progress.step == STEP_READ:
            text = self.tr("Reading the scan %1 (%2 MP)…")
        else:
            text = self.tr("Finding the prints on %1 (%2 MP)…")
        text = text.replace("%1", path.name).replace("%2", f"{progress.megapixels:.0f}")
        self._status(text)
        self.window.canvas.set_placeholder(text)

    @Slot(object, object)
    def _detect_done(self, path: Path, detection: Detection) -> None:
        self._detecting.discard(path)
        if path not in self.photos.photos:
            return  # taken off the list meanwhile
        self.detections[path] = detection
        if path == self.photos.current:
            self._show_preview(detection)
            if path in self._wanted:
                self._offer_or_explain(path)
            elif self._should_offer(path) and self.offer_path is None:
                self._open_offer(path)
        if self.offer_path != path:
            detection.scan = None  # not offered now: a split reads it again
        self.detected.emit(path)

    @Slot(object, object)
    def _detect_failed(self, path: Path, error: LuxError) -> None:
        self._detecting.discard(path)
        self._unreadable.add(path)  # the photo's own decode already said what is wrong
        if path in self._wanted and path == self.photos.current:
            self._wanted.discard(path)
            self._status(self.tr("%1 cannot be read as a scan.").replace("%1", path.name))
        self.detected.emit(path)

    def _offer_or_explain(self, path: Path) -> None:
        self._wanted.discard(path)
        detection = self.detections[path]
        if offer_kind(detection.layout) is not None:
            self._dismissed.discard(path)
            if self.offer_path != path:
                self._close_offer()
                self._open_offer(path)
            return
        layout = detection.layout
        if layout is None:
            text = self.tr("%1 is a print LuxCanvas cut from a scan already.")
        elif not layout.prints:
            text = self.tr("No prints were found on %1.")
        else:
            text = self.tr("%1 looks like one photo, not a scan with prints on it.")
        self._status(text.replace("%1", path.name))

    def _show_preview(self, detection: Detection) -> None:
        """A scan too large to open as a photo is shown reduced (it still cannot be restored)."""
        preview = detection.preview
        if preview is not None and detection.path == self.photos.current:
            self.window.canvas.set_original(preview.image, preview.levels)

    # -- the offer -------------------------------------------------------------------------

    def _open_offer(self, path: Path) -> None:
        detection = self.detections[path]
        kind = offer_kind(detection.layout)
        photo = self.photos.photos.get(path)
        shown = detection.preview.image if detection.preview is not None else None
        if shown is None and photo is not None:
            shown = photo.image
        if kind is None or shown is None or shown.isNull():
            return
        layout = detection.layout
        self._factor = shown.width() / layout.width
        outlines = [
            [(x * self._factor, y * self._factor) for x, y in found.corners]
            for found in layout.prints
        ]
        canvas = self.window.canvas
        self.overlay = SplitOverlay(outlines, (shown.width(), shown.height()), canvas.update)
        self.offer_path = path
        canvas.set_overlay(self.overlay)
        oversized = detection.megapixels if detection.preview is not None else 0.0
        self.bar.show_offer(kind, len(layout.prints), oversized)
        banner = self.window.banner
        if oversized and banner.errors and all(e.context == path.name for e in banner.errors):
            banner.dismiss()  # "too many pixels to open": the offer says what can be done

    def _close_offer(self) -> None:
        path = self.offer_path
        self.offer_path = None
        self.overlay = None
        self.window.canvas.set_overlay(None)
        self.bar.hide()
        if path is not None and path in self.detections and self._splitting != path:
            self.detections[path].scan = None

    # -- splitting -------------------------------------------------------------------------

    @Slot(object, object)
    def _split_progress(self, path: Path, progress: Any) -> None:
        from luxcanvas.app.split import STEP_CUT, STEP_FIND, STEP_READ

        if progress.step == STEP_READ:
            text = self.tr("Reading the scan (%1 MP)…").replace("%1", f"{progress.megapixels:.0f}")
            fraction = None
        elif progress.step == STEP_FIND:
            text, fraction = self.tr("Finding the prints…"), None
        elif progress.step == STEP_CUT and progress.total:
            shown = min(progress.done + 1, progress.total)
            text = (
                self.tr("Cutting print %1 of %2…")
                .replace("%1", str(shown))
                .replace("%2", str(progress.total))
            )
            fraction = progress.done / progress.total
        else:
            return
        line = f"{path.name}: {text}"
        self._status(line)
        if self.offer_path == path:
            self.bar.set_busy(line, fraction)

    @Slot(object, object)
    def _split_done(self, path: Path, written: list[Any]) -> None:
        self._splitting = None
        outputs = [item.output for item in written]
        if path in self.detections:
            self.detections[path].scan = None
        self._dismissed.add(path)  # split: not offered again unless asked from the menu
        if self.offer_path == path:
            self._close_offer()
        if len(outputs) == 1:
            done = self.tr("%1 was cropped to its print.")
        else:
            done = self.tr("%1 was split into %n photos.", "", len(outputs))
        self._status(done.replace("%1", path.name))
        self.photos.open_paths([str(p) for p in outputs])
        self.splitDone.emit(outputs)

    @Slot(object, object)
    def _split_failed(self, path: Path, error: LuxError) -> None:
        self._splitting = None
        if self.offer_path == path:
            self.bar.set_busy("")
        if isinstance(error, Cancelled):
            self._status(self.tr("The split of %1 was cancelled.").replace("%1", path.name))
            return
        self.window.statusBar().clearMessage()
        shown = ShownError.from_error(error, context=path.name)
        if isinstance(error, InvalidInput) and error.reason == "unwritable":
            shown.text = self.tr(
                "The prints cannot be written in %1 — the folder is read-only or full. Copy "
                "the scan to a folder you can write to, then split it there."
            ).replace("%1", str(path.parent))
        self.window.banner.show_error(shown)

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, _STATUS_MS)
