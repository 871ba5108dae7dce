"""Issue 25's promises, kept by the one front end (issue 33): the Voilà page answers from its
first paint, survives a dropped connection and a hidden tab, and stays up under a burst larger
than its bound of kernels.

The page is the reader's module answering from its first paint; the kernel's widget joins it when
it is ready, gets the reader's current choice and draws its Plotly Gantt in the module's chart
box; when the connection or the kernel goes the module answers alone and says so (``.cg-status``).
Expected dates come from chinese-calendar (an independent calendar), never from the estimator;
the kernel's Gantt is read back from plotly.js (``conftest.wait_gantt``).
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import json
import re
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import chart_title, open_page, wait_drawn, wait_gantt, workday_after, zh_long
from pages import KernelWire, choose_carrier, tap_carrier
from servers import PHONE, SeverableProxy, kernel_pid, kernel_processes, set_hidden, voila

FULL = "交互版暂时满员"  # the reader's page's note beyond the bound (ui.toml connection.full)
OFFLINE = "与服务器的连接已中断"  # ui.toml connection.offline
PAUSED = "交互版已暂停"  # ui.toml connection.paused


def answer(day: dt.date, best_review: int, worst_review: int) -> str:
    """The answer sentence's two dates: review days plus the confirmation day, counted from the
    first handling day (the article's 24 hours: the submission's own working day)."""
    return f"最快{zh_long(workday_after(day, best_review + 1))}、最慢{zh_long(workday_after(day, worst_review + 1))}"


def phone(browser):
    return open_page(browser, None, **PHONE)[0]


def says(page, part: str, text: str, timeout: float = 15_000) -> None:
    page.wait_for_function("([sel, text]) => document.querySelector(sel)?.innerText.includes(text)",
                           arg=[part, text], timeout=timeout)


def gone(pid: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    return not Path(f"/proc/{pid}").exists()


@pytest.mark.browser
def test_a_phone_changes_the_date_before_the_kernel_joins_and_the_kernel_gets_it(browser, tmp_path):
    """The kernel held back (its messages kept from the page): the module answers a date change at once (Wed 2026-09-30,
    China Mobile 1/3 days: done Thu 10-08 to Sat 10-10, the make-up working day, by
    chinese-calendar) and a carrier change (China Broadnet, 1/2/4). Let go, the kernel joins with
    that day and carrier, not the link's: its Plotly Gantt shows them."""
    with voila(tmp_path) as (url, _):
        page = phone(browser)
        wire = KernelWire(page, held=True)
        page.goto(url + "?date=2026-09-29", wait_until="domcontentloaded", timeout=90_000)
        page.wait_for_selector(".cg-reader.cg-mounted", timeout=30_000)
        assert answer(dt.date(2026, 9, 29), 1, 3) in page.inner_text(".cg-answer")
        assert page.get_attribute(".cg-chart", "data-drawn") == "svg"
        page.locator(".cg-date").focus()
        page.keyboard.press("ArrowRight")
        says(page, ".cg-answer", "2026年9月30日", timeout=5_000)
        assert answer(dt.date(2026, 9, 30), 1, 3) in page.inner_text(".cg-answer")
        tap_carrier(page, "china-broadnet")  # a tap on the carrier slider's track
        assert answer(dt.date(2026, 9, 30), 1, 4) in page.inner_text(".cg-answer")
        assert wire.kept and page.get_attribute(".cg-chart", "data-drawn") == "svg", "the kernel was not held back"
        wire.release()
        wait_drawn(page, kernel=True)
        wait_gantt(page, dt.date(2026, 9, 30), 1, 4)
        assert "中国广电" in chart_title(page) and "9月30日（周三）" in chart_title(page)
        assert answer(dt.date(2026, 9, 30), 1, 4) in page.inner_text(".cg-answer")
        assert page.locator(".cg-reader").count() == 1  # one answer on the page, which the kernel joined
        assert page.errors == []
        page.context.close()


@pytest.mark.browser
def test_a_dropped_connection_keeps_the_page_answering_and_the_reload_keeps_the_choice(browser, tmp_path):
    """A proxy cuts the phone off for longer than the culling time (the kernel is culled): the
    module answers with the last choice and any new one, and says so; when the server is
    reachable again the page reloads by itself and the new kernel draws the choice made while
    cut off."""
    with voila(tmp_path, cull_idle_timeout=3, cull_interval=1) as (url, server):
        proxy = SeverableProxy(int(url.rsplit(":", 1)[1].strip("/")))
        page = phone(browser)
        page.goto(proxy.url + "?date=2026-09-29&lang=zh", timeout=90_000)
        wait_drawn(page, kernel=True)
        pid = kernel_pid(page.content())
        page.locator(".cg-date").focus()
        page.keyboard.press("ArrowRight")  # Wed 09-30, through the kernel
        wait_gantt(page, dt.date(2026, 9, 30), 1, 3)
        page.wait_for_function("() => location.search.includes('date=2026-09-30')", timeout=10_000)
        proxy.cut()
        says(page, ".cg-status", OFFLINE, timeout=30_000)
        assert page.get_attribute(".cg-chart", "data-drawn") == "svg"  # the module's Gantt again
        assert answer(dt.date(2026, 9, 30), 1, 3) in page.inner_text(".cg-answer")  # the last day
        choose_carrier(page, "mvno")  # chosen while cut off (2/3/5 days), from the keyboard
        assert answer(dt.date(2026, 9, 30), 2, 5) in page.inner_text(".cg-answer")
        assert gone(pid, 30), "the kernel was not culled while the page was cut off"
        with page.expect_navigation(timeout=60_000):
            proxy.mend()
        wait_drawn(page, kernel=True)
        wait_gantt(page, dt.date(2026, 9, 30), 2, 5)
        assert "虚拟运营商" in chart_title(page) and "9月30日（周三）" in chart_title(page)
        assert page.inner_text(".cg-status").strip() == ""
        assert page.errors == []
        page.context.close()
        proxy.cut()


