"""``luxcanvas restore``: restore photos headless, one line (or JSON object) per input."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any, TextIO

from luxcanvas.domain.billing import Charge, charge_of
from luxcanvas.domain.errors import BILLING_NOTE, Cancelled, LuxError, UsageError
from luxcanvas.domain.formats import EXPORT_FORMATS
from luxcanvas.domain.jobs import (
    FRAMING_CHANGED,
    CancelToken,
    Job,
    Progress,
    ResultWarning,
    Step,
)


def add_restore_parser(sub: Any) -> None:
    """The ``restore`` subcommand's arguments (DESIGN §4)."""
    restore = sub.add_parser("restore", help="restore photos headless")
    restore.add_argument("inputs", nargs="+", metavar="INPUT", help="photos or folders")
    restore.add_argument("--strategy", "-s", help="strategy id (see `luxcanvas strategies`)")
    restore.add_argument("--size", choices=["1K", "2K", "4K", "1k", "2k", "4k"])
    restore.add_argument("--prompt", default="", help="your own instructions, added to ours")
    restore.add_argument(
        "--reference", action="append", default=[], metavar="IMG", help="reference photo"
    )
    restore.add_argument("--out", "-o", help="output file (one input) or folder")
    restore.add_argument("--format", choices=EXPORT_FORMATS, default=None)
    restore.add_argument("--quality", type=int, default=92, help="JPEG/WebP quality (1-100)")
    restore.add_argument("--no-cache", action="store_true", help="pay again even if cached")
    restore.add_argument(
        "--retry-refused", action="store_true",
        help="resend a request the model refused (and the gateway billed) before, unchanged",
    )  # fmt: skip
    restore.add_argument(
        "--retry-possible", action="store_true",
        help="resend a request that may have been billed without a result (timeout, crash)",
    )  # fmt: skip
    restore.add_argument("--no-metadata", action="store_true", help="do not copy EXIF/ICC")
    restore.add_argument(
        "--keep-location", action="store_true",
        help="also copy the photo's GPS location (left out by default)",
    )  # fmt: skip
    restore.add_argument("--max-cost", type=float, metavar="USD", help="spending cap for this run")
    restore.add_argument("--concurrency", "-j", type=int, default=1, metavar="N")
    restore.add_argument(
        "--option", action="append", default=[], metavar="KEY=VALUE",
        help="strategy option, e.g. strength=strong (local)",
    )  # fmt: skip
    restore.add_argument("--json", action="store_true", help="one JSON object per input")


def _parse_options(pairs: list[str]) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for pair in pairs:
        if "=" not in pair:
            raise UsageError(f"--option takes KEY=VALUE, not {pair!r}.")
        name, value = pair.split("=", 1)
        lowered = value.strip().lower()
        options[name.strip()] = (
            True if lowered in ("1", "true", "yes", "on")
            else False if lowered in ("0", "false", "no", "off")
            else value.strip()
        )  # fmt: skip
    return options


class _Printer:
    """Serialises output lines from worker threads."""

    def __init__(self, as_json: bool, out: TextIO, err: TextIO):
        self.as_json, self.out, self.err = as_json, out, err
        self.lock = threading.Lock()
        self.show_progress = not as_json and err.isatty()

    def progress(self, name: str, event: Progress) -> None:
        if not self.show_progress:
            return
        words = progress_text(event)
        if words:
            with self.lock:
                print(f"  {name}: {words} ({event.elapsed:.0f} s)", file=self.err)

    def record(self, obj: dict[str, Any], human: str, failed: bool = False) -> None:
        with self.lock:
            if self.as_json:
                print(json.dumps(obj, ensure_ascii=False), file=self.out, flush=True)
            else:
                print(human, file=self.err if failed else self.out, flush=True)


