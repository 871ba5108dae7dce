"""The dashboard's logic without a browser: the plan model, link parameters, the share link,
the user's own review days, the remote option, the year view's selection and the language
switch. Expected dates are the hand-checked ones of test_schedule."""

import datetime as dt
import json

import pytest

from cardguide.app import Dashboard
from cardguide.plan import Plan, date_range, parse_query, share_query
from cardguide.schedule import estimate
from cardguide.workdays import FIRST_YEAR, LAST_YEAR

TODAY = dt.date(2026, 11, 25)
CJK = ("\u4e00", "\u9fff")


def board(**kwargs) -> Dashboard:
    return Dashboard(today=TODAY, **kwargs)


def chinese(text: str) -> bool:
    return any(CJK[0] <= ch <= CJK[1] for ch in text)


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


def test_a_linked_date_widens_the_slider():
    assert date_range(TODAY) == (dt.date(2025, 1, 1), dt.date(2027, 12, 31))
    assert date_range(TODAY, dt.date(2024, 9, 30)) == (dt.date(2024, 1, 1), dt.date(2027, 12, 31))
    app = board(submitted=dt.date(2024, 9, 30), carrier="china-unicom", lang="en")
    assert app.controls.date.value == dt.date(2024, 9, 30) and app.controls.carrier.value == "china-unicom"
    assert "Wed, Oct 9, 2024" in app.answer.summary.value and "Fri, Oct 11, 2024" in app.answer.summary.value
    assert app.takeaway.share.query == "date=2024-09-30&carrier=china-unicom&lang=en"
    app = board(submitted=dt.date(1999, 1, 1))
    assert app.controls.date.value == TODAY and "超出滑块范围" in app.header.problems.value


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


def test_an_unknown_linked_carrier_falls_back_to_the_first_one():
    app = board(carrier="no-such-carrier")
    assert app.plan.carrier_id == "china-mobile" and app.controls.carrier.value == "china-mobile"
    assert "中国移动" in app.answer.summary.value


def test_own_review_days_validate_redraw_and_reset():
    app = board(submitted=dt.date(2024, 9, 30))
    best, typical, worst = app.assumptions.fields
    worst.value = "5"  # 2024-09-30 with review 5: the 7th working day after 09-30 is 10-15
    assert "2024年10月15日" in app.answer.summary.value
    assert "你自己的假设" in app.assumptions.status.value and "review=1,2,5" in app.takeaway.share.query
    assert "依据：你自己的假设。中国移动原设定为 1/2/3。" in app.answer.notes.value
    for bad, message in (("x", "“x” 不是整数"), ("-1", "“-1” 不是整数"), ("0", "1 ≤ 最快"),
                         ("99", "≤ 30"), ("", "“空” 不是整数"), ("2.5", "“2.5” 不是整数")):
        worst.value = bad
        assert message in app.assumptions.status.value, bad
        assert "2024年10月15日" in app.answer.summary.value  # the last good plan stays
    best.value = "4"  # best 4 > typical 2 (worst field still bad): a note, nothing redrawn
    assert "cg-warn" in app.assumptions.status.value
    app.assumptions.reset.click()
    assert [f.value for f in app.assumptions.fields] == ["1", "2", "3"]
    assert "2024年10月11日" in app.answer.summary.value and app.plan.own_review_days == {}
    assert app.answer.status.value == ""


def test_own_review_days_belong_to_their_carrier():
    app = board(submitted=dt.date(2024, 9, 30))
    app.assumptions.fields[2].value = "4"
    app.controls.carrier.value = "mvno"
    assert [f.value for f in app.assumptions.fields] == ["2", "3", "5"]
    assert app.plan.own_review_days == {"china-mobile": (1, 2, 4)}  # showing mvno's set nothing
    app.controls.carrier.value = "china-mobile"
    assert [f.value for f in app.assumptions.fields] == ["1", "2", "4"]


