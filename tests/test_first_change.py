"""Issue 44, items 3 and 4: a phone's first date change and the kernel's Plotly Gantt come sooner.

- The first paint's HTML names the module and the data bundle in its head, so both are fetched
  in parallel with the page (the reader's page and the Voilà page), each with its integrity: the
  module's on its tag, the bundle's on the module's root, which the module fetches it with.
- Both pages' first paint holds the real date slider (``texts.early_date_html``): a reader who
  presses it before the module has run is answered for that day once it runs, not ignored; the
  module keeps the focus on the slider, in the same place. Checked with the module held back by a
  route, against chinese-calendar. The static page's too: its HTML answers for its build day and
  the module for the link's, so its slider sits above the answer, where a growing answer moves
  nothing, and a press there moves the link's day.
- On the Voilà page plotly.js is fetched into the HTTP cache, not run, once the kernel's first
  figure is in (no ``window.Plotly``, no chart drawn by it, the chart not reached); the chart
  reached runs it from the cache; a phone that asks to save data (CDP
  ``Emulation.setDataSaverOverride``: ``navigator.connection.saveData`` true) does not fetch it
  until the chart is reached.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import time
import tomllib
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import ROOT, open_page, workday_after, zh_long
from servers import PHONE, serve_static, voila

LINK = "?date=2026-09-28"


class Head(HTMLParser):
    """The elements of a page's head (tag, attributes), and whether the body has begun."""

    def __init__(self):
        super().__init__()
        self.head, self.body = [], False

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.body = True
        elif not self.body and tag in ("link", "script"):
            self.head.append((tag, dict(attrs)))


class Root(HTMLParser):
    """The module's root's attributes (``.cg-reader``)."""

    def __init__(self):
        super().__init__()
        self.attrs = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if not self.attrs and "cg-reader" in (attrs.get("class") or "").split():
            self.attrs = attrs


def head_of(html: str) -> list[tuple[str, dict]]:
    parser = Head()
    parser.feed(html)
    return parser.head


