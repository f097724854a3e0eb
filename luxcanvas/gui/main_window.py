"""The main window: its layout and keyboard actions. Controllers (luxcanvas.gui.photos,
versions, jobs, exporting) drive the widgets it builds; it wires them and forwards drops."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Slot
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyle,
    QWidget,
)

from luxcanvas.gui.actions import install_actions, retranslate_actions
from luxcanvas.gui.brush import BrushBar, BrushController
from luxcanvas.gui.canvas import CompareCanvas
from luxcanvas.gui.changes import ChangesController
from luxcanvas.gui.errors import ErrorBanner
from luxcanvas.gui.exporting import ExportController
from luxcanvas.gui.fidelity_strip import FidelityStrip
from luxcanvas.gui.history import HistoryPanel
from luxcanvas.gui.jobs import JobsController, RunningJob, initial_strategy
from luxcanvas.gui.jobs_panel import JobsPanel
from luxcanvas.gui.layout import Item, hbox, named, vbox
from luxcanvas.gui.photos import OpenPhoto, PhotosController
from luxcanvas.gui.picker import StrategyPicker
from luxcanvas.gui.split_offer import SplitOfferBar, SplitOfferController
from luxcanvas.gui.texts import money
from luxcanvas.gui.versions import VersionsController
from luxcanvas.gui.view_bar import ViewBar
from luxcanvas.gui.workers import TaskWorker, WorkerHost


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
            from luxcanvas.store.library import Library
            from luxcanvas.store.secrets import SecretStore
            from luxcanvas.store.settings import load_settings

            self.settings = load_settings()
            self.catalog = load_catalog(settings_prices=self.settings.price_overrides)
            self.secrets = SecretStore()
            self.library = Library()
        #: Jobs the library found left running by a process that is gone (a crash).
        self.interrupted_at_start: int = self.library.repaired
        self._heavy_modules_requested = False
        self._closing = False
        self.settings_dialog: Any = None
        self.host = WorkerHost(self)

        self._build()
        self._build_controllers()
        self._build_actions()
        self.setAcceptDrops(True)
        self.resize(1360, 860)
        self.retranslate()
        self.picker.select(
            initial_strategy(self.catalog, self.settings.default_strategy, self.secrets)
        )
        self.update_key_state()
        self._update_buttons()

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
        # Left: photos, strategies, Run / Cancel, running jobs.
        self.photos_title = named(QLabel(self), "photosTitle")
        self.photo_list = named(QListWidget(self), "photoList")
        self.photo_list.setIconSize(QSize(40, 40))
        self.photo_list.setMaximumHeight(150)
        self.strategies_title = named(QLabel(self), "strategiesTitle")
        self.picker = StrategyPicker(self.catalog, self)
        self.picker.selectionChanged.connect(self._update_buttons)
        self.picker.optionsChanged.connect(self._update_buttons)
        self.run_title = named(QLabel(self), "runTitle")
        #: The choice in one line beside Run ("Faithful restoration · 2K · $0.05 per edit").
        self.choice_summary = named(QLabel(self), "choiceSummary")
        self.choice_summary.setWordWrap(True)
        self.choice_summary.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.run_button = named(QPushButton(self), "runButton")
        self.run_button.setDefault(True)
        self.cancel_button = named(QPushButton(self), "cancelButton")
        self.new_result_button = named(QPushButton(self), "newResultButton")  # jobs.py drives it
        self.jobs_panel = JobsPanel(self)
        for title in (self.photos_title, self.strategies_title, self.run_title):
            font = title.font()
            font.setBold(True)
            title.setFont(font)
        for button in (self.run_button, self.cancel_button):
            button.setMinimumHeight(34)
        left = named(QWidget(self), "sidePanel")
        left_items: list[Item] = [
            self.photos_title,
            self.photo_list,
            self.strategies_title,
            (self.picker, 1),
            self.run_title,
            self.choice_summary,
        ]
        # "New result · $X" gets its own line: beside Run and Cancel its words were cut.
        run_row = hbox([(self.run_button, 1), self.cancel_button])
        left_items += [run_row, self.new_result_button, self.jobs_panel]
        vbox(left, left_items, margins=(10, 8, 4, 10), spacing=6)
        self.side_panel = left

        # Centre: banner, compare label, canvas, view controls.
        self.banner = ErrorBanner(self)
        self.banner.settingsRequested.connect(self.open_settings)
        self.compare_label = named(QLabel(self), "compareLabel")
        self.compare_label.setWordWrap(True)  # long version names must not widen the window
        self.compare_label.hide()
        self.canvas = CompareCanvas(self)
        self.view_bar = ViewBar(self.canvas, self)
        self.mode_buttons = self.view_bar.mode_buttons
        self.fidelity_strip = FidelityStrip(self)  # issue 10: verdict, Changes, revert, brush
        self.brush_bar = BrushBar(self)
        self.split_bar = SplitOfferBar(self)  # issue 11: "Split into 3 photos? [Split]"
        self.view_bar.add_tool(self.brush_bar.toggle_button)
        center = named(QWidget(self), "centerPanel")
        center_items: list[Item] = [
            self.banner,
            self.compare_label,
            self.fidelity_strip,
            self.split_bar,
            (self.canvas, 1),
            self.brush_bar,
            self.view_bar,
        ]
        vbox(center, center_items, margins=(4, 8, 4, 8), spacing=6)

        # Right: history.
        self.history = HistoryPanel(self.catalog, self)
        right = named(QWidget(self), "historySide")
        vbox(right, [self.history], margins=(4, 8, 10, 10))
        self.history_side = right

        splitter = named(QSplitter(Qt.Orientation.Horizontal, self), "mainSplitter")
        for index, (panel, stretch) in enumerate(((left, 0), (center, 1), (right, 0))):
            splitter.addWidget(panel)
            splitter.setStretchFactor(index, stretch)
        splitter.setCollapsible(1, False)
        splitter.setSizes([300, 700, 260])
        # Narrow enough for a 1024-pixel screen with both panels shown (issue 14 item 7);
        # either can be hidden from the View menu, or by dragging its edge.
        left.setMinimumWidth(270)
        right.setMinimumWidth(245)
        splitter.splitterMoved.connect(self._panels_moved)
        self.splitter = splitter

        # Top bar.
        style = self.style()
        self.open_button = named(QPushButton(self), "openButton")
        self.open_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton))
        self.export_button = named(QPushButton(self), "exportButton")
        self.export_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
        self.settings_button = named(QPushButton(self), "settingsButton")
        self.settings_button.clicked.connect(self.open_settings)
        self.spend_label = named(QLabel(self), "spendLabel")
        top = hbox([self.open_button, self.export_button], margins=(10, 8, 10, 0))
        top.addStretch(1)
        top.addWidget(self.spend_label)
        top.addSpacing(8)
        top.addWidget(self.settings_button)

        body = QWidget(self)
        vbox(body, [top, (splitter, 1)], margins=(0, 0, 0, 0), spacing=0)
        self.setCentralWidget(body)
        self.statusBar().setObjectName("statusBar")

    def _build_controllers(self) -> None:
        self.photos_ctl = PhotosController(self)
        self.versions_ctl = VersionsController(self, self.photos_ctl)
        self.jobs_ctl = JobsController(self, self.photos_ctl, self.versions_ctl)
        self.export_ctl = ExportController(self, self.photos_ctl, self.versions_ctl)
        self.changes_ctl = ChangesController(self, self.photos_ctl, self.versions_ctl)
        self.brush_ctl = BrushController(self, self.changes_ctl)
        self.split_ctl = SplitOfferController(self, self.photos_ctl)
        # Order matters: the versions controller resets what is shown before buttons follow.
        for signal in (
            self.photos_ctl.currentChanged,
            self.photos_ctl.currentDecoded,
            self.photos_ctl.changed,
            self.versions_ctl.changed,
            self.jobs_ctl.changed,
        ):
            signal.connect(self._update_buttons)
        self.photos_ctl.currentDecoded.connect(self._photo_size_known)
        self.photos_ctl.currentChanged.connect(self._photo_size_known)
        self.open_button.clicked.connect(self.photos_ctl.choose_files)
        self.export_button.clicked.connect(self.export_ctl.export_shown)

    def _build_actions(self) -> None:
        self.named_actions, self.menus = install_actions(self)
        for name in ("sidePanelAction", "historyPanelAction"):
            self.named_actions[name].setCheckable(True)
            self.named_actions[name].setChecked(True)

    # -- side panels -----------------------------------------------------------------------

    @Slot(bool)
    def set_side_panel_shown(self, shown: bool) -> None:
        """Show or hide the photos and strategies (View menu, Ctrl+Shift+L)."""
        self._show_panel(0, self.side_panel, "sidePanelAction", shown)

    @Slot(bool)
    def set_history_panel_shown(self, shown: bool) -> None:
        """Show or hide the history (View menu, Ctrl+Shift+H)."""
        self._show_panel(2, self.history_side, "historyPanelAction", shown)

    def _show_panel(self, index: int, panel: QWidget, action: str, shown: bool) -> None:
        sizes = self.splitter.sizes()
        if shown and sizes[index] == 0:  # dragged shut: open it at its minimum width
            sizes[index] = panel.minimumWidth()
            sizes[1] = max(0, sizes[1] - sizes[index])
            self.splitter.setSizes(sizes)
        panel.setVisible(shown)
        self.named_actions[action].setChecked(shown)

    @Slot()
    def _panels_moved(self) -> None:
        sizes = self.splitter.sizes()
        self.named_actions["sidePanelAction"].setChecked(sizes[0] > 0)
        self.named_actions["historyPanelAction"].setChecked(sizes[2] > 0)

    @Slot()
    def escape(self) -> None:
        """Esc: Not now for an open split offer; otherwise cancel the photo's running jobs."""
        if not self.split_ctl.dismiss():
            self.jobs_ctl.cancel_current()

    @Slot()
    def show_getting_started(self) -> None:
        """Help → Getting started (F1): the first-run steps, and how to get a key."""
        from luxcanvas.gui.first_run import show_getting_started

        show_getting_started(self)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("LuxCanvas — photo restoration"))
        self.photos_title.setText(self.tr("1 · Photos"))
        self.strategies_title.setText(self.tr("2 · Strategy"))
        self.run_title.setText(self.tr("3 · Run"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Cancel the running jobs of this photo"))
        self.open_button.setText(self.tr("Open…"))
        open_keys = self.named_actions["openAction"].shortcut()
        self.open_button.setToolTip(
            self.tr(
                "Open photos (%1). You can also drop photos or a folder on the window."
            ).replace("%1", open_keys.toString(QKeySequence.SequenceFormat.NativeText))
        )
        self.export_button.setText(self.tr("Export…"))
        self.settings_button.setText(self.tr("Settings"))
        retranslate_actions(self.named_actions, self.menus)
        for widget, name in (
            (self.cancel_button, self.tr("Cancel")),
            (self.export_button, self.tr("Export")),
            (self.settings_button, self.tr("Settings")),
            (self.photo_list, self.tr("Photos")),
            (self.history.list, self.tr("History")),
        ):
            widget.setAccessibleName(name)
        self.setAccessibleName(self.tr("LuxCanvas"))
        self.statusBar().clearMessage()  # an old message would stay in the old language
        self.photos_ctl.update_placeholder()
        self._update_buttons()
        self.jobs_ctl.update_spend()
        self.versions_ctl.update_compare_label()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "named_actions"):
            self.retranslate()
        super().changeEvent(event)

    def update_key_state(self) -> None:
        """Mark the strategies that need a key while none is set."""
        self.picker.update_key_state(self.secrets)

    @Slot()
    def _photo_size_known(self) -> None:
        photo = self.photos_ctl.current_photo()
        if photo is not None and photo.info is not None:
            self.picker.set_photo_size(photo.info.width, photo.info.height)

    @Slot()
    def _update_buttons(self) -> None:
        if not self.picker.selected_id:
            return
        self.jobs_ctl.update_buttons(self.photos_ctl.current_photo())
        self.choice_summary.setText(self.picker.summary())
        shown = self.versions_ctl.shown_job_id is not None
        self.export_button.setEnabled(shown)
        self.named_actions["exportAction"].setEnabled(shown)

    # -- what tests, scripts and the app call on the window ---------------------------------

    @property
    def photos(self) -> dict[Path, OpenPhoto]:
        return self.photos_ctl.photos

    def current_photo(self) -> OpenPhoto | None:
        return self.photos_ctl.current_photo()

    def open_paths(self, raw_paths: list[str] | tuple[str, ...]) -> None:
        self.photos_ctl.open_paths(raw_paths)

    @Slot(str)
    def open_file(self, path: str) -> None:
        self.photos_ctl.open_file(path)

    @property
    def jobs(self) -> dict[str, RunningJob]:
        return self.jobs_ctl.jobs

    def run_current(self) -> None:
        self.jobs_ctl.run_current()

    @property
    def shown_job_id(self) -> str | None:
        return self.versions_ctl.shown_job_id

    def show_version(self, job_id: str) -> None:
        self.versions_ctl.show_version(job_id)

    @property
    def export_dialog(self) -> Any:
        return self.export_ctl.export_dialog

    @property
    def last_export(self) -> Path | None:
        return self.export_ctl.last_export

    def export_starred_to(self, folder: Path) -> None:
        self.export_ctl.export_starred_to(folder)

    # -- settings --------------------------------------------------------------------------

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
        if self.secrets.get():
            self.banner.resolve("missing_key")  # a key is set now: that failure is fixed
        self.update_key_state()
        self.jobs_ctl.update_spend()
        self._update_buttons()

    # -- drops and quitting ----------------------------------------------------------------

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
            self.photos_ctl.open_paths(local)
        elif mime.hasImage():
            event.acceptProposedAction()
            self.photos_ctl.open_image_data(mime.imageData())
        else:
            super().dropEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing and not self._agree_to_quit():
            event.ignore()
            return
        self._closing = True
        self.jobs_ctl.stop()
        if self._service is not None:
            # From here on the service records a cancelled job as interrupted, as after a
            # crash; then the host's shutdown cancels the jobs and waits for their threads.
            self._service.begin_shutdown()
        self.host.shutdown()
        if self._service is not None:
            self._service.close()
        super().closeEvent(event)

    def _agree_to_quit(self) -> bool:
        """While paid jobs run, quitting asks first: their calls may still be billed."""
        paid = self.jobs_ctl.paid_running()
        if not paid:
            return True
        cost = sum(j.strategy.estimated_cost for j in paid)
        answer = QMessageBox.question(
            self,
            self.tr("Quit while paid jobs run?"),
            self.tr(
                "%n paid job(s) still running. Quitting cancels them, and the gateway may "
                "still bill them (up to %1). Quit anyway?",
                "",
                len(paid),
            ).replace("%1", money(cost)),
        )
        return answer == QMessageBox.StandardButton.Yes


def _import_heavy_modules() -> None:
    import luxcanvas.app.service  # Pillow, numpy
    import luxcanvas.gateway.http  # noqa: F401
