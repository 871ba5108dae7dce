"""The kernel's round trip against the widget floor: the date slider to the kernel's new Plotly
Gantt on cardguide's Voilà page, beside ``floor.ipynb`` (an ipywidgets slider updating an HTML
widget: the least a widget round trip costs) on Voilà's lab template, alternating in each run, on
a desktop, unthrottled; key press to new figure by a wall clock around the browser. p50/p95 and
their ratio to the floor's, for each of several runs (the ratio's spread), and the redraw's split:
the kernel's compute (in this process), the bytes sent, ``Plotly.react`` in the page. Also the
domain's own speed (the year grid against a day-by-day loop; the latest day to submit)."""

from __future__ import annotations

import datetime as dt
import json
import statistics
import time

from .common import percentile

APP_DATE, APP_CARRIER = ".cg-reader .cg-date", ".cg-reader .cg-carrier"
KERNEL_KEY = "(document.querySelector('.cg-plotly') || {dataset: {}}).dataset.key"
FLOOR_SLIDER, FLOOR_OUT = ".cg-floor-slider .noUi-handle", "(document.querySelector('.cg-floor-out') || {}).textContent"
#: Wraps the page's Plotly.react: the time each redraw takes in the page.
REACT_CLOCK = """() => {
  const chart = document.querySelector('.cg-chart');
  const plotly = window.Plotly;
  if (!plotly || plotly.__timed) return !!plotly;
  const react = plotly.react.bind(plotly);
  window.__react = [];
  plotly.react = (...args) => { const t = performance.now(); const r = react(...args); window.__react.push(performance.now() - t); return r; };
  plotly.__timed = true;
  return !!chart;
}"""


def press_times(page, handle: str, probe: str, presses: int, stops: int = 0) -> list[float]:
    """Seconds from each key press on ``handle`` to ``probe`` (a JavaScript expression) giving a new
    value. With ``stops`` options the handle bounces between the ends (the carriers)."""
    target = page.locator(handle).first
    times = []
    for n in range(presses):
        key = "ArrowLeft" if (stops and (n // (stops - 1)) % 2) or (not stops and n % 2) else "ArrowRight"
        before = page.evaluate(f"() => {probe}")
        target.focus()
        start = time.perf_counter()
        page.keyboard.press(key)
        page.wait_for_function(f"(before) => ({probe}) !== before", arg=before, timeout=30_000, polling="raf")
        times.append(time.perf_counter() - start)
    return times


def open_cardguide(browser, url: str):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url, timeout=120_000)
    page.locator(".cg-chart").first.scroll_into_view_if_needed(timeout=120_000)
    page.wait_for_selector(".cg-chart[data-drawn=plotly]", timeout=120_000)
    page.wait_for_function("() => !!window.Plotly", timeout=60_000)
    page.evaluate(REACT_CLOCK)
    return page


def open_floor(browser, url: str):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url, timeout=120_000)
    page.wait_for_selector(".cg-floor-out b", timeout=120_000)
    return page


def summary(times: list[float]) -> dict:
    return {"p50_ms": statistics.median(times) * 1000, "p95_ms": percentile(times, 95) * 1000, "presses": len(times)}


def kernel_compute(presses: int) -> dict:
    """The kernel's own work per date change (plan, estimate, Gantt figure, traits), in this
    process with no page, and the figure's bytes as JSON (what crosses the socket)."""
    from cardguide.app import Dashboard

    app = Dashboard(today=dt.date(2026, 11, 25), submitted=dt.date(2026, 9, 28))
    day, times = dt.date(2026, 9, 28), []
    for n in range(presses):
        day += dt.timedelta(days=1 if n % 2 == 0 else -1)
        start = time.perf_counter()
        app.date = day.isoformat()
        times.append(time.perf_counter() - start)
    return {"p50_ms": statistics.median(times) * 1000, "p95_ms": percentile(times, 95) * 1000,
            "figure_kb": len(json.dumps(app.figure, separators=(",", ":"))) / 1024}


