"""The seams the project keeps, checked by tools rather than memory."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "luxcanvas"


def test_import_linter_contracts_hold():
    """The layers of DESIGN.md §1; nothing below the GUI imports Qt; only gateway/http.py
    imports httpx."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache"], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_no_lazy_qt_or_httpx_import_slips_past_the_linter():
    """import-linter sees function-level imports too, but a grep is a cheap second opinion."""
    qt = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6|PyQt)", re.M)
    httpx = re.compile(r"^\s*(from|import)\s+httpx", re.M)
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(PACKAGE).as_posix()
        if not rel.startswith(("gui/", "selftest")) and qt.search(text):
            offenders.append(rel)
        if rel != "gateway/http.py" and httpx.search(text):
            offenders.append(rel)
    assert offenders == []


def test_the_whole_package_type_checks():
    mypy = Path(sys.executable).with_name("mypy")
    result = subprocess.run(
        [str(mypy), "--no-incremental"], capture_output=True, text=True, timeout=600,
        cwd=PACKAGE.parent, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_is_clean():
    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run(
        [str(ruff), "check", "."], capture_output=True, text=True, timeout=120,
        cwd=PACKAGE.parent, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout
