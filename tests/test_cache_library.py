"""Cache (atomic, LRU-capped, content-addressed) and library (history + ledger, migrations)."""

from __future__ import annotations

import os
import sqlite3
import time

import pytest

from luxcanvas.store.cache import ResultCache, cache_key
from luxcanvas.store.library import DONE, FAILED, INTERRUPTED, MIGRATIONS, Library


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
    ResultCache(tmp_path).sweep_partial()
    assert not (tmp_path / "ab" / ".tmp-crashed").exists()


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


def test_library_records_jobs_and_spending(tmp_path):
    lib = Library(tmp_path / "lib.sqlite3")
    assert lib.schema_version == len(MIGRATIONS)
    a = lib.start_job(input_path="/p/a.jpg", strategy="restore", model="m", input_digest="d1")
    lib.finish_job(a, status=DONE, cost_usd=0.05, result_path="/r/a.png", ledger_amount=0.05)
    b = lib.start_job(input_path="/p/a.jpg", strategy="preview", model="m2", input_digest="d1")
    lib.finish_job(b, status=FAILED, error_kind="refused", error_message="no image")
    jobs = lib.jobs(input_digest="d1")
    assert [j.id for j in jobs] == [b, a]
    assert jobs[1].cost_usd == 0.05 and jobs[0].error_message == "no image"
    assert lib.spent() == pytest.approx(0.05)
    lib.set_starred(a, True)
    assert lib.job(a).starred


def test_running_jobs_become_interrupted_after_a_crash(tmp_path):
    lib = Library(tmp_path / "lib.sqlite3")
    job = lib.start_job(input_path="/p/a.jpg", strategy="restore", model="m")
    again = Library(tmp_path / "lib.sqlite3")  # restart
    assert again.mark_interrupted() == 1
    assert again.job(job).status == INTERRUPTED


def test_a_paid_call_in_flight_at_a_crash_stays_marked_as_possibly_billed(tmp_path):
    lib = Library(tmp_path / "lib.sqlite3")
    sent = lib.start_job(input_path="/p/a.jpg", strategy="restore", model="m")
    preparing = lib.start_job(input_path="/p/a.jpg", strategy="restore", model="m")
    done = lib.start_job(input_path="/p/a.jpg", strategy="restore", model="m")
    lib.mark_may_be_billed(sent)
    lib.finish_job(done, status=DONE)
    lib.mark_may_be_billed(done)  # too late: only a running job is marked
    again = Library(tmp_path / "lib.sqlite3")  # restart after a crash
    assert again.mark_interrupted() == 2
    assert again.job(sent).may_be_billed and again.job(sent).status == INTERRUPTED
    assert not again.job(preparing).may_be_billed
    assert not again.job(done).may_be_billed


def test_possible_charges_count_against_the_budget(tmp_path):
    lib = Library(tmp_path / "lib.sqlite3")
    job = lib.start_job(input_path="/p/a.jpg", strategy="restore", model="m")
    lib.finish_job(job, status="cancelled", ledger_amount=0.05, ledger_certain=False)
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
