"""Words the GUI shows that come from English core data: strategies, stages, errors.

Everything goes through Qt's ``translate`` so ``pyside6-lupdate`` finds it; the core keeps
its English text for the CLI and the logs.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale

from luxcanvas.domain.errors import LuxError
from luxcanvas.domain.jobs import Stage, Step


def find_strategy(catalog: Any, strategy_id: str) -> Any:
    """The catalog's strategy, or a stand-in named by its id (a version of a strategy the
    catalog no longer has still shows in the history)."""
    try:
        return catalog.get(strategy_id)
    except LuxError:
        return SimpleNamespace(
            id=strategy_id, label=strategy_id, typical_seconds=0, needs_key=False
        )


#: Each strategy's label and purpose, by id, as the translations know them (the catalog's
#: English words stand in for an id it does not list).
_STRATEGY_WORDS: dict[str, tuple[Any, Any]] = {  # QT_TRANSLATE_NOOP gives the str
    "local": (
        QT_TRANSLATE_NOOP("Strategies", "Free offline repair"),
        QT_TRANSLATE_NOOP(
            "Strategies",
            "Removes scratches and dust, lifts fading and colour casts on your own computer. "
            "No key, no cost.",
        ),
    ),
    "preview": (
        QT_TRANSLATE_NOOP("Strategies", "Quick preview"),
        QT_TRANSLATE_NOOP(
            "Strategies",
            "A fast, cheap first look with Nano Banana. Good for trying ideas before a faithful "
            "restoration.",
        ),
    ),
    "restore": (
        QT_TRANSLATE_NOOP("Strategies", "Faithful restoration"),
        QT_TRANSLATE_NOOP(
            "Strategies",
            "Nano Banana Pro repairs damage and keeps every face and detail, at 1K, 2K or 4K. "
            "The best choice for family photos.",
        ),
    ),
    "restore-fast": (
        QT_TRANSLATE_NOOP("Strategies", "Faster faithful restoration (Nano Banana 2.1)"),
        QT_TRANSLATE_NOOP(
            "Strategies",
            "Nano Banana 2.1 repairs damage faithfully in about a third of Pro's time, for half "
            "the price, at 1K, 2K or 4K. Pro keeps fine detail a little better.",
        ),
    ),
    "reshoot": (
        QT_TRANSLATE_NOOP("Strategies", "4K re-shoot (Seedream 4.0)"),
        QT_TRANSLATE_NOOP(
            "Strategies",
            "Seedream re-photographs the scene as if with a modern camera, up to 4K. Sharper, "
            "but may reinterpret fine detail.",
        ),
    ),
    "reshoot-4.5": (
        QT_TRANSLATE_NOOP("Strategies", "4K re-shoot (Seedream 4.5)"),
        QT_TRANSLATE_NOOP(
            "Strategies", "The newer Seedream model: the same re-shoot with higher quality."
        ),
    ),
    "direct-edit": (
        QT_TRANSLATE_NOOP("Strategies", "Direct edit (GPT-4o image)"),
        QT_TRANSLATE_NOOP(
            "Strategies",
            "GPT-4o image repairs and refreshes the photo in one pass. Output is at most 1536 px.",
        ),
    ),
    "magic-eye": (
        QT_TRANSLATE_NOOP("Strategies", "Magic Eye reconstruction"),
        QT_TRANSLATE_NOOP(
            "Strategies",
            "Describes your photo in words with a vision model, then paints it anew with "
            "sora_image. For photos too damaged to repair.",
        ),
    ),
}
#: The units prices are quoted in.
_PRICE_UNITS = (
    QT_TRANSLATE_NOOP("Strategies", "photo"),
    QT_TRANSLATE_NOOP("Strategies", "edit"),
    QT_TRANSLATE_NOOP("Strategies", "image"),
    QT_TRANSLATE_NOOP("Strategies", "image + description"),
)


def strategy_label(strategy: Any) -> str:
    """The strategy's translated label (the catalog's English one for unknown ids)."""
    words = _STRATEGY_WORDS.get(strategy.id)
    return QCoreApplication.translate("Strategies", words[0]) if words else strategy.label


def strategy_purpose(strategy: Any) -> str:
    """The strategy's translated purpose (the catalog's English one for unknown ids)."""
    words = _STRATEGY_WORDS.get(strategy.id)
    return QCoreApplication.translate("Strategies", words[1]) if words else strategy.purpose


def price_unit(unit: str) -> str:
    return QCoreApplication.translate("Strategies", unit) if unit in _PRICE_UNITS else unit


def currency_symbol(locale: QLocale | None = None) -> str:
    """ "$" where the dollar is the country's own (the US), "US$" elsewhere (prices are USD)."""
    locale = locale or QLocale()
    return "$" if locale.territory() == QLocale.Country.UnitedStates else "US$"


