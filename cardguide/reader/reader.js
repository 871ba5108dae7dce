// One instance of the explainer's page, drawn in the browser from the package's bundle over a
// model of the reader's choice (anywidget's model contract): the hosts are host.js's. The rules
// and words are timeline.js's (from the bundle); this file only places them.
import * as tl from "./timeline.js";

const SVG = "http://www.w3.org/2000/svg";
const $ = (root, sel) => root.querySelector(sel);

// ---- the one way HTML enters the page -----------------------------------------------------
// Every piece of markup the module writes is built from the bundle, with every value from data
// or the reader escaped where it is interpolated (tl.escapeHtml). It reaches the DOM only here,
// through one Trusted Types policy ("cardguide", the only one the pages' policy allows beside
// plotly.js's default: cardguide/security.py), which refuses markup that could run a script:
// an element that runs or embeds one, an event-handler attribute, a javascript: address. Text
// is escaped, so only a real tag starts with "<": what a reader typed ("onerror=") passes as text.
const RUNS_SCRIPT = /<\s*\/?\s*(script|iframe|object|embed|frame|base|meta|link|style)\b|<[^>]*\son[a-z]+\s*=|<[^>]*\s(href|src|action|formaction|xlink:href)\s*=\s*["']?\s*javascript:/i;
function checked(markup) {
  if (RUNS_SCRIPT.test(markup)) throw new TypeError("cardguide: markup that could run a script was refused");
  return markup;
}
function createPolicy() {
  if (typeof trustedTypes !== "object" || !trustedTypes || !trustedTypes.createPolicy) return null;
  try {
    // eslint-disable-next-line compat/compat -- checked for first: browsers without Trusted Types take the string
    return trustedTypes.createPolicy("cardguide", {
      createHTML: checked,
      // The service worker and plotly.js: files of this page's own origin only.
      createScriptURL: (url) => {
        if (new URL(url, document.baseURI).origin !== location.origin) throw new TypeError(`cardguide: refused ${url}`);
        return url;
      },
    });
  } catch (exc) {
    return null;  // a host whose own policy names other policies: its pages, its rules
  }
}
const policy = createPolicy();
/** Sets `node`'s markup (the module's only way in for HTML). */
export function setHtml(node, markup) {
  node.innerHTML = policy ? policy.createHTML(String(markup)) : checked(String(markup));  // the policy checks it
}
/** A same-origin script address for a script's `src` or a service worker. */
export function scriptUrl(url) {
  return policy ? policy.createScriptURL(url) : url;
}

function el(tag, attrs = {}, html = null) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    node.setAttribute(k, v === true ? "" : v);
  }
  if (html !== null) setHtml(node, html);
  return node;
}

function plainText(ctx, html, lang) {
  const box = document.createElement("div");
  setHtml(box, html.replace(/<br>/g, tl.t(ctx, "app.list_sep", lang)));
  return box.textContent.trim();
}

// ---- the Gantt, as SVG ----------------------------------------------------------------

// The chart's colours are the bundle's (figures.COLOURS and, for a dark page, COLOURS_DARK), set
// on the root as --cg-light-* and --cg-dark-*; reader.css picks one set for --cg-c-* (colours)
// and --cg-e-* (edges) by the page's colour scheme, so a change of scheme needs no redraw.
function setPalette(root, colours) {
  for (const [scheme, set] of [["light", colours], ["dark", colours.dark]]) {
    for (const [key, value] of Object.entries(set)) if (typeof value === "string") root.style.setProperty(`--cg-${scheme}-${key}`, value);
    for (const [key, value] of Object.entries(set.edges)) root.style.setProperty(`--cg-${scheme}-edge-${key}`, value);
  }
  // The year view's shades and the ink a day's number takes on each (reader.css: .cg-shade<n>).
  colours.scale.forEach((colour, n) => {
    root.style.setProperty(`--cg-scale-${n}`, colour);
    root.style.setProperty(`--cg-ink-${n}`, colours.ink[n]);
  });
}

function ganttSvg(ctx, est, lang, width, label, today = null) {
  const start = est.submitted - 1, end = est.followUp + 2, n = end - start;
  // Today within the chart: a line mid-day, its label in a band of its own above the holidays' names.
  const now = today !== null && today >= start && today < end;
  const left = 8, right = 8, top = now ? 46 : 30, row = 40;
  const labels = est.typical.stages.map((s) => tl.text(s.label, lang));
  const height = top + labels.length * row + 26;
  const x = (day) => left + ((day - start) / n) * (width - left - right);
  const parts = [];
  // A band's name above it, kept inside the chart near either edge.
  const note = (middle, label) => {
    const anchor = middle > width - 90 ? `x="${width - right}" text-anchor="end"` : middle < 90 ? `x="${left}" text-anchor="start"` : `x="${middle}" text-anchor="middle"`;
    return `<text ${anchor} y="${top - 8}" class="cg-g-note">${tl.escapeHtml(label)}</text>`;
  };
  for (const run of tl.daysOffNamed(est.submitted, est.followUp, ctx)) {
    parts.push(`<rect x="${x(run.first)}" y="${top}" width="${x(run.last + 1) - x(run.first)}" height="${labels.length * row}" class="cg-f-non_working"/>`);
    if (run.name >= 0 && run.last > run.first) {
      parts.push(note((x(run.first) + x(run.last + 1)) / 2, tl.holidayName(run.name, lang, ctx)));
    }
  }
  for (let d = est.submitted; d <= est.followUp; d++) {
    if (!tl.isMakeup(d, ctx)) continue;
    parts.push(`<rect x="${x(d)}" y="${top}" width="${x(d + 1) - x(d)}" height="${labels.length * row}" class="cg-f-makeup"/>`);
    parts.push(note((x(d) + x(d + 1)) / 2, tl.t(ctx, "figure.makeup", lang)));
  }
  const bar = (days, y, h, colour) => {
    let runStart = days[0];
    const out = [];
    days.forEach((d, i) => {
      if (i === days.length - 1 || days[i + 1] !== d + 1) {
        out.push(`<rect x="${x(runStart)}" y="${y}" width="${x(d + 1) - x(runStart)}" height="${h}" class="cg-f-${colour}"/>`);
        runStart = days[i + 1];
      }
    });
    return out.join("");
  };
  est.typical.stages.forEach((stage, index) => {
    const y = top + index * row;
    parts.push(`<text x="${left}" y="${y + 14}" class="cg-g-label">${tl.escapeHtml(labels[index])}</text>`);
    if (stage.actor === "user") {
      parts.push(bar(stage.days, y + 20, 12, "user"));
      return;
    }
    const every = [...new Set(est.scenarios.flatMap((s) => s.stages[index].days))].sort((a, b) => a - b);
    parts.push(bar(every, y + 18, 18, "range"));
    parts.push(bar(stage.days, y + 22, 10, "typical"));
  });
  const line = (day, colour, dash) => `<line x1="${x(day + 1)}" x2="${x(day + 1)}" y1="${top}" y2="${top + labels.length * row}" class="cg-s-${colour}" stroke-width="2" stroke-dasharray="${dash}"/>`;
  parts.push(line(est.best.completion, "completion", "6 3"), line(est.worst.completion, "completion", "6 3"),
    line(est.followUp, "follow_up", "2 3"));
  if (now) {
    const mid = (x(today) + x(today + 1)) / 2;
    const anchor = mid > width - 60 ? "end" : mid < 60 ? "start" : "middle";
    parts.push(`<line x1="${mid}" x2="${mid}" y1="${top - 22}" y2="${top + labels.length * row}" stroke-width="2" class="cg-g-today"/>`);
    parts.push(`<text x="${anchor === "end" ? mid - 4 : anchor === "start" ? mid + 4 : mid}" y="${top - 26}" text-anchor="${anchor}" class="cg-g-note cg-g-today-label">${tl.escapeHtml(tl.t(ctx, "figure.today", lang))}</text>`);
  }
  const step = Math.max(1, Math.ceil(26 / ((width - left - right) / n)));
  for (let d = start; d < end; d += step) {
    const day = tl.iso(d, ctx);
    parts.push(`<text x="${(x(d) + x(d + 1)) / 2}" y="${height - 8}" text-anchor="middle" class="cg-g-tick">${day.slice(5, 7)}-${day.slice(8)}</text>`);
  }
  return `<svg xmlns="${SVG}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${tl.escapeHtml(label)}" focusable="false">${parts.join("")}</svg>`;
}

