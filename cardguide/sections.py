"""The article's six sections as HTML, from the package's data (no facts live in notebooks)."""

from __future__ import annotations

from html import escape

from .article import SECTIONS as SECTION_ORDER, article, context, text
from .i18n import t

STYLE = """<style>
.cg-section h2 { font-size: 1.35em; margin: 1.2em 0 0.4em; border-bottom: 2px solid #1f77b4; padding-bottom: 0.2em; }
.cg-section p { line-height: 1.7; margin: 0.4em 0; }
.cg-cards { display: flex; flex-wrap: wrap; gap: 0.6em; margin: 0.6em 0; }
.cg-card { flex: 1 1 14em; border: 1px solid #d0d7de; border-radius: 8px; padding: 0.6em 0.8em; background: #f8fafc; }
.cg-card b { display: block; margin-bottom: 0.2em; color: #1f4e79; }
.cg-steps li { margin: 0.3em 0; line-height: 1.6; }
.cg-steps ul { margin: 0.2em 0; padding-left: 1.4em; color: #444; }
.cg-note { background: #fff8e1; border-left: 4px solid #f0ad4e; padding: 0.5em 0.8em; margin: 0.5em 0; line-height: 1.6; }
.cg-warn { background: #fdecea; border-left: 4px solid #d62728; padding: 0.5em 0.8em; margin: 0.5em 0; line-height: 1.6; }
.cg-summary { font-size: 1.08em; line-height: 1.8; margin: 0.5em 0; }
.cg-source { color: #666; font-size: 0.9em; }
.cg-fact { border-left: 4px solid #1f77b4; padding: 0.3em 0.8em; margin: 0.6em 0; }
.cg-fact p { margin: 0.2em 0; }
.cg-links { line-height: 2; }
.cg-links a { color: #1f4e79; font-weight: 600; margin-right: 1.2em; }
.cg-share { font-family: monospace; width: 100%; max-width: 48em; padding: 0.3em; border: 1px solid #ccc; border-radius: 4px; }
</style>"""


def heading(section: str, lang: str = "zh") -> str:
    return text(article()[section]["heading"], lang)


def _cards(items, lang) -> str:
    cards = "".join(
        f'<div class="cg-card"><b>{escape(text(i["title"], lang))}</b>{escape(text(i["text"], lang))}</div>'
        for i in items
    )
    return f'<div class="cg-cards">{cards}</div>'


def _head(section: str, lang: str, summary: bool = True) -> str:
    data = article()[section]
    intro = f"<p>{escape(text(data['summary'], lang))}</p>" if summary and "summary" in data else ""
    return f"<h2>{escape(heading(section, lang))}</h2>{intro}"


def section_html(section: str, lang: str = "zh") -> str:
    """HTML for one section; the timeline's and checklist's widgets are added by the app."""
    data = article()[section]
    if section == "definition":
        body = _cards(data["uses"], lang) + f"<p>{escape(text(data['closing'], lang))}</p>"
    elif section == "reasons":
        body = _cards(data["items"], lang)
    elif section == "process":
        steps = "".join(
            f"<li><b>{escape(text(s['title'], lang))}</b><ul>"
            + "".join(f"<li>{escape(text(i, lang))}</li>" for i in s["items"])
            + "</ul></li>"
            for s in data["steps"]
        )
        body = f'<ol class="cg-steps">{steps}</ol><p>{escape(text(data["closing"], lang))}</p>'
    elif section == "timing":
        body = "<ul>" + "".join(f"<li>{escape(text(p['text'], lang))}</li>" for p in data["points"]) + "</ul>"
    elif section == "precautions":
        body = ""  # the app shows the items as an accordion, with the advice below
    elif section == "faq":
        body = ""
    else:
        raise KeyError(section)
    return f'<div class="cg-section">{_head(section, lang)}{body}</div>'


def context_html(lang: str = "zh") -> str:
    """The facts the article lacks, each with its source and date."""
    data = context()
    facts = "".join(
        f'<div class="cg-fact" data-fact="{escape(f["id"])}"><b>{escape(text(f["title"], lang))}</b>'
        f'<p>{escape(text(f["text"], lang))}</p>'
        f'<p class="cg-source">{escape(t("app.fact_source", lang, source=text(f["source"], lang)))}</p></div>'
        for f in data["facts"]
    )
    return (f'<div class="cg-section"><h2>{escape(text(data["heading"], lang))}</h2>'
            f'<p>{escape(text(data["summary"], lang))}</p>{facts}</div>')


def section_text(section: str, lang: str = "zh") -> str:
    """Plain text of a whole section, for notebooks and terminals."""
    data = article()[section]
    lines = [heading(section, lang)]
    if "summary" in data:
        lines.append(text(data["summary"], lang))
    for key in ("uses", "items"):
        for item in data.get(key, []):
            if "question" in item:
                lines += [t("text.question", lang, text=text(item["question"], lang)),
                          t("text.answer", lang, text=text(item["answer"], lang))]
            else:
                lines.append(t("text.item", lang, title=text(item["title"], lang), text=text(item["text"], lang)))
    for number, step in enumerate(data.get("steps", []), start=1):
        lines.append(f"{number}. {text(step['title'], lang)}")
        lines += [f"   - {text(i, lang)}" for i in step["items"]]
    lines += [f"- {text(p['text'], lang)}" for p in data.get("points", [])]
    for key in ("closing", "advice"):
        if key in data:
            lines.append(text(data[key], lang))
    return "\n".join(lines)
