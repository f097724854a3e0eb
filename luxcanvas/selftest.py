"""``luxcanvas --self-test [--report FILE]``: prove that an installed or frozen LuxCanvas works.

Run on the built app and on the installed copy by the release workflow (which checks the reports
with build_scripts/verify_selftest.py), and by users who are asked for it in a bug report. It opens
the main window offscreen, decodes a bundled sample in every input format, lists the keyring
backends, loads the TLS certificate bundle the gateway client will use, and runs the offline
strategy on a small photo. The result is a JSON report::

    {"version", "frozen", "platform", "checks": [{"name", "ok", "detail", "seconds"}], "ok"}

Exit code 0 only when every check passed, 1 otherwise, 2 for bad arguments.

Windowed builds have no console on Windows, so the report *file* is the output: with ``--report
FILE`` it goes there; without, it is printed when there is a stdout and always written to
``$LUXCANVAS_HOME/selftest.json`` (or the user log folder).

What it never does: touch the network (a guard makes any TCP/UDP connect attempt fail the run),
read the API key (the window is opened with a key-less keyring and no LAOZHANG_API_KEY), or touch
the user's settings, history and cache (all state goes to a temporary LUXCANVAS_HOME).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from luxcanvas import __version__

#: Sample file per input format, in resources/selftest/ (made by build_scripts/).
SAMPLES = {
    "jpeg": "sample.jpg",
    "png": "sample.png",
    "tiff": "sample.tif",
    "webp": "sample.webp",
    "avif": "sample.avif",
    "heic": "sample.heic",
}
SAMPLE_SIZE = (96, 64)

#: Set by a launcher script to the epoch time (seconds, float) it started the process; the window
#: check then reports the wall-clock time from launch to the shown window (bootloader included).
LAUNCH_T0_ENV = "LUXCANVAS_LAUNCH_T0"

#: The Qt platform plugin a real desktop session needs, per OS: must be in a frozen bundle even
#: though the self-test itself draws offscreen.
_NATIVE_QPA = {"win32": "qwindows", "darwin": "qcocoa", "linux": "qxcb"}


@dataclass
class Check:
    name: str
    ok: bool
    detail: Any
    seconds: float


class CheckFailed(Exception):
    """A check ran but found something wrong; ``detail`` is reported as it is."""

    def __init__(self, detail: Any):
        super().__init__(str(detail))
        self.detail = detail


# -- the checks ------------------------------------------------------------------------------
# Each returns a JSON-friendly detail on success and raises (CheckFailed or anything) on failure.


def check_window() -> dict[str, Any]:
    """Build the real main window offscreen (luxcanvas.gui.build_main_window), then close it."""
    from luxcanvas.gui import build_main_window

    window = build_main_window(())
    shown_at = time.time()
    from PySide6.QtCore import QLibraryInfo, qVersion
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert app is not None, "build_main_window() did not create a QApplication"
    app.processEvents()
    detail: dict[str, Any] = {
        "object_name": window.objectName(),
        "title": window.windowTitle(),
        "visible": window.isVisible(),
        "size": [window.width(), window.height()],
        "qpa": QApplication.platformName(),
        "qt": qVersion(),
    }
    t0 = os.environ.get(LAUNCH_T0_ENV)
    if t0:
        try:
            detail["launch_to_window_s"] = round(shown_at - float(t0), 3)
        except ValueError:
            pass
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    found = (
        sorted(p.stem.removeprefix("lib") for p in plugins.glob("*")) if plugins.is_dir() else []
    )
    detail["platform_plugins"] = found
    window.close()
    app.processEvents()

    problems = []
    if detail["object_name"] != "mainWindow":
        problems.append("the main window's objectName is not 'mainWindow'")
    if not detail["visible"]:
        problems.append("build_main_window() returned a window that is not shown")
    native = _NATIVE_QPA.get(sys.platform)
    if getattr(sys, "frozen", False) and native and native not in found:
        problems.append(f"the {native} platform plugin is missing from the bundle")
    if problems:
        raise CheckFailed({**detail, "problems": problems})
    return detail


def check_decode(fmt: str) -> Callable[[], dict[str, Any]]:
    def run() -> dict[str, Any]:
        from luxcanvas.imaging import load_image

        path = _resources() / "selftest" / SAMPLES[fmt]
        image, info = load_image(path)
        detail = {"file": path.name, "format": info.format, "mode": image.mode, "size": image.size}
        if image.size != SAMPLE_SIZE or image.mode != "RGB":
            raise CheckFailed({**detail, "expected_size": SAMPLE_SIZE})
        return detail

    return run


def check_keyring() -> dict[str, Any]:
    """The backends keyring can see (no password is read). Windows and macOS always have a
    secure one, so its absence there means the frozen bundle lost it; Linux may have none."""
    import keyring.backend

    from luxcanvas.store.secrets import backend_name, is_secure_backend

    backends = keyring.backend.get_all_keyring()
    names = sorted(f"{type(b).__module__}.{type(b).__name__}" for b in backends)
    secure = sorted(backend_name(b) for b in backends if is_secure_backend(b))
    detail = {"backends": names, "secure": secure, "secure_available": bool(secure)}
    if not backends:
        raise CheckFailed({**detail, "problem": "no keyring backend at all"})
    if not secure and sys.platform in ("win32", "darwin"):
        raise CheckFailed({**detail, "problem": "no secure keyring backend on this OS"})
    return detail


def check_tls() -> dict[str, Any]:
    """The CA bundle the httpx client of luxcanvas/gateway/http.py verifies servers against
    (httpx's default: certifi's cacert.pem) exists and loads."""
    import ssl

    import certifi

    where = Path(certifi.where())
    if not where.is_file():
        raise CheckFailed({"cafile": str(where), "problem": "certifi's cacert.pem is missing"})
    context = ssl.create_default_context(cafile=str(where))
    loaded = int(context.cert_store_stats().get("x509_ca", 0))
    detail = {"cafile": str(where), "ca_certificates": loaded, "openssl": ssl.OPENSSL_VERSION}
    if loaded < 50:
        raise CheckFailed({**detail, "problem": "too few CA certificates loaded"})
    return detail


def check_local_restore() -> dict[str, Any]:
    """The offline strategy end to end on the PNG sample (NumPy + Pillow in the bundle)."""
    import numpy as np

    from luxcanvas.imaging import load_image
    from luxcanvas.local import LocalOptions, restore

    image, _ = load_image(_resources() / "selftest" / SAMPLES["png"])
    rgb = np.asarray(image)
    result = restore(rgb, LocalOptions())
    detail = {"in": list(rgb.shape), "out": list(result.shape), "dtype": str(result.dtype)}
    if result.shape != rgb.shape or result.dtype != np.uint8:
        raise CheckFailed(detail)
    return detail


def check_resources() -> dict[str, Any]:
    """The bundled resources folder, the strategy catalogue in it, and the package version."""
    from importlib.metadata import PackageNotFoundError, version

    from luxcanvas.store.catalog import load_catalog

    folder = _resources()
    catalog = list(load_catalog())
    try:
        dist_version = version("luxcanvas")
    except PackageNotFoundError:
        dist_version = None
    detail = {
        "folder": str(folder),
        "strategies": len(catalog),
        "translations": sorted(p.name for p in (folder / "translations").glob("*.qm")),
        "icon": (folder / "icons" / "luxcanvas.png").is_file(),
        "dist_version": dist_version,
    }
    problems = []
    if not catalog:
        problems.append("the strategy catalogue is empty")
    if dist_version != __version__:
        problems.append("luxcanvas's package metadata is missing (version is a fallback)")
    if not detail["icon"]:
        problems.append("the app icon is missing")
    if problems:
        raise CheckFailed({**detail, "problems": problems})
    return detail


def _resources() -> Path:
    from luxcanvas.store.paths import resources_dir

    return resources_dir()


def all_checks() -> list[tuple[str, Callable[[], Any]]]:
    """Every check in run order. The window goes first so its timing is the app's launch."""
    return [
        ("window", check_window),
        *((f"decode_{fmt}", check_decode(fmt)) for fmt in SAMPLES),
        ("keyring", check_keyring),
        ("tls_certificates", check_tls),
        ("local_restore", check_local_restore),
        ("resources", check_resources),
    ]


