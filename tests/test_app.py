"""The dashboard's logic without a browser: the plan model, link parameters, the share link,
and the one widget (``app.Dashboard``): its traits follow the plan both ways, a value from the
page is checked and a refused one put back, and its Plotly Gantt (the kernel's chart) has the
days chinese-calendar gives. What the page draws from these is the module's (the browser tests
and the parity tests). Expected dates are hand-checked or chinese-calendar's."""

import datetime as dt
import json

import pytest

from cardguide.app import Dashboard
from cardguide.plan import Plan, date_range, parse_query, share_query
from cardguide.schedule import estimate
from cardguide.workdays import FIRST_YEAR, LAST_YEAR
from conftest import workday_after

TODAY = dt.date(2026, 11, 25)
def board(**kwargs) -> Dashboard:
    return Dashboard(today=TODAY, **kwargs)


def test_link_parameters_are_read_and_bad_ones_noted():
    settings, problems = parse_query("date=2024-09-30&carrier=china-unicom&lang=en&remote=1&review=2,3,4")
    assert settings == {"date": dt.date(2024, 9, 30), "carrier": "china-unicom", "lang": "en",
                        "remote": True, "review": (2, 3, 4)}
    assert problems == []
    settings, problems = parse_query("date=2024-02-30&carrier=%3Cb%3E&lang=fr&remote=2&review=3,2,1")
    assert settings == {}
    assert len(problems) == 5
    assert all(p.message("en") and p.message("zh") for p in problems)


def test_share_link_round_trips():
    est = estimate(dt.date(2024, 9, 30), "china-unicom")
    query = share_query(est, "en")
    assert query == "date=2024-09-30&carrier=china-unicom&lang=en"
    settings, problems = parse_query(query)
    assert (settings["date"], settings["carrier"], settings["lang"]) == (est.submitted, "china-unicom", "en")
    own = estimate(dt.date(2024, 9, 30), est.carrier.with_review_days((2, 3, 4)), remote=True)
    assert parse_query(share_query(own, "zh", own_review_days=True))[0]["review"] == (2, 3, 4)


def test_the_slider_spans_last_year_to_next_inside_the_data():
    """Years relative to the installed data (FIRST_YEAR, LAST_YEAR), worked out from the rule."""
    assert date_range(dt.date(LAST_YEAR - 2, 6, 1)) == (dt.date(LAST_YEAR - 3, 1, 1), dt.date(LAST_YEAR - 1, 12, 31))
    assert date_range(dt.date(LAST_YEAR + 3, 1, 1)) == (dt.date(LAST_YEAR - 1, 1, 1), dt.date(LAST_YEAR, 12, 31))
    # A clock before the data: its first two years.
    assert date_range(dt.date(FIRST_YEAR - 2, 6, 1)) == (dt.date(FIRST_YEAR, 1, 1), dt.date(FIRST_YEAR + 1, 12, 31))


def test_a_linked_date_past_the_data_keeps_the_default_day_and_says_so():
    today = dt.date(LAST_YEAR - 1, 11, 25)
    first, last = dt.date(LAST_YEAR - 2, 1, 1), dt.date(LAST_YEAR, 12, 31)
    for edge in (first, last):  # the slider's own ends are inside it
        plan = Plan(today=today)
        plan.apply(*parse_query(f"date={edge.isoformat()}"))
        assert plan.submitted == edge and plan.problems == []
    plan = Plan(today=today)
    plan.apply(*parse_query(f"date={LAST_YEAR + 1}-06-01"))
    assert (plan.submitted, plan.first_day, plan.last_day) == (today, first, last)
    assert [p.message("en") for p in plan.problems] == [
        f"Date {LAST_YEAR + 1}-06-01 is outside the slider ({first} to {last}); showing {today}"]
    late = Plan(today=dt.date(LAST_YEAR + 2, 3, 1))  # the clock past the data: the last covered day
    late.apply(*parse_query(f"date={LAST_YEAR + 1}-06-01"))
    assert late.submitted == dt.date(LAST_YEAR, 12, 31)
    assert late.problems[-1].message("en").endswith(f"showing {LAST_YEAR}-12-31")


