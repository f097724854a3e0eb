"""The main window: photos, strategy picker, Run, the compare canvas, history, export, settings."""

from __future__ import annotations

import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Slot
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QIcon,
    QImage,
    QKeySequence,
    QPaintEvent,
    QPixmap,
)
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from luxcanvas.domain.errors import Cancelled, InvalidInput, LuxError
from luxcanvas.domain.jobs import CancelToken, Job, Progress
from luxcanvas.gui.canvas import CompareCanvas
from luxcanvas.gui.errors import ErrorBanner, ShownError
from luxcanvas.gui.history import HistoryPanel
from luxcanvas.gui.jobs_panel import JobsPanel
from luxcanvas.gui.picker import StrategyPicker
from luxcanvas.gui.texts import duration, money, strategy_label
from luxcanvas.gui.workers import (
    DecodedPhoto,
    DecodedVersion,
    JobRecordingLibrary,
    JobResult,
    JobWorker,
    TaskWorker,
    WorkerHost,
    decode_photo,
    decode_preview,
    decode_thumbnail,
    decode_version,
)
from luxcanvas.store.library import CANCELLED, DONE, INTERRUPTED, RUNNING

IMAGE_SUFFIXES = {
    ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".bmp", ".gif", ".heic", ".heif", ".avif",
}  # fmt: skip
VERSION_CACHE_SIZE = 8


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


@dataclass
class RunningJob:
    key: str
    job: Job
    strategy: Any
    photo: Path


def expand_paths(paths: list[str] | tuple[str, ...]) -> tuple[list[Path], list[Path]]:
    """Files to open (folders give their images, sorted) and paths that do not exist."""
    found: list[Path] = []
    missing: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            found.extend(
                sorted(
                    (p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES),
                    key=lambda p: p.name.lower(),
                )
            )
        elif path.exists():
            found.append(path)
        else:
            missing.append(path)
    return found, missing


