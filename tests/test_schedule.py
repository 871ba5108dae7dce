"""The estimator against schedules worked out by hand on a paper calendar.

Each case lists the working days after day 1 as read off the State Council notices, so a
reader can re-check it: day 1, review r working days, completion = the next working day,
follow-up = the working day after the worst (r = 3) completion.
"""

import calendar as stdlib_calendar
import datetime as dt

import pytest

import cardguide
from cardguide import Carrier, estimate
from cardguide.workdays import LAST_YEAR

D = dt.date
R123 = Carrier(id="hand-check", review_days=(1, 2, 3))

# submitted -> (completion for r=1, r=2, r=3, follow-up)
HAND_CHECKED = {
    # 2024 National Day: off 10-01..07; make-up Sun 09-29 and Sat 10-12.
    # After Fri 09-27 the working days are 09-29, 09-30, 10-08, 10-09, 10-10.
    D(2024, 9, 27): (D(2024, 9, 30), D(2024, 10, 8), D(2024, 10, 9), D(2024, 10, 10)),
    # After Mon 09-30: 10-08, 10-09, 10-10, 10-11, then make-up Sat 10-12.
    D(2024, 9, 30): (D(2024, 10, 9), D(2024, 10, 10), D(2024, 10, 11), D(2024, 10, 12)),
    # Weekend submission onto a make-up day: Sat 09-28 -> day 1 is make-up Sun 09-29.
    D(2024, 9, 28): (D(2024, 10, 8), D(2024, 10, 9), D(2024, 10, 10), D(2024, 10, 11)),
    # Plain weekend: Sat 2024-11-16 -> day 1 Mon 11-18.
    D(2024, 11, 16): (D(2024, 11, 20), D(2024, 11, 21), D(2024, 11, 22), D(2024, 11, 25)),
    # 2025 Spring Festival: off 01-28..02-04; make-up Sun 01-26 and Sat 02-08.
    # After Fri 01-24: 01-26, 01-27, 02-05, 02-06, 02-07.
    D(2025, 1, 24): (D(2025, 1, 27), D(2025, 2, 5), D(2025, 2, 6), D(2025, 2, 7)),
    # After Mon 01-27: 02-05, 02-06, 02-07, make-up Sat 02-08, then Mon 02-10.
    D(2025, 1, 27): (D(2025, 2, 6), D(2025, 2, 7), D(2025, 2, 8), D(2025, 2, 10)),
    # 2026 Spring Festival: off 02-15..23; make-up Sat 02-14 and Sat 02-28.
    # After Fri 02-13: 02-14, 02-24, 02-25, 02-26, 02-27.
    D(2026, 2, 13): (D(2026, 2, 24), D(2026, 2, 25), D(2026, 2, 26), D(2026, 2, 27)),
    # Submitted on New Year's Eve (a holiday) -> day 1 Tue 02-24; then 02-25..27, Sat 02-28, Mon 03-02.
    D(2026, 2, 16): (D(2026, 2, 26), D(2026, 2, 27), D(2026, 2, 28), D(2026, 3, 2)),
    # 2026 Mid-Autumn Fri 09-25 off, National Day off 10-01..07; make-up Sun 09-20, Sat 10-10.
    # After Thu 09-24: 09-28, 09-29, 09-30, 10-08, 10-09.
    D(2026, 9, 24): (D(2026, 9, 29), D(2026, 9, 30), D(2026, 10, 8), D(2026, 10, 9)),
    # After Wed 09-30: 10-08, 10-09, make-up Sat 10-10, Mon 10-12, Tue 10-13.
    D(2026, 9, 30): (D(2026, 10, 9), D(2026, 10, 10), D(2026, 10, 12), D(2026, 10, 13)),
    # Sat 09-19 -> day 1 is make-up Sun 09-20; then 09-21..24, and 09-28 after Mid-Autumn.
    D(2026, 9, 19): (D(2026, 9, 22), D(2026, 9, 23), D(2026, 9, 24), D(2026, 9, 28)),
}


