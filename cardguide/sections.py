"""The article's six sections as HTML, from the package's data (no facts live in notebooks)."""

from __future__ import annotations

from html import escape

from .article import article, context, text
from .i18n import t

#: The article's six sections, in its order.
SECTIONS = ("definition", "reasons", "process", "timing", "precautions", "faq")


def heading(section: str, lang: str = "zh") -> str:
    return text(article()[section]["heading"], lang)


def _titled(title: str, body: str) -> str:
    """A titled item as blocks: its title a heading of its own, then its text (``body``, HTML).
    With no style sheet (a notebook's output in JupyterLab) the title reads as a title, not as
    the first words of its text."""
    return f"<h3>{escape(title)}</h3>{body}"


def _para(words: str) -> str:
    return f"<p>{escape(words)}</p>"


def _cards(items, lang) -> str:
    cards = "".join(f'<div class="cg-card">{_titled(text(i["title"], lang), _para(text(i["text"], lang)))}</div>'
                    for i in items)
    return f'<div class="cg-cards">{cards}</div>'


def _head(section: str, lang: str, summary: bool = True) -> str:
    data = article()[section]
    intro = f"<p>{escape(text(data['summary'], lang))}</p>" if summary and "summary" in data else ""
    return f"<h2>{escape(heading(section, lang))}</h2>{intro}"


def section_html(section: str, lang: str = "zh") -> str:
    """HTML for one section of the article, whole (the module shows them after the answer; a
    notebook shows one per cell)."""
    data = article()[section]
    if section == "definition":
        body = _cards(data["uses"], lang) + f"<p>{escape(text(data['closing'], lang))}</p>"
    elif section == "reasons":
        body = _cards(data["items"], lang)
    elif section == "process":
        steps = "".join(
            "<li>" + _titled(text(s["title"], lang),
                             "<ul>" + "".join(f"<li>{escape(text(i, lang))}</li>" for i in s["items"]) + "</ul>")
            + "</li>"
            for s in data["steps"]
        )
        body = f'<ol class="cg-steps">{steps}</ol><p>{escape(text(data["closing"], lang))}</p>'
    elif section == "timing":
        body = "<ul>" + "".join(f"<li>{escape(text(p['text'], lang))}</li>" for p in data["points"]) + "</ul>"
    elif section == "precautions":
        items = "".join(f'<li>{_titled(text(i["title"], lang), _para(text(i["text"], lang)))}</li>'
                        for i in data["items"])
        body = f'<ul class="cg-precautions">{items}</ul><p>{escape(text(data["advice"], lang))}</p>'
    elif section == "faq":
        faq = "".join(f'<dt>{escape(t("text.question", lang, text=text(i["question"], lang)))}</dt>'
                      f'<dd>{escape(t("text.answer", lang, text=text(i["answer"], lang)))}</dd>'
                      for i in data["items"])
        body = f"<dl>{faq}</dl>"
    else:
        raise KeyError(section)
    return f'<div class="cg-section">{_head(section, lang)}{body}</div>'


def context_html(lang: str = "zh") -> str:
    """The facts the article lacks, each with its source and date."""
    data = context()
    facts = "".join(
        f'<div class="cg-fact" data-fact="{escape(f["id"])}">{_titled(text(f["title"], lang), _para(text(f["text"], lang)))}'
        f'<p class="cg-source">{escape(t("app.fact_source", lang, source=text(f["source"], lang)))}</p></div>'
        for f in data["facts"]
    )
    after = "".join(
        f'<div class="cg-fact cg-after" data-fact="after-{escape(a["id"])}"><b>{escape(text(a["title"], lang))}</b>'
        + "".join(f'<p class="cg-holder-note">{escape(text(n["text"], lang))}<br>'
                  f'<small class="cg-source">{escape(text(n["source"], lang))}</small></p>' for n in a["notes"])
        + "</div>"
        for a in data.get("after", []))
    after = f'<h3>{escape(text(data["after_heading"], lang))}</h3>{after}' if after else ""
    return (f'<div class="cg-section"><h2>{escape(text(data["heading"], lang))}</h2>'
            f'<p>{escape(text(data["summary"], lang))}</p>{facts}{after}</div>')


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
