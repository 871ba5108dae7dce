"""A whole year of submissions at once: "when should I submit?"

numpy's busday functions run the estimator's rules (``schedule``) over every day of a window
(a calendar year, or the twelve months ahead of today) in one call each, on the same calendar
(``WorkingCalendar.busdaycalendar``). A test holds this grid equal to ``estimate`` for every
day of 2024-2026 and every carrier.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from .carriers import Carrier, get_carrier
from .schedule import SCENARIOS, check_submission_date, completion_offset, forwarding_days
from .workdays import LAST_YEAR, china_calendar, is_provisional


@dataclass(frozen=True, eq=False)
class YearGrid:
    #: The first and last submission day of the window.
    first: dt.date
    last: dt.date
    carrier: Carrier
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
    def calendar_year(self) -> int | None:
        """The year, when the window is exactly one calendar year."""
        year = self.first.year
        return year if (self.first, self.last) == (dt.date(year, 1, 1), dt.date(year, 12, 31)) else None

    @property
    def provisional_years(self) -> tuple[int, ...]:
        """Years the window's schedules touch whose notice is not out yet."""
        last = self.follow_up[-1].astype(object).year
        return tuple(y for y in range(self.first.year, last + 1) if is_provisional(y))

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)

    def day(self, day: dt.date) -> int:
        """The index of ``day`` in the grid's arrays."""
        return (day - self.first).days


def year_grid(year: int, carrier: str | Carrier, *, remote: bool = False) -> YearGrid:
    """Best/typical/worst completion and follow-up for every submission day of ``year``."""
    return window_grid(dt.date(year, 1, 1), dt.date(year, 12, 31), carrier, remote=remote)


def twelve_months(day: dt.date) -> tuple[dt.date, dt.date]:
    """The year view's window from ``day``: its month and the eleven after it; near the end of
    the years the estimator covers, the last twelve months it covers."""
    first = day.replace(day=1)
    end = dt.date(LAST_YEAR, 12, 31)
    if first.replace(year=first.year + 1) > end:
        first = dt.date(LAST_YEAR, 1, 1)
    return first, first.replace(year=first.year + 1) - dt.timedelta(days=1)


def window_grid(first: dt.date, last: dt.date, carrier: str | Carrier, *, remote: bool = False) -> YearGrid:
    """The grid for every submission day from ``first`` through ``last``."""
    check_submission_date(first)
    check_submission_date(last)
    carrier = get_carrier(carrier)
    calendar = china_calendar().busdaycalendar
    submitted = np.arange(np.datetime64(first), np.datetime64(last + dt.timedelta(days=1)))
    first_day = np.busday_offset(submitted, 0, roll="forward", busdaycal=calendar)  # day 1 of handling
    completion = {
        name: np.busday_offset(first_day, completion_offset(review, forwarding), busdaycal=calendar)
        for name, review, forwarding in zip(SCENARIOS, carrier.review_days, forwarding_days(remote, carrier))
    }
    follow_up = np.busday_offset(completion["worst"], 1, busdaycal=calendar)
    return YearGrid(first=first, last=last, carrier=carrier, submitted=submitted,
                    completion=completion, follow_up=follow_up)