def test_a_plan_starts_on_today_or_its_linked_day_and_notes_only_a_linked_one_outside():
    today = dt.date(LAST_YEAR - 1, 11, 25)
    plan = Plan(today=today, carrier="nobody", remote=1, review=(2, 3, 4))
    assert (plan.submitted, plan.carrier_id, plan.remote, plan.problems) == (today, "china-mobile", True, [])
    assert plan.own_review_days == {"china-mobile": (2, 3, 4)} and plan.estimate.carrier.review_days == (2, 3, 4)
    linked = Plan(today=today, submitted=dt.date(LAST_YEAR + 1, 3, 1))
    assert linked.submitted == today and [p.message("en") for p in linked.problems] == [
        f"Date {LAST_YEAR + 1}-03-01 is outside the slider ({LAST_YEAR - 2}-01-01 to {LAST_YEAR}-12-31); showing {today}"]
    past = Plan(today=dt.date(LAST_YEAR + 1, 2, 1))  # the clock past the data: its last day, a note, no "outside"
    assert past.submitted == dt.date(LAST_YEAR, 12, 31) and past.problems == []
    assert past.today_note is not None and f"({LAST_YEAR + 1}-02-01)" in past.today_note.message("en")
    assert Plan(today=today).today_note is None


def test_a_new_today_moves_the_default_day_but_not_a_chosen_one():
    start = dt.date(LAST_YEAR - 1, 11, 25)
    plan = Plan(today=start)
    plan.today = start + dt.timedelta(days=1)  # Beijing's midnight passed: the default follows
    assert plan.submitted == start + dt.timedelta(days=1)
    chosen = Plan(today=start)
    chosen.submitted = dt.date(LAST_YEAR - 1, 3, 2)
    chosen.today = start + dt.timedelta(days=1)
    assert chosen.submitted == dt.date(LAST_YEAR - 1, 3, 2)
    far = Plan(today=start, submitted=dt.date(LAST_YEAR - 2, 1, 5))  # chosen, then outside the new span
    far.today = dt.date(LAST_YEAR, 6, 1)
    assert (far.first_day, far.submitted) == (dt.date(LAST_YEAR - 2, 1, 1), dt.date(LAST_YEAR - 2, 1, 5))
    gone = Plan(today=start, submitted=dt.date(LAST_YEAR - 2, 1, 5))
    gone.today = dt.date(LAST_YEAR + 2, 1, 1)  # the span is now the data's last two years
    assert (gone.first_day, gone.submitted) == (dt.date(LAST_YEAR - 2, 1, 1), dt.date(LAST_YEAR - 2, 1, 5))
    assert gone.today_note is not None
    late = Plan(today=start)
    late.today = dt.date(LAST_YEAR + 2, 1, 1)
    assert late.submitted == dt.date(LAST_YEAR, 12, 31) and late.today_note is not None


def test_the_coverage_note_speaks_only_outside_the_data():
    from cardguide.plan import coverage_note

    assert coverage_note(dt.date(FIRST_YEAR, 1, 1)) is None and coverage_note(dt.date(LAST_YEAR, 12, 31)) is None
    note = coverage_note(dt.date(LAST_YEAR + 3, 1, 1)).message("en")
    assert note.startswith(f"The holiday data covers {FIRST_YEAR} to {LAST_YEAR} only, and today ({LAST_YEAR + 3}-01-01)")
    assert f"the nearest covered day, {LAST_YEAR}-12-31, not today" in note
    assert coverage_note(dt.date(FIRST_YEAR - 1, 12, 31)) is not None


def test_the_deadline_answer_in_words_and_moving_without_one():
    from cardguide.deadline import latest_submission
    from cardguide.errors import CardguideError
    from cardguide.texts import deadline_html

    plan = Plan(today=TODAY)
    with pytest.raises(CardguideError) as error:
        plan.submit_by_deadline()
    assert (error.value.message("en"), error.value.message("zh")) == ("Choose a deadline first", "请先选一个截止日期")
    answer = deadline_html(latest_submission(dt.date(2026, 10, 12), "china-mobile"), "en")
    assert answer == ('<p class="cg-deadline-answer">To be done by Mon, Oct 12, 2026 with China Mobile: submit by '
                      "<b>Thu, Oct 8</b> in the typical case, and by <b>Wed, Sep 30</b> to be safe (worst case).</p>")
    assert "Choose a deadline first" in deadline_html(CardguideError.of("no_deadline"), "en")
    assert deadline_html(None, "en") == ""


