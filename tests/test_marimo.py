"""marimo as a host (issue 41, part 3): ``marimo run notebooks/dashboard_marimo.py`` shows the one
widget through ``mo.ui.anywidget``: marimo's own model (not Jupyter's), the module in a shadow root
under marimo's style sheets, Tailwind's reset among them. The module answers with the dates
chinese-calendar gives, a keyboard change of the date slider reaches Python (the notebook's last
cell, which marimo runs again when the widget changes, prints the kernel's values), the kernel's
Plotly Gantt draws (plotly.js asked of the kernel with a custom message, run from a blob: URL),
and the module's own styles hold under the host's reset: the fields keep an edge at 3:1 against
what is behind them (WCAG 1.4.11), the lists their markers.

Expected dates come from chinese-calendar (conftest.workday_after), never from the estimator.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from conftest import ROOT, china_mobile_dates as dates, contrast, open_page, review_days, rgb, workday_after
from servers import TODAY, marimo

pytestmark = pytest.mark.browser

NOTEBOOK = ROOT / "notebooks" / "dashboard_marimo.py"


@pytest.fixture(scope="module")
def marimo_url(tmp_path_factory):
    with marimo(tmp_path_factory.mktemp("marimo"), NOTEBOOK) as (url, _):
        yield url


def open_marimo(browser, url: str, **context):
    """A new reader on the app; returns once the module has drawn in marimo's shadow root."""
    page, errors = open_page(browser, None, locale=None, **{"viewport": {"width": 1280, "height": 900}, **context})
    page.goto(url, timeout=90_000)
    page.locator(".cg-reader.cg-widget[data-ready]").wait_for(timeout=90_000)  # Playwright's locators pierce shadow roots
    return page, errors


#: The kernel chart's review row (the range trace's second row), as plotly.js drew it: its days.
REVIEW_ROW = """gd => {
    if (!gd || !gd.data) return null;
    const t = gd.data[1], label = [...new Set(t.y)][1], days = [];
    t.y.forEach((y, i) => { if (y !== label) return;
      for (let n = 0; n < t.x[i] / 86400000; n++) days.push(new Date(Date.parse(t.base[i] + 'T00:00:00Z') + n * 86400000).toISOString().slice(0, 10)); });
    return days; }"""


def kernel_line(page):
    """The notebook's last cell: ``date=… · carrier=… · worst=…``, read from the kernel's ``Dashboard``
    (marimo replaces the cell's output each time it runs the cell again)."""
    return page.get_by_text(re.compile(r"date=.*carrier=.*worst="))


def wait_kernel_line(page, want: str, timeout: float = 30_000) -> None:
    expect(kernel_line(page)).to_contain_text(want, timeout=timeout)


def test_marimo_shows_the_module_answering_a_keyboard_change_reaching_python_and_the_kernels_gantt(browser, marimo_url):
    page, errors = open_marimo(browser, marimo_url)
    assert page.locator(".cg-reader").count() == 1  # the widget is the page's only instance
    today = TODAY  # servers.isolated_env's CARDGUIDE_TODAY, read by the kernel's Dashboard()
    assert all(d in page.locator(".cg-answer").inner_text() for d in dates(today))
    # Python's side, printed by the last cell: the kernel's choice and its worst completion day.
    wait_kernel_line(page, f"date={today.isoformat()}")
    assert f"worst={workday_after(today, 4).isoformat()}" in kernel_line(page).inner_text()

    # The kernel's Plotly Gantt: plotly.js asked of the kernel ({need: "plotly"} over marimo's
    # custom messages, answered by the `_plotly_js` trait), drawn in the module's chart box.
    page.locator(".cg-chart").scroll_into_view_if_needed()
    page.locator(".cg-chart[data-drawn=plotly]").wait_for(timeout=60_000)
    plot = page.locator(".cg-plotly").element_handle()
    assert plot.evaluate(REVIEW_ROW) == review_days(today)
    assert plot.evaluate("gd => gd.data[1].y[0]")  # rows named, from Python

    # The reader moves the date slider from the keyboard: the module answers, the change reaches
    # the kernel (marimo runs the last cell again with the kernel's new values) and the kernel's
    # Gantt for the new day replaces the old one.
    page.locator(".cg-date").focus()
    page.keyboard.press("ArrowRight")
    day = today + dt.timedelta(days=1)
    assert page.locator(".cg-date").evaluate("el => el === el.getRootNode().activeElement")  # the key was the slider's
    assert all(d in page.locator(".cg-answer").inner_text() for d in dates(day))
    wait_kernel_line(page, f"date={day.isoformat()}")
    assert f"worst={workday_after(day, 4).isoformat()}" in kernel_line(page).inner_text()
    page.wait_for_function(f"([gd, want]) => JSON.stringify(({REVIEW_ROW})(gd)) === JSON.stringify(want)",
                           arg=[plot, review_days(day)], timeout=30_000)
    # Home: the slider's first day (the year before today's, plan.date_range), in the kernel too.
    page.keyboard.press("Home")
    first = dt.date(today.year - 1, 1, 1)
    assert all(d in page.locator(".cg-answer").inner_text() for d in dates(first))
    wait_kernel_line(page, f"date={first.isoformat()}")
    assert f"worst={workday_after(first, 4).isoformat()}" in kernel_line(page).inner_text()

    # Offline and private: the page asked nothing of anybody but its server (plotly.js ran from
    # a blob: URL made from the kernel's copy, not from a CDN).
    strangers = [u for u in page.requests if not u.startswith((marimo_url, "blob:" + marimo_url.rstrip("/"), "data:"))]
    assert strangers == []
    assert errors == []
    page.close()


