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
"""

from __future__ import annotations

import base64
import binascii
import enum
import hashlib
import io
import itertools
import json
import math
import re
import socket
import struct
import sys
import threading
import time
import traceback
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageOps

from . import bodies

API_KEY = "sk-test-0123456789abcdef"

CHAT_DATA_URL_MODELS = frozenset({"gemini-2.5-flash-image", "gemini-3-pro-image-preview"})
CHAT_LINK_MODELS = frozenset({"gpt-4o-image", "sora_image"})
TEXT_MODELS = frozenset({"gpt-4o-mini", "gemini-2.5-flash"})
NATIVE_IMAGE_MODELS = frozenset({"gemini-2.5-flash-image", "gemini-3-pro-image-preview"})
NATIVE_TEXT_MODELS = frozenset({"gemini-2.5-flash"})
SEEDREAM_PIXEL_RANGE: dict[str, tuple[int, int]] = {
    "seedream-4-0-250828": (921_600, 16_777_216),
    "seedream-4-5-251128": (3_686_400, 16_777_216),
}
MODELS: tuple[str, ...] = (
    "gemini-2.5-flash-image",
    "gemini-3-pro-image-preview",
    "seedream-4-0-250828",
    "seedream-4-5-251128",
    "gpt-4o-image",
    "sora_image",
    "gpt-4o-mini",
    "gemini-2.5-flash",
)

# Output sizes of the Gemini image models per aspect ratio and imageSize (Google's table).
GEMINI_SIZES: dict[str, dict[str, tuple[int, int]]] = {
    "1:1": {"1K": (1024, 1024), "2K": (2048, 2048), "4K": (4096, 4096)},
    "2:3": {"1K": (848, 1264), "2K": (1696, 2528), "4K": (3392, 5056)},
    "3:2": {"1K": (1264, 848), "2K": (2528, 1696), "4K": (5056, 3392)},
    "3:4": {"1K": (896, 1200), "2K": (1792, 2400), "4K": (3584, 4800)},
    "4:3": {"1K": (1200, 896), "2K": (2400, 1792), "4K": (4800, 3584)},
    "4:5": {"1K": (928, 1152), "2K": (1856, 2304), "4K": (3712, 4608)},
    "5:4": {"1K": (1152, 928), "2K": (2304, 1856), "4K": (4608, 3712)},
    "9:16": {"1K": (768, 1376), "2K": (1536, 2752), "4K": (3072, 5504)},
    "16:9": {"1K": (1376, 768), "2K": (2752, 1536), "4K": (5504, 3072)},
    "21:9": {"1K": (1584, 672), "2K": (3168, 1344), "4K": (6336, 2688)},
}
# sora_image / gpt-4o-image canvases.
OPENAI_SIZES: dict[str, tuple[int, int]] = {
    "1:1": (1024, 1024),
    "2:3": (1024, 1536),
    "3:2": (1536, 1024),
}
SEEDREAM_PRESETS: dict[str, tuple[int, int]] = {
    "1K": (1024, 1024),
    "2K": (2048, 2048),
    "4K": (4096, 4096),
}

ROUTES = ("chat", "native", "images", "models", "download", "*")
_IMAGE_ROUTES = frozenset({"chat", "native", "images"})
_NATIVE_INLINE_LIMIT = 7 * 1024 * 1024
_SEEDREAM_INPUT_LIMIT = 10 * 1024 * 1024
# Transformed pictures are rendered at most this big, then upscaled with NEAREST: keeps 4K PNG
# encoding well under a second (smooth bilinear 4K PNGs take ~0.7 s to compress).
_RENDER_LONG_SIDE = 1536


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


# Keyword arguments each scenario accepts, with their defaults.
_SCENARIO_KWARGS: dict[Scenario, dict[str, Any]] = {
    Scenario.RATE_LIMIT: {"retry_after": 1, "code": "rate_limit_exceeded"},
    Scenario.SLOW: {"seconds": 2.0},
    Scenario.MALFORMED_JSON: {"body": bodies.NOT_JSON_BODY},
    Scenario.HUGE_DOWNLOAD: {"size_mb": 300, "declare_length": True},
}
# Routes a scenario applies to; scenarios not listed apply everywhere.
_SCENARIO_ROUTES: dict[Scenario, frozenset[str]] = {
    Scenario.REFUSAL: frozenset({"chat", "native", "images"}),
    Scenario.NO_IMAGE: frozenset({"chat", "native", "images"}),
    Scenario.BLOCK_REASON: frozenset({"native"}),
    Scenario.URL_RESULT: frozenset({"images"}),
    Scenario.EXPIRED_URL: frozenset({"chat", "images", "download"}),
    Scenario.HUGE_DOWNLOAD: frozenset({"chat", "images", "download"}),
}
_ERROR_SCENARIOS = frozenset(
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
class RecordedRequest:
    """One request as the fake received it (headers with lower-case keys)."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    json: dict[str, Any] | None
    route: str


@dataclass(frozen=True)
class _Queued:
    scenario: Scenario
    kwargs: dict[str, Any]


@dataclass
class _StoredFile:
    data: bytes
    content_type: str
    created: float
    expired: bool = False
    huge: dict[str, Any] | None = None


@dataclass
class _Reply:
    status: int
    body: bytes
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    reason: str | None = None
    server: str = "nginx"


class _ClientError(Exception):
    """Raised while validating a request: carries the error reply to send."""

    def __init__(self, reply: _Reply) -> None:
        super().__init__(reply.status)
        self.reply = reply


class _Abort(Exception):
    """The gateway is stopping: close the connection without an answer."""


def _json_reply(status: int, payload: Any, **extra: Any) -> _Reply:
    return _Reply(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), **extra)


def _html_reply(status: int, page: str, **extra: Any) -> _Reply:
    return _Reply(status, page.encode("utf-8"), content_type="text/html; charset=utf-8", **extra)


# --- pictures -------------------------------------------------------------------------------------