def test_own_review_days_are_kept_per_carrier_and_a_day_is_chosen_as_a_date_or_text():
    from cardguide.errors import CardguideError

    plan = Plan(today=TODAY)
    plan.set_review_days("2,3,4")
    plan.carrier_id = "china-unicom"
    plan.set_review_days("3,4,5")
    assert plan.own_review_days == {"china-mobile": (2, 3, 4), "china-unicom": (3, 4, 5)}
    plan.set_review_days("1,2,3")  # the profile's own values: none of the viewer's own for it
    assert plan.own_review_days == {"china-mobile": (2, 3, 4)}
    plan.choose_day(dt.date(2026, 3, 2))
    assert plan.submitted == dt.date(2026, 3, 2)
    plan.choose_day("2026-03-03")
    assert plan.submitted == dt.date(2026, 3, 3)
    for bad in ("2026-3-3", "2026-02-30", "<b>"):  # the year view's text is untrusted
        with pytest.raises(CardguideError):
            plan.choose_day(bad)
    assert plan.submitted == dt.date(2026, 3, 3)
    from cardguide.schedule import parse_date

    for bad in (None, 20260303):  # not text at all: the same clear error
        with pytest.raises(CardguideError) as error:
            parse_date(bad)
        assert "不是有效日期" in error.value.message("zh")


def test_blank_and_too_many_link_parameters():
    settings, problems = parse_query("date=&carrier=")
    assert settings == {} and len(problems) == 2  # blank values are values, and wrong
    twenty = "date=2024-09-30&" + "&".join(f"x{n}=1" for n in range(19))
    assert parse_query(twenty) == ({"date": dt.date(2024, 9, 30)}, [])
    settings, problems = parse_query(twenty + "&x19=1")
    assert settings == {} and [p.message("en") for p in problems] == [
        "The link's parameters could not be read and were ignored"]
    assert parse_query("") == parse_query(None) == ({}, [])


def test_the_plan_needs_no_widget():
    plan = Plan(today=TODAY, submitted=dt.date(2024, 9, 30))
    assert plan.estimate.worst.completion == dt.date(2024, 10, 11)
    plan.carrier_id = "mvno"
    assert plan.estimate.carrier.id == "mvno" and plan.estimate.worst.completion == dt.date(2024, 10, 14)
    with pytest.raises(Exception, match="超出滑块范围"):
        plan.submitted = dt.date(2020, 1, 1)
    with pytest.raises(Exception, match="Unknown carrier"):
        plan.carrier_id = "nobody"
    assert plan.submitted == dt.date(2024, 9, 30) and plan.carrier_id == "mvno"


def test_displaying_the_dashboard_twice_shows_one_model():
    app = board()

    def view():
        bundle = app._repr_mimebundle_()
        return (bundle[0] if isinstance(bundle, tuple) else bundle)["application/vnd.jupyter.widget-view+json"]["model_id"]

    assert view() == view() == app.model_id


def test_beijing_today_is_utc_plus_8():
    from cardguide.workdays import beijing_today

    # 2026-11-24 20:00 in UTC-12 is 2026-11-25 08:00 UTC, 16:00 in Beijing.
    tz = dt.timezone(dt.timedelta(hours=-12))
    assert beijing_today(dt.datetime(2026, 11, 24, 20, 0, tzinfo=tz)) == dt.date(2026, 11, 25)
    # 23:30 UTC on the 24th is already 07:30 on the 25th in Beijing.
    assert beijing_today(dt.datetime(2026, 11, 24, 23, 30, tzinfo=dt.timezone.utc)) == dt.date(2026, 11, 25)


def test_a_plan_uses_its_own_profiles_and_keeps_days_on_the_sliders_ends():
    from cardguide.carriers import Carrier

    today = dt.date(LAST_YEAR - 1, 11, 25)
    mine = {"fast-co": Carrier(id="fast-co", review_days=(1, 1, 1))}
    plan = Plan(today=today, profiles=mine)
    assert (plan.carrier_id, plan.estimate.carrier.review_days) == ("fast-co", (1, 1, 1))
    first, last = dt.date(LAST_YEAR - 2, 1, 1), dt.date(LAST_YEAR, 12, 31)
    for edge in (first, last):  # linked on the slider's first or last day: taken as is, then kept
        plan = Plan(today=today, submitted=edge)
        assert (plan.submitted, plan.problems) == (edge, [])
        plan.today = today + dt.timedelta(days=1)
        assert (plan.first_day, plan.last_day, plan.submitted) == (first, last, edge)


