"""One module in every host (issue 33): the module against anywidget's front-end contract on a
page of its own (two instances, a host's model, the kernel's chart), in JupyterLab, and in Voilà's
own lab template, through Voilà's stock front end and anywidget's extension. cardguide's Voilà
page and the reader's page have their own files (test_browser, test_reader_page).

Expected dates come from chinese-calendar (conftest.workday_after), never from the estimator.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys

import pytest

from cardguide.site import write_site
from conftest import (ARTIFACTS, COLOURS, ROOT, china_mobile_dates as dates, contrast, execute_in_lab, kernel_gantt_contrast,
                      keys_reach_the_controls, luminance, open_page, plotly_review, rgb, run_all, wait_review, workday_after)
from pages import carrier_name, choose_carrier
from servers import TODAY, free_port, isolated_env, jupyterlab, running, serve_static

pytestmark = pytest.mark.browser

PLOTLY = ROOT / "cardguide" / "jupyter" / "voila" / "templates" / "cardguide" / "static" / "plotly-basic.min.js"


def review_days(day: dt.date, worst: int = 3) -> list[str]:
    """The Plotly Gantt's review row, best to worst: working days 1..``worst`` after the first
    handling (China Mobile's 3; China Broadnet's 4)."""
    return [workday_after(day, n).isoformat() for n in range(1, worst + 1)]


# ---- the contract, on a page of its own ----------------------------------------------------

#: A host in a few lines, as marimo's or a test's: a model with anywidget's contract (get, set,
#: on/off with `change:key` and `msg:custom`, save_changes, send) and the module's `render`.
HOST = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="stylesheet" href="ASSETS/reader.css"></head>
<body><div id="one"></div><div id="two"></div><script type="module">
import widget from "./ASSETS/widget.js";
class Model {
  constructor(state) { this.state = state; this.handlers = {}; this.saved = []; this.sent = []; }
  get(key) { return this.state[key]; }
  set(key, value) { this.state[key] = value; this.changed = [...(this.changed || []), key]; }
  on(name, fn) { (this.handlers[name] = this.handlers[name] || []).push(fn); }
  off(name, fn) { this.handlers[name] = (this.handlers[name] || []).filter((f) => f !== fn); }
  save_changes() { this.saved.push(Object.fromEntries((this.changed || []).map((k) => [k, this.state[k]]))); this.changed = []; }
  send(content) {
    this.sent.push(content);
    if (content && content.need === "plotly") fetch("plotly-basic.min.js").then((r) => r.text()).then((code) => this.push({ _plotly_js: code }));
  }
  push(changes) {  // a change from the other side (the kernel): set, then announce
    Object.assign(this.state, changes);
    for (const key of Object.keys(changes)) for (const fn of this.handlers[`change:${key}`] || []) fn(this, changes[key]);
  }
}
// A kernel host gets the whole bundle (app.Dashboard's trait): the two files a page fetches, joined.
const bundle = Object.assign(await (await fetch("ASSETS/data.json")).json(), await (await fetch("ASSETS/more.json")).json());
const state = (date) => ({ date, carrier: "china-mobile", remote: false, review: {}, deadline: "", lang: "zh",
  holder: "personal", today: "2026-09-28", first: "2025-01-01", last: "2027-12-31", problems: [], bundle, figure: {} });
window.models = [new Model(state("2026-09-29")), new Model(state("2026-06-01"))];
window.cleanups = await Promise.all([
  widget.render({ model: window.models[0], el: document.getElementById("one") }),
  widget.render({ model: window.models[1], el: document.getElementById("two") }),
]);
window.hostReady = true;
</script></body></html>"""


@pytest.fixture(scope="module")
def host_page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("host")
    write_site(folder, built=dt.date(2026, 9, 28))
    assets = next((folder / "v").iterdir()).relative_to(folder).as_posix()
    (folder / "host.html").write_text(HOST.replace("ASSETS", assets), "utf-8")
    shutil.copyfile(PLOTLY, folder / "plotly-basic.min.js")
    with serve_static(folder) as url:
        yield url + "host.html"


