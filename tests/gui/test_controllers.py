"""The window's controllers: what each decides, driven through the real window where it shows."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QImage, QKeySequence

from luxcanvas.domain.jobs import Progress, Stage, Step
from luxcanvas.domain.local_options import LocalOptions
from luxcanvas.gui.jobs import initial_strategy, run_button_text
from luxcanvas.gui.versions import VERSION_CACHE_SIZE, VersionCache
from luxcanvas.gui.workers import DecodedVersion
from luxcanvas.store.catalog import load_catalog
from luxcanvas.store.library import DONE, FAILED
from luxcanvas.store.settings import Settings, save_settings
from tests.conftest import FIXTURES
from tests.gui.conftest import WAIT_MS, drop_files, history_texts, wait_for_photo

PHOTO = FIXTURES / "odd" / "with_exif_gps.jpg"


class Key:
    """A key store holding ``value`` (None: no key set)."""

    def __init__(self, value: str | None):
        self.value = value

    def get(self) -> str | None:
        return self.value


def version(job_id: str) -> DecodedVersion:
    return DecodedVersion(job_id, QImage(), QImage())


# -- versions ---------------------------------------------------------------------------------


def test_the_version_cache_keeps_the_most_recently_used_versions():
    cache = VersionCache()
    for n in range(VERSION_CACHE_SIZE):
        cache.put(f"v{n}", version(f"v{n}"))
    assert cache.get("v0") is not None  # shown again: now the most recent
    assert cache.peek("v1") is not None  # only looked at (comparing): not counted as used
    cache.put("new", version("new"))
    assert len(cache) == VERSION_CACHE_SIZE
    assert "v1" not in cache and "v0" in cache and "new" in cache
    assert cache.ids()[-2:] == ["v0", "new"]
    cache.discard("v0")
    assert "v0" not in cache and cache.get("v0") is None


def test_showing_and_deleting_versions_of_the_open_photo(make_window, qtbot, make_job, monkeypatch):
    older = make_job(DONE, input_path=PHOTO, strategy="preview", cost_usd=0.025)
    newer = make_job(DONE, input_path=PHOTO, strategy="restore", cost_usd=0.05)
    make_job(FAILED, input_path=PHOTO, strategy="reshoot")
    window = make_window([str(PHOTO)])
    wait_for_photo(qtbot, window)
    # The newest finished version shows at once, and Export can export it.
    qtbot.waitUntil(lambda: window.shown_job_id == newer.id, timeout=WAIT_MS)
    assert len(history_texts(window)) == 3 and window.export_button.isEnabled()

    window.versions_ctl.compare_versions(older.id, newer.id)
    qtbot.waitUntil(lambda: window.compare_label.isVisible(), timeout=WAIT_MS)
    assert "Quick preview on the left" in window.compare_label.text()
    window.show_version(older.id)
    assert window.shown_job_id == older.id
    assert window.compare_label.text().startswith("Before/After: Original on the left")

    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    window.versions_ctl.delete_version(older.id)
    assert len(history_texts(window)) == 2
    assert window.shown_job_id == newer.id  # the newest left shows instead
    assert window.library.job(older.id).deleted


# -- photos -----------------------------------------------------------------------------------


def test_opening_reports_each_missing_path_and_opens_the_rest(make_window, qtbot, tmp_path):
    folder = tmp_path / "album"
    folder.mkdir()
    Image.new("RGB", (30, 20), "white").save(folder / "b.png")
    Image.new("RGB", (30, 20), "black").save(folder / "A.jpg")
    (folder / "notes.txt").write_text("not a photo")
    window = make_window()
    window.open_paths([str(tmp_path / "gone.jpg"), str(folder), str(tmp_path / "lost.png")])
    shown = window.banner.errors
    assert [(e.kind, e.context) for e in shown] == [
        ("invalid_input", "gone.jpg"),
        ("invalid_input", "lost.png"),
    ]
    assert "gone.jpg was not found." in shown[0].message
    # The folder's photos, by name, without the text file; the first one is shown.
    names = [window.photo_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(2)]
    assert [n.rsplit("/", 1)[-1] for n in names] == ["A.jpg", "b.png"]
    assert window.photo_list.count() == 2 and window.current_photo().path.name == "A.jpg"
    wait_for_photo(qtbot, window)


def test_a_photo_that_cannot_be_decoded_says_so_and_cannot_run(make_window, qtbot, tmp_path):
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a jpeg at all")
    window = make_window()
    drop_files(window, [broken])
    qtbot.waitUntil(lambda: window.current_photo().error is not None, timeout=WAIT_MS)
    assert window.banner.errors[-1].context == "broken.jpg"
    assert not window.run_button.isEnabled()


# -- jobs -------------------------------------------------------------------------------------


def test_the_run_button_says_the_strategy_action_and_its_price(qapp):
    catalog = load_catalog()
    restore = catalog.get("restore")
    assert run_button_text(restore) == "Restore · $0.09"
    assert run_button_text(replace(restore, action="preview")) == "Preview · $0.09"
    assert run_button_text(catalog.get("preview")) == "Preview · $0.025"
    assert run_button_text(catalog.get("local")) == "Restore · free"


def test_the_strategy_chosen_at_launch():
    catalog = load_catalog()
    strategies = list(catalog)
    assert initial_strategy(strategies, "", Key(None)) == "local"
    assert initial_strategy(strategies, "", Key("sk-x")) == "restore"  # recommended
    assert initial_strategy(strategies, "preview", Key("sk-x")) == "preview"  # run last time
    assert initial_strategy(strategies, "preview", Key(None)) == "local"  # cannot run now
    # The catalogue says which one is recommended, not the GUI.
    moved = [replace(s, recommended=s.id == "reshoot") for s in strategies]
    assert initial_strategy(moved, "", Key("sk-x")) == "reshoot"


def test_running_without_a_key_asks_for_one_and_starts_nothing(make_window, qtbot):
    window = make_window([str(PHOTO)])
    wait_for_photo(qtbot, window)
    assert window.picker.cards["restore"].key_hint.isVisibleTo(window.picker.cards["restore"])
    assert not window.picker.cards["local"].key_hint.isVisibleTo(window.picker.cards["local"])
    qtbot.mouseClick(window.findChild(object, "strategy_restore"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.run_button, Qt.MouseButton.LeftButton)
    assert not window.jobs and window.library.jobs() == []
    (shown,) = window.banner.errors
    assert shown.kind == "missing_key" and shown.context == "Faithful restoration"
    assert window.banner.text().startswith("Faithful restoration: No API key is set")
    assert window.banner.settings_button.isVisibleTo(window.banner)
    assert not window.banner.retry_button.isVisibleTo(window.banner)


def test_the_spend_label_shows_possible_charges_apart(make_window, make_job):
    save_settings(Settings(monthly_budget_usd=5.0))
    make_job(DONE, cost_usd=0.05)
    make_job(FAILED, ledger_amount=0.02, ledger_certain=False)  # a timeout: maybe billed
    window = make_window()
    assert window.spend_label.text() == ("This month: $0.05 charged of $5.00 · up to $0.02 pending")


def test_job_rows_word_the_steps_the_core_reports(make_window, qtbot):
    window = make_window()
    strategy = window.catalog.get("local")
    row = window.jobs_panel.add("k1", "grandma.jpg", strategy)
    cases = [
        (Progress(Stage.PREPARING, Step.READING, {"name": "grandma.jpg"}), "Preparing the photo"),
        (Progress(Stage.SAVING, Step.CACHE_HIT), "Found in the cache: no charge"),
        (Progress(Stage.WAITING, Step.WAITING, {"model": "m"}), "Waiting for the model"),
        (Progress(Stage.PROCESSING, Step.REPAIRING, {"stage": "scratches"}),
         "Repairing scratches and dust"),
        (Progress(Stage.PROCESSING, Step.REPAIRING, {"stage": "new-stage"}), "Processing"),
        (Progress(Stage.PROCESSING, Step.FITTING),
         "Fitting the result to the original framing"),
    ]  # fmt: skip
    for progress, text in cases:
        row.set_progress(progress)
        assert row.stage_label.text() == text
    window.jobs_panel.remove("k1")


# -- picker -----------------------------------------------------------------------------------


def test_the_picker_offers_a_family_as_versions_and_the_offline_defaults(make_window, qtbot):
    window = make_window()
    combo = window.picker.cards["reshoot"].version_combo
    assert combo is not None
    assert [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())] == [
        ("4.0", "reshoot"),
        ("4.5", "reshoot-4.5"),
    ]
    assert window.picker.cards["restore"].version_combo is None
    combo.activated.emit(1)
    assert window.picker.selected_id == "reshoot-4.5"
    assert combo.currentData() == "reshoot"  # the 4.0 card still says 4.0
    window.picker.select("local")
    assert window.picker.choice().options == LocalOptions().to_dict()


# -- actions and export -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("openAction", QKeySequence.StandardKey.Open),
        ("pasteAction", QKeySequence.StandardKey.Paste),
        ("exportAction", QKeySequence.StandardKey.Save),
        ("fitAction", "Ctrl+0"),
        ("actualAction", "Ctrl+1"),
        ("zoomInAction", QKeySequence.StandardKey.ZoomIn),
        ("zoomOutAction", QKeySequence.StandardKey.ZoomOut),
        ("flipAction", "F"),
        ("runAction", "Ctrl+Return"),
        ("quitAction", QKeySequence.StandardKey.Quit),
        ("settingsAction", None),
        ("nextPhotoAction", None),
    ],
)
def test_every_window_action_keeps_its_name_and_keys(make_window, name, keys):
    window = make_window()
    action = window.findChild(QAction, name)
    assert action is not None and action.text()
    if isinstance(keys, str):
        assert QKeySequence(keys) in action.shortcuts()
    elif keys is not None:
        bound = QKeySequence.keyBindings(keys)
        assert all(k in action.shortcuts() for k in bound if not k.isEmpty())
    if name == "settingsAction":
        assert action.shortcuts()  # the platform's Preferences, or Ctrl+,


def test_export_starred_writes_every_starred_version_into_a_folder(
    make_window, qtbot, make_job, tmp_path
):
    starred = make_job(DONE, input_path=PHOTO, strategy="restore", cost_usd=0.05)
    make_job(DONE, input_path=PHOTO, strategy="preview", cost_usd=0.025)
    window = make_window([str(PHOTO)])
    wait_for_photo(qtbot, window)
    qtbot.waitUntil(lambda: len(history_texts(window)) == 2, timeout=WAIT_MS)
    window.versions_ctl.set_starred(starred.id, True)
    assert window.history.export_starred_button.isEnabled()
    out = tmp_path / "out"
    out.mkdir()
    window.export_starred_to(out)
    qtbot.waitUntil(lambda: window.last_export is not None, timeout=WAIT_MS)
    name = "with_exif_gps (restored, faithful).png"  # named by its strategy's words
    assert [p.name for p in out.iterdir()] == [name]
    assert window.last_export == out / name
