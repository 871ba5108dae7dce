"""Every reader's phone (issue #35): dark mode, a 320 px screen, text at 200% and reduced motion,
on the reader's page (served as static files) and on the Voilà page.

- Dark mode (``color_scheme="dark"``): axe finds no WCAG 2.2 AA violation at 390 and 1280 px in
  both languages; the page's background, text and chart bars are read back from the browser and
  their contrast computed here (WCAG's relative luminance, written out below): text 4.5:1, bars
  and lines 3:1 against the chart's background.
- 320 CSS px (WCAG 1.4.10): no sideways scroll, no element's right edge past the screen.
- Text at 200% (WCAG 1.4.4): the root font size set to 200% before the page's own styles apply.
  That is what a browser's font-size setting does, and the reader's page sets every text size in
  rem or em (the chart's SVG labels excepted: the stage table says the same in text), so every
  text scales as WeChat's font-size setting or Android's text zoom scales it; Chromium's own text
  zoom cannot be set from a script. Nothing scrolls sideways and no text block's content is wider
  than its box (``scrollWidth <= clientWidth``).
- ``reduced_motion="reduce"``: no element has a transition or an animation.
Screenshots go to tests/artifacts/ (dark-*, reflow-*, text200-*).
"""

from __future__ import annotations

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import ARTIFACTS, COLOURS, contrast, expected_summary, kernel_gantt_contrast, luminance, open_page, open_voila, rgb
from servers import voila

pytestmark = pytest.mark.browser
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
SIZES = {"phone": dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True),
         "desktop": dict(viewport={"width": 1280, "height": 900})}
NARROW = dict(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
#: 2026-12-04 17:30 UTC: the 5th in Beijing (the reader's page's clock).
NOW = dt.datetime(2026, 12, 4, 17, 30, tzinfo=dt.timezone.utc)
LINK = "?date=2026-09-29&lang={lang}&by=2026-12-18"
#: The text at 200%: the root's font size, before the page's own styles (an init script).
TEXT_200 = "document.addEventListener('DOMContentLoaded', () => { document.documentElement.style.fontSize = '200%'; });"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    with voila(tmp_path_factory.mktemp("voila-dark")) as (url, _):
        yield url


def violations(page) -> list[str]:
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:4]}" for v in result.response["violations"]]


def reader(browser, url, **context):
    page, errors = open_page(browser, None, locale=None, setup=lambda p: p.clock.set_fixed_time(NOW), **context)
    page.goto(url)
    page.wait_for_selector(".cg-reader[data-ready]", timeout=20_000)
    return page, errors


def live(browser, url, init_script=None, **context):
    """The Voilà page once the kernel has joined the page's module (its Plotly Gantt drawn)."""
    return open_voila(browser, url, init_script, **context)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_readers_page_in_dark_mode(browser, site, lang, size):
    page, errors = reader(browser, site + LINK.format(lang=lang), color_scheme="dark", **SIZES[size])
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"dark-reader-{size}-{lang}.png"))
    page.locator(".cg-chart").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"dark-reader-chart-{size}-{lang}.png"))
    assert violations(page) == []
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert luminance(rgb(background)) < 0.05, f"the page stays light in dark mode: {background}"
    for sel in (".cg-answer", ".cg-answer b", "h1", "h2", ".cg-notes", ".cg-small", ".cg-article p", "label", "a"):
        for c in page.evaluate(COLOURS, sel):
            assert contrast(c["text"], c["bg"]) >= 4.5, (sel, c)
    if lang == "zh":  # the answer, as chinese-calendar counts it
        assert all(day in page.inner_text(".cg-answer") for day in expected_summary(dt.date(2026, 9, 29), 1, 3))
    # The chart's bars (opaque fills; the translucent bands of days off are not bars) and lines.
    bars = [c for c in page.evaluate(COLOURS, ".cg-chart svg rect") if rgb(c["fill"])[3] == 1]
    lines = page.evaluate(COLOURS, ".cg-chart svg line")
    assert len({c["fill"] for c in bars}) == 3 and len({c["stroke"] for c in lines}) == 2
    for c in bars:
        assert contrast(c["fill"], c["bg"]) >= 3, c
    for c in lines:
        assert contrast(c["stroke"], c["bg"]) >= 3, c
    for c in page.evaluate(COLOURS, ".cg-chart svg text"):
        assert contrast(c["fill"], c["bg"]) >= 4.5, c
    assert errors == []
    page.context.close()


def test_the_readers_page_is_dark_before_any_script(browser, site):
    page, _ = open_page(browser, site, locale=None, drawn=False, color_scheme="dark", java_script_enabled=False,
                        **SIZES["phone"])
    c = page.evaluate(COLOURS, ".cg-answer")[0]
    assert luminance(rgb(c["bg"])) < 0.05 and contrast(c["text"], c["bg"]) >= 4.5, c
    page.context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_voila_page_in_dark_mode(browser, app_url, lang, size):
    page, errors = live(browser, app_url + LINK.format(lang=lang), color_scheme="dark", **SIZES[size])
    page.screenshot(path=str(ARTIFACTS / f"dark-voila-{size}-{lang}.png"))
    page.locator(".cg-chart").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"dark-voila-chart-{size}-{lang}.png"))
    page.locator(".cg-day").first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"dark-voila-year-{size}-{lang}.png"))
    assert violations(page) == []
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert luminance(rgb(background)) < 0.05, background
    for sel in (".cg-answer", ".cg-answer b", ".cg-note", "label", ".cg-year-title", ".cg-small", "h1", "h2", "a"):
        for c in page.evaluate(COLOURS, sel):
            assert contrast(c["text"], c["bg"]) >= 4.5, (sel, c)
    if lang == "zh":  # the answer, as chinese-calendar counts it
        assert all(day in page.inner_text(".cg-answer") for day in expected_summary(dt.date(2026, 9, 29), 1, 3))
    # The kernel's Gantt (plotly): its bars at 3:1 and its tick labels at 4.5:1 against the chart's
    # background (the page's, or the plot's own if it is opaque), as the module's SVG Gantt has them.
    bg, faint_bars, faint_ticks = kernel_gantt_contrast(page)
    assert (faint_bars, faint_ticks) == ([], []), bg
    assert errors == []
    page.context.close()


