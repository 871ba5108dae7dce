"""Bad input everywhere it can enter, in one table: the Python API, the CLI, link parameters
and the carrier file. Each case gets a specific message in both languages; the CLI exits 2
with one line; the dashboard shows a note, escapes it, and keeps working. (The browser test
`test_invalid_link_parameters_leave_a_note_and_run_nothing` covers the served page.)"""

from __future__ import annotations

import datetime as dt
import html

import pytest

from cardguide import CardguideError, estimate
from cardguide.app import Dashboard
from cardguide.plan import parse_query
from cardguide.carriers import Carrier, load_profiles, parse_review_days
from cardguide.schedule import parse_date
from cardguide.yeargrid import year_grid
from conftest import run_cli

HUGE = "x" * 100_000
API = [
    ("unknown carrier", lambda: estimate(dt.date(2024, 9, 30), "vodafone"), "未知的运营商", "Unknown carrier"),
    ("empty carrier", lambda: estimate(dt.date(2024, 9, 30), ""), "未知的运营商", "Unknown carrier"),
    ("huge carrier", lambda: estimate(dt.date(2024, 9, 30), HUGE), "未知的运营商", "Unknown carrier"),
    ("Feb 30", lambda: parse_date("2024-02-30"), "不是有效日期", "not a valid date"),
    ("empty date", lambda: parse_date(""), "不是有效日期", "not a valid date"),
    ("huge date", lambda: parse_date(HUGE), "不是有效日期", "not a valid date"),
    ("far past", lambda: estimate(dt.date(1999, 1, 1), "mvno"), "只能估算", "Estimates cover"),
    ("far future", lambda: estimate(dt.date(2099, 1, 1), "mvno"), "只能估算", "Estimates cover"),
    ("datetime", lambda: estimate(dt.datetime(2024, 9, 30), "mvno"), "必须是日期", "must be a datetime.date"),
    ("year grid out of range", lambda: year_grid(2000, "mvno"), "只能估算", "Estimates cover"),
    ("reversed review days", lambda: Carrier(id="a", review_days=(3, 2, 1)), "1 ≤ 最快", "1 ≤ best"),
    ("negative review days", lambda: Carrier(id="a", review_days=(-1, 2, 3)), "1 ≤ 最快", "1 ≤ best"),
    ("review days as text", lambda: Carrier(id="a", review_days=("1", 2, 3)), "三个整数", "three whole numbers"),
    ("typed review days", lambda: parse_review_days("1,2.5,3"), "不是整数", "not one"),
    ("bad carrier id", lambda: Carrier(id="<script>", review_days=(1, 2, 3)), "无效", "invalid"),
]


@pytest.mark.parametrize("name, call, zh, en", API, ids=[c[0] for c in API])
def test_api(name, call, zh, en):
    with pytest.raises(CardguideError) as error:
        call()
    assert zh in error.value.message("zh") and en in error.value.message("en")
    assert len(error.value.message("en")) < 400  # bad input is echoed back shortened


FILES = [
    ("missing file", None, "无法读取运营商配置文件", "Cannot read the carrier profile file"),
    ("a directory", "DIR", "无法读取运营商配置文件", "Cannot read the carrier profile file"),
    ("not UTF-8", b"\xff\xfe\x00bad", "不是 UTF-8", "not UTF-8"),
    ("not TOML", b"[[carrier]\nid =", "不是有效的 TOML", "not valid TOML"),
    ("no carriers", b"title = 'x'\n", "没有找到 [[carrier]]", "no [[carrier]] entries"),
    ("negative days", b"[[carrier]]\nid='a'\nname={zh='a',en='a'}\nreview_days=[-1,2,3]\n", "1 ≤ 最快", "1 ≤ best"),
    ("reversed days", b"[[carrier]]\nid='a'\nname={zh='a',en='a'}\nreview_days=[3,2,1]\n", "1 ≤ 最快", "1 ≤ best"),
]


@pytest.mark.parametrize("name, content, zh, en", FILES, ids=[c[0] for c in FILES])
def test_carrier_file(tmp_path, name, content, zh, en):
    path = tmp_path / "carriers.toml"
    if content == "DIR":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    with pytest.raises(CardguideError) as error:
        load_profiles(path)
    assert zh in error.value.message("zh") and en in error.value.message("en")
    out = run_cli("estimate", "--date", "2024-09-30", "--carrier", "a", env={"CARDGUIDE_CARRIERS": str(path)})
    assert out.returncode == 2 and zh in out.stderr.decode() and "Traceback" not in out.stderr.decode()


CLI = [
    (["--date", "2024-02-30"], "不是有效日期"),
    (["--date", "\udcff\udcfe"], "不是有效日期"),  # non-UTF-8 bytes on the command line
    (["--carrier", "<script>alert(1)</script>"], "未知的运营商"),
    (["--date", "0001-01-01"], "只能估算"),
    (["--holder", "xyz"], "未知的持卡类型 “xyz”；可选：personal, company, reseller, iot"),
    (["--holder", "<script>"], "未知的持卡类型 “<script>”"),
]


