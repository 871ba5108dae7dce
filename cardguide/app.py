"""The explainer's widgets: the article's sections, a checklist, and the timeline whose date and
carrier sliders redraw the Gantt. Notebooks only place these; Voilà serves the same notebook.

Chart updates re-render a plain figure into an ``Output``: Voilà did not apply in-place
``FigureWidget`` updates to bar arrays (see the field notes), and a real-browser test proves
this path. Every callback is guarded, so a viewer sees a short message, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import os
import urllib.parse
from html import escape

import ipywidgets as W
from IPython.display import clear_output, display

from . import sections
from .article import article, text
from .carriers import carriers, get_carrier, shorten
from .errors import CardguideError, InvalidDate, UnknownCarrier
from .figures import gantt, runs
from .i18n import long_date, short_date, slider_label, t
from .schedule import Estimate, estimate, parse_date, window_days
from .workdays import FIRST_YEAR, LAST_YEAR, china_calendar

log = logging.getLogger("cardguide.app")
LANGS = (("中文", "zh"), ("English", "en"))
PLOTLY_CONFIG = {"displaylogo": False, "showLink": False, "responsive": True}


def date_range(today: dt.date) -> tuple[dt.date, dt.date]:
    """The slider's days: last year, this year and next year, within the calendar."""
    first = dt.date(max(FIRST_YEAR, today.year - 1), 1, 1)
    last = dt.date(min(LAST_YEAR, today.year + 1), 12, 31)
    return first, last


def window_note(est: Estimate, lang: str) -> str:
    """The holidays and make-up working days between submission and follow-up, in words."""
    cal = china_calendar()
    days = window_days(est)
    items = []
    for run in runs(d for d in days if not cal.is_working_day(d)):
        name = cal.holiday_of(run, lang)
        if name:
            span = short_date(run[0], lang) + ("" if len(run) == 1 else f" – {short_date(run[-1], lang)}")
            items.append(t("app.holiday_item", lang, name=name, days=span))
    items += [t("app.makeup_item", lang, day=short_date(d, lang)) for d in days if d in cal.makeup_days]
    if not items:
        return t("app.window_quiet", lang)
    return t("app.window_holidays", lang, items=t("app.list_sep", lang).join(items))


def summary_html(est: Estimate, lang: str = "zh") -> str:
    carrier = est.carrier
    hotline = t("app.hotline", lang, hotline=escape(carrier.hotline)) if carrier.hotline else ""
    return t(
        "app.summary", lang, date=long_date(est.submitted, lang), carrier=escape(carrier.name(lang)),
        best=long_date(est.best.completion, lang), worst=long_date(est.worst.completion, lang),
        follow_up=long_date(est.follow_up, lang), hotline=hotline, window=window_note(est, lang),
    )


def notes_html(est: Estimate, lang: str = "zh") -> str:
    carrier = est.carrier
    best, typical, worst = carrier.review_days
    kind = t("app.kind_assumption" if carrier.assumption else "app.kind_article", lang)
    parts = [
        f'<div class="cg-note">{t("app.assumption_note", lang)}<br>'
        + t("app.carrier_source", lang, carrier=escape(carrier.name(lang)), best=best, typical=typical,
            worst=worst, kind=kind, source=escape(carrier.source(lang)))
        + "</div>"
    ]
    if est.provisional:
        years = "、".join(map(str, est.provisional_years)) if lang == "zh" else ", ".join(map(str, est.provisional_years))
        parts.insert(0, f'<div class="cg-warn">{t("app.provisional", lang, years=years)}</div>')
    return "".join(parts)


def figure_bundle(est: Estimate, lang: str) -> dict:
    """The Plotly mime bundle, drawn by the plotly extension from the server: no CDN."""
    fig = json.loads(gantt(est, lang).to_json())
    return {"application/vnd.plotly.v1+json": {**fig, "config": PLOTLY_CONFIG}, "text/plain": "Gantt"}


