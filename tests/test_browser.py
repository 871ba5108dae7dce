"""cardguide's Voilà page (``python -m cardguide serve``) in Debian's chromium, as a viewer uses it.

The page is the reader's module answering from its first paint; the kernel's ``Dashboard``
widget joins it and draws the Plotly Gantt computed in Python in the module's chart box.
Expected dates come from chinese-calendar (an independent calendar), never from the estimator;
the kernel's Gantt is read back from plotly.js's graph div (``conftest.drawn_gantt``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import chinese_calendar
import pytest

from cardguide.article import SECTIONS, article, text
from cardguide.workdays import LAST_YEAR
from conftest import (ARTIFACTS, HOLDER_CHECKLISTS, HOLDER_CHOICE, SAME_TIMELINE, answer, chart_title,
                      drawn_gantt, expected_gantt, expected_summary, gantt_bars, open_page, wait_drawn, wait_gantt,
                      workday_after, zh_long)
from pages import KernelWire, choose_carrier, shown_carrier
from servers import TODAY, kernel_pid, voila

pytestmark = pytest.mark.browser

SEP_29 = dt.date(2026, 9, 29)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    # The same pool `make run` uses; the first test is the server's very first viewer.
    with voila(tmp_path_factory.mktemp("voila")) as (url, _):
        yield url


class Viewer:
    """A reader on the Voilà page, once the kernel has joined it (its Plotly Gantt drawn), with
    everything the page asked for and logged."""

    def __init__(self, browser, url, init_script=None, *, hold: bool = False, **context):
        """``hold``: the kernel's messages are held back (it joins late) until ``release()``."""
        self.url, self.wire = url, None

        def hold_kernel(page):
            self.wire = KernelWire(page, held=True)

        setup = hold_kernel if hold else None
        self.page, self.errors = open_page(browser, url, init_script, kernel=not hold, setup=setup,
                                           **(context or {"viewport": {"width": 1200, "height": 900}}))
        self.requests, self.console = self.page.requests, self.page.console
        if hold:
            self.page.wait_for_selector(".cg-reader.cg-mounted[data-ready]", timeout=30_000)

    def release(self) -> None:
        """The kernel's messages go through: it joins the page and draws its Gantt."""
        assert self.wire and self.wire.held, "the kernel was not held back"
        self.wire.release()
        wait_drawn(self.page, kernel=True)

    def answer(self) -> str:
        return answer(self.page)

    def title(self) -> str:
        return chart_title(self.page) or ""

    def move(self, key: str = "ArrowRight", times: int = 1) -> None:
        """The date slider, by the keyboard (one day a press)."""
        self.page.locator(".cg-date").focus()
        for _ in range(times):
            self.page.keyboard.press(key)

    def shows(self, text: str, part: str = ".cg-answer", timeout: float = 15_000) -> None:
        self.page.wait_for_function("([sel, text]) => document.querySelector(sel)?.innerText.includes(text)",
                                    arg=[part, text], timeout=timeout)

    def other_hosts(self) -> list[str]:
        own = self.url.split("/")[2]
        return sorted({r.split("/")[2] for r in self.requests if r.startswith("http") and r.split("/")[2] != own})

    def close(self, quiet: bool = True) -> None:
        """``quiet``: the page asked no other host and logged no error (a page whose kernel or
        server the test took away logs the lost connection)."""
        if quiet:
            assert self.other_hosts() == []
            assert [m for kind, m in self.console if kind == "error"] == []
        self.page.context.close()


def plotly_stages(page) -> list[str]:
    """The stages on the kernel's Gantt's axis, top to bottom as plotly.js drew them."""
    return [t.strip() for t in page.locator(".cg-plotly .ytick text").all_text_contents()]


def en_long(day: dt.date) -> str:
    """A date as the page writes it in English: Tue, Sep 29, 2026."""
    return f"{day:%a, %b} {day.day}, {day.year}"


