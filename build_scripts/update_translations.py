"""Regenerate the GUI translations: .ts sources from the code, then compiled .qm files.

    uv run python build_scripts/update_translations.py          # update and compile
    uv run python build_scripts/update_translations.py --check  # also fail on unfinished texts

``pyside6-lupdate`` (shipped with PySide6) scans ``luxcanvas/gui/*.py`` for ``tr()`` and
``QCoreApplication.translate()`` and merges new texts into ``resources/translations/*.ts``,
keeping every existing translation; translators then fill the new entries (Qt Linguist, or
any text editor). ``pyside6-lrelease`` compiles each ``.ts`` into the ``.qm`` the app loads.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "luxcanvas" / "gui").glob("*.py"))
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("es", "en")
#: English needs only its plural forms ("%n call" / "%n calls"): the sources are English.
PLURAL_ONLY = {"en"}


def tool(name: str) -> str:
    """The PySide6 tool next to this Python, or on PATH."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6 (it ships lupdate and lrelease).")
    return found


def unfinished(ts: Path) -> list[str]:
    """Source texts whose translation is missing or marked unfinished."""
    missing = []
    for message in ET.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        empty = translation is None or not ((translation.text or "").strip() or list(translation))
        if empty or (translation is not None and translation.get("type") == "unfinished"):
            missing.append(message.findtext("source") or "")
    return missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a text is untranslated")
    args = parser.parse_args()
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    status = 0
    for language in LANGUAGES:
        ts = TRANSLATIONS / f"luxcanvas_{language}.ts"
        qm = ts.with_suffix(".qm")
        subprocess.run(
            [
                tool("pyside6-lupdate"),
                *map(str, SOURCES),
                "-no-obsolete",
                *(["-pluralonly"] if language in PLURAL_ONLY else []),
                # No line numbers: a .ts then changes only where a text does, so branches
                # that add texts merge (see .gitattributes).
                "-locations",
                "none",
                "-source-language",
                "en",
                "-target-language",
                language,
                "-ts",
                str(ts),
            ],
            check=True,
        )
        subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True)
        missing = unfinished(ts)
        print(f"{ts.name}: {len(missing)} untranslated")
        for text in missing:
            print(f"  - {text!r}")
        if missing and args.check:
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
