"""Voilà as ``cardguide serve`` runs it: compressed responses, websockets and static files.

A phone over mobile data pays for every byte: Voilà's own scripts and plotly.js shrink to
about a quarter with gzip, and a second visit should not fetch them again. Voilà takes
``--Voila.tornado_settings`` but applies them after creating its tornado ``Application``,
whose output transforms (gzip among them) are chosen in the constructor: so
``compress_response`` there compresses nothing. This subclass hands the transforms to the
constructor instead, and serves the notebook with ``FirstPaintHandler``. Run as
``python -m cardguide.voila_adapter.app`` with Voilà's own options.
"""

from __future__ import annotations

import gzip
import hashlib
from html import escape
import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import brotli
from tornado.web import GZipContentEncoding, HTTPError, OutputTransform, RequestHandler, StaticFileHandler, authenticated
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

from ..firstpaint import HEAD_SLOT, SLOT, first_paint_html, head_html, reader_instead_html, title_html
from ..security import HEADERS, content_security_policy, voila_front_end_policy
from . import TEMPLATE
from .kernels import KernelLimit

#: Static files: Voilà's, the templates' and the widgets' front-end code (URL after any prefix).
STATIC_PATH = re.compile(r"/voila/(static|templates/[^/]+/static|labextensions)/")
#: A week, as in deploy/nginx.conf: the files change only with an upgrade of the package.
STATIC_CACHE = "public, max-age=604800"
#: The reader's page (``site.py``): its assets are named by their content, its page is not.
READER_ASSET = re.compile(r"/reader/v/[0-9a-f]+/")
#: The page, its service worker and its web app manifest: asked anew on every visit (a new build).
READER_PAGE = re.compile(r"/reader/(index\.html|sw\.js|manifest\.webmanifest)?$")
IMMUTABLE = "public, max-age=31536000, immutable"


class SecurityHeaders(OutputTransform):
    """cardguide's security headers on every response (``security.HEADERS`` and its strict
    Content-Security-Policy), replacing jupyter_server's own policy (``frame-ancestors 'self'``
    and a report URI), so no header goes out twice. The policy names the kernel's websocket on
    the host the browser used (behind a TLS front, ``X-Forwarded-Proto: https`` makes it wss)."""

    #: Whether the server draws with cardguide's own template (the strict policy) or with Voilà's
    #: own front end (``serve --notebook`` with widgets the page cannot host): CardguideVoila sets it.
    strict = True

    def __init__(self, request):
        forwarded = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
        secure = (forwarded or request.protocol) == "https"
        host = request.host if HOST.fullmatch(request.host or "") else None
        websocket = f"{'wss' if secure else 'ws'}://{host}" if host else None
        policy = (content_security_policy(websocket=websocket, plotly=True) if self.strict
                  else voila_front_end_policy(websocket=websocket))
        self.headers = {**HEADERS, "Content-Security-Policy": policy}

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        for name, value in self.headers.items():
            headers[name] = value
        return status_code, headers, chunk


