"""The Voilà app and JupyterLab in Debian's chromium, as a viewer uses them.

Expected dates come from chinese-calendar (an independent calendar), not from the estimator.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import chinese_calendar
import pytest

from cardguide.article import SECTIONS, article, text
from cardguide.workdays import LAST_YEAR
from conftest import ARTIFACTS, HOLDER_CHECKLISTS, HOLDER_CHOICE, SAME_TIMELINE, ROOT, chart_title, expected_summary, open_page, wait_drawn, workday_after, zh_long
from servers import jupyterlab, kernel_pid, voila

pytestmark = pytest.mark.browser




@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    # The same pool `make run` uses; the first test is the server's very first viewer.
    with voila(tmp_path_factory.mktemp("voila")) as (url, _):
        yield url


class Viewer:
    """A page plus everything it asked for and logged."""

    def __init__(self, browser, url):
        self.page, _ = open_page(browser, url, year=False, viewport={"width": 1200, "height": 900})
        self.requests, self.console = self.page.requests, self.page.console

    def subtitle(self) -> str:
        return self.page.text_content(".cg-chart .gtitle-subtitle") or ""

    def title(self) -> str:
        return chart_title(self.page) or ""

    def summary(self) -> str:
        return self.page.inner_text(".cg-summary")

    def press(self, slider: str, key: str = "ArrowRight", times: int = 1) -> None:
        handle = self.page.locator(f"{slider} input[type=range]")
        for _ in range(times):
            before = self.state()
            handle.focus()
            self.page.keyboard.press(key)
            self.redrawn(before)

    def state(self) -> list[str]:
        return [self.title(), self.summary()]

    def redrawn(self, before: list[str]) -> None:
        """Wait for a new chart and a new summary (the chart is drawn first, the summary just after)."""
        self.page.wait_for_function(
            "([title, summary]) => document.querySelector('.cg-chart .gtitle')?.textContent !== title"
            " && document.querySelector('.cg-summary')?.innerText !== summary",
            arg=before, timeout=15_000)

    def other_hosts(self, url: str) -> list[str]:
        own = url.split("/")[2]
        return sorted({r.split("/")[2] for r in self.requests if r.startswith("http") and r.split("/")[2] != own})


def test_page_shows_all_sections_and_the_gantt(browser, app_url):
    viewer = Viewer(browser, app_url + "?date=2026-09-29")
    body = viewer.page.inner_text("body")
    for section in SECTIONS:
        assert text(article()[section]["heading"]) in body
    assert "中国移动 · 9月29日（周二）提交" in viewer.title()
    best, worst, follow_up = expected_summary(dt.date(2026, 9, 29), 1, 3)
    summary = viewer.summary()
    assert best in summary and worst in summary and follow_up in summary
    assert viewer.page.locator(".cg-chart .js-plotly-plot .bars path").count() >= 6
    chart_left = viewer.page.locator(".cg-chart .js-plotly-plot").bounding_box()["x"]
    labels = viewer.page.locator(".cg-chart .ytick text")
    assert labels.count() == 6
    for i in range(6):  # stage names are readable, not clipped at the chart's left edge
        assert labels.nth(i).bounding_box()["x"] >= chart_left
    for bad in ("Traceback", "Error", "import ", "follow_link"):
        assert bad not in body
    assert viewer.other_hosts(app_url) == []
    assert [m for kind, m in viewer.console if kind == "error"] == []
    ARTIFACTS.mkdir(exist_ok=True)
    viewer.page.locator(".cg-chart").scroll_into_view_if_needed()
    viewer.page.screenshot(path=str(ARTIFACTS / "dashboard-timeline.png"))
    viewer.page.close()


def test_date_slider_moves_the_gantt_and_summary(browser, app_url):
    viewer = Viewer(browser, app_url + "?date=2026-09-29")
    viewer.press(".cg-date-slider")
    assert "9月30日（周三）" in viewer.title()
    best, worst, follow_up = expected_summary(dt.date(2026, 9, 30), 1, 3)
    summary = viewer.summary()
    assert best in summary and worst in summary and follow_up in summary
    assert f"{int(best[5:7].rstrip('月'))}月" in viewer.subtitle()
    viewer.press(".cg-date-slider", "ArrowLeft", times=2)
    assert "9月28日（周一）" in viewer.title()
    best, worst, _ = expected_summary(dt.date(2026, 9, 28), 1, 3)
    assert best in viewer.summary() and worst in viewer.summary()
    assert viewer.other_hosts(app_url) == []
    assert [m for kind, m in viewer.console if kind == "error"] == []
    viewer.page.screenshot(path=str(ARTIFACTS / "after-date-slider.png"))
    viewer.page.close()


def test_carrier_slider_moves_the_gantt_and_summary(browser, app_url):
    viewer = Viewer(browser, app_url + "?date=2026-09-29")
    viewer.press(".cg-carrier-slider", times=4)  # Mobile -> Unicom -> Telecom -> Broadnet -> MVNO
    assert viewer.title().startswith("虚拟运营商")
    best, worst, follow_up = expected_summary(dt.date(2026, 9, 29), 2, 5)  # the mvno profile: 2/3/5
    summary = viewer.summary()
    assert best in summary and worst in summary and follow_up in summary
    assert "依据：假设（未经证实）" in viewer.page.inner_text("body")
    viewer.page.screenshot(path=str(ARTIFACTS / "after-carrier-slider.png"))
    viewer.page.close()


def test_provisional_year_is_flagged(browser, app_url):
    # The year after the last State Council notice in the installed data, whichever that is.
    viewer = Viewer(browser, app_url + f"?date={LAST_YEAR}-03-10")
    assert f"{LAST_YEAR} 年的国务院放假通知尚未公布" in viewer.page.inner_text("body")
    assert "暂定" in viewer.subtitle()
    viewer.page.close()


def test_jupyterlab_runs_the_dashboard(browser, tmp_path):
    # A copy: JupyterLab saves what it opens (kernelspec metadata), and the repo's notebook
    # is a link to the package's (test_packaging); copytree copies what it names.
    root = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", root)
    with jupyterlab(tmp_path, root) as (url, _):
        page, _ = open_page(browser, None, locale=None, viewport={"width": 1400, "height": 1000})
        page.on("console", lambda m: print("console:", m.type, m.text[:300]))
        page.goto(url + "lab/tree/dashboard.ipynb")
        page.wait_for_selector(".jp-Notebook", timeout=90_000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
        ARTIFACTS.mkdir(exist_ok=True)
        # A Run All that lands before the kernel is ready runs nothing: again, until the first
        # cell's prompt shows it queued or run ("[*]" or "[1]"), at most five times.
        started = "() => /\\[[*0-9]+\\]/.test(document.querySelector('.jp-InputPrompt')?.textContent || '')"
        for attempt in range(1, 6):
            try:  # "Select Kernel", when Lab asks (it may ask while the notebook opens)
                page.locator(".jp-Dialog .jp-mod-accept").first.click(timeout=3_000)
            except Exception:
                pass
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
            try:
                page.wait_for_function(started, timeout=10_000)
                break
            except Exception:
                page.screenshot(path=str(ARTIFACTS / f"jupyterlab-attempt-{attempt}.png"))
                if attempt == 5:
                    raise
        page.wait_for_selector(".cg-chart .js-plotly-plot .gtitle", timeout=120_000)
        assert "中国移动" in chart_title(page)
        page.screenshot(path=str(ARTIFACTS / "jupyterlab.png"))
        page.close()


# ---- year view, share link, English, downloads, assumptions ------------------

def slider_readout(viewer: Viewer, slider: str) -> str:
    return viewer.page.inner_text(f"{slider} .cg-slider-readout").strip()


def test_heatmap_hover_shows_dates_and_click_moves_the_slider(browser, app_url):
    # Before today's month (servers.TODAY, 2026-11-25): the day's own twelve months.
    viewer = Viewer(browser, app_url + "?date=2026-09-29")
    viewer.page.wait_for_selector(".cg-heat .cg-heat-day[data-day='2027-08-31']", timeout=30_000)
    viewer.page.locator(".cg-year").scroll_into_view_if_needed()
    assert viewer.page.text_content(".cg-heat-title") == "2026年9月至2027年8月每天提交：最慢多少天办完（中国移动）"
    assert viewer.page.locator(".cg-heat .cg-heat-day").count() == 365
    assert viewer.page.get_attribute(".cg-heat", "data-selected") == "2026-09-29"
    # Hover: the day before National Day waits for the holiday (chinese-calendar's dates).
    _, worst, _ = expected_summary(dt.date(2026, 9, 30), 1, 3)
    worst_day = dt.date.fromisoformat(re_date(worst))
    viewer.page.hover(".cg-heat .cg-heat-day[data-day='2026-09-30']")
    tip = viewer.page.locator(".cg-heat-tip")
    tip.wait_for(state="visible", timeout=10_000)
    assert "2026年9月30日（星期三）" in tip.inner_text()
    assert f"最慢{worst_day.month}月{worst_day.day}日" in tip.inner_text()
    assert f"{(worst_day - dt.date(2026, 9, 30)).days} 天" in tip.inner_text()
    # The slow days of National Day are darker than an ordinary week.
    fill = lambda day: viewer.page.locator(f".cg-heat .cg-heat-day[data-day='{day}']").evaluate(  # noqa: E731
        "b => getComputedStyle(b).backgroundColor")
    assert fill("2026-09-30") != fill("2026-11-02")  # an ordinary Monday
    ARTIFACTS.mkdir(exist_ok=True)
    viewer.page.screenshot(path=str(ARTIFACTS / "heatmap.png"))
    # Click a December day: the slider, the Gantt, the summary and the mark follow; the view stays.
    before = viewer.state()
    viewer.page.click(".cg-heat .cg-heat-day[data-day='2026-12-10']")
    viewer.redrawn(before)
    assert slider_readout(viewer, ".cg-date-slider") == "2026-12-10 周四"
    assert "12月10日（周四）" in viewer.title()
    best, worst, follow_up = expected_summary(dt.date(2026, 12, 10), 1, 3)
    assert best in viewer.summary() and worst in viewer.summary()
    viewer.page.wait_for_function(
        "() => document.querySelector('.cg-heat')?.dataset.selected === '2026-12-10'", timeout=10_000)
    assert viewer.page.text_content(".cg-heat-title").startswith("2026年9月至2027年8月")
    assert viewer.other_hosts(app_url) == []
    assert [m for kind, m in viewer.console if kind == "error"] == []
    viewer.page.close()


def re_date(zh: str) -> str:
    """``2026年10月12日（星期一）`` -> ``2026-10-12``."""
    year, rest = zh.split("年")
    month, rest = rest.split("月")
    return f"{int(year):04d}-{int(month):02d}-{int(rest.split('日')[0]):02d}"


def test_share_url_presets_the_controls_in_english(browser, app_url):
    viewer = Viewer(browser, app_url + "?date=2024-09-30&carrier=china-unicom&lang=en")
    assert slider_readout(viewer, ".cg-date-slider") == "2024-09-30 Mon"
    assert slider_readout(viewer, ".cg-carrier-slider") == "China Unicom"
    assert viewer.title() == "China Unicom · submitted Mon, Sep 30"
    labels = viewer.page.locator(".cg-chart .ytick text").all_text_contents()
    assert "Carrier review" in labels and "Carrier confirms" in labels
    # 2024-09-30: National Day 10-01..07; best = 3rd working day, worst = 5th (chinese-calendar).
    best, worst, follow_up = (workday_after(dt.date(2024, 9, 30), n) for n in (2, 4, 5))
    summary = viewer.summary()
    assert best.strftime("%a, %b ") + str(best.day) in summary
    assert worst.strftime("%a, %b ") + str(worst.day) in summary
    link = viewer.page.input_value(".cg-share")
    assert link.endswith("?date=2024-09-30&carrier=china-unicom&lang=en")
    assert link.startswith(app_url)
    assert "1. What a telemarketing card is" in viewer.page.inner_text("body")
    viewer.page.close()


def test_the_address_follows_the_choice_and_a_reload_keeps_it(browser, app_url):
    viewer = Viewer(browser, app_url + "?date=2026-09-29&carrier=china-unicom&lang=en")
    entries = viewer.page.evaluate("history.length")
    viewer.press(".cg-date-slider")
    viewer.page.wait_for_function("location.search.includes('date=2026-09-30')", timeout=10_000)
    query = dict(pair.split("=") for pair in viewer.page.evaluate("location.search")[1:].split("&"))
    assert query["carrier"] == "china-unicom" and query["lang"] == "en"
    viewer.page.reload(timeout=90_000)
    wait_drawn(viewer.page)
    assert slider_readout(viewer, ".cg-date-slider") == "2026-09-30 Wed"
    assert viewer.title() == "China Unicom · submitted Wed, Sep 30"
    assert viewer.page.evaluate("history.length") == entries  # replaced, not one history entry per move
    viewer.page.close()


def test_a_reader_who_leaves_gives_the_kernel_back(browser, app_url):
    """Voilà's beforeunload beacon is accepted (no 403) and the page's kernel exits at once."""
    import time

    from servers import kernel_pid

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
    viewer.page.close()


def test_invalid_link_parameters_leave_a_note_and_run_nothing(browser, app_url):
    dialogs = []
    page_url = app_url + "?date=2024-02-30&carrier=%3Cscript%3Ealert(1)%3C/script%3E&lang=xx&remote=yes"
    viewer = Viewer(browser, page_url)
    viewer.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    body = viewer.page.inner_text("body")
    assert "“2024-02-30” 不是有效日期" in body
    assert "未知的运营商 “<script>alert(1)</script>”" in body  # shown as text, not run
    assert "语言 “xx” 无效" in body and "remote=“yes” 无效" in body
    assert viewer.page.locator(".cg-warn script").count() == 0
    assert viewer.title().startswith("中国移动")  # the defaults, still working
    viewer.press(".cg-date-slider")
    assert dialogs == [] and "Traceback" not in viewer.page.inner_text("body")
    viewer.page.close()


def test_language_switch_turns_everything_english(browser, app_url):
    viewer = Viewer(browser, app_url + "?date=2026-09-29")
    before = viewer.state()
    viewer.page.locator(".widget-toggle-button", has_text="English").click()
    viewer.redrawn(before)
    assert viewer.title() == "China Mobile · submitted Tue, Sep 29"
    labels = viewer.page.locator(".cg-chart .ytick text").all_text_contents()
    assert sorted(labels) == sorted(["Prepare materials", "Contact customer service", "Submit the application",
                                     "First handling (about 24 h)", "Carrier review", "Carrier confirms"])
    legend = " ".join(viewer.page.locator(".cg-chart .legendtext").all_text_contents())
    assert "Weekend / holiday" in legend and "Make-up working day" in legend
    assert "Tue, Sep 29, 2026" in viewer.summary() and "National Day" in viewer.summary()
    viewer.page.wait_for_function(
        "() => document.querySelector('.cg-heat-title')?.textContent.startsWith('Submitting any day from Sep 2026 to Aug 2027')",
        timeout=15_000)
    assert slider_readout(viewer, ".cg-date-slider") == "2026-09-29 Tue"
    body = viewer.page.inner_text("body")
    assert "7. Beyond the article" in body and "One-ID check" in body
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in viewer.page.inner_text(".cg-summary"))
    viewer.page.locator(".cg-chart").scroll_into_view_if_needed()
    viewer.page.screenshot(path=str(ARTIFACTS / "english.png"))
    viewer.page.close()


def test_downloads_are_a_parsable_plan(browser, app_url):
    import csv
    import io

    import icalendar

    viewer = Viewer(browser, app_url + "?date=2026-09-29&carrier=china-telecom")
    with viewer.page.expect_download() as download:
        viewer.page.locator(".cg-ics").click()
    assert download.value.suggested_filename == "cardguide-2026-09-29-china-telecom.ics"
    cal = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())
    events = {str(e["uid"]).split("-2026")[0]: e for e in cal.walk("VEVENT")}
    best, worst, follow_up = (workday_after(dt.date(2026, 9, 29), n) for n in (2, 4, 5))
    assert events["submit"].decoded("dtstart") == dt.date(2026, 9, 29)
    assert events["window"].decoded("dtstart") == best
    assert events["window"].decoded("dtend") == worst + dt.timedelta(days=1)
    assert events["follow-up"].decoded("dtstart") == follow_up
    assert "中国电信" in str(events["window"]["summary"])
    with viewer.page.expect_download() as download:
        viewer.page.locator(".cg-csv").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    confirm = [r for r in rows if r["阶段"] == "运营商确认注销"]
    assert [r["结束日期"] for r in confirm] == [d.isoformat() for d in
                                            (best, workday_after(dt.date(2026, 9, 29), 3), worst)]
    viewer.page.close()


def test_own_review_days_and_remote_option_redraw_everything(browser, app_url):
    viewer = Viewer(browser, app_url + "?date=2026-09-29")
    worst_field = viewer.page.locator(".cg-review-worst input")
    worst_field.wait_for(timeout=10_000)
    worst_field.fill("6")
    worst_field.press("Enter")
    _, worst, _ = expected_summary(dt.date(2026, 9, 29), 1, 6)
    viewer.page.wait_for_function("w => document.querySelector('.cg-summary')?.innerText.includes(w)",
                                  arg=worst, timeout=15_000)
    # The note arrives in the kernel's next message, just after the summary's.
    viewer.page.wait_for_function("() => document.querySelector('.cg-assumption-status')?.innerText.includes('你自己的假设')",
                                  timeout=15_000)
    viewer.page.wait_for_function("() => document.querySelector('.cg-share')?.value.includes('review=1,2,6')",
                                  timeout=15_000)
    # Not a whole number: a note, and the last good plan stays.
    worst_field.fill("2.5")
    worst_field.press("Enter")
    viewer.page.wait_for_selector(".cg-assumption-status .cg-warn", timeout=15_000)
    assert "“2.5” 不是整数" in viewer.page.inner_text(".cg-assumption-status")
    assert worst in viewer.summary()
    viewer.page.locator(".cg-reset").click()
    _, worst, _ = expected_summary(dt.date(2026, 9, 29), 1, 3)
    viewer.page.wait_for_function("w => document.querySelector('.cg-summary')?.innerText.includes(w)",
                                  arg=worst, timeout=15_000)
    viewer.page.wait_for_function("() => document.querySelector('.cg-review-worst input')?.value === '3'",
                                  timeout=15_000)
    # Outside the home province: a forwarding stage of 7-15 working days appears.
    viewer.page.locator(".cg-remote input").check()
    viewer.page.wait_for_function(
        "() => document.querySelectorAll('.cg-chart .ytick text').length === 7", timeout=15_000)
    _, worst, _ = expected_summary(dt.date(2026, 9, 29), 1 + 7, 3 + 15)
    assert worst in viewer.summary()
    notes = viewer.page.locator(".cg-note").all_inner_texts()
    assert any("假设（未经证实）：异地销户" in n and "2019-01-03" in n for n in notes)
    assert "转归属省处理（假设）" in viewer.page.inner_text(".cg-chart")
    viewer.page.close()


# ---- failures --------------------------------------------------------------------------

def test_a_killed_kernel_leaves_its_viewer_answering_and_spares_the_others(browser, app_url):
    """The victim's page answers at once through the reader's module, then reloads itself (the
    server still answers) and is live again with its day; the other viewer never notices."""
    import os
    import signal

    victim = Viewer(browser, app_url + "?date=2026-09-29")
    other = Viewer(browser, app_url + "?date=2026-09-29")
    os.kill(kernel_pid(victim.page.content()), signal.SIGKILL)
    victim.page.wait_for_function("document.body.classList.contains('cg-offline')", timeout=30_000)
    assert "连接已中断" in victim.page.inner_text(".cg-status")
    assert "最快2026年10月8日（星期四）" in victim.page.inner_text(".cg-answer")  # chinese-calendar: Thu 10-08
    other.press(".cg-date-slider")  # the other viewer's kernel still answers
    assert "9月30日（周三）" in other.title()
    assert not other.page.locator(".cg-connection").is_visible()
    victim.page.wait_for_function("document.body.classList.contains('cg-widgets')", timeout=90_000)
    wait_drawn(victim.page)
    victim.press(".cg-date-slider")
    assert "9月30日（周三）" in victim.title() and not victim.page.locator(".cg-connection").is_visible()
    for viewer in (victim, other):
        assert "Traceback" not in viewer.page.inner_text("body")
        viewer.page.close()


def test_after_a_server_restart_an_open_page_answers_and_comes_back_by_itself(browser, tmp_path):
    for name in ("first", "second"):
        (tmp_path / name).mkdir()
    with voila(tmp_path / "first") as (url, _):
        viewer = Viewer(browser, url + "?date=2026-09-29&lang=en")
        port = int(url.rsplit(":", 1)[1].strip("/"))
    # The server is gone: the open page says so and answers through the reader's module.
    viewer.page.wait_for_function("document.body.classList.contains('cg-offline')", timeout=30_000)
    assert "The connection to the server is lost" in viewer.page.inner_text(".cg-status")
    viewer.page.locator(".cg-date").focus()
    viewer.page.keyboard.press("ArrowRight")
    viewer.page.wait_for_function("document.querySelector('.cg-answer').innerText.includes('Sep 30, 2026')", timeout=5_000)
    with voila(tmp_path / "second", port=port) as (url, _):
        # Back: the page reloads itself with the day chosen while the server was away.
        viewer.page.wait_for_function("document.body.classList.contains('cg-widgets')", timeout=90_000)
        wait_drawn(viewer.page)
        assert "Sep 30" in viewer.title()
        fresh = Viewer(browser, url + "?date=2026-09-29")
        fresh.press(".cg-date-slider")
        assert "9月30日（周三）" in fresh.title()
        fresh.page.close()
    viewer.page.close()


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
    # The year view starts at today's month.
    first = viewer.page.locator(".cg-heat .cg-heat-day").first.get_attribute("data-day")
    assert first == "2026-11-01"
    viewer.page.locator(".cg-deadline input").fill("2026-12-18")
    viewer.page.locator(".cg-deadline input").press("Enter")
    viewer.page.wait_for_function("s => document.querySelector('.cg-deadline-answer')?.innerText.includes(s)",
                                  arg=f"{safe.month}月{safe.day}日", timeout=15_000)
    viewer.page.wait_for_selector(".cg-heat .cg-heat-deadline[data-deadline='2026-12-18']", timeout=15_000)
    late = viewer.page.locator(".cg-heat .cg-heat-late")
    assert late.count() > 0  # late days hatched, not colour alone
    assert "repeating-linear-gradient" in late.first.evaluate("b => getComputedStyle(b).backgroundImage")
    before = viewer.state()
    viewer.page.locator("button.cg-deadline-move").click()
    viewer.redrawn(before)
    assert f"{safe.month}月{safe.day}日" in viewer.title()
    worst = dt.date.fromisoformat(re_date(expected_summary(safe, 1, 3)[1]))
    assert worst <= dt.date(2026, 12, 18)
    assert zh_long(worst) in viewer.summary()
    viewer.page.wait_for_function("() => document.querySelector('.cg-share')?.value.includes('by=2026-12-18')",
                                  timeout=15_000)
    ARTIFACTS.mkdir(exist_ok=True)
    viewer.page.locator(".cg-deadline-answer-widget").scroll_into_view_if_needed()
    viewer.page.screenshot(path=str(ARTIFACTS / "deadline.png"))
    viewer.page.locator(".cg-year").scroll_into_view_if_needed()
    viewer.page.screenshot(path=str(ARTIFACTS / "year-ahead.png"))
    assert viewer.other_hosts(app_url) == [] and [m for k, m in viewer.console if k == "error"] == []
    viewer.page.close()


def test_a_by_link_presets_the_deadline(browser, app_url):
    viewer = Viewer(browser, app_url + "?by=2026-12-31&lang=en")
    viewer.page.wait_for_function("() => document.querySelector('.cg-deadline-answer')?.innerText.includes('Dec 25')",
                                  timeout=30_000)
    assert viewer.page.locator(".cg-deadline input").input_value() == "2026-12-31"
    assert "to be safe" in viewer.page.inner_text(".cg-deadline-answer")
    viewer.page.close()


CHECKLIST_LABELS = ("() => [...document.querySelectorAll('.cg-checklist .widget-checkbox')]"
                    ".map((box) => box.innerText.replace(/\\s+/g, ' ').trim())")


def test_the_holder_choice_changes_the_checklist_not_the_timeline(browser, app_url):
    """Whose name the card is in (issue #36), on the Voilà page: the link presets the choice,
    each choice's checklist is read back in both languages, the answer never changes."""
    viewer = Viewer(browser, app_url + "?date=2026-09-29&carrier=china-telecom&holder=company")
    page = viewer.page
    group = page.locator(".cg-checklist fieldset.cg-radio")

    def shows(holder, lang):
        page.wait_for_function(f"(want) => JSON.stringify(({CHECKLIST_LABELS})()) === JSON.stringify(want)",
                               arg=HOLDER_CHECKLISTS[holder][lang], timeout=15_000)
        return page.evaluate(CHECKLIST_LABELS)

    legend, options = HOLDER_CHOICE["zh"]
    assert group.locator("legend").inner_text().strip() == legend
    assert [t.strip() for t in group.locator("label").all_inner_texts()] == options
    assert group.get_by_label("我的公司", exact=True).is_checked()
    assert shows("company", "zh") == HOLDER_CHECKLISTS["company"]["zh"]
    assert SAME_TIMELINE["zh"] in page.inner_text(".cg-checklist")
    summary, title = viewer.summary(), viewer.title()
    for option, holder in zip(options, ["personal", "company", "reseller", "iot"]):
        group.get_by_label(option, exact=True).check()
        assert shows(holder, "zh") == HOLDER_CHECKLISTS[holder]["zh"]
        assert (viewer.summary(), viewer.title()) == (summary, title)
    page.wait_for_function("location.search.includes('holder=iot')", timeout=10_000)
    group.get_by_label("卖卡的商家，或我不清楚", exact=True).check()
    assert shows("reseller", "zh") == HOLDER_CHECKLISTS["reseller"]["zh"]
    assert "没有找到官方说法" in page.inner_text(".cg-checklist")
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        group.evaluate("el => el.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(ARTIFACTS / f"dashboard-holder-{width}-zh.png"))
    before = viewer.state()
    page.locator(".widget-toggle-button", has_text="English").click()
    viewer.redrawn(before)
    assert shows("reseller", "en") == HOLDER_CHECKLISTS["reseller"]["en"]
    assert group.locator("legend").inner_text().strip() == HOLDER_CHOICE["en"][0]
    assert [t.strip() for t in group.locator("label").all_inner_texts()] == HOLDER_CHOICE["en"][1]
    for option, holder in zip(HOLDER_CHOICE["en"][1], ["personal", "company", "reseller", "iot"]):
        group.get_by_label(option, exact=True).check()
        assert shows(holder, "en") == HOLDER_CHECKLISTS[holder]["en"]
    group.get_by_label("My company's", exact=True).check()
    shows("company", "en")
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        group.evaluate("el => el.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(ARTIFACTS / f"dashboard-holder-{width}-en.png"))
    assert not [m for kind, m in viewer.console if kind == "error"]
    page.close()


def test_a_bad_holder_link_is_noted_and_loses_nothing_else(browser, app_url):
    viewer = Viewer(browser, app_url + "?date=2024-09-30&carrier=china-unicom&lang=en&holder=xyz")
    body = viewer.page.inner_text("body")
    assert 'holder="xyz" is invalid and was ignored (personal, company, reseller, iot)' in body
    assert viewer.title() == "China Unicom · submitted Mon, Sep 30"
    assert viewer.page.evaluate(CHECKLIST_LABELS) == HOLDER_CHECKLISTS["personal"]["en"]
    viewer.page.close()