def _ratio_value(ratio: str) -> float:
    width, height = ratio.split(":")
    return int(width) / int(height)


def nearest_ratio(width: int, height: int, ratios: Any = GEMINI_SIZES) -> str:
    """The ratio name (e.g. "4:3") closest to width/height, compared on a log scale."""
    target = math.log(width / height)
    return min(ratios, key=lambda ratio: abs(math.log(_ratio_value(ratio)) - target))


def _decode_picture(data: bytes) -> Image.Image:
    """Decode image bytes to RGB, or raise ValueError (Pillow raises OSError subclasses)."""
    try:
        picture = Image.open(io.BytesIO(data))
        picture.load()
    except Exception as err:
        raise ValueError(f"cannot decode image: {err}") from err
    return picture.convert("RGB")


def _encode_picture(picture: Image.Image, mime: str) -> bytes:
    buffer = io.BytesIO()
    if mime == "image/png":
        picture.save(buffer, "PNG", compress_level=1)
    elif mime == "image/jpeg":
        picture.save(buffer, "JPEG", quality=90)
    elif mime == "image/webp":
        picture.save(buffer, "WEBP", quality=80, method=0)
    else:
        raise ValueError(f"unsupported output MIME {mime!r}")
    return buffer.getvalue()


def _render_size(size: tuple[int, int]) -> tuple[int, int]:
    scale = min(1.0, _RENDER_LONG_SIDE / max(size))
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def _stretch(picture: Image.Image, size: tuple[int, int]) -> Image.Image:
    rendered = picture.resize(_render_size(size), Image.Resampling.BILINEAR)
    if rendered.size != size:
        rendered = rendered.resize(size, Image.Resampling.NEAREST)
    return rendered


_WARM_LUT = (
    [min(255, v + 14) for v in range(256)]
    + [min(255, v + 4) for v in range(256)]
    + [max(0, v - 12) for v in range(256)]
)


def transform_picture(source: Image.Image, size: tuple[int, int]) -> Image.Image:
    """The fake "restoration": autocontrast, a warm shift, stretched to `size`."""
    work = source.copy()
    work.thumbnail((_RENDER_LONG_SIDE, _RENDER_LONG_SIDE), Image.Resampling.BILINEAR)
    work = ImageOps.autocontrast(work, cutoff=1).point(_WARM_LUT)
    return _stretch(work, size)


