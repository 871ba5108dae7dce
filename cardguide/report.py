"""Plain-data and text views of an ``Estimate``: the CLI's table and JSON."""

from __future__ import annotations

import unicodedata

from .article import context, text
from .i18n import date_span, long_date, short_date, t
from .carriers import Carrier
from .schedule import SCENARIOS, Estimate


def as_dict(est: Estimate, lang: str = "zh") -> dict:
    """JSON-ready schedule: ISO dates and datetimes, labels in ``lang``."""
    carrier = est.carrier
    return {
        "submitted": est.submitted.isoformat(),
        "carrier": {
            "id": carrier.id, "name": carrier.name(lang), "hotline": carrier.hotline,
            "review_days": list(carrier.review_days), "assumption": carrier.assumption,
            "source": carrier.source(lang),
        },
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


def as_table(est: Estimate, lang: str = "zh") -> str:
    """A human-readable schedule: one row per stage, one column per scenario."""
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
    hotline = t("cli.hotline", lang, hotline=carrier.hotline) if carrier.hotline else ""
    lines.append(t("cli.follow_up", lang, date=long_date(est.follow_up, lang), hotline=hotline))
    if carrier.assumption:
        lines.append(t("cli.assumption", lang))
    if est.remote:
        lines.append(remote_note(est, lang))
    if est.provisional:
        lines.append(t("cli.provisional", lang, years=", ".join(map(str, est.provisional_years))))
    return "\n".join(lines)


def remote_note(est: Estimate, lang: str = "zh") -> str:
    """The assumption behind a cancellation outside the home province: the forwarding stage
    and its basis, or why this carrier gets none."""
    remote = context()["remote"]
    if not est.carrier.remote_forwarding:
        return text(remote["note_no_forwarding"], lang).format(carrier=est.carrier.name(lang))
    f = [s.forwarding_days for s in est.scenarios]
    return text(remote["note"], lang).format(best=f[0], typical=f[1], worst=f[2])


def review_basis(carrier: Carrier, lang: str = "zh") -> str:
    """``审核按 1/2/3 个工作日（最快/典型/最慢）估算。依据：文章。…``: the numbers and their basis."""
    best, typical, worst = carrier.review_days
    return t("cli.review_basis", lang, best=best, typical=typical, worst=worst,
             basis=t(f"basis.{carrier.basis}", lang), source=carrier.source(lang)).rstrip()
