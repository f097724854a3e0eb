"""Results already paid for, so the same job never costs twice.

Content-addressed: the key hashes the input's bytes, how it was prepared, the strategy,
model, size, prompt and options. Each entry is a folder holding the framed result image
and a small ``meta.json``; it is written to a temporary folder and renamed into place, so
a crash leaves no half entry. A size cap evicts the least recently used entries.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from luxcanvas.store import paths

#: The one cache version: bump when preparing a payload or framing a result changes what a
#: key produces, so old entries are not reused.
CACHE_VERSION = 1


def cache_key(parts: Iterable[Any]) -> str:
    """A stable hex key from JSON-able parts (bytes are hashed first).

    The version opens the key and, as it always has, closes it too: keys made before the
    version had one home still match, so nothing already paid for is paid again.
    """
    digest = hashlib.sha256()
    digest.update(f"luxcanvas-cache-v{CACHE_VERSION}".encode())
    for part in [*parts, CACHE_VERSION]:
        if isinstance(part, bytes | bytearray | memoryview):
            part = hashlib.sha256(part).hexdigest()
        digest.update(b"\x1f")
        digest.update(json.dumps(part, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def file_digest(path: str | Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


@dataclass(frozen=True)
class CacheEntry:
    key: str
    image_path: Path
    meta: dict[str, Any]


class ResultCache:
    """A folder of finished results keyed by ``cache_key``."""

    def __init__(self, root: Path | None = None, max_bytes: int = 2 * 1024**3):
        self.root = root or paths.cache_dir() / "results"
        self.max_bytes = max_bytes
        self._lock = threading.Lock()

    def _dir(self, key: str) -> Path:
        return self.root / key[:2] / key

    def get(self, key: str) -> CacheEntry | None:
        folder = self._dir(key)
        try:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            image = folder / meta["file"]
            if not image.is_file():
                return None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        now = time.time()
        try:
            os.utime(folder / "meta.json", (now, now))  # recency for LRU eviction
        except OSError:
            pass
        return CacheEntry(key, image, meta)

    def put(self, key: str, image_bytes: bytes, suffix: str, meta: dict[str, Any]) -> CacheEntry:
        """Store atomically; an existing entry for the key is kept as it is."""
        folder = self._dir(key)
        folder.parent.mkdir(parents=True, exist_ok=True)
        meta = dict(meta, file=f"result{suffix}", key=key, stored_at=time.time())
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder.parent))
        try:
            (tmp / meta["file"]).write_bytes(image_bytes)
            (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
            try:
                os.rename(tmp, folder)
            except OSError:
                if not (folder / "meta.json").is_file():
                    raise
                shutil.rmtree(tmp, ignore_errors=True)  # another job stored it first
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        self.evict()
        entry = self.get(key)
        assert entry is not None
        return entry

    def entries(self) -> list[tuple[float, int, Path]]:
        """(last use, bytes, folder) of every complete entry."""
        found: list[tuple[float, int, Path]] = []
        if not self.root.is_dir():
            return found
        for shard in self.root.iterdir():
            if not shard.is_dir():
                continue
            for folder in shard.iterdir():
                if folder.name.startswith(".tmp-"):
                    continue
                meta = folder / "meta.json"
                try:
                    used = meta.stat().st_mtime
                    size = sum(f.stat().st_size for f in folder.iterdir())
                except OSError:
                    continue
                found.append((used, size, folder))
        return found

    def size_bytes(self) -> int:
        return sum(size for _, size, _ in self.entries())

    def evict(self) -> int:
        """Remove least recently used entries until under the cap; returns how many."""
        with self._lock:
            entries = sorted(self.entries())
            total = sum(size for _, size, _ in entries)
            removed = 0
            for _, size, folder in entries:
                if total <= self.max_bytes:
                    break
                shutil.rmtree(folder, ignore_errors=True)
                total -= size
                removed += 1
            return removed

    def clear(self) -> None:
        with self._lock:
            shutil.rmtree(self.root, ignore_errors=True)

    def sweep_partial(self) -> None:
        """Remove temporary folders left by a crash mid-write."""
        if not self.root.is_dir():
            return
        for shard in self.root.iterdir():
            if shard.is_dir():
                for folder in shard.glob(".tmp-*"):
                    shutil.rmtree(folder, ignore_errors=True)
