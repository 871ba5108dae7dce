"""Voilà's preheated pool without its hang (``cardguide/voila_adapter/kernels.py``): six server
starts with a pool of four (``make bench`` runs twenty: ``benchmarks/pool.py 20 4``), each first
viewer arriving after the pooled kernels have waited longer than the idle-cull timeout and
loading for a few seconds before its websocket opens, as a phone does. Plain Voilà under the same
conditions is run too, to show they trigger the bug. The driver is ``benchmarks/pool.py``: its own
``one_start`` (each start its own server, its own wait past the timeout, its own viewer), here
all eight starts under way together, each begun ``STAGGER`` s after the one before, where
``make bench`` runs two at a time, one manager after the other. A start is about 8 s of CPU
(the server and its four kernels) and then 13 s of waiting (past the cull timeout, then the
viewer's loading): started a few seconds apart, one's start runs while others wait, and the
wall time nears the CPU's own."""

import importlib.util
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow  # real servers and kernels, no browser

STARTS = 6  # `make test` stays well under 25 minutes; the benchmark's twenty are in docs/deployment.md
PLAIN_STARTS = 2
#: Seconds between two starts: a little under a start's CPU (about 8 s) over two cores, as the waits of
#: the starts under way leave the cores to the next.
STAGGER = 3


def driver():
    """``benchmarks/pool.py`` as a module (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("pool_benchmark", ROOT / "benchmarks" / "pool.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def runs():
    pool = driver()
    # cardguide's and plain Voilà's starts interleaved, so both run under the same load.
    managers = [pool.CARDGUIDE, pool.PLAIN, pool.CARDGUIDE, pool.CARDGUIDE, pool.PLAIN, pool.CARDGUIDE,
                pool.CARDGUIDE, pool.CARDGUIDE]
    assert managers.count(pool.CARDGUIDE) == STARTS and managers.count(pool.PLAIN) == PLAIN_STARTS

    def start(n: int, manager: str, tmp: Path) -> dict:
        time.sleep(n * STAGGER)
        return pool.one_start(manager, 4, tmp)

    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(len(managers)) as workers:
        done = list(workers.map(lambda job: start(*job, Path(tmp)), enumerate(managers)))
    result = {"plain Voilà": [r for r, m in zip(done, managers) if m == pool.PLAIN],
              "cardguide": [r for r, m in zip(done, managers) if m == pool.CARDGUIDE]}
    for name, starts in result.items():
        print(name, [(r["ok"], r["detail"], r["culled_in_use"], round(r["filled_s"], 1)) for r in starts])
    return result


def test_repeated_starts_with_a_pool_of_four_every_first_viewer_gets_the_page(runs):
    cardguide = runs["cardguide"]
    assert len(cardguide) == STARTS
    assert [r for r in cardguide if not r["ok"]] == []
    assert not any(r["culled_in_use"] for r in cardguide)


def test_the_same_conditions_hang_plain_voila(runs):
    plain = runs["plain Voilà"]
    assert len(plain) == PLAIN_STARTS
    assert all(r["culled_in_use"] and not r["ok"] for r in plain), (
        "plain Voilà no longer culls a kernel it has just handed out: cardguide/voila_adapter/kernels.py may go")
