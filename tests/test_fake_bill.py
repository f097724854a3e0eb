"""The fake gateway's own bill, catalogue, redirects, ratios and sizes, driven with plain httpx.

These check the fake against the gateway's documentation (DESIGN.md §3), not against the client:
they are what lets a client test catch the client disagreeing with the gateway.
"""

from __future__ import annotations

import base64
import io
import re
import threading
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
from PIL import Image

from tests.fakes.gateway import FakeGateway, Scenario

CHAT = "/v1/chat/completions"
IMAGES = "/v1/images/generations"
PRO = "gemini-3-pro-image-preview"
FLASH = "gemini-2.5-flash-image"
NB21 = "gemini-nano-banana-2.1"
NB2 = "gemini-3.1-flash-image"
LITE = "gemini-3.1-flash-lite-image"
OCTOBER = {
    FLASH: 0.02,
    LITE: 0.025,
    NB21: 0.045,
    NB2: 0.055,
    "gemini-3-pro-image": 0.09,
    "seedream-4-0-250828": 0.035,
    "seedream-4-5-251128": 0.045,
    "gpt-4o-image": 0.01,
    "sora_image": 0.01,
}


def photo(width: int = 800, height: int = 600, left: tuple[int, int, int] | None = None) -> bytes:
    """A JPEG gradient; with `left`, its left quarter is that flat colour."""
    picture = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    if left is not None:
        picture.paste(left, (0, 0, width // 4, height))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def data_url(data: bytes) -> str:
    return "data:image/jpeg;base64," + base64.b64encode(data).decode("ascii")


def chat_body(model: str, text: str = "Restore", image: bytes | None = None) -> dict:
    content: list[dict] = [{"type": "text", "text": text}]
    if image is not None:
        content.append({"type": "image_url", "image_url": {"url": data_url(image)}})
    return {"model": model, "messages": [{"role": "user", "content": content}]}


def native_path(model: str = PRO) -> str:
    return f"/v1beta/models/{model}:generateContent"


def native_body(image: bytes, image_size: str | None = "1K", **image_config: str) -> dict:
    config = dict(image_config)
    if image_size is not None:
        config["imageSize"] = image_size
    inline = {"mime_type": "image/jpeg", "data": base64.b64encode(image).decode("ascii")}
    parts = [{"text": "Restore this photograph."}, {"inline_data": inline}]
    return {
        "contents": [{"role": "user", "parts": parts}],
        "generationConfig": {"responseModalities": ["IMAGE"], "imageConfig": config},
    }


def seedream_body(model: str = "seedream-4-0-250828", **fields: object) -> dict:
    body: dict = {
        "model": model,
        "prompt": "Re-shoot this photograph",
        "image": data_url(photo()),
        "size": "2K",
        "response_format": "b64_json",
        "watermark": False,
        "sequential_image_generation": "disabled",
        "stream": False,
    }
    body.update(fields)
    return body


def decode(data: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture


def native_picture(response: httpx.Response) -> Image.Image:
    parts = response.json()["candidates"][0]["content"]["parts"]
    return decode(base64.b64decode(parts[-1]["inlineData"]["data"]))


def chat_picture(response: httpx.Response) -> Image.Image:
    content = response.json()["choices"][0]["message"]["content"]
    url = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", content)[-1]
    return decode(base64.b64decode(url.split(",", 1)[1]))


def link_of(response: httpx.Response) -> str:
    if "choices" in response.json():
        content = response.json()["choices"][0]["message"]["content"]
        return re.findall(r"!\[[^\]]*\]\(([^)]+)\)", content)[-1]
    return response.json()["data"][0]["url"]


def wait_for(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def client_for(gateway: FakeGateway, **options: object) -> httpx.Client:
    headers = {"Authorization": f"Bearer {gateway.api_key}"}
    return httpx.Client(base_url=gateway.base_url, headers=headers, timeout=20, **options)


@pytest.fixture
def client(gateway: FakeGateway) -> Iterator[httpx.Client]:
    with client_for(gateway) as http:
        yield http


# --- the bill: what is charged --------------------------------------------------------------------


def test_answers_with_an_image_are_billed_at_todays_prices(
    gateway: FakeGateway, client: httpx.Client
) -> None:
    started = time.time()
    calls = [
        (CHAT, chat_body(FLASH, image=photo()), "chat", FLASH, 0.02),
        (native_path(), native_body(photo()), "native", PRO, 0.05),
        (native_path(NB21), native_body(photo(), "2K"), "native", NB21, 0.045),
        (IMAGES, seedream_body(), "images", "seedream-4-0-250828", 0.035),
        (IMAGES, seedream_body("seedream-4-5-251128", size="2560x1920"), "images", None, 0.045),
        (CHAT, chat_body("sora_image", "a boat 【1:1】"), "chat", "sora_image", 0.01),
        (CHAT, chat_body("gpt-4o-image", image=photo()), "chat", "gpt-4o-image", 0.01),
        (CHAT, chat_body("gpt-4o-mini", "Describe", photo()), "chat", "gpt-4o-mini", 0.002),
    ]
    request_ids = []
    for path, body, _route, _model, _price in calls:
        response = client.post(path, json=body)
        assert response.status_code == 200, response.text
        request_ids.append(response.headers["x-oneapi-request-id"])
        assert len(gateway.bill) == len(request_ids)  # written before the answer went out
    for entry, (_path, body, route, model, price), request_id in zip(
        gateway.bill, calls, request_ids, strict=True
    ):
        assert (entry.route, entry.amount_usd, entry.request_id) == (route, price, request_id)
        assert entry.model == (model or body["model"])
        assert entry.reason == ("text" if model == "gpt-4o-mini" else "image")
        assert started <= entry.time <= time.time()
    assert gateway.billed_usd() == pytest.approx(sum(call[-1] for call in calls))


def test_prices_follow_the_catalogue_and_can_be_changed() -> None:
    with FakeGateway(catalogue="january") as gateway, client_for(gateway) as http:
        assert gateway.prices[FLASH] == 0.025 and gateway.prices[PRO] == 0.05
        http.post(CHAT, json=chat_body(FLASH, image=photo()))
        gateway.prices[FLASH] = 0.5  # the price when a request arrives is the one charged
        http.post(CHAT, json=chat_body(FLASH, image=photo()))
        assert [entry.amount_usd for entry in gateway.bill] == [0.025, 0.5]
    with FakeGateway(catalogue="october") as gateway:
        assert {model: gateway.prices[model] for model in OCTOBER} == OCTOBER
    assert FakeGateway().prices[PRO] == 0.05 and FakeGateway().prices[FLASH] == 0.02


@pytest.mark.parametrize(
    ("route", "scenario"),
    [
        ("chat", Scenario.UNAUTHORIZED),
        ("native", Scenario.QUOTA_403),
        ("native", Scenario.QUOTA_429),
        ("chat", Scenario.RATE_LIMIT),
        ("native", Scenario.MODEL_NOT_FOUND),
        ("images", Scenario.SERVER_ERROR),
        ("images", Scenario.BAD_GATEWAY),
        ("native", Scenario.HTML_524),
        ("chat", Scenario.HTML_413),
        ("native", Scenario.GOOGLE_ERROR),
        ("images", Scenario.SEEDREAM_SENSITIVE),
    ],
)
def test_non_200_answers_are_not_billed(
    gateway: FakeGateway, client: httpx.Client, route: str, scenario: Scenario
) -> None:
    gateway.queue(route, scenario)
    path, body = {
        "chat": (CHAT, chat_body(FLASH, image=photo())),
        "native": (native_path(), native_body(photo())),
        "images": (IMAGES, seedream_body()),
    }[route]
    assert client.post(path, json=body).status_code >= 400
    assert client.post(path, json=body).status_code == 200  # the next one is billed
    assert wait_for(lambda: len(gateway.bill) == 1)
    time.sleep(0.05)
    assert len(gateway.bill) == 1 and gateway.bill[0].reason == "image"


def test_refused_before_the_upstream_and_free_routes_cost_nothing(
    gateway: FakeGateway, client: httpx.Client
) -> None:
    keyless = httpx.post(gateway.base_url + native_path(), json=native_body(photo()))
    assert keyless.status_code == 401
    assert client.post(IMAGES, json=seedream_body(size="1000x900")).status_code == 400
    assert client.post(native_path(), json=native_body(photo(), "2k")).status_code == 400
    gateway.queue("images", Scenario.URL_RESULT)
    url = link_of(client.post(IMAGES, json=seedream_body()))
    assert client.get("/v1/models").status_code == 200
    assert httpx.get(url).status_code == 200
    gateway.max_body_bytes = 1000
    assert client.post(IMAGES, json=seedream_body()).status_code == 413
    time.sleep(0.05)
    assert [entry.reason for entry in gateway.bill] == ["image"]  # the URL_RESULT call only


def test_gemini_200_without_an_image_is_billed_every_time(
    gateway: FakeGateway, client: httpx.Client
) -> None:
    gateway.queue("chat", Scenario.REFUSAL)
    gateway.queue("native", Scenario.REFUSAL)
    gateway.queue("native", Scenario.BLOCK_REASON)
    gateway.queue("native", Scenario.NO_IMAGE)
    gateway.queue("native", Scenario.NO_IMAGE)  # the identical resend is billed again
    chat = client.post(CHAT, json=chat_body(FLASH, image=photo()))
    assert chat.status_code == 200 and "![" not in chat.json()["choices"][0]["message"]["content"]
    for _ in range(4):
        assert client.post(native_path(), json=native_body(photo())).status_code == 200
    assert wait_for(lambda: len(gateway.bill) == 5)
    assert {entry.reason for entry in gateway.bill} == {"no_image"}
    assert gateway.billed_usd() == pytest.approx(0.02 + 4 * 0.05)


def test_other_models_200_without_an_image_is_not_billed(
    gateway: FakeGateway, client: httpx.Client
) -> None:
    gateway.queue("chat", Scenario.REFUSAL)
    gateway.queue("images", Scenario.REFUSAL)
    gateway.queue("images", Scenario.NO_IMAGE)
    assert client.post(CHAT, json=chat_body("sora_image", "a boat")).status_code == 200
    assert client.post(IMAGES, json=seedream_body()).json()["data"] == []
    assert client.post(IMAGES, json=seedream_body()).json()["data"] == []
    time.sleep(0.05)
    assert gateway.bill == [] and gateway.billed_usd() == 0


@pytest.mark.parametrize(
    ("scenario", "errors"),
    [
        (Scenario.CONNECTION_RESET, (httpx.ReadError, httpx.RemoteProtocolError)),
        (Scenario.DROP, (httpx.RemoteProtocolError,)),
        (Scenario.TRUNCATED_BODY, (httpx.RemoteProtocolError,)),
    ],
)
def test_requests_dropped_after_they_were_sent_are_billed(
    gateway: FakeGateway, client: httpx.Client, scenario: Scenario, errors: tuple
) -> None:
    gateway.queue("native", scenario)
    with pytest.raises(errors):
        client.post(native_path(), json=native_body(photo()))
    (entry,) = gateway.bill  # already written when the client sees the failure
    assert (entry.route, entry.model, entry.amount_usd, entry.reason) == (
        "native",
        PRO,
        0.05,
        "dropped",
    )


def test_a_cut_answer_that_was_an_error_stays_unbilled(
    gateway: FakeGateway, client: httpx.Client
) -> None:
    gateway.queue("images", Scenario.DROP)
    with pytest.raises(httpx.RemoteProtocolError):
        client.post(IMAGES, json=seedream_body(size="1000x900"))  # a 400, cut short
    time.sleep(0.05)
    assert gateway.bill == []


def test_hang_released_is_billed_as_its_answer(gateway: FakeGateway, client: httpx.Client) -> None:
    gateway.queue("chat", Scenario.HANG)
    results: list[httpx.Response] = []
    caller = threading.Thread(
        target=lambda: results.append(client.post(CHAT, json=chat_body(FLASH, image=photo())))
    )
    caller.start()
    assert wait_for(lambda: gateway.hanging == 1)
    assert gateway.bill == []
    gateway.release()
    caller.join(5)
    assert results[0].status_code == 200
    assert wait_for(lambda: [entry.reason for entry in gateway.bill] == ["image"])


def test_hang_then_stop_and_client_timeouts_are_billed() -> None:
    with FakeGateway() as gateway:
        http = client_for(gateway)
        gateway.queue("native", Scenario.HANG)
        errors: list[Exception] = []

        def call() -> None:
            try:
                http.post(native_path(), json=native_body(photo()))
            except httpx.HTTPError as err:
                errors.append(err)

        caller = threading.Thread(target=call)
        caller.start()
        assert wait_for(lambda: gateway.hanging == 1)
        gateway.latency = 0.5
        with pytest.raises(httpx.ReadTimeout):
            http.post(CHAT, json=chat_body(FLASH, image=photo()), timeout=0.1)
        assert wait_for(lambda: len(gateway.bill) == 1)  # the timed-out chat call
        chat = gateway.bill[0]
        assert (chat.route, chat.amount_usd) == ("chat", 0.02)
        assert chat.reason in ("image", "dropped")  # whether the late answer could be written
    caller.join(5)
    http.close()
    assert errors and isinstance(errors[0], httpx.RemoteProtocolError)  # closed unanswered
    native = [entry for entry in gateway.bill if entry.route == "native"]
    assert [(entry.reason, entry.amount_usd) for entry in native] == [("dropped", 0.05)]
    assert gateway.billed_usd() == pytest.approx(0.07)


def test_malformed_200_is_billed(gateway: FakeGateway, client: httpx.Client) -> None:
    gateway.queue("native", Scenario.MALFORMED_JSON)
    response = client.post(native_path(), json=native_body(photo()))
    assert response.status_code == 200
    assert wait_for(lambda: [entry.reason for entry in gateway.bill] == ["garbled"])


def test_bill_is_thread_safe_and_reset_clears_it(gateway: FakeGateway) -> None:
    def call() -> None:
        with client_for(gateway) as http:
            for _ in range(3):
                assert http.post(CHAT, json=chat_body("sora_image", "a boat")).status_code == 200

    callers = [threading.Thread(target=call) for _ in range(8)]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join(20)
    assert wait_for(lambda: len(gateway.bill) == 24)
    assert gateway.billed_usd() == pytest.approx(0.24)
    assert len({entry.request_id for entry in gateway.bill}) == 24
    gateway.reset()
    assert gateway.bill == [] and gateway.billed_usd() == 0


# --- the catalogue moves --------------------------------------------------------------------------


def test_models_list_follows_the_catalogue_and_retire() -> None:
    with FakeGateway() as gateway, client_for(gateway) as http:
        ids = [item["id"] for item in http.get("/v1/models").json()["data"]]
        assert ids == list(gateway.served)
        assert {PRO, FLASH, NB21, NB2, LITE, "gemini-3-pro-image", "sora_image"} <= set(ids)
        gateway.retire(PRO)
        assert PRO not in [item["id"] for item in http.get("/v1/models").json()["data"]]
        gateway.serve(PRO)
        assert PRO in gateway.served
    with FakeGateway(catalogue="october") as gateway, client_for(gateway) as http:
        ids = {item["id"] for item in http.get("/v1/models").json()["data"]}
        assert PRO not in ids and set(OCTOBER) <= ids
    with FakeGateway(catalogue="january") as gateway:
        assert PRO in gateway.served and NB21 not in gateway.served
    with pytest.raises(ValueError):
        FakeGateway(catalogue="march")


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (native_path(PRO), native_body(photo())),
        (CHAT, chat_body(PRO, image=photo())),
    ],
)
def test_unserved_ids_answer_model_not_found_unbilled_and_keep_the_queue(
    path: str, body: dict
) -> None:
    with FakeGateway(catalogue="october") as gateway, client_for(gateway) as http:
        gateway.queue("*", Scenario.REFUSAL)
        response = http.post(path, json=body)
        assert response.status_code == 503
        error = response.json()["error"]
        assert error["code"] == "model_not_found"
        assert f"模型 {PRO} 无可用渠道" in error["message"]
        assert "(request id: " in error["message"]
        newer = http.post(native_path("gemini-3-pro-image"), json=native_body(photo()))
        assert newer.json()["candidates"][0]["finishReason"] == "IMAGE_SAFETY"  # queue kept
        assert wait_for(lambda: len(gateway.bill) == 1)
        assert gateway.bill[0].model == "gemini-3-pro-image"
        assert gateway.bill[0].amount_usd == 0.09


def test_retire_at_run_time(gateway: FakeGateway, client: httpx.Client) -> None:
    assert client.post(native_path(), json=native_body(photo())).status_code == 200
    gateway.retire(PRO)
    assert client.post(native_path(), json=native_body(photo())).status_code == 503
    assert client.post(CHAT, json=chat_body(PRO, image=photo())).status_code == 503
    time.sleep(0.05)
    assert len(gateway.bill) == 1


def test_usage_billed_key_cannot_call_per_call_models() -> None:
    with FakeGateway(billing="usage") as gateway, client_for(gateway) as http:
        for path, body in [
            (native_path(), native_body(photo())),
            (CHAT, chat_body("sora_image", "a boat")),
            (IMAGES, seedream_body()),
        ]:
            response = http.post(path, json=body)
            assert response.status_code == 403
            error = response.json()["error"]
            assert error["code"] == "billing_mode_mismatch"
            assert error["type"] == "new_api_error"
            assert "按量计费" in error["message"] and "per-call" in error["message"]
            assert error["code"] != "insufficient_user_quota"
        assert http.post(CHAT, json=chat_body("gpt-4o-mini", "Describe")).status_code == 200
        gateway.billing = "per_call"
        assert http.post(CHAT, json=chat_body("sora_image", "a boat")).status_code == 200
        assert wait_for(lambda: len(gateway.bill) == 2)
        assert [entry.model for entry in gateway.bill] == ["gpt-4o-mini", "sora_image"]


# --- result links redirect ------------------------------------------------------------------------


def test_redirected_url_hops_to_the_file(gateway: FakeGateway, client: httpx.Client) -> None:
    gateway.queue("images", Scenario.REDIRECTED_URL, hops=2)
    response = client.post(IMAGES, json=seedream_body(size="1600x1200"))  # b64 asked, url given
    url = link_of(response)
    assert "/r/" in url
    first = httpx.get(url)
    assert first.status_code == 302 and "/r/" in first.headers["location"]
    second = httpx.get(first.headers["location"])
    assert second.status_code == 302 and "/files/" in second.headers["location"]
    followed = httpx.get(url, follow_redirects=True)
    assert followed.status_code == 200 and len(followed.history) == 2
    assert decode(followed.content).size == (1600, 1200)
    assert gateway.count("redirect") == 4 and gateway.count("download") == 1
    assert len(gateway.bill) == 1  # links and downloads are free


def test_redirect_hops_option_applies_to_every_url_answer(
    gateway: FakeGateway, client: httpx.Client
) -> None:
    gateway.redirect_hops = 1
    sora = link_of(client.post(CHAT, json=chat_body("sora_image", "a boat 【2:3】")))
    seedream = link_of(client.post(IMAGES, json=seedream_body(response_format="url")))
    for url, size in ((sora, (1024, 1536)), (seedream, (2048, 2048))):
        assert httpx.get(url).status_code == 302
        followed = httpx.get(url, follow_redirects=True)
        assert len(followed.history) == 1 and decode(followed.content).size == size
    b64 = client.post(IMAGES, json=seedream_body()).json()["data"][0]
    assert "b64_json" in b64  # b64 answers stay inline


def test_redirect_to_a_non_http_scheme(gateway: FakeGateway, client: httpx.Client) -> None:
    gateway.queue("chat", Scenario.REDIRECT_NON_HTTP)
    gateway.queue("images", Scenario.REDIRECT_NON_HTTP, location="ftp://127.0.0.1/x.jpeg")
    sora = link_of(client.post(CHAT, json=chat_body("sora_image", "a boat")))
    assert httpx.get(sora).headers["location"] == "file:///etc/passwd"
    with pytest.raises(httpx.UnsupportedProtocol):
        httpx.get(sora, follow_redirects=True)
    seedream = link_of(client.post(IMAGES, json=seedream_body()))
    assert httpx.get(seedream).headers["location"] == "ftp://127.0.0.1/x.jpeg"


def test_redirect_to_another_port(gateway: FakeGateway, client: httpx.Client) -> None:
    gateway.queue("images", Scenario.REDIRECT_OTHER_PORT)
    url = link_of(client.post(IMAGES, json=seedream_body(size="1600x1200")))
    location = httpx.get(url).headers["location"]
    assert location.startswith("http://127.0.0.1:") and f":{gateway.port}/" not in location
    followed = httpx.get(
        url, follow_redirects=True, headers={"Authorization": f"Bearer {gateway.api_key}"}
    )
    assert followed.status_code == 200 and decode(followed.content).size == (1600, 1200)
    # httpx drops the key when the origin changes; the fake records what arrived.
    assert "authorization" not in gateway.last("download").headers


# --- ratios and sizes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "source", "image_size", "expected"),
    [
        (NB21, (800, 600), "1K", (1200, 896)),
        (NB21, (800, 600), "2K", (2400, 1792)),
        (NB21, (800, 600), "4K", (4800, 3584)),
        (NB21, (1600, 200), "1K", (2928, 352)),  # 8:1 is one of its 14 ratios
        (NB2, (640, 640), "512", (512, 512)),
        (NB2, (300, 1200), "512", (256, 1024)),
        (NB2, (300, 1200), "2K", (1024, 4128)),
        (LITE, (300, 1200), "1K", (512, 2064)),
        ("gemini-3-pro-image", (800, 600), "4K", (4800, 3584)),
        (PRO, (1600, 200), "1K", (1584, 672)),  # 8:1 is not among its 10: 21:9
        (FLASH, (300, 1200), "1K", (768, 1376)),  # 1:4 is not among its 10: 9:16
    ],
)
def test_native_answers_at_the_nearest_supported_ratio(
    client: httpx.Client,
    model: str,
    source: tuple[int, int],
    image_size: str,
    expected: tuple[int, int],
) -> None:
    response = client.post(native_path(model), json=native_body(photo(*source), image_size))
    assert response.status_code == 200, response.text
    assert native_picture(response).size == expected


@pytest.mark.parametrize(
    ("model", "expected"), [(NB21, (512, 2064)), (LITE, (512, 2064)), (FLASH, (768, 1376))]
)
def test_chat_answers_at_1k_on_the_models_nearest_ratio(
    client: httpx.Client, model: str, expected: tuple[int, int]
) -> None:
    response = client.post(CHAT, json=chat_body(model, image=photo(300, 1200)))
    assert chat_picture(response).size == expected


@pytest.mark.parametrize("route", ["native", "chat"])
def test_a_ratio_outside_the_models_list_is_cropped_not_squashed(
    client: httpx.Client, route: str
) -> None:
    panorama = photo(1600, 200, left=(255, 0, 0))  # the left quarter is red
    if route == "native":
        result = native_picture(client.post(native_path(), json=native_body(panorama)))
    else:
        result = chat_picture(client.post(CHAT, json=chat_body(FLASH, image=panorama)))
    assert result.size == (1584, 672)
    red, green, _blue = result.convert("RGB").getpixel((5, 336))
    assert not (red > 200 and green < 60)  # the red edge was cut off, not squeezed in


@pytest.mark.parametrize(
    ("model", "image_size"),
    [(NB21, "512"), (FLASH, "2K"), (LITE, "4K"), (PRO, "512"), (NB2, "8K"), (NB2, "2k")],
)
def test_native_image_size_outside_the_models_sizes_is_400(
    gateway: FakeGateway, client: httpx.Client, model: str, image_size: str
) -> None:
    response = client.post(native_path(model), json=native_body(photo(), image_size))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == "INVALID_ARGUMENT" and json_quoted(image_size) in error["message"]
    time.sleep(0.02)
    assert gateway.bill == []


def json_quoted(text: str) -> str:
    return f'"{text}"'


def test_aspect_ratio_must_be_one_of_the_models(client: httpx.Client) -> None:
    wide = client.post(native_path(PRO), json=native_body(photo(), "1K", aspectRatio="8:1"))
    assert wide.status_code == 400
    ok = client.post(native_path(NB21), json=native_body(photo(), "1K", aspectRatio="8:1"))
    assert native_picture(ok).size == (2928, 352)


@pytest.mark.parametrize(
    ("model", "size", "status"),
    [
        ("seedream-4-5-251128", "1K", 400),  # 4.5 has no 1K
        ("seedream-4-5-251128", "1920x1080", 400),  # 2,073,600 < 3,686,400
        ("seedream-4-5-251128", "2560x1440", 200),  # 3,686,400
        ("seedream-4-0-250828", "1280x720", 200),  # 921,600
        ("seedream-4-0-250828", "1279x720", 400),
        ("seedream-4-0-250828", "1K", 200),
    ],
)
def test_seedream_sizes_follow_the_models_pixel_range(
    gateway: FakeGateway, client: httpx.Client, model: str, size: str, status: int
) -> None:
    response = client.post(IMAGES, json=seedream_body(model, size=size))
    assert response.status_code == status
    if status == 400:
        assert response.json()["error"]["code"] == "InvalidParameter"
    assert wait_for(lambda: len(gateway.bill) == (status == 200))
