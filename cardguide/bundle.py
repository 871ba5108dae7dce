"""The reader's data bundle: everything the browser module (``reader/timeline.js``) computes
from, written by the package so that Python stays the one source of truth.

The heavy work runs here, once: python-holidays' calendar becomes one character per day,
each run of days off gets the name ``WorkingCalendar.holiday_of`` gives it, Babel's CLDR
date patterns become tokens and names, and every user-facing word comes from ``ui.toml``,
``article.toml``, ``context.toml`` and the carrier profiles. The module holds no calendar,
rule or word of its own; ``tests/test_reader_parity.py`` holds the two equal.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from importlib import resources

from babel import Locale
from babel.dates import format_date, parse_pattern

from .article import article, checklist_items, context, holder_data, holder_notes, holders, text
from .carriers import MAX_REVIEW_DAYS, carriers
from .export import PRODID, REMINDER
from .formats import DOWNLOADS
from .figures import COLOURS, COLOURS_DARK, EDGES, EDGES_DARK, YL_OR_RD, ink
from .i18n import HTML_LANG, LOCALES, t
from .schedule import CARRIER_STAGES, USER_STEPS
from .sections import SECTIONS, context_html, section_html
from .texts import skeleton_html
from .workdays import FIRST_YEAR, LAST_YEAR, china_calendar, is_provisional, notices_in, runs

#: Bumped when the bundle's shape changes; the module refuses a bundle of another version.
VERSION = 2
#: What a page's first answer does not need: the article's sections (the reader's page has its
#: own language's in its HTML) and the widget box's skeleton (a kernel host's, which gets the whole
#: bundle). A page fetches them once it has answered (``site.write_site``'s ``more.json``): a third
#: of the bundle's bytes off a phone's first second.
LATER = ("article", "skeleton")
#: The CLDR fields the module knows how to fill; a pattern with any other is refused here.
DATE_FIELDS = {"y", "M", "d", "MMM", "EEE", "EEEE"}
#: The chat apps whose own browsers cannot save a file (a blob: download does nothing), by a
#: token of their user agents (public samples 2021-2026, docs/testing.md): WeChat, QQ, Alipay,
#: Douyin (two), Weibo. The reader's page offers the plan as text to copy there.
CHAT_APPS = ("MicroMessenger", "QQ/", "AlipayClient", "aweme", "BytedanceWebview", "Weibo")
#: Day kinds, one character per calendar day.
WORKING, OFF, MAKEUP = "w", "o", "m"


def date_tokens(pattern: str) -> list:
    """A CLDR pattern as ``["literal", ["field"], …]`` (Babel parses it)."""
    tokens = []
    for literal, field in re.findall(r"([^%]*)(?:%\((\w+)\)s)?", parse_pattern(pattern).format):
        if literal:
            tokens.append(literal.replace("%%", "%"))
        if field:
            if field not in DATE_FIELDS:
                raise ValueError(f"date field {field} is not one the reader's module fills")
            tokens.append([field])
    return tokens


def date_words(lang: str) -> dict:
    """Babel's names and patterns for ``lang``: what ``i18n.long_date`` and friends use."""
    locale = LOCALES[lang]
    monday = dt.date(2024, 1, 1)
    lists = Locale.parse(locale).list_patterns["standard"]
    return {
        "long": date_tokens(t("dates.long", lang)),
        "short": date_tokens(t("dates.short", lang)),
        "title": date_tokens(t("dates.title", lang)),
        "MMM": [format_date(dt.date(2024, m, 1), "MMM", locale=locale) for m in range(1, 13)],
        "EEE": [format_date(monday + dt.timedelta(days=d), "EEE", locale=locale) for d in range(7)],
        "EEEE": [format_date(monday + dt.timedelta(days=d), "EEEE", locale=locale) for d in range(7)],
        "list": {key: lists[key] for key in ("start", "middle", "end", "2")},
    }


