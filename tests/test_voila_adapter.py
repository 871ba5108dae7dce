"""The Voilà adapter (``cardguide/voila_adapter``) in this process, as Voilà's own tests start
their app: the application built by Voilà's ``start`` with its listening left to the test, a
tornado HTTP server on a free port, a tornado client. No browser: the page's HTML, the static
files' bytes and headers, the real pooled kernel manager's counts.

And the installed Voilà, jupyter_server and tornado checked for every inside the adapter and the
template rely on (``upstream_changes``, ``page_problems``): an upgrade that moves one fails here
with a sentence saying what and where, instead of a rewrite that silently does nothing."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import gzip
import hashlib
import re
import shutil
import tempfile
import warnings
from html import unescape

import brotli
import pytest
from tornado.httpclient import AsyncHTTPClient, HTTPClientError
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from cardguide.serve import CONFIG_DIR, TEMPLATE_SOURCE, notebook_path
from cardguide.voila_adapter import page_problems, upstream_changes
from cardguide.voila_adapter.app import CardguideVoila
from pages import refs_elsewhere
from servers import TODAY  # CARDGUIDE_TODAY (tests/fixed_today.py): the server and its kernels

# cardguide's voila.json points MathJax at a stub; Voilà 0.5 calls the option deprecated.
pytestmark = pytest.mark.filterwarnings("ignore:Voila.mathjax_url is deprecated:DeprecationWarning")


@pytest.fixture(autouse=True)
def _collect_the_kernel_clients():
    """Voilà's page renderer leaves its kernel client's zmq sockets to the garbage collector
    once the test's event loop is gone: collected after each test here, not reported as a
    warning in whichever test runs next."""
    yield
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


class InProcessVoila(CardguideVoila):
    def listen(self):
        """The test runs the loop and the HTTP server (as in Voilà's own ``VoilaTest``)."""


@contextlib.asynccontextmanager
async def voila_in_process(*options, notebook=None):
    sockets = bind_sockets(0, "127.0.0.1")
    port = sockets[0].getsockname()[1]
    # Not tmp_path: a kernel's IPC socket path must stay under 107 characters.
    connections = tempfile.mkdtemp(prefix="cg-")
    app = InProcessVoila()
    try:
        app.initialize([str(notebook or notebook_path()), f"--port={port}", f"--Voila.config_file_paths={CONFIG_DIR}",
                        f"--Voila.connection_dir_root={connections}", *options])
        app.start()
    except BaseException:
        shutil.rmtree(connections, ignore_errors=True)
        for sock in sockets:
            sock.close()
        raise
    server = HTTPServer(app.app)
    server.add_sockets(sockets)
    try:
        yield app, f"http://127.0.0.1:{port}/"
    finally:
        server.stop()
        await app.kernel_manager.shutdown_all()
        await asyncio.sleep(0.5)  # the renderers' kernel clients see their kernels go
        shutil.rmtree(connections, ignore_errors=True)
        InProcessVoila.clear_instance()



async def fetch(url, **kw):
    try:
        return await AsyncHTTPClient().fetch(url, decompress_response=False, request_timeout=120, **kw)
    except HTTPClientError as error:  # the response, as the assertions want it
        if error.response is None:
            raise
        return error.response


def test_the_installed_voila_has_what_the_adapter_relies_on():
    problems = upstream_changes()
    assert not problems, "\n".join(problems)


def test_a_reply_whose_wakeup_was_taken_is_read_within_a_slice():
    """A kernel's reply lands while something else reads the socket's events: the fd's edge is
    gone and the reply sits in the socket. jupyter_client's channel waits for good (seen: a
    Voilà page whose HTML never ended); ``SlicedChannel`` polls again and reads it."""
    import time

    import zmq
    import zmq.asyncio
    from jupyter_client.channels import AsyncZMQSocketChannel
    from jupyter_client.session import Session

    from cardguide.voila_adapter.channels import SLICE, SlicedChannel

    async def stranded(channel_class) -> float | None:
        """Seconds until the waiting channel has the reply; None when 3 s were not enough."""
        context = zmq.asyncio.Context()
        kernel, server = context.socket(zmq.ROUTER), context.socket(zmq.DEALER)
        try:
            server.connect(f"tcp://127.0.0.1:{kernel.bind_to_random_port('tcp://127.0.0.1')}")
            session = Session(key=b"cardguide")
            channel = channel_class(server, session)
            session.send(server, "execute_request")
            identity = (await kernel.recv_multipart())[0]
            waiting = asyncio.ensure_future(channel.get_msg())  # the executor waits for the reply
            await asyncio.sleep(0.2)  # its poll watches the socket's fd
            session.send(kernel, "execute_reply", ident=[identity])
            raw, landed = zmq.Socket.shadow(server.underlying), time.monotonic() + 5
            # Another reader of the socket's events, before the loop runs again, takes the edge
            # the reply's landing raised: read until it says the reply is there.
            while not raw.get(zmq.EVENTS) & zmq.POLLIN:
                assert time.monotonic() < landed, "the reply never landed"
                time.sleep(0.02)
            start = time.monotonic()
            try:
                reply = await asyncio.wait_for(waiting, 3)
            except asyncio.TimeoutError:
                return None
            assert reply["msg_type"] == "execute_reply"
            return time.monotonic() - start
        finally:
            kernel.close(0)
            server.close(0)
            context.term()

    assert asyncio.run(stranded(AsyncZMQSocketChannel)) is None  # the strand is real
    took = asyncio.run(stranded(SlicedChannel))
    assert took is not None and 0.1 < took <= SLICE + 0.5, took  # read by a later slice's poll


def test_page_problems_names_a_rewrite_that_did_not_take():
    """The checker itself: Voilà's lab page as it is without cardguide's rewrites fails each."""
    lab_page = ('<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@^5/css/all.min.css">'
                '<link rel="stylesheet" type="text/css" href="/voila/static/index.css">'
                '<div id="rendered_cells"></div><script src="/voila/static/voila.js"></script>')
    problems = page_problems(lab_page)
    assert len(problems) == 5, problems
    assert all("index.html.j2" in problem for problem in problems)


@pytest.mark.slow  # a server and a kernel in this process
def test_the_page_has_this_requests_first_paint_and_every_rewrite():
    async def run():
        async with voila_in_process("--VoilaConfiguration.preheat_kernel=False") as (app, url):
            page = await fetch(url + "?date=2026-09-30&carrier=china-unicom&lang=en")
            return page, list(app.kernel_manager.list_kernel_ids())

    page, kernels = asyncio.run(run())
    html = page.body.decode()
    assert page.code == 200
    assert not page_problems(html), "\n".join(page_problems(html))
    first_paint = re.search(r'<div id="cg-first-paint"><div class="cg-fp-en" lang="en">(.*?)<div id="rendered_cells"', html, re.S)
    assert first_paint and 'data-embedded' in first_paint.group(1)
    assert f'data-today="{TODAY.isoformat()}"' in first_paint.group(1)
    assert "China Unicom" in first_paint.group(1)
    # Voilà's title (the notebook's name) gave way to the link's: all WeChat shows of a link (#35).
    assert re.findall(r"<title>[^<]*</title>", html.split("</head>")[0]) == [
        "<title>How long to cancel a telemarketing SIM card? Submitted Sep 30, 2026, China Unicom</title>"]
    # The _xsrf cookie that Voilà's leaving beacon sends back (voila#1458).
    assert any(c.startswith("_xsrf=") for c in page.headers.get_list("Set-Cookie"))
    assert len(kernels) == 1  # the page's own kernel, started on request


@pytest.mark.slow  # a server and a kernel in this process
def test_static_files_compressed_once_cached_and_versioned():
    plotly = TEMPLATE_SOURCE / "static" / "plotly-basic.min.js"
    raw = plotly.read_bytes()
    path = "voila/templates/cardguide/static/plotly-basic.min.js"

    async def run():
        async with voila_in_process("--VoilaConfiguration.preheat_kernel=False") as (app, url):
            br = await fetch(url + path, headers={"Accept-Encoding": "gzip, deflate, br"})
            gz = await fetch(url + path, headers={"Accept-Encoding": "gzip"})
            ranged = await fetch(url + path, headers={"Accept-Encoding": "br", "Range": "bytes=0-99"})
            again = await fetch(url + path, headers={"Accept-Encoding": "gzip"})
            reader_page = await fetch(url + "reader/")
            asset = re.search(r'src="(v/[0-9a-f]+/widget\.js)"', reader_page.body.decode()).group(1)
            reader_js = await fetch(url + "reader/" + asset, headers={"Accept-Encoding": "br"})
            return br, gz, ranged, again, reader_page, reader_js

    br, gz, ranged, again, reader_page, reader_js = asyncio.run(run())
    assert br.headers["Content-Encoding"] == "br" and brotli.decompress(br.body) == raw
    assert len(br.body) < len(raw) / 3
    assert gz.headers["Content-Encoding"] == "gzip" and gzip.decompress(gz.body) == raw
    assert again.body == gz.body  # kept, not compressed anew
    assert "Accept-Encoding" in br.headers["Vary"]
    assert ranged.code == 206 and ranged.body == raw[:100] and "Content-Encoding" not in ranged.headers
    assert br.headers["Cache-Control"] == "public, max-age=604800"  # a week, as deploy/nginx.conf
    assert br.headers["Etag"].strip('"') == hashlib.sha512(raw).hexdigest()
    assert reader_page.headers["Cache-Control"] == "no-cache"
    assert reader_js.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert reader_js.headers["Content-Encoding"] == "br"


@pytest.mark.slow  # a server and a kernel in this process
def test_beyond_the_bound_a_new_reader_gets_the_readers_page():
    async def run():
        async with voila_in_process("--VoilaConfiguration.preheat_kernel=False",
                                    "--PoolAwareKernelManager.max_kernels=1") as (app, url):
            await app.kernel_manager.start_kernel()  # the one kernel the bound allows
            page = await fetch(url + "?date=2026-09-30&carrier=china-unicom")
            return page, list(app.kernel_manager.list_kernel_ids())

    page, kernels = asyncio.run(run())
    html = page.body.decode()
    assert page.code == 200 and page.headers["Cache-Control"] == "no-store"
    assert 'id="cg-full"' in html and "rendered_cells" not in html
    assert re.search(r'src="/reader/v/[0-9a-f]+/widget\.js"', html)
    assert len(kernels) == 1  # no second kernel started


@pytest.mark.slow  # a server and a kernel in this process
def test_voilas_real_pool_waits_under_the_bound():
    """Voilà's own pooled manager (not tests/test_kernels.py's fake): a viewer takes the pool's
    kernel, its replacement waits while the bound is held, and starts when the kernel goes.
    (That the handed-out kernel is idle from its hand-out is tests/test_pool.py's, on a notebook
    whose kernel stays silent after it: this one's answers its viewer at once.)"""

    async def run():
        async with voila_in_process("--VoilaConfiguration.default_pool_size=1",
                                    "--PoolAwareKernelManager.max_kernels=1") as (app, url):
            manager = app.kernel_manager
            notebook = manager.notebook_path  # the pool's key: the notebook relative to Voilà's root
            for _ in range(240):  # the pool's kernel has run the notebook
                pool = manager._pools.get(notebook, [])
                if pool and pool[0].done():
                    break
                await asyncio.sleep(0.25)
            else:
                raise AssertionError("the pool never filled")
            client = pool[0].result()["renderer"].executor.kc  # voila.json's client_class
            page = await fetch(url + "?lang=en")
            kernel_id, = manager.list_kernel_ids()
            state = {"client": type(client).__name__, "count": manager.kernel_count(), "deferred": list(manager._deferred),
                     "full": manager.full(notebook)}
            await manager.shutdown_kernel(kernel_id)
            await asyncio.sleep(0.5)
            state["pool_after"] = len(manager._pools.get(notebook, []))
            state["notebook"] = notebook
            return page, state

    page, state = asyncio.run(run())
    assert page.code == 200 and 'class="cg-fp-en"' in page.body.decode()
    assert state["client"] == "SlicedKernelClient"  # the executor's waits are sliced (channels.py)
    assert state["count"] == 1 and state["deferred"] == [state["notebook"]] and state["full"]
    assert state["pool_after"] == 1  # the replacement started once the kernel went


# -- No error page without an answer ---------------------------------------------------------


def failing_notebook(folder, code: str):
    """A notebook whose second cell runs ``code`` (raises, or ends its kernel)."""
    import nbformat

    notebook = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python",
                                                                 "display_name": "Python 3"}})
    notebook.cells = [nbformat.v4.new_code_cell(c) for c in ("print('before')", code, "print('after')")]
    path = folder / "failing.ipynb"
    nbformat.write(notebook, path)
    return path


