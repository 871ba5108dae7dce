// Built by `make module` from host.js, reader.js, timeline.js and kernel.js (esbuild 0.25.12): edit those, not this file.
// timeline.js
var DAY_MS = 864e5;
function iso(index, ctx) {
  return new Date(ctx.epoch + index * DAY_MS).toISOString().slice(0, 10);
}
function indexOf(isoDay, ctx) {
  return Math.round((Date.parse(isoDay + "T00:00:00Z") - ctx.epoch) / DAY_MS);
}
function parts(index, ctx) {
  const d = new Date(ctx.epoch + index * DAY_MS);
  return { y: d.getUTCFullYear(), M: d.getUTCMonth() + 1, d: d.getUTCDate(), wd: (d.getUTCDay() + 6) % 7 };
}
function yearOf(index, ctx) {
  return parts(index, ctx).y;
}
function load(bundle) {
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
  const ctx = {
    b: bundle,
    epoch: Date.parse(cal.first + "T00:00:00Z"),
    n,
    cum,
    work,
    runName,
    provisional: new Set(cal.provisional),
    carriers: new Map(bundle.carriers.map((c) => [c.id, c])),
    holders: new Map(bundle.holders.map((h) => [h.id, h]))
  };
  return ctx;
}
function format(template, fields) {
  return template.replace(/\{\{|\}\}|\{(\w+)\}/g, (m, name) => m === "{{" ? "{" : m === "}}" ? "}" : String(fields[name]));
}
function text(entry, lang) {
  return entry[lang] || entry.zh;
}
function t(ctx, key, lang, fields = {}) {
  const [section, name] = key.split(".");
  return format(text(ctx.b.ui[section][name], lang), fields);
}
function escapeHtml(value) {
  return String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
}
function fillDate(tokens, index, lang, ctx) {
  const p = parts(index, ctx);
  const words = ctx.b.dates[lang];
  return tokens.map((tok) => {
    if (typeof tok === "string") return tok;
    const f = tok[0];
    return f === "y" ? String(p.y) : f === "M" ? String(p.M) : f === "d" ? String(p.d) : f === "MMM" ? words.MMM[p.M - 1] : words[f][p.wd];
  }).join("");
}
var longDate = (i, lang, ctx) => fillDate(ctx.b.dates[lang].long, i, lang, ctx);
var shortDate = (i, lang, ctx) => fillDate(ctx.b.dates[lang].short, i, lang, ctx);
var weekdayName = (wd, lang, ctx) => ctx.b.dates[lang].EEE[wd];
var monthName = (m, lang, ctx) => ctx.b.dates[lang].MMM[m - 1];
function pageTitle(ctx, est, lang) {
  return t(ctx, "reader.page_title", lang, { date: fillDate(ctx.b.dates[lang].title, est.submitted, lang, ctx), carrier: text(est.carrier.name, lang) });
}
function inChatApp(ctx, userAgent) {
  return ctx.b.chat_apps.some((token) => String(userAgent || "").indexOf(token) >= 0);
}
function dateSpan(first, last, lang, ctx) {
  if (first === last) return shortDate(first, lang, ctx);
  return t(ctx, "dates.span", lang, { first: shortDate(first, lang, ctx), last: shortDate(last, lang, ctx) });
}
function yearList(years, lang, ctx) {
  const p = ctx.b.dates[lang].list;
  const items = years.map(String);
  if (items.length === 1) return items[0];
  if (items.length === 2) return format(p["2"], items);
  let result = format(p.start, [items[0], items[1]]);
  for (const item of items.slice(2, -1)) result = format(p.middle, [result, item]);
  return format(p.end, [result, items[items.length - 1]]);
}
function shorten(value, limit = 40) {
  const s = Array.from(String(value), (ch) => /[\p{C}\p{Zl}\p{Zp}]/u.test(ch) || /\p{Zs}/u.test(ch) && ch !== " " ? "?" : ch);
  return s.length <= limit ? s.join("") : s.slice(0, limit - 1).join("") + "…";
}
var ReaderError = class extends Error {
  constructor(zh, en) {
    super(`${zh} / ${en}`);
    this.zh = zh;
    this.en = en;
  }
  message_(lang) {
    return lang === "en" ? this.en : this.zh;
  }
};
function error(ctx, key, fields = {}) {
  const say = (lang) => {
    const values = {};
    for (const [k, v] of Object.entries(fields)) {
      values[k] = v instanceof ReaderError ? v.message_(lang) : v && typeof v === "object" ? v[lang] : v;
    }
    return t(ctx, `errors.${key}`, lang, values);
  };
  return new ReaderError(say("zh"), say("en"));
}
function basis(carrier) {
  return carrier.own ? "own" : carrier.assumption ? "assumption" : "article";
}
function withReviewDays(ctx, carrier, days) {
  const original = carrier.review_days.join("/");
  return { ...carrier, review_days: days.slice(), assumption: true, own: true, source: {
    zh: t(ctx, "basis.own_source", "zh", { carrier: carrier.name.zh, original }),
    en: t(ctx, "basis.own_source", "en", { carrier: carrier.name.en, original })
  } };
}
function getCarrier(ctx, id) {
  if (typeof id === "string" && ctx.carriers.has(id)) return ctx.carriers.get(id);
  throw error(ctx, "unknown_carrier", { value: shorten(id), known: [...ctx.carriers.keys()].join(", ") });
}
function checkReviewDays(ctx, values) {
  if (values.length !== 3) throw error(ctx, "review_not_three", { value: shorten(`[${values.join(", ")}]`) });
  const [best, typical, worst] = values;
  if (!(1 <= best && best <= typical && typical <= worst && worst <= ctx.b.max_review)) {
    throw error(ctx, "review_order", { bound: ctx.b.max_review, best, typical, worst });
  }
  return values;
}
function parseReviewDays(ctx, value) {
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
function checklistHtml(ctx, holder, lang) {
  return ctx.holders.get(holder).checklist[lang].map((item) => `<li>${escapeHtml(item)}</li>`).join("");
}
function holderNotesHtml(ctx, holder, lang) {
  const notes = ctx.holders.get(holder).notes[lang].map(([statement, source]) => `<p class="cg-holder-note">${escapeHtml(statement)}<br><small class="cg-source">${escapeHtml(source)}</small></p>`);
  return `<div class="cg-holder-notes">${notes.join("")}</div>`;
}
var SCENARIOS = ["best", "typical", "worst"];
var isWorking = (i, ctx) => ctx.b.calendar.days[i] !== "o";
var isMakeup = (i, ctx) => ctx.b.calendar.days[i] === "m";
var isProvisional = (year, ctx) => ctx.provisional.has(year) || year < ctx.b.years[0];
function nthWorking(position, ctx) {
  if (position < 0 || position >= ctx.work.length) {
    throw error(ctx, "calendar_range", { date: "?", first: iso(0, ctx), last: iso(ctx.n - 1, ctx) });
  }
  return ctx.work[position];
}
function forwardingDays(ctx, remote, carrier) {
  if (!remote || !carrier.remote_forwarding) return [0, 0, 0];
  const [best, worst] = ctx.b.remote.forwarding_days;
  return [best, Math.floor((best + worst) / 2), worst];
}
function parseDate(ctx, value) {
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
function estimate(ctx, submittedIso, carrier, remote = false) {
  const [first, last] = ctx.b.years;
  const year = Number(submittedIso.slice(0, 4));
  if (year < first || year > last) throw error(ctx, "submission_range", { first, last, date: submittedIso });
  const s = indexOf(submittedIso, ctx);
  const forwarding = forwardingDays(ctx, remote, carrier);
  const scenarios = SCENARIOS.map((name, n) => {
    const review = carrier.review_days[n], f = forwarding[n];
    const start2 = ctx.cum[s];
    const working = [];
    for (let j = 0; j <= f + review + 1; j++) working.push(nthWorking(start2 + j, ctx));
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
  return {
    submitted: s,
    carrier,
    remote: Boolean(remote),
    scenarios,
    best: scenarios[0],
    typical: scenarios[1],
    worst: scenarios[2],
    followUp,
    provisionalYears
  };
}
function daysOffNamed(first, last, ctx) {
  const out = [];
  let run = null;
  for (let i = first; i <= last; i++) {
    if (!isWorking(i, ctx)) {
      if (run && run[1] === i - 1) run[1] = i;
      else {
        run = [i, i];
        out.push(run);
      }
    }
  }
  return out.map(([a, b]) => ({ first: a, last: b, name: ctx.runName[a] }));
}
var holidayName = (nameIndex, lang, ctx) => ctx.b.calendar.names[nameIndex][lang === "en" ? 1 : 0];
function latestSubmission(ctx, deadlineIso, carrier, remote = false, todayIso = null) {
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
function reviewBasis(ctx, carrier, lang) {
  const [best, typical, worst] = carrier.review_days;
  return t(ctx, "cli.review_basis", lang, {
    best,
    typical,
    worst,
    basis: t(ctx, `basis.${basis(carrier)}`, lang),
    source: text(carrier.source, lang)
  }).trimEnd();
}
function remoteNote(ctx, carrier, lang) {
  const remote = ctx.b.remote;
  if (!carrier.remote_forwarding) return format(text(remote.note_no_forwarding, lang), { carrier: text(carrier.name, lang) });
  const [best, typical, worst] = forwardingDays(ctx, true, carrier);
  return format(text(remote.note, lang), { best, typical, worst });
}
function windowNote(ctx, est, lang) {
  const items = [];
  for (const run of daysOffNamed(est.submitted, est.followUp, ctx)) {
    if (run.name < 0) continue;
    const mark = isProvisional(yearOf(run.first, ctx), ctx) ? t(ctx, "app.provisional_mark", lang) : "";
    items.push(t(ctx, "app.holiday_item", lang, {
      name: holidayName(run.name, lang, ctx),
      days: dateSpan(run.first, run.last, lang, ctx),
      mark
    }));
  }
  for (let i = est.submitted; i <= est.followUp; i++) {
    if (isMakeup(i, ctx)) items.push(t(ctx, "app.makeup_item", lang, { day: shortDate(i, lang, ctx) }));
  }
  if (!items.length) return t(ctx, "app.window_quiet", lang);
  return t(ctx, "app.window_holidays", lang, { items: items.join(t(ctx, "app.list_sep", lang)) });
}
function summaryHtml(ctx, est, lang) {
  const c = est.carrier;
  const hotline = c.hotline ? t(ctx, "app.hotline", lang, { hotline: escapeHtml(c.hotline) }) : "";
  return t(ctx, "app.summary", lang, {
    date: longDate(est.submitted, lang, ctx),
    carrier: escapeHtml(text(c.phrase, lang)),
    best: longDate(est.best.completion, lang, ctx),
    worst: longDate(est.worst.completion, lang, ctx),
    follow_up: longDate(est.followUp, lang, ctx),
    hotline,
    window: windowNote(ctx, est, lang)
  });
}
var workingThrough = (first, last, ctx) => last < first ? 0 : ctx.cum[last + 1] - ctx.cum[first];
function runsOff(first, last, ctx) {
  const out = [];
  for (let i = first; i <= last; i++) {
    if (isWorking(i, ctx)) continue;
    if (out.length && out[out.length - 1][1] === i - 1) out[out.length - 1][1] = i;
    else out.push([i, i]);
  }
  return out;
}
function appealFrom(ctx, complained) {
  let last = complained + ctx.b.status.complaint_days;
  while (!isWorking(last, ctx)) last++;
  return last + 1;
}
function status(ctx, est, todayIso) {
  const today = indexOf(todayIso, ctx);
  if (!(today >= 0 && today < ctx.n)) throw error(ctx, "calendar_range", { date: todayIso, first: iso(0, ctx), last: iso(ctx.n - 1, ctx) });
  const submitted = est.submitted, day1 = ctx.work[ctx.cum[submitted]];
  const earliest = est.best.completion, latest = est.worst.completion;
  const phase = today < submitted ? "not-submitted" : today < day1 ? "waiting" : today < earliest ? "in-progress" : today <= latest ? "may-be-done" : "late";
  return {
    est,
    today,
    phase,
    day1,
    workingDay: today >= day1 ? workingThrough(day1, today, ctx) : null,
    of: workingThrough(day1, latest, ctx),
    doneEarliest: earliest,
    doneLatest: latest,
    followUp: est.followUp,
    daysOffPassed: today >= submitted ? runsOff(submitted, today, ctx) : [],
    daysOffAhead: runsOff(Math.max(today + 1, submitted), latest, ctx),
    appealFrom: phase === "late" ? appealFrom(ctx, today) : null,
    isPast: submitted < today,
    stageNow: day1 <= today && today <= est.typical.completion ? (est.typical.stages.find((s) => s.actor === "carrier" && s.days[s.days.length - 1] >= today) || { key: null }).key : null
  };
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
function statusLines(ctx, st, lang) {
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
  const lines = [head, t(ctx, "status.submitted", lang, {
    date: longDate(est.submitted, lang, ctx),
    carrier: text(c.phrase, lang),
    day1: longDate(st.day1, lang, ctx),
    best: longDate(st.doneEarliest, lang, ctx),
    worst
  })];
  if (st.daysOffPassed.length && st.phase !== "late") lines.push(t(ctx, "status.passed", lang, { items: daysOffItems(ctx, st.daysOffPassed, lang) }));
  if (st.daysOffAhead.length) lines.push(t(ctx, "status.ahead", lang, { items: daysOffItems(ctx, st.daysOffAhead, lang) }));
  if (st.phase === "may-be-done") {
    lines.push(
      t(ctx, "status.check", lang, { verify: text(ctx.b.status.verify, lang) }),
      t(ctx, "status.one_id", lang),
      t(ctx, "status.follow_up", lang, { follow_up: longDate(st.followUp, lang, ctx), hotline }),
      t(ctx, "status.after", lang)
    );
  } else if (st.phase === "late") {
    lines.push(
      t(ctx, "status.act_now", lang, { carrier: text(c.name, lang), hotline }),
      t(ctx, "status.appeal", lang, { appeal: longDate(st.appealFrom, lang, ctx) }),
      t(ctx, "status.appeal_basis", lang, { source: text(ctx.b.status.source, lang) })
    );
  }
  return lines;
}
function statusHtml(ctx, st, lang) {
  const lines = statusLines(ctx, st, lang);
  if (!lines.length) return "";
  return `<div class="cg-standing" data-phase="${st.phase}"><p class="cg-standing-head"><strong>${escapeHtml(lines[0])}</strong></p>` + lines.slice(1).map((line) => `<p>${escapeHtml(line)}</p>`).join("") + "</div>";
}
function notesHtml(ctx, est, lang) {
  const c = est.carrier;
  const parts2 = [`<div class="cg-note">${t(ctx, "app.assumption_note", lang)}<br>` + escapeHtml(t(ctx, "app.carrier_basis", lang, { carrier: text(c.name, lang), basis: reviewBasis(ctx, c, lang) })) + "</div>"];
  if (est.remote) parts2.push(`<div class="cg-note">${escapeHtml(remoteNote(ctx, c, lang))}</div>`);
  const notices = ctx.b.calendar.notices || {};
  for (let y = yearOf(est.submitted, ctx); y <= yearOf(est.followUp, ctx); y++) {
    if (notices[y]) parts2.push(`<div class="cg-note">${escapeHtml(t(ctx, "app.notice", lang, { year: y, source: notices[y] }))}</div>`);
  }
  if (est.provisionalYears.length) {
    parts2.unshift(`<div class="cg-warn">${t(ctx, "app.provisional", lang, { years: yearList(est.provisionalYears, lang, ctx) })}</div>`);
  }
  return parts2.join("");
}
var dayRange = (days, lang, ctx) => dateSpan(days[0], days[days.length - 1], lang, ctx);
function stagesTableHtml(ctx, est, lang, now = null) {
  const title = t(ctx, "figure.title", lang, { carrier: text(est.carrier.name, lang), date: shortDate(est.submitted, lang, ctx) });
  const head = SCENARIOS.map((n) => `<th scope="col">${escapeHtml(t(ctx, `scenario.${n}`, lang))}</th>`).join("");
  const rows = est.best.stages.map((st, index) => {
    const cells = est.scenarios.map((s) => `<td>${escapeHtml(dayRange(s.stages[index].days, lang, ctx))}</td>`).join("");
    if (st.key === now) {
      return `<tr class="cg-now"><th scope="row">${escapeHtml(text(st.label, lang))} <strong class="cg-now-mark">${escapeHtml(t(ctx, "status.stage_now", lang))}</strong></th>${cells}</tr>`;
    }
    return `<tr><th scope="row">${escapeHtml(text(st.label, lang))}</th>${cells}</tr>`;
  });
  const done = est.scenarios.map((s) => `<td>${escapeHtml(shortDate(s.completion, lang, ctx))}</td>`).join("");
  rows.push(`<tr><th scope="row">${escapeHtml(t(ctx, "cli.completion", lang))}</th>${done}</tr>`);
  rows.push(`<tr><th scope="row">${escapeHtml(t(ctx, "figure.follow_up", lang))}</th><td colspan="${SCENARIOS.length}">${escapeHtml(shortDate(est.followUp, lang, ctx))}</td></tr>`);
  return `<table><caption>${escapeHtml(t(ctx, "figure.table_caption", lang, { title }))}</caption><thead><tr><th scope="col">${escapeHtml(t(ctx, "figure.table_stage", lang))}</th>${head}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}
function warningHtml(message) {
  return `<div class="cg-warn">${escapeHtml(message)}</div>`;
}
function deadlineHtml(ctx, latest, err, lang, todayIso = null) {
  if (err) return warningHtml(err.message_(lang));
  if (!latest) return "";
  const c = latest.carrier;
  const sentence = t(ctx, "deadline.sentence", lang, {
    deadline: longDate(latest.deadline, lang, ctx),
    carrier: escapeHtml(text(c.name, lang)),
    phrase: escapeHtml(text(c.phrase, lang)),
    typical: `<b>${shortDate(latest.typical, lang, ctx)}</b>`,
    worst: `<b>${shortDate(latest.worst, lang, ctx)}</b>`
  });
  const parts2 = [`<p class="cg-deadline-answer">${sentence}</p>`];
  if (todayIso !== null && latest.worst < indexOf(todayIso, ctx)) {
    parts2.push(warningHtml(t(ctx, "deadline.passed", lang, { worst: shortDate(latest.worst, lang, ctx) })));
  }
  if (latest.provisionalYears.length) {
    parts2.push(warningHtml(t(ctx, "cli.provisional", lang, { years: yearList(latest.provisionalYears, lang, ctx) })));
  }
  return parts2.join("");
}
function errorHtml(ctx, err, lang) {
  return err ? warningHtml(t(ctx, "app.error", lang, { message: err.message_(lang) })) : "";
}
var WRITERS = {
  ics: (ctx, est, lang, { stamp, deadline, holder, today = null }) => {
    try {
      return toIcs(ctx, est, lang, { stamp, deadline, holder, today });
    } catch (e) {
      return toIcs(ctx, est, lang, { stamp, holder, today });
    }
  },
  csv: (ctx, est, lang) => toCsv(ctx, est, lang)
};
function writeFile(ctx, format2, est, lang, options = {}) {
  const write = WRITERS[format2.name];
  if (!write) throw new Error(`no writer for ${format2.name}`);
  return (format2.bom ? "\uFEFF" : "") + write(ctx, est, lang, options);
}
function filename(ctx, est, suffix) {
  return `cardguide-${iso(est.submitted, ctx)}-${est.carrier.id}${est.remote ? "-remote" : ""}.${suffix}`;
}
function csvCell(value) {
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
function toCsv(ctx, est, lang) {
  const head = ["scenario", "stage", "actor", "first", "last", "days", "dates"].map((k) => t(ctx, `plan.csv_${k}`, lang));
  const rows = [head];
  for (const s of est.scenarios) {
    for (const st of s.stages) {
      rows.push([
        t(ctx, `scenario.${s.name}`, lang),
        text(st.label, lang),
        t(ctx, `plan.actor_${st.actor}`, lang),
        iso(st.days[0], ctx),
        iso(st.days[st.days.length - 1], ctx),
        st.actor === "carrier" ? st.days.length : 0,
        st.days.map((d) => iso(d, ctx)).join(" ")
      ]);
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
    if (size + n > limit) {
      out.push(current);
      current = " ";
      size = 1;
      limit = 75;
    }
    current += ch;
    size += n;
  }
  out.push(current);
  return out.join("\r\n");
}
var compact = (i, ctx) => iso(i, ctx).replace(/-/g, "");
function event(ctx, uid2, summary, description, first, last, stamp, extra = []) {
  return [
    "BEGIN:VEVENT",
    `UID:${icsText(uid2)}`,
    `DTSTAMP:${stamp}`,
    `SUMMARY:${icsText(summary)}`,
    `DESCRIPTION:${icsText(description)}`,
    `DTSTART;VALUE=DATE:${compact(first, ctx)}`,
    `DTEND;VALUE=DATE:${compact(last + 1, ctx)}`,
    "TRANSP:TRANSPARENT",
    ...extra,
    "END:VEVENT"
  ];
}
function planEvents(ctx, est, lang, { deadline = null, holder = ctx.b.holders[0].id, today = null } = {}) {
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
    {
      uid: `submit-${key}@cardguide`,
      summary: t(ctx, "plan.submit", lang, { carrier: name, phrase: text(c.phrase, lang) }),
      description: t(ctx, "plan.submit_body", lang, { checklist, hotline }).trimEnd(),
      first: est.submitted,
      last: est.submitted
    },
    {
      uid: `window-${key}@cardguide`,
      summary: t(ctx, "plan.window", lang, { carrier: name }),
      description: t(ctx, "plan.window_body", lang, {
        best: longDate(est.best.completion, lang, ctx),
        typical: longDate(est.typical.completion, lang, ctx),
        worst: longDate(est.worst.completion, lang, ctx),
        source: notes.join("\n")
      }),
      first: est.best.completion,
      last: est.worst.completion
    },
    {
      uid: `follow-up-${key}@cardguide`,
      summary: t(ctx, "plan.follow_up", lang, { carrier: name }),
      description: t(ctx, "plan.follow_up_body", lang, {
        worst: longDate(est.worst.completion, lang, ctx),
        hotline: c.hotline ? t(ctx, "app.hotline", lang, { hotline: c.hotline }) : ""
      }),
      first: est.followUp,
      last: est.followUp,
      alarm: true
    }
  ];
  if (deadline !== null) {
    const safe = latestSubmission(ctx, deadline, c, est.remote).worst;
    events.push({
      uid: `deadline-${key}-${deadline}@cardguide`,
      summary: t(ctx, "deadline.event", lang, { carrier: name, phrase: text(c.phrase, lang) }),
      description: t(ctx, "deadline.event_body", lang, {
        worst: longDate(safe, lang, ctx),
        submitted: longDate(est.submitted, lang, ctx),
        done: longDate(est.worst.completion, lang, ctx)
      }),
      first: indexOf(deadline, ctx),
      last: indexOf(deadline, ctx)
    });
  }
  let st = null;
  if (today !== null && iso(est.submitted, ctx) < today) {
    try {
      st = status(ctx, est, today);
    } catch (e) {
      st = null;
    }
  }
  if (st && st.phase === "late") {
    events.push({
      uid: `appeal-${key}-${today}@cardguide`,
      summary: t(ctx, "status.ics_appeal", lang, { carrier: name }),
      description: t(ctx, "status.ics_appeal_body", lang, {
        worst: longDate(est.worst.completion, lang, ctx),
        today: longDate(st.today, lang, ctx),
        basis: t(ctx, "status.appeal_basis", lang, { source: text(ctx.b.status.source, lang) })
      }),
      first: st.appealFrom,
      last: st.appealFrom,
      alarm: true
    });
  }
  return events;
}
function toIcs(ctx, est, lang, { stamp, deadline = null, holder = ctx.b.holders[0].id, today = null } = {}) {
  const ics = ctx.b.ics;
  const lines = [
    "BEGIN:VCALENDAR",
    `PRODID:${icsText(ics.prodid)}`,
    "VERSION:2.0",
    "CALSCALE:GREGORIAN",
    `X-WR-CALNAME:${icsText(t(ctx, "plan.calendar_name", lang, { carrier: text(est.carrier.name, lang) }))}`
  ];
  for (const e of planEvents(ctx, est, lang, { deadline, holder, today })) {
    const alarm = e.alarm ? [
      "BEGIN:VALARM",
      "ACTION:DISPLAY",
      `DESCRIPTION:${icsText(e.summary)}`,
      `TRIGGER:PT${ics.reminder_hours}H`,
      "END:VALARM"
    ] : [];
    lines.push(...event(ctx, e.uid, e.summary, e.description, e.first, e.last, stamp, alarm));
  }
  lines.push("END:VCALENDAR");
  return lines.map(fold).join("\r\n") + "\r\n";
}
function planText(ctx, est, lang, { deadline = null, holder = ctx.b.holders[0].id, today = null } = {}) {
  let events;
  try {
    events = planEvents(ctx, est, lang, { deadline, holder, today });
  } catch (e) {
    events = planEvents(ctx, est, lang, { holder, today });
  }
  const day = (i) => longDate(i, lang, ctx);
  return events.map((e) => [
    t(ctx, "reader.plan_text_event", lang, {
      when: e.first === e.last ? day(e.first) : t(ctx, "dates.span", lang, { first: day(e.first), last: day(e.last) }),
      summary: e.summary
    }),
    e.description,
    e.alarm ? t(ctx, "reader.plan_text_reminder", lang, { hour: ctx.b.ics.reminder_hours }) : ""
  ].filter(Boolean).join("\n")).join("\n\n");
}
function twelveMonths(ctx, dayIso) {
  const last = ctx.b.years[1];
  let [y, m] = [Number(dayIso.slice(0, 4)), Number(dayIso.slice(5, 7))];
  if (y + 1 > last) {
    y = last;
    m = 1;
  }
  const first = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-01`;
  const next = `${String(y + 1).padStart(4, "0")}-${String(m).padStart(2, "0")}-01`;
  return [first, iso(indexOf(next, ctx) - 1, ctx)];
}
function colourScale(ctx, value, low, high) {
  const scale = ctx.b.colours.scale;
  const share = high === low ? 0 : (value - low) / (high - low);
  return scale[Math.min(scale.length - 1, Math.floor(share * scale.length))];
}
function yearGrid(ctx, firstIso, lastIso, carrier, remote = false) {
  const first = indexOf(firstIso, ctx), last = indexOf(lastIso, ctx);
  const forwarding = forwardingDays(ctx, remote, carrier);
  const days = [], best = [], worst = [], worstDays = [];
  for (let s = first; s <= last; s++) {
    const start2 = ctx.cum[s];
    days.push(s);
    best.push(nthWorking(start2 + forwarding[0] + carrier.review_days[0] + 1, ctx));
    const w = nthWorking(start2 + forwarding[2] + carrier.review_days[2] + 1, ctx);
    worst.push(w);
    worstDays.push(w - s);
  }
  const followLast = nthWorking(ctx.cum[worst[worst.length - 1]] + 1, ctx);
  const provisionalYears = [];
  for (let y = yearOf(first, ctx); y <= yearOf(followLast, ctx); y++) if (isProvisional(y, ctx)) provisionalYears.push(y);
  return { first, last, carrier, days, best, worst, worstDays, provisionalYears };
}
function dateRange(ctx, todayIso, linkedIso = null) {
  const [FIRST, LAST] = ctx.b.years;
  const ty = Number(todayIso.slice(0, 4));
  let firstYear = ty - 1, lastYear = ty + 1;
  if (linkedIso) {
    const ly = Number(linkedIso.slice(0, 4));
    firstYear = Math.min(firstYear, ly);
    lastYear = Math.max(lastYear, ly);
  }
  firstYear = Math.max(FIRST, firstYear);
  lastYear = Math.min(LAST, lastYear);
  if (ty > LAST) {
    firstYear = Math.min(firstYear, LAST - 1);
    lastYear = LAST;
  } else if (ty < FIRST) {
    firstYear = FIRST;
    lastYear = Math.max(lastYear, FIRST + 1);
  }
  return [`${firstYear}-01-01`, `${lastYear}-12-31`];
}
var clampIso = (day, first, last) => day < first ? first : day > last ? last : day;
function coverageNote(ctx, todayIso) {
  const [FIRST, LAST] = ctx.b.years;
  const ty = Number(todayIso.slice(0, 4));
  if (FIRST <= ty && ty <= LAST) return null;
  const [first, last] = dateRange(ctx, todayIso);
  return error(ctx, "data_ends", { today: todayIso, first: FIRST, last: LAST, shown: clampIso(todayIso, first, last) });
}
function parseQuery(ctx, query) {
  const settings = {}, problems = [];
  const params = /* @__PURE__ */ new Map();
  const pairs = (query || "").replace(/^\?/, "").split(/[&;]/).filter(Boolean);
  if (pairs.length > 20) return { settings, problems: [error(ctx, "link_unreadable")] };
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    const dec = (s) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, " "));
      } catch (e) {
        return s;
      }
    };
    const name = dec(at < 0 ? pair : pair.slice(0, at)), value = at < 0 ? "" : dec(pair.slice(at + 1));
    if (at < 0) continue;
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
function planFromQuery(ctx, todayIso, query) {
  const { settings, problems } = parseQuery(ctx, query);
  const [first, last] = dateRange(ctx, todayIso, settings.date || null);
  const shown = clampIso(todayIso, first, last);
  let day = settings.date || shown;
  if (!(first <= day && day <= last)) {
    problems.push(error(ctx, "outside_slider", { date: day, first, last, shown }));
    day = shown;
  }
  const carrier = settings.carrier || ctx.b.carriers[0].id;
  return {
    today: todayIso,
    first,
    last,
    submitted: day,
    carrier,
    remote: settings.remote || false,
    own: settings.review ? { [carrier]: settings.review } : {},
    lang: settings.lang || "zh",
    deadline: settings.by || null,
    holder: settings.holder || ctx.b.holders[0].id,
    problems,
    todayNote: coverageNote(ctx, todayIso)
  };
}
function shareQuery(ctx, plan) {
  const params = [["date", plan.submitted], ["carrier", plan.carrier], ["lang", plan.lang]];
  if (plan.remote) params.push(["remote", "1"]);
  if (plan.own[plan.carrier]) params.push(["review", plan.own[plan.carrier].join(",")]);
  if (plan.deadline) params.push(["by", plan.deadline]);
  if (plan.holder && plan.holder !== ctx.b.holders[0].id) params.push(["holder", plan.holder]);
  return params.map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2C/g, ",")}`).join("&");
}
function planCarrier(ctx, plan) {
  const profile = getCarrier(ctx, plan.carrier);
  const own = plan.own[plan.carrier];
  return own ? withReviewDays(ctx, profile, own) : profile;
}
function beijingToday(nowMs) {
  return new Date(nowMs + 8 * 36e5).toISOString().slice(0, 10);
}

// reader.js
var SVG = "http://www.w3.org/2000/svg";
var RUNS_SCRIPT = /<\s*\/?\s*(script|iframe|object|embed|frame|base|meta|link|style)\b|<[^>]*\son[a-z]+\s*=|<[^>]*\s(href|src|action|formaction|xlink:href)\s*=\s*["']?\s*javascript:/i;
function checked(markup) {
  if (RUNS_SCRIPT.test(markup)) throw new TypeError("cardguide: markup that could run a script was refused");
  return markup;
}
function createPolicy() {
  if (typeof trustedTypes !== "object" || !trustedTypes || !trustedTypes.createPolicy) return null;
  try {
    return trustedTypes.createPolicy("cardguide", {
      createHTML: checked,
      // The service worker and plotly.js: files of this page's own origin only.
      createScriptURL: (url) => {
        if (new URL(url, document.baseURI).origin !== location.origin) throw new TypeError(`cardguide: refused ${url}`);
        return url;
      }
    });
  } catch (exc) {
    return null;
  }
}
var policy = createPolicy();
function setHtml(node, markup) {
  node.innerHTML = policy ? policy.createHTML(String(markup)) : checked(String(markup));
}
function scriptUrl(url) {
  return policy ? policy.createScriptURL(url) : url;
}
function el(tag, attrs = {}, html = null) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === void 0) continue;
    node.setAttribute(k, v === true ? "" : v);
  }
  if (html !== null) setHtml(node, html);
  return node;
}
function plainText(ctx, html, lang) {
  const box = document.createElement("div");
  setHtml(box, html.replace(/<br>/g, t(ctx, "app.list_sep", lang)));
  return box.textContent.trim();
}
function setPalette(root, colours) {
  for (const [scheme, set] of [["light", colours], ["dark", colours.dark]]) {
    for (const [key, value] of Object.entries(set)) if (typeof value === "string") root.style.setProperty(`--cg-${scheme}-${key}`, value);
    for (const [key, value] of Object.entries(set.edges)) root.style.setProperty(`--cg-${scheme}-edge-${key}`, value);
  }
  colours.scale.forEach((colour, n) => {
    root.style.setProperty(`--cg-scale-${n}`, colour);
    root.style.setProperty(`--cg-ink-${n}`, colours.ink[n]);
  });
}
function ganttSvg(ctx, est, lang, width, label, today = null) {
  const start2 = est.submitted - 1, end = est.followUp + 2, n = end - start2;
  const now = today !== null && today >= start2 && today < end;
  const left = 8, right = 8, top = now ? 46 : 30, row = 40;
  const labels = est.typical.stages.map((s) => text(s.label, lang));
  const height = top + labels.length * row + 26;
  const x = (day) => left + (day - start2) / n * (width - left - right);
  const parts2 = [];
  const note = (middle, label2) => {
    const anchor = middle > width - 90 ? `x="${width - right}" text-anchor="end"` : middle < 90 ? `x="${left}" text-anchor="start"` : `x="${middle}" text-anchor="middle"`;
    return `<text ${anchor} y="${top - 8}" class="cg-g-note">${escapeHtml(label2)}</text>`;
  };
  for (const run of daysOffNamed(est.submitted, est.followUp, ctx)) {
    parts2.push(`<rect x="${x(run.first)}" y="${top}" width="${x(run.last + 1) - x(run.first)}" height="${labels.length * row}" class="cg-f-non_working"/>`);
    if (run.name >= 0 && run.last > run.first) {
      parts2.push(note((x(run.first) + x(run.last + 1)) / 2, holidayName(run.name, lang, ctx)));
    }
  }
  for (let d = est.submitted; d <= est.followUp; d++) {
    if (!isMakeup(d, ctx)) continue;
    parts2.push(`<rect x="${x(d)}" y="${top}" width="${x(d + 1) - x(d)}" height="${labels.length * row}" class="cg-f-makeup"/>`);
    parts2.push(note((x(d) + x(d + 1)) / 2, t(ctx, "figure.makeup", lang)));
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
  est.typical.stages.forEach((stage2, index) => {
    const y = top + index * row;
    parts2.push(`<text x="${left}" y="${y + 14}" class="cg-g-label">${escapeHtml(labels[index])}</text>`);
    if (stage2.actor === "user") {
      parts2.push(bar(stage2.days, y + 20, 12, "user"));
      return;
    }
    const every = [...new Set(est.scenarios.flatMap((s) => s.stages[index].days))].sort((a, b) => a - b);
    parts2.push(bar(every, y + 18, 18, "range"));
    parts2.push(bar(stage2.days, y + 22, 10, "typical"));
  });
  const line = (day, colour, dash) => `<line x1="${x(day + 1)}" x2="${x(day + 1)}" y1="${top}" y2="${top + labels.length * row}" class="cg-s-${colour}" stroke-width="2" stroke-dasharray="${dash}"/>`;
  parts2.push(
    line(est.best.completion, "completion", "6 3"),
    line(est.worst.completion, "completion", "6 3"),
    line(est.followUp, "follow_up", "2 3")
  );
  if (now) {
    const mid = (x(today) + x(today + 1)) / 2;
    const anchor = mid > width - 60 ? "end" : mid < 60 ? "start" : "middle";
    parts2.push(`<line x1="${mid}" x2="${mid}" y1="${top - 22}" y2="${top + labels.length * row}" stroke-width="2" class="cg-g-today"/>`);
    parts2.push(`<text x="${anchor === "end" ? mid - 4 : anchor === "start" ? mid + 4 : mid}" y="${top - 26}" text-anchor="${anchor}" class="cg-g-note cg-g-today-label">${escapeHtml(t(ctx, "figure.today", lang))}</text>`);
  }
  const step = Math.max(1, Math.ceil(26 / ((width - left - right) / n)));
  for (let d = start2; d < end; d += step) {
    const day = iso(d, ctx);
    parts2.push(`<text x="${(x(d) + x(d + 1)) / 2}" y="${height - 8}" text-anchor="middle" class="cg-g-tick">${day.slice(5, 7)}-${day.slice(8)}</text>`);
  }
  return `<svg xmlns="${SVG}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(label)}" focusable="false">${parts2.join("")}</svg>`;
}
function legendHtml(ctx, est, lang) {
  const item = (kind, label) => `<li><span class="cg-sw cg-sw-${kind}"></span>${escapeHtml(label)}</li>`;
  const when = (a, b) => dateSpan(a, b, lang, ctx);
  const items = [
    item("user", t(ctx, "figure.user_step", lang)),
    item("range", t(ctx, "figure.range", lang)),
    item("typical", t(ctx, "figure.typical", lang)),
    item("completion", t(ctx, "figure.legend_item", lang, { label: t(ctx, "figure.completion", lang), when: when(est.best.completion, est.worst.completion) })),
    item("follow_up", t(ctx, "figure.legend_item", lang, { label: t(ctx, "figure.follow_up", lang), when: when(est.followUp, est.followUp) })),
    item("non_working", t(ctx, "figure.non_working", lang))
  ];
  let makeup = false;
  for (let d = est.submitted; d <= est.followUp && !makeup; d++) makeup = isMakeup(d, ctx);
  if (makeup) items.push(item("makeup", t(ctx, "figure.makeup", lang)));
  return `<ul class="cg-legend">${items.join("")}</ul>`;
}
function chartTitles(ctx, est, lang) {
  const title = t(ctx, "figure.title", lang, { carrier: text(est.carrier.name, lang), date: shortDate(est.submitted, lang, ctx) });
  let subtitle = t(ctx, "figure.subtitle", lang, { best: shortDate(est.best.completion, lang, ctx), worst: shortDate(est.worst.completion, lang, ctx) });
  if (est.remote && est.carrier.remote_forwarding) subtitle += t(ctx, "figure.assumption", lang);
  if (est.provisionalYears.length) subtitle += t(ctx, "figure.provisional", lang, { years: yearList(est.provisionalYears, lang, ctx) });
  return { title, subtitle };
}
function yearWindow(ctx, plan, shown) {
  const holds = (w) => w && w[0] <= plan.submitted && plan.submitted <= w[1];
  if (holds(shown)) return shown;
  const todays = twelveMonths(ctx, plan.today);
  return holds(todays) ? todays : twelveMonths(ctx, plan.submitted);
}
function yearViewHtml(ctx, plan, carrier, lang, [first, last]) {
  const grid = yearGrid(ctx, first, last, carrier, plan.remote);
  const low = Math.min(...grid.worstDays), high = Math.max(...grid.worstDays);
  const deadline = plan.deadline ? indexOf(plan.deadline, ctx) : null;
  const names = /* @__PURE__ */ new Map();
  for (const run of daysOffNamed(grid.first, grid.last, ctx)) {
    if (run.name < 0) continue;
    for (let d = run.first; d <= run.last; d++) {
      names.set(d, holidayName(run.name, lang, ctx) + (isProvisional(yearOf(d, ctx), ctx) ? t(ctx, "app.provisional_mark", lang) : ""));
    }
  }
  for (const d of grid.days) if (isMakeup(d, ctx)) names.set(d, t(ctx, "figure.makeup", lang));
  const monthLabel = (m, y) => t(ctx, "year.month_of_year", lang, { year: y, month: monthName(m, lang, ctx) });
  const months = [];
  let body = "", cur = null;
  const scale = ctx.b.colours.scale;
  grid.days.forEach((d, i) => {
    const day = iso(d, ctx);
    const key = day.slice(0, 7);
    if (key !== cur) {
      if (cur) months.push(body + "</div></div>");
      cur = key;
      const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
      const wd = ((/* @__PURE__ */ new Date(day + "T00:00:00Z")).getUTCDay() + 6) % 7;
      body = `<div class="cg-month"><div class="cg-month-name">${escapeHtml(monthLabel(m, y))}</div><div class="cg-days" role="presentation">` + [0, 1, 2, 3, 4, 5, 6].map((w) => `<span class="cg-wd" aria-hidden="true">${escapeHtml(weekdayName(w, lang, ctx))}</span>`).join("") + `<span class="cg-pad cg-span${wd}"></span>`.repeat(wd ? 1 : 0);
    }
    const colour = colourScale(ctx, grid.worstDays[i], low, high);
    const shade = scale.indexOf(colour);
    const holiday = names.has(d) ? t(ctx, "year.holiday", lang, { name: escapeHtml(names.get(d)) }) : "";
    let hover = t(ctx, "year.hover", lang, {
      date: longDate(d, lang, ctx),
      holiday,
      best: shortDate(grid.best[i], lang, ctx),
      worst: shortDate(grid.worst[i], lang, ctx),
      days: grid.worstDays[i]
    });
    const late = deadline !== null && grid.worst[i] > deadline;
    if (late) hover += t(ctx, "year.late", lang, { deadline: shortDate(deadline, lang, ctx) });
    const cls = ["cg-day", `cg-shade${shade}`, late ? "cg-late" : "", d === deadline ? "cg-deadline" : "", day === plan.submitted ? "cg-selected" : ""].join(" ").trim();
    body += `<button type="button" class="${cls}" data-day="${day}" tabindex="${day === plan.submitted ? 0 : -1}" aria-pressed="${day === plan.submitted}" aria-label="${escapeHtml(plainText(ctx, hover, lang))}">${Number(day.slice(8))}</button>`;
  });
  months.push(body + "</div></div>");
  const names_ = { carrier: text(carrier.name, lang), phrase: text(carrier.phrase, lang) };
  const title = first.endsWith("-01-01") && last.endsWith("-12-31") ? t(ctx, "year.title", lang, { year: first.slice(0, 4), ...names_ }) : t(ctx, "year.window_title", lang, {
    first: monthLabel(Number(first.slice(5, 7)), Number(first.slice(0, 4))),
    last: monthLabel(Number(last.slice(5, 7)), Number(last.slice(0, 4))),
    ...names_
  });
  const inside = grid.provisionalYears.filter((y) => y >= Number(first.slice(0, 4)) && y <= Number(last.slice(0, 4)));
  const notice = inside.length ? t(ctx, "year.provisional", lang, { years: yearList(inside, lang, ctx) }) : grid.provisionalYears.length ? t(ctx, "year.spills", lang, { year: grid.provisionalYears[0] }) : "";
  const slow = new Set(scale.slice(-2));
  const periods = [];
  grid.days.forEach((d, i) => {
    if (!slow.has(colourScale(ctx, grid.worstDays[i], low, high))) return;
    const last_ = periods[periods.length - 1];
    if (last_ && last_.last === d - 1) {
      last_.last = d;
      last_.most = Math.max(last_.most, grid.worstDays[i]);
    } else periods.push({ first: d, last: d, most: grid.worstDays[i] });
  });
  const slowItems = periods.map((p) => `<li>${escapeHtml(t(ctx, "year.slow_item", lang, { days: dateSpan(p.first, p.last, lang, ctx), most: p.most }))}</li>`).join("");
  const legend = `<p class="cg-scale">${escapeHtml(t(ctx, "year.colorbar", lang))}: ${low} ` + scale.map((s, n) => `<span class="cg-sw cg-shade${n}"></span>`).join("") + ` ${high}</p>` + (deadline !== null ? `<p class="cg-small">${escapeHtml(t(ctx, "year.late_legend", lang))} · ${escapeHtml(t(ctx, "year.deadline_legend", lang))}</p>` : "");
  return `<h3>${escapeHtml(t(ctx, "year.heading", lang))}</h3><p class="cg-year-title">${escapeHtml(title)}</p><p class="cg-small">${escapeHtml(t(ctx, "year.subtitle", lang))}</p>` + (notice ? `<div class="cg-warn">${escapeHtml(notice)}</div>` : "") + `<div class="cg-months" role="group" aria-label="${escapeHtml(t(ctx, "year.grid_label", lang, { title }))}">${months.join("")}</div>${legend}<p>${escapeHtml(t(ctx, "year.slow_heading", lang))}</p><ul class="cg-slow">${slowItems}</ul>`;
}
function copyField(input) {
  const bySelection = () => {
    input.focus();
    input.select();
    try {
      input.setSelectionRange(0, input.value.length);
    } catch (e) {
    }
    try {
      return document.execCommand("copy");
    } catch (e) {
      return false;
    }
  };
  const clipboard = navigator.clipboard;
  if (clipboard && typeof clipboard.writeText === "function") {
    return clipboard.writeText(input.value).then(() => true, bySelection);
  }
  return Promise.resolve(bySelection());
}
function copied(ctx, lang, button, note, ok) {
  button.textContent = ok ? t(ctx, "controls.copied", lang) : button.textContent;
  if (note) note.textContent = ok ? "" : t(ctx, "controls.copy_manually", lang);
}
function whenHtml(ctx, id, lang) {
  return `<div class="cg-field"><label for="${id}date">${escapeHtml(t(ctx, "app.date", lang))}</label><input id="${id}date" class="cg-date" type="range" min="0" step="1"><output class="cg-date-out" for="${id}date"></output></div>`;
}
function controlsHtml(ctx, id, lang) {
  const T = (key, f) => escapeHtml(t(ctx, key, lang, f));
  const stops = ctx.b.carriers.map((c, i) => `<span class="cg-stop" data-stop="${i}">${escapeHtml(text(c.short || c.name, lang))}</span>`).join("");
  const review = SCENARIOS.map((s) => `<label class="cg-num">${T(`scenario.${s}`)}<input type="number" inputmode="numeric" min="1" max="${ctx.b.max_review}" step="1" name="review-${s}"></label>`).join("");
  return `<div class="cg-field"><label for="${id}pick">${T("controls.choose_day")}</label><input id="${id}pick" class="cg-pick" type="date"></div><div class="cg-field cg-carrier-field"><label for="${id}carrier">${T("app.carrier")}</label><input id="${id}carrier" class="cg-carrier" type="range" min="0" max="${ctx.b.carriers.length - 1}" step="1"><div class="cg-stops" aria-hidden="true">${stops}</div><output class="cg-carrier-out" for="${id}carrier"></output></div><div class="cg-field"><label><input class="cg-remote" type="checkbox"> ${escapeHtml(text(ctx.b.remote.option, lang))}</label></div><fieldset class="cg-review"><legend>${T("controls.assumptions")}</legend>${review}<button type="button" class="cg-reset">${T("controls.reset")}</button><p class="cg-small">${T("controls.assumptions_help", { bound: ctx.b.max_review })}</p><div class="cg-review-note" role="status"></div></fieldset><fieldset class="cg-deadline"><legend>${T("deadline.heading")}</legend><p class="cg-small">${T("deadline.help")}</p><label for="${id}by">${T("deadline.label")}</label> <input id="${id}by" class="cg-by" type="date"> <button type="button" class="cg-clear">${T("deadline.clear")}</button><div class="cg-by-answer" role="status"></div><button type="button" class="cg-move"></button></fieldset>`;
}
var CHOICE = ["date", "carrier", "remote", "review", "deadline", "lang", "holder"];
var LocalModel = class {
  constructor(state) {
    this.state = { ...state };
    this.handlers = /* @__PURE__ */ new Map();
  }
  get(key) {
    return this.state[key];
  }
  set(key, value) {
    if (this.state[key] === value) return;
    this.state[key] = value;
    for (const fn of this.handlers.get(`change:${key}`) || []) fn(this, value);
  }
  on(name, fn) {
    if (!this.handlers.has(name)) this.handlers.set(name, /* @__PURE__ */ new Set());
    this.handlers.get(name).add(fn);
  }
  off(name, fn) {
    if (this.handlers.has(name)) this.handlers.get(name).delete(fn);
  }
  save_changes() {
  }
  send() {
  }
};
function stateFromQuery(ctx, today, search) {
  const p = planFromQuery(ctx, today, search);
  return {
    date: p.submitted,
    carrier: p.carrier,
    remote: p.remote,
    review: p.own,
    deadline: p.deadline || "",
    lang: p.lang,
    holder: p.holder,
    today,
    first: p.first,
    last: p.last,
    problems: p.problems.map((e) => ({ zh: e.message_("zh"), en: e.message_("en") })),
    figure: {}
  };
}
function chartKey(plan, carrier) {
  return [plan.submitted, plan.carrier, plan.remote ? 1 : 0, carrier.review_days.join(","), plan.lang].join("|");
}
var plotlyLoading = null;
function runScript(src, integrity) {
  return new Promise((resolve, reject) => {
    const define = window.define;
    window.define = void 0;
    const script = document.createElement("script");
    if (integrity) script.integrity = integrity;
    script.src = scriptUrl(src);
    script.onload = () => {
      window.define = define;
      window.Plotly ? resolve(window.Plotly) : reject(new Error("no Plotly"));
    };
    script.onerror = () => {
      window.define = define;
      reject(new Error(`cannot load ${src}`));
    };
    document.head.appendChild(script);
  });
}
function plotlyFromKernel(model) {
  if (model.get("_plotly_js")) return Promise.resolve(model.get("_plotly_js"));
  return new Promise((resolve) => {
    const arrived = () => {
      model.off("change:_plotly_js", arrived);
      resolve(model.get("_plotly_js"));
    };
    model.on("change:_plotly_js", arrived);
    model.send({ need: "plotly" });
  });
}
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
      }
    });
  }
}
function loadPlotly(model) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!plotlyLoading) {
    const meta = document.querySelector('meta[name="cardguide-plotly"]');
    const viaKernel = () => plotlyFromKernel(model).then((code) => runScript(URL.createObjectURL(new Blob([code], { type: "text/javascript" }))));
    if (meta) plotlyPolicies(meta);
    plotlyLoading = meta ? runScript(meta.content, meta.dataset.integrity).catch(viaKernel) : viaKernel();
    plotlyLoading.catch(() => {
      plotlyLoading = null;
    });
  }
  return plotlyLoading;
}
var plotlyFetched = null;
function prefetchPlotly() {
  const meta = document.querySelector('meta[name="cardguide-plotly"]');
  const connection = typeof navigator !== "undefined" ? navigator.connection : null;
  if (plotlyFetched || plotlyLoading || window.Plotly || !meta || typeof fetch !== "function") return;
  if (connection && connection.saveData) return;
  const options = meta.dataset.integrity ? { integrity: meta.dataset.integrity } : {};
  plotlyFetched = fetch(meta.content, options).then((response) => response.blob()).catch(() => null);
}
var whenIdle = (fn) => typeof requestIdleCallback === "function" ? requestIdleCallback(fn, { timeout: 2e3 }) : setTimeout(fn, 200);
function darkFigure(ctx, figure) {
  const light = ctx.b.colours, dark = light.dark, swap = /* @__PURE__ */ new Map();
  for (const [key, value] of Object.entries(light)) if (typeof value === "string" && dark[key]) swap.set(value, dark[key]);
  for (const [key, value] of Object.entries(light.edges || {})) if (dark.edges && dark.edges[key]) swap.set(value, dark.edges[key]);
  return JSON.parse(JSON.stringify(figure), (key, value) => typeof value === "string" && swap.has(value) ? swap.get(value) : value);
}
function hostScheme(doc) {
  const body = doc && doc.body;
  if (!body) return null;
  const jupyter = body.getAttribute("data-jp-theme-light");
  if (jupyter === "true" || jupyter === "false") return jupyter === "true" ? "light" : "dark";
  const marimo = body.getAttribute("data-theme");
  return marimo === "dark" || marimo === "light" ? marimo : null;
}
var SCHEME_ATTRIBUTES = ["data-jp-theme-light", "data-theme"];
function isDark(root) {
  if (root.dataset.cgScheme) return root.dataset.cgScheme === "dark";
  return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
}
function mount(root, bundle, model, { page = false } = {}) {
  const box = root.querySelector(".cg-chart");
  let chartWidth = box && box.clientWidth || 0;
  const ctx = load(bundle);
  const id = `cg${Math.random().toString(36).slice(2, 8)}-`;
  for (const node of root.querySelectorAll("[id]")) node.id = id + node.id;
  for (const node of root.querySelectorAll("[aria-labelledby]")) node.setAttribute("aria-labelledby", id + node.getAttribute("aria-labelledby"));
  if (root.getAttribute("aria-labelledby")) root.setAttribute("aria-labelledby", id + root.getAttribute("aria-labelledby"));
  const today = model.get("today");
  const plan = { today, first: null, last: null, problems: [], todayNote: coverageNote(ctx, today) };
  let notice = null, typed = null, yearKey = null, shownYear = null, printing = false;
  const part = (name) => root.querySelector(`.cg-${name}`);
  const parts2 = {
    problems: part("problems"),
    answer: part("answer"),
    notes: part("notes"),
    when: part("when"),
    controls: part("controls"),
    chart: part("chart"),
    table: part("table"),
    share: part("share"),
    downloads: part("downloads"),
    year: part("year"),
    article: part("article"),
    checklist: part("checklist"),
    holder: part("holder-box"),
    holderNotes: part("holder-why")
  };
  const days = () => indexOf(plan.last, ctx) - indexOf(plan.first, ctx);
  let mounted = false, servedLang = null;
  const later = (fn) => requestAnimationFrame(() => setTimeout(fn, 0));
  let urls = [];
  function read(key) {
    const v = model.get(key);
    if (key === "date") plan.submitted = v;
    else if (key === "review") plan.own = { ...v || {} };
    else if (key === "deadline") plan.deadline = v || null;
    else plan[key] = v;
  }
  function span() {
    if (!plan.first || !(plan.first <= plan.submitted && plan.submitted <= plan.last)) {
      [plan.first, plan.last] = model.get("first") && !plan.first ? [model.get("first"), model.get("last")] : dateRange(ctx, plan.today, plan.submitted);
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
    save({
      date: plan.submitted,
      carrier: plan.carrier,
      remote: plan.remote,
      review: { ...plan.own },
      deadline: plan.deadline || "",
      lang: plan.lang,
      holder: plan.holder
    });
  }
  function external(key) {
    const before = JSON.stringify([plan.submitted, plan.carrier, plan.remote, plan.own, plan.deadline, plan.lang, plan.holder]);
    read(key);
    if (JSON.stringify([plan.submitted, plan.carrier, plan.remote, plan.own, plan.deadline, plan.lang, plan.holder]) === before) return;
    span();
    notice = null;
    typed = null;
    if (key === "lang") setLang(plan.lang);
    else render();
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
      const clamp = (d) => d < plan.first ? plan.first : d > plan.last ? plan.last : d;
      const wasToday = plan.submitted === clamp(plan.today);
      plan.today = next;
      plan.todayNote = coverageNote(ctx, next);
      [plan.first, plan.last] = dateRange(ctx, next, plan.submitted);
      if (wasToday) plan.submitted = next < plan.first ? plan.first : next > plan.last ? plan.last : next;
      render();
    };
    const onProblems = () => {
      plan.problems = m.get("problems") || [];
      render();
    };
    const onFigure = () => drawKernelChart();
    for (const [name, fn] of [["change:today", onToday], ["change:problems", onProblems], ["change:figure", onFigure]]) {
      m.on(name, fn);
      listeners.push([m, name, fn]);
    }
  }
  function unlisten() {
    for (const [m, name, fn] of listeners.splice(0)) m.off(name, fn);
  }
  listen(model);
  let articleLang = null;
  function drawArticle() {
    if (!ctx.b.article || articleLang === plan.lang) return;
    articleLang = plan.lang;
    setHtml(parts2.article, ctx.b.article[plan.lang]);
  }
  function setLang(lang) {
    plan.lang = lang;
    if (page) {
      if (servedLang === null) servedLang = document.documentElement.lang;
      document.documentElement.lang = ctx.b.html_lang[lang];
    }
    root.setAttribute("lang", ctx.b.html_lang[lang]);
    part("title").textContent = text(ctx.b.meta.title, lang);
    const source = part("footer-source");
    if (source) source.textContent = t(ctx, "app.source", lang, { source: text(ctx.b.meta.source, lang) });
    for (const node of root.querySelectorAll("[data-t]")) node.textContent = t(ctx, node.dataset.t, lang, JSON.parse(node.dataset.f || "{}"));
    for (const node of root.querySelectorAll("[data-lang]")) node.setAttribute("aria-current", String(node.dataset.lang === lang));
    if (parts2.article) {
      const kept = !mounted && parts2.article.firstChild && page && servedLang === ctx.b.html_lang[lang];
      if (!kept) (mounted ? (f) => f() : whenIdle)(drawArticle);
    }
    if (parts2.holder) {
      setHtml(parts2.holder, `<fieldset class="cg-holder"><legend>${escapeHtml(t(ctx, "holder.legend", lang))}</legend>` + ctx.b.holders.map((h) => `<label><input type="radio" name="${id}holder" value="${escapeHtml(h.id)}"> ${escapeHtml(text(h.option, lang))}</label>`).join("") + "</fieldset>");
      for (const input of parts2.holder.querySelectorAll("input")) {
        input.addEventListener("change", () => {
          if (input.checked) {
            plan.holder = input.value;
            commit();
            render();
          }
        });
      }
    }
    showLive();
    const early = mounted ? null : parts2.when.querySelector(".cg-early .cg-date");
    const earlyFocus = Boolean(early) && early.ownerDocument.activeElement === early;
    const earlySteps = early ? Number(early.value) - Number(early.defaultValue) : 0;
    const earlyDay = earlySteps ? iso(indexOf(plan.submitted, ctx) + earlySteps, ctx) : null;
    setHtml(parts2.when, whenHtml(ctx, id, lang));
    setHtml(parts2.controls, controlsHtml(ctx, id, lang));
    const T = (key) => escapeHtml(t(ctx, key, lang));
    setHtml(parts2.share, `<label for="${id}link">${T("controls.share_label")}</label> <input id="${id}link" class="cg-link" readonly> <button type="button" class="cg-copy">${T("controls.copy")}</button><p class="cg-small cg-copy-note" role="status"></p><p class="cg-small">${T("controls.share_hint")}</p>`);
    part("copy").addEventListener("click", (e) => {
      const button = e.currentTarget;
      copyField(part("link")).then((ok) => copied(ctx, plan.lang, button, part("copy-note"), ok));
    });
    wire();
    yearKey = null;
    chart.drawn = null;
    if (earlyDay && earlyDay !== plan.submitted && plan.first <= earlyDay && earlyDay <= plan.last) {
      plan.submitted = earlyDay;
      notice = null;
      commit();
    }
    render();
    if (earlyFocus) part("date").focus();
  }
  function wire() {
    const date = part("date"), pick = part("pick"), carrier = part("carrier");
    date.addEventListener("input", () => choose(iso(indexOf(plan.first, ctx) + Number(date.value), ctx)));
    pick.addEventListener("change", () => {
      if (!pick.value) return;
      if (pick.value < plan.first || pick.value > plan.last) {
        notice = error(ctx, "outside_slider", { date: pick.value, first: plan.first, last: plan.last, shown: plan.submitted });
        render();
      } else choose(pick.value);
    });
    const pickCarrier = (index) => {
      const chosen = ctx.b.carriers[index];
      if (!chosen || chosen.id === plan.carrier) return;
      plan.carrier = chosen.id;
      notice = null;
      typed = null;
      commit();
      render();
    };
    carrier.addEventListener("input", () => pickCarrier(Number(carrier.value)));
    part("stops").addEventListener("click", (e) => {
      const stop = e.target.closest("[data-stop]");
      if (!stop) return;
      pickCarrier(Number(stop.dataset.stop));
      carrier.focus();
    });
    part("carrier-field").style.setProperty("--cg-stops", String(ctx.b.carriers.length));
    part("remote").addEventListener("change", (e) => {
      plan.remote = e.target.checked;
      commit();
      render();
    });
    const reviewInputs = [...root.querySelectorAll(".cg-review input")];
    const applyReview = () => {
      try {
        typed = reviewInputs.map((i) => i.value);
        const own = parseReviewDays(ctx, typed);
        const profile = getCarrier(ctx, plan.carrier);
        const next = { ...plan.own };
        delete next[plan.carrier];
        if (own.join() !== profile.review_days.join()) next[plan.carrier] = own;
        plan.own = next;
        notice = null;
        typed = null;
        commit();
      } catch (exc) {
        if (!(exc instanceof ReaderError)) throw exc;
        notice = exc;
      }
      render();
    };
    for (const input of reviewInputs) {
      input.addEventListener("change", applyReview);
      input.addEventListener("keydown", (e) => {
        if (e.key === "Enter") applyReview();
      });
    }
    part("reset").addEventListener("click", () => {
      const next = { ...plan.own };
      delete next[plan.carrier];
      plan.own = next;
      notice = null;
      typed = null;
      commit();
      render();
    });
    part("by").addEventListener("change", (e) => {
      if (!e.target.value) {
        plan.deadline = null;
        commit();
        render();
        return;
      }
      try {
        plan.deadline = parseDate(ctx, e.target.value);
        commit();
      } catch (exc) {
        notice = exc;
      }
      render();
    });
    part("clear").addEventListener("click", () => {
      plan.deadline = null;
      commit();
      render();
    });
    part("move").addEventListener("click", () => {
      if (latest) choose(iso(latest.worst, ctx));
    });
  }
  let live = null;
  function showLive() {
    const box2 = part("status");
    if (!box2) return;
    if (!live) {
      setHtml(box2, "");
      return;
    }
    setHtml(box2, `<p class="cg-warn">${escapeHtml(t(ctx, `connection.${live}`, plan.lang))}` + (live === "paused" ? ` <button type="button" class="cg-reconnect">${escapeHtml(t(ctx, "connection.reconnect", plan.lang))}</button>` : "") + "</p>");
    const again = part("reconnect");
    if (again) again.addEventListener("click", () => reload());
  }
  function address() {
    return `?${shareQuery(ctx, plan)}`;
  }
  function reload() {
    clearTimeout(addressTimer);
    try {
      history.replaceState(null, "", address());
    } catch (e) {
    }
    location.reload();
  }
  function choose(day) {
    if (day < plan.first || day > plan.last) {
      notice = error(ctx, "outside_slider", { date: day, first: plan.first, last: plan.last, shown: plan.submitted });
    } else {
      plan.submitted = day;
      notice = null;
      commit();
    }
    render();
  }
  let latest = null, current = null, addressTimer = 0;
  const chatApp = inChatApp(ctx, typeof navigator !== "undefined" ? navigator.userAgent : "");
  let chatHint = false;
  function drawChatHint(est, lang) {
    if (!chatHint) return;
    const T = (key) => escapeHtml(t(ctx, key, lang));
    const text2 = planText(ctx, est, lang, { deadline: plan.deadline, holder: plan.holder, today: plan.today || null });
    const box2 = el(
      "div",
      { class: "cg-chat cg-chat-hint" },
      `<p>${T("reader.chat_download")}</p><label for="${id}plan-text">${T("reader.plan_text_label")}</label><textarea id="${id}plan-text" class="cg-plan-text" readonly rows="10">${escapeHtml(text2)}</textarea><button type="button" class="cg-copy-plan">${T("reader.copy_plan")}</button><p class="cg-small cg-copy-plan-note" role="status"></p>`
    );
    parts2.downloads.appendChild(box2);
    box2.querySelector(".cg-copy-plan").addEventListener("click", (e) => {
      const button = e.currentTarget;
      copyField(box2.querySelector(".cg-plan-text")).then((ok) => copied(ctx, plan.lang, button, box2.querySelector(".cg-copy-plan-note"), ok));
    });
  }
  parts2.downloads.addEventListener("click", (e) => {
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
    const stamp = (/* @__PURE__ */ new Date()).toISOString().replace(/[-:]/g, "").slice(0, 15) + "Z";
    const format2 = ctx.b.downloads.find((f) => a.classList.contains(`cg-${f.name}`));
    if (!format2) return;
    const blob = new Blob(
      [writeFile(ctx, format2, est, lang, { stamp, deadline: plan.deadline, holder: plan.holder, today: plan.today || null })],
      { type: format2.media_type }
    );
    a.href = URL.createObjectURL(blob);
    urls = [a.href];
  });
  const chart = { key: null, height: 0, drawn: null, box: null, svg: null, plot: null, Plotly: null, wanted: false, stale: 0 };
  function drawChart(est, lang) {
    const { title, subtitle } = chartTitles(ctx, est, lang);
    const width = Math.max(280, Math.min(chartWidth || 640, 1100));
    const label = t(ctx, "reader.chart_label", lang, { title, subtitle });
    const svg = ganttSvg(ctx, est, lang, width, label, plan.today ? indexOf(plan.today, ctx) : null);
    chart.height = Number(/height="(\d+)"/.exec(svg)[1]);
    if (!chart.box || !chart.box.isConnected || chart.drawn !== lang) {
      setHtml(parts2.chart, `<figure><figcaption><b class="cg-chart-title"></b><br><span class="cg-small cg-chart-subtitle"></span></figcaption><div class="cg-plotbox"><div class="cg-svg"></div><div class="cg-plotly" role="img" hidden></div></div><div class="cg-legend-box"></div></figure>`);
      chart.box = parts2.chart.querySelector(".cg-plotbox");
      chart.svg = parts2.chart.querySelector(".cg-svg");
      chart.plot = parts2.chart.querySelector(".cg-plotly");
      chart.drawn = lang;
    }
    parts2.chart.querySelector(".cg-chart-title").textContent = title;
    parts2.chart.querySelector(".cg-chart-subtitle").textContent = subtitle;
    setHtml(parts2.chart.querySelector(".cg-legend-box"), legendHtml(ctx, est, lang));
    chart.box.style.height = `${chart.height}px`;
    setHtml(chart.svg, svg);
    chart.plot.setAttribute("aria-label", label);
    chart.key = chartKey(plan, planCarrier(ctx, plan));
    drawKernelChart();
  }
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
      const narrow = (chartWidth || 640) < 560;
      const xaxis = narrow ? { ...figure.layout.xaxis, tickformat: "%-d", dtick: 2 * 864e5, tickangle: 0, tickfont: { size: 12 } } : figure.layout.xaxis;
      const layout = {
        ...figure.layout,
        xaxis,
        title: void 0,
        showlegend: false,
        height: chart.height,
        margin: { l: 10, r: 20, t: 24, b: 30 },
        autosize: true,
        paper_bgcolor: "rgba(0,0,0,0)",
        plot_bgcolor: dark ? "rgba(0,0,0,0)" : figure.layout.plot_bgcolor,
        font: { ...figure.layout.font, color: ink }
      };
      chart.plot.hidden = false;
      chart.svg.hidden = true;
      chart.Plotly.react(chart.plot, figure.data, layout, { displayModeBar: false, responsive: true, ...figure.config || {} });
      chart.plot.dataset.key = figure.key;
      parts2.chart.dataset.drawn = "plotly";
      clearTimeout(chart.stale);
      return;
    }
    if (kernel && chart.Plotly && !chart.plot.hidden) {
      clearTimeout(chart.stale);
      chart.stale = setTimeout(() => {
        chart.plot.hidden = true;
        chart.svg.hidden = false;
        parts2.chart.dataset.drawn = "svg";
      }, 3e3);
      return;
    }
    chart.plot.hidden = true;
    chart.svg.hidden = false;
    parts2.chart.dataset.drawn = "svg";
  }
  function wantPlotly() {
    chart.wanted = true;
    whenIdle(prefetchPlotly);
    const go = () => whenIdle(() => loadPlotly(model).then((Plotly) => {
      chart.Plotly = Plotly;
      drawKernelChart();
    }).catch(() => {
      chart.wanted = false;
    }));
    if (typeof IntersectionObserver !== "function") {
      go();
      return;
    }
    const seen = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      seen.disconnect();
      go();
    }, { rootMargin: "100px 0px" });
    seen.observe(parts2.chart);
  }
  let standing = null;
  function render() {
    if (mounted) chartWidth = parts2.chart.clientWidth || chartWidth;
    const lang = plan.lang;
    const T = (key, f) => t(ctx, key, lang, f);
    const carrier = planCarrier(ctx, plan);
    let est;
    try {
      est = estimate(ctx, plan.submitted, carrier, plan.remote);
    } catch (exc) {
      setHtml(parts2.answer, errorHtml(ctx, exc instanceof ReaderError ? exc : error(ctx, "calendar_range", { date: plan.submitted, first: plan.first, last: plan.last }), lang));
      return;
    }
    let err = null;
    latest = null;
    if (plan.deadline) {
      try {
        latest = latestSubmission(ctx, plan.deadline, carrier, plan.remote, plan.today);
      } catch (exc) {
        err = exc;
      }
    }
    const problems = [plan.todayNote ? plan.todayNote.message_(lang) : null, ...plan.problems.map((p) => p[lang] || p.zh)].filter(Boolean).map((p) => warningHtml(p)).join("");
    setHtml(parts2.problems, problems + errorHtml(ctx, notice, lang));
    standing = null;
    if (plan.today && plan.submitted < plan.today) {
      try {
        standing = status(ctx, est, plan.today);
      } catch (exc) {
        standing = null;
      }
    }
    setHtml(parts2.answer, (standing ? statusHtml(ctx, standing, lang) : "") + summaryHtml(ctx, est, lang));
    setHtml(parts2.notes, notesHtml(ctx, est, lang));
    const date = part("date");
    date.max = String(days());
    date.value = String(indexOf(plan.submitted, ctx) - indexOf(plan.first, ctx));
    date.setAttribute("aria-valuetext", longDate(est.submitted, lang, ctx));
    part("date-out").textContent = longDate(est.submitted, lang, ctx);
    const pick = part("pick");
    pick.min = plan.first;
    pick.max = plan.last;
    pick.value = plan.submitted;
    const carrierSlider = part("carrier"), chosen = ctx.b.carriers.findIndex((c) => c.id === plan.carrier);
    carrierSlider.value = String(chosen);
    carrierSlider.setAttribute("aria-valuetext", text(carrier.name, lang));
    part("carrier-out").textContent = text(carrier.name, lang);
    for (const stop of root.querySelectorAll(".cg-stop")) stop.classList.toggle("cg-chosen", Number(stop.dataset.stop) === chosen);
    part("remote").checked = plan.remote;
    if (parts2.holder) for (const input of parts2.holder.querySelectorAll("input")) input.checked = input.value === plan.holder;
    [...root.querySelectorAll(".cg-review input")].forEach((input, i) => {
      input.value = typed && notice ? typed[i] : String(carrier.review_days[i]);
    });
    const by = part("by");
    by.min = `${ctx.b.years[0]}-01-01`;
    by.max = `${ctx.b.years[1]}-12-31`;
    by.value = plan.deadline || "";
    setHtml(part("by-answer"), deadlineHtml(ctx, latest, err, lang, plan.today));
    const move = part("move");
    move.textContent = latest ? T("deadline.button", { worst: shortDate(latest.worst, lang, ctx) }) : T("deadline.button_idle");
    move.disabled = !latest;
    current = { est, lang };
    if (mounted) below(est, lang);
    else later(() => below(current.est, current.lang));
    if (mounted) drawYear();
    else whenIdle(drawYear);
  }
  let holderKey = null;
  function below(est, lang) {
    const T = (key, f) => t(ctx, key, lang, f);
    drawChart(est, lang);
    if (holderKey !== `${plan.holder} ${lang}`) {
      holderKey = `${plan.holder} ${lang}`;
      if (parts2.checklist) setHtml(parts2.checklist, checklistHtml(ctx, plan.holder, lang));
      if (parts2.holderNotes) setHtml(parts2.holderNotes, holderNotesHtml(ctx, plan.holder, lang));
    }
    const open = printing || Boolean(parts2.table.querySelector("details[open]"));
    setHtml(parts2.table, `<details${open ? " open" : ""}><summary>${escapeHtml(T("figure.table_toggle"))}</summary>${stagesTableHtml(ctx, est, lang, standing && standing.est === est ? standing.stageNow : null)}</details>`);
    const query = shareQuery(ctx, plan);
    const here = typeof location !== "undefined" && /^https?:$/.test(location.protocol) ? `${location.origin}${location.pathname}` : "";
    part("link").value = page ? `${here}?${query}` : `?${query}`;
    part("copy").textContent = T("controls.copy");
    if (page) {
      clearTimeout(addressTimer);
      addressTimer = setTimeout(() => {
        try {
          history.replaceState(null, "", `?${query}`);
        } catch (e) {
        }
      }, 300);
      document.title = pageTitle(ctx, est, lang);
    }
    setHtml(parts2.downloads, `<b>${escapeHtml(T("controls.downloads"))}</b><br>` + ctx.b.downloads.map((f) => `<a class="cg-${f.name}" download="${filename(ctx, est, f.name)}" href="#">↓ ${escapeHtml(T(f.label))}</a>`).join(" "));
    drawChatHint(est, lang);
  }
  function drawYear() {
    const lang = plan.lang, carrier = planCarrier(ctx, plan);
    shownYear = yearWindow(ctx, plan, shownYear);
    const key = JSON.stringify([lang, plan.carrier, plan.remote, carrier.review_days, plan.deadline, ...shownYear]);
    if (key !== yearKey) {
      yearKey = key;
      setHtml(parts2.year, yearViewHtml(ctx, plan, carrier, lang, shownYear));
    } else {
      for (const b of parts2.year.querySelectorAll(".cg-selected")) {
        b.classList.remove("cg-selected");
        b.setAttribute("aria-pressed", "false");
        b.tabIndex = -1;
      }
    }
    const sel = parts2.year.querySelector(`[data-day="${plan.submitted}"]`);
    if (sel) {
      sel.classList.add("cg-selected");
      sel.setAttribute("aria-pressed", "true");
      sel.tabIndex = 0;
    }
    root.dataset.ready = "1";
  }
  parts2.year.addEventListener("click", (e) => {
    const b = e.target.closest("[data-day]");
    if (b) choose(b.dataset.day);
  });
  parts2.year.addEventListener("keydown", (e) => {
    const b = e.target.closest("[data-day]");
    const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 }[e.key];
    if (!b || !step) return;
    e.preventDefault();
    const next = parts2.year.querySelector(`[data-day="${iso(indexOf(b.dataset.day, ctx) + step, ctx)}"]`);
    if (next) {
      b.tabIndex = -1;
      next.tabIndex = 0;
      next.focus();
    }
  });
  for (const a of root.querySelectorAll("[data-lang]")) {
    a.addEventListener("click", (e) => {
      e.preventDefault();
      setLang(a.dataset.lang);
      commit();
    });
  }
  const onBeforePrint = () => {
    printing = true;
    for (const d of root.querySelectorAll("details")) d.open = true;
  };
  const onAfterPrint = () => {
    printing = false;
  };
  let resize = 0;
  const onResize = () => {
    cancelAnimationFrame(resize);
    resize = requestAnimationFrame(render);
  };
  const scheme = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;
  const onScheme = () => {
    const host = hostScheme(root.ownerDocument);
    if (host) root.dataset.cgScheme = host;
    else delete root.dataset.cgScheme;
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
    plan,
    render,
    ctx,
    reload,
    root,
    /** The model this instance follows now (a page's LocalModel until a kernel joins). */
    get model() {
      return model;
    },
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
      if (!parts2.article) return;
      if (problem) {
        if (!parts2.article.firstChild) setHtml(parts2.article, `<p class="cg-warn">${escapeHtml(problem)}</p>`);
        return;
      }
      const served = page && servedLang === ctx.b.html_lang[plan.lang] && parts2.article.firstChild && articleLang === null;
      if (!served) whenIdle(drawArticle);
    },
    /** Why this module answers alone on the Voilà page: null, "offline", "restarted" or "paused". */
    live(kind) {
      live = kind;
      showLive();
      drawKernelChart();
    },
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
    }
  };
}

// kernel.js
var VERSION = "5.3";
function uid() {
  let s = "";
  for (let i = 0; i < 32; i++) s += "0123456789abcdef"[Math.floor(Math.random() * 16)];
  return s;
}
function socketUrl(config, session, base = location.href) {
  const url = new URL(`${config.baseUrl || "/"}api/kernels/${encodeURIComponent(config.kernelId)}/channels`, base);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("session_id", session);
  return url.href;
}
function parseFrame(data) {
  if (typeof data !== "string") return null;
  let msg;
  try {
    msg = JSON.parse(data);
  } catch (e) {
    return null;
  }
  if (!msg || typeof msg !== "object" || !msg.header || typeof msg.header.msg_type !== "string") return null;
  if (!msg.content || typeof msg.content !== "object") msg.content = {};
  return msg;
}
var KernelModel = class {
  constructor(link, id, state) {
    this.link = link;
    this.id = id;
    this.state = { ...state };
    this.handlers = /* @__PURE__ */ new Map();
    this.unsent = {};
    this.sent = {};
    this.closed = false;
  }
  get(key) {
    return this.state[key];
  }
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
  on(name, fn) {
    if (!this.handlers.has(name)) this.handlers.set(name, /* @__PURE__ */ new Set());
    this.handlers.get(name).add(fn);
  }
  off(name, fn) {
    if (this.handlers.has(name)) this.handlers.get(name).delete(fn);
  }
  emit(name, ...args) {
    for (const fn of [...this.handlers.get(name) || []]) {
      try {
        fn(...args);
      } catch (e) {
        setTimeout(() => {
          throw e;
        });
      }
    }
  }
  /** A comm message from the kernel, for this model. */
  receive(data, parent) {
    if (!data || typeof data !== "object") return;
    if (data.method === "custom") {
      this.emit("msg:custom", data.content, []);
      return;
    }
    if (data.method !== "update" && data.method !== "echo_update" || !data.state || typeof data.state !== "object") return;
    for (const [key, value] of Object.entries(data.state)) {
      const mine = this.sent[key];
      if (mine && data.method === "echo_update") {
        if (mine === parent) delete this.sent[key];
        continue;
      }
      if (mine && mine !== parent) continue;
      if (mine) delete this.sent[key];
      if (this.state[key] === value) continue;
      this.state[key] = value;
      this.emit(`change:${key}`, this, value);
    }
  }
};
var KernelLink = class {
  constructor(config, { on = {} } = {}) {
    this.config = config;
    this.on = on;
    this.session = uid();
    this.socket = null;
    this.models = /* @__PURE__ */ new Map();
    this.control = null;
    this.waiting = null;
    this.stopped = false;
    this.retry = 0;
    this.ignored = 0;
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
    try {
      socket = new WebSocket(socketUrl(this.config, this.session));
    } catch (e) {
      this.later();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.retry = 0;
      if (this.waiting) this.requestStates();
    };
    socket.onmessage = (event2) => this.receive(event2.data);
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.later();
    };
    socket.onerror = () => {
    };
  }
  // Again after 1, 2, then every 3 s: an attempt is one HTTP upgrade, and a phone back on the
  // network should find its kernel before the pulse gives up on it.
  later() {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.open(), Math.min(3e3, 1e3 * 2 ** this.retry++));
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
    if (this.socket) {
      const s = this.socket;
      this.socket = null;
      try {
        s.close();
      } catch (e) {
      }
    }
  }
  /** Sends a shell message; its msg_id, or null when the socket is not open. */
  shell(msgType, content, metadata = {}) {
    const socket = this.socket;
    if (!socket || socket.readyState !== 1) return null;
    const msgId = uid();
    const header = { msg_id: msgId, msg_type: msgType, username: "", session: this.session, date: (/* @__PURE__ */ new Date()).toISOString(), version: VERSION };
    try {
      socket.send(JSON.stringify({ header, parent_header: {}, metadata, content, buffers: [], channel: "shell" }));
    } catch (e) {
      return null;
    }
    return msgId;
  }
  comm(commId, data) {
    return this.shell("comm_msg", { comm_id: commId, data });
  }
  requestStates() {
    this.control = uid();
    this.shell("comm_open", { comm_id: this.control, target_name: "jupyter.widget.control", data: {} }, { version: "1.0.0" });
    this.comm(this.control, { method: "request_states" });
  }
  receive(data) {
    const msg = parseFrame(data);
    if (!msg) {
      this.ignored++;
      return;
    }
    const { msg_type: type } = msg.header;
    const content = msg.content;
    const parent = msg.parent_header && msg.parent_header.msg_id || null;
    if (type === "status" && (content.execution_state === "restarting" || content.execution_state === "dead")) {
      this.lose("restarted");
    } else if (type === "comm_msg" && content.comm_id === this.control && content.data && content.data.method === "update_states") {
      this.states(content.data.states);
    } else if (type === "comm_msg" && this.models.has(content.comm_id)) {
      this.models.get(content.comm_id).receive(content.data, parent);
    } else if (type === "comm_close" && this.models.has(content.comm_id)) {
      this.lose("closed");
    } else if (type !== "status" && type !== "comm_msg" && type !== "comm_open" && type !== "comm_close") {
      this.ignored++;
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
};

// host.js
if (typeof window !== "undefined") window.cardguideReaderRan = true;
function started() {
  window.cardguideReaderStarted = true;
  document.dispatchEvent(new Event("cardguide-reader"));
}
var idle = (fn) => typeof requestIdleCallback === "function" ? requestIdleCallback(fn, { timeout: 2e3 }) : setTimeout(fn, 200);
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
    const bundle = await bundleFile(root.dataset.bundle, root.dataset.bundleIntegrity);
    const today = root.dataset.today || beijingToday(Date.now());
    const model = new LocalModel(stateFromQuery(load(bundle), today, location.search));
    root.cardguide = mount(root, bundle, model, { page: true });
    more(root, bundle);
    const worker = document.querySelector('meta[name="cardguide-sw"]');
    if (worker && "serviceWorker" in navigator) {
      const register = () => idle(() => navigator.serviceWorker.register(scriptUrl(worker.content)).catch(() => {
      }));
      if (document.readyState === "complete") register();
      else addEventListener("load", register, { once: true });
    }
    if (root.dataset.embedded) {
      const join = () => requestAnimationFrame(() => setTimeout(() => joinKernel(root.cardguide), 0));
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", join, { once: true });
      else join();
    }
  } catch (exc) {
    const box = root.querySelector(".cg-problems");
    if (box) setHtml(box, `<div class="cg-warn">${escapeHtml(root.dataset.badData || "")}</div>`);
  }
  started();
}
async function more(root, bundle) {
  try {
    Object.assign(bundle, await bundleFile(root.dataset.more, root.dataset.moreIntegrity));
    root.cardguide.more();
  } catch (exc) {
    root.cardguide.more(root.dataset.badData || "");
  }
}
function pageConfig() {
  try {
    return JSON.parse(document.getElementById("jupyter-config-data").textContent);
  } catch (e) {
    return {};
  }
}
function giveBack() {
  const { baseUrl = "/", kernelId } = pageConfig();
  if (!kernelId || giveBack.done) return;
  giveBack.done = true;
  const form = new FormData();
  const xsrf = document.cookie.match("\\b_xsrf=([^;]*)\\b");
  form.append("_xsrf", xsrf && xsrf[1] || "");
  navigator.sendBeacon(`${baseUrl}voila/api/shutdown/${kernelId}`, form);
}
var sleep = (ms) => new Promise((done) => setTimeout(done, ms));
function pulse(handle, model, link) {
  const timeout = () => model.get("timeout_ms") || 8e3;
  let last = Date.now(), state = "live", hidden = 0;
  model.on("msg:custom", (msg) => {
    if (msg && msg.pong) last = Date.now();
  });
  const ping = () => {
    try {
      model.send({ ping: true });
    } catch (e) {
    }
  };
  function alone(kind) {
    state = kind;
    handle.live(kind);
    if (kind !== "paused") waitForServer(kind);
  }
  async function waitForServer(kind) {
    const probe = new URL("../../favicon.svg", new URL(handle.root.dataset.bundle, location.href));
    while (state === kind) {
      await sleep(3e3);
      if (document.hidden) continue;
      try {
        if (!(await fetch(probe, { cache: "no-store" })).ok) continue;
      } catch (e) {
        continue;
      }
      if (kind === "offline") {
        link.wake();
        await sleep(timeout() / 2);
        if (state !== kind) return;
        if (Date.now() - last < timeout()) {
          state = "live";
          handle.live(null);
          handle.follow(model);
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
  setInterval(check, 2e3);
  function suspect() {
    if (state !== "live" || Date.now() - last < 3e3) return;
    const asked = Date.now();
    ping();
    setTimeout(() => {
      if (state === "live" && last < asked) alone("offline");
    }, 1500);
  }
  for (const type of ["pointerdown", "keydown", "input"]) document.addEventListener(type, suspect, true);
  const onVisibility = () => {
    clearTimeout(hidden);
    if (!document.hidden) suspect();
    if (document.hidden && state === "live") {
      hidden = setTimeout(() => {
        giveBack();
        link.stop();
        alone("paused");
      }, model.get("release_ms") || 12e4);
    }
  };
  document.addEventListener("visibilitychange", onVisibility);
  return { lost() {
    if (state !== "paused") alone("restarted");
  } };
}
async function joinKernel(page) {
  const config = pageConfig();
  const view = document.querySelector('script[type="application/vnd.jupyter.widget-view+json"]');
  let modelId = null;
  try {
    modelId = JSON.parse(view.textContent).model_id;
  } catch (e) {
  }
  if (!page || !config.kernelId || !modelId || typeof WebSocket === "undefined") return null;
  let watch = null;
  const lost = () => {
    if (watch) watch.lost();
    else {
      page.live("restarted");
      setTimeout(() => page.reload(), 3e3);
    }
  };
  const link = new KernelLink(config, { on: { lost } });
  addEventListener("pagehide", () => {
    giveBack();
    link.stop();
  });
  addEventListener("pageshow", (event2) => {
    if (event2.persisted) page.reload();
  });
  const model = await link.widget(modelId);
  page.follow(model);
  watch = pulse(page, model, link);
  page.kernel = link;
  page.joined = true;
  return link;
}
function keepKeys(root) {
  root.setAttribute("data-lm-suppress-shortcuts", "true");
  const onFocus = (e) => {
    if (e.target !== root && e.target.setAttribute) e.target.setAttribute("data-lm-suppress-shortcuts", "true");
  };
  const onKey = (e) => {
    if (e.target !== root) e.stopPropagation();
  };
  root.addEventListener("focusin", onFocus);
  root.addEventListener("keydown", onKey);
}
var host_default = {
  render({ model, el: el2 }) {
    const bundle = model.get("bundle");
    const root = document.createElement("section");
    root.className = "cg-reader cg-widget";
    root.setAttribute("aria-labelledby", "cg-title");
    setHtml(root, bundle.skeleton[model.get("lang")] || bundle.skeleton.zh);
    el2.appendChild(root);
    keepKeys(root);
    const handle = mount(root, bundle, model);
    return () => handle.destroy();
  }
};
if (typeof document !== "undefined") start();
export {
  host_default as default
};
