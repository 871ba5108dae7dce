"""Lighthouse 12.8.2 against the dashboard as ``make run`` serves it and, side by side, a one-cell
hello-world on plain Voilà: the web's own yardstick for a first visit on a phone (the default
mobile profile: slow 4G, 4x slower CPU) and on a desktop (``--preset=desktop``).

Lighthouse comes from npm, pinned (``npm i -E lighthouse@12.8.2``; 13.x needs Node 22), into a
cache directory; chromium is Debian's. Everything runs on loopback, offline.

    python benchmarks/lighthouse.py [--mobile-runs 3] [--output-dir DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "harness"))
from npm import npm_tools  # noqa: E402
from pages import wait_drawn  # noqa: E402

from servers import CHROMIUM, CHROMIUM_ARGS, free_port, isolated_env, quiet, refilled, running, wait_log  # noqa: E402

from cardguide.serve import voila_command  # noqa: E402

VERSION = "12.8.2"
AUDITS = {"lcp_s": "largest-contentful-paint", "fcp_s": "first-contentful-paint", "tbt_ms": "total-blocking-time",
          "cls": "cumulative-layout-shift"}


def lighthouse() -> Path:
    """The pinned Lighthouse CLI, installed once into the cache (``harness/npm.py``)."""
    return npm_tools("lighthouse", {"lighthouse": VERSION}) / "node_modules" / ".bin" / "lighthouse"


def audit(url: str, report: Path, *, desktop: bool = False) -> dict:
    """One Lighthouse run: performance and accessibility scores, the core metrics, bytes."""
    args = [str(lighthouse()), url, "--output=json", f"--output-path={report}", "--quiet",
            "--only-categories=performance,accessibility,seo,best-practices", "--chrome-flags=--headless --no-sandbox",
            "--max-wait-for-load=90000"]
    if desktop:
        args.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(args, check=True, timeout=400, env=env, capture_output=True)
    data = json.loads(report.read_text())
    audits = data["audits"]
    figures = {key: audits[name].get("numericValue") for key, name in AUDITS.items()}
    figures["lcp_s"] = (figures["lcp_s"] or 0) / 1000
    figures["fcp_s"] = (figures["fcp_s"] or 0) / 1000
    items = audits.get("network-requests", {}).get("details", {}).get("items", [])
    return {
        "performance": round(100 * (data["categories"]["performance"]["score"] or 0)),
        "accessibility": round(100 * (data["categories"]["accessibility"]["score"] or 0)),
        "seo": round(100 * (data["categories"]["seo"]["score"] or 0)),
        "best_practices": round(100 * (data["categories"]["best-practices"]["score"] or 0)),
        # What a first visit costs before plotly.js (loaded when the chart nears the screen).
        "kb_before_plotly": sum(item.get("transferSize", 0) for item in
                                audits.get("network-requests", {}).get("details", {}).get("items", [])
                                if "plotly" not in item.get("url", "")) / 1024,
        **figures,
        "kb": audits["total-byte-weight"]["numericValue"] / 1024,
        "requests": len(items),
        "failed_a11y": [a for a, r in audits.items() if r.get("scoreDisplayMode") == "binary" and r.get("score") == 0
                        and a in {ref["id"] for ref in data["categories"]["accessibility"]["auditRefs"]}],
        "report": str(report),
    }


def ready(log: Path, proc, times: int) -> None:
    """Each visit gets a preheated kernel, drawn, on a quiet machine. Lighthouse's back/forward
    cache check loads the page a second time, which takes a second kernel: wait out the pool's
    refill delay (15 s, voila.json) for both, then their drawing."""
    import time

    refilled(log, times, timeout=300)
    time.sleep(20)
    quiet(proc.pid)


@contextlib.contextmanager
def served():
    """The dashboard exactly as ``make run`` serves it, its pool filled and one viewer served
    (``warm_up``): yields its URL, log and process, for ``ready`` before each measured visit."""
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        log = tmp / "voila.log"
        with running(voila_command(port), isolated_env(tmp), url + "voila/static/voila.js", log) as proc:
            wait_log(log, "is filled with", proc)
            warm_up(url)
            yield url, log, proc


def warm_up(url: str) -> None:
    """One viewer before the measured ones, as a public server has had: a server's first viewer
    gets brotli's quick quality, and everyone after the best (``voila_adapter.app.Precompressed``)."""
    import time

    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url, timeout=90_000)
        wait_drawn(page, 90_000, kernel=True)
        browser.close()
    time.sleep(10)  # the best quality, compressed in the background


def measure(mobile_runs: int, output_dir: Path, *, desktop: bool = True, hello: bool = True) -> dict:
    """The dashboard served exactly as ``make run`` serves it; hello-world on plain Voilà."""
    output_dir.mkdir(parents=True, exist_ok=True)
    results: dict = {"dashboard": {"mobile": [], "desktop": []}, "hello": {"mobile": []}}
    with served() as (url, log, proc):
        for n in range(mobile_runs):
            ready(log, proc, n + 2)
            results["dashboard"]["mobile"].append(audit(url, output_dir / f"dashboard-mobile-{n + 1}.json"))
        if desktop:
            ready(log, proc, mobile_runs + 2)
            results["dashboard"]["desktop"].append(audit(url, output_dir / "dashboard-desktop.json", desktop=True))
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if hello:
            port = free_port()
            url = f"http://127.0.0.1:{port}/"
            args = [sys.executable, "-m", "voila", str(HERE / "hello.ipynb"), f"--port={port}", "--no-browser",
                    "--Voila.ip=127.0.0.1"]
            with running(args, isolated_env(tmp), url + "voila/static/voila.js", tmp / "hello.log"):
                results["hello"]["mobile"].append(audit(url, output_dir / "hello-mobile.json"))
    return results


def table(results: dict) -> str:
    rows = [("run", "perf", "a11y", "SEO", "BP", "FCP", "LCP", "TBT", "CLS", "KB", "KB before plotly.js", "requests")]
    for page, kinds in results.items():
        for kind, runs in kinds.items():
            for n, r in enumerate(runs, 1):
                rows.append((f"{page} {kind} {n}", str(r["performance"]), str(r["accessibility"]), str(r["seo"]),
                             str(r["best_practices"]), f"{r['fcp_s']:.1f} s", f"{r['lcp_s']:.1f} s", f"{r['tbt_ms']:.0f} ms",
                             f"{r['cls']:.3f}", f"{r['kb']:,.0f}", f"{r['kb_before_plotly']:,.0f}", str(r["requests"])))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mobile-runs", type=int, default=3)
    parser.add_argument("--output-dir", type=Path, default=HERE / "lighthouse")
    parser.add_argument("--smoke", action="store_true", help="one mobile run of the dashboard only")
    args = parser.parse_args(argv)
    if args.smoke:
        results = measure(1, args.output_dir, desktop=False, hello=False)
    else:
        results = measure(args.mobile_runs, args.output_dir)
    (args.output_dir / "summary.json").write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))
    for page, kinds in results.items():
        for kind, runs in kinds.items():
            for r in runs:
                if r["failed_a11y"]:
                    print(f"{page} {kind}: failed accessibility audits: {', '.join(r['failed_a11y'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
