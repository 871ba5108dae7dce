"""The parts of the page, one small class each. A view owns its widgets, observes the plan
and changes it only through the plan's traits and methods; no view reaches into another.

A widget set from code fires its observers like a viewer's change would; every handler here
compares with the plan first and does nothing when the plan already holds that value, so no
"quiet" flag is needed. Every handler is guarded: bad input becomes ``plan.notice``, anything
else is logged and the viewer is asked to reload, never shown a traceback.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from html import escape

import ipywidgets as W

from . import sections
from . import texts
from .article import article, checklist_entries, checklist_items, context, holder_data, holders, text
from .carriers import MAX_REVIEW_DAYS
from .deadline import Latest
from .errors import CardguideError, ProfileError
from .figures import year_cells
from .i18n import HTML_LANG, short_date, slider_label, t
from .plan import LANGS, Plan, parse_query
from .texts import (chart_figure, deadline_html, downloads_html, error_html, notes_html, page_title, stages_table_html,
                    summary_html, warning_html)
from .widgets import (ChoiceSlider, Disclosure, Heartbeat, LiveHTML, PageMeta, PlotlyChart, RadioGroup, ShareLink,
                      YearHeatmap)
from .yeargrid import window_grid

log = logging.getLogger("cardguide.views")


def guarded(handler):
    """Bad input shows a note (``plan.notice``); anything else, a reload message."""

    @functools.wraps(handler)
    def wrapper(self, *args, **kwargs):
        try:
            return handler(self, *args, **kwargs)
        except CardguideError as exc:
            self.plan.notice = exc
        except Exception:  # noqa: BLE001 - a viewer must never see a traceback
            log.exception("dashboard handler failed")
            self.plan.notice = CardguideError(t("app.failure", "zh"), t("app.failure", "en"))

    return wrapper


class View:
    """A part of the page: ``widget`` is built once; ``plan`` is the one model it observes."""

    widget: W.Widget

    def __init__(self, plan: Plan):
        self.plan = plan


class HeaderView(View):
    """The page's style, the language switch, the title, notes about the link's parameters,
    and the heartbeat that asks the viewer to reload when the kernel is gone."""

    def __init__(self, plan: Plan):
        super().__init__(plan)
        self.language = W.ToggleButtons(options=[(t(f"language.{lang}"), lang) for lang in LANGS],
                                        value=plan.lang, style={"button_width": "6em"})
        self.language.add_class("cg-language")
        self.title = W.HTML()
        self.problems = W.HTML()
        self.heartbeat = Heartbeat(on_apply=self._apply_link)
        self.meta = PageMeta()
        self.widget = W.VBox([W.HTML(sections.style_html()), self.meta, self.heartbeat, self.language, self.title,
                              self.problems])
        self.language.observe(self._on_language, names="value")
        plan.observe(self.render, names=["lang", "problems", "today_note", "estimate"])
        self.render()

    @guarded
    def _on_language(self, change) -> None:
        self.plan.lang = change["new"]

    @guarded
    def _apply_link(self, query: str) -> None:
        """The reader's choice from the page's module, as a link's query string, in full: what
        the link leaves out (no remote, no own days, no deadline) is the choice too."""
        settings, problems = parse_query(query)
        carrier = settings.get("carrier", self.plan.carrier_id)
        if "review" not in settings:
            self.plan.own_review_days = {k: v for k, v in self.plan.own_review_days.items() if k != carrier}
        self.plan.apply({"remote": False, "by": None, "holder": holders()[0], **settings}, problems)

    def render(self, change=None) -> None:
        lang = self.plan.lang
        self.language.value = lang
        title = text(article()["meta"]["title"], lang)
        self.title.value = f"<h1 class='cg-title'>{escape(title)}</h1>"
        # the day and carrier, as the first paint's title said: all WeChat shows of a shared page
        self.meta.title = page_title(self.plan.estimate, lang) if self.plan.estimate else title
        self.meta.label = title
        self.meta.nav_label = t("app.language", lang)
        self.meta.lang = HTML_LANG[lang]
        self.heartbeat.message = t("connection.lost", lang)
        notes = [self.plan.today_note, *self.plan.problems] if self.plan.today_note else self.plan.problems
        self.problems.value = "".join(warning_html(p.message(lang)) for p in notes)


class SectionView(View):
    """One of the article's sections as text (HTML), in the page's language."""

    def __init__(self, plan: Plan, section: str):
        super().__init__(plan)
        self.section = section
        self.widget = W.HTML()
        plan.observe(self.render, names="lang")
        self.render()

    def render(self, change=None) -> None:
        if self.section == "context":
            self.widget.value = sections.context_html(self.plan.lang)
        else:
            self.widget.value = sections.section_html(self.section, self.plan.lang)


class ItemsView(View):
    """The precautions or the FAQ: the article's items as native ``<details>`` (a keyboard
    opens them with Enter, a screen reader hears expanded/collapsed), then a closing line."""

    def __init__(self, plan: Plan, section: str):
        super().__init__(plan)
        self.section = section
        self.items = article()[section]["items"]
        self.list = W.HTML()
        self.list.add_class(f"cg-{section}-items")
        self.closing = W.HTML()
        self.widget = W.VBox([SectionView(plan, section).widget, self.list, self.closing])
        plan.observe(self.render, names="lang")
        self.render()

    def render(self, change=None) -> None:
        lang = self.plan.lang
        self.list.value = "".join(
            f'<details class="cg-item"><summary>{escape(text(item.get("title") or item["question"], lang))}</summary>'
            f'<p>{escape(text(item.get("text") or item["answer"], lang))}</p></details>' for item in self.items)
        if self.section == "precautions":
            closing = f"<p>{escape(text(article()['precautions']['advice'], lang))}</p>"
        else:
            source = t("app.source", lang, source=text(article()["meta"]["source"], lang))
            # the same answer without a kernel, served beside the app (site.py, voila_adapter.app)
            closing = (f'<p class="cg-source">{escape(source)}</p>'
                       f'<p><a class="cg-reader-link" href="reader/">{escape(t("reader.reader_page", lang))}</a></p>')
        self.closing.value = closing


class ChecklistView(View):
    """What to check before applying, for whoever holds the card (the choice above the list);
    the ticks are the viewer's, counted as they go, and an item two holders share keeps its
    tick. Below the list, what it rests on, each statement with its source and date."""

    def __init__(self, plan: Plan):
        super().__init__(plan)
        self.heading = W.HTML()
        self.holder = RadioGroup(values=list(holders()), value=plan.holder)
        self.holder.add_class("cg-holder")
        self.same = W.HTML()
        self._boxes: dict[str, W.Checkbox] = {}
        self.checks: list[W.Checkbox] = []
        self.list = W.VBox()
        self.status = W.HTML()
        self.notes = W.HTML()
        self.notes.add_class("cg-holder-notes")
        self.widget = W.VBox([self.heading, self.holder, self.same, self.list, self.status, self.notes])
        self.widget.add_class("cg-checklist")
        self.holder.observe(self._on_holder, names="value")
        plan.observe(self.render, names=["lang", "holder"])
        self.render()

    @guarded
    def _on_holder(self, change) -> None:
        if change["new"] != self.plan.holder:
            self.plan.holder = change["new"]

    def _box(self, key: str) -> W.Checkbox:
        if key not in self._boxes:
            box = W.Checkbox(value=False, indent=False, layout=W.Layout(width="auto"))
            box.observe(self._count, names="value")
            self._boxes[key] = box
        return self._boxes[key]

    def render(self, change=None) -> None:
        lang, holder = self.plan.lang, self.plan.holder
        self.heading.value = f"<h3>{escape(t('app.checklist', lang))}</h3>"
        with self.holder.hold_sync():
            self.holder.legend = t("holder.legend", lang)
            self.holder.labels = [text(holder_data(h)["option"], lang) for h in holders()]
            self.holder.value = holder
        self.same.value = f'<p><small>{escape(t("holder.same_timeline", lang))}</small></p>'
        self.checks = [self._box(item["id"]) for item in checklist_entries(holder)]
        for box, label in zip(self.checks, checklist_items(lang, holder)):
            box.description = label
        self.list.children = self.checks
        self.notes.value = texts.holder_notes_html(holder, lang)
        self._count()

    def _count(self, change=None) -> None:
        lang = self.plan.lang
        done = sum(box.value for box in self.checks)
        message = t("app.checklist_done", lang, done=done, total=len(self.checks))
        if done == len(self.checks):
            message += " " + t("app.checklist_ready", lang)
        self.status.value = f"<p><b>{escape(message)}</b></p>"


class ControlsView(View):
    """The timeline's controls: the submission-date slider and picker, the carrier slider,
    and the option of cancelling outside the home province."""

    def __init__(self, plan: Plan):
        super().__init__(plan)
        self.heading = W.HTML()
        self.date = ChoiceSlider(options=self._date_options(), value=plan.submitted, layout=W.Layout(width="100%"))
        self.picker = W.DatePicker(value=plan.submitted, min=plan.first_day, max=plan.last_day,
                                   style={"description_width": "6em"})
        self.carrier = ChoiceSlider(options=self._carrier_options(), value=plan.carrier_id,
                                    layout=W.Layout(width="100%", max_width="44em"))
        self.remote = W.Checkbox(value=plan.remote, indent=False, layout=W.Layout(width="auto"))
        for widget, name in ((self.date, "cg-date-slider"), (self.picker, "cg-date-picker"),
                             (self.carrier, "cg-carrier-slider"), (self.remote, "cg-remote")):
            widget.add_class(name)
        self.widget = W.VBox([self.heading, self.date, self.picker, self.carrier, self.remote])

        self.date.observe(self._on_day, names="value")
        self.picker.observe(self._on_day, names="value")
        self.carrier.observe(self._on_carrier, names="value")
        self.remote.observe(self._on_remote, names="value")
        plan.observe(self._show_choice, names=["submitted", "carrier_id", "remote"])
        plan.observe(self._show_range, names=["first_day", "last_day"])
        plan.observe(self.render, names="lang")
        self.render()

    def _date_options(self):
        return [(slider_label(day, self.plan.lang), day) for day in self.plan.days]

    def _carrier_options(self):
        return [(c.name(self.plan.lang), c.id) for c in self.plan.profiles.values()]

    # viewer -> plan
    @guarded
    def _on_day(self, change) -> None:
        """The date slider or the date picker (which may be emptied: nothing to do)."""
        if isinstance(change["new"], dt.date) and change["new"] != self.plan.submitted:
            self.plan.submitted = change["new"]

    @guarded
    def _on_carrier(self, change) -> None:
        if change["new"] is not None and change["new"] != self.plan.carrier_id:
            self.plan.carrier_id = change["new"]

    @guarded
    def _on_remote(self, change) -> None:
        self.plan.remote = bool(change["new"])

    # plan -> widgets
    def _show_choice(self, change=None) -> None:
        self.date.value = self.plan.submitted
        self.picker.value = self.plan.submitted
        self.carrier.value = self.plan.carrier_id
        self.remote.value = self.plan.remote

    def _show_range(self, change=None) -> None:
        self.date.options = self._date_options()
        self.picker.min, self.picker.max = self.plan.first_day, self.plan.last_day

    def render(self, change=None) -> None:
        lang = self.plan.lang
        self.heading.value = f"<h2>{escape(t('app.timeline', lang))}</h2>"
        self.date.options = self._date_options()
        self.carrier.options = self._carrier_options()
        self.date.description = t("app.date", lang)
        self.picker.description = t("controls.choose_day", lang)
        self.carrier.description = t("app.carrier", lang)
        self.remote.description = text(context()["remote"]["option"], lang)


class AssumptionsView(View):
    """The viewer's own review days for the selected carrier, validated, with a reset."""

    NAMES = ("best", "typical", "worst")

    def __init__(self, plan: Plan):
        super().__init__(plan)
        self.help = W.HTML()
        self.fields = [W.Text(continuous_update=False, layout=W.Layout(width="9em"),
                              style={"description_width": "3.5em"}) for _ in self.NAMES]
        for name, field in zip(self.NAMES, self.fields):
            field.add_class(f"cg-review-{name}")
        self.reset = W.Button(layout=W.Layout(width="auto"))
        self.reset.add_class("cg-reset")
        self.status = W.HTML()
        self.status.add_class("cg-assumption-status")
        self.heading = W.HTML()
        fields = W.HBox([*self.fields, self.reset], layout=W.Layout(flex_flow="row wrap"))
        self.widget = W.VBox([self.heading, self.help, fields, self.status])
        self.widget.add_class("cg-assumptions")
        for field in self.fields:
            field.observe(self._on_field, names="value")
        self.reset.on_click(self._on_reset)
        plan.observe(self._show, names=["carrier_id", "own_review_days"])
        plan.observe(self.render, names="lang")
        self.render()

    @guarded
    def _on_field(self, change) -> None:
        index = self.fields.index(change["owner"])
        if change["new"] == str(self.plan.carrier.review_days[index]):
            return  # the plan's own value: set by _show, or an edit that changes nothing
        try:
            self.plan.set_review_days([field.value for field in self.fields])
        except ProfileError as exc:
            self.status.value = warning_html(exc.message(self.plan.lang))

    @guarded
    def _on_reset(self, button) -> None:
        self.plan.reset_review_days()
        self._show()

    def _show(self, change=None) -> None:
        for field, value in zip(self.fields, self.plan.carrier.review_days):
            field.value = str(value)
        profile, lang = self.plan.profile, self.plan.lang
        if self.plan.has_own_review_days:
            self.status.value = "<small>" + escape(t(
                "controls.assumptions_own", lang, carrier=profile.name(lang),
                original="/".join(map(str, profile.review_days)))) + "</small>"
        else:
            self.status.value = ""

    def render(self, change=None) -> None:
        lang = self.plan.lang
        for name, field in zip(self.NAMES, self.fields):
            field.description = t(f"scenario.{name}", lang)
        self.reset.description = t("controls.reset", lang)
        self.heading.value = f"<h3>{escape(t('controls.assumptions', lang))}</h3>"
        self.help.value = f"<small>{escape(t('controls.assumptions_help', lang, bound=MAX_REVIEW_DAYS))}</small>"
        self._show()


