"""The MDN HTTP Observatory's grade for both pages as the project's recipe serves them (issue 43):
deploy/nginx.conf over TLS on 127.0.0.1:80 and :443 (only its certificate paths, the upstream's
port and the site folder swapped), in front of ``cardguide serve --base-url /cardguide/`` and the
folder ``cardguide site`` writes, under /reader/. A certificate from a CA made here, which the
scanner (npm ``@mdn/mdn-http-observatory`` 1.4.8, run by node) is told to trust.

Independent source: the Observatory's own grading; the raw response headers read with http.client.
"""

from __future__ import annotations

import contextlib
import gzip
import datetime as dt
import http.client
import shutil
import ssl
import sys
import tempfile
from pathlib import Path

import brotli
import pytest

from cardguide.site import write_site
from observatory import failed, make_certificates, nginx, ports_free, recipe, scan
from servers import free_port, isolated_env, running, wait_log

pytestmark = pytest.mark.slow

PAGES = {"live": "/cardguide/", "reader": "/reader/"}
#: Headers a page must send once and no more (a header sent twice reads as one invalid header).
ONCE = ("content-security-policy", "strict-transport-security", "x-content-type-options", "referrer-policy",
        "cross-origin-opener-policy", "cross-origin-resource-policy", "cache-control", "vary")


@pytest.fixture(scope="module")
def recipe_on_loopback(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("observatory")
    if not ports_free(80, 443):
        pytest.fail("ports 80 and 443 of 127.0.0.1 are taken (or openssl is missing): the Observatory scans only those")
    ca, _, _ = make_certificates(tmp)
    # nginx's workers run as an unprivileged user: the site where they can read it (pytest's own
    # folders are the owner's alone).
    site = Path(tempfile.mkdtemp(prefix="cardguide-site-"))
    site.chmod(0o755)
    write_site(site, built=dt.date(2026, 12, 1))
    port, log = free_port(), tmp / "worker.log"
    args = [sys.executable, "-m", "cardguide", "serve", "--base-url", "/cardguide/", "--port", str(port)]
    with contextlib.ExitStack() as stack:
        proc = stack.enter_context(running(args, isolated_env(tmp), f"http://127.0.0.1:{port}/cardguide/voila/static/voila.js", log))
        wait_log(log, "is filled with", proc)
        stack.enter_context(nginx(recipe(tmp, [port], site), tmp, 443))
        yield ca
    shutil.rmtree(site, ignore_errors=True)


def headers(ca, path: str) -> list[tuple[str, str]]:
    """The page's response headers over TLS, every repeat kept (the page itself must come)."""
    conn = http.client.HTTPSConnection("127.0.0.1", 443, context=ssl.create_default_context(cafile=str(ca)), timeout=60)
    conn.request("GET", path, headers={"Accept-Encoding": "gzip, deflate, br"})  # as a browser asks
    response = conn.getresponse()
    body = response.read()
    body = {"br": brotli.decompress, "gzip": gzip.decompress}.get(response.getheader("Content-Encoding"), bytes)(body)
    conn.close()
    assert response.status == 200 and b"cg-reader" in body, (path, response.status)
    return response.getheaders()


@pytest.mark.parametrize("name", PAGES)
def test_both_pages_score_a_plus_135_with_no_failed_test(recipe_on_loopback, name):
    headers(recipe_on_loopback, PAGES[name])  # the page itself is served, not an error page
    result = scan("127.0.0.1" + PAGES[name], recipe_on_loopback)
    print(f"\n{name} {PAGES[name]}: {result['scan']['grade']} {result['scan']['score']}")
    for test, outcome in result["tests"].items():
        print(f"  {test}: {outcome['result']} ({outcome['scoreModifier']:+d})")
    assert failed(result) == {}
    assert result["scan"]["grade"] == "A+"
    assert result["scan"]["score"] >= 135


@pytest.mark.parametrize("name", PAGES)
def test_no_header_goes_twice(recipe_on_loopback, name):
    sent = headers(recipe_on_loopback, PAGES[name])
    print(f"\n{name}:\n" + "\n".join(f"  {k}: {v}" for k, v in sent if k.lower() != "set-cookie" or "route" in v))
    names = [key.lower() for key, _ in sent]
    for header in ONCE:
        assert names.count(header) == 1, (header, [v for k, v in sent if k.lower() == header])
    for key, value in sent:
        if key.lower() == "set-cookie":
            flags = {part.strip().lower() for part in value.split(";")[1:]}
            assert "secure" in flags and any(f.startswith("samesite=") for f in flags), value
