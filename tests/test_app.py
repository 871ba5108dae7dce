"""The dashboard's logic without a browser: link parameters, the share link, the user's own
review days, the remote option, the heatmap click and the language switch.
Expected dates are the hand-checked ones of test_schedule."""

import datetime as dt
from types import SimpleNamespace

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
    assert "【假设】" in app.notes.value
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
    assert app._year_key[2] is True


def test_heatmap_click_and_date_picker_move_the_slider():
    app = board(submitted=dt.date(2026, 9, 29))
    first = app._heatmap
    app._on_heatmap_click(None, SimpleNamespace(xs=[6], ys=[1]), None)  # week 6, Tuesday
    assert app.date.value == dt.date(2026, 2, 10) and app.picker.value == dt.date(2026, 2, 10)
    assert app._heatmap is first  # same year and carrier: only the mark moved
    assert (app._heatmap.data[1].x, app._heatmap.data[1].y) == ((6,), (1,))
    app.picker.value = dt.date(2025, 5, 6)
    assert app.date.value == dt.date(2025, 5, 6) and app._heatmap is not first  # another year
    app._on_heatmap_click(None, SimpleNamespace(xs=[0], ys=[0]), None)  # padding before 2025-01-01
    assert app.date.value == dt.date(2025, 5, 6)


def test_language_switch_changes_every_label():
    app = board(submitted=dt.date(2026, 9, 29))
    app.language.value = "en"
    labels = [app.date.description, app.picker.description, app.carrier.description, app.remote.description,
              app.reset.description, *app.assumptions.titles, *(f.description for f in app.review_fields),
              *(c.description for c in app.checks), *app.precautions.titles, *app.faq.titles,
              app.summary.value, app.notes.value, app.share.value, app.year_heading.value,
              app.html["context"].value, app._heatmap.layout.title.text]
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
