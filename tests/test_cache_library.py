"""Cache (atomic, LRU-capped, content-addressed) and library (history + ledger, migrations)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time

import pytest

from luxcanvas.store.cache import ResultCache, cache_key
from luxcanvas.store.library import (
    CANCELLED,
    DONE,
    FAILED,
    INTERRUPTED,
    MIGRATIONS,
    RUNNING,
    Library,
)


def test_cache_key_depends_on_every_part():
    base = [b"pixels", "restore", "model", "2K", "prompt", {"a": 1}]
    keys = {cache_key(base)}
    for i, changed in enumerate([b"pixelz", "preview", "model2", "4K", "prompt!", {"a": 2}]):
        variant = list(base)
        variant[i] = changed
        keys.add(cache_key(variant))
    assert len(keys) == 7
    assert cache_key(base) == cache_key(list(base))
    assert cache_key([{"a": 1, "b": 2}]) == cache_key([{"b": 2, "a": 1}])


def test_cache_round_trip_and_miss(tmp_path):
    cache = ResultCache(tmp_path)
    assert cache.get("0" * 64) is None
    entry = cache.put("ab" + "0" * 62, b"PNGDATA", ".png", {"model": "m", "cost_usd": 0.05})
    again = cache.get("ab" + "0" * 62)
    assert again is not None and again.image_path.read_bytes() == b"PNGDATA"
    assert again.meta["model"] == "m" and entry.meta["cost_usd"] == 0.05


def test_cache_write_that_fails_leaves_no_entry(tmp_path, monkeypatch):
    cache = ResultCache(tmp_path)

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "rename", boom)
    with pytest.raises(OSError):
        cache.put("cd" + "1" * 62, b"x" * 100, ".png", {})
    monkeypatch.undo()
    assert cache.get("cd" + "1" * 62) is None
    assert list(tmp_path.rglob("*.png")) == []


def test_crash_leftovers_are_swept(tmp_path):
    (tmp_path / "ab" / ".tmp-crashed").mkdir(parents=True)
    (tmp_path / "ab" / ".tmp-crashed" / "result.png").write_bytes(b"half")
    old = time.time() - 2 * 3600
    os.utime(tmp_path / "ab" / ".tmp-crashed", (old, old))
    (tmp_path / "ab" / ".tmp-writing").mkdir()  # another process's entry, being written now
    ResultCache(tmp_path).sweep_partial()
    assert not (tmp_path / "ab" / ".tmp-crashed").exists()
    assert (tmp_path / "ab" / ".tmp-writing").is_dir(), "a young temp folder is left alone"


def test_cache_evicts_least_recently_used(tmp_path):
    cache = ResultCache(tmp_path, max_bytes=2500)
    keys = [f"{i:02d}" + "f" * 62 for i in range(3)]
    for i, key in enumerate(keys[:2]):
        cache.put(key, b"x" * 1000, ".png", {})
        old = time.time() - 100 + i
        os.utime(cache._dir(key) / "meta.json", (old, old))
    assert cache.get(keys[0]) is not None  # touch: now the most recent
    cache.put(keys[2], b"x" * 1000, ".png", {})
    assert cache.get(keys[1]) is None, "the least recently used entry goes first"
    assert cache.get(keys[0]) is not None and cache.get(keys[2]) is not None


def test_library_records_jobs_and_spending(tmp_path, make_job):
    lib = Library(tmp_path / "lib.sqlite3")
    assert lib.schema_version == len(MIGRATIONS)
    same_photo = {"library": lib, "input_path": "/p/a.jpg", "input_digest": "d1"}
    a = make_job(DONE, **same_photo, strategy="restore", model="m", cost_usd=0.05).id
    b = make_job(FAILED, **same_photo, strategy="preview", model="m2", error_message="no image").id
    jobs = lib.jobs(input_digest="d1")
    assert [j.id for j in jobs] == [b, a]
    assert jobs[1].cost_usd == 0.05 and jobs[0].error_message == "no image"
    assert lib.spent() == pytest.approx(0.05)
    lib.set_starred(a, True)
    assert lib.job(a).starred


def _crashed_process_jobs(path, *, sent: int, preparing: int = 0) -> list[str]:
    """Jobs left 'running' by another process that then died (as a crashed LuxCanvas does):
    ``sent`` of them had a paid request on its way, ``preparing`` had not."""
    script = (
        "import sys, json\n"
        "from luxcanvas.store.library import Library\n"
        "lib = Library(__import__('pathlib').Path(sys.argv[1]))\n"
        "ids = []\n"
        "for n in range(int(sys.argv[2]) + int(sys.argv[3])):\n"
        "    ids.append(lib.start_job(input_path='/p/a.jpg', strategy='restore', model='m'))\n"
        "    if n < int(sys.argv[2]):\n"
        "        lib.mark_may_be_billed(ids[-1])\n"
        "print(json.dumps(ids))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path), str(sent), str(preparing)],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    return json.loads(done.stdout)


def test_cache_keys_made_before_the_version_had_one_home_still_match():
    """Results paid for with an earlier LuxCanvas are found again (the key layout is kept)."""
    parts = ["digest", "restore", "gemini-3-pro-image-preview", "", "2K", "p", {}, [],
             {"max_side": 3072}]  # fmt: skip
    assert cache_key(parts) == "38882120edc4cd16576bfe504a1eec5c8eb389fdfb95153638b5438bb15a8591"


def test_running_jobs_become_interrupted_after_a_crash(tmp_path):
    (job,) = _crashed_process_jobs(tmp_path / "lib.sqlite3", sent=0, preparing=1)
    again = Library(tmp_path / "lib.sqlite3")  # restart: the store repairs itself on opening
    assert again.repaired == 1
    assert again.job(job).status == INTERRUPTED
    assert Library(tmp_path / "lib.sqlite3").repaired == 0  # once is enough


def test_jobs_of_a_process_that_still_runs_are_left_running(tmp_path):
    """A CLI batch running beside the app: opening the library must not interrupt its jobs."""
    lib = Library(tmp_path / "lib.sqlite3")
    job = lib.start_job(input_path="/p/a.jpg", strategy="restore", model="m")
    again = Library(tmp_path / "lib.sqlite3")  # another front opens the same library
    assert again.repaired == 0
    assert again.job(job).status == RUNNING


def test_a_paid_call_in_flight_at_a_crash_stays_marked_as_possibly_billed(tmp_path):
    sent, preparing = _crashed_process_jobs(tmp_path / "lib.sqlite3", sent=1, preparing=1)
    lib = Library(tmp_path / "lib.sqlite3")
    assert lib.repaired == 2
    done = lib.start_job(input_path="/p/a.jpg", strategy="restore", model="m")
    lib.finish_job(done, status=DONE)
    lib.mark_may_be_billed(done)  # too late: only a running job is marked
    assert lib.job(sent).may_be_billed and lib.job(sent).status == INTERRUPTED
    assert not lib.job(preparing).may_be_billed
    assert not lib.job(done).may_be_billed


def test_possible_charges_count_against_the_budget(tmp_path, make_job):
    lib = Library(tmp_path / "lib.sqlite3")
    make_job(CANCELLED, library=lib, ledger_amount=0.05, ledger_certain=False)
    assert lib.spent() == pytest.approx(0.05)
    assert lib.spent(certain_only=True) == 0


def test_old_schema_is_migrated_and_newer_is_refused(tmp_path):
    path = tmp_path / "lib.sqlite3"
    sqlite3.connect(path).close()  # version 0: empty file
    assert Library(path).schema_version == len(MIGRATIONS)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    db.close()
    with pytest.raises(RuntimeError, match="newer LuxCanvas"):
        Library(path)
