"""The vectorised year grid against the estimator (every day, every carrier) and against an
independent calendar (chinese-calendar)."""

import datetime as dt

import chinese_calendar
import numpy as np
import pytest

from cardguide import DateOutOfRange, carriers, estimate
from cardguide.workdays import china_calendar
from cardguide.yeargrid import year_grid


def as_date(value: np.datetime64) -> dt.date:
    return value.astype(object)


@pytest.mark.parametrize("year", [2024, 2025, 2026])
@pytest.mark.parametrize("remote", [False, True])
def test_grid_equals_the_estimator_for_every_day_and_carrier(year, remote):
    for carrier in carriers().values():
        grid = year_grid(year, carrier, remote=remote)
        assert len(grid.submitted) == (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days
        for index, day in enumerate(grid.submitted.astype(object)):
            est = estimate(day, carrier, remote=remote)
            for scenario in est.scenarios:
                assert as_date(grid.completion[scenario.name][index]) == scenario.completion, (day, carrier.id)
            assert as_date(grid.follow_up[index]) == est.follow_up
            assert grid.worst_days[index] == (est.worst.completion - day).days


def next_workday(day: dt.date, inclusive: bool = False) -> dt.date:
    if not inclusive:
        day += dt.timedelta(days=1)
    while not chinese_calendar.is_workday(day):
        day += dt.timedelta(days=1)
    return day


def test_grid_agrees_with_chinese_calendar():
    """Day 1 = first working day on/after submission; completion = working day 2 + r after it."""
    grid = year_grid(2025, "china-mobile")
    for index, day in enumerate(grid.submitted.astype(object)):
        done = next_workday(day, inclusive=True)
        for _ in range(1 + 3):  # worst: review 3, then confirmation
            done = next_workday(done)
        assert as_date(grid.completion["worst"][index]) == done, day


def test_busday_calendar_matches_the_holiday_notices():
    cal = china_calendar().busdaycalendar
    days = np.arange(np.datetime64("2024-01-01"), np.datetime64("2027-01-01"))
    expected = [chinese_calendar.is_workday(d) for d in days.astype(object)]
    assert np.is_busday(days, busdaycal=cal).tolist() == expected


def test_hand_checked_cells():
    grid = year_grid(2026, "china-mobile")
    # 2026-09-30 (eve of National Day): worst completion Mon 10-12, 12 calendar days.
    assert grid.worst_days[grid.day(dt.date(2026, 9, 30))] == 12
    # 2026-02-13 (before Spring Festival): worst 02-26, 13 days; a plain week is 5 days.
    assert grid.worst_days[grid.day(dt.date(2026, 2, 13))] == 13
    # An ordinary Monday (2026-06-01): review Tue-Thu, confirmation Friday 06-05, 4 days.
    assert grid.worst_days[grid.day(dt.date(2026, 6, 1))] == 4
    # Remote, 2024-09-30 (hand-checked in test_schedule): worst completion 10-31, 31 days.
    remote = year_grid(2024, "china-mobile", remote=True)
    assert remote.worst_days[remote.day(dt.date(2024, 9, 30))] == 31


def test_provisional_and_range():
    assert year_grid(2027, "china-mobile").provisional
    assert year_grid(2026, "china-mobile").provisional  # late-December schedules reach 2027
    assert not year_grid(2025, "china-mobile").provisional
    with pytest.raises(DateOutOfRange):
        year_grid(2000, "china-mobile")
    with pytest.raises(DateOutOfRange):
        year_grid(2028, "china-mobile")
