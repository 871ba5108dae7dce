"""Figures of an estimate: the Gantt (Plotly JSON) and the year heatmap's cells.
Imports the domain; the domain never imports this."""

from __future__ import annotations

import datetime as dt
import re
from html import escape, unescape

from .i18n import date_span, long_date, month_name, short_date, t, weekday_name, year_list
from .report import day_range
from .schedule import Estimate, window_days
from .workdays import ONE_DAY, china_calendar, is_provisional, runs
from .yeargrid import YearGrid

FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
#: Bars and lines at 3:1 or more against the white plot (WCAG 1.4.11); the shaded bands are
#: light, so their edges carry the contrast (``EDGES``).
COLOURS = {
    "range": "#5b8fc9", "typical": "#1f4e79", "user": "#7b4fa8",
    "non_working": "rgba(140, 140, 140, 0.22)", "makeup": "rgba(232, 163, 61, 0.30)",
    "completion": "#238b23", "follow_up": "#d62728", "today": "#1a1a1a",
}
EDGES = {"non_working": "#8c8c8c", "makeup": "#b86e00"}
#: The same roles on a dark page (``prefers-color-scheme: dark``; the reader's page and the
#: module, through the bundle): bars and lines at 3:1 or more against the dark background
#: (``--cg-bg`` in reader/reader.css, #121212) and against the grey band of days off over it.
COLOURS_DARK = {
    "range": "#4f86c6", "typical": "#a9cdf5", "user": "#b390e0",
    "non_working": "rgba(160, 160, 160, 0.22)", "makeup": "rgba(232, 163, 61, 0.30)",
    "completion": "#4cbb4c", "follow_up": "#ff6b6b", "today": "#e6e6e6",
}
EDGES_DARK = {"non_working": "#8c8c8c", "makeup": "#d08a1c"}
DAY_MS = 86_400_000


def _bars(rows: list[tuple[str, list[dt.date], str]]) -> dict:
    """Bar trace arrays: one bar per run of days, on a date axis (base = start, x = length)."""
    y, base, x, hover = [], [], [], []
    for label, days, text in rows:
        for run in runs(days):
            y.append(label)
            base.append(run[0].isoformat())
            x.append(len(run) * DAY_MS)
            hover.append(f"{label}<br>{text}")
    return dict(y=y, base=base, x=x, hovertext=hover)


