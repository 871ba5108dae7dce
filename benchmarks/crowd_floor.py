"""Browsers arriving at once on this machine, side by side in one run: how much of the crowd's
wait is the browsers' own CPU, whatever the server does.

    python benchmarks/crowd_floor.py [viewers] [--phone] [--pages "chart floor,plain Voilà,cardguide"]

The same harness (``harness/crowds.py``: a chromium context per viewer, each timed from its own
navigation to its chart or slider, one viewer alone first after a warm-up) on three pages:

- **chart floor**: a static page, plotly.js basic drawing four bars (``chart-floor.html``),
  from Python's ``http.server``: no kernel, no Voilà, no widgets;
- **plain Voilà**: a one-cell ``IntSlider`` notebook (``pool-hello.ipynb``), Voilà as installed,
  a preheated pool as large as the crowd;
- **cardguide**: the dashboard as ``make run`` serves it, the same pool.

``--phone``: every viewer a 390 px phone on its own emulated slow 4G link (Lighthouse's
figures), as phones arriving from a shared link would be. Prints a table; writes ``benchmarks/crowd-floor.json``
(``crowd-floor-phone.json`` with ``--phone``).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "harness"))
from pages import CHART_TITLE  # noqa: E402

from crowds import SLOW_4G, open_viewer, ready_seconds, summary  # noqa: E402
from servers import (CHROMIUM, CHROMIUM_ARGS, PHONE, cpu_snapshot, cpu_spent, free_port, isolated_env,  # noqa: E402
                     quiet, refilled, running, voila, wait_log)

PLOTLY = ROOT / "cardguide" / "jupyter" / "voila" / "templates" / "cardguide" / "static" / "plotly-basic.min.js"


@contextlib.contextmanager
def chart_floor(tmp: Path):
    """The static page and plotly.js from a temporary folder, by ``http.server``."""
    site = tmp / "site"
    site.mkdir()
    for source in (HERE / "chart-floor.html", HERE / "chart-floor.js", PLOTLY):
        shutil.copy(source, site / source.name)
    port = free_port()
    args = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)]
    url = f"http://127.0.0.1:{port}/chart-floor.html"
    with running(args, dict(os.environ), url, tmp / "http.log") as process:
        yield url, process, None


@contextlib.contextmanager
def plain_voila(tmp: Path, pool: int):
    port = free_port()
    args = [sys.executable, "-m", "voila", str(HERE / "pool-hello.ipynb"), f"--port={port}", "--no-browser",
            "--Voila.ip=127.0.0.1", "--preheat_kernel=True", f"--pool_size={pool}"]
    url = f"http://127.0.0.1:{port}/"
    with running(args, isolated_env(tmp), url + "voila/static/voila.js", tmp / "voila.log") as process:
        wait_log(tmp / "voila.log", f"is filled with {pool} kernel", process, timeout=600)
        yield url, process, tmp / "voila.log"


@contextlib.contextmanager
def cardguide(tmp: Path, pool: int):
    with voila(tmp, pool_size=pool, cull_idle_timeout=600) as (url, process):
        refilled(tmp / "voila.log", 1, pool)
        yield url, process, tmp / "voila.log"


def measure(browser, server, selector: str, viewers: int, phones: bool, shows=None) -> dict:
    """Warm-up, one viewer alone, then ``viewers`` at once, each on its own ``?date=``;
    ``shows(day)``: the text the selector must then hold for that day (its own chart)."""
    url, process, log = server
    fills = 1
    viewer = dict(network=SLOW_4G, context=PHONE) if phones else {}

    def settle():
        nonlocal fills
        if log is not None:  # the kernel a visit took is replaced before the next measure
            fills += 1
            refilled(log, fills)
        quiet(process.pid)

    quiet(process.pid)  # the pool's kernels have drawn
    for day in ("2026-08-30", "2026-08-31"):  # a warm-up (the server's first compressions), then alone
        page = open_viewer(browser, f"{url}?date={day}", selector, **viewer)
        alone = ready_seconds(page)
        page.context.close()
        settle()
    errors: list[str] = []
    before = cpu_snapshot()
    pages = [open_viewer(browser, f"{url}?date=2026-09-{1 + n:02d}", selector, errors=errors, **viewer)
             for n in range(viewers)]
    seconds = [ready_seconds(page, timeout_s=600) for page in pages]
    for n, page in enumerate(pages):
        if shows is not None and shows(dt.date(2026, 9, 1 + n)) not in page.text_content(selector):
            raise AssertionError(f"viewer {n} shows {page.text_content(selector)!r}")
    figures = summary(alone, seconds)
    figures["browser_cpu_s"] = round(cpu_spent(before, cpu_snapshot(), process.pid)["browser"], 1)
    for page in pages:
        page.context.close()
    figures["errors"] = errors
    return figures


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("viewers", nargs="?", type=int, default=10)
    parser.add_argument("--phone", action="store_true", help="every viewer on its own slow 4G link")
    parser.add_argument("--pages", default="chart floor,plain Voilà,cardguide", help="which, comma-separated")
    parser.add_argument("--output", type=Path, help="the JSON file (default: beside this script)")
    options = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    rows = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pages = (("chart floor", lambda t: chart_floor(t), ".gtitle", lambda day: f"Submitted on {day}"),
                 ("plain Voilà", lambda t: plain_voila(t, options.viewers), ".widget-slider", None),
                 ("cardguide", lambda t: cardguide(t, options.viewers), CHART_TITLE,
                  lambda day: f"{day.month}月{day.day}日"))
        for name, start, selector, shows in (page for page in pages if page[0] in options.pages.split(",")):
            folder = Path(tmp) / name.replace(" ", "-")
            folder.mkdir()
            with start(folder) as server:
                rows[name] = measure(browser, server, selector, options.viewers, options.phone, shows)
            print(f"{name:12s} alone {rows[name]['alone_s']:5.2f} s · {options.viewers} at once: "
                  f"p50 {rows[name]['p50_s']:5.2f} s, p95 {rows[name]['p95_s']:5.2f} s "
                  f"({rows[name]['p95_over_alone']:.1f}x alone) · chromium's CPU {rows[name]['browser_cpu_s']} s",
                  flush=True)
            time.sleep(2)
        browser.close()
    result = {"viewers": options.viewers, "network": "slow 4G each, 390 px phones" if options.phone else "loopback",
              "cores": os.cpu_count(), "pages": rows}
    output = options.output or HERE / ("crowd-floor-phone.json" if options.phone else "crowd-floor.json")
    output.write_text(json.dumps(result, indent=2) + "\n")
    return result


if __name__ == "__main__":
    main()