# What happened on the page, from its first script on: the chart box's data-drawn values in
# order and every layout shift (Chromium's Layout Instability API), each with its time.
WATCH = """
window.cgWatch = {drawn: [], shifts: [], started: null};
document.addEventListener("cardguide-reader", () => { window.cgWatch.started = performance.now(); });
new MutationObserver((records) => {
  for (const r of records) window.cgWatch.drawn.push([r.target.dataset.drawn, performance.now()]);
}).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-drawn"]});
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.cgWatch.shifts.push([e.value, e.startTime, e.hadRecentInput,
    (e.sources || []).map((s) => s.node ? (s.node.id || String(s.node.className) || s.node.nodeName) : "")]);
}).observe({type: "layout-shift", buffered: true});
"""


def test_the_page_answers_at_once_then_the_kernel_draws_its_plotly_gantt(browser, app_url):
    """The answer, every article section and the module's SVG Gantt from the first paint; then
    the kernel joins and its Plotly Gantt replaces the SVG in the same box: the bars hold
    chinese-calendar's dates, nothing on the screen moves (CLS across the join at most 0.01, the
    chart on screen), the widget's own cell box is hidden and takes no space, no error, no other
    host."""
    viewer = Viewer(browser, app_url + "?date=2026-09-29", WATCH, hold=True)
    page = viewer.page
    body = page.inner_text("body")
    for section in SECTIONS:
        assert text(article()[section]["heading"]) in body
    assert "中国移动 · 9月29日（周二）提交" in viewer.title()
    best, worst, follow_up = expected_summary(SEP_29, 1, 3)
    assert best in viewer.answer() and worst in viewer.answer() and follow_up in viewer.answer()
    # Before any kernel: the module's SVG Gantt. The reader looks at it when the kernel joins.
    assert page.get_attribute(".cg-chart", "data-drawn") == "svg" and page.locator(".cg-svg svg").is_visible()
    page.evaluate("document.querySelector('.cg-chart').scrollIntoView({block: 'center'})")
    page.wait_for_timeout(500)
    joining = page.evaluate("performance.now()")
    viewer.release()
    drawn = [kind for kind, _ in page.evaluate("cgWatch.drawn")]
    assert drawn[0] == "svg" and drawn[-1] == "plotly" and "plotly" not in drawn[:drawn.index("plotly")], drawn
    assert page.locator(".cg-chart .cg-svg svg").count() == 1 and page.locator(".cg-chart .cg-svg").is_hidden()
    assert drawn_gantt(page) == expected_gantt(SEP_29, 1, 3)
    stages = ["准备材料", "联系客服", "提交申请", "初步处理（约 24 小时）", "运营商审核", "运营商确认注销"]
    assert sorted({bar[0] for trace in gantt_bars(page) for bar in trace}) == sorted(stages)
    assert page.locator(".cg-plotly .bars path").count() >= 6
    chart_left = page.locator(".cg-plotly").bounding_box()["x"]
    labels = page.locator(".cg-plotly .ytick text")
    assert sorted(plotly_stages(page)) == sorted(stages)
    for i in range(labels.count()):  # stage names are readable, not clipped at the chart's left edge
        assert labels.nth(i).bounding_box()["x"] >= chart_left
    # Nothing on the screen moved when the kernel joined.
    page.wait_for_timeout(1000)
    shifts = [s for s in page.evaluate("cgWatch.shifts") if not s[2] and s[1] >= joining]
    print("layout shifts across the join:", shifts)
    assert sum(s[0] for s in shifts) <= 0.01, shifts
    # The widget's own box (in the notebook's cell) shows nothing and takes no room: the page
    # ends with the module's last part.
    cells = page.evaluate("""() => [...document.querySelectorAll('#rendered_cells .jp-Cell')]
        .map((c) => c.getBoundingClientRect().height)""")
    assert cells and all(h == 0 for h in cells), cells
    bottom = page.evaluate("""() => [document.documentElement.scrollHeight,
        document.querySelector('#cg-first-paint').getBoundingClientRect().bottom + scrollY]""")
    assert bottom[0] <= bottom[1] + 1, bottom
    for bad in ("Traceback", "Error", "import ", "follow_link"):
        assert bad not in page.inner_text("body")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-timeline.png"))
    viewer.close()


