"""The app as a public service meets it: a server clock in another zone, a clock past the
holiday data, a path prefix behind nginx, two workers.

The server's clock is moved with Debian's libfaketime, preloaded into that server's processes
only (the browser and this test keep the real clock); the page's "today" is then the server's
own reading of Beijing's date, as in production (no ``CARDGUIDE_TODAY``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from cardguide.workdays import LAST_YEAR
from conftest import chart_title, drawn_gantt, open_page, wait_gantt, zh_long
from observatory import recipe
from servers import (CLOCK_REREAD, LIBFAKETIME, clock_at, free_port, isolated_env, move_clock, nginx_running,
                     running, voila, wait_log)

BEIJING = dt.timezone(dt.timedelta(hours=8))


def open_app(browser, url):
    page, _ = open_page(browser, url, year=False, kernel=True, viewport={"width": 1200, "height": 900})
    return page, page.requests


def slider_day(page) -> str:
    return page.locator(".cg-date").get_attribute("aria-valuetext")


@pytest.mark.slow
def test_libfaketime_is_installed():
    assert __import__("pathlib").Path(LIBFAKETIME).is_file(), "`make test` installs Debian's faketime"


@pytest.mark.browser
def test_a_server_in_utc_minus_12_defaults_to_beijings_date_when_the_viewer_arrives(browser, tmp_path):
    """The server's clock starts 30 s before midnight in Beijing, where it is 04:00 of the
    same day (UTC-12): its kernel is preheated on the old day; then the clock is moved on past
    midnight (every process of the server reads it) and the viewer arrives on the new day."""
    midnight = dt.datetime(2026, 11, 25, tzinfo=BEIJING)
    started, clock = time.monotonic(), tmp_path / "clock"
    env = {"TZ": "Etc/GMT+12", **clock_at(midnight - dt.timedelta(seconds=30), clock)}
    with voila(tmp_path, today=None, env=env) as (url, _):
        preheated = time.monotonic() - started
        assert preheated < 28, f"the kernel took {preheated:.0f} s to preheat: it must be ready before midnight"
        move_clock(clock, midnight + dt.timedelta(seconds=2))
        time.sleep(CLOCK_REREAD + 1)  # every process has read the new time
        page, _ = open_app(browser, url)
        # Beijing's new day, not the server's zone (2026-11-24 there) nor the preheat's.
        assert slider_day(page) == zh_long(dt.date(2026, 11, 25))
        assert "11月25日（周三）提交" in chart_title(page)
        assert drawn_gantt(page)["submitted"] == dt.date(2026, 11, 25)  # the kernel's own chart: its new today too
        assert page.locator(".cg-problems .cg-warn").count() == 0  # no note about the day (the year view may flag next year)
        page.context.close()
        # A link's own date still wins.
        page, _ = open_app(browser, url + "?date=2026-09-29")
        assert slider_day(page) == zh_long(dt.date(2026, 9, 29)) and drawn_gantt(page)["submitted"] == dt.date(2026, 9, 29)
        page.context.close()


@pytest.mark.parametrize("years_past", [2])
@pytest.mark.browser
def test_past_the_holiday_data_the_page_draws_and_says_so(browser, tmp_path, years_past):
    """The clock at 2 January two years after the installed data's last year (read from the
    data): chart drawn on the last covered day, the note shown, no error."""
    today = dt.date(LAST_YEAR + years_past, 1, 2)
    env = clock_at(dt.datetime(today.year, 1, 2, 10, tzinfo=BEIJING))
    with voila(tmp_path, today=None, env=env) as (url, _):
        page, seen = open_app(browser, url)
        last = dt.date(LAST_YEAR, 12, 31)
        assert slider_day(page) == zh_long(last) and drawn_gantt(page)["submitted"] == last
        assert f"{last.month}月{last.day}日" in chart_title(page)
        assert page.locator(".cg-chart .js-plotly-plot .bars path").count() >= 6
        note = page.inner_text(".cg-problems")
        assert f"{LAST_YEAR} 年" in note and f"今天（{today}）" in note and "不是今天" in note
        body = page.inner_text("body")
        for error in ("There was an error", "执行单元格时出错", "Traceback", "IndexError", "Error"):
            assert error not in body
        assert {u.split("/")[2] for u in seen if u.startswith("http")} == {url.split("/")[2]}
        page.context.close()


# ---- behind nginx ---------------------------------------------------------------------------

PREFIX = "/cardguide/"


def loopback_config(tmp: Path, port: int, workers: list[int]) -> Path:
    """The repository's deploy/nginx.conf with only its host-specific lines swapped for the
    test's (``observatory.recipe``: ports, log and pid paths, the site folder, a certificate made
    here). Each line must be found."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-keyout", str(tmp / "key.pem"), "-out", str(tmp / "cert.pem")], check=True, capture_output=True)
    return recipe(tmp, workers, tmp / "site", https=port, http=free_port())


