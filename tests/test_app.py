"""The dashboard's logic without a browser: link parameters, the share link, the user's own
review days, the remote option, the heatmap click and the language switch.
Expected dates are the hand-checked ones of test_schedule."""

import datetime as dt

import pytest

from cardguide.app import Dashboard, base_url, date_range, parse_query, share_query
from cardguide.schedule import estimate

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
    assert base_url({"SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8866", "SCRIPT_NAME": "/"}) == "http://127.0.0.1:8866/"
    assert base_url({}) == ""


def test_a_linked_date_widens_the_slider():
    assert date_range(TODAY) == (dt.date(2025, 1, 1), dt.date(2027, 12, 31))
    assert date_range(TODAY, dt.date(2024, 9, 30)) == (dt.date(2024, 1, 1), dt.date(2027, 12, 31))
    app = board(submitted=dt.date(2024, 9, 30), carrier="china-unicom", lang="en")
    assert app.date.value == dt.date(2024, 9, 30) and app.carrier.value == "china-unicom"
    assert "Wed, Oct 9, 2024" in app.summary.value and "Fri, Oct 11, 2024" in app.summary.value
    assert "date=2024-09-30&amp;carrier=china-unicom&amp;lang=en" in app.share.value
    app = board(submitted=dt.date(1999, 1, 1))
    assert app.date.value == TODAY and "超出滑块范围" in app.problems_note.value


def test_own_review_days_validate_redraw_and_reset():
    app = board(submitted=dt.date(2024, 9, 30))
    best, typical, worst = app.review_fields
    worst.value = "5"  # 2024-09-30 with review 5: the 7th working day after 09-30 is 10-15
    assert "2024年10月15日" in app.summary.value
    assert "你自己的假设" in app.assumption_status.value and "review=1,2,5" in app.share.value
    assert "依据：你自己的假设。中国移动原设定为 1/2/3。" in app.notes.value
    for bad, message in (("x", "“x” 不是整数"), ("-1", "“-1” 不是整数"), ("0", "1 ≤ 最快"),
                         ("99", "≤ 30"), ("", "“空” 不是整数"), ("2.5", "“2.5” 不是整数")):
        worst.value = bad
        assert message in app.assumption_status.value, bad
        assert "2024年10月15日" in app.summary.value  # the last good plan stays
    best.value = "4"  # best 4 > typical 2 (worst field still bad): a note, nothing redrawn
    assert "cg-warn" in app.assumption_status.value
    app.reset.click()
    assert [f.value for f in app.review_fields] == ["1", "2", "3"]
    assert "2024年10月11日" in app.summary.value and app.own_review_days == {}
    assert app.status.value == ""


def test_own_review_days_belong_to_their_carrier():
    app = board(submitted=dt.date(2024, 9, 30))
    app.review_fields[2].value = "4"
    app.carrier.value = "mvno"
    assert [f.value for f in app.review_fields] == ["2", "3", "5"]
    app.carrier.value = "china-mobile"
    assert [f.value for f in app.review_fields] == ["1", "2", "4"]


def test_remote_option_adds_the_forwarding_stage_with_its_source():
    app = board(submitted=dt.date(2024, 9, 30))
    app.remote.value = True
    assert "2024年10月31日" in app.summary.value  # hand-checked in test_schedule
    assert "2019-01-03" in app.notes.value and "remote=1" in app.share.value
    assert app._year_key[2] is True and "Forwarded" not in app.year_view.spec["title"]


def test_heatmap_click_and_date_picker_move_the_slider():
    app = board(submitted=dt.date(2026, 9, 29))
    spec = app.year_view.spec
    assert app.year_view.selected == "2026-09-29"
    app.year_view._handle(app.year_view, {"day": "2026-02-10"}, [])  # as the browser sends it
    assert app.date.value == dt.date(2026, 2, 10) and app.picker.value == dt.date(2026, 2, 10)
    assert app.year_view.spec is spec and app.year_view.selected == "2026-02-10"  # same year: mark only
    app.picker.value = dt.date(2025, 5, 6)
    assert app.date.value == dt.date(2025, 5, 6) and app.year_view.spec["title"].startswith("2025")
    for hostile in ({"day": "2024-02-30"}, {"day": "1900-01-01"}, {"day": 5}, "x", {"day": "<script>"}):
        app.year_view._handle(app.year_view, hostile, [])  # untrusted widget messages
        assert app.date.value == dt.date(2025, 5, 6)
    assert "cg-warn" in app.status.value and "Traceback" not in app.status.value


def test_a_link_is_applied_once_after_a_preheated_build():
    app = board()
    assert app.date.value == TODAY
    settings, problems = parse_query("date=2024-09-30&carrier=china-unicom&lang=en&remote=1&review=2,3,4&x=1")
    app.apply_link(settings, problems)
    assert (app.date.value, app.carrier.value, app.lang, app.remote.value) == (
        dt.date(2024, 9, 30), "china-unicom", "en", True)
    assert app.days[0] == dt.date(2024, 1, 1) and app.picker.min == dt.date(2024, 1, 1)
    assert [f.value for f in app.review_fields] == ["2", "3", "4"]
    assert "China Unicom" in app.summary.value and "review=2,3,4" in app.share.value
    assert app.year_view.spec["title"].startswith("Submitting any day of 2024")
    app = board()
    app.apply_link(*parse_query("date=2024-13-01&lang=xx"))
    assert app.date.value == TODAY and "不是有效日期" in app.problems_note.value


def test_language_switch_changes_every_label():
    app = board(submitted=dt.date(2026, 9, 29))
    app.language.value = "en"
    labels = [app.date.description, app.picker.description, app.carrier.description, app.remote.description,
              app.reset.description, *app.assumptions.titles, *(f.description for f in app.review_fields),
              *(c.description for c in app.checks), *app.precautions.titles, *app.faq.titles,
              app.summary.value, app.notes.value, app.share.value, app.year_heading.value,
              app.html["context"].value, app.year_view.spec["title"], app.year_view.spec["subtitle"]]
    for label in labels:
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in label.replace("(一证通查)", "")), label
    assert app.date.value == dt.date(2026, 9, 29) and dict(app.date.options)["2026-09-29 Tue"]
    assert "lang=en" in app.share.value


@pytest.mark.parametrize("day", [dt.date(2026, 9, 29), dt.date(2027, 12, 31)])
def test_downloads_embed_the_plan(day):
    import base64
    import re

    import icalendar

    app = board(submitted=day)
    encoded = re.search(r'href="data:text/calendar;charset=utf-8;base64,([^"]+)"', app.downloads.value).group(1)
    cal = icalendar.Calendar.from_ical(base64.b64decode(encoded))
    assert [e.decoded("dtstart") for e in cal.walk("VEVENT")][0] == day
