import datetime as dt
import os
import re
import sys
from html import unescape
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: The benchmark suite's smoke run, started as the session begins (``tests/test_bench.py``).
BENCH_SMOKE = pytest.StashKey()


def pytest_collection_modifyitems(config, items):
    """The tests that drive no browser and start no server first (their outcome does not hang on
    timing), then tests/test_bench.py, then the rest: the benchmark suite's smoke run, minutes of
    mostly waiting on servers and a throttled link, runs in the background meanwhile."""
    def bench(item):
        return item.path.name == "test_bench.py"

    quiet = [i for i in items if not bench(i) and not i.get_closest_marker("browser") and not i.get_closest_marker("slow")]
    first = set(map(id, quiet))
    items[:] = quiet + [i for i in items if bench(i)] + [i for i in items if id(i) not in first and not bench(i)]


def pytest_collection_finish(session):
    if session.config.option.collectonly:
        return
    if any(item.path.name == "test_bench.py" and "smoke" in getattr(item, "fixturenames", ()) for item in session.items):
        from test_bench import start_smoke

        session.config.stash[BENCH_SMOKE] = start_smoke()


def pytest_sessionfinish(session):
    """A smoke run still going (the session stopped early) goes with its servers and browsers."""
    import signal

    started = session.config.stash.get(BENCH_SMOKE, None)
    if started and started[0].poll() is None:
        os.killpg(started[0].pid, signal.SIGTERM)
        started[0].wait(timeout=60)


@pytest.fixture(autouse=True)
def _default_profiles(monkeypatch):
    """Tests see the packaged carrier profiles unless they set their own."""
    monkeypatch.delenv("CARDGUIDE_CARRIERS", raising=False)


def run_cli(*args, env=None, process=False):
    """``cardguide ARGS`` as a user runs it, with its exit code and bytes written. In this
    process (fast, and mutation testing sees the code it calls) unless ``process`` is set or
    the command is ``serve``, which goes through ``python -m cardguide`` so that a check that
    failed to stop it cannot start Voilà inside pytest."""
    import io
    import subprocess

    if process or args[:1] == ("serve",):
        full_env = {k: v for k, v in os.environ.items() if k != "CARDGUIDE_CARRIERS"}
        full_env.update(env or {})
        return subprocess.run(
            [sys.executable, "-m", "cardguide", *args], capture_output=True, env=full_env, cwd=ROOT, timeout=120,
        )
    from cardguide.cli import main

    out, err = io.BytesIO(), io.BytesIO()
    saved_env, saved_streams = dict(os.environ), (sys.stdout, sys.stderr)
    os.environ.pop("CARDGUIDE_CARRIERS", None)
    os.environ.update(env or {})
    sys.stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    sys.stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse's own exits (--help)
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.stdout.detach(), sys.stderr.detach()  # flushed, and the bytes left open to read
        sys.stdout, sys.stderr = saved_streams
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


WEEKDAYS_ZH = "一二三四五六日"


def workday_after(day, count: int):
    """Day 1 = first working day on/after ``day``; then ``count`` more working days, by
    chinese-calendar (an independent calendar), never the estimator."""
    import datetime as dt

    import chinese_calendar

    while not chinese_calendar.is_workday(day):
        day += dt.timedelta(days=1)
    for _ in range(count):
        day += dt.timedelta(days=1)
        while not chinese_calendar.is_workday(day):
            day += dt.timedelta(days=1)
    return day


def zh_long(day) -> str:
    """A date as the page writes it in Chinese: 2026年9月30日（星期三）."""
    return f"{day.year}年{day.month}月{day.day}日（星期{WEEKDAYS_ZH[day.weekday()]}）"



# --- Browser tests: one browser, one way to open a page, one "drawn" check. -------------------

ARTIFACTS = ROOT / "tests" / "artifacts"

from pages import CHART_TITLE, KERNEL_CHART, chart_title, wait_chart_changed, wait_drawn  # noqa: E402,F401


#: The kernel's Gantt as plotly.js holds it (the graph div's ``data``): per trace, each bar's
#: stage (y), first day (base, ISO) and last day (base + x milliseconds - 1 day).
_GANTT_BARS = """() => {
  const box = document.querySelector(".cg-chart");
  const gd = box && box.dataset.drawn === "plotly" && box.querySelector(".cg-plotly");
  if (!gd || !gd.data) return null;
  const last = (base, ms) => new Date(Date.parse(base + "T00:00:00Z") + ms - 86400000).toISOString().slice(0, 10);
  const bars = (t) => t.y.map((y, i) => [y, t.base[i], last(t.base[i], t.x[i])]);
  return gd.data.map((t) => (t.type === "bar" && t.base ? bars(t) : []));
}"""


