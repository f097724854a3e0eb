"""The strategy catalog: which model, which dialect, what it costs, what it accepts.

Strategies are data (``resources/strategies.toml``, read by ``luxcanvas.store.catalog``); this
module says what a strategy is and how a price override applies, without touching the disk.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from luxcanvas.domain.errors import UsageError

SIZES = ("1K", "2K", "4K")


def ratio_value(name: str) -> float:
    """A ratio's width over height: '16:9' → 1.777…, or an exact shape: '1376x768' → 1.791…"""
    width, height = name.replace("x", ":").split(":")
    return float(width) / float(height)


@dataclass(frozen=True)
class Strategy:
    id: str
    label: str
    purpose: str
    model: str
    dialect: str  # "chat" | "native" | "images" | "magic_eye" | "local"
    endpoint: str
    price_usd: float
    price_unit: str
    price_as_of: str
    typical_seconds: float
    sizes: tuple[str, ...] = ()
    default_size: str = ""
    needs_key: bool = True
    max_side: int = 2048
    max_bytes: int = 4_000_000
    min_side: int = 1
    aspect_min: float = 0.0
    aspect_max: float = float("inf")
    pixels_min: int = 0
    pixels_max: int = 0
    payload_format: str = "JPEG"
    prompt: str = ""
    describe_prompt: str = ""
    vision_model: str = ""
    vision_price_usd: float = 0.0
    price_overridden: bool = False
    #: The model ids that serve this strategy, newest first (``model`` is the first); a model
    #: the gateway no longer has ("model not found", not billed) moves on to the next.
    models: tuple[str, ...] = ()
    #: Each of ``models``' price, when they differ (else every id costs ``price_usd``).
    model_prices: tuple[float, ...] = ()
    #: The shapes the model answers in at 1K ("1200x896" for its 4:3), or ratios ("4:3"); a
    #: photo is padded to the nearest one, so the answer needs no reframing.
    ratios: tuple[str, ...] = ()
    #: How many reference photos the model takes besides the photo (None: no published cap).
    max_references: int | None = None
    #: How the run time grows with the photo (offline work does; a cloud model's does not):
    #: ``seconds_base`` + ``seconds_per_megapixel`` × megapixels, when the latter is set.
    seconds_base: float = 0.0
    seconds_per_megapixel: float = 0.0
    #: The strategy offered first once a key is set.
    recommended: bool = False
    #: What running it is called: "restore" or "preview" (a cheap first look).
    action: str = "restore"
    #: Strategies of one family are one choice with a version picker (e.g. Seedream 4.0/4.5).
    family: str = ""
    variant: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_local(self) -> bool:
        return self.dialect == "local"

    @property
    def estimated_cost(self) -> float:
        """What one run is expected to cost at most (both Magic Eye calls counted; the
        dearest of the model ids that may answer)."""
        return round(max((self.price_usd, *self.model_prices)) + self.vision_price_usd, 6)

    @property
    def ratio_values(self) -> tuple[float, ...]:
        return tuple(ratio_value(r) for r in self.ratios)

    def expected_size(self, aspect: float, size: str = "") -> tuple[int, int] | None:
        """The size a photo of ``aspect`` (width / height) comes back at, padding cut, for a
        model whose shapes are known ("1200x896" at 1K; 2K and 4K double and quadruple them);
        None when the model does not publish them."""
        shapes = [tuple(int(v) for v in r.split("x")) for r in self.ratios if "x" in r]
        if not shapes:
            return None
        width, height = min(shapes, key=lambda s: abs(math.log(aspect * s[1] / s[0])))
        scale = {"2K": 2, "4K": 4}.get((size or self.default_size).upper(), 1)
        width, height = width * scale, height * scale
        if aspect > width / height:  # padded above and below: the photo fills the width
            return width, max(1, round(width / aspect))
        return max(1, round(height * aspect)), height

    def expected_seconds(self, megapixels: float | None = None) -> float:
        """About how long a run takes, for a photo of ``megapixels`` when known."""
        if megapixels is None or not self.seconds_per_megapixel:
            return self.typical_seconds
        return self.seconds_base + self.seconds_per_megapixel * megapixels

    def attempts(self, first: str = "") -> list[Strategy]:
        """This strategy on each of its model ids, in the order to try them (``first``, one
        that answered before, leads), each with its own price."""
        ids = list(self.models) or [self.model]
        prices = dict(zip(ids, self.model_prices, strict=False))
        if first in ids:
            ids.remove(first)
            ids.insert(0, first)
        return [replace(self, model=m, price_usd=prices.get(m, self.price_usd)) for m in ids]

    def price_label(self) -> str:
        if self.is_local:
            return "Free"
        return f"${self.estimated_cost:.3f} per {self.price_unit} (as of {self.price_as_of})"

    def resolve_size(self, size: str | None, capable: Iterable[str] = ()) -> str:
        """The output size to ask for; a usage error if this strategy cannot set it.

        ``capable`` names the strategies that can (for the error message).
        """
        if not size:
            return self.default_size
        size = size.upper()
        if not self.sizes:
            raise UsageError(
                f"The '{self.id}' strategy cannot choose an output size "
                f"(sizes are available for: {', '.join(capable)})."
            )
        if size not in self.sizes:
            raise UsageError(f"Size must be one of {', '.join(self.sizes)}, not {size}.")
        return size

    def endpoint_path(self) -> str:
        return self.endpoint.format(model=self.model)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "purpose": self.purpose,
            "model": self.model,
            "dialect": self.dialect,
            "endpoint": self.endpoint_path(),
            "price_usd": self.estimated_cost,
            "price_unit": self.price_unit,
            "price_as_of": self.price_as_of,
            "price_overridden": self.price_overridden,
            "typical_seconds": self.typical_seconds,
            "sizes": list(self.sizes),
            "default_size": self.default_size,
            "needs_key": self.needs_key,
        }


