"""The reader's benchmark's smoke run (``benchmarks/reader.py --smoke``): one Lighthouse mobile
visit of the reader's page behind nginx beside the chart floor, a throttled phone, the slider,
the bundle and a small crowd of scripted readers. Figures are printed; targets are
``make bench``'s. What is asserted is what a score cannot hide: the report is of this page,
its SEO audits pass (description, title, lang), no audit of accessibility fails, and the
phone's first date change was really answered."""

import json
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser


def test_reader_benchmark_smoke_run(tmp_path):
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "reader.py"), "--smoke", "--output-dir", str(tmp_path)],
                         capture_output=True, text=True, timeout=900, cwd=ROOT)
    print(run.stdout)
    assert run.returncode == 0, run.stdout + run.stderr
    summary = json.loads((tmp_path / "summary.json").read_text())
    report = json.loads((tmp_path / "reader-mobile-1.json").read_text())
    assert report["lighthouseVersion"] == "12.8.2" and report["configSettings"]["formFactor"] == "mobile"
    for audit in ("meta-description", "document-title", "html-has-lang", "is-crawlable", "errors-in-console"):
        assert report["audits"][audit]["score"] == 1, audit
    [mobile] = summary["reader"]["mobile"]
    assert mobile["seo"] == 100 and mobile["accessibility"] == 100
    [phone] = summary["phone"]
    assert phone["first_change_s"] < 60  # the loop gave up at 60 s: a change that never came
    assert summary["nginx"]["readers"] == 200
    assert "Lighthouse mobile performance" in run.stdout and "readers/min" in run.stdout
