"""The reader's page in the browsers readers' chat apps open (issue 35): a chat app's own
browser, which saves no file; a browser below the baseline, where the module does not run; an
engine without the Asia/Shanghai zone; and the title, all WeChat shows of a pasted link.

Dates come from chinese-calendar (conftest's ``workday_after``), words are written out here,
values are read back from chromium; the clock is fixed (test_reader_page's ``NOW``).
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from cardguide.carriers import carriers
from conftest import open_page, workday_after, zh_long
from conftest import BEIJING_TODAY, NOW, answer, expected, open_reader, plain
from pages import shown_carrier, tap_carrier

#: WeChat 8.0.49 on Android (XWeb, Chromium 116), a public sample of 2024.
WECHAT = ("Mozilla/5.0 (Linux; Android 13; PGT-AN10 Build/HONORPGT-AN10; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 "
          "MicroMessenger/8.0.49.2600(0x28003133) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64")
PHONE = dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2)
DAY = dt.date(2026, 9, 28)  # before National Day: the window spans the holiday
LINK = "?date=2026-09-28&carrier=china-mobile"

#: The hint, as the reader should read it.
HOW = {"zh": "要保存日历文件，请点右上角的「…」，选「在浏览器打开」，再点一次下载。",
       "en": 'To save the calendar file, tap the "..." menu at the top right, choose "Open in browser", then tap the download again.'}


def reader(browser, url, init_script=None, **context):
    """test_reader_page's open_reader, with a script run before the page's own."""
    errors = []

    def setup(page):
        page.clock.set_fixed_time(NOW)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page, _ = open_page(browser, url, init_script, locale=None, drawn=False, setup=setup, **context)
    page.wait_for_selector(".cg-reader[data-ready]", timeout=20_000)
    return page, errors


def en_long(day: dt.date) -> str:
    return f"{day:%a}, {day:%b} {day.day}, {day.year}"


def plan_lines(lang: str) -> list[str]:
    """The plan's dated lines, worked out by chinese-calendar: China Mobile's review days are
    the carrier's data (input), the working days are counted here."""
    best_days, _, worst_days = carriers()["china-mobile"].review_days
    best, worst = workday_after(DAY, best_days + 1), workday_after(DAY, worst_days + 1)
    follow = workday_after(worst, 1)
    if lang == "zh":
        return [f"{zh_long(DAY)}：提交电销卡注销申请（中国移动）",
                f"{zh_long(best)}至{zh_long(worst)}：预计完成注销（中国移动）",
                f"{zh_long(follow)}：若仍无回音，联系中国移动跟进",
                "（日历文件会在当天 9:00 提醒。）"]
    return [f"{en_long(DAY)}: Apply to China Mobile to cancel the telemarketing card",
            f"{en_long(best)} – {en_long(worst)}: Expected completion: China Mobile",
            f"{en_long(follow)}: No answer yet? Follow up with China Mobile",
            "(The calendar file reminds you at 9:00 that day.)"]


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_in_wechat_a_download_says_how_to_save_it_and_offers_the_plan_as_text(browser, site, lang):
    page, _, errors = open_reader(browser, f"{site}{LINK}&lang={lang}", user_agent=WECHAT, **PHONE)
    downloads = []
    page.on("download", lambda d: downloads.append(d))
    page.click(".cg-ics")
    hint = page.locator(".cg-chat-hint")
    hint.wait_for(timeout=5_000)
    assert HOW[lang] in plain(hint.inner_html())
    text = page.input_value(".cg-plan-text")
    lines = text.splitlines()
    for want in plan_lines(lang):
        assert want in lines, (want, text)
    assert "10086" in text  # the follow-up's hotline, as in the calendar file
    # the .csv tap says the same; no file was asked for (a blob: link does nothing in WeChat)
    page.click(".cg-csv")
    assert page.locator(".cg-chat-hint").count() == 1
    page.wait_for_timeout(500)
    assert downloads == []
    # a new choice: the text follows it
    tap_carrier(page, "china-unicom")  # a tap on the carrier slider's track
    assert shown_carrier(page) == "china-unicom"
    assert "中国联通" in page.input_value(".cg-plan-text") or "China Unicom" in page.input_value(".cg-plan-text")
    page.set_viewport_size({"width": 390, "height": 700})  # a phone's bar hiding: the hint stays
    page.wait_for_timeout(300)
    assert page.locator(".cg-chat-hint").is_visible()
    page.screenshot(path=f"tests/artifacts/chat-app-hint-{lang}-390.png", full_page=False)
    hint.screenshot(path=f"tests/artifacts/chat-app-hint-box-{lang}.png")
    assert errors == []


