"""Voilà's preheated pool without its hang (``cardguide/voila_adapter/kernels.py``): six server
starts with a pool of four (``make bench`` runs six of each manager), each first
viewer arriving after the pooled kernels have waited longer than the idle-cull timeout and
loading for a few seconds before its websocket opens, as a phone does. Plain Voilà under the same
conditions is run too, to show they trigger the bug. The driver is ``harness/pool_hang.py``
(the benchmark suite's faults use it too), run as a command, its runs read from the JSON it writes: three of its processes
side by side (``pool_hang.py 2 4 --plain 1``: one plain start, then two of cardguide's at once),
begun ``STAGGER`` s apart, where one process would run them two at a time, one manager after
the other. A start is about 8 s of CPU (the server and its four kernels), then 13 s of waiting
(past the cull timeout, then the viewer's loading): while some wait, others start."""

import json
import subprocess
import sys
import time

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow  # real servers and kernels, no browser

PROCESSES = 3
STARTS = 2 * PROCESSES  # `make test` stays well under 25 minutes; the benchmark's twenty are in docs/deployment.md
PLAIN_STARTS = PROCESSES
#: Seconds between the processes' launches: each one's two starts of cardguide's (about 15 s of
#: CPU, 8 s on two cores) begin after the ones before have started.
STAGGER = 6


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pool")
    started = []
    try:
        for n in range(PROCESSES):
            time.sleep(STAGGER if n else 0)
            output = tmp / f"pool-{n}.json"
            started.append((output, subprocess.Popen(
                [sys.executable, str(ROOT / "harness" / "pool_hang.py"), str(STARTS // PROCESSES), "4", "--plain", "1",
                 "--output", str(output)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)))
        result = {"plain Voilà": [], "cardguide": []}
        for output, process in started:
            said, _ = process.communicate(timeout=1200)
            print(said)
            assert process.returncode == 0, said
            for name, runs in json.loads(output.read_text()).items():
                result[name] += runs
        return result
    finally:
        for _, process in started:  # one that failed leaves no other running
            if process.poll() is None:
                process.kill()
                process.wait(timeout=30)


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