#: Elements past the screen's right edge (``vw``, the screen's width: a phone's browser widens
#: ``innerWidth`` to a page that overflows), and text blocks whose content is wider than their box.
CUT = """vw => {
  const out = [];
  for (const e of document.querySelectorAll("body *")) {
    const r = e.getBoundingClientRect();
    if (!r.width || e.closest("svg, .cg-chart, .jp-OutputArea-prompt, #cg-first-paint[hidden]")) continue;
    let hidden = false;  // inside a box that clips or scrolls on purpose (the link's input scrolls its text)
    for (let p = e.parentElement; p; p = p.parentElement) if (p.tagName === "INPUT") hidden = true;
    if (hidden || getComputedStyle(e).visibility === "hidden") continue;
    const name = e.tagName + (e.id ? "#" + e.id : "") + (typeof e.className === "string" && e.className ? "." + e.className.split(" ")[0] : "");
    if (r.right > vw + 0.5) out.push(`${name} ends at ${Math.round(r.right)}`);
    if (/^(P|LI|LABEL|H1|H2|H3|TD|TH|A|BUTTON|SUMMARY|LEGEND|OUTPUT|DT|DD|CAPTION|SPAN|B|SELECT)$/.test(e.tagName)
        && e.scrollWidth > e.clientWidth + 1 && e.clientWidth) out.push(`${name} holds ${e.scrollWidth} in ${e.clientWidth}`);
  }
  return [Math.max(document.documentElement.scrollWidth, innerWidth), vw, out.slice(0, 12)];
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("text", ["100", "200"])
def test_the_readers_page_at_320_px(browser, site, lang, text):
    page, errors = open_page(browser, None, TEXT_200 if text == "200" else None, locale=None,
                             setup=lambda p: p.clock.set_fixed_time(NOW), **NARROW)
    page.goto(site + LINK.format(lang=lang))
    page.wait_for_selector(".cg-reader[data-ready]", timeout=20_000)
    if text == "200":
        assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.cg-answer')).fontSize)") >= 32
    page.click(".cg-table summary")  # the stage table open too
    width, screen, cut = page.evaluate(CUT, 320)
    page.screenshot(path=str(ARTIFACTS / f"{'text200' if text == '200' else 'reflow'}-reader-320-{lang}.png"))
    assert (width, cut) == (screen, [])
    assert errors == []
    page.context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_voila_page_at_320_px(browser, app_url, lang):
    page, errors = live(browser, app_url + LINK.format(lang=lang), **NARROW)
    width, screen, cut = page.evaluate(CUT, 320)
    page.screenshot(path=str(ARTIFACTS / f"reflow-voila-320-{lang}.png"))
    assert (width, cut) == (screen, [])
    assert errors == []
    page.context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_voila_page_dark_at_320_px_with_text_at_200(browser, app_url, lang):
    """The Voilà page, which is the module, once the kernel has joined it: dark, 320 px, text
    at 200%. The whole page scales, the kernel's Gantt's labels excepted (set in px by plotly:
    the stage table says the same in text)."""
    page, errors = live(browser, app_url + LINK.format(lang=lang), TEXT_200, color_scheme="dark", **NARROW)
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.cg-answer')).fontSize)") >= 32
    page.click(".cg-table summary")  # the stage table open too
    c = page.evaluate(COLOURS, "#cg-first-paint .cg-answer")[0]
    assert luminance(rgb(c["bg"])) < 0.05 and contrast(c["text"], c["bg"]) >= 4.5, c
    assert violations(page) == []
    width, screen, cut = page.evaluate(CUT, 320)
    page.screenshot(path=str(ARTIFACTS / f"text200-dark-voila-320-{lang}.png"))
    assert (width, cut) == (screen, [])
    assert errors == []
    page.context.close()


#: Every element with a transition or an animation that takes time.
MOVING = """() => [...document.querySelectorAll("*")].filter(e => {
  const s = getComputedStyle(e);
  const long = v => v.split(",").some(t => parseFloat(t) > 0);
  return long(s.transitionDuration) || (s.animationName !== "none" && long(s.animationDuration));
}).map(e => e.tagName + "." + (typeof e.className === "string" ? e.className.split(" ")[0] : "")).slice(0, 10)"""


#: Motion a later change might bring: a transition on the pages' own controls.
MOTION = ".cg-reader .cg-langs a, .cg-reader button { transition: background-color 0.4s; }"


def test_reduced_motion_is_honoured(browser, site, app_url):
    """Neither page moves today; a transition added to either (``MOTION``) moves for a reader who
    allows motion and not for one who asked for none."""
    for url, open_ in ((site, reader), (app_url, live)):
        for motion in ("reduce", "no-preference"):
            page, errors = open_(browser, url + LINK.format(lang="zh"), reduced_motion=motion, **SIZES["phone"])
            assert page.evaluate(MOVING) == [], (url, motion)
            # Through the CSSOM (a <style> element would be refused by the pages' strict policy).
            page.evaluate("rule => { const s = new CSSStyleSheet(); s.replaceSync(rule);"
                          " document.adoptedStyleSheets = [...document.adoptedStyleSheets, s]; }", MOTION)
            assert (page.evaluate(MOVING) == []) == (motion == "reduce"), (url, motion)
            assert errors == []
            page.context.close()
