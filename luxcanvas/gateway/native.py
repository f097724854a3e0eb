"""The native Gemini dialect: ``POST /v1beta/models/{model}:generateContent``.

Sends ``imageConfig.imageSize`` and never ``aspectRatio`` (it crops the photo): without it
the model keeps the supported ratio nearest the input's. Nano Banana Pro "thinks" and
returns interim images marked ``thought: true``; the answer is the last non-thought image.
"""

from __future__ import annotations

from typing import Any

from luxcanvas.domain.errors import GatewayError
from luxcanvas.gateway.dialect import (
    CallContext,
    ModelRequest,
    ModelResult,
    decode_base64,
    refusal_message,
    wait,
)

REFUSAL_REASONS = {
    "IMAGE_SAFETY",
    "PROHIBITED_CONTENT",
    "SAFETY",
    "BLOCKLIST",
    "SPII",
    "RECITATION",
    "IMAGE_PROHIBITED_CONTENT",
    "IMAGE_RECITATION",
    "NO_IMAGE",
    "IMAGE_OTHER",
    "OTHER",
}


def build_body(prompt: str, images: list[tuple[str, bytes]], size: str) -> dict[str, Any]:
    """The request body; ``images`` are (mime, raw bytes)."""
    import base64

    parts: list[dict[str, Any]] = [{"text": prompt}]
    for mime, data in images:
        parts.append({"inline_data": {"mime_type": mime, "data": base64.b64encode(data).decode()}})
    config: dict[str, Any] = {"responseModalities": ["IMAGE"]}
    if size:
        config["imageConfig"] = {"imageSize": size.upper()}
    return {"contents": [{"role": "user", "parts": parts}], "generationConfig": config}


def extract_image(answer: Any) -> tuple[bytes, str, str]:
    """(bytes, mime, text) of the final image; RefusedError when there is none."""
    if not isinstance(answer, dict):
        raise GatewayError("The gateway sent an answer LuxCanvas cannot read.", may_be_billed=True)
    candidates = answer.get("candidates") or []
    if not candidates:
        feedback = answer.get("promptFeedback") or {}
        reason = str(feedback.get("blockReason") or "")
        raise refusal_message(str(feedback.get("blockReasonMessage") or ""), reason or "blocked")
    candidate = candidates[0] or {}
    parts = (candidate.get("content") or {}).get("parts") or []
    texts: list[str] = []
    final: tuple[bytes, str] | None = None
    for part in parts:
        if not isinstance(part, dict):
            continue
        inline = part.get("inlineData") or part.get("inline_data")
        if inline and not part.get("thought"):
            data = inline.get("data") or ""
            mime = inline.get("mimeType") or inline.get("mime_type") or "image/png"
            final = (decode_base64(data), str(mime))
        elif "text" in part and not part.get("thought"):
            texts.append(str(part["text"]))
    text = "\n".join(texts).strip()
    if final is None:
        reason = str(candidate.get("finishReason") or "")
        raise refusal_message(text, reason if reason != "STOP" else "")
    return final[0], final[1], text


def run(request: ModelRequest, ctx: CallContext) -> ModelResult:
    """One image edit through the native Gemini route."""
    strategy = request.strategy
    # The photo goes last: without an explicit ratio the output follows the last image.
    images = [(p.mime, p.data) for p in (*request.references, request.payload) if p is not None]
    body = build_body(request.prompt, images, request.size)
    long_running = request.size.upper() == "4K"
    wait(ctx, strategy.model)
    answer = (
        ctx.gateway()
        .post_json(strategy.endpoint_path(), body, long_running=long_running, cancel=ctx.cancel)
        .json
    )
    data, mime, text = extract_image(answer)
    return ModelResult(
        data=data, mime=mime, model=strategy.model, cost_usd=strategy.price_usd, text=text
    )
