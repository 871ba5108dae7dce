"""The kernel client Voilà's executor uses, waiting for each message in slices.

Voilà runs a notebook's cells through nbclient with no cell timeout, so each wait for a
kernel's reply (and for its outputs) is one ``zmq.asyncio`` poll with no end, woken by the
socket's file descriptor. That wake-up can be lost: the descriptor signals an edge, and
anything else that reads the socket's events, or sends on it (jupyter_client's ``Session.send``
writes to a raw copy of the socket, unseen by the poll), as the reply lands takes it; the reply
then sits in the socket while the poll waits for good. A fresh poll reads the socket's events
first and finds it at once.

Two fresh-clone CI runs of four had a page whose HTML never ended. Caught in the act here
(the server's tasks and the kernel dumped): the kernel had run the cell to the end (its idle
status had come) and was idle, and the server still waited for the cell's reply.

So a wait with no end is made of waits of ``SLICE`` seconds: a stranded reply is read within
one, and a wait meant to last (a pooled kernel waiting for its viewer, on its shell and IOPub
channels) costs two wake-ups a second. ``tests/test_voila_adapter.py`` strands a reply with
real sockets.

Named in cardguide's ``voila.json`` (``KernelManager.client_class``), so it serves Voilà's
server process only; jupyter_server's kernel websockets use sockets of their own.
"""

from __future__ import annotations

import asyncio
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from traitlets import Type

#: Seconds of one slice of a wait with no end.
SLICE = 1.0


class SlicedChannel(AsyncZMQSocketChannel):
    """``get_msg()`` with no timeout polls again every ``SLICE`` seconds; a wait with a
    timeout is jupyter_client's own."""

    async def get_msg(self, timeout: float | None = None) -> dict:
        if timeout is not None:
            return await super().get_msg(timeout)
        while True:
            if self.socket is None or self.socket.closed:  # its client stopped between two slices:
                raise asyncio.CancelledError  # as a wait with no end ends when its socket closes
            try:
                return await super().get_msg(SLICE)
            except Empty:
                continue


class SlicedKernelClient(AsyncKernelClient):
    """The shell and IOPub channels, the two nbclient waits on while a cell runs, sliced."""

    shell_channel_class = Type(SlicedChannel)
    iopub_channel_class = Type(SlicedChannel)