function legendHtml(ctx, est, lang) {
  const item = (kind, label) => `<li><span class="cg-sw cg-sw-${kind}"></span>${tl.escapeHtml(label)}</li>`;
  const when = (a, b) => tl.dateSpan(a, b, lang, ctx);
  const items = [item("user", tl.t(ctx, "figure.user_step", lang)),
    item("range", tl.t(ctx, "figure.range", lang)),
    item("typical", tl.t(ctx, "figure.typical", lang)),
    item("completion", tl.t(ctx, "figure.legend_item", lang, { label: tl.t(ctx, "figure.completion", lang), when: when(est.best.completion, est.worst.completion) })),
    item("follow_up", tl.t(ctx, "figure.legend_item", lang, { label: tl.t(ctx, "figure.follow_up", lang), when: when(est.followUp, est.followUp) })),
    item("non_working", tl.t(ctx, "figure.non_working", lang))];
  let makeup = false;
  for (let d = est.submitted; d <= est.followUp && !makeup; d++) makeup = tl.isMakeup(d, ctx);
  if (makeup) items.push(item("makeup", tl.t(ctx, "figure.makeup", lang)));
  return `<ul class="cg-legend">${items.join("")}</ul>`;
}

function chartTitles(ctx, est, lang) {
  const title = tl.t(ctx, "figure.title", lang, { carrier: tl.text(est.carrier.name, lang), date: tl.shortDate(est.submitted, lang, ctx) });
  let subtitle = tl.t(ctx, "figure.subtitle", lang, { best: tl.shortDate(est.best.completion, lang, ctx), worst: tl.shortDate(est.worst.completion, lang, ctx) });
  if (est.remote && est.carrier.remote_forwarding) subtitle += tl.t(ctx, "figure.assumption", lang);
  if (est.provisionalYears.length) subtitle += tl.t(ctx, "figure.provisional", lang, { years: tl.yearList(est.provisionalYears, lang, ctx) });
  return { title, subtitle };
}

// ---- the year view ------------------------------------------------------------------

/** The twelve months the year view shows: those on show while they hold the chosen day (a click
 * in the view never moves the view), else from today's month, else the chosen day's own. */
function yearWindow(ctx, plan, shown) {
  const holds = (w) => w && w[0] <= plan.submitted && plan.submitted <= w[1];
  if (holds(shown)) return shown;
  const todays = tl.twelveMonths(ctx, plan.today);
  return holds(todays) ? todays : tl.twelveMonths(ctx, plan.submitted);
}

function yearViewHtml(ctx, plan, carrier, lang, [first, last]) {
  const grid = tl.yearGrid(ctx, first, last, carrier, plan.remote);
  const low = Math.min(...grid.worstDays), high = Math.max(...grid.worstDays);
  const deadline = plan.deadline ? tl.indexOf(plan.deadline, ctx) : null;
  const names = new Map();
  for (const run of tl.daysOffNamed(grid.first, grid.last, ctx)) {
    if (run.name < 0) continue;
    for (let d = run.first; d <= run.last; d++) {
      names.set(d, tl.holidayName(run.name, lang, ctx) + (tl.isProvisional(tl.yearOf(d, ctx), ctx) ? tl.t(ctx, "app.provisional_mark", lang) : ""));
    }
  }
  for (const d of grid.days) if (tl.isMakeup(d, ctx)) names.set(d, tl.t(ctx, "figure.makeup", lang));
  const monthLabel = (m, y) => tl.t(ctx, "year.month_of_year", lang, { year: y, month: tl.monthName(m, lang, ctx) });
  const months = [];
  let body = "", cur = null;
  const scale = ctx.b.colours.scale;
  grid.days.forEach((d, i) => {
    const day = tl.iso(d, ctx);
    const key = day.slice(0, 7);
    if (key !== cur) {
      if (cur) months.push(body + "</div></div>");
      cur = key;
      const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
      const wd = (new Date(day + "T00:00:00Z").getUTCDay() + 6) % 7;
      body = `<div class="cg-month"><div class="cg-month-name">${tl.escapeHtml(monthLabel(m, y))}</div><div class="cg-days" role="presentation">`
        + [0, 1, 2, 3, 4, 5, 6].map((w) => `<span class="cg-wd" aria-hidden="true">${tl.escapeHtml(tl.weekdayName(w, lang, ctx))}</span>`).join("")
        + `<span class="cg-pad cg-span${wd}"></span>`.repeat(wd ? 1 : 0);
    }
    const colour = tl.colourScale(ctx, grid.worstDays[i], low, high);
    const shade = scale.indexOf(colour);  // its colour and its ink: --cg-scale-<n>, --cg-ink-<n> (setPalette)
    const holiday = names.has(d) ? tl.t(ctx, "year.holiday", lang, { name: tl.escapeHtml(names.get(d)) }) : "";
    let hover = tl.t(ctx, "year.hover", lang, { date: tl.longDate(d, lang, ctx), holiday, best: tl.shortDate(grid.best[i], lang, ctx),
      worst: tl.shortDate(grid.worst[i], lang, ctx), days: grid.worstDays[i] });
    const late = deadline !== null && grid.worst[i] > deadline;
    if (late) hover += tl.t(ctx, "year.late", lang, { deadline: tl.shortDate(deadline, lang, ctx) });
    const cls = ["cg-day", `cg-shade${shade}`, late ? "cg-late" : "", d === deadline ? "cg-deadline" : "", day === plan.submitted ? "cg-selected" : ""].join(" ").trim();
    body += `<button type="button" class="${cls}" data-day="${day}" tabindex="${day === plan.submitted ? 0 : -1}" aria-pressed="${day === plan.submitted}" aria-label="${tl.escapeHtml(plainText(ctx, hover, lang))}">${Number(day.slice(8))}</button>`;
  });
  months.push(body + "</div></div>");
  const names_ = { carrier: tl.text(carrier.name, lang), phrase: tl.text(carrier.phrase, lang) };
  const title = first.endsWith("-01-01") && last.endsWith("-12-31")
    ? tl.t(ctx, "year.title", lang, { year: first.slice(0, 4), ...names_ })
    : tl.t(ctx, "year.window_title", lang, { first: monthLabel(Number(first.slice(5, 7)), Number(first.slice(0, 4))),
      last: monthLabel(Number(last.slice(5, 7)), Number(last.slice(0, 4))), ...names_ });
  const inside = grid.provisionalYears.filter((y) => y >= Number(first.slice(0, 4)) && y <= Number(last.slice(0, 4)));
  const notice = inside.length ? tl.t(ctx, "year.provisional", lang, { years: tl.yearList(inside, lang, ctx) })
    : grid.provisionalYears.length ? tl.t(ctx, "year.spills", lang, { year: grid.provisionalYears[0] }) : "";
  const slow = new Set(scale.slice(-2));
  const periods = [];
  grid.days.forEach((d, i) => {
    if (!slow.has(tl.colourScale(ctx, grid.worstDays[i], low, high))) return;
    const last_ = periods[periods.length - 1];
    if (last_ && last_.last === d - 1) { last_.last = d; last_.most = Math.max(last_.most, grid.worstDays[i]); }
    else periods.push({ first: d, last: d, most: grid.worstDays[i] });
  });
  const slowItems = periods.map((p) => `<li>${tl.escapeHtml(tl.t(ctx, "year.slow_item", lang, { days: tl.dateSpan(p.first, p.last, lang, ctx), most: p.most }))}</li>`).join("");
  const legend = `<p class="cg-scale">${tl.escapeHtml(tl.t(ctx, "year.colorbar", lang))}: ${low} `
    + scale.map((s, n) => `<span class="cg-sw cg-shade${n}"></span>`).join("") + ` ${high}</p>`
    + (deadline !== null ? `<p class="cg-small">${tl.escapeHtml(tl.t(ctx, "year.late_legend", lang))} · ${tl.escapeHtml(tl.t(ctx, "year.deadline_legend", lang))}</p>` : "");
  return `<h3>${tl.escapeHtml(tl.t(ctx, "year.heading", lang))}</h3><p class="cg-year-title">${tl.escapeHtml(title)}</p>`
    + `<p class="cg-small">${tl.escapeHtml(tl.t(ctx, "year.subtitle", lang))}</p>`
    + (notice ? `<div class="cg-warn">${tl.escapeHtml(notice)}</div>` : "")
    + `<div class="cg-months" role="group" aria-label="${tl.escapeHtml(tl.t(ctx, "year.grid_label", lang, { title }))}">${months.join("")}</div>${legend}`
    + `<p>${tl.escapeHtml(tl.t(ctx, "year.slow_heading", lang))}</p><ul class="cg-slow">${slowItems}</ul>`;
}

