"""``python -m cardguide site OUT_DIR`` and the reader's page under ``python -m cardguide serve``:
the files a static host gets, their compressed twins, and the server's headers."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import gzip
import json
import re
import tomllib
import urllib.request
from html.parser import HTMLParser

import brotli
import pytest

from cardguide.workdays import FIRST_YEAR, LAST_YEAR
from conftest import ROOT, run_cli
from servers import voila


class Head(HTMLParser):
    """The page's meta tags, links and scripts."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.scripts = {}, [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("name" in attrs or "property" in attrs):
            self.meta[attrs.get("name") or attrs["property"]] = attrs["content"]
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script":
            self.scripts.append(attrs)


def test_site_writes_the_page_the_module_the_bundle_and_their_twins(tmp_path):
    done = run_cli("site", str(tmp_path / "out"), "--built", "2026-12-01", "--lang", "en")
    assert done.returncode == 0, done.stderr
    out = tmp_path / "out"
    assert b"index.html" in done.stdout
    index = (out / "index.html").read_text("utf-8")
    head = Head()
    head.feed(index)
    assert head.meta["description"] and head.meta["og:title"] and head.meta["og:description"]
    assert any(link.get("rel") == "icon" and (out / link["href"]).is_file() for link in head.links)
    [module] = [s["src"] for s in head.scripts if s.get("type") == "module"]
    folder = (out / module).parent
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(f"{n}{suffix}" for n in ("data.json", "more.json", "fallback.js", "reader.css", "widget.js")
                           for suffix in ("", ".br", ".gz"))
    for path in [out / "index.html", *(p for p in folder.iterdir() if p.suffix not in (".br", ".gz"))]:
        raw = path.read_bytes()
        assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == raw
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == raw
    bundle = json.loads((folder / "data.json").read_text("utf-8"))
    assert bundle["built"] == "2026-12-01" and bundle["years"] == [FIRST_YEAR, LAST_YEAR]
    days = (dt.date(LAST_YEAR + 1, 12, 31) - dt.date(FIRST_YEAR, 1, 1)).days + 1
    assert len(bundle["calendar"]["days"]) == days
    # The bundle in two files: the first answer's, then the article and the widget box's skeleton,
    # each named in the page with its integrity (the module fetches the second once it has answered).
    more = json.loads((folder / "more.json").read_text("utf-8"))
    assert sorted(more) == ["article", "skeleton"] and not set(more) & set(bundle)
    heading = tomllib.loads((ROOT / "cardguide" / "data" / "article.toml").read_text("utf-8"))["definition"]["heading"]
    assert f"<h2>{heading['en']}</h2>" in more["article"]["en"] and f"<h2>{heading['zh']}</h2>" in more["article"]["zh"]
    for name, attr in (("data.json", "data-bundle-integrity"), ("more.json", "data-more-integrity")):
        digest = base64.b64encode(hashlib.sha384((folder / name).read_bytes()).digest()).decode()
        assert f'{attr}="sha384-{digest}"' in index
    # the page says when its data was built and how far it reaches
    assert f"数据生成于 2026-12-01，覆盖 {FIRST_YEAR} 至 {LAST_YEAR} 年" in index
    # nothing to another host
    assert not re.search(r'(src|href)="(https?:)?//', index)


def test_site_refuses_a_bad_day(tmp_path):
    done = run_cli("site", str(tmp_path), "--built", "2026-02-30", "--lang", "en")
    assert done.returncode == 2
    assert done.stderr.decode().strip() == ('cardguide: error: "2026-02-30" is not a valid date; use YYYY-MM-DD, '
                                            "e.g. 2024-09-30")


def fetch(url: str, encoding: str = "br"):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers, response.read()


@pytest.mark.slow
def test_serve_has_the_reader_page_with_its_headers(tmp_path):
    with voila(tmp_path, preheat=False) as (url, _):
        headers, body = fetch(url + "reader/?lang=en")
        assert headers["Content-Encoding"] == "br" and headers["Cache-Control"] == "no-cache"
        page = brotli.decompress(body).decode()
        assert 'href="../"' in page  # back to the live app
        module = re.search(r'<script type="module" src="([^"]+)"', page).group(1)
        headers, body = fetch(url + "reader/" + module, "gzip")
        assert headers["Content-Encoding"] == "gzip"
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
        module_js = gzip.decompress(body)
        assert b"function mount(" in module_js and b"as default" in module_js  # the one front end, an AFM module
        # its service worker and manifest are asked anew on every visit: a new build is seen (issue #35)
        for name in ("sw.js", "manifest.webmanifest"):
            headers, body = fetch(url + "reader/" + name, "identity")
            assert headers["Cache-Control"] == "no-cache", name
        assert b'"start_url": "."' in body
        # the Voilà page: the same description and link card, in the link's language
        ui = tomllib.loads((ROOT / "cardguide" / "data" / "ui.toml").read_text("utf-8"))
        headers, body = fetch(url + "?lang=en", "identity")
        head = Head()
        head.feed(body.decode())
        assert head.meta["description"] == head.meta["og:description"] == ui["reader"]["description"]["en"]
        assert head.meta["og:title"].startswith("Cancelling a telemarketing SIM card")
        assert any(link.get("rel") == "icon" and link["href"].startswith("data:image/svg+xml,") for link in head.links)
        assert head.meta["color-scheme"] == "light dark"  # both pages follow the phone's dark mode
