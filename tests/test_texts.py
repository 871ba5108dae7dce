"""The dashboard's HTML pieces read as a browser would: the Gantt's text table parsed with
html.parser, the download links' data: URLs decoded and parsed with icalendar and csv, for the
hand-worked 2024 National Day case of test_report (China Unicom, submitted Fri 09-27)."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
from html.parser import HTMLParser

import icalendar

from cardguide import estimate
from cardguide.errors import CardguideError
from cardguide.texts import downloads_html, error_html, stages_table_html

CASE = estimate(dt.date(2024, 9, 27), "china-unicom")


class Page(HTMLParser):
    """Text of every table cell by row (with its tag), the caption, and each link's attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.rows, self.caption, self.links, self.bold, self._cell, self._in = [], "", [], [], None, None
        self.stray = []  # text outside any cell, caption, link or bold: nothing a table should show
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = [tag, "", dict(attrs).get("colspan", "1")]
        elif tag == "a":
            self.links.append({**dict(attrs), "text": ""})
        self._in = tag

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.rows[-1].append(tuple(self._cell))
            self._cell = None
        self._in = None if tag == self._in else self._in

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[1] += data
        elif self._in == "caption":
            self.caption += data
        elif self._in == "a":
            self.links[-1]["text"] += data
        elif self._in == "b":
            self.bold.append(data)
        else:
            self.stray.append(data)


def test_the_gantts_text_table_gives_every_stage_and_the_follow_up():
    page = Page(stages_table_html(CASE, "en"))
    assert page.caption == "China Unicom · submitted Fri, Sep 27: when each stage starts and ends"
    day1 = [("td", "Fri, Sep 27", "1")] * 3
    assert page.rows == [
        [("th", "Stage", "1"), ("th", "Best", "1"), ("th", "Typical", "1"), ("th", "Worst", "1")],
        [("th", "Prepare materials", "1"), *day1],
        [("th", "Contact customer service", "1"), *day1],
        [("th", "Submit the application", "1"), *day1],
        [("th", "First handling (about 24 h)", "1"), *day1],
        [("th", "Carrier review", "1"), ("td", "Sun, Sep 29", "1"), ("td", "Sun, Sep 29 – Mon, Sep 30", "1"),
         ("td", "Sun, Sep 29 – Tue, Oct 8", "1")],
        [("th", "Carrier confirms", "1"), ("td", "Mon, Sep 30", "1"), ("td", "Tue, Oct 8", "1"), ("td", "Wed, Oct 9", "1")],
        [("th", "Completion", "1"), ("td", "Mon, Sep 30", "1"), ("td", "Tue, Oct 8", "1"), ("td", "Wed, Oct 9", "1")],
        [("th", "Follow up", "1"), ("td", "Thu, Oct 10", "3")],
    ]
    assert page.stray == []
    chinese = Page(stages_table_html(CASE, "zh"))
    assert chinese.caption.startswith("中国联通") and chinese.rows[0][1][1] == "最快"
    assert chinese.rows[5][3][1] == "9月29日（周日）至10月8日（周二）"


def decoded(link: dict) -> bytes:
    head, payload = link["href"].split(",", 1)
    assert head.endswith(";base64")
    return base64.b64decode(payload, validate=True)


def test_download_links_carry_the_plan_in_the_viewers_language():
    page = Page(downloads_html(CASE, "en", dt.date(2024, 10, 9)))
    assert page.bold == ["Take the plan with you"]
    ics, table = page.links
    assert ics["download"] == "cardguide-2024-09-27-china-unicom.ics" and ics["href"].startswith("data:text/calendar;")
    assert table["download"] == "cardguide-2024-09-27-china-unicom.csv" and table["href"].startswith("data:text/csv;")
    assert ics["text"].startswith("↓ Calendar (.ics)") and table["text"] == "↓ Stages (.csv)"
    events = {str(e["UID"]).split("-")[0]: e for e in icalendar.Calendar.from_ical(decoded(ics)).walk("VEVENT")}
    assert set(events) == {"submit", "window", "follow", "deadline"}  # the deadline's own event, when one is set
    assert events["deadline"].decoded("DTSTART") == dt.date(2024, 10, 9)
    assert str(events["submit"]["SUMMARY"]) == "Apply to China Unicom to cancel the telemarketing card"
    raw = decoded(table)
    assert raw.startswith("\ufeff".encode("utf-8"))  # a BOM, so that Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["scenario", "stage", "by"] and len(rows) == 1 + 3 * 6
    assert rows[-2] == ["Worst", "Carrier review", "carrier", "2024-09-29", "2024-10-08", "3",
                        "2024-09-29 2024-09-30 2024-10-08"]
    plain = Page(downloads_html(CASE, "zh"))
    events = list(icalendar.Calendar.from_ical(decoded(plain.links[0])).walk("VEVENT"))
    assert len(events) == 3 and "中国联通" in str(events[0]["SUMMARY"])
    assert plain.bold != ["Take the plan with you"] and "最快" in decoded(plain.links[1]).decode("utf-8-sig")


