"""The offline dialect: the free ``local`` pipeline, run on this computer (no key, no network)."""

from __future__ import annotations

from luxcanvas.domain.jobs import Step
from luxcanvas.domain.local_options import LocalOptions
from luxcanvas.gateway.dialect import CallContext, ModelRequest, ModelResult


def run(request: ModelRequest, ctx: CallContext) -> ModelResult:
    """Repair the photo with the offline pipeline; the result keeps the original's framing."""
    import numpy as np
    from PIL import Image

    from luxcanvas.imaging import load_image
    from luxcanvas.local import restore

    strategy = request.strategy
    if request.input_path is None:
        raise ValueError("the offline dialect needs the input file")
    options = LocalOptions.from_dict(request.options)
    image, _ = load_image(request.input_path, max_side=strategy.max_side)

    def on_stage(stage: str, fraction: float) -> None:
        ctx.report(Step.REPAIRING, fraction, stage=stage)

    cancel = ctx.cancel
    restored = restore(
        np.asarray(image),
        options,
        progress=on_stage,
        cancelled=(lambda: cancel.cancelled) if cancel is not None else None,
    )
    return ModelResult(
        data=b"", mime="", model=strategy.model, cost_usd=0.0, image=Image.fromarray(restored)
    )