def test_the_date_slider_and_the_carrier_redraw_the_plotly_gantt_through_the_kernel(browser, app_url):
    """The mission: the date and carrier choices redraw the Plotly Gantt, computed in Python for
    the choice the kernel got; chinese-calendar's dates every time."""
    viewer = Viewer(browser, app_url + "?date=2026-09-29")
    viewer.move()
    wait_gantt(viewer.page, dt.date(2026, 9, 30), 1, 3)
    assert "9月30日（周三）" in viewer.title()
    best, worst, follow_up = expected_summary(dt.date(2026, 9, 30), 1, 3)
    assert best in viewer.answer() and worst in viewer.answer() and follow_up in viewer.answer()
    viewer.page.screenshot(path=str(ARTIFACTS / "after-date-slider.png"))
    viewer.move("ArrowLeft", times=2)
    wait_gantt(viewer.page, dt.date(2026, 9, 28), 1, 3)
    assert "9月28日（周一）" in viewer.title()
    # MVNO (2/3/5 review days): a later window, through the kernel again.
    choose_carrier(viewer.page, "mvno")  # the carrier slider, from the keyboard
    wait_gantt(viewer.page, dt.date(2026, 9, 28), 2, 5)
    assert viewer.title().startswith("虚拟运营商")
    best, worst, follow_up = expected_summary(dt.date(2026, 9, 28), 2, 5)
    assert best in viewer.answer() and worst in viewer.answer() and follow_up in viewer.answer()
    assert "依据：假设（未经证实）" in viewer.page.inner_text(".cg-notes")
    assert viewer.page.get_attribute(".cg-chart", "data-drawn") == "plotly"
    viewer.page.screenshot(path=str(ARTIFACTS / "after-carrier.png"))
    viewer.close()


def test_provisional_year_is_flagged(browser, app_url):
    # The year after the last State Council notice in the installed data, whichever that is.
    viewer = Viewer(browser, app_url + f"?date={LAST_YEAR}-03-10")
    assert f"{LAST_YEAR} 年的国务院放假通知尚未公布" in viewer.page.inner_text(".cg-reader")
    assert "暂定" in viewer.page.inner_text(".cg-chart-subtitle")
    assert gantt_bars(viewer.page)[0][0][1] == dt.date(LAST_YEAR, 3, 10)  # the kernel's chart, for that day
    viewer.close()


# ---- year view, share link, English, downloads, assumptions ------------------

def test_the_year_view_names_each_day_and_a_click_moves_the_gantt(browser, app_url):
    # Before today's month (servers.TODAY, 2026-11-25): the day's own twelve months.
    viewer = Viewer(browser, app_url + "?date=2026-09-29")
    page = viewer.page
    page.wait_for_selector(".cg-year [data-day='2027-08-31']", timeout=30_000)
    page.locator(".cg-year").scroll_into_view_if_needed()
    assert page.text_content(".cg-year-title") == "2026年9月至2027年8月每天提交：最慢多少天办完（中国移动）"
    assert page.locator(".cg-year [data-day]").count() == 365
    assert page.get_attribute(".cg-year .cg-selected", "data-day") == "2026-09-29"
    # The day before National Day waits for the holiday (chinese-calendar's dates), in its name.
    worst_day = workday_after(dt.date(2026, 9, 30), 4)
    label = page.get_attribute(".cg-year [data-day='2026-09-30']", "aria-label")
    assert "2026年9月30日（星期三）" in label
    assert f"最慢{worst_day.month}月{worst_day.day}日" in label
    assert f"{(worst_day - dt.date(2026, 9, 30)).days} 天" in label
    # The slow days of National Day are darker than an ordinary week.
    fill = lambda day: page.locator(f".cg-year [data-day='{day}']").evaluate(  # noqa: E731
        "b => getComputedStyle(b).backgroundColor")
    assert fill("2026-09-30") != fill("2026-11-02")  # an ordinary Monday
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "heatmap.png"))
    # Click a December day: the slider, the kernel's Gantt, the answer and the mark follow.
    page.click(".cg-year [data-day='2026-12-10']")
    wait_gantt(page, dt.date(2026, 12, 10), 1, 3)
    assert page.inner_text(".cg-date-out").strip() == "2026年12月10日（星期四）"
    assert "12月10日（周四）" in viewer.title()
    best, worst, _ = expected_summary(dt.date(2026, 12, 10), 1, 3)
    assert best in viewer.answer() and worst in viewer.answer()
    assert page.get_attribute(".cg-year .cg-selected", "data-day") == "2026-12-10"
    viewer.close()


