"""The service against the fake gateway over real HTTP on 127.0.0.1.

What a user would notice: the right model is called with a sensibly sized photo, the result
keeps the original framing, the second identical job is free, failures arrive as the right
error without retrying anything that may have been billed, and the budget is enforced
before paying.
"""

from __future__ import annotations

import base64
import io
import threading

import pytest
from PIL import Image

from luxcanvas.app.service import RestorationService, RunBudget
from luxcanvas.domain.errors import (
    AuthError,
    BudgetExceeded,
    Cancelled,
    GatewayError,
    GatewayTimeout,
    InvalidInput,
    NetworkError,
    QuotaError,
    RefusedError,
)
from luxcanvas.domain.jobs import CancelToken, Job, Stage
from luxcanvas.gateway.http import GatewayClient, retry_policy
from luxcanvas.store.library import CANCELLED, DONE, FAILED
from luxcanvas.store.settings import Settings
from tests.conftest import FIXTURES, cancel_once_sent
from tests.fakes.gateway import FakeGateway, Scenario

PHOTO = FIXTURES / "damaged" / "astronaut_damaged.jpg"
LARGE = FIXTURES / "odd" / "large_24mp.jpg"
PANORAMA = FIXTURES / "odd" / "panorama_7200x900.jpg"

# `gateway` (the fake, its key and URL in the environment) comes from tests/conftest.py.


def make_service(gw, monkeypatch, *, read_timeout=30.0, **settings) -> RestorationService:
    monkeypatch.setenv("LAOZHANG_API_KEY", gw.api_key)

    def factory(base_url, key):
        return GatewayClient(
            base_url,
            key,
            read_timeout=read_timeout,
            read_timeout_long=read_timeout,
            retry=retry_policy(max_wait=2.0),
        )

    service = RestorationService(
        settings=Settings(base_url=gw.base_url, **settings), client_factory=factory
    )
    return service


@pytest.fixture
def service(gateway, monkeypatch):
    svc = make_service(gateway, monkeypatch)
    yield svc
    svc.close()


def _aspect(path) -> float:
    with Image.open(path) as im:
        return im.width / im.height


def _source_aspect(path) -> float:
    from luxcanvas.imaging import probe

    info = probe(path)
    return info.width / info.height


@pytest.mark.parametrize(
    "strategy, size, route",
    [
        ("preview", "", "chat"),
        ("restore", "2K", "native"),
        ("reshoot", "4K", "images"),
        ("reshoot-4.5", "2K", "images"),
        ("direct-edit", "", "chat"),
    ],
)
def test_each_cloud_strategy_returns_a_result_in_the_original_framing(
    service, gateway, strategy, size, route
):
    stages = []
    outcome = service.run(Job(PHOTO, strategy, size=size), on_progress=stages.append)
    assert outcome.result_path.is_file() and not outcome.cached
    assert outcome.model == service.catalog.get(strategy).model
    assert outcome.cost_usd == service.catalog.get(strategy).price_usd
    assert _aspect(outcome.result_path) == pytest.approx(_source_aspect(PHOTO), rel=0.01)
    with Image.open(outcome.result_path) as written:
        assert (outcome.width, outcome.height) == written.size
    assert gateway.count(route) == 1
    assert gateway.last(route).headers["authorization"] == f"Bearer {gateway.api_key}"
    seen = [e.stage for e in stages]
    assert seen[0] == Stage.PREPARING and seen[-1] == Stage.DONE
    assert Stage.WAITING in seen
    record = service.library.job(outcome.job_id)
    assert record.status == DONE and record.cost_usd == outcome.cost_usd
    assert service.library.spent() == pytest.approx(outcome.cost_usd)


def test_restore_never_sends_aspect_ratio_and_asks_the_chosen_size(service, gateway):
    service.run(Job(PHOTO, "restore", size="4K"))
    body = gateway.last("native").json
    assert body["generationConfig"]["imageConfig"] == {"imageSize": "4K"}
    assert gateway.aspect_ratios == []


def test_payload_is_sized_for_the_strategy(service, gateway):
    service.run(Job(LARGE, "preview"))
    sent = gateway.last("chat").json["messages"][0]["content"][1]["image_url"]["url"]
    raw = base64.b64decode(sent.split(",", 1)[1])
    assert len(raw) <= 1_500_000, "a preview of a 24 MP photo must not upload megabytes"
    with Image.open(io.BytesIO(raw)) as im:
        assert max(im.size) <= 1536
    service.run(Job(LARGE, "restore", size="2K"))
    inline = gateway.last("native").json["contents"][0]["parts"][1]["inline_data"]["data"]
    assert len(base64.b64decode(inline)) <= 7_000_000


