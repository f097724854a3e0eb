"""``luxcanvas restore``: restore photos headless, one line (or JSON object) per input."""

from __future__ import annotations

import argparse
import json
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

RESTORE_HELP = "restore photos headless"
RESTORE_DESCRIPTION = """\
Restore photos without the window. Each result is written next to its photo (or
under --out) and reported in a line, or as one JSON object per photo with --json.
In a terminal a live display shows the batch; piped output stays a plain log."""
RESTORE_EPILOG = """examples:
  luxcanvas restore scan.jpg                         free offline repair, no key
  luxcanvas restore scans/ -s restore -j 3 -o out/   a folder, 3 photos at a time
  luxcanvas restore a.jpg b.jpg --max-cost 0.50 --json
  luxcanvas restore scans/ --split -s restore        each print on each scan

exit codes: 0 all done, 2 usage, 3 bad input file, 4 missing or rejected API key,
  5 balance, quota or budget cap, 6 the model refused, 7 gateway, network or timeout,
  130 interrupted; with several inputs, the first failure's.
environment: LAOZHANG_API_KEY (overrides the keyring), LUXCANVAS_BASE_URL, LUXCANVAS_HOME."""


def add_restore_parser(sub: Any) -> argparse.ArgumentParser:
    """The ``restore`` subcommand and its arguments (DESIGN §4)."""
    restore: argparse.ArgumentParser = sub.add_parser(
        "restore",
        help=RESTORE_HELP,
        description=RESTORE_DESCRIPTION,
        epilog=RESTORE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_restore_arguments(restore)
    return restore


def restore_parser(parser_class: type[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """``luxcanvas restore`` on its own, for ``parse_intermixed_args`` (which takes no
    subparsers): ``restore a.jpg -o out/ b.jpg`` then means what it says."""
    parser = parser_class(
        prog="luxcanvas restore",
        description=RESTORE_DESCRIPTION,
        epilog=RESTORE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_restore_arguments(parser)
    parser.set_defaults(command="restore")
    return parser


def add_restore_arguments(restore: argparse.ArgumentParser) -> None:
    """The arguments of ``luxcanvas restore`` (options may come before, between or after the
    photos: parse with ``parse_intermixed_args``)."""
    restore.add_argument("inputs", nargs="+", metavar="INPUT", help="photos or folders")
    restore.add_argument(
        "--strategy", "-s", metavar="ID",
        help="strategy id (see `luxcanvas strategies`; default: yours, else local)",
    )  # fmt: skip
    restore.add_argument(
        "--size", type=str.upper, choices=["1K", "2K", "4K"],
        help="result size, for strategies that offer sizes",
    )  # fmt: skip
    restore.add_argument(
        "--prompt", default="", metavar="TEXT", help="your own instructions, added to ours"
    )
    restore.add_argument(
        "--reference", action="append", default=[], metavar="IMG",
        help="a reference photo (repeat for several)",
    )  # fmt: skip
    restore.add_argument(
        "--out", "-o", metavar="FILE|DIR", help="output file (one input) or folder"
    )
    restore.add_argument(
        "--format", choices=EXPORT_FORMATS, default=None,
        help="output format (default: your setting, else png)",
    )  # fmt: skip
    restore.add_argument(
        "--quality", type=int, default=92, metavar="1-100", help="JPEG/WebP quality (92)"
    )
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
    restore.add_argument(
        "--concurrency", "-j", type=int, default=1, metavar="N",
        help="photos sent to the gateway at once (1-16, default 1)",
    )  # fmt: skip
    restore.add_argument(
        "--option", action="append", default=[], metavar="KEY=VALUE",
        help="strategy option, e.g. strength=strong (local)",
    )  # fmt: skip
    restore.add_argument(
        "--split", action="store_true",
        help="the inputs are flatbed scans: split each into its prints first (written as "
        "SCAN.1.png, ... beside it), then restore every print",
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
    split_codes: list[int] = []
    if args.split:
        from luxcanvas.cli.split import split_inputs

        inputs, failures = split_inputs(inputs, None)
        for scan, error in failures:
            if args.json:
                problem = {"kind": error.kind, "message": error.message}
                row = {"input": str(scan), "error": problem, "cost_usd": 0.0, "charge": "none"}
                print(json.dumps(row), flush=True)
            else:
                print(f"✗ {error.message}", file=sys.stderr, flush=True)
            split_codes.append(error.exit_code)
        if not inputs:
            if split_codes:
                return split_codes[0]
            raise UsageError("No scans in the given inputs, only prints a split wrote before.")
    check_single_output(args.out, len(inputs))

    settings = load_settings()
    service = RestorationService(settings=settings)
    strategy_id = args.strategy or settings.default_strategy or "local"
    strategy = service.catalog.get(strategy_id)
    size = service.catalog.resolve_size(strategy.id, args.size)
    fmt = args.format or settings.export_format or "png"
    options = _parse_options(args.option)
    run_budget = RunBudget(args.max_cost) if args.max_cost is not None else None
    # One token per photo, made before any job starts: Ctrl+C cancels every one of them,
    # including a job whose thread had not yet begun when the key was pressed.
    tokens = [CancelToken() for _ in inputs]
    codes: list[int] = []
    spent = 0.0
    many = len(inputs) > 1

    def restore_one(index: int, path: Path) -> tuple[int, Path, Any]:
        """Stage 1, on the gateway pool: the paid or cached call. Returns the outcome or error."""
        token = tokens[index]
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
            written = export_version(request, outcome.source, outcome.image)
        except LuxError as error:
            return fail(index, path, error)
        finally:
            outcome.image = None  # a batch keeps its outcomes: not their pixels
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
        if outcome.fidelity is not None:
            obj["fidelity"] = outcome.fidelity.to_json()
        cost = (
            "cached · $0.00" if outcome.cached
            else "free" if strategy.is_local
            else f"${outcome.cost_usd:.3f}"
        )  # fmt: skip
        human = (
            f"✓ {path.name} → {written} · {outcome.strategy} ({outcome.model}) · {cost} · "
            f"{outcome.width}×{outcome.height} · {outcome.seconds:.1f} s"
        )
        for warning in outcome.warnings:
            human += f"\n  ! {warning_text(warning)}"
        if outcome.fidelity is not None:
            from luxcanvas.cli.compare import fidelity_text

            human += "\n  " + fidelity_text(outcome.fidelity).replace("\n", "\n  ")
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
        # "✗ a.jpg: a.jpg was not found." says the name once: "✗ a.jpg was not found."
        said = error.message.startswith(path.name)
        human = f"✗ {error.message}" if said else f"✗ {path.name}: {error.message}"
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
            note = (
                "The offline strategy is free: nothing was billed."
                if strategy.is_local
                else BILLING_NOTE
            )
            print(f"Interrupted. {note}", file=sys.stderr)
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
    return next((c for c in [*split_codes, *codes] if c != 0), 0)


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
