"""The dashboard: one anywidget whose front end is the reader's module (``reader/widget.js``).

The module draws the whole page and answers every choice itself from the bundle, with or
without a kernel; here the reader's choice is a set of synced traits that ``plan.Plan`` follows
and validates, and the kernel's part is the Plotly Gantt, computed in Python for each choice
(``figure``, ``figures.gantt_spec``) and drawn by plotly.js in the module's chart box. Python
can drive it (``app.date = dt.date(2024, 9, 30)``) and read it (``app.plan.estimate``).

A value from the page is untrusted: one the plan refuses is put back to the plan's own, which
goes back to the page (ipywidgets sends a value that differs from the one received).
"""

from __future__ import annotations

import datetime as dt
import os
from contextlib import contextmanager

import anywidget
import traitlets

from .bundle import build_bundle
from .carriers import parse_review_days
from .errors import CardguideError
from .figures import gantt_spec
from .plan import Plan, parse_query, viewer_today
from .schedule import parse_date
from .site import READER
from .voila_adapter.preheat import wait_for_request

#: plotly.js, the basic bundle (bar and scatter are all the Gantt draws): npm
#: ``plotly.js-basic-dist-min``, the same version as the plotly.js inside plotly.py; in the
#: ``cardguide`` Voilà template's static files, which the Voilà page fetches over HTTP.
PLOTLY_JS = (READER.parent / "jupyter" / "voila" / "templates" / "cardguide" / "static" / "plotly-basic.min.js")


def release_ms() -> int:
    """How long a hidden page keeps its kernel: ``$CARDGUIDE_RELEASE_HIDDEN`` seconds, else 120."""
    try:
        return max(1, round(float(os.environ.get("CARDGUIDE_RELEASE_HIDDEN", "120")) * 1000))
    except ValueError:
        return 120_000


def chart_key(plan: Plan) -> str:
    """What a Gantt was drawn for; the module shows the kernel's chart only for the choice the
    reader sees (``chartKey`` in reader.js)."""
    est = plan.estimate
    return "|".join([est.submitted.isoformat(), plan.carrier_id, "1" if plan.remote else "0",
                     ",".join(map(str, plan.carrier.review_days)), plan.lang])


def _boolean(plan: Plan, value) -> bool:
    if not isinstance(value, bool):
        raise TypeError(value)
    return value


def _own_days(plan: Plan, value) -> dict:
    return {plan.profiles[carrier].id: parse_review_days(days) for carrier, days in dict(value).items()}


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _as_is(plan: Plan, value):
    return value


#: The reader's choice: each synced trait, the plan's trait it is, how a value from the page or
#: from code becomes the plan's (checked there again by the plan's own validation), and how the
#: plan's value goes to the page. A new choice is one row here and one key in reader.js.
CHOICE = {
    "date": ("submitted", None, _iso),  # its own path: a day outside the slider (Dashboard._to_plan)
    "carrier": ("carrier_id", _as_is, str),
    "remote": ("remote", _boolean, bool),
    "review": ("own_review_days", _own_days, lambda own: {k: list(v) for k, v in own.items()}),
    "deadline": ("deadline", lambda plan, value: parse_date(str(value)) if value else None, _iso),
    "lang": ("lang", _as_is, str),
    "holder": ("holder", _as_is, str),
}


