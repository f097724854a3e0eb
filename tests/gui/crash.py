"""Jobs left running by a process that is gone, as a crash leaves them.

The library records which process runs each job and repairs, when opened, only the rows of
processes that have ended; a row written by this (living) test process would stay running.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path


def ended_process_id() -> int:
    """The id of a process that has exited."""
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout)


def hand_running_jobs_to_an_ended_process(database: Path | None = None) -> None:
    """Make the running rows of ``database`` (default: the library under LUXCANVAS_HOME)
    belong to a process that has exited, as if it had crashed. Opening the library next
    repairs them."""
    if database is None:
        from luxcanvas.store.paths import library_path

        database = library_path()
    with sqlite3.connect(database) as db:
        db.execute("UPDATE jobs SET pid=? WHERE status='running'", (ended_process_id(),))
