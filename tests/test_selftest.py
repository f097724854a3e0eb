"""`luxcanvas --self-test`, build_scripts/verify_selftest.py, and the packaging files the release
workflow relies on."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from luxcanvas import __version__, selftest

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "build_scripts" / "luxcanvas.spec"
ISS = ROOT / "build_scripts" / "windows" / "luxcanvas.iss"
VERIFY = ROOT / "build_scripts" / "verify_selftest.py"
WORKFLOWS = ROOT / ".github" / "workflows"
SMOKE = ROOT / "build_scripts" / "smoke_linux.sh"
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


@pytest.fixture(scope="module")
def verify() -> ModuleType:
    """build_scripts/verify_selftest.py, imported from its path (build_scripts is no package)."""
    spec = importlib.util.spec_from_file_location("verify_selftest", VERIFY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run_verify(*args: str) -> subprocess.CompletedProcess[str]:
    """The script as the release workflow and smoke_linux.sh run it (from the repository root)."""
    return subprocess.run(
        [sys.executable, str(VERIFY.relative_to(ROOT)), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _passing_report(frozen: bool = True) -> dict:
    """A complete, passing report as a bundle writes it (the details are not verified)."""
    return {
        "version": __version__,
        "frozen": frozen,
        "platform": {"system": "Linux"},
        "checks": [
            {"name": name, "ok": True, "detail": {}, "seconds": 0.1} for name in EXPECTED_CHECKS
        ],
        "ok": True,
    }


def test_report_lists_every_check_and_all_pass(report):
    assert [c["name"] for c in report["checks"]] == EXPECTED_CHECKS
    failed = {c["name"]: c["detail"] for c in report["checks"] if not c["ok"]}
    assert failed == {}
    assert report["ok"] is True
    assert report["_exit_code"] == 0


def test_report_shape(report, verify):
    assert set(report) >= {"version", "frozen", "platform", "checks", "ok"}
    assert report["frozen"] is False
    for check in report["checks"]:
        assert set(check) == {"name", "ok", "detail", "seconds"}
        assert check["seconds"] >= 0
    assert verify.verify_report(report, frozen=False) == []
    assert verify.verify_report(report, frozen=True) != []  # not a bundle


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


# -- build_scripts/verify_selftest.py (release pipeline) --------------------------------------


def test_verify_script_passes_a_real_report_and_rejects_it_as_a_bundle(report, tmp_path):
    path = tmp_path / "selftest.json"
    path.write_text(json.dumps({k: v for k, v in report.items() if k != "_exit_code"}), "utf-8")
    good = _run_verify(str(path))
    assert good.returncode == 0, good.stderr
    assert f"all {len(EXPECTED_CHECKS)} checks passed; window shown in" in good.stdout
    assert good.stderr == ""
    bundle = _run_verify(str(path), "--frozen")
    assert bundle.returncode == 1
    assert f"self-test report {path}: frozen is False, expected True" in bundle.stderr


def test_verify_script_reports_launch_time_and_bad_arguments(tmp_path):
    data = _passing_report()
    data["checks"][0]["detail"] = {"launch_to_window_s": 0.734}
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = _run_verify(str(path), "--frozen")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"{path}: all {len(EXPECTED_CHECKS)} checks passed; window shown in 0.10 s, "
        "0.73 s after launch"
    )
    assert _run_verify().returncode == 2  # no REPORT
    assert _run_verify(str(path), "--nonsense").returncode == 2


def test_verify_report_expects_exactly_the_packages_checks(verify):
    assert [name for name, _ in selftest.all_checks()] == EXPECTED_CHECKS
    assert verify.verify_report(_passing_report(), frozen=True) == []

    lost = _passing_report()
    del lost["checks"][-1]
    assert any("differ from" in p for p in verify.verify_report(lost, frozen=True))

    reordered = _passing_report()
    reordered["checks"].reverse()
    assert verify.verify_report(reordered, frozen=True) != []

    old = _passing_report()
    old["version"] = "0.0.1"
    assert verify.verify_report(old, frozen=True) == [f"version '0.0.1' is not {__version__!r}"]


def test_verify_report_names_failed_checks_and_a_false_ok(verify):
    failed = _passing_report()
    failed["checks"][6] = {
        "name": "decode_heic",
        "ok": False,
        "detail": {"error": "ImportError: libheif missing"},
        "seconds": 0.0,
    }
    failed["ok"] = False
    problems = verify.verify_report(failed, frozen=True)
    assert problems == ['decode_heic: {"error": "ImportError: libheif missing"}']

    not_ok = _passing_report()
    not_ok["ok"] = False  # every check passed, yet the report says it failed
    assert verify.verify_report(not_ok, frozen=True) == ["the report's ok is not true"]
    assert verify.verify_report({}, frozen=True) != []  # an empty report never passes


def test_release_pipeline_calls_the_verify_script():
    """Every caller moved from `python -m luxcanvas.selftest verify` to the build script."""
    callers = [*sorted(WORKFLOWS.glob("*.yml")), *sorted((ROOT / "build_scripts").rglob("*"))]
    for path in callers:
        if path.is_file() and path != VERIFY:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "luxcanvas.selftest verify" not in text, path
    release = (WORKFLOWS / "release.yml").read_text(encoding="utf-8")
    assert release.count('uv run python build_scripts/verify_selftest.py "$report" --frozen') == 4
    smoke = SMOKE.read_text(encoding="utf-8")
    assert "uv run python build_scripts/verify_selftest.py " in smoke
    assert not hasattr(selftest, "verify_report") and not hasattr(selftest, "verify_main")


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
    entry = assigned["ENTRY_SCRIPT"]  # ROOT / "luxcanvas" / "cli" / "__main__.py"
    parts = [n.value for n in ast.walk(entry) if isinstance(n, ast.Constant)]
    assert sorted(parts) == ["__main__.py", "cli", "luxcanvas"]
    entry_text = (ROOT / "luxcanvas" / "cli" / "__main__.py").read_text()
    assert entry_text.rstrip().endswith("raise SystemExit(main())")
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
