"""User settings: a small JSON file in the config folder. Never holds the API key."""

from __future__ import annotations

import json
import os
import tempfile
import threading
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from luxcanvas.store import paths

DEFAULT_BASE_URL = "https://api.laozhang.ai"
_lock = threading.Lock()


@dataclass
class Settings:
    base_url: str = DEFAULT_BASE_URL
    monthly_budget_usd: float | None = None
    cache_max_mb: int = 2048
    default_strategy: str = ""
    default_size: str = "2K"
    language: str = ""  # "" follows the OS
    theme: str = "system"
    keep_metadata: bool = True
    #: Exports carry the photo's GPS location only when the person asks.
    keep_location: bool = False
    export_format: str = "png"
    export_quality: int = 92
    concurrency: int = 2
    price_overrides: dict[str, float] = field(default_factory=dict)
    #: The model id that last answered, per strategy (tried first next time).
    working_models: dict[str, str] = field(default_factory=dict)
    #: The first-run welcome has been shown (it shows once).
    welcomed: bool = False

    def effective_base_url(self) -> str:
        """``LUXCANVAS_BASE_URL`` wins over the saved value."""
        return os.environ.get("LUXCANVAS_BASE_URL") or self.base_url or DEFAULT_BASE_URL


def settings_path() -> Path:
    return paths.config_dir() / "settings.json"


def load_settings() -> Settings:
    """Saved settings, defaults for anything missing or unreadable."""
    path = settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    known = {f.name for f in fields(Settings)}
    values = {k: v for k, v in raw.items() if k in known} if isinstance(raw, dict) else {}
    try:
        return Settings(**values)
    except TypeError:
        return Settings()


def save_settings(settings: Settings) -> None:
    """Atomically replace the settings file."""
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(asdict(settings), indent=2, ensure_ascii=False)
    with _lock:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