def test_a_shared_link_opens_the_day_it_names_and_a_bad_parameter_is_said(browser, marimo_url):
    """``?date=…`` reaches the kernel through ``mo.query_params()`` (``Dashboard.follow_link``), as
    the Voilà page's link does: the answer and the kernel for that day (over National Day 2024);
    a carrier nobody knows is said in the reader's language, not dropped in silence."""
    page, errors = open_marimo(browser, marimo_url + "?date=2024-09-30&carrier=nokia")
    day = dt.date(2024, 9, 30)
    assert all(d in page.locator(".cg-answer").inner_text() for d in dates(day))
    wait_kernel_line(page, f"date={day.isoformat()}")
    assert f"worst={workday_after(day, 4).isoformat()}" in kernel_line(page).inner_text()
    assert "nokia" in page.locator(".cg-problems").inner_text()
    assert errors == []
    page.close()


#: A field's four edges as computed, and the first opaque background behind the field (its parent's,
#: up through the shadow root to marimo's page).
EDGES = """el => {
  const s = getComputedStyle(el), opaque = (c) => !/^rgba\\(.*, 0\\)$|\\/ 0\\)$|^transparent$/.test(c);
  let box = el.parentElement || el.getRootNode().host, bg = null;
  while (box) { const c = getComputedStyle(box).backgroundColor; if (opaque(c)) { bg = c; break; }
    box = box.parentElement || (box.getRootNode() !== document ? box.getRootNode().host : null); }
  return {bg: bg || "rgb(255, 255, 255)", edges: ["top", "right", "bottom", "left"].map((side) => ({
    width: parseFloat(s.getPropertyValue(`border-${side}-width`)), style: s.getPropertyValue(`border-${side}-style`),
    colour: s.getPropertyValue(`border-${side}-color`)}))};
}"""

