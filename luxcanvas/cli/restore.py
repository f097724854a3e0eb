"""``luxcanvas restore``: restore photos headless, one line (or JSON object) per input."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from luxcanvas.cli.display import open_display
from luxcanvas.domain.billing import Charge, charge_of
from luxcanvas.domain.errors import BILLING_NOTE, Cancelled, LuxError, UsageError
from luxcanvas.domain.formats import EXPORT_FORMATS
from luxcanvas.domain.jobs import (
    FRAMING_CHANGED,
    CancelToken,
    Job,
    ResultWarning,
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
                on_progress=lambda e: display.progress(index, path.name, e),
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
        display.record(index, obj, human, cost=outcome.cost_usd)
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
        charged = cost if charge is Charge.CHARGED else 0.0
        display.record(index, obj, human, failed=True, cost=charged)
        return index, error.exit_code, charged

    previous = signal.getsignal(signal.SIGINT)
    # --concurrency bounds the calls to the gateway; writing outputs is CPU work on its own
    # small pool, so a finished photo's export never holds up the next paid call.
    gateway_pool = ThreadPoolExecutor(max_workers=args.concurrency, thread_name_prefix="job")
    export_pool = ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1))
    display = open_display(args.json, len(inputs), sys.stdout, sys.stderr)
    try:
        futures = [gateway_pool.submit(restore_one, i, p) for i, p in enumerate(inputs)]
        exports: list[Future[tuple[int, int, float]]] = []
        results: dict[int, int] = {}
        try:
            for future in as_completed(futures):
                index, path, value = future.result()
                if isinstance(value, LuxError):
                    _, results[index], cost = fail(index, path, value)
                    spent += cost
                else:
                    exports.append(export_pool.submit(export_one, index, path, value))
            for export in as_completed(exports):
                index, code, cost = export.result()
                results[index] = code
                spent += cost
        except KeyboardInterrupt:
            for token in tokens:
                token.cancel()
            display.close()
            print(f"Interrupted. {BILLING_NOTE}", file=sys.stderr)
            gateway_pool.shutdown(wait=True, cancel_futures=True)
            export_pool.shutdown(wait=True, cancel_futures=True)
            return Cancelled.exit_code
        codes = [results[i] for i in sorted(results)]
    finally:
        display.close()
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