def test_a_click_in_the_year_view_keeps_the_months_on_show(browser, app_url):
    viewer = Viewer(browser, app_url + "?date=2026-09-29")
    page = viewer.page
    assert page.text_content(".cg-year-title").startswith("2026年9月至2027年8月")
    page.click(".cg-year [data-day='2026-12-10']")
    page.wait_for_selector(".cg-year .cg-selected[data-day='2026-12-10']", timeout=10_000)
    assert page.text_content(".cg-year-title").startswith("2026年9月至2027年8月")
    viewer.close()


def test_share_url_presets_the_controls_in_english(browser, app_url):
    viewer = Viewer(browser, app_url + "?date=2024-09-30&carrier=china-unicom&lang=en")
    page = viewer.page
    assert page.inner_text(".cg-date-out").strip() == "Mon, Sep 30, 2024"
    assert shown_carrier(page) == "china-unicom"
    assert viewer.title() == "China Unicom · submitted Mon, Sep 30"
    # 2024-09-30: National Day 10-01..07; best = 3rd working day, worst = 5th (chinese-calendar).
    wait_gantt(page, dt.date(2024, 9, 30), 1, 3)
    labels = plotly_stages(page)
    assert "Carrier review" in labels and "Carrier confirms" in labels
    best, worst = (workday_after(dt.date(2024, 9, 30), n) for n in (2, 4))
    assert en_long(best) in viewer.answer() and en_long(worst) in viewer.answer()
    link = page.input_value(".cg-link")
    assert link == app_url + "?date=2024-09-30&carrier=china-unicom&lang=en"
    assert "1. What a telemarketing card is" in page.inner_text(".cg-article")
    assert page.evaluate("document.documentElement.lang") == "en"
    viewer.close()


def test_the_address_follows_the_choice_and_a_reload_keeps_it(browser, app_url):
    viewer = Viewer(browser, app_url + "?date=2026-09-29&carrier=china-unicom&lang=en")
    page = viewer.page
    entries = page.evaluate("history.length")
    viewer.move()
    page.wait_for_function("() => location.search.includes('date=2026-09-30')", timeout=10_000)
    query = dict(pair.split("=") for pair in page.evaluate("location.search")[1:].split("&"))
    assert query == {"date": "2026-09-30", "carrier": "china-unicom", "lang": "en"}
    assert page.title().endswith("Sep 30, 2026, China Unicom")  # the title follows (all a chat app shows)
    page.reload(timeout=90_000)
    wait_drawn(page, kernel=True)
    assert page.inner_text(".cg-date-out").strip() == "Wed, Sep 30, 2026"
    assert viewer.title() == "China Unicom · submitted Wed, Sep 30"
    wait_gantt(page, dt.date(2026, 9, 30), 1, 3)  # the new kernel got the day from the address
    assert page.evaluate("history.length") == entries  # replaced, not one history entry per move
    viewer.close()


