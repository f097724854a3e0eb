"""Whether a strategy can run with the key at hand: the one place that says a key is missing."""

from __future__ import annotations

from typing import Protocol

from luxcanvas.domain.errors import MissingKey
from luxcanvas.domain.strategies import Strategy


class KeySource(Protocol):
    def get(self) -> str | None: ...


def key_missing(strategy: Strategy, secrets: KeySource) -> bool:
    """True when ``strategy`` needs an API key and none is set."""
    return strategy.needs_key and not secrets.get()


def require_key(strategy: Strategy, secrets: KeySource) -> None:
    """Raise ``MissingKey`` when ``strategy`` needs an API key and none is set."""
    if key_missing(strategy, secrets):
        raise MissingKey()
