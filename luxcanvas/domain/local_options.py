"""What the free offline repair can be asked to do: its options and their defaults.

Plain data, so the GUI can offer the choices without loading the pipeline (NumPy).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from luxcanvas.domain.errors import UsageError

#: Overall strengths, gentlest first.
STRENGTHS: tuple[str, ...] = ("gentle", "normal", "strong")

#: Stage names in the order they run; progress reports each as it starts.
STAGES: tuple[str, ...] = (
    "analyse",
    "scratches",
    "denoise",
    "fade",
    "color",
    "sharpen",
    "upscale",
)

#: The stages a person can switch on or off.
TOGGLES: tuple[str, ...] = ("scratches", "denoise", "fade", "color", "sharpen", "upscale")


@dataclass(frozen=True)
class LocalOptions:
    """What the offline pipeline does: overall strength and which stages run."""

    strength: str = "normal"  # one of STRENGTHS
    scratches: bool = True  # detect + inpaint
    denoise: bool = True
    fade: bool = True
    color: bool = True
    sharpen: bool = False
    upscale: bool = False  # x2

    def __post_init__(self) -> None:
        if self.strength not in STRENGTHS:
            choices = ", ".join(STRENGTHS)
            raise UsageError(f"Unknown strength {self.strength!r}: choose one of {choices}.")

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LocalOptions:
        """Options from a plain mapping (settings, CLI, GUI); unknown keys are ignored.

        Raises UsageError for an unknown strength or a non-boolean toggle.
        """
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in d.items() if k in known}
        for key, value in values.items():
            if key != "strength" and not isinstance(value, bool):
                raise UsageError(f"Option {key!r} must be true or false, not {value!r}.")
        if "strength" in values and not isinstance(values["strength"], str):
            raise UsageError(f"Option 'strength' must be text, not {values['strength']!r}.")
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