@contextlib.contextmanager
def cardguide_workers(tmp: Path, count: int):
    """``count`` × ``python -m cardguide serve --base-url /cardguide/``, started together, each
    with its kernel preheated."""
    with contextlib.ExitStack() as stack:
        ports = [free_port() for _ in range(count)]
        logs = [tmp / f"worker{n}.log" for n in range(count)]
        servers = [running([sys.executable, "-m", "cardguide", "serve", "--base-url", PREFIX, "--port", str(port)],
                           isolated_env(tmp), f"http://127.0.0.1:{port}{PREFIX}voila/static/voila.js", log)
                   for port, log in zip(ports, logs)]
        with ThreadPoolExecutor(count) as starting:
            started = [starting.submit(server.__enter__) for server in servers]
        for server, start in zip(servers, started):  # every one that started is stopped, whatever failed
            if start.exception() is None:
                stack.push(server.__exit__)
        for start, log in zip(started, logs):
            wait_log(log, "is filled with", start.result())
        yield ports
    # Stopped as a service manager stops it (SIGTERM): its Voilà goes with it.
    time.sleep(1)
    left = subprocess.run(["pgrep", "-f", "|".join(f"voila.*--port={p}( |$)" for p in ports)], capture_output=True)
    assert left.returncode == 1, f"Voilà outlived `cardguide serve`: {left.stdout!r}"


@contextlib.contextmanager
def nginx_in_front(tmp: Path, workers: list[int]):
    port = free_port()
    conf = loopback_config(tmp, port, workers)
    with nginx_running(conf, tmp, port):
        yield f"https://127.0.0.1:{port}{PREFIX}", tmp / "access.log"


def proxied_page(browser, url, route: str | None = None):
    """A new person's page through nginx; ``route`` presets their sticky-route cookie."""
    cookies = [{"name": "cardguide_route", "value": route, "url": url.split("?")[0]}] if route else []
    page, errors = open_page(browser, url, year=False, kernel=True, cookies=cookies, viewport={"width": 1200, "height": 900},
                             ignore_https_errors=True, permissions=["clipboard-read", "clipboard-write"])
    responses = page.responses
    return page, responses, errors


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory):
    """Two workers behind one nginx (deploy/nginx.conf), for every test of this module that
    goes through nginx: the workers, the address, nginx's access log."""
    tmp = tmp_path_factory.mktemp("nginx")
    with cardguide_workers(tmp, 2) as workers, nginx_in_front(tmp, workers) as (url, access):
        yield workers, url, access


def closed_websockets(access: Path) -> int:
    return sum("/channels" in line for line in access.read_text().splitlines())


@pytest.mark.browser
def test_behind_nginx_under_a_prefix_with_tls(browser, two_workers):
    """One viewer, on whichever worker nginx draws for them (test_two_workers… checks the draw)."""
    _, url, access = two_workers
    websockets = closed_websockets(access)
    page, responses, errors = proxied_page(browser, url + "?date=2026-09-29")
    assert "9月29日（周二）提交" in chart_title(page)
    # The slider redraws the kernel's Gantt through the proxied websocket.
    page.locator(".cg-date").focus()
    page.keyboard.press("ArrowRight")
    wait_gantt(page, dt.date(2026, 9, 30), 1, 3)
    # The share link starts with the address the browser used: scheme, host, port, prefix.
    page.wait_for_function("() => document.querySelector('input.cg-link').value.includes('date=2026-09-30')",
                           timeout=15_000)
    shared = page.locator("input.cg-link").input_value()
    assert shared.startswith(url + "?"), shared
    # Nobody but this server; every static script compressed (brotli from the server, which
    # nginx passes on as is) and cached for days.
    hosts = {r.url.split("/")[2] for r in responses if r.url.startswith("http")}
    assert hosts == {url.split("/")[2]}
    scripts = [r for r in responses if r.url.split("?")[0].endswith(".js") and r.status == 200]
    assert scripts and any("plotly-basic" in r.url for r in scripts)
    for r in scripts:
        headers = r.all_headers()
        if int(headers.get("content-length", "2000")) >= 1024 or "content-encoding" in headers:
            assert headers.get("content-encoding") == "br", r.url
        # The reader's module is named by its content (reader/v/<hash>/): cached for a year.
        cached = "max-age=31536000, immutable" if "/reader/v/" in r.url else "max-age=604800"
        assert cached in headers.get("cache-control", ""), r.url
    assert errors == []
    page.context.close()
    # nginx logs a websocket when it closes: this viewer's line is written before the next test reads the log.
    deadline = time.monotonic() + 30
    while closed_websockets(access) == websockets and time.monotonic() < deadline:
        time.sleep(0.1)


