// The timeline's rules and words, computed from the bundle the package writes
// (cardguide/bundle.py). Pure functions: no DOM, so node runs them in the parity tests.
// Nothing here is a calendar, a rule's number or a word of its own: the calendar is the
// bundle's day string, the numbers are the carriers', the words are ui.toml's.

const DAY_MS = 86400000;

export function iso(index, ctx) {
  return new Date(ctx.epoch + index * DAY_MS).toISOString().slice(0, 10);
}

export function indexOf(isoDay, ctx) {
  return Math.round((Date.parse(isoDay + "T00:00:00Z") - ctx.epoch) / DAY_MS);
}

function parts(index, ctx) {
  const d = new Date(ctx.epoch + index * DAY_MS);
  return { y: d.getUTCFullYear(), M: d.getUTCMonth() + 1, d: d.getUTCDate(), wd: (d.getUTCDay() + 6) % 7 };
}

export function yearOf(index, ctx) { return parts(index, ctx).y; }

/** The bundle made ready for lookups: working-day positions and the named runs of days off. */
export function load(bundle) {
  if (!bundle || bundle.version !== 2 || !bundle.calendar || typeof bundle.calendar.days !== "string") {
    throw new Error("bundle");
  }
  const cal = bundle.calendar;
  const n = cal.days.length;
  const cum = new Int32Array(n + 1);
  const work = [];
  for (let i = 0; i < n; i++) {
    cum[i] = work.length;
    if (cal.days[i] !== "o") work.push(i);
  }
  cum[n] = work.length;
  const runName = new Int32Array(n).fill(-1);
  for (const [a, b, name] of cal.runs) for (let i = a; i <= b; i++) runName[i] = name;
  const ctx = { b: bundle, epoch: Date.parse(cal.first + "T00:00:00Z"), n, cum, work, runName,
    provisional: new Set(cal.provisional), carriers: new Map(bundle.carriers.map((c) => [c.id, c])),
    holders: new Map(bundle.holders.map((h) => [h.id, h])) };
  return ctx;
}

// ---- words ---------------------------------------------------------------------------

/** Python's str.format for named and positional fields, with {{ and }}. */
export function format(template, fields) {
  return template.replace(/\{\{|\}\}|\{(\w+)\}/g, (m, name) =>
    m === "{{" ? "{" : m === "}}" ? "}" : String(fields[name]));
}

export function text(entry, lang) { return entry[lang] || entry.zh; }

export function t(ctx, key, lang, fields = {}) {
  const [section, name] = key.split(".");
  return format(text(ctx.b.ui[section][name], lang), fields);
}

export function escapeHtml(value) {
  return String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
}

function fillDate(tokens, index, lang, ctx) {
  const p = parts(index, ctx);
  const words = ctx.b.dates[lang];
  return tokens.map((tok) => {
    if (typeof tok === "string") return tok;
    const f = tok[0];
    return f === "y" ? String(p.y) : f === "M" ? String(p.M) : f === "d" ? String(p.d)
      : f === "MMM" ? words.MMM[p.M - 1] : words[f][p.wd];
  }).join("");
}

export const longDate = (i, lang, ctx) => fillDate(ctx.b.dates[lang].long, i, lang, ctx);
export const shortDate = (i, lang, ctx) => fillDate(ctx.b.dates[lang].short, i, lang, ctx);
export const weekdayName = (wd, lang, ctx) => ctx.b.dates[lang].EEE[wd];
export const monthName = (m, lang, ctx) => ctx.b.dates[lang].MMM[m - 1];

/** The page's title for an answer (texts.page_title): what the page is, its day and carrier. */
export function pageTitle(ctx, est, lang) {
  return t(ctx, "reader.page_title", lang, { date: fillDate(ctx.b.dates[lang].title, est.submitted, lang, ctx), carrier: text(est.carrier.name, lang) });
}

/** Whether a user agent is a chat app's own browser, which cannot save a file (bundle.CHAT_APPS). */
export function inChatApp(ctx, userAgent) {
  return ctx.b.chat_apps.some((token) => String(userAgent || "").indexOf(token) >= 0);
}

export function dateSpan(first, last, lang, ctx) {
  if (first === last) return shortDate(first, lang, ctx);
  return t(ctx, "dates.span", lang, { first: shortDate(first, lang, ctx), last: shortDate(last, lang, ctx) });
}

/** Babel's format_list with the bundle's CLDR patterns. */
export function yearList(years, lang, ctx) {
  const p = ctx.b.dates[lang].list;
  const items = years.map(String);
  if (items.length === 1) return items[0];
  if (items.length === 2) return format(p["2"], items);
  let result = format(p.start, [items[0], items[1]]);
  for (const item of items.slice(2, -1)) result = format(p.middle, [result, item]);
  return format(p.end, [result, items[items.length - 1]]);
}

/** Bad input echoed back stays short and printable (carriers.shorten). */
export function shorten(value, limit = 40) {
  const s = Array.from(String(value), (ch) => (/[\p{C}\p{Zl}\p{Zp}]/u.test(ch) || (/\p{Zs}/u.test(ch) && ch !== " ") ? "?" : ch));
  return s.length <= limit ? s.join("") : s.slice(0, limit - 1).join("") + "…";
}

