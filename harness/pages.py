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
