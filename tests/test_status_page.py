"""Where a request stands today (issue 42) in a real browser: the reader's page with its clock
fixed (Playwright's clock) and cardguide's Voilà page with the server's today (the harness sets
CARDGUIDE_TODAY=2026-11-25).

Expected words are written out by hand from the State Council notices (checked with
chinese-calendar where a count is long), never read from the package: each phase's opening
sentence in zh and en for a linked past day, the today line on the module's SVG Gantt and on the
kernel's Plotly Gantt at the right day, the stage table's marked stage, a change of day or carrier
moving all of them; axe finds nothing at 390 px. Screenshots go to /work/shots/status/ when that
folder exists (looked at by hand, not compared).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import chinese_calendar
import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import open_page, open_voila
from pages import choose_carrier
from servers import PHONE, voila

pytestmark = pytest.mark.browser
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
SHOTS = Path("/work/shots/status")
DESKTOP = dict(viewport={"width": 1280, "height": 900})


def beijing_noon(day: str) -> dt.datetime:
    """Noon of that day in Beijing, as the browser's fixed clock."""
    return dt.datetime.fromisoformat(f"{day}T04:00:00+00:00")


def open_at(browser, url: str, today: str, **context):
    """The reader's page with the clock fixed at noon of ``today`` in Beijing, drawn."""
    errors = []

    def setup(page):
        page.clock.set_fixed_time(beijing_noon(today))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page, _ = open_page(browser, url, locale=None, drawn=False, timeout=30_000, setup=setup, **(context or DESKTOP))
    page.wait_for_selector(".cg-reader[data-ready]", timeout=20_000)
    page.wait_for_selector(".cg-chart svg", timeout=20_000)
    return page, errors


def head(page) -> str | None:
    box = page.locator(".cg-answer .cg-standing-head")
    return box.inner_text().strip() if box.count() else None


def today_line(page) -> tuple[str, str] | None:
    """The SVG Gantt's today line: the tick (MM-DD) it stands on and its label, or None."""
    return page.evaluate("""() => {
      const line = document.querySelector('.cg-chart svg line.cg-g-today');
      if (!line) return null;
      const x = Number(line.getAttribute('x1'));
      const ticks = [...document.querySelectorAll('.cg-chart svg text.cg-g-tick')];
      const tick = ticks.find((t) => Math.abs(Number(t.getAttribute('x')) - x) < 0.5);
      const label = document.querySelector('.cg-chart svg text.cg-g-today-label');
      return [tick ? tick.textContent : null, label ? label.textContent : null];
    }""")


def marked_rows(page) -> list[tuple[int, str]]:
    """The stage table's rows marked as under way today: (row index, the row header's text)."""
    return page.evaluate("""() => [...document.querySelectorAll('.cg-table tbody tr')]
      .map((tr, i) => [i, tr.className, tr.querySelector('th').textContent])
      .filter(([, cls]) => cls.includes('cg-now')).map(([i, , th]) => [i, th])""")


def violations(page) -> list[str]:
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}" for v in result.response["violations"]]


def shot(page, name: str) -> None:
    if SHOTS.is_dir():
        page.locator(".cg-answer").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


#: (today in Beijing, linked query, phase, the opening sentence in zh and en), each worked by hand.
PHASES = [
    # Linked Thu 2026-10-01, today Sun 10-04: National Day 10-01..07 off, working day 1 is Thu 10-08.
    ("2026-10-04", "date=2026-10-01&carrier=china-unicom", "waiting",
     "今天是2026年10月4日（星期日）：申请已提交，还没有到第一个工作日。",
     "Today, Sun, Oct 4, 2026: you have applied, and no working day has come yet."),
    # Tue 09-29: 09-29 and 09-30 worked, 10-01..07 off; worst case day 5 = make-up Sat 10-10.
    ("2026-10-05", "date=2026-09-29&carrier=china-mobile", "in-progress",
     "今天是2026年10月5日（星期一）：正在办理，已过 2 个工作日（最慢共 5 个），今天休息。",
     "Today, Mon, Oct 5, 2026: in progress, 2 of 5 working days done (worst case), and today is a day off."),
    # Tue 12-01: best day 3 = Thu 12-03, worst day 5 = Mon 12-07; today Sat 12-05.
    ("2026-12-05", "date=2026-12-01&carrier=china-telecom", "may-be-done",
     "今天是2026年12月5日（星期六）：可能已经办完了。", "Today, Sat, Dec 5, 2026: it may be done already."),
    # Mon 11-02: worst case day 5 = Fri 11-06.
    ("2026-12-05", "date=2026-11-02&carrier=china-mobile", "late",
     "今天是2026年12月5日（星期六）：已经晚于最慢的预计完成日2026年11月6日（星期五）。",
     "Today, Sat, Dec 5, 2026: later than the worst-case completion, Fri, Nov 6, 2026."),
]


@pytest.mark.parametrize("today, query, phase, zh, en", PHASES, ids=[p[2] for p in PHASES])
def test_each_phase_opens_the_answer_in_both_languages(browser, site, today, query, phase, zh, en):
    for lang, sentence in (("zh", zh), ("en", en)):
        page, errors = open_at(browser, f"{site}?{query}&lang={lang}", today, **PHONE)
        assert page.locator(".cg-answer .cg-standing").get_attribute("data-phase") == phase
        assert head(page) == sentence
        # the status comes first in the answer, the plan's sentence after it
        assert page.evaluate("document.querySelector('.cg-answer').firstElementChild.className") == "cg-standing"
        shot(page, f"{phase}-{lang}-390")
        assert errors == []
        page.context.close()


