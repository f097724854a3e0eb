"""The one path every restoration takes, whichever front end asked for it.

decode → cache lookup → budget check → prepare → dialect → framing → store, reporting
``Progress`` events through a callback. Several jobs may run at once on different threads;
they share one gateway client, one cache and one library.
"""

from __future__ import annotations

import io
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from luxcanvas import imaging
from luxcanvas.domain.errors import (
    AuthError,
    BudgetExceeded,
    Cancelled,
    LuxError,
)
from luxcanvas.domain.jobs import CancelToken, Job, Progress, Stage
from luxcanvas.domain.strategies import Catalog, Strategy
from luxcanvas.store import paths
from luxcanvas.store.cache import ResultCache, cache_key, file_digest
from luxcanvas.store.catalog import load_catalog
from luxcanvas.store.library import CANCELLED, DONE, FAILED, Library
from luxcanvas.store.secrets import SecretStore
from luxcanvas.store.settings import Settings, load_settings

ProgressCallback = Callable[[Progress], None]

#: Bump when payload preparation changes, so old cache entries are not reused.
PREPARE_VERSION = 1


@dataclass
class Outcome:
    """A finished job: the framed result as a version file, and what it cost."""

    job_id: str
    input_path: Path
    strategy: str
    model: str
    result_path: Path
    width: int
    height: int
    cost_usd: float
    cached: bool
    seconds: float
    source: imaging.SourceInfo
    warnings: list[str] = field(default_factory=list)
    text: str = ""

    def provenance(self) -> dict[str, str]:
        return {
            "strategy": self.strategy,
            "model": self.model,
            "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }


class RunBudget:
    """A spending cap for one run of several jobs (``--max-cost``)."""

    def __init__(self, limit_usd: float):
        self.limit = limit_usd
        self.spent = 0.0
        self.reserved = 0.0
        self.lock = threading.Lock()


class RestorationService:
    """Runs jobs. Create one per process; ``close()`` it when done."""

    def __init__(
        self,
        *,
        settings: Settings | None = None,
        catalog: Catalog | None = None,
        secrets: SecretStore | None = None,
        library: Library | None = None,
        cache: ResultCache | None = None,
        client_factory: Callable[[str, str | None], Any] | None = None,
    ):
        self.settings = settings or load_settings()
        self.catalog = catalog or load_catalog(settings_prices=self.settings.price_overrides)
        self.secrets = secrets or SecretStore()
        self.library = library or Library()
        self.cache = cache or ResultCache(max_bytes=self.settings.cache_max_mb * 1024 * 1024)
        self._client_factory = client_factory
        self._client: Any = None
        self._client_identity: tuple[str, str | None] | None = None
        self._client_lock = threading.Lock()
        self._budget_lock = threading.Lock()
        self._reserved = 0.0
        self.cache.sweep_partial()

    # -- the gateway client ----------------------------------------------------------------

    def client(self) -> Any:
        """The shared gateway client, remade when the key or the base URL changed."""
        from luxcanvas.gateway.http import GatewayClient

        identity = (self.settings.effective_base_url(), self.secrets.get())
        with self._client_lock:
            if self._client is None or self._client_identity != identity:
                if self._client is not None:
                    self._client.close()
                factory = self._client_factory or GatewayClient
                self._client = factory(identity[0], identity[1])
                self._client_identity = identity
            return self._client

    def close(self) -> None:
        with self._client_lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    def available_models(
        self,
        cancel: CancelToken | None = None,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
    ) -> dict[str, bool]:
        """Which strategies' models the gateway offers now (``GET /v1/models``, free).

        With ``base_url``/``api_key`` (e.g. typed in Settings, not saved yet) the question is
        asked on a short-lived client of its own.
        """
        if base_url is None and api_key is None:
            answer = self.client().get_json("/v1/models", cancel=cancel).json
        else:
            from luxcanvas.gateway.http import GatewayClient

            factory = self._client_factory or GatewayClient
            client = factory(
                base_url or self.settings.effective_base_url(), api_key or self.secrets.get()
            )
            try:
                answer = client.get_json("/v1/models", cancel=cancel).json
            finally:
                client.close()
        data = (answer or {}).get("data", []) if isinstance(answer, dict) else []
        offered = {str(m.get("id")) for m in data if isinstance(m, dict)}
        result = {}
        for strategy in self.catalog:
            if strategy.is_local:
                continue
            models = {strategy.model} | (
                {strategy.vision_model} if strategy.vision_model else set()
            )
            result[strategy.id] = models <= offered
        return result

    # -- money -----------------------------------------------------------------------------

    def estimate(self, job: Job) -> float:
        return self.catalog.get(job.strategy_id).estimated_cost

    def month_spent(self) -> float:
        return self.library.spent()

    def _reserve(self, amount: float, run_budget: RunBudget | None) -> None:
        """Hold the expected cost against the monthly cap and the run's cap, or refuse."""
        if amount <= 0:
            return
        cap = self.settings.monthly_budget_usd
        with self._budget_lock:
            if cap is not None:
                spent = self.library.spent()
                if spent + self._reserved + amount > cap + 1e-9:
                    raise BudgetExceeded(
                        f"This would pass your monthly budget of ${cap:.2f} "
                        f"(${spent:.2f} spent so far). Raise the cap in Settings to continue."
                    )
            if run_budget is not None:
                with run_budget.lock:
                    if run_budget.spent + run_budget.reserved + amount > run_budget.limit + 1e-9:
                        raise BudgetExceeded(
                            f"This would pass the --max-cost of ${run_budget.limit:.2f} for this "
                            f"run (${run_budget.spent:.2f} spent)."
                        )
                    run_budget.reserved += amount
            self._reserved += amount

    def _release(self, amount: float, spent: float, run_budget: RunBudget | None) -> None:
        if amount <= 0:
            return
        with self._budget_lock:
            self._reserved = max(0.0, self._reserved - amount)
            if run_budget is not None:
                with run_budget.lock:
                    run_budget.reserved = max(0.0, run_budget.reserved - amount)
                    run_budget.spent += spent

    # -- running a job -----------------------------------------------------------------------

    def run(
        self,
        job: Job,
        *,
        on_progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
        run_budget: RunBudget | None = None,
    ) -> Outcome:
        """Run one job to the end; raises a LuxError (already recorded in the library)."""
        started = time.monotonic()
        cancel = cancel or CancelToken()

        def report(stage: Stage, message: str = "", fraction: float | None = None) -> None:
            if on_progress is not None:
                on_progress(Progress(stage, message, fraction, time.monotonic() - started))

        strategy = self.catalog.get(job.strategy_id)
        size = self.catalog.resolve_size(strategy.id, job.size)
        report(Stage.PREPARING, f"Reading {job.input_path.name}")
        source = imaging.probe(job.input_path)
        digest = file_digest(job.input_path)
        prompt = "" if strategy.is_local else self.catalog.prompt_for(strategy, job.prompt)
        ref_digests = [file_digest(p) for p in job.references]
        key = cache_key(
            [
                digest,
                strategy.id,
                strategy.model,
                strategy.vision_model,
                size,
                prompt,
                job.options,
                ref_digests,
                self._limits(strategy).__dict__ if not strategy.is_local else {},
                PREPARE_VERSION,
            ]
        )
        job_id = self.library.start_job(
            input_path=str(job.input_path),
            strategy=strategy.id,
            model=strategy.model,
            size=size,
            prompt=job.prompt,
            options=job.options,
            input_digest=digest,
        )

        if job.use_cache:
            entry = self.cache.get(key)
            if entry is not None:
                return self._from_cache(job_id, job, strategy, source, entry, started, report)

        estimate = strategy.estimated_cost
        if strategy.needs_key and not self.secrets.get():
            error = AuthError(
                "No API key is set. Add your LaoZhang key in Settings (or run "
                "`luxcanvas key set`), or use the free 'local' strategy."
            )
            self._record_failure(job_id, error, started)
            raise error
        try:
            self._reserve(estimate, run_budget)
        except BudgetExceeded as error:
            self._record_failure(job_id, error, started)
            raise

        spent = 0.0
        try:
            cancel.raise_if_cancelled()
            if strategy.is_local:
                image, text, model, cost, extra_warnings = self._run_local(
                    job, strategy, report, cancel
                )
                framing = imaging.Framing(image=image, drift=0.0, warning=None)
                untouched = None
            else:
                framing, text, model, cost, untouched = self._run_cloud(
                    job_id, job, strategy, size, prompt, source, report, cancel
                )
                extra_warnings = []
            spent = cost
            cancel.raise_if_cancelled()
            report(Stage.SAVING, "Saving the result")
            warnings = [w for w in [framing.warning, *extra_warnings] if w]
            if untouched is not None and untouched[1] in _SUFFIXES:
                data, suffix = untouched[0], _SUFFIXES[untouched[1]]
            else:
                data, suffix = _encode_png(framing.image), ".png"
            self.cache.put(
                key,
                data,
                suffix,
                {"model": model, "cost_usd": cost, "warnings": warnings, "text": text},
            )
            result_path = self._version_path(job_id, suffix)
            result_path.write_bytes(data)
            outcome = Outcome(
                job_id=job_id,
                input_path=job.input_path,
                strategy=strategy.id,
                model=model,
                result_path=result_path,
                width=framing.image.width,
                height=framing.image.height,
                cost_usd=cost,
                cached=False,
                seconds=time.monotonic() - started,
                source=source,
                warnings=warnings,
                text=text,
            )
            return self._record_done(outcome, report)
        except LuxError as error:
            spent = self._charge_for_failure(error, strategy, spent)
            self._record_failure(job_id, error, started, spent)
            raise
        except Exception as unexpected:
            internal = LuxError(
                f"Something went wrong inside LuxCanvas while restoring {job.input_path.name}.",
                detail=f"{type(unexpected).__name__}: {unexpected}",
            )
            self._record_failure(job_id, internal, started)
            raise internal from unexpected
        finally:
            self._release(estimate, spent, run_budget)

    # -- the two kinds of strategy -------------------------------------------------------

    def _limits(self, strategy: Strategy) -> imaging.PayloadLimits:
        return imaging.PayloadLimits(
            max_side=strategy.max_side,
            max_bytes=strategy.max_bytes,
            aspect_min=strategy.aspect_min,
            aspect_max=strategy.aspect_max,
            min_side=strategy.min_side,
            format=strategy.payload_format,
        )

    def _run_cloud(
        self,
        job_id: str,
        job: Job,
        strategy: Strategy,
        size: str,
        prompt: str,
        source: imaging.SourceInfo,
        report: Callable[..., None],
        cancel: CancelToken,
    ) -> tuple[imaging.Framing, str, str, float, tuple[bytes, str] | None]:
        from luxcanvas.gateway import dispatch
        from luxcanvas.gateway.dialect import CallContext, ModelRequest

        limits = self._limits(strategy)
        payload = imaging.prepare_payload(job.input_path, limits)
        references = tuple(imaging.prepare_payload(p, limits) for p in job.references)
        report(
            Stage.PREPARING,
            f"Prepared {payload.width}×{payload.height} ({len(payload.data) / 1e6:.1f} MB)",
        )
        cancel.raise_if_cancelled()
        prompts = {"describe": self.catalog.prompts.get(strategy.describe_prompt, "")}
        request = ModelRequest(strategy, payload, prompt, size, references, prompts)
        ctx = CallContext(
            client=self.client(),
            progress=lambda stage, message: report(stage, message),
            cancel=cancel,
        )
        # Recorded before the request leaves: if LuxCanvas dies mid-call, the gateway may still
        # bill it, and the history shows that after the restart.
        self.library.mark_may_be_billed(job_id)
        result = dispatch(strategy.dialect)(request, ctx)
        report(Stage.PROCESSING, "Fitting the result to the original framing")
        label = f"{strategy.model} result"
        opened = imaging.open_result(result.data, label=label)
        try:
            framing = imaging.fit_to_framing(
                opened, source, payload.content_box, (payload.width, payload.height)
            )
        except (OSError, SyntaxError, ValueError):  # decoding the lazily opened image failed
            framing = imaging.fit_to_framing(
                imaging.decode_result(result.data, label=label),  # raises the GatewayError
                source,
                payload.content_box,
                (payload.width, payload.height),
            )
        untouched = None
        if framing.image is opened:
            # Framing changed nothing: keep the model's own bytes (no re-encode, no loss),
            # once they are known to be whole.
            imaging.verify_result(result.data, label=label)
            untouched = (result.data, result.mime)
        return framing, result.text, result.model, result.cost_usd, untouched

    def _run_local(
        self, job: Job, strategy: Strategy, report: Callable[..., None], cancel: CancelToken
    ) -> tuple[Any, str, str, float, list[str]]:
        import numpy as np
        from PIL import Image

        from luxcanvas.local import LocalOptions, restore

        options = LocalOptions.from_dict(job.options)
        image, _ = imaging.load_image(job.input_path, max_side=strategy.max_side)
        stages = {"done": "Finishing"}

        def on_stage(stage: str, fraction: float) -> None:
            report(Stage.PROCESSING, stages.get(stage, f"Local repair: {stage}"), fraction)

        restored = restore(
            np.asarray(image), options, progress=on_stage, cancelled=lambda: cancel.cancelled
        )
        return Image.fromarray(restored), "", strategy.model, 0.0, []

    # -- bookkeeping -----------------------------------------------------------------------

    def _from_cache(self, job_id, job, strategy, source, entry, started, report) -> Outcome:  # type: ignore[no-untyped-def]
        report(Stage.SAVING, "Found in the cache: no charge")
        result_path = self._version_path(job_id, entry.image_path.suffix)
        shutil.copyfile(entry.image_path, result_path)
        meta = entry.meta
        width, height = imaging_size(result_path)
        warnings = list(meta.get("warnings", []))
        outcome = Outcome(
            job_id=job_id,
            input_path=job.input_path,
            strategy=strategy.id,
            model=str(meta.get("model") or strategy.model),
            result_path=result_path,
            width=width,
            height=height,
            cost_usd=0.0,
            cached=True,
            seconds=time.monotonic() - started,
            source=source,
            warnings=warnings,
            text=str(meta.get("text") or ""),
        )
        return self._record_done(outcome, report)

    def _record_done(self, outcome: Outcome, report: Callable[..., None]) -> Outcome:
        """Write the finished version to the history (and its cost to the ledger)."""
        self.library.finish_job(
            outcome.job_id,
            status=DONE,
            cost_usd=outcome.cost_usd,
            cached=outcome.cached,
            seconds=outcome.seconds,
            result_path=str(outcome.result_path),
            width=outcome.width,
            height=outcome.height,
            warnings=outcome.warnings,
            model=outcome.model,
            ledger_amount=outcome.cost_usd,
        )
        report(Stage.DONE, "Done (cached)" if outcome.cached else "Done", 1.0)
        return outcome

    def _version_path(self, job_id: str, suffix: str = ".png") -> Path:
        folder = paths.results_dir()
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{job_id}{suffix}"

    def _charge_for_failure(self, error: LuxError, strategy: Strategy, spent: float) -> float:
        partial = float(getattr(error, "spent_usd", 0.0) or 0.0)
        return max(spent, partial)

    def _record_failure(
        self, job_id: str, error: LuxError, started: float, spent: float = 0.0
    ) -> None:
        status = CANCELLED if isinstance(error, Cancelled) else FAILED
        strategy_cost = 0.0
        certain = spent > 0
        if not certain and error.may_be_billed:
            record = self.library.job(job_id)
            if record is not None:
                strategy_cost = self.catalog.get(record.strategy).estimated_cost
        self.library.finish_job(
            job_id,
            status=status,
            seconds=time.monotonic() - started,
            error_kind=error.kind,
            error_message=error.message,
            may_be_billed=error.may_be_billed,
            cost_usd=spent,
            ledger_amount=spent if certain else strategy_cost,
            ledger_certain=certain,
        )


_SUFFIXES = {"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp"}


def _encode_png(image: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def imaging_size(path: Path) -> tuple[int, int]:
    from PIL import Image

    with Image.open(path) as im:
        return im.size
