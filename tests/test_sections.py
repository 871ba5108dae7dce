"""The article's sections read right with no style sheet (issue 41, part 6): a notebook in
JupyterLab shows `section_html` without the pages' CSS, where a card's title once ran into its
text ("市场推广企业直接打电话给潜在客户"). Here the HTML is read as a browser lays it out with no CSS
at all (html.parser; block elements start a line), against `data/article.toml` parsed by the test.
"""

from __future__ import annotations

import tomllib
from html.parser import HTMLParser

import pytest

from cardguide.sections import SECTIONS, context_html, section_html
from conftest import ROOT

ARTICLE = tomllib.loads((ROOT / "cardguide" / "data" / "article.toml").read_text("utf-8"))
CONTEXT = tomllib.loads((ROOT / "cardguide" / "data" / "context.toml").read_text("utf-8"))
#: HTML's block elements among those the sections could use: each starts and ends a line with no CSS.
BLOCKS = {"div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "section", "blockquote"}


class Layout(HTMLParser):
    """The lines a browser shows with no style sheet, each with the element that holds it."""

    def __init__(self):
        super().__init__()
        self.lines: list[tuple[str, str]] = []  # (text, the innermost open block element's tag)
        self.open: list[str] = []
        self.words = ""

    def _break(self):
        if self.words.strip():
            self.lines.append((" ".join(self.words.split()), next((t for t in reversed(self.open) if t in BLOCKS), "")))
        self.words = ""

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self._break()
        self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self._break()
        while self.open and self.open.pop() != tag:
            pass

    def handle_data(self, data):
        self.words += data

    def close(self):
        super().close()
        self._break()


def layout(html: str) -> list[tuple[str, str]]:
    parser = Layout()
    parser.feed(html)
    parser.close()
    return parser.lines


def titled_items(section: str) -> list[dict]:
    data = ARTICLE[section]
    return [*data.get("uses", []), *(i for i in data.get("items", []) if "title" in i), *data.get("steps", [])]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("section", SECTIONS)
def test_each_title_is_a_line_of_its_own_and_its_text_another(section, lang):
    lines = layout(section_html(section, lang))
    texts = [line for line, _ in lines]
    assert texts[0] == ARTICLE[section]["heading"][lang] and lines[0][1] == "h2"
    items = titled_items(section)
    assert items or section in ("timing", "faq")
    for item in items:
        title = item["title"][lang]
        assert (title, "h3") in lines, f"{section}: {title!r} is not a heading line of its own: {texts}"
        body = item.get("text")
        if body is not None:  # the text is the next line, alone: no title before it, nothing after
            assert texts[texts.index(title) + 1] == body[lang], (section, title)
        for step in item.get("items", []):  # a step's own list follows its title
            assert (step[lang], "li") in lines
    for qa in ARTICLE[section].get("items", []):
        if "question" in qa:
            asked = next(line for line, tag in lines if qa["question"][lang] in line)
            assert (asked, "dt") in lines and qa["answer"][lang] not in asked


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_fact_beyond_the_article_has_its_title_as_a_line_of_its_own(lang):
    lines = layout(context_html(lang))
    texts = [line for line, _ in lines]
    for fact in CONTEXT["facts"]:
        assert (fact["title"][lang], "h3") in lines
        assert texts[texts.index(fact["title"][lang]) + 1] == fact["text"][lang]


def test_the_sections_carry_no_colour_of_their_own():
    """JupyterLab's Dark theme colours a notebook's HTML: a colour written into it would stay light."""
    html = "".join(section_html(s, lang) for s in SECTIONS for lang in ("zh", "en")) + context_html("zh")
    assert "style=" not in html and "color" not in html and "<font" not in html
