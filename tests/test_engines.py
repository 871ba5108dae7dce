"""The reader's page and the Voilà page in the two engines besides chromium that the readers'
phones run (issue #35): WebKit (every iPhone browser, WeChat and QQ on iOS) as Debian's WebKitGTK
with its MiniBrowser through WebKitWebDriver, and Firefox ESR through WebDriver BiDi
(``harness/engines.py``). Each engine: links preset the controls in both languages, each control
redraws, the answers are chinese-calendar's (``workday_after``, with the review days of
``carriers.toml`` typed out below), the Voilà page's module answers the link and a control, the kernel joins it with the reader's
choice (its Plotly Gantt drawn with chinese-calendar's days) and redraws for the date slider; in
Firefox no console error
(WebKitWebDriver gives no console). The browser's clock starts at a fixed instant; the days
checked and passed are printed per engine and written to ``tests/artifacts/engines.json``."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from html import unescape

import pytest

from cardguide.carriers import carriers
from cardguide.schedule import estimate
from cardguide.texts import summary_html
from conftest import ARTIFACTS, expected_summary, workday_after, zh_long
from pages import carrier_name
from engines import engine, missing
from servers import voila

pytestmark = pytest.mark.browser
#: 2026-12-04 17:30 UTC is 2026-12-05 01:30 in Beijing: the reader's today is the 5th.
NOW = dt.datetime(2026, 12, 4, 17, 30, tzinfo=dt.timezone.utc)
#: The Voilà page counts from the server's today (harness/servers.TODAY, 2026-11-25).
VOILA_NOW = dt.datetime(2026, 11, 25, 4, 0, tzinfo=dt.timezone.utc)
#: (best, worst) review days of carriers.toml, typed out: the answer is chinese-calendar's count.
REVIEW = {"china-mobile": (1, 3), "china-unicom": (1, 3), "mvno": (2, 5)}
WEEKDAYS_EN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
#: Submission days around every kind of holiday week of 2025-2026 (make-up Saturdays and Sundays,
#: the Spring Festival, Labour Day, Dragon Boat, National Day) and a weekend day.
DAYS = [dt.date(2025, 1, 24), dt.date(2025, 4, 30), dt.date(2025, 9, 26), dt.date(2026, 2, 13),
        dt.date(2026, 3, 7), dt.date(2026, 4, 30), dt.date(2026, 6, 18), dt.date(2026, 9, 28)]
#: The answer's sentence for the chosen day; for a day before today the answer opens with where
#: that request stands (issue 42, chromium's tests/test_status_page.py), left out here.
PLAN_SENTENCE = ("(a) => { const c = a.cloneNode(true); const s = c.querySelector('.cg-standing'); "
                 "if (s) s.remove(); return c.textContent; }")
ANSWER = f"return ({PLAN_SENTENCE})(document.querySelector('.cg-answer'))"
READY = "return !!document.querySelector('.cg-reader[data-ready]')"
#: The kernel has joined the Voilà page's module: its Plotly Gantt is in the chart box.
JOINED = "return !!document.querySelector('.cg-chart[data-drawn=plotly]')"
#: Per engine: every (day, carrier, language) whose answer was read back, and those that passed.
TALLY: dict[str, dict[str, list]] = {}


def en_long(day: dt.date) -> str:
    """A date as the page writes it in English: Mon, Sep 28, 2026."""
    return f"{WEEKDAYS_EN[day.weekday()]}, {MONTHS_EN[day.month - 1]} {day.day}, {day.year}"


def calendar_dates(day: dt.date, carrier: str, lang: str, review: tuple[int, int] | None = None) -> list[str]:
    """The submission, best, worst and follow-up days, in the page's words, by chinese-calendar."""
    best_review, worst_review = review or REVIEW[carrier]
    if lang == "zh":
        return [zh_long(day), *expected_summary(day, best_review, worst_review)]
    best, worst = workday_after(day, best_review + 1), workday_after(day, worst_review + 1)
    return [en_long(day), en_long(best), en_long(worst), en_long(workday_after(worst, 1))]


def check(b, text: str, day: dt.date, carrier: str, lang: str, review=None) -> None:
    """The answer names the four days in order; counted in the engine's tally."""
    wanted = calendar_dates(day, carrier, lang, review)
    tally = TALLY.setdefault(b.name, {"checked": [], "passed": []})
    case = f"{day.isoformat()} {carrier} {lang}" + (f" review={review}" if review else "")
    tally["checked"].append(case)
    found = [text.find(w) for w in wanted]
    assert -1 not in found and found == sorted(found), f"{b.name}: {case}: {wanted} in {text!r}"
    tally["passed"].append(case)


