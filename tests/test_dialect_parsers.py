"""Each dialect's parser against recorded gateway bodies, and error mapping to exit codes."""

from __future__ import annotations

import json

import pytest

from luxcanvas.domain.errors import (
    AuthError,
    GatewayError,
    ModelNotFound,
    QuotaError,
    RateLimited,
    RefusedError,
)
from luxcanvas.domain.jobs import Step
from luxcanvas.gateway import chat, images, magic_eye
from luxcanvas.gateway import native as gemini
from luxcanvas.gateway.dialect import CallContext, decode_data_url, extract_markdown_image
from luxcanvas.gateway.http import error_from_response, join_url, redact
from tests.fakes import bodies


class _RecordingClient:
    """Records downloads instead of doing them."""

    def __init__(self):
        self.downloaded: list[str] = []

    def download(self, url, cancel=None):
        self.downloaded.append(url)
        return bodies.TINY_PNG


class _Ctx(CallContext):
    """A real CallContext over a client that records downloads, and the steps reported."""

    def __init__(self):
        self.steps: list = []
        super().__init__(client=_RecordingClient(), report=self._report)  # type: ignore[arg-type]

    def _report(self, step, fraction=None, **facts):
        self.steps.append(step)

    @property
    def downloaded(self) -> list[str]:
        return self.client.downloaded  # type: ignore[union-attr]


def test_gemini_chat_answer_gives_the_data_url_image_with_its_mime():
    content, finish = chat.message_content(bodies.CHAT_GEMINI_WEBP)
    data, mime = chat.image_from_content(content, finish, _Ctx())
    assert mime == "image/webp" and data[:4] == b"RIFF"


def test_sora_answer_skips_progress_lines_and_takes_the_image_not_the_download_link():
    ctx = _Ctx()
    content, finish = chat.message_content(bodies.CHAT_SORA_PROGRESS)
    assert "进度" in content or ">" in content
    data, mime = chat.image_from_content(content, finish, ctx)
    assert ctx.downloaded == [bodies.SORA_IMAGE_URL]
    assert ctx.steps == [Step.DOWNLOADING]
    assert mime == "image/png" and data == bodies.TINY_PNG


def test_the_last_of_several_images_is_the_answer():
    content, _ = chat.message_content(bodies.CHAT_TWO_IMAGES)
    target = extract_markdown_image(content)
    assert target is not None and target.startswith("data:image/png")
    assert decode_data_url(target)[0] == decode_data_url(bodies.TINY_ALT_PNG_DATA_URL)[0]


def test_chinese_refusal_is_a_refusal_with_the_models_words():
    content, finish = chat.message_content(bodies.CHAT_REFUSAL_ZH)
    with pytest.raises(RefusedError) as info:
        chat.image_from_content(content, finish, _Ctx())
    assert info.value.exit_code == 6
    assert "content_filter" in info.value.message


def test_unexpected_chat_shape_is_a_gateway_error():
    with pytest.raises(GatewayError):
        chat.message_content({"id": "x", "object": "chat.completion"})


def test_native_pro_takes_the_last_non_thought_image():
    data, mime, _ = gemini.extract_image(bodies.NATIVE_PRO_WITH_THOUGHTS)
    parts = bodies.NATIVE_PRO_WITH_THOUGHTS["candidates"][0]["content"]["parts"]
    final = [p for p in parts if "inlineData" in p and not p.get("thought")][-1]
    assert data == decode_data_url("data:image/png;base64," + final["inlineData"]["data"])[0]
    assert mime == final["inlineData"]["mimeType"]


@pytest.mark.parametrize(
    "body, reason",
    [
        (bodies.NATIVE_IMAGE_SAFETY, "IMAGE_SAFETY"),
        (bodies.NATIVE_NO_IMAGE, "NO_IMAGE"),
        (bodies.NATIVE_BLOCK_REASON, "PROHIBITED_CONTENT"),
    ],
)
def test_native_answers_without_an_image_are_refusals(body, reason):
    with pytest.raises(RefusedError, match=reason):
        gemini.extract_image(body)


def test_native_body_never_sends_aspect_ratio_and_uppercases_size():
    body = gemini.build_body("restore", [("image/jpeg", b"\xff\xd8abc")], "4k")
    assert body["generationConfig"]["imageConfig"] == {"imageSize": "4K"}
    assert "aspectRatio" not in json.dumps(body)
    assert body["contents"][0]["parts"][1]["inline_data"]["mime_type"] == "image/jpeg"


def test_seedream_b64_and_url_answers():
    data, mime = images.extract_image(bodies.SEEDREAM_B64, _Ctx())
    assert mime == "image/jpeg" and data[:2] == b"\xff\xd8"
    ctx = _Ctx()
    images.extract_image(bodies.SEEDREAM_URL, ctx)
    assert ctx.downloaded == [bodies.SEEDREAM_IMAGE_URL]
    with pytest.raises(RefusedError):
        images.extract_image(bodies.SEEDREAM_EMPTY, _Ctx())