@dataclass(frozen=True)
class Catalog:
    strategies: dict[str, Strategy]
    prompts: dict[str, str]

    def get(self, strategy_id: str) -> Strategy:
        try:
            return self.strategies[strategy_id]
        except KeyError:
            known = ", ".join(self.strategies)
            raise UsageError(f"Unknown strategy '{strategy_id}'. Choose one of: {known}.") from None

    def __iter__(self) -> Iterator[Strategy]:
        return iter(self.strategies.values())

    def resolve_size(self, strategy_id: str, size: str | None) -> str:
        """The output size a strategy should ask for; a usage error when it cannot."""
        capable = [s.id for s in self if s.sizes]
        return self.get(strategy_id).resolve_size(size, capable)

    def prompt_for(self, strategy: Strategy, user_prompt: str = "", *, key: str = "") -> str:
        """The strategy's prompt template with the user's own instructions appended."""
        template = self.prompts.get(key or strategy.prompt, "").strip()
        user_prompt = (user_prompt or "").strip()
        if user_prompt:
            template += f"\n\nAdditional instructions from the owner of the photo: {user_prompt}"
        return template


_FIELDS = set(Strategy.__dataclass_fields__)


def _strategy_from_table(sid: str, table: dict[str, Any]) -> Strategy:
    values = {k: v for k, v in table.items() if k in _FIELDS}
    extra = {k: v for k, v in table.items() if k not in _FIELDS}
    for name in ("sizes", "models", "model_prices", "ratios"):
        values[name] = tuple(values.get(name, ()))
    if values["models"]:
        values.setdefault("model", values["models"][0])
    if values["model_prices"]:
        values.setdefault("price_usd", values["model_prices"][0])
    return Strategy(id=sid, extra=extra, **values)


def catalog_from_tables(data: dict[str, Any], overrides: dict[str, Any] | None = None) -> Catalog:
    """A catalog from the parsed strategies file, with the user's price overrides applied.

    ``overrides`` maps a strategy id to a table with ``price_usd`` (and ``price_as_of``) and/or
    ``models`` (the model ids to try, newest first); unknown ids and unreadable values are
    ignored.
    """
    strategies = {sid: _strategy_from_table(sid, t) for sid, t in data["strategies"].items()}
    for sid, table in (overrides or {}).items():
        if sid not in strategies or not isinstance(table, dict):
            continue
        models = table.get("models")
        if isinstance(models, list) and models and all(isinstance(m, str) for m in models):
            strategies[sid] = replace(
                strategies[sid], models=tuple(models), model=models[0], model_prices=()
            )
        try:
            price = float(table["price_usd"])
        except (KeyError, TypeError, ValueError):
            continue
        strategies[sid] = replace(
            strategies[sid],
            price_usd=price,
            model_prices=(),  # the person's price holds for every model id
            price_as_of=str(table.get("price_as_of", "your setting")),
            price_overridden=True,
        )
    return Catalog(strategies=strategies, prompts=dict(data.get("prompts", {})))
