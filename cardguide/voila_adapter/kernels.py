"""Voilà's kernel manager without its pool hang: a preheated kernel is idle from when a viewer
takes it, not from when it was preheated.

Voilà's preheated pool (0.5.x) keeps its waiting kernels from the idle culler, but a kernel it
hands to a viewer still carries the ``last_activity`` of its preheat. If it waited in the pool
longer than ``cull_idle_timeout``, the culler's next pass (every ``cull_interval``) finds it
"idle" with no connection yet (the viewer's browser is still loading the page) and shuts it
down: the page never gets its widgets and the server logs ``ZMQError: Socket operation on
non-socket``. Reproduced with plain Voilà and a one-cell notebook in
``harness/pool_hang.py``; tested in ``tests/test_pool.py``.

It also staggers the refills. Voilà starts a replacement ``fill_delay`` after each hand-out,
so a crowd that empties the pool starts as many kernels at once, which share the cores and
all become ready together, late; the next viewers, who wait on the first of them, wait for
all. Spaced ``refill_stagger`` apart, the first replacement is ready soon and the rest follow.

And a replacement starts with spare CPU. A kernel's start (about 1 s of CPU) during a crowd
takes the cores from the viewers being served: their kernels, the server's thread, and on
this machine their browsers too. So a replacement, once its delay is over, waits its turn
until the host's CPUs are less busy than ``refill_cpu_busy``, one replacement at a time, at
most ``refill_patience`` seconds; a viewer who takes it while it waits (the pool ran dry)
starts it at once.

And it bounds the kernels (``max_kernels``, voila#617): the pool's replacement waits while the
server holds as many kernels as the bound, and ``full`` tells the page's handler to send a
new viewer the reader's page instead of a kernel (``voila_app.FirstPaintHandler``). A kernel
that goes (shut down by its page, or culled) lets a waiting replacement start.
"""

from __future__ import annotations

import asyncio
import contextvars
import os
import time
import weakref
from dataclasses import dataclass

import psutil
from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Float, Int

from ..errors import CardguideError

#: Set inside the pool's own starts, which ``fill_if_needed`` counted when it made them.
POOLED = contextvars.ContextVar("cardguide_pooled", default=False)


class KernelLimit(RuntimeError):
    """The server holds ``max_kernels`` kernels: this viewer gets the reader's page instead."""


