"""Writing a result to disk: format, metadata, provenance, never clobbering."""

from __future__ import annotations

import os
import secrets
import struct
import zlib
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from PIL import Image
from PIL.PngImagePlugin import PngInfo

import luxcanvas
from luxcanvas.domain.errors import UsageError
from luxcanvas.domain.formats import EXPORT_FORMATS, OUTPUT_SUFFIXES, PIL_FORMATS, export_format
from luxcanvas.imaging import png
from luxcanvas.imaging.decode import TAG_ORIENTATION, SourceInfo, to_rgb

# EXIF tags (TIFF numbering) that export carries over from the original.
_TAG_DESCRIPTION = 0x010E
_TAG_SOFTWARE = 0x0131
_IFD_EXIF = 0x8769
_IFD_GPS = 0x8825
_TAG_USER_COMMENT = 0x9286
_KEEP_IFD0 = (
    0x010F,  # Make
    0x0110,  # Model
    0x0132,  # DateTime
    0x013B,  # Artist
    0x8298,  # Copyright
)
_KEEP_EXIF_IFD = (
    0x9003,  # DateTimeOriginal
    0x9004,  # DateTimeDigitized
    0x9010,  # OffsetTime
    0x9011,  # OffsetTimeOriginal
    0x9012,  # OffsetTimeDigitized
    0xA433,  # LensMake
    0xA434,  # LensModel
)


def export_image(
    image: Image.Image,
    dest: str | Path,
    *,
    fmt: str | None = None,
    quality: int = 92,
    source: SourceInfo | None = None,
    keep_metadata: bool = True,
    keep_location: bool = False,
    provenance: dict[str, str] | None = None,
    overwrite: bool = False,
    dpi: tuple[float, float] | None = None,
) -> Path:
    """Write ``image`` to ``dest`` atomically and return the path actually written.

    ``fmt`` is 'png', 'jpeg', 'webp' or 'tiff' (default: from dest's suffix). With
    ``keep_metadata`` the original's EXIF date, camera and lens travel along (its GPS location
    only with ``keep_location``: a phone photo of a print carries where the phone was, usually
    the user's home); its RGB ICC
    profile is kept whenever there is a source (it describes the pixels). Orientation is reset
    to 1. Provenance (LuxCanvas version, strategy, model, date) goes into EXIF and, for PNG,
    text chunks. ``dpi`` is stored when given (a print cut from a scan keeps the scan's).
    An existing file is never replaced unless ``overwrite``: the next free 'name (2).ext' is
    used instead. No partial file is left behind on failure.
    """
    dest = Path(dest)
    pil_format = _export_format(dest, fmt)
    if image.mode not in ("RGB", "L") and not (image.mode == "RGBA" and pil_format != "JPEG"):
        image = to_rgb(image)
    metadata = _Metadata.build(source, keep_metadata, keep_location, provenance, image.mode, dpi)
    if pil_format == "PNG" and png.can_encode(image):
        pieces = png.with_chunks(png.encode_png(image), metadata.png_chunks())
        assert pieces is not None  # encode_png writes exactly what with_chunks reuses
        return _write_atomically(dest, overwrite, lambda fp: fp.writelines(pieces))

    params: dict[str, object] = {"exif": metadata.exif.tobytes()}
    if metadata.icc:
        params["icc_profile"] = metadata.icc
    if metadata.dpi:
        params["dpi"] = metadata.dpi
    if pil_format == "JPEG":
        params.update(quality=quality, subsampling=0 if quality >= 90 else 2, optimize=True)
    elif pil_format == "WEBP":
        params.update(quality=quality, method=4)
    # TIFF stays uncompressed: libtiff's compressed writer cannot store the GPS and Exif
    # sub-IFDs, and keeping the date and place of an old photo matters more than its size.
    elif pil_format == "PNG":
        params["pnginfo"] = metadata.text
        params["compress_level"] = 3
    return _write_atomically(dest, overwrite, lambda fp: image.save(fp, pil_format, **params))


def export_png_bytes(
    data: bytes,
    dest: str | Path,
    *,
    source: SourceInfo | None = None,
    keep_metadata: bool = True,
    keep_location: bool = False,
    provenance: dict[str, str] | None = None,
    overwrite: bool = False,
) -> Path | None:
    """Export an already encoded PNG as ``export_image`` would, without re-encoding it.

    The metadata go in as chunks beside the same pixels. Returns None when the bytes cannot
    be reused as they are (not 8-bit L, RGB or RGBA, interlaced, damaged): decode them and
    call ``export_image`` then.
    """
    colour = png.colour_mode(data)
    if colour is None:
        return None
    metadata = _Metadata.build(source, keep_metadata, keep_location, provenance, colour)
    pieces = png.with_chunks(data, metadata.png_chunks())
    if pieces is None:
        return None
    return _write_atomically(Path(dest), overwrite, lambda fp: fp.writelines(pieces))


