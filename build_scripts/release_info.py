"""Version numbers and the oldest macOS the installers declare, computed in one place.

Used by build_scripts/luxcanvas.spec (the exe's version resource, the .app's Info.plist), by
the release workflow (the Windows installer's numeric version, passed to ISCC) and by
tests/test_packaging.py. Standard library only: the spec, the workflow and the tests all run it.

    python build_scripts/release_info.py windows-version [VERSION]   # 0.2.0.30199
    python build_scripts/release_info.py apple-versions [VERSION]    # 0.2.0 0.2.0.30199
    python build_scripts/release_info.py macos-minimum               # 14.0

VERSION defaults to pyproject.toml's.

**Numeric version.** Windows wants a.b.c.d (each 0..65535) for an exe's or installer's version
resource; Apple wants numbers only in CFBundleShortVersionString (a.b.c) and CFBundleVersion.
The package's PEP 440 version maps to a.b.c.d, where a.b.c is the release and d orders what
PEP 440 orders within one release (so the numbers sort as the versions do)::

    0.2.0.dev3      -> 0.2.0.3        dev release of 0.2.0 itself: d = N (0..9999)
    0.2.0a1         -> 0.2.0.10199    d = stage*10000 + N*100 + 99 (a=1, b=2, rc=3)
    0.2.0rc1.dev2   -> 0.2.0.30102    ... with .devM: + M instead of 99 (M <= 98)
    0.2.0           -> 0.2.0.40000    the final release
    0.2.0.post1     -> 0.2.0.50199    post releases: stage 5, as pre-releases
    0.2.0+local     -> 0.2.0.40000    local labels are dropped (not releases)

Versions outside that (an epoch, four release numbers, a pre-release with a post release,
numbers beyond the fields) raise ValueError: better no build than a wrong number.

**macOS minimum.** The .app runs only where every bundled binary wheel runs. A wheel tagged
macosx_14_0_arm64 needs macOS 14; pip and uv pick the wheel for the newest macOS a package
offers that the build machine runs, so a build on a current runner ships each package's
newest-tagged wheel. The minimum is the highest of those tags over the app's runtime
packages in uv.lock (its dependencies, not the dev group).
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# -- the numeric version ------------------------------------------------------------------------

# PEP 440's own pattern (its appendix), for the forms a project version can take.
_PEP440 = re.compile(
    r"""
    ^\s*v?
    (?:(?P<epoch>\d+)!)?
    (?P<release>\d+(?:\.\d+)*)
    (?:[-_.]?(?P<pre_l>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?P<pre_n>\d+)?)?
    (?:-(?P<post_n1>\d+)|[-_.]?(?P<post_l>post|rev|r)[-_.]?(?P<post_n2>\d+)?)?
    (?:[-_.]?(?P<dev_l>dev)[-_.]?(?P<dev_n>\d+)?)?
    (?:\+(?P<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?
    \s*$
    """,
    re.VERBOSE | re.IGNORECASE,
)
_PRE_STAGE = {"a": 1, "alpha": 1, "b": 2, "beta": 2, "c": 3, "rc": 3, "pre": 3, "preview": 3}
_FINAL, _POST = 4, 5
_FIELD_MAX = 65535  # Windows VS_FIXEDFILEINFO: 16 bits per number


def numeric_version(version: str) -> tuple[int, int, int, int]:
    """The package version as four numbers that sort as PEP 440 sorts the versions."""
    match = _PEP440.match(version)
    if not match:
        raise ValueError(f"{version!r} is not a PEP 440 version")
    if int(match["epoch"] or 0):
        raise ValueError(f"{version!r}: a version epoch cannot be expressed in numbers")
    release = [int(n) for n in match["release"].split(".")]
    if len(release) > 3:
        raise ValueError(f"{version!r}: at most three release numbers (a.b.c)")
    major, minor, patch = [*release, 0, 0][:3]

    has_pre = match["pre_l"] is not None
    has_post = match["post_n1"] is not None or match["post_l"] is not None
    has_dev = match["dev_l"] is not None
    dev = int(match["dev_n"] or 0)
    if has_pre and has_post:
        raise ValueError(f"{version!r}: a pre-release with a post release is not supported")

    if has_pre or has_post:
        stage = _PRE_STAGE[match["pre_l"].lower()] if has_pre else _POST
        number = int(match["pre_n"] or match["post_n1"] or match["post_n2"] or 0)
        if number > 99:
            raise ValueError(f"{version!r}: pre- and post-release numbers go up to 99")
        if has_dev and dev > 98:
            raise ValueError(f"{version!r}: .devN after a pre/post release goes up to 98")
        build = stage * 10000 + number * 100 + (dev if has_dev else 99)
    elif has_dev:  # a.b.c.devN: before every pre-release of a.b.c
        if dev > 9999:
            raise ValueError(f"{version!r}: .devN goes up to 9999")
        build = dev
    else:
        build = _FINAL * 10000

    numbers = (major, minor, patch, build)
    if any(n > _FIELD_MAX for n in numbers):
        raise ValueError(f"{version!r}: each number must be at most {_FIELD_MAX}")
    return numbers


def windows_version(version: str) -> str:
    """a.b.c.d for the exe's version resource and the installer's VersionInfoVersion."""
    return ".".join(str(n) for n in numeric_version(version))


def apple_versions(version: str) -> dict[str, str]:
    """Info.plist's two version keys, numbers and dots only.

    CFBundleShortVersionString is the release, three integers as Apple requires.
    CFBundleVersion is the build: the same four numbers as on Windows (Apple compares the
    first three and allows more), so a release candidate and the release differ."""
    numbers = numeric_version(version)
    return {
        "CFBundleShortVersionString": ".".join(str(n) for n in numbers[:3]),
        "CFBundleVersion": ".".join(str(n) for n in numbers),
    }


def project_version(root: Path = ROOT) -> str:
    with open(root / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]["version"]


# -- the oldest macOS the bundled wheels run on ------------------------------------------------

# Which wheel architectures can run in an app built for each architecture.
_ARCH_WHEELS = {
    "arm64": {"arm64", "universal2"},
    "x86_64": {"x86_64", "universal2", "intel", "universal", "fat64", "fat3"},
}
_MACOS_TAG = re.compile(r"^macosx_(\d+)_(\d+)_(\w+)$")


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def wheel_tags(filename: str) -> tuple[set[str], set[str], set[str]]:
    """(python tags, ABI tags, platform tags) of a wheel file name (compressed tags expanded)."""
    parts = filename.removesuffix(".whl").split("-")
    if len(parts) not in (5, 6):
        raise ValueError(f"not a wheel file name: {filename}")
    python, abi, platform = parts[-3:]
    return set(python.split(".")), set(abi.split(".")), set(platform.split("."))


def _runs_on_python(pythons: set[str], abis: set[str], python: tuple[int, int]) -> bool:
    major, minor = python
    cp = f"cp{major}{minor}"
    for tag in pythons:
        if tag in (f"py{major}", f"py{major}{minor}") and abis & {"none"}:
            return True
        if tag == cp and abis & {cp, "abi3", "none"}:
            return True
        # An abi3 wheel built for an older CPython 3 runs on newer ones.
        old = re.fullmatch(rf"cp{major}(\d+)", tag)
        if old and int(old[1]) <= minor and "abi3" in abis:
            return True
    return False


def wheel_macos_minimum(
    filename: str, python: tuple[int, int] = (3, 11), arch: str = "arm64"
) -> tuple[int, int] | None:
    """The macOS version a wheel needs, or None if it is not a macOS wheel for python/arch."""
    pythons, abis, platforms = wheel_tags(filename)
    if not _runs_on_python(pythons, abis, python):
        return None
    versions = []
    for platform in platforms:
        match = _MACOS_TAG.match(platform)
        if match and match[3] in _ARCH_WHEELS[arch]:
            versions.append((int(match[1]), int(match[2])))
    return min(versions) if versions else None


def load_lock(path: Path = ROOT / "uv.lock") -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def runtime_packages(lock: dict, root: str = "luxcanvas") -> set[str]:
    """Names of the packages the app needs at run time: root's dependencies, transitively,
    without its dev group and whatever the markers say (so a superset, on the safe side)."""
    deps: dict[str, set[str]] = {}
    for package in lock["package"]:
        names = {_normalise(d["name"]) for d in package.get("dependencies", [])}
        deps.setdefault(_normalise(package["name"]), set()).update(names)
    wanted, todo = set(), list(deps.get(_normalise(root), ()))
    while todo:
        name = todo.pop()
        if name not in wanted:
            wanted.add(name)
            todo.extend(deps.get(name, ()))
    return wanted


def _format(version: tuple[int, int]) -> str:
    return f"{version[0]}.{version[1]}"


def locked_macos_minimum(
    lock: dict,
    packages: Iterable[str],
    python: tuple[int, int] = (3, 11),
    arch: str = "arm64",
) -> tuple[str, dict[str, str]]:
    """The oldest macOS an app built from these locked packages runs on, and per package the
    macOS its wheel needs (packages without a macOS binary wheel for python/arch are left out).

    Each package counts with its newest-tagged wheel: the one a current build machine
    installs. Apple silicon itself needs macOS 11, the floor."""
    names = {_normalise(name) for name in packages}
    needs: dict[str, tuple[int, int]] = {}
    for package in lock["package"]:
        name = _normalise(package["name"])
        if name not in names:
            continue
        for wheel in package.get("wheels", []):
            filename = wheel["url"].rsplit("/", 1)[-1]
            version = wheel_macos_minimum(filename, python, arch)
            if version and version > needs.get(name, (0, 0)):
                needs[name] = version
    floor = (11, 0) if arch == "arm64" else (10, 9)
    overall = max([floor, *needs.values()])
    return _format(overall), {name: _format(v) for name, v in sorted(needs.items())}


def installed_macos_minimum(names: Iterable[str]) -> tuple[str | None, dict[str, str]]:
    """Like locked_macos_minimum, from the wheels actually installed in this environment
    (their WHEEL files): the check the spec makes on the macOS build machine."""
    from importlib.metadata import PackageNotFoundError, distribution

    needs: dict[str, tuple[int, int]] = {}
    for name in names:
        try:
            text = distribution(name).read_text("WHEEL") or ""
        except PackageNotFoundError:
            continue
        for tag in re.findall(r"^Tag:\s*(\S+)", text, re.MULTILINE):
            for platform in tag.split("-")[-1].split("."):
                match = _MACOS_TAG.match(platform)
                if match:
                    version = (int(match[1]), int(match[2]))
                    needs[name] = max(needs.get(name, version), version)
    overall = _format(max(needs.values())) if needs else None
    return overall, {name: _format(v) for name, v in sorted(needs.items())}


def version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in text.split("."))


def main(argv: list[str]) -> int:
    usage = "usage: release_info.py windows-version|apple-versions [VERSION] | macos-minimum"
    if not argv:
        print(usage, file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    if command in ("windows-version", "apple-versions"):
        version = rest[0] if rest else project_version()
        try:
            if command == "windows-version":
                print(windows_version(version))
            else:
                print(" ".join(apple_versions(version).values()))
        except ValueError as exc:
            print(f"release_info.py: {exc}", file=sys.stderr)
            return 1
        return 0
    if command == "macos-minimum":
        lock = load_lock()
        minimum, needs = locked_macos_minimum(lock, runtime_packages(lock))
        print(minimum)
        for name, need in needs.items():
            print(f"  {name}: macOS {need}", file=sys.stderr)
        return 0
    print(usage, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