@pytest.mark.parametrize(
    "w, h, size, lo, hi",
    [
        (4000, 3000, "4K", 921_600, 16_777_216),
        (4000, 3000, "2K", 921_600, 16_777_216),
        (3000, 4000, "1K", 3_686_400, 16_777_216),  # 4.5's minimum pushes 1K up
        (2400, 800, "4K", 921_600, 16_777_216),  # 3:1 (a padded panorama)
        (1000, 1000, "1K", 921_600, 16_777_216),
    ],
)
def test_seedream_size_keeps_the_aspect_inside_the_pixel_range(w, h, size, lo, hi):
    ow, oh = images.output_size(w, h, size, lo, hi)
    assert lo <= ow * oh <= hi
    assert abs((ow / oh) / (w / h) - 1) < 0.01
    assert ow % 8 == 0 and oh % 8 == 0


@pytest.mark.parametrize(
    "w, h, hint", [(600, 900, "【2:3】"), (1600, 1000, "【3:2】"), (1000, 1050, "【1:1】")]
)
def test_magic_eye_aspect_hint(w, h, hint):
    prompt = magic_eye.generation_prompt("Scene:\n{description}", "Two people.", w, h)
    assert prompt.endswith(hint) and "Two people." in prompt


@pytest.mark.parametrize(
    "status, body, kind, code",
    [
        (401, bodies.NEWAPI_401, AuthError, 4),
        (403, bodies.NEWAPI_QUOTA_403, QuotaError, 5),
        (429, bodies.NEWAPI_QUOTA_429, QuotaError, 5),
        (429, bodies.NEWAPI_RATE_LIMIT, RateLimited, 7),
        (503, bodies.NEWAPI_MODEL_NOT_FOUND, ModelNotFound, 7),
        (500, bodies.NEWAPI_SERVER_ERROR, GatewayError, 7),
        (400, bodies.GOOGLE_INVALID_ARGUMENT, GatewayError, 7),
        (400, bodies.SEEDREAM_SENSITIVE, RefusedError, 6),
        (400, bodies.SEEDREAM_INVALID_PARAMETER, GatewayError, 7),
        (524, bodies.CLOUDFLARE_524_HTML, GatewayError, 7),
        (413, bodies.NGINX_413_HTML, GatewayError, 7),
        (502, bodies.NGINX_502_HTML, GatewayError, 7),
    ],
)
def test_error_bodies_map_to_plain_messages_and_exit_codes(status, body, kind, code):
    raw = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    error = error_from_response(status, raw.encode(), {"retry-after": "3"})
    assert type(error) is kind and error.exit_code == code
    assert "<html" not in error.message.lower() and "request id" not in error.message
    assert len(error.message) < 300


def test_an_error_answer_carries_its_status_and_the_gateways_request_id():
    body = json.dumps(bodies.NEWAPI_MODEL_NOT_FOUND, ensure_ascii=False).encode()
    error = error_from_response(503, body, {})
    said = bodies.NEWAPI_MODEL_NOT_FOUND["error"]["message"]
    assert error.status == 503
    assert error.request_id and f"(request id: {error.request_id})" in said
    html = error_from_response(524, bodies.CLOUDFLARE_524_HTML.encode(), {"X-Request-Id": "r-9"})
    assert html.status == 524 and html.request_id == "r-9"


def test_every_dialect_a_strategy_names_is_registered_and_runs_requests():
    from luxcanvas.gateway.dialect import dialect
    from luxcanvas.store.catalog import load_catalog

    for strategy in load_catalog():
        assert callable(dialect(strategy.dialect).run), strategy.id
    with pytest.raises(ValueError, match="unknown dialect"):
        dialect("telepathy")


def test_quota_message_says_what_to_do():
    error = error_from_response(403, json.dumps(bodies.NEWAPI_QUOTA_403).encode(), {})
    assert "balance is empty" in error.message and "Top up" in error.message


def test_rate_limit_carries_retry_after():
    error = error_from_response(
        429, json.dumps(bodies.NEWAPI_RATE_LIMIT).encode(), {"Retry-After": "7"}
    )
    assert isinstance(error, RateLimited) and error.retry_after == 7 and "7 s" in error.message


def test_base_url_path_prefix_is_kept():
    assert (
        join_url("https://gw.example/proxy/", "/v1/models") == "https://gw.example/proxy/v1/models"
    )


def test_redact_hides_keys():
    assert "abcdef" not in redact("token sk-abcdefabcdef1234567 bad", None)
    assert "mykey" not in redact("bad mykey", "mykey")
