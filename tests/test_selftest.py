"""`luxcanvas --self-test` and the packaging files the release workflow relies on."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from luxcanvas import selftest

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "build_scripts" / "luxcanvas.spec"
ISS = ROOT / "build_scripts" / "windows" / "luxcanvas.iss"
EXPECTED_CHECKS = [
    "window",
    "decode_jpeg",
    "decode_png",
    "decode_tiff",
    "decode_webp",
    "decode_avif",
    "decode_heic",
    "keyring",
    "tls_certificates",
    "local_restore",
    "resources",
]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    """One self-test run in a fresh process, as the installed app runs it (offscreen)."""
    out = tmp_path_factory.mktemp("selftest") / "report.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("LAOZHANG_API_KEY", None)
    result = subprocess.run(
        [sys.executable, "-m", "luxcanvas.cli", "--self-test", "--report", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.is_file(), f"no report written:\n{result.stderr}"
    data = json.loads(out.read_text(encoding="utf-8"))
    data["_exit_code"] = result.returncode
    return data


def test_report_lists_every_check_and_all_pass(report):
    assert [c["name"] for c in report["checks"]] == EXPECTED_CHECKS
    failed = {c["name"]: c["detail"] for c in report["checks"] if not c["ok"]}
    assert failed == {}
    assert report["ok"] is True
    assert report["_exit_code"] == 0


def test_report_shape(report):
    assert set(report) >= {"version", "frozen", "platform", "checks", "ok"}
    assert report["frozen"] is False
    for check in report["checks"]:
        assert set(check) == {"name", "ok", "detail", "seconds"}
        assert check["seconds"] >= 0
    assert selftest.verify_report(report, frozen=False) == []
    assert selftest.verify_report(report, frozen=True) != []  # not a bundle


def test_window_check_shows_the_real_main_window(report):
    window = report["checks"][0]["detail"]
    assert window["object_name"] == "mainWindow"
    assert window["visible"] is True


def test_report_default_location_without_report_flag(tmp_path, monkeypatch, capsys):
    """Without --report: printed on stdout and written to $LUXCANVAS_HOME/selftest.json."""
    monkeypatch.setenv("LUXCANVAS_HOME", str(tmp_path))
    monkeypatch.setattr(selftest, "all_checks", lambda: [("keyring", selftest.check_keyring)])
    code = selftest.main([])
    written = json.loads((tmp_path / "selftest.json").read_text(encoding="utf-8"))
    printed = json.loads(capsys.readouterr().out)
    assert code == 0
    assert printed == written
    assert [c["name"] for c in written["checks"]] == ["keyring"]


def test_failed_check_is_reported_and_exit_code_is_1(tmp_path, monkeypatch):
    def broken() -> None:
        raise ImportError("libheif missing from the bundle")

    monkeypatch.setattr(selftest, "all_checks", lambda: [("decode_heic", broken)])
    out = tmp_path / "r.json"
    assert selftest.main(["--report", str(out)]) == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["ok"] is False
    assert "libheif missing" in data["checks"][0]["detail"]["error"]


def test_network_use_fails_the_check(tmp_path, monkeypatch):
    import socket

    def phones_home() -> str:
        with socket.socket() as sock:
            sock.connect(("192.0.2.1", 443))  # TEST-NET: the guard stops it before any packet
        return "connected"

    monkeypatch.setattr(selftest, "all_checks", lambda: [("tls_certificates", phones_home)])
    out = tmp_path / "r.json"
    assert selftest.main(["--report", str(out)]) == 1
    detail = json.loads(out.read_text(encoding="utf-8"))["checks"][0]["detail"]
    assert detail["network_attempts"]
    assert socket.socket.connect.__name__ == "connect"  # the guard is removed afterwards


def test_self_test_hides_the_api_key_and_user_state(tmp_path, monkeypatch):
    seen = {}

    def spy() -> dict:
        seen["key"] = os.environ.get("LAOZHANG_API_KEY")
        seen["home"] = os.environ.get("LUXCANVAS_HOME")
        return {}

    monkeypatch.setenv("LAOZHANG_API_KEY", "sk-secret-test-key")
    monkeypatch.setenv("LUXCANVAS_HOME", str(tmp_path))
    monkeypatch.setattr(selftest, "all_checks", lambda: [("window", spy)])
    selftest.main(["--report", str(tmp_path / "r.json")])
    assert seen["key"] is None
    assert seen["home"] != str(tmp_path)
    assert os.environ["LAOZHANG_API_KEY"] == "sk-secret-test-key"  # restored
    assert "sk-secret" not in (tmp_path / "r.json").read_text(encoding="utf-8")


def test_bad_arguments_exit_2():
    assert selftest.main(["--nonsense"]) == 2


def test_every_sample_format_is_bundled():
    samples = ROOT / "resources" / "selftest"
    for name in selftest.SAMPLES.values():
        assert (samples / name).is_file(), name


# -- packaging files --------------------------------------------------------------------------


def test_spec_parses_and_names_the_entry_script():
    tree = ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))
    assigned = {
        target.id: node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    entry = assigned["ENTRY_SCRIPT"]  # ROOT / "luxcanvas" / "cli.py"
    parts = [n.value for n in ast.walk(entry) if isinstance(n, ast.Constant)]
    assert sorted(parts) == ["cli.py", "luxcanvas"]
    assert (ROOT / "luxcanvas" / "cli.py").read_text().rstrip().endswith("raise SystemExit(main())")
    calls = {
        node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call)
        if isinstance(node.func, ast.Name)
    }  # fmt: skip
    assert {"Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE"} <= calls
    text = SPEC.read_text(encoding="utf-8")
    assert "console=False" in text
    assert "ai.luxcanvas.LuxCanvas" in text
    assert "CFBundleDocumentTypes" in text and "NSHighResolutionCapable" in text


def test_spec_excludes_dev_tools():
    text = SPEC.read_text(encoding="utf-8")
    for name in ("pytest", "ruff", "mypy", "skimage", "importlinter", "tkinter"):
        assert f'"{name}"' in text, name


def test_inno_setup_installs_per_user_without_admin():
    text = ISS.read_text(encoding="utf-8")
    setup = re.search(r"^\[Setup\]$(.*?)^\[", text, re.M | re.S)
    assert setup is not None
    settings = dict(
        line.split("=", 1) for line in setup.group(1).splitlines() if "=" in line and line[0] != ";"
    )
    assert settings["PrivilegesRequired"] == "lowest"
    assert settings["DefaultDirName"].startswith("{localappdata}\\Programs")
    registry = re.search(r"^\[Registry\]$(.*?)^\[", text, re.M | re.S).group(1)
    roots = set(re.findall(r"Root: (\w+);", registry))
    assert roots == {"HKCU"}
    for ext in ("jpg", "jpeg", "png", "tif", "tiff", "webp", "bmp", "heic", "heif", "avif"):
        assert f"Software\\Classes\\.{ext}\\OpenWithProgids" in registry, ext
    assert "InitializeUninstall" in text and "/PURGE" in text
