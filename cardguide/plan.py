"""What the viewer chose, in one model: submission date, carrier, remote option, their own
review days per carrier, whose name the card is in (``holder``: what to bring, not when), and
the language. The dashboard's widget (``app.Dashboard``) follows it; nothing here knows a widget.

A change arrives as a trait assignment (``plan.submitted = day``) or, for several at once (a
shared link), as ``plan.apply(settings)``: the estimate is derived once, after every value is
in place, so a view redraws once. The estimate is recomputed from the traits, never stored
twice. Bad input is the domain's ``CardguideError``; ``plan.notice`` carries the last one for
the page to show.
"""

from __future__ import annotations

import datetime as dt
import os
import urllib.parse

from traitlets import Bool, Dict, Enum, HasTraits, Instance, List, Unicode, Union, observe, validate

from .article import holders
from .carriers import Carrier, carriers, get_carrier, parse_review_days, shorten
from .errors import CardguideError
from .deadline import Latest, latest_submission
from .schedule import Estimate, estimate, parse_date
from .workdays import FIRST_YEAR, LAST_YEAR, beijing_today
from .yeargrid import twelve_months

#: A fixed "today" for demonstrations and tests (YYYY-MM-DD); viewers cannot set it.
TODAY_VARIABLE = "CARDGUIDE_TODAY"


def viewer_today() -> dt.date:
    """Today in Beijing, when the viewer's request arrives; ``$CARDGUIDE_TODAY`` if set."""
    fixed = os.environ.get(TODAY_VARIABLE)
    return dt.date.fromisoformat(fixed) if fixed else beijing_today()

LANGS = ("zh", "en")