# -- running ---------------------------------------------------------------------------------


def run_check(name: str, func: Callable[[], Any], guard: _NetworkGuard) -> Check:
    start = time.perf_counter()
    guard.attempts.clear()
    try:
        detail = func()
        ok = True
    except CheckFailed as failure:
        detail, ok = failure.detail, False
    except BaseException as error:  # a broken bundle can fail in any way at all
        if isinstance(error, KeyboardInterrupt):
            raise
        tail = traceback.format_exception(error)[-3:]
        detail = {"error": f"{type(error).__name__}: {error}", "traceback": "".join(tail)}
        ok = False
    if guard.attempts:
        ok = False
        detail = {"result": detail, "network_attempts": list(guard.attempts)}
    return Check(name, ok, _jsonable(detail), round(time.perf_counter() - start, 3))


def run_all() -> dict[str, Any]:
    """Run every check in an isolated state folder; returns the report dictionary."""
    checks = []
    with _isolated_state(), _NetworkGuard() as guard:
        for name, func in all_checks():
            checks.append(run_check(name, func, guard))
    return {
        "version": __version__,
        "frozen": bool(getattr(sys, "frozen", False)),
        "platform": {
            "system": platform.system(),
            "release": platform.release(),
            "machine": platform.machine(),
            "python": platform.python_version(),
            "executable": sys.executable,
        },
        "checks": [asdict(c) for c in checks],
        "ok": all(c.ok for c in checks),
    }


