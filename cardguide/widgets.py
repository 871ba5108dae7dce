"""Two small anywidgets: the Gantt drawn in place, and the year heatmap.

``PlotlyChart`` keeps one plotly.js plot and calls ``Plotly.react`` on every new figure:
re-rendering into an ``Output`` rebuilt the whole plot per slider step (``make bench``).
plotly.js comes over HTTP from the Voilà server (``serve.jupyter_dir``), or from the kernel
where there is no such route (JupyterLab).

The year heatmap as a small anywidget: an SVG calendar whose clicks come back to Python.

Why not a plotly ``FigureWidget``: it ships plotly.js (a 5 MB bundle) with every instance and
added 37 MB to the viewer's kernel (measured, ``make bench``), and Voilà dropped its in-place
updates (field notes). Here a cell is a ``<rect>``; Python sends the cells (``figures.year_cells``)
and the selected day, the browser sends back ``{"day": "YYYY-MM-DD"}`` on a click.
"""

from __future__ import annotations

from importlib import resources

import anywidget
import traitlets

_ESM = r"""
const NS = "http://www.w3.org/2000/svg";
const CELL = 15, GAP = 3, LEFT = 44, TOP = 18;

function svg(tag, attrs, parent) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function draw(model, el) {
  const spec = model.get("spec");
  el.replaceChildren();
  if (!spec || !spec.cells) return;
  const head = document.createElement("div");
  head.className = "cg-heat-head";
  const title = document.createElement("div");
  title.className = "cg-heat-title";
  title.textContent = spec.title;
  const sub = document.createElement("div");
  sub.className = "cg-heat-subtitle";
  sub.textContent = spec.subtitle;
  head.append(title, sub);
  if (spec.notice) {
    const notice = document.createElement("div");
    notice.className = "cg-heat-notice";
    notice.textContent = spec.notice;
    head.append(notice);
  }
  el.append(head);

  const width = LEFT + spec.weeks * (CELL + GAP), height = TOP + 7 * (CELL + GAP);
  const root = svg("svg", {viewBox: `0 0 ${width} ${height}`, class: "cg-heat-svg", role: "img"}, el);
  root.setAttribute("aria-label", spec.title);
  spec.months.forEach(([week, label]) =>
    svg("text", {x: LEFT + week * (CELL + GAP), y: 12, class: "cg-heat-label"}, root).textContent = label);
  spec.weekdays.forEach((label, row) =>
    svg("text", {x: LEFT - 6, y: TOP + row * (CELL + GAP) + CELL - 3, class: "cg-heat-label",
                 "text-anchor": "end"}, root).textContent = label);
  const tip = document.createElement("div");
  tip.className = "cg-heat-tip";
  for (const [day, week, row, colour, text] of spec.cells) {
    const rect = svg("rect", {x: LEFT + week * (CELL + GAP), y: TOP + row * (CELL + GAP), width: CELL,
                              height: CELL, rx: 2, fill: colour, class: "cg-heat-day", "data-day": day}, root);
    rect.addEventListener("mouseenter", () => {
      tip.innerHTML = text;
      tip.style.display = "block";
      const box = rect.getBoundingClientRect(), host = el.getBoundingClientRect();
      const left = Math.min(box.right - host.left + 8, host.width - tip.offsetWidth - 4);
      tip.style.left = `${Math.max(0, left)}px`;
      tip.style.top = `${box.bottom - host.top + 6}px`;
    });
    rect.addEventListener("mouseleave", () => { tip.style.display = "none"; });
    rect.addEventListener("click", () => model.send({day}));
  }
  const mark = svg("rect", {width: CELL + 2, height: CELL + 2, rx: 3, class: "cg-heat-selected"}, root);
  const legend = document.createElement("div");
  legend.className = "cg-heat-legend";
  legend.append(`${spec.legend.label}: ${spec.legend.low} `);
  for (const colour of spec.legend.colours) {
    const swatch = document.createElement("span");
    swatch.style.background = colour;
    legend.append(swatch);
  }
  legend.append(` ${spec.legend.high}`);
  el.append(legend, tip);
  place(model, el, spec, mark);
}

function place(model, el, spec, mark) {
  mark = mark || el.querySelector(".cg-heat-selected");
  if (!mark) return;
  const cell = spec.cells.find(c => c[0] === model.get("selected"));
  mark.style.display = cell ? "" : "none";
  if (cell) {
    mark.setAttribute("x", LEFT + cell[1] * (CELL + GAP) - 1);
    mark.setAttribute("y", TOP + cell[2] * (CELL + GAP) - 1);
    el.dataset.selected = cell[0];
  }
}

export default {
  render({model, el}) {
    el.classList.add("cg-heat");
    draw(model, el);
    model.on("change:spec", () => draw(model, el));
    model.on("change:selected", () => place(model, el, model.get("spec")));
  },
};
"""

_CSS = """
.cg-heat { position: relative; width: 100%; font-family: "Noto Sans CJK SC", sans-serif; }
.cg-heat-title { font-size: 1.1em; color: #333; }
.cg-heat-subtitle, .cg-heat-notice { font-size: 0.85em; color: #555; margin: 0.15em 0; }
.cg-heat-svg { width: 100%; max-width: 1100px; height: auto; display: block; margin-top: 0.4em; }
.cg-heat-label { font-size: 11px; fill: #444; }
.cg-heat-day { cursor: pointer; stroke: rgba(0, 0, 0, 0.06); }
.cg-heat-day:hover { stroke: #1f4e79; stroke-width: 1.5; }
.cg-heat-selected { fill: none; stroke: #1f4e79; stroke-width: 3; pointer-events: none; }
.cg-heat-legend { font-size: 0.85em; color: #444; margin-top: 0.3em; }
.cg-heat-legend span { display: inline-block; width: 14px; height: 10px; margin: 0 1px; }
.cg-heat-tip { display: none; position: absolute; z-index: 10; background: #333; color: #fff;
  padding: 0.4em 0.6em; border-radius: 4px; font-size: 0.85em; line-height: 1.5; pointer-events: none;
  white-space: nowrap; }
"""


