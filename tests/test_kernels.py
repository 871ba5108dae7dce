"""The pool's replacements: the first ``fill_delay`` after a hand-out, each next one
``refill_stagger`` after the one before, so a crowd does not start them all at once; each
then waits for spare CPU, one at a time, unless its viewer has come."""

from __future__ import annotations

import asyncio
import threading
import time
from collections import namedtuple

import pytest

from cardguide.voila_adapter import kernels
from cardguide.voila_adapter.kernels import PoolAwareKernelManager, busy_share

NOTEBOOK = "dashboard.ipynb"


class Pooled(PoolAwareKernelManager):
    """Voilà's pooling manager (voila_kernel_manager.py) reduced to what cardguide wraps: a pool
    of tasks per notebook, each starting a kernel with ``_initialize``; the hand-out pops the
    first and asks for a replacement (``delay=None``; the first fill passes ``delay=0``).
    Outside a loop or before a first fill it only records the delays."""

    fill_delay = 2.0
    size = 1

    def __init__(self, **kwargs):
        self.delays, self.started, self._pools = [], [], {}
        super().__init__(**kwargs)

    async def _initialize(self, notebook_name, kernel_id=None, **kwargs):
        self.started.append(time.monotonic())
        return {"kernel_id": f"kernel-{len(self.started)}"}

    async def get_rendered_notebook(self, notebook_name=NOTEBOOK, **kwargs):
        pool = self._pools.get(notebook_name)
        if not pool:  # the fake's sync tests: no pool, only the refill's delay
            self.fill_if_needed(delay=None, notebook_name=notebook_name)
            return None, [], "no-such-kernel"
        item = pool.pop(0)
        self.fill_if_needed(delay=None, notebook_name=notebook_name)
        return None, [], (await item)["kernel_id"]

    def fill_if_needed(self, delay=None, notebook_name=NOTEBOOK, **kwargs):
        self.delays.append(delay)
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # outside a loop, or
            return
        if delay != 0 and notebook_name not in self._pools:  # before a first fill: only the delays count
            return
        pool = self._pools.setdefault(notebook_name, [])
        for _ in range(self.size - len(pool)):  # Voilà waits ``delay`` first; these tests set no delay
            pool.append(asyncio.ensure_future(self._initialize(notebook_name, None)))


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(kernels.time, "monotonic", lambda: now[0])
    return now


def test_replacements_handed_out_together_start_half_a_second_apart(clock):
    manager = Pooled()
    for _ in range(4):  # four viewers within the same instant
        manager.fill_if_needed()
    assert manager.delays == [2.0, 2.5, 3.0, 3.5]


def test_the_stagger_counts_from_the_last_start_not_from_each_request(clock):
    manager = Pooled()
    manager.fill_if_needed()  # starts at 1002.0
    clock[0] += 0.25
    manager.fill_if_needed()  # not before 1002.5: 2.25 s from now
    clock[0] += 10  # long after: the plain delay again
    manager.fill_if_needed()
    assert manager.delays == [2.0, 2.25, 2.0]


def test_the_first_fill_and_explicit_delays_pass_unchanged(clock):
    manager = Pooled()
    manager.fill_if_needed(delay=0)
    manager.fill_if_needed(delay=7)
    assert manager.delays == [0, 7]


def test_a_hand_out_asks_for_a_staggered_replacement(clock):
    manager = Pooled()
    asyncio.run(manager.get_rendered_notebook("dashboard.ipynb"))
    asyncio.run(manager.get_rendered_notebook("dashboard.ipynb"))
    assert manager.delays == [2.0, 2.5]


def test_the_stagger_is_a_setting():
    from traitlets.config import Config

    manager = Pooled(config=Config({"PoolAwareKernelManager": {"refill_stagger": 1.5}}))
    manager.fill_if_needed()
    manager.fill_if_needed()
    assert manager.delays[1] - manager.delays[0] == pytest.approx(1.5, abs=0.01)


Times = namedtuple("Times", "user nice system idle iowait")


def test_busy_share_counts_idle_and_iowait_as_not_busy():
    before, after = Times(100, 0, 50, 40, 10), Times(160, 0, 90, 90, 20)  # 160 more, 60 of them idle
    assert busy_share(before, after) == pytest.approx(100 / 160)
    assert busy_share(after, after) == 1.0  # no time has passed: nothing known, so busy


class Busy(Pooled):
    """The host's CPU as a script: each reading takes the next share (the last one repeats)."""

    fill_delay = 0.0
    refill_stagger = 0.0

    def __init__(self, shares, **kwargs):
        self.shares, self.readings, self.reading_now, self.most_at_once = list(shares), 0, 0, 0
        self.lock = threading.Lock()
        super().__init__(**kwargs)

    def cpu_busy(self, window):
        with self.lock:
            self.readings += 1
            self.reading_now += 1
            self.most_at_once = max(self.most_at_once, self.reading_now)
        time.sleep(0.01)
        with self.lock:
            self.reading_now -= 1
        return self.shares.pop(0) if len(self.shares) > 1 else self.shares[0]


async def until(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)