def test_two_instances_on_one_page_share_nothing_and_follow_their_own_model(browser, host_page):
    page, _ = open_page(browser, None, locale=None, viewport={"width": 1000, "height": 900})
    page.goto(host_page)
    page.wait_for_function("() => window.hostReady && document.querySelectorAll('.cg-reader.cg-widget[data-ready]').length === 2",
                           timeout=20_000)
    one, two = page.locator("#one .cg-reader"), page.locator("#two .cg-reader")
    ids = page.evaluate("[...document.querySelectorAll('[id]')].map((n) => n.id)")
    assert len(ids) == len(set(ids)) and len(ids) > 12  # every id once: none shared between the two
    for root, day in ((one, dt.date(2026, 9, 29)), (two, dt.date(2026, 6, 1))):
        assert all(d in root.locator(".cg-answer").inner_text() for d in dates(day))
    # A page it does not own: neither the title nor the address is the module's to change.
    assert page.title() == "" and page.url == host_page

    # The reader moves the first: its model gets the day, saved; the second stays.
    one.locator(".cg-date").focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("window.models[0].state.date") == "2026-09-30"
    assert page.evaluate("window.models[0].saved.at(-1)")["date"] == "2026-09-30"
    assert all(d in one.locator(".cg-answer").inner_text() for d in dates(dt.date(2026, 9, 30)))
    assert page.evaluate("window.models[1].saved") == [] and dates(dt.date(2026, 6, 1))[1] in two.locator(".cg-answer").inner_text()
    # The carrier slider, one arrow key: one step, saved once (the slider answers `input`).
    saves = page.evaluate("window.models[0].saved.length")
    choose_carrier(one, "china-unicom")
    assert page.evaluate("window.models[0].state.carrier") == "china-unicom"
    assert page.evaluate("window.models[0].saved.length") == saves + 1
    assert page.evaluate("window.models[0].saved.at(-1)")["carrier"] == "china-unicom"

    # The other side sets the second's keys (as Python does): it redraws, and saves nothing back.
    page.evaluate("window.models[1].push({date: '2024-09-30', lang: 'en'})")
    page.wait_for_function("() => document.querySelector('#two .cg-answer').innerText.includes('Sep 30, 2024')", timeout=5_000)
    assert "Wed, Oct 9, 2024" in two.locator(".cg-answer").inner_text()  # 2024-09-30 + National Day
    assert two.get_attribute("lang") == "en" and one.get_attribute("lang") == "zh-CN"
    assert page.evaluate("window.models[1].saved") == []

    # The kernel's chart: a figure for the choice on screen is drawn with plotly.js (asked of the
    # host: no such file on this page), in the SVG's box; a figure for another choice is not.
    figure = {"data": [{"type": "bar", "orientation": "h", "y": ["a"], "base": ["2024-10-08"], "x": [86400000]}],
              "layout": {"xaxis": {"type": "date"}}, "key": "2024-09-30|china-mobile|0|1,2,3|en"}
    box = page.evaluate("document.querySelector('#two .cg-plotbox').getBoundingClientRect().height")
    two.locator(".cg-chart").scroll_into_view_if_needed()  # plotly.js loads once the chart is near the screen
    page.evaluate("f => window.models[1].push({figure: {...f, key: 'another'}})", figure)
    page.wait_for_function("() => window.Plotly", timeout=20_000)
    page.wait_for_timeout(500)
    assert two.locator(".cg-chart").get_attribute("data-drawn") == "svg"
    page.evaluate("f => window.models[1].push({figure: f})", figure)
    page.wait_for_selector("#two .cg-chart[data-drawn=plotly]", timeout=20_000)
    assert page.evaluate("window.models[1].sent").count({"need": "plotly"}) == 1
    assert page.evaluate("document.querySelector('#two .cg-plotly').data[0].base") == ["2024-10-08"]
    assert page.evaluate("document.querySelector('#two .cg-plotbox').getBoundingClientRect().height") == box
    assert one.locator(".cg-chart").get_attribute("data-drawn") == "svg"  # the first has no figure

    # A view's cleanup leaves its model: later changes reach no listener of that view.
    page.evaluate("window.cleanups[1]()")
    page.evaluate("window.models[1].push({date: '2024-06-03'})")
    page.wait_for_timeout(300)
    assert "Jun" not in two.locator(".cg-answer").inner_text()
    assert page.errors == []
    page.close()


