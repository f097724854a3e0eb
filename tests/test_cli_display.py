"""The batch display of ``luxcanvas restore``: live in a terminal, the plain log elsewhere."""

from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from luxcanvas.cli import main
from luxcanvas.cli.display import LiveDisplay, PlainLog, open_display
from luxcanvas.domain.jobs import Progress, Step
from luxcanvas.store.catalog import load_catalog
from tests.fakes.gateway import Scenario

ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class FakeTerminal(io.StringIO):
    """A stdout that says it is a terminal, as a user's shell would."""

    def isatty(self) -> bool:
        return True


def screen(raw: str) -> list[str]:
    """What a terminal shows after ``raw``: the few controls the display uses, applied.

    Handles text, ``\\r``, ``\\n``, cursor up (``ESC[nA``), erase below (``ESC[J``) and
    ignores colours and cursor visibility, so a test reads the screen as a person would.
    """
    lines, row, col = [""], 0, 0
    for token in re.split(r"(\x1b\[[0-9;?]*[A-Za-z]|\r|\n)", raw):
        if not token:
            continue
        if token == "\r":
            col = 0
        elif token == "\n":
            row, col = row + 1, 0
            if row == len(lines):
                lines.append("")
        elif token.startswith("\x1b["):
            if token.endswith("A"):
                row = max(0, row - int(token[2:-1] or 1))
            elif token.endswith("J"):
                lines[row] = lines[row][:col]
                del lines[row + 1 :]
        else:
            line = lines[row].ljust(col)
            lines[row] = line[:col] + token + line[col + len(token) :]
            col += len(token)
    return [line.rstrip() for line in lines if line.strip()]