// ---- errors --------------------------------------------------------------------------

export class ReaderError extends Error {
  constructor(zh, en) { super(`${zh} / ${en}`); this.zh = zh; this.en = en; }
  message_(lang) { return lang === "en" ? this.en : this.zh; }
}

/** An error's words: `errors.<key>`, or `section.key` for a choice that keeps its errors beside its words. */
export function error(ctx, key, fields = {}) {
  const say = (lang) => {
    const values = {};
    for (const [k, v] of Object.entries(fields)) {
      values[k] = v instanceof ReaderError ? v.message_(lang) : v && typeof v === "object" ? v[lang] : v;
    }
    return t(ctx, `errors.${key}`, lang, values);
  };
  return new ReaderError(say("zh"), say("en"));
}

// ---- carriers ------------------------------------------------------------------------

export function basis(carrier) { return carrier.own ? "own" : carrier.assumption ? "assumption" : "article"; }

export function withReviewDays(ctx, carrier, days) {
  const original = carrier.review_days.join("/");
  return { ...carrier, review_days: days.slice(), assumption: true, own: true, source: {
    zh: t(ctx, "basis.own_source", "zh", { carrier: carrier.name.zh, original }),
    en: t(ctx, "basis.own_source", "en", { carrier: carrier.name.en, original }) } };
}

export function getCarrier(ctx, id) {
  if (typeof id === "string" && ctx.carriers.has(id)) return ctx.carriers.get(id);
  throw error(ctx, "unknown_carrier", { value: shorten(id), known: [...ctx.carriers.keys()].join(", ") });
}

export function checkReviewDays(ctx, values) {
  if (values.length !== 3) throw error(ctx, "review_not_three", { value: shorten(`[${values.join(", ")}]`) });
  const [best, typical, worst] = values;
  if (!(1 <= best && best <= typical && typical <= worst && worst <= ctx.b.max_review)) {
    throw error(ctx, "review_order", { bound: ctx.b.max_review, best, typical, worst });
  }
  return values;
}

export function parseReviewDays(ctx, value) {
  const items = typeof value === "string" ? value.replace(/\uff0c/g, ",").split(",") : value;
  const numbers = items.map((raw) => {
    const part = String(raw).trim();
    if (!/^[0-9]{1,4}$/.test(part)) {
      throw error(ctx, "review_not_whole", { value: shorten(part) || { zh: t(ctx, "errors.empty", "zh"), en: "" } });
    }
    return Number(part);
  });
  return checkReviewDays(ctx, numbers);
}

// ---- whose name the card is in (article.py: checklist_items, holder_notes) -----------

/** The holder's checklist as list items (texts.checklist_html). */
export function checklistHtml(ctx, holder, lang) {
  return ctx.holders.get(holder).checklist[lang].map((item) => `<li>${escapeHtml(item)}</li>`).join("");
}

/** What the holder's checklist rests on, each statement with its source (texts.holder_notes_html). */
export function holderNotesHtml(ctx, holder, lang) {
  const notes = ctx.holders.get(holder).notes[lang].map(([statement, source]) =>
    `<p class="cg-holder-note">${escapeHtml(statement)}<br><small class="cg-source">${escapeHtml(source)}</small></p>`);
  return `<div class="cg-holder-notes">${notes.join("")}</div>`;
}

// ---- the estimator (schedule.py) -----------------------------------------------------

const SCENARIOS = ["best", "typical", "worst"];
export { SCENARIOS };

export const isWorking = (i, ctx) => ctx.b.calendar.days[i] !== "o";
export const isMakeup = (i, ctx) => ctx.b.calendar.days[i] === "m";
export const isProvisional = (year, ctx) => ctx.provisional.has(year) || year < ctx.b.years[0];

function nthWorking(position, ctx) {
  if (position < 0 || position >= ctx.work.length) {
    throw error(ctx, "calendar_range", { date: "?", first: iso(0, ctx), last: iso(ctx.n - 1, ctx) });
  }
  return ctx.work[position];
}

export function forwardingDays(ctx, remote, carrier) {
  if (!remote || !carrier.remote_forwarding) return [0, 0, 0];
  const [best, worst] = ctx.b.remote.forwarding_days;
  return [best, Math.floor((best + worst) / 2), worst];
}

export function parseDate(ctx, value) {
  const m = typeof value === "string" && /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) {
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    if (d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3] && +m[1] >= 1) {
      return value;
    }
  }
  throw error(ctx, "invalid_date", { value: shorten(value) });
}

function stage(ctx, key, actor, days) {
  return { key, actor, days, label: ctx.b.stages[key] };
}

