"""Take the plan with you: an iCalendar file (``icalendar``) and a CSV of the stages."""

from __future__ import annotations

import csv
import datetime as dt
import io

import icalendar

from .article import checklist_items, context, text
from .deadline import latest_submission
from .i18n import long_date, t
from .report import notes
from .schedule import Estimate
from .workdays import ONE_DAY

PRODID = "-//cardguide//telemarketing card cancellation planner//ZH"
#: The follow-up reminder rings at 9:00 on its day, when carriers' halls open.
REMINDER = dt.timedelta(hours=9)


def _reminded(event, description: str):
    """``event`` with a reminder at ``REMINDER`` on its day (the follow-up, the appeal)."""
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", description)
    alarm.add("trigger", REMINDER)
    event.add_component(alarm)
    return event


def _event(uid: str, summary: str, description: str, first: dt.date, last: dt.date,
           stamp: dt.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("description", description)
    event.add("dtstart", first)
    event.add("dtend", last + ONE_DAY)  # all-day events end the day after (RFC 5545)
    event.add("transp", "TRANSPARENT")
    return event


def _notes(est: Estimate, lang: str) -> str:
    return "\n".join(note.text for note in notes(est, lang) if note.kind != "notice")


def to_ics(est: Estimate, lang: str = "zh", *, stamp: dt.datetime | None = None,
           deadline: dt.date | None = None, holder: str = "personal", today: dt.date | None = None) -> bytes:
    """Three events: the submission (with the checklist for whoever holds the card), the
    completion window, and a follow-up reminder; a fourth, all day, for the viewer's deadline
    when they set one; and when the request is late on ``today`` (``status``), the first day the
    regulator can be asked, for a complaint made today, with a reminder."""
    carrier, name = est.carrier, est.carrier.name(lang)
    stamp = stamp or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    hotline = t("plan.hotline", lang, hotline=carrier.hotline) if carrier.hotline else ""
    key = f"{est.submitted.isoformat()}-{carrier.id}{'-remote' if est.remote else ''}"
    items = checklist_items(lang, holder)
    if lang == "en":  # items within a sentence: "Before you go: materials ready (…); …"
        items = [item[:1].lower() + item[1:] for item in items]
    checklist = t("app.list_sep", lang).join(items)

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", t("plan.calendar_name", lang, carrier=name))
    cal.add_component(_event(
        f"submit-{key}@cardguide", t("plan.submit", lang, carrier=name, phrase=carrier.phrase(lang)),
        t("plan.submit_body", lang, checklist=checklist, hotline=hotline).rstrip(),  # no hotline: no trailing space
        est.submitted, est.submitted, stamp))
    cal.add_component(_event(
        f"window-{key}@cardguide", t("plan.window", lang, carrier=name),
        t("plan.window_body", lang, best=long_date(est.best.completion, lang),
          typical=long_date(est.typical.completion, lang), worst=long_date(est.worst.completion, lang),
          source=_notes(est, lang)),
        est.best.completion, est.worst.completion, stamp))
    follow_up = _event(
        f"follow-up-{key}@cardguide", t("plan.follow_up", lang, carrier=name),
        t("plan.follow_up_body", lang, worst=long_date(est.worst.completion, lang),
          hotline=t("app.hotline", lang, hotline=carrier.hotline) if carrier.hotline else ""),
        est.follow_up, est.follow_up, stamp)
    cal.add_component(_reminded(follow_up, t("plan.follow_up", lang, carrier=name)))
    if deadline is not None:
        safe = latest_submission(deadline, carrier, remote=est.remote).worst
        cal.add_component(_event(
            f"deadline-{key}-{deadline.isoformat()}@cardguide", t("deadline.event", lang, carrier=name, phrase=carrier.phrase(lang)),
            t("deadline.event_body", lang, worst=long_date(safe, lang), submitted=long_date(est.submitted, lang),
              done=long_date(est.worst.completion, lang)),
            deadline, deadline, stamp))
    late = _late(est, today)
    if late is not None:
        appeal = _event(
            f"appeal-{key}-{today.isoformat()}@cardguide", t("status.ics_appeal", lang, carrier=name),
            t("status.ics_appeal_body", lang, worst=long_date(est.worst.completion, lang), today=long_date(today, lang),
              basis=t("status.appeal_basis", lang, source=text(context()["appeal"]["source"], lang))),
            late.appeal_from, late.appeal_from, stamp)
        cal.add_component(_reminded(appeal, t("status.ics_appeal", lang, carrier=name)))
    return cal.to_ical()


def _late(est: Estimate, today: dt.date | None):
    """The status on ``today`` when the request is late then, else None (a plan, or today past the data)."""
    from .errors import CardguideError
    from .status import status

    if today is None or not est.submitted < today:
        return None
    try:
        st = status(est, today)
    except CardguideError:
        return None
    return st if st.phase == "late" else None


def to_csv(est: Estimate, lang: str = "zh") -> str:
    """One row per scenario and stage, with its working days."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([t(f"plan.csv_{k}", lang) for k in ("scenario", "stage", "actor", "first", "last", "days", "dates")])
    for scenario in est.scenarios:
        for stage in scenario.stages:
            writer.writerow([
                t(f"scenario.{scenario.name}", lang), stage.label(lang), t(f"plan.actor_{stage.actor}", lang),
                stage.days[0].isoformat(), stage.days[-1].isoformat(),
                len(stage.days) if stage.actor == "carrier" else 0, " ".join(d.isoformat() for d in stage.days),
            ])
    return out.getvalue()


def filename(est: Estimate, suffix: str) -> str:
    """``cardguide-2024-09-30-china-mobile.ics``: ASCII only, safe for any download."""
    remote = "-remote" if est.remote else ""
    return f"cardguide-{est.submitted.isoformat()}-{est.carrier.id}{remote}.{suffix}"