// ---- the page -----------------------------------------------------------------------

/** Copies a text field's value: the Clipboard API where the browser has it, else the selection
 * and execCommand (old WebViews, chat apps, a page on http://); where neither works the text is
 * left selected for the reader. Resolves to whether it was copied. */
function copyField(input) {
  const bySelection = () => {
    input.focus();
    input.select();
    try { input.setSelectionRange(0, input.value.length); } catch (e) { /* not a text field */ }
    try { return document.execCommand("copy"); } catch (e) { return false; }
  };
  // eslint-disable-next-line compat/compat -- checked for first; execCommand and the selection are the fallbacks
  const clipboard = navigator.clipboard;
  if (clipboard && typeof clipboard.writeText === "function") {
    return clipboard.writeText(input.value).then(() => true, bySelection);
  }
  return Promise.resolve(bySelection());
}

/** A copy button's answer: "copied" on its face, or how to copy the selected text by hand. */
function copied(ctx, lang, button, note, ok) {
  button.textContent = ok ? tl.t(ctx, "controls.copied", lang) : button.textContent;
  if (note) note.textContent = ok ? "" : tl.t(ctx, "controls.copy_manually", lang);
}

// Every part of an instance is found by its class inside its root: two instances in one
// notebook share no id. The few ids a label or a landmark needs carry the instance's prefix.

/** The date slider, above the answer (.cg-when): where the page's own one was (texts.early_date_html). */
function whenHtml(ctx, id, lang) {
  return `<div class="cg-field"><label for="${id}date">${tl.escapeHtml(tl.t(ctx, "app.date", lang))}</label>`
    + `<input id="${id}date" class="cg-date" type="range" min="0" step="1"><output class="cg-date-out" for="${id}date"></output></div>`;
}

function controlsHtml(ctx, id, lang) {
  const T = (key, f) => tl.escapeHtml(tl.t(ctx, key, lang, f));
  // The carrier: a slider with one stop per carrier (the bundle's order), each stop named under
  // the track. The names are for the eye and the pointer (a tap on one moves the slider there);
  // the slider is the one control, speaking the chosen carrier's name (aria-valuetext).
  const stops = ctx.b.carriers.map((c, i) => `<span class="cg-stop" data-stop="${i}">${tl.escapeHtml(tl.text(c.short || c.name, lang))}</span>`).join("");
  const review = tl.SCENARIOS.map((s) => `<label class="cg-num">${T(`scenario.${s}`)}<input type="number" inputmode="numeric" min="1" max="${ctx.b.max_review}" step="1" name="review-${s}"></label>`).join("");
  return `<div class="cg-field"><label for="${id}pick">${T("controls.choose_day")}</label><input id="${id}pick" class="cg-pick" type="date"></div>`
    + `<div class="cg-field cg-carrier-field"><label for="${id}carrier">${T("app.carrier")}</label>`
    + `<input id="${id}carrier" class="cg-carrier" type="range" min="0" max="${ctx.b.carriers.length - 1}" step="1">`
    + `<div class="cg-stops" aria-hidden="true">${stops}</div><output class="cg-carrier-out" for="${id}carrier"></output></div>`
    + `<div class="cg-field"><label><input class="cg-remote" type="checkbox"> ${tl.escapeHtml(tl.text(ctx.b.remote.option, lang))}</label></div>`
    + `<fieldset class="cg-review"><legend>${T("controls.assumptions")}</legend>${review}<button type="button" class="cg-reset">${T("controls.reset")}</button>`
    + `<p class="cg-small">${T("controls.assumptions_help", { bound: ctx.b.max_review })}</p><div class="cg-review-note" role="status"></div></fieldset>`
    + `<fieldset class="cg-deadline"><legend>${T("deadline.heading")}</legend><p class="cg-small">${T("deadline.help")}</p>`
    + `<label for="${id}by">${T("deadline.label")}</label> <input id="${id}by" class="cg-by" type="date"> <button type="button" class="cg-clear">${T("deadline.clear")}</button>`
    + `<div class="cg-by-answer" role="status"></div><button type="button" class="cg-move"></button></fieldset>`;
}

// ---- the model: the reader's choice -------------------------------------------------------
// The choice lives in the model's keys (anywidget's model in a kernel host, LocalModel on a page
// without one): date, carrier, remote, review (own review days by carrier), deadline, lang,
// holder; the host gives today, problems (a link's, in both languages) and, with a kernel,
// figure (the Plotly Gantt computed in Python for the choice) and _plotly_js (plotly.js, asked for).
const CHOICE = ["date", "carrier", "remote", "review", "deadline", "lang", "holder"];

/** A model for a page without a kernel: anywidget's model contract (get, set, on, off,
 * save_changes, send) over a plain object; changes are announced as `change:<key>`. */
export class LocalModel {
  constructor(state) { this.state = { ...state }; this.handlers = new Map(); }
  get(key) { return this.state[key]; }
  set(key, value) {
    if (this.state[key] === value) return;
    this.state[key] = value;
    for (const fn of this.handlers.get(`change:${key}`) || []) fn(this, value);
  }
  on(name, fn) { if (!this.handlers.has(name)) this.handlers.set(name, new Set()); this.handlers.get(name).add(fn); }
  off(name, fn) { if (this.handlers.has(name)) this.handlers.get(name).delete(fn); }
  save_changes() {}
  send() {}
}

/** The model's first state for a link's query (plan.parse_query, as Python reads it). */
export function stateFromQuery(ctx, today, search) {
  const p = tl.planFromQuery(ctx, today, search);
  return { date: p.submitted, carrier: p.carrier, remote: p.remote, review: p.own, deadline: p.deadline || "",
    lang: p.lang, holder: p.holder, today, first: p.first, last: p.last,
    problems: p.problems.map((e) => ({ zh: e.message_("zh"), en: e.message_("en") })), figure: {} };
}

