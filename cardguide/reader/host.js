// The one front end's entry, for every host (esbuild bundles it with reader.js, timeline.js and
// kernel.js into widget.js: `make module`, harness/npm.py).
// - A page without a kernel (the reader's page): start() mounts the page's root
//   (.cg-reader[data-bundle], site.reader_html) over a LocalModel made from the link.
// - cardguide's Voilà page: the same, and then the page's kernel joins it (joinKernel): this
//   module speaks the kernel's websocket and the widget protocol itself (kernel.js), with no
//   Voilà front end on the page; the kernel's model gets the reader's current choice and draws
//   the Plotly Gantt; the page keeps answering and says so if the connection or the kernel goes.
// - A kernel host (anywidget's front-end module: JupyterLab, Notebook 7, Voilà's own templates):
//   render() draws an instance in the widget's box over the kernel's model.
import * as tl from "./timeline.js";
import { LocalModel, mount, scriptUrl, setHtml, stateFromQuery } from "./reader.js";
import { KernelLink } from "./kernel.js";

// Said as soon as this module runs: fallback.js (a classic script) tells a browser below the
// baseline, where it never runs, that the controls need a newer one.
if (typeof window !== "undefined") window.cardguideReaderRan = true;

// Said once this module answers, or cannot (a test's way to time the first answer).
function started() {
  window.cardguideReaderStarted = true;
  document.dispatchEvent(new Event("cardguide-reader"));
}

// eslint-disable-next-line compat/compat -- checked for first; a timer where it is missing (Safari)
const idle = (fn) => (typeof requestIdleCallback === "function" ? requestIdleCallback(fn, { timeout: 2000 }) : setTimeout(fn, 200));

/** One of the bundle's files (site.BUNDLE, site.MORE), checked against the integrity the page names. */
async function bundleFile(url, sri) {
  const response = await fetch(url, sri ? { integrity: sri } : {});
  if (!response.ok) throw new Error(String(response.status));
  return response.json();
}

async function start() {
  const root = document.querySelector(".cg-reader[data-bundle]");
  if (!root || root.dataset.cgStarting) return;
  root.dataset.cgStarting = "1";
  try {
    // With the integrity the page names it by (site.bundle_integrity), as the head preloads it.
    const bundle = await bundleFile(root.dataset.bundle, root.dataset.bundleIntegrity);
    // On the Voilà page, the server's today: the same day the kernel counts from.
    const today = root.dataset.today || tl.beijingToday(Date.now());
    const model = new LocalModel(stateFromQuery(tl.load(bundle), today, location.search));
    root.cardguide = mount(root, bundle, model, { page: true });
    // The rest of the bundle (bundle.LATER: the article), fetched once the page has answered.
    more(root, bundle);
    // The static page only (site.py names its worker): open again without a signal (sw.js).
    // Registered once the page has loaded and the browser is idle: its install fetches the page
    // and the build's files again, which a phone's first answer and first taps do not wait for.
    const worker = document.querySelector('meta[name="cardguide-sw"]');
    if (worker && "serviceWorker" in navigator) {
      const register = () => idle(() => navigator.serviceWorker.register(scriptUrl(worker.content)).catch(() => {}));
      if (document.readyState === "complete") register(); else addEventListener("load", register, { once: true });
    }
    // The Voilà page: its kernel joins once the answer is on screen and the page has all come
    // (Voilà streams the cells, with the kernel's id and the widget's, as the notebook runs).
    if (root.dataset.embedded) {
      const join = () => requestAnimationFrame(() => setTimeout(() => joinKernel(root.cardguide), 0));
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", join, { once: true });
      else join();
    }
  } catch (exc) {
    const box = root.querySelector(".cg-problems");
    if (box) setHtml(box, `<div class="cg-warn">${tl.escapeHtml(root.dataset.badData || "")}</div>`);
  }
  started();
}

/** The bundle's second file (site.MORE), with its integrity: its parts join the bundle and the
 * page draws what waited for them. Without it the article says it could not be loaded. */
async function more(root, bundle) {
  try {
    Object.assign(bundle, await bundleFile(root.dataset.more, root.dataset.moreIntegrity));
    root.cardguide.more();
  } catch (exc) {
    root.cardguide.more(root.dataset.badData || "");
  }
}

// ---- the Voilà page's kernel -------------------------------------------------------------

function pageConfig() {
  try { return JSON.parse(document.getElementById("jupyter-config-data").textContent); } catch (e) { return {}; }
}

/** Gives the page's kernel back at once (Voilà's own shutdown call, with the _xsrf cookie the
 * server set), as Voilà's beacon does when a tab closes. */
