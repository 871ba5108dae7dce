"""A whole year of submissions at once: "when should I submit?"

numpy's busday functions run the estimator's rules (``schedule``) over every day of a year in
one call each, on the same calendar (``WorkingCalendar.busdaycalendar``). A test holds this
grid equal to ``estimate`` for every day of 2024-2026 and every carrier.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from .carriers import Carrier, get_carrier
from .schedule import SCENARIOS, check_submission_date, completion_offset, forwarding_days
from .workdays import china_calendar, is_provisional


@dataclass(frozen=True, eq=False)
class YearGrid:
    year: int
    carrier: Carrier
    remote: bool
    #: Every day of the year (datetime64[D]).
    submitted: np.ndarray
    #: Completion per scenario ("best", "typical", "worst"), aligned with ``submitted``.
    completion: dict[str, np.ndarray]
    follow_up: np.ndarray

    @property
    def worst_days(self) -> np.ndarray:
        """Calendar days from submission to the worst-case completion: the heatmap's colour."""
        return (self.completion["worst"] - self.submitted).astype(int)

    @property
    def provisional(self) -> bool:
        """True when the year, or the next one the schedules run into, has no notice yet."""
        last = self.follow_up[-1].astype(object).year
        return any(is_provisional(y) for y in range(self.year, last + 1))

    def day(self, day: dt.date) -> int:
        """The index of ``day`` in the grid's arrays."""
        return (day - dt.date(self.year, 1, 1)).days


def year_grid(year: int, carrier: str | Carrier, *, remote: bool = False) -> YearGrid:
    """Best/typical/worst completion and follow-up for every submission day of ``year``."""
    check_submission_date(dt.date(year, 1, 1))
    carrier = get_carrier(carrier)
    calendar = china_calendar().busdaycalendar
    start = np.datetime64(f"{year:04d}-01-01")
    submitted = np.arange(start, np.datetime64(f"{year + 1:04d}-01-01"))
    first_day = np.busday_offset(submitted, 0, roll="forward", busdaycal=calendar)  # day 1 of handling
    completion = {
        name: np.busday_offset(first_day, completion_offset(review, forwarding), busdaycal=calendar)
        for name, review, forwarding in zip(SCENARIOS, carrier.review_days, forwarding_days(remote, carrier))
    }
    follow_up = np.busday_offset(completion["worst"], 1, busdaycal=calendar)
    return YearGrid(year=year, carrier=carrier, remote=bool(remote), submitted=submitted,
                    completion=completion, follow_up=follow_up)