@pytest.mark.parametrize("submitted", sorted(HAND_CHECKED), ids=str)
def test_completion_matches_hand_worked_calendar(submitted):
    *completions, follow_up = HAND_CHECKED[submitted]
    est = estimate(submitted, R123)
    assert [s.completion for s in est.scenarios] == completions
    assert est.follow_up == follow_up
    assert est.provisional is False


@pytest.mark.parametrize("submitted", sorted(HAND_CHECKED), ids=str)
def test_profile_ids_give_the_same_answer_as_an_equal_custom_carrier(submitted):
    # china-mobile carries the article's 1/2/3 days; a string id must resolve to it.
    assert estimate(submitted, "china-mobile").worst.completion == HAND_CHECKED[submitted][2]


def test_stages_of_2024_09_27_day_by_day():
    est = estimate(D(2024, 9, 27), R123)
    worst = est.worst
    assert [s.key for s in worst.stages] == ["prepare", "contact", "apply", "initial", "review", "confirm"]
    days = {s.key: s.days for s in worst.stages}
    assert days["prepare"] == days["contact"] == days["apply"] == (D(2024, 9, 27),)
    assert days["initial"] == (D(2024, 9, 27),)
    assert days["review"] == (D(2024, 9, 29), D(2024, 9, 30), D(2024, 10, 8))
    assert days["confirm"] == (D(2024, 10, 9),)
    review = worst.stage("review")
    # The review spans the holiday, but starts and ends on working days, in office hours.
    assert review.start == dt.datetime(2024, 9, 29, 9, 0)
    assert review.end == dt.datetime(2024, 10, 8, 18, 0)
    assert review.label_zh == "运营商审核" and review.label_en == "Carrier review"


def test_carrier_stages_never_claim_a_day_off():
    """Checked against chinese-calendar, an independent calendar, not the estimator's own."""
    import chinese_calendar

    for submitted in HAND_CHECKED:
        for remote in (False, True):
            for scenario in estimate(submitted, "mvno", remote=remote).scenarios:
                for stage in scenario.stages:
                    if stage.actor == "carrier":
                        assert all(chinese_calendar.is_workday(d) for d in stage.days), (submitted, stage)
                        assert chinese_calendar.is_workday(stage.start.date())
                        assert chinese_calendar.is_workday(stage.end.date())
                    assert stage.start < stage.end


def test_completion_is_working_day_three_to_five_as_the_article_says():
    # Counting working days from day 1 on a quiet week (Mon 2024-11-18 .. Fri 11-22).
    est = estimate(D(2024, 11, 18), "china-mobile")
    assert [s.completion for s in est.scenarios] == [D(2024, 11, 20), D(2024, 11, 21), D(2024, 11, 22)]


def _second_wednesday_of_march(year):
    weeks = stdlib_calendar.monthcalendar(year, 3)
    wednesdays = [w[stdlib_calendar.WEDNESDAY] for w in weeks if w[stdlib_calendar.WEDNESDAY]]
    return D(year, 3, wednesdays[1])


def test_a_year_without_a_notice_is_provisional():
    # LAST_YEAR is the year after the last State Council notice in the installed data.
    # Mid-March has no statutory holiday under the rules, so from a Wednesday:
    # r=1 -> Friday, r=2 -> next Monday, r=3 -> Tuesday, follow-up Wednesday.
    wed = _second_wednesday_of_march(LAST_YEAR)
    est = estimate(wed, R123)
    day = dt.timedelta(days=1)
    assert [s.completion for s in est.scenarios] == [wed + 2 * day, wed + 5 * day, wed + 6 * day]
    assert est.follow_up == wed + 7 * day
    assert est.provisional is True and est.provisional_years == (LAST_YEAR,)
    assert cardguide.is_provisional(LAST_YEAR) and not cardguide.is_provisional(2026)


def test_late_december_of_an_official_year_spills_into_a_provisional_one():
    est = estimate(D(LAST_YEAR - 1, 12, 30), "mvno")
    assert est.follow_up.year == LAST_YEAR
    assert est.provisional_years == (LAST_YEAR,)


