"""A finished job's result is shown from the pixels the job made, not decoded from its file."""

from __future__ import annotations

from pathlib import Path

import pytest

from luxcanvas.app.service import RestorationService
from luxcanvas.domain.jobs import Job
from luxcanvas.gui import workers
from tests.conftest import FIXTURES

PHOTO = FIXTURES / "damaged" / "coffee_damaged.jpg"


@pytest.fixture
def decoded(monkeypatch) -> list[str]:
    """The files the worker decodes for display."""
    files: list[str] = []
    real = workers.decode_display

    def counting(path, *args, **kwargs):
        files.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(workers, "decode_display", counting)
    return files


def _run(photo: Path) -> workers.JobResult:
    worker = workers.JobWorker("k", RestorationService(), Job(photo, "local"))
    results: list[workers.JobResult] = []
    worker.succeeded.connect(lambda key, result: results.append(result))
    worker.failed.connect(lambda key, error: pytest.fail(str(error)))
    worker.run()  # on this thread: the signals arrive at once
    assert len(results) == 1
    return results[0]


def test_new_result_is_shown_without_decoding_its_file(qapp, tmp_path, decoded) -> None:
    photo = tmp_path / "coffee.jpg"
    photo.write_bytes(PHOTO.read_bytes())
    result = _run(photo)
    assert decoded == [], "the result file was decoded again"
    outcome = result.outcome
    assert (result.image.width(), result.image.height()) == (outcome.width, outcome.height)
    assert outcome.image is None, "the full-size pixels are not kept by the window"
    shown = workers.decode_display(outcome.result_path)
    assert result.image.pixel(10, 10) == shown.image.pixel(10, 10)
    assert result.thumb.size() == shown.thumb.size()


def test_cached_result_is_decoded_from_the_cache(qapp, tmp_path, decoded) -> None:
    photo = tmp_path / "coffee.jpg"
    photo.write_bytes(PHOTO.read_bytes())
    _run(photo)
    again = _run(photo)
    assert again.outcome.cached and decoded == [str(again.outcome.result_path)]
