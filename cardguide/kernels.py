"""Voilà's kernel manager without its pool hang: a preheated kernel is idle from when a viewer
takes it, not from when it was preheated.

Voilà's preheated pool (0.5.x) keeps its waiting kernels from the idle culler, but a kernel it
hands to a viewer still carries the ``last_activity`` of its preheat. If it waited in the pool
longer than ``cull_idle_timeout``, the culler's next pass (every ``cull_interval``) finds it
"idle" with no connection yet (the viewer's browser is still loading the page) and shuts it
down: the page never gets its widgets and the server logs ``ZMQError: Socket operation on
non-socket``. Reproduced with plain Voilà and a one-cell notebook in
``benchmarks/pool.py``; tested in ``tests/test_pool.py``.

It also staggers the refills. Voilà starts a replacement ``fill_delay`` after each hand-out,
so a crowd that empties the pool starts as many kernels at once, which share the cores and
all become ready together, late; the next viewers, who wait on the first of them, wait for
all. Spaced ``refill_stagger`` apart, the first replacement is ready soon and the rest follow.
"""

from __future__ import annotations

import time

from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Float


class PoolAwareKernelManager(AsyncMappingKernelManager):
    """Named by cardguide's ``voila.json`` (``VoilaConfiguration.multi_kernel_manager_class``).
    Voilà wraps it in its pooling manager (a subclass); the hand-out is that subclass's
    ``get_rendered_notebook``, so it is wrapped on the instance. Without a pool there is
    nothing to wrap and nothing changes."""

    refill_stagger = Float(0.5, config=True, help="Seconds between the starts of kernels that "
                           "replace ones handed out together (one kernel's start is about 1 s of CPU).")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        hand_out = getattr(self, "get_rendered_notebook", None)
        if hand_out is None:
            return
        fill, next_start = self.fill_if_needed, [0.0]

        def fill_if_needed(delay=None, **kw):
            if delay is None:  # a replacement after a hand-out (the first fill passes its own)
                now = time.monotonic()
                start = max(now + self.fill_delay, next_start[0])
                next_start[0] = start + self.refill_stagger
                delay = start - now
            return fill(delay=delay, **kw)

        self.fill_if_needed = fill_if_needed

        async def get_rendered_notebook(*args, **kw):
            result = await hand_out(*args, **kw)
            kernel = self._kernels.get(result[2])  # (render task, rendered cells, kernel id)
            if kernel is not None:
                kernel.last_activity = utcnow()  # idle from now: the viewer's browser connects soon
            return result

        self.get_rendered_notebook = get_rendered_notebook
