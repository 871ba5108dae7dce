"""The suite's tables, from its results file: printed after a run, and ``docs/performance.md``
(the latest run's tables with the machine and the date; history lives in git)."""

from __future__ import annotations

import statistics

PAGES = (("reader", "reader's page (nginx)"), ("voila", "Voilà page (`cardguide serve`)"), ("lab", "Voilà's lab template"))


def _fmt(values, fmt: str, sep: str = ", ") -> str:
    values = [v for v in (values or []) if v is not None]
    return sep.join(fmt.format(v) for v in values) if values else "-"


def _med(values, fmt: str) -> str:
    values = [v for v in (values or []) if v is not None]
    if not values:
        return "-"
    return f"{fmt.format(statistics.median(values))} ({_fmt(values, fmt)})" if len(values) > 1 else fmt.format(values[0])


def verdict(budgets: dict, page: dict | None) -> str:
    """What ``lhci assert`` said of one page: its failed budgets and its timing warnings."""
    if not budgets or not page or not page.get("mobile"):
        return "-"
    base = page["mobile"][0]["url"].split("?")[0]
    failed = [f.split(" ", 1)[1] for f in budgets.get("failed", []) if f.split("?")[0] == base]
    warned = [w.split(" ", 1)[1].split(":")[0] for w in budgets.get("warned", []) if w.split("?")[0] == base]
    return f"{'; '.join(failed) or 'none'} / {', '.join(warned) or 'none'}"


def weight_rows(r: dict) -> list[tuple]:
    pages = (r.get("weight") or {}).get("pages") or {}

    def each(key, fmt, form="mobile"):
        return tuple(_fmt([x.get(key) for x in (pages.get(p) or {}).get(form, [])], fmt) for p, _ in PAGES)

    budgets = (r.get("weight") or {}).get("budgets") or {}
    b = (r.get("weight") or {}).get("bundle") or {}
    return [
        ("Lighthouse mobile performance", *each("performance", "{}"), ">= 95"),
        ("Lighthouse desktop performance", *each("performance", "{}", "desktop"), ">= 95"),
        ("largest contentful paint, mobile", *each("lcp_s", "{:.2f} s"), "<= 2.5 s"),
        ("total blocking time, mobile", *each("tbt_ms", "{:.0f} ms"), "<= 200 ms"),
        ("cumulative layout shift, mobile", *each("cls", "{:.3f}"), "<= 0.1"),
        ("KB on a first visit (all)", *each("kb", "{:.0f}"), "lighthouserc.json"),
        ("KB before plotly.js", *each("kb_before_plotly", "{:.0f}"), "measured"),
        ("requests", *each("requests", "{}"), "measured"),
        ("accessibility / SEO / best practices",
         *(" / ".join(_fmt([x.get(k) for x in (pages.get(p) or {}).get("mobile", [])], "{}") for k in
                      ("accessibility", "seo", "best_practices")) for p, _ in PAGES), "100 / 100 / 100"),
        ("Lighthouse CI budgets (lighthouserc.json): errors / timing warnings",
         *(verdict(budgets, pages.get(p)) for p, _ in PAGES), "no error"),
        ("data bundle (raw / brotli / gzip)",
         f"{b.get('raw_kb', 0):.0f} / {b.get('br_kb', 0):.1f} / {b.get('gz_kb', 0):.1f} KB" if b else "-",
         "the same bundle", "-", f"{b.get('per_year_br_b', 0):.0f} B brotli per covered year" if b else "-"),
    ]


def phone_rows(r: dict) -> list[tuple]:
    ph = r.get("phone") or {}

    def each(key, fmt, median=True):
        cells = []
        for p, _ in PAGES[:2]:
            values = [x.get(key) for x in ph.get(p, []) if x]
            cells.append((_med if median else _fmt)(values, fmt) if p in ph else "-")
        return tuple(cells)

    return [
        ("the answer shown (median of loads)", *each("answer_s", "{:.2f} s"), "<= 0.8 s"),
        ("first date change answered (median of loads)", *each("first_change_s", "{:.2f} s"), "<= 1.0 s"),
        ("  presses until then (every 250 ms)", *each("early_presses", "{}", False), "measured"),
        ("a change a second to 25 s: longest wait", *each("longest_wait_ms", "{:.0f} ms", False), "<= 200 ms"),
        ("  taps unanswered", *each("unanswered", "{}", False), "0"),
        ("  INP over those changes (Event Timing)", *each("inp_changes_ms", "{:.0f} ms", False), "<= 200 ms"),
        ("INP over the whole visit (presses while it boots too)", *each("inp_ms", "{:.0f} ms", False), "measured"),
        ("longest task in the first 5 s", *each("longest_task_first_5s_ms", "{:.0f} ms", False), "<= 200 ms"),
        ("the kernel's Plotly Gantt, from the scroll", *each("plotly_from_scroll_s", "{:.2f} s"), "<= 2.0 s"),
        ("  longest task from the scroll (plotly.js)", *each("longest_task_from_scroll_ms", "{:.0f} ms", False), "measured"),
    ]