def test_the_module_follows_a_hosts_theme_attribute_live_and_the_phone_without_one(browser, host_page):
    """marimo says its theme (its own setting or the system's, resolved) as ``data-theme`` on the
    body (frontend/src/theme/ThemeProvider.tsx); JupyterLab's attribute is held by the JupyterLab
    and Voilà tests below. On the contract's page: dark when the host says dark though the system
    is light, light when it says light though the system is dark, followed as it switches; with
    no host theme, the system's setting."""
    page, errors = open_page(browser, None, locale=None, viewport={"width": 1000, "height": 900}, color_scheme="light")
    page.goto(host_page)
    page.wait_for_function("() => window.hostReady && document.querySelectorAll('.cg-reader.cg-widget[data-ready]').length === 2",
                           timeout=20_000)
    answers = "[...document.querySelectorAll('.cg-reader .cg-answer')]"
    ink = f"want => {answers}.every((a) => getComputedStyle(a).color === want)"

    def backgrounds() -> list[str]:
        return [c["bg"] for c in page.evaluate(COLOURS, ".cg-reader .cg-answer")]

    assert all(luminance(rgb(bg)) > 0.9 for bg in backgrounds())  # no host theme, a light system
    page.evaluate("document.body.dataset.theme = 'dark'")
    page.wait_for_function(ink, arg="rgb(230, 230, 230)", timeout=5_000)
    assert all(luminance(rgb(bg)) < 0.05 for bg in backgrounds())
    page.emulate_media(color_scheme="dark")
    page.evaluate("document.body.dataset.theme = 'light'")
    page.wait_for_function(ink, arg="rgb(26, 26, 26)", timeout=5_000)
    assert all(luminance(rgb(bg)) > 0.9 for bg in backgrounds())
    page.evaluate("delete document.body.dataset.theme")  # no host theme again: the system's dark
    page.wait_for_function(ink, arg="rgb(230, 230, 230)", timeout=5_000)
    for c in page.evaluate(COLOURS, ".cg-reader .cg-answer, .cg-reader h2, .cg-reader label"):
        assert contrast(c["text"], c["bg"]) >= 4.5, c
    assert errors == []
    page.close()


# ---- the kernel hosts ------------------------------------------------------------------------

NOTEBOOK = {
    "cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ["import datetime as dt\n", "from cardguide import Dashboard\n", "app = Dashboard(today=dt.date(2026, 9, 28), submitted=dt.date(2026, 9, 29))"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": ["app"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": ["app"]},
    ],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5,
}


