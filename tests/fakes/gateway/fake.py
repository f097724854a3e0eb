"""`FakeGateway`: the object tests hold: lifecycle, the scenario queues and the records.

See the package docstring (`tests.fakes.gateway`) for the whole API.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import sys
import threading
import time
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import Any

from PIL import Image

from .billing import BillEntry, Ledger
from .catalog import API_KEY, CATALOGUES, PRICES
from .dialect import StoredFile
from .pictures import encode_picture
from .replies import Abort
from .scenarios import ROUTES, SCENARIO_KWARGS, SCENARIO_ROUTES, Queued, Scenario
from .server import RecordedRequest, Server


class FakeGateway:
    """A LaoZhang gateway on 127.0.0.1 for tests; see `tests.fakes.gateway` for the API."""

    def __init__(
        self,
        prefix: str = "",
        latency: float = 0.0,
        *,
        api_key: str = API_KEY,
        url_ttl: float = 3600.0,
        catalogue: str = "both",
        billing: str = "per_call",
    ) -> None:
        if catalogue not in CATALOGUES:
            raise ValueError(f"unknown catalogue {catalogue!r}; expected one of {list(CATALOGUES)}")
        if billing not in ("per_call", "usage"):
            raise ValueError(f"unknown billing mode {billing!r}; expected 'per_call' or 'usage'")
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
        self.catalogue = catalogue
        self.billing = billing  # "usage": per-call models answer 403 billing_mode_mismatch
        self.prices: dict[str, float] = dict(PRICES[catalogue])  # USD per call, editable
        self.redirect_hops = 0  # every result URL goes through this many 302s
        self._served: list[str] = list(CATALOGUES[catalogue])
        self._ledger = Ledger()
        self._links: dict[str, str] = {}
        self._alt: tuple[Server, threading.Thread] | None = None
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []
        self._queues: dict[str, deque[Queued]] = {route: deque() for route in ROUTES}
        self._files: dict[str, StoredFile] = {}
        self._aspect_ratios: list[str] = []
        self._errors: list[str] = []
        self._hangs: set[threading.Event] = set()
        self._stopping = threading.Event()
        self._renders: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
        self._request_counter = itertools.count(1)
        self._server: Server | None = None
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
        self._server, self._thread = self._serve("fake-gateway")
        self._port = self._server.server_address[1]
        return self

    def _serve(self, name: str) -> tuple[Server, threading.Thread]:
        server = Server(self)
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=name, daemon=True
        )
        thread.start()
        return server, thread

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving: release hung handlers, close connections, join every thread."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        self._stopping.set()
        self.release()
        with self._lock:
            pairs = [(server, thread)] + ([self._alt] if self._alt else [])
            self._alt = None
        deadline = time.monotonic() + timeout
        for each_server, each_thread in pairs:
            each_server.shutdown()
            each_server.server_close()
            each_thread.join(max(0.0, deadline - time.monotonic()))
        for each_server, _thread in pairs:
            for connection_thread in each_server.close_all():
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

    @property
    def served(self) -> tuple[str, ...]:
        """The model ids the gateway serves now, as ``GET /v1/models`` lists them."""
        with self._lock:
            return tuple(self._served)

    def retire(self, *models: str) -> None:
        """Stop serving `models`: requests for them answer 503 ``model_not_found``, unbilled."""
        with self._lock:
            self._served = [model for model in self._served if model not in models]

    def serve(self, *models: str) -> None:
        """Serve `models` (again); an id no dialect knows still answers model_not_found."""
        with self._lock:
            self._served += [model for model in models if model not in self._served]

    @property
    def bill(self) -> list[BillEntry]:
        """What the real gateway would have charged so far, one entry per billed request."""
        return self._ledger.entries()

    def billed_usd(self) -> float:
        """The sum of `bill` in USD (rounded to 6 decimals)."""
        return self._ledger.total()

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
        allowed_routes = SCENARIO_ROUTES.get(scenario)
        if allowed_routes is not None and route != "*" and route not in allowed_routes:
            raise ValueError(f"{scenario.name} does not apply to route {route!r}")
        defaults = SCENARIO_KWARGS.get(scenario, {})
        unknown = set(kwargs) - set(defaults)
        if unknown:
            raise TypeError(f"{scenario.name} takes no argument(s) {sorted(unknown)}")
        with self._lock:
            for _ in range(times):
                self._queues[route].append(Queued(scenario, {**defaults, **kwargs}))

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
        self._ledger.clear()

    # --- used by the handler ----------------------------------------------------------------------

    def _route_for(self, method: str, raw_path: str) -> tuple[str, str]:
        """Return (route name, path below the prefix)."""
        path = raw_path.split("?", 1)[0]
        if self.prefix and (path == self.prefix or path.startswith(self.prefix + "/")):
            rest = path[len(self.prefix) :]
        elif re.fullmatch(r"/files/[\w-]+\.\w+|/r/[\w-]+", path):
            rest = path  # downloads and links work with or without the prefix, like a CDN
        elif self.prefix:
            return "unknown", path
        else:
            rest = path
        if method == "GET" and rest == "/v1/models":
            return "models", rest
        if method == "GET" and re.fullmatch(r"/files/[\w-]+\.\w+", rest):
            return "download", rest
        if method == "GET" and re.fullmatch(r"/r/[\w-]+", rest):
            return "redirect", rest
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

    def _take(self, route: str) -> Queued | None:
        """Pop the next scenario for `route` (its own queue first, then "*")."""
        with self._lock:
            if self._queues[route]:
                return self._queues[route].popleft()
            if self._queues["*"]:
                queued = self._queues["*"].popleft()
                allowed_routes = SCENARIO_ROUTES.get(queued.scenario)
                return queued if allowed_routes is None or route in allowed_routes else None
        return None

    def _hang(self) -> None:
        """Block until `release` or stop; raise Abort when stopping."""
        event = threading.Event()
        with self._lock:
            self._hangs.add(event)
        if self._stopping.is_set():
            event.set()
        event.wait()
        with self._lock:
            self._hangs.discard(event)
        if self._stopping.is_set():
            raise Abort

    def _is_served(self, model: str) -> bool:
        with self._lock:
            return model in self._served

    def _charge(self, route: str, model: str, amount: float, reason: str, request_id: str) -> None:
        self._ledger.add(BillEntry(time.time(), route, model, amount, reason, request_id))

    def _relabel(self, request_id: str, reason: str) -> None:
        self._ledger.relabel(request_id, reason)

    def _link(self, target: str) -> str:
        """A URL on this gateway that answers 302 to `target`."""
        token = uuid.uuid4().hex
        with self._lock:
            self._links[token] = target
        return f"{self.base_url}/r/{token}"

    def _link_target(self, token: str) -> str | None:
        with self._lock:
            return self._links.get(token)

    def _other_origin(self) -> str:
        """``http://127.0.0.1:PORT`` of a second listener (another origin), started on demand."""
        with self._lock:
            if self._alt is None:
                self._alt = self._serve("fake-gateway-other-port")
            return f"http://127.0.0.1:{self._alt[0].server_address[1]}"

    def _store(self, name: str, stored: StoredFile) -> None:
        with self._lock:
            self._files[name] = stored

    def _stored(self, name: str) -> StoredFile | None:
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
        data = encode_picture(draw(), mime)
        with self._lock:
            self._renders[key] = data
            while len(self._renders) > 16:
                self._renders.popitem(last=False)
        return data