#: A Host header fit to be named in a policy: a name or address and a port, nothing else.
HOST = re.compile(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")


class StaticCaching(OutputTransform):
    """``Cache-Control`` for static files, which Voilà serves with none (the browser revalidates
    every one on every visit)."""

    def __init__(self, request):
        path = request.path
        self.cache = (IMMUTABLE if READER_ASSET.search(path) else STATIC_CACHE if STATIC_PATH.search(path)
                      else "no-cache" if READER_PAGE.search(path) else None)

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        if self.cache and status_code in (200, 304):
            headers["Cache-Control"] = self.cache
        return status_code, headers, chunk


#: What is worth compressing: scripts and styles are nearly all of a first visit's bytes.
COMPRESSIBLE = (".js", ".css", ".json", ".svg", ".map", ".txt", ".html")


class Precompressed:
    """Static files compressed once per version of the file, not anew for every viewer.

    Tornado's gzip compresses each response again (level 6: about 30 ms of the server's one
    thread for plotly.js alone, for each of a crowd's viewers). Here a file is compressed on
    its first request (brotli at quality 5 and gzip, a few ms each), kept in memory, and
    brotli's best quality (a second or two for plotly.js, 17% smaller than gzip) replaces it
    in the background. Brotli when the browser takes it (Chromium does, even over http),
    else gzip; a range request gets the file as it is."""

    _body: bytes | None = None
    _packed: dict[tuple, bytes] = {}
    _lock = threading.Lock()
    _slow = ThreadPoolExecutor(max_workers=1, thread_name_prefix="brotli")

    def set_extra_headers(self, path):
        super().set_extra_headers(path)
        self._body = None
        encoding = self._encoding()
        if encoding:
            self._body = self._compressed(self.absolute_path, encoding)
            self.set_header("Content-Encoding", encoding)
            self.add_header("Vary", "Accept-Encoding")

    def _encoding(self) -> str | None:
        if "Range" in self.request.headers or not self.absolute_path.endswith(COMPRESSIBLE):
            return None
        offered = {part.split(";")[0].strip() for part in self.request.headers.get("Accept-Encoding", "").split(",")}
        return "br" if "br" in offered else "gzip" if "gzip" in offered else None

    @classmethod
    def _compressed(cls, abspath: str, encoding: str) -> bytes:
        stat = os.stat(abspath)
        key = (abspath, stat.st_mtime_ns, stat.st_size, encoding)
        with cls._lock:
            body = cls._packed.get(key)
        if body is None:
            with open(abspath, "rb") as file:
                raw = file.read()
            if encoding == "br":
                body = brotli.compress(raw, quality=5)
                cls._slow.submit(cls._store, key, lambda: brotli.compress(raw, quality=11))
            else:
                body = gzip.compress(raw, 9, mtime=0)
            with cls._lock:
                cls._packed.setdefault(key, body)
        return body

    @classmethod
    def _store(cls, key, compress) -> None:
        body = compress()
        with cls._lock:
            cls._packed[key] = body

    def get_content_size(self) -> int:
        return len(self._body) if self._body is not None else super().get_content_size()

    def get_content(self, abspath, start=None, end=None):  # tornado's is a classmethod
        if self._body is not None:
            return self._body
        return StaticFileHandler.get_content.__func__(type(self), abspath, start, end)

    @classmethod
    def get_content_version(cls, abspath) -> str:
        """The ETag: a hash of the file itself (tornado's would call ``get_content``)."""
        with open(abspath, "rb") as file:
            return hashlib.sha512(file.read()).hexdigest()


class ErrorPage:
    """The template's error page (``error.html``: words in both languages, a way on, no other
    host) for handlers whose errors would be tornado's bare ``404: Not Found``."""

    def write_error(self, status_code: int, **kwargs) -> None:
        from http.client import responses

        template = self.settings["voila_jinja2_env"].get_template("error.html")
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.finish(template.render(status_code=status_code, status_message=responses.get(status_code, ""),
                                    base_url=self.settings.get("base_url", "/")))


def precompressed(handler: type) -> type:
    return type(f"Precompressed{handler.__name__}", (ErrorPage, Precompressed, handler), {})


#: Voilà's words for a cell that raised or a kernel that died while the notebook ran
#: (``VoilaExecutor.cell_error_instruction``, set in voila.json): how the handler knows.
CELL_FAILED = "cardguide:cell-failed"
#: The parameter of the address a page whose notebook failed after it began moves to: the
#: reader's page at once, no kernel (link parameters it does not know are ignored everywhere).
UNAVAILABLE = "live=unavailable"
#: Voilà's <title> (the notebook's name): the link's answer's title replaces it.
TITLE = re.compile(r"<title>[^<]*</title>")
KERNEL_ID = re.compile(r'kernelId["\']?\s*[:=]\s*["\']([0-9a-f-]{36})')


class LiveUnavailable(RuntimeError):
    """The notebook did not render: a cell raised, or its kernel died, while it ran."""


class FirstPaintHandler(TornadoVoilaHandler):
    """The notebook's page with this request's first paint in the template's slot, or the
    reader's page for the same link: when the server holds its bound of kernels, and when the
    live page cannot be had (no kernel starts, the kernel dies or a cell raises).

    A preheated kernel rendered the page before anyone asked (Voilà sends that cache as is),
    so only here, as the page goes out, are the viewer's day and link known."""

    @authenticated
    async def get(self, path=None):
        # Reading the token sets the _xsrf cookie, which Voilà's beforeunload beacon sends back
        # with its POST to /voila/api/shutdown/<kernel>: without it the shutdown is refused
        # (403, voila-dashboards/voila#1458) and a reader who leaves holds a kernel until culled.
        self.xsrf_token  # noqa: B018
        reader = self.settings.get("cardguide_reader", "")
        manager = self.kernel_manager
        if UNAVAILABLE in self.request.query.split("&"):
            return self._reader_instead(reader, "unavailable")
        if getattr(manager, "full", None) and manager.full(getattr(manager, "notebook_path", None)):
            return self._reader_instead(reader, "full")
        pending, head, untitled, held, sent, kernels = True, True, True, "", False, set()
        # The page's module, bundle and CSS, started as the headers come (site.preload_links): on
        # cardguide's own template only (Voilà's own front end, for other widgets, loads none of them).
        if reader and self.voila_configuration.template == TEMPLATE:
            from ..site import preload_links

            self.set_header("Link", preload_links(reader))
        try:
            async for html in self.get_generator(path=path):
                kernels.update(KERNEL_ID.findall(html))
                if CELL_FAILED in html:
                    raise LiveUnavailable("a cell raised or the kernel died while the notebook ran")
                if untitled:  # Voilà streams its head in pieces: held until its <title> has closed
                    html, held = held + html, ""
                    if "</title>" not in html and "</head>" not in html:
                        held = html
                        continue
                    html, untitled = TITLE.sub(lambda _: title_html(self.request.query), html, count=1), False
                if head and HEAD_SLOT in html:
                    html, head = html.replace(HEAD_SLOT, head_html(self.request.query, reader, static=self.static), 1), False
                if pending and SLOT in html:
                    html, pending = html.replace(SLOT, first_paint_html(self.request.query, assets=reader), 1), False
                self.write(html)
                self.flush()
                sent = True
            if held:  # a page without a <title>: nothing is lost
                self.write(held)
        except KernelLimit:  # another viewer took the last room between the check and the start
            if sent:
                raise
            self._reader_instead(reader, "full")
        except Exception as exc:
            if isinstance(exc, HTTPError) and exc.status_code < 500:
                raise
            reason = (str(exc).splitlines() or [""])[0][:200]
            self.log.error("cardguide: the live page is unavailable (%s: %s); the reader's page answers %s",
                           type(exc).__name__, reason, self.request.uri)
            for kernel_id in kernels:  # a failed page's kernel serves nobody
                if kernel_id in manager:
                    try:
                        await manager.shutdown_kernel(kernel_id)
                    except Exception:  # noqa: BLE001 - a kernel that died will not say so cleanly; the reader comes first
                        self.log.debug("cardguide: kernel %s was already gone", kernel_id)
            if not sent:
                return self._reader_instead(reader, "unavailable")
            # The first paint has gone out: the page moves to the same link's reader's page.
            query = "&".join(filter(None, (self.request.query, UNAVAILABLE)))
            # No script (the page's policy allows none inline): the browser's own refresh.
            self.write(f'<meta http-equiv="refresh" content="0; url={escape("?" + query)}">')

    @property
    def static(self) -> str:
        """The template's own static files (first-paint.css, plotly.js basic and its CSS)."""
        base = self.base_url if self.base_url.endswith("/") else self.base_url + "/"
        return f"{base}voila/templates/cardguide/static/"

    def _reader_instead(self, reader: str, why: str) -> None:
        self.set_header("Cache-Control", "no-store")
        icon = reader.rsplit("/v/", 1)[0] + "/favicon.svg"
        self.write(reader_instead_html(self.request.query, reader, icon, why=why))


#: What a crawler may read: the pages, not the kernels' API. Lighthouse's SEO audit asks for a
#: valid one; Voilà's own answer to /robots.txt is a redirect to a 403.
ROBOTS = "User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /voila/api/\n"


class RobotsHandler(RequestHandler):
    def get(self) -> None:
        self.set_header("Content-Type", "text/plain; charset=UTF-8")
        self.set_header("Cache-Control", "public, max-age=86400")
        self.finish(ROBOTS)


class CardguideVoila(Voila):
    def init_settings(self) -> dict:
        settings = super().init_settings()
        # tornado.web.Application(**settings) takes ``transforms`` as its own argument.
        settings["transforms"] = [GZipContentEncoding, StaticCaching, SecurityHeaders]
        SecurityHeaders.strict = self.voila_configuration.template == TEMPLATE
        # The _xsrf cookie Voilà's shutdown beacon sends back: same-site only (a TLS front adds
        # Secure: deploy/nginx.conf). Scripts read it, so it cannot be HttpOnly.
        settings["xsrf_cookie_kwargs"] = {**settings.get("xsrf_cookie_kwargs", {}), "samesite": "Lax"}
        # permessage-deflate on the kernel's websocket (jupyter_server's handler reads this
        # setting; Voilà sets none): the page's widget states, about 400 KB of JSON, are the
        # largest thing a phone receives after the scripts, and shrink to a tenth.
        settings["websocket_compression_options"] = {}
        # The template's error.html: its words, from ui.toml.
        from ..i18n import LOCALES, t

        settings["voila_jinja2_env"].globals["cardguide_error_words"] = {
            lang: {key: t(f"serve.error_{key}", lang) for key in ("title", "missing", "other", "way_on", "reader")}
            for lang in LOCALES}
        return settings

    def init_handlers(self) -> list:
        first_paint_html()  # loads the article, calendar and carriers before the first viewer
        base = self.base_url if self.base_url.endswith("/") else self.base_url + "/"
        rules = [self._reader_rule(), (f"{base}robots.txt", RobotsHandler)]
        for pattern, handler, *rest in super().init_handlers():
            if handler is TornadoVoilaHandler:
                handler = FirstPaintHandler
            elif isinstance(handler, type) and issubclass(handler, StaticFileHandler):
                handler = precompressed(handler)
            elif isinstance(handler, type) and issubclass(handler, RequestHandler) and not any(
                    hasattr(base, "write_error") and base.__name__ in ("APIHandler", "WebSocketHandler")
                    for base in handler.__mro__):
                handler = type(handler.__name__, (ErrorPage, handler), {})
            rules.append((pattern, handler, *rest))
        return rules


    def _reader_rule(self) -> tuple:
        """The reader's page under ``<base_url>reader/``, written once at start-up into a
        temporary folder, linking back to the live app."""
        import atexit
        import shutil
        import tempfile
        from pathlib import Path

        from tornado.web import url

        from ..plan import viewer_today
        from ..site import write_site

        folder = tempfile.mkdtemp(prefix="cardguide-reader-")
        atexit.register(shutil.rmtree, folder, True)
        write_site(folder, built=viewer_today(), app_url="../")
        base = self.base_url if self.base_url.endswith("/") else self.base_url + "/"
        assets = next((Path(folder) / "v").iterdir()).name  # write_site's one v/<hash>
        # Where the Voilà page's first paint and the overflow page find the module and its bundle.
        self.app.settings["cardguide_reader"] = f"{base}reader/v/{assets}"
        return url(f"{base}reader/(.*)", precompressed(StaticFileHandler),
                   {"path": folder, "default_filename": "index.html"})


main = CardguideVoila.launch_instance

if __name__ == "__main__":
    main()
