"""A short run of the benchmark completes and reports every figure (timings are not asserted:
they belong to `make bench`, not to a test that would flake on a busy machine)."""

import json

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser


def test_benchmark_smoke_run(tmp_path):
    import subprocess
    import sys

    output = tmp_path / "results.json"
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke", "--output", str(output)],
                         capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads(output.read_text())
    for key in ("slider_p95_ratio", "first_chart_ratio", "cold_first_chart_ratio", "year_grid_speedup",
                "latest_speedup", "kernel_rss_mb"):
        assert results["ratios"][key] > 0, key
    assert len(results["raw"]["slider"]["app"][0]) == 3 and len(results["raw"]["slider"]["floor"][0]) == 3
    assert "slider -> chart p95" in run.stdout and "viewer kernel RSS" in run.stdout
    assert "latest day to submit (365 deadlines)" in run.stdout
