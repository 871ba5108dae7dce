"""Back without a signal (issue #35): a reader who opened the reader's page once opens it again
offline and gets the same answers (the service worker ``reader/sw.js`` keeps the page, the module,
its CSS and the bundle); a new build replaces the old one as soon as the reader is online; the
web app manifest lets the page be added to a home screen. Served by a plain static server, as
any web host would serve ``python -m cardguide site``; the browser's clock is fixed.
Expected dates come from chinese-calendar (``conftest.expected_summary``)."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from urllib.parse import urlparse

import pytest

from cardguide.site import write_site
from conftest import expected_summary, open_page
from servers import PHONE, serve_static

pytestmark = pytest.mark.browser
#: 2026-12-04 17:30 UTC is 2026-12-05 in Beijing.
NOW = dt.datetime(2026, 12, 4, 17, 30, tzinfo=dt.timezone.utc)


@pytest.fixture()
def served(tmp_path):
    """An empty folder served on loopback (http://127.0.0.1 is a secure context: workers run)."""
    with serve_static(tmp_path) as url:
        yield tmp_path, url


def answer(page) -> str:
    return re.sub(r"\s+", " ", page.inner_text(".cg-answer")).strip()


def says(page, day: dt.date) -> None:
    """China Mobile's 1/2/3 review days from ``day``: the best, worst and follow-up days as
    chinese-calendar counts them, in the answer."""
    text = answer(page)
    for when in expected_summary(day, 1, 3):
        assert when in text, (when, text)


def worker_ready(page) -> list[str]:
    """Once the service worker controls the page and its cache is filled: the cache names."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=20_000)
    return page.evaluate("caches.keys()")


def test_opened_once_it_opens_again_offline_and_answers(browser, served):
    folder, url = served
    write_site(folder, built=dt.date(2026, 12, 1))
    page, errors = open_page(browser, None, locale=None, setup=lambda p: p.clock.set_fixed_time(NOW), **PHONE)
    page.goto(url + "?date=2026-09-28&lang=zh")
    page.wait_for_selector(".cg-reader[data-ready]", timeout=20_000)
    caches = worker_ready(page)
    assert len(caches) == 1 and caches[0].startswith("cardguide-reader-v/")
    page.context.set_offline(True)
    page.reload()
    page.wait_for_selector(".cg-reader[data-ready]", timeout=20_000)
    says(page, dt.date(2026, 9, 28))
    # The controls answer offline: a new day, the answer chinese-calendar gives.
    page.fill(".cg-pick", "2026-09-30")
    page.dispatch_event(".cg-pick", "change")
    says(page, dt.date(2026, 9, 30))
    assert "国庆节" in page.inner_text(".cg-chart")
    # Another link to the same page, opened offline, answers for its own day.
    page.goto(url + "?date=2025-01-24&lang=en")
    page.wait_for_selector(".cg-reader[data-ready]", timeout=20_000)
    assert page.get_attribute("html", "lang") == "en"
    assert "Jan" in answer(page)
    page.context.set_offline(False)
    host = urlparse(url).netloc
    assert page.requests and all(urlparse(u).netloc == host for u in page.requests if not u.startswith(("blob:", "data:")))
    assert errors == []
    page.context.close()


def test_a_new_build_replaces_the_old_one_when_online(browser, served):
    folder, url = served
    write_site(folder, built=dt.date(2026, 12, 1))
    page, errors = open_page(browser, None, locale=None, setup=lambda p: p.clock.set_fixed_time(NOW), **PHONE)
    page.goto(url)
    page.wait_for_selector(".cg-reader[data-ready]", timeout=20_000)
    (old,) = worker_ready(page)
    # The operator builds again (new data: a new content-named folder and a new worker), a second
    # later at least: a static server's Last-Modified counts whole seconds.
    time.sleep(1.1)
    write_site(folder, built=dt.date(2026, 12, 3))
    page.reload()
    page.wait_for_selector(".cg-reader[data-ready]", timeout=20_000)
    assert "数据生成于 2026-12-03" in page.inner_text("footer")  # the page is network first
    # The new worker's cache only: the old build's is deleted once the new worker is active.
    for _ in range(100):
        caches = page.evaluate("caches.keys()")
        if old not in caches:
            break
        page.wait_for_timeout(200)
    assert len(caches) == 1 and caches[0] != old, caches
    # ... and the new build's worker, activated, controls the page (its claim done).
    page.wait_for_function("""() => { const c = navigator.serviceWorker.controller;
        return c !== null && c.state === "activated" && c.scriptURL.endsWith(document.querySelector('meta[name="cardguide-sw"]').content); }""",
                           timeout=20_000)
    page.context.set_offline(True)
    page.reload()
    page.wait_for_selector(".cg-reader[data-ready]", timeout=20_000)
    assert "数据生成于 2026-12-03" in page.inner_text("footer")
    says(page, dt.date(2026, 12, 5))  # no date in the link: today in Beijing
    assert errors == []
    page.context.close()


def test_the_manifest_makes_it_a_home_screen_app(browser, served):
    folder, url = served
    write_site(folder, built=dt.date(2026, 12, 1))
    page, errors = open_page(browser, None, locale=None, setup=lambda p: p.clock.set_fixed_time(NOW))
    page.goto(url)
    page.wait_for_selector(".cg-reader[data-ready]", timeout=20_000)
    href = page.eval_on_selector('link[rel="manifest"]', "l => l.href")
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"].startswith("application/manifest+json")
    manifest = json.loads(response.text())
    assert manifest["name"] == "电销卡注销指南：要准备什么、怎么办、多久能办完" and manifest["short_name"] == "电销卡注销"
    assert page.title() == "电销卡注销要多久？2026年12月5日提交，中国移动"  # the module names the day (WeChat shows the title)
    assert (manifest["start_url"], manifest["display"]) == (".", "standalone")
    icon = manifest["icons"][0]
    assert (icon["type"], icon["sizes"]) == ("image/svg+xml", "any")
    assert page.request.get(url + icon["src"]).text().startswith("<svg")
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"]) and manifest["background_color"]
    assert errors == []
    page.context.close()
