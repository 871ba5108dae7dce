"""WCAG 2.2 AA in the served page, as people who do not use a mouse or a screen use it.

The Voilà page is the reader's module (its first paint) which the kernel joins; every check runs
once the kernel has joined (its Plotly Gantt drawn in the chart box, ``conftest.open_voila``).

- axe-core (shipped by ``axe-playwright-python``) over the WCAG 2.0/2.1/2.2 A and AA rules, in
  Chinese and English, at 1280x900 and on a 390x844 touch phone, with the stage table, the year
  view and the own review days in use;
- a keyboard-only walk (Tab, Shift+Tab, arrows, Home, End, Enter) from the top of the page, each
  step checked by its effect, each stop's focus ring measured in the browser (>= 3:1);
- what a screen reader is given: Chromium's own accessibility tree (CDP), not our markup.

Expected dates come from chinese-calendar, as in ``test_browser``.
"""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import ARTIFACTS, WEEKDAYS_ZH, expected_summary, open_page, open_voila, wait_drawn, zh_long
from pages import carrier_name, tap_carrier
from servers import PHONE, voila

pytestmark = pytest.mark.browser
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
DESKTOP = dict(viewport={"width": 1280, "height": 900})


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    with voila(tmp_path_factory.mktemp("voila-a11y")) as (url, _):
        yield url


def violations(page) -> list[str]:
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}" for v in result.response["violations"]]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_axe_finds_no_wcag_violation(browser, app_url, lang, size):
    page, errors = open_voila(browser, app_url + f"?date=2026-09-29&lang={lang}&by=2026-12-18",
                              **(PHONE if size == "phone" else DESKTOP))
    found = {"start": violations(page)}
    # The stage table open, the year view in use (a day focused), an own review day focused.
    page.locator(".cg-table summary").click()
    page.locator(".cg-day[data-day='2026-09-30']").focus()
    page.keyboard.press("ArrowRight")
    page.locator(".cg-review input[name=review-worst]").focus()
    found["in use"] = violations(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".cg-controls").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"{size}-{lang}-timeline.png"))
    for state, problems in found.items():
        for problem in problems:
            print(f"axe [{lang} {size} {state}] {problem}")
    assert found == {"start": [], "in use": []}
    assert errors == []
    page.context.close()


def ax_nodes(page) -> list[dict]:
    """Chromium's accessibility tree: role, name and value as assistive technology gets them."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    session.detach()

    def prop(node, key):
        return (node.get(key) or {}).get("value", "")

    return [{"role": prop(n, "role"), "name": prop(n, "name"), "value": prop(n, "value")}
            for n in nodes if not n.get("ignored")]


def ax_settled(page, view, want, timeout=15.0):
    """What ``view`` sees in Chromium's tree once it equals ``want``, or its last reading."""
    deadline = time.monotonic() + timeout
    while True:
        seen = view(ax_nodes(page))
        if seen == want or time.monotonic() > deadline:
            return seen
        page.wait_for_timeout(250)


def en_long(day: dt.date) -> str:
    """A date as the page writes it in English: Wed, Sep 30, 2026 (the weekday from Python's calendar)."""
    return f"{day:%a}, {day:%b} {day.day}, {day.year}"


TITLE = {"zh": "电销卡注销指南：要准备什么、怎么办、多久能办完"}