def progress_text(event: Progress) -> str:
    """A progress event in words for the terminal ("" for steps not worth a line)."""
    facts = event.facts
    model = facts.get("model", "the model")
    if event.step is Step.REPAIRING:
        stage = facts.get("stage", "")
        return "Finishing" if stage == "done" else f"Local repair: {stage}"
    if event.step is Step.PREPARED:
        size = f"{facts.get('width')}×{facts.get('height')}"
        text = f"Prepared {size} ({facts.get('bytes', 0) / 1e6:.1f} MB)"
        if facts.get("result_width"):
            text += f"; the result will be {facts['result_width']}×{facts['result_height']}"
        return text
    if event.step is Step.WAITING and facts.get("size"):
        return f"Waiting for {model} ({str(facts['size']).replace('x', '×')})"
    texts = {
        Step.READING: f"Reading {facts.get('name', '')}",
        Step.CACHE_HIT: "Found in the cache: no charge",
        Step.UPLOADING: f"Sending the photo to {model}",
        Step.WAITING: f"Waiting for {model}",
        Step.DESCRIBING: f"{model} is describing the photo",
        Step.PAINTING: f"{model} is painting the photo from its description",
        Step.DOWNLOADING: "Downloading the result",
        Step.FITTING: "Fitting the result to the original framing",
        Step.SAVING: "Saving the result",
        Step.DONE: "Done (cached)" if facts.get("cached") else "Done",
    }
    return texts.get(event.step, "")


def warning_text(warning: ResultWarning) -> str:
    """A result warning in words (the JSON ``warnings`` strings and the summary lines)."""
    facts = warning.facts
    if warning.code == FRAMING_CHANGED:
        return (
            f"The model changed the framing by {facts['drift'] * 100:.0f} %; LuxCanvas mapped it "
            f"back to the original {facts['ratio']}."
        )
    return str(facts.get("text") or warning.code)


