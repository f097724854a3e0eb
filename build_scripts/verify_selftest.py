"""Check a ``luxcanvas --self-test`` report from a built or installed app (release pipeline only).

    uv run python build_scripts/verify_selftest.py REPORT [--frozen]

Used by .github/workflows/release.yml on the built and the installed app of every release, and by
build_scripts/smoke_linux.sh, so a report that silently lost a check cannot pass: the report must
list exactly the checks of this checkout's ``luxcanvas.selftest.all_checks()`` in order, come
from this version, say ``frozen`` as ``--frozen`` says (a bundle, not a source install), and every
check must have passed. The report format is the one documented in luxcanvas/selftest.py.

Prints one line per problem on stderr, or one summary line (with the window timing) on stdout.
Exit code 0 when the report is good, 1 when it is not, 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from luxcanvas import __version__
from luxcanvas.selftest import all_checks


def verify_report(report: dict[str, Any], *, frozen: bool) -> list[str]:
    """Problems with a self-test report (empty when it is complete and every check passed)."""
    problems = []
    names = [c.get("name") for c in report.get("checks", [])]
    expected = [name for name, _ in all_checks()]
    if names != expected:
        problems.append(f"checks {names} differ from {expected}")
    if report.get("frozen") is not frozen:
        problems.append(f"frozen is {report.get('frozen')!r}, expected {frozen!r}")
    if report.get("version") != __version__:
        problems.append(f"version {report.get('version')!r} is not {__version__!r}")
    for check in report.get("checks", []):
        if not check.get("ok"):
            problems.append(f"{check.get('name')}: {json.dumps(check.get('detail'))[:800]}")
    if report.get("ok") is not True and not problems:
        problems.append("the report's ok is not true")
    return problems


def main(argv: list[str] | None = None) -> int:
    """0 when the report is good, 1 when it is not (argparse exits 2 on bad arguments)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("--frozen", action="store_true", help="the report comes from a bundle")
    args = parser.parse_args(argv)
    report = json.loads(args.report.read_text(encoding="utf-8"))
    problems = verify_report(report, frozen=args.frozen)
    for problem in problems:
        print(f"self-test report {args.report}: {problem}", file=sys.stderr)
    if not problems:
        window = report["checks"][0]
        print(
            f"{args.report}: all {len(report['checks'])} checks passed; window shown in "
            f"{window['seconds']:.2f} s"
            + (
                f", {window['detail']['launch_to_window_s']:.2f} s after launch"
                if "launch_to_window_s" in window["detail"]
                else ""
            )
        )
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