def gantt_spec(est: Estimate, lang: str = "zh", today: dt.date | None = None) -> dict:
    """The Gantt as Plotly's JSON (``data`` and ``layout``), built without plotly.py.

    The dashboard sends this straight to plotly.js: skipping plotly.py's validators keeps a
    redraw to about a millisecond and the viewer's kernel ~20 MB smaller (``make bench``);
    ``gantt()`` validates the same spec through plotly.py, and the tests use that.
    """
    calendar = china_calendar()
    labels = [stage.label(lang) for stage in est.typical.stages]
    user_rows, range_rows, typical_rows = [], [], []
    for index, label in enumerate(labels):
        spans = [s.stages[index] for s in est.scenarios]
        every_day = sorted({d for span in spans for d in span.days})
        if spans[1].actor == "user":
            user_rows.append((label, spans[1].days, day_range(spans[1].days, lang)))
            continue
        range_rows.append((label, every_day, day_range(every_day, lang)))
        typical_rows.append((label, spans[1].days, day_range(spans[1].days, lang)))

    common = dict(type="bar", orientation="h", hoverinfo="text", textposition="none")
    data = [
        dict(name=t("figure.user_step", lang), marker=dict(color=COLOURS["user"]), width=0.5,
             **_bars(user_rows), **common),
        dict(name=t("figure.range", lang), marker=dict(color=COLOURS["range"]), width=0.8,
             **_bars(range_rows), **common),
        dict(name=t("figure.typical", lang), marker=dict(color=COLOURS["typical"]), width=0.4,
             **_bars(typical_rows), **common),
    ]

    days = window_days(est)
    start, end = days[0] - ONE_DAY, days[-1] + 2 * ONE_DAY
    shapes, annotations = [], []
    for run, name in calendar.days_off_named(days, lang):
        shapes.append(_day_band(run, "non_working"))
        if name and len(run) > 1:
            annotations.append(dict(x=_middle(run), y=1.0, yref="paper", yanchor="bottom",
                                    text=name, showarrow=False, font=dict(size=12)))
    for day in days:
        if day in calendar.makeup_days:
            shapes.append(_day_band([day], "makeup"))
            annotations.append(dict(x=_middle([day]), y=1.0, yref="paper", yanchor="bottom",
                                    text=t("figure.makeup", lang), showarrow=False, font=dict(size=12)))

    markers = (
        ("completion", COLOURS["completion"], "dash", (est.best.completion, est.worst.completion)),
        ("follow_up", COLOURS["follow_up"], "dot", (est.follow_up,)),
    )
    for key, colour, dash, marked in markers:
        for day in marked:  # a line at the end of the day: done (or follow up) by then
            edge = (day + ONE_DAY).isoformat()
            shapes.append(dict(type="line", x0=edge, x1=edge, y0=0, y1=1, yref="paper",
                               line=dict(color=colour, width=2, dash=dash)))
        when = date_span(marked[0], marked[-1], lang)
        data.append(dict(type="scatter", x=[None], y=[None], mode="lines",
                         name=t("figure.legend_item", lang, label=t(f"figure.{key}", lang), when=when),
                         line=dict(color=colour, width=2, dash=dash), hoverinfo="skip"))
    if today is not None and start <= today < end:  # today, mid-day, labelled in words (issue 42)
        noon = f"{today.isoformat()} 12:00"
        shapes.append(dict(type="line", x0=noon, x1=noon, y0=0, y1=1, yref="paper",
                           line=dict(color=COLOURS["today"], width=2)))
        annotations.append(dict(x=noon, y=1.0, yref="paper", yanchor="top", xanchor="left", xshift=3,
                                # bold by the font, not <b>: plotly.js writes a <b> as a style
                                # attribute, which the page's strict policy refuses
                                text=t("figure.today", lang), showarrow=False,
                                font=dict(size=12, color=COLOURS["today"], weight="bold")))
    # Legend entries for the shaded bands, which shapes alone do not get.
    for key in ("non_working", "makeup") if any(d in calendar.makeup_days for d in days) else ("non_working",):
        data.append(dict(type="scatter", x=[None], y=[None], mode="markers", name=t(f"figure.{key}", lang),
                         marker=dict(symbol="square", size=14, color=COLOURS[key],
                                     line=dict(color=EDGES[key], width=1.5)), hoverinfo="skip"))

    title = t("figure.title", lang, carrier=est.carrier.name(lang), date=short_date(est.submitted, lang))
    subtitle = t("figure.subtitle", lang, best=short_date(est.best.completion, lang),
                 worst=short_date(est.worst.completion, lang))
    if est.remote and est.carrier.remote_forwarding:
        subtitle += t("figure.assumption", lang)
    if est.provisional:
        subtitle += t("figure.provisional", lang, years=year_list(est.provisional_years, lang))
    layout = dict(
        title=dict(text=title, x=0.01, xanchor="left", subtitle=dict(text=subtitle)),
        font=dict(family=FONT, size=13),
        barmode="overlay", bargap=0.3, height=460, margin=dict(l=10, r=20, t=100, b=40),
        plot_bgcolor="white", paper_bgcolor="white", shapes=shapes, annotations=annotations,
        legend=dict(orientation="h", yanchor="top", y=-0.1, x=0),
        xaxis=dict(type="date", range=[start.isoformat(), end.isoformat()], dtick=DAY_MS,
                   tickformat="%m-%d", gridcolor="#eee", ticklabelmode="period", showgrid=True, automargin=True),
        yaxis=dict(autorange="reversed", categoryorder="array", categoryarray=labels, automargin=True),
    )
    return {"data": data, "layout": layout}


def gantt(est: Estimate, lang: str = "zh"):
    """The Gantt as a validated ``plotly.graph_objects.Figure`` (for notebooks and tests)."""
    import plotly.graph_objects as go

    spec = gantt_spec(est, lang)
    return go.Figure(data=spec["data"], layout={**spec["layout"], "template": "none"})


def _day_band(run: list[dt.date], kind: str) -> dict:
    return dict(type="rect", xref="x", yref="paper", x0=run[0].isoformat(),
                x1=(run[-1] + ONE_DAY).isoformat(), y0=0, y1=1, fillcolor=COLOURS[kind],
                line=dict(width=1, color=EDGES[kind]), layer="below")


def _middle(run: list[dt.date]) -> str:
    return (dt.datetime.combine(run[0], dt.time()) + (run[-1] - run[0] + ONE_DAY) / 2).isoformat()


def holiday_label(name: str, day: dt.date, lang: str = "zh") -> str:
    """A holiday's name, marked provisional when its year's notice is not out yet."""
    return name + (t("app.provisional_mark", lang) if is_provisional(day.year) else "")


#: ColorBrewer's YlOrRd, light to dark: slower days are darker.
YL_OR_RD = ("#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#bd0026", "#800026")