def year_grid_vs_loop(year: int = 2025, repeats: int = 5) -> dict:
    """Every submission day of ``year`` x every carrier x best/typical/worst, both ways."""
    from cardguide import carriers, estimate
    from cardguide.workdays import china_calendar
    from cardguide.yeargrid import year_grid

    china_calendar().busdaycalendar  # both paths share the built calendar
    profiles = list(carriers().values())
    days = [dt.date(year, 1, 1) + dt.timedelta(days=n) for n in range((dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days)]

    def grid():
        return [year_grid(year, c).completion for c in profiles]

    def loop():
        return [[estimate(d, c).scenarios for d in days] for c in profiles]

    timings = {"grid": [], "loop": []}
    for _ in range(repeats):
        for name, run in (("grid", grid), ("loop", loop)):
            start = time.perf_counter()
            run()
            timings[name].append(time.perf_counter() - start)
    grid_s, loop_s = statistics.median(timings["grid"]), statistics.median(timings["loop"])
    return {"cells": len(days) * len(profiles) * 3, "grid_ms": grid_s * 1000, "loop_ms": loop_s * 1000,
            "speedup": loop_s / grid_s}


def latest_vs_brute_force(year: int = 2026, repeats: int = 5) -> dict:
    """Every deadline of ``year`` (China Mobile): ``latest_submission`` against the definition,
    stepping back a day at a time through ``estimate`` until each scenario is done in time."""
    from cardguide import estimate, get_carrier
    from cardguide.deadline import latest_submission

    carrier = get_carrier("china-mobile")  # resolved once: both paths time the dates, not the file
    deadlines = [dt.date(year, 1, 1) + dt.timedelta(days=n) for n in range((dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days)]

    def direct():
        return [latest_submission(d, carrier).days for d in deadlines]

    def brute():
        answers = []
        for deadline in deadlines:
            found, day = [None, None, None], deadline
            while None in found:
                for i, scenario in enumerate(estimate(day, carrier).scenarios):
                    if found[i] is None and scenario.completion <= deadline:
                        found[i] = day
                day -= dt.timedelta(days=1)
            answers.append(tuple(found))
        return answers

    assert direct() == brute()  # the same answers, or the timing means nothing
    timings = {"direct": [], "brute": []}
    for _ in range(repeats):
        for name, run in (("direct", direct), ("brute", brute)):
            start = time.perf_counter()
            run()
            timings[name].append(time.perf_counter() - start)
    direct_s, brute_s = statistics.median(timings["direct"]), statistics.median(timings["brute"])
    return {"deadlines": len(deadlines), "direct_ms": direct_s * 1000, "brute_ms": brute_s * 1000,
            "speedup": brute_s / direct_s}


def measure(browser, cardguide_url: str, floor_url: str, *, runs: int, presses: int, ready) -> dict:
    """``runs`` runs, each ``presses`` on cardguide's page then on the floor (``ready()`` first:
    a preheated kernel, a quiet machine)."""
    result = {"runs": [], "carrier": None}
    for n in range(runs):
        ready()
        page = open_cardguide(browser, cardguide_url)
        ready(taken=0)
        app = press_times(page, APP_DATE, KERNEL_KEY, presses)
        react = page.evaluate("() => window.__react || []")
        if n == 0:
            result["carrier"] = summary(press_times(page, APP_CARRIER, KERNEL_KEY, max(4, presses // 4), stops=5))
            from servers import kernel_pid, rss_mb

            result["kernel_mb"] = rss_mb(kernel_pid(page.content()))
        page.close()
        page = open_floor(browser, floor_url)
        floor = press_times(page, FLOOR_SLIDER, FLOOR_OUT, presses)
        page.close()
        one = {"app": summary(app), "floor": summary(floor),
               "react_p50_ms": statistics.median(react) if react else None,
               "react_p95_ms": percentile(react, 95) if react else None}
        one["p95_ratio"] = one["app"]["p95_ms"] / one["floor"]["p95_ms"]
        one["p50_ratio"] = one["app"]["p50_ms"] / one["floor"]["p50_ms"]
        result["runs"].append(one)
    result["kernel"] = kernel_compute(max(10, presses))
    result["year_grid"] = year_grid_vs_loop(repeats=1 if presses < 20 else 5)
    result["latest"] = latest_vs_brute_force(repeats=1 if presses < 20 else 5)
    return result
