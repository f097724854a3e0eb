"""Shared test setup: fixture paths and an isolated LUXCANVAS_HOME for every test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def qapp_cls():
    """pytest-qt builds the app's own QApplication subclass, as ``luxcanvas`` does at launch.

    It turns the OS's file-open events into photos; a plain QApplication would drop them.
    """
    from luxcanvas.gui.app import LuxApplication

    return LuxApplication


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch) -> Path:
    """All state (settings, cache, library, logs) goes to a fresh folder per test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("LUXCANVAS_HOME", str(home))
    monkeypatch.delenv("LAOZHANG_API_KEY", raising=False)
    monkeypatch.delenv("LUXCANVAS_BASE_URL", raising=False)
    return home


@pytest.fixture
def fixtures() -> Path:
    if not FIXTURES.is_dir():
        pytest.skip(f"shared fixtures not found at {FIXTURES}")
    return FIXTURES
