"""Issue 33's figures, in one run: one front end in every host.

- lines of front end before (the commit before issue 33: views, widgets, app, first paint, their
  static JavaScript and CSS, the template's statics; and the reader's module) and now;
- the Voilà page (``python -m cardguide serve``, a preheated kernel) on a throttled 390 px phone
  (Lighthouse's mobile figures: 150 ms, 1.6 Mbit/s, CPU 4x): the answer shown, the first date
  change answered, the kernel joined (its first figure in the model) and its Plotly Gantt drawn
  once the reader has scrolled to the chart, all from the link opened;
- the same phone, a date change every second for the first 25 s: the longest wait for the new
  answer and INP (Event Timing: the longest interaction, Chromium's `event` entries);
- Lighthouse 12.8.2 mobile on the Voilà page (``--mobile-runs``).

    python benchmarks/one_module.py [--mobile-runs 3] [--output FILE]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "harness"))
sys.path.insert(0, str(HERE))

from servers import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

#: The commit before issue 33, and the second front end and hand-over it had beside the module.
BEFORE = "7c7f6d2"
SECOND_FRONT_END = ("cardguide/views.py", "cardguide/widgets.py", "cardguide/app.py", "cardguide/firstpaint.py",
                    "cardguide/static/*.js", "cardguide/static/*.css",
                    "cardguide/jupyter/voila/templates/cardguide/static/*.js",
                    "cardguide/jupyter/voila/templates/cardguide/static/*.css")
MODULE_BEFORE = ("cardguide/reader/reader.js", "cardguide/reader/timeline.js", "cardguide/reader/reader.css")
NOW = ("cardguide/app.py", "cardguide/firstpaint.py", "cardguide/jupyter/voila/templates/cardguide/static/*.js",
       "cardguide/jupyter/voila/templates/cardguide/static/*.css")
MODULE_NOW = ("cardguide/reader/host.js", "cardguide/reader/reader.js", "cardguide/reader/timeline.js",
              "cardguide/reader/reader.css")
LINK = "?date=2026-09-28"
#: In the page, from its start: every interaction's duration (Event Timing; INP is the longest
#: here, under 50 interactions), and each key's wait until the answer changed (a mutation inside
#: .cg-answer after the keydown), by the page's own clock.
INP_SCRIPT = """
window.cgEvents = []; window.cgWaits = []; let cgKey = null;
new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.interactionId) window.cgEvents.push(e.duration); })
  .observe({type: "event", durationThreshold: 16, buffered: true});
addEventListener("keydown", () => { cgKey = performance.now(); }, true);
new MutationObserver((records) => {
  if (cgKey === null) return;
  if (records.some((r) => r.target.closest && r.target.closest(".cg-answer") || r.target.classList && r.target.classList.contains("cg-answer"))) {
    window.cgWaits.push(performance.now() - cgKey); cgKey = null;
  }
}).observe(document, {subtree: true, childList: true, characterData: true});
window.cgLong = [];  // long tasks (plotly.js running is one), by the page's clock
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.cgLong.push([e.startTime, e.duration]); })
  .observe({type: "longtask", buffered: true});
