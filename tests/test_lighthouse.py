"""Lighthouse's smoke run (one mobile visit, the default slow-4G / 4x-CPU profile) against the
dashboard as ``make run`` serves it: a report is produced and its figures are printed. The
targets (performance, LCP, bytes; accessibility 100) are measured by ``make bench``, not asserted
here: a score is not a timing a test should hold on a busy machine."""

import json
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser


def test_lighthouse_mobile_smoke_run(tmp_path):
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "lighthouse.py"), "--smoke",
                          "--output-dir", str(tmp_path)], capture_output=True, text=True, timeout=900, cwd=ROOT)
    print(run.stdout)
    assert run.returncode == 0, run.stdout + run.stderr
    summary = json.loads((tmp_path / "summary.json").read_text())
    [mobile] = summary["dashboard"]["mobile"]
    report = json.loads((tmp_path / "dashboard-mobile-1.json").read_text())
    # A real report of the real page: Lighthouse's own configuration, the page's own title.
    assert report["lighthouseVersion"] == "12.8.2" and report["configSettings"]["formFactor"] == "mobile"
    assert report["audits"]["document-title"]["score"] == 1
    assert 0 <= mobile["performance"] <= 100 and 0 <= mobile["accessibility"] <= 100
    assert mobile["kb"] > 0 and mobile["requests"] > 0 and mobile["lcp_s"] > 0
    assert "dashboard mobile 1" in run.stdout
