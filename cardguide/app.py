"""The explainer's widgets: the article's sections, a checklist, the timeline whose date and
carrier sliders redraw the Gantt, the year view, the plan to take away, and the context the
article lacks. Notebooks only place these; Voilà serves the same notebook.

The Gantt is redrawn in place by a small anywidget (``widgets.PlotlyChart``, Plotly.react):
Voilà did not apply in-place ``FigureWidget`` updates to bar arrays (see the field notes), and
re-rendering into an ``Output`` rebuilt the plot on every step. The year heatmap is another
anywidget (``widgets.YearHeatmap``) whose clicks come back to Python. Real-browser tests prove
both paths. Every callback is guarded, so a viewer sees a short message, never a traceback.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import functools
import logging
import os
import urllib.parse
from html import escape

import ipywidgets as W

from . import sections
from .article import article, checklist_items, context, text
from .carriers import MAX_REVIEW_DAYS, Carrier, carriers, get_carrier, parse_review_days, shorten
from .errors import CardguideError, ProfileError
from .export import filename, to_csv, to_ics
from .figures import gantt_spec, year_cells
from .i18n import date_span, long_date, short_date, slider_label, t
from .report import remote_note, review_basis
from .schedule import Estimate, estimate, parse_date, window_days
from .workdays import FIRST_YEAR, LAST_YEAR, china_calendar, is_provisional
from .widgets import Heartbeat, PlotlyChart, YearHeatmap
from .yeargrid import year_grid

log = logging.getLogger("cardguide.app")
LANGS = (("中文", "zh"), ("English", "en"))
PLOTLY_CONFIG = {"displaylogo": False, "showLink": False, "responsive": True}


def date_range(today: dt.date, linked: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The slider's days: last year to next year, widened to the year of a linked date."""
    first_year, last_year = today.year - 1, today.year + 1
    if linked is not None:
        first_year, last_year = min(first_year, linked.year), max(last_year, linked.year)
    return dt.date(max(FIRST_YEAR, first_year), 1, 1), dt.date(min(LAST_YEAR, last_year), 12, 31)


def window_note(est: Estimate, lang: str) -> str:
    """The holidays and make-up working days between submission and follow-up, in words."""
    cal = china_calendar()
    days = window_days(est)
    items = []
    for run, name in cal.days_off_named(days, lang):
        if name:
            mark = t("app.provisional_mark", lang) if is_provisional(run[0].year) else ""
            items.append(t("app.holiday_item", lang, name=name, days=date_span(run[0], run[-1], lang), mark=mark))
    items += [t("app.makeup_item", lang, day=short_date(d, lang)) for d in days if d in cal.makeup_days]
    if not items:
        return t("app.window_quiet", lang)
    return t("app.window_holidays", lang, items=t("app.list_sep", lang).join(items))


def summary_html(est: Estimate, lang: str = "zh") -> str:
    carrier = est.carrier
    hotline = t("app.hotline", lang, hotline=escape(carrier.hotline)) if carrier.hotline else ""
    return t(
        "app.summary", lang, date=long_date(est.submitted, lang), carrier=escape(carrier.phrase(lang)),
        best=long_date(est.best.completion, lang), worst=long_date(est.worst.completion, lang),
        follow_up=long_date(est.follow_up, lang), hotline=hotline, window=window_note(est, lang),
    )


def notes_html(est: Estimate, lang: str = "zh") -> str:
    carrier = est.carrier
    parts = [
        f'<div class="cg-note">{t("app.assumption_note", lang)}<br>'
        + escape(t("app.carrier_basis", lang, carrier=carrier.name(lang), basis=review_basis(carrier, lang)))
        + "</div>"
    ]
    if est.remote:
        parts.append(f'<div class="cg-note">{escape(remote_note(est, lang))}</div>')
    if est.provisional:
        years = "、".join(map(str, est.provisional_years)) if lang == "zh" else ", ".join(map(str, est.provisional_years))
        parts.insert(0, f'<div class="cg-warn">{t("app.provisional", lang, years=years)}</div>')
    return "".join(parts)


