// plotly.js, once per page, never from a CDN: in Voilà from this server (cardguide's template
// names the URL; the browser caches it), elsewhere (JupyterLab) from the kernel, which reads
// the same vendored file. Later figures are drawn in place with Plotly.react.
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

// A phone's chart (under 560 px): day numbers every other day, level and 12 px, so no two
// dates overlap and none runs into the legend; a little taller for the legend below.
const DAY = 86400000;
function fit(layout, width) {
  if (!layout || width >= 560) return layout;
  const xaxis = {...layout.xaxis, tickformat: "%-d", dtick: 2 * DAY, tickangle: 0, tickfont: {size: 12}};
  return {...layout, xaxis, height: Math.max(layout.height || 0, 520)};
}

export default {
  render({model, el}) {
    // Not awaited: the rest of the page shows while plotly.js loads.
    const div = document.createElement("div");
    el.appendChild(div);
    let Plotly = null;
    const draw = () => {
      const figure = model.get("figure");
      if (Plotly && figure && figure.data) {
        Plotly.react(div, figure.data, fit(figure.layout, el.offsetWidth || window.innerWidth), figure.config || {});
      }
    };
    // The widget may render before its box has a width; follow the box, not plotly's 700 px.
    let narrow = null;
    const resize = new ResizeObserver(() => {
      if (!Plotly || !div.offsetWidth) return;
      const now = el.offsetWidth < 560;
      if (narrow !== null && now !== narrow) draw(); else Plotly.Plots.resize(div);
      narrow = now;
    });
    plotly(model).then((loaded) => { Plotly = loaded; draw(); resize.observe(el); })
      .catch((error) => { div.textContent = `plotly.js: ${error.message}`; });
    model.on("change:figure", draw);
    return () => { resize.disconnect(); if (Plotly) Plotly.purge(div); };
  },
};
