"""The Changes view: where a result changed the photo, and putting the original back.

``ChangesOverlay`` is what the canvas's ``"changes"`` mode paints over the result: a heat map
of how much each part changed and the flagged regions as numbered boxes (a click on one zooms
to it). ``ChangesController`` follows the shown version: it feeds the warning strip
(``gui/fidelity_strip``) the stored verdict, measures the heat map in a worker when the view
needs it (``app.compare``), and runs "Revert" and the brush's "Keep original here" in a worker
(``app.revert``), which adds a new, free version to the history.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, QRectF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen

from luxcanvas.domain.errors import LuxError
from luxcanvas.domain.fidelity import Fidelity, Region, RegionKind, Verdict
from luxcanvas.gui.errors import ShownError
from luxcanvas.gui.fidelity_strip import fidelity_of
from luxcanvas.gui.texts import find_strategy, strategy_label
from luxcanvas.gui.workers import TaskWorker

if TYPE_CHECKING:
    import numpy as np

    from luxcanvas.gui.canvas_view import CanvasView
    from luxcanvas.gui.main_window import MainWindow
    from luxcanvas.gui.photos import PhotosController
    from luxcanvas.gui.versions import VersionsController

# Each region kind's box colour: warm for invented content, cool for lost detail.
KIND_COLORS = {RegionKind.INVENTED: QColor("#ff6a3d"), RegionKind.LOST: QColor("#3fa9ff")}
# Longest side of the heat image sent to the canvas (the heat grid itself is coarser).
HEAT_SIDE = 768
# How strongly the heat map covers the result.
HEAT_OPACITY = 0.6
# Measured versions kept in memory.
MEASURED_KEPT = 6


class ChangesPlurals(QObject):
    """Texts with a count (lupdate marks plural forms only in ``tr`` calls of a class)."""

    def original_back(self, count: int) -> str:
        # English words its one and its many apart; each text has every plural form too.
        if count == 1:
            return self.tr("Original back in %n region", "", count)
        return self.tr("Original back in %n regions", "", count)


def edit_label(record: Any, catalog: Any) -> str | None:
    """The history label of a version made by putting the original back, or ``None``."""
    from luxcanvas.app.revert import edit_source_strategy, is_edit

    if not is_edit(record):
        return None
    source = strategy_label(find_strategy(catalog, edit_source_strategy(record)))
    count = int(record.options.get("regions") or 0)
    if record.options.get("edit") == "regions" and count:
        text = ChangesPlurals().original_back(count)
    else:
        text = QCoreApplication.translate("Changes", "Original kept where painted")
    return (
        QCoreApplication.translate("Changes", "%1 (from %2)")
        .replace("%1", text)
        .replace("%2", source)
    )


# -- the measurement, for the canvas -------------------------------------------------------------


@dataclass
class ChangesData:
    """One version's changes, ready to paint: its fidelity and heat map over the original."""

    job_id: str
    fidelity: Fidelity
    heat: QImage | None
    # The heat map's extent in the original's pixels (the grid may overhang the photo).
    heat_size: tuple[float, float]


def rgba_qimage(image: Any) -> QImage:
    """A Pillow RGBA image as a premultiplied ARGB QImage that owns its pixels (safe to make
    off the GUI thread and send across)."""
    data = image.tobytes("raw", "RGBA")
    wrapped = QImage(
        data, image.width, image.height, image.width * 4, QImage.Format.Format_RGBA8888
    )
    return wrapped.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)


