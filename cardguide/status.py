"""Where a request submitted on day D stands on day T: the estimate read from the reader's today.

Definitions (issue 42), in Beijing dates like everything else:
- ``day1``: the first working day on or after D; ``done_earliest`` / ``done_latest``: the
  estimate's best and worst completion days; ``follow_up``: the estimate's follow-up day;
- ``phase``: ``not-submitted`` if T < D; ``waiting`` if D <= T < day1 (no working day yet);
  ``in-progress`` if day1 <= T < done_earliest; ``may-be-done`` if done_earliest <= T <=
  done_latest; ``late`` if T > done_latest;
- ``working_day``: the working days from day1 through T (T counted only when it is one), none
  before day1; ``of``: the same count through done_latest.

When the request is late, the reader complains to the carrier today (T). The Measures for
Handling Telecom User Appeals (MIIT Order No. 35, art. 10(4)) admit an appeal once the carrier
"未在15日内答复" (has not answered within 15 days). The Measures say "5个工作日" where they mean
working days, so these 15 are calendar days; they are counted as the Civil Code counts a period
(arts. 201 and 203): the complaint day is not counted, and a period whose last day is a day off
ends on the next working day. The regulator can be asked from the day after that last day:
``appeal_from``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .article import context
from .schedule import Estimate
from .workdays import ONE_DAY, china_calendar, runs

PHASES = ("not-submitted", "waiting", "in-progress", "may-be-done", "late")


@dataclass(frozen=True)
class Status:
    estimate: Estimate
    today: dt.date
    phase: str
    day1: dt.date
    #: Working days from day1 through today; None before day1.
    working_day: int | None
    #: Working days from day1 through done_latest.
    of: int
    done_earliest: dt.date
    done_latest: dt.date
    follow_up: dt.date
    #: The runs of days off from the submission through today: what has held the request back.
    days_off_passed: tuple[tuple[dt.date, ...], ...]
    #: The runs of days off after today through done_latest: what still lies ahead of it.
    days_off_ahead: tuple[tuple[dt.date, ...], ...]
    #: When late: the first day the regulator can be asked, for a complaint made today.
    appeal_from: dt.date | None
    #: The carrier's stage under way today in the typical case (the stage table marks it): the
    #: first whose last day is today or later, from day 1 through the typical completion; else None.
    stage_now: str | None = None

    @property
    def submitted(self) -> dt.date:
        return self.estimate.submitted

    @property
    def is_past(self) -> bool:
        """The chosen day is before today: the page opens with where the request stands."""
        return self.submitted < self.today


def working_days_through(first: dt.date, last: dt.date) -> int:
    """The working days from ``first`` through ``last``, both counted when they are one."""
    calendar, count, day = china_calendar(), 0, first
    while day <= last:
        count += calendar.is_working_day(day)
        day += ONE_DAY
    return count


def appeal_from(complained: dt.date) -> dt.date:
    """The first day the regulator can be asked about a complaint made on ``complained`` that
    the carrier has not answered: 15 calendar days from the next day, the last one moved past
    days off (Civil Code arts. 201, 203), then the day after it."""
    calendar = china_calendar()
    days = context()["appeal"]["complaint_days"]  # the carrier's days to answer (data/context.toml)
    last = calendar.next_working_day(complained + days * ONE_DAY, inclusive=True)
    return last + ONE_DAY


def _days_off(first: dt.date, last: dt.date) -> tuple[tuple[dt.date, ...], ...]:
    calendar, days, day = china_calendar(), [], first
    while day <= last:
        if not calendar.is_working_day(day):
            days.append(day)
        day += ONE_DAY
    return tuple(tuple(run) for run in runs(days))


def status(est: Estimate, today: dt.date) -> Status:
    """Where the request of ``est`` stands on ``today``."""
    calendar = china_calendar()
    calendar.check(today)
    submitted = est.submitted
    day1 = calendar.next_working_day(submitted, inclusive=True)
    earliest, latest = est.best.completion, est.worst.completion
    if today < submitted:
        phase = "not-submitted"
    elif today < day1:
        phase = "waiting"
    elif today < earliest:
        phase = "in-progress"
    elif today <= latest:
        phase = "may-be-done"
    else:
        phase = "late"
    working_day = working_days_through(day1, today) if today >= day1 else None
    return Status(
        estimate=est, today=today, phase=phase, day1=day1, working_day=working_day,
        of=working_days_through(day1, latest), done_earliest=earliest, done_latest=latest,
        follow_up=est.follow_up,
        days_off_passed=_days_off(submitted, today) if today >= submitted else (),
        days_off_ahead=_days_off(max(today + ONE_DAY, submitted), latest),
        appeal_from=appeal_from(today) if phase == "late" else None,
        stage_now=next((s.key for s in est.typical.stages if s.actor == "carrier" and s.days[-1] >= today), None)
        if day1 <= today <= est.typical.completion else None,
    )
