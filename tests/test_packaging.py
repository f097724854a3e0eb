"""The installers' version numbers, the macOS minimum and the release workflow's pins.

What can be checked without Windows or macOS: build_scripts/release_info.py (the one rule for
numeric versions and the macOS minimum), and that the PyInstaller spec, the Inno Setup script,
the README and .github/workflows/release.yml use it and agree with uv.lock. The installer's
behaviour itself is exercised by build_scripts/smoke_windows_wine.sh and by the workflow.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build_scripts" / "luxcanvas.spec"
ISS = ROOT / "build_scripts" / "windows" / "luxcanvas.iss"
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
README = ROOT / "README.md"


def _load_release_info():
    path = ROOT / "build_scripts" / "release_info.py"
    spec = importlib.util.spec_from_file_location("release_info", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


release_info = _load_release_info()


# -- the numeric version ------------------------------------------------------------------------

# In PEP 440 order (each later than the one before it).
ORDERED = [
    "0.1.0",
    "0.1.0.post2",
    "0.2.0.dev0",
    "0.2.0.dev3",
    "0.2.0a1.dev1",
    "0.2.0a1",
    "0.2.0a2",
    "0.2.0b1",
    "0.2.0rc1.dev4",
    "0.2.0rc1",
    "0.2.0rc2",
    "0.2.0",
    "0.2.0.post1.dev1",
    "0.2.0.post1",
    "0.2.0.post2",
    "0.2.1.dev1",
    "0.2.1",
    "1.0",
    "1.0.1rc1",
    "10.20.30",
]


@pytest.mark.parametrize(
    ("version", "numbers"),
    [
        ("0.1.0", (0, 1, 0, 40000)),
        ("0.2.0rc1", (0, 2, 0, 30199)),
        ("0.2.0.dev3", (0, 2, 0, 3)),
        ("0.2.0rc1.dev2", (0, 2, 0, 30102)),
        ("0.2.0a1", (0, 2, 0, 10199)),
        ("0.2.0b3", (0, 2, 0, 20399)),
        ("0.2.0.post1", (0, 2, 0, 50199)),
        ("0.2.0+local.7", (0, 2, 0, 40000)),
        ("0.2.0rc1+g1234abc", (0, 2, 0, 30199)),
        ("1.2", (1, 2, 0, 40000)),
        ("3", (3, 0, 0, 40000)),
        ("0.2.0-RC.1", (0, 2, 0, 30199)),  # PEP 440's spelling variants
        ("v0.2.0c1", (0, 2, 0, 30199)),
    ],
)
def test_numeric_version(version, numbers):
    assert release_info.numeric_version(version) == numbers


def test_numeric_versions_sort_as_the_versions_do():
    numbers = [release_info.numeric_version(v) for v in ORDERED]
    assert numbers == sorted(numbers)
    assert len(set(numbers)) == len(numbers), "two versions got the same numbers"


def test_numeric_versions_sort_as_packaging_sorts_them():
    version = pytest.importorskip("packaging.version")
    candidates = [*ORDERED, "0.3.0.dev12", "0.3.0a3.dev2", "0.3.0rc10", "0.3.0.post99", "0.3.0+x"]
    by_pep440 = sorted(candidates, key=version.Version)
    by_numbers = sorted(candidates, key=release_info.numeric_version)
    assert by_numbers == by_pep440


@pytest.mark.parametrize(
    "version",
    ["1!2.0", "1.2.3.4", "0.2.0rc100", "0.2.0rc1.dev99", "0.2.0.dev10000", "70000.0",
     "0.2.0rc1.post1", "not-a-version", ""],
)  # fmt: skip
def test_versions_that_cannot_be_numbered_are_refused(version):
    with pytest.raises(ValueError):
        release_info.numeric_version(version)


@pytest.mark.parametrize("version", ["0.1.0", "0.2.0rc1", "0.2.0.dev3", "0.2.0.post1", "1.0+abc"])
def test_windows_version_is_four_16_bit_numbers(version):
    text = release_info.windows_version(version)
    parts = text.split(".")
    assert len(parts) == 4
    assert all(p.isdigit() and int(p) <= 65535 for p in parts), text


@pytest.mark.parametrize("version", ["0.1.0", "0.2.0rc1", "0.2.0.dev3", "0.2.0.post1", "1.0+abc"])
def test_apple_versions_are_numbers_only(version):
    keys = release_info.apple_versions(version)
    # CFBundleShortVersionString: exactly three period-separated integers.
    assert re.fullmatch(r"\d+\.\d+\.\d+", keys["CFBundleShortVersionString"])
    # CFBundleVersion: integers and periods only, its first three the release.
    assert re.fullmatch(r"\d+(\.\d+){0,3}", keys["CFBundleVersion"])
    assert keys["CFBundleVersion"].startswith(keys["CFBundleShortVersionString"] + ".")
    assert keys["CFBundleVersion"] == release_info.windows_version(version)


def test_release_info_command_line():
    done = subprocess.run(
        [sys.executable, str(ROOT / "build_scripts" / "release_info.py"), "windows-version",
         "0.2.0rc1"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0.2.0.30199"
    bad = subprocess.run(
        [sys.executable, str(ROOT / "build_scripts" / "release_info.py"), "windows-version", "1!1"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert bad.returncode == 1
    assert "epoch" in bad.stderr


# -- the spec and the Inno Setup script use it ---------------------------------------------------


def test_the_spec_numbers_the_exe_and_the_bundle_with_release_info():
    spec = SPEC.read_text(encoding="utf-8")
    assert "NUMERIC_VERSION = release_info.numeric_version(VERSION)" in spec
    assert "filevers=NUMERIC_VERSION, prodvers=NUMERIC_VERSION" in spec
    assert "APPLE_VERSIONS = release_info.apple_versions(VERSION)" in spec
    assert "**APPLE_VERSIONS," in spec
    # No second copy of the rule, and no raw version in the Info.plist's version keys.
    assert 're.findall(r"\\d+", VERSION)' not in spec
    assert not re.search(r'"CFBundle(Short)?Version(String)?":\s*VERSION\b', spec)


def test_the_installer_takes_the_numeric_version():
    iss = ISS.read_text(encoding="utf-8")
    setup = dict(
        line.split("=", 1)
        for line in iss.split("[Setup]", 1)[1].split("\n[", 1)[0].splitlines()
        if "=" in line and not line.startswith(";")
    )
    assert setup["VersionInfoVersion"] == "{#AppNumericVersion}"
    assert setup["VersionInfoTextVersion"] == "{#AppVersion}"
    assert "#ifndef AppNumericVersion" in iss
    # The exe it installs must carry the same numbers (checked by ISPP at compile time).
    assert "GetVersionNumbersString" in iss


def test_the_workflow_passes_release_info_numbers_to_iscc():
    workflow = WORKFLOW.read_text(encoding="utf-8")
    assert "build_scripts/release_info.py windows-version" in workflow
    assert '"/DAppNumericVersion=$env:NUMERIC_VERSION"' in workflow
    assert "NUMERIC_VERSION: ${{ steps.version.outputs.numeric }}" in workflow


def _registry_entries(iss: str) -> list[str]:
    return [line for line in iss.splitlines() if line.startswith("Root: HKCU;")]


def test_uninstall_leaves_no_empty_extension_keys():
    entries = _registry_entries(ISS.read_text(encoding="utf-8"))
    progids = [e for e in entries if "\\OpenWithProgids" in e]
    assert len(progids) == 10
    for index, entry in enumerate(entries):
        if entry not in progids:
            continue
        flags = entry.split("Flags:", 1)[1].split()
        assert {"uninsdeletevalue", "uninsdeletekeyifempty"} <= set(flags), entry
        # The .ext key itself is removed when empty too; the uninstaller works backwards, so
        # its entry must come first.
        ext = re.search(r"Software\\Classes\\(\.\w+)\\OpenWithProgids", entry)[1]
        parent = f'Root: HKCU; Subkey: "Software\\Classes\\{ext}"; Flags: uninsdeletekeyifempty'
        assert parent in entries[:index], f"no {ext} entry before {entry}"


def test_uninstall_deletes_only_inside_the_bundle_folder():
    iss = ISS.read_text(encoding="utf-8")
    section = iss.split("[UninstallDelete]", 1)[1].split("\n[", 1)[0]
    names = re.findall(r'^Type:\s*\w+;\s*Name:\s*"([^"]+)"', section, re.MULTILINE)
    assert names, "no [UninstallDelete] entries"
    for name in names:
        assert name.startswith("{app}\\") and name != "{app}\\", name
        assert name.rstrip("\\") != "{app}", "the user may have chosen a folder with other files"


# -- the macOS minimum ---------------------------------------------------------------------------


def _spec_macos_minimum() -> str:
    spec = SPEC.read_text(encoding="utf-8")
    assert '"LSMinimumSystemVersion": MACOS_MINIMUM' in spec
    return re.search(r'^MACOS_MINIMUM = "(\d+\.\d+)"$', spec, re.MULTILINE)[1]


def _build_python() -> tuple[int, int]:
    """The Python the release workflow builds with (its PYTHON_VERSION)."""
    text = re.search(r'PYTHON_VERSION:\s*"(\d+)\.(\d+)"', WORKFLOW.read_text(encoding="utf-8"))
    return int(text[1]), int(text[2])


def test_spec_macos_minimum_matches_the_locked_wheels():
    lock = release_info.load_lock(ROOT / "uv.lock")
    minimum, needs = release_info.locked_macos_minimum(
        lock, release_info.runtime_packages(lock), python=_build_python(), arch="arm64"
    )
    assert _spec_macos_minimum() == minimum, (
        f"the locked wheels need macOS {minimum} ({needs}); "
        f"set MACOS_MINIMUM in {SPEC.name} and the README's macOS heading to it"
    )


def test_qt_wheels_run_on_the_declared_minimum():
    """PySide6-Essentials and shiboken6 on their own (the Qt the app is built on)."""
    lock = release_info.load_lock(ROOT / "uv.lock")
    qt, needs = release_info.locked_macos_minimum(
        lock, ["PySide6-Essentials", "shiboken6"], python=_build_python(), arch="arm64"
    )
    assert set(needs) == {"pyside6-essentials", "shiboken6"}, "no macOS wheels for Qt in uv.lock"
    declared = release_info.version_tuple(_spec_macos_minimum())
    assert release_info.version_tuple(qt) <= declared


def test_readme_states_the_same_macos_minimum():
    minimum = _spec_macos_minimum()
    major, minor = minimum.split(".")
    shown = major if minor == "0" else minimum
    headings = re.findall(r"^### macOS ([\d.]+) or later", README.read_text("utf-8"), re.MULTILINE)
    assert headings == [shown]


@pytest.mark.parametrize(
    ("filename", "needs"),
    [
        ("pyside6_essentials-6.11.3-cp310-abi3-macosx_13_0_universal2.whl", (13, 0)),
        ("numpy-2.4.6-cp311-cp311-macosx_14_0_arm64.whl", (14, 0)),
        ("numpy-2.4.6-cp311-cp311-macosx_14_0_x86_64.whl", None),  # another architecture
        ("numpy-2.5.5-cp312-cp312-macosx_14_0_arm64.whl", None),  # another Python
        ("pillow-13.0.0-cp311-cp311-manylinux_2_28_x86_64.whl", None),
        ("psutil-7.2.2-cp36-abi3-macosx_11_0_arm64.whl", (11, 0)),
        ("foo-1.0-py3-none-macosx_10_9_x86_64.macosx_11_0_arm64.whl", (11, 0)),
        ("httpx-0.28.1-py3-none-any.whl", None),
    ],
)
def test_wheel_macos_minimum(filename, needs):
    assert release_info.wheel_macos_minimum(filename, python=(3, 11), arch="arm64") == needs


def test_a_package_counts_with_its_newest_tagged_wheel():
    """A build on a current macOS installs numpy's macOS-14 wheel, not its macOS-11 one."""
    lock = {
        "package": [
            {"name": "app", "version": "1", "dependencies": [{"name": "numpy"}]},
            {
                "name": "numpy",
                "version": "2",
                "wheels": [
                    {"url": "https://x/numpy-2-cp311-cp311-macosx_11_0_arm64.whl"},
                    {"url": "https://x/numpy-2-cp311-cp311-macosx_14_0_arm64.whl"},
                ],
            },
        ]
    }
    assert release_info.runtime_packages(lock, "app") == {"numpy"}
    assert release_info.locked_macos_minimum(lock, {"numpy"}) == ("14.0", {"numpy": "14.0"})
    assert release_info.locked_macos_minimum(lock, set()) == ("11.0", {})


