"""The CLI's JSON and tables, whole, for cases worked out by hand from the State Council's
2024 and 2026 notices; the carrier fields come from parsing ``carriers.toml`` here."""

from __future__ import annotations

import datetime as dt
import tomllib
import unicodedata

from cardguide import estimate
from cardguide.deadline import latest_submission
from cardguide.report import as_dict, as_table, latest_dict, latest_table
from cardguide.workdays import LAST_YEAR, is_provisional
from conftest import ROOT

PROFILES = {c["id"]: c for c in tomllib.loads((ROOT / "cardguide" / "data" / "carriers.toml").read_text())["carrier"]}
UNICOM_EN = {"id": "china-unicom", "name": "China Unicom", "hotline": "10010", "review_days": [1, 2, 3],
             "assumption": False, "basis": "article", "source": PROFILES["china-unicom"]["source"]["en"]}
LABELS_EN = {"prepare": ("Prepare materials", "user"), "contact": ("Contact customer service", "user"),
             "apply": ("Submit the application", "user"), "initial": ("First handling (about 24 h)", "carrier"),
             "review": ("Carrier review", "carrier"), "confirm": ("Carrier confirms", "carrier")}


def stage(key: str, *days: str) -> dict:
    """A stage as the JSON gives it: its working days, within office hours 09:00-18:00."""
    label, actor = LABELS_EN[key]
    return {"key": key, "label": label, "actor": actor, "start": f"{days[0]}T09:00:00",
            "end": f"{days[-1]}T18:00:00", "days": list(days)}


def scenario(review: int, review_days: list[str], confirm: str) -> dict:
    day1 = "2024-09-27"  # Fri: the four steps of day 1 (first handling within about 24 h)
    return {"review_days": review, "forwarding_days": 0, "completion": confirm,
            "stages": [stage("prepare", day1), stage("contact", day1), stage("apply", day1),
                       stage("initial", day1), stage("review", *review_days), stage("confirm", confirm)]}


def test_json_for_a_hand_worked_case():
    # 2024 National Day: off Tue 10-01 to Mon 10-07; make-up working days Sun 09-29 and Sat
    # 10-12. Submitted Fri 09-27: review from the next working day, Sun 09-29, for 1/2/3 working
    # days (09-29, 09-30, 10-08), confirmed on the working day after; follow up the day after.
    expected = {
        "submitted": "2024-09-27",
        "carrier": UNICOM_EN,
        "remote": False,
        "scenarios": {
            "best": scenario(1, ["2024-09-29"], "2024-09-30"),
            "typical": scenario(2, ["2024-09-29", "2024-09-30"], "2024-10-08"),
            "worst": scenario(3, ["2024-09-29", "2024-09-30", "2024-10-08"], "2024-10-09"),
        },
        "follow_up": "2024-10-10",
        "provisional": False,
        "provisional_years": [],
    }
    assert as_dict(estimate(dt.date(2024, 9, 27), "china-unicom"), "en") == expected


def test_json_names_the_carrier_in_the_asked_language():
    data = as_dict(estimate(dt.date(2024, 9, 27), "china-broadnet"), "zh")
    broadnet = PROFILES["china-broadnet"]
    assert data["carrier"] == {"id": "china-broadnet", "name": "中国广电", "hotline": "10099", "review_days": [1, 2, 4],
                               "assumption": True, "basis": "assumption", "source": broadnet["source"]["zh"]}
    assert [s["label"] for s in data["scenarios"]["best"]["stages"]][:2] == ["准备材料", "联系客服"]


def test_a_provisional_year_is_named_in_the_json_and_the_table():
    assert is_provisional(LAST_YEAR)  # the year after the last notice: python-holidays' guess
    est = estimate(dt.date(LAST_YEAR, 6, 1), "china-mobile")
    data = as_dict(est, "en")
    assert data["provisional"] is True and data["provisional_years"] == [LAST_YEAR]
    assert as_table(est, "en").splitlines()[-1] == (
        f"Note: the holiday notice for {LAST_YEAR} is not yet published; dates follow the usual rules and may change.")


TABLE_EN = """\
China Unicom · submitted Fri, Sep 27, 2024
Review taken as 1/2/3 working days (best/typical/worst). Basis: the article. {source}

Stage                        Best         Typical                    Worst
---------------------------------------------------------------------------------------------
Prepare materials            Fri, Sep 27  Fri, Sep 27                Fri, Sep 27
Contact customer service     Fri, Sep 27  Fri, Sep 27                Fri, Sep 27
Submit the application       Fri, Sep 27  Fri, Sep 27                Fri, Sep 27
First handling (about 24 h)  Fri, Sep 27  Fri, Sep 27                Fri, Sep 27
Carrier review               Sun, Sep 29  Sun, Sep 29 – Mon, Sep 30  Sun, Sep 29 – Tue, Oct 8
Carrier confirms             Mon, Sep 30  Tue, Oct 8                 Wed, Oct 9
---------------------------------------------------------------------------------------------
Completion                   Mon, Sep 30  Tue, Oct 8                 Wed, Oct 9

Before you apply (card in your own name)
- Materials ready (ID original and copy, the card, account details such as the service password)
- Arrears paid (monthly fees and call charges)
- Contacts backed up (the number cannot be restored once cancelled)
This list is the article's, for a card registered to a private person's ID card, cancelled by that person.
  Source: the article, 2024-09-22
Practice, not a rule: carriers' apps and websites cancel only cards registered to a personal ID card.
  Source: content sites, consistent with each other but not official, read December 2026
The timeline is the same whoever's name the card is in: no source gives other durations.

If you have heard nothing, follow up with the carrier on Thu, Oct 10, 2024 (hotline 10010)."""