def test_an_error_is_said_in_the_viewers_language_and_nothing_without_one():
    problem = CardguideError.of("unknown_carrier", value="nobody", known="china-mobile")
    assert "nobody" in error_html(problem, "en") and "Unknown carrier" in error_html(problem, "en")
    assert "未知的运营商" in error_html(problem, "zh")
    assert error_html(None, "en") == ""


def test_the_deadline_answer_warns_once_the_safe_day_has_passed():
    """Done by Mon 2026-10-12 with China Mobile: the safe day is Wed 09-30 (test_deadline)."""
    from cardguide.deadline import latest_submission
    from cardguide.texts import deadline_html

    latest = latest_submission(dt.date(2026, 10, 12), "china-mobile")
    on_the_day = deadline_html(latest, "en", today=dt.date(2026, 9, 30))
    assert "cg-warn" not in on_the_day  # the safe day itself is still in time
    passed = deadline_html(latest, "en", today=dt.date(2026, 10, 1))
    assert passed.endswith('<div class="cg-warn">The safe day, Wed, Sep 30, has passed: submitting now, '
                           "only the faster cases can make it.</div>")
    assert passed.count("cg-warn") == 1 and "cg-warn" not in deadline_html(latest, "en")
    problem = CardguideError.of("no_deadline")
    assert deadline_html(problem, "en") == '<div class="cg-warn">Choose a deadline first</div>'


def test_notes_put_the_provisional_year_first_then_the_carriers_basis():
    from cardguide.deadline import latest_submission
    from cardguide.texts import deadline_html, notes_html
    from cardguide.workdays import LAST_YEAR

    notes = notes_html(estimate(dt.date(LAST_YEAR, 6, 1), "china-broadnet"), "en")
    warning = (f"<div class=\"cg-warn\">⚠ The State Council's holiday notice for {LAST_YEAR} is not out yet: these dates "
               "follow the usual holiday rules (no make-up days) and may change when it is published.</div>")
    assert notes.startswith(warning + '<div class="cg-note">Note: the article gives one range, 1-3 working days')
    assert notes.endswith("<br>China Broadnet — Review taken as 1/2/4 working days (best/typical/worst). Basis: "
                          "assumption (unverified). The article names no carrier; one extra worst-case day for China "
                          "Broadnet is only a margin, with no source. Change it if you know better.</div>")
    assert "cg-warn" not in notes_html(estimate(dt.date(2026, 6, 1), "china-broadnet"), "en")
    provisional = deadline_html(latest_submission(dt.date(LAST_YEAR, 6, 30), "china-mobile"), "en")
    assert provisional.endswith(f'<div class="cg-warn">Note: the holiday notice for {LAST_YEAR} is not yet published; '
                                "dates follow the usual rules and may change.</div>")


def test_the_summary_whole_with_the_carriers_hotline_and_without_one():
    """The hand-worked case above: done Mon 09-30 to Wed 10-09, follow up Thu 10-10; National
    Day off 10-01..07, Sun 09-29 worked. An MVNO (2/3/5 days, carriers.toml) has no hotline, so
    its sentence ends at "follow up"; its window reaches Sat 10-12, the second make-up day."""
    from cardguide.texts import summary_html

    assert summary_html(CASE, "en") == (
        "If you apply to China Unicom on Fri, Sep 27, 2024, expect it to be done between <b>Mon, Sep 30, 2024</b> "
        "and <b>Wed, Oct 9, 2024</b>; if you have heard nothing by Thu, Oct 10, 2024, contact the carrier to "
        "follow up (10010). In this window: National Day off Tue, Oct 1 – Mon, Oct 7; Sun, Sep 29 is a make-up "
        "working day.")
    assert summary_html(CASE, "zh") == (
        "若在2024年9月27日（星期五）向中国联通提交申请，预计最快<b>2024年9月30日（星期一）</b>、最慢<b>2024年10月9日"
        "（星期三）</b>完成注销；到2024年10月10日（星期四）仍无回音，请主动联系运营商跟进（10010）。这段时间里，"
        "10月1日（周二）至10月7日（周一）国庆节放假；9月29日（周日）调休上班。")
    # MVNO: review from Sun 09-29 for 2 days (09-29, 09-30), confirmed Tue 10-08; for 5 days
    # (09-29, 09-30, 10-08, 10-09, 10-10), confirmed Fri 10-11; follow up Sat 10-12 (worked).
    assert summary_html(estimate(dt.date(2024, 9, 27), "mvno"), "en") == (
        "If you apply to an MVNO (virtual operator) on Fri, Sep 27, 2024, expect it to be done between "
        "<b>Tue, Oct 8, 2024</b> and <b>Fri, Oct 11, 2024</b>; if you have heard nothing by Sat, Oct 12, 2024, "
        "contact the carrier to follow up. In this window: National Day off Tue, Oct 1 – Mon, Oct 7; Sun, Sep 29 "
        "is a make-up working day; Sat, Oct 12 is a make-up working day.")


