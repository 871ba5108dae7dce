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
    on_the_day = deadline_html(latest, None, "en", today=dt.date(2026, 9, 30))
    assert "cg-warn" not in on_the_day  # the safe day itself is still in time
    passed = deadline_html(latest, None, "en", today=dt.date(2026, 10, 1))
    assert passed.endswith('<div class="cg-warn">The safe day, Wed, Sep 30, has passed: submitting now, '
                           "only the faster cases can make it.</div>")
    assert passed.count("cg-warn") == 1 and "cg-warn" not in deadline_html(latest, None, "en")
    problem = CardguideError.of("no_deadline")
    assert deadline_html(None, problem, "en") == '<div class="cg-warn">Choose a deadline first</div>'


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
    provisional = deadline_html(latest_submission(dt.date(LAST_YEAR, 6, 30), "china-mobile"), None, "en")
    assert provisional.endswith(f'<div class="cg-warn">Note: the holiday notice for {LAST_YEAR} is not yet published; '
                                "dates follow the usual rules and may change.</div>")
