"""The small set of failures LuxCanvas reports to a person.

Every failure that reaches the CLI or the GUI is one of these. Each carries a
user-facing message (plain words, with the next step where there is one), a
stable ``kind`` for JSON output, the CLI exit code of DESIGN.md §4, and typed facts
about the call that failed: the HTTP status, the gateway's request id, whether the
call may still be billed and what part of it was certainly paid (``spent_usd``).
"""

from __future__ import annotations


class LuxError(Exception):
    """Base of every failure shown to a user."""

    kind = "error"
    exit_code = 1
    #: True when the failed call may still have been billed by the gateway.
    may_be_billed = False

    def __init__(
        self,
        message: str,
        *,
        detail: str = "",
        may_be_billed: bool | None = None,
        status: int | None = None,
        request_id: str = "",
        spent_usd: float = 0.0,
    ):
        super().__init__(message)
        self.message = message
        #: Technical detail for "Copy details" / logs (never contains the API key).
        self.detail = detail
        if may_be_billed is not None:
            self.may_be_billed = may_be_billed
        #: The gateway's HTTP status, when the failure is an answer from it.
        self.status = status
        #: The gateway's request id (for reconciling with its call log), when it gave one.
        self.request_id = request_id
        #: What the failed job certainly cost already (Magic Eye's paid description step).
        self.spent_usd = spent_usd

    def with_spent(self, amount_usd: float) -> LuxError:
        """This error, recording that ``amount_usd`` was certainly paid before it happened."""
        self.spent_usd = max(self.spent_usd, amount_usd)
        return self

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


class MissingKey(AuthError):
    """No API key is set for a strategy that needs one (nothing was sent)."""

    def __init__(self, message: str = "", **kw: object):
        super().__init__(
            message
            or "No API key is set. Add your LaoZhang key in Settings (or run "
            "`luxcanvas key set`), or use the free 'local' strategy.",
            **kw,  # type: ignore[arg-type]
        )


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

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: object):
        super().__init__(message, **kw)  # type: ignore[arg-type]
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
