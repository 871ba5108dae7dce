"""The page's sentences about an estimate, as HTML: the answer, its notes, the share link, the
downloads. Pure functions of the estimate and the language (the module and the pages only place them), so
the wording tests read exactly what a viewer reads.
"""

from __future__ import annotations

import base64
import datetime as dt
from html import escape

import json

from .article import article, checklist_items, context, holder_notes, text
from .deadline import Latest
from .errors import CardguideError
from .export import filename
from .formats import DOWNLOADS
from .figures import gantt_spec
from .i18n import HTML_LANG, date_span, long_date, short_date, t, title_date, year_list
from .report import day_range, notes
from .schedule import SCENARIOS, Estimate, window_days
from .status import Status, status as status_of
from .workdays import china_calendar, is_provisional

#: No toolbar: a Gantt needs no zoom or pan, and its 22 px buttons are below a phone's 24 px targets.
PLOTLY_CONFIG = {"displaylogo": False, "showLink": False, "responsive": True, "displayModeBar": False}


def page_title(est: Estimate, lang: str) -> str:
    """The page's ``<title>`` for an answer: what the page is, the day and the carrier. A link
    pasted into WeChat shows this and the address, nothing else."""
    return t("reader.page_title", lang, date=title_date(est.submitted, lang), carrier=est.carrier.name(lang))


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
    """The answer: when it is expected done, and when to follow up."""
    carrier = est.carrier
    hotline = t("app.hotline", lang, hotline=escape(carrier.hotline)) if carrier.hotline else ""
    return t(
        "app.summary", lang, date=long_date(est.submitted, lang), carrier=escape(carrier.phrase(lang)),
        best=long_date(est.best.completion, lang), worst=long_date(est.worst.completion, lang),
        follow_up=long_date(est.follow_up, lang), hotline=hotline, window=window_note(est, lang),
    )


def _days_off_items(runs, lang: str) -> str:
    """Runs of days off in words: a holiday by its name, a weekend, or plain days off."""
    cal, items = china_calendar(), []
    for run in runs:
        whole = list(run)  # named as its whole run of days off is (the Gantt, the bundle), not by the part shown
        while whole[-1] < cal.last and not cal.is_working_day(whole[-1] + dt.timedelta(days=1)):
            whole.append(whole[-1] + dt.timedelta(days=1))
        name, days = cal.holiday_of(whole, lang), date_span(run[0], run[-1], lang)
        if name:
            items.append(t("app.holiday_item", lang, name=name, days=days, mark=""))
        elif all(d.weekday() >= 5 for d in run):
            items.append(t("status.weekend_item", lang, days=days))
        else:
            items.append(t("status.off_item", lang, days=days))
    return t("app.list_sep", lang).join(items)


def status_lines(st: Status, lang: str = "zh") -> list[str]:
    """Where a request submitted before today stands, as plain sentences (the CLI prints them;
    ``status_html`` places them); none when the chosen day is today or later (a plan)."""
    if not st.is_past:
        return []
    est, carrier = st.estimate, st.estimate.carrier
    hotline = t("app.hotline", lang, hotline=carrier.hotline) if carrier.hotline else ""
    today, worst = long_date(st.today, lang), long_date(st.done_latest, lang)
    if st.phase == "waiting":
        head = t("status.waiting", lang, today=today)
    elif st.phase == "in-progress":
        working = china_calendar().is_working_day(st.today)
        count = t("status.count_today" if working else "status.count_off", lang, k=st.working_day, of=st.of)
        head = t("status.in_progress", lang, today=today, count=count)
    elif st.phase == "may-be-done":
        head = t("status.may_be_done", lang, today=today)
    else:
        head = t("status.late", lang, today=today, worst=worst)
    lines = [head, t("status.submitted", lang, date=long_date(est.submitted, lang), carrier=carrier.phrase(lang),
                     day1=long_date(st.day1, lang), best=long_date(st.done_earliest, lang), worst=worst)]
    if st.days_off_passed and st.phase != "late":  # late: what to do matters, not the weekends gone by
        lines.append(t("status.passed", lang, items=_days_off_items(st.days_off_passed, lang)))
    if st.days_off_ahead:
        lines.append(t("status.ahead", lang, items=_days_off_items(st.days_off_ahead, lang)))
    if st.phase == "may-be-done":
        verify = next(i for i in article()["faq"]["items"] if i["id"] == "verify")
        lines += [t("status.check", lang, verify=text(verify["answer"], lang)), t("status.one_id", lang),
                  t("status.follow_up", lang, follow_up=long_date(st.follow_up, lang), hotline=hotline),
                  t("status.after", lang)]
    elif st.phase == "late":
        source = text(context()["appeal"]["source"], lang)
        lines += [t("status.act_now", lang, carrier=carrier.name(lang), hotline=hotline),
                  t("status.appeal", lang, appeal=long_date(st.appeal_from, lang)),
                  t("status.appeal_basis", lang, source=source)]
    return lines