@pytest.mark.browser
def test_a_hidden_tab_gives_its_kernel_back_and_keeps_answering(browser, tmp_path):
    """Hidden for CARDGUIDE_RELEASE_HIDDEN seconds (2 here, 120 by default), the page shuts its
    kernel down and the module answers, saying so, with a button that goes live again with the
    choice."""
    with voila(tmp_path, env={"CARDGUIDE_RELEASE_HIDDEN": "2"}) as (url, _):
        page = phone(browser)
        page.goto(url + "?date=2026-09-29&carrier=china-unicom", timeout=90_000)
        wait_drawn(page, kernel=True)
        pid = kernel_pid(page.content())
        set_hidden(page, True)
        assert gone(pid, 10), "the hidden page kept its kernel"
        set_hidden(page, False)
        assert PAUSED in page.inner_text(".cg-status")
        assert page.get_attribute(".cg-chart", "data-drawn") == "svg"
        page.locator(".cg-date").focus()
        page.keyboard.press("ArrowRight")
        says(page, ".cg-answer", "2026年9月30日", timeout=5_000)
        assert "向中国联通提交申请" in page.inner_text(".cg-answer")
        with page.expect_navigation(timeout=30_000):
            page.locator(".cg-status .cg-reconnect").click()
        wait_drawn(page, kernel=True)
        wait_gantt(page, dt.date(2026, 9, 30), 1, 3)
        assert "中国联通" in chart_title(page) and "9月30日（周三）" in chart_title(page)
        assert page.inner_text(".cg-status").strip() == ""
        assert page.errors == []
        page.context.close()


@pytest.mark.slow
def test_a_burst_larger_than_the_bound_gets_every_reader_an_answer(tmp_path):
    """Twelve readers at once, each with a day of their own, on a server bound to 3 kernels:
    never more than 3 kernel processes; every reader's page holds their answer (a kernel's page,
    or beyond the bound the reader's page, which says why); a reader after the burst gets one."""
    days = [dt.date(2026, 9, 21) + dt.timedelta(days=i) for i in range(12)]
    with voila(tmp_path, max_kernels=3, cull_idle_timeout=4, cull_interval=1) as (url, server):
        most, stop = [0], threading.Event()

        def count():
            while not stop.is_set():
                most[0] = max(most[0], kernel_processes(server.pid))
                time.sleep(0.02)

        counter = threading.Thread(target=count)
        counter.start()

        def read(day):
            started = time.monotonic()
            with urllib.request.urlopen(f"{url}?date={day.isoformat()}", timeout=120) as response:
                html = re.sub(r"<[^>]+>", "", response.read().decode())  # the answer's dates are in <b>
            return response.status, html, time.monotonic() - started

        with concurrent.futures.ThreadPoolExecutor(len(days)) as pool:
            pages = list(pool.map(read, days))
        stop.set()
        counter.join()
        assert most[0] <= 3, f"{most[0]} kernels under a bound of 3"
        full = 0
        for day, (status, html, _) in zip(days, pages):
            assert status == 200 and answer(day, 1, 3) in html, day
            full += FULL in html
        assert 1 <= full < len(days), full  # some live, the rest the reader's page
        # The burst's kernels, never connected, are culled: a later reader gets a kernel again
        # (until then the reader's page, with the answer all the same).
        deadline, live = time.monotonic() + 60, False
        while not live and time.monotonic() < deadline:
            status, html, _ = read(dt.date(2026, 9, 29))
            assert status == 200 and answer(dt.date(2026, 9, 29), 1, 3) in html
            live = FULL not in html
            time.sleep(0.5)
        assert live and kernel_processes(server.pid) <= 3


@pytest.mark.slow
def test_kernels_talk_over_ipc_sockets_not_tcp_ports(tmp_path):
    """The port race (a kernel handed out dead: ZMQError Address already in use) cannot happen
    without TCP ports: every kernel's connection file says ipc, and twelve quick starts at the
    bound all give working pages."""
    with voila(tmp_path, pool_size=2) as (url, server):
        with urllib.request.urlopen(url, timeout=120) as response:
            html = response.read().decode()
        pid = kernel_pid(html)
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
        connection = next(arg for arg in cmdline if arg.endswith(".json"))
        info = json.loads(Path(connection).read_text())
        assert info["transport"] == "ipc" and all(Path(f"{info['ip']}-{info[k]}").is_socket()
                                                   for k in ("shell_port", "iopub_port", "control_port"))