def routes_by_worker(url: str, access: Path, workers: list[int], tries: int = 64) -> dict[int, str]:
    """One route cookie that nginx's consistent hash sends to each worker, found by asking:
    a static file fetched with ``cardguide_route=probe-N``, its upstream read from the log."""
    import ssl
    import urllib.request
    insecure = ssl.create_default_context()
    insecure.check_hostname, insecure.verify_mode = False, ssl.CERT_NONE
    found: dict[int, str] = {}
    for n in range(tries):
        request = urllib.request.Request(url + "voila/static/voila.js", headers={"Cookie": f"cardguide_route=probe-{n}"})
        urllib.request.urlopen(request, context=insecure, timeout=30).read()
        time.sleep(0.05)
        line = [ln for ln in access.read_text().splitlines() if f"route=probe-{n} " in ln][-1]
        port = int(re.search(r"upstream=127\.0\.0\.1:(\d+)", line).group(1))
        found.setdefault(port, f"probe-{n}")
        if len(found) == len(workers):
            return found
    pytest.fail(f"{tries} route cookies all hashed to {found}: nginx's upstream hash is not spreading")


@pytest.mark.browser
def test_two_workers_behind_one_nginx_each_viewer_sticks_to_its_kernel(browser, two_workers):
    """Two viewers arrive without a cookie (nginx draws their route); two more carry a route
    that hashes to each worker, so both workers serve a viewer in every run. Only the log's
    lines from this test on are read."""
    workers, url, access = two_workers
    chosen = routes_by_worker(url, access, workers)
    probed = len(access.read_text().splitlines())
    cookies = [None, None] + [chosen[w] for w in workers]
    pages = []
    for n, route in enumerate(cookies):  # separate contexts: separate cookies, as separate people
        page, _, errors = proxied_page(browser, url + f"?date=2026-09-{1 + n:02d}", route)
        pages.append((n, page, errors))
    for n, page, errors in pages:
        day = dt.date(2026, 9, 1 + n)
        assert f"{day.month}月{day.day}日" in chart_title(page), n
        page.locator(".cg-date").focus()
        page.keyboard.press("ArrowRight")
        wait_gantt(page, day + dt.timedelta(days=1), 1, 3)  # through this reader's own kernel
        assert errors == [], n
    for _, page, _ in pages:
        page.context.close()
    deadline = time.monotonic() + 30  # nginx writes a websocket's line when it closes: one a viewer at least
    while sum("/channels" in ln for ln in access.read_text().splitlines()[probed:]) < len(pages):
        if time.monotonic() > deadline:
            break  # the assertions below say what is missing
        time.sleep(0.1)
    routes: dict[str, set[str]] = {}
    websockets: dict[str, int] = {}
    for line in access.read_text().splitlines()[probed:]:
        upstream = re.search(r"upstream=(\S+)", line).group(1)
        route = re.search(r"route=(\S+)", line).group(1)
        if upstream != "-":
            routes.setdefault(route, set()).add(upstream)
            websockets[route] = websockets.get(route, 0) + ("/channels" in line)
    print(f"two workers: {len(routes)} routes; viewers per worker "
          f"{ {w: sum(f'127.0.0.1:{w}' in ups for ups in routes.values()) for w in workers} }")
    # Every viewer's requests (page, scripts, websocket) went to one worker, each its own route ...
    assert len(routes) == len(cookies) and all(len(ups) == 1 for ups in routes.values()), routes
    assert all(websockets[r] >= 1 for r in routes), websockets
    # ... the chosen routes to the worker they hash to, so viewers landed on both.
    for w, route in chosen.items():
        assert routes[route] == {f"127.0.0.1:{w}"}, (w, routes[route])
