"""Voilà's preheated pool without its hang (``cardguide/voila_adapter/kernels.py``): six server starts with
a pool of four (``make bench`` runs twenty: ``benchmarks/pool.py 20 4``), each first viewer
arriving after the pooled kernels have waited longer than the idle-cull timeout and loading for a few seconds before its websocket opens, as a
phone does. Plain Voilà under the same conditions is run too, to show they trigger the bug.
The driver is ``benchmarks/pool.py`` (``make bench`` prints the same comparison)."""

import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import pool  # noqa: E402

pytestmark = pytest.mark.browser  # a real server; no browser, but as slow


STARTS = 6  # `make test` stays well under 25 minutes; the benchmark's twenty are in docs/deployment.md


def test_repeated_starts_with_a_pool_of_four_every_first_viewer_gets_the_page():
    runs = pool.starts(pool.CARDGUIDE, STARTS, 4)
    print(f"cardguide: {sum(r['ok'] for r in runs)}/{STARTS} first viewers got their widgets; "
          f"pool of 4 filled in {min(r['filled_s'] for r in runs):.1f}-{max(r['filled_s'] for r in runs):.1f} s")
    assert [r for r in runs if not r["ok"]] == []
    assert not any(r["culled_in_use"] for r in runs)


def test_the_same_conditions_hang_plain_voila():
    runs = pool.starts(pool.PLAIN, 2, 4)
    print(f"plain Voilà: {sum(not r['ok'] for r in runs)}/2 first viewers got nothing")
    assert all(r["culled_in_use"] and not r["ok"] for r in runs), (
        "plain Voilà no longer culls a kernel it has just handed out: cardguide/voila_adapter/kernels.py may go")
