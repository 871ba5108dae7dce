"""The pool's replacements: the first ``fill_delay`` after a hand-out, each next one
``refill_stagger`` after the one before, so a crowd does not start them all at once."""

from __future__ import annotations

import asyncio

import pytest

from cardguide import kernels
from cardguide.kernels import PoolAwareKernelManager


class Pooled(PoolAwareKernelManager):
    """Voilà's pooling manager reduced to what cardguide wraps: the hand-out and the refill
    it asks for (Voilà's asks with ``delay=None``, its first fill with ``delay=0``)."""

    fill_delay = 2.0

    def __init__(self, **kwargs):
        self.delays = []
        super().__init__(**kwargs)

    async def get_rendered_notebook(self, *args, **kwargs):
        self.fill_if_needed(delay=None, notebook_name="dashboard.ipynb")
        return None, [], "no-such-kernel"

    def fill_if_needed(self, delay=None, **kwargs):
        self.delays.append(delay)


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
