"""Three small anywidgets; their JavaScript and CSS are files in ``static/``.

``PlotlyChart`` keeps one plotly.js plot and calls ``Plotly.react`` on every new figure:
re-rendering into an ``Output`` rebuilt the whole plot per slider step (``make bench``).
plotly.js comes over HTTP from the Voilà server (the ``cardguide`` template's static files),
or from the kernel where there is no such route (JupyterLab).

``YearHeatmap`` is an SVG calendar. Why not a plotly ``FigureWidget``: it ships plotly.js with
every instance and added 37 MB to the viewer's kernel (measured, ``make bench``), and Voilà
dropped its in-place updates (field notes). A click sets the synced ``selected`` trait.

``Heartbeat`` tells a viewer to reload when their kernel stops answering.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import anywidget
import ipywidgets as W
import traitlets

STATIC = Path(__file__).resolve().parent / "static"
#: plotly.js, the basic bundle (bar and scatter are all the Gantt draws): npm
#: ``plotly.js-basic-dist-min``, the same version as the plotly.js inside plotly.py.
PLOTLY_JS = "plotly-basic.min.js"


class ChoiceSlider(W.SelectionSlider):
    """A selection slider that keeps its choice when new options still hold it: relabelled for
    another language, or widened for a linked date. ipywidgets' own jumps to the first option,
    which would move the plan with it."""

    @traitlets.observe("options")
    def _propagate_options(self, change):
        options = self._options_full
        self.set_trait("_options_labels", tuple(label for label, _ in options))
        self._options_values = tuple(value for _, value in options)
        if self._initializing_traits_ is True or not options:
            return
        index = self._options_values.index(self.value) if self.value in self._options_values else 0
        if index == self.index:
            self._notify_trait("index", index, index)  # the same choice under its new label
        else:
            self.index = index


class YearHeatmap(anywidget.AnyWidget):
    """A year of submission days. ``selected`` is the chosen day, ``YYYY-MM-DD``: set by
    Python to mark the plan's day, and by the browser when a viewer clicks one (untrusted)."""

    _esm = STATIC / "heatmap.js"
    _css = STATIC / "heatmap.css"
    spec = traitlets.Dict().tag(sync=True)
    selected = traitlets.Unicode("").tag(sync=True)


def plotly_js() -> str:
    """The vendored plotly.js, as the Voilà template serves it."""
    return resources.files("cardguide").joinpath(f"jupyter/voila/templates/cardguide/static/{PLOTLY_JS}").read_text("utf-8")


class PlotlyChart(anywidget.AnyWidget):
    """A Plotly figure (JSON: data, layout, config) redrawn in place when ``figure`` changes."""

    _esm = STATIC / "plotly-chart.js"
    figure = traitlets.Dict().tag(sync=True)
    #: plotly.js itself, sent only when a page cannot load it from the server (JupyterLab).
    _plotly_js = traitlets.Unicode("").tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.on_msg(self._handle)

    def _handle(self, widget, content, buffers) -> None:
        if isinstance(content, dict) and content.get("need") is True and not self._plotly_js:
            self._plotly_js = plotly_js()


class Heartbeat(anywidget.AnyWidget):
    """Pings from the page, answered here; no answer for ``timeout_ms`` shows ``message``."""

    _esm = STATIC / "heartbeat.js"
    _css = STATIC / "heartbeat.css"
    message = traitlets.Unicode("").tag(sync=True)
    timeout_ms = traitlets.Int(8000).tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.on_msg(self._handle)

    def _handle(self, widget, content, buffers) -> None:
        if isinstance(content, dict) and content.get("ping") is True:
            self.send({"pong": True})