def interim_picture(source: Image.Image, size: tuple[int, int], darkness: float) -> Image.Image:
    """A "thought" image: smaller, blurred and darkened, clearly not the final answer."""
    small = (max(16, size[0] // 4), max(16, size[1] // 4))
    work = source.resize(small, Image.Resampling.BILINEAR).filter(ImageFilter.GaussianBlur(3))
    return work.point(lambda v: int(v * darkness))


def picture_from_prompt(prompt: str, size: tuple[int, int]) -> Image.Image:
    """A deterministic picture made from the words only (what a blind model draws)."""
    digest = hashlib.sha256(prompt.encode("utf-8")).digest()
    top, bottom, mark = tuple(digest[0:3]), tuple(digest[3:6]), tuple(digest[6:9])
    canvas = ImageOps.colorize(Image.linear_gradient("L"), top, bottom)  # 256x256
    ImageDraw.Draw(canvas).ellipse((64, 80, 192, 208), fill=mark)
    return canvas.resize(size, Image.Resampling.BILINEAR)


def describe_picture(picture: Image.Image) -> str:
    """The text a vision model would give for the Magic Eye "describe" step."""
    small = picture.copy()
    small.thumbnail((64, 64))
    pixels = np.asarray(small, dtype=np.int16)
    spread = np.abs(pixels[..., 0] - pixels[..., 1]).mean()
    spread += np.abs(pixels[..., 1] - pixels[..., 2]).mean()
    kind = "black-and-white" if spread < 6 else "colour"
    width, height = picture.size
    orientation = "portrait" if height > width else "landscape" if width > height else "square"
    brightness = round(float(pixels.mean()))
    return (
        f"A {kind} photograph, {orientation} orientation ({width}x{height} pixels), "
        f"mean brightness {brightness}. People: two adults in their thirties standing side by "
        "side near the centre, facing the camera, the man on the left. Clothing: dark wool coats "
        "and a felt hat, 1950s. Lighting: soft daylight from the left. Composition: full figures, "
        "a brick wall behind. Damage to ignore: scratches, fading, a crease across one corner."
    )


# --- the server -----------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    """ThreadingHTTPServer that tracks its connections so `close_all` can end them."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, gateway: FakeGateway) -> None:
        self.gateway = gateway
        self.connections: dict[threading.Thread, socket.socket] = {}
        self.connections_lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(
            target=self._serve_connection,
            args=(request, client_address),
            name="fake-gateway-connection",
            daemon=True,
        )
        with self.connections_lock:
            self.connections[thread] = request
        thread.start()

    def _serve_connection(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
            with self.connections_lock:
                self.connections.pop(threading.current_thread(), None)

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, OSError):  # the client went away, or we are stopping: not news
            return
        self.gateway._record_error(traceback.format_exc())

    def close_all(self) -> list[threading.Thread]:
        """Shut down every open connection's socket; return the threads serving them."""
        with self.connections_lock:
            items = list(self.connections.items())
        for _thread, sock in items:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        return [thread for thread, _sock in items]


class _Handler(BaseHTTPRequestHandler):
    """One connection; each request goes through `_handle`."""

    protocol_version = "HTTP/1.1"
    server: _Server
    _server_header = "nginx"

    def version_string(self) -> str:
        return self._server_header

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: tests read gw.requests instead

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    do_PUT = do_DELETE = do_PATCH = do_POST

    @property
    def gw(self) -> FakeGateway:
        return self.server.gateway

    # --- request flow -----------------------------------------------------------------------------

    def _handle(self) -> None:
        self.request_id = self.gw._new_request_id()
        self._server_header = "nginx"
        try:
            self._handle_request()
        except _Abort:
            self.close_connection = True
        except OSError:
            self.close_connection = True  # the client went away mid-answer
        except Exception as err:
            self.gw._record_error(traceback.format_exc())
            reply = _json_reply(
                500, bodies.new_api_error(f"fake gateway bug: {err!r}", "fake_gateway_error")
            )
            try:
                self._send(reply)
            except OSError:
                self.close_connection = True

    def _handle_request(self) -> None:
        gw = self.gw
        body = self._read_body()
        route, rest = gw._route_for(self.command, self.path)
        payload = None
        if body:
            try:
                parsed = json.loads(body)
                payload = parsed if isinstance(parsed, dict) else None
            except ValueError:
                payload = None
        headers = {key.lower(): value for key, value in self.headers.items()}
        gw._record(RecordedRequest(self.command, self.path, headers, body, payload, route))

        if route == "unknown":
            message = f"Invalid URL ({self.command} {self.path})"
            self._send(_json_reply(404, self._new_api(message, "", type="invalid_request_error")))
            return
        if route != "download" and headers.get("authorization") != f"Bearer {gw.api_key}":
            self._send(_json_reply(401, self._new_api("无效的令牌", "invalid_api_key")))
            return
        if gw.max_body_bytes is not None and len(body) > gw.max_body_bytes:
            self._send(_html_reply(413, bodies.NGINX_413_HTML, headers={"Connection": "close"}))
            return

        queued = gw._take(route)
        scenario = queued.scenario if queued else None
        kwargs = queued.kwargs if queued else {}
        model = self._model_of(route, rest, payload)

        if scenario in _ERROR_SCENARIOS:
            self._send(self._error_reply(scenario, kwargs, model))
            return
        if scenario is Scenario.CONNECTION_RESET:
            self._reset_connection()
            return
        if scenario is Scenario.HANG:
            gw._hang()
        elif scenario is Scenario.SLOW:
            self._wait(float(kwargs["seconds"]))
        if route in _IMAGE_ROUTES:
            self._wait(gw.latency)
        if scenario is Scenario.MALFORMED_JSON:
            self._send(_Reply(200, str(kwargs["body"]).encode("utf-8")))
            return

        try:
            reply = self._route_reply(route, rest, payload, scenario, kwargs)
        except _ClientError as err:
            reply = err.reply
        if scenario is Scenario.TRUNCATED_BODY:
            self._send(reply, send_bytes=len(reply.body) // 2)
        elif scenario is Scenario.DROP:
            self._send(reply, send_bytes=min(16, len(reply.body) // 4))
        else:
            self._send(reply)

    def _route_reply(
        self,
        route: str,
        rest: str,
        payload: dict[str, Any] | None,
        scenario: Scenario | None,
        kwargs: dict[str, Any],
    ) -> _Reply:
        if route == "models":
            data = [{"id": model, "object": "model", "owned_by": "laozhang"} for model in MODELS]
            return _json_reply(200, {"object": "list", "data": data})
        if route == "download":
            return self._download(rest, scenario, kwargs)
        if route == "chat":
            return self._chat(self._require_json(payload, route), scenario, kwargs)
        if route == "native":
            model = rest.split("/")[-1].split(":")[0]
            return self._native(model, self._require_json(payload, route), scenario)
        return self._images(self._require_json(payload, route), scenario, kwargs)

    # --- plumbing ---------------------------------------------------------------------------------

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        return self.rfile.read(length) if length > 0 else b""

    def _send(self, reply: _Reply, send_bytes: int | None = None) -> None:
        """Send a reply; with `send_bytes`, send only that much of the body, then close."""
        self._server_header = reply.server
        self.send_response(reply.status, reply.reason)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("X-Oneapi-Request-Id", self.request_id)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if send_bytes is None:
            self.wfile.write(reply.body)
            if reply.headers.get("Connection") == "close":
                self.close_connection = True
        else:
            self.wfile.write(reply.body[:send_bytes])
            self.wfile.flush()
            self.close_connection = True  # a FIN before Content-Length bytes: a protocol error

    def _reset_connection(self) -> None:
        """Close with an RST (SO_LINGER 0) without answering."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def _wait(self, seconds: float) -> None:
        if seconds > 0 and self.gw._stopping.wait(seconds):
            raise _Abort

    def _new_api(self, message: str, code: str, **extra: Any) -> dict[str, Any]:
        return bodies.new_api_error(message, code, request_id=self.request_id, **extra)

    def _model_of(self, route: str, rest: str, payload: dict[str, Any] | None) -> str:
        if route == "native":
            return rest.split("/")[-1].split(":")[0]
        model = (payload or {}).get("model")
        return model if isinstance(model, str) else "unknown"

    def _require_json(self, payload: dict[str, Any] | None, route: str) -> dict[str, Any]:
        if payload is None:
            raise _ClientError(self._bad_request(route, "request body is not a JSON object"))
        return payload

    def _bad_request(self, route: str, message: str) -> _Reply:
        """A 400 in the dialect's own error shape."""
        if route == "native":
            return _json_reply(400, bodies.google_error(message))
        if route == "images":
            return _json_reply(
                400,
                bodies.seedream_error("InvalidParameter", message, request_id=self.request_id),
            )
        return _json_reply(
            400, self._new_api(message, "invalid_request", type="invalid_request_error")
        )

    def _model_not_found(self, model: str) -> _Reply:
        message = f"当前分组 default 下对于模型 {model} 无可用渠道"
        return _json_reply(503, self._new_api(message, "model_not_found"))

    def _error_reply(self, scenario: Scenario, kwargs: dict[str, Any], model: str) -> _Reply:
        if scenario is Scenario.UNAUTHORIZED:
            return _json_reply(401, self._new_api("无效的令牌", "invalid_api_key"))
        if scenario in (Scenario.QUOTA_403, Scenario.QUOTA_429):
            status = 403 if scenario is Scenario.QUOTA_403 else 429
            message = "用户额度不足, 剩余额度: ＄0.003100"
            return _json_reply(status, self._new_api(message, "insufficient_user_quota"))
        if scenario is Scenario.RATE_LIMIT:
            headers = {}
            if kwargs["retry_after"] is not None:
                headers["Retry-After"] = str(kwargs["retry_after"])
            body = self._new_api(
                "当前分组上游负载已饱和，请稍后再试", kwargs["code"], type="rate_limit_error"
            )
            return _json_reply(429, body, headers=headers)
        if scenario is Scenario.MODEL_NOT_FOUND:
            return self._model_not_found(model)
        if scenario is Scenario.SERVER_ERROR:
            message = "upstream error: do request failed: read: connection reset by peer"
            return _json_reply(500, self._new_api(message, "do_request_failed"))
        if scenario is Scenario.BAD_GATEWAY:
            return _html_reply(502, bodies.NGINX_502_HTML)
        if scenario is Scenario.HTML_524:
            return _html_reply(
                524,
                bodies.CLOUDFLARE_524_HTML,
                reason="A Timeout Occurred",
                server="cloudflare",
                headers={"CF-RAY": "8f1c2d3e4a5b6c7d-HKG"},
            )
        if scenario is Scenario.HTML_413:
            return _html_reply(413, bodies.NGINX_413_HTML, headers={"Connection": "close"})
        if scenario is Scenario.GOOGLE_ERROR:
            message = "Request contains an invalid argument."
            return _json_reply(400, bodies.google_error(message))
        if scenario is Scenario.SEEDREAM_SENSITIVE:
            message = (
                "The request failed because the output image may contain sensitive information."
            )
            body = bodies.seedream_error(
                "OutputImageSensitiveContentDetected", message, request_id=self.request_id
            )
            return _json_reply(400, body)
        raise AssertionError(scenario)

    def _data_url_picture(self, url: Any, route: str) -> tuple[str, bytes]:
        """Split and decode a ``data:image/...;base64,...`` URL; 400 if it is not one."""
        match = (
            re.fullmatch(r"data:(image/[\w.+-]+);base64,(.*)", url, re.S)
            if isinstance(url, str)
            else None
        )
        if not match:
            shown = url[:60] if isinstance(url, str) else repr(url)
            raise _ClientError(
                self._bad_request(route, f"image must be a base64 data URL: {shown}")
            )
        return match.group(1), self._b64decode(match.group(2), route)

    def _b64decode(self, data: Any, route: str) -> bytes:
        if not isinstance(data, str):
            raise _ClientError(self._bad_request(route, "image data must be a base64 string"))
        try:
            return base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError) as err:
            raise _ClientError(self._bad_request(route, f"invalid base64 data: {err}")) from err

    def _picture(self, data: bytes, route: str) -> Image.Image:
        try:
            return _decode_picture(data)
        except ValueError as err:
            raise _ClientError(self._bad_request(route, str(err))) from err

    def _store_file(self, data: bytes, ext: str, scenario: Scenario | None, kwargs: dict) -> str:
        """Keep a result for download and return its URL."""
        huge = None
        if scenario is Scenario.HUGE_DOWNLOAD:
            huge = {key: kwargs[key] for key in ("size_mb", "declare_length")}
        file_id = uuid.uuid4().hex
        content_type = "image/jpeg" if ext == "jpeg" else f"image/{ext}"
        stored = _StoredFile(
            data, content_type, time.monotonic(), scenario is Scenario.EXPIRED_URL, huge
        )
        self.gw._store(f"{file_id}.{ext}", stored)
        return f"{self.gw.base_url}/files/{file_id}.{ext}"

    # --- models and downloads ---------------------------------------------------------------------

    def _download(self, rest: str, scenario: Scenario | None, kwargs: dict[str, Any]) -> _Reply:
        name = rest.rsplit("/", 1)[-1]
        stored = self.gw._stored(name)
        not_found = _Reply(404, bodies.EXPIRED_URL_XML.encode(), content_type="application/xml")
        if stored is None or scenario is Scenario.EXPIRED_URL or stored.expired:
            return not_found
        if time.monotonic() - stored.created > self.gw.url_ttl:
            return not_found
        huge = stored.huge
        if scenario is Scenario.HUGE_DOWNLOAD:
            huge = {key: kwargs[key] for key in ("size_mb", "declare_length")}
        if huge is not None:
            self._send_huge(stored.content_type, int(huge["size_mb"]), bool(huge["declare_length"]))
            raise _Abort  # already answered; close the connection
        return _Reply(200, stored.data, content_type=stored.content_type)

    def _send_huge(self, content_type: str, size_mb: int, declare_length: bool) -> None:
        """Stream `size_mb` MiB (with or without Content-Length) until done, stop or disconnect."""
        total = size_mb * 1024 * 1024
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if declare_length:
            self.send_header("Content-Length", str(total))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"\x89PNG\r\n\x1a\n" + bytes(1024 * 1024 - 8)
        sent = 0
        while sent < total and not self.gw._stopping.is_set():
            piece = chunk[: min(len(chunk), total - sent)]
            self.wfile.write(piece)  # OSError when the client hangs up: handled in _handle
            sent += len(piece)
            chunk = bytes(len(chunk))

    # --- chat dialect -----------------------------------------------------------------------------

    def _chat(self, payload: dict[str, Any], scenario: Scenario | None, kwargs: dict) -> _Reply:
        model = payload.get("model")
        messages = payload.get("messages")
        if not isinstance(model, str) or not model:
            raise _ClientError(self._bad_request("chat", "field model is required"))
        if not isinstance(messages, list) or not messages:
            raise _ClientError(self._bad_request("chat", "field messages is required"))
        texts: list[str] = []
        pictures: list[Image.Image] = []
        raw_inputs: list[bytes] = []
        for message in messages:
            if not isinstance(message, dict) or not isinstance(message.get("role"), str):
                raise _ClientError(self._bad_request("chat", "each message needs a role"))
            content = message.get("content")
            if isinstance(content, str):
                texts.append(content)
                continue
            if not isinstance(content, list):
                raise _ClientError(self._bad_request("chat", "content must be a string or list"))
            for part in content:
                kind = part.get("type") if isinstance(part, dict) else None
                if kind == "text" and isinstance(part.get("text"), str):
                    texts.append(part["text"])
                elif kind == "image_url":
                    image_url = part.get("image_url")
                    url = image_url.get("url") if isinstance(image_url, dict) else image_url
                    _mime, data = self._data_url_picture(url, "chat")
                    raw_inputs.append(data)
                    pictures.append(self._picture(data, "chat"))
                else:
                    raise _ClientError(self._bad_request("chat", f"invalid content part: {kind}"))
        prompt = "\n".join(texts)
        if model not in CHAT_DATA_URL_MODELS | CHAT_LINK_MODELS | TEXT_MODELS:
            raise _ClientError(self._model_not_found(model))

        if scenario is Scenario.REFUSAL:
            refusal = (
                "抱歉，我无法处理这张图片。您的请求可能违反了我们的内容安全政策，请修改后重试。"
            )
            return self._chat_completion(model, refusal, "content_filter", prompt, len(pictures))
        if scenario is Scenario.NO_IMAGE or model in TEXT_MODELS:
            if pictures:
                answer = describe_picture(pictures[0])
            else:
                answer = f"I read your message ({len(prompt)} characters); there is no photo."
            return self._chat_completion(model, answer, "stop", prompt, len(pictures))

        if model in CHAT_DATA_URL_MODELS:
            mime = self.gw.chat_mime
            if pictures:
                size = GEMINI_SIZES[nearest_ratio(*pictures[0].size)]["1K"]
                data = self.gw._render(
                    ("transform", raw_inputs[0], size, mime),
                    lambda: transform_picture(pictures[0], size),
                    mime,
                )
            else:
                size = GEMINI_SIZES["1:1"]["1K"]
                data = self.gw._render(
                    ("prompt", prompt, size, mime), lambda: picture_from_prompt(prompt, size), mime
                )
            encoded = base64.b64encode(data).decode("ascii")
            content = f"![image](data:{mime};base64,{encoded})"
            return self._chat_completion(model, content, "stop", prompt, len(pictures))

        # gpt-4o-image edits the input; sora_image is blind and reads the aspect from the prompt.
        if model == "gpt-4o-image" and pictures:
            ratio = nearest_ratio(*pictures[0].size, ratios=OPENAI_SIZES)
            size = OPENAI_SIZES[ratio]
            data = self.gw._render(
                ("transform", raw_inputs[0], size, "image/png"),
                lambda: transform_picture(pictures[0], size),
                "image/png",
            )
        else:
            hint = re.search(r"【(\d+:\d+)】\s*$", prompt)
            ratio = hint.group(1) if hint and hint.group(1) in OPENAI_SIZES else "1:1"
            size = OPENAI_SIZES[ratio]
            data = self.gw._render(
                ("prompt", prompt, size, "image/png"),
                lambda: picture_from_prompt(prompt, size),
                "image/png",
            )
        url = self._store_file(data, "png", scenario, kwargs)
        task = {"prompt": prompt[:200], "ratio": ratio, "n": 1}
        content = (
            f"```json\n{json.dumps(task, ensure_ascii=False, indent=2)}\n```\n\n"
            f"> ID: `task_{uuid.uuid4().hex[:26]}`\n"
            "> 排队中..\n"
            "> 生成中...\n"
            "> 进度 36..\n"
            "> 进度 78..\n"
            "> 生成完成 ✅\n\n"
            f"![图片]({url})\n\n"
            f"[点击下载]({url})"
        )
        return self._chat_completion(model, content, "stop", prompt, len(pictures))

    def _chat_completion(
        self, model: str, content: str, finish_reason: str, prompt: str, images: int
    ) -> _Reply:
        prompt_tokens = len(prompt) // 4 + 258 * images + 8
        completion_tokens = 1290 if content.startswith(("![", "```")) else len(content) // 4 + 1
        return _json_reply(
            200,
            bodies.chat_completion(
                model,
                content,
                finish_reason=finish_reason,
                completion_tokens=completion_tokens,
                prompt_tokens=prompt_tokens,
                request_id=self.request_id,
                created=int(time.time()),
            ),
        )

    # --- native dialect ---------------------------------------------------------------------------

    def _native(self, model: str, payload: dict[str, Any], scenario: Scenario | None) -> _Reply:
        contents = payload.get("contents")
        if not isinstance(contents, list) or not contents:
            raise _ClientError(self._bad_request("native", "* contents: must not be empty"))
        texts: list[str] = []
        inline: list[bytes] = []
        for content in contents:
            parts = content.get("parts") if isinstance(content, dict) else None
            if not isinstance(parts, list) or not parts:
                raise _ClientError(self._bad_request("native", "* contents.parts: must be a list"))
            for part in parts:
                if not isinstance(part, dict):
                    raise _ClientError(self._bad_request("native", "each part must be an object"))
                blob = part.get("inline_data", part.get("inlineData"))
                if isinstance(part.get("text"), str):
                    texts.append(part["text"])
                elif isinstance(blob, dict):
                    mime = blob.get("mime_type", blob.get("mimeType"))
                    if not isinstance(mime, str) or not mime.startswith("image/"):
                        raise _ClientError(self._bad_request("native", f"bad mime_type {mime!r}"))
                    data = self._b64decode(blob.get("data"), "native")
                    if len(data) > _NATIVE_INLINE_LIMIT:
                        message = f"inline image of {len(data)} bytes exceeds the 7 MB limit"
                        raise _ClientError(self._bad_request("native", message))
                    inline.append(data)
                else:
                    raise _ClientError(
                        self._bad_request("native", "part needs text or inline_data")
                    )
        if len(inline) > 14:
            raise _ClientError(self._bad_request("native", "at most 14 images per request"))

        config = payload.get("generationConfig", payload.get("generation_config")) or {}
        image_config = config.get("imageConfig", config.get("image_config")) or {}
        image_size = image_config.get("imageSize", image_config.get("image_size", "1K"))
        if image_size not in ("1K", "2K", "4K"):
            message = (
                "Invalid value at 'generation_config.image_config.image_size' "
                f"(TYPE_STRING), {json.dumps(image_size)}; expected one of 1K, 2K, 4K"
            )
            raise _ClientError(self._bad_request("native", message))
        aspect_ratio = image_config.get("aspectRatio", image_config.get("aspect_ratio"))
        if aspect_ratio is not None:
            self.gw._record_aspect_ratio(aspect_ratio)
            if aspect_ratio not in GEMINI_SIZES:
                message = f"Unsupported aspect ratio {aspect_ratio!r}"
                raise _ClientError(self._bad_request("native", message))
        if model not in NATIVE_IMAGE_MODELS | NATIVE_TEXT_MODELS:
            raise _ClientError(self._model_not_found(model))
        pictures = [self._picture(data, "native") for data in inline]
        prompt = "\n".join(texts)
        usage: dict[str, Any] = {"promptTokenCount": len(prompt) // 4 + 258 * len(inline) + 8}

        def answer(candidate: dict[str, Any] | None, extra: dict[str, Any] | None = None) -> _Reply:
            usage["totalTokenCount"] = (
                usage["promptTokenCount"]
                + usage.get("candidatesTokenCount", 0)
                + usage.get("thoughtsTokenCount", 0)
            )
            body: dict[str, Any] = {}
            if candidate is not None:
                body["candidates"] = [{**candidate, "index": 0}]
            body.update(extra or {})
            body.update(
                {"usageMetadata": usage, "modelVersion": model, "responseId": self.request_id}
            )
            return _json_reply(200, body)

        if scenario is Scenario.BLOCK_REASON:
            return answer(None, {"promptFeedback": {"blockReason": "PROHIBITED_CONTENT"}})
        if scenario is Scenario.REFUSAL:
            return answer({"finishReason": "IMAGE_SAFETY"})
        modalities = config.get("responseModalities", config.get("response_modalities"))
        wants_image = not isinstance(modalities, list) or "IMAGE" in modalities
        if scenario is Scenario.NO_IMAGE or model in NATIVE_TEXT_MODELS or not wants_image:
            text = describe_picture(pictures[0]) if pictures else "There is no photo to describe."
            usage["candidatesTokenCount"] = len(text) // 4 + 1
            finish = "NO_IMAGE" if scenario is Scenario.NO_IMAGE else "STOP"
            parts = [{"text": text}]
            return answer({"content": {"role": "model", "parts": parts}, "finishReason": finish})

        pro = model == "gemini-3-pro-image-preview"
        source = pictures[0] if pictures else None
        if aspect_ratio is not None:
            ratio = aspect_ratio
            if source is not None:
                source = ImageOps.fit(source, _fit_size(source.size, ratio))  # the model crops
        else:
            ratio = nearest_ratio(*source.size) if source is not None else "1:1"
        size = GEMINI_SIZES[ratio][image_size if pro else "1K"]
        mime = self.gw.native_mime
        if source is not None:
            picture = source
            key: tuple[Any, ...] = ("transform", inline[0], aspect_ratio, size, mime)
            data = self.gw._render(key, lambda: transform_picture(picture, size), mime)
        else:
            picture = picture_from_prompt(prompt, (256, 256))
            key = ("prompt", prompt, size, mime)
            data = self.gw._render(key, lambda: picture_from_prompt(prompt, size), mime)

        parts: list[dict[str, Any]] = []
        if pro:
            parts.append(
                {"text": "**Assessing the damage**\n\nI see fading to correct.", "thought": True}
            )
            for darkness in (0.45, 0.7):
                interim = _encode_picture(interim_picture(picture, size, darkness), "image/png")
                parts.append(
                    {
                        "inlineData": {
                            "mimeType": "image/png",
                            "data": base64.b64encode(interim).decode("ascii"),
                        },
                        "thought": True,
                    }
                )
            parts.append({"text": "Here is the restored photograph."})
            usage["thoughtsTokenCount"] = 312
        final: dict[str, Any] = {
            "inlineData": {"mimeType": mime, "data": base64.b64encode(data).decode("ascii")}
        }
        if pro:
            final["thoughtSignature"] = base64.b64encode(uuid.uuid4().bytes).decode("ascii")
        parts.append(final)
        usage["candidatesTokenCount"] = (2000 if image_size == "4K" else 1120) if pro else 1290
        return answer({"content": {"role": "model", "parts": parts}, "finishReason": "STOP"})

    # --- images (Seedream) dialect ----------------------------------------------------------------

    def _images(self, payload: dict[str, Any], scenario: Scenario | None, kwargs: dict) -> _Reply:
        def invalid(message: str) -> _ClientError:
            return _ClientError(self._bad_request("images", message))

        model = payload.get("model")
        if not isinstance(model, str) or not model:
            raise invalid("The parameter `model` specified in the request is not valid.")
        if model not in SEEDREAM_PIXEL_RANGE:
            raise _ClientError(self._model_not_found(model))
        prompt = payload.get("prompt")
        if not isinstance(prompt, str) or not prompt.strip():
            raise invalid("The parameter `prompt` specified in the request is not valid.")
        images = payload.get("image")
        if images is None:
            images = []
        elif isinstance(images, str):
            images = [images]
        if not isinstance(images, list) or len(images) > 10:
            raise invalid("The parameter `image` must be a data URL or a list of up to 10.")
        raw_inputs: list[bytes] = []
        pictures: list[Image.Image] = []
        for url in images:
            mime, data = self._data_url_picture(url, "images")
            if mime not in ("image/jpeg", "image/png", "image/jpg"):
                raise invalid(f"The parameter `image` is not valid: format {mime} not supported.")
            if len(data) > _SEEDREAM_INPUT_LIMIT:
                raise invalid("The parameter `image` is not valid: image exceeds 10 MB.")
            picture = self._picture(data, "images")
            width, height = picture.size
            if width <= 14 or height <= 14:
                raise invalid(f"The parameter `image` is not valid: {width}x{height} is too small.")
            if not 1 / 3 <= width / height <= 3:
                raise invalid(f"The parameter `image` is not valid: aspect {width}x{height}.")
            raw_inputs.append(data)
            pictures.append(picture)

        size_field = payload.get("size", "2K")
        low, high = SEEDREAM_PIXEL_RANGE[model]
        if size_field in SEEDREAM_PRESETS:
            size = SEEDREAM_PRESETS[size_field]
        else:
            match = (
                re.fullmatch(r"(\d+)x(\d+)", size_field) if isinstance(size_field, str) else None
            )
            if not match:
                raise invalid(
                    f"The parameter `size` specified in the request is not valid: {size_field!r}."
                )
            size = (int(match.group(1)), int(match.group(2)))
            if not size[0] or not size[1] or not 1 / 16 <= size[0] / size[1] <= 16:
                raise invalid(f"The parameter `size` is not valid: ratio of {size_field}.")
        pixels = size[0] * size[1]
        if not low <= pixels <= high:
            raise invalid(
                f"The parameter `size` specified in the request is not valid: image size must be "
                f"between {low} and {high} pixels, got {size_field} ({pixels})."
            )
        response_format = payload.get("response_format", "url")
        if response_format not in ("url", "b64_json"):
            raise invalid(f"The parameter `response_format` is not valid: {response_format!r}.")
        if not isinstance(payload.get("watermark", False), bool):
            raise invalid("The parameter `watermark` must be a boolean.")
        sequential = payload.get("sequential_image_generation", "disabled")
        if sequential not in ("disabled", "auto"):
            raise invalid("The parameter `sequential_image_generation` is not valid.")
        if payload.get("stream", False) is not False:
            raise invalid("The parameter `stream` is not supported by the fake gateway.")

        created = int(time.time())
        if scenario in (Scenario.REFUSAL, Scenario.NO_IMAGE):
            usage = {"generated_images": 0, "output_tokens": 0, "total_tokens": 0}
            return _json_reply(
                200, {"model": model, "created": created, "data": [], "usage": usage}
            )
        if pictures:
            data = self.gw._render(
                ("transform", raw_inputs[0], size, "image/jpeg"),
                lambda: transform_picture(pictures[0], size),
                "image/jpeg",
            )
        else:
            data = self.gw._render(
                ("prompt", prompt, size, "image/jpeg"),
                lambda: picture_from_prompt(prompt, size),
                "image/jpeg",
            )
        item: dict[str, Any] = {"size": f"{size[0]}x{size[1]}"}
        url_scenarios = (Scenario.URL_RESULT, Scenario.EXPIRED_URL, Scenario.HUGE_DOWNLOAD)
        if response_format == "b64_json" and scenario not in url_scenarios:
            item["b64_json"] = base64.b64encode(data).decode("ascii")
        else:
            item["url"] = self._store_file(data, "jpeg", scenario, kwargs)
        tokens = pixels // 256
        usage = {"generated_images": 1, "output_tokens": tokens, "total_tokens": tokens}
        return _json_reply(
            200, {"model": model, "created": created, "data": [item], "usage": usage}
        )


def _fit_size(size: tuple[int, int], ratio: str) -> tuple[int, int]:
    """The largest box of `ratio` inside `size` (what a centre crop keeps)."""
    width, height = size
    value = _ratio_value(ratio)
    if width / height > value:
        return max(1, round(height * value)), height
    return width, max(1, round(width / value))


# --- the public object ----------------------------------------------------------------------------


class FakeGateway:
    """A LaoZhang gateway on 127.0.0.1 for tests; see the module docstring for the API."""

    def __init__(
        self,
        prefix: str = "",
        latency: float = 0.0,
        *,
        api_key: str = API_KEY,
        url_ttl: float = 3600.0,
    ) -> None:
        prefix = prefix.strip()
        if prefix and not prefix.startswith("/"):
            prefix = "/" + prefix
        self.prefix = prefix.rstrip("/")
        self.latency = latency
        self.api_key = api_key
        self.url_ttl = url_ttl
        self.chat_mime = "image/png"
        self.native_mime = "image/png"
        self.max_body_bytes: int | None = None  # larger request bodies get nginx's 413 page
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []
        self._queues: dict[str, deque[_Queued]] = {route: deque() for route in ROUTES}
        self._files: dict[str, _StoredFile] = {}
        self._aspect_ratios: list[str] = []
        self._errors: list[str] = []
        self._hangs: set[threading.Event] = set()
        self._stopping = threading.Event()
        self._renders: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
        self._request_counter = itertools.count(1)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._port = 0

    # --- lifecycle --------------------------------------------------------------------------------

    def __enter__(self) -> FakeGateway:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> FakeGateway:
        """Start serving (idempotent)."""
        if self._server is not None:
            return self
        self._stopping.clear()
        self._server = _Server(self)
        self._port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-gateway",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving: release hung handlers, close connections, join every thread."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        self._stopping.set()
        self.release()
        server.shutdown()
        server.server_close()
        thread.join(timeout)
        deadline = time.monotonic() + timeout
        for connection_thread in server.close_all():
            connection_thread.join(max(0.0, deadline - time.monotonic()))
            if connection_thread.is_alive():
                self._record_error(f"connection thread {connection_thread.name} did not stop")
        self._server = None
        self._thread = None

    # --- test-facing API --------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return self._port

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` plus the prefix."""
        return f"http://127.0.0.1:{self._port}{self.prefix}"

    @property
    def requests(self) -> list[RecordedRequest]:
        """A snapshot of the requests received so far, in arrival order."""
        with self._lock:
            return list(self._requests)

    @property
    def aspect_ratios(self) -> list[str]:
        """Every ``aspectRatio`` received on the native route (the client should send none)."""
        with self._lock:
            return list(self._aspect_ratios)

    @property
    def errors(self) -> list[str]:
        """Tracebacks of the fake's own failures (bugs in the fake, threads that did not stop)."""
        with self._lock:
            return list(self._errors)

    @property
    def hanging(self) -> int:
        """How many requests HANG is holding right now (poll it before `release`)."""
        with self._lock:
            return len(self._hangs)

    def count(self, route: str) -> int:
        """How many requests arrived on `route` ("*" counts every request)."""
        with self._lock:
            return sum(1 for r in self._requests if route in ("*", r.route))

    def last(self, route: str = "*") -> RecordedRequest:
        """The latest request on `route`; LookupError if there is none."""
        with self._lock:
            for recorded in reversed(self._requests):
                if route in ("*", recorded.route):
                    return recorded
        raise LookupError(f"no request on route {route!r}")

    def queue(self, route: str, scenario: Scenario, *, times: int = 1, **kwargs: Any) -> None:
        """Make the next `times` requests on `route` fail as `scenario` (FIFO per route).

        A route's own queue is served before the "*" queue.
        """
        if route not in ROUTES:
            raise ValueError(f"unknown route {route!r}; expected one of {ROUTES}")
        if not isinstance(scenario, Scenario):
            raise TypeError(f"expected a Scenario, got {scenario!r}")
        allowed_routes = _SCENARIO_ROUTES.get(scenario)
        if allowed_routes is not None and route != "*" and route not in allowed_routes:
            raise ValueError(f"{scenario.name} does not apply to route {route!r}")
        defaults = _SCENARIO_KWARGS.get(scenario, {})
        unknown = set(kwargs) - set(defaults)
        if unknown:
            raise TypeError(f"{scenario.name} takes no argument(s) {sorted(unknown)}")
        with self._lock:
            for _ in range(times):
                self._queues[route].append(_Queued(scenario, {**defaults, **kwargs}))

    def release(self) -> None:
        """Let every request currently held by HANG go on (and answer, unless stopping)."""
        with self._lock:
            hangs, self._hangs = self._hangs, set()
        for event in hangs:
            event.set()

    def reset(self) -> None:
        """Forget queued scenarios and recorded requests (stored files stay downloadable)."""
        with self._lock:
            for pending in self._queues.values():
                pending.clear()
            self._requests.clear()
            self._aspect_ratios.clear()
            self._errors.clear()

    # --- used by the handler ----------------------------------------------------------------------

    def _route_for(self, method: str, raw_path: str) -> tuple[str, str]:
        """Return (route name, path below the prefix)."""
        path = raw_path.split("?", 1)[0]
        if self.prefix and (path == self.prefix or path.startswith(self.prefix + "/")):
            rest = path[len(self.prefix) :]
        elif re.fullmatch(r"/files/[\w-]+\.\w+", path):
            rest = path  # downloads work with or without the prefix, like a CDN
        elif self.prefix:
            return "unknown", path
        else:
            rest = path
        if method == "GET" and rest == "/v1/models":
            return "models", rest
        if method == "GET" and re.fullmatch(r"/files/[\w-]+\.\w+", rest):
            return "download", rest
        if method == "POST" and rest == "/v1/chat/completions":
            return "chat", rest
        if method == "POST" and rest == "/v1/images/generations":
            return "images", rest
        if method == "POST" and re.fullmatch(r"/v1beta/models/[^/:]+:generateContent", rest):
            return "native", rest
        return "unknown", rest

    def _new_request_id(self) -> str:
        serial = next(self._request_counter)
        return f"{time.strftime('%Y%m%d%H%M%S')}{serial:08d}{uuid.uuid4().hex[:8]}"

    def _record(self, recorded: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(recorded)

    def _record_error(self, text: str) -> None:
        with self._lock:
            self._errors.append(text)
        print(f"fake gateway: {text}", file=sys.stderr)

    def _record_aspect_ratio(self, ratio: Any) -> None:
        with self._lock:
            self._aspect_ratios.append(str(ratio))

    def _take(self, route: str) -> _Queued | None:
        """Pop the next scenario for `route` (its own queue first, then "*")."""
        with self._lock:
            if self._queues[route]:
                return self._queues[route].popleft()
            if self._queues["*"]:
                queued = self._queues["*"].popleft()
                allowed_routes = _SCENARIO_ROUTES.get(queued.scenario)
                return queued if allowed_routes is None or route in allowed_routes else None
        return None

    def _hang(self) -> None:
        """Block until `release` or stop; raise _Abort when stopping."""
        event = threading.Event()
        with self._lock:
            self._hangs.add(event)
        if self._stopping.is_set():
            event.set()
        event.wait()
        with self._lock:
            self._hangs.discard(event)
        if self._stopping.is_set():
            raise _Abort

    def _store(self, name: str, stored: _StoredFile) -> None:
        with self._lock:
            self._files[name] = stored

    def _stored(self, name: str) -> _StoredFile | None:
        with self._lock:
            return self._files.get(name)

    def _render(self, key: tuple[Any, ...], draw: Callable[[], Image.Image], mime: str) -> bytes:
        """Encoded output for `key`, drawn once: repeated jobs (benchmarks) stay cheap."""
        key = tuple(
            hashlib.sha1(part).digest() if isinstance(part, bytes) else part for part in key
        )
        with self._lock:
            if key in self._renders:
                self._renders.move_to_end(key)
                return self._renders[key]
        data = _encode_picture(draw(), mime)
        with self._lock:
            self._renders[key] = data
            while len(self._renders) > 16:
                self._renders.popitem(last=False)
        return data