class _Measure:
    """Compare a version with its original (runs in a worker); with ``library``, the
    fidelity found is stored with the version, so its history entry shows it from now on."""

    def __init__(self, job_id: str, original: Path, result: str, library: Any = None):
        self.job_id, self.original, self.result = job_id, original, result
        self.library = library

    def __call__(self) -> ChangesData:
        import numpy as np

        from luxcanvas.app.compare import compare_files

        measured = compare_files(self.original, Path(self.result))
        rows, cols = np.asarray(measured.heat).shape
        scale = float(measured.scale)
        extent = (cols * scale, rows * scale)
        # The core's own colours (invented warm, lost blue), a few screen pixels per cell.
        factor = max(1, HEAT_SIDE // max(rows, cols, 1))
        heat = None
        if rows and cols:
            heat = rgba_qimage(measured.heat_image((cols * factor, rows * factor)))
        if self.library is not None:
            self.library.set_fidelity(self.job_id, measured.fidelity)
        return ChangesData(self.job_id, measured.fidelity, heat, extent)


class _KeepOriginal:
    """Put the original back in a mask of a version: a new version (runs in a worker)."""

    def __init__(self, library: Any, job_id: str, original: Path, mask: np.ndarray, kind: str,
                 regions: int):  # fmt: skip
        self.library, self.job_id, self.original = library, job_id, original
        self.mask, self.kind, self.regions = mask, kind, regions

    def __call__(self) -> Any:
        from luxcanvas.app.revert import keep_original

        return keep_original(
            self.library, self.job_id, self.original, self.mask, kind=self.kind,
            regions=self.regions,
        )  # fmt: skip


# -- the overlay the canvas paints ---------------------------------------------------------------


class ChangesOverlay:
    """What the canvas's ``"changes"`` mode paints over the result (on the GUI thread)."""

    def __init__(self) -> None:
        self.data: ChangesData | None = None
        # Shown while there is no data: "Measuring…", or why there is nothing to show.
        self.note = ""
        self.legend = ""
        self.kind_words: dict[RegionKind, str] = {}
        self.selected: int | None = None

    @property
    def regions(self) -> tuple[Region, ...]:
        return self.data.fidelity.regions if self.data is not None else ()

    def region_rect(self, index: int) -> QRectF:
        """Region ``index``'s box in original-image pixels."""
        region = self.regions[index]
        return QRectF(region.x, region.y, region.w, region.h)

    def region_at(self, point: QPointF, scale: float) -> int | None:
        """The region under original-image ``point`` (the smallest when boxes overlap), with a
        few screen pixels of tolerance at ``scale`` widget pixels per image pixel."""
        tolerance = 6.0 / max(scale, 1e-6)
        hits = [
            (region.w * region.h, index)
            for index, region in enumerate(self.regions)
            if self.region_rect(index)
            .adjusted(-tolerance, -tolerance, tolerance, tolerance)
            .contains(point)
        ]
        return min(hits)[1] if hits else None

    def paint(self, painter: QPainter, view: CanvasView, font: QFont) -> None:
        pane = view.panes()[0]
        photo = view.photo_rect(pane)
        scale = view.scale()
        painter.save()
        painter.setClipRect(pane.intersected(photo))
        data = self.data
        if data is not None and data.heat is not None and not data.heat.isNull():
            target = QRectF(
                photo.x(), photo.y(), data.heat_size[0] * scale, data.heat_size[1] * scale
            )
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.setOpacity(HEAT_OPACITY)  # the result stays readable under the heat
            painter.drawImage(target, data.heat, QRectF(data.heat.rect()))
            painter.setOpacity(1.0)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        tag_font = QFont(font)
        tag_font.setBold(True)
        for index, region in enumerate(self.regions):
            box = QRectF(
                photo.x() + region.x * scale,
                photo.y() + region.y * scale,
                region.w * scale,
                region.h * scale,
            )
            color = KIND_COLORS[region.kind]
            selected = index == self.selected
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor(0, 0, 0, 150), 5 if selected else 4))
            painter.drawRoundedRect(box, 3, 3)
            painter.setPen(QPen(QColor(255, 255, 255) if selected else color, 3 if selected else 2))
            painter.drawRoundedRect(box, 3, 3)
            words = f"{index + 1} · {self.kind_words.get(region.kind, region.kind.value)}"
            room = box.top() - QFontMetricsF(tag_font).height() - 10 >= photo.top()
            anchor = box.topLeft() + (QPointF(0, -4) if room else QPointF(4, 4))
            _pill(
                painter, tag_font, words, anchor, color, above=room, inside=pane.intersected(photo)
            )
        painter.restore()
        text = self.note if data is None else self.legend
        if text:
            _pill(painter, font, text, pane.bottomLeft() + QPointF(10, -10), QColor(0, 0, 0, 0))


def _pill(
    painter: QPainter,
    font: QFont,
    text: str,
    anchor: QPointF,
    accent: QColor,
    *,
    above: bool = True,
    inside: QRectF | None = None,
) -> None:
    """A light-on-dark tag whose bottom-left corner is ``anchor`` (a coloured dot first when
    ``accent`` is opaque); moved left as needed to stay within ``inside`` (a box at the
    picture's right edge keeps its whole tag readable)."""
    metrics = QFontMetricsF(font)
    dot = 10.0 if accent.alpha() else 0.0
    width = metrics.horizontalAdvance(text) + 16 + (dot + 6 if dot else 0)
    height = metrics.height() + 6
    top = anchor.y() - height if above else anchor.y()
    left = anchor.x()
    if inside is not None:
        left = max(inside.left(), min(left, inside.right() - width))
    box = QRectF(left, top, width, height)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 170))
    painter.drawRoundedRect(box, height / 2, height / 2)
    left = box.left() + 8
    if dot:
        painter.setBrush(accent)
        painter.drawEllipse(QRectF(left, box.center().y() - dot / 2, dot, dot))
        left += dot + 6
    painter.setFont(font)
    painter.setPen(QColor(255, 255, 255, 235))
    painter.drawText(
        QRectF(left, box.top(), box.right() - left - 8, height),
        Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
        text,
    )
    painter.restore()


