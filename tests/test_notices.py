"""A State Council holiday notice given as a TOML file (``CARDGUIDE_HOLIDAYS``): the real 2026
notice, written from the notice itself, reproduces chinese-calendar's 2026 day by day with
python-holidays' own 2026 hidden; each kind of bad file is refused with its message; with a
notice file the year is no longer provisional and the notes cite the notice."""

from __future__ import annotations

import datetime as dt
import json

import chinese_calendar
import pytest
from holidays.countries.china import ChinaStaticHolidays

from cardguide.notices import NoticeError, load_notice, load_notices
from cardguide.workdays import NOTICE_YEARS, WorkingCalendar
from conftest import run_cli

#: 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04), as an operator would type it.
NOTICE_2026 = """
year = 2026
source = "国务院办公厅关于2026年部分节假日安排的通知"
[[holiday]]
name_zh = "元旦"
name_en = "New Year's Day"
off = ["2026-01-01", "2026-01-03"]
work = ["2026-01-04"]
[[holiday]]
name_zh = "春节"
name_en = "Spring Festival"
off = ["2026-02-15", "2026-02-23"]
work = ["2026-02-14", "2026-02-28"]
[[holiday]]
name_zh = "清明节"
name_en = "Tomb-Sweeping Day"
off = ["2026-04-04", "2026-04-06"]
[[holiday]]
name_zh = "劳动节"
name_en = "Labour Day"
off = ["2026-05-01", "2026-05-05"]
work = ["2026-05-09"]
[[holiday]]
name_zh = "端午节"
name_en = "Dragon Boat Festival"
off = ["2026-06-19", "2026-06-21"]
[[holiday]]
name_zh = "中秋节"
name_en = "Mid-Autumn Festival"
off = ["2026-09-25", "2026-09-27"]
[[holiday]]
name_zh = "国庆节"
name_en = "National Day"
off = ["2026-10-01", "2026-10-07"]
work = ["2026-09-20", "2026-10-10"]
"""

#: A test notice for 2027 (the issue's example, not the real notice).
NOTICE_2027 = """
year = 2027
source = "测试用2027年放假通知"
[[holiday]]
name_zh = "春节"
name_en = "Spring Festival"
off = ["2027-02-05", "2027-02-13"]
work = ["2027-02-20"]
"""


def days_of(year):
    day = dt.date(year, 1, 1)
    while day.year == year:
        yield day
        day += dt.timedelta(days=1)


@pytest.fixture
def hidden_2026(monkeypatch):
    """python-holidays without its 2026 notice: only its rules are left for that year."""
    for name in ("special_public_holidays", "special_public_holidays_observed"):
        table = {y: v for y, v in getattr(ChinaStaticHolidays, name).items() if y != 2026}
        monkeypatch.setattr(ChinaStaticHolidays, name, table)


def test_the_2026_notice_as_a_file_gives_chinese_calendars_2026(tmp_path, hidden_2026):
    path = tmp_path / "2026.toml"
    path.write_text(NOTICE_2026, "utf-8")
    notice = load_notice(path, years=NOTICE_YEARS)
    expected = {day: chinese_calendar.is_workday(day) for day in days_of(2026)}
    without = WorkingCalendar(notices={})
    assert [d for d in expected if without.is_working_day(d) != expected[d]], "the monkeypatch hid nothing"
    calendar = WorkingCalendar(notices={2026: notice})
    assert {d: calendar.is_working_day(d) for d in expected} == expected
    assert calendar.holiday_name(dt.date(2026, 10, 5), "en") == "National Day"
    assert dt.date(2026, 9, 20) in calendar.makeup_days and dt.date(2026, 2, 14) in calendar.makeup_days
    assert calendar.holiday_of([dt.date(2026, 2, 23)], "zh") == "春节"
    # the years around it are python-holidays' own
    assert calendar.is_working_day(dt.date(2025, 10, 11)) and not calendar.is_working_day(dt.date(2025, 10, 8))


GOOD_HEAD = 'year = 2027\nsource = "通知"\n'


def holiday(off, work="[]", name="春节"):
    return f'[[holiday]]\nname_zh = "{name}"\nname_en = "X"\noff = {off}\nwork = {work}\n'


