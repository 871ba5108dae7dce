"""The reader's page as static files (``python -m cardguide site OUT_DIR``): for any web host or
CDN, any number of readers, no kernel.

``OUT_DIR/index.html`` holds the article and the answer for the day the site is built, so it
reads before any script; the browser module (``reader/reader.js`` over ``timeline.js``) then
computes every answer from the bundle (``bundle.py``) for the reader's own day in Beijing:
``widget.js``, the one front end that is also the dashboard's widget (``app.Dashboard``).
The module, the bundle and the CSS sit in ``v/<hash>/``, named by their content, so a host
may cache them for ever; each has ``.br`` and ``.gz`` beside it.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import gzip
import hashlib
import json
import shutil
from html import escape
from pathlib import Path

import brotli

from .article import article, text
from .bundle import article_html, build_bundle, split_bundle
from .carriers import carriers
from .i18n import HTML_LANG, t
from .schedule import estimate
from .security import content_security_policy
from .texts import page_title, skeleton_html, translatable as _t
from .workdays import FIRST_YEAR, LAST_YEAR, beijing_today

READER = Path(__file__).resolve().parent / "reader"
#: The one front end (``widget.js``, built from host.js, reader.js and timeline.js), its CSS, and
#: the line for a browser below the baseline.
ASSETS = ("widget.js", "reader.css", "fallback.js")
#: A favicon drawn from the page's accent colour: a SIM card's cut corner.
ACCENT = "#1f4e79"
FAVICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path d="M6 2h14l8 8v20H6z" fill="#1f4e79"/>'
           '<rect x="10" y="14" width="12" height="10" rx="2" fill="#f2c14e"/></svg>')


#: Both pages follow the phone's light or dark mode (reader.css).
COLOR_SCHEME = '<meta name="color-scheme" content="light dark">'
#: The service worker (``reader/sw.js``) and the web app manifest, beside index.html.
SERVICE_WORKER, MANIFEST = "sw.js", "manifest.webmanifest"


def offline_html(assets: str) -> str:
    """The head's web app manifest link and the service worker the module registers (by this
    build's folder, so a new build is a new worker: ``reader/sw.js``)."""
    return (f'<link rel="manifest" href="{MANIFEST}">\n<meta name="theme-color" content="{ACCENT}">\n'
            f'<meta name="cardguide-sw" content="{SERVICE_WORKER}?v={escape(assets)}">')


def manifest(lang: str = "zh") -> dict:
    """The web app manifest: the page added to a phone's home screen opens as an app."""
    return {"name": text(article()["meta"]["title"], lang), "short_name": t("reader.short_name", lang),
            "description": t("reader.description", lang), "lang": HTML_LANG[lang], "start_url": ".", "scope": ".",
            "display": "standalone", "background_color": "#ffffff", "theme_color": ACCENT,
            "icons": [{"src": "favicon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"}]}


def integrity(path: Path) -> str:
    """The file's Subresource Integrity value (``sha384-…``): a page names what it loads, so a
    changed file is refused rather than run."""
    return "sha384-" + base64.b64encode(hashlib.sha384(Path(path).read_bytes()).digest()).decode()


@functools.cache
def template_integrity(name: str) -> str:
    """The integrity of one of the Voilà template's static files (``firstpaint.template_html``)."""
    from .serve import TEMPLATE_SOURCE

    return integrity(TEMPLATE_SOURCE / "static" / name)


def csp_meta() -> str:
    """The page's policy (``security.content_security_policy``) in its head, so any static host
    enforces it; ``frame-ancestors`` goes in the host's header (deploy/nginx.conf)."""
    return f'<meta http-equiv="Content-Security-Policy" content="{escape(content_security_policy(meta=True))}">'


def compress(path: Path) -> None:
    """``path.br`` and ``path.gz`` beside ``path``, each at its best setting."""
    raw = path.read_bytes()
    path.with_name(path.name + ".br").write_bytes(brotli.compress(raw, quality=11))
    path.with_name(path.name + ".gz").write_bytes(gzip.compress(raw, 9, mtime=0))