export function estimate(ctx, submittedIso, carrier, remote = false) {
  const [first, last] = ctx.b.years;
  const year = Number(submittedIso.slice(0, 4));
  if (year < first || year > last) throw error(ctx, "submission_range", { first, last, date: submittedIso });
  const s = indexOf(submittedIso, ctx);
  const forwarding = forwardingDays(ctx, remote, carrier);
  const scenarios = SCENARIOS.map((name, n) => {
    const review = carrier.review_days[n], f = forwarding[n];
    const start = ctx.cum[s];
    const working = [];
    for (let j = 0; j <= f + review + 1; j++) working.push(nthWorking(start + j, ctx));
    const stages = ctx.b.user_steps.map((key) => stage(ctx, key, "user", [s]));
    stages.push(stage(ctx, "initial", "carrier", working.slice(0, 1)));
    if (f) stages.push(stage(ctx, "forward", "carrier", working.slice(1, 1 + f)));
    stages.push(stage(ctx, "review", "carrier", working.slice(1 + f, -1)));
    stages.push(stage(ctx, "confirm", "carrier", working.slice(-1)));
    return { name, review_days: review, forwarding_days: f, stages, completion: working[working.length - 1] };
  });
  const worst = scenarios[2].completion;
  const followUp = nthWorking(ctx.cum[worst] + 1, ctx);
  const provisionalYears = [];
  for (let y = year; y <= yearOf(followUp, ctx); y++) if (isProvisional(y, ctx)) provisionalYears.push(y);
  return { submitted: s, carrier, remote: Boolean(remote), scenarios, best: scenarios[0], typical: scenarios[1],
    worst: scenarios[2], followUp, provisionalYears };
}

/** The runs of days off between two days, each with its holiday's name index or -1. */
export function daysOffNamed(first, last, ctx) {
  const out = [];
  let run = null;
  for (let i = first; i <= last; i++) {
    if (!isWorking(i, ctx)) {
      if (run && run[1] === i - 1) run[1] = i; else { run = [i, i]; out.push(run); }
    }
  }
  return out.map(([a, b]) => ({ first: a, last: b, name: ctx.runName[a] }));
}

export const holidayName = (nameIndex, lang, ctx) => ctx.b.calendar.names[nameIndex][lang === "en" ? 1 : 0];

// ---- planning backwards (deadline.py) ------------------------------------------------

export function latestSubmission(ctx, deadlineIso, carrier, remote = false, todayIso = null) {
  const [first, last] = ctx.b.years;
  const year = Number(deadlineIso.slice(0, 4));
  if (year < first || year > last) throw error(ctx, "deadline_range", { first, last, date: deadlineIso });
  const d = indexOf(deadlineIso, ctx);
  const end = isWorking(d, ctx) ? ctx.cum[d] : ctx.cum[d] - 1;
  const forwarding = forwardingDays(ctx, remote, carrier);
  const days = SCENARIOS.map((_, n) => end - (forwarding[n] + carrier.review_days[n] + 1));
  if (days[2] < 0) throw error(ctx, "deadline_too_early", { date: deadlineIso });
  const [best, typical, worst] = days.map((p) => ctx.work[p]);
  if (todayIso !== null && best < indexOf(todayIso, ctx)) {
    throw error(ctx, "deadline_too_close", { date: deadlineIso, today: todayIso, latest: iso(best, ctx) });
  }
  const provisionalYears = [];
  for (let y = yearOf(worst, ctx); y <= year; y++) if (isProvisional(y, ctx)) provisionalYears.push(y);
  return { deadline: d, carrier, remote: Boolean(remote), best, typical, worst, provisionalYears };
}

// ---- the page's sentences (texts.py, report.py) --------------------------------------

export function reviewBasis(ctx, carrier, lang) {
  const [best, typical, worst] = carrier.review_days;
  return t(ctx, "cli.review_basis", lang, { best, typical, worst, basis: t(ctx, `basis.${basis(carrier)}`, lang),
    source: text(carrier.source, lang) }).trimEnd();
}

export function remoteNote(ctx, carrier, lang) {
  const remote = ctx.b.remote;
  if (!carrier.remote_forwarding) return format(text(remote.note_no_forwarding, lang), { carrier: text(carrier.name, lang) });
  const [best, typical, worst] = forwardingDays(ctx, true, carrier);
  return format(text(remote.note, lang), { best, typical, worst });
}

export function windowNote(ctx, est, lang) {
  const items = [];
  for (const run of daysOffNamed(est.submitted, est.followUp, ctx)) {
    if (run.name < 0) continue;
    const mark = isProvisional(yearOf(run.first, ctx), ctx) ? t(ctx, "app.provisional_mark", lang) : "";
    items.push(t(ctx, "app.holiday_item", lang, { name: holidayName(run.name, lang, ctx),
      days: dateSpan(run.first, run.last, lang, ctx), mark }));
  }
  for (let i = est.submitted; i <= est.followUp; i++) {
    if (isMakeup(i, ctx)) items.push(t(ctx, "app.makeup_item", lang, { day: shortDate(i, lang, ctx) }));
  }
  if (!items.length) return t(ctx, "app.window_quiet", lang);
  return t(ctx, "app.window_holidays", lang, { items: items.join(t(ctx, "app.list_sep", lang)) });
}

export function summaryHtml(ctx, est, lang) {
  const c = est.carrier;
  const hotline = c.hotline ? t(ctx, "app.hotline", lang, { hotline: escapeHtml(c.hotline) }) : "";
  return t(ctx, "app.summary", lang, { date: longDate(est.submitted, lang, ctx), carrier: escapeHtml(text(c.phrase, lang)),
    best: longDate(est.best.completion, lang, ctx), worst: longDate(est.worst.completion, lang, ctx),
    follow_up: longDate(est.followUp, lang, ctx), hotline, window: windowNote(ctx, est, lang) });
}

