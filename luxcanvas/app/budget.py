"""Money: this month's spend as the ledger records it, and the caps a job must stay under."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from luxcanvas.domain.errors import BudgetExceeded


@dataclass(frozen=True)
class MonthSpend:
    """This month so far: what was certainly charged, what may have been, and the cap."""

    charged_usd: float
    possible_usd: float
    budget_usd: float | None

    @property
    def total_usd(self) -> float:
        """Charged plus possibly charged: what counts against the budget."""
        return self.charged_usd + self.possible_usd


def month_spend(library: Any, settings: Any) -> MonthSpend:
    """This month's spend from the ledger, with the user's monthly budget."""
    total = library.spent()
    charged = library.spent(certain_only=True)
    return MonthSpend(charged, max(0.0, total - charged), settings.monthly_budget_usd)


class RunBudget:
    """A spending cap for one run of several jobs (``--max-cost``)."""

    def __init__(self, limit_usd: float):
        self.limit = limit_usd
        self.spent = 0.0
        self.reserved = 0.0
        self.lock = threading.Lock()


class Reservations:
    """Expected costs held against the monthly budget and a run's cap while jobs run."""

    def __init__(self, library: Any, settings: Any):
        self._library = library
        self._settings = settings
        self._lock = threading.Lock()
        self._reserved = 0.0

    def reserve(self, amount: float, run_budget: RunBudget | None) -> None:
        """Hold ``amount`` against both caps, or raise BudgetExceeded."""
        if amount <= 0:
            return
        cap = self._settings.monthly_budget_usd
        with self._lock:
            if cap is not None:
                spent = self._library.spent()
                if spent + self._reserved + amount > cap + 1e-9:
                    raise BudgetExceeded(
                        f"This would pass your monthly budget of ${cap:.2f} "
                        f"(${spent:.2f} spent so far). Raise the cap in Settings to continue."
                    )
            if run_budget is not None:
                with run_budget.lock:
                    if run_budget.spent + run_budget.reserved + amount > run_budget.limit + 1e-9:
                        raise BudgetExceeded(
                            f"This would pass the --max-cost of ${run_budget.limit:.2f} for this "
                            f"run (${run_budget.spent:.2f} spent)."
                        )
                    run_budget.reserved += amount
            self._reserved += amount

    def release(self, amount: float, spent: float, run_budget: RunBudget | None) -> None:
        """Let go of a reservation once the job has ended, counting what it spent."""
        if amount <= 0:
            return
        with self._lock:
            self._reserved = max(0.0, self._reserved - amount)
            if run_budget is not None:
                with run_budget.lock:
                    run_budget.reserved = max(0.0, run_budget.reserved - amount)
                    run_budget.spent += spent
