"""The ``luxcanvas`` command: the desktop app, or the same core headless.

Exit codes (DESIGN.md §4): 0 all done · 2 usage · 3 bad input file · 4 missing or rejected
API key · 5 balance, quota or budget cap · 6 the model refused · 7 gateway, network or
timeout failure · 130 interrupted. With several inputs, the first failure's code.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import signal
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any, TextIO

from luxcanvas import __version__
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

SUBCOMMANDS = ("restore", "strategies", "key", "spend")

log = logging.getLogger("luxcanvas")


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so usage errors get exit code 2 our way."""

    def error(self, message: str) -> None:  # type: ignore[override]
        command = " ".join(["luxcanvas", *self.prog.split()[1:]])
        raise UsageError(f"{message}\nRun `{command} --help` for usage.")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="luxcanvas",
        description="Restore old photographs. Without a command, opens the desktop app "
        "(photos given as arguments open in it).",
    )
    parser.add_argument("--version", action="version", version=f"LuxCanvas {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

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

    spend = sub.add_parser("spend", help="this month's spending: charged, possibly charged")
    spend.add_argument("--json", action="store_true")

    strategies = sub.add_parser("strategies", help="list strategies with model and price")
    strategies.add_argument("--json", action="store_true")

    key = sub.add_parser("key", help="manage the LaoZhang API key in the OS keyring")
    key.add_argument("action", choices=["set", "delete", "status"])
    key.add_argument("extra", nargs="*", help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _configure_stdio()
    from luxcanvas.store.logs import start_logging

    start_logging()  # Python's and Pillow's warnings go to the log file, not the terminal
    if argv and argv[0] == "--self-test":
        from luxcanvas.selftest import main as self_test

        return self_test(argv[1:])
    if not argv or (argv[0] not in SUBCOMMANDS and not argv[0].startswith("-")):
        missing = [a for a in argv if not Path(a).exists()]
        if missing:
            print(
                f"luxcanvas: no such file or command: {missing[0]}\n"
                f"Commands: {', '.join(SUBCOMMANDS)}. Run `luxcanvas --help` for usage.",
                file=sys.stderr,
            )
            return UsageError.exit_code
        return _open_app(argv)
    try:
        args = build_parser().parse_args(argv)
        if args.command == "restore":
            return cmd_restore(args)
        if args.command == "strategies":
            return cmd_strategies(args)
        if args.command == "spend":
            return cmd_spend(args)
        if args.command == "key":
            return cmd_key(args)
        build_parser().print_help()
        return 0
    except LuxError as error:
        print(f"luxcanvas: {error.message}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`luxcanvas strategies --json | head -1`): stop quietly. Point
        # stdout at devnull so the interpreter's final flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _configure_stdio() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


def _open_app(paths: list[str]) -> int:
    try:
        from luxcanvas.gui import run_app
    except ImportError as err:
        print(f"luxcanvas: the desktop app is not available here ({err}).", file=sys.stderr)
        return 1
    return run_app(paths)


# -- strategies ------------------------------------------------------------------------------


def cmd_strategies(args: argparse.Namespace) -> int:
    from luxcanvas.store.catalog import load_catalog
    from luxcanvas.store.settings import load_settings

    catalog = load_catalog(settings_prices=load_settings().price_overrides)
    if args.json:
        for strategy in catalog:
            print(json.dumps(strategy.to_dict(), ensure_ascii=False))
        return 0
    headers = ("id", "label", "model", "endpoint", "price", "as of", "sizes")
    table = [
        (
            s.id,
            s.label,
            s.model if not s.vision_model else f"{s.vision_model} + {s.model}",
            s.endpoint_path() or "(offline)",
            "free" if s.is_local else f"${s.estimated_cost:.3f}/{s.price_unit}",
            s.price_as_of + (" (yours)" if s.price_overridden else ""),
            "/".join(s.sizes) or "-",
        )
        for s in catalog
    ]
    widths = [max(len(str(r[i])) for r in [headers, *table]) for i in range(len(headers))]
    for row in [headers, *table]:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    return 0


# -- spend -----------------------------------------------------------------------------------


def cmd_spend(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from luxcanvas.app.budget import month_spend
    from luxcanvas.store.library import Library
    from luxcanvas.store.settings import load_settings

    library = Library()
    spend = month_spend(library, load_settings())
    calls = library.paid_calls()
    month = datetime.now(UTC).strftime("%Y-%m")
    if args.json:
        row = {
            "month": month,
            "charged_usd": round(spend.charged_usd, 6),
            "possible_usd": round(spend.possible_usd, 6),
            "budget_usd": spend.budget_usd,
            "calls": calls,
        }
        print(json.dumps(row))
        return 0
    budget = f" of your ${spend.budget_usd:.2f} budget" if spend.budget_usd else ""
    print(f"{month}: ${spend.charged_usd:.3f} charged{budget} · {calls} paid calls")
    if spend.possible_usd:
        print(
            f"  plus up to ${spend.possible_usd:.3f} that may have been billed (calls that ended "
            "without an answer); your LaoZhang call log has the final word."
        )
    return 0


# -- key -------------------------------------------------------------------------------------


def cmd_key(args: argparse.Namespace) -> int:
    from luxcanvas.store.secrets import SecretStore

    store = SecretStore()
    if args.extra:
        raise UsageError(
            "The key is never taken from the command line (it would stay in your shell "
            "history). Run `luxcanvas key set` and type it at the prompt, or pipe it in."
        )
    if args.action == "status":
        print(store.status().describe())
        return 0
    if args.action == "delete":
        store.delete()
        print("The API key was removed from the keyring.")
        return 0
    if sys.stdin.isatty():
        key = getpass.getpass("LaoZhang API key (input hidden): ")
    else:
        key = sys.stdin.readline()
    key = key.strip()
    if not key:
        raise UsageError("No key was given.")
    status = store.set(key)
    print(status.describe())
    if status.source == "session":
        print(
            "Warning: without a secure keyring the CLI cannot keep the key after it exits. "
            "Set LAOZHANG_API_KEY in your environment instead.",
            file=sys.stderr,
        )
        return 4
    return 0


# -- restore ---------------------------------------------------------------------------------


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