def test_jupyterlab_shows_the_module_twice_over_one_model_with_the_kernels_gantt(browser, tmp_path):
    root = tmp_path / "notebooks"
    root.mkdir()
    (root / "two.ipynb").write_text(json.dumps(NOTEBOOK), "utf-8")
    with jupyterlab(tmp_path, root) as (url, _):
        page, _ = open_page(browser, None, locale=None, viewport={"width": 1400, "height": 1000})
        page.goto(url + "lab/tree/two.ipynb")
        page.wait_for_selector(".jp-Notebook", timeout=90_000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
        run_all(page)
        page.wait_for_function("() => document.querySelectorAll('.cg-reader.cg-widget[data-ready]').length === 2", timeout=120_000)
        views = page.locator(".cg-reader.cg-widget")
        first, second = views.nth(0), views.nth(1)
        assert all(d in first.locator(".cg-answer").inner_text() for d in dates(dt.date(2026, 9, 29)))
        ids = page.evaluate("[...document.querySelectorAll('.cg-reader [id]')].map((n) => n.id)")
        assert len(ids) == len(set(ids))
        # The kernel's Plotly Gantt, plotly.js from the kernel (JupyterLab has no cardguide route).
        first.locator(".cg-chart").scroll_into_view_if_needed()
        page.wait_for_function("() => document.querySelectorAll('.cg-chart[data-drawn=plotly]').length >= 1", timeout=60_000)
        # The reader moves the first view's date from the keyboard (the key is the slider's, not a
        # notebook shortcut; the year view's and a number field's keys are theirs too): the
        # kernel's chart for the new day, in both views.
        keys_reach_the_controls(page, first, dt.date(2026, 9, 29))
        second.locator(".cg-chart").scroll_into_view_if_needed()
        page.wait_for_function("() => document.querySelectorAll('.cg-chart[data-drawn=plotly]').length === 2", timeout=60_000)
        wait_review(page, review_days(dt.date(2026, 9, 30)), 2)
        assert plotly_review(page, 0) == plotly_review(page, 1) == review_days(dt.date(2026, 9, 30))
        assert all(d in second.locator(".cg-answer").inner_text() for d in dates(dt.date(2026, 9, 30)))
        # The second view's carrier slider, from the keyboard (three stops: China Broadnet, 1/2/4):
        # the kernel's `carrier` follows and its Gantt redraws in both views.
        choose_carrier(second, "china-broadnet")
        wait_review(page, review_days(dt.date(2026, 9, 30), worst=4), 2)
        assert first.locator(".cg-carrier").get_attribute("aria-valuetext") == carrier_name("china-broadnet", "zh")
        reply = execute_in_lab(url, "assert app.carrier == 'china-broadnet', app.carrier")
        assert reply["status"] == "ok", reply
        choose_carrier(second, "china-mobile")  # back by three stops: Telecom and Unicom review as Mobile does
        page.wait_for_function("[...document.querySelectorAll('.cg-plotly')].every((p) => (p.dataset.key || '').includes('|china-mobile|'))",
                               timeout=30_000)  # the kernel's Gantt for the last stop, not one on the way
        wait_review(page, review_days(dt.date(2026, 9, 30)), 2)
        # Python drives it: the trait set in the kernel redraws both views.
        reply = execute_in_lab(url, "app.date = dt.date(2024, 9, 30); print(app.plan.estimate.worst.completion)")
        assert reply["status"] == "ok"
        page.wait_for_function("[...document.querySelectorAll('.cg-answer')].every((a) => a.innerText.includes('2024年9月30日'))",
                               timeout=30_000)
        assert all(d in first.locator(".cg-answer").inner_text() for d in dates(dt.date(2024, 9, 30)))
        wait_review(page, review_days(dt.date(2024, 9, 30)), 2)
        assert plotly_review(page, 0) == plotly_review(page, 1) == review_days(dt.date(2024, 9, 30))
        # A page it does not own: JupyterLab's title and address stay JupyterLab's.
        assert "2024" not in page.title() and "date=" not in page.url
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "jupyterlab.png"))
        assert page.errors == []
        page.close()


