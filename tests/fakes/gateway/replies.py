"""A reply the fake sends, and the two exceptions that end a request early."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Reply:
    """An answer. `result` says what a 200 from a model carried, for the bill (`billing`):
    "image", "no_image" (a model's answer without an image), "text" (a text model's answer),
    "garbled" (a 200 whose body does not parse); None for anything else."""

    status: int
    body: bytes
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    reason: str | None = None
    server: str = "nginx"
    result: str | None = None


class ClientError(Exception):
    """Raised while validating a request: carries the error reply to send."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.status)
        self.reply = reply


class Abort(Exception):
    """The gateway is stopping: close the connection without an answer."""


def json_reply(status: int, payload: Any, **extra: Any) -> Reply:
    return Reply(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), **extra)


def html_reply(status: int, page: str, **extra: Any) -> Reply:
    return Reply(status, page.encode("utf-8"), content_type="text/html; charset=utf-8", **extra)
