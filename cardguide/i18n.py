"""Interface text (``data/ui.toml``) and locale-aware dates via Babel."""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import lru_cache
from importlib import resources

from babel.dates import format_date
from babel.lists import format_list

LOCALES = {"zh": "zh_CN", "en": "en"}
#: The page's `lang` attribute per language (BCP 47).
HTML_LANG = {"zh": "zh-CN", "en": "en"}


@lru_cache(maxsize=1)
def _ui() -> dict:
    return tomllib.loads(resources.files("cardguide").joinpath("data/ui.toml").read_text("utf-8"))


def t(key: str, lang: str = "zh", **fields) -> str:
    """The interface text ``section.name`` in ``lang``, with ``fields`` filled in."""
    section, name = key.split(".")
    entry = _ui()[section][name]
    return (entry.get(lang) or entry["zh"]).format(**fields)


@lru_cache(maxsize=8192)
def long_date(day: dt.date, lang: str = "zh") -> str:
    """``2024年9月30日（星期一）`` / ``Mon, Sep 30, 2024``."""
    return format_date(day, t("dates.long", lang), locale=LOCALES.get(lang, "zh_CN"))


@lru_cache(maxsize=8192)
def short_date(day: dt.date, lang: str = "zh") -> str:
    """``10月8日（周二）`` / ``Tue, Oct 8``: for tables and ranges within one year."""
    return format_date(day, t("dates.short", lang), locale=LOCALES.get(lang, "zh_CN"))


def title_date(day: dt.date, lang: str = "zh") -> str:
    """A date as the page's title says it: 2024年9月30日 / Sep 30, 2024."""
    return format_date(day, t("dates.title", lang), locale=LOCALES.get(lang, "zh_CN"))


def date_span(first: dt.date, last: dt.date, lang: str = "zh") -> str:
    """``10月1日（周四）至10月7日（周三）`` / ``Thu, Oct 1 – Wed, Oct 7``; one day alone."""
    if first == last:
        return short_date(first, lang)
    return t("dates.span", lang, first=short_date(first, lang), last=short_date(last, lang))


def slider_label(day: dt.date, lang: str = "zh") -> str:
    """``2024-09-30 周一`` / ``2024-09-30 Mon``: ISO first, so labels sort and read alike."""
    return f"{day.isoformat()} {format_date(day, 'EEE', locale=LOCALES.get(lang, 'zh_CN'))}"


def month_name(month: int, lang: str = "zh") -> str:
    """``1月`` / ``Jan``."""
    return format_date(dt.date(2024, month, 1), "MMM", locale=LOCALES.get(lang, "zh_CN"))


def weekday_name(weekday: int, lang: str = "zh") -> str:
    """Monday = 0: ``周一`` / ``Mon``."""
    return format_date(dt.date(2024, 1, 1 + weekday), "EEE", locale=LOCALES.get(lang, "zh_CN"))


def year_list(years, lang: str = "zh") -> str:
    """``2027和2028`` / ``2027 and 2028``: the provisional years, as each language lists them."""
    return format_list([str(year) for year in years], locale=LOCALES.get(lang, "zh_CN"))
