"""A fake LaoZhang gateway: a real HTTP server on 127.0.0.1 speaking the three dialects.

Tests and benchmarks use it instead of the real gateway (DESIGN.md §3); nothing reaches the
internet. It is a stdlib ``ThreadingHTTPServer`` on an ephemeral port, served from a daemon thread.

Usage::

    from tests.fakes.gateway import FakeGateway, Scenario

    with FakeGateway(prefix="", latency=0.0, catalogue="both", billing="per_call") as gw:
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
        gw.reset()           # clear the queues, the records and the bill
        gw.errors            # tracebacks of the fake's own bugs (should stay empty)
        gw.bill              # [BillEntry(time, route, model, amount_usd, reason, request_id)]
        gw.billed_usd()      # sum of gw.bill, USD
        gw.prices            # {model: USD per call} of the catalogue; edit to change prices
        gw.served            # model ids served now (what GET /v1/models lists)
        gw.retire("gemini-3-pro-image-preview")  # now 503 model_not_found, unbilled
        gw.serve("gemini-3-pro-image-preview")   # served again
        gw.billing = "usage" # per-call models answer 403 billing_mode_mismatch
        gw.redirect_hops = 2 # every result URL answers 302 twice before the file

Catalogues (`catalogue=`): "october" (the gateway's October 2026 ids: gemini-2.5-flash-image,
gemini-3.1-flash-lite-image, gemini-nano-banana-2.1, gemini-3.1-flash-image, gemini-3-pro-image,
Seedream 4.0/4.5, gpt-4o-image, sora_image, gpt-4o-mini, gemini-2.5-flash), "january" (the seeds'
ids, gemini-3-pro-image-preview instead of the newer Gemini ones), "both" (the default: October
plus gemini-3-pro-image-preview). Prices follow the catalogue ("both": October's, with the
preview id at its January $0.05). A request for an id not served answers 503 ``model_not_found``
(``无可用渠道``) before any scenario is taken, and is not billed.

The bill (`billing` module) follows the gateway's published rules: no charge for non-200 answers
or for requests refused before the upstream; a 200 with an image ("image") or from a text model
("text") is charged; a Gemini-family 200 without an image is charged every time ("no_image");
other models' 200s without an image are not; a 200 that does not parse is charged ("garbled");
a request received in full that then got no complete answer (reset, drop, truncation, a hang or
wait ended by stopping, a client that hung up) is charged ("dropped"). Entries are written
before the answer goes out, at the price in force when the request arrived.

Routes (all under the prefix), with route names for `queue`/`count`:

- ``models``: ``GET /v1/models``.
- ``chat``: ``POST /v1/chat/completions``. The Gemini image models answer
  ``![image](data:<chat_mime>;base64,...)`` at 1K on the model's ratio nearest the input;
  gpt-4o-image (edits the input, 1024x1024/1024x1536/1536x1024) and sora_image (ignores
  input images; aspect from a trailing ``【2:3】``/``【3:2】``/``【1:1】``) answer progress
  lines, a fenced json block, ``![图片](<base_url>/files/<id>.png)`` and
  ``[点击下载](same url)``; gpt-4o-mini and gemini-2.5-flash answer a text description of
  the image ("... mean brightness N ...").
- ``native``: ``POST /v1beta/models/{model}:generateContent``. ``imageSize`` must be one of the
  model's sizes (`GEMINI_IMAGE_MODELS`: Standard and Lite 1K; Pro and Nano Banana 2.1 1K/2K/4K;
  Nano Banana 2 512/1K/2K/4K; else 400 Google-style); without ``aspectRatio`` the output takes
  the model's ratio (10 or 14) nearest the input at the size table (`GEMINI_SIZES`), and an
  input outside the model's ratios is cropped to it, never squashed; an ``aspectRatio`` (one of
  the model's, else 400) is honoured by cropping and recorded in ``gw.aspect_ratios``. The Pro
  models add a thought text part and two thought images (darker, blurred, smaller) before a text
  part and the final image.
- ``images``: ``POST /v1/images/generations`` (Seedream), validated as the real one (size presets or
  ``WxH`` within the model's pixel range and ratio 1/16..16; input images jpeg/png, aspect 1/3..3,
  sides > 14 px, ≤ 10 MB; ``stream: true`` is refused). Output is a JPEG of exactly the size.
- ``download``: ``GET /files/<id>.<ext>`` (also accepted without the prefix). No auth. After
  ``gw.url_ttl`` seconds a file answers 404 with an XML body.
- ``redirect``: ``GET /r/<token>`` (also without the prefix, no auth): ``302 Found`` to the next
  hop or the file (result URLs go through them with ``gw.redirect_hops`` or the REDIRECT_*
  scenarios).
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
HUGE_DOWNLOAD(size_mb=300, declare_length=True) (the download streams an oversized body),
REDIRECTED_URL(hops=1) (the URL answers 302 `hops` times before the file), REDIRECT_OTHER_PORT
(302 to the file on a second listener, another origin), REDIRECT_NON_HTTP(location=
"file:///etc/passwd") (302 to that location); those three (chat, images) answer a URL even when
``b64_json`` was asked for.
A scenario that does not apply to a route raises ValueError in `queue`; queued on "*", it is
consumed by the next request and ignored if it does not apply there.

Stopping (``__exit__``/`stop`) releases hung handlers, shuts down open connections (keep-alive
ones included) and joins every thread with a timeout, so no thread outlives the block.

Layout: `fake` (the `FakeGateway` object, its queues and records), `server` (the HTTP server and
the request flow), `scenarios` (`Scenario` and the error answers), `pictures` (the fake
"restorations"), the dialects `chat`, `native`, `images` and `files` (models list, downloads) on
a shared `dialect` base, `catalog` (key, models, size tables, catalogues, prices) and `billing`
(the bill's rules and ledger). Everything here is written
from the gateway's documentation (DESIGN.md §3), never from the client's code.
"""

from __future__ import annotations

from .billing import BillEntry
from .catalog import (
    API_KEY,
    CATALOGUES,
    CHAT_DATA_URL_MODELS,
    CHAT_LINK_MODELS,
    GEMINI_IMAGE_MODELS,
    GEMINI_SIZES,
    MODELS,
    NATIVE_IMAGE_MODELS,
    NATIVE_TEXT_MODELS,
    OPENAI_SIZES,
    PER_CALL_MODELS,
    PRICES,
    RATIOS_10,
    RATIOS_14,
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
    "CATALOGUES",
    "CHAT_DATA_URL_MODELS",
    "CHAT_LINK_MODELS",
    "GEMINI_IMAGE_MODELS",
    "GEMINI_SIZES",
    "MODELS",
    "NATIVE_IMAGE_MODELS",
    "NATIVE_TEXT_MODELS",
    "OPENAI_SIZES",
    "PER_CALL_MODELS",
    "PRICES",
    "RATIOS_10",
    "RATIOS_14",
    "ROUTES",
    "SEEDREAM_PIXEL_RANGE",
    "SEEDREAM_PRESETS",
    "TEXT_MODELS",
    "BillEntry",
    "FakeGateway",
    "RecordedRequest",
    "Scenario",
    "describe_picture",
    "interim_picture",
    "nearest_ratio",
    "picture_from_prompt",
    "transform_picture",
]
