"""Running jobs: Run and Cancel, a worker per job, its progress, how it ended (also as each
photo's state in the list), and the month's spend with its ledger one click away.

A choice that already has a finished version of the photo is not run again: Run says
"cached (free)" and shows that version; "New result" asks for a fresh paid one knowingly."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox

from luxcanvas.app.budget import month_spend
from luxcanvas.app.keys import key_missing, require_key
from luxcanvas.domain.errors import Cancelled, InvalidInput, LuxError, MissingKey
from luxcanvas.domain.jobs import CancelToken, Job, Progress, Stage
from luxcanvas.gui.errors import ShownError
from luxcanvas.gui.photos import DONE, FAILED, QUEUED, RUNNING, OpenPhoto, PhotosController
from luxcanvas.gui.texts import duration, error_headline, find_strategy, money, strategy_label
from luxcanvas.gui.versions import VersionsController
from luxcanvas.gui.workers import DecodedVersion, JobResult, JobWorker

if TYPE_CHECKING:
    from luxcanvas.gui.main_window import MainWindow


@dataclass
class RunningJob:
    key: str
    job: Job
    strategy: Any
    photo: Path


def initial_strategy(strategies: Iterable[Any], remembered: str, secrets: Any) -> str:
    """The strategy selected at launch: the one last run when it can run now, else the
    recommended one when a key is set, else the free offline repair (else the first)."""
    strategies = list(strategies)
    by_id = {s.id: s for s in strategies}
    if remembered in by_id and not key_missing(by_id[remembered], secrets):
        return remembered
    recommended = next((s for s in strategies if s.recommended), None)
    if recommended is not None and not key_missing(recommended, secrets):
        return str(recommended.id)
    local = next((s for s in strategies if s.is_local), None)
    return str((local or strategies[0]).id)


def run_button_text(strategy: Any) -> str:
    """'Restore · $0.05', 'Preview · $0.025', 'Restore · free': the verb from the strategy's
    ``action``, and what one run costs."""
    verbs = {
        "preview": QCoreApplication.translate("JobsController", "Preview"),
        "restore": QCoreApplication.translate("JobsController", "Restore"),
    }
    verb = verbs.get(strategy.action, verbs["restore"])
    cost = strategy.estimated_cost
    free = strategy.is_local or cost == 0
    price = QCoreApplication.translate("JobsController", "free") if free else money(cost)
    return f"{verb} · {price}"


def cached_run_text(strategy: Any) -> str:
    """'Restore · cached (free)': Run shows the version already made, at no charge."""
    return (
        run_button_text(strategy).rsplit(" · ", 1)[0]
        + " · "
        + QCoreApplication.translate("JobsController", "cached (free)")
    )


def new_result_text(strategy: Any) -> str:
    """'New result · $0.05': a fresh paid result, not the cached one."""
    return QCoreApplication.translate("JobsController", "New result · %1").replace(
        "%1", money(strategy.estimated_cost)
    )


class JobsController(QObject):
    """Starts jobs on workers, follows them in the jobs panel, and reports how they ended."""

    #: Jobs started, ended or are being cancelled: buttons follow.
    changed = Signal()

    def __init__(self, window: MainWindow, photos: PhotosController, versions: VersionsController):
        super().__init__(window)
        self.window = window
        self.photos = photos
        self.versions = versions
        self.jobs: dict[str, RunningJob] = {}
        self.job_specs: dict[str, tuple[Job, Path]] = {}
        self._cancel_tokens: dict[str, CancelToken] = {}
        #: How each failed job ended (a retry that may pay again asks first).
        self._failures: dict[str, tuple[LuxError, ShownError]] = {}
        #: Each photo's state in the list before its jobs ran (a cancel puts it back).
        self._state_before_run: dict[Path, tuple[str, str]] = {}
        self.closing = False
        self._ticker = QTimer(self)
        self._ticker.setInterval(500)
        self._ticker.timeout.connect(self._tick)
        window.run_button.clicked.connect(self.run_current)
        self._install_billing_hooks()
        window.cancel_button.clicked.connect(self.cancel_current)
        window.jobs_panel.cancelRequested.connect(self.cancel_job)
        window.banner.retryRequested.connect(self.retry_job)
        versions.jobRequested.connect(self.start_job)
        versions.historyRefreshed.connect(self.update_spend)

    # -- what the buttons and labels say ---------------------------------------------------

    def update_buttons(self, photo: OpenPhoto | None) -> None:
        """Run names the selected strategy's verb and price; Cancel needs a running job."""
        strategy = self.window.picker.selected_strategy
        self.window.run_button.setText(run_button_text(strategy))
        self.window.run_button.setToolTip(
            self.tr("Run %1 on this photo (%2)")
            .replace("%1", strategy_label(strategy))
            .replace(
                "%2", QKeySequence("Ctrl+Return").toString(QKeySequence.SequenceFormat.NativeText)
            )
        )
        ready = photo is not None and photo.error is None
        running = ready and photo is not None and self._choice_running(photo)
        existing = self.existing_version(photo) if ready and not running else None
        if running:
            self.window.run_button.setText(self.tr("Running…"))
        elif existing is not None:
            self.window.run_button.setText(cached_run_text(strategy))
            self.window.run_button.setToolTip(
                self.tr("This photo already has this version: Run shows it, at no charge.")
            )
        self._update_new_result(strategy, existing is not None and not running)
        self.window.run_button.setEnabled(ready and not running)
        # A screen reader says what the button shows, price included.
        self.window.run_button.setAccessibleName(self.window.run_button.text())
        self.window.cancel_button.setEnabled(any(not self._row_cancelling(k) for k in self.jobs))

    def _choice_running(self, photo: OpenPhoto) -> bool:
        """True when the picker's choice on ``photo`` is already running (Run would send it
        twice)."""
        try:
            job = self.window.picker.choice().job(photo.path)
        except LuxError:
            return False
        return self.in_flight(job) is not None

    def in_flight(self, job: Job) -> str | None:
        """The key of a running job that asks exactly what ``job`` asks, if any."""
        return next((k for k, running in self.jobs.items() if running.job == job), None)

    def paid_running(self) -> list[RunningJob]:
        """The running jobs that call the paid gateway."""
        return [j for j in self.jobs.values() if getattr(j.strategy, "needs_key", False)]

    def _row_cancelling(self, key: str) -> bool:
        row = self.window.jobs_panel.rows.get(key)
        return bool(row and row.cancelling)

    @Slot()
    def update_spend(self) -> None:
        """This month's spend: "$0.00 charged · up to $0.05 pending" (possibly charged calls
        apart), against the budget if any; a click opens the ledger."""
        spend = month_spend(self.window.library, self.window.settings)
        if spend.budget_usd:
            text = (
                self.tr("This month: %1 charged of %2")
                .replace("%1", money(spend.charged_usd))
                .replace("%2", money(spend.budget_usd))
            )
        else:
            text = self.tr("This month: %1 charged").replace("%1", money(spend.charged_usd))
        if spend.possible_usd:
            text += " · " + self.tr("up to %1 pending").replace("%1", money(spend.possible_usd))
        self.window.spend_label.setText(text)
        self.window.spend_label.setToolTip(
            self.tr(
                "Charged: what the gateway billed for results and refusals. Pending: calls that "
                "ended without an answer (a timeout, a lost connection, a crash) and may have "
                "been billed; your LaoZhang call log has the final word. Click for this "
                "month's calls."
            )
        )
        self.window.spend_label.setAccessibleName(text)

    # -- starting --------------------------------------------------------------------------

    @Slot()
    def run_current(self) -> None:
        """Run the selected strategy on the current photo."""
        photo = self.photos.current_photo()
        if photo is None or photo.error is not None:
            return
        job = self.window.picker.choice().job(photo.path)
        self.start_job(job)

    @Slot(object)
    def start_job(self, job: Job) -> str | None:
        """Start ``job`` on a worker; its key, or None when it cannot start (no key) or the
        same job is already running (it is never sent twice at once)."""
        strategy = find_strategy(self.window.catalog, job.strategy_id)
        photo = self.photos.current_photo()
        existing = None
        if job.use_cache and photo is not None and photo.path == job.input_path:
            existing = self.existing_version(photo, job)
        if existing is not None:
            # The cache would answer at no charge and add a copy to the history: show the
            # version that is already there instead.
            self.versions.show_version(existing.id)
            self.window.statusBar().showMessage(
                self.tr("This version was made before: shown from the history (no charge)."),
                8000,
            )
            return None
        if self.in_flight(job) is not None:
            self.window.statusBar().showMessage(
                self.tr("%1 is already running on this photo; it is not sent twice.").replace(
                    "%1", strategy_label(strategy)
                ),
                6000,
            )
            return None
        try:
            require_key(strategy, self.window.secrets)
        except MissingKey as error:
            self.window.banner.show_error(ShownError.from_error(error, strategy_label(strategy)))
            return None
        key = uuid.uuid4().hex[:12]
        worker = JobWorker(key, self.window.service, job)
        worker.progress.connect(self._job_progress)
        worker.succeeded.connect(self._job_succeeded)
        worker.failed.connect(self._job_failed)
        self.jobs[key] = RunningJob(key, job, strategy, job.input_path)
        self.job_specs[key] = (job, job.input_path)
        self.window.jobs_panel.add(key, job.input_path.name, strategy)
        if not self.window.host.start(worker):
            self.jobs.pop(key, None)
            self.window.jobs_panel.remove(key)
            return None
        self._photo_state(job.input_path)
        self._cancel_tokens[key] = worker.cancel_token
        self._ticker.start()
        self.changed.emit()
        self._remember_strategy(job.strategy_id)
        QTimer.singleShot(300, self._refresh_history_if_idle)
        return key

    def _remember_strategy(self, strategy_id: str) -> None:
        from luxcanvas.store.settings import save_settings

        settings = self.window.settings
        if settings.default_strategy != strategy_id:
            settings.default_strategy = strategy_id
            try:
                save_settings(settings)
            except OSError:
                pass

    @Slot()
    def _refresh_history_if_idle(self) -> None:
        if not self.closing:
            self.versions.refresh_history()

    @Slot()
    def _tick(self) -> None:
        self.window.jobs_panel.tick()
        if not self.jobs:
            self._ticker.stop()

    def stop(self) -> None:
        """The window is closing: nothing more to show about the jobs still running."""
        self.closing = True
        self._ticker.stop()

    # -- while running and at the end ------------------------------------------------------

    @Slot(str, object)
    def _job_progress(self, key: str, progress: Progress) -> None:
        if self.closing:
            return
        row = self.window.jobs_panel.rows.get(key)
        if row is not None:
            row.set_progress(progress)
        running = self.jobs.get(key)
        if running is not None and progress.stage is not Stage.QUEUED:
            self._photo_state(running.photo)

    def _job_ended(self, key: str, state: str = "", reason: str = "") -> RunningJob | None:
        running = self.jobs.pop(key, None)
        self._cancel_tokens.pop(key, None)
        self.window.jobs_panel.remove(key)
        if running is not None:
            self._photo_state(running.photo, state, reason)
        self.changed.emit()
        return running

    def _photo_state(self, photo: Path, ended: str = "", reason: str = "") -> None:
        """The photo's state in the list: running while any of its jobs has left the queue,
        queued while they all wait, else how the last one ended (``ended``; "" keeps the
        earlier state, e.g. after a cancel)."""
        keys = [k for k, j in self.jobs.items() if j.photo == photo]
        current = self.photos.states.get(photo, ("", ""))
        if keys:
            if current[0] not in (RUNNING, QUEUED):
                self._state_before_run[photo] = current  # what a cancel puts back
            rows = [self.window.jobs_panel.rows.get(k) for k in keys]
            started = any(r is not None and r.stage is not Stage.QUEUED for r in rows)
            self.photos.set_state(photo, RUNNING if started else QUEUED)
            return
        before = self._state_before_run.pop(photo, ("", ""))
        if ended:
            self.photos.set_state(photo, ended, reason)
        elif current[0] in (RUNNING, QUEUED):
            self.photos.set_state(photo, *before)  # a cancel: "✓ Done" stays done

    @Slot(str, object)
    def _job_succeeded(self, key: str, result: JobResult) -> None:
        running = self._job_ended(key, DONE)
        outcome = result.outcome
        self.versions.remember(
            DecodedVersion(outcome.job_id, result.image, result.thumb, result.levels)
        )
        self.window.history.set_thumbnail(outcome.job_id, result.thumb)
        label = strategy_label(find_strategy(self.window.catalog, outcome.strategy))
        if outcome.cached:
            message = self.tr("%1: done in %2, from the cache (no charge).")
        else:
            message = self.tr("%1: done in %2 · %3.")
        self.window.statusBar().showMessage(
            message.replace("%1", label)
            .replace("%2", duration(outcome.seconds))
            .replace("%3", self.tr("free") if outcome.cost_usd == 0 else money(outcome.cost_usd)),
            10000,
        )
        if running is not None and running.photo == self.photos.current:
            self.versions.refresh_history()
            self.versions.show_version(outcome.job_id)
        self.update_spend()

    @Slot(str, object)
    def _job_failed(self, key: str, error: LuxError) -> None:
        if self.closing:
            return  # stopped by the quit: the service records it as interrupted
        if isinstance(error, Cancelled):
            running = self._job_ended(key)
        else:
            reason = getattr(error, "reason", "")
            headline = error_headline(error.kind, error.may_be_billed, reason)
            running = self._job_ended(key, FAILED, headline)
        context = ""
        if running is not None:
            context = f"{running.photo.name} · {strategy_label(running.strategy)}"
        if isinstance(error, Cancelled):
            if error.may_be_billed:
                self.window.banner.show_error(
                    ShownError.from_error(error, context, info=True, billing=True)
                )
            else:
                self.window.statusBar().showMessage(
                    self.tr("%1: cancelled.").replace("%1", context), 8000
                )
        else:
            retry = key if not isinstance(error, InvalidInput) else ""
            price = getattr(running.strategy, "estimated_cost", 0.0) if running else 0.0
            shown = ShownError.from_error(
                error, context, retry_key=retry, billing=True, retry_cost_usd=price
            )
            self._failures[key] = (error, shown)
            self.window.banner.show_error(shown)
        if running is None or running.photo == self.photos.current:
            self.versions.refresh_history()
        self.update_spend()

    @Slot(str)
    def cancel_job(self, key: str) -> None:
        token = self._cancel_tokens.get(key)
        if token is not None:
            token.cancel()
        row = self.window.jobs_panel.rows.get(key)
        if row is not None:
            row.set_cancelling()
        self.changed.emit()

    @Slot()
    def cancel_current(self) -> None:
        """Cancel the running jobs of the current photo (all jobs when it has none)."""
        keys = [k for k, j in self.jobs.items() if j.photo == self.photos.current]
        for key in keys or list(self.jobs):
            self.cancel_job(key)

    @Slot(str)
    def retry_job(self, key: str) -> None:
        """Run a failed job again; when the gateway may bill it again, only after the person
        agrees, told what it may cost."""
        spec = self.job_specs.get(key)
        if spec is None:
            return
        job, (failure, shown) = spec[0], self._failures.get(key, (None, None))
        billed_refusal = failure is not None and failure.kind == "refused" and failure.spent_usd > 0
        refused = billed_refusal or (failure is not None and failure.kind == "refused_before")
        possible = failure is not None and (
            failure.kind == "possibly_billed" or failure.may_be_billed
        )
        if refused or possible:
            if not self._agree_to_pay_again(job, refused):
                if shown is not None:
                    self.window.banner.show_error(shown)  # still there to retry later
                return
            job = replace(job, retry_refused=refused, retry_possible=possible)
        self.start_job(job)

    def _agree_to_pay_again(self, job: Job, refused: bool) -> bool:
        price = money(find_strategy(self.window.catalog, job.strategy_id).estimated_cost)
        if refused:
            text = self.tr(
                "The model refused this request and the gateway billed it. Sent again "
                "unchanged, it will most likely be refused and billed again (%1). Send it anyway?"
            )
        else:
            text = self.tr(
                "The last attempt may already have been billed. Sending it again may be billed "
                "a second time (%1). Send it anyway?"
            )
        answer = QMessageBox.question(self.window, self.tr("Pay again?"), text.replace("%1", price))
        return answer == QMessageBox.StandardButton.Yes

    # -- the ledger, cached versions and fresh results -------------------------------------

    def _install_billing_hooks(self) -> None:
        label = self.window.spend_label
        label.setCursor(Qt.CursorShape.PointingHandCursor)
        label.installEventFilter(self)
        button = getattr(self.window, "new_result_button", None)
        if button is not None:
            button.clicked.connect(self.new_result)
            button.hide()
        self.ledger_dialog: Any = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A click on the month's spend opens the ledger."""
        if watched is self.window.spend_label and event.type() == QEvent.Type.MouseButtonRelease:
            self.show_ledger()
            return True
        return super().eventFilter(watched, event)

    @Slot()
    def show_ledger(self) -> None:
        """This month's calls: when, which photo, which strategy, charged or pending."""
        from luxcanvas.gui.ledger_dialog import LedgerDialog

        if self.ledger_dialog is not None:
            self.ledger_dialog.deleteLater()
        self.ledger_dialog = LedgerDialog(self.window.library, self.window.catalog, self.window)
        self.ledger_dialog.open()

    def existing_version(self, photo: OpenPhoto | None, job: Job | None = None) -> Any:
        """The finished version of ``photo`` that ``job`` (default: the picker's choice)
        would make again — the cache would answer it at no charge — if the history shows
        one; else None."""
        if photo is None or not photo.digest:
            return None
        try:
            job = job or self.window.picker.choice().job(photo.path)
            size = self.window.catalog.resolve_size(job.strategy_id, job.size)
        except LuxError:
            return None
        if job.references:
            return None  # the history does not record reference photos: ask the model
        for record in self.window.history.records:
            if (
                record.status == "done"
                and record.input_digest == photo.digest
                and record.strategy == job.strategy_id
                and record.size == size
                and record.prompt == job.prompt
                and record.options == job.options
                and record.result_path
                and Path(record.result_path).exists()
            ):
                return record
        return None

    def _update_new_result(self, strategy: Any, offered: bool) -> None:
        """'New result · $0.05' shows beside Run while Run would show a cached version of a
        paid strategy."""
        offered = offered and not strategy.is_local and strategy.estimated_cost > 0
        button = getattr(self.window, "new_result_button", None)
        if button is not None:
            button.setText(new_result_text(strategy))
            button.setToolTip(
                self.tr("Ask the model again for a fresh result, not the cached one (%1).").replace(
                    "%1", money(strategy.estimated_cost)
                )
            )
            button.setAccessibleName(button.text())
            button.setVisible(offered)
            button.setEnabled(offered)
        action = getattr(self.window, "named_actions", {}).get("newResultAction")
        if action is not None:
            action.setEnabled(offered)

    @Slot()
    def new_result(self) -> None:
        """Ask for a fresh paid result of the current choice, past the cache, after saying
        what it costs."""
        photo = self.photos.current_photo()
        if photo is None or photo.error is not None:
            return
        job = replace(self.window.picker.choice().job(photo.path), use_cache=False)
        strategy = find_strategy(self.window.catalog, job.strategy_id)
        answer = QMessageBox.question(
            self.window,
            self.tr("New result?"),
            self.tr(
                "This photo already has a %1 version. Ask the model for a new one? It is sent "
                "again and billed (%2)."
            )
            .replace("%1", strategy_label(strategy))
            .replace("%2", money(strategy.estimated_cost)),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.start_job(job)
