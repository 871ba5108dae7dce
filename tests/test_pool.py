"""Voilà's preheated pool without its hang (``cardguide/voila_adapter/kernels.py``): six server
starts with a pool of four (``make bench`` runs twenty: ``benchmarks/pool.py 20 4``), each first
viewer arriving after the pooled kernels have waited longer than the idle-cull timeout and
loading for a few seconds before its websocket opens, as a phone does. Plain Voilà under the same
conditions is run too, to show they trigger the bug. The driver is ``benchmarks/pool.py``, run
as ``make bench`` runs it, its runs read from the JSON it writes."""

import json
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow  # real servers and kernels, no browser

STARTS = 6  # `make test` stays well under 25 minutes; the benchmark's twenty are in docs/deployment.md


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    output = tmp_path_factory.mktemp("pool") / "pool.json"
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "pool.py"), str(STARTS), "4", "--plain", "2",
                          "--output", str(output)], capture_output=True, text=True, timeout=1200, cwd=ROOT)
    print(run.stdout)
    assert run.returncode == 0, run.stdout + run.stderr
    return json.loads(output.read_text())


def test_repeated_starts_with_a_pool_of_four_every_first_viewer_gets_the_page(runs):
    cardguide = runs["cardguide"]
    assert len(cardguide) == STARTS
    assert [r for r in cardguide if not r["ok"]] == []
    assert not any(r["culled_in_use"] for r in cardguide)


def test_the_same_conditions_hang_plain_voila(runs):
    plain = runs["plain Voilà"]
    assert len(plain) == 2
    assert all(r["culled_in_use"] and not r["ok"] for r in plain), (
        "plain Voilà no longer culls a kernel it has just handed out: cardguide/voila_adapter/kernels.py may go")
