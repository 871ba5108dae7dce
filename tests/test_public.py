"""The app as a public service meets it: a server clock in another zone, a clock past the
holiday data, a path prefix behind nginx, two workers.

The server's clock is moved with Debian's libfaketime, preloaded into that server's processes
only (the browser and this test keep the real clock); the page's "today" is then the server's
own reading of Beijing's date, as in production (no ``CARDGUIDE_TODAY``).
"""

from __future__ import annotations

import datetime as dt
import time

import pytest

from cardguide.workdays import LAST_YEAR
from servers import LIBFAKETIME, clock_at, voila
from test_browser import browser  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser
BEIJING = dt.timezone(dt.timedelta(hours=8))


def open_app(browser, url):
    page = browser.new_page(viewport={"width": 1200, "height": 900}, locale="zh-CN")
    seen = []
    page.on("request", lambda r: seen.append(r.url))
    page.goto(url, timeout=90_000)
    page.wait_for_selector(".cg-chart .gtitle", timeout=90_000)
    return page, seen


def slider_day(page) -> str:
    return page.locator(".cg-date-slider input[type=range]").get_attribute("aria-valuetext")


def test_libfaketime_is_installed():
    assert __import__("pathlib").Path(LIBFAKETIME).is_file(), "`make test` installs Debian's faketime"


def test_a_server_in_utc_minus_12_defaults_to_beijings_date_when_the_viewer_arrives(browser, tmp_path):
    """The server's clock starts 45 s before midnight in Beijing, where it is 04:00 of the
    same day (UTC-12): its kernel is preheated on the old day, the viewer arrives on the new."""
    midnight = dt.datetime(2026, 11, 25, tzinfo=BEIJING)
    started = time.monotonic()
    env = {"TZ": "Etc/GMT+12", **clock_at(midnight - dt.timedelta(seconds=45))}
    with voila(tmp_path, today=None, env=env) as (url, _):
        preheated = time.monotonic() - started
        assert preheated < 43, f"the kernel took {preheated:.0f} s to preheat: it must be ready before midnight"
        time.sleep(max(0.0, 47 - (time.monotonic() - started)))
        page, _ = open_app(browser, url)
        # Beijing's new day, not the server's zone (2026-11-24 there) nor the preheat's.
        assert slider_day(page) == "2026-11-25 周三"
        assert "11月25日（周三）提交" in page.text_content(".cg-chart .gtitle")
        assert "2026-11-26" not in slider_day(page) and page.locator(".cg-warn").count() == 0
        page.context.close()
        # A link's own date still wins.
        page, _ = open_app(browser, url + "?date=2026-09-29")
        assert slider_day(page) == "2026-09-29 周二"
        page.context.close()


@pytest.mark.parametrize("years_past", [2])
def test_past_the_holiday_data_the_page_draws_and_says_so(browser, tmp_path, years_past):
    """The clock at 2 January two years after the installed data's last year (read from the
    data): chart drawn on the last covered day, the note shown, no error."""
    today = dt.date(LAST_YEAR + years_past, 1, 2)
    env = clock_at(dt.datetime(today.year, 1, 2, 10, tzinfo=BEIJING))
    with voila(tmp_path, today=None, env=env) as (url, _):
        page, seen = open_app(browser, url)
        last = dt.date(LAST_YEAR, 12, 31)
        assert slider_day(page).startswith(last.isoformat())
        assert f"{last.month}月{last.day}日" in page.text_content(".cg-chart .gtitle")
        assert page.locator(".cg-chart .js-plotly-plot .bars path").count() >= 6
        note = page.inner_text(".cg-warn")
        assert f"{LAST_YEAR} 年" in note and f"今天（{today}）" in note and "不是今天" in note
        body = page.inner_text("body")
        for error in ("There was an error", "执行单元格时出错", "Traceback", "IndexError", "Error"):
            assert error not in body
        assert {u.split("/")[2] for u in seen if u.startswith("http")} == {url.split("/")[2]}
        page.context.close()