def test_a_reader_who_leaves_gives_the_kernel_back(browser, app_url):
    """Voilà's beforeunload beacon is accepted (no 403) and the page's kernel exits at once."""
    import time

    viewer = Viewer(browser, app_url + "?date=2026-09-29")
    pid = kernel_pid(viewer.page.content())
    assert "_xsrf" in {c["name"] for c in viewer.page.context.cookies()}
    statuses = []
    viewer.page.on("response", lambda r: "/voila/api/shutdown/" in r.url and statuses.append(r.status))
    viewer.page.goto("about:blank")  # the reader leaves: Voilà's beforeunload beacon goes out
    deadline = time.monotonic() + 2
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{pid}").exists(), f"the kernel outlived its page by 2 s (shutdown: {statuses})"
    viewer.close()


def test_invalid_link_parameters_leave_a_note_and_run_nothing(browser, app_url):
    dialogs = []
    page_url = app_url + "?date=2024-02-30&carrier=%3Cscript%3Ealert(1)%3C/script%3E&lang=xx&remote=yes"
    viewer = Viewer(browser, page_url)
    page = viewer.page
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    problems = page.inner_text(".cg-problems")
    for note in ("“2024-02-30” 不是有效日期", "未知的运营商 “<script>alert(1)</script>”",  # shown as text, not run
                 "语言 “xx” 无效", "remote=“yes” 无效"):
        assert problems.count(note) == 1, (note, problems)  # once, though both the page and the kernel read the link
    assert page.locator(".cg-problems script").count() == 0
    assert viewer.title().startswith("中国移动")  # the defaults, still working
    wait_gantt(page, TODAY, 1, 3)  # the server's today, for a date that is no date
    viewer.move()
    wait_gantt(page, TODAY + dt.timedelta(days=1), 1, 3)
    assert dialogs == [] and "Traceback" not in page.inner_text("body")
    viewer.close()


def test_language_switch_turns_everything_english(browser, app_url):
    viewer = Viewer(browser, app_url + "?date=2026-09-29")
    page = viewer.page
    page.locator(".cg-reader [data-lang=en]").click()
    page.wait_for_function("t => document.querySelector('.cg-chart-title')?.textContent === t",
                           arg="China Mobile · submitted Tue, Sep 29", timeout=15_000)
    english = ["Prepare materials", "Contact customer service", "Submit the application",
               "First handling (about 24 h)", "Carrier review", "Carrier confirms"]
    # The kernel follows: its Gantt is drawn again in English.
    page.wait_for_function("want => JSON.stringify([...document.querySelectorAll('.cg-plotly .ytick text')]"
                           ".map(t => t.textContent.trim()).sort()) === JSON.stringify(want)",
                           arg=sorted(english), timeout=15_000)
    assert page.get_attribute(".cg-chart", "data-drawn") == "plotly"
    legend = page.inner_text(".cg-chart .cg-legend")
    assert "Weekend / holiday" in legend and "Make-up working day" in legend
    assert "Tue, Sep 29, 2026" in viewer.answer() and "National Day" in viewer.answer()
    assert page.text_content(".cg-year-title").startswith("Submitting any day from Sep 2026 to Aug 2027")
    assert page.inner_text(".cg-date-out").strip() == "Tue, Sep 29, 2026"
    article_text = page.inner_text(".cg-article")
    assert "7. Beyond the article" in article_text and "One-ID check" in article_text
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in viewer.answer())
    assert page.evaluate("document.documentElement.lang") == "en"
    page.wait_for_function("() => location.search.includes('lang=en')", timeout=10_000)
    page.locator(".cg-chart").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "english.png"))
    viewer.close()