def test_late_names_the_hotline_and_the_appeal_day(browser, site):
    # Today Sat 2026-12-05; a complaint today: 15 days end Sun 12-20, a day off, so Mon 12-21; appeal from Tue 12-22.
    last = dt.date(2026, 12, 20)
    while not chinese_calendar.is_workday(last):
        last += dt.timedelta(days=1)
    assert last + dt.timedelta(days=1) == dt.date(2026, 12, 22)
    page, errors = open_at(browser, f"{site}?date=2026-11-02&carrier=china-mobile&lang=en", "2026-12-05")
    text = page.inner_text(".cg-standing")
    assert "Follow up with China Mobile now (10086)" in text
    assert "you can appeal to the telecom regulator from Tue, Dec 22, 2026." in text
    assert "MIIT Order No. 35" in text and "Civil Code" in text
    assert today_line(page) is None  # the chart ends the day after the follow-up (11-09): today is not in it
    assert errors == []
    page.context.close()


def test_today_on_the_gantt_and_the_stage_under_way_follow_the_day_and_the_carrier(browser, site):
    page, errors = open_at(browser, f"{site}?date=2026-09-29&carrier=china-mobile", "2026-10-05")
    assert today_line(page) == ["10-05", "今天"]
    page.locator(".cg-table summary").click()
    # rows: prepare, contact, apply, first handling, review, confirmation, completion, follow-up.
    # Typical case (review 2): 09-29 handling, review 09-30 and 10-08: today (a day off) is in review.
    rows = marked_rows(page)
    assert [i for i, _ in rows] == [4] and rows[0][1].endswith("（今天，典型情况下在此阶段）")
    shot(page, "in-progress-zh-1280-table")
    # A carrier with a longer review (MVNO 2/3/5): worst case day 7, still in review today.
    choose_carrier(page, "mvno")  # the carrier slider, from the keyboard
    page.wait_for_function("() => (document.querySelector('.cg-standing-head') || {}).textContent"
                           " === '今天是2026年10月5日（星期一）：正在办理，已过 2 个工作日（最慢共 7 个），今天休息。'")
    assert today_line(page) == ["10-05", "今天"] and [i for i, _ in marked_rows(page)] == [4]
    # The day moved to Wed 09-23: review (typical 3: 09-24, 09-25, 09-28) done, confirmation 09-29
    # = the typical completion; today 10-05 is past it, before the worst case (day 7 = Wed 10-08).
    page.fill(".cg-pick", "2026-09-23")
    page.locator(".cg-pick").dispatch_event("change")
    page.wait_for_function("() => (document.querySelector('.cg-standing') || {}).dataset"
                           " && document.querySelector('.cg-standing').dataset.phase === 'may-be-done'")
    assert marked_rows(page) == [] and today_line(page) == ["10-05", "今天"]
    # A day after today reads as a plan: no status, and the chart (from 10-08) has no today.
    page.fill(".cg-pick", "2026-10-09")
    page.locator(".cg-pick").dispatch_event("change")
    page.wait_for_function("() => !document.querySelector('.cg-standing')")
    assert today_line(page) is None and marked_rows(page) == []
    assert errors == []
    page.context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_axe_finds_nothing_on_a_phone(browser, site, lang):
    for today, query in (("2026-10-05", "date=2026-09-29&carrier=china-mobile"),
                         ("2026-12-05", "date=2026-11-02&carrier=china-mobile")):
        page, errors = open_at(browser, f"{site}?{query}&lang={lang}", today, **PHONE)
        page.locator(".cg-table summary").click()
        assert violations(page) == []
        assert errors == []
        page.context.close()


# ---- cardguide's Voilà page: the server's today (2026-11-25), its first paint and the kernel ----

@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    with voila(tmp_path_factory.mktemp("voila-status")) as (url, _):
        yield url


def test_the_voila_page_paints_the_status_first_and_the_kernel_marks_today(browser, app_url):
    import urllib.request

    # Mon 11-02, China Mobile: worst case Fri 11-06; server's today Wed 11-25 (harness): late.
    query = "?date=2026-11-02&carrier=china-mobile&lang=en"
    html = urllib.request.urlopen(app_url + query, timeout=60).read().decode("utf-8")
    assert "Today, Wed, Nov 25, 2026: later than the worst-case completion, Fri, Nov 6, 2026." in html
    assert "you can appeal to the telecom regulator from Fri, Dec 11, 2026." in html  # 15 days end Thu 12-10
    # In progress on Wed 11-25: Mon 11-23 submitted to an MVNO (review 2/3/5): best day 4 = Thu 11-26,
    # worst day 7 = Tue 12-01 (the weekend 11-28/29 between); today is working day 3.
    page, errors = open_voila(browser, app_url + "?date=2026-11-23&carrier=mvno&lang=zh", **PHONE)
    assert head(page) == "今天是2026年11月25日（星期三）：正在办理，今天是第 3 个工作日（最慢共 7 个）。"
    shapes = page.evaluate("document.querySelector('.cg-plotly').layout.shapes.map((s) => s.x0)")
    assert "2026-11-25 12:00" in shapes
    labels = page.evaluate("document.querySelector('.cg-plotly').layout.annotations"
                           ".map((a) => [a.text, (a.font || {}).weight])")
    assert ["今天", "bold"] in labels  # bold by its font: a <b> would be a style attribute the policy refuses
    page.locator(".cg-table summary").click()
    # typical (review 3): 11-23 handling, review 11-24..26, confirmation 11-27: today in review.
    assert [i for i, _ in marked_rows(page)] == [4]
    assert violations(page) == []
    shot(page, "voila-in-progress-zh-390")
    if SHOTS.is_dir():
        page.locator(".cg-chart").screenshot(path=str(SHOTS / "voila-plotly-zh-390.png"))
    assert errors == []
    page.context.close()
