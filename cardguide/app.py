"""The explainer as one composite widget: the plan (``plan.Plan``) and the views that show
it (``views``), the answer first, then the article in its order. Notebooks display the
dashboard or one of its ``sections`` per cell; Voilà serves the same notebook.

The Gantt is redrawn in place by a small anywidget (``widgets.PlotlyChart``, Plotly.react):
Voilà did not apply in-place ``FigureWidget`` updates to bar arrays (seen in a real browser), and
re-rendering into an ``Output`` rebuilt the plot on every step. Real-browser tests prove it.
"""

from __future__ import annotations

import datetime as dt
import os

import ipywidgets as W

from .errors import CardguideError
from .plan import Plan, parse_query, viewer_today
from .voila_adapter.preheat import wait_for_request
from .views import (AnswerView, AssumptionsView, ChecklistView, ControlsView, DeadlineView, HeaderView,
                    ItemsView, SectionView, TakeAwayView, YearView)


class Dashboard(W.VBox):
    """All six sections plus the context. ``sections`` names the parts a notebook shows one
    per cell; the views are attributes (``answer``, ``controls``, …) for code and tests."""

    def __init__(self, *, lang: str = "zh", submitted: dt.date | None = None, carrier: str = "china-mobile",
                 today: dt.date | None = None, remote: bool = False,
                 review: tuple[int, int, int] | None = None, problems: list[CardguideError] = ()):
        plan = Plan(today=today or viewer_today(), lang=lang, submitted=submitted, carrier=carrier,
                    remote=remote, review=review, problems=problems)
        # The answer observes the plan first, so a change redraws the chart before anything else.
        answer = AnswerView(plan)
        views = {
            "header": HeaderView(plan),
            "definition": SectionView(plan, "definition"),
            "reasons": SectionView(plan, "reasons"),
            "process": SectionView(plan, "process"),
            "checklist": ChecklistView(plan),
            "timing": SectionView(plan, "timing"),
            "controls": ControlsView(plan),
            "assumptions": AssumptionsView(plan),
            "deadline": DeadlineView(plan),
            "answer": answer,
            "takeaway": TakeAwayView(plan),
            "year": YearView(plan),
            "precautions": ItemsView(plan, "precautions"),
            "faq": ItemsView(plan, "faq"),
            "context": SectionView(plan, "context"),
        }
        part = {name: view.widget for name, view in views.items()}
        # Answer first: on a phone's first screen the question, the controls and the answer
        # sentence, then the chart; the article's six sections follow, complete.
        sections = {
            "header": part["header"],
            "answer": W.VBox([part["controls"], part["answer"], part["assumptions"], part["deadline"],
                              part["takeaway"], part["year"]]),
            "definition": part["definition"],
            "reasons": part["reasons"],
            "process": W.VBox([part["process"], part["checklist"]]),
            "timing": part["timing"],
            "precautions": part["precautions"],
            "faq": part["faq"],
            "context": part["context"],
        }
        for box in sections.values():  # page.css and the widgets' CSS style only inside these
            box.add_class("cg-app")
        super().__init__(children=list(sections.values()))
        self.plan = plan
        self.views = views
        self.sections = sections
        for name, view in views.items():
            setattr(self, name, view)

    def follow_link(self) -> Dashboard:
        """Apply ``?date=&carrier=&lang=&remote=&review=`` from the viewer's link.

        A preheated Voilà kernel builds and draws the dashboard before any viewer arrives, then
        waits here for the request; a link without parameters then costs nothing more.
        """
        wait_for_request()
        self.plan.today = viewer_today()  # the kernel may have been preheated hours ago
        settings, problems = parse_query(os.environ.get("QUERY_STRING", ""))
        if settings or problems:
            self.plan.apply(settings, problems)
        return self
