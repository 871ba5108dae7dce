"""A strict Content-Security-Policy and Trusted Types on every page cardguide serves (issue 43),
held in the browser: each page in Chromium with its controls moved (and, on the Voilà page, the
kernel joined and its Plotly Gantt drawn, hovered and redrawn) raises no policy violation; a file
changed after its page named its integrity is refused; hostile link parameters stay text.

Independent sources: the browser's own ``securitypolicyviolation`` events and console; plotly.js
itself for its style sheet's rules; sha384 of the served files; chinese-calendar for the dates.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import http.client
import re
import shutil
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cardguide.security import HEADERS, content_security_policy
from cardguide.site import write_site
from conftest import ROOT, open_page, wait_gantt, workday_after, zh_long
from servers import serve_static, voila

pytestmark = pytest.mark.browser

#: Every violation the page reports, from its first script on: [directive, blocked, sample].
VIOLATIONS = """window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__violations.push([e.violatedDirective, e.blockedURI, e.sample]));"""


def violations(page) -> list:
    """The page's policy violations and the console's refusals (CSP and Trusted Types)."""
    refused = [text for kind, text in page.console
               if re.search(r"Content Security Policy|Trusted ?(HTML|Script|Types)|integrity", text, re.I)]
    return page.evaluate("window.__violations") + refused


def fetch(url: str) -> tuple[list[tuple[str, str]], str]:
    """A GET of ``url``: its headers (http.client keeps repeats) and its text."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    conn.close()
    return response.getheaders(), body


def one_header(url: str, name: str) -> list[str]:
    """Every value of response header ``name`` for a GET of ``url``."""
    return [value for key, value in fetch(url)[0] if key.lower() == name.lower()]


def move_every_control(page) -> None:
    """What a reader does with the controls: the date slider by keyboard, the carrier to its last,
    the remote option, own review days, a deadline and its safe day, a day in the year view."""
    page.locator(".cg-date").focus()
    page.keyboard.press("ArrowRight")
    page.locator(".cg-carrier").focus()
    page.keyboard.press("End")
    page.locator(".cg-remote").check()
    page.locator(".cg-review input").nth(2).fill("5")
    page.locator(".cg-review input").nth(2).press("Enter")
    page.locator(".cg-reset").click()
    page.locator(".cg-remote").uncheck()
    page.locator(".cg-by").fill("2026-12-31")
    page.locator(".cg-by").dispatch_event("change")
    page.locator(".cg-move").click()
    page.locator(".cg-year [data-day]").nth(40).click()
    page.locator(".cg-carrier").focus()
    page.keyboard.press("Home")


# ---- the Voilà page, its headers from cardguide's own server -------------------------------------

@pytest.fixture(scope="module")
def live(tmp_path_factory):
    with voila(tmp_path_factory.mktemp("csp-live")) as (url, _):
        yield url


def test_the_voila_page_sends_one_strict_policy(live):
    port = urllib.parse.urlsplit(live).port
    policies = one_header(live + "?date=2026-09-29", "Content-Security-Policy")
    # One policy (jupyter_server's own replaced, not sent beside), the kernel's websocket named.
    assert policies == [content_security_policy(websocket=f"ws://127.0.0.1:{port}", plotly=True)]
    policy = policies[0]
    assert "default-src 'none'" in policy and "unsafe" not in policy and "frame-ancestors 'none'" in policy
    assert "require-trusted-types-for 'script'" in policy
    for name, value in HEADERS.items():
        assert one_header(live, name) == [value], name
    # Static files and the API carry them too.
    assert one_header(live + "voila/templates/cardguide/static/plotly.css", "Content-Security-Policy") == policies


def test_the_voila_page_runs_with_no_violation_its_plotly_gantt_hovered_and_redrawn(browser, live):
    day = dt.date(2026, 11, 23)  # the server's today (11-25) on the chart: its line and label drawn too
    page, errors = open_page(browser, live + f"?date={day}", VIOLATIONS, kernel=True,
                             viewport={"width": 1280, "height": 900})
    wait_gantt(page, day, 1, 3)
    assert page.locator(".cg-plotly .annotation-text", has_text="今天").count() == 1
    # plotly.js's own rules came from the file (its <style> would be refused): its layers of SVG
    # lie over each other (else the hover layer would sit under the chart, doubling its height),
    # and no <style> was injected.
    assert page.evaluate("document.querySelectorAll('style').length") == 0
    layers = page.evaluate("[...document.querySelectorAll('.cg-plotly .main-svg')].map((s) => getComputedStyle(s).position)")
    assert len(layers) >= 2 and set(layers) == {"absolute"}, layers
    # A hover label over a bar: plotly.js parses its own SVG through the narrow default policy.
    box = page.locator(".cg-plotly .barlayer .point path").last.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector(".cg-plotly .hoverlayer .hovertext", timeout=10_000)
    assert page.locator(".cg-plotly .hoverlayer .hovertext").count() >= 1
    # The slider redraws the kernel's Gantt; every other control answers.
    page.locator(".cg-date").focus()
    page.keyboard.press("ArrowRight")
    wait_gantt(page, day + dt.timedelta(days=1), 1, 3)
    move_every_control(page)
    page.wait_for_timeout(500)
    assert violations(page) == []
    assert errors == []
    page.context.close()