def test_custom_carrier_with_defaults():
    carrier = Carrier(id="my-carrier", review_days=(2, 4, 6))
    assert carrier.assumption is True and carrier.name("en") == "my-carrier"
    est = estimate(D(2024, 11, 18), carrier)  # Mon; working days Tue.. Fri, Mon.. Wed
    assert [s.completion for s in est.scenarios] == [D(2024, 11, 21), D(2024, 11, 25), D(2024, 11, 27)]


@pytest.mark.parametrize(
    "submitted, carrier, error",
    [
        (D(2000, 12, 31), "china-mobile", cardguide.DateOutOfRange),
        (D(LAST_YEAR + 1, 1, 1), "china-mobile", cardguide.DateOutOfRange),
        (D(2024, 9, 30), "china-mobiel", cardguide.UnknownCarrier),
        (D(2024, 9, 30), "", cardguide.UnknownCarrier),
        ("2024-09-30", "china-mobile", cardguide.InvalidDate),
        (dt.datetime(2024, 9, 30, 12), "china-mobile", cardguide.InvalidDate),
    ],
)
def test_bad_input_is_a_clear_bilingual_error(submitted, carrier, error):
    with pytest.raises(error) as caught:
        estimate(submitted, carrier)
    assert caught.value.message("zh") != caught.value.message("en")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.message("zh"))


@pytest.mark.parametrize("review_days", [(0, 1, 2), (3, 2, 1), (1, 2, -3), (1, 2, 31), (1, 2), (1.0, 2, 3), (True, 2, 3)])
def test_carrier_review_days_are_validated(review_days):
    with pytest.raises(cardguide.ProfileError):
        Carrier(id="x", review_days=review_days)


def test_remote_cancellation_adds_forwarding_by_hand():
    """2024-09-30, outside the home province: forwarding 7/11/15 working days (2019 report)
    from 10-08 (National Day 10-01..07; Saturday 10-12 is a make-up working day)."""
    est = estimate(dt.date(2024, 9, 30), "china-mobile", remote=True)
    assert est.remote
    assert [s.forwarding_days for s in est.scenarios] == [7, 11, 15]
    forward = est.best.stage("forward")
    assert forward.days == tuple(dt.date(2024, 10, d) for d in (8, 9, 10, 11, 12, 14, 15))
    assert est.best.stage("review").days == (dt.date(2024, 10, 16),)
    assert [s.completion for s in est.scenarios] == [dt.date(2024, 10, 17), dt.date(2024, 10, 24),
                                                       dt.date(2024, 10, 31)]
    assert est.follow_up == dt.date(2024, 11, 1)
    assert [s.key for s in est.worst.stages][3:] == ["initial", "forward", "review", "confirm"]
    plain = estimate(dt.date(2024, 9, 30), "china-mobile")
    assert "forward" not in [s.key for s in plain.best.stages] and not plain.remote


def test_a_submission_date_is_checked_with_the_whole_message_and_the_first_year_allowed():
    from cardguide.errors import CardguideError
    from cardguide.workdays import FIRST_YEAR

    def messages(call):
        with pytest.raises(CardguideError) as error:
            call()
        return error.value.message("en"), error.value.message("zh")

    assert messages(lambda: estimate("2026-01-01", "china-mobile")) == (
        "The submission date must be a datetime.date, not str", "提交日期必须是日期（datetime.date），而不是 str")
    before = dt.date(FIRST_YEAR - 1, 12, 31)
    assert messages(lambda: estimate(before, "china-mobile")) == (
        f"Estimates cover submissions from {FIRST_YEAR} to {LAST_YEAR}; {before} is outside",
        f"只能估算 {FIRST_YEAR} 至 {LAST_YEAR} 年提交的申请，{before} 不在范围内")
    assert estimate(dt.date(FIRST_YEAR, 1, 1), "china-mobile").submitted == dt.date(FIRST_YEAR, 1, 1)