def python_answer(day, carrier, lang, *, remote=False, review=None) -> str:
    """The whole sentence as the Python package writes it (the page's words, the holiday runs)."""
    profile = carriers()[carrier]
    if review:
        profile = profile.with_review_days(review)
    html = summary_html(estimate(day, profile, remote=remote), lang)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html))).strip()


def answer(b) -> str:
    return re.sub(r"\s+", " ", b.js(ANSWER)).strip()


#: From here on, every policy violation the page reports (issue 43: its strict CSP and Trusted
#: Types): registered once the page is up (WebKitWebDriver has no preload script), so it holds
#: what every control's redraw does.
WATCH_POLICY = """window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
return true"""


def no_violation(b) -> None:
    """No CSP or Trusted Types violation since WATCH_POLICY, and no <style> element (plotly.js's
    rules come from a file)."""
    assert b.js("return window.__violations") == [], b.name
    assert b.js("return document.querySelectorAll('style').length") == 0, b.name


def no_console_error(b) -> None:
    errors = b.errors()
    assert errors in (None, []), f"{b.name}: {errors}"  # None: WebKitWebDriver has no console


@pytest.fixture(scope="module", params=["webkit", "firefox"])
def eng(request):
    name = request.param
    if missing(name):
        pytest.fail(f"{missing(name)} missing: `make browser` installs Debian's webkit2gtk-driver, xvfb, firefox-esr")
    started = time.monotonic()
    with engine(name, NOW) as b:
        print(f"\n{name} {b.version} started in {time.monotonic() - started:.1f} s")
        yield b
    tally = TALLY.get(name, {"checked": [], "passed": []})
    print(f"\n{name} {b.version}: {len(tally['checked'])} answers checked, {len(tally['passed'])} passed; "
          f"days {sorted({c.split()[0] for c in tally['passed']})}")
    ARTIFACTS.mkdir(exist_ok=True)
    out = ARTIFACTS / "engines.json"
    saved = json.loads(out.read_text()) if out.exists() else {}
    saved[name] = {"version": b.version, **tally}
    out.write_text(json.dumps(saved, indent=1, ensure_ascii=False) + "\n")


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """The Voilà page, two kernels preheated (one for each language's page per engine)."""
    with voila(tmp_path_factory.mktemp("voila"), pool_size=2) as (url, _):
        yield url