class DeadlineView(View):
    """Planning backwards: "it must be done by …" gives the latest day to submit (typical and
    safe), and a button that moves the submission to the safe day."""

    def __init__(self, plan: Plan):
        super().__init__(plan)
        self.heading = W.HTML()
        self.picker = W.DatePicker(value=plan.deadline, style={"description_width": "6em"})
        self.picker.add_class("cg-deadline")
        self.clear = W.Button(layout=W.Layout(width="auto"))
        self.clear.add_class("cg-deadline-clear")
        self.answer = W.HTML()
        self.answer.add_class("cg-deadline-answer-widget")
        self.move = W.Button(layout=W.Layout(width="auto"))
        self.move.add_class("cg-deadline-move")
        self.widget = W.VBox([self.heading, W.HBox([self.picker, self.clear]), self.answer, self.move])
        self.picker.observe(self._on_pick, names="value")
        self.clear.on_click(self._on_clear)
        self.move.on_click(self._on_move)
        plan.observe(self.render, names=["latest", "lang"])
        plan.observe(self._show_deadline, names="deadline")
        self.render()

    @guarded
    def _on_pick(self, change) -> None:
        new = change["new"]
        if new != self.plan.deadline and (new is None or isinstance(new, dt.date)):
            self.plan.deadline = new

    @guarded
    def _on_clear(self, button) -> None:
        self.plan.deadline = None

    @guarded
    def _on_move(self, button) -> None:
        self.plan.submit_by_deadline()

    def _show_deadline(self, change=None) -> None:
        self.picker.value = self.plan.deadline

    def render(self, change=None) -> None:
        plan, lang = self.plan, self.plan.lang
        self.heading.value = (f"<h3>{escape(t('deadline.heading', lang))}</h3>"
                              f"<p><small>{escape(t('deadline.help', lang))}</small></p>")
        self.picker.description = t("deadline.label", lang)
        self.clear.description = t("deadline.clear", lang)
        self.answer.value = deadline_html(plan.latest, lang, plan.today)
        found = isinstance(plan.latest, Latest)
        if found:
            self.move.description = t("deadline.button", lang, worst=short_date(plan.latest.worst, lang))
        else:
            self.move.description = t("deadline.button_idle", lang)
        self.move.disabled = not found
        self.move.layout.display = None if found else "none"


