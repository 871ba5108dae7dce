"""Whose name the card is in (issue #36): the checklist and who applies follow the holder, in
both languages, in the CLI's table, the .ics and the dashboard; the link carries it; the
timeline never changes with it.

Expected words are written out by hand (``conftest.HOLDER_CHECKLISTS``, from the research
notes), never read from ``context.toml``. The reader's page is read back in a browser in
``test_reader_page.py``; the Voilà page in ``test_browser.py``; the one widget's trait and the
words its module draws the choice with, here.
"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import icalendar
import pytest

from cardguide.app import Dashboard
from cardguide.plan import Plan, parse_query
from conftest import HOLDER_CHECKLISTS, HOLDER_CHOICE, SAME_TIMELINE, run_cli

HOLDERS = ["personal", "company", "reseller", "iot"]
#: The table's heading line for each holder's checklist, as a reader reads it.
HEADINGS = {
    "personal": ("提交前自查（卡登记在你本人名下）", "Before you apply (card in your own name)"),
    "company": ("提交前自查（卡登记在你的公司名下）", "Before you apply (card in your company's name)"),
    "reseller": ("提交前自查（卡登记在卖卡的商家名下，或不清楚登记在谁名下）",
                 "Before you apply (card in a reseller's name, or you do not know whose)"),
    "iot": ("提交前自查（这是一张物联网卡）", "Before you apply (an IoT card)"),
}
#: How each statement under a checklist begins: a rule, only practice, nothing official, the article's.
LABELS = {
    "personal": (["这份清单是原文给的", "惯例，并非规定："], ["This list is the article's", "Practice, not a rule:"]),
    "company": (["规定：", "惯例，并非规定："], ["Rule:", "Practice, not a rule:"]),
    "reseller": (["规定：", "没有找到官方说法：", "规定："], ["Rule:", "Nothing official found:", "Rule:"]),
    "iot": (["规定：", "惯例，并非规定："], ["Rule:", "Practice, not a rule:"]),
}
#: A source a note must name, with its date (the research notes).
SOURCES = {
    "personal": ("原文，2024-09-22", "the article, 2024-09-22"),
    "company": ("工业和信息化部令第 25 号，2013-09-01 施行", "MIIT Order No. 25, in force 2013-09-01"),
    "reseller": ("工信部联网安函〔2021〕133号，2021-06", "notice No. 133 of 2021, June 2021"),
    "iot": ("《反电信网络诈骗法》，2022-12-01 施行", "Anti-Telecom and Online Fraud Law, in force 2022-12-01"),
}


def table(holder: str | None, lang: str) -> list[str]:
    args = ["estimate", "--date", "2026-09-30", "--carrier", "china-mobile", "--lang", lang]
    out = run_cli(*args, *(["--holder", holder] if holder else []))
    assert out.returncode == 0, out.stderr.decode()
    return out.stdout.decode().splitlines()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("holder", HOLDERS)
def test_the_cli_table_lists_what_to_bring_for_the_holder(holder, lang):
    lines = table(holder, lang)
    heading = HEADINGS[holder][lang == "en"]
    start = lines.index(heading)
    items = HOLDER_CHECKLISTS[holder][lang]
    assert lines[start + 1:start + 1 + len(items)] == [f"- {item}" for item in items]
    notes = lines[start + 1 + len(items):lines.index(SAME_TIMELINE[lang])]
    statements, sources = notes[::2], notes[1::2]
    labels = LABELS[holder][lang == "en"]
    assert len(statements) == len(labels) and all(s.startswith(label) for s, label in zip(statements, labels))
    source = "  来源：" if lang == "zh" else "  Source: "
    assert all(s.startswith(source) and re.search(r"\b20\d\d\b|20\d\d-", s) for s in sources), sources
    assert SOURCES[holder][lang == "en"] in "\n".join(sources)
    # the follow-up line and the notes come after it, as before
    assert lines[lines.index(SAME_TIMELINE[lang]) + 2].startswith(("若仍无回音", "If you have heard nothing"))


def test_the_default_holder_is_the_readers_own_and_the_article_says_so():
    assert table(None, "zh") == table("personal", "zh")
    lines = table(None, "en")
    assert "  Source: the article, 2024-09-22" in lines


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_timeline_is_identical_for_every_holder(lang):
    """The stage rows, completion and follow-up are the same lines whoever holds the card; the
    model's estimate is equal; the .ics's dates and window are the same events."""
    stages = {}
    for holder in HOLDERS:
        lines = table(holder, lang)
        checklist = lines.index(HEADINGS[holder][lang == "en"])
        stages[holder] = lines[:checklist] + [next(l for l in lines if l.startswith(("若仍无回音", "If you have")))]
    assert all(rows == stages["personal"] for rows in stages.values())
    estimates = []
    for holder in HOLDERS:
        plan = Plan(today=dt.date(2026, 11, 25))
        plan.apply(*parse_query(f"date=2026-09-30&carrier=china-telecom&holder={holder}"))
        assert plan.holder == holder
        estimates.append(plan.estimate)
    assert all(e == estimates[0] for e in estimates)
    windows = set()
    for holder in HOLDERS:
        out = run_cli("ics", "--date", "2026-09-30", "--carrier", "china-mobile", "--lang", lang, "--holder", holder)
        cal = icalendar.Calendar.from_ical(out.stdout)
        windows.add(tuple((str(e["uid"]), e["dtstart"].to_ical(), e["dtend"].to_ical(), str(e["description"]))
                          for e in cal.walk("VEVENT") if not str(e["uid"]).startswith("submit")))
    assert len(windows) == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("holder", HOLDERS)
def test_the_ics_before_you_go_follows_the_holder(holder, lang):
    out = run_cli("ics", "--date", "2026-09-30", "--carrier", "china-mobile", "--lang", lang, "--holder", holder)
    cal = icalendar.Calendar.from_ical(out.stdout)
    body = next(str(e["description"]) for e in cal.walk("VEVENT") if str(e["uid"]).startswith("submit"))
    items = HOLDER_CHECKLISTS[holder][lang]
    if lang == "en":  # within a sentence: "Before you go: materials ready (…); arrears paid (…)."
        items = [item[:1].lower() + item[1:] for item in items]
    joined = ("；" if lang == "zh" else "; ").join(items)
    assert body.startswith(("出发前确认：" if lang == "zh" else "Before you go: ") + joined + ("。" if lang == "zh" else "."))


@pytest.mark.parametrize("args, lang, message", [
    (["--holder", "xyz"], "zh", "cardguide：错误：未知的持卡类型 “xyz”；可选：personal, company, reseller, iot"),
    (["--holder", "xyz", "--lang", "en"], "en",
     'cardguide: error: Unknown holder "xyz"; choose one of: personal, company, reseller, iot'),
    (["--holder", "", "--lang", "en"], "en",
     'cardguide: error: Unknown holder ""; choose one of: personal, company, reseller, iot'),
    (["--holder", "Company"], "zh", "cardguide：错误：未知的持卡类型 “Company”；可选：personal, company, reseller, iot"),
])
def test_an_unknown_holder_on_the_command_line_is_one_line_and_exit_2(args, lang, message):
    for command in ("estimate", "ics"):
        out = run_cli(command, "--date", "2026-09-30", "--carrier", "china-mobile", *args)
        assert out.returncode == 2 and out.stdout == b""
        assert out.stderr.decode().strip() == message


def test_the_link_carries_the_holder_and_a_bad_one_loses_nothing_else():
    plan = Plan(today=dt.date(2026, 11, 25))
    plan.apply(*parse_query("date=2026-09-30&carrier=china-unicom&lang=en&holder=company"))
    assert plan.holder == "company" and plan.problems == []
    assert plan.share_query() == "date=2026-09-30&carrier=china-unicom&lang=en&holder=company"
    plan.holder = "personal"  # the default leaves the link as it was
    assert plan.share_query() == "date=2026-09-30&carrier=china-unicom&lang=en"
    bad = Plan(today=dt.date(2026, 11, 25))
    bad.apply(*parse_query("date=2026-09-30&carrier=china-unicom&remote=1&by=2026-12-31&holder=xyz&lang=en"))
    assert (bad.submitted, bad.carrier_id, bad.remote, bad.deadline, bad.lang, bad.holder) == (
        dt.date(2026, 9, 30), "china-unicom", True, dt.date(2026, 12, 31), "en", "personal")
    assert [(p.zh, p.en) for p in bad.problems] == [(
        "holder=“xyz” 无效，已忽略（可选 personal, company, reseller, iot）",
        'holder="xyz" is invalid and was ignored (personal, company, reseller, iot)')]


def test_the_dashboards_checklist_follows_the_choice_in_both_languages(monkeypatch):
    """The one widget (``app.Dashboard``): whose name the card is in is its ``holder`` trait,
    which the plan follows; the module draws the choice and the checklist from the widget's
    bundle (in a browser: test_browser.py). There, in both languages, the legend, the options in
    order and every holder's checklist are the hand-written ones; a choice from the page changes
    neither the answer nor the kernel's Gantt; the share link carries it; a value the plan refuses
    is put back; the viewer's link chooses it, and a link without ``holder=`` is the default."""
    app = Dashboard(today=dt.date(2026, 11, 25))
    assert app.holder == app.plan.holder == "personal"
    holders = {h["id"]: h for h in app.bundle["holders"]}
    assert list(holders) == HOLDERS
    for lang in ("zh", "en"):
        assert (app.bundle["ui"]["holder"]["legend"][lang], [holders[h]["option"][lang] for h in HOLDERS]) == (
            HOLDER_CHOICE[lang][0], HOLDER_CHOICE[lang][1])
        assert app.bundle["ui"]["holder"]["same_timeline"][lang] == SAME_TIMELINE[lang]
        assert {h: holders[h]["checklist"][lang] for h in HOLDERS} == {h: HOLDER_CHECKLISTS[h][lang] for h in HOLDERS}
    estimate, figure = app.plan.estimate, app.figure
    for holder in HOLDERS:
        app.set_state({"holder": holder})  # as the page sends it (the widget protocol)
        assert (app.holder, app.plan.holder) == (holder, holder)
        assert app.plan.estimate == estimate and app.figure == figure  # the timeline and its Gantt unchanged
    app.holder = "company"  # from Python
    assert app.plan.holder == "company" and "holder=company" in app.plan.share_query()
    app.set_state({"lang": "en"})
    assert (app.plan.lang, app.holder) == ("en", "company")
    for hostile in ("not-a-holder", "<script>alert(1)</script>", None, ["iot"]):  # untrusted input from the page
        app.set_state({"holder": hostile})
        assert (app.holder, app.plan.holder) == ("company", "company"), hostile
    # The viewer's link (Voilà puts it in the kernel's environment; no server here to wait for).
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("QUERY_STRING", "date=2026-09-30&carrier=china-mobile&lang=en&holder=iot")
    linked = Dashboard(today=dt.date(2026, 11, 25)).follow_link()
    assert (linked.holder, linked.plan.holder, linked.lang) == ("iot", "iot", "en")
    monkeypatch.setenv("QUERY_STRING", "date=2026-09-30&carrier=china-mobile&lang=en")
    plain = Dashboard(today=dt.date(2026, 11, 25)).follow_link()
    assert (plain.holder, plain.plan.holder) == ("personal", "personal")