def gantt_bars(page) -> list[list[tuple[str, dt.date, dt.date]]]:
    """The kernel's Plotly Gantt as drawn (None before it is): per trace (0 the reader's own
    steps, 1 the best-to-worst range, 2 the typical case), each bar's (stage, first day, last day)."""
    traces = page.evaluate(_GANTT_BARS)
    if traces is None:
        return None
    return [[(y, dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for y, a, b in t] for t in traces]


def expected_gantt(submitted, best_review: int, worst_review: int) -> dict:
    """What the kernel's Gantt must show for a submission, by chinese-calendar: the reader's own
    steps on the submission day, the first handling on the first working day from it, and the
    carrier's confirmation from the best case's completion to the worst case's."""
    return {"submitted": submitted, "handling": workday_after(submitted, 0),
            "done": (workday_after(submitted, best_review + 1), workday_after(submitted, worst_review + 1))}


def drawn_gantt(page) -> dict | None:
    """The kernel's Gantt as drawn, in ``expected_gantt``'s terms (None before it is drawn)."""
    traces = gantt_bars(page)
    if not traces or len(traces) < 2 or not traces[0] or not traces[1]:
        return None
    own, ranges = traces[0], traces[1]
    confirm = [bar for bar in ranges if bar[0] == ranges[-1][0]]  # the last stage: the carrier confirms
    return {"submitted": own[0][1], "handling": ranges[0][1],
            "done": (min(b[1] for b in confirm), max(b[2] for b in confirm))}


def wait_gantt(page, submitted, best_review: int, worst_review: int, timeout: float = 30_000) -> None:
    """Until the kernel's Plotly Gantt shows ``submitted``'s dates by chinese-calendar (through the
    kernel: the figure is computed in Python for the choice the kernel holds)."""
    import time

    want = expected_gantt(submitted, best_review, worst_review)
    deadline = time.monotonic() + timeout / 1000
    while (got := drawn_gantt(page)) != want:
        if time.monotonic() > deadline:
            raise AssertionError(f"the kernel's Gantt shows {got}, not {want}")
        page.wait_for_timeout(100)


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium (never a downloaded one), shared by a module's tests."""
    import shutil

    from playwright.sync_api import sync_playwright

    from servers import CHROMIUM, CHROMIUM_ARGS

    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def open_page(browser, url: str | None, init_script: str | None = None, *, locale: str | None = "zh-CN",
              drawn: bool = True, year: bool = True, kernel: bool = False, timeout: float = 90_000, setup=None,
              cookies=(), **context):
    """The one way the tests open a page: a new person (a fresh browser context with ``context``'s
    options: viewport, touch, permissions...), recording on the page what it asked for and
    raised (``page.requests``: URLs, ``page.responses``, ``page.console``: (type, text), script
    errors included as "error", ``page.errors``: script errors). ``init_script`` runs before the
    page's own; ``setup(page)`` before it loads (a clock, routes). With ``url``, it loads it and,
    with ``drawn``, waits until the module has drawn (``wait_drawn``: the year view's days too with
    ``year``; with ``kernel``, until the kernel has joined and drawn its Plotly Gantt).
    Returns the page and its ``errors``."""
    ctx = browser.new_context(**({"locale": locale} if locale else {}), **context)
    if cookies:
        ctx.add_cookies(list(cookies))
    page = ctx.new_page()
    if init_script:
        page.add_init_script(init_script)
    page.requests, page.responses, page.console, page.errors = [], [], [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("response", lambda r: page.responses.append(r))
    page.on("console", lambda m: page.console.append((m.type, m.text)))
    page.on("pageerror", lambda e: (page.errors.append(str(e)), page.console.append(("error", str(e)))))
    if setup:
        setup(page)
    if url is not None:
        page.goto(url, timeout=timeout)
        if drawn:
            wait_drawn(page, timeout, year=year, kernel=kernel)
    return page, page.errors


def expected_summary(submitted, best_review: int, worst_review: int) -> tuple[str, str, str]:
    """Best day, worst day and follow-up day as the page writes them, by chinese-calendar."""
    best = workday_after(submitted, best_review + 1)
    worst = workday_after(submitted, worst_review + 1)
    follow_up = workday_after(worst, 1)
    return zh_long(best), zh_long(worst), zh_long(follow_up)


def pyproject() -> dict:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text())


# --- Whose name the card is in (issue #36): the checklist a reader sees for each holder, written
# out by hand from the research notes (docs/testing.md), never read from the package's data. -----

HOLDER_CHECKLISTS = {
    "personal": {
        "zh": ["材料已备齐（身份证件原件及复印件、电销卡、服务密码等账户信息）", "欠费已结清（月租和通话费）",
               "重要联系人已备份（号码注销后无法恢复）"],
        "en": ["Materials ready (ID original and copy, the card, account details such as the service password)",
               "Arrears paid (monthly fees and call charges)",
               "Contacts backed up (the number cannot be restored once cancelled)"],
    },
    "company": {
        "zh": ["由公司办理（公司派经办人去营业厅；App 和网上注销不受理公司名下的卡）",
               "公司材料已备齐（加盖公章的营业执照复印件、公司授权书或介绍信、经办人身份证原件、电销卡）",
               "欠费已结清（月租和通话费）", "重要联系人已备份（号码注销后无法恢复）"],
        "en": ["The company applies (it sends a staff member to a carrier's hall; apps and websites do not take a company's card)",
               "Company papers ready (a copy of the business licence under the company seal, the company's letter of "
               "authorisation or introduction, the staff member's own ID card, the card)",
               "Arrears paid (monthly fees and call charges)",
               "Contacts backed up (the number cannot be restored once cancelled)"],
    },
    "reseller": {
        "zh": ["先问清卡登记在谁名下（打运营商的客服电话问；只有登记的机主才能注销）",
               "请登记的机主办理（卖卡的商家或卡登记的公司；若卡登记在你自己的身份证下，就由你本人带身份证办理）",
               "查过自己名下的号码（用一证通查；不是你办的号码，运营商可以很快停机，并可异地注销）",
               "欠费已结清（月租和通话费）", "重要联系人已备份（号码注销后无法恢复）"],
        "en": ["Find out whose name the card is in (ask the carrier's hotline; only the registered holder can cancel it)",
               "The registered holder applies (the reseller or the company it is registered to; if it is registered to "
               "your own ID card, you apply yourself with it)",
               "Numbers in your name checked (with the One-ID check; a number that is not yours can be shut down "
               "quickly and cancelled remotely)",
               "Arrears paid (monthly fees and call charges)",
               "Contacts backed up (the number cannot be restored once cancelled)"],
    },
    "iot": {
        "zh": ["向卖给你卡的一方办理（卖设备的商家，或公司在运营商的客户经理）", "问清对方要什么材料（没有找到公开的统一清单）",
               "欠费已结清（月租和通话费）"],
        "en": ["Apply through whoever sold it (the reseller of the device, or your company's account manager at the carrier)",
               "Asked what they need (no public source gives one list)", "Arrears paid (monthly fees and call charges)"],
    },
}
#: The choice's words: its legend and options, in the order shown.
HOLDER_CHOICE = {
    "zh": ("这张卡登记在谁名下？", ["我本人", "我的公司", "卖卡的商家，或我不清楚", "物联网卡"]),
    "en": ("Whose name is the card in?", ["Mine", "My company's", "A reseller's, or I don't know", "An IoT card"]),
}
SAME_TIMELINE = {"zh": "无论卡登记在谁名下，时间表都一样：没有哪个来源给出不同的办理时长。",
                 "en": "The timeline is the same whoever's name the card is in: no source gives other durations."}

# --- The reader's page (python -m cardguide site), as the browser tests open it: one static
# site per module, the clock fixed, the answer read back and the one Python computes. -----------

DESKTOP = dict(viewport={"width": 1280, "height": 900})
#: 2026-12-04 17:30 UTC is 2026-12-05 01:30 in Beijing: the reader's today is the 5th.
NOW = dt.datetime(2026, 12, 4, 17, 30, tzinfo=dt.timezone.utc)
BEIJING_TODAY = dt.date(2026, 12, 5)


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html))).strip()


