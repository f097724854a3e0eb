"""Which photos a list of paths means: files, folders (their photos) and glob patterns."""

from __future__ import annotations

import glob
from collections.abc import Iterable
from pathlib import Path

from luxcanvas.domain.formats import is_photo_name


def expand_inputs(items: Iterable[str | Path]) -> list[Path]:
    """Files, folders (their photos, by name) and glob patterns, in order, without duplicates.

    A path that does not exist (and is no pattern) stays in the list, so the caller can say
    which one is missing where it stands.
    """
    found: list[Path] = []
    for item in items:
        path = Path(item).expanduser()
        if path.is_dir():
            found += sorted(
                (p for p in path.iterdir() if p.is_file() and is_photo_name(p)),
                key=lambda p: (p.name.lower(), p.name),
            )
        elif not path.exists() and glob.has_magic(str(item)):
            found += sorted(Path(p) for p in glob.glob(str(item)) if Path(p).is_file())
        else:
            found.append(path)
    seen: set[Path] = set()
    unique = []
    for path in found:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique
