"""Crowds and capacity: a burst of readers on ``--max-kernels`` (scripted readers reading their
answer from the page as it streams in), readers per minute that nginx serves the reader's page to
(scripted clients fetching the page and every file it loads), what one kernel costs in memory, and
scripted viewers (harness/clients.py: page, websocket, every widget's state) alone and in crowds of
10 and 20 on one server, the server's own capacity without a browser's CPU."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sys
import concurrent.futures
import datetime as dt
import re
import statistics
import threading
import time
import urllib.request
from pathlib import Path

from .common import HERE, PLOTLY, percentile

FULL = 'id="cg-full"'


from clients import crowd, scripted_viewer  # noqa: E402 (harness/, put on the path by .common)
from crowds import SLOW_4G, open_viewer, ready_seconds, summary  # noqa: E402
from pages import CHART_TITLE  # noqa: E402
from servers import (PHONE, cpu_snapshot, cpu_spent, free_port, kernel_processes, quiet, refilled, rss_mb,  # noqa: E402
                     running, tree_rss_mb, voila)


def pct(values, q):
    return percentile(values, q)


def burst(tmp: Path, readers: int, bound: int, **options) -> dict:
    """``readers`` at once, each a day of their own, on ``--max-kernels bound``."""
    days = [dt.date(2026, 9, 1) + dt.timedelta(days=i % 90) for i in range(readers)]
    with voila(tmp, max_kernels=bound, **options) as (url, server):
        most, peak_mb, stop = [0], [0.0], threading.Event()

        def watch():
            while not stop.is_set():
                most[0] = max(most[0], kernel_processes(server.pid))
                peak_mb[0] = max(peak_mb[0], tree_rss_mb(server.pid))
                time.sleep(0.05)

        watcher = threading.Thread(target=watch)
        watcher.start()

        def read(day):
            from cardguide.schedule import estimate
            from cardguide.texts import summary_html

            want = re.sub(r"<[^>]+>", "", summary_html(estimate(day, "china-mobile"), "zh"))[:60]
            start, got, body = time.monotonic(), None, b""
            try:
                with urllib.request.urlopen(f"{url}?date={day.isoformat()}", timeout=300) as response:
                    while chunk := response.read1(65536):
                        body += chunk
                        if got is None and want in re.sub(r"<[^>]+>", "", body.decode(errors="replace")):
                            got = time.monotonic() - start
                return {"answer_s": got, "page_s": time.monotonic() - start, "full": FULL in body.decode(), "ok": got is not None}
            except Exception as exc:  # noqa: BLE001 - counted as a reader without an answer
                return {"answer_s": None, "page_s": time.monotonic() - start, "full": False, "ok": False, "error": repr(exc)}

        with concurrent.futures.ThreadPoolExecutor(readers) as pool:
            pages = list(pool.map(read, days))
        stop.set()
        watcher.join()
        try:
            with urllib.request.urlopen(url + "?date=2026-09-28", timeout=120) as response:
                alive = response.status == 200
        except OSError:
            alive = False
    answers = [p["answer_s"] for p in pages if p["ok"]]
    return {"readers": readers, "bound": bound, "most_kernels": most[0], "peak_mb": peak_mb[0],
            "with_answer": len(answers), "overflow": sum(p["full"] for p in pages),
            "answer_p50_s": statistics.median(answers) if answers else None, "answer_p95_s": pct(answers, 95) if answers else None,
            "page_p95_s": pct([p["page_s"] for p in pages], 95), "alive": alive,
            "errors": [p["error"] for p in pages if "error" in p][:3]}


def one_reader(base: str, files: list[str]) -> float:
    start = time.perf_counter()
    for name in files:
        request = urllib.request.Request(base + name, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
    return time.perf_counter() - start


def readers_per_minute(base: str, site: Path, readers: int, clients: int = 16) -> dict:
    """``readers`` scripted readers, ``clients`` at a time, each fetching the page and every file
    it loads; the rate they were served at, and their p95."""
    index = (site / "index.html").read_text("utf-8")
    files = ["index.html", "favicon.svg", *re.findall(r'(?:href|src|data-bundle)="(v/[^"]+)"', index)]
    files = list(dict.fromkeys(files))
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        times = sorted(pool.map(lambda _: one_reader(base, files), range(readers)))
    elapsed = time.perf_counter() - start
    return {"readers": readers, "files": len(files), "per_minute": readers / elapsed * 60,
            "p50_s": statistics.median(times), "p95_s": times[int(0.95 * (readers - 1))]}


async def steady(url: str, rate: float, period: float) -> list[float]:
    tasks, start, n = [], time.monotonic(), 0
    while time.monotonic() - start < period:
        tasks.append(asyncio.ensure_future(scripted_viewer(url + f"?date=2026-10-{1 + n % 28:02d}", timeout=120)))
        n += 1
        await asyncio.sleep(60 / rate)
    results = await asyncio.gather(*tasks, return_exceptions=True)
    return [r["state_s"] if isinstance(r, dict) else float("inf") for r in results]


def scripted(tmp: Path, pool: int, sizes=(10, 20), rates=(), period: float = 60, rest_s: float = 40,
             **options) -> dict:
    """One server (``cardguide serve``'s settings, a pool of ``pool``): the memory a kernel costs,
    one scripted viewer alone (after a warm-up visit), then crowds of ``sizes`` at once; then viewers
    arriving steadily at each of ``rates`` (a minute) for ``period`` seconds: the highest rate whose
    p95 stays within 5 s is this machine's capacity (the ramp stops past twice that)."""
    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=1000)  # the default queues all but 10 requests
    figures: dict = {"pool_size": pool}
    with voila(tmp, pool_size=pool, cull_idle_timeout=30, cull_interval=5, **options) as (url, server):
        log, fills = tmp / "voila.log", 1
        refilled(log, fills, pool)
        quiet(server.pid)
        base = tree_rss_mb(server.pid)
        figures["rss_mb_per_kernel"] = round((base - rss_mb(server.pid)) / kernel_processes(server.pid), 1)
        figures["server_mb"] = round(rss_mb(server.pid), 1)
        asyncio.run(scripted_viewer(url + "?date=2026-08-30"))  # a first visit warms the server's caches
        fills += 1
        refilled(log, fills, pool)
        quiet(server.pid)
        alone = asyncio.run(scripted_viewer(url + "?date=2026-08-31"))["state_s"]
        figures["alone_s"] = round(alone, 2)
        for n, size in enumerate(sizes):
            fills += 1
            refilled(log, fills, pool)
            quiet(server.pid)
            if n:
                time.sleep(rest_s)  # the last crowd's kernels are culled (30 s idle)
            results = asyncio.run(crowd(lambda k: url + f"?date=2026-09-{1 + k:02d}", size, timeout=300))
            times = [r["state_s"] for r in results if isinstance(r, dict)]
            figures[f"crowd_{size}"] = {
                "size": size, "ok": len(times), "failed": [repr(r)[:120] for r in results if not isinstance(r, dict)],
                "p50_s": round(statistics.median(times), 2) if times else None,
                "p95_s": round(percentile(times, 95), 2) if times else None,
                "p95_over_alone": round(percentile(times, 95) / alone, 1) if times else None}
        figures["rates"] = {}
        for rate in rates:
            time.sleep(rest_s)  # the last viewers' kernels are culled (30 s idle)
            times = asyncio.run(steady(url, rate, period))
            figures["rates"][rate] = {"viewers": len(times), "p50_s": round(statistics.median(times), 2),
                                      "p95_s": round(percentile(times, 95), 2)}
            if percentile(times, 95) > 10:
                break
        within = [r for r, f in figures["rates"].items() if f["p95_s"] <= 5]
        figures["capacity_per_min"] = max(within) if within else 0
    return figures


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
def cardguide(tmp: Path, pool: int):
    with voila(tmp, pool_size=pool, cull_idle_timeout=600) as (url, process):
        refilled(tmp / "voila.log", 1, pool)
        yield url, process, tmp / "voila.log"


def browser_crowd(browser, server, selector: str, viewers: int, phones: bool, shows=None) -> dict:
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


def browsers(browser, tmp: Path, viewers: int, pages: tuple[str, ...], phones: bool) -> dict:
    """``viewers`` browsers at once (``phones``: each a 390 px phone on its own slow 4G link, Lighthouse's
    figures; else desktops on loopback), on each of ``pages``: the chart floor (a static page, plotly.js drawing four bars: what
    the browsers on this machine cost on their own) and cardguide's Voilà page (a pool as large as
    the crowd); each timed from its own navigation to its own day's chart."""
    starts = {"chart floor": (chart_floor, ".gtitle", lambda day: f"Submitted on {day}"),
              "cardguide": (lambda t: cardguide(t, viewers), CHART_TITLE, lambda day: f"{day.month}月{day.day}日")}
    rows = {}
    for name in pages:
        start, selector, shows = starts[name]
        folder = tmp / name.replace(" ", "-")
        folder.mkdir()
        with start(folder) as server:
            rows[name] = browser_crowd(browser, server, selector, viewers, phones, shows)
    return {"viewers": viewers, "phones": phones, "pages": rows}
