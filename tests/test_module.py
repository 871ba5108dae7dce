"""The one front end's shipped module (``cardguide/reader/widget.js``) is its sources built: host.js,
reader.js and timeline.js bundled by the pinned esbuild (``make module``, harness/npm.py). A source
edited without a rebuild would ship an old module to every host; this test names it.

Broken once to watch it fail: a word changed in reader.js without `make module`.
"""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT
from npm import MODULE_SOURCES, build_module

READER = ROOT / "cardguide" / "reader"


def test_the_shipped_module_is_its_sources_built():
    if not shutil.which("npm"):
        pytest.fail("npm is missing: `make test` installs Debian's nodejs and npm")
    shipped = (READER / "widget.js").read_bytes()
    assert build_module(READER) == shipped, "cardguide/reader/widget.js is not its sources built: run `make module`"
    text = shipped.decode("utf-8")
    # every source is in it, and it is one ES module with anywidget's default export
    assert [line for line in text.splitlines() if line.startswith("// ") and line[3:] in MODULE_SOURCES] == [
        "// timeline.js", "// reader.js", "// host.js"]
    assert not any(line.startswith("import ") for line in text.splitlines())  # one file: nothing to fetch
    assert text.rstrip().endswith("export {\n  host_default as default\n};")
