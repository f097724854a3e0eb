"""``luxcanvas split`` and ``restore --split`` as a user runs them (DESIGN §4)."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from luxcanvas.cli import main
from tests.scanbed_gen import angle_error, match, render_scan

SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


@pytest.fixture(scope="module")
def scan_and_layout():
    return render_scan(31, count=3, dpi=100)


def _save_scan(folder: Path, scan: Image.Image, name: str = "scan.png") -> Path:
    exif = Image.Exif()
    exif[0x0132] = "1987:06:21 10:30:00"  # DateTime: when the print was scanned
    path = folder / name
    scan.save(path, dpi=(100, 100), icc_profile=SRGB, exif=exif)
    return path


def _lines(capsys: pytest.CaptureFixture[str]) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


def test_split_writes_one_upright_file_per_print_with_the_contract_json(
    tmp_path: Path, scan_and_layout, capsys: pytest.CaptureFixture[str]
) -> None:
    scan, layout = scan_and_layout
    path = _save_scan(tmp_path, scan)
    assert main(["split", str(path), "--json"]) == 0
    rows = _lines(capsys)
    assert [Path(r["output"]).name for r in rows] == ["scan.1.png", "scan.2.png", "scan.3.png"]
    for row in rows:
        assert set(row) == {"input", "output", "angle", "box", "corners"}
        assert row["input"] == str(path)
        assert len(row["box"]) == 4 and all(isinstance(v, int) for v in row["box"])
        assert len(row["corners"]) == 4 and all(len(c) == 2 for c in row["corners"])
        x, y, w, h = row["box"]
        for cx, cy in row["corners"]:  # the box holds the corners, in scan pixels
            assert x - 1 <= cx <= x + w + 1 and y - 1 <= cy <= y + h + 1
    matched = match([[tuple(c) for c in r["corners"]] for r in rows], layout)
    assert None not in matched
    for truth, index in zip(layout.prints, matched, strict=True):
        assert index is not None
        assert angle_error(rows[index]["angle"], truth.angle) <= 1.0
        with Image.open(rows[index]["output"]) as out:
            assert out.mode == "RGB"
            width, height = truth.size
            # upright and print-sized: the same orientation as the print, within a few pixels
            assert abs(out.width - width) <= 4 and abs(out.height - height) <= 4


def test_each_print_keeps_the_scans_date_colour_profile_and_dpi(
    tmp_path: Path, scan_and_layout, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _save_scan(tmp_path, scan_and_layout[0])
    assert main(["split", str(path), "--json"]) == 0
    for row in _lines(capsys):
        with Image.open(row["output"]) as out:
            assert out.info.get("icc_profile") == SRGB
            assert out.info["dpi"] == pytest.approx((100, 100), abs=0.01)
            assert out.getexif()[0x0132] == "1987:06:21 10:30:00"
            assert "scan.png" in out.info["Description"]


def test_splitting_again_reuses_the_prints_already_written(
    tmp_path: Path, scan_and_layout, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _save_scan(tmp_path, scan_and_layout[0])
    assert main(["split", str(path), "--json"]) == 0
    first = [(r["output"], Path(r["output"]).read_bytes()) for r in _lines(capsys)]
    assert main(["split", str(path), "--json"]) == 0
    again = [(r["output"], Path(r["output"]).read_bytes()) for r in _lines(capsys)]
    assert again == first
    assert len(list(tmp_path.iterdir())) == 4


def test_a_second_split_never_overwrites_the_first(
    tmp_path: Path, scan_and_layout, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _save_scan(tmp_path, scan_and_layout[0])
    first = tmp_path / "scan.1.png"
    first.write_bytes(b"a photo the user already has")
    assert main(["split", str(path), "--out", str(tmp_path)]) == 0
    assert first.read_bytes() == b"a photo the user already has"
    assert (tmp_path / "scan.1 (2).png").is_file() and (tmp_path / "scan.3.png").is_file()
    assert "scan.1 (2).png" in capsys.readouterr().out


def test_out_folder_is_created_and_used(
    tmp_path: Path, scan_and_layout, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _save_scan(tmp_path, scan_and_layout[0])
    out = tmp_path / "prints" / "1987"
    assert main(["split", str(path), "--out", str(out), "--json"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["scan.1.png", "scan.2.png", "scan.3.png"]
    assert not (tmp_path / "scan.1.png").exists()
    capsys.readouterr()


def test_a_scan_with_no_print_says_so_and_exits_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty, _ = render_scan(8, count=0, dpi=100)
    path = tmp_path / "lid.png"
    empty.save(path)
    assert main(["split", str(path)]) == 3
    assert "No print was found on lid.png" in capsys.readouterr().err
    assert main(["split", str(path), "--json"]) == 3
    (row,) = _lines(capsys)
    assert row["input"] == str(path) and row["error"]["kind"] == "invalid_input"
    assert list(tmp_path.iterdir()) == [path]


def test_several_scans_report_the_first_failures_code(
    tmp_path: Path, scan_and_layout, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _save_scan(tmp_path, scan_and_layout[0])
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"<html><body>not found</body></html>")
    assert main(["split", str(broken), str(good), "--json"]) == 3
    rows = _lines(capsys)
    assert rows[0]["input"] == str(broken) and "web page" in rows[0]["error"]["message"]
    assert len(rows) == 4  # the good scan's three prints still came out


def _png_header_only(path: Path, width: int, height: int) -> None:
    """A PNG whose header claims width × height but holds almost nothing: a bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
    path.write_bytes(data + chunk(b"IEND", b""))