@dataclass(frozen=True)
class _Metadata:
    """What an exported file carries: EXIF, the ICC profile, PNG text."""

    exif: Image.Exif
    icc: bytes | None
    text: PngInfo
    dpi: tuple[float, float] | None = None

    @classmethod
    def build(
        cls,
        source: SourceInfo | None,
        keep_metadata: bool,
        keep_location: bool,
        provenance: dict[str, str] | None,
        mode: str,
        dpi: tuple[float, float] | None = None,
    ) -> _Metadata:
        description = _provenance_text(provenance)
        exif = _export_exif(source if keep_metadata else None, description, keep_location)
        icc = source.icc_profile if source is not None else None
        kept = icc if icc and icc[16:20] == b"RGB " and mode != "L" else None
        return cls(exif, kept, _png_text(description, provenance), dpi)

    def png_chunks(self) -> list[tuple[bytes, bytes]]:
        """The chunks Pillow's PNG writer would add, in its order (all before the pixels)."""
        found: list[tuple[bytes, bytes]] = []
        if self.icc:
            found.append((b"iCCP", b"ICC Profile\0\0" + zlib.compress(self.icc)))
        if self.dpi:
            per_metre = [round(v / 0.0254) for v in self.dpi]
            found.append((b"pHYs", struct.pack(">IIB", *per_metre, 1)))
        found.extend((kind, body) for kind, body, *_ in self.text.chunks)
        exif = self.exif.tobytes(8)
        found.append((b"eXIf", exif[6:] if exif.startswith(b"Exif\x00\x00") else exif))
        return found


def _export_format(dest: Path, fmt: str | None) -> str:
    key = export_format(fmt or dest.suffix)
    if key is None:
        raise UsageError(
            f"LuxCanvas cannot save as '{fmt or dest.suffix or dest.name}'; "
            f"choose {', '.join(EXPORT_FORMATS[:-1])} or {EXPORT_FORMATS[-1]}."
        )
    return PIL_FORMATS[key]


def _provenance_text(provenance: dict[str, str] | None) -> str:
    values = dict(provenance or {})
    scan = values.get("split_from")
    parts = [f"Cut from the scan {scan} by LuxCanvas" if scan else "Restored by LuxCanvas"]
    values.setdefault("date", datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    for key in ("strategy", "model"):
        if values.get(key):
            parts.append(f"{key} {values[key]}")
    parts.append(values["date"])
    return " · ".join(parts)


def _export_exif(source: SourceInfo | None, description: str, keep_location: bool) -> Image.Exif:
    exif = Image.Exif()
    if source is not None and source.exif:
        original = Image.Exif()
        try:
            original.load(source.exif)
            for tag in _KEEP_IFD0:
                if tag in original:
                    exif[tag] = original[tag]
            gps = dict(original.get_ifd(_IFD_GPS)) if keep_location else {}
            if gps:
                exif.get_ifd(_IFD_GPS).update(gps)
            details = original.get_ifd(_IFD_EXIF)
            kept = {
                tag: details[tag] for tag in (*_KEEP_EXIF_IFD, _TAG_USER_COMMENT) if tag in details
            }
            if kept:
                exif.get_ifd(_IFD_EXIF).update(kept)
        except Exception:  # damaged EXIF: export without it rather than fail the export
            exif = Image.Exif()
    exif[TAG_ORIENTATION] = 1
    exif[_TAG_SOFTWARE] = f"LuxCanvas {luxcanvas.__version__}"
    # ImageDescription is an ASCII field (Pillow reads it back as Latin-1): keep it plain ASCII.
    exif[_TAG_DESCRIPTION] = description.replace(" · ", " - ").encode("ascii", "replace")
    details = exif.get_ifd(_IFD_EXIF)
    # The user's own caption (e.g. "Abuela y el gato") is kept; otherwise say where it came from.
    if _TAG_USER_COMMENT not in details:
        encoding = "utf-16-le" if exif.endian == "<" else "utf-16-be"
        details[_TAG_USER_COMMENT] = b"UNICODE\0" + description.encode(encoding)
    return exif


def _png_text(description: str, provenance: dict[str, str] | None) -> PngInfo:
    info = PngInfo()
    info.add_text("Software", f"LuxCanvas {luxcanvas.__version__}")
    info.add_text("Description", description)
    for key, value in sorted((provenance or {}).items()):
        info.add_text(f"luxcanvas:{key}", str(value))
    return info


def _write_atomically(dest: Path, overwrite: bool, write: Callable[[IO[bytes]], None]) -> Path:
    """Write through a temp file in dest's folder; publish with os.replace / a no-clobber link."""
    folder = dest.parent
    temp = folder / f".{dest.name}.{secrets.token_hex(4)}.tmp"
    # os.open (not tempfile) so the file gets the user's normal permissions via the umask.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fp:
            write(fp)
            fp.flush()
            os.fsync(fp.fileno())
        if overwrite:
            os.replace(temp, dest)
            return dest
        return _publish_without_clobbering(temp, dest)
    except BaseException:
        with suppress(OSError):
            temp.unlink()
        raise


def _publish_without_clobbering(temp: Path, dest: Path) -> Path:
    while True:
        candidate = unique_path(dest)
        try:
            # A hard link fails if the name was taken meanwhile (e.g. by a parallel job).
            os.link(temp, candidate)
        except FileExistsError:
            continue
        except OSError:  # file systems without hard links (FAT, some network shares)
            os.replace(temp, candidate)
            return candidate
        temp.unlink()
        return candidate


def unique_path(path: str | Path) -> Path:
    """``path`` if no file has that name yet, else 'name (2).ext', 'name (3).ext', ..."""
    path = Path(path)
    if not path.exists():
        return path
    counter = 2
    while True:
        candidate = path.with_name(f"{path.stem} ({counter}){path.suffix}")
        if not candidate.exists():
            return candidate
        counter += 1


def default_output_name(input_path: str | Path, strategy_id: str, fmt: str = "png") -> Path:
    """'grandma.jpg' + 'restore' → 'grandma.restored-restore.png' next to the input."""
    input_path = Path(input_path)
    suffix = OUTPUT_SUFFIXES[export_format(fmt) or EXPORT_FORMATS[0]]
    return input_path.with_name(f"{input_path.stem}.restored-{strategy_id}.{suffix}")