def test_a_screen_reader_hears_names_values_the_answer_and_the_language(browser, app_url):
    page, _ = open_voila(browser, app_url + "?date=2026-09-29", **DESKTOP)
    assert page.evaluate("[document.documentElement.lang, document.title]") == [
        "zh-CN", "电销卡注销要多久？2026年9月29日提交，中国移动"]
    # Named from their labels in Chromium's tree: the date and the carrier are two sliders, and
    # nothing else is (the carrier's stop names under its track are hidden from it: one control
    # for one choice). What a slider speaks is aria-valuetext: Chromium passes it to the
    # platform's screen-reader API, but its CDP tree reports the numeric value even for a plain
    # ARIA slider (checked on a static page), so the attribute is read here.
    controls = [("slider", "提交日期"), ("slider", "运营商")]
    assert ax_settled(page, lambda nodes: [(n["role"], n["name"]) for n in nodes
                                           if n["role"] in ("slider", "combobox", "listbox")], controls) == controls
    assert not any(n["name"] in ("移动", "联通", "虚商") for n in ax_nodes(page))  # the stops' short names
    assert spoken(page) == {"提交日期": zh_long(dt.date(2026, 9, 29)), "运营商": carrier_name("china-mobile", "zh")}
    # One outline: one h1, then a h2 for the timeline (the answer comes first), each of the
    # article's six sections and the context; no level skipped on the way down (h1 -> h3).
    levels = page.evaluate("[...document.querySelectorAll('h1, h2, h3, h4')].filter(h => h.offsetParent)"
                           ".map(h => Number(h.tagName[1]))")
    assert levels[0] == 1 and levels.count(1) == 1 and levels.count(2) == 8, levels
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
    # Chromium rebuilds its tree after a DOM change at its own pace: read it until it settles.
    # The landmarks: the explainer (the main landmark) named by its title, the language links, the timeline.
    want = {("main", TITLE["zh"]), ("navigation", "语言"), ("region", "你的注销时间表")}
    assert ax_settled(page, lambda nodes: {(n["role"], n["name"]) for n in nodes
                                           if n["role"] in ("navigation", "region", "main")}, want) == want
    # The answer is a polite live region, the only one that holds it; moving the slider changes what it says.
    live = page.locator("[aria-live=polite]", has_text="预计最快")
    assert live.count() == 1 and page.locator(".cg-answer[aria-live=polite]").count() == 1
    page.locator(".cg-date").focus()
    page.keyboard.press("ArrowRight")
    best, worst, follow_up = expected_summary(dt.date(2026, 9, 30), 1, 3)
    page.wait_for_function("w => document.querySelector('[aria-live=polite].cg-answer')?.innerText.includes(w)",
                           arg=worst, timeout=15_000)
    heard = spoken(page)
    assert heard["提交日期"] == zh_long(dt.date(2026, 9, 30))
    print(f"screen reader, date slider moved: slider “提交日期” = “{heard['提交日期']}”; "
          f"live region: “{live.inner_text()[:90]}…”")
    # The Gantt's text alternative (behind a disclosure) lists every stage with its dates.
    page.locator(".cg-table summary").click()
    done = dt.date.fromisoformat(re_iso(worst))
    heard_in_table = {"准备材料", "联系客服", "提交申请", "初步处理（约 24 小时）", "运营商审核", "运营商确认注销",
                      f"{done.month}月{done.day}日（周{WEEKDAYS_ZH[done.weekday()]}）"}  # the last: the worst completion
    names = ax_settled(page, lambda nodes: heard_in_table & {
        n["name"] for n in nodes if n["role"] in ("rowheader", "cell", "columnheader")}, heard_in_table)
    assert names == heard_in_table
    # Year view: every day is a named button carrying its hover text.
    day = next(n for n in ax_nodes(page) if n["role"] == "button" and n["name"].startswith("2026年9月30日"))
    assert "最慢" in day["name"] and "天" in day["name"]
    # The switch: html lang, title and the slider's value all become English.
    page.get_by_role("link", name="English").click()
    page.wait_for_function("() => document.documentElement.lang === 'en'", timeout=15_000)
    assert page.title() == "How long to cancel a telemarketing SIM card? Submitted Sep 30, 2026, China Mobile"  # the day moved above
    page.wait_for_function("v => document.querySelector('.cg-date').getAttribute('aria-valuetext') === v",
                           arg=en_long(dt.date(2026, 9, 30)), timeout=15_000)
    assert spoken(page) == {"Submitted on": "Wed, Sep 30, 2026", "Carrier": carrier_name("china-mobile", "en")}
    page.context.close()


def test_the_voila_page_has_one_main_landmark_named_by_the_article(browser, app_url):
    """A screen reader's "jump to main" lands on the explainer, named by its title, as the
    reader's page's does (the Voilà page had it through its PageMeta widget)."""
    page, _ = open_page(browser, app_url + "?date=2026-09-29", drawn=False, **DESKTOP)
    page.wait_for_selector(".cg-reader[data-ready]", timeout=90_000)
    want = [("main", TITLE["zh"])]
    assert ax_settled(page, lambda nodes: [(n["role"], n["name"]) for n in nodes if n["role"] == "main"], want,
                      timeout=3) == want
    page.context.close()


def spoken(page) -> dict[str, str]:
    """Each slider's accessible name (its label) and value text."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('input[type=range]')]
      .map(i => [i.labels[0]?.textContent, i.getAttribute('aria-valuetext')]))""")


def re_iso(zh: str) -> str:
    year, month, day = map(int, re.match(r"(\d+)年(\d+)月(\d+)日", zh).groups())
    return dt.date(year, month, day).isoformat()


# ---- the keyboard walk ---------------------------------------------------------------------

