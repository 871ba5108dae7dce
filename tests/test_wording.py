"""Every rendered string family, read as a Chinese and as an English reader would.

The families: the page's sections and context, the summary sentence, the notes, the chart
(title, subtitle, legend, hover, holiday labels), the year view's hover, the CLI table and JSON,
the .ics and the .csv; in both languages, on dates around 2026 National Day, a weekend, Spring
Festival, a provisional year (whichever the installed data makes provisional), every carrier,
with and without the remote option and the user's own review days.

The patterns rejected are the slips an editor found (docs/testing.md), written from reading, not from
the code's output: a label said twice ("内容整理自 依据", "【假设】假设：", "[Article] Article:",
"来源：假设：", "the the"), nested full-width brackets, a half-width colon after Chinese text,
US-style dates, and in English any Chinese outside a bracketed gloss or an ASCII "<=".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import icalendar

from cardguide.status import status
from cardguide.texts import status_lines
import pytest

from cardguide import carriers, estimate
from cardguide.deadline import latest_submission
from cardguide.texts import deadline_html, notes_html, summary_html
from cardguide.export import to_csv, to_ics
from cardguide.figures import gantt_spec, year_cells
from cardguide.report import as_dict, as_table
from cardguide.article import SECTIONS as SECTION_ORDER
from cardguide.sections import context_html, section_html, section_text
from cardguide.workdays import LAST_YEAR
from cardguide.yeargrid import year_grid

CJK = re.compile(r"[\u4e00-\u9fff]")
TAG = re.compile(r"<[^>]+>")

#: 2026-09-30: the eve of National Day; 2026-09-26: a Saturday; 2026-02-13: the Friday before
#: Spring Festival; March of the last year the calendar accepts: provisional (no notice yet).
DATES = [dt.date(2026, 9, 30), dt.date(2026, 9, 26), dt.date(2026, 2, 13), dt.date(LAST_YEAR, 3, 10)]

SLIPS = {
    "a label twice in a row": re.compile(r"(内容整理自|依据|来源|假设|Basis|Source|Assumption)[\s:：]*\1"),
    "a source labelled as both": re.compile(r"(内容整理自|依据|来源)[：:]?\s*(依据|来源|整理)"),
    "a bracketed label repeated": re.compile(r"【([^】]+)】\s*\1|\[([^\]]+)\]\s*\2"),
    "a source that is an assumption": re.compile(r"(来源|Source)[：:]\s*(假设|Assumption)"),
    "nested full-width brackets": re.compile(r"（[^（）]*（|【[^【】]*【"),
    "a half-width colon after Chinese": re.compile(r"[\u4e00-\u9fff]:"),
    "a US-style date": re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b"),
    "python-holidays' raw names": re.compile(r"由 \d{4}-\d\d-\d\d 调休|substituted from|\(observed\)|补假"),
}
ENGLISH_SLIPS = {
    "the same word twice": re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE),
    "an ASCII less-or-equal": re.compile(r"<="),
    "a dangling 'Submitted to'": re.compile(r"Submitted to"),
    "the wrong tense for the worst case": re.compile(r"worst case was done", re.IGNORECASE),
    "nested brackets": re.compile(r"\([^()]*\([^()]*\)[^()]*\)"),
}


def plain(html: str) -> str:
    return TAG.sub(" ", html).replace("&quot;", '"').replace("&#x27;", "'").replace("&amp;", "&")


def check(text: str, lang: str, where: str) -> None:
    for slip, pattern in SLIPS.items():
        found = pattern.search(text)
        assert not found, f"{where} ({lang}): {slip}: …{text[max(0, found.start() - 30):found.end() + 30]}…"
    if lang == "en":
        for slip, pattern in ENGLISH_SLIPS.items():
            found = pattern.search(text)
            assert not found, f"{where}: {slip}: …{text[max(0, found.start() - 30):found.end() + 30]}…"
        # English may gloss a Chinese term in brackets ("One-ID check (一证通查)"); nothing else.
        assert not CJK.search(re.sub(r"\([^)]*\)", "", text)), f"{where}: Chinese in English text: {text[:200]}"


def ics_text(data: bytes) -> str:
    cal = icalendar.Calendar.from_ical(data)
    parts = [str(cal.get("x-wr-calname"))]
    for event in cal.walk("VEVENT"):
        parts += [str(event["summary"]), str(event["description"])]
    for alarm in cal.walk("VALARM"):
        parts.append(str(alarm["description"]))
    return "\n".join(parts)


def rendered(est, lang: str) -> dict[str, str]:
    """Every string family that shows this estimate, as a reader sees it."""
    spec = gantt_spec(est, lang)
    layout = spec["layout"]
    chart = [layout["title"]["text"], layout["title"]["subtitle"]["text"]]
    chart += [trace["name"] for trace in spec["data"]]
    chart += [h for trace in spec["data"] for h in trace.get("hovertext", [])]
    chart += [a["text"] for a in layout["annotations"]]
    latest = latest_submission(est.worst.completion, est.carrier, remote=est.remote)
    return {
        "deadline": plain(deadline_html(latest, lang, today=est.submitted + dt.timedelta(days=1))),
        "summary": plain(summary_html(est, lang)),
        "notes": plain(notes_html(est, lang)),
        "chart": "\n".join(map(plain, chart)),
        "cli table": as_table(est, lang),
        "cli json": json.dumps(as_dict(est, lang), ensure_ascii=False),
        "ics": ics_text(to_ics(est, lang, deadline=est.worst.completion)),
        "csv": to_csv(est, lang),
        # Where the request stands on later days (issue 42): every phase, the late one's calendar
        # file with its appeal day, the Gantt with today's line.
        "status": "\n".join(
            [line for days in (1, 3, 6, 40) for line in status_lines(status(est, est.submitted + dt.timedelta(days=days)), lang)]
            + [ics_text(to_ics(est, lang, today=est.submitted + dt.timedelta(days=40)))]
            + [plain(a["text"]) for a in gantt_spec(est, lang, today=est.submitted + dt.timedelta(days=3))["layout"]["annotations"]]),
    }


def cases():
    for day in DATES:
        for carrier in carriers():
            for remote in (False, True):
                yield day, carrier, remote


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_plan_string_reads_cleanly(lang):
    checked = 0
    for day, carrier, remote in cases():
        est = estimate(day, carrier, remote=remote)
        for family, text in rendered(est, lang).items():
            check(text, lang, f"{family}, {day}, {carrier}, remote={remote}")
            checked += 1
    own = carriers()["china-mobile"].with_review_days((2, 3, 4))
    for family, text in rendered(estimate(DATES[0], own), lang).items():
        check(text, lang, f"{family}, own review days")
    assert checked == len(DATES) * len(carriers()) * 2 * 9


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_and_the_year_view_read_cleanly(lang):
    for section in SECTION_ORDER:
        check(plain(section_html(section, lang)), lang, f"section {section}")
        check(section_text(section, lang), lang, f"section text {section}")
    check(plain(context_html(lang)), lang, "context")
    for year in (2026, LAST_YEAR):
        for carrier in ("china-mobile", "mvno"):
            spec = year_cells(year_grid(year, carrier), lang)
            for text in (spec["title"], spec["subtitle"], spec["notice"], *(plain(c[3]) for c in spec["cells"])):
                check(text, lang, f"year view {year} {carrier}")


def test_the_summary_is_an_expectation_in_the_apps_words():
    """预计最快…、最慢…; "If you apply to … expect it to be done between …" (an editor's finding)."""
    est = estimate(dt.date(2026, 9, 30), "mvno")
    zh, en = plain(summary_html(est, "zh")), plain(summary_html(est, "en"))
    assert zh.startswith("若在2026年9月30日（星期三）向虚拟运营商提交申请，预计最快")
    assert "最早" not in zh and "最晚" not in zh
    assert en.startswith("If you apply to an MVNO (virtual operator) on Wed, Sep 30, 2026, expect it to be done between")
    # 09-30 + China Mobile: National Day 10-01..07 off, Saturday 10-10 worked (State Council, 2025-11-04).
    zh = plain(summary_html(estimate(dt.date(2026, 9, 30), "china-mobile"), "zh"))
    assert "10月1日（周四）至10月7日（周三）国庆节放假" in zh and "10月10日（周六）调休上班" in zh


def test_holidays_of_a_provisional_year_are_marked_where_they_are_named():
    provisional = dt.date(LAST_YEAR, 9, 28)  # National Day's days off fall in the window
    zh = plain(summary_html(estimate(provisional, "china-mobile"), "zh"))
    en = plain(summary_html(estimate(provisional, "china-mobile"), "en"))
    assert re.search(r"国庆节放假（暂定）", zh), zh
    assert re.search(r"National Day off [^;.]* \(provisional\)", en), en
    official = plain(summary_html(estimate(dt.date(2026, 9, 28), "china-mobile"), "zh"))
    assert "国庆节放假" in official and "暂定" not in official


def test_heatmap_hover_names_holidays_as_the_summary_does():
    """2026-02-15 (Sunday inside Spring Festival's days off) and 02-23 (a swapped day off) are
    Spring Festival, as the summary calls them; 05-04/05-05 are Labour Day (notice of 2025-11-04)."""
    cells = {c[0]: plain(c[3]) for c in year_cells(year_grid(2026, "china-mobile"), "zh")["cells"]}
    for day in ("2026-02-15", "2026-02-17", "2026-02-23"):
        assert "· 春节" in cells[day], cells[day]
    assert "· 劳动节" in cells["2026-05-04"] and "· 劳动节" in cells["2026-05-05"]
    assert "· 调休上班" in cells["2026-02-28"]
    assert "·" not in cells["2026-03-07"]  # an ordinary Saturday has no name
    english = {c[0]: plain(c[3]) for c in year_cells(year_grid(2026, "china-mobile"), "en")["cells"]}
    assert "· Labor Day" in english["2026-05-04"] and "observed" not in english["2026-05-04"]


def test_source_line_and_carrier_basis_say_each_label_once():
    from cardguide.article import article, text
    from cardguide.i18n import t

    source = article()["meta"]["source"]
    assert t("app.source", "zh", source=text(source, "zh")) == "内容整理自 2024-09-22 发布的一篇关于电销卡注销时长的文章。"
    assert t("app.source", "en", source=text(source, "en")).startswith("Based on an article on how long")
    notes = plain(notes_html(estimate(DATES[0], "china-broadnet"), "zh"))
    assert "中国广电：审核按 1/2/4 个工作日（最快/典型/最慢）估算。依据：假设（未经证实）。文章未提及任何具体运营商" in notes
    mobile = as_table(estimate(DATES[0], "china-mobile"), "en")
    assert "Basis: the article. Best 1 and worst 3 are the article's" in mobile and "midpoint, an inference" in mobile


def test_submit_event_is_a_checklist():
    data = {}
    for lang in ("zh", "en"):
        cal = icalendar.Calendar.from_ical(to_ics(estimate(DATES[0], "china-mobile"), lang))
        data[lang] = next(str(e["description"]) for e in cal.walk("VEVENT") if str(e["uid"]).startswith("submit"))
    assert data["zh"].startswith("出发前确认：材料已备齐（身份证件原件及复印件、电销卡、服务密码等账户信息）；欠费已结清")
    assert "带好" not in data["zh"]
    assert data["en"].startswith("Before you go: materials ready (ID original and copy, the card,")
    assert "; arrears paid" in data["en"] and "; contacts backed up" in data["en"]


# ---- the remote option: an assumption everywhere, and none for China Unicom ----------------

def test_china_unicom_gets_no_forwarding_stage():
    """2024-09-30, remote: China Unicom finishes as without the option (10-09/10-10/10-11,
    hand-checked in test_schedule), China Telecom has the forwarding stage."""
    unicom = estimate(dt.date(2024, 9, 30), "china-unicom", remote=True)
    assert [s.completion for s in unicom.scenarios] == [dt.date(2024, 10, 9), dt.date(2024, 10, 10), dt.date(2024, 10, 11)]
    assert all("forward" not in [st.key for st in s.stages] for s in unicom.scenarios)
    for lang in ("zh", "en"):
        out = rendered(unicom, lang)
        assert "转归属省" not in out["csv"] + out["chart"] + out["cli table"] and "Forwarded" not in out["csv"]
        assert "2019-01-03" in out["notes"] and "2019-01-03" in out["ics"] and "2019-01-03" in out["cli table"]
    assert "中国联通不另加转办阶段" in rendered(unicom, "zh")["notes"]


@pytest.mark.parametrize("carrier", ["china-mobile", "china-telecom", "china-broadnet", "mvno"])
def test_forwarding_stage_is_labelled_an_assumption_in_every_output(carrier):
    est = estimate(dt.date(2024, 9, 30), carrier, remote=True)
    assert [s.forwarding_days for s in est.scenarios] == [7, 11, 15]
    words = {"zh": "假设", "en": "assumption"}
    for lang, word in words.items():
        out = rendered(est, lang)
        stage = next(st for st in est.typical.stages if st.key == "forward").label(lang)
        assert word in stage.lower()
        rows = list(csv.reader(io.StringIO(out["csv"])))
        assert sum(stage == row[1] for row in rows) == 3  # one row per scenario, labelled
        assert stage in out["chart"] and word[:5] in plain(gantt_spec(est, lang)["layout"]["title"]["subtitle"]["text"]).lower()
        assert stage in out["cli table"] and stage in out["cli json"]
        for family in ("notes", "ics", "cli table"):
            assert re.search(r"假设（未经证实）：异地销户|Assumption \(unverified\): cancelling outside", out[family]), family
            assert re.search(r"整个等待|in all", out[family]) and re.search(r"偏保守|cautious", out[family]), family


def test_day_and_month_names_by_hand_and_an_unknown_language_reads_chinese():
    from cardguide.i18n import month_name, slider_label, weekday_name

    assert [weekday_name(n, "zh") for n in range(7)] == ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
    assert [weekday_name(n, "en") for n in range(7)] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert [month_name(n, "zh") for n in (1, 10, 12)] == ["1月", "10月", "12月"]
    assert [month_name(n, "en") for n in range(1, 13)] == [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    wednesday = dt.date(2026, 9, 30)  # a Wednesday
    assert (slider_label(wednesday, "zh"), slider_label(wednesday, "en")) == ("2026-09-30 周三", "2026-09-30 Wed")
    # Whatever the server's own locale, a language the page does not have falls back to Chinese.
    assert (weekday_name(6, "fr"), month_name(2, "fr"), slider_label(wednesday, "fr")) == ("周日", "2月", "2026-09-30 周三")


# ---- whose name the card is in (issue #36) --------------------------------------------------

HOLDERS = ["personal", "company", "reseller", "iot"]
#: How a statement under a holder's checklist must begin: a rule, only practice, nothing
#: official, or the article's own list, told apart in the words themselves.
STATEMENT_STARTS = {"zh": ("规定：", "惯例，并非规定：", "没有找到官方说法：", "这份清单是原文给的"),
                    "en": ("Rule:", "Practice, not a rule:", "Nothing official found:", "This list is the article's")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_holders_words_read_cleanly_and_tell_rules_from_practice(lang):
    from cardguide.article import checklist_items, holder_notes
    from cardguide.report import checklist_lines
    from cardguide.texts import holder_notes_html
    from cardguide.i18n import t

    est = estimate(DATES[0], "china-mobile")
    check(t("holder.legend", lang), lang, "the holder choice's legend")
    check(t("holder.same_timeline", lang), lang, "the holder choice's timeline sentence")
    for holder in HOLDERS:
        where = f"holder {holder}"
        for item in checklist_items(lang, holder):
            check(item, lang, f"{where}: checklist item")
        check("\n".join(checklist_lines(holder, lang)), lang, f"{where}: CLI lines")
        check(plain(holder_notes_html(holder, lang)), lang, f"{where}: notes")
        check(ics_text(to_ics(est, lang, holder=holder)), lang, f"{where}: ics")
        for statement, source in holder_notes(holder, lang):
            assert statement.startswith(STATEMENT_STARTS[lang]), f"{where}: {statement}"
            assert re.search(r"20\d\d", source), f"{where}: a source without its date: {source}"
            # practice is never called a rule, and a rule's statement never hedges as practice
            if statement.startswith(STATEMENT_STARTS[lang][1]):
                assert ("并非规定" if lang == "zh" else "not a rule") in statement
    for error in ("unknown_holder", "link_holder"):
        check(t(f"errors.{error}", lang, value="xyz", known="personal, company, reseller, iot"), lang, error)
