// Runs the reader's module over cases read from a JSON file (argv[2]), for tests/test_reader_parity.py.
import { readFileSync } from "node:fs";
import * as tl from "../../cardguide/reader/timeline.js";

const { bundle, jobs } = JSON.parse(readFileSync(process.argv[2], "utf8"));
const ctx = tl.load(bundle);
const carrierOf = (job) => {
  const c = tl.getCarrier(ctx, job.carrier);
  return job.review ? tl.withReviewDays(ctx, c, job.review) : c;
};
const out = {};
for (const [name, job] of Object.entries(jobs)) {
  if (job.kind === "every_day") {
    const rows = [];
    for (let s = tl.indexOf(job.first, ctx); s <= tl.indexOf(job.last, ctx); s++) {
      for (const carrier of job.carriers) for (const remote of [false, true]) {
        const est = tl.estimate(ctx, tl.iso(s, ctx), tl.getCarrier(ctx, carrier), remote);
        const named = tl.daysOffNamed(est.submitted, est.followUp, ctx).filter((r) => r.name >= 0)
          .map((r) => [tl.iso(r.first, ctx), tl.iso(r.last, ctx), tl.holidayName(r.name, "zh", ctx)]);
        rows.push([tl.iso(s, ctx), carrier, remote, ...est.scenarios.map((x) => tl.iso(x.completion, ctx)),
          tl.iso(est.followUp, ctx), named]);
      }
    }
    out[name] = rows;
  } else if (job.kind === "latest") {
    const rows = [];
    for (let d = tl.indexOf(job.first, ctx); d <= tl.indexOf(job.last, ctx); d++) {
      for (const carrier of job.carriers) {
        try {
          const l = tl.latestSubmission(ctx, tl.iso(d, ctx), tl.getCarrier(ctx, carrier), job.remote);
          rows.push([tl.iso(d, ctx), carrier, tl.iso(l.best, ctx), tl.iso(l.typical, ctx), tl.iso(l.worst, ctx)]);
        } catch (exc) {
          rows.push([tl.iso(d, ctx), carrier, exc.en]);
        }
      }
    }
    out[name] = rows;
  } else if (job.kind === "year") {
    const g = tl.yearGrid(ctx, job.first, job.last, carrierOf(job), job.remote);
    out[name] = { worst_days: g.worstDays, provisional: g.provisionalYears };
  } else if (job.kind === "texts") {
    const holder = job.holder ?? bundle.holders[0].id;  // a case that names none: the default holder
    const est = tl.estimate(ctx, job.date, carrierOf(job), job.remote);
    let latest = null, err = null;
    if (job.by) {
      try { latest = tl.latestSubmission(ctx, job.by, est.carrier, job.remote, job.today); } catch (exc) { err = exc; }
    }
    out[name] = {
      summary: tl.summaryHtml(ctx, est, job.lang), notes: tl.notesHtml(ctx, est, job.lang),
      table: tl.stagesTableHtml(ctx, est, job.lang), csv: tl.toCsv(ctx, est, job.lang),
      ics: tl.toIcs(ctx, est, job.lang, { stamp: "20261204T000000Z", deadline: job.by || null, holder, today: job.today }),
      deadline: tl.deadlineHtml(ctx, latest, err, job.lang, job.today), filename: tl.filename(ctx, est, "ics"),
      files: Object.fromEntries(bundle.downloads.map((f) => [f.name,
        tl.writeFile(ctx, f, est, job.lang, { stamp: "20261204T000000Z", deadline: job.by || null, holder, today: job.today })])),
      plan_text: tl.planText(ctx, est, job.lang, { deadline: job.by || null, holder, today: job.today }),
      checklist: tl.checklistHtml(ctx, holder, job.lang), holder_notes: tl.holderNotesHtml(ctx, holder, job.lang),
    };
  } else if (job.kind === "status") {
    const rows = [];
    const day = (i) => (i === null ? null : tl.iso(i, ctx));
    for (const [date, today, carrier, remote, review] of job.cases) {
      const est = tl.estimate(ctx, date, carrierOf({ carrier, review }), remote);
      const st = tl.status(ctx, est, today);
      rows.push([date, today, carrier, remote, st.phase, day(st.day1), st.workingDay, st.of, day(st.doneEarliest),
        day(st.doneLatest), day(st.followUp), day(st.appealFrom),
        st.daysOffPassed.map(([a, b]) => [day(a), day(b)]), st.daysOffAhead.map(([a, b]) => [day(a), day(b)]),
        tl.statusHtml(ctx, st, "zh"), tl.statusHtml(ctx, st, "en"), st.stageNow,
        tl.stagesTableHtml(ctx, est, job.table_lang, st.stageNow)]);
    }
    out[name] = rows;
  } else if (job.kind === "twelve") {
    out[name] = job.days.map((d) => tl.twelveMonths(ctx, d));
  } else if (job.kind === "link") {
    const p = tl.planFromQuery(ctx, job.today, job.query);
    out[name] = { submitted: p.submitted, carrier: p.carrier, remote: p.remote, lang: p.lang, deadline: p.deadline, holder: p.holder,
      review: p.own[p.carrier] || null, first: p.first, last: p.last, problems: p.problems.map((e) => [e.zh, e.en]),
      today_note: p.todayNote ? [p.todayNote.zh, p.todayNote.en] : null, share: tl.shareQuery(ctx, p) };
  }
}
process.stdout.write(JSON.stringify(out));