def test_remote_option_adds_the_forwarding_stage_everywhere_it_shows():
    app = board(submitted=dt.date(2024, 9, 30))
    plain = app.year.heatmap.spec
    app.controls.remote.value = True
    assert "2024年10月31日" in app.answer.summary.value  # hand-checked in test_schedule
    assert "2019-01-03" in app.answer.notes.value and "remote=1" in app.takeaway.share.query
    # The year view redraws with the option: 09-30 is then done 10-31 at worst, 31 days.
    cells = {c[0]: c for c in app.year.heatmap.spec["cells"]}
    assert app.year.heatmap.spec is not plain and "31 天" in cells["2024-09-30"][3]
    assert "31 天" not in {c[0]: c for c in plain["cells"]}["2024-09-30"][3]


def test_year_view_selection_and_date_picker_move_the_plan():
    app = board(submitted=dt.date(2026, 9, 29))  # before today's month: the day's own twelve months
    spec = app.year.heatmap.spec
    assert spec["title"].startswith("2026年9月至2027年8月") and app.year.heatmap.selected == "2026-09-29"
    app.year.heatmap.selected = "2027-02-10"  # as the browser sets the synced trait on a click
    assert app.controls.date.value == dt.date(2027, 2, 10) and app.controls.picker.value == dt.date(2027, 2, 10)
    assert app.year.heatmap.spec is spec and app.year.heatmap.selected == "2027-02-10"  # in view: mark only
    app.controls.picker.value = dt.date(2025, 5, 6)
    assert app.controls.date.value == dt.date(2025, 5, 6)
    assert app.year.heatmap.spec["title"].startswith("2025年5月至2026年4月")
    for hostile in ("2024-02-30", "1900-01-01", "5", "x", "<script>"):
        app.year.heatmap.selected = hostile  # untrusted values from the page
        assert app.plan.submitted == dt.date(2025, 5, 6) and app.year.heatmap.selected == "2025-05-06"
    assert "cg-warn" in app.answer.status.value and "Traceback" not in app.answer.status.value


def test_a_link_is_applied_at_once_and_drawn_once():
    app = board()
    assert app.controls.date.value == TODAY
    draws = []
    app.plan.observe(lambda change: draws.append(change["new"]), names="estimate")
    settings, problems = parse_query("date=2024-09-30&carrier=china-unicom&lang=en&remote=1&review=2,3,4&x=1")
    app.plan.apply(settings, problems)
    assert len(draws) == 1  # five settings, one new estimate
    assert (app.controls.date.value, app.controls.carrier.value, app.plan.lang, app.controls.remote.value) == (
        dt.date(2024, 9, 30), "china-unicom", "en", True)
    assert app.plan.days[0] == dt.date(2024, 1, 1) and app.controls.picker.min == dt.date(2024, 1, 1)
    assert [f.value for f in app.assumptions.fields] == ["2", "3", "4"]
    assert "China Unicom" in app.answer.summary.value and "review=2,3,4" in app.takeaway.share.query
    assert app.year.heatmap.spec["title"].startswith("Submitting any day from Sep 2024 to Aug 2025")
    app = board()
    app.plan.apply(*parse_query("date=2024-13-01&lang=xx"))
    assert app.controls.date.value == TODAY and "不是有效日期" in app.header.problems.value


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


def test_language_switch_changes_every_label():
    app = board(submitted=dt.date(2026, 9, 29))
    app.header.language.value = "en"
    c, a = app.controls, app.assumptions
    labels = [c.date.description, c.picker.description, c.carrier.description, c.remote.description,
              a.reset.description, a.heading.value, *(f.description for f in a.fields),
              *(box.description for box in app.checklist.checks), app.checklist.status.value,
              app.precautions.list.value, app.faq.list.value, app.header.title.value, app.header.meta.title,
              app.answer.summary.value, app.answer.notes.value, app.answer.table.value, app.answer.table.summary, app.takeaway.share.label,
              app.takeaway.share.hint, app.takeaway.share.copy, app.takeaway.share.copied, app.year.heading.value,
              app.context.widget.value, app.year.heatmap.spec["title"], app.year.heatmap.spec["subtitle"],
              app.year.heatmap.spec["label"], app.year.heatmap.spec["slow_heading"], *app.year.heatmap.spec["slow"],
              *(cell[5] for cell in app.year.heatmap.spec["cells"])]
    for label in labels:
        assert not chinese(label.replace("(一证通查)", "")), label
    assert app.controls.date.value == dt.date(2026, 9, 29) and app.controls.date.label == "2026-09-29 Tue"
    assert "lang=en" in app.takeaway.share.query
    assert app.header.meta.lang == "en" and app.header.meta.title == "How long to cancel a telemarketing SIM card? Submitted Sep 29, 2026, China Mobile"


