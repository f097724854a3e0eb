"""The API key lives in the OS keyring, or the session only — never a plain file."""

from __future__ import annotations

import keyring
from keyring.backends import fail

from luxcanvas.store import paths
from luxcanvas.store.secrets import SERVICE, SecretStore, mask
from tests.fakes.keyring import MemoryKeyring

KEY = "sk-secret-test-1234567890abcdef"

# `memory_keyring`, the in-memory backend every test runs with, comes from tests/conftest.py.


def _files_containing(root, needle: str) -> list:
    hits = []
    for f in root.rglob("*"):
        if f.is_file() and needle.encode() in f.read_bytes():
            hits.append(f)
    return hits


def test_key_goes_to_the_keyring_and_nowhere_else(memory_keyring):
    store = SecretStore()
    status = store.set(KEY)
    assert status.source == "keyring" and status.secure
    assert memory_keyring.store[(SERVICE, "laozhang-api-key")] == KEY
    assert SecretStore().get() == KEY  # a new process-like store finds it
    assert _files_containing(paths.home(), KEY) == []
    assert KEY not in status.describe()


def test_delete_removes_it(memory_keyring):
    store = SecretStore()
    store.set(KEY)
    store.delete()
    assert store.get() is None and store.status().source == "none"
    store.delete()  # deleting twice is fine


def test_environment_wins(memory_keyring, monkeypatch):
    SecretStore().set(KEY)
    monkeypatch.setenv("LAOZHANG_API_KEY", "sk-from-env-000000000000")
    store = SecretStore()
    assert store.get() == "sk-from-env-000000000000"
    assert store.status().source == "environment"


def test_without_a_secure_backend_the_key_is_kept_for_the_session_only():
    store = SecretStore(backend=fail.Keyring())
    status = store.set(KEY)
    assert not status.secure and status.source == "session"
    assert "session only" in status.describe() or "this session" in status.describe()
    assert store.get() == KEY
    assert SecretStore(backend=fail.Keyring()).get() is None  # gone with the session
    assert _files_containing(paths.home(), KEY) == []


def test_mask_never_shows_the_middle():
    assert mask(KEY) == "sk-…cdef"
    assert "secret" not in mask(KEY)


def test_the_suite_never_sees_a_real_keyring():
    """Every test runs with a fresh in-memory keyring (tests/conftest.py), so a developer's
    real key cannot be read, and a key stored by an earlier test is gone."""
    active = keyring.get_keyring()
    assert type(active) is MemoryKeyring
    assert active.store == {}
    store = SecretStore()
    assert store.backend is active
    assert store.get() is None and store.status().source == "none"
