"""The one path every restoration takes, whichever front end asked for it.

probe → cache lookup → key and budget checks → request → dialect → framing → store, reporting
``Progress`` events through a callback. Cloud models and the offline pipeline are both
dialects (``luxcanvas.gateway.dialect``), so one run goes one way whatever the strategy.
Several jobs may run at once on different threads; they share one gateway client, one cache
and one library.
"""

from __future__ import annotations

import os
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from luxcanvas import imaging
from luxcanvas.app.budget import Reservations, RunBudget, month_spend
from luxcanvas.app.keys import require_key
from luxcanvas.domain.billing import refusal_is_billed
from luxcanvas.domain.errors import (
    Cancelled,
    LuxError,
    ModelNotFound,
    PossiblyBilled,
    RefusedBefore,
    UsageError,
)
from luxcanvas.domain.fidelity import Fidelity
from luxcanvas.domain.jobs import (
    FRAMING_CHANGED,
    CancelToken,
    Job,
    Progress,
    ResultWarning,
    Step,
)
from luxcanvas.domain.strategies import Catalog, Strategy
from luxcanvas.gateway.dialect import CallContext, ModelRequest, ModelResult, dialect
from luxcanvas.imaging.png import encode_png
from luxcanvas.store import logs, paths
from luxcanvas.store.cache import CacheEntry, ResultCache, cache_key, file_digest, link_or_copy
from luxcanvas.store.catalog import load_catalog
from luxcanvas.store.library import (
    CANCELLED,
    DONE,
    FAILED,
    INTERRUPTED,
    INTERRUPTED_MESSAGE,
    Library,
)
from luxcanvas.store.secrets import SecretStore
from luxcanvas.store.settings import Settings, load_settings, save_settings

if TYPE_CHECKING:
    from luxcanvas.gateway.http import GatewayClient

ProgressCallback = Callable[[Progress], None]
#: Makes the gateway client from (base URL, API key); tests pass one with short timeouts.
ClientFactory = Callable[[str, str | None], "GatewayClient"]

__all__ = ["Outcome", "RestorationService", "RunBudget"]


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
    warnings: list[ResultWarning] = field(default_factory=list)
    text: str = ""
    #: How faithful the result is to the original (cloud results; None when not measured).
    fidelity: Fidelity | None = None
    #: The result's pixels when this run made them (not on a cache hit): a front shows and
    #: exports them without decoding the file again. Drop it when done to free the memory.
    image: Any = None


@dataclass
class _Framed:
    """A result at the original's framing, and the model's own bytes when they can be kept."""

    image: Any
    warnings: list[ResultWarning]
    untouched: tuple[bytes, str] | None


