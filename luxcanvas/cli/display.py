"""What ``luxcanvas restore`` prints while a batch runs.

Two displays with one interface (``progress``, ``record``, ``close``):

- ``PlainLog``: one line per result; stage lines on stderr when that is a terminal. Used for
  pipes and files, ``--json`` (exactly one JSON object per input, DESIGN §4) and dumb terminals.
- ``LiveDisplay``: when stdout is a terminal, an overall bar (done/total, spent so far, time
  spent, ETA) and one line per running photo (its stage, a bar when the fraction is known),
  redrawn in place below the result lines, at most ``REDRAW_SECONDS`` apart.

The live display is a few lines of hand-written ANSI (cursor up, erase below, hide/show the
cursor) rather than a library: ``rich`` would add ~3 MB plus pygments to an installer already
at its size budget, for a display this small. ``NO_COLOR`` turns colours off (the redraw stays);
lines are cut to the terminal's width so a narrow terminal never wraps them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import threading
import time
import unicodedata
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TextIO

from luxcanvas.domain.jobs import Progress, Step

#: The live display redraws at most this often (and at least this often, for the clock).
REDRAW_SECONDS = 0.2

_HIDE_CURSOR, _SHOW_CURSOR, _ERASE_BELOW = "\x1b[?25l", "\x1b[?25h", "\x1b[J"
_GREEN, _RED, _CYAN, _DIM, _RESET = "\x1b[32m", "\x1b[31m", "\x1b[36m", "\x1b[2m", "\x1b[0m"
_BAR_DONE, _BAR_TODO = re.compile("(█+)"), re.compile("(░+)")


class BatchDisplay(Protocol):
    """What the restore command tells its display; every method is safe from any thread."""

    def progress(self, key: int, name: str, event: Progress) -> None: ...

    def record(
        self, key: int, obj: dict[str, Any], human: str, failed: bool = False, cost: float = 0.0
    ) -> None:
        """A photo's result (``obj`` for ``--json``, ``human`` otherwise) or its failure, and
        what it was charged (``cost``, for the running total)."""

    def close(self) -> None: ...


def open_display(as_json: bool, total: int, out: TextIO, err: TextIO) -> BatchDisplay:
    """The live display when ``out`` is a terminal that can take it, the plain log otherwise."""
    if not as_json and _is_tty(out) and os.environ.get("TERM") != "dumb" and _ansi_ready(out):
        return LiveDisplay(total, out, err)
    return PlainLog(as_json, out, err)


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _ansi_ready(stream: TextIO) -> bool:
    """True when the terminal takes ANSI control sequences (Windows consoles must be asked)."""
    if sys.platform != "win32":
        return True
    try:  # pragma: no cover - Windows only
        import ctypes
        import msvcrt

        kernel32 = getattr(ctypes, "windll").kernel32  # noqa: B009 - absent off Windows
        handle = msvcrt.get_osfhandle(stream.fileno())
        mode = ctypes.c_uint32()
        if not kernel32.GetConsoleMode(handle, ctypes.byref(mode)):
            return False
        return bool(kernel32.SetConsoleMode(handle, mode.value | 0x0004))  # VT processing
    except (ImportError, OSError, AttributeError, ValueError):  # pragma: no cover
        return False


class PlainLog:
    """The scrolling log: results as lines (or JSON objects), stage lines on a terminal stderr."""

    def __init__(self, as_json: bool, out: TextIO, err: TextIO):
        self.as_json, self.out, self.err = as_json, out, err
        self.lock = threading.Lock()
        self.show_progress = not as_json and _is_tty(err)

    def progress(self, key: int, name: str, event: Progress) -> None:
        if not self.show_progress:
            return
        words = progress_text(event)
        if words:
            with self.lock:
                print(f"  {name}: {words} ({event.elapsed:.0f} s)", file=self.err)

    def record(
        self, key: int, obj: dict[str, Any], human: str, failed: bool = False, cost: float = 0.0
    ) -> None:
        with self.lock:
            if self.as_json:
                print(json.dumps(obj, ensure_ascii=False), file=self.out, flush=True)
            else:
                print(human, file=self.err if failed else self.out, flush=True)

    def close(self) -> None:
        pass


@dataclass
class _Running:
    name: str
    started: float
    words: str = ""
    fraction: float | None = None  # of the step shown, when known
    share: float = 0.0  # of the whole photo's work, for the overall bar (never goes back)


class LiveDisplay:
    """Result lines scroll up; below them a block of live lines is redrawn in place."""

    def __init__(
        self,
        total: int,
        out: TextIO,
        err: TextIO,
        *,
        clock: Callable[[], float] = time.monotonic,
        size: Callable[[], os.terminal_size] | None = None,
        ticker: bool = True,
    ):
        self.total, self.out, self.err = total, out, err
        self.clock = clock
        self.size = size or (lambda: shutil.get_terminal_size((80, 24)))
        self.color = not os.environ.get("NO_COLOR")
        self.started = clock()
        self.done = 0
        self.failed = 0
        self.spent_usd = 0.0
        self.running: dict[int, _Running] = {}
        self.lock = threading.RLock()
        self._drawn = 0  # lines of the live block now on screen
        self._last_draw = -1.0
        self._closed = False
        self._stop = threading.Event()
        # A Python warning printed mid-batch would land inside the live block: print it above.
        self._showwarning = warnings.showwarning
        warnings.showwarning = self._show_warning
        self.out.write(_HIDE_CURSOR)
        self._redraw()
        self._thread: threading.Thread | None = None
        if ticker:
            self._thread = threading.Thread(target=self._tick, name="live-display", daemon=True)
            self._thread.start()

    # -- the interface ----------------------------------------------------------------------

    def progress(self, key: int, name: str, event: Progress) -> None:
        with self.lock:
            if self._closed:
                return
            now = self.clock()
            running = self.running.setdefault(key, _Running(name, now - event.elapsed))
            words = progress_text(event)
            if words:
                running.words = words
            if event.step is Step.REPAIRING and event.fraction is not None:
                running.fraction = min(1.0, max(0.0, event.fraction))
                running.share = max(running.share, running.fraction)
            elif words:
                running.fraction = None  # a new step: the old fraction no longer applies
            if event.step is Step.DONE:
                running.share = 1.0
            if now - self._last_draw >= REDRAW_SECONDS:
                self._redraw()

    def record(
        self, key: int, obj: dict[str, Any], human: str, failed: bool = False, cost: float = 0.0
    ) -> None:
        with self.lock:
            if self._closed:
                return
            self.done += 1
            self.failed += int(failed)
            self.spent_usd += cost
            self.running.pop(key, None)
            self._erase()
            text = self._paint(human, _RED if failed else _GREEN)
            if failed:
                self.out.flush()
                print(text, file=self.err, flush=True)
            else:
                print(text, file=self.out)
            self._redraw()

    def close(self) -> None:
        """Take the live block off the screen and give the cursor back (also on Ctrl+C)."""
        with self.lock:
            if self._closed:
                return
            self._closed = True
            self._stop.set()
            if warnings.showwarning == self._show_warning:
                warnings.showwarning = self._showwarning
            self._erase()
            self.out.write(_SHOW_CURSOR)
            self.out.flush()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=1.0)

    # -- drawing ----------------------------------------------------------------------------

    def lines(self) -> list[str]:
        """The live block as it would be drawn now (plain text, cut to the terminal width)."""
        columns, height = self.size()
        width = max(20, columns) - 1  # never the last column: no wrapping, ever
        now = self.clock()
        spent_s = now - self.started
        rows = []
        room = max(2, height - 3)  # the whole block leaves two rows for what scrolled above
        shown = list(self.running.values())
        if len(shown) > room:
            hidden = len(shown) - room + 1
            shown = shown[: room - 1]
        else:
            hidden = 0
        for item in shown:
            rows.append(self._photo_line(item, now, width))
        if hidden:
            rows.append(_cut(f"  … and {hidden} more running", width))
        rows.append(self._overall_line(spent_s, width))
        return rows

    def _overall_line(self, spent_s: float, width: int) -> str:
        share = self.done + sum(r.share for r in self.running.values())
        fraction = share / self.total if self.total else 1.0
        counts = f"{self.done}/{self.total} done"
        if self.failed:
            counts += f" ({self.failed} failed)"
        eta = "ETA –"
        if 0.0 < fraction < 1.0 and spent_s >= 1.0:
            eta = f"ETA {_clock(spent_s * (1 - fraction) / fraction)}"
        eta = eta.ljust(9)  # "ETA 12:34": the bar keeps its length as the numbers come in
        parts = [counts, f"${self.spent_usd:.3f} spent", f"{_clock(spent_s)} so far", eta]
        text = " · ".join(parts)
        bar_width = min(30, width - _width(text) - 3)
        if bar_width >= 8:
            return f"{_bar(fraction, bar_width)} {text}"
        while len(parts) > 1 and _width(" · ".join(parts)) > width:
            parts.pop()  # narrow terminal: the ETA goes first, then the clock, then the money
        return _cut(" · ".join(parts).rstrip(), width)

    def _photo_line(self, item: _Running, now: float, width: int) -> str:
        name = _cut(item.name, min(28, max(8, width // 3)))
        seconds = f"{now - item.started:.0f} s"
        words = item.words or "Starting"
        head = f"  {name}  "
        tail = f"  {seconds}"
        if item.fraction is not None:
            tail = f"  {_bar(item.fraction, 12)} {item.fraction * 100:3.0f} %{tail}"
        room = width - _width(head) - _width(tail)
        if room < 6:  # narrow: the words go before the numbers
            return _cut(head + words, width)
        return head + _cut(words, room).ljust(room) + tail

    def _redraw(self) -> None:
        self._erase()
        self._last_draw = self.clock()
        lines = self.lines()
        if self.color:
            lines = [_BAR_DONE.sub(_CYAN + r"\1" + _RESET, line) for line in lines]
            lines = [_BAR_TODO.sub(_DIM + r"\1" + _RESET, line) for line in lines]
        self.out.write("\n".join(lines))
        self.out.flush()
        self._drawn = len(lines)

    def _erase(self) -> None:
        """Cursor back to the first line of the live block, erase from there down."""
        if self._drawn:
            up = f"\x1b[{self._drawn - 1}A" if self._drawn > 1 else ""
            self.out.write("\r" + up + _ERASE_BELOW)
            self._drawn = 0

    def _paint(self, text: str, color: str) -> str:
        if not self.color or not text:
            return text
        first, _, rest = text.partition(" ")
        return f"{color}{first}{_RESET} {rest}" if first in ("✓", "✗") else text

    def _show_warning(
        self,
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        text = warnings.formatwarning(message, category, filename, lineno, line).rstrip()
        with self.lock:
            if self._closed:
                print(text, file=self.err)
                return
            self._erase()
            self.out.flush()
            print(text, file=self.err, flush=True)
            self._redraw()

    def _tick(self) -> None:
        while not self._stop.wait(REDRAW_SECONDS):
            with self.lock:
                if self._closed:
                    return
                try:
                    self._redraw()
                except (OSError, ValueError):  # the terminal went away
                    return


def _bar(fraction: float, width: int) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02}:{rest % 60:02}" if hours else f"{rest // 60}:{rest % 60:02}"


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal (wide East Asian characters take two)."""
    return sum(_char_width(c) for c in text)


def _cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns, with an ellipsis when something was left out."""
    if _width(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        cw = _char_width(char)
        if used + cw > width - 1:
            break
        out.append(char)
        used += cw
    return "".join(out) + "…"


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
        Step.SCORING: "Checking how faithful the result is to the original",
        Step.SAVING: "Saving the result",
        Step.DONE: "Done (cached)" if facts.get("cached") else "Done",
    }
    return texts.get(event.step, "")
