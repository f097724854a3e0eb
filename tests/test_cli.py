"""The ``luxcanvas`` command as a user runs it: outputs, JSON lines, exit codes, the key."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from PIL import Image

from luxcanvas import __version__
from luxcanvas.cli import main
from luxcanvas.store import paths
from tests.conftest import FIXTURES
from tests.fakes.gateway import Scenario

PHOTO = FIXTURES / "damaged" / "camera_damaged.jpg"
GPS_PHOTO = FIXTURES / "odd" / "with_exif_gps.jpg"

# `gateway` (the fake, in the environment) comes from tests/conftest.py.


@pytest.fixture
def photo(tmp_path):
    """A copy of a fixture in a writable folder (outputs go next to the input)."""
    target = tmp_path / "grandma.jpg"
    target.write_bytes(PHOTO.read_bytes())
    return target


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def json_lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_restore_writes_next_to_the_input_and_says_what_it_cost(capsys, gateway, photo):
    code, out, _ = run_cli(capsys, "restore", str(photo), "--strategy", "restore", "--size", "4K")
    assert code == 0
    written = photo.with_name("grandma.restored-restore.png")
    assert written.is_file()
    assert str(written) in out and "$0.090" in out and "(gemini-3-pro-image)" in out
    assert gateway.last("native").json["generationConfig"]["imageConfig"]["imageSize"] == "4K"


def test_second_run_is_cached_free_and_never_overwrites(capsys, gateway, photo):
    run_cli(capsys, "restore", str(photo), "-s", "preview")
    code, out, _ = run_cli(capsys, "restore", str(photo), "-s", "preview", "--json")
    assert code == 0
    (line,) = json_lines(out)
    assert line["cached"] is True and line["cost_usd"] == 0
    assert line["output"].endswith("grandma.restored-preview (2).png")
    assert gateway.count("chat") == 1


def test_json_line_has_the_contract_fields(capsys, gateway, photo):
    code, out, _ = run_cli(capsys, "restore", str(photo), "-s", "preview", "--json")
    assert code == 0
    (line,) = json_lines(out)
    assert set(line) == {
        "input", "output", "strategy", "model", "cost_usd", "cached", "seconds",
        "width", "height", "warnings", "fidelity",
    }  # fmt: skip
    assert set(line["fidelity"]) == {"score", "verdict", "regions"}
    assert line["fidelity"]["verdict"] in ("faithful", "check", "reinterpreted")
    assert line["strategy"] == "preview" and line["model"] == "gemini-3.1-flash-lite-image"
    with Image.open(line["output"]) as im:
        assert (im.width, im.height) == (line["width"], line["height"])


def test_batch_with_concurrency_gives_one_json_line_per_photo(capsys, gateway, tmp_path):
    folder = tmp_path / "scans"
    folder.mkdir()
    for name in ("astronaut", "camera", "coffee"):
        (folder / f"{name}.jpg").write_bytes(
            (FIXTURES / "damaged" / f"{name}_damaged.jpg").read_bytes()
        )
    out_dir = tmp_path / "out"
    code, out, _ = run_cli(
        capsys, "restore", str(folder), "-s", "preview", "--concurrency", "3", "--json",
        "--out", str(out_dir),
    )  # fmt: skip
    assert code == 0
    lines = json_lines(out)
    assert sorted(os.path.basename(x["input"]) for x in lines) == [
        "astronaut.jpg", "camera.jpg", "coffee.jpg",
    ]  # fmt: skip
    assert all(os.path.dirname(x["output"]) == str(out_dir) for x in lines)
    assert gateway.count("chat") == 3


def test_export_keeps_the_originals_metadata_and_adds_provenance(capsys, gateway, tmp_path):
    source = tmp_path / "gps.jpg"
    source.write_bytes(GPS_PHOTO.read_bytes())
    before = source.read_bytes()
    code, out, _ = run_cli(
        capsys, "restore", str(source), "-s", "preview", "--format", "jpeg", "--json"
    )
    assert code == 0
    (plain,) = json_lines(out)
    with Image.open(plain["output"]) as result:
        assert not result.getexif().get_ifd(0x8825), "the location is left out by default"
    code, out, _ = run_cli(
        capsys, "restore", str(source), "-s", "preview", "--format", "jpeg", "--json",
        "--keep-location",
    )  # fmt: skip
    assert code == 0
    (line,) = json_lines(out)
    with Image.open(GPS_PHOTO) as orig, Image.open(line["output"]) as result:
        o_exif, r_exif = orig.getexif(), result.getexif()
        assert r_exif.get_ifd(0x8825) == o_exif.get_ifd(0x8825)  # GPS, when asked
        assert r_exif.get_ifd(0x8769).get(0x9003) == o_exif.get_ifd(0x8769).get(0x9003)  # date
        assert "LuxCanvas" in str(r_exif.get(0x0131))  # Software
        assert "preview" in str(r_exif.get(0x010E))  # provenance in ImageDescription
    assert source.read_bytes() == before, "the original is never modified"


@pytest.mark.parametrize(
    "scenario, code, kind",
    [
        (Scenario.UNAUTHORIZED, 4, "auth"),
        (Scenario.QUOTA_403, 5, "quota"),
        (Scenario.REFUSAL, 6, "refused"),
        (Scenario.HTML_524, 7, "gateway"),
        (Scenario.DROP, 7, "network"),
    ],
)
def test_failures_give_the_contract_exit_code_no_traceback_no_file(
    capsys, gateway, photo, scenario, code, kind
):
    gateway.queue("native", scenario)
    got, out, err = run_cli(capsys, "restore", str(photo), "-s", "restore", "--json")
    assert got == code
    (line,) = json_lines(out)
    assert line["input"] == str(photo) and line["error"]["kind"] == kind
    assert "Traceback" not in out + err
    assert sorted(p.name for p in photo.parent.iterdir()) == ["grandma.jpg"]


def test_human_failure_message_goes_to_stderr(capsys, gateway, photo):
    gateway.queue("native", Scenario.QUOTA_403)
    code, out, err = run_cli(capsys, "restore", str(photo), "-s", "restore")
    assert code == 5 and "balance is empty" in err and out == ""


def test_bad_input_is_exit_3_and_the_batch_goes_on(capsys, gateway, photo):
    code, out, _ = run_cli(
        capsys, "restore", str(FIXTURES / "bad" / "html_error_page.jpg"), str(photo), "-s",
        "preview", "--json",
    )  # fmt: skip
    assert code == 3
    lines = {os.path.basename(x["input"]): x for x in json_lines(out)}
    assert lines["html_error_page.jpg"]["error"]["kind"] == "invalid_input"
    assert "html_error_page.jpg" in lines["html_error_page.jpg"]["error"]["message"]
    assert "output" in lines["grandma.jpg"]


def test_max_cost_stops_paying(capsys, gateway, tmp_path):
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.jpg").write_bytes(
            (FIXTURES / "damaged" / "coffee_damaged.jpg").read_bytes()
        )
        # make each input distinct so nothing is served from the cache
        with Image.open(tmp_path / f"{name}.jpg") as im:
            im.rotate({"a": 0, "b": 90, "c": 180}[name]).save(tmp_path / f"{name}.jpg")
    code, out, _ = run_cli(
        capsys, "restore", str(tmp_path / "a.jpg"), str(tmp_path / "b.jpg"),
        str(tmp_path / "c.jpg"), "-s", "restore", "--max-cost", "0.2", "--json",
    )  # fmt: skip
    assert code == 5
    lines = json_lines(out)
    assert sum("output" in x for x in lines) == 2
    assert [x["error"]["kind"] for x in lines if "error" in x] == ["budget"]
    assert gateway.count("native") == 2


def test_no_key_means_exit_4_for_a_cloud_strategy(capsys, photo, monkeypatch):
    monkeypatch.delenv("LAOZHANG_API_KEY", raising=False)
    code, _, err = run_cli(capsys, "restore", str(photo), "-s", "preview")
    assert code == 4 and "key" in err.lower()


def test_without_strategy_or_key_the_free_local_strategy_runs(capsys, photo, monkeypatch):
    monkeypatch.delenv("LAOZHANG_API_KEY", raising=False)
    code, out, _ = run_cli(capsys, "restore", str(photo), "--json")
    assert code == 0
    (line,) = json_lines(out)
    assert line["strategy"] == "local" and line["cost_usd"] == 0
    assert os.path.isfile(line["output"])


@pytest.mark.parametrize(
    "args",
    [
        ["restore"],
        ["restore", "x.jpg", "--strategy", "nope"],
        ["restore", "x.jpg", "-s", "preview", "--size", "4K"],
        ["restore", "x.jpg", "--concurrency", "0"],
        ["frobnicate"],
        ["--bogus"],
    ],
)
def test_usage_errors_are_exit_2(capsys, args):
    code, _, err = run_cli(capsys, *args)
    assert code == 2 and "Traceback" not in err


def test_strategies_lists_model_endpoint_price_and_date(capsys):
    code, out, _ = run_cli(capsys, "strategies")
    assert code == 0
    assert "gemini-3-pro-image" in out and "/v1/images/generations" in out
    assert "2026-10-07" in out and "$0.090" in out
    code, out, _ = run_cli(capsys, "strategies", "--json")
    rows = {r["id"]: r for r in json_lines(out)}
    assert {"id", "label", "model", "endpoint", "price_usd", "price_as_of"} <= set(rows["reshoot"])
    assert rows["reshoot-4.5"]["price_usd"] == 0.045


def test_key_is_never_taken_from_argv(capsys):
    code, _, err = run_cli(capsys, "key", "set", "sk-should-not-be-here-123456")
    assert code == 2 and "sk-should-not-be-here" not in err


def test_key_set_reads_stdin_and_status_does_not_show_it(capsys, monkeypatch, memory_keyring):
    monkeypatch.setattr(sys, "stdin", io.StringIO("sk-from-stdin-abcdef123456\n"))
    code, out, _ = run_cli(capsys, "key", "set")
    assert code == 0 and "keyring" in out
    assert "sk-from-stdin-abcdef123456" in memory_keyring.store.values()
    code, out, _ = run_cli(capsys, "key", "status")
    assert code == 0 and "keyring" in out and "abcdef" not in out
    code, out, _ = run_cli(capsys, "key", "delete")
    assert memory_keyring.store == {}


def test_the_key_appears_nowhere(capsys, gateway, photo):
    """Not in output, logs, cache, library, settings or exports — even after failures."""
    run_cli(capsys, "restore", str(photo), "-s", "restore", "--json")
    gateway.queue("native", Scenario.UNAUTHORIZED)
    gateway.queue("chat", Scenario.HTML_524)
    code1, out1, err1 = run_cli(capsys, "restore", str(photo), "-s", "restore", "--size", "1K")
    code2, out2, err2 = run_cli(capsys, "restore", str(photo), "-s", "preview")
    assert (code1, code2) == (4, 7)
    key = gateway.api_key.encode()
    for text in (out1, err1, out2, err2):
        assert gateway.api_key not in text
    leaked = [p for p in paths.home().rglob("*") if p.is_file() and key in p.read_bytes()]
    leaked += [p for p in photo.parent.rglob("*") if p.is_file() and key in p.read_bytes()]
    assert leaked == []
    assert (paths.logs_dir() / "luxcanvas.log").is_file()  # the failures were logged


def test_version_and_entry_point_run_in_a_real_process():
    result = subprocess.run(
        [sys.executable, "-m", "luxcanvas.cli", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and __version__ in result.stdout


def test_a_closed_pipe_ends_quietly(tmp_path):
    """`luxcanvas strategies --json | head -1`: the reader goes away; no traceback."""
    import subprocess
    import sys

    reader = subprocess.Popen(
        [sys.executable, "-m", "luxcanvas.cli", "strategies", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    reader.stdout.close()  # gone before the CLI has even started writing
    _, err = reader.communicate(timeout=60)
    assert b"Traceback" not in err and b"BrokenPipe" not in err, err.decode()
    assert reader.returncode == 0


def test_usage_hints_name_the_command(capsys):
    main(["--bogus"])
    assert "Run `luxcanvas --help` for usage." in capsys.readouterr().err
    main(["restore"])
    assert "Run `luxcanvas restore --help` for usage." in capsys.readouterr().err


@pytest.mark.parametrize(
    ("strategy", "verdict"),
    [
        ("local", "faithful"),
        ("preview", "faithful"),
        ("restore", "faithful"),
        ("restore-fast", "faithful"),
        ("reshoot", "faithful"),
        ("reshoot-4.5", "faithful"),
        ("direct-edit", "faithful"),
        # A regeneration from a description is another picture, and says so.
        ("magic-eye", "reinterpreted"),
    ],
)
def test_every_strategy_reports_the_fidelity_of_what_it_returned(
    capsys, gateway, photo, strategy: str, verdict: str
):
    # The fake's restorations are the input re-toned (autocontrast, a warm shift) and resized
    # to the size the model would return; Magic Eye's is drawn from the description alone.
    # The offline repair's line carries none (DESIGN §4: cloud lines do): `compare` tells it.
    code, out, _ = run_cli(capsys, "restore", str(photo), "-s", strategy, "--json")
    assert code == 0
    (line,) = json_lines(out)
    if strategy == "local":
        assert "fidelity" not in line
        code, out, _ = run_cli(capsys, "compare", str(photo), line["output"], "--json")
        assert code == 0
        fidelity = json.loads(out)
    else:
        fidelity = line["fidelity"]
    assert fidelity["verdict"] == verdict, fidelity
    if verdict == "faithful":
        assert fidelity["score"] > 0.85 and not fidelity["regions"]
    else:
        assert fidelity["score"] <= 0.35
