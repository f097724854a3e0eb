"""How the gateway bills a call that did not give a result: the one home of those rules.

From the gateway's published rules (DESIGN.md §3, "Billing facts", verified October 2026):
non-200 answers are not billed, except that a Gemini-family image model's HTTP 200 without
an image is billed once (Google answers moderation with a text refusal); a request dropped
or timed out after it was sent may have been billed; anything refused before sending is free.
"""

from __future__ import annotations

from enum import Enum

from luxcanvas.domain.errors import LuxError, RefusedError

#: Model ids of the Gemini image family ("Nano Banana") start so.
_GEMINI_PREFIX = "gemini"


class Charge(str, Enum):
    """What a job's outcome costs by the gateway's rules (the JSON ``charge`` field)."""

    CHARGED = "charged"  # certainly billed
    POSSIBLE = "possible"  # may have been billed (a dropped or timed-out paid call)
    NONE = "none"  # not billed


def refusal_is_billed(model: str, error: LuxError) -> bool:
    """True for a refusal the gateway bills: a Gemini-family model answered HTTP 200 with no
    image (a refusal carried by an error status, e.g. Seedream's 400, is free)."""
    return (
        isinstance(error, RefusedError)
        and error.status is None
        and model.lower().startswith(_GEMINI_PREFIX)
    )


def charge_of(error: LuxError, price_usd: float) -> tuple[Charge, float]:
    """How a failure is billed and what that costs: what was certainly spent, else the
    strategy's price when the call may have been billed, else nothing."""
    if error.spent_usd > 0:
        return Charge.CHARGED, error.spent_usd
    if error.may_be_billed:
        return Charge.POSSIBLE, price_usd
    return Charge.NONE, 0.0