def page_html(built: dt.date, assets: str, *, app_url: str | None = None, lang: str = "zh",
              est=None, note: str = "", icon: str = "favicon.svg", holder: str = "personal",
              offline: bool = False) -> str:
    """The page itself: the build day's answer (or ``est``, a link's answer, in ``lang``), the
    article, and the slots the module fills. ``note`` (HTML) goes above the answer. ``offline``:
    the static site's page, with its web app manifest and service worker (``offline_html``)."""
    # A link's answer (the server's pages) names its day in the title, all WeChat shows of a
    # link; the static page's HTML cannot know the linked day, so it says what the page is and
    # the module names the day as soon as it runs.
    title = page_title(est, lang) if est is not None else text(article()["meta"]["title"], lang)
    return f"""<!doctype html>
<html lang="{HTML_LANG[lang]}">
<head>
<meta charset="utf-8">
{csp_meta()}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
{link_card_html(lang, icon)}
{COLOR_SCHEME}
{offline_html(assets) if offline else ""}
{assets_html(assets)}
</head>
<body>
{reader_html(built, assets, lang=lang, est=est, note=note, app_url=app_url, holder=holder)}
</body>
</html>
"""


def assets_html(assets: str, *, script: bool = True) -> str:
    """The head's links to the module, its bundle and its CSS (fetched at once, in parallel with
    the page, run after parsing); without ``script``, the module is only fetched (the Voilà page
    runs it itself)."""
    module = sri("widget.js")
    run = (f'<script type="module" src="{assets}/widget.js" {module}></script>' if script
           else f'<link rel="modulepreload" href="{assets}/widget.js" {module}>')
    # The bundle's preload carries no integrity (Chromium ignores it on a fetch preload and says so
    # in the console); the module's fetch names it (reader_html's data-bundle-integrity) and uses
    # this preload all the same: one request.
    return (f'<link rel="stylesheet" href="{assets}/reader.css" {sri("reader.css")}>\n'
            f'<link rel="preload" href="{assets}/data.json" as="fetch" crossorigin="anonymous">\n{run}')


def preload_links(assets: str) -> str:
    """The same three files as a ``Link`` response header (the Voilà page's): a browser starts
    them as the page's headers come, before it has parsed the page (on the throttled phone, the
    first date change at 0.97 s against 1.04 s without, medians of four loads)."""
    # The bundle's preload carries no integrity, as in the head (assets_html): Chromium ignores
    # one on a fetch preload and says so in the console; the module's fetch names it.
    return ", ".join((f'<{assets}/reader.css>; rel=preload; as=style; integrity="{integrity(READER / "reader.css")}"',
                      f'<{assets}/widget.js>; rel=modulepreload; integrity="{integrity(READER / "widget.js")}"',
                      f'<{assets}/data.json>; rel=preload; as=fetch; crossorigin=anonymous'))


#: The bundle's two files (``bundle.split_bundle``): the first answer's, and the rest.
BUNDLE, MORE = "data.json", "more.json"
#: Each build's bundle files' integrity, by its folder's name (``v/<hash>``, named by content):
#: recorded by ``write_site``, named by the pages that preload and fetch the bundle from it.
_BUNDLES: dict[str, dict[str, str]] = {}


def bundle_integrity(assets: str, name: str = BUNDLE) -> str:
    """The integrity of the bundle's file ``name`` in ``assets`` (a build's folder's address), or ""
    for a folder this process did not write."""
    return _BUNDLES.get(assets.rstrip("/").rsplit("/", 1)[-1], {}).get(name, "")


def sri(asset: str) -> str:
    """The ``integrity`` attribute of one of the module's files (``ASSETS``), as written to ``v/<hash>/``."""
    return f'integrity="{integrity(READER / asset)}"'