def calendar_data() -> dict:
    """The working days from ``FIRST_YEAR`` through the horizon, and the named runs of days off."""
    calendar = china_calendar()
    count = (calendar.last - calendar.first).days + 1
    days = [calendar.first + dt.timedelta(days=n) for n in range(count)]
    kinds = "".join(
        (MAKEUP if day in calendar.makeup_days else WORKING) if calendar.is_working_day(day) else OFF
        for day in days)
    names: list[list[str]] = []
    named = []
    for run in runs(day for day, kind in zip(days, kinds) if kind == OFF):
        zh, en = calendar.holiday_of(run, "zh"), calendar.holiday_of(run, "en")
        if zh is None:
            continue
        pair = [zh, en]
        if pair not in names:
            names.append(pair)
        named.append([(run[0] - calendar.first).days, (run[-1] - calendar.first).days, names.index(pair)])
    return {"first": calendar.first.isoformat(), "days": kinds, "runs": named, "names": names,
            "provisional": [y for y in range(calendar.first.year, calendar.last.year + 1) if is_provisional(y)],
            "notices": {str(n.year): n.source for n in notices_in(range(calendar.first.year, calendar.last.year + 1))}}


def carrier_data() -> list[dict]:
    return [{"id": c.id, "review_days": list(c.review_days), "name": {"zh": c.name_zh, "en": c.name_en},
             "phrase": {"zh": c.phrase("zh"), "en": c.phrase("en")},
             "short": {"zh": c.short("zh"), "en": c.short("en")}, "hotline": c.hotline,
             "assumption": c.assumption, "source": {"zh": c.source_zh, "en": c.source_en},
             "remote_forwarding": c.remote_forwarding} for c in carriers().values()]


def article_html(lang: str) -> str:
    """The article's six sections and the context, as the module shows them."""
    return "".join(section_html(s, lang) for s in SECTIONS) + context_html(lang)


def _e(value: str) -> str:
    from html import escape

    return escape(value)


def _ui() -> dict:
    return tomllib.loads(resources.files("cardguide").joinpath("data/ui.toml").read_text("utf-8"))


def split_bundle(bundle: dict) -> tuple[dict, dict]:
    """The bundle as a page fetches it: what the first answer needs, and the rest (``LATER``)."""
    return {k: v for k, v in bundle.items() if k not in LATER}, {k: bundle[k] for k in LATER}


def build_bundle(built: dt.date) -> dict:
    """The bundle as JSON-ready data; ``built`` is the day it was written (said on the page)."""
    remote = context()["remote"]
    stages = {key: article().stage_label(key) for key in (*USER_STEPS, *CARRIER_STAGES)}
    meta = article()["meta"]
    return {
        "version": VERSION,
        "built": built.isoformat(),
        "years": [FIRST_YEAR, LAST_YEAR],
        "calendar": calendar_data(),
        "carriers": carrier_data(),
        "max_review": MAX_REVIEW_DAYS,
        "remote": {"forwarding_days": remote["forwarding_days"], "note": remote["note"],
                   "note_no_forwarding": remote["note_no_forwarding"], "option": remote["option"]},
        "stages": stages,
        "user_steps": list(USER_STEPS),
        "ui": _ui(),
        "dates": {lang: date_words(lang) for lang in LOCALES},
        "html_lang": HTML_LANG,
        "meta": {"title": meta["title"], "source": meta["source"]},
        # whose name the card is in: the choice's options, each holder's checklist and what it rests on
        "holders": [{"id": h, "option": holder_data(h)["option"],
                     "checklist": {lang: checklist_items(lang, h) for lang in LOCALES},
                     "notes": {lang: [list(n) for n in holder_notes(h, lang)] for lang in LOCALES}} for h in holders()],
        "article": {lang: article_html(lang) for lang in LOCALES},
        # What the module draws in a kernel host's widget box (the pages' HTML is the same function's).
        "skeleton": {lang: skeleton_html(lang) for lang in LOCALES},
        "ics": {"prodid": PRODID, "reminder_hours": REMINDER.seconds // 3600},
        "chat_apps": list(CHAT_APPS),
        # Where a past request stands (status.py, texts.status_lines): the complaint's days and the
        # rule's source, and the article's FAQ answer on how to check that a card is cancelled.
        "status": {"complaint_days": context()["appeal"]["complaint_days"], "source": context()["appeal"]["source"],
                   "verify": next(i for i in article()["faq"]["items"] if i["id"] == "verify")["answer"]},
        "downloads": [{"name": f.name, "media_type": f.media_type, "label": f.download, "bom": f.bom} for f in DOWNLOADS],
        "colours": {**COLOURS, "edges": EDGES, "scale": list(YL_OR_RD), "ink": [ink(c) for c in YL_OR_RD],
                    "dark": {**COLOURS_DARK, "edges": EDGES_DARK}},  # a dark page's chart (prefers-color-scheme)
    }
