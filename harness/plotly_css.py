"""Writes plotly.js's own style sheet as a file (the template's ``static/plotly.css``).

plotly.js puts its modebar, hover and notifier rules in a ``<style>`` it injects, which the pages'
strict policy refuses (``style-src 'self'``). Its hook: a ``<link id="plotly.js-style-global"
class="no-inline-styles">`` present before it runs makes it skip the injection, so the rules must
come from a file. They are read here from plotly.js itself, run in Debian's chromium with no
policy, in the order it inserts them (each goes first, so the sheet holds them reversed).
Run after upgrading the vendored plotly.js (``python harness/plotly_css.py``); ``tests/test_csp.py``
checks the file against it.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "harness"))

from servers import CHROMIUM, CHROMIUM_ARGS, serve_static  # noqa: E402

STATIC = ROOT / "cardguide" / "jupyter" / "voila" / "templates" / "cardguide" / "static"
HEADER = ("/* plotly.js basic's own rules (the <style> it would inject), read from it by harness/plotly_css.py:\n"
          "   the pages' policy allows no inline style, and this file takes its place (reader.js links it). */\n")


def plotly_rules(browser=None, plotly_js: Path = STATIC / "plotly-basic.min.js") -> list[str]:
    """The rules plotly.js injects, in the order it inserts them (in ``browser``, a Playwright
    chromium, or one started here)."""
    import contextlib
    import shutil
    import tempfile

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, contextlib.ExitStack() as stack:
        shutil.copy(plotly_js, Path(folder) / "plotly.js")
        (Path(folder) / "index.html").write_text('<!doctype html><script src="plotly.js"></script><div id="g"></div>')
        url = stack.enter_context(serve_static(Path(folder)))
        if browser is None:
            browser = stack.enter_context(sync_playwright()).chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            stack.callback(browser.close)
        page = browser.new_page()
        page.goto(url)
        page.evaluate("() => Plotly.newPlot('g', [{type: 'bar', x: [1, 2], y: [3, 4]}])")
        rules = page.evaluate("() => [...document.getElementById('plotly.js-style-global').sheet.cssRules]"
                              ".map((r) => r.cssText)")
        page.close()
    return rules[::-1]


def plotly_css(rules: list[str]) -> str:
    return HEADER + "".join(rule + "\n" for rule in rules)


if __name__ == "__main__":
    (STATIC / "plotly.css").write_text(plotly_css(plotly_rules()))
    print(f"wrote {STATIC / 'plotly.css'}")
