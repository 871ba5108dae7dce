"""The reader's page (``python -m cardguide site``) behind nginx, side by side with the static
chart floor (``chart-floor.html``: plotly.js basic drawing four bars) in one run:

- Lighthouse 12.8.2, mobile (slow 4G, 4x CPU) and desktop: performance, SEO, best practices,
  accessibility, LCP, TBT, CLS, bytes;
- a throttled 390 px phone (150 ms round trips, 1.6 Mbit/s, CPU 4x slower, through the
  DevTools protocol): when the answer shows and when the first date change is answered;
- the slider to a new answer in the browser, unthrottled: p50/p95 over many key presses;
- the data bundle's size, and how it grows per covered year;
- readers per minute that nginx serves (scripted clients fetching the page and its files,
  p95 <= 1 s), and the server memory a reader costs (none: static files).

    python benchmarks/reader.py [--mobile-runs 3] [--readers 2000] [--smoke] [--output-dir DIR]

and the Voilà dashboard as ``python -m cardguide serve`` gives it, in the same run and table:
Lighthouse mobile, the throttled phone, the slider (a kernel round trip) and its kernel's memory
(``--no-voila`` leaves it out; ``--smoke`` does, for ``make test``).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import datetime as dt
import gzip
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "harness"))
from pages import chart_title, wait_drawn  # noqa: E402
sys.path.insert(0, str(HERE))

from servers import CHROMIUM, CHROMIUM_ARGS, free_port, nginx_running  # noqa: E402

from cardguide.bundle import build_bundle, calendar_data  # noqa: E402
from cardguide.site import write_site  # noqa: E402

VERSION = "12.8.2"
#: Lighthouse's mobile figures, as the issue's phone: 150 ms, 1.6 Mbit/s down, 750 kbit/s up, CPU 4x.
PHONE_NET = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
NGINX_CONF = """
worker_processes 2;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 1024; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  gzip_static on;
  gzip on; gzip_types text/css application/json text/javascript application/javascript image/svg+xml;
  server {{
    listen 127.0.0.1:{port};
    root {root};
    location /v/ {{ add_header Cache-Control "public, max-age=31536000, immutable"; }}
    location = /index.html {{ add_header Cache-Control "no-cache"; }}
  }}
}}
"""


@contextlib.contextmanager
def nginx(root: Path):
    """nginx serving ``root`` as a static site on a free loopback port."""
    tmp = Path(tempfile.mkdtemp(prefix="cardguide-nginx-"))
    port = free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, root=root))
    try:
        with nginx_running(conf, tmp, port):
            yield f"http://127.0.0.1:{port}/"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def lighthouse_binary() -> Path:
    from lighthouse import lighthouse  # benchmarks/lighthouse.py: the pinned CLI in the cache

    return lighthouse()


def audit(url: str, report: Path, *, desktop: bool = False) -> dict:
    args = [str(lighthouse_binary()), url, "--output=json", f"--output-path={report}", "--quiet",
            "--only-categories=performance,accessibility,seo,best-practices",
            "--chrome-flags=--headless --no-sandbox", "--max-wait-for-load=60000"]
    if desktop:
        args.append("--preset=desktop")
    done = subprocess.run(args, timeout=400, env={**__import__("os").environ, "CHROME_PATH": CHROMIUM},
                          capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"lighthouse failed: {done.stderr[-2000:]}")
    data = json.loads(report.read_text())
    audits, cats = data["audits"], data["categories"]
    return {
        **{k: round(100 * (cats[c]["score"] or 0)) for k, c in (("performance", "performance"), ("seo", "seo"),
                                                              ("best_practices", "best-practices"),
                                                              ("accessibility", "accessibility"))},
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "kb": audits["total-byte-weight"]["numericValue"] / 1024,
        "failed": [a for a, r in audits.items() if r.get("score") == 0 and r.get("scoreDisplayMode") == "binary"],
        "report": str(report),
    }


def throttled_phone(browser):
    """A 390 px touch phone on Lighthouse's mobile figures (PHONE_NET, CPU 4x)."""
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", PHONE_NET)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    return ctx, page