class YearHeatmap(anywidget.AnyWidget):
    """A year of submission days; ``on_day(callback)`` hears which day a viewer clicked."""

    _esm = _ESM
    _css = _CSS
    spec = traitlets.Dict().tag(sync=True)
    selected = traitlets.Unicode("").tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._day_callbacks = []
        self.on_msg(self._handle)

    def on_day(self, callback) -> None:
        self._day_callbacks.append(callback)

    def _handle(self, widget, content, buffers) -> None:
        day = content.get("day") if isinstance(content, dict) else None
        if isinstance(day, str):  # widget messages are untrusted input: the app validates the day
            for callback in self._day_callbacks:
                callback(day)


_PLOTLY_ESM = r"""
// plotly.js, once per page, never from a CDN: in Voilà from this server (cardguide's template
// names the URL; the browser caches it), elsewhere (JupyterLab) from the kernel, which reads
// plotly's own package data. Later figures are drawn in place with Plotly.react.
let loading = null;
function fromKernel(model) {
  if (model.get("_plotly_js")) return Promise.resolve(model.get("_plotly_js"));
  return new Promise((resolve) => {
    const arrived = () => { model.off("change:_plotly_js", arrived); resolve(model.get("_plotly_js")); };
    model.on("change:_plotly_js", arrived);
    model.send({need: true});
  });
}
function run(src) {
  return new Promise((resolve, reject) => {
    const define = window.define;
    window.define = undefined;  // a page with an AMD loader would swallow the UMD global
    const script = document.createElement("script");
    script.src = src;
    script.onload = () => { window.define = define; window.Plotly ? resolve(window.Plotly) : reject(new Error("no Plotly")); };
    script.onerror = () => { window.define = define; reject(new Error(`cannot load ${src}`)); };
    document.head.appendChild(script);
  });
}
function plotly(model) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!loading) {
    const url = document.querySelector('meta[name="cardguide-plotly"]')?.content;
    const viaKernel = () => fromKernel(model).then((code) =>
      run(URL.createObjectURL(new Blob([code], {type: "text/javascript"}))));
    loading = url ? run(url).catch(viaKernel) : viaKernel();
  }
  return loading;
}

export default {
  render({model, el}) {
    // Not awaited: the rest of the page shows while plotly.js loads.
    const div = document.createElement("div");
    el.appendChild(div);
    let Plotly = null;
    const draw = () => {
      const figure = model.get("figure");
      if (Plotly && figure && figure.data) Plotly.react(div, figure.data, figure.layout, figure.config || {});
    };
    // The widget may render before its box has a width; follow the box, not plotly's 700 px.
    const resize = new ResizeObserver(() => { if (Plotly && div.offsetWidth) Plotly.Plots.resize(div); });
    plotly(model).then((loaded) => { Plotly = loaded; draw(); resize.observe(el); })
      .catch((error) => { div.textContent = `plotly.js: ${error.message}`; });
    model.on("change:figure", draw);
    return () => { resize.disconnect(); if (Plotly) Plotly.purge(div); };
  },
};
"""


def _plotly_js() -> str:
    """plotly.js as shipped inside the plotly package: the same version plotly.py targets."""
    return resources.files("plotly").joinpath("package_data/plotly.min.js").read_text("utf-8")


class PlotlyChart(anywidget.AnyWidget):
    """A Plotly figure (JSON: data, layout, config) redrawn in place when ``figure`` changes."""

    _esm = _PLOTLY_ESM
    figure = traitlets.Dict().tag(sync=True)
    #: plotly.js itself, sent only when a page cannot load it from the server (JupyterLab).
    _plotly_js = traitlets.Unicode("").tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.on_msg(self._handle)

    def _handle(self, widget, content, buffers) -> None:
        if isinstance(content, dict) and content.get("need") is True and not self._plotly_js:
            self._plotly_js = _plotly_js()


_HEARTBEAT_ESM = r"""
// Pings the kernel every 2 s; when no answer has come for ``timeout_ms`` (the kernel died or was
// restarted, or the server is gone), a banner asks the viewer to reload the page.
export default {
  render({model, el}) {
    el.classList.add("cg-connection");
    let last = Date.now();
    model.on("msg:custom", (msg) => { if (msg && msg.pong) { last = Date.now(); el.style.display = "none"; } });
    const timer = setInterval(() => {
      try { model.send({ping: true}); } catch (error) { /* the socket is gone: no pong will come */ }
      if (Date.now() - last > model.get("timeout_ms")) {
        el.textContent = model.get("message");
        el.style.display = "block";
      }
    }, 2000);
    return () => clearInterval(timer);
  },
};
"""

_HEARTBEAT_CSS = """
.cg-connection { display: none; position: fixed; top: 0; left: 0; right: 0; z-index: 1000;
  background: #d62728; color: #fff; padding: 0.7em 1em; font-size: 1.05em; text-align: center; }
"""


class Heartbeat(anywidget.AnyWidget):
    """Tells a viewer to reload when their kernel stops answering (killed, restarted, server gone)."""

    _esm = _HEARTBEAT_ESM
    _css = _HEARTBEAT_CSS
    message = traitlets.Unicode("").tag(sync=True)
    timeout_ms = traitlets.Int(8000).tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.on_msg(self._handle)

    def _handle(self, widget, content, buffers) -> None:
        if isinstance(content, dict) and content.get("ping") is True:
            self.send({"pong": True})
