"""The server's own capacity, without a browser's CPU: scripted viewers (harness/clients.py)
fetch the page, open the kernel's websocket and receive every widget's state, the moment a
browser could draw.

    python benchmarks/capacity.py [pool size]
    python benchmarks/capacity.py 10 --workers 2    # the crowds only, over two servers


Prints, from one server (``cardguide serve``'s settings, the given pool):
- one viewer alone, measured first (after one warm-up visit); then crowds of 10 and 20 at once (p50/p95, ratio to alone);
- viewers arriving steadily at rising rates, each for two minutes: the highest rate whose p95
  stays within 5 s is the capacity of this machine;
- resident memory per live viewer (server and kernels).

With ``--workers N``: N servers, the pool split between them, viewer n sent to server n mod N
(what nginx's hash of a random route does on average), crowds only: benchmarks/capacity-workers.json.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "harness")]
from clients import crowd, scripted_viewer  # noqa: E402
from servers import kernel_processes, quiet, refilled, rss_mb, tree_rss_mb, voila  # noqa: E402

RATES = (6, 10, 15, 20, 30, 45, 60, 90, 120)  # viewers per minute
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


def crowds_over_workers(pool: int, workers: int) -> dict:
    """Alone (on the first server, after a warm-up visit to each), then 10 and 20 at once."""
    figures = {"pool_size": pool, "workers": workers}
    share = max(1, pool // workers)
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        servers, logs = [], []
        for w in range(workers):
            (Path(tmp) / str(w)).mkdir()
            servers.append(stack.enter_context(voila(Path(tmp) / str(w), pool_size=share,
                                                     cull_idle_timeout=30, cull_interval=5)))
            logs.append(Path(tmp) / str(w) / "voila.log")

        def fills() -> list[int]:
            return [log.read_text(errors="replace").count(f"is filled with {share} kernel") for log in logs]

        def full_again(marks: list[int], drained: range | list[int]) -> None:
            """The ``drained`` pools refilled since ``marks`` were taken; every kernel done drawing."""
            for w in drained:
                refilled(logs[w], marks[w] + 1, share)
            for _, server in servers:
                quiet(server.pid)

        full_again([0] * workers, range(workers))
        marks = fills()
        for url, _ in servers:
            asyncio.run(scripted_viewer(url + "?date=2026-08-30"))  # warms each server's caches
        full_again(marks, range(workers))
        marks = fills()
        alone = asyncio.run(scripted_viewer(servers[0][0] + "?date=2026-08-31"))["state_s"]
        figures["alone_s"] = round(alone, 2)
        drained = [0]  # the viewer alone's server
        for size in (10, 20):
            full_again(marks, drained)
            drained = range(workers)
            time.sleep(40 if size == 20 else 0)  # the last crowd's kernels are culled (30 s idle)
            marks = fills()
            results = asyncio.run(crowd(lambda n: servers[n % workers][0] + f"?date=2026-09-{1 + n:02d}", size,
                                        timeout=300))
            times = [r["state_s"] for r in results if isinstance(r, dict)]
            figures[f"crowd_{size}"] = {
                "ok": len(times), "failed": [repr(r)[:120] for r in results if not isinstance(r, dict)],
                "p50_s": round(statistics.median(times), 2), "p95_s": round(p95(times), 2),
                "p95_over_alone": round(p95(times) / alone, 1)}
            print(json.dumps({f"crowd_{size}": figures[f"crowd_{size}"]}), flush=True)
    return figures


def main() -> None:
    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=1000)  # the default queues all but 10 requests
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pool", type=int, nargs="?", default=10)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    pool = args.pool
    if args.workers > 1:
        figures = crowds_over_workers(pool, args.workers)
        (ROOT / "benchmarks" / "capacity-workers.json").write_text(json.dumps(figures, indent=2))
        print(json.dumps(figures, indent=2))
        return
    figures = {"pool_size": pool}
    with tempfile.TemporaryDirectory() as tmp, \
            voila(Path(tmp), pool_size=pool, cull_idle_timeout=30, cull_interval=5) as (url, server):
        log, fills = Path(tmp) / "voila.log", 1
        refilled(log, fills, pool)
        quiet(server.pid)
        base = tree_rss_mb(server.pid)
        figures["rss_mb_per_kernel"] = round((base - rss_mb(server.pid)) / kernel_processes(server.pid), 1)
        asyncio.run(scripted_viewer(url + "?date=2026-08-30"))  # a first visit warms the server's caches
        fills += 1
        refilled(log, fills, pool)
        quiet(server.pid)
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