@pytest.mark.parametrize("args, zh", CLI)
def test_cli(args, zh):
    full = {"--date": "2024-09-30", "--carrier": "china-mobile"}
    full.update(dict(zip(args[::2], args[1::2])))
    argv = [item for pair in full.items() for item in pair]
    raw = any("\udcff" in a for a in argv)  # bytes only a real command line can carry
    argv = [a.encode("utf-8", "surrogateescape") if "\udcff" in a else a for a in argv]
    out = run_cli("estimate", *argv, process=raw)
    err = out.stderr.decode()
    assert out.returncode == 2 and zh in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


LINKS = [
    ("carrier=%3Cscript%3Ealert(1)%3C/script%3E", "未知的运营商", "&lt;script&gt;"),
    ("date=9999-99-99", "不是有效日期", "9999-99-99"),
    ("date=%FF%FE", "不是有效日期", "��"),  # non-UTF-8 in the URL
    ("lang=xx", "语言", "xx"),
    ("remote=yes", "remote=", "yes"),
    ("review=abc", "不是整数", "abc"),
    ("holder=xyz", "holder=“xyz” 无效，已忽略（可选 personal, company, reseller, iot）", "xyz"),
    ("holder=%3Cscript%3E", "holder=", "&lt;script&gt;"),
    ("holder=" + "h" * 5000, "holder=", "…"),
    ("date=" + "9" * 5000, "不是有效日期", "…"),
]


@pytest.mark.parametrize("query, zh, shown", LINKS)
def test_link_parameters(query, zh, shown):
    settings, problems = parse_query(query)
    assert len(problems) == 1 and zh in problems[0].message("zh") and problems[0].message("en")
    app = Dashboard(today=dt.date(2026, 11, 25))
    app.plan.apply(settings, problems)
    note = app.problems[0]["zh"]  # the page escapes it (test_reader_page's hostile link)
    assert len(app.problems) == 1 and zh in note and html.unescape(shown) in note
    assert (app.date, app.carrier) == ("2026-11-25", "china-mobile") and app.figure["data"]  # the defaults, still working


def messages(call) -> tuple[str, str]:
    with pytest.raises(CardguideError) as error:
        call()
    return error.value.message("en"), error.value.message("zh")


def test_whole_messages_name_the_value_and_the_bounds(tmp_path):
    """Each message in full, so every value it quotes is checked (the bounds from the data)."""
    from cardguide.carriers import load_profiles
    from cardguide.deadline import latest_submission
    from cardguide.workdays import FIRST_YEAR, LAST_YEAR, china_calendar

    calendar = china_calendar()
    assert calendar.check(calendar.first) == calendar.first and calendar.check(calendar.last) == calendar.last
    after = calendar.last + dt.timedelta(days=1)
    assert messages(lambda: calendar.check(after))[0] == (
        f"Date {after} is outside the calendar ({calendar.first} to {calendar.last})")
    assert messages(lambda: latest_submission("2026-10-12", "china-mobile")) == (
        "The submission date must be a datetime.date, not str", "提交日期必须是日期（datetime.date），而不是 str")
    late = dt.date(LAST_YEAR + 1, 1, 5)
    assert messages(lambda: latest_submission(late, "china-mobile"))[0] == (
        f"Deadlines cover {FIRST_YEAR} to {LAST_YEAR}; {late} is outside")
    early = dt.date(FIRST_YEAR, 1, 3)
    assert messages(lambda: latest_submission(early, "china-mobile"))[0] == (
        f"{early} is too early: the calendar has no submission day that finishes by then")
    assert latest_submission(dt.date(FIRST_YEAR, 1, 20), "china-mobile").worst.year == FIRST_YEAR
    # Done by Mon 2026-10-12 needs, at best, submitting by Fri 10-09 (test_deadline).
    assert messages(lambda: latest_submission(dt.date(2026, 10, 12), "china-mobile", today=dt.date(2026, 10, 10))) == (
        "Too late: to be done by 2026-10-12, even the best case needed submitting by 2026-10-09, and today is 2026-10-10",
        "来不及了：要在 2026-10-12 前办完，最晚须在 2026-10-09 提交（最快情况），而今天已是 2026-10-10")
    missing = tmp_path / "missing.toml"
    assert messages(lambda: load_profiles(missing))[0] == (
        f"Cannot read the carrier profile file {missing} (No such file or directory)")
    (tmp_path / "gbk.toml").write_bytes("名".encode("gbk"))
    assert messages(lambda: load_profiles(tmp_path / "gbk.toml")) == (
        "gbk.toml is not UTF-8 text", "gbk.toml 不是 UTF-8 编码的文本")
    (tmp_path / "broken.toml").write_text("a = [", encoding="utf-8")
    english = messages(lambda: load_profiles(tmp_path / "broken.toml"))[0]
    assert english == "broken.toml is not valid TOML: Invalid value (at end of document)"  # tomllib's reason, quoted
