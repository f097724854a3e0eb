"""The log file: technical detail for bug reports, kept out of the user's terminal.

One file, ``<logs>/luxcanvas.log``, appended to by every process sharing the home (each
record is one ``write`` on a file opened for appending, so lines of two processes do not
mix). It is never truncated or cleaned up by LuxCanvas: an error message that points to it
must find it there. Nothing written here contains the API key (``redact``).
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from pathlib import Path

from luxcanvas.store import paths

LOG_NAME = "luxcanvas.log"
_lock = threading.Lock()
_KEY = re.compile(r"sk-[A-Za-z0-9]{12,}")


def log_path() -> Path:
    return paths.logs_dir() / LOG_NAME


def redact(text: str) -> str:
    """``text`` without the API key (the environment's, or anything shaped like a key)."""
    secret = os.environ.get("LAOZHANG_API_KEY")
    if secret:
        text = text.replace(secret, "sk-…")
    return _KEY.sub("sk-…", text)


def append(text: str) -> Path | None:
    """Add a timestamped entry to the log; its path, or None when it cannot be written."""
    path = log_path()
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    entry = f"{stamp} [{os.getpid()}] {redact(text).rstrip()}\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _lock, open(path, "a", encoding="utf-8") as fh:
            fh.write(entry)
    except OSError:
        return None
    return path


class _LogFileHandler(logging.Handler):
    """Log records (and Python warnings) appended to the log file, never to the terminal."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            append(f"{record.levelname} {record.name}: {self.format(record)}")
        except Exception:  # a log line must never break the job that wrote it
            self.handleError(record)


_handler: _LogFileHandler | None = None


def start_logging() -> None:
    """Send LuxCanvas's log records and Python's warnings (Pillow's, NumPy's) to the log
    file instead of stderr. Fronts call it once at start; calling it again does nothing."""
    global _handler
    if _handler is not None:
        return
    _handler = _LogFileHandler(logging.INFO)
    for name in ("luxcanvas", "py.warnings"):
        logger = logging.getLogger(name)
        logger.addHandler(_handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    logging.captureWarnings(True)