def money(amount: float, locale: QLocale | None = None) -> str:
    """An amount in US dollars in the locale's way, with no more decimals than it needs (at
    least 2): '$0.025' and '$5.00' in English, '0,025 US$' and '5,00 US$' in Spanish."""
    locale = locale or QLocale()
    decimals = 3 if round(amount * 1000) % 10 else 2
    return locale.toCurrencyString(float(amount), currency_symbol(locale), decimals)


def money_affixes(locale: QLocale | None = None) -> tuple[str, str]:
    """(prefix, suffix) that put a spin box's number where the locale writes amounts."""
    locale = locale or QLocale()
    sample = money(1.0, locale)
    number = locale.toString(1.0, "f", 2)
    prefix, _, suffix = sample.partition(number)
    return prefix, suffix


def strategy_price(strategy: Any) -> str:
    """'$0.050 per edit · as of 2026-01-09', or 'Free'."""
    if strategy.is_local:
        return QCoreApplication.translate("Strategies", "Free")
    return (
        QCoreApplication.translate("Strategies", "%1 per %2 · as of %3")
        .replace("%1", money(strategy.estimated_cost))
        .replace("%2", price_unit(strategy.price_unit))
        .replace("%3", strategy.price_as_of)
    )


def duration(seconds: float) -> str:
    # A repair that took 0.3 s reads "1 s", not "done in 0 s".
    seconds = max(1, round(seconds)) if seconds > 0 else 0
    if seconds < 60:
        text = QCoreApplication.translate("Time", "%1 s").replace("%1", str(seconds))
    else:
        text = QCoreApplication.translate("Time", "%1 min %2 s").replace("%1", str(seconds // 60))
        text = text.replace("%2", f"{seconds % 60:02d}")
    return text.replace(" ", "\u00a0")  # never wrap "10 s" across lines


def stage_text(
    stage: Stage, step: Step | None = None, facts: Mapping[str, Any] | None = None
) -> str:
    """What a running job is doing, from the core's stage, step and facts."""
    facts = facts or {}
    if step is Step.REPAIRING:
        repairs = {
            "analyse": QCoreApplication.translate("Stages", "Examining the damage"),
            "scratches": QCoreApplication.translate("Stages", "Repairing scratches and dust"),
            "denoise": QCoreApplication.translate("Stages", "Reducing grain"),
            "fade": QCoreApplication.translate("Stages", "Lifting the fading"),
            "color": QCoreApplication.translate("Stages", "Correcting colour casts"),
            "sharpen": QCoreApplication.translate("Stages", "Sharpening"),
            "upscale": QCoreApplication.translate("Stages", "Enlarging"),
        }
        text = repairs.get(str(facts.get("stage", "")))
        if text is not None:
            return text
    elif step is Step.PREPARED and facts.get("result_width"):
        return (
            QCoreApplication.translate("Stages", "Sending; the result will be %1×%2")
            .replace("%1", str(facts["result_width"]))
            .replace("%2", str(facts["result_height"]))
        )
    elif step is Step.FITTING:
        return QCoreApplication.translate("Stages", "Fitting the result to the original framing")
    elif step is Step.SCORING:
        return QCoreApplication.translate("Stages", "Checking how faithful the result is")
    elif step is Step.CACHE_HIT:
        return QCoreApplication.translate("Stages", "Found in the cache: no charge")
    texts = {
        Stage.QUEUED: QCoreApplication.translate("Stages", "Queued"),
        Stage.PREPARING: QCoreApplication.translate("Stages", "Preparing the photo"),
        Stage.UPLOADING: QCoreApplication.translate("Stages", "Uploading"),
        Stage.WAITING: QCoreApplication.translate("Stages", "Waiting for the model"),
        Stage.DOWNLOADING: QCoreApplication.translate("Stages", "Downloading the result"),
        Stage.PROCESSING: QCoreApplication.translate("Stages", "Processing"),
        Stage.SAVING: QCoreApplication.translate("Stages", "Saving the result"),
        Stage.DONE: QCoreApplication.translate("Stages", "Done"),
        Stage.FAILED: QCoreApplication.translate("Stages", "Failed"),
        Stage.CANCELLED: QCoreApplication.translate("Stages", "Cancelled"),
    }
    return texts[stage]


def error_headline(kind: str, may_be_billed: bool = False, reason: str = "") -> str:
    """A plain sentence with the next step, for an error ``kind`` from the core.

    ``kind`` is a core error kind (``LuxError.kind``; "interrupted" for a job the quit stopped);
    ``reason`` is a bad file's ``InvalidInput.reason``.
    """
    if kind == "invalid_input" and reason in _FILE_PROBLEMS:
        return QCoreApplication.translate("Errors", str(_FILE_PROBLEMS[reason]))
    texts = {
        "missing_key": QCoreApplication.translate(
            "Errors",
            "No API key is set — add your LaoZhang key in Settings, or pick the free offline "
            "repair.",
        ),
        "refused_before": QCoreApplication.translate(
            "Errors",
            "The model refused this exact request before, and it was billed — change the "
            "instructions, or Retry to pay again.",
        ),
        "possibly_billed": QCoreApplication.translate(
            "Errors",
            "This request may already have been billed without a result — check your LaoZhang "
            "call log, or Retry to pay again.",
        ),
        "quota": QCoreApplication.translate(
            "Errors", "Your LaoZhang balance is empty — top up, then Retry."
        ),
        "auth": QCoreApplication.translate(
            "Errors", "The gateway rejected your API key — check it in Settings, then Retry."
        ),
        "budget": QCoreApplication.translate(
            "Errors",
            "This would pass your monthly budget — raise the cap in Settings, then Retry.",
        ),
        "refused": QCoreApplication.translate(
            "Errors",
            "The model refused this photo or gave no image — try another strategy.",
        ),
        "rate_limited": QCoreApplication.translate(
            "Errors", "The gateway is busy right now — wait a moment, then Retry."
        ),
        "network": QCoreApplication.translate(
            "Errors",
            "LaoZhang could not be reached — check your internet connection, then Retry.",
        ),
        "timeout": QCoreApplication.translate(
            "Errors",
            "The model took too long to answer — Retry later or pick a faster strategy.",
        ),
        "gateway": QCoreApplication.translate(
            "Errors",
            "The gateway or the model failed — Retry in a few minutes or pick another strategy.",
        ),
        "invalid_input": QCoreApplication.translate(
            "Errors", "This file cannot be opened as a photo — it may be damaged or empty."
        ),
        "usage": QCoreApplication.translate(
            "Errors", "These options cannot be used with this strategy."
        ),
        "cancelled": QCoreApplication.translate("Errors", "Cancelled."),
        "interrupted": QCoreApplication.translate(
            "Errors", "LuxCanvas was closed while this job was running."
        ),
    }
    text = texts.get(
        kind,
        QCoreApplication.translate(
            "Errors", "Something went wrong inside LuxCanvas — Copy details and report it."
        ),
    )
    if may_be_billed:
        text += " " + billing_note()
    return text


#: Why a file cannot be used, by ``InvalidInput.reason``.
_FILE_PROBLEMS: dict[str, Any] = {  # QT_TRANSLATE_NOOP gives the str
    "not_found": QT_TRANSLATE_NOOP("Errors", "This file is no longer there — was it moved?"),
    "folder": QT_TRANSLATE_NOOP("Errors", "This is a folder — open the photos inside it."),
    "empty": QT_TRANSLATE_NOOP("Errors", "This file is empty (0 bytes) — copy it again."),
    "web_page": QT_TRANSLATE_NOOP(
        "Errors", "This is a web page saved with a photo's name — download the picture again."
    ),
    "not_an_image": QT_TRANSLATE_NOOP("Errors", "This file is not a photo LuxCanvas can open."),
    "damaged": QT_TRANSLATE_NOOP(
        "Errors", "This photo is damaged or incomplete — copy it again from its source."
    ),
    "unsupported": QT_TRANSLATE_NOOP(
        "Errors", "LuxCanvas does not open this kind of file — save it as JPEG or PNG."
    ),
    "too_large": QT_TRANSLATE_NOOP(
        "Errors", "This photo has too many pixels to open safely — scan it at a lower resolution."
    ),
    "too_big_to_send": QT_TRANSLATE_NOOP(
        "Errors", "This photo cannot be made small enough for this model — try another strategy."
    ),
    "unwritable": QT_TRANSLATE_NOOP(
        "Errors", "LuxCanvas cannot write there — choose another folder."
    ),
}


def billing_note() -> str:
    """The warning for a paid call that ended without a result (DESIGN.md §3)."""
    return QCoreApplication.translate("Errors", "The gateway may still bill this call.")


def file_size(num_bytes: int) -> str:
    locale = QLocale()
    return locale.formattedDataSize(num_bytes, 1, QLocale.DataSizeFormat.DataSizeSIFormat)