def roundtrip_rows(r: dict) -> list[tuple]:
    rt = r.get("roundtrip") or {}
    runs = rt.get("runs") or []
    if not runs:
        return [("slider to the kernel's new Plotly Gantt", "-", "-", "-")]
    ratios = [x["p95_ratio"] for x in runs]
    k, yg, lt = rt.get("kernel") or {}, rt.get("year_grid") or {}, rt.get("latest") or {}
    rows = [
        (f"date slider to the kernel's Plotly Gantt, p50 / p95 ({runs[0]['app']['presses']} presses a run)",
         _fmt([f"{x['app']['p50_ms']:.0f} / {x['app']['p95_ms']:.0f} ms" for x in runs], "{}"),
         _fmt([f"{x['floor']['p50_ms']:.0f} / {x['floor']['p95_ms']:.0f} ms" for x in runs], "{}"), "measured"),
        ("  p95 over the floor's, each run", _fmt(ratios, "{:.2f}x"),
         f"spread {max(ratios) - min(ratios):.2f}; {sum(x <= 1.2 for x in ratios)} of {len(ratios)} runs <= 1.2x", "<= 1.2x in every run"),
        ("  p50 over the floor's, each run", _fmt([x["p50_ratio"] for x in runs], "{:.2f}x"), "-", "measured"),
        ("  split: the kernel's compute, p50 / p95", f"{k.get('p50_ms', 0):.1f} / {k.get('p95_ms', 0):.1f} ms",
         f"figure {k.get('figure_kb', 0):.1f} KB as JSON", "measured"),
        ("  split: Plotly.react in the page, p50 / p95",
         _fmt([f"{x['react_p50_ms']:.0f} / {x['react_p95_ms']:.0f} ms" for x in runs if x.get("react_p50_ms") is not None], "{}"),
         "-", "measured"),
        ("carrier slider to the kernel's Gantt, p50 / p95",
         f"{rt['carrier']['p50_ms']:.0f} / {rt['carrier']['p95_ms']:.0f} ms" if rt.get("carrier") else "-", "-", "measured"),
        ("kernel memory for one reader", f"{rt.get('kernel_mb', 0):.0f} MB", "-", "<= 150 MB"),
        (f"year grid ({yg.get('cells', 0)} cells) against a day-by-day loop", f"{yg.get('grid_ms', 0):.1f} ms",
         f"{yg.get('loop_ms', 0):.0f} ms ({yg.get('speedup', 0):.0f}x)", ">= 20x"),
        (f"latest day to submit ({lt.get('deadlines', 0)} deadlines)", f"{lt.get('direct_ms', 0):.1f} ms",
         f"{lt.get('brute_ms', 0):.0f} ms ({lt.get('speedup', 0):.0f}x)", "measured"),
    ]
    return rows


def crowd_rows(r: dict) -> list[tuple]:
    c = r.get("crowds") or {}
    rows = []
    b = c.get("burst")
    if b:
        rows.append((f"{b['readers']} readers at once, --max-kernels {b['bound']}",
                     f"most kernels {b['most_kernels']}; {b['with_answer']}/{b['readers']} with their answer "
                     f"({b['overflow']} on the reader's page); answer p50 {b['answer_p50_s'] or 0:.2f} s, "
                     f"p95 {b['answer_p95_s'] or 0:.2f} s; whole page p95 {b['page_p95_s']:.2f} s; server tree peak "
                     f"{b['peak_mb']:.0f} MB; server lives: {'yes' if b['alive'] else 'NO'}",
                     f"<= {b['bound']} kernels, all answered, p95 <= 5 s, lives"))
    n = c.get("nginx")
    if n:
        rows.append((f"reader's page behind nginx, {n['readers']} scripted readers x {n['files']} files, 16 at once",
                     f"{n['per_minute']:.0f} readers/min; p50 {n['p50_s'] * 1000:.1f} ms, p95 {n['p95_s'] * 1000:.1f} ms",
                     "p95 <= 1 s; no server memory per reader"))
    s = c.get("scripted")
    if s:
        crowds = [v for k, v in s.items() if k.startswith("crowd_")]
        rows.append(("memory a kernel costs (pool kernels, server tree)",
                     f"{s['rss_mb_per_kernel']:.0f} MB per kernel; the server {s['server_mb']:.0f} MB", "<= 150 MB"))
        rows.append((f"scripted viewers on one server, pool {s['pool_size']}: alone, then at once",
                     f"alone {s['alone_s']:.2f} s; " + "; ".join(
                         f"{x['size']} at once: {x['ok']}/{x['size']}, p50 {x['p50_s']} s, p95 {x['p95_s']} s "
                         f"({x['p95_over_alone']}x alone)" for x in crowds), "all served"))
        if s.get("rates"):
            rows.append(("scripted viewers arriving steadily (a minute at each rate)",
                         "; ".join(f"{rate}/min: p95 {x['p95_s']} s" for rate, x in s["rates"].items())
                         + f"; capacity {s['capacity_per_min']} viewers/min", "p95 <= 5 s"))
    br = c.get("browsers")
    for name, row in ((br or {}).get("pages") or {}).items():
        rows.append((f"{br['viewers']} {'phones at once (each its own slow 4G link)' if br['phones'] else 'browsers at once'}, {name}",
                     f"alone {row['alone_s']:.2f} s; at once p50 {row['p50_s']:.2f} s, p95 {row['p95_s']:.2f} s "
                     f"({row['p95_over_alone']:.1f}x alone); the browsers' CPU {row['browser_cpu_s']} s"
                     + (f"; errors {row['errors'][:2]}" if row["errors"] else ""), "every phone its own chart"))
    return rows


