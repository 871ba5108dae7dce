"""The reader's browser module (``cardguide/reader/timeline.js``), run in node over the bundle
the package writes, against the Python estimator, deadline, year grid and texts.

Every submission day of the years the slider offers around the fixed test day, every carrier,
remote on and off; every deadline of those years; one year view; the page's sentences, the
.ics (parsed with icalendar) and the .csv for a fixed set of cases in both languages; links.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import icalendar
import pytest

from cardguide.bundle import build_bundle
from cardguide.carriers import carriers
from cardguide.deadline import latest_submission
from cardguide.errors import CardguideError
from cardguide.export import filename, to_csv, to_ics
from cardguide.formats import DOWNLOADS
from cardguide.plan import Plan, parse_query
from cardguide.schedule import estimate, window_days
from cardguide.status import status
from cardguide.texts import (status_html, checklist_html, deadline_html, holder_notes_html, notes_html, stages_table_html,
                             summary_html)
from cardguide.workdays import china_calendar
from cardguide.yeargrid import window_grid

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "tests" / "js" / "reader_cases.mjs"
NODE = shutil.which("node") or shutil.which("nodejs")
TODAY = dt.date(2026, 12, 4)
#: The slider's years around TODAY (plan.date_range): last year to next year.
FIRST, LAST = dt.date(2025, 1, 1), dt.date(2027, 12, 31)
#: Days whose year-view window (twelve months) is compared, near the data's ends too.
TWELVE = [dt.date(2026, 12, 4), dt.date(2026, 1, 31), dt.date(2026, 12, 31), dt.date(2027, 1, 1),
          dt.date(2027, 2, 15), dt.date(2027, 12, 31), dt.date(2001, 1, 1), dt.date(2031, 6, 1)]
TEXT_CASES = [
    # (date, carrier, remote, own review days, deadline, whose name the card is in)
    ("2026-09-28", "china-mobile", False, None, None, "personal"),
    ("2026-09-29", "mvno", False, None, "2026-12-18", "company"),
    ("2026-02-12", "china-telecom", True, None, None, "reseller"),
    ("2026-10-09", "china-unicom", True, None, "2026-10-20", "iot"),
    ("2026-12-28", "china-broadnet", False, [2, 4, 9], "2027-02-26", "personal"),
    ("2027-09-30", "china-mobile", True, None, None, "company"),
    ("2025-01-24", "mvno", False, [1, 1, 1], "2025-01-10", "reseller"),
]
LINKS = [
    "", "date=2026-09-30&carrier=china-unicom&lang=en", "date=2024-13-01&carrier=nope&lang=fr&remote=2",
    "review=3,2,1&date=2031-01-01", "review=1，2，4&remote=1&by=2026-12-31&carrier=mvno",
    "review=a,b,c", "review=1,2", "date=2023-05-05", "by=2026-12-05&date=2026-12-04", "&&lang=en&x=1",
    "date=" + "9" * 60,
    "holder=company&lang=en", "holder=iot&date=2026-09-30", "holder=xyz&carrier=china-unicom&remote=1",
    "holder=&lang=en", "holder=Company", "holder=reseller&holder=%3Cb%3E",
]


#: Where a past request stands (issue 42): submission days around National Day 2026, Spring
#: Festival 2026, the 2026 Mid-Autumn weekend and a plain November weekend, each read on every
#: day from two days before to 40 after; two carriers, own review days, remote with and without forwarding.
STATUS_CASES = [
    [d.isoformat(), (d + dt.timedelta(days=n)).isoformat(),
     carrier, remote, review]
    for d in (dt.date(2026, 9, 24), dt.date(2026, 9, 29), dt.date(2026, 10, 3), dt.date(2026, 2, 13),
              dt.date(2026, 2, 16), dt.date(2026, 11, 20), dt.date(2026, 11, 21))
    for n in range(-2, 41)
    for carrier, remote, review in (("china-mobile", False, None), ("mvno", True, None),
                                    ("china-telecom", False, [2, 4, 6]), ("china-unicom", True, None))
]


def days(first: dt.date, last: dt.date):
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


@lru_cache(maxsize=1)
def node_results() -> dict:
    if NODE is None:
        pytest.fail("node is missing: make test installs Debian's nodejs")
    ids = list(carriers())
    jobs = {
        "every_day": {"kind": "every_day", "first": FIRST.isoformat(), "last": LAST.isoformat(), "carriers": ids},
        "latest": {"kind": "latest", "first": FIRST.isoformat(), "last": LAST.isoformat(), "carriers": ids, "remote": False},
        "latest_remote": {"kind": "latest", "first": "2027-01-01", "last": "2027-03-31", "carriers": ids, "remote": True},
        "year": {"kind": "year", "first": "2026-12-01", "last": "2027-11-30", "carrier": "mvno", "remote": True},
        "year_own": {"kind": "year", "first": "2026-01-01", "last": "2026-12-31", "carrier": "china-mobile",
                     "review": [3, 5, 8], "remote": False},
    }
    for n, (date, carrier, remote, review, by, holder) in enumerate(TEXT_CASES):
        for lang in ("zh", "en"):
            jobs[f"text{n}-{lang}"] = {"kind": "texts", "date": date, "carrier": carrier, "remote": remote,
                                       "review": review, "by": by, "lang": lang, "today": TODAY.isoformat(),
                                       "holder": holder}
    jobs["twelve"] = {"kind": "twelve", "days": [d.isoformat() for d in TWELVE]}
    jobs["status"] = {"kind": "status", "cases": STATUS_CASES, "table_lang": "en"}
    for n, query in enumerate(LINKS):
        jobs[f"link{n}"] = {"kind": "link", "query": query, "today": TODAY.isoformat()}
        jobs[f"link{n}-2031"] = {"kind": "link", "query": query, "today": "2031-03-01"}
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump({"bundle": build_bundle(TODAY), "jobs": jobs}, file, ensure_ascii=False)
    try:
        done = subprocess.run([NODE, str(RUNNER), file.name], capture_output=True, timeout=300, check=True)
    finally:
        Path(file.name).unlink()
    return json.loads(done.stdout)


def carrier_of(carrier: str, review):
    profile = carriers()[carrier]
    return profile.with_review_days(review) if review else profile


def test_every_day_every_carrier_remote_on_and_off():
    calendar = china_calendar()
    rows = node_results()["every_day"]
    expected = []
    for day in days(FIRST, LAST):
        for carrier in carriers():
            for remote in (False, True):
                est = estimate(day, carrier, remote=remote)
                named = [[run[0].isoformat(), run[-1].isoformat(), name]
                         for run, name in calendar.days_off_named(window_days(est), "zh") if name]
                expected.append([day.isoformat(), carrier, remote, *(s.completion.isoformat() for s in est.scenarios),
                                 est.follow_up.isoformat(), named])
    assert len(rows) == len(expected) == 1095 * len(carriers()) * 2  # every day of three years
    assert rows == expected


@pytest.mark.parametrize("job, remote, first, last", [
    ("latest", False, FIRST, LAST), ("latest_remote", True, dt.date(2027, 1, 1), dt.date(2027, 3, 31))])
def test_latest_day_for_every_deadline(job, remote, first, last):
    expected = []
    for day in days(first, last):
        for carrier in carriers():
            try:
                latest = latest_submission(day, carrier, remote=remote)
                expected.append([day.isoformat(), carrier, *(d.isoformat() for d in latest.days)])
            except CardguideError as exc:
                expected.append([day.isoformat(), carrier, exc.en])
    assert node_results()[job] == expected


@pytest.mark.parametrize("job, first, last, carrier, review, remote", [
    ("year", dt.date(2026, 12, 1), dt.date(2027, 11, 30), "mvno", None, True),
    ("year_own", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "china-mobile", (3, 5, 8), False)])
def test_year_view_worst_days(job, first, last, carrier, review, remote):
    grid = window_grid(first, last, carrier_of(carrier, review), remote=remote)
    got = node_results()[job]
    assert got["worst_days"] == grid.worst_days.tolist()
    assert got["provisional"] == list(grid.provisional_years)


def test_year_view_window():
    from cardguide.yeargrid import twelve_months

    assert node_results()["twelve"] == [[d.isoformat() for d in twelve_months(day)] for day in TWELVE]


def events(data: bytes | str) -> list[dict]:
    """Each component's properties, decoded; DTSTAMP is the moment of writing, not compared."""
    cal = icalendar.Calendar.from_ical(data)
    out = []
    for component in cal.walk():
        props = {}
        for name, value in component.property_items(recursive=False):
            if name in ("BEGIN", "END", "DTSTAMP"):
                continue
            props[name] = value.to_ical().decode() if hasattr(value, "to_ical") else str(value)
        out.append(props)
    return out