def test_voilas_own_lab_template_shows_the_module_and_the_kernels_gantt(browser, tmp_path):
    """`voila notebooks/dashboard.ipynb`, no cardguide template or settings: Voilà's stock front end
    renders the widget through anywidget's extension, and the sliders redraw the kernel's Gantt."""
    port = free_port()
    notebook = tmp_path / "dashboard.ipynb"
    shutil.copyfile(ROOT / "notebooks" / "dashboard.ipynb", notebook)
    args = [sys.executable, "-m", "voila", str(notebook), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"]
    url = f"http://127.0.0.1:{port}/"
    with running(args, isolated_env(tmp_path), url + "voila/static/voila.js", tmp_path / "voila.log"):
        page, _ = open_page(browser, None, locale=None, viewport={"width": 1280, "height": 900})
        page.goto(url, timeout=120_000)
        page.wait_for_selector(".cg-reader.cg-widget[data-ready]", timeout=120_000)
        assert page.locator(".cg-reader").count() == 1  # no first paint here: the widget is the page
        today = TODAY  # servers.isolated_env's CARDGUIDE_TODAY
        assert all(d in page.inner_text(".cg-answer") for d in dates(today))
        page.locator(".cg-chart").scroll_into_view_if_needed()
        page.wait_for_selector(".cg-chart[data-drawn=plotly]", timeout=60_000)
        assert plotly_review(page) == review_days(today)
        page.locator(".cg-date").focus()
        page.keyboard.press("ArrowRight")
        choose_carrier(page, "china-unicom")
        day = today + dt.timedelta(days=1)
        wait_review(page, review_days(day))
        page.wait_for_function("() => document.querySelector('.cg-chart-title').textContent.includes('中国联通')", timeout=30_000)
        assert plotly_review(page) == review_days(day)
        assert page.evaluate("document.querySelector('.cg-plotly').data[1].y[0]")  # rows named, from Python
        assert page.errors == []
        page.close()


# ---- each host's theme (issue 41, part 5) ----------------------------------------------------

#: The module's texts whose contrast is measured in a host's theme: headings, the answer, notes,
#: labels, legends, links, the year view's and the chart's words (SVG text by its fill).
TEXTS = ("h1", "h2", "h3", ".cg-answer", ".cg-answer b", ".cg-notes", ".cg-note", ".cg-small", "label", "legend",
         "a", "summary", ".cg-year-title", ".cg-month-name", ".cg-wd", ".cg-chart-title", ".cg-legend li")


def faint_texts(page) -> list[dict]:
    """The module's texts below 4.5:1 against the first opaque background behind each."""
    faint = []
    for sel in TEXTS:
        for c in page.evaluate(COLOURS, ".cg-reader.cg-widget " + sel):
            if contrast(c["text"], c["bg"]) < 4.5:
                faint.append({"sel": sel, **c})
    return faint


def module_background(page) -> str:
    """The first opaque background behind the module's answer."""
    return page.evaluate(COLOURS, ".cg-reader.cg-widget .cg-answer")[0]["bg"]


def plot_area(page) -> str:
    """The kernel's Plotly Gantt's plot area as drawn: its fill, or "none" if it is transparent."""
    fill, opacity = page.evaluate("(s => [s.fill, s.fillOpacity])(getComputedStyle(document.querySelector('.cg-plotly .bg')))")
    return "none" if rgb(fill)[3] == 0 or float(opacity) == 0 else fill


ONE_VIEW = {**NOTEBOOK, "cells": NOTEBOOK["cells"][:2]}
THEME_MENU = ("Settings", "Theme")


def test_jupyterlab_dark_and_light_the_module_follows_the_hosts_theme_not_the_systems(browser, tmp_path):
    """JupyterLab Dark (the user's saved setting) with the system light: the module dark, its
    texts 4.5:1, the kernel's Gantt's bars 3:1 and ticks 4.5:1 on a plot area that is not white.
    Then the system dark and JupyterLab switched to Light: the module follows at once, light."""
    root = tmp_path / "notebooks"
    root.mkdir()
    (root / "one.ipynb").write_text(json.dumps(ONE_VIEW), "utf-8")
    dark = {"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"}}
    with jupyterlab(tmp_path, root, settings=dark) as (url, _):
        page, errors = open_page(browser, None, locale=None, viewport={"width": 1280, "height": 900}, color_scheme="light")
        page.goto(url + "lab/tree/one.ipynb")
        page.wait_for_selector("body[data-jp-theme-light='false']", state="attached", timeout=90_000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
        run_all(page)
        page.wait_for_selector(".cg-reader.cg-widget[data-ready]", timeout=120_000)
        view = page.locator(".cg-reader.cg-widget")
        assert all(d in view.locator(".cg-answer").inner_text() for d in dates(dt.date(2026, 9, 29)))
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "jupyterlab-dark.png"))
        assert luminance(rgb(module_background(page))) < 0.05, module_background(page)
        assert faint_texts(page) == []
        view.locator(".cg-chart").scroll_into_view_if_needed()
        page.wait_for_selector(".cg-chart[data-drawn=plotly]", timeout=60_000)
        page.screenshot(path=str(ARTIFACTS / "jupyterlab-dark-chart.png"))
        bg, faint_bars, faint_ticks = kernel_gantt_contrast(page)
        assert luminance(rgb(bg)) < 0.05 and (faint_bars, faint_ticks) == ([], []), bg
        assert plot_area(page) == "none" or luminance(rgb(plot_area(page))) < 0.05, plot_area(page)

        # The system turns dark and the reader picks JupyterLab Light: the module is light.
        page.emulate_media(color_scheme="dark")
        page.locator(".lm-MenuBar-itemLabel", has_text=THEME_MENU[0]).first.click()
        page.locator(".lm-Menu-itemLabel", has_text=THEME_MENU[1]).first.hover()
        page.locator(".lm-Menu-itemLabel", has_text="JupyterLab Light").first.click()
        page.wait_for_selector("body[data-jp-theme-light='true']", state="attached", timeout=30_000)
        page.wait_for_function("() => getComputedStyle(document.querySelector('.cg-reader.cg-widget .cg-answer')).color === 'rgb(26, 26, 26)'",
                               timeout=10_000)
        page.wait_for_function("(s => s.fill === 'rgb(255, 255, 255)')(getComputedStyle(document.querySelector('.cg-plotly .bg')))",
                               timeout=10_000)
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
        assert luminance(rgb(module_background(page))) > 0.9, module_background(page)
        assert faint_texts(page) == []
        bg, faint_bars, faint_ticks = kernel_gantt_contrast(page)
        assert plot_area(page) == "rgb(255, 255, 255)" and (faint_bars, faint_ticks) == ([], []), bg
        page.screenshot(path=str(ARTIFACTS / "jupyterlab-light-chart.png"))
        view.locator(".cg-answer").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "jupyterlab-light.png"))
        assert errors == []
        page.close()


