"""Result links from a model's answer: followed through redirects, but never into the user's own
network, never down to http, never to another scheme (DESIGN §3, issue 15 point 4)."""

from __future__ import annotations

import pytest

from luxcanvas.gateway.links import link_problem
from tests.conftest import FIXTURES, service_for

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


@pytest.mark.parametrize("hops", [1, 5])
def test_a_result_link_that_redirects_is_followed(gateway, hops):
    from luxcanvas.domain.jobs import Job
    from tests.fakes.gateway import Scenario

    gateway.queue("images", Scenario.REDIRECTED_URL, hops=hops)
    service = service_for(gateway)
    outcome = service.run(Job(FIXTURES / "damaged" / "camera_damaged.jpg", "reshoot", size="2K"))
    assert outcome.result_path.is_file()
    assert gateway.count("redirect") == hops and gateway.count("download") == 1
    for hop in [r for r in gateway.requests if r.route in ("redirect", "download")]:
        assert "authorization" not in {k.lower() for k in hop.headers}
    service.close()


@pytest.mark.parametrize(
    ("scenario", "kwargs", "words"),
    [("REDIRECTED_URL", {"hops": 6}, "redirected too many times"),
     ("REDIRECT_NON_HTTP", {}, "will not open")],
)  # fmt: skip
def test_a_link_that_redirects_too_often_or_off_the_web_is_refused_and_counted_as_billed(
    gateway, scenario, kwargs, words
):
    from luxcanvas.domain.errors import GatewayError
    from luxcanvas.domain.jobs import Job
    from tests.fakes.gateway import Scenario

    gateway.queue("images", getattr(Scenario, scenario), **kwargs)
    service = service_for(gateway)
    with pytest.raises(GatewayError, match=words) as failed:
        service.run(Job(FIXTURES / "damaged" / "camera_damaged.jpg", "reshoot", size="2K"))
    assert failed.value.may_be_billed
    assert service.library.spent() == pytest.approx(gateway.billed_usd())
    service.close()
