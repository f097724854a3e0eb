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
import sys
from pathlib import Path

from luxcanvas import __version__
from luxcanvas.cli.display import progress_text
from luxcanvas.cli.restore import add_restore_parser, cmd_restore, restore_parser, warning_text
from luxcanvas.domain.errors import LuxError, UsageError

__all__ = ["build_parser", "main", "progress_text", "warning_text"]

SUBCOMMANDS = ("restore", "strategies", "key", "spend", "compare", "split")

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

    add_restore_parser(sub)

    spend = sub.add_parser("spend", help="this month's spending: charged, possibly charged")
    spend.add_argument("--json", action="store_true")

    strategies = sub.add_parser("strategies", help="list strategies with model and price")
    strategies.add_argument("--json", action="store_true")

    key = sub.add_parser("key", help="manage the LaoZhang API key in the OS keyring")
    key.add_argument("action", choices=["set", "delete", "status"])
    key.add_argument("extra", nargs="*", help=argparse.SUPPRESS)

    from luxcanvas.cli import compare, split

    compare.add_parser(sub)
    split.add_parser(sub)
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
        if argv[0] == "restore":  # options may sit between the photos
            return cmd_restore(restore_parser(_Parser).parse_intermixed_args(argv[1:]))
        args = build_parser().parse_args(argv)
        if args.command == "restore":
            return cmd_restore(args)
        if args.command == "strategies":
            return cmd_strategies(args)
        if args.command == "spend":
            return cmd_spend(args)
        if args.command == "key":
            return cmd_key(args)
        if args.command == "compare":
            from luxcanvas.cli.compare import cmd_compare

            return cmd_compare(args)
        if args.command == "split":
            from luxcanvas.cli.split import cmd_split

            return cmd_split(args)
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