// ---- where a past request stands today (status.py, texts.status_lines) ---------------

const workingThrough = (first, last, ctx) => (last < first ? 0 : ctx.cum[last + 1] - ctx.cum[first]);

function runsOff(first, last, ctx) {
  const out = [];
  for (let i = first; i <= last; i++) {
    if (isWorking(i, ctx)) continue;
    if (out.length && out[out.length - 1][1] === i - 1) out[out.length - 1][1] = i; else out.push([i, i]);
  }
  return out;
}

/** The first day the regulator can be asked about a complaint made on day ``complained``
 * (status.appeal_from): the complaint's days from the next day, a last day off moved on. */
export function appealFrom(ctx, complained) {
  let last = complained + ctx.b.status.complaint_days;
  while (!isWorking(last, ctx)) last++;
  return last + 1;
}

/** Where the request of ``est`` stands on ``todayIso`` (status.status); days as indices. */
export function status(ctx, est, todayIso) {
  const today = indexOf(todayIso, ctx);
  if (!(today >= 0 && today < ctx.n)) throw error(ctx, "calendar_range", { date: todayIso, first: iso(0, ctx), last: iso(ctx.n - 1, ctx) });
  const submitted = est.submitted, day1 = ctx.work[ctx.cum[submitted]];
  const earliest = est.best.completion, latest = est.worst.completion;
  const phase = today < submitted ? "not-submitted" : today < day1 ? "waiting" : today < earliest ? "in-progress"
    : today <= latest ? "may-be-done" : "late";
  return { est, today, phase, day1, workingDay: today >= day1 ? workingThrough(day1, today, ctx) : null,
    of: workingThrough(day1, latest, ctx), doneEarliest: earliest, doneLatest: latest, followUp: est.followUp,
    daysOffPassed: today >= submitted ? runsOff(submitted, today, ctx) : [],
    daysOffAhead: runsOff(Math.max(today + 1, submitted), latest, ctx),
    appealFrom: phase === "late" ? appealFrom(ctx, today) : null, isPast: submitted < today,
    stageNow: day1 <= today && today <= est.typical.completion
      ? (est.typical.stages.find((s) => s.actor === "carrier" && s.days[s.days.length - 1] >= today) || { key: null }).key : null };
}

function daysOffItems(ctx, runs, lang) {
  return runs.map(([a, b]) => {
    const days = dateSpan(a, b, lang, ctx);
    if (ctx.runName[a] >= 0) return t(ctx, "app.holiday_item", lang, { name: holidayName(ctx.runName[a], lang, ctx), days, mark: "" });
    let weekend = true;
    for (let i = a; i <= b; i++) weekend = weekend && parts(i, ctx).wd >= 5;
    return t(ctx, weekend ? "status.weekend_item" : "status.off_item", lang, { days });
  }).join(t(ctx, "app.list_sep", lang));
}

/** The status as plain sentences (texts.status_lines); none when the day chosen is not past. */
export function statusLines(ctx, st, lang) {
  if (!st.isPast) return [];
  const est = st.est, c = est.carrier;
  const hotline = c.hotline ? t(ctx, "app.hotline", lang, { hotline: c.hotline }) : "";
  const today = longDate(st.today, lang, ctx), worst = longDate(st.doneLatest, lang, ctx);
  let head;
  if (st.phase === "waiting") head = t(ctx, "status.waiting", lang, { today });
  else if (st.phase === "in-progress") {
    const count = t(ctx, isWorking(st.today, ctx) ? "status.count_today" : "status.count_off", lang, { k: st.workingDay, of: st.of });
    head = t(ctx, "status.in_progress", lang, { today, count });
  } else if (st.phase === "may-be-done") head = t(ctx, "status.may_be_done", lang, { today });
  else head = t(ctx, "status.late", lang, { today, worst });
  const lines = [head, t(ctx, "status.submitted", lang, { date: longDate(est.submitted, lang, ctx), carrier: text(c.phrase, lang),
    day1: longDate(st.day1, lang, ctx), best: longDate(st.doneEarliest, lang, ctx), worst })];
  if (st.daysOffPassed.length && st.phase !== "late") lines.push(t(ctx, "status.passed", lang, { items: daysOffItems(ctx, st.daysOffPassed, lang) }));
  if (st.daysOffAhead.length) lines.push(t(ctx, "status.ahead", lang, { items: daysOffItems(ctx, st.daysOffAhead, lang) }));
  if (st.phase === "may-be-done") {
    lines.push(t(ctx, "status.check", lang, { verify: text(ctx.b.status.verify, lang) }), t(ctx, "status.one_id", lang),
      t(ctx, "status.follow_up", lang, { follow_up: longDate(st.followUp, lang, ctx), hotline }), t(ctx, "status.after", lang));
  } else if (st.phase === "late") {
    lines.push(t(ctx, "status.act_now", lang, { carrier: text(c.name, lang), hotline }),
      t(ctx, "status.appeal", lang, { appeal: longDate(st.appealFrom, lang, ctx) }),
      t(ctx, "status.appeal_basis", lang, { source: text(ctx.b.status.source, lang) }));
  }
  return lines;
}