def default_max_kernels(memory_bytes: int) -> int:
    """docs/deployment.md's bound for a host with this much memory: keep 2 GiB for the system
    and the server, and 150 MiB for each kernel (a drawn dashboard at the peak of a crowd)."""
    return max(1, int((memory_bytes - 2 * 1024**3) // (150 * 1024**2)))


def busy_share(before, after) -> float:
    """Share (0-1) of the host's CPU time spent busy between two ``psutil.cpu_times()``."""
    idle = (after.idle + getattr(after, "iowait", 0)) - (before.idle + getattr(before, "iowait", 0))
    total = sum(after) - sum(before)
    return 1.0 if total <= 0 else max(0.0, min(1.0, 1 - idle / total))


class PoolAwareKernelManager(AsyncMappingKernelManager):
    """Named by cardguide's ``voila.json`` (``VoilaConfiguration.multi_kernel_manager_class``).
    Voilà wraps it in its pooling manager (a subclass); the hand-out is that subclass's
    ``get_rendered_notebook``, so it is wrapped on the instance. Without a pool there is
    nothing to wrap and nothing changes."""

    refill_stagger = Float(0.5, config=True, help="Seconds between the starts of kernels that "
                           "replace ones handed out together (one kernel's start is about 1 s of CPU).")
    refill_cpu_busy = Float(0.5, config=True, help="A replacement waits while the host's CPUs are "
                            "busier than this share (0-1); 1 starts it whatever the load.")
    refill_patience = Float(60, config=True, help="Seconds a replacement waits at most for spare CPU.")
    max_kernels = Int(0, config=True, help="Kernels the server holds at most, pool included "
                      "(0: no bound). `cardguide serve --max-kernels` sets it.")
    max_starting = Int(os.cpu_count() or 1, config=True, help="With a bound: kernel starts that "
                       "viewers may wait on at once (one kernel's start is about 1 s of CPU); a "
                       "viewer beyond them gets the reader's page at once.")
    #: Seconds over which the host's CPU use is read.
    cpu_window = 0.5

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._starting = 0  # starts outside the pool (a viewer who found it empty), not yet listed
        self._deferred: dict = {}  # notebook -> the replacement that waits for a kernel to go
        self._inflight: set = set()  # pool tasks handed to a viewer before their kernel was up
        self._closing = False
        hand_out = getattr(self, "get_rendered_notebook", None)
        if hand_out is None:
            return
        fill, next_start, initialize = self.fill_if_needed, [0.0], self._initialize
        self._turn = None  # an asyncio.Lock (made on the server's loop): one replacement at a time waits for CPU
        self._demand = weakref.WeakKeyDictionary()  # a pooled task -> its viewer has come (an asyncio.Event)
        replacing = [None]  # while fill() starts replacements: the Event of each

        def fill_if_needed(delay=None, **kw):
            if delay is not None:  # the first fill: at once, whatever the load
                return fill(delay=delay, **kw)
            if self.max_kernels and self.kernel_count() >= self.max_kernels:
                self._deferred[kw.get("notebook_name")] = kw  # started when a kernel goes
                return None
            now = time.monotonic()  # a replacement after a hand-out
            start = max(now + self.fill_delay, next_start[0])
            next_start[0] = start + self.refill_stagger
            replacing[0] = []
            try:
                return fill(delay=start - now, **kw)
            finally:
                events, replacing[0] = replacing[0], None
                pool = self._pools.get(kw.get("notebook_name"), [])
                for task, demanded in zip(pool[len(pool) - len(events):], events):
                    self._demand[task] = demanded

        async def pooled(*args, **kw):
            POOLED.set(True)  # this task's own context: its start was counted in the pool
            return await initialize(*args, **kw)

        def gated_initialize(*args, **kw):
            if replacing[0] is None:  # the first fill, a restart
                return pooled(*args, **kw)
            demanded = asyncio.Event()
            replacing[0].append(demanded)

            async def with_spare_cpu():
                await self.spare_cpu(demanded)
                return await pooled(*args, **kw)

            return with_spare_cpu()

        self.fill_if_needed = fill_if_needed
        self._initialize = gated_initialize

        async def get_rendered_notebook(*args, **kw):
            pool = self._pools.get(kw.get("notebook_name", args[0] if args else None), [])
            if pool and not pool[0].done():  # out of the pool, not yet listed: still counted
                self._inflight.add(pool[0])
                pool[0].add_done_callback(self._inflight.discard)
            if pool and pool[0] in self._demand:  # the viewer will wait on it: no more waiting for CPU
                self._demand.pop(pool[0]).set()
            result = await hand_out(*args, **kw)
            kernel = self._kernels.get(result[2])  # (render task, rendered cells, kernel id)
            if kernel is not None:
                kernel.last_activity = utcnow()  # idle from now: the viewer's browser connects soon
            return result

        self.get_rendered_notebook = get_rendered_notebook

    def kernel_count(self) -> int:
        """Kernels running or starting, and the pool's kernels still to start (in the pool, or
        taken by a viewer who waits for them)."""
        promised = sum(1 for pool in getattr(self, "_pools", {}).values() for task in pool if not task.done())
        return len(self._kernels) + self._starting + promised + len(self._inflight)

    def full(self, notebook_name: str | None = None) -> bool:
        """True when a new viewer gets the reader's page instead of a kernel: with a bound, no
        kernel is ready in the pool and either ``max_starting`` viewers already wait on a
        kernel's start (a burst: more starts would slow every page on the host) or the server
        holds ``max_kernels``."""
        if not self.max_kernels:
            return False
        pool = self._pools_of(notebook_name)
        if pool and pool[0].done():  # Voilà hands out the pool's first: ready
            return False
        if self.max_starting and len(self._inflight) + self._starting >= self.max_starting:
            return True
        if pool:  # its first is this viewer's kernel, counted already
            return False
        return self.kernel_count() >= self.max_kernels

    def _pools_of(self, notebook_name) -> list:
        return getattr(self, "_pools", {}).get(notebook_name, [])

    async def start_kernel(self, *args, **kwargs):
        """A start outside the pool (Voilà's path when the pool is empty) is refused at the
        bound: the server never starts kernel ``max_kernels + 1``."""
        if POOLED.get():
            return await self._start(*args, **kwargs)
        if self.max_kernels and self.kernel_count() >= self.max_kernels:
            raise KernelLimit(f"{self.max_kernels} kernels")
        self._starting += 1
        try:
            return await self._start(*args, **kwargs)
        finally:
            self._starting -= 1

    async def _start(self, *args, **kwargs):
        """A kernel that fails to start (its program missing, say) stays in jupyter_client's
        ``_pending_kernels``: counted, listed, and refused by ``shutdown_all`` (404) at exit.
        Forgotten here."""
        try:
            return await super().start_kernel(*args, **kwargs)
        except Exception:
            pending = getattr(self, "_pending_kernels", {})
            for kernel_id, task in list(pending.items()):
                if task.done() and kernel_id not in self._kernels:
                    pending.pop(kernel_id, None)
            raise

    async def shutdown_kernel(self, kernel_id, *args, **kwargs):
        """Also starts a replacement that waited for room under the bound."""
        try:
            return await super().shutdown_kernel(kernel_id, *args, **kwargs)
        finally:
            if not self._closing:
                for notebook, kw in list(self._deferred.items()):
                    if self.kernel_count() < self.max_kernels:
                        del self._deferred[notebook]
                        self.fill_if_needed(**kw)

    async def shutdown_all(self, *args, **kwargs):
        self._closing = True
        return await super().shutdown_all(*args, **kwargs)

    def cpu_busy(self, window: float) -> float:
        """The host's busy share over the next ``window`` seconds (blocking: run in a thread)."""
        before = psutil.cpu_times()
        time.sleep(window)
        return busy_share(before, psutil.cpu_times())

    async def spare_cpu(self, demanded: asyncio.Event) -> None:
        """Until this replacement's turn comes and the CPUs are less busy than
        ``refill_cpu_busy``, or its viewer has come, or ``refill_patience`` has passed."""
        if self.refill_cpu_busy >= 1:
            return
        if self._turn is None:
            self._turn = asyncio.Lock()
        loop = asyncio.get_running_loop()

        async def turn():
            async with self._turn:
                while await loop.run_in_executor(None, self.cpu_busy, self.cpu_window) > self.refill_cpu_busy:
                    pass

        waiting = {asyncio.ensure_future(turn()), asyncio.ensure_future(demanded.wait())}
        _, pending = await asyncio.wait(waiting, timeout=self.refill_patience, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()


#: A notebook's output that shows a widget: its model's id, whose state says what it is.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: Seconds one cell of the start-up run may take (a notebook that waits longer is served as it is).
CELL_TIMEOUT = 120


@dataclass(frozen=True)
class FirstRun:
    """What ``serve`` learns by running the notebook once before Voilà starts: why no kernel
    starts (``problem``), else the widgets it shows that cardguide's page cannot host
    (``foreign``: each shown widget's name, e.g. ``IntSlider``; empty for the dashboard alone)."""

    problem: CardguideError | None = None
    foreign: tuple[str, ...] = ()


def hosted(state: dict) -> bool:
    """True for a widget cardguide's page draws itself: an anywidget whose front end is the
    page's own module (``reader/widget.js``, the dashboard's ``_esm``). The page has no widget
    manager, so anything else it would show as nothing."""
    from importlib import resources

    module = resources.files("cardguide").joinpath("reader/widget.js").read_text("utf-8")
    return state.get("_model_module") == "anywidget" and state.get("_esm") == module


def widget_name(state: dict) -> str:
    """A shown widget as its author wrote it: ``IntSliderModel`` is ``IntSlider``, an anywidget
    its class (``plotly...FigureWidget`` is ``FigureWidget``)."""
    name = state.get("_model_name") or "?"
    if name == "AnyModel":
        return (state.get("_anywidget_id") or "AnyWidget").rsplit(".", 1)[-1]
    return name[: -len("Model")] if name.endswith("Model") and len(name) > 5 else name


def foreign_widgets(outputs: list[dict], states: dict[str, dict]) -> tuple[str, ...]:
    """The names of the widgets shown in ``outputs`` (a run's cell outputs) that cardguide's
    page cannot host, each once, in the order shown; ``states`` is the run's widget states by
    model id. A box that holds the dashboard is a widget the page cannot host either."""
    names = []
    for output in outputs:
        view = output.get("data", {}).get(WIDGET_VIEW)
        if view is None:
            continue
        state = states.get(view.get("model_id"), {})
        if not hosted(state) and widget_name(state) not in names:
            names.append(widget_name(state))
    return tuple(names)


def kernel_problem(notebook) -> CardguideError | None:
    """Why no kernel can start for ``notebook`` here, or None (``first_run``'s problem)."""
    return first_run(notebook).problem


def first_run(notebook) -> FirstRun:
    """Before Voilà starts: finds the notebook's kernel as Voilà does (its name, else the first
    of its language) and checks the program it runs, then runs the notebook once in it (as a
    preheated kernel will) to see which widgets it shows. A cell that raises or runs too long
    is the page's business (the reader's page answers instead); only a kernel that does not
    start stops the server."""
    import atexit
    import json
    import shutil
    from pathlib import Path
    import subprocess
    import sys

    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    spec = json.loads(Path(notebook).read_text("utf-8")).get("metadata", {}).get("kernelspec", {})
    language = spec.get("language", "python")
    specs = KernelSpecManager().get_all_specs()
    name = spec.get("name", "python3")
    if name not in specs:
        same = sorted((s["spec"]["display_name"], n) for n, s in specs.items()
                      if s["spec"].get("language", "").lower() == language.lower())
        if not same:
            return FirstRun(CardguideError.of("kernel_none", language=language.capitalize(), python=sys.executable))
        name = same[0][1]
    argv = specs[name]["spec"]["argv"]
    if not shutil.which(argv[0]):
        return FirstRun(CardguideError.of("kernel_program", name=name, path=specs[name]["resource_dir"],
                                          program=argv[0], python=sys.executable))
    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(nb, kernel_name=name, timeout=CELL_TIMEOUT, allow_errors=True, startup_timeout=60,
                            resources={"metadata": {"path": str(Path(notebook).resolve().parent)}})
    try:  # the kernel's warnings are not ours
        client.execute(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except (CellTimeoutError, CellExecutionError, DeadKernelError):
        pass  # the kernel started: what the notebook showed so far is what it shows
    except Exception as exc:  # noqa: BLE001 - whatever stops it, the operator gets one line
        reason = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
        return FirstRun(CardguideError.of("kernel_start", name=name, reason=reason, python=sys.executable))
    finally:  # nbclient's exit hook would clean up again (and fail with a traceback after a failed start)
        atexit.unregister(client._cleanup_kernel)
    outputs = [output for cell in nb.cells for output in cell.get("outputs", [])]
    return FirstRun(foreign=foreign_widgets(outputs, client.widget_state))
