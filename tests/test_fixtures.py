"""The shared fixtures of tests/conftest.py do what other tests rely on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from luxcanvas.store import paths
from luxcanvas.store.cache import file_digest
from luxcanvas.store.library import CANCELLED, DONE, FAILED, INTERRUPTED, RUNNING, Library


def test_make_job_writes_a_done_job_with_its_result_under_the_home(make_job, isolated_home):
    record = make_job(DONE, cost_usd=0.09, seconds=12.0)
    assert record.status == DONE and record.cost_usd == 0.09 and record.seconds == 12.0
    result = paths.results_dir() / f"{record.id}.png"
    assert record.result_path == str(result) and result.is_relative_to(isolated_home)
    with Image.open(result) as picture:
        assert picture.size == (record.width, record.height)
    library = Library()
    assert [job.id for job in library.jobs()] == [record.id]  # the library under the home
    assert library.spent() == pytest.approx(0.09)  # a done job's cost is in the ledger


def test_make_job_failed_cancelled_and_running(make_job):
    failed = make_job(FAILED)
    assert failed.status == FAILED and failed.error_kind == "refused" and failed.error_message
    cancelled = make_job(CANCELLED, error_message="Stopped by you.")
    assert cancelled.error_kind == "cancelled" and cancelled.error_message == "Stopped by you."
    running = make_job(RUNNING, may_be_billed=True)
    assert running.status == RUNNING and running.may_be_billed and running.finished_at is None
    assert Library().spent() == 0
    with pytest.raises(TypeError):
        make_job(RUNNING, cost_usd=0.05)
    with pytest.raises(ValueError):
        make_job(INTERRUPTED)


def test_make_job_takes_the_digest_of_an_existing_input(make_job, tmp_path):
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (8, 8), "white").save(photo)
    assert make_job(input_path=photo).input_digest == file_digest(photo)
    assert make_job(input_path=tmp_path / "missing.jpg").input_digest == ""
    assert make_job(input_path=photo, input_digest="d1").input_digest == "d1"


def test_the_gateway_fixture_fails_a_test_whose_fake_broke(tmp_path):
    """The shared `gateway` fixture checks ``gateway.errors`` after every test that uses it."""
    (tmp_path / "conftest.py").write_text(
        "from tests.conftest import gateway, isolated_home, memory_keyring  # noqa: F401\n"
    )
    (tmp_path / "test_inner.py").write_text(
        "import os\n"
        "\n"
        "def test_fine(gateway):\n"
        "    assert os.environ['LUXCANVAS_BASE_URL'] == gateway.base_url\n"
        "    assert os.environ['LAOZHANG_API_KEY'] == gateway.api_key\n"
        "\n"
        "def test_broken(gateway):\n"
        "    gateway._record_error('a bug in the fake')  # what the fake records for its bugs\n"
    )
    root = Path(__file__).resolve().parents[1]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]),
    }
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-o", "addopts=", "-q",
         "--rootdir", str(tmp_path), str(tmp_path)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env, check=False,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "2 passed, 1 error" in output, output
    assert "ERROR at teardown of test_broken" in output and "a bug in the fake" in output
