"""The server's own capacity, without a browser's CPU: scripted viewers (tests/clients.py)
fetch the page, open the kernel's websocket and receive every widget's state, the moment a
browser could draw.

    python benchmarks/capacity.py [pool size]

Prints, from one server (``cardguide serve``'s settings, the given pool):
- one viewer alone, measured first; then crowds of 10 and 20 at once (p50/p95, ratio to alone);
- viewers arriving steadily at rising rates, each for two minutes: the highest rate whose p95
  stays within 5 s is the capacity of this machine;
- resident memory per live viewer (server and kernels).
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests")]
from clients import crowd, scripted_viewer  # noqa: E402
from servers import kernel_processes, quiet, refilled, rss_mb, tree_rss_mb, voila  # noqa: E402

RATES = (6, 10, 15, 20, 30)  # viewers per minute
PERIOD = 120  # seconds at each rate
P95_BOUND = 5.0


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * (len(ordered) + 1)) - 1))]


async def steady(url: str, rate: float, period: float) -> list[float]:
    tasks, start, n = [], time.monotonic(), 0
    while time.monotonic() - start < period:
        tasks.append(asyncio.ensure_future(scripted_viewer(url + f"?date=2026-10-{1 + n % 28:02d}", timeout=120)))
        n += 1
        await asyncio.sleep(60 / rate)
    results = await asyncio.gather(*tasks, return_exceptions=True)
    return [r["state_s"] if isinstance(r, dict) else float("inf") for r in results]


def main() -> None:
    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=1000)  # the default queues all but 10 requests
    pool = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    figures = {"pool_size": pool}
    with tempfile.TemporaryDirectory() as tmp, \
            voila(Path(tmp), pool_size=pool, cull_idle_timeout=30, cull_interval=5) as (url, server):
        log, fills = Path(tmp) / "voila.log", 1
        refilled(log, fills, pool)
        quiet(server.pid)
        base = tree_rss_mb(server.pid)
        figures["rss_mb_per_kernel"] = round((base - rss_mb(server.pid)) / kernel_processes(server.pid), 1)
        alone = asyncio.run(scripted_viewer(url + "?date=2026-08-31"))["state_s"]
        figures["alone_s"] = round(alone, 2)
        for size in (10, 20):
            fills += 1
            refilled(log, fills, pool)
            quiet(server.pid)
            results = asyncio.run(crowd(lambda n: url + f"?date=2026-09-{1 + n:02d}", size, timeout=300))
            times = [r["state_s"] for r in results if isinstance(r, dict)]
            figures[f"crowd_{size}"] = {
                "ok": len(times), "failed": [repr(r)[:120] for r in results if not isinstance(r, dict)],
                "p50_s": round(statistics.median(times), 2), "p95_s": round(p95(times), 2),
                "p95_over_alone": round(p95(times) / alone, 1)}
            print(json.dumps({f"crowd_{size}": figures[f"crowd_{size}"]}), flush=True)
            time.sleep(40)  # the crowd's kernels are culled (30 s idle)
        figures["rates"] = {}
        for rate in RATES:
            time.sleep(40)
            times = asyncio.run(steady(url, rate, PERIOD))
            figures["rates"][rate] = {"viewers": len(times), "p50_s": round(statistics.median(times), 2),
                                      "p95_s": round(p95(times), 2)}
            print(json.dumps({f"{rate}/min": figures["rates"][rate]}), flush=True)
            if p95(times) > 2 * P95_BOUND:
                break
        within = [r for r, f in figures["rates"].items() if f["p95_s"] <= P95_BOUND]
        figures["capacity_viewers_per_min"] = max(within) if within else 0
    out = ROOT / "benchmarks" / "capacity.json"
    out.write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
