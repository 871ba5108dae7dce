"""Kernel faults, on the Voilà page as ``cardguide serve`` runs it: the phone's connection dropped
(a proxy that closes and refuses, as a phone does to a background tab) while its kernel is culled,
then back; a hidden tab's kernel released and closed tabs' kernels gone; kernel starts over IPC
(cardguide's setting) beside TCP (jupyter_client's default); the pool after waiting past the cull
timeout (Voilà's pool hang: plain Voilà's kernel manager beside cardguide's)."""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import time
from pathlib import Path


from . import common  # noqa: F401 (puts harness/ on the path)
from pages import chart_title, wait_drawn  # noqa: E402
from pool_hang import CARDGUIDE, PLAIN, one_start  # noqa: E402
from servers import PHONE, SeverableProxy, kernel_pid, set_hidden, voila  # noqa: E402

#: The kernel has joined the page's module (host.js), and the page answers alone, saying why.
LIVE = "() => !!(document.querySelector('.cg-reader') || {}).cardguide && document.querySelector('.cg-reader').cardguide.joined && !document.querySelector('.cg-status .cg-warn')"
OFFLINE = "() => !!document.querySelector('.cg-status .cg-warn')"


def gone(pid: int, limit: float) -> float | None:
    """Seconds until process ``pid`` has exited, or None after ``limit``."""
    start = time.monotonic()
    while Path(f"/proc/{pid}").exists():
        if time.monotonic() - start > limit:
            return None
        time.sleep(0.02)
    return time.monotonic() - start


def dropped(browser, url: str, cut_s: float) -> dict:
    """Cut the phone off for ``cut_s`` seconds, then let it back."""
    proxy = SeverableProxy(int(url.rsplit(":", 1)[1].strip("/")))
    ctx = browser.new_context(locale="zh-CN", **PHONE)
    page = ctx.new_page()
    page.goto(proxy.url + "?date=2026-09-28&carrier=china-unicom", timeout=120_000)
    page.wait_for_function(LIVE, timeout=120_000)
    pid = kernel_pid(page.content())
    page.locator(".cg-date").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('date=2026-09-29')", timeout=10_000)
    cut = time.monotonic()
    proxy.cut()
    time.sleep(3.5)  # the pulse is overdue; the reader touches the slider
    touched = time.monotonic()
    page.locator(".cg-date").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(OFFLINE, timeout=60_000)
    fallback_s = time.monotonic() - touched
    culled = gone(pid, cut_s)
    culled = None if culled is None else time.monotonic() - cut  # from the drop
    time.sleep(max(0.0, cut_s - (time.monotonic() - cut)))
    # Back: the phone's first touch, then the page's own reload.
    before = page.inner_text(".cg-answer")
    touched = time.monotonic()
    page.locator(".cg-date").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("(before) => document.querySelector('.cg-answer').innerText !== before", arg=before)
    answered_ms = (time.monotonic() - touched) * 1000
    chosen = page.evaluate("document.querySelector('.cg-pick').value")  # every touch was answered
    back = time.monotonic()
    proxy.mend()
    page.wait_for_function(LIVE, timeout=120_000)
    wait_drawn(page, 60_000, kernel=True)
    page.wait_for_function("d => (document.querySelector('.cg-plotly').dataset.key || '').startsWith(d)", arg=chosen,
                           timeout=60_000)
    live_s = time.monotonic() - back
    title = chart_title(page) or ""
    kept = "中国联通" in title and f"{int(chosen[5:7])}月{int(chosen[8:])}日" in title
    ctx.close()
    proxy.cut()
    return {"cut_s": cut_s, "fallback_s": fallback_s, "culled_s": culled, "answered_ms": answered_ms,
            "live_again_s": live_s, "kept": kept}


def tabs(browser, url: str, hidden_s: float, closes: int) -> dict:
    """A hidden tab's kernel (released after ``hidden_s``), and closed tabs' kernels."""
    page = browser.new_page()
    page.goto(url + "?date=2026-09-28", timeout=120_000)
    page.wait_for_function(LIVE, timeout=120_000)
    pid = kernel_pid(page.content())
    set_hidden(page, True)
    hidden = gone(pid, hidden_s + 30)
    page.close()
    closed = []
    for _ in range(closes):
        page = browser.new_page()
        statuses = []
        page.on("response", lambda r, s=statuses: "/voila/api/shutdown/" in r.url and s.append(r.status))
        page.goto(url + "?date=2026-09-28", timeout=120_000)
        page.wait_for_function(LIVE, timeout=120_000)
        pid = kernel_pid(page.content())
        page.goto("about:blank")
        closed.append((gone(pid, 30), statuses))
        page.close()
        time.sleep(3)  # the pool refills
    return {"hidden_after_s": hidden_s, "hidden_gone_s": hidden, "closed": closed}


async def starts(count: int, transport: str, at_once: int = 10) -> dict:
    """``count`` kernels started ``at_once`` at a time on ``transport``, each asked to run code."""
    from jupyter_client.manager import AsyncKernelManager

    ok, dead = 0, []
    with tempfile.TemporaryDirectory(prefix="cg-starts-") as folder:

        async def one(n):
            km = AsyncKernelManager(transport=transport, connection_file=f"{folder}/kernel-{n}.json")
            try:
                await km.start_kernel()
                client = km.client()
                client.start_channels()
                await client.wait_for_ready(timeout=60)
                reply = await client.execute_interactive("x = 6 * 7", timeout=60)
                client.stop_channels()
                return reply["content"]["status"] == "ok", None
            except Exception as exc:  # noqa: BLE001 - a dead kernel is what is counted
                return False, repr(exc)[:120]
            finally:
                with contextlib.suppress(Exception):
                    await km.shutdown_kernel(now=True)

        for first in range(0, count, at_once):
            for good, error in await asyncio.gather(*(one(n) for n in range(first, min(count, first + at_once)))):
                ok += good
                if error:
                    dead.append(error)
    return {"count": count, "ok": ok, "dead": dead[:3]}


def server(tmp: Path, cull: tuple[int, int], hidden_s: float, **options):
    """The Voilà page as ``cardguide serve`` runs it, with ``cull`` (idle timeout, interval) and a
    hidden tab's kernel released after ``hidden_s``."""
    return voila(tmp, cull_idle_timeout=cull[0], cull_interval=cull[1], env={"CARDGUIDE_RELEASE_HIDDEN": str(hidden_s)},
                 **options)


def pool_after_quiet(count: int, pool: int = 4) -> dict:
    """``count`` server starts each of plain Voilà's manager and cardguide's, two at a time."""
    from concurrent.futures import ThreadPoolExecutor

    result = {}
    for name, manager in (("plain", PLAIN), ("cardguide", CARDGUIDE)):
        with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(2) as workers:
            runs = list(workers.map(lambda n: one_start(manager, pool, Path(tmp)), range(count)))
        result[name] = {"starts": count, "failed": sum(not r["ok"] for r in runs),
                        "culled_in_use": sum(r["culled_in_use"] for r in runs), "zmq_error": sum(r["zmq_error"] for r in runs)}
    return result