/** The answer's opening block (texts.status_html). */
export function statusHtml(ctx, st, lang) {
  const lines = statusLines(ctx, st, lang);
  if (!lines.length) return "";
  return `<div class="cg-standing" data-phase="${st.phase}"><p class="cg-standing-head"><strong>${escapeHtml(lines[0])}</strong></p>`
    + lines.slice(1).map((line) => `<p>${escapeHtml(line)}</p>`).join("") + "</div>";
}

export function notesHtml(ctx, est, lang) {
  const c = est.carrier;
  const parts = [`<div class="cg-note">${t(ctx, "app.assumption_note", lang)}<br>`
    + escapeHtml(t(ctx, "app.carrier_basis", lang, { carrier: text(c.name, lang), basis: reviewBasis(ctx, c, lang) })) + "</div>"];
  if (est.remote) parts.push(`<div class="cg-note">${escapeHtml(remoteNote(ctx, c, lang))}</div>`);
  const notices = ctx.b.calendar.notices || {};  // an operator's holiday notice files, cited
  for (let y = yearOf(est.submitted, ctx); y <= yearOf(est.followUp, ctx); y++) {
    if (notices[y]) parts.push(`<div class="cg-note">${escapeHtml(t(ctx, "app.notice", lang, { year: y, source: notices[y] }))}</div>`);
  }
  if (est.provisionalYears.length) {
    parts.unshift(`<div class="cg-warn">${t(ctx, "app.provisional", lang, { years: yearList(est.provisionalYears, lang, ctx) })}</div>`);
  }
  return parts.join("");
}

export const dayRange = (days, lang, ctx) => dateSpan(days[0], days[days.length - 1], lang, ctx);

export function stagesTableHtml(ctx, est, lang, now = null) {
  const title = t(ctx, "figure.title", lang, { carrier: text(est.carrier.name, lang), date: shortDate(est.submitted, lang, ctx) });
  const head = SCENARIOS.map((n) => `<th scope="col">${escapeHtml(t(ctx, `scenario.${n}`, lang))}</th>`).join("");
  const rows = est.best.stages.map((st, index) => {
    const cells = est.scenarios.map((s) => `<td>${escapeHtml(dayRange(s.stages[index].days, lang, ctx))}</td>`).join("");
    if (st.key === now) {  // the stage under way today (status().stageNow), in words, not colour only
      return `<tr class="cg-now"><th scope="row">${escapeHtml(text(st.label, lang))} <strong class="cg-now-mark">`
        + `${escapeHtml(t(ctx, "status.stage_now", lang))}</strong></th>${cells}</tr>`;
    }
    return `<tr><th scope="row">${escapeHtml(text(st.label, lang))}</th>${cells}</tr>`;
  });
  const done = est.scenarios.map((s) => `<td>${escapeHtml(shortDate(s.completion, lang, ctx))}</td>`).join("");
  rows.push(`<tr><th scope="row">${escapeHtml(t(ctx, "cli.completion", lang))}</th>${done}</tr>`);
  rows.push(`<tr><th scope="row">${escapeHtml(t(ctx, "figure.follow_up", lang))}</th><td colspan="${SCENARIOS.length}">`
    + `${escapeHtml(shortDate(est.followUp, lang, ctx))}</td></tr>`);
  return `<table><caption>${escapeHtml(t(ctx, "figure.table_caption", lang, { title }))}</caption>`
    + `<thead><tr><th scope="col">${escapeHtml(t(ctx, "figure.table_stage", lang))}</th>${head}</tr></thead>`
    + `<tbody>${rows.join("")}</tbody></table>`;
}

export function warningHtml(message) { return `<div class="cg-warn">${escapeHtml(message)}</div>`; }

export function deadlineHtml(ctx, latest, err, lang, todayIso = null) {
  if (err) return warningHtml(err.message_(lang));
  if (!latest) return "";
  const c = latest.carrier;
  const sentence = t(ctx, "deadline.sentence", lang, { deadline: longDate(latest.deadline, lang, ctx),
    carrier: escapeHtml(text(c.name, lang)), phrase: escapeHtml(text(c.phrase, lang)),
    typical: `<b>${shortDate(latest.typical, lang, ctx)}</b>`, worst: `<b>${shortDate(latest.worst, lang, ctx)}</b>` });
  const parts = [`<p class="cg-deadline-answer">${sentence}</p>`];
  if (todayIso !== null && latest.worst < indexOf(todayIso, ctx)) {
    parts.push(warningHtml(t(ctx, "deadline.passed", lang, { worst: shortDate(latest.worst, lang, ctx) })));
  }
  if (latest.provisionalYears.length) {
    parts.push(warningHtml(t(ctx, "cli.provisional", lang, { years: yearList(latest.provisionalYears, lang, ctx) })));
  }
  return parts.join("");
}