def open_reader(b, url, width=1280, height=900):
    b.goto(url, width, height)
    b.wait(READY)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_links_preset_the_controls(eng, site, lang):
    b = eng
    open_reader(b, f"{site}?date=2024-09-30&carrier=china-unicom&lang={lang}&remote=1&review=1,3,6&by=2024-12-20",
                390, 844)
    assert b.js("return document.querySelector('.cg-pick').value") == "2024-09-30"
    assert b.js("return document.querySelector('.cg-carrier').getAttribute('aria-valuetext')") == carrier_name("china-unicom", lang)
    assert b.js("return document.querySelector('.cg-remote').checked") is True
    assert b.js("return [...document.querySelectorAll('.cg-review input')].map((i) => i.value)") == ["1", "3", "6"]
    assert b.js("return document.querySelector('.cg-by').value") == "2024-12-20"
    assert b.js("return document.documentElement.lang") == ("en" if lang == "en" else "zh-CN")
    text = answer(b)
    check(b, text, dt.date(2024, 9, 30), "china-unicom", lang, review=(1, 6))
    assert text == python_answer(dt.date(2024, 9, 30), "china-unicom", lang, remote=True, review=(1, 3, 6))
    b.screenshot(ARTIFACTS / f"engine-{b.name}-reader-phone-{lang}.png")
    no_console_error(b)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_control_redraws(eng, site, lang):
    b = eng
    other = "en" if lang == "zh" else "zh"
    open_reader(b, f"{site}?date=2026-09-28&carrier=mvno&lang={lang}")
    b.js(WATCH_POLICY)
    check(b, answer(b), dt.date(2026, 9, 28), "mvno", lang)
    # the date slider, from the keyboard
    b.press(".cg-date", "ArrowRight")
    check(b, answer(b), dt.date(2026, 9, 29), "mvno", lang)
    # the date input
    b.set_date(".cg-pick", "2026-02-13")
    check(b, answer(b), dt.date(2026, 2, 13), "mvno", lang)
    # the carrier slider, from the keyboard
    b.choose_carrier("china-mobile")
    check(b, answer(b), dt.date(2026, 2, 13), "china-mobile", lang)
    # remote: China Mobile forwards to the home province (an assumed stage), then back
    b.click(".cg-remote")
    assert b.js("return document.querySelector('.cg-remote').checked") is True
    assert answer(b) == python_answer(dt.date(2026, 2, 13), "china-mobile", lang, remote=True)
    assert answer(b) != python_answer(dt.date(2026, 2, 13), "china-mobile", lang)
    b.click(".cg-remote")
    check(b, answer(b), dt.date(2026, 2, 13), "china-mobile", lang)
    # own review days, typed (worst first, so no step is refused), applied by Enter; then reset
    for name, days in (("worst", "9"), ("typical", "4"), ("best", "2")):
        b.type(f".cg-review input[name=review-{name}]", days)
    b.press(".cg-review input[name=review-best]", "Enter")
    check(b, answer(b), dt.date(2026, 2, 13), "china-mobile", lang, review=(2, 9))
    assert "review=2,4,9" in b.js("return document.querySelector('.cg-link').value")
    b.click(".cg-reset")
    check(b, answer(b), dt.date(2026, 2, 13), "china-mobile", lang)
    # the deadline: the latest day to apply (worst case) by chinese-calendar, and the move to it
    deadline = dt.date(2026, 12, 20)
    safe = deadline
    while workday_after(safe, REVIEW["china-mobile"][1] + 1) > deadline:
        safe -= dt.timedelta(days=1)
    b.set_date(".cg-by", deadline.isoformat())
    assert b.js("return document.querySelector('.cg-move').disabled") is False
    b.click(".cg-move")
    assert b.js("return document.querySelector('.cg-pick').value") == safe.isoformat()
    check(b, answer(b), safe, "china-mobile", lang)
    # the year view
    b.click('.cg-day[data-day="2026-12-10"]')
    check(b, answer(b), dt.date(2026, 12, 10), "china-mobile", lang)
    # the address follows the choice
    b.wait("return location.search === arguments[0]", f"?date=2026-12-10&carrier=china-mobile&lang={lang}&by=2026-12-20",
           timeout=5)
    # the language
    b.click(f'[data-lang="{other}"]')
    assert b.js("return document.documentElement.lang") == ("en" if other == "en" else "zh-CN")
    check(b, answer(b), dt.date(2026, 12, 10), "china-mobile", other)
    b.screenshot(ARTIFACTS / f"engine-{b.name}-reader-desktop-{other}.png")
    no_violation(b)
    no_console_error(b)


def test_own_review_days_typed_in_reading_order_are_kept(eng, site):
    """Best 2, typical 4, worst 9 typed over 1/2/3: the 2/4/3 in between is refused with its note,
    and every typed value stays in its field until the set is whole (once lost the 4)."""
    b = eng
    open_reader(b, f"{site}?date=2026-02-13&carrier=china-mobile&lang=en")
    for name, days in (("best", "2"), ("typical", "4"), ("worst", "9")):
        b.type(f".cg-review input[name=review-{name}]", days)
    b.press(".cg-review input[name=review-worst]", "Enter")
    assert b.js("return [...document.querySelectorAll('.cg-review input')].map((i) => i.value)") == ["2", "4", "9"]
    check(b, answer(b), dt.date(2026, 2, 13), "china-mobile", "en", review=(2, 9))


#: Every element whose right edge is past the page's visible width: (tag, class, right edge).
PAST_THE_EDGE = """const width = document.documentElement.clientWidth, out = [];
for (const e of document.querySelectorAll('.cg-reader *')) {
  const r = e.getBoundingClientRect();
  if (r.width > 0 && r.right > width + 0.5) out.push([e.tagName.toLowerCase(), String(e.className.baseVal ?? e.className), Math.round(r.right)]);
}
return [width, document.documentElement.scrollWidth, out];"""


