"""The gateway's dialects. ``dispatch(name)`` gives the function that runs one call."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from luxcanvas.providers.base import CallContext, ModelRequest, ModelResult

DialectRun = Callable[["ModelRequest", "CallContext"], "ModelResult"]


def dispatch(dialect: str) -> DialectRun:
    """The ``run`` function of a dialect module."""
    if dialect == "chat":
        from luxcanvas.providers import chat as module
    elif dialect == "native":
        from luxcanvas.providers import gemini as module  # type: ignore[no-redef]
    elif dialect == "images":
        from luxcanvas.providers import images as module  # type: ignore[no-redef]
    elif dialect == "magic_eye":
        from luxcanvas.providers import magic_eye as module  # type: ignore[no-redef]
    else:
        raise ValueError(f"unknown dialect {dialect!r}")
    return module.run