class AnswerView(View):
    """The answer: the Gantt, then the sentence and the notes it rests on. The chart is drawn
    first in every redraw: it is what a viewer watches after moving a slider."""

    def __init__(self, plan: Plan):
        super().__init__(plan)
        self.status = W.HTML()
        self.summary = LiveHTML()
        self.summary.add_class("cg-summary-widget")
        self.notes = W.HTML()
        self.chart = PlotlyChart(layout=W.Layout(width="100%"))  # its height: reserve.css
        self.chart.add_class("cg-chart")
        self.table = Disclosure(css_class="cg-stage-table")
        self.table.add_class("cg-stage-table-widget")
        self.widget = W.VBox([self.status, self.summary, self.notes, self.chart, self.table])
        plan.observe(self.render, names=["estimate", "lang"])
        plan.observe(self._show_notice, names="notice")
        self.render()

    def render(self, change=None) -> None:
        est, lang = self.plan.estimate, self.plan.lang
        self.chart.figure = chart_figure(est, lang)
        self.plan.notice = None
        self.summary.value = f'<div class="cg-summary">{summary_html(est, lang)}</div>'
        self.notes.value = notes_html(est, lang)
        with self.table.hold_sync():
            self.table.summary = t("figure.table_toggle", lang)
            self.table.value = stages_table_html(est, lang)

    def _show_notice(self, change=None) -> None:
        self.status.value = error_html(self.plan.notice, self.plan.lang)


