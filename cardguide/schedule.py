"""The estimator: a submission date and a carrier become a dated cancellation schedule.

Rules (checkable by hand with a calendar):
- day 1 is the first working day on or after the submission date;
- initial handling (the article's "within 24 hours") occupies day 1;
- review occupies the next r working days (r = the carrier's best/typical/worst);
- confirmation is the working day after review, and that day is the completion date,
  so completion is working day 3..5 for r = 1..3: the article's "3-5 working days";
- follow up with the carrier on the working day after the worst-case completion;
- the user's own steps (prepare, contact, apply) sit on the submission date;
- cancelling outside the home province (``remote``, not the article's) puts a forwarding
  stage of f working days between first handling and review, an assumption labelled as
  such, and none for a carrier without ``remote_forwarding`` (see ``data/context.toml``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .article import article, context
from .carriers import Carrier, get_carrier, shorten
from .errors import DateOutOfRange, InvalidDate
from .workdays import FIRST_YEAR, LAST_YEAR, ONE_DAY, china_calendar, is_provisional

#: Office hours a working day's stage is drawn in; a stage never starts or ends on a day off.
OPENS, CLOSES = dt.time(9, 0), dt.time(18, 0)
USER_STEPS = ("prepare", "contact", "apply")
CARRIER_STAGES = ("initial", "forward", "review", "confirm")
SCENARIOS = ("best", "typical", "worst")


@dataclass(frozen=True)
class Stage:
    key: str
    label_zh: str
    label_en: str
    #: "user" for the holder's own steps, "carrier" for the carrier's working days.
    actor: str
    start: dt.datetime
    end: dt.datetime
    #: The calendar days the stage occupies (working days only, for the carrier's stages).
    days: tuple[dt.date, ...]

    def label(self, lang: str = "zh") -> str:
        return self.label_en if lang == "en" else self.label_zh


@dataclass(frozen=True)
class Scenario:
    """One reading of the article's range: best, typical or worst review days."""

    name: str
    review_days: int
    stages: tuple[Stage, ...]
    #: Working days of forwarding to the home province (0 unless cancelling elsewhere).
    forwarding_days: int = 0

    @property
    def completion(self) -> dt.date:
        return self.stages[-1].days[-1]

    def stage(self, key: str) -> Stage:
        return next(s for s in self.stages if s.key == key)


@dataclass(frozen=True)
class Estimate:
    submitted: dt.date
    carrier: Carrier
    best: Scenario
    typical: Scenario
    worst: Scenario
    follow_up: dt.date
    #: Years the schedule touches whose holiday notice is not yet in the data.
    provisional_years: tuple[int, ...]
    #: Cancelling outside the number's home province (异地销户).
    remote: bool = False

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)

    @property
    def years(self) -> range:
        """The years from the submission to the follow-up day."""
        return range(self.submitted.year, self.follow_up.year + 1)

    @property
    def scenarios(self) -> tuple[Scenario, Scenario, Scenario]:
        return (self.best, self.typical, self.worst)


def parse_date(text: str) -> dt.date:
    """An ISO date (YYYY-MM-DD) from user input, or an ``InvalidDate`` saying what is wrong."""
    try:
        if not isinstance(text, str) or len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidDate.of("invalid_date", value=shorten(text)) from None


def check_submission_date(submitted: dt.date) -> dt.date:
    if not isinstance(submitted, dt.date) or isinstance(submitted, dt.datetime):
        raise InvalidDate.of("date_type", value=type(submitted).__name__)
    if not FIRST_YEAR <= submitted.year <= LAST_YEAR:
        raise DateOutOfRange.of("submission_range", first=FIRST_YEAR, last=LAST_YEAR, date=submitted.isoformat())
    return submitted


def _span(key: str, actor: str, days: list[dt.date]) -> Stage:
    label = article().stage_label(key)
    return Stage(
        key=key, label_zh=label["zh"], label_en=label["en"], actor=actor,
        start=dt.datetime.combine(days[0], OPENS), end=dt.datetime.combine(days[-1], CLOSES),
        days=tuple(days),
    )


def forwarding_days(remote: bool, carrier: Carrier) -> tuple[int, int, int]:
    """Best/typical/worst forwarding working days: the reported range, midpoint typical.

    An assumption: the 2019 report's 7-15 days were the whole wait, added here on top of the
    article's path; none for a carrier that cancelled on the spot (``remote_forwarding``)."""
    if not remote or not carrier.remote_forwarding:
        return (0, 0, 0)
    best, worst = context()["remote"]["forwarding_days"]
    return (best, (best + worst) // 2, worst)


def completion_offset(review_days: int, forwarding: int) -> int:
    """Working days from day 1 to completion: forwarding, review, then confirmation."""
    return forwarding + review_days + 1


def _scenario(name: str, submitted: dt.date, review_days: int, forwarding: int) -> Scenario:
    calendar = china_calendar()
    day = calendar.next_working_day(submitted, inclusive=True)
    working = [day]
    for _ in range(completion_offset(review_days, forwarding)):
        day = calendar.next_working_day(day)
        working.append(day)
    stages = [_span(key, "user", [submitted]) for key in USER_STEPS]
    stages.append(_span("initial", "carrier", working[:1]))
    if forwarding:
        stages.append(_span("forward", "carrier", working[1:1 + forwarding]))
    stages.append(_span("review", "carrier", working[1 + forwarding:-1]))
    stages.append(_span("confirm", "carrier", working[-1:]))
    return Scenario(name=name, review_days=review_days, stages=tuple(stages), forwarding_days=forwarding)


def estimate(submitted: dt.date, carrier: str | Carrier, *, remote: bool = False) -> Estimate:
    """When a cancellation submitted on ``submitted`` to ``carrier`` will be done."""
    submitted = check_submission_date(submitted)
    carrier = get_carrier(carrier)
    best, typical, worst = (
        _scenario(name, submitted, r, f)
        for name, r, f in zip(SCENARIOS, carrier.review_days, forwarding_days(remote, carrier))
    )
    follow_up = china_calendar().next_working_day(worst.completion)
    years = range(submitted.year, follow_up.year + 1)
    return Estimate(
        submitted=submitted, carrier=carrier, best=best, typical=typical, worst=worst,
        follow_up=follow_up, provisional_years=tuple(y for y in years if is_provisional(y)),
        remote=bool(remote),
    )


def window_days(est: Estimate) -> list[dt.date]:
    """Every calendar day from submission to follow-up."""
    days, day = [], est.submitted
    while day <= est.follow_up:
        days.append(day)
        day += ONE_DAY
    return days
