"""Where a request stands today (issue 42): ``status.status(estimate, today)``.

Expected values are worked out with chinese-calendar (an independent calendar: its
``is_workday`` is the only calendar these tests use) and the issue's definitions written
out here, never with the estimator's or workdays.py's own counts; a few cases are also
checked by hand against the State Council notices.
"""

from __future__ import annotations

import datetime as dt
import json

import chinese_calendar
import pytest

from cardguide.carriers import carriers
from cardguide.schedule import estimate
from cardguide.status import appeal_from, status

D = dt.date
ONE = dt.timedelta(days=1)
#: chinese-calendar 1.11 covers 2004-2026: the tests' days stay within it.
CC_LAST = D(2026, 12, 31)


def cc_first_workday(day: dt.date) -> dt.date:
    while not chinese_calendar.is_workday(day):
        day += ONE
    return day


def cc_nth_workday(day: dt.date, n: int) -> dt.date:
    """Working day n (1 = the first on or after ``day``), by chinese-calendar."""
    day = cc_first_workday(day)
    for _ in range(n - 1):
        day += ONE
        day = cc_first_workday(day)
    return day


def cc_count(first: dt.date, last: dt.date) -> int:
    """Working days from first through last, both counted when they are one."""
    count = 0
    while first <= last:
        count += chinese_calendar.is_workday(first)
        first += ONE
    return count


def cc_runs_off(first: dt.date, last: dt.date) -> list[tuple[dt.date, ...]]:
    runs, current = [], []
    while first <= last:
        if not chinese_calendar.is_workday(first):
            if current and current[-1] + ONE != first:
                runs.append(tuple(current))
                current = []
            current.append(first)
        first += ONE
    if current:
        runs.append(tuple(current))
    return runs


#: Days submitted around the 2024-2026 holidays and make-up days (调休).
SUBMITTED = [
    D(2024, 9, 27), D(2024, 9, 28), D(2024, 9, 29),  # 2024 National Day; Sun 09-29 a make-up day
    D(2024, 9, 30), D(2024, 10, 3),
    D(2025, 1, 24), D(2025, 1, 26), D(2025, 1, 27), D(2025, 1, 30),  # 2025 Spring Festival; Sun 01-26 make-up
    D(2025, 9, 26), D(2025, 9, 30), D(2025, 10, 5),  # 2025 National Day with Mid-Autumn
    D(2026, 2, 13), D(2026, 2, 14), D(2026, 2, 16),  # 2026 Spring Festival; Sat 02-14 make-up
    D(2026, 9, 18), D(2026, 9, 24), D(2026, 9, 29), D(2026, 10, 3), D(2026, 10, 9),  # Mid-Autumn, National Day
    D(2026, 11, 20), D(2026, 11, 21),  # a plain weekend
]
#: (carrier, own review days, remote) -> (forwarding best, worst) days and review (best, worst)
CHOICES = [
    ("china-mobile", None, False, (0, 0), (1, 3)),
    ("mvno", None, False, (0, 0), (2, 5)),
    ("china-telecom", (2, 4, 6), False, (0, 0), (2, 6)),  # own review days
    ("china-mobile", None, True, (7, 15), (1, 3)),  # remote: forwarding 7-15 working days (context.toml)
    ("china-unicom", None, True, (0, 0), (1, 3)),  # remote, but China Unicom forwards nothing
]


def expected(submitted: dt.date, today: dt.date, forwarding, review) -> dict:
    """The issue's definitions over chinese-calendar."""
    day1 = cc_first_workday(submitted)
    earliest = cc_nth_workday(submitted, forwarding[0] + review[0] + 2)  # day 1, f + r days, confirmation
    latest = cc_nth_workday(submitted, forwarding[1] + review[1] + 2)
    if today < submitted:
        phase = "not-submitted"
    elif today < day1:
        phase = "waiting"
    elif today < earliest:
        phase = "in-progress"
    elif today <= latest:
        phase = "may-be-done"
    else:
        phase = "late"
    return {"phase": phase, "day1": day1, "done_earliest": earliest, "done_latest": latest,
            "working_day": cc_count(day1, today) if today >= day1 else None, "of": cc_count(day1, latest),
            "follow_up": cc_first_workday(latest + ONE)}


@pytest.mark.parametrize("carrier, review, remote, forwarding, review_range", CHOICES)
def test_phase_and_counts_around_holidays(carrier, review, remote, forwarding, review_range):
    profile = carriers()[carrier]
    if review:
        profile = profile.with_review_days(review)
    seen = set()
    for submitted in SUBMITTED:
        est = estimate(submitted, profile, remote=remote)
        for offset in range(-2, 45):
            today = submitted + offset * ONE
            if today > CC_LAST:
                break
            got = status(est, today)
            want = expected(submitted, today, forwarding, review_range)
            assert {k: getattr(got, k) for k in want} == want, (submitted, today)
            assert got.today == today
            seen.add(got.phase)
    assert seen == {"not-submitted", "waiting", "in-progress", "may-be-done", "late"}


