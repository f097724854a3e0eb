"""``luxcanvas compare ORIGINAL RESULT [--json] [--heatmap FILE]``: what a result changed.

``--json`` prints the ``fidelity`` object of DESIGN.md §4 (score, verdict, regions in the
original's upright pixels). A file that cannot be opened exits 3; usage errors exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from luxcanvas.domain.errors import UsageError
from luxcanvas.domain.fidelity import Fidelity, RegionKind, Verdict


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the ``compare`` subcommand."""
    compare = sub.add_parser(
        "compare",
        help="how faithful a result is to its original, and where it changed things",
    )
    compare.add_argument("original", metavar="ORIGINAL", help="the original photo")
    compare.add_argument("result", metavar="RESULT", help="the restored or edited photo")
    compare.add_argument("--json", action="store_true", help="the fidelity object as JSON")
    compare.add_argument(
        "--heatmap", metavar="FILE", help="also write the change map over the result (PNG)"
    )


def cmd_compare(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from luxcanvas.app.compare import compare_files
    from luxcanvas.imaging import unique_path

    out = out or sys.stdout
    heatmap = None
    if args.heatmap:
        heatmap = Path(args.heatmap)
        if heatmap.suffix.lower() != ".png":
            raise UsageError("--heatmap writes a PNG file: give it a name ending in .png.")
        if not heatmap.parent.exists():
            raise UsageError(f"The folder for --heatmap does not exist: {heatmap.parent}")
        heatmap = unique_path(heatmap)  # never overwrite an existing file silently
    fmap = compare_files(Path(args.original), Path(args.result), heatmap=heatmap)
    if args.json:
        print(json.dumps(fmap.fidelity.to_json()), file=out)
    else:
        print(fidelity_text(fmap.fidelity), file=out)
        if heatmap is not None:
            print(f"Change map written to {heatmap}", file=out)
    return 0


_VERDICT_WORDS = {
    Verdict.FAITHFUL: "faithful: only what restoration does (tone, colour, sharpness, repairs)",
    Verdict.CHECK: "check: some areas changed; look at them before you keep it",
    Verdict.REINTERPRETED: "reinterpreted: a different picture, not a restoration of this one",
}


def fidelity_text(fidelity: Fidelity) -> str:
    """The fidelity in words for the terminal (English; the GUI has its own, translated)."""
    lines = [f"Fidelity {fidelity.score * 100:.0f} % · {_VERDICT_WORDS[fidelity.verdict]}"]
    if fidelity.verdict is Verdict.REINTERPRETED:
        return lines[0]
    for region in fidelity.regions:
        what = "invented" if region.kind is RegionKind.INVENTED else "detail lost"
        face = " (a face)" if region.face else ""
        lines.append(f"  {what}{face}: {region.w}×{region.h} at ({region.x}, {region.y})")
    return "\n".join(lines)
