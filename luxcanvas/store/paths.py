"""Where LuxCanvas keeps its state and finds its bundled resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "LuxCanvas"


def home() -> Path:
    """The folder for all state. ``LUXCANVAS_HOME`` puts everything under one folder."""
    override = os.environ.get("LUXCANVAS_HOME")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    if os.environ.get("LUXCANVAS_HOME"):
        return home() / "config"
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    if os.environ.get("LUXCANVAS_HOME"):
        return home() / "cache"
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def results_dir() -> Path:
    """Where every result version lives (the history's files)."""
    return home() / "results"


def logs_dir() -> Path:
    if os.environ.get("LUXCANVAS_HOME"):
        return home() / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def library_path() -> Path:
    return home() / "library.sqlite3"


def resources_dir() -> Path:
    """Bundled resources: inside the package when installed or frozen, beside it in a checkout."""
    here = Path(__file__).resolve().parent.parent
    candidates = [here / "resources", here.parent / "resources"]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.insert(0, Path(frozen) / "resources")
    for candidate in candidates:
        if (candidate / "strategies.toml").is_file():
            return candidate
    raise FileNotFoundError("LuxCanvas resources folder not found (strategies.toml missing)")