def status_html(st: Status, lang: str = "zh") -> str:
    """``status_lines`` as the answer's opening block: the phase in bold, then the rest."""
    lines = status_lines(st, lang)
    if not lines:
        return ""
    rest = "".join(f"<p>{escape(line)}</p>" for line in lines[1:])
    return (f'<div class="cg-standing" data-phase="{st.phase}"><p class="cg-standing-head"><strong>'
            f'{escape(lines[0])}</strong></p>{rest}</div>')


def notes_html(est: Estimate, lang: str = "zh") -> str:
    """What the answer rests on (``report.notes``): the article's range and this carrier's
    basis, the remote assumption, the notices; a provisional calendar first, as a warning."""
    carrier, parts = est.carrier, []
    for note in notes(est, lang):
        if note.kind == "basis":
            parts.append(f'<div class="cg-note">{t("app.assumption_note", lang)}<br>'
                         + escape(t("app.carrier_basis", lang, carrier=carrier.name(lang), basis=note.text)) + "</div>")
        elif note.kind == "provisional":
            years = year_list(est.provisional_years, lang)
            parts.insert(0, f'<div class="cg-warn">{t("app.provisional", lang, years=years)}</div>')
        else:
            parts.append(f'<div class="cg-note">{escape(note.text)}</div>')
    return "".join(parts)