class Dashboard(anywidget.AnyWidget):
    """The explainer in one widget. The choice: ``date``, ``carrier``, ``remote``, ``review``
    (own review days by carrier), ``deadline``, ``lang``, ``holder``; ``plan`` follows them."""

    _esm = READER / "widget.js"
    _css = READER / "reader.css"
    # The reader's choice, both ways. Any type: whatever the page sends reaches the plan, which
    # refuses it with the domain's checks (a type error raised by traitlets in the widget
    # protocol's handler would print a traceback instead).
    date = traitlets.Any("").tag(sync=True)
    carrier = traitlets.Any("").tag(sync=True)
    remote = traitlets.Any(False).tag(sync=True)
    review = traitlets.Any({}).tag(sync=True)
    deadline = traitlets.Any("").tag(sync=True)
    lang = traitlets.Any("zh").tag(sync=True)
    holder = traitlets.Any("").tag(sync=True)
    # the kernel's, to the page
    today = traitlets.Unicode().tag(sync=True)
    #: The date slider's span (``plan.date_range``, widened by a linked day).
    first = traitlets.Unicode().tag(sync=True)
    last = traitlets.Unicode().tag(sync=True)
    problems = traitlets.List().tag(sync=True)
    bundle = traitlets.Dict().tag(sync=True)
    figure = traitlets.Dict().tag(sync=True)
    #: plotly.js itself, sent only when a page without this server's copy asks (JupyterLab).
    _plotly_js = traitlets.Unicode("").tag(sync=True)
    timeout_ms = traitlets.Int(8000).tag(sync=True)
    release_ms = traitlets.Int(120_000).tag(sync=True)

    def __init__(self, *, lang: str = "zh", submitted: dt.date | None = None, carrier: str = "china-mobile",
                 today: dt.date | None = None, remote: bool = False,
                 review: tuple[int, int, int] | None = None, problems: list[CardguideError] = ()):
        today = today or viewer_today()
        self.plan = Plan(today=today, lang=lang, submitted=submitted, carrier=carrier, remote=remote,
                         review=review, problems=problems)
        self._quiet = True
        super().__init__(bundle=build_bundle(today), release_ms=release_ms(), **self._state())
        self._quiet = False
        self.plan.observe(self._from_plan)
        self.on_msg(self._message)

    # ---- the plan, as traits ----
    def _state(self) -> dict:
        plan = self.plan
        return {**{name: to_page(getattr(plan, field)) for name, (field, _, to_page) in CHOICE.items()},
                "today": plan.today.isoformat(), "first": plan.first_day.isoformat(), "last": plan.last_day.isoformat(),
                "problems": [{"zh": p.zh, "en": p.en} for p in plan.problems], "figure": self._figure()}

    def _figure(self) -> dict:
        """The Plotly Gantt for the plan's choice, computed once per choice."""
        key = chart_key(self.plan)
        if getattr(self, "_drawn", (None,))[0] != (key, self.plan.today):  # the Gantt marks today, too
            self._drawn = ((key, self.plan.today),
                           {**gantt_spec(self.plan.estimate, self.plan.lang, today=self.plan.today), "key": key})
        return self._drawn[1]

    @contextmanager
    def _quietly(self):
        self._quiet, was = True, self._quiet
        try:
            yield
        finally:
            self._quiet = was

    def _sync(self) -> None:
        """Every trait from the plan, in one message to the page."""
        state = self._state()
        with self._quietly(), self.hold_sync():
            for name, value in state.items():
                if getattr(self, name) != value:
                    setattr(self, name, value)

    def _from_plan(self, change) -> None:
        if not self._quiet and change["name"] in {*(field for field, _, _ in CHOICE.values()), "today", "problems", "estimate"}:
            self._sync()

    @traitlets.observe(*CHOICE)
    def _to_plan(self, change) -> None:
        """A choice from the page or from code: the plan takes it, or the plan's own value goes back."""
        if self._quiet:
            return
        plan = self.plan
        name, value = change["name"], change["new"]
        with self._quietly():
            try:
                if name == "date":
                    day = parse_date(str(value))
                    # From the page (ipywidgets holds its lock on the name) only a day the slider
                    # offers; from code any day, the slider widened as a link to it would be.
                    if name in self._property_lock or plan.first_day <= day <= plan.last_day:
                        plan.submitted = day
                    else:
                        plan.apply({"date": day})
                else:
                    field, to_plan, _ = CHOICE[name]
                    setattr(plan, field, to_plan(plan, value))
            except (CardguideError, traitlets.TraitError, KeyError, TypeError, ValueError):
                pass  # refused
        self._sync()

    # ---- messages from the page ----
    def _message(self, widget, content, buffers) -> None:
        if not isinstance(content, dict):
            return
        if content.get("ping"):
            self.send({"pong": True})
        elif content.get("need") == "plotly" and not self._plotly_js:
            self._plotly_js = PLOTLY_JS.read_text("utf-8")

    def __setattr__(self, name, value):
        # ``app.date = dt.date(…)`` from Python: the trait holds the ISO day.
        if name in ("date", "deadline") and isinstance(value, dt.date):
            value = value.isoformat()
        super().__setattr__(name, value)

    def follow_link(self, query: str | None = None) -> Dashboard:
        """Apply ``?date=&carrier=&lang=&remote=&review=&by=&holder=`` from the viewer's link.

        ``query``: the link's, from a host that hands it over (marimo's ``mo.query_params()``).
        Without it, the request's (Voilà's ``QUERY_STRING``): a preheated Voilà kernel builds the
        dashboard before any viewer arrives, then waits here for the request; a link without
        parameters then costs nothing more.
        """
        if query is None:
            wait_for_request()
            query = os.environ.get("QUERY_STRING", "")
        self.plan.today = viewer_today()  # the kernel may have been preheated hours ago
        settings, problems = parse_query(query)
        if settings or problems:
            self.plan.apply(settings, problems)
        return self
