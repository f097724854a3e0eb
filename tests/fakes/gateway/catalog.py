"""What the fake gateway serves: the key it accepts, its models, their sizes and their prices.

The model names, size tables, limits and prices come from the gateway's and the models' public
documentation (DESIGN.md §3), not from the client. Prices and catalogues are data: a test may
change ``gw.prices`` or retire a model at run time.
"""

from __future__ import annotations

from dataclasses import dataclass

API_KEY = "sk-test-0123456789abcdef"

# --- Gemini image models ("Nano Banana"): ratios, sizes -------------------------------------------

# DESIGN.md §3 "Native": without aspectRatio the output takes the supported ratio nearest the input.
RATIOS_10: tuple[str, ...] = (
    "1:1",
    "2:3",
    "3:2",
    "3:4",
    "4:3",
    "4:5",
    "5:4",
    "9:16",
    "16:9",
    "21:9",
)
# DESIGN.md §3 "The model catalogue moves": the 14 ratios are the 10 plus 1:4, 4:1, 1:8, 8:1.
RATIOS_14: tuple[str, ...] = (*RATIOS_10, "1:4", "4:1", "1:8", "8:1")

# Output sizes per aspect ratio and imageSize (Google's grid; 4:3 at 2K is 2400x1792, at 4K
# 4800x3584 as DESIGN.md §3 says; the 1:4/4:1/1:8/8:1 rows are published measurements).
_GRID_1K: dict[str, tuple[int, int]] = {
    "1:1": (1024, 1024),
    "2:3": (848, 1264),
    "3:2": (1264, 848),
    "3:4": (896, 1200),
    "4:3": (1200, 896),
    "4:5": (928, 1152),
    "5:4": (1152, 928),
    "9:16": (768, 1376),
    "16:9": (1376, 768),
    "21:9": (1584, 672),
    "1:4": (512, 2064),
    "4:1": (2064, 512),
    "1:8": (352, 2928),
    "8:1": (2928, 352),
}


