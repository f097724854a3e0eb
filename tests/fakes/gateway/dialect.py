"""What every dialect's handler shares: error shapes, data URLs, pictures, stored results."""

from __future__ import annotations

import base64
import binascii
import re
import time
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any

from PIL import Image

from .. import bodies
from .pictures import decode_picture
from .replies import ClientError, Reply, json_reply
from .scenarios import Scenario, model_not_found, new_api

if TYPE_CHECKING:
    from .fake import FakeGateway
    from .server import Server


@dataclass
class StoredFile:
    data: bytes
    content_type: str
    created: float
    expired: bool = False
    huge: dict[str, Any] | None = None


class Dialect(BaseHTTPRequestHandler):
    """The base of the handler's dialect parts (`ChatDialect`, `NativeDialect`, ...).

    The handler (`server.Handler`) combines them; `request_id` is set per request.
    """

    server: Server
    request_id: str

    @property
    def gw(self) -> FakeGateway:
        return self.server.gateway

    def _new_api(self, message: str, code: str, **extra: Any) -> dict[str, Any]:
        return new_api(self.request_id, message, code, **extra)

    def _bad_request(self, route: str, message: str) -> Reply:
        """A 400 in the dialect's own error shape."""
        if route == "native":
            return json_reply(400, bodies.google_error(message))
        if route == "images":
            return json_reply(
                400,
                bodies.seedream_error("InvalidParameter", message, request_id=self.request_id),
            )
        return json_reply(
            400, self._new_api(message, "invalid_request", type="invalid_request_error")
        )

    def _model_not_found(self, model: str) -> Reply:
        return model_not_found(self.request_id, model)

    def _data_url_picture(self, url: Any, route: str) -> tuple[str, bytes]:
        """Split and decode a ``data:image/...;base64,...`` URL; 400 if it is not one."""
        match = (
            re.fullmatch(r"data:(image/[\w.+-]+);base64,(.*)", url, re.S)
            if isinstance(url, str)
            else None
        )
        if not match:
            shown = url[:60] if isinstance(url, str) else repr(url)
            raise ClientError(self._bad_request(route, f"image must be a base64 data URL: {shown}"))
        return match.group(1), self._b64decode(match.group(2), route)

    def _b64decode(self, data: Any, route: str) -> bytes:
        if not isinstance(data, str):
            raise ClientError(self._bad_request(route, "image data must be a base64 string"))
        try:
            return base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError) as err:
            raise ClientError(self._bad_request(route, f"invalid base64 data: {err}")) from err

    def _picture(self, data: bytes, route: str) -> Image.Image:
        try:
            return decode_picture(data)
        except ValueError as err:
            raise ClientError(self._bad_request(route, str(err))) from err

    def _store_file(self, data: bytes, ext: str, scenario: Scenario | None, kwargs: dict) -> str:
        """Keep a result for download and return its URL."""
        huge = None
        if scenario is Scenario.HUGE_DOWNLOAD:
            huge = {key: kwargs[key] for key in ("size_mb", "declare_length")}
        name = f"{uuid.uuid4().hex}.{ext}"
        content_type = "image/jpeg" if ext == "jpeg" else f"image/{ext}"
        stored = StoredFile(
            data, content_type, time.monotonic(), scenario is Scenario.EXPIRED_URL, huge
        )
        self.gw._store(name, stored)
        url = f"{self.gw.base_url}/files/{name}"
        # Result links may redirect (the gateway's examples download with ``curl -L``).
        if scenario is Scenario.REDIRECT_NON_HTTP:
            return self.gw._link(str(kwargs["location"]))
        if scenario is Scenario.REDIRECT_OTHER_PORT:
            url = self.gw._link(f"{self.gw._other_origin()}/files/{name}")
        hops = kwargs["hops"] if scenario is Scenario.REDIRECTED_URL else self.gw.redirect_hops
        for _ in range(int(hops)):
            url = self.gw._link(url)
        return url