def reader_html(built: dt.date, assets: str, *, lang: str = "zh", est=None, note: str = "",
                app_url: str | None = None, embedded: bool = False, today: dt.date | None = None,
                holder: str = "personal") -> str:
    """The module's root and what it paints before any script. ``embedded``, the Voilà page's
    first paint (``firstpaint``): for ``est`` and the server's ``today``, the article left to
    the module and no footer, with a line the page fills as the kernel comes and goes.
    ``holder``: whose name the card is in, the checklist's (the module draws the choice).
    The module finds every part by its class (``.cg-answer``): two instances share no id."""
    meta = article()["meta"]
    if est is None:
        carrier = next(iter(carriers().values()))
        est = estimate(min(max(built, dt.date(FIRST_YEAR, 1, 1)), dt.date(LAST_YEAR, 12, 31)), carrier)
        static = f'<span class="cg-small">{_t("reader.static_answer", lang, built=built.isoformat())}</span>'
    else:
        static = ""
    # Below the browser baseline the module does not run: fallback.js shows this line, in the
    # link's language (the page's HTML is in one).
    old = json.dumps({code: t("reader.old_browser", code)
                      + (t("reader.old_browser_static", code, built=built.isoformat()) if static else "")
                      for code in (lang, *(c for c in HTML_LANG if c != lang))}, ensure_ascii=False)

    app = f'<p><a href="{escape(app_url)}">{_t("reader.live_app", lang)}</a></p>' if app_url else ""
    tag = "main"  # the page's main landmark, on the Voilà page too (its lab page has none)
    data = (f' data-embedded="1" data-today="{(today or built).isoformat()}" aria-labelledby="cg-title"'
            if embedded else "")
    # Embedded, the article comes with the module (its bundle has it): the first paint stays small.
    after = "" if embedded else f"""<footer><p class="cg-small">{_t("reader.built", lang, built=built.isoformat(), first=FIRST_YEAR, last=LAST_YEAR)}</p>{app}
<p class="cg-small cg-footer-source">{escape(t("app.source", lang, source=text(meta["source"], lang)))}</p></footer>"""
    from .plan import date_range  # the slider's span, as the module's model starts with it

    inside = skeleton_html(lang, est=est, note=note, holder=holder, status=embedded, static=static, today=today or built,
                           # The date slider before the module (texts.early_date_html), above the answer.
                           span=date_range(today or built, est.submitted),
                           article_body="" if embedded else article_html(lang))
    bundle = "".join(f' data-{key}-integrity="{value}"' for key, value in
                     (("bundle", bundle_integrity(assets)), ("more", bundle_integrity(assets, MORE))) if value)
    return f"""<{tag} class="cg-reader" data-bundle="{assets}/{BUNDLE}" data-more="{assets}/{MORE}"{bundle} data-bad-data="{escape(t('reader.bad_data', lang))}" data-old-browser="{escape(old)}"{data}>
{inside}
{after}
{f'<script src="{assets}/fallback.js" defer {sri("fallback.js")}></script>' if assets else ""}
</{tag}>"""


def link_card_html(lang: str, icon: str) -> str:
    """What a search engine or a chat app's link card reads: the description, the Open Graph
    title and description, the favicon. The reader's page and the Voilà page (``firstpaint``)."""
    title, description = escape(text(article()["meta"]["title"], lang)), escape(t("reader.description", lang))
    return (f'<meta name="description" content="{description}">\n<meta property="og:type" content="website">\n'
            f'<meta property="og:title" content="{title}">\n<meta property="og:description" content="{description}">\n'
            f'<link rel="icon" href="{escape(icon)}" type="image/svg+xml">')


def write_site(out_dir: str | Path, *, built: dt.date | None = None, app_url: str | None = None) -> Path:
    """Write the reader's page into ``out_dir`` (created if missing); returns index.html's path."""
    out = Path(out_dir)
    built = built or beijing_today()
    files = {name: json.dumps(part, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
             for name, part in zip((BUNDLE, MORE), split_bundle(build_bundle(built)))}
    digest = hashlib.sha256(b"".join(files.values()))
    for name in ASSETS:
        digest.update((READER / name).read_bytes())
    assets = f"v/{digest.hexdigest()[:12]}"
    folder = out / assets
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    _BUNDLES[folder.name] = {name: integrity(folder / name) for name in files}
    for name in ASSETS:
        shutil.copyfile(READER / name, folder / name)
    for name in (*ASSETS, *files):
        compress(folder / name)
    (out / "favicon.svg").write_text(FAVICON, "utf-8")
    shutil.copyfile(READER / SERVICE_WORKER, out / SERVICE_WORKER)
    (out / MANIFEST).write_text(json.dumps(manifest(), ensure_ascii=False, indent=1), "utf-8")
    index = out / "index.html"
    index.write_text(page_html(built, assets, app_url=app_url, offline=True), "utf-8")
    for path in (index, out / "favicon.svg", out / SERVICE_WORKER, out / MANIFEST):
        compress(path)
    return index
