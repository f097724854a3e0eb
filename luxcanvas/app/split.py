"""Splitting a flatbed scan into its prints: the use case both fronts share.

``read_scan`` opens a scan — up to ``SCAN_MAX_PIXELS``, enough for an A4 page at 1200 dpi —
and finds the prints on it. ``split_scan`` cuts each print out upright and writes it next to
the scan (or into a folder) as ``scan.1.png``, ``scan.2.png``, ..., carrying the scan's date,
ICC profile and dpi, never over an existing file. A front may pass corrected corners for the
prints (the window lets the user drag them). Progress comes as ``SplitProgress`` facts (a step
id and counts) that the fronts word; a ``CancelToken`` stops between steps.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PIL import Image

from luxcanvas.domain.errors import InvalidInput
from luxcanvas.domain.jobs import CancelToken
from luxcanvas.imaging.decode import (
    MAX_PIXELS,
    SCAN_MAX_PIXELS,
    SCAN_MAX_PIXELS_PER_BYTE,
    SourceInfo,
    load_image,
    probe,
)
from luxcanvas.imaging.export import export_image
from luxcanvas.imaging.scanbed import FoundPrint, ScanLayout, crop_print, find_prints

__all__ = [
    "STEP_CUT",
    "STEP_FIND",
    "STEP_READ",
    "Scan",
    "SplitPrint",
    "SplitProgress",
    "is_split_print",
    "open_scan",
    "print_names",
    "read_scan",
    "split_scan",
]

#: Progress steps: reading (decoding) the scan, finding its prints, cutting and writing them.
STEP_READ = "read"
STEP_FIND = "find"
STEP_CUT = "cut"


@dataclass(frozen=True)
class SplitProgress:
    """Where a split stands: ``step``, and for cutting how many of ``total`` prints are done.
    ``megapixels`` is the scan's size (a front says "Reading the scan (140 MP)")."""

    step: str
    done: int = 0
    total: int = 0
    megapixels: float = 0.0


ProgressCallback = Callable[[SplitProgress], None]


@dataclass(frozen=True)
class Scan:
    """A decoded scan (full resolution, upright RGB), what its file says, and its prints."""

    path: Path
    image: Image.Image
    info: SourceInfo
    layout: ScanLayout


@dataclass(frozen=True)
class SplitPrint:
    """One print written from a scan."""

    input: Path
    output: Path
    found: FoundPrint

    def to_json(self) -> dict[str, Any]:
        """The ``split --json`` object of DESIGN §4."""
        return {
            "input": str(self.input),
            "output": str(self.output),
            "angle": round(self.found.angle, 2),
            "box": list(self.found.box),
            "corners": [[round(x, 1), round(y, 1)] for x, y in self.found.corners],
        }


def open_scan(path: Path) -> tuple[Image.Image, SourceInfo]:
    """Decode a scan upright at full resolution.

    Scans may exceed the photo limit (``MAX_PIXELS``) up to ``SCAN_MAX_PIXELS``, but only when
    the file is as large as that many real pixels make it: a small file that unpacks to a huge
    image (a decompression bomb) is refused as a photo would be.
    """
    info = probe(path, max_pixels=SCAN_MAX_PIXELS)
    pixels = info.width * info.height
    if pixels > MAX_PIXELS and pixels > info.file_size * SCAN_MAX_PIXELS_PER_BYTE:
        raise InvalidInput(
            f"{path.name} has too many pixels for its file size to open safely "
            f"({info.width}x{info.height} in {info.file_size / 1e6:.1f} MB).",
            reason="too_large",
        )
    return load_image(path, max_pixels=SCAN_MAX_PIXELS)


