// The one front end's entry, for every host (esbuild bundles it with reader.js and timeline.js
// into widget.js: `make module`, harness/npm.py).
// - A page without a kernel (the reader's page, and the Voilà page until its kernel joins):
//   start() mounts the page's root (.cg-reader[data-bundle], site.reader_html) over a
//   LocalModel made from the link.
// - A kernel host (anywidget's front-end module: JupyterLab, Notebook 7, Voilà): render() draws
//   an instance in the widget's box over the kernel's model. On cardguide's Voilà page, whose
//   first paint is already the module answering, the kernel's model joins that instance instead:
//   it gets the reader's current choice and draws the Plotly Gantt; the page keeps answering
//   and says so if the connection or the kernel goes (pulse below).
import * as tl from "./timeline.js";
import { LocalModel, mount, stateFromQuery } from "./reader.js";

// Said as soon as this module runs: fallback.js (a classic script) tells a browser below the
// baseline, where it never runs, that the controls need a newer one.
if (typeof window !== "undefined") window.cardguideReaderRan = true;

// Said once this module answers, or cannot: the Voilà page starts its own scripts only then
// (paint-first.js), so a phone's first moments go to the answer; a kernel's view waits for it.
function started() {
  window.cardguideReaderStarted = true;
  document.dispatchEvent(new Event("cardguide-reader"));
}

async function start() {
  const root = document.querySelector(".cg-reader[data-bundle]");
  if (!root || root.dataset.cgStarting) return;
  root.dataset.cgStarting = "1";
  try {
    const response = await fetch(root.dataset.bundle);
    if (!response.ok) throw new Error(String(response.status));
    const bundle = await response.json();
    // On the Voilà page, the server's today: the same day the kernel counts from.
    const today = root.dataset.today || tl.beijingToday(Date.now());
    const model = new LocalModel(stateFromQuery(tl.load(bundle), today, location.search));
    root.cardguide = mount(root, bundle, model, { page: true });
    // The static page only (site.py names its worker): open again without a signal (sw.js).
    const worker = document.querySelector('meta[name="cardguide-sw"]');
    if (worker && "serviceWorker" in navigator) navigator.serviceWorker.register(worker.content).catch(() => {});
  } catch (exc) {
    const box = root.querySelector(".cg-problems");
    if (box) box.innerHTML = `<div class="cg-warn">${tl.escapeHtml(root.dataset.badData || "")}</div>`;
  }
  started();
}

// ---- the Voilà page's kernel -------------------------------------------------------------

function pageConfig() {
  try { return JSON.parse(document.getElementById("jupyter-config-data").textContent); } catch (e) { return {}; }
}

/** Gives the page's kernel back at once (Voilà's own shutdown call, with the _xsrf cookie the
 * server set), as Voilà's beacon does when a tab closes. */
function giveBack() {
  const { baseUrl = "/", kernelId } = pageConfig();
  if (!kernelId) return;
  const form = new FormData();
  const xsrf = document.cookie.match("\\b_xsrf=([^;]*)\\b");
  form.append("_xsrf", (xsrf && xsrf[1]) || "");
  navigator.sendBeacon(`${baseUrl}voila/api/shutdown/${kernelId}`, form);
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * The kernel's pulse on the Voilà page: a ping every 2 s, answered by the kernel (app.Dashboard).
 * No answer for `timeout_ms` (the connection or the kernel gone): the page answers alone and says
 * so; once the server answers again the page reloads itself, the address holding the choice, and
 * a new kernel joins with it. Hidden for `release_ms`: the kernel is given back and the page
 * answers alone, with a button to go live again.
 */
function pulse(handle, model) {
  const timeout = () => model.get("timeout_ms") || 8000;
  let last = Date.now(), state = "live", hidden = 0;
  const onMessage = (msg) => { if (msg && msg.pong) last = Date.now(); };
  model.on("msg:custom", onMessage);
  const ping = () => { try { model.send({ ping: true }); } catch (e) { /* the socket is gone: no pong will come */ } };
  function alone(kind) {
    state = kind;
    handle.live(kind);
    if (kind === "offline") waitForServer();
  }
  async function waitForServer() {
    const probe = new URL("../../favicon.svg", new URL(handle.root.dataset.bundle, location.href));  // the reader's page's icon
    while (state === "offline") {
      await sleep(3000);
      if (document.hidden) continue;
      try {
        if (!(await fetch(probe, { cache: "no-store" })).ok) continue;
      } catch (e) { continue; }
      await sleep(timeout() / 2);  // a socket that came back brings pongs
      if (Date.now() - last < timeout()) {
        state = "live";
        handle.live(null);
        handle.follow(model);  // the choice made meanwhile
        return;
      }
      handle.reload();
      return;
    }
  }
  function check() {
    if (state === "paused") return;
    ping();
    if (state === "live" && Date.now() - last > timeout()) alone("offline");
  }
  const timer = setInterval(check, 2000);
  // Back from another app (a phone may have frozen this page), or a touch while the pulse is
  // overdue: a ping at once, and without a pong within 1.5 s the page says it answers alone.
  function suspect() {
    if (state !== "live" || Date.now() - last < 3000) return;
    const asked = Date.now();
    ping();
    setTimeout(() => { if (state === "live" && last < asked) alone("offline"); }, 1500);
  }
  for (const type of ["pointerdown", "keydown", "input"]) document.addEventListener(type, suspect, true);
  const onVisibility = () => {
    clearTimeout(hidden);
    if (!document.hidden) suspect();
    if (document.hidden && state === "live") {
      hidden = setTimeout(() => { giveBack(); alone("paused"); }, model.get("release_ms") || 120000);
    }
  };
  document.addEventListener("visibilitychange", onVisibility);
  return () => {
    clearInterval(timer);
    clearTimeout(hidden);
    model.off("msg:custom", onMessage);
    document.removeEventListener("visibilitychange", onVisibility);
    for (const type of ["pointerdown", "keydown", "input"]) document.removeEventListener(type, suspect, true);
  };
}

/** The page's own instance, once mounted (null if the page has none, or it could not start). */
function pageInstance() {
  const root = document.querySelector(".cg-reader[data-embedded]");
  if (!root || root.cardguide) return Promise.resolve(root ? root.cardguide : null);
  if (window.cardguideReaderStarted) return Promise.resolve(null);
  return new Promise((done) => document.addEventListener("cardguide-reader", () => done(root.cardguide || null), { once: true }));
}

/**
 * On cardguide's Voilà page the widget's own box shows nothing (the page's instance follows the
 * kernel): its output, and its cell when that holds nothing else, take no room; and when no
 * cell of the notebook shows anything, neither does Voilà's shell, which would otherwise leave a
 * screen of blank under the article. A notebook with outputs of its own (`serve --notebook`)
 * keeps them. The view may not be in the document yet when it renders: a few frames' patience.
 */
function tuck(el, tries = 0) {
  const output = el.closest(".jp-OutputArea-child");
  const cell = el.closest(".jp-Cell");
  if (!output || !cell) {
    if (tries < 60) requestAnimationFrame(() => tuck(el, tries + 1));
    return;
  }
  output.style.display = "none";
  const shows = (node) => node.style.display !== "none" && node.getClientRects().length > 0;
  if (![...cell.querySelectorAll(".jp-OutputArea-child")].some(shows)) cell.style.display = "none";
  const cells = document.getElementById("rendered_cells");
  const shell = document.getElementById("main");
  if (cells && shell && shell.contains(cells) && ![...cells.querySelectorAll(".jp-Cell")].some(shows)) {
    shell.style.display = "none";
  }
}

// ---- anywidget's front-end module ---------------------------------------------------------

export default {
  async render({ model, el }) {
    const page = await pageInstance();
    if (page && !page.joined) {
      // cardguide's Voilà page: the page's instance follows this kernel; this box stays empty.
      page.joined = true;
      el.hidden = true;
      tuck(el);
      page.follow(model);
      const stop = pulse(page, model);
      return () => { stop(); page.joined = false; };
    }
    const bundle = model.get("bundle");
    const root = document.createElement("section");
    root.className = "cg-reader cg-widget";
    root.setAttribute("aria-labelledby", "cg-title");
    root.innerHTML = bundle.skeleton[model.get("lang")] || bundle.skeleton.zh;
    el.appendChild(root);
    const handle = mount(root, bundle, model);
    return () => handle.destroy();
  },
};

if (typeof document !== "undefined") start();