const cgJoin = setInterval(() => {  // when the kernel has joined the page's module (host.js)
  const root = document.querySelector(".cg-reader");
  if (root && root.cardguide && root.cardguide.joined) { window.cgJoined = performance.now(); clearInterval(cgJoin); }
}, 50);
"""


def lines(commit: str | None, patterns) -> int:
    """Lines of the files ``patterns`` name, at ``commit`` (None: the work tree), minified files left out."""
    total = 0
    for pattern in patterns:
        if commit:
            names = subprocess.run(["git", "ls-tree", "-r", "--name-only", commit], cwd=ROOT, capture_output=True,
                                   text=True, check=True).stdout.split()
            import fnmatch
            for name in fnmatch.filter(names, pattern):
                if not name.endswith(".min.js"):
                    total += subprocess.run(["git", "show", f"{commit}:{name}"], cwd=ROOT, capture_output=True,
                                            text=True, check=True).stdout.count("\n")
        else:
            for path in ROOT.glob(pattern):
                if not path.name.endswith(".min.js"):
                    total += path.read_text("utf-8").count("\n")
    return total


def throttled_phone(browser):
    from reader import throttled_phone as phone

    return phone(browser)


def phone_run(browser, url: str, *, kernel: bool = True) -> dict:
    """The Voilà page on the throttled phone, from the link opened (``kernel=False``: a page with
    no kernel, whose Plotly Gantt is not waited for)."""
    ctx, page = throttled_phone(browser)
    page.add_init_script(INP_SCRIPT)
    start = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=120_000)
    page.wait_for_selector(".cg-answer b", timeout=120_000)
    answer_s = time.perf_counter() - start
    before = page.inner_text(".cg-answer")
    first_change = None
    presses, lost = 0, 0
    # A date change each second for 25 s (once the controls are there), each checked answered.
    while time.perf_counter() - start < 25:
        tick = time.perf_counter()
        with contextlib.suppress(Exception):
            if page.query_selector(".cg-reader.cg-mounted .cg-date"):
                page.focus(".cg-date", timeout=200)
                page.keyboard.press("ArrowRight")
                presses += 1
                page.wait_for_function("b => document.querySelector('.cg-answer').innerText !== b", arg=before, timeout=5_000)
                if first_change is None:
                    first_change = time.perf_counter() - start
                before = page.inner_text(".cg-answer")
        time.sleep(max(0.0, 1 - (time.perf_counter() - tick)))
    waits = page.evaluate("window.cgWaits")
    lost = presses - len(waits)
    inp = max(page.evaluate("window.cgEvents") or [0])
    # The reader scrolls to the chart: the kernel's Plotly Gantt.
    joined = page.evaluate("window.cgJoined === undefined ? null : window.cgJoined / 1000")
    scrolled_at = page.evaluate("performance.now()")
    page.locator(".cg-chart").scroll_into_view_if_needed()
    scrolled = time.perf_counter() - start
    plotly_s = None
    if kernel:
        with contextlib.suppress(Exception):
            page.wait_for_selector(".cg-chart[data-drawn=plotly]", timeout=120_000)
            plotly_s = time.perf_counter() - start
    page.wait_for_timeout(1000)
    # The longest task from the scroll on: plotly.js running and drawing (the phone's freeze).
    freeze = max([d for t, d in page.evaluate("window.cgLong") if t >= scrolled_at] or [0])
    ctx.close()
    return {"freeze_ms": freeze, "answer_s": answer_s, "first_change_s": first_change, "longest_wait_ms": max(waits or [0]),
            "changes": presses, "lost": lost, "inp_ms": inp, "joined_s": joined,
            "scrolled_s": scrolled, "plotly_s": plotly_s}


def desktop_plotly(browser, url: str) -> float:
    """A desktop, unthrottled: the link opened to the kernel's Plotly Gantt drawn."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    start = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=120_000)
    # The chart, below the first screen at 1280 x 900, is where a desktop reader looks next:
    # plotly.js loads once it is near the screen (the module's rule, every host).
    page.locator(".cg-chart").first.scroll_into_view_if_needed(timeout=120_000)
    page.wait_for_selector(".cg-chart[data-drawn=plotly]", timeout=120_000)
    took = time.perf_counter() - start
    page.close()
    return took


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mobile-runs", type=int, default=3)
    parser.add_argument("--output", type=Path, default=HERE / "one-module.json")
    options = parser.parse_args()
    from lighthouse import ready, served
    from playwright.sync_api import sync_playwright
    from reader import audit

    result = {"lines": {"before": {"second_front_end": lines(BEFORE, SECOND_FRONT_END), "module": lines(BEFORE, MODULE_BEFORE)},
                        "now": {"python_and_template": lines(None, NOW), "module": lines(None, MODULE_NOW)}},
              "phone": [], "lighthouse": [], "desktop_plotly_s": []}
    with served() as (url, log, proc), tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        fills = 2
        for n in range(options.mobile_runs):
            ready(log, proc, fills)
            result["lighthouse"].append(audit(url + LINK, tmp / f"voila-mobile-{n + 1}.json"))
            fills += 1
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(options.mobile_runs):
                ready(log, proc, fills)
                result["phone"].append(phone_run(browser, url + LINK))
                fills += 1
            for _ in range(options.mobile_runs):
                ready(log, proc, fills)
                result["desktop_plotly_s"].append(desktop_plotly(browser, url + LINK))
                fills += 1
            browser.close()
    for run in result["lighthouse"]:
        run.pop("report", None)
    options.output.write_text(json.dumps(result, indent=1))
    b, n = result["lines"]["before"], result["lines"]["now"]
    print(f"lines of front end: before {b['second_front_end']} (second front end and hand-over) + {b['module']} (module);"
          f" now {n['python_and_template']} (widget, first paint, template) + {n['module']} (module)")
    print("Voilà page, throttled phone (s from the link): answer | first change | kernel joined | Plotly drawn (scrolled at) "
          "| longest wait ms | INP ms | lost")
    for r in result["phone"]:
        print(f"  {r['answer_s']:.1f} | {r['first_change_s'] or float('nan'):.1f} | {r['joined_s'] or float('nan'):.1f} | "
              f"{r['plotly_s'] or float('nan'):.1f} ({r['scrolled_s']:.1f}) | {r['longest_wait_ms']:.0f} | {r['inp_ms']:.0f} | "
              f"{r['lost']}/{r['changes']}")
    print("Voilà page, desktop: link to the kernel's Plotly Gantt, s: " + ", ".join(f"{s:.1f}" for s in result["desktop_plotly_s"]))
    print("Lighthouse mobile on the Voilà page: performance | TBT ms | LCP s | CLS | KB | SEO | best practices | a11y")
    for r in result["lighthouse"]:
        print(f"  {r['performance']} | {r['tbt_ms']:.0f} | {r['lcp_s']:.1f} | {r['cls']:.3f} | {r['kb']:.0f} | {r['seo']} | "
              f"{r['best_practices']} | {r['accessibility']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
