"""The small set of failures LuxCanvas reports to a person.

Every failure that reaches the CLI or the GUI is one of these. Each carries a
user-facing message (plain words, with the next step where there is one), a
stable ``kind`` for JSON output, and the CLI exit code of DESIGN.md §4.
"""

from __future__ import annotations


class LuxError(Exception):
    """Base of every failure shown to a user."""

    kind = "error"
    exit_code = 1
    #: True when the failed call may still have been billed by the gateway.
    may_be_billed = False

    def __init__(self, message: str, *, detail: str = "", may_be_billed: bool | None = None):
        super().__init__(message)
        self.message = message
        #: Technical detail for "Copy details" / logs (never contains the API key).
        self.detail = detail
        if may_be_billed is not None:
            self.may_be_billed = may_be_billed

    def __str__(self) -> str:
        return self.message


class UsageError(LuxError):
    kind = "usage"
    exit_code = 2


class InvalidInput(LuxError):
    """The input file cannot be used: not an image, truncated, a bomb, unsupported."""

    kind = "invalid_input"
    exit_code = 3


class AuthError(LuxError):
    """The API key is missing or the gateway rejected it."""

    kind = "auth"
    exit_code = 4


class QuotaError(LuxError):
    """The gateway balance is empty."""

    kind = "quota"
    exit_code = 5


class BudgetExceeded(LuxError):
    """Running the job would pass the user's own spending cap."""

    kind = "budget"
    exit_code = 5


class RefusedError(LuxError):
    """The model answered but gave no image (safety filter, refusal)."""

    kind = "refused"
    exit_code = 6


class GatewayError(LuxError):
    """The gateway or the model's upstream failed (5xx, no channel, malformed answer)."""

    kind = "gateway"
    exit_code = 7


class RateLimited(GatewayError):
    kind = "rate_limited"

    def __init__(self, message: str, *, retry_after: float | None = None, **kw):
        super().__init__(message, **kw)
        self.retry_after = retry_after


class NetworkError(GatewayError):
    """The gateway could not be reached, or the connection dropped."""

    kind = "network"


class GatewayTimeout(GatewayError):
    """The gateway took longer than the read timeout."""

    kind = "timeout"


class Cancelled(LuxError):
    kind = "cancelled"
    exit_code = 130


BILLING_NOTE = "The gateway may still bill this call."
