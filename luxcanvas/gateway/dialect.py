"""What every dialect takes and gives back, and the parsing they share."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from luxcanvas.domain.errors import GatewayError, RefusedError
from luxcanvas.domain.jobs import CancelToken, Stage

if TYPE_CHECKING:
    from luxcanvas.domain.strategies import Strategy
    from luxcanvas.gateway.http import GatewayClient
    from luxcanvas.imaging import Payload

ProgressFn = Callable[[Stage, str], None]


@dataclass(frozen=True)
class ModelRequest:
    """One call's worth of input for a dialect."""

    strategy: Strategy
    payload: Payload
    prompt: str
    size: str = ""
    references: tuple[Payload, ...] = ()
    #: Prompt templates a multi-step dialect needs (Magic Eye's describe step).
    prompts: dict[str, str] = field(default_factory=dict)


@dataclass
class ModelResult:
    """The image a model produced, what it cost, and what it said."""

    data: bytes
    mime: str
    model: str
    cost_usd: float
    text: str = ""
    warnings: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class CallContext:
    client: GatewayClient
    progress: ProgressFn
    cancel: CancelToken | None = None


_MD_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_DATA_URL = re.compile(r"^data:(image/[a-zA-Z0-9.+-]+);base64,(.*)$", re.S)


def extract_markdown_image(content: str) -> str | None:
    """The target of the last markdown image in a chat answer (data URL or http link)."""
    matches = _MD_IMAGE.findall(content or "")
    return matches[-1] if matches else None


def decode_data_url(url: str) -> tuple[bytes, str]:
    """(bytes, mime) of a base64 data URL; GatewayError when it is not one."""
    match = _DATA_URL.match(url.strip())
    if not match:
        raise GatewayError("The model's image could not be read.", detail="not a base64 data URL")
    return decode_base64(match.group(2)), match.group(1).lower()


def decode_base64(data: str) -> bytes:
    try:
        return base64.b64decode(data, validate=True)  # the usual case: clean, padded
    except (binascii.Error, ValueError):
        pass
    cleaned = re.sub(r"\s+", "", data)
    cleaned += "=" * (-len(cleaned) % 4)
    try:
        return base64.b64decode(cleaned, validate=True)
    except (binascii.Error, ValueError) as err:
        raise GatewayError(
            "The model's image could not be read.", detail=f"bad base64: {err}"
        ) from err


def refusal_message(text: str, reason: str = "") -> RefusedError:
    """A refusal with the model's own words, shortened."""
    said = re.sub(r"\s+", " ", text or "").strip()
    if len(said) > 240:
        said = said[:237] + "…"
    because = f" ({reason})" if reason else ""
    if said:
        return RefusedError(
            f"The model gave no image{because}. It said: “{said}”",
            detail=f"reason={reason or '-'}",
        )
    return RefusedError(
        f"The model gave no image{because}. Try another strategy or different instructions.",
        detail=f"reason={reason or '-'}",
    )


def sniff_mime(data: bytes, default: str = "image/png") -> str:
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return default
