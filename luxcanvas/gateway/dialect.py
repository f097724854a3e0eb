"""The Dialect protocol every strategy's route implements, its registry, and shared parsing.

A dialect takes one ``ModelRequest`` and gives back one ``ModelResult``: the chat, native and
images routes of the gateway, Magic Eye's two chat calls, and the offline pipeline (``local``)
are all dialects. The registry maps a strategy's ``dialect`` name to its module, imported on
first use so a front that never calls the gateway never loads its HTTP stack.
"""

from __future__ import annotations

import base64
import binascii
import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from luxcanvas.domain.errors import GatewayError, RefusedError
from luxcanvas.domain.jobs import CancelToken, ResultWarning, Step

if TYPE_CHECKING:
    from luxcanvas.domain.strategies import Strategy
    from luxcanvas.gateway.http import GatewayClient
    from luxcanvas.imaging import Payload

#: ``report(step, fraction=None, **facts)``: a progress event from inside a dialect.
ReportFn = Callable[..., None]


@dataclass(frozen=True)
class ModelRequest:
    """One call's worth of input for a dialect."""

    strategy: Strategy
    #: The photo as the model receives it (None for the offline dialect, which reads the file).
    payload: Payload | None
    prompt: str = ""
    size: str = ""
    references: tuple[Payload, ...] = ()
    #: Prompt templates a multi-step dialect needs (Magic Eye's describe step).
    prompts: dict[str, str] = field(default_factory=dict)
    #: The original file and the strategy's options (the offline dialect works on these).
    input_path: Path | None = None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class ModelResult:
    """The image a model produced, what it cost, and what it said.

    A cloud model's result is its encoded bytes (``data``, ``mime``); the offline dialect
    hands back the decoded ``image`` at the original's framing.
    """

    data: bytes
    mime: str
    model: str
    cost_usd: float
    text: str = ""
    warnings: list[ResultWarning] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    image: Any = None


@dataclass
class CallContext:
    """What a dialect may use: the gateway client, a progress reporter, the cancel token."""

    client: GatewayClient | None
    report: ReportFn
    cancel: CancelToken | None = None

    def gateway(self) -> GatewayClient:
        """The client; only a cloud dialect asks for it, and the service always gives one."""
        if self.client is None:
            raise GatewayError("No gateway client for a cloud call.", detail="client missing")
        return self.client


class Dialect(Protocol):
    """A route to a model: one request in, one result out (or a LuxError)."""

    def run(self, request: ModelRequest, ctx: CallContext) -> ModelResult: ...


#: Dialect name (a strategy's ``dialect`` field) to the module that implements it.
REGISTRY: dict[str, str] = {
    "chat": "luxcanvas.gateway.chat",
    "native": "luxcanvas.gateway.native",
    "images": "luxcanvas.gateway.images",
    "magic_eye": "luxcanvas.gateway.magic_eye",
    "local": "luxcanvas.gateway.offline",
}


def dialect(name: str) -> Dialect:
    """The dialect a strategy names; ValueError for a name nobody registered."""
    try:
        module_name = REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown dialect {name!r}") from None
    module: Dialect = importlib.import_module(module_name)  # type: ignore[assignment]
    return module


def wait(ctx: CallContext, model: str, **facts: Any) -> None:
    """Report that the photo is on its way to ``model`` and the answer is awaited."""
    ctx.report(Step.UPLOADING, model=model)
    ctx.report(Step.WAITING, model=model, **facts)


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
