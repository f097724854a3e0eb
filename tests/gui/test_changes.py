"""Fidelity in the window: the verdict on history entries, the Changes view (heat and boxes;
a click on a box zooms to it), the warning strip for results that are not faithful, and
putting the original back — Revert on flagged regions and the "Keep original here" brush —
as a new, free version."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication

from luxcanvas.app.revert import KEEP_ORIGINAL
from luxcanvas.domain.fidelity import Fidelity, Region, RegionKind, Verdict
from luxcanvas.store.cache import file_digest
from luxcanvas.store.library import DONE
from tests.gui.conftest import WAIT_MS, history_texts, wait_for_photo
from tests.test_revert import _restored_look, _with_patch

#: The invented patch, in the original's (and these results') pixels.
BOX = (180, 200, 120, 100)
MODEL = "gemini-3-pro-image"


class Versions:
    """A photo with three cloud results in the library: faithful, one invented patch, and a
    different picture; each with the fidelity the service would have stored."""

    def __init__(self, folder: Path, fixtures: Path):
        original = Image.open(fixtures / "photos" / "astronaut.png").convert("RGB")
        donor = Image.open(fixtures / "photos" / "coffee.png").convert("RGB")
        self.photo = folder / "astronaut.png"
        original.save(self.photo)
        self.faithful_image = _restored_look(original)
        self.patched_image = _with_patch(self.faithful_image, donor, BOX)
        self.images = {
            "faithful": self.faithful_image,
            "patched": self.patched_image,
            "other": donor.resize(original.size),
        }
        self.paths = {}
        for name, image in self.images.items():
            self.paths[name] = folder / f"{name}.png"
            image.save(self.paths[name])
        self.ids: dict[str, str] = {}

    def record(self, library, verdicts: dict[str, Fidelity | None]) -> None:
        digest = file_digest(self.photo)
        for name in ("other", "faithful", "patched"):  # the patched one is the newest
            job_id = library.start_job(
                input_path=str(self.photo),
                strategy="restore",
                model=MODEL,
                input_digest=digest,
            )
            library.finish_job(
                job_id,
                status=DONE,
                cost_usd=0.09,
                result_path=str(self.paths[name]),
                width=512,
                height=512,
                ledger_amount=0.09,
                model=MODEL,
            )
            if verdicts.get(name) is not None:
                library.set_fidelity(job_id, verdicts[name])
            self.ids[name] = job_id


FIDELITY = {
    "faithful": Fidelity(0.97, Verdict.FAITHFUL),
    "patched": Fidelity(
        0.61,
        Verdict.CHECK,
        (Region(176, 196, 128, 108, RegionKind.INVENTED), Region(40, 40, 30, 30, RegionKind.LOST)),
    ),
    "other": Fidelity(0.14, Verdict.REINTERPRETED, (Region(0, 0, 512, 512, RegionKind.INVENTED),)),
}


@pytest.fixture
def versions(tmp_path, fixtures) -> Versions:
    return Versions(tmp_path, fixtures)


def open_window(make_window, qtbot, versions: Versions, verdicts=FIDELITY):
    window = make_window()
    versions.record(window.library, verdicts)
    window.open_paths([str(versions.photo)])
    wait_for_photo(qtbot, window)
    qtbot.waitUntil(lambda: window.shown_job_id == versions.ids["patched"], timeout=WAIT_MS)
    return window


def show(qtbot, window, job_id: str) -> None:
    window.show_version(job_id)
    qtbot.waitUntil(lambda: job_id in window.versions_ctl.cache, timeout=WAIT_MS)


def grab(widget) -> np.ndarray:
    image = widget.grab().toImage().convertToFormat(widget.grab().toImage().Format.Format_RGB888)
    width, height = image.width(), image.height()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(height, image.bytesPerLine())
    return rows[:, : width * 3].reshape(height, width, 3).astype(np.float32)


def canvas_box(canvas, box) -> tuple[slice, slice]:
    """Where an image box lies on the canvas grab (device pixels = logical here)."""
    x, y, w, h = box
    top_left = canvas.map_from_image(QPointF(x, y))
    bottom_right = canvas.map_from_image(QPointF(x + w, y + h))
    return (
        slice(int(top_left.y()) + 3, int(bottom_right.y()) - 3),
        slice(int(top_left.x()) + 3, int(bottom_right.x()) - 3),
    )


def iou(a, b) -> float:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    w = max(0, min(ax + aw, bx + bw) - max(ax, bx))
    h = max(0, min(ay + ah, by + bh) - max(ay, by))
    inter = w * h
    return inter / (aw * ah + bw * bh - inter)


def ledger(window) -> tuple[float, int]:
    return window.library.spent(), window.library.paid_calls()


# -- the verdict on history entries ----------------------------------------------------------


def test_each_history_entry_says_how_faithful_it_is(make_window, qtbot, versions):
    window = open_window(make_window, qtbot, versions)
    texts = history_texts(window)  # newest first: patched, faithful, other
    assert "! Check · 0.61 · 2 regions" in texts[0]
    assert "✓ Faithful · 0.97" in texts[1]
    assert "✕ Reinterpreted · 0.14" in texts[2]
    tip = window.history.list.item(0).toolTip()
    assert "may have invented or lost detail" in tip and "0.61" in tip
    # Colour too (never alone): the thumbnail carries the verdict's badge once it is there.
    qtbot.waitUntil(lambda: window.history.has_thumbnail(versions.ids["other"]), timeout=WAIT_MS)
    icon = window.history.list.item(2).icon().pixmap(72, 72).toImage()
    corner = icon.pixelColor(icon.width() - 9, 9)
    assert corner.red() > 150 and corner.green() < 100  # the red "reinterpreted" badge

    from luxcanvas.gui.app import language_manager

    language_manager(QApplication.instance()).apply("es")
    qtbot.waitUntil(lambda: "Revisar" in history_texts(window)[0], timeout=WAIT_MS)
    texts = history_texts(window)
    assert "! Revisar · 0,61 · 2 zonas" in texts[0]
    assert "✓ Fiel · 0,97" in texts[1]
    assert "✕ Reinterpretado · 0,14" in texts[2]


# -- the warning strip -----------------------------------------------------------------------


def test_the_warning_strip_shows_only_for_results_that_are_not_faithful(
    make_window, qtbot, versions
):
    window = open_window(make_window, qtbot, versions)
    strip = window.fidelity_strip
    assert strip.isVisible()
    assert "Check: 2 regions changed" in strip.text.text()
    assert strip.revert_button.isVisible() and strip.show_button.isVisible()
    show(qtbot, window, versions.ids["faithful"])
    assert not strip.isVisible()
    show(qtbot, window, versions.ids["other"])
    assert strip.isVisible() and "Reinterpreted" in strip.text.text()
    assert not strip.revert_button.isVisible()  # reverting all of it is just the original
    strip.close_button.click()  # dismissed for this version only
    assert not strip.isVisible()
    show(qtbot, window, versions.ids["patched"])
    assert strip.isVisible()
    strip.show_button.click()
    assert window.canvas.mode() == "changes"


def test_a_version_without_a_stored_verdict_shows_no_strip_until_measured(
    make_window, qtbot, versions
):
    window = open_window(make_window, qtbot, versions, verdicts={})
    assert not window.fidelity_strip.isVisible()
    assert "✓" not in history_texts(window)[0] and "Check" not in history_texts(window)[0]
    window.named_actions["modeChangesAction"].trigger()  # measuring it shows what it found
    qtbot.waitUntil(lambda: window.changes_ctl.overlay.data is not None, timeout=WAIT_MS)
    assert window.fidelity_strip.isVisible()
    assert window.changes_ctl.overlay.data.fidelity.verdict == Verdict.CHECK


# -- the Changes view ------------------------------------------------------------------------


def test_changes_shows_the_heat_and_the_regions_and_a_click_zooms_to_one(
    make_window, qtbot, versions
):
    window = open_window(make_window, qtbot, versions, verdicts={})
    canvas = window.canvas
    qtbot.waitUntil(lambda: versions.ids["patched"] in window.versions_ctl.cache, timeout=WAIT_MS)
    qtbot.keyClick(canvas, Qt.Key.Key_5)  # the View menu's "Changes"
    assert canvas.mode() == "changes" and window.mode_buttons["changes"].isChecked()
    qtbot.waitUntil(lambda: window.changes_ctl.overlay.data is not None, timeout=WAIT_MS)
    overlay = window.changes_ctl.overlay
    canvas.set_mode("result")
    plain = grab(canvas)
    canvas.set_mode("changes")
    # The measurement found the patch where it is.
    best = max(overlay.regions, key=lambda r: iou((r.x, r.y, r.w, r.h), BOX))
    assert iou((best.x, best.y, best.w, best.h), BOX) > 0.5
    # The overlay tints the patch and leaves the untouched far corner alone.
    shown = grab(canvas)
    inside = canvas_box(canvas, BOX)
    assert np.abs(shown[inside] - plain[inside]).mean() > 25
    corner = canvas_box(canvas, (430, 20, 60, 60))
    assert np.abs(shown[corner] - plain[corner]).mean() < 3

    index = overlay.regions.index(best)
    fit = canvas.zoom()
    centre = QPointF(best.x + best.w / 2, best.y + best.h / 2)
    spot = canvas.map_from_image(centre).toPoint()
    with qtbot.waitSignal(canvas.changeRegionClicked) as clicked:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=spot)
    assert clicked.args == [index] and overlay.selected == index
    assert canvas.zoom() > fit * 1.5
    now = canvas.map_from_image(centre)
    assert abs(now.x() - canvas.width() / 2) < 3 and abs(now.y() - canvas.height() / 2) < 3
    # A click outside every region does not move the view.
    zoom = canvas.zoom()
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(4, 4))
    assert canvas.zoom() == zoom


# -- putting the original back ---------------------------------------------------------------


def new_version(qtbot, window, before: int):
    qtbot.waitUntil(lambda: len(window.history.records) == before + 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.changes_ctl.busy, timeout=WAIT_MS)
    record = window.history.records[0]
    qtbot.waitUntil(lambda: window.shown_job_id == record.id, timeout=WAIT_MS)
    return record


def mad(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a.astype(np.float32) - b.astype(np.float32)).mean())


def test_revert_puts_the_original_back_in_the_flagged_regions_as_a_free_version(
    make_window, qtbot, versions
):
    window = open_window(make_window, qtbot, versions)
    before = ledger(window)
    source = window.library.job(versions.ids["patched"])
    window.fidelity_strip.revert_button.click()
    record = new_version(qtbot, window, before=3)

    assert record.strategy == KEEP_ORIGINAL and record.cost_usd == 0
    assert record.options["source"] == source.id and record.options["regions"] == 2
    assert ledger(window) == before  # nothing paid
    assert Path(source.result_path).read_bytes() == versions.paths["patched"].read_bytes()
    texts = history_texts(window)
    assert texts[0].startswith("Original back in 2 regions (from Faithful restoration)")
    assert "free" in texts[0]
    with Image.open(record.result_path) as made:
        got = np.asarray(made.convert("RGB"))
    faithful = np.asarray(versions.faithful_image)
    patched = np.asarray(versions.patched_image)
    x, y, w, h = BOX
    inner = (slice(y + 8, y + h - 8), slice(x + 8, x + w - 8))
    assert mad(got[inner], faithful[inner]) < 6  # the original, in the result's tones
    assert mad(patched[inner], faithful[inner]) > 30
    far = (slice(400, 512), slice(330, 512))  # away from both flagged regions
    assert np.array_equal(got[far], patched[far])
    # Re-running an edited version re-runs the version it came from (its strategy).
    jobs: list = []
    window.versions_ctl.jobRequested.connect(jobs.append)
    window.versions_ctl.rerun(record.id)
    assert jobs and jobs[0].strategy_id == "restore"


def test_the_brush_keeps_the_original_where_painted(make_window, qtbot, versions):
    window = open_window(make_window, qtbot, versions, verdicts={})  # any version, flagged or not
    canvas = window.canvas
    before = ledger(window)
    window.named_actions["keepOriginalAction"].trigger()
    assert window.brush_bar.isVisible() and canvas.tool() is window.brush_ctl.tool
    assert canvas.mode() == "result" and window.brush_bar.toggle_button.isChecked()
    assert not window.brush_bar.apply_button.isEnabled()  # nothing painted yet
    window.brush_bar.size_slider.setValue(40)
    x, y, w, h = BOX
    points = [
        canvas.map_from_image(QPointF(x + w * t, y + h / 2)).toPoint() for t in (0.2, 0.5, 0.8)
    ]
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=points[0])
    for point in points[1:]:
        qtbot.mouseMove(canvas, point)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=points[-1])
    assert window.brush_bar.apply_button.isEnabled()
    painted = window.brush_ctl.tool.mask_array()
    assert painted.max() == 255 and (painted > 0).mean() < 0.1

    window.brush_bar.apply_button.click()
    record = new_version(qtbot, window, before=3)
    assert record.strategy == KEEP_ORIGINAL and record.options["edit"] == "brush"
    assert ledger(window) == before
    assert not window.brush_bar.isVisible() and canvas.tool() is None  # done after applying
    with Image.open(record.result_path) as made:
        got = np.asarray(made.convert("RGB"))
    faithful = np.asarray(versions.faithful_image)
    patched = np.asarray(versions.patched_image)
    # Along the stroke's middle: the original back; far from it: the result as it was.
    stroke = (slice(y + h // 2 - 4, y + h // 2 + 4), slice(x + w // 4, x + 3 * w // 4))
    assert mad(got[stroke], faithful[stroke]) < 8 < 30 < mad(patched[stroke], faithful[stroke])
    assert np.array_equal(got[:120], patched[:120])
    assert np.array_equal(got[:, :100], patched[:, :100])


def test_a_picked_region_alone_is_reverted_and_the_keyboard_reaches_every_region(
    make_window, qtbot, versions
):
    window = open_window(make_window, qtbot, versions)
    canvas, strip = window.canvas, window.fidelity_strip
    window.named_actions["nextChangeAction"].trigger()  # N: the Changes view, first region
    assert canvas.mode() == "changes"
    qtbot.waitUntil(lambda: window.changes_ctl.overlay.data is not None, timeout=WAIT_MS)
    overlay = window.changes_ctl.overlay
    assert overlay.regions  # the patch, measured
    fit = canvas.zoom()
    seen = []
    for _ in overlay.regions:
        window.named_actions["nextChangeAction"].trigger()
        seen.append(overlay.selected)
        assert canvas.zoom() >= fit
    assert sorted(seen) == list(range(len(overlay.regions)))  # each region in turn
    # Leaving the Changes view forgets the pick: Revert takes every flagged region again.
    canvas.set_mode("result")
    assert overlay.selected is None and strip.revert_button.text() == "Revert"
    patch = max(overlay.regions, key=lambda r: iou((r.x, r.y, r.w, r.h), BOX))
    window.named_actions["nextChangeAction"].trigger()
    while overlay.regions[overlay.selected] != patch:
        window.named_actions["nextChangeAction"].trigger()
    assert strip.revert_button.text() == f"Revert region {overlay.selected + 1}"

    strip.revert_button.click()
    record = new_version(qtbot, window, before=3)
    assert record.options["regions"] == 1
    with Image.open(record.result_path) as made:
        got = np.asarray(made.convert("RGB"))
    patched = np.asarray(versions.patched_image)
    # The stored second region (a small "lost" box at 40,40) was not picked: untouched.
    assert np.array_equal(got[30:80, 30:80], patched[30:80, 30:80])
    x, y, w, h = BOX
    inner = (slice(y + 8, y + h - 8), slice(x + 8, x + w - 8))
    assert mad(got[inner], np.asarray(versions.faithful_image)[inner]) < 6
