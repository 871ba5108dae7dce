"""Voilà's pool hang, reproduced and fixed: start a server again and again with a pool of
kernels, let the pooled kernels wait longer than the idle-cull timeout (as on any quiet
public server), then send one scripted viewer (harness/clients.py) and see if it gets its
widgets. Shared by ``tests/test_pool.py`` (which runs it as a command) and the benchmark suite's
faults (``benchmarks/faults.py``).

    python harness/pool_hang.py [starts] [pool size] [--plain N] [--output FILE]

Runs plain Voilà (its default kernel manager) and cardguide's (``cardguide.voila_adapter.kernels``) on the
one-cell notebook ``harness/pool-hello.ipynb``, side by side, and prints the failures.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "harness")]
from clients import scripted_viewer  # noqa: E402
from servers import free_port, isolated_env, wait_http, wait_log  # noqa: E402

NOTEBOOK = ROOT / "harness" / "pool-hello.ipynb"
PLAIN = "jupyter_server.services.kernels.kernelmanager.AsyncMappingKernelManager"
CARDGUIDE = "cardguide.voila_adapter.kernels.PoolAwareKernelManager"
# Seconds: `make run` uses 120 and 30; the race is the same. The viewer's websocket opens
# LOADING s after its page: longer than a cull interval (so a kernel whose idle time counts
# from its preheat is culled first), well within the idle timeout counted from the hand-out.
CULL_IDLE, CULL_INTERVAL, LOADING = 8, 1, 3


def one_start(manager: str, pool: int, tmp: Path) -> dict:
    """One server start, one viewer after the pool has waited past the cull timeout."""
    from cardguide.serve import voila_command

    port = free_port()
    args = voila_command(port, NOTEBOOK, pool_size=pool, cull_idle_timeout=CULL_IDLE, cull_interval=CULL_INTERVAL,
                         **{"VoilaConfiguration.multi_kernel_manager_class": manager})
    log = tmp / f"voila-{port}.log"
    started = time.monotonic()
    with open(log, "wb") as out:
        proc = subprocess.Popen(args, env=isolated_env(tmp), stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_http(f"http://127.0.0.1:{port}/voila/static/voila.js", proc)
            wait_log(log, f"is filled with {pool} kernel", proc, timeout=120)
            filled = time.monotonic() - started
            time.sleep(CULL_IDLE + 2 * CULL_INTERVAL)  # the pooled kernels are now "idle" for longer than the timeout
            try:
                # A phone loads the page's scripts for a few seconds before its websocket opens.
                seen = asyncio.run(scripted_viewer(f"http://127.0.0.1:{port}/", timeout=30, loading=LOADING))
                ok, detail = seen["widgets"] > 0, f"{seen['widgets']} widgets in {seen['state_s']:.1f} s"
            except Exception as exc:  # noqa: BLE001 - a hang or a closed socket is the finding
                ok, detail = False, type(exc).__name__
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    text = log.read_text(errors="replace")
    return {"ok": ok, "detail": detail, "filled_s": filled, "culled_in_use": "Culling 'idle' kernel" in text,
            "zmq_error": "Socket operation on non-socket" in text}


def starts(manager: str, count: int, pool: int, parallel: int = 2) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(parallel) as workers:
        return list(workers.map(lambda n: one_start(manager, pool, Path(tmp)), range(count)))


def main(argv: list[str] | None = None) -> dict:
    """``pool.py [COUNT [POOL]] [--plain N] [--output FILE]``: COUNT starts of cardguide's
    manager and N (default COUNT) of plain Voilà's; the runs as JSON in FILE."""
    import argparse
    import json

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", nargs="?", type=int, default=20)
    parser.add_argument("pool", nargs="?", type=int, default=4)
    parser.add_argument("--plain", type=int, help="starts of plain Voilà (default: as many)")
    parser.add_argument("--output", type=Path)
    options = parser.parse_args(argv)
    count, pool, result = options.count, options.pool, {}
    for name, manager, n in (("plain Voilà", PLAIN, options.plain if options.plain is not None else options.count),
                             ("cardguide", CARDGUIDE, count)):
        runs = result[name] = starts(manager, n, pool)
        bad = [r for r in runs if not r["ok"]]
        print(f"{name:12s} pool {pool}: {len(bad)}/{n} first viewers got nothing; "
              f"kernel culled while handed out in {sum(r['culled_in_use'] for r in runs)}, "
              f"ZMQError logged in {sum(r['zmq_error'] for r in runs)}; "
              f"pool filled in {min(r['filled_s'] for r in runs):.1f}-{max(r['filled_s'] for r in runs):.1f} s",
              flush=True)
    if options.output:
        options.output.write_text(json.dumps(result, indent=2) + "\n")
    return result


if __name__ == "__main__":
    main()
