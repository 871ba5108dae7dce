"""The throttled phone (390 px, touch; 150 ms round trips, 1.6 Mbit/s, CPU 4x), as a reader meets
each page from the link, every time by the page's own clock (``performance.now()``, from the
navigation):

- the answer shown (``.cg-answer b`` in the DOM);
- the first date change answered: ArrowRight every 250 ms from the navigation on, on the date
  slider once there is one (the finger rests on it: a tap focuses it), sent without asking the
  page anything first (a finger does not wait for the page); a press with no slider to take it is
  lost, one the page's own slider takes is the page's to keep; the time is when the answer for a
  day the presses moved to appears (one for the link's own day would be every press lost);
- then a change a second until 25 s: each tap's wait for its new answer, taps unanswered, INP
  (Event Timing's longest interaction) over those changes and over the whole visit (the presses
  while the page boots too), the longest task in the first 5 s;
- then the reader scrolls to the chart: the kernel's Plotly Gantt drawn, from the scroll, and the
  longest task from the scroll on (plotly.js running)."""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from urllib.parse import parse_qs, urlparse

from cardguide.i18n import long_date

from .common import throttled_phone

#: Installed before the page's own scripts: the clock of everything above.
RECORDER = """
(() => {
  const cg = window.__cg = {answer: null, first: null, base: null, key: null, waits: [], events: [], long: [],
                             drawn: null, scrolled: null, presses: 0, early: null, day: null, hold: true};
  const text = () => { const a = document.querySelector(".cg-answer"); return a ? a.innerText : null; };
  // A key press counts when the date slider takes it (one before the page has a slider is lost).
  addEventListener("keydown", (e) => {
    if (!e.target || !e.target.classList || !e.target.classList.contains("cg-date")) return;
    cg.presses += 1;
    if (cg.base === null) cg.base = text();
    if (cg.key === null) cg.key = performance.now();
  }, true);
  let last = null;
  new MutationObserver(() => {
    const now = performance.now();
    // The finger rests on the date slider from the moment there is one (a tap focuses it), until
    // the first change is answered: the page's own slider first, then the module's.
    const slider = cg.hold && document.querySelector(".cg-date");
    if (slider && document.activeElement !== slider) slider.focus();
    if (cg.answer === null && document.querySelector(".cg-answer b")) { cg.answer = now; last = text(); }
    if (cg.drawn === null && document.querySelector(".cg-chart[data-drawn=plotly]")) cg.drawn = now;
    if (cg.key === null || cg.base === null) return;
    const seen = text();
    if (seen !== null && seen !== last && seen !== cg.base) {
      if (cg.first === null) {  // and the day it answers for (the benchmark checks it is not the link's)
        const out = document.querySelector(".cg-date-out");
        cg.first = now; cg.early = cg.presses; cg.day = out ? out.textContent : null; cg.hold = false;
      }
      cg.waits.push(now - cg.key); cg.key = null; last = seen; cg.base = seen;
    }
  }).observe(document, {subtree: true, childList: true, characterData: true, attributes: true,
                        attributeFilter: ["data-drawn"]});
  new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.interactionId) cg.events.push([e.startTime, e.duration]); })
    .observe({type: "event", durationThreshold: 16, buffered: true});
  new PerformanceObserver((list) => { for (const e of list.getEntries()) cg.long.push([e.startTime, e.duration]); })
    .observe({type: "longtask", buffered: true});
})();
"""


class Finger:
    """Presses as a reader does, through the DevTools protocol alone: a trusted ArrowRight
    (``Input.dispatchKeyEvent``) to the focused slider. Playwright's selector calls
    (``wait_for_selector``, ``focus``, ``query_selector``) first inject and compile its own script
    in the page, and an evaluation waits behind the page's tasks: at 4x CPU the old protocol's first
    press came at 1.4-1.7 s (measured) with the Voilà page's slider there since 0.45-0.59 s."""

    def __init__(self, page):
        self.cdp = page.context.new_cdp_session(page)

    def value(self, expression: str):
        """``expression`` evaluated in the page (its main world), by value."""
        reply = self.cdp.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        return reply.get("result", {}).get("value")

    def key(self) -> None:
        """A trusted ArrowRight to whatever has the focus: nothing asked of the page first."""
        for kind in ("rawKeyDown", "keyUp"):
            self.cdp.send("Input.dispatchKeyEvent", {"type": kind, "key": "ArrowRight", "code": "ArrowRight",
                                                     "windowsVirtualKeyCode": 39, "nativeVirtualKeyCode": 39})

    def press(self) -> bool:
        """ArrowRight on the date slider, if the page has one to press."""
        with contextlib.suppress(Exception):
            if self.value("(() => { const s = document.querySelector('.cg-date'); if (!s) return false;"
                          " if (document.activeElement !== s) s.focus(); return true; })()"):
                self.key()
                return True
        return False


def visit(browser, url: str, *, kernel: bool, changes_until_s: float = 25) -> dict:
    """One load of ``url`` on a fresh throttled phone (cold cache), as the module docstring says."""
    ctx, page = throttled_phone(browser)
    page.add_init_script(RECORDER)
    start = time.monotonic()
    finger = Finger(page)
    page.goto(url, wait_until="commit", timeout=120_000)
    # A press every 250 ms from the navigation on, sent without asking the page anything first (a
    # finger does not wait for the page): one before there is a slider is lost, one the page's own
    # slider takes is the page's to keep. The page is asked whether one was answered only between
    # presses after the first 2.5 s (an answer it gives sooner is timed by the page all the same).
    while time.monotonic() - start < 60:
        tick = time.monotonic()
        finger.key()
        if tick - start > 2.5 and finger.value("window.__cg.first") is not None:
            break
        time.sleep(max(0.0, 0.25 - (time.monotonic() - tick)))
    first_waits = len(page.evaluate("() => window.__cg.waits"))
    changes_from = finger.value("performance.now()")
    taps = 0
    clock = lambda: finger.value("performance.now()") / 1000  # noqa: E731
    while clock() < changes_until_s:
        tick = time.monotonic()
        if finger.press():
            taps += 1
        time.sleep(max(0.0, 1 - (time.monotonic() - tick)))
    time.sleep(1)
    cg = page.evaluate("() => window.__cg")
    # The first answer must be for a day the presses moved to: one for the link's own day would be
    # the module's first answer with every press lost.
    linked = parse_qs(urlparse(url).query).get("date")
    lost = bool(linked) and cg["day"] == long_date(dt.date.fromisoformat(linked[0]), "zh")
    result = {
        "answer_s": cg["answer"] / 1000, "first_change_s": cg["first"] / 1000 if cg["first"] and not lost else None,
        "early_presses": cg["early"], "taps": taps, "unanswered": taps - (len(cg["waits"]) - first_waits),
        "longest_wait_ms": max(cg["waits"][first_waits:] or [0]), "inp_ms": max([d for _, d in cg["events"]] or [0]),
        "inp_changes_ms": max([d for t, d in cg["events"] if t >= changes_from] or [0]),
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
