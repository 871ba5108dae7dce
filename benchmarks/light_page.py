"""Issue 34's table, in one run: cardguide's Voilà page (its own template: the module joins the
kernel itself, no Voilà front end) beside the reader's page (no kernel) and the same notebook on
Voilà's own lab template (Voilà's front end, the module rendered by anywidget).

Rows, each page where it applies:
- Lighthouse 12.8.2 mobile (slow 4G, CPU 4x): performance, total blocking time, KB before
  plotly.js (plotly.js loads once the chart nears the screen), SEO, best practices, a11y;
- a throttled 390 px phone (Lighthouse's figures) with a date change every second for 25 s: the
  first change answered, the longest wait for a new answer, changes lost, INP (Event Timing);
  then the reader scrolls to the chart: the kernel's Plotly Gantt drawn, from the scroll;
- a desktop, unthrottled: the link opened to the kernel's Plotly Gantt drawn;
- the date slider to the kernel's new Plotly Gantt (its key), p50/p95, beside the widget
  round-trip floor (``floor.ipynb``: an ipywidgets slider updating an HTML widget, on the stock
  server) in the same run;
- the kernel's resident memory for one reader.

    python benchmarks/light_page.py [--mobile-runs 3] [--presses 30] [--output FILE]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "harness"))
sys.path.insert(0, str(HERE))

from servers import CHROMIUM, CHROMIUM_ARGS, free_port, isolated_env, quiet, refilled, running, wait_log  # noqa: E402

from cardguide.serve import voila_command  # noqa: E402

LINK = "?date=2026-09-28"
TARGETS = {"performance": ">= 95", "tbt_ms": "<= 100 ms", "kb_before_plotly": "<= 150 KB", "first_change_s": "<= 1.5 s",
           "longest_wait_ms": "<= 200 ms, none lost", "inp_ms": "<= 200 ms", "desktop_plotly_s": "<= 2.5 s",
           "phone_plotly_from_scroll_s": "<= 4 s", "slider_p95_ratio": "<= 1.2x floor"}


def attempt(measure, *args, **kwargs):
    """One measurement, or None with the reason on stderr: one page that fails does not cost the
    rest of the table."""
    try:
        return measure(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - any failure is reported and the run goes on
        print(f"{getattr(measure, '__name__', measure)}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}",
              file=sys.stderr)
        return None


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@contextlib.contextmanager
def stock_server(tmp: Path):
    """The same notebook on Voilà's own lab template (directory mode, with the floor), preheated
    like cardguide's; yields the base URL of its notebooks, its log and process."""
    from run import bench_dir

    root = bench_dir(tmp)
    port = free_port()
    log = tmp / "stock.log"
    command = voila_command(port, root, **{"VoilaConfiguration.template": "lab"}) + [
        f"--VoilaKernelManager.preheat_denylist={name}" for name in ("dashboard_cold.ipynb", "floor.ipynb", "hello.ipynb")]
    with running(command, isolated_env(tmp), f"http://127.0.0.1:{port}/voila/static/voila.js", log) as proc:
        wait_log(log, "is filled with", proc)
        yield f"http://127.0.0.1:{port}/voila/render/", log, proc


def ready(log: Path, proc, times: int) -> None:
    refilled(log, times, timeout=300)
    time.sleep(5)
    quiet(proc.pid)


def slider(browser, url: str, presses: int, *, floor: bool = False) -> list[float]:
    """Seconds from each press of the date slider to the kernel's new Plotly Gantt (its key);
    ``floor``: to the floor's HTML widget's new text."""
    from run import APP_DATE, FLOOR_OUT, FLOOR_SLIDER, KERNEL_KEY, press_times

    handle, probe, ready = ((FLOOR_SLIDER, FLOOR_OUT, ".cg-floor-out b") if floor
                            else (APP_DATE, KERNEL_KEY, ".cg-chart[data-drawn=plotly]"))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url, timeout=120_000)
    if not floor:  # plotly.js loads once the chart is near the screen
        page.locator(".cg-chart").first.scroll_into_view_if_needed(timeout=120_000)
    page.wait_for_selector(ready, timeout=120_000)
    time.sleep(2)
    times = press_times(page, handle, probe, presses)
    page.close()
    return times