def make_photos(folder: Path, count: int, size: tuple[int, int] = (96, 72)) -> list[Path]:
    """Small generated photos (noise over a gradient), enough for the offline strategy."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(14)
    w, h = size
    gradient = np.linspace(40, 200, w, dtype=np.float32)[None, :, None]
    paths = []
    for i in range(count):
        pixels = gradient + rng.normal(0, 25, (h, w, 3))
        path = folder / f"photo{i}.jpg"
        Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(path, quality=90)
        paths.append(path)
    return paths


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def live(total: int, columns: int = 80, rows: int = 24) -> tuple[LiveDisplay, FakeTerminal, Clock]:
    out, clock = FakeTerminal(), Clock()
    display = LiveDisplay(
        total, out, out, clock=clock, size=lambda: os.terminal_size((columns, rows)), ticker=False
    )
    return display, out, clock


def repairing(fraction: float, elapsed: float = 1.0) -> Progress:
    step = Step.REPAIRING
    return Progress(step.stage, step, {"stage": "scratches"}, fraction, elapsed)


def test_live_display_shows_done_of_total_spent_time_and_each_running_photo(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    display, out, clock = live(total=4)
    display.record(0, {"input": "a.jpg"}, "✓ a.jpg → a.png · $0.045", cost=0.045)
    clock.now += 30
    display.progress(1, "b.jpg", repairing(0.5, elapsed=12))
    clock.now += 1  # past the redraw throttle
    display.progress(1, "b.jpg", repairing(0.5, elapsed=13))
    shown = screen(out.getvalue())
    assert shown[0] == "✓ a.jpg → a.png · $0.045"  # results scroll above the live block
    (photo,) = [line for line in shown if "b.jpg" in line]
    assert "Local repair: scratches" in photo and "█" in photo and "50 %" in photo
    assert "13 s" in photo  # the time this photo has taken
    overall = shown[-1]
    assert "1/4 done" in overall and "$0.045 spent" in overall and "0:31 so far" in overall
    # 1.5 of 4 photos' work in 31 s: about 52 s to go.
    assert "ETA 0:52" in overall
    assert "\x1b[32m✓" in out.getvalue(), "the tick is green when colours are allowed"
    display.close()
    assert screen(out.getvalue()) == ["✓ a.jpg → a.png · $0.045"], "the live block is cleaned up"
    assert out.getvalue().endswith("\x1b[?25h"), "the cursor comes back"


def test_failures_count_and_photos_leave_the_live_block_when_they_end():
    display, out, _clock = live(total=2)
    display.progress(0, "a.jpg", repairing(0.2))
    display.progress(1, "b.jpg", repairing(0.9))
    display.record(0, {"input": "a.jpg"}, "✗ a.jpg: refused (charged $0.039)", True, cost=0.039)
    shown = screen(out.getvalue())
    assert not any("a.jpg" in line and "%" in line for line in shown)
    assert any("b.jpg" in line and "90 %" in line for line in shown)
    assert "1/2 done (1 failed)" in shown[-1] and "$0.039 spent" in shown[-1]
    display.close()


def test_narrow_terminal_lines_never_wrap_and_keep_the_count():
    display, out, clock = live(total=12, columns=30)
    display.progress(0, "a very long name of a scanned photograph.jpg", repairing(0.3))
    clock.now += 5
    display.progress(0, "a very long name of a scanned photograph.jpg", repairing(0.4))
    for line in screen(out.getvalue()):
        assert len(line) <= 29, line
    assert "0/12 done" in screen(out.getvalue())[-1]
    display.close()


def test_many_running_photos_fit_a_short_terminal():
    display, out, clock = live(total=9, rows=6)
    for i in range(8):
        display.progress(i, f"p{i}.jpg", repairing(0.1))
        clock.now += 1
    shown = screen(out.getvalue())
    assert len(shown) <= 4 and "more running" in shown[-2] and "0/9 done" in shown[-1]
    display.close()


def test_no_color_keeps_the_display_without_colours(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    display, out, _clock = live(total=2)
    display.progress(0, "a.jpg", repairing(0.5))
    display.record(0, {"input": "a.jpg"}, "✓ a.jpg → a.png", cost=0.0)
    display.close()
    assert not re.search(r"\x1b\[[0-9;]*m", out.getvalue()), "no colour codes with NO_COLOR"
    assert "1/2 done" in out.getvalue()


def test_the_live_display_is_only_for_a_terminal_and_never_for_json(monkeypatch):
    monkeypatch.delenv("TERM", raising=False)
    tty, pipe = FakeTerminal(), io.StringIO()
    assert isinstance(open_display(False, 2, pipe, pipe), PlainLog)
    assert isinstance(open_display(True, 2, tty, tty), PlainLog)
    monkeypatch.setenv("TERM", "dumb")
    assert isinstance(open_display(False, 2, tty, tty), PlainLog)
    monkeypatch.setenv("TERM", "xterm-256color")
    shown = open_display(False, 2, tty, tty)
    assert isinstance(shown, LiveDisplay)
    shown.close()


def test_batch_in_a_terminal_ends_with_the_results_and_what_was_spent(
    gateway, tmp_path, monkeypatch
):
    monkeypatch.setenv("TERM", "xterm")
    photos = make_photos(tmp_path / "in", 2)
    out = FakeTerminal()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", out)
    code = main(["restore", *map(str, photos), "-s", "preview", "--out", str(tmp_path / "o")])
    assert code == 0
    price = load_catalog().get("preview").price_usd
    raw = out.getvalue()
    assert "2/2 done" in raw and f"${2 * price:.3f} spent" in raw, "the bar ends at 2/2"
    shown = screen(raw)
    results = [line for line in shown if line.startswith("✓ photo")]
    details = [line for line in shown[:-1] if line.startswith("  ")]
    assert len(results) == 2 and len(results) + len(details) == len(shown) - 1, shown
    assert shown[-1] == f"2 of 2 photos restored · spent ${2 * price:.3f}"


def test_charged_refusals_count_in_what_the_batch_spent(capsys, gateway, tmp_path):
    photos = make_photos(tmp_path / "in", 2)
    gateway.queue("native", Scenario.REFUSAL)
    code = main(["restore", *map(str, photos), "-s", "restore", "--out", str(tmp_path / "o")])
    out, err = capsys.readouterr()
    price = load_catalog().get("restore").price_usd
    assert code == 6 and "charged" in err
    assert f"1 of 2 photos restored · spent ${2 * price:.3f}" in out


def test_pipes_get_the_plain_log_and_json_stays_exact(capsys, tmp_path, monkeypatch):
    photos = make_photos(tmp_path / "in", 2)
    code = main(["restore", *map(str, photos), "-s", "local", "--out", str(tmp_path / "a")])
    out, err = capsys.readouterr()
    assert code == 0 and not ESCAPE.search(out + err)
    lines = out.splitlines()
    assert len(lines) == 3 and lines[0].startswith("✓ photo") and "2 of 2" in lines[2]

    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    code = main(["restore", *map(str, photos), "-s", "local", "--json", "-o", str(tmp_path / "b")])
    assert code == 0 and not ESCAPE.search(terminal.getvalue())
    rows = [json.loads(line) for line in terminal.getvalue().splitlines()]
    assert sorted(Path(r["input"]).name for r in rows) == ["photo0.jpg", "photo1.jpg"]


def run_on_a_pty_and_interrupt(
    args: list[str], env: dict[str, str], when: bytes
) -> tuple[int, str]:
    """Run ``luxcanvas ARGS`` on a pseudo-terminal, press Ctrl+C once ``when`` shows up."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "luxcanvas.cli", *args],
        stdin=follower, stdout=follower, stderr=follower, env=env, start_new_session=True,
    )  # fmt: skip
    os.close(follower)
    raw, interrupted, deadline = b"", False, time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                raw += chunk
            if not interrupted and when in raw:
                os.killpg(process.pid, signal.SIGINT)  # what Ctrl+C does to the foreground
                interrupted = True
            if process.poll() is not None and not ready:
                break
        code = process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
    text = raw.decode("utf-8", "replace")
    assert interrupted, text
    return code, text


