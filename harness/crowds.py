"""Browser viewers arriving at once: each in its own chromium context, each timed from its own
navigation to the moment a selector appears (its chart, its slider). Shared by
``tests/test_load.py`` (the dashboard) and ``benchmarks/crowds.py`` (the same harness on
pages that do less, to show what this machine's browsers cost on their own).
"""

from __future__ import annotations

import statistics
import time

#: Chromium's own "Slow 4G" as Lighthouse's devtools throttling applies it (mobileSlow4G):
#: 562.5 ms request latency, 1,474.56 kbit/s down, 675 kbit/s up, for each viewer's own link.
SLOW_4G = {"offline": False, "latency": 562.5, "downloadThroughput": 1474.56 * 1024 / 8,
           "uploadThroughput": 675 * 1024 / 8}


def ready_clock(selector: str) -> str:
    """An init script that records when ``selector`` first appears to the viewer, relative to
    the page's navigation start (``window.__readyAt``, in ms): on cardguide's page the
    chart is the module's, drawn before the kernel joins."""
    return f"""
new MutationObserver((_, observer) => {{
  const el = document.querySelector({selector!r});
  if (el && el.checkVisibility({{visibilityProperty: true}})) {{ window.__readyAt = performance.now(); observer.disconnect(); }}
}}).observe(document, {{subtree: true, childList: true, attributes: true, attributeFilter: ["class"]}});
"""


def percentile(values, q: float) -> float:
    """The nearest-rank percentile (p95 of ten is the tenth)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) + 1)) - 1))]


def open_viewer(browser, url: str, selector: str, *, errors: list | None = None, network: dict | None = None,
                context: dict | None = None):
    """A new context and page on ``url``, not waited for (only until the response commits);
    ``network``: that viewer's own link (e.g. ``SLOW_4G``); ``context``: the browser context's
    options (a phone's screen); ``errors``: collects page errors and console errors."""
    context = browser.new_context(**(context or {"viewport": {"width": 1200, "height": 900}}))
    page = context.new_page()
    if network:
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.emulateNetworkConditions", network)
    page.add_init_script(ready_clock(selector))
    if errors is not None:
        page.on("pageerror", lambda e: errors.append(f"{url}: {e}"))
        page.on("console", lambda m: errors.append(f"{url}: {m.text}") if m.type == "error" else None)
    page.goto(url, wait_until="commit", timeout=120_000)
    return page


def ready_seconds(page, timeout_s: float = 120) -> float:
    """Seconds from the page's navigation to its selector, once it is there. The viewer scrolls to
    the chart as soon as there is one, as a reader does: plotly.js loads when the chart is near the
    screen, and a past day's answer (it opens with where that request stands) puts it lower."""
    deadline = time.monotonic() + timeout_s
    while (ready := page.evaluate("() => { const chart = document.querySelector('.cg-chart');"
                                  " if (chart && window.__readyAt === undefined) chart.scrollIntoView();"
                                  " return window.__readyAt; }")) is None:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{page.url}: not ready within {timeout_s} s")
        page.wait_for_timeout(250)
    return ready / 1000


def summary(alone_s: float, seconds: list[float]) -> dict:
    return {"alone_s": round(alone_s, 2), "p50_s": round(statistics.median(seconds), 2),
            "p95_s": round(percentile(seconds, 95), 2), "max_s": round(max(seconds), 2),
            "p95_over_alone": round(percentile(seconds, 95) / alone_s, 2)}