# -- release.yml: pinned tools and actions -------------------------------------------------------


def _workflow_env(name: str) -> str:
    match = re.search(rf'^\s+{name}:\s*"?([^"\n]+)"?\s*$', WORKFLOW.read_text("utf-8"), re.M)
    assert match, f"release.yml sets no {name}"
    return match[1]


def test_inno_setup_is_pinned():
    workflow = WORKFLOW.read_text(encoding="utf-8")
    version = _workflow_env("INNOSETUP_VERSION")
    assert re.fullmatch(r"6\.\d+\.\d+", version), version  # the script is for Inno Setup 6
    installs = re.findall(r"choco (?:install|upgrade) innosetup[^\n]*", workflow)
    assert installs, "Inno Setup is not installed from Chocolatey"
    for line in installs:
        assert "--version $env:INNOSETUP_VERSION" in line, line
    # ISCC is found from Inno Setup's own registration, its version checked; no fixed path.
    assert '"${env:ProgramFiles(x86)}\\Inno Setup 6\\ISCC.exe"' not in workflow
    assert "$entry.DisplayVersion -ne $env:INNOSETUP_VERSION" in workflow


def test_uv_is_pinned():
    workflow = WORKFLOW.read_text(encoding="utf-8")
    assert re.fullmatch(r"\d+\.\d+\.\d+", _workflow_env("UV_VERSION"))
    setups = re.findall(r"uses: astral-sh/setup-uv@\S+[^\n]*\n((?:\s+[^\n]*\n){1,6})", workflow)
    assert setups
    for block in setups:
        assert "version: ${{ env.UV_VERSION }}" in block, block


