"""The images dialect (Seedream): ``POST /v1/images/generations``.

``size`` goes as ``WxH`` with the input's aspect ratio inside the model's pixel range,
so the model does not pick a square canvas. ``b64_json`` is asked for; a URL answer
(they expire after 24 h) is downloaded at once.
"""

from __future__ import annotations

import math
from typing import Any

from luxcanvas.domain.errors import GatewayError
from luxcanvas.domain.jobs import Step
from luxcanvas.gateway.dialect import (
    CallContext,
    ModelRequest,
    ModelResult,
    decode_base64,
    refusal_message,
    sniff_mime,
    wait,
)

SIZE_PIXELS = {"1K": 1024 * 1024, "2K": 2048 * 2048, "4K": 4096 * 4096}
RATIO_LIMIT = 16.0


def output_size(
    width: int, height: int, size: str, pixels_min: int, pixels_max: int, step: int = 8
) -> tuple[int, int]:
    """WxH with the input's aspect ratio and about the size label's pixel count,
    inside [pixels_min, pixels_max] (both sides multiples of ``step``)."""
    aspect = min(max(width / height, 1 / RATIO_LIMIT), RATIO_LIMIT)
    target = SIZE_PIXELS.get(size.upper(), SIZE_PIXELS["2K"])
    if pixels_max:
        target = min(target, pixels_max)
    if pixels_min:
        target = max(target, pixels_min)
    w = max(step, int(math.sqrt(target * aspect)) // step * step)
    h = max(step, int(math.sqrt(target / aspect)) // step * step)
    # Rounding down can fall under the minimum: grow the short side a step at a time.
    while pixels_min and w * h < pixels_min:
        if w <= h:
            w += step
        else:
            h += step
    while pixels_max and w * h > pixels_max:
        if w >= h:
            w -= step
        else:
            h -= step
    return w, h


def build_body(model: str, prompt: str, image_urls: list[str], size: str) -> dict[str, Any]:
    image: str | list[str] = image_urls[0] if len(image_urls) == 1 else image_urls
    return {
        "model": model,
        "prompt": prompt,
        "image": image,
        "size": size,
        "response_format": "b64_json",
        "watermark": False,
        "sequential_image_generation": "disabled",
        "stream": False,
    }


def extract_image(answer: Any, ctx: CallContext) -> tuple[bytes, str]:
    if not isinstance(answer, dict) or not isinstance(answer.get("data"), list):
        raise GatewayError(
            "The gateway sent an answer LuxCanvas cannot read.",
            detail=f"unexpected images answer: {str(answer)[:200]}",
            may_be_billed=True,
        )
    items = [d for d in answer["data"] if isinstance(d, dict)]
    if not items:
        raise refusal_message("", "no image returned")
    item = items[0]
    if item.get("b64_json"):
        data = decode_base64(str(item["b64_json"]))
        return data, sniff_mime(data, "image/jpeg")
    if item.get("url"):
        ctx.report(Step.DOWNLOADING)
        data = ctx.gateway().download(str(item["url"]), cancel=ctx.cancel)
        return data, sniff_mime(data, "image/jpeg")
    raise refusal_message(_said(item.get("error")), "no image returned")


def _said(error: Any) -> str:
    """A per-image error in words: Seedream sends ``{"code", "message"}``, not a sentence."""
    if isinstance(error, dict):
        message, code = str(error.get("message") or ""), str(error.get("code") or "")
        return message or code
    return str(error or "")


def run(request: ModelRequest, ctx: CallContext) -> ModelResult:
    """One re-shoot through Seedream."""
    strategy = request.strategy
    size_label = request.size or strategy.default_size or "2K"
    if request.payload is None:
        raise ValueError("the images dialect needs a payload")
    w, h = output_size(
        request.payload.width,
        request.payload.height,
        size_label,
        strategy.pixels_min,
        strategy.pixels_max,
    )
    urls = [p.data_url() for p in (request.payload, *request.references)]
    body = build_body(strategy.model, request.prompt, urls, f"{w}x{h}")
    long_running = size_label.upper() == "4K"
    wait(ctx, strategy.model, size=f"{w}x{h}")
    answer = (
        ctx.gateway()
        .post_json(strategy.endpoint_path(), body, long_running=long_running, cancel=ctx.cancel)
        .json
    )
    data, mime = extract_image(answer, ctx)
    return ModelResult(
        data=data,
        mime=mime,
        model=strategy.model,
        cost_usd=strategy.price_usd,
        extra={"requested_size": f"{w}x{h}"},
    )