def test_downloads_are_a_parsable_plan(browser, app_url):
    import csv
    import io

    import icalendar

    viewer = Viewer(browser, app_url + "?date=2026-09-29&carrier=china-telecom")
    page = viewer.page
    with page.expect_download() as download:
        page.locator(".cg-downloads .cg-ics").click()
    assert download.value.suggested_filename == "cardguide-2026-09-29-china-telecom.ics"
    cal = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())
    events = {str(e["uid"]).split("-2026")[0]: e for e in cal.walk("VEVENT")}
    best, worst, follow_up = (workday_after(SEP_29, n) for n in (2, 4, 5))
    assert events["submit"].decoded("dtstart") == SEP_29
    assert events["window"].decoded("dtstart") == best
    assert events["window"].decoded("dtend") == worst + dt.timedelta(days=1)
    assert events["follow-up"].decoded("dtstart") == follow_up
    assert "中国电信" in str(events["window"]["summary"])
    with page.expect_download() as download:
        page.locator(".cg-downloads .cg-csv").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    confirm = [r for r in rows if r["阶段"] == "运营商确认注销"]
    assert [r["结束日期"] for r in confirm] == [d.isoformat() for d in (best, workday_after(SEP_29, 3), worst)]
    viewer.close()


def test_own_review_days_and_remote_option_redraw_everything(browser, app_url):
    viewer = Viewer(browser, app_url + "?date=2026-09-29")
    page = viewer.page
    worst_field = page.locator(".cg-review input").nth(2)
    worst_field.fill("6")
    worst_field.press("Enter")
    _, worst, _ = expected_summary(SEP_29, 1, 6)
    viewer.shows(worst)
    wait_gantt(page, SEP_29, 1, 6)  # the kernel got the reader's own days
    assert "你自己的假设" in page.inner_text(".cg-notes")
    page.wait_for_function("() => document.querySelector('.cg-link')?.value.includes('review=1,2,6')", timeout=15_000)
    # Not a whole number: a note, and the last good plan stays.
    worst_field.fill("2.5")
    worst_field.press("Enter")
    viewer.shows("“2.5” 不是整数", ".cg-problems")
    assert worst in viewer.answer()
    assert drawn_gantt(page) == expected_gantt(SEP_29, 1, 6)
    page.locator(".cg-reset").click()
    _, worst, _ = expected_summary(SEP_29, 1, 3)
    viewer.shows(worst)
    assert page.locator(".cg-review input").nth(2).input_value() == "3"
    wait_gantt(page, SEP_29, 1, 3)
    # Outside the home province: a forwarding stage of 7-15 working days appears, on the kernel's
    # Gantt too.
    page.locator(".cg-remote").check()
    _, worst, _ = expected_summary(SEP_29, 1 + 7, 3 + 15)
    viewer.shows(worst)
    wait_gantt(page, SEP_29, 1 + 7, 3 + 15)
    assert "转归属省处理（假设）" in plotly_stages(page) and len(plotly_stages(page)) == 7
    notes = page.inner_text(".cg-notes")
    assert "假设（未经证实）：异地销户" in notes and "2019-01-03" in notes
    viewer.close()


# ---- failures --------------------------------------------------------------------------

OFFLINE_ZH = "与服务器的连接已中断"
STOPPED_ZH = "交互版在服务器上停止了"  # ui.toml connection.restarted


def test_a_killed_kernel_leaves_its_viewer_answering_and_spares_the_others(browser, app_url):
    """The victim's kernel is restarted by its server, without the widgets: its page says the live
    part stopped and answers through the module (its SVG Gantt), then reloads
    itself (the server still answers) with the day chosen meanwhile, and a new kernel draws it;
    the other viewer never notices."""
    import os
    import signal

    victim = Viewer(browser, app_url + "?date=2026-09-29")
    other = Viewer(browser, app_url + "?date=2026-09-29")
    victim.page.evaluate("window.cgBefore = true")  # gone once the page has reloaded itself
    os.kill(kernel_pid(victim.page.content()), signal.SIGKILL)
    victim.shows(STOPPED_ZH, ".cg-status", timeout=30_000)
    victim.page.wait_for_selector(".cg-chart[data-drawn=svg]", timeout=5_000)
    assert "最快2026年10月8日（星期四）" in victim.answer()  # chinese-calendar: Thu 10-08
    victim.move()  # the module answers alone
    victim.shows(zh_long(workday_after(dt.date(2026, 9, 30), 4)))
    other.move()  # the other viewer's kernel still answers
    wait_gantt(other.page, dt.date(2026, 9, 30), 1, 3)
    assert other.page.inner_text(".cg-status").strip() == ""
    # Back by itself: a reload (the address holds the choice) and a new kernel with that day.
    victim.page.wait_for_function("() => !window.cgBefore", timeout=60_000)
    wait_drawn(victim.page, kernel=True)
    wait_gantt(victim.page, dt.date(2026, 9, 30), 1, 3)
    assert victim.page.inner_text(".cg-status").strip() == ""
    for viewer in (victim, other):
        assert "Traceback" not in viewer.page.inner_text("body")
    victim.close(quiet=False)
    other.close()


