"""A State Council holiday notice as data: one TOML file a year, for the weeks between the
notice (usually November) and a python-holidays release that carries it.

``CARDGUIDE_HOLIDAYS=PATH[:PATH…]`` names the files. For its year, a file *replaces* whatever
python-holidays has, real or provisional; that year is then official and the notes cite the
file's ``source``. A file is checked whole before anything is used: any fault refuses every
file, with a message in both languages (``errors.notice_*`` in ui.toml)::

    year = 2027
    source = "国务院办公厅关于2027年部分节假日安排的通知"
    [[holiday]]
    name_zh = "春节"
    name_en = "Spring Festival"
    off = ["2027-02-05", "2027-02-13"]   # first and last day off, inclusive
    work = ["2027-02-20"]                # make-up working days (weekend days), may be empty
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import CardguideError

ENV = "CARDGUIDE_HOLIDAYS"
ONE_DAY = dt.timedelta(days=1)


class NoticeError(CardguideError):
    """A holiday notice file that cannot be used."""


@dataclass(frozen=True)
class Holiday:
    name_zh: str
    name_en: str
    first: dt.date
    last: dt.date
    work: tuple[dt.date, ...]

    @property
    def days(self) -> list[dt.date]:
        return [self.first + ONE_DAY * n for n in range((self.last - self.first).days + 1)]

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_zh


@dataclass(frozen=True)
class Notice:
    year: int
    source: str
    holidays: tuple[Holiday, ...]
    path: str

    @property
    def work_days(self) -> frozenset[dt.date]:
        return frozenset(d for h in self.holidays for d in h.work)


def _date(value, path: str, field: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value  # TOML's own date literal
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise NoticeError.of("notice_field", path=path, field=field, value=repr(value)) from None


def load_notice(path: str | os.PathLike, *, years: range | None = None) -> Notice:
    """One notice file, checked: its dates in its year, each range in order, no overlap, each
    make-up day a Saturday or Sunday outside every range of days off."""
    name = str(path)
    try:
        data = tomllib.loads(Path(path).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise NoticeError.of("notice_unreadable", path=name, detail=str(exc)) from None
    year, source = data.get("year"), data.get("source")
    if not isinstance(year, int) or isinstance(year, bool):
        raise NoticeError.of("notice_field", path=name, field="year", value=repr(year))
    if years is not None and year not in years:
        raise NoticeError.of("notice_year_range", path=name, year=year, first=years[0], last=years[-1])
    if not isinstance(source, str) or not source.strip():
        raise NoticeError.of("notice_field", path=name, field="source", value=repr(source))
    entries = data.get("holiday")
    if not isinstance(entries, list) or not entries:
        raise NoticeError.of("notice_field", path=name, field="holiday", value=repr(entries))
    holidays = []
    for n, entry in enumerate(entries, 1):
        where = f"holiday[{n}]"
        if not isinstance(entry, dict):
            raise NoticeError.of("notice_field", path=name, field=where, value=repr(entry))
        for key in ("name_zh", "name_en"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise NoticeError.of("notice_field", path=name, field=f"{where}.{key}", value=repr(entry.get(key)))
        off, work = entry.get("off"), entry.get("work", [])
        if not isinstance(off, list) or len(off) != 2:
            raise NoticeError.of("notice_field", path=name, field=f"{where}.off", value=repr(off))
        if not isinstance(work, list):
            raise NoticeError.of("notice_field", path=name, field=f"{where}.work", value=repr(work))
        first, last = (_date(v, name, f"{where}.off") for v in off)
        work_days = tuple(_date(v, name, f"{where}.work") for v in work)
        for day in (first, last, *work_days):
            if day.year != year:
                raise NoticeError.of("notice_outside_year", path=name, date=day.isoformat(), year=year)
        if first > last:
            raise NoticeError.of("notice_order", path=name, holiday=entry["name_zh"], first=first.isoformat(),
                                 last=last.isoformat())
        for day in work_days:
            if day.weekday() < 5:
                raise NoticeError.of("notice_makeup_weekday", path=name, date=day.isoformat())
        holidays.append(Holiday(entry["name_zh"].strip(), entry["name_en"].strip(), first, last, work_days))
    ordered = sorted(holidays, key=lambda h: h.first)
    for before, after in zip(ordered, ordered[1:]):
        if after.first <= before.last:
            raise NoticeError.of("notice_overlap", path=name, one=before.name_zh, other=after.name_zh)
    for holiday in holidays:
        for day in holiday.work:
            inside = next((h for h in holidays if h.first <= day <= h.last), None)
            if inside:
                raise NoticeError.of("notice_makeup_inside", path=name, date=day.isoformat(), holiday=inside.name_zh)
    return Notice(year, source.strip(), tuple(ordered), name)


def load_notices(paths, *, years: range | None = None) -> dict[int, Notice]:
    """Every file, or none: a fault in one refuses them all (nothing half-applied)."""
    notices: dict[int, Notice] = {}
    for path in paths:
        notice = load_notice(path, years=years)
        if notice.year in notices:
            raise NoticeError.of("notice_twice", year=notice.year, one=notices[notice.year].path, other=notice.path)
        notices[notice.year] = notice
    return notices


def paths_from_env(environ=os.environ) -> list[str]:
    return [p for p in environ.get(ENV, "").split(os.pathsep) if p.strip()]