/** The key a Gantt was drawn for: Python's figure carries it (app.Dashboard), so the module
 * shows the kernel's chart only for the choice the reader sees. */
function chartKey(plan, carrier) {
  return [plan.submitted, plan.carrier, plan.remote ? 1 : 0, carrier.review_days.join(","), plan.lang].join("|");
}

// ---- plotly.js, for the kernel's Gantt ----------------------------------------------------
// Never from a CDN: on the Voilà page from this server (the template names it in a meta tag),
// elsewhere (JupyterLab, Voilà's own templates) from the kernel, which reads the same vendored
// file. Loaded once per page, when the chart is on screen (or 100 px from it) and the browser is
// idle: plotly.js running is a long task (0.7 s on a phone), never in a page's first seconds.
let plotlyLoading = null;
function runScript(src, integrity) {
  return new Promise((resolve, reject) => {
    const define = window.define;
    window.define = undefined;  // a page with an AMD loader would swallow the UMD global
    const script = document.createElement("script");
    if (integrity) script.integrity = integrity;
    script.src = scriptUrl(src);
    script.onload = () => { window.define = define; window.Plotly ? resolve(window.Plotly) : reject(new Error("no Plotly")); };
    script.onerror = () => { window.define = define; reject(new Error(`cannot load ${src}`)); };
    document.head.appendChild(script);
  });
}
function plotlyFromKernel(model) {
  if (model.get("_plotly_js")) return Promise.resolve(model.get("_plotly_js"));
  return new Promise((resolve) => {
    const arrived = () => { model.off("change:_plotly_js", arrived); resolve(model.get("_plotly_js")); };
    model.on("change:_plotly_js", arrived);
    model.send({ need: "plotly" });
  });
}
/** On a page whose policy requires Trusted Types (cardguide's Voilà page): plotly.js's own
 * <style> is refused, so its rules come from a file linked first with the id plotly.js looks
 * for (its hook: it then injects nothing), and the SVG strings it parses itself pass through a
 * narrow default policy: an <svg> document for DOMParser, nothing else. */
function plotlyPolicies(meta) {
  if (meta.dataset.css && !document.getElementById("plotly.js-style-global")) {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.id = "plotly.js-style-global";
    link.className = "no-inline-styles";
    if (meta.dataset.cssIntegrity) link.integrity = meta.dataset.cssIntegrity;
    link.href = meta.dataset.css;
    document.head.appendChild(link);
  }
  if (typeof trustedTypes === "object" && trustedTypes && trustedTypes.createPolicy && !trustedTypes.defaultPolicy) {
    trustedTypes.createPolicy("default", {
      createHTML: (markup, type, sink) => {
        if (sink === "DOMParser parseFromString" && /^\s*<svg[\s>]/.test(markup) && !RUNS_SCRIPT.test(markup)) return markup;
        throw new TypeError(`cardguide: ${sink} refused markup`);
      },
    });
  }
}
function loadPlotly(model) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!plotlyLoading) {
    const meta = document.querySelector('meta[name="cardguide-plotly"]');
    const viaKernel = () => plotlyFromKernel(model).then((code) =>
      runScript(URL.createObjectURL(new Blob([code], { type: "text/javascript" }))));
    if (meta) plotlyPolicies(meta);
    plotlyLoading = meta ? runScript(meta.content, meta.dataset.integrity).catch(viaKernel) : viaKernel();
    plotlyLoading.catch(() => { plotlyLoading = null; });
  }
  return plotlyLoading;
}
/** plotly.js into the browser's HTTP cache, not run (a fetch runs nothing): the Voilà page's
 * copy, once the kernel's first figure has come (the first answer long on screen, the link
 * quiet), so that the chart, when reached, costs plotly.js's running only, not its 321 KB on a
 * slow link. Not on a phone that asks to save data (`navigator.connection.saveData`, what the
 * browser's Save-Data header says): the chart reached fetches it then, as before. The response is
 * cacheable (`Cache-Control: public`, voila_adapter.app.StaticCaching), so runScript's <script>,
 * the same address and integrity, reads it from the cache. */
let plotlyFetched = null;
function prefetchPlotly() {
  const meta = document.querySelector('meta[name="cardguide-plotly"]');
  // eslint-disable-next-line compat/compat -- checked for first; missing (Safari): nothing asks to save data
  const connection = typeof navigator !== "undefined" ? navigator.connection : null;
  if (plotlyFetched || plotlyLoading || window.Plotly || !meta || typeof fetch !== "function") return;
  if (connection && connection.saveData) return;
  const options = meta.dataset.integrity ? { integrity: meta.dataset.integrity } : {};
  plotlyFetched = fetch(meta.content, options).then((response) => response.blob()).catch(() => null);
}
// eslint-disable-next-line compat/compat -- checked for first; a timer where it is missing (Safari)
const whenIdle = (fn) => (typeof requestIdleCallback === "function" ? requestIdleCallback(fn, { timeout: 2000 }) : setTimeout(fn, 200));

/** The kernel's figure on a dark page: each of the chart's light colours (figures.COLOURS, the
 * bundle's) swapped for its dark one (figures.COLOURS_DARK), as the SVG Gantt's CSS does. */
function darkFigure(ctx, figure) {
  const light = ctx.b.colours, dark = light.dark, swap = new Map();
  for (const [key, value] of Object.entries(light)) if (typeof value === "string" && dark[key]) swap.set(value, dark[key]);
  for (const [key, value] of Object.entries(light.edges || {})) if (dark.edges && dark.edges[key]) swap.set(value, dark.edges[key]);
  return JSON.parse(JSON.stringify(figure), (key, value) => (typeof value === "string" && swap.has(value) ? swap.get(value) : value));
}

/**
 * The colour scheme the host's own theme asks for, or null where the host has none (the reader's
 * page, cardguide's Voilà page: prefers-color-scheme decides there, reader.css's media query).
 * JupyterLab, Notebook 7 and Voilà's lab template (`--theme=dark`) say it on the body as
 * `data-jp-theme-light` ("true"/"false"); marimo as `data-theme` ("dark"/"light", its own setting
 * or the system's, resolved: frontend/src/theme/ThemeProvider.tsx).
 */
export function hostScheme(doc) {
  const body = doc && doc.body;
  if (!body) return null;
  const jupyter = body.getAttribute("data-jp-theme-light");
  if (jupyter === "true" || jupyter === "false") return jupyter === "true" ? "light" : "dark";
  const marimo = body.getAttribute("data-theme");
  return marimo === "dark" || marimo === "light" ? marimo : null;
}
/** The body's attributes hostScheme reads: a host switching theme changes one of them. */
const SCHEME_ATTRIBUTES = ["data-jp-theme-light", "data-theme"];

/** Whether `root` is drawn dark: its host's theme (data-cg-scheme), else the phone's setting. */
function isDark(root) {
  if (root.dataset.cgScheme) return root.dataset.cgScheme === "dark";
  return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
}

// ---- one instance ------------------------------------------------------------------------

/**
 * Draws and runs one instance in `root` (holding the page's HTML: site.reader_html, or the
 * bundle's `skeleton`) over `model`. `page`: this instance is the page (the reader's page, the
 * Voilà page), so it owns the title, the address and the document's language.
 */
