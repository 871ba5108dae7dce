// The kernel's pulse, and on the Voilà page the hand-over between the widgets and the reader's
// module (reader.js, the page's first paint; absent in JupyterLab).
// - Pings every 2 s. The first answer means the widgets are live: once they have drawn and the
//   reader is not mid-move, the reader's choice goes to the kernel ({apply}), and the widgets
//   take the page's place (body.cg-widgets).
// - No answer for ``timeout_ms`` (connection or kernel gone): the module answers again with the
//   widgets' last choice (the address follows it); when the server answers, the page reloads
//   itself, the address keeping the choice. Without the module, a banner asks for a reload.
// - Hidden for ``release_ms``: the kernel is given back (Voilà's own shutdown call) and the module
//   answers, with a button to go live again.
function pageConfig() {
  try { return JSON.parse(document.getElementById("jupyter-config-data").textContent); } catch { return {}; }
}

function giveBack() {
  const { baseUrl = "/", kernelId } = pageConfig();
  if (!kernelId) return;
  const form = new FormData();
  const xsrf = document.cookie.match("\\b_xsrf=([^;]*)\\b");
  form.append("_xsrf", (xsrf && xsrf[1]) || "");
  navigator.sendBeacon(`${baseUrl}voila/api/shutdown/${kernelId}`, form);
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

// While the widgets are live the module's block is out of the document (one answer, one set of
// controls for a screen reader, find-in-page and scripts), kept here to come back.
let parked = null;
function park() {
  const block = document.getElementById("cg-first-paint");
  if (block) { parked = block; block.remove(); }
}
function unpark() {
  const cells = document.getElementById("rendered_cells");
  if (parked && !parked.isConnected && cells) cells.before(parked);
}

// The answer and its chart drawn by the widgets (at most ``limitMs``: a chart that never draws
// must not keep the module in front for ever).
async function drawn(limitMs) {
  const until = Date.now() + limitMs;
  while (Date.now() < until && !document.querySelector(".cg-summary-widget .cg-summary") ||
         Date.now() < until && !document.querySelector(".cg-chart .gtitle")) await sleep(200);
}

export default {
  render({model, el}) {
    el.classList.add("cg-connection");
    const reader = () => window.cardguideReader;
    const body = document.body.classList;
    let last = Date.now(), live = false, state = "starting", applied = null, hidden = 0;

    async function takeOver() {
      await drawn(20000);
      while (reader() && !reader().idle()) await sleep(300);
      const r = reader();
      if (r && r.touched()) {
        const ack = new Promise((done) => { applied = done; });
        model.send({apply: r.query()});
        await Promise.race([ack, sleep(5000)]);
      }
      if (state !== "starting") return;
      state = "live";
      body.remove("cg-offline");
      body.add("cg-widgets");
      park();
      if (r) r.live(null);
    }

    function fallBack(kind) {
      const r = reader();
      state = kind;
      unpark();
      body.remove("cg-widgets");
      body.add("cg-offline");
      r.follow(location.search);
      r.live(kind);
    }

    async function waitForServer() {
      const probe = new URL("../../favicon.svg", new URL(document.getElementById("cg-reader").dataset.bundle, location.href));  // the reader's page's icon
      while (state === "offline") {
        await sleep(3000);
        if (document.hidden) continue;
        try {
          if (!(await fetch(probe, {cache: "no-store"})).ok) continue;
        } catch { continue; }
        await sleep(model.get("timeout_ms") / 2);  // a socket that came back brings pongs
        if (Date.now() - last < model.get("timeout_ms")) { state = "starting"; takeOver(); return; }
        reader().reload();
        return;
      }
    }

    model.on("msg:custom", (msg) => {
      if (msg && msg.pong) {
        last = Date.now();
        el.style.display = "none";
        if (!live) { live = true; takeOver(); }
      }
      if (msg && msg.applied && applied) applied();
    });
    function check() {
      if (state === "paused") return;
      try { model.send({ping: true}); } catch (error) { /* the socket is gone: no pong will come */ }
      if (Date.now() - last <= model.get("timeout_ms")) return;
      if (!reader()) {
        el.textContent = model.get("message");
        el.style.display = "block";
      } else if (state !== "offline") {
        fallBack("offline");
        waitForServer();
      }
    }
    const timer = setInterval(check, 2000);
    // Back from another app (a phone may have frozen this page), or a touch while the pulse is
    // overdue: a ping at once, and without a pong within 1.5 s the module answers, so a dead
    // control is not left doing nothing until the next check.
    function suspect() {
      if (state !== "live" || Date.now() - last < 3000) return;
      const asked = Date.now();
      try { model.send({ping: true}); } catch (error) { /* no pong will come */ }
      setTimeout(() => {
        if (state === "live" && last < asked && reader()) { fallBack("offline"); waitForServer(); }
      }, 1500);
    }
    for (const type of ["pointerdown", "keydown", "input"]) document.addEventListener(type, suspect, true);
    const onVisibility = () => {
      clearTimeout(hidden);
      if (!document.hidden) suspect();
      if (document.hidden && reader() && state !== "paused") {
        hidden = setTimeout(() => { giveBack(); fallBack("paused"); }, model.get("release_ms"));
      }
    };
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      clearInterval(timer);
      clearTimeout(hidden);
      document.removeEventListener("visibilitychange", onVisibility);
      for (const type of ["pointerdown", "keydown", "input"]) document.removeEventListener(type, suspect, true);
    };
  },
};