# The runtime each pinned action declares (`runs.using` in its action.yml at that commit),
# read from the action's repository. A new pin must be looked up and added here.
ACTION_RUNTIMES = {
    ("actions/checkout", "08c6903cd8c0fde910a37f88322edcfb5dd907a8"): ("v5.0.0", "node24"),
    ("astral-sh/setup-uv", "20cfd1bf945f4377ade1205e4dbc17946fc9a30d"): ("v10.0.1", "node24"),
    ("actions/upload-artifact", "b7c566a772e6b6bfb58ed0dc250532a479d7789f"): ("v6.0.0", "node24"),
}
DEPRECATED_RUNTIMES = {"node12", "node16", "node20"}


def test_actions_are_pinned_to_commits_on_a_current_runtime():
    uses = re.findall(
        r"uses:\s*([\w.-]+/[\w.-]+)@(\S+)(?:\s*#\s*(\S+))?", WORKFLOW.read_text("utf-8")
    )
    assert uses
    for repo, ref, tag in uses:
        assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{repo}@{ref}: pin a commit, not a tag"
        known = ACTION_RUNTIMES.get((repo, ref))
        assert known, f"{repo}@{ref} ({tag}): look up its action.yml runs.using and add it here"
        assert tag == known[0], f"{repo}@{ref} is {known[0]}, the comment says {tag}"
        assert known[1] not in DEPRECATED_RUNTIMES, f"{repo} {tag} runs on {known[1]}"