# -- the controller --------------------------------------------------------------------------------


class ChangesController(QObject):
    """Follows the shown version: the warning strip, the Changes overlay, Revert."""

    # A new version was made by putting the original back (its job id).
    reverted = Signal(str)
    # A revert started or ended (the brush's Apply follows it).
    busyChanged = Signal(bool)

    def __init__(self, window: MainWindow, photos: PhotosController, versions: VersionsController):
        super().__init__(window)
        self.window, self.photos, self.versions = window, photos, versions
        self.overlay = ChangesOverlay()
        self.measured: OrderedDict[str, ChangesData] = OrderedDict()
        self._measuring: set[str] = set()
        self._failed: set[str] = set()
        self.busy = False
        window.canvas.set_changes_overlay(self.overlay)
        window.canvas.modeChanged.connect(self._mode_changed)
        window.canvas.changeRegionClicked.connect(self._region_clicked)
        versions.changed.connect(self._shown_changed)
        strip = window.fidelity_strip
        strip.showRequested.connect(self.show_changes)
        strip.revertRequested.connect(self.revert_flagged)
        window.installEventFilter(self)
        self.retranslate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def retranslate(self) -> None:
        self.overlay.kind_words = {
            RegionKind.INVENTED: self.tr("Invented"),
            RegionKind.LOST: self.tr("Lost"),
        }
        self.overlay.legend = self.tr(
            "Changes: orange where the result invented, blue where it lost detail · click a box "
            "to zoom to it"
        )
        self._update_note()
        self.window.canvas.update()

    # -- what is shown ---------------------------------------------------------------------

    def shown_record(self) -> Any:
        job_id = self.versions.shown_job_id
        if job_id is None:
            return None
        return self.window.history.record(job_id) or self.window.library.job(job_id)

    def fidelity(self, record: Any) -> Fidelity | None:
        """The version's stored fidelity, or the one measured for the Changes view."""
        stored = fidelity_of(record)
        if stored is not None:
            return stored
        measured = self.measured.get(record.id) if record is not None else None
        return measured.fidelity if measured is not None else None

    @Slot()
    def _shown_changed(self) -> None:
        record = self.shown_record()
        self.overlay.selected = None
        self.window.fidelity_strip.set_selected(None)
        if record is None:
            self.overlay.data = None
            self.window.fidelity_strip.set_fidelity(None)
        else:
            self.overlay.data = self.measured.get(record.id)
            fidelity = self.fidelity(record)
            self.window.fidelity_strip.set_fidelity(fidelity, record.id)
            if (
                self.window.canvas.mode() == "changes"
                or (fidelity is not None and fidelity.verdict != Verdict.FAITHFUL)
                or (fidelity is None and self._should_have_verdict(record))
            ):
                self._measure(record)
        self._update_note()
        self.window.canvas.update()

    def _should_have_verdict(self, record: Any) -> bool:
        """AI results (older ones have none stored) and versions made by putting the
        original back are measured as soon as they are shown; offline repairs on request."""
        from luxcanvas.app.revert import is_edit

        strategy = find_strategy(self.window.catalog, record.strategy)
        return is_edit(record) or bool(getattr(strategy, "needs_key", False))

    @Slot(str)
    def _mode_changed(self, mode: str) -> None:
        if mode != "changes" and self.overlay.selected is not None:
            self._select(None)
        if mode == "changes":
            record = self.shown_record()
            if record is not None:
                self._measure(record)
            self._update_note()

    @Slot()
    def show_changes(self) -> None:
        self.window.canvas.set_mode("changes")

    @Slot(int)
    def _region_clicked(self, index: int) -> None:
        self._select(index)

    def _select(self, index: int | None) -> None:
        """Mark one region (Revert then takes only it), or none."""
        self.overlay.selected = index
        self.window.fidelity_strip.set_selected(None if index is None else index + 1)
        self.window.canvas.update()

    @Slot()
    def next_region(self) -> None:
        """Zoom to the next changed region (the keyboard's way to what a click does)."""
        canvas = self.window.canvas
        if canvas.mode() != "changes":
            canvas.set_mode("changes")
        regions = self.overlay.regions
        if not regions:
            return
        current = self.overlay.selected
        index = 0 if current is None else (current + 1) % len(regions)
        canvas.zoom_to_rect(self.overlay.region_rect(index))
        self._select(index)

    def _update_note(self) -> None:
        record = self.shown_record()
        if record is None:
            self.overlay.note = self.tr("Changes show here once a result is shown.")
        elif record.id in self._failed:
            self.overlay.note = self.tr("The changes of this version could not be measured.")
        else:
            self.overlay.note = self.tr("Measuring what the result changed…")

    # -- measuring -------------------------------------------------------------------------

    def _measure(self, record: Any) -> None:
        photo = self.photos.current_photo()
        if (
            photo is None
            or not record.result_path
            or record.id in self.measured
            or record.id in self._measuring
        ):
            return
        self._measuring.add(record.id)
        self._failed.discard(record.id)
        store = self.window.library if fidelity_of(record) is None else None
        task = _Measure(record.id, photo.path, record.result_path, store)
        worker = TaskWorker([(record.id, task)])
        worker.done.connect(self._measured)
        worker.failed.connect(self._measure_failed)
        self.window.host.start(worker)

    @Slot(object, object)
    def _measured(self, job_id: str, data: ChangesData) -> None:
        self._measuring.discard(job_id)
        self.measured[job_id] = data
        while len(self.measured) > MEASURED_KEPT:
            self.measured.popitem(last=False)
        if job_id == self.versions.shown_job_id:
            self.overlay.data = data
            record = self.shown_record()
            if fidelity_of(record) is None:  # nothing stored: the measurement speaks
                self.window.fidelity_strip.set_fidelity(data.fidelity, job_id)
            self.window.canvas.update()
        if self.window.history.record(job_id) is not None:
            self.versions.refresh_history()  # its entry shows the verdict now stored

    @Slot(object, object)
    def _measure_failed(self, job_id: str, error: LuxError) -> None:
        self._measuring.discard(job_id)
        self._failed.add(job_id)
        self._update_note()
        self.window.canvas.update()

    # -- putting the original back ---------------------------------------------------------

    @Slot()
    def revert_flagged(self) -> None:
        """Put the original back in the region picked in the Changes view, or else in every
        flagged region of the shown version."""
        from luxcanvas.app.revert import regions_mask

        record = self.shown_record()
        photo = self.photos.current_photo()
        fidelity = self.fidelity(record)
        if record is None or photo is None or photo.info is None or fidelity is None:
            return
        regions = fidelity.regions
        data, picked = self.overlay.data, self.overlay.selected
        if data is not None and data.job_id == record.id and picked is not None:
            regions = (data.fidelity.regions[picked],)
        if not regions:
            return
        mask = regions_mask(regions, (photo.info.width, photo.info.height))
        self.keep_original(mask, "regions", len(regions))

    def keep_original(self, mask: np.ndarray, kind: str, regions: int = 0) -> bool:
        """Put the original back inside ``mask`` (over the photo's frame) of the shown
        version, in a worker; the new version is shown when it is ready."""
        record = self.shown_record()
        photo = self.photos.current_photo()
        if self.busy or record is None or photo is None:
            return False
        self.busy = True
        self.busyChanged.emit(True)
        self.window.statusBar().showMessage(self.tr("Putting your original back…"))
        task = _KeepOriginal(self.window.library, record.id, photo.path, mask, kind, regions)
        worker = TaskWorker([(record.id, task)])
        worker.done.connect(self._reverted)
        worker.failed.connect(self._revert_failed)
        self.window.host.start(worker)
        return True

    @Slot(object, object)
    def _reverted(self, _: str, record: Any) -> None:
        self.busy = False
        self.busyChanged.emit(False)
        photo = self.photos.current_photo()
        if photo is not None and photo.digest == record.input_digest:
            # Still the same photo (another may have been opened meanwhile): show the version.
            self.versions.refresh_history()
            self.versions.show_version(record.id)
        self.window.statusBar().showMessage(
            self.tr("Your original is back there, as a new version (free)."), 10000
        )
        self.reverted.emit(record.id)

    @Slot(object, object)
    def _revert_failed(self, _: str, error: LuxError) -> None:
        self.busy = False
        self.busyChanged.emit(False)
        self.window.statusBar().clearMessage()
        self.window.banner.show_error(ShownError.from_error(error))
