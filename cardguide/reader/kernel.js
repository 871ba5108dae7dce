// The Voilà page's kernel, spoken to without Voilà's front end (issue 34).
//
// Voilà's front end is about 1.1 MB of JupyterLab to show one widget; the page needs three
// things of it: the kernel's websocket (jupyter_server's JSON messages, the legacy protocol
// every Jupyter server speaks), the widget protocol's few messages (ipywidgets'
// packages/schema/messages.md: open a comm on `jupyter.widget.control`, send `request_states`,
// one `update_states` reply with every model's state; then `update` / `echo_update` / `custom`
// on a model's comm), and a model with anywidget's contract for the module to follow. Voilà's
// server lets only comm and kernel-info messages through (voila/app.py): nothing here can run
// code. Anything else the socket brings (a message this page does not know, text that is not
// JSON, a binary frame) is left alone: the page answers from its bundle either way.

const VERSION = "5.3";

function uid() {
  let s = "";
  for (let i = 0; i < 32; i++) s += "0123456789abcdef"[Math.floor(Math.random() * 16)];
  return s;
}

/** The kernel's websocket address for the page's config (#jupyter-config-data). */
export function socketUrl(config, session, base = location.href) {
  const url = new URL(`${config.baseUrl || "/"}api/kernels/${encodeURIComponent(config.kernelId)}/channels`, base);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("session_id", session);
  return url.href;
}

/** One received frame as a message, or null: text that is JSON with a header; anything else
 * (a binary frame: this page's widget sends no buffers; a malformed text) is not one. */
export function parseFrame(data) {
  if (typeof data !== "string") return null;
  let msg;
  try { msg = JSON.parse(data); } catch (e) { return null; }
  if (!msg || typeof msg !== "object" || !msg.header || typeof msg.header.msg_type !== "string") return null;
  if (!msg.content || typeof msg.content !== "object") msg.content = {};
  return msg;
}

/**
 * A widget's model over its comm, with anywidget's contract (get, set, on/off, save_changes,
 * send): what reader.js follows, as it follows a LocalModel. `set` tells this page's listeners
 * at once; `save_changes` sends what was set since, as ipywidgets' `update`. The kernel's echo of
 * a key is dropped while a later change of that key is on its way (ipywidgets' own rule), so a
 * fast slider never steps back.
 */
export class KernelModel {
  constructor(link, id, state) {
    this.link = link; this.id = id; this.state = { ...state }; this.handlers = new Map();
    this.unsent = {}; this.sent = {};  // key -> the msg_id of its latest update
    this.closed = false;
  }
  get(key) { return this.state[key]; }
  set(key, value) {
    this.unsent[key] = value;
    if (this.state[key] === value) return;
    this.state[key] = value;
    this.emit(`change:${key}`, this, value);
  }
  save_changes() {
    const state = this.unsent;
    this.unsent = {};
    if (this.closed || !Object.keys(state).length) return;
    const msgId = this.link.comm(this.id, { method: "update", state, buffer_paths: [] });
    if (msgId) for (const key of Object.keys(state)) this.sent[key] = msgId;
  }
  send(content) {
    if (this.closed) throw new Error("closed");
    if (!this.link.comm(this.id, { method: "custom", content })) throw new Error("offline");
  }
  on(name, fn) { if (!this.handlers.has(name)) this.handlers.set(name, new Set()); this.handlers.get(name).add(fn); }
  off(name, fn) { if (this.handlers.has(name)) this.handlers.get(name).delete(fn); }
  emit(name, ...args) {
    for (const fn of [...(this.handlers.get(name) || [])]) {
      try { fn(...args); } catch (e) { setTimeout(() => { throw e; }); }
    }
  }
  /** A comm message from the kernel, for this model. */
  receive(data, parent) {
    if (!data || typeof data !== "object") return;
    if (data.method === "custom") { this.emit("msg:custom", data.content, []); return; }
    if ((data.method !== "update" && data.method !== "echo_update") || !data.state || typeof data.state !== "object") return;
    for (const [key, value] of Object.entries(data.state)) {
      const mine = this.sent[key];
      if (mine && data.method === "echo_update") {
        if (mine === parent) delete this.sent[key];
        continue;  // the page's own value, or an older one than the page's
      }
      if (mine && mine !== parent) continue;  // the kernel's answer to an older change: the page's is on its way
      if (mine) delete this.sent[key];  // the kernel's answer to the page's latest (a value put back)
      if (this.state[key] === value) continue;
      this.state[key] = value;
      this.emit(`change:${key}`, this, value);
    }
  }
}