export function mount(root, bundle, model, { page = false } = {}) {
  // The chart's width, read before this instance writes anything: the page as painted is laid
  // out, so the read is free; read after the first writes it would lay the whole page out again
  // inside the mounting task (a phone's longest task). A redraw reads it anew (render).
  const box = root.querySelector(".cg-chart");
  let chartWidth = (box && box.clientWidth) || 0;
  const ctx = tl.load(bundle);
  const id = `cg${Math.random().toString(36).slice(2, 8)}-`;
  // The server's few ids (a landmark's label) get this instance's prefix.
  for (const node of root.querySelectorAll("[id]")) node.id = id + node.id;
  for (const node of root.querySelectorAll("[aria-labelledby]")) node.setAttribute("aria-labelledby", id + node.getAttribute("aria-labelledby"));
  if (root.getAttribute("aria-labelledby")) root.setAttribute("aria-labelledby", id + root.getAttribute("aria-labelledby"));
  const today = model.get("today");
  const plan = { today, first: null, last: null, problems: [], todayNote: tl.coverageNote(ctx, today) };
  // typed: the own review days as the reader typed them while they do not yet make a valid set
  // (best 2, typical 4 typed over 1/2/3 reads 2/4/3 until the worst is typed): kept in the fields.
  let notice = null, typed = null, yearKey = null, shownYear = null, printing = false;
  const part = (name) => root.querySelector(`.cg-${name}`);
  const parts = {
    problems: part("problems"), answer: part("answer"), notes: part("notes"),
    when: part("when"), controls: part("controls"), chart: part("chart"), table: part("table"),
    share: part("share"), downloads: part("downloads"), year: part("year"),
    article: part("article"), checklist: part("checklist"),
    holder: part("holder-box"), holderNotes: part("holder-why"),
  };
  const days = () => tl.indexOf(plan.last, ctx) - tl.indexOf(plan.first, ctx);
  // Mounting draws what is on the first screen; what is below it follows the first frame.
  let mounted = false, servedLang = null;
  const later = (fn) => requestAnimationFrame(() => setTimeout(fn, 0));
  let urls = [];

  // ---- the model's keys into the plan, and the reader's changes into the model ----
  function read(key) {
    const v = model.get(key);
    if (key === "date") plan.submitted = v;
    else if (key === "review") plan.own = { ...(v || {}) };
    else if (key === "deadline") plan.deadline = v || null;
    else plan[key] = v;
  }
  /** The slider's span: kept while the day is inside it, else the span a link to that day gets. */
  function span() {
    if (!plan.first || !(plan.first <= plan.submitted && plan.submitted <= plan.last)) {
      [plan.first, plan.last] = model.get("first") && !plan.first ? [model.get("first"), model.get("last")] : tl.dateRange(ctx, plan.today, plan.submitted);
    }
  }
  for (const key of CHOICE) read(key);
  plan.problems = model.get("problems") || [];
  span();
  function save(changes) {
    for (const [key, value] of Object.entries(changes)) model.set(key, value);
    model.save_changes();
  }
  function commit() {
    save({ date: plan.submitted, carrier: plan.carrier, remote: plan.remote, review: { ...plan.own },
      deadline: plan.deadline || "", lang: plan.lang, holder: plan.holder });
  }
  // A change from the other side (Python, or a second view of the same model).
  function external(key) {
    const before = JSON.stringify([plan.submitted, plan.carrier, plan.remote, plan.own, plan.deadline, plan.lang, plan.holder]);
    read(key);
    if (JSON.stringify([plan.submitted, plan.carrier, plan.remote, plan.own, plan.deadline, plan.lang, plan.holder]) === before) return;
    span();
    notice = null;
    typed = null;
    if (key === "lang") setLang(plan.lang); else render();
  }
  const listeners = [];
  function listen(m) {
    for (const key of CHOICE) {
      const fn = () => external(key);
      m.on(`change:${key}`, fn);
      listeners.push([m, `change:${key}`, fn]);
    }
    const onToday = () => {
      const next = m.get("today");
      if (!next || next === plan.today) return;
      const clamp = (d) => (d < plan.first ? plan.first : d > plan.last ? plan.last : d);
      const wasToday = plan.submitted === clamp(plan.today);
      plan.today = next;
      plan.todayNote = tl.coverageNote(ctx, next);
      [plan.first, plan.last] = tl.dateRange(ctx, next, plan.submitted);
      if (wasToday) plan.submitted = next < plan.first ? plan.first : next > plan.last ? plan.last : next;
      render();
    };
    const onProblems = () => { plan.problems = m.get("problems") || []; render(); };
    const onFigure = () => drawKernelChart();
    for (const [name, fn] of [["change:today", onToday], ["change:problems", onProblems], ["change:figure", onFigure]]) {
      m.on(name, fn);
      listeners.push([m, name, fn]);
    }
  }
  function unlisten() { for (const [m, name, fn] of listeners.splice(0)) m.off(name, fn); }
  listen(model);

  let articleLang = null;
  function drawArticle() {
    if (!ctx.b.article || articleLang === plan.lang) return;
    articleLang = plan.lang;
    setHtml(parts.article, ctx.b.article[plan.lang]);
  }
  function setLang(lang) {
    plan.lang = lang;
    if (page) {
      if (servedLang === null) servedLang = document.documentElement.lang;
      document.documentElement.lang = ctx.b.html_lang[lang];
    }
    root.setAttribute("lang", ctx.b.html_lang[lang]);
    part("title").textContent = tl.text(ctx.b.meta.title, lang);
    const source = part("footer-source");  // the reader's page's footer; not in the Voilà page's first paint
    if (source) source.textContent = tl.t(ctx, "app.source", lang, { source: tl.text(ctx.b.meta.source, lang) });
    for (const node of root.querySelectorAll("[data-t]")) node.textContent = tl.t(ctx, node.dataset.t, lang, JSON.parse(node.dataset.f || "{}"));
    for (const node of root.querySelectorAll("[data-lang]")) node.setAttribute("aria-current", String(node.dataset.lang === lang));
    if (parts.article) {
      // The page's own article (server HTML in this language) stays; else it is drawn when the
      // browser is idle on mounting (below the fold), at once on a language switch; on a page,
      // once the bundle's second file has come with it (host.js, more()).
      const kept = !mounted && parts.article.firstChild && page && servedLang === ctx.b.html_lang[lang];
      if (!kept) (mounted ? (f) => f() : whenIdle)(drawArticle);
    }
    if (parts.holder) {
      // Whose name the card is in: native radio buttons in a fieldset named by its legend.
      setHtml(parts.holder, `<fieldset class="cg-holder"><legend>${tl.escapeHtml(tl.t(ctx, "holder.legend", lang))}</legend>`
        + ctx.b.holders.map((h) => `<label><input type="radio" name="${id}holder" value="${tl.escapeHtml(h.id)}"> `
          + `${tl.escapeHtml(tl.text(h.option, lang))}</label>`).join("") + "</fieldset>");
      for (const input of parts.holder.querySelectorAll("input")) {
        input.addEventListener("change", () => { if (input.checked) { plan.holder = input.value; commit(); render(); } });
      }
    }
    showLive();
    // The page's own date slider (texts.early_date_html), there before this module: a reader who
    // moved it meanwhile gets as many days on from the day this instance starts at (the link's,
    // or today: the static page's HTML shows its build day), and keeps the focus on the slider.
    const early = mounted ? null : parts.when.querySelector(".cg-early .cg-date");
    const earlyFocus = Boolean(early) && early.ownerDocument.activeElement === early;
    const earlySteps = early ? Number(early.value) - Number(early.defaultValue) : 0;
    const earlyDay = earlySteps ? tl.iso(tl.indexOf(plan.submitted, ctx) + earlySteps, ctx) : null;
    setHtml(parts.when, whenHtml(ctx, id, lang));
    setHtml(parts.controls, controlsHtml(ctx, id, lang));
    const T = (key) => tl.escapeHtml(tl.t(ctx, key, lang));
    setHtml(parts.share, `<label for="${id}link">${T("controls.share_label")}</label> <input id="${id}link" class="cg-link" readonly> `
      + `<button type="button" class="cg-copy">${T("controls.copy")}</button><p class="cg-small cg-copy-note" role="status"></p>`
      + `<p class="cg-small">${T("controls.share_hint")}</p>`);
    part("copy").addEventListener("click", (e) => {
      const button = e.currentTarget;
      copyField(part("link")).then((ok) => copied(ctx, plan.lang, button, part("copy-note"), ok));
    });
    wire();
    yearKey = null;
    chart.drawn = null;
    if (earlyDay && earlyDay !== plan.submitted && plan.first <= earlyDay && earlyDay <= plan.last) {
      plan.submitted = earlyDay; notice = null; commit();
    }
    render();
    if (earlyFocus) part("date").focus();
  }

  function wire() {
    const date = part("date"), pick = part("pick"), carrier = part("carrier");
    date.addEventListener("input", () => choose(tl.iso(tl.indexOf(plan.first, ctx) + Number(date.value), ctx)));
    pick.addEventListener("change", () => {
      if (!pick.value) return;
      if (pick.value < plan.first || pick.value > plan.last) {
        notice = tl.error(ctx, "outside_slider", { date: pick.value, first: plan.first, last: plan.last, shown: plan.submitted });
        render();
      } else choose(pick.value);
    });
    // `input`: the answer follows a drag stop by stop; a key press is one step, one commit.
    const pickCarrier = (index) => {
      const chosen = ctx.b.carriers[index];
      if (!chosen || chosen.id === plan.carrier) return;
      plan.carrier = chosen.id; notice = null; typed = null; commit(); render();
    };
    carrier.addEventListener("input", () => pickCarrier(Number(carrier.value)));
    part("stops").addEventListener("click", (e) => {
      const stop = e.target.closest("[data-stop]");
      if (!stop) return;
      pickCarrier(Number(stop.dataset.stop));
      carrier.focus();
    });
    // The stops' row is laid out under the track in as many columns as there are carriers.
    part("carrier-field").style.setProperty("--cg-stops", String(ctx.b.carriers.length));
    part("remote").addEventListener("change", (e) => { plan.remote = e.target.checked; commit(); render(); });
    const reviewInputs = [...root.querySelectorAll(".cg-review input")];
    const applyReview = () => {
      try {
        typed = reviewInputs.map((i) => i.value);
        const own = tl.parseReviewDays(ctx, typed);
        const profile = tl.getCarrier(ctx, plan.carrier);
        const next = { ...plan.own };
        delete next[plan.carrier];
        if (own.join() !== profile.review_days.join()) next[plan.carrier] = own;
        plan.own = next;
        notice = null;
        typed = null;
        commit();
      } catch (exc) {
        if (!(exc instanceof tl.ReaderError)) throw exc;
        notice = exc;
      }
      render();
    };
    for (const input of reviewInputs) {
      input.addEventListener("change", applyReview);
      input.addEventListener("keydown", (e) => { if (e.key === "Enter") applyReview(); });
    }
    part("reset").addEventListener("click", () => {
      const next = { ...plan.own };
      delete next[plan.carrier];
      plan.own = next; notice = null; typed = null; commit(); render();
    });
    part("by").addEventListener("change", (e) => {
      if (!e.target.value) { plan.deadline = null; commit(); render(); return; }
      try { plan.deadline = tl.parseDate(ctx, e.target.value); commit(); } catch (exc) { notice = exc; }
      render();
    });
    part("clear").addEventListener("click", () => { plan.deadline = null; commit(); render(); });
    part("move").addEventListener("click", () => { if (latest) choose(tl.iso(latest.worst, ctx)); });
  }

  // The line about the live page (.cg-status, the Voilà page's): none, or why this module answers alone.
  let live = null;
  function showLive() {
    const box = part("status");
    if (!box) return;
    if (!live) { setHtml(box, ""); return; }
    setHtml(box, `<p class="cg-warn">${tl.escapeHtml(tl.t(ctx, `connection.${live}`, plan.lang))}`
      + (live === "paused" ? ` <button type="button" class="cg-reconnect">${tl.escapeHtml(tl.t(ctx, "connection.reconnect", plan.lang))}</button>` : "")
      + "</p>");
    const again = part("reconnect");
    if (again) again.addEventListener("click", () => reload());
  }

  function address() { return `?${tl.shareQuery(ctx, plan)}`; }
  // A reload keeps the choice: the address is written at once, not after the debounce.
  function reload() {
    clearTimeout(addressTimer);
    try { history.replaceState(null, "", address()); } catch (e) { /* a file:// page */ }
    location.reload();
  }

  function choose(day) {
    if (day < plan.first || day > plan.last) {
      notice = tl.error(ctx, "outside_slider", { date: day, first: plan.first, last: plan.last, shown: plan.submitted });
    } else { plan.submitted = day; notice = null; commit(); }
    render();
  }

  let latest = null, current = null, addressTimer = 0;
  // A chat app's own browser saves no file (a blob: link does nothing there): a tap on a
  // download says how to open the page in the phone's browser and offers the plan as text.
  const chatApp = tl.inChatApp(ctx, typeof navigator !== "undefined" ? navigator.userAgent : "");
  let chatHint = false;
  function drawChatHint(est, lang) {
    if (!chatHint) return;
    const T = (key) => tl.escapeHtml(tl.t(ctx, key, lang));
    const text = tl.planText(ctx, est, lang, { deadline: plan.deadline, holder: plan.holder, today: plan.today || null });
    const box = el("div", { class: "cg-chat cg-chat-hint" },
      `<p>${T("reader.chat_download")}</p><label for="${id}plan-text">${T("reader.plan_text_label")}</label>`
      + `<textarea id="${id}plan-text" class="cg-plan-text" readonly rows="10">${tl.escapeHtml(text)}</textarea>`
      + `<button type="button" class="cg-copy-plan">${T("reader.copy_plan")}</button>`
      + `<p class="cg-small cg-copy-plan-note" role="status"></p>`);
    parts.downloads.appendChild(box);
    box.querySelector(".cg-copy-plan").addEventListener("click", (e) => {
      const button = e.currentTarget;
      copyField(box.querySelector(".cg-plan-text")).then((ok) => copied(ctx, plan.lang, button, box.querySelector(".cg-copy-plan-note"), ok));
    });
  }
  // The files are written when asked for, not on every move of the slider.
  parts.downloads.addEventListener("click", (e) => {
    const a = e.target.closest("a");
    if (!a || !current) return;
    if (chatApp) {
      e.preventDefault();
      const first = !chatHint;
      chatHint = true;
      const old = part("chat-hint");
      if (old) old.remove();
      drawChatHint(current.est, current.lang);
      if (first) part("chat-hint").scrollIntoView({ block: "nearest" });
      return;
    }
    for (const u of urls) URL.revokeObjectURL(u);
    const { est, lang } = current;
    const stamp = new Date().toISOString().replace(/[-:]/g, "").slice(0, 15) + "Z";
    const format = ctx.b.downloads.find((f) => a.classList.contains(`cg-${f.name}`));
    if (!format) return;
    const blob = new Blob([tl.writeFile(ctx, format, est, lang, { stamp, deadline: plan.deadline, holder: plan.holder, today: plan.today || null })],
      { type: format.media_type });
    a.href = URL.createObjectURL(blob);
    urls = [a.href];
  });

  // ---- the chart: the module's SVG Gantt, or the kernel's Plotly Gantt in the same box ----
  // The box keeps the SVG's height whichever draws, so the switch moves nothing; the caption,
  // the legend and the stage table (the text alternative) are the module's in both.
  const chart = { key: null, height: 0, drawn: null, box: null, svg: null, plot: null, Plotly: null, wanted: false, stale: 0 };
  function drawChart(est, lang) {
    const { title, subtitle } = chartTitles(ctx, est, lang);
    const width = Math.max(280, Math.min(chartWidth || 640, 1100));
    const label = tl.t(ctx, "reader.chart_label", lang, { title, subtitle });
    const svg = ganttSvg(ctx, est, lang, width, label, plan.today ? tl.indexOf(plan.today, ctx) : null);
    chart.height = Number(/height="(\d+)"/.exec(svg)[1]);
    if (!chart.box || !chart.box.isConnected || chart.drawn !== lang) {
      setHtml(parts.chart, `<figure><figcaption><b class="cg-chart-title"></b><br><span class="cg-small cg-chart-subtitle"></span></figcaption>`
        + `<div class="cg-plotbox"><div class="cg-svg"></div><div class="cg-plotly" role="img" hidden></div></div><div class="cg-legend-box"></div></figure>`);
      chart.box = parts.chart.querySelector(".cg-plotbox");
      chart.svg = parts.chart.querySelector(".cg-svg");
      chart.plot = parts.chart.querySelector(".cg-plotly");
      chart.drawn = lang;
    }
    parts.chart.querySelector(".cg-chart-title").textContent = title;
    parts.chart.querySelector(".cg-chart-subtitle").textContent = subtitle;
    setHtml(parts.chart.querySelector(".cg-legend-box"), legendHtml(ctx, est, lang));
    chart.box.style.height = `${chart.height}px`;
    setHtml(chart.svg, svg);
    chart.plot.setAttribute("aria-label", label);
    chart.key = chartKey(plan, tl.planCarrier(ctx, plan));
    drawKernelChart();
  }
  /** The kernel's Plotly Gantt, when a kernel is live and its figure is for the choice shown;
   * until then (or with no kernel, or once it stops answering) the module's SVG. */
  function drawKernelChart() {
    if (!chart.box) return;
    let figure = model.get("figure");
    const kernel = !live && figure && figure.data;
    if (kernel && !chart.Plotly && !chart.wanted) wantPlotly();
    const fresh = kernel && figure.key === chart.key;
    if (fresh && chart.Plotly) {
      const dark = isDark(root);
      if (dark) figure = darkFigure(ctx, figure);
      const ink = getComputedStyle(root).color;
      // A phone's chart (under 560 px): day numbers every other day, level, so no two overlap.
      const narrow = (chartWidth || 640) < 560;
      const xaxis = narrow ? { ...figure.layout.xaxis, tickformat: "%-d", dtick: 2 * 86400000, tickangle: 0, tickfont: { size: 12 } } : figure.layout.xaxis;
      const layout = { ...figure.layout, xaxis, title: undefined, showlegend: false, height: chart.height,
        margin: { l: 10, r: 20, t: 24, b: 30 }, autosize: true, paper_bgcolor: "rgba(0,0,0,0)",
        plot_bgcolor: dark ? "rgba(0,0,0,0)" : figure.layout.plot_bgcolor, font: { ...figure.layout.font, color: ink } };
      chart.plot.hidden = false;
      chart.svg.hidden = true;
      chart.Plotly.react(chart.plot, figure.data, layout, { displayModeBar: false, responsive: true, ...(figure.config || {}) });
      chart.plot.dataset.key = figure.key;  // which choice it shows (tests, benchmarks)
      parts.chart.dataset.drawn = "plotly";
      clearTimeout(chart.stale);
      return;
    }
    // An old figure stays while the kernel works out the new one (a round trip); past 3 s, or
    // with no kernel, the module's own drawing.
    if (kernel && chart.Plotly && !chart.plot.hidden) {
      clearTimeout(chart.stale);
      chart.stale = setTimeout(() => { chart.plot.hidden = true; chart.svg.hidden = false; parts.chart.dataset.drawn = "svg"; }, 3000);
      return;
    }
    chart.plot.hidden = true;
    chart.svg.hidden = false;
    parts.chart.dataset.drawn = "svg";
  }
  function wantPlotly() {
    chart.wanted = true;
    whenIdle(prefetchPlotly);  // fetched now, run when the chart is reached (below)
    const go = () => whenIdle(() => loadPlotly(model).then((Plotly) => { chart.Plotly = Plotly; drawKernelChart(); })
      .catch(() => { chart.wanted = false; }));
    if (typeof IntersectionObserver !== "function") { go(); return; }
    const seen = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      seen.disconnect();
      go();
    }, { rootMargin: "100px 0px" });
    seen.observe(parts.chart);
  }

  let standing = null;  // where the chosen day's request stands today, when that day is past
  function render() {
    if (mounted) chartWidth = parts.chart.clientWidth || chartWidth;  // before this redraw writes
    const lang = plan.lang;
    const T = (key, f) => tl.t(ctx, key, lang, f);
    const carrier = tl.planCarrier(ctx, plan);
    let est;
    try {
      est = tl.estimate(ctx, plan.submitted, carrier, plan.remote);
    } catch (exc) {
      setHtml(parts.answer, tl.errorHtml(ctx, exc instanceof tl.ReaderError ? exc : tl.error(ctx, "calendar_range", { date: plan.submitted, first: plan.first, last: plan.last }), lang));
      return;
    }
    let err = null;
    latest = null;
    if (plan.deadline) {
      try { latest = tl.latestSubmission(ctx, plan.deadline, carrier, plan.remote, plan.today); } catch (exc) { err = exc; }
    }
    const problems = [plan.todayNote ? plan.todayNote.message_(lang) : null, ...plan.problems.map((p) => p[lang] || p.zh)]
      .filter(Boolean).map((p) => tl.warningHtml(p)).join("");
    setHtml(parts.problems, problems + tl.errorHtml(ctx, notice, lang));
    // A day before today: the answer opens with where that request stands today (the viewer's day).
    standing = null;
    if (plan.today && plan.submitted < plan.today) {
      try { standing = tl.status(ctx, est, plan.today); } catch (exc) { standing = null; }  // today past the data
    }
    setHtml(parts.answer, (standing ? tl.statusHtml(ctx, standing, lang) : "") + tl.summaryHtml(ctx, est, lang));
    setHtml(parts.notes, tl.notesHtml(ctx, est, lang));
    // controls
    const date = part("date");
    date.max = String(days());
    date.value = String(tl.indexOf(plan.submitted, ctx) - tl.indexOf(plan.first, ctx));
    date.setAttribute("aria-valuetext", tl.longDate(est.submitted, lang, ctx));
    part("date-out").textContent = tl.longDate(est.submitted, lang, ctx);
    const pick = part("pick");
    pick.min = plan.first; pick.max = plan.last; pick.value = plan.submitted;
    const carrierSlider = part("carrier"), chosen = ctx.b.carriers.findIndex((c) => c.id === plan.carrier);
    carrierSlider.value = String(chosen);
    carrierSlider.setAttribute("aria-valuetext", tl.text(carrier.name, lang));
    part("carrier-out").textContent = tl.text(carrier.name, lang);
    for (const stop of root.querySelectorAll(".cg-stop")) stop.classList.toggle("cg-chosen", Number(stop.dataset.stop) === chosen);
    part("remote").checked = plan.remote;
    if (parts.holder) for (const input of parts.holder.querySelectorAll("input")) input.checked = input.value === plan.holder;
    [...root.querySelectorAll(".cg-review input")].forEach((input, i) => {
      input.value = typed && notice ? typed[i] : String(carrier.review_days[i]);
    });
    const by = part("by");
    by.min = `${ctx.b.years[0]}-01-01`; by.max = `${ctx.b.years[1]}-12-31`; by.value = plan.deadline || "";
    setHtml(part("by-answer"), tl.deadlineHtml(ctx, latest, err, lang, plan.today));
    const move = part("move");
    move.textContent = latest ? T("deadline.button", { worst: tl.shortDate(latest.worst, lang, ctx) }) : T("deadline.button_idle");
    move.disabled = !latest;
    current = { est, lang };
    // Below the controls: on mounting, in a task of its own after the first frame (a phone's
    // mounting task stays short); on a redraw, at once.
    if (mounted) below(est, lang); else later(() => below(current.est, current.lang));  // the latest answer by then
    // The year view (below the fold, the largest part) waits for the first frame on mounting.
    if (mounted) drawYear(); else whenIdle(drawYear);
  }

  let holderKey = null;
  function below(est, lang) {
    const T = (key, f) => tl.t(ctx, key, lang, f);
    drawChart(est, lang);
    // the checklist for whoever holds the card (the timeline does not depend on it): redrawn
    // when the holder or the language changes, not on every move of the slider
    if (holderKey !== `${plan.holder} ${lang}`) {
      holderKey = `${plan.holder} ${lang}`;
      if (parts.checklist) setHtml(parts.checklist, tl.checklistHtml(ctx, plan.holder, lang));
      if (parts.holderNotes) setHtml(parts.holderNotes, tl.holderNotesHtml(ctx, plan.holder, lang));
    }
    const open = printing || Boolean(parts.table.querySelector("details[open]"));  // a redraw keeps it open
    setHtml(parts.table, `<details${open ? " open" : ""}><summary>${tl.escapeHtml(T("figure.table_toggle"))}</summary>${tl.stagesTableHtml(ctx, est, lang, standing && standing.est === est ? standing.stageNow : null)}</details>`);
    // share, downloads
    const query = tl.shareQuery(ctx, plan);
    const here = typeof location !== "undefined" && /^https?:$/.test(location.protocol) ? `${location.origin}${location.pathname}` : "";
    part("link").value = page ? `${here}?${query}` : `?${query}`;
    part("copy").textContent = T("controls.copy");
    if (page) {
      clearTimeout(addressTimer);
      addressTimer = setTimeout(() => { try { history.replaceState(null, "", `?${query}`); } catch (e) { /* a file:// page */ } }, 300);
      // The title is all WeChat shows of a shared page, with its address: it names the day.
      document.title = tl.pageTitle(ctx, est, lang);
    }
    setHtml(parts.downloads, `<b>${tl.escapeHtml(T("controls.downloads"))}</b><br>` + ctx.b.downloads.map((f) =>
      `<a class="cg-${f.name}" download="${tl.filename(ctx, est, f.name)}" href="#">↓ ${tl.escapeHtml(T(f.label))}</a>`).join(" "));
    drawChatHint(est, lang);
  }

  // year view: redrawn when its inputs change, else only the selection moves
  function drawYear() {
    const lang = plan.lang, carrier = tl.planCarrier(ctx, plan);
    shownYear = yearWindow(ctx, plan, shownYear);
    const key = JSON.stringify([lang, plan.carrier, plan.remote, carrier.review_days, plan.deadline, ...shownYear]);
    if (key !== yearKey) {
      yearKey = key;
      setHtml(parts.year, yearViewHtml(ctx, plan, carrier, lang, shownYear));
    } else {
      for (const b of parts.year.querySelectorAll(".cg-selected")) { b.classList.remove("cg-selected"); b.setAttribute("aria-pressed", "false"); b.tabIndex = -1; }
    }
    const sel = parts.year.querySelector(`[data-day="${plan.submitted}"]`);
    if (sel) { sel.classList.add("cg-selected"); sel.setAttribute("aria-pressed", "true"); sel.tabIndex = 0; }
    root.dataset.ready = "1";
  }

  parts.year.addEventListener("click", (e) => {
    const b = e.target.closest("[data-day]");
    if (b) choose(b.dataset.day);
  });
  parts.year.addEventListener("keydown", (e) => {
    const b = e.target.closest("[data-day]");
    const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 }[e.key];
    if (!b || !step) return;
    e.preventDefault();
    const next = parts.year.querySelector(`[data-day="${tl.iso(tl.indexOf(b.dataset.day, ctx) + step, ctx)}"]`);
    if (next) { b.tabIndex = -1; next.tabIndex = 0; next.focus(); }
  });
  for (const a of root.querySelectorAll("[data-lang]")) {
    a.addEventListener("click", (e) => { e.preventDefault(); setLang(a.dataset.lang); commit(); });
  }
  const onBeforePrint = () => { printing = true; for (const d of root.querySelectorAll("details")) d.open = true; };
  const onAfterPrint = () => { printing = false; };
  let resize = 0;
  const onResize = () => { cancelAnimationFrame(resize); resize = requestAnimationFrame(render); };
  // The host's theme (reader.css follows data-cg-scheme), followed as the host switches it; a
  // phone switching to dark mode (or back). The kernel's chart takes the other colours.
  const scheme = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;
  const onScheme = () => {
    const host = hostScheme(root.ownerDocument);
    if (host) root.dataset.cgScheme = host; else delete root.dataset.cgScheme;
    drawKernelChart();
  };
  if (scheme && scheme.addEventListener) scheme.addEventListener("change", onScheme);
  const themes = typeof MutationObserver === "function" && root.ownerDocument.body ? new MutationObserver(onScheme) : null;
  if (themes) themes.observe(root.ownerDocument.body, { attributes: true, attributeFilter: SCHEME_ATTRIBUTES });
  onScheme();
  addEventListener("beforeprint", onBeforePrint);
  addEventListener("afterprint", onAfterPrint);
  addEventListener("resize", onResize);
  setPalette(root, ctx.b.colours);
  root.classList.add("cg-mounted");
  setLang(plan.lang);
  mounted = true;
  root.dataset.cgMounted = "1";
  return {
    plan, render, ctx, reload, root,
    /** The model this instance follows now (a page's LocalModel until a kernel joins). */
    get model() { return model; },
    /** A kernel joins: its model gets the reader's current choice and is followed from now on. */
    follow(next) {
      unlisten();
      model = next;
      listen(model);
      commit();
      drawKernelChart();
    },
    /** The bundle's second file has come (host.js): the article, if the page is not showing its
     * own in this language; or it could not be had (`problem`, said where the article goes). */
    more(problem) {
      if (!parts.article) return;
      if (problem) { if (!parts.article.firstChild) setHtml(parts.article, `<p class="cg-warn">${tl.escapeHtml(problem)}</p>`); return; }
      const served = page && servedLang === ctx.b.html_lang[plan.lang] && parts.article.firstChild && articleLang === null;
      if (!served) whenIdle(drawArticle);
    },
    /** Why this module answers alone on the Voilà page: null, "offline", "restarted" or "paused". */
    live(kind) { live = kind; showLive(); drawKernelChart(); },
    destroy() {
      unlisten();
      clearTimeout(addressTimer);
      clearTimeout(chart.stale);
      removeEventListener("beforeprint", onBeforePrint);
      removeEventListener("afterprint", onAfterPrint);
      removeEventListener("resize", onResize);
      if (scheme && scheme.removeEventListener) scheme.removeEventListener("change", onScheme);
      if (themes) themes.disconnect();
      if (chart.Plotly && chart.plot) chart.Plotly.purge(chart.plot);
    },
  };
}
