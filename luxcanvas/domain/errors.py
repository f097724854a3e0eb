"""The small set of failures LuxCanvas reports to a person.

Every failure that reaches the CLI or the GUI is one of these. Each carries a
user-facing message (plain words, with the next step where there is one), a
stable ``kind`` for JSON output, the CLI exit code of DESIGN.md §4, and typed facts
about the call that failed: the HTTP status, the gateway's request id, whether the
call may still be billed and what part of it was certainly paid (``spent_usd``).
"""

from __future__ import annotations


class LuxError(Exception):
    """Base of every failure shown to a user.

    A subclass names its ``kind`` and exit code in its class line:
    ``class QuotaError(LuxError, kind="quota", exit_code=5)``.
    """

    kind = "error"
    exit_code = 1
    #: True when the failed call may still have been billed by the gateway.
    may_be_billed = False

    def __init_subclass__(
        cls, *, kind: str | None = None, exit_code: int | None = None, **kw: object
    ) -> None:
        super().__init_subclass__(**kw)
        if kind is not None:
            cls.kind = kind
        if exit_code is not None:
            cls.exit_code = exit_code

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


class UsageError(LuxError, kind="usage", exit_code=2):
    """The command or its options cannot be used this way."""


class InvalidInput(LuxError, kind="invalid_input", exit_code=3):
    """The input file cannot be used: not an image, truncated, a bomb, unsupported.

    ``reason`` says which, for the fronts to word: "not_found", "unreadable", "folder",
    "empty", "web_page", "not_an_image", "damaged", "unsupported", "too_large",
    "too_big_to_send" or "unwritable" (an export's folder).
    """

    def __init__(self, message: str, *, reason: str = "", **kw: object):
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.reason = reason


class AuthError(LuxError, kind="auth", exit_code=4):
    """The API key is missing or the gateway rejected it."""


class MissingKey(AuthError, kind="missing_key"):
    """No API key is set for a strategy that needs one (nothing was sent).

    Its own kind (exit code 4, as every key problem) tells it apart from a key the gateway
    rejected, in JSON output and in the history alike.
    """

    def __init__(self, message: str = "", **kw: object):
        super().__init__(
            message
            or "No API key is set. Add your LaoZhang key in Settings (or run "
            "`luxcanvas key set`), or use the free 'local' strategy.",
            **kw,  # type: ignore[arg-type]
        )


class QuotaError(LuxError, kind="quota", exit_code=5):
    """The gateway balance is empty."""


class BudgetExceeded(LuxError, kind="budget", exit_code=5):
    """Running the job would pass the user's own spending cap."""


class RefusedError(LuxError, kind="refused", exit_code=6):
    """The model answered but gave no image (safety filter, refusal)."""


class RefusedBefore(RefusedError, kind="refused_before"):
    """This exact request was refused, and billed, before; it is not resent unchanged unless
    the person says so (nothing was sent this time)."""


class PossiblyBilled(LuxError, kind="possibly_billed", exit_code=5):
    """This exact request was sent before and may have been billed without a result; it is
    not sent again unless the person says so (nothing was sent this time)."""


class GatewayError(LuxError, kind="gateway", exit_code=7):
    """The gateway or the model's upstream failed (5xx, no channel, malformed answer)."""


class ModelNotFound(GatewayError):
    """The gateway has no channel for this model id (HTTP 503 model_not_found, not billed):
    renamed or retired, the next id of the strategy is tried."""


class RateLimited(GatewayError, kind="rate_limited"):
    """The gateway asks to slow down (HTTP 429 without the quota code)."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: object):
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.retry_after = retry_after


class NetworkError(GatewayError, kind="network"):
    """The gateway could not be reached, or the connection dropped."""


class GatewayTimeout(GatewayError, kind="timeout"):
    """The gateway took longer than the read timeout."""


class Cancelled(LuxError, kind="cancelled", exit_code=130):
    """The user (or the quit) stopped the job."""


BILLING_NOTE = "The gateway may still bill this call."