def sha384(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return "sha384-" + base64.b64encode(hashlib.sha384(response.read()).digest()).decode()


def early_fetches(html: str, url: str) -> dict[str, dict]:
    """The head's early fetches of widget.js (a module script or modulepreload) and data.json
    (a preload as fetch), by file name, each with its absolute address."""
    found = {}
    for tag, attrs in head_of(html):
        address = attrs.get("src") if tag == "script" else attrs.get("href")
        if not address:
            continue
        name = address.rsplit("/", 1)[-1]
        module = (tag == "script" and attrs.get("type") == "module") or attrs.get("rel") == "modulepreload"
        bundle = attrs.get("rel") == "preload" and attrs.get("as") == "fetch"
        if (name == "widget.js" and module) or (name == "data.json" and bundle):
            found[name] = {**attrs, "url": urljoin(url, address)}
    return found


def china_mobile(day: dt.date) -> str:
    """The answer's two dates for China Mobile (1 and 3 review days), by chinese-calendar."""
    return f"最快{zh_long(workday_after(day, 2))}、最慢{zh_long(workday_after(day, 4))}"


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """cardguide's Voilà page (a preheated pool of two: each page takes a kernel); its URL."""
    with voila(tmp_path_factory.mktemp("voila"), pool_size=2) as (url, _):
        yield url


@pytest.fixture(scope="module")
def reader_site(tmp_path_factory):
    """The reader's page built on 2026-12-01, served as static files; its URL."""
    from cardguide.site import write_site

    folder = tmp_path_factory.mktemp("reader-site")
    write_site(folder, built=dt.date(2026, 12, 1))
    with serve_static(folder) as url:
        yield url


def page_html(url: str) -> str:
    with urllib.request.urlopen(url, timeout=90) as response:
        return response.read().decode("utf-8")


@pytest.mark.browser
@pytest.mark.parametrize("which", ["reader", "voila"])
def test_the_head_names_the_module_and_bundle_with_their_integrity(request, which):
    """Both are asked for as the head is parsed, not after the module has run (the bundle) or
    after the body (the module); each named with the integrity of the bytes the server sends."""
    url = request.getfixturevalue("reader_site" if which == "reader" else "live") + LINK
    html = page_html(url)
    found = early_fetches(html, url)
    assert set(found) == {"widget.js", "data.json"}, found
    assert found["widget.js"].get("integrity") == sha384(found["widget.js"]["url"])
    assert found["data.json"].get("crossorigin") == "anonymous"  # as the module's fetch asks: the preload is used
    # The bundle's integrity is the module's fetch's (Chromium ignores one on a fetch preload).
    root = Root()
    root.feed(html)
    assert urljoin(url, root.attrs["data-bundle"]) == found["data.json"]["url"]
    assert root.attrs.get("data-bundle-integrity") == sha384(found["data.json"]["url"])


@pytest.mark.browser
def test_the_voila_pages_headers_start_the_same_three_files_once_each(browser, live):
    """The Voilà page's response names the CSS, the module and the bundle in a ``Link`` header
    (the browser starts them as the headers come, before parsing the page), each with the
    integrity of the bytes the server sends; and the browser fetches each file once (a preload
    that did not match its later use would fetch it twice)."""
    with urllib.request.urlopen(live + LINK, timeout=90) as response:
        link = response.headers["Link"]
    parts = {}
    for entry in link.split(", "):
        target, *params = entry.split("; ")
        parts[target.strip("<>").rsplit("/", 1)[-1]] = dict(p.split("=", 1) for p in params)
    assert set(parts) == {"reader.css", "widget.js", "data.json"}, link
    assert parts["widget.js"]["rel"] == "modulepreload" and parts["data.json"]["crossorigin"] == "anonymous"
    base = urljoin(live, next(e.split(";")[0].strip("<>") for e in link.split(", ") if "widget.js" in e))
    for name in ("reader.css", "widget.js"):  # the bundle's is the module's fetch's, as in the head
        assert parts[name]["integrity"].strip('"') == sha384(urljoin(base, name)), name
    assert "integrity" not in parts["data.json"]
    page, errors = open_page(browser, None, **PHONE)
    page.goto(live + LINK, timeout=90_000)
    page.wait_for_selector(".cg-reader[data-ready]", timeout=30_000)
    fetched = [u.rsplit("/", 1)[-1] for u in page.requests]
    for name in parts:
        assert fetched.count(name) == 1, (name, fetched)
    assert errors == []
    page.context.close()


@pytest.mark.browser
def test_the_article_comes_after_the_answer_and_a_lost_one_is_said(browser, live):
    """The bundle's second file (``more.json``: the article) is fetched once the page has
    answered; the Voilà page then draws the article from it. Refused (its request aborted), the
    answer and the controls stand and the article's place says the data could not be read."""
    page, errors = open_page(browser, None, **PHONE)
    page.goto(live + LINK, timeout=90_000)
    page.wait_for_function("() => document.querySelector('.cg-article h2')", timeout=30_000)
    assert page.requests.index(next(u for u in page.requests if u.endswith("/more.json"))) > \
        page.requests.index(next(u for u in page.requests if u.endswith("/data.json")))
    assert errors == []
    page.context.close()
    page, _ = open_page(browser, None, **PHONE)
    page.route("**/more.json", lambda route: route.abort())
    page.goto(live + LINK, timeout=90_000)
    page.wait_for_selector(".cg-article .cg-warn", timeout=30_000)
    ui = tomllib.loads((ROOT / "cardguide" / "data" / "ui.toml").read_text("utf-8"))
    assert page.inner_text(".cg-article .cg-warn") == ui["reader"]["bad_data"]["zh"]
    page.keyboard.press("Tab")  # the controls still answer
    page.focus(".cg-date")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("t => document.querySelector('.cg-answer').innerText.includes(t)",
                           arg=china_mobile(dt.date(2026, 9, 29)), timeout=10_000)
    page.context.close()


def hold(page, name: str) -> list:
    """Requests for ``name`` kept from the page until ``route.continue_()``."""
    held = []
    page.route(f"**/{name}", lambda route: held.append(route))
    return held


def release(page, held: list) -> None:
    """Lets the requests ``hold`` kept go, once the page has asked (within 30 s)."""
    deadline = time.monotonic() + 30
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    for route in held:
        route.continue_()


def press_early(page, url: str, presses: int = 1) -> None:
    """Opens ``url`` with widget.js held back, presses ArrowRight on the first paint's slider
    (the module has not run: the answer does not move), then lets the module come."""
    held = hold(page, "widget.js")
    page.goto(url, wait_until="commit", timeout=90_000)
    page.wait_for_selector(".cg-early .cg-date", timeout=30_000)
    before = page.inner_text(".cg-answer")
    page.early_top = page.evaluate("document.querySelector('.cg-early .cg-date').getBoundingClientRect().top + scrollY")
    page.focus(".cg-early .cg-date")
    for _ in range(presses):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    assert page.evaluate("!window.cardguideReaderRan"), "the module ran before it was let go"
    assert page.inner_text(".cg-answer") == before
    release(page, held)
    page.wait_for_selector(".cg-reader.cg-mounted", timeout=30_000)


@pytest.mark.browser
def test_an_early_press_on_the_static_page_moves_the_links_day_and_the_slider_stays(browser, reader_site):
    """The static page's HTML answers for its build day (2026-12-01), and its slider sits above
    the answer at that day. The module answers for the link's day (2026-09-28, a past day's
    answer, which opens with where it stands: the answer grows below the slider). A press before
    the module runs moves the link's day by one: 2026-09-29's answer (chinese-calendar), the
    focus kept, the slider where it was."""
    page, errors = open_page(browser, None, **PHONE)
    press_early(page, reader_site + LINK)
    assert abs(page.evaluate("document.querySelector('.cg-date').getBoundingClientRect().top + scrollY") - page.early_top) <= 1
    page.wait_for_function("t => document.querySelector('.cg-answer').innerText.includes(t)",
                           arg=china_mobile(dt.date(2026, 9, 29)), timeout=10_000)
    assert page.evaluate("document.activeElement.classList.contains('cg-date')")
    assert page.inner_text(".cg-date-out") == zh_long(dt.date(2026, 9, 29))
    assert errors == []
    page.context.close()


@pytest.mark.browser
def test_an_early_press_on_the_voila_page_is_answered_and_the_kernel_gets_it(browser, live):
    """The Voilà page's first paint for 2026-09-28 (Monday): a press before the module runs
    gives 2026-09-29's answer (China Mobile: done 2026-10-09 at the latest, after National Day,
    by chinese-calendar), and the kernel joins with that day."""
    page, errors = open_page(browser, None, **PHONE)
    press_early(page, live + LINK)
    # The module's slider is where the first paint's was (the HTML's answer is this link's): no shift.
    assert abs(page.evaluate("document.querySelector('.cg-date').getBoundingClientRect().top + scrollY") - page.early_top) <= 1
    page.wait_for_function("t => document.querySelector('.cg-answer').innerText.includes(t)",
                           arg=china_mobile(dt.date(2026, 9, 29)), timeout=10_000)
    assert page.evaluate("document.activeElement.classList.contains('cg-date')")
    page.wait_for_function("() => { const r = document.querySelector('.cg-reader'); return r.cardguide && r.cardguide.joined; }",
                           timeout=60_000)
    page.wait_for_function("() => (document.querySelector('.cg-reader').cardguide.model.get('figure') || {}).key",
                           timeout=60_000)
    assert page.evaluate("document.querySelector('.cg-reader').cardguide.model.get('date')") == "2026-09-29"
    assert errors == []
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_first_paint_slider_is_named_and_axe_finds_nothing_before_the_module(browser, live, lang):
    """Before the module runs (held back), the first paint's slider is a labelled slider saying
    its day, in the link's language, and axe finds no WCAG violation on the page."""
    page, _ = open_page(browser, None, **PHONE)
    held = hold(page, "widget.js")
    page.goto(live + f"{LINK}&lang={lang}", wait_until="commit", timeout=90_000)
    page.wait_for_selector(".cg-early .cg-date", timeout=30_000)
    slider = page.get_by_role("slider", name="提交日期" if lang == "zh" else "Submitted on")
    assert slider.count() == 1
    day = dt.date(2026, 9, 28)
    text = zh_long(day) if lang == "zh" else "Mon, Sep 28, 2026"
    assert slider.get_attribute("aria-valuetext") == text
    assert page.inner_text(".cg-early .cg-date-out") == text
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]})
    assert results.violations_count == 0, results.generate_report()
    for route in held:
        route.continue_()
    page.context.close()