def kernel_mb(browser, url: str) -> float:
    from servers import kernel_pid, rss_mb

    page = browser.new_page()
    page.goto(url, timeout=120_000)
    page.locator(".cg-chart").first.scroll_into_view_if_needed(timeout=120_000)
    page.wait_for_selector(".cg-chart[data-drawn=plotly]", timeout=120_000)
    mb = rss_mb(kernel_pid(page.content()))
    page.close()
    return mb


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mobile-runs", type=int, default=3)
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--output", type=Path, default=HERE / "light-page.json")
    options = parser.parse_args()
    from lighthouse import audit, served
    from lighthouse import ready as lighthouse_ready
    from one_module import desktop_plotly, phone_run
    from playwright.sync_api import sync_playwright

    pages = ("voila", "reader", "stock")
    result = {page: {"lighthouse": [], "phone": [], "desktop_plotly_s": [], "slider_s": [], "kernel_mb": []} for page in pages}
    result["floor"] = {"slider_s": []}
    with served() as (url, log, proc), tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        with stock_server(tmp) as (stock_base, stock_log, stock_proc):
            urls = {"voila": url + LINK, "reader": url + "reader/" + LINK, "stock": stock_base + "dashboard.ipynb" + LINK}
            fills, stock_fills = 2, 1
            for n in range(options.mobile_runs):
                lighthouse_ready(log, proc, fills)
                result["voila"]["lighthouse"].append(attempt(audit, urls["voila"], tmp / f"voila-{n}.json"))
                fills += 1
            quiet(proc.pid)
            result["reader"]["lighthouse"].append(attempt(audit, urls["reader"], tmp / "reader.json"))
            ready(stock_log, stock_proc, stock_fills)
            result["stock"]["lighthouse"].append(attempt(audit, urls["stock"], tmp / "stock.json"))
            stock_fills += 2
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for _ in range(options.mobile_runs):
                    ready(log, proc, fills)
                    result["voila"]["phone"].append(attempt(phone_run, browser, urls["voila"]))
                    fills += 1
                result["reader"]["phone"].append(attempt(phone_run, browser, urls["reader"], kernel=False))
                ready(stock_log, stock_proc, stock_fills)
                result["stock"]["phone"].append(attempt(phone_run, browser, urls["stock"]))
                stock_fills += 1
                for _ in range(options.mobile_runs):
                    ready(log, proc, fills)
                    result["voila"]["desktop_plotly_s"].append(attempt(desktop_plotly, browser, urls["voila"]))
                    fills += 1
                ready(stock_log, stock_proc, stock_fills)
                result["stock"]["desktop_plotly_s"].append(attempt(desktop_plotly, browser, urls["stock"]))
                stock_fills += 1
                # The slider: cardguide's page, the stock page and the floor, alternating.
                for _ in range(2):
                    ready(log, proc, fills)
                    result["voila"]["slider_s"] += attempt(slider, browser, urls["voila"], options.presses // 2) or []
                    fills += 1
                    quiet(stock_proc.pid)
                    result["floor"]["slider_s"] += attempt(slider, browser, stock_base + "floor.ipynb", options.presses // 2, floor=True) or []
                    ready(stock_log, stock_proc, stock_fills)
                    result["stock"]["slider_s"] += attempt(slider, browser, urls["stock"], options.presses // 2) or []
                    stock_fills += 1
                ready(log, proc, fills)
                result["voila"]["kernel_mb"].append(attempt(kernel_mb, browser, urls["voila"]))
                fills += 1
                ready(stock_log, stock_proc, stock_fills)
                result["stock"]["kernel_mb"].append(attempt(kernel_mb, browser, urls["stock"]))
                browser.close()
    for page in pages:
        for key in ("lighthouse", "phone", "desktop_plotly_s", "kernel_mb"):
            result[page][key] = [run for run in result[page][key] if run is not None]
        for run in result[page]["lighthouse"]:
            run.pop("report", None)
    options.output.write_text(json.dumps(result, indent=1))
    print(table(result))
    return 0


def table(result: dict) -> str:
    def each(page, key, fmt, source="lighthouse"):
        values = [r[key] for r in result[page][source] if r.get(key) is not None]
        return ", ".join(fmt.format(v) for v in values) if values else "-"

    def phone(page, key, fmt):
        return each(page, key, fmt, "phone")

    def plotly_from_scroll(page):
        values = [r["plotly_s"] - r["scrolled_s"] for r in result[page]["phone"] if r.get("plotly_s")]
        return ", ".join(f"{v:.1f} s" for v in values) if values else "-"

    def desktop(page):
        return ", ".join(f"{v:.1f} s" for v in result[page]["desktop_plotly_s"]) or "-"

    def slider(page):
        times = result[page]["slider_s"]
        if not times:
            return "-"
        return f"p50 {statistics.median(times) * 1000:.0f} / p95 {percentile(times, 0.95) * 1000:.0f} ms"

    floor = result["floor"]["slider_s"]
    floor_p95 = percentile(floor, 0.95) if floor else float("nan")

    def ratio(page):
        times = result[page]["slider_s"]
        return f"{percentile(times, 0.95) / floor_p95:.2f}x" if times and floor else "-"

    rows = [("measure", "cardguide's Voilà page", "reader's page", "Voilà's lab template", "target"),
            ("Lighthouse mobile performance", each("voila", "performance", "{}"), each("reader", "performance", "{}"),
             each("stock", "performance", "{}"), TARGETS["performance"]),
            ("total blocking time, mobile", each("voila", "tbt_ms", "{:.0f} ms"), each("reader", "tbt_ms", "{:.0f} ms"),
             each("stock", "tbt_ms", "{:.0f} ms"), TARGETS["tbt_ms"]),
            ("KB on a first visit, before plotly.js", each("voila", "kb_before_plotly", "{:.0f}"),
             each("reader", "kb_before_plotly", "{:.0f}"), each("stock", "kb_before_plotly", "{:.0f}"), TARGETS["kb_before_plotly"]),
            ("SEO / best practices / a11y", each("voila", "seo", "{}") + " / " + each("voila", "best_practices", "{}") + " / "
             + each("voila", "accessibility", "{}"),
             each("reader", "seo", "{}") + " / " + each("reader", "best_practices", "{}") + " / " + each("reader", "accessibility", "{}"),
             each("stock", "seo", "{}") + " / " + each("stock", "best_practices", "{}") + " / " + each("stock", "accessibility", "{}"),
             "100"),
            ("phone: first date change answered", phone("voila", "first_change_s", "{:.1f} s"),
             phone("reader", "first_change_s", "{:.1f} s"), phone("stock", "first_change_s", "{:.1f} s"), TARGETS["first_change_s"]),
            ("phone, a change a second for 25 s: longest wait", phone("voila", "longest_wait_ms", "{:.0f} ms"),
             phone("reader", "longest_wait_ms", "{:.0f} ms"), phone("stock", "longest_wait_ms", "{:.0f} ms"),
             TARGETS["longest_wait_ms"]),
            ("  changes lost", phone("voila", "lost", "{}"), phone("reader", "lost", "{}"), phone("stock", "lost", "{}"), "0"),
            ("  INP (Event Timing)", phone("voila", "inp_ms", "{:.0f} ms"), phone("reader", "inp_ms", "{:.0f} ms"),
             phone("stock", "inp_ms", "{:.0f} ms"), TARGETS["inp_ms"]),
            ("phone: kernel's Plotly Gantt, from the scroll", plotly_from_scroll("voila"), "(no kernel)",
             plotly_from_scroll("stock"), TARGETS["phone_plotly_from_scroll_s"]),
            ("  the longest task from the scroll (plotly.js)", phone("voila", "freeze_ms", "{:.0f} ms"), "-",
             phone("stock", "freeze_ms", "{:.0f} ms"), "measured"),
            ("desktop: link to the kernel's Plotly Gantt", desktop("voila"), "(no kernel)", desktop("stock"),
             TARGETS["desktop_plotly_s"]),
            ("slider to the kernel's new Plotly Gantt", slider("voila"), "(no kernel)", slider("stock"),
             f"floor p50 {statistics.median(floor) * 1000:.0f} / p95 {floor_p95 * 1000:.0f} ms" if floor else "-"),
            ("  p95 / the floor's p95", ratio("voila"), "-", ratio("stock"), TARGETS["slider_p95_ratio"]),
            ("kernel memory for one reader", ", ".join(f"{v:.0f} MB" for v in result["voila"]["kernel_mb"]) or "-",
             "(no kernel)", ", ".join(f"{v:.0f} MB" for v in result["stock"]["kernel_mb"]) or "-", "one kernel, unchanged")]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(" | ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows)


if __name__ == "__main__":
    sys.exit(main())
