"""Properties of the estimator over random dates and random carrier profiles (hypothesis,
2,000 examples each). Working days are counted with chinese-calendar, an independent source,
wherever it has data (2004-2026); structure is checked over the whole calendar."""

import datetime as dt
import functools

import chinese_calendar
from hypothesis import given, settings
from hypothesis import strategies as st

from cardguide import Carrier, estimate
from cardguide.carriers import MAX_REVIEW_DAYS
from cardguide.workdays import FIRST_YEAR, LAST_YEAR

EXAMPLES = settings(max_examples=2000, deadline=None)
# Submissions whose whole schedule (at most 15 + 30 + 2 working days) stays inside 2004-2026.
INDEPENDENT = st.dates(dt.date(2004, 1, 1), dt.date(2026, 9, 30))
ANY_DAY = st.dates(dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31))


@st.composite
def profiles(draw):
    best = draw(st.integers(1, MAX_REVIEW_DAYS))
    typical = draw(st.integers(best, MAX_REVIEW_DAYS))
    worst = draw(st.integers(typical, MAX_REVIEW_DAYS))
    return Carrier(id="random", review_days=(best, typical, worst))


#: The one day of 2004-2026 on which chinese-calendar and python-holidays disagree: the
#: State Council's 2006 notice made Saturday 2005-12-31 a working day (New Year 01-01..03,
#: swapped with 01-03); python-holidays has it, chinese-calendar 1.11 does not.
MAKEUP_2005 = dt.date(2005, 12, 31)


@functools.cache  # chinese-calendar checks each date against its range in O(days): once a date
def is_workday(day: dt.date) -> bool:
    return day == MAKEUP_2005 or chinese_calendar.is_workday(day)


def working_days_between(first: dt.date, last: dt.date) -> int:
    """Working days in [first, last], by chinese-calendar."""
    days = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    return sum(map(is_workday, days))


@EXAMPLES
@given(INDEPENDENT, profiles(), st.booleans())
def test_completion_counts_and_order_against_chinese_calendar(day, carrier, remote):
    est = estimate(day, carrier, remote=remote)
    first = day
    while not is_workday(first):
        first += dt.timedelta(days=1)
    for scenario in est.scenarios:
        assert is_workday(scenario.completion)
        # day 1 (first handling) + forwarding + review + confirmation
        assert working_days_between(first, scenario.completion) == 2 + scenario.forwarding_days + scenario.review_days
    assert est.best.completion <= est.typical.completion <= est.worst.completion
    assert est.follow_up > est.worst.completion and is_workday(est.follow_up)
    assert working_days_between(est.worst.completion, est.follow_up) == 2


def next_workday(day: dt.date, inclusive: bool = False) -> dt.date:
    """The next working day by chinese-calendar (not the estimator's calendar)."""
    if not inclusive:
        day += dt.timedelta(days=1)
    while not is_workday(day):
        day += dt.timedelta(days=1)
    return day


@EXAMPLES
@given(INDEPENDENT, profiles(), st.booleans())
def test_stages_are_ordered_contiguous_and_on_working_days(day, carrier, remote):
    est = estimate(day, carrier, remote=remote)
    for scenario in est.scenarios:
        carrier_days = [d for s in scenario.stages if s.actor == "carrier" for d in s.days]
        assert all(is_workday(d) for d in carrier_days)
        assert carrier_days == sorted(set(carrier_days))  # ordered, no day claimed twice
        # contiguous: no working day is skipped between consecutive carrier days
        for a, b in zip(carrier_days, carrier_days[1:]):
            assert next_workday(a) == b
        assert carrier_days[0] == next_workday(day, inclusive=True)
        assert all(s.days == (day,) for s in scenario.stages if s.actor == "user")
        for stage in scenario.stages:
            assert stage.start.date() == stage.days[0] and stage.end.date() == stage.days[-1]
            assert stage.start < stage.end


@EXAMPLES
@given(ANY_DAY, profiles(), st.booleans())
def test_provisional_exactly_when_the_schedule_touches_a_year_without_a_notice(day, carrier, remote):
    est = estimate(day, carrier, remote=remote)
    touched = range(day.year, est.follow_up.year + 1)
    assert est.provisional == any(y not in range(FIRST_YEAR, LAST_YEAR) for y in touched)


@EXAMPLES
@given(ANY_DAY, ANY_DAY, profiles(), st.booleans())
def test_a_later_submission_never_completes_earlier(a, b, carrier, remote):
    early, late = sorted((a, b))
    for x, y in zip(estimate(early, carrier, remote=remote).scenarios, estimate(late, carrier, remote=remote).scenarios):
        assert x.completion <= y.completion


@EXAMPLES
@given(ANY_DAY, profiles())
def test_more_review_days_never_finish_sooner(day, carrier):
    best, typical, worst = carrier.review_days
    longer = carrier.with_review_days((best, typical, min(MAX_REVIEW_DAYS, worst + 1)))
    assert estimate(day, longer).worst.completion >= estimate(day, carrier).worst.completion
    assert estimate(day, carrier, remote=True).worst.completion > estimate(day, carrier).worst.completion
