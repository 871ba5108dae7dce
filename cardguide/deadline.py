"""Planning backwards: "it must be cancelled by day X; what is the last day I can submit?"

For a scenario that completes k working days after day 1 (k = forwarding + review + 1, the
estimator's rule), the completion of a submission on day D is day1(D) + k working days, and
day1(D) is the first working day on or after D. Completion never moves earlier as D moves
later, so the latest D whose completion is on or before the deadline is the working day k
working days before the last working day on or before the deadline: one ``busday_offset``
per scenario on the same calendar, no search. ``tests/test_deadline.py`` holds it equal to the
brute-force definition over ``estimate`` for every deadline of 2024-2026.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from .carriers import Carrier, get_carrier
from .errors import CardguideError, DateOutOfRange
from .schedule import SCENARIOS, completion_offset, forwarding_days
from .workdays import FIRST_YEAR, LAST_YEAR, china_calendar, is_provisional


@dataclass(frozen=True)
class Latest:
    """The latest day to submit so that each scenario is done by ``deadline``."""

    deadline: dt.date
    carrier: Carrier
    remote: bool
    best: dt.date
    typical: dt.date
    worst: dt.date
    #: Years the computation touches whose holiday notice is not yet in the data.
    provisional_years: tuple[int, ...]

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)

    @property
    def days(self) -> tuple[dt.date, dt.date, dt.date]:
        return (self.best, self.typical, self.worst)


def latest_submission(deadline: dt.date, carrier: str | Carrier, *, remote: bool = False,
                      today: dt.date | None = None) -> Latest:
    """The latest calendar day to submit for each scenario to be done on or before ``deadline``
    (always a working day). Deadlines run over the same years as submissions. With ``today``,
    a deadline that even the best case can no longer meet from today on is an error."""
    if not isinstance(deadline, dt.date) or isinstance(deadline, dt.datetime):
        raise CardguideError.of("date_type", value=type(deadline).__name__)
    if not FIRST_YEAR <= deadline.year <= LAST_YEAR:
        raise DateOutOfRange.of("deadline_range", first=FIRST_YEAR, last=LAST_YEAR, date=deadline.isoformat())
    carrier = get_carrier(carrier)
    busdays = china_calendar().busdaycalendar
    end = np.datetime64(deadline)
    latest = []
    for name, review, forwarding in zip(SCENARIOS, carrier.review_days, forwarding_days(remote, carrier)):
        k = completion_offset(review, forwarding)
        # busday_offset has no calendar start: a day before FIRST_YEAR is caught below.
        latest.append(np.busday_offset(end, -k, roll="backward", busdaycal=busdays).astype(object))
    best, typical, worst = latest
    if worst.year < FIRST_YEAR:
        raise DateOutOfRange.of("deadline_too_early", date=deadline.isoformat())
    if today is not None and best < today:
        raise CardguideError.of("deadline_too_close", date=deadline.isoformat(), today=today.isoformat(),
                                latest=best.isoformat())
    years = range(worst.year, deadline.year + 1)
    return Latest(deadline=deadline, carrier=carrier, remote=bool(remote), best=best, typical=typical,
                  worst=worst, provisional_years=tuple(y for y in years if is_provisional(y)))