def terminal_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    env["TERM"] = "xterm"
    return env


def assert_cleaned_up(text: str, last_line: str) -> None:
    assert text.rfind("\x1b[?25h") > text.rfind("\x1b[?25l"), "the cursor is shown again"
    shown = screen(text)
    assert shown[-1] == last_line, text
    assert not any("done ·" in line for line in shown), "no live block left behind"


def test_ctrl_c_during_a_paid_call_cleans_up_says_it_may_be_billed_exits_130(gateway, tmp_path):
    photos = make_photos(tmp_path / "in", 2)
    gateway.queue("native", Scenario.HANG)
    code, text = run_on_a_pty_and_interrupt(
        ["restore", *map(str, photos), "-s", "restore", "--out", str(tmp_path / "out")],
        terminal_env(),
        when=b"Waiting for",
    )
    assert code == 130, text
    assert_cleaned_up(text, "Interrupted. The gateway may still bill this call.")


def test_ctrl_c_during_an_offline_batch_cleans_up_and_exits_130(tmp_path):
    photos = make_photos(tmp_path / "in", 6, size=(1200, 900))
    code, text = run_on_a_pty_and_interrupt(
        ["restore", *map(str, photos), "-s", "local", "--out", str(tmp_path / "out")],
        terminal_env(),
        when=b"Local repair",
    )
    assert code == 130, text
    assert_cleaned_up(text, "Interrupted. The offline strategy is free: nothing was billed.")
    assert len(list((tmp_path / "out").glob("*.png"))) < 6, "the batch really was stopped"


def test_help_and_options_between_the_photos(capsys, tmp_path):
    photos = make_photos(tmp_path / "in", 2)
    code = main(["restore", str(photos[0]), "-o", str(tmp_path / "o"), str(photos[1]), "--json"])
    out, _ = capsys.readouterr()
    assert code == 0 and len(out.splitlines()) == 2, "an option between the photos is fine"
    with pytest.raises(SystemExit):
        main(["restore", "--help"])
    text = capsys.readouterr().out
    assert "exit codes:" in text and "--size {1K,2K,4K}" in text and "--out FILE|DIR" in text
    assert main(["restore", str(photos[0]), "--size", "9k"]) == 2
    assert "Run `luxcanvas restore --help`" in capsys.readouterr().err


def test_a_python_warning_mid_batch_prints_above_the_live_block():
    import warnings

    display, out, _clock = live(total=3)
    display.progress(0, "a.jpg", repairing(0.5))
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        display_hook = warnings.showwarning
        warnings.warn("invalid value encountered", RuntimeWarning, stacklevel=1)
    shown = screen(out.getvalue())
    assert "RuntimeWarning: invalid value encountered" in shown[0]
    assert "a.jpg" in shown[-2] and "0/3 done" in shown[-1]
    display.close()
    assert warnings.showwarning is not display_hook, "the warning hook is put back"
