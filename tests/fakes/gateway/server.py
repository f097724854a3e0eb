"""The HTTP side of the fake: a threading server on 127.0.0.1 and its request handler.

The handler reads and records every request, checks the key, applies a queued scenario (error
answers, transport failures, latency) and hands the request to its dialect (`chat`, `native`,
`images`, `files`). Connections are tracked so stopping can close them all.
"""

from __future__ import annotations

import json
import socket
import struct
import sys
import threading
import traceback
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from .. import bodies
from .billing import DROPPED, charge_reason
from .catalog import PER_CALL_MODELS
from .chat import ChatDialect
from .files import FilesDialect
from .images import ImagesDialect
from .native import NativeDialect
from .replies import Abort, ClientError, Reply, html_reply, json_reply
from .scenarios import (
    ERROR_SCENARIOS,
    Scenario,
    error_reply,
    model_not_found,
    usage_key_refused,
)

if TYPE_CHECKING:
    from .fake import FakeGateway

_IMAGE_ROUTES = frozenset({"chat", "native", "images"})
_FREE_OF_AUTH = frozenset({"download", "redirect"})  # result links work without the key


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the fake received it (headers with lower-case keys)."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    json: dict[str, Any] | None
    route: str


class Server(ThreadingHTTPServer):
    """ThreadingHTTPServer that tracks its connections so `close_all` can end them."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, gateway: FakeGateway) -> None:
        self.gateway = gateway
        self.connections: dict[threading.Thread, socket.socket] = {}
        self.connections_lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), Handler)

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


class Handler(ChatDialect, NativeDialect, ImagesDialect, FilesDialect):
    """One connection; each request goes through `_handle`."""

    protocol_version = "HTTP/1.1"
    server: Server
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

    # --- request flow -----------------------------------------------------------------------------

    def _handle(self) -> None:
        self.request_id = self.gw._new_request_id()
        self._server_header = "nginx"
        self._body_complete = False
        # (route, model, price) once the request reached the "upstream" and may be billed
        self._upstream: tuple[str, str, float | None] | None = None
        self._settled = False
        try:
            self._handle_request()
        except Abort:
            self.close_connection = True
        except OSError:
            self.close_connection = True  # the client went away mid-answer
        except Exception as err:
            self.gw._record_error(traceback.format_exc())
            reply = json_reply(
                500, bodies.new_api_error(f"fake gateway bug: {err!r}", "fake_gateway_error")
            )
            try:
                self._send(reply)
            except OSError:
                self.close_connection = True
        finally:
            self._settle(None, delivered=False)  # no answer decided (reset, stop): dropped

    def _settle(self, answer: Reply | None, delivered: bool) -> None:
        """Put the request on the fake's bill if the gateway would charge it (`billing`).

        Called once, before the answer goes out, so a client that has its answer (or its
        error) finds the bill already written.
        """
        if self._upstream is None or self._settled:
            return
        self._settled = True
        route, model, price = self._upstream
        reason = charge_reason(model, answer, delivered)
        if reason is not None and price:
            self.gw._charge(route, model, price, reason, self.request_id)

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
            self._send(json_reply(404, self._new_api(message, "", type="invalid_request_error")))
            return
        if route not in _FREE_OF_AUTH and headers.get("authorization") != f"Bearer {gw.api_key}":
            self._send(json_reply(401, self._new_api("无效的令牌", "invalid_api_key")))
            return
        if gw.max_body_bytes is not None and len(body) > gw.max_body_bytes:
            self._send(html_reply(413, bodies.NGINX_413_HTML, headers={"Connection": "close"}))
            return
        model = self._model_of(route, rest, payload)
        if route in _IMAGE_ROUTES:
            # The gateway picks a channel for the model before any upstream sees the request,
            # and before a queued scenario is taken: neither answer is billed.
            named = route == "native" or isinstance((payload or {}).get("model"), str)
            if named and not gw._is_served(model):
                self._send(model_not_found(self.request_id, model))
                return
            if gw.billing == "usage" and model in PER_CALL_MODELS:
                self._send(usage_key_refused(self.request_id, model))
                return
            if self._body_complete:
                self._upstream = (route, model, gw.prices.get(model))

        queued = gw._take(route)
        scenario = queued.scenario if queued else None
        kwargs = queued.kwargs if queued else {}

        if scenario in ERROR_SCENARIOS:
            self._send(error_reply(scenario, kwargs, model, self.request_id))
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
            self._send(Reply(200, str(kwargs["body"]).encode("utf-8"), result="garbled"))
            return

        try:
            reply = self._route_reply(route, rest, payload, scenario, kwargs)
        except ClientError as err:
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
    ) -> Reply:
        if route == "models":
            return self._models()
        if route == "download":
            return self._download(rest, scenario, kwargs)
        if route == "redirect":
            return self._redirect(rest)
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
                line = self.rfile.readline()
                if not line:
                    return b"".join(chunks)  # the client went away mid-body: incomplete
                size = int(line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    self._body_complete = True
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        body = self.rfile.read(length) if length > 0 else b""
        self._body_complete = len(body) == max(0, length)
        return body

    def _send(self, reply: Reply, send_bytes: int | None = None) -> None:
        """Send a reply; with `send_bytes`, send only that much of the body, then close."""
        self._settle(reply, delivered=send_bytes is None)
        try:
            self._write(reply, send_bytes)
        except OSError:
            self.gw._relabel(self.request_id, DROPPED)  # the client went away: not delivered
            raise

    def _write(self, reply: Reply, send_bytes: int | None) -> None:
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
            self.wfile.flush()
            if reply.headers.get("Connection") == "close":
                self.close_connection = True
        else:
            self.wfile.write(reply.body[:send_bytes])
            self.wfile.flush()
            self.close_connection = True  # a FIN before Content-Length bytes: a protocol error

    def _reset_connection(self) -> None:
        """Close with an RST (SO_LINGER 0) without answering."""
        self._settle(None, delivered=False)
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def _wait(self, seconds: float) -> None:
        if seconds > 0 and self.gw._stopping.wait(seconds):
            raise Abort

    def _model_of(self, route: str, rest: str, payload: dict[str, Any] | None) -> str:
        if route == "native":
            return rest.split("/")[-1].split(":")[0]
        model = (payload or {}).get("model")
        return model if isinstance(model, str) else "unknown"

    def _require_json(self, payload: dict[str, Any] | None, route: str) -> dict[str, Any]:
        if payload is None:
            raise ClientError(self._bad_request(route, "request body is not a JSON object"))
        return payload