/**
 * The kernel's link: one websocket, opened again after a drop (same session: jupyter_server
 * replays what the kernel said meanwhile), and the page's widget model once its state arrives.
 * `on.lost(why)`: "restarted" (the kernel restarted or died: its widgets are gone) or "closed"
 * (the kernel closed the widget's comm).
 */
export class KernelLink {
  constructor(config, { on = {} } = {}) {
    this.config = config; this.on = on;
    this.session = uid(); this.socket = null; this.models = new Map(); this.control = null;
    this.waiting = null; this.stopped = false; this.retry = 0; this.ignored = 0;
  }

  /** The model of the widget `modelId`, once the kernel has sent its state. */
  widget(modelId) {
    return new Promise((resolve) => {
      this.waiting = { modelId, resolve };
      this.open();
    });
  }

  open() {
    if (this.stopped) return;
    let socket;
    try { socket = new WebSocket(socketUrl(this.config, this.session)); } catch (e) { this.later(); return; }
    this.socket = socket;
    socket.onopen = () => {
      this.retry = 0;
      if (this.waiting) this.requestStates();
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.later();
    };
    socket.onerror = () => {};  // onclose follows
  }

  // Again after 1, 2, then every 3 s: an attempt is one HTTP upgrade, and a phone back on the
  // network should find its kernel before the pulse gives up on it.
  later() {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.open(), Math.min(3000, 1000 * 2 ** this.retry++));
  }

  /** The server answers again: try the socket at once if it is not open. */
  wake() {
    if (this.stopped || this.socket) return;
    clearTimeout(this.timer);
    this.open();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const model of this.models.values()) model.closed = true;
    if (this.socket) { const s = this.socket; this.socket = null; try { s.close(); } catch (e) { /* closing */ } }
  }

  /** Sends a shell message; its msg_id, or null when the socket is not open. */
  shell(msgType, content, metadata = {}) {
    const socket = this.socket;
    if (!socket || socket.readyState !== 1) return null;
    const msgId = uid();
    const header = { msg_id: msgId, msg_type: msgType, username: "", session: this.session, date: new Date().toISOString(), version: VERSION };
    try {
      socket.send(JSON.stringify({ header, parent_header: {}, metadata, content, buffers: [], channel: "shell" }));
    } catch (e) { return null; }
    return msgId;
  }

  comm(commId, data) { return this.shell("comm_msg", { comm_id: commId, data }); }

  requestStates() {
    this.control = uid();
    // The control protocol's version goes in the message's metadata (ipywidgets checks its major).
    this.shell("comm_open", { comm_id: this.control, target_name: "jupyter.widget.control", data: {} }, { version: "1.0.0" });
    this.comm(this.control, { method: "request_states" });
  }

  receive(data) {
    const msg = parseFrame(data);
    if (!msg) { this.ignored++; return; }
    const { msg_type: type } = msg.header;
    const content = msg.content;
    const parent = (msg.parent_header && msg.parent_header.msg_id) || null;
    if (type === "status" && (content.execution_state === "restarting" || content.execution_state === "dead")) {
      this.lose("restarted");
    } else if (type === "comm_msg" && content.comm_id === this.control && content.data && content.data.method === "update_states") {
      this.states(content.data.states);
    } else if (type === "comm_msg" && this.models.has(content.comm_id)) {
      this.models.get(content.comm_id).receive(content.data, parent);
    } else if (type === "comm_close" && this.models.has(content.comm_id)) {
      this.lose("closed");
    } else if (type !== "status" && type !== "comm_msg" && type !== "comm_open" && type !== "comm_close") {
      this.ignored++;  // a message this page has no use for
    }
  }

  states(states) {
    const waiting = this.waiting;
    if (!waiting || !states || typeof states !== "object") return;
    const entry = states[waiting.modelId];
    if (!entry || !entry.state || typeof entry.state !== "object") return;
    this.waiting = null;
    const model = new KernelModel(this, waiting.modelId, entry.state);
    this.models.set(waiting.modelId, model);
    waiting.resolve(model);
  }

  lose(why) {
    if (this.stopped) return;
    this.stop();
    if (this.on.lost) this.on.lost(why);
  }
}