def test_after_a_server_restart_an_open_page_answers_and_comes_back_by_itself(browser, tmp_path):
    for name in ("first", "second"):
        (tmp_path / name).mkdir()
    with voila(tmp_path / "first") as (url, _):
        viewer = Viewer(browser, url + "?date=2026-09-29&lang=en")
        port = int(url.rsplit(":", 1)[1].strip("/"))
        viewer.page.evaluate("window.cgBefore = true")
    # The server is gone: the open page says so and answers through the reader's module.
    viewer.shows("The connection to the server is lost", ".cg-status", timeout=30_000)
    assert viewer.page.get_attribute(".cg-chart", "data-drawn") == "svg"
    viewer.move()
    viewer.shows("Sep 30, 2026", timeout=5_000)
    with voila(tmp_path / "second", port=port):
        # Back: the page reloads itself with the day chosen while the server was away.
        viewer.page.wait_for_function("() => !window.cgBefore", timeout=60_000)
        wait_drawn(viewer.page, kernel=True)
        assert "Sep 30" in viewer.title()
        wait_gantt(viewer.page, dt.date(2026, 9, 30), 1, 3)
        viewer.move()  # and the new kernel follows
        wait_gantt(viewer.page, dt.date(2026, 10, 1), 1, 3)
    viewer.close(quiet=False)


# ---- planning backwards -----------------------------------------------------------------

def test_a_deadline_gives_the_safe_day_and_the_button_moves_the_gantt_there(browser, app_url):
    """The server's today is servers.TODAY (2026-11-25). Done by Fri 2026-12-18 (China Mobile):
    the safe day is four working days before it by chinese-calendar (Mon 12-14)."""
    safe = dt.date(2026, 12, 18)
    for _ in range(4):
        safe -= dt.timedelta(days=1)
        while not chinese_calendar.is_workday(safe):
            safe -= dt.timedelta(days=1)
    viewer = Viewer(browser, app_url)
    page = viewer.page
    # The year view starts at today's month.
    assert page.locator(".cg-year [data-day]").first.get_attribute("data-day") == "2026-11-01"
    page.locator(".cg-by").fill("2026-12-18")
    viewer.shows(f"{safe.month}月{safe.day}日", ".cg-by-answer")
    page.wait_for_selector(".cg-year .cg-deadline[data-day='2026-12-18']", timeout=15_000)
    late = page.locator(".cg-year .cg-late")
    assert late.count() > 0  # late days hatched, not colour alone
    assert "repeating-linear-gradient" in late.first.evaluate("b => getComputedStyle(b).backgroundImage")
    page.locator(".cg-move").click()
    wait_gantt(page, safe, 1, 3)
    assert f"{safe.month}月{safe.day}日" in viewer.title()
    worst = workday_after(safe, 4)
    assert worst <= dt.date(2026, 12, 18)
    assert zh_long(worst) in viewer.answer()
    page.wait_for_function("() => document.querySelector('.cg-link')?.value.includes('by=2026-12-18')",
                           timeout=15_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".cg-by-answer").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "deadline.png"))
    page.locator(".cg-year").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "year-ahead.png"))
    viewer.close()


def test_a_by_link_presets_the_deadline(browser, app_url):
    viewer = Viewer(browser, app_url + "?by=2026-12-31&lang=en")
    viewer.shows("Dec 25", ".cg-by-answer")
    assert viewer.page.input_value(".cg-by") == "2026-12-31"
    assert "to be safe" in viewer.page.inner_text(".cg-by-answer")
    viewer.close()