def default_report_path() -> Path:
    """$LUXCANVAS_HOME/selftest.json, or selftest.json in the user's log folder."""
    override = os.environ.get("LUXCANVAS_HOME")
    if override:
        return Path(override) / "selftest.json"
    from luxcanvas.store.paths import logs_dir

    return logs_dir() / "selftest.json"


class _Parser(argparse.ArgumentParser):
    """Raises instead of printing: a windowed build may have no stderr to print to."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise ValueError(message)


def main(argv: list[str]) -> int:
    parser = _Parser(prog="luxcanvas --self-test", add_help=False)
    parser.add_argument("--report", metavar="FILE", help="write the JSON report here")
    try:
        args = parser.parse_args(argv)
    except ValueError as err:
        _say(f"luxcanvas --self-test: {err}\nusage: luxcanvas --self-test [--report FILE]")
        return 2
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    target = Path(args.report) if args.report else default_report_path()  # before isolation

    report = run_all()
    text = json.dumps(report, indent=2, ensure_ascii=False)
    if not args.report and sys.stdout is not None:
        print(text, flush=True)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text + "\n", encoding="utf-8")
    except OSError as err:
        _say(f"luxcanvas --self-test: cannot write {target}: {err}")
        return 1
    failed = [c["name"] for c in report["checks"] if not c["ok"]]
    _say(
        f"LuxCanvas {__version__} self-test: "
        + (f"FAILED ({', '.join(failed)})" if failed else "all checks passed")
        + f" · report: {target}"
    )
    return 0 if report["ok"] else 1


# -- isolation -------------------------------------------------------------------------------


@contextmanager
def _isolated_state() -> Iterator[None]:
    """A throw-away LUXCANVAS_HOME, no API key in the environment, and a keyring that holds
    nothing, so the window cannot read the user's key or change their settings or history."""
    import keyring
    import keyring.backend

    # get_all_keyring() is computed once per process and lists every backend class imported so
    # far: ask it now, before the null backend below is imported, so the report shows only the
    # backends the app really has.
    keyring.backend.get_all_keyring()
    from keyring.backends.null import Keyring as NullKeyring

    saved_env = {k: os.environ.get(k) for k in ("LUXCANVAS_HOME", "LAOZHANG_API_KEY")}
    saved_keyring = keyring.get_keyring()
    home = tempfile.mkdtemp(prefix="luxcanvas-selftest-")
    os.environ["LUXCANVAS_HOME"] = home
    os.environ.pop("LAOZHANG_API_KEY", None)
    keyring.set_keyring(NullKeyring())
    try:
        yield
    finally:
        keyring.set_keyring(saved_keyring)
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(home, ignore_errors=True)


class _NetworkGuard:
    """Makes every IPv4/IPv6 connect fail and records it (local sockets, e.g. D-Bus, still work).

    A self-test that reached the network would be slow, flaky and could leak data; this turns
    such a regression into a failed check instead."""

    def __init__(self) -> None:
        self.attempts: list[str] = []
        self._saved: dict[str, Any] = {}

    def __enter__(self) -> _NetworkGuard:
        guard = self
        for method in ("connect", "connect_ex"):
            original = getattr(socket.socket, method)
            self._saved[method] = original

            def blocked(sock: socket.socket, address: Any, *a: Any, _orig: Any = original) -> Any:
                if sock.family in (socket.AF_INET, socket.AF_INET6):
                    guard.attempts.append(repr(address))
                    raise OSError("luxcanvas --self-test never uses the network")
                return _orig(sock, address, *a)

            setattr(socket.socket, method, blocked)
        return self

    def __exit__(self, *exc: object) -> None:
        for method, original in self._saved.items():
            setattr(socket.socket, method, original)


def _jsonable(value: Any) -> Any:
    """Round-trips through JSON so odd types (tuples, Paths) cannot break the report."""
    return json.loads(json.dumps(value, default=str))


def _say(message: str) -> None:
    """A line on stderr when there is one (windowed Windows builds have none)."""
    if sys.stderr is not None:
        print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