def test_seedream_gets_wxh_in_the_inputs_aspect_and_a_panorama_is_padded(service, gateway):
    outcome = service.run(Job(PANORAMA, "reshoot", size="4K"))
    body = gateway.last("images").json
    w, h = map(int, body["size"].split("x"))
    assert 921_600 <= w * h <= 16_777_216
    sent = base64.b64decode(body["image"].split(",", 1)[1])
    with Image.open(io.BytesIO(sent)) as im:
        assert 1 / 3 <= im.width / im.height <= 3  # padded into Seedream's range, not rejected
        assert w / h == pytest.approx(im.width / im.height, rel=0.01)
    assert body["response_format"] == "b64_json" and body["watermark"] is False
    assert _aspect(outcome.result_path) == pytest.approx(7200 / 900, rel=0.02)


def test_magic_eye_describes_then_generates_from_words_only(service, gateway):
    outcome = service.run(Job(PHOTO, "magic-eye"))
    describe, generate = [r for r in gateway.requests if r.route == "chat"]
    assert describe.json["model"] == service.catalog.get("magic-eye").vision_model
    assert any(p["type"] == "image_url" for p in describe.json["messages"][0]["content"])
    parts = generate.json["messages"][0]["content"]
    assert generate.json["model"] == "sora_image"
    assert all(p["type"] == "text" for p in parts), "sora_image is blind: send no image"
    assert parts[0]["text"].rstrip().endswith(("【1:1】", "【2:3】", "【3:2】"))
    assert outcome.text and outcome.text in parts[0]["text"]
    assert outcome.cost_usd == pytest.approx(service.catalog.get("magic-eye").estimated_cost)


def test_same_job_twice_is_free_and_says_cached(service, gateway):
    first = service.run(Job(PHOTO, "restore", size="2K"))
    second = service.run(Job(PHOTO, "restore", size="2K"))
    assert second.cached and second.cost_usd == 0
    assert gateway.count("native") == 1
    assert second.result_path.read_bytes() == first.result_path.read_bytes()
    assert service.library.spent() == pytest.approx(first.cost_usd)
    # a different size or prompt is a different job
    service.run(Job(PHOTO, "restore", size="1K"))
    service.run(Job(PHOTO, "restore", size="2K", prompt="Her dress was blue."))
    assert gateway.count("native") == 3


def test_no_cache_pays_again(service, gateway):
    service.run(Job(PHOTO, "preview"))
    again = service.run(Job(PHOTO, "preview", use_cache=False))
    assert not again.cached and gateway.count("chat") == 2


def test_monthly_budget_is_enforced_before_paying(gateway, monkeypatch):
    service = make_service(gateway, monkeypatch, monthly_budget_usd=0.12)
    try:
        service.run(Job(PHOTO, "restore"))  # $0.09
        with pytest.raises(BudgetExceeded) as info:
            service.run(Job(PHOTO, "restore", use_cache=False))
        assert info.value.exit_code == 5 and "$0.12" in info.value.message
        assert gateway.count("native") == 1
        service.run(Job(PHOTO, "restore"))  # a cached answer costs nothing: allowed
    finally:
        service.close()


def test_run_budget_caps_a_batch(service, gateway):
    budget = RunBudget(0.06)
    service.run(Job(PHOTO, "preview"), run_budget=budget)
    service.run(Job(PANORAMA, "preview"), run_budget=budget)
    with pytest.raises(BudgetExceeded, match="max-cost"):
        service.run(Job(LARGE, "preview"), run_budget=budget)
    assert gateway.count("chat") == 2


def test_missing_key_fails_before_any_request(gateway, monkeypatch):
    service = make_service(gateway, monkeypatch)
    monkeypatch.delenv("LAOZHANG_API_KEY")
    with pytest.raises(AuthError) as info:
        service.run(Job(PHOTO, "restore"))
    assert info.value.exit_code == 4 and "local" in info.value.message
    assert gateway.count("*") == 0
    service.close()


def test_bad_input_is_refused_naming_the_file(service, gateway):
    with pytest.raises(InvalidInput) as info:
        service.run(Job(FIXTURES / "bad" / "truncated.jpg", "restore"))
    assert "truncated.jpg" in info.value.message
    assert gateway.count("*") == 0