def share_query(est: Estimate, lang: str, own_review_days: bool = False) -> str:
    """``date=2024-09-30&carrier=china-unicom&lang=en`` (+ ``remote=1``, ``review=1,2,3``)."""
    params = {"date": est.submitted.isoformat(), "carrier": est.carrier.id, "lang": lang}
    if est.remote:
        params["remote"] = "1"
    if own_review_days:
        params["review"] = ",".join(map(str, est.carrier.review_days))
    return urllib.parse.urlencode(params, safe=",")


def base_url(environ=None) -> str:
    """The page's own address as Voilà reports it to the kernel, or "" outside Voilà."""
    environ = os.environ if environ is None else environ
    host, port = environ.get("SERVER_NAME", ""), environ.get("SERVER_PORT", "")
    if not host:
        return ""
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}{':' + port if port else ''}{environ.get('SCRIPT_NAME', '/') or '/'}"


def share_html(est: Estimate, lang: str, own_review_days: bool, base: str) -> str:
    query = share_query(est, lang, own_review_days)
    link = escape(f"{base}?{query}", quote=True)
    return (f'<div class="cg-links"><b>{escape(t("controls.share", lang))}</b>：<br>' if lang == "zh" else
            f'<div class="cg-links"><b>{escape(t("controls.share", lang))}</b>:<br>') + (
        f'<input class="cg-share" readonly value="{link}" onclick="this.select()"> '
        f'<a class="cg-share-link" href="?{escape(query, quote=True)}">↗</a><br>'
        f'<small>{escape(t("controls.share_hint", lang))}</small></div>')


def downloads_html(est: Estimate, lang: str) -> str:
    """Links carrying the files in data: URLs, so a download needs no server route."""
    ics = base64.b64encode(to_ics(est, lang)).decode("ascii")
    table = base64.b64encode(("\ufeff" + to_csv(est, lang)).encode("utf-8")).decode("ascii")  # BOM: Excel reads UTF-8
    return (f'<div class="cg-links"><b>{escape(t("controls.downloads", lang))}</b><br>'
            f'<a class="cg-ics" download="{filename(est, "ics")}" href="data:text/calendar;charset=utf-8;base64,{ics}">'
            f'↓ {escape(t("controls.download_ics", lang))}</a>'
            f'<a class="cg-csv" download="{filename(est, "csv")}" href="data:text/csv;charset=utf-8;base64,{table}">'
            f'↓ {escape(t("controls.download_csv", lang))}</a></div>')


def chart_figure(est: Estimate, lang: str) -> dict:
    """The Gantt for ``PlotlyChart``: Plotly JSON plus the toolbar settings."""
    return {**gantt_spec(est, lang), "config": PLOTLY_CONFIG}


#: Link parameters with a fixed set of values, and the note for anything else.
LINK_CHOICES = {
    "lang": ({"zh": "zh", "en": "en"}, "语言 “{value}” 无效，已忽略（可选 zh、en）",
             "Language \"{value}\" is invalid and was ignored (zh or en)"),
    "remote": ({"1": True, "0": False}, "remote=“{value}” 无效，已忽略（可选 1 或 0）",
               "remote=\"{value}\" is invalid and was ignored (1 or 0)"),
}
#: Link parameters parsed by the domain, whose errors are the notes.
LINK_PARSERS = {
    "date": parse_date,
    "carrier": lambda value: get_carrier(value).id,
    "review": parse_review_days,
}


def parse_query(query: str) -> tuple[dict, list[CardguideError]]:
    """Settings from ``?date=&carrier=&lang=&remote=&review=``; anything invalid is dropped
    with a note, unknown parameters are ignored."""
    settings, problems = {}, []
    try:
        params = urllib.parse.parse_qs(query or "", keep_blank_values=True, max_num_fields=20)
    except ValueError:
        params = {}
        problems.append(CardguideError("链接参数无法识别，已忽略", "The link's parameters could not be read and were ignored"))
    for name, values in params.items():
        value = values[-1]
        if name in LINK_CHOICES:
            choices, zh, en = LINK_CHOICES[name]
            if value in choices:
                settings[name] = choices[value]
            else:
                problems.append(CardguideError(zh.format(value=shorten(value)), en.format(value=shorten(value))))
        elif name in LINK_PARSERS:
            try:
                settings[name] = LINK_PARSERS[name](value)
            except CardguideError as exc:
                problems.append(exc)
    return settings, problems