@pytest.mark.parametrize("case", range(len(TEXT_CASES)))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sentences_notes_and_files(case, lang):
    date, carrier, remote, review, by, holder = TEXT_CASES[case]
    got = node_results()[f"text{case}-{lang}"]
    est = estimate(dt.date.fromisoformat(date), carrier_of(carrier, review), remote=remote)
    deadline = dt.date.fromisoformat(by) if by else None
    assert got["summary"] == summary_html(est, lang)
    assert got["notes"] == notes_html(est, lang)
    assert got["table"] == stages_table_html(est, lang)
    assert got["csv"] == to_csv(est, lang)
    assert got["filename"] == filename(est, "ics")
    assert events(got["ics"].encode()) == events(to_ics(est, lang, deadline=deadline, holder=holder, today=TODAY))
    assert got["checklist"] == checklist_html(holder, lang)  # the scripts-off page's list, and the module's
    assert got["holder_notes"] == holder_notes_html(holder, lang)
    late = status(est, TODAY).phase == "late"  # on TODAY: the appeal's day and its reminder too
    assert len(events(got["ics"].encode())) == 5 + (deadline is not None) + 2 * late  # calendar, 3-5 events, alarms
    appeal = "的注销逾期：可以向电信管理机构申诉" if lang == "zh" else ": the cancellation is overdue; you can appeal"
    assert ("appeal-" in got["ics"]) == late == (appeal in got["plan_text"])
    # Every downloadable format of formats.py, written by the reader's page as the dashboard's link has it.
    assert sorted(got["files"]) == sorted(f.name for f in DOWNLOADS)
    for f in DOWNLOADS:
        python = f.file(est, lang, deadline, holder, today=TODAY).decode("utf-8")
        if f.name == "ics":
            assert events(got["files"][f.name].encode()) == events(python)
        else:
            assert got["files"][f.name] == python
    assert got["files"]["csv"].startswith("\ufeff")
    latest = None
    if deadline:
        try:
            latest = latest_submission(deadline, est.carrier, remote=remote, today=TODAY)
        except CardguideError as exc:
            latest = exc
    assert got["deadline"] == deadline_html(latest, lang, TODAY)


