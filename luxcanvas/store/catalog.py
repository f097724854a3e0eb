"""Reading the strategy catalog from disk: the bundled table and the user's price overrides."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from luxcanvas.domain.strategies import Catalog, catalog_from_tables
from luxcanvas.store import paths


def price_overrides_path() -> Path:
    return paths.config_dir() / "prices.toml"


def model_overrides_path() -> Path:
    """``<config>/strategies.toml``: a table per strategy id with ``models`` to try."""
    return paths.config_dir() / "strategies.toml"


def load_catalog(
    source: Path | None = None, overrides: Path | None = None, settings_prices: dict | None = None
) -> Catalog:
    """Read the bundled catalog and apply the user's overrides.

    ``<config>/strategies.toml`` may name other model ids per strategy (``models``);
    ``<config>/prices.toml`` holds a table per strategy id (``price_usd``, ``price_as_of``);
    ``settings_prices`` (strategy id to price, from Settings) adds to it.
    """
    source = source or paths.resources_dir() / "strategies.toml"
    with open(source, "rb") as fh:
        data = tomllib.load(fh)
    user = _read_overrides(model_overrides_path()) if overrides is None else {}
    for sid, table in _read_overrides(overrides or price_overrides_path()).items():
        if isinstance(table, dict):
            user.setdefault(sid, {}).update(table)
    for sid, price in (settings_prices or {}).items():
        user.setdefault(sid, {})["price_usd"] = price
    return catalog_from_tables(data, user)


def _read_overrides(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return {}


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    return load_catalog()
