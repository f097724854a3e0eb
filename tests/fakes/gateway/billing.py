"""The fake's own bill: what the real gateway would charge, request by request.

The rules are the gateway's published ones (DESIGN.md §3 "Errors" and "Billing facts"), never
the client's:

- only the model routes (chat, native, images) cost anything; ``GET /v1/models``, result
  downloads and redirect hops are free;
- a request the gateway refuses before any upstream sees it (401, 413, model not served, a
  usage-billed key on a per-call model) is not billed, and neither is any non-200 answer
  (quota, rate limit, 5xx, HTML pages, validation 400s, Seedream moderation's 400);
- a 200 carrying an image is billed ("image"); a text model's 200 is billed ("text");
- a Gemini-family model (id starting with "gemini") answering 200 without an image is billed
  once per answer ("no_image"); other models' 200s without an image are not billed;
- a 200 whose body does not parse (``MALFORMED_JSON``) is billed ("garbled"): the upstream
  answered and the gateway relayed it;
- a request whose body the fake received in full and that then got no complete answer —
  ``CONNECTION_RESET``, ``DROP``, ``TRUNCATED_BODY``, ``HANG``/``SLOW``/latency ended by
  stopping the fake, or a client that hung up (a timeout) before the answer was written — is
  billed ("dropped"): the upstream did the work. If the fake had already decided on a
  non-billable answer (a 400, say), a cut delivery does not make it billable.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

from .catalog import TEXT_MODELS
from .replies import Reply

FREE_ROUTES = frozenset({"models", "download", "redirect", "unknown"})

IMAGE = "image"
TEXT = "text"
NO_IMAGE = "no_image"
GARBLED = "garbled"
DROPPED = "dropped"


@dataclass(frozen=True)
class BillEntry:
    """One charge: `time` is ``time.time()`` when the fake settled the request."""

    time: float
    route: str
    model: str
    amount_usd: float
    reason: str
    request_id: str


def charge_reason(model: str, reply: Reply | None, delivered: bool) -> str | None:
    """Why a request that reached the upstream is billed, or None if it is not.

    `reply` is the answer the fake decided on (None if it never decided: reset, stop);
    `delivered` says whether the whole answer was written to the client.
    """
    if reply is None:
        return DROPPED
    if reply.status != 200:
        return None
    if reply.result == IMAGE:
        reason = IMAGE
    elif reply.result == GARBLED:
        reason = GARBLED
    elif reply.result == TEXT or (reply.result is not None and model in TEXT_MODELS):
        reason = TEXT
    elif reply.result == NO_IMAGE and model.startswith("gemini"):
        reason = NO_IMAGE
    else:
        return None
    return reason if delivered else DROPPED


class Ledger:
    """A thread-safe list of `BillEntry`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[BillEntry] = []

    def add(self, entry: BillEntry) -> None:
        with self._lock:
            self._entries.append(entry)

    def relabel(self, request_id: str, reason: str) -> None:
        """Give the entry of `request_id` (if any) another reason."""
        with self._lock:
            self._entries = [
                replace(entry, reason=reason) if entry.request_id == request_id else entry
                for entry in self._entries
            ]

    def entries(self) -> list[BillEntry]:
        with self._lock:
            return list(self._entries)

    def total(self) -> float:
        with self._lock:
            return round(sum(entry.amount_usd for entry in self._entries), 6)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