@pytest.mark.browser
def test_outside_a_chat_app_the_download_is_a_file(browser, site):
    page, _, errors = open_reader(browser, f"{site}{LINK}", **PHONE)
    with page.expect_download() as info:
        page.click(".cg-ics")
    assert info.value.suggested_filename == "cardguide-2026-09-28-china-mobile.ics"
    assert page.locator(".cg-chat-hint").count() == 0


#: No Clipboard API (an old WebView, a page on http://); every copy is recorded as the reader's
#: selection at that moment.
NO_CLIPBOARD = """
Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined, configurable: true });
window.__copied = [];
document.addEventListener("copy", () => {
  const a = document.activeElement;
  window.__copied.push(a && "value" in a ? a.value.slice(a.selectionStart, a.selectionEnd) : String(getSelection()));
});
"""


@pytest.mark.browser
def test_copying_works_without_the_clipboard_api_and_else_leaves_the_text_selected(browser, site):
    page, errors = reader(browser, f"{site}{LINK}", NO_CLIPBOARD, user_agent=WECHAT, **PHONE)
    assert page.evaluate("navigator.clipboard") is None
    link = page.input_value(".cg-link")
    assert link == f"{site}?date=2026-09-28&carrier=china-mobile&lang=zh"
    page.click(".cg-copy")
    page.wait_for_function("() => document.querySelector('.cg-copy').textContent === '已复制'", timeout=5_000)
    assert page.evaluate("window.__copied") == [link]
    # the plan's text, from the chat app's hint
    page.click(".cg-ics")
    page.click(".cg-copy-plan")
    page.wait_for_function("() => document.querySelector('.cg-copy-plan').textContent === '已复制'", timeout=5_000)
    assert page.evaluate("window.__copied")[1] == page.input_value(".cg-plan-text")
    # neither way copies: the link is left selected, and the reader is told how to copy it
    page.evaluate("document.execCommand = () => false")
    page.fill(".cg-pick", "2026-09-29")
    page.dispatch_event(".cg-pick", "change")
    page.click(".cg-copy")
    note = page.locator(".cg-copy-note")
    note.wait_for(timeout=5_000)
    page.wait_for_function("() => document.querySelector('.cg-copy-note').textContent.length > 0", timeout=5_000)
    assert note.inner_text() == "没能自动复制：文字已选中，请长按选中的文字，再点「复制」。"
    selected = page.evaluate("(() => { const a = document.activeElement; return [a.className, a.value.slice(a.selectionStart, a.selectionEnd)]; })()")
    assert selected == ["cg-link", f"{site}?date=2026-09-29&carrier=china-mobile&lang=zh"]
    assert errors == []


@pytest.mark.browser
@pytest.mark.parametrize("lang, want, unicom", [
    ("zh", "电销卡注销要多久？2026年9月28日提交，中国移动", "电销卡注销要多久？2026年9月28日提交，中国联通"),
    ("en", "How long to cancel a telemarketing SIM card? Submitted Sep 28, 2026, China Mobile",
     "How long to cancel a telemarketing SIM card? Submitted Sep 28, 2026, China Unicom"),
])
def test_the_title_names_the_linked_day_and_carrier(browser, site, lang, want, unicom):
    page, _, errors = open_reader(browser, f"{site}{LINK}&lang={lang}", user_agent=WECHAT, **PHONE)
    assert page.title() == want
    tap_carrier(page, "china-unicom")
    assert page.title() == unicom
    assert errors == []


