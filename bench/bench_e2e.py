"""A 24 MP photo end to end through the CLI, as a user runs it: prints a markdown table.

    uv run python bench/bench_e2e.py [--runs 3] [--before main] [--photo PATH]

Each run is ``luxcanvas restore PHOTO`` in a child process with the default strategy (local)
and the default export (PNG next to the photo), on a fresh ``LUXCANVAS_HOME``; then the same
command again on that home (a cache hit). Beside it, a bare baseline: Python decoding the
JPEG with Pillow and saving it as PNG, the least any tool could do. ``--before REF`` runs
the same commands on the code of a git ref (exported with ``git archive``, run with this
checkout's environment) so before and after are measured side by side on one machine.

Wall time is the median of ``--runs``; peak memory is the child's peak resident set size
(``os.wait4``), the largest over the runs. Targets (issue 13): ≤ 6 s and ≤ 1.5 GB.
Set nothing else running when the figures matter: the machine's other load counts too.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT.parent / "shared" / "fixtures"
LARGE = FIXTURES / "odd" / "large_24mp.jpg"
TARGET_SECONDS = 6.0
TARGET_MB = 1536

BASELINE = (
    "import sys; from PIL import Image; "
    "im = Image.open(sys.argv[1]); im.load(); im.save(sys.argv[2], 'PNG')"
)


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """(seconds, peak MB, exit code) of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.stderr is not None:
        errors = child.stderr.read().decode(errors="replace").strip()
        child.stderr.close()
        if errors:
            print(f"  stderr of {' '.join(command[-2:])}: {errors[:300]}", file=sys.stderr)
    return seconds, usage.ru_maxrss / 1024, child.returncode  # ru_maxrss is KiB on Linux


def code_of(ref: str, into: Path) -> Path:
    """The package and resources of git ``ref``, unpacked into ``into``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "luxcanvas", "resources"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def measure(versions: list[tuple[str, Path | None]], photo: Path, runs: int) -> list[tuple]:
    """Rows for each version of the code: a fresh home, then a cached re-run. The versions
    take turns within each round, so a change in the machine's load hits them alike."""
    timings: dict[str, dict[str, list[tuple[float, float, int]]]] = {
        label: {"fresh home": [], "cached re-run": []} for label, _ in versions
    }
    for _ in range(runs):
        for label, code in versions:
            env = dict(os.environ)
            env.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's install has compiled bytecode
            env.pop("LAOZHANG_API_KEY", None)
            if code is not None:
                env["PYTHONPATH"] = str(code)
            work = Path(tempfile.mkdtemp(prefix="luxcanvas-e2e-"))
            try:
                target = work / photo.name
                shutil.copyfile(photo, target)
                env["LUXCANVAS_HOME"] = str(work / "home")
                command = [sys.executable, "-m", "luxcanvas.cli", "restore", str(target)]
                timings[label]["fresh home"].append(timed(command, work, env))
                timings[label]["cached re-run"].append(timed(command, work, env))
            finally:
                shutil.rmtree(work, ignore_errors=True)
    rows = []
    for label, kinds in timings.items():
        for kind, results in kinds.items():
            failed = any(r[2] != 0 for r in results)
            seconds = statistics.median(r[0] for r in results)
            rows.append(
                (label, kind, seconds, max(r[1] for r in results), "failed" if failed else "ok")
            )
    return rows


def baseline(photo: Path, runs: int) -> tuple:
    results = []
    for _ in range(runs):
        work = Path(tempfile.mkdtemp(prefix="luxcanvas-e2e-"))
        try:
            env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
            command = [sys.executable, "-c", BASELINE, str(photo), str(work / "out.png")]
            results.append(timed(command, work, env))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    seconds = statistics.median(r[0] for r in results)
    return ("Pillow alone", "decode + save PNG", seconds, max(r[1] for r in results), "ok")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", default="main", help="git ref to compare with ('' skips)")
    parser.add_argument("--photo", type=Path, default=LARGE)
    args = parser.parse_args()

    rows = [baseline(args.photo, args.runs)]
    with tempfile.TemporaryDirectory(prefix="luxcanvas-before-") as folder:
        versions: list[tuple[str, Path | None]] = []
        if args.before:
            versions.append((f"before ({args.before})", code_of(args.before, Path(folder))))
        versions.append(("after (this checkout)", None))
        rows += measure(versions, args.photo, args.runs)

    from PIL import Image

    with Image.open(args.photo) as im:
        megapixels = im.width * im.height / 1e6
    print(
        f"\n`luxcanvas restore` on {args.photo.name} ({megapixels:.0f} MP), "
        f"median of {args.runs} runs, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end\n"
    )
    print("| code | run | wall s | peak MB | exit |")
    print("|---|---|---:|---:|---|")
    for label, kind, seconds, peak, status in rows:
        print(f"| {label} | {kind} | {seconds:.2f} | {peak:.0f} | {status} |")
    after = next(r for r in rows if r[0].startswith("after") and r[1] == "fresh home")
    met = after[2] <= TARGET_SECONDS and after[3] <= TARGET_MB
    print(
        f"\nTargets: ≤ {TARGET_SECONDS:.0f} s and ≤ {TARGET_MB / 1024:.1f} GB on a fresh home — "
        f"{'met' if met else 'NOT met'} ({after[2]:.2f} s, {after[3]:.0f} MB)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
