"""The working-day calendar against an independent source and hand-checked facts."""

import datetime as dt

import chinese_calendar
import pytest

from cardguide import DateOutOfRange, china_calendar
from cardguide.workdays import FIRST_YEAR, HORIZON_YEAR, OFFICIAL_YEARS


def test_domain_notes_2026_notice():
    cal = china_calendar()
    off = [dt.date(2026, 2, d) for d in range(15, 24)] + [dt.date(2026, 10, d) for d in range(1, 8)]
    assert not any(cal.is_working_day(d) for d in off)
    for makeup in (dt.date(2026, 1, 4), dt.date(2026, 2, 14), dt.date(2026, 2, 28), dt.date(2026, 5, 9),
                   dt.date(2026, 9, 20), dt.date(2026, 10, 10)):
        assert makeup.weekday() >= 5 and cal.is_working_day(makeup) and makeup in cal.makeup_days
    assert cal.holiday_name(dt.date(2026, 10, 1), "zh") == "国庆节"
    assert cal.holiday_name(dt.date(2026, 10, 1), "en") == "National Day"


def test_official_years_are_contiguous_through_2026():
    assert set(range(FIRST_YEAR, 2027)) <= OFFICIAL_YEARS


@pytest.mark.parametrize("day", [dt.date(FIRST_YEAR - 1, 12, 31), dt.date(HORIZON_YEAR + 1, 1, 1)])
def test_outside_the_calendar_is_an_error(day):
    with pytest.raises(DateOutOfRange, match=day.isoformat()):
        china_calendar().is_working_day(day)


@pytest.mark.parametrize("days, zh, en", [
    # The tail of Spring Festival 2025: swapped days off are named after the festival.
    ([dt.date(2025, 2, d) for d in (1, 2, 3, 4)], "春节", "Chinese New Year (Spring Festival)"),
    ([dt.date(2024, 10, d) for d in (5, 6, 7)], "国庆节", "National Day"),
    ([dt.date(2024, 11, 16), dt.date(2024, 11, 17)], None, None),  # a plain weekend
])
def test_a_run_of_days_off_is_named_after_its_holiday(days, zh, en):
    cal = china_calendar()
    assert cal.holiday_of(days, "zh") == zh
    assert cal.holiday_of(days, "en") == en


def test_agrees_with_chinese_calendar_2004_to_2026_but_one_documented_day():
    """Every day of 2004-2026; the only difference is Saturday 2005-12-31, a make-up working
    day in the State Council's 2006 notice (New Year 01-01..03), missing from chinese-calendar."""
    cal = china_calendar()
    day, differences = dt.date(2004, 1, 1), []
    while day <= dt.date(2026, 12, 31):
        if cal.is_working_day(day) != chinese_calendar.is_workday(day):
            differences.append(day)
        day += dt.timedelta(days=1)
    assert differences == [dt.date(2005, 12, 31)]
    assert cal.is_working_day(dt.date(2005, 12, 31)) and dt.date(2005, 12, 31) in cal.makeup_days


def test_a_run_that_starts_inside_a_holiday_is_named_after_it_once():
    """2024 National Day: 10-01..03 statutory, 10-04 and 10-07 swapped days off (State Council,
    2023-10-25); a window opening on Mon 10-07 alone still shows National Day. 2020-10-01 was
    both National Day and Mid-Autumn: one name, not the library's two joined by ";"."""
    calendar = china_calendar()
    assert calendar.holiday_of([dt.date(2024, 10, 7)], "en") == "National Day"
    assert calendar.holiday_of([dt.date(2024, 10, 7)], "zh") == "国庆节"
    both = calendar.holiday_of([dt.date(2020, 10, 1)], "en")
    assert both in ("National Day", "Mid-Autumn Festival"), both