def test_days_off_passed_and_ahead():
    est = estimate(D(2026, 9, 24), "china-mobile")
    for offset in range(0, 30):
        today = D(2026, 9, 24) + offset * ONE
        got = status(est, today)
        assert list(got.days_off_passed) == cc_runs_off(D(2026, 9, 24), today)
        assert list(got.days_off_ahead) == cc_runs_off(today + ONE, got.done_latest)


def test_national_day_2026_by_hand():
    # Submitted Tue 2026-09-29: working days 09-29 (day 1), 09-30, then National Day 10-01..07
    # off, 10-08, 10-09, make-up Sat 10-10, Mon 10-12 (State Council notice of 2025-11-04).
    # Done at best on day 3 (review 1), at worst on day 5 (review 3).
    got = status(estimate(D(2026, 9, 29), "china-mobile"), D(2026, 10, 5))
    assert (got.phase, got.working_day, got.of) == ("in-progress", 2, 5)
    assert (got.day1, got.done_earliest, got.done_latest, got.follow_up) == (
        D(2026, 9, 29), D(2026, 10, 8), D(2026, 10, 10), D(2026, 10, 12))
    assert got.days_off_passed == (tuple(D(2026, 10, d) for d in range(1, 6)),)
    assert got.days_off_ahead == ((D(2026, 10, 6), D(2026, 10, 7)),)
    assert got.appeal_from is None


def test_waiting_over_a_weekend_and_a_make_up_sunday_by_hand():
    # Sat 2026-11-21, today Sun 11-22: no working day yet; day 1 is Mon 11-23.
    got = status(estimate(D(2026, 11, 21), "china-unicom"), D(2026, 11, 22))
    assert (got.phase, got.working_day, got.day1, got.of) == ("waiting", None, D(2026, 11, 23), 5)
    # Sat 2024-09-28, today Sun 09-29, a make-up working day: working day 1 of 5.
    got = status(estimate(D(2024, 9, 28), "china-mobile"), D(2024, 9, 29))
    assert (got.phase, got.working_day, got.day1) == ("in-progress", 1, D(2024, 9, 29))


def test_a_day_off_today_is_not_counted():
    # Fri 2026-11-20 submitted; Sat 11-21 and Sun 11-22 are days off: still working day 1.
    est = estimate(D(2026, 11, 20), "china-mobile")
    assert [status(est, D(2026, 11, d)).working_day for d in (20, 21, 22, 23)] == [1, 1, 1, 2]


def test_appeal_date():
    # Complaint Wed 2026-11-25: the 15 days are 11-26..12-10 (Thu, a working day): from Fri 12-11.
    assert appeal_from(D(2026, 11, 25)) == D(2026, 12, 11)
    # Complaint Wed 2026-09-16: the 15th day is Thu 10-01, National Day; the period ends on the
    # next working day, Thu 10-08 (notice 2025-11-04); appeal from Fri 10-09.
    assert appeal_from(D(2026, 9, 16)) == D(2026, 10, 9)
    # Complaint Fri 2026-11-13: the 15th day is Sat 11-28 (a plain weekend): ends Mon 11-30.
    assert appeal_from(D(2026, 11, 13)) == D(2026, 12, 1)
    for complained in [D(2025, 1, 1) + n * ONE for n in range(0, 700, 3)]:
        last = complained + 15 * ONE
        assert appeal_from(complained) == cc_first_workday(last) + ONE
    late = status(estimate(D(2026, 11, 2), "china-mobile"), D(2026, 11, 25))
    assert late.phase == "late" and late.appeal_from == D(2026, 12, 11)


# ---- the command line: `cardguide status` ----------------------------------------------

from conftest import run_cli  # noqa: E402


def test_cli_national_day_in_both_languages():
    args = ("status", "--date", "2026-09-29", "--carrier", "china-mobile", "--today", "2026-10-05")
    zh = run_cli(*args, process=True)  # python -m cardguide, as a reader runs it
    assert zh.returncode == 0 and zh.stderr == b""
    lines = zh.stdout.decode("utf-8").splitlines()
    # Worked by hand from the 2026 notice: 09-29 and 09-30 worked, 10-01..07 off, worst = day 5 = Sat 10-10.
    assert lines[0] == "今天是2026年10月5日（星期一）：正在办理，已过 2 个工作日（最慢共 5 个），今天休息。"
    assert "预计最快2026年10月8日（星期四）、最慢2026年10月10日（星期六）完成" in lines[1]
    assert lines[2] == "提交以来的休息日：10月1日（周四）至10月5日（周一）国庆节放假；这些天不算办理时间。"
    assert lines[3] == "到最慢完成日之前还有休息日：10月6日（周二）至10月7日（周三）国庆节放假。"
    en = run_cli(*args, "--lang", "en").stdout.decode("utf-8").splitlines()
    assert en[0] == "Today, Mon, Oct 5, 2026: in progress, 2 of 5 working days done (worst case), and today is a day off."
    assert en[3] == "Days off still ahead of the worst case: National Day off Tue, Oct 6 – Wed, Oct 7."