class MainWindow(QMainWindow):
    """The LuxCanvas window (objectName ``mainWindow``). One RestorationService per window."""

    def __init__(self, service: Any | None = None):
        super().__init__()
        self.setObjectName("mainWindow")
        self._service: Any = service
        if service is not None:
            self.settings, self.catalog = service.settings, service.catalog
            self.secrets, self.library = service.secrets, service.library
        else:
            # Only these light parts are needed to show the window. RestorationService pulls in
            # Pillow, numpy and the HTTP stack (~0.4 s of imports): it is made on first use,
            # and its modules load in a worker after the first paint (_load_heavy_modules).
            from luxcanvas.store.catalog import load_catalog
            from luxcanvas.store.secrets import SecretStore
            from luxcanvas.store.settings import load_settings

            self.settings = load_settings()
            self.catalog = load_catalog(settings_prices=self.settings.price_overrides)
            self.secrets = SecretStore()
            self.library = JobRecordingLibrary()
        self._heavy_modules_requested = False
        self.interrupted_at_start = self.library.mark_interrupted()
        self.host = WorkerHost(self)
        self.photos: dict[Path, OpenPhoto] = {}
        self.current: Path | None = None
        self.jobs: dict[str, RunningJob] = {}
        self._cancel_tokens: dict[str, CancelToken] = {}
        self.job_specs: dict[str, tuple[Job, Path]] = {}
        self.shown_job_id: str | None = None
        self.compare_ids: tuple[str, str] | None = None
        self._versions: OrderedDict[str, DecodedVersion] = OrderedDict()
        self._wanted_version: str | None = None
        self._wanted_compare: tuple[str, str] | None = None
        self._thumbs_requested: set[str] = set()
        self._closing = False
        self.export_dialog: Any = None
        self.settings_dialog: Any = None
        self.last_export: Path | None = None

        self._build()
        self._build_actions()
        self.setAcceptDrops(True)
        self.resize(1360, 860)
        self.retranslate()
        self._choose_initial_strategy()
        self._update_key_state()
        self._update_buttons()

        self._ticker = QTimer(self)
        self._ticker.setInterval(500)
        self._ticker.timeout.connect(self._tick)

    @property
    def service(self) -> Any:
        """The window's RestorationService, created on first use."""
        if self._service is None:
            from luxcanvas.app.service import RestorationService

            self._service = RestorationService(
                settings=self.settings,
                catalog=self.catalog,
                secrets=self.secrets,
                library=self.library,
            )
        return self._service

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._heavy_modules_requested:
            self._heavy_modules_requested = True
            QTimer.singleShot(0, self._load_heavy_modules)

    @Slot()
    def _load_heavy_modules(self) -> None:
        """Import the decoding and service modules in a worker, once the window is on screen,
        so the first photo opened or job run does not wait for them."""
        if not self._closing:
            self.host.start(TaskWorker([("imports", _import_heavy_modules)]))

    # -- construction ----------------------------------------------------------------------

    def _build(self) -> None:
        catalog = self.catalog

        # Left: photos, strategies, Run / Cancel, running jobs.
        self.photos_title = QLabel(self)
        self.photos_title.setObjectName("photosTitle")
        self.photo_list = QListWidget(self)
        self.photo_list.setObjectName("photoList")
        self.photo_list.setIconSize(QSize(40, 40))
        self.photo_list.setMaximumHeight(150)
        self.photo_list.currentItemChanged.connect(self._photo_item_changed)
        self.strategies_title = QLabel(self)
        self.strategies_title.setObjectName("strategiesTitle")
        self.picker = StrategyPicker(catalog, self)
        self.picker.selectionChanged.connect(self._update_buttons)
        self.picker.optionsChanged.connect(self._update_buttons)
        self.run_button = QPushButton(self)
        self.run_button.setObjectName("runButton")
        self.run_button.setDefault(True)
        self.run_button.setMinimumHeight(34)
        self.run_button.clicked.connect(self.run_current)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setMinimumHeight(34)
        self.cancel_button.clicked.connect(self.cancel_current)
        self.jobs_panel = JobsPanel(self)
        self.jobs_panel.cancelRequested.connect(self.cancel_job)
        for title in (self.photos_title, self.strategies_title):
            font = title.font()
            font.setBold(True)
            title.setFont(font)

        run_row = QHBoxLayout()
        run_row.addWidget(self.run_button, 1)
        run_row.addWidget(self.cancel_button)
        left = QWidget(self)
        left.setObjectName("sidePanel")
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(10, 8, 4, 10)
        left_layout.setSpacing(6)
        left_layout.addWidget(self.photos_title)
        left_layout.addWidget(self.photo_list)
        left_layout.addWidget(self.strategies_title)
        left_layout.addWidget(self.picker, 1)
        left_layout.addLayout(run_row)
        left_layout.addWidget(self.jobs_panel)

        # Centre: banner, compare label, canvas, view controls.
        self.banner = ErrorBanner(self)
        self.banner.retryRequested.connect(self.retry_job)
        self.banner.settingsRequested.connect(self.open_settings)
        self.compare_label = QLabel(self)
        self.compare_label.setObjectName("compareLabel")
        self.compare_label.hide()
        self.canvas = CompareCanvas(self)
        self.canvas.zoomChanged.connect(self._zoom_changed)
        self.canvas.modeChanged.connect(self._mode_changed)
        self.mode_buttons: dict[str, QToolButton] = {}
        self.mode_group = QButtonGroup(self)
        self.mode_group.setExclusive(True)
        view_bar = QHBoxLayout()
        view_bar.setSpacing(4)
        for mode in ("split", "side", "original", "result"):
            button = QToolButton(self)
            button.setObjectName(f"mode_{mode}")
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setProperty("canvasMode", mode)
            button.clicked.connect(self._mode_button_clicked)
            self.mode_group.addButton(button)
            self.mode_buttons[mode] = button
            view_bar.addWidget(button)
        self.mode_buttons[self.canvas.mode()].setChecked(True)
        self.flip_button = QToolButton(self)
        self.flip_button.setObjectName("flipButton")
        self.fit_button = QToolButton(self)
        self.fit_button.setObjectName("fitButton")
        self.actual_button = QToolButton(self)
        self.actual_button.setObjectName("actualSizeButton")
        self.zoom_label = QLabel(self)
        self.zoom_label.setObjectName("zoomLabel")
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        view_bar.addSpacing(12)
        view_bar.addWidget(self.flip_button)
        view_bar.addStretch(1)
        view_bar.addWidget(self.fit_button)
        view_bar.addWidget(self.actual_button)
        view_bar.addWidget(self.zoom_label)
        center = QWidget(self)
        center.setObjectName("centerPanel")
        center_layout = QVBoxLayout(center)
        center_layout.setContentsMargins(4, 8, 4, 8)
        center_layout.setSpacing(6)
        center_layout.addWidget(self.banner)
        center_layout.addWidget(self.compare_label)
        center_layout.addWidget(self.canvas, 1)
        center_layout.addLayout(view_bar)

        # Right: history.
        self.history = HistoryPanel(catalog, self)
        self.history.openRequested.connect(self.show_version)
        self.history.compareRequested.connect(self.compare_versions)
        self.history.rerunRequested.connect(self.rerun)
        self.history.deleteRequested.connect(self.delete_version)
        self.history.starToggled.connect(self.set_starred)
        self.history.exportStarredRequested.connect(self.export_starred)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 8, 10, 10)
        right_layout.addWidget(self.history)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(left)
        splitter.addWidget(center)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 0)
        splitter.setCollapsible(1, False)
        splitter.setSizes([360, 700, 310])
        left.setMinimumWidth(340)
        right.setMinimumWidth(250)

        # Top bar.
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("openButton")
        self.open_button.clicked.connect(self.choose_files)
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("exportButton")
        self.export_button.clicked.connect(self.export_shown)
        self.settings_button = QPushButton(self)
        self.settings_button.setObjectName("settingsButton")
        self.settings_button.clicked.connect(self.open_settings)
        self.spend_label = QLabel(self)
        self.spend_label.setObjectName("spendLabel")
        style = self.style()
        self.open_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton))
        self.export_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
        top = QHBoxLayout()
        top.setContentsMargins(10, 8, 10, 0)
        top.addWidget(self.open_button)
        top.addWidget(self.export_button)
        top.addStretch(1)
        top.addWidget(self.spend_label)
        top.addSpacing(8)
        top.addWidget(self.settings_button)

        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(0)
        body_layout.addLayout(top)
        body_layout.addWidget(splitter, 1)
        self.setCentralWidget(body)
        self.statusBar().setObjectName("statusBar")

    def _build_actions(self) -> None:
        def action(name: str, keys: list[QKeySequence], slot: Any) -> QAction:
            act = QAction(self)
            act.setObjectName(name)
            act.setShortcuts([k for k in keys if not k.isEmpty()])
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        std = QKeySequence.StandardKey
        self.open_action = action(
            "openAction", QKeySequence.keyBindings(std.Open), self.choose_files
        )
        self.paste_action = action("pasteAction", QKeySequence.keyBindings(std.Paste), self.paste)
        self.export_action = action(
            "exportAction", QKeySequence.keyBindings(std.Save), self.export_shown
        )
        prefs = QKeySequence.keyBindings(std.Preferences) or [QKeySequence("Ctrl+,")]
        self.settings_action = action("settingsAction", prefs, self.open_settings)
        self.fit_action = action("fitAction", [QKeySequence("Ctrl+0")], self.canvas.zoom_fit)
        self.actual_action = action(
            "actualAction", [QKeySequence("Ctrl+1")], self.canvas.zoom_actual
        )
        self.zoom_in_action = action(
            "zoomInAction", QKeySequence.keyBindings(std.ZoomIn), self.canvas.zoom_in
        )
        self.zoom_out_action = action(
            "zoomOutAction", QKeySequence.keyBindings(std.ZoomOut), self.canvas.zoom_out
        )
        self.flip_action = action("flipAction", [QKeySequence(Qt.Key.Key_F)], self.flip)
        self.run_action = action(
            "runAction", [QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")], self.run_current
        )
        self.quit_action = action("quitAction", QKeySequence.keyBindings(std.Quit), self.close)
        self.next_photo_action = action(
            "nextPhotoAction", QKeySequence.keyBindings(std.NextChild), self.next_photo
        )
        self.flip_button.clicked.connect(self.flip)
        self.fit_button.clicked.connect(self.canvas.zoom_fit)
        self.actual_button.clicked.connect(self.canvas.zoom_actual)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("LuxCanvas — photo restoration"))
        self.photos_title.setText(self.tr("Photos"))
        self.strategies_title.setText(self.tr("Strategy"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Cancel the running jobs of this photo"))
        self.open_button.setText(self.tr("Open…"))
        self.open_button.setToolTip(
            self.tr(
                "Open photos (%1). You can also drop photos or a folder on the window."
            ).replace(
                "%1", self.open_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            )
            if hasattr(self, "open_action")
            else ""
        )
        self.export_button.setText(self.tr("Export…"))
        self.settings_button.setText(self.tr("Settings"))
        names = {
            "split": self.tr("Before | After"),
            "side": self.tr("Side by side"),
            "original": self.tr("Original"),
            "result": self.tr("Result"),
        }
        for mode, button in self.mode_buttons.items():
            button.setText(names[mode])
        self.flip_button.setText(self.tr("Flip"))
        self.flip_button.setToolTip(self.tr("Swap before and after (F)"))
        self.fit_button.setText(self.tr("Fit"))
        self.fit_button.setToolTip(self.tr("Fit to window (Ctrl+0)"))
        self.actual_button.setText("100 %")
        self.actual_button.setToolTip(self.tr("Actual pixels (Ctrl+1)"))
        for widget, name in (
            (self.run_button, self.tr("Run")),
            (self.cancel_button, self.tr("Cancel")),
            (self.export_button, self.tr("Export")),
            (self.settings_button, self.tr("Settings")),
        ):
            widget.setAccessibleName(name)
        self.setAccessibleName(self.tr("LuxCanvas"))
        self.statusBar().clearMessage()  # an old message would stay in the old language
        self._update_placeholder()
        self._update_buttons()
        self._update_spend()
        self._update_compare_label()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "run_button"):
            self.retranslate()
        super().changeEvent(event)

    def _choose_initial_strategy(self) -> None:
        has_key = bool(self.secrets.get())
        wanted = self.settings.default_strategy
        cards = self.picker.cards
        if wanted in cards and (has_key or not cards[wanted].strategy.needs_key):
            self.picker.select(wanted)
        elif has_key and "restore" in cards:
            self.picker.select("restore")
        else:
            local = next((sid for sid, c in cards.items() if c.strategy.is_local), None)
            self.picker.select(local or next(iter(cards)))

    def _update_key_state(self) -> None:
        self.picker.set_key_missing(not self.secrets.get())

    # -- state shown in buttons and labels -------------------------------------------------

    def current_photo(self) -> OpenPhoto | None:
        return self.photos.get(self.current) if self.current else None

    @Slot()
    def _update_buttons(self) -> None:
        if not hasattr(self, "picker") or not self.picker.selected_id:
            return
        strategy = self.picker.selected_strategy
        cost = strategy.estimated_cost
        price = self.tr("free") if strategy.is_local or cost == 0 else money(cost)
        verb = self.tr("Preview") if strategy.id == "preview" else self.tr("Restore")
        self.run_button.setText(f"{verb} · {price}")
        self.run_button.setToolTip(
            self.tr("Run %1 on this photo (%2)")
            .replace("%1", strategy_label(strategy))
            .replace(
                "%2", QKeySequence("Ctrl+Return").toString(QKeySequence.SequenceFormat.NativeText)
            )
        )
        photo = self.current_photo()
        self.run_button.setEnabled(photo is not None and photo.error is None)
        self.cancel_button.setEnabled(any(not self._row_cancelling(k) for k in self.jobs))
        self.export_button.setEnabled(self.shown_job_id is not None)
        self.export_action.setEnabled(self.shown_job_id is not None)

    def _row_cancelling(self, key: str) -> bool:
        row = self.jobs_panel.rows.get(key)
        return bool(row and row.cancelling)

    def _update_placeholder(self) -> None:
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
        self.canvas.set_placeholder(text)

    def _update_spend(self) -> None:
        spent = self.library.spent()  # RestorationService.month_spent, without the service
        cap = self.settings.monthly_budget_usd
        if cap:
            text = (
                self.tr("This month: %1 of %2")
                .replace("%1", money(spent))
                .replace("%2", money(cap))
            )
        else:
            text = self.tr("This month: %1").replace("%1", money(spent))
        self.spend_label.setText(text)

    def _update_compare_label(self) -> None:
        if self.compare_ids is None:
            self.compare_label.hide()
            return
        older, newer = (self.history.record(i) for i in self.compare_ids)
        if older is None or newer is None:
            self.compare_label.hide()
            return
        self.compare_label.setText(
            self.tr("Comparing two versions: %1 (left) and %2 (right)")
            .replace("%1", strategy_label(self._strategy(older.strategy)))
            .replace("%2", strategy_label(self._strategy(newer.strategy)))
        )
        self.compare_label.show()

    def _strategy(self, strategy_id: str) -> Any:
        try:
            return self.catalog.get(strategy_id)
        except LuxError:
            from types import SimpleNamespace

            return SimpleNamespace(id=strategy_id, label=strategy_id, typical_seconds=0)

    @Slot(float)
    def _zoom_changed(self, zoom: float) -> None:
        self.zoom_label.setText(f"{zoom * 100:.0f} %")

    @Slot(str)
    def _mode_changed(self, mode: str) -> None:
        button = self.mode_buttons.get(mode)
        if button is not None:
            button.setChecked(True)

    @Slot()
    def _mode_button_clicked(self) -> None:
        button = self.sender()
        if button is not None:
            self.canvas.set_mode(str(button.property("canvasMode")))

    @Slot()
    def flip(self) -> None:
        self.canvas.flip()

    # -- opening photos ----------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasUrls() or mime.hasImage():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: Any) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        local = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        if local:
            event.acceptProposedAction()
            self.open_paths(local)
        elif mime.hasImage():
            event.acceptProposedAction()
            self._open_image_data(mime.imageData())
        else:
            super().dropEvent(event)

    @Slot()
    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Open photos"),
            "",
            self.tr("Photos (%1);;All files (*)").replace(
                "%1", " ".join(f"*{s}" for s in sorted(IMAGE_SUFFIXES))
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
            self._open_image_data(mime.imageData())
        else:
            self.statusBar().showMessage(self.tr("The clipboard holds no photo."), 5000)

    def _open_image_data(self, data: Any) -> None:
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
        """Add photos (files or folders) and show the first new one; decoding runs in a worker."""
        found, missing = expand_paths(raw_paths)
        for path in missing:
            self.banner.show_error(
                ShownError("invalid_input", f"{path.name} was not found.", context=path.name)
            )
        first: Path | None = None
        to_decode: list[Path] = []
        for path in found:
            path = path.resolve()
            if path not in self.photos:
                self.photos[path] = OpenPhoto(path)
                item = QListWidgetItem(path.name)
                item.setData(Qt.ItemDataRole.UserRole, str(path))
                item.setToolTip(str(path))
                item.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon))
                self.photo_list.addItem(item)
                to_decode.append(path)
            if first is None:
                first = path
        if first is not None:
            self.set_current(first)
        if to_decode:
            tasks: list[tuple[Any, Any]] = [(("preview", to_decode[0]), _Preview(to_decode[0]))]
            tasks += [(p, _Decode(p)) for p in to_decode]
            worker = TaskWorker(tasks)
            worker.done.connect(self._photo_decoded)
            worker.failed.connect(self._photo_failed)
            self.host.start(worker)

    def _photo_item(self, path: Path) -> QListWidgetItem | None:
        for row in range(self.photo_list.count()):
            item = self.photo_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == str(path):
                return item
        return None

    def set_current(self, path: Path) -> None:
        """Show ``path`` (an open photo) on the canvas with its history."""
        item = self._photo_item(path)
        if item is not None and self.photo_list.currentItem() is not item:
            self.photo_list.setCurrentItem(item)  # comes back through _photo_item_changed
            return
        if path == self.current:
            return
        self.current = path
        self.shown_job_id = None
        self.compare_ids = None
        self._wanted_version = None
        self._wanted_compare = None
        photo = self.photos[path]
        self._update_placeholder()
        self.canvas.set_original(photo.image, photo.levels)
        self.canvas.set_result(None)
        self.canvas.set_mode("split" if photo.image is not None else self.canvas.mode())
        self._update_compare_label()
        self.refresh_history(show_latest=True)
        self._update_buttons()

    @Slot(QListWidgetItem, QListWidgetItem)
    def _photo_item_changed(self, item: QListWidgetItem | None, _: Any = None) -> None:
        if item is not None:
            self.set_current(Path(item.data(Qt.ItemDataRole.UserRole)))

    @Slot()
    def next_photo(self) -> None:
        count = self.photo_list.count()
        if count > 1:
            self.photo_list.setCurrentRow((self.photo_list.currentRow() + 1) % count)

    @Slot(object, object)
    def _photo_decoded(self, tag: Any, decoded: Any) -> None:
        if isinstance(tag, tuple):  # the quick preview of a big photo
            path = tag[1]
            photo = self.photos.get(path)
            if photo is not None and photo.image is None and path == self.current:
                self.canvas.set_original(decoded)
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
            item.setText(f"{path.name}\n{decoded.info.width}×{decoded.info.height}")
        if path == self.current:
            self.canvas.set_original(decoded.image, decoded.levels)
            self.refresh_history(show_latest=True)
            self._update_buttons()

    @Slot(object, object)
    def _photo_failed(self, path: Path, error: LuxError) -> None:
        photo = self.photos.get(path)
        if photo is None:
            return
        photo.error = error
        item = self._photo_item(path)
        if item is not None:
            item.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
        self.banner.show_error(
            ShownError(error.kind, error.message, error.detail, context=path.name)
        )
        if path == self.current:
            self._update_placeholder()
            self._update_buttons()

    # -- history -----------------------------------------------------------------------------

    def refresh_history(self, show_latest: bool = False) -> None:
        photo = self.current_photo()
        if photo is None or not photo.digest:
            self.history.set_records([])
            return
        records = self.library.jobs(input_digest=photo.digest)
        self.history.set_records(records)
        wanted = [
            (r.id, r.result_path)
            for r in records
            if r.status == DONE
            and r.result_path
            and not self.history.has_thumbnail(r.id)
            and r.id not in self._thumbs_requested
        ]
        if wanted:
            self._thumbs_requested.update(i for i, _ in wanted)
            worker = TaskWorker([(i, _Thumbnail(i, p)) for i, p in wanted])
            worker.done.connect(self._thumbnail_ready)
            self.host.start(worker)
        if show_latest and self.shown_job_id is None and self.compare_ids is None:
            latest = next((r for r in records if r.status == DONE and r.result_path), None)
            if latest is not None:
                self.show_version(latest.id)
        self._update_compare_label()
        self._update_spend()

    @Slot(object, object)
    def _thumbnail_ready(self, job_id: str, decoded: DecodedVersion) -> None:
        self.history.set_thumbnail(job_id, decoded.thumb)

    @Slot(str)
    def show_version(self, job_id: str) -> None:
        """Show a finished version as the result, beside the original."""
        record = self.history.record(job_id) or self.library.job(job_id)
        if record is None or record.status != DONE:
            return
        self.compare_ids = None
        self._wanted_compare = None
        self._update_compare_label()
        self._show_photo_as_original()
        self.shown_job_id = job_id
        self.history.select(job_id)
        self._update_buttons()
        version = self._versions.get(job_id)
        if version is not None:
            self._versions.move_to_end(job_id)
            self.canvas.set_result(version.image, version.levels)
            return
        self._wanted_version = job_id
        self._request_version(job_id, record.result_path)

    def _request_version(self, job_id: str, result_path: str) -> None:
        worker = TaskWorker([(job_id, _Version(job_id, result_path))])
        worker.done.connect(self._version_ready)
        worker.failed.connect(self._version_failed)
        self.host.start(worker)

    def _show_photo_as_original(self) -> None:
        photo = self.current_photo()
        if photo is None:
            self.canvas.set_original(None)
        else:
            self.canvas.set_original(photo.image, photo.levels)

    def _remember_version(self, job_id: str, version: DecodedVersion) -> None:
        self._versions[job_id] = version
        self._versions.move_to_end(job_id)
        while len(self._versions) > VERSION_CACHE_SIZE:
            self._versions.popitem(last=False)

    @Slot(object, object)
    def _version_ready(self, job_id: str, decoded: DecodedVersion) -> None:
        self._remember_version(job_id, decoded)
        if not self.history.has_thumbnail(job_id):
            self.history.set_thumbnail(job_id, decoded.thumb)
        if self._wanted_version == job_id:
            self._wanted_version = None
            self.canvas.set_result(decoded.image, decoded.levels)
        if self._wanted_compare and job_id in self._wanted_compare:
            self._show_compare_if_ready()

    @Slot(object, object)
    def _version_failed(self, job_id: str, error: LuxError) -> None:
        self.banner.show_error(ShownError(error.kind, error.message, error.detail))

    @Slot(str, str)
    def compare_versions(self, older: str, newer: str) -> None:
        """Any two versions: the older one takes the 'before' side."""
        self.compare_ids = (older, newer)
        self._wanted_compare = (older, newer)
        self._wanted_version = None
        for job_id in (older, newer):
            if job_id not in self._versions:
                record = self.history.record(job_id)
                if record is not None:
                    self._request_version(job_id, record.result_path)
        self._show_compare_if_ready()
        self._update_compare_label()

    def _show_compare_if_ready(self) -> None:
        if not self._wanted_compare:
            return
        older, newer = self._wanted_compare
        if older in self._versions and newer in self._versions:
            before, after = self._versions[older], self._versions[newer]
            self.canvas.set_original(before.image, before.levels)
            self.canvas.set_result(after.image, after.levels)
            self.shown_job_id = newer
            self._wanted_compare = None
            self._update_buttons()

    @Slot(str, bool)
    def set_starred(self, job_id: str, starred: bool) -> None:
        self.library.set_starred(job_id, starred)
        self.refresh_history()

    @Slot(str)
    def delete_version(self, job_id: str) -> None:
        record = self.history.record(job_id)
        if record is None:
            return
        if record.status == DONE:
            answer = QMessageBox.question(
                self,
                self.tr("Delete version"),
                self.tr(
                    "Delete this version (%1)? Its file is removed; the cost stays in the ledger."
                ).replace("%1", strategy_label(self._strategy(record.strategy))),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.library.delete_job(job_id)
        self._versions.pop(job_id, None)
        if self.shown_job_id == job_id or (self.compare_ids and job_id in self.compare_ids):
            self.shown_job_id = None
            self.compare_ids = None
            self._show_photo_as_original()
            self.canvas.set_result(None)
        self.refresh_history(show_latest=True)
        self._update_buttons()

    @Slot(str)
    def rerun(self, job_id: str) -> None:
        """Run a version again with the same strategy and options."""
        record = self.history.record(job_id)
        photo = self.current_photo()
        if record is None or photo is None:
            return
        card = self.picker.cards.get(record.strategy)
        if card is not None:
            self.picker.select(record.strategy)
            card.apply(record.size, record.prompt, record.options)
        job = Job(
            input_path=photo.path,
            strategy_id=record.strategy,
            size=record.size,
            prompt=record.prompt,
            options=dict(record.options),
        )
        self.start_job(job)

    # -- running jobs ------------------------------------------------------------------------

    @Slot()
    def run_current(self) -> None:
        """Run the selected strategy on the current photo."""
        photo = self.current_photo()
        if photo is None or photo.error is not None:
            return
        choice = self.picker.choice()
        job = Job(
            input_path=photo.path,
            strategy_id=choice.strategy_id,
            size=choice.size,
            prompt=choice.prompt,
            references=choice.references,
            options=choice.options,
        )
        self.start_job(job)

    def start_job(self, job: Job) -> str | None:
        strategy = self._strategy(job.strategy_id)
        if getattr(strategy, "needs_key", False) and not self.secrets.get():
            self.banner.show_error(
                ShownError(
                    "auth",
                    "No API key is set.",
                    context=strategy_label(strategy),
                )
            )
            return None
        key = uuid.uuid4().hex[:12]
        worker = JobWorker(key, self.service, job)
        worker.progress.connect(self._job_progress)
        worker.succeeded.connect(self._job_succeeded)
        worker.failed.connect(self._job_failed)
        self.jobs[key] = RunningJob(key, job, strategy, job.input_path)
        self.job_specs[key] = (job, job.input_path)
        self.jobs_panel.add(key, job.input_path.name, strategy)
        if not self.host.start(worker):
            self.jobs.pop(key, None)
            self.jobs_panel.remove(key)
            return None
        self._cancel_tokens[key] = worker.cancel_token
        self._ticker.start()
        self._update_buttons()
        self._remember_strategy(job.strategy_id)
        QTimer.singleShot(300, self._refresh_history_if_idle)
        return key

    def _remember_strategy(self, strategy_id: str) -> None:
        from luxcanvas.store.settings import save_settings

        settings = self.settings
        if settings.default_strategy != strategy_id:
            settings.default_strategy = strategy_id
            try:
                save_settings(settings)
            except OSError:
                pass

    @Slot()
    def _refresh_history_if_idle(self) -> None:
        if not self._closing:
            self.refresh_history()

    @Slot()
    def _tick(self) -> None:
        self.jobs_panel.tick()
        if not self.jobs:
            self._ticker.stop()

    @Slot(str, object)
    def _job_progress(self, key: str, progress: Progress) -> None:
        if self._closing:
            return
        row = self.jobs_panel.rows.get(key)
        if row is not None:
            row.set_progress(progress)

    def _job_ended(self, key: str) -> RunningJob | None:
        running = self.jobs.pop(key, None)
        self._cancel_tokens.pop(key, None)
        self.jobs_panel.remove(key)
        self._update_buttons()
        return running

    @Slot(str, object)
    def _job_succeeded(self, key: str, result: JobResult) -> None:
        running = self._job_ended(key)
        outcome = result.outcome
        self._remember_version(
            outcome.job_id,
            DecodedVersion(outcome.job_id, result.image, result.thumb, result.levels),
        )
        self.history.set_thumbnail(outcome.job_id, result.thumb)
        label = strategy_label(self._strategy(outcome.strategy))
        if outcome.cached:
            message = self.tr("%1: done in %2, from the cache (no charge).")
        else:
            message = self.tr("%1: done in %2 · %3.")
        self.statusBar().showMessage(
            message.replace("%1", label)
            .replace("%2", duration(outcome.seconds))
            .replace("%3", self.tr("free") if outcome.cost_usd == 0 else money(outcome.cost_usd)),
            10000,
        )
        if running is not None and running.photo == self.current:
            self.refresh_history()
            self.show_version(outcome.job_id)
        self._update_spend()

    @Slot(str, object)
    def _job_failed(self, key: str, error: LuxError) -> None:
        if self._closing:
            return  # a job stopped by the quit; _record_interrupted records it
        running = self._job_ended(key)
        context = ""
        if running is not None:
            context = f"{running.photo.name} · {strategy_label(running.strategy)}"
        if isinstance(error, Cancelled):
            if error.may_be_billed:
                self.banner.show_error(
                    ShownError("cancelled", error.message, error.detail, True, context, info=True)
                )
            else:
                self.statusBar().showMessage(self.tr("%1: cancelled.").replace("%1", context), 8000)
        else:
            self.banner.show_error(
                ShownError(
                    error.kind,
                    error.message,
                    error.detail,
                    error.may_be_billed,
                    context,
                    retry_key=key if not isinstance(error, InvalidInput) else "",
                )
            )
        if running is None or running.photo == self.current:
            self.refresh_history()
        self._update_spend()

    @Slot(str)
    def cancel_job(self, key: str) -> None:
        token = self._cancel_tokens.get(key)
        if token is not None:
            token.cancel()
        row = self.jobs_panel.rows.get(key)
        if row is not None:
            row.set_cancelling()
        self._update_buttons()

    @Slot()
    def cancel_current(self) -> None:
        """Cancel the running jobs of the current photo (all jobs when it has none)."""
        keys = [k for k, j in self.jobs.items() if j.photo == self.current]
        for key in keys or list(self.jobs):
            self.cancel_job(key)

    @Slot(str)
    def retry_job(self, key: str) -> None:
        spec = self.job_specs.get(key)
        if spec is not None:
            self.start_job(spec[0])

    # -- export and settings -----------------------------------------------------------------

    @Slot()
    def export_shown(self) -> None:
        from luxcanvas.gui.export_dialog import ExportDialog

        photo = self.current_photo()
        record = self.library.job(self.shown_job_id) if self.shown_job_id else None
        if photo is None or record is None:
            return
        if self.export_dialog is not None:
            self.export_dialog.deleteLater()
        self.export_dialog = ExportDialog(self, self.settings, record, photo.path)
        self.export_dialog.exportRequested.connect(self._export_requested)
        self.export_dialog.open()

    @Slot(object)
    def _export_requested(self, request: Any) -> None:
        from luxcanvas.gui.export_dialog import ExportTask

        worker = TaskWorker([(request.dest, ExportTask(request))])
        worker.done.connect(self._exported)
        worker.failed.connect(self._export_failed)
        self.host.start(worker)
        self.statusBar().showMessage(self.tr("Exporting…"))

    @Slot()
    def export_starred(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export starred versions to"))
        if folder:
            self.export_starred_to(Path(folder))

    def export_starred_to(self, folder: Path) -> None:
        """Export every starred version of the current photo into ``folder``."""
        from luxcanvas.gui.export_dialog import ExportRequest, ExportTask

        photo = self.current_photo()
        if photo is None:
            return
        settings = self.settings
        tasks = []
        for record in self.history.records:
            if record.starred and record.status == DONE:
                request = ExportRequest.for_folder(record, photo.path, folder, settings)
                tasks.append((request.dest, ExportTask(request)))
        if tasks:
            worker = TaskWorker(tasks)
            worker.done.connect(self._exported)
            worker.failed.connect(self._export_failed)
            self.host.start(worker)

    @Slot(object, object)
    def _exported(self, _: Any, written: Path) -> None:
        self.last_export = written
        self.statusBar().showMessage(self.tr("Exported to %1").replace("%1", str(written)), 10000)

    @Slot(object, object)
    def _export_failed(self, dest: Any, error: LuxError) -> None:
        self.statusBar().clearMessage()
        self.banner.show_error(
            ShownError(error.kind, error.message, error.detail, context=Path(str(dest)).name)
        )

    @Slot()
    def open_settings(self) -> None:
        from luxcanvas.gui.settings_dialog import SettingsDialog

        if self.settings_dialog is not None:
            self.settings_dialog.deleteLater()
        self.settings_dialog = SettingsDialog(self.service, self.host, self)
        self.settings_dialog.applied.connect(self._settings_applied)
        self.settings_dialog.open()

    @Slot()
    def _settings_applied(self) -> None:
        self._update_key_state()
        self._update_spend()
        self._update_buttons()

    # -- quitting ----------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True
        self._ticker.stop()
        interrupted = [w for w in self.host.workers() if isinstance(w, JobWorker)]
        # Cancelling stops the wait for paid calls; the service then records the jobs as
        # cancelled, which _record_interrupted overrides once their threads have ended.
        self.host.shutdown()
        self._record_interrupted(interrupted)
        if self._service is not None:
            self._service.close()
        super().closeEvent(event)

    def _record_interrupted(self, workers: list[JobWorker]) -> None:
        """Jobs still running when the window closed show as interrupted, as after a crash."""
        for worker in workers:
            record = self.library.job(worker.job_id) if worker.job_id else None
            if record is None or record.status not in (RUNNING, CANCELLED):
                continue  # it finished or failed on its own just before the quit
            self.library.finish_job(
                record.id,
                status=INTERRUPTED,
                error_kind="interrupted",
                error_message="LuxCanvas was closed while this job was running.",
                cost_usd=record.cost_usd,
                may_be_billed=record.may_be_billed,
                seconds=record.seconds,
            )


def _import_heavy_modules() -> None:
    import luxcanvas.app.service  # Pillow, numpy
    import luxcanvas.gateway.http  # noqa: F401


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


class _Version:
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
