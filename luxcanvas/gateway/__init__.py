"""The gateway's dialects. ``dispatch(name)`` gives the function that runs one call."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from luxcanvas.gateway.dialect import CallContext, ModelRequest, ModelResult

DialectRun = Callable[["ModelRequest", "CallContext"], "ModelResult"]


def dispatch(dialect: str) -> DialectRun:
    """The ``run`` function of a dialect module."""
    if dialect == "chat":
        from luxcanvas.gateway import chat as module
    elif dialect == "native":
        from luxcanvas.gateway import native as module  # type: ignore[no-redef]
    elif dialect == "images":
        from luxcanvas.gateway import images as module  # type: ignore[no-redef]
    elif dialect == "magic_eye":
        from luxcanvas.gateway import magic_eye as module  # type: ignore[no-redef]
    else:
        raise ValueError(f"unknown dialect {dialect!r}")
    return module.run
