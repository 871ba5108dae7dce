"""Small anywidgets; their JavaScript and CSS are files in ``static/``.

``PlotlyChart`` keeps one plotly.js plot and calls ``Plotly.react`` on every new figure:
re-rendering into an ``Output`` rebuilt the whole plot per slider step (``make bench``).
plotly.js comes over HTTP from the Voilà server (the ``cardguide`` template's static files),
or from the kernel where there is no such route (JupyterLab).

``YearHeatmap`` is an SVG calendar. Why not a plotly ``FigureWidget``: it ships plotly.js with
every instance and added 37 MB to the viewer's kernel (measured, ``make bench``), and Voilà
dropped its in-place updates (seen in a real browser). A click sets the synced ``selected`` trait.

``Heartbeat`` tells a viewer to reload when their kernel stops answering.
"""

from __future__ import annotations

import os

from importlib import resources
from pathlib import Path

import anywidget
import traitlets

STATIC = Path(__file__).resolve().parent / "static"
#: plotly.js, the basic bundle (bar and scatter are all the Gantt draws): npm
#: ``plotly.js-basic-dist-min``, the same version as the plotly.js inside plotly.py.
PLOTLY_JS = "plotly-basic.min.js"


class ChoiceSlider(anywidget.AnyWidget):
    """A slider over ``(label, value)`` choices, drawn as a native range input (``slider.js``):
    it is named by its ``description``, speaks the chosen label rather than an index, and takes
    taps and drags on a phone. ipywidgets' ``SelectionSlider`` did none of these (axe:
    unnamed; a screen reader heard "693"). New options that still hold the value keep it:
    relabelled for another language, or widened for a linked date."""

    _esm = STATIC / "slider.js"
    _css = STATIC / "slider.css"
    labels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    #: Which choice; set by the browser too, so it is clamped to the choices (untrusted).
    index = traitlets.Int(0).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    #: The chosen value (not synced: the page only knows labels).
    value = traitlets.Any(None)

    def __init__(self, options=(), value=None, **kwargs):
        self._values: tuple = ()
        super().__init__(**kwargs)
        self.options = options
        if value is not None:
            self.value = value

    @property
    def options(self) -> list[tuple[str, object]]:
        return list(zip(self.labels, self._values))

    @options.setter
    def options(self, options) -> None:
        options = list(options)
        kept = self.value
        self._values = tuple(value for _, value in options)
        with self.hold_trait_notifications():
            self.labels = [label for label, _ in options]
            if kept in self._values:
                self.index = self._values.index(kept)
            elif self._values:
                self.index = 0
                self.value = self._values[0]

    @property
    def label(self) -> str:
        return self.labels[self.index] if self.labels else ""

    @traitlets.validate("index")
    def _clamp(self, proposal) -> int:
        return min(max(int(proposal["value"]), 0), max(len(self._values) - 1, 0))

    @traitlets.observe("index")
    def _index_to_value(self, change) -> None:
        if self._values and self.value != self._values[self.index]:
            self.value = self._values[self.index]

    @traitlets.observe("value")
    def _value_to_index(self, change) -> None:
        if change["new"] in self._values and self._values[self.index] != change["new"]:
            self.index = self._values.index(change["new"])


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


def release_ms() -> int:
    """How long a hidden page keeps its kernel: ``$CARDGUIDE_RELEASE_HIDDEN`` seconds, else 120."""
    try:
        return max(1, round(float(os.environ.get("CARDGUIDE_RELEASE_HIDDEN", "120")) * 1000))
    except ValueError:
        return 120_000


class Heartbeat(anywidget.AnyWidget):
    """Pings from the page, answered here; no answer for ``timeout_ms`` shows ``message`` (or, on
    the Voilà page, lets the reader's module answer). A page hidden for ``release_ms`` gives its
    kernel back. ``{apply: query}`` from the page hands this kernel the reader's choice, made in
    the module before the widgets came; ``on_apply`` takes it."""

    _esm = STATIC / "heartbeat.js"
    _css = STATIC / "heartbeat.css"
    message = traitlets.Unicode("").tag(sync=True)
    timeout_ms = traitlets.Int(8000).tag(sync=True)
    release_ms = traitlets.Int().tag(sync=True)

    def __init__(self, on_apply=None, **kwargs):
        super().__init__(release_ms=release_ms(), **kwargs)
        self.on_apply = on_apply
        self.on_msg(self._handle)

    def _handle(self, widget, content, buffers) -> None:
        if not isinstance(content, dict):
            return
        if content.get("ping") is True:
            self.send({"pong": True})
        elif isinstance(content.get("apply"), str) and self.on_apply is not None:
            self.on_apply(content["apply"])
            self.send({"applied": True})


class PageMeta(anywidget.AnyWidget):
    """The document's language (``<html lang>``) and title follow the plan's language: a screen
    reader then reads Chinese as Chinese. Also names the page's main landmark."""

    _esm = STATIC / "page-meta.js"
    lang = traitlets.Unicode("zh-CN").tag(sync=True)
    #: The page's title: the day and carrier (all WeChat shows of a shared page).
    title = traitlets.Unicode("").tag(sync=True)
    #: The name of the page's main landmark (the article's title; the page's title if empty).
    label = traitlets.Unicode("").tag(sync=True)
    #: The language switch is the page's navigation landmark, named by this.
    nav_label = traitlets.Unicode("").tag(sync=True)


class LiveHTML(anywidget.AnyWidget):
    """HTML (already escaped by its maker) in a polite live region that stays in the page, so a
    screen reader announces the new answer after a slider moves."""

    _esm = STATIC / "live.js"
    value = traitlets.Unicode("").tag(sync=True)


class ShareLink(anywidget.AnyWidget):
    """The link to this plan, built in the browser from ``location`` (scheme, host, port, path
    prefix: what the viewer used, also behind a proxy), with a copy button."""

    _esm = STATIC / "share.js"
    _css = STATIC / "share.css"
    query = traitlets.Unicode("").tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    hint = traitlets.Unicode("").tag(sync=True)
    copy = traitlets.Unicode("").tag(sync=True)
    copied = traitlets.Unicode("").tag(sync=True)


class RadioGroup(anywidget.AnyWidget):
    """One choice among a few (``(label, value)`` options), as native radio buttons in a
    ``<fieldset>`` named by its ``legend`` (``radio.js``). ipywidgets' ``RadioButtons`` names
    neither the group nor leaves it one tab stop with arrow keys. ``value`` is set by the browser
    too, so it is checked against the values (untrusted)."""

    _esm = STATIC / "radio.js"
    _css = STATIC / "radio.css"
    legend = traitlets.Unicode("").tag(sync=True)
    labels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    values = traitlets.List(traitlets.Unicode()).tag(sync=True)
    value = traitlets.Unicode("").tag(sync=True)

    @traitlets.validate("value")
    def _known(self, proposal) -> str:
        return proposal["value"] if proposal["value"] in self.values else (self.value or (self.values or [""])[0])


class Disclosure(anywidget.AnyWidget):
    """A ``<details>`` whose summary and content (HTML, escaped by its maker) change in place, so
    a redraw keeps it open and keeps the focus on it."""

    _esm = STATIC / "disclosure.js"
    css_class = traitlets.Unicode("").tag(sync=True)
    summary = traitlets.Unicode("").tag(sync=True)
    value = traitlets.Unicode("").tag(sync=True)
