"""Jobs as plain data: what to run, the progress events it yields, and how to cancel it.

Progress is facts, not sentences: a coarse ``Stage`` (for a progress bar), a machine-readable
``Step`` and its numbers in ``facts``. Only the fronts (CLI, GUI) turn them into words.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
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


class Step(str, Enum):
    """What a job is doing now; ``Progress.facts`` carries the numbers named here."""

    READING = "reading"  # facts: name
    CACHE_HIT = "cache_hit"  # found in the cache: no charge
    PREPARED = "prepared"  # facts: width, height, bytes (the payload)
    UPLOADING = "uploading"  # facts: model
    WAITING = "waiting"  # facts: model; size ("WxH") when the route sets one
    DESCRIBING = "describing"  # Magic Eye step 1; facts: model
    PAINTING = "painting"  # Magic Eye step 2; facts: model
    DOWNLOADING = "downloading"  # the result arrives as a link
    FITTING = "fitting"  # mapping the result back to the original framing
    SCORING = "scoring"  # measuring how faithful the result is to the original
    REPAIRING = "repairing"  # the offline pipeline; facts: stage (a local.STAGES name)
    SAVING = "saving"
    DONE = "done"  # facts: cached

    @property
    def stage(self) -> Stage:
        """The coarse stage this step belongs to."""
        return _STAGE_OF_STEP[self]


_STAGE_OF_STEP = {
    Step.READING: Stage.PREPARING,
    Step.CACHE_HIT: Stage.SAVING,
    Step.PREPARED: Stage.PREPARING,
    Step.UPLOADING: Stage.UPLOADING,
    Step.WAITING: Stage.WAITING,
    Step.DESCRIBING: Stage.WAITING,
    Step.PAINTING: Stage.WAITING,
    Step.DOWNLOADING: Stage.DOWNLOADING,
    Step.FITTING: Stage.PROCESSING,
    Step.SCORING: Stage.PROCESSING,
    Step.REPAIRING: Stage.PROCESSING,
    Step.SAVING: Stage.SAVING,
    Step.DONE: Stage.DONE,
}


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
    #: Send a request that was refused (and billed) before, unchanged, knowing it may be
    #: refused and billed again.
    retry_refused: bool = False
    #: Send a request that may already have been billed without a result (a timeout, a
    #: dropped connection, a crash), knowing it may be billed twice.
    retry_possible: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "input_path", Path(self.input_path))
        object.__setattr__(self, "references", tuple(Path(p) for p in self.references))


@dataclass(frozen=True)
class Progress:
    """A progress event: the stage, the step with its facts, an optional fraction."""

    stage: Stage
    step: Step
    facts: Mapping[str, Any] = field(default_factory=dict)
    fraction: float | None = None
    elapsed: float = 0.0


#: A result warning's code: the model changed the framing and LuxCanvas mapped it back.
#: Facts: ``drift`` (a fraction of the aspect ratio) and ``ratio`` (the original's, "4:3").
FRAMING_CHANGED = "framing_changed"
#: A warning recorded as plain text by an older LuxCanvas. Facts: ``text``.
LEGACY_TEXT = "text"


@dataclass(frozen=True)
class ResultWarning:
    """Something a person should know about a result, as a code and facts (the fronts word
    it). Stored as JSON: ``{"code": ..., **facts}``."""

    code: str
    facts: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, **self.facts}

    @classmethod
    def from_json(cls, value: Any) -> ResultWarning:
        """A stored warning. Older LuxCanvas versions stored sentences: the framing one is
        read back as its facts, anything else is kept as LEGACY_TEXT."""
        if isinstance(value, dict):
            facts = dict(value)
            return cls(str(facts.pop("code", LEGACY_TEXT)), facts)
        text = str(value)
        framing = _OLD_FRAMING_SENTENCE.match(text)
        if framing:
            drift = float(framing.group(1)) / 100
            return cls(FRAMING_CHANGED, {"drift": drift, "ratio": framing.group(2)})
        return cls(LEGACY_TEXT, {"text": text})


_OLD_FRAMING_SENTENCE = re.compile(
    r"The model changed the framing by (\d+) %; LuxCanvas mapped it back to the original (.+)\.$"
)


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
