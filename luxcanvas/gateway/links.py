"""Which result links LuxCanvas follows: the one home of that rule.

sora_image, gpt-4o-image and Seedream may answer with a temporary link that redirects (the
gateway's own examples use ``curl -L``). A link comes from a model's answer, so it must not be
able to make the app probe the user's own network or drop to plain http: every hop is http(s),
never https → http, and never a loopback, link-local or private address unless the configured
gateway itself lives at such an address (a gateway on this machine or the office network).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

#: How many redirects a result link may take.
MAX_REDIRECTS = 5

_LOCAL_NAMES = ("localhost", "localhost.localdomain")


def is_loopback(host: str) -> bool:
    if host.lower() in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_internal(address: str) -> bool:
    """True for loopback, link-local, private, unspecified or reserved addresses."""
    try:
        ip = ipaddress.ip_address(address.strip("[]").split("%")[0])
    except ValueError:
        return address.lower() in _LOCAL_NAMES
    return (
        ip.is_loopback or ip.is_link_local or ip.is_private or ip.is_unspecified
        or ip.is_reserved or ip.is_multicast
    )  # fmt: skip


def link_problem(
    url: str, *, gateway_url: str, previous: str | None, addresses: Iterable[str] = ()
) -> str | None:
    """Why LuxCanvas will not open ``url`` (None when it may).

    ``previous`` is the link that redirected here (None for the model's own link);
    ``addresses`` are what the link's host resolves to (its literal address is checked too).
    """
    parts = urlsplit(url)
    host, gateway = parts.hostname or "", urlsplit(gateway_url)
    if parts.scheme not in ("http", "https") or not host:
        return f"scheme {parts.scheme or '(none)'}"
    if parts.scheme == "http":
        if previous is not None and urlsplit(previous).scheme == "https":
            return f"redirect from https down to http ({host})"
        if gateway.scheme != "http":
            return f"insecure http link ({host}) from an https gateway"
    gateway_host = gateway.hostname or ""
    if not (is_loopback(gateway_host) or is_internal(gateway_host)):
        for address in (host, *addresses):
            if is_internal(address):
                return f"internal address {address} ({host})"
    return None