def _half(side: int) -> int:
    # ASSUMPTION: the "512" tier is published as measured only at 1:4/4:1 (256x1024); elsewhere
    # it is taken as half of 1K, each side rounded down to a multiple of 16 (which gives 256x1024).
    return max(16, side // 32 * 16)


# 2K is exactly twice 1K and 4K four times (Google's grid).
GEMINI_SIZES: dict[str, dict[str, tuple[int, int]]] = {
    ratio: {
        "512": (_half(w), _half(h)),
        "1K": (w, h),
        "2K": (2 * w, 2 * h),
        "4K": (4 * w, 4 * h),
    }
    for ratio, (w, h) in _GRID_1K.items()
}


@dataclass(frozen=True)
class GeminiModel:
    """What one Gemini image model takes: its ratios, its imageSize values, whether it thinks."""

    ratios: tuple[str, ...]
    sizes: tuple[str, ...]
    thinks: bool = False


# DESIGN.md §3 "The model catalogue moves" (sizes and ratio counts per model) and the seeds.
GEMINI_IMAGE_MODELS: dict[str, GeminiModel] = {
    "gemini-2.5-flash-image": GeminiModel(RATIOS_10, ("1K",)),
    "gemini-3-pro-image-preview": GeminiModel(RATIOS_10, ("1K", "2K", "4K"), thinks=True),
    "gemini-3-pro-image": GeminiModel(RATIOS_10, ("1K", "2K", "4K"), thinks=True),
    "gemini-3.1-flash-lite-image": GeminiModel(RATIOS_14, ("1K",)),
    "gemini-nano-banana-2.1": GeminiModel(RATIOS_14, ("1K", "2K", "4K")),
    "gemini-3.1-flash-image": GeminiModel(RATIOS_14, ("512", "1K", "2K", "4K")),
}

CHAT_DATA_URL_MODELS = frozenset(GEMINI_IMAGE_MODELS)  # every model takes chat and native
NATIVE_IMAGE_MODELS = frozenset(GEMINI_IMAGE_MODELS)
CHAT_LINK_MODELS = frozenset({"gpt-4o-image", "sora_image"})
TEXT_MODELS = frozenset({"gpt-4o-mini", "gemini-2.5-flash"})
NATIVE_TEXT_MODELS = frozenset({"gemini-2.5-flash"})

# --- Seedream and OpenAI-style canvases -----------------------------------------------------------

# Total pixels: 4.0 from 921,600 (1280x720), 4.5 from 3,686,400; both up to 4096x4096.
SEEDREAM_PIXEL_RANGE: dict[str, tuple[int, int]] = {
    "seedream-4-0-250828": (921_600, 16_777_216),
    "seedream-4-5-251128": (3_686_400, 16_777_216),
}
SEEDREAM_PRESETS: dict[str, tuple[int, int]] = {
    "1K": (1024, 1024),
    "2K": (2048, 2048),
    "4K": (4096, 4096),
}
# sora_image / gpt-4o-image canvases.
OPENAI_SIZES: dict[str, tuple[int, int]] = {
    "1:1": (1024, 1024),
    "2:3": (1024, 1536),
    "3:2": (1536, 1024),
}

# --- catalogues: which ids the gateway serves -----------------------------------------------------

_SHARED: tuple[str, ...] = (
    "seedream-4-0-250828",
    "seedream-4-5-251128",
    "gpt-4o-image",
    "sora_image",
    "gpt-4o-mini",
    "gemini-2.5-flash",
)
# The seeds' ids (January 2026).
JANUARY_MODELS: tuple[str, ...] = ("gemini-2.5-flash-image", "gemini-3-pro-image-preview", *_SHARED)
# The gateway's model page, "as of October 7, 2026".
OCTOBER_MODELS: tuple[str, ...] = (
    "gemini-2.5-flash-image",
    "gemini-3.1-flash-lite-image",
    "gemini-nano-banana-2.1",
    "gemini-3.1-flash-image",
    "gemini-3-pro-image",
    *_SHARED,
)
CATALOGUES: dict[str, tuple[str, ...]] = {
    "january": JANUARY_MODELS,
    "october": OCTOBER_MODELS,
    "both": (*OCTOBER_MODELS, "gemini-3-pro-image-preview"),
}
MODELS: tuple[str, ...] = CATALOGUES["both"]  # what the fake serves by default

# --- prices (USD per call) ------------------------------------------------------------------------

# DESIGN.md §2 (the seeds' table, January 2026) and §3 "The model catalogue moves" (prices as of
# October 7, 2026). ASSUMPTION: the text/vision models (gpt-4o-mini, gemini-2.5-flash) are
# usage-billed in reality; the fake charges a flat small amount per answered call.
JANUARY_PRICES: dict[str, float] = {
    "gemini-2.5-flash-image": 0.025,
    "gemini-3-pro-image-preview": 0.05,
    "seedream-4-0-250828": 0.035,
    "seedream-4-5-251128": 0.045,
    "gpt-4o-image": 0.01,
    "sora_image": 0.01,
    "gpt-4o-mini": 0.002,
    "gemini-2.5-flash": 0.002,
}
OCTOBER_PRICES: dict[str, float] = {
    "gemini-2.5-flash-image": 0.02,
    "gemini-3.1-flash-lite-image": 0.025,
    "gemini-nano-banana-2.1": 0.045,
    "gemini-3.1-flash-image": 0.055,
    "gemini-3-pro-image": 0.09,
    "seedream-4-0-250828": 0.035,
    "seedream-4-5-251128": 0.045,
    "gpt-4o-image": 0.01,
    "sora_image": 0.01,
    "gpt-4o-mini": 0.002,
    "gemini-2.5-flash": 0.002,
}
PRICES: dict[str, dict[str, float]] = {
    "january": JANUARY_PRICES,
    "october": OCTOBER_PRICES,
    "both": {**JANUARY_PRICES, **OCTOBER_PRICES},  # today's prices; January-only ids at theirs
}
# Models billed per call: a usage-billed key cannot call them (DESIGN.md §3).
PER_CALL_MODELS = (
    frozenset(model for table in (JANUARY_PRICES, OCTOBER_PRICES) for model in table) - TEXT_MODELS
)
