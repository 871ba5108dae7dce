"""The plan to take away: the .ics parsed back with icalendar, and the CSV read back."""

import csv
import datetime as dt
import io

import icalendar

from cardguide import estimate
from cardguide.export import filename, to_csv, to_ics
from cardguide.workdays import LAST_YEAR

# 2024-09-30, China Mobile (1/2/3): done 10-09 / 10-10 / 10-11, follow up Saturday 10-12
# (a make-up working day): hand-checked in test_schedule.
SUBMITTED = dt.date(2024, 9, 30)


def events(data: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["uid"]).split("-2024")[0]: e for e in cal.walk("VEVENT")}


def test_ics_holds_submission_window_and_follow_up():
    ev = events(to_ics(estimate(SUBMITTED, "china-mobile"), "zh"))
    assert set(ev) == {"submit", "window", "follow-up"}
    assert ev["submit"].decoded("dtstart") == SUBMITTED
    assert ev["window"].decoded("dtstart") == dt.date(2024, 10, 9)
    assert ev["window"].decoded("dtend") == dt.date(2024, 10, 12)  # exclusive end: through 10-11
    assert ev["follow-up"].decoded("dtstart") == dt.date(2024, 10, 12)
    assert "中国移动" in str(ev["window"]["summary"]) and "10086" in str(ev["follow-up"]["description"])
    alarm = ev["follow-up"].walk("VALARM")[0]
    assert alarm.decoded("trigger") == dt.timedelta(hours=9)


def test_ics_in_english_with_remote_note_and_provisional_year():
    ev = events(to_ics(estimate(SUBMITTED, "china-telecom", remote=True), "en"))
    assert str(ev["window"]["summary"]) == "Expected completion: China Telecom"
    assert ev["window"].decoded("dtstart") == dt.date(2024, 10, 17)
    assert ev["window"].decoded("dtend") == dt.date(2024, 11, 1)
    assert "2019-01-03" in str(ev["window"]["description"])
    assert "Assumption (unverified): cancelling outside the home province" in str(ev["window"]["description"])
    # China Unicom cancelled on the spot in 2019: no forwarding stage, and the note says why.
    ev = events(to_ics(estimate(SUBMITTED, "china-unicom", remote=True), "en"))
    assert ev["window"].decoded("dtstart") == dt.date(2024, 10, 9)
    assert "no forwarding stage is added for China Unicom" in str(ev["window"]["description"])
    # The year after the last notice in the installed data is provisional, whichever it is.
    cal = icalendar.Calendar.from_ical(to_ics(estimate(dt.date(LAST_YEAR, 3, 10), "china-mobile"), "en"))
    window = [e for e in cal.walk("VEVENT") if str(e["uid"]).startswith("window")][0]
    assert str(LAST_YEAR) in str(window["description"]) and "not yet published" in str(window["description"])


