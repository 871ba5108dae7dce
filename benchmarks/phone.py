"""The throttled phone (390 px, touch; 150 ms round trips, 1.6 Mbit/s, CPU 4x), as a reader meets
each page from the link, every time by the page's own clock (``performance.now()``, from the
navigation):

- the answer shown (``.cg-answer b`` in the DOM);
- the first date change answered: ArrowRight on the date slider from the moment the answer shows
  and every 250 ms until one is answered (a press with no slider to take it is a press lost);
- then a change a second until 25 s: each tap's wait for its new answer, taps unanswered, INP
  (Event Timing's longest interaction), the longest task in the first 5 s;
- then the reader scrolls to the chart: the kernel's Plotly Gantt drawn, from the scroll, and the
  longest task from the scroll on (plotly.js running)."""

from __future__ import annotations

import contextlib
import time

from .common import throttled_phone

#: Installed before the page's own scripts: the clock of everything above.
RECORDER = """
(() => {
  const cg = window.__cg = {answer: null, first: null, base: null, key: null, waits: [], events: [], long: [],
                             drawn: null, scrolled: null, presses: 0};
  const text = () => { const a = document.querySelector(".cg-answer"); return a ? a.innerText : null; };
  addEventListener("keydown", () => {
    cg.presses += 1;
    if (cg.base === null) cg.base = text();
    if (cg.key === null) cg.key = performance.now();
  }, true);
  let last = null;
  new MutationObserver(() => {
    const now = performance.now();
    if (cg.answer === null && document.querySelector(".cg-answer b")) { cg.answer = now; last = text(); }
    if (cg.drawn === null && document.querySelector(".cg-chart[data-drawn=plotly]")) cg.drawn = now;
    if (cg.key === null || cg.base === null) return;
    const seen = text();
    if (seen !== null && seen !== last && seen !== cg.base) {
      if (cg.first === null) cg.first = now;
      cg.waits.push(now - cg.key); cg.key = null; last = seen; cg.base = seen;
    }
  }).observe(document, {subtree: true, childList: true, characterData: true, attributes: true,
                        attributeFilter: ["data-drawn"]});
  new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.interactionId) cg.events.push(e.duration); })
    .observe({type: "event", durationThreshold: 16, buffered: true});
  new PerformanceObserver((list) => { for (const e of list.getEntries()) cg.long.push([e.startTime, e.duration]); })
    .observe({type: "longtask", buffered: true});
})();
"""


def _press(page) -> bool:
    """ArrowRight on the date slider, if the page has one to press."""
    with contextlib.suppress(Exception):
        if page.query_selector(".cg-date"):
            page.focus(".cg-date", timeout=100)
            page.keyboard.press("ArrowRight")
            return True
    return False


def visit(browser, url: str, *, kernel: bool, changes_until_s: float = 25) -> dict:
    """One load of ``url`` on a fresh throttled phone (cold cache), as the module docstring says."""
    ctx, page = throttled_phone(browser)
    page.add_init_script(RECORDER)
    start = time.monotonic()
    page.goto(url, wait_until="commit", timeout=120_000)
    page.wait_for_selector(".cg-answer b", timeout=120_000)
    early = 0
    while page.evaluate("() => window.__cg.first") is None and time.monotonic() - start < 60:
        tick = time.monotonic()
        early += 1
        _press(page)
        time.sleep(max(0.0, 0.25 - (time.monotonic() - tick)))
    first_waits = len(page.evaluate("() => window.__cg.waits"))
    taps = 0
    clock = lambda: page.evaluate("() => performance.now()") / 1000  # noqa: E731
    while clock() < changes_until_s:
        tick = time.monotonic()
        if _press(page):
            taps += 1
        time.sleep(max(0.0, 1 - (time.monotonic() - tick)))
    time.sleep(1)
    cg = page.evaluate("() => window.__cg")
    result = {
        "answer_s": cg["answer"] / 1000, "first_change_s": cg["first"] / 1000 if cg["first"] else None,
        "early_presses": early, "taps": taps, "unanswered": taps - (len(cg["waits"]) - first_waits),
        "longest_wait_ms": max(cg["waits"][first_waits:] or [0]), "inp_ms": max(cg["events"] or [0]),
        "longest_task_first_5s_ms": max([d for t, d in cg["long"] if t < 5000] or [0]),
    }
    if kernel:
        scrolled = page.evaluate("() => { document.querySelector('.cg-chart').scrollIntoView(); return performance.now(); }")
        page.wait_for_selector(".cg-chart[data-drawn=plotly]", timeout=120_000)
        page.wait_for_timeout(1000)
        cg = page.evaluate("() => window.__cg")
        result["plotly_from_scroll_s"] = (cg["drawn"] - scrolled) / 1000
        result["longest_task_from_scroll_ms"] = max([d for t, d in cg["long"] if t >= scrolled] or [0])
    ctx.close()
    return result
