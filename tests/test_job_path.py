"""One job's path through the layers: progress as facts, the offline dialect, typed errors,
and how a job that ends by a quit is recorded."""

from __future__ import annotations

import json

import pytest

from luxcanvas.domain.errors import Cancelled, GatewayTimeout, MissingKey
from luxcanvas.domain.jobs import FRAMING_CHANGED, CancelToken, Job, ResultWarning, Step
from luxcanvas.domain.local_options import STAGES
from luxcanvas.gateway import magic_eye
from luxcanvas.gateway.dialect import CallContext, ModelRequest
from luxcanvas.imaging import PayloadLimits, prepare_payload
from luxcanvas.store.catalog import load_catalog
from luxcanvas.store.library import CANCELLED, FAILED, INTERRUPTED
from tests.conftest import FIXTURES, cancel_once_sent, service_for
from tests.fakes.gateway import Scenario

PHOTO = FIXTURES / "damaged" / "camera_damaged.jpg"
pytestmark = pytest.mark.skipif(not PHOTO.is_file(), reason="shared fixtures missing")


def test_a_cloud_run_reports_steps_with_facts_not_sentences(gateway):
    service = service_for(gateway)
    events = []
    outcome = service.run(Job(PHOTO, "restore"), on_progress=events.append)
    steps = [e.step for e in events]
    assert steps == [
        Step.READING, Step.PREPARED, Step.UPLOADING, Step.WAITING, Step.FITTING, Step.SCORING,
        Step.SAVING, Step.DONE,
    ]  # fmt: skip
    assert all(e.stage is e.step.stage for e in events)
    facts = {e.step: e.facts for e in events}
    assert facts[Step.READING] == {"name": PHOTO.name}
    prepared = facts[Step.PREPARED]
    assert prepared["width"] > 0 and prepared["height"] > 0 and prepared["bytes"] > 0
    assert facts[Step.WAITING]["model"] == outcome.model
    assert facts[Step.DONE] == {"cached": False}
    assert not hasattr(events[0], "message")
    again = []
    service.run(Job(PHOTO, "restore"), on_progress=again.append)
    assert [e.step for e in again] == [Step.READING, Step.CACHE_HIT, Step.DONE]
    assert again[-1].facts == {"cached": True}
    service.close()


def test_seedream_says_which_size_it_asked_for(gateway):
    service = service_for(gateway)
    events = []
    service.run(Job(PHOTO, "reshoot", size="2K"), on_progress=events.append)
    (waiting,) = [e for e in events if e.step is Step.WAITING]
    width, height = (int(v) for v in waiting.facts["size"].split("x"))
    assert gateway.last("images").json["size"] == f"{width}x{height}"
    service.close()


def test_the_offline_pipeline_is_a_dialect_that_never_touches_the_gateway():
    service = service_for(None)  # its client factory fails the test if it is ever called
    events = []
    outcome = service.run(Job(PHOTO, "local"), on_progress=events.append)
    assert outcome.cost_usd == 0 and outcome.result_path.is_file()
    repaired = [e.facts["stage"] for e in events if e.step is Step.REPAIRING]
    ran = [s for s in repaired if s in STAGES]
    assert ran and ran == sorted(ran, key=STAGES.index)
    assert [e.step for e in events][-2:] == [Step.SAVING, Step.DONE]
    assert service.library.job(outcome.job_id).may_be_billed is False


def test_a_missing_key_is_a_typed_error_recorded_before_anything_is_sent(gateway, monkeypatch):
    monkeypatch.delenv("LAOZHANG_API_KEY", raising=False)
    service = service_for(gateway)
    with pytest.raises(MissingKey) as info:
        service.run(Job(PHOTO, "preview"))
    assert info.value.kind == "missing_key" and info.value.exit_code == 4
    assert gateway.count("*") == 0
    (record,) = service.library.jobs()
    assert record.status == FAILED and record.error_kind == "missing_key"


def test_a_job_cancelled_by_the_quit_is_recorded_as_interrupted_by_the_service(gateway):
    service = service_for(gateway)
    gateway.queue("native", Scenario.HANG)
    job = Job(PHOTO, "restore")
    worker, ended = cancel_once_sent(service, job, gateway, "native", service.begin_shutdown)
    assert not worker.is_alive() and ended and ended[0].may_be_billed
    (record,) = service.library.jobs()
    assert record.status == INTERRUPTED and record.may_be_billed
    assert record.error_message == "LuxCanvas was closed while this job was running."
    service.close()


def test_an_ordinary_cancel_stays_a_cancel(gateway):
    service = service_for(gateway)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        service.run(Job(PHOTO, "restore"), cancel=token)
    assert service.library.jobs()[0].status == CANCELLED