def date_range(today: dt.date, linked: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The slider's days: last year to next year, widened to the year of a linked date."""
    first_year, last_year = today.year - 1, today.year + 1
    if linked is not None:
        first_year, last_year = min(first_year, linked.year), max(last_year, linked.year)
    first_year, last_year = max(FIRST_YEAR, first_year), min(LAST_YEAR, last_year)
    if today.year > LAST_YEAR:  # today lies beyond the holiday data: its last two covered years
        first_year, last_year = min(first_year, LAST_YEAR - 1), LAST_YEAR
    elif today.year < FIRST_YEAR:
        first_year, last_year = FIRST_YEAR, max(last_year, FIRST_YEAR + 1)
    return dt.date(first_year, 1, 1), dt.date(last_year, 12, 31)


def nearest(day: dt.date, first: dt.date, last: dt.date) -> dt.date:
    """``day``, or the end of ``first``..``last`` nearest to it: what the slider shows for a
    day it does not offer."""
    return min(max(day, first), last)


def coverage_note(today: dt.date) -> CardguideError | None:
    """Said when today lies outside the holiday data, so the page shows its nearest covered
    day and never claims that day is today."""
    if FIRST_YEAR <= today.year <= LAST_YEAR:
        return None
    return CardguideError.of("data_ends", today=today.isoformat(), first=FIRST_YEAR, last=LAST_YEAR,
                             shown=nearest(today, *date_range(today)).isoformat())


#: Link parameters with a fixed set of values, and the message for anything else.
LINK_CHOICES = {
    "lang": ({"zh": "zh", "en": "en"}, "link_lang"),
    "remote": ({"1": True, "0": False}, "link_remote"),
    "holder": ({h: h for h in holders()}, "link_holder"),
}
#: Link parameters parsed by the domain, whose errors are the notes.
LINK_PARSERS = {
    "date": parse_date,
    "by": parse_date,
    "carrier": lambda value: get_carrier(value).id,
    "review": parse_review_days,
}


def parse_query(query: str) -> tuple[dict, list[CardguideError]]:
    """Settings from ``?date=&carrier=&lang=&remote=&review=&by=&holder=``; anything invalid is dropped
    with a note, unknown parameters are ignored."""
    settings, problems = {}, []
    try:
        params = urllib.parse.parse_qs(query or "", keep_blank_values=True, max_num_fields=20)
    except ValueError:
        params = {}
        problems.append(CardguideError.of("link_unreadable"))
    for name, values in params.items():
        value = values[-1]
        if name in LINK_CHOICES:
            choices, message = LINK_CHOICES[name]
            if value in choices:
                settings[name] = choices[value]
            else:
                problems.append(CardguideError.of(message, value=shorten(value), known=", ".join(choices)))
        elif name in LINK_PARSERS:
            try:
                settings[name] = LINK_PARSERS[name](value)
            except CardguideError as exc:
                problems.append(exc)
    return settings, problems


def share_query(est: Estimate, lang: str, own_review_days: bool = False, deadline: dt.date | None = None,
                holder: str = "personal") -> str:
    """``date=2024-09-30&carrier=china-unicom&lang=en`` (+ ``remote=1``, ``review=1,2,3``,
    ``by=2024-10-31``, ``holder=company`` for any holder but the default)."""
    params = {"date": est.submitted.isoformat(), "carrier": est.carrier.id, "lang": lang}
    if est.remote:
        params["remote"] = "1"
    if own_review_days:
        params["review"] = ",".join(map(str, est.carrier.review_days))
    if deadline is not None:
        params["by"] = deadline.isoformat()
    if holder != holders()[0]:
        params["holder"] = holder
    return urllib.parse.urlencode(params, safe=",")


class Plan(HasTraits):
    """The viewer's choices and what follows from them."""

    #: The viewer's today (in Beijing when their request arrives): the default day, the
    #: slider's span and the coverage note follow it.
    today = Instance(dt.date)
    lang = Enum(LANGS, default_value="zh")
    submitted = Instance(dt.date)
    carrier_id = Unicode()
    remote = Bool(False)
    #: The viewer's own (best, typical, worst) review days, by carrier id, for this session.
    own_review_days = Dict()
    #: The days the date slider offers (``date_range``), widened by a linked date.
    first_day = Instance(dt.date)
    last_day = Instance(dt.date)
    #: Notes about the link's parameters that were ignored.
    problems = List()
    #: Derived from ``today``: said when it lies outside the holiday data (``coverage_note``).
    today_note = Instance(CardguideError, allow_none=True, read_only=True)
    #: The last bad input from a control, to show; None when all is well.
    notice = Instance(CardguideError, allow_none=True)
    #: Whose name the card is in: what to bring and who applies (the checklist), never the estimate.
    holder = Enum(holders(), default_value=holders()[0])
    #: The day the card must be cancelled by, when the viewer plans backwards.
    deadline = Instance(dt.date, allow_none=True)
    #: Derived: the schedule for the current choice.
    estimate = Instance(Estimate, allow_none=True, read_only=True)
    #: Derived from ``deadline``: the latest day to submit per scenario (``Latest``), or why
    #: there is none (``CardguideError``); None without a deadline.
    latest = Union([Instance(Latest), Instance(CardguideError)], allow_none=True, read_only=True)

    def __init__(self, *, today: dt.date, profiles: dict[str, Carrier] | None = None,
                 submitted: dt.date | None = None, carrier: str = "china-mobile", remote: bool = False,
                 review: tuple[int, int, int] | None = None, lang: str = "zh", holder: str | None = None,
                 problems: list[CardguideError] = ()):
        self.profiles = profiles if profiles is not None else carriers()
        first, last = date_range(today, submitted)
        day, outside = self._place(submitted or today, today, first, last, say=submitted is not None)
        carrier = carrier if carrier in self.profiles else next(iter(self.profiles))
        super().__init__(today=today, lang=lang, holder=holder or holders()[0], first_day=first, last_day=last, submitted=day, carrier_id=carrier,
                         remote=bool(remote), own_review_days={carrier: review} if review else {},
                         problems=[*problems, *outside])
        self._derive()
        self._derive_latest()

    @staticmethod
    def _place(day: dt.date, today: dt.date, first: dt.date, last: dt.date, *, say: bool = True) -> tuple[dt.date, list]:
        """The day to show: ``day`` when the slider offers it, else today's nearest, with a note
        when ``say`` (today itself outside the data is the coverage note's to say)."""
        if first <= day <= last:
            return day, []
        shown = nearest(today, first, last)
        return shown, [Plan._outside(day, first, last, shown)] if say else []

    @staticmethod
    def _outside(day: dt.date, first: dt.date, last: dt.date, shown: dt.date) -> CardguideError:
        return CardguideError.of("outside_slider", date=day.isoformat(), first=first.isoformat(),
                                 last=last.isoformat(), shown=shown.isoformat())

    # ---- validation --------------------------------------------------------------------
    @validate("submitted")
    def _check_day(self, proposal):
        day = proposal["value"]
        if self.first_day and not self.first_day <= day <= self.last_day:
            raise self._outside(day, self.first_day, self.last_day, self.submitted or self.first_day)
        return day

    @validate("carrier_id")
    def _check_carrier(self, proposal):
        return get_carrier(proposal["value"], self.profiles).id

    @observe("today")
    def _follow_today(self, change) -> None:
        """A new today: its coverage note, the slider's span around it, and the default day
        follows it unless the viewer chose another."""
        self.set_trait("today_note", coverage_note(change["new"]))
        old = change["old"]
        if old is None or self.submitted is None:  # the constructor sets the rest
            return
        was_today = self.submitted == nearest(old, self.first_day, self.last_day)
        first, last = date_range(change["new"], self.submitted)
        with self.hold_trait_notifications():
            self.first_day, self.last_day = first, last
            if was_today or not first <= self.submitted <= last:
                self.submitted = nearest(change["new"], first, last)

    # ---- derived -----------------------------------------------------------------------
    @property
    def days(self) -> list[dt.date]:
        """Every day the date slider offers."""
        count = (self.last_day - self.first_day).days + 1
        return [self.first_day + dt.timedelta(days=n) for n in range(count)]

    @property
    def profile(self) -> Carrier:
        """The selected carrier as its file has it."""
        return self.profiles[self.carrier_id]

    @property
    def carrier(self) -> Carrier:
        """The selected carrier, under the viewer's own review days when they set some."""
        own = self.own_review_days.get(self.carrier_id)
        return self.profile.with_review_days(own) if own else self.profile

    @property
    def has_own_review_days(self) -> bool:
        return self.carrier_id in self.own_review_days

    @observe("submitted", "carrier_id", "remote", "own_review_days")
    def _derive(self, change=None) -> None:
        if self.submitted is None or not self.carrier_id:
            return
        self.set_trait("estimate", estimate(self.submitted, self.carrier, remote=self.remote))

    @observe("deadline", "carrier_id", "remote", "own_review_days", "today")
    def _derive_latest(self, change=None) -> None:
        result = None
        if self.deadline is not None and self.carrier_id:
            try:
                result = latest_submission(self.deadline, self.carrier, remote=self.remote, today=self.today)
            except CardguideError as exc:
                result = exc
        self.set_trait("latest", result)

    @property
    def year_window(self) -> tuple[dt.date, dt.date]:
        """The year view's twelve months: from today's month, or the chosen day's own window
        when it lies outside that."""
        first, last = twelve_months(self.today)
        return (first, last) if first <= self.submitted <= last else twelve_months(self.submitted)

    # ---- changes -----------------------------------------------------------------------
    def set_review_days(self, values) -> None:
        """The viewer's own review days for the selected carrier (``ProfileError`` if bad);
        the carrier's own values mean "none of my own"."""
        own = parse_review_days(values)
        days = {k: v for k, v in self.own_review_days.items() if k != self.carrier_id}
        if own != self.profile.review_days:
            days[self.carrier_id] = own
        self.own_review_days = days

    def reset_review_days(self) -> None:
        self.own_review_days = {k: v for k, v in self.own_review_days.items() if k != self.carrier_id}

    def submit_by_deadline(self) -> None:
        """Move the submission to the safe (worst-case) latest day for the deadline."""
        if not isinstance(self.latest, Latest):
            raise self.latest or CardguideError.of("no_deadline")
        self.submitted = self.latest.worst

    def choose_day(self, day: dt.date | str) -> None:
        """A day from the year view or the date picker; a string is parsed as untrusted input."""
        self.submitted = parse_date(day) if isinstance(day, str) else day

    def apply(self, settings: dict, problems=()) -> None:
        """Settings from ``parse_query``, applied together and derived once."""
        first, last = date_range(self.today, settings.get("date"))
        day, outside = self._place(settings.get("date", self.submitted), self.today, first, last)
        carrier = settings.get("carrier", self.carrier_id)
        with self.hold_trait_notifications():
            self.first_day, self.last_day = first, last
            self.submitted = day
            self.carrier_id = carrier
            self.remote = settings.get("remote", self.remote)
            if "review" in settings:
                self.own_review_days = {**self.own_review_days, carrier: settings["review"]}
            self.lang = settings.get("lang", self.lang)
            self.holder = settings.get("holder", self.holder)
            if "by" in settings:
                self.deadline = settings["by"]
            self.problems = [*problems, *outside]

    def share_query(self) -> str:
        return share_query(self.estimate, self.lang, self.has_own_review_days, self.deadline, self.holder)
