"""Two processes on one LUXCANVAS_HOME (the app and a CLI batch, two terminals) never trip
over each other: no "Something went wrong", no lost result, no half-written file.

What they share: the library (SQLite: migrations, repair, jobs, ledger), the result cache
(entries written, swept and evicted), the results folder, the settings file and the log.
When something inside LuxCanvas does go wrong, the message says where the log is, and the
log keeps the traceback.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from luxcanvas.app.service import RestorationService
from luxcanvas.domain.errors import LuxError
from luxcanvas.domain.jobs import Job
from luxcanvas.store import cache as cache_module
from luxcanvas.store.cache import ResultCache
from luxcanvas.store.library import MIGRATIONS, Library
from luxcanvas.store.logs import log_path
from tests.conftest import FIXTURES
from tests.odd_kinds import bmp_4bit

PHOTO = FIXTURES / "damaged" / "camera_damaged.jpg"


def test_two_restores_at_once_on_one_new_home(tmp_path: Path) -> None:
    """The corpus run's case: two ``luxcanvas restore`` of a 4-bit BMP at once, fresh home."""
    photo = tmp_path / "pal4.bmp"
    photo.write_bytes(bmp_4bit(127, 64))
    for attempt in range(3):
        env = {**os.environ, "LUXCANVAS_HOME": str(tmp_path / f"home{attempt}")}
        command = [sys.executable, "-m", "luxcanvas.cli", "restore", str(photo), "--json",
                   "--out", f"{tmp_path / f'out{attempt}'}{os.sep}"]  # fmt: skip
        runs = [
            subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(2)
        ]
        for run in runs:
            out, err = run.communicate(timeout=120)
            assert run.returncode == 0, err.decode()
            assert b"Traceback" not in err and b"went wrong" not in out + err
            answer = json.loads(out)
            assert Path(answer["output"]).is_file()
        outputs = sorted(p.name for p in (tmp_path / f"out{attempt}").iterdir())
        assert outputs == ["pal4.restored-local (2).png", "pal4.restored-local.png"]
        library = Library(tmp_path / f"home{attempt}" / "library.sqlite3")
        assert sorted(r.status for r in library.jobs()) == ["done", "done"]


def test_two_processes_creating_the_library_migrate_it_once(tmp_path: Path) -> None:
    """The second opener read "version 0", then waited for the first one's migration and
    created the same tables again: "table jobs already exists", an internal error."""
    path = tmp_path / "library.sqlite3"
    first = sqlite3.connect(path, timeout=30, isolation_level=None)
    first.execute("PRAGMA journal_mode=WAL")
    first.execute("BEGIN IMMEDIATE")  # the other process is migrating right now
    opened: list[object] = []
    second = threading.Thread(target=lambda: opened.append(_open(path)))
    second.start()
    time.sleep(0.3)  # the second opener has read the version and waits for the lock
    for number, script in enumerate(MIGRATIONS, start=1):
        for statement in filter(str.strip, script.split(";")):
            first.execute(statement)
        first.execute(f"PRAGMA user_version = {number}")
    first.execute("COMMIT")
    second.join(timeout=30)
    assert len(opened) == 1 and isinstance(opened[0], Library), opened
    assert opened[0].schema_version == len(MIGRATIONS)


def _open(path: Path) -> object:
    try:
        return Library(path)
    except Exception as error:  # the test reports what the opener raised
        return error


def test_starting_a_process_does_not_sweep_away_an_entry_being_written(
    tmp_path: Path, monkeypatch
) -> None:
    """Another process starting up swept "crash leftovers" — this one's entry in progress."""
    root = tmp_path / "cache"
    writer = ResultCache(root)
    real_link = cache_module.link_or_copy

    def link_while_another_process_starts(source: Path, dest: Path) -> None:
        ResultCache(root).sweep_partial()  # what RestorationService() does at start
        real_link(source, dest)

    monkeypatch.setattr(cache_module, "link_or_copy", link_while_another_process_starts)
    result = tmp_path / "result.png"
    result.write_bytes(b"\x89PNG result")
    entry = writer.put("ab" + "0" * 62, result, ".png", {"model": "m"})
    assert entry is not None and entry.image_path.read_bytes() == b"\x89PNG result"


def test_a_cache_that_cannot_take_the_result_costs_only_the_cache(
    tmp_path: Path, monkeypatch
) -> None:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(PHOTO.read_bytes())
    service = RestorationService()

    def evicted_meanwhile(*args, **kwargs):
        raise FileNotFoundError("another process evicted the folder")

    monkeypatch.setattr(service.cache, "put", evicted_meanwhile)
    outcome = service.run(Job(photo, "local"))
    assert outcome.result_path.is_file() and not outcome.cached


def test_two_services_storing_the_same_result_at_once(tmp_path: Path) -> None:
    """Two homes' worth of objects on one folder (as two processes): both jobs finish, one
    cache entry remains, each has its own version file."""
    photo = tmp_path / "p.jpg"
    photo.write_bytes(PHOTO.read_bytes())
    services = [RestorationService(), RestorationService()]
    outcomes: list[object] = []
    barrier = threading.Barrier(2)

    def run(service: RestorationService) -> None:
        barrier.wait()
        try:
            outcomes.append(service.run(Job(photo, "local")))
        except LuxError as error:
            outcomes.append(error)

    threads = [threading.Thread(target=run, args=(s,)) for s in services]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(not isinstance(o, LuxError) for o in outcomes), outcomes
    paths = {o.result_path for o in outcomes}  # type: ignore[attr-defined]
    assert len(paths) == 2 and all(p.is_file() for p in paths)
    assert len(list(services[0].cache.root.rglob("meta.json"))) == 1


def test_internal_error_names_the_log_that_keeps_the_traceback(tmp_path: Path, monkeypatch) -> None:
    photo = tmp_path / "grandma.jpg"
    photo.write_bytes(PHOTO.read_bytes())
    service = RestorationService()

    def broken_pipeline(*args, **kwargs):
        raise KeyError("a bug deep inside")

    monkeypatch.setattr("luxcanvas.local.restore", broken_pipeline)
    with pytest.raises(LuxError) as failed:
        service.run(Job(photo, "local"))
    message = failed.value.message
    assert "Something went wrong inside LuxCanvas" in message and "grandma.jpg" in message
    assert str(log_path()) in message
    logged = log_path().read_text(encoding="utf-8")
    assert "Traceback" in logged and "broken_pipeline" in logged and "a bug deep inside" in logged
    # The next run (or another process) appends; the log is never cleaned up.
    with pytest.raises(LuxError):
        RestorationService().run(Job(photo, "local", use_cache=False))
    assert log_path().read_text(encoding="utf-8").startswith(logged)
