"""Scripted viewers: what a browser asks of the server for the page, without a browser's CPU.

One viewer fetches the page (Voilà renders it with a kernel from the pool), opens that
kernel's websocket as the page's widget manager does, and asks for every widget's state
(ipywidgets' ``jupyter.widget.control`` comm, ``request_states``). The states arriving is the
moment a browser could draw. Used by ``tests/test_pool.py`` and the benchmark suite (``benchmarks/crowds.py``, ``faults.py``).

It speaks the websocket protocol a browser's page speaks (``v1.kernel.websocket.jupyter.org``,
which @jupyterlab/services asks for): the server passes the kernel's messages through, where
the legacy protocol would have it decode and re-encode each one.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid

from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1, serialize_msg_to_ws_v1
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')


PROTOCOL = "v1.kernel.websocket.jupyter.org"


def _message(msg_type: str, session: str, content: dict, metadata: dict | None = None) -> bytes:
    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": session, "username": "viewer",
              "date": "", "version": "5.3"}
    return serialize_msg_to_ws_v1([json.dumps(part).encode() for part in (header, {}, metadata or {}, content)],
                                  "shell")


def _unframe(frame: bytes) -> dict:
    """A message in the v1 framing: the channel, then header, parent header, metadata, content
    (and any binary buffers), each JSON."""
    _, parts = deserialize_msg_from_ws_v1(frame)
    header, _, _, content = (json.loads(part) for part in parts[:4])
    return {"msg_type": header["msg_type"], "content": content}


async def scripted_viewer(url: str, timeout: float = 60, loading: float = 0) -> dict:
    """Times (s) from the request to the page and to the widget states, and how many states.
    ``loading``: seconds between the page and its websocket, as a phone spends loading the
    page's scripts before its widget manager connects."""
    start = time.monotonic()
    response = await AsyncHTTPClient().fetch(HTTPRequest(url, request_timeout=timeout))
    page = time.monotonic() - start
    await asyncio.sleep(loading)
    kernel = KERNEL_ID.search(response.body.decode()).group(1)
    base = url.split("?")[0].rstrip("/").replace("http", "ws", 1)
    session = uuid.uuid4().hex
    ws = await websocket_connect(f"{base}/api/kernels/{kernel}/channels?session_id={session}",
                                 connect_timeout=timeout, subprotocols=[PROTOCOL])
    try:
        comm = uuid.uuid4().hex
        if ws.selected_subprotocol != PROTOCOL:
            raise ConnectionError(f"the server did not take {PROTOCOL}: {ws.selected_subprotocol}")
        ws.write_message(_message("comm_open", session, {"comm_id": comm, "target_name": "jupyter.widget.control",
                                                        "data": {}}, {"version": "1.0.0"}), binary=True)
        ws.write_message(_message("comm_msg", session, {"comm_id": comm, "data": {"method": "request_states"}}),
                         binary=True)
        deadline = start + timeout
        while True:
            raw = await asyncio.wait_for(ws.read_message(), max(0.1, deadline - time.monotonic()))
            if raw is None:
                raise ConnectionError(f"kernel {kernel}: websocket closed")
            msg = _unframe(raw)
            data = msg.get("content", {}).get("data", {})
            if msg.get("msg_type") == "comm_msg" and data.get("method") == "update_states":
                return {"page_s": page, "state_s": time.monotonic() - start, "widgets": len(data["states"]),
                        "kernel": kernel}
    finally:
        ws.close()


async def crowd(url_of, count: int, timeout: float = 120) -> list[dict | BaseException]:
    """``count`` scripted viewers at once; viewer n asks for ``url_of(n)``."""
    return await asyncio.gather(*(scripted_viewer(url_of(n), timeout) for n in range(count)),
                                return_exceptions=True)
