"""A short run of ``benchmarks/crowd_floor.py`` (the static chart page, three browsers at once)
completes, each viewer drawing its own date's chart; ``make bench`` runs all three pages with
ten. Timings are not asserted: they are the benchmark's figures."""

import json
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser


def test_crowd_floor_smoke_run(tmp_path):
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "crowd_floor.py"), "3", "--pages", "chart floor",
                          "--output", str(tmp_path / "floor.json")], capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    result = json.loads((tmp_path / "floor.json").read_text())
    row = result["pages"]["chart floor"]
    assert result["viewers"] == 3 and result["network"] == "loopback"
    assert 0 < row["alone_s"] and 0 < row["p50_s"] <= row["p95_s"] <= row["max_s"]
    assert row["p95_over_alone"] == pytest.approx(row["p95_s"] / row["alone_s"], abs=0.05)
    assert row["errors"] == [] and row["browser_cpu_s"] > 0