def test_cli_late_names_the_hotline_and_the_appeal_date():
    args = ("status", "--date", "2026-11-02", "--carrier", "china-mobile", "--today", "2026-11-25")
    zh = run_cli(*args).stdout.decode("utf-8")
    # Worst case Fri 11-06 (day 5); complaint on 11-25: the 15 days end Thu 12-10, appeal from Fri 12-11.
    assert "今天是2026年11月25日（星期三）：已经晚于最慢的预计完成日2026年11月6日（星期五）。" in zh
    assert "现在就联系中国移动跟进（10086）" in zh and "从2026年12月11日（星期五）起可以向电信管理机构申诉" in zh
    assert "工业和信息化部令第 35 号" in zh
    en = run_cli(*args, "--lang", "en").stdout.decode("utf-8")
    assert "Follow up with China Mobile now (10086)" in en
    assert "appeal to the telecom regulator from Fri, Dec 11, 2026." in en and "MIIT Order No. 35" in en


def test_cli_json():
    out = run_cli("status", "--date", "2026-11-21", "--carrier", "china-unicom", "--today", "2026-11-22", "--json")
    got = json.loads(out.stdout)
    # Sat 11-21, today Sun 11-22: day 1 is Mon 11-23; done Wed 11-25 at best, Fri 11-27 at worst; follow up Mon 11-30.
    assert {k: got[k] for k in ("today", "phase", "working_day", "of", "done_earliest", "done_latest", "follow_up")} == {
        "today": "2026-11-22", "phase": "waiting", "working_day": None, "of": 5, "done_earliest": "2026-11-25",
        "done_latest": "2026-11-27", "follow_up": "2026-11-30"}
    late = json.loads(run_cli("status", "--date", "2026-11-02", "--carrier", "mvno", "--review-days", "1,1,1",
                              "--today", "2026-11-25", "--json").stdout)
    assert (late["phase"], late["done_latest"], late["appeal_from"]) == ("late", "2026-11-04", "2026-12-11")


def test_cli_today_defaults_to_the_viewers_today():
    out = run_cli("status", "--date", "2026-11-19", "--carrier", "china-telecom", "--json",
                  env={"CARDGUIDE_TODAY": "2026-11-24"})
    assert json.loads(out.stdout)["today"] == "2026-11-24"


def test_cli_a_day_not_yet_passed_reads_as_a_plan():
    out = run_cli("status", "--date", "2026-11-30", "--carrier", "china-mobile", "--today", "2026-11-25", "--lang", "en")
    assert out.stdout.decode() == ("Today is Wed, Nov 25, 2026, and the submission day, Mon, Nov 30, 2026, has not passed: "
                                   "this is a plan; python -m cardguide estimate shows its stages.\n")


@pytest.mark.parametrize("today, zh, en", [
    ("2026-13-05", "“2026-13-05” 不是有效日期", "\"2026-13-05\" is not a valid date"),
    ("yesterday", "“yesterday” 不是有效日期", "\"yesterday\" is not a valid date"),
    ("2099-01-01", "日期 2099-01-01 超出日历范围", "Date 2099-01-01 is outside the calendar"),
])
def test_cli_bad_today_one_line_exit_2(today, zh, en):
    for lang, words in (("zh", zh), ("en", en)):
        out = run_cli("status", "--date", "2026-11-02", "--carrier", "china-mobile", "--today", today, "--lang", lang)
        err = out.stderr.decode("utf-8")
        assert out.returncode == 2 and out.stdout == b"" and err.count("\n") == 1 and words in err


@pytest.mark.parametrize("carrier, remote, stages", [
    # typical case, in working days from day 1: (key, how many working days)
    ("china-mobile", False, [("initial", 1), ("review", 2), ("confirm", 1)]),
    ("china-mobile", True, [("initial", 1), ("forward", 11), ("review", 2), ("confirm", 1)]),  # (7 + 15) // 2
])
def test_the_stage_under_way_is_the_typical_cases(carrier, remote, stages):
    keys = [key for key, n in stages for _ in range(n)]  # the stage of working day 1, 2, …
    for submitted in (D(2026, 9, 24), D(2026, 9, 29), D(2026, 2, 13), D(2026, 11, 21)):
        est = estimate(submitted, carrier, remote=remote)
        day1, typical = cc_first_workday(submitted), cc_nth_workday(submitted, len(keys))
        for offset in range(-2, 40):
            today = submitted + offset * ONE
            if today > CC_LAST:
                break
            want = keys[cc_count(day1, cc_first_workday(today)) - 1] if day1 <= today <= typical else None
            assert status(est, today).stage_now == want, (submitted, today)


