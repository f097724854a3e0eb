"""Tests of the fake LaoZhang gateway itself, driven with plain httpx over real HTTP."""

from __future__ import annotations

import base64
import io
import re
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from PIL import Image

from tests.fakes import bodies
from tests.fakes.gateway import FakeGateway, Scenario

CHAT = "/v1/chat/completions"
IMAGES = "/v1/images/generations"


def native_path(model: str = "gemini-3-pro-image-preview") -> str:
    return f"/v1beta/models/{model}:generateContent"


def photo_bytes(
    width: int = 800, height: int = 600, fmt: str = "JPEG", gray: bool = False
) -> bytes:
    """A small photo-like picture (a gradient with a dark block) encoded as `fmt`."""
    picture = Image.linear_gradient("L").resize((width, height))
    if not gray:
        picture = Image.merge("RGB", (picture, picture.point(lambda v: v // 2), picture))
    picture.paste(20, (width // 4, height // 4, width // 2, height // 2))
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, fmt)
    return buffer.getvalue()


def data_url(data: bytes, mime: str = "image/jpeg") -> str:
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


def decode(data: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture


def chat_body(model: str, text: str, image: bytes | None = None) -> dict:
    content: list[dict] = [{"type": "text", "text": text}]
    if image is not None:
        content.append({"type": "image_url", "image_url": {"url": data_url(image)}})
    return {"model": model, "messages": [{"role": "user", "content": content}]}


def native_body(image: bytes, image_size: str | None = "2K", **image_config: str) -> dict:
    config = dict(image_config)
    if image_size is not None:
        config["imageSize"] = image_size
    return {
        "contents": [
            {
                "role": "user",
                "parts": [
                    {"text": "Restore this photograph."},
                    {
                        "inline_data": {
                            "mime_type": "image/jpeg",
                            "data": base64.b64encode(image).decode("ascii"),
                        }
                    },
                ],
            }
        ],
        "generationConfig": {"responseModalities": ["IMAGE"], "imageConfig": config},
    }


def seedream_body(image: bytes | None = None, **fields: object) -> dict:
    body: dict = {
        "model": "seedream-4-0-250828",
        "prompt": "Re-shoot this photograph",
        "size": "2K",
        "response_format": "b64_json",
        "watermark": False,
        "sequential_image_generation": "disabled",
        "stream": False,
    }
    if image is not None:
        body["image"] = data_url(image)
    body.update(fields)
    return body


def markdown_images(content: str) -> list[str]:
    return re.findall(r"!\[[^\]]*\]\(([^)]+)\)", content)


def gateway_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("fake-gateway")]


@pytest.fixture
def client(gateway: FakeGateway) -> Iterator[httpx.Client]:
    """httpx on the shared `gateway` fixture (tests/conftest.py), with its key."""
    headers = {"Authorization": f"Bearer {gateway.api_key}"}
    with httpx.Client(base_url=gateway.base_url, headers=headers, timeout=20) as http:
        yield http


# --- auth, records, routing -----------------------------------------------------------------------


def test_models_lists_every_served_model(client: httpx.Client) -> None:
    response = client.get("/v1/models")
    assert response.status_code == 200
    body = response.json()
    assert body["object"] == "list"
    ids = {item["id"] for item in body["data"]}
    assert {"gemini-3-pro-image-preview", "seedream-4-5-251128", "sora_image", "gpt-4o-mini"} <= ids
    assert all(item["object"] == "model" for item in body["data"])


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer sk-wrong"}])
def test_missing_or_wrong_key_gets_new_api_401(gateway: FakeGateway, headers: dict) -> None:
    response = httpx.post(
        gateway.base_url + CHAT, json=chat_body("gpt-4o-mini", "hi"), headers=headers
    )
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["type"] == "new_api_error"
    assert error["code"] == "invalid_api_key"
    assert error["message"].startswith("无效的令牌 (request id: ")
    assert gateway.count("chat") == 1  # failing requests are recorded too


def test_requests_are_recorded_with_lowercase_headers_and_parsed_json(
    gateway: FakeGateway, client: httpx.Client
) -> None:
    client.post(CHAT, json=chat_body("gpt-4o-mini", "hello"), headers={"X-Trace": "abc"})
    client.get("/v1/models")
    first, second = gateway.requests
    assert (first.method, first.route, first.path) == ("POST", "chat", CHAT)
    assert first.headers["x-trace"] == "abc"
    assert first.headers["authorization"] == f"Bearer {gateway.api_key}"
    assert first.json is not None and first.json["model"] == "gpt-4o-mini"
    assert first.body.startswith(b"{")
    assert second.route == "models"
    assert (
        gateway.count("chat") == 1 and gateway.count("*") == 2 and gateway.last().route == "models"
    )
    gateway.reset()
    assert gateway.requests == [] and gateway.count("*") == 0


def test_prefix_is_part_of_base_url_and_required() -> None:
    with FakeGateway(prefix="/proxy/api") as gateway:
        assert gateway.base_url.endswith("/proxy/api")
        headers = {"Authorization": f"Bearer {gateway.api_key}"}
        assert httpx.get(gateway.base_url + "/v1/models", headers=headers).status_code == 200
        root = gateway.base_url.removesuffix("/proxy/api")
        missing_prefix = httpx.get(root + "/v1/models", headers=headers)
        assert missing_prefix.status_code == 404
        assert gateway.last().route == "unknown"
        response = httpx.post(
            gateway.base_url + CHAT,
            json=chat_body("sora_image", "a lighthouse 【1:1】"),
            headers=headers,
        )
        url = markdown_images(response.json()["choices"][0]["message"]["content"])[-1]
        assert url.startswith(gateway.base_url + "/files/")
        assert httpx.get(url).status_code == 200
    assert gateway.errors == []


# --- chat dialect ---------------------------------------------------------------------------------


def test_chat_gemini_answers_a_png_data_url_at_1k_on_the_nearest_ratio(
    client: httpx.Client,
) -> None:
    source = photo_bytes(800, 600)
    response = client.post(CHAT, json=chat_body("gemini-2.5-flash-image", "Restore", source))
    assert response.status_code == 200
    body = response.json()
    choice = body["choices"][0]
    assert choice["finish_reason"] == "stop"
    assert body["usage"]["total_tokens"] > 0
    (url,) = markdown_images(choice["message"]["content"])
    assert url.startswith("data:image/png;base64,")
    result = decode(base64.b64decode(url.split(",", 1)[1]))
    assert result.format == "PNG"
    assert result.size == (1200, 896)  # 4:3 at 1K
    original = decode(source).resize(result.size).convert("RGB")
    assert result.convert("RGB").tobytes() != original.tobytes()


def test_chat_mime_is_configurable(gateway: FakeGateway, client: httpx.Client) -> None:
    gateway.chat_mime = "image/webp"
    response = client.post(CHAT, json=chat_body("gemini-2.5-flash-image", "Restore", photo_bytes()))
    (url,) = markdown_images(response.json()["choices"][0]["message"]["content"])
    assert url.startswith("data:image/webp;base64,")
    assert decode(base64.b64decode(url.split(",", 1)[1])).format == "WEBP"


def test_sora_shows_progress_then_a_link_and_ignores_input_images(client: httpx.Client) -> None:
    prompt = "A restored portrait of two adults, 1950s 【2:3】"
    with_photo = client.post(CHAT, json=chat_body("sora_image", prompt, photo_bytes()))
    other_photo = client.post(CHAT, json=chat_body("sora_image", prompt, photo_bytes(gray=True)))
    content = with_photo.json()["choices"][0]["message"]["content"]
    assert content.index("> 排队中..") < content.index("![图片](")
    assert "> 进度 36.." in content and "```json" in content
    (url,) = markdown_images(content)
    assert f"[点击下载]({url})" in content
    result = decode(client.get(url).content)
    assert result.size == (1024, 1536)
    other_url = markdown_images(other_photo.json()["choices"][0]["message"]["content"])[-1]
    assert client.get(other_url).content == client.get(url).content  # blind to the photos


@pytest.mark.parametrize(("hint", "size"), [("【3:2】", (1536, 1024)), ("", (1024, 1024))])
def test_sora_reads_the_aspect_from_the_prompt_end(
    client: httpx.Client, hint: str, size: tuple[int, int]
) -> None:
    response = client.post(CHAT, json=chat_body("sora_image", "A harbour at dawn " + hint))
    url = markdown_images(response.json()["choices"][0]["message"]["content"])[-1]
    assert decode(client.get(url).content).size == size


def test_gpt4o_image_edits_the_input_at_the_nearest_openai_size(client: httpx.Client) -> None:
    response = client.post(CHAT, json=chat_body("gpt-4o-image", "Restore", photo_bytes(600, 800)))
    url = markdown_images(response.json()["choices"][0]["message"]["content"])[-1]
    assert decode(client.get(url).content).size == (1024, 1536)


def test_text_model_describes_the_photo(client: httpx.Client) -> None:
    body = chat_body("gpt-4o-mini", "Describe this photo", photo_bytes(gray=True))
    response = client.post(CHAT, json=body)
    answer = response.json()["choices"][0]["message"]["content"]
    assert answer.startswith("A black-and-white photograph")
    assert re.search(r"mean brightness \d+", answer)
    assert "![" not in answer
    assert response.json()["usage"]["completion_tokens"] > 0


def test_chat_rejects_a_body_without_messages(client: httpx.Client) -> None:
    response = client.post(CHAT, json={"model": "gpt-4o-mini"})
    assert response.status_code == 400
    assert "messages" in response.json()["error"]["message"]


# --- native dialect -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source_size", "image_size", "expected"),
    [
        ((800, 600), "1K", (1200, 896)),
        ((800, 600), "2K", (2400, 1792)),
        ((800, 600), "4K", (4800, 3584)),
        ((640, 640), "2K", (2048, 2048)),
        ((1600, 900), "1K", (1376, 768)),
        ((500, 760), "1K", (848, 1264)),
    ],
)
def test_native_pro_size_follows_the_nearest_ratio_and_image_size(
    gateway: FakeGateway,
    client: httpx.Client,
    source_size: tuple[int, int],
    image_size: str,
    expected: tuple[int, int],
) -> None:
    started = time.perf_counter()
    response = client.post(native_path(), json=native_body(photo_bytes(*source_size), image_size))
    assert time.perf_counter() - started < 3
    assert response.status_code == 200
    candidate = response.json()["candidates"][0]
    assert candidate["finishReason"] == "STOP"
    parts = candidate["content"]["parts"]
    images = [part for part in parts if "inlineData" in part]
    assert [bool(part.get("thought")) for part in images] == [True, True, False]
    assert any("text" in part and not part.get("thought") for part in parts)
    final = decode(base64.b64decode(images[-1]["inlineData"]["data"]))
    assert final.size == expected
    interim = decode(base64.b64decode(images[0]["inlineData"]["data"]))
    assert interim.size != final.size
    assert response.json()["usageMetadata"]["totalTokenCount"] > 0
    assert gateway.aspect_ratios == []


def test_native_flash_accepts_camel_case_and_has_no_thoughts(client: httpx.Client) -> None:
    body = native_body(photo_bytes(800, 600), image_size=None)
    part = body["contents"][0]["parts"][1]
    part["inlineData"] = {"mimeType": "image/jpeg", "data": part.pop("inline_data")["data"]}
    response = client.post(native_path("gemini-2.5-flash-image"), json=body)
    parts = response.json()["candidates"][0]["content"]["parts"]
    assert not any(part.get("thought") for part in parts)
    assert decode(base64.b64decode(parts[-1]["inlineData"]["data"])).size == (1200, 896)


def test_native_rejects_lowercase_image_size(client: httpx.Client) -> None:
    response = client.post(native_path(), json=native_body(photo_bytes(), "2k"))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == 400 and error["status"] == "INVALID_ARGUMENT"


def test_native_honours_aspect_ratio_by_cropping_and_records_it(
    gateway: FakeGateway, client: httpx.Client
) -> None:
    body = native_body(photo_bytes(800, 600), "1K", aspectRatio="1:1")
    response = client.post(native_path(), json=body)
    final = response.json()["candidates"][0]["content"]["parts"][-1]
    assert decode(base64.b64decode(final["inlineData"]["data"])).size == (1024, 1024)
    assert gateway.aspect_ratios == ["1:1"]


# --- images (Seedream) dialect --------------------------------------------------------------------


def test_seedream_b64_is_a_jpeg_of_exactly_the_requested_size(client: httpx.Client) -> None:
    response = client.post(IMAGES, json=seedream_body(photo_bytes(), size="2400x1800"))
    assert response.status_code == 200
    (item,) = response.json()["data"]
    assert item["size"] == "2400x1800"
    result = decode(base64.b64decode(item["b64_json"]))
    assert (result.format, result.size) == ("JPEG", (2400, 1800))
    assert response.json()["usage"]["generated_images"] == 1


def test_seedream_preset_size_picks_a_square_canvas(client: httpx.Client) -> None:
    response = client.post(IMAGES, json=seedream_body(photo_bytes(), size="2K"))
    assert response.json()["data"][0]["size"] == "2048x2048"


def test_seedream_url_downloads_without_key_then_expires(gateway: FakeGateway) -> None:
    gateway.url_ttl = 0.3
    headers = {"Authorization": f"Bearer {gateway.api_key}"}
    body = seedream_body(photo_bytes(), size="1600x1200")
    del body["response_format"]  # url is the default
    response = httpx.post(gateway.base_url + IMAGES, json=body, headers=headers)
    url = response.json()["data"][0]["url"]
    assert url.startswith(gateway.base_url + "/files/") and url.endswith(".jpeg")
    download = httpx.get(url)  # no key: downloads are like a CDN
    assert download.status_code == 200
    assert download.headers["content-type"] == "image/jpeg"
    assert decode(download.content).size == (1600, 1200)
    time.sleep(0.4)
    expired = httpx.get(url)
    assert expired.status_code == 404
    assert "<Error>" in expired.text
    assert gateway.count("download") == 2


@pytest.mark.parametrize(
    ("fields", "image"),
    [
        ({"model": "seedream-4-5-251128", "size": "1280x720"}, None),  # below 4.5's minimum
        ({"size": "1000x900"}, None),  # below 4.0's minimum
        ({"size": "8192x4096"}, None),  # above the maximum
        ({"size": "4352x256"}, None),  # ratio 17:1
        ({"size": "2k"}, None),
        ({}, photo_bytes(1000, 200)),  # input aspect 5:1
        ({}, photo_bytes(800, 12)),  # a side of 12 px
        ({"image": data_url(photo_bytes(fmt="WEBP"), "image/webp")}, None),
    ],
)
def test_seedream_rejects_invalid_sizes_and_inputs(
    client: httpx.Client, fields: dict, image: bytes | None
) -> None:
    body = seedream_body(image if image is not None else photo_bytes())
    body.update(fields)
    response = client.post(IMAGES, json=body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "InvalidParameter"
    assert error["type"] == "invalid_request_error"


# --- scenarios ------------------------------------------------------------------------------------


def test_quota_is_one_shot_and_per_route(gateway: FakeGateway, client: httpx.Client) -> None:
    gateway.queue("native", Scenario.QUOTA_403)
    gateway.queue("chat", Scenario.QUOTA_429)
    assert client.get("/v1/models").status_code == 200  # other routes are unaffected
    first = client.post(native_path(), json=native_body(photo_bytes(), "1K"))
    assert first.status_code == 403
    assert first.json()["error"]["code"] == "insufficient_user_quota"
    assert "用户额度不足" in first.json()["error"]["message"]
    assert client.post(native_path(), json=native_body(photo_bytes(), "1K")).status_code == 200
    second = client.post(CHAT, json=chat_body("gpt-4o-mini", "hi"))
    assert second.status_code == 429
    assert second.json()["error"]["code"] == "insufficient_user_quota"


def test_rate_limit_carries_retry_after(gateway: FakeGateway, client: httpx.Client) -> None:
    gateway.queue("chat", Scenario.RATE_LIMIT, retry_after=7)
    response = client.post(CHAT, json=chat_body("gpt-4o-mini", "hi"))
    assert response.status_code == 429
    assert response.headers["retry-after"] == "7"
    assert response.json()["error"]["code"] != "insufficient_user_quota"


def test_model_not_found_names_the_model(gateway: FakeGateway, client: httpx.Client) -> None:
    gateway.queue("*", Scenario.MODEL_NOT_FOUND)
    response = client.post(native_path(), json=native_body(photo_bytes(), "1K"))
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "model_not_found"
    assert "模型 gemini-3-pro-image-preview 无可用渠道" in error["message"]


@pytest.mark.parametrize(
    ("scenario", "status", "marker"),
    [
        (Scenario.HTML_524, 524, "Error code 524"),
        (Scenario.HTML_413, 413, "413 Request Entity Too Large"),
        (Scenario.BAD_GATEWAY, 502, "502 Bad Gateway"),
    ],
)
def test_html_error_pages(
    gateway: FakeGateway, client: httpx.Client, scenario: Scenario, status: int, marker: str
) -> None:
    gateway.queue("images", scenario)
    response = client.post(IMAGES, json=seedream_body(photo_bytes()))
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert marker in response.text


def test_refusals_per_dialect(gateway: FakeGateway, client: httpx.Client) -> None:
    for route in ("chat", "native", "images"):
        gateway.queue(route, Scenario.REFUSAL)
    chat = client.post(CHAT, json=chat_body("gemini-2.5-flash-image", "Restore", photo_bytes()))
    choice = chat.json()["choices"][0]
    assert choice["finish_reason"] == "content_filter"
    assert "抱歉" in choice["message"]["content"] and "![" not in choice["message"]["content"]
    native = client.post(native_path(), json=native_body(photo_bytes(), "1K"))
    assert native.json()["candidates"][0]["finishReason"] == "IMAGE_SAFETY"
    images = client.post(IMAGES, json=seedream_body(photo_bytes()))
    assert images.status_code == 200 and images.json()["data"] == []


def test_native_block_reason_has_no_candidates(gateway: FakeGateway, client: httpx.Client) -> None:
    gateway.queue("native", Scenario.BLOCK_REASON)
    body = client.post(native_path(), json=native_body(photo_bytes(), "1K")).json()
    assert "candidates" not in body
    assert body["promptFeedback"]["blockReason"] == "PROHIBITED_CONTENT"


def test_url_result_and_expired_url(gateway: FakeGateway, client: httpx.Client) -> None:
    gateway.queue("images", Scenario.URL_RESULT)
    gateway.queue("images", Scenario.EXPIRED_URL)
    fresh = client.post(IMAGES, json=seedream_body(photo_bytes())).json()["data"][0]
    assert "b64_json" not in fresh
    assert client.get(fresh["url"]).status_code == 200
    stale = client.post(IMAGES, json=seedream_body(photo_bytes())).json()["data"][0]
    assert client.get(stale["url"]).status_code == 404


def test_malformed_json_is_a_200_that_does_not_parse(
    gateway: FakeGateway, client: httpx.Client
) -> None:
    gateway.queue("chat", Scenario.MALFORMED_JSON)
    response = client.post(CHAT, json=chat_body("gpt-4o-mini", "hi"))
    assert response.status_code == 200
    with pytest.raises(ValueError):
        response.json()


@pytest.mark.parametrize("scenario", [Scenario.DROP, Scenario.TRUNCATED_BODY])
def test_drop_and_truncation_are_protocol_errors(
    gateway: FakeGateway, client: httpx.Client, scenario: Scenario
) -> None:
    gateway.queue("native", scenario)
    with pytest.raises(httpx.RemoteProtocolError):
        client.post(native_path(), json=native_body(photo_bytes(), "1K"))
    assert client.get("/v1/models").status_code == 200  # the server carries on


def test_connection_reset_gives_no_response(gateway: FakeGateway, client: httpx.Client) -> None:
    gateway.queue("chat", Scenario.CONNECTION_RESET)
    with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
        client.post(CHAT, json=chat_body("gpt-4o-mini", "hi"))
    assert gateway.count("chat") == 1


def test_slow_and_latency_delay_the_answer(gateway: FakeGateway, client: httpx.Client) -> None:
    gateway.queue("chat", Scenario.SLOW, seconds=0.3)
    started = time.perf_counter()
    client.post(CHAT, json=chat_body("gpt-4o-mini", "hi"))
    assert time.perf_counter() - started >= 0.3
    gateway.latency = 0.2
    started = time.perf_counter()
    assert client.post(CHAT, json=chat_body("gpt-4o-mini", "hi")).status_code == 200
    assert time.perf_counter() - started >= 0.2


def test_hang_answers_after_release(gateway: FakeGateway, client: httpx.Client) -> None:
    gateway.queue("chat", Scenario.HANG)
    results: list[httpx.Response] = []
    caller = threading.Thread(
        target=lambda: results.append(client.post(CHAT, json=chat_body("gpt-4o-mini", "hi")))
    )
    caller.start()
    deadline = time.monotonic() + 5
    while gateway.hanging == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert gateway.hanging == 1 and not results
    gateway.release()
    caller.join(5)
    assert results[0].status_code == 200


def test_hang_is_released_quickly_on_exit_without_leaking_threads() -> None:
    errors: list[Exception] = []
    with FakeGateway() as gateway:
        gateway.queue("native", Scenario.HANG)
        headers = {"Authorization": f"Bearer {gateway.api_key}"}
        http = httpx.Client(base_url=gateway.base_url, headers=headers, timeout=20)

        def call() -> None:
            try:
                http.post(native_path(), json=native_body(photo_bytes(), "1K"))
            except httpx.HTTPError as err:
                errors.append(err)

        caller = threading.Thread(target=call)
        caller.start()
        http.get("/v1/models")  # a keep-alive connection stays open too
        time.sleep(0.2)
        started = time.perf_counter()
    assert time.perf_counter() - started < 1.5
    caller.join(5)
    http.close()
    assert errors and isinstance(errors[0], httpx.RemoteProtocolError)
    assert gateway_threads() == []
    assert gateway.errors == []  # every connection thread stopped in time


def test_huge_download_streams_until_the_client_gives_up(gateway: FakeGateway) -> None:
    gateway.queue("download", Scenario.HUGE_DOWNLOAD)
    headers = {"Authorization": f"Bearer {gateway.api_key}"}
    body = seedream_body(photo_bytes(), response_format="url")
    url = httpx.post(gateway.base_url + IMAGES, json=body, headers=headers).json()["data"][0]["url"]
    received = 0
    with httpx.stream("GET", url) as response:
        assert int(response.headers["content-length"]) == 300 * 1024 * 1024
        for chunk in response.iter_bytes():
            received += len(chunk)
            if received > 4 * 1024 * 1024:
                break
    assert received > 4 * 1024 * 1024


def test_star_queue_takes_the_next_request_and_queue_checks_arguments(
    gateway: FakeGateway, client: httpx.Client
) -> None:
    gateway.queue("*", Scenario.SERVER_ERROR, times=2)
    assert client.get("/v1/models").status_code == 500
    assert client.post(CHAT, json=chat_body("gpt-4o-mini", "hi")).status_code == 500
    assert client.get("/v1/models").status_code == 200
    with pytest.raises(ValueError):
        gateway.queue("models", Scenario.BLOCK_REASON)
    with pytest.raises(ValueError):
        gateway.queue("nowhere", Scenario.SERVER_ERROR)
    with pytest.raises(TypeError):
        gateway.queue("chat", Scenario.QUOTA_403, retry_after=3)


def test_recorded_bodies_decode() -> None:
    assert decode(bodies.TINY_PNG).size == (8, 6)
    content = bodies.CHAT_TWO_IMAGES["choices"][0]["message"]["content"]
    assert markdown_images(content)[-1] == bodies.TINY_ALT_PNG_DATA_URL
    sora = bodies.CHAT_SORA_PROGRESS["choices"][0]["message"]["content"]
    assert markdown_images(sora) == [bodies.SORA_IMAGE_URL]
    assert bodies.NEWAPI_401["error"]["code"] == "invalid_api_key"


@pytest.mark.parametrize(
    ("route", "scenario", "status", "code"),
    [
        ("chat", Scenario.UNAUTHORIZED, 401, "invalid_api_key"),
        ("chat", Scenario.SERVER_ERROR, 500, "do_request_failed"),
        ("native", Scenario.GOOGLE_ERROR, 400, 400),
        ("images", Scenario.SEEDREAM_SENSITIVE, 400, "OutputImageSensitiveContentDetected"),
    ],
)
def test_json_error_scenarios(
    gateway: FakeGateway,
    client: httpx.Client,
    route: str,
    scenario: Scenario,
    status: int,
    code: object,
) -> None:
    gateway.queue(route, scenario)
    path, body = {
        "chat": (CHAT, chat_body("gpt-4o-mini", "hi")),
        "native": (native_path(), native_body(photo_bytes(), "1K")),
        "images": (IMAGES, seedream_body(photo_bytes())),
    }[route]
    response = client.post(path, json=body)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_native_no_image_finish_reason(gateway: FakeGateway, client: httpx.Client) -> None:
    gateway.queue("native", Scenario.NO_IMAGE)
    candidate = client.post(native_path(), json=native_body(photo_bytes(), "1K")).json()
    candidate = candidate["candidates"][0]
    assert candidate["finishReason"] == "NO_IMAGE"
    assert not any("inlineData" in part for part in candidate["content"]["parts"])


def test_huge_result_from_sora_without_content_length(
    gateway: FakeGateway, client: httpx.Client
) -> None:
    gateway.queue("chat", Scenario.HUGE_DOWNLOAD, size_mb=8, declare_length=False)
    response = client.post(CHAT, json=chat_body("sora_image", "a boat 【1:1】"))
    url = markdown_images(response.json()["choices"][0]["message"]["content"])[-1]
    with httpx.stream("GET", url) as download:
        assert "content-length" not in download.headers
        assert sum(len(chunk) for chunk in download.iter_bytes()) == 8 * 1024 * 1024


def test_oversized_request_body_gets_the_nginx_413_page(
    gateway: FakeGateway, client: httpx.Client
) -> None:
    gateway.max_body_bytes = 1000
    response = client.post(IMAGES, json=seedream_body(photo_bytes()))
    assert response.status_code == 413
    assert "nginx" in response.text
