"""What a phone paints before any script: the title and today's answer, as server HTML.

Voilà's lab template shows nothing but a spinner until about 1 MB of its JavaScript has run
and the widgets have arrived over the kernel's websocket: 16 s on slow 4G (docs/performance.md).
The template puts this block in the page itself (a Jinja filter, ``voila.json``), in both
languages, for the plan a viewer without a link gets (today in Beijing, or `$CARDGUIDE_TODAY`; the first carrier).
It lies over the page's top until the answer widget has drawn, and the page CSS then removes it,
so nothing under it moves. A link with its own choices hides the answer here (a few lines of
``first-paint.js``), since only the kernel knows it.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from .article import article, text
from .i18n import HTML_LANG, t
from .plan import Plan, viewer_today
from .texts import summary_html

LANGS = ("zh", "en")


def first_paint_html(_resources=None, *, today: dt.date | None = None) -> str:
    """The block, both languages side by side (``first-paint.css`` shows the page's own)."""
    plan = Plan(today=today or viewer_today())
    parts = []
    for lang in LANGS:
        parts.append(
            f'<div class="cg-fp-{lang}" lang="{HTML_LANG[lang]}">'
            f'<h1 class="cg-fp-title">{escape(text(article()["meta"]["title"], lang))}</h1>'
            f'<h2>{escape(t("app.timeline", lang))}</h2>'
            f'<div class="cg-fp-answer">{summary_html(plan.estimate, lang)}</div>'
            f'<p class="cg-fp-loading">{escape(t("app.loading", lang))}</p></div>'
        )
    return f'<div id="cg-first-paint">{"".join(parts)}</div>'
