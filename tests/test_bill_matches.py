"""The app's ledger against the fake gateway's own bill, kept by the published rules (DESIGN §3),
after every fault scenario: what the app records as charged or possibly charged must be what the
gateway bills — no billed call recorded as free, no free call recorded as paid."""

from __future__ import annotations

import pytest

from luxcanvas.domain.errors import LuxError
from luxcanvas.domain.jobs import Job
from tests.conftest import FIXTURES, service_for
from tests.fakes.gateway import Scenario

PHOTO = FIXTURES / "damaged" / "camera_damaged.jpg"
pytestmark = pytest.mark.skipif(not PHOTO.is_file(), reason="shared fixtures missing")

# (strategy, route, scenario): every failure the fake can play, on the routes it applies to.
CASES = [
    ("restore", "native", None),
    ("restore", "native", Scenario.REFUSAL),
    ("restore", "native", Scenario.NO_IMAGE),
    ("restore", "native", Scenario.BLOCK_REASON),
    ("restore", "native", Scenario.DROP),
    ("restore", "native", Scenario.CONNECTION_RESET),
    ("restore", "native", Scenario.TRUNCATED_BODY),
    ("restore", "native", Scenario.MALFORMED_JSON),
    ("restore", "native", Scenario.QUOTA_403),
    ("restore", "native", Scenario.QUOTA_429),
    ("restore", "native", Scenario.RATE_LIMIT),
    ("restore", "native", Scenario.SERVER_ERROR),
    ("restore", "native", Scenario.BAD_GATEWAY),
    ("restore", "native", Scenario.HTML_524),
    ("restore", "native", Scenario.HTML_413),
    ("restore", "native", Scenario.GOOGLE_ERROR),
    ("restore", "native", Scenario.UNAUTHORIZED),
    ("restore", "native", Scenario.MODEL_NOT_FOUND),
    ("preview", "chat", Scenario.REFUSAL),
    ("preview", "chat", Scenario.NO_IMAGE),
    ("reshoot", "images", Scenario.SEEDREAM_SENSITIVE),
    ("reshoot", "images", Scenario.REFUSAL),
    ("reshoot", "images", Scenario.URL_RESULT),
    ("reshoot", "images", Scenario.EXPIRED_URL),
    ("reshoot", "images", Scenario.REDIRECTED_URL),
    ("direct-edit", "chat", Scenario.REFUSAL),
    ("direct-edit", "chat", Scenario.REDIRECT_NON_HTTP),
    ("magic-eye", "chat", None),
]


@pytest.mark.parametrize(("strategy", "route", "scenario"), CASES)
def test_the_ledger_is_the_gateways_bill(gateway, strategy, route, scenario):
    if scenario is not None:
        gateway.queue(route, scenario)
    service = service_for(gateway)
    try:
        service.run(Job(PHOTO, strategy, size="2K" if strategy == "reshoot" else ""))
    except LuxError:
        pass
    library = service.library
    billed = gateway.billed_usd()
    assert library.spent() == pytest.approx(billed), (
        f"app ledger {library.spent()} (certain {library.spent(certain_only=True)}) "
        f"against the gateway's bill {billed}: {gateway.bill}"
    )
    # What the app says is certain was certainly billed.
    assert library.spent(certain_only=True) <= billed + 1e-9
    service.close()