def cmd_restore(args: argparse.Namespace) -> int:
    from luxcanvas.app.export import check_single_output
    from luxcanvas.app.inputs import expand_inputs
    from luxcanvas.app.service import RestorationService, RunBudget
    from luxcanvas.store.settings import load_settings

    if args.concurrency < 1 or args.concurrency > 16:
        raise UsageError("--concurrency must be between 1 and 16.")
    if not 1 <= args.quality <= 100:
        raise UsageError("--quality must be between 1 and 100.")
    if args.max_cost is not None and args.max_cost < 0:
        raise UsageError("--max-cost cannot be negative.")
    inputs = expand_inputs(args.inputs)
    if not inputs:
        raise UsageError("No photos found in the given inputs.")
    check_single_output(args.out, len(inputs))

    settings = load_settings()
    service = RestorationService(settings=settings)
    strategy_id = args.strategy or settings.default_strategy or "local"
    strategy = service.catalog.get(strategy_id)
    size = service.catalog.resolve_size(strategy.id, args.size)
    fmt = args.format or settings.export_format or "png"
    options = _parse_options(args.option)
    printer = _Printer(args.json, sys.stdout, sys.stderr)
    run_budget = RunBudget(args.max_cost) if args.max_cost is not None else None
    tokens: list[CancelToken] = []
    codes: list[int] = []
    spent = 0.0
    many = len(inputs) > 1

    def restore_one(index: int, path: Path) -> tuple[int, Path, Any]:
        """Stage 1, on the gateway pool: the paid or cached call. Returns the outcome or error."""
        token = CancelToken()
        tokens.append(token)
        job = Job(
            input_path=path,
            strategy_id=strategy.id,
            size=size,
            prompt=args.prompt,
            references=tuple(args.reference),
            options=options,
            use_cache=not args.no_cache,
            retry_refused=args.retry_refused,
            retry_possible=args.retry_possible,
        )
        try:
            outcome = service.run(
                job,
                on_progress=lambda e: printer.progress(path.name, e),
                cancel=token,
                run_budget=run_budget,
            )
        except LuxError as error:
            return index, path, error
        return index, path, outcome

    def export_one(index: int, path: Path, outcome: Any) -> tuple[int, int, float]:
        """Stage 2, on the export pool: write the output file with metadata, report it."""
        from luxcanvas.app.export import ExportRequest, export_version, output_path

        try:
            dest, out_fmt = output_path(path, strategy.id, args.out, fmt, many)
            request = ExportRequest(
                outcome.result_path,
                path,
                dest,
                out_fmt,
                args.quality,
                settings.keep_metadata and not args.no_metadata,
                outcome.strategy,
                outcome.model,
                keep_location=args.keep_location and not args.no_metadata,
            )
            written = export_version(request, outcome.source)
        except LuxError as error:
            return fail(index, path, error)
        obj = {
            "input": str(path),
            "output": str(written),
            "strategy": outcome.strategy,
            "model": outcome.model,
            "cost_usd": round(outcome.cost_usd, 6),
            "cached": outcome.cached,
            "seconds": round(outcome.seconds, 3),
            "width": outcome.width,
            "height": outcome.height,
            "warnings": [warning_text(w) for w in outcome.warnings],
        }
        cost = "cached · $0.00" if outcome.cached else f"${outcome.cost_usd:.3f}"
        human = (
            f"✓ {path.name} → {written} · {outcome.strategy} ({outcome.model}) · {cost} · "
            f"{outcome.width}×{outcome.height} · {outcome.seconds:.1f} s"
        )
        for warning in outcome.warnings:
            human += f"\n  ! {warning_text(warning)}"
        printer.record(obj, human)
        return index, 0, outcome.cost_usd

    def fail(index: int, path: Path, error: LuxError) -> tuple[int, int, float]:
        _log_failure(path, error)
        charge, cost = charge_of(error, strategy.estimated_cost)
        problem: dict[str, Any] = {"kind": error.kind, "message": error.message}
        if error.may_be_billed:
            problem["may_be_billed"] = True
        obj = {"input": str(path), "error": problem, "cost_usd": round(cost, 6)}
        obj["charge"] = charge.value
        human = f"✗ {path.name}: {error.message}"
        if charge is Charge.CHARGED:
            human += f" (charged ${cost:.3f})"
        elif charge is Charge.POSSIBLE:
            human += f" (may have been billed ${cost:.3f})"
        printer.record(obj, human, failed=True)
        return index, error.exit_code, cost if charge is Charge.CHARGED else 0.0

    previous = signal.getsignal(signal.SIGINT)
    # --concurrency bounds the calls to the gateway; writing outputs is CPU work on its own
    # small pool, so a finished photo's export never holds up the next paid call.
    gateway_pool = ThreadPoolExecutor(max_workers=args.concurrency, thread_name_prefix="job")
    export_pool = ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1))
    try:
        futures = [gateway_pool.submit(restore_one, i, p) for i, p in enumerate(inputs)]
        exports: list[Future[tuple[int, int, float]]] = []
        results: dict[int, int] = {}
        try:
            for future in as_completed(futures):
                index, path, value = future.result()
                if isinstance(value, LuxError):
                    results[index] = fail(index, path, value)[1]
                else:
                    exports.append(export_pool.submit(export_one, index, path, value))
            for export in as_completed(exports):
                index, code, cost = export.result()
                results[index] = code
                spent += cost
        except KeyboardInterrupt:
            for token in tokens:
                token.cancel()
            print(f"Interrupted. {BILLING_NOTE}", file=sys.stderr)
            gateway_pool.shutdown(wait=True, cancel_futures=True)
            export_pool.shutdown(wait=True, cancel_futures=True)
            return Cancelled.exit_code
        codes = [results[i] for i in sorted(results)]
    finally:
        gateway_pool.shutdown(wait=True, cancel_futures=True)
        export_pool.shutdown(wait=True)
        signal.signal(signal.SIGINT, previous)
        service.close()

    if not args.json and many:
        done = sum(1 for c in codes if c == 0)
        print(f"{done} of {len(inputs)} photos restored · spent ${spent:.3f}", file=sys.stdout)
    return next((c for c in codes if c != 0), 0)


def _log_failure(path: Path, error: LuxError) -> None:
    """Technical detail goes to the log file for bug reports (never the key)."""
    try:
        from luxcanvas.gateway.answers import redact
        from luxcanvas.store import paths

        folder = paths.logs_dir()
        folder.mkdir(parents=True, exist_ok=True)
        line = f"{path.name}: {error.kind}: {error.message} | {error.detail}\n"
        with open(folder / "luxcanvas.log", "a", encoding="utf-8") as fh:
            fh.write(redact(line, os.environ.get("LAOZHANG_API_KEY")))
    except OSError:
        pass
