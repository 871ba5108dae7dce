"""The Voilà app and JupyterLab in Debian's chromium, as a viewer uses them.

Expected dates come from chinese-calendar (an independent calendar), not from the estimator.
"""

from __future__ import annotations

import datetime as dt
import shutil

import chinese_calendar
import pytest
from playwright.sync_api import sync_playwright

from cardguide.article import SECTIONS, article, text
from conftest import ROOT
from servers import CHROMIUM, CHROMIUM_ARGS, jupyterlab, voila

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "tests" / "artifacts"
WEEKDAYS_ZH = "一二三四五六日"


def workday_after(day: dt.date, count: int) -> dt.date:
    """Day 1 = first working day on/after ``day``; then ``count`` more working days."""
    while not chinese_calendar.is_workday(day):
        day += dt.timedelta(days=1)
    for _ in range(count):
        day += dt.timedelta(days=1)
        while not chinese_calendar.is_workday(day):
            day += dt.timedelta(days=1)
    return day


def zh_long(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日 星期{WEEKDAYS_ZH[day.weekday()]}"


def expected_summary(submitted: dt.date, best_review: int, worst_review: int) -> tuple[str, str, str]:
    best = workday_after(submitted, best_review + 1)
    worst = workday_after(submitted, worst_review + 1)
    follow_up = workday_after(worst, 1)
    return zh_long(best), zh_long(worst), zh_long(follow_up)


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    # The same pool `make run` uses; the first test is the server's very first viewer.
    with voila(tmp_path_factory.mktemp("voila")) as (url, _):
        yield url


class Viewer:
    """A page plus everything it asked for and logged."""

    def __init__(self, browser, url):
        self.page = browser.new_page(viewport={"width": 1200, "height": 900}, locale="zh-CN")
        self.requests, self.console = [], []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.console.append(("error", str(e))))
        self.page.goto(url, timeout=90_000)
        self.page.wait_for_selector(".cg-chart .gtitle", timeout=90_000)

    def subtitle(self) -> str:
        return self.page.text_content(".cg-chart .gtitle-subtitle") or ""

    def title(self) -> str:
        return self.page.text_content(".cg-chart .gtitle") or ""

    def summary(self) -> str:
        return self.page.inner_text(".cg-summary")

    def press(self, slider: str, key: str = "ArrowRight", times: int = 1) -> None:
        handle = self.page.locator(f"{slider} .noUi-handle")
        for _ in range(times):
            before = self.title()
            handle.focus()
            self.page.keyboard.press(key)
            self.page.wait_for_function(
                "before => document.querySelector('.cg-chart .gtitle')?.textContent !== before",
                arg=before, timeout=15_000)

    def other_hosts(self, url: str) -> list[str]:
        own = url.split("/")[2]
        return sorted({r.split("/")[2] for r in self.requests if r.startswith("http") and r.split("/")[2] != own})


def test_page_shows_all_sections_and_the_gantt(browser, app_url):
    viewer = Viewer(browser, app_url + "?date=2026-09-29")
    body = viewer.page.inner_text("body")
    for section in SECTIONS:
        assert text(article()[section]["heading"]) in body
    assert "中国移动 · 9月29日 周二 提交" in viewer.title()
    best, worst, follow_up = expected_summary(dt.date(2026, 9, 29), 1, 3)
    summary = viewer.summary()
    assert best in summary and worst in summary and follow_up in summary
    assert viewer.page.locator(".cg-chart .js-plotly-plot .bars path").count() >= 6
    chart_left = viewer.page.locator(".cg-chart .js-plotly-plot").bounding_box()["x"]
    labels = viewer.page.locator(".cg-chart .ytick text")
    assert labels.count() == 6
    for i in range(6):  # stage names are readable, not clipped at the chart's left edge
        assert labels.nth(i).bounding_box()["x"] >= chart_left
    for bad in ("Traceback", "Error", "import ", "Dashboard.from_request"):
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
    assert "9月30日 周三" in viewer.title()
    best, worst, follow_up = expected_summary(dt.date(2026, 9, 30), 1, 3)
    summary = viewer.summary()
    assert best in summary and worst in summary and follow_up in summary
    assert f"{int(best[5:7].rstrip('月'))}月" in viewer.subtitle()
    viewer.press(".cg-date-slider", "ArrowLeft", times=2)
    assert "9月28日 周一" in viewer.title()
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
    assert "【假设】" in viewer.page.inner_text("body")
    viewer.page.screenshot(path=str(ARTIFACTS / "after-carrier-slider.png"))
    viewer.page.close()


def test_provisional_year_is_flagged(browser, app_url):
    viewer = Viewer(browser, app_url + "?date=2027-03-10")
    assert "2027 年的国务院放假通知尚未公布" in viewer.page.inner_text("body")
    assert "暂定" in viewer.subtitle()
    viewer.page.close()


def test_jupyterlab_runs_the_dashboard(browser, tmp_path):
    with jupyterlab(tmp_path, ROOT / "notebooks") as (url, _):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url + "lab/tree/dashboard.ipynb")
        page.wait_for_selector(".jp-Notebook", timeout=90_000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        page.wait_for_selector(".cg-chart .js-plotly-plot .gtitle", timeout=120_000)
        assert "中国移动" in page.text_content(".cg-chart .gtitle")
        page.screenshot(path=str(ARTIFACTS / "jupyterlab.png"))
        page.close()