# ---- the one widget ----------------------------------------------------------------------

DAY_MS = 86_400_000
REVIEW, CONFIRM = 1, 2  # the range trace's carrier rows after the first handling


def bar_days(figure: dict, trace: int, row: int) -> set[dt.date]:
    """Every day the Plotly Gantt's bars cover on one row of one trace (bars are runs of days)."""
    data = figure["data"][trace]
    label = [y for i, y in enumerate(dict.fromkeys(data["y"]))][row]
    days = set()
    for y, base, length in zip(data["y"], data["base"], data["x"]):
        if y == label:
            start = dt.date.fromisoformat(base)
            days |= {start + dt.timedelta(days=n) for n in range(length // DAY_MS)}
    return days


def expected_rows(day: dt.date, best: int, worst: int) -> tuple[set, set]:
    """The review and confirmation rows' days by chinese-calendar: review on working days 1..worst
    after the first handling day, confirmation the day after each review's end."""
    review = {workday_after(day, n) for n in range(1, worst + 1)}
    confirm = {workday_after(day, n + 1) for n in range(best, worst + 1)}
    return review, confirm


def test_the_widget_carries_the_choice_and_the_kernels_gantt_for_it():
    """2024-09-30, China Unicom (1/2/3 days): National Day 10-01..07, so review runs from 10-08."""
    app = board(submitted=dt.date(2024, 9, 30), carrier="china-unicom", lang="en")
    assert (app.date, app.carrier, app.lang, app.remote, app.review, app.deadline, app.holder) == (
        "2024-09-30", "china-unicom", "en", False, {}, "", "personal")
    assert (app.today, app.first, app.last) == ("2026-11-25", "2024-01-01", "2027-12-31")  # widened to the linked year
    review, confirm = expected_rows(dt.date(2024, 9, 30), 1, 3)
    assert min(review) == dt.date(2024, 10, 8)
    assert bar_days(app.figure, 1, REVIEW) == review and bar_days(app.figure, 1, CONFIRM) == confirm
    assert app.figure["key"] == "2024-09-30|china-unicom|0|1,2,3|en"
    assert app.bundle["version"] == 2 and set(app.bundle["skeleton"]) == {"zh", "en"}
    assert app._esm.endswith("export {\n  host_default as default\n};\n") and ".cg-reader" in app._css


def test_python_drives_the_page_and_reads_it_back():
    app = board()
    app.date = dt.date(2024, 9, 30)  # outside the slider (2025-2027): widened, as a link would
    assert app.plan.submitted == dt.date(2024, 9, 30) and (app.date, app.first) == ("2024-09-30", "2024-01-01")
    assert app.plan.estimate.worst.completion == workday_after(dt.date(2024, 9, 30), 4) == dt.date(2024, 10, 11)
    app.plan.carrier_id = "mvno"  # the plan's own change reaches the traits and the chart
    assert app.carrier == "mvno" and app.figure["key"].startswith("2024-09-30|mvno|")
    app.review = {"mvno": [2, 3, 5]}
    assert app.plan.carrier.review_days == (2, 3, 5) and app.figure["key"].endswith("|2,3,5|zh")
    assert bar_days(app.figure, 1, REVIEW) == expected_rows(dt.date(2024, 9, 30), 2, 5)[0]
    app.remote = True  # 2024-09-30 with forwarding: done 10-31 at worst (hand-checked in test_schedule)
    app.review = {}
    app.carrier = "china-mobile"
    assert app.plan.estimate.worst.completion == dt.date(2024, 10, 31)
    app.remote = False
    app.deadline = "2026-12-31"  # done by Thu 12-31: safe day Fri 12-25 (hand-checked in test_deadline)
    assert app.plan.latest.worst == dt.date(2026, 12, 25)
    app.holder = "company"
    app.lang = "en"
    assert (app.plan.holder, app.plan.lang) == ("company", "en")
    assert not any("\u4e00" <= ch <= "\u9fff" for trace in app.figure["data"] for ch in trace["name"])


@pytest.mark.parametrize("name, hostile", [
    ("date", "1900-01-01"), ("date", "2024-02-30"), ("date", 5), ("date", None), ("date", "<script>"),
    ("carrier", "<script>"), ("carrier", {}), ("remote", "1"), ("review", "x"), ("review", {"china-mobile": "9,9"}),
    ("review", {"nobody": [1, 2, 3]}), ("review", {"china-mobile": [3, 2, 1]}), ("deadline", "2026-13-01"),
    ("deadline", 7), ("lang", "fr"), ("lang", None), ("holder", "<b>"), ("holder", 3),
])
def test_a_value_from_the_page_is_checked_and_a_refused_one_put_back(name, hostile):
    """As the widget protocol delivers it (``set_state``, under ipywidgets' property lock): the plan
    keeps its value, and the page is sent it back in an update (it differs from what came in)."""
    app = board(submitted=dt.date(2026, 9, 29))
    before = (app.plan.submitted, app.plan.carrier_id, app.plan.remote, app.plan.own_review_days, app.plan.deadline,
              app.plan.lang, app.plan.holder)
    own = getattr(app, name)
    sent = []
    app._send = lambda msg, buffers=None: sent.append(msg)
    app.set_state({name: hostile})
    assert (app.plan.submitted, app.plan.carrier_id, app.plan.remote, app.plan.own_review_days, app.plan.deadline,
            app.plan.lang, app.plan.holder) == before
    assert getattr(app, name) == own
    updates = [m["state"] for m in sent if m["method"] == "update"]
    assert updates and updates[-1][name] == own


def test_a_good_value_from_the_page_moves_the_plan_and_the_chart():
    app = board(submitted=dt.date(2026, 9, 29))
    sent = []
    app._send = lambda msg, buffers=None: sent.append(msg)
    app.set_state({"date": "2026-09-30", "carrier": "china-telecom"})
    assert (app.plan.submitted, app.plan.carrier_id) == (dt.date(2026, 9, 30), "china-telecom")
    review, _ = expected_rows(dt.date(2026, 9, 30), 1, 3)
    assert bar_days(app.figure, 1, REVIEW) == review and min(review) == dt.date(2026, 10, 8)
    figures = [m["state"]["figure"] for m in sent if m["method"] == "update" and "figure" in m["state"]]
    assert figures and figures[-1]["key"] == "2026-09-30|china-telecom|0|1,2,3|zh"


def test_the_page_pings_and_asks_for_plotly():
    from cardguide.app import PLOTLY_JS

    app = board()
    sent = []
    app.send = lambda content, buffers=None: sent.append(content)
    app._handle_custom_msg({"ping": True}, [])
    assert sent == [{"pong": True}]
    assert app._plotly_js == ""  # not sent with the state: only when a page asks
    for junk in ("x", None, [1], {"need": "nothing"}):
        app._handle_custom_msg(junk, [])
    assert app._plotly_js == ""
    app._handle_custom_msg({"need": "plotly"}, [])
    assert app._plotly_js == PLOTLY_JS.read_text("utf-8") and app._plotly_js.startswith("/**\n* plotly.js (basic - minified)")


def test_the_viewers_link_is_applied_when_their_request_arrives(monkeypatch):
    app = board()
    monkeypatch.setenv("CARDGUIDE_TODAY", "2026-11-26")
    monkeypatch.setenv("QUERY_STRING", "date=2024-09-30&carrier=mvno&lang=en&by=2024-13-01")
    app.follow_link()
    assert (app.today, app.date, app.carrier, app.lang) == ("2026-11-26", "2024-09-30", "mvno", "en")
    assert [p["en"] for p in app.problems] == ['"2024-13-01" is not a valid date; use YYYY-MM-DD, e.g. 2024-09-30']
    monkeypatch.setenv("QUERY_STRING", "")
    fresh = board()
    fresh.follow_link()
    assert (fresh.today, fresh.date, fresh.problems) == ("2026-11-26", "2026-11-26", [])  # the default day follows today


@pytest.mark.parametrize("years_past", [1, 2])
def test_past_the_holiday_data_the_widget_shows_its_last_covered_day(years_past):
    """With the clock past the installed data (its last year read from the data): the last covered
    day, and the chart for it; the module says why from ``today`` (its coverage note)."""
    today = dt.date(LAST_YEAR + years_past, 1, 2)
    app = Dashboard(today=today)
    last = dt.date(LAST_YEAR, 12, 31)
    assert (app.today, app.first, app.last, app.date) == (today.isoformat(), f"{LAST_YEAR - 1}-01-01", last.isoformat(), last.isoformat())
    assert app.figure["key"].startswith(last.isoformat()) and app.plan.today_note is not None
