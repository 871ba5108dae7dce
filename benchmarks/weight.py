"""Page weight and Lighthouse, through Lighthouse CI: ``lhci collect`` one visit at a time (each
Voilà visit on a preheated kernel and a quiet machine), ``lhci assert`` against
``lighthouserc.json``'s budgets, ``lhci upload`` to a folder; the figures the table shows are read
back from the reports Lighthouse wrote. Lighthouse CI 0.14.0 pins Lighthouse 12.1.0: npm's
``overrides`` give it the project's 12.8.2. Byte and score budgets that are no timing fail the run
("error"); timing budgets are reported ("warn"), as a busy machine's timings are no verdict."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
from pathlib import Path

from .common import CHROMIUM, ROOT

LHCI = {"@lhci/cli": "0.14.0"}
LIGHTHOUSE = {"lighthouse": "12.8.2"}
CONFIG = ROOT / "lighthouserc.json"


def lhci() -> Path:
    from npm import npm_tools

    return npm_tools("lhci", LHCI, overrides=LIGHTHOUSE) / "node_modules" / ".bin" / "lhci"


def _run(work: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(lhci()), *args, f"--config={CONFIG}"], cwd=work, capture_output=True, text=True,
                          timeout=600, env={**os.environ, "CHROME_PATH": CHROMIUM})


def collect(work: Path, url: str, *, desktop: bool = False) -> None:
    """One Lighthouse visit of ``url``, added to ``work``'s results."""
    args = ["collect", f"--url={url}", "--numberOfRuns=1", "--additive"]
    if desktop:
        args.append("--settings.preset=desktop")
    done = _run(work, *args)
    if done.returncode:
        raise RuntimeError(f"lhci collect {url}: {(done.stdout + done.stderr)[-1500:]}")


def assert_and_upload(work: Path, out: Path) -> dict:
    """``lhci assert`` (budgets) and ``lhci upload --target=filesystem``: what failed, what warned."""
    verdict = _run(work, "assert")
    results = work / ".lighthouseci" / "assertion-results.json"
    found = json.loads(results.read_text()) if results.exists() else []
    if verdict.returncode and not found:
        raise RuntimeError(f"lhci assert: {(verdict.stdout + verdict.stderr)[-1500:]}")
    _run(work, "upload", "--target=filesystem", f"--outputDir={out}")
    return {"passed": verdict.returncode == 0, "output": verdict.stdout + verdict.stderr,
            "failed": [f"{a['url']} {a['auditId']}{'.' + a['auditProperty'] if a.get('auditProperty') else ''}: "
                       f"{a['actual']} (budget {a['expected']})" for a in found if a["level"] == "error"],
            "warned": [f"{a['url']} {a['auditId']}{'.' + a['auditProperty'] if a.get('auditProperty') else ''}: "
                       f"{a['actual']} (budget {a['expected']})"
                       for a in found if a["level"] == "warn"]}


def figures(report: dict) -> dict:
    """One report's figures: scores, the core timings, bytes (and before plotly.js), requests."""
    audits, cats = report["audits"], report["categories"]
    items = audits.get("network-requests", {}).get("details", {}).get("items", [])
    return {
        "url": report["finalDisplayedUrl"], "form_factor": report["configSettings"]["formFactor"],
        **{key: round(100 * (cats[name]["score"] or 0)) for key, name in (
            ("performance", "performance"), ("accessibility", "accessibility"), ("seo", "seo"),
            ("best_practices", "best-practices"))},
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "fcp_s": audits["first-contentful-paint"]["numericValue"] / 1000,
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "kb": audits["total-byte-weight"]["numericValue"] / 1024,
        "kb_before_plotly": sum(i.get("transferSize", 0) for i in items if "plotly" not in i.get("url", "")) / 1024,
        "requests": len(items),
        "voila_front_end": [i["url"] for i in items if "/voila/static/" in i["url"] or "/labextensions/" in i["url"]],
        "failed_a11y": [ref["id"] for ref in cats["accessibility"]["auditRefs"]
                        if ref["weight"] and audits[ref["id"]]["score"] not in (1, None)],
        "lighthouse": report["lighthouseVersion"],
    }


def reports(work: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted((work / ".lighthouseci").glob("lhr-*.json"))]


def bundle_growth(built) -> dict:
    """The data bundle's bytes, and what a covered year adds (the calendar is most of it)."""
    import brotli

    from cardguide.bundle import build_bundle, calendar_data

    data = json.dumps(build_bundle(built), ensure_ascii=False, separators=(",", ":")).encode()
    cal = calendar_data()
    years = len(cal["days"]) / 365.25
    cal_bytes = json.dumps(cal, separators=(",", ":"), ensure_ascii=False).encode()
    return {"raw_kb": len(data) / 1024, "br_kb": len(brotli.compress(data, quality=11)) / 1024,
            "gz_kb": len(gzip.compress(data, 9)) / 1024, "calendar_years": round(years),
            "per_year_br_b": len(brotli.compress(cal_bytes, quality=11)) / years}


def measure(urls: dict, work: Path, out: Path, *, mobile_runs: int, desktop: bool, before_voila) -> dict:
    """Each page in ``urls`` ({name: url}) ``mobile_runs`` times on the mobile profile and once on
    the desktop preset; ``before_voila(name)`` readies a Voilà server for its next visit."""
    work.mkdir(parents=True, exist_ok=True)
    for name, url in urls.items():
        for _ in range(mobile_runs):
            before_voila(name)
            collect(work, url)
        if desktop:
            before_voila(name)
            collect(work, url, desktop=True)
    verdict = assert_and_upload(work, out)
    pages: dict = {name: {"mobile": [], "desktop": []} for name in urls}
    for report in reports(work):
        for name, url in urls.items():
            if report["requestedUrl"] == url:
                one = figures(report)
                pages[name]["mobile" if one["form_factor"] == "mobile" else "desktop"].append(one)
    return {"pages": pages, "budgets": verdict}