def test_voilas_own_lab_template_with_its_dark_theme(browser, tmp_path):
    """`voila --theme=dark` (Voilà's lab template, its body `data-jp-theme-light="false"`) with the
    system light: the module dark, its texts 4.5:1, the kernel's Gantt not white."""
    port = free_port()
    notebook = tmp_path / "dashboard.ipynb"
    shutil.copyfile(ROOT / "notebooks" / "dashboard.ipynb", notebook)
    args = [sys.executable, "-m", "voila", str(notebook), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
            "--theme=dark"]
    url = f"http://127.0.0.1:{port}/"
    with running(args, isolated_env(tmp_path), url + "voila/static/voila.js", tmp_path / "voila.log"):
        page, errors = open_page(browser, None, locale=None, viewport={"width": 1280, "height": 900}, color_scheme="light")
        page.goto(url, timeout=120_000)
        page.wait_for_selector(".cg-reader.cg-widget[data-ready]", timeout=120_000)
        assert page.get_attribute("body", "data-jp-theme-light") == "false"
        assert all(d in page.inner_text(".cg-answer") for d in dates(TODAY))
        assert luminance(rgb(module_background(page))) < 0.05, module_background(page)
        assert faint_texts(page) == []
        page.locator(".cg-chart").scroll_into_view_if_needed()
        page.wait_for_selector(".cg-chart[data-drawn=plotly]", timeout=60_000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "voila-lab-dark.png"))
        bg, faint_bars, faint_ticks = kernel_gantt_contrast(page)
        assert luminance(rgb(bg)) < 0.05 and (faint_bars, faint_ticks) == ([], []), bg
        assert plot_area(page) == "none" or luminance(rgb(plot_area(page))) < 0.05, plot_area(page)
        assert errors == []
        page.close()