def test_checklist_counts_the_ticks():
    app = board()
    assert "已完成 0/3 项" in app.checklist.status.value
    app.checklist.checks[0].value = True
    assert "已完成 1/3 项" in app.checklist.status.value and "都准备好了" not in app.checklist.status.value
    for box in app.checklist.checks:
        box.value = True
    assert "已完成 3/3 项" in app.checklist.status.value and "都准备好了" in app.checklist.status.value
    assert app.checklist.checks[0].description.startswith("材料已备齐（身份证件原件及复印件")


def test_summary_lists_the_make_up_working_days():
    """2026-09-30, China Mobile: National Day 10-01..07 off and Saturday 10-10 worked (State
    Council notice of 2025-11-04), so the sentence names both."""
    app = board(submitted=dt.date(2026, 9, 30))
    assert "10月10日（周六）调休上班" in app.answer.summary.value
    app.plan.submitted = dt.date(2026, 6, 1)  # an ordinary week
    assert "调休上班" not in app.answer.summary.value and "没有法定节假日或调休" in app.answer.summary.value


def test_displaying_the_dashboard_twice_shows_one_model():
    app = board()
    assert app._repr_mimebundle_()["application/vnd.jupyter.widget-view+json"]["model_id"] == \
        app._repr_mimebundle_()["application/vnd.jupyter.widget-view+json"]["model_id"] == app.model_id


@pytest.mark.parametrize("day", [dt.date(2026, 9, 29), dt.date(2027, 12, 31)])
def test_downloads_embed_the_plan(day):
    import base64
    import re

    import icalendar

    app = board(submitted=day)
    encoded = re.search(r'href="data:text/calendar;charset=utf-8;base64,([^"]+)"', app.takeaway.downloads.value).group(1)
    cal = icalendar.Calendar.from_ical(base64.b64decode(encoded))
    assert [e.decoded("dtstart") for e in cal.walk("VEVENT")][0] == day


def test_a_deadline_gives_the_latest_days_and_moves_the_plan_to_the_safe_one():
    """Done by Thu 2026-12-31 with China Mobile (1/2/3): no holiday in late December 2026, so
    counting working days back from 12-31 gives typical Mon 12-28 and safe Fri 12-25."""
    from cardguide.deadline import latest_submission

    app = board()
    assert app.deadline.answer.value == "" and app.deadline.move.disabled
    app.deadline.picker.value = dt.date(2026, 12, 31)  # Thursday; no holiday after 12-24
    # Back from 12-31: 12-30, 12-29, 12-28 (Mon), 12-25 (Fri): typical (r=2) 12-28, safe (r=3) 12-25.
    assert "典型情况最晚<b>12月28日（周一）</b>" in app.deadline.answer.value
    assert "最慢情况最晚<b>12月25日（周五）</b>" in app.deadline.answer.value
    assert "by=2026-12-31" in app.takeaway.share.query
    app.deadline.move.click()
    assert app.plan.submitted == dt.date(2026, 12, 25) and app.plan.estimate.worst.completion <= dt.date(2026, 12, 31)
    assert app.year.heatmap.spec["deadline"] == "2026-12-31"
    app.deadline.picker.value = dt.date(2026, 11, 26)  # too close from today, 11-25
    assert "来不及" in app.deadline.answer.value and app.deadline.move.disabled
    app.deadline.move.click()  # a stale click: a note, nothing moves
    assert app.plan.submitted == dt.date(2026, 12, 25)
    app.deadline.clear.click()
    assert app.plan.deadline is None and "by=" not in app.takeaway.share.query
    assert latest_submission(dt.date(2026, 12, 31), "china-mobile").worst == dt.date(2026, 12, 25)