def open_reader(browser, url, *, scripts=True, **context):
    """A reader's page with the clock at ``NOW``, drawn; the requests and errors it made."""
    errors = []

    def setup(page):
        if scripts:
            page.clock.set_fixed_time(NOW)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page, _ = open_page(browser, url, locale=None, drawn=False, timeout=30_000, setup=setup,
                        java_script_enabled=scripts, **(context or DESKTOP))
    if scripts:
        page.wait_for_selector(".cg-reader[data-ready]", timeout=20_000)
    return page, page.requests, errors


def answer(page) -> str:
    return re.sub(r"\s+", " ", page.inner_text(".cg-answer")).strip()


def expected(day, carrier="china-mobile", lang="zh", remote=False, review=None, today=BEIJING_TODAY):
    """The answer as the Python package writes it, as text: for a day before ``today`` (the fixed
    clock's, ``open_reader``), where that request stands today first (issue 42), then the sentence."""
    from cardguide.carriers import carriers
    from cardguide.schedule import estimate
    from cardguide.texts import standing_html, summary_html

    profile = carriers()[carrier]
    if review:
        profile = profile.with_review_days(review)
    est = estimate(day, profile, remote=remote)
    # the status's paragraphs and the sentence after it read as a reader's browser lays them out
    return plain(standing_html(est, today, lang).replace("</p>", "</p> ") + " " + summary_html(est, lang))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The reader's page built on 2026-12-01, served by a plain static server; its URL."""
    from cardguide.site import write_site
    from servers import serve_static

    folder = tmp_path_factory.mktemp("reader-site")
    write_site(folder, built=dt.date(2026, 12, 1))
    with serve_static(folder) as url:
        yield url