def guarded(method):
    """Run a callback so that bad input shows a note and anything else a reload message."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except CardguideError as exc:
            self.status.value = f'<div class="cg-warn">{escape(t("app.error", self.lang, message=exc.message(self.lang)))}</div>'
        except Exception:  # noqa: BLE001 - a viewer must never see a traceback
            log.exception("dashboard callback failed")
            self.status.value = f'<div class="cg-warn">{escape(t("app.failure", self.lang))}</div>'

    return wrapper


class Dashboard:
    """All six sections plus the context; the timing section holds the controls, the Gantt,
    the plan to take away and the year view."""

    def __init__(self, *, lang: str = "zh", submitted: dt.date | None = None,
                 carrier: str = "china-mobile", today: dt.date | None = None, remote: bool = False,
                 review: tuple[int, int, int] | None = None, base: str = "",
                 problems: list[CardguideError] = ()):
        self.lang = lang
        self.base = base
        self.today = today or dt.date.today()
        self.profiles = carriers()
        self.problems = list(problems)
        submitted = self._slider_days(submitted)
        first, last = self.days[0], self.days[-1]
        if carrier not in self.profiles:
            carrier = next(iter(self.profiles))
        #: The user's own review days per carrier id, for this session only.
        self.own_review_days: dict[str, tuple[int, int, int]] = {carrier: review} if review else {}
        self._year_key = None
        self._quiet = False  # True while the code itself sets widgets: callbacks stand still

        self.language = W.ToggleButtons(options=LANGS, value=lang, style={"button_width": "6em"})
        self.title = W.HTML()
        self.status = W.HTML()
        self.problems_note = W.HTML()
        self.date = W.SelectionSlider(options=self._date_options(), value=submitted,
                                      continuous_update=False, layout=W.Layout(width="95%"),
                                      style={"description_width": "6em"})
        self.picker = W.DatePicker(value=submitted, min=first, max=last, style={"description_width": "6em"})
        self.carrier = W.SelectionSlider(options=self._carrier_options(), value=carrier,
                                         continuous_update=False, layout=W.Layout(width="60%"),
                                         style={"description_width": "6em"})
        self.remote = W.Checkbox(value=bool(remote), indent=False, layout=W.Layout(width="auto"))
        self.date.add_class("cg-date-slider")
        self.picker.add_class("cg-date-picker")
        self.carrier.add_class("cg-carrier-slider")
        self.remote.add_class("cg-remote")

        self.review_fields = [W.Text(continuous_update=False, layout=W.Layout(width="9em"),
                                     style={"description_width": "3.5em"}) for _ in range(3)]
        for name, field in zip(("best", "typical", "worst"), self.review_fields):
            field.add_class(f"cg-review-{name}")
        self.reset = W.Button(icon="", layout=W.Layout(width="auto"))
        self.reset.add_class("cg-reset")
        self.assumption_help = W.HTML()
        self.assumption_status = W.HTML()
        self.assumption_status.add_class("cg-assumption-status")
        self.assumptions = W.Accordion(children=[W.VBox([
            self.assumption_help, W.HBox([*self.review_fields, self.reset]), self.assumption_status])])
        self.assumptions.add_class("cg-assumptions")

        self.summary = W.HTML()
        self.summary.add_class("cg-summary-widget")
        self.notes = W.HTML()
        self.chart = PlotlyChart(layout=W.Layout(min_height="460px", width="100%"))
        self.chart.add_class("cg-chart")
        self.share = W.HTML()
        self.share.add_class("cg-share-widget")
        self.downloads = W.HTML()
        self.downloads.add_class("cg-downloads")
        self.year_heading = W.HTML()
        self.year_view = YearHeatmap(layout=W.Layout(width="100%"))
        self.year_view.add_class("cg-year")
        self.checks = [W.Checkbox(value=False, indent=False, layout=W.Layout(width="auto"))
                       for _ in article()["process"]["checklist"]]
        self.checklist_status = W.HTML()
        self.html = {name: W.HTML() for name in (*sections.SECTION_ORDER, "precautions_advice", "source", "context")}
        self.precautions = W.Accordion(children=[W.HTML() for _ in article()["precautions"]["items"]])
        self.faq = W.Accordion(children=[W.HTML() for _ in article()["faq"]["items"]])

        self.sections = {
            "definition": self.html["definition"],
            "reasons": self.html["reasons"],
            "process": W.VBox([self.html["process"], W.HTML(), *self.checks, self.checklist_status]),
            "timing": W.VBox([self.html["timing"], W.HTML(), self.date, self.picker, self.carrier, self.remote,
                              self.assumptions, self.status, self.summary, self.notes, self.chart,
                              self.share, self.downloads, self.year_heading, self.year_view]),
            "precautions": W.VBox([self.html["precautions"], self.precautions, self.html["precautions_advice"]]),
            "faq": W.VBox([self.html["faq"], self.faq, self.html["source"]]),
            "context": self.html["context"],
        }
        self.heartbeat = Heartbeat()
        self.header = W.VBox([W.HTML(sections.STYLE), self.heartbeat, self.language, self.title, self.problems_note])

        # Observers first, then the first render through the same path as every later one.
        self.language.observe(self._on_language, names="value")
        self.date.observe(self._on_choice, names="value")
        self.carrier.observe(self._on_carrier, names="value")
        self.remote.observe(self._on_choice, names="value")
        self.picker.observe(self._on_pick, names="value")
        for field in self.review_fields:
            field.observe(self._on_review_days, names="value")
        self.reset.on_click(self._on_reset)
        self.year_view.on_day(self._on_heatmap_day)
        for box in self.checks:
            box.observe(self._on_check, names="value")
        self.render()

    def _slider_days(self, submitted: dt.date | None) -> dt.date:
        """Set the slider's days for ``submitted`` (widened to its year); the day to show."""
        first, last = date_range(self.today, submitted)
        self.days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
        submitted = submitted or self.today
        if not first <= submitted <= last:
            self.problems.append(CardguideError(
                f"日期 {submitted.isoformat()} 超出滑块范围（{first.isoformat()} 至 {last.isoformat()}），已改用今天",
                f"Date {submitted.isoformat()} is outside the slider ({first.isoformat()} to {last.isoformat()}); showing today",
            ))
            submitted = min(max(self.today, first), last)
        return submitted

    # ---- the viewer's link ---------------------------------------------------------------
    def follow_link(self) -> Dashboard:
        """Apply ``?date=&carrier=&lang=&remote=&review=`` from the viewer's link.

        A preheated Voilà kernel builds and draws the dashboard before any viewer arrives, then
        waits here for the request; a link without parameters then costs nothing more.
        """
        try:
            from voila.utils import wait_for_request

            wait_for_request()
        except Exception:  # noqa: BLE001 - outside Voilà there is no request to wait for
            pass
        self.base = base_url()
        settings, problems = parse_query(os.environ.get("QUERY_STRING", ""))
        self.apply_link(settings, problems)
        return self

    def apply_link(self, settings: dict, problems=()) -> None:
        """Settings from ``parse_query``, applied at once and drawn once."""
        self.problems = list(problems)
        if not settings and not self.problems:
            self.share.value = share_html(self.current_estimate(), self.lang, False, self.base)
            return
        with self._quietly():
            lang = settings.get("lang", self.lang)
            day = self._slider_days(settings.get("date", self.date.value))
            carrier = settings.get("carrier", self.carrier.value)
            self.lang = lang
            self.language.value = lang
            self.date.options = self._date_options()
            self.date.value = day
            self.picker.min, self.picker.max = self.days[0], self.days[-1]
            self.picker.value = day
            self.carrier.options = self._carrier_options()
            self.carrier.value = carrier
            self.remote.value = settings.get("remote", self.remote.value)
            if "review" in settings:
                self.own_review_days[carrier] = settings["review"]
        self.render()

    @contextlib.contextmanager
    def _quietly(self):
        """Set widgets from code without their callbacks redrawing (nests)."""
        before, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = before

    # ---- state -------------------------------------------------------------------------
    def current_carrier(self) -> Carrier:
        """The selected profile, under the user's own review days when they set some."""
        profile = get_carrier(self.carrier.value, self.profiles)
        own = self.own_review_days.get(profile.id)
        return profile.with_review_days(own) if own else profile

    def current_estimate(self) -> Estimate:
        return estimate(self.date.value, self.current_carrier(), remote=self.remote.value)

    # ---- rendering -------------------------------------------------------------------
    def _date_options(self):
        return [(slider_label(day, self.lang), day) for day in self.days]

    def _carrier_options(self):
        return [(c.name(self.lang), c.id) for c in self.profiles.values()]

    @guarded
    def render(self) -> None:
        """Every text in the current language, then the timeline."""
        lang = self.lang
        self.title.value = f"<h1 style='font-size:1.6em;margin:0.3em 0'>{escape(text(article()['meta']['title'], lang))}</h1>"
        self.heartbeat.message = t("connection.lost", lang)
        self.problems_note.value = "".join(
            f'<div class="cg-warn">{escape(p.message(lang))}</div>' for p in self.problems)
        for name in sections.SECTION_ORDER:
            self.html[name].value = sections.section_html(name, lang)
        self.html["context"].value = sections.context_html(lang)
        self.html["precautions_advice"].value = f"<p>{escape(text(article()['precautions']['advice'], lang))}</p>"
        self.html["source"].value = f'<p class="cg-source">{escape(t("app.source", lang, source=text(article()["meta"]["source"], lang)))}</p>'
        for widget, label in zip(self.checks, checklist_items(lang)):
            widget.description = label
        self.sections["process"].children[1].value = f"<h3>{escape(t('app.checklist', lang))}</h3>"
        self.sections["timing"].children[1].value = f"<h3>{escape(t('app.timeline', lang))}</h3>"
        self.year_heading.value = f"<h3>{escape(t('year.heading', lang))}</h3>"
        self.date.description = t("app.date", lang)
        self.picker.description = t("controls.choose_day", lang)
        self.carrier.description = t("app.carrier", lang)
        self.remote.description = text(context()["remote"]["option"], lang)
        for name, field in zip(("best", "typical", "worst"), self.review_fields):
            field.description = t(f"scenario.{name}", lang)
        self.reset.description = t("controls.reset", lang)
        self.assumptions.titles = (t("controls.assumptions", lang),)
        self.assumption_help.value = f"<small>{escape(t('controls.assumptions_help', lang, bound=MAX_REVIEW_DAYS))}</small>"
        for accordion, items in ((self.precautions, article()["precautions"]["items"]),
                                 (self.faq, article()["faq"]["items"])):
            for child, item in zip(accordion.children, items):
                body = item.get("text") or item["answer"]
                child.value = f"<p style='line-height:1.7'>{escape(text(body, lang))}</p>"
            accordion.titles = tuple(text(i.get("title") or i["question"], lang) for i in items)
        self._update_checklist()
        self._show_review_days()
        self.redraw()

    @guarded
    def redraw(self) -> None:
        """Gantt, summary, notes, share link, downloads and year view for the current choice.
        The chart goes first: it is what a viewer watches after moving a slider."""
        est = self.current_estimate()
        lang = self.lang
        self.chart.figure = chart_figure(est, lang)
        self.status.value = ""
        self.summary.value = f'<div class="cg-summary">{summary_html(est, lang)}</div>'
        self.notes.value = notes_html(est, lang)
        own = est.carrier.id in self.own_review_days
        self.share.value = share_html(est, lang, own, self.base)
        self.downloads.value = downloads_html(est, lang)
        self._draw_year(est)
        if self.picker.value != est.submitted:
            with self._quietly():
                self.picker.value = est.submitted

    def _draw_year(self, est: Estimate) -> None:
        """New cells when the year, profile, option or language change; else only the mark."""
        key = (est.submitted.year, est.carrier, est.remote, self.lang)
        if key != self._year_key:
            self.year_view.spec = year_cells(year_grid(est.submitted.year, est.carrier, remote=est.remote), self.lang)
            self._year_key = key
        self.year_view.selected = est.submitted.isoformat()

    def _show_review_days(self) -> None:
        carrier = self.current_carrier()
        with self._quietly():
            for field, value in zip(self.review_fields, carrier.review_days):
                field.value = str(value)
        profile = get_carrier(self.carrier.value, self.profiles)
        if profile.id in self.own_review_days:
            self.assumption_status.value = "<small>" + escape(t(
                "controls.assumptions_own", self.lang, carrier=profile.name(self.lang),
                original="/".join(map(str, profile.review_days)))) + "</small>"
        else:
            self.assumption_status.value = ""

    def _update_checklist(self) -> None:
        done = sum(box.value for box in self.checks)
        message = t("app.checklist_done", self.lang, done=done, total=len(self.checks))
        if done == len(self.checks):
            message += " " + t("app.checklist_ready", self.lang)
        self.checklist_status.value = f"<p><b>{escape(message)}</b></p>"

    def choose_day(self, day: dt.date) -> None:
        """Move the date slider to ``day`` (from the heatmap or the date picker)."""
        if day not in self.date.options and not (self.days[0] <= day <= self.days[-1]):
            raise CardguideError(
                t("controls.outside_slider", "zh", date=day.isoformat(), first=self.days[0].isoformat(),
                  last=self.days[-1].isoformat()),
                t("controls.outside_slider", "en", date=day.isoformat(), first=self.days[0].isoformat(),
                  last=self.days[-1].isoformat()))
        self.date.value = day

    # ---- callbacks -------------------------------------------------------------------
    @guarded
    def _on_choice(self, change) -> None:
        if self._quiet:
            return
        self.redraw()

    @guarded
    def _on_carrier(self, change) -> None:
        if self._quiet:
            return
        self._show_review_days()
        self.redraw()

    @guarded
    def _on_pick(self, change) -> None:
        if self._quiet:
            return
        if isinstance(change["new"], dt.date):
            self.choose_day(change["new"])

    @guarded
    def _on_heatmap_day(self, day: str) -> None:
        self.choose_day(parse_date(day))

    @guarded
    def _on_review_days(self, change) -> None:
        if self._quiet:
            return
        carrier_id = self.carrier.value
        try:
            own = parse_review_days([field.value for field in self.review_fields])
        except ProfileError as exc:
            self.assumption_status.value = f'<div class="cg-warn">{escape(exc.message(self.lang))}</div>'
            return
        if own == get_carrier(carrier_id, self.profiles).review_days:
            self.own_review_days.pop(carrier_id, None)
        else:
            self.own_review_days[carrier_id] = own
        self._show_review_days()
        self.redraw()

    @guarded
    def _on_reset(self, button) -> None:
        self.own_review_days.pop(self.carrier.value, None)
        self._show_review_days()
        self.redraw()

    @guarded
    def _on_check(self, change) -> None:
        self._update_checklist()

    @guarded
    def _on_language(self, change) -> None:
        if self._quiet:
            return
        self.lang = change["new"]
        with self._quietly():
            for slider, options in ((self.date, self._date_options()), (self.carrier, self._carrier_options())):
                value = slider.value
                slider.options = options  # resets the selection, so it is put back at once
                slider.value = value
        self.render()

    # ---- display ---------------------------------------------------------------------
    @property
    def widget(self) -> W.VBox:
        return W.VBox([self.header, *self.sections.values()])

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