def stages_table_html(est: Estimate, lang: str = "zh", now: str | None = None) -> str:
    """The Gantt's text alternative: each stage's days per scenario, then the completion and
    the follow-up, as a table (the module shows it in a ``<details>`` under the chart)."""
    title = t("figure.title", lang, carrier=est.carrier.name(lang), date=short_date(est.submitted, lang))
    head = "".join(f'<th scope="col">{escape(t(f"scenario.{name}", lang))}</th>' for name in SCENARIOS)
    rows = []
    for index, stage in enumerate(est.best.stages):
        cells = "".join(f"<td>{escape(day_range(s.stages[index].days, lang))}</td>" for s in est.scenarios)
        if stage.key == now:  # the stage under way today (``Status.stage_now``), said in words, not colour only
            mark = f' <strong class="cg-now-mark">{escape(t("status.stage_now", lang))}</strong>'
            rows.append(f'<tr class="cg-now"><th scope="row">{escape(stage.label(lang))}{mark}</th>{cells}</tr>')
        else:
            rows.append(f'<tr><th scope="row">{escape(stage.label(lang))}</th>{cells}</tr>')
    done = "".join(f"<td>{escape(short_date(s.completion, lang))}</td>" for s in est.scenarios)
    rows.append(f'<tr><th scope="row">{escape(t("cli.completion", lang))}</th>{done}</tr>')
    follow = f'<td colspan="{len(SCENARIOS)}">{escape(short_date(est.follow_up, lang))}</td>'
    rows.append(f'<tr><th scope="row">{escape(t("figure.follow_up", lang))}</th>{follow}</tr>')
    return (f'<table><caption>{escape(t("figure.table_caption", lang, title=title))}</caption>'
            f'<thead><tr><th scope="col">{escape(t("figure.table_stage", lang))}</th>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def downloads_html(est: Estimate, lang: str, deadline: dt.date | None = None, holder: str = "personal") -> str:
    """Links carrying the files in data: URLs, so a download needs no server route; one per
    downloadable format (``formats.DOWNLOADS``)."""
    links = "".join(
        f'<a class="cg-{f.name}" download="{filename(est, f.name)}" href="data:{f.media_type};base64,'
        f'{base64.b64encode(f.file(est, lang, deadline, holder)).decode("ascii")}">↓ {escape(t(f.download, lang))}</a>'
        for f in DOWNLOADS)
    return f'<div class="cg-links"><b>{escape(t("controls.downloads", lang))}</b><br>{links}</div>'


def deadline_html(latest: Latest | CardguideError | None, lang: str, today: dt.date | None = None) -> str:
    """The answer to "done by …": the latest day to submit, typical and safe, or why there is none
    (``Plan.latest``)."""
    if isinstance(latest, CardguideError):
        return warning_html(latest.message(lang))
    if latest is None:
        return ""
    sentence = t("deadline.sentence", lang, deadline=long_date(latest.deadline, lang),
                 carrier=escape(latest.carrier.name(lang)), phrase=escape(latest.carrier.phrase(lang)), typical=f"<b>{short_date(latest.typical, lang)}</b>",
                 worst=f"<b>{short_date(latest.worst, lang)}</b>")
    parts = [f'<p class="cg-deadline-answer">{sentence}</p>']
    if today is not None and latest.worst < today:
        parts.append(warning_html(t("deadline.passed", lang, worst=short_date(latest.worst, lang))))
    parts += [warning_html(note.text) for note in notes(latest, lang) if note.kind == "provisional"]
    return "".join(parts)


def checklist_html(holder: str, lang: str = "zh") -> str:
    """The checklist for whoever holds the card, as list items: the reader's page with scripts
    off (``site.py``); the module writes the same (``timeline.checklistHtml``)."""
    return "".join(f"<li>{escape(item)}</li>" for item in checklist_items(lang, holder))


def holder_notes_html(holder: str, lang: str = "zh") -> str:
    """What the holder's checklist rests on, each statement with its source and date, and that
    the timeline does not change with the holder."""
    notes = "".join(f'<p class="cg-holder-note">{escape(statement)}<br><small class="cg-source">{escape(source)}</small></p>'
                    for statement, source in holder_notes(holder, lang))
    return f'<div class="cg-holder-notes">{notes}</div>'


def chart_figure(est: Estimate, lang: str) -> dict:
    """The Gantt for ``PlotlyChart``: Plotly JSON plus the toolbar settings."""
    return {**gantt_spec(est, lang), "config": PLOTLY_CONFIG}


def warning_html(message: str) -> str:
    return f'<div class="cg-warn">{escape(message)}</div>'


def error_html(error: CardguideError | None, lang: str) -> str:
    """A bad choice, said plainly; nothing when there is none."""
    return warning_html(t("app.error", lang, message=error.message(lang))) if error else ""


def translatable(key: str, lang: str, **fields) -> str:
    """A word the module may redraw in another language: its key and fields go with it."""
    data = f' data-f="{escape(json.dumps(fields))}"' if fields else ""
    return f'<span data-t="{key}"{data}>{escape(t(key, lang, **fields))}</span>'


def standing_html(est: Estimate, today: dt.date | None, lang: str) -> str:
    """Where the chosen day's request stands on ``today``, when that day is past (else nothing;
    nothing either for a today outside the calendar, which the coverage note says)."""
    if today is None or not est.submitted < today:
        return ""
    try:
        return status_html(status_of(est, today), lang)
    except CardguideError:
        return ""


def early_date_html(est: Estimate, span: tuple[dt.date, dt.date], lang: str) -> str:
    """The date slider in the page's HTML, at the answer's day: a reader can press it before the
    module has run (a phone's first second), and the module, mounting, moves its own day by as
    many steps (the value less the ``value`` attribute) instead of losing the press. It sits
    above the answer (``.cg-when``), so an answer that grows as the module replaces it (the
    static page's HTML answers for its build day, the module for the link's) moves nothing under
    the finger. The module's own slider replaces it; without scripts it is hidden (reader.css) and
    the noscript line says why."""
    first, last = span
    day = escape(long_date(est.submitted, lang))
    return (f'<div class="cg-field cg-early"><label for="cg-date">{escape(t("app.date", lang))}</label>'
            f'<input id="cg-date" class="cg-date" type="range" min="0" max="{(last - first).days}" step="1" '
            f'value="{(est.submitted - first).days}" aria-valuetext="{day}">'
            f'<output class="cg-date-out" for="cg-date">{day}</output></div>')


def skeleton_html(lang: str, *, est=None, note: str = "", holder: str = "personal", status: bool = False,
                  static: str = "", article_body: str = "", today: dt.date | None = None,
                  span: tuple[dt.date, dt.date] | None = None) -> str:
    """Inside the module's root: the title, the languages, the parts the module fills (each
    named by its class) and, with ``est``, its answer in HTML before any script (with ``span``,
    the slider's first and last day, the date slider too: ``early_date_html``). Without ``est``
    it is the bundle's ``skeleton``, what the module draws in a kernel host's widget box."""
    title = text(article()["meta"]["title"], lang)
    langs = "".join(f'<a href="?lang={code}" data-lang="{code}" lang="{HTML_LANG[code]}" '
                    f'aria-current="{str(code == lang).lower()}">{escape(t(f"language.{code}", code))}</a>'
                    for code in ("zh", "en"))
    top = (f'<div class="cg-top"><h1 id="cg-title" class="cg-title">{escape(title)}</h1><nav class="cg-langs" '
           f'aria-label="{escape(t("app.language", lang))}">{langs}</nav></div>')
    answer = (standing_html(est, today, lang) + summary_html(est, lang) + static) if est is not None else ""
    notes = notes_html(est, lang) if est is not None else ""
    return f"""{top}{'<div class="cg-status" role="status"></div>' if status else ""}{note}
<section aria-labelledby="cg-timeline">
<h2 id="cg-timeline">{translatable("app.timeline", lang)}</h2>
<div class="cg-when">{early_date_html(est, span, lang) if est is not None and span else ""}</div>
<div class="cg-answer" aria-live="polite">{answer}</div>
<div class="cg-notes">{notes}</div>
<div class="cg-problems" role="status"></div>
<div class="cg-controls"><noscript><p class="cg-warn">{escape(t("reader.needs_scripts", lang))}</p></noscript></div>
<div class="cg-chart"></div>
<div class="cg-table"></div>
<h3>{translatable("app.checklist", lang)}</h3>
<div class="cg-holder-box"></div>
<p class="cg-small cg-holder-same">{translatable("holder.same_timeline", lang)}</p>
<ul class="cg-checklist">{checklist_html(holder, lang)}</ul>
<div class="cg-holder-why">{holder_notes_html(holder, lang)}</div>
<div class="cg-share"></div>
<div class="cg-downloads"></div>
<div class="cg-year"></div>
</section>
<div class="cg-article">{article_body}</div>"""
