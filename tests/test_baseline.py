"""The browser baseline (docs/testing.md): every script the reader's page and the Voilà page
ship for the first paint and the module is ES2018 syntax and uses no API or CSS beyond
Chromium 69 and Safari 12.2 (the query in the repository's .browserslistrc) without a fallback.
Checked by pinned npm tools (harness/npm.py): es-check (syntax; ES5 for the classic fallback
script, which must run where modules do not), eslint with eslint-plugin-compat (APIs), doiuse
(CSS). Each tool's output is printed (`pytest -s` shows it). A feature behind a real fallback
carries the tool's own disable comment, naming the fallback.

Broken once to watch it fail: `?.` added to reader.js (and so to widget.js) (es-check: "Unexpected token").
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from npm import npm_tools

ROOT = Path(__file__).resolve().parent.parent
READER = ROOT / "cardguide" / "reader"
TEMPLATE = ROOT / "cardguide" / "jupyter" / "voila" / "templates" / "cardguide" / "static"
#: The tools, pinned. eslint-plugin-compat 7.0.1 is the last that runs on Debian 12's Node 20;
#: eslint 9 is the line it and Node 20 both support.
TOOLS = {"es-check": "9.9.0", "eslint": "9.39.5", "eslint-plugin-compat": "7.0.1", "globals": "15.15.0",
         "@mdn/browser-compat-data": "6.1.5", "browserslist": "4.29.6", "caniuse-lite": "1.0.30001829",
         "doiuse": "6.0.6"}
#: The reader's module (ES modules) and the classic scripts: the fallback for browsers below the
#: baseline, the Voilà template's own (not the vendored plotly.js).
MODULES = sorted(READER.glob("*.js"))
CLASSIC_ES5 = [READER / "fallback.js"]
MODULES.remove(READER / "fallback.js")
#: The shipped module is built from the sources (tests/test_module.py): its syntax is checked here,
#: its APIs in the sources, where a feature behind a fallback carries its disable comment.
SOURCES = [p for p in MODULES if p.name != "widget.js"]
CLASSIC = sorted(p for p in TEMPLATE.glob("*.js") if not p.name.endswith(".min.js"))
#: plotly.css is plotly.js's own rules (harness/plotly_css.py), vendored as plotly.js is.
STYLES = [READER / "reader.css", *sorted(p for p in TEMPLATE.glob("*.css") if p.name != "plotly.css")]


def browsers() -> str:
    lines = (ROOT / ".browserslistrc").read_text().splitlines()
    return ", ".join(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@pytest.fixture(scope="module")
def tools():
    if not shutil.which("node"):
        pytest.fail("node is missing: `make test` installs Debian's nodejs and npm")
    return npm_tools("baseline", TOOLS) / "node_modules"


def run(tools: Path, tool: str, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([str(tools / ".bin" / tool), *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "NODE_PATH": str(tools), "NO_COLOR": "1"})
    print(f"$ {tool} {' '.join(args)}\n{done.stdout}{done.stderr}")
    return done


def rel(paths) -> list[str]:
    return [str(p.relative_to(ROOT)) for p in paths]


def test_the_baseline_names_the_oldest_engines():
    assert browsers() == "chrome >= 69, safari >= 12.2, ios_saf >= 12.2"
    assert len(MODULES) >= 2 and CLASSIC and all(p.exists() for p in CLASSIC_ES5)


def test_scripts_are_es2018_syntax(tools):
    for args in (["es2018", *rel(MODULES), "--module"], ["es2018", *rel(CLASSIC)], ["es5", *rel(CLASSIC_ES5)]):
        done = run(tools, "es-check", *args, "--noColor")
        assert done.returncode == 0, done.stdout + done.stderr


def test_scripts_use_no_api_beyond_the_baseline(tools):
    done = run(tools, "eslint", "--no-config-lookup", "--config", "tests/baseline/eslint.config.cjs",
               "--max-warnings", "0", *rel([*SOURCES, *CLASSIC_ES5, *CLASSIC]))
    assert done.returncode == 0, done.stdout + done.stderr


def test_styles_use_no_css_beyond_the_baseline(tools):
    # doiuse exits 0 whatever it finds: a finding is a line naming a file, line and column.
    done = run(tools, "doiuse", "-b", browsers(), *rel(STYLES))
    found = [line for line in done.stdout.splitlines() if re.match(r"\S+\.css:\d+:\d+: ", line)]
    assert done.returncode == 0 and not found, found
    # the tool reads the files: a feature past the baseline in a scratch copy is found
    scratch = ROOT / "tests" / "artifacts" / "baseline-probe.css"
    scratch.parent.mkdir(exist_ok=True)
    scratch.write_text("a { inset: 0; }\n")
    try:
        probe = run(tools, "doiuse", "-b", browsers(), rel([scratch])[0])
    finally:
        scratch.unlink()
    assert "css-logical-props" in probe.stdout or "inset" in probe.stdout, probe.stdout