class _DescribeThenTimeOut:
    """A gateway client whose first call describes the photo and whose second times out."""

    def __init__(self):
        self.calls = 0

    def post_json(self, path, body, *, long_running=False, cancel=None):
        self.calls += 1
        if self.calls == 1:
            answer = {"choices": [{"message": {"content": "A man and a cat."}}]}
            return type("Answer", (), {"json": answer})()
        raise GatewayTimeout("The model did not answer in time.", may_be_billed=True)


def test_magic_eye_says_what_the_description_cost_when_the_picture_fails():
    strategy = load_catalog().get("magic-eye")
    payload = prepare_payload(PHOTO, PayloadLimits(max_side=512, max_bytes=400_000))
    request = ModelRequest(strategy, payload, "Paint: {description}", prompts={"describe": "d"})
    ctx = CallContext(client=_DescribeThenTimeOut(), report=lambda *a, **k: None)  # type: ignore[arg-type]
    with pytest.raises(GatewayTimeout) as info:
        magic_eye.run(request, ctx)
    assert info.value.spent_usd == pytest.approx(strategy.vision_price_usd)
    assert info.value.may_be_billed


PANORAMA = FIXTURES / "odd" / "panorama_7200x900.jpg"


def test_a_framing_warning_is_facts_in_the_core_and_words_only_in_the_fronts(
    gateway, capsys, tmp_path
):
    """gpt-4o-image has no published ratios: it answers a panorama on its own canvas, and the
    result is mapped back with a warning."""
    from luxcanvas.cli import main

    service = service_for(gateway)
    first = service.run(Job(PANORAMA, "direct-edit"))
    (warning,) = first.warnings
    assert warning.code == FRAMING_CHANGED and warning.facts["ratio"] == "8:1"
    assert 0.03 < warning.facts["drift"] < 1
    stored = service.library.job(first.job_id).warnings
    assert [ResultWarning.from_json(w) for w in stored] == [warning]
    again = service.run(Job(PANORAMA, "direct-edit"))
    assert again.cached and again.warnings == [warning]
    service.close()

    code = main(["restore", str(PANORAMA), "-s", "direct-edit", "--out", str(tmp_path), "--json"])
    assert code == 0
    line = json.loads(capsys.readouterr().out)
    percent = round(warning.facts["drift"] * 100)
    assert line["warnings"] == [
        f"The model changed the framing by {percent} %; LuxCanvas mapped it back to the "
        "original 8:1."
    ]


@pytest.mark.parametrize("strategy", ["restore", "restore-fast", "preview"])
def test_a_panorama_is_padded_to_a_ratio_the_model_has_and_comes_back_whole(gateway, strategy):
    """An 8:1 panorama is not cropped by the model: it is padded to the nearest ratio the model
    answers in (21:9 for Pro and Standard; 8:1 itself for Nano Banana 2.1) and the padding is
    cut from the result."""
    service = service_for(gateway)
    events = []
    outcome = service.run(Job(PANORAMA, strategy), on_progress=events.append)
    assert outcome.warnings == []
    # Said before paying: the size the result comes back at.
    (prepared,) = [e.facts for e in events if e.step is Step.PREPARED]
    promised = (prepared["result_width"], prepared["result_height"])
    assert abs(promised[0] - outcome.width) <= 2 and abs(promised[1] - outcome.height) <= 2
    assert outcome.width / outcome.height == pytest.approx(8.0, rel=0.01)
    route = service.catalog.get(strategy).dialect
    sent = gateway.last("native" if route == "native" else "chat").json
    ratios = service.catalog.get(strategy).ratio_values
    size = _sent_size(sent)
    assert any(abs(size[0] / size[1] / r - 1) < 0.01 for r in ratios), size
    service.close()


def _sent_size(body: dict) -> tuple[int, int]:
    import base64
    import io

    from PIL import Image

    if "contents" in body:
        data = body["contents"][0]["parts"][-1]["inline_data"]["data"]
    else:
        url = body["messages"][0]["content"][-1]["image_url"]["url"]
        data = url.split(",", 1)[1]
    with Image.open(io.BytesIO(base64.b64decode(data))) as im:
        return im.size


def test_warnings_an_older_luxcanvas_stored_as_sentences_are_read_back_as_facts():
    old = "The model changed the framing by 71 %; LuxCanvas mapped it back to the original 8:1."
    assert ResultWarning.from_json(old) == ResultWarning(
        FRAMING_CHANGED, {"drift": 0.71, "ratio": "8:1"}
    )
    assert ResultWarning.from_json("Something else.").facts == {"text": "Something else."}
