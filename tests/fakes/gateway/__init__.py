"""A fake LaoZhang gateway: a real HTTP server on 127.0.0.1 speaking the three dialects.

Tests and benchmarks use it instead of the real gateway (DESIGN.md §3); nothing reaches the
internet. It is a stdlib ``ThreadingHTTPServer`` on an ephemeral port, served from a daemon thread.

Usage::

    from tests.fakes.gateway import FakeGateway, Scenario

    with FakeGateway(prefix="", latency=0.0) as gw:
        gw.base_url          # "http://127.0.0.1:54321" + prefix (prefix like "/proxy/api")
        gw.api_key           # "sk-test-0123456789abcdef": the Bearer token it accepts; else 401
        gw.latency = 1.0     # seconds slept before answering chat/native/images requests
        gw.chat_mime = "image/webp"   # MIME of the data-URL images on the chat route (png default)
        gw.native_mime = "image/png"  # MIME of native inline images (png default; jpeg is faster)
        gw.url_ttl = 0.5     # seconds a result URL stays downloadable (default 3600)
        gw.queue("native", Scenario.QUOTA_403)               # one-shot failure, FIFO per route
        gw.queue("chat", Scenario.RATE_LIMIT, retry_after=1)  # scenario keyword arguments
        gw.queue("*", Scenario.SERVER_ERROR, times=2)        # "*" = whichever route comes next
        gw.requests          # [RecordedRequest(method, path, headers, body, json, route), ...]
        gw.count("native")   # requests seen on a route ("*" counts all)
        gw.last("native")    # the latest RecordedRequest on a route (LookupError if none)
        gw.aspect_ratios     # every imageConfig.aspectRatio received on the native route
        gw.hanging           # how many requests HANG holds right now
        gw.release()         # let the requests HANG holds answer normally
        gw.reset()           # clear the queues and the records
        gw.errors            # tracebacks of the fake's own bugs (should stay empty)

Routes (all under the prefix), with route names for `queue`/`count`:

- ``models``: ``GET /v1/models``.
- ``chat``: ``POST /v1/chat/completions``. gemini-2.5-flash-image (and gemini-3-pro-image-preview)
  answer ``![image](data:<chat_mime>;base64,...)`` at 1K on the ratio nearest the input;
  gpt-4o-image (edits the input, 1024x1024/1024x1536/1536x1024) and sora_image (ignores
  input images; aspect from a trailing ``【2:3】``/``【3:2】``/``【1:1】``) answer progress
  lines, a fenced json block, ``![图片](<base_url>/files/<id>.png)`` and
  ``[点击下载](same url)``; gpt-4o-mini and gemini-2.5-flash answer a text description of
  the image ("... mean brightness N ...").
- ``native``: ``POST /v1beta/models/{model}:generateContent``. ``imageSize`` must be "1K"/"2K"/"4K"
  (else 400 Google-style); without ``aspectRatio`` the output takes the Gemini ratio nearest the
  input at the size table (`GEMINI_SIZES`); an ``aspectRatio`` is honoured by cropping (like the
  real model) and recorded in ``gw.aspect_ratios``. gemini-3-pro-image-preview adds a thought text
  part and two thought images (darker, blurred, smaller) before a text part and the final image.
- ``images``: ``POST /v1/images/generations`` (Seedream), validated as the real one (size presets or
  ``WxH`` within the model's pixel range and ratio 1/16..16; input images jpeg/png, aspect 1/3..3,
  sides > 14 px, ≤ 10 MB; ``stream: true`` is refused). Output is a JPEG of exactly the size.
- ``download``: ``GET /files/<id>.<ext>`` (also accepted without the prefix). No auth. After
  ``gw.url_ttl`` seconds a file answers 404 with an XML body.
- anything else: route ``unknown``, 404 with a new-api body.

Every route except ``download`` needs ``Authorization: Bearer <api_key>``; auth is checked before a
queued scenario is taken, so a bad key never consumes one. Every request is recorded, failing ones
included. Output images are the input "transformed" (autocontrast and a warm shift, stretched to
the output size), so tests can tell output from input.

Scenarios (see `Scenario`): immediate error answers (no latency) are UNAUTHORIZED, QUOTA_403,
QUOTA_429, RATE_LIMIT(retry_after=1, code="rate_limit_exceeded"), MODEL_NOT_FOUND, SERVER_ERROR,
BAD_GATEWAY, HTML_524, HTML_413, GOOGLE_ERROR, SEEDREAM_SENSITIVE. Transport failures:
CONNECTION_RESET (RST, no answer), HANG (until `release()` — then a normal answer — or stop —
then the connection closes unanswered), SLOW(seconds=2), DROP (headers then close mid-body),
TRUNCATED_BODY (half the body under a full Content-Length), MALFORMED_JSON(body=...). Content
answers (after latency): REFUSAL, NO_IMAGE (chat/native/images), BLOCK_REASON (native),
URL_RESULT (images), EXPIRED_URL (the URL produced is already expired; on ``download``: 404),
HUGE_DOWNLOAD(size_mb=300, declare_length=True) (the download streams an oversized body).
A scenario that does not apply to a route raises ValueError in `queue`; queued on "*", it is
consumed by the next request and ignored if it does not apply there.

Stopping (``__exit__``/`stop`) releases hung handlers, shuts down open connections (keep-alive
ones included) and joins every thread with a timeout, so no thread outlives the block.

Layout: `fake` (the `FakeGateway` object, its queues and records), `server` (the HTTP server and
the request flow), `scenarios` (`Scenario` and the error answers), `pictures` (the fake
"restorations"), the dialects `chat`, `native`, `images` and `files` (models list, downloads) on
a shared `dialect` base, and `catalog` (key, models, size tables). Everything here is written
from the gateway's documentation (DESIGN.md §3), never from the client's code.
"""

from __future__ import annotations

from .catalog import (
    API_KEY,
    CHAT_DATA_URL_MODELS,
    CHAT_LINK_MODELS,
    GEMINI_SIZES,
    MODELS,
    NATIVE_IMAGE_MODELS,
    NATIVE_TEXT_MODELS,
    OPENAI_SIZES,
    SEEDREAM_PIXEL_RANGE,
    SEEDREAM_PRESETS,
    TEXT_MODELS,
)
from .fake import FakeGateway
from .pictures import (
    describe_picture,
    interim_picture,
    nearest_ratio,
    picture_from_prompt,
    transform_picture,
)
from .scenarios import ROUTES, Scenario
from .server import RecordedRequest

__all__ = [
    "API_KEY",
    "CHAT_DATA_URL_MODELS",
    "CHAT_LINK_MODELS",
    "GEMINI_SIZES",
    "MODELS",
    "NATIVE_IMAGE_MODELS",
    "NATIVE_TEXT_MODELS",
    "OPENAI_SIZES",
    "ROUTES",
    "SEEDREAM_PIXEL_RANGE",
    "SEEDREAM_PRESETS",
    "TEXT_MODELS",
    "FakeGateway",
    "RecordedRequest",
    "Scenario",
    "describe_picture",
    "interim_picture",
    "nearest_ratio",
    "picture_from_prompt",
    "transform_picture",
]
