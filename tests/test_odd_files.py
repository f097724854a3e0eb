"""Odd files never leak warnings or internal errors: each is restored, or refused by name.

What a user would notice: the terminal shows one line per photo and nothing else — no
Pillow, libtiff or NumPy warning, no traceback — and a refused file is named with a reason.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from luxcanvas.domain.errors import InvalidInput
from luxcanvas.imaging import load_image
from luxcanvas.local import ops
from tests.odd_kinds import bmp_4bit, make_odd_files

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def odd_files(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("odd")
    return folder, make_odd_files(folder)


def test_every_odd_file_is_restored_or_refused_by_name_with_nothing_else_on_stderr(
    odd_files, tmp_path: Path
) -> None:
    """One real ``luxcanvas restore`` over every kind, as a user runs it in a terminal."""
    folder, expected = odd_files
    env = {**os.environ, "LUXCANVAS_HOME": str(tmp_path / "home"), "PYTHONWARNINGS": "default"}
    names = sorted(expected)
    done = subprocess.run(
        [sys.executable, "-m", "luxcanvas.cli", "restore", *names, "--out", str(tmp_path / "out"),
         "--json", "--concurrency", "2"],
        cwd=folder, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert "Traceback" not in done.stderr
    assert "Warning" not in done.stderr and "warning" not in done.stderr.lower(), done.stderr
    assert done.stderr.strip() == "", "the JSON lines say everything"
    answers = {Path(row["input"]).name: row for row in map(json.loads, done.stdout.splitlines())}
    assert sorted(answers) == names
    for name, outcome in expected.items():
        answer = answers[name]
        if outcome == "restored":
            assert "output" in answer, (name, answer)
            with Image.open(answer["output"]) as result:
                assert result.size == (answer["width"], answer["height"])
        else:
            assert answer["error"]["kind"] == "invalid_input", (name, answer)
            assert name in answer["error"]["message"]
            assert "went wrong" not in answer["error"]["message"]
    assert done.returncode == 3, "a bad input file is the first failure's code"
    # Fixed at the source, not only kept off the terminal: the log has no warnings either.
    log = tmp_path / "home" / "logs" / "luxcanvas.log"
    logged = log.read_text(encoding="utf-8") if log.exists() else ""
    assert "DecompressionBombWarning" not in logged and "RuntimeWarning" not in logged, logged


@pytest.mark.parametrize("name", ["webp_compressed.tif", "old_jpeg.tif"])
def test_tiff_compression_libtiff_cannot_read_is_named(odd_files, name, capfd) -> None:
    folder, _ = odd_files
    with pytest.raises(InvalidInput) as refused:
        load_image(folder / name)
    assert refused.value.reason == "unsupported"
    assert name in refused.value.message and "compressed with" in refused.value.message
    assert capfd.readouterr().err == "", "libtiff's own messages stay off the terminal"
    if name.startswith("webp"):
        assert "WEBP compression support is not configured" in refused.value.detail


def test_native_messages_pass_other_output_through(capfd) -> None:
    from luxcanvas.imaging.decode import native_messages

    with native_messages() as said:
        os.write(2, b"TIFFReadDirectory: a libtiff warning\n")
        os.write(2, b"\xe2\x9c\x97 another photo failed meanwhile\n")
    assert said == ["TIFFReadDirectory: a libtiff warning"]
    assert capfd.readouterr().err == "✗ another photo failed meanwhile\n"


@pytest.mark.parametrize(
    "name",
    ["photo_1000x700.jpg", "scan_900x680.png", "stereo_700x660.mpo",
     "pal4.bmp", "stereo.mpo", "strip_1x300.jpg", "strip_300x1.png", "one_pixel.jpg",
     "clear_1x200.png", "rgb16.png", "float_nan.tif", "grey_alpha.png", "black.png"],
)  # fmt: skip
def test_odd_inputs_restore_without_numpy_warnings(odd_files, name) -> None:
    """No RuntimeWarning is raised at all (the source is fixed, not only hidden)."""
    from luxcanvas.local import restore

    folder, _ = odd_files
    image, _ = load_image(folder / name)
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        restored = restore(np.asarray(image))
    assert restored.shape[:2] == (image.height, image.width)


@pytest.mark.parametrize("radius", [1, 2, 3, 5, 7, 11])
@pytest.mark.parametrize("shape", [(1, 40), (40, 1), (3, 3), (31, 45)])
def test_erosion_and_dilation_at_the_edges_see_the_image(shape, radius) -> None:
    """Edge pixels of a float plane came out ±inf (NaN in the integral image after), and of
    a uint8 plane as 255/0: their windows ignored the image they overlap."""
    plane = np.random.default_rng(radius).random(shape).astype(np.float32) * 255
    for result in (ops.erode(plane, radius), ops.dilate(plane, radius)):
        assert np.isfinite(result).all()
        assert plane.min() <= result.min() and result.max() <= plane.max()
    line = np.arange(9, dtype=np.uint8).reshape(1, 9)
    assert ops._line_extreme(line, 2, 0, 1, np.minimum, 255).tolist() == [
        [0, 0, 0, 1, 2, 3, 4, 5, 6]
    ]
    assert ops._line_extreme(line, 2, 0, 1, np.maximum, 0).tolist() == [[2, 3, 4, 5, 6, 7, 8, 8, 8]]


def test_four_bit_bmp_is_what_it_claims() -> None:
    from io import BytesIO

    with Image.open(BytesIO(bmp_4bit())) as image:
        assert image.mode == "P" and image.size == (37, 21)
        assert image.info.get("compression", 0) == 0
        assert len(np.unique(np.asarray(image))) == 16
