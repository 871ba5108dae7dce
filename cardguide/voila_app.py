"""Voilà as ``cardguide serve`` runs it: compressed responses and cached static files.

A phone over mobile data pays for every byte: Voilà's own scripts and plotly.js shrink to
about a quarter with gzip, and a second visit should not fetch them again. Voilà takes
``--Voila.tornado_settings`` but applies them after creating its tornado ``Application``,
whose output transforms (gzip among them) are chosen in the constructor: so
``compress_response`` there compresses nothing. This subclass hands the transforms to the
constructor instead. Run as ``python -m cardguide.voila_app`` with Voilà's own options.
"""

from __future__ import annotations

import re

from tornado.web import GZipContentEncoding, OutputTransform
from voila.app import Voila

#: Static files: Voilà's, the templates' and the widgets' front-end code (URL after any prefix).
STATIC_PATH = re.compile(r"/voila/(static|templates/[^/]+/static|labextensions)/")
#: A week, as in deploy/nginx.conf: the files change only with an upgrade of the package.
STATIC_CACHE = "public, max-age=604800"


class StaticCaching(OutputTransform):
    """``Cache-Control`` for static files, which Voilà serves with none (the browser revalidates
    every one on every visit)."""

    def __init__(self, request):
        self.static = bool(STATIC_PATH.search(request.path))

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        if self.static and status_code == 200:
            headers["Cache-Control"] = STATIC_CACHE
        return status_code, headers, chunk


class CardguideVoila(Voila):
    def init_settings(self) -> dict:
        settings = super().init_settings()
        # tornado.web.Application(**settings) takes ``transforms`` as its own argument.
        settings["transforms"] = [GZipContentEncoding, StaticCaching]
        return settings


main = CardguideVoila.launch_instance

if __name__ == "__main__":
    main()