class _Run:
    """One job's progress reporter: the step becomes a ``Progress`` with its elapsed time."""

    def __init__(self, on_progress: ProgressCallback | None):
        self.started = time.monotonic()
        self._on_progress = on_progress

    def report(self, step: Step, fraction: float | None = None, **facts: Any) -> None:
        if self._on_progress is not None:
            elapsed = time.monotonic() - self.started
            self._on_progress(Progress(step.stage, step, facts, fraction, elapsed))

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started


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
        client_factory: ClientFactory | None = None,
    ):
        self.settings = settings or load_settings()
        self.catalog = catalog or load_catalog(settings_prices=self.settings.price_overrides)
        self.secrets = secrets or SecretStore()
        self.library = library or Library()
        self.cache = cache or ResultCache(max_bytes=self.settings.cache_max_mb * 1024 * 1024)
        self._client_factory = client_factory
        self._client: GatewayClient | None = None
        self._client_identity: tuple[str, str | None] | None = None
        self._client_lock = threading.Lock()
        self._reservations = Reservations(self.library, self.settings)
        self._shutting_down = False
        self._memory_lock = threading.Lock()
        self.cache.sweep_partial()

    # -- the gateway client ----------------------------------------------------------------

    def client(self) -> GatewayClient:
        """The shared gateway client, remade when the key or the base URL changed."""
        identity = (self.settings.effective_base_url(), self.secrets.get())
        with self._client_lock:
            if self._client is None or self._client_identity != identity:
                if self._client is not None:
                    self._client.close()
                self._client = self._make_client(*identity)
                self._client_identity = identity
            return self._client

    def _make_client(self, base_url: str, api_key: str | None) -> GatewayClient:
        if self._client_factory is not None:
            return self._client_factory(base_url, api_key)
        from luxcanvas.gateway.http import GatewayClient

        return GatewayClient(base_url, api_key)

    def begin_shutdown(self) -> None:
        """The app is quitting: a job cancelled from now on is recorded as interrupted."""
        self._shutting_down = True

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
            client = self._make_client(
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
            vision = {strategy.vision_model} if strategy.vision_model else set()
            any_model = any(m in offered for m in (strategy.models or (strategy.model,)))
            result[strategy.id] = any_model and vision <= offered
        return result

    # -- money -----------------------------------------------------------------------------

    def estimate(self, job: Job) -> float:
        return self.catalog.get(job.strategy_id).estimated_cost

    def month_spent(self) -> float:
        return month_spend(self.library, self.settings).total_usd

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
        run = _Run(on_progress)
        cancel = cancel or CancelToken()
        strategy = self.catalog.get(job.strategy_id)
        size = self.catalog.resolve_size(strategy.id, job.size)
        run.report(Step.READING, name=job.input_path.name)
        source = imaging.probe(job.input_path)
        digest = file_digest(job.input_path)
        prompt = "" if strategy.is_local else self.catalog.prompt_for(strategy, job.prompt)
        key = self._cache_key(job, strategy, digest, size, prompt)
        job_id = self.library.start_job(
            input_path=str(job.input_path),
            strategy=strategy.id,
            model=strategy.model,
            size=size,
            prompt=job.prompt,
            options=job.options,
            input_digest=digest,
            request_key=key if strategy.needs_key else "",
        )

        if job.use_cache:
            entry = self.cache.get(key)
            if entry is not None:
                outcome = self._from_cache(job_id, job, strategy, source, entry, run)
                if outcome is not None:
                    return outcome

        estimate = strategy.estimated_cost
        try:
            require_key(strategy, self.secrets)
            _check_references(strategy, job)
            self._guard_repeat(job, job_id, key)
            self._reservations.reserve(estimate, run_budget)
        except LuxError as error:
            self._record_failure(job_id, error, run)
            raise

        spent = 0.0
        try:
            cancel.raise_if_cancelled()
            request = self._request(job, strategy, size, prompt, run)
            cancel.raise_if_cancelled()
            if strategy.needs_key:
                # Recorded before the request leaves: if LuxCanvas dies mid-call, the gateway
                # may still bill it, and the history shows that after the restart.
                self.library.mark_may_be_billed(job_id, estimate)
            ctx = CallContext(
                client=self.client() if strategy.needs_key else None,
                report=run.report,
                cancel=cancel,
            )
            result = self._call_model(strategy, request, ctx)
            spent = result.cost_usd
            framed = self._frame(result, request, source, run)
            fidelity = self._score(strategy, job, framed.image, run)
            cancel.raise_if_cancelled()
            run.report(Step.SAVING)
            warnings = [*framed.warnings, *result.warnings]
            result_path = self._store(key, job_id, framed, result, spent, warnings, fidelity)
            outcome = Outcome(
                job_id=job_id,
                input_path=job.input_path,
                strategy=strategy.id,
                model=result.model,
                result_path=result_path,
                width=framed.image.width,
                height=framed.image.height,
                cost_usd=spent,
                cached=False,
                seconds=run.seconds,
                source=source,
                warnings=warnings,
                text=result.text,
                fidelity=fidelity,
                image=framed.image,
            )
            return self._record_done(outcome, run)
        except LuxError as error:
            spent = max(spent, error.spent_usd)
            self._record_failure(job_id, error.with_spent(spent), run, spent)
            raise
        except Exception as unexpected:
            internal = internal_error(job.input_path, unexpected)
            self._record_failure(job_id, internal, run)
            raise internal from unexpected
        finally:
            self._reservations.release(estimate, spent, run_budget)

    # -- the steps of a run --------------------------------------------------------------

    def _call_model(
        self, strategy: Strategy, request: ModelRequest, ctx: CallContext
    ) -> ModelResult:
        """Ask the strategy's dialect, on each of its model ids until one exists: "model not
        found" is not billed, so the next id is tried; the one that answered is remembered."""
        remembered = self.settings.working_models.get(strategy.id, "")
        attempts = strategy.attempts(remembered)
        for number, attempt in enumerate(attempts, start=1):
            try:
                result = dialect(attempt.dialect).run(replace(request, strategy=attempt), ctx)
            except ModelNotFound:
                if number == len(attempts):
                    raise
                continue
            except LuxError as error:
                if refusal_is_billed(attempt.model, error):
                    error.with_spent(attempt.price_usd)  # the gateway bills this refusal
                raise
            if len(attempts) > 1 and attempt.model != remembered:
                self._remember_model(strategy.id, attempt.model)
            return result
        raise AssertionError("a strategy has at least one model id")

    def _remember_model(self, strategy_id: str, model: str) -> None:
        with self._memory_lock:
            self.settings.working_models[strategy_id] = model
            try:
                save_settings(self.settings)
            except OSError:
                pass  # remembering is a convenience: the ids are tried in order anyway

    def _guard_repeat(self, job: Job, job_id: str, key: str) -> None:
        """Refuse to resend, unchanged, a request that was refused and billed, or that may
        have been billed without a result, unless the job says the person accepts paying
        again (``retry_refused``, ``retry_possible``)."""
        last = self.library.last_attempt(key, before=job_id)
        if last is None or last.status == DONE:
            return
        if last.error_kind == "refused" and last.cost_usd > 0 and not job.retry_refused:
            raise RefusedBefore(
                "The model refused this exact request before, and the gateway billed the "
                "refusal. Sent again unchanged it would most likely be refused and billed "
                "again: change the instructions or the reference photos first, or retry "
                "knowing it may be billed again (--retry-refused).",
                detail=f"refused before as job {last.id}",
            )
        if last.may_be_billed and last.cost_usd == 0 and not job.retry_possible:
            raise PossiblyBilled(
                "This exact request was sent before and may have been billed without a result "
                "(it was interrupted, cancelled or timed out). LuxCanvas did not send it again "
                "so you do not pay twice: check your LaoZhang call log, then retry knowing it "
                "may be billed again (--retry-possible).",
                detail=f"possibly billed as job {last.id}",
            )

    def _cache_key(self, job: Job, strategy: Strategy, digest: str, size: str, prompt: str) -> str:
        """What makes two runs the same result: input, strategy, model, size, prompt, options,
        references and how the payload is prepared."""
        return cache_key(
            [
                digest,
                strategy.id,
                strategy.model,
                strategy.vision_model,
                size,
                prompt,
                job.options,
                [file_digest(p) for p in job.references],
                {} if strategy.is_local else payload_limits(strategy).__dict__,
            ]
        )

    def _request(
        self, job: Job, strategy: Strategy, size: str, prompt: str, run: _Run
    ) -> ModelRequest:
        """What the strategy's dialect needs: the payload a cloud model receives (sized for
        it), or the file itself for the offline pipeline."""
        if strategy.is_local:
            return ModelRequest(strategy, None, input_path=job.input_path, options=job.options)
        limits = payload_limits(strategy)
        payload = imaging.prepare_payload(job.input_path, limits)
        references = tuple(imaging.prepare_payload(p, limits) for p in job.references)
        facts = {"width": payload.width, "height": payload.height, "bytes": len(payload.data)}
        expected = strategy.expected_size(payload.source.aspect, size)
        if expected is not None:
            facts["result_width"], facts["result_height"] = expected
        run.report(Step.PREPARED, **facts)
        prompts = {"describe": self.catalog.prompts.get(strategy.describe_prompt, "")}
        return ModelRequest(
            strategy,
            payload,
            prompt,
            size,
            references,
            prompts,
            input_path=job.input_path,
            options=job.options,
        )

    def _frame(
        self, result: ModelResult, request: ModelRequest, source: imaging.SourceInfo, run: _Run
    ) -> _Framed:
        """The result at the original's framing; the model's own bytes when nothing changed."""
        if result.image is not None or request.payload is None:
            return _Framed(result.image, [], None)  # the offline pipeline keeps the framing
        payload = request.payload
        run.report(Step.FITTING)
        label = f"{result.model} result"
        opened = imaging.open_result(result.data, label=label)
        box, size = payload.content_box, (payload.width, payload.height)
        try:
            framing = imaging.fit_to_framing(opened, source, box, size)
        except (OSError, SyntaxError, ValueError):  # decoding the lazily opened image failed
            decoded = imaging.decode_result(result.data, label=label)  # raises the GatewayError
            framing = imaging.fit_to_framing(decoded, source, box, size)
        untouched = None
        if framing.image is opened and result.mime in _SUFFIXES:
            # Framing changed nothing: keep the model's own bytes (no re-encode, no loss),
            # once they are known to be whole.
            imaging.verify_result(result.data, label=label)
            untouched = (result.data, _SUFFIXES[result.mime])
        warnings = []
        if framing.changed:
            facts = {"drift": round(framing.drift, 4), "ratio": framing.ratio}
            warnings.append(ResultWarning(FRAMING_CHANGED, facts))
        return _Framed(framing.image, warnings, untouched)

    def _score(self, strategy: Strategy, job: Job, image: Any, run: _Run) -> Fidelity | None:
        """How faithful a cloud result is to the original (the offline pipeline only repairs,
        so its results are not scored)."""
        if strategy.is_local:
            return None
        from luxcanvas.app.compare import score_result

        run.report(Step.SCORING)
        return score_result(job.input_path, image)

    # -- bookkeeping -----------------------------------------------------------------------

    def _from_cache(
        self,
        job_id: str,
        job: Job,
        strategy: Strategy,
        source: imaging.SourceInfo,
        entry: CacheEntry,
        run: _Run,
    ) -> Outcome | None:
        """The cached result as this job's version; None when another process evicted the
        entry meanwhile (then the job runs as if it had not been cached)."""
        result_path = self._version_path(job_id, entry.image_path.suffix)
        try:
            link_or_copy(entry.image_path, result_path)
            width, height = _image_size(result_path)
        except (OSError, SyntaxError, ValueError):
            result_path.unlink(missing_ok=True)
            return None
        run.report(Step.CACHE_HIT)
        meta = entry.meta
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
            seconds=run.seconds,
            source=source,
            warnings=[ResultWarning.from_json(w) for w in meta.get("warnings", [])],
            text=str(meta.get("text") or ""),
            fidelity=Fidelity.from_json(meta["fidelity"]) if meta.get("fidelity") else None,
        )
        return self._record_done(outcome, run)

    def _record_done(self, outcome: Outcome, run: _Run) -> Outcome:
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
            warnings=[w.to_json() for w in outcome.warnings],
            model=outcome.model,
            ledger_amount=outcome.cost_usd,
        )
        if outcome.fidelity is not None:
            self.library.set_fidelity(outcome.job_id, outcome.fidelity)
        run.report(Step.DONE, 1.0, cached=outcome.cached)
        return outcome

    def _store(
        self,
        key: str,
        job_id: str,
        framed: _Framed,
        result: ModelResult,
        spent: float,
        warnings: list[ResultWarning],
        fidelity: Fidelity | None = None,
    ) -> Path:
        """Encode the result once, write it as the job's version, and share that file with
        the cache. Returns the version's path.

        A cache that cannot take it (full disk, another process evicting) costs only the
        cache: the version is kept and the job succeeds.
        """
        data, suffix = framed.untouched or (_encode_png(framed.image), ".png")
        result_path = self._version_path(job_id, suffix)
        _write_new(result_path, data)
        stored = [w.to_json() for w in warnings]
        meta = {"model": result.model, "cost_usd": spent, "warnings": stored, "text": result.text}
        meta["fidelity"] = fidelity.to_json() if fidelity else None
        try:
            self.cache.put(key, result_path, suffix, meta)
        except OSError:
            pass  # the version is safe; only a re-run will not find it in the cache
        return result_path

    def _version_path(self, job_id: str, suffix: str = ".png") -> Path:
        folder = paths.results_dir()
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{job_id}{suffix}"

    def _record_failure(self, job_id: str, error: LuxError, run: _Run, spent: float = 0.0) -> None:
        """Record how the job ended and what it cost: certainly (``spent``) or possibly (a
        paid call that may still be billed counts at the strategy's price)."""
        status, kind, message = FAILED, error.kind, error.message
        if isinstance(error, Cancelled):
            status = CANCELLED
            if self._shutting_down:
                status, kind, message = INTERRUPTED, "interrupted", INTERRUPTED_MESSAGE
        certain = spent > 0
        possible = 0.0
        if not certain and error.may_be_billed:
            record = self.library.job(job_id)
            if record is not None:
                price = self.catalog.get(record.strategy).estimated_cost
                possible = record.possible_usd or price
        self.library.finish_job(
            job_id,
            status=status,
            seconds=run.seconds,
            error_kind=kind,
            error_message=message,
            may_be_billed=error.may_be_billed,
            cost_usd=spent,
            ledger_amount=spent if certain else possible,
            ledger_certain=certain,
        )