def test_the_uninstall_check_waits_for_the_uninstaller_copy():
    """unins000.exe returns before its copy in %TEMP% has finished (and purged user data)."""
    workflow = WORKFLOW.read_text(encoding="utf-8")
    assert "ParentProcessId = $($p.Id)" in workflow
    assert ".WaitForExit(" in workflow
    assert 'Uninstall-LuxCanvas -Extra "/PURGE"' in workflow
    # The old check only waited for LuxCanvas.exe to disappear.
    assert "(Test-Path $app); $i++" not in workflow


def test_installed_macos_minimum_reads_the_wheel_tags(monkeypatch):
    """The spec's check on the macOS build machine: the WHEEL files of what is installed."""
    import importlib.metadata as metadata

    wheels = {
        "numpy": "Wheel-Version: 1.0\nTag: cp311-cp311-macosx_14_0_arm64\n",
        "shiboken6": "Tag: cp310-abi3-macosx_13_0_universal2\n",
        "httpx": "Tag: py3-none-any\n",
    }

    class Dist:
        def __init__(self, name):
            self.name = name

        def read_text(self, filename):
            assert filename == "WHEEL"
            return wheels[self.name]

    def distribution(name):
        if name not in wheels:
            raise metadata.PackageNotFoundError(name)
        return Dist(name)

    monkeypatch.setattr(metadata, "distribution", distribution)
    needed, per_wheel = release_info.installed_macos_minimum(
        ["numpy", "shiboken6", "httpx", "pywin32-ctypes"]
    )
    assert needed == "14.0"
    assert per_wheel == {"numpy": "14.0", "shiboken6": "13.0"}