PLOTLY = "plotly-basic.min.js"


def plotly_log(page) -> list[dict]:
    """plotly.js's responses as the browser saw them (CDP): from the network or the HTTP cache."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    log = []
    cdp.on("Network.responseReceived", lambda e: log.append(e["response"]) if PLOTLY in e["response"]["url"] else None)
    cdp.on("Network.requestServedFromCache", lambda e: log.append({"servedFromCache": True}))
    page.cdp = cdp
    return log


def joined(page) -> None:
    """Until the kernel has joined and sent its first figure (the page's last wait)."""
    page.wait_for_function("() => { const r = document.querySelector('.cg-reader');"
                           " return r.cardguide && r.cardguide.joined && (r.cardguide.model.get('figure') || {}).key; }",
                           timeout=90_000)


LONG_TASKS = """window.cgLong = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) window.cgLong.push([e.startTime, e.duration]); })
  .observe({type: "longtask", buffered: true});"""


@pytest.mark.browser
def test_plotly_is_fetched_not_run_before_the_chart_and_runs_from_the_cache_there(browser, live):
    """A phone that never scrolls: plotly.js arrives over the network once the kernel has
    joined, yet nothing runs it (no window.Plotly, the chart the module's SVG); scrolled to the
    chart, plotly.js runs from the HTTP cache (no second download) and draws the kernel's Gantt."""
    page, errors = open_page(browser, None, LONG_TASKS, **PHONE)
    log = plotly_log(page)
    page.goto(live + LINK, timeout=90_000)
    joined(page)
    page.wait_for_function(f"() => performance.getEntriesByType('resource').some((e) => e.name.includes('{PLOTLY}') && e.responseEnd > 0)",
                           timeout=30_000)
    page.wait_for_timeout(1000)
    assert page.evaluate("!window.Plotly")
    assert page.get_attribute(".cg-chart", "data-drawn") == "svg"
    assert not page.evaluate("document.querySelector('.cg-chart').getBoundingClientRect().top < innerHeight + 100")
    assert [r for r in log if "status" in r] and not log[0].get("fromDiskCache"), log
    # Nothing of plotly.js's running (a long task once it has arrived: 0.3 s here, 1 s on a phone).
    arrived = page.evaluate(f"Math.max(...performance.getEntriesByType('resource').filter((e) => e.name.includes('{PLOTLY}')).map((e) => e.responseEnd))")
    assert [d for t, d in page.evaluate("window.cgLong") if t + d > arrived and d > 200] == []
    page.locator(".cg-chart").scroll_into_view_if_needed()
    page.wait_for_selector(".cg-chart[data-drawn=plotly]", timeout=30_000)
    assert page.evaluate("!!window.Plotly")
    responses = [r for r in log if "status" in r]
    assert len(responses) == 2 and (responses[1].get("fromDiskCache") or responses[1].get("fromMemoryCache")), log
    assert errors == []
    page.context.close()


@pytest.mark.browser
def test_a_phone_saving_data_fetches_plotly_only_at_the_chart(browser, live):
    """``navigator.connection.saveData`` (CDP's data saver override): nothing fetches plotly.js
    while the chart is not reached, however long the page stays idle; reached, it loads and draws."""
    page, errors = open_page(browser, None, **PHONE)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setDataSaverOverride", {"dataSaverEnabled": True})
    page.goto(live + LINK, timeout=90_000)
    assert page.evaluate("navigator.connection.saveData") is True
    joined(page)
    page.wait_for_timeout(4000)  # past the idle callback's 2 s bound
    assert not [u for u in page.requests if PLOTLY in u]
    page.locator(".cg-chart").scroll_into_view_if_needed()
    page.wait_for_selector(".cg-chart[data-drawn=plotly]", timeout=30_000)
    assert [u for u in page.requests if PLOTLY in u]
    assert errors == []
    page.context.close()


@pytest.mark.browser
def test_without_the_module_the_first_paint_slider_is_not_left_doing_nothing(browser, live):
    """Scripts off: the slider is hidden (``scripting: none``) and the noscript line shows. The
    module refused (an engine below the baseline: its request aborted): fallback.js takes the
    slider away and says the controls need a newer browser."""
    page, _ = open_page(browser, live + LINK, drawn=False, java_script_enabled=False, **PHONE)
    page.wait_for_selector(".cg-answer b")
    assert not page.is_visible(".cg-early") and page.is_visible(".cg-controls .cg-warn")
    page.context.close()
    page, _ = open_page(browser, None, **PHONE)
    page.route("**/widget.js", lambda route: route.abort())
    page.goto(live + LINK, wait_until="load")
    page.wait_for_selector(".cg-old-browser", timeout=10_000)
    assert page.query_selector(".cg-early") is None
    page.context.close()
