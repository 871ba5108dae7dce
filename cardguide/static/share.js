// The link to share, from the address the viewer's browser used (scheme, host, port, path
// prefix): the kernel only sees the server's own view of itself, which a proxy hides.
let counter = 0;
// On the Voilà page (its template's meta, never JupyterLab's address), the address follows the
// choice: a reload, back/forward or a bookmark reopens it. Debounced like the reader's page.
const onDashboard = () => Boolean(document.querySelector('meta[name="cardguide-plotly"]'));
let addressTimer = 0;
function followAddress(query) {
  if (!onDashboard() || !query) return;
  clearTimeout(addressTimer);
  addressTimer = setTimeout(() => {
    try { history.replaceState(history.state, "", `${location.pathname}?${query}`); } catch { /* sandboxed */ }
  }, 300);
}

function copyText(text, input) {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  input.select();
  return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy"));
}

export default {
  render({model, el}) {
    el.classList.add("cg-links", "cg-share-box");
    const id = `cg-share-${++counter}`;
    const label = document.createElement("label");
    label.htmlFor = id;
    label.className = "cg-share-label";
    const row = document.createElement("div");
    row.className = "cg-share-row";
    const input = document.createElement("input");
    input.id = id;
    input.className = "cg-share";
    input.readOnly = true;
    input.addEventListener("focus", () => input.select());
    const button = document.createElement("button");
    button.type = "button";
    button.className = "cg-share-copy";
    const status = document.createElement("span");
    status.className = "cg-share-status";
    status.setAttribute("role", "status");
    const hint = document.createElement("small");
    hint.className = "cg-share-hint";
    row.append(input, button);
    el.append(label, row, status, hint);

    const show = () => {
      label.textContent = model.get("label");
      button.textContent = model.get("copy");
      hint.textContent = model.get("hint");
      input.value = `${location.origin}${location.pathname}?${model.get("query")}`;
      status.textContent = "";
    };
    button.addEventListener("click", () => {
      copyText(input.value, input).then(() => { status.textContent = model.get("copied"); },
                                        () => { input.select(); });
    });
    for (const name of ["query", "label", "hint", "copy", "copied"]) model.on(`change:${name}`, show);
    model.on("change:query", () => followAddress(model.get("query")));
    show();
  },
};