@pytest.mark.parametrize(("body", "zh", "en"), [
    (GOOD_HEAD + holiday('["2027-02-05", "2028-01-02"]'), "不在 2027 年内", "is outside its year, 2027"),
    (GOOD_HEAD + holiday('["2027-02-13", "2027-02-05"]'), "晚于最后一天", "is after its last"),
    (GOOD_HEAD + holiday('["2027-02-05", "2027-02-13"]') + holiday('["2027-02-13", "2027-02-15"]', name="元宵"),
     "放假日期重叠", "overlap"),
    (GOOD_HEAD + holiday('["2027-02-05", "2027-02-13"]', '["2027-02-17"]'), "不是周六或周日", "is not a Saturday or Sunday"),
    (GOOD_HEAD + holiday('["2027-02-05", "2027-02-13"]', '["2027-02-06"]'), "落在春节的放假日期内", "falls inside the days off of 春节"),
    (GOOD_HEAD + holiday('["2027-02-05", "2027-02-3"]'), "字段 holiday[1].off", "field holiday[1].off"),
    ('year = 2027\n' + holiday('["2027-02-05", "2027-02-13"]'), "字段 source", "field source"),
    ("year = 2027\nsource = [", "不是有效的 TOML", "is not valid TOML"),
    (GOOD_HEAD.replace("2027", "1999") + holiday('["1999-02-05", "1999-02-13"]'), "不在可用范围", "outside the years it can give"),
])
def test_each_fault_is_refused_with_its_message(tmp_path, body, zh, en):
    path = tmp_path / "bad.toml"
    path.write_text(body, "utf-8")
    with pytest.raises(NoticeError) as caught:
        load_notices([path], years=NOTICE_YEARS)
    assert zh in caught.value.message("zh") and en in caught.value.message("en")
    assert str(path) in caught.value.message("en")


def test_the_cli_refuses_a_bad_file_whole_with_status_2(tmp_path):
    good, bad = tmp_path / "2026.toml", tmp_path / "2027.toml"
    good.write_text(NOTICE_2026, "utf-8")
    bad.write_text(GOOD_HEAD + holiday('["2027-02-05", "2027-02-13"]', '["2027-02-17"]'), "utf-8")
    done = run_cli("estimate", "--date", "2026-09-28", "--carrier", "china-mobile", "--lang", "en",
                   env={"CARDGUIDE_HOLIDAYS": f"{good}:{bad}"}, process=True)
    assert done.returncode == 2 and done.stdout == b""
    assert "2027-02-17 is not a Saturday or Sunday" in done.stderr.decode() and "Traceback" not in done.stderr.decode()
    done = run_cli("serve", "--port", "1", env={"CARDGUIDE_HOLIDAYS": str(bad)}, process=True)
    assert done.returncode == 2 and "不是周六或周日" in done.stderr.decode()


def test_with_a_2027_notice_that_year_is_official_and_cited(tmp_path):
    path = tmp_path / "2027.toml"
    path.write_text(NOTICE_2027, "utf-8")
    args = ("estimate", "--date", "2027-02-03", "--carrier", "china-mobile", "--json")
    before = json.loads(run_cli(*args, process=True).stdout)
    assert before["provisional"] is True  # python-holidays 0.109 stops at 2026
    done = run_cli(*args, env={"CARDGUIDE_HOLIDAYS": str(path)}, process=True)
    after = json.loads(done.stdout)
    assert after["provisional"] is False
    # Wed 2027-02-03 handled the same day, one day of review Thu 02-04, then the file's days off
    # Fri 02-05..Sat 02-13 and Sun 02-14: confirmed Mon 02-15 (by hand; the rules alone give 02-05)
    assert after["scenarios"]["best"]["completion"] == "2027-02-15"
    text = run_cli(*args[:-1], "--lang", "en", env={"CARDGUIDE_HOLIDAYS": str(path)}, process=True).stdout.decode()
    assert "测试用2027年放假通知" in text and "not out yet" not in text


def test_the_reader_page_cites_the_notice_as_python_does(tmp_path, monkeypatch):
    """The bundle carries the notice's source; the browser module's notes equal Python's."""
    import shutil
    import subprocess

    from cardguide import workdays
    from cardguide.bundle import build_bundle
    from cardguide.schedule import estimate
    from cardguide.texts import notes_html
    from conftest import ROOT

    path = tmp_path / "2026.toml"
    path.write_text(NOTICE_2026, "utf-8")
    monkeypatch.setattr(workdays, "NOTICES", {2026: load_notice(path)})  # the same days as python-holidays' 2026
    bundle = build_bundle(dt.date(2026, 12, 4))
    assert bundle["calendar"]["notices"] == {"2026": "国务院办公厅关于2026年部分节假日安排的通知"}
    jobs = {lang: {"kind": "texts", "date": "2026-09-28", "carrier": "china-telecom", "remote": False,
                   "review": None, "by": None, "lang": lang, "today": "2026-12-04"} for lang in ("zh", "en")}
    data = tmp_path / "job.json"
    data.write_text(json.dumps({"bundle": bundle, "jobs": jobs}, ensure_ascii=False), "utf-8")
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "node is missing: make test installs Debian's nodejs"
    done = subprocess.run([node, str(ROOT / "tests/js/reader_cases.mjs"), str(data)], capture_output=True,
                          timeout=120, check=True)
    got = json.loads(done.stdout)
    from cardguide.carriers import get_carrier

    est = estimate(dt.date(2026, 9, 28), get_carrier("china-telecom"))
    for lang in ("zh", "en"):
        assert got[lang]["notes"] == notes_html(est, lang)
    assert "《国务院办公厅关于2026年部分节假日安排的通知》" in got["zh"]["notes"]
    assert "from a notice file the site&#x27;s operator added" in got["en"]["notes"]
