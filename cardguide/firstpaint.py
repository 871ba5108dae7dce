"""What a phone paints before any script: the title and the viewer's answer, as server HTML.

Voilà's lab template shows nothing but a spinner until about 1 MB of its JavaScript has run
and the widgets have arrived over the kernel's websocket: 16 s on slow 4G (docs/performance.md).
The template leaves ``SLOT`` where this block goes, and the server fills it for each request
(``voila_app.FirstPaintHandler``): a preheated kernel rendered the rest of the page long before,
but the answer must be for this viewer's day (today in Beijing when the request arrives, or
``$CARDGUIDE_TODAY``) and for their link's ``?date=&carrier=&lang=…``, read as the kernel
reads it (``plan.parse_query``). It lies over the page's top until the answer widget has drawn,
and the page CSS then removes it, so nothing under it moves.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from .article import article, text
from .i18n import HTML_LANG, t
from .plan import Plan, parse_query, viewer_today
from .texts import summary_html

#: Where index.html.j2 wants the block; the server replaces it in the page it sends.
SLOT = "<!-- cardguide:first-paint -->"
#: Where index.html.j2 wants the page's description, Open Graph tags and favicon.
HEAD_SLOT = "<!-- cardguide:head -->"


def head_html(query: str = "") -> str:
    """The reader's page's link card (``site.link_card_html``), in the link's language, its
    icon inline."""
    from urllib.parse import quote

    from .site import FAVICON, link_card_html

    return link_card_html(parse_query(query)[0].get("lang", "zh"), f"data:image/svg+xml,{quote(FAVICON)}")


def first_paint_html(query: str = "", *, today: dt.date | None = None) -> str:
    """The block for one request's query string, in the link's language."""
    plan = Plan(today=today or viewer_today())
    plan.apply(*parse_query(query))
    lang = plan.lang
    return (
        f'<div id="cg-first-paint"><div class="cg-fp-{lang}" lang="{HTML_LANG[lang]}">'
        f'<h1 class="cg-fp-title">{escape(text(article()["meta"]["title"], lang))}</h1>'
        f'<h2>{escape(t("app.timeline", lang))}</h2>'
        f'<div class="cg-fp-answer">{summary_html(plan.estimate, lang)}</div>'
        f'<p class="cg-fp-loading">{escape(t("app.loading", lang))}</p></div></div>'
    )
