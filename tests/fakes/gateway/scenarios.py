"""Scenarios: the one-shot failures a test queues, and the error answer each one gives.

What the answers look like (status, body shape, headers, the Chinese messages) follows the
gateway's documentation of its errors (DESIGN.md §3); the bodies themselves are in `bodies`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from .. import bodies
from .replies import Reply, html_reply, json_reply

ROUTES = ("chat", "native", "images", "models", "download", "redirect", "*")


class Scenario(enum.Enum):
    """A one-shot failure queued for a route with `FakeGateway.queue`."""

    UNAUTHORIZED = "unauthorized"
    QUOTA_403 = "quota_403"
    QUOTA_429 = "quota_429"
    RATE_LIMIT = "rate_limit"
    MODEL_NOT_FOUND = "model_not_found"
    SERVER_ERROR = "server_error"
    BAD_GATEWAY = "bad_gateway"
    HTML_524 = "html_524"
    HTML_413 = "html_413"
    GOOGLE_ERROR = "google_error"
    SEEDREAM_SENSITIVE = "seedream_sensitive"
    MALFORMED_JSON = "malformed_json"
    TRUNCATED_BODY = "truncated_body"
    REFUSAL = "refusal"
    NO_IMAGE = "no_image"
    BLOCK_REASON = "block_reason"
    SLOW = "slow"
    HANG = "hang"
    DROP = "drop"
    CONNECTION_RESET = "connection_reset"
    URL_RESULT = "url_result"
    EXPIRED_URL = "expired_url"
    HUGE_DOWNLOAD = "huge_download"
    REDIRECTED_URL = "redirected_url"
    REDIRECT_OTHER_PORT = "redirect_other_port"
    REDIRECT_NON_HTTP = "redirect_non_http"


# Keyword arguments each scenario accepts, with their defaults.
SCENARIO_KWARGS: dict[Scenario, dict[str, Any]] = {
    Scenario.RATE_LIMIT: {"retry_after": 1, "code": "rate_limit_exceeded"},
    Scenario.SLOW: {"seconds": 2.0},
    Scenario.MALFORMED_JSON: {"body": bodies.NOT_JSON_BODY},
    Scenario.HUGE_DOWNLOAD: {"size_mb": 300, "declare_length": True},
    Scenario.REDIRECTED_URL: {"hops": 1},
    Scenario.REDIRECT_NON_HTTP: {"location": "file:///etc/passwd"},
}
# Routes a scenario applies to; scenarios not listed apply everywhere.
SCENARIO_ROUTES: dict[Scenario, frozenset[str]] = {
    Scenario.REFUSAL: frozenset({"chat", "native", "images"}),
    Scenario.NO_IMAGE: frozenset({"chat", "native", "images"}),
    Scenario.BLOCK_REASON: frozenset({"native"}),
    Scenario.URL_RESULT: frozenset({"images"}),
    Scenario.EXPIRED_URL: frozenset({"chat", "images", "download"}),
    Scenario.HUGE_DOWNLOAD: frozenset({"chat", "images", "download"}),
    Scenario.REDIRECTED_URL: frozenset({"chat", "images"}),
    Scenario.REDIRECT_OTHER_PORT: frozenset({"chat", "images"}),
    Scenario.REDIRECT_NON_HTTP: frozenset({"chat", "images"}),
}
# Scenarios that make the images route answer a URL even when b64_json was asked for.
URL_SCENARIOS = frozenset(
    {
        Scenario.URL_RESULT,
        Scenario.EXPIRED_URL,
        Scenario.HUGE_DOWNLOAD,
        Scenario.REDIRECTED_URL,
        Scenario.REDIRECT_OTHER_PORT,
        Scenario.REDIRECT_NON_HTTP,
    }
)
ERROR_SCENARIOS = frozenset(
    {
        Scenario.UNAUTHORIZED,
        Scenario.QUOTA_403,
        Scenario.QUOTA_429,
        Scenario.RATE_LIMIT,
        Scenario.MODEL_NOT_FOUND,
        Scenario.SERVER_ERROR,
        Scenario.BAD_GATEWAY,
        Scenario.HTML_524,
        Scenario.HTML_413,
        Scenario.GOOGLE_ERROR,
        Scenario.SEEDREAM_SENSITIVE,
    }
)


@dataclass(frozen=True)
class Queued:
    scenario: Scenario
    kwargs: dict[str, Any]


# --- what the error scenarios answer --------------------------------------------------------------


def new_api(request_id: str, message: str, code: str, **extra: Any) -> dict[str, Any]:
    """A new-api error body carrying the request id in its message."""
    return bodies.new_api_error(message, code, request_id=request_id, **extra)


def model_not_found(request_id: str, model: str) -> Reply:
    """503 ``model_not_found``: no channel serves the model right now."""
    message = f"当前分组 default 下对于模型 {model} 无可用渠道"
    return json_reply(503, new_api(request_id, message, "model_not_found"))


def usage_key_refused(request_id: str, model: str) -> Reply:
    """403: a usage-billed key asked for a per-call model (DESIGN.md §3 says the gateway says so
    in its error). ASSUMPTION: the wording, the status and the code are not published; this is a
    new-api body with a Chinese and English message and its own code."""
    message = (
        f"该令牌的计费方式为按量计费，无法调用按次计费模型 {model}；"
        f"this key is billed by usage and cannot call the per-call model {model}"
    )
    return json_reply(403, new_api(request_id, message, "billing_mode_mismatch"))


def error_reply(scenario: Scenario, kwargs: dict[str, Any], model: str, request_id: str) -> Reply:
    """The answer of an error scenario (one of `ERROR_SCENARIOS`)."""
    if scenario is Scenario.UNAUTHORIZED:
        return json_reply(401, new_api(request_id, "无效的令牌", "invalid_api_key"))
    if scenario in (Scenario.QUOTA_403, Scenario.QUOTA_429):
        status = 403 if scenario is Scenario.QUOTA_403 else 429
        message = "用户额度不足, 剩余额度: ＄0.003100"
        return json_reply(status, new_api(request_id, message, "insufficient_user_quota"))
    if scenario is Scenario.RATE_LIMIT:
        headers = {}
        if kwargs["retry_after"] is not None:
            headers["Retry-After"] = str(kwargs["retry_after"])
        body = new_api(
            request_id,
            "当前分组上游负载已饱和，请稍后再试",
            kwargs["code"],
            type="rate_limit_error",
        )
        return json_reply(429, body, headers=headers)
    if scenario is Scenario.MODEL_NOT_FOUND:
        return model_not_found(request_id, model)
    if scenario is Scenario.SERVER_ERROR:
        message = "upstream error: do request failed: read: connection reset by peer"
        return json_reply(500, new_api(request_id, message, "do_request_failed"))
    if scenario is Scenario.BAD_GATEWAY:
        return html_reply(502, bodies.NGINX_502_HTML)
    if scenario is Scenario.HTML_524:
        return html_reply(
            524,
            bodies.CLOUDFLARE_524_HTML,
            reason="A Timeout Occurred",
            server="cloudflare",
            headers={"CF-RAY": "8f1c2d3e4a5b6c7d-HKG"},
        )
    if scenario is Scenario.HTML_413:
        return html_reply(413, bodies.NGINX_413_HTML, headers={"Connection": "close"})
    if scenario is Scenario.GOOGLE_ERROR:
        message = "Request contains an invalid argument."
        return json_reply(400, bodies.google_error(message))
    if scenario is Scenario.SEEDREAM_SENSITIVE:
        message = "The request failed because the output image may contain sensitive information."
        body = bodies.seedream_error(
            "OutputImageSensitiveContentDetected", message, request_id=request_id
        )
        return json_reply(400, body)
    raise AssertionError(scenario)
