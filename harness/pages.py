"""What the tests and the benchmarks look for on the dashboard's page: the chart's title, on the
page once the widgets have drawn their answer."""

from __future__ import annotations

#: The Gantt chart's title (plotly's ``.gtitle`` inside the chart widget).
CHART_TITLE = ".cg-chart .gtitle"


def chart_title(page) -> str:
    return page.text_content(CHART_TITLE)


def wait_drawn(page, timeout: float = 90_000, *, year: bool = False) -> None:
    """Until the widgets' chart has drawn (and, with ``year``, the year view's days)."""
    page.wait_for_selector(CHART_TITLE, timeout=timeout)
    if year:
        page.wait_for_selector(".cg-heat-day", timeout=30_000)


def wait_chart_changed(page, before: str, timeout: float = 30_000) -> None:
    """Until the chart's title is no longer ``before``."""
    page.wait_for_function("([sel, before]) => document.querySelector(sel)?.textContent !== before",
                           arg=[CHART_TITLE, before], timeout=timeout)


def refs_elsewhere(page_url: str, html: str) -> tuple[list, list]:
    """Every ``src``/``href`` of a script, style sheet, image or frame in ``html``, and those of
    them that ask another host than ``page_url``'s (``data:`` URIs ask nobody)."""
    from html.parser import HTMLParser
    from urllib.parse import urljoin, urlsplit

    found: list[tuple[str, str]] = []

    class Refs(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            for name in ("src", "href"):
                if tag in ("script", "link", "img", "iframe") and attrs.get(name):
                    found.append((tag, attrs[name]))

    Refs().feed(html)
    here = urlsplit(page_url)
    elsewhere = [(tag, ref) for tag, ref in found if not ref.startswith("data:")
                 and (urlsplit(urljoin(page_url, ref)).netloc != here.netloc
                      or urlsplit(urljoin(page_url, ref)).scheme != here.scheme)]
    return found, elsewhere
