"""A preheated Voilà kernel waits here for its viewer's request.

``voila.utils.wait_for_request`` does the same, but importing it loads Voilà's whole server
(jupyter_server, jupyterlab_server, jsonschema's format grammars): about 1.3 s of CPU in every
kernel the pool starts, a third of a kernel's start, which is what bounds how many viewers a
minute a host can take. This speaks the same protocol, that of voila 0.5 (pinned ``<0.6``):
the server's ``voila/query/<kernel id>`` websocket sends one JSON object, the request's
environment (``QUERY_STRING``, ``SERVER_NAME``, ...), when a viewer takes the kernel. The
client is ``websockets``, which Voilà itself depends on.
"""

from __future__ import annotations

import json
import os
import warnings


def query_socket_url(env: os._Environ | dict = os.environ) -> str | None:
    """Where this kernel's request will be announced, as voila.utils builds it; None when the
    kernel was not preheated by Voilà (JupyterLab, nbval, a kernel Voilà started on request)."""
    if env.get("VOILA_PREHEAT", "False") == "False":
        return None
    base = env.get("VOILA_WS_BASE_URL", env.get("VOILA_SERVER_URL", "/"))
    return (f"{env.get('VOILA_WS_PROTOCOL', 'ws')}://{env.get('VOILA_APP_IP', '127.0.0.1')}:"
            f"{env.get('VOILA_APP_PORT', '8866')}{base}voila/query/{env.get('VOILA_KERNEL_ID')}")


def wait_for_request(env: os._Environ | dict = os.environ, open_timeout: float = 5) -> bool:
    """Block until a viewer takes this kernel, then put their request into ``env``. True when
    a request arrived; False outside a preheated kernel or when the server cannot be reached
    (the dashboard then keeps its defaults, as Voilà's own helper does)."""
    url = query_socket_url(env)
    if url is None:
        return False
    from websockets.sync.client import connect

    try:
        with connect(url, open_timeout=open_timeout) as socket:
            message = socket.recv()
    except Exception as error:  # noqa: BLE001 - refused, timed out or closed: keep the defaults
        warnings.warn(f"no request from {url}: {error}", stacklevel=2)
        return False
    for key, value in json.loads(message).items():
        env[key] = value
    return True
