"""Jobs as plain data: what to run, the progress events it yields, and how to cancel it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from luxcanvas.domain.errors import Cancelled


class Stage(str, Enum):
    QUEUED = "queued"
    PREPARING = "preparing"
    UPLOADING = "uploading"
    WAITING = "waiting"
    DOWNLOADING = "downloading"
    PROCESSING = "processing"  # local pipeline stages and framing
    SAVING = "saving"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Job:
    """One restoration request: an input file through one strategy."""

    input_path: Path
    strategy_id: str
    size: str = ""
    prompt: str = ""
    references: tuple[Path, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)
    use_cache: bool = True
    max_cost_usd: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "input_path", Path(self.input_path))
        object.__setattr__(self, "references", tuple(Path(p) for p in self.references))


@dataclass(frozen=True)
class Progress:
    """A progress event: the stage, an optional fraction, and a human sentence."""

    stage: Stage
    message: str = ""
    fraction: float | None = None
    elapsed: float = 0.0


class CancelToken:
    """Set from any thread; checked by the job between steps and by in-flight calls."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._callbacks: list[Callable[[], None]] = []
        self._lock = threading.Lock()

    def cancel(self) -> None:
        with self._lock:
            if self._event.is_set():
                return
            self._event.set()
            callbacks = list(self._callbacks)
        for callback in callbacks:
            callback()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled("Cancelled.")

    def add_callback(self, callback: Callable[[], None]) -> None:
        """Run callback on cancel (at once if already cancelled)."""
        with self._lock:
            if not self._event.is_set():
                self._callbacks.append(callback)
                return
        callback()

    def remove_callback(self, callback: Callable[[], None]) -> None:
        with self._lock:
            if callback in self._callbacks:
                self._callbacks.remove(callback)

    def wait(self, timeout: float) -> bool:
        return self._event.wait(timeout)
