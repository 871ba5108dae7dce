"""A preheated kernel waits for its viewer without importing Voilà's server, yet asks for its
request where Voilà's own helper would and takes the request's environment as it would."""

from __future__ import annotations

import asyncio
import gc
import json
import subprocess
import sys
import threading
import warnings

import pytest
import websockets

from cardguide.voila_adapter.preheat import query_socket_url, wait_for_request

PREHEATED = {"VOILA_PREHEAT": "True", "VOILA_APP_IP": "127.0.0.1", "VOILA_APP_PORT": "8931",
             "VOILA_KERNEL_ID": "0b4c5f52-3f1e-4f3c-9d7e-2b2e7c1f9a10", "VOILA_SERVER_URL": "/cardguide/"}


def voilas_own_url(env: dict, monkeypatch) -> str:
    """The address voila.utils.wait_for_request connects to, caught at its connection."""
    import voila.utils

    seen = []

    async def catch(ws_url):
        seen.append(ws_url)

    for key in ("VOILA_PREHEAT", "VOILA_APP_IP", "VOILA_APP_PORT", "VOILA_KERNEL_ID", "VOILA_SERVER_URL",
                "VOILA_WS_BASE_URL", "VOILA_WS_PROTOCOL"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(voila.utils, "_get_request_info", catch)
    with warnings.catch_warnings():  # Voilà's helper leaves its thread's event loop unclosed
        warnings.simplefilter("ignore", ResourceWarning)
        voila.utils.wait_for_request()
        gc.collect()
    return seen[0]


@pytest.mark.parametrize("extra", [{}, {"VOILA_WS_BASE_URL": "/other/", "VOILA_WS_PROTOCOL": "wss"},
                                   {"VOILA_SERVER_URL": "/"}])
def test_the_query_socket_is_where_voila_would_connect(extra, monkeypatch):
    env = {**PREHEATED, **extra}
    assert query_socket_url(env) == voilas_own_url(env, monkeypatch)


def test_the_address_spelled_out():
    assert query_socket_url(PREHEATED) == (
        "ws://127.0.0.1:8931/cardguide/voila/query/0b4c5f52-3f1e-4f3c-9d7e-2b2e7c1f9a10")


@pytest.mark.parametrize("env", [{}, {"VOILA_PREHEAT": "False"}])
def test_outside_a_preheated_kernel_nothing_is_awaited(env):
    before = dict(env)
    assert query_socket_url(env) is None
    assert wait_for_request(env) is False
    assert env == before


@pytest.fixture
def query_server():
    """A loopback websocket that, like Voilà's QueryStringSocketHandler, sends the request's
    environment once a client connects, and records the path it was asked for."""
    paths, ready = [], threading.Event()
    state = {}

    async def handler(socket):
        paths.append(socket.request.path)
        await socket.send(json.dumps({"QUERY_STRING": "date=2026-09-29&lang=en", "SERVER_NAME": "example.cn"}))

    async def serve():
        async with websockets.serve(handler, "127.0.0.1", 0) as server:
            state["port"] = server.sockets[0].getsockname()[1]
            state["stop"] = asyncio.get_running_loop().create_future()
            state["loop"] = asyncio.get_running_loop()
            ready.set()
            await state["stop"]

    thread = threading.Thread(target=asyncio.run, args=(serve(),), daemon=True)
    thread.start()
    ready.wait(10)
    yield state["port"], paths
    state["loop"].call_soon_threadsafe(state["stop"].set_result, None)
    thread.join(10)


def test_the_request_arrives_in_the_environment(query_server):
    port, paths = query_server
    env = {**PREHEATED, "VOILA_APP_PORT": str(port), "QUERY_STRING": ""}
    assert wait_for_request(env) is True
    assert paths == ["/cardguide/voila/query/0b4c5f52-3f1e-4f3c-9d7e-2b2e7c1f9a10"]
    assert env["QUERY_STRING"] == "date=2026-09-29&lang=en"
    assert env["SERVER_NAME"] == "example.cn"


def test_an_unreachable_server_leaves_the_defaults_with_a_warning():
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**PREHEATED, "VOILA_APP_PORT": str(port)}
    before = dict(env)
    with pytest.warns(UserWarning, match="no request from ws://127.0.0.1"):
        assert wait_for_request(env, open_timeout=2) is False
    assert env == before


def test_the_kernel_never_imports_voilas_server():
    """The point of this module: a pooled kernel that built the dashboard and waited for its
    viewer has not loaded jupyter_server (1.3 s of CPU in every kernel start)."""
    code = ("import os, sys; os.environ['VOILA_PREHEAT'] = 'True'; os.environ['VOILA_APP_PORT'] = '9';"
            "from cardguide.app import Dashboard; import warnings; warnings.simplefilter('ignore');"
            "Dashboard().follow_link();"
            "print(sorted(m for m in ('voila', 'jupyter_server', 'jupyterlab_server') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "[]", out.stderr[-2000:]