def test_table_for_the_same_case_whole():
    """Columns two spaces wider than their widest cell; the rule spans them but the last gap."""
    expected = TABLE_EN.format(source=PROFILES["china-unicom"]["source"]["en"])
    assert as_table(estimate(dt.date(2024, 9, 27), "china-unicom"), "en") == expected


def display_columns(line: str) -> list[int]:
    """Where each cell of a table row starts on a terminal (CJK characters take two columns)."""
    starts, column, previous = [], 0, " "
    for index, char in enumerate(line):
        if char != " " and previous == " " and (index == 0 or line[index - 2:index] == "  "):
            starts.append(column)
        column += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        previous = char
    return starts


def test_chinese_table_lines_up_on_a_terminal_and_adds_the_notes():
    table = as_table(estimate(dt.date(2024, 9, 27), "mvno", remote=True), "zh").splitlines()
    header = next(i for i, line in enumerate(table) if line.startswith("阶段"))
    rows = [line for line in table[header:header + 12] if line and not line.startswith("-")]
    assert len(rows) == 9  # heading, seven stages (forwarding added), completion
    assert {tuple(display_columns(row)) for row in rows} == {tuple(display_columns(rows[0]))}
    assert len(display_columns(rows[0])) == 4
    # The MVNO: an assumed review (2/3/5), no hotline; far from home, forwarding 7/11/15.
    assert "转归属省处理（假设）" in table[header + 6]
    assert table[-3].startswith("若仍无回音，2024年11月1日（星期五）联系运营商跟进。")
    assert table[-2].startswith("注意：") and "--review-days" in table[-2]
    assert table[-1].startswith("假设（未经证实）：异地销户") and "7 至 15 个工作日" in table[-1]


LATEST_EN = """\
Deadline: Mon, Oct 12, 2026 · China Mobile
Latest day to submit so that it is done on or before the deadline:
  Best     Fri, Oct 9
  Typical  Thu, Oct 8
  Worst    Wed, Sep 30

To be safe, submit by the worst-case day: Wed, Sep 30.
{passed}Review taken as 1/2/3 working days (best/typical/worst). Basis: the article. {source}"""


def test_latest_day_json_and_table_whole():
    # 2026 National Day: off Thu 10-01 to Wed 10-07; make-up Sun 09-20 and Sat 10-10. Done by
    # Mon 10-12 needs day 1 two, three or four working days before it: 10-09, 10-08, 09-30.
    latest = latest_submission(dt.date(2026, 10, 12), "china-mobile")
    mobile = PROFILES["china-mobile"]
    assert latest_dict(latest, "en") == {
        "deadline": "2026-10-12",
        "carrier": {"id": "china-mobile", "name": "China Mobile", "hotline": "10086", "review_days": [1, 2, 3],
                    "assumption": False, "basis": "article", "source": mobile["source"]["en"]},
        "remote": False,
        "latest": {"best": "2026-10-09", "typical": "2026-10-08", "worst": "2026-09-30"},
        "provisional": False,
    }
    source = mobile["source"]["en"]
    assert latest_table(latest, "en") == LATEST_EN.format(passed="", source=source)
    assert latest_table(latest, "en", today=dt.date(2026, 9, 30)) == LATEST_EN.format(passed="", source=source)
    passed = "Note: the worst-case day, Wed, Sep 30, has passed; only the faster cases can still make it.\n"
    assert latest_table(latest, "en", today=dt.date(2026, 10, 1)) == LATEST_EN.format(passed=passed, source=source)


def test_latest_day_far_from_home_adds_the_forwarding_assumption():
    table = latest_table(latest_submission(dt.date(2026, 10, 12), "mvno", remote=True), "zh").splitlines()
    assert table[0] == "截止日期：2026年10月12日（星期一） · 虚拟运营商"
    assert table[-2].startswith("审核按 2/3/5 个工作日（最快/典型/最慢）估算。依据：假设（未经证实）。")
    assert table[-1].startswith("假设（未经证实）：异地销户") and "7 至 15 个工作日（典型取中间值 11）" in table[-1]
    no_forwarding = latest_table(latest_submission(dt.date(2026, 10, 12), "china-unicom", remote=True), "en")
    assert "China Unicom" in no_forwarding.splitlines()[-1] and "7 to 15" not in no_forwarding


def test_a_deadline_in_a_provisional_year_says_so():
    latest = latest_submission(dt.date(LAST_YEAR, 6, 30), "china-mobile")
    assert latest.provisional
    assert latest_table(latest, "en").splitlines()[-1] == (
        f"Note: the holiday notice for {LAST_YEAR} is not yet published; dates follow the usual rules and may change.")
    assert latest_dict(latest, "zh")["provisional"] is True


def test_a_table_spanning_two_provisional_years_names_both():
    est = estimate(dt.date(LAST_YEAR, 12, 29), "china-mobile")  # runs into January of the next year
    assert is_provisional(LAST_YEAR + 1) and est.provisional_years == (LAST_YEAR, LAST_YEAR + 1)
    assert as_table(est, "en").splitlines()[-1] == (
        f"Note: the holiday notice for {LAST_YEAR} and {LAST_YEAR + 1} is not yet published; dates follow the usual "
        "rules and may change.")
    assert as_table(est, "zh").splitlines()[-1].startswith(f"注意：{LAST_YEAR}和{LAST_YEAR + 1} 年的放假安排尚未公布")


def test_a_carrier_with_no_source_ends_its_basis_at_the_basis():
    from cardguide.carriers import Carrier
    from cardguide.report import review_basis

    bare = Carrier(id="fast-co", review_days=(1, 1, 2))
    assert review_basis(bare, "en") == "Review taken as 1/1/2 working days (best/typical/worst). Basis: assumption (unverified)."