@pytest.mark.parametrize("today", [TODAY, dt.date(2031, 3, 1)])
@pytest.mark.parametrize("case", range(len(LINKS)))
def test_links_open_the_same_choice(case, today):
    query = LINKS[case]
    got = node_results()[f"link{case}" + ("-2031" if today.year == 2031 else "")]
    plan = Plan(today=today)
    plan.apply(*parse_query(query))
    assert got["submitted"] == plan.submitted.isoformat()
    assert got["carrier"] == plan.carrier_id
    assert got["remote"] == plan.remote
    assert got["lang"] == plan.lang
    assert got["deadline"] == (plan.deadline.isoformat() if plan.deadline else None)
    assert got["holder"] == plan.holder
    assert got["review"] == (list(plan.own_review_days[plan.carrier_id]) if plan.has_own_review_days else None)
    assert [got["first"], got["last"]] == [plan.first_day.isoformat(), plan.last_day.isoformat()]
    assert got["problems"] == [[p.zh, p.en] for p in plan.problems]
    assert got["today_note"] == ([plan.today_note.zh, plan.today_note.en] if plan.today_note else None)
    assert got["share"] == plan.share_query()


def test_status_on_a_grid_of_days_both_languages():
    """The module's status and its sentences equal Python's for every (D, T) of STATUS_CASES."""
    got = node_results()["status"]
    expected = []
    for date, today, carrier, remote, review in STATUS_CASES:
        est = estimate(dt.date.fromisoformat(date), carrier_of(carrier, review), remote=remote)
        st = status(est, dt.date.fromisoformat(today))
        day = lambda d: d.isoformat() if d else None  # noqa: E731
        expected.append([date, today, carrier, remote, st.phase, day(st.day1), st.working_day, st.of,
                         day(st.done_earliest), day(st.done_latest), day(st.follow_up), day(st.appeal_from),
                         [[day(r[0]), day(r[-1])] for r in st.days_off_passed],
                         [[day(r[0]), day(r[-1])] for r in st.days_off_ahead],
                         status_html(st, "zh"), status_html(st, "en"), st.stage_now,
                         stages_table_html(est, "en", st.stage_now)])
    assert len(got) == len(expected) == 7 * 43 * 4
    assert {row[4] for row in expected} == {"not-submitted", "waiting", "in-progress", "may-be-done", "late"}
    assert {row[16] for row in expected} >= {None, "initial", "forward", "review", "confirm"}  # every stage marked somewhere
    for mine, theirs in zip(got, expected):
        assert mine == theirs