def test_both_gantts_mark_today_when_it_is_in_range():
    from cardguide.figures import gantt_spec

    est = estimate(D(2026, 9, 29), "china-mobile")  # chart from 09-28 to the day after the follow-up, 10-13
    for lang, word in (("zh", "今天"), ("en", "Today")):
        layout = gantt_spec(est, lang, today=D(2026, 10, 5))["layout"]
        lines = [s for s in layout["shapes"] if s["type"] == "line" and s["x0"] == "2026-10-05 12:00"]
        assert len(lines) == 1 and lines[0]["x1"] == "2026-10-05 12:00"
        label = [a for a in layout["annotations"] if a["x"] == "2026-10-05 12:00"][0]
        assert label["text"] == word and label["font"]["weight"] == "bold"
    for outside in (D(2026, 9, 27), D(2026, 10, 14), None):
        layout = gantt_spec(est, "en", today=outside)["layout"]
        assert not [a for a in layout["annotations"] if "Today" in a["text"]]


def test_the_calendar_file_of_a_late_request_adds_the_appeal_day():
    import icalendar

    from cardguide.export import to_ics

    est = estimate(D(2026, 11, 2), "china-mobile")  # worst case Fri 11-06 (day 5)
    for lang, summary in (("zh", "中国移动的注销逾期：可以向电信管理机构申诉"),
                          ("en", "China Mobile: the cancellation is overdue; you can appeal to the telecom regulator")):
        cal = icalendar.Calendar.from_ical(to_ics(est, lang, today=D(2026, 11, 25)))
        appeal = [e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("appeal-")]
        assert len(appeal) == 1
        # Complaint Wed 11-25: 15 days end Thu 12-10, a working day (chinese-calendar): appeal from Fri 12-11.
        assert appeal[0].decoded("DTSTART") == D(2026, 12, 11) and appeal[0].decoded("DTEND") == D(2026, 12, 12)
        assert str(appeal[0]["SUMMARY"]) == summary
        assert [a.decoded("TRIGGER") for a in appeal[0].walk("VALARM")] == [dt.timedelta(hours=9)]
        assert ("35" in str(appeal[0]["DESCRIPTION"])) and ("2026" in str(appeal[0]["DESCRIPTION"]))
    for today in (None, D(2026, 11, 5), D(2026, 11, 6), D(2026, 11, 1)):  # no today, may be done, not yet submitted
        cal = icalendar.Calendar.from_ical(to_ics(est, "en", today=today))
        assert not [e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("appeal-")]


# ---- what comes after (issue 42, point 5): each note labelled and sourced ----------------------

AFTER_LABELS = {"zh": ("规定：", "惯例，并非规定：", "没有找到官方说法：", "运营商的说法，并非规定：", "原文的说法："),
                "en": ("Rule:", "Practice, not a rule:", "Nothing official found:", "A carrier's word, not a rule:",
                       "The article's word:")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_what_comes_after_is_labelled_and_sourced_on_the_page(lang):
    import re
    from html import unescape

    from cardguide.sections import context_html

    page = context_html(lang)
    blocks = re.findall(r'<div class="cg-fact cg-after" data-fact="after-(\w+)"><b>(.*?)</b>(.*?)</div>', page)
    assert [b[0] for b in blocks] == ["confirm", "number", "accounts", "balance"]
    for _, _, body in blocks:
        notes = re.findall(r'<p class="cg-holder-note">(.*?)<br><small class="cg-source">(.*?)</small></p>', body)
        assert notes
        for statement, source in notes:
            assert unescape(statement).startswith(AFTER_LABELS[lang]), statement
            assert re.search(r"20\d\d", source), source  # every source dated
    number = dict((b[0], b[2]) for b in blocks)["number"]
    # The only number of days held is China Mobile's own, labelled as a carrier's statement.
    if lang == "zh":
        assert "运营商的说法，并非规定：中国移动称，注销的号码要冻结 90 天" in number and "shine.cn" in number
    else:
        assert "A carrier&#x27;s word, not a rule: China Mobile says a cancelled number is frozen for 90 days" in number
    balance = dict((b[0], b[2]) for b in blocks)["balance"]
    assert ("没有找到官方说法" if lang == "zh" else "Nothing official found") in balance
