"""What the gateway's error answers mean: one LuxError per failure, with its typed facts.

New-api style bodies (``{"error": {"message", "type", "code"}}``), Google-style ones
(``{"error": {"code", "message", "status"}}``) and Seedream codes all map here; the HTTP status
and the gateway's request id travel on the error. The API key never appears in a message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from luxcanvas.domain.errors import (
    AuthError,
    GatewayError,
    LuxError,
    ModelNotFound,
    QuotaError,
    RateLimited,
    RefusedError,
)

QUOTA_MARKERS = ("insufficient_user_quota", "用户额度不足", "额度不足")
# A key whose billing mode cannot call per-call models. The gateway's docs say it answers so in
# its error but do not publish the words: these markers (its Chinese terms for per-call and
# billing mode, and English equivalents) are an assumption, kept in one place.
_BILLING_MODE_MARKERS = ("按次计费", "计费方式", "billing_mode", "billing mode", "per-call model")
_REQUEST_ID = re.compile(r"\(request id: ([^)]*)\)")


def redact(text: str, secret: str | None) -> str:
    if secret and text:
        text = text.replace(secret, "sk-…")
    return re.sub(r"sk-[A-Za-z0-9]{12,}", "sk-…", text)


def snippet(content: bytes, limit: int = 300) -> str:
    text = content[:limit].decode("utf-8", "replace")
    return re.sub(r"\s+", " ", text).strip()


def _error_fields(content: bytes) -> tuple[str, str, str]:
    """(message, code, status) from a new-api, Google or Seedream error body."""
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError):
        return "", "", ""
    if not isinstance(data, dict):
        return "", "", ""
    error = data.get("error", data)
    if isinstance(error, str):
        return error, "", ""
    if not isinstance(error, dict):
        return "", "", ""
    message = str(error.get("message") or "")
    code = error.get("code")
    status = str(error.get("status") or "")
    return message, "" if code is None else str(code), status


def _gateway_message(message: str) -> str:
    """The gateway's own words without the trailing request id."""
    return re.sub(r"\s*\(request id: [^)]*\)\s*$", "", message).strip()


def error_from_response(
    status: int, content: bytes, headers: Mapping[str, str], secret: str | None = None
) -> LuxError:
    """Map a non-200 gateway answer to the error a user should see, with its status and the
    gateway's request id."""
    error = _error_for(status, content, headers, secret)
    error.status = status
    error.request_id = request_id(content, headers)
    return error


def request_id(content: bytes, headers: Mapping[str, str]) -> str:
    """The gateway's id for a request: from its error message, else from its headers."""
    message = _error_fields(content)[0]
    found = _REQUEST_ID.search(message)
    if found:
        return found.group(1).strip()
    for name in ("x-request-id", "x-oneapi-request-id", "X-Request-Id", "X-Oneapi-Request-Id"):
        if headers.get(name):
            return str(headers[name])
    return ""


def _error_for(
    status: int, content: bytes, headers: Mapping[str, str], secret: str | None
) -> LuxError:
    message, code, google_status = _error_fields(content)
    said = redact(_gateway_message(message), secret)
    detail = redact(f"HTTP {status} code={code or '-'} {google_status} {snippet(content)}", secret)
    lowered = f"{message} {code}".lower()

    if status == 401:
        return AuthError(
            "The gateway rejected your API key. Check it in Settings (or `luxcanvas key set`).",
            detail=detail,
        )
    if status in (402, 403, 429) and any(m in f"{message} {code}" for m in QUOTA_MARKERS):
        return QuotaError(
            "Your LaoZhang balance is empty. Top up at laozhang.ai, then retry.", detail=detail
        )
    if status in (400, 403) and any(
        m in f"{message} {code}".lower() for m in _BILLING_MODE_MARKERS
    ):
        return AuthError(
            "Your LaoZhang key is billed by usage, and usage-billed keys cannot call the "
            "per-call image models. In the LaoZhang console, create a key (token) with "
            "per-call billing, or switch this key's billing mode, then enter it in Settings.",
            detail=detail,
        )
    if status == 403:
        return AuthError(
            f"The gateway refused this request for your key: {said or 'access denied'}.",
            detail=detail,
        )
    if status == 429:
        retry_after = _retry_after(headers)
        wait = (
            f" Wait {retry_after:.0f} s and retry." if retry_after else " Wait a moment and retry."
        )
        return RateLimited(
            f"The gateway is rate-limiting requests.{wait}", retry_after=retry_after, detail=detail
        )
    if "sensitive" in lowered or code in ("OutputImageSensitiveContentDetected",):
        return RefusedError(
            "The model refused this photo (content filter). Try another strategy or a "
            "different crop.",
            detail=detail,
        )
    if status == 503 and ("model_not_found" in lowered or "无可用渠道" in message):
        return ModelNotFound(
            "The gateway has no channel for this model right now. Try again later or pick "
            "another strategy.",
            detail=detail,
        )
    if status == 413:
        return GatewayError(
            "The photo was too large for the gateway. Try a smaller size.", detail=detail
        )
    if status in (400, 404, 422):
        return GatewayError(
            f"The gateway rejected the request: {said or f'HTTP {status}'}.", detail=detail
        )
    if status == 524 or status == 504:
        # An answer with an error status: by the gateway's published rules, not billed.
        return GatewayError(
            "The gateway timed out waiting for the model. Try again in a few minutes, or pick "
            "a faster strategy.",
            detail=detail,
        )
    if status >= 500:
        return GatewayError(
            f"The gateway or the model failed (HTTP {status}). Try again in a few minutes.",
            detail=detail,
        )
    return GatewayError(f"The gateway answered with HTTP {status}.", detail=detail)


def _retry_after(headers: Mapping[str, str]) -> float | None:
    value = headers.get("retry-after") or headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
