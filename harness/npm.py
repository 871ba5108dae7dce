"""Tools from npm, pinned, each installed once into its own folder of the user's cache
(``~/.cache/cardguide/<name>-<version>``): Lighthouse, the browser-baseline checkers, the
WebDriver BiDi client. Debian's nodejs and npm run them; nothing is downloaded but packages."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "cardguide"


def npm_tools(name: str, packages: dict[str, str], *, ignore_scripts: bool = False,
              overrides: dict[str, str] | None = None) -> Path:
    """The folder whose ``node_modules`` holds ``packages`` ({package: exact version}), installed
    with ``npm i -E`` on first use. ``name`` names the folder together with the pins, so a new pin
    installs afresh. ``ignore_scripts``: no install scripts (one that downloads from elsewhere).
    ``overrides``: npm's own, a dependency's version pinned for the whole tree."""
    pins = " ".join(f"{p}@{v}" for p, v in sorted({**packages, **(overrides or {})}.items()))
    folder = CACHE / f"{name}-{hashlib.sha1(pins.encode()).hexdigest()[:10]}"
    done = folder / ".installed"
    if not done.exists():
        if not shutil.which("npm"):
            raise RuntimeError(f"npm is missing: `apt-get install npm` (Debian) to install {name}")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "package.json").write_text(json.dumps({"private": True, "overrides": overrides or {}}) + "\n")
        subprocess.run(["npm", "i", "-E", *(f"{p}@{v}" for p, v in packages.items()), "--no-audit", "--no-fund",
                        "--silent", *(["--ignore-scripts"] if ignore_scripts else [])], cwd=folder, check=True, timeout=900)
        done.write_text(pins + "\n")
    return folder


#: esbuild, pinned: bundles the one front end's sources into the module the package ships.
ESBUILD = {"esbuild": "0.25.12"}
MODULE_SOURCES = ("host.js", "reader.js", "timeline.js")


def build_module(reader: Path) -> bytes:
    """``reader/widget.js``: host.js with reader.js, timeline.js and kernel.js, one ES module (anywidget's
    ``_esm`` is one file; the reader's page loads the same file). ES2018 syntax, as the browser
    baseline asks (docs/testing.md); no minifying, so the shipped file reads as its sources."""
    tools = npm_tools("esbuild", ESBUILD)
    reader = Path(reader).resolve()
    out = subprocess.run([str(tools / "node_modules" / ".bin" / "esbuild"), str(reader / "host.js"), "--bundle",
                          "--format=esm", "--target=es2018", "--charset=utf8", "--legal-comments=inline",
                          "--log-level=warning"],
                         cwd=reader, check=True, capture_output=True, timeout=120)
    return b"// Built by `make module` from host.js, reader.js, timeline.js and kernel.js (esbuild " + ESBUILD["esbuild"].encode() \
        + b"): edit those, not this file.\n" + out.stdout
