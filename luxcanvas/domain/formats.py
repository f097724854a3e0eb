"""Which files LuxCanvas opens and which formats it writes: the one list of each."""

from __future__ import annotations

from pathlib import Path

#: File name endings the app and the CLI treat as photos (folders give these files).
INPUT_SUFFIXES: frozenset[str] = frozenset(
    {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".bmp", ".gif", ".heic", ".heif", ".avif"}
)

#: Export formats, in the order they are offered; the first is the default.
EXPORT_FORMATS: tuple[str, ...] = ("png", "jpeg", "webp", "tiff")
#: How each export format is named to a person.
FORMAT_NAMES: dict[str, str] = {"png": "PNG", "jpeg": "JPEG", "webp": "WebP", "tiff": "TIFF"}
#: Formats with a quality setting.
LOSSY_FORMATS: tuple[str, ...] = ("jpeg", "webp")
#: Pillow's name for each export format, and the file ending it gets.
PIL_FORMATS: dict[str, str] = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP", "tiff": "TIFF"}
OUTPUT_SUFFIXES: dict[str, str] = {"png": "png", "jpeg": "jpg", "webp": "webp", "tiff": "tiff"}
_ALIASES = {"jpg": "jpeg", "tif": "tiff"}


def export_format(name: str) -> str | None:
    """The export format a name or file ending means ('JPG', '.tif' ...); None if none."""
    key = name.strip().lower().lstrip(".")
    key = _ALIASES.get(key, key)
    return key if key in EXPORT_FORMATS else None


def is_photo_name(path: str | Path) -> bool:
    """True when the file name ends like a photo LuxCanvas opens."""
    return Path(path).suffix.lower() in INPUT_SUFFIXES