def parse_query(query: str) -> tuple[dict, list[CardguideError]]:
    """Settings from ``?date=&carrier=&lang=``; anything invalid is dropped with a note."""
    settings, problems = {}, []
    try:
        params = urllib.parse.parse_qs(query or "", keep_blank_values=True, max_num_fields=20)
    except ValueError:
        params = {}
        problems.append(CardguideError("链接参数无法识别，已忽略", "The link's parameters could not be read and were ignored"))
    lang = params.get("lang", [""])[-1]
    if lang in ("zh", "en"):
        settings["lang"] = lang
    elif "lang" in params:
        problems.append(CardguideError(f"语言 “{shorten(lang)}” 无效，已忽略（可选 zh、en）",
                                       f"Language \"{shorten(lang)}\" is invalid and was ignored (zh or en)"))
    if "date" in params:
        try:
            settings["date"] = parse_date(params["date"][-1])
        except InvalidDate as exc:
            problems.append(exc)
    if "carrier" in params:
        try:
            settings["carrier"] = get_carrier(params["carrier"][-1]).id
        except UnknownCarrier as exc:
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
    """All six sections; the timing section holds the date/carrier sliders and the Gantt."""

    def __init__(self, *, lang: str = "zh", submitted: dt.date | None = None,
                 carrier: str = "china-mobile", today: dt.date | None = None,
                 problems: list[CardguideError] = ()):
        self.lang = lang
        self.today = today or dt.date.today()
        self.profiles = carriers()
        self.problems = list(problems)
        first, last = date_range(self.today)
        self.days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
        submitted = submitted or self.today
        if not first <= submitted <= last:
            self.problems.append(CardguideError(
                f"日期 {submitted.isoformat()} 超出滑块范围（{first.isoformat()} 至 {last.isoformat()}），已改用今天",
                f"Date {submitted.isoformat()} is outside the slider ({first.isoformat()} to {last.isoformat()}); showing today",
            ))
            submitted = min(max(self.today, first), last)
        if carrier not in self.profiles:
            carrier = next(iter(self.profiles))

        self.language = W.ToggleButtons(options=LANGS, value=lang, style={"button_width": "6em"})
        self.title = W.HTML()
        self.status = W.HTML()
        self.problems_note = W.HTML()
        self.date = W.SelectionSlider(options=self._date_options(), value=submitted,
                                      continuous_update=False, layout=W.Layout(width="95%"),
                                      style={"description_width": "6em"})
        self.carrier = W.SelectionSlider(options=self._carrier_options(), value=carrier,
                                         continuous_update=False, layout=W.Layout(width="60%"),
                                         style={"description_width": "6em"})
        self.date.add_class("cg-date-slider")
        self.carrier.add_class("cg-carrier-slider")
        self.summary = W.HTML()
        self.summary.add_class("cg-summary-widget")
        self.notes = W.HTML()
        self.chart = W.Output(layout=W.Layout(min_height="460px"))
        self.chart.add_class("cg-chart")
        self.checks = [W.Checkbox(value=False, indent=False, layout=W.Layout(width="auto"))
                       for _ in article()["process"]["checklist"]]
        self.checklist_status = W.HTML()
        self.html = {name: W.HTML() for name in ("header", *sections.SECTION_ORDER, "precautions_advice", "source")}
        self.precautions = W.Accordion(children=[W.HTML() for _ in article()["precautions"]["items"]])
        self.faq = W.Accordion(children=[W.HTML() for _ in article()["faq"]["items"]])

        self.sections = {
            "definition": self.html["definition"],
            "reasons": self.html["reasons"],
            "process": W.VBox([self.html["process"], W.HTML(), *self.checks, self.checklist_status]),
            "timing": W.VBox([self.html["timing"], W.HTML(), self.date, self.carrier,
                              self.status, self.summary, self.notes, self.chart]),
            "precautions": W.VBox([self.html["precautions"], self.precautions, self.html["precautions_advice"]]),
            "faq": W.VBox([self.html["faq"], self.faq, self.html["source"]]),
        }
        self.header = W.VBox([W.HTML(sections.STYLE), self.language, self.title, self.problems_note])

        # Observers first, then the first render through the same path as every later one.
        self.language.observe(self._on_language, names="value")
        self.date.observe(self._on_choice, names="value")
        self.carrier.observe(self._on_choice, names="value")
        for box in self.checks:
            box.observe(self._on_check, names="value")
        self.render()

    # ---- construction from a request -------------------------------------------------
    @classmethod
    def from_request(cls, **kwargs) -> Dashboard:
        """Read ``?date=&carrier=&lang=`` (waiting for the viewer when the kernel is preheated)."""
        try:
            from voila.utils import wait_for_request

            wait_for_request()
        except Exception:  # noqa: BLE001 - outside Voilà there is no request to wait for
            pass
        settings, problems = parse_query(os.environ.get("QUERY_STRING", ""))
        return cls(lang=settings.get("lang", "zh"), submitted=settings.get("date"),
                   carrier=settings.get("carrier", "china-mobile"), problems=problems, **kwargs)

    # ---- rendering -------------------------------------------------------------------
    def _date_options(self):
        return [(slider_label(day, self.lang), day) for day in self.days]

    def _carrier_options(self):
        return [(c.name(self.lang), c.id) for c in self.profiles.values()]

    @guarded
    def render(self) -> None:
        """Every text in the current language, then the timeline."""
        lang = self.lang
        self.title.value = f"<h1 style='font-size:1.6em;margin:0.3em 0'>{escape(t('app.title', lang))}</h1>"
        self.problems_note.value = "".join(
            f'<div class="cg-warn">{escape(p.message(lang))}</div>' for p in self.problems)
        for name in sections.SECTION_ORDER:
            self.html[name].value = sections.section_html(name, lang)
        self.html["precautions_advice"].value = f"<p>{escape(text(article()['precautions']['advice'], lang))}</p>"
        self.html["source"].value = f'<p class="cg-source">{escape(t("app.source", lang, source=text(article()["meta"]["source"], lang)))}</p>'
        for widget, entry in zip(self.checks, article()["process"]["checklist"]):
            widget.description = text(entry["text"], lang)
        self.sections["process"].children[1].value = f"<h3>{escape(t('app.checklist', lang))}</h3>"
        self.sections["timing"].children[1].value = f"<h3>{escape(t('app.timeline', lang))}</h3>"
        self.date.description = t("app.date", lang)
        self.carrier.description = t("app.carrier", lang)
        for accordion, items in ((self.precautions, article()["precautions"]["items"]),
                                 (self.faq, article()["faq"]["items"])):
            for child, item in zip(accordion.children, items):
                body = item.get("text") or item["answer"]
                child.value = f"<p style='line-height:1.7'>{escape(text(body, lang))}</p>"
            accordion.titles = tuple(text(i.get("title") or i["question"], lang) for i in items)
        self._update_checklist()
        self.redraw()

    @guarded
    def redraw(self) -> None:
        """Summary, notes and Gantt for the chosen day and carrier."""
        est = estimate(self.date.value, get_carrier(self.carrier.value, self.profiles))
        self.status.value = ""
        self.summary.value = f'<div class="cg-summary">{summary_html(est, self.lang)}</div>'
        self.notes.value = notes_html(est, self.lang)
        with self.chart:
            clear_output(wait=True)
            display(figure_bundle(est, self.lang), raw=True)

    def _update_checklist(self) -> None:
        done = sum(box.value for box in self.checks)
        message = t("app.checklist_done", self.lang, done=done, total=len(self.checks))
        if done == len(self.checks):
            message += " " + t("app.checklist_ready", self.lang)
        self.checklist_status.value = f"<p><b>{escape(message)}</b></p>"

    # ---- callbacks -------------------------------------------------------------------
    @guarded
    def _on_choice(self, change) -> None:
        self.redraw()

    @guarded
    def _on_check(self, change) -> None:
        self._update_checklist()

    @guarded
    def _on_language(self, change) -> None:
        self.lang = change["new"]
        day, carrier = self.date.value, self.carrier.value
        for slider, options, value in ((self.date, self._date_options(), day),
                                       (self.carrier, self._carrier_options(), carrier)):
            slider.unobserve(self._on_choice, names="value")
            slider.options = options  # resets the selection, so it is put back at once
            slider.value = value
            slider.observe(self._on_choice, names="value")
        self.render()

    # ---- display ---------------------------------------------------------------------
    @property
    def widget(self) -> W.VBox:
        return W.VBox([self.header, *self.sections.values()])

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def warm_up() -> None:
    """Build the calendar and draw one chart, so a preheated kernel has paid for its imports."""
    est = estimate(dt.date(2026, 9, 30), "china-mobile")
    figure_bundle(est, "zh")
    window_note(est, "zh")