# --- cardguide's Voilà page, one module (issue 33). ------------------------------------------------

def open_voila(browser, url: str, init_script: str | None = None, **context):
    """``open_page`` for cardguide's Voilà page once the kernel has joined the page's module
    (``kernel=True``: its Plotly Gantt drawn, the chart scrolled to), then back at the top of the
    page, where a reader starts (the first screen, the keyboard's first Tab)."""
    page, errors = open_page(browser, url, init_script, kernel=True, **context)
    page.evaluate("scrollTo(0, 0)")
    return page, errors


# --- WCAG's contrast, from colours as the browser computes them (dark mode, the hosts' themes). --

def rgb(css: str) -> tuple[float, float, float, float]:
    """A computed colour as 0-255 channels and alpha: ``rgb()``/``rgba()``, or ``color(srgb r g b / a)``
    (0-1 channels), which Chromium gives for colours a host's style sheets write in oklch (marimo's)."""
    numbers = [float(x) for x in re.findall(r"[\d.]+", css.split("(", 1)[-1])]
    if css.startswith("color("):
        return (*(255 * c for c in numbers[:3]), numbers[3] if len(numbers) > 3 else 1.0)
    return (*numbers[:3], numbers[3] if len(numbers) > 3 else 1.0)


def luminance(colour: tuple) -> float:
    """WCAG 2's relative luminance of an sRGB colour."""
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in colour[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(rgb(a)), luminance(rgb(b))), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


#: What the browser computed: an element's colour and the first opaque background behind it
#: (a host's layered, transparent backgrounds walked through to the first opaque one).
COLOURS = """sel => [...document.querySelectorAll(sel)].filter(e => e.getClientRects().length).slice(0, 40).map(e => {
  let box = e, bg = "rgba(0, 0, 0, 0)";
  while (box) { bg = getComputedStyle(box).backgroundColor; if (!/rgba\\(.*, 0\\)$/.test(bg)) break; box = box.parentElement; }
  if (!box) bg = "rgb(255, 255, 255)";
  const s = getComputedStyle(e);
  return {text: s.color, fill: s.fill, stroke: s.stroke, bg};
})"""


def kernel_gantt_contrast(page, index: int = 0) -> tuple[str, list[str], list[str]]:
    """The ``index``-th kernel Plotly Gantt's background (the plot's own if opaque, else the first
    opaque one behind it), and its bar fills below 3:1 and tick labels below 4.5:1 against it."""
    bg = page.evaluate(COLOURS, ".cg-plotly")[index]["bg"]
    paper = page.evaluate("i => (s => [s.fill, s.fillOpacity])(getComputedStyle(document.querySelectorAll('.cg-plotly')[i].querySelector('.bg')))", index)
    if rgb(paper[0])[3] == 1 and float(paper[1]) == 1:
        bg = paper[0]
    fills = page.evaluate("i => [...document.querySelectorAll('.cg-plotly')[i].querySelectorAll('.barlayer .point path')].map(p => getComputedStyle(p).fill)", index)
    ticks = [c["fill"] for c in page.evaluate(COLOURS, ".cg-plotly .xtick text")]
    assert fills and ticks, "no kernel Gantt drawn"
    return bg, [f for f in set(fills) if rgb(f)[3] < 1 or contrast(f, bg) < 3], [t for t in ticks if contrast(t, bg) < 4.5]


