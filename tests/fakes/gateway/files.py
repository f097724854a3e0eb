"""The models list, the downloads of result URLs (no auth; URLs expire after ``url_ttl``) and
the redirect links that may stand in front of them (``302 Found``, like a CDN's short link)."""

from __future__ import annotations

import time
from typing import Any

from .. import bodies
from .dialect import Dialect
from .replies import Abort, Reply, json_reply
from .scenarios import Scenario


class FilesDialect(Dialect):
    """``GET /v1/models`` and ``GET /files/<id>.<ext>``."""

    def _models(self) -> Reply:
        data = [
            {"id": model, "object": "model", "owned_by": "laozhang"} for model in self.gw.served
        ]
        return json_reply(200, {"object": "list", "data": data})

    def _redirect(self, rest: str) -> Reply:
        target = self.gw._link_target(rest.rsplit("/", 1)[-1])
        if target is None:
            return Reply(404, bodies.EXPIRED_URL_XML.encode(), content_type="application/xml")
        page = "<html><head><title>302 Found</title></head><body><h1>302 Found</h1></body></html>"
        return Reply(
            302,
            page.encode(),
            content_type="text/html",
            headers={"Location": target},
            reason="Found",
        )

    def _download(self, rest: str, scenario: Scenario | None, kwargs: dict[str, Any]) -> Reply:
        name = rest.rsplit("/", 1)[-1]
        stored = self.gw._stored(name)
        not_found = Reply(404, bodies.EXPIRED_URL_XML.encode(), content_type="application/xml")
        if stored is None or scenario is Scenario.EXPIRED_URL or stored.expired:
            return not_found
        if time.monotonic() - stored.created > self.gw.url_ttl:
            return not_found
        huge = stored.huge
        if scenario is Scenario.HUGE_DOWNLOAD:
            huge = {key: kwargs[key] for key in ("size_mb", "declare_length")}
        if huge is not None:
            self._send_huge(stored.content_type, int(huge["size_mb"]), bool(huge["declare_length"]))
            raise Abort  # already answered; close the connection
        return Reply(200, stored.data, content_type=stored.content_type)

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