function giveBack() {
  const { baseUrl = "/", kernelId } = pageConfig();
  if (!kernelId || giveBack.done) return;
  giveBack.done = true;
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
 * a new kernel joins with it, unless the socket came back (the same kernel then gets the choice
 * made meanwhile). A kernel that restarted or closed the widget (`lost`): the same, at once.
 * Hidden for `release_ms`: the kernel is given back and the page answers alone, with a button to
 * go live again.
 */
function pulse(handle, model, link) {
  const timeout = () => model.get("timeout_ms") || 8000;
  let last = Date.now(), state = "live", hidden = 0;
  model.on("msg:custom", (msg) => { if (msg && msg.pong) last = Date.now(); });
  const ping = () => { try { model.send({ ping: true }); } catch (e) { /* the socket is gone: no pong will come */ } };
  function alone(kind) {
    state = kind;
    handle.live(kind);
    if (kind !== "paused") waitForServer(kind);
  }
  async function waitForServer(kind) {
    const probe = new URL("../../favicon.svg", new URL(handle.root.dataset.bundle, location.href));  // the reader's page's icon
    while (state === kind) {
      await sleep(3000);
      if (document.hidden) continue;
      try {
        if (!(await fetch(probe, { cache: "no-store" })).ok) continue;
      } catch (e) { continue; }
      if (kind === "offline") {
        link.wake();
        await sleep(timeout() / 2);  // a socket that came back brings pongs
        if (state !== kind) return;
        if (Date.now() - last < timeout()) {
          state = "live";
          handle.live(null);
          handle.follow(model);  // the choice made meanwhile
          return;
        }
      }
      handle.reload();
      return;
    }
  }
  function check() {
    if (state === "paused" || state === "restarted") return;
    ping();
    if (state === "live" && Date.now() - last > timeout()) alone("offline");
  }
  setInterval(check, 2000);
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
      hidden = setTimeout(() => { giveBack(); link.stop(); alone("paused"); }, model.get("release_ms") || 120000);
    }
  };
  document.addEventListener("visibilitychange", onVisibility);
  // The kernel restarted or closed the widget (kernel.js): said, and the page reloads with the choice.
  return { lost() { if (state !== "paused") alone("restarted"); } };
}

/**
 * cardguide's Voilà page: its kernel joins the page's instance. The page's config (Voilà's
 * `#jupyter-config-data`) names the kernel, the notebook's output names the widget's model
 * (`application/vnd.jupyter.widget-view+json`, the template renders it as it is); the link
 * (kernel.js) brings the model's state, the instance follows it with the reader's current
 * choice, and the pulse watches it. A reader who leaves gives the kernel back at once.
 */
async function joinKernel(page) {
  const config = pageConfig();
  const view = document.querySelector('script[type="application/vnd.jupyter.widget-view+json"]');
  let modelId = null;
  try { modelId = JSON.parse(view.textContent).model_id; } catch (e) { /* no widget on this page */ }
  if (!page || !config.kernelId || !modelId || typeof WebSocket === "undefined") return null;
  let watch = null;
  // Lost before its state came (the kernel restarted as the page arrived): said, and a reload.
  const lost = () => { if (watch) watch.lost(); else { page.live("restarted"); setTimeout(() => page.reload(), 3000); } };
  const link = new KernelLink(config, { on: { lost } });
  addEventListener("pagehide", () => { giveBack(); link.stop(); });
  // Back from the browser's page cache: the kernel was given back as the page left.
  addEventListener("pageshow", (event) => { if (event.persisted) page.reload(); });
  const model = await link.widget(modelId);
  page.follow(model);
  watch = pulse(page, model, link);
  page.kernel = link;
  page.joined = true;
  return link;
}

// ---- anywidget's front-end module ---------------------------------------------------------

/**
 * A key pressed in one of the module's controls is the control's (an arrow key on a slider or in
 * the year view, a digit in a number field), not one of the notebook's shortcuts. JupyterLab and
 * Notebook 7 (lumino) match a shortcut such as ArrowRight's (`notebook:move-cursor-heading-below-
 * or-expand`, selector `.jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus`) against
 * the focused element itself, and cancel the key when one matches. Notebook 7 does so on the
 * document in the capture phase, before the key reaches the control; JupyterLab in the bubbling
 * phase. Lumino skips every shortcut for a key whose target, or an element between the target and
 * the one a selector matches, carries `data-lm-suppress-shortcuts`: so each element of this root
 * carries it as soon as it takes focus (the controls are redrawn: the year view's days, the
 * fields), and the root too. The notebook's own handlers above the root do not see the key.
 */
function keepKeys(root) {
  root.setAttribute("data-lm-suppress-shortcuts", "true");
  const onFocus = (e) => { if (e.target !== root && e.target.setAttribute) e.target.setAttribute("data-lm-suppress-shortcuts", "true"); };
  const onKey = (e) => { if (e.target !== root) e.stopPropagation(); };
  root.addEventListener("focusin", onFocus);
  root.addEventListener("keydown", onKey);
}

export default {
  render({ model, el }) {
    const bundle = model.get("bundle");
    const root = document.createElement("section");
    root.className = "cg-reader cg-widget";
    root.setAttribute("aria-labelledby", "cg-title");
    setHtml(root, bundle.skeleton[model.get("lang")] || bundle.skeleton.zh);
    el.appendChild(root);
    keepKeys(root);
    const handle = mount(root, bundle, model);
    return () => handle.destroy();
  },
};

if (typeof document !== "undefined") start();
