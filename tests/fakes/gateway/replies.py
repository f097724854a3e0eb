"""A reply the fake sends, and the two exceptions that end a request early."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Reply:
    status: int
    body: bytes
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    reason: str | None = None
    server: str = "nginx"


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
