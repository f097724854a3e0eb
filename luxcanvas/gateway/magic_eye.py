"""Magic Eye: describe the photo with a vision model, then paint it anew with sora_image.

sora_image is blind to input images, so the photo reaches it only as words. The aspect
hint goes at the end of the prompt as 【2:3】, 【3:2】 or 【1:1】. Both calls are paid.
"""

from __future__ import annotations

import math

from luxcanvas.domain.errors import LuxError, RefusedError
from luxcanvas.domain.jobs import Step
from luxcanvas.gateway import chat
from luxcanvas.gateway.dialect import CallContext, ModelRequest, ModelResult

SORA_RATIOS = {"2:3": 2 / 3, "3:2": 3 / 2, "1:1": 1.0}


def aspect_hint(width: int, height: int) -> str:
    """The sora ratio nearest the photo's, as the prompt suffix it understands."""
    aspect = width / height
    best = min(SORA_RATIOS, key=lambda r: abs(math.log(aspect / SORA_RATIOS[r])))
    return f"【{best}】"


def generation_prompt(template: str, description: str, width: int, height: int) -> str:
    body = template.replace("{description}", description.strip()) if template else description
    return f"{body.strip()}\n{aspect_hint(width, height)}"


def describe(request: ModelRequest, ctx: CallContext) -> str:
    """Step 1: the vision model's forensic description of the photo."""
    strategy = request.strategy
    prompt = request.prompts.get("describe", "")
    if request.payload is None:
        raise ValueError("Magic Eye needs a payload to describe")
    body = chat.build_body(strategy.vision_model, prompt, [request.payload.data_url()])
    ctx.report(Step.UPLOADING, model=strategy.vision_model)
    ctx.report(Step.DESCRIBING, model=strategy.vision_model)
    answer = ctx.gateway().post_json(strategy.endpoint_path(), body, cancel=ctx.cancel).json
    content, finish = chat.message_content(answer)
    description = content.strip()
    if not description or finish == "content_filter":
        raise RefusedError(
            "The vision model would not describe this photo, so Magic Eye cannot continue.",
            detail=f"finish_reason={finish}",
            may_be_billed=True,
        )
    return description


def run(request: ModelRequest, ctx: CallContext) -> ModelResult:
    """Describe, then generate; the cost counts both calls."""
    strategy = request.strategy
    description = describe(request, ctx)
    if ctx.cancel is not None:
        ctx.cancel.raise_if_cancelled()
    assert request.payload is not None  # describe() has checked
    source = request.payload.source
    prompt = generation_prompt(request.prompt, description, source.width, source.height)
    body = chat.build_body(strategy.model, prompt, [])
    ctx.report(Step.PAINTING, model=strategy.model)
    try:
        answer = ctx.gateway().post_json(strategy.endpoint_path(), body, cancel=ctx.cancel).json
        content, finish = chat.message_content(answer)
        data, mime = chat.image_from_content(content, finish, ctx)
    except LuxError as err:
        # The description was paid for even though the picture failed.
        err.with_spent(strategy.vision_price_usd)
        raise
    return ModelResult(
        data=data,
        mime=mime,
        model=strategy.model,
        cost_usd=strategy.estimated_cost,
        text=description,
        extra={"vision_model": strategy.vision_model, "description": description},
    )