@pytest.mark.parametrize(
    "scenario, error, code",
    [
        (Scenario.UNAUTHORIZED, AuthError, 4),
        (Scenario.QUOTA_403, QuotaError, 5),
        (Scenario.QUOTA_429, QuotaError, 5),
        (Scenario.REFUSAL, RefusedError, 6),
        (Scenario.NO_IMAGE, RefusedError, 6),
        (Scenario.BLOCK_REASON, RefusedError, 6),
        (Scenario.GOOGLE_ERROR, GatewayError, 7),
        (Scenario.HTML_524, GatewayError, 7),
        (Scenario.HTML_413, GatewayError, 7),
        (Scenario.MALFORMED_JSON, GatewayError, 7),
        (Scenario.TRUNCATED_BODY, GatewayError, 7),
    ],
)
def test_failures_reach_the_user_as_the_right_error_and_are_not_retried(
    service, gateway, scenario, error, code
):
    gateway.queue("native", scenario)
    with pytest.raises(error) as info:
        service.run(Job(PHOTO, "restore"))
    assert info.value.exit_code == code
    assert gateway.count("native") == 1
    assert gateway.api_key not in info.value.message + info.value.detail
    record = service.library.jobs()[0]
    assert record.status == FAILED and record.error_message == info.value.message
    assert list(service.cache.root.rglob("result.png")) == []


@pytest.mark.parametrize(
    "scenario, kwargs",
    [
        (Scenario.SERVER_ERROR, {}),
        (Scenario.MODEL_NOT_FOUND, {}),
        (Scenario.BAD_GATEWAY, {}),
        (Scenario.RATE_LIMIT, {"retry_after": 1}),
    ],
)
def test_unbilled_failures_are_retried_once_and_succeed(service, gateway, scenario, kwargs):
    gateway.queue("chat", scenario, **kwargs)
    outcome = service.run(Job(PHOTO, "preview"))
    assert outcome.result_path.is_file()
    assert gateway.count("chat") == 2


def test_persistent_model_not_found_gives_up_with_a_plain_message(service, gateway):
    gateway.queue("chat", Scenario.MODEL_NOT_FOUND, times=10)
    with pytest.raises(GatewayError, match="no channel"):
        service.run(Job(PHOTO, "preview"))
    # Each of the strategy's model ids: the first try and two retries, then the next id.
    models = [r.json["model"] for r in gateway.requests if r.route == "chat"]
    strategy = service.catalog.get("preview")
    assert models == [m for m in strategy.models for _ in range(3)]
    assert service.library.spent() == 0  # "model not found" is not billed


@pytest.mark.parametrize("scenario", [Scenario.DROP, Scenario.CONNECTION_RESET])
def test_dropped_connections_may_be_billed_and_are_never_retried(service, gateway, scenario):
    gateway.queue("native", scenario)
    with pytest.raises(NetworkError) as info:
        service.run(Job(PHOTO, "restore"))
    assert info.value.may_be_billed and "may still bill" in info.value.message
    assert gateway.count("native") == 1
    price = service.catalog.get("restore").estimated_cost
    assert service.library.spent() == pytest.approx(price)  # counted against the budget
    assert service.library.spent(certain_only=True) == 0


def test_read_timeout_is_not_retried_and_says_it_may_be_billed(gateway, monkeypatch):
    service = make_service(gateway, monkeypatch, read_timeout=0.5)
    gateway.queue("native", Scenario.HANG)
    try:
        with pytest.raises(GatewayTimeout) as info:
            service.run(Job(PHOTO, "restore"))
        assert info.value.may_be_billed and info.value.exit_code == 7
        assert gateway.count("native") == 1
    finally:
        gateway.release()
        service.close()


def test_unreachable_gateway_is_a_network_error_not_billed(monkeypatch):
    monkeypatch.setenv("LAOZHANG_API_KEY", "sk-test-unreachable")
    service = RestorationService(settings=Settings(base_url="http://127.0.0.1:9"))
    try:
        with pytest.raises(NetworkError) as info:
            service.run(Job(PHOTO, "preview"))
        assert not info.value.may_be_billed and "Cannot reach" in info.value.message
        assert service.library.spent() == 0
    finally:
        service.close()


def test_cancel_while_waiting_stops_at_once_and_warns_about_billing(service, gateway):
    gateway.queue("native", Scenario.HANG)
    worker, errors = cancel_once_sent(service, Job(PHOTO, "restore"), gateway, "native")
    assert not worker.is_alive(), "cancel must not wait for the model"
    assert errors and errors[0].may_be_billed and "may still bill" in errors[0].message
    assert service.library.jobs()[0].status == CANCELLED