def test_the_deadline_answer_whole_in_chinese_names_the_carrier():
    """Done by Mon 2026-10-12 with China Mobile: typical Thu 10-08, safe Wed 09-30 (test_deadline)."""
    from cardguide.deadline import latest_submission
    from cardguide.texts import deadline_html

    latest = latest_submission(dt.date(2026, 10, 12), "china-mobile")
    assert deadline_html(latest, "zh", today=dt.date(2026, 10, 1)) == (
        '<p class="cg-deadline-answer">要在2026年10月12日（星期一）当天或之前办完（中国移动）：典型情况最晚'
        "<b>10月8日（周四）</b>提交；为稳妥起见，按最慢情况最晚<b>9月30日（周三）</b>提交。</p>"
        '<div class="cg-warn">最慢情况的提交日9月30日（周三）已经过去：现在提交，只有较快的情况能赶上。</div>')


def test_an_error_is_wrapped_whole_in_the_viewers_language():
    problem = CardguideError.of("unknown_carrier", value="nobody", known="china-mobile")
    assert error_html(problem, "en") == ('<div class="cg-warn">Sorry, this choice cannot be computed: Unknown carrier '
                                         "&quot;nobody&quot;; choose one of: china-mobile</div>")
    assert error_html(problem, "zh") == ('<div class="cg-warn">抱歉，这个选择无法计算：未知的运营商 “nobody”；'
                                         "可选：china-mobile</div>")


def test_two_provisional_years_are_listed_as_each_language_lists_them():
    """Submitted 12-29 of the last covered year, even the best case (3 working days on) ends in
    January of the next: both years have no notice in the installed data."""
    from cardguide.texts import notes_html
    from cardguide.workdays import LAST_YEAR, is_provisional

    est = estimate(dt.date(LAST_YEAR, 12, 29), "china-mobile")
    assert is_provisional(LAST_YEAR) and is_provisional(LAST_YEAR + 1)
    assert est.provisional_years == (LAST_YEAR, LAST_YEAR + 1)
    assert f"notice for {LAST_YEAR} and {LAST_YEAR + 1} is not out yet" in notes_html(est, "en")
    assert f"⚠ {LAST_YEAR}和{LAST_YEAR + 1} 年的国务院放假通知" in notes_html(est, "zh")


def test_the_first_paint_holds_the_title_and_the_links_answer_in_its_language():
    """Wed 2026-11-25, China Mobile (1/2/3): first handling that day; review from Thu 11-26,
    for 1 day (confirmed Fri 11-27) or 3 (11-26, 11-27, Mon 11-30; confirmed Tue 12-01);
    follow up Wed 12-02. No holiday or make-up day falls between (State Council, 2025-11-04).
    A link's own day and carrier: the hand-worked 2024 National Day case above."""
    import tomllib

    from cardguide.firstpaint import first_paint_html
    from conftest import ROOT

    meta = tomllib.loads((ROOT / "cardguide" / "data" / "article.toml").read_text("utf-8"))["meta"]

    class Blocks(HTMLParser):
        def __init__(self, html):
            super().__init__()
            self.text, self.lang = {}, None
            self.feed(html)

        def handle_starttag(self, tag, attrs):
            cls = dict(attrs).get("class", "")
            if cls.startswith("cg-fp-") and cls[6:] in ("zh", "en"):
                self.lang = cls[6:]
                self.text[self.lang] = []

        def handle_data(self, data):
            if self.lang:
                self.text[self.lang].append(data)

    def blocks(query):
        html = first_paint_html(query, today=dt.date(2026, 11, 25))
        assert html.startswith('<div id="cg-first-paint">')
        return {lang: "".join(parts).replace("\n", "") for lang, parts in Blocks(html).text.items()}

    zh = blocks("")
    assert list(zh) == ["zh"] and zh["zh"].startswith(meta["title"]["zh"])
    # the heading, the date slider (its label and day) above the answer, then the answer
    assert ("你的注销时间表提交日期2026年11月25日（星期三）若在2026年11月25日（星期三）向中国移动提交申请，预计最快2026年11月27日（星期五）、"
            "最慢2026年12月1日（星期二）完成注销；到2026年12月2日（星期三）仍无回音，请主动联系运营商跟进（10086）。"
            "期间没有法定节假日或调休。") in zh["zh"]
    english = blocks("lang=en")
    assert list(english) == ["en"]
    assert english["en"].startswith(meta["title"]["en"])
    assert ("Your cancellation timelineSubmitted onWed, Nov 25, 2026If you apply to China Mobile on Wed, Nov 25, 2026, expect it to be done "
            "between Fri, Nov 27, 2026 and Tue, Dec 1, 2026") in english["en"]
    linked = blocks("date=2024-09-27&carrier=china-unicom&lang=en")["en"]
    assert "If you apply to China Unicom on Fri, Sep 27, 2024, expect it to be done between Mon, Sep 30, 2024 " \
           "and Wed, Oct 9, 2024" in linked
    # A bad parameter is dropped as the kernel drops it (its note is the kernel's to show).
    assert "向中国移动提交申请" in blocks("carrier=nope&date=2026-13-01")["zh"]
