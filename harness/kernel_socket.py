"""A kernel's websocket spoken from a test, as a page script would (jupyter_server's JSON protocol):
one message written, the kernel's messages read back. Shared by the security tests (a hostile
page's messages) and the hosts' tests (code run in a notebook's kernel from outside the browser)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid


def kernel_message(msg_type: str, content: dict, session: str, metadata: dict | None = None) -> tuple[str, str]:
    """A shell message as the page's kernel connection writes it, and its id."""
    msg_id = uuid.uuid4().hex
    return json.dumps({"header": {"msg_id": msg_id, "msg_type": msg_type, "username": "x", "session": session,
                                  "date": "", "version": "5.3"},
                       "parent_header": {}, "metadata": metadata or {}, "channel": "shell", "buffers": [],
                       "content": content}), msg_id


async def read_messages(conn, received: list, found=lambda message: None, timeout: float = 5):
    """The kernel's JSON messages, appended to ``received`` until ``found`` gives something for one
    (returned) or ``timeout`` seconds pass (None)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            raw = await asyncio.wait_for(conn.read_message(), timeout=0.5)
        except asyncio.TimeoutError:
            continue
        if raw is None:
            break
        if isinstance(raw, str):
            received.append(json.loads(raw))
            if (hit := found(received[-1])) is not None:
                return hit
    return None


async def close(conn) -> None:
    """Closes the websocket and waits for the server's close, so no socket is left to the
    garbage collector (a ResourceWarning in whichever test runs next)."""
    conn.close()
    with contextlib.suppress(asyncio.TimeoutError):
        while await asyncio.wait_for(conn.read_message(), timeout=2) is not None:
            pass


async def execute(ws_url: str, code: str, timeout: float = 5) -> list[dict]:
    """``code`` sent as an execute_request; every message read until its execute_reply, or for
    ``timeout`` seconds when none comes (a server that refuses it)."""
    from tornado.websocket import websocket_connect

    conn = await websocket_connect(ws_url)
    text, msg_id = kernel_message("execute_request", {"code": code, "silent": False, "store_history": False,
                                                      "user_expressions": {}, "allow_stdin": False,
                                                      "stop_on_error": True}, uuid.uuid4().hex)
    await conn.write_message(text)
    received: list[dict] = []
    await read_messages(conn, received, lambda m: m if m.get("msg_type") == "execute_reply"
                        and m.get("parent_header", {}).get("msg_id") == msg_id else None, timeout)
    await close(conn)
    return received