def test_ics_uids_are_stable_and_distinct():
    a = to_ics(estimate(SUBMITTED, "china-mobile"), "zh", stamp=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    b = to_ics(estimate(SUBMITTED, "china-mobile"), "zh", stamp=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    assert a == b
    uids = [str(e["uid"]) for e in icalendar.Calendar.from_ical(a).walk("VEVENT")]
    assert len(set(uids)) == 3
    # The same three kinds of event for the remote plan, under UIDs of their own: a calendar
    # that imports both keeps both.
    remote = to_ics(estimate(SUBMITTED, "china-mobile", remote=True), "zh")
    assert set(events(a)) == set(events(remote))
    remote_uids = [str(e["uid"]) for e in icalendar.Calendar.from_ical(remote).walk("VEVENT")]
    assert not set(uids) & set(remote_uids)


def test_csv_rows_by_scenario_and_stage():
    rows = list(csv.DictReader(io.StringIO(to_csv(estimate(SUBMITTED, "china-mobile"), "en"))))
    assert len(rows) == 3 * 6
    confirm = [r for r in rows if r["stage"] == "Carrier confirms"]
    assert [(r["scenario"], r["last day"]) for r in confirm] == [
        ("Best", "2024-10-09"), ("Typical", "2024-10-10"), ("Worst", "2024-10-11")]
    review = [r for r in rows if r["stage"] == "Carrier review" and r["scenario"] == "Worst"][0]
    assert review["dates"].split() == ["2024-10-08", "2024-10-09", "2024-10-10"]
    assert review["working days"] == "3" and review["by"] == "carrier"


def test_csv_in_chinese_with_forwarding_stage():
    rows = list(csv.DictReader(io.StringIO(to_csv(estimate(SUBMITTED, "china-mobile", remote=True), "zh"))))
    forward = [r for r in rows if r["阶段"] == "转归属省处理（假设）"]
    assert [int(r["工作日数"]) for r in forward] == [7, 11, 15]
    assert forward[0]["开始日期"] == "2024-10-08" and forward[0]["结束日期"] == "2024-10-15"


def test_filenames_are_ascii():
    assert filename(estimate(SUBMITTED, "mvno", remote=True), "ics") == "cardguide-2024-09-30-mvno-remote.ics"


def test_ics_carries_the_deadline_as_an_all_day_event():
    """Done by Thu 2026-12-31 (China Mobile): safe day Fri 12-25 (test_app)."""
    est = estimate(dt.date(2026, 12, 25), "china-mobile")
    cal = icalendar.Calendar.from_ical(to_ics(est, "en", deadline=dt.date(2026, 12, 31)))
    deadline = [e for e in cal.walk("VEVENT") if str(e["uid"]).startswith("deadline")]
    assert len(deadline) == 1
    assert deadline[0].decoded("dtstart") == dt.date(2026, 12, 31) and deadline[0].decoded("dtend") == dt.date(2027, 1, 1)
    assert "Fri, Dec 25, 2026" in str(deadline[0]["description"])
    assert len(list(icalendar.Calendar.from_ical(to_ics(est, "en")).walk("VEVENT"))) == 3


def test_the_calendar_is_well_formed_and_its_words_whole():
    """RFC 5545: VERSION 2.0, a PRODID, GREGORIAN, a UTC DTSTAMP and a UID on every event;
    all-day events that do not block the viewer's time. China Unicom, Fri 2024-09-27 (done
    Mon 09-30 / Tue 10-08 / Wed 10-09, test_report), then the same far from home."""
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    cal = icalendar.Calendar.from_ical(to_ics(estimate(dt.date(2024, 9, 27), "china-unicom"), "en"))
    assert (str(cal["VERSION"]), str(cal["CALSCALE"])) == ("2.0", "GREGORIAN") and str(cal["PRODID"]).startswith("-//")
    assert str(cal["X-WR-CALNAME"]) == "Telemarketing card cancellation: China Unicom"
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {f"{kind}-2024-09-27-china-unicom@cardguide" for kind in ("submit", "window", "follow-up")}
    for event in events.values():
        stamp = event.decoded("DTSTAMP")
        assert stamp.utcoffset() == dt.timedelta(0) and stamp >= before
        assert str(event["TRANSP"]) == "TRANSPARENT"
    submit = events["submit-2024-09-27-china-unicom@cardguide"]
    assert str(submit["DESCRIPTION"]) == (
        "Before you go: materials ready (ID original and copy, the card, account details such as the service "
        "password); arrears paid (monthly fees and call charges); contacts backed up (the number cannot be "
        "restored once cancelled). Hotline 10010.")
    window = events["window-2024-09-27-china-unicom@cardguide"]
    assert str(window["DESCRIPTION"]).startswith(
        "Expected at best Mon, Sep 30, 2024, typically Tue, Oct 8, 2024, at worst Wed, Oct 9, 2024. "
        "Review taken as 1/2/3 working days")
    assert (window.decoded("DTSTART"), window.decoded("DTEND")) == (dt.date(2024, 9, 30), dt.date(2024, 10, 10))
    mvno = icalendar.Calendar.from_ical(to_ics(estimate(dt.date(2024, 9, 27), "mvno", remote=True), "en"))
    uids = sorted(str(e["UID"]) for e in mvno.walk("VEVENT"))
    assert uids == sorted(f"{kind}-2024-09-27-mvno-remote@cardguide" for kind in ("submit", "window", "follow-up"))
    described = str(next(e for e in mvno.walk("VEVENT") if str(e["UID"]).startswith("submit"))["DESCRIPTION"])
    assert described.endswith("once cancelled).")  # an MVNO has no hotline to name


def test_the_follow_up_and_deadline_events_whole():
    """China Unicom far from home (no forwarding stage for it), Fri 2024-09-27, deadline Thu
    10-31: done at worst Wed 10-09 (test_report); the safe day is five working days before the
    deadline's end, counted back 10-31, 10-30, 10-29, 10-28, Fri 10-25."""
    from cardguide.deadline import latest_submission

    cal = icalendar.Calendar.from_ical(
        to_ics(estimate(dt.date(2024, 9, 27), "china-unicom", remote=True), "en", deadline=dt.date(2024, 10, 31)))
    found = {str(e["UID"]).split("-2024-09-27")[0]: e for e in cal.walk("VEVENT")}
    follow, deadline = found["follow-up"], found["deadline"]
    assert str(follow["SUMMARY"]) == "No answer yet? Follow up with China Unicom"
    assert str(follow["DESCRIPTION"]).startswith(
        "In the worst case it should be done by Wed, Oct 9, 2024; if no confirmation has come, contact the carrier (10010).")
    assert follow.decoded("DTSTART") == dt.date(2024, 10, 10)
    alarm = next(iter(follow.walk("VALARM")))
    assert (str(alarm["ACTION"]), str(alarm["DESCRIPTION"])) == ("DISPLAY", str(follow["SUMMARY"]))
    assert str(deadline["SUMMARY"]) == "Deadline: the card with China Unicom must be cancelled by today"
    assert str(deadline["DESCRIPTION"]) == ("To be safe, submit by Fri, Oct 25, 2024; this plan submits on "
                                            "Fri, Sep 27, 2024, done at worst by Wed, Oct 9, 2024.")
    # An MVNO far from home adds the forwarding stage: the safe day is the remote one.
    mvno = icalendar.Calendar.from_ical(
        to_ics(estimate(dt.date(2024, 9, 27), "mvno", remote=True), "en", deadline=dt.date(2024, 12, 31)))
    safe = latest_submission(dt.date(2024, 12, 31), "mvno", remote=True).worst
    assert safe < latest_submission(dt.date(2024, 12, 31), "mvno").worst
    body = str(next(e for e in mvno.walk("VEVENT") if str(e["UID"]).startswith("deadline"))["DESCRIPTION"])
    assert body.startswith(f"To be safe, submit by {safe:%a}, {safe:%b} {safe.day}, 2024;")
    follow_mvno = str(next(e for e in mvno.walk("VEVENT") if str(e["UID"]).startswith("follow"))["DESCRIPTION"])
    assert follow_mvno.startswith(  # done Thu 10-31 at worst (test_report's table); no hotline to name
        "In the worst case it should be done by Thu, Oct 31, 2024; if no confirmation has come, contact the carrier. "
        "Complain to the carrier first;")


def test_the_window_event_ends_with_its_notes_one_per_line():
    cal = icalendar.Calendar.from_ical(to_ics(estimate(dt.date(LAST_YEAR, 6, 1), "mvno", remote=True), "en"))
    window = str(next(e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("window"))["DESCRIPTION"])
    lines = window.split("\n")
    assert len(lines) == 3 and lines[0].startswith("Expected at best ")
    assert lines[1].startswith("Assumption (unverified): cancelling outside the home province adds a forwarding stage")
    assert lines[2] == (f"Note: the holiday notice for {LAST_YEAR} is not yet published; dates follow the usual "
                        "rules and may change.")


def test_csv_counts_working_days_for_the_carrier_only():
    rows = list(csv.reader(io.StringIO(to_csv(estimate(SUBMITTED, "china-mobile"), "en"))))
    by = {(r[0], r[1]): r for r in rows[1:]}
    assert by[("Best", "Prepare materials")][2:6] == ["you", "2024-09-30", "2024-09-30", "0"]  # the user's own step
    assert by[("Best", "First handling (about 24 h)")][2:6] == ["carrier", "2024-09-30", "2024-09-30", "1"]


def test_two_provisional_years_are_named_in_the_ics_and_the_csv_has_plain_newlines():
    """Submitted 12-29 of the last covered year: the window runs into the next year, and
    neither has a notice in the installed data."""
    est = estimate(dt.date(LAST_YEAR, 12, 29), "china-mobile")
    cal = icalendar.Calendar.from_ical(to_ics(est, "en"))
    described = [str(e["DESCRIPTION"]) for e in cal.walk("VEVENT")]
    note = (f"Note: the holiday notice for {LAST_YEAR} and {LAST_YEAR + 1} is not yet published; "
            "dates follow the usual rules and may change.")
    assert any(note in text.splitlines() for text in described), described
    text = to_csv(estimate(SUBMITTED, "china-mobile"), "en")
    assert "\r" not in text and text.endswith("\n")  # one "\n" a line, as a spreadsheet or `wc -l` expects


def test_the_stamp_is_utc_on_a_server_in_beijing_and_the_deadline_names_the_carrier(monkeypatch):
    """DTSTAMP must be UTC (RFC 5545): a server whose clock is set to Beijing time must not
    write its local time with a "Z" (eight hours off)."""
    import time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        data = to_ics(estimate(SUBMITTED, "china-mobile"), "zh", deadline=dt.date(2024, 10, 31))
        after = dt.datetime.now(dt.timezone.utc)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    cal = icalendar.Calendar.from_ical(data)
    for event in cal.walk("VEVENT"):
        assert before <= event.decoded("DTSTAMP") <= after
    deadline = [e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("deadline-")]
    assert [str(e["SUMMARY"]) for e in deadline] == ["截止日期：电销卡最晚今天须注销完毕（中国移动）"]
