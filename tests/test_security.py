"""The served app's attack surface, against a real Voilà started as `make run` starts it."""

from __future__ import annotations

import asyncio
import json
import re
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from kernel_socket import close, execute, kernel_message, read_messages
from pages import refs_elsewhere
from servers import TODAY, voila

pytestmark = pytest.mark.slow  # starts a server; no browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("voila-security")
    with voila(tmp) as (url, process):
        yield url, tmp / "voila.log", process


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_execute_request_from_the_browser_runs_nothing(server, tmp_path):
    url, log, _ = server
    status, page = fetch(url)
    assert status == 200
    kernel_id = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page.decode()).group(1)
    marker = tmp_path / "pwned"
    code = f"open({str(marker)!r}, 'w').write('x')"
    replies = asyncio.run(execute(
        url.replace("http", "ws") + f"api/kernels/{kernel_id}/channels", code))
    time.sleep(1)
    assert not marker.exists()
    assert not any(r.get("msg_type") == "execute_reply" for r in replies)
    assert 'Received message of type "execute_request", which is not allowed' in log.read_text(errors="replace")


async def widget_updates(ws_url: str, updates: list[dict]) -> tuple[dict, list[dict], list[dict]]:
    """As a hostile page script would, over the page's own kernel websocket and the widget
    protocol (ipywidgets' ``messages.md``): open a comm on ``jupyter.widget.control``, ask for
    every model's state (``request_states``), find the dashboard (the model with the reader's
    choice), send it each of ``updates`` as an ``update``, and ask for the states again. Returns
    the dashboard's state before, its state after, and every message the kernel sent."""
    from tornado.websocket import websocket_connect

    conn, session = await websocket_connect(ws_url), uuid.uuid4().hex
    received: list[dict] = []

    def until(found, timeout: float = 15):
        return read_messages(conn, received, found, timeout)

    def data(msg):
        return msg.get("content", {}).get("data", {}) if msg.get("msg_type") == "comm_msg" else {}

    async def send(msg_type: str, content: dict, metadata: dict | None = None, *, done: bool = False) -> None:
        """One shell message; with ``done``, until the kernel is idle again after it."""
        text, msg_id = kernel_message(msg_type, content, session, metadata)
        await conn.write_message(text)
        if done:
            await until(lambda m: m if m.get("msg_type") == "status" and m["content"].get("execution_state") == "idle"
                        and m.get("parent_header", {}).get("msg_id") == msg_id else None)

    async def states():
        control = uuid.uuid4().hex
        await send("comm_open", {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}},
                   {"version": "1.0.0"}, done=True)
        await send("comm_msg", {"comm_id": control, "data": {"method": "request_states"}})
        every = await until(lambda m: data(m).get("states") if data(m).get("method") == "update_states" else None)
        assert every, "no update_states from the kernel"
        return next((comm_id, model["state"]) for comm_id, model in every.items() if "bundle" in model["state"])

    comm_id, before = await states()
    for update in updates:
        await send("comm_msg", {"comm_id": comm_id, "data": {"method": "update", "state": update, "buffer_paths": []}})
        key = next(iter(update))
        await until(lambda m: m if data(m).get("method") == "update" and key in data(m).get("state", {})
                    and m["content"].get("comm_id") == comm_id else None, timeout=10)
    _, after = await states()
    await close(conn)
    return before, after, received


def test_a_widget_message_with_a_hostile_value_is_refused_by_the_python_traits(server):
    """The kernel's widget takes the reader's choice from the websocket: a value the plan refuses
    (a day outside the calendar, a carrier that is markup, review days that are not days) is put
    back, the kernel sending the plan's own value to the page, and nothing raises on the kernel's side."""
    url, _, _ = server
    status, page = fetch(url)
    assert status == 200
    kernel_id = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page.decode()).group(1)
    hostile = [{"date": "1900-01-01"}, {"carrier": "<script>alert(1)</script>"}, {"review": "x"},
               {"review": {"china-mobile": [3, 2, 1]}}, {"remote": "yes"}, {"lang": {"__proto__": 1}}]
    before, after, received = asyncio.run(widget_updates(
        url.replace("http", "ws") + f"api/kernels/{kernel_id}/channels", hostile))
    # The link's day (none: the server's today), China Mobile, no own review days: as before.
    mine = {"date": TODAY.isoformat(), "carrier": "china-mobile", "review": {}, "remote": False, "lang": "zh"}
    assert {key: before[key] for key in mine} == mine
    assert {key: after[key] for key in mine} == mine
    # Each refusal went back to the page as an update holding the plan's own value.
    put_back = [(key, value) for m in received if m.get("msg_type") == "comm_msg"
                and m["content"]["data"].get("method") == "update" for key, value in m["content"]["data"]["state"].items()
                if key in mine]
    for update in hostile:
        key = next(iter(update))
        assert (key, mine[key]) in put_back, (key, put_back)
    assert [m["content"] for m in received if m.get("msg_type") == "error"
            or (m.get("msg_type") == "stream" and m["content"].get("name") == "stderr")] == []
    assert not any("Traceback" in json.dumps(m) for m in received)