def read_scan(
    path: Path,
    *,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> Scan:
    """Open a scan and find its prints (none found is a fact here, not an error)."""
    report = on_progress or (lambda _: None)
    megapixels = _megapixels(path)
    report(SplitProgress(STEP_READ, megapixels=megapixels))
    image, info = open_scan(path)
    if cancel is not None:
        cancel.raise_if_cancelled()
    report(SplitProgress(STEP_FIND, megapixels=megapixels))
    layout = find_prints(image)
    return Scan(path, image, info, layout)


def print_names(path: Path, count: int, out_dir: Path | None = None) -> list[Path]:
    """The names the prints of ``path`` are written under: ``scan.1.png``, ``scan.2.png``..."""
    folder = out_dir if out_dir is not None else path.parent
    return [folder / f"{path.stem}.{index}.png" for index in range(1, count + 1)]


def split_scan(
    path: Path,
    *,
    out_dir: Path | None = None,
    prints: Sequence[FoundPrint] | None = None,
    scan: Scan | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> list[SplitPrint]:
    """Cut every print (or the ``prints`` given, e.g. with corrected corners) out of the scan
    and write each one; returns them in the scan's reading order.

    Raises InvalidInput (exit 3) when the scan cannot be opened, holds no print, or the
    folder cannot be written; an existing file is never replaced ('scan.1 (2).png'). A file
    an earlier split wrote for the same print of the same scan is reused as it is.
    """
    report = on_progress or (lambda _: None)
    if scan is None:
        scan = read_scan(path, on_progress=on_progress, cancel=cancel)
    chosen = tuple(prints) if prints is not None else scan.layout.prints
    if not chosen:
        raise InvalidInput(
            f"No print was found on {path.name}: it looks like an empty scanner bed. "
            "Lay the prints a few millimetres apart and scan again.",
            reason="no_prints",
        )
    names = print_names(path, len(chosen), out_dir)
    written: list[SplitPrint] = []
    megapixels = scan.image.width * scan.image.height / 1e6
    for index, (found, dest) in enumerate(zip(chosen, names, strict=True)):
        if cancel is not None:
            cancel.raise_if_cancelled()
        report(SplitProgress(STEP_CUT, index, len(chosen), megapixels))
        provenance = _provenance(path, found)
        if _holds_print(dest, provenance):
            # Split before: the same print of the same scan is there already. Writing it again
            # as 'scan.1 (2).png' would only add a copy (and a paid restore of it).
            written.append(SplitPrint(path, dest, found))
            continue
        image = crop_print(scan.image, found)
        try:
            output = export_image(
                image,
                dest,
                fmt="png",
                source=scan.info,
                provenance=provenance,
                dpi=scan.info.dpi,
            )
        except OSError as err:
            raise InvalidInput(
                f"Cannot write {dest}: {err.strerror or err}.", reason="unwritable"
            ) from err
        written.append(SplitPrint(path, output, found))
    report(SplitProgress(STEP_CUT, len(chosen), len(chosen), megapixels))
    return written


#: The PNG text keys a print cut from a scan carries: the scan's name, the print's corners.
SPLIT_FROM_KEY = "luxcanvas:split_from"
SPLIT_CORNERS_KEY = "luxcanvas:split_corners"


def _provenance(scan: Path, found: FoundPrint) -> dict[str, str]:
    """What a print's file says of where it came from. The same scan and corners always give
    the same text (the date is the scan's own), so the same print is the same file: the cache
    knows it again, and a restore of it is not paid twice."""
    try:
        stamp = datetime.fromtimestamp(scan.stat().st_mtime, UTC)
    except OSError:
        stamp = datetime.now(UTC)
    corners = json.dumps([[round(x, 1), round(y, 1)] for x, y in found.corners])
    return {
        "split_from": scan.name,
        "split_corners": corners,
        "date": stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def _holds_print(dest: Path, provenance: dict[str, str]) -> bool:
    """Whether ``dest`` is the print ``provenance`` describes, written by an earlier split."""
    if not dest.is_file():
        return False
    try:
        with Image.open(dest) as im:
            return (
                im.info.get(SPLIT_FROM_KEY) == provenance["split_from"]
                and im.info.get(SPLIT_CORNERS_KEY) == provenance["split_corners"]
            )
    except Exception:
        return False


def is_split_print(path: Path) -> bool:
    """Whether ``path`` is a print LuxCanvas cut from a scan (so not a scan to split again)."""
    if path.suffix.lower() != ".png":
        return False
    try:
        with Image.open(path) as im:
            return SPLIT_FROM_KEY in im.info
    except Exception:  # not an image, unreadable: the split itself says why
        return False


def _megapixels(path: Path) -> float:
    try:
        info = probe(path, max_pixels=SCAN_MAX_PIXELS)
    except InvalidInput:
        return 0.0  # open_scan says what is wrong with it
    return info.width * info.height / 1e6
