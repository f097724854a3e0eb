"""Result links from a model's answer: followed through redirects, but never into the user's own
network, never down to http, never to another scheme (DESIGN §3, issue 15 point 4)."""

from __future__ import annotations

import pytest

from luxcanvas.gateway.links import link_problem

PUBLIC = "https://api.laozhang.ai"


@pytest.mark.parametrize(
    "url",
    [
        "https://cdn.example.com/result.png",
        "https://1.2.3.4/result.png",
    ],
)
def test_public_https_links_open(url):
    assert (
        link_problem(url, gateway_url=PUBLIC, previous=None, addresses=("93.184.216.34",)) is None
    )


@pytest.mark.parametrize(
    ("url", "previous", "addresses", "why"),
    [
        ("file:///etc/passwd", None, (), "scheme"),
        ("ftp://cdn.example.com/x.png", None, (), "scheme"),
        ("http://cdn.example.com/x.png", "https://cdn.example.com/a", (), "down to http"),
        ("http://cdn.example.com/x.png", None, (), "insecure http"),
        ("https://127.0.0.1/x.png", None, (), "internal"),
        ("https://localhost/x.png", None, (), "internal"),
        ("https://169.254.169.254/latest/meta-data", None, (), "internal"),
        ("https://10.0.0.7/x.png", None, (), "internal"),
        ("https://192.168.1.1/x.png", None, (), "internal"),
        ("https://[::1]/x.png", None, (), "internal"),
        ("https://[fe80::1]/x.png", None, (), "internal"),
        ("https://rebind.example.com/x.png", None, ("10.1.2.3",), "internal"),
    ],
)
def test_links_into_the_users_network_or_down_to_http_are_refused(url, previous, addresses, why):
    problem = link_problem(url, gateway_url=PUBLIC, previous=previous, addresses=addresses)
    assert problem is not None and why in problem


def test_a_gateway_on_this_machine_or_the_office_network_may_link_there():
    for gateway in ("http://127.0.0.1:8080", "http://192.168.1.20/proxy"):
        assert (
            link_problem("http://192.168.1.20/files/x.png", gateway_url=gateway, previous=None)
            is None
        )
    # ...but still never from https down to http.
    assert link_problem(
        "http://127.0.0.1/x.png",
        gateway_url="http://127.0.0.1:8080",
        previous="https://127.0.0.1/y",
    )