def phone_first_change(browser, url: str) -> dict:
    """A throttled 390 px phone: the answer's first paint, then the first date change answered."""
    ctx, page = throttled_phone(browser)
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(".cg-answer b", timeout=60_000)
    answer_s = time.perf_counter() - start
    before = page.inner_text(".cg-answer")
    while True:  # a reader who keeps trying: tap the slider's key until the answer moves
        with contextlib.suppress(Exception):
            if page.evaluate("!!document.querySelector('.cg-reader[data-ready]')"):
                page.focus(".cg-date", timeout=100)
                page.keyboard.press("ArrowRight")
                if page.inner_text(".cg-answer") != before:
                    break
        if time.perf_counter() - start > 60:
            break
        time.sleep(0.05)
    changed_s = time.perf_counter() - start
    ctx.close()
    return {"answer_s": answer_s, "first_change_s": changed_s}


def slider_latency(browser, url: str, presses: int) -> dict:
    """Key press on the date slider to the new answer in the page, unthrottled (in-page clock)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)
    page.wait_for_selector(".cg-reader[data-ready]")
    page.focus(".cg-date")
    times = page.evaluate("""async (presses) => {
      const slider = document.querySelector('.cg-date'), answer = document.querySelector('.cg-answer');
      const laid = [], framed = [];
      for (let i = 0; i < presses; i++) {
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));  // just after a frame
        const t0 = performance.now();
        slider.value = String(Number(slider.value) + (i % 2 ? -1 : 1));
        slider.dispatchEvent(new Event('input', {bubbles: true}));
        answer.getBoundingClientRect();  // the new answer computed, in the DOM and laid out
        laid.push(performance.now() - t0);
        await new Promise((r) => requestAnimationFrame(() => r()));
        framed.push(performance.now() - t0);
      }
      return [laid, framed];
    }""", presses)
    page.close()
    laid, framed = (sorted(t) for t in times)
    pct = lambda t: t[int(0.95 * (len(t) - 1))]  # noqa: E731
    return {"p50_ms": statistics.median(laid), "p95_ms": pct(laid), "frame_p50_ms": statistics.median(framed),
            "frame_p95_ms": pct(framed), "presses": presses}


def voila_phone_first_change(browser, url: str) -> dict:
    """The same throttled phone on the Voilà page: the first paint's answer, the first date
    change answered (by the module, the page's first paint), and when the kernel has joined and
    drawn its Plotly Gantt (the chart scrolled to), with that day still chosen."""
    ctx, page = throttled_phone(browser)
    start = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=120_000)
    page.wait_for_selector(".cg-answer b", timeout=120_000)
    answer_s = time.perf_counter() - start
    before = page.inner_text(".cg-answer")
    while time.perf_counter() - start < 120:
        with contextlib.suppress(Exception):
            if page.query_selector(".cg-reader.cg-mounted .cg-date"):
                page.focus(".cg-date", timeout=100)
                page.keyboard.press("ArrowRight")
                if page.inner_text(".cg-answer") != before:
                    break
        time.sleep(0.05)
    changed_s = time.perf_counter() - start
    chosen = page.evaluate("document.querySelector('.cg-pick').value")
    wait_drawn(page, 120_000, kernel=True)
    page.wait_for_function("d => (document.querySelector('.cg-plotly').dataset.key || '').startsWith(d)", arg=chosen,
                           timeout=60_000)
    live_s = time.perf_counter() - start
    kept = f"{int(chosen[5:7])}月{int(chosen[8:])}日" in (chart_title(page) or "")
    ctx.close()
    return {"answer_s": answer_s, "first_change_s": changed_s, "widgets_s": live_s, "choice_kept": kept}


def voila_column(out: Path, mobile_runs: int, presses: int) -> dict:
    """The Voilà dashboard exactly as ``python -m cardguide serve`` runs it: each visit on a
    preheated kernel and a quiet machine (``benchmarks/lighthouse.py``'s waits)."""
    from lighthouse import ready, served
    from playwright.sync_api import sync_playwright
    from run import APP_DATE, CHART, KERNEL_KEY, kernel_rss_mb, percentile, press_times

    results: dict = {"mobile": []}
    with served() as (url, log, proc):
        fills = 2  # the pool's fills so far: at start, and after the warm-up's visit
        for n in range(mobile_runs):
            ready(log, proc, fills)
            results["mobile"].append(audit(url + "?date=2026-09-28", out / f"voila-mobile-{n + 1}.json"))
            fills += 1
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            results["phone"] = []
            for _ in range(mobile_runs):
                ready(log, proc, fills)
                results["phone"].append(voila_phone_first_change(browser, url + "?date=2026-09-28"))
                fills += 1
            ready(log, proc, fills)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url + "?date=2026-09-28", timeout=120_000)
            page.wait_for_selector(CHART, timeout=120_000)
            ready(log, proc, fills + 1)  # no refill competing for the CPU while timing
            times = press_times(page, APP_DATE, KERNEL_KEY, presses)
            results["slider"] = {"p50_ms": percentile(times, 50) * 1000, "p95_ms": percentile(times, 95) * 1000,
                                 "presses": presses}
            results["kernel_mb"] = kernel_rss_mb(page)
            browser.close()
    return results


def bundle_growth() -> dict:
    import brotli

    data = json.dumps(build_bundle(dt.date(2026, 12, 4)), ensure_ascii=False, separators=(",", ":")).encode()
    cal = calendar_data()
    years = len(cal["days"]) / 365.25
    cal_bytes = json.dumps(cal, separators=(",", ":"), ensure_ascii=False).encode()
    return {"raw_kb": len(data) / 1024, "br_kb": len(brotli.compress(data, quality=11)) / 1024,
            "gz_kb": len(gzip.compress(data, 9)) / 1024, "calendar_years": round(years),
            "per_year_raw_b": len(cal_bytes) / years, "per_year_br_b": len(brotli.compress(cal_bytes, quality=11)) / years}


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
    import re

    files = ["index.html", "favicon.svg", *re.findall(r'(?:href|src|data-bundle)="(v/[^"]+)"', index)]
    files = list(dict.fromkeys(files))
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        times = sorted(pool.map(lambda _: one_reader(base, files), range(readers)))
    elapsed = time.perf_counter() - start
    return {"readers": readers, "files": len(files), "per_minute": readers / elapsed * 60,
            "p50_s": statistics.median(times), "p95_s": times[int(0.95 * (readers - 1))]}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mobile-runs", type=int, default=3)
    parser.add_argument("--readers", type=int, default=3000)
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument("--smoke", action="store_true", help="one mobile run, few readers, no Voilà (make test)")
    parser.add_argument("--no-voila", action="store_true", help="leave out the Voilà dashboard's column")
    parser.add_argument("--output-dir", default=str(HERE / "reader"))
    args = parser.parse_args()
    if args.smoke:
        args.mobile_runs, args.readers, args.presses, args.no_voila = 1, 200, 40, True
    out = Path(args.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    site = Path(tempfile.mkdtemp(prefix="cardguide-site-"))
    write_site(site, built=dt.date(2026, 12, 4))
    floor = Path(tempfile.mkdtemp(prefix="cardguide-floor-"))
    for folder in (site, floor):
        folder.chmod(0o755)  # nginx's workers are another user
    for name in ("chart-floor.html", "chart-floor.js"):
        shutil.copy(HERE / name, floor / name)
    shutil.copy(ROOT / "cardguide/jupyter/voila/templates/cardguide/static/plotly-basic.min.js", floor)
    results = {"bundle": bundle_growth()}
    from playwright.sync_api import sync_playwright

    with nginx(site) as url, nginx(floor) as floor_url:
        page_url = url + "?date=2026-09-28"
        results["reader"] = {"mobile": [audit(page_url, out / f"reader-mobile-{n + 1}.json") for n in range(args.mobile_runs)],
                             "desktop": audit(page_url, out / "reader-desktop.json", desktop=True)}
        results["floor"] = {"mobile": [audit(floor_url + "chart-floor.html", out / "floor-mobile-1.json")]}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            results["phone"] = [phone_first_change(browser, page_url) for _ in range(1 if args.smoke else 3)]
            results["slider"] = slider_latency(browser, page_url, args.presses)
            browser.close()
        results["nginx"] = readers_per_minute(url, site, args.readers)
    if not args.no_voila:
        results["voila"] = voila_column(out, args.mobile_runs, min(args.presses, 60))
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(floor, ignore_errors=True)
    (out / "summary.json").write_text(json.dumps(results, indent=2))

    def span(values, fmt="{:.0f}"):
        values = sorted(values)
        return fmt.format(values[0]) if len(values) == 1 or fmt.format(values[0]) == fmt.format(values[-1]) \
            else f"{fmt.format(values[0])}-{fmt.format(values[-1])}"

    mobile = results["reader"]["mobile"]
    fl = results["floor"]["mobile"][0]
    vo = results.get("voila")
    vm = vo["mobile"] if vo else []
    rows = [("measure", "reader's page", "Voilà dashboard", "chart floor (plotly.js basic)")]

    def row(name, key, fmt="{:.0f}", unit=""):
        rows.append((name, span([m[key] for m in mobile], fmt) + unit,
                     span([m[key] for m in vm], fmt) + unit if vm else "-", fmt.format(fl[key]) + unit))

    row("Lighthouse mobile performance", "performance")
    row("largest contentful paint, mobile", "lcp_s", "{:.2f}", " s")
    row("total blocking time, mobile", "tbt_ms", "{:.0f}", " ms")
    row("cumulative layout shift, mobile", "cls", "{:.3f}")
    row("bytes on a first visit", "kb", "{:.0f}", " KB")
    row("Lighthouse SEO, mobile", "seo")
    row("Lighthouse best practices, mobile", "best_practices")
    row("Lighthouse accessibility, mobile", "accessibility")
    rows.append(("Lighthouse desktop performance", str(results["reader"]["desktop"]["performance"]), "-", "-"))
    phone, vphone = results["phone"], (vo or {}).get("phone", [])
    rows.append(("throttled phone: the answer shows", span([r["answer_s"] for r in phone], "{:.2f}") + " s",
                 span([r["answer_s"] for r in vphone], "{:.2f}") + " s" if vphone else "-", "-"))
    rows.append(("throttled phone: first date change answered", span([r["first_change_s"] for r in phone], "{:.2f}") + " s",
                 span([r["first_change_s"] for r in vphone], "{:.2f}") + " s" if vphone else "-", "-"))
    if vphone:
        rows.append(("throttled phone: the widgets take over (Voilà page)", "-",
                     span([r["widgets_s"] for r in vphone], "{:.2f}") + " s, the choice kept in "
                     f"{sum(r['choice_kept'] for r in vphone)} of {len(vphone)}", "-"))
    s = results["slider"]
    vs = (vo or {}).get("slider")
    rows.append(("slider to new answer, p95, unthrottled", f"{s['p95_ms']:.1f} ms (p50 {s['p50_ms']:.1f}, {s['presses']} moves)",
                 f"{vs['p95_ms']:.0f} ms (p50 {vs['p50_ms']:.0f}, {vs['presses']} moves)" if vs else "-", "-"))
    rows.append(("  ... to the next frame (waits for vsync)", f"{s['frame_p95_ms']:.1f} ms (p50 {s['frame_p50_ms']:.1f})", "-", "-"))
    rows.append(("server memory per reader", "none (static files)",
                 f"{vo['kernel_mb']:.0f} MB (its kernel)" if vo else "-", "none"))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    b = results["bundle"]
    print(f"data bundle: {b['raw_kb']:.1f} KB raw, {b['br_kb']:.1f} KB brotli, {b['gz_kb']:.1f} KB gzip; "
          f"calendar {b['calendar_years']} years, {b['per_year_raw_b']:.0f} B raw / {b['per_year_br_b']:.0f} B brotli per year")
    n = results["nginx"]
    print(f"nginx in front of the site, {n['readers']} readers x {n['files']} files, 16 at once: {n['per_minute']:.0f} readers/min, "
          f"p50 {n['p50_s'] * 1000:.1f} ms, p95 {n['p95_s'] * 1000:.1f} ms")
    for m in mobile:
        print(f"reader mobile run: performance {m['performance']}, failed audits {m['failed']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
