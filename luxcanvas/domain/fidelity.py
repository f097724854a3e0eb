"""How faithful a result is to its original, as plain data (DESIGN.md §4, ``compare --json``).

``app.compare`` measures it; the service stores it on every cloud result; the fronts word the
verdict. Regions are boxes in the original's upright pixels.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Verdict(str, Enum):
    FAITHFUL = "faithful"  # only what restoration legitimately does
    CHECK = "check"  # a local change worth a look (a region invented or lost)
    REINTERPRETED = "reinterpreted"  # a different picture, or a regeneration (Magic Eye)


class RegionKind(str, Enum):
    INVENTED = "invented"  # content that was not in the original (a pasted or replaced area)
    LOST = "lost"  # detail of the original wiped out (smoothed, blurred, erased)


@dataclass(frozen=True)
class Region:
    """A changed area, in the original's upright pixels."""

    x: int
    y: int
    w: int
    h: int
    kind: RegionKind
    #: How strongly it changed, 0..1 (for ordering and the overlay's intensity).
    strength: float = 1.0
    #: The region covers a face (when a face detector is available).
    face: bool = False

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "x": self.x,
            "y": self.y,
            "w": self.w,
            "h": self.h,
            "kind": self.kind.value,
        }
        if self.face:
            data["face"] = True
        return data

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> Region:
        return cls(
            int(value["x"]),
            int(value["y"]),
            int(value["w"]),
            int(value["h"]),
            RegionKind(value["kind"]),
            float(value.get("strength", 1.0)),
            bool(value.get("face", False)),
        )


@dataclass(frozen=True)
class Fidelity:
    """The ``fidelity`` object of DESIGN.md §4: a score 0..1, a verdict and changed regions."""

    score: float
    verdict: Verdict
    regions: tuple[Region, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        return {
            "score": round(float(self.score), 3),
            "verdict": self.verdict.value,
            "regions": [region.to_json() for region in self.regions],
        }

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> Fidelity:
        return cls(
            float(value["score"]),
            Verdict(value["verdict"]),
            tuple(Region.from_json(r) for r in value.get("regions", ())),
        )
