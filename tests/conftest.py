import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _default_profiles(monkeypatch):
    """Tests see the packaged carrier profiles unless they set their own."""
    monkeypatch.delenv("CARDGUIDE_CARRIERS", raising=False)


def run_cli(*args, env=None):
    import subprocess

    full_env = {k: v for k, v in os.environ.items() if k != "CARDGUIDE_CARRIERS"}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "cardguide", *args], capture_output=True, env=full_env, cwd=ROOT, timeout=120,
    )