@pytest.mark.parametrize("path", [
    "voila/files/dashboard.ipynb", "voila/files/guide.ipynb", "voila/files/sanitize.cfg",
    "voila/files/../pyproject.toml", "voila/files/..%2Fpyproject.toml", "voila/files/../environment.yml",
    "voila/files/../cardguide/app.py", "voila/files/%2e%2e/%2e%2e/etc/passwd",
    "voila/static/../../pyproject.toml", "voila/static/..%2F..%2Fpyproject.toml",
    "voila/templates/cardguide/static/../conf.json", "voila/templates/cardguide/static/..%2F..%2F..%2Fapp.py",
    "voila/templates/lab/static/../../../../../../etc/passwd", "api/contents/dashboard.ipynb",
    "api/kernels", "tree", "notebooks/dashboard.ipynb", "voila/render/guide.ipynb",
])
def test_file_routes_refuse_sources_and_traversal(server, path):
    url, _, _ = server
    status, body = fetch(url + path)
    # Voilà's template-static handler answers a path that leaves ``static/`` with a 500 (an
    # assertion inside Voilà): refused all the same, without a traceback.
    assert status in (302, 400, 403, 404, 405, 500), (path, status)
    for secret in (b"import ", b"[project]", b"dependencies", b"root:x:0", b'"cells"', b"Traceback"):
        assert secret not in body, (path, secret)


def test_page_holds_no_source_and_server_binds_loopback(server):
    url, _, process = server
    status, page = fetch(url)
    html = page.decode()
    assert status == 200
    for source in ("from cardguide", "follow_link", "app.sections", "Dashboard()"):
        assert source not in html
    port = int(url.rsplit(":", 1)[1].strip("/"))
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:  # 0A = LISTEN
                listening.append(local.rsplit(":", 1)[0])
    assert listening == ["0100007F"]  # 127.0.0.1 only, no 0.0.0.0 or ::


@pytest.mark.parametrize("query", ["", "?template=lab", "?template=classic&theme=dark"])
def test_the_page_links_and_scripts_only_this_server(server, query):
    """A Voilà release that changes the lab template's tags would bring CDN requests back
    silently (the template drops them by exact text): the real page is the check. A link may
    not choose Voilà's own templates, which link CDNs (voila.json: no template override)."""
    url, _, _ = server
    status, page = fetch(url + query)
    assert status == 200
    found, elsewhere = refs_elsewhere(url, page.decode())
    assert any(tag == "script" for tag, _ in found) and any(tag == "link" for tag, _ in found)
    assert elsewhere == [], elsewhere
    assert 'id="cg-first-paint"' in page.decode()  # cardguide's template, whatever the link asks


#: Paths that answer with an error page: Voilà's own (lab template) links a CDN's Font Awesome.
ERROR_PATHS = ["voila/files/nothing-here.png", "voila/files/dashboard.ipynb", "voila/static/../app.py",
               "voila/templates/cardguide/static/missing.js", "reader/missing.html", "voila/api/shutdown/x",
               "voila/render/dashboard.ipynb", "api/kernels", "nothing/here", "voila/static/%2e%2e/app.py"]


@pytest.mark.parametrize("path", ERROR_PATHS)
def test_error_pages_link_and_script_only_this_server(server, path):
    url, _, _ = server
    status, page = fetch(url + path)
    assert status >= 400, (path, status)
    found, elsewhere = refs_elsewhere(url + path, page.decode(errors="replace"))
    assert elsewhere == [], (path, elsewhere)
    assert b"Traceback" not in page and b"cdn." not in page
    if status != 405:  # the API's answer is JSON
        text = page.decode()  # the template's page: both languages and a way on
        assert "出错了" in text and "Something went wrong" in text and 'href="/reader/"' in text, text[:300]
