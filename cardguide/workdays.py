"""China's working-day calendar: weekends, statutory holidays and make-up working days (调休).

python-holidays holds the State Council's yearly notices. A year whose notice is in that data,
or in an operator's notice file (``notices.py``, ``CARDGUIDE_HOLIDAYS``), is *official*; a
later year only has rule-based holidays (no make-up days) and is *provisional*: its dates may
still move when the notice comes out.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property, lru_cache
from itertools import groupby

import holidays
import numpy as np
from holidays.countries.china import ChinaStaticHolidays

from .errors import DateOutOfRange
from .notices import Notice, NoticeError, load_notices, paths_from_env

ONE_DAY = dt.timedelta(days=1)
#: China Standard Time: UTC+8 all year (no daylight saving since 1991), Asia/Shanghai's offset.
BEIJING = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")


def beijing_today(now: dt.datetime | None = None) -> dt.date:
    """Today's date in Beijing, whatever the server's zone: the readers' today."""
    return (now or dt.datetime.now(dt.timezone.utc)).astimezone(BEIJING).date()

#: Years whose State Council notice (holidays and 调休 make-up days) python-holidays carries.
LIBRARY_YEARS = frozenset(ChinaStaticHolidays.special_public_holidays) | frozenset(
    ChinaStaticHolidays.special_public_holidays_observed
)
FIRST_YEAR = min(LIBRARY_YEARS)
#: The years a notice file may give: python-holidays' years and the two after them.
NOTICE_YEARS = range(FIRST_YEAR, max(LIBRARY_YEARS) + 3)
#: The operator's notice files, read once at start; a bad file refuses them all, and the
#: calendar then raises its message (the CLI and ``serve`` exit with status 2).
try:
    NOTICES: dict[int, Notice] = load_notices(paths_from_env(), years=NOTICE_YEARS)
    NOTICE_ERROR: NoticeError | None = None
except NoticeError as _error:
    NOTICES, NOTICE_ERROR = {}, _error
#: Years whose notice is known, from python-holidays or a notice file.
OFFICIAL_YEARS = LIBRARY_YEARS | frozenset(NOTICES)
#: Submissions are accepted from the first official year through the year after the last one.
LAST_YEAR = max(OFFICIAL_YEARS) + 1
#: Stages may run past the last submission year; the calendar knows one more year for them.
HORIZON_YEAR = LAST_YEAR + 1


def is_provisional(year: int) -> bool:
    """True when the year's holiday notice is not in the installed data."""
    return year not in OFFICIAL_YEARS


def notices_in(years) -> list[Notice]:
    """The operator's notice files for those years, to be cited wherever the answer is."""
    return [NOTICES[y] for y in years if y in NOTICES]


class WorkingCalendar:
    """Working days of mainland China between ``FIRST_YEAR`` and ``HORIZON_YEAR``."""

    first = dt.date(FIRST_YEAR, 1, 1)
    last = dt.date(HORIZON_YEAR, 12, 31)

    def __init__(self, notices: dict[int, Notice] | None = None):
        self.notices = NOTICES if notices is None else notices

    def _holidays(self, language: str, lang: str) -> holidays.HolidayBase:
        """python-holidays' calendar, with each notice file's year replaced by the file."""
        days = holidays.China(years=range(FIRST_YEAR, HORIZON_YEAR + 1), language=language)
        for year, notice in self.notices.items():
            for day in [d for d in days if d.year == year]:
                days.pop(day)
            days.weekend_workdays = {d for d in days.weekend_workdays if d.year != year} | set(notice.work_days)
            for holiday in notice.holidays:
                for day in holiday.days:
                    days[day] = holiday.name(lang)
        return days

    @cached_property
    def _zh(self) -> holidays.HolidayBase:
        return self._holidays("zh_CN", "zh")

    @cached_property
    def _en(self) -> holidays.HolidayBase:
        return self._holidays("en_US", "en")

    @cached_property
    def makeup_days(self) -> frozenset[dt.date]:
        """Weekend days that are working days because of a holiday swap."""
        return frozenset(self._zh.weekend_workdays)

    @cached_property
    def swapped_days_off(self) -> frozenset[dt.date]:
        """Weekdays off because a weekend was worked (休息日（由 … 调休）): named after the
        holiday they extend, never by python-holidays' own words for them."""
        return frozenset(d for d, name in self._en.items() if name.startswith("Day off"))

    @cached_property
    def busdaycalendar(self) -> np.busdaycalendar:
        """The same calendar for numpy's vectorised busday functions.

        Every weekday counts as a working day in the mask and every day off is a "holiday",
        because a weekmask cannot express make-up working weekends.
        """
        days = np.arange(np.datetime64(self.first), np.datetime64(self.last + ONE_DAY))
        off = [d for d in days.astype(object) if not self._zh.is_working_day(d)]
        return np.busdaycalendar(weekmask="1111111", holidays=np.array(off, dtype="datetime64[D]"))

    def check(self, day: dt.date) -> dt.date:
        if not (self.first <= day <= self.last):
            raise DateOutOfRange.of("calendar_range", date=day.isoformat(), first=self.first.isoformat(),
                                    last=self.last.isoformat())
        return day

    def is_working_day(self, day: dt.date) -> bool:
        return self._zh.is_working_day(self.check(day))

    def holiday_name(self, day: dt.date, lang: str = "zh") -> str | None:
        """The statutory holiday's name on that day, or None."""
        names = self._en if lang == "en" else self._zh
        return names.get(self.check(day))

    def holiday_of(self, days, lang: str = "zh") -> str | None:
        """The statutory holiday a run of days off belongs to, or None.

        Swapped days off (调休) are named after the holiday they extend, which may have begun
        before the run does: the search walks back through the days off before it.
        """
        days = list(days)
        if not days:
            return None
        day = days[0] - ONE_DAY
        while self.first <= day and not self.is_working_day(day):
            days.insert(0, day)
            day -= ONE_DAY
        names = [self.holiday_name(d, lang).split(";")[0] for d in days
                 if d in self._zh and d not in self.swapped_days_off]
        return max(names, key=names.count) if names else None  # 春节 over 除夕

    def days_off_named(self, days, lang: str = "zh") -> list[tuple[list[dt.date], str | None]]:
        """The runs of days off among ``days``, each with its holiday's name (or None for a
        plain weekend): the one naming the summary, the Gantt and the year view all use."""
        return [(run, self.holiday_of(run, lang)) for run in runs(d for d in days if not self.is_working_day(d))]

    def next_working_day(self, day: dt.date, *, inclusive: bool = False) -> dt.date:
        """The first working day after ``day`` (or on it, when ``inclusive``)."""
        if not inclusive:
            day += ONE_DAY
        while not self.is_working_day(day):
            day += ONE_DAY
        return day


def runs(days) -> list[list[dt.date]]:
    """Split days into runs of consecutive calendar days."""
    ordered = sorted(set(days))
    return [
        [d for _, d in group]
        for _, group in groupby(enumerate(ordered), key=lambda pair: pair[1] - dt.timedelta(days=pair[0]))
    ]


@lru_cache(maxsize=1)
def china_calendar() -> WorkingCalendar:
    """The one shared calendar; building python-holidays' tables takes a moment. Raises the
    notice files' fault, if there is one, so that no answer rests on half of them."""
    if NOTICE_ERROR is not None:
        raise NOTICE_ERROR
    return WorkingCalendar()