_SUFFIXES = {"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp"}


def internal_error(input_path: Path, unexpected: BaseException) -> LuxError:
    """A bug's error for the user: it names the photo and the log file that has the
    traceback (written there now, so the report has what a fix needs)."""
    trace = "".join(traceback.format_exception(unexpected))
    where = logs.append(f"internal error while restoring {input_path}:\n{trace}")
    message = f"Something went wrong inside LuxCanvas while restoring {input_path.name}."
    if where is not None:
        message += f" The details are in {where}; please include that file in a bug report."
    return LuxError(message, detail=f"{type(unexpected).__name__}: {unexpected}")


def _check_references(strategy: Strategy, job: Job) -> None:
    """A usage error before paying when the model takes fewer reference photos."""
    cap = strategy.max_references
    if cap is not None and len(job.references) > cap:
        takes = "no reference photos" if cap == 0 else f"at most {cap} reference photos"
        raise UsageError(f"The '{strategy.id}' strategy takes {takes}.")


def payload_limits(strategy: Strategy) -> imaging.PayloadLimits:
    """What a strategy's model accepts as input, as the payload preparation needs it."""
    return imaging.PayloadLimits(
        max_side=strategy.max_side,
        max_bytes=strategy.max_bytes,
        aspect_min=strategy.aspect_min,
        aspect_max=strategy.aspect_max,
        min_side=strategy.min_side,
        format=strategy.payload_format,
        ratios=strategy.ratio_values,
    )


def _encode_png(image: Any) -> bytes:
    """The one encode of a result (lossless: the cache and the history keep it)."""
    if image.mode not in ("RGB", "L", "RGBA"):
        image = image.convert("RGB")
    return encode_png(image)


def _write_new(path: Path, data: bytes) -> None:
    """Write a version file whole or not at all (a temp file renamed into place)."""
    temp = path.with_name(f".{path.name}.tmp")
    try:
        temp.write_bytes(data)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _image_size(path: Path) -> tuple[int, int]:
    from PIL import Image

    with Image.open(path) as im:
        return im.size