def test_cancel_before_sending_costs_nothing(service, gateway):
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled) as info:
        service.run(Job(PHOTO, "restore"), cancel=token)
    assert not info.value.may_be_billed and gateway.count("native") == 0
    assert service.library.spent() == 0


def test_url_results_are_downloaded_and_expired_links_say_so(service, gateway):
    gateway.queue("images", Scenario.URL_RESULT)
    outcome = service.run(Job(PHOTO, "reshoot", size="2K"))
    assert outcome.result_path.is_file() and gateway.count("download") == 1
    gateway.queue("images", Scenario.EXPIRED_URL)
    with pytest.raises(GatewayError, match="expired") as info:
        service.run(Job(PANORAMA, "reshoot", size="2K"))
    assert info.value.may_be_billed


@pytest.mark.parametrize("declared", [True, False])
def test_oversized_download_is_capped(service, gateway, monkeypatch, declared):
    import luxcanvas.gateway.http as http

    monkeypatch.setattr(http, "MAX_DOWNLOAD_BYTES", 5_000_000)
    gateway.queue("images", Scenario.HUGE_DOWNLOAD, size_mb=300, declare_length=declared)
    with pytest.raises(GatewayError, match="larger than") as info:
        service.run(Job(PHOTO, "reshoot", size="2K"))
    assert info.value.may_be_billed
    assert list(service.cache.root.rglob("result.png")) == []


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.com/x.png", "http://example.com/x.png"]
)
def test_result_links_that_are_not_safe_are_refused(url):
    client = GatewayClient("https://gateway.example", "sk-test")
    try:
        with pytest.raises(GatewayError):
            client.download(url)
    finally:
        client.close()


def test_downloads_never_carry_the_api_key(service, gateway):
    gateway.queue("images", Scenario.URL_RESULT)
    service.run(Job(PHOTO, "reshoot", size="2K"))
    assert "authorization" not in gateway.last("download").headers


def test_base_url_with_a_path_prefix(monkeypatch):
    with FakeGateway(prefix="/proxy/api") as gw:
        service = make_service(gw, monkeypatch)
        try:
            outcome = service.run(Job(PHOTO, "restore"))
            assert outcome.result_path.is_file()
            assert gw.last("native").path.startswith("/proxy/api/v1beta/")
        finally:
            service.close()


def test_parallel_jobs_share_one_service(service, gateway):
    gateway.latency = 0.3
    results, errors = [], []

    def run(strategy):
        try:
            results.append(service.run(Job(PHOTO, strategy)))
        except Exception as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=run, args=(s,)) for s in ("preview", "restore", "reshoot")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    assert {o.strategy for o in results} == {"preview", "restore", "reshoot"}
    assert len({o.job_id for o in results}) == 3
    prices = sum(service.catalog.get(o.strategy).price_usd for o in results)
    assert service.library.spent() == pytest.approx(prices)


def test_available_models(service, gateway):
    available = service.available_models()
    assert available["restore"] and available["magic-eye"]
    assert gateway.count("models") == 1


def test_a_damaged_image_inside_a_good_answer_is_refused_and_not_kept(service, gateway):
    buffer = io.BytesIO()
    Image.new("RGB", (2048, 2048), (90, 80, 70)).save(buffer, "JPEG")
    cut = base64.b64encode(buffer.getvalue()[:5000]).decode()
    answer = {
        "candidates": [
            {
                "content": {"parts": [{"inlineData": {"mimeType": "image/jpeg", "data": cut}}]},
                "finishReason": "STOP",
            }
        ]
    }
    import json

    gateway.queue("native", Scenario.MALFORMED_JSON, body=json.dumps(answer))
    with pytest.raises(GatewayError, match="cannot be read"):
        service.run(Job(PHOTO, "restore"))
    assert list(service.cache.root.rglob("result.*")) == []
    assert service.library.jobs()[0].status == FAILED


@pytest.mark.parametrize("mime", ["image/jpeg", "image/png", "image/webp"])
def test_recorded_size_is_the_size_of_the_kept_result(service, gateway, mime):
    gateway.native_mime = mime
    outcome = service.run(Job(PHOTO, "restore", size="2K"))
    with Image.open(outcome.result_path) as written:
        assert written.size == (outcome.width, outcome.height) == (2048, 2048)
    record = service.library.job(outcome.job_id)
    assert (record.width, record.height) == (2048, 2048)