class TakeAwayView(View):
    """The plan to take away: the link to share and the .ics / .csv downloads."""

    def __init__(self, plan: Plan):
        super().__init__(plan)
        self.share = ShareLink()
        self.share.add_class("cg-share-widget")
        self.downloads = W.HTML()
        self.downloads.add_class("cg-downloads")
        self.widget = W.VBox([self.share, self.downloads])
        plan.observe(self.render, names=["estimate", "lang", "deadline", "holder"])
        self.render()

    def render(self, change=None) -> None:
        est, lang = self.plan.estimate, self.plan.lang
        with self.share.hold_sync():
            self.share.query = self.plan.share_query()
            self.share.label = t("controls.share_label", lang)
            self.share.hint = t("controls.share_hint", lang)
            self.share.copy = t("controls.copy", lang)
            self.share.copied = t("controls.copied", lang)
        self.downloads.value = downloads_html(est, lang, self.plan.deadline, self.plan.holder)


class YearView(View):
    """"When is the best day to submit?": twelve months of submission days from today's month
    (or the chosen day's own window); a click chooses one. A deadline marks its day and hatches
    the days that would finish after it."""

    def __init__(self, plan: Plan):
        super().__init__(plan)
        self.heading = W.HTML()
        self.heatmap = YearHeatmap(layout=W.Layout(width="100%"))
        self.heatmap.add_class("cg-year")
        self.widget = W.VBox([self.heading, self.heatmap])
        self._drawn = None  # what the cells were drawn for: (window, carrier, remote, lang, deadline)
        self.heatmap.observe(self._on_select, names="selected")
        plan.observe(self.render, names=["estimate", "lang", "deadline"])
        self.render()

    @guarded
    def _on_select(self, change) -> None:
        chosen = change["new"]
        if chosen == self.plan.submitted.isoformat():
            return
        try:
            self.plan.choose_day(chosen)
        finally:  # a bad day from the page leaves the mark on the plan's day
            self.heatmap.selected = self.plan.submitted.isoformat()

    def render(self, change=None) -> None:
        est, lang, deadline = self.plan.estimate, self.plan.lang, self.plan.deadline
        self.heading.value = f"<h3>{escape(t('year.heading', lang))}</h3>"
        shown = self._drawn[0] if self._drawn else None
        # A day inside the twelve months on show keeps them (a click never moves the view).
        window = shown if shown and shown[0] <= est.submitted <= shown[1] else self.plan.year_window
        key = (window, est.carrier, est.remote, lang, deadline)
        if key != self._drawn:  # new cells only for a new window, profile, option, language or deadline
            grid = window_grid(*window, est.carrier, remote=est.remote)
            self.heatmap.spec = year_cells(grid, lang, deadline=deadline)
            self._drawn = key
        self.heatmap.selected = est.submitted.isoformat()