FOCUS_RING = """() => {
  // The ring is the element's own outline, or its control's (:focus-within). A date input whose
  // own calendar button has the focus (a part of Chromium's control, not :focus itself) shows
  // Chromium's own ring, which no style sheet can read: that stop is named, not measured.
  let el = document.activeElement, style = getComputedStyle(el);
  if (el.type === "date" && !el.matches(":focus")) return {picker: true, what: "picker of " + el.className};
  if (style.outlineStyle === "none" && el.parentElement && getComputedStyle(el.parentElement).outlineStyle !== "none") {
    el = el.parentElement;
    style = getComputedStyle(el);
  }
  const rgb = c => (c.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  let bg = null;
  for (let node = el.parentElement; node && !bg; node = node.parentElement) {
    const c = getComputedStyle(node).backgroundColor;
    if (c && !c.startsWith("rgba(0, 0, 0, 0)") && c !== "transparent") bg = c;
  }
  const [a, b] = [lum(rgb(style.outlineColor)), lum(rgb(bg || "rgb(255, 255, 255)"))].sort((x, y) => y - x);
  return {width: parseFloat(style.outlineWidth) || 0, style: style.outlineStyle, contrast: (a + 0.05) / (b + 0.05),
          what: el.tagName + "." + (el.className || el.parentElement.className || "") + " " + (el.getAttribute("aria-label") || el.textContent || "").slice(0, 30)};
}"""


def answer_says(page, words: str) -> None:
    page.wait_for_function("w => document.querySelector('.cg-answer')?.innerText.includes(w)", arg=words,
                           timeout=15_000)


class Keyboard:
    """Only Tab, Shift+Tab, arrows, Enter and Space; every stop's focus ring is measured."""

    def __init__(self, page):
        self.page, self.stops = page, []

    def tab_to(self, selector: str, *, text: str = "", limit: int = 120, back: bool = False) -> None:
        for _ in range(limit):
            self.page.keyboard.press("Shift+Tab" if back else "Tab")
            if self.page.evaluate("([s, t]) => !!document.activeElement?.matches(s)"
                                  " && document.activeElement.textContent.trim().startsWith(t)", [selector, text]):
                self.stops.append(self.page.evaluate(FOCUS_RING))
                return
            self.stops.append(self.page.evaluate(FOCUS_RING))
        raise AssertionError(f"Tab never reached {selector}")


def test_everything_works_from_the_keyboard_alone(browser, app_url):
    page, errors = open_voila(browser, app_url + "?date=2026-09-29", **DESKTOP)
    page.locator("body").click(position={"x": 2, "y": 2})  # start from the top of the page
    keys = Keyboard(page)
    answer = lambda: page.inner_text(".cg-answer")  # noqa: E731

    # The language switch (two links): to English and back, with Enter.
    keys.tab_to("a[data-lang=en]")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.documentElement.lang === 'en'", timeout=15_000)
    keys.tab_to("a[data-lang=zh]", back=True)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.documentElement.lang === 'zh-CN'", timeout=15_000)

    # The date slider by an arrow, then the carrier slider by End, Home and an arrow.
    keys.tab_to(".cg-date")
    page.keyboard.press("ArrowRight")
    best, worst, _ = expected_summary(dt.date(2026, 9, 30), 1, 3)
    answer_says(page, worst)
    keys.tab_to(".cg-carrier")
    page.keyboard.press("End")  # the last carrier: virtual operators, 2/3/5 review days
    _, worst, _ = expected_summary(dt.date(2026, 9, 30), 2, 5)
    answer_says(page, worst)
    assert "虚拟运营商" in answer()
    assert page.get_attribute(".cg-carrier", "aria-valuetext") == carrier_name("mvno", "zh")
    page.keyboard.press("Home")
    answer_says(page, "中国移动")
    page.keyboard.press("ArrowRight")
    answer_says(page, "中国联通")
    assert page.get_attribute(".cg-carrier", "aria-valuetext") == carrier_name("china-unicom", "zh")
    # One tab stop: Tab leaves the carrier slider for the next control (its stop names take none).
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('cg-remote')")
    keys.tab_to(".cg-carrier", back=True)
    page.keyboard.press("Home")
    answer_says(page, "中国移动")

    # Own review days: type a worst case of 6, Enter; then Reset with Enter.
    keys.tab_to(".cg-review input[name=review-worst]")
    page.keyboard.press("Control+A")
    page.keyboard.type("6")
    page.keyboard.press("Enter")
    _, worst, _ = expected_summary(dt.date(2026, 9, 30), 1, 6)
    answer_says(page, worst)
    keys.tab_to(".cg-reset")
    page.keyboard.press("Enter")
    _, worst, _ = expected_summary(dt.date(2026, 9, 30), 1, 3)
    answer_says(page, worst)

    # The Gantt's stage table opens with Enter.
    keys.tab_to(".cg-table summary")
    page.keyboard.press("Enter")
    assert page.locator(".cg-table details").evaluate("d => d.open")

    # The share link's copy button and a download are reached.
    keys.tab_to(".cg-copy")
    keys.tab_to("a.cg-ics")

    # The year view is one tab stop (the chosen day); arrows move by day and week; Enter chooses.
    keys.tab_to(".cg-day")
    assert page.evaluate("document.activeElement.dataset.day") == "2026-09-30"
    page.keyboard.press("ArrowDown")  # a week later
    page.keyboard.press("ArrowRight")  # and a day
    assert page.evaluate("document.activeElement.dataset.day") == "2026-10-08"
    page.keyboard.press("Enter")
    page.wait_for_function("v => document.querySelector('.cg-date').getAttribute('aria-valuetext') === v",
                           arg=zh_long(dt.date(2026, 10, 8)), timeout=15_000)
    best, worst, _ = expected_summary(dt.date(2026, 10, 8), 1, 3)
    page.wait_for_function("([b, w]) => document.querySelector('.cg-answer')?.innerText.includes(b)"
                           " && document.querySelector('.cg-answer')?.innerText.includes(w)", arg=[best, worst],
                           timeout=15_000)
    assert "2026年10月8日" in answer() and best in answer() and worst in answer()
    # The redraw kept the stage table open, now with the new dates (a disclosure that stays put).
    assert page.locator(".cg-table details").evaluate("d => d.open")
    page.wait_for_function("w => document.querySelector('.cg-table').innerText.includes(w.slice(5, w.indexOf('日') + 1))",
                           arg=worst, timeout=15_000)
    assert page.evaluate("document.activeElement.dataset.day") == "2026-10-08"  # the chosen day keeps the focus
    page.keyboard.press("Tab")  # one stop: Tab leaves the year view
    assert not page.evaluate("document.activeElement.classList.contains('cg-day')")

    # Every stop on the way showed a focus ring of at least 2 px at 3:1 or more.
    rings = [s for s in keys.stops if not s.get("picker")]
    weak = [s for s in rings if s["style"] == "none" or s["width"] < 2 or s["contrast"] < 3]
    assert weak == [] and len(rings) > 20, weak
    assert errors == []
    page.context.close()