def test_the_other_pages_the_server_sends_carry_the_policy_and_break_none_of_it(browser, tmp_path):
    """The reader's page beyond --max-kernels, the one for a live page that cannot be had
    (``live=unavailable``), an error page: each with the policy, each running clean."""
    with voila(tmp_path, pool_size=1, max_kernels=1) as (url, _):
        first, _ = open_page(browser, url + "?date=2026-09-29", VIOLATIONS, kernel=True)  # holds the one kernel
        for address, marker in ((url + "?date=2026-09-30", 'id="cg-full"'), (url + "?date=2026-09-30&live=unavailable", 'id="cg-unavailable"')):
            sent, html = fetch(address)
            policy = [value for key, value in sent if key.lower() == "content-security-policy"]
            assert len(policy) == 1 and "default-src 'none'" in policy[0], address
            assert marker in html, address
            page, errors = open_page(browser, address, VIOLATIONS)
            assert zh_long(workday_after(dt.date(2026, 9, 30), 2)) in page.inner_text(".cg-answer")
            move_every_control(page)
            page.wait_for_timeout(300)
            assert violations(page) == [], address
            assert errors == []
            page.context.close()
        missing = url + "voila/files/no-such-file.ipynb"  # refused (403): the error page
        assert len(one_header(missing, "Content-Security-Policy")) == 1
        page, _ = open_page(browser, missing, VIOLATIONS, drawn=False)
        page.wait_for_load_state("load")
        # error.html's style sheet is a file now: its rule applies.
        assert page.evaluate("getComputedStyle(document.body).maxWidth") != "none"
        assert violations(page) == []
        page.context.close()
        first.context.close()


# ---- the reader's page: its policy in a <meta>, whatever the host sends -----------------------

class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def sri_of(path: Path) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()


@pytest.fixture(scope="module")
def reader_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("csp-reader")
    write_site(folder, built=dt.date(2026, 12, 1))
    return folder


def test_the_reader_page_carries_its_policy_and_every_script_and_style_its_integrity(reader_site):
    parser = _Tags()
    parser.feed((reader_site / "index.html").read_text())
    metas = [a for t, a in parser.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert [m["content"] for m in metas] == [content_security_policy(meta=True)]
    assert parser.tags.index(("meta", metas[0])) < min(i for i, (t, a) in enumerate(parser.tags) if t in ("script", "link"))
    loaded = [(t, a.get("src") or a.get("href"), a.get("integrity")) for t, a in parser.tags
              if t == "script" or (t == "link" and a.get("rel") in ("stylesheet", "modulepreload"))]
    assert len(loaded) == 3  # the module, its CSS, the line for old browsers
    for tag, src, integrity in loaded:
        assert integrity == sri_of(reader_site / src), src


def test_the_reader_page_runs_with_no_violation(browser, reader_site):
    with serve_static(reader_site) as url:  # a host that sends no policy: the <meta>'s holds
        page, errors = open_page(browser, url + "?date=2026-09-29&lang=en", VIOLATIONS)
        move_every_control(page)
        page.locator(".cg-year [data-day]").nth(3).focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(300)
        assert violations(page) == []
        assert errors == []
        page.context.close()


def test_hostile_link_parameters_stay_text(browser, reader_site):
    with serve_static(reader_site) as url:
        hostile = urllib.parse.urlencode({"date": "<img src=x onerror=alert(1)>", "carrier": "<script>alert(2)</script>",
                                          "by": "\"><svg onload=alert(3)>", "lang": "en"})
        dialogs = []
        page, errors = open_page(browser, None, VIOLATIONS, setup=lambda p: p.on("dialog", lambda d: dialogs.append(d.message)))
        page.goto(url + "?" + hostile)
        page.wait_for_selector(".cg-reader.cg-mounted .cg-chart-title", timeout=30_000)
        problems = page.inner_text(".cg-problems")
        assert "<img src=x onerror=alert(1)>" in problems and "<script>alert(2)</script>" in problems
        assert page.locator(".cg-problems img, .cg-problems script, .cg-problems svg").count() == 0
        assert dialogs == [] and violations(page) == [] and errors == []
        page.context.close()


def test_a_changed_file_is_refused_rather_than_run(browser, reader_site, tmp_path):
    """The page names its module's integrity: a module changed after the build does not run (the
    page keeps its HTML answer and says the controls cannot run)."""
    changed = tmp_path / "site"
    shutil.copytree(reader_site, changed)
    module = next(changed.glob("v/*/widget.js"))
    module.write_text(module.read_text() + "\nwindow.changed = true;\n")
    for compressed in module.parent.glob("widget.js.*"):
        compressed.unlink()
    with serve_static(changed) as url:
        page, _ = open_page(browser, url, VIOLATIONS, drawn=False)
        page.wait_for_load_state("load")
        page.wait_for_selector(".cg-old-browser", timeout=10_000)
        assert page.evaluate("window.changed === undefined && !window.cardguideReaderRan")
        assert any("integrity" in text for _, text in page.console)
        page.context.close()


def test_plotly_css_is_plotly_js_own_rules(browser):
    """The file that takes the place of plotly.js's injected <style>: the rules plotly.js itself
    inserts (read in chromium with no policy), in its order."""
    from plotly_css import STATIC, plotly_css, plotly_rules

    assert (STATIC / "plotly.css").read_text() == plotly_css(plotly_rules(browser))


def test_the_recipe_gives_the_reader_page_the_same_policy():
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    block = conf[conf.index("map $uri $cardguide_reader_csp"):]
    assert re.search(r'~\^/reader/\s+"([^"]+)"', block).group(1) == content_security_policy()
    for name, value in HEADERS.items():
        assert f'add_header {name} "{value}" always;' in conf, name