def test_a_replacement_waits_while_the_cpus_are_busy_and_starts_when_they_have_room():
    async def scenario():
        manager = Busy([0.9, 0.95, 0.7, 0.3])
        manager.fill_if_needed(delay=0)  # the first fill starts at once: no reading
        await until(lambda: len(manager.started) == 1)
        assert manager.readings == 0
        await manager.get_rendered_notebook(notebook_name=NOTEBOOK)
        await until(lambda: len(manager.started) == 2)
        return manager.readings

    assert asyncio.run(scenario()) == 4  # three readings above 0.5, then one below


def test_a_viewer_who_takes_a_waiting_replacement_starts_it_at_once():
    async def scenario():
        manager = Busy([1.0])  # a host that never has room
        manager.fill_if_needed(delay=0)
        assert (await manager.get_rendered_notebook(notebook_name=NOTEBOOK))[2] == "kernel-1"
        await asyncio.sleep(0.1)
        assert len(manager.started) == 1  # the replacement waits
        taken = time.monotonic()
        assert (await asyncio.wait_for(manager.get_rendered_notebook(notebook_name=NOTEBOOK), 2))[2] == "kernel-2"
        return manager.started[1] - taken

    assert asyncio.run(scenario()) < 1  # not the minute of patience


def test_replacements_read_the_cpu_one_at_a_time():
    async def scenario():
        manager = Busy([0.9] * 6 + [0.1])
        manager.size = 3
        manager.fill_if_needed(delay=0)
        await until(lambda: len(manager.started) == 3)
        for _ in range(3):  # three viewers at once: three replacements wait together
            await manager.get_rendered_notebook(notebook_name=NOTEBOOK)
        await until(lambda: len(manager.started) == 6)
        return manager.most_at_once, manager.readings

    most_at_once, readings = asyncio.run(scenario())
    assert most_at_once == 1
    assert readings >= 9  # six busy readings, then one with room for each of the three


def replaced_on_a_busy_host(**settings) -> tuple[float, int]:
    """One hand-out on a host that never has room: seconds until its replacement started, and
    how many CPU readings it took."""
    async def scenario():
        manager = Busy([1.0])
        for name, value in settings.items():
            setattr(manager, name, value)
        manager.fill_if_needed(delay=0)
        await manager.get_rendered_notebook(notebook_name=NOTEBOOK)
        handed_out = time.monotonic()
        await until(lambda: len(manager.started) == 2)
        return manager.started[1] - handed_out, manager.readings

    return asyncio.run(scenario())


def test_a_replacement_waits_no_longer_than_its_patience():
    waited, _ = replaced_on_a_busy_host(refill_patience=0.3)
    assert 0.25 < waited < 2


def test_refill_cpu_busy_of_one_never_reads_the_cpu():
    _, readings = replaced_on_a_busy_host(refill_cpu_busy=1.0)
    assert readings == 0


def test_the_real_reading_is_a_share():
    share = PoolAwareKernelManager().cpu_busy(0.05)
    assert 0.0 <= share <= 1.0


def test_the_bound_refuses_a_start_beyond_it_and_frees_with_a_shutdown(tmp_path):
    """A real kernel manager (jupyter_server's, as Voilà runs it without a pool), bound to one
    kernel: the first start works, a second is refused with KernelLimit and starts no process,
    ``full()`` says so; once the first is shut down there is room again."""
    from cardguide.voila_adapter.kernels import KernelLimit

    async def scenario():
        manager = PoolAwareKernelManager(max_kernels=1, connection_dir=str(tmp_path))
        first = await manager.start_kernel()
        assert manager.full() and manager.kernel_count() == 1
        with pytest.raises(KernelLimit):
            await manager.start_kernel()
        assert manager.list_kernel_ids() == [first]
        await manager.shutdown_kernel(first, now=True)
        assert not manager.full() and manager.kernel_count() == 0
        second = await manager.start_kernel()
        await manager.shutdown_kernel(second, now=True)

    asyncio.run(scenario())


def test_the_default_bound_comes_from_memory():
    """docs/deployment.md: (M - 2 GiB) / 150 MiB, by hand for 24 GiB, 4 GiB and a tiny host."""
    from cardguide.voila_adapter.kernels import default_max_kernels

    gib = 1024**3
    assert default_max_kernels(24 * gib) == 150  # 22 GiB / 150 MiB = 150.2
    assert default_max_kernels(4 * gib) == 13  # 2 GiB / 150 MiB = 13.65
    assert default_max_kernels(1 * gib) == 1  # never none


def test_viewers_beyond_max_starting_do_not_wait_on_more_starts(tmp_path):
    """A burst: with one start already being waited on (``max_starting`` 1), the next viewer
    is told to take the reader's page even though the bound (5) has room; once it is up, not."""
    async def scenario():
        manager = PoolAwareKernelManager(max_kernels=5, max_starting=1, connection_dir=str(tmp_path))
        assert not manager.full()
        starting = asyncio.ensure_future(manager.start_kernel())
        await asyncio.sleep(0)  # the start has begun
        during = manager.full()
        kernel = await starting
        after = manager.full()
        await manager.shutdown_kernel(kernel, now=True)
        return during, after

    assert asyncio.run(scenario()) == (True, False)