#: What the host's reset does to elements of the same kinds outside the module (in the widget's
#: shadow root, beside it): the premise of the test below.
RESET = """root => {
  const probe = document.createElement("div");
  probe.innerHTML = '<input type="number"><input type="date"><ul><li>x</li></ul>';
  root.getRootNode().appendChild(probe);
  const [number, date, ul] = probe.children, li = ul.firstElementChild;
  const out = {number: getComputedStyle(number).borderTopWidth, date: getComputedStyle(date).borderTopWidth,
               marker: getComputedStyle(li).listStyleType};
  probe.remove();
  return out;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_modules_fields_and_lists_hold_under_marimos_reset(browser, marimo_url, scheme):
    """marimo's Tailwind preflight (``* { border: 0 solid }``, ``ul { list-style: none }``) strips
    the browser's own field borders and bullets; the module's style sheet gives them back. Dark
    too: marimo's dark theme (``?theme=dark``: ``<body class="dark dark-theme" data-theme="dark">``)
    on a system that prefers dark, so the module's dark colours are in force whichever of the two
    it follows."""
    page, errors = open_marimo(browser, marimo_url + ("?theme=dark" if scheme == "dark" else ""), color_scheme=scheme)
    assert page.evaluate("document.body.dataset.theme") == scheme  # marimo's own theme, as asked
    reader = page.locator(".cg-reader")
    # The premise: here the host's reset strips a field's edge and a list's marker.
    assert reader.evaluate(RESET) == {"number": "0px", "date": "0px", "marker": "none"}

    fields = {"number": "input[type=number]", "date (jump to)": "input.cg-pick", "date (deadline)": "input.cg-by",
              "text (share link)": "input.cg-link"}
    for name, selector in fields.items():
        found = page.locator(f".cg-reader {selector}")
        assert found.count() >= 1, name
        for i in range(found.count()):
            seen = found.nth(i).evaluate(EDGES)
            for edge in seen["edges"]:
                assert edge["width"] >= 1 and edge["style"] not in ("none", "hidden"), (name, edge)
                assert contrast(edge["colour"], seen["bg"]) >= 3, (name, edge, seen["bg"])

    # The checklist (and every list the module writes but the chart's legend) keeps its markers,
    # with room for them to show.
    checklist = page.locator(".cg-reader .cg-checklist")
    assert checklist.locator("li").count() >= 3
    assert float(checklist.evaluate("el => getComputedStyle(el).paddingLeft").rstrip("px")) >= 16
    for li in checklist.locator("li").all():
        assert li.evaluate("el => [getComputedStyle(el).display, getComputedStyle(el).listStyleType]") == ["list-item", "disc"]
    assert page.locator(".cg-reader .cg-steps li").first.evaluate("el => getComputedStyle(el).listStyleType") == "decimal"
    # The headings keep their weight (the reset makes them inherit the text's).
    assert int(page.locator(".cg-reader h2").first.evaluate("el => getComputedStyle(el).fontWeight")) >= 600
    assert errors == []
    page.close()


#: Each visible text of the module's (headings, labels, the answer, notes) with its colour and the
#: first opaque background behind it, up through marimo's shadow root.
TEXTS = """root => [...root.querySelectorAll("h1, h2, h3, label, legend, .cg-answer, .cg-note, .cg-small, summary, th, td")]
  .filter((e) => e.getClientRects().length).slice(0, 60).map((e) => {
    const opaque = (c) => !/^rgba\\(.*, 0\\)$|\\/ 0\\)$|^transparent$/.test(c);
    let box = e, bg = null;
    while (box) { const c = getComputedStyle(box).backgroundColor; if (opaque(c)) { bg = c; break; }
      box = box.parentElement || (box.getRootNode() !== document ? box.getRootNode().host : null); }
    return {what: e.tagName + "." + e.className, text: getComputedStyle(e).color, bg: bg || "rgb(255, 255, 255)"};
  })"""


@pytest.mark.parametrize("theme,system", [("dark", "light"), ("light", "dark")])
def test_the_module_follows_marimos_own_theme_not_the_systems(browser, marimo_url, theme, system):
    """marimo's theme (``?theme=…``: ``<body data-theme>``) decides the module's scheme, whatever
    the system prefers: every text at 4.5:1 against the first opaque background behind it, the
    kernel's Plotly Gantt's plot area dark in the dark theme and white in the light one."""
    page, errors = open_marimo(browser, marimo_url + f"?theme={theme}", color_scheme=system)
    assert page.evaluate("document.body.dataset.theme") == theme
    reader = page.locator(".cg-reader")
    assert reader.get_attribute("data-cg-scheme") == theme
    low = [t for t in reader.evaluate(TEXTS) if contrast(t["text"], t["bg"]) < 4.5]
    assert low == [], low[:5]
    page.locator(".cg-reader .cg-chart").scroll_into_view_if_needed()
    page.locator(".cg-reader .cg-chart[data-drawn=plotly]").wait_for(timeout=60_000)
    plot_area = page.locator(".cg-reader .cg-plotly .bg").first.evaluate("el => getComputedStyle(el).fill")
    white = rgb(plot_area)[:3] == (255, 255, 255)
    assert white is (theme == "light"), plot_area
    assert errors == []
    page.close()
