"""The chat dialect: ``POST /v1/chat/completions`` with the image as a data URL.

Gemini answers with ``![image](data:image/...;base64,...)``; gpt-4o-image and sora_image
answer with progress lines, then ``![图片](https://...)`` and a download link. A refusal is
HTTP 200 with text and no image.
"""

from __future__ import annotations

from typing import Any

from luxcanvas.domain.errors import GatewayError
from luxcanvas.domain.jobs import Step
from luxcanvas.gateway.dialect import (
    CallContext,
    ModelRequest,
    ModelResult,
    decode_data_url,
    extract_markdown_image,
    refusal_message,
    sniff_mime,
    wait,
)


def build_body(model: str, prompt: str, image_urls: list[str]) -> dict[str, Any]:
    content: list[dict[str, Any]] = [{"type": "text", "text": prompt}]
    content += [{"type": "image_url", "image_url": {"url": url}} for url in image_urls]
    return {"model": model, "stream": False, "messages": [{"role": "user", "content": content}]}


def message_content(answer: Any) -> tuple[str, str]:
    """(content, finish_reason) of a chat completion; GatewayError for any other shape."""
    try:
        choice = answer["choices"][0]
        content = choice["message"].get("content") or ""
    except (KeyError, IndexError, TypeError, AttributeError):
        raise GatewayError(
            "The gateway sent an answer LuxCanvas cannot read.",
            detail=f"unexpected chat answer shape: {str(answer)[:200]}",
            may_be_billed=True,
        ) from None
    if isinstance(content, list):  # some gateways return content parts
        content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return str(content), str(choice.get("finish_reason") or "")


def image_from_content(content: str, finish_reason: str, ctx: CallContext) -> tuple[bytes, str]:
    """The answer's image: decoded data URL, or the downloaded link."""
    target = extract_markdown_image(content)
    if target is None:
        raise refusal_message(_without_progress(content), finish_reason)
    if target.startswith("data:"):
        return decode_data_url(target)
    ctx.report(Step.DOWNLOADING)
    data = ctx.gateway().download(target, cancel=ctx.cancel)
    return data, sniff_mime(data)


def _without_progress(content: str) -> str:
    lines = [ln for ln in content.splitlines() if ln.strip() and not ln.lstrip().startswith(">")]
    return "\n".join(lines)


def run(request: ModelRequest, ctx: CallContext) -> ModelResult:
    """One image edit through the chat route."""
    strategy = request.strategy
    # The photo goes last: without an explicit ratio the output follows the last image.
    urls = [p.data_url() for p in (*request.references, request.payload) if p is not None]
    body = build_body(strategy.model, request.prompt, urls)
    wait(ctx, strategy.model)
    answer = ctx.gateway().post_json(strategy.endpoint_path(), body, cancel=ctx.cancel).json
    content, finish = message_content(answer)
    data, mime = image_from_content(content, finish, ctx)
    return ModelResult(data=data, mime=mime, model=strategy.model, cost_usd=strategy.price_usd)