def test_a_server_rendered_page_names_the_linked_day_in_its_html_title():
    """The Voilà page's title (the handler swaps Voilà's for this) and the reader's page sent
    for a link: what WeChat's link card reads, without any script."""
    from cardguide.firstpaint import reader_instead_html, title_html

    today = dt.date(2026, 12, 5)
    assert title_html("date=2026-09-28&carrier=china-unicom", today=today) == \
        "<title>电销卡注销要多久？2026年9月28日提交，中国联通</title>"
    assert title_html("date=2026-09-28&lang=en", today=today) == \
        "<title>How long to cancel a telemarketing SIM card? Submitted Sep 28, 2026, China Mobile</title>"
    page = reader_instead_html("date=2026-09-28&carrier=mvno", "v/x", "favicon.svg", today=today)
    assert "<title>电销卡注销要多久？2026年9月28日提交，虚拟运营商</title>" in page


#: The line below the baseline, written out (ui.toml's reader.old_browser and _static).
OLD = {"zh": "这个浏览器太旧，页面上的控件（改日期、运营商和图表）用不了；请用手机自带的浏览器打开，或更新浏览器。"
             "上面的答案按本页生成当天（2026-12-01）计算，不是链接里的日期。",
       "en": "This browser is too old for the page's controls (date, carrier and chart); open the page in your "
             "phone's own browser, or update this one. The answer above is for the day this page was built (2026-12-01), not the day in the link."}


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_below_the_baseline_the_page_keeps_its_answer_and_says_why_nothing_moves(browser, site, lang):
    """The module never runs (its request aborted: what an engine that cannot parse it sees)."""
    from cardguide.i18n import t

    def setup(page):
        page.clock.set_fixed_time(NOW)
        page.route(re.compile(r".*/widget\.js$"), lambda route: route.abort())

    page, _ = open_page(browser, f"{site}{LINK}&lang={lang}", locale=None, drawn=False, setup=setup, **PHONE)
    line = page.locator(".cg-old-browser")
    line.wait_for(timeout=10_000)
    assert line.inner_text() == OLD[lang]
    assert line.get_attribute("lang") == (None if lang == "zh" else "en")  # the page's HTML is Chinese
    # the HTML answer (the build day's, in the page's default language) and the article stay
    assert answer(page) == expected(dt.date(2026, 12, 1), today=None) + "（按数据生成当天 2026-12-01 计算）"
    assert page.locator(".cg-article h2").count() >= 5
    assert t("reader.needs_scripts", "zh") not in page.inner_text("body")
    page.screenshot(path=f"tests/artifacts/old-browser-{lang}-390.png", full_page=False)


def test_the_voila_pages_first_paint_says_only_that_the_controls_need_a_newer_browser():
    """There the answer is the link's (the server's): no word about the build day."""
    from html import unescape

    from cardguide.firstpaint import first_paint_html

    block = first_paint_html("date=2026-09-28", today=dt.date(2026, 12, 5), assets="v/x")
    said = json.loads(unescape(re.search(r'data-old-browser="([^"]*)"', block).group(1)))
    assert said == {"zh": "这个浏览器太旧，页面上的控件（改日期、运营商和图表）用不了；请用手机自带的浏览器打开，或更新浏览器。",
                    "en": "This browser is too old for the page's controls (date, carrier and chart); open the page "
                          "in your phone's own browser, or update this one."}
    assert re.search(r'<script src="v/x/fallback\.js" defer integrity="sha384-[A-Za-z0-9+/=]+"></script>', block)


#: An engine whose Intl knows no Asia/Shanghai (some old WebViews ship without full ICU).
NO_SHANGHAI = """
const Real = Intl.DateTimeFormat;
Intl.DateTimeFormat = function (locales, options) {
  if (options && options.timeZone) throw new RangeError("Invalid time zone specified: " + options.timeZone);
  return new Real(locales, options);
};
Intl.DateTimeFormat.prototype = Real.prototype;
Intl.DateTimeFormat.supportedLocalesOf = Real.supportedLocalesOf;
"""


@pytest.mark.browser
def test_without_the_shanghai_zone_today_is_still_beijings(browser, site):
    """17:30 UTC on 4 December is 01:30 on 5 December in Beijing (UTC+8 all year)."""
    page, errors = reader(browser, site, NO_SHANGHAI, **PHONE)
    assert page.evaluate("(() => { try { new Intl.DateTimeFormat('zh', {timeZone: 'Asia/Shanghai'}); return 'ok'; }"
                         " catch (e) { return e.name; } })()") == "RangeError"
    assert page.input_value(".cg-pick") == BEIJING_TODAY.isoformat()
    assert answer(page) == expected(BEIJING_TODAY)
    assert errors == []
