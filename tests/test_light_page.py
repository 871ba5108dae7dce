"""Issue 34: the Voilà page without Voilà's front end. cardguide's template renders the cells on
the server and the page's module joins the kernel itself (``reader/kernel.js``: the kernel's
websocket and the widget protocol). Each test drives the host against the real server in a
browser: the states requested and applied, a change each way, a restarted kernel, a closed comm,
frames the host does not know, a dropped and restored connection, and what the page loads.

The served notebook is the packaged dashboard with one cell more, the test's own (never the
product's): the widget's custom messages let the test make Python set a trait or close the
widget, as a notebook's own code could. Expected dates come from chinese-calendar
(``conftest.wait_gantt``, ``answer``), never from the estimator.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest

from conftest import open_page, wait_gantt, workday_after, zh_long
from pages import KernelWire, carrier_name, wait_drawn
from servers import kernel_pid, voila

pytestmark = pytest.mark.browser

OFFLINE = "与服务器的连接已中断"  # ui.toml connection.offline
STOPPED = "交互版在服务器上停止了"  # ui.toml connection.restarted

#: The test's cell: a custom message from the page makes Python set a trait or close the widget.
HOOK = '''\
def _test_hook(widget, content, buffers):
    if isinstance(content, dict) and "python_sets" in content:
        for name, value in content["python_sets"].items():
            setattr(widget, name, value)
    if isinstance(content, dict) and content.get("close"):
        widget.close()
app.on_msg(_test_hook)'''


@pytest.fixture(scope="module")
def light_url(tmp_path_factory):
    from cardguide.serve import notebook_path

    tmp = tmp_path_factory.mktemp("light")
    nb = nbformat.read(notebook_path(), as_version=4)
    nb.cells.insert(1, nbformat.v4.new_code_cell(HOOK))
    notebook = tmp / "dashboard.ipynb"
    nbformat.write(nb, notebook)
    with voila(tmp, notebook=notebook, pool_size=2) as (url, _):
        yield url


def answer(day: dt.date, best_review: int, worst_review: int) -> str:
    return f"最快{zh_long(workday_after(day, best_review + 1))}、最慢{zh_long(workday_after(day, worst_review + 1))}"


def says(page, part: str, text: str, timeout: float = 15_000) -> None:
    page.wait_for_function("([sel, text]) => document.querySelector(sel)?.innerText.includes(text)",
                           arg=[part, text], timeout=timeout)


def move(page, key: str = "ArrowRight") -> None:
    page.locator(".cg-date").focus()
    page.keyboard.press(key)


def to_python(page, content: dict) -> None:
    """A custom message from the page's widget model to the kernel (the test's cell reads it)."""
    page.evaluate("(content) => document.querySelector('.cg-reader').cardguide.model.send(content)", content)


def alone_then_back(page, timeout: float) -> None:
    """The page says the live part stopped, shows its own Gantt and answers a move alone (Wed
    09-30); then it reloads by itself (``window.cgBefore`` gone) and a new kernel draws that day."""
    says(page, ".cg-status", STOPPED, timeout=timeout)
    assert page.get_attribute(".cg-chart", "data-drawn") == "svg"
    move(page)
    says(page, ".cg-answer", answer(dt.date(2026, 9, 30), 1, 3), timeout=2_000)
    page.wait_for_function("() => !window.cgBefore", timeout=60_000)
    wait_drawn(page, 60_000, kernel=True)  # the chart scrolled to: plotly.js loads once it is on screen
    wait_gantt(page, dt.date(2026, 9, 30), 1, 3)
    assert page.inner_text(".cg-status").strip() == ""


def console_errors(page) -> list[str]:
    return [text for kind, text in page.console if kind == "error"]


def test_the_page_loads_no_voila_front_end_and_nothing_from_another_host(browser, light_url):
    """What a phone fetches: the page, the module, its CSS and bundle, the template's CSS, and
    plotly.js basic for the kernel's chart; no script of Voilà's, no JupyterLab style sheet, no
    other host. robots.txt is a real one (Lighthouse's SEO audit), not Voilà's redirect to a 403."""
    sockets = []
    page, errors = open_page(browser, light_url + "?date=2026-09-29", kernel=True,
                             setup=lambda p: p.on("websocket", lambda ws: sockets.append(ws.url)))
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(light_url))
    assert all(url.startswith(origin) or url.startswith("data:") for url in page.requests), page.requests
    scripts = sorted(Path(urlsplit(r.url).path).name for r in page.responses if r.request.resource_type == "script")
    assert scripts == ["fallback.js", "plotly-basic.min.js", "widget.js"], scripts
    voila_parts = [url for url in page.requests
                   if "/voila/static/" in url or "/labextensions/" in url or "voila-style" in url or "theme-light" in url]
    assert voila_parts == []
    assert len(sockets) == 1 and sockets[0].startswith(origin.replace("http", "ws")) and "/channels?session_id=" in sockets[0], sockets
    assert errors == [] and console_errors(page) == []
    with urllib.request.urlopen(light_url + "robots.txt", timeout=10) as response:
        robots = response.read().decode()
        assert response.status == 200 and response.headers["Content-Type"].startswith("text/plain")
    assert "User-agent: *" in robots.splitlines() and "Disallow: /api/" in robots.splitlines()
    page.context.close()


def test_states_arrive_and_changes_go_both_ways(browser, light_url):
    """The kernel's state reaches the module (its Plotly Gantt for the link's day, computed in
    Python); a change on the page reaches Python (the Gantt follows the slider); a trait Python
    sets reaches the module (the carrier slider and the answer follow, China Broadnet 1/2/4)."""
    page, errors = open_page(browser, light_url + "?date=2026-09-29", kernel=True)
    wait_gantt(page, dt.date(2026, 9, 29), 1, 3)
    assert page.evaluate("document.querySelector('.cg-reader').cardguide.model.get('carrier')") == "china-mobile"
    move(page)
    wait_gantt(page, dt.date(2026, 9, 30), 1, 3)
    to_python(page, {"python_sets": {"carrier": "china-broadnet"}})
    page.wait_for_function("v => document.querySelector('.cg-carrier').getAttribute('aria-valuetext') === v",
                           arg=carrier_name("china-broadnet", "zh"), timeout=15_000)  # the slider speaks it
    says(page, ".cg-answer", answer(dt.date(2026, 9, 30), 1, 4))
    wait_gantt(page, dt.date(2026, 9, 30), 1, 4)
    page.wait_for_function("() => location.search.includes('carrier=china-broadnet') && location.search.includes('2026-09-30')",
                           timeout=5_000)  # the address follows Python's change too
    assert errors == [] and console_errors(page) == []
    page.context.close()


#: Every day the page's own plan shows, frame by frame, from the page's first script on.
WATCH_DAYS = """window.cgDays = [];
(function watch() {
  const root = document.querySelector('.cg-reader');
  const day = root && root.cardguide && root.cardguide.plan.submitted;
  if (day && day !== window.cgDays[window.cgDays.length - 1]) window.cgDays.push(day);
  requestAnimationFrame(watch);
})();"""


def test_a_fast_slider_never_steps_back_while_the_kernel_echoes(browser, light_url):
    """Eight presses in a row: the kernel echoes each change (ipywidgets' echo_update) after the
    page has moved on; an echo of an older day is not applied, so the page's day only moves
    forward, ends on the eighth day, and the kernel's Gantt follows it."""
    page, errors = open_page(browser, light_url + "?date=2026-09-29", WATCH_DAYS, kernel=True)
    page.locator(".cg-date").focus()
    for _ in range(8):
        page.keyboard.press("ArrowRight")
    wait_gantt(page, dt.date(2026, 10, 7), 1, 3)
    page.wait_for_timeout(500)
    days = page.evaluate("window.cgDays")
    assert days == sorted(days) and days[-1] == "2026-10-07", days
    assert errors == [] and console_errors(page) == []
    page.context.close()


def test_a_restarted_kernel_is_said_and_the_page_comes_back_with_the_choice(browser, light_url):
    """The kernel dies and its server restarts it (the widgets are gone with it): the module says
    the live part stopped, draws its own Gantt and answers alone; then it reloads by itself,
    keeping the day chosen meanwhile, and a new kernel draws it."""
    page, errors = open_page(browser, light_url + "?date=2026-09-29", kernel=True)
    page.evaluate("window.cgBefore = true")
    os.kill(kernel_pid(page.content()), signal.SIGKILL)
    alone_then_back(page, timeout=20_000)
    assert errors == [] and console_errors(page) == []
    page.context.close()


def test_a_comm_the_kernel_closes_is_said_and_the_page_comes_back(browser, light_url):
    """Python closes the widget (its comm): the same as a restart, said at once."""
    page, errors = open_page(browser, light_url + "?date=2026-09-29", kernel=True)
    page.evaluate("window.cgBefore = true")
    to_python(page, {"close": True})
    alone_then_back(page, timeout=10_000)
    assert errors == [] and console_errors(page) == []
    page.context.close()


#: Frames no server of this page sends: each is left alone.
STRANGE = [
    "not json at all",
    "[1, 2, 3]",
    json.dumps({"header": {}}),
    json.dumps({"header": {"msg_type": "surprise"}, "parent_header": {}, "metadata": {}, "content": {"x": 1}, "channel": "iopub"}),
    json.dumps({"header": {"msg_type": "comm_msg"}, "parent_header": {}, "content": {"comm_id": "nobody", "data": {"method": "update", "state": {"date": "1999-01-01"}}}}),
    json.dumps({"header": {"msg_type": "comm_msg"}, "parent_header": {}, "content": None}),
    json.dumps({"header": {"msg_type": "status"}, "content": {"execution_state": "busy"}}),
    b"\x00\xff\x10binary",
]


def test_frames_the_host_does_not_know_are_left_alone(browser, light_url):
    """A text that is not JSON, JSON that is no message, a message of a type the page has no use
    for, a comm message for a comm it does not hold or with an unknown method, a binary frame:
    nothing is said or logged, the answer and the kernel's link are as before."""
    page, errors = open_page(browser, light_url + "?date=2026-09-29", setup=lambda p: setattr(p, "wire", KernelWire(p)),
                             kernel=True)
    model_id = json.loads(page.text_content('script[type="application/vnd.jupyter.widget-view+json"]'))["model_id"]
    strange = STRANGE + [json.dumps({"header": {"msg_type": "comm_msg"}, "parent_header": {},
                                     "content": {"comm_id": model_id, "data": {"method": "surprise", "state": {"date": "1999-01-01"}}}})]
    for frame in strange:
        page.wire.inject(frame)
    page.wait_for_timeout(500)
    assert page.evaluate("document.querySelector('.cg-reader').cardguide.kernel.ignored") >= 5
    assert page.evaluate("document.querySelector('.cg-reader').cardguide.model.get('date')") == "2026-09-29"
    assert page.inner_text(".cg-status").strip() == ""
    move(page)
    wait_gantt(page, dt.date(2026, 9, 30), 1, 3)
    assert errors == [] and console_errors(page) == []
    page.context.close()


def test_a_dropped_socket_comes_back_to_the_same_kernel_with_the_choice(browser, light_url):
    """The socket drops and stays down past the pulse's 8 s: the page says it answers alone and
    does; the socket back, the same kernel (no reload) takes the day chosen meanwhile."""
    page, errors = open_page(browser, light_url + "?date=2026-09-29", setup=lambda p: setattr(p, "wire", KernelWire(p)),
                             kernel=True)
    pid = kernel_pid(page.content())
    page.evaluate("window.cgBefore = true")
    page.wire.cut()
    says(page, ".cg-status", OFFLINE, timeout=20_000)
    assert page.get_attribute(".cg-chart", "data-drawn") == "svg"
    move(page)
    says(page, ".cg-answer", answer(dt.date(2026, 9, 30), 1, 3), timeout=2_000)
    page.wire.mend()
    page.wait_for_function("() => document.querySelector('.cg-status').innerText.trim() === ''", timeout=40_000)
    wait_gantt(page, dt.date(2026, 9, 30), 1, 3)
    assert page.evaluate("window.cgBefore === true"), "the page reloaded instead of taking the socket back"
    assert kernel_pid(page.content()) == pid and page.wire.opened >= 3
    assert errors == [] and console_errors(page) == []
    page.context.close()
