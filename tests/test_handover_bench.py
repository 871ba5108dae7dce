"""Issue 25's benchmark's smoke run (``benchmarks/handover.py --smoke``): small counts and short
times, the same code as ``make bench``'s. Figures are printed; what is asserted is what a
figure cannot hide: the bound held, every reader of the burst got their answer and the server
lived, the choice survived the take-over and the dropped connection, both tabs' kernels went,
every IPC kernel answered."""

import json
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser


def test_handover_benchmark_smoke_run(tmp_path):
    out = tmp_path / "handover.json"
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "handover.py"), "--smoke", "--output", str(out)],
                         capture_output=True, text=True, timeout=900, cwd=ROOT)
    print(run.stdout)
    assert run.returncode == 0, run.stdout + run.stderr
    r = json.loads(out.read_text())
    burst = r["burst"]
    assert burst["most_kernels"] <= burst["bound"] and burst["with_answer"] == burst["readers"] and burst["alive"]
    assert all(p["choice_kept"] for p in r["phone"]) and r["drop"]["kept"]
    assert r["tabs"]["hidden_gone_s"] is not None and all(c[0] is not None for c in r["tabs"]["closed"])
    assert r["ipc"]["ok"] == r["ipc"]["count"]
    assert "readers at once, --max-kernels" in run.stdout