def assert_the_readers_page_instead(page, url, lang_words):
    """The reader's page for the link (its answer in HTML, its module) with the line that says
    the live page is unavailable, and nothing from another host."""
    html = page.body.decode()
    assert page.code == 200 and page.headers["Cache-Control"] == "no-store"
    assert 'id="cg-unavailable"' in html and lang_words in html
    assert "rendered_cells" not in html and "cardguide:cell-failed" not in html and "Traceback" not in html
    assert re.search(r'src="/reader/v/[0-9a-f]+/widget\.js"', html)
    assert "China Unicom" in html and "Sep 30, 2026" in html  # the link's carrier and day, answered
    assert refs_elsewhere(url, html)[1] == []


UNAVAILABLE_EN = "The live dashboard cannot start right now"
LINK = "?date=2026-09-30&carrier=china-unicom&lang=en"


@pytest.mark.slow  # a server in this process, whose kernels cannot start
@pytest.mark.parametrize("preheat", [True, False], ids=["pooled", "on-request"])
def test_a_kernel_that_cannot_start_gives_the_readers_page(tmp_path, monkeypatch, caplog, preheat):
    """The notebook's kernel runs a program that is not there (a kernelspec in the server's
    Jupyter path): the reader gets the reader's page and the operator one line."""
    spec = tmp_path / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text('{"argv": ["/nonexistent/python3", "-m", "ipykernel_launcher", "-f", '
                                      '"{connection_file}"], "display_name": "Python 3", "language": "python"}')
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))

    async def run():
        async with voila_in_process(f"--VoilaConfiguration.preheat_kernel={preheat}") as (app, url):
            await asyncio.sleep(1)  # the pool's start has failed
            page = await fetch(url + LINK)
            return page, url, list(app.kernel_manager.list_kernel_ids())

    page, url, kernels = asyncio.run(run())  # and the server shut down cleanly: no kernel left listed
    assert_the_readers_page_instead(page, url, UNAVAILABLE_EN)
    assert kernels == []
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("cardguide: the live page")]
    assert len(lines) == 1 and "/nonexistent/python3" in lines[0] and LINK in lines[0], lines


