"""What the fake gateway serves: the key it accepts, its models and their output sizes.

The model names, size tables and limits come from the gateway's and the models' public
documentation (DESIGN.md §3), not from the client.
"""

from __future__ import annotations

API_KEY = "sk-test-0123456789abcdef"

CHAT_DATA_URL_MODELS = frozenset({"gemini-2.5-flash-image", "gemini-3-pro-image-preview"})
CHAT_LINK_MODELS = frozenset({"gpt-4o-image", "sora_image"})
TEXT_MODELS = frozenset({"gpt-4o-mini", "gemini-2.5-flash"})
NATIVE_IMAGE_MODELS = frozenset({"gemini-2.5-flash-image", "gemini-3-pro-image-preview"})
NATIVE_TEXT_MODELS = frozenset({"gemini-2.5-flash"})
SEEDREAM_PIXEL_RANGE: dict[str, tuple[int, int]] = {
    "seedream-4-0-250828": (921_600, 16_777_216),
    "seedream-4-5-251128": (3_686_400, 16_777_216),
}
MODELS: tuple[str, ...] = (
    "gemini-2.5-flash-image",
    "gemini-3-pro-image-preview",
    "seedream-4-0-250828",
    "seedream-4-5-251128",
    "gpt-4o-image",
    "sora_image",
    "gpt-4o-mini",
    "gemini-2.5-flash",
)

# Output sizes of the Gemini image models per aspect ratio and imageSize (Google's table).
GEMINI_SIZES: dict[str, dict[str, tuple[int, int]]] = {
    "1:1": {"1K": (1024, 1024), "2K": (2048, 2048), "4K": (4096, 4096)},
    "2:3": {"1K": (848, 1264), "2K": (1696, 2528), "4K": (3392, 5056)},
    "3:2": {"1K": (1264, 848), "2K": (2528, 1696), "4K": (5056, 3392)},
    "3:4": {"1K": (896, 1200), "2K": (1792, 2400), "4K": (3584, 4800)},
    "4:3": {"1K": (1200, 896), "2K": (2400, 1792), "4K": (4800, 3584)},
    "4:5": {"1K": (928, 1152), "2K": (1856, 2304), "4K": (3712, 4608)},
    "5:4": {"1K": (1152, 928), "2K": (2304, 1856), "4K": (4608, 3712)},
    "9:16": {"1K": (768, 1376), "2K": (1536, 2752), "4K": (3072, 5504)},
    "16:9": {"1K": (1376, 768), "2K": (2752, 1536), "4K": (5504, 3072)},
    "21:9": {"1K": (1584, 672), "2K": (3168, 1344), "4K": (6336, 2688)},
}
# sora_image / gpt-4o-image canvases.
OPENAI_SIZES: dict[str, tuple[int, int]] = {
    "1:1": (1024, 1024),
    "2:3": (1024, 1536),
    "3:2": (1536, 1024),
}
SEEDREAM_PRESETS: dict[str, tuple[int, int]] = {
    "1K": (1024, 1024),
    "2K": (2048, 2048),
    "4K": (4096, 4096),
}