export function errorHtml(ctx, err, lang) {
  return err ? warningHtml(t(ctx, "app.error", lang, { message: err.message_(lang) })) : "";
}

// ---- files to take away (export.py) --------------------------------------------------

// The downloadable formats' writers, by the name in the bundle's `downloads` (formats.py):
// the file's text, its byte-order mark added as the bundle says. A deadline outside the data
// leaves the calendar file without its event, as the app does.
const WRITERS = {
  ics: (ctx, est, lang, { stamp, deadline, holder, today = null }) => {
    try { return toIcs(ctx, est, lang, { stamp, deadline, holder, today }); } catch (e) { return toIcs(ctx, est, lang, { stamp, holder, today }); }
  },
  csv: (ctx, est, lang) => toCsv(ctx, est, lang),
};

export function writeFile(ctx, format, est, lang, options = {}) {
  const write = WRITERS[format.name];
  if (!write) throw new Error(`no writer for ${format.name}`);
  return (format.bom ? "\ufeff" : "") + write(ctx, est, lang, options);
}

export function filename(ctx, est, suffix) {
  return `cardguide-${iso(est.submitted, ctx)}-${est.carrier.id}${est.remote ? "-remote" : ""}.${suffix}`;
}

function csvCell(value) {
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(ctx, est, lang) {
  const head = ["scenario", "stage", "actor", "first", "last", "days", "dates"].map((k) => t(ctx, `plan.csv_${k}`, lang));
  const rows = [head];
  for (const s of est.scenarios) {
    for (const st of s.stages) {
      rows.push([t(ctx, `scenario.${s.name}`, lang), text(st.label, lang), t(ctx, `plan.actor_${st.actor}`, lang),
        iso(st.days[0], ctx), iso(st.days[st.days.length - 1], ctx), st.actor === "carrier" ? st.days.length : 0,
        st.days.map((d) => iso(d, ctx)).join(" ")]);
    }
  }
  return rows.map((r) => r.map(csvCell).join(",") + "\n").join("");
}

function icsText(value) {
  return String(value).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

function fold(line) {
  const enc = new TextEncoder();
  const out = [];
  let current = "", size = 0, limit = 75;
  for (const ch of line) {
    const n = enc.encode(ch).length;
    if (size + n > limit) { out.push(current); current = " "; size = 1; limit = 75; }
    current += ch; size += n;
  }
  out.push(current);
  return out.join("\r\n");
}

const compact = (i, ctx) => iso(i, ctx).replace(/-/g, "");

function event(ctx, uid, summary, description, first, last, stamp, extra = []) {
  return ["BEGIN:VEVENT", `UID:${icsText(uid)}`, `DTSTAMP:${stamp}`, `SUMMARY:${icsText(summary)}`,
    `DESCRIPTION:${icsText(description)}`, `DTSTART;VALUE=DATE:${compact(first, ctx)}`,
    `DTEND;VALUE=DATE:${compact(last + 1, ctx)}`, "TRANSP:TRANSPARENT", ...extra, "END:VEVENT"];
}

/** The plan's events, as the calendar file holds them and a chat app's reader copies them:
 * ``{uid, summary, description, first, last, alarm}`` (``alarm``: a reminder that day). */
export function planEvents(ctx, est, lang, { deadline = null, holder = ctx.b.holders[0].id, today = null } = {}) {
  const c = est.carrier, name = text(c.name, lang);
  const hotline = c.hotline ? t(ctx, "plan.hotline", lang, { hotline: c.hotline }) : "";
  const key = `${iso(est.submitted, ctx)}-${c.id}${est.remote ? "-remote" : ""}`;
  let items = ctx.holders.get(holder).checklist[lang];
  if (lang === "en") items = items.map((item) => item.slice(0, 1).toLowerCase() + item.slice(1));
  const checklist = items.join(t(ctx, "app.list_sep", lang));
  const notes = [reviewBasis(ctx, c, lang)];
  if (est.remote) notes.push(remoteNote(ctx, c, lang));
  if (est.provisionalYears.length) notes.push(t(ctx, "cli.provisional", lang, { years: yearList(est.provisionalYears, lang, ctx) }));
  const events = [
    { uid: `submit-${key}@cardguide`, summary: t(ctx, "plan.submit", lang, { carrier: name, phrase: text(c.phrase, lang) }),
      description: t(ctx, "plan.submit_body", lang, { checklist, hotline }).trimEnd(), first: est.submitted, last: est.submitted },
    { uid: `window-${key}@cardguide`, summary: t(ctx, "plan.window", lang, { carrier: name }),
      description: t(ctx, "plan.window_body", lang, { best: longDate(est.best.completion, lang, ctx), typical: longDate(est.typical.completion, lang, ctx),
        worst: longDate(est.worst.completion, lang, ctx), source: notes.join("\n") }),
      first: est.best.completion, last: est.worst.completion },
    { uid: `follow-up-${key}@cardguide`, summary: t(ctx, "plan.follow_up", lang, { carrier: name }),
      description: t(ctx, "plan.follow_up_body", lang, { worst: longDate(est.worst.completion, lang, ctx),
        hotline: c.hotline ? t(ctx, "app.hotline", lang, { hotline: c.hotline }) : "" }),
      first: est.followUp, last: est.followUp, alarm: true },
  ];
  if (deadline !== null) {
    const safe = latestSubmission(ctx, deadline, c, est.remote).worst;
    events.push({ uid: `deadline-${key}-${deadline}@cardguide`,
      summary: t(ctx, "deadline.event", lang, { carrier: name, phrase: text(c.phrase, lang) }),
      description: t(ctx, "deadline.event_body", lang, { worst: longDate(safe, lang, ctx), submitted: longDate(est.submitted, lang, ctx),
        done: longDate(est.worst.completion, lang, ctx) }),
      first: indexOf(deadline, ctx), last: indexOf(deadline, ctx) });
  }
  // Late on the reader's day (export._late): the first day the regulator can be asked, with a reminder.
  let st = null;
  if (today !== null && iso(est.submitted, ctx) < today) {
    try { st = status(ctx, est, today); } catch (e) { st = null; }
  }
  if (st && st.phase === "late") {
    events.push({ uid: `appeal-${key}-${today}@cardguide`, summary: t(ctx, "status.ics_appeal", lang, { carrier: name }),
      description: t(ctx, "status.ics_appeal_body", lang, { worst: longDate(est.worst.completion, lang, ctx),
        today: longDate(st.today, lang, ctx), basis: t(ctx, "status.appeal_basis", lang, { source: text(ctx.b.status.source, lang) }) }),
      first: st.appealFrom, last: st.appealFrom, alarm: true });
  }
  return events;
}

export function toIcs(ctx, est, lang, { stamp, deadline = null, holder = ctx.b.holders[0].id, today = null } = {}) {
  const ics = ctx.b.ics;
  const lines = ["BEGIN:VCALENDAR", `PRODID:${icsText(ics.prodid)}`, "VERSION:2.0", "CALSCALE:GREGORIAN",
    `X-WR-CALNAME:${icsText(t(ctx, "plan.calendar_name", lang, { carrier: text(est.carrier.name, lang) }))}`];
  for (const e of planEvents(ctx, est, lang, { deadline, holder, today })) {
    const alarm = e.alarm ? ["BEGIN:VALARM", "ACTION:DISPLAY", `DESCRIPTION:${icsText(e.summary)}`,
      `TRIGGER:PT${ics.reminder_hours}H`, "END:VALARM"] : [];
    lines.push(...event(ctx, e.uid, e.summary, e.description, e.first, e.last, stamp, alarm));
  }
  lines.push("END:VCALENDAR");
  return lines.map(fold).join("\r\n") + "\r\n";
}

/** What the calendar file holds, as text to copy where a file cannot be saved (a chat app's
 * browser): each event's days and title, its text, and the reminder on the follow-up day. */
export function planText(ctx, est, lang, { deadline = null, holder = ctx.b.holders[0].id, today = null } = {}) {
  let events;
  try { events = planEvents(ctx, est, lang, { deadline, holder, today }); } catch (e) { events = planEvents(ctx, est, lang, { holder, today }); }
  const day = (i) => longDate(i, lang, ctx);
  return events.map((e) => [
    t(ctx, "reader.plan_text_event", lang, { when: e.first === e.last ? day(e.first) : t(ctx, "dates.span", lang, { first: day(e.first), last: day(e.last) }),
      summary: e.summary }),
    e.description,
    e.alarm ? t(ctx, "reader.plan_text_reminder", lang, { hour: ctx.b.ics.reminder_hours }) : "",
  ].filter(Boolean).join("\n")).join("\n\n");
}

// ---- the year view (yeargrid.py, figures.year_cells) ---------------------------------

export function twelveMonths(ctx, dayIso) {
  const last = ctx.b.years[1];
  let [y, m] = [Number(dayIso.slice(0, 4)), Number(dayIso.slice(5, 7))];
  if (y + 1 > last) { y = last; m = 1; }
  const first = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-01`;
  const next = `${String(y + 1).padStart(4, "0")}-${String(m).padStart(2, "0")}-01`;
  return [first, iso(indexOf(next, ctx) - 1, ctx)];
}

export function colourScale(ctx, value, low, high) {
  const scale = ctx.b.colours.scale;
  const share = high === low ? 0 : (value - low) / (high - low);
  return scale[Math.min(scale.length - 1, Math.floor(share * scale.length))];
}

export function yearGrid(ctx, firstIso, lastIso, carrier, remote = false) {
  const first = indexOf(firstIso, ctx), last = indexOf(lastIso, ctx);
  const forwarding = forwardingDays(ctx, remote, carrier);
  const days = [], best = [], worst = [], worstDays = [];
  for (let s = first; s <= last; s++) {
    const start = ctx.cum[s];
    days.push(s);
    best.push(nthWorking(start + forwarding[0] + carrier.review_days[0] + 1, ctx));
    const w = nthWorking(start + forwarding[2] + carrier.review_days[2] + 1, ctx);
    worst.push(w);
    worstDays.push(w - s);
  }
  const followLast = nthWorking(ctx.cum[worst[worst.length - 1]] + 1, ctx);
  const provisionalYears = [];
  for (let y = yearOf(first, ctx); y <= yearOf(followLast, ctx); y++) if (isProvisional(y, ctx)) provisionalYears.push(y);
  return { first, last, carrier, days, best, worst, worstDays, provisionalYears };
}

// ---- the link (plan.py) --------------------------------------------------------------

export function dateRange(ctx, todayIso, linkedIso = null) {
  const [FIRST, LAST] = ctx.b.years;
  const ty = Number(todayIso.slice(0, 4));
  let firstYear = ty - 1, lastYear = ty + 1;
  if (linkedIso) {
    const ly = Number(linkedIso.slice(0, 4));
    firstYear = Math.min(firstYear, ly); lastYear = Math.max(lastYear, ly);
  }
  firstYear = Math.max(FIRST, firstYear); lastYear = Math.min(LAST, lastYear);
  if (ty > LAST) { firstYear = Math.min(firstYear, LAST - 1); lastYear = LAST; }
  else if (ty < FIRST) { firstYear = FIRST; lastYear = Math.max(lastYear, FIRST + 1); }
  return [`${firstYear}-01-01`, `${lastYear}-12-31`];
}

const clampIso = (day, first, last) => (day < first ? first : day > last ? last : day);

export function coverageNote(ctx, todayIso) {
  const [FIRST, LAST] = ctx.b.years;
  const ty = Number(todayIso.slice(0, 4));
  if (FIRST <= ty && ty <= LAST) return null;
  const [first, last] = dateRange(ctx, todayIso);
  return error(ctx, "data_ends", { today: todayIso, first: FIRST, last: LAST, shown: clampIso(todayIso, first, last) });
}

export function parseQuery(ctx, query) {
  const settings = {}, problems = [];
  const params = new Map();
  const pairs = (query || "").replace(/^\?/, "").split(/[&;]/).filter(Boolean);
  if (pairs.length > 20) return { settings, problems: [error(ctx, "link_unreadable")] };
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    const dec = (s) => { try { return decodeURIComponent(s.replace(/\+/g, " ")); } catch (e) { return s; } };
    const name = dec(at < 0 ? pair : pair.slice(0, at)), value = at < 0 ? "" : dec(pair.slice(at + 1));
    if (at < 0) continue;  // parse_qs drops a field with no "="
    params.set(name, value);
  }
  for (const [name, value] of params) {
    try {
      if (name === "lang") {
        if (value === "zh" || value === "en") settings.lang = value;
        else problems.push(error(ctx, "link_lang", { value: shorten(value) }));
      } else if (name === "remote") {
        if (value === "1" || value === "0") settings.remote = value === "1";
        else problems.push(error(ctx, "link_remote", { value: shorten(value) }));
      } else if (name === "holder") {
        if (ctx.holders.has(value)) settings.holder = value;
        else problems.push(error(ctx, "link_holder", { value: shorten(value), known: [...ctx.holders.keys()].join(", ") }));
      } else if (name === "date" || name === "by") settings[name] = parseDate(ctx, value);
      else if (name === "carrier") settings.carrier = getCarrier(ctx, value).id;
      else if (name === "review") settings.review = parseReviewDays(ctx, value);
    } catch (exc) {
      if (!(exc instanceof ReaderError)) throw exc;
      problems.push(exc);
    }
  }
  return { settings, problems };
}

/** The viewer's choice after a link: Plan(today=…).apply(*parse_query(query)). */
export function planFromQuery(ctx, todayIso, query) {
  const { settings, problems } = parseQuery(ctx, query);
  const [first, last] = dateRange(ctx, todayIso, settings.date || null);
  const shown = clampIso(todayIso, first, last);
  let day = settings.date || shown;
  if (!(first <= day && day <= last)) {
    problems.push(error(ctx, "outside_slider", { date: day, first, last, shown }));
    day = shown;
  }
  const carrier = settings.carrier || ctx.b.carriers[0].id;
  return { today: todayIso, first, last, submitted: day, carrier, remote: settings.remote || false,
    own: settings.review ? { [carrier]: settings.review } : {}, lang: settings.lang || "zh",
    deadline: settings.by || null, holder: settings.holder || ctx.b.holders[0].id, problems,
    todayNote: coverageNote(ctx, todayIso) };
}

export function shareQuery(ctx, plan) {
  const params = [["date", plan.submitted], ["carrier", plan.carrier], ["lang", plan.lang]];
  if (plan.remote) params.push(["remote", "1"]);
  if (plan.own[plan.carrier]) params.push(["review", plan.own[plan.carrier].join(",")]);
  if (plan.deadline) params.push(["by", plan.deadline]);
  if (plan.holder && plan.holder !== ctx.b.holders[0].id) params.push(["holder", plan.holder]);
  return params.map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2C/g, ",")}`).join("&");
}

export function planCarrier(ctx, plan) {
  const profile = getCarrier(ctx, plan.carrier);
  const own = plan.own[plan.carrier];
  return own ? withReviewDays(ctx, profile, own) : profile;
}

/** Beijing's date now: UTC+8 all year. */
export function beijingToday(nowMs) {
  return new Date(nowMs + 8 * 3600000).toISOString().slice(0, 10);
}
