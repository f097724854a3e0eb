"""Paid calls billed as the gateway bills them (DESIGN §3 "Billing facts"): billed refusals are
charged and never resent unchanged; a crash cannot lose a possible charge or pay twice; the
CLI says what each failure cost (DESIGN §4)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from luxcanvas.app.budget import RunBudget, month_spend
from luxcanvas.cli import main
from luxcanvas.domain.errors import AuthError, PossiblyBilled, RefusedBefore, RefusedError
from luxcanvas.domain.jobs import Job
from luxcanvas.store.catalog import load_catalog
from luxcanvas.store.library import INTERRUPTED, Library
from luxcanvas.store.settings import load_settings
from tests.conftest import FIXTURES, service_for
from tests.fakes.gateway import Scenario

PHOTO = FIXTURES / "damaged" / "camera_damaged.jpg"
pytestmark = pytest.mark.skipif(not PHOTO.is_file(), reason="shared fixtures missing")


def test_a_gemini_refusal_is_charged_counted_and_never_resent_unchanged(gateway):
    service = service_for(gateway)
    price = service.catalog.get("restore").price_usd
    budget = RunBudget(1.0)
    gateway.queue("native", Scenario.REFUSAL)
    with pytest.raises(RefusedError) as refused:
        service.run(Job(PHOTO, "restore"), run_budget=budget)
    assert refused.value.spent_usd == pytest.approx(price)
    (record,) = service.library.jobs()
    assert record.cost_usd == pytest.approx(price)
    spend = month_spend(service.library, service.settings)
    assert spend.charged_usd == pytest.approx(price) and spend.possible_usd == 0
    assert budget.spent == pytest.approx(price)  # --max-cost counts it too

    with pytest.raises(RefusedBefore, match="refused this exact request before") as again:
        service.run(Job(PHOTO, "restore"))
    assert again.value.exit_code == 6 and again.value.spent_usd == 0
    assert gateway.count("native") == 1, "an identical refused request must not be resent"

    changed = service.run(Job(PHOTO, "restore", prompt="The coat was dark green."))
    assert changed.result_path.is_file() and gateway.count("native") == 2
    forced = service.run(Job(PHOTO, "restore", retry_refused=True))
    assert forced.result_path.is_file() and gateway.count("native") == 3
    service.close()


def test_a_seedream_moderation_answer_is_free_and_may_be_tried_again(gateway):
    service = service_for(gateway)
    gateway.queue("images", Scenario.SEEDREAM_SENSITIVE)
    with pytest.raises(RefusedError) as refused:
        service.run(Job(PHOTO, "reshoot", size="2K"))
    assert refused.value.spent_usd == 0 and service.library.spent() == 0
    outcome = service.run(Job(PHOTO, "reshoot", size="2K"))
    assert outcome.result_path.is_file() and gateway.count("images") == 2
    service.close()


@pytest.mark.parametrize(
    ("scenario", "charge", "priced"),
    [(Scenario.REFUSAL, "charged", True), (Scenario.DROP, "possible", True),
     (Scenario.UNAUTHORIZED, "none", False)],
)  # fmt: skip
def test_failed_json_lines_say_what_the_failure_costs(
    capsys, gateway, tmp_path, scenario, charge, priced
):
    photo = tmp_path / "p.jpg"
    photo.write_bytes(PHOTO.read_bytes())
    gateway.queue("native", scenario)
    code = main(["restore", str(photo), "-s", "restore", "--json"])
    line = json.loads(capsys.readouterr().out)
    assert code != 0 and set(line) >= {"input", "error", "cost_usd", "charge"}
    assert line["charge"] == charge
    price = load_catalog().get("restore").price_usd
    assert line["cost_usd"] == (pytest.approx(price) if priced else 0)


def test_spend_json_has_the_contract_fields(capsys, gateway, tmp_path):
    photo = tmp_path / "p.jpg"
    photo.write_bytes(PHOTO.read_bytes())
    assert main(["restore", str(photo), "-s", "preview", "--json"]) == 0
    capsys.readouterr()
    assert main(["spend", "--json"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert set(row) == {"month", "charged_usd", "possible_usd", "budget_usd", "calls"}
    assert row["charged_usd"] > 0 and row["possible_usd"] == 0 and row["calls"] == 1
    assert row["month"] == time.strftime("%Y-%m", time.gmtime())


def test_a_killed_batch_keeps_its_possible_charge_and_a_rerun_does_not_pay_twice(
    gateway, tmp_path, capsys
):
    """kill -9 while a paid call is in flight: the next LuxCanvas to open the library records
    the call as possibly billed, `spend` shows it apart, and a rerun does not resend it."""
    photo = tmp_path / "p.jpg"
    photo.write_bytes(PHOTO.read_bytes())
    gateway.queue("native", Scenario.HANG)
    cli = subprocess.Popen(
        [sys.executable, "-m", "luxcanvas.cli", "restore", str(photo), "-s", "restore", "--json"],
        env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while gateway.count("native") == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert gateway.count("native") == 1, "the CLI never sent its request"
        os.kill(cli.pid, signal.SIGKILL)
        cli.wait(timeout=30)
    finally:
        if cli.poll() is None:
            cli.kill()
        gateway.release()

    library = Library()  # the next run opens the library: it repairs the orphan
    (orphan,) = library.jobs()
    price = orphan.possible_usd
    assert orphan.status == INTERRUPTED and orphan.may_be_billed and price > 0
    assert main(["spend", "--json"]) == 0
    spend = json.loads(capsys.readouterr().out)
    assert spend["charged_usd"] == 0 and spend["possible_usd"] == pytest.approx(price)

    code = main(["restore", str(photo), "-s", "restore", "--json"])
    line = json.loads(capsys.readouterr().out)
    assert code == PossiblyBilled.exit_code and line["error"]["kind"] == "possibly_billed"
    assert line["charge"] == "none" and gateway.count("native") == 1
    code = main(["restore", str(photo), "-s", "restore", "--json", "--retry-possible"])
    assert code == 0 and gateway.count("native") == 2


def test_a_usage_billed_key_is_told_how_to_fix_it_and_nothing_is_billed(gateway):
    gateway.billing = "usage"
    service = service_for(gateway)
    with pytest.raises(AuthError, match="per-call billing") as failed:
        service.run(Job(PHOTO, "restore"))
    assert failed.value.exit_code == 4 and "Settings" in failed.value.message
    assert service.library.spent() == 0 and gateway.billed_usd() == 0
    service.close()


def test_a_retired_model_id_moves_on_to_the_next_and_the_one_that_answered_is_remembered(
    gateway,
):
    gateway.retire("gemini-3-pro-image")
    service = service_for(gateway)
    outcome = service.run(Job(PHOTO, "restore"))
    assert outcome.model == "gemini-3-pro-image-preview"
    tried = [r.path for r in gateway.requests if r.route == "native"]
    assert "gemini-3-pro-image:" in tried[0] and "gemini-3-pro-image-preview:" in tried[-1]
    assert service.library.spent() == pytest.approx(gateway.billed_usd())  # not-found is free
    assert load_settings().working_models == {"restore": "gemini-3-pro-image-preview"}

    fresh = service_for(gateway)  # a new run starts with the id that answered
    before = gateway.count("native")
    fresh.run(Job(PHOTO, "restore", prompt="again, differently"))
    assert gateway.count("native") == before + 1
    assert "gemini-3-pro-image-preview:" in gateway.last("native").path
    service.close()
    fresh.close()