def test_a_phone_does_not_scroll_sideways(eng, site):
    b = eng
    open_reader(b, f"{site}?date=2026-09-28&carrier=mvno&lang=en", 390, 844)
    width, scroll, past = b.js(PAST_THE_EDGE)
    b.js("document.querySelector('.cg-review').scrollIntoView({block: 'center'})")
    b.wait("return scrollY > 0")
    time.sleep(0.3)  # a frame painted after the scroll, for the screenshot
    b.screenshot(ARTIFACTS / f"engine-{b.name}-reader-phone-review-en.png")
    assert (scroll, past) == (width, []), f"{b.name}: {width} px wide"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_days_around_each_holiday(eng, site, lang):
    """Every day of ``DAYS`` for a carrier of 1-3 and one of 2-5 review days, chosen in the date
    input and the carrier slider of one page."""
    b = eng
    open_reader(b, f"{site}?lang={lang}")
    for carrier in ("china-mobile", "mvno"):
        b.choose_carrier(carrier)
        for day in DAYS:
            b.set_date(".cg-pick", day.isoformat())
            check(b, answer(b), day, carrier, lang)
    no_console_error(b)


#: On the Voilà page, as soon as the module has answered: whether the kernel has joined yet.
JOINED_YET = "return !!document.querySelector('.cg-chart[data-drawn=plotly]')"
#: The kernel's Plotly Gantt (plotly.js's graph div): each bar trace's start days and lengths (ms).
KERNEL_GANTT = """const plot = document.querySelector('.cg-chart[data-drawn=plotly] .cg-plotly');
return plot && plot.data ? plot.data.slice(0, 3).map((t) => [t.name, t.base, t.x]) : null;"""


def gantt_days(traces) -> tuple[dt.date, dt.date]:
    """The submission day (the reader's own step's first bar) and the worst completion (the end
    of the last best-to-worst bar) of the kernel's Gantt."""
    (_, user, _), (_, bases, lengths) = traces[0], traces[1]
    ends = [dt.date.fromisoformat(b[:10]) + dt.timedelta(days=round(x / 86_400_000) - 1) for b, x in zip(bases, lengths)]
    return dt.date.fromisoformat(min(user)[:10]), max(ends)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_voila_page_answers_the_link_and_the_kernel_joins(eng, live, lang):
    b = eng
    started = time.monotonic()
    b.goto(f"{live}?date=2026-09-28&carrier=mvno&lang={lang}", 1280, 900)
    b.wait(READY, timeout=30)
    b.js(WATCH_POLICY)
    joined_first, before = b.js(JOINED_YET), answer(b)
    b.choose_carrier("china-mobile")  # the carrier slider, from the keyboard
    after = answer(b)
    check(b, before, dt.date(2026, 9, 28), "mvno", lang)
    check(b, after, dt.date(2026, 9, 28), "china-mobile", lang)
    # The kernel joins with the reader's choice (the carrier changed above): its Gantt is China
    # Mobile's for the linked day, worst case 3 review days after it, by chinese-calendar.
    b.js("document.querySelector('.cg-chart').scrollIntoView()")  # plotly.js loads near the screen
    b.wait(JOINED, timeout=60)
    took = time.monotonic() - started
    assert gantt_days(b.js(KERNEL_GANTT)) == (dt.date(2026, 9, 28), workday_after(dt.date(2026, 9, 28), 3 + 1))
    check(b, answer(b), dt.date(2026, 9, 28), "china-mobile", lang)
    # The address follows the choice 300 ms after the last redraw (reader.js).
    b.wait(f"return location.search === '?date=2026-09-28&carrier=china-mobile&lang={lang}'", timeout=5)
    # The date slider, from the keyboard: the module answers and the kernel redraws its Gantt.
    b.press(".cg-date", "ArrowRight")
    check(b, answer(b), dt.date(2026, 9, 29), "china-mobile", lang)
    b.wait("const p = document.querySelector('.cg-chart[data-drawn=plotly] .cg-plotly');"
           "return !!p && p.data[0].base.includes('2026-09-29')", timeout=20)
    assert gantt_days(b.js(KERNEL_GANTT)) == (dt.date(2026, 9, 29), workday_after(dt.date(2026, 9, 29), 3 + 1))
    print(f"\n{b.name} Voilà page ({lang}): the kernel's Gantt drawn {took:.1f} s after the request"
          f"{' (joined before the first change)' if joined_first else ''}")
    b.screenshot(ARTIFACTS / f"engine-{b.name}-voila-{lang}.png")
    no_violation(b)
    no_console_error(b)
