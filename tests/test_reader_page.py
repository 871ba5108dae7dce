"""The reader's page in Debian's chromium, served from a temporary folder by a plain static
server (Python's http.server): no Python app behind it. The browser's clock is fixed, so
"today" never depends on the real date. Expected answers come from the Python package.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

from cardguide.carriers import carriers
from cardguide.schedule import estimate
from conftest import BEIJING_TODAY, DESKTOP, HOLDER_CHECKLISTS, HOLDER_CHOICE, SAME_TIMELINE, answer, expected, open_reader
from conftest import workday_after, zh_long
from pages import carrier_name, carriers_toml, choose_carrier, shown_carrier
from servers import PHONE

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def test_today_is_beijings_and_every_control_redraws(browser, site):
    page, requests, errors = open_reader(browser, site)
    assert answer(page) == expected(BEIJING_TODAY)
    assert page.input_value(".cg-pick") == BEIJING_TODAY.isoformat()
    # the date slider, from the keyboard
    page.focus(".cg-date")
    page.keyboard.press("ArrowRight")
    assert answer(page) == expected(BEIJING_TODAY + dt.timedelta(days=1))
    assert page.get_attribute(".cg-date", "aria-valuetext") == "2026年12月6日（星期日）"
    # the date input
    page.fill(".cg-pick", "2026-09-28")
    page.dispatch_event(".cg-pick", "change")
    assert answer(page) == expected(dt.date(2026, 9, 28))
    assert "国庆节" in page.inner_text(".cg-chart")
    # the carrier slider, from the keyboard
    choose_carrier(page, "mvno")
    assert answer(page) == expected(dt.date(2026, 9, 28), "mvno")
    assert page.inner_text(".cg-chart .cg-chart-title").startswith(carriers()["mvno"].name_zh)
    # remote: a forwarding stage in the table
    page.check(".cg-remote")
    assert answer(page) == expected(dt.date(2026, 9, 28), "mvno", remote=True)
    page.click(".cg-table summary")
    assert "转归属省处理（假设）" in page.inner_text(".cg-table table")
    page.uncheck(".cg-remote")
    # own review days, refused and accepted, then reset
    inputs = page.locator(".cg-review input")
    inputs.nth(0).fill("4")
    inputs.nth(0).press("Enter")
    assert "1 ≤ 最快 ≤ 典型 ≤ 最慢 ≤ 30" in page.inner_text(".cg-problems")
    assert answer(page) == expected(dt.date(2026, 9, 28), "mvno")  # nothing lost
    inputs.nth(0).fill("2")
    inputs.nth(1).fill("5")
    inputs.nth(2).fill("9")
    inputs.nth(2).press("Enter")
    assert answer(page) == expected(dt.date(2026, 9, 28), "mvno", review=(2, 5, 9))
    assert "review=2,5,9" in page.input_value(".cg-link")
    page.click(".cg-reset")
    assert answer(page) == expected(dt.date(2026, 9, 28), "mvno")
    # the deadline and the safe day
    page.fill(".cg-by", "2026-12-31")
    page.dispatch_event(".cg-by", "change")
    assert "12月31日" in page.inner_text(".cg-by-answer")
    page.click(".cg-move")
    safe = page.input_value(".cg-pick")
    assert dt.date.fromisoformat(safe) > dt.date(2026, 12, 20)
    assert estimate(dt.date.fromisoformat(safe), "mvno").worst.completion <= dt.date(2026, 12, 31)
    assert page.locator(".cg-day.cg-late").count() > 0  # hatched after the deadline
    # the year view: keyboard and click
    page.focus(".cg-day.cg-selected")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    chosen = dt.date.fromisoformat(safe) + dt.timedelta(days=1)
    assert page.input_value(".cg-pick") == chosen.isoformat()
    page.click('.cg-day[data-day="2026-12-10"]')
    assert answer(page) == expected(dt.date(2026, 12, 10), "mvno")
    # the address follows the choice
    page.wait_for_url(re.compile(r"date=2026-12-10&carrier=mvno&lang=zh&by=2026-12-31$"), timeout=5000)
    # the language
    page.click('[data-lang="en"]')
    assert page.get_attribute("html", "lang") == "en"
    assert answer(page) == expected(dt.date(2026, 12, 10), "mvno", "en")
    assert "1. What a telemarketing card is" in page.inner_text(".cg-article")
    assert errors == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_links_preset_the_controls(browser, site, lang):
    url = f"{site}?date=2024-09-30&carrier=china-unicom&lang={lang}&remote=1&review=1,3,6&by=2024-12-20"
    page, _, errors = open_reader(browser, url, **PHONE)
    assert page.input_value(".cg-pick") == "2024-09-30"
    assert shown_carrier(page) == "china-unicom"
    assert page.get_attribute(".cg-carrier", "aria-valuetext") == carrier_name("china-unicom", lang)
    assert page.is_checked(".cg-remote")
    assert [page.locator(".cg-review input").nth(i).input_value() for i in range(3)] == ["1", "3", "6"]
    assert page.input_value(".cg-by") == "2024-12-20"
    assert answer(page) == expected(dt.date(2024, 9, 30), "china-unicom", lang, remote=True, review=(1, 3, 6))
    assert page.get_attribute("html", "lang") == ("en" if lang == "en" else "zh-CN")
    page.screenshot(path=str(ARTIFACTS / f"reader-phone-{lang}.png"))
    assert errors == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bad_link_parameters_are_noted_and_ignored(browser, site, lang):
    page, _, errors = open_reader(browser, f"{site}?date=2024-13-01&carrier=nope&lang={lang}&remote=2&review=3,2,1")
    notes = page.inner_text(".cg-problems")
    if lang == "en":
        assert '"2024-13-01" is not a valid date' in notes and 'Unknown carrier "nope"' in notes
        assert "remote=\"2\" is invalid" in notes and "got 3, 2, 1" in notes
    else:
        assert "“2024-13-01” 不是有效日期" in notes and "未知的运营商 “nope”" in notes
    assert answer(page) == expected(BEIJING_TODAY, "china-mobile", lang)
    assert shown_carrier(page) == "china-mobile"  # the slider on the first carrier, as the answer
    assert page.get_attribute(".cg-carrier", "aria-valuetext") == carrier_name("china-mobile", lang)
    assert errors == []


# ---- the carrier slider (issue 41) -----------------------------------------------------------

def long_date(day: dt.date, lang: str) -> str:
    """A date as the page writes it: 2026年9月30日（星期三） / Wed, Sep 30, 2026."""
    return zh_long(day) if lang == "zh" else f"{day:%a}, {day:%b} {day.day}, {day.year}"


#: Counts the reader's commits: the page's model's save_changes, wrapped.
COUNT_SAVES = """() => { const m = document.querySelector('.cg-reader').cardguide.model, save = m.save_changes.bind(m);
  window.cgSaves = 0; m.save_changes = () => { window.cgSaves += 1; save(); }; }"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_carrier_slider_has_one_named_stop_per_carrier_and_answers_each(browser, site, lang):
    """One stop per carrier of carriers.toml (read here with tomllib), in its order, each named
    under the track (its short name, else its name); the slider speaks the chosen carrier's name
    (aria-valuetext, not an index) and shows it beside it; End, Home and each arrow key move it
    one commit at a time, and the answer's best and worst days follow each carrier's review days
    (chinese-calendar); a click on the track straight above a name, or on the name, picks that stop."""
    toml, day = carriers_toml(), dt.date(2026, 9, 28)
    page, _, errors = open_reader(browser, f"{site}?date={day}&lang={lang}")
    slider = page.locator(".cg-carrier")
    assert slider.evaluate("s => [s.type, s.min, s.max, s.step]") == ["range", "0", str(len(toml) - 1), "1"]
    assert page.locator(".cg-stop").all_inner_texts() == [c.get("short", c["name"])[lang] for c in toml]
    page.evaluate(COUNT_SAVES)

    def shows(i: int) -> None:
        name = toml[i]["name"][lang]
        assert (slider.input_value(), slider.get_attribute("aria-valuetext"), page.inner_text(".cg-carrier-out")) == (str(i), name, name)
        best, _, worst = toml[i]["review_days"]
        text = answer(page)
        assert long_date(workday_after(day, best + 1), lang) in text and long_date(workday_after(day, worst + 1), lang) in text, text
        assert page.locator(".cg-stop.cg-chosen").all_inner_texts() == [toml[i].get("short", toml[i]["name"])[lang]]

    def press(key: str, i: int) -> None:
        saves = page.evaluate("window.cgSaves")
        slider.press(key)
        shows(i)
        assert page.evaluate("window.cgSaves") == saves + 1, key  # one step, one commit

    shows(0)
    press("End", len(toml) - 1)
    slider.press("End")  # already there: nothing to commit
    assert page.evaluate("window.cgSaves") == 1
    press("Home", 0)
    for i in range(1, len(toml)):
        press("ArrowRight", i)
    press("ArrowLeft", len(toml) - 2)
    # A click on the track straight above each name (right to left), then on each name itself.
    for i in reversed(range(len(toml))):
        name, track = page.locator(".cg-stop").nth(i).bounding_box(), slider.bounding_box()
        page.mouse.click(name["x"] + name["width"] / 2, track["y"] + track["height"] / 2)
        shows(i)
    for i in (len(toml) - 2, 1, len(toml) - 1):
        page.locator(".cg-stop").nth(i).click()
        shows(i)
        assert page.evaluate("document.activeElement.classList.contains('cg-carrier')")  # the slider keeps the focus
    assert errors == []


