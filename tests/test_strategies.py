"""The strategy catalog: the cloud strategies of DESIGN.md §2 with the October 2026 models and
prices of §3, plus local; prices as data."""

from __future__ import annotations

import pytest

from luxcanvas.domain.errors import UsageError
from luxcanvas.store import paths
from luxcanvas.store.catalog import load_catalog

EXPECTED = {
    "preview": ("gemini-3.1-flash-lite-image", "chat", "/v1/chat/completions", 0.025),
    "restore": (
        "gemini-3-pro-image",
        "native",
        "/v1beta/models/gemini-3-pro-image:generateContent",
        0.09,
    ),
    "restore-fast": (
        "gemini-nano-banana-2.1",
        "native",
        "/v1beta/models/gemini-nano-banana-2.1:generateContent",
        0.045,
    ),
    "reshoot": ("seedream-4-0-250828", "images", "/v1/images/generations", 0.035),
    "reshoot-4.5": ("seedream-4-5-251128", "images", "/v1/images/generations", 0.045),
    "direct-edit": ("gpt-4o-image", "chat", "/v1/chat/completions", 0.01),
    "magic-eye": ("sora_image", "magic_eye", "/v1/chat/completions", 0.01),
}


def test_catalog_has_every_strategy_with_model_endpoint_price_and_date():
    catalog = load_catalog()
    assert set(catalog.strategies) == {*EXPECTED, "local"}
    for sid, (model, dialect, endpoint, price) in EXPECTED.items():
        s = catalog.get(sid)
        assert (s.model, s.dialect, s.endpoint_path(), s.price_usd) == (
            model,
            dialect,
            endpoint,
            price,
        )
        assert len(s.price_as_of) == 10 and s.price_as_of.startswith("20")
        assert s.typical_seconds > 0
        assert s.prompt in catalog.prompts and len(catalog.prompts[s.prompt]) > 200
    local = catalog.get("local")
    assert local.price_usd == 0 and not local.needs_key


def test_magic_eye_counts_the_vision_call_in_its_estimate():
    s = load_catalog().get("magic-eye")
    assert s.vision_model and s.describe_prompt
    assert s.estimated_cost == pytest.approx(s.price_usd + s.vision_price_usd)
    assert s.estimated_cost > s.price_usd


def test_user_price_override_wins_and_shows_its_date():
    override = paths.config_dir() / "prices.toml"
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text('[restore]\nprice_usd = 0.09\nprice_as_of = "2026-03-01"\n')
    s = load_catalog().get("restore")
    assert s.price_usd == 0.09 and s.price_as_of == "2026-03-01" and s.price_overridden
    assert "0.090" in s.price_label() and "2026-03-01" in s.price_label()


def test_broken_override_file_is_ignored():
    override = paths.config_dir() / "prices.toml"
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text("this is [not toml")
    assert load_catalog().get("restore").price_usd == 0.09


def test_sizes_only_where_the_route_can_set_them():
    catalog = load_catalog()
    assert catalog.resolve_size("restore", None) == "2K"
    assert catalog.resolve_size("restore", "4k") == "4K"
    with pytest.raises(UsageError, match="cannot choose an output size") as refused:
        catalog.resolve_size("preview", "4K")
    sized = "(sizes are available for: restore, restore-fast, reshoot, reshoot-4.5)."
    assert refused.value.message.endswith(sized)
    with pytest.raises(UsageError, match="Unknown strategy 'nope'"):
        catalog.get("nope")


def test_user_prompt_is_added_to_the_template_not_replacing_it():
    catalog = load_catalog()
    restore = catalog.get("restore")
    prompt = catalog.prompt_for(restore, "The dress was dark blue.")
    assert prompt.startswith(catalog.prompts["master_forensic"].strip())
    assert prompt.endswith("The dress was dark blue.")
    assert "aspect ratio" in prompt and "Invent nothing" in prompt


def test_each_gemini_strategy_names_its_model_ids_newest_first_with_the_seeds_id_kept():
    catalog = load_catalog()
    assert catalog.get("restore").models == ("gemini-3-pro-image", "gemini-3-pro-image-preview")
    assert catalog.get("preview").models[-1] == "gemini-2.5-flash-image"
    pro, fast = catalog.get("restore"), catalog.get("restore-fast")
    # The trade-off the picker shows: 2.1 is faster and cheaper, Pro the most faithful.
    assert fast.typical_seconds < pro.typical_seconds and fast.price_usd < pro.price_usd
    assert len(pro.ratios) == 10 and len(fast.ratios) == 14 and "2928x352" in fast.ratios
    attempts = pro.attempts("gemini-3-pro-image-preview")
    assert [a.model for a in attempts] == ["gemini-3-pro-image-preview", "gemini-3-pro-image"]


def test_a_person_can_name_other_model_ids_and_prices(isolated_home):
    folder = paths.config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "strategies.toml").write_text('[restore]\nmodels = ["gemini-4-pro-image"]\n')
    (folder / "prices.toml").write_text('[restore]\nprice_usd = 0.12\nprice_as_of = "2026-12-01"\n')
    restore = load_catalog().get("restore")
    assert restore.model == "gemini-4-pro-image" and restore.models == ("gemini-4-pro-image",)
    assert restore.estimated_cost == 0.12 and restore.price_as_of == "2026-12-01"