# --- The kernel hosts (JupyterLab, Notebook 7, Voilà's own templates): a notebook run in the
# browser, the kernel's Plotly Gantt read back, Python asked from outside the browser. ------------

def china_mobile_dates(day: dt.date) -> tuple[str, str]:
    """The answer's best and worst completion days for China Mobile (1 and 3 review days)."""
    return zh_long(workday_after(day, 2)), zh_long(workday_after(day, 4))


def review_days(day: dt.date) -> list[str]:
    """The Plotly Gantt's review row, best to worst: working days 1..3 after the first handling."""
    return [workday_after(day, n).isoformat() for n in (1, 2, 3)]


def execute_in_lab(url: str, code: str) -> dict:
    """``code`` in the kernel of the one open notebook (JupyterLab or Notebook 7), from outside
    the browser: the ``execute_reply``'s content."""
    import asyncio
    import concurrent.futures
    import json
    import urllib.request

    from kernel_socket import execute

    with urllib.request.urlopen(url + "api/sessions", timeout=30) as response:
        kernel = json.load(response)[0]["kernel"]["id"]
    ws = url.replace("http", "ws", 1) + f"api/kernels/{kernel}/channels"
    with concurrent.futures.ThreadPoolExecutor(1) as pool:  # playwright's own loop runs in this thread
        replies = pool.submit(asyncio.run, execute(ws, code, timeout=30)).result()
    return next(r for r in replies if r["msg_type"] == "execute_reply")["content"]


#: The review row (the range trace's second row) of the ``index``-th kernel chart, as drawn: its days.
REVIEW_ROW = """index => {
    const gd = document.querySelectorAll('.cg-plotly')[index];
    if (!gd || !gd.data) return null;
    const t = gd.data[1], label = [...new Set(t.y)][1], days = [];
    t.y.forEach((y, i) => { if (y !== label) return;
      for (let n = 0; n < t.x[i] / 86400000; n++) days.push(new Date(Date.parse(t.base[i] + 'T00:00:00Z') + n * 86400000).toISOString().slice(0, 10)); });
    return days; }"""


def plotly_review(page, index: int = 0) -> list[str]:
    return page.evaluate(REVIEW_ROW, index)


def wait_review(page, want: list[str], count: int = 1) -> None:
    """Until the first ``count`` kernel charts draw ``want`` as their review row."""
    page.wait_for_function(f"([want, count]) => [...Array(count).keys()].every((i) => JSON.stringify(({REVIEW_ROW})(i)) === JSON.stringify(want))",
                           arg=[want, count], timeout=30_000)


def run_all(page) -> None:
    """The Run menu's Run All Cells (JupyterLab's and Notebook 7's), again until the first cell is
    queued or run (a Run All that lands before the kernel is ready runs nothing), at most five times."""
    started = "() => /\\[[*0-9]+\\]/.test(document.querySelector('.jp-InputPrompt')?.textContent || '')"
    for attempt in range(1, 6):
        try:  # "Select Kernel", when the app asks (it may ask while the notebook opens)
            page.locator(".jp-Dialog .jp-mod-accept").first.click(timeout=3_000)
        except Exception:
            pass
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        try:
            page.wait_for_function(started, timeout=10_000)
            return
        except Exception:
            if attempt == 5:
                raise


def keys_reach_the_controls(page, view, day: dt.date) -> None:
    """In a notebook host, each of the module's controls takes its own keys, not the notebook's
    shortcuts (ArrowRight is JupyterLab's and Notebook 7's "next heading" in command mode):
    the date slider focused, ArrowRight moves the answer from ``day`` one day on (chinese-calendar's
    dates); the year view's focused day, ArrowRight moves the focus to the next day; a review-day
    field, ArrowUp adds one. Leaves the date at ``day`` + 1 and the review days as they were."""
    after = day + dt.timedelta(days=1)
    view.locator(".cg-date").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("([el, want]) => want.every((d) => el.innerText.includes(d))",
                           arg=[view.locator(".cg-answer").element_handle(), list(china_mobile_dates(after))], timeout=10_000)
    selected = view.locator(".cg-year .cg-selected")
    assert selected.get_attribute("data-day") == after.isoformat()
    selected.focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.day") == (after + dt.timedelta(days=1)).isoformat()
    field = view.locator(".cg-review input").first
    before = int(field.input_value())
    field.focus()
    page.keyboard.press("ArrowUp")
    assert int(field.input_value()) == before + 1
    page.keyboard.press("ArrowDown")
    assert int(field.input_value()) == before