def test_a_scan_above_the_photo_limit_opens_only_when_its_file_is_that_large(
    tmp_path: Path, scan_and_layout, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    import luxcanvas.app.split as split

    # A real scan over the photo limit (lowered here so the test stays small) is split...
    monkeypatch.setattr(split, "MAX_PIXELS", 100_000)
    path = _save_scan(tmp_path, scan_and_layout[0])
    assert main(["split", str(path)]) == 0
    # ...but a small file that claims a 1200 dpi A4 page of pixels is refused before decoding.
    bomb = tmp_path / "bed.png"
    _png_header_only(bomb, 9921, 14031)
    assert main(["split", str(bomb)]) == 3
    assert "too many pixels for its file size" in capsys.readouterr().err
    # Past Pillow's own decompression-bomb ceiling nothing opens, whatever the file's size.
    _png_header_only(bomb, 20000, 20000)
    assert main(["split", str(bomb)]) == 3
    assert "too many pixels" in capsys.readouterr().err


def test_restore_split_restores_every_print_and_skips_earlier_prints(
    tmp_path: Path, scan_and_layout, capsys: pytest.CaptureFixture[str]
) -> None:
    scans = tmp_path / "scans"
    scans.mkdir()
    _save_scan(scans, scan_and_layout[0])
    out = tmp_path / "restored"
    assert main(["restore", str(scans), "--split", "-s", "local", "-o", str(out), "--json"]) == 0
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert sorted(Path(r["input"]).name for r in rows) == ["scan.1.png", "scan.2.png", "scan.3.png"]
    assert all(Path(r["output"]).parent == out for r in rows)
    assert "scan.png: 3 prints" in captured.err
    # Run again on the folder: the prints written last time are not split again as scans.
    assert main(["restore", str(scans), "--split", "-s", "local", "-o", str(out), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 3 and all(r["cached"] for r in rows)
    assert sorted(p.name for p in scans.iterdir()) == [
        "scan.1.png", "scan.2.png", "scan.3.png", "scan.png",
    ]  # the same prints again are the same files, not copies  # fmt: skip


def test_restore_split_reports_a_scan_without_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty, _ = render_scan(8, count=0, dpi=100)
    path = tmp_path / "lid.png"
    empty.save(path)
    assert main(["restore", str(path), "--split", "--json"]) == 3
    (row,) = _lines(capsys)
    assert row["charge"] == "none" and row["error"]["kind"] == "invalid_input"
    # Without --json the failure is told on stderr, like any photo restore could not do.
    assert main(["restore", str(path), "--split"]) == 3
    captured = capsys.readouterr()
    assert "No print was found on lid.png" in captured.err
    assert "lid.png" not in captured.out


def test_restore_split_of_a_folder_holding_only_prints_says_so(
    tmp_path: Path, scan_and_layout, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _save_scan(tmp_path, scan_and_layout[0])
    assert main(["split", str(path), "--out", str(tmp_path / "prints")]) == 0
    capsys.readouterr()
    assert main(["restore", str(tmp_path / "prints"), "--split", "-s", "local"]) == 2
    assert "only prints a split wrote before" in capsys.readouterr().err
