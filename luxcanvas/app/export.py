"""Writing a version out for the user: where it goes, in which format, with which metadata.

The CLI and the GUI both export through here, so a file written by either carries the same
metadata and provenance and never overwrites an existing file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from luxcanvas import imaging
from luxcanvas.domain.errors import InvalidInput, UsageError
from luxcanvas.domain.formats import EXPORT_FORMATS, export_format
from luxcanvas.imaging.export import export_png_bytes


@dataclass(frozen=True)
class ExportRequest:
    """One version to write: where, how, and with which metadata."""

    result_path: Path
    input_path: Path
    dest: Path
    fmt: str
    quality: int
    keep_metadata: bool
    strategy: str
    model: str
    #: Keep the original's GPS location too (off unless the person asks: DESIGN §5).
    keep_location: bool = False

    @classmethod
    def into_folder(
        cls, record: Any, input_path: Path, folder: Path, settings: Any, words: str = ""
    ) -> ExportRequest:
        """A history record exported into ``folder`` with the saved export settings, named
        'photo (words).ext' (``words`` from the front, e.g. "restored, faithful 2K"), never
        over an existing file."""
        if words:
            name = readable_output_name(input_path, words, settings.export_format)
        else:
            name = imaging.default_output_name(input_path, record.strategy, settings.export_format)
        return cls(
            Path(record.result_path),
            Path(input_path),
            imaging.unique_path(Path(folder) / name.name),
            settings.export_format,
            settings.export_quality,
            settings.keep_metadata,
            record.strategy,
            record.model,
            settings.keep_location,
        )


#: Characters no file name may hold on Windows, macOS or Linux.
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def readable_output_name(input_path: str | Path, words: str, fmt: str = "png") -> Path:
    """The name a person would write, next to the input: 'grandma.jpg' and "restored,
    faithful 2K" → 'grandma (restored, faithful 2K).png'; characters a file name cannot hold
    become spaces. It may exist already: pass it through ``imaging.unique_path``."""
    input_path = Path(input_path)
    suffix = imaging.default_output_name(input_path, "x", fmt).suffix
    cleaned = " ".join(_UNSAFE.sub(" ", words).split()).strip(" .")
    stem = f"{input_path.stem} ({cleaned})" if cleaned else input_path.stem
    return input_path.with_name(stem + suffix)


def provenance(strategy: str, model: str) -> dict[str, str]:
    """What an exported file records about how it was made."""
    return {
        "strategy": strategy,
        "model": model,
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def export_version(
    request: ExportRequest, source: imaging.SourceInfo | None = None, image: Any = None
) -> Path:
    """Write the request's version and return the path actually written.

    ``source`` is the original's SourceInfo when the caller has it (else it is probed), and
    ``image`` the version's pixels when they are still in memory (else the file is decoded).
    A PNG version exported as PNG is not encoded again: its bytes get the metadata as
    chunks. A folder that cannot be written is an InvalidInput naming the file.
    """
    from PIL import Image

    source = source or imaging.probe(request.input_path)
    made = provenance(request.strategy, request.model)
    keep, location = request.keep_metadata, request.keep_location

    def write(pixels: Any) -> Path:
        return imaging.export_image(
            pixels,
            request.dest,
            fmt=request.fmt,
            quality=request.quality,
            source=source,
            keep_metadata=keep,
            keep_location=location,
            provenance=made,
        )

    try:
        if export_format(request.fmt) == "png" and request.result_path.suffix.lower() == ".png":
            written = export_png_bytes(
                request.result_path.read_bytes(),
                request.dest,
                source=source,
                keep_metadata=keep,
                keep_location=location,
                provenance=made,
            )
            if written is not None:
                return written
        if image is not None:
            return write(image)
        with Image.open(request.result_path) as result:
            return write(result)
    except OSError as err:
        raise InvalidInput(
            f"Cannot write {request.dest}: {err.strerror or err}.", reason="unwritable"
        ) from err


def output_path(
    source: Path, strategy: str, out: str | None, fmt: str, many: bool
) -> tuple[Path, str]:
    """Where the CLI writes ``source``'s result, and in which format.

    No ``out``: next to the input. A folder (or several inputs): inside it, named after the
    input. A file name: that file, its ending choosing the format when it names one.
    """
    if out:
        target = Path(out)
        if many or target.is_dir() or out.endswith(("/", os.sep)):
            target.mkdir(parents=True, exist_ok=True)
            return target / imaging.default_output_name(source, strategy, fmt).name, fmt
        named = export_format(target.suffix) if target.suffix else None
        if named is not None:
            fmt = named
        else:
            target = target.with_suffix(f".{fmt}")
        target.parent.mkdir(parents=True, exist_ok=True)
        return target, fmt
    return imaging.default_output_name(source, strategy, fmt), fmt


def check_single_output(out: str | None, count: int) -> None:
    """A usage error when one output file is named for several inputs."""
    if out and count > 1 and export_format(Path(out).suffix or "-") is not None:
        raise UsageError("--out must be a folder when restoring several photos.")


__all__ = [
    "EXPORT_FORMATS",
    "ExportRequest",
    "check_single_output",
    "export_version",
    "output_path",
    "provenance",
    "readable_output_name",
]
