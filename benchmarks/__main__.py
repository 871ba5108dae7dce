"""``python -m benchmarks [--smoke] [--only CONCERN,...] [--runs N] [--output FILE] [--docs FILE]``:
every concern in one run (``benchmarks/__init__.py``), one results file, the tables printed and
``docs/performance.md`` written from them (``--docs ''``: not written)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import crowds, faults, phone, report, roundtrip, weight
from .common import CHROMIUM, CHROMIUM_ARGS, LINK, ROOT, Dashboard, attempt, in_thread, lab_template, quiet, reader_site, refilled

CONCERNS = ("weight", "phone", "roundtrip", "crowds", "faults")
#: The day the reader's site is built on (its bundle's "today"), as the tests' servers use.
BUILT = dt.date(2026, 11, 25)


def settings(smoke: bool, runs: int) -> dict:
    """The counts: ``make bench``'s, or the smoke run's (``make test``: every code path once)."""
    if smoke:
        return {"smoke": True, "mobile_runs": 1, "desktop": False, "lab_lighthouse": False, "phone_loads": 1,
                "changes_until_s": 5, "runs": 1, "presses": 6, "burst": (8, 2), "nginx_readers": 100,
                "scripted": (1, (2,), (30,), 4, 0), "cut_s": 6, "cull": (3, 1), "hidden_s": 2, "closes": 1, "starts": 4,
                "pool_starts": 0, "browsers": (3, ("chart floor",), False),
                # the pool refills at once, busy CPUs or not: the smoke's waits are for code paths, not
                # for a quiet machine (its two halves run side by side)
                "server": {"VoilaKernelManager.fill_delay": 0, "PoolAwareKernelManager.refill_cpu_busy": 1}}
    return {"smoke": False, "mobile_runs": 3, "desktop": True, "lab_lighthouse": True, "phone_loads": 3,
            "changes_until_s": 25, "runs": runs, "presses": 100, "burst": (200, 20), "nginx_readers": 3000,
            # A phone away 100 s while the server culls idle kernels after 60 s (make run: 120 s, every
            # 30 s; the same mechanism, half the wait); a hidden tab released after 60 s (make run: 120).
            "scripted": (20, (10, 20), (60, 120, 240), 45, 35), "cut_s": 100, "cull": (60, 10), "hidden_s": 60,
            "closes": 3, "starts": 50, "pool_starts": 6, "browsers": (10, ("chart floor", "cardguide"), True), "server": {}}


def machine() -> dict:
    import importlib.metadata as md

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "chromium": subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip(),
            "versions": {name: md.version(name) for name in ("voila", "ipywidgets", "plotly", "holidays")},
            "commit": commit, "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}


def run(concerns: tuple[str, ...], s: dict, out: Path) -> dict:
    from playwright.sync_api import sync_playwright

    results: dict = {"machine": machine(), "settings": {k: v for k, v in s.items()}, "concerns": list(concerns),
                     "took_s": {}}
    clock = [time.monotonic()]

    def took(name: str) -> None:
        """Seconds since the last mark, under ``name`` (servers' starts count where they happen)."""
        results["took_s"][name] = round(results["took_s"].get(name, 0) + time.monotonic() - clock[0])
        clock[0] = time.monotonic()

    pages = bool({"weight", "phone", "roundtrip"} & set(concerns))  # they share the Voilà page and the lab template
    with tempfile.TemporaryDirectory(prefix="cardguide-bench-") as tmp_name, sync_playwright() as p:
        tmp = Path(tmp_name)
        for name in ("dash", "lab", "lhci", "burst", "scripted", "drop", "browsers"):
            (tmp / name).mkdir()
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        with contextlib.ExitStack() as servers:
            site_url, site = servers.enter_context(reader_site(BUILT))
            if pages:
                dash = servers.enter_context(Dashboard(tmp / "dash", smoke=s["smoke"], **s["server"]))
                lab_base, lab_log, lab_proc = servers.enter_context(lab_template(tmp / "lab", **s["server"]))
                reader_url, voila_url = site_url + "reader/" + LINK, dash.url + LINK
                lab_url = lab_base + "dashboard.ipynb" + LINK
            lab_fills = [1]
            took("servers")

            def lab_ready(taken: int = 1):
                refilled(lab_log, lab_fills[0], timeout=300)
                lab_fills[0] += taken
                quiet(lab_proc.pid)

            def ready(name: str) -> None:
                if name == "voila":
                    dash.ready()
                    dash.took()
                elif name == "lab":
                    lab_ready()
                else:
                    quiet(dash.proc.pid)

            if "weight" in concerns:
                pages = {"reader": reader_url, "voila": voila_url}
                if s["lab_lighthouse"]:
                    pages["lab"] = lab_url
                results["weight"] = attempt(weight.measure, pages, tmp / "lhci", out / "lighthouse",
                                            mobile_runs=s["mobile_runs"], desktop=s["desktop"], before_voila=ready) or {}
                results["weight"]["bundle"] = attempt(weight.bundle_growth, BUILT)
                took("weight")
            if "phone" in concerns:
                results["phone"] = {"reader": [], "voila": []}
                for _ in range(s["phone_loads"]):
                    ready("reader")
                    results["phone"]["reader"].append(attempt(phone.visit, browser, reader_url, kernel=False,
                                                              changes_until_s=s["changes_until_s"]))
                    ready("voila")
                    results["phone"]["voila"].append(attempt(phone.visit, browser, voila_url, kernel=True,
                                                             changes_until_s=s["changes_until_s"]))
                took("phone")

            if "roundtrip" in concerns:
                def app_ready(taken: int = 1):
                    dash.ready()
                    dash.took(taken)

                results["roundtrip"] = attempt(roundtrip.measure, browser, voila_url, lab_base + "floor.ipynb",
                                               runs=s["runs"], presses=s["presses"], ready=app_ready)
                took("roundtrip")
            if "crowds" in concerns:
                results["crowds"] = {"nginx": attempt(crowds.readers_per_minute, site_url + "reader/", site,
                                                      s["nginx_readers"])}
                took("crowds: nginx")
        if "crowds" in concerns:
            readers, bound = s["burst"]
            results["crowds"]["burst"] = attempt(crowds.burst, tmp / "burst", readers, bound, **s["server"])
            took("crowds: burst")
            pool, sizes, rates, period, rest_s = s["scripted"]
            results["crowds"]["scripted"] = attempt(in_thread, lambda: crowds.scripted(
                tmp / "scripted", pool, sizes, rates, period, rest_s, **s["server"]))
            took("crowds: scripted")
            viewers, crowd_pages, phones = s["browsers"]
            results["crowds"]["browsers"] = attempt(crowds.browsers, browser, tmp / "browsers", viewers, crowd_pages, phones)
            took("crowds: browsers")
        if "faults" in concerns:
            with faults.server(tmp / "drop", s["cull"], s["hidden_s"], **s["server"]) as (url, _):
                results["faults"] = {"dropped": attempt(faults.dropped, browser, url, s["cut_s"]),
                                     "tabs": attempt(faults.tabs, browser, url, s["hidden_s"], s["closes"])}
            results["faults"].update({
                "ipc": attempt(in_thread, lambda: asyncio.run(faults.starts(s["starts"], "ipc"))),
                "tcp": attempt(in_thread, lambda: asyncio.run(faults.starts(s["starts"], "tcp"))),
                "pool": attempt(faults.pool_after_quiet, s["pool_starts"]) if s["pool_starts"] else None})
            took("faults")
        browser.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="every concern once, small counts (make test)")
    parser.add_argument("--only", default=",".join(CONCERNS), help="concerns, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs of the round trip against the floor")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results.json")
    parser.add_argument("--docs", default=str(ROOT / "docs" / "performance.md"), help="'' to leave the page alone")
    options = parser.parse_args(argv)
    concerns = tuple(c for c in options.only.split(",") if c)
    unknown = [c for c in concerns if c not in CONCERNS]
    if unknown:
        parser.error(f"unknown concern {unknown}: choose from {', '.join(CONCERNS)}")
    out = options.output.parent / "reports"
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    # The smoke run checks code paths, not timings: crowds and faults (servers of their own) run
    # beside the rest in a second process. ``make bench`` runs every concern alone on the machine.
    beside = tuple(c for c in concerns if c in ("crowds", "faults")) if options.smoke and len(concerns) > 2 else ()
    child = None
    if beside:
        child_out = options.output.with_name(options.output.stem + "-beside.json")
        child = subprocess.Popen([sys.executable, "-m", "benchmarks", "--smoke", "--only", ",".join(beside),
                                  "--output", str(child_out), "--docs", ""], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    results = run(tuple(c for c in concerns if c not in beside), settings(options.smoke, options.runs), out)
    if child:
        child.communicate(timeout=1200)
        other = json.loads(child_out.read_text())
        child_out.unlink()
        results.update({c: other.get(c) for c in beside})
        results["took_s"].update({k: v for k, v in other["took_s"].items() if k not in ("all", "servers")})
        results["concerns"] = list(concerns)
    results["took_s"]["all"] = round(time.monotonic() - started)
    options.output.write_text(json.dumps(results, indent=1, default=str) + "\n")
    print(report.text(results))
    if options.docs:
        Path(options.docs).write_text(report.markdown(results))
    budgets = (results.get("weight") or {}).get("budgets") or {}
    if budgets and not budgets.get("passed"):  # lighthouserc.json's "error" budgets: no timing, a verdict
        print("Lighthouse CI budgets failed:\n" + "\n".join(budgets.get("failed", [])), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