def test_phone_touch_targets_are_at_least_24_px_and_the_sliders_44(browser, app_url):
    page, _ = open_voila(browser, app_url + "?date=2026-09-29", **PHONE)
    small = page.evaluate("""() => [...document.querySelectorAll(
        '.cg-day, .cg-date, .cg-carrier, .cg-copy, .cg-table summary, .cg-langs a, button')]
      .filter(el => el.offsetParent !== null)
      .map(el => [el.className || el.tagName, el.getBoundingClientRect()])
      .filter(([, r]) => r.width < 24 || r.height < 24)
      .map(([name, r]) => `${name} ${Math.round(r.width)}x${Math.round(r.height)}`)""")
    assert small == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".cg-year").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "phone-year.png"))
    # A tap on the date slider's track, a fifth of the way along, moves it there and redraws the answer.
    before = page.inner_text(".cg-answer")
    slider = page.locator(".cg-date")
    slider.scroll_into_view_if_needed()
    track = slider.bounding_box()
    page.touchscreen.tap(track["x"] + track["width"] * 0.2, track["y"] + track["height"] / 2)
    page.wait_for_function("b => document.querySelector('.cg-answer')?.innerText !== b", arg=before, timeout=15_000)
    along = int(slider.input_value()) / int(slider.get_attribute("max"))
    assert 0.15 < along < 0.25, along
    # Both sliders are 44 px targets; a tap on the carrier's track above a stop's name chooses that carrier.
    assert [page.locator(s).bounding_box()["height"] >= 44 for s in (".cg-date", ".cg-carrier")] == [True, True]
    tap_carrier(page, "china-telecom")
    answer_says(page, "中国电信")
    assert page.get_attribute(".cg-carrier", "aria-valuetext") == carrier_name("china-telecom", "zh")
    page.context.close()


def test_the_copy_button_copies_the_link_the_browser_used(browser, app_url):
    page, _ = open_page(browser, None, locale=None, **DESKTOP)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url.rstrip("/"))
    page.goto(app_url + "?date=2024-09-30&carrier=china-unicom", timeout=90_000)
    wait_drawn(page, kernel=True)
    page.click(".cg-copy")
    page.wait_for_function("() => document.querySelector('.cg-copy')?.textContent === '已复制'", timeout=10_000)
    assert page.inner_text(".cg-copy-note") == ""  # no "copy it by hand" line
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == app_url + "?date=2024-09-30&carrier=china-unicom&lang=zh"
    page.context.close()
