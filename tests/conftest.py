"""Shared test setup for every test: an isolated LUXCANVAS_HOME, an in-memory keyring, and
the fixtures several files share (the fake gateway, a factory for history rows)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.gateway import FakeGateway
from tests.fakes.keyring import MemoryKeyring

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def qapp_cls():
    """pytest-qt builds the app's own QApplication subclass, as ``luxcanvas`` does at launch.

    It turns the OS's file-open events into photos; a plain QApplication would drop them.
    """
    from luxcanvas.gui.app import LuxApplication

    return LuxApplication


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch) -> Path:
    """All state (settings, cache, library, logs) goes to a fresh folder per test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("LUXCANVAS_HOME", str(home))
    monkeypatch.delenv("LAOZHANG_API_KEY", raising=False)
    monkeypatch.delenv("LUXCANVAS_BASE_URL", raising=False)
    return home


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every test sees a fresh, empty in-memory keyring, never the developer's real one.

    A test that needs another backend (a failing one, say) may set it; this one comes back
    after the test, and then whatever was there before the test.
    """
    import keyring
    import keyring.core

    # Not keyring.get_keyring(): before a backend is chosen that would detect and load the real
    # OS keyring, which is what the suite must stay away from. None means "not chosen yet".
    previous = keyring.core._keyring_backend
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.core._keyring_backend = previous


@pytest.fixture
def fixtures() -> Path:
    if not FIXTURES.is_dir():
        pytest.skip(f"shared fixtures not found at {FIXTURES}")
    return FIXTURES


# --- the fake gateway -----------------------------------------------------------------------------


@pytest.fixture
def gateway(monkeypatch) -> Iterator[FakeGateway]:
    """A fake LaoZhang gateway on 127.0.0.1, with its key and URL in the environment.

    ``LAOZHANG_API_KEY`` and ``LUXCANVAS_BASE_URL`` point the CLI, the window and any
    ``RestorationService`` at it. At the end, requests it still holds (``Scenario.HANG``) are
    released, it stops, and the test fails if the fake itself failed (``gateway.errors``: a bug
    in the fake or a thread that would not stop), so a broken fake cannot pass for a client bug.
    """
    with FakeGateway() as gw:
        monkeypatch.setenv("LAOZHANG_API_KEY", gw.api_key)
        monkeypatch.setenv("LUXCANVAS_BASE_URL", gw.base_url)
        yield gw
        gw.release()
    assert gw.errors == [], "the fake gateway itself failed:\n" + "\n".join(gw.errors)


# --- history rows ---------------------------------------------------------------------------------

# A tiny real PNG (4x3, grey) written as the result file of a finished job.
_RESULT_SIZE = (4, 3)


@pytest.fixture
def make_job(isolated_home) -> Callable[..., Any]:
    """A factory for history rows in a `Library` (by default the one under the test's home).

    ``make_job(status, **fields)`` records one job through the library's own API and returns its
    `JobRecord`. ``status`` is one of the library's constants (default ``DONE``):

    - ``RUNNING``: started only (``may_be_billed=True`` marks its paid call as sent);
    - ``DONE``: a small PNG is written under the home's results folder as its result, and its
      ``cost_usd`` goes to the ledger unless ``ledger_amount`` says otherwise;
    - ``FAILED`` / ``CANCELLED``: finished with an error kind and message (defaults given).

    ``input_path`` defaults to a made-up photo path; when it names an existing file,
    ``input_digest`` defaults to that file's digest (what the app records). Other keyword
    arguments go to ``Library.finish_job`` (``seconds``, ``warnings``, ``ledger_certain``...).
    """
    from luxcanvas.store import paths
    from luxcanvas.store.cache import file_digest
    from luxcanvas.store.library import CANCELLED, DONE, FAILED, RUNNING, Library

    default_errors = {
        FAILED: ("refused", "The model answered without an image."),
        CANCELLED: ("cancelled", "Cancelled."),
    }

    def make(
        status: str = DONE,
        *,
        library: Library | None = None,
        input_path: str | Path | None = None,
        strategy: str = "restore",
        model: str = "gemini-3-pro-image-preview",
        size: str = "",
        prompt: str = "",
        input_digest: str | None = None,
        cost_usd: float = 0.0,
        ledger_amount: float | None = None,
        may_be_billed: bool = False,
        **finish: Any,
    ):
        if library is None:
            library = Library()  # under LUXCANVAS_HOME as it is now
        if input_path is None:
            input_path = isolated_home / "photos" / "grandma.jpg"
        if input_digest is None:
            input_digest = file_digest(input_path) if Path(input_path).is_file() else ""
        job_id = library.start_job(
            input_path=str(input_path),
            strategy=strategy,
            model=model,
            size=size,
            prompt=prompt,
            input_digest=input_digest,
        )
        if status == RUNNING:
            if finish or cost_usd or ledger_amount is not None:
                raise TypeError("a running job has no outcome yet")
            if may_be_billed:
                library.mark_may_be_billed(job_id)
            return library.job(job_id)
        if status == DONE:
            from PIL import Image

            result = paths.results_dir() / f"{job_id}.png"
            result.parent.mkdir(parents=True, exist_ok=True)
            Image.new("RGB", _RESULT_SIZE, (128, 128, 128)).save(result)
            finish.setdefault("result_path", str(result))
            finish.setdefault("width", _RESULT_SIZE[0])
            finish.setdefault("height", _RESULT_SIZE[1])
            if ledger_amount is None:
                ledger_amount = cost_usd
        elif status in default_errors:
            kind, message = default_errors[status]
            finish.setdefault("error_kind", kind)
            finish.setdefault("error_message", message)
        else:
            raise ValueError(f"make_job makes running, done, failed or cancelled jobs: {status!r}")
        library.finish_job(
            job_id,
            status=status,
            cost_usd=cost_usd,
            may_be_billed=may_be_billed,
            ledger_amount=ledger_amount or 0.0,
            **finish,
        )
        return library.job(job_id)

    return make


def cancel_once_sent(service: Any, job: Any, gateway: FakeGateway, route: str, before_cancel=None):
    """Run ``job`` on a thread until its request reaches the (hanging) fake on ``route``, then
    cancel it. Returns (the thread, after a short join; the errors the run raised).

    ``before_cancel`` runs just before the cancel (e.g. the app beginning to quit).
    """
    import threading
    import time

    from luxcanvas.domain.errors import Cancelled
    from luxcanvas.domain.jobs import CancelToken

    token = CancelToken()
    errors: list[Cancelled] = []

    def run() -> None:
        try:
            service.run(job, cancel=token)
        except Cancelled as err:
            errors.append(err)

    worker = threading.Thread(target=run)
    worker.start()
    deadline = time.monotonic() + 10
    while gateway.count(route) == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    if before_cancel is not None:
        before_cancel()
    token.cancel()
    worker.join(timeout=5)
    gateway.release()
    return worker, errors


def service_for(gateway: FakeGateway | None, **settings: Any) -> Any:
    """A RestorationService on the fake gateway with short timeouts and quick retries, and the
    saved settings (so what a run remembers is seen by the next service). Without a gateway,
    any attempt to make a gateway client fails the test."""
    from luxcanvas.app.service import RestorationService
    from luxcanvas.gateway.http import GatewayClient, retry_policy
    from luxcanvas.store.settings import load_settings

    def factory(base_url: str, key: str | None) -> GatewayClient:
        if gateway is None:
            raise AssertionError("a job that needs no gateway asked for a client")
        return GatewayClient(
            base_url, key, read_timeout=20, read_timeout_long=20, retry=retry_policy(max_wait=2)
        )

    saved = load_settings()
    saved.base_url = gateway.base_url if gateway is not None else "http://127.0.0.1:9"
    for name, value in settings.items():
        setattr(saved, name, value)
    return RestorationService(settings=saved, client_factory=factory)
