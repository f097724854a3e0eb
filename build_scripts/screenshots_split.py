"""Render the scan-split offer of the real window offscreen into docs/screenshots/split-*.png.

    uv run python build_scripts/screenshots_split.py [--out DIR]

A real case: an A4 flatbed scan at 300 dpi made by the tests' generator (``tests/scanbed_gen``:
the fixture photos laid as prints on a generated lid, with paper borders, edge shadows, lamp
falloff and noise) is opened in the window; the outlines on the canvas are what the detection
found on it, nothing drawn by hand. English (``split-en.png``) and Spanish (``split-es.png``).

State lives in a temporary LUXCANVAS_HOME and the scan in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LUXCANVAS_HOME"] = tempfile.mkdtemp(prefix="luxcanvas-shots-")

from PySide6.QtWidgets import QApplication  # noqa: E402

from tests.scanbed_gen import render_scan  # noqa: E402

sys.path.insert(0, str(ROOT / "build_scripts"))
import screenshots as shots  # noqa: E402
from screenshots import save, wait_ms, wait_until  # noqa: E402

SIZE = (1440, 900)
SEED, PRINTS, DPI = 17, 4, 300  # four different photos, two with white borders, turned


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=shots.OUT, help=f"folder (default {shots.OUT})")
    shots.OUT = parser.parse_args().out.resolve()
    shots.OUT.mkdir(parents=True, exist_ok=True)
    from luxcanvas.gui import build_main_window
    from luxcanvas.gui.app import language_manager

    scan, _ = render_scan(SEED, count=PRINTS, dpi=DPI, bed="white")
    folder = Path(tempfile.mkdtemp(prefix="luxcanvas-scan-"))
    path = folder / "shoebox-1962.png"
    scan.save(path, dpi=(DPI, DPI))

    window = build_main_window()
    window.resize(*SIZE)
    window.open_paths([str(path)])
    wait_until(lambda: window.split_ctl.is_open())
    found = len(window.split_ctl.overlay.outlines)
    if found != PRINTS:
        raise SystemExit(f"the detection found {found} prints, not {PRINTS}: pick another seed")
    save(window, "split-en.png")

    language_manager(QApplication.instance()).apply("es")
    wait_ms(200)
    save(window, "split-es.png")
    language_manager(QApplication.instance()).apply("en")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