def fault_rows(r: dict) -> list[tuple]:
    f = r.get("faults") or {}
    rows = []
    d = f.get("dropped")
    if d:
        rows.append((f"connection dropped {d['cut_s']:.0f} s, the kernel culled meanwhile",
                     f"the page says it answers alone {d['fallback_s']:.1f} s after a touch; kernel culled "
                     f"{d['culled_s'] or 0:.0f} s after the drop; back: a change answered in {d['answered_ms']:.0f} ms, "
                     f"live again {d['live_again_s']:.1f} s after the server is back, choice kept: {'yes' if d['kept'] else 'NO'}",
                     "answers at once, same choice"))
    t = f.get("tabs")
    if t:
        closed = t["closed"]
        rows.append(("a hidden tab's kernel; closed tabs' kernels",
                     f"released {t['hidden_gone_s'] or 0:.1f} s after hiding (release after {t['hidden_after_s']:.0f} s); "
                     f"closed: gone in {_fmt([c[0] for c in closed], '{:.1f} s')}; shutdown answered "
                     f"{sorted({s for c in closed for s in c[1]}) or 'unseen (a beacon)'}", "released; gone within 2 s"))
    ipc, tcp = f.get("ipc"), f.get("tcp")
    if ipc and tcp:
        rows.append(("kernel starts that answer (10 at a time)", f"IPC {ipc['ok']} of {ipc['count']}; TCP {tcp['ok']} of {tcp['count']}",
                     "all of them"))
    pool = f.get("pool")
    if pool:
        rows.append(("first viewer after the pool waited past the cull timeout",
                     f"plain Voilà: {pool['plain']['failed']} of {pool['plain']['starts']} got nothing; "
                     f"cardguide: {pool['cardguide']['failed']} of {pool['cardguide']['starts']}", "cardguide 0"))
    return rows


def tables(r: dict) -> list[tuple[str, tuple, list[tuple]]]:
    pages = ("measure", *(name for _, name in PAGES), "target")
    return [("Page weight and Lighthouse (through Lighthouse CI)", pages, weight_rows(r)),
            ("The throttled phone (390 px; 150 ms, 1.6 Mbit/s, CPU 4x)", (*pages[:3], "target"), phone_rows(r)),
            ("The kernel's round trip against the widget floor", ("measure", "cardguide's Voilà page", "floor (ipywidgets)", "target"),
             roundtrip_rows(r)),
            ("Crowds and capacity", ("measure", "measured", "target"), crowd_rows(r)),
            ("Kernel faults", ("measure", "measured", "target"), fault_rows(r))]


def _plain(head, rows) -> str:
    widths = [max(len(str(row[i])) for row in (head, *rows)) for i in range(len(head))]
    return "\n".join(" | ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip() for row in (head, *rows))


def text(r: dict) -> str:
    return "\n\n".join(f"## {title}\n{_plain(head, rows)}" for title, head, rows in tables(r) if rows)


def markdown(r: dict) -> str:
    m = r["machine"]
    s = r["settings"]
    out = ["# Performance: the latest `make bench`", "",
           "Written by `python -m benchmarks` from `benchmarks/results.json`; do not edit by hand. Earlier runs "
           "are in git's history of this file.", "",
           f"- **When:** {m['when']}, commit `{m['commit']}`, the suite took {r['took_s'].get('all', 0) / 60:.0f} min ("
           + ", ".join(f"{k} {v / 60:.1f}" for k, v in r["took_s"].items() if k != "all") + ")"
           + (" (**a smoke run**: small counts)" if s.get("smoke") else "") + ".",
           f"- **Machine:** {m['cpus']} CPUs, {m['memory_gb']} GiB, {m['platform']}; Python {m['python']}; "
           f"{m['chromium']}; " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()) + ".",
           f"- **Counts:** Lighthouse mobile x{s['mobile_runs']}{' and desktop' if s['desktop'] else ''}; the phone "
           f"{s['phone_loads']} loads a page; the round trip {s['runs']} runs of {s['presses']} presses; a burst of "
           f"{s['burst'][0]} on --max-kernels {s['burst'][1]}; {s['nginx_readers']} readers of the reader's page.",
           "- **How to read it:** `docs/benchmarks.md` says what each row measures and how.", ""]
    for title, head, rows in tables(r):
        if not rows:
            continue
        out += [f"## {title}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(str(c).replace("|", "/") for c in row) + " |" for row in rows]
        out.append("")
    return "\n".join(out)
