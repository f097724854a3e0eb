"""``luxcanvas split SCAN... [--out DIR] [--json]``: one upright file per print on a scan.

Each print is written as ``scan.1.png``, ``scan.2.png``, ... next to its scan (or in
``--out``), with the scan's date, ICC profile and dpi. ``--json`` prints one object per print
(DESIGN.md §4); a scan that cannot be opened or holds no print is reported in a line (or
``{"input", "error"}``) and makes the exit code 3. ``restore --split`` uses ``split_inputs``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from luxcanvas.domain.errors import Cancelled, LuxError, UsageError

if TYPE_CHECKING:
    from luxcanvas.app.split import SplitPrint


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the ``split`` subcommand."""
    split = sub.add_parser(
        "split",
        help="split a flatbed scan into its prints, each upright and cropped",
        description="Find the prints on flatbed scans and write each one upright and tightly "
        "cropped, as SCAN.1.png, SCAN.2.png, ... next to the scan (or in --out). The scan's "
        "date, colour profile and dpi are kept. Exit code 3 when a scan cannot be opened or "
        "holds no print.",
    )
    split.add_argument("scans", nargs="+", metavar="SCAN", help="scans or folders of scans")
    add_out_argument(split)
    split.add_argument("--json", action="store_true", help="one JSON object per print")


def add_out_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", "-o", metavar="DIR", help="folder for the prints (default: beside each scan)"
    )


def cmd_split(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from luxcanvas.app.inputs import expand_inputs
    from luxcanvas.app.split import is_split_print

    out = out or sys.stdout
    scans = expand_inputs(args.scans)
    if not scans:
        raise UsageError("No scans found in the given inputs.")
    out_dir = _out_dir(args.out)
    codes = []
    for scan in scans:
        if len(scans) > 1 and is_split_print(scan):
            continue  # a print an earlier split wrote into this folder
        try:
            prints = split_one(scan, out_dir)
        except Cancelled:
            raise KeyboardInterrupt from None
        except LuxError as error:
            codes.append(error.exit_code)
            if args.json:
                problem = {"kind": error.kind, "message": error.message}
                print(json.dumps({"input": str(scan), "error": problem}), file=out, flush=True)
            else:  # failures go where ``restore`` puts them: stdout lists what was written
                print(f"✗ {error.message}", file=sys.stderr, flush=True)
            continue
        codes.append(0)
        if args.json:
            for item in prints:
                print(json.dumps(item.to_json()), file=out, flush=True)
        else:
            print(_summary(scan, prints), file=out, flush=True)
    return next((c for c in codes if c != 0), 0)


def split_one(scan: Path, out_dir: Path | None) -> list[SplitPrint]:
    """Split one scan, showing progress on a terminal's stderr."""
    from luxcanvas.app.split import split_scan

    status = _Status(scan.name)
    try:
        return split_scan(scan, out_dir=out_dir, on_progress=status.show)
    finally:
        status.clear()


def split_inputs(
    inputs: list[Path], out_dir: Path | None
) -> tuple[list[Path], list[tuple[Path, LuxError]]]:
    """``restore --split``: every scan replaced by its prints (a summary line per scan goes
    to stderr). Prints written by an earlier split are left out as inputs. Returns the prints,
    and the scans that could not be split with why (they are left out of the restore)."""
    from luxcanvas.app.split import is_split_print

    prints: list[Path] = []
    failures: list[tuple[Path, LuxError]] = []
    for scan in inputs:
        if is_split_print(scan):
            continue
        try:
            written = split_one(scan, out_dir)
        except LuxError as error:
            failures.append((scan, error))
            continue
        print(_summary(scan, written), file=sys.stderr, flush=True)
        prints.extend(item.output for item in written)
    return prints, failures


def _out_dir(out: str | None) -> Path | None:
    if not out:
        return None
    folder = Path(out).expanduser()
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--out must be a folder for the prints, not a file: {folder}")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _summary(scan: Path, prints: list[SplitPrint]) -> str:
    count = f"{len(prints)} print" + ("s" if len(prints) != 1 else "")
    lines = [f"✓ {scan.name}: {count}"]
    for item in prints:
        width, height = item.found.size
        turned = f" · was turned {item.found.angle:+.1f}°" if abs(item.found.angle) >= 0.05 else ""
        lines.append(f"  → {item.output} · {width}×{height}{turned}")
    return "\n".join(lines)


class _Status:
    """One self-overwriting line on stderr when it is a terminal (a 140 MP scan takes a
    while to read); nothing when output is piped."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.live = sys.stderr.isatty()
        self.width = 0

    def show(self, event: object) -> None:
        from luxcanvas.app.split import STEP_CUT, STEP_FIND, STEP_READ, SplitProgress

        if not self.live or not isinstance(event, SplitProgress):
            return
        size = f" ({event.megapixels:.0f} MP)" if event.megapixels >= 1 else ""
        text = {
            STEP_READ: f"Reading {self.name}{size}…",
            STEP_FIND: f"Finding the prints on {self.name}…",
            STEP_CUT: f"Cutting print {min(event.done + 1, event.total)} of {event.total}…",
        }.get(event.step, "")
        sys.stderr.write("\r" + text.ljust(self.width))
        sys.stderr.flush()
        self.width = len(text)

    def clear(self) -> None:
        if self.live and self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()
