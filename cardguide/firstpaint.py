"""What a phone paints before any script: the module's HTML answer for the link, the Voilà page's
first paint.

Voilà's lab template shows nothing but a spinner until about 1 MB of its JavaScript has run
and the widgets have arrived over the kernel's websocket: 16 s on slow 4G (docs/performance.md).
The template leaves ``SLOT`` where this block goes, and the server fills it for each request
(``voila_adapter.app.FirstPaintHandler``): a preheated kernel rendered the rest of the page long before,
but the answer must be for this viewer's day (today in Beijing when the request arrives, or
``$CARDGUIDE_TODAY``) and for their link's ``?date=&carrier=&lang=…``, read as the kernel
reads it (``plan.parse_query``). The block is the module's root (``site.reader_html``): it
answers as soon as ``widget.js`` mounts it, the kernel's widget joins it when the kernel is
ready (``host.js``), and it answers alone should the connection or the kernel go. Beyond the
server's bound of kernels a new reader gets the reader's page itself (``reader_instead_html``),
as does a reader whose live page could not be had.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from .i18n import HTML_LANG, t
from .plan import Plan, parse_query, viewer_today

#: Where index.html.j2 wants the block; the server replaces it in the page it sends.
SLOT = "<!-- cardguide:first-paint -->"
#: Where index.html.j2 wants the page's description, Open Graph tags and favicon.
HEAD_SLOT = "<!-- cardguide:head -->"


def head_html(query: str = "", assets: str | None = None, *, static: str | None = None) -> str:
    """The reader's page's link card (``site.link_card_html``), in the link's language, its
    icon inline; with ``assets`` (the reader's module's folder), the module, its bundle and CSS;
    with ``static`` (the template's static folder's address), the first paint's CSS and where
    plotly.js basic and its CSS are, each named with its integrity."""
    from urllib.parse import quote

    from .site import COLOR_SCHEME, FAVICON, assets_html, link_card_html

    card = link_card_html(parse_query(query)[0].get("lang", "zh"), f"data:image/svg+xml,{quote(FAVICON)}") + "\n" + COLOR_SCHEME
    return card + ("\n" + assets_html(assets, script=False) if assets else "") + (template_html(static) if static else "")


def template_html(static: str) -> str:
    """The template's files in the head: first-paint.css, and plotly.js basic for the kernel's
    Gantt with its CSS (loaded when the chart is near, reader.js's loadPlotly)."""
    from .site import template_integrity as sri

    return (f'\n<link rel="stylesheet" href="{static}first-paint.css" integrity="{sri("first-paint.css")}">'
            f'\n<meta name="cardguide-plotly" content="{static}plotly-basic.min.js" data-integrity="{sri("plotly-basic.min.js")}"'
            f' data-css="{static}plotly.css" data-css-integrity="{sri("plotly.css")}">')


def title_html(query: str = "", *, today: dt.date | None = None) -> str:
    """The page's ``<title>`` for this link's answer (``texts.page_title``): all WeChat shows of
    a pasted link, with its address. The module keeps it following the choice."""
    from .texts import page_title

    plan = _plan(query, today)
    return f"<title>{escape(page_title(plan.estimate, plan.lang))}</title>"


def _plan(query: str, today: dt.date | None) -> Plan:
    plan = Plan(today=today or viewer_today())
    plan.apply(*parse_query(query))
    return plan


def first_paint_html(query: str = "", *, today: dt.date | None = None, assets: str = "") -> str:
    """The block for one request's query string, in the link's language: the reader's module's
    root (``site.reader_html``), which answers from the bundle in ``assets`` (``widget.js``) and
    which the kernel's widget joins."""
    from .site import reader_html

    plan = _plan(query, today)
    lang = plan.lang
    section = reader_html(plan.today, assets, lang=lang, est=plan.estimate, embedded=True, today=plan.today,
                          holder=plan.holder)
    # async, right after the block: it runs as soon as it is here, not after Voilà's own
    # scripts and style sheets in the head (deferred scripts run in order).
    run = f'<script type="module" async src="{assets}/widget.js"></script>' if assets else ""
    return f'<div id="cg-first-paint"><div class="cg-fp-{lang}" lang="{HTML_LANG[lang]}">{section}</div></div>{run}'


def reader_instead_html(query: str, assets: str, icon: str, *, why: str = "full",
                        today: dt.date | None = None) -> str:
    """The reader's page for this link's answer, sent instead of the dashboard: same answer,
    computed in the browser, with a line that says why (``connection.<why>`` in ui.toml):
    ``full``, the server holds its bound of kernels (``kernels.PoolAwareKernelManager.full``);
    ``unavailable``, the live page could not be had (no kernel started, the kernel died or a
    cell raised while the notebook ran)."""
    from .site import page_html

    plan = _plan(query, today)
    note = f'<p class="cg-warn" id="cg-{why}">{escape(t(f"connection.{why}", plan.lang))}</p>'
    return page_html(plan.today, assets, lang=plan.lang, est=plan.estimate, note=note, icon=icon, holder=plan.holder)