#: Each stop name's box and its words' line boxes: [text, [left, right, scrollWidth, clientWidth], [[word, lines, left, right]...]].
STOP_BOXES = """() => [...document.querySelectorAll('.cg-stop')].map((stop) => {
  const r = stop.getBoundingClientRect(), node = stop.firstChild, words = [];
  let at = 0;
  for (const word of node.textContent.split(' ')) {
    const range = document.createRange();
    range.setStart(node, at); range.setEnd(node, at + word.length); at += word.length + 1;
    const lines = [...range.getClientRects()];
    words.push([word, lines.length, Math.min(...lines.map((l) => l.left)), Math.max(...lines.map((l) => l.right))]);
  }
  return [node.textContent, [r.left, r.right, stop.scrollWidth, stop.clientWidth], words];
})"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_carrier_stops_are_readable_on_a_320_px_phone_and_a_tap_picks_one(browser, site, lang):
    """At 320 px (WCAG 1.4.10's width), a touch phone: every stop's name is visible, whole (no word
    broken across lines, none cut, none over its neighbour, all inside the screen) whichever is
    chosen, the page does not scroll sideways, the slider is a 44 px target, and a tap on its track above a name picks
    that carrier (each stop sits over its name)."""
    toml = carriers_toml()
    page, _, errors = open_reader(browser, f"{site}?date=2026-09-28&lang={lang}", viewport={"width": 320, "height": 640},
                                  is_mobile=True, has_touch=True, device_scale_factor=2)
    page.locator(".cg-carrier-field").scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.clientWidth") == 320

    def readable() -> None:
        stops = page.evaluate(STOP_BOXES)
        assert [s[0] for s in stops] == [c.get("short", c["name"])[lang] for c in toml]
        assert all(page.locator(".cg-stop").nth(i).is_visible() for i in range(len(toml)))
        for text, (left, right, scroll, client), words in stops:
            assert 0 <= left and right <= 320 and scroll <= client, (text, left, right, scroll, client)
            for word, lines, first, last in words:
                assert lines == 1 and left <= first and last <= right, (text, word, lines, first, last, left, right)
        ends = [(min(w[2] for w in s[2]), max(w[3] for w in s[2])) for s in stops]
        assert all(a[1] <= b[0] for a, b in zip(ends, ends[1:])), ends  # no name over the next
        assert page.evaluate("document.documentElement.scrollWidth") == 320

    readable()
    page.screenshot(path=str(ARTIFACTS / f"reader-carrier-320-{lang}.png"))
    slider = page.locator(".cg-carrier")
    assert slider.bounding_box()["height"] >= 44
    # Taps on the track a third of a stop's spacing either side of a name's middle still pick that
    # name's stop: each stop sits within a sixth of a spacing of its name (the stops snap halfway).
    for i in [*range(len(toml) - 1, -1, -2), *range(len(toml) - 2, -1, -2)]:  # 4, 2, 0, 3, 1
        name, track = page.locator(".cg-stop").nth(i).bounding_box(), slider.bounding_box()
        middle, spacing = name["x"] + name["width"] / 2, name["width"]
        for x in (middle - spacing / 3, middle + spacing / 3):
            if track["x"] < x < track["x"] + track["width"]:
                page.touchscreen.tap(x, track["y"] + track["height"] / 2)
                assert (slider.input_value(), slider.get_attribute("aria-valuetext")) == (str(i), toml[i]["name"][lang]), x
        readable()  # with this name the chosen one
    assert errors == []


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_axe_finds_no_wcag_violation(browser, site, lang, size):
    page, _, _ = open_reader(browser, f"{site}?lang={lang}&date=2026-09-28&by=2026-10-20", **(PHONE if size == "phone" else DESKTOP))
    page.screenshot(path=str(ARTIFACTS / f"reader-{size}-{lang}.png"), full_page=size == "desktop")
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    found = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result.response["violations"]]
    assert found == []
    if size == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_downloads_are_the_packages_files(browser, site, lang):
    import icalendar

    from cardguide.export import to_csv, to_ics

    page, _, errors = open_reader(browser, f"{site}?date=2026-09-28&carrier=mvno&remote=1&by=2026-11-30&lang={lang}")
    with page.expect_download() as info:
        page.click(".cg-ics")
    got = Path(info.value.path()).read_bytes()
    est = estimate(dt.date(2026, 9, 28), "mvno", remote=True)
    want = to_ics(est, lang, deadline=dt.date(2026, 11, 30), today=BEIJING_TODAY)  # late on the clock's day: the appeal day too
    strip = lambda data: [{k: v.to_ical() if hasattr(v, "to_ical") else v for k, v in c.property_items(recursive=False) if k != "DTSTAMP"}  # noqa: E731
                          for c in icalendar.Calendar.from_ical(data).walk()]
    assert strip(got) == strip(want)
    assert info.value.suggested_filename == "cardguide-2026-09-28-mvno-remote.ics"
    with page.expect_download() as info:
        page.click(".cg-csv")
    assert Path(info.value.path()).read_bytes().decode("utf-8") == "\ufeff" + to_csv(est, lang)
    assert errors == []


def test_own_review_days_typed_in_reading_order_are_kept(browser, site):
    """Typing best 2, typical 4, worst 9 over 1/2/3, leaving each field in turn: 2/4/3 in between
    is refused with its note and the typed values stay in their fields (the 4 was once put back
    to 2), then 2/4/9 is the answer."""
    page, _, errors = open_reader(browser, f"{site}?date=2026-02-13&carrier=china-mobile&lang=en")
    for name, days in (("best", "2"), ("typical", "4"), ("worst", "9")):
        field = page.locator(f".cg-review input[name=review-{name}]")
        field.fill(days)
        field.press("Tab")  # its change
        if name == "typical":  # 2/4/3: refused, and said
            assert "Review days need 1 ≤ best ≤ typical ≤ worst ≤ 30; got 2, 4, 3" in page.inner_text(".cg-problems")
    assert [page.locator(".cg-review input").nth(i).input_value() for i in range(3)] == ["2", "4", "9"]
    assert "Review days need" not in page.inner_text(".cg-problems")
    assert answer(page) == expected(dt.date(2026, 2, 13), "china-mobile", "en", review=(2, 4, 9))
    assert errors == []


def test_no_request_leaves_the_server(browser, site):
    page, requests, errors = open_reader(browser, f"{site}?date=2026-09-28")
    page.click(".cg-ics")
    host = urlparse(site).netloc
    assert requests and all(urlparse(u).netloc == host for u in requests if not u.startswith(("blob:", "data:")))
    assert errors == []


def test_with_scripts_off_the_article_and_answer_show(browser, site):
    page, _, _ = open_reader(browser, site, scripts=False)
    text = page.inner_text("body")
    for heading in ("一、电销卡是什么", "二、为什么要注销", "三、注销流程：五步走", "四、", "五、", "六、"):
        assert heading in text
    assert answer(page).startswith(expected(dt.date(2026, 12, 1), today=None))  # the day the site was built
    assert "需要启用 JavaScript" in text
    assert "数据生成于 2026-12-01" in text


def test_the_plan_prints_on_one_a4_page(browser, site):
    page, _, errors = open_reader(browser, f"{site}?date=2026-09-28&carrier=china-telecom&remote=1")
    page.emulate_media(media="print")
    page.evaluate("dispatchEvent(new Event('beforeprint'))")
    pdf = page.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    # what the page holds: the answer, the stage table, the follow-up day, the checklist
    assert page.is_visible(".cg-answer") and page.is_visible(".cg-table table") and page.is_visible(".cg-checklist")
    assert not page.is_visible(".cg-year") and not page.is_visible(".cg-article")
    assert errors == []


def checklist(page) -> list[str]:
    return [re.sub(r"\s+", " ", t).strip() for t in page.locator(".cg-checklist li").all_inner_texts()]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_holder_choice_changes_the_checklist_not_the_timeline(browser, site, lang):
    """Whose name the card is in (issue #36): each choice's checklist, read back as a reader
    sees it, in both languages; the answer, the chart and the stage table stay the same."""
    page, _, errors = open_reader(browser, f"{site}?date=2026-09-30&carrier=china-telecom&lang={lang}", **PHONE)
    legend, options = HOLDER_CHOICE[lang]
    assert page.inner_text(".cg-holder-box legend").strip() == legend
    radios = page.locator(".cg-holder-box input[type=radio]")
    assert [page.locator(".cg-holder-box label").nth(i).inner_text().strip() for i in range(4)] == options
    assert page.is_checked('.cg-holder-box input[value="personal"]')
    assert SAME_TIMELINE[lang] in page.inner_text(".cg-reader")
    before = (answer(page), page.inner_text(".cg-chart"), page.inner_html(".cg-table table"))
    for n, holder in enumerate(["personal", "company", "reseller", "iot"]):
        page.get_by_label(options[n], exact=True).check()
        assert checklist(page) == HOLDER_CHECKLISTS[holder][lang], holder
        assert (answer(page), page.inner_text(".cg-chart"), page.inner_html(".cg-table table")) == before
        if holder == "company":
            notes = page.inner_text(".cg-holder-why")
            assert ("规定：单位登记电话用户" if lang == "zh" else "Rule: a company registers") in notes
            assert ("工业和信息化部令第 25 号，2013-09-01 施行" if lang == "zh" else "MIIT Order No. 25, in force 2013-09-01") in notes
            page.locator(".cg-holder-box").scroll_into_view_if_needed()
            page.evaluate("document.querySelector('.cg-holder-box').scrollIntoView({block: 'start'})")
            page.screenshot(path=str(ARTIFACTS / f"reader-holder-phone-{lang}.png"))
    assert radios.count() == 4
    page.wait_for_url(re.compile(r"&holder=iot$"), timeout=5000)  # the address carries it
    assert page.input_value(".cg-link").endswith(f"lang={lang}&holder=iot")
    # the keyboard: one tab stop, arrow keys move the choice
    page.focus('.cg-holder-box input[value="iot"]')
    page.keyboard.press("ArrowUp")
    assert page.is_checked('.cg-holder-box input[value="reseller"]')
    assert checklist(page) == HOLDER_CHECKLISTS["reseller"][lang]
    # the .ics's "before you go" follows the holder
    with page.expect_download() as info:
        page.click(".cg-ics")
    body = Path(info.value.path()).read_bytes().decode("utf-8").replace("\r\n ", "")  # unfolded
    first = HOLDER_CHECKLISTS["reseller"][lang][0].replace(",", "\\,").replace(";", "\\;")
    assert (first if lang == "zh" else first[:1].lower() + first[1:]) in body
    # a language switch keeps the choice
    other = "en" if lang == "zh" else "zh"
    page.click(f'[data-lang="{other}"]')
    assert checklist(page) == HOLDER_CHECKLISTS["reseller"][other]
    assert page.inner_text(".cg-holder-box legend").strip() == HOLDER_CHOICE[other][0]
    page.set_viewport_size(DESKTOP["viewport"])
    page.evaluate("document.querySelector('.cg-holder-box').scrollIntoView({block: 'start'})")
    page.screenshot(path=str(ARTIFACTS / f"reader-holder-desktop-{other}.png"))
    assert errors == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_linked_holder_presets_the_choice_and_a_bad_one_is_noted(browser, site, lang):
    page, _, errors = open_reader(browser, f"{site}?date=2026-09-30&carrier=china-unicom&lang={lang}&holder=company")
    assert page.is_checked('.cg-holder-box input[value="company"]')
    assert checklist(page) == HOLDER_CHECKLISTS["company"][lang]
    page, _, errors = open_reader(browser, f"{site}?date=2026-09-30&carrier=china-unicom&remote=1&lang={lang}&holder=xyz")
    notes = page.inner_text(".cg-problems")
    if lang == "en":
        assert 'holder="xyz" is invalid and was ignored (personal, company, reseller, iot)' in notes
    else:
        assert "holder=“xyz” 无效，已忽略（可选 personal, company, reseller, iot）" in notes
    assert page.is_checked('.cg-holder-box input[value="personal"]')
    assert checklist(page) == HOLDER_CHECKLISTS["personal"][lang]
    assert answer(page) == expected(dt.date(2026, 9, 30), "china-unicom", lang, remote=True)  # nothing else lost
    assert errors == []


def test_with_scripts_off_the_checklist_shows(browser, site):
    page, _, _ = open_reader(browser, site, scripts=False)
    assert checklist(page) == HOLDER_CHECKLISTS["personal"]["zh"]
    assert SAME_TIMELINE["zh"] in page.inner_text("body")