def checklist(page) -> list[str]:
    return [" ".join(t.split()) for t in page.locator(".cg-checklist li").all_inner_texts()]


def test_the_holder_choice_changes_the_checklist_not_the_timeline(browser, app_url):
    """Whose name the card is in (issue #36), on the Voilà page: the link presets the choice,
    each choice's checklist is read back in both languages, the answer and the kernel's Gantt
    never change."""
    viewer = Viewer(browser, app_url + "?date=2026-09-29&carrier=china-telecom&holder=company")
    page = viewer.page
    group = page.locator(".cg-holder-box fieldset")

    def shows(holder, lang):
        page.wait_for_function("want => JSON.stringify([...document.querySelectorAll('.cg-checklist li')]"
                               ".map((li) => li.innerText.replace(/\\s+/g, ' ').trim())) === JSON.stringify(want)",
                               arg=HOLDER_CHECKLISTS[holder][lang], timeout=15_000)
        return checklist(page)

    legend, options = HOLDER_CHOICE["zh"]
    assert group.locator("legend").inner_text().strip() == legend
    assert [t.strip() for t in group.locator("label").all_inner_texts()] == options
    assert group.get_by_label("我的公司", exact=True).is_checked()
    assert shows("company", "zh") == HOLDER_CHECKLISTS["company"]["zh"]
    assert SAME_TIMELINE["zh"] in page.inner_text(".cg-reader")
    timeline = (viewer.answer(), viewer.title(), gantt_bars(page))
    for option, holder in zip(options, ["personal", "company", "reseller", "iot"]):
        group.get_by_label(option, exact=True).check()
        assert shows(holder, "zh") == HOLDER_CHECKLISTS[holder]["zh"]
        assert (viewer.answer(), viewer.title(), gantt_bars(page)) == timeline
    page.wait_for_function("() => location.search.includes('holder=iot')", timeout=10_000)
    group.get_by_label("卖卡的商家，或我不清楚", exact=True).check()
    assert shows("reseller", "zh") == HOLDER_CHECKLISTS["reseller"]["zh"]
    assert "没有找到官方说法" in page.inner_text(".cg-holder-why")
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        group.evaluate("el => el.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(ARTIFACTS / f"dashboard-holder-{width}-zh.png"))
    page.locator(".cg-reader [data-lang=en]").click()
    assert shows("reseller", "en") == HOLDER_CHECKLISTS["reseller"]["en"]
    assert group.locator("legend").inner_text().strip() == HOLDER_CHOICE["en"][0]
    assert [t.strip() for t in group.locator("label").all_inner_texts()] == HOLDER_CHOICE["en"][1]
    for option, holder in zip(HOLDER_CHOICE["en"][1], ["personal", "company", "reseller", "iot"]):
        group.get_by_label(option, exact=True).check()
        assert shows(holder, "en") == HOLDER_CHECKLISTS[holder]["en"]
    group.get_by_label("My company's", exact=True).check()
    shows("company", "en")
    assert SAME_TIMELINE["en"] in page.inner_text(".cg-reader")
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        group.evaluate("el => el.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(ARTIFACTS / f"dashboard-holder-{width}-en.png"))
    viewer.close()


def test_a_bad_holder_link_is_noted_and_loses_nothing_else(browser, app_url):
    viewer = Viewer(browser, app_url + "?date=2024-09-30&carrier=china-unicom&lang=en&holder=xyz")
    problems = viewer.page.inner_text(".cg-problems")
    assert problems.count('holder="xyz" is invalid and was ignored (personal, company, reseller, iot)') == 1
    assert viewer.title() == "China Unicom · submitted Mon, Sep 30"
    wait_gantt(viewer.page, dt.date(2024, 9, 30), 1, 3)
    assert checklist(viewer.page) == HOLDER_CHECKLISTS["personal"]["en"]
    viewer.close()
