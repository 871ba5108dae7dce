"""Plain-data and text views of an ``Estimate``: the CLI's table and JSON."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from .article import checklist_items, context, holder_data, holder_notes, text
from .i18n import date_span, long_date, short_date, t, year_list
from .carriers import Carrier
from .deadline import Latest
from .schedule import SCENARIOS, Estimate, forwarding_days
from .workdays import notices_in


def as_dict(est: Estimate, lang: str = "zh") -> dict:
    """JSON-ready schedule: ISO dates and datetimes, labels in ``lang``."""
    carrier = est.carrier
    return {
        "submitted": est.submitted.isoformat(),
        "carrier": carrier_dict(carrier, lang),
        "remote": est.remote,
        "scenarios": {
            s.name: {
                "review_days": s.review_days,
                "forwarding_days": s.forwarding_days,
                "completion": s.completion.isoformat(),
                "stages": [
                    {
                        "key": st.key, "label": st.label(lang), "actor": st.actor,
                        "start": st.start.isoformat(), "end": st.end.isoformat(),
                        "days": [d.isoformat() for d in st.days],
                    }
                    for st in s.stages
                ],
            }
            for s in est.scenarios
        },
        "follow_up": est.follow_up.isoformat(),
        "provisional": est.provisional,
        "provisional_years": list(est.provisional_years),
    }


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def day_range(days, lang: str = "zh") -> str:
    return date_span(days[0], days[-1], lang)


def as_table(est: Estimate, lang: str = "zh", holder: str = "personal") -> str:
    """A human-readable schedule: one row per stage, one column per scenario; then what to
    check before applying for whoever holds the card (``holder``), and the follow-up."""
    carrier = est.carrier
    rows = [[t("cli.stage", lang)] + [t(f"scenario.{name}", lang) for name in SCENARIOS]]
    for index, stage in enumerate(est.best.stages):
        rows.append([stage.label(lang)] + [day_range(s.stages[index].days, lang) for s in est.scenarios])
    rows.append([t("cli.completion", lang)] + [short_date(s.completion, lang) for s in est.scenarios])
    widths = [max(_width(row[i]) for row in rows) + 2 for i in range(4)]
    rule = "-" * (sum(widths) - 2)
    lines = [
        t("cli.header", lang, carrier=carrier.name(lang), date=long_date(est.submitted, lang)),
        review_basis(carrier, lang),
        "",
        "".join(_pad(cell, w) for cell, w in zip(rows[0], widths)).rstrip(),
        rule,
    ]
    lines += ["".join(_pad(cell, w) for cell, w in zip(row, widths)).rstrip() for row in rows[1:-1]]
    lines += [rule, "".join(_pad(cell, w) for cell, w in zip(rows[-1], widths)).rstrip(), ""]
    lines += [*checklist_lines(holder, lang), ""]
    hotline = t("cli.hotline", lang, hotline=carrier.hotline) if carrier.hotline else ""
    lines.append(t("cli.follow_up", lang, date=long_date(est.follow_up, lang), hotline=hotline))
    if carrier.assumption:
        lines.append(t("cli.assumption", lang))
    lines += [note.text for note in notes(est, lang) if note.kind != "basis"]  # the basis heads the table
    return "\n".join(lines)


def checklist_lines(holder: str, lang: str = "zh") -> list[str]:
    """The checklist for whoever holds the card, what it rests on (each statement, then its
    source and date, indented), and that the timeline is the same for every holder."""
    heading = t("holder.cli_heading", lang, checklist=t("app.checklist", lang), holder=text(holder_data(holder)["heading"], lang))
    lines = [heading, *(t("holder.cli_item", lang, item=item) for item in checklist_items(lang, holder))]
    for statement, source in holder_notes(holder, lang):
        lines += [statement, f"  {source}"]
    return [*lines, t("holder.same_timeline", lang)]


@dataclass(frozen=True)
class Note:
    """One thing an answer rests on. ``kind``: ``basis`` (the review days and their source),
    ``remote`` (the forwarding assumption), ``provisional`` (years whose holiday notice is not
    out), ``notice`` (a year's notice, cited)."""

    kind: str
    text: str


def notes(answer: Estimate | Latest, lang: str = "zh") -> list[Note]:
    """The notes of an answer (a schedule or the latest day to submit), for every output: the
    CLI's tables, the calendar file, the page. Each output picks and words them its own way."""
    carrier = answer.carrier
    found = [Note("basis", review_basis(carrier, lang))]
    if answer.remote:
        found.append(Note("remote", remote_note_for(carrier, lang)))
    if answer.provisional:
        found.append(Note("provisional", t("cli.provisional", lang, years=year_list(answer.provisional_years, lang))))
    years = answer.years if isinstance(answer, Estimate) else range(min(answer.days).year, answer.deadline.year + 1)
    return found + [Note("notice", sentence) for sentence in notice_notes(years, lang)]


def notice_notes(years, lang: str = "zh") -> list[str]:
    """One sentence per operator's notice file among ``years``, citing the notice."""
    return [t("app.notice", lang, year=n.year, source=n.source) for n in notices_in(years)]


def carrier_dict(carrier: Carrier, lang: str = "zh") -> dict:
    return {"id": carrier.id, "name": carrier.name(lang), "hotline": carrier.hotline,
            "review_days": list(carrier.review_days), "assumption": carrier.assumption,
            "basis": carrier.basis, "source": carrier.source(lang)}


def latest_dict(latest: Latest, lang: str = "zh") -> dict:
    """JSON-ready answer to "done by …": the latest day to submit per scenario."""
    return {
        "deadline": latest.deadline.isoformat(),
        "carrier": carrier_dict(latest.carrier, lang),
        "remote": latest.remote,
        "latest": {name: day.isoformat() for name, day in zip(SCENARIOS, latest.days)},
        "provisional": latest.provisional,
    }


def latest_table(latest: Latest, lang: str = "zh", today: dt.date | None = None) -> str:
    """The deadline, the carrier, the latest day for each scenario, and the advice."""
    carrier = latest.carrier
    rows = [(t(f"scenario.{name}", lang), short_date(day, lang)) for name, day in zip(SCENARIOS, latest.days)]
    width = max(_width(label) for label, _ in rows) + 2
    lines = [
        t("cli.latest_header", lang, deadline=long_date(latest.deadline, lang), carrier=carrier.name(lang)),
        t("cli.latest_intro", lang),
        *(f"  {_pad(label, width)}{day}" for label, day in rows),
        "",
        t("cli.latest_advice", lang, day=short_date(latest.worst, lang)),
    ]
    if today is not None and latest.worst < today:
        lines.append(t("cli.latest_passed", lang, day=short_date(latest.worst, lang)))
    lines += [note.text for note in notes(latest, lang)]
    return "\n".join(lines)


def remote_note_for(carrier: Carrier, lang: str = "zh") -> str:
    remote = context()["remote"]
    if not carrier.remote_forwarding:
        return text(remote["note_no_forwarding"], lang).format(carrier=carrier.name(lang))
    best, typical, worst = forwarding_days(True, carrier)
    return text(remote["note"], lang).format(best=best, typical=typical, worst=worst)


def review_basis(carrier: Carrier, lang: str = "zh") -> str:
    """``审核按 1/2/3 个工作日（最快/典型/最慢）估算。依据：文章。…``: the numbers and their basis."""
    best, typical, worst = carrier.review_days
    return t("cli.review_basis", lang, best=best, typical=typical, worst=worst,
             basis=t(f"basis.{carrier.basis}", lang), source=carrier.source(lang)).rstrip()
