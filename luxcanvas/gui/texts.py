"""Words the GUI shows that come from English core data: strategies, stages, errors.

Everything goes through Qt's ``translate`` so ``pyside6-lupdate`` finds it; the core keeps
its English text for the CLI and the logs.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale

from luxcanvas.core.jobs import Stage


def _t(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def strategy_label(strategy: Any) -> str:
    """The strategy's translated label (the catalog's English one for unknown ids)."""
    labels = {
        "local": _t("Strategies", "Free offline repair"),
        "preview": _t("Strategies", "Quick preview"),
        "restore": _t("Strategies", "Faithful restoration"),
        "reshoot": _t("Strategies", "4K re-shoot (Seedream 4.0)"),
        "reshoot-4.5": _t("Strategies", "4K re-shoot (Seedream 4.5)"),
        "direct-edit": _t("Strategies", "Direct edit (GPT-4o image)"),
        "magic-eye": _t("Strategies", "Magic Eye reconstruction"),
    }
    return labels.get(strategy.id, strategy.label)


def strategy_purpose(strategy: Any) -> str:
    purposes = {
        "local": _t(
            "Strategies",
            "Removes scratches and dust, lifts fading and colour casts on your own computer. "
            "No key, no cost.",
        ),
        "preview": _t(
            "Strategies",
            "A fast, cheap first look with Nano Banana. Good for trying ideas before a faithful "
            "restoration.",
        ),
        "restore": _t(
            "Strategies",
            "Nano Banana Pro repairs damage and keeps every face and detail, at 1K, 2K or 4K. "
            "The best choice for family photos.",
        ),
        "reshoot": _t(
            "Strategies",
            "Seedream re-photographs the scene as if with a modern camera, up to 4K. Sharper, "
            "but may reinterpret fine detail.",
        ),
        "reshoot-4.5": _t(
            "Strategies", "The newer Seedream model: the same re-shoot with higher quality."
        ),
        "direct-edit": _t(
            "Strategies",
            "GPT-4o image repairs and refreshes the photo in one pass. Output is at most 1536 px.",
        ),
        "magic-eye": _t(
            "Strategies",
            "Describes your photo in words with a vision model, then paints it anew with "
            "sora_image. For photos too damaged to repair.",
        ),
    }
    return purposes.get(strategy.id, strategy.purpose)


def price_unit(unit: str) -> str:
    units = {
        "photo": _t("Strategies", "photo"),
        "edit": _t("Strategies", "edit"),
        "image": _t("Strategies", "image"),
        "image + description": _t("Strategies", "image + description"),
    }
    return units.get(unit, unit)


def money(amount: float) -> str:
    """'$0.05', '$0.025', '$1.20' — no more decimals than the amount needs (at least 2)."""
    text = f"{amount:.3f}"
    if text.endswith("0"):
        text = text[:-1]
    return "$" + text


def strategy_price(strategy: Any) -> str:
    """'$0.050 per edit · as of 2026-01-09', or 'Free'."""
    if strategy.is_local:
        return _t("Strategies", "Free")
    return (
        _t("Strategies", "%1 per %2 · as of %3")
        .replace("%1", money(strategy.estimated_cost))
        .replace("%2", price_unit(strategy.price_unit))
        .replace("%3", strategy.price_as_of)
    )


def duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        text = _t("Time", "%1 s").replace("%1", str(seconds))
    else:
        text = _t("Time", "%1 min %2 s").replace("%1", str(seconds // 60))
        text = text.replace("%2", f"{seconds % 60:02d}")
    return text.replace(" ", "\u00a0")  # never wrap "10 s" across lines


def stage_text(stage: Stage, message: str = "") -> str:
    texts = {
        Stage.QUEUED: _t("Stages", "Queued"),
        Stage.PREPARING: _t("Stages", "Preparing the photo"),
        Stage.UPLOADING: _t("Stages", "Uploading"),
        Stage.WAITING: _t("Stages", "Waiting for the model"),
        Stage.DOWNLOADING: _t("Stages", "Downloading the result"),
        Stage.PROCESSING: _t("Stages", "Processing"),
        Stage.SAVING: _t("Stages", "Saving the result"),
        Stage.DONE: _t("Stages", "Done"),
        Stage.FAILED: _t("Stages", "Failed"),
        Stage.CANCELLED: _t("Stages", "Cancelled"),
    }
    if stage is Stage.PROCESSING and message.startswith("Local repair: "):
        step = message.removeprefix("Local repair: ")
        steps = {
            "analyse": _t("Stages", "Examining the damage"),
            "scratches": _t("Stages", "Repairing scratches and dust"),
            "denoise": _t("Stages", "Reducing grain"),
            "fade": _t("Stages", "Lifting the fading"),
            "color": _t("Stages", "Correcting colour casts"),
            "sharpen": _t("Stages", "Sharpening"),
            "upscale": _t("Stages", "Enlarging"),
        }
        return steps.get(step, texts[stage])
    if stage is Stage.PROCESSING and message.startswith("Fitting"):
        return _t("Stages", "Fitting the result to the original framing")
    if stage is Stage.SAVING and "cache" in message:
        return _t("Stages", "Found in the cache: no charge")
    return texts.get(stage, message)


def error_headline(kind: str, message: str = "", may_be_billed: bool = False) -> str:
    """A plain sentence with the next step, for an error ``kind`` from the core."""
    if kind == "auth" and message.startswith("No API key"):
        text = _t(
            "Errors",
            "No API key is set — add your LaoZhang key in Settings, or pick the free offline "
            "repair.",
        )
    else:
        texts = {
            "quota": _t("Errors", "Your LaoZhang balance is empty — top up, then Retry."),
            "auth": _t(
                "Errors", "The gateway rejected your API key — check it in Settings, then Retry."
            ),
            "budget": _t(
                "Errors",
                "This would pass your monthly budget — raise the cap in Settings, then Retry.",
            ),
            "refused": _t(
                "Errors",
                "The model refused this photo or gave no image — try another strategy.",
            ),
            "rate_limited": _t(
                "Errors", "The gateway is busy right now — wait a moment, then Retry."
            ),
            "network": _t(
                "Errors",
                "LaoZhang could not be reached — check your internet connection, then Retry.",
            ),
            "timeout": _t(
                "Errors",
                "The model took too long to answer — Retry later or pick a faster strategy.",
            ),
            "gateway": _t(
                "Errors",
                "The gateway or the model failed — Retry in a few minutes or pick another "
                "strategy.",
            ),
            "invalid_input": _t(
                "Errors", "This file cannot be opened as a photo — it may be damaged or empty."
            ),
            "usage": _t("Errors", "These options cannot be used with this strategy."),
            "cancelled": _t("Errors", "Cancelled."),
            "interrupted": _t("Errors", "LuxCanvas was closed while this job was running."),
        }
        text = texts.get(
            kind,
            _t("Errors", "Something went wrong inside LuxCanvas — Copy details and report it."),
        )
    if may_be_billed:
        text += " " + _t("Errors", "The gateway may still bill this call.")
    return text


def file_size(num_bytes: int) -> str:
    locale = QLocale()
    return locale.formattedDataSize(num_bytes, 1, QLocale.DataSizeFormat.DataSizeSIFormat)