def test_a_link_sets_the_deadline_and_a_bad_one_is_noted():
    app = board()
    app.plan.apply(*parse_query("by=2026-12-31&lang=en"))
    assert app.deadline.picker.value == dt.date(2026, 12, 31) and "Fri, Dec 25" in app.deadline.answer.value
    app = board()
    app.plan.apply(*parse_query("by=2026-02-30"))
    assert app.plan.deadline is None and "不是有效日期" in app.header.problems.value


def test_today_follows_the_viewer_unless_they_chose_a_day():
    app = board()
    app.plan.today = dt.date(2026, 11, 26)  # the request arrives the next day in Beijing
    assert app.plan.submitted == dt.date(2026, 11, 26) and app.year.heatmap.spec["title"].startswith("2026年11月")
    app = board(submitted=dt.date(2026, 10, 8))
    app.plan.today = dt.date(2026, 11, 26)
    assert app.plan.submitted == dt.date(2026, 10, 8)


def test_beijing_today_is_utc_plus_8():
    from cardguide.workdays import beijing_today

    # 2026-11-24 20:00 in UTC-12 is 2026-11-25 08:00 UTC, 16:00 in Beijing.
    tz = dt.timezone(dt.timedelta(hours=-12))
    assert beijing_today(dt.datetime(2026, 11, 24, 20, 0, tzinfo=tz)) == dt.date(2026, 11, 25)
    # 23:30 UTC on the 24th is already 07:30 on the 25th in Beijing.
    assert beijing_today(dt.datetime(2026, 11, 24, 23, 30, tzinfo=dt.timezone.utc)) == dt.date(2026, 11, 25)


@pytest.mark.parametrize("years_past", [1, 2])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_past_the_holiday_data_the_page_draws_its_last_covered_day_and_says_so(years_past, lang):
    """With the clock a year or two past the installed data (its last year read from the
    data, not written here), the page still draws, on the last covered day, and says why."""
    from cardguide.workdays import LAST_YEAR

    today = dt.date(LAST_YEAR + years_past, 1, 2)
    app = Dashboard(today=today, lang=lang)
    last = dt.date(LAST_YEAR, 12, 31)
    assert (app.plan.first_day, app.plan.last_day) == (dt.date(LAST_YEAR - 1, 1, 1), last)
    assert app.plan.submitted == last and app.controls.date.value == last
    assert app.answer.chart.figure["data"] and last.isoformat() in json.dumps(app.answer.chart.figure)
    note = app.header.problems.value
    words = {"zh": [f"{LAST_YEAR} 年", f"今天（{today}）", f"最近的一天 {last}，不是今天", "pip install -U holidays"],
             "en": [f"to {LAST_YEAR} only", f"today ({today})", f"{last}, not today", "pip install -U holidays"]}
    assert all(w in note for w in words[lang]), note
    assert "已改用今天" not in note and "showing today" not in note
    # A link's own covered date still wins; the note stays.
    app.plan.apply(*parse_query(f"date={LAST_YEAR - 1}-03-02"))
    assert app.plan.submitted == dt.date(LAST_YEAR - 1, 3, 2) and words[lang][0] in app.header.problems.value


def test_a_kernel_preheated_inside_the_data_follows_a_viewer_past_it():
    from cardguide.workdays import LAST_YEAR

    app = board()
    app.plan.today = dt.date(LAST_YEAR + 1, 1, 1)
    assert app.plan.submitted == dt.date(LAST_YEAR, 12, 31) and f"{LAST_YEAR} 年" in app.header.problems.value
    app.plan.today = TODAY
    assert app.plan.submitted == TODAY and app.header.problems.value == ""


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
