"""Results already paid for, so the same job never costs twice.

Content-addressed: the key hashes the input's bytes, how it was prepared, the strategy,
model, size, prompt and options. Each entry is a folder holding the framed result image
and a small ``meta.json``; it is written to a temporary folder and renamed into place, so
a crash leaves no half entry. A size cap evicts the least recently used entries.

Result files are never changed once written, so an entry and the history's version share
one file (a hard link; a copy where the file system has none): a result is written once.
Several processes may share one cache (the app and a CLI batch on one LUXCANVAS_HOME): an
entry another process is writing or evicting is never mistaken for a broken one.
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

#: A temporary folder younger than this may belong to another process still writing it.
STALE_TEMP_SECONDS = 3600

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

    def put(
        self, key: str, image: bytes | Path, suffix: str, meta: dict[str, Any]
    ) -> CacheEntry | None:
        """Store atomically; an existing entry for the key is kept as it is.

        ``image`` is the encoded result, or a result file to share (linked, else copied).
        Returns the entry, or None when another process evicted it at once.
        """
        folder = self._dir(key)
        folder.parent.mkdir(parents=True, exist_ok=True)
        meta = dict(meta, file=f"result{suffix}", key=key, stored_at=time.time())
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder.parent))
        try:
            if isinstance(image, Path):
                link_or_copy(image, tmp / meta["file"])
            else:
                (tmp / meta["file"]).write_bytes(image)
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
        return self.get(key)

    def entries(self) -> list[tuple[float, int, Path]]:
        """(last use, bytes, folder) of every complete entry."""
        found: list[tuple[float, int, Path]] = []
        if not self.root.is_dir():
            return found
        for shard in _listing(self.root):
            for folder in _listing(shard):
                if folder.name.startswith(".tmp-"):
                    continue
                meta = folder / "meta.json"
                try:
                    used = meta.stat().st_mtime
                    size = sum(f.stat().st_size for f in folder.iterdir())
                except OSError:  # not an entry, or another process is evicting it
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

    def sweep_partial(self, older_than: float = STALE_TEMP_SECONDS) -> None:
        """Remove temporary folders left by a crash mid-write.

        Only old ones: a young one may be another process's entry being written right now
        (removing it made that job fail with an internal error).
        """
        cutoff = time.time() - older_than
        for shard in _listing(self.root):
            for folder in _listing(shard):
                try:
                    stale = folder.name.startswith(".tmp-") and folder.stat().st_mtime < cutoff
                except OSError:
                    continue
                if stale:
                    shutil.rmtree(folder, ignore_errors=True)


def _listing(folder: Path) -> list[Path]:
    """The sub-folders of ``folder``; [] when it is missing or vanishes meanwhile."""
    try:
        return [child for child in folder.iterdir() if child.is_dir()]
    except OSError:
        return []


def link_or_copy(source: Path, dest: Path) -> None:
    """Make ``dest`` the same file as ``source``: a hard link, or a copy where links fail."""
    try:
        os.link(source, dest)
    except FileNotFoundError:
        raise
    except OSError:  # FAT, some network shares, another device
        shutil.copyfile(source, dest)