@pytest.mark.slow  # a server and kernels in this process
@pytest.mark.parametrize("code", ["raise RuntimeError('boom')", "import os; os._exit(1)"], ids=["raises", "dies"])
@pytest.mark.parametrize("preheat", [True, False], ids=["pooled", "on-request"])
def test_a_notebook_that_fails_gives_the_readers_page(tmp_path, code, preheat):
    """Pooled and run up to its failure, the failure is known before anything is sent: the
    reader's page. On request the page has begun (its first paint answers): it moves to the
    same link's reader's page."""
    notebook = failing_notebook(tmp_path, code)

    async def run():
        async with voila_in_process(f"--VoilaConfiguration.preheat_kernel={preheat}", notebook=notebook) as (app, url):
            manager = app.kernel_manager
            for _ in range(240):  # the pool's kernel has run the notebook, up to its failure
                if not preheat or any(t.done() and t.result()["task"].done()
                                      for pool in manager._pools.values() for t in pool):
                    break
                await asyncio.sleep(0.25)
            page = await fetch(url + LINK)
            # The begun page moves on by the browser's own refresh (its policy allows no inline script).
            moved = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', page.body.decode())
            instead = await fetch(url + unescape(moved.group(1))) if moved else None
            await asyncio.sleep(0.5)
            return page, instead, url, list(manager.list_kernel_ids())

    page, instead, url, kernels = asyncio.run(run())
    if preheat:
        assert instead is None
        assert_the_readers_page_instead(page, url, UNAVAILABLE_EN)
        assert len(kernels) <= 1  # the failed page's kernel is gone; the pool's replacement may be starting
        return
    html = page.body.decode()
    assert 'id="cg-first-paint"' in html and "Traceback" not in html and "cardguide:cell-failed" not in html
    assert html.rstrip().endswith('<meta http-equiv="refresh" content="0; url=?date=2026-09-30&amp;carrier=china-unicom'
                                  '&amp;lang=en&amp;live=unavailable">')
    assert "<script>" not in html
    assert_the_readers_page_instead(instead, url, UNAVAILABLE_EN)
    assert kernels == []  # shut down, not left for the culler
