"""Voilà's kernel manager without its pool hang: a preheated kernel is idle from when a viewer
takes it, not from when it was preheated.

Voilà's preheated pool (0.5.x) keeps its waiting kernels from the idle culler, but a kernel it
hands to a viewer still carries the ``last_activity`` of its preheat. If it waited in the pool
longer than ``cull_idle_timeout``, the culler's next pass (every ``cull_interval``) finds it
"idle" with no connection yet (the viewer's browser is still loading the page) and shuts it
down: the page never gets its widgets and the server logs ``ZMQError: Socket operation on
non-socket``. Reproduced with plain Voilà and a one-cell notebook in
``benchmarks/pool.py``; tested in ``tests/test_pool.py``.
"""

from __future__ import annotations

from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager


class PoolAwareKernelManager(AsyncMappingKernelManager):
    """Named by cardguide's ``voila.json`` (``VoilaConfiguration.multi_kernel_manager_class``);
    Voilà wraps it in its pooling manager, which asks it only about kernels out of the pool."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._out_of_pool: set[str] = set()

    async def cull_kernel_if_idle(self, kernel_id: str):
        if kernel_id not in self._out_of_pool:
            # First pass since this kernel left the pool: its idle time starts now.
            self._out_of_pool.intersection_update(self._kernels)
            self._out_of_pool.add(kernel_id)
            kernel = self._kernels.get(kernel_id)
            if kernel is not None and hasattr(kernel, "last_activity"):
                kernel.last_activity = utcnow()
            return None
        return await super().cull_kernel_if_idle(kernel_id)