def colour_scale(value: float, low: float, high: float) -> str:
    """The palette colour for ``value`` in [low, high]."""
    share = 0.0 if high == low else (value - low) / (high - low)
    return YL_OR_RD[min(len(YL_OR_RD) - 1, int(share * len(YL_OR_RD)))]


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def year_cells(grid: YearGrid, lang: str = "zh", deadline: dt.date | None = None) -> dict:
    """What the year heatmap draws: one cell per submission day, GitHub-style, coloured by the
    worst case in calendar days, with its hover text; plus titles and axis labels. With a
    ``deadline``, a cell whose worst case finishes after it is marked ``late`` (the page draws
    it hatched, not by colour alone) and says so in its text."""
    calendar = china_calendar()
    first, year = grid.first, grid.calendar_year
    worst_days = grid.worst_days.tolist()
    low, high = min(worst_days), max(worst_days)
    best, worst = grid.completion["best"].astype(object), grid.completion["worst"].astype(object)
    days = grid.submitted.astype(object)
    names = {day: holiday_label(name, day, lang) for run, name in calendar.days_off_named(days, lang) if name
             for day in run}
    names.update((day, t("figure.makeup", lang)) for day in days if day in calendar.makeup_days)
    cells = []
    for index, day in enumerate(days):
        holiday = t("year.holiday", lang, name=escape(names[day])) if day in names else ""
        text_ = t("year.hover", lang, date=long_date(day, lang), holiday=holiday, best=short_date(best[index], lang),
                  worst=short_date(worst[index], lang), days=worst_days[index])
        late = deadline is not None and worst[index] > deadline
        if late:
            text_ += t("year.late", lang, deadline=short_date(deadline, lang))
        colour = colour_scale(worst_days[index], low, high)
        # [day, weekday (Monday 0), colour, hover HTML, late, accessible name, day number's ink]
        cells.append([day.isoformat(), day.weekday(), colour, text_, late, plain_text(text_, lang), ink(colour)])
    subtitle = t("year.subtitle", lang)
    inside = [y for y in grid.provisional_years if first.year <= y <= grid.last.year]
    if inside:
        notice = t("year.provisional", lang, years=year_list(inside, lang))
    elif grid.provisional:
        notice = t("year.spills", lang, year=grid.provisional_years[0])
    else:
        notice = ""
    names_ = dict(carrier=grid.carrier.name(lang), phrase=grid.carrier.phrase(lang))
    if year is not None:
        title = t("year.title", lang, year=year, **names_)
    else:
        title = t("year.window_title", lang, first=month_label(first, lang, with_year=True),
                  last=month_label(grid.last, lang, with_year=True), **names_)
    return {
        "title": title, "subtitle": subtitle, "notice": notice,
        "slow": slowest_periods(days, worst_days, lang),
        "slow_heading": t("year.slow_heading", lang),
        "label": t("year.grid_label", lang, title=title),
        "cells": cells,
        "months": [month_label(month, lang, with_year=month.month == 1 and year is None)
                   for month in _months(first, grid.last)],
        "weekdays": [weekday_name(d, lang) for d in range(7)],
        "legend": {"label": t("year.colorbar", lang), "low": low, "high": high, "colours": list(YL_OR_RD),
                   "late": t("year.late_legend", lang) if deadline else "",
                   "deadline": t("year.deadline_legend", lang) if deadline else ""},
        "deadline": deadline.isoformat() if deadline and first <= deadline <= grid.last else "",
    }


def slowest_periods(days: list[dt.date], worst_days: list[int], lang: str = "zh", top: int = 2) -> list[str]:
    """The runs of days in the window's ``top`` slowest colour bins, in words: the year view
    must not say "slow" by colour alone."""
    low, high = min(worst_days), max(worst_days)
    slow = {colour for colour in YL_OR_RD[-top:]}
    chosen = [(day, n) for day, n in zip(days, worst_days) if colour_scale(n, low, high) in slow]
    periods, run = [], []
    for day, n in chosen:
        if run and (day - run[-1][0]).days != 1:
            periods.append(run)
            run = []
        run.append((day, n))
    if run:
        periods.append(run)
    return [t("year.slow_item", lang, days=date_span(run[0][0], run[-1][0], lang), most=max(n for _, n in run))
            for run in periods]


def plain_text(html_text: str, lang: str = "zh") -> str:
    """A cell's hover text as one plain line: its accessible name."""
    return unescape(re.sub(r"<[^>]+>", "", html_text.replace("<br>", t("app.list_sep", lang)))).strip()


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours."""
    a, b = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def ink(colour: str) -> str:
    """Black or white text, whichever reads better on ``colour``."""
    return "#000000" if contrast(colour, "#000000") >= contrast(colour, "#ffffff") else "#ffffff"


def month_label(month: dt.date, lang: str = "zh", *, with_year: bool = False) -> str:
    """``11月`` / ``Nov``; with the year: ``2026年11月`` / ``Nov 2026``."""
    if with_year:
        return t("year.month_of_year", lang, year=month.year, month=month_name(month.month, lang))
    return month_name(month.month, lang)
