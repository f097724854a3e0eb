"""The one HTTP client LuxCanvas has: the only module that imports httpx.

Calls to the gateway are slow (10–70 s) and paid, so this module is careful about
three things:

* **Retries** only for what cannot have been billed: a connection that never opened,
  a rate limit without the quota code (honouring ``Retry-After``), and 500/502/503
  answers. A read timeout, or a connection dropped after the request was sent, may
  have been billed and is never retried (DESIGN.md §3).
* **Cancellation**: requests run on one asyncio loop in a background thread, so a
  cancel closes the connection at once instead of waiting for the model.
* **Errors**: every failure becomes one ``LuxError`` with a plain message; the API key
  never appears in one.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Coroutine
from concurrent.futures import CancelledError as FutureCancelled
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
from httpx_retries import Retry, RetryTransport

from luxcanvas import __version__
from luxcanvas.domain.errors import (
    BILLING_NOTE,
    Cancelled,
    GatewayError,
    GatewayTimeout,
    LuxError,
    MissingKey,
    NetworkError,
)
from luxcanvas.domain.jobs import CancelToken
from luxcanvas.gateway.answers import QUOTA_MARKERS, error_from_response, redact, snippet
from luxcanvas.gateway.links import MAX_REDIRECTS, link_problem

T = TypeVar("T")

CONNECT_TIMEOUT = 15.0
READ_TIMEOUT = 360.0
READ_TIMEOUT_4K = 600.0
MAX_DOWNLOAD_BYTES = 200 * 1024 * 1024
#: 504 and 524 are left out on purpose: a model that was slow once is likely slow again, and
#: the person should decide whether to wait that long a second time.
RETRY_STATUSES = (429, 500, 502, 503)


class _QuotaExhausted(Exception):
    """Raised inside the transport so a quota 429 is not retried like a rate limit."""

    def __init__(self, status: int, body: bytes, headers: httpx.Headers):
        super().__init__("quota exhausted")
        self.status, self.body, self.headers = status, body, headers


class _QuotaAwareTransport(httpx.AsyncBaseTransport):
    """Stops retries at once when a 429 says the balance is empty."""

    def __init__(self, inner: httpx.AsyncBaseTransport):
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        if response.status_code == 429:
            body = await response.aread()
            await response.aclose()
            if any(marker.encode() in body for marker in QUOTA_MARKERS):
                raise _QuotaExhausted(response.status_code, body, response.headers)
            return httpx.Response(429, headers=response.headers, content=body, request=request)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


def retry_policy(total: int = 2, max_wait: float = 20.0) -> Retry:
    """What the gateway client retries: only failures that cannot have been billed."""
    return Retry(
        total=total,
        allowed_methods=["GET", "POST"],
        status_forcelist=RETRY_STATUSES,
        # Only failures before the request left: after that the call may be billed.
        retry_on_exceptions=[httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout],
        backoff_factor=0.5,
        max_backoff_wait=max_wait,
        total_timeout=max_wait * 2,
    )


@dataclass(frozen=True)
class HttpResult:
    status: int
    json: Any
    elapsed: float


def join_url(base_url: str, path: str) -> str:
    """Join an API path onto a base URL that may carry a path prefix."""
    return base_url.rstrip("/") + "/" + path.lstrip("/")


class GatewayClient:
    """One pooled async client on a private event loop, used synchronously by jobs."""

    def __init__(
        self,
        base_url: str,
        api_key: str | None,
        *,
        connect_timeout: float = CONNECT_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
        read_timeout_long: float = READ_TIMEOUT_4K,
        retry: Retry | None = None,
        max_connections: int = 16,
    ):
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise GatewayError(f"The gateway address '{base_url}' is not an http(s) URL.")
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        self._timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
        self._timeout_long = httpx.Timeout(read_timeout_long, connect=connect_timeout)
        self._retry = retry or retry_policy()
        self._max_connections = max_connections
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="luxcanvas-http", daemon=True
        )
        self._thread.start()
        self._client: httpx.AsyncClient = self._call_soon(self._make_client()).result()
        self._closed = False

    async def _make_client(self) -> httpx.AsyncClient:
        limits = httpx.Limits(max_connections=self._max_connections)
        inner = httpx.AsyncHTTPTransport(limits=limits)
        transport = RetryTransport(transport=_QuotaAwareTransport(inner), retry=self._retry)
        return httpx.AsyncClient(
            transport=transport,
            timeout=self._timeout,
            headers={"User-Agent": f"LuxCanvas/{__version__}"},
            follow_redirects=False,
        )

    # -- running coroutines on the private loop -------------------------------------------

    def _call_soon(self, coro: Coroutine[Any, Any, T]) -> Future[T]:
        return asyncio.run_coroutine_threadsafe(coro, self._loop)

    def _run(self, coro: Coroutine[Any, Any, T], cancel: CancelToken | None, billed: bool) -> T:
        future = self._call_soon(coro)
        if cancel is None:
            return future.result()

        def on_cancel() -> None:
            future.cancel()

        cancel.add_callback(on_cancel)
        try:
            return future.result()
        except FutureCancelled:
            note = f" {BILLING_NOTE}" if billed else ""
            raise Cancelled(f"Cancelled.{note}", may_be_billed=billed) from None
        finally:
            cancel.remove_callback(on_cancel)

    # -- public calls --------------------------------------------------------------------

    def post_json(
        self,
        path: str,
        body: dict[str, Any],
        *,
        long_running: bool = False,
        cancel: CancelToken | None = None,
    ) -> HttpResult:
        """POST a JSON body to the gateway; the decoded JSON answer or a LuxError.

        ``long_running`` (4K outputs) allows the longer read timeout.
        """
        if cancel is not None:
            cancel.raise_if_cancelled()
        content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        request = self._client.build_request(
            "POST",
            join_url(self.base_url, path),
            content=content,
            headers=self._auth_headers() | {"Content-Type": "application/json"},
            timeout=self._timeout_long if long_running else self._timeout,
        )
        return self._run(self._send(request, paid=True), cancel, billed=True)

    def get_json(self, path: str, *, cancel: CancelToken | None = None) -> HttpResult:
        request = self._client.build_request(
            "GET", join_url(self.base_url, path), headers=self._auth_headers()
        )
        return self._run(self._send(request, paid=False), cancel, billed=False)

    def download(
        self,
        url: str,
        *,
        max_bytes: int | None = None,
        cancel: CancelToken | None = None,
    ) -> bytes:
        """Fetch a result image by URL, following up to ``links.MAX_REDIRECTS`` redirects:
        every hop checked by ``links.link_problem``, size-capped, never with the API key."""
        self.check_download_url(url)
        limit = MAX_DOWNLOAD_BYTES if max_bytes is None else max_bytes
        return self._run(self._download(url, limit), cancel, billed=True)

    def check_download_url(
        self, url: str, previous: str | None = None, addresses: tuple[str, ...] = ()
    ) -> None:
        """Raise a GatewayError (the call was billed) when LuxCanvas will not open ``url``."""
        problem = link_problem(
            url, gateway_url=self.base_url, previous=previous, addresses=addresses
        )
        if problem is not None:
            raise GatewayError(
                "The model answered with a link LuxCanvas will not open (it could point into "
                "your own network or drop the encryption). The call was probably billed.",
                detail=f"refused result link: {problem}",
                may_be_billed=True,
            )

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._call_soon(self._client.aclose()).result(timeout=5)
        except Exception:
            pass
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        if not self._thread.is_alive():
            self._loop.close()

    def __enter__(self) -> GatewayClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals -----------------------------------------------------------------------

    def _auth_headers(self) -> dict[str, str]:
        if not self._api_key:
            raise MissingKey()
        return {"Authorization": f"Bearer {self._api_key}"}

    async def _send(self, request: httpx.Request, *, paid: bool) -> HttpResult:
        try:
            response = await self._client.send(request)
        except _QuotaExhausted as quota:
            raise error_from_response(
                quota.status, quota.body, quota.headers, self._api_key
            ) from None
        except httpx.HTTPError as err:
            raise self._transport_error(err, paid) from err
        try:
            if response.status_code != 200:
                raise error_from_response(
                    response.status_code, response.content, response.headers, self._api_key
                )
            try:
                data = response.json()
            except (ValueError, UnicodeDecodeError) as err:
                raise GatewayError(
                    "The gateway sent an answer LuxCanvas cannot read.",
                    detail=f"HTTP 200 with non-JSON body: {snippet(response.content)}",
                    may_be_billed=paid,
                ) from err
            return HttpResult(response.status_code, data, response.elapsed.total_seconds())
        finally:
            await response.aclose()

    async def _download(self, url: str, max_bytes: int) -> bytes:
        previous: str | None = None
        for _ in range(MAX_REDIRECTS + 1):
            self.check_download_url(url, previous, await self._addresses(url))
            location = await self._fetch_or_redirect(url, max_bytes)
            if isinstance(location, bytes):
                return location
            previous, url = url, location
        raise GatewayError(
            "The result's download link redirected too many times. The call was probably "
            "billed; run it again.",
            detail=f"more than {MAX_REDIRECTS} redirects",
            may_be_billed=True,
        )

    async def _addresses(self, url: str) -> tuple[str, ...]:
        """What a link's host resolves to (empty when the lookup fails: httpx then fails too)."""
        host = urlsplit(url).hostname or ""
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, None)
        except OSError:
            return ()
        return tuple(str(info[4][0]) for info in infos)

    async def _fetch_or_redirect(self, url: str, max_bytes: int) -> bytes | str:
        """The image at ``url``, or the absolute link it redirects to."""
        try:
            async with self._client.stream("GET", url) as response:
                if response.is_redirect:
                    target = response.headers.get("location", "")
                    return str(response.url.join(target)) if target else ""
                if response.status_code in (403, 404, 410):
                    raise GatewayError(
                        "The result's download link has expired or was removed before "
                        "LuxCanvas could fetch it. The call was probably billed; run it again.",
                        detail=f"download HTTP {response.status_code}",
                        may_be_billed=True,
                    )
                if response.status_code != 200:
                    raise GatewayError(
                        f"Downloading the result failed (HTTP {response.status_code}).",
                        may_be_billed=True,
                    )
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise GatewayError(
                        "The result image is larger than LuxCanvas accepts.",
                        detail=f"content-length {declared} > {max_bytes}",
                        may_be_billed=True,
                    )
                chunks: list[bytes] = []
                total = 0
                async for chunk in response.aiter_bytes():
                    total += len(chunk)
                    if total > max_bytes:
                        raise GatewayError(
                            "The result image is larger than LuxCanvas accepts.",
                            detail=f"download exceeded {max_bytes} bytes",
                            may_be_billed=True,
                        )
                    chunks.append(chunk)
                return b"".join(chunks)
        except httpx.HTTPError as err:
            raise self._transport_error(err, paid=True) from err

    def _transport_error(self, err: httpx.HTTPError, paid: bool) -> LuxError:
        billed_note = f" {BILLING_NOTE}" if paid else ""
        detail = redact(f"{type(err).__name__}: {err}", self._api_key)
        if isinstance(err, httpx.ConnectTimeout | httpx.ConnectError | httpx.PoolTimeout):
            return NetworkError(
                "Cannot reach the gateway. Check your internet connection and the gateway "
                "address in Settings, then retry.",
                detail=detail,
                may_be_billed=False,
            )
        if isinstance(err, httpx.TimeoutException):
            return GatewayTimeout(
                f"The model did not answer in time.{billed_note}",
                detail=detail,
                may_be_billed=paid,
            )
        if isinstance(err, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
            return NetworkError(
                f"The connection to the gateway was lost before the answer arrived.{billed_note}",
                detail=detail,
                may_be_billed=paid,
            )
        return NetworkError(
            f"The request to the gateway failed.{billed_note}", detail=detail, may_be_billed=paid
        )


__all__ = [
    "CONNECT_TIMEOUT",
    "READ_TIMEOUT",
    "READ_TIMEOUT_4K",
    "GatewayClient",
    "HttpResult",
    "error_from_response",
    "join_url",
    "redact",
    "retry_policy",
]
